"""Data for the experiments on networks: MNIST-1D, generated locally, with unlimited ghost samples.

MNIST-1D ``greydanus2020`` turns ten hand-made 1-D templates (one per digit) into signals of length
40 by random padding, scaling, translation, correlated and i.i.d. noise, and shear. Every sample is
*generated* by ``mnist1d.data.make_dataset``: nothing is downloaded (only
``mnist1d.data.get_dataset``, which this module never calls, fetches a pickle from the internet).
Because the generator is a known program, a fresh generator seed gives a fresh sample from the same
distribution: a *ghost sample*, on which the population error of a trained network can be estimated
as precisely as one likes.

Two details of ``make_dataset`` matter for that reading:

* a call with ``num_samples = N`` draws exactly ``N // 10`` signals of each digit and shuffles them,
  so a sample is stratified by class (not i.i.d. in the label); we ask for multiples of 10;
* each call standardises its own signals by their pooled mean and standard deviation, so two calls
  with different seeds differ by a tiny data-dependent affine map (its size is measured in chapter 7).

References
----------
``greydanus2020`` (Greydanus, *Scaling down deep learning*): the data set and its reference
accuracies (about 68% for an MLP and 94% for a CNN on the default 4000/1000 split, seed 42).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["DEFAULT_SEED", "MNIST1DSplit", "mnist1d_sample", "mnist1d_split"]

#: Generator seed of the published MNIST-1D split (``mnist1d.data.get_dataset_args().seed``).
DEFAULT_SEED = 42


def _check_count(value: Any, name: str, *, allow_zero: bool = False) -> int:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok or value < (0 if allow_zero else 10) or value % 10:
        lowest = "0" if allow_zero else "10"
        raise ValueError(f"{name} must be an integer multiple of 10 and >= {lowest} (MNIST-1D draws N // 10 "
                         f"signals per digit), got {value!r}")
    return int(value)


def _check_seed(value: Any, name: str = "seed") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < 2**32:
        raise ValueError(f"{name} must be an integer in [0, 2**32), got {value!r}")
    return int(value)


def _generate(num_samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Call ``mnist1d.data.make_dataset`` without touching the caller's global random state."""
    from mnist1d.data import get_dataset_args, make_dataset

    args = get_dataset_args()
    args.num_samples, args.seed, args.train_split = num_samples, seed, 1.0
    np_state, py_state = np.random.get_state(), random.getstate()  # make_dataset reseeds both
    try:
        data = make_dataset(args)
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    return data["x"], data["y"]


def _to_torch(x: np.ndarray, y: np.ndarray) -> tuple[Any, Any]:
    import torch

    return torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y, dtype=torch.long)


def mnist1d_sample(n: int, seed: int) -> tuple[Any, Any]:
    """``n`` MNIST-1D signals from generator seed ``seed``, as torch tensors.

    Parameters
    ----------
    n : int
        Number of signals, a positive multiple of 10 (``n // 10`` of each digit).
    seed : int
        Generator seed in ``[0, 2**32)``. A seed not used for training gives a ghost sample: fresh
        draws from the same generator.

    Returns
    -------
    x : torch.Tensor
        ``(n, 40)`` float32 signals, standardised by ``make_dataset`` (pooled mean 0, standard
        deviation 1 over the ``n * 40`` values).
    y : torch.Tensor
        ``(n,)`` int64 labels in ``0..9``.

    Notes
    -----
    Generation runs the package's per-signal Python loop (about 1 ms per signal on one core); the
    global ``random`` and ``numpy.random`` states are restored afterwards.

    References
    ----------
    ``greydanus2020``.
    """
    n_i = _check_count(n, "n")
    seed_i = _check_seed(seed)
    return _to_torch(*_generate(n_i, seed_i))


@dataclass(frozen=True)
class MNIST1DSplit:
    """A training and a test set drawn in one ``make_dataset`` call (tensors ``x`` of shape (n, 40))."""

    x_train: Any
    y_train: Any
    x_test: Any
    y_test: Any
    seed: int


def mnist1d_split(n_train: int = 4000, n_test: int = 1000, seed: int = DEFAULT_SEED) -> MNIST1DSplit:
    """A training/test split of MNIST-1D; the defaults give the published split exactly.

    ``make_dataset`` draws ``n_train + n_test`` signals, shuffles them and keeps the first
    ``n_train`` for training; with the defaults (5000 signals, seed 42) this is the data set of
    ``greydanus2020`` on which its reference accuracies were measured.

    Parameters
    ----------
    n_train, n_test : int
        Sizes; ``n_train`` >= 1 and ``n_train + n_test`` a positive multiple of 10.
    seed : int
        Generator seed in ``[0, 2**32)``.

    Returns
    -------
    MNIST1DSplit
        Float32 signals and int64 labels as torch tensors.

    References
    ----------
    ``greydanus2020``.
    """
    for value, name in ((n_train, "n_train"), (n_test, "n_test")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if n_train < 1:
        raise ValueError(f"n_train must be >= 1, got {n_train!r}")
    total = _check_count(int(n_train) + int(n_test), "n_train + n_test")
    x, y = _to_torch(*_generate(total, _check_seed(seed)))
    k = int(n_train)
    return MNIST1DSplit(x[:k], y[:k], x[k:], y[k:], int(seed))
