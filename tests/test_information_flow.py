"""Tests of the information-plane helpers of genbounds.information: binned layers and Gaussian mixtures."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from genbounds import information as inf


def h_noise(d: int, sigma: float) -> float:
    return 0.5 * d * np.log(2 * np.pi * np.e * sigma**2)


# ----------------------------------------------------------------------------------------------
# binned_layer_information
# ----------------------------------------------------------------------------------------------
def brute_binned(t: np.ndarray, y: np.ndarray, bins: int, lo: float, hi: float) -> tuple[float, float]:
    """The same quantities with a dictionary of binned tuples and the definition of mutual information."""
    width = (hi - lo) / bins
    codes = [tuple(min(max(int(np.floor((v - lo) / width)), 0), bins - 1) for v in row) for row in t]
    n = len(codes)
    pt, pty, py = {}, {}, {}
    for c, label in zip(codes, y, strict=True):
        pt[c] = pt.get(c, 0) + 1 / n
        pty[(c, label)] = pty.get((c, label), 0) + 1 / n
        py[label] = py.get(label, 0) + 1 / n
    h_t = -sum(p * np.log(p) for p in pt.values())
    i_ty = sum(p * np.log(p / (pt[c] * py[label])) for (c, label), p in pty.items())
    return h_t, i_ty


def test_binned_layer_matches_brute_force() -> None:
    rng = np.random.default_rng(0)
    t = np.tanh(rng.standard_normal((300, 3)))
    y = rng.integers(0, 4, size=300)
    for bins in (1, 2, 5, 30):
        ours = inf.binned_layer_information(t, y, bins, value_range=(-1, 1))
        assert np.allclose(ours, brute_binned(t, y, bins, -1.0, 1.0), atol=1e-12)
    # default range: the range of t
    assert np.allclose(inf.binned_layer_information(t, y, 7), brute_binned(t, y, 7, t.min(), t.max()), atol=1e-12)


def test_binned_layer_limits() -> None:
    rng = np.random.default_rng(1)
    t = rng.standard_normal((200, 2))
    y = rng.integers(0, 3, size=200)
    assert inf.binned_layer_information(t, y, 1) == (0.0, 0.0)  # one bin: a constant representation
    ixt, iyt = inf.binned_layer_information(t, y, 10**6)  # every input in its own cell: I(X;T) = log n
    assert abs(ixt - np.log(200)) < 1e-12
    assert abs(iyt - inf.plugin_entropy(y)) < 1e-12  # and T determines the label: I(Y;T) = H(Y)
    bits = inf.binned_layer_information(t, y, 4, base=2)
    nats = inf.binned_layer_information(t, y, 4)
    assert np.allclose(np.array(bits) * np.log(2), nats)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"t": np.zeros((0, 2)), "y": np.zeros(0, int), "bins": 3}, "t"),
        ({"t": np.array([[np.inf]]), "y": np.zeros(1, int), "bins": 3}, "t"),
        ({"t": np.zeros((4, 2)), "y": np.zeros(3, int), "bins": 3}, "y"),
        ({"t": np.zeros((4, 2)), "y": np.zeros(4, int), "bins": 0}, "bins"),
        ({"t": np.zeros((4, 2)), "y": np.zeros(4, int), "bins": 3, "value_range": (1, 0)}, "value_range"),
        ({"t": np.zeros((4, 2)), "y": np.zeros(4, int), "bins": 3, "value_range": (0, 1, 2)}, "value_range"),
    ],
)
def test_binned_layer_rejects(kwargs: dict, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        inf.binned_layer_information(**kwargs)


# ----------------------------------------------------------------------------------------------
# Gaussian mixtures
# ----------------------------------------------------------------------------------------------
def test_single_component_is_gaussian() -> None:
    rng = np.random.default_rng(2)
    for d, sigma in [(1, 0.3), (3, 1.0), (5, 2.5)]:
        mean = rng.standard_normal((1, d))
        h, se = inf.gaussian_mixture_entropy(mean, sigma, rng=rng, n_samples=20_000)
        assert abs(h - h_noise(d, sigma)) < 4 * se
        assert abs(h_noise(d, sigma) - stats.multivariate_normal(cov=sigma**2 * np.eye(d)).entropy()) < 1e-12
        lo, hi = inf.gaussian_mixture_entropy_bounds(mean, sigma)
        assert abs(lo - h_noise(d, sigma)) < 1e-12 and abs(hi - h_noise(d, sigma)) < 1e-12


def test_separated_components_add_the_entropy_of_the_weights() -> None:
    rng = np.random.default_rng(3)
    means = 1000.0 * np.arange(5)[:, None] * np.ones((1, 2))
    w = np.array([0.1, 0.2, 0.3, 0.15, 0.25])
    truth = h_noise(2, 0.5) + inf.entropy(w)
    h, se = inf.gaussian_mixture_entropy(means, 0.5, rng=rng, n_samples=20_000, weights=w)
    assert abs(h - truth) < 4 * se + 1e-9
    lo, hi = inf.gaussian_mixture_entropy_bounds(means, 0.5, weights=w)
    assert abs(lo - truth) < 1e-9 and abs(hi - truth) < 1e-9


def test_one_dimensional_mixture_against_quadrature() -> None:
    rng = np.random.default_rng(4)
    means, w, sigma = np.array([-1.0, 0.3, 2.0]), np.array([0.5, 0.2, 0.3]), 0.7

    def density(v: float) -> float:
        return float(np.sum(w * stats.norm.pdf(v, loc=means, scale=sigma)))

    truth = integrate.quad(lambda v: -density(v) * np.log(density(v)), -12, 14, limit=200)[0]
    h, se = inf.gaussian_mixture_entropy(means, sigma, rng=rng, n_samples=40_000, weights=w)
    assert abs(h - truth) < 4 * se
    lo, hi = inf.gaussian_mixture_entropy_bounds(means, sigma, weights=w)
    assert lo <= truth <= hi
    h2, _ = inf.gaussian_mixture_entropy(means, sigma, rng=np.random.default_rng(4), n_samples=40_000, weights=w, base=2)
    assert abs(h2 * np.log(2) - h) < 1e-12


def test_zero_weights_are_ignored() -> None:
    means = np.array([[0.0], [1.0], [50.0]])
    lo, hi = inf.gaussian_mixture_entropy_bounds(means, 1.0, weights=[0.5, 0.5, 0.0])
    lo2, hi2 = inf.gaussian_mixture_entropy_bounds(means[:2], 1.0)
    assert abs(lo - lo2) < 1e-12 and abs(hi - hi2) < 1e-12
    h, _ = inf.gaussian_mixture_entropy(means, 1.0, rng=np.random.default_rng(0), weights=[0.5, 0.5, 0.0])
    assert np.isfinite(h)


@settings(max_examples=60, deadline=None)
@given(
    k=st.integers(1, 12),
    d=st.integers(1, 4),
    sigma=st.floats(0.05, 5.0),
    spread=st.floats(0.0, 10.0),
    seed=st.integers(0, 2**31),
)
def test_bounds_are_ordered_and_within_the_trivial_bounds(k: int, d: int, sigma: float, spread: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    means = spread * rng.standard_normal((k, d))
    w = rng.dirichlet(np.ones(k))
    lo, hi = inf.gaussian_mixture_entropy_bounds(means, sigma, weights=w)
    tol = 1e-9
    assert h_noise(d, sigma) - tol <= lo <= hi + tol
    assert hi <= h_noise(d, sigma) + inf.entropy(w) + tol
    h, se = inf.gaussian_mixture_entropy(means, sigma, rng=rng, n_samples=4000, weights=w)
    assert lo - 5 * se - 1e-6 <= h <= hi + 5 * se + 1e-6


def test_linear_gaussian_limit() -> None:
    """A mixture over many Gaussian points approaches the Gaussian closed form of I(X; AX + Z)."""
    rng = np.random.default_rng(5)
    a = np.array([[1.0, 0.5], [0.0, 1.0]])
    x = rng.standard_normal((4000, 2))
    sigma = 1.0
    cov = np.block([[np.eye(2), a.T], [a, a @ a.T + sigma**2 * np.eye(2)]])
    truth = inf.gaussian_mutual_information_from_cov(cov, 2)
    h, se = inf.gaussian_mixture_entropy(x @ a.T, sigma, rng=rng, n_samples=8000)
    assert abs(h - h_noise(2, sigma) - truth) < 4 * se + 0.02


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"means": np.zeros((0, 2)), "sigma": 1.0}, "means"),
        ({"means": np.zeros((3, 2)), "sigma": 0.0}, "sigma"),
        ({"means": np.zeros((3, 2)), "sigma": np.inf}, "sigma"),
        ({"means": np.zeros((3, 2)), "sigma": 1.0, "weights": [0.5, 0.5]}, "weights"),
        ({"means": np.zeros((3, 2)), "sigma": 1.0, "weights": [0.5, 0.4, 0.4]}, "weights"),
    ],
)
def test_mixture_rejects(kwargs: dict, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        inf.gaussian_mixture_entropy_bounds(**kwargs)
    with pytest.raises(ValueError, match=name):
        inf.gaussian_mixture_entropy(**kwargs, rng=np.random.default_rng(0))


def test_mixture_rejects_bad_rng_and_sample_size() -> None:
    with pytest.raises(ValueError, match="rng"):
        inf.gaussian_mixture_entropy(np.zeros((2, 1)), 1.0, rng=0)
    with pytest.raises(ValueError, match="n_samples"):
        inf.gaussian_mixture_entropy(np.zeros((2, 1)), 1.0, rng=np.random.default_rng(0), n_samples=1)
