"""Tests of genbounds.sdpi: closed forms, brute force, the certificate chain and the SDPI."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genbounds import sdpi
from genbounds.information import kl_divergence, mutual_information

SETTINGS = settings(max_examples=15, deadline=None)


def _random_instance(seed: int, m: int, k: int, concentration: float = 1.0):
    rng = np.random.default_rng(seed)
    K = sdpi.random_channel(m, k, rng, concentration)
    p = rng.dirichlet(np.ones(m))
    return K, p, rng


# ---------------------------------------------------------------------------------------------
# Channels
# ---------------------------------------------------------------------------------------------
def test_is_channel():
    assert sdpi.is_channel([[0.5, 0.5], [1.0, 0.0]])
    assert not sdpi.is_channel([[0.5, 0.6], [1.0, 0.0]])
    assert not sdpi.is_channel([[1.5, -0.5]])
    assert not sdpi.is_channel([0.5, 0.5])
    assert not sdpi.is_channel([["a", "b"]])
    assert not sdpi.is_channel([[np.nan, 1.0]])


def test_compose_is_matrix_product_and_checks_shapes():
    rng = np.random.default_rng(0)
    A, B, C = (sdpi.random_channel(3, 4, rng), sdpi.random_channel(4, 2, rng), sdpi.random_channel(2, 5, rng))
    np.testing.assert_allclose(sdpi.compose(A, B, C), A @ B @ C)
    assert sdpi.is_channel(sdpi.compose(A, B, C))
    with pytest.raises(ValueError, match=r"Ks\[1\]"):
        sdpi.compose(A, C)
    with pytest.raises(ValueError, match="Ks"):
        sdpi.compose()
    with pytest.raises(ValueError, match="row-stochastic"):
        sdpi.compose([[0.2, 0.2]])


def test_constructors():
    np.testing.assert_allclose(sdpi.binary_symmetric_channel(0.1), [[0.9, 0.1], [0.1, 0.9]])
    np.testing.assert_allclose(sdpi.binary_erasure_channel(0.3), [[0.7, 0, 0.3], [0, 0.7, 0.3]])
    K = sdpi.symmetric_channel(4, 0.4)
    assert sdpi.is_channel(K) and np.isclose(K[0, 0], 0.6 + 0.1) and np.isclose(K[0, 1], 0.1)
    np.testing.assert_array_equal(sdpi.deterministic_channel(np.array([1, 0, 1])), [[0, 1], [1, 0], [0, 1]])
    assert sdpi.deterministic_channel(np.array([0, 0]), n_outputs=3).shape == (2, 3)
    with pytest.raises(ValueError, match="delta"):
        sdpi.binary_symmetric_channel(1.2)
    with pytest.raises(ValueError, match="eps"):
        sdpi.binary_erasure_channel(-0.1)
    with pytest.raises(ValueError, match="q"):
        sdpi.symmetric_channel(1, 0.1)
    with pytest.raises(ValueError, match="f"):
        sdpi.deterministic_channel(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="n_outputs"):
        sdpi.deterministic_channel(np.array([0, 3]), n_outputs=2)
    with pytest.raises(ValueError, match="rng"):
        sdpi.random_channel(2, 2, rng=0)
    with pytest.raises(ValueError, match="concentration"):
        sdpi.random_channel(2, 2, np.random.default_rng(0), concentration=0)


def test_apply_product_channel_matches_kronecker():
    rng = np.random.default_rng(1)
    K = sdpi.random_channel(3, 2, rng)
    f = rng.normal(size=(2, 2, 2, 4))
    big = np.kron(np.kron(K, K), K)  # rows (x1, x2, x3), columns (y1, y2, y3)
    expected = (big @ f.reshape(8, 4)).reshape(3, 3, 3, 4)
    np.testing.assert_allclose(sdpi.apply_product_channel(K, f, 3), expected)
    with pytest.raises(ValueError, match="values"):
        sdpi.apply_product_channel(K, np.ones((3, 3)), 2)
    with pytest.raises(ValueError, match="n"):
        sdpi.apply_product_channel(K, f, 0)


# ---------------------------------------------------------------------------------------------
# Closed forms
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("delta", [0.0, 0.05, 0.2, 0.37, 0.5, 0.8])
def test_bsc(delta):
    K = sdpi.binary_symmetric_channel(delta)
    assert sdpi.eta_tv(K) == pytest.approx(abs(1 - 2 * delta), abs=1e-12)
    assert sdpi.eta_kl(K) == pytest.approx((1 - 2 * delta) ** 2, abs=1e-9)
    assert sdpi.eta_chi2(K, [0.5, 0.5]) == pytest.approx((1 - 2 * delta) ** 2, abs=1e-12)
    assert sdpi.eta_kl(K, [0.5, 0.5]) == pytest.approx((1 - 2 * delta) ** 2, abs=1e-7)


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("p1", [0.5, 0.2])
def test_bec(eps, p1):
    K = sdpi.binary_erasure_channel(eps)
    p = [1 - p1, p1]
    assert sdpi.eta_kl(K) == pytest.approx(1 - eps, abs=1e-9)
    assert sdpi.eta_chi2(K, p) == pytest.approx(1 - eps, abs=1e-12)
    assert sdpi.eta_kl(K, p) == pytest.approx(1 - eps, abs=1e-7)
    assert sdpi.eta_tv(K) == pytest.approx(1 - eps, abs=1e-12)


def test_q_ary_symmetric_chi2_and_tv():
    for q, eps in [(3, 0.2), (4, 0.5), (6, 0.9)]:
        K = sdpi.symmetric_channel(q, eps)
        assert sdpi.eta_chi2(K, np.full(q, 1 / q)) == pytest.approx((1 - eps) ** 2)
        assert sdpi.eta_tv(K) == pytest.approx(1 - eps)


def test_identical_rows_give_zero():
    row = np.array([0.2, 0.5, 0.3])
    K = np.tile(row, (4, 1))
    p = np.array([0.1, 0.2, 0.3, 0.4])
    c = sdpi.certificates(K, p)
    assert (c.chi2, c.kl_p, c.kl, c.tv) == pytest.approx((0, 0, 0, 0), abs=1e-12)


def test_permutation_gives_one():
    K = np.eye(4)[[2, 0, 3, 1]]
    p = np.array([0.1, 0.2, 0.3, 0.4])
    c = sdpi.certificates(K, p)
    assert (c.chi2, c.kl_p, c.kl, c.tv) == pytest.approx((1, 1, 1, 1), abs=1e-9)


def test_deterministic_many_to_one_has_chi2_one():
    """X and f(X) have maximal correlation 1 as soon as f(X) is not constant."""
    f = sdpi.deterministic_channel(np.array([0, 0, 1, 2, 2]))
    rng = np.random.default_rng(3)
    for _ in range(4):
        p = rng.dirichlet(np.ones(5))
        assert sdpi.eta_chi2(f, p) == pytest.approx(1.0, abs=1e-9)
        assert sdpi.eta_kl(f, p) == pytest.approx(1.0, abs=1e-7)
    # f(X) constant under p: no information passes
    assert sdpi.eta_chi2(f, [0.5, 0.5, 0, 0, 0]) == 0.0
    assert sdpi.eta_kl(f) == 1.0 and sdpi.eta_tv(f) == 1.0


def test_single_input_mass():
    K = np.array([[0.3, 0.7], [0.6, 0.4]])
    assert sdpi.eta_chi2(K, [1.0, 0.0]) == 0.0
    assert sdpi.eta_kl(K, [1.0, 0.0]) == 0.0


# ---------------------------------------------------------------------------------------------
# Against independent computations
# ---------------------------------------------------------------------------------------------
def test_eta_chi2_is_sup_of_chi2_ratio():
    """sigma_2(B)^2 dominates every chi-square ratio and is attained along u_2 / sqrt(p)."""
    K, p, rng = _random_instance(5, 4, 3)

    def chi2(a, b):
        return float(np.sum((a - b) ** 2 / b))

    eta = sdpi.eta_chi2(K, p)
    B = np.sqrt(p)[:, None] * K / np.sqrt(p @ K)[None, :]
    u = np.linalg.svd(B)[0][:, 1]
    q = p + 1e-3 * np.sqrt(p) * u
    assert chi2(q @ K, p @ K) / chi2(q, p) == pytest.approx(eta, rel=1e-9)
    for _ in range(200):
        q = rng.dirichlet(np.ones(4))
        assert chi2(q @ K, p @ K) / chi2(q, p) <= eta + 1e-12


def test_eta_chi2_is_local_limit_of_mutual_information_ratio():
    """U binary, X | U = +-1 ~ p +- t v: I(U; Y) / I(U; X) -> eta_chi2(K, p) as t -> 0."""
    K, p, _ = _random_instance(6, 4, 5)
    B = np.sqrt(p)[:, None] * K / np.sqrt(p @ K)[None, :]
    v = np.sqrt(p) * np.linalg.svd(B)[0][:, 1]
    t = 1e-4
    p_ux = 0.5 * np.stack([p + t * v, p - t * v])
    ratio = mutual_information(p_ux @ K) / mutual_information(p_ux)
    assert ratio == pytest.approx(sdpi.eta_chi2(K, p), rel=1e-3)


@pytest.mark.parametrize("seed", range(4))
def test_eta_kl_given_p_dominates_sampled_ratios(seed):
    K, p, rng = _random_instance(seed, 3, 3)
    eta = sdpi.eta_kl(K, p)
    ratios = []
    for _ in range(2000):
        q = rng.dirichlet(np.full(3, 0.5))
        ratios.append(kl_divergence(q @ K, p @ K) / kl_divergence(q, p))
    assert max(ratios) <= eta + 1e-9
    assert max(ratios) >= eta - 0.05  # the random search comes close: the optimiser is not wildly high


@pytest.mark.parametrize("seed", range(4))
def test_eta_kl_of_2x2_channel_against_grid(seed):
    """Input-free coefficient of a binary channel: brute force over a fine grid of pairs (p, q)."""
    K = sdpi.random_channel(2, 2, np.random.default_rng(100 + seed))
    t = np.linspace(0.0005, 0.9995, 600)
    P, Q = np.meshgrid(t, t)
    pk = P[..., None] * K[1] + (1 - P[..., None]) * K[0]
    qk = Q[..., None] * K[1] + (1 - Q[..., None]) * K[0]

    def d(a, b):
        return np.sum(a * np.log(a / b), axis=-1)

    num = d(qk, pk)
    den = d(np.stack([1 - Q, Q], -1), np.stack([1 - P, P], -1))
    ok = den > 1e-6
    grid_max = float(np.max(num[ok] / den[ok]))
    eta = sdpi.eta_kl(K)
    assert grid_max <= eta + 1e-9
    assert eta == pytest.approx(grid_max, abs=2e-3)


def test_eta_kl_channel_dominates_pair_ratios_3x3():
    K, _, rng = _random_instance(11, 3, 4)
    eta = sdpi.eta_kl(K)
    P = rng.dirichlet(np.full(3, 0.4), size=3000)
    Q = rng.dirichlet(np.full(3, 0.4), size=3000)
    num = np.sum((Q @ K) * np.log((Q @ K) / (P @ K)), axis=1)
    den = np.sum(Q * np.log(Q / P), axis=1)
    assert np.max(num / den) <= eta + 1e-9


@pytest.mark.parametrize("s", [0.5, 0.2, 0.9])
def test_eta_kl_z_channel_boundary_supremum(s):
    """Z-channel: eta_chi2(Z, (1-a, a)) = (1-a)(1-s)/(1-a(1-s)) < 1-s on (0, 1); the supremum 1-s = eta_TV is a
    limit at a -> 0, not attained, and eta_KL(Z) must return it exactly (the review found 0.49987 for s = 1/2)."""
    Z = np.array([[1.0, 0.0], [s, 1 - s]])
    a = np.array([0.3, 1e-2, 1e-5])
    closed = (1 - a) * (1 - s) / (1 - a * (1 - s))
    assert np.allclose([sdpi.eta_chi2(Z, np.array([1 - x, x])) for x in a], closed, atol=1e-12)
    assert np.all(closed < 1 - s)
    assert abs(sdpi.eta_kl(Z) - (1 - s)) < 1e-12 and abs(sdpi.eta_tv(Z) - (1 - s)) < 1e-12
    assert abs(sdpi.eta_kl(Z.T[::-1].T[::-1]) - (1 - s)) < 1e-12  # the same channel, inputs and outputs relabelled
    unif = np.array([0.5, 0.5])
    assert sdpi.eta_chi2(Z, unif) < sdpi.eta_kl(Z, unif, rng=np.random.default_rng(0)) < sdpi.eta_kl(Z)


# ---------------------------------------------------------------------------------------------
# Property tests: the certificate chain and the SDPI
# ---------------------------------------------------------------------------------------------
@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 4), k=st.integers(2, 4), conc=st.sampled_from([0.3, 1.0, 5.0]))
def test_certificate_chain(seed, m, k, conc):
    K, p, _ = _random_instance(seed, m, k, conc)
    c = sdpi.certificates(K, p, n_starts=3)
    assert c.is_consistent(tol=1e-7)
    assert 0.0 <= c.chi2 and c.tv <= 1.0
    # the two optimisers are independent (sup over p of the chi2 coefficient, KL ratio at a fixed p):
    # the input-free value must reach the value at p on its own, not only through certificates' max
    assert sdpi.eta_kl(K, n_starts=3) >= c.kl_p - 1e-6


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), L=st.integers(1, 3), u=st.integers(2, 3), m=st.integers(2, 4))
def test_sdpi_along_a_chain_never_violated(seed, L, u, m):
    rng = np.random.default_rng(seed)
    p_ux = rng.dirichlet(np.ones(u * m)).reshape(u, m)
    Ks = [sdpi.random_channel(m, m, rng) for _ in range(L)]
    info = sdpi.information_along_chain(p_ux, *Ks)
    assert np.all(np.diff(info) <= 1e-12)  # data processing
    p_t = p_ux.sum(axis=0)
    bound = info[0]
    for k, K in enumerate(Ks, start=1):
        eta_p = sdpi.eta_kl(K, p_t, n_starts=2)
        assert info[k] <= eta_p * info[k - 1] + 1e-10  # SDPI with the input-dependent coefficient
        bound *= sdpi.eta_tv(K)
        assert info[k] <= bound + 1e-10  # product of Dobrushin coefficients
        p_t = p_t @ K


def test_information_along_chain_exact_values():
    p_ux = np.array([[0.5, 0.0], [0.0, 0.5]])
    K = sdpi.binary_symmetric_channel(0.1)
    info = sdpi.information_along_chain(p_ux, K, K)
    h = lambda x: -x * np.log(x) - (1 - x) * np.log(1 - x)  # noqa: E731
    np.testing.assert_allclose(info, [np.log(2), np.log(2) - h(0.1), np.log(2) - h(0.18)])
    with pytest.raises(ValueError, match="p_ux"):
        sdpi.information_along_chain(np.ones(3) / 3, K)
    with pytest.raises(ValueError, match="Ks"):
        sdpi.information_along_chain(np.ones((2, 3)) / 6, K)


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------
def test_errors():
    K = sdpi.binary_symmetric_channel(0.2)
    with pytest.raises(ValueError, match="K"):
        sdpi.eta_tv([[0.5, 0.6], [0.5, 0.5]])
    with pytest.raises(ValueError, match="K"):
        sdpi.eta_tv(np.ones(3))
    with pytest.raises(ValueError, match="p"):
        sdpi.eta_chi2(K, [0.5, 0.4])
    with pytest.raises(ValueError, match="p"):
        sdpi.eta_chi2(K, [1.0])
    with pytest.raises(ValueError, match="n_starts"):
        sdpi.eta_kl(K, n_starts=-1)
    with pytest.raises(ValueError, match="rng"):
        sdpi.eta_kl(K, rng=3)
