"""Ghost-sample estimates of the expected generalization gap, and the supersample of ``steinke2020``.

Both functions treat the learner as a black box given by three callables, so that any chapter's
learner plugs in:

``sample(shape, rng)``
    draws i.i.d. examples from the data generator :math:`\\cD`; returns an array (or a tuple of
    arrays, e.g. ``(x, y)``) whose leading axes are ``shape``: ``(k,)`` for ``k`` examples, or
    ``(trials, k)`` in batched mode.
``fit(data, rng)``
    trains on one sample (or, in batched mode, on a batch of samples stacked along axis 0) and
    returns the model (or the batch of models), in any form ``loss`` understands.
``loss(model, data)``
    per-example losses, an array with the leading shape of ``data`` (``(k,)``, or ``(trials, k)``
    in batched mode, one row per model of the batch).

Batched mode (``batched=True``) hands all samples to ``fit`` at once: use it when the learner is
vectorised over samples (a closed-form estimator, a batched Newton solver, networks trained with
batched matrix products); otherwise the functions loop over trials, never over examples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from genbounds._validation import check_flag, check_int, check_nonnegative, check_real, check_sample_size, single, single_int

__all__ = ["GapEstimate", "Supersample", "expected_gap", "pair_mutual_information", "supersample"]


def _check_rng(rng: object) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    return rng


def _check_callable(f: object, name: str) -> None:
    if not callable(f):
        raise ValueError(f"{name} must be callable, got {type(f).__name__}")


def _leading(data: Any) -> tuple[int, ...]:
    first = data[0] if isinstance(data, tuple) else data
    return np.shape(first)


def _take(data: Any, index: np.ndarray, axis: int) -> Any:
    """``data`` indexed along ``axis`` (every array of a tuple alike)."""
    if isinstance(data, tuple):
        return tuple(_take(d, index, axis) for d in data)
    arr = np.asarray(data)
    if axis == 0:
        return arr[index]
    # batched: index has shape (batch, k); take row-wise along axis 1
    expand = index.reshape(index.shape + (1,) * (arr.ndim - 2))
    return np.take_along_axis(arr, expand, axis=1)


def _tile(data: Any, copies: int) -> Any:
    """``copies`` views of one sample stacked along a new axis 0 (no copy of the data)."""
    if isinstance(data, tuple):
        return tuple(_tile(d, copies) for d in data)
    arr = np.asarray(data)
    return np.broadcast_to(arr, (copies, *arr.shape))


def _losses(loss: Callable[..., Any], model: Any, data: Any, shape: tuple[int, ...]) -> np.ndarray:
    out = np.asarray(loss(model, data), dtype=float)
    if out.shape != shape:
        raise ValueError(f"loss must return one loss per example, shape {shape}, got {out.shape}")
    return out


@dataclass(frozen=True)
class GapEstimate:
    """A Monte Carlo estimate of :math:`\\E[R(W) - R_S(W)]` with its standard error.

    Attributes
    ----------
    mean : float
        Average of the per-trial gaps.
    standard_error : float
        Sample standard deviation of the per-trial gaps divided by :math:`\\sqrt{\\text{trials}}`
        (the trials are independent).
    gaps, train, test : ndarray, shape ``(trials,)``
        Per trial: :math:`R(W) - R_S(W)`, :math:`R_S(W)` and the (ghost or exact) :math:`R(W)`.
    """

    mean: float
    standard_error: float
    gaps: np.ndarray = field(repr=False)
    train: np.ndarray = field(repr=False)
    test: np.ndarray = field(repr=False)

    def agrees_with(self, value: float, k: float = 3.0) -> bool:
        """Whether ``value`` lies within ``k`` standard errors of the estimate."""
        v = single(check_real(value, "value"), "value")
        k_f = single(check_nonnegative(k, "k", finite=True), "k")
        return bool(abs(self.mean - v) <= k_f * self.standard_error)


def _estimate(train: np.ndarray, test: np.ndarray) -> GapEstimate:
    gaps = test - train
    se = float(gaps.std(ddof=1) / np.sqrt(gaps.size)) if gaps.size > 1 else float("nan")
    return GapEstimate(float(gaps.mean()), se, gaps, train, test)


def expected_gap(
    sample: Callable[..., Any],
    fit: Callable[..., Any],
    loss: Callable[..., Any],
    n: int,
    trials: int,
    rng: np.random.Generator,
    ghost_size: int | None = None,
    risk: Callable[[Any], Any] | None = None,
    batched: bool = False,
) -> GapEstimate:
    """Estimate the expected generalization gap :math:`\\E[R(W) - R_S(W)]` with ghost samples.

    Each trial draws a training sample :math:`S` of size ``n``, fits :math:`W`, computes the
    training error :math:`R_S(W)` and estimates :math:`R(W)` on a fresh *ghost* sample
    :math:`S'` of size ``ghost_size`` from the same generator (independent of :math:`S` and
    :math:`W`), so that :math:`\\E[R_{S'}(W) \\mid W] = R(W)`: the per-trial gap
    :math:`R_{S'}(W) - R_S(W)` is unbiased for the expected gap and the trials are i.i.d.

    Parameters
    ----------
    sample, fit, loss : callable
        The data generator, the learner and the per-example loss (see the module docstring).
    n : int
        Training sample size.
    trials : int
        Number of independent (S, W) draws, ``>= 2`` for a standard error.
    rng : numpy.random.Generator
        Passed to ``sample`` and ``fit``.
    ghost_size : int, optional
        Size of each ghost sample; default ``n``.
    risk : callable, optional
        ``risk(model)`` returning the exact population risk (an array of shape ``(trials,)`` in
        batched mode). When given, no ghost sample is drawn.
    batched : bool
        Draw all samples at once (shape ``(trials, n)``) and fit them with one call of ``fit``.

    Returns
    -------
    GapEstimate

    References
    ----------
    ``shalev2014``, chapter 11 (validation); ``xu2017`` for the expected gap as the quantity the
    information bounds control.
    """
    for f, name in [(sample, "sample"), (fit, "fit"), (loss, "loss")]:
        _check_callable(f, name)
    if risk is not None:
        _check_callable(risk, "risk")
    n_i = single_int(check_sample_size(n, "n"), "n")
    t_i = single_int(check_sample_size(trials, "trials"), "trials")
    if t_i < 2:
        raise ValueError(f"trials must be >= 2 to give a standard error, got {trials!r}")
    g_i = n_i if ghost_size is None else single_int(check_sample_size(ghost_size, "ghost_size"), "ghost_size")
    rng = _check_rng(rng)
    if check_flag(batched, "batched"):
        data = sample((t_i, n_i), rng)
        model = fit(data, rng)
        train = _losses(loss, model, data, (t_i, n_i)).mean(axis=1)
        if risk is not None:
            test = np.asarray(risk(model), dtype=float).reshape(t_i)
        else:
            test = _losses(loss, model, sample((t_i, g_i), rng), (t_i, g_i)).mean(axis=1)
        return _estimate(train, test)
    train = np.empty(t_i)
    test = np.empty(t_i)
    for t in range(t_i):  # one iteration per trained model: the learner is not vectorised
        data = sample((n_i,), rng)
        model = fit(data, rng)
        train[t] = _losses(loss, model, data, (n_i,)).mean()
        test[t] = (
            np.asarray(risk(model), dtype=float).item()
            if risk is not None
            else _losses(loss, model, sample((g_i,), rng), (g_i,)).mean()
        )
    return _estimate(train, test)


@dataclass(frozen=True)
class Supersample:
    """Results of the supersample experiment of ``steinke2020``.

    Pair ``i`` of supersample ``a`` holds the examples ``i`` and ``n + i`` of
    :math:`\\tilde Z^{(a)}` (columns 0 and 1); the selector :math:`U_i \\in \\{0, 1\\}` sends column
    :math:`U_i` to the training sample and leaves the other as its ghost.

    Attributes
    ----------
    losses : ndarray, shape ``(k1, k2, n, 2)``
        Loss of the model trained with selector draw ``b`` on both members of every pair.
    selectors : ndarray of int, shape ``(k1, k2, n)``
    predictions : ndarray, shape ``(k1, k2, n, 2)`` or None
        Outputs of ``predict`` on both members of every pair (for the functional CMI).
    """

    losses: np.ndarray = field(repr=False)
    selectors: np.ndarray = field(repr=False)
    predictions: np.ndarray | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return int(self.selectors.shape[2])

    def train_test(self) -> tuple[np.ndarray, np.ndarray]:
        """Training and ghost errors of every fitted model, each of shape ``(k1, k2)``."""
        u = self.selectors[..., None]
        train = np.take_along_axis(self.losses, u, axis=3)[..., 0].mean(axis=2)
        test = np.take_along_axis(self.losses, 1 - u, axis=3)[..., 0].mean(axis=2)
        return train, test

    def gap(self) -> GapEstimate:
        """:math:`\\E[R(W) - R_S(W)]` estimated by ghost minus training error.

        The estimate of each supersample averages its ``k2`` selector draws; the standard error is
        taken across the ``k1`` independent supersamples (the draws within one are dependent).
        """
        train, test = self.train_test()
        return _estimate(train.mean(axis=1), test.mean(axis=1))

    def pair_mutual_information(self, values: np.ndarray | None = None) -> np.ndarray:
        """Plug-in estimates of :math:`I^{\\tilde z}(F_i; U_i)`, shape ``(k1, n)``.

        See :func:`pair_mutual_information`; ``values`` defaults to the predictions (the functional
        CMI of ``harutyunyan2021``), or the losses if there are none.
        """
        if values is None:
            values = self.predictions if self.predictions is not None else self.losses
        return pair_mutual_information(values, self.selectors)


def pair_mutual_information(values: Any, selectors: Any) -> np.ndarray:
    """Plug-in mutual information between the outputs on pair ``i`` and its selector bit, per supersample.

    For supersample :math:`a` and pair :math:`i`, the ``k2`` selector draws give ``k2`` observations
    of :math:`(F_i, U_i)` with :math:`F_i` = ``(values[a, b, i, 0], values[a, b, i, 1])``. The
    estimate is the mutual information of their empirical joint distribution,

    .. math::

        \\hat I = \\sum_{f, u} \\hat p(f, u) \\log \\frac{\\hat p(f, u)}{\\hat p(f)\\, \\hat p(u)} \\ge 0,

    which is 0 when the outputs do not change with the selector. It is biased upwards by about
    :math:`(|\\mathcal F| - 1)/(2 k_2)` nats when they do (``cover2006``, the plug-in estimator):
    an estimate, not a bound.

    Parameters
    ----------
    values : array_like, shape ``(k1, k2, n, 2)``
        Discrete outputs (labels, or losses taking few values).
    selectors : array_like of 0/1, shape ``(k1, k2, n)``

    Returns
    -------
    ndarray, shape ``(k1, n)``, in nats.
    """
    v = np.asarray(values)
    u = np.asarray(selectors)
    if v.ndim != 4 or v.shape[3] != 2 or v.size == 0:
        raise ValueError(f"values must have shape (k1, k2, n, 2) with non-empty axes, got {v.shape}")
    if v.dtype.kind == "f" and np.isnan(v).any():
        raise ValueError("values must not contain NaN")
    if u.shape != v.shape[:3]:
        raise ValueError(f"selectors must have shape {v.shape[:3]} to match values, got {u.shape}")
    if not np.isin(u, (0, 1)).all():
        raise ValueError("selectors must hold 0/1 entries")
    k1, k2, n, _ = v.shape
    # encode the pair of outputs as one integer per (a, b, i)
    _, code = np.unique(v.reshape(-1, 2), axis=0, return_inverse=True)
    code = code.reshape(k1, k2, n)
    n_codes = int(code.max()) + 1
    cell = (np.arange(k1)[:, None, None] * n + np.arange(n)[None, None, :]) * n_codes + code
    cell = cell * 2 + u.astype(np.int64)
    counts = np.bincount(cell.ravel(), minlength=k1 * n * n_codes * 2).reshape(k1, n, n_codes, 2) / k2
    pf = counts.sum(axis=3, keepdims=True)
    pu = counts.sum(axis=2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(counts > 0, counts * np.log(counts / (pf * pu)), 0.0)
    return np.maximum(terms.sum(axis=(2, 3)), 0.0)


def supersample(
    sample: Callable[..., Any],
    fit: Callable[..., Any],
    loss: Callable[..., Any],
    n: int,
    n_supersamples: int,
    n_selectors: int,
    rng: np.random.Generator,
    predict: Callable[..., Any] | None = None,
    batched: bool = False,
) -> Supersample:
    """Run the supersample experiment of ``steinke2020`` (and ``harutyunyan2021``).

    For each of ``n_supersamples`` (:math:`k_1`) supersamples :math:`\\tilde Z` of ``2 n`` i.i.d.
    examples (pairs ``(i, n + i)``) and each of ``n_selectors`` (:math:`k_2`) uniform selector
    vectors :math:`U \\in \\{0,1\\}^n`, train on :math:`S = (\\tilde Z_{i, U_i})_i` and record the
    loss (and, if ``predict`` is given, the prediction) on both members of every pair.

    Parameters
    ----------
    sample, fit, loss : callable
        As in :func:`expected_gap`.
    n : int
        Training sample size (the supersample has ``2 n`` examples).
    n_supersamples, n_selectors : int
        :math:`k_1` and :math:`k_2`.
    rng : numpy.random.Generator
    predict : callable, optional
        ``predict(model, data)`` with the same shapes as ``loss``: discrete outputs whose
        dependence on :math:`U` the functional CMI measures.
    batched : bool
        Fit the :math:`k_2` training samples of one supersample with one call of ``fit`` (the data
        then has a leading axis of length :math:`k_2`).

    Returns
    -------
    Supersample
    """
    for f, name in [(sample, "sample"), (fit, "fit"), (loss, "loss")]:
        _check_callable(f, name)
    if predict is not None:
        _check_callable(predict, "predict")
    n_i = check_int(n, "n", 1)
    k1 = check_int(n_supersamples, "n_supersamples", 1)
    k2 = check_int(n_selectors, "n_selectors", 1)
    rng = _check_rng(rng)
    batched = check_flag(batched, "batched")
    if k1 * k2 * n_i > 2**26:
        raise ValueError(f"n_supersamples * n_selectors * n must be at most 2**26 (losses held in memory), got {k1 * k2 * n_i}")
    losses = np.empty((k1, k2, n_i, 2))
    preds = np.empty((k1, k2, n_i, 2)) if predict is not None else None
    selectors = rng.integers(0, 2, size=(k1, k2, n_i))
    pairs = np.arange(n_i)
    for a in range(k1):  # one iteration per supersample
        zt = sample((2 * n_i,), rng)
        if _leading(zt)[:1] != (2 * n_i,):
            raise ValueError(f"sample must return data with leading axis 2 n = {2 * n_i}, got {_leading(zt)}")
        index = pairs[None, :] + n_i * selectors[a]  # (k2, n) positions of the training examples
        if batched:
            model = fit(_take(_tile(zt, k2), index, axis=1), rng)
            full = _tile(zt, k2)
            out = _losses(loss, model, full, (k2, 2 * n_i))
            losses[a] = np.stack([out[:, :n_i], out[:, n_i:]], axis=2)
            if predict is not None:
                p = np.asarray(predict(model, full))
                preds[a] = np.stack([p[:, :n_i], p[:, n_i:]], axis=2)
        else:
            for b in range(k2):  # one iteration per trained model
                model = fit(_take(zt, index[b], axis=0), rng)
                out = _losses(loss, model, zt, (2 * n_i,))
                losses[a, b] = np.stack([out[:n_i], out[n_i:]], axis=1)
                if predict is not None:
                    p = np.asarray(predict(model, zt))
                    preds[a, b] = np.stack([p[:n_i], p[n_i:]], axis=1)
    return Supersample(losses, selectors, preds)
