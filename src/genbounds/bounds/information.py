"""Information-theoretic bounds on the expected generalization gap (see genbounds.bounds).

Every function returns the raw value of its formula (it may exceed the range of the loss: a
vacuous bound). The quantities they take (mutual information, CMI, KL) are in nats.

The common step of their proofs is the Donsker-Varadhan variational formula
:math:`\\KL(P\\|Q) = \\sup_f \\{\\E_P f - \\log \\E_Q e^{f}\\}` applied to the joint law of
:math:`(W, Z_i)` and the product of its marginals, whose divergence is :math:`I(W; Z_i)`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import optimize

from genbounds._validation import (
    as_float_array,
    check_callable,
    check_int,
    check_interval,
    check_nonnegative,
    check_positive,
    check_sample_size,
    scalar_or_array,
    single,
)


def _defined(scale: np.ndarray, value: np.ndarray, names: str) -> None:
    """Refuse ``inf * 0`` in ``scale * sqrt(value)`` (``scale > 0``, ``value >= 0``): the bound is undefined."""
    if (np.isinf(scale) & (np.asarray(value) == 0)).any():
        raise ValueError(f"{names} must not be infinite where the other factor is 0 (inf * 0 is undefined)")


def _finish(bound: np.ndarray, value: np.ndarray) -> np.ndarray:
    """The bound, 0 where ``value`` is 0 (a finite scale squared may overflow: inf * 0 there means 0)."""
    return np.where(np.asarray(value) == 0, 0.0, bound)

__all__ = [
    "cgf_bound",
    "cmi_bound",
    "fcmi_bound",
    "ood_bound",
    "rate_distortion_bound",
    "subgaussian_parameter",
    "xu_raginsky_bound",
]


def subgaussian_parameter(a: float, b: float) -> float:
    """Sub-Gaussian parameter of any random variable with values in ``[a, b]``: :math:`\\sigma = (b - a)/2`.

    Hoeffding's lemma: :math:`\\log \\E e^{\\lambda (X - \\E X)} \\le \\lambda^2 (b-a)^2 / 8` for all
    real :math:`\\lambda`. So a loss in :math:`[0, M]` is :math:`M/2`-sub-Gaussian, and a loss with
    :math:`|\\ell| \\le M` (range :math:`[-M, M]`) only :math:`M`-sub-Gaussian. The constant is the
    best possible: a fair coin on :math:`\\{a, b\\}` has variance :math:`(b-a)^2/4 = \\sigma^2`.

    References
    ----------
    ``hoeffding1963``; ``boucheron2013``, Lemma 2.2.
    """
    lo, hi = check_interval(a, b)
    return (hi - lo) / 2.0


def xu_raginsky_bound(mi: float | np.ndarray, n: int | np.ndarray, sigma: float | np.ndarray) -> float | np.ndarray:
    """Xu-Raginsky bound :math:`|\\E[R(W) - R_S(W)]| \\le \\sqrt{2 \\sigma^2 I(S;W) / n}`.

    Conditions: :math:`S = (Z_1, \\dots, Z_n)` i.i.d. from :math:`\\cD`; :math:`W` any (randomised)
    function of :math:`S`; for **every** :math:`w`, :math:`\\ell(w, Z)` with :math:`Z \\sim \\cD` is
    :math:`\\sigma`-sub-Gaussian: :math:`\\log \\E e^{\\lambda(\\ell(w,Z) - R(w))} \\le \\lambda^2\\sigma^2/2`
    for all real :math:`\\lambda`. Alternatively (``bu2020``), :math:`\\ell(\\bar W, \\bar Z)` is
    :math:`\\sigma`-sub-Gaussian for :math:`\\bar W \\sim P_W` independent of :math:`\\bar Z \\sim \\cD`.
    Neither condition implies the other (a mixture over :math:`w` of :math:`\\sigma`-sub-Gaussian losses
    with different means :math:`R(w)` need not be :math:`\\sigma`-sub-Gaussian); both hold for a loss with
    values in an interval of length :math:`2\\sigma`. A loss in :math:`[0, M]`
    gives :math:`\\sigma = M/2` and the bound :math:`\\sqrt{M^2 I / (2n)}`; a loss with
    :math:`|\\ell| \\le M` gives :math:`\\sigma = M` and :math:`\\sqrt{2 M^2 I / n}`.

    Parameters
    ----------
    mi : float or array
        :math:`I(S; W) \\ge 0` in nats.
    n : int or array
        Sample size.
    sigma : float or array
        Sub-Gaussian parameter, ``> 0``.

    References
    ----------
    ``xu2017``, Theorem 1; ``russo2016`` for the one-hypothesis-at-a-time version.
    """
    mi_a = check_nonnegative(mi, "mi")
    n_a = check_sample_size(n, "n")
    s_a = check_positive(sigma, "sigma")
    _defined(s_a, mi_a, "sigma and mi")
    with np.errstate(over="ignore", invalid="ignore"):
        return scalar_or_array(_finish(np.sqrt(2.0 * s_a**2 * mi_a / n_a), mi_a))


def cgf_bound(mi: float, n: int, cgf: Callable[[np.ndarray], np.ndarray], lam_max: float = np.inf) -> float:
    """Bound from a cumulant generating function (CGF) of the loss.

    .. math::

        \\E[R(W) - R_S(W)] \\le \\inf_{0<\\lambda<\\lambda_{\\max}} \\frac{I(S;W)/n + \\psi(\\lambda)}{\\lambda}.

    Condition: with :math:`\\bar W \\sim P_W` independent of :math:`\\bar Z \\sim \\cD`,
    :math:`\\log \\E e^{-\\lambda(\\ell(\\bar W,\\bar Z) - \\E \\ell(\\bar W, \\bar Z))} \\le \\psi(\\lambda)`
    for :math:`0 < \\lambda < \\lambda_{\\max}` (the *lower* tail of the loss under the product of
    the marginals: only it enters the upper bound on the gap). It holds for unbounded losses, such as
    the squared loss of a Gaussian, whose lower tail is sub-Gaussian even though the upper tail is
    not. With :math:`\\psi(\\lambda) = \\sigma^2\\lambda^2/2` it is :func:`xu_raginsky_bound`.

    Proof sketch: Donsker-Varadhan with :math:`f = -\\lambda \\ell` gives, for each :math:`i`,
    :math:`\\lambda(\\E_{P_W \\otimes \\cD}\\ell - \\E_{P_{W,Z_i}}\\ell) \\le I(W;Z_i) + \\psi(\\lambda)`;
    average over :math:`i` and use :math:`\\sum_i I(W;Z_i) \\le I(S;W)` (independent :math:`Z_i`).

    Parameters
    ----------
    mi : float
        :math:`I(S;W)` in nats.
    n : int
        Sample size.
    cgf : callable
        :math:`\\psi`, vectorised over an array of :math:`\\lambda > 0`, finite below ``lam_max``.
    lam_max : float
        Upper end of the range of :math:`\\lambda` where ``cgf`` is valid.

    References
    ----------
    ``xu2017``, Theorem 2 and its proof; ``russo2016``; ``bu2020`` (individual-sample version).
    """
    mi_f = single(check_nonnegative(mi, "mi", finite=True), "mi")
    n_f = float(check_int(n, "n", 1))
    lm = single(check_positive(lam_max, "lam_max"), "lam_max")
    check_callable(cgf, "cgf")

    def objective(log_lam: float) -> float:
        lam = np.exp(log_lam)
        return float((mi_f / n_f + np.asarray(cgf(np.array([lam])))[0]) / lam)

    hi = np.log(lm) - 1e-9 if np.isfinite(lm) else 30.0
    grid = np.linspace(-30.0, hi, 400)
    values = np.array([objective(g) for g in grid])
    j = int(np.nanargmin(values))
    lo_b, hi_b = grid[max(j - 1, 0)], grid[min(j + 1, grid.size - 1)]
    res = optimize.minimize_scalar(objective, bounds=(lo_b, hi_b), method="bounded", options={"xatol": 1e-12})
    return float(min(res.fun, values[j]))


def cmi_bound(cmi: float | np.ndarray, n: int | np.ndarray, loss_range: float = 1.0) -> float | np.ndarray:
    """Steinke-Zakynthinou bound :math:`|\\E[R(W) - R_S(W)]| \\le M \\sqrt{2\\, \\mathrm{CMI} / n}`.

    Conditions: loss in :math:`[0, M]` (``loss_range`` = M), :math:`\\mathrm{CMI} = I(W; U \\mid \\tilde Z)`
    for the supersample :math:`\\tilde Z` of :math:`n` i.i.d. pairs and a uniform selector
    :math:`U \\in \\{0,1\\}^n`. Unlike :math:`I(S;W)`, :math:`\\mathrm{CMI} \\le n \\log 2` always,
    so the bound is finite even for deterministic learners with continuous data.

    References
    ----------
    ``steinke2020``.
    """
    c = check_nonnegative(cmi, "cmi", finite=True)  # CMI <= n log 2: never infinite
    n_a = check_sample_size(n, "n")
    m = check_positive(loss_range, "loss_range")
    _defined(m, c, "loss_range and cmi")
    with np.errstate(over="ignore", invalid="ignore"):
        return scalar_or_array(_finish(m * np.sqrt(2.0 * c / n_a), c))


def fcmi_bound(pair_mi: np.ndarray, loss_range: float = 1.0) -> float:
    """Functional CMI bound of ``harutyunyan2021``.

    .. math::

        |\\E \\gen| \\le \\frac{M}{n} \\sum_{i=1}^n \\E_{\\tilde Z} \\sqrt{2\\, I^{\\tilde Z}(F_i; U_i)}.

    :math:`F_i` are the learner's predictions on both members of pair :math:`i`; the loss is a
    function of prediction and label, with values in :math:`[0, M]`. By Jensen's inequality it is
    at most :math:`\\frac{M}{n}\\sum_i \\sqrt{2 I(F_i; U_i \\mid \\tilde Z)}` and at most the CMI bound.

    Parameters
    ----------
    pair_mi : array_like, shape ``(k1, n)`` (or ``(n,)``)
        :math:`I^{\\tilde z}(F_i; U_i)` for each of ``k1`` supersamples and each pair, in nats
        (e.g. :meth:`genbounds.ghost.gap.Supersample.pair_mutual_information`). Estimates slightly below
        0 are clipped at 0 before the square root.
    loss_range : float
        :math:`M`.

    Returns
    -------
    float
        The average over supersamples of the bound.

    References
    ----------
    ``harutyunyan2021``.
    """
    mi = as_float_array(pair_mi, "pair_mi")
    if mi.ndim not in (1, 2) or mi.size == 0:
        raise ValueError(f"pair_mi must have shape (n,) or (k1, n), got {mi.shape}")
    m = check_positive(loss_range, "loss_range")
    if m.ndim != 0:
        raise ValueError(f"loss_range must be a single number, got an array of shape {m.shape}")
    root = np.mean(np.sqrt(2.0 * np.clip(mi, 0.0, None)))
    _defined(m, root, "loss_range and pair_mi")
    return float(_finish(m * root, root))


def ood_bound(
    mi: float | np.ndarray, n: int | np.ndarray, kl: float | np.ndarray, sigma: float | np.ndarray
) -> float | np.ndarray:
    """Out-of-distribution bound :math:`|\\E[R_{\\mu'}(W) - R_S(W)]| \\le \\sqrt{2\\sigma^2 (I(S;W)/n + \\KL(\\mu \\| \\mu'))}`.

    Conditions: training sample i.i.d. from :math:`\\mu`; test risk :math:`R_{\\mu'}` under
    :math:`\\mu'`; for every :math:`w`, :math:`\\ell(w, Z')` with :math:`Z' \\sim \\mu'` (the **test**
    distribution) is :math:`\\sigma`-sub-Gaussian, or (the condition stated in chapter 5, as in
    ``bu2020``) :math:`\\ell(\\bar W, Z')` is :math:`\\sigma`-sub-Gaussian for :math:`\\bar W \\sim P_W`
    independent of :math:`Z' \\sim \\mu'`; :math:`\\KL(\\mu\\|\\mu') < \\infty`. Proof: as
    Xu-Raginsky, with :math:`\\KL(P_{W,Z_i} \\| P_W \\otimes \\mu') = I(W;Z_i) + \\KL(\\mu\\|\\mu')`.
    With :math:`\\mu' = \\mu` it is :func:`xu_raginsky_bound`.

    References
    ----------
    ``wu2020``, Corollary 2.
    """
    mi_a = check_nonnegative(mi, "mi")
    n_a = check_sample_size(n, "n")
    kl_a = check_nonnegative(kl, "kl")
    s_a = check_positive(sigma, "sigma")
    _defined(s_a, mi_a + kl_a, "sigma and mi + kl")
    with np.errstate(over="ignore", invalid="ignore"):
        return scalar_or_array(_finish(np.sqrt(2.0 * s_a**2 * (mi_a / n_a + kl_a)), mi_a + kl_a))


def rate_distortion_bound(
    mi_hat: float | np.ndarray, n: int | np.ndarray, sigma: float | np.ndarray, distortion: float | np.ndarray
) -> float | np.ndarray:
    """Rate-distortion (compression) bound :math:`\\E[\\gen(S, W)] \\le \\sqrt{2\\sigma^2 I(S;\\hat W)/n} + \\varepsilon`.

    Conditions: :math:`S` i.i.d. from :math:`\\cD`; :math:`W \\sim P_{W\\mid S}` any algorithm and
    :math:`\\hat W \\sim P_{\\hat W \\mid S}` any *compressed* output (a randomised function of :math:`S`,
    for instance of :math:`W`), with values where the loss is defined; the loss of the compressed
    output is :math:`\\sigma`-sub-Gaussian in the sense of :func:`xu_raginsky_bound` (for every
    :math:`\\hat w`, or under :math:`P_{\\hat W} \\otimes \\cD`); and the **one-sided** distortion condition
    :math:`\\E[\\gen(S, W) - \\gen(S, \\hat W)] \\le \\varepsilon`, any real :math:`\\varepsilon` (it may be
    negative). Proof: Xu-Raginsky for :math:`\\hat W` plus the distortion condition. Minimising over
    :math:`P_{\\hat W\\mid S}` gives :math:`\\sqrt{2\\sigma^2 \\mathrm{RD}(\\varepsilon)/n} + \\varepsilon` with
    the rate-distortion function :math:`\\mathrm{RD}(\\varepsilon) = \\inf I(S;\\hat W)` over the compressions
    that meet the condition. The bound is one-sided (an upper bound on the gap); the lecture notes'
    two-sided form with :math:`|\\cdot| \\le \\varepsilon` is the special case :math:`\\varepsilon \\ge 0`.

    Parameters
    ----------
    mi_hat : float or array
        :math:`I(S;\\hat W) \\ge 0` in nats.
    n : int or array
        Sample size.
    sigma : float or array
        Sub-Gaussian parameter of the loss of the compressed output, ``> 0``.
    distortion : float or array
        :math:`\\varepsilon`, any finite real number.

    References
    ----------
    ``sefidgaran2022``; ``xu2017``.
    """
    mi_a = check_nonnegative(mi_hat, "mi_hat")
    n_a = check_sample_size(n, "n")
    s_a = check_positive(sigma, "sigma")
    eps = as_float_array(distortion, "distortion")
    if not np.all(np.isfinite(eps)):
        raise ValueError("distortion must be finite")
    return scalar_or_array(np.sqrt(2.0 * s_a**2 * mi_a / n_a) + eps)
