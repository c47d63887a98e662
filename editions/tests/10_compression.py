"""Autograder tests of chapter 10's exercises, keyed by exercise label (format: editions/tests/README.md)."""

TESTS = {
    "ex-ch10-mask": dict(
        names="N_ = 4096, m_ = 512 and h (the binary entropy of m_ / N_, in bits)",
        visible="assert N_ == 4096 and m_ == 512",
        hidden="""
q_t = m_ / N_
assert abs(h - (-q_t * np.log2(q_t) - (1 - q_t) * np.log2(1 - q_t))) < 1e-12
assert cp.mask_bits(N_, m_) <= N_ * h + np.log2(N_ + 1) + 2 and cp.mask_bits(N_, m_) < 0.6 * N_
""",
        wrong="h = h / 2",
    ),
    "ex-ch10-forms": dict(
        names="n_ex (sample sizes), kl_ex and hoef_ex (the kl and Hoeffding forms of the bound for 1000 bits and "
              "zero training error at n_ex)",
        visible="assert np.shape(kl_ex) == np.shape(hoef_ex) == np.shape(n_ex)",
        hidden="""
c_t = 1000 * np.log(2) + np.log(1 / delta)
n_t = np.asarray(n_ex, float)
assert np.allclose(hoef_ex * np.sqrt(n_t), np.sqrt(c_t / 2), rtol=1e-9)
assert np.allclose(kl_ex, cp.compression_bound(0.0, 1000, n_ex, delta), rtol=1e-9)
assert np.allclose(np.asarray(kl_ex)[1:] * n_t[1:], c_t, rtol=0.05)
""",
        wrong="hoef_ex = np.asarray(kl_ex).copy()",
    ),
    "ex-ch10-digits-n": dict(
        names="n_02 (the smallest sample size on your grid at which the bound of the best digits model is below "
              "0.2) and n_2x (below twice its held-out error)",
        visible="assert int(n_02) == n_02 and int(n_2x) == n_2x",
        hidden="""
b_t = lambda n_: cp.compression_bound(dig[best, 4], dig[best, 3], n_, delta)
assert b_t(n_02) < 0.2 <= b_t(int(n_02 / 1.01))
assert b_t(n_2x) < 2 * dig[best, 5] <= b_t(int(n_2x / 1.01))
assert n_02 > n_dig and n_2x > n_dig  # which of the two is larger depends on the held-out error (seed)
""",
        wrong="n_02 = 2 * n_02",
    ),
    "ex-ch10-seeds": dict(
        names="wins (per sparsity, the number of seeds in which the ticket beats the random mask)",
        visible="assert np.ndim(wins) == 1",
        hidden="assert np.array_equal(wins, (lt[:, 0] > lt[:, 2]).sum(axis=1))",
        wrong="wins = np.asarray(wins) - 1",
    ),
    "ex-ch10-teacher": dict(
        names="far_rec (per r, the fraction of random starts that recover the teacher at the largest N)",
        visible="assert np.shape(far_rec) == np.shape(R_PER_UNIT)",
        hidden="""
f_t = np.asarray(far_rec)
assert np.all((0 <= f_t) & (f_t <= 1))
assert np.all(f_t <= recovered[:, -1]) and f_t.mean() < recovered[:, -1].mean()
""",
        wrong="far_rec = np.asarray(recovered[:, -1]) + 0.1",
    ),
}
