"""Plain text and Markdown writers: the same tree as the DOCX, for previews, tests and diffs."""
from __future__ import annotations

from .tree import Block, Document


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
        elif s.role in ("lead", "point_lead", "label", "dateline") or (s.role == "number" and b.level):
            out.append(f"**{text}**" if text.strip() else text)
        else:
            out.append(text)
    return "".join(out).replace("****", "")


def to_markdown(doc: Document) -> str:
    lines: list[str] = []
    for b in doc.blocks:
        text = _md_inline(b)
        if b.kind == "title":
            lines.append("# " + b.text.replace("\n", ""))
        elif b.kind == "heading":
            lines.append("#" * min(b.level + 1, 6) + " " + b.text.replace("\n", " "))  # a two-line subhead
        elif b.kind in ("subtitle", "kicker", "meta", "byline", "caption"):
            lines.append(f"*{text}*")
        elif b.kind == "quote":
            lines.append("> " + text)
        elif b.kind in ("signature", "date"):
            lines.append(f'<p align="right">{text}</p>')
        elif b.kind == "image":
            lines.append(f"![]({b.attrs.get('path', '')})")
        elif b.kind == "table":
            lines += _table_lines(b, md=True)
        else:
            lines.append(text)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


WRITERS = {"txt": to_text, "md": to_markdown}
