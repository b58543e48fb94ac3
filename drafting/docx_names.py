"""Names in the DOCX draft writes that its reader needs too: namespaces, the embedded tree's
namespace and character style ids.  No python-docx, no lxml: importing it costs nothing."""
from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'  # on the root of every part the writer spells out
TREE_NS = "urn:draft:document-tree:1"  # the root element of the custom XML part holding the tree


def char_style_id(key: str, prefix: str = "Draft") -> str:
    """The style id of a family's character style ``key`` ("lead_1" -> "DraftLead1Char"; in a 汇编
    the family's own ``prefix``, so two families' styles share one styles part)."""
    return prefix + "".join(p.title() for p in key.split("_")) + "Char"

# invisible, around the dash of a number range so no line breaks there (docx_body.keep_ranges); the
# reader drops it
WORD_JOINER = "\u2060"
