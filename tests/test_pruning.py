"""Tests of the pruning helpers of genbounds.nets: magnitude masks (by absolute value, per member and
layer, nested), random masks of the same size, rewinding, pruned weights frozen at exactly 0 under
training, stacking ensembles, and input validation."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch

from genbounds import nets

torch.set_num_threads(1)


def _toy(n: int = 60, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 10
    return torch.randn(10, 40, generator=g)[y] + 0.3 * torch.randn(n, 40, generator=g), y


def test_prunable_weights_are_the_layer_weights() -> None:
    model = nets.mlp(2, 8, n_models=3)
    assert list(nets.prunable_weights(model)) == ["hidden.0.weight", "hidden.1.weight", "readout.weight"]
    assert list(nets.prunable_weights(nets.cnn(2, 4))) == ["hidden.0.weight", "hidden.1.weight", "readout.weight"]
    with pytest.raises(ValueError, match="model"):
        nets.prunable_weights(torch.nn.Linear(2, 2))


def test_magnitude_masks_keep_largest_absolute_values() -> None:
    model = nets.mlp(1, 4, n_models=2, in_features=3, n_classes=2)
    with torch.no_grad():
        w = model.hidden[0].weight  # (2, 3, 4)
        w[0] = torch.tensor([[-5.0, 0.1, 0.2, 0.3], [0.4, -0.5, 0.6, 0.7], [0.8, 0.9, -1.0, 2.0]])
        w[1] = -w[0]
    masks = nets.magnitude_masks(model, {"hidden.0.weight": 0.75, "readout.weight": 0.0})
    kept = masks["hidden.0.weight"]
    # 12 weights, keep round(0.25 * 12) = 3: |-5|, |2|, |-1| -- the large negative weights are kept
    expected = torch.zeros(3, 4, dtype=torch.bool)
    expected[0, 0] = expected[2, 3] = expected[2, 2] = True
    assert torch.equal(kept[0], expected) and torch.equal(kept[1], expected)  # sign does not matter
    assert masks["readout.weight"].all()
    # the bug this guards against: w < eps keeps *negative* weights and prunes nothing of size
    assert not torch.equal(w[0] < 0.5, expected)


def test_magnitude_masks_nested_and_exact_counts() -> None:
    model = nets.mlp(2, 16, n_models=3, seed=4)
    m1 = nets.magnitude_masks(model, 0.5)
    m2 = nets.magnitude_masks(model, 0.8, m1)
    for name, w in nets.prunable_weights(model).items():
        per_member = w[0].numel()
        assert torch.all(m1[name].reshape(3, -1).sum(1) == round(0.5 * per_member))
        assert torch.all(m2[name].reshape(3, -1).sum(1) == round(0.2 * per_member))
        assert not (m2[name] & ~m1[name]).any()  # nested
        # every kept weight is at least as large as every pruned one, member by member
        for j in range(3):
            a, k = w[j].detach().abs().reshape(-1), m1[name][j].reshape(-1)
            assert a[k].min() >= a[~k].max()
    assert np.allclose(nets.density(m1), 0.5, atol=0.01)
    with pytest.raises(ValueError, match="more than the current masks keep"):
        nets.magnitude_masks(model, 0.3, m2)
    with pytest.raises(ValueError, match="sparsity"):
        nets.magnitude_masks(model, 1.5)


def test_random_masks_same_counts_and_seeded() -> None:
    model = nets.mlp(2, 16, n_models=3, seed=4)
    masks = nets.magnitude_masks(model, 0.7)
    r1, r2, r3 = nets.random_masks(masks, 1), nets.random_masks(masks, 1), nets.random_masks(masks, 2)
    for name in masks:
        assert torch.equal(r1[name].reshape(3, -1).sum(1), masks[name].reshape(3, -1).sum(1))
        assert torch.equal(r1[name], r2[name]) and not torch.equal(r1[name], r3[name])
    # uniform positions: over many draws every position of a layer is kept about (1 - s) of the time
    freq = torch.stack([nets.random_masks(masks, s)["hidden.1.weight"][0].float() for s in range(400)]).mean(0)
    se = np.sqrt(0.3 * 0.7 / 400)
    assert float((freq - 0.3).abs().max()) < 5 * se


def test_masked_rewinds_and_freezes_pruned_weights() -> None:
    x, y = _toy()
    model = nets.mlp(2, 16, n_models=2, seed=3)
    init = copy.deepcopy(model.state_dict())
    nets.train(model, x, y, steps=30, lr=1e-2)
    masks = nets.magnitude_masks(model, 0.8)
    ticket = nets.masked(model, masks, state=init)
    for name, w in nets.prunable_weights(ticket).items():
        assert torch.equal(w, init[name] * masks[name])  # rewound to the initial weights, then pruned
    assert not torch.equal(model.hidden[0].weight, ticket.hidden[0].weight)  # the original is untouched
    nets.train(ticket, x, y, steps=40, lr=1e-2, batch_size=20)
    for name, w in nets.prunable_weights(ticket).items():
        assert torch.all(w[~masks[name]] == 0)  # exactly zero after training
        moved = (w[masks[name]] != init[name][masks[name]]).float().mean()
        assert moved > 0.5  # and the kept ones moved (except those of units that are dead on the data)
    with pytest.raises(ValueError, match="masks"):
        nets.masked(model, {"hidden.0.weight": masks["hidden.0.weight"]})


def test_stack_members_matches_the_parts() -> None:
    x, _ = _toy(7)
    a, b = nets.mlp(2, 8, n_models=2, seed=1), nets.mlp(2, 8, n_models=3, seed=2)
    s = nets.stack_members(a, b)
    assert s.n_models == 5
    out = s(x)
    assert torch.allclose(out[:2], a(x)) and torch.allclose(out[2:], b(x))
    c = nets.stack_members(nets.cnn(2, 4, n_models=1, seed=1), nets.cnn(2, 4, n_models=2, seed=2))
    assert c(x).shape == (3, 7, 10)
    with pytest.raises(ValueError, match="architecture"):
        nets.stack_members(a, nets.mlp(2, 9))
