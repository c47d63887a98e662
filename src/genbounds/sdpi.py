"""Channels and their contraction coefficients: the strong data processing inequality (SDPI).

A *channel* is a row-stochastic matrix ``K`` of shape ``(m, k)``: row ``x`` is the law of the output
``Y`` given the input ``X = x``. For an input pmf ``p`` the output pmf is ``p @ K``. The data processing
inequality says :math:`I(U; Y) \\le I(U; X)` along any Markov chain :math:`U \\to X \\to Y`; the strong
version asks for a factor :math:`\\eta < 1` in front of :math:`I(U; X)`. Three coefficients measure it:

================================  ==================================================================
:func:`eta_tv`                    Dobrushin's coefficient, largest total variation between two rows
:func:`eta_chi2`                  squared maximal correlation of ``(X, Y)`` for the input ``p``
:func:`eta_kl`                    :math:`\\sup D(qK \\| pK) / D(q \\| p)`, for a given ``p`` or over all
================================  ==================================================================

They satisfy the certificate chain
:math:`\\eta_{\\chi^2}(K, p) \\le \\eta_{KL}(K, p) \\le \\eta_{KL}(K) \\le \\eta_{TV}(K)`, and
:math:`\\eta_{KL}(K, p) = \\sup_{U} I(U; Y) / I(U; X)` over chains :math:`U \\to X \\to Y` with
:math:`X \\sim p`. Besides, :math:`\\eta_{KL}(K) = \\sup_p \\eta_{\\chi^2}(K, p)`, which is how
:func:`eta_kl` computes the input-free coefficient.

References
----------
``ahlswede1976`` (maximal correlation and hypercontraction); ``dobrushin1956``;
``polyanskiy2017`` (survey: the certificate chain, the closed forms for the binary symmetric and
erasure channels, :math:`\\eta_{KL}(K) = \\sup_p \\eta_{\\chi^2}(K, p)`); ``zhang2018`` (the use in
deep networks that chapter 6 examines).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize

from genbounds._validation import as_float_array, check_int, check_nonnegative, check_probability, check_rng, single
from genbounds.information import mutual_information

__all__ = [
    "CHANNEL_TOLERANCE",
    "Certificates",
    "apply_product_channel",
    "binary_erasure_channel",
    "binary_symmetric_channel",
    "certificates",
    "compose",
    "deterministic_channel",
    "eta_chi2",
    "eta_kl",
    "eta_tv",
    "information_along_chain",
    "is_channel",
    "random_channel",
    "symmetric_channel",
]

#: Absolute tolerance on the row sums of a channel (and on the sum of a pmf).
CHANNEL_TOLERANCE = 1e-9

#: Largest alphabet (number of inputs or outputs) of a channel built here: a dense (m, k) float array.
MAX_ALPHABET = 10**4


# ----------------------------------------------------------------------------------------------
# Channels
# ----------------------------------------------------------------------------------------------
def is_channel(K: Any, atol: float = CHANNEL_TOLERANCE) -> bool:
    """Whether ``K`` is a channel: a finite 2-d array, entries >= 0, every row summing to 1.

    Parameters
    ----------
    K : array-like
        Candidate matrix, rows = inputs, columns = outputs.
    atol : float, default :data:`CHANNEL_TOLERANCE`
        Absolute tolerance on each row sum.

    Returns
    -------
    bool
        Never raises on a bad ``K``: it answers ``False`` (a bad ``atol`` is refused).
    """
    atol = single(check_nonnegative(atol, "atol", finite=True), "atol")
    if isinstance(K, (str, bytes, bool)) or K is None:
        return False
    try:
        arr = np.asarray(K, dtype=float)
    except (TypeError, ValueError):
        return False
    if arr.ndim != 2 or arr.size == 0 or not np.all(np.isfinite(arr)):
        return False
    return bool(np.all(arr >= 0) and np.allclose(arr.sum(axis=1), 1.0, rtol=0, atol=atol))


def _check_channel(K: Any, name: str = "K") -> np.ndarray:
    arr = as_float_array(K, name)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-d array (rows = inputs), got shape {arr.shape}")
    if not is_channel(arr):
        raise ValueError(f"{name} must be row-stochastic: entries >= 0 and every row summing to 1")
    return arr


def _check_input_pmf(p: Any, m: int, name: str = "p") -> np.ndarray:
    arr = as_float_array(p, name)
    if arr.ndim != 1 or arr.shape[0] != m:
        raise ValueError(f"{name} must be a pmf over the {m} inputs of the channel, got shape {arr.shape}")
    check_probability(arr, name)
    if abs(arr.sum() - 1.0) > CHANNEL_TOLERANCE * max(1, m):
        raise ValueError(f"{name} must sum to 1, got {arr.sum()!r}")
    return arr


def compose(*Ks: Any) -> np.ndarray:
    """The channel of layers applied in order: :math:`K_1 K_2 \\cdots K_L` (a matrix product).

    Parameters
    ----------
    *Ks : array-like
        One or more channels; the outputs of ``Ks[j]`` are the inputs of ``Ks[j + 1]``.

    Returns
    -------
    ndarray
        The composed channel, of shape ``(inputs of Ks[0], outputs of Ks[-1])``.
    """
    if not Ks:
        raise ValueError("Ks must hold at least one channel")
    out = _check_channel(Ks[0], "Ks[0]")
    for j, K in enumerate(Ks[1:], start=1):
        arr = _check_channel(K, f"Ks[{j}]")
        if arr.shape[0] != out.shape[1]:
            raise ValueError(f"Ks[{j}] must have {out.shape[1]} rows (the outputs of the previous layer), got {arr.shape[0]}")
        out = out @ arr
    return out


def binary_symmetric_channel(delta: float) -> np.ndarray:
    """BSC(delta): the bit is flipped with probability ``delta`` in [0, 1]."""
    d = single(check_probability(delta, "delta"), "delta")
    return np.array([[1 - d, d], [d, 1 - d]])


def binary_erasure_channel(eps: float) -> np.ndarray:
    """BEC(eps): outputs ``(0, 1, erased)``; the bit is erased with probability ``eps`` in [0, 1]."""
    e = single(check_probability(eps, "eps"), "eps")
    return np.array([[1 - e, 0.0, e], [0.0, 1 - e, e]])


def symmetric_channel(q: int, eps: float) -> np.ndarray:
    """q-ary symmetric channel: with probability ``eps`` the symbol is replaced by a uniform one.

    :math:`K = (1 - \\varepsilon) I + \\varepsilon \\mathbf 1 \\mathbf 1^\\top / q`.
    """
    q = check_int(q, "q", 2, MAX_ALPHABET)
    e = single(check_probability(eps, "eps"), "eps")
    return (1 - e) * np.eye(q) + e / q


def deterministic_channel(f: Any, n_outputs: int | None = None) -> np.ndarray:
    """The 0/1 channel of a map ``f``: ``K[x, f[x]] = 1``.

    Parameters
    ----------
    f : array-like of int
        ``f[x]`` is the output of input ``x``, in ``0 .. n_outputs - 1``.
    n_outputs : int, optional
        Output alphabet size, default ``max(f) + 1``.
    """
    arr = np.asarray(f)
    if arr.ndim != 1 or arr.size == 0 or not np.issubdtype(arr.dtype, np.integer) or (arr < 0).any():
        raise ValueError(f"f must be a non-empty 1-d array of non-negative integers, got {f!r}")
    if arr.max() >= MAX_ALPHABET:
        raise ValueError(f"f must take values below MAX_ALPHABET = {MAX_ALPHABET}, got max {arr.max()}")
    k = int(arr.max()) + 1 if n_outputs is None else check_int(n_outputs, "n_outputs", 1, MAX_ALPHABET)
    if k <= arr.max():
        raise ValueError(f"n_outputs must be an integer > max(f) = {arr.max()}, got {n_outputs!r}")
    K = np.zeros((arr.size, int(k)))
    K[np.arange(arr.size), arr] = 1.0
    return K


def random_channel(m: int, k: int, rng: np.random.Generator, concentration: float = 1.0) -> np.ndarray:
    """A channel with ``m`` inputs and ``k`` outputs whose rows are i.i.d. Dirichlet(concentration)."""
    m = check_int(m, "m", 1, MAX_ALPHABET)
    k = check_int(k, "k", 1, MAX_ALPHABET)
    check_rng(rng)
    c = single(as_float_array(concentration, "concentration"), "concentration")
    if not (c > 0 and np.isfinite(c)):
        raise ValueError(f"concentration must be > 0 and finite, got {concentration!r}")
    return rng.dirichlet(np.full(k, c), size=m)


def apply_product_channel(K: Any, values: Any, n: int) -> np.ndarray:
    """Apply :math:`K^{\\otimes n}` to a function (or a batch of functions) of ``n`` outputs.

    For ``values`` of shape ``(k,) * n + rest`` (a function of the outputs ``y_1 .. y_n``), returns
    :math:`g(x_1, \\ldots, x_n) = \\sum_{y} \\prod_i K[x_i, y_i] \\, f(y_1, \\ldots, y_n)`, of shape
    ``(m,) * n + rest``: the conditional expectation of ``f`` given the inputs when every coordinate
    goes through the channel independently. It costs ``n`` contractions of one axis each, never the
    :math:`m^n \\times k^n` matrix ``np.kron(K, ..., K)``.
    """
    Kc = _check_channel(K)
    n = check_int(n, "n", 1, 64)
    arr = as_float_array(values, "values")
    if arr.ndim < n or arr.shape[:n] != (Kc.shape[1],) * n:
        raise ValueError(f"values must have shape ({Kc.shape[1]},) * {n} + rest, got {arr.shape}")
    for axis in range(n):
        arr = np.moveaxis(np.tensordot(Kc, arr, axes=([1], [axis])), 0, axis)
    return arr


# ----------------------------------------------------------------------------------------------
# Contraction coefficients
# ----------------------------------------------------------------------------------------------
def eta_tv(K: Any) -> float:
    """Dobrushin's coefficient :math:`\\eta_{TV}(K) = \\max_{x, x'} \\tfrac12 \\| K(\\cdot|x) - K(\\cdot|x') \\|_1`.

    It is the contraction coefficient of total variation, :math:`\\sup_{p \\ne q} TV(pK, qK) / TV(p, q)`,
    and an upper bound on every other coefficient of the module. It is < 1 exactly when every two rows
    overlap.

    References
    ----------
    ``dobrushin1956``; ``polyanskiy2017``, section 2.
    """
    arr = _check_channel(K)
    diffs = np.abs(arr[:, None, :] - arr[None, :, :]).sum(axis=-1)
    return float(min(1.0, 0.5 * diffs.max()))


def _chi2_matrix(K: np.ndarray, p: np.ndarray) -> np.ndarray:
    """:math:`B = \\operatorname{diag}(p)^{1/2} K \\operatorname{diag}(pK)^{-1/2}` on the supports."""
    rows = p > 0
    Kr = K[rows]
    q = p[rows] @ Kr
    cols = q > 0
    return np.sqrt(p[rows])[:, None] * Kr[:, cols] / np.sqrt(q[cols])[None, :]


def eta_chi2(K: Any, p: Any) -> float:
    """Input-dependent :math:`\\chi^2` contraction coefficient: the squared maximal correlation.

    :math:`\\eta_{\\chi^2}(K, p) = \\sup_{q \\ne p} \\chi^2(qK \\| pK) / \\chi^2(q \\| p) = \\sigma_2(B)^2`,
    the squared second singular value of
    :math:`B = \\operatorname{diag}(p)^{1/2} K \\operatorname{diag}(pK)^{-1/2}` (the first is 1). It equals
    :math:`\\rho_m(X, Y)^2`, the squared Hirschfeld-Gebelein-Rényi maximal correlation of
    :math:`X \\sim p` and :math:`Y` its output, and it is the limit of
    :math:`D(qK \\| pK) / D(q \\| p)` as :math:`q \\to p`, hence a lower bound on :func:`eta_kl`.

    Parameters
    ----------
    K : array-like, shape (m, k)
        Channel.
    p : array-like, shape (m,)
        Input pmf (inputs of mass 0 are ignored).

    Returns
    -------
    float
        In [0, 1]; 0 when only one input has positive mass.

    References
    ----------
    ``ahlswede1976``; ``polyanskiy2017``, section 3.
    """
    arr = _check_channel(K)
    pa = _check_input_pmf(p, arr.shape[0])
    B = _chi2_matrix(arr, pa)
    if min(B.shape) < 2:
        return 0.0
    s = np.linalg.svd(B, compute_uv=False)
    return float(np.clip(s[1] ** 2, 0.0, 1.0))


def _kl(a: np.ndarray, b: np.ndarray) -> float:
    mask = a > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(a[mask] * (np.log(a[mask]) - np.log(b[mask]))))


#: Softmax logits are clipped to [-B, B] when searching over inputs, so no input mass underflows to 0.
_LOGIT_BOUND = 20.0


def _softmax(theta: np.ndarray) -> np.ndarray:
    z = np.exp(theta - theta.max())
    return z / z.sum()


def _binary_chi2(K2: np.ndarray, a: Any) -> np.ndarray:
    """Binary input, :math:`p = (1 - a, a)`: :math:`\\eta_{\\chi^2} = a(1-a) \\sum_y (K_{0y} - K_{1y})^2 / (pK)_y`.

    For ``0 < a < 1``: every output with :math:`K_{0y} \\ne K_{1y}` has :math:`(pK)_y > 0`.
    """
    a = np.asarray(a, dtype=float)[..., None]
    q = (1 - a) * K2[0] + a * K2[1]
    d2 = (K2[0] - K2[1]) ** 2
    terms = np.where(d2 > 0, d2 / np.where(q > 0, q, 1.0), 0.0)
    return a[..., 0] * (1 - a[..., 0]) * terms.sum(axis=-1)


def _binary_eta_kl(K2: np.ndarray) -> tuple[float, float]:
    """:math:`\\eta_{KL}` of a 2-input channel: the maximum over ``a`` of the closed form above.

    A grid of 1999 interior points locates the maximum of this one-variable function; a bounded Brent search
    refines it, and the limits at the two ends of ``(0, 1)`` (:math:`\\sum_{y: K_{0y}=0} K_{1y}` as
    :math:`a \\to 0`, the same with the rows exchanged as :math:`a \\to 1`) are included, so that a supremum
    reached only at the boundary is exact. Returns ``(eta, a*)``.
    """
    grid = np.linspace(0.0, 1.0, 2001)[1:-1]  # the open interval: the formula needs 0 < a < 1
    vals = _binary_chi2(K2, grid)
    j = int(np.argmax(vals))
    lo, hi = grid[max(j - 1, 0)], grid[min(j + 1, grid.size - 1)]
    best_a, best = float(grid[j]), float(vals[j])
    if hi > lo:
        res = optimize.minimize_scalar(
            lambda a: -float(_binary_chi2(K2, a)),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-12},
        )
        if -res.fun > best:
            best_a, best = float(res.x), float(-res.fun)
    # the supremum may sit at the boundary, where the formula is not defined but has a limit: as a -> 0,
    # a (1 - a) sum_y (K0y - K1y)^2 / q_y -> sum_{y: K0y = 0} K1y (and symmetrically as a -> 1); the
    # Z-channel's coefficient is such a limit, not attained inside (0, 1)
    for a_end, limit in ((0.0, float(K2[1][K2[0] == 0].sum())), (1.0, float(K2[0][K2[1] == 0].sum()))):
        if limit > best:
            best_a, best = a_end, limit
    return min(best, 1.0), best_a


def _ratio_and_grad(theta: np.ndarray, K: np.ndarray, p: np.ndarray, r: np.ndarray, lower: float) -> tuple[float, np.ndarray]:
    """Minus :math:`D(qK \\| r) / D(q \\| p)` at :math:`q = \\mathrm{softmax}(\\theta)`, and its gradient in theta."""
    log_q = theta - theta.max()
    log_q = log_q - np.log(np.exp(log_q).sum())
    q = np.exp(log_q)
    den = _kl(q, p)
    if den < 1e-6:
        return -lower, np.zeros_like(theta)
    qK = q @ K
    num = _kl(qK, r)
    f = num / den
    with np.errstate(divide="ignore"):
        log_ratio = np.where(qK > 0, np.log(np.where(qK > 0, qK, 1.0)) - np.log(np.where(r > 0, r, 1.0)), 0.0)
    g = (K @ log_ratio - f * (log_q - np.log(p))) / den  # the +1 terms are constant in x: projected away
    return -f, -q * (g - q @ g)


def _eta_kl_given_p(K: np.ndarray, p: np.ndarray, n_starts: int, rng: np.random.Generator) -> float:
    """:math:`\\sup_{q \\ll p, q \\ne p} D(qK \\| pK) / D(q \\| p)`, by multi-start BFGS over softmax logits."""
    rows = p > 0
    Kr, pr = K[rows], p[rows] / p[rows].sum()
    m = pr.size
    if m < 2:
        return 0.0
    lower = eta_chi2(Kr, pr)  # the q -> p limit of the ratio
    r = pr @ Kr

    def ratio(q: np.ndarray) -> float:
        den = _kl(q, pr)
        return lower if den < 1e-6 else _kl(q @ Kr, r) / den  # tiny ratios of tiny numbers: use the limit

    if m == 2:  # one free parameter: dense grid then Brent
        grid = np.linspace(0.0, 1.0, 2001)
        qs = np.stack([1 - grid, grid], axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            num = np.sum(np.where(qs @ Kr > 0, (qs @ Kr) * np.log((qs @ Kr) / np.where(r > 0, r, 1.0)), 0.0), axis=1)
            den = np.sum(np.where(qs > 0, qs * (np.log(qs) - np.log(pr)), 0.0), axis=1)  # no overflow of q / p
            vals = np.where(den >= 1e-6, num / den, lower)
        j = int(np.argmax(vals))
        lo, hi = grid[max(j - 1, 0)], grid[min(j + 1, grid.size - 1)]
        res = optimize.minimize_scalar(
            lambda t: -ratio(np.array([1 - t, t])),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-12},
        )
        return float(min(1.0, max(lower, vals[j], -res.fun)))

    log_p = np.log(pr)
    eye = np.eye(m)
    starts = [log_p + 4.0 * eye[i] for i in range(m)]
    B = _chi2_matrix(Kr, pr)
    if min(B.shape) >= 2:  # along the local maximiser: the second left singular vector of B
        direction = np.linalg.svd(B)[0][:, 1] / np.sqrt(pr)
        starts += [log_p + s * direction for s in (1.0, -1.0)]
    starts += [np.log(rng.dirichlet(np.ones(m))) for _ in range(n_starts)]
    best = lower
    for theta0 in starts:
        res = optimize.minimize(
            _ratio_and_grad, theta0, args=(Kr, pr, r, lower), jac=True, method="BFGS", options={"maxiter": 200}
        )
        best = max(best, ratio(_softmax(res.x)), ratio(_softmax(theta0)))
    return float(min(best, 1.0))


def _chi2_and_grad(theta: np.ndarray, K: np.ndarray) -> tuple[float, np.ndarray]:
    """Minus :math:`\\eta_{\\chi^2}(K, \\mathrm{softmax}(\\theta))` and its gradient in theta.

    With :math:`B u`-:math:`v` the second singular triple of ``B`` (``K`` without its all-zero
    columns), :math:`\\partial\\sigma/\\partial p_z = u_z \\sum_y K_{zy} v_y / (2\\sqrt{p_z q_y})
    - \\sigma \\sum_y K_{zy} v_y^2 / (2 q_y)`.
    """
    p = _softmax(np.clip(theta, -_LOGIT_BOUND, _LOGIT_BOUND))
    q = p @ K
    sp, sq = np.sqrt(p), np.sqrt(q)
    B = sp[:, None] * K / sq[None, :]
    U, s, Vt = np.linalg.svd(B)
    sigma, u, v = s[1], U[:, 1], Vt[1]
    dsigma = u * (K @ (v / sq)) / (2 * sp) - sigma * (K @ (v**2 / q)) / 2
    g = 2 * sigma * dsigma
    return -(sigma**2), -p * (g - p @ g)


def _eta_kl_channel(K: np.ndarray, n_starts: int, rng: np.random.Generator) -> float:
    """:math:`\\eta_{KL}(K) = \\sup_p \\eta_{\\chi^2}(K, p)`: every pair of inputs in closed form, then
    multi-start BFGS (analytic gradient) over the whole simplex."""
    m = K.shape[0]
    if m < 2:
        return 0.0
    best, best_p = 0.0, np.full(m, 1.0 / m)
    for i in range(m):
        for j in range(i + 1, m):
            val, a = _binary_eta_kl(K[[i, j]])
            if val > best:
                best, best_p = val, np.zeros(m)
                best_p[i], best_p[j] = 1 - a, a
    Kc = K[:, K.sum(axis=0) > 0]
    if m == 2 or best >= 1.0 - 1e-12 or Kc.shape[1] < 2:
        return float(min(best, 1.0))
    starts = [np.zeros(m), np.log(np.maximum(best_p, 1e-6))]
    starts += [np.log(rng.dirichlet(np.ones(m))) for _ in range(n_starts)]
    for theta0 in starts:
        res = optimize.minimize(
            _chi2_and_grad,
            np.clip(theta0, -_LOGIT_BOUND, _LOGIT_BOUND),
            args=(Kc,),
            jac=True,
            method="BFGS",
            options={"maxiter": 200},
        )
        best = max(best, eta_chi2(K, _softmax(res.x)))
    return float(min(best, 1.0))


def eta_kl(K: Any, p: Any = None, *, n_starts: int = 4, rng: np.random.Generator | None = None) -> float:
    """KL contraction coefficient, for a given input ``p`` or over all inputs.

    .. math::

        \\eta_{KL}(K, p) = \\sup_{q \\ne p} \\frac{D(qK \\| pK)}{D(q \\| p)}, \\qquad
        \\eta_{KL}(K) = \\sup_{p} \\eta_{KL}(K, p) = \\sup_p \\eta_{\\chi^2}(K, p).

    Both are suprema of non-concave functions; the value returned is the best of many local searches,
    hence a lower bound of the true supremum that is exact in every closed-form case of the tests
    (binary symmetric and erasure channels, identical rows, permutations, deterministic maps) and
    always lies in the certified interval
    :math:`[\\eta_{\\chi^2}(K, p), \\eta_{TV}(K)]` (see :func:`certificates`).

    - Given ``p``: multi-start BFGS over ``q`` (in softmax coordinates on the support of ``p``),
      started towards every input, along the maximal-correlation direction and at
      ``n_starts`` random points; its local limit :math:`\\eta_{\\chi^2}(K, p)` is always a candidate.
      With two inputs, a grid and Brent search over the single free parameter.
    - Without ``p``: :math:`\\sup_p \\eta_{\\chi^2}(K, p)`. For each pair of inputs the binary formula
      :math:`\\eta_{\\chi^2} = a(1-a)\\sum_y (K_{0y}-K_{1y})^2/(pK)_y` with :math:`p = (1-a, a)` is
      maximised over ``a`` exactly (grid + Brent); then a local search from the best pair, the uniform
      input and ``n_starts`` random inputs (BFGS with the analytic gradient of the singular value).

    Parameters
    ----------
    K : array-like, shape (m, k)
        Channel.
    p : array-like, shape (m,), optional
        Input pmf; ``None`` for the input-free coefficient.
    n_starts : int, default 4
        Number of random starting points (besides the deterministic ones).
    rng : numpy.random.Generator, optional
        Source of the random starts; default ``numpy.random.default_rng(0)`` (the result is then
        deterministic).

    Returns
    -------
    float
        In [0, 1].

    References
    ----------
    ``polyanskiy2017``, theorems on the equality :math:`\\eta_{KL}(K) = \\eta_{\\chi^2}(K)` and the
    binary symmetric / erasure channels; ``ahlswede1976``.
    """
    arr = _check_channel(K)
    n_starts = check_int(n_starts, "n_starts", 0, 10**4)
    rng = np.random.default_rng(0) if rng is None else check_rng(rng)
    if p is None:
        return float(min(_eta_kl_channel(arr, int(n_starts), rng), eta_tv(arr)))
    pa = _check_input_pmf(p, arr.shape[0])
    value = _eta_kl_given_p(arr, pa, int(n_starts), rng)
    # the certified interval (a theorem): with input masses near the underflow threshold (5e-324) the
    # ratio D(qK||pK) / D(q||p) is computed from rounded logarithms; keep the search inside it
    return float(min(max(value, eta_chi2(arr, pa)), eta_tv(arr)))


@dataclass(frozen=True)
class Certificates:
    """The four coefficients of a channel and an input, which must satisfy ``chi2 <= kl_p <= kl <= tv``."""

    chi2: float
    kl_p: float
    kl: float
    tv: float

    def is_consistent(self, tol: float = 1e-7) -> bool:
        """Whether ``chi2 <= kl_p <= kl <= tv`` up to ``tol`` (an optimiser failure shows here)."""
        tol = single(check_nonnegative(tol, "tol", finite=True), "tol")
        return self.chi2 <= self.kl_p + tol and self.kl_p <= self.kl + tol and self.kl <= self.tv + tol


def certificates(K: Any, p: Any, *, n_starts: int = 4, rng: np.random.Generator | None = None) -> Certificates:
    """:math:`\\eta_{\\chi^2}(K, p)`, :math:`\\eta_{KL}(K, p)`, :math:`\\eta_{KL}(K)`, :math:`\\eta_{TV}(K)` together.

    The input-free :math:`\\eta_{KL}(K)` reported is ``max(eta_kl(K), eta_kl(K, p))``: both are values
    that the supremum over inputs reaches, so the maximum is still a valid (and better) lower bound.
    """
    arr = _check_channel(K)
    pa = _check_input_pmf(p, arr.shape[0])
    chi2 = eta_chi2(arr, pa)
    kl_p = eta_kl(arr, pa, n_starts=n_starts, rng=rng)
    kl = max(eta_kl(arr, n_starts=n_starts, rng=rng), kl_p)
    return Certificates(chi2=chi2, kl_p=kl_p, kl=kl, tv=eta_tv(arr))


def information_along_chain(p_ux: Any, *Ks: Any) -> np.ndarray:
    """:math:`I(U; T_k)` for :math:`k = 0, \\ldots, L` along :math:`U \\to X = T_0 \\to T_1 \\to \\cdots \\to T_L`.

    Parameters
    ----------
    p_ux : array-like, shape (u, m)
        Joint pmf of ``U`` and ``X``.
    *Ks : array-like
        Channels :math:`K_1, \\ldots, K_L`, with :math:`P(T_k \\mid T_{k-1}) = K_k`.

    Returns
    -------
    ndarray, shape (L + 1,)
        Exact mutual informations in nats; non-increasing by the data processing inequality, and
        :math:`I(U; T_k) \\le \\eta_{KL}(K_k, p_{T_{k-1}}) I(U; T_{k-1})` by the SDPI.
    """
    joint = as_float_array(p_ux, "p_ux")
    if joint.ndim != 2 or not np.isfinite(joint).all() or (joint < 0).any() or abs(joint.sum() - 1) > 1e-9:
        raise ValueError(f"p_ux must be a 2-d joint pmf, got shape {joint.shape}")
    if Ks:
        compose(*Ks)  # validates shapes
        if np.asarray(Ks[0]).shape[0] != joint.shape[1]:
            raise ValueError(f"Ks[0] must have {joint.shape[1]} rows (the values of X)")
    out = [mutual_information(joint)]
    for K in Ks:
        joint = joint @ np.asarray(K, dtype=float)
        out.append(mutual_information(joint / joint.sum()))
    return np.array(out)
