"""The tolerant comparison of trained outputs (tests/_outputs.py), checked on hand-made outputs."""

from __future__ import annotations

import re

import nbformat
import pytest
from _outputs import TRAINED_ATOL, TRAINED_RTOL, mask, numbers_agree, trained_outputs_agree


def _stream(text: str) -> nbformat.NotebookNode:
    return nbformat.from_dict({"output_type": "stream", "name": "stdout", "text": text})


def _glue(value: str) -> nbformat.NotebookNode:
    return nbformat.from_dict(
        {"output_type": "display_data", "metadata": {}, "data": {"application/papermill.record/text/plain": value}}
    )


class _Cell:
    comparison_traceback: list[str]


def _strict(cell: _Cell, test: list, ref: list) -> bool:
    cell.comparison_traceback = []
    return [dict(o) for o in test] == [dict(o) for o in ref]


def _agree(test: list, ref: list) -> bool:
    return trained_outputs_agree(_strict, _Cell(), test, ref)


def test_mask_separates_skeleton_and_numbers() -> None:
    skeleton, numbers = mask("MLP test accuracy [0.646 0.67  0.671]\nT_12: -1.5e-03")
    assert skeleton == "MLP test accuracy [# # #] T_12: #"
    assert numbers == [0.646, 0.67, 0.671, -1.5e-3]


def test_seed_scatter_passes() -> None:
    assert _agree([_stream("acc [0.646 0.67  0.671]\n")], [_stream("acc [0.642 0.671 0.649]\n")])
    assert _agree([_glue("1.784346")], [_glue("1.784098")])
    # numpy pads an array to its widest entry, so the spacing next to a bracket moves with the values
    assert _agree([_stream("err [0.3   0.326 0.31 ]\n")], [_stream("err [0.311 0.326 0.3]\n")])
    assert not _agree([_stream("err [0.3 0.326] (MLP)\n")], [_stream("err [0.311 0.326] (CNN)\n")])


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("acc [0.1 0.67 0.671]", "acc [0.642 0.671 0.649]"),  # chance-level member
        ("loss nan", "loss 0.3"),  # diverged
        ("acc [0.67 0.671]", "acc [0.642 0.671 0.649]"),  # a missing value
        ("error 0.3", "accuracy 0.3"),  # another label
        ("bits 3000", "bits 1010"),  # off by a factor 3
    ],
)
def test_broken_experiment_fails(new: str, old: str) -> None:
    assert not _agree([_stream(new)], [_stream(old)])


def test_tolerance_boundary() -> None:
    old = 2.0
    edge = old + TRAINED_ATOL + TRAINED_RTOL * old
    assert numbers_agree([edge * (1 - 1e-9)], [old]) == []
    assert numbers_agree([edge * (1 + 1e-6)], [old]) != []


def test_timings_are_sanitized_before_comparison() -> None:
    """A wall-clock time in a trained cell is masked by nbval's patterns, never compared as a number."""
    timing = re.compile(r"\d+(\.\d+)?\s?(s|ms|µs|us|seconds)\b")

    def sanitize(text: str) -> str:
        return timing.sub("TIME", text)

    new, old = [_stream("error 0.31, training time 5.4 s\n")], [_stream("error 0.30, training time 32.1 s\n")]
    assert not _agree(new, old)  # without the patterns the time is a number 6x off
    assert trained_outputs_agree(_strict, _Cell(), new, old, sanitize=sanitize)
    assert not trained_outputs_agree(_strict, _Cell(), [_stream("error 0.9, training time 5.4 s\n")], old, sanitize=sanitize)
