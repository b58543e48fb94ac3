"""Comparing two versions of a document from files (``draft diff``, also from Python).

Each side is a YAML (built) or a DOCX (read back); the comparison itself is ``drafting.diff``.
A redline is the new document with the old one's differences as Word tracked changes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import diff
from .errors import EnvError
from .pipeline import load_document
from .tree import Document


@dataclass
class Review:
    old: Document
    new: Document
    report: diff.Report
    notes: list[str] = field(default_factory=list)  # Chinese lines for the writer (redline written …)


def write_redline(old: Document, new: Document, target: Path, inputs: list[Path], force: bool = False) -> list[str]:
    """Write the redline DOCX to ``target`` (never over an input or a hand-edited file unless
    ``force``, and then after a backup); return the notes to show."""
    from .output import guard, write_proven
    from .pipeline import to_docx

    data = to_docx(diff.redline(old, new), embed_tree=False)
    backup = guard(target, inputs, force)
    write_proven(target, data, "docx", backup)
    notes = [f"{target}: 提示：旧文件已备份为 {backup}"] if backup is not None else []
    return notes + [f"已生成修订稿 {target}"]


def review(old: Path, new: Path, types_dirs=None, redline: Path | None = None, force: bool = False) -> Review:
    """Load both files, refuse two different document types, write the redline if asked, compare.

    Raises DraftError (a file that cannot be read or fails validation)."""
    a, b = load_document(old, types_dirs), load_document(new, types_dirs)
    if a.type_name and b.type_name and a.type_name != b.type_name:
        raise EnvError(f"两个文件的文稿类型不同（{a.type_name}、{b.type_name}），无法按结构比较", new)
    notes = write_redline(a, b, redline, [old, new], force) if redline is not None else []
    return Review(a, b, diff.compare(a, b), notes)
