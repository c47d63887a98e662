"""Tests of genbounds.complexity: growth functions by brute force, Rademacher complexity exactly."""

from __future__ import annotations

import itertools
from math import comb, e

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from genbounds import complexity as C


# ----------------------------------------------------------------------------------------------
# Independent brute force: which of the 2^n labelings does each class realise?
# ----------------------------------------------------------------------------------------------
def _all_labelings(n: int) -> np.ndarray:
    return np.array(list(itertools.product([0, 1], repeat=n)), dtype=np.uint8)


def _threshold_realisable(x: np.ndarray, lab: np.ndarray) -> bool:
    # realisable iff every point labelled 1 lies at or above every point labelled 0
    return not (lab.any() and (~lab.astype(bool)).any()) or x[lab == 1].min() > x[lab == 0].max()


def _interval_realisable(x: np.ndarray, lab: np.ndarray) -> bool:
    if not lab.any():
        return True
    lo, hi = x[lab == 1].min(), x[lab == 1].max()
    return not np.any((lab == 0) & (x >= lo) & (x <= hi))


def _halfspace_realisable(x: np.ndarray, lab: np.ndarray) -> bool:
    # feasibility LP: s_i (w . x_i + b) >= 1 with s = +-1 (strict separation, scaled)
    s = 2.0 * lab - 1.0
    a_ub = -s[:, None] * np.hstack([x, np.ones((x.shape[0], 1))])
    res = linprog(np.zeros(3), A_ub=a_ub, b_ub=-np.ones(x.shape[0]), bounds=[(None, None)] * 3, method="highs")
    return res.status == 0


def _brute_force(kind: str, x: np.ndarray) -> np.ndarray:
    check = {"threshold": _threshold_realisable, "interval": _interval_realisable, "halfspace2d": _halfspace_realisable}[kind]
    labs = _all_labelings(x.shape[0])
    return labs[[check(x, lab) for lab in labs]]


@pytest.mark.parametrize("kind", ["threshold", "interval"])
@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_line_dichotomies_match_brute_force_and_closed_form(kind: str, n: int) -> None:
    x = np.random.default_rng(n).random(n)
    got = C.dichotomies(kind, x)
    np.testing.assert_array_equal(got, _brute_force(kind, x))
    assert got.shape[0] == C.growth_function(kind, n)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7])
def test_halfspace_dichotomies_match_linear_programming(n: int) -> None:
    x = np.random.default_rng(100 + n).normal(size=(n, 2))
    got = C.dichotomies("halfspace2d", x)
    np.testing.assert_array_equal(got, _brute_force("halfspace2d", x))
    assert got.shape[0] == C.growth_function("halfspace2d", n) == n * n - n + 2


def test_halfspace_dichotomies_of_collinear_points() -> None:
    # collinear points are not in general position: fewer labelings, still enumerated exactly
    x = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [0.0, 1.0]])
    got = C.dichotomies("halfspace2d", x)
    np.testing.assert_array_equal(got, _brute_force("halfspace2d", x))
    assert got.shape[0] < C.growth_function("halfspace2d", 4)
    assert C.dichotomies("halfspace2d", x[:3]).shape[0] == 6  # thresholds along the line, both ways


def test_repeated_points_give_fewer_labelings() -> None:
    x = np.array([0.3, 0.3, 0.7])
    assert C.dichotomies("threshold", x).shape[0] == 3
    assert C.dichotomies("interval", x).shape[0] == 4


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=9))
def test_dichotomies_never_exceed_growth_function(values: list[float]) -> None:
    x = np.array(values)
    for kind in ("threshold", "interval"):
        assert C.dichotomies(kind, x).shape[0] <= C.growth_function(kind, x.size)


def test_growth_function_closed_forms() -> None:
    assert [C.growth_function("threshold", n) for n in range(5)] == [1, 2, 3, 4, 5]
    assert [C.growth_function("interval", n) for n in range(5)] == [1, 2, 4, 7, 11]
    # Cover's count C(n, 3) = 2 * sum_{k<3} binom(n-1, k)
    for n in range(1, 12):
        assert C.growth_function("halfspace2d", n) == 2 * sum(comb(n - 1, k) for k in range(3))
    assert C.growth_function("halfspace2d", 0) == 1


def test_vc_dimensions() -> None:
    assert [C.vc_dimension(k) for k in C.KINDS] == [1, 2, 3]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40))
def test_sauer_lemma_bounds_the_growth_functions(n: int) -> None:
    for kind in C.KINDS:
        d = C.vc_dimension(kind)
        assert C.growth_function(kind, n) <= C.sauer_bound(d, n)
        if n >= d >= 1:
            assert C.sauer_bound(d, n) <= C.sauer_bound_exponential(d, n) * (1 + 1e-12)


def test_sauer_bound_values() -> None:
    assert C.sauer_bound(2, 4) == 1 + 4 + 6
    assert C.sauer_bound(5, 3) == 8  # n <= d: all 2^n labelings
    assert C.sauer_bound(0, 10) == 1
    assert C.sauer_bound(1, 10) == C.growth_function("threshold", 10)  # thresholds attain Sauer's bound
    assert C.sauer_bound_exponential(2, 10) == pytest.approx((e * 5) ** 2, rel=1e-14)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(0, 60))
def test_sauer_sum_is_at_most_exponential_form(d: int, extra: int) -> None:
    n = d + extra
    assert C.sauer_bound(d, n) <= C.sauer_bound_exponential(d, n) * (1 + 1e-12)


# ----------------------------------------------------------------------------------------------
# Rademacher complexity
# ----------------------------------------------------------------------------------------------
def _rademacher_by_loops(pred: np.ndarray) -> float:
    n = pred.shape[1]
    total = 0.0
    for signs in itertools.product([-1.0, 1.0], repeat=n):
        total += max(float(np.dot(signs, row)) for row in pred) / n
    return total / 2**n


def test_exact_rademacher_matches_loops_over_all_sign_vectors() -> None:
    pred = np.random.default_rng(1).normal(size=(5, 8))
    assert C.empirical_rademacher_exact(pred) == pytest.approx(_rademacher_by_loops(pred), rel=1e-12)


def test_exact_rademacher_closed_forms() -> None:
    n = 10
    one = np.ones((1, n))
    assert C.empirical_rademacher_exact(one) == pytest.approx(0.0, abs=1e-15)  # a single h: E sigma = 0
    # {h, -h} with h = +-1: E|sum sigma_i| / n, known in closed form from the binomial distribution
    h = np.vstack([one, -one])
    k = np.arange(n + 1)
    expected = sum(comb(n, int(j)) * abs(2 * int(j) - n) for j in k) / 2**n / n
    assert C.empirical_rademacher_exact(h) == pytest.approx(expected, rel=1e-12)
    # all 2^n sign patterns: the sup is always n, complexity 1
    assert C.empirical_rademacher_exact(2.0 * _all_labelings(n) - 1.0) == pytest.approx(1.0, rel=1e-12)


def test_monte_carlo_rademacher_agrees_with_exact_within_error() -> None:
    pred = 2.0 * C.dichotomies("interval", np.random.default_rng(3).random(12)) - 1.0
    exact = C.empirical_rademacher_exact(pred)
    est, se = C.empirical_rademacher(pred, 20_000, np.random.default_rng(4))
    assert 0 < se < 0.01
    assert abs(est - exact) < 4 * se


def test_monte_carlo_rademacher_is_reproducible() -> None:
    pred = np.random.default_rng(0).normal(size=(7, 30))
    a = C.empirical_rademacher(pred, 500, np.random.default_rng(9))
    b = C.empirical_rademacher(pred, 500, np.random.default_rng(9))
    assert a == b


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(1, 9), st.integers(0, 10_000))
def test_rademacher_lies_between_zero_and_massart(size: int, n: int, seed: int) -> None:
    pred = np.random.default_rng(seed).normal(size=(size, n))
    exact = C.empirical_rademacher_exact(pred)
    assert exact >= -1e-12  # E max_h >= max_h E = 0
    assert exact <= C.massart_bound(pred) + 1e-12 or size == 1


def test_linear_l2_rademacher_matches_enumeration_and_brackets() -> None:
    rng = np.random.default_rng(5)
    X = rng.normal(size=(10, 3))
    B = 2.5
    codes = np.arange(2**10)[:, None]
    signs = 2.0 * ((codes >> np.arange(10)) & 1) - 1.0
    exact = B / 10 * np.linalg.norm(signs @ X, axis=1).mean()
    est, se = C.rademacher_linear_l2(X, B, 40_000, np.random.default_rng(6))
    assert abs(est - exact) < 4 * se
    upper = C.rademacher_linear_l2_bound(X, B)
    assert exact <= upper
    assert exact >= upper / np.sqrt(2)  # Khintchine-Kahane with Szarek's constant


def test_linear_l2_rademacher_equals_sup_over_a_fine_set_of_directions() -> None:
    # in one dimension the ball is {w in [-B, B]}: sup_w w * sum sigma x / n = B |sum sigma x| / n
    X = np.array([[0.2], [-1.0], [0.5], [0.7]])
    ws = np.linspace(-1.5, 1.5, 301)[:, None]
    preds = ws * X[:, 0][None, :]  # the finite class of 301 linear functions
    assert C.empirical_rademacher_exact(preds) == pytest.approx(
        1.5 / 4 * np.mean([abs(np.dot(s, X[:, 0])) for s in itertools.product([-1, 1], repeat=4)]), rel=1e-12
    )


# ----------------------------------------------------------------------------------------------
# Errors name their argument
# ----------------------------------------------------------------------------------------------
def test_errors_name_the_argument() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="kind"):
        C.growth_function("circle", 3)
    with pytest.raises(ValueError, match="n"):
        C.growth_function("threshold", -1)
    with pytest.raises(ValueError, match="n"):
        C.growth_function("threshold", 2.5)
    with pytest.raises(ValueError, match="x"):
        C.dichotomies("halfspace2d", np.zeros(3))
    with pytest.raises(ValueError, match="x"):
        C.dichotomies("threshold", np.zeros((3, 2)))
    with pytest.raises(ValueError, match="d"):
        C.sauer_bound(-1, 3)
    with pytest.raises(ValueError, match="n must be >= d"):
        C.sauer_bound_exponential(4, 3)
    with pytest.raises(ValueError, match="predictions"):
        C.empirical_rademacher(np.zeros(5), 10, rng)
    with pytest.raises(ValueError, match="n_draws"):
        C.empirical_rademacher(np.zeros((2, 5)), 1, rng)
    with pytest.raises(ValueError, match="rng"):
        C.empirical_rademacher(np.zeros((2, 5)), 10, 0)
    with pytest.raises(ValueError, match="predictions"):
        C.empirical_rademacher_exact(np.zeros((2, 21)))
    with pytest.raises(ValueError, match="X"):
        C.rademacher_linear_l2(np.zeros(4), 1.0, 10, rng)
    with pytest.raises(ValueError, match="B"):
        C.rademacher_linear_l2(np.zeros((4, 2)), 0.0, 10, rng)
