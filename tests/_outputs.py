"""The comparison rule for *trained* outputs (cells tagged ``trained-output``).

The book has two kinds of output (see ``book/appendix/testing.md``):

* **exact** outputs (closed forms, exact sums, NumPy Monte Carlo without long chaotic iterations) are the
  same to six decimals on every processor; nbval compares them strictly (``tests/nbval_sanitize.cfg``
  cuts every float after its sixth decimal);
* **trained** outputs (anything downstream of network training, or of a long floating-point iteration
  whose result depends on the order of summation) differ between processors, because PyTorch and BLAS
  pick kernels by instruction set. A cell that prints or glues such values carries the tag
  ``trained-output`` and is compared by :func:`trained_outputs_agree`: the text with every number masked
  must be identical (same labels, same number of values, no ``nan`` where a number was), and each number
  must agree with the stored one within ``|new - old| <= TRAINED_ATOL + TRAINED_RTOL * |old|``.

The tolerance is deliberately coarse: it catches a broken experiment (a diverged loss, chance-level
accuracy, a missing column), not the seed-to-seed scatter of a trained network. Every *claim* drawn from
trained outputs is asserted inside the notebook with a margin measured in standard errors over seeds,
which is what makes it hold on another processor and under another seed (``GENBOUNDS_SEED_OFFSET``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

#: The cell tag that selects the tolerant comparison.
TRAINED_TAG = "trained-output"
#: Tolerance of the comparison of trained numbers: ``|new - old| <= TRAINED_ATOL + TRAINED_RTOL * |old|``.
TRAINED_RTOL = 0.5
TRAINED_ATOL = 0.1

_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_SPACE = re.compile(r"\s+")
_BRACKET_PAD = re.compile(r"(?<=[\[(]) | (?=[\])])")  # numpy pads arrays to the widest entry: "[0.3   0.25 ]"
_IMAGES = ("image/png", "image/jpeg", "image/svg+xml")


def mask(text: str) -> tuple[str, list[float]]:
    """Split ``text`` into its skeleton (numbers replaced by ``#``, runs of white space by one space, no
    space just inside a bracket) and the list of its numbers, in order."""
    numbers = [float(m.group()) for m in _NUMBER.finditer(text)]
    skeleton = _BRACKET_PAD.sub("", _SPACE.sub(" ", _NUMBER.sub("#", text))).strip()
    return skeleton, numbers


def numbers_agree(new: list[float], old: list[float], rtol: float = TRAINED_RTOL, atol: float = TRAINED_ATOL) -> list[str]:
    """The disagreements (as messages) between two equally long lists of numbers; empty if none."""
    return [
        f"value {i}: {a!r} computed, {b!r} stored (tolerance {atol} + {rtol} * |stored|)"
        for i, (a, b) in enumerate(zip(new, old, strict=True))
        if not abs(a - b) <= atol + rtol * abs(b)
    ]


def _masked(outputs: list[Any], sanitize: Callable[[str], str]) -> tuple[list[Any], dict[str, list[float]]]:
    """Copies of ``outputs`` with every text sanitized (nbval's patterns: wall-clock timings become ``TIME``)
    and then masked, and the numbers of each MIME key (or stream)."""
    numbers: dict[str, list[float]] = {}
    masked = copy.deepcopy(outputs)
    for out in masked:
        if out.get("output_type") == "stream":
            out["text"], found = mask(sanitize(out["text"]))
            numbers.setdefault(out.get("name", "stream"), []).extend(found)
        for key, value in out.get("data", {}).items():
            if key in _IMAGES or not isinstance(value, str):
                continue
            out["data"][key], found = mask(sanitize(value))
            numbers.setdefault(key, []).extend(found)
    return masked, numbers


def _unchanged(text: str) -> str:
    return text


def trained_outputs_agree(
    compare_strictly,  # noqa: ANN001
    cell: Any,
    test: list[Any],
    ref: list[Any],
    sanitize: Callable[[str], str] = _unchanged,
) -> bool:
    """The tolerant rule: identical skeletons (compared by nbval's own ``compare_strictly``), numbers
    within tolerance, after nbval's ``sanitize`` (so a wall-clock time is never compared as a number).
    Disagreements are appended to ``cell.comparison_traceback`` as nbval does."""
    test_masked, test_numbers = _masked(test, sanitize)
    ref_masked, ref_numbers = _masked(ref, sanitize)
    if not compare_strictly(cell, test_masked, ref_masked):
        cell.comparison_traceback.insert(0, "trained-output cell: the text around the numbers differs")
        return False
    problems = []
    for key, old in ref_numbers.items():
        new = test_numbers.get(key, [])
        if len(new) != len(old):
            problems.append(f"{key}: {len(new)} numbers computed, {len(old)} stored")
        else:
            problems += [f"{key}: {msg}" for msg in numbers_agree(new, old)]
    if problems:
        cell.comparison_traceback = ["trained-output cell: numbers outside the tolerance", *problems]
        return False
    return True


def install_trained_output_rule() -> None:
    """Make nbval compare the cells tagged ``trained-output`` by :func:`trained_outputs_agree`."""
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:  # nbval is not installed: nothing to patch
        return
    if getattr(IPyNbCell.compare_outputs, "_genbounds_rule", False):
        return
    strict = IPyNbCell.compare_outputs

    def compare_outputs(self, test, ref, skip_compare=None):  # noqa: ANN001, ANN202
        if TRAINED_TAG in self.cell.metadata.get("tags", []):
            return trained_outputs_agree(
                lambda c, t, r: strict(c, t, r, skip_compare), self, test, ref, sanitize=self.sanitize
            )
        return strict(self, test, ref, skip_compare)

    compare_outputs._genbounds_rule = True  # type: ignore[attr-defined]
    IPyNbCell.compare_outputs = compare_outputs
