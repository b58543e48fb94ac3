"""The parts of a DOCX whose bytes are all draft's own, made without python-docx or lxml (so a
warm render, ``docx_cached``, imports neither): the custom properties (the fingerprint, draft's
version, the type, the YAML's place, the writer's 元数据), the embedded document tree (a custom
XML part, ECMA-376 Part 1, 15.2.4/15.2.5: ``docx_package.embed_tree`` relates it) and
``docProps/app.xml``."""
from __future__ import annotations

from dataclasses import replace

from .docx_names import TREE_NS
from .package import PLACEHOLDER
from .tree import Document
from .xmlchars import escape, quoteattr

CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
TREE_ITEM_ID = "{6F1C2D3E-8A7B-4C5D-9E0F-D2AF7D0C0001}"  # fixed: same tree, same bytes
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>draft</Application><DocSecurity>0</DocSecurity></Properties>"
).encode()
TREE_ITEM = "customXml/item1.xml"  # the embedded tree's part (``embed_tree``)
TREE_PROPS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    f'<ds:datastoreItem ds:itemID="{TREE_ITEM_ID}" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
    f'<ds:schemaRefs><ds:schemaRef ds:uri="{TREE_NS}"/></ds:schemaRefs></ds:datastoreItem>').encode()


def custom_xml(doc: Document, version: str) -> bytes:
    props = [("draft-fingerprint", PLACEHOLDER), ("draft-version", version), ("draft-type", doc.type_name)]
    if doc.source:  # the YAML, relative to the DOCX's folder: ``draft pull`` finds it by this
        props.append(("draft-source", doc.source))
    # the writer's own properties (元数据: 索引号, 发布机构 …), under their own names
    props += [(str(k), str(v)) for k, v in (doc.meta.get("properties") or {}).items() if not str(k).startswith("draft-")]
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name={quoteattr(k)}>'
        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
        for i, (k, v) in enumerate(props, 2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{items}</Properties>'
    ).encode()


def tree_item_xml(doc: Document) -> bytes:
    """The custom XML part holding the document tree (``embed_tree``)."""
    # pictures by file name only: no folder of the writer's machine in the file, same XML everywhere
    portable = replace(doc, blocks=[
        replace(b, attrs={**b.attrs, "path": b.attrs["path"].replace("\\", "/").rsplit("/", 1)[-1]})
        if b.kind == "image" and b.attrs.get("path") else b for b in doc.blocks])
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<tree xmlns="{TREE_NS}">{escape(portable.to_json())}</tree>').encode()
