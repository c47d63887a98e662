"""Autograder tests of chapter 5's exercises, keyed by exercise label (format: editions/tests/README.md)."""

TESTS = {
    "ex-ch5-noisy-mean-derivation": dict(
        names="with_ghost and with_risk (ghost-sample estimates of the expected gap, with a ghost sample and "
              "with the exact risk)",
        visible="assert hasattr(with_ghost, 'standard_error') and hasattr(with_risk, 'standard_error')",
        hidden="""
exact_t = 2 * s_loc**2 / 3
assert with_ghost.agrees_with(exact_t) and with_risk.agrees_with(exact_t)
assert with_risk.standard_error < with_ghost.standard_error
assert with_ghost.standard_error < 0.05 * exact_t  # enough trials to tell 2/3 from 1/3 or 1
""",
        wrong="with_risk = with_ghost",
    ),
    "ex-ch5-individual": dict(
        names="i_w_z1 and individual (I(W; Z_1) and the individual-sample bound at the largest beta, the last "
              "value of your loop)",
        visible="assert np.ndim(i_w_z1) == 0 and np.ndim(individual) == 0",
        hidden="""
j_t = len(betas) - 1
joint_t = np.einsum("t,th,tz->hz", res.type_probabilities, res.posterior[j_t], res.types / n_g)
assert abs(i_w_z1 - info.mutual_information(joint_t)) < 1e-10
assert np.isclose(individual, np.sqrt(2 * 0.25 * i_w_z1), rtol=1e-9)
assert abs(res.expected_gap[j_t]) <= individual <= xr[j_t] + 1e-12
assert n_g * i_w_z1 <= res.mutual_information[j_t] + 1e-12
""",
        wrong="individual = 1.5 * xr[len(betas) - 1]",
    ),
    "ex-ch5-cmi-memoriser": dict(
        names="cmi_memo (the exact CMI of the memoriser with n = 1)",
        visible="assert np.ndim(cmi_memo) == 0",
        hidden="assert abs(cmi_memo - np.log(2) / 2) < 1e-12",
        wrong="cmi_memo = LOG2",
    ),
    "ex-ch5-plugin-bias": dict(
        names="k2_sim and mi_sim (the plug-in estimates for the largest number of supersamples, k2_sim = 80, "
              "the last value of your loop)",
        visible="assert k2_sim == 80",
        hidden="""
assert np.size(mi_sim) >= 10 and abs(np.mean(mi_sim) / (3 / (2 * k2_sim)) - 1) < 0.2
""",
        wrong="mi_sim = 2 * mi_sim",
    ),
    "ex-ch5-ood-limit": dict(
        names="kl_half (the KL divergence of the shifted input law), lhs and rhs (the exact out-of-"
              "distribution gap and its bound at n = 8, the last value of your loop)",
        visible="assert np.ndim(lhs) == 0 and np.ndim(rhs) == 0",
        hidden="""
r_t = problem.exact(8, np.inf)
assert kl_half > 0 and abs(lhs) <= rhs
assert np.isclose(rhs, bounds.ood_bound(r_t.mutual_information[0], 8, kl_half, 0.5), rtol=1e-9)
""",
        wrong="rhs = abs(lhs) / 2",
    ),
    "ex-ch5-ood-proof": dict(
        names="joint_wz (the joint pmf of (W, Z_1) for ERM with n = 2, rows h), lhs_kl (KL(P_W,Z1 || P_W x mu')) "
              "and rhs_kl (I(W; Z_1) + KL(mu || mu')), with mu' the shifted law of the exercise",
        visible="assert np.ndim(joint_wz) == 2 and np.ndim(lhs_kl) == 0 and np.ndim(rhs_kl) == 0",
        hidden="""
r_t = problem.exact(2, np.inf)
j_t = np.einsum("t,th,tz->hz", r_t.type_probabilities, r_t.posterior[0], r_t.types / 2)
assert np.allclose(joint_wz, j_t, atol=1e-12)
mu_t = instance_pmf(0.5 * p_x + 0.5 * np.eye(nx)[2])
assert abs(lhs_kl - info.kl_divergence(j_t, np.outer(j_t.sum(axis=1), mu_t))) < 1e-12
assert abs(rhs_kl - info.mutual_information(j_t) - info.kl_divergence(problem.pz, mu_t)) < 1e-12
assert abs(lhs_kl - rhs_kl) < 1e-12
""",
        wrong="rhs_kl = rhs_kl + info.kl_divergence(problem.pz, mu_shift)",
        written_points=2,
        rubric="""Full marks (2): (a) the chain rule / golden formula with $P_{W,Z_i}$ against $P_W \\otimes \\mu'$:
$\\KL(P_{W,Z_i}\\|P_W\\otimes\\mu') = \\KL(P_{W,Z_i}\\|P_W\\otimes\\mu) + \\KL(\\mu\\|\\mu')$ because
$Z_i \\sim \\mu$, and the first term is $I(W;Z_i)$; (b) Donsker-Varadhan with the sub-Gaussian loss under
$P_W \\otimes \\mu'$, averaged over $i$ with Jensen, as for Xu-Raginsky;
(c) the exact check. One point: (a) or (b) only. Zero: the shift ignored.""",
    ),
}
