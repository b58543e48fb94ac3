"""The pipeline in one place: load -> validate -> compose -> document tree -> write.

The output formats (``to_bytes``) are listed in ``drafting/formats.py``."""
from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import NamedTuple

from . import figures, formats, loader, registry, styles
from .compose import compose
from .errors import EnvError, InputError
from .loader import Source
from .model import Section, validate
from .package import FIXED_EPOCH
from .tree import Document


class Result(NamedTuple):
    source: Source
    section_type: registry.SectionType
    model: Section
    doc: Document

    @property
    def warnings(self):
        """The loader's warnings (e.g. W001, a GBK file) that the file does not silence."""
        return [w for w in self.source.warnings if w.code not in self.model.ignore]


def build(path: str | Path, types_dirs=None, allow_placeholders: bool = False, text: str | None = None,
          trace: bool = False) -> Result:
    """Load, validate and compose one YAML file into its document tree.

    Placeholders ``draft new`` left (“请填写”) are errors, reported with whatever else is wrong
    (``allow_placeholders``: not, for checking a skeleton itself).  ``text``: the YAML's text
    as it would be (``draft pull`` tries an edit before writing it); ``trace``: spans record
    where their text came from (``Span.origin``)."""
    from .lint import placeholder_errors

    source = loader.read(path) if text is None else loader.parse(text, str(path))
    reg = registry.load_registry(types_dirs)
    stype = reg.for_source(source)
    placeholders = [] if allow_placeholders else placeholder_errors(source)
    try:
        model = validate(stype.model, source)
        family = stype.style_family
        problems = figures.check(model, source)
        if problems:
            raise InputError(problems)
        table = figures.resolver(model)
        doc = compose(stype, model, source, set(family.styles), table, trace)
    except InputError as exc:
        if not placeholders:
            raise
        marked = {d.line for d in placeholders}  # a placeholder's own complaint is said once
        rest = [d for d in exc.diagnostics if d.line not in marked]
        raise InputError(sorted(placeholders + rest, key=lambda d: (d.line or 0, d.col or 0))) from None
    if placeholders:
        raise InputError(placeholders)
    if table is not None:
        doc.meta["figures"] = table.record()
    doc.source = Path(path).name  # beside the YAML, its default place; ``relocate`` for elsewhere
    return Result(source, stype, model, doc)


def relocate(doc: Document, source: Path, target: Path) -> None:
    """Record where the YAML ``source`` is as seen from the output ``target``'s folder."""
    try:
        doc.source = Path(os.path.relpath(Path(source).resolve(), Path(target).resolve().parent)).as_posix()
    except ValueError:  # another drive (Windows): the name only, never a folder of this machine
        doc.source = Path(source).name


def document_date(doc: Document) -> _dt.datetime:
    """SOURCE_DATE_EPOCH if set, else the report's own date, else a fixed epoch."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise EnvError(f"环境变量 SOURCE_DATE_EPOCH 不是有效的秒数：{epoch}") from None
    iso = doc.meta.get("date")
    if iso:
        d = _dt.date.fromisoformat(iso)
        return _dt.datetime(d.year, d.month, d.day, tzinfo=_dt.timezone.utc)
    return FIXED_EPOCH


def to_docx(doc: Document, embed_tree: bool = True) -> bytes:
    """The DOCX of ``doc`` in its style family (the tree embedded for ``draft diff`` unless
    ``embed_tree`` is false, as for a redline, whose tree is no document's own structure)."""
    from . import docx_writer

    options = docx_writer.WriteOptions(styles.for_document(doc), document_date(doc), embed_tree)
    return docx_writer.write(doc, options)


def to_bytes(doc: Document, fmt: str) -> bytes:
    """The rendered file in format ``fmt`` (``formats.FORMATS``); for a paged format (png) the
    PDF its pages are cut from (``output.emit``)."""
    return formats.get(fmt).write(doc)


def load_document(path: str | Path, types_dirs=None) -> Document:
    """The document tree of a file: a YAML built, a DOCX read back (``draft diff`` takes either)."""
    if Path(path).suffix.lower() == ".docx":
        from .docx_reader import read

        return read(path)
    return build(path, types_dirs).doc
