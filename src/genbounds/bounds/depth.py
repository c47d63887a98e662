"""Generalization bounds: depth family (see genbounds.bounds).

Zhang, Liu and Tao's exponential-in-depth bound and its noisy-SGD variant, as functions of their
quantities. Chapter 6 shows on an exact example that the depth factor is not justified by the
paper's proof (the classifier is computed from the last layer, so the SDPI is applied along the
wrong Markov chain); the functions compute the formulas as stated, for comparison.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from genbounds._validation import (
    check_integer,
    check_nonnegative,
    check_positive,
    check_probability,
    check_sample_size,
    scalar_or_array,
    single,
)

__all__ = ["geometric_mean_eta", "noisy_sgd_bound", "zhang_bound"]


def _check_depth(L: Any) -> np.ndarray:
    """The number of contraction layers: integers >= 0 (finite)."""
    return check_integer(L, "L", 0).astype(float)


def zhang_bound(mi: Any, n: Any, sigma: Any, L: Any, eta: Any) -> float | np.ndarray:
    """Zhang-Liu-Tao's bound (their Theorem 2, eq. 15), as stated.

    .. math::

        \\E[R(W) - R_S(W)] \\le \\exp\\Big(-\\frac L2 \\log\\frac1\\eta\\Big)
        \\sqrt{\\frac{2\\sigma^2}{n} I(S; W)} = \\eta^{L/2} \\sqrt{\\frac{2\\sigma^2}{n} I(S; W)}.

    Conditions claimed by the paper: the loss is :math:`\\sigma`-sub-Gaussian under
    :math:`P_W \\otimes \\mathcal D` given the layer weights, and every one of the ``L`` layers is a
    "contraction layer" with coefficient :math:`\\eta_k`, :math:`\\eta` their geometric mean
    (:func:`geometric_mean_eta`). With ``L = 0`` (or ``eta = 1``) it is Xu and Raginsky's bound
    ``xu2017``, which is proved; the factor :math:`\\eta^{L/2}` is not (chapter 6).

    Parameters
    ----------
    mi : float or array
        :math:`I(S; W) \\ge 0`, in nats.
    n : int or array
        Sample size, ``>= 1``.
    sigma : float or array
        Sub-Gaussian parameter, ``> 0`` (1/2 for a loss with values in [0, 1]).
    L : int or array
        Number of contraction layers, ``>= 0``.
    eta : float or array
        Contraction coefficient in [0, 1].

    Returns
    -------
    float or ndarray
        The bound (broadcast over the arguments).

    References
    ----------
    ``zhang2018``, Theorem 2; ``xu2017``.
    """
    mi_a = check_nonnegative(mi, "mi")
    n_a = check_sample_size(n, "n")
    sigma_a = check_positive(sigma, "sigma")
    L_a = _check_depth(L)
    eta_a = check_probability(eta, "eta")
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        factor = np.power(eta_a, L_a / 2)
        root = np.sqrt(2 * sigma_a**2 * mi_a / n_a)
    if ((np.isinf(sigma_a) & (mi_a == 0)) | (np.isinf(root) & (factor == 0))).any():
        raise ValueError("sigma and mi (or eta**(L/2) = 0 and an infinite sigma or mi) make inf * 0: the bound is undefined")
    with np.errstate(invalid="ignore"):
        return scalar_or_array(np.where(mi_a == 0, 0.0, factor * root))


def geometric_mean_eta(etas: Any) -> float:
    """The paper's :math:`\\eta = \\big(\\E_{w}\\prod_{k=1}^L \\eta_k\\big)^{1/L}` (eq. 16).

    Parameters
    ----------
    etas : array-like, shape (L,) or (draws, L)
        Per-layer coefficients in [0, 1]: one network, or one row per draw of the layer weights
        (the expectation is then the mean over rows).

    Returns
    -------
    float
        A geometric mean of the layer coefficients only when they are deterministic; with random
        weights it is the L-th root of the mean product, which is >= the mean of the geometric means.

    References
    ----------
    ``zhang2018``, eq. (16).
    """
    arr = check_probability(etas, "etas")
    if arr.ndim not in (1, 2) or arr.shape[-1] == 0:
        raise ValueError(f"etas must have shape (L,) or (draws, L) with L >= 1, got {arr.shape}")
    arr = np.atleast_2d(arr)
    return float(np.mean(np.prod(arr, axis=1)) ** (1.0 / arr.shape[1]))


def noisy_sgd_bound(n: Any, sigma: Any, L: Any, eta: Any, M: Any, lr: Any, noise_std: Any) -> float:
    """Zhang-Liu-Tao's bound for noisy SGD (their Theorem 4, eq. 26), as stated.

    .. math::

        |\\E[R(W) - R_S(W)]| \\le \\eta^{L/2} \\sqrt{\\frac{\\sigma^2}{n}
        \\sum_{t=1}^T \\frac{M^2 \\alpha_t^2}{\\sigma_t^2}}

    for ``T`` steps with learning rates :math:`\\alpha_t` and Gaussian noise standard deviations
    :math:`\\sigma_t`. Read ``M`` as a bound on the norm of the mini-batch gradient,
    :math:`\\E\\|g_t\\|^2 \\le M^2`: the paper assumes :math:`\\E\\|g_t\\|^2 \\le M` but its proof (eq. 59)
    uses :math:`M^2`. Each step contributes at most :math:`\\alpha_t^2 M^2 / (2\\sigma_t^2)` nats to
    :math:`I(S; W)` (Gaussian channel, ``pensia2018``); with ``L = 0`` the bound is proved.

    Parameters
    ----------
    n : int
        Sample size.
    sigma : float
        Sub-Gaussian parameter of the loss.
    L : int
        Number of contraction layers.
    eta : float
        Contraction coefficient in [0, 1].
    M : float
        Gradient-norm bound, ``>= 0``.
    lr, noise_std : array-like, shape (T,)
        Learning rates (``>= 0``) and noise standard deviations (``> 0``), one per step.

    Returns
    -------
    float

    References
    ----------
    ``zhang2018``, Theorem 4; ``pensia2018``.
    """
    lr_a = np.atleast_1d(check_nonnegative(lr, "lr", finite=True))
    sd_a = np.atleast_1d(check_positive(noise_std, "noise_std", finite=True))
    if lr_a.ndim != 1 or lr_a.shape != sd_a.shape:
        raise ValueError(f"lr and noise_std must be 1-d arrays of the same length, got {lr_a.shape} and {sd_a.shape}")
    M_f = single(check_nonnegative(M, "M", finite=True), "M")
    mi_bound = float(np.sum(M_f**2 * lr_a**2 / (2 * sd_a**2)))
    for value, name in ((n, "n"), (sigma, "sigma"), (L, "L"), (eta, "eta")):
        if np.ndim(value) != 0:
            raise ValueError(f"{name} must be a single number, got an array of shape {np.shape(value)}")
    return float(zhang_bound(mi_bound, n, sigma, L, eta))
