"""The Gibbs algorithm on a finite problem, computed exactly by enumerating sample *types*.

A finite instance space :math:`\\cZ = \\{0, \\dots, m-1\\}` carries a pmf ``pz``; a finite class
:math:`\\cH = \\{0, \\dots, |\\cH|-1\\}` is given by its loss matrix ``loss[h, z]`` with values in
[0, 1]. The Gibbs algorithm with inverse temperature :math:`\\beta \\ge 0` and prior :math:`\\pi` draws

.. math::

    P(W = h \\mid S) = \\frac{\\pi(h)\\, e^{-\\beta n R_S(h)}}{\\sum_{h'} \\pi(h')\\, e^{-\\beta n R_S(h')}},
    \\qquad R_S(h) = \\frac1n \\sum_{i=1}^n \\ell(h, Z_i).

:math:`\\beta = 0` ignores the data (:math:`W \\sim \\pi`); :math:`\\beta \\to \\infty` is empirical risk
minimisation, ties broken by the prior.

Why types suffice. :math:`n R_S(h) = \\sum_z k_z\\, \\ell(h, z)` depends on the sample only through its
*type* :math:`K = (k_0, \\dots, k_{m-1})`, the number of times each instance occurs. So
:math:`S \\to K \\to W` is a Markov chain and :math:`K` is a function of :math:`S`; the chain rule gives
:math:`I(S;W) = I(S,K;W) = I(K;W) + I(S;W \\mid K) = I(K;W)`, the last term being 0 because
:math:`W` is independent of :math:`S` given :math:`K`. The type is Multinomial(n, pz), so every
expectation over the :math:`m^n` ordered samples becomes a sum over the
:math:`\\binom{n+m-1}{m-1}` types, which is what makes the exact computation cheap.

References
----------
``xu2017`` (the Gibbs algorithm as the minimiser of the information-regularised risk);
``zhang2018`` (the data-fitting / generalization trade-off); ``steinke2020`` (conditional mutual
information and the supersample); ``cover2006``, section 11.1 (the method of types).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import gammaln, xlogy

from genbounds._validation import as_float_array, check_sample_size, single_int

__all__ = [
    "GibbsProblem",
    "GibbsResult",
    "enumerate_types",
    "type_log_probabilities",
]

#: Largest number of types (or joint types) enumerated at once: above it the arrays would not fit
#: the course's 2 GB memory budget once multiplied by the class size and the betas.
MAX_TYPES = 2_000_000


def _check_rng(rng: object) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    return rng


def _check_pz(pz: Any) -> np.ndarray:
    arr = as_float_array(pz, "pz")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"pz must be a non-empty 1-D pmf, got shape {arr.shape}")
    if (arr < 0).any() or abs(float(arr.sum()) - 1.0) > 1e-9:
        raise ValueError(f"pz must be a pmf (non-negative, summing to 1 within 1e-9), got {arr!r}")
    return arr


def number_of_types(m: int, n: int) -> int:
    """:math:`\\binom{n+m-1}{m-1}`, the number of compositions of ``n`` into ``m`` non-negative parts."""
    from math import comb

    return comb(int(n) + int(m) - 1, int(m) - 1)


def enumerate_types(m: int, n: int) -> np.ndarray:
    """All types of samples of size ``n`` from an alphabet of size ``m``.

    A type is a vector :math:`k \\in \\{0, \\dots, n\\}^m` with :math:`\\sum_z k_z = n` (a composition
    of ``n`` into ``m`` non-negative parts); there are :math:`\\binom{n+m-1}{m-1}` of them. The loop
    runs over the ``m`` parts only; each step expands every partial type by all admissible counts at once.

    Parameters
    ----------
    m : int
        Alphabet size, ``m >= 1``.
    n : int
        Sample size, ``n >= 1``.

    Returns
    -------
    ndarray of int64, shape ``(T, m)``
        One type per row, in lexicographic order.
    """
    m_i = single_int(check_sample_size(m, "m"), "m")
    n_i = single_int(check_sample_size(n, "n"), "n")
    if number_of_types(m_i, n_i) > MAX_TYPES:
        raise ValueError(
            f"m and n give {number_of_types(m_i, n_i)} types, more than MAX_TYPES={MAX_TYPES}: choose smaller m or n"
        )
    partial = np.zeros((1, 0), dtype=np.int64)
    for _ in range(m_i - 1):
        remaining = n_i - partial.sum(axis=1)
        counts = remaining + 1
        rows = np.repeat(np.arange(partial.shape[0]), counts)
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        new = np.arange(rows.size) - starts
        partial = np.concatenate([partial[rows], new[:, None]], axis=1)
    last = n_i - partial.sum(axis=1)
    return np.concatenate([partial, last[:, None]], axis=1)


def type_log_probabilities(types: Any, pz: Any) -> np.ndarray:
    """Log multinomial probabilities of types: :math:`\\log \\binom{n}{k_0 \\cdots k_{m-1}} + \\sum_z k_z \\log p_z`.

    Parameters
    ----------
    types : array_like of int, shape ``(T, m)``
        Non-negative counts; every row has the same total ``n``.
    pz : array_like, shape ``(m,)``
        The pmf of one draw.

    Returns
    -------
    ndarray, shape ``(T,)``
        ``-inf`` for a type that puts counts on an instance of probability 0.
    """
    p = _check_pz(pz)
    k = np.asarray(types)
    if k.ndim != 2 or k.shape[1] != p.size:
        raise ValueError(f"types must have shape (T, {p.size}) to match pz, got {k.shape}")
    if (k < 0).any() or np.any(k != np.floor(k)):
        raise ValueError("types must hold non-negative integer counts")
    totals = k.sum(axis=1)
    if totals.size and (totals != totals[0]).any():
        raise ValueError("types must all have the same total n")
    n = totals[0] if totals.size else 0
    with np.errstate(divide="ignore"):
        return gammaln(n + 1) - gammaln(k + 1).sum(axis=1) + xlogy(k, p).sum(axis=1)


@dataclass(frozen=True)
class GibbsResult:
    """Exact expectations of the Gibbs algorithm for one sample size and a grid of betas.

    Attributes
    ----------
    beta : ndarray, shape ``(B,)``
    mutual_information : ndarray, shape ``(B,)``
        :math:`I(S;W) = I(K;W)` in nats.
    expected_test : ndarray, shape ``(B,)``
        :math:`\\E[R(W)]`.
    expected_train : ndarray, shape ``(B,)``
        :math:`\\E[R_S(W)]`.
    expected_gap : ndarray, shape ``(B,)``
        :math:`\\E[R(W) - R_S(W)]`.
    types : ndarray, shape ``(T, m)``
    type_probabilities : ndarray, shape ``(T,)``
    posterior : ndarray, shape ``(B, T, |H|)``
        :math:`P(W = h \\mid K = k)` for each beta and type.
    """

    beta: np.ndarray
    mutual_information: np.ndarray
    expected_test: np.ndarray
    expected_train: np.ndarray
    expected_gap: np.ndarray
    types: np.ndarray = field(repr=False)
    type_probabilities: np.ndarray = field(repr=False)
    posterior: np.ndarray = field(repr=False)

    @property
    def lautum_information(self) -> np.ndarray:
        """Lautum information :math:`L(S;W) = \\KL(P_S \\otimes P_W \\| P_{S,W})` for each beta (nats).

        As for :math:`I(S;W)`, only the type matters: :math:`L(S;W) = L(K;W) = \\sum_k P(k) \\sum_h
        \\bar q_\\beta(h) \\log(\\bar q_\\beta(h) / q_\\beta(h\\mid k))`. It is ``inf`` when some type
        gives probability 0 to a hypothesis that other types output (ERM, ``beta = inf``). For finite
        :math:`\\beta > 0` the Gibbs algorithm satisfies the exact identity
        :math:`\\E\\gen = (I(S;W) + L(S;W))/(\\beta n)` (``aminian2021``; ``palomar2008`` for lautum
        information).

        Returns
        -------
        ndarray, shape ``(B,)``
        """
        marginal = np.einsum("t,bth->bh", self.type_probabilities, self.posterior)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(
                marginal[:, None, :] > 0,
                marginal[:, None, :] * (np.log(marginal)[:, None, :] - np.log(self.posterior)),
                0.0,
            )
        return np.maximum(np.einsum("t,bth->b", self.type_probabilities, terms), 0.0)


@dataclass(frozen=True)
class GibbsProblem:
    """A finite learning problem and its Gibbs algorithm (see the module docstring).

    Parameters
    ----------
    pz : array_like, shape ``(m,)``
        The pmf of one instance :math:`Z`.
    loss : array_like, shape ``(H, m)``
        ``loss[h, z]`` = :math:`\\ell(h, z) \\in [0, 1]`.
    prior : array_like, shape ``(H,)``, optional
        The Gibbs prior :math:`\\pi`, a pmf with positive entries; uniform by default.
    """

    pz: np.ndarray
    loss: np.ndarray
    prior: np.ndarray | None = None

    def __post_init__(self) -> None:
        p = _check_pz(self.pz)
        loss = as_float_array(self.loss, "loss")
        if loss.ndim != 2 or loss.shape[1] != p.size or loss.shape[0] == 0:
            raise ValueError(f"loss must have shape (H, {p.size}) to match pz, got {loss.shape}")
        if ((loss < 0) | (loss > 1)).any():
            raise ValueError("loss must take values in [0, 1]")
        if self.prior is None:
            prior = np.full(loss.shape[0], 1.0 / loss.shape[0])
        else:
            prior = as_float_array(self.prior, "prior")
            if prior.shape != (loss.shape[0],):
                raise ValueError(f"prior must have shape ({loss.shape[0]},), one weight per hypothesis, got {prior.shape}")
            if (prior <= 0).any() or abs(float(prior.sum()) - 1.0) > 1e-9:
                raise ValueError("prior must be a pmf with positive entries (summing to 1 within 1e-9)")
        object.__setattr__(self, "pz", p)
        object.__setattr__(self, "loss", loss)
        object.__setattr__(self, "prior", prior)

    # -- the problem ---------------------------------------------------------------------------
    @property
    def m(self) -> int:
        """Size of the instance space."""
        return int(self.pz.size)

    @property
    def n_hypotheses(self) -> int:
        return int(self.loss.shape[0])

    @property
    def risks(self) -> np.ndarray:
        """Population risks :math:`R(h) = \\sum_z p_z \\ell(h, z)`, shape ``(H,)``."""
        return self.loss @ self.pz

    def posterior(self, types: Any, beta: Any) -> np.ndarray:
        """Gibbs posterior :math:`P(W = h \\mid K = k) \\propto \\pi(h) e^{-\\beta \\sum_z k_z \\ell(h, z)}`.

        Parameters
        ----------
        types : array_like, shape ``(T, m)``
            Counts (any non-negative numbers; rows need not share a total).
        beta : float or array_like, shape ``(B,)``
            Inverse temperatures, ``>= 0``; ``numpy.inf`` gives empirical risk minimisation with
            ties shared in proportion to the prior.

        Returns
        -------
        ndarray, shape ``(B, T, H)`` (``(T, H)`` for a scalar beta)
        """
        beta_a = as_float_array(beta, "beta")
        if (beta_a < 0).any():
            raise ValueError(f"beta must be >= 0, got {beta!r}")
        k = as_float_array(types, "types")
        if k.ndim != 2 or k.shape[1] != self.m:
            raise ValueError(f"types must have shape (T, {self.m}), got {k.shape}")
        betas = np.atleast_1d(beta_a)
        counts = k @ self.loss.T  # (T, H): n R_S(h) for each type
        finite = np.where(np.isfinite(betas), betas, 0.0)
        logw = np.log(self.prior)[None, None, :] - finite[:, None, None] * counts[None]
        logw -= logw.max(axis=2, keepdims=True)
        post = np.exp(logw)
        post /= post.sum(axis=2, keepdims=True)
        if np.isinf(betas).any():
            best = counts <= counts.min(axis=1, keepdims=True) + 1e-12
            erm = np.where(best, self.prior[None, :], 0.0)
            erm /= erm.sum(axis=1, keepdims=True)
            post[np.isinf(betas)] = erm
        return post[0] if beta_a.ndim == 0 else post

    # -- exact expectations --------------------------------------------------------------------
    def exact(self, n: int, beta: Any) -> GibbsResult:
        """Exact :math:`I(S;W)`, :math:`\\E R(W)`, :math:`\\E R_S(W)` and the expected gap.

        Sums over the types :math:`k` of samples of size ``n`` with their multinomial probabilities
        :math:`P(k)` and the posterior :math:`q_\\beta(h \\mid k)`:

        .. math::

            I(S;W) = I(K;W) = \\sum_k P(k) \\sum_h q_\\beta(h\\mid k) \\log\\frac{q_\\beta(h\\mid k)}{\\bar q_\\beta(h)},
            \\quad \\bar q_\\beta(h) = \\sum_k P(k)\\, q_\\beta(h \\mid k),

        :math:`\\E R(W) = \\sum_h \\bar q_\\beta(h) R(h)` and
        :math:`\\E R_S(W) = \\sum_k P(k) \\sum_h q_\\beta(h\\mid k) \\frac1n \\sum_z k_z \\ell(h,z)`.

        Parameters
        ----------
        n : int
            Sample size.
        beta : float or array_like
            Inverse temperatures ``>= 0`` (``inf`` allowed).

        Returns
        -------
        GibbsResult
            Arrays of shape ``(B,)`` (``B = 1`` for a scalar beta).
        """
        n_i = single_int(check_sample_size(n, "n"), "n")
        types = enumerate_types(self.m, n_i)
        logp = type_log_probabilities(types, self.pz)
        ptype = np.exp(logp)
        betas = np.atleast_1d(as_float_array(beta, "beta")).astype(float)
        post = self.posterior(types, betas)  # (B, T, H)
        marginal = np.einsum("t,bth->bh", ptype, post)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(post > 0, np.log(post) - np.log(np.where(marginal > 0, marginal, 1.0))[:, None, :], 0.0)
        mi = np.einsum("t,bth,bth->b", ptype, post, ratio)
        train_by_type = (types @ self.loss.T) / n_i  # (T, H)
        train = np.einsum("t,bth,th->b", ptype, post, train_by_type)
        test = marginal @ self.risks
        return GibbsResult(
            beta=betas,
            mutual_information=np.maximum(mi, 0.0),
            expected_test=test,
            expected_train=train,
            expected_gap=test - train,
            types=types,
            type_probabilities=ptype,
            posterior=post,
        )

    def exact_cmi(self, n: int, beta: Any) -> np.ndarray:
        """Exact conditional mutual information :math:`I(W; U \\mid \\tilde Z)` of ``steinke2020``.

        The supersample :math:`\\tilde Z` holds ``n`` pairs of i.i.d. instances; the selector
        :math:`U \\in \\{0,1\\}^n` (uniform) picks one of each pair for the training sample
        :math:`S`, the other being its ghost. Then :math:`I(W;U\\mid\\tilde Z) = H(W\\mid\\tilde Z) - H(W \\mid S)`
        because :math:`W` depends on :math:`(\\tilde Z, U)` only through :math:`S`. The pairs
        (selected, ghost) are i.i.d. with pmf :math:`p \\otimes p`, so their *joint type* :math:`t`
        (an ``m x m`` count matrix) is Multinomial; the training type is its row sum, and
        :math:`P(W \\mid \\tilde Z)` depends on :math:`\\tilde Z` only through the symmetrised counts
        :math:`t + t^\\top` (which pair values occur, not which side was picked). Exact, and feasible
        for :math:`\\binom{n + m^2 - 1}{m^2 - 1} \\le` ``MAX_TYPES``.

        Returns
        -------
        ndarray, shape ``(B,)``
            CMI in nats, in :math:`[0, n \\log 2]`.
        """
        n_i = single_int(check_sample_size(n, "n"), "n")
        m = self.m
        joint = enumerate_types(m * m, n_i)  # (J, m*m): counts of (selected a, ghost b) at a*m + b
        pjoint = np.exp(type_log_probabilities(joint, np.outer(self.pz, self.pz).ravel()))
        t = joint.reshape(-1, m, m)
        train_types = t.sum(axis=2)
        sym = t + np.transpose(t, (0, 2, 1))
        iu = np.triu_indices(m)
        key = sym[:, iu[0], iu[1]]
        _, group = np.unique(key, axis=0, return_inverse=True)
        group = group.ravel()
        n_groups = int(group.max()) + 1
        betas = np.atleast_1d(as_float_array(beta, "beta")).astype(float)
        if betas.ndim != 1 or betas.size == 0 or (betas < 0).any():
            raise ValueError(f"beta must be a number or a non-empty 1-d array of numbers >= 0, got {beta!r}")
        distinct, which = np.unique(train_types, axis=0, return_inverse=True)
        post = self.posterior(distinct, betas)[:, which.ravel()]  # (B, J, H)
        pgroup = np.bincount(group, weights=pjoint, minlength=n_groups)
        order = np.argsort(group, kind="stable")
        starts = np.searchsorted(group[order], np.arange(n_groups))
        mix = np.add.reduceat((pjoint[None, :, None] * post)[:, order], starts, axis=1)
        mix /= np.where(pgroup > 0, pgroup, 1.0)[None, :, None]
        h_given_z = -np.einsum("g,bgh->b", pgroup, xlogy(mix, mix))
        h_given_s = -np.einsum("j,bjh->b", pjoint, xlogy(post, post))
        return np.clip(h_given_z - h_given_s, 0.0, n_i * np.log(2.0))

    # -- sampling ------------------------------------------------------------------------------
    def sample(self, n: int, beta: float, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``size`` independent pairs (S, W): samples of ``n`` instances and a Gibbs output for each.

        Returns
        -------
        samples : ndarray of int, shape ``(size, n)``
            Instance indices.
        w : ndarray of int, shape ``(size,)``
            Hypothesis indices drawn from the Gibbs posterior of each sample.
        """
        n_i = single_int(check_sample_size(n, "n"), "n")
        size_i = single_int(check_sample_size(size, "size"), "size")
        rng = _check_rng(rng)
        samples = rng.choice(self.m, size=(size_i, n_i), p=self.pz)
        return samples, self.fit(samples, beta, rng)

    def counts(self, samples: Any) -> np.ndarray:
        """Types of the rows of an integer sample array, shape ``(size, m)``."""
        s = np.asarray(samples)
        if s.ndim != 2 or not np.issubdtype(s.dtype, np.integer) or (s < 0).any() or (s >= self.m).any():
            raise ValueError(f"samples must be a 2-D integer array with entries in 0..{self.m - 1}")
        rows = np.repeat(np.arange(s.shape[0]), s.shape[1])
        return np.bincount(rows * self.m + s.ravel(), minlength=s.shape[0] * self.m).reshape(s.shape[0], self.m)

    def fit(self, samples: Any, beta: float, rng: np.random.Generator) -> np.ndarray:
        """The Gibbs algorithm applied to each row of ``samples``: one hypothesis index per row."""
        b = as_float_array(beta, "beta")
        if b.ndim != 0:
            raise ValueError(f"beta must be a scalar here, got shape {b.shape}")
        post = self.posterior(self.counts(samples), float(b))
        u = _check_rng(rng).random(post.shape[0])
        cdf = np.cumsum(post, axis=1)
        return np.minimum((cdf < u[:, None]).sum(axis=1), self.n_hypotheses - 1)
