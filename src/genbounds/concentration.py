"""Concentration inequalities and the exact tails they bound.

Every bound returns the raw value of its formula: it may exceed 1 (a *vacuous* bound), and the
chapters show that region instead of hiding it. Deviations are stated for the mean
:math:`\\bar X_n = \\frac1n \\sum_{i=1}^n X_i` of ``n`` i.i.d. variables.

References
----------
``boucheron2013`` (Boucheron, Lugosi, Massart, *Concentration Inequalities*), chapter 2;
``hoeffding1963``; ``chernoff1952``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal, localcontext
from fractions import Fraction
from math import comb, factorial

import numpy as np
from scipy import optimize, special, stats

from genbounds._validation import (
    as_float_array,
    check_callable,
    check_flag,
    check_int,
    check_interval,
    check_nonnegative,
    check_open_unit,
    check_positive,
    check_positive_scalar,
    check_probability,
    check_real,
    check_rng,
    check_sample_size,
    scalar_or_array,
    single,
    single_int,
)

__all__ = [
    "TIE_TOLERANCE",
    "bernoulli_cgf",
    "binomial_tail",
    "binomial_two_sided_tail",
    "chebyshev_bound",
    "chernoff_bound",
    "chernoff_bound_bernoulli",
    "chernoff_kl_sample_size",
    "empirical_tail",
    "exact_sample_size_bernoulli",
    "exponential_cgf",
    "exponential_mean_tail",
    "gaussian_expected_max",
    "hoeffding_bound",
    "hoeffding_sample_size",
    "kl_bernoulli",
    "markov_bound",
    "mcdiarmid_bound",
    "sample_means",
    "subgaussian_max_bound",
    "uniform_cgf",
    "uniform_mean_tail",
]

#: Relative tolerance used by :func:`empirical_tail` to decide ties such as ``0.5 - 0.3 >= 0.2``: the
#: course reads thresholds as the decimal numbers they were typed as, not as their binary roundings.
#: (The exact binomial tails decide ties in exact rational arithmetic instead.)
TIE_TOLERANCE = 1e-9


# ----------------------------------------------------------------------------------------------
# Markov and Chebyshev
# ----------------------------------------------------------------------------------------------
def markov_bound(mean: float | np.ndarray, t: float | np.ndarray) -> float | np.ndarray:
    """Markov's inequality: :math:`P(X \\ge t) \\le E[X] / t` for ``X >= 0`` and ``t > 0``.

    Parameters
    ----------
    mean : float or array
        :math:`E[X] \\ge 0` of a non-negative random variable.
    t : float or array
        Threshold, ``t > 0``.

    Returns
    -------
    float or ndarray
        ``mean / t`` (broadcast), possibly larger than 1.

    References
    ----------
    ``boucheron2013``, section 2.1.
    """
    mean_a = check_nonnegative(mean, "mean")
    t_a = check_positive(t, "t")
    if (np.isinf(mean_a) & np.isinf(t_a)).any():  # inf / inf: the bound is undefined
        raise ValueError("mean and t must not both be infinite (the bound inf / inf is undefined)")
    return scalar_or_array(mean_a / t_a)


def chebyshev_bound(variance: float | np.ndarray, t: float | np.ndarray) -> float | np.ndarray:
    """Chebyshev's inequality: :math:`P(|X - E X| \\ge t) \\le \\operatorname{Var}(X) / t^2`.

    Parameters
    ----------
    variance : float or array
        :math:`\\operatorname{Var}(X) \\ge 0` (finite).
    t : float or array
        Deviation, ``t > 0``.

    Returns
    -------
    float or ndarray
        ``variance / t**2``, possibly larger than 1.

    References
    ----------
    ``boucheron2013``, section 2.1.
    """
    var_a = check_nonnegative(variance, "variance")
    t_a = check_positive(t, "t")
    if (np.isinf(var_a) & np.isinf(t_a)).any():
        raise ValueError("variance and t must not both be infinite (the bound inf / inf is undefined)")
    with np.errstate(over="ignore"):  # (var / t) / t: no 0 / 0 when t**2 underflows; overflow gives inf
        return scalar_or_array(var_a / t_a / t_a)


# ----------------------------------------------------------------------------------------------
# Chernoff: generic (optimised over lambda) and the Bernoulli KL form
# ----------------------------------------------------------------------------------------------
def bernoulli_cgf(lam: float | np.ndarray, p: float) -> float | np.ndarray:
    """Cumulant generating function of Bernoulli(p): :math:`\\psi(\\lambda) = \\log(1 - p + p e^{\\lambda})`."""
    p_f = single(check_probability(p, "p"), "p")
    lam_a = check_real(lam, "lam")
    with np.errstate(divide="ignore"):  # log 0 = -inf is the right value at p = 0 or p = 1
        return scalar_or_array(np.logaddexp(np.log1p(-p_f), np.log(p_f) + lam_a))


def uniform_cgf(lam: float | np.ndarray) -> float | np.ndarray:
    """Cumulant generating function of Uniform(0, 1): :math:`\\psi(\\lambda) = \\log\\frac{e^\\lambda - 1}{\\lambda}`.

    Evaluated stably as :math:`\\lambda + \\log(1 - e^{-\\lambda}) - \\log \\lambda` for
    :math:`\\lambda > 0` (and by symmetry for :math:`\\lambda < 0`), with :math:`\\psi(0) = 0`.
    """
    lam_a = check_real(lam, "lam")
    a = np.abs(lam_a)
    safe = np.where(a > 0, a, 1.0)
    val = safe + np.log(-np.expm1(-safe)) - np.log(safe)  # psi(|lam|)
    val = np.where(lam_a < 0, val + lam_a, val)  # psi(-l) = psi(l) - l
    return scalar_or_array(np.where(a > 0, val, 0.0))


def exponential_cgf(lam: float | np.ndarray, rate: float = 1.0) -> float | np.ndarray:
    """Cumulant generating function of Exponential(rate): :math:`\\psi(\\lambda) = -\\log(1 - \\lambda/\\text{rate})`.

    Finite only for :math:`\\lambda < \\text{rate}`; returns ``inf`` beyond.
    """
    rate_f = check_positive_scalar(rate, "rate")
    lam_a = check_real(lam, "lam")
    with np.errstate(divide="ignore", invalid="ignore"):
        val = np.where(lam_a < rate_f, -np.log1p(-np.minimum(lam_a, rate_f) / rate_f), np.inf)
    return scalar_or_array(val)


def chernoff_bound(
    cgf: Callable[[float], float],
    t: float | np.ndarray,
    n: int = 1,
    lam_max: float = 50.0,
) -> float | np.ndarray:
    """Chernoff's bound optimised over :math:`\\lambda`: :math:`P(\\bar X_n \\ge t) \\le e^{-n \\psi^*(t)}`.

    With :math:`\\psi(\\lambda) = \\log E e^{\\lambda X}` the cumulant generating function of one
    variable, Markov's inequality applied to :math:`e^{\\lambda n \\bar X_n}` gives, for every
    :math:`\\lambda \\ge 0`, :math:`P(\\bar X_n \\ge t) \\le \\exp(-n(\\lambda t - \\psi(\\lambda)))`.
    The best such bound uses the Cramér transform
    :math:`\\psi^*(t) = \\sup_{0 \\le \\lambda < \\lambda_{\\max}} (\\lambda t - \\psi(\\lambda))`,
    computed here by bounded Brent maximisation of this concave function of :math:`\\lambda`.

    Parameters
    ----------
    cgf : callable
        :math:`\\psi`, convex, with :math:`\\psi(0) = 0`; it may return ``inf`` where the moment
        generating function is infinite.
    t : float or array
        Threshold for the mean (not the deviation from it).
    n : int, default 1
        Number of i.i.d. variables averaged, ``n >= 1``.
    lam_max : float, default 50
        Upper end of the search over :math:`\\lambda`, ``> 0``. For variables whose moment generating
        function is finite only below some :math:`\\lambda_0`, pass ``lam_max = lambda_0``.

    Returns
    -------
    float or ndarray
        :math:`\\exp(-n \\psi^*(t))`; equals 1 for ``t`` at or below the mean.

    References
    ----------
    ``chernoff1952``; ``boucheron2013``, section 2.2.
    """
    check_callable(cgf, "cgf")
    n_i = check_int(n, "n", 1)
    lam_max_f = check_positive_scalar(lam_max, "lam_max")
    t_a = check_real(t, "t")
    rates = np.empty(t_a.shape)
    for idx, t_val in np.ndenumerate(t_a):  # a handful of thresholds, not samples

        def neg_objective(lam: float, t_val: float = float(t_val)) -> float:
            value = lam * t_val - float(cgf(lam))
            return -value if np.isfinite(value) else np.inf

        res = optimize.minimize_scalar(
            neg_objective, bounds=(0.0, lam_max_f), method="bounded", options={"xatol": 1e-10}
        )
        rates[idx] = max(0.0, -res.fun, -neg_objective(lam_max_f * (1 - 1e-12)))
    with np.errstate(over="ignore"):  # n * rate may overflow to inf: the bound is then 0
        return scalar_or_array(np.exp(-(float(n_i) * rates)))


def kl_bernoulli(q: float | np.ndarray, p: float | np.ndarray) -> float | np.ndarray:
    """Binary relative entropy :math:`kl(q \\| p) = q \\log\\frac{q}{p} + (1-q)\\log\\frac{1-q}{1-p}` in nats.

    Uses :math:`0 \\log 0 = 0`; infinite where ``q`` puts mass on an outcome that ``p`` does not.
    """
    q_a = check_probability(q, "q")
    p_a = check_probability(p, "p")
    from scipy.special import rel_entr

    return scalar_or_array(rel_entr(q_a, p_a) + rel_entr(1 - q_a, 1 - p_a))


def chernoff_bound_bernoulli(n: int | np.ndarray, p: float | np.ndarray, eps: float | np.ndarray) -> float | np.ndarray:
    """Chernoff's bound for Bernoulli means: :math:`P(\\bar X_n - p \\ge \\varepsilon) \\le e^{-n\\, kl(p+\\varepsilon \\| p)}`.

    This is the generic :func:`chernoff_bound` with the Bernoulli cumulant generating function,
    whose Cramér transform is the binary relative entropy. For :math:`p + \\varepsilon > 1` the event
    is impossible and the bound is 0.

    Parameters
    ----------
    n : int or array
        Number of tosses, ``n >= 1``.
    p : float or array
        Success probability in [0, 1].
    eps : float or array
        Deviation, ``eps > 0``.

    References
    ----------
    ``chernoff1952``; ``boucheron2013``, exercise 2.9 (the Chernoff-Hoeffding form).
    """
    n_a = check_sample_size(n, "n").astype(float)
    p_a = check_probability(p, "p")
    eps_a = check_positive(eps, "eps")
    q = p_a + eps_a
    with np.errstate(over="ignore", invalid="ignore"):  # 0 * inf: n kl with kl = 0 is 0, never NaN
        kl = np.where(q <= 1, kl_bernoulli(np.minimum(q, 1.0), p_a), np.inf)
        return scalar_or_array(np.exp(-np.where(kl > 0, n_a * kl, 0.0)))


# ----------------------------------------------------------------------------------------------
# Hoeffding
# ----------------------------------------------------------------------------------------------
def hoeffding_bound(
    n: int | np.ndarray,
    eps: float | np.ndarray,
    a: float = 0.0,
    b: float = 1.0,
    two_sided: bool = False,
) -> float | np.ndarray:
    """Hoeffding's inequality: :math:`P(\\bar X_n - E \\bar X_n \\ge \\varepsilon) \\le e^{-2 n \\varepsilon^2 / (b-a)^2}`.

    Holds for independent variables with :math:`X_i \\in [a, b]` almost surely. The two-sided
    version, :math:`P(|\\bar X_n - E \\bar X_n| \\ge \\varepsilon)`, doubles the right-hand side.

    Parameters
    ----------
    n : int or array
        Number of variables, ``n >= 1``.
    eps : float or array
        Deviation, ``eps > 0``.
    a, b : float
        The range of each variable, ``b > a``.
    two_sided : bool, default False
        Bound both tails.

    Returns
    -------
    float or ndarray
        The formula's value (may exceed 1).

    References
    ----------
    ``hoeffding1963``, Theorem 2.
    """
    n_a = check_sample_size(n, "n").astype(float)
    eps_a = check_positive(eps, "eps")
    a_f, b_f = check_interval(a, b)
    two = check_flag(two_sided, "two_sided")
    with np.errstate(over="ignore", under="ignore"):  # (eps / (b - a))**2 then n: no 0 * inf
        ratio = np.minimum(eps_a / (b_f - a_f), 1e154) ** 2
        bound = np.exp(-2.0 * n_a * ratio)
    return scalar_or_array(2.0 * bound if two else bound)


def hoeffding_sample_size(eps: float, delta: float, a: float = 0.0, b: float = 1.0) -> int:
    """Smallest integer ``n`` with :math:`2 e^{-2 n \\varepsilon^2/(b-a)^2} \\le \\delta`.

    That is :math:`n = \\lceil (b-a)^2 \\log(2/\\delta) / (2\\varepsilon^2) \\rceil`: with this many
    i.i.d. variables in [a, b], the mean is within ``eps`` of its expectation with probability at
    least ``1 - delta``.

    Parameters
    ----------
    eps : float
        Accuracy, ``eps > 0``.
    delta : float
        Failure probability in (0, 1).
    a, b : float
        Range of each variable, ``b > a``.

    References
    ----------
    ``hoeffding1963``; the coin example of the lecture notes.
    """
    eps_f = check_positive_scalar(eps, "eps")
    delta_f = single(check_open_unit(delta, "delta"), "delta")
    if np.ndim(delta_f) != 0:
        raise ValueError(f"delta must be a single number, got {delta!r}")
    a_f, b_f = check_interval(a, b)
    # exact: n >= (b - a)^2 log(2 / delta) / (2 eps^2), in 60-digit decimal arithmetic on the decimals
    # that the arguments print as; a Python integer, however large (no linear search, no overflow)
    with localcontext() as ctx:
        ctx.prec = 60
        width = _decimal(b_f) - _decimal(a_f)
        x = width * width * (Decimal(2) / _decimal(delta_f)).ln() / (2 * _decimal(eps_f) ** 2)
        return max(1, int(x.to_integral_value(rounding=ROUND_CEILING)))


# ----------------------------------------------------------------------------------------------
# Exact tails
# ----------------------------------------------------------------------------------------------
def _decimal(x: float) -> Decimal:
    """The decimal number that ``x`` prints as (its shortest round-trip representation): ``0.3`` is 3/10."""
    return Decimal(repr(float(x)))


def _fraction(x: float) -> Fraction:
    return Fraction(repr(float(x)))


def _lattice(n: np.ndarray, p: np.ndarray, eps: np.ndarray, sign: int) -> np.ndarray:
    """``ceil(n (p + eps))`` (``sign = +1``) or ``floor(n (p - eps))`` (``sign = -1``), decided exactly.

    ``p`` and ``eps`` are read as the decimals they print as (``0.3 + 0.2`` is exactly ``0.5``). The
    float product decides every entry farther than its rounding error from an integer; the few near an
    integer are recomputed in exact rational arithmetic, so that a tie is kept as a tie and a value
    just above (or below) an integer, however close, is never snapped onto it.
    """
    n_b, p_b, e_b = np.broadcast_arrays(n, p, eps)
    x = n_b.astype(float) * (p_b + sign * e_b)
    out = np.array(np.ceil(x) if sign > 0 else np.floor(x), dtype=float)
    # float error of n (p +- eps) with the decimals read in binary: a few ulps of n (p + eps) (before
    # any cancellation); a margin of 100 ulps decides every other entry in float arithmetic
    near = np.abs(x - np.round(x)) <= 1e-14 * n_b * (p_b + e_b)
    for idx in map(tuple, np.argwhere(near)):  # only the entries within the tolerance of an integer
        exact = int(n_b[idx]) * (_fraction(p_b[idx]) + sign * _fraction(e_b[idx]))
        out[idx] = -((-exact.numerator) // exact.denominator) if sign > 0 else exact.numerator // exact.denominator
    return out


def binomial_tail(n: int | np.ndarray, p: float | np.ndarray, eps: float | np.ndarray) -> float | np.ndarray:
    """Exact upper tail :math:`P(\\bar X_n - p \\ge \\varepsilon)` for i.i.d. Bernoulli(p) variables.

    With :math:`K = n \\bar X_n \\sim \\text{Binomial}(n, p)`, the event is
    :math:`K \\ge k^* = \\lceil n(p + \\varepsilon) \\rceil`. The integer boundary is taken in exact
    arithmetic on the decimals that ``p`` and ``eps`` print as: when :math:`n(p+\\varepsilon)` is an
    integer (as for ``n=10, p=0.3, eps=0.2``), it is included, as the mathematics says, although
    ``0.5 - 0.3 >= 0.2`` is false in binary floating point; when it is above an integer, however
    little (``n=10, p=0.5, eps=1e-12``), the next integer is the boundary. The result lies in [0, 1]
    and equals ``scipy.stats.binom.sf(k* - 1, n, p)`` for every ``eps > 0``.

    Parameters
    ----------
    n : int or array
        ``n >= 1``.
    p : float or array
        In [0, 1].
    eps : float or array
        ``eps > 0``.

    Returns
    -------
    float or ndarray
        :math:`P(K \\ge k^*)` from ``scipy.stats.binom.sf``.
    """
    n_a = check_sample_size(n, "n")
    p_a = check_probability(p, "p")
    eps_a = check_positive(eps, "eps")
    with np.errstate(over="ignore"):
        k_star = _lattice(n_a, p_a, np.minimum(eps_a, 2.0), +1)  # eps >= 1 already makes the event impossible
    return scalar_or_array(np.clip(stats.binom.sf(k_star - 1, n_a, p_a), 0.0, 1.0))


def binomial_two_sided_tail(n: int | np.ndarray, p: float | np.ndarray, eps: float | np.ndarray) -> float | np.ndarray:
    """Exact :math:`P(|\\bar X_n - p| \\ge \\varepsilon)` for i.i.d. Bernoulli(p) variables.

    The sum of the upper tail :func:`binomial_tail` and the lower tail
    :math:`P(K \\le \\lfloor n(p - \\varepsilon) \\rfloor)`, with the same exact treatment of ties.
    """
    n_a = check_sample_size(n, "n")
    p_a = check_probability(p, "p")
    eps_a = check_positive(eps, "eps")
    upper = binomial_tail(n_a, p_a, eps_a)
    k_low = _lattice(n_a, p_a, np.minimum(eps_a, 2.0), -1)
    lower = stats.binom.cdf(k_low, n_a, p_a)  # 0 when k_low < 0
    # two disjoint events (eps > 0): the sum is a probability; clip the last rounding of the two terms
    return scalar_or_array(np.clip(np.asarray(upper) + lower, 0.0, 1.0))


#: Largest ``n`` of :func:`uniform_mean_tail`: its exact rational sum takes about a second per threshold at 400.
UNIFORM_MAX_N = 400


def uniform_mean_tail(n: int, eps: float | np.ndarray) -> float | np.ndarray:
    """Exact :math:`P(\\bar X_n - 1/2 \\ge \\varepsilon)` for i.i.d. Uniform(0, 1) variables.

    The sum :math:`S = n \\bar X_n` has the Irwin-Hall distribution,
    :math:`P(S \\ge s) = \\frac{1}{n!} \\sum_{k=0}^{\\lfloor n - s \\rfloor} (-1)^k \\binom{n}{k} (n - s - k)^n`
    (by the symmetry :math:`S \\mapsto n - S`). The alternating sum cancels catastrophically in
    floating point, so it is evaluated in exact rational arithmetic (``fractions.Fraction``) and
    rounded once at the end: exact to double precision, for ``n`` up to a few hundred.

    Parameters
    ----------
    n : int
        ``1 <= n <= UNIFORM_MAX_N`` (400).
    eps : float or array
        ``eps > 0``; the tail is 0 for ``eps >= 1/2``.
    """
    n_i = check_int(n, "n", 1, UNIFORM_MAX_N)
    eps_a = check_positive(eps, "eps")
    out = np.empty(eps_a.shape)
    for idx, e in np.ndenumerate(eps_a):  # a handful of thresholds, each an exact sum
        if e >= 0.5:  # beyond the range of the mean (also eps = inf)
            out[idx] = 0.0
            continue
        u = Fraction(n_i, 2) - n_i * Fraction(float(e))  # P(S >= n/2 + n eps) = P(S <= n/2 - n eps)
        if u <= 0:
            out[idx] = 0.0
            continue
        total = sum((-1) ** k * comb(n_i, k) * (u - k) ** n_i for k in range(int(u) + 1))
        out[idx] = float(total / factorial(n_i))
    return scalar_or_array(out)


def exponential_mean_tail(n: int | np.ndarray, eps: float | np.ndarray, rate: float = 1.0) -> float | np.ndarray:
    """Exact :math:`P(\\bar X_n - 1/\\text{rate} \\ge \\varepsilon)` for i.i.d. Exponential(rate) variables.

    :math:`n \\bar X_n \\sim \\text{Gamma}(n, \\text{scale} = 1/\\text{rate})`, so the tail is
    ``scipy.stats.gamma.sf(n * (1/rate + eps), a=n, scale=1/rate)``.
    """
    n_a = check_sample_size(n, "n").astype(float)
    eps_a = check_positive(eps, "eps")
    rate_f = check_positive_scalar(rate, "rate")
    with np.errstate(over="ignore"):
        return scalar_or_array(stats.gamma.sf(n_a * (1.0 / rate_f + eps_a), a=n_a, scale=1.0 / rate_f))


def exact_sample_size_bernoulli(eps: float, delta: float, p: float = 0.5) -> int:
    """Smallest ``n`` such that :math:`P(|\\bar X_m - p| \\ge \\varepsilon) \\le \\delta` for every ``m >= n``.

    The exact two-sided binomial tail is not monotone in ``m`` (the lattice :math:`k/m` moves), so
    "the smallest n that works" must mean "from which on it always works". Two steps, both exact:

    1. a size :math:`M` beyond which no ``m`` fails, by bisection on the lattice-free upper bound
       :math:`I_p(mq, m(1-q) + 1) \\ge P(K \\ge \\lceil mq \\rceil)` of each tail (:math:`q = p \\pm \\varepsilon`,
       ``betainc``), which decreases in ``m`` and touches the exact tail where :math:`mq` is an integer;
    2. the exact tails of the ``m < M`` are computed downwards from ``M`` in vectorised blocks, until the
       first (largest) failing ``m``: a window of order :math:`\\sqrt M` sizes, not all of them.

    Parameters
    ----------
    eps : float
        ``eps > 0``.
    delta : float
        In (0, 1).
    p : float, default 0.5
        Success probability in [0, 1].

    Raises
    ------
    ValueError
        If an argument is out of range, or if the answer would exceed ``MAX_EXACT_SIZE`` (10**12).
    """
    eps_f = check_positive_scalar(eps, "eps")
    delta_f = single(check_open_unit(delta, "delta"), "delta")
    p_f = single(check_probability(p, "p"), "p")
    if p_f in (0.0, 1.0) or eps_f >= 1.0:  # the mean equals p (or never deviates by eps): nothing fails
        return 1
    upper = _envelope_size(p_f, eps_f, delta_f)
    if upper > MAX_EXACT_SIZE:
        raise ValueError(f"eps must be larger: the sample size needed exceeds MAX_EXACT_SIZE = {MAX_EXACT_SIZE} "
                         f"(eps={eps!r}, delta={delta!r}, p={p!r})")
    stop = upper  # every m >= stop passes
    block = 4096
    while stop > 1:
        m = np.arange(max(1, stop - block), stop)
        fails = np.asarray(binomial_two_sided_tail(m, p_f, eps_f)) > delta_f
        if fails.any():
            return int(m[fails][-1] + 1)
        stop = int(m[0])
        block *= 2
    return 1


#: Largest answer of :func:`exact_sample_size_bernoulli` (its exact search then takes a few seconds).
MAX_EXACT_SIZE = 10**12


def _tail_envelope(m: float, p: float, eps: float) -> float:
    """An upper bound on :math:`P(K \\ge \\lceil m(p+\\varepsilon) \\rceil)`, K ~ Bin(m, p), without the lattice.

    :math:`P(K \\ge k) = I_p(k, m - k + 1)` (regularised incomplete beta function), which decreases in
    ``k`` through both arguments; at the real threshold :math:`k = mq`, :math:`q = p + \\varepsilon`, it
    bounds the tail of every integer threshold above, and it is a smooth function of ``m`` (decreasing
    where it is below 1/2, checked in the tests) that touches the exact tail whenever :math:`mq` is an
    integer.
    """
    q = p + eps
    if q > 1.0:
        return 0.0
    return float(special.betainc(m * q, m * (1.0 - q) + 1.0, p))


def _envelope_size(p: float, eps: float, delta: float) -> int:
    """Smallest m found by bisection with envelope(upper tail) + envelope(lower tail) <= delta (monotone)."""

    def total(m: int) -> float:
        return _tail_envelope(m, p, eps) + _tail_envelope(m, 1.0 - p, eps)

    hi = 1
    while total(hi) > delta:  # doubling: O(log M) steps
        hi *= 2
        if hi > 4 * MAX_EXACT_SIZE:
            return hi
    lo = hi // 2
    while hi - lo > 1:  # bisection: O(log M) steps
        mid = (lo + hi) // 2
        if total(mid) <= delta:
            hi = mid
        else:
            lo = mid
    return hi


# ----------------------------------------------------------------------------------------------
# Monte Carlo
# ----------------------------------------------------------------------------------------------
def empirical_tail(samples: np.ndarray, t: float | np.ndarray) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Monte Carlo estimate of :math:`P(X \\ge t)` with its standard error.

    Sorts the draws once and counts with a binary search, so any number of thresholds costs
    :math:`O(m \\log m)` time and :math:`O(m)` memory for ``m`` draws. Ties are decided with
    :data:`TIE_TOLERANCE`, as in :func:`binomial_tail`.

    Parameters
    ----------
    samples : array_like, 1-D
        ``m >= 1`` independent draws of ``X``.
    t : float or array
        Thresholds.

    Returns
    -------
    estimate, standard_error : float or ndarray
        :math:`\\hat P = \\#\\{X_j \\ge t\\}/m` and :math:`\\sqrt{\\hat P(1-\\hat P)/m}` (0 when no draw
        reaches ``t``: then only :math:`P \\lesssim 3/m` can be said).
    """
    x = as_float_array(samples, "samples")
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"samples must be a non-empty 1-D array, got shape {x.shape}")
    t_a = check_real(t, "t", allow_inf=True)
    x_sorted = np.sort(x)
    m = x.size
    finite = np.isfinite(t_a)  # t = +-inf is its own threshold (inf - inf would be NaN)
    tol = np.where(finite, TIE_TOLERANCE * np.maximum(1.0, np.abs(np.where(finite, t_a, 0.0))), 0.0)
    count = m - np.searchsorted(x_sorted, t_a - tol, side="left")
    est = count / m
    se = np.sqrt(est * (1 - est) / m)
    return scalar_or_array(est), scalar_or_array(se)


def sample_means(
    draw: Callable[[np.random.Generator, tuple[int, int]], np.ndarray],
    n: int,
    trials: int,
    rng: np.random.Generator,
    max_elements: int = 2**22,
) -> np.ndarray:
    """``trials`` independent means of ``n`` i.i.d. draws, generated in memory-bounded chunks.

    Parameters
    ----------
    draw : callable
        ``draw(rng, (rows, n))`` returns an array of i.i.d. draws of that shape, e.g.
        ``lambda rng, size: rng.exponential(size=size)``.
    n : int
        Sample size of each mean, ``n >= 1``.
    trials : int
        Number of means, ``>= 1``.
    rng : numpy.random.Generator
    max_elements : int, default 2**22
        At most this many draws are held at once (32 MiB of float64).

    Returns
    -------
    ndarray, shape (trials,)
    """
    check_callable(draw, "draw")
    n_i = check_int(n, "n", 1)
    trials_i = check_int(trials, "trials", 1)
    check_rng(rng)
    rows = max(1, check_int(max_elements, "max_elements", 1) // n_i)
    out = np.empty(trials_i)
    for start in range(0, trials_i, rows):  # chunks, not samples
        stop = min(trials_i, start + rows)
        out[start:stop] = draw(rng, (stop - start, n_i)).mean(axis=1)
    return out


# ----------------------------------------------------------------------------------------------
# Chernoff-KL sample size, bounded differences, sub-Gaussian maxima
# ----------------------------------------------------------------------------------------------
def chernoff_kl_sample_size(eps: float, delta: float, p: float = 0.5) -> int:
    """Smallest ``n`` for which the two-sided Chernoff-KL bound of a Bernoulli(p) mean is at most ``delta``.

    .. math:: e^{-n\\, kl(p + \\varepsilon \\| p)} + e^{-n\\, kl(p - \\varepsilon \\| p)} \\le \\delta ,

    a term being 0 when :math:`p \\pm \\varepsilon` leaves [0, 1] (the event is impossible). The
    exponent is the exact large-deviation rate (Cramér), so this size differs from the exact binomial
    requirement only through the polynomial prefactor of the tail, which every Chernoff-type bound drops.

    Parameters
    ----------
    eps : float
        Accuracy, ``eps > 0``.
    delta : float
        Failure probability in (0, 1).
    p : float, default 0.5
        Success probability in (0, 1).

    References
    ----------
    ``chernoff1952``; ``boucheron2013``, section 2.2.
    """
    eps_f = single(check_positive(eps, "eps"), "eps")
    delta_f = single(check_open_unit(delta, "delta"), "delta")
    p_f = single(check_open_unit(p, "p"), "p")
    rates = [float(kl_bernoulli(q, p_f)) for q in (p_f + eps_f, p_f - eps_f) if 0.0 <= q <= 1.0]
    rates = [r for r in rates if np.isfinite(r)]
    if not rates:  # both deviations impossible
        return 1

    def total(n: int) -> float:
        return float(sum(np.exp(-n * r) for r in rates))

    n = max(1, int(np.floor(np.log(len(rates) / delta_f) / max(rates))))  # a lower bound on the answer
    while total(n) > delta_f:
        n *= 2
    lo, hi = n // 2, n  # total(lo) > delta (or lo below the lower bound), total(hi) <= delta
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if total(mid) <= delta_f:
            hi = mid
        else:
            lo = mid
    return max(1, hi)


def mcdiarmid_bound(t: float | np.ndarray, c: np.ndarray | float, n: int | None = None) -> float | np.ndarray:
    """McDiarmid's bounded-differences inequality: :math:`P(f - E f \\ge t) \\le e^{-2t^2/\\sum_i c_i^2}`.

    Holds for :math:`f(X_1, \\dots, X_n)` of independent variables such that changing the ``i``-th
    argument alone changes :math:`f` by at most :math:`c_i`. The lower tail obeys the same bound.

    Parameters
    ----------
    t : float or array
        Deviation, ``t > 0``.
    c : float or array
        The bounded-difference constants :math:`c_i \\ge 0` (a scalar with ``n`` means ``n`` equal ones).
    n : int, optional
        Number of variables when ``c`` is a scalar.

    References
    ----------
    ``mcdiarmid1989``; ``boucheron2013``, Theorem 6.2.
    """
    t_a = check_positive(t, "t")
    c_a = check_nonnegative(c, "c", finite=True)
    if n is not None:
        if c_a.ndim != 0:
            raise ValueError("n must be omitted when c is an array of constants")
        total = single(check_sample_size(n, "n"), "n") * float(c_a) ** 2
    else:
        total = float(np.sum(c_a**2))
    if total <= 0:
        raise ValueError(f"c must not be all zero, got {c!r}")
    return scalar_or_array(np.exp(-2.0 * t_a**2 / total))


def subgaussian_max_bound(sigma: float | np.ndarray, count: int | np.ndarray) -> float | np.ndarray:
    """Maximal inequality: :math:`E \\max_{i \\le N} X_i \\le \\sigma \\sqrt{2 \\log N}`.

    Holds for any :math:`N` centred variables, dependent or not, each :math:`\\sigma`-sub-Gaussian
    (:math:`\\log E e^{\\lambda X_i} \\le \\lambda^2 \\sigma^2 / 2` for every real :math:`\\lambda`).

    Parameters
    ----------
    sigma : float or array
        Sub-Gaussian parameter, ``>= 0``.
    count : int or array
        Number of variables ``N >= 1``.

    References
    ----------
    ``boucheron2013``, Theorem 2.5.
    """
    sigma_a = check_nonnegative(sigma, "sigma", finite=True)
    count_a = check_sample_size(count, "count")
    return scalar_or_array(sigma_a * np.sqrt(2.0 * np.log(count_a)))


def gaussian_expected_max(count: int) -> float:
    """:math:`E \\max_{i \\le N} Z_i` for i.i.d. standard normal :math:`Z_i`, by numerical integration.

    .. math:: E \\max_i Z_i = \\int_{-\\infty}^{\\infty} z\\, N \\varphi(z) \\Phi(z)^{N-1} \\, dz .

    Parameters
    ----------
    count : int
        ``N >= 1``.

    References
    ----------
    ``boucheron2013``, section 2.5.
    """
    from scipy import integrate

    n_i = single_int(check_sample_size(count, "count"), "count")
    if n_i == 1:
        return 0.0

    def integrand(z: float) -> float:
        return z * n_i * np.exp(stats.norm.logpdf(z) + (n_i - 1) * stats.norm.logcdf(z))

    value, _ = integrate.quad(integrand, -12.0, 12.0, limit=200, epsabs=1e-12, epsrel=1e-10)
    return float(value)
