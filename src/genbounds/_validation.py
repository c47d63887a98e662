"""Checks made at the door of every public function: each raises a ``ValueError`` naming the argument.

The promise of the package (``book/appendix/testing.md``, "What the package promises"): a public function
either refuses an argument with a ``ValueError`` whose message starts with the argument's name, or returns a
correct value. This module is the one place where arguments are checked:

==========================  ================================================================================
:func:`check_integer`       integers (Python or NumPy, never ``bool``), within ``[minimum, maximum]``; the
                            default maximum is :data:`MAX_INT` = 2**53, the largest size every function
                            computes exactly; the message states it
:func:`check_real`          real numbers (arrays), NaN refused, ``inf`` refused unless ``allow_inf``, bounds
:func:`check_positive` ...  shorthands: ``> 0``, ``>= 0``, ``[0, 1]``, ``(0, 1)``
:func:`check_pmf`           non-negative arrays summing to 1 within :data:`PMF_TOLERANCE`
:func:`check_channel`       row-stochastic matrices, every row within :data:`PMF_TOLERANCE`
:func:`check_covariance`    symmetric positive-definite matrices (a Cholesky factorisation must succeed)
:func:`check_flag`          ``True`` / ``False`` only (a truthy string such as ``"no"`` is refused)
:func:`check_callable`      callables
:func:`check_rng`           :class:`numpy.random.Generator`
==========================  ================================================================================
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

#: Largest integer argument (sizes, counts, dimensions) accepted by default: 2**53, the largest integer such
#: that every integer below it is exact in float64. Larger sizes are refused, never wrapped around.
MAX_INT = 2**53

#: How far from 1 the total mass of a pmf (or of a channel's row) may be.
PMF_TOLERANCE = 1e-9


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# ----------------------------------------------------------------------------------------------
# Reals
# ----------------------------------------------------------------------------------------------
def as_float_array(value: Any, name: str) -> np.ndarray:
    """Return ``value`` as a float array, refusing NaN, booleans, strings, complex numbers and ``None``."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        raise ValueError(f"{name} must be a number or an array of numbers, got {_describe(value)}")
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "cUSV" or (raw.dtype.kind == "O" and raw.size and isinstance(raw.flat[0], (str, complex))):
            raise TypeError(raw.dtype)
        arr = np.asarray(raw, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"{name} must be a number or an array of numbers, got {_describe(value)}") from exc
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain NaN")
    return arr


def check_real(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_inf: bool = False,
) -> np.ndarray:
    """A real number or array of reals in the interval given by ``low``/``high`` (closed unless ``*_open``).

    NaN is always refused; ``+-inf`` is refused unless ``allow_inf`` (then only the infinities that the
    interval contains are accepted).
    """
    arr = as_float_array(value, name)
    if not allow_inf and not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got {_describe(value)}")
    bad = np.zeros(arr.shape, bool)
    if low is not None:
        bad |= (arr <= low) if low_open else (arr < low)
    if high is not None:
        bad |= (arr >= high) if high_open else (arr > high)
    if bad.any():
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        lb, hb = ("(" if low_open or low is None else "["), (")" if high_open or high is None else "]")
        raise ValueError(f"{name} must lie in {lb}{lo}, {hi}{hb}, got {_describe(value)}")
    return arr


def check_finite(value: Any, name: str) -> np.ndarray:
    """Any finite real (array)."""
    return check_real(value, name)


def check_positive(value: Any, name: str, *, finite: bool = False) -> np.ndarray:
    """``> 0``; ``+inf`` accepted unless ``finite``."""
    arr = as_float_array(value, name)
    if (arr <= 0).any():
        raise ValueError(f"{name} must be > 0, got {_describe(value)}")
    if finite and not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got {_describe(value)}")
    return arr


def check_nonnegative(value: Any, name: str, *, finite: bool = False) -> np.ndarray:
    """``>= 0``; ``+inf`` accepted unless ``finite``."""
    arr = as_float_array(value, name)
    if (arr < 0).any():
        raise ValueError(f"{name} must be >= 0, got {_describe(value)}")
    if finite and not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got {_describe(value)}")
    return arr


def check_probability(value: Any, name: str) -> np.ndarray:
    """A probability (array) in [0, 1]."""
    arr = as_float_array(value, name)
    if ((arr < 0) | (arr > 1)).any():
        raise ValueError(f"{name} must lie in [0, 1], got {_describe(value)}")
    return arr


def check_open_unit(value: Any, name: str) -> np.ndarray:
    """A number (array) in the open interval (0, 1)."""
    arr = as_float_array(value, name)
    if ((arr <= 0) | (arr >= 1)).any():
        raise ValueError(f"{name} must lie in the open interval (0, 1), got {_describe(value)}")
    return arr


def check_interval(a: Any, b: Any, names: tuple[str, str] = ("a", "b")) -> tuple[float, float]:
    """A finite range ``[a, b]`` with ``b > a`` (scalars)."""
    a_arr, b_arr = as_float_array(a, names[0]), as_float_array(b, names[1])
    for arr, nm, v in ((a_arr, names[0], a), (b_arr, names[1], b)):
        if arr.ndim != 0:
            raise ValueError(f"{nm} must be a number, got an array of shape {arr.shape}")
        if not np.isfinite(arr):
            raise ValueError(f"{nm} must be finite, got {_describe(v)}")
    a_f, b_f = float(a_arr), float(b_arr)
    if b_f <= a_f:
        raise ValueError(f"{names[1]} must be > {names[0]} (a finite range [a, b]), got a={a!r}, b={b!r}")
    if not np.isfinite(b_f - a_f):
        raise ValueError(f"{names[1]} - {names[0]} must be finite (below 1.8e308), got a={a!r}, b={b!r}")
    return a_f, b_f


def check_scalar(value: Any, name: str) -> float:
    """A finite Python float from a 0-d input."""
    arr = check_real(value, name)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number, got an array of shape {arr.shape}")
    return float(arr)


def check_positive_scalar(value: Any, name: str) -> float:
    """A finite number > 0 as a Python float."""
    v = check_scalar(value, name)
    if v <= 0:
        raise ValueError(f"{name} must be > 0, got {_describe(value)}")
    return v


def single(arr: np.ndarray, name: str) -> float:
    """The Python float of a checked 0-d array (an array where one number is expected is refused by name)."""
    if np.ndim(arr) != 0:
        raise ValueError(f"{name} must be a single number, got an array of shape {np.shape(arr)}")
    return float(arr)


def single_int(arr: np.ndarray, name: str) -> int:
    """The Python int of a checked 0-d integer array (see :func:`single`)."""
    if np.ndim(arr) != 0:
        raise ValueError(f"{name} must be a single integer, got an array of shape {np.shape(arr)}")
    return int(np.asarray(arr).reshape(()).item())


# ----------------------------------------------------------------------------------------------
# Integers
# ----------------------------------------------------------------------------------------------
def _integer_message(name: str, minimum: int, maximum: int | None, value: Any) -> str:
    if maximum is None:
        rng = f">= {minimum}"
    elif maximum == MAX_INT:
        rng = f"in [{minimum}, 2**53 = {MAX_INT}] (2**53 is the largest size supported: exact in float64)"
    else:
        rng = f"in [{minimum}, {maximum}]"
    return f"{name} must be an integer {rng}, got {_describe(value)}"


def check_integer(value: Any, name: str, minimum: int = 0, maximum: int | None = MAX_INT) -> np.ndarray:
    """An integer or array of integers in ``[minimum, maximum]``, returned as an int64 array.

    Python and NumPy integers, and floats with an integer value, are accepted; booleans, strings,
    NaN, infinities and fractional values are refused. The comparison with the bounds is exact
    (Python integers), so nothing wraps around through int64; ``maximum=None`` lifts the upper limit
    but then the result is an object array of Python integers if a value exceeds int64.
    """
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        raise ValueError(_integer_message(name, minimum, maximum, value))
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(_integer_message(name, minimum, maximum, value)) from exc
    kind = arr.dtype.kind
    if kind in "iu":
        items = [int(v) for v in arr.ravel()] if arr.size else []
    elif kind == "f":
        if not np.isfinite(arr).all() or (arr != np.floor(arr)).any():
            raise ValueError(_integer_message(name, minimum, maximum, value))
        items = [int(v) for v in arr.ravel()]
    elif kind == "O":
        items = []
        for v in arr.ravel():
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, (numbers.Integral, float, np.floating)):
                raise ValueError(_integer_message(name, minimum, maximum, value))
            if isinstance(v, (float, np.floating)) and (not math.isfinite(v) or v != math.floor(v)):
                raise ValueError(_integer_message(name, minimum, maximum, value))
            items.append(int(v))
    else:
        raise ValueError(_integer_message(name, minimum, maximum, value))
    if any(v < minimum or (maximum is not None and v > maximum) for v in items):
        raise ValueError(_integer_message(name, minimum, maximum, value))
    if items and max(items) >= 2**63:
        return np.array(items, dtype=object).reshape(arr.shape)
    return np.array(items, dtype=np.int64).reshape(arr.shape)


def check_int(value: Any, name: str, minimum: int = 0, maximum: int | None = MAX_INT) -> int:
    """A single integer in ``[minimum, maximum]`` as a Python ``int`` (see :func:`check_integer`)."""
    arr = check_integer(value, name, minimum, maximum)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single integer, got an array of shape {arr.shape}")
    return int(arr.reshape(()).item())


def check_sample_size(value: Any, name: str = "n") -> np.ndarray:
    """An integer (or integer array) in ``[1, MAX_INT]``."""
    return check_integer(value, name, 1)


# ----------------------------------------------------------------------------------------------
# Distributions
# ----------------------------------------------------------------------------------------------
def check_pmf(value: Any, name: str, ndim: int | None = None, tol: float = PMF_TOLERANCE) -> np.ndarray:
    """A probability mass function: finite entries >= 0 summing to 1 within ``tol`` (optionally ``ndim`` axes)."""
    arr = as_float_array(value, name)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array (a pmf with {ndim} axes), got shape {arr.shape}")
    if arr.ndim == 0 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty array of probabilities, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain finite probabilities")
    if (arr < 0).any():
        raise ValueError(f"{name} must be a pmf: it has a negative entry ({arr.min():.3g})")
    total = float(arr.sum())
    if abs(total - 1.0) > tol:
        raise ValueError(f"{name} must be a pmf summing to 1 (within {tol:g}), got sum {total!r}")
    return arr


def check_channel(value: Any, name: str = "K", tol: float = PMF_TOLERANCE) -> np.ndarray:
    """A channel: a non-empty 2-D array, finite entries >= 0, every row summing to 1 within ``tol``."""
    arr = as_float_array(value, name)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-d array (rows = inputs), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or (arr < 0).any() or not np.allclose(arr.sum(axis=1), 1.0, rtol=0, atol=tol):
        raise ValueError(f"{name} must be row-stochastic: entries >= 0 and every row summing to 1 (within {tol:g})")
    return arr


def check_covariance(value: Any, name: str = "cov", min_size: int = 1) -> np.ndarray:
    """A finite symmetric positive-definite matrix (its Cholesky factorisation must succeed)."""
    s = as_float_array(value, name)
    if s.ndim != 2 or s.shape[0] != s.shape[1] or s.shape[0] < min_size:
        raise ValueError(f"{name} must be a square matrix of size >= {min_size}, got shape {s.shape}")
    if not np.isfinite(s).all():
        raise ValueError(f"{name} must be finite")
    if not np.allclose(s, s.T, rtol=1e-12, atol=1e-12 * max(1.0, float(np.abs(s).max()))):
        raise ValueError(f"{name} must be symmetric")
    try:
        np.linalg.cholesky(s)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} must be positive definite") from None
    return s


def check_shape(arr: np.ndarray, name: str, ndim: int | tuple[int, ...], min_size: int = 1) -> np.ndarray:
    """``arr`` with ``arr.ndim`` in ``ndim`` and every axis of length ``>= min_size``."""
    allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if arr.ndim not in allowed or any(s < min_size for s in arr.shape):
        raise ValueError(f"{name} must have {' or '.join(map(str, allowed))} axes of length >= {min_size}, "
                         f"got shape {arr.shape}")
    return arr


# ----------------------------------------------------------------------------------------------
# Flags, callables, generators
# ----------------------------------------------------------------------------------------------
def check_flag(value: Any, name: str) -> bool:
    """``True`` or ``False`` (Python or NumPy booleans) only: ``"no"``, ``1`` or ``None`` are refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {_describe(value)}")
    return bool(value)


def check_callable(value: Any, name: str) -> Any:
    """A callable."""
    if not callable(value):
        raise ValueError(f"{name} must be callable, got {type(value).__name__}")
    return value


def check_rng(value: Any, name: str = "rng") -> np.random.Generator:
    """A :class:`numpy.random.Generator` (``numpy.random.default_rng(seed)``)."""
    if not isinstance(value, np.random.Generator):
        raise ValueError(f"{name} must be a numpy.random.Generator, got {type(value).__name__}")
    return value


def scalar_or_array(arr: np.ndarray) -> float | np.ndarray:
    """Return a Python float for 0-d input, the array otherwise."""
    return float(arr) if np.ndim(arr) == 0 else arr
