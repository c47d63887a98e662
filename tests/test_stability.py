"""Tests of genbounds.ghost.stability: eq. (50) exactly (brute force, Gibbs types) and by Monte Carlo."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from genbounds import ghost
from genbounds.gibbs import GibbsProblem


def _mean_fit(x, y):
    return x.mean(axis=1)  # (B,)


def _sq_loss(w, x, y):
    return (x - w[:, None]) ** 2


def test_mean_estimator_gap_closed_form():
    """Sample mean, squared loss: E[R - R_S] = 2 sigma^2 / n; both sides of eq. (50) estimate it."""
    rng = np.random.default_rng(0)
    trials, n, s = 4000, 5, 1.5
    x, xg = rng.normal(0, s, size=(trials, n)), rng.normal(0, s, size=(trials, n))
    est = ghost.replace_one_stability(_mean_fit, _sq_loss, x, np.zeros_like(x), xg, np.zeros_like(xg))
    truth = 2 * s**2 / n
    assert abs(est.stability - truth) < 4 * est.stability_se
    assert abs(est.gap - truth) < 4 * est.gap_se
    assert est.stability_se > 0 and est.gap_se > 0


def _ridge_fit(x, y, lam=0.5):
    d = x.shape[-1]
    A = np.einsum("bni,bnj->bij", x, x) + lam * np.eye(d)
    return np.linalg.solve(A, np.einsum("bni,bn->bi", x, y)[..., None])[..., 0]


def _ridge_loss(w, x, y):
    return (np.einsum("bni,bi->bn", x, w) - y) ** 2


def test_ridge_replaced_models_are_refits():
    """The W^i of the function are the fits on the replaced samples (checked on one trial by a loop)."""
    rng = np.random.default_rng(1)
    trials, n, d = 2, 4, 3
    x, xg = rng.normal(size=(trials, n, d)), rng.normal(size=(trials, n, d))
    y, yg = rng.normal(size=(trials, n)), rng.normal(size=(trials, n))
    est = ghost.replace_one_stability(_ridge_fit, _ridge_loss, x, y, xg, yg)
    total = []
    for t in range(trials):
        w = _ridge_fit(x[t : t + 1], y[t : t + 1])[0]
        terms = []
        for i in range(n):
            xi, yi = x[t].copy(), y[t].copy()
            xi[i], yi[i] = xg[t, i], yg[t, i]
            wi = _ridge_fit(xi[None], yi[None])[0]
            terms.append((xg[t, i] @ w - yg[t, i]) ** 2 - (xg[t, i] @ wi - yg[t, i]) ** 2)
        total.append(np.mean(terms))
    assert est.stability == pytest.approx(np.mean(total))


def test_ridge_monte_carlo_sides_agree():
    rng = np.random.default_rng(2)
    trials, n, d = 3000, 8, 3
    beta = np.array([1.0, -0.5, 0.25])

    def draw():
        x = rng.normal(size=(trials, n, d))
        return x, x @ beta + 0.5 * rng.normal(size=(trials, n))

    (x, y), (xg, yg) = draw(), draw()
    est = ghost.replace_one_stability(_ridge_fit, _ridge_loss, x, y, xg, yg)
    diff = est.stability - est.gap
    assert abs(diff) < 4 * np.hypot(est.stability_se, est.gap_se)
    assert est.gap > 0


def _gibbs_posterior_tensor(problem: GibbsProblem, n: int, beta: float) -> np.ndarray:
    m = problem.m
    seqs = np.array(list(itertools.product(range(m), repeat=n)))
    counts = np.stack([(seqs == z).sum(axis=1) for z in range(m)], axis=1)
    return problem.posterior(counts, beta).reshape((m,) * n + (-1,))


def test_exact_identity_on_gibbs_matches_types_computation():
    pz = np.array([0.5, 0.3, 0.2])
    loss = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0], [0, 0, 1.0]])
    problem = GibbsProblem(pz, loss)
    n, beta = 4, 2.0
    post = _gibbs_posterior_tensor(problem, n, beta)
    est = ghost.replace_one_stability_exact(post, loss, pz)
    gap_types = float(problem.exact(n, beta).expected_gap[0])
    assert est.stability == pytest.approx(gap_types, abs=1e-12)
    assert est.gap == pytest.approx(gap_types, abs=1e-12)
    assert est.stability_se == 0 and est.gap_se == 0


def test_exact_identity_brute_force_loop_asymmetric_algorithm():
    """An algorithm that is not symmetric in the sample (it looks at Z_1 only): the identity still holds."""
    m, n = 2, 3
    pz = np.array([0.7, 0.3])
    loss = np.array([[0.0, 1.0], [1.0, 0.0]])
    post = np.zeros((m,) * n + (2,))
    for s in itertools.product(range(m), repeat=n):
        post[s + (s[0],)] = 0.8
        post[s + (1 - s[0],)] = 0.2
    est = ghost.replace_one_stability_exact(post, loss, pz)
    # brute force of the left-hand side of eq. (50)
    risk = loss @ pz
    lhs = 0.0
    for s in itertools.product(range(m), repeat=n):
        ps = np.prod(pz[list(s)])
        for i in range(n):
            for z in range(m):
                si = list(s)
                si[i] = z
                lhs += ps * pz[z] * (post[s] @ loss[:, z] - post[tuple(si)] @ loss[:, z]) / n
    train = sum(
        np.prod(pz[list(s)]) * np.mean([post[s] @ loss[:, s[i]] for i in range(n)]) for s in itertools.product(range(m), repeat=n)
    )
    test = sum(np.prod(pz[list(s)]) * post[s] @ risk for s in itertools.product(range(m), repeat=n))
    assert est.stability == pytest.approx(lhs, abs=1e-12)
    assert est.gap == pytest.approx(test - train, abs=1e-12)
    assert est.gap == pytest.approx(est.stability, abs=1e-12)


def test_errors():
    x = np.zeros((3, 2))
    with pytest.raises(ValueError, match="x"):
        ghost.replace_one_stability(_mean_fit, _sq_loss, np.zeros((1, 2)), np.zeros((1, 2)), np.zeros((1, 2)), np.zeros((1, 2)))
    with pytest.raises(ValueError, match="y"):
        ghost.replace_one_stability(_mean_fit, _sq_loss, x, np.zeros((3, 3)), x, x)
    with pytest.raises(ValueError, match="x_ghost"):
        ghost.replace_one_stability(_mean_fit, _sq_loss, x, x, np.zeros((3, 3)), x)
    pz = np.array([0.5, 0.5])
    with pytest.raises(ValueError, match="pz"):
        ghost.replace_one_stability_exact(np.full((2, 2, 2), 0.5), np.eye(2), [0.5, 0.6])
    with pytest.raises(ValueError, match="loss"):
        ghost.replace_one_stability_exact(np.full((2, 2, 2), 0.5), np.eye(3), pz)
    with pytest.raises(ValueError, match="posterior"):
        ghost.replace_one_stability_exact(np.full((2, 3, 2), 0.5), np.eye(2), pz)
    with pytest.raises(ValueError, match="posterior"):
        ghost.replace_one_stability_exact(np.full((2, 2, 2), 0.7), np.eye(2), pz)
