"""How large a hypothesis class is: growth functions, VC dimension, Rademacher complexity.

Three ways to measure the "size" of a class :math:`\\cH` of functions, each feeding a uniform
convergence bound of :mod:`genbounds.bounds.classical`:

* the **growth function** :math:`\\Pi_\\cH(n) = \\max_{x_1..x_n} |\\{(h(x_1), .., h(x_n)) : h \\in \\cH\\}|`,
  the largest number of labelings the class realises on ``n`` points, and the **VC dimension**, the
  largest ``n`` with :math:`\\Pi_\\cH(n) = 2^n`;
* **Sauer's lemma**, :math:`\\Pi_\\cH(n) \\le \\sum_{i=0}^{d} \\binom ni \\le (en/d)^d` for VC dimension ``d``;
* the **empirical Rademacher complexity**
  :math:`\\hat{\\mathfrak R}_S(\\cH) = \\E_\\sigma \\sup_{h \\in \\cH} \\frac1n \\sum_{i=1}^n \\sigma_i h(x_i)`
  with i.i.d. uniform signs :math:`\\sigma_i \\in \\{-1, +1\\}`: exact for small ``n``, by Monte Carlo
  (with a standard error) otherwise.

References
----------
``shalev2014``, chapters 6 and 26; ``mohri2018``, chapter 3; ``vapnik1998``; ``cover1965`` for the
number of linear dichotomies.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
from scipy.special import gammaln, logsumexp

from genbounds._validation import (
    as_float_array,
    check_flag,
    check_int,
    check_positive_scalar,
    check_rng,
)

__all__ = [
    "KINDS",
    "dichotomies",
    "empirical_rademacher",
    "empirical_rademacher_exact",
    "growth_function",
    "massart_bound",
    "rademacher_linear_l2",
    "rademacher_linear_l2_bound",
    "sauer_bound",
    "sauer_bound_exponential",
    "vc_dimension",
]

#: The classes whose growth function is known here: thresholds and intervals on the line, halfspaces in the plane.
KINDS = ("threshold", "interval", "halfspace2d")

#: Largest ``n`` for exact enumeration over all :math:`2^n` sign vectors.
MAX_EXACT_N = 20

#: Largest number of (draw, hypothesis) products held in memory at once.
_CHUNK = 4_000_000


#: Largest number of terms of Sauer's sum computed exactly (``sauer_bound``) or in log space (``log=True``).
SAUER_MAX_TERMS = 10**4
SAUER_MAX_LOG_TERMS = 10**7

#: Largest number of sign entries (``n_draws * n``) drawn at once by the Monte Carlo estimates.
MAX_DRAW_ENTRIES = 2**26


def _check_kind(kind: str) -> str:
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return kind


def _check_rng(rng: object) -> np.random.Generator:
    return check_rng(rng)


def _check_count(value: object, name: str) -> int:
    """A non-negative Python integer (any size: the closed forms are exact in Python integers)."""
    return check_int(value, name, 0, None)


# ----------------------------------------------------------------------------------------------
# Growth functions
# ----------------------------------------------------------------------------------------------
def growth_function(kind: str, n: int) -> int:
    """Exact growth function :math:`\\Pi_\\cH(n)` of three classes (closed forms).

    * ``"threshold"``: :math:`x \\mapsto \\ind[x \\ge t]` on the line, :math:`\\Pi(n) = n + 1`;
    * ``"interval"``: :math:`x \\mapsto \\ind[a \\le x \\le b]`, :math:`\\Pi(n) = n(n+1)/2 + 1`;
    * ``"halfspace2d"``: :math:`x \\mapsto \\ind[w^\\top x + b \\ge 0]` in the plane,
      :math:`\\Pi(n) = n^2 - n + 2` (Cover).

    The maximum over point sets is attained by distinct points (thresholds, intervals) and by points
    in general position (no three on a line) for halfspaces, where Cover's function-counting theorem
    gives :math:`C(n, 3) = 2\\sum_{k=0}^{2}\\binom{n-1}{k} = n^2 - n + 2`. :func:`dichotomies`
    enumerates the labelings on a given point set and checks these values.

    Parameters
    ----------
    kind : {"threshold", "interval", "halfspace2d"}
    n : int
        Number of points, ``n >= 0`` (:math:`\\Pi(0) = 1`: the empty labeling).

    References
    ----------
    ``mohri2018``, section 3.3; ``cover1965``.
    """
    kind = _check_kind(kind)
    n_i = _check_count(n, "n")
    if n_i == 0:
        return 1
    if kind == "threshold":
        return n_i + 1
    if kind == "interval":
        return n_i * (n_i + 1) // 2 + 1
    return n_i * n_i - n_i + 2


def vc_dimension(kind: str) -> int:
    """VC dimension of a class of :data:`KINDS`: the largest ``n`` with :math:`\\Pi_\\cH(n) = 2^n`.

    Found from :func:`growth_function` (1, 2 and 3 for thresholds, intervals, halfspaces in the plane).
    """
    kind = _check_kind(kind)
    n = 0
    while growth_function(kind, n + 1) == 2 ** (n + 1):
        n += 1
    return n


def dichotomies(kind: str, x: np.ndarray) -> np.ndarray:
    """Every labeling that the class realises on the given points, by enumeration.

    * thresholds: cut the sorted distinct values (``t`` at each value, and above all of them);
    * intervals: the empty labeling and ``[a, b]`` for every pair of values ``a <= b``;
    * halfspaces in the plane: a separable labeling can be realised by a line through two of the
      points, nudged so that the points on it fall on chosen sides. For every pair of points and both
      orientations, the points strictly on the positive side get 1 and those on the line get any
      threshold pattern along the line (that is what a small rotation or shift can do). Exact for any
      configuration, including collinear points.

    The enumeration is combinatorial (quadratic in ``n`` for halfspaces); it is meant for small ``n``.

    Parameters
    ----------
    kind : {"threshold", "interval", "halfspace2d"}
    x : array
        Shape ``(n,)`` for the line, ``(n, 2)`` for the plane.

    Returns
    -------
    ndarray of uint8, shape ``(m, n)``
        The distinct labelings (rows, 0/1), sorted lexicographically; ``m`` is the number realised.
    """
    kind = _check_kind(kind)
    pts = as_float_array(x, "x")
    if kind == "halfspace2d":
        if pts.ndim != 2 or pts.shape[1] != 2 or pts.shape[0] < 1:
            raise ValueError(f"x must have shape (n, 2) with n >= 1 for halfspace2d, got {pts.shape}")
        if not np.isfinite(pts).all():
            raise ValueError("x must be finite")
        # a repeated point gets the label of its copy: enumerate on the distinct points, then copy back
        distinct, inverse = np.unique(pts, axis=0, return_inverse=True)
        labels = _halfspace_dichotomies(distinct)[:, inverse.reshape(-1)]
    else:
        if pts.ndim != 1 or pts.shape[0] < 1:
            raise ValueError(f"x must have shape (n,) with n >= 1 for {kind}, got {pts.shape}")
        if not np.isfinite(pts).all():
            raise ValueError("x must be finite")
        values = np.unique(pts)
        if kind == "threshold":
            cuts = np.append(values, np.inf)
            labels = pts[None, :] >= cuts[:, None]
        else:
            lo, hi = np.triu_indices(values.size)
            inside = (pts[None, :] >= values[lo][:, None]) & (pts[None, :] <= values[hi][:, None])
            labels = np.vstack([np.zeros((1, pts.size), bool), inside])
    return np.unique(labels.astype(np.uint8), axis=0)


def _halfspace_dichotomies(pts: np.ndarray) -> np.ndarray:
    n = pts.shape[0]
    found = [np.zeros(n, bool), np.ones(n, bool)]
    scale = max(1.0, float(np.abs(pts).max()))
    tol = 1e-9 * scale * scale
    for i, j in combinations(range(n), 2):  # a combinatorial enumeration: O(n^2) lines
        direction = pts[j] - pts[i]
        if not np.any(direction):
            continue
        normal = np.array([-direction[1], direction[0]])
        side = (pts - pts[i]) @ normal
        on_line = np.abs(side) <= tol * max(1.0, float(np.abs(normal).max()))
        along = pts[on_line] @ direction
        order = np.argsort(along)
        idx_line = np.flatnonzero(on_line)[order]
        for sign in (1.0, -1.0):
            base = sign * side > 0
            base[on_line] = False
            for k in range(idx_line.size + 1):  # threshold patterns along the line, both directions
                for up in (idx_line[k:], idx_line[:k]):
                    lab = base.copy()
                    lab[up] = True
                    found.append(lab)
    return np.array(found)


def sauer_bound(d: int, n: int, log: bool = False) -> int | float:
    """Sauer's lemma: :math:`\\Pi_\\cH(n) \\le \\Phi_d(n) = \\sum_{i=0}^{d} \\binom ni` for VC dimension ``d``.

    Exact integer arithmetic (``math.comb``), for any size of ``n`` and ``d``, as long as the sum has at
    most ``SAUER_MAX_TERMS`` terms (``min(d, n) + 1``). For ``n <= d`` it equals :math:`2^n`.

    Parameters
    ----------
    d : int
        VC dimension, ``d >= 0``.
    n : int
        Number of points, ``n >= 0``.
    log : bool, default False
        Return :math:`\\log \\Phi_d(n)` as a float, computed in log space (log-sum-exp of log-binomials,
        up to ``SAUER_MAX_LOG_TERMS`` terms) instead of the exact integer.

    References
    ----------
    ``shalev2014``, Lemma 6.10; ``mohri2018``, Theorem 3.17.
    """
    d_i, n_i = _check_count(d, "d"), _check_count(n, "n")
    as_log = check_flag(log, "log")
    terms = min(d_i, n_i) + 1
    if as_log:
        if n_i <= d_i:
            return n_i * float(np.log(2.0))
        if terms > SAUER_MAX_LOG_TERMS:
            raise ValueError(f"d must be at most SAUER_MAX_LOG_TERMS - 1 = {SAUER_MAX_LOG_TERMS - 1} when d < n, got {d!r}")
        i = np.arange(terms, dtype=float)
        nn = float(n_i)
        return float(logsumexp(gammaln(nn + 1) - gammaln(i + 1) - gammaln(nn - i + 1)))
    if terms > SAUER_MAX_TERMS:
        raise ValueError(f"d and n must have min(d, n) < SAUER_MAX_TERMS = {SAUER_MAX_TERMS} for the exact "
                         f"integer (pass log=True for its logarithm), got d={d!r}, n={n!r}")
    if n_i <= d_i:
        return 2**n_i
    total, term = 1, 1
    for i in range(terms - 1):  # C(n, i+1) = C(n, i) (n - i) / (i + 1): one small multiplication per term
        term = term * (n_i - i) // (i + 1)
        total += term
    return total


def sauer_bound_exponential(d: int, n: int, log: bool = False) -> float:
    """The relaxed form of Sauer's lemma: :math:`\\Phi_d(n) \\le (en/d)^d` for ``n >= d >= 1``.

    Computed in log space, :math:`d\\,(1 + \\log(n/d))`, so any sizes work. With ``log=False`` the value
    is exponentiated; above the largest float (about 1.8e308) it is returned as ``inf`` (still an
    upper bound on the growth function); ``log=True`` returns the logarithm itself.

    References
    ----------
    ``mohri2018``, Corollary 3.18.
    """
    d_i, n_i = _check_count(d, "d"), _check_count(n, "n")
    as_log = check_flag(log, "log")
    if d_i < 1:
        raise ValueError(f"d must be an integer >= 1, got {d!r}")
    if n_i < d_i:
        raise ValueError(f"n must be >= d (the relaxed form needs n >= d), got n={n!r}, d={d!r}")
    value = d_i * (1.0 + (math.log(n_i) - math.log(d_i)))  # math.log takes Python integers of any size
    if as_log:
        return float(value)
    if value < 700.0:  # far from overflow: the direct formula (bit-identical to earlier versions)
        return float((math.e * n_i / d_i) ** d_i)
    try:
        return math.exp(value)
    except OverflowError:
        return math.inf


# ----------------------------------------------------------------------------------------------
# Rademacher complexity
# ----------------------------------------------------------------------------------------------
def _check_predictions(predictions: object) -> np.ndarray:
    pred = as_float_array(predictions, "predictions")
    if pred.ndim != 2 or pred.shape[0] < 1 or pred.shape[1] < 1:
        raise ValueError(f"predictions must have shape (n_hypotheses, n) with both >= 1, got {pred.shape}")
    if not np.isfinite(pred).all():
        raise ValueError("predictions must be finite")
    return pred


def _sup_correlations(signs: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """``max_h sigma . h / n`` for each row of ``signs``, in chunks that bound the memory."""
    n_draws = signs.shape[0]
    step = max(1, _CHUNK // pred.shape[0])
    out = np.empty(n_draws)
    for start in range(0, n_draws, step):  # chunks of sign vectors, each one matrix product
        out[start : start + step] = (signs[start : start + step] @ pred.T).max(axis=1)
    return out / pred.shape[1]


def empirical_rademacher(predictions: np.ndarray, n_draws: int, rng: np.random.Generator) -> tuple[float, float]:
    """Monte Carlo estimate of the empirical Rademacher complexity of a finite class, with its standard error.

    .. math:: \\hat{\\mathfrak R}_S(\\cH) = \\E_\\sigma \\Big[\\max_{h \\in \\cH} \\frac1n \\sum_{i=1}^n \\sigma_i h(x_i)\\Big]

    The class enters only through its values on the sample: row ``h`` of ``predictions`` is
    :math:`(h(x_1), .., h(x_n))` (labels +-1, 0/1 or real values, e.g. losses). The estimate averages
    the maximum over ``n_draws`` independent sign vectors; the standard error is their standard
    deviation over :math:`\\sqrt{n_{draws}}`.

    Parameters
    ----------
    predictions : array, shape (n_hypotheses, n)
    n_draws : int
        Number of sign vectors, ``>= 2``.
    rng : numpy.random.Generator

    Returns
    -------
    estimate, standard_error : float

    References
    ----------
    ``mohri2018``, Definition 3.1; ``shalev2014``, chapter 26.
    """
    pred = _check_predictions(predictions)
    draws = check_int(n_draws, "n_draws", 2)
    if draws * pred.shape[1] > MAX_DRAW_ENTRIES:
        raise ValueError(f"n_draws must be at most {MAX_DRAW_ENTRIES // pred.shape[1]} (n_draws * n <= 2**26 signs "
                         f"in memory), got {n_draws!r}")
    signs = 2.0 * _check_rng(rng).integers(0, 2, size=(draws, pred.shape[1])) - 1.0
    values = _sup_correlations(signs, pred)
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(draws))


def empirical_rademacher_exact(predictions: np.ndarray) -> float:
    """Exact empirical Rademacher complexity of a finite class: the average over all :math:`2^n` sign vectors.

    Feasible for ``n <= 20``; see :func:`empirical_rademacher` for the definition.
    """
    pred = _check_predictions(predictions)
    n = pred.shape[1]
    if n > MAX_EXACT_N:
        raise ValueError(f"predictions must have at most {MAX_EXACT_N} columns for exact enumeration, got n={n}")
    codes = np.arange(2**n)[:, None]
    signs = 2.0 * ((codes >> np.arange(n)[None, :]) & 1) - 1.0
    return float(_sup_correlations(signs, pred).mean())


def massart_bound(predictions: np.ndarray) -> float:
    """Massart's lemma: :math:`\\hat{\\mathfrak R}_S(\\cH) \\le \\max_h \\|h\\|_2 \\sqrt{2 \\log |\\cH|} / n`.

    ``predictions`` as in :func:`empirical_rademacher`; :math:`\\|h\\|_2` is the Euclidean norm of the row.

    References
    ----------
    ``mohri2018``, Theorem 3.7.
    """
    pred = _check_predictions(predictions)
    size, n = pred.shape
    return float(np.sqrt((pred**2).sum(axis=1)).max() * np.sqrt(2.0 * np.log(size)) / n)


def _check_design(X: object) -> np.ndarray:
    arr = as_float_array(X, "X")
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"X must have shape (n, d) with n, d >= 1, got {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("X must be finite")
    return arr


def rademacher_linear_l2(X: np.ndarray, B: float, n_draws: int, rng: np.random.Generator) -> tuple[float, float]:
    """Empirical Rademacher complexity of the l2 ball of linear functions, by Monte Carlo over signs.

    For :math:`\\cH = \\{x \\mapsto w^\\top x : \\|w\\|_2 \\le B\\}` the supremum is attained at
    :math:`w = B u / \\|u\\|` with :math:`u = \\sum_i \\sigma_i x_i` (Cauchy-Schwarz), so

    .. math:: \\hat{\\mathfrak R}_S(\\cH) = \\frac Bn \\E_\\sigma \\Big\\|\\sum_{i=1}^n \\sigma_i x_i\\Big\\|_2 .

    Only the expectation over the signs is estimated.

    Parameters
    ----------
    X : array, shape (n, d)
        The sample's inputs, one per row.
    B : float
        Radius of the ball, ``> 0``.
    n_draws : int
        Number of sign vectors, ``>= 2``.
    rng : numpy.random.Generator

    Returns
    -------
    estimate, standard_error : float

    References
    ----------
    ``mohri2018``, Theorem 5.10; ``shalev2014``, Lemma 26.10.
    """
    arr = _check_design(X)
    b = check_positive_scalar(B, "B")
    draws = check_int(n_draws, "n_draws", 2)
    if draws * arr.shape[0] > MAX_DRAW_ENTRIES:
        raise ValueError(f"n_draws must be at most {MAX_DRAW_ENTRIES // arr.shape[0]} (n_draws * n <= 2**26 signs "
                         f"in memory), got {n_draws!r}")
    signs = 2.0 * _check_rng(rng).integers(0, 2, size=(draws, arr.shape[0])) - 1.0
    values = b / arr.shape[0] * np.linalg.norm(signs @ arr, axis=1)
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(draws))


def rademacher_linear_l2_bound(X: np.ndarray, B: float) -> float:
    """Upper bound by Jensen's inequality: :math:`\\hat{\\mathfrak R}_S \\le \\frac Bn \\sqrt{\\sum_i \\|x_i\\|_2^2}`.

    With :math:`\\|x_i\\| \\le 1` this is at most :math:`B/\\sqrt n`. (Khintchine-Kahane gives the
    matching lower bound :math:`\\frac{B}{n\\sqrt2} \\sqrt{\\sum_i \\|x_i\\|^2}`, so it is tight up to
    :math:`\\sqrt 2`.)

    References
    ----------
    ``mohri2018``, Theorem 5.10.
    """
    arr = _check_design(X)
    b = check_positive_scalar(B, "B")
    scale = float(np.abs(arr).max()) or 1.0  # no overflow of the squares
    return float(b / arr.shape[0] * scale * np.sqrt(((arr / scale) ** 2).sum()))
