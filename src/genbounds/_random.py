"""Reproducibility: one call seeds every random generator a chapter uses, one switch shifts every seed.

Two environment variables, read when :func:`~genbounds.reproducible` is called:

``GENBOUNDS_SEED_OFFSET=k`` (default 0)
    shifts every seed of the book by ``k * SEED_STRIDE``: the seed given to :func:`~genbounds.reproducible` and
    every seed passed through :func:`~genbounds.shifted_seed` (model initialisations, data draws, ghost samples).
    ``k = 0`` gives the committed outputs; another ``k`` re-runs every chapter on fresh randomness, which
    is how the book checks that its claims do not depend on the seed (``make test-seeds``).
``GENBOUNDS_THREADS=t`` (default ``N_THREADS``)
    PyTorch's intra-op thread count. The result of a floating-point reduction can depend on it (and on
    the processor), which is why trained outputs are compared with a tolerance (see the testing appendix).
"""

from __future__ import annotations

import os
import random
import sys

import numpy as np

#: Default PyTorch thread count fixed by :func:`~genbounds.reproducible` (override: ``GENBOUNDS_THREADS``).
N_THREADS = 1
#: Distance between the seeds of two offsets: seeds below it never collide across offsets.
SEED_STRIDE = 1_000_003
#: Largest offset accepted, so that every shifted seed stays below 2**32 (NumPy's legacy limit).
MAX_OFFSET = 4000


def _env_int(name: str, default: int, lowest: int, highest: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"environment variable {name} must be an integer, got {raw!r}") from None
    if not lowest <= value <= highest:
        raise ValueError(f"environment variable {name} must lie in [{lowest}, {highest}], got {value}")
    return value


def seed_offset() -> int:
    """The offset ``k`` of ``GENBOUNDS_SEED_OFFSET`` (0 when unset)."""
    return _env_int("GENBOUNDS_SEED_OFFSET", 0, 0, MAX_OFFSET)


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < SEED_STRIDE:
        raise ValueError(f"seed must be an integer in [0, {SEED_STRIDE}), got {seed!r}")
    return int(seed)


def shifted_seed(seed: int) -> int:
    """``seed + k * SEED_STRIDE`` with ``k`` read from ``GENBOUNDS_SEED_OFFSET``.

    Every explicit seed of a chapter (a model's initialisation, a data draw) goes through this
    function, so that one environment variable moves all of them at once; with the variable unset it
    returns ``seed`` unchanged.

    Parameters
    ----------
    seed : int
        An integer in ``[0, SEED_STRIDE)``.

    Returns
    -------
    int
        The shifted seed, below ``2**32``.

    Raises
    ------
    ValueError
        If ``seed`` is not an integer in ``[0, SEED_STRIDE)`` or the environment variable is malformed.
    """
    return _check_seed(seed) + seed_offset() * SEED_STRIDE


def _cpu_quota(path: str = "/sys/fs/cgroup/cpu.max") -> int | None:
    """The CPU quota of a Linux container (cgroup v2 ``cpu.max``, e.g. Binder's), rounded up; None if unlimited."""
    try:
        with open(path) as f:
            quota, period = f.read().split()[:2]
        if quota == "max":
            return None
        return max(-(-int(quota) // int(period)), 1)
    except (OSError, ValueError):
        return None


def _usable_cores() -> int:
    """The number of CPU cores this process may use: its affinity mask (where the OS reports one),
    capped by the container's CPU quota (a container sees every core of its host)."""
    try:
        cores = max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # macOS, Windows
        cores = max(os.cpu_count() or 1, 1)
    quota = _cpu_quota()
    return cores if quota is None else min(cores, quota)


def reproducible(seed: int, threads: int | None = None) -> np.random.Generator:
    """Seed Python, NumPy and (if already imported) PyTorch, and return a NumPy generator.

    Call it once at the top of a chapter. The seed actually used is ``shifted_seed(seed)`` (the same
    as ``seed`` unless ``GENBOUNDS_SEED_OFFSET`` is set). It seeds Python's ``random`` module and NumPy's
    legacy global state. If PyTorch has been imported (``import torch`` or ``import genbounds.nets``
    before the call), it also seeds PyTorch, asks it for deterministic algorithms and fixes its thread
    count (``GENBOUNDS_THREADS``, default ``N_THREADS = 1``: on a busy two-core machine one thread is
    the faster choice for the course's small networks), so that reductions happen in the same order on
    every run of the same machine. PyTorch is not imported here: importing it costs seconds, and most
    chapters never use it. Pass the returned generator explicitly to every function that draws random
    numbers, and every other seed through :func:`~genbounds.shifted_seed`.

    Parameters
    ----------
    seed : int
        An integer in ``[0, SEED_STRIDE)``.
    threads : int or None
        PyTorch's thread count for this chapter (``None``: ``N_THREADS``), capped at the number of cores
        the process may use. The environment variable ``GENBOUNDS_THREADS`` overrides it (``make
        test-foreign`` sets it to 1). More threads than idle cores is slow: with eight kernels on two
        cores, a two-thread training cell of chapter 7 ran more than 40 times slower than alone.

    Returns
    -------
    numpy.random.Generator
        ``numpy.random.default_rng(shifted_seed(seed))``.

    Raises
    ------
    ValueError
        If ``seed`` is not an integer in ``[0, SEED_STRIDE)``, ``threads`` not an integer in ``[1, 1024]``,
        or an environment variable is malformed.
    """
    seed = shifted_seed(seed)
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, (int, np.integer))
                                or not 1 <= threads <= 1024):
        raise ValueError(f"threads must be an integer in [1, 1024] or None, got {threads!r}")
    if threads is not None:  # a chapter's request, never more threads than cores this process may use
        threads = min(int(threads), _usable_cores())
    threads = _env_int("GENBOUNDS_THREADS", N_THREADS if threads is None else threads, 1, 1024)
    random.seed(seed)
    np.random.seed(seed % 2**32)  # noqa: NPY002 - legacy global state, for code that uses it
    os.environ["PYTHONHASHSEED"] = str(seed)
    torch = sys.modules.get("torch")
    if torch is not None:  # only the chapters on networks use torch; they import it first
        torch.manual_seed(seed)
        torch.use_deterministic_algorithms(True)
        torch.set_num_threads(threads)
    return np.random.default_rng(seed)
