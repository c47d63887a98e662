"""genbounds.concentration against exact tails (scipy.stats), closed forms and property tests."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from genbounds import concentration as c

ns = st.integers(min_value=1, max_value=2000)
ps = st.floats(min_value=0.0, max_value=1.0)
epss = st.floats(min_value=1e-3, max_value=1.0)


# ---------------------------------------------------------------- exact values
def test_markov_and_chebyshev_values() -> None:
    assert c.markov_bound(2.0, 4.0) == 0.5
    assert c.chebyshev_bound(9.0, 2.0) == pytest.approx(2.25)
    np.testing.assert_allclose(c.markov_bound(1.0, np.array([0.5, 1, 2])), [2.0, 1.0, 0.5])


def test_hoeffding_closed_form() -> None:
    assert c.hoeffding_bound(100, 0.1) == pytest.approx(np.exp(-2.0))
    assert c.hoeffding_bound(100, 0.1, two_sided=True) == pytest.approx(2 * np.exp(-2.0))
    # range [a, b] enters as (b - a)^2
    assert c.hoeffding_bound(50, 0.3, a=-1.0, b=2.0) == pytest.approx(np.exp(-2 * 50 * 0.09 / 9))


def test_binomial_tail_matches_scipy_and_handles_the_integer_boundary() -> None:
    # n (p + eps) = 5 exactly in real arithmetic, although 0.5 - 0.3 < 0.2 in binary floating point
    assert c.binomial_tail(10, 0.3, 0.2) == pytest.approx(stats.binom.sf(4, 10, 0.3), rel=1e-12)
    assert c.binomial_tail(10, 0.3, 0.21) == pytest.approx(stats.binom.sf(5, 10, 0.3), rel=1e-12)
    assert c.binomial_tail(7, 0.5, 0.6) == 0.0
    n = np.arange(1, 200)
    direct = np.array([sum(stats.binom.pmf(k, m, 0.37) for k in range(m + 1) if k / m - 0.37 >= 0.05 - 1e-12) for m in n])
    np.testing.assert_allclose(c.binomial_tail(n, 0.37, 0.05), direct, rtol=1e-9, atol=1e-15)


def test_two_sided_tail_brute_force() -> None:
    for n, p, eps in [(10, 0.5, 0.2), (25, 0.3, 0.1), (40, 0.9, 0.05), (13, 0.0, 0.1)]:
        k = np.arange(n + 1)
        brute = stats.binom.pmf(k, n, p)[np.abs(k / n - p) >= eps - 1e-12].sum()
        assert c.binomial_two_sided_tail(n, p, eps) == pytest.approx(brute, rel=1e-10, abs=1e-15)


def test_kl_bernoulli_closed_form_and_scipy() -> None:
    assert c.kl_bernoulli(0.5, 0.5) == 0.0
    assert c.kl_bernoulli(1.0, 0.25) == pytest.approx(np.log(4))
    assert c.kl_bernoulli(0.7, 0.2) == pytest.approx(stats.entropy([0.7, 0.3], [0.2, 0.8]), rel=1e-12)
    assert np.isinf(c.kl_bernoulli(0.5, 0.0))


def test_chernoff_kl_at_the_edge_is_exact() -> None:
    # p + eps = 1: the only way is all ones, probability p^n, and exp(-n kl(1||p)) = p^n
    assert c.chernoff_bound_bernoulli(12, 0.4, 0.6) == pytest.approx(0.4**12, rel=1e-12)
    assert c.chernoff_bound_bernoulli(12, 0.4, 0.7) == 0.0


def test_generic_chernoff_recovers_closed_forms() -> None:
    # Bernoulli: the Cramer transform is kl(t || p)
    for p, t in [(0.3, 0.5), (0.1, 0.4), (0.5, 0.9)]:
        generic = c.chernoff_bound(lambda lam, p=p: c.bernoulli_cgf(lam, p), t, n=20)
        assert generic == pytest.approx(c.chernoff_bound_bernoulli(20, p, t - p), rel=1e-6)
    # Exponential(1): rate eps - log(1 + eps) for the mean exceeding 1 + eps
    eps = np.array([0.1, 0.5, 2.0])
    generic = c.chernoff_bound(c.exponential_cgf, 1 + eps, n=10, lam_max=1.0)
    np.testing.assert_allclose(generic, np.exp(-10 * (eps - np.log1p(eps))), rtol=1e-6)
    # Gaussian N(0,1): psi = lam^2/2, bound exp(-n t^2 / 2)
    assert c.chernoff_bound(lambda lam: lam**2 / 2, 0.5, n=8) == pytest.approx(np.exp(-8 * 0.125), rel=1e-6)
    # at or below the mean the bound is trivial
    assert c.chernoff_bound(c.uniform_cgf, 0.4, n=5) == 1.0


def test_cgfs_match_numerical_integration() -> None:
    for lam in [-3.0, -0.5, 0.2, 4.0]:
        mgf_uniform, _ = integrate.quad(lambda x, lam=lam: np.exp(lam * x), 0, 1)
        assert c.uniform_cgf(lam) == pytest.approx(np.log(mgf_uniform), rel=1e-10)
    assert c.uniform_cgf(0.0) == 0.0
    assert c.exponential_cgf(0.5) == pytest.approx(np.log(2.0))
    assert np.isinf(c.exponential_cgf(1.0))
    assert c.bernoulli_cgf(1.0, 0.3) == pytest.approx(np.log(0.7 + 0.3 * np.e))
    assert c.bernoulli_cgf(2.0, 1.0) == pytest.approx(2.0)


def test_uniform_mean_tail_against_monte_carlo_and_small_cases() -> None:
    # n = 1: P(U - 1/2 >= eps) = 1/2 - eps; n = 2: triangular density
    np.testing.assert_allclose(c.uniform_mean_tail(1, [0.1, 0.3]), [0.4, 0.2], rtol=1e-12)
    eps = 0.2  # P((U1+U2)/2 >= 0.7) = P(U1+U2 >= 1.4) = 0.6^2 / 2
    assert c.uniform_mean_tail(2, eps) == pytest.approx(0.18, rel=1e-12)
    assert c.uniform_mean_tail(30, 0.5) == 0.0
    # moderate n, tiny tails: exact arithmetic against scipy's numerical convolution-free check by CLT order
    rng = np.random.default_rng(0)
    means = c.sample_means(lambda r, s: r.random(s), 8, 400_000, rng)
    est, se = c.empirical_tail(means, 0.5 + np.array([0.05, 0.1, 0.2]))
    exact = c.uniform_mean_tail(8, [0.05, 0.1, 0.2])
    assert np.all(np.abs(est - exact) <= 4 * se + 1e-12)


def test_exponential_mean_tail_matches_gamma() -> None:
    assert c.exponential_mean_tail(1, 1.0) == pytest.approx(np.exp(-2.0), rel=1e-12)
    assert c.exponential_mean_tail(5, 0.5, rate=2.0) == pytest.approx(stats.gamma.sf(5 * 1.0, a=5, scale=0.5))


def test_hoeffding_sample_size_is_the_smallest() -> None:
    for eps, delta in [(0.1, 0.05), (0.05, 0.05), (0.01, 0.001), (0.3, 0.5)]:
        n = c.hoeffding_sample_size(eps, delta)
        assert 2 * np.exp(-2 * n * eps**2) <= delta
        assert n == 1 or 2 * np.exp(-2 * (n - 1) * eps**2) > delta
    assert c.hoeffding_sample_size(0.1, 0.05) == 185  # ceil(log(40) / 0.02) = ceil(184.44)
    assert c.hoeffding_sample_size(0.2, 0.05, a=0, b=2) == 185


def test_exact_sample_size_bernoulli_is_exact() -> None:
    eps, delta = 0.1, 0.05
    n = c.exact_sample_size_bernoulli(eps, delta)
    n_h = c.hoeffding_sample_size(eps, delta)
    m = np.arange(n, n_h + 1)
    assert np.all(c.binomial_two_sided_tail(m, 0.5, eps) <= delta)
    assert c.binomial_two_sided_tail(n - 1, 0.5, eps) > delta
    assert n < n_h


def test_empirical_tail_and_standard_error() -> None:
    samples = np.array([0.0, 0.1, 0.2, 0.3, 0.5])
    est, se = c.empirical_tail(samples, [0.2, 0.6, -1.0])
    np.testing.assert_allclose(est, [0.6, 0.0, 1.0])
    assert se[0] == pytest.approx(np.sqrt(0.6 * 0.4 / 5))
    # the tie rule: 0.5 - 0.3 counts as >= 0.2
    est, _ = c.empirical_tail(np.array([0.5 - 0.3]), 0.2)
    assert est == 1.0


def test_sample_means_is_chunked_and_reproducible() -> None:
    def draw(r: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
        return r.exponential(size=size)

    a = c.sample_means(draw, 100, 10_000, np.random.default_rng(3), max_elements=10_000)
    b = c.sample_means(draw, 100, 10_000, np.random.default_rng(3), max_elements=10_000)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (10_000,)
    assert abs(a.mean() - 1.0) < 4 * 0.1 / 100  # sd of a mean of 100 Exp(1) is 0.1


# ---------------------------------------------------------------- property tests
@settings(max_examples=300, deadline=None)
@given(n=ns, p=ps, eps=epss)
def test_hoeffding_ge_chernoff_ge_exact(n: int, p: float, eps: float) -> None:
    exact = c.binomial_tail(n, p, eps)
    chern = c.chernoff_bound_bernoulli(n, p, eps)
    hoeff = c.hoeffding_bound(n, eps)
    assert exact <= chern * (1 + 1e-9) + 1e-300
    assert chern <= hoeff * (1 + 1e-9)


@settings(max_examples=200, deadline=None)
@given(n=ns, p=ps, eps=epss)
def test_two_sided_hoeffding_bounds_two_sided_tail(n: int, p: float, eps: float) -> None:
    assert c.binomial_two_sided_tail(n, p, eps) <= c.hoeffding_bound(n, eps, two_sided=True) * (1 + 1e-9)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 60), p=st.one_of(st.sampled_from([0.0, 1.0]), st.floats(1e-12, 1.0)), t=st.floats(0.01, 60.0))
def test_markov_and_chebyshev_hold_for_binomial(n: int, p: float, t: float) -> None:
    k = stats.binom(n, p)
    assert k.sf(np.ceil(t - 1e-12) - 1) <= c.markov_bound(n * p, t) + 1e-12
    # P(|K - np| >= t) by enumeration
    support = np.arange(n + 1)
    tail = k.pmf(support)[np.abs(support - n * p) >= t - 1e-12].sum()
    assert tail <= c.chebyshev_bound(n * p * (1 - p), t) + 1e-12


@settings(max_examples=100, deadline=None)
@given(scale=st.floats(0.1, 10.0), t=st.floats(0.01, 50.0))
def test_markov_and_chebyshev_hold_for_exponential(scale: float, t: float) -> None:
    x = stats.expon(scale=scale)
    assert x.sf(t) <= c.markov_bound(scale, t) + 1e-15
    assert x.sf(scale + t) + x.cdf(max(scale - t, 0.0)) * (t <= scale) <= c.chebyshev_bound(scale**2, t) + 1e-12


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 40), eps=st.floats(0.01, 0.49))
def test_uniform_tail_below_chernoff_below_hoeffding(n: int, eps: float) -> None:
    exact = c.uniform_mean_tail(n, eps)
    chern = c.chernoff_bound(c.uniform_cgf, 0.5 + eps, n=n)
    assert exact <= chern * (1 + 1e-6)
    assert chern <= c.hoeffding_bound(n, eps) * (1 + 1e-6)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: c.hoeffding_bound(0, 0.1), "n"),
        (lambda: c.hoeffding_bound(2.5, 0.1), "n"),
        (lambda: c.hoeffding_bound(10, 0.0), "eps"),
        (lambda: c.hoeffding_bound(10, 0.1, a=1.0, b=1.0), "b must be > a"),
        (lambda: c.chernoff_bound_bernoulli(10, 1.2, 0.1), "p"),
        (lambda: c.chernoff_bound_bernoulli(10, 0.5, -0.1), "eps"),
        (lambda: c.binomial_tail(0, 0.5, 0.1), "n"),
        (lambda: c.binomial_tail(10, -0.1, 0.1), "p"),
        (lambda: c.markov_bound(1.0, 0.0), "t"),
        (lambda: c.markov_bound(-1.0, 1.0), "mean"),
        (lambda: c.chebyshev_bound(1.0, -2.0), "t"),
        (lambda: c.chebyshev_bound(-1.0, 2.0), "variance"),
        (lambda: c.hoeffding_sample_size(0.1, 1.0), "delta"),
        (lambda: c.hoeffding_sample_size(0.1, 0.0), "delta"),
        (lambda: c.hoeffding_sample_size(-0.1, 0.5), "eps"),
        (lambda: c.hoeffding_sample_size(0.1, 0.05, a=2, b=1), "b must be > a"),
        (lambda: c.empirical_tail(np.zeros((2, 2)), 0.1), "samples"),
        (lambda: c.sample_means(lambda r, s: r.random(s), 0, 10, np.random.default_rng(0)), "n"),
        (lambda: c.sample_means(lambda r, s: r.random(s), 5, 10, 0), "rng"),
        (lambda: c.uniform_mean_tail(3, 0.0), "eps"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(call, name: str) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match=name):
        call()


# ---------------------------------------------------------------- Chernoff-KL size, McDiarmid, maxima
def test_chernoff_kl_sample_size_fair_coin() -> None:
    # symmetric case in closed form: 2 exp(-n kl(1/2 + eps || 1/2)) <= delta
    for eps, delta in [(0.05, 0.05), (0.01, 0.001), (0.1, 1e-6)]:
        n = c.chernoff_kl_sample_size(eps, delta)
        rate = (0.5 + eps) * np.log(1 + 2 * eps) + (0.5 - eps) * np.log(1 - 2 * eps)
        assert n == int(np.ceil(np.log(2 / delta) / rate))
    assert c.chernoff_kl_sample_size(0.05, 0.05) == 737  # the referee's independent value
    assert c.chernoff_kl_sample_size(0.01, 0.001) == 38002


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 0.3), st.floats(1e-6, 0.5), st.floats(0.02, 0.98))
def test_chernoff_kl_sample_size_is_minimal_and_below_hoeffding(eps: float, delta: float, p: float) -> None:
    n = c.chernoff_kl_sample_size(eps, delta, p)
    total = lambda m: sum(  # noqa: E731
        float(np.exp(-m * c.kl_bernoulli(q, p))) for q in (p + eps, p - eps) if 0 <= q <= 1
    )
    assert total(n) <= delta
    assert n == 1 or total(n - 1) > delta
    assert n <= c.hoeffding_sample_size(eps, delta)  # kl(p + eps || p) >= 2 eps^2 (Pinsker)
    assert c.binomial_two_sided_tail(n, p, eps) <= delta  # a valid sample size: the exact tail is below


def test_mcdiarmid_reduces_to_hoeffding_for_means() -> None:
    # the mean of n variables in [0, 1] has bounded differences 1/n: McDiarmid = one-sided Hoeffding
    t = np.linspace(0.01, 0.3, 7)
    assert np.allclose(c.mcdiarmid_bound(t, 1 / 50, n=50), c.hoeffding_bound(50, t))
    assert np.allclose(c.mcdiarmid_bound(t, np.full(50, 1 / 50)), c.hoeffding_bound(50, t))
    with pytest.raises(ValueError, match="t"):
        c.mcdiarmid_bound(-1.0, 0.1, n=3)
    with pytest.raises(ValueError, match="c"):
        c.mcdiarmid_bound(1.0, np.zeros(3))


def test_mcdiarmid_against_exact_ks_tail() -> None:
    # sup_t |F_n(t) - F(t)| has bounded differences 1/n; its exact law is scipy's kstwo
    n = 40
    mean = integrate.quad(lambda u: stats.kstwo.sf(u, n), 0, 1, limit=200)[0]
    t = np.linspace(0.01, 0.4, 30)
    exact = stats.kstwo.sf(mean + t, n)
    assert np.all(exact <= c.mcdiarmid_bound(t, 1 / n, n=n))
    assert np.any(exact > 0.05 * c.mcdiarmid_bound(t, 1 / n, n=n))  # and not absurdly loose


def test_gaussian_expected_max_closed_forms_and_maximal_inequality() -> None:
    assert c.gaussian_expected_max(1) == 0.0
    assert abs(c.gaussian_expected_max(2) - 1 / np.sqrt(np.pi)) < 1e-9
    assert abs(c.gaussian_expected_max(3) - 1.5 / np.sqrt(np.pi)) < 1e-9
    rng = np.random.default_rng(0)
    mc = rng.standard_normal((200_000, 20)).max(axis=1)
    assert abs(mc.mean() - c.gaussian_expected_max(20)) < 4 * mc.std() / np.sqrt(mc.size)
    for count in (2, 10, 100, 10_000):
        assert c.gaussian_expected_max(count) <= c.subgaussian_max_bound(1.0, count)
    assert c.subgaussian_max_bound(2.0, 1) == 0.0
    with pytest.raises(ValueError, match="count"):
        c.subgaussian_max_bound(1.0, 0)
