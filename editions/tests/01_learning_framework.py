"""Autograder tests of chapter 1's exercises, keyed by exercise label (format: editions/tests/README.md)."""

TESTS = {
    "ex-ch1-sample-size": dict(
        names="n_h, n_half, n_small (eps = 0.01, delta = 0.001) and n_h2 (eps = 0.005)",
        visible="assert all(isinstance(v, (int, np.integer)) for v in (n_h, n_half, n_small, n_h2))",
        hidden="""
assert n_h == gb.concentration.hoeffding_sample_size(0.01, 0.001)
assert n_h2 == gb.concentration.hoeffding_sample_size(0.005, 0.001)
assert n_half == gb.concentration.exact_sample_size_bernoulli(0.01, 0.001, 0.5)
assert n_small == gb.concentration.exact_sample_size_bernoulli(0.01, 0.001, 0.05)
assert n_small < n_half < n_h and abs(n_h2 / n_h - 4) < 1e-3
""",
        wrong="n_small = n_half",
    ),
    "ex-ch1-variance": dict(
        names="var_mc (the simulated variance of the empirical risk) and var_exact (the formula)",
        visible="assert np.ndim(var_mc) == 0 and np.ndim(var_exact) == 0",
        hidden="""
assert np.isclose(var_exact, risk_fixed * (1 - risk_fixed) / n_fixed, rtol=1e-9)
assert np.isclose(var_mc, emp_fixed.var(ddof=1), rtol=1e-2)
assert abs(var_mc / var_exact - 1) < 0.05
""",
        wrong="var_exact = risk_fixed * (1 - risk_fixed)",
    ),
    "ex-ch1-noise": dict(
        names="noises (noise levels in [0, 0.5)) and approx (the approximation error at each)",
        visible="assert np.shape(approx) == np.shape(noises)",
        hidden="""
noises_t, approx_t = np.asarray(noises, float), np.asarray(approx, float)
assert noises_t.size >= 5 and np.all((0 <= noises_t) & (noises_t < 0.5))
assert np.allclose(approx_t, (1 - 2 * noises_t) * min(1 - 0.9, 0.9 - 0.3), atol=1e-9)
""",
        wrong="approx = np.asarray(approx) + 0.01",
    ),
    "ex-ch1-richness": dict(
        names="ks (grid sizes), noisy and clean (rows: mean optimism and its standard error, per k)",
        visible="assert np.shape(noisy) == np.shape(clean) == (len(ks), 2)",
        hidden="""
noisy_t, clean_t = np.asarray(noisy), np.asarray(clean)
assert noisy_t[-1, 0] - noisy_t[0, 0] > 4 * np.hypot(noisy_t[-1, 1], noisy_t[0, 1])  # grows with the class
k2, k4 = list(ks).index(2), list(ks).index(4)
assert clean_t[k2, 0] - clean_t[k4, 0] > 3 * np.hypot(clean_t[k2, 1], clean_t[k4, 1])  # not monotone
""",
        wrong="noisy = np.asarray(noisy)[::-1]",
    ),
    "ex-ch1-approx-erm": dict(
        written_points=2,
        rubric="""Full marks (2): writes $R(\\hat h) - R(h^*) = [R(\\hat h) - R_S(\\hat h)] + [R_S(\\hat h) - R_S(h^*)]
+ [R_S(h^*) - R(h^*)]$, bounds the middle term by the optimisation error of the approximate minimiser and the
outer terms by the uniform deviation (or by Hoeffding for the fixed $h^*$), and states the resulting bound with
its probability. One point: the decomposition is right but a term is bounded without justification (for
example Hoeffding applied to the data-dependent $\\hat h$). Zero: the approximate minimiser is treated as exact.""",
    ),
    "ex-ch1-expectation": dict(
        names="sup_mean (the simulated E[sup |R - R_S|] per n) and diff_mean, diff_se (the mean and standard "
              "error of sup |R - R_S| minus the estimation error, per n)",
        visible="assert np.shape(diff_mean) == np.shape(diff_se) == np.shape(sup_mean)",
        hidden="""
assert np.allclose(sup_mean, mean_se(sim["sup"])[0])
d_t, s_t = mean_se(sim["sup"] - estimation)
assert np.allclose(diff_mean, d_t) and np.allclose(diff_se, s_t)
assert np.all(np.asarray(diff_mean) > 4 * np.asarray(diff_se))
""",
        wrong="diff_mean = -np.asarray(diff_mean)",
        written_points=2,
        rubric="""Full marks (2): $R(h_S) - R(h^*) = [R(h_S) - R_S(h_S)] + [R_S(h_S) - R_S(h^*)] + [R_S(h^*) - R(h^*)]$;
the middle term is $\\le 0$ (ERM), the first is at most $\\sup_h (R(h) - R_S(h))$, and the last has expectation 0
because $h^*$ does not depend on $S$; names the step of the lemma that costs the second supremum (bounding the
last term sample by sample) and says why it vanishes only in expectation. One point: the decomposition without
the expectation argument. Zero: Hoeffding applied to $h_S$.""",
    ),
}
