"""Data for the experiments on networks: MNIST-1D, generated locally, with unlimited ghost samples.

MNIST-1D ``greydanus2020`` turns ten hand-made 1-D templates (one per digit) into signals of length
40 by random padding, scaling, translation, correlated and i.i.d. noise, and shear. Every sample is
*generated* as by ``mnist1d.data.make_dataset`` (re-implemented here bit for bit, vectorised):
nothing is downloaded (only
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


def _interp_rows(x_new: np.ndarray, xp: np.ndarray, fp: np.ndarray) -> np.ndarray:
    """``numpy.interp(x_new, xp, fp[i])`` for every row ``i`` of ``fp``, with numpy's own formula.

    On ``[xp_j, xp_{j+1})`` numpy computes ``slope * (x - xp_j) + fp_j`` with
    ``slope = (fp_{j+1} - fp_j) / (xp_{j+1} - xp_j)``, and returns ``fp_j`` when ``x == xp_j`` (and the
    last value at the right end); the same operations in the same order give the same bits.
    """
    j = np.clip(np.searchsorted(xp, x_new, side="right") - 1, 0, xp.size - 2)
    x_lo, x_hi = xp[j], xp[j + 1]
    y_lo, y_hi = fp[:, j], fp[:, j + 1]
    out = (y_hi - y_lo) / (x_hi - x_lo) * (x_new - x_lo) + y_lo
    out = np.where(x_new == x_lo, y_lo, out)
    return np.where(x_new == xp[-1], fp[:, -1:], out)


def _make_raw(num_samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The signals of ``mnist1d.data.make_dataset`` with default arguments, before standardisation.

    ``make_dataset`` loops over the signals in Python (about 0.2-0.5 ms each). Here the loop only
    draws the random numbers, with the same legacy ``numpy.random`` calls in the same order
    (per signal: padding, scale, translation, correlated noise, i.i.d. noise, shear), and the
    deterministic steps (linear interpolation as in ``numpy.interp``, scaling, circular shift,
    Gaussian filter with ``mode="reflect"``, shear, subsampling) run on all signals at once. The
    result is bit-for-bit that of ``make_dataset`` (``tests/test_data.py`` compares them), about ten
    times faster. The caller saves and restores the global random state.
    """
    from mnist1d.data import get_dataset_args, get_templates
    from scipy.ndimage import gaussian_filter1d

    args = get_dataset_args()
    templates = get_templates()["x"]
    random.seed(seed)  # mnist1d.utils.set_seed
    np.random.seed(seed)  # noqa: NPY002 - the legacy global state is what make_dataset uses
    per_class = num_samples // len(templates)
    total, full = per_class * len(templates), args.template_len + args.padding[-1]
    u = np.empty((total, 3))
    shift = np.empty(total, dtype=np.int64)
    corr, iid = np.empty((total, full)), np.empty((total, full))
    rand, randn, choice = np.random.rand, np.random.randn, np.random.choice  # noqa: NPY002
    for i in range(total):  # the order of transform(): pad, scale, translate, noises, shear
        u[i, 0] = rand()
        u[i, 1] = rand()
        shift[i] = choice(args.max_translation)
        corr[i] = args.corr_noise_scale * randn(full)
        iid[i] = args.iid_noise_scale * randn(full)
        u[i, 2] = rand()
    labels = np.repeat(np.arange(len(templates)), per_class)
    low, high = args.padding
    pad = low + (u[:, 0] * (high - low + 1)).astype(np.int64)  # int() of a non-negative number
    grid = np.linspace(0, 1, full)
    x = np.empty((total, full))
    for p in np.unique(pad):  # pad with p zeros, then stretch to `full` points
        rows = np.flatnonzero(pad == p)
        src = np.zeros((rows.size, args.template_len + p))
        src[:, : args.template_len] = templates[labels[rows]] + 1e-8
        x[rows] = _interp_rows(grid, np.linspace(0, 1, args.template_len + p), src)
    x *= (1 + args.scale_coeff * (u[:, 1] - 0.5))[:, None]
    x = np.take_along_axis(x, (np.arange(full)[None, :] - shift[:, None]) % full, axis=1)  # translate
    mask = x != 0
    x = mask * x + (1 - mask) * gaussian_filter1d(corr, 2, axis=-1)
    x = x + iid
    x = x - (args.shear_scale * (u[:, 2] - 0.5))[:, None] * np.linspace(-0.5, 0.5, full)
    x = _interp_rows(np.linspace(0, 1, args.final_seq_length), grid, x)
    order = np.random.permutation(total)  # noqa: NPY002
    return x[order], labels[order]


def _generate(num_samples: int, seed: int, standardize: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``make_dataset``'s signals and labels, without touching the caller's global random state."""
    np_state, py_state = np.random.get_state(), random.getstate()  # noqa: NPY002 - we reseed both
    try:
        x, y = _make_raw(num_samples, seed)
    finally:
        np.random.set_state(np_state)  # noqa: NPY002
        random.setstate(py_state)
    if standardize:  # make_dataset: center the data set and scale its standard deviation to 1
        x = (x - x.mean()) / x.std()
    return x, y


def _to_torch(x: np.ndarray, y: np.ndarray) -> tuple[Any, Any]:
    import torch

    return torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y, dtype=torch.long)


def mnist1d_sample(n: int, seed: int, *, standardize: bool = True) -> tuple[Any, Any]:
    """``n`` MNIST-1D signals from generator seed ``seed``, as torch tensors.

    Parameters
    ----------
    n : int
        Number of signals, a positive multiple of 10 (``n // 10`` of each digit).
    seed : int
        Generator seed in ``[0, 2**32)``. A seed not used for training gives a ghost sample: fresh
        draws from the same generator.
    standardize : bool
        ``True`` (default): standardise as ``make_dataset`` does. ``False``: the raw signals, so that
        the per-call standardisation can be measured.

    Returns
    -------
    x : torch.Tensor
        ``(n, 40)`` float32 signals, standardised as by ``make_dataset`` (pooled mean 0, standard
        deviation 1 over the ``n * 40`` values), the same values as ``make_dataset`` with this seed.
    y : torch.Tensor
        ``(n,)`` int64 labels in ``0..9``.

    Notes
    -----
    The signals are those of ``mnist1d.data.make_dataset`` (default arguments, ``num_samples = n``,
    this seed), computed by a vectorised re-implementation that gives the same bits about ten times
    faster (about 20 microseconds per signal). The global ``random`` and ``numpy.random`` states are
    restored afterwards.

    References
    ----------
    ``greydanus2020``.
    """
    n_i = _check_count(n, "n")
    seed_i = _check_seed(seed)
    if not isinstance(standardize, (bool, np.bool_)):
        raise ValueError(f"standardize must be a bool, got {standardize!r}")
    return _to_torch(*_generate(n_i, seed_i, bool(standardize)))


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
