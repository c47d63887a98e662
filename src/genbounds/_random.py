"""Reproducibility: one call seeds every random generator a chapter uses."""

from __future__ import annotations

import os
import random
import sys

import numpy as np

#: Thread count fixed by :func:`reproducible` (the course's target machine has 2 cores).
N_THREADS = 2


def reproducible(seed: int) -> np.random.Generator:
    """Seed Python, NumPy and (if already imported) PyTorch, and return a NumPy generator.

    Call it once at the top of a chapter. It seeds Python's ``random`` module and NumPy's legacy
    global state. If PyTorch has been imported (``import torch`` or ``import genbounds.nets`` before
    the call), it also seeds PyTorch, asks it for deterministic algorithms and fixes its thread count
    to ``N_THREADS = 2``, so that floating-point reductions happen in the same order on every run.
    PyTorch is not imported here: importing it costs seconds, and most chapters never use it.
    Pass the returned generator explicitly to every function that draws random numbers.

    Parameters
    ----------
    seed : int
        A non-negative integer.

    Returns
    -------
    numpy.random.Generator
        ``numpy.random.default_rng(seed)``.

    Raises
    ------
    ValueError
        If ``seed`` is not a non-negative integer.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)  # noqa: NPY002 - legacy global state, for code that uses it
    os.environ["PYTHONHASHSEED"] = str(seed)
    torch = sys.modules.get("torch")
    if torch is not None:  # only the chapters on networks use torch; they import it first
        torch.manual_seed(seed)
        torch.use_deterministic_algorithms(True)
        torch.set_num_threads(N_THREADS)
    return np.random.default_rng(seed)
