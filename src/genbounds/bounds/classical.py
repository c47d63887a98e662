"""Generalization bounds: the classical family (uniform convergence over a class).

Each function returns the raw value of its formula, which may exceed 1 (a vacuous bound); all
broadcast over array arguments. Losses are in [0, 1] unless a docstring says otherwise, and
logarithms are natural.

References
----------
``mohri2018``, chapter 3; ``shalev2014``, chapters 4, 6 and 26; ``golowich2018``; ``zhang2018``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln, logsumexp

from genbounds._validation import (
    MAX_INT,
    check_flag,
    check_integer,
    check_nonnegative,
    check_open_unit,
    check_positive,
    check_probability,
    check_sample_size,
    scalar_or_array,
)

__all__ = [
    "binary_classification_bound",
    "finite_class_bound",
    "norm_based_network_bound",
    "parameter_counting_bound",
    "rademacher_bound",
    "realizable_finite_class_bound",
    "vc_bound",
]


def _check_integer(value: object, name: str, minimum: int, maximum: int | None = MAX_INT) -> np.ndarray:
    """Integers >= ``minimum``; with ``maximum=None`` any size (an object array of Python integers if huge)."""
    return check_integer(value, name, minimum, maximum)


def _log_size(size: np.ndarray) -> np.ndarray:
    """Natural logarithm of positive integers of any size (exact-range ``math.log`` for Python integers)."""
    return np.vectorize(lambda k: math.log(int(k)), otypes=[float])(size) if size.dtype == object else np.log(size)


def finite_class_bound(size: int | np.ndarray, n: int | np.ndarray, delta: float | np.ndarray) -> float | np.ndarray:
    """Uniform deviation over a finite class (union bound + Hoeffding).

    With probability at least :math:`1 - \\delta` over an i.i.d. sample of size ``n``, every
    :math:`h` of a class :math:`\\cH` fixed before seeing the sample, with loss in [0, 1], satisfies

    .. math:: |R(h) - R_S(h)| \\le \\sqrt{\\frac{\\log|\\cH| + \\log(2/\\delta)}{2n}} .

    Parameters
    ----------
    size : int or array
        :math:`|\\cH| \\ge 1`.
    n : int or array
        Sample size, ``>= 1``.
    delta : float or array
        Failure probability in (0, 1).

    References
    ----------
    ``hu2023notes``, Theorem 5.1; ``shalev2014``, Corollary 4.6.
    """
    size_a = _check_integer(size, "size", 1, None)  # any size: |H| = 2**1000 is exact through math.log
    n_a = check_sample_size(n, "n")
    delta_a = check_open_unit(delta, "delta")
    return scalar_or_array(np.sqrt((_log_size(size_a) + np.log(2.0 / delta_a)) / (2.0 * n_a)))


def realizable_finite_class_bound(
    size: int | np.ndarray, n: int | np.ndarray, delta: float | np.ndarray
) -> float | np.ndarray:
    """Risk of a consistent hypothesis in a finite class, realizable case.

    If some :math:`h \\in \\cH` has risk 0 (0-1 loss), then with probability at least
    :math:`1 - \\delta` every :math:`h \\in \\cH` with :math:`R_S(h) = 0` satisfies

    .. math:: R(h) \\le \\frac{\\log|\\cH| + \\log(1/\\delta)}{n} ,

    because a hypothesis of risk above :math:`\\varepsilon` is consistent with probability at most
    :math:`(1 - \\varepsilon)^n \\le e^{-n\\varepsilon}`, and a union bound over the class.

    Parameters
    ----------
    size : int or array
        :math:`|\\cH| \\ge 1`.
    n : int or array
        Sample size, ``>= 1``.
    delta : float or array
        Failure probability in (0, 1).

    References
    ----------
    ``shalev2014``, Corollary 2.3.
    """
    size_a = _check_integer(size, "size", 1, None)
    n_a = check_sample_size(n, "n")
    delta_a = check_open_unit(delta, "delta")
    return scalar_or_array((_log_size(size_a) + np.log(1.0 / delta_a)) / n_a)


def parameter_counting_bound(
    n_params: int | np.ndarray, n: int | np.ndarray, delta: float | np.ndarray, bits: int = 32
) -> float | np.ndarray:
    """Finite-class bound for networks whose ``n_params`` weights are stored with ``bits`` bits each.

    Such networks form a class of at most :math:`2^{bW}` functions, fixed before the sample, so
    :func:`finite_class_bound` applies with :math:`\\log|\\cH| \\le bW \\log 2`:

    .. math:: |R(h) - R_S(h)| \\le \\sqrt{\\frac{b W \\log 2 + \\log(2/\\delta)}{2n}}

    for every such network, with probability at least :math:`1 - \\delta` (loss in [0, 1]). A float32
    network is exactly of this kind with :math:`b = 32`.

    Parameters
    ----------
    n_params : int or array
        Number of weights :math:`W \\ge 1`.
    n : int or array
        Sample size, ``>= 1``.
    delta : float or array
        Failure probability in (0, 1).
    bits : int, default 32
        Bits per weight, ``>= 1``.

    References
    ----------
    ``shalev2014``, section 4.2 (the "discretization trick"); ``hu2023notes``, section 5.
    """
    w_a = _check_integer(n_params, "n_params", 1)
    n_a = check_sample_size(n, "n")
    delta_a = check_open_unit(delta, "delta")
    b_a = _check_integer(bits, "bits", 1)
    return scalar_or_array(np.sqrt((b_a * w_a * np.log(2.0) + np.log(2.0 / delta_a)) / (2.0 * n_a)))


def _log_sauer(d: np.ndarray, n: np.ndarray) -> np.ndarray:
    """:math:`\\log \\sum_{i \\le d} \\binom ni`, stably (log-sum-exp of log-binomials)."""
    d_b, n_b = np.broadcast_arrays(d, n)
    out = np.empty(d_b.shape)
    for idx in np.ndindex(d_b.shape):  # one log-sum-exp per (d, n) pair: a handful of values
        i = np.arange(min(int(d_b[idx]), int(n_b[idx])) + 1)
        nn = float(n_b[idx])
        out[idx] = logsumexp(gammaln(nn + 1) - gammaln(i + 1) - gammaln(nn - i + 1))
    return out


def vc_bound(d: int | np.ndarray, n: int | np.ndarray, delta: float | np.ndarray) -> float | np.ndarray:
    """VC generalization bound for binary classification with the 0-1 loss.

    With probability at least :math:`1 - \\delta`, every :math:`h` of a class of VC dimension ``d``
    satisfies

    .. math:: R(h) \\le R_S(h) + \\sqrt{\\frac{2 \\log \\Phi_d(n)}{n}} + \\sqrt{\\frac{\\log(1/\\delta)}{2n}},
       \\qquad \\Phi_d(n) = \\sum_{i=0}^{d} \\binom ni \\le \\Big(\\frac{en}{d}\\Big)^d ,

    from the Rademacher bound (``empirical=False``), Massart's lemma and Sauer's lemma. With the
    relaxed form of Sauer's lemma this is Corollary 3.19 of ``mohri2018``; the exact sum used here is
    never larger. Returns the sum of the two square roots (one-sided: :math:`R - R_S`).

    Parameters
    ----------
    d : int or array
        VC dimension, ``>= 0``.
    n : int or array
        Sample size, ``>= 1``.
    delta : float or array
        Failure probability in (0, 1).

    References
    ----------
    ``mohri2018``, Corollaries 3.8 and 3.19; ``vapnik1998``.
    """
    d_a = _check_integer(d, "d", 0)
    n_a = check_sample_size(n, "n")
    delta_a = check_open_unit(delta, "delta")
    smallest = np.minimum(*np.broadcast_arrays(d_a, n_a))
    if smallest.size and int(np.max(smallest)) >= 10**7:
        raise ValueError(f"d must be below 10**7 when d < n (log-sum of min(d, n) + 1 binomials), got {d!r}")
    log_growth = _log_sauer(d_a, n_a)
    return scalar_or_array(np.sqrt(2.0 * log_growth / n_a) + np.sqrt(np.log(1.0 / delta_a) / (2.0 * n_a)))


def rademacher_bound(
    rademacher: float | np.ndarray,
    n: int | np.ndarray,
    delta: float | np.ndarray,
    empirical: bool = True,
) -> float | np.ndarray:
    """Rademacher generalization bound for a loss class with values in [0, 1].

    With probability at least :math:`1 - \\delta`, for every :math:`h \\in \\cH`,

    .. math:: R(h) - R_S(h) \\le 2\\, \\hat{\\mathfrak R}_S(\\ell \\circ \\cH) + 3\\sqrt{\\frac{\\log(2/\\delta)}{2n}}
       \\quad\\text{(empirical)}, \\qquad
       R(h) - R_S(h) \\le 2\\, \\mathfrak R_n(\\ell \\circ \\cH) + \\sqrt{\\frac{\\log(1/\\delta)}{2n}}
       \\quad\\text{(expected)} .

    ``rademacher`` is the complexity of the *loss* class :math:`\\{z \\mapsto \\ell(h, z)\\}`. For
    classification with labels :math:`\\pm1` and the 0-1 loss it is half the complexity of
    :math:`\\cH` itself (``mohri2018``, Lemma 3.4); for a loss that is :math:`\\rho`-Lipschitz in a
    real output, at most :math:`\\rho` times that of :math:`\\cH` (Talagrand's contraction lemma).

    Parameters
    ----------
    rademacher : float or array
        The (empirical or expected) Rademacher complexity, ``>= 0``.
    n : int or array
        Sample size, ``>= 1``.
    delta : float or array
        Failure probability in (0, 1).
    empirical : bool, default True
        Whether ``rademacher`` is the empirical complexity of the sample at hand.

    References
    ----------
    ``mohri2018``, Theorem 3.3; ``bartlett2002``.
    """
    rad = check_nonnegative(rademacher, "rademacher")
    n_a = check_sample_size(n, "n")
    delta_a = check_open_unit(delta, "delta")
    if check_flag(empirical, "empirical"):
        return scalar_or_array(2.0 * rad + 3.0 * np.sqrt(np.log(2.0 / delta_a) / (2.0 * n_a)))
    return scalar_or_array(2.0 * rad + np.sqrt(np.log(1.0 / delta_a) / (2.0 * n_a)))


def norm_based_network_bound(
    B: float | np.ndarray, L: int | np.ndarray, n: int | np.ndarray, delta: float | np.ndarray
) -> float | np.ndarray:
    """Norm-based bound for depth-``L`` networks with Frobenius-bounded layers.

    The class is :math:`\\{x \\mapsto W_L \\sigma(W_{L-1} \\cdots \\sigma(W_1 x)) : \\|W_j\\|_F \\le B\\}`
    with scalar output, no biases, and an activation :math:`\\sigma` that is 1-Lipschitz and positively
    homogeneous (:math:`\\sigma(a u) = a \\sigma(u)` for :math:`a \\ge 0`, e.g. ReLU). For inputs with
    :math:`\\|x\\|_2 \\le 1` its empirical Rademacher complexity is at most
    :math:`B^L (1 + \\sqrt{2 L \\log 2}) / \\sqrt n` (``golowich2018``, Theorem 1). For a loss with values
    in [0, 1] that is 1-Lipschitz in the network's output (e.g. the ramp loss), the contraction lemma
    and :func:`rademacher_bound` give, with probability at least :math:`1 - \\delta`, for every network
    of the class,

    .. math::

       R(h) - R_S(h) \\le \\frac{2 B^L}{\\sqrt n}\\big(1 + \\sqrt{2 L \\log 2}\\big)
       + 3\\sqrt{\\frac{\\log(2/\\delta)}{2n}} .

    ``B`` must be fixed before the sample is seen; using the norms of a trained network requires a
    union bound over a grid of values of ``B`` (a small additional term, not included).

    Parameters
    ----------
    B : float or array
        Bound on every layer's Frobenius norm, ``> 0``.
    L : int or array
        Number of weight matrices (depth), ``>= 1``.
    n : int or array
        Sample size, ``>= 1``.
    delta : float or array
        Failure probability in (0, 1).

    References
    ----------
    ``hu2023notes``, Theorem 5.2; ``golowich2018``, Theorem 1; ``mohri2018``, Theorem 3.3.
    """
    b = check_positive(B, "B")
    L_a = _check_integer(L, "L", 1)
    n_a = check_sample_size(n, "n")
    delta_a = check_open_unit(delta, "delta")
    with np.errstate(over="ignore"):  # B**L above the float range is inf: so is the bound
        complexity = b**L_a * (1.0 + np.sqrt(2.0 * L_a * np.log(2.0))) / np.sqrt(n_a)
    return scalar_or_array(2.0 * complexity + 3.0 * np.sqrt(np.log(2.0 / delta_a) / (2.0 * n_a)))


def binary_classification_bound(
    vc_dim: int | np.ndarray,
    n: int | np.ndarray,
    depth: int | np.ndarray,
    eta: float | np.ndarray,
    sigma: float | np.ndarray = 0.5,
) -> float | np.ndarray:
    """Zhang-Liu-Tao's bound on the expected generalization gap of binary classification by a deep network.

    .. math:: |\\E[R(W) - R_S(W)]| \\le \\exp\\Big(-\\frac L2 \\log\\frac1\\eta\\Big)
       \\sqrt{\\frac{2\\sigma^2 \\hat d}{n}\\, c(n)}, \\qquad
       c(n) = \\begin{cases} 1 & n \\le \\hat d \\\\ \\log(en/\\hat d) & n > \\hat d \\end{cases}

    where :math:`\\hat d` is the VC dimension of the output classifier's class, ``L`` the number of
    hidden (contraction) layers, :math:`\\eta = (\\prod_k \\eta_k)^{1/L}` the geometric mean of their
    strong data-processing coefficients and :math:`\\sigma` the sub-Gaussian parameter of the loss
    (``0.5`` for the 0-1 loss). The prefactor equals :math:`\\eta^{L/2}`. The log sits under the square
    root, as the proof (their equation 65 with Sauer's lemma) gives; the flattened statement is
    ambiguous about it.

    The formula is computed as stated; whether its conditions can hold is discussed in the chapter
    (a deterministic layer has :math:`\\eta_k = 1`, and the proof's step
    :math:`I(S; h \\mid w) \\le \\log \\Pi(n)` needs the learner's output to take at most
    :math:`\\Pi(n)` values).

    Parameters
    ----------
    vc_dim : int or array
        :math:`\\hat d \\ge 1`.
    n : int or array
        Sample size, ``>= 1``.
    depth : int or array
        Number of contraction layers ``L >= 0``.
    eta : float or array
        Geometric-mean contraction coefficient in [0, 1].
    sigma : float or array, default 0.5
        Sub-Gaussian parameter of the loss, ``> 0``.

    References
    ----------
    ``zhang2018``, Theorem 6 (equations 28-29) and its proof in section 8.5.
    """
    d_a = _check_integer(vc_dim, "vc_dim", 1)
    n_a = check_sample_size(n, "n")
    L_a = _check_integer(depth, "depth", 0)
    eta_a = check_probability(eta, "eta")
    sigma_a = check_positive(sigma, "sigma", finite=True)
    with np.errstate(divide="ignore"):
        c = np.where(n_a > d_a, np.log(np.e * n_a / d_a), 1.0)
    prefactor = eta_a ** (L_a / 2.0)
    return scalar_or_array(prefactor * np.sqrt(2.0 * sigma_a**2 * d_a * c / n_a))
