"""Build the site (``make book``, ``make book-full``, and the last test of ``make test``).

``python tests/build_book.py`` renders the committed outputs of the notebooks (the outputs ``make test``
re-executes and compares), which takes well under a minute. ``--execute`` re-executes every notebook
first (Jupyter Book's ``execute_notebooks: force``), for a full rebuild; the committed notebooks are not
changed (``make execute`` is the command that refreshes them).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from _book import ROOT  # noqa: E402


def build(output: Path = ROOT, *, execute: bool = False, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    """Run ``jupyter-book build -W -n --keep-going`` into ``output/_build`` and return the process."""
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) or shutil.which("jupyter-book")
    if jb is None:
        raise RuntimeError("jupyter-book is not installed in this environment (run `make install`)")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["execute"]["execute_notebooks"] = "force" if execute else "off"
    with tempfile.TemporaryDirectory() as tmp:
        config_path = Path(tmp) / "_config.yml"
        config_path.write_text(yaml.safe_dump(config))
        command = [jb, "build", str(ROOT), "--config", str(config_path), "--path-output", str(output), "-W", "-n", "--keep-going"]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute", action="store_true", help="re-execute every notebook (full rebuild)")
    args = parser.parse_args()
    result = build(execute=args.execute)
    print(result.stdout[-6000:])
    print(result.stderr[-6000:], file=sys.stderr)
    raise SystemExit(result.returncode)
