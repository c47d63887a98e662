"""Entropy, divergences and mutual information: exact for probability tables, estimated from samples.

Exact quantities take probability mass functions (pmfs) as numpy arrays: a 1-D array for one
variable, a 2-D array ``pxy[x, y]`` for a pair, a 3-D array ``pxyz[x, y, z]`` for a triple. A pmf
must be non-negative and sum to 1 within :data:`PMF_TOLERANCE`. The convention
:math:`0 \\log 0 = 0` is used throughout. Results are in nats (natural logarithms) unless ``base``
is given (``base=2`` gives bits).

References
----------
``cover2006`` (Cover and Thomas, *Elements of Information Theory*), chapters 2, 7, 8, 10 and 13.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma, entr, rel_entr

from genbounds._validation import (
    as_float_array,
    check_covariance,
    check_flag,
    check_int,
    check_integer,
    check_nonnegative,
    check_positive,
    check_probability,
    check_sample_size,
    scalar_or_array,
    single,
    single_int,
)

__all__ = [
    "PMF_TOLERANCE",
    "binary_entropy",
    "binned_layer_information",
    "binned_mutual_information",
    "blahut_arimoto_capacity",
    "capacity_bounds",
    "conditional_mutual_information",
    "donsker_varadhan",
    "entropy",
    "gaussian_channel_capacity",
    "gaussian_mixture_entropy",
    "gaussian_mixture_entropy_bounds",
    "gaussian_mutual_information",
    "gaussian_mutual_information_from_cov",
    "kl_divergence",
    "ksg_mutual_information",
    "lautum_information",
    "miller_madow_entropy",
    "miller_madow_mutual_information",
    "mutual_information",
    "plugin_entropy",
    "plugin_mutual_information",
    "rate_distortion_bernoulli",
]

#: How far from 1 the total mass of a pmf may be (rounding of the entries typed or computed).
PMF_TOLERANCE = 1e-9


# ----------------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------------
def _check_pmf(value: Any, name: str, ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a float array that is a pmf (optionally of a given number of axes)."""
    arr = as_float_array(value, name)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array (a pmf with {ndim} axes), got shape {arr.shape}")
    if arr.ndim == 0 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty array of probabilities, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain finite probabilities")
    if (arr < 0).any():
        raise ValueError(f"{name} must be a pmf: it has a negative entry ({arr.min():.3g})")
    total = float(arr.sum())
    if abs(total - 1.0) > PMF_TOLERANCE:
        raise ValueError(f"{name} must be a pmf summing to 1 (within {PMF_TOLERANCE:g}), got sum {total!r}")
    return arr


def _log_base(base: float | None) -> float:
    """The divisor that converts nats to the unit of ``base`` (1 for nats)."""
    if base is None:
        return 1.0
    b = single(as_float_array(base, "base"), "base")
    if not np.isfinite(b) or b <= 0 or b == 1:
        raise ValueError(f"base must be a positive number other than 1 (or None for nats), got {base!r}")
    return float(np.log(b))


def _sum_plogratio(joint: np.ndarray, numer: list[np.ndarray], denom: list[np.ndarray]) -> float:
    """:math:`\\sum p \\,(\\log p + \\sum \\log n_i - \\sum \\log d_j)` over the support of ``p``.

    The marginals in ``numer`` and ``denom`` broadcast against ``joint``; on the support of ``joint``
    they are positive, so every logarithm is finite.
    """
    mask = joint > 0
    total = np.log(np.where(mask, joint, 1.0))
    for arr in numer:
        total = total + np.log(np.where(mask, arr, 1.0))
    for arr in denom:
        total = total - np.log(np.where(mask, arr, 1.0))
    return float(np.sum(joint[mask] * total[mask]))


# ----------------------------------------------------------------------------------------------
# Exact quantities for pmfs
# ----------------------------------------------------------------------------------------------
def entropy(p: Any, base: float | None = None) -> float:
    """Shannon entropy :math:`H(X) = -\\sum_x p(x) \\log p(x)` of a pmf.

    Parameters
    ----------
    p : array_like
        A pmf of any shape (a joint pmf gives the joint entropy); non-negative, summing to 1.
    base : float, optional
        Logarithm base; ``None`` gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`H \\in [0, \\log |\\mathcal X|]`, with :math:`0 \\log 0 = 0`.

    References
    ----------
    ``cover2006``, section 2.1.
    """
    arr = _check_pmf(p, "p")
    scale = _log_base(base)
    h = float(-np.sum(arr[arr > 0] * np.log(arr[arr > 0])))
    return max(h, 0.0) / scale


def kl_divergence(p: Any, q: Any, base: float | None = None) -> float:
    """Relative entropy :math:`\\KL(p \\| q) = \\sum_x p(x) \\log\\frac{p(x)}{q(x)}`.

    Parameters
    ----------
    p, q : array_like
        Two pmfs of the same shape.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    Returns
    -------
    float
        :math:`\\KL(p\\|q) \\ge 0` (Gibbs' inequality), equal to 0 iff ``p == q``; ``inf`` when ``p``
        puts mass where ``q`` does not (``p`` is not absolutely continuous with respect to ``q``).

    References
    ----------
    ``cover2006``, section 2.3 and Theorem 2.6.3.
    """
    p_a = _check_pmf(p, "p")
    q_a = _check_pmf(q, "q")
    if p_a.shape != q_a.shape:
        raise ValueError(f"p and q must have the same shape, got p {p_a.shape} and q {q_a.shape}")
    scale = _log_base(base)
    d = float(np.sum(rel_entr(p_a, q_a)))
    return max(d, 0.0) / scale


def donsker_varadhan(p: Any, q: Any, f: Any, base: float | None = None) -> float:
    """The Donsker-Varadhan functional :math:`\\E_p f - \\log \\E_q e^{f}`, a lower bound on :math:`\\KL(p\\|q)`.

    For pmfs :math:`p, q` on a finite set and any real function :math:`f`,

    .. math::

        \\KL(p \\| q) \\ge \\E_p f - \\log \\E_q e^{f},

    because the difference is :math:`\\KL(p \\| q_f)` with :math:`q_f \\propto q\\, e^{f}` (Gibbs'
    inequality); equality holds iff :math:`q_f = p`, e.g. for :math:`f = \\log(p/q)` when ``p`` and
    ``q`` have the same support. Hence :math:`\\KL(p\\|q) = \\sup_f \\{\\E_p f - \\log\\E_q e^f\\}`.

    Parameters
    ----------
    p, q : array_like
        Two pmfs of the same shape.
    f : array_like
        Real values (finite), of the same shape as ``p``.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    Returns
    -------
    float
        :math:`\\E_p f - \\log \\E_q e^{f}`, computed with a shifted exponential (no overflow).

    References
    ----------
    ``donsker1975``.
    """
    p_a = _check_pmf(p, "p")
    q_a = _check_pmf(q, "q")
    f_a = as_float_array(f, "f")
    if p_a.shape != q_a.shape or f_a.shape != p_a.shape:
        raise ValueError(f"p, q and f must have the same shape, got {p_a.shape}, {q_a.shape} and {f_a.shape}")
    if not np.all(np.isfinite(f_a)):
        raise ValueError("f must be finite")
    scale = _log_base(base)
    top = float(f_a.max())
    log_mgf = top + float(np.log(np.sum(q_a * np.exp(f_a - top))))
    return (float(np.sum(p_a * f_a)) - log_mgf) / scale


def lautum_information(pxy: Any, base: float | None = None) -> float:
    """Lautum information :math:`L(X;Y) = \\KL(p_X \\otimes p_Y \\| p_{XY})`, the reversed mutual information.

    It is :math:`\\ge 0`, zero iff X and Y are independent, and :math:`+\\infty` if some pair
    :math:`(x, y)` with :math:`p(x)p(y) > 0` has :math:`p(x, y) = 0`. For the Gibbs algorithm it
    enters the exact identity :math:`\\E\\gen = (I(S;W) + L(S;W))/(\\beta n)` (``aminian2021``).

    Parameters
    ----------
    pxy : array_like
        Joint pmf as a 2-D array.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    References
    ----------
    ``palomar2008``; ``aminian2021``.
    """
    joint = _check_pmf(pxy, "pxy", ndim=2)
    prod = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    return kl_divergence(prod, joint, base=base)


def mutual_information(pxy: Any, base: float | None = None) -> float:
    """Mutual information :math:`I(X;Y) = \\KL(p_{XY} \\| p_X \\otimes p_Y)` of a joint pmf.

    Equivalently :math:`I(X;Y) = H(X) + H(Y) - H(X,Y)`; it satisfies
    :math:`0 \\le I(X;Y) \\le \\min(H(X), H(Y))`, with 0 iff X and Y are independent.

    Parameters
    ----------
    pxy : array_like
        Joint pmf as a 2-D array, ``pxy[x, y] = P(X = x, Y = y)``.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    Returns
    -------
    float
        :math:`I(X;Y)`; rounding errors of order 1e-16 below 0 are returned as 0.

    References
    ----------
    ``cover2006``, section 2.4.
    """
    joint = _check_pmf(pxy, "pxy", ndim=2)
    scale = _log_base(base)
    px = joint.sum(axis=1, keepdims=True)
    py = joint.sum(axis=0, keepdims=True)
    # in log space, so that tiny (even subnormal) masses cannot underflow the product p(x) p(y)
    mi = _sum_plogratio(joint, [], [px, py])
    return max(mi, 0.0) / scale


def conditional_mutual_information(pxyz: Any, base: float | None = None) -> float:
    """Conditional mutual information :math:`I(X;Y \\mid Z)` of a joint pmf of three variables.

    .. math::

        I(X;Y\\mid Z) = \\sum_{x,y,z} p(x,y,z) \\log \\frac{p(z)\\, p(x,y,z)}{p(x,z)\\, p(y,z)}
                     = \\sum_z p(z)\\, I(X;Y \\mid Z = z) \\ge 0,

    which is 0 iff X and Y are independent given Z, i.e. X - Z - Y is a Markov chain.

    Parameters
    ----------
    pxyz : array_like
        Joint pmf as a 3-D array, ``pxyz[x, y, z] = P(X = x, Y = y, Z = z)``.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    Returns
    -------
    float
        :math:`I(X;Y\\mid Z)`; rounding errors below 0 are returned as 0.

    References
    ----------
    ``cover2006``, section 2.5.
    """
    joint = _check_pmf(pxyz, "pxyz", ndim=3)
    scale = _log_base(base)
    pz = joint.sum(axis=(0, 1), keepdims=True)
    pxz = joint.sum(axis=1, keepdims=True)
    pyz = joint.sum(axis=0, keepdims=True)
    cmi = _sum_plogratio(joint, [pz], [pxz, pyz])
    return max(cmi, 0.0) / scale


def binary_entropy(p: float | np.ndarray, base: float | None = None) -> float | np.ndarray:
    """Binary entropy :math:`h(p) = -p \\log p - (1-p) \\log(1-p)`, elementwise, with :math:`h(0) = h(1) = 0`.

    References
    ----------
    ``cover2006``, section 2.1.
    """
    p_a = check_probability(p, "p")
    scale = _log_base(base)
    return scalar_or_array((entr(p_a) + entr(1.0 - p_a)) / scale)


# ----------------------------------------------------------------------------------------------
# Gaussian closed forms
# ----------------------------------------------------------------------------------------------
def gaussian_mutual_information(rho: float | np.ndarray, base: float | None = None) -> float | np.ndarray:
    """Mutual information of a bivariate Gaussian with correlation :math:`\\rho`: :math:`-\\tfrac12 \\log(1-\\rho^2)`.

    Holds for any jointly Gaussian (X, Y) with correlation coefficient ``rho`` (means and variances do
    not matter, mutual information being invariant under invertible maps of each variable).

    Parameters
    ----------
    rho : float or array
        Correlation in [-1, 1]; :math:`|\\rho| = 1` gives ``inf``.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    References
    ----------
    ``cover2006``, Example 8.5.1.
    """
    rho_a = as_float_array(rho, "rho")
    if (np.abs(rho_a) > 1).any():
        raise ValueError(f"rho must lie in [-1, 1], got {rho!r}")
    scale = _log_base(base)
    with np.errstate(divide="ignore"):
        return scalar_or_array(-0.5 * np.log1p(-(rho_a**2)) / scale)


def gaussian_mutual_information_from_cov(cov: Any, dim_x: int, base: float | None = None) -> float:
    """Mutual information of a Gaussian vector (X, Y): :math:`\\tfrac12 \\log\\frac{|\\Sigma_{XX}||\\Sigma_{YY}|}{|\\Sigma|}`.

    Parameters
    ----------
    cov : array_like
        Covariance of the stacked vector (X, Y), shape ``(d, d)``, symmetric positive definite.
    dim_x : int
        Number of leading coordinates that form X, ``1 <= dim_x < d``.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    References
    ----------
    ``cover2006``, Theorem 8.4.1 (differential entropy of a Gaussian) and section 8.5.
    """
    s = check_covariance(cov, "cov", min_size=2)
    d = s.shape[0]
    k = check_int(dim_x, "dim_x", 1)
    if k >= d:
        raise ValueError(f"dim_x must be < {d} (the size of cov), got {dim_x!r}")
    signs, logdets = zip(*(np.linalg.slogdet(m) for m in (s, s[:k, :k], s[k:, k:])), strict=True)
    if min(signs) <= 0:
        raise ValueError("cov must be positive definite")
    return max(0.5 * (logdets[1] + logdets[2] - logdets[0]), 0.0) / _log_base(base)


def gaussian_channel_capacity(
    power: float | np.ndarray, noise: float | np.ndarray, base: float | None = None
) -> float | np.ndarray:
    """Capacity of the Gaussian channel :math:`Y = X + N`, :math:`N \\sim \\mathcal N(0, \\sigma^2)`, :math:`E X^2 \\le P`.

    :math:`C = \\tfrac12 \\log(1 + P/\\sigma^2)`, attained by :math:`X \\sim \\mathcal N(0, P)`; for that input
    :math:`I(X;Y)` equals the capacity, and Y and X are jointly Gaussian with
    :math:`\\rho^2 = P/(P + \\sigma^2)`, so this is also :func:`gaussian_mutual_information`.

    Parameters
    ----------
    power : float or array
        Input power :math:`P \\ge 0`.
    noise : float or array
        Noise variance :math:`\\sigma^2 > 0`.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    References
    ----------
    ``cover2006``, Theorem 9.1.1.
    """
    p_a = check_nonnegative(power, "power")
    n_a = check_positive(noise, "noise")
    if (np.isinf(p_a) & np.isinf(n_a)).any():  # inf / inf: the signal-to-noise ratio is undefined
        raise ValueError("power and noise must not both be infinite (the ratio inf / inf is undefined)")
    with np.errstate(over="ignore"):  # a ratio above the float range is inf: so is the capacity
        return scalar_or_array(0.5 * np.log1p(p_a / n_a) / _log_base(base))


# ----------------------------------------------------------------------------------------------
# Estimators for discrete samples
# ----------------------------------------------------------------------------------------------
def _as_samples(value: Any, name: str) -> np.ndarray:
    """Discrete samples as a 2-D array ``(trials, n)`` (a 1-D array is one trial)."""
    arr = np.asarray(value)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of samples or a 2-D array (trials, n), got shape {arr.shape}")
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ValueError(f"{name} must not contain NaN")
    return arr


def _dense_labels(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Labels ``0..m-1`` for the values (the values themselves when they are small non-negative integers)."""
    if values.dtype.kind in "iub" and values.size and values.min() >= 0 and values.max() < 4 * values.shape[-1] + 16:
        return values.astype(np.int64), int(values.max()) + 1  # unseen labels get zero counts: harmless
    _, inverse = np.unique(values, return_inverse=True)
    return inverse.reshape(values.shape).astype(np.int64), int(inverse.max()) + 1


def _counts(codes: np.ndarray) -> np.ndarray:
    """Per-row counts of the symbols in ``codes`` (trials, n): an array (trials, number of symbols)."""
    labels, m = _dense_labels(codes)
    trials = codes.shape[0]
    flat = labels + m * np.arange(trials)[:, None]
    return np.bincount(flat.ravel(), minlength=trials * m).reshape(trials, m)


def _plugin_from_counts(counts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Plug-in entropy (nats) and number of occupied cells, per row of ``counts``."""
    freq = counts / n
    return entr(freq).sum(axis=1), (counts > 0).sum(axis=1)


def _pair_codes(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A code for each pair (x, y): distinct pairs get distinct non-negative integers."""
    ix, _ = _dense_labels(x)
    iy, my = _dense_labels(y)
    return ix * my + iy


def plugin_entropy(x: Any, base: float | None = None) -> float | np.ndarray:
    """Plug-in (maximum-likelihood) entropy of discrete samples: :math:`\\hat H = -\\sum_x \\hat p(x) \\log \\hat p(x)`.

    Biased downwards: for a pmf on :math:`m` symbols, :math:`E \\hat H = H - \\frac{m-1}{2n} + O(n^{-2})`
    (``paninski2003``), and :math:`\\hat H \\le \\log n` whatever the truth.

    Parameters
    ----------
    x : array_like
        Samples (any hashable numeric labels), shape ``(n,)`` or ``(trials, n)`` for a batch of
        independent samples (one estimate per row).
    base : float, optional
        Logarithm base; ``None`` gives nats.

    Returns
    -------
    float or ndarray
        One estimate, or one per row.
    """
    xs = _as_samples(x, "x")
    scale = _log_base(base)
    h, _ = _plugin_from_counts(_counts(xs), xs.shape[1])
    return _squeeze(np.maximum(h, 0.0) / scale, np.ndim(x))


def miller_madow_entropy(x: Any, base: float | None = None) -> float | np.ndarray:
    """Miller-Madow entropy estimate: :math:`\\hat H_{MM} = \\hat H + \\frac{\\hat m - 1}{2n}`.

    Adds the first-order bias of the plug-in estimate back, with :math:`\\hat m` the number of symbols
    seen in the sample. It removes the :math:`O(1/n)` bias when every symbol is likely to be seen;
    with many unseen symbols (:math:`n \\lesssim m`) it still underestimates.

    Parameters
    ----------
    x : array_like
        Samples, shape ``(n,)`` or ``(trials, n)``.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    References
    ----------
    ``miller1955``; ``paninski2003``, section 3.
    """
    xs = _as_samples(x, "x")
    n = xs.shape[1]
    scale = _log_base(base)
    h, m = _plugin_from_counts(_counts(xs), n)
    return _squeeze((h + (m - 1) / (2.0 * n)) / scale, np.ndim(x))


def _check_pair(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = _as_samples(x, "x"), _as_samples(y, "y")
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same shape, got x {np.shape(x)} and y {np.shape(y)}")
    return xs, ys


def plugin_mutual_information(x: Any, y: Any, base: float | None = None) -> float | np.ndarray:
    """Plug-in mutual information of paired discrete samples: :math:`\\hat H(X) + \\hat H(Y) - \\hat H(X, Y)`.

    This is the exact mutual information of the empirical joint pmf, hence in
    :math:`[0, \\min(\\log m_X, \\log m_Y)]`. Biased upwards: for independent X and Y with
    :math:`m_X, m_Y` symbols, :math:`E \\hat I \\approx \\frac{(m_X - 1)(m_Y - 1)}{2n}`.

    Parameters
    ----------
    x, y : array_like
        Paired samples, same shape, ``(n,)`` or ``(trials, n)``.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    References
    ----------
    ``paninski2003``, section 3.
    """
    xs, ys = _check_pair(x, y)
    n = xs.shape[1]
    hx, _ = _plugin_from_counts(_counts(xs), n)
    hy, _ = _plugin_from_counts(_counts(ys), n)
    hxy, _ = _plugin_from_counts(_counts(_pair_codes(xs, ys)), n)
    return _squeeze(np.maximum(hx + hy - hxy, 0.0) / _log_base(base), np.ndim(x))


def miller_madow_mutual_information(x: Any, y: Any, base: float | None = None) -> float | np.ndarray:
    """Miller-Madow mutual information: :math:`\\hat H_{MM}(X) + \\hat H_{MM}(Y) - \\hat H_{MM}(X,Y)`.

    The correction is :math:`(\\hat m_X + \\hat m_Y - \\hat m_{XY} - 1)/(2n)`, with :math:`\\hat m` the
    numbers of occupied cells; it can make the estimate negative (it is not clipped, so that its bias
    can be measured).

    Parameters
    ----------
    x, y : array_like
        Paired samples, same shape, ``(n,)`` or ``(trials, n)``.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    References
    ----------
    ``miller1955``; ``paninski2003``.
    """
    xs, ys = _check_pair(x, y)
    n = xs.shape[1]
    hx, mx = _plugin_from_counts(_counts(xs), n)
    hy, my = _plugin_from_counts(_counts(ys), n)
    hxy, mxy = _plugin_from_counts(_counts(_pair_codes(xs, ys)), n)
    value = hx + hy - hxy + (mx + my - mxy - 1) / (2.0 * n)
    return _squeeze(value / _log_base(base), np.ndim(x))


def _squeeze(values: np.ndarray, input_ndim: int) -> float | np.ndarray:
    return float(values[0]) if input_ndim == 1 else values


# ----------------------------------------------------------------------------------------------
# Estimators for continuous samples
# ----------------------------------------------------------------------------------------------
def _as_continuous(value: Any, name: str) -> np.ndarray:
    arr = as_float_array(value, name)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[0] < 2:
        raise ValueError(f"{name} must be an array of shape (n,) or (n, d) with n >= 2, got shape {np.shape(value)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain finite values")
    return arr


def binned_mutual_information(x: Any, y: Any, bins: int | tuple[int, int], base: float | None = None) -> float:
    """Mutual information of continuous samples after binning: the plug-in MI of the 2-D histogram.

    Each variable is cut into ``bins`` equal-width bins over its sample range (``numpy.histogram2d``)
    and :func:`plugin_mutual_information` is applied to the bin labels. The answer depends on the bin
    count, and not only through noise: few bins lose information (:math:`I(b(X); b(Y)) \\le I(X;Y)` by
    the data-processing inequality), many bins inflate the plug-in bias, roughly
    :math:`(m_X - 1)(m_Y - 1) / (2n)` for ``m`` occupied bins per axis.

    Parameters
    ----------
    x, y : array_like
        Paired scalar samples, shape ``(n,)`` each.
    bins : int or (int, int)
        Number of bins per axis, ``>= 1``.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    References
    ----------
    ``paninski2003``; ``kraskov2004``, section I.
    """
    xs, ys = _as_continuous(x, "x"), _as_continuous(y, "y")
    if xs.shape[1] != 1 or ys.shape[1] != 1:
        raise ValueError(f"x and y must be 1-D arrays of scalars, got shapes {np.shape(x)} and {np.shape(y)}")
    if xs.shape[0] != ys.shape[0]:
        raise ValueError(f"x and y must have the same length, got {xs.shape[0]} and {ys.shape[0]}")
    b_arr = check_integer(bins, "bins", 1, 10**6)
    if b_arr.shape not in ((), (2,)):
        raise ValueError(f"bins must be an integer or a pair of integers, got shape {b_arr.shape}")
    b = np.broadcast_to(b_arr, (2,))
    counts, _, _ = np.histogram2d(xs[:, 0], ys[:, 0], bins=(int(b[0]), int(b[1])))
    return mutual_information(counts / counts.sum(), base=base)


def _chebyshev_counts(points: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """For each point i, the number of other points j with :math:`\\max_k |p_{jk} - p_{ik}| <` ``radius[i]``."""
    if points.shape[1] == 1:  # one dimension: two binary searches per point on the sorted values
        v = points[:, 0]
        s = np.sort(v)
        n = s.size
        # hi: first index with s - v >= radius; lo: first index with v - s < radius. The searches on
        # v +- radius are exact up to rounding, so the boundaries are then fixed with exact differences.
        hi = np.searchsorted(s, v + radius, side="left")
        lo = np.searchsorted(s, v - radius, side="right")
        while (fix := (hi > 0) & (s[np.maximum(hi - 1, 0)] - v >= radius)).any():
            hi -= fix
        while (fix := (hi < n) & (s[np.minimum(hi, n - 1)] - v < radius)).any():
            hi += fix
        while (fix := (lo > 0) & (v - s[np.maximum(lo - 1, 0)] < radius)).any():
            lo -= fix
        while (fix := (lo < n) & (v - s[np.minimum(lo, n - 1)] >= radius)).any():
            lo += fix
        return np.maximum(hi - lo, 0) - 1  # [lo, hi) holds the point itself when radius > 0
    tree = cKDTree(points)
    r = np.nextafter(radius, 0)  # query_ball_point counts distances <= r; KSG needs < radius
    return tree.query_ball_point(points, r, p=np.inf, return_length=True) - 1


def ksg_mutual_information(x: Any, y: Any, k: int = 3, standardize: bool = True, base: float | None = None) -> float:
    """Kraskov-Stögbauer-Grassberger k-nearest-neighbour estimate of :math:`I(X;Y)` (their algorithm 1).

    With the max-norm in the joint space, :math:`\\varepsilon_i` the distance from point i to its k-th
    nearest neighbour and :math:`n_x(i)` (:math:`n_y(i)`) the number of other points whose x (y)
    coordinate lies strictly within :math:`\\varepsilon_i` of point i's,

    .. math::

        \\hat I = \\psi(k) + \\psi(n) - \\frac1n \\sum_{i=1}^n \\big[\\psi(n_x(i) + 1) + \\psi(n_y(i) + 1)\\big],

    :math:`\\psi` the digamma function. Consistent for distributions with densities; in
    :math:`O(n \\log n)` time (a KD-tree for the k-nearest neighbours, sorted binary searches or a
    KD-tree for the marginal counts). The estimate is not clipped at 0 (it can be slightly negative
    for independent variables); ties (repeated values, e.g. discrete data) break its assumptions.

    Parameters
    ----------
    x, y : array_like
        Paired samples, shape ``(n,)`` or ``(n, d_x)`` and ``(n, d_y)``.
    k : int, default 3
        Number of neighbours, ``1 <= k < n``. Larger k: lower variance, more bias when I is large.
    standardize : bool, default True
        Divide each coordinate by its standard deviation first (as ``scikit-learn`` does). The
        max-norm mixes the scales of X and Y, so the finite-sample estimate depends on this choice.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    References
    ----------
    ``kraskov2004``, equation (8).
    """
    xs, ys = _as_continuous(x, "x"), _as_continuous(y, "y")
    n = xs.shape[0]
    if ys.shape[0] != n:
        raise ValueError(f"x and y must have the same number of samples, got {n} and {ys.shape[0]}")
    k_i = check_int(k, "k", 1)
    if k_i >= n:
        raise ValueError(f"k must be < n (the number of samples, {n}), got {k!r}")
    if check_flag(standardize, "standardize"):
        xs, ys = (a / np.where(a.std(axis=0) > 0, a.std(axis=0), 1.0) for a in (xs, ys))
    joint = np.hstack([xs, ys])
    dist, _ = cKDTree(joint).query(joint, k=[k_i + 1], p=np.inf)  # the first neighbour is the point itself
    radius = dist[:, 0]
    if (radius <= 0).any():
        raise ValueError(
            f"x and y must be samples of continuous variables: some point has {k_i} exact duplicates in (x, y), "
            "so its k-th neighbour distance is 0 (add tiny noise, or use the discrete estimators)"
        )
    nx = _chebyshev_counts(xs, radius)
    ny = _chebyshev_counts(ys, radius)
    value = digamma(k_i) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1))
    return float(value) / _log_base(base)


# ----------------------------------------------------------------------------------------------
# Blahut-Arimoto
# ----------------------------------------------------------------------------------------------
def _check_channel(value: Any, name: str) -> np.ndarray:
    arr = as_float_array(value, name)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a 2-D row-stochastic matrix (rows = inputs), got shape {arr.shape}")
    if (arr < 0).any() or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must have finite non-negative entries")
    if not np.allclose(arr.sum(axis=1), 1.0, rtol=0, atol=PMF_TOLERANCE):
        raise ValueError(f"{name} must be row-stochastic: each row must sum to 1 (within {PMF_TOLERANCE:g})")
    return arr


def _row_divergences(channel: np.ndarray, q: np.ndarray) -> np.ndarray:
    """:math:`D(K_x \\| q)` for every row x of the channel (``inf`` if a row is not absolutely continuous)."""
    return rel_entr(channel, q[None, :]).sum(axis=1)


def capacity_bounds(
    K: Any,  # noqa: N803 - the course's name for a channel
    max_iter: int = 100_000,
    tol: float = 1e-12,
) -> tuple[float, float, np.ndarray]:
    """Certified lower and upper bounds on the capacity of a channel, from Blahut-Arimoto iterates.

    Iterates :math:`p_{t+1}(x) \\propto p_t(x) \\exp D(K_x \\| p_t K)` from the uniform input. For every
    input :math:`p` with output :math:`q = pK`,

    .. math:: I(p, K) \\le C \\le \\max_x D(K_x \\| q),

    the left side by definition of :math:`C`, the right side because :math:`I(p', K) = \\sum_x p'(x)
    D(K_x \\| q) - D(p'K \\| q)` for every :math:`p'`. The iteration stops once the two bounds are within
    ``tol`` or after ``max_iter`` steps, whichever comes first; the bounds hold in both cases. Convergence
    is linear at best and can be very slow when two rows are almost tied (their divergences from the
    optimal output differ by :math:`\\epsilon`, and input mass moves between them by a factor
    :math:`e^{\\epsilon}` per step), so the interval need not reach ``tol``.

    Parameters
    ----------
    K : array_like
        Channel matrix, shape ``(inputs, outputs)``, row-stochastic (``K[x, y] = P(Y=y | X=x)``).
    max_iter : int, default 100000
        Maximum number of iterations, ``>= 1``.
    tol : float, default 1e-12
        Stop once ``upper - lower < tol`` (nats), ``> 0``.

    Returns
    -------
    lower, upper : float
        :math:`I(p_t, K)` and :math:`\\max_x D(K_x \\| p_t K)` at the last iterate, in nats.
    p : ndarray
        The last input pmf :math:`p_t`.

    References
    ----------
    ``blahut1972``; ``arimoto1972``; ``cover2006``, section 10.8.
    """
    channel = _check_channel(K, "K")
    tol_f = single(check_positive(tol, "tol"), "tol")
    iters = check_int(max_iter, "max_iter", 1)
    p = np.full(channel.shape[0], 1.0 / channel.shape[0])
    for step in range(iters):  # iterations of a fixed-point map, not a loop over samples
        q = p @ channel
        d = _row_divergences(channel, q)
        lower, upper = float(p @ d), float(d.max())
        if upper - lower < tol_f or step == iters - 1:
            break  # the bounds and p belong to the same iterate
        w = p * np.exp(d - d.max())
        p = w / w.sum()
    return max(lower, 0.0), upper, p


def blahut_arimoto_capacity(
    K: Any,  # noqa: N803 - the course's name for a channel
    tol: float = 1e-12,
    max_iter: int = 100_000,
    base: float | None = None,
    return_input: bool = False,
) -> float | tuple[float, np.ndarray]:
    """Capacity :math:`C = \\max_{p} I(X;Y)` of a discrete memoryless channel, by the Blahut-Arimoto algorithm.

    Runs :func:`capacity_bounds` until the certified interval :math:`[I(p_t, K), \\max_x D(K_x \\| p_t K)]`
    is narrower than ``tol`` and returns its midpoint. On channels with almost tied rows the interval can
    stall above ``tol`` (see :func:`capacity_bounds`); ask for ``tol`` around ``1e-7`` on arbitrary
    channels, or use :func:`capacity_bounds` directly.

    Parameters
    ----------
    K : array_like
        Channel matrix, shape ``(inputs, outputs)``, row-stochastic (``K[x, y] = P(Y=y | X=x)``).
    tol : float, default 1e-12
        Accuracy in nats (the width of the certified interval), ``> 0``.
    max_iter : int, default 100000
        Maximum number of iterations; a ``RuntimeError`` is raised if reached.
    base : float, optional
        Logarithm base; ``None`` gives nats.
    return_input : bool, default False
        Also return the capacity-achieving input pmf found.

    Returns
    -------
    float, or (float, ndarray)
        The capacity, and the input pmf if asked.

    Raises
    ------
    RuntimeError
        If the interval is still wider than ``tol`` after ``max_iter`` iterations.

    References
    ----------
    ``blahut1972``; ``arimoto1972``; ``cover2006``, section 10.8.
    """
    scale = _log_base(base)
    want_input = check_flag(return_input, "return_input")
    lower, upper, p = capacity_bounds(K, max_iter=max_iter, tol=tol)
    if not upper - lower < tol:
        raise RuntimeError(
            f"Blahut-Arimoto did not reach tol={tol:g} in {max_iter} iterations "
            f"(certified interval [{lower:.12g}, {upper:.12g}] nats; see capacity_bounds)"
        )
    capacity = 0.5 * (lower + upper) / scale
    return (capacity, p) if want_input else capacity


def _rd_bernoulli_at_slopes(p: float, beta: np.ndarray, iters: int) -> tuple[np.ndarray, np.ndarray]:
    """Blahut-Arimoto for the rate-distortion of Bernoulli(p), Hamming distortion, at slopes ``beta`` (vectorised).

    Returns the distortion and rate (nats) of the converged test channel for each slope.
    """
    px = np.array([1.0 - p, p])
    dist = 1.0 - np.eye(2)  # Hamming distortion d(x, xhat)
    a = np.exp(-beta[:, None, None] * dist[None])  # (B, x, xhat)
    q = np.full((beta.size, 2), 0.5)  # reproduction pmf
    for _ in range(iters):  # fixed-point iterations, vectorised over the slopes
        w = q[:, None, :] * a
        cond = w / w.sum(axis=2, keepdims=True)  # Q(xhat | x)
        q = np.einsum("x,bxh->bh", px, cond)
    w = q[:, None, :] * a
    cond = w / w.sum(axis=2, keepdims=True)
    distortion = np.einsum("x,bxh,xh->b", px, cond, dist)
    joint = px[None, :, None] * cond
    ratio = np.divide(cond, q[:, None, :], out=np.ones_like(cond), where=joint > 0)
    rate = np.einsum("bxh,bxh->b", joint, np.log(ratio))
    return distortion, np.maximum(rate, 0.0)


def rate_distortion_bernoulli(
    p: float,
    D: float | np.ndarray,
    base: float | None = None,
    iters: int = 400,
) -> float | np.ndarray:
    """Rate-distortion function of a Bernoulli(p) source under Hamming distortion, by Blahut-Arimoto.

    :math:`R(D) = \\min_{P(\\hat X|X):\\, E d(X,\\hat X) \\le D} I(X; \\hat X)`. The Blahut-Arimoto
    iteration at slope :math:`-\\beta` converges to the point of the curve with that slope; the
    slope that meets each requested ``D`` is found by bisection on :math:`\\log\\beta` (all
    ``D`` at once). The closed form, which this computation does not use and the tests check, is
    :math:`R(D) = h(p) - h(D)` for :math:`0 \\le D < \\min(p, 1-p)` and 0 beyond.

    Parameters
    ----------
    p : float
        Source parameter in [0, 1].
    D : float or array
        Allowed expected Hamming distortion, ``>= 0``.
    base : float, optional
        Logarithm base; ``None`` gives nats.
    iters : int, default 400
        Blahut-Arimoto iterations per slope.

    References
    ----------
    ``blahut1972``; ``cover2006``, Theorem 10.3.1 and section 10.8.
    """
    p_f = single(check_probability(p, "p"), "p")
    d_a = check_nonnegative(D, "D")
    iters_i = check_int(iters, "iters", 1, 10**6)
    scale = _log_base(base)
    d_max = min(p_f, 1.0 - p_f)
    flat = d_a.ravel()
    out = np.zeros(flat.shape)
    zero_d = flat <= 0
    out[zero_d] = binary_entropy(p_f)  # lossless: R(0) = H(X)
    todo = (flat > 0) & (flat < d_max)
    if todo.any():
        target = flat[todo]
        lo, hi = np.full(target.shape, -20.0), np.full(target.shape, 20.0)  # log beta
        for _ in range(60):  # bisection: distortion decreases in beta
            mid = 0.5 * (lo + hi)
            dist, _ = _rd_bernoulli_at_slopes(p_f, np.exp(mid), iters_i)
            too_big = dist > target
            lo, hi = np.where(too_big, mid, lo), np.where(too_big, hi, mid)
        _, rate = _rd_bernoulli_at_slopes(p_f, np.exp(0.5 * (lo + hi)), iters_i)
        out[todo] = rate
    return scalar_or_array(out.reshape(d_a.shape) / scale)


# ----------------------------------------------------------------------------------------------
# Layers of a network on a finite data set: binned and noisy representations
# ----------------------------------------------------------------------------------------------
def _as_representation(value: Any, name: str) -> np.ndarray:
    """A layer's values on n inputs as a float array ``(n, d)`` (a 1-D array is one unit)."""
    arr = as_float_array(value, name)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must be an array of shape (n,) or (n, d) with n, d >= 1, got shape {np.shape(value)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain finite values")
    return arr


def binned_layer_information(
    t: Any, y: Any, bins: int, value_range: tuple[float, float] | None = None, base: float | None = None
) -> tuple[float, float]:
    """Information-plane coordinates of a binned deterministic layer on a finite data set.

    Every unit of the layer is cut into ``bins`` equal-width bins over ``value_range`` (by default the
    range of ``t``), and each input's binned vector :math:`B(t_i)` is one symbol. With X uniform on the
    n inputs (the empirical distribution; distinct inputs), Y the label of the input and
    :math:`T = t(X)` a deterministic function of X,

    .. math::

        I(X; B(T)) = H(B(T)) \\le \\log n, \\qquad I(Y; B(T)) = H(B(T)) + H(Y) - H(B(T), Y),

    both computed exactly from the counts (the plug-in formulas are exact for the empirical
    distribution). As estimates of the population quantities they are the usual binning estimates of
    the information-plane literature (``shwartzziv2017``), which depend on the bin count
    (``saxe2019``): :math:`I(X; T)` itself is :math:`\\log n` for a layer injective on the data, and
    infinite for continuous inputs.

    Parameters
    ----------
    t : array_like
        The layer's values on the n inputs, shape ``(n, d)`` (or ``(n,)`` for one unit).
    y : array_like
        The n labels (integers), shape ``(n,)``.
    bins : int
        Number of bins per unit, ``>= 1``.
    value_range : (float, float), optional
        Common range ``(lo, hi)`` of the bins, ``lo < hi``; values outside go to the end bins.
        ``None``: ``(t.min(), t.max())``. A fixed range (``(-1, 1)`` for tanh units) makes layers and
        epochs comparable.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    Returns
    -------
    (float, float)
        :math:`I(X; B(T))` and :math:`I(Y; B(T))`.

    References
    ----------
    ``shwartzziv2017``; ``saxe2019``.
    """
    ts = _as_representation(t, "t")
    ys = np.asarray(y)
    if ys.ndim != 1 or ys.shape[0] != ts.shape[0]:
        raise ValueError(f"y must be a 1-D array of {ts.shape[0]} labels (one per row of t), got shape {ys.shape}")
    b = single_int(check_sample_size(bins, "bins"), "bins")
    if value_range is None:
        lo, hi = float(ts.min()), float(ts.max())
    else:
        rng_a = as_float_array(value_range, "value_range")
        if rng_a.shape != (2,) or not np.all(np.isfinite(rng_a)) or rng_a[1] <= rng_a[0]:
            raise ValueError(f"value_range must be a pair (lo, hi) of finite numbers with lo < hi, got {value_range!r}")
        lo, hi = float(rng_a[0]), float(rng_a[1])
    width = (hi - lo) / b if hi > lo else 1.0
    codes = np.clip(np.floor((ts - lo) / width), 0, b - 1).astype(np.int64)
    _, symbol = np.unique(codes, axis=0, return_inverse=True)
    symbol = symbol.reshape(-1)
    scale = _log_base(base)
    h_t = float(plugin_entropy(symbol))
    return h_t / scale, float(plugin_mutual_information(symbol, ys)) / scale


def _check_mixture(means: Any, sigma: Any, weights: Any) -> tuple[np.ndarray, float, np.ndarray]:
    mu = _as_representation(means, "means")
    s = single(check_positive(sigma, "sigma"), "sigma")
    if not np.isfinite(s):
        raise ValueError(f"sigma must be finite, got {sigma!r}")
    if weights is None:
        w = np.full(mu.shape[0], 1.0 / mu.shape[0])
    else:
        w = _check_pmf(weights, "weights", ndim=1)
        if w.shape[0] != mu.shape[0]:
            raise ValueError(f"weights must have one entry per row of means ({mu.shape[0]}), got {w.shape[0]}")
    return mu, s, w


def _gaussian_entropy(d: int, sigma: float) -> float:
    """Differential entropy of :math:`\\mathcal N(0, \\sigma^2 I_d)`: :math:`\\tfrac d2 \\log(2\\pi e \\sigma^2)`."""
    return 0.5 * d * np.log(2 * np.pi * np.e * sigma**2)


def _sq_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    d2 = (a**2).sum(axis=1)[:, None] + (b**2).sum(axis=1)[None, :] - 2.0 * a @ b.T
    return np.maximum(d2, 0.0)


def _log_mean_exp(logits: np.ndarray, log_w: np.ndarray) -> np.ndarray:
    """Row-wise :math:`\\log \\sum_j w_j e^{a_{ij}}`, stably."""
    z = logits + log_w[None, :]
    top = z.max(axis=1, keepdims=True)
    return top[:, 0] + np.log(np.exp(z - top).sum(axis=1))


def gaussian_mixture_entropy(
    means: Any,
    sigma: float,
    *,
    rng: np.random.Generator,
    n_samples: int = 2000,
    weights: Any = None,
    base: float | None = None,
) -> tuple[float, float]:
    """Monte Carlo estimate of the differential entropy of a Gaussian mixture with a common isotropic covariance.

    The mixture :math:`p = \\sum_i w_i \\mathcal N(\\mu_i, \\sigma^2 I_d)` is the law of :math:`T + Z` for
    T drawn from the points :math:`\\mu_i` with probabilities :math:`w_i` and independent noise
    :math:`Z \\sim \\mathcal N(0, \\sigma^2 I_d)`: a noisy layer on a finite data set. The estimate is

    .. math::

        \\hat h = -\\frac1m \\sum_{r=1}^m \\log p(v_r), \\qquad v_r = \\mu_{i_r} + \\sigma \\varepsilon_r,
        \\ i_r \\sim w, \\ \\varepsilon_r \\sim \\mathcal N(0, I_d),

    unbiased for :math:`h(p)`, with the standard error :math:`\\mathrm{sd}(\\log p(v_r))/\\sqrt m`. The
    mutual information of the noisy layer with the input is then
    :math:`I(X; T + Z) = h(p) - \\tfrac d2 \\log(2\\pi e \\sigma^2)` (exactly, for a deterministic T); it lies in
    :math:`[0, H(w)]`. Cost :math:`O(m\\, k\\, d)` for k components.

    Parameters
    ----------
    means : array_like
        Component means, shape ``(k, d)`` (or ``(k,)`` in one dimension).
    sigma : float
        Common standard deviation of every coordinate of the noise, ``> 0``.
    rng : numpy.random.Generator
        Source of the Monte Carlo draws.
    n_samples : int, default 2000
        Number m of Monte Carlo draws, ``>= 2``.
    weights : array_like, optional
        Mixture weights (a pmf over the k components); ``None``: uniform.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    Returns
    -------
    (float, float)
        The estimate :math:`\\hat h` and its standard error.

    References
    ----------
    ``kolchinsky2017`` (the mixture and its entropy); ``goldfeld2019`` (noisy layers); ``cover2006``,
    Theorem 8.4.1 (the Gaussian entropy).
    """
    mu, s, w = _check_mixture(means, sigma, weights)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    m = single_int(check_sample_size(n_samples, "n_samples"), "n_samples")
    if m < 2:
        raise ValueError(f"n_samples must be >= 2 (for a standard error), got {n_samples!r}")
    k, d = mu.shape
    comp = rng.choice(k, size=m, p=w)
    v = mu[comp] + s * rng.standard_normal((m, d))
    log_w = np.log(np.where(w > 0, w, 1.0)) + np.where(w > 0, 0.0, -np.inf)
    log_p = _log_mean_exp(-_sq_distances(v, mu) / (2 * s**2), log_w) - 0.5 * d * np.log(2 * np.pi * s**2)
    scale = _log_base(base)
    return float(-log_p.mean()) / scale, float(log_p.std(ddof=1) / np.sqrt(m)) / scale


def gaussian_mixture_entropy_bounds(
    means: Any, sigma: float, weights: Any = None, base: float | None = None
) -> tuple[float, float]:
    """Pairwise-distance bounds on the entropy of a Gaussian mixture with a common isotropic covariance.

    For :math:`p = \\sum_i w_i \\mathcal N(\\mu_i, \\sigma^2 I_d)` and :math:`h_Z = \\tfrac d2 \\log(2\\pi e\\sigma^2)`,
    Kolchinsky and Tracey's bounds with the Bhattacharyya distance (lower) and the KL divergence
    (upper) between components are

    .. math::

        h_Z - \\sum_i w_i \\log \\sum_j w_j e^{-\\|\\mu_i - \\mu_j\\|^2 / (8\\sigma^2)}
        \\;\\le\\; h(p) \\;\\le\\;
        h_Z - \\sum_i w_i \\log \\sum_j w_j e^{-\\|\\mu_i - \\mu_j\\|^2 / (2\\sigma^2)} .

    Both lie in :math:`[h_Z, h_Z + H(w)]`; subtracting :math:`h_Z` bounds the noisy layer's
    :math:`I(X; T + Z)`. The upper bound is the kernel-density estimate of ``saxe2019``. Deterministic;
    cost :math:`O(k^2 d)`.

    Parameters
    ----------
    means : array_like
        Component means, shape ``(k, d)`` (or ``(k,)``).
    sigma : float
        Noise standard deviation, ``> 0``.
    weights : array_like, optional
        Mixture weights; ``None``: uniform.
    base : float, optional
        Logarithm base; ``None`` gives nats.

    Returns
    -------
    (float, float)
        Lower and upper bound on :math:`h(p)`.

    References
    ----------
    ``kolchinsky2017``; ``saxe2019`` (the upper bound as an estimator of a noisy layer's information).
    """
    mu, s, w = _check_mixture(means, sigma, weights)
    pos = w > 0
    mu, w = mu[pos], w[pos]
    # one exponential for both kernels: exp(-d2 / (2 s^2)) = exp(-d2 / (8 s^2)) ** 4; every row sum holds
    # its own term w_i * exp(0) > 0, so no underflow guard is needed
    bhatt = np.exp(-_sq_distances(mu, mu) / (8 * s**2))
    kl = np.square(np.square(bhatt))
    h_z = _gaussian_entropy(mu.shape[1], s)
    lower = h_z - float(np.sum(w * np.log(bhatt @ w)))
    upper = h_z - float(np.sum(w * np.log(kl @ w)))
    scale = _log_base(base)
    return lower / scale, upper / scale
