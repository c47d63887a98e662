"""Ghost-sample estimates: replace-one stability (see genbounds.ghost).

Zhang, Liu and Tao's eq. (50) (Shalev-Shwartz et al.'s identity): for any learning algorithm,

.. math::

    \\E[R(W) - R_S(W)] = \\frac1n \\sum_{i=1}^n \\E\\big[\\ell(W, Z'_i) - \\ell(W^i, Z'_i)\\big],

where :math:`W \\sim P_{W|S}`, :math:`Z'_i` is a fresh draw and :math:`W^i \\sim P_{W|S^i}` is trained on
:math:`S^i`, the sample with :math:`Z_i` replaced by :math:`Z'_i`. The proof is a relabelling:
:math:`(S^i, Z_i)` has the law of :math:`(S, Z'_i)`, so :math:`\\E\\ell(W^i, Z'_i) = \\E\\ell(W, Z_i)`.

References
----------
``shalev2010`` (learnability, stability and uniform convergence); ``zhang2018``, section 5 and eq. (50).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from genbounds._validation import as_float_array, check_callable

__all__ = ["StabilityEstimate", "replace_one_stability", "replace_one_stability_exact"]


@dataclass(frozen=True)
class StabilityEstimate:
    """Both sides of eq. (50), each a Monte Carlo mean with its standard error (0 when exact).

    Attributes
    ----------
    stability, stability_se : float
        :math:`\\frac1n\\sum_i \\E[\\ell(W, Z'_i) - \\ell(W^i, Z'_i)]`.
    gap, gap_se : float
        :math:`\\E[R(W) - R_S(W)]`, estimated on the same draws by
        :math:`\\frac1n\\sum_i [\\ell(W, Z'_i) - \\ell(W, Z_i)]`.
    """

    stability: float
    stability_se: float
    gap: float
    gap_se: float


def replace_one_stability(
    fit: Callable[[np.ndarray, np.ndarray], Any],
    loss: Callable[[Any, np.ndarray, np.ndarray], np.ndarray],
    x: Any,
    y: Any,
    x_ghost: Any,
    y_ghost: Any,
) -> StabilityEstimate:
    """Monte Carlo estimate of average replace-one stability (eq. 50), vectorised over trials.

    For each of ``trials`` independent samples ``(x, y)`` of size ``n`` and ghost samples
    ``(x_ghost, y_ghost)`` of the same size, fits ``W`` on the sample and, for every ``i``, ``W^i`` on
    the sample whose ``i``-th point is replaced by the ``i``-th ghost point (``n * trials`` fits, done
    by one batched call of ``fit``).

    Parameters
    ----------
    fit : callable
        ``fit(X, Y) -> W`` with ``X`` of shape ``(B, n, ...)`` and ``Y`` of shape ``(B, n, ...)``: fits
        ``B`` samples at once and returns a batch of hypotheses (any object that ``loss`` accepts).
        Must be deterministic (or draw from a generator of its own).
    loss : callable
        ``loss(W, X, Y) -> array (B, k)``: the loss of each of the ``B`` hypotheses on its ``k`` points.
    x, y : array-like, shape (trials, n, ...)
        Training samples.
    x_ghost, y_ghost : array-like, shape (trials, n, ...)
        Independent ghost samples from the same distribution.

    Returns
    -------
    StabilityEstimate
        Means over trials with standard errors (``std / sqrt(trials)``).

    References
    ----------
    ``shalev2010``; ``zhang2018``, eq. (50).
    """
    check_callable(fit, "fit")
    check_callable(loss, "loss")
    xs, ys = as_float_array(x, "x"), as_float_array(y, "y")
    xg, yg = as_float_array(x_ghost, "x_ghost"), as_float_array(y_ghost, "y_ghost")
    if xs.ndim < 2 or xs.shape[0] < 2:
        raise ValueError(f"x must have shape (trials, n, ...) with trials >= 2, got {xs.shape}")
    trials, n = xs.shape[:2]
    if ys.shape[:2] != (trials, n):
        raise ValueError(f"y must start with shape ({trials}, {n}), got {ys.shape}")
    if xg.shape != xs.shape or yg.shape != ys.shape:
        raise ValueError("x_ghost and y_ghost must have the shapes of x and y")
    w = fit(xs, ys)
    train = np.asarray(loss(w, xs, ys), dtype=float)  # (trials, n)
    test = np.asarray(loss(w, xg, yg), dtype=float)  # l(W, Z'_i)
    # replaced samples: batch index (trial, i); point i of trial t replaced by its ghost
    eye = np.eye(n, dtype=bool)
    mask_x = eye.reshape((1, n, n) + (1,) * (xs.ndim - 2))
    mask_y = eye.reshape((1, n, n) + (1,) * (ys.ndim - 2))
    xr = np.where(mask_x, xg[:, None], xs[:, None]).reshape((trials * n,) + xs.shape[1:])
    yr = np.where(mask_y, yg[:, None], ys[:, None]).reshape((trials * n,) + ys.shape[1:])
    wr = fit(xr, yr)
    zx = xg.reshape((trials * n, 1) + xs.shape[2:])
    zy = yg.reshape((trials * n, 1) + ys.shape[2:])
    replaced = np.asarray(loss(wr, zx, zy), dtype=float).reshape(trials, n)  # l(W^i, Z'_i)
    stab = (test - replaced).mean(axis=1)
    gap = (test - train).mean(axis=1)
    root = np.sqrt(trials)
    return StabilityEstimate(
        stability=float(stab.mean()),
        stability_se=float(stab.std(ddof=1) / root),
        gap=float(gap.mean()),
        gap_se=float(gap.std(ddof=1) / root),
    )


def replace_one_stability_exact(posterior: Any, loss: Any, pz: Any) -> StabilityEstimate:
    """Both sides of eq. (50) exactly, on a finite instance space, by enumerating ordered samples.

    Parameters
    ----------
    posterior : array-like, shape ``(m,) * n + (H,)``
        ``posterior[z_1, ..., z_n, h]`` = :math:`P(W = h \\mid S = (z_1, \\ldots, z_n))`.
    loss : array-like, shape (H, m)
        ``loss[h, z]`` = :math:`\\ell(h, z)`.
    pz : array-like, shape (m,)
        The pmf of one instance.

    Returns
    -------
    StabilityEstimate
        ``stability`` sums over :math:`(S, Z'_i)` with :math:`W^i` drawn from the posterior of the
        replaced sample, without using the relabelling; ``gap`` is
        :math:`\\E R(W) - \\E R_S(W)`; standard errors are 0. Cost :math:`O(n\\, m^{n+1} H)`.
    """
    pz_a = as_float_array(pz, "pz")
    if pz_a.ndim != 1 or pz_a.size == 0 or not np.isfinite(pz_a).all() or (pz_a < 0).any() or abs(pz_a.sum() - 1) > 1e-9:
        raise ValueError(f"pz must be a 1-d pmf, got {pz!r}")
    m = pz_a.size
    lo = as_float_array(loss, "loss")
    if lo.ndim != 2 or lo.shape[1] != m or lo.shape[0] == 0:
        raise ValueError(f"loss must have shape (H, {m}), got {lo.shape}")
    if not np.isfinite(lo).all():
        raise ValueError("loss must be finite")
    post = as_float_array(posterior, "posterior")
    n = post.ndim - 1
    if n < 1 or post.shape != (m,) * n + (lo.shape[0],):
        raise ValueError(f"posterior must have shape ({m},) * n + ({lo.shape[0]},), got {post.shape}")
    if not np.isfinite(post).all() or (post < 0).any() or not np.allclose(post.sum(axis=-1), 1.0, atol=1e-9):
        raise ValueError("posterior must be a pmf over hypotheses for every sample")
    # P(S) as a tensor of shape (m,)*n
    p_s = np.ones((1,) * n)
    for i in range(n):
        p_s = p_s * pz_a.reshape((1,) * i + (m,) + (1,) * (n - i - 1))
    risk = lo @ pz_a  # R(h)
    joint = p_s[..., None] * post  # P(S, W)
    expected_test = float(np.sum(joint * risk))
    expected_train = 0.0
    replaced_total = 0.0
    for i in range(n):
        # E l(W, Z_i): marginal of (Z_i, W)
        other = tuple(a for a in range(n) if a != i)
        m_zi_h = joint.sum(axis=other)  # (m, H)
        expected_train += float(np.sum(m_zi_h * lo.T)) / n
        # E l(W^i, Z'_i): S_{-i} ~ P, Z_i ~ pz (summed out), Z'_i ~ pz at position i of S^i
        # P(S_{-i}) * P(Z_i) * P(Z'_i) * P(h | S^i): the law of S^i is P(S), Z_i is independent
        s_i = np.moveaxis(post, i, -2)  # (..., z'_i, H)
        p_rest = p_s.sum(axis=i)  # P(S_{-i}) (Z_i summed out: its weights sum to 1)
        w = (p_rest[..., None, None] * pz_a[:, None] * s_i).reshape(-1, m, lo.shape[0])
        replaced_total += float(np.einsum("kzh,hz->", w, lo)) / n
    return StabilityEstimate(
        stability=expected_test - replaced_total,
        stability_se=0.0,
        gap=expected_test - expected_train,
        gap_se=0.0,
    )
