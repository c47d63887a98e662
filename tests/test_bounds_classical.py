"""Tests of genbounds.bounds.classical: closed forms, inversions of Hoeffding, and the inequalities between bounds."""

from __future__ import annotations

from math import comb, log, sqrt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genbounds import bounds, complexity, concentration


# ----------------------------------------------------------------------------------------------
# Finite class
# ----------------------------------------------------------------------------------------------
def test_finite_class_bound_closed_form() -> None:
    assert bounds.finite_class_bound(100, 1000, 0.05) == pytest.approx(sqrt((log(100) + log(40)) / 2000), rel=1e-14)
    # |H| = 1 is two-sided Hoeffding
    assert bounds.finite_class_bound(1, 50, 0.1) == pytest.approx(sqrt(log(20) / 100), rel=1e-14)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 10**6), st.integers(1, 10**5), st.floats(1e-6, 0.99))
def test_finite_class_bound_inverts_the_union_bound(size: int, n: int, delta: float) -> None:
    eps = bounds.finite_class_bound(size, n, delta)
    # |H| times the two-sided Hoeffding bound at eps is exactly delta
    assert size * concentration.hoeffding_bound(n, eps, two_sided=True) == pytest.approx(delta, rel=1e-9)


def test_finite_class_bound_broadcasts() -> None:
    out = bounds.finite_class_bound(np.array([[1], [10]]), np.array([10, 100, 1000]), 0.05)
    assert out.shape == (2, 3)
    assert np.all(np.diff(out, axis=1) < 0) and np.all(out[1] > out[0])


# ----------------------------------------------------------------------------------------------
# VC
# ----------------------------------------------------------------------------------------------
def test_vc_bound_closed_form() -> None:
    d, n, delta = 3, 200, 0.05
    phi = sum(comb(n, i) for i in range(d + 1))
    assert bounds.vc_bound(d, n, delta) == pytest.approx(sqrt(2 * log(phi) / n) + sqrt(log(1 / delta) / (2 * n)), rel=1e-12)
    # d = 0: one labeling, only the confidence term remains
    assert bounds.vc_bound(0, 10, 0.1) == pytest.approx(sqrt(log(10) / 20), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 20), st.integers(0, 5000), st.floats(1e-4, 0.5))
def test_vc_bound_is_at_most_the_relaxed_sauer_form(d: int, extra: int, delta: float) -> None:
    n = d + extra
    relaxed = sqrt(2 * d * log(np.e * n / d) / n) + sqrt(log(1 / delta) / (2 * n))
    assert bounds.vc_bound(d, n, delta) <= relaxed * (1 + 1e-12)


def test_vc_bound_log_growth_is_exact_for_large_n() -> None:
    # the log-sum-exp evaluation agrees with exact integers where those do not overflow a float
    d, n = 7, 3000
    exact = log(complexity.sauer_bound(d, n))
    got = bounds.vc_bound(d, n, 0.5) - sqrt(log(2) / (2 * n))
    assert got == pytest.approx(sqrt(2 * exact / n), rel=1e-12)


# ----------------------------------------------------------------------------------------------
# Rademacher and the network bound
# ----------------------------------------------------------------------------------------------
def test_rademacher_bound_both_forms() -> None:
    assert bounds.rademacher_bound(0.1, 400, 0.05) == pytest.approx(0.2 + 3 * sqrt(log(40) / 800), rel=1e-14)
    assert bounds.rademacher_bound(0.1, 400, 0.05, empirical=False) == pytest.approx(0.2 + sqrt(log(20) / 800), rel=1e-14)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.01, 20), st.integers(1, 8), st.integers(1, 10**6), st.floats(1e-6, 0.9))
def test_network_bound_is_rademacher_bound_of_golowich_complexity(B: float, L: int, n: int, delta: float) -> None:
    rad = B**L * (1 + sqrt(2 * L * log(2))) / sqrt(n)
    assert bounds.norm_based_network_bound(B, L, n, delta) == pytest.approx(bounds.rademacher_bound(rad, n, delta), rel=1e-12)


def test_network_bound_grows_exponentially_with_depth_when_B_exceeds_one() -> None:
    L = np.arange(1, 7)
    b = bounds.norm_based_network_bound(3.0, L, 1000, 0.05)
    assert np.all(np.diff(b) > 0)
    assert b[-1] > 1 > bounds.norm_based_network_bound(0.5, 1, 1000, 0.05)


def test_linear_case_matches_the_l2_ball_rademacher_bound() -> None:
    # L = 1: the class is {w . x : ||w|| <= B}; Golowich's complexity is at least the Jensen bound B / sqrt(n)
    X = np.random.default_rng(0).normal(size=(50, 4))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    jensen = complexity.rademacher_linear_l2_bound(X, 2.0)
    assert jensen == pytest.approx(2.0 / sqrt(50), rel=1e-12)
    assert bounds.norm_based_network_bound(2.0, 1, 50, 0.1) >= bounds.rademacher_bound(jensen, 50, 0.1)


# ----------------------------------------------------------------------------------------------
# Zhang-Liu-Tao binary classification
# ----------------------------------------------------------------------------------------------
def test_binary_classification_bound_closed_forms() -> None:
    # n <= d: eta^{L/2} sqrt(2 sigma^2 d / n); n > d: times log(e n / d) under the root
    assert bounds.binary_classification_bound(10, 5, 2, 0.25) == pytest.approx(0.25 * sqrt(2 * 0.25 * 10 / 5), rel=1e-14)
    assert bounds.binary_classification_bound(3, 300, 4, 0.5, sigma=1.0) == pytest.approx(
        0.25 * sqrt(2 * 3 * log(np.e * 100) / 300), rel=1e-14
    )
    # exp(-L/2 log(1/eta)) is eta^{L/2}; eta = 1 leaves the VC-entropy term alone
    assert bounds.binary_classification_bound(3, 300, 7, 1.0) == pytest.approx(sqrt(0.5 * 3 * log(100 * np.e) / 300), rel=1e-14)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 50), st.integers(1, 10**5), st.integers(0, 10), st.floats(0.01, 1.0))
def test_binary_classification_bound_decreases_with_depth_and_is_below_eta_one(d: int, n: int, L: int, eta: float) -> None:
    b = bounds.binary_classification_bound(d, n, L, eta)
    assert b <= bounds.binary_classification_bound(d, n, 0, eta) * (1 + 1e-12)
    assert b == pytest.approx(np.exp(-L / 2 * log(1 / eta)) * bounds.binary_classification_bound(d, n, 0, 1.0), rel=1e-9)


# ----------------------------------------------------------------------------------------------
# Errors name their argument
# ----------------------------------------------------------------------------------------------
def test_errors_name_the_argument() -> None:
    with pytest.raises(ValueError, match="size"):
        bounds.finite_class_bound(0, 10, 0.1)
    with pytest.raises(ValueError, match="size"):
        bounds.finite_class_bound(2.5, 10, 0.1)
    with pytest.raises(ValueError, match="n"):
        bounds.finite_class_bound(3, 0, 0.1)
    with pytest.raises(ValueError, match="delta"):
        bounds.finite_class_bound(3, 10, 1.0)
    with pytest.raises(ValueError, match="d"):
        bounds.vc_bound(-1, 10, 0.1)
    with pytest.raises(ValueError, match="rademacher"):
        bounds.rademacher_bound(-0.1, 10, 0.1)
    with pytest.raises(ValueError, match="empirical"):
        bounds.rademacher_bound(0.1, 10, 0.1, empirical="yes")
    with pytest.raises(ValueError, match="B"):
        bounds.norm_based_network_bound(0.0, 2, 10, 0.1)
    with pytest.raises(ValueError, match="L"):
        bounds.norm_based_network_bound(1.0, 0, 10, 0.1)
    with pytest.raises(ValueError, match="eta"):
        bounds.binary_classification_bound(3, 10, 2, 1.5)
    with pytest.raises(ValueError, match="depth"):
        bounds.binary_classification_bound(3, 10, -1, 0.5)
    with pytest.raises(ValueError, match="vc_dim"):
        bounds.binary_classification_bound(0, 10, 1, 0.5)
    with pytest.raises(ValueError, match="sigma"):
        bounds.binary_classification_bound(3, 10, 1, 0.5, sigma=0.0)


# ---------------------------------------------------------------- realizable rate, parameter counting
def test_realizable_finite_class_bound_is_valid_for_a_finite_grid() -> None:
    # exact: a hypothesis of risk r is consistent with probability (1 - r)^n; union over the grid
    n, delta = 200, 0.05
    eps = bounds.realizable_finite_class_bound(64, n, delta)
    assert np.isclose(eps, (log(64) + log(1 / delta)) / n)
    risks = np.linspace(0, 1, 64)
    assert np.sum(np.where(risks > eps, (1 - risks) ** n, 0.0)) <= delta
    # for n >= log(2|H|/delta)/... the realizable rate beats the agnostic one
    assert eps < bounds.finite_class_bound(64, n, delta)
    with pytest.raises(ValueError, match="size"):
        bounds.realizable_finite_class_bound(0, 10, 0.1)


def test_parameter_counting_bound_equals_finite_class_bound() -> None:
    for w, bits in [(1, 1), (3, 4), (10, 2)]:
        size = 2 ** (bits * w)
        assert np.isclose(bounds.parameter_counting_bound(w, 100, 0.05, bits=bits),
                          bounds.finite_class_bound(size, 100, 0.05))
    with pytest.raises(ValueError, match="n_params"):
        bounds.parameter_counting_bound(0, 100, 0.05)
