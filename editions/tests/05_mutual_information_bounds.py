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
}
