"""The DOCX writer: document tree + options -> .docx bytes.  The one entry is ``write``.

Split by concern (as pandoc splits its DOCX writer):

* ``measure``      text widths, title line breaks, column widths (no OOXML; lint uses it too)
* ``docx_styles``  the family's styles.xml, fontTable.xml, settings.xml; character style ids
* ``docx_body``    paragraphs, runs, titles, tables, pictures, tracked changes, the footer
* ``docx_package`` the package through python-docx's public API (base per family, properties,
  the embedded tree), then ``package.pack`` zips it so that the same tree gives the same bytes
* ``docx_cached``  the same parts without importing python-docx: its saved parts kept on disk
* ``docx_names``   the names the reader shares (namespaces, the tree's namespace, style ids)

Limits: one page setup per document (a 版记 gets a section of its own, same page), except a
汇编 (``docx_bundle``: a section per bundled document, each in its family's page setup); images
are inline, centred.
"""
from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from . import docx_cached
from .docx_body import BodyWriter, Revisions
from .errors import Diagnostic, InputError
from .package import pack
from .styles import Family
from .tree import Document
from .xmlchars import first_illegal, illegal_message


class WriteOptions(NamedTuple):
    """How to write: the style family, the date of every date in the package, whether to embed
    the tree (for ``draft diff``; not for a redline, whose tree carries tracked changes and is
    no document's own structure), and who and when tracked changes are by (fixed: same trees,
    same bytes)."""

    family: Family
    when: _dt.datetime
    embed_tree: bool = True
    revision_author: str = "draft"
    revision_date: str = "2000-01-01T00:00:00Z"


def write(doc: Document, options: WriteOptions, cached: bool = True) -> bytes:
    """Render ``doc`` to DOCX bytes: from python-docx's parts kept on disk (``docx_cached``),
    or through python-docx itself where that cannot be used (pictures) or ``cached`` is false
    (the same bytes: ``tests/test_cold_start.py``)."""
    from . import __version__

    if is_bundle(doc):
        from . import docx_bundle

        return docx_bundle.write(doc, options, __version__)
    check_text(doc)
    colophon = any(b.kind == "colophon" for b in doc.blocks)
    revisions = Revisions(options.revision_author, options.revision_date)
    if cached and docx_cached.usable(doc):
        body = BodyWriter(options.family, revisions, _no_picture).write(doc.blocks)
        return pack(docx_cached.entries(options.family, colophon, options.embed_tree, body, doc, options.when,
                                        __version__), options.when)
    from . import docx_package

    d = docx_package.open_base(options.family, colophon)
    body = BodyWriter(options.family, revisions, docx_package.picture(d))
    docx_package.set_body(d, body.write(doc.blocks))
    docx_package.set_properties(d, doc, options.when, __version__)
    if options.embed_tree:
        docx_package.embed_tree(d, doc)
    return pack(docx_package.entries(d), options.when)


def _no_picture(path: str, width_mm: float, number: int) -> str:
    raise AssertionError("a document with pictures is written through python-docx")


def is_bundle(doc: Document) -> bool:
    """A 汇编's tree (``drafting.bundle``): sections of several families, written by ``docx_bundle``."""
    return doc.type_name == "汇编" and isinstance(doc.meta.get("bundle"), dict)


def check_text(doc: Document) -> None:
    """Refuse text XML cannot hold, also in table cells (the loader refuses it in YAML; this
    guards text a plugin's schema builds itself)."""
    def texts(b):
        return [s.text for s in b.spans] + [cell for row in b.attrs.get("rows") or () for cell in row]

    if first_illegal("".join(t for b in doc.blocks for t in texts(b))) is None:
        return  # the common case: one search over everything
    for b in doc.blocks:
        for t in texts(b):
            bad = first_illegal(t)
            if bad is not None:
                raise InputError(Diagnostic(illegal_message(t[bad]), path=b.src))
