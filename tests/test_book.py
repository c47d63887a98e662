"""Book-level checks: table of contents, notebook hygiene, citations, and a full build of the site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _book import BOOK, ROOT, macros_cell_source, toc_files, toc_notebooks
from _outputs import TRAINED_TAG
from build_book import build

NOTEBOOKS = toc_notebooks()


def test_toc_entries_exist() -> None:
    for entry in toc_files():
        assert any((ROOT / f"{entry}{ext}").exists() for ext in (".md", ".ipynb")), f"_toc.yml lists {entry}"


def test_every_chapter_is_in_the_toc() -> None:
    listed = {str(p.relative_to(ROOT)) for p in NOTEBOOKS}
    on_disk = {str(p.relative_to(ROOT)) for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    assert on_disk <= listed, f"notebooks missing from _toc.yml: {sorted(on_disk - listed)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_hygiene(path: Path) -> None:
    nb = json.loads(path.read_text())
    cells = nb["cells"]
    first = cells[0]
    assert first["cell_type"] == "markdown" and "remove-cell" in first["metadata"].get("tags", [])
    assert "".join(first["source"]).strip() == macros_cell_source(), "first cell must hold the macros of _config.yml"
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code, "a chapter computes something"
    assert all(c.get("execution_count") for c in code), "committed without outputs: run `make execute`"
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), "outputs must come from one top-to-bottom run"
    source = "".join("".join(c["source"]) for c in code)
    assert "gb.reproducible(" in source, "seed every generator with gb.reproducible"
    for c in code:
        for out in c.get("outputs", []):
            assert out.get("output_type") != "error", f"error output in {path.name}"
            assert "image/svg+xml" not in out.get("data", {}), "SVG output is not stable: use PNG"
            assert out.get("name") != "stderr", f"stderr output (a warning?) in {path.name}: {out.get('text')}"


def _glued_numbers(nb: dict) -> dict[str, float]:
    values = {}
    for c in nb["cells"]:
        for out in c.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            text = out.get("data", {}).get("application/papermill.record/text/plain")
            if name is None or text is None:
                continue
            try:
                values[name] = float("".join(text) if isinstance(text, list) else text)
            except ValueError:
                continue
    return values


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_glued_value_at_rounding_level(path: Path) -> None:
    """A value that is zero up to rounding differs between processors: assert it below a tolerance instead."""
    tiny = {k: v for k, v in _glued_numbers(json.loads(path.read_text())).items() if 0 < abs(v) < 1e-10 and "tol" not in k}
    assert not tiny, f"glued values at rounding level in {path.name}: {tiny}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_trained_cells_use_the_documented_tag(path: Path) -> None:
    """Only ``trained-output`` selects the tolerant comparison: a misspelt tag would silently compare strictly."""
    tags = {t for c in json.loads(path.read_text())["cells"] for t in c.get("metadata", {}).get("tags", [])}
    near = {t for t in tags if "train" in t.lower() and t != TRAINED_TAG}
    assert not near, f"{path.name}: tags {near}; the tolerant comparison is selected by {TRAINED_TAG!r}"


def _cited_keys() -> set[str]:
    keys: set[str] = set()
    for path in list(BOOK.rglob("*.md")) + list(BOOK.rglob("*.ipynb")):
        keys |= {k.strip() for group in re.findall(r"\{cite[a-z:]*\}`([^`]+)`", path.read_text()) for k in group.split(",")}
    return keys


def _inline_math(text: str) -> list[str]:
    """The inline math spans ``$...$`` of a Markdown text (display math ``$$...$$`` and code removed)."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    text = re.sub(r"`[^`]*`", lambda m: "`" + m.group(0)[1:-1].replace("$", "") + "`", text)
    return text.replace("\\$", "").split("$")[1::2]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_glue_role_inside_math(path: Path) -> None:
    """A ``{glue:text}`` role inside ``$...$`` is not rendered (the page shows the raw role): glue after the math."""
    nb = json.loads(path.read_text())
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            bad = [m for m in _inline_math("".join(cell["source"])) if "{glue" in m]
            assert not bad, f"cell {i}: glue inside math: {bad[:2]}"


def test_every_citation_is_in_the_bibliography() -> None:
    bib = (BOOK / "references.bib").read_text()
    defined = set(re.findall(r"@\w+\{([^,\s]+),", bib))
    missing = _cited_keys() - defined
    assert not missing, f"cited but not in book/references.bib: {sorted(missing)}"


def test_bibliography_keys_are_unique() -> None:
    keys = re.findall(r"@\w+\{([^,\s]+),", (BOOK / "references.bib").read_text())
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    assert not repeated, f"entries defined twice in book/references.bib: {repeated}"


def test_package_docstring_references_are_in_the_bibliography() -> None:
    bib = (BOOK / "references.bib").read_text()
    defined = set(re.findall(r"@\w+\{([^,\s]+),", bib))
    used: set[str] = set()
    for path in (ROOT / "src" / "genbounds").rglob("*.py"):
        used |= set(re.findall(r"``([a-z]+\d{4}[a-z]?)``", path.read_text()))
    assert not (used - defined), f"docstrings cite keys missing from references.bib: {sorted(used - defined)}"


def test_book_builds_without_warnings(tmp_path: Path) -> None:
    """Render the committed notebooks (already re-executed by nbval) with warnings as errors."""
    result = build(tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert (tmp_path / "_build" / "html" / "index.html").exists()
