"""Re-execute the notebooks of _toc.yml in place (``make execute``), reporting each one's time.

Usage: ``python tests/execute_notebooks.py [book/NN_name.ipynb ...]`` (default: all of _toc.yml).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

sys.path.insert(0, str(Path(__file__).parent))
from _book import toc_notebooks  # noqa: E402


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    ExecutePreprocessor(timeout=600, kernel_name="python3").preprocess(nb, {"metadata": {"path": str(path.parent)}})
    elapsed = time.perf_counter() - start
    nbformat.write(nb, path)
    return elapsed


if __name__ == "__main__":
    paths = [Path(p).resolve() for p in sys.argv[1:]] or toc_notebooks()
    for p in paths:
        print(f"{execute(p):7.1f} s  {p.name}", flush=True)
