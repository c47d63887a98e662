"""Autograder tests of chapter 6's exercises, keyed by exercise label (format: editions/tests/README.md)."""

TESTS = {
    "ex-ch6-bsc": dict(
        names="etas (eta_chi2 of the binary symmetric channel with delta = 0.2 for the inputs (0.5, 0.5), "
              "(0.7, 0.3), (0.9, 0.1), in this order)",
        bind="etas = np.array([sdpi.eta_chi2(K, [1 - a, a]) for a in [0.5, 0.3, 0.1]])",
        visible="assert np.shape(etas) == (3,)",
        hidden="""
assert abs(etas[0] - (1 - 2 * 0.2) ** 2) < 1e-9
assert etas[2] < etas[1] < etas[0] + 1e-12
""",
        wrong="etas = np.sqrt(etas)",
    ),
    "ex-ch6-bec": dict(
        names="ratios (KL contraction ratios of the binary erasure channel with eps = 0.35, for random pairs)",
        visible="assert len(ratios) >= 3",
        hidden="assert np.allclose(ratios, 1 - 0.35, rtol=1e-8)",
        wrong="ratios = 0.9 * np.asarray(ratios)",
    ),
    "ex-ch6-submult": dict(
        names="submult_excess (the largest value of eta_TV(K1 K2) - eta_TV(K1) eta_TV(K2) over your random "
              "draws)",
        bind="submult_excess = worst",
        visible="assert np.ndim(submult_excess) == 0",
        hidden="assert -1 <= submult_excess <= 1e-12",
        wrong="submult_excess = 0.01",
    ),
    "ex-ch6-direction": dict(
        names="flat (the toy network of the chapter with beta = 0, one layer)",
        visible="assert 'info_k' in flat and 'gap' in flat",
        hidden="""
assert np.allclose(flat["info_k"], 0.0, atol=1e-12) and abs(flat["gap"]) < 1e-12
""",
        wrong="flat = toy_network([N_layer], beta=1.0)",
    ),
    "ex-ch6-jensen": dict(
        names="draws (300 x 6 contraction coefficients), eta_16 (eq. (16) on them) and mean_geo (the average "
              "geometric mean of the rows)",
        visible="assert np.shape(draws) == (300, 6)",
        hidden="""
d_t = np.asarray(draws)
assert np.isclose(eta_16, gb.bounds.geometric_mean_eta(d_t), rtol=1e-9)
assert np.isclose(mean_geo, np.mean(np.prod(d_t, axis=1) ** (1 / 6)), rtol=1e-9)
assert eta_16 >= mean_geo
""",
        wrong="mean_geo = eta_16 + 0.01",
    ),
    "ex-ch6-deterministic": dict(
        written_points=2,
        rubric="""Full marks (2): with $p = \\delta_a$ and $q = \\delta_b$ (or any $p \\ne q$ on $\\{a, b\\}$) the outputs
$pK_f$ and $qK_f$ are supported on $f(a) \\ne f(b)$ with the same masses, so $\\KL(pK_f \\| qK_f) = \\KL(p \\| q)$ and the
supremum defining $\\eta_{KL}$ is at least 1 (and at most 1 by data processing); says that nothing is needed
elsewhere: only the two points matter. One point: the ratio is computed for one pair without noting that
$\\eta \\le 1$ always, or with point masses whose KL is infinite and no care taken. Zero: claims injectivity is needed.""",
    ),
    "ex-ch6-z": dict(
        names="a_grid, pkg_z (eta_chi2 of the Z-channel at the inputs (1 - a, a)) and z_vals (eta_chi2 and "
              "eta_KL at the uniform input, eta_KL and eta_TV of the channel)",
        visible="assert np.shape(pkg_z) == np.shape(a_grid) and len(z_vals) == 4",
        hidden="""
a_t = np.asarray(a_grid, float)
assert np.allclose(pkg_z, (1 - a_t) / (2 - a_t), atol=1e-12) and np.all(np.asarray(pkg_z) < 0.5)
assert z_vals[0] < z_vals[1] < z_vals[2] and abs(z_vals[2] - 0.5) < 1e-12 and abs(z_vals[3] - 0.5) < 1e-12
""",
        wrong="pkg_z = np.full(np.shape(pkg_z), 0.5)",
    ),
}
