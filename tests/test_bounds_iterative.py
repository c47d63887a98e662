"""Tests of genbounds.bounds.iterative: closed forms, an exact Gaussian instance, properties, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genbounds import bounds, information


def test_closed_forms() -> None:
    lr, M, sd = np.array([0.1, 0.2]), np.array([2.0, 1.0]), np.array([0.5, 0.4])
    relaxed = np.sum(lr**2 * M**2 / (2 * sd**2))
    assert bounds.noisy_iterative_information(lr, M, sd) == pytest.approx(relaxed)
    d = 3
    exact_form = np.sum(d / 2 * np.log(1 + lr**2 * M**2 / (d * sd**2)))
    assert bounds.noisy_iterative_information(lr, M, sd, d) == pytest.approx(exact_form)
    # constant schedule with steps=T is T times one step
    one = bounds.noisy_iterative_information(0.3, 1.5, 0.2, 7)
    assert bounds.noisy_iterative_information(0.3, 1.5, 0.2, 7, steps=11) == pytest.approx(11 * one)
    # each step is the capacity of a Gaussian channel with power lr^2 M^2 / d per coordinate, d coordinates
    cap = information.gaussian_channel_capacity(0.3**2 * 1.5**2 / 7, 0.2**2)
    assert one == pytest.approx(7 * cap)


def test_bound_is_xu_raginsky_and_matches_noisy_sgd_bound_at_depth_zero() -> None:
    lr, sd = np.full(5, 0.1), np.full(5, 0.3)
    info = bounds.noisy_iterative_information(lr, 2.0, sd, 10)
    assert bounds.noisy_iterative_bound(40, 0.5, lr, 2.0, sd, 10) == pytest.approx(bounds.xu_raginsky_bound(info, 40, 0.5))
    assert bounds.noisy_iterative_bound(40, 0.5, lr, 2.0, sd) == pytest.approx(
        bounds.noisy_sgd_bound(40, 0.5, 0, 1.0, 2.0, lr, sd)
    )


def test_gradient_noise_parametrisation_cancels_the_learning_rate() -> None:
    s = 0.7
    for lr in [0.01, 0.1, 1.0]:
        assert bounds.noisy_iterative_information(lr, 1.0, lr * s, steps=10) == pytest.approx(10 / (2 * s**2))


def test_exact_gaussian_step_is_below_the_bound() -> None:
    """One step from W_0 = 0: W_1 = a Z + xi with Z ~ N(0, tau^2 I_d); I(Z; W_1) = d/2 log(1 + a^2 tau^2 / s^2).

    The update g = -Z has E||g||^2 = d tau^2 = M^2, and the bound d/2 log(1 + a^2 M^2 / (d s^2)) is attained.
    """
    a, tau, s, d = 0.4, 1.3, 0.2, 4
    exact = d * information.gaussian_mutual_information_from_cov([[tau**2, a * tau**2], [a * tau**2, a**2 * tau**2 + s**2]], 1)
    assert exact == pytest.approx(bounds.noisy_iterative_information(a, np.sqrt(d) * tau, s, d))


@settings(max_examples=60, deadline=None)
@given(
    lr=st.lists(st.floats(0, 2), min_size=1, max_size=6),
    M=st.floats(0, 10),
    sd=st.floats(0.01, 5),
    d=st.integers(1, 1000),
)
def test_properties(lr, M, sd, d) -> None:
    lr = np.array(lr)
    exact_form = bounds.noisy_iterative_information(lr, M, sd, d)
    relaxed = bounds.noisy_iterative_information(lr, M, sd)
    assert 0 <= exact_form <= relaxed * (1 + 1e-12) + 1e-300  # log(1 + x) <= x
    assert bounds.noisy_iterative_information(lr, M, sd, d + 1) >= exact_form * (1 - 1e-12)  # increasing in d
    assert bounds.noisy_iterative_information(lr, M, 2 * sd, d) <= exact_form * (1 + 1e-12)  # more noise, less info


def test_errors() -> None:
    with pytest.raises(ValueError, match="noise_std"):
        bounds.noisy_iterative_information(0.1, 1.0, 0.0)
    with pytest.raises(ValueError, match="lr"):
        bounds.noisy_iterative_information(-0.1, 1.0, 0.1)
    with pytest.raises(ValueError, match="M"):
        bounds.noisy_iterative_information(0.1, -1.0, 0.1)
    with pytest.raises(ValueError, match="same length"):
        bounds.noisy_iterative_information([0.1, 0.2], 1.0, [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="d"):
        bounds.noisy_iterative_information(0.1, 1.0, 0.1, d=0)
    with pytest.raises(ValueError, match="steps"):
        bounds.noisy_iterative_information([0.1, 0.2], 1.0, 0.1, steps=3)
    with pytest.raises(ValueError, match="sigma"):
        bounds.noisy_iterative_bound(10, 0.0, 0.1, 1.0, 0.1)
    with pytest.raises(ValueError, match="n"):
        bounds.noisy_iterative_bound(0, 0.5, 0.1, 1.0, 0.1)


def _noisy_mean_exact(n: int, alpha: float, noise: float, tau: float, epochs: int) -> tuple[float, np.ndarray]:
    """Exact I(S; W_T) and E|g_t|^2 for W_t = (1 - a) W_{t-1} + a Z_{i_t} + noise, d = 1, cyclic order."""
    a, v = np.zeros(n), 0.0
    msq = []
    for i in np.tile(np.arange(n), epochs):
        e = np.eye(n)[i]
        msq.append(tau**2 * np.sum((a - e) ** 2) + v)
        a, v = (1 - alpha) * a + alpha * e, (1 - alpha) ** 2 * v + noise**2
    cov = np.block([[tau**2 * np.eye(n), tau**2 * a[:, None]], [tau**2 * a[None, :], np.array([[tau**2 * a @ a + v]])]])
    return information.gaussian_mutual_information_from_cov(cov, n), np.array(msq)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 6),
    alpha=st.floats(0.01, 1.0),
    noise=st.floats(0.05, 5.0),
    tau=st.floats(0.1, 5.0),
    epochs=st.integers(1, 4),
)
def test_bound_holds_on_exact_noisy_gradient_descent(n, alpha, noise, tau, epochs) -> None:
    """Noisy gradient descent for a Gaussian mean: (S, W_T) is jointly Gaussian, I is exact, M_t^2 = E g_t^2."""
    exact, msq = _noisy_mean_exact(n, alpha, noise, tau, epochs)
    bound = bounds.noisy_iterative_information(alpha, np.sqrt(msq), noise, 1)
    assert exact <= bound * (1 + 1e-9) + 1e-12


def _conditional_variances(n: int, alpha: float, noise: float, tau: float, epochs: int) -> np.ndarray:
    """E Var(g_t | W_1..W_{t-1}) for the same algorithm, written as a linear map of independent standard
    normals (the n data points and the T noises), by least-squares projection (no recursion for the noise)."""
    order = np.tile(np.arange(n), epochs)
    T = order.size
    # rows: W_1..W_T as coefficients on (Z_1..Z_n, xi_1..xi_T), each of unit variance after scaling
    coef = np.zeros((T + 1, n + T))
    for t, i in enumerate(order, start=1):
        coef[t] = (1 - alpha) * coef[t - 1]
        coef[t, i] += alpha * tau
        coef[t, n + t - 1] += noise
    out = []
    for t, i in enumerate(order, start=1):
        z_i = np.zeros(n + T)
        z_i[i] = tau
        past = coef[1:t]  # W_1..W_{t-1}; W_0 = 0 is fixed
        if past.shape[0] == 0:
            out.append(tau**2)
            continue
        # the part of Z_i explained by the past iterates: projection onto their span
        beta, *_ = np.linalg.lstsq(past.T, z_i, rcond=None)
        resid = z_i - past.T @ beta
        out.append(float(resid @ resid))  # g_t = W_{t-1} - Z_{i_t}: W_{t-1} is known given the past
    return np.array(out)


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 5),
    alpha=st.floats(0.05, 1.0),
    noise=st.floats(0.05, 5.0),
    tau=st.floats(0.1, 5.0),
    epochs=st.integers(1, 3),
)
def test_conditional_variance_version_lies_between_exact_and_second_moment(n, alpha, noise, tau, epochs) -> None:
    """The refinement with E||g_t - E[g_t | history]||^2 in place of E||g_t||^2 (chapter 8): still a bound."""
    exact, msq = _noisy_mean_exact(n, alpha, noise, tau, epochs)
    cvar = _conditional_variances(n, alpha, noise, tau, epochs)
    refined = bounds.noisy_iterative_information(alpha, np.sqrt(cvar), noise, 1)
    assert np.all(cvar <= msq * (1 + 1e-9) + 1e-12)
    assert exact <= refined * (1 + 1e-7) + 1e-9
    assert refined <= bounds.noisy_iterative_information(alpha, np.sqrt(msq), noise, 1) * (1 + 1e-12)


def test_conditional_variance_removes_the_large_noise_floor() -> None:
    """As the noise grows, E||g_t||^2 grows like sigma^2 (the floor) but the conditional variance stays below tau^2."""
    exact, msq = _noisy_mean_exact(4, 0.3, 100.0, 1.0, 2)
    cvar = _conditional_variances(4, 0.3, 100.0, 1.0, 2)
    second = bounds.noisy_iterative_information(0.3, np.sqrt(msq), 100.0, 1)
    refined = bounds.noisy_iterative_information(0.3, np.sqrt(cvar), 100.0, 1)
    assert np.all(cvar <= 1.0 + 1e-12) and second > 0.4 and refined < 1e-3 and exact <= refined
