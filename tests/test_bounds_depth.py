"""Tests of genbounds.bounds.depth: Zhang-Liu-Tao's bounds as stated, and the geometric-mean eta."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from genbounds import bounds


def test_zhang_bound_closed_form():
    # eta^(L/2) sqrt(2 sigma^2 I / n): 0.25^(1) * sqrt(2 * 0.25 * 0.8 / 10) = 0.25 * 0.2
    assert bounds.zhang_bound(0.8, 10, 0.5, 2, 0.25) == pytest.approx(0.05)
    # exp(-L/2 log 1/eta) form of the paper
    val = bounds.zhang_bound(1.3, 7, 0.9, 5, 0.6)
    assert val == pytest.approx(np.exp(-5 / 2 * np.log(1 / 0.6)) * np.sqrt(2 * 0.81 * 1.3 / 7))


def test_zhang_bound_depth_zero_is_xu_raginsky():
    assert bounds.zhang_bound(2.0, 50, 0.5, 0, 0.3) == pytest.approx(np.sqrt(2 * 0.25 * 2.0 / 50))
    assert bounds.zhang_bound(2.0, 50, 0.5, 4, 1.0) == pytest.approx(np.sqrt(2 * 0.25 * 2.0 / 50))
    assert bounds.zhang_bound(2.0, 50, 0.5, 0, 0.0) == pytest.approx(np.sqrt(2 * 0.25 * 2.0 / 50))
    assert bounds.zhang_bound(2.0, 50, 0.5, 1, 0.0) == 0.0


def test_zhang_bound_broadcasts():
    out = bounds.zhang_bound(1.0, 4, 0.5, np.arange(4), 0.5)
    np.testing.assert_allclose(out, 0.5 ** (np.arange(4) / 2) * np.sqrt(2 * 0.25 / 4))


@settings(max_examples=50, deadline=None)
@given(mi=st.floats(0, 50), n=st.integers(1, 10_000), sigma=st.floats(0.01, 10), L=st.integers(0, 30), eta=st.floats(0, 1))
def test_zhang_bound_properties(mi, n, sigma, L, eta):
    b = bounds.zhang_bound(mi, n, sigma, L, eta)
    xr = np.sqrt(2 * sigma**2 * mi / n)
    assert 0 <= b <= xr * (1 + 1e-12)  # the depth factor never increases the bound
    assert bounds.zhang_bound(mi, n, sigma, L + 1, eta) <= b * (1 + 1e-12)  # non-increasing in L


def test_zhang_bound_errors():
    with pytest.raises(ValueError, match="mi"):
        bounds.zhang_bound(-1, 10, 0.5, 1, 0.5)
    with pytest.raises(ValueError, match="n"):
        bounds.zhang_bound(1, 0, 0.5, 1, 0.5)
    with pytest.raises(ValueError, match="sigma"):
        bounds.zhang_bound(1, 10, 0, 1, 0.5)
    with pytest.raises(ValueError, match="L"):
        bounds.zhang_bound(1, 10, 0.5, 1.5, 0.5)
    with pytest.raises(ValueError, match="L"):
        bounds.zhang_bound(1, 10, 0.5, -1, 0.5)
    with pytest.raises(ValueError, match="eta"):
        bounds.zhang_bound(1, 10, 0.5, 1, 1.5)


def test_geometric_mean_eta():
    etas = np.array([0.2, 0.5, 0.9])
    assert bounds.geometric_mean_eta(etas) == pytest.approx(stats.gmean(etas))
    rng = np.random.default_rng(0)
    draws = rng.uniform(0.1, 1.0, size=(200, 4))
    eta = bounds.geometric_mean_eta(draws)
    assert eta == pytest.approx(np.mean(np.prod(draws, axis=1)) ** 0.25)
    # Jensen: (E prod)^(1/L) >= E[prod^(1/L)] = mean of the per-draw geometric means
    assert eta >= np.mean(stats.gmean(draws, axis=1))
    with pytest.raises(ValueError, match="etas"):
        bounds.geometric_mean_eta([1.2])
    with pytest.raises(ValueError, match="etas"):
        bounds.geometric_mean_eta(np.ones((2, 2, 2)) / 2)


def test_noisy_sgd_bound():
    lr = np.array([0.1, 0.05, 0.02])
    sd = np.array([0.2, 0.1, 0.1])
    M, n, sigma, L, eta = 3.0, 100, 0.5, 2, 0.7
    expected = eta ** (L / 2) * np.sqrt(sigma**2 / n * np.sum(M**2 * lr**2 / sd**2))  # eq. (26)
    assert bounds.noisy_sgd_bound(n, sigma, L, eta, M, lr, sd) == pytest.approx(expected)
    with pytest.raises(ValueError, match="noise_std"):
        bounds.noisy_sgd_bound(n, sigma, L, eta, M, lr, np.zeros(3))
    with pytest.raises(ValueError, match="lr"):
        bounds.noisy_sgd_bound(n, sigma, L, eta, M, lr, sd[:2])
    with pytest.raises(ValueError, match="M"):
        bounds.noisy_sgd_bound(n, sigma, L, eta, -1, lr, sd)
