"""Learning problems whose distribution is known, so that population risks are exact.

A problem here gives a sampler for the data generator :math:`\\mathcal D`, the exact population risk
:math:`R(h)` of every hypothesis of its class, the empirical risk :math:`R_S(h)` and learners (exact
empirical risk minimisation, and a deliberately under-optimised one). All methods are vectorised over
many independent samples ``S`` at once: arrays of shape ``(trials, n)``.

References
----------
``shalev2014`` (Shalev-Shwartz, Ben-David), chapters 2-4; ``bottou2008`` for the decomposition of
the excess risk into approximation, estimation and optimization errors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from genbounds._validation import check_int, check_probability, check_real, check_rng, check_sample_size, check_scalar, single_int

__all__ = ["Coin", "ThresholdProblem"]


def _check_rng(rng: object) -> np.random.Generator:
    return check_rng(rng)


def _check_sample(x: object, y: object, unit: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A sample: ``x`` finite (in [0, 1] if ``unit``), shape ``(n,)`` or ``(trials, n)``; ``y`` the same shape, 0/1."""
    x_a = check_real(x, "x", low=0.0 if unit else None, high=1.0 if unit else None)
    if x_a.ndim not in (1, 2) or x_a.shape[-1] < 1 or x_a.size == 0:
        raise ValueError(f"x must have shape (n,) or (trials, n) with n >= 1, got {x_a.shape}")
    y_a = np.asarray(y)
    if y_a.shape != x_a.shape:
        raise ValueError(f"y must have the same shape as x, {x_a.shape}, got {y_a.shape}")
    if y_a.dtype.kind not in "biuf" or not np.isin(y_a, (0, 1)).all():
        raise ValueError("y must hold 0/1 labels")
    return x_a, y_a.astype(np.int8)


@dataclass(frozen=True)
class Coin:
    """A coin with probability ``theta`` of heads: :math:`X \\sim \\text{Bernoulli}(\\theta)`.

    Parameters
    ----------
    theta : float
        Probability of heads, in [0, 1].
    """

    theta: float

    def __post_init__(self) -> None:
        check_probability(self.theta, "theta")

    def sample_means(self, n: int, trials: int, rng: np.random.Generator) -> np.ndarray:
        """``trials`` independent estimates :math:`\\hat\\theta = \\frac1n\\sum_i X_i`, each from ``n`` tosses.

        The number of heads is Binomial(n, theta), drawn directly: no array of tosses is built.
        """
        n_i = single_int(check_sample_size(n, "n"), "n")
        trials_i = single_int(check_sample_size(trials, "trials"), "trials")
        return _check_rng(rng).binomial(n_i, self.theta, size=trials_i) / n_i


@dataclass(frozen=True)
class ThresholdProblem:
    """Noisy labels of an interval on [0, 1], learned with thresholds.

    The generator draws :math:`X \\sim U[0, 1]`; the supervisor labels it
    :math:`f^*(X) = \\mathbb 1[a \\le X \\le b]` and flips the label with probability ``noise``.
    The hypothesis class is the thresholds :math:`h_t(x) = \\mathbb 1[x \\ge t]`, :math:`t \\in [0, 1]`,
    with the 0-1 loss. With ``b = 1`` the target is itself a threshold (no approximation error); with
    ``b < 1`` no threshold can represent it.

    For every :math:`t`, the population risk is exact:
    :math:`R(h_t) = \\nu + (1 - 2\\nu)\\, \\lambda([t, 1] \\,\\triangle\\, [a, b])`, where :math:`\\nu` is
    the noise rate and :math:`\\lambda` the length of the symmetric difference; the Bayes risk is
    :math:`R(f^*) = \\nu`.

    Parameters
    ----------
    a, b : float
        The interval labelled 1, ``0 <= a < b <= 1``.
    noise : float
        Label-flip probability :math:`\\nu \\in [0, 1/2)`.
    """

    a: float = 0.5
    b: float = 1.0
    noise: float = 0.1

    def __post_init__(self) -> None:
        for name in ("a", "b", "noise"):
            check_scalar(getattr(self, name), name)
        if not (0.0 <= self.a < self.b <= 1.0):
            raise ValueError(f"a and b must satisfy 0 <= a < b <= 1, got a={self.a!r}, b={self.b!r}")
        if not (0.0 <= self.noise < 0.5):
            raise ValueError(f"noise must lie in [0, 1/2), got {self.noise!r}")

    # -- the distribution ----------------------------------------------------------------------
    def sample(self, n: int, rng: np.random.Generator, trials: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n`` labelled points (or ``trials`` independent samples of ``n`` points).

        Returns
        -------
        x, y : ndarray
            Shape ``(n,)`` or ``(trials, n)``; ``y`` holds 0/1 integers.
        """
        n_i = check_int(n, "n", 1)
        shape = (n_i,) if trials is None else (check_int(trials, "trials", 1), n_i)
        if int(np.prod(shape)) > 2**27:
            raise ValueError(f"trials * n must be at most 2**27 (1 GiB of draws), got {shape}")
        rng = _check_rng(rng)
        x = rng.random(shape)
        clean = (x >= self.a) & (x <= self.b)
        flip = rng.random(shape) < self.noise
        return x, (clean ^ flip).astype(np.int8)

    @property
    def bayes_risk(self) -> float:
        """:math:`R(f^*) = \\nu`: the risk of the supervisor's own labelling rule."""
        return float(self.noise)

    # -- exact risks ---------------------------------------------------------------------------
    def risk(self, t: float | np.ndarray) -> float | np.ndarray:
        """Exact population risk :math:`R(h_t) = \\nu + (1-2\\nu)\\,\\lambda([t,1] \\triangle [a,b])`."""
        t_a = np.asarray(check_probability(t, "t"))
        overlap = np.clip(self.b - np.maximum(self.a, t_a), 0.0, None)
        symmetric_difference = (1.0 - t_a) + (self.b - self.a) - 2.0 * overlap
        risk = self.noise + (1.0 - 2.0 * self.noise) * symmetric_difference
        return float(risk) if risk.ndim == 0 else risk

    @property
    def best_threshold(self) -> float:
        """:math:`t^*` with :math:`R(h_{t^*}) = \\min_t R(h_t)` (the risk is piecewise linear: a kink wins)."""
        candidates = np.array([0.0, self.a, self.b, 1.0])
        return float(candidates[np.argmin(self.risk(candidates))])

    @property
    def best_risk(self) -> float:
        """:math:`R(h^*) = \\min_{t} R(h_t)`, the best risk in the class."""
        return float(self.risk(self.best_threshold))

    @property
    def approximation_error(self) -> float:
        """:math:`R(h^*) - R(f^*)`."""
        return self.best_risk - self.bayes_risk

    # -- empirical quantities ------------------------------------------------------------------
    @staticmethod
    def empirical_risk(t: float | np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """:math:`R_S(h_t) = \\frac1n \\sum_i \\mathbb 1[h_t(x_i) \\ne y_i]`.

        ``t`` broadcasts against the sample's leading axes: a scalar, one threshold per sample
        (shape ``(trials,)``), or ``(trials, k)`` thresholds per sample.
        """
        x_a, y_a = _check_sample(x, y)
        t_a = check_real(t, "t", allow_inf=True)
        if x_a.ndim == 1:
            pred = x_a >= t_a[..., None]
            return (pred != y_a.astype(bool)).mean(axis=-1)
        if t_a.ndim > 2 or (t_a.ndim >= 1 and t_a.shape[0] not in (1, x_a.shape[0])):
            raise ValueError(f"t must be a scalar, shape ({x_a.shape[0]},) or ({x_a.shape[0]}, k), got {t_a.shape}")
        t_b = t_a.reshape(t_a.shape + (1,) * (2 - t_a.ndim)) if t_a.ndim < 2 else t_a
        # count errors through sorted cumulative sums: O(trials * (n + k) log(n + k)), no (trials, k, n) array
        xs, ones_before = _sort_and_count(x_a, y_a)
        n = xs.shape[1]
        t_b = np.broadcast_to(t_b, (xs.shape[0], t_b.shape[1]))
        k = _rowwise_searchsorted(xs, t_b)  # number of points with x < t
        ones_left = np.take_along_axis(ones_before, k, axis=1)
        zeros_right = (n - k) - (ones_before[:, -1:] - ones_left)
        out = (ones_left + zeros_right) / n
        return out[:, 0] if t_a.ndim < 2 else out

    @staticmethod
    def _cut_errors(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sorted ``x`` and the number of training errors of each cut ``k = 0..n`` (points ``>= k`` get label 1)."""
        x_a, y_a = _check_sample(x, y)
        xs, ones_before = _sort_and_count(np.atleast_2d(x_a), np.atleast_2d(y_a))
        n = xs.shape[1]
        k = np.arange(n + 1)
        errors = ones_before + (n - k) - (ones_before[:, -1:] - ones_before)
        return xs, errors

    def erm(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Exact empirical risk minimisation over all thresholds, for each sample.

        The empirical risk is constant between consecutive sorted points, so only the ``n + 1``
        cuts matter; the returned threshold is the midpoint of the first best cut (ties go to the
        smallest ``t``), so that :math:`h_t` classifies every training point as the cut does.

        Returns
        -------
        t_hat, train_error : ndarray
            Shape ``(trials,)`` (or scalars for a single sample).
        """
        xs, errors = self._cut_errors(x, y)
        n = xs.shape[1]
        k = np.argmin(errors, axis=1)
        padded = np.concatenate([np.zeros((xs.shape[0], 1)), xs, np.ones((xs.shape[0], 1))], axis=1)
        t_hat = 0.5 * (np.take_along_axis(padded, k[:, None], 1) + np.take_along_axis(padded, k[:, None] + 1, 1))[:, 0]
        t_hat[k == 0] = 0.0
        t_hat[k == n] = 1.0
        train = errors[np.arange(xs.shape[0]), k] / n
        if np.ndim(x) == 1:
            return t_hat[0], train[0]
        return t_hat, train

    def random_search(
        self, x: np.ndarray, y: np.ndarray, budget: int, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """An under-optimised learner: the best of ``budget`` thresholds drawn uniformly on [0, 1].

        It stands for a training run stopped early: with a small ``budget`` it rarely reaches the
        empirical risk minimiser, so the optimization error :math:`R(\\hat h) - R(h_S)` is not zero.

        Returns
        -------
        t_hat, train_error : ndarray, shape ``(trials,)``
        """
        x_a, y_a = _check_sample(x, y)
        budget_i = check_int(budget, "budget", 1)
        x2, y2 = np.atleast_2d(x_a), np.atleast_2d(y_a)
        if x2.shape[0] * budget_i > 2**27:
            raise ValueError(f"budget * trials must be at most 2**27, got budget={budget!r}")
        candidates = _check_rng(rng).random((x2.shape[0], budget_i))
        errs = self.empirical_risk(candidates, x2, y2)
        j = np.argmin(errs, axis=1)
        rows = np.arange(x2.shape[0])
        t_hat, train = candidates[rows, j], errs[rows, j]
        if np.ndim(x) == 1:
            return t_hat[0], train[0]
        return t_hat, train

    def sup_deviation(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Exact :math:`\\sup_{t \\in [0,1]} |R(h_t) - R_S(h_t)|` for each sample.

        :math:`R_S` is constant on each interval between consecutive sorted points and :math:`R` is
        piecewise linear with kinks at ``a`` and ``b``, so on each interval the supremum is attained
        at an end point or a kink: ``4 (n + 1)`` evaluations per sample, all vectorised.
        """
        _check_sample(x, y, unit=True)
        xs, errors = self._cut_errors(x, y)
        n = xs.shape[1]
        rows = xs.shape[0]
        lo = np.concatenate([np.zeros((rows, 1)), xs], axis=1)  # interval k is (x_(k-1), x_(k)]
        hi = np.concatenate([xs, np.ones((rows, 1))], axis=1)
        emp = errors / n
        points = np.stack([lo, hi, np.clip(self.a, lo, hi), np.clip(self.b, lo, hi)])
        dev = np.abs(self.risk(points) - emp[None]).max(axis=(0, 2))
        return dev[0] if np.ndim(x) == 1 else dev


def _sort_and_count(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort each row of ``x``; return it with ``ones_before[:, k]`` = number of labels 1 among its first ``k`` points."""
    order = np.argsort(x, axis=1)
    xs = np.take_along_axis(x, order, axis=1)
    ys = np.take_along_axis(y, order, axis=1).astype(np.int64)
    ones_before = np.concatenate([np.zeros((xs.shape[0], 1), np.int64), np.cumsum(ys, axis=1)], axis=1)
    return xs, ones_before


def _rowwise_searchsorted(sorted_rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``np.searchsorted(sorted_rows[i], values[i], side='left')`` for every row ``i``, exactly.

    One stable row-wise sort of ``[values_i, sorted_rows_i]``: a value placed before the points equal to
    it; its position minus its rank among the values is the number of points strictly below it. No
    arithmetic on the values, so a threshold 1e-13 above a point is still above it.
    """
    k = values.shape[1]
    both = np.concatenate([values, sorted_rows], axis=1)
    order = np.argsort(both, axis=1, kind="stable")
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.arange(both.shape[1])[None, :], axis=1)
    value_rank = np.empty((values.shape[0], k), dtype=order.dtype)
    np.put_along_axis(value_rank, np.argsort(values, axis=1, kind="stable"), np.arange(k)[None, :], axis=1)
    return position[:, :k] - value_rank
