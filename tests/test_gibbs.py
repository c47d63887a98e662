"""Tests of genbounds.gibbs: types, exact Gibbs expectations against brute force over all ordered samples."""

from __future__ import annotations

import itertools
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from genbounds import information
from genbounds.gibbs import GibbsProblem, enumerate_types, type_log_probabilities


def _random_problem(seed: int, m: int = 3, h: int = 4) -> GibbsProblem:
    rng = np.random.default_rng(seed)
    pz = rng.dirichlet(np.ones(m))
    return GibbsProblem(pz, rng.random((h, m)), rng.dirichlet(np.ones(h)))


def _brute_force(problem: GibbsProblem, n: int, beta: float) -> tuple[np.ndarray, float]:
    """Joint pmf of (ordered sample, W) over all m**n samples and the expected training error."""
    samples = np.array(list(itertools.product(range(problem.m), repeat=n)))
    ps = problem.pz[samples].prod(axis=1)
    rs = problem.loss[:, samples].mean(axis=2).T  # (m**n, H)
    w = problem.prior * np.exp(-beta * n * rs)
    q = w / w.sum(axis=1, keepdims=True)
    return ps[:, None] * q, float(np.sum(ps[:, None] * q * rs))


# -- types -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("m", "n"), [(1, 3), (2, 5), (3, 4), (4, 6), (5, 2)])
def test_enumerate_types_is_all_compositions(m: int, n: int) -> None:
    types = enumerate_types(m, n)
    assert types.shape == (comb(n + m - 1, m - 1), m)
    assert (types.sum(axis=1) == n).all() and (types >= 0).all()
    assert len({tuple(t) for t in types}) == types.shape[0]
    brute = {tuple(np.bincount(s, minlength=m)) for s in itertools.product(range(m), repeat=n)}
    assert brute == {tuple(t) for t in types}


def test_type_probabilities_are_multinomial() -> None:
    pz = np.array([0.2, 0.5, 0.3])
    types = enumerate_types(3, 7)
    logp = type_log_probabilities(types, pz)
    np.testing.assert_allclose(np.exp(logp), stats.multinomial.pmf(types, 7, pz), rtol=1e-12)
    assert np.exp(logp).sum() == pytest.approx(1.0, abs=1e-12)


def test_type_probability_of_impossible_instance_is_zero() -> None:
    logp = type_log_probabilities(np.array([[1, 1], [2, 0]]), [1.0, 0.0])
    assert logp[0] == -np.inf and logp[1] == pytest.approx(0.0)


# -- exact expectations against brute force --------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n", [1, 3, 4])
def test_exact_matches_brute_force(seed: int, n: int) -> None:
    problem = _random_problem(seed)
    betas = np.array([0.3, 2.0, 7.0])
    result = problem.exact(n, betas)
    for b, mi, train, test in zip(betas, result.mutual_information, result.expected_train, result.expected_test, strict=True):
        joint, train_bf = _brute_force(problem, n, float(b))
        assert mi == pytest.approx(information.mutual_information(joint), abs=1e-12)
        assert train == pytest.approx(train_bf, abs=1e-12)
        assert test == pytest.approx(joint.sum(axis=0) @ problem.risks, abs=1e-12)
    np.testing.assert_allclose(result.expected_gap, result.expected_test - result.expected_train)


def test_mutual_information_of_types_equals_that_of_samples() -> None:
    """I(S;W) = I(K;W): the type is a sufficient statistic of the Gibbs posterior."""
    problem = _random_problem(5)
    result = problem.exact(3, 4.0)
    joint_k = result.type_probabilities[:, None] * result.posterior[0]
    assert information.mutual_information(joint_k) == pytest.approx(float(result.mutual_information[0]), abs=1e-12)


def test_beta_zero_ignores_the_data() -> None:
    problem = _random_problem(3)
    r = problem.exact(5, 0.0)
    assert r.mutual_information[0] == pytest.approx(0.0, abs=1e-12)
    assert r.expected_gap[0] == pytest.approx(0.0, abs=1e-12)
    assert r.expected_test[0] == pytest.approx(problem.prior @ problem.risks, abs=1e-12)


def test_beta_infinity_is_erm() -> None:
    pz = np.array([0.5, 0.3, 0.2])
    loss = np.array([[0, 1, 1], [1, 0, 0], [0, 0, 1], [1, 1, 0]], dtype=float)
    problem = GibbsProblem(pz, loss)
    n = 5
    r_inf = problem.exact(n, np.inf)
    # brute force ERM, ties shared uniformly (the prior)
    samples = np.array(list(itertools.product(range(3), repeat=n)))
    ps = pz[samples].prod(axis=1)
    rs = loss[:, samples].mean(axis=2).T
    best = rs <= rs.min(axis=1, keepdims=True) + 1e-12
    q = best / best.sum(axis=1, keepdims=True)
    assert r_inf.expected_train[0] == pytest.approx(float(np.sum(ps[:, None] * q * rs)), abs=1e-12)
    assert r_inf.mutual_information[0] == pytest.approx(information.mutual_information(ps[:, None] * q), abs=1e-12)
    # and a very large finite beta converges to it
    r_big = problem.exact(n, 200.0)
    assert r_big.expected_test[0] == pytest.approx(r_inf.expected_test[0], abs=1e-9)


def test_training_error_falls_with_beta() -> None:
    """d/dbeta E_Q[R_S] = -n Var_Q(R_S) <= 0 for every sample, hence in expectation."""
    problem = _random_problem(7, m=4, h=6)
    r = problem.exact(6, np.linspace(0, 20, 41))
    assert np.all(np.diff(r.expected_train) <= 1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 6), beta=st.floats(0, 30))
def test_xu_raginsky_holds_for_random_gibbs_problems(seed: int, n: int, beta: float) -> None:
    """Losses in [0, 1] are 1/2-sub-Gaussian: |E gen| <= sqrt(I / (2 n))."""
    r = _random_problem(seed, m=3, h=5).exact(n, beta)
    # the tolerance covers rounding: at beta ~ 1e-9 the gap is O(beta) ~ 1e-12 while I = O(beta^2)
    # is lost in the cancellation of a sum of terms of order 1 (relative precision 1e-16)
    assert abs(r.expected_gap[0]) <= np.sqrt(r.mutual_information[0] / (2 * n)) + 1e-8
    assert r.mutual_information[0] <= np.log(5) + 1e-12


# -- conditional mutual information ----------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3])
def test_exact_cmi_matches_brute_force(n: int) -> None:
    problem = _random_problem(11, m=2, h=3)
    for beta in [0.7, 5.0]:
        h_wz, h_ws = 0.0, 0.0
        selectors = np.array(list(itertools.product(range(2), repeat=n)))
        for zt in itertools.product(range(problem.m), repeat=2 * n):
            pairs = np.array(zt).reshape(n, 2)
            pzt = problem.pz[pairs].prod()
            s = pairs[np.arange(n)[None, :], selectors]  # (2**n, n)
            counts = np.stack([(s == z).sum(axis=1) for z in range(problem.m)], axis=1)
            q = problem.posterior(counts, beta)
            mix = q.mean(axis=0)
            h_wz -= pzt * np.sum(mix * np.log(mix))
            h_ws -= pzt * np.mean(np.sum(q * np.log(q), axis=1))
        assert problem.exact_cmi(n, beta)[0] == pytest.approx(h_wz - h_ws, abs=1e-12)


def test_cmi_is_at_most_n_log_2_and_bounded_by_the_mutual_information() -> None:
    problem = _random_problem(13, m=3, h=5)
    betas = np.array([0.0, 1.0, 10.0, np.inf])
    cmi = problem.exact_cmi(3, betas)
    mi = problem.exact(3, betas).mutual_information
    assert cmi[0] == pytest.approx(0.0, abs=1e-12)
    assert np.all(cmi <= 3 * np.log(2) + 1e-12)
    assert np.all(cmi <= mi + 1e-12)  # CMI <= I(S;W) (Steinke and Zakynthinou, Theorem 2.1)


# -- sampling --------------------------------------------------------------------------------------
def test_sampler_matches_the_exact_joint() -> None:
    problem = _random_problem(17, m=3, h=4)
    n, beta = 4, 3.0
    samples, w = problem.sample(n, beta, 40_000, np.random.default_rng(0))
    assert samples.shape == (40_000, n) and w.shape == (40_000,)
    exact = problem.exact(n, beta)
    marginal = exact.type_probabilities @ exact.posterior[0]
    freq = np.bincount(w, minlength=4) / w.size
    se = np.sqrt(marginal * (1 - marginal) / w.size)
    assert np.all(np.abs(freq - marginal) < 4 * se)
    gap = problem.risks[w] - problem.loss[w[:, None], samples].mean(axis=1)
    assert abs(gap.mean() - exact.expected_gap[0]) < 4 * gap.std() / np.sqrt(w.size)


def test_counts() -> None:
    problem = _random_problem(0, m=3)
    np.testing.assert_array_equal(problem.counts(np.array([[0, 2, 2], [1, 1, 1]])), [[1, 0, 2], [0, 3, 0]])


# -- errors ----------------------------------------------------------------------------------------
def test_errors() -> None:
    with pytest.raises(ValueError, match="pz"):
        GibbsProblem([0.5, 0.6], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="loss"):
        GibbsProblem([0.5, 0.5], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="loss"):
        GibbsProblem([0.5, 0.5], 2 * np.ones((2, 2)))
    with pytest.raises(ValueError, match="prior"):
        GibbsProblem([0.5, 0.5], np.zeros((2, 2)), prior=[1.0, 0.0])
    problem = _random_problem(0)
    with pytest.raises(ValueError, match="beta"):
        problem.exact(3, -1.0)
    with pytest.raises(ValueError, match="n"):
        problem.exact(0, 1.0)
    with pytest.raises(ValueError, match="types"):
        type_log_probabilities(np.array([[1, 2], [0, 1]]), [0.5, 0.5])
    with pytest.raises(ValueError, match="samples"):
        problem.counts(np.array([[0, 5]]))
    with pytest.raises(ValueError, match="rng"):
        problem.sample(3, 1.0, 2, rng=0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="m and n"):
        enumerate_types(30, 30)


# -- lautum information and the identity of Aminian et al. (2021) ------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3])
def test_lautum_information_matches_brute_force(n: int) -> None:
    problem = _random_problem(7)
    betas = np.array([0.5, 3.0])
    result = problem.exact(n, betas)
    for b, lautum in zip(betas, result.lautum_information, strict=True):
        joint, _ = _brute_force(problem, n, float(b))
        assert lautum == pytest.approx(information.lautum_information(joint), abs=1e-12)


@pytest.mark.parametrize("seed", [0, 3, 8])
@pytest.mark.parametrize("n", [1, 4, 6])
def test_gap_equals_symmetrized_information_over_beta_n(seed: int, n: int) -> None:
    """E gen = (I(S;W) + L(S;W)) / (beta n) exactly for the Gibbs algorithm (aminian2021)."""
    problem = _random_problem(seed)
    betas = np.array([0.05, 1.0, 9.0])
    result = problem.exact(n, betas)
    sym = (result.mutual_information + result.lautum_information) / (betas * n)
    np.testing.assert_allclose(result.expected_gap, sym, rtol=1e-9, atol=1e-13)


def test_lautum_infinite_for_erm_and_zero_without_data() -> None:
    problem = GibbsProblem(np.array([0.5, 0.5]), np.array([[0.0, 1.0], [1.0, 0.0]]))
    result = problem.exact(1, np.array([0.0, np.inf]))
    assert result.lautum_information[0] == pytest.approx(0.0, abs=1e-15)
    assert result.lautum_information[1] == np.inf
