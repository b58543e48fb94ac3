"""Reading a DOCX back into a document tree, for ``draft diff`` (lxml only, no python-docx).

* A DOCX draft wrote and nobody changed since (fingerprint "ours") carries its document tree
  as a custom XML part (``docx_package.embed_tree``): the structure is recovered exactly, but
  only when its text agrees with the visible text (the visible text is the truth).
* Any other DOCX (edited in Word, or not made by draft) is read paragraph by paragraph: its
  paragraph style names are mapped back to block kinds and heading levels through the style
  families (公文一级标题 -> heading 1 …), run-in leads and 一是/二是 through the character
  styles, and computed numbers (一、（一）1.（1）) are recognised at the start of headings
  and numbered paragraphs.  Insertions still tracked count as text, deletions do not.

``paragraph_texts`` gives the text of each body paragraph with tracked changes accepted or
rejected, as Word's "Accept all" / "Reject all" would (used to check redlines).
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from . import styles
from .docx_names import TREE_NS, WORD_JOINER, char_style_id
from .errors import EnvError, os_reason
from .numbering import GENERATED as GENERATED_NUMBER
from .package import ZipRefused, parts_state, read_parts
from .tree import Block, Document, Span

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def embedded_tree(parts: dict[str, bytes]) -> Document | None:
    """The tree draft embedded, if any part under customXml/ holds one (a malformed one: None)."""
    for name, data in sorted(parts.items()):
        if not (name.startswith("customXml/") and name.endswith(".xml")):
            continue
        try:
            root = etree.fromstring(data)
        except etree.XMLSyntaxError:
            continue
        if root.tag == f"{{{TREE_NS}}}tree":
            try:
                return Document.from_json(root.text or "")
            except Exception:  # noqa: BLE001  anyone can write this part: any shape is "no tree"
                return None
    return None


def _words(doc: Document) -> str:
    """Every character a reader sees in ``doc``'s body, without white space."""
    out = []
    for b in doc.blocks:
        out.append(b.plain())
        for row in b.attrs.get("rows") or () if b.kind == "table" else ():
            out += [str(c) for c in row]
    return re.sub(r"\s+", "", "".join(out))


def _shown(tree: Document) -> str:
    """What a DOCX written from ``tree`` shows, without white space (a 汇编 has its cover and
    目录 before the sections)."""
    if "bundle" not in tree.meta:
        return _words(tree)
    from .bundle import front_text

    return re.sub(r"\s+", "", front_text(tree)) + _words(tree)


def read(path: str | Path) -> Document:
    """The document tree of a DOCX, from what a reader sees; draft's embedded tree (exact
    structure) only where it agrees with the visible text: anyone can recompute a fingerprint."""
    try:
        parts = read_parts(path)
        body = parts["word/document.xml"]
    except (ZipRefused, KeyError) as exc:
        why = exc.args[0] if isinstance(exc, ZipRefused) else "不是有效的 DOCX 文件（缺少 word/document.xml）"
        raise EnvError(f"无法读取：{why}", path) from None
    except OSError as exc:
        raise EnvError(f"无法读取文件（{os_reason(exc)}）", path) from None
    try:
        visible = from_paragraphs(body, parts.get("word/styles.xml"))
    except etree.XMLSyntaxError:
        raise EnvError("无法读取：DOCX 中的 document.xml 或 styles.xml 已损坏", path) from None
    if parts_state(parts) == "ours":
        tree = embedded_tree(parts)
        if tree is not None and _shown(tree) == _words(visible):
            return tree
    return visible


# --- styles back to kinds -----------------------------------------------------------------
def _style_names(styles_xml: bytes | None) -> dict[str, str]:
    if not styles_xml:
        return {}
    root = etree.fromstring(styles_xml)
    out = {}
    for st in root.iter(f"{W}style"):
        name = st.find(f"{W}name")
        out[st.get(f"{W}styleId")] = name.get(f"{W}val") if name is not None else st.get(f"{W}styleId")
    return out


def _kind_by_style_name() -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for fam in styles.FAMILIES.values():
        for key, name in sorted(fam.kinds.items(), key=lambda kv: kv[0] != "paragraph"):
            if key == "table_cell":
                continue
            kind, level = ("heading", int(key[7:])) if key.startswith("heading") else (key, 0)
            out.setdefault(name, (kind, level))
    return out


def _char_roles() -> dict[str, tuple[str, int]]:
    """Character style id -> (span role, level of a run-in lead)."""
    out = {}
    for fam in styles.FAMILIES.values():
        for key in fam.chars:
            out[char_style_id(key)] = ("lead", int(key[4:])) if key.startswith("lead") else (key, 0)
    return out


def _paragraph_kind(ppr, names: dict[str, str], kinds: dict[str, tuple[str, int]]) -> tuple[str, int]:
    sid = ppr.find(f"{W}pStyle").get(f"{W}val") if ppr is not None and ppr.find(f"{W}pStyle") is not None else None
    name = names.get(sid, sid or "")
    if name in kinds:
        return kinds[name]
    m = _WORD_HEADING.match(name)
    return ("heading", int(m.group(1))) if m else ("paragraph", 0)


def _visible(el, mode: str) -> bool:
    """Is this run's text in the document with changes accepted ("accept") / rejected ("reject")?"""
    for anc in el.iterancestors():
        if anc.tag == f"{W}del" and mode == "accept":
            return False
        if anc.tag == f"{W}ins" and mode == "reject":
            return False
        if anc.tag == f"{W}p":
            return True
    return True


def _run_text(r, mode: str) -> str:
    out = []
    for el in r:
        if el.tag == f"{W}t" or (el.tag == f"{W}delText" and mode == "reject"):
            out.append((el.text or "").replace(WORD_JOINER, ""))  # draft's, around range dashes
        elif el.tag == f"{W}tab":
            out.append("\t")
        elif el.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
    return "".join(out)


def _spans(p, roles: dict[str, tuple[str, int]]) -> tuple[list[Span], int]:
    spans: list[Span] = []
    level = 0
    for r in p.iter(f"{W}r"):
        if not _visible(r, "accept"):
            continue
        rs = r.find(f"{W}rPr/{W}rStyle")
        role, lv = roles.get(rs.get(f"{W}val"), ("text", 0)) if rs is not None else ("text", 0)
        level = level or lv
        for piece in re.split("(\n)", _run_text(r, "accept")):
            if piece == "\n":
                spans.append(Span("", "break"))
            elif piece:
                if spans and spans[-1].role == role:
                    spans[-1] = Span(spans[-1].text + piece, role)
                else:
                    spans.append(Span(piece, role))
    return spans, level


def _split_number(spans: list[Span]) -> list[Span]:
    """Computed numbering at the start (一、（一）1.（1）) becomes a ``number`` span."""
    if not spans or spans[0].role == "break":
        return spans
    m = GENERATED_NUMBER.match(spans[0].text)
    if not m:
        return spans
    rest = spans[0].text[m.end():]
    first = [Span(m.group(0), "number")] + ([Span(rest, spans[0].role)] if rest else [])
    return first + spans[1:]


def from_paragraphs(document_xml: bytes, styles_xml: bytes | None = None) -> Document:
    """A tree rebuilt from body paragraphs and their style names (for DOCX edited in Word)."""
    root = etree.fromstring(document_xml)
    body = root.find(f"{W}body")
    names, kinds, roles = _style_names(styles_xml), _kind_by_style_name(), _char_roles()
    blocks: list[Block] = []
    for el in body if body is not None else ():
        if el.tag == f"{W}tbl":
            rows = [["".join(_run_text(r, "accept") for r in tc.iter(f"{W}r") if _visible(r, "accept"))
                     for tc in tr.iter(f"{W}tc")] for tr in el.iter(f"{W}tr")]
            if blocks and blocks[-1].kind == "table" and "rows" not in blocks[-1].attrs:
                blocks[-1].attrs["rows"] = rows
            else:
                blocks.append(Block("table", attrs={"rows": rows}))
            continue
        if el.tag != f"{W}p":
            continue
        kind, level = _paragraph_kind(el.find(f"{W}pPr"), names, kinds)
        spans, lead_level = _spans(el, roles)
        if el.find(f".//{W}drawing") is not None and not spans:
            kind = "image"
        if not spans and kind != "image":
            continue  # empty paragraphs are spacing, not content
        if kind == "paragraph" and lead_level:
            level = lead_level
        if kind == "heading" or level:
            spans = _split_number(spans)
        blocks.append(Block(kind, tuple(spans), level))
    return Document("", "", blocks, {})


def paragraph_texts(document_xml: bytes, mode: str) -> list[str]:
    """Body paragraph texts as Word shows them after "Accept all" (``mode="accept"``) or
    "Reject all" (``"reject"``): a paragraph whose mark is removed joins the next one."""
    root = etree.fromstring(document_xml)
    gone = f"{W}del" if mode == "accept" else f"{W}ins"
    out: list[str] = []
    carry = ""
    for p in root.iter(f"{W}p"):
        row = next(p.iterancestors(f"{W}tr"), None)
        if row is not None and row.find(f"{W}trPr/{gone}") is not None:
            continue  # a table row that goes
        text = carry + "".join(_run_text(r, mode) for r in p.iter(f"{W}r") if _visible(r, mode))
        if p.find(f"{W}pPr/{W}rPr/{gone}") is not None:
            carry = text
            continue
        carry = ""
        out.append(text)
    if carry:
        out.append(carry)
    return out
