"""The DOCX package without importing python-docx: its parts as python-docx saves them, kept
on disk (``diskcache``), with the few parts that differ between documents put in.

python-docx takes ≈ 40 ms to import and ≈ 12 ms to build a family's base package: more than
a whole render.  Once per style family (and variant, 版记 or not, tree embedded or not,
python-docx, lxml and draft version, and the code that drives python-docx) a *probe* document
is written through ``docx_package`` exactly as ``docx_writer`` writes a document, with marker
values in its properties; its saved parts are kept.  A render then takes those parts and
replaces, in the same way python-docx would (lxml, its parser settings and serialisation):

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
from functools import lru_cache
from pathlib import Path

from . import diskcache
from .styles import Family
from .tree import Document

MARK = "\ue000draft-probe-"  # a private-use character: no real title starts with it
PROBE_DATE = _dt.datetime(1999, 12, 31, 23, 59, 58, tzinfo=_dt.timezone.utc)
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # python-docx's for dcterms:created / modified
CORE_TEXT = ("title", "author", "subject")  # the core properties that vary per document
MAX_PROPERTY = 255  # python-docx refuses longer core property values
DOCUMENT, CORE, CUSTOM = "word/document.xml", "docProps/core.xml", "docProps/custom.xml"
_HERE = Path(__file__).resolve().parent
_DRIVERS = ("docx_package.py", "docx_body.py", "docx_styles.py", "docx_names.py", "docx_cached.py")


def _key(f: Family, colophon: bool, embed: bool) -> tuple:
    from lxml import etree

    from . import __version__

    sources = []
    for name in _DRIVERS:  # an edited module is another key (a source checkout between releases)
        st = os.stat(_HERE / name)
        sources.append((name, st.st_size, st.st_mtime_ns))
    return (__version__, repr(f), colophon, embed, diskcache.stamp("docx"), etree.LXML_VERSION, tuple(sources))


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
    from . import docx_package

    out = []
    for name, data in probe(f, colophon, embed):
        if name == DOCUMENT:
            data = _document(data, body)
        elif name == CORE:
            data = _core(data, core, when)
        elif name == CUSTOM:
            data = docx_package.custom_xml(doc, version)
        elif name == docx_package.TREE_ITEM and embed:
            data = docx_package.tree_item_xml(doc)
        out.append((name, data))
    return out


def _parse(data: bytes):
    from lxml import etree

    return etree.fromstring(data, _parser())


@lru_cache(maxsize=1)
def _parser():
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # python-docx's settings


def _serialize(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, encoding="UTF-8", standalone=True)  # as python-docx saves a part


def _document(data: bytes, body: str) -> bytes:
    from .docx_names import W_NS
    from .docx_package import insert_body

    root = _parse(data)
    insert_body(root.find(f"{{{W_NS}}}body"), body)
    return _serialize(root)


def _core(data: bytes, values: dict[str, str], when: _dt.datetime) -> bytes:
    import re

    root = _parse(data)
    # python-docx set these to "" (serialised <x></x>); parsed back they have no text (<x/>)
    empty = {m.group(1) for m in re.finditer(rb"<([\w.-]+:[\w.-]+)></\1>", data)}
    date = PROBE_DATE.replace(tzinfo=None).strftime(DATE_FORMAT)
    stamp = when.astimezone(_dt.timezone.utc).replace(tzinfo=None).strftime(DATE_FORMAT)
    for el in root:
        if el.text == date:
            el.text = stamp
        elif el.text and el.text.startswith(MARK):
            el.text = values[el.text[len(MARK):]]
        elif el.text is None and f"{el.prefix}:{el.tag.rsplit('}', 1)[-1]}".encode() in empty:
            el.text = ""
    return _serialize(root)
