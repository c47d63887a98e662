"""Autograder tests of chapter 3's exercises, keyed by exercise label (format: editions/tests/README.md)."""

TESTS = {
    "ex-ch3-intervals": dict(
        names="x_ex (seven points) and labs (the dichotomies realised by intervals on them, one row each)",
        visible="assert np.ndim(labs) == 2 and len(x_ex) == 7",
        hidden="""
labs_t = np.unique(np.asarray(labs, int), axis=0)
assert labs_t.shape == (gb.complexity.sauer_bound(2, 7), 7) == (7 * 8 // 2 + 1, 7)
order = np.argsort(np.asarray(x_ex))
for row in labs_t[:, order]:  # each realised labelling is an interval of ones in sorted order
    ones = np.flatnonzero(row)
    assert ones.size == 0 or np.all(row[ones[0]:ones[-1] + 1] == 1)
""",
        wrong="labs = labs[:-1]",
    ),
    "ex-ch3-xor": dict(
        names="realised (the set of labellings of the square's corners realised by half-planes, as tuples) "
              "and all_labs (the 16 labellings)",
        visible="assert isinstance(realised, set) and len(all_labs) == 16",
        hidden="assert sorted(set(all_labs) - set(realised)) == [(0, 1, 0, 1), (1, 0, 1, 0)]",
        wrong="realised = set(realised) | {(1, 0, 1, 0)}",
    ),
    "ex-ch3-sample-size": dict(
        names="n_needed (for |H| = 10^6, eps = 0.02, delta = 0.01) and n_one (for a single hypothesis)",
        visible="assert isinstance(n_needed, (int, np.integer)) and isinstance(n_one, (int, np.integer))",
        hidden="""
fcb = gb.bounds.finite_class_bound
assert fcb(10**6, n_needed, 0.01) <= 0.02 < fcb(10**6, n_needed - 1, 0.01)
assert fcb(1, n_one, 0.01) <= 0.02 < fcb(1, n_one - 1, 0.01)
""",
        wrong="n_needed = n_needed + 1",
    ),
    "ex-ch3-rebalance": dict(
        names="Ws_ex (the weights of a network), geo (the geometric mean of their norms) and balanced "
              "(the rebalanced weights, every layer of norm geo)",
        visible="assert len(balanced) == len(Ws_ex)",
        hidden="""
norms_t = np.array([W.norm().item() for W in Ws_ex])
assert np.isclose(geo, np.exp(np.log(norms_t).mean()), rtol=1e-6)
assert np.allclose([W.norm().item() for W in balanced], geo, rtol=1e-4)
with torch.no_grad():
    assert torch.allclose(forward(Ws_ex, X_te), forward(balanced, X_te), rtol=1e-4, atol=1e-6)
""",
        wrong="balanced = [W * (geo / W.norm().item()) ** 0.5 for W in Ws_ex]",
    ),
    "ex-ch3-linear": dict(
        written_points=2,
        rubric="""Full marks (2): $\\sup_{\\|w\\| \\le B} w^\\top v = B\\|v\\|$ (Cauchy-Schwarz, attained) gives the equality
with $v = \\sum_i \\sigma_i x_i$; Jensen ($\\E\\|v\\| \\le \\sqrt{\\E\\|v\\|^2}$) and $\\E\\sigma_i\\sigma_j = \\ind[i = j]$
give the bound; near-equality when $\\|v\\|$ hardly varies with the signs (for example orthogonal $x_i$ of equal norm, or
$n = 1$). One point: the bound without the equality step, or Jensen used in the wrong direction. Zero: the
supremum is taken inside the expectation without justification.""",
    ),
    "ex-ch3-sauer": dict(
        names="labs8 (the halfplane labelings of 8 points), rest (their restrictions to the first 7 points), both "
              "(the restrictions that extend in both ways) and rest7 (the labelings of the first 7 points)",
        visible="assert isinstance(rest, set) and isinstance(both, set)",
        hidden="""
rows_t = {tuple(r) for r in np.asarray(labs8).astype(int)}
assert len(rows_t) == len(labs8) == len(rest) + len(both) and len(rest) == len(rest7)
assert both == {b for b in rest if b + (0,) in rows_t and b + (1,) in rows_t}
sb = gb.complexity.sauer_bound
assert len(rest) <= sb(3, 7) and len(both) <= sb(2, 7) and len(labs8) <= sb(3, 8)
""",
        wrong="both = set(list(both)[:-1])",
        written_points=2,
        rubric="""Full marks (2): induction on $n$ (and $d$): $|\\cH_{x_1..x_n}| = |H_1| + |H_2|$ with $H_1$ the restrictions to
$x_1..x_{n-1}$ and $H_2$ those that extend both ways; $H_1$ has VC dimension $\\le d$ and $H_2$ has VC dimension
$\\le d - 1$ (a set shattered by $H_2$ plus $x_n$ is shattered by the class); Pascal's rule
$\\Phi_d(n-1) + \\Phi_{d-1}(n-1) = \\Phi_d(n)$ closes the induction. One point: the split without the VC dimension of
$H_2$. Zero: counts without the induction.""",
    ),
}
