"""gb.reproducible and the book-wide seed offset (GENBOUNDS_SEED_OFFSET) and thread count."""

from __future__ import annotations

import random

import numpy as np
import pytest

import genbounds as gb
from genbounds._random import MAX_OFFSET, SEED_STRIDE


def test_default_offset_leaves_seeds_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GENBOUNDS_SEED_OFFSET", raising=False)
    assert gb.seed_offset() == 0
    assert gb.shifted_seed(7) == 7
    assert gb.reproducible(7).random() == np.random.default_rng(7).random()


@pytest.mark.parametrize("k", [1, 2, MAX_OFFSET])
def test_offset_shifts_every_seed_by_the_stride(monkeypatch: pytest.MonkeyPatch, k: int) -> None:
    monkeypatch.setenv("GENBOUNDS_SEED_OFFSET", str(k))
    assert gb.shifted_seed(7) == 7 + k * SEED_STRIDE < 2**32
    rng = gb.reproducible(7)
    assert rng.random() == np.random.default_rng(7 + k * SEED_STRIDE).random()
    random_value = random.random()
    random.seed(7 + k * SEED_STRIDE)
    assert random_value == random.random()


def test_offsets_never_collide() -> None:
    # seeds of two offsets are disjoint because every seed is below the stride
    with pytest.raises(ValueError, match="seed"):
        gb.shifted_seed(SEED_STRIDE)


@pytest.mark.parametrize("bad", ["-1", "x", "1.5", str(MAX_OFFSET + 1)])
def test_malformed_offset_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("GENBOUNDS_SEED_OFFSET", bad)
    with pytest.raises(ValueError, match="GENBOUNDS_SEED_OFFSET"):
        gb.reproducible(0)


@pytest.mark.parametrize("bad", [-1, True, 1.0, "3", None])
def test_bad_seed_is_refused_by_name(bad: object) -> None:
    with pytest.raises(ValueError, match="seed"):
        gb.reproducible(bad)  # type: ignore[arg-type]


def test_thread_count_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    try:
        monkeypatch.setenv("GENBOUNDS_THREADS", "2")
        gb.reproducible(0)
        assert torch.get_num_threads() == 2
        monkeypatch.setenv("GENBOUNDS_THREADS", "0")
        with pytest.raises(ValueError, match="GENBOUNDS_THREADS"):
            gb.reproducible(0)
    finally:
        torch.set_num_threads(before)
        torch.use_deterministic_algorithms(False)


def test_thread_count_argument_and_environment_override(monkeypatch: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    try:
        monkeypatch.delenv("GENBOUNDS_THREADS", raising=False)
        gb.reproducible(0, threads=2)
        assert torch.get_num_threads() == min(2, gb._random._usable_cores())
        monkeypatch.setattr(gb._random, "_usable_cores", lambda: 1)  # a one-core machine gets one thread
        gb.reproducible(0, threads=2)
        assert torch.get_num_threads() == 1
        gb.reproducible(0)
        assert torch.get_num_threads() == gb._random.N_THREADS
        monkeypatch.setenv("GENBOUNDS_THREADS", "1")  # the environment wins (make test-foreign)
        gb.reproducible(0, threads=2)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
        torch.use_deterministic_algorithms(False)


@pytest.mark.parametrize("bad", [0, -1, True, 2.0, "2", 2000])
def test_bad_thread_count_is_refused_by_name(bad: object) -> None:
    with pytest.raises(ValueError, match="threads"):
        gb.reproducible(0, threads=bad)  # type: ignore[arg-type]
