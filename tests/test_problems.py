"""genbounds.problems: exact risks against Monte Carlo and brute force; ERM and sup deviation against grids."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import genbounds as gb
from genbounds.problems import Coin, ThresholdProblem


def test_coin_sample_means() -> None:
    means = Coin(0.3).sample_means(50, 200_000, np.random.default_rng(0))
    assert means.shape == (200_000,)
    assert abs(means.mean() - 0.3) < 4 * np.sqrt(0.3 * 0.7 / 50 / 200_000)
    assert abs(means.var() - 0.3 * 0.7 / 50) < 0.02 * 0.3 * 0.7 / 50
    with pytest.raises(ValueError, match="theta"):
        Coin(1.5)


def test_risk_closed_form_against_monte_carlo() -> None:
    prob = ThresholdProblem(a=0.3, b=0.8, noise=0.1)
    x, y = prob.sample(400_000, np.random.default_rng(1))
    for t in [0.0, 0.2, 0.3, 0.55, 0.8, 0.95, 1.0]:
        mc = np.mean((x >= t) != y.astype(bool))
        assert abs(mc - prob.risk(t)) < 4 * np.sqrt(0.25 / x.size)


def test_risk_by_numerical_integration() -> None:
    prob = ThresholdProblem(a=0.2, b=0.6, noise=0.15)
    grid = (np.arange(200_000) + 0.5) / 200_000  # midpoint rule, exact up to the kinks
    clean = (grid >= prob.a) & (grid <= prob.b)
    for t in [0.1, 0.4, 0.7]:
        wrong = (grid >= t) != clean
        integral = np.mean(np.where(wrong, 1 - prob.noise, prob.noise))
        assert prob.risk(t) == pytest.approx(integral, abs=1e-5)


def test_best_threshold_and_decomposition_terms() -> None:
    prob = ThresholdProblem(a=0.3, b=0.8, noise=0.1)
    grid = np.linspace(0, 1, 100_001)
    assert prob.best_risk == pytest.approx(prob.risk(grid).min(), abs=1e-12)
    assert prob.best_threshold == pytest.approx(0.3)
    assert prob.approximation_error == pytest.approx(0.8 * 0.2)
    realizable = ThresholdProblem(a=0.4, b=1.0, noise=0.2)
    assert realizable.approximation_error == pytest.approx(0.0, abs=1e-15)


def test_empirical_risk_shapes_agree_with_direct_count() -> None:
    prob = ThresholdProblem(a=0.3, b=0.8, noise=0.2)
    rng = np.random.default_rng(2)
    x, y = prob.sample(37, rng, trials=11)
    t = rng.random((11, 5))
    direct = ((x[:, None, :] >= t[:, :, None]) != y[:, None, :].astype(bool)).mean(axis=2)
    np.testing.assert_allclose(prob.empirical_risk(t, x, y), direct)
    np.testing.assert_allclose(prob.empirical_risk(t[:, 0], x, y), direct[:, 0])
    np.testing.assert_allclose(prob.empirical_risk(0.5, x, y), ((x >= 0.5) != y.astype(bool)).mean(axis=1))
    np.testing.assert_allclose(prob.empirical_risk(t[0], x[0], y[0]), direct[0])


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 40), noise=st.floats(0.0, 0.45))
def test_erm_is_a_minimiser_and_sup_deviation_is_exact(seed: int, n: int, noise: float) -> None:
    prob = ThresholdProblem(a=0.25, b=0.7, noise=noise)
    rng = np.random.default_rng(seed)
    x, y = prob.sample(n, rng, trials=3)
    t_hat, train = prob.erm(x, y)
    # brute force over a fine grid plus every data point: nothing beats the ERM
    grid = np.concatenate([np.linspace(0, 1, 2001)[None].repeat(3, 0), x, np.nextafter(x, 2)], axis=1)
    emp = prob.empirical_risk(grid, x, y)
    np.testing.assert_allclose(train, emp.min(axis=1))
    np.testing.assert_allclose(prob.empirical_risk(t_hat, x, y), train)
    # sup deviation: at least every grid value, and attained up to the grid resolution
    sup = prob.sup_deviation(x, y)
    dev = np.abs(prob.risk(grid) - emp).max(axis=1)
    assert np.all(sup >= dev - 1e-12)
    assert np.all(sup <= dev + 2e-3)
    # the uniform-convergence inequality of chapter 1 holds on every sample
    assert np.all(prob.risk(t_hat) - prob.best_risk <= 2 * sup + 1e-12)


def test_random_search_is_never_better_than_erm_on_the_sample() -> None:
    prob = ThresholdProblem(a=0.3, b=0.8, noise=0.1)
    rng = np.random.default_rng(4)
    x, y = prob.sample(60, rng, trials=500)
    _, train_erm = prob.erm(x, y)
    t_rs, train_rs = prob.random_search(x, y, budget=3, rng=rng)
    assert np.all(train_rs >= train_erm)
    np.testing.assert_allclose(prob.empirical_risk(t_rs, x, y), train_rs)
    assert np.mean(train_rs > train_erm) > 0.5  # a budget of 3 rarely finds the minimiser


def test_expected_empirical_risk_of_a_fixed_hypothesis_is_the_risk() -> None:
    prob = ThresholdProblem(a=0.3, b=0.8, noise=0.1)
    x, y = prob.sample(20, np.random.default_rng(5), trials=100_000)
    emp = prob.empirical_risk(0.6, x, y)
    se = emp.std() / np.sqrt(emp.size)
    assert abs(emp.mean() - prob.risk(0.6)) < 4 * se


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="a and b"):
        ThresholdProblem(a=0.8, b=0.3)
    with pytest.raises(ValueError, match="noise"):
        ThresholdProblem(noise=0.5)
    prob = ThresholdProblem()
    with pytest.raises(ValueError, match="n"):
        prob.sample(0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng"):
        prob.sample(5, 42)
    with pytest.raises(ValueError, match="t"):
        prob.risk(1.5)
    with pytest.raises(ValueError, match="budget"):
        prob.random_search(np.zeros(3), np.zeros(3), 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="same shape"):
        prob.empirical_risk(0.5, np.zeros(3), np.zeros(4))


def test_reproducible_seeds_everything() -> None:
    import random

    import torch

    r1 = gb.reproducible(11)
    a = (r1.random(3), random.random(), torch.rand(2))
    r2 = gb.reproducible(11)
    b = (r2.random(3), random.random(), torch.rand(2))
    np.testing.assert_array_equal(a[0], b[0])
    assert a[1] == b[1]
    assert torch.equal(a[2], b[2])
    assert torch.get_num_threads() == gb._random.N_THREADS
    for bad in (-1, 1.5, "3", True):
        with pytest.raises(ValueError, match="seed"):
            gb.reproducible(bad)


def test_plot_style_has_solid_background() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    gb.plot.use_style()
    assert matplotlib.rcParams["figure.facecolor"] == "white"
    fig, ax = plt.subplots()
    ax.set_yscale("log")
    ax.plot([1, 2, 3], [0.1, 1.0, 10.0])
    gb.plot.shade_vacuous(ax)
    gb.plot.errorband(ax, [1, 2, 3], np.array([0.2, 0.3, 0.4]), np.array([0.01, 0.02, 0.03]))
    assert len(ax.patches) + len(ax.collections) >= 2
    plt.close(fig)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        gb.no_such_module  # noqa: B018
