"""Autograder tests of chapter 7's exercises, keyed by exercise label (format: editions/tests/README.md)."""

TESTS = {
    "ex-ch7-ghost-size": dict(
        names="ghost_var (the binomial variance of one ghost estimate of the CNN test error, averaged over seeds, "
              "per depth) and total_var (the seed-to-seed variance of the CNN gap, per depth)",
        visible="assert np.shape(ghost_var) == np.shape(total_var)",
        hidden="""
t_t = res["CNN"]["test_b"]
assert np.allclose(ghost_var, (t_t * (1 - t_t) / n_ghost).mean(axis=1), rtol=1e-6)
assert np.allclose(total_var, res["CNN"]["gap_b"].var(axis=1, ddof=1), rtol=1e-6)
assert np.sum(ghost_var) < 0.5 * np.sum(total_var)
""",
        wrong="ghost_var = 10 * np.asarray(ghost_var)",
    ),
    "ex-ch7-params": dict(
        names="mlp_ratio (parameters of the deepest MLP over those of the shallowest) and cnn_fewest (the index "
              "of the CNN depth with the fewest parameters)",
        bind="""mlp_ratio = res["MLP"]["params"][-1] / res["MLP"]["params"][0]
cnn_fewest = int(np.argmin(res["CNN"]["params"]))""",
        visible="assert np.ndim(mlp_ratio) == 0",
        hidden="""
assert np.isclose(mlp_ratio, res["MLP"]["params"][-1] / res["MLP"]["params"][0])
assert cnn_fewest == int(np.argmin(res["CNN"]["params"]))
""",
        wrong="cnn_fewest = 0",
    ),
    "ex-ch7-eta": dict(
        names="eta_half (the contraction coefficient for which the bound halves from depth 2 to depth 8)",
        visible="assert np.ndim(eta_half) == 0",
        hidden="assert abs(eta_half ** 3 - 0.5) < 1e-9",
        wrong="eta_half = 0.5 ** 0.5",
    ),
    "ex-ch7-longer": dict(
        names="ok (which seeds of the depth-8 MLP reached the loss target with three times the budget) and "
              "gap_long (their gap at the target)",
        visible="assert np.shape(ok) == np.shape(gap_long)",
        hidden="""
assert np.sum(ok) >= 2
assert abs(np.mean(np.asarray(gap_long)[np.asarray(ok)]) - np.nanmean(an["MLP"]["gap_t"][:7])) < 0.05
""",
        wrong="gap_long = np.asarray(gap_long) + 0.2",
    ),
    "ex-ch7-standardise": dict(
        names="err_own and err_alt (test errors of the three-block CNNs with the ghost sample standardised by "
              "its own moments and by the training sample's)",
        visible="assert np.shape(err_own) == np.shape(err_alt)",
        hidden="""
assert np.allclose(err_own, res["CNN"]["test_b"][2])
assert np.abs(np.asarray(err_alt) - err_own).max() < np.sqrt(err_own * (1 - err_own) / n_ghost).min()
""",
        wrong="err_alt = np.asarray(err_own) + 0.05",
    ),
    "ex-ch7-full-recipe": dict(
        written_points=2,
        rubric="""Full marks (2): code that trains the chapter's families with `gb.nets` for 8000 steps at the
reference batch size and learning rate (the chapter's other settings unchanged); a cost estimate scaled from the
chapter's measured time per step (linear in the number of steps); and the expectation that the training error
reaches zero early while the test accuracy moves little (within the seed-to-seed spread) once the training set is
fitted. One point: two of the three. Zero: no cost estimate and no code.""",
    ),
}
