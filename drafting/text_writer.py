"""Plain text and Markdown writers: the same tree as the DOCX, for previews, tests and diffs."""
from __future__ import annotations

from .tree import Block, Document, Kind


def _table_lines(b: Block, md: bool) -> list[str]:
    rows = b.attrs.get("rows") or []
    out = [b.text] if b.spans else []
    if not rows:
        return out
    if not md:
        return out + ["\t".join(r) for r in rows]
    header = int(b.attrs.get("header_rows", 1)) or 1
    lines = ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    align = b.attrs.get("align") or []
    marks = ["---:" if (align[i] if i < len(align) else "left") == "right" else "---" for i in range(len(rows[0]))]
    lines.insert(header, "| " + " | ".join(marks) + " |")
    return out + ([""] if out else []) + lines


def to_text(doc: Document) -> str:
    """One line per block (a title's explicit breaks become new lines)."""
    lines: list[str] = []
    for b in doc.blocks:
        if b.kind == "image":
            continue
        if b.kind == "table":
            lines += _table_lines(b, md=False)
        else:
            lines.append(b.text)
    return "\n".join(lines) + "\n"


def _md_inline(b: Block) -> str:
    out = []
    for s in b.spans:
        text = s.text.replace("*", "\\*")
        if s.role == "break":
            out.append("<br>")
        elif s.role == "tab":
            out.append("　")
        elif s.role in ("lead", "point_lead", "label", "dateline") or (s.role == "number" and b.level):
            out.append(f"**{text}**" if text.strip() else text)
        else:
            out.append(text)
    return "".join(out).replace("****", "")


def _emph(b: Block) -> list[str]:
    return [f"*{_md_inline(b)}*"]


def _right(b: Block) -> list[str]:
    return [f'<p align="right">{_md_inline(b)}</p>']


def _plain(b: Block) -> list[str]:
    return [_md_inline(b)]


# how each block kind looks in Markdown (tests/test_definitions.py: every Kind has an entry)
MARKDOWN = {
    Kind.TITLE: lambda b: ["# " + b.text.replace("\n", "")],
    Kind.HEADING: lambda b: ["#" * min(b.level + 1, 6) + " " + b.text.replace("\n", " ")],  # a two-line subhead
    Kind.SUBTITLE: _emph, Kind.KICKER: _emph, Kind.META: _emph, Kind.BYLINE: _emph, Kind.CAPTION: _emph,
    Kind.QUOTE: lambda b: ["> " + _md_inline(b)],
    Kind.SIGNATURE: _right, Kind.DATE: _right,
    Kind.IMAGE: lambda b: [f"![]({b.attrs.get('path', '')})"],
    Kind.TABLE: lambda b: _table_lines(b, md=True),
    Kind.PARAGRAPH: _plain, Kind.EDITOR_NOTE: _plain, Kind.ADDRESSEE: _plain, Kind.ATTACHMENT: _plain,
    Kind.MASTHEAD: lambda b: [f"**{_md_inline(b)}**"] if b.attrs.get("part") == "mark" else _plain(b),
    Kind.DOC_NUMBER: _plain, Kind.COLOPHON: _plain,
}


def to_markdown(doc: Document) -> str:
    lines: list[str] = []
    for b in doc.blocks:
        lines += MARKDOWN[b.kind](b)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


WRITERS = {"txt": to_text, "md": to_markdown}
