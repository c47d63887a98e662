"""MyST markdown of the chapters turned into plain Jupyter markdown (standard library only).

The site (Jupyter Book) understands directives, roles, glue and the macros of ``_config.yml``; JupyterLab,
Notebook, Colab and GitHub understand none of them. This module rewrites one notebook's markdown so that
every front end shows what the site shows:

* ``{glue:text}`key:fmt``` -> the value stored in the notebook's own outputs, formatted as myst-nb does;
* directives (``prf:theorem``, ``exercise``, ...) -> a titled block quote with an anchor; solutions ->
  collapsed ``<details>`` blocks (their code cells are kept, collapsed);
* ``{cite}`` -> author-year text plus a reference list at the end of the notebook; ``{doc}``, ``{ref}``,
  ``{prf:ref}`` -> text with a link; unknown roles -> their text;
* the course macros (``\\P``, ``\\E``, ...) -> expanded, since some renderers refuse to redefine ``\\P``.

Nothing here imports nbformat (slow to import in this environment); notebooks are read and written as JSON,
in nbformat's layout (one-space indent, sorted keys), so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"

PRF_NAMES = {
    "theorem": "Theorem", "lemma": "Lemma", "proposition": "Proposition", "corollary": "Corollary",
    "definition": "Definition", "example": "Example", "remark": "Remark", "proof": "Proof",
    "conjecture": "Conjecture", "axiom": "Axiom", "criterion": "Criterion", "algorithm": "Algorithm",
    "property": "Property", "observation": "Observation", "assumption": "Assumption", "notation": "Notation",
}
ADMONITIONS = {"note", "warning", "tip", "important", "hint", "caution", "attention", "danger", "error",
               "seealso", "admonition", "margin", "sidebar", "epigraph", "topic"}

# ---------------------------------------------------------------------------------------------------------
# Notebook I/O


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def dumps(nb: dict) -> str:
    """nbformat's own serialisation (``nbformat.writes``): indent 1, sorted keys, trailing newline."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def set_source(cell: dict, text: str) -> None:
    cell["source"] = text.splitlines(keepends=True)


def tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


# ---------------------------------------------------------------------------------------------------------
# Glue


def glue_values(nb: dict) -> dict[str, str]:
    """``{key: text/plain}`` of every ``glue(...)`` call whose output is stored in the notebook."""
    out = {}
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            sb = o.get("metadata", {}).get("scrapbook")
            if not sb:
                continue
            prefix = sb.get("mime_prefix", "application/papermill.record/")
            data = o.get("data", {})
            text = data.get(prefix + "text/plain", data.get("text/plain"))
            if text is not None:
                out[sb["name"]] = "".join(text) if isinstance(text, list) else text
    return out


def format_glue(text: str, fmt: str) -> str:
    """What myst-nb's ``{glue:text}`` shows: the text/plain value, formatted as a float if asked."""
    text = str(text).strip("'")
    if fmt:
        try:
            return f"{float(text):>{fmt}}"
        except ValueError:
            return text
    return text


# ---------------------------------------------------------------------------------------------------------
# Bibliography


def _latex_to_text(s: str) -> str:
    accents = {"'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303", "c": "\u0327",
               "v": "\u030c", "=": "\u0304", "u": "\u0306", "H": "\u030b", ".": "\u0307"}
    import unicodedata

    def acc(m: re.Match) -> str:
        return unicodedata.normalize("NFC", m.group(2) + accents[m.group(1)])

    s = re.sub(r"\\([`'\"^~=.]|[cvuH](?![A-Za-z]))\s*\{?\\?([A-Za-z])\}?", acc, s)
    s = s.replace("\\&", "&").replace("--", "\u2013").replace("~", " ")
    s = re.sub(r"\\[A-Za-z]+\s*", "", s)
    return re.sub(r"\s+", " ", s.replace("{", "").replace("}", "")).strip()


def parse_bib(text: str) -> dict[str, dict[str, str]]:
    """A small BibTeX reader: ``{key: {field: value}}`` for entries of the form ``@type{key, f = {v}, ...}``."""
    entries: dict[str, dict[str, str]] = {}
    for m in re.finditer(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text):
        i, depth, fields = m.end(), 1, {"ENTRYTYPE": m.group(1).lower()}
        body_start = i
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body = text[body_start : i - 1]
        for f in re.finditer(r"(\w+)\s*=\s*", body):
            j = f.end()
            if j < len(body) and body[j] == "{":
                d, k = 1, j + 1
                while k < len(body) and d:
                    d += {"{": 1, "}": -1}.get(body[k], 0)
                    k += 1
                value = body[j + 1 : k - 1]
            elif j < len(body) and body[j] == '"':
                k = body.index('"', j + 1)
                value = body[j + 1 : k]
            else:
                value = re.match(r"[^,\n]*", body[j:]).group(0)
            fields.setdefault(f.group(1).lower(), value.strip())
        entries[m.group(2)] = fields
    return entries


def _surnames(authors: str) -> list[str]:
    names = []
    for a in re.split(r"\s+and\s+", authors.strip()):
        a = _latex_to_text(a)
        names.append(a.split(",")[0].strip() if "," in a else a.split()[-1] if a.split() else a)
    return names


def cite_text(entry: dict[str, str]) -> str:
    names = _surnames(entry.get("author", entry.get("editor", "Anonymous")))
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {entry.get('year', 'n.d.')}"


def reference_text(entry: dict[str, str]) -> str:
    """One line of the reference list: authors (year). *Title*. Venue."""
    authors = [_latex_to_text(a) for a in re.split(r"\s+and\s+", entry.get("author", entry.get("editor", "")))]
    authors = [" ".join(reversed([p.strip() for p in a.split(",", 1)])) if "," in a else a for a in authors]
    who = ", ".join(authors[:-1]) + (" and " if len(authors) > 1 else "") + authors[-1] if authors else ""
    venue = next((entry[k] for k in ("journal", "booktitle", "publisher", "school", "institution", "howpublished")
                  if k in entry), "")
    parts = [f"{who} ({entry.get('year', 'n.d.')}). *{_latex_to_text(entry.get('title', ''))}*."]
    if venue:
        parts.append(_latex_to_text(venue) + ".")
    for key in ("doi", "url"):
        if key in entry:
            url = entry[key] if key == "url" else f"https://doi.org/{entry[key]}"
            parts.append(f"<{url}>")
            break
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------------------
# Labels of the whole book (for {ref}, {prf:ref}, {doc})

FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>[^\n]*)$", re.M)


@dataclass
class Target:
    text: str  # what a reference shows, e.g. "Theorem (Hoeffding's inequality)"
    doc: str  # page, relative to book/ without extension, e.g. "02_concentration"
    anchor: str


@dataclass
class Index:
    targets: dict[str, Target] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # page -> its first heading
    suffix: dict[str, str] = field(default_factory=dict)  # page -> ".ipynb" or ".md"


def _kind_title(name: str, arg: str) -> str:
    kind = name.split(":", 1)[-1]
    label = PRF_NAMES.get(kind, kind.replace("-", " ").capitalize())
    return f"{label} ({arg.strip()})" if arg.strip() else label


def _scan_markdown(text: str, doc: str, index: Index) -> None:
    if doc not in index.titles:
        h = re.search(r"^#\s+(.+)$", text, re.M)
        if h:
            index.titles[doc] = h.group(1).strip()
    for m in FENCE.finditer(text):
        lab = re.match(r"(?:\n:[\w-]+:[^\n]*)*?\n:label:\s*(\S+)", text[m.end():])
        if lab:
            index.targets[lab.group(1)] = Target(_kind_title(m.group("name"), m.group("arg")), doc, lab.group(1))
    for m in re.finditer(r"^\((?P<lab>[\w:.-]+)\)=[ \t]*\n+(?:#+\s+(?P<head>[^\n]+))?", text, re.M):
        index.targets[m.group("lab")] = Target(m.group("head") or m.group("lab"), doc, m.group("lab"))


def build_index(book: Path = BOOK) -> Index:
    index = Index()
    for path in sorted(book.rglob("*.ipynb")) + sorted(book.rglob("*.md")):
        if "_build" in path.parts or ".ipynb_checkpoints" in path.parts:
            continue
        doc = path.relative_to(book).with_suffix("").as_posix()
        index.suffix[doc] = path.suffix
        if path.suffix == ".ipynb":
            text = "\n\n".join(source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown")
        else:
            text = path.read_text(encoding="utf-8")
        _scan_markdown(text, doc, index)
    return index


# ---------------------------------------------------------------------------------------------------------
# Macros


def expand_macros(text: str, macros: dict[str, object]) -> str:
    """Replace ``\\name`` (not followed by a letter) by the macro's body; bodies with arguments get ``#1``..."""
    for _ in range(5):  # macros may use other macros
        new = text
        for name, body in macros.items():
            if isinstance(body, list):  # [body, nargs]
                tmpl, nargs = body[0], int(body[1])
                pat = re.compile(r"\\" + name + r"(?![A-Za-z])" + r"\s*\{([^{}]*)\}" * nargs)
                new = pat.sub(lambda m, t=tmpl: re.sub(r"#(\d)", lambda a: m.group(int(a.group(1))), t), new)
            else:
                new = re.sub(r"\\" + name + r"(?![A-Za-z])", lambda m, b=body: b, new)
        if new == text:
            break
        text = new
    return text


# ---------------------------------------------------------------------------------------------------------
# Markdown conversion

ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")


@dataclass
class Context:
    doc: str  # this page, e.g. "02_concentration"
    glue: dict[str, str]
    index: Index
    bib: dict[str, dict[str, str]]
    macros: dict[str, object]
    cited: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # unresolved glue keys / labels / citations


def _text_and_target(content: str) -> tuple[str | None, str]:
    m = re.fullmatch(r"\s*(.*?)\s*<([^<>]+)>\s*", content, re.S)
    return (m.group(1), m.group(2).strip()) if m else (None, content.strip())


def _link(ctx: Context, doc: str, anchor: str | None) -> str:
    """Relative link from ctx.doc to doc (a page under book/) with an optional anchor."""
    if doc == ctx.doc:
        return f"#{anchor}" if anchor else "#"
    here = Path(ctx.doc).parent
    rel = Path(*([".."] * len(here.parts)), doc) if here.parts else Path(doc)
    return f"{rel.as_posix()}{ctx.index.suffix.get(doc, '.ipynb')}" + (f"#{anchor}" if anchor else "")


def _role(m: re.Match, ctx: Context) -> str:
    role, content = m.group("role"), m.group("content")
    if role.startswith("glue"):
        key, _, fmt = content.partition(":")
        if key not in ctx.glue:
            ctx.missing.append(f"glue {key}")
            return f"**[{key}?]**"
        return format_glue(ctx.glue[key], fmt)
    if role.startswith("cite"):
        keys = [k.strip() for k in content.split(",") if k.strip()]
        parts = []
        for k in keys:
            if k not in ctx.bib:
                ctx.missing.append(f"citation {k}")
                parts.append(k)
                continue
            if k not in ctx.cited:
                ctx.cited.append(k)
            parts.append(f"[{cite_text(ctx.bib[k])}](#ref-{k})")
        # as the site shows them (sphinxcontrib-bibtex, author_year): [Boucheron et al., 2013]
        return "[" + "; ".join(parts) + "]" if role in ("cite", "cite:p", "cite:ps") else "; ".join(parts)
    if role == "doc":
        text, target = _text_and_target(content)
        doc = (Path(ctx.doc).parent / target).as_posix() if not target.startswith("/") else target.lstrip("/")
        doc = _normalise(doc)
        if doc not in ctx.index.suffix:
            ctx.missing.append(f"doc {target}")
        return f"[{text or ctx.index.titles.get(doc, doc)}]({_link(ctx, doc, None)})"
    if role in ("ref", "prf:ref", "numref", "eq"):
        text, target = _text_and_target(content)
        t = ctx.index.targets.get(target)
        if t is None:
            ctx.missing.append(f"label {target}")
            return text or target
        return f"[{text or t.text}]({_link(ctx, t.doc, t.anchor)})"
    if role == "math":
        return f"${content}$"
    if role in ("code", "literal", "samp", "file", "command", "kbd"):
        return f"`{content}`"
    if role in ("sub", "subscript"):
        return f"<sub>{content}</sub>"
    if role in ("sup", "superscript"):
        return f"<sup>{content}</sup>"
    text, _ = _text_and_target(content)
    return text or content


def _normalise(path: str) -> str:
    parts: list[str] = []
    for p in path.split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)


_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\(\w+\)\s|\||#|<|\$\$|```)")


def _unwrap(text: str) -> str:
    """One line per paragraph and per display equation.

    Inside a block quote every line starts with ``>``; JupyterLab and Notebook take the math out of the text
    before parsing the markdown, so math that spans lines would keep those ``>`` characters. Math on one
    line does not.
    """
    text = re.sub(r"\$\$(.+?)\$\$", lambda m: "$$ " + " ".join(m.group(1).split()) + " $$", text, flags=re.S)
    out: list[str] = []
    for line in text.split("\n"):
        if out and out[-1].strip() and line.strip() and not _BLOCK_START.match(line) \
                and not out[-1].lstrip().startswith(("$$", "|", "#", "```")):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def _quote(text: str) -> str:
    text = _unwrap(text.strip("\n"))
    return "\n".join(("> " + line) if line.strip() else ">" for line in text.split("\n"))


def _directive(name: str, arg: str, body: str, ctx: Context) -> str:
    """One directive (body already converted) as plain markdown."""
    options: dict[str, str] = {}
    lines = body.split("\n")
    while lines and re.match(r"^:[\w-]+:", lines[0]):
        k, _, v = lines.pop(0)[1:].partition(":")
        options[k] = v.strip()
    body = "\n".join(lines).strip("\n")
    anchor = f'<a id="{options["label"]}"></a>' if "label" in options else ""
    kind = name.split(":", 1)[-1]
    if name in ("solution", "solution-start"):
        target = ctx.index.targets.get(arg.strip())
        title = f"Solution to {target.text}" if target else "Solution"
        return f"<details>\n<summary>{title}</summary>\n\n{body}\n\n</details>" if body else ""
    if name == "solution-end":
        return ""
    if name in ("math", "equation"):
        return f"$$\n{body}\n$$"
    if name in ("code-cell", "code", "code-block", "sourcecode"):
        return f"```{arg.strip()}\n{body}\n```"
    if name in ("figure", "image"):
        return f"![{body or arg}]({arg.strip()})"
    if name == "exercise" or name.startswith("prf:") or kind in PRF_NAMES:
        title = _kind_title(name, arg)
        head = f"**{title.split(' (')[0]}**" + (f" ({arg.strip()})" if arg.strip() else "")
        if kind == "proof":
            head = "*Proof.*"
            return f"{anchor}{head} {body}" + ("" if body.rstrip().endswith("\u220e") else " \u220e")
        return _quote(f"{anchor}{head}\n\n{body}")
    title = arg.strip() or kind.capitalize()
    return _quote(f"{anchor}**{title}**\n\n{body}")


def _convert_directives(text: str, ctx: Context) -> str:
    """Innermost directives first, until none is left."""
    for _ in range(50):
        best = None
        for m in FENCE.finditer(text):
            fence = m.group("fence")
            close = re.compile(r"^" + re.escape(fence[0]) + "{" + str(len(fence)) + r"}[ \t]*$", re.M)
            c = close.search(text, m.end())
            if c is None:
                continue
            inner = text[m.end() : c.start()]
            if FENCE.search(inner):  # contains another directive: convert that one first
                continue
            best = (m, c)
            break
        if best is None:
            return text
        m, c = best
        rendered = _directive(m.group("name"), m.group("arg"), text[m.end() : c.start()].strip("\n"), ctx)
        text = text[: m.start()] + rendered + text[c.end() :]
    return text


def convert_markdown(text: str, ctx: Context) -> str:
    text = re.sub(r"^\((?P<lab>[\w:.-]+)\)=[ \t]*$", r'<a id="\g<lab>"></a>', text, flags=re.M)
    text = ROLE.sub(lambda m: _role(m, ctx), text)
    text = _convert_directives(text, ctx)
    text = expand_macros(text, ctx.macros)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def references_cell(ctx: Context) -> str:
    lines = ["## References", ""]
    for k in sorted(ctx.cited, key=lambda k: cite_text(ctx.bib[k]).lower()):
        lines.append(f'- <a id="ref-{k}"></a>{expand_macros(reference_text(ctx.bib[k]), ctx.macros)}')
    return "\n".join(lines)
