"""The DOCX package without importing python-docx: its parts as python-docx saves them, kept
on disk (``diskcache``), with the few parts that differ between documents put in.

python-docx takes ≈ 40 ms to import and ≈ 12 ms to build a family's base package: more than
a whole render.  Once per style family (and variant, 版记 or not, tree embedded or not,
python-docx, lxml and draft version, and the code that drives python-docx) a *probe* document
is written through ``docx_package`` exactly as ``docx_writer`` writes a document, with marker
values in its properties; its saved parts are kept.  A render then takes those parts and
puts in, as text, byte for byte what lxml would write (so a warm render imports no lxml either):

* ``word/document.xml``  the body inserted before the section properties (``insert_body``);
* ``docProps/core.xml``  title, author, subject and the two dates set as element text;
* ``docProps/custom.xml`` and the embedded tree: our own bytes (python-docx stores them as given).

Every other part, the relationships and the content types are the probe's bytes: a document
without pictures has the same parts and relationships whatever its text.  Documents with
pictures (python-docx adds image parts and relationships) and property values python-docx
would refuse (over 255 characters) go through python-docx as before (``None`` here).
``tests/test_cold_start.py`` checks that both ways give the same bytes for every example.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path

from . import diskcache, docx_parts
from .docx_body import SECTION_BREAK
from .styles import Family
from .tree import Document
from .xmlchars import escape

MARK = "\ue000draft-probe-"  # a private-use character: no real title starts with it
PROBE_DATE = _dt.datetime(1999, 12, 31, 23, 59, 58, tzinfo=_dt.timezone.utc)
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # python-docx's for dcterms:created / modified
CORE_TEXT = ("title", "author", "subject")  # the core properties that vary per document
MAX_PROPERTY = 255  # python-docx refuses longer core property values
DOCUMENT, CORE, CUSTOM = "word/document.xml", "docProps/core.xml", "docProps/custom.xml"
_HERE = Path(__file__).resolve().parent
_DRIVERS = ("docx_package.py", "docx_body.py", "docx_styles.py", "docx_names.py", "docx_parts.py", "docx_cached.py")


def _key(f: Family, colophon: bool, embed: bool) -> tuple:
    from . import __version__

    sources = []
    for name in _DRIVERS:  # an edited module is another key (a source checkout between releases)
        st = os.stat(_HERE / name)
        sources.append((name, st.st_size, st.st_mtime_ns))
    return (__version__, repr(f), colophon, embed, diskcache.stamp("docx"), diskcache.stamp("lxml"), tuple(sources))


_probes: dict[tuple, tuple[tuple[str, bytes], ...]] = {}


def probe(f: Family, colophon: bool, embed: bool) -> tuple[tuple[str, bytes], ...]:
    """The parts python-docx saves for a document of this family with marker properties."""
    here = (repr(f), colophon, embed)
    if here in _probes:
        return _probes[here]
    key = _key(f, colophon, embed)
    parts = diskcache.load("docx-parts", key)
    if parts is None:
        parts = _build(f, colophon, embed)
        diskcache.store("docx-parts", key, parts)
    _probes[here] = parts
    return parts


def _build(f: Family, colophon: bool, embed: bool) -> tuple[tuple[str, bytes], ...]:
    from . import __version__, docx_package

    d = docx_package.open_base(f, colophon)
    marked = Document(type_name="probe", family=f.name, blocks=[], meta={k: MARK + k for k in CORE_TEXT})
    docx_package.set_properties(d, marked, PROBE_DATE, __version__)
    if embed:
        docx_package.embed_tree(d, marked)
    return tuple(docx_package.entries(d))


def _core_values(doc: Document) -> dict[str, str]:
    core = {k: str(doc.meta.get(k, "")) for k in CORE_TEXT}
    core["subject"] = str(doc.meta.get("subject", doc.type_name))
    return core


def usable(doc: Document) -> bool:
    """Whether ``entries`` can write ``doc``: python-docx must write it where it has pictures or a
    core property value over python-docx's limit."""
    return (not any(b.kind == "image" for b in doc.blocks)
            and all(len(v) <= MAX_PROPERTY for v in _core_values(doc).values()))


def entries(f: Family, colophon: bool, embed: bool, body: str, doc: Document, when: _dt.datetime,
            version: str) -> list[tuple[str, bytes]] | None:
    """The parts of ``doc``'s package in python-docx's order, or None where it is not ``usable``."""
    if not usable(doc):
        return None
    core = _core_values(doc)
    out = []
    for name, data in probe(f, colophon, embed):
        if name == DOCUMENT:
            data = _document(data, body)
        elif name == CORE:
            data = _core(data, core, when)
        elif name == CUSTOM:
            data = docx_parts.custom_xml(doc, version)
        elif name == docx_parts.TREE_ITEM and embed:
            data = docx_parts.tree_item_xml(doc)
        out.append((name, data))
    return out


def _document(data: bytes, body: str) -> bytes:
    """The probe's ``word/document.xml`` with ``body`` put where ``docx_package.insert_body`` puts
    it, as text: the probe is lxml's serialisation, and the body is written as lxml writes it back
    (``docx_body.text_element``), so the bytes are those of inserting it with lxml and saving.
    A 版记's section break placeholder takes the text section's properties, which the base made
    for a 版记 keeps in its first, empty paragraph (that paragraph goes)."""
    text = data.decode("utf-8")
    end = text.rindex("<w:sectPr")  # the body's own section properties: its last child
    head, tail = text[:end], text[end:]
    if SECTION_BREAK in body:
        start = head.index("<w:body>") + len("<w:body>")
        holder = head[start:head.index("</w:p>", start) + len("</w:p>")]
        if "<w:sectPr" not in holder:
            raise ValueError("a 版记 needs the base made for it (open_base(f, colophon=True))")
        properties = holder[holder.index("<w:sectPr"):holder.rindex("</w:sectPr>") + len("</w:sectPr>")]
        head = head[:start] + head[start + len(holder):]
        body = body.replace(SECTION_BREAK, properties, 1)
    return (head + body + tail).encode("utf-8")


def _core(data: bytes, values: dict[str, str], when: _dt.datetime) -> bytes:
    """The probe's ``docProps/core.xml`` with this document's values for the marker values and
    the probe's date, in one pass over the text (a value is never read as a marker)."""
    date = PROBE_DATE.replace(tzinfo=None).strftime(DATE_FORMAT)
    stamp = when.astimezone(_dt.timezone.utc).replace(tzinfo=None).strftime(DATE_FORMAT)

    def put(m) -> str:
        return ">" + (stamp if m.group(1) == date else _element_text(values[m.group(1)[len(MARK):]])) + "<"

    text = data.decode("utf-8")
    return re.sub(f">({re.escape(date)}|{MARK}(?:{'|'.join(CORE_TEXT)}))<", put, text).encode("utf-8")


def _element_text(value: str) -> str:
    """``value`` as lxml writes an element's text: ``&``, ``<``, ``>`` and a carriage return escaped."""
    return escape(value).replace("\r", "&#13;")
