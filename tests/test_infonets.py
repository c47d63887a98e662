"""Tests of genbounds.infonets: the ensemble of the information-plane experiments (chapter 9)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from genbounds import infonets


def data(n: int = 60, d: int = 64, classes: int = 10, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    return torch.rand(n, d, generator=gen), torch.randint(0, classes, (n,), generator=gen)


def reference_forward(model: infonets.PlaneMLP, x: torch.Tensor, j: int) -> tuple[list[torch.Tensor], torch.Tensor]:
    """Member j computed alone with torch.nn.functional.linear and its own activation."""
    act = torch.tanh if model.activations[j // model.n_seeds] == "tanh" else torch.relu
    h, out = x, []
    for w, b in zip(model.weights[:-1], model.biases[:-1], strict=True):
        h = act(F.linear(h, w[j].T, b[j, 0]))
        out.append(h)
    return out, F.linear(h, model.weights[-1][j].T, model.biases[-1][j, 0])


def test_forward_matches_each_member_computed_alone() -> None:
    torch.manual_seed(0)
    model = infonets.PlaneMLP((12, 8, 6, 4), ("tanh", "relu"), n_seeds=3, seed=5)
    x, _ = data()
    feats, logits = model.features(x), model(x)
    assert logits.shape == (6, 60, 10) and [t.shape for t in feats] == [(6, 60, w) for w in (12, 8, 6, 4)]
    for j in range(6):
        ref_feats, ref_logits = reference_forward(model, x, j)
        torch.testing.assert_close(logits[j], ref_logits, rtol=1e-5, atol=1e-6)
        for t, r in zip(feats, ref_feats, strict=True):
            torch.testing.assert_close(t[j], r, rtol=1e-5, atol=1e-6)
    assert torch.all(feats[0][:3].abs() < 1) and torch.all(feats[0][3:] >= 0)  # tanh members, then ReLU members


def test_initialisation_is_pytorch_default_and_shared_across_activations() -> None:
    model = infonets.PlaneMLP((30, 20), ("tanh", "relu"), n_seeds=2, seed=1)
    dims = (64, 30, 20, 10)
    for k, (w, b) in enumerate(zip(model.weights, model.biases, strict=True)):
        w, b = w.detach(), b.detach()
        bound = 1 / np.sqrt(dims[k])
        assert w.shape == (4, dims[k], dims[k + 1]) and b.shape == (4, 1, dims[k + 1])
        assert float(w.abs().max()) <= bound and float(b.abs().max()) <= bound
        assert float(w.abs().max()) > 0.9 * bound  # uniform over the whole interval, not a narrower law
        torch.testing.assert_close(w[:2], w[2:], rtol=0, atol=0)  # tanh member s and ReLU member s: same start
        assert not torch.equal(w[0], w[1])  # two seeds differ
    again = infonets.PlaneMLP((30, 20), ("tanh", "relu"), n_seeds=2, seed=1)
    assert all(torch.equal(a, b) for a, b in zip(model.parameters(), again.parameters(), strict=True))
    relu_only = infonets.PlaneMLP((30, 20), "relu", n_seeds=2, seed=1)
    assert all(torch.equal(a[2:], b) for a, b in zip(model.parameters(), relu_only.parameters(), strict=True))
    assert model.member("relu", 1) == 3 and model.member("tanh", 0) == 0


def test_losses_and_errors_are_cross_entropy_and_zero_one() -> None:
    model = infonets.PlaneMLP((8,), ("tanh", "relu"), n_seeds=2, seed=0)
    x, y = data(seed=3)
    logits = model(x)
    expected = torch.stack([F.cross_entropy(logits[j], y) for j in range(4)])
    torch.testing.assert_close(model.losses(x, y), expected, rtol=1e-5, atol=1e-6)
    err, ce = model.errors(x, y)
    assert err.dtype == np.float64 and ce.shape == (4,)
    np.testing.assert_allclose(err, [(logits[j].argmax(-1) != y).double().mean().item() for j in range(4)])
    np.testing.assert_allclose(ce, expected.detach().double().numpy(), rtol=1e-5)


def test_members_do_not_interact_in_training() -> None:
    """A member trained in the ensemble follows the trajectory it follows alone (Adam is per coordinate)."""
    x, y = data(n=80, seed=7)
    joint = infonets.PlaneMLP((12, 8, 6, 4), ("tanh", "relu"), n_seeds=2, seed=11)
    alone = infonets.PlaneMLP((12, 8, 6, 4), "relu", n_seeds=2, seed=11)
    rec_joint = infonets.train_recording(joint, x, y, epochs=40, lr=3e-3, record=[1, 10, 40])
    rec_alone = infonets.train_recording(alone, x, y, epochs=40, lr=3e-3, record=[1, 10, 40])
    for lj, la in zip(rec_joint.layers, rec_alone.layers, strict=True):
        for tj, ta in zip(lj, la, strict=True):
            np.testing.assert_allclose(tj[2:], ta, rtol=1e-4, atol=1e-5)
    assert not np.allclose(rec_joint.layers[-1][0][0], rec_joint.layers[0][0][0])  # training moved the layers


def test_recording_holds_the_layers_and_weights_of_each_recorded_epoch() -> None:
    x, y = data(n=50, seed=2)
    model = infonets.PlaneMLP((6, 4), ("tanh", "relu"), n_seeds=1, seed=0)
    before = model(x).detach()
    rec = infonets.train_recording(model, x, y, epochs=30, lr=1e-2, record=[30, 5, 5, 1])
    assert rec.epochs.tolist() == [1, 5, 30] and len(rec.layers) == 3 and len(rec.weights) == 3
    with torch.no_grad():
        final = [t.double().numpy() for t in model.features(x)]
    for t, f in zip(rec.layers[-1], final, strict=True):
        np.testing.assert_array_equal(t, f)
    w_last, b_last = rec.weights[-1][-1]
    assert w_last.shape == (2, 4, 10) and b_last.shape == (2, 10)
    np.testing.assert_array_equal(w_last, model.weights[-1].detach().double().numpy())
    assert model.losses(x, y).sum() < F.cross_entropy(before.reshape(-1, 10), y.repeat(2)) * 2


def test_errors() -> None:
    with pytest.raises(ValueError, match="widths"):
        infonets.PlaneMLP(())
    with pytest.raises(ValueError, match="widths"):
        infonets.PlaneMLP((4, 0))
    with pytest.raises(ValueError, match="activations"):
        infonets.PlaneMLP((4,), ("tanh", "sigmoid"))
    with pytest.raises(ValueError, match="n_seeds"):
        infonets.PlaneMLP((4,), n_seeds=0)
    with pytest.raises(ValueError, match="seed"):
        infonets.PlaneMLP((4,), seed=-1)
    model = infonets.PlaneMLP((4,), n_seeds=2)
    x, y = data(n=10)
    with pytest.raises(ValueError, match="x must have shape"):
        model.features(x[:, :5])
    with pytest.raises(ValueError, match="y must have shape"):
        model.losses(x, y[:5])
    with pytest.raises(ValueError, match="activation"):
        model.member("sigmoid", 0)
    with pytest.raises(ValueError, match="seed"):
        model.member("tanh", 2)
    with pytest.raises(ValueError, match="model"):
        infonets.train_recording(torch.nn.Linear(2, 2), x, y, epochs=2, lr=0.1, record=[1])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="epochs"):
        infonets.train_recording(model, x, y, epochs=0, lr=0.1, record=[1])
    with pytest.raises(ValueError, match="lr"):
        infonets.train_recording(model, x, y, epochs=2, lr=0.0, record=[1])
    with pytest.raises(ValueError, match="record"):
        infonets.train_recording(model, x, y, epochs=2, lr=0.1, record=[3])
