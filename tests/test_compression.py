"""Tests of genbounds.compression: code lengths counted by hand, the kl inverse against closed forms and
an independent root finder, the Occam bounds' monotonicity (hypothesis) and input validation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from genbounds import compression as cp
from genbounds.bounds import finite_class_bound
from genbounds.concentration import kl_bernoulli


# ---------------------------------------------------------------- kl inverse
def test_kl_inverse_closed_forms() -> None:
    # q = 0: kl(0 || p) = -log(1 - p), so the inverse is 1 - exp(-c)
    c = np.array([0.0, 0.01, 0.5, 3.0])
    assert np.allclose(cp.kl_inverse_upper(0.0, c), 1 - np.exp(-c), atol=1e-12)
    assert cp.kl_inverse_upper(0.3, 0.0) == pytest.approx(0.3, abs=1e-7)  # no budget: p = q (kl is flat there)
    assert cp.kl_inverse_upper(1.0, 0.2) == 1.0


@pytest.mark.parametrize("q, c", [(0.03, 0.7), (0.1, 0.05), (0.5, 0.01), (0.9, 0.02), (0.2, 1.5)])
def test_kl_inverse_matches_brentq(q: float, c: float) -> None:
    ref = brentq(lambda p: kl_bernoulli(q, p) - c, q, 1 - 1e-15, xtol=1e-14)
    got = cp.kl_inverse_upper(q, c)
    assert got == pytest.approx(ref, abs=1e-10)
    assert kl_bernoulli(q, got) == pytest.approx(c, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 0.99), st.floats(0.0, 5.0))
def test_kl_inverse_between_q_and_pinsker(q: float, c: float) -> None:
    p = cp.kl_inverse_upper(q, c)
    assert q - 1e-12 <= p <= min(1.0, q + math.sqrt(c / 2)) + 1e-9
    assert kl_bernoulli(q, min(p, 1.0)) <= c + 1e-9


# ---------------------------------------------------------------- Occam bounds
def test_occam_bound_by_hand() -> None:
    # k = 10 bits, n = 1000, delta = 0.05: sqrt((10 ln 2 + ln 20) / 2000)
    assert cp.occam_bound(10, 1000, 0.05) == pytest.approx(math.sqrt((10 * math.log(2) + math.log(20)) / 2000), rel=1e-14)
    # with k = log2 |H| it is the one-sided finite-class bound (ln(1/delta) instead of ln(2/delta))
    assert cp.occam_bound(math.log2(64), 500, 0.1) == pytest.approx(finite_class_bound(64, 500, 0.2), rel=1e-12)


def test_compression_bound_forms() -> None:
    q, k, n, d = 0.069, 1010, 1000, 0.05
    budget = (k * math.log(2) + math.log(1 / d)) / n
    assert cp.compression_bound(q, k, n, d, form="hoeffding") == pytest.approx(q + math.sqrt(budget / 2), rel=1e-13)
    kl_form = cp.compression_bound(q, k, n, d)
    assert kl_bernoulli(q, kl_form) == pytest.approx(budget, rel=1e-9)
    assert kl_form < cp.compression_bound(q, k, n, d, form="hoeffding")
    with pytest.raises(ValueError, match="form"):
        cp.compression_bound(q, k, n, d, form="pinsker")


@settings(max_examples=150, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1e4), st.floats(0.0, 1e4), st.integers(1, 10**6), st.integers(1, 10**6),
       st.floats(1e-6, 0.999), st.floats(1e-6, 0.999))
def test_bounds_monotone_in_k_n_delta(q: float, k1: float, k2: float, n1: int, n2: int, d1: float, d2: float) -> None:
    (k1, k2), (n1, n2), (d1, d2) = sorted((k1, k2)), sorted((n1, n2)), sorted((d1, d2))
    for form in ("kl", "hoeffding"):
        f = lambda k, n, d, form=form: cp.compression_bound(q, k, n, d, form=form)  # noqa: E731
        assert f(k1, n1, d1) <= f(k2, n1, d1) + 1e-12  # more bits: larger
        assert f(k1, n2, d1) <= f(k1, n1, d1) + 1e-12  # more data: smaller
        assert f(k1, n1, d2) <= f(k1, n1, d1) + 1e-12  # larger delta (less confidence): smaller
    assert cp.compression_bound(q, k1, n1, d1) <= cp.compression_bound(q, k1, n1, d1, form="hoeffding") + 1e-9


# ---------------------------------------------------------------- code lengths
def test_mask_bits_by_hand() -> None:
    assert cp.mask_bits(4, 2) == 3 + 3  # count in {0..4}: 3 bits; C(4,2) = 6 subsets: 3 bits
    assert cp.mask_bits(8, 8) == 4  # count in {0..8}: 4 bits; one subset: 0 bits
    assert cp.mask_bits(1, 0) == 1
    assert cp.mask_bits(1000, 10) == 10 + math.ceil(math.log2(math.comb(1000, 10)))
    assert np.array_equal(cp.mask_bits([7, 7], [3, 4]), [3 + 6, 3 + 6])  # C(7,3) = C(7,4) = 35: 6 bits


@pytest.mark.parametrize(("n", "m"), [(cp.MASK_EXACT_MAX + 1, 7), (2 * cp.MASK_EXACT_MAX, 3), (10**6, 1000)])
def test_mask_bits_of_large_layers_is_at_most_one_bit_above_exact(n: int, m: int) -> None:
    """Above MASK_EXACT_MAX the subset index is sized from lgamma: never shorter than exact, at most one bit longer."""
    exact = (math.comb(n, m) - 1).bit_length() + (n).bit_length()  # ceil(log2 C) + ceil(log2(n + 1)), n + 1 not a power of 2
    assert exact <= cp.mask_bits(n, m) <= exact + 1


def test_mask_bits_of_a_huge_layer_is_fast_and_huge_sizes_are_refused() -> None:
    import time

    tic = time.perf_counter()
    bits = cp.mask_bits(10**7, 5 * 10**6)  # math.comb would take minutes here
    assert time.perf_counter() - tic < 1.0
    assert 10**7 - 20 <= bits <= 10**7 + 30  # log2 C(N, N/2) = N - log2(sqrt(pi N / 2)) + o(1), plus 24 count bits
    for call, name in [(lambda: cp.mask_bits(1e19, 3), "n_weights"), (lambda: cp.quantise([1.0], 1e19), "bits"),
                       (lambda: cp.choice_bits(2**60), "n_options"), (lambda: cp.choice_bits([[2, 3], [4, 5]]), "n_options"),
                       (lambda: cp.description_length([1e19], [3], 2), "n_weights")]:
        with pytest.raises(ValueError, match=name):
            call()


def test_mask_bits_is_a_prefix_code_length() -> None:
    """Kraft: sum over all masks of a layer of 2^-length <= 1 (so the bound's prior is a sub-probability)."""
    for n in (1, 5, 12):
        kraft = sum(math.comb(n, m) * 2.0 ** -cp.mask_bits(n, m) for m in range(n + 1))
        assert kraft <= 1.0 + 1e-15


def test_elias_gamma_and_choices() -> None:
    assert np.array_equal(cp.elias_gamma_bits([1, 2, 3, 4, 7, 8, 1023]), [1, 3, 3, 5, 5, 7, 19])
    assert sum(2.0 ** -cp.elias_gamma_bits(m) for m in range(1, 5000)) <= 1.0
    assert cp.choice_bits(1) == 0 and cp.choice_bits(2) == 1 and cp.choice_bits(8) == 3 and cp.choice_bits(9) == 4
    assert cp.choice_bits([8, 4, 1]) == 5


def test_description_length_by_hand() -> None:
    # layer 1: 100 weights, 10 kept: 7 + ceil(log2 C(100,10)) = 7 + 44; layer 2: 50 of 50: 6 + 0
    # values 3 bits x 60; two float32 scales; choices among 8 and 4: 3 + 2
    assert math.ceil(math.log2(math.comb(100, 10))) == 44
    assert cp.description_length([100, 50], [10, 50], 3, n_options=(8, 4)) == 7 + 44 + 6 + 180 + 64 + 5
    assert cp.description_length(10, 10, 1, scale_bits=0) == 4 + 10
    with pytest.raises(ValueError, match="n_kept"):
        cp.description_length([10], [11], 2)
    with pytest.raises(ValueError, match="same length"):
        cp.description_length([10, 10], [5], 2)
    with pytest.raises(ValueError, match="bits_per_weight"):
        cp.description_length(10, 5, 0)


def test_quantise() -> None:
    vals, idx, a = cp.quantise([-1.0, 0.1, 0.5, 1.0], 2)
    assert a == 1.0 and np.array_equal(idx, [0, 2, 3, 3]) and np.allclose(vals, [-0.75, 0.25, 0.75, 0.75])
    rng = np.random.default_rng(0)
    w = rng.standard_normal(1000)
    for b in (1, 3, 8):
        v, i, a = cp.quantise(w, b)
        assert np.all(np.abs(v - w) <= a / 2**b + 1e-12)  # half a step
        assert i.min() >= 0 and i.max() <= 2**b - 1 and np.unique(v).size <= 2**b
    v, _, _ = cp.quantise(w, 2, scale=0.5)
    assert np.all(np.abs(v) <= 0.5)
    with pytest.raises(ValueError, match="bits"):
        cp.quantise(w, 0)
    with pytest.raises(ValueError, match="scale"):
        cp.quantise(w, 2, scale=-1.0)


@pytest.mark.parametrize("call, name", [
    (lambda: cp.occam_bound(-1, 10, 0.1), "bits"),
    (lambda: cp.occam_bound(1, 0, 0.1), "n"),
    (lambda: cp.occam_bound(1, 10, 1.0), "delta"),
    (lambda: cp.compression_bound(1.5, 1, 10, 0.1), "train_error"),
    (lambda: cp.kl_inverse_upper(0.2, -1), "c"),
    (lambda: cp.kl_inverse_upper(-0.1, 1), "q"),
    (lambda: cp.mask_bits(0, 0), "n_weights"),
    (lambda: cp.mask_bits(3, 1.5), "n_kept"),
    (lambda: cp.choice_bits(0), "n_options"),
    (lambda: cp.elias_gamma_bits(0), "m"),
])
def test_validation_names_the_argument(call, name: str) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match=name):
        call()
