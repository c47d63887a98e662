"""The reader edition and the student edition (editions/): generated from the chapters, clean, runnable.

Fast checks only (about a minute): the full grading of every chapter (reference solutions full marks, blank
notebook zero, planted wrong answers not full) re-executes each chapter three times and runs in CI after
``make test`` as ``make coursework-check``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _book import ROOT, mathjax_macros, toc_notebooks

sys.path.insert(0, str(ROOT / "editions"))
import build as reader  # noqa: E402
import coursework  # noqa: E402
import myst  # noqa: E402

CHAPTERS = toc_notebooks()
# Executed end to end in a fresh kernel (the others are covered by the identity of their code cells with the
# chapter's, which nbval executes): a cheap numpy-only chapter.
EXECUTED = ["02_concentration"]


@pytest.fixture(scope="module")
def reader_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reader")
    reader.build(reader.toc_pages(), out)
    return out


def _reader_nb(reader_dir: Path, chapter: Path) -> dict:
    return json.loads((reader_dir / chapter.relative_to(ROOT)).read_text(encoding="utf-8"))


def test_regenerating_gives_no_diff(reader_dir: Path, tmp_path: Path) -> None:
    """Byte-for-byte reproducible: a second build (here, and Binder's in place) writes the same files."""
    reader.build(reader.toc_pages(), tmp_path)
    first = sorted(p.relative_to(reader_dir) for p in reader_dir.rglob("*") if p.is_file())
    assert first == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    for rel in first:
        assert (reader_dir / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


def _markdown_parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    return MarkdownIt("commonmark", {"html": True}).use(dollarmath_plugin, double_inline=True)


def _leftovers(md: str, macros: dict) -> list[str]:
    """MyST that a plain renderer would show raw: found by parsing the markdown, not by grepping."""
    problems = []
    tokens = _markdown_parser().parse(md)
    macro_re = re.compile(r"\\(" + "|".join(map(re.escape, macros)) + r")(?![A-Za-z])")

    def walk(toks):
        for i, t in enumerate(toks):
            if t.type == "fence" and t.info.strip().startswith("{"):
                problems.append(f"directive fence {t.info.strip()}")
            if t.type == "fence" and t.info.strip().startswith(":::"):
                problems.append("colon fence")
            if t.type in ("math_inline", "math_block", "math_inline_double", "math_block_label"):
                for m in macro_re.finditer(t.content):
                    problems.append(f"unexpanded macro \\{m.group(1)} in ${t.content[:60]}$")
                if "\\newcommand" in t.content or "\\def" in t.content:
                    problems.append("macro definition")
            if t.type == "text":
                if re.search(r"\{[\w:-]+\}$", t.content) and i + 1 < len(toks) and toks[i + 1].type == "code_inline":
                    problems.append(f"role {t.content[-30:]}`{toks[i + 1].content}`")
                if re.search(r"^:(label|class|name|nonumber):", t.content, re.M):
                    problems.append(f"option line {t.content[:60]}")
                if re.search(r"^\([\w:.-]+\)=\s*$", t.content, re.M):
                    problems.append("target line")
            if t.type == "paragraph_open" and i + 1 < len(toks) and toks[i + 1].type == "inline":
                if re.match(r"^:label:", toks[i + 1].content):
                    problems.append(":label: line")
            if t.children:
                walk(t.children)

    walk(tokens)
    return problems


def test_parser_sees_myst() -> None:
    """The leftover check itself catches each kind of MyST."""
    bad = "```{prf:theorem} T\n:label: x\nA\n```\n\nSee {prf:ref}`x` and $\\P(A)$.\n\n:label: y\n"
    found = _leftovers(bad, mathjax_macros())
    assert any("directive" in p for p in found) and any("role" in p for p in found)
    assert any("macro" in p for p in found) and any("label" in p for p in found)
    assert _leftovers("A theorem and $\\mathbb{P}(A)$, `code` and {a} set.", mathjax_macros()) == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_reader_notebook_is_plain_jupyter(reader_dir: Path, chapter: Path) -> None:
    nb = _reader_nb(reader_dir, chapter)
    assert "reader_edition_unresolved" not in nb["metadata"], nb["metadata"].get("reader_edition_unresolved")
    macros = mathjax_macros()
    problems = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            problems += [f"{cell.get('id')}: {p}" for p in _leftovers(myst.source(cell), macros)]
    assert not problems, problems[:10]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_glue_key_resolves(reader_dir: Path, chapter: Path) -> None:
    """Each glue role of the chapter is replaced by its stored value, formatted as the role asks."""
    src = myst.load(chapter)
    values = myst.glue_values(src)
    roles = [m for c in src["cells"] if c["cell_type"] == "markdown"
             for m in re.finditer(r"\{glue(?::text)?\}`([^`:]+)(?::([^`]*))?`", myst.source(c))]
    missing = sorted({m.group(1) for m in roles} - set(values))
    assert not missing, f"glue keys without a stored value: {missing}"
    text = "\n".join(myst.source(c) for c in _reader_nb(reader_dir, chapter)["cells"] if c["cell_type"] == "markdown")
    assert "{glue" not in text
    for m in roles[:: max(1, len(roles) // 15)]:  # a sample of the values, formatted, appear in the prose
        assert myst.format_glue(values[m.group(1)], m.group(2) or "") in text


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_reader_keeps_every_code_cell(reader_dir: Path, chapter: Path) -> None:
    """Same code in the same order as the chapter (which nbval executes), hidden cells only collapsed."""
    src = [c for c in myst.load(chapter)["cells"] if c["cell_type"] == "code"]
    out = [c for c in _reader_nb(reader_dir, chapter)["cells"] if c["cell_type"] == "code"]
    assert [myst.source(c) for c in src] == [myst.source(c) for c in out]
    for s, o in zip(src, out, strict=True):
        if {"remove-input", "hide-input", "remove-cell"} & set(myst.tags(s)):
            assert o["metadata"]["jupyter"]["source_hidden"] is True
        assert o["outputs"] == s["outputs"]


def test_solutions_are_folded(reader_dir: Path) -> None:
    for chapter in CHAPTERS:
        cells = _reader_nb(reader_dir, chapter)["cells"]
        text = "\n".join(myst.source(c) for c in cells if c["cell_type"] == "markdown")
        n_ex = len(re.findall(r"\*\*Exercise\*\*", text))
        assert text.count("<details>") == text.count("</details>") >= n_ex, chapter.stem


def test_citations_and_links() -> None:
    bib = myst.parse_bib((ROOT / "book" / "references.bib").read_text(encoding="utf-8"))
    assert myst.cite_text(bib["boucheron2013"]) == "Boucheron et al., 2013"
    assert myst.cite_text(bib["hoeffding1963"]) == "Hoeffding, 1963"
    assert "Stéphane Boucheron, Gábor Lugosi and Pascal Massart (2013)" in myst.reference_text(bib["boucheron2013"])
    assert myst.format_glue("0.012345", ".2e") == "1.23e-02" and myst.format_glue("'abc'", "") == "abc"
    assert myst.expand_macros(r"\P(\Pr) \E\KL", {"P": r"\mathbb{P}", "E": r"\mathbb{E}", "KL": "D"}) == \
        r"\mathbb{P}(\Pr) \mathbb{E}D"


@pytest.mark.parametrize("name", EXECUTED)
def test_reader_notebook_executes(reader_dir: Path, name: str, tmp_path: Path) -> None:
    """A reader notebook runs top to bottom in a fresh kernel, without an error."""
    nb_path = reader_dir / "book" / f"{name}.ipynb"
    script = textwrap.dedent(f"""
        import sys; sys.modules['rfc3987_syntax'] = None
        import nbformat
        from nbclient import NotebookClient
        nb = nbformat.read({str(nb_path)!r}, as_version=4)
        resources = {{"metadata": {{"path": {str(ROOT / 'book')!r}}}}}
        NotebookClient(nb, timeout=600, kernel_name="python3", resources=resources).execute()
        print("executed", sum(c.cell_type == "code" for c in nb.cells), "code cells")
    """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr[-3000:]


# ---------------------------------------------------------------------------------------------------------
# Student edition and autograder


def _code_exercises(chapter: Path) -> list[str]:
    """Labels of the exercises whose solution has a visible code cell."""
    labels, inside, label = [], False, ""
    for c in myst.load(chapter)["cells"]:
        if c["cell_type"] == "markdown":
            for m in reader.SOLUTION.finditer(myst.source(c)):
                inside, label = m.group(2) == "start", m.group(3).strip()
        elif inside and not {"remove-input", "remove-cell"} & set(myst.tags(c)) and label not in labels:
            labels.append(label)
    return labels


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_code_exercise_is_autograded(chapter: Path) -> None:
    specs = coursework.load_specs(chapter.stem)
    missing = [lab for lab in _code_exercises(chapter) if lab not in specs or not specs[lab].autograded]
    assert not missing, f"add autograder tests to editions/tests/{chapter.stem}.py for {missing}"
    for lab, spec in specs.items():
        for part in ("visible", "hidden", "wrong", "solution", "bind"):
            compile(getattr(spec, part) or "pass", f"{chapter.stem}:{lab}:{part}", "exec")
        if spec.autograded:
            assert spec.wrong.strip() and spec.names.strip(), f"{lab}: a planted wrong answer and the names"


TOY = {
    "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Toy\n\nThe value is {glue:text}`v:.2f`."},
        {"cell_type": "code", "id": "b", "metadata": {"tags": ["remove-input"]}, "execution_count": 1,
         "source": "import numpy as np\nfrom myst_nb import glue\nglue('v', 0.5, display=False)",
         "outputs": [{"output_type": "display_data", "data": {"application/papermill.record/text/plain": "0.5"},
                      "metadata": {"scrapbook": {"name": "v", "mime_prefix": "application/papermill.record/"}}}]},
        {"cell_type": "markdown", "id": "c", "metadata": {},
         "source": "```{exercise} Squares\n:label: ex-toy\n\nCompute the squares of 0..4.\n```"},
        {"cell_type": "markdown", "id": "d", "metadata": {}, "source": "```{solution-start} ex-toy\n:class: dropdown\n```"},
        {"cell_type": "markdown", "id": "e", "metadata": {}, "source": "Square each number:"},
        {"cell_type": "code", "id": "f", "metadata": {}, "execution_count": 2, "outputs": [],
         "source": "squares = np.arange(5) ** 2"},
        {"cell_type": "code", "id": "g", "metadata": {"tags": ["remove-input"]}, "execution_count": 3, "outputs": [],
         "source": "assert squares[2] == 4"},
        {"cell_type": "markdown", "id": "h", "metadata": {}, "source": "```{solution-end}\n```"},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                 "language_info": {"name": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}
TOY_SPEC = coursework.Spec("ex-toy", names="squares", visible="assert len(squares) == 5",
                           hidden="assert np.array_equal(squares, [0, 1, 4, 9, 16])", wrong="squares = squares + 1")


def test_autograder_on_a_toy_chapter(tmp_path: Path) -> None:
    """Student notebook without solution or hidden test; reference full marks, blank and wrong zero, and an
    infinite loop stopped by the answer-cell timeout (each submission graded by nbgrader in a fresh kernel)."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "toy.ipynb").write_text(json.dumps(TOY), encoding="utf-8")
    out = tmp_path / "course"
    coursework.build(["toy"], out, cell_timeout=60, answer_timeout=5, book=book, specs_of={"toy": {"ex-toy": TOY_SPEC}})
    student = json.loads((out / "student" / "toy.ipynb").read_text())
    instructor = json.loads((out / "instructor" / "toy.ipynb").read_text())
    s_text = "\n".join(myst.source(c) for c in student["cells"])
    assert "np.arange(5) ** 2" not in s_text and "array_equal" not in s_text and "Square each" not in s_text
    assert "raise NotImplementedError()" in s_text and "assert len(squares) == 5" in s_text
    assert "The value is 0.50." in s_text and "**Exercise** (Squares)" in s_text
    i_text = "\n".join(myst.source(c) for c in instructor["cells"])
    assert "np.arange(5) ** 2" in i_text and "array_equal" in i_text and "Rubric" in i_text

    subs = {"ref": coursework._fill(student, instructor), "blank": student,
            "wrong": coursework._fill(student, instructor, {"ex-toy": TOY_SPEC.wrong}),
            "loop": coursework._fill(student, instructor, {"ex-toy": "while True:\n    pass"})}
    paths = {}
    for k, nb in subs.items():
        paths[k] = tmp_path / f"{k}.ipynb"
        paths[k].write_text(myst.dumps(nb))
    res = coursework.grade(out, "toy", paths, timeout=300)
    assert all(r["status"] == "ok" for r in res.values()), res
    score = {k: r["scores"]["ex-toy-tests"] for k, r in res.items()}
    assert score["ref"] == (1.0, 1.0)
    assert score["blank"][0] == score["wrong"][0] == score["loop"][0] == 0.0
    assert res["loop"]["seconds"] < 120
