"""Autograder tests of chapter 8's exercises, keyed by exercise label (format: editions/tests/README.md).

Where a solution prints its result without naming it, ``bind`` names it for the tests."""

TESTS = {
    "ex-ch8-sgld": dict(
        names="beta, lrs (1e3 and the 1000 learning rates 0.01) and sgld_bound (the relaxed bound on I(S; W_T), "
              "in nats)",
        bind="sgld_bound = bounds.noisy_iterative_information(lrs, 1.0, np.sqrt(2 * lrs / beta))",
        visible="assert np.ndim(sgld_bound) == 0",
        hidden="assert np.isclose(sgld_bound, 2500.0, rtol=1e-9) and np.isclose(beta / 4 * np.sum(lrs), 2500.0)",
        wrong="sgld_bound = sgld_bound / 1000",
        rubric="""Full marks: $\\sigma_t^2 = 2\\alpha_t/\\beta$ inserted in the per-step term $\\alpha_t^2 M^2/(2\\sigma_t^2)$
gives $\\beta M^2\\alpha_t/4$, summed over $t$. Zero: the noise variance taken as $\\alpha_t/\\beta$ or the sum left unsummed.""",
    ),
    "ex-ch8-noise-needed": dict(
        names="threshold (the noise level above which the relaxed bound is below 1, with the settings of the "
              "digits experiment)",
        visible="assert np.ndim(threshold) == 0",
        hidden="""
assert np.isclose(threshold, lr_lr * M_clip / 2 * np.sqrt(T_lr / n_lr), rtol=1e-9)
assert abs(bounds.noisy_iterative_bound(n_lr, 0.5, lr_lr, M_clip, threshold, steps=T_lr) - 1.0) < 1e-9
first_t = int(np.argmax(bound_lr < 1.0))
assert noise_lr[first_t - 1] < threshold < noise_lr[first_t]
""",
        wrong="threshold = 2 * threshold",
    ),
    "ex-ch8-gradient-noise": dict(
        names="grad_noise_bounds (the relaxed bound for alpha = 1, 0.1, 0.001 with M = 1, s = 0.5, T = 100)",
        bind="grad_noise_bounds = [bounds.noisy_iterative_information(a, 1.0, a * 0.5, steps=100) for a in [1.0, 0.1, 0.001]]",
        visible="assert len(grad_noise_bounds) == 3",
        hidden="assert np.allclose(grad_noise_bounds, 100 * 1.0 / (2 * 0.5**2), rtol=1e-9)",
        wrong="grad_noise_bounds = [b * a for b, a in zip(grad_noise_bounds, [1.0, 0.1, 0.001])]",
        written_points=2,
        rubric="""Full marks (2): the weight noise is $\\alpha\\zeta_t$ with standard deviation $\\sigma = \\alpha s$, so each
term is $\\alpha^2M^2/(2\\alpha^2 s^2) = M^2/(2s^2)$ and the bound $TM^2/(2s^2)$ does not depend on $\\alpha$; as
$\\alpha \\to 0$ the weights barely move but the information does not vanish (mutual information is invariant under
the rescaling by $1/\\alpha$; $(W_T - W_0)/\\alpha$ tends to a noisy sum of gradients at $W_0$). One point: the
computation without the limit, or a claim that the information goes to 0. Zero: $\\sigma = s$.""",
    ),
    "ex-ch8-logistic-lipschitz": dict(
        names="M_auto (sqrt(2) times the largest norm of a digit)",
        visible="assert np.ndim(M_auto) == 0",
        hidden="assert np.isclose(M_auto, np.sqrt(2) * np.max(np.linalg.norm(X_all, axis=1)), rtol=1e-9) and M_auto > 1",
        wrong="M_auto = np.max(np.linalg.norm(X_all, axis=1))",
        written_points=2,
        rubric="""Full marks (2): $\\|x(p - e_y)^\\top\\|_F = \\|x\\|\\,\\|p - e_y\\|$, and $\\|p - e_y\\|^2 = (1-p_y)^2 +
\\sum_{c \\ne y} p_c^2 \\le 2(1 - p_y)^2 \\le 2$ (since $\\sum_{c\\ne y}p_c^2 \\le (\\sum_{c \\ne y} p_c)^2$); the mean of the
per-example gradients is bounded by the mean (hence the maximum) of the norms; the numbers for the digits are
computed. One point: the bound $\\sqrt 2$ without the inequality $\\sum p_c^2 \\le (\\sum p_c)^2$. Zero: uses a bound on
$\\|p\\|$ only.""",
    ),
    "ex-ch8-epochs": dict(
        names="mi_ep and thm_ep (the exact information and the theorem's bound for 1 to 6 epochs)",
        visible="assert len(mi_ep) == len(thm_ep) == 6",
        hidden="""
assert np.all(np.diff(thm_ep) > 0.8 * thm_ep[0])  # the bound grows linearly
assert np.all(np.diff(mi_ep) > -1e-12) and abs(mi_ep[-1] - mi_ep[-2]) < 0.01 * mi_ep[-1]  # the truth saturates
""",
        wrong="mi_ep = list(np.asarray(mi_ep) * np.arange(1, 7))",
        written_points=2,
        rubric="""Full marks (2): exact information and bound computed for 1 to 6 epochs; the bound grows linearly
(same capacity per step), the exact information saturates because $W_T$ is a noisy weighted average of the sample
whose weights converge and whose noise variance converges to $\\sigma^2/(1 - (1-\\alpha)^2)$. One point: the numbers
without the explanation, or the reverse. Zero: neither.""",
    ),
    "ex-ch8-condvar": dict(
        names="r10 (the exact Gaussian example at sigma = 10 with the conditional variances, noisy_mean(10.0, "
              "cond=True))",
        visible="assert 'cvar' in r10 and 'msq' in r10",
        hidden="""
assert np.all(r10["cvar"] <= d_g * tau**2 + 1e-9) and np.all(r10["cvar"] <= r10["msq"])
assert r10["msq"].max() > 0.5 * d_g * 100
""",
        wrong="r10 = noisy_mean(1.0, cond=True)",
        written_points=1,
    ),
    "ex-ch8-noise-drift": dict(
        names="floor_nd (dict: sqrt(d / 4n) for 'logistic' and 'MLP') and drift_ratio (|noise| / |drift| of each "
              "run at the threshold)",
        visible="assert set(floor_nd) == {'logistic', 'MLP'} and len(drift_ratio) == trials_lr",
        hidden="""
assert np.isclose(floor_nd["logistic"], np.sqrt(650 / 2000), rtol=1e-9)
assert np.isclose(floor_nd["MLP"], np.sqrt(d_mlp / (4 * n_lr)), rtol=1e-9)
assert np.all(np.asarray(drift_ratio) > 0.8 * floor_nd["logistic"])
""",
        wrong='floor_nd = {k: v**2 for k, v in floor_nd.items()}',
        written_points=2,
        rubric="""Full marks (2): $\\|D\\| \\le \\alpha M T$ by clipping and the triangle inequality; $\\|\\Xi\\|$ concentrates at
$\\sigma\\sqrt{Td}$ (chi-squared with $d$ degrees of freedom, scaled by $T\\sigma^2$);
at $\\sigma^* = \\frac{\\alpha M}{2}\\sqrt{T/n}$ the ratio is at
least $\\sqrt{d/(4n)}$; consequence: with $d \\ge 4n$ a non-vacuous bound needs weights that are more noise than
drift. One point: the computation without the consequence, or the drift bound without clipping. Zero: neither.""",
    ),
    "ex-ch8-weight-decay": dict(
        names="runs_wd (the three ghost-sample runs at decay 0, 0.01, 0.05), test_wd (their test errors) and "
              "bound_wd (the bound at sigma = 0.2)",
        bind="test_wd = np.array([r.test.mean() for r in runs_wd])",
        visible="assert len(test_wd) == 3 and np.ndim(bound_wd) == 0",
        hidden="""
assert np.isclose(bound_wd, bounds.noisy_iterative_bound(n_lr, 0.5, lr_lr, M_clip, 0.2, d_lr, steps=T_lr), rtol=1e-12)
assert np.all(np.diff(test_wd) > 0) and test_wd[0] < 0.6
""",
        wrong="test_wd = np.asarray(test_wd)[::-1]",
        written_points=2,
        rubric="""Full marks (2): the proof uses $\\psi_t$ only as a known function of the past, so each step is the same
Gaussian channel and the bound does not depend on $\\lambda$; decay caps the drift at $\\alpha M/\\lambda$ while the noise it
forgets grows only like $\\sqrt T$ without it, so accuracy falls; Mou et al.'s discounted bound sees the contraction.
One point: the numbers without the argument. Zero: claims the bound shrinks with $\\lambda$.""",
    ),
    "ex-ch8-erm": dict(
        written_points=3,
        rubric="""Full marks (3): the three-term decomposition with $\\E[R_S(W^*)] = R(W^*)$ because $W^*$ does not
depend on $S$ (1); for an ERM $R_S(W) \\le R_S(W^*)$ pointwise, so the excess risk is at most the expected gap (1);
for the noisy learner the middle term is the excess risk minus the gap, at least the measured excess risk minus
the claimed gap, and a gap bound cannot see an optimiser that does not reach small training error (1).""",
    ),
}
