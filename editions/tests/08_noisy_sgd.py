"""Autograder tests of chapter 8's exercises, keyed by exercise label (format: editions/tests/README.md).

The chapter's solutions have no code: the reference code of the two numerical parts is kept here
(``solution``) until it moves into the chapter (editions/tests/README.md)."""

TESTS = {
    "ex-ch8-sgld": dict(
        names="sgld_bound (the relaxed bound on I(S; W_T) for beta = 1e3, M = 1, T = 1000, alpha = 0.01, in nats)",
        solution="""beta_s, M_s, T_s, alpha_s = 1e3, 1.0, 1000, 0.01
sgld_bound = beta_s * M_s**2 / 4 * (T_s * alpha_s)""",
        visible="assert np.ndim(sgld_bound) == 0",
        hidden="assert np.isclose(sgld_bound, 2500.0, rtol=1e-9)",
        wrong="sgld_bound = sgld_bound / 1000",
        written_points=1,
        rubric="""Full marks: $\\sigma_t^2 = 2\\alpha_t/\\beta$ inserted in the per-step term $\\alpha_t^2 M^2/(2\\sigma_t^2)$
gives $\\beta M^2\\alpha_t/4$, summed over $t$. Zero: the noise variance taken as $\\alpha_t/\\beta$ or the sum left unsummed.""",
    ),
    "ex-ch8-noise-needed": dict(
        names="sigma_needed (the noise level above which the relaxed bound is below 1, with the settings "
              "of the digits experiment)",
        solution="sigma_needed = lr_lr * M_clip / (2 * 1.0) * np.sqrt(T_lr / n_lr)",
        visible="assert np.ndim(sigma_needed) == 0",
        hidden="""
assert np.isclose(sigma_needed, lr_lr * M_clip / 2 * np.sqrt(T_lr / n_lr), rtol=1e-9)
assert noise_lr[int(np.argmax(bound_lr < 1.0)) - 1] < sigma_needed <= noise_lr[int(np.argmax(bound_lr < 1.0))]
""",
        wrong="sigma_needed = 2 * sigma_needed",
        written_points=1,
    ),
    "ex-ch8-gradient-noise": dict(
        written_points=2,
        rubric="""Full marks (2): the weight noise is $\\alpha\\zeta_t$ with standard deviation $\\sigma = \\alpha s$, so each
term is $\\alpha^2M^2/(2\\alpha^2 s^2) = M^2/(2s^2)$ and the bound $TM^2/(2s^2)$ does not depend on $\\alpha$; as
$\\alpha \\to 0$ the weights barely move but the information does not vanish (mutual information is invariant under
the rescaling by $1/\\alpha$; $(W_T - W_0)/\\alpha$ tends to a noisy sum of gradients at $W_0$). One point: the
computation without the limit, or a claim that the information goes to 0. Zero: $\\sigma = s$.""",
    ),
    "ex-ch8-logistic-lipschitz": dict(
        written_points=2,
        rubric="""Full marks (2): $\\|x(p - e_y)^\\top\\|_F = \\|x\\|\\,\\|p - e_y\\|$, and $\\|p - e_y\\|^2 = (1-p_y)^2 +
\\sum_{c \\ne y} p_c^2 \\le 2(1 - p_y)^2 \\le 2$ (since $\\sum_{c\\ne y}p_c^2 \\le (\\sum_{c \\ne y} p_c)^2$); the mean of the
per-example gradients is bounded by the mean (hence the maximum) of the norms; the numbers for the digits are
computed. One point: the bound $\\sqrt 2$ without the inequality $\\sum p_c^2 \\le (\\sum p_c)^2$. Zero: uses a bound on
$\\|p\\|$ only.""",
    ),
    "ex-ch8-epochs": dict(
        written_points=2,
        rubric="""Full marks (2): exact information and bound computed for 1 to 6 epochs; the bound grows linearly
(same capacity per step), the exact information saturates because $W_T$ is a noisy weighted average of the sample
whose weights converge and whose noise variance converges to $\\sigma^2/(1 - (1-\\alpha)^2)$. One point: the numbers
without the explanation, or the reverse. Zero: neither.""",
    ),
}
