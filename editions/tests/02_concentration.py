"""Autograder tests of chapter 2's exercises, keyed by exercise label (format: editions/tests/README.md)."""

TESTS = {
    "ex-ch2-chebyshev": dict(
        names="t_c, sigma_c (with sigma_c <= t_c), var_c and tail_c (variance and tail of your three-atom variable)",
        visible="assert np.ndim(var_c) == 0 and np.ndim(tail_c) == 0",
        hidden="""
assert 0 < sigma_c <= t_c
assert np.isclose(var_c, sigma_c**2, rtol=1e-9) and np.isclose(tail_c, sigma_c**2 / t_c**2, rtol=1e-9)
""",
        wrong="tail_c = tail_c / 2",
    ),
    "ex-ch2-gaussian": dict(
        names="sigma_g = 1, n_g = 10, t_g (an array containing 1.0), numeric (the optimised bound), closed "
              "(the closed form) and exact_g (the exact tail), each at t_g",
        visible="assert np.shape(numeric) == np.shape(closed) == np.shape(exact_g) == np.shape(t_g)",
        hidden="""
from scipy import stats as _stats
t_t = np.asarray(t_g, float)
assert sigma_g == 1 and n_g == 10 and np.any(np.isclose(t_t, 1.0))
assert np.allclose(closed, np.exp(-n_g * t_t**2 / (2 * sigma_g**2)), rtol=1e-9)
assert np.allclose(numeric, closed, rtol=1e-6)
assert np.allclose(exact_g, _stats.norm.sf(t_t, scale=sigma_g / np.sqrt(n_g)), rtol=1e-9)
""",
        wrong="exact_g = stats.norm.sf(t_g, scale=sigma_g)",
    ),
    "ex-ch2-bernstein": dict(
        names="eps_b (the deviations), bernstein, hoeffding_b and exact_bern (the three tails at eps_b)",
        visible="assert np.shape(bernstein) == np.shape(hoeffding_b) == np.shape(exact_bern) == np.shape(eps_b)",
        hidden="""
e_t, p_t, n_t = np.asarray(eps_b, float), 0.02, 1000
assert e_t.min() >= 0.005 - 1e-12 and e_t.max() <= 0.05 + 1e-12 and e_t.size >= 10
assert np.allclose(hoeffding_b, np.exp(-2 * n_t * e_t**2), rtol=1e-9)
forms = [np.exp(-n_t * e_t**2 / (2 * (p_t * (1 - p_t) + c * e_t / 3))) for c in (1 - p_t, 1.0)]
assert any(np.allclose(bernstein, f, rtol=1e-9) for f in forms)  # c = 1 - p or the cruder c = 1
assert np.allclose(exact_bern, gb.concentration.binomial_tail(n_t, p_t, e_t), rtol=1e-9)
assert np.all(exact_bern <= bernstein) and np.all(bernstein < hoeffding_b)
""",
        wrong="bernstein = np.asarray(hoeffding_b).copy()",
    ),
    "ex-ch2-nonmonotone": dict(
        names="tail_all (the exact two-sided tail for n = 1..200) and pairs (a list of (n, n + 1) where the "
              "tail is at most delta at n and above it at n + 1)",
        visible="assert len(tail_all) == 200 and len(pairs) >= 1",
        hidden="""
exact_t = gb.concentration.binomial_two_sided_tail(np.arange(1, 201), 0.5, 0.1)
assert np.allclose(tail_all, exact_t, rtol=1e-9)
assert all(b == a + 1 and exact_t[a - 1] <= 0.05 < exact_t[b - 1] for a, b in pairs)
""",
        wrong="pairs = [(a, b + 1) for a, b in pairs]",
    ),
    "ex-ch2-pinsker": dict(
        names="pp, ee (the grid of p and eps), valid (p + eps <= 1), ratio_kl (kl / (2 eps^2) on the grid) and "
              "j_min (the index of its minimum among the valid points)",
        visible="assert np.shape(ratio_kl) == np.shape(valid)",
        hidden="""
r_t = np.asarray(ratio_kl)[np.asarray(valid)]
assert r_t.size > 1000 and r_t.min() >= 1.0
assert int(j_min) == int(np.argmin(r_t)) and abs(np.asarray(pp)[np.asarray(valid)][j_min] - 0.5) < 0.02
""",
        wrong="j_min = int(np.argmax(ratio_kl[valid]))",
    ),
    "ex-ch2-subgaussian": dict(
        names="abs_max (max_i |Z_i| for each of your simulated samples of N = 1000 standard Gaussians) and "
              "bound_abs (the bound sqrt(2 log 2N))",
        visible="assert np.ndim(abs_max) == 1 and np.ndim(bound_abs) == 0",
        hidden="""
a_t = np.asarray(abs_max)
assert a_t.size >= 1000 and 3.0 < a_t.mean() < 3.5  # E max |Z_i| is about 3.2 for N = 1000
assert np.isclose(bound_abs, np.sqrt(2 * np.log(2 * 1000)), rtol=1e-9)
assert a_t.mean() + 4 * a_t.std() / np.sqrt(a_t.size) < bound_abs
""",
        wrong="bound_abs = np.sqrt(2 * np.log(1000)) / 2",
        written_points=2,
        rubric="""Full marks (2): (a) Hoeffding's lemma makes each centred $X_i$ $(b-a)/2$-sub-Gaussian, the sum of
independent sub-Gaussians is sub-Gaussian with the variances added, and the sub-Gaussian tail bound gives the
inequality; (b) $\\max_i |X_i| = \\max$ over the $2N$ variables $\\pm X_i$, Jensen on $e^{\\lambda \\max}$, the sum bound
and the optimal $\\lambda$; (c) the simulation, and the one-sided maximum needs only $N$ variables. One point: two
of the three parts. Zero: independence assumed in (b) where it is not needed and the bound derived wrongly.""",
    ),
}
