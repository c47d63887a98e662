"""Networks for the information plane: a batched ensemble whose members may differ in their activation.

The information-plane experiments (chapter 9) follow every layer of small fully connected networks
during full-batch training, for tanh and ReLU networks and several initialisations. Training them one
at a time costs one Python step per network and epoch; here they are one ensemble: every weight tensor
has a leading member axis, the layers are batched matrix products (``torch.baddbmm``), and member
``j`` applies its own activation (tanh or ReLU). Members never interact: the training loss is the sum
of the members' losses and Adam updates every coordinate separately, so each member follows exactly
the trajectory it would follow alone (``tests/test_infonets.py`` checks it).

Initialisation is PyTorch's default for ``torch.nn.Linear``: weights and biases
uniform on :math:`[-1/\\sqrt{\\text{fan-in}}, 1/\\sqrt{\\text{fan-in}}]`, drawn from a
``torch.Generator`` seeded by ``seed``. Members are grouped by seed: member ``j`` uses the initial
weights number ``j % n_seeds``, so a tanh and a ReLU member of the same seed start from the same weights.

References
----------
``shwartzziv2017``, ``saxe2019`` (the information-plane experiments); ``kingma2015`` (Adam).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

__all__ = ["LayerRecord", "PlaneMLP", "train_recording"]

_ACTIVATIONS = ("tanh", "relu")


#: Largest size (width, number of seeds, features, classes) and number of epochs accepted: far beyond the
#: course's networks, small enough that a typo fails at once instead of allocating for ever.
MAX_SIZE = 100_000
MAX_EPOCHS = 10_000_000


def _check_int(value: Any, name: str, lowest: int = 1, highest: int = MAX_SIZE) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lowest <= value <= highest:
        raise ValueError(f"{name} must be an integer in [{lowest}, {highest}], got {value!r}")
    return int(value)


def _check_tensor(value: Any, name: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise ValueError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    return value


class PlaneMLP(nn.Module):
    """An ensemble of fully connected networks, one member per (activation, seed) pair.

    Member ``a * n_seeds + s`` has activation ``activations[a]`` and initial weights number ``s``
    (the same for every activation). Each member maps ``x`` of shape ``(N, in_features)`` through hidden
    layers :math:`T_k = \\phi(T_{k-1} W_k + b_k)` of the given widths and a linear read-out to logits.

    Parameters
    ----------
    widths : sequence of int
        Widths of the hidden layers (each >= 1, at least one layer).
    activations : sequence of str
        Activations of the member groups, each ``"tanh"`` or ``"relu"``.
    n_seeds : int
        Number of initialisations per activation.
    in_features, n_classes : int
        Input dimension and number of classes.
    seed : int
        Seed of the ``torch.Generator`` that draws the initial weights (>= 0).
    """

    def __init__(self, widths: Any, activations: Any = ("tanh", "relu"), *, n_seeds: int = 1,
                 in_features: int = 64, n_classes: int = 10, seed: int = 0) -> None:
        super().__init__()
        if isinstance(widths, (int, np.integer, str)) or not hasattr(widths, "__len__") or len(widths) == 0:
            raise ValueError(f"widths must be a non-empty sequence of integers, got {widths!r}")
        self.widths = tuple(_check_int(w, "widths") for w in widths)
        try:
            acts = (activations,) if isinstance(activations, str) else tuple(activations)
        except TypeError:
            acts = ()
        if len(acts) == 0 or any(not isinstance(a, str) or a not in _ACTIVATIONS for a in acts):
            raise ValueError(f"activations must be a non-empty sequence of 'tanh' / 'relu', got {activations!r}")
        self.activations = acts
        self.n_seeds = _check_int(n_seeds, "n_seeds")
        self.in_features = _check_int(in_features, "in_features")
        self.n_classes = _check_int(n_classes, "n_classes", lowest=2)
        self.n_models = len(acts) * self.n_seeds
        gen = torch.Generator().manual_seed(_check_int(seed, "seed", lowest=0, highest=2**63 - 1))
        dims = [self.in_features, *self.widths, self.n_classes]
        weights, biases = [], []
        for a, b in zip(dims[:-1], dims[1:], strict=True):
            bound = 1.0 / math.sqrt(a)
            w = (2 * torch.rand(self.n_seeds, a, b, generator=gen) - 1) * bound
            c = (2 * torch.rand(self.n_seeds, 1, b, generator=gen) - 1) * bound
            weights.append(nn.Parameter(w.repeat(len(acts), 1, 1)))
            biases.append(nn.Parameter(c.repeat(len(acts), 1, 1)))
        self.weights, self.biases = nn.ParameterList(weights), nn.ParameterList(biases)

    def member(self, activation: str, seed: int) -> int:
        """Index of the member with this activation and initialisation number."""
        if not isinstance(activation, str) or activation not in self.activations:
            raise ValueError(f"activation must be one of {self.activations}, got {activation!r}")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < self.n_seeds:
            raise ValueError(f"seed must lie in [0, {self.n_seeds}), got {seed!r}")
        return self.activations.index(activation) * self.n_seeds + seed

    def _activate(self, z: torch.Tensor) -> torch.Tensor:
        # members are grouped by activation (n_seeds consecutive members each): one call per group
        groups = z.split(self.n_seeds)
        return torch.cat([torch.tanh(g) if a == "tanh" else torch.relu(g)
                          for a, g in zip(self.activations, groups, strict=True)])

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The hidden layers :math:`T_1, \\dots, T_L` of every member, each ``(n_models, N, width)``."""
        if _check_tensor(x, "x").dim() != 2 or x.shape[1] != self.in_features:
            raise ValueError(f"x must have shape (N, {self.in_features}), got {tuple(x.shape)}")
        # the first layer sees the same input in every member: one matrix product for all of them
        m, (w1, b1) = self.n_models, (self.weights[0], self.biases[0])
        z = (x @ w1.permute(1, 0, 2).reshape(self.in_features, -1)).view(x.shape[0], m, -1).transpose(0, 1) + b1
        h = self._activate(z)
        out = [h]
        for w, b in zip(self.weights[1:-1], self.biases[1:-1], strict=True):
            h = self._activate(torch.baddbmm(b, h, w))
            out.append(h)
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits of every member, ``(n_models, N, n_classes)``."""
        return torch.baddbmm(self.biases[-1], self.features(x)[-1], self.weights[-1])

    def losses(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Mean cross-entropy of each member on ``(x, y)``, shape ``(n_models,)``."""
        logits = self(x)
        if _check_tensor(y, "y").dim() != 1 or y.shape[0] != logits.shape[1]:
            raise ValueError(f"y must have shape ({logits.shape[1]},), got {tuple(y.shape)}")
        # -log softmax(logits)[y] = logsumexp(logits) - logits[y] (faster than F.cross_entropy on the CPU)
        picked = logits.gather(-1, y.view(1, -1, 1).expand(logits.shape[0], -1, 1))[..., 0]
        return (torch.logsumexp(logits, dim=-1) - picked).mean(dim=1)

    @torch.no_grad()
    def errors(self, x: torch.Tensor, y: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
        """0-1 error and mean cross-entropy of each member on ``(x, y)`` (float64 arrays)."""
        wrong = (self(x).argmax(-1) != y).double().mean(dim=1)
        return wrong.numpy(), self.losses(x, y).double().numpy()


@dataclass
class LayerRecord:
    """What :func:`train_recording` returns.

    Attributes
    ----------
    epochs : ndarray of int, shape (E,)
        The recorded epochs (after that epoch's update).
    layers : list of list of ndarray
        ``layers[e][k]``: layer :math:`T_{k+1}` of every member on the training inputs at epoch
        ``epochs[e]``, float64 array ``(n_models, N, width_k)``.
    weights : list of list of (ndarray, ndarray)
        ``weights[e][k]``: weight ``(n_models, d_in, d_out)`` and bias ``(n_models, d_out)`` of layer
        ``k + 1`` (the last entry is the read-out) at epoch ``epochs[e]``, float64.
    """

    epochs: np.ndarray
    layers: list[list[np.ndarray]]
    weights: list[list[tuple[np.ndarray, np.ndarray]]]


def train_recording(model: PlaneMLP, x: torch.Tensor, y: torch.Tensor, *, epochs: int, lr: float,
                    record: Any) -> LayerRecord:
    """Full-batch Adam on the sum of the members' mean cross-entropies, recording every layer.

    At each epoch every member takes one Adam step (``kingma2015``, default betas) on its own mean
    cross-entropy over the whole training set; after the update of each epoch in ``record`` the hidden
    layers of all members on ``x`` and all weights are stored.

    Parameters
    ----------
    model : PlaneMLP
        Trained in place.
    x, y : torch.Tensor
        Training inputs ``(N, in_features)`` (float32) and int64 labels ``(N,)``.
    epochs : int
        Number of full-batch steps (>= 1).
    lr : float
        Adam's learning rate (> 0).
    record : array_like of int
        Epochs (in ``[1, epochs]``) after which the layers are recorded.

    Returns
    -------
    LayerRecord

    References
    ----------
    ``kingma2015``; ``shwartzziv2017``.
    """
    if not isinstance(model, PlaneMLP):
        raise ValueError(f"model must be a PlaneMLP, got {type(model).__name__}")
    n_epochs = _check_int(epochs, "epochs", highest=MAX_EPOCHS)
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not lr > 0 or not math.isfinite(lr):
        raise ValueError(f"lr must be a finite number > 0, got {lr!r}")
    rec = np.unique(np.asarray(record, dtype=int).reshape(-1))
    if rec.size == 0 or rec[0] < 1 or rec[-1] > n_epochs:
        raise ValueError(f"record must hold epochs in [1, {n_epochs}], got {record!r}")
    if _check_tensor(x, "x").dim() != 2 or _check_tensor(y, "y").dim() != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"x must be (N, d) and y (N,), got {tuple(x.shape)} and {tuple(y.shape)}")
    optimiser = torch.optim.Adam(model.parameters(), lr=float(lr), foreach=True)
    wanted = set(rec.tolist())
    layers: list[list[np.ndarray]] = []
    weights: list[list[tuple[np.ndarray, np.ndarray]]] = []
    for epoch in range(1, n_epochs + 1):
        loss = model.losses(x, y).sum()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if epoch in wanted:
            with torch.no_grad():
                layers.append([t.double().numpy() for t in model.features(x)])
                weights.append([(w.detach().double().numpy(), b.detach()[:, 0].double().numpy())
                                for w, b in zip(model.weights, model.biases, strict=True)])
    return LayerRecord(rec, layers, weights)
