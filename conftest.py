"""pytest set-up: nbval runs only the notebooks of _toc.yml, trained outputs are compared by the tolerant
rule, and each notebook's execution time is reported (never failed: speed is measured by ``make bench``).

Hypothesis runs derandomized by default (profile ``repeatable``), so that ``make test`` gives the same
verdict on every run; ``HYPOTHESIS_PROFILE=explore make test`` searches with fresh random examples (and
more of them), which is how to look for new counter-examples before committing.

It lives at the repository root so that it applies however pytest is called (``pytest``,
``pytest book/02_concentration.ipynb``, ``pytest tests``); the helpers it imports are in ``tests/``.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=500, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

sys.path.insert(0, str(Path(__file__).parent / "tests"))
from _book import ROOT, toc_notebooks  # noqa: E402
from _outputs import install_trained_output_rule  # noqa: E402

_TOC = {p.resolve() for p in toc_notebooks()}
_durations: dict[str, float] = defaultdict(float)


def pytest_configure(config: pytest.Config) -> None:
    """Cells tagged ``trained-output`` are compared by the tolerant rule of ``tests/_outputs.py``."""
    install_trained_output_rule()


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    parts = set(collection_path.parts)
    if {"_build", ".ipynb_checkpoints", ".venv"} & parts:
        return True
    if collection_path.suffix == ".ipynb" and collection_path.resolve() not in _TOC:
        return True  # a draft notebook that is not part of the book is not tested
    return None


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _durations[path] += report.duration


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    if not _durations:
        return
    terminalreporter.section("notebook execution times (nbval; the budget is checked by `make bench`)")
    for path, seconds in _durations.items():
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}")
    terminalreporter.write_line(f"{sum(_durations.values()):7.1f} s  total")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
