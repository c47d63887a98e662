"""Tests of genbounds.bounds.information: closed forms, exact Gibbs checks, property tests, errors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genbounds import bounds, information
from genbounds.gibbs import GibbsProblem


def test_subgaussian_parameter_is_half_the_range_and_hoeffding_lemma_holds() -> None:
    assert bounds.subgaussian_parameter(0.0, 1.0) == 0.5
    assert bounds.subgaussian_parameter(-2.0, 2.0) == 2.0
    # a fair coin on {a, b} attains the variance sigma^2; its centred CGF stays below lambda^2 sigma^2 / 2
    lam = np.linspace(-20, 20, 401)
    cgf = np.log(np.cosh(lam * 1.5))  # coin on {-1.5, 1.5}
    assert np.all(cgf <= lam**2 * bounds.subgaussian_parameter(-1.5, 1.5) ** 2 / 2 + 1e-12)


def test_xu_raginsky_closed_form() -> None:
    assert bounds.xu_raginsky_bound(0.5, 10, 0.5) == pytest.approx(np.sqrt(2 * 0.25 * 0.5 / 10))
    np.testing.assert_allclose(bounds.xu_raginsky_bound(np.array([0.0, 2.0]), 4, 1.0), [0.0, 1.0])


def test_cgf_bound_recovers_xu_raginsky_for_a_quadratic_cgf() -> None:
    for mi, n, sigma in [(0.3, 10, 0.5), (2.0, 3, 1.7), (1e-4, 100, 0.1)]:
        value = bounds.cgf_bound(mi, n, lambda lam, s=sigma: s**2 * lam**2 / 2)
        assert value == pytest.approx(bounds.xu_raginsky_bound(mi, n, sigma), rel=1e-6)


def test_cgf_bound_respects_lam_max() -> None:
    """psi = lam^2/2 restricted to lam < 0.1: the optimum sqrt(2 I/n) = 1 needs lam = 1, so lam_max binds."""
    value = bounds.cgf_bound(0.5, 1, lambda lam: lam**2 / 2, lam_max=0.1)
    assert value == pytest.approx(0.5 / 0.1 + 0.05, rel=1e-6)


def test_cgf_bound_for_the_gaussian_squared_loss_beats_its_quadratic_relaxation() -> None:
    """psi(lam) = lam v - log(1 + 2 lam v)/2 <= lam^2 v^2: the exact CGF gives a smaller bound."""
    v, mi, n = 2.0, 0.7, 10
    exact = bounds.cgf_bound(mi, n, lambda lam: lam * v - 0.5 * np.log1p(2 * lam * v))
    relaxed = bounds.xu_raginsky_bound(mi, n, np.sqrt(2) * v)
    assert exact < relaxed


def test_cmi_fcmi_ood_closed_forms() -> None:
    assert bounds.cmi_bound(0.2, 10) == pytest.approx(0.2)
    assert bounds.cmi_bound(0.2, 10, loss_range=3.0) == pytest.approx(0.6)
    assert bounds.fcmi_bound(np.array([[0.5, 0.0], [0.125, -0.01]])) == pytest.approx((1 + 0 + 0.5 + 0) / 4)
    assert bounds.ood_bound(0.4, 4, 0.0, 0.5) == pytest.approx(bounds.xu_raginsky_bound(0.4, 4, 0.5))
    assert bounds.ood_bound(0.4, 4, 0.15, 0.5) == pytest.approx(np.sqrt(0.5 * (0.1 + 0.15)))


def _problem(seed: int) -> GibbsProblem:
    rng = np.random.default_rng(seed)
    return GibbsProblem(rng.dirichlet(np.ones(3)), rng.random((4, 3)), rng.dirichlet(np.ones(4)))


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 4), beta=st.floats(0.01, 50))
def test_bounds_hold_on_random_gibbs_problems(seed: int, n: int, beta: float) -> None:
    problem = _problem(seed)
    r = problem.exact(n, beta)
    cmi = float(problem.exact_cmi(n, beta)[0])
    gap = abs(float(r.expected_gap[0]))
    mi = float(r.mutual_information[0])
    assert gap <= bounds.xu_raginsky_bound(mi, n, 0.5) + 1e-8
    assert gap <= bounds.cmi_bound(cmi, n) + 1e-8
    assert cmi <= mi + 1e-12 and cmi <= n * np.log(2) + 1e-12


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 5), beta=st.floats(0.01, 50), shift=st.floats(0.05, 0.95))
def test_ood_bound_holds_under_any_shift(seed: int, n: int, beta: float, shift: float) -> None:
    problem = _problem(seed)
    rng = np.random.default_rng(seed + 1)
    pz_test = (1 - shift) * problem.pz + shift * rng.dirichlet(np.ones(3))
    r = problem.exact(n, beta)
    marginal = r.type_probabilities @ r.posterior[0]
    lhs = abs(float(marginal @ (problem.loss @ pz_test) - r.expected_train[0]))
    kl = float(np.sum(problem.pz * np.log(problem.pz / pz_test)))
    assert lhs <= bounds.ood_bound(float(r.mutual_information[0]), n, kl, 0.5) + 1e-8


def test_errors() -> None:
    with pytest.raises(ValueError, match="mi"):
        bounds.xu_raginsky_bound(-0.1, 10, 1.0)
    with pytest.raises(ValueError, match="sigma"):
        bounds.xu_raginsky_bound(0.1, 10, 0.0)
    with pytest.raises(ValueError, match="n"):
        bounds.cmi_bound(0.1, 0)
    with pytest.raises(ValueError, match="kl"):
        bounds.ood_bound(0.1, 10, -1.0, 0.5)
    with pytest.raises(ValueError, match="pair_mi"):
        bounds.fcmi_bound(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="cgf"):
        bounds.cgf_bound(0.1, 10, 3.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="b must be > a"):
        bounds.subgaussian_parameter(1.0, 0.0)


def _exact_fcmi_and_supersample_gap(problem: GibbsProblem, n: int, beta: float) -> tuple[float, float]:
    """Brute force over all supersamples and selectors: the exact functional CMI bound (with the losses on a
    pair as the 'predictions') and the expected gap written as a supersample average."""
    m = problem.m
    selectors = np.array(list(itertools.product(range(2), repeat=n)))  # (2**n, n)
    fcmi, gap = 0.0, 0.0
    for zt in itertools.product(range(m), repeat=2 * n):
        pairs = np.array(zt).reshape(n, 2)
        pzt = float(problem.pz[pairs].prod())
        s = pairs[np.arange(n)[None, :], selectors]  # training samples, (2**n, n)
        counts = np.stack([(s == z).sum(axis=1) for z in range(m)], axis=1)
        q = problem.posterior(counts, beta)  # (2**n, H)
        losses = problem.loss[:, pairs]  # (H, n, 2): l(h, z_{i,0}), l(h, z_{i,1})
        sign = np.where(selectors == 0, 1.0, -1.0)  # (-1)^{U_i}
        gap += pzt * float(np.mean(q @ (losses[:, :, 1] - losses[:, :, 0]) * sign))
        terms = []
        for i in range(n):
            _, f = np.unique(losses[:, i, :], axis=0, return_inverse=True)  # F_i as a function of h
            table = np.zeros((int(f.max()) + 1, 2))
            for u in (0, 1):
                rows = selectors[:, i] == u
                np.add.at(table[:, u], f.ravel(), q[rows].sum(axis=0) / len(selectors))
            terms.append(np.sqrt(2 * information.mutual_information(table)))
        fcmi += pzt * float(np.mean(terms))
    return fcmi, gap


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 2), beta=st.floats(0.1, 30))
def test_functional_cmi_sits_between_the_gap_and_the_cmi_bound(seed: int, n: int, beta: float) -> None:
    """|E gen| <= fCMI bound <= sqrt(2 CMI / n), all exact (harutyunyan2021; steinke2020)."""
    problem = _problem(seed)
    fcmi, gap_ss = _exact_fcmi_and_supersample_gap(problem, n, beta)
    exact = problem.exact(n, beta)
    assert gap_ss == pytest.approx(float(exact.expected_gap[0]), abs=1e-12)  # the supersample identity
    cmi = float(problem.exact_cmi(n, beta)[0])
    assert abs(gap_ss) <= fcmi + 1e-10
    assert fcmi <= bounds.cmi_bound(cmi, n) + 1e-10


def test_xu_raginsky_is_nearly_attained_by_the_memoriser_and_the_notes_constant_fails_on_pm_one() -> None:
    """n = 1, fair coin, W = Z_1: gap 1/2 <= sqrt(log 2 / 2) for the [0,1] loss; for 2 l - 1 in [-1, 1]
    the gap 1 exceeds sqrt(M^2 I / (2n)) but not sqrt(2 M^2 I / n)."""
    memo = GibbsProblem(np.array([0.5, 0.5]), np.array([[0.0, 1.0], [1.0, 0.0]]))
    r = memo.exact(1, np.inf)
    gap, mi = float(r.expected_gap[0]), float(r.mutual_information[0])
    assert gap == pytest.approx(0.5) and mi == pytest.approx(np.log(2))
    assert gap <= bounds.xu_raginsky_bound(mi, 1, bounds.subgaussian_parameter(0, 1))
    assert 2 * gap > np.sqrt(mi / 2)  # the notes' constant for |l| <= 1
    assert 2 * gap <= bounds.xu_raginsky_bound(mi, 1, bounds.subgaussian_parameter(-1, 1))


# -- rate-distortion (compression) bound -----------------------------------------------------------
def test_rate_distortion_bound_closed_form_and_errors() -> None:
    assert bounds.rate_distortion_bound(0.5, 10, 0.5, 0.0) == pytest.approx(bounds.xu_raginsky_bound(0.5, 10, 0.5))
    assert bounds.rate_distortion_bound(2.0, 4, 1.0, -0.25) == pytest.approx(1.0 - 0.25)
    with pytest.raises(ValueError, match="mi_hat"):
        bounds.rate_distortion_bound(-1.0, 4, 1.0, 0.0)
    with pytest.raises(ValueError, match="distortion"):
        bounds.rate_distortion_bound(1.0, 4, 1.0, np.nan)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_rate_distortion_bound_holds_for_exact_compressions_of_gibbs_erm(seed: int) -> None:
    """W = ERM, W_hat = W with prob 1 - t, else a draw from the prior: every quantity is exact."""
    rng = np.random.default_rng(seed)
    m, h, n = 3, 5, 4
    problem = GibbsProblem(rng.dirichlet(np.ones(m)), rng.random((h, m)), rng.dirichlet(np.ones(h)))
    res = problem.exact(n, np.inf)
    post, pt = res.posterior[0], res.type_probabilities
    train_by_type = (res.types @ problem.loss.T) / n
    gap_w = float(res.expected_gap[0])
    for t in np.linspace(0, 1, 11):
        post_hat = (1 - t) * post + t * problem.prior[None, :]
        joint = pt[:, None] * post_hat
        gap_hat = float(joint.sum(axis=0) @ problem.risks - np.sum(joint * train_by_type))
        assert gap_hat == pytest.approx((1 - t) * gap_w, abs=1e-12)     # the prior's draw has gap 0
        bound = bounds.rate_distortion_bound(information.mutual_information(joint), n, 0.5, gap_w - gap_hat)
        assert gap_w <= bound + 1e-12
