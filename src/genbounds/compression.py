"""Compression bounds: description lengths of pruned, quantised models and the Occam bounds they feed.

A predictor that can be written down in :math:`k` bits by a code fixed *before* the data are seen
generalizes: give every hypothesis :math:`h` the prior weight :math:`2^{-k(h)}` of its code word (the
weights sum to at most 1 by Kraft's inequality, because the code is prefix-free), apply Hoeffding's or
Chernoff's inequality to each :math:`h` at confidence :math:`\\delta 2^{-k(h)}` and take a union bound.
With probability at least :math:`1 - \\delta` over an i.i.d. sample of size :math:`n`, every :math:`h`
satisfies, for a loss in [0, 1],

.. math::

    R(h) - R_S(h) \\le \\sqrt{\\frac{k(h)\\ln 2 + \\ln(1/\\delta)}{2n}}
    \\quad\\text{and}\\quad
    \\kl\\big(R_S(h) \\,\\Vert\\, R(h)\\big) \\le \\frac{k(h)\\ln 2 + \\ln(1/\\delta)}{n}
    \\ \\text{ when } R_S(h) \\le R(h).

The second (the *kl form*, ``langford2005``) is never weaker and is much sharper at small training
error. The code length :math:`k(h)` is where honesty matters: every choice made by looking at the data
(which weights survive, how many bits per weight, the quantisation grid, the pruning level, the
architecture) must be part of the code word. This module codes a pruned and quantised network as

* a **mask** per layer: the number of kept weights (``ceil(log2(N + 1))`` bits for a layer of ``N``
  weights), then which ones (``ceil(log2 C(N, m))`` bits, the index of the subset);
* the **values** of the kept weights: ``b`` bits each on a uniform grid;
* the **grid**: one scale per layer, stored as a float (32 bits by default);
* a **penalty for every other choice** made with the data: ``ceil(log2 M)`` bits to say which of ``M``
  options fixed in advance was taken.

References
----------
``langford2005`` (Occam's razor and the kl form); ``arora2018`` (compression framework);
``zhou2019`` (non-vacuous compression bounds for ImageNet-scale networks); ``lotfi2022``;
``cover2006`` (prefix codes, Kraft's inequality). The rate-distortion bound on a quantised network is
``genbounds.bounds.rate_distortion_bound`` (``sefidgaran2022``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from genbounds._validation import (
    as_float_array,
    check_integer,
    check_nonnegative,
    check_open_unit,
    check_positive,
    check_probability,
    check_sample_size,
    scalar_or_array,
    single_int,
)

__all__ = [
    "choice_bits",
    "compression_bound",
    "description_length",
    "elias_gamma_bits",
    "kl_inverse_upper",
    "mask_bits",
    "occam_bound",
    "quantise",
]

_LN2 = math.log(2.0)


def _check_int_array(value: Any, name: str, lowest: int) -> np.ndarray:
    """Integers in ``[lowest, 2**53]`` (the validation layer's limit: nothing wraps through int64)."""
    return check_integer(value, name, minimum=lowest)


#: Largest layer size whose subset count :math:`\binom{N}{m}` is computed with exact integers (about
#: 0.1 s at :math:`m = N/2`); above it :func:`mask_bits` rounds an upper bound on the logarithm up.
MASK_EXACT_MAX = 10**5


def _ceil_log2_comb(n: int, m: int) -> int:
    """``ceil(log2 C(n, m))``: exact up to :data:`MASK_EXACT_MAX`, else the ceiling of an upper bound (at most
    one bit more than the exact value; a longer code word is still a valid prefix code)."""
    if n <= MASK_EXACT_MAX:
        return _ceil_log2(math.comb(n, m))
    log2 = (math.lgamma(n + 1) - math.lgamma(m + 1) - math.lgamma(n - m + 1)) / _LN2
    return max(0, math.ceil(log2 * (1 + 1e-12) + 1e-6))  # lgamma's relative error is ~1e-15


def _ceil_log2(x: int) -> int:
    """``ceil(log2 x)`` for an integer ``x >= 1``, exactly (no floating point)."""
    return (int(x) - 1).bit_length()


# ----------------------------------------------------------------------------------------------
# The kl inverse and the Occam bounds
# ----------------------------------------------------------------------------------------------
def kl_inverse_upper(q: float | np.ndarray, c: float | np.ndarray) -> float | np.ndarray:
    """Upper kl inverse :math:`\\kl^{-1}(q, c) = \\max\\{p \\in [q, 1] : \\kl(q \\Vert p) \\le c\\}`.

    :math:`p \\mapsto \\kl(q \\Vert p)` is continuous and increasing on :math:`[q, 1)`, from 0 to
    :math:`+\\infty` (for :math:`q < 1`); the inverse is found by bisection (80 halvings; accurate to
    about 1e-15 where the slope of kl is not small, to about 1e-8 when :math:`c` is near 0, where kl
    is flat in :math:`p` and rounding decides). It is 1 only for :math:`q = 1`; for :math:`q = 0` it is :math:`1 - e^{-c}`. It is
    never above :math:`q + \\sqrt{c/2}` (Pinsker's inequality :math:`\\kl(q \\Vert p) \\ge 2(p - q)^2`).

    Parameters
    ----------
    q : float or array
        Empirical risk in [0, 1].
    c : float or array
        Budget :math:`c \\ge 0` in nats (for the Occam bound, :math:`(k\\ln 2 + \\ln(1/\\delta))/n`).

    References
    ----------
    ``langford2005``; ``kl_bernoulli`` in :mod:`genbounds.concentration`.
    """
    from genbounds.concentration import kl_bernoulli

    q_a = check_probability(q, "q")
    c_a = check_nonnegative(c, "c")
    q_b, c_b = np.broadcast_arrays(q_a.astype(float), c_a.astype(float))
    lo, hi = q_b.copy(), np.ones_like(q_b)
    with np.errstate(divide="ignore"):
        for _ in range(80):
            mid = 0.5 * (lo + hi)
            inside = np.asarray(kl_bernoulli(q_b, mid)) <= c_b
            lo = np.where(inside, mid, lo)
            hi = np.where(inside, hi, mid)
        top = np.asarray(kl_bernoulli(q_b, np.ones_like(q_b))) <= c_b  # the whole interval is allowed
    pinsker = np.minimum(q_b + np.sqrt(c_b / 2.0), 1.0)  # a valid cap; it removes rounding where kl is flat
    return scalar_or_array(np.where(top, 1.0, np.minimum(lo, pinsker)))


def occam_bound(bits: float | np.ndarray, n: int | np.ndarray, delta: float | np.ndarray) -> float | np.ndarray:
    """Occam (compression) bound on the gap: :math:`\\sqrt{(k \\ln 2 + \\ln(1/\\delta)) / (2n)}`.

    With probability at least :math:`1 - \\delta` over an i.i.d. sample of size :math:`n`, every
    hypothesis with a code word of :math:`k` bits in a prefix code fixed before the sample, and loss in
    [0, 1], has :math:`R(h) - R_S(h)` at most this value. Hoeffding's inequality at confidence
    :math:`\\delta 2^{-k}` for each :math:`h`, and a union bound (Kraft: :math:`\\sum_h 2^{-k(h)} \\le 1`).
    With :math:`k = \\log_2 |\\cH|` it is the one-sided finite-class bound.

    Parameters
    ----------
    bits : float or array
        Code length :math:`k \\ge 0` in bits (non-integer values are allowed: only
        :math:`\\sum_h 2^{-k(h)} \\le 1` is used).
    n : int or array
        Sample size, ``>= 1``.
    delta : float or array
        Failure probability in (0, 1).

    References
    ----------
    ``langford2005``; ``shalev2014``, section 7.3 (minimum description length).
    """
    k_a = check_nonnegative(bits, "bits")
    if not np.all(np.isfinite(k_a)):
        raise ValueError(f"bits must be finite, got {bits!r}")
    n_a = check_sample_size(n, "n")
    d_a = check_open_unit(delta, "delta")
    return scalar_or_array(np.sqrt((k_a * _LN2 + np.log(1.0 / d_a)) / (2.0 * n_a)))


def compression_bound(train_error: float | np.ndarray, bits: float | np.ndarray, n: int | np.ndarray,
                      delta: float | np.ndarray, *, form: str = "kl") -> float | np.ndarray:
    """Bound on the risk of a hypothesis described in ``bits`` bits, from its training error.

    With probability at least :math:`1 - \\delta`, simultaneously for every hypothesis of a prefix
    code fixed before the sample,

    * ``form="kl"``: :math:`R(h) \\le \\kl^{-1}\\big(R_S(h),\\, (k\\ln 2 + \\ln(1/\\delta))/n\\big)`
      (Chernoff's bound :math:`P(R_S \\le q) \\le e^{-n \\kl(q \\Vert R)}` for :math:`q \\le R`, at
      confidence :math:`\\delta 2^{-k}`, and a union bound); never above 1;
    * ``form="hoeffding"``: :math:`R(h) \\le R_S(h) + \\sqrt{(k\\ln 2 + \\ln(1/\\delta))/(2n)}`, which can
      exceed 1 (vacuous). The kl form is never larger (Pinsker's inequality).

    Parameters
    ----------
    train_error : float or array
        Empirical risk :math:`R_S(h) \\in [0, 1]` (e.g. the training 0-1 error).
    bits : float or array
        Code length :math:`k \\ge 0` in bits.
    n : int or array
        Sample size, ``>= 1``.
    delta : float or array
        Failure probability in (0, 1).
    form : {"kl", "hoeffding"}

    References
    ----------
    ``langford2005`` (Occam's razor bound); ``zhou2019`` (its use with pruned networks).
    """
    q_a = check_probability(train_error, "train_error")
    if form not in ("kl", "hoeffding"):
        raise ValueError(f"form must be 'kl' or 'hoeffding', got {form!r}")
    gap = occam_bound(bits, n, delta)  # validates bits, n, delta
    if form == "hoeffding":
        return scalar_or_array(q_a + np.asarray(gap))
    budget = 2.0 * np.asarray(gap) ** 2  # (k ln 2 + ln(1/delta)) / n
    return kl_inverse_upper(q_a, budget)


# ----------------------------------------------------------------------------------------------
# Description lengths
# ----------------------------------------------------------------------------------------------
def elias_gamma_bits(m: int | np.ndarray) -> int | np.ndarray:
    """Length of Elias' gamma code word for an integer :math:`m \\ge 1`: :math:`2\\lfloor\\log_2 m\\rfloor + 1`.

    A prefix code for all positive integers (no upper limit known in advance): :math:`\\lfloor \\log_2 m
    \\rfloor` zeros, then the binary digits of :math:`m`. Use it for a count whose range is not fixed
    before the data are seen (a number of epochs, a width).

    References
    ----------
    ``elias1975``; ``cover2006``, section 5.
    """
    m_a = _check_int_array(m, "m", 1)
    out = np.vectorize(lambda v: 2 * (int(v).bit_length() - 1) + 1, otypes=[np.int64])(m_a)
    return int(out) if out.ndim == 0 else out


def mask_bits(n_weights: int | np.ndarray, n_kept: int | np.ndarray) -> int | np.ndarray:
    """Bits of a prefix code for a pruning mask: :math:`\\lceil\\log_2(N+1)\\rceil + \\lceil\\log_2\\binom{N}{m}\\rceil`.

    The layer size :math:`N` is known to the decoder (it is the architecture). The code word says how
    many weights are kept (:math:`m \\in \\{0, \\dots, N\\}`, a fixed-length field) and then which
    :math:`m`-subset (its index in a fixed enumeration of the :math:`\\binom{N}{m}` subsets). Computed with
    exact integers up to :math:`N =` ``MASK_EXACT_MAX`` (:math:`10^5`), so the ceilings are exact; for larger
    layers from ``lgamma``, rounded up (at most one bit more). Broadcasts over arrays (one entry per layer).

    Parameters
    ----------
    n_weights : int or array
        :math:`N \\ge 1`, the number of prunable weights of the layer.
    n_kept : int or array
        :math:`0 \\le m \\le N`, the number of weights the mask keeps.

    References
    ----------
    ``cover2006``, chapter 5 (enumerative codes); ``zhou2019`` codes masks the same way (up to details).
    """
    n_a = _check_int_array(n_weights, "n_weights", 1)
    m_a = _check_int_array(n_kept, "n_kept", 0)
    if np.any(m_a > n_a):
        raise ValueError(f"n_kept must be <= n_weights, got n_kept={n_kept!r}, n_weights={n_weights!r}")
    n_b, m_b = np.broadcast_arrays(n_a, m_a)
    out = np.array([_ceil_log2(int(n) + 1) + _ceil_log2_comb(int(n), int(m))
                    for n, m in zip(n_b.ravel(), m_b.ravel(), strict=True)], dtype=np.int64).reshape(n_b.shape)
    return int(out) if out.ndim == 0 else out


def choice_bits(n_options: int | Sequence[int] | np.ndarray) -> int:
    """Penalty, in bits, for data-dependent choices among lists fixed in advance: :math:`\\sum_i\\lceil\\log_2 M_i\\rceil`.

    Choosing one of :math:`M` options after looking at the data (a pruning level, a bit depth, a
    regularisation strength) is part of the description of the final model: it costs a code word of
    :math:`\\lceil\\log_2 M\\rceil` bits. A choice with one option costs nothing.

    Parameters
    ----------
    n_options : int or sequence of int
        :math:`M_i \\ge 1`, the size of each list.

    References
    ----------
    ``langford2005`` (the union bound over a countable family); ``shalev2014``, section 7.3.
    """
    m_a = _check_int_array(n_options, "n_options", 1)
    if m_a.ndim > 1:
        raise ValueError(f"n_options must be an integer or a 1-d sequence of integers, got shape {m_a.shape}")
    return int(sum(_ceil_log2(int(m)) for m in np.atleast_1d(m_a)))


def description_length(n_weights: int | Sequence[int] | np.ndarray, n_kept: int | Sequence[int] | np.ndarray,
                       bits_per_weight: int, *, scale_bits: int = 32,
                       n_options: int | Sequence[int] = ()) -> int:
    """Total code length, in bits, of a pruned network quantised on one uniform grid per layer.

    .. math:: k = \\sum_{\\ell} \\Big(\\lceil\\log_2(N_\\ell+1)\\rceil + \\lceil\\log_2\\tbinom{N_\\ell}{m_\\ell}\\rceil
              + b\\, m_\\ell + s\\Big) + \\sum_i \\lceil\\log_2 M_i\\rceil

    for layers of :math:`N_\\ell` prunable weights of which :math:`m_\\ell` are kept, :math:`b` bits per
    kept weight, :math:`s` bits per layer for the grid's scale, and the choices among :math:`M_i` options
    (see :func:`mask_bits`, :func:`choice_bits`). Anything not pruned (biases, a dense layer) is a layer
    with :math:`m_\\ell = N_\\ell`, whose mask costs only the count field.

    Parameters
    ----------
    n_weights, n_kept : int or sequence of int
        Per layer: number of weights and number kept (``0 <= n_kept <= n_weights``).
    bits_per_weight : int
        :math:`b \\ge 1`; the grid has :math:`2^b` levels (see :func:`quantise`).
    scale_bits : int
        Bits to store each layer's grid scale (``>= 0``; 32 for a float32).
    n_options : int or sequence of int
        Sizes of the lists from which data-dependent choices were made (e.g. ``(8, 4)`` for a pruning
        level among 8 and a bit depth among 4). Empty by default.

    Returns
    -------
    int
        The code length :math:`k` in bits, to be used in :func:`occam_bound` or :func:`compression_bound`.

    References
    ----------
    ``zhou2019``; ``arora2018``.
    """
    n_a = np.atleast_1d(_check_int_array(n_weights, "n_weights", 1))
    m_a = np.atleast_1d(_check_int_array(n_kept, "n_kept", 0))
    if n_a.shape != m_a.shape or n_a.ndim != 1:
        raise ValueError(f"n_weights and n_kept must have the same length, got {n_a.shape} and {m_a.shape}")
    b = single_int(_check_int_array(bits_per_weight, "bits_per_weight", 1), "bits_per_weight")
    s = single_int(_check_int_array(scale_bits, "scale_bits", 0), "scale_bits")
    masks = np.atleast_1d(mask_bits(n_a, m_a))
    choices = choice_bits(n_options) if np.size(n_options) else 0
    return int(masks.sum() + b * m_a.sum() + s * n_a.size + choices)


def quantise(w: Any, bits: int, scale: float | None = None) -> tuple[np.ndarray, np.ndarray, float]:
    """Uniform mid-rise quantiser with :math:`2^b` levels on :math:`[-a, a]`.

    The levels are :math:`c_j = -a + (j + 1/2)\\,\\Delta`, :math:`j = 0, \\dots, 2^b - 1`, with step
    :math:`\\Delta = 2a/2^b`; each value goes to the nearest level (values outside :math:`[-a, a]` to the
    end levels), so :math:`|w - \\hat w| \\le \\Delta/2` inside the range. Zero is not a level: pruned
    weights are coded by the mask, not by the grid.

    Parameters
    ----------
    w : array_like
        Values to quantise (finite).
    bits : int
        :math:`b \\ge 1`.
    scale : float or None
        :math:`a > 0`; ``None`` takes :math:`a = \\max |w|` (a data-dependent scale: store it, e.g. in
        32 bits, as :func:`description_length` does).

    Returns
    -------
    values : ndarray
        :math:`\\hat w`, same shape as ``w``.
    index : ndarray of int
        The level :math:`j` of each value (``b`` bits each).
    scale : float
        The :math:`a` used.
    """
    w_a = as_float_array(w, "w")
    if not np.all(np.isfinite(w_a)):
        raise ValueError("w must be finite")
    b = single_int(_check_int_array(bits, "bits", 1), "bits")
    if b > 32:
        raise ValueError(f"bits must be <= 32, got {bits!r}")
    if scale is None:
        a = float(np.max(np.abs(w_a))) if w_a.size else 1.0
        a = a if a > 0 else 1.0
    else:
        a = float(check_positive(scale, "scale"))
    levels = 2**b
    step = 2.0 * a / levels
    index = np.clip(np.floor((w_a + a) / step), 0, levels - 1).astype(np.int64)
    return -a + (index + 0.5) * step, index, a
