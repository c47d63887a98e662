"""Information bounds for noisy iterative algorithms (see genbounds.bounds).

Pensia, Jog and Loh's bound on :math:`I(S; W_T)` for an algorithm whose every step adds Gaussian
noise to a bounded update, and the generalization bound it gives with Xu and Raginsky's theorem.
Each step is a Gaussian channel with a power constraint, so its information is at most the
channel's capacity.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from genbounds._validation import check_nonnegative, check_positive, check_sample_size, single, single_int

__all__ = ["noisy_iterative_bound", "noisy_iterative_information"]


def _steps(lr: Any, M: Any, noise_std: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lr_a = np.atleast_1d(check_nonnegative(lr, "lr", finite=True)).astype(float)
    sd_a = np.atleast_1d(check_positive(noise_std, "noise_std")).astype(float)
    M_a = np.atleast_1d(check_nonnegative(M, "M", finite=True)).astype(float)
    if lr_a.ndim != 1 or sd_a.ndim != 1 or M_a.ndim != 1:
        raise ValueError("lr, noise_std and M must be scalars or 1-d arrays (one entry per step)")
    try:
        lr_b, sd_b, M_b = np.broadcast_arrays(lr_a, sd_a, M_a)
    except ValueError:
        raise ValueError(
            f"lr, noise_std and M must have the same length T (or length 1), got {lr_a.size}, {sd_a.size}, {M_a.size}"
        ) from None
    return lr_b, M_b, sd_b


def noisy_iterative_information(
    lr: Any, M: Any, noise_std: Any, d: int | None = None, *, steps: int | None = None
) -> float:
    """Pensia-Jog-Loh bound on :math:`I(S; W_T)` for a noisy iterative algorithm, in nats.

    The algorithm: :math:`W_0` independent of :math:`S`, and for :math:`t = 1, \\dots, T`

    .. math::

        W_t = W_{t-1} - \\alpha_t\\, g_t + \\xi_t, \\qquad \\xi_t \\sim \\mathcal N(0, \\sigma_t^2 I_d),

    where the update :math:`g_t = G_t(W_{t-1}, (Z_i)_{i \\in B_t})` is a deterministic function of the
    last iterate and of a mini-batch :math:`B_t` chosen by any rule (fixed order, uniform draws, or one that
    looks at the past iterates; a randomised update, such as a dropout mask, must be counted in
    :math:`B_t`), and the noise :math:`\\xi_t` is fresh: independent of
    :math:`(S, W_0, B_1, \\dots, B_t, \\xi_1, \\dots, \\xi_{t-1})` jointly. ``noise_std`` is
    :math:`\\sigma_t`, the standard deviation of the noise added to the **weights** (per coordinate). If
    :math:`\\E\\|g_t\\|^2 \\le M_t^2` (for instance :math:`\\|g_t\\| \\le M_t` after clipping), then

    .. math::

        I(S; W_T) \\le \\sum_{t=1}^T \\frac d2 \\log\\Big(1 + \\frac{\\alpha_t^2 M_t^2}{d\\, \\sigma_t^2}\\Big)
        \\le \\sum_{t=1}^T \\frac{\\alpha_t^2 M_t^2}{2 \\sigma_t^2}.

    The first form is returned when ``d`` is given, the relaxation (``log(1 + x) <= x``, the form of
    ``zhang2018``, eq. 63) when ``d`` is None. Proof: by data processing and the chain rule over the
    whole history :math:`W^{(t)} = (W_0, \\dots, W_t)`,
    :math:`I(S; W_T) \\le \\sum_t I(S; W_t \\mid W^{(t-1)})`; each term is at most
    :math:`h(U_t \\mid W^{(t-1)}) - h(\\xi_t)` for the increment :math:`U_t = -\\alpha_t g_t + \\xi_t`, whose
    second moment is at most :math:`\\alpha_t^2 M_t^2 + d \\sigma_t^2`, so its entropy is at most that of
    the Gaussian with this second moment (the capacity of a Gaussian channel with power
    :math:`\\alpha_t^2 M_t^2`).

    The same bound holds with :math:`M_t^2` the *conditional variance*
    :math:`\\E\\|g_t - \\E[g_t \\mid W^{(t-1)}]\\|^2 \\le \\E\\|g_t\\|^2`: the predictable part of the
    update is a translation given the history and costs nothing (chapter 8, ``prop-ch8-condvar``);
    pass those values as ``M`` (their square roots).

    If the noise is added to the gradient, :math:`W_t = W_{t-1} - \\alpha_t (g_t + \\zeta_t)` with
    :math:`\\zeta_t \\sim \\mathcal N(0, s_t^2 I)`, pass ``noise_std = lr * s``: the learning rate cancels.
    For SGLD with inverse temperature :math:`\\beta`, ``noise_std = sqrt(2 lr / beta)``.

    Parameters
    ----------
    lr : float or array-like, shape (T,)
        Learning rates :math:`\\alpha_t \\ge 0`.
    M : float or array-like, shape (T,)
        Bounds :math:`M_t \\ge 0` on the root mean square norm of the updates, :math:`\\E\\|g_t\\|^2 \\le M_t^2`.
    noise_std : float or array-like, shape (T,)
        :math:`\\sigma_t > 0`, standard deviation per coordinate of the noise added to the weights.
    d : int, optional
        Number of parameters (dimension of :math:`W`). None: the relaxed (dimension-free) form.
    steps : int, optional
        Number of steps :math:`T` when ``lr``, ``M`` and ``noise_std`` are all scalars (constant
        schedule); default: the common length of the arrays (1 if all are scalars).

    Returns
    -------
    float
        The bound in nats (``inf`` never occurs: ``noise_std`` must be positive).

    References
    ----------
    ``pensia2018``, Theorem 1 (with :math:`\\sup\\|g_t\\| \\le M_t`; the proof uses only the second moment);
    ``zhang2018``, eqs. (59)-(63); ``cover2006``, Theorem 9.1.1 (Gaussian channel).
    """
    lr_b, M_b, sd_b = _steps(lr, M, noise_std)
    if steps is not None:
        T = single_int(check_sample_size(steps, "steps"), "steps")
        if T > 10**8:
            raise ValueError(f"steps must be at most 10**8 (one entry per step is held in memory), got {steps!r}")
        if lr_b.size not in (1, T):
            raise ValueError(f"steps={T} does not match the length {lr_b.size} of the schedules lr, M and noise_std")
        lr_b, M_b, sd_b = (np.broadcast_to(a, (T,)) for a in (lr_b, M_b, sd_b))
    with np.errstate(over="ignore", under="ignore"):  # noise_std = inf: no information; huge ratios: inf
        snr = lr_b**2 * M_b**2 / sd_b**2
    if d is None:
        return float(np.sum(snr / 2))
    d_i = single_int(check_sample_size(d, "d"), "d")
    return float(np.sum(d_i / 2 * np.log1p(snr / d_i)))


def noisy_iterative_bound(
    n: int, sigma: float, lr: Any, M: Any, noise_std: Any, d: int | None = None, *, steps: int | None = None
) -> float:
    """Generalization bound for a noisy iterative algorithm: Xu-Raginsky with :func:`noisy_iterative_information`.

    .. math::

        |\\E[R(W_T) - R_S(W_T)]| \\le \\sqrt{\\frac{2\\sigma^2}{n}\\, I_T}, \\qquad
        I_T = \\sum_{t=1}^T \\frac d2 \\log\\Big(1 + \\frac{\\alpha_t^2 M_t^2}{d \\sigma_t^2}\\Big)
        \\;\\Big(\\le \\sum_t \\frac{\\alpha_t^2 M_t^2}{2\\sigma_t^2}\\Big).

    Conditions: those of :func:`noisy_iterative_information`, and a loss :math:`\\ell(w, Z)` that is
    :math:`\\sigma`-sub-Gaussian for every :math:`w` (a loss in :math:`[0, 1]`, such as the 0-1 error,
    has :math:`\\sigma = 1/2`). The loss evaluated need not be the one whose gradient is followed.
    With ``d=None`` it equals ``noisy_sgd_bound(n, sigma, 0, 1, M, lr, noise_std)``.

    Parameters
    ----------
    n : int
        Sample size.
    sigma : float
        Sub-Gaussian parameter of the loss, ``> 0``.
    lr, M, noise_std, d, steps
        As in :func:`noisy_iterative_information`.

    Returns
    -------
    float

    References
    ----------
    ``pensia2018``, Corollary 1; ``xu2017``, Theorem 1.
    """
    n_f = single(check_sample_size(n, "n"), "n")
    s_f = single(check_positive(sigma, "sigma"), "sigma")
    info = noisy_iterative_information(lr, M, noise_std, d, steps=steps)
    return float(np.sqrt(2 * s_f**2 * info / n_f))
