"""Autograder tests of chapter 9's exercises, keyed by exercise label (format: editions/tests/README.md)."""

TESTS = {
    "ex-ch9-codes": dict(
        names="codes (the number of distinct binned codes of the last tanh layer) and top10 (the share of the "
              "images in the ten most used codes)",
        visible="assert int(codes) == codes and 0 <= top10 <= 1",
        hidden="""
binned_t = np.clip(np.floor((t4 + 1) / (2 / BINS)), 0, BINS - 1)
_, counts_t = np.unique(binned_t, axis=0, return_counts=True)
assert codes == counts_t.size and np.isclose(top10, np.sort(counts_t)[::-1][:10].sum() / n)
assert plane["tanh"][-1, L - 1, 0] <= np.log(codes) + 1e-12
""",
        wrong="codes = codes + 5",
    ),
    "ex-ch9-saturation": dict(
        names="gains, binned_a (the binned information of tanh(a x) per gain) and exact_a (the exact one)",
        visible="assert np.shape(binned_a) == np.shape(exact_a) == np.shape(gains)",
        hidden="""
top_t = int(np.argmax(binned_a))
assert 0 < top_t < len(gains) - 1 and np.all(np.diff(np.asarray(binned_a)[top_t:]) < 0)
assert np.allclose(exact_a, np.log(1000))
""",
        wrong="binned_a = np.sort(binned_a)",
    ),
    "ex-ch9-sigma": dict(
        names="sigmas, limits (lower and upper bounds of I(X; T + noise), one row per sigma) and decrease (the "
              "certified decrease of the information between the peak and the end of training, per sigma)",
        visible="assert np.shape(limits) == (len(sigmas), 2) and np.shape(decrease) == np.shape(sigmas)",
        hidden="""
assert np.allclose(limits[0], np.log(n), atol=1e-6) and np.all(limits[-1] < 1e-3)
win_t = np.asarray(decrease) > 0.01
inside_t = np.flatnonzero(win_t)
assert inside_t.size and np.all(np.diff(inside_t) == 1) and not win_t[0] and not win_t[-1]
assert win_t[np.argmin(np.abs(np.asarray(sigmas) - sigma))]
""",
        wrong="decrease = -np.asarray(decrease)",
    ),
    "ex-ch9-decoder": dict(
        names="decoder_check (per activation: the difference of the two decoder bounds and the cross-entropy "
              "gap plus the difference of the label entropies)",
        bind="""decoder_check = {name: (decoder[name][0] - decoder[name][1],
                        (r["test"][1] - r["train"][1]) + (h_y - h_y_test)) for name, r in runs.items()}""",
        visible="assert set(decoder_check) == set(runs)",
        hidden="""
for name_t, r_t in runs.items():
    lhs_t, rhs_t = decoder_check[name_t]
    assert np.isclose(lhs_t, decoder[name_t][0] - decoder[name_t][1], rtol=0, atol=1e-12)
    assert abs(lhs_t - rhs_t) < 1e-12
""",
        wrong="decoder_check = {k: (v[0], v[1] + 0.1) for k, v in decoder_check.items()}",
    ),
    "ex-ch9-fixed-width": dict(
        names="fixed and own (the binned information of c t4 for c = 1, 2, 5, with a fixed bin width and with "
              "bins spanning the layer's range)",
        visible="assert len(fixed) == len(own) == 3",
        hidden="assert fixed[2] > fixed[0] + 0.5 and np.allclose(own, own[0])",
        wrong="fixed = list(own)",
    ),
    "ex-ch9-ib-curve": dict(
        names="checks (rows: target I(X; T), I(X; T) and I(Y; T) of your channels, along the curve)",
        visible="assert np.ndim(checks) == 2 and np.shape(checks)[1] == 3",
        hidden="""
c_t = np.asarray(checks)
assert len(c_t) >= 5 and c_t[0, 0] == 0 and np.isclose(c_t[-1, 0], np.log(n))
assert np.allclose(c_t[:, 1], c_t[:, 0], atol=1e-9)
assert np.allclose(c_t[:, 2], np.minimum(c_t[:, 1], h_y), atol=1e-9)
""",
        wrong="checks = np.column_stack([checks[:, 0], checks[:, 1], checks[:, 1]])",
    ),
    "ex-ch9-kt-jensen": dict(
        names="kl_bar (D(p_i || p_bar) for each point of the one-dimensional mixture mu_kt, sig_kt, by quadrature) "
              "and kt_upper (the per-point Jensen bound)",
        visible="assert np.shape(kl_bar) == np.shape(kt_upper) == np.shape(mu_kt)",
        hidden="""
d2_t = (mu_kt[:, None] - mu_kt[None]) ** 2
assert np.allclose(kt_upper, -np.log(np.exp(-d2_t / (2 * sig_kt**2)).mean(axis=1)), rtol=1e-12)
assert np.all(np.asarray(kl_bar) <= np.asarray(kt_upper) + 1e-9) and np.all(np.asarray(kl_bar) > 0)
assert abs(np.mean(kl_bar) - 1.1672) < 1e-3  # I(X; T + Z) of this mixture
""",
        wrong="kt_upper = -np.log(np.exp(-d2 / (8 * sig_kt**2)).mean(axis=1))",
        written_points=2,
        rubric="""Full marks (2): $I = \\E_X D(P_{\\tilde T|X} \\| P_{\\tilde T})$; with $U_j = \\log(p_j/p_i)$ under $p_i$,
$D(p_i\\|\\bar p) = \\E[-\\log\\frac1n\\sum_j e^{U_j}]$, and concavity of the negative log-sum-exp (Jensen) gives the bound
with $\\E U_j = -\\|\\mu_i-\\mu_j\\|^2/(2\\sigma^2)$; tight when the points coincide or are far apart. One point: Jensen
applied in the wrong direction or to the wrong function. Zero: neither part.""",
    ),
}
