"""Autograder tests of chapter 4's exercises, keyed by exercise label (format: editions/tests/README.md)."""

TESTS = {
    "ex-ch4-mi-le-h": dict(
        names="p_rand (a random joint pmf, rows x, columns y) and p_fn (a joint pmf in which X is a function of "
              "Y, with I(X; Y) = H(X))",
        visible="assert np.ndim(p_fn) == 2 and np.ndim(p_rand) == 2",
        hidden="""
p_t = np.asarray(p_fn, float)
assert np.isclose(p_t.sum(), 1) and np.all(p_t >= 0)
assert np.all((p_t > 0).sum(axis=0) <= 1)  # each y determines x
h_t = lambda q: -np.sum(q[q > 0] * np.log(q[q > 0]))
assert abs(h_t(p_t.sum(1)) + h_t(p_t.sum(0)) - h_t(p_t.ravel()) - h_t(p_t.sum(1))) < 1e-10  # I = H(X)
assert h_t(p_t.sum(1)) > 0.1  # not a constant X
r_t = np.asarray(p_rand, float)
i_r = h_t(r_t.sum(1)) + h_t(r_t.sum(0)) - h_t(r_t.ravel())
assert np.isclose(r_t.sum(), 1) and i_r <= min(h_t(r_t.sum(1)), h_t(r_t.sum(0))) + 1e-12
""",
        wrong="p_fn = np.full((3, 4), 1 / 12)",
    ),
    "ex-ch4-conditioning": dict(
        names="copy (a joint pmf of (X, Y, Z), shape (2, 2, 2), with I(X; Y | Z) < I(X; Y))",
        visible="assert np.shape(copy) == (2, 2, 2)",
        hidden="""
c_t = np.asarray(copy, float)
assert np.isclose(c_t.sum(), 1) and np.all(c_t >= 0)
assert info.conditional_mutual_information(c_t) < info.mutual_information(c_t.sum(2)) - 1e-6
""",
        wrong="copy = np.full((2, 2, 2), 1 / 8)",
    ),
    "ex-ch4-sufficient": dict(
        names="merge(p, j, k) (the pmf with outputs j and k merged into the first column), p_same (two outputs "
              "with equal conditionals) and p_diff (different conditionals)",
        visible="assert callable(merge)",
        hidden="""
q_t = np.arange(1.0, 13.0).reshape(3, 4) / 78
m_t = merge(q_t, 1, 3)
assert m_t.shape == (3, 3) and np.isclose(m_t.sum(), 1)
assert np.allclose(np.sort(m_t.sum(0)), np.sort([q_t[:, 1].sum() + q_t[:, 3].sum(), q_t[:, 0].sum(), q_t[:, 2].sum()]))
assert abs(info.mutual_information(p_same) - info.mutual_information(merge(p_same, 0, 1))) < 1e-12
assert info.mutual_information(merge(p_diff, 0, 1)) < info.mutual_information(p_diff) - 1e-6
""",
        wrong="""
def merge(p, j, k):
    return p[:, [c for c in range(p.shape[1]) if c != k]]
""",
    ),
    "ex-ch4-plugin-bias": dict(
        names="exact_bias (the exact bias of the plug-in entropy of p = (0.5, 0.3, 0.2) at n = 100, the last "
              "value of your loop)",
        visible="assert np.ndim(exact_bias) == 0",
        hidden="""
assert exact_bias < 0 and abs(exact_bias / (-1 / 100) - 1) < 0.05
assert abs(exact_bias - (-0.0098)) < 3e-4
""",
        wrong="exact_bias = -exact_bias",
    ),
    "ex-ch4-bec": dict(
        names="cap_be (the capacity from Blahut-Arimoto, in nats) and guess (your closed form), for e = 0.2, "
              "eps = 0.1",
        visible="assert np.ndim(cap_be) == 0 and np.ndim(guess) == 0",
        hidden="""
q_t = 0.1 / 0.8
truth_t = 0.8 * (np.log(2) + q_t * np.log(q_t) + (1 - q_t) * np.log(1 - q_t))
assert abs(cap_be - truth_t) < 1e-8 and abs(guess - truth_t) < 1e-10
""",
        wrong="cap_be = (1 - e) * LOG2",
    ),
    "ex-ch4-invariance": dict(
        names="ksg_before, ksg_after, bin_before, bin_after (the two estimates of I(X; Y) before and after "
              "the monotone maps)",
        visible="assert all(np.ndim(v) == 0 for v in (ksg_before, ksg_after, bin_before, bin_after))",
        hidden="""
truth_t = -0.5 * np.log(1 - 0.49)
assert abs(ksg_before - truth_t) < 0.05 and abs(ksg_after - ksg_before) < 0.05
assert abs(bin_after - bin_before) > 0.05
""",
        wrong="ksg_after = bin_after",
    ),
    "ex-ch4-gibbs-variational": dict(
        names="pi_h, g_h (a random prior and function), free_energy (-log E_pi e^(-g)), pi_g (the Gibbs pmf), "
              "at_gibbs (the objective at pi_g) and objective (the objective at many random Q)",
        visible="assert np.ndim(objective) == 1 and np.ndim(free_energy) == 0",
        hidden="""
p_t, g_t, q_t = np.asarray(pi_h), np.asarray(g_h), np.asarray(pi_g)
assert np.isclose(free_energy, -np.log(p_t @ np.exp(-g_t)), rtol=1e-12)
assert np.isclose(q_t.sum(), 1) and np.allclose(q_t, p_t * np.exp(-g_t) / (p_t @ np.exp(-g_t)))
assert abs(q_t @ g_t + info.kl_divergence(q_t, p_t) - free_energy) < 1e-12
assert np.size(objective) >= 100 and np.min(objective) > free_energy
""",
        wrong="pi_g = np.asarray(pi_h).copy()",
        written_points=2,
        rubric="""Full marks (2): $\\E_Q g + \\KL(Q\\|\\pi) = \\KL(Q\\|\\pi_g) - \\log \\E_\\pi e^{-g}$
(expand $\\log(Q/\\pi_g)$ with $\\pi_g = \\pi e^{-g}/\\E_\\pi e^{-g}$),
then $\\KL \\ge 0$ with equality iff $Q = \\pi_g$ (Gibbs' inequality), with the support of $Q$ inside that of $\\pi$ handled.
One point: the identity without the equality case. Zero: Jensen in the
wrong direction.""",
    ),
}
