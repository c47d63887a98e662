"""Correct results at the edges (issue 12): the reported examples, invariants as Hypothesis properties
(also with floating-point warnings turned into errors), and a time limit on large inputs."""

from __future__ import annotations

import contextlib
import math
import signal
import time
from collections.abc import Iterator
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from genbounds import bounds, complexity, concentration, information, problems, sdpi
from genbounds._validation import MAX_INT


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging) if the block runs longer than ``seconds`` of wall time.

    The limits are generous (the machine may be shared); they separate "answers in O(log) steps or
    refuses" from "loops over every sample size", which took minutes or never ended.
    """

    def _alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"call exceeded its time limit of {seconds} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


#: Valid input must not raise floating-point warnings. Underflow to 0 (``exp(-1000)``) is the correctly
#: rounded value of a tiny probability and is ignored, as NumPy does by default.
STRICT = {"all": "raise", "under": "ignore"}

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def exact_upper_tail(n: int, p: float, eps: float) -> float:
    """P(K >= ceil(n (p + eps))) with the boundary in exact rationals on the printed decimals."""
    k = math.ceil(n * (Fraction(repr(p)) + Fraction(repr(eps))))
    return float(stats.binom.sf(k - 1, n, p))


def exact_lower_tail(n: int, p: float, eps: float) -> float:
    k = math.floor(n * (Fraction(repr(p)) - Fraction(repr(eps))))
    return float(stats.binom.cdf(k, n, p))


# ----------------------------------------------------------------------------------------------
# The examples of the issue
# ----------------------------------------------------------------------------------------------
def test_tie_rule_never_flips_a_tail() -> None:
    assert concentration.binomial_two_sided_tail(1, 0.0, 1e-15) == 0.0  # was 2.0
    assert concentration.binomial_tail(10, 0.5, 1e-12) == pytest.approx(stats.binom.sf(5, 10, 0.5), abs=1e-15)  # 0.377
    # the tie that the rule is for still counts: 0.3 + 0.2 is 0.5 exactly, K >= 5 included
    assert concentration.binomial_tail(10, 0.3, 0.2) == pytest.approx(stats.binom.sf(4, 10, 0.3), abs=1e-15)


def test_huge_integers_refused_with_the_largest_size_or_computed_exactly() -> None:
    with pytest.raises(ValueError, match=r"^n must be an integer in \[1, 2\*\*53 = 9007199254740992\]"):
        concentration.hoeffding_bound(n=2**63, eps=0.1)
    assert concentration.hoeffding_bound(n=2**53, eps=1e-7) == pytest.approx(math.exp(-2 * 2**53 * 1e-14))
    value = bounds.finite_class_bound(size=1e19, n=100, delta=0.05)  # was NaN through int64
    assert value == pytest.approx(math.sqrt((math.log(1e19) + math.log(40)) / 200))
    assert bounds.finite_class_bound(size=2**1000, n=100, delta=0.05) == pytest.approx(
        math.sqrt((1000 * math.log(2) + math.log(40)) / 200))


def test_covariance_must_be_positive_definite() -> None:
    for cov in (-np.eye(2), [[1.0, 2.0], [2.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]):
        with pytest.raises(ValueError, match="^cov must be positive definite"):
            information.gaussian_mutual_information_from_cov(cov, 1)


def test_threshold_empirical_risk_exact_at_ties() -> None:
    rng = np.random.default_rng(12)
    tp = problems.ThresholdProblem()
    x, y = tp.sample(20, rng, trials=2000)
    t = x[:, 3] + 1e-13  # just above a data point: that point is predicted 0
    batched = tp.empirical_risk(t, x, y)
    one_by_one = np.array([tp.empirical_risk(t[i], x[i], y[i]) for i in range(2000)])
    np.testing.assert_array_equal(batched, one_by_one)  # 1119 of 2000 rows differed
    thresholds = np.concatenate([x[:, :5], x[:, :5] - 1e-13, x[:, :5] + 1e-13], axis=1)
    batched = tp.empirical_risk(thresholds, x, y)
    direct = ((x[:, None, :] >= thresholds[:, :, None]) != y[:, None, :].astype(bool)).mean(axis=2)
    np.testing.assert_array_equal(batched, direct)
    with pytest.raises(ValueError, match="^y must hold 0/1 labels"):
        tp.empirical_risk(0.5, x, y + 1)  # a negative risk before


def test_dichotomies_with_repeated_points() -> None:
    pts = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    labels = complexity.dichotomies("halfspace2d", pts)
    assert len(labels) == 14  # as many as on the 4 distinct points (was 16)
    assert (labels[:, 3] == labels[:, 4]).all()
    assert len(labels) <= complexity.growth_function("halfspace2d", 5)


def test_sample_sizes_answer_fast_for_any_eps() -> None:
    with time_limit(5):
        n = concentration.hoeffding_sample_size(1e-12, 0.05)  # hung
    assert n == math.ceil(math.log(40) / (2 * 1e-24)) or abs(n - math.log(40) / 2e-24) <= 1e-6 * n
    assert concentration.hoeffding_sample_size(1e-12, 0.05) == 1844439727056968151426228
    assert concentration.hoeffding_sample_size(0.1, 0.05) == 185
    with time_limit(20):
        assert concentration.exact_sample_size_bernoulli(1e-3, 0.05) == 961001  # 13 s before
        assert concentration.exact_sample_size_bernoulli(1e-4, 0.05) == 96045000  # hung before
    with time_limit(5), pytest.raises(ValueError, match="^eps must be larger"):
        concentration.exact_sample_size_bernoulli(1e-7, 0.05)


@pytest.mark.parametrize(("eps", "delta", "p"), [(0.1, 0.05, 0.5), (0.05, 0.1, 0.3), (0.2, 0.01, 0.9), (0.03, 0.2, 0.05),
                                                 (0.3, 0.5, 0.1), (0.25, 0.05, 0.5)])
def test_exact_sample_size_agrees_with_the_full_scan(eps: float, delta: float, p: float) -> None:
    n_max = concentration.hoeffding_sample_size(eps, delta)  # beyond it Hoeffding guarantees every m
    m = np.arange(1, n_max + 1)
    fails = np.asarray(concentration.binomial_two_sided_tail(m, p, eps)) > delta
    expected = int(m[fails][-1] + 1) if fails.any() else 1
    assert concentration.exact_sample_size_bernoulli(eps, delta, p) == expected


def test_sauer_in_log_space() -> None:
    assert complexity.sauer_bound_exponential(1000, 10000) == math.inf  # OverflowError before
    assert complexity.sauer_bound_exponential(1000, 10000, log=True) == pytest.approx(1000 * (1 + math.log(10)))
    assert complexity.sauer_bound(3, 10, log=True) == pytest.approx(math.log(complexity.sauer_bound(3, 10)))
    exact = complexity.sauer_bound(50, 200)
    assert complexity.sauer_bound(50, 200, log=True) == pytest.approx(math.log(exact), rel=1e-12)


def test_infinity_as_the_mathematics_says() -> None:
    for call in (lambda: concentration.markov_bound(math.inf, math.inf),
                 lambda: bounds.xu_raginsky_bound(0, 100, sigma=math.inf),
                 lambda: bounds.cmi_bound(0, 100, loss_range=math.inf),
                 lambda: bounds.ood_bound(0, 100, 0, sigma=math.inf),
                 lambda: information.gaussian_channel_capacity(math.inf, math.inf)):
        with pytest.raises(ValueError, match="must not"):
            call()
    assert concentration.markov_bound(math.inf, 2.0) == math.inf
    assert concentration.markov_bound(1.0, math.inf) == 0.0
    assert bounds.xu_raginsky_bound(1.0, 100, sigma=math.inf) == math.inf
    assert bounds.ood_bound(1.0, 100, math.inf, 0.5) == math.inf
    assert information.gaussian_channel_capacity(math.inf, 1.0) == math.inf
    assert information.gaussian_channel_capacity(1.0, math.inf) == 0.0
    with pytest.raises(ValueError, match="^cmi must be finite"):
        bounds.cmi_bound(math.inf, 100)


def test_eta_kl_with_a_subnormal_mass_stays_below_eta_tv() -> None:
    K = sdpi.binary_symmetric_channel(0.25)
    p = np.array([1 - 5e-324, 5e-324])
    assert sdpi.eta_chi2(K, p) <= sdpi.eta_kl(K, p) <= sdpi.eta_tv(K) == 0.5  # was 1.0
    # the ratio at q = (0, 1): D((.25,.75) || pK) / D(q || p), a lower bound on the supremum
    q_out = np.array([0.25, 0.75])
    p_out = p @ K
    ratio = float(np.sum(q_out * np.log(q_out / p_out))) / (-math.log(5e-324))
    assert sdpi.eta_kl(K, p) >= ratio * (1 - 1e-6)


def test_flags_and_messages() -> None:
    with pytest.raises(ValueError, match="^two_sided must be True or False"):
        concentration.hoeffding_bound(10, 0.1, two_sided="no")
    from genbounds import ghost

    with pytest.raises(ValueError, match="^batched must be True or False"):
        ghost.expected_gap(lambda s, r: r.random(s), lambda d, r: 0.0, lambda m, d: np.asarray(d), 3, 2,
                           np.random.default_rng(0), batched="no")
    with pytest.raises(ValueError, match="^x must not contain NaN"):  # said "t must not contain NaN"
        problems.ThresholdProblem().sup_deviation(np.array([0.1, np.nan]), np.array([0, 1]))


def test_train_refuses_nan_inputs_and_infinite_learning_rate() -> None:
    torch = pytest.importorskip("torch")
    from genbounds import nets

    model = nets.mlp(1, 4, n_classes=3)
    x, y = torch.zeros(6, 40), torch.tensor([0, 1, 2, 0, 1, 2])
    with pytest.raises(ValueError, match="^x must be finite"):
        nets.train(model, torch.full((6, 40), float("nan")), y, steps=2)
    with pytest.raises(ValueError, match="^lr must be finite"):
        nets.train(model, x, y, steps=2, lr=float("inf"))


# ----------------------------------------------------------------------------------------------
# Invariants (Hypothesis), with warnings as errors on valid input
# ----------------------------------------------------------------------------------------------
probabilities = st.floats(0.0, 1.0)
deviations = st.one_of(st.floats(1e-300, 1.5), st.sampled_from([1e-15, 1e-12, 0.1, 0.2, 0.25, 0.5, 1.0]))


@PROPERTY
@given(n=st.integers(1, 300), p=st.one_of(probabilities, st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.7, 1.0])), eps=deviations)
def test_binomial_tails_are_probabilities_equal_to_scipy(n: int, p: float, eps: float) -> None:
    with np.errstate(**STRICT):
        upper = concentration.binomial_tail(n, p, eps)
        two = concentration.binomial_two_sided_tail(n, p, eps)
    assert 0.0 <= upper <= two <= 1.0
    assert upper == pytest.approx(exact_upper_tail(n, p, eps), abs=1e-15)
    assert two == pytest.approx(min(1.0, exact_upper_tail(n, p, eps) + exact_lower_tail(n, p, eps)), abs=1e-15)


@PROPERTY
@given(n=st.integers(1, 10**6), p=probabilities, eps=st.floats(1e-6, 1.0))
def test_hoeffding_and_chernoff_bound_the_exact_tail(n: int, p: float, eps: float) -> None:
    with np.errstate(**STRICT):
        exact = concentration.binomial_tail(n, p, eps)
        assert exact <= concentration.chernoff_bound_bernoulli(n, p, eps) * (1 + 1e-9) + 1e-300
        assert exact <= concentration.hoeffding_bound(n, eps) * (1 + 1e-9) + 1e-300


pmfs = st.lists(st.floats(0.0, 1.0), min_size=1, max_size=8).filter(lambda v: sum(v) > 1e-3).map(
    lambda v: np.asarray(v) / np.sum(v))


@PROPERTY
@given(p=pmfs, data=st.data())
def test_entropies_and_divergences_are_nonnegative(p: np.ndarray, data: st.DataObject) -> None:
    q = data.draw(st.lists(st.floats(1e-6, 1.0), min_size=p.size, max_size=p.size).map(lambda v: np.asarray(v) / np.sum(v)))
    with np.errstate(**STRICT):
        h = information.entropy(p)
        assert -1e-12 <= h <= math.log(p.size) + 1e-12
        assert information.kl_divergence(p, q) >= 0.0
        joint = np.outer(p, q)
        joint = joint / joint.sum()
        assert information.mutual_information(joint) >= 0.0
        assert information.mutual_information(joint) <= 1e-9  # independent
        assert 0.0 <= float(information.binary_entropy(float(p[0]))) <= math.log(2) + 1e-15


channels = st.integers(2, 4).flatmap(
    lambda m: st.tuples(
        st.lists(st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3).filter(lambda r: sum(r) > 1e-3),
                 min_size=m, max_size=m),
        st.lists(st.floats(0.01, 1.0), min_size=m, max_size=m),
    ))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=channels)
def test_contraction_certificate_chain(spec: tuple[list[list[float]], list[float]]) -> None:
    """eta_chi2(K, p) <= eta_KL(K, p) <= eta_KL(K) <= eta_TV(K) (polyanskiy2017).

    Each inequality is a theorem; the computed eta_KL values are the best of local searches (lower
    bounds of the suprema), so the chain is asserted on :func:`sdpi.certificates`, which reports
    ``max(eta_kl(K), eta_kl(K, p))`` for the input-free coefficient (both are values the supremum over
    inputs reaches). Every coefficient lies in [0, 1].
    """
    rows, weights = spec
    K = np.asarray(rows) / np.sum(rows, axis=1, keepdims=True)
    p = np.asarray(weights) / np.sum(weights)
    cert = sdpi.certificates(K, p, n_starts=1)
    assert cert.is_consistent(tol=1e-7)
    assert 0.0 <= cert.chi2 and cert.tv <= 1.0


@PROPERTY
@given(delta=st.floats(0.0, 1.0))
def test_binary_symmetric_closed_forms(delta: float) -> None:
    K = sdpi.binary_symmetric_channel(delta)
    assert sdpi.eta_tv(K) == pytest.approx(abs(1 - 2 * delta), abs=1e-12)
    assert sdpi.eta_chi2(K, [0.5, 0.5]) == pytest.approx((1 - 2 * delta) ** 2, abs=1e-9)


@PROPERTY
@given(kind=st.sampled_from(complexity.KINDS), n=st.integers(0, 200))
def test_growth_function_below_two_to_the_n_and_sauer(kind: str, n: int) -> None:
    growth = complexity.growth_function(kind, n)
    d = complexity.vc_dimension(kind)
    assert growth <= 2**n
    assert growth <= complexity.sauer_bound(d, n)
    if n >= d >= 1:
        assert complexity.sauer_bound(d, n) <= complexity.sauer_bound_exponential(d, n) * (1 + 1e-12)


@settings(max_examples=40, deadline=None)
@given(points=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=7))
def test_enumerated_dichotomies_respect_the_growth_function(points: list[tuple[int, int]]) -> None:
    pts = np.asarray(points, dtype=float)  # a coarse grid: repeated and collinear points are common
    labels = complexity.dichotomies("halfspace2d", pts)
    assert len(labels) <= complexity.growth_function("halfspace2d", len(points))
    distinct = np.unique(pts, axis=0)
    assert len(labels) == len(complexity.dichotomies("halfspace2d", distinct))
    line = pts[:, 0]
    assert len(complexity.dichotomies("interval", line)) <= complexity.growth_function("interval", len(points))
    assert len(complexity.dichotomies("threshold", line)) <= complexity.growth_function("threshold", len(points))


@PROPERTY
@given(mi=st.floats(0.0, 1e6), n=st.integers(1, MAX_INT), sigma=st.floats(1e-6, 1e6), kl=st.floats(0.0, 1e3))
def test_information_bounds_are_finite_and_ordered(mi: float, n: int, sigma: float, kl: float) -> None:
    with np.errstate(**STRICT):
        xr = bounds.xu_raginsky_bound(mi, n, sigma)
        ood = bounds.ood_bound(mi, n, kl, sigma)
    assert 0.0 <= xr <= ood * (1 + 1e-12) + 1e-300
    assert math.isfinite(xr) and math.isfinite(ood)


# ----------------------------------------------------------------------------------------------
# Large inputs: each call answers (or refuses) within its time limit
# ----------------------------------------------------------------------------------------------
LARGE = [
    ("hoeffding_sample_size(1e-300)", lambda: concentration.hoeffding_sample_size(1e-300, 1e-300)),
    ("exact_sample_size_bernoulli(1e-5)", lambda: concentration.exact_sample_size_bernoulli(1e-5, 0.05, 0.3)),
    ("binomial_tail(2**53)", lambda: concentration.binomial_tail(2**53, 0.5, 1e-9)),
    ("binomial_two_sided_tail(arange(1e5))", lambda: concentration.binomial_two_sided_tail(np.arange(1, 10**5), 0.5, 0.01)),
    ("uniform_mean_tail(400)", lambda: concentration.uniform_mean_tail(400, 0.05)),
    ("growth_function(10**100)", lambda: complexity.growth_function("halfspace2d", 10**100)),
    ("sauer_bound(9999, 10**12)", lambda: complexity.sauer_bound(9999, 10**12)),
    ("sauer_bound(10**6, 10**9, log)", lambda: complexity.sauer_bound(10**6, 10**9, log=True)),
    ("sauer_bound_exponential(10**9, 10**18)", lambda: complexity.sauer_bound_exponential(10**9, 10**18, log=True)),
    ("vc_bound(10**5, 10**9)", lambda: bounds.vc_bound(10**5, 10**9, 0.05)),
    ("finite_class_bound(2**10000)", lambda: bounds.finite_class_bound(2**10000, 10**6, 0.05)),
    ("chernoff_kl_sample_size(1e-9)", lambda: concentration.chernoff_kl_sample_size(1e-9, 0.05)),
]

REFUSED = [
    ("uniform_mean_tail(10**4)", lambda: concentration.uniform_mean_tail(10**4, 0.05), "^n must be an integer in"),
    ("sauer_bound(10**6, 10**9)", lambda: complexity.sauer_bound(10**6, 10**9), "^d and n must have"),
    ("symmetric_channel(10**9)", lambda: sdpi.symmetric_channel(10**9, 0.1), "^q must be an integer in"),
    ("empirical_rademacher(10**9 draws)",
     lambda: complexity.empirical_rademacher(np.ones((2, 10)), 10**9, np.random.default_rng(0)), "^n_draws must be at most"),
    ("ThresholdProblem.sample(10**6, trials=10**6)",
     lambda: problems.ThresholdProblem().sample(10**6, np.random.default_rng(0), trials=10**6), "^trials \\* n must be"),
]


@pytest.mark.parametrize(("label", "call"), LARGE, ids=[c[0] for c in LARGE])
def test_large_inputs_answer_within_the_time_limit(label: str, call: object) -> None:
    start = time.perf_counter()
    with time_limit(30), np.errstate(**STRICT):
        result = call()
    if not isinstance(result, int):  # exact Python integers may exceed the float range
        assert not np.isnan(np.asarray(result, dtype=float)).any(), label
    assert time.perf_counter() - start < 30


@pytest.mark.parametrize(("label", "call", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_large_inputs_refused_by_name_at_once(label: str, call: object, message: str) -> None:
    with time_limit(5), pytest.raises(ValueError, match=message):
        call()
