"""Tests of genbounds.ghost.gap: ghost-sample gap estimates against closed forms and exact computations."""

from __future__ import annotations

import numpy as np
import pytest

from genbounds import ghost, information
from genbounds.gibbs import GibbsProblem

S, MU = 1.5, 0.3  # Gaussian location: Z ~ N(MU, S^2)


def gauss_sample(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    return rng.normal(MU, S, size=shape)


def mean_fit(data: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return data.mean(axis=-1)


def squared_loss(w: np.ndarray, data: np.ndarray) -> np.ndarray:
    return (np.asarray(w)[..., None] - data) ** 2


@pytest.mark.parametrize("batched", [True, False])
def test_gaussian_location_gap_is_two_s2_over_n(batched: bool) -> None:
    """W = mean(S), squared loss: E R(W) = s^2 (1 + 1/n), E R_S(W) = s^2 (1 - 1/n), gap 2 s^2 / n."""
    n = 5
    trials = 40_000 if batched else 4_000
    est = ghost.expected_gap(
        gauss_sample, mean_fit, squared_loss, n, trials, np.random.default_rng(0), ghost_size=50, batched=batched
    )
    assert est.agrees_with(2 * S**2 / n, k=3.5)
    assert est.standard_error < 0.2 * 2 * S**2 / n  # the check has power
    assert not est.agrees_with(2 * S**2 / n * 1.5, k=3.5)


def test_exact_risk_replaces_the_ghost_and_lowers_the_variance() -> None:
    n, trials = 4, 20_000
    rng = np.random.default_rng(1)
    exact = ghost.expected_gap(
        gauss_sample, mean_fit, squared_loss, n, trials, rng, risk=lambda w: S**2 + (w - MU) ** 2, batched=True
    )
    ghosted = ghost.expected_gap(gauss_sample, mean_fit, squared_loss, n, trials, rng, batched=True)
    assert exact.agrees_with(2 * S**2 / n)
    assert exact.standard_error < ghosted.standard_error
    np.testing.assert_allclose(exact.gaps, exact.test - exact.train)


def test_least_squares_gap_matches_the_closed_form() -> None:
    """OLS with d Gaussian features, noise s2: E R = s2 (1 + d/(n-d-1)), E R_S = s2 (n-d)/n."""
    d, n, s2 = 3, 12, 0.5

    def sample(shape: tuple[int, ...], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        x = rng.normal(size=(*shape, d))
        return x, x @ np.array([1.0, -2.0, 0.5]) + rng.normal(0, np.sqrt(s2), size=shape)

    def fit(data: tuple[np.ndarray, np.ndarray], rng: np.random.Generator) -> np.ndarray:
        x, y = data
        xtx = np.einsum("tni,tnj->tij", x, x)
        return np.linalg.solve(xtx, np.einsum("tni,tn->ti", x, y)[..., None])[..., 0]

    def loss(w: np.ndarray, data: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        x, y = data
        return (np.einsum("tni,ti->tn", x, w) - y) ** 2

    est = ghost.expected_gap(sample, fit, loss, n, 30_000, np.random.default_rng(2), ghost_size=40, batched=True)
    assert est.agrees_with(s2 * (d / (n - d - 1) + d / n), k=3.5)


def _gibbs() -> GibbsProblem:
    return GibbsProblem(np.array([0.5, 0.3, 0.2]), np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5], [0.4, 0.4, 0.4]]))


def test_gibbs_gap_by_ghost_and_by_supersample() -> None:
    problem, n, beta = _gibbs(), 6, 3.0
    exact = problem.exact(n, beta).expected_gap[0]

    def sample(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        return rng.choice(3, size=shape, p=problem.pz)

    def fit(data: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        return problem.fit(np.atleast_2d(data), beta, rng)

    def loss(w: np.ndarray, data: np.ndarray) -> np.ndarray:
        return problem.loss[np.asarray(w).reshape(-1, 1), np.atleast_2d(data)].reshape(np.shape(data))

    est = ghost.expected_gap(sample, fit, loss, n, 20_000, np.random.default_rng(3), ghost_size=30, batched=True)
    assert est.agrees_with(exact)
    looped = ghost.expected_gap(sample, fit, loss, n, 2_000, np.random.default_rng(4), risk=lambda w: problem.risks[w])
    assert looped.agrees_with(exact)
    ss = ghost.supersample(sample, fit, loss, n, 400, 20, np.random.default_rng(5), batched=True)
    assert ss.losses.shape == (400, 20, n, 2)
    assert ss.gap().agrees_with(exact)


def test_supersample_training_examples_are_the_selected_ones() -> None:
    """A learner that memorises its sample: loss 0 on the selected member of each pair."""

    def sample(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        return rng.random(shape)

    def fit(data: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        return np.array(data)

    def loss(model: np.ndarray, data: np.ndarray) -> np.ndarray:
        return 1.0 - np.isin(data, model).astype(float)

    ss = ghost.supersample(sample, fit, loss, 7, 3, 5, np.random.default_rng(6), predict=loss)
    train, test = ss.train_test()
    assert (train == 0).all() and (test == 1).all()
    # the memoriser's output on pair i reveals U_i completely: I = H(U_i) = log 2 when both values occur
    mi = ss.pair_mutual_information()
    both = (ss.selectors.min(axis=1) == 0) & (ss.selectors.max(axis=1) == 1)
    p = ss.selectors.mean(axis=1)
    h = -(p * np.log(np.where(p > 0, p, 1)) + (1 - p) * np.log(np.where(p < 1, 1 - p, 1)))
    np.testing.assert_allclose(mi[both], h[both], atol=1e-12)
    assert (mi[~both] == 0).all()


def test_pair_mutual_information_is_the_plug_in_estimate() -> None:
    rng = np.random.default_rng(7)
    k1, k2, n = 2, 50, 3
    u = rng.integers(0, 2, size=(k1, k2, n))
    values = np.stack([u * rng.integers(0, 2, size=u.shape), rng.integers(0, 2, size=u.shape)], axis=3)
    mi = ghost.pair_mutual_information(values, u)
    for a in range(k1):
        for i in range(n):
            code = values[a, :, i, 0] * 2 + values[a, :, i, 1]
            table = np.zeros((4, 2))
            np.add.at(table, (code, u[a, :, i]), 1.0 / k2)
            assert mi[a, i] == pytest.approx(information.mutual_information(table), abs=1e-12)


def test_errors() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="trials"):
        ghost.expected_gap(gauss_sample, mean_fit, squared_loss, 3, 1, rng)
    with pytest.raises(ValueError, match="fit"):
        ghost.expected_gap(gauss_sample, None, squared_loss, 3, 5, rng)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rng"):
        ghost.expected_gap(gauss_sample, mean_fit, squared_loss, 3, 5, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ghost_size"):
        ghost.expected_gap(gauss_sample, mean_fit, squared_loss, 3, 5, rng, ghost_size=0)
    with pytest.raises(ValueError, match="loss"):
        ghost.expected_gap(gauss_sample, mean_fit, lambda w, d: np.zeros(2), 3, 5, rng)
    with pytest.raises(ValueError, match="n_selectors"):
        ghost.supersample(gauss_sample, mean_fit, squared_loss, 3, 2, 0, rng)
    with pytest.raises(ValueError, match="selectors"):
        ghost.pair_mutual_information(np.zeros((1, 2, 3, 2)), np.full((1, 2, 3), 2))
    with pytest.raises(ValueError, match="values"):
        ghost.pair_mutual_information(np.zeros((1, 2, 3)), np.zeros((1, 2, 3)))


def test_standard_error_is_calibrated() -> None:
    """Over many independent runs, (estimate - exact) / SE is approximately standard normal."""
    rng = np.random.default_rng(8)
    n, exact = 4, 2 * S**2 / 4
    z = np.array(
        [
            (e.mean - exact) / e.standard_error
            for e in (
                ghost.expected_gap(gauss_sample, mean_fit, squared_loss, n, 400, rng, ghost_size=10, batched=True)
                for _ in range(300)
            )
        ]
    )
    assert abs(z.mean()) < 4 / np.sqrt(300)
    assert 0.85 < z.std() < 1.15
    assert np.mean(np.abs(z) < 1.96) == pytest.approx(0.95, abs=0.04)


@pytest.mark.parametrize("k2", [40, 100])
def test_pair_mutual_information_bias_is_about_cells_over_2k2(k2: int) -> None:
    """Outputs independent of U, uniform on 4 values: E I_hat ~ (4 - 1)(2 - 1) / (2 k2) (first order)."""
    rng = np.random.default_rng(9)
    u = rng.integers(0, 2, size=(40, k2, 50))
    values = rng.integers(0, 2, size=(40, k2, 50, 2))
    mi = ghost.pair_mutual_information(values, u)
    assert mi.mean() == pytest.approx(3 / (2 * k2), rel=0.15)
    assert (mi >= 0).all()
