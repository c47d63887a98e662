"""Tests of genbounds.nets: shapes, depth, determinism, independence of ensemble members, training."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from genbounds import nets

torch.set_num_threads(1)


def _toy(n: int = 60, d: int = 40, classes: int = 10, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % classes
    centres = torch.randn(classes, d, generator=g)
    return centres[y] + 0.3 * torch.randn(n, d, generator=g), y


@pytest.mark.parametrize("depth", [1, 3, 8])
def test_mlp_shapes_and_depth(depth: int) -> None:
    model = nets.mlp(depth, 16, n_models=3, seed=1)
    x, _ = _toy(7)
    assert model(x).shape == (3, 7, 10)
    feats = model.features(x)
    assert len(feats) == depth and all(f.shape == (3, 7, 16) for f in feats)
    assert len(model.hidden) == depth
    # parameters of one member: (40 + 1) 16 + (depth - 1)(16 + 1) 16 + (16 + 1) 10
    assert nets.n_parameters(model) == 41 * 16 + (depth - 1) * 17 * 16 + 17 * 10


@pytest.mark.parametrize("depth, out_length", [(1, 20), (3, 5), (4, 2), (5, 1), (8, 1)])
def test_cnn_shapes_and_lengths(depth: int, out_length: int) -> None:
    model = nets.cnn(depth, 4, n_models=2, seed=0)
    x, _ = _toy(5)
    assert model(x).shape == (2, 5, 10)
    feats = model.features(x)
    assert len(feats) == depth and feats[-1].shape == (2, 5, out_length, 4)
    assert model.out_length == out_length
    # conv (c_in k + 1) c per block, readout (4 out_length + 1) 10
    expected = (1 * 3 + 1) * 4 + (depth - 1) * (4 * 3 + 1) * 4 + (4 * out_length + 1) * 10
    assert nets.n_parameters(model) == expected


@pytest.mark.parametrize("depth, kernel_size", [(3, 5), (7, 3)])
def test_cnn_matches_a_plain_torch_cnn(depth: int, kernel_size: int) -> None:
    """Member j computes conv1d -> relu -> max_pool1d(2) (while length >= 2) -> ... -> linear with its weights."""
    model = nets.cnn(depth, 5, n_models=3, seed=4, kernel_size=kernel_size)
    x, _ = _toy(6)
    out = model(x)
    for j in range(3):
        h = x.unsqueeze(1)
        for conv in model.hidden:
            h = torch.relu(F.conv1d(h, conv.weight[j], conv.bias[j], padding=kernel_size // 2))
            h = F.max_pool1d(h, 2) if h.shape[-1] >= 2 else h  # odd lengths: the last position is dropped
        ref = h.reshape(6, -1) @ model.readout.weight[j] + model.readout.bias[j]
        assert torch.allclose(out[j], ref, atol=1e-5)


def test_per_member_training_sets() -> None:
    """Member j trained on its own set x[j] follows the same path as a one-member model trained on x[j] alone."""
    x0, y0 = _toy(40, seed=0)
    x1, y1 = _toy(40, seed=1)
    joint = nets.cnn(2, 4, n_models=2, seed=3)
    alone = nets.cnn(2, 4, n_models=1, seed=0)
    with torch.no_grad():
        for p_alone, p_joint in zip(alone.parameters(), joint.parameters(), strict=True):
            p_alone.copy_(p_joint[1:2])
    res_joint = nets.train(joint, torch.stack([x0, x1]), torch.stack([y0, y1]), steps=15, batch_size=10, seed=2)
    res_alone = nets.train(alone, x1, y1, steps=15, batch_size=10, seed=2)  # same mini-batch positions
    assert np.allclose(res_joint.losses[:, 1], res_alone.losses[:, 0], rtol=1e-4, atol=1e-6)
    err_joint, _ = nets.evaluate(joint, torch.stack([x0, x1]), torch.stack([y0, y1]))
    err_alone, _ = nets.evaluate(alone, x1, y1)
    assert err_joint[1] == err_alone[0]


def test_per_member_data_equals_shared_data() -> None:
    model = nets.mlp(2, 8, n_models=3, seed=0)
    x, _ = _toy(4)
    assert torch.allclose(model(x), model(x.expand(3, -1, -1)))
    cnn = nets.cnn(2, 4, n_models=3, seed=0)
    assert torch.allclose(cnn(x), cnn(x.expand(3, -1, -1)))


def test_same_seed_same_model_and_training() -> None:
    x, y = _toy()
    runs = []
    for _ in range(2):
        model = nets.cnn(2, 4, n_models=2, seed=7)
        res = nets.train(model, x, y, steps=5, batch_size=20, seed=3)
        runs.append((model(x).detach(), res.losses))
    assert torch.equal(runs[0][0], runs[1][0]) and np.array_equal(runs[0][1], runs[1][1])
    other = nets.cnn(2, 4, n_models=2, seed=8)
    assert not torch.equal(other.hidden[0].weight, nets.cnn(2, 4, n_models=2, seed=7).hidden[0].weight)


def test_members_train_independently() -> None:
    """A member trained jointly with others follows the same path as the same member trained alone."""
    x, y = _toy()
    joint = nets.mlp(2, 8, n_models=3, seed=5)
    alone = nets.mlp(2, 8, n_models=1, seed=0)
    with torch.no_grad():
        for p_alone, p_joint in zip(alone.parameters(), joint.parameters(), strict=True):
            p_alone.copy_(p_joint[1:2])
    res_joint = nets.train(joint, x, y, steps=20, lr=1e-2)
    res_alone = nets.train(alone, x, y, steps=20, lr=1e-2)
    assert np.allclose(res_joint.losses[:, 1], res_alone.losses[:, 0], rtol=1e-4, atol=1e-6)
    for p_alone, p_joint in zip(alone.parameters(), joint.parameters(), strict=True):
        assert torch.allclose(p_alone[0], p_joint[1], atol=1e-5)


@pytest.mark.parametrize("factory", [lambda: nets.mlp(2, 32, n_models=2), lambda: nets.cnn(2, 8, n_models=2)])
def test_training_reduces_the_loss(factory) -> None:  # noqa: ANN001
    x, y = _toy()
    model = factory()
    _, before = nets.evaluate(model, x, y)
    res = nets.train(model, x, y, steps=60, lr=1e-2)
    err, after = nets.evaluate(model, x, y)
    assert np.all(after < 0.5 * before) and np.all(err < 0.2)
    assert res.losses.shape == (60, 2) and res.at_target is None and np.all(res.steps_to_target == -1)


def test_loss_target_snapshot() -> None:
    x, y = _toy()
    model = nets.mlp(2, 32, n_models=2, seed=0)
    res = nets.train(model, x, y, steps=200, loss_target=0.5, stop_at_target=True)
    assert res.reached.all() and res.steps_run == res.steps_to_target.max() + 1
    for j, t in enumerate(res.steps_to_target):
        assert res.losses[t, j] <= 0.5 and np.all(res.losses[:t, j] > 0.5)
    _, loss_at = nets.evaluate(res.at_target, x, y)
    assert np.all(loss_at <= 0.5 + 1e-5)  # full batch: the snapshot's loss is the recorded one
    # with mini-batches the target is checked on the mean loss over the last epoch (3 steps here)
    res_mb = nets.train(nets.mlp(2, 32, n_models=2, seed=0), x, y, steps=300, batch_size=20, loss_target=0.5)
    for j, t in enumerate(res_mb.steps_to_target):
        assert t >= 2 and res_mb.losses[t - 2 : t + 1, j].mean() <= 0.5


def test_evaluate_error_and_loss() -> None:
    x, y = _toy(30)
    model = nets.mlp(1, 8, n_models=2, seed=0)
    err, loss = nets.evaluate(model, x, y, chunk=7)
    logits = model(x).detach()
    assert np.allclose(err, (logits.argmax(-1) != y).double().mean(1).numpy())
    ref = torch.stack([F.cross_entropy(logits[j], y) for j in range(2)]).numpy()
    assert np.allclose(loss, ref, rtol=1e-5)
    # per-member data: member j evaluated on its own set
    xs, ys = torch.stack([x, x.flip(0)]), torch.stack([y, y.flip(0)])
    err2, loss2 = nets.evaluate(model, xs, ys)
    assert np.allclose(err2, err) and np.allclose(loss2, loss, rtol=1e-5)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: nets.mlp(0), "depth"),
        (lambda: nets.mlp(2, width=0), "width"),
        (lambda: nets.mlp(True), "depth"),
        (lambda: nets.cnn(2, kernel_size=4), "kernel_size"),
        (lambda: nets.cnn(2, n_models=0), "n_models"),
        (lambda: nets.mlp(2, seed=-1), "seed"),
        (lambda: nets.train(nets.mlp(1), *_toy(), steps=0), "steps"),
        (lambda: nets.train(nets.mlp(1), *_toy(), steps=1, lr=0.0), "lr"),
        (lambda: nets.train(nets.mlp(1), *_toy(), steps=1, batch_size=1000), "batch_size"),
        (lambda: nets.train(nets.mlp(1), *_toy(), steps=1, stop_at_target=True), "stop_at_target"),
        (lambda: nets.train(nets.mlp(1), *_toy(), steps=1, loss_target=-1.0), "loss_target"),
        (lambda: nets.train(nets.mlp(1), torch.zeros(5, 3), torch.zeros(5, dtype=torch.long), steps=1), "x"),
        (lambda: nets.train(nets.mlp(1), torch.zeros(5, 40), torch.zeros(5), steps=1), "y"),
        (lambda: nets.evaluate(nets.mlp(1), torch.zeros(5, 40), torch.full((5,), 10)), "y"),
        (lambda: nets.evaluate(nets.mlp(1, n_models=2), torch.zeros(3, 5, 40), torch.zeros(3, 5, dtype=torch.long)), "x"),
        (lambda: nets.evaluate(nets.mlp(1), *_toy(), chunk=0), "chunk"),
    ],
)
def test_bad_input_raises(call, name: str) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match=name):
        call()


# ----------------------------------------------------------------------------------------------
# train_many: independent jobs in worker processes, the same result as nets.train one by one
# ----------------------------------------------------------------------------------------------
def _jobs() -> list[tuple]:
    x0, y0 = _toy(40, seed=0)
    x1, y1 = _toy(40, seed=1)
    xs, ys = torch.stack([x0, x1]), torch.stack([y0, y1])
    return [
        (nets.cnn(2, 4, n_models=2, seed=3), xs, ys, {"steps": 30, "batch_size": 10, "loss_target": 1.5, "seed": 2}),
        (nets.mlp(3, 16, n_models=2, seed=4), xs, ys, {"steps": 40, "batch_size": 8, "loss_target": 1.0, "seed": 5}),
        (nets.mlp(1, 8, n_models=1, seed=6), x0, y0, {"steps": 25, "lr": 3e-2}),
        (nets.cnn(1, 3, n_models=1, seed=7), x1, y1, {"steps": 20, "seed": 1}),
    ]


def test_train_many_equals_train_bit_for_bit() -> None:
    """Jobs run by worker processes give exactly the parameters, losses and snapshots of nets.train."""
    alone = _jobs()
    expected = [nets.train(model, x, y, **kw) for model, x, y, kw in alone]
    for processes in (2, 3):
        jobs = _jobs()
        got = nets.train_many(jobs, processes=processes)
        for (m_got, *_), (m_exp, *_), r_got, r_exp in zip(jobs, alone, got, expected, strict=True):
            for p, q in zip(m_got.parameters(), m_exp.parameters(), strict=True):
                assert torch.equal(p, q)
            assert np.array_equal(r_got.losses, r_exp.losses)
            assert np.array_equal(r_got.steps_to_target, r_exp.steps_to_target)
            assert (r_got.at_target is None) == (r_exp.at_target is None)
            if r_exp.at_target is not None:
                assert r_exp.reached.any()  # the snapshot is exercised
                for p, q in zip(r_got.at_target.parameters(), r_exp.at_target.parameters(), strict=True):
                    assert torch.equal(p, q)


def test_train_many_in_one_process_and_with_pruned_models() -> None:
    """processes=1 is nets.train in a loop; a pruned model (gradient hooks) is trained by the caller."""
    x, y = _toy()
    base = nets.mlp(2, 16, n_models=2, seed=0)
    masks = nets.magnitude_masks(base, 0.5)
    jobs = [(nets.masked(base, masks), x, y, {"steps": 30}), (nets.mlp(1, 8, seed=1), x, y, {"steps": 30})]
    ref = [(nets.masked(base, masks), x, y, {"steps": 30}), (nets.mlp(1, 8, seed=1), x, y, {"steps": 30})]
    expected = [nets.train(m, a, b, **kw) for m, a, b, kw in ref]
    for processes in (1, 2):
        got = nets.train_many(jobs if processes == 1 else [
            (nets.masked(base, masks), x, y, {"steps": 30}), (nets.mlp(1, 8, seed=1), x, y, {"steps": 30})],
            processes=processes)
        for r_got, r_exp in zip(got, expected, strict=True):
            assert np.array_equal(r_got.losses, r_exp.losses)
    for name, w in nets.prunable_weights(jobs[0][0]).items():
        assert torch.all(w[~masks[name]] == 0)  # pruned weights stayed exactly zero


@pytest.mark.parametrize(
    "jobs, name",
    [
        ([], "jobs"),
        ("abc", "jobs"),
        ([(nets.mlp(1), *_toy())], "jobs[0]"),
        ([("model", *_toy(), {"steps": 1})], "model"),
        ([(nets.mlp(1), *_toy(), {"lr": 0.1})], "train_kwargs"),
        ([(nets.mlp(1), *_toy(), {"steps": 1, "epochs": 2})], "train_kwargs"),
        ([(nets.mlp(1), torch.zeros(5, 3), torch.zeros(5, dtype=torch.long), {"steps": 1})], "x"),
    ],
)
def test_train_many_refuses_bad_jobs(jobs, name: str) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match=name.replace("[", r"\[").replace("]", r"\]")):
        nets.train_many(jobs, processes=1)


def test_train_many_refuses_a_model_twice_and_bad_train_arguments() -> None:
    model, (x, y) = nets.mlp(1), _toy()
    with pytest.raises(ValueError, match="same model"):
        nets.train_many([(model, x, y, {"steps": 1}), (model, x, y, {"steps": 1})], processes=1)
    with pytest.raises(ValueError, match="steps"):  # refused by nets.train inside a worker, raised here
        nets.train_many([(nets.mlp(1), x, y, {"steps": 1}), (nets.mlp(1), x, y, {"steps": 0})], processes=2)
    for bad in (0, 65, True, 1.5, "2"):
        with pytest.raises(ValueError, match="processes"):
            nets.train_many([(nets.mlp(1), x, y, {"steps": 1})], processes=bad)


def test_default_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    from genbounds import _parallel, _random

    monkeypatch.delenv("GENBOUNDS_PROCESSES", raising=False)
    monkeypatch.setattr(_parallel, "_usable_cores", lambda: 8)
    assert nets.default_processes() == _parallel.MAX_PROCESSES == 2
    monkeypatch.setattr(_parallel, "_usable_cores", lambda: 1)
    assert nets.default_processes() == 1  # one core: no worker
    monkeypatch.setenv("GENBOUNDS_PROCESSES", "3")
    assert nets.default_processes() == 3
    for bad in ("0", "x", "100"):
        monkeypatch.setenv("GENBOUNDS_PROCESSES", bad)
        with pytest.raises(ValueError, match="GENBOUNDS_PROCESSES"):
            nets.default_processes()
    assert _random._usable_cores() >= 1


@pytest.mark.parametrize("text, cores", [("max 100000\n", None), ("150000 100000\n", 2), ("50000 100000", 1),
                                         ("400000 100000", 4), ("garbage", None), ("", None)])
def test_container_cpu_quota(tmp_path, text: str, cores: int | None) -> None:  # noqa: ANN001
    from genbounds import _random

    path = tmp_path / "cpu.max"
    path.write_text(text)
    assert _random._cpu_quota(str(path)) == cores
    assert _random._cpu_quota(str(tmp_path / "missing")) is None
