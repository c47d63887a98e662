"""Checks made at the door of every public function: each raises a ``ValueError`` naming the argument."""

from __future__ import annotations

from typing import Any

import numpy as np


def as_float_array(value: Any, name: str) -> np.ndarray:
    """Return ``value`` as a float array, refusing NaN."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from exc
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain NaN")
    return arr


def check_positive(value: Any, name: str) -> np.ndarray:
    arr = as_float_array(value, name)
    if (arr <= 0).any():
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return arr


def check_nonnegative(value: Any, name: str) -> np.ndarray:
    arr = as_float_array(value, name)
    if (arr < 0).any():
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return arr


def check_probability(value: Any, name: str) -> np.ndarray:
    arr = as_float_array(value, name)
    if ((arr < 0) | (arr > 1)).any():
        raise ValueError(f"{name} must lie in [0, 1], got {value!r}")
    return arr


def check_open_unit(value: Any, name: str) -> np.ndarray:
    arr = as_float_array(value, name)
    if ((arr <= 0) | (arr >= 1)).any():
        raise ValueError(f"{name} must lie in the open interval (0, 1), got {value!r}")
    return arr


def check_sample_size(value: Any, name: str = "n") -> np.ndarray:
    """An integer (or integer array) >= 1."""
    arr = np.asarray(value)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    if not np.all(np.isfinite(arr)) or np.any(arr != np.floor(arr)) or np.any(arr < 1):
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return arr.astype(np.int64)


def check_interval(a: Any, b: Any) -> tuple[float, float]:
    a_f, b_f = float(as_float_array(a, "a")), float(as_float_array(b, "b"))
    if not (np.isfinite(a_f) and np.isfinite(b_f)) or b_f <= a_f:
        raise ValueError(f"b must be > a (a finite range [a, b]), got a={a!r}, b={b!r}")
    return a_f, b_f


def scalar_or_array(arr: np.ndarray) -> float | np.ndarray:
    """Return a Python float for 0-d input, the array otherwise."""
    return float(arr) if np.ndim(arr) == 0 else arr
