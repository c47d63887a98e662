"""Independent ensembles trained in parallel processes, with the same result as one by one.

Exported as ``genbounds.nets.train_many``.

The depth experiments of chapter 7 train about twenty independent ensembles (one per depth and family).
Each is small, so PyTorch's intra-op threads do not help: on a busy two-core machine a second OpenMP
thread spins and slows every kernel down (see :func:`genbounds.reproducible`). Independent *processes*
do help: each trains its own models with one thread, and the operating system spreads them over the
cores. :func:`train_many` runs a list of :func:`genbounds.nets.train` jobs on the calling process and
on ``processes - 1`` worker processes, which pull the jobs in the order given (put the expensive ones
first: a job is never split, so the last one to start sets the tail). The calling process takes the
first job, since a worker needs a few seconds to start.

A job run by a worker gives **exactly** the parameters it would give in the calling process: the worker
is started with the caller's thread count and deterministic-algorithms flag, inherits its environment
(``ATEN_CPU_CAPABILITY`` included), and :func:`~genbounds.nets.train` draws its randomness from its
``seed`` only. ``tests/test_nets.py`` checks the equality bit for bit.

Workers are started once (with the ``spawn`` method, which works the same on Linux, macOS and Windows
and in Jupyter kernels) and kept for later calls; they cost one PyTorch import (about 2 s) and a few
hundred MB of memory each.
"""

from __future__ import annotations

import inspect
import os
import signal
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch import nn

from genbounds._random import _usable_cores

if TYPE_CHECKING:  # genbounds.nets imports this module at its end: import it lazily here
    from genbounds.nets import TrainResult

__all__ = ["default_processes", "train_many"]

#: Largest default number of processes (the caller and its workers): memory grows with each worker.
MAX_PROCESSES = 2

_POOL: ProcessPoolExecutor | None = None
_POOL_KEY: tuple[int, int, bool] | None = None


def default_processes() -> int:
    """Processes used by :func:`train_many` by default: ``GENBOUNDS_PROCESSES``, else ``min(2, cores)``.

    The cores are those this process may use (affinity mask and container CPU quota). With one core
    there is no worker: every job runs in the calling process.
    """
    raw = os.environ.get("GENBOUNDS_PROCESSES", "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"environment variable GENBOUNDS_PROCESSES must be an integer, got {raw!r}") from None
        if not 1 <= value <= 64:
            raise ValueError(f"environment variable GENBOUNDS_PROCESSES must lie in [1, 64], got {value}")
        return value
    return min(MAX_PROCESSES, _usable_cores())


def _init_worker(threads: int, deterministic: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Jupyter's "interrupt" reaches the caller, which stops the jobs
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(deterministic)


def _run_job(model: nn.Module, x: torch.Tensor, y: torch.Tensor, kwargs: dict[str, Any]) -> tuple[nn.Module, TrainResult]:
    from genbounds.nets import train

    result = train(model, x, y, **kwargs)
    return model, result


def _pool(workers: int) -> ProcessPoolExecutor:
    """The shared worker pool, (re)started if the worker count or the PyTorch settings changed."""
    global _POOL, _POOL_KEY
    key = (workers, torch.get_num_threads(), torch.are_deterministic_algorithms_enabled())
    if _POOL is None or _POOL_KEY != key or getattr(_POOL, "_broken", False):
        if _POOL is not None:
            _POOL.shutdown(wait=False, cancel_futures=True)
        _POOL = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                    initializer=_init_worker, initargs=key[1:])
        _POOL_KEY = key
    return _POOL


def _check_jobs(jobs: Any) -> list[tuple[nn.Module, torch.Tensor, torch.Tensor, dict[str, Any]]]:
    if isinstance(jobs, (str, bytes)) or not isinstance(jobs, Sequence) or not jobs:
        raise ValueError("jobs must be a non-empty sequence of (model, x, y, train_kwargs) tuples")
    from genbounds.nets import _check_xy, _Ensemble, train

    train_args = frozenset(inspect.signature(train).parameters) - {"model", "x", "y"}
    out, seen = [], set()
    for i, job in enumerate(jobs):
        if not isinstance(job, (tuple, list)) or len(job) != 4:
            raise ValueError(f"jobs[{i}] must be a (model, x, y, train_kwargs) tuple")
        model, x, y, kwargs = job
        if not isinstance(model, _Ensemble):
            raise ValueError(f"jobs[{i}]: model must be a genbounds.nets MLP or CNN, got {type(model).__name__}")
        if id(model) in seen:
            raise ValueError(f"jobs[{i}]: the same model appears in two jobs")
        seen.add(id(model))
        if not isinstance(kwargs, dict) or "steps" not in kwargs or not set(kwargs) <= train_args:
            raise ValueError(f"jobs[{i}]: train_kwargs must be a dict with 'steps' and other keyword arguments of "
                             f"genbounds.nets.train ({sorted(train_args)}), got {kwargs!r}")
        _check_xy(model, x, y)  # refused here, before any job starts
        out.append((model, x, y, dict(kwargs)))
    return out


def _picklable(model: nn.Module) -> bool:
    """Models pruned with :func:`~genbounds.nets.masked` carry gradient hooks, which cannot be sent to a worker."""
    return not any(p._backward_hooks for p in model.parameters())  # noqa: SLF001


def train_many(jobs: Sequence[tuple[nn.Module, torch.Tensor, torch.Tensor, dict[str, Any]]], *,
               processes: int | None = None) -> list[TrainResult]:
    """Run :func:`genbounds.nets.train` on independent models, in parallel processes.

    ``train_many([(model, x, y, kwargs), ...])`` trains each ``model`` in place as
    ``train(model, x, y, **kwargs)`` would, and returns the results in the order of the jobs. The calling
    process and ``processes - 1`` workers take the jobs in the given order as they become free.

    Parameters
    ----------
    jobs : sequence of (model, x, y, dict)
        A genbounds.nets model (a different one in each job), its training data, and the keyword
        arguments of :func:`~genbounds.nets.train` (``steps`` required). Put the longest jobs first.
    processes : int or None
        Processes in all, the caller included (``None``: :func:`default_processes`). ``1`` trains every
        job in the calling process, one after the other.

    Returns
    -------
    list of TrainResult
        ``result[i]`` is what ``train`` returned for ``jobs[i]``; the trained parameters are copied into
        ``jobs[i][0]``.

    Raises
    ------
    ValueError
        If a job is malformed, a model appears twice, ``processes`` is not an integer in [1, 64], or
        ``train`` refuses a job's arguments.

    Notes
    -----
    In a notebook nothing more is needed. In a Python script, call it under
    ``if __name__ == "__main__":``, as any use of ``multiprocessing`` with ``spawn`` requires: a worker
    imports the script's main module, and unguarded top-level code would run again in every worker.
    """
    from genbounds.nets import train

    checked = _check_jobs(jobs)
    if processes is None:
        processes = default_processes()
    if isinstance(processes, bool) or not isinstance(processes, (int, np.integer)) or not 1 <= processes <= 64:
        raise ValueError(f"processes must be an integer in [1, 64] or None, got {processes!r}")
    processes = int(processes)
    results: list[TrainResult | None] = [None] * len(checked)
    local = deque(i for i, job in enumerate(checked) if not _picklable(job[0]))
    queue = deque(i for i, job in enumerate(checked) if _picklable(job[0]))
    futures: list[tuple[int, Future]] = []
    lock = threading.Lock()

    def take() -> int | None:  # the calling process takes its own jobs first, then the queue's next
        with lock:
            return local.popleft() if local else (queue.popleft() if queue else None)

    def submit_next(_: Future | None = None) -> None:  # a free worker takes the next job in the queue
        with lock:
            if not queue:
                return
            j = queue.popleft()
            future = pool.submit(_run_job, *checked[j])
            futures.append((j, future))
        future.add_done_callback(submit_next)

    i = take()  # the caller's first job is taken before the workers start: they need seconds to start
    workers = min(processes - 1, len(queue))
    try:
        if workers:
            pool = _pool(workers)
            for _ in range(workers):
                submit_next()
        while i is not None:
            model, x, y, kwargs = checked[i]
            results[i] = train(model, x, y, **kwargs)
            i = take()
        while True:  # wait for the workers; a job submitted by a callback is appended under the lock
            with lock:
                pending = [(i, f) for i, f in futures if results[i] is None]
            if not pending:
                break
            for i, future in pending:
                trained, result = future.result()  # re-raises a worker's exception here
                with torch.no_grad():
                    for p, q in zip(checked[i][0].parameters(), trained.parameters(), strict=True):
                        p.copy_(q)
                results[i] = result
    except BaseException:  # an error or an interrupt: no further job starts
        with lock:
            queue.clear()
            for _, future in futures:
                future.cancel()
        raise
    return results  # type: ignore[return-value]
