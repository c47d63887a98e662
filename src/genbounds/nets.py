"""Small PyTorch networks with a depth parameter, trained many at a time on the CPU.

The experiments on depth need dozens of small networks (depths 1 to 8, several seeds) trained in
seconds. Every model here is therefore an *ensemble of independent members*: each weight tensor has a
leading axis of length ``n_models`` and the layers are batched matrix products (``torch.baddbmm``)
or grouped convolutions (``groups = n_models``), so that one Python step trains all members at once.
Members share one training set or each have their own (an independent sample per seed). Members
never interact: the training loss is the sum of the members' losses, so each member's gradient is
its own, and Adam updates every coordinate separately. (``tests/test_nets.py`` checks that a jointly
trained member matches the same member trained alone.)

Several independent ensembles (one per depth, say) are trained in parallel processes by
:func:`train_many`, with exactly the result of :func:`train` one by one (``genbounds._parallel``).

Two families, both of width matched across depth:

* :class:`MLP`: ``depth`` hidden layers ``h <- relu(W h + b)`` of ``width`` units, then a linear readout;
* :class:`CNN`: ``depth`` blocks *convolution (``channels`` filters, "same" padding) -> ReLU -> max
  pooling by 2* (pooling only while the signal is at least 2 long), then a linear readout of the
  flattened features. No convolution is a "contraction layer" in the sense of ``zhang2018``'s Lemma 1
  (a linear map of rank below its input dimension): a "same"-padded convolution with ``channels``
  filters has more outputs than inputs (the first block maps 40 numbers to ``40 * channels``) and full
  rank (chapter 6 checks it); what merges inputs is the ReLU and the pooling.

Weights are initialised as in ``he2015`` (normal, variance ``2 / fan_in``; readout ``1 / fan_in``),
biases at zero, from a ``torch.Generator`` seeded by the ``seed`` argument, so a model is a
deterministic function of its arguments.

References
----------
``zhang2018`` (depth and contraction); ``greydanus2020`` (the MNIST-1D baselines these nets are
compared with); ``kingma2015`` (Adam); ``he2015`` (initialisation).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from genbounds._validation import check_flag, check_positive, single

__all__ = ["CNN", "MLP", "TrainResult", "cnn", "density", "evaluate", "magnitude_masks", "masked", "mlp", "n_parameters",
           "prunable_weights", "random_masks", "stack_members", "train", "train_many", "default_processes"]


def _check_int(value: Any, name: str, lowest: int = 1, highest: int = 10**7) -> int:
    """An integer in ``[lowest, highest]`` (sizes above 10**7 would not fit in memory as weights)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lowest <= value <= highest:
        raise ValueError(f"{name} must be an integer in [{lowest}, {highest}], got {value!r}")
    return int(value)


def _generator(seed: Any) -> torch.Generator:
    seed_i = _check_int(seed, "seed", lowest=0, highest=2**63 - 1)
    return torch.Generator().manual_seed(seed_i)


class _Linear(nn.Module):
    """``n_models`` independent affine maps: ``(m, N, d_in) -> (m, N, d_out)``."""

    def __init__(self, n_models: int, d_in: int, d_out: int, gen: torch.Generator, gain: float) -> None:
        super().__init__()
        std = math.sqrt(gain / d_in)
        self.weight = nn.Parameter(torch.randn(n_models, d_in, d_out, generator=gen) * std)
        self.bias = nn.Parameter(torch.zeros(n_models, 1, d_out))

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return torch.baddbmm(self.bias, h, self.weight)


class _Conv(nn.Module):
    """``n_models`` independent 1-D convolutions with "same" padding, as one grouped convolution.

    Input ``(N, n_models * c_in, length)``, output ``(N, n_models * c_out, length)`` (member ``j`` owns the
    channel block ``j``): ``out[s, (j, o), i] = b[j, o] + sum_{c, t} W[j, o, c, t] x[s, (j, c), i + t - k // 2]``
    with zero padding, the cross-correlation of ``torch.nn.functional.conv1d`` with ``groups = n_models``.
    """

    def __init__(self, n_models: int, c_in: int, c_out: int, kernel_size: int, gen: torch.Generator) -> None:
        super().__init__()
        self.n_models, self.kernel_size = n_models, kernel_size
        fan_in = c_in * kernel_size
        self.weight = nn.Parameter(torch.randn(n_models, c_out, c_in, kernel_size, generator=gen)
                                   * math.sqrt(2.0 / fan_in))
        self.bias = nn.Parameter(torch.zeros(n_models, c_out))

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        m, c_out, c_in, k = self.weight.shape
        return F.conv1d(h, self.weight.reshape(m * c_out, c_in, k), self.bias.reshape(-1), padding=k // 2,
                        groups=m)


def _max_pool2(h: torch.Tensor) -> torch.Tensor:
    """Max over non-overlapping pairs along the last axis (an odd last position is dropped).

    The same values as ``torch.nn.functional.max_pool1d(h, 2)`` (checked in the tests), faster on the CPU.
    """
    n, c, length = h.shape
    half = length // 2
    return h[..., : 2 * half].reshape(n, c, half, 2).max(dim=-1).values


class _Ensemble(nn.Module):
    """Shared input handling: ``x`` of shape ``(N, d)`` (same data for all members) or ``(m, N, d)``."""

    n_models: int
    in_features: int

    def _batch(self, x: torch.Tensor) -> torch.Tensor:
        if not isinstance(x, torch.Tensor) or not x.is_floating_point():
            raise ValueError(f"x must be a floating-point torch tensor, got {type(x).__name__}")
        if x.dim() == 2:
            x = x.unsqueeze(0).expand(self.n_models, -1, -1)
        if x.dim() != 3 or x.shape[0] != self.n_models or x.shape[-1] != self.in_features:
            raise ValueError(f"x must have shape (N, {self.in_features}) or ({self.n_models}, N, "
                             f"{self.in_features}), got {tuple(x.shape)}")
        return x


class MLP(_Ensemble):
    """``n_models`` independent ReLU networks with ``depth`` hidden layers of ``width`` units.

    ``forward(x)`` maps ``x`` of shape ``(N, in_features)`` to logits of shape ``(n_models, N, n_classes)``.
    ``depth`` counts the hidden (nonlinear) layers; the readout is one more affine map.
    """

    def __init__(self, depth: int, width: int = 64, *, in_features: int = 40, n_classes: int = 10,
                 n_models: int = 1, seed: int = 0) -> None:
        super().__init__()
        self.depth = _check_int(depth, "depth")
        self.width = _check_int(width, "width")
        self.in_features = _check_int(in_features, "in_features")
        self.n_classes = _check_int(n_classes, "n_classes", lowest=2)
        self.n_models = _check_int(n_models, "n_models")
        gen = _generator(seed)
        dims = [self.in_features] + [self.width] * self.depth
        self.hidden = nn.ModuleList(_Linear(self.n_models, a, b, gen, 2.0) for a, b in zip(dims[:-1], dims[1:], strict=True))
        self.readout = _Linear(self.n_models, self.width, self.n_classes, gen, 1.0)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The representations ``T_1, ..., T_depth`` (each ``(n_models, N, width)``)."""
        h, out = self._batch(x), []
        for layer in self.hidden:
            h = torch.relu(layer(h))
            out.append(h)
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.readout(self.features(x)[-1])


class CNN(_Ensemble):
    """``n_models`` independent 1-D CNNs: ``depth`` blocks conv -> ReLU -> max-pool(2), then a readout.

    Every block has ``channels`` filters of odd size ``kernel_size`` with "same" padding; pooling halves
    the length (rounding down) while it is at least 2, so a signal of length 40 shrinks as
    40, 20, 10, 5, 2, 1, 1, ... ``forward(x)`` maps ``(N, length)`` to logits ``(n_models, N, n_classes)``.
    """

    def __init__(self, depth: int, channels: int = 32, *, length: int = 40, n_classes: int = 10,
                 kernel_size: int = 3, n_models: int = 1, seed: int = 0) -> None:
        super().__init__()
        self.depth = _check_int(depth, "depth")
        self.channels = _check_int(channels, "channels")
        self.in_features = _check_int(length, "length")
        self.n_classes = _check_int(n_classes, "n_classes", lowest=2)
        self.kernel_size = _check_int(kernel_size, "kernel_size")
        if self.kernel_size % 2 == 0:
            raise ValueError(f"kernel_size must be odd (for 'same' padding), got {kernel_size!r}")
        self.n_models = _check_int(n_models, "n_models")
        gen = _generator(seed)
        convs, pools, size, c_in = [], [], self.in_features, 1
        for _ in range(self.depth):
            convs.append(_Conv(self.n_models, c_in, self.channels, self.kernel_size, gen))
            pools.append(size >= 2)
            size, c_in = (size // 2 if size >= 2 else size), self.channels
        self.hidden = nn.ModuleList(convs)
        self.pools = tuple(pools)
        self.out_length = size
        self.readout = _Linear(self.n_models, self.channels * size, self.n_classes, gen, 1.0)

    def _blocks(self, x: torch.Tensor) -> list[torch.Tensor]:
        """Internal layout ``(N, n_models * channels, length_l)`` after each block."""
        x = self._batch(x)  # (m, N, length)
        h, out = x.transpose(0, 1), []  # (N, m, length): one input channel per member
        for conv, pool in zip(self.hidden, self.pools, strict=True):
            h = torch.relu(conv(h))
            h = _max_pool2(h) if pool else h
            out.append(h)
        return out

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The representations after each block, each ``(n_models, N, length_l, channels)``."""
        out = []
        for h in self._blocks(x):
            n, _, length = h.shape
            out.append(h.view(n, self.n_models, self.channels, length).permute(1, 0, 3, 2))
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self._blocks(x)[-1]
        n = h.shape[0]
        flat = h.reshape(n, self.n_models, -1).transpose(0, 1)  # (m, N, channels * out_length)
        return self.readout(flat)


def mlp(depth: int, width: int = 64, *, n_models: int = 1, seed: int = 0, **kwargs: Any) -> MLP:
    """An :class:`MLP` with ``depth`` hidden layers of ``width`` units (``n_models`` seeds at once)."""
    return MLP(depth, width, n_models=n_models, seed=seed, **kwargs)


def cnn(depth: int, channels: int = 32, *, n_models: int = 1, seed: int = 0, **kwargs: Any) -> CNN:
    """A :class:`CNN` with ``depth`` conv-pool blocks of ``channels`` filters (``n_models`` seeds at once)."""
    return CNN(depth, channels, n_models=n_models, seed=seed, **kwargs)


def n_parameters(model: nn.Module) -> int:
    """Number of trainable parameters of *one* member of an ensemble model."""
    return int(sum(p[0].numel() for p in model.parameters()))


def _check_xy(model: nn.Module, x: Any, y: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """Accept shared data ``x (N, d), y (N,)`` or one data set per member ``x (m, N, d), y (m, N)``."""
    d, m = getattr(model, "in_features", -1), getattr(model, "n_models", -1)
    ok = isinstance(x, torch.Tensor) and x.shape[-1:] == (d,) and (
        x.dim() == 2 or (x.dim() == 3 and x.shape[0] == m))
    if not ok:
        shape = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
        raise ValueError(f"x must be a torch tensor of shape (N, {d}) or ({m}, N, {d}), got {shape}")
    if not isinstance(y, torch.Tensor) or y.shape != x.shape[:-1] or y.dtype != torch.long:
        raise ValueError(f"y must be an int64 torch tensor of shape {tuple(x.shape[:-1])}")
    if y.numel() and (int(y.min()) < 0 or int(y.max()) >= model.n_classes):
        raise ValueError(f"y must hold labels in 0..{model.n_classes - 1}")
    if not bool(torch.isfinite(x).all()):
        raise ValueError("x must be finite (no NaN or inf)")
    return x.float(), y


def _per_sample_losses(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of every member on every sample, ``(n_models, N)``; ``y`` is ``(N,)`` or ``(m, N)``."""
    m, n, c = logits.shape
    target = y.repeat(m) if y.dim() == 1 else y.reshape(-1)
    return F.cross_entropy(logits.reshape(m * n, c), target, reduction="none").view(m, n)


def _losses(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of each member, shape ``(n_models,)``."""
    return _per_sample_losses(model(x), y).mean(dim=1)


@dataclass
class TrainResult:
    """What :func:`train` returns.

    Attributes
    ----------
    losses : ndarray, shape (steps_run, n_models)
        Training loss of each member at each step, measured before that step's update (on the
        current batch; the whole training set in full-batch mode).
    steps_to_target : ndarray of int, shape (n_models,)
        First step at which a member's training loss was <= ``loss_target`` (-1 if never, or if no
        target); with mini-batches, the training loss is the mean over the last epoch (see :func:`train`).
    at_target : nn.Module or None
        A copy of the model in which every member that reached the target holds its parameters of
        that step (the model "trained to the target"); members that never reached it hold their final
        parameters. ``None`` if no target was given.
    """

    losses: np.ndarray
    steps_to_target: np.ndarray
    at_target: nn.Module | None

    @property
    def steps_run(self) -> int:
        return int(self.losses.shape[0])

    @property
    def reached(self) -> np.ndarray:
        """Boolean mask of the members that reached the loss target."""
        return self.steps_to_target >= 0


def train(model: nn.Module, x: torch.Tensor, y: torch.Tensor, *, steps: int, lr: float = 1e-2,
          batch_size: int | None = None, loss_target: float | None = None, stop_at_target: bool = False,
          seed: int = 0) -> TrainResult:
    """Train every member of ``model`` with Adam on the cross-entropy, for a fixed budget of steps.

    The update of member ``j`` at step ``t`` is Adam's (``kingma2015``, default betas) on the gradient
    of its own mean cross-entropy :math:`\\hat R_{B_t}(w_j) = \\frac{1}{|B_t|}\\sum_{i\\in B_t}
    \\ell(w_j, z_i)`; members are trained jointly by minimising :math:`\\sum_j \\hat R_{B_t}(w_j)`,
    which does not couple them.

    Parameters
    ----------
    model : MLP or CNN
        Trained in place.
    x, y : torch.Tensor
        Training signals ``(N, in_features)`` and int64 labels ``(N,)``, shared by all members; or one
        training set per member, ``(n_models, N, in_features)`` and ``(n_models, N)`` (member ``j`` is
        trained on ``x[j], y[j]``; the mini-batch positions are the same for all members).
    steps : int
        Budget: number of optimiser steps (>= 1).
    lr : float
        Adam's learning rate (> 0).
    batch_size : int or None
        ``None``: full-batch training (deterministic given the model). Otherwise mini-batches of this
        size (<= N) taken in order from a fresh random permutation of the data at each epoch, drawn
        from a ``torch.Generator`` seeded with ``seed``.
    loss_target : float or None
        Training-loss target (> 0). The parameters of each member at the first step where its training
        loss is <= the target are kept in ``TrainResult.at_target``. The training loss is the full-batch
        loss in full-batch mode and, with mini-batches, the mean of the mini-batch losses over the last
        epoch (the last ``N // batch_size`` steps): a running estimate, since the weights move during
        the epoch; evaluate the returned model to know its exact training loss.
    stop_at_target : bool
        Stop as soon as every member has reached ``loss_target``.
    seed : int
        Seed of the mini-batch order (unused in full-batch mode).

    Returns
    -------
    TrainResult

    References
    ----------
    ``kingma2015``.
    """
    x, y = _check_xy(model, x, y)
    steps_i = _check_int(steps, "steps")
    lr_f = single(check_positive(lr, "lr", finite=True), "lr")
    n = x.shape[-2]
    if batch_size is not None:
        batch_size = _check_int(batch_size, "batch_size")
        if batch_size > n:
            raise ValueError(f"batch_size must be <= the number of training samples {n}, got {batch_size}")
    if loss_target is not None:
        loss_target = single(check_positive(loss_target, "loss_target"), "loss_target")
    stop_at_target = check_flag(stop_at_target, "stop_at_target")
    if stop_at_target and loss_target is None:
        raise ValueError("stop_at_target=True needs a loss_target")
    gen = _generator(seed)

    m = model.n_models
    window = 1 if batch_size is None else max(n // batch_size, 1)  # steps per epoch
    # fused: one kernel per step for all parameters (about 20 % faster for small MLPs than the per-tensor
    # loop); the same update rule, elementwise, so members stay independent, rounded in another order
    optimiser = torch.optim.Adam(model.parameters(), lr=lr_f, fused=True)
    snapshot = copy.deepcopy(model) if loss_target is not None else None
    first = np.full(m, -1, dtype=np.int64)
    history = np.empty((steps_i, m), dtype=np.float64)
    order, cursor = None, n
    model.train()
    t = 0
    for t in range(steps_i):
        if batch_size is None:
            xb, yb = x, y
        else:
            if cursor + batch_size > n:  # new epoch: fresh permutation
                order, cursor = torch.randperm(n, generator=gen), 0
            idx = order[cursor : cursor + batch_size]
            cursor += batch_size
            xb, yb = x[..., idx, :], y[..., idx]
        losses = _losses(model, xb, yb)
        values = losses.detach().double().numpy()
        history[t] = values
        if snapshot is not None and t + 1 >= window:
            running = history[t + 1 - window : t + 1].mean(axis=0)  # the loss over the last epoch
            newly = (first < 0) & (running <= loss_target)
            if newly.any():
                first[newly] = t
                keep = torch.as_tensor(newly)
                with torch.no_grad():
                    for p_snap, p in zip(snapshot.parameters(), model.parameters(), strict=True):
                        p_snap[keep] = p[keep]
            if stop_at_target and (first >= 0).all():
                return TrainResult(history[: t + 1], first, snapshot)
        optimiser.zero_grad(set_to_none=True)
        losses.sum().backward()
        optimiser.step()
    if snapshot is not None:  # members that never reached the target keep their final parameters
        keep = torch.as_tensor(first < 0)
        with torch.no_grad():
            for p_snap, p in zip(snapshot.parameters(), model.parameters(), strict=True):
                p_snap[keep] = p[keep]
    return TrainResult(history, first, snapshot)


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, *, chunk: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """0-1 error and mean cross-entropy of every member on ``(x, y)``, in chunks of ``chunk`` samples.

    ``x, y`` are shared by all members (``(N, in_features)``, ``(N,)``) or given per member
    (``(n_models, N, in_features)``, ``(n_models, N)``), as in :func:`train`.

    Returns
    -------
    error, loss : ndarray, shape (n_models,)
        :math:`\\frac1N \\sum_i \\mathbf 1[\\arg\\max_c f_j(x_i)_c \\ne y_i]` and the mean cross-entropy.
    """
    x, y = _check_xy(model, x, y)
    chunk_i = _check_int(chunk, "chunk")
    model.eval()
    wrong = torch.zeros(model.n_models, dtype=torch.float64)
    loss = torch.zeros(model.n_models, dtype=torch.float64)
    n = x.shape[-2]
    for start in range(0, n, chunk_i):
        xb, yb = x[..., start : start + chunk_i, :], y[..., start : start + chunk_i]
        logits = model(xb)
        wrong += (logits.argmax(dim=-1) != yb).sum(dim=1).double()
        loss += _per_sample_losses(logits, yb).sum(dim=1).double()
    model.train()
    n = max(n, 1)
    return (wrong / n).numpy(), (loss / n).numpy()


# ----------------------------------------------------------------------------------------------
# Pruning: masks for batched ensembles, rewinding (chapter 10)
# ----------------------------------------------------------------------------------------------
def prunable_weights(model: nn.Module) -> dict[str, nn.Parameter]:
    """The weight tensors that pruning acts on: every layer's weight (hidden layers and readout).

    Biases are never pruned (they are few and are coded densely). Each tensor has the member axis
    first, ``(n_models, ...)``; the keys are the parameter names of ``model.named_parameters()``.
    """
    if not isinstance(model, _Ensemble):
        raise ValueError(f"model must be a genbounds.nets MLP or CNN, got {type(model).__name__}")
    return {name: p for name, p in model.named_parameters() if name.endswith("weight")}


def _check_masks(model: nn.Module, masks: Any) -> dict[str, torch.Tensor]:
    weights = prunable_weights(model)
    if not isinstance(masks, dict) or set(masks) != set(weights):
        raise ValueError(f"masks must be a dict with the keys {sorted(weights)}")
    for name, w in weights.items():
        m = masks[name]
        if not isinstance(m, torch.Tensor) or m.dtype != torch.bool or m.shape != w.shape:
            raise ValueError(f"masks[{name!r}] must be a bool tensor of shape {tuple(w.shape)}")
    return masks


def magnitude_masks(model: nn.Module, sparsity: float | dict[str, float],
                    masks: dict[str, torch.Tensor] | None = None) -> dict[str, torch.Tensor]:
    """Layer-wise magnitude pruning of every member: keep the largest ``|w|`` of each layer.

    For each member and each prunable layer of :math:`N` weights, the mask keeps the
    :math:`\\mathrm{round}((1 - s) N)` weights of largest **absolute value** among those that ``masks``
    still keeps (iterative magnitude pruning, ``frankle2019``): a large negative weight is kept. Ties
    are broken by position (a stable sort), so the result is deterministic.

    Parameters
    ----------
    model : MLP or CNN
        Its current weights are ranked (typically the weights at the end of training).
    sparsity : float or dict
        Target fraction :math:`s \\in [0, 1]` of each layer's weights that is pruned in total (not per
        round); a dict gives one value per weight name (see :func:`prunable_weights`), e.g. a lower
        rate for the readout as in ``frankle2019``.
    masks : dict or None
        Current masks (``None``: nothing pruned yet). The new masks are contained in them; the target
        must not keep more weights than they do.

    Returns
    -------
    dict of str to bool tensor
        One mask per prunable weight, same shape (member axis first); ``True`` = kept.

    References
    ----------
    ``frankle2019``.
    """
    weights = prunable_weights(model)
    if masks is None:
        masks = {name: torch.ones_like(w, dtype=torch.bool) for name, w in weights.items()}
    masks = _check_masks(model, masks)
    rates = sparsity if isinstance(sparsity, dict) else dict.fromkeys(weights, sparsity)
    if set(rates) != set(weights):
        raise ValueError(f"sparsity must be a float or a dict with the keys {sorted(weights)}")
    out = {}
    for name, w in weights.items():
        s = rates[name]
        if isinstance(s, bool) or not isinstance(s, (int, float, np.floating, np.integer)) or not 0.0 <= s <= 1.0:
            raise ValueError(f"sparsity must lie in [0, 1], got {rates[name]!r} for {name!r}")
        s, m = float(s), w.shape[0]
        flat_w = w.detach().reshape(m, -1).abs()
        flat_mask = masks[name].reshape(m, -1)
        keep = int(round((1.0 - s) * flat_w.shape[1]))
        if keep > int(flat_mask.sum(dim=1).min()):
            raise ValueError(f"sparsity {s} keeps {keep} weights of {name!r}, more than the current masks keep")
        score = torch.where(flat_mask, flat_w, torch.full_like(flat_w, -1.0))  # pruned weights rank last
        order = torch.argsort(score, dim=1, descending=True, stable=True)
        new = torch.zeros_like(flat_mask)
        new.scatter_(1, order[:, :keep], True)
        out[name] = new.reshape(w.shape)
    return out


def random_masks(masks: dict[str, torch.Tensor], seed: int) -> dict[str, torch.Tensor]:
    """Random masks with the same number of kept weights as ``masks``, per member and per layer.

    The control of ``frankle2019``: the positions are uniform among all subsets of that size, drawn
    from a ``torch.Generator`` seeded with ``seed``.
    """
    if not isinstance(masks, dict) or not masks:
        raise ValueError("masks must be a non-empty dict of bool tensors")
    gen = _generator(seed)
    out = {}
    for name, mask in masks.items():
        if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool or mask.dim() < 2:
            raise ValueError(f"masks[{name!r}] must be a bool tensor with a member axis first")
        m = mask.shape[0]
        flat = mask.reshape(m, -1)
        counts = flat.sum(dim=1)
        ranks = torch.argsort(torch.rand(flat.shape, generator=gen), dim=1)
        new = ranks < counts[:, None]  # a uniform random subset of each member's size
        out[name] = new.reshape(mask.shape)
    return out


def density(masks: dict[str, torch.Tensor]) -> np.ndarray:
    """Fraction of the prunable weights that ``masks`` keep, per member, shape ``(n_models,)``."""
    if not isinstance(masks, dict) or not masks:
        raise ValueError("masks must be a non-empty dict of bool tensors")
    kept = sum(m.reshape(m.shape[0], -1).sum(dim=1).double() for m in masks.values())
    total = sum(m[0].numel() for m in masks.values())
    return (kept / total).numpy()


def masked(model: nn.Module, masks: dict[str, torch.Tensor], state: dict[str, torch.Tensor] | None = None) -> nn.Module:
    """A copy of ``model`` pruned by ``masks``, optionally rewound to the weights ``state``.

    The copy takes the parameters of ``state`` (a ``state_dict`` saved earlier, e.g. at initialisation:
    *rewinding*, ``frankle2019``; after ``k`` steps: rewinding to iteration ``k``) or, if ``None``, those
    of ``model``; multiplies every prunable weight by its mask; and registers a gradient hook that
    zeroes the gradient of every pruned weight. A pruned weight therefore stays exactly 0 under
    :func:`train` (Adam's moments of a coordinate whose gradient is always 0 stay 0, so its update is 0).
    Exactly 0 means zero: the test is ``mask``, never a comparison such as ``w < eps`` on signed values.

    Parameters
    ----------
    model : MLP or CNN
    masks : dict of str to bool tensor
        As returned by :func:`magnitude_masks` or :func:`random_masks`.
    state : dict or None
        Parameters to load first (a ``state_dict`` of a model of the same architecture).

    Returns
    -------
    MLP or CNN
        The pruned copy (``model`` itself is not changed).
    """
    masks = _check_masks(model, masks)
    pruned = copy.deepcopy(model)
    if state is not None:
        if not isinstance(state, dict):
            raise ValueError("state must be a state_dict (a dict of tensors)")
        pruned.load_state_dict(state)
    with torch.no_grad():
        for name, w in prunable_weights(pruned).items():
            keep = masks[name].to(w.dtype)
            w.mul_(keep)
            w.register_hook(lambda g, keep=keep: g * keep)
    return pruned


def stack_members(*models: nn.Module) -> nn.Module:
    """One ensemble holding the members of several ensembles of the same architecture, in order.

    Lets variants that differ only in their weights or masks (a lottery ticket, its re-initialised
    control, a random mask) be trained as one batched model. Gradient hooks are not copied: stack
    first, then prune with :func:`masked` and masks concatenated along the member axis.
    """
    if not models or not all(isinstance(m, _Ensemble) for m in models):
        raise ValueError("models must be one or more genbounds.nets MLP or CNN models")
    first = models[0]
    names = [name for name, _ in first.named_parameters()]
    for other in models[1:]:
        if type(other) is not type(first) or [n for n, _ in other.named_parameters()] != names or any(
                p.shape[1:] != q.shape[1:] for p, q in zip(first.parameters(), other.parameters(), strict=True)):
            raise ValueError("models must all have the same architecture")
    out = copy.deepcopy(first)
    total = sum(m.n_models for m in models)
    params = [dict(m.named_parameters()) for m in models]
    with torch.no_grad():
        for name, p in out.named_parameters():
            p.data = torch.cat([ps[name].detach() for ps in params], dim=0).clone()
    for module in out.modules():
        if hasattr(module, "n_models"):
            module.n_models = total
    return out


# Parallel training of independent jobs (its own module; imported last, since it uses train).
from genbounds._parallel import default_processes, train_many  # noqa: E402
