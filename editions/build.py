"""Reader edition: the chapters as notebooks that read well in JupyterLab, Notebook, Colab and on GitHub.

    python editions/build.py                 # every page of _toc.yml -> _build/reader/book/...
    python editions/build.py --out DIR       # elsewhere
    python editions/build.py --in-place --yes   # overwrite book/ (what Binder's postBuild does in its image)
    python editions/build.py book/02_concentration.ipynb   # some pages only
    python editions/build.py --branch reader  # commit the edition to branch `reader` (for Colab), HEAD untouched

Generated from the committed chapters, never edited by hand. Every code cell is kept (with its stored
outputs), so a reader can run and change it; cells hidden on the site are collapsed instead of removed.
Markdown is converted by ``editions/myst.py``; the result is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import myst  # noqa: E402

ROOT, BOOK = myst.ROOT, myst.BOOK
DEFAULT_OUT = ROOT / "_build" / "reader"
SOLUTION = re.compile(r"^(`{3,}|:{3,})\{solution-(start|end)\}[ \t]*([^\n]*)\n((?::[\w-]+:[^\n]*\n)*)\s*\1[ \t]*$", re.M)

HEADER = (
    "*Reader edition* of this chapter, generated from the course's source by `editions/build.py` "
    "(numbers are those of the stored run; run the cells to recompute them). "
    "Solutions are folded: click to open. Changes made here are not kept in the course."
)


def toc_pages() -> list[Path]:
    text = (ROOT / "_toc.yml").read_text()
    out = []
    for f in re.findall(r"^\s*-?\s*(?:file|root):\s*(\S+)\s*$", text, flags=re.M):
        for suffix in (".ipynb", ".md"):
            if (ROOT / f"{f}{suffix}").exists():
                out.append(ROOT / f"{f}{suffix}")
                break
    return out


def macros() -> dict[str, object]:
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return config["sphinx"]["config"]["mathjax3_config"]["tex"]["macros"]


class Resources:
    """What every page needs: the label index of the book, the bibliography, the macros."""

    def __init__(self) -> None:
        self.index = myst.build_index(BOOK)
        self.bib = myst.parse_bib((BOOK / "references.bib").read_text(encoding="utf-8"))
        self.macros = macros()

    def context(self, doc: str, glue: dict[str, str]) -> myst.Context:
        return myst.Context(doc, glue, self.index, self.bib, self.macros)


def _segments(text: str, inside: bool, title: str) -> tuple[list[tuple[str, bool, str]], bool, str]:
    """Split a markdown cell at solution-start/-end fences: (text, inside a solution, solution title)."""
    out, pos = [], 0
    for m in SOLUTION.finditer(text):
        out.append((text[pos : m.start()], inside, title))
        inside = m.group(2) == "start"
        if inside:
            title = m.group(3).strip()  # the exercise's label
        pos = m.end()
    out.append((text[pos:], inside, title))
    return out, inside, title


def convert_markdown_cell(text: str, ctx: myst.Context, state: dict) -> str:
    segs, state["inside"], state["label"] = _segments(text, state["inside"], state["label"])
    parts = []
    for seg, inside, label in segs:
        conv = myst.convert_markdown(seg, ctx)
        if inside and conv.strip():
            target = ctx.index.targets.get(label)
            summary = f"Solution to {target.text}" if target else "Solution"
            conv = f"<details>\n<summary>{summary}</summary>\n\n{conv}\n\n</details>"
        if conv.strip():
            parts.append(conv)
    return "\n\n".join(parts)


def _hide(cell: dict, source: bool, outputs: bool) -> None:
    jup = cell.setdefault("metadata", {}).setdefault("jupyter", {})
    if source:
        jup["source_hidden"] = True
    if outputs and cell.get("outputs"):
        jup["outputs_hidden"] = True


def reader_notebook(path: Path, res: Resources) -> dict:
    nb = myst.load(path)
    doc = path.relative_to(BOOK).with_suffix("").as_posix()
    ctx = res.context(doc, myst.glue_values(nb))
    state = {"inside": False, "label": ""}
    cells = [{"cell_type": "markdown", "id": "reader-edition", "metadata": {}, "source": []}]
    myst.set_source(cells[0], HEADER)
    for cell in nb["cells"]:
        t = myst.tags(cell)
        cell = copy.deepcopy(cell)
        if cell["cell_type"] == "markdown":
            if "remove-cell" in t:  # the macros cell: the reader edition expands the macros instead
                continue
            text = convert_markdown_cell(myst.source(cell), ctx, state)
            if not text.strip():
                continue
            myst.set_source(cell, text)
        elif cell["cell_type"] == "code":
            hidden_src = bool({"remove-input", "hide-input", "remove-cell"} & set(t)) or state["inside"]
            hidden_out = bool({"remove-output", "remove-cell"} & set(t)) or state["inside"]
            _hide(cell, hidden_src, hidden_out)
        cells.append(cell)
    if ctx.cited:
        ref = {"cell_type": "markdown", "id": "reader-references", "metadata": {}, "source": []}
        myst.set_source(ref, myst.references_cell(ctx))
        cells.append(ref)
    nb["cells"] = cells
    nb["metadata"]["reader_edition_unresolved"] = sorted(set(ctx.missing))
    if not ctx.missing:
        del nb["metadata"]["reader_edition_unresolved"]
    return nb


def reader_page(path: Path, res: Resources) -> str:
    """A markdown page of the book (intro, appendix) in plain markdown."""
    doc = path.relative_to(BOOK).with_suffix("").as_posix()
    ctx = res.context(doc, {})
    text = path.read_text(encoding="utf-8")
    if re.search(r"^(`{3,}|:{3,})\{bibliography\}", text, re.M):
        ctx.cited = sorted(res.bib)
        text = re.sub(r"^(`{3,}|:{3,})\{bibliography\}[^\n]*\n(?:[^\n]*\n)*?\1[ \t]*$", "", text, flags=re.M)
        body = myst.convert_markdown(text, ctx)
        return body + "\n\n" + myst.references_cell(ctx).replace("## References\n", "", 1) + "\n"
    body = myst.convert_markdown(text, ctx)
    if ctx.cited:
        body += "\n\n" + myst.references_cell(ctx)
    if ctx.missing:
        body += "\n\n<!-- reader_edition_unresolved: " + ", ".join(sorted(set(ctx.missing))) + " -->"
    return body + "\n"


def build(pages: list[Path], out: Path | None) -> list[Path]:
    """Write the reader edition of ``pages`` under ``out`` (same layout as the repository), or in place."""
    res = Resources()
    written = []
    for page in pages:
        page = page.resolve()
        text = myst.dumps(reader_notebook(page, res)) if page.suffix == ".ipynb" else reader_page(page, res)
        target = page if out is None else out / page.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _git(*args: str, env: dict | None = None, input: str | None = None) -> str:
    import subprocess

    return subprocess.run(["git", *args], cwd=ROOT, env=env, input=input, capture_output=True, text=True,
                          check=True).stdout.strip()


def publish(branch: str, pages: list[Path]) -> str:
    """Commit HEAD's tree with ``pages`` replaced by their reader edition to ``branch``; return the commit.

    Uses a temporary index (git plumbing): the working tree, the index and HEAD are not touched. Colab opens
    a notebook from a branch of the repository, so the launch button (or a link) can point at this branch.
    """
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "edition"
        written = build(pages, out)
        env = dict(os.environ, GIT_INDEX_FILE=str(Path(tmp) / "index"))
        _git("read-tree", "HEAD", env=env)
        for f in written:
            sha = _git("hash-object", "-w", str(f))
            _git("update-index", "--add", "--cacheinfo", f"100644,{sha},{f.relative_to(out).as_posix()}", env=env)
        tree = _git("write-tree", env=env)
    head = _git("rev-parse", "--short", "HEAD")
    parents = []
    try:
        parents = ["-p", _git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")]
        if _git("rev-parse", f"refs/heads/{branch}^{{tree}}") == tree:
            return parents[1]  # nothing changed
    except Exception:  # the branch does not exist yet
        parents = []
    commit = _git("commit-tree", tree, *parents, "-m", f"Reader edition of {head} (editions/build.py --branch {branch})")
    _git("update-ref", f"refs/heads/{branch}", commit)
    return commit


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", nargs="*", type=Path, help="pages of the book (default: every page of _toc.yml)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--in-place", action="store_true", help="overwrite the pages themselves (Binder)")
    ap.add_argument("--yes", action="store_true", help="confirm --in-place (it overwrites the course's source)")
    ap.add_argument("--branch", help="commit the edition to this branch (for Colab); HEAD and the work tree untouched")
    args = ap.parse_args(argv)
    pages = args.pages or toc_pages()
    if args.in_place and not args.yes:
        ap.error("--in-place overwrites the chapters (the course's only source) with generated files: "
                 "meant for Binder's image; add --yes to confirm")
    if args.branch:
        print(f"reader edition committed to branch {args.branch}: {publish(args.branch, pages)}")
        return 0
    written = build(pages, None if args.in_place else args.out)
    print(f"reader edition: {len(written)} pages -> {'in place' if args.in_place else args.out}")
    bad = [p for p in written if "reader_edition_unresolved" in p.read_text(encoding="utf-8")]
    for p in bad:
        print(f"UNRESOLVED glue keys, labels or citations in {p} (search it for reader_edition_unresolved)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
