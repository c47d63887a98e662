"""Shared helpers of the book-level tests: where things are, what the table of contents lists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"

#: Per-notebook execution budget on the developers' machine (2 CPU cores), in seconds.
NOTEBOOK_BUDGET_S = 30.0  # reported by `make bench`, never a failing test


def toc_files() -> list[str]:
    """Every ``file:``/``root:`` entry of _toc.yml, in reading order, without extension."""
    text = (ROOT / "_toc.yml").read_text()
    return re.findall(r"^\s*-?\s*(?:file|root):\s*(\S+)\s*$", text, flags=re.M)


def toc_notebooks() -> list[Path]:
    return [ROOT / f"{f}.ipynb" for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


def mathjax_macros() -> dict[str, str]:
    """The MathJax macros of _config.yml (the notation of the course)."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return config["sphinx"]["config"]["mathjax3_config"]["tex"]["macros"]


def macros_cell_source() -> str:
    """Source of the hidden first cell of every notebook: the same macros, for Jupyter, Binder and Colab.

    The site takes its macros from _config.yml and drops this cell (tag ``remove-cell``); a notebook
    opened in Jupyter has no _config.yml, so it defines them itself.
    """
    lines = [f"\\newcommand{{\\{name}}}{{{body}}}" for name, body in mathjax_macros().items()]
    return "$$\n" + "\n".join(lines) + "\n$$"
