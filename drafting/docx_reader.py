"""Reading a DOCX back into a document tree, for ``draft diff`` and ``draft pull`` (lxml only,
no python-docx).

* The visible text is the truth.  A DOCX draft wrote carries its document tree as a custom XML
  part (``docx_package.embed_tree``): it is a *guide* to the structure, never a source of text.
  The visible paragraphs are aligned with the tree's blocks (by their text, numbers included):
  a paragraph whose text is a block's keeps that block's structure (kinds, span roles, the
  numbers draft computed, figure references, the YAML path); an edited one keeps the block's
  structure with its new text spread over the spans (``respan``); one that matches no block is
  read from its style names.  So a file saved again by Word, WPS or LibreOffice (runs merged or
  split, style ids renamed, rsids, a number merged into the heading's run) reads as what draft
  wrote, and an edited one shows only its edits.
* Any other DOCX is read paragraph by paragraph: paragraph and character style *names* are
  mapped back to block kinds, heading levels and span roles through the style families (ids
  differ after LibreOffice), and computed numbers (一、（一）1.（1）) are recognised at the start of
  headings and numbered paragraphs.
* Tracked changes are read as Word's "Accept all" (``mode="accept"``, the default) or "Reject
  all" (``"reject"``) would leave the text; ``Reading.revisions`` lists them, and
  ``Reading.comments`` the comments (批注) with the paragraph they belong to.

``paragraph_texts`` gives the text of each body paragraph with tracked changes accepted or
rejected (used to check redlines).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from lxml import etree

from . import styles
from .docx_names import TREE_NS, WORD_JOINER, char_style_id
from .errors import EnvError, os_reason
from .numbering import GENERATED as GENERATED_NUMBER
from .package import CUSTOM_PART, ZipRefused, read_parts
from .tree import GAPS, Block, Document, Span

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOC = "/officeDocument"
_WORD_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
SOURCE_PROPERTY = "draft-source"  # the YAML's path relative to the DOCX (docx_package writes it)
COMPUTED = ("number", "point")  # roles draft computes from structure (as diff.COMPUTED)


@dataclass
class Revision:
    """A tracked change still in the file."""

    kind: str  # "插入" / "删除"
    author: str
    text: str
    block: int | None  # index in ``Reading.doc.blocks`` of the paragraph it is in (as accepted)


@dataclass
class Comment:
    """A Word comment (批注) and the block it is anchored in."""

    author: str
    text: str
    block: int | None


@dataclass
class Match:
    """How one block read from the DOCX relates to the embedded tree's blocks."""

    base: int | None  # the tree block it is (None: a paragraph added in the DOCX, or no tree)
    texts: list[str] | None = None  # edited: the new text of each of the tree block's spans
    rows: list[list[str]] | None = None  # a table's cells as read


@dataclass
class Reading:
    """A DOCX read back: the tree of what a reader sees, and what pull needs besides."""

    doc: Document
    tree: Document | None = None  # the embedded tree (the base draft rendered), if any
    matches: list[Match] = field(default_factory=list)  # one per block of ``doc``
    removed: list[int] = field(default_factory=list)  # tree blocks not in the DOCX any more
    revisions: list[Revision] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    source: str | None = None  # the YAML's recorded path (relative to the DOCX's folder)

    @property
    def edited(self) -> bool:
        return bool(self.removed) or any(m.base is None or m.texts is not None or m.rows is not None
                                         for m in self.matches)


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


def custom_property(parts: dict[str, bytes], name: str) -> str | None:
    """A custom document property's text (``docProps/custom.xml``), or None."""
    data = parts.get(CUSTOM_PART)
    if not data:
        return None
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return None
    for prop in root:
        if prop.get("name") == name:
            return "".join(prop.itertext())
    return None


def _rels(parts: dict[str, bytes], part: str) -> dict[str, str]:
    """Relationship type (its last segment) -> target part name, of ``part`` ("" for the package)."""
    folder, name = posixpath.split(part)
    data = parts.get(posixpath.join(folder, "_rels", name + ".rels"))
    out: dict[str, str] = {}
    if not data:
        return out
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return out
    for rel in root.iter(_REL):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.setdefault("/" + rel.get("Type", "").rsplit("/", 1)[-1], full)
    return out


def _main_parts(parts: dict[str, bytes]) -> tuple[bytes, bytes | None, bytes | None]:
    """document, styles and comments XML, found through the relationships (word/document.xml is
    only the usual name)."""
    main = _rels(parts, "").get(_OFFICE_DOC, "word/document.xml")
    if main not in parts:
        main = "word/document.xml"
    rels = _rels(parts, main)
    return (parts[main], parts.get(rels.get("/styles", "word/styles.xml")),
            parts.get(rels.get("/comments", "word/comments.xml")))


def read(path: str | Path, mode: str = "accept") -> Document:
    """The document tree of a DOCX as a reader sees it (``reading``)."""
    return reading(path, mode).doc


def reading(path, mode: str = "accept", guide: Document | None = None) -> Reading:
    """Read a DOCX (a path, or its bytes in a BytesIO): visible paragraphs, guided by draft's
    embedded tree where there is one, else by ``guide`` (``Reading.tree`` stays None then)."""
    try:
        parts = read_parts(path)
        body, styles_xml, comments_xml = _main_parts(parts)
    except (ZipRefused, KeyError) as exc:
        why = exc.args[0] if isinstance(exc, ZipRefused) else "不是有效的 DOCX 文件（缺少 word/document.xml）"
        raise EnvError(f"无法读取：{why}", path) from None
    except OSError as exc:
        raise EnvError(f"无法读取文件（{os_reason(exc)}）", path) from None
    try:
        seen, anchors, revisions = _read_body(body, styles_xml, mode)
        notes = _comment_texts(comments_xml)
    except etree.XMLSyntaxError:
        raise EnvError("无法读取：DOCX 中的 document.xml、styles.xml 或 comments.xml 已损坏", path) from None
    tree = embedded_tree(parts)
    if tree is not None and "bundle" in tree.meta:  # a 汇编: its tree as it is, where it shows what the file shows
        tree = tree if _shown(tree) == "".join(k for k in map(_seen_key, seen) if k != _IMAGE) else None
        if tree is not None:
            result, where = Reading(tree, tree, [Match(i) for i in range(len(tree.blocks))]), {}
            result.source = custom_property(parts, SOURCE_PROPERTY)
            return result
    if tree is not None or guide is not None:
        result, where = guided(tree or guide, seen)
        if tree is None:
            result.tree = None
    else:
        result, where = Reading(_joined(seen)), _joined_index(seen)
        result.doc.meta["figures"] = None  # no record of them
    result.source = custom_property(parts, SOURCE_PROPERTY)
    result.revisions = [replace(r, block=where.get(r.block)) for r in revisions]
    result.comments = [Comment(author, text, where.get(anchors.get(cid))) for cid, (author, text) in notes.items()]
    return result


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


def _char_roles(names: dict[str, str]) -> dict[str, tuple[str, int]]:
    """Character style id (as this file names it) -> (span role, level of a run-in lead); by
    the style's name, since LibreOffice renames the ids."""
    by_name = {}
    for fam in styles.FAMILIES.values():
        for key, char in fam.chars.items():
            by_name[char.name] = ("lead", int(key[4:])) if key.startswith("lead") else (key, 0)
    out = {sid: by_name[name] for sid, name in names.items() if name in by_name}
    for fam in styles.FAMILIES.values():  # draft's own ids, where the styles part lacks the style
        for key in fam.chars:
            out.setdefault(char_style_id(key), ("lead", int(key[4:])) if key.startswith("lead") else (key, 0))
    return out


# named styles that title the table after them (styles.Family.table_titles)
TABLE_TITLES = frozenset(name for fam in styles.FAMILIES.values() for name in fam.table_titles)


def _style_name(ppr, names: dict[str, str]) -> str:
    sid = ppr.find(f"{W}pStyle").get(f"{W}val") if ppr is not None and ppr.find(f"{W}pStyle") is not None else None
    return names.get(sid, sid or "")


def _paragraph_kind(ppr, names: dict[str, str], kinds: dict[str, tuple[str, int]]) -> tuple[str, int]:
    name = _style_name(ppr, names)
    if name in kinds:
        return kinds[name]
    m = _WORD_HEADING.match(name)
    return ("heading", int(m.group(1))) if m else ("paragraph", 0)


_GONE = {"accept": (f"{W}del", f"{W}moveFrom"), "reject": (f"{W}ins", f"{W}moveTo")}


def _visible(el, mode: str) -> bool:
    """Is this run's text in the document with changes accepted ("accept") / rejected ("reject")?"""
    for anc in el.iterancestors():
        if anc.tag in _GONE[mode]:
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


def _spans(p, roles: dict[str, tuple[str, int]], mode: str = "accept") -> tuple[list[Span], int]:
    spans: list[Span] = []
    level = 0
    for r in p.iter(f"{W}r"):
        if not _visible(r, mode):
            continue
        rs = r.find(f"{W}rPr/{W}rStyle")
        role, lv = roles.get(rs.get(f"{W}val"), ("text", 0)) if rs is not None else ("text", 0)
        level = level or lv
        for piece in re.split("(\n)", _run_text(r, mode)):
            if piece == "\n":
                spans.append(Span("", "break"))
            elif piece:
                if spans and spans[-1].role == role:
                    spans[-1] = Span(spans[-1].text + piece, role)
                else:
                    spans.append(Span(piece, role))
    while spans and spans[-1].role == "break":  # a break ending a paragraph shows nothing
        spans.pop()
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


def _ids(el, tags: tuple[str, ...]) -> list[str]:
    return [x.get(f"{W}id") for x in el.iter(*tags)]


_ANCHORS = (f"{W}commentRangeStart", f"{W}commentReference")


def _read_body(document_xml: bytes, styles_xml: bytes | None, mode: str = "accept"):
    """The body's blocks as seen (a table's title stays a paragraph of its own), the block each
    comment is anchored in (comment id -> index), and the tracked changes."""
    root = etree.fromstring(document_xml)
    body = root.find(f"{W}body")
    names = _style_names(styles_xml)
    kinds, roles = _kind_by_style_name(), _char_roles(names)
    gone = f"{W}del" if mode == "accept" else f"{W}ins"
    blocks: list[Block] = []
    anchors: dict[str, int] = {}
    revisions: list[Revision] = []
    carry: list[Span] = []
    carried: list[str] = []

    def paragraph(el, here: int) -> None:
        nonlocal carry, carried
        kind, level = _paragraph_kind(el.find(f"{W}pPr"), names, kinds)
        spans, lead_level = _spans(el, roles, mode)
        ids = carried + _ids(el, _ANCHORS)
        if el.find(f"{W}pPr/{W}rPr/{gone}") is not None:  # its mark goes: it joins the next paragraph
            carry, carried = carry + spans, ids
            return
        spans, carry, carried = carry + spans, [], []
        if el.find(f".//{W}drawing") is not None and not spans:
            kind = "image"
        if not spans and kind != "image":
            return  # empty paragraphs are spacing, not content
        if kind == "paragraph" and lead_level:
            level = lead_level
        if kind == "heading" or level:
            spans = _split_number(spans)
        for cid in ids:
            anchors.setdefault(cid, here)
        name = _style_name(el.find(f"{W}pPr"), names) if kind == "paragraph" else ""
        blocks.append(Block(kind, tuple(spans), level, style=name if name in TABLE_TITLES else None))

    for el in body if body is not None else ():
        here = len(blocks)
        for kind_tag, kind in ((f"{W}ins", "插入"), (f"{W}del", "删除"), (f"{W}moveTo", "插入"), (f"{W}moveFrom", "删除")):
            for rev in el.iter(kind_tag):
                if rev.getparent().tag == f"{W}rPr" and rev.getparent().getparent().tag == f"{W}pPr":
                    text = "¶"  # the paragraph mark: paragraphs joined or split
                elif rev.getparent().tag == f"{W}trPr":
                    text = "（表格行）"
                else:
                    text = "".join(t.text or "" for t in rev.iter(f"{W}t", f"{W}delText"))
                revisions.append(Revision(kind, rev.get(f"{W}author", ""), text, here))
        if el.tag == f"{W}tbl":
            cells = list(el.iter(f"{W}p"))
            if cells and all(_paragraph_kind(c.find(f"{W}pPr"), names, kinds)[0] == "colophon" for c in cells):
                for c in cells:  # the 版记 is laid out in a table: its lines are paragraphs
                    paragraph(c, len(blocks))
                continue
            rows = []
            for tr in el.iter(f"{W}tr"):
                if tr.find(f"{W}trPr/{gone}") is not None:
                    continue  # a row that goes
                rows.append(["".join(_run_text(r, mode) for r in tc.iter(f"{W}r") if _visible(r, mode)).strip()
                             for tc in tr.iter(f"{W}tc")])
            for cid in _ids(el, _ANCHORS):
                anchors.setdefault(cid, here)
            blocks.append(Block("table", attrs={"rows": rows}))
        elif el.tag == f"{W}p":
            paragraph(el, here)
    return blocks, anchors, revisions


def _comment_texts(comments_xml: bytes | None) -> dict[str, tuple[str, str]]:
    """Comment id -> (author, text) from the comments part."""
    if not comments_xml:
        return {}
    root = etree.fromstring(comments_xml)
    out = {}
    for c in root.iter(f"{W}comment"):
        paras = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p")]
        out[c.get(f"{W}id")] = (c.get(f"{W}author", ""), "\n".join(x for x in paras if x).strip())
    return out


def _titled(blocks: list[Block], i: int) -> bool:
    """Is block ``i`` a table whose title is the paragraph before it: one in the table title's
    style (read as a table without rows) or in a named style that titles tables (its style kept)?"""
    if blocks[i].kind != "table" or "rows" not in blocks[i].attrs or not i:
        return False
    before = blocks[i - 1]
    return (before.kind == "table" and "rows" not in before.attrs) or \
        (before.kind == "paragraph" and before.style in TABLE_TITLES)


def _joined(blocks: list[Block]) -> Document:
    """Blocks as read, a table's title paragraph joined to its table (as the tree holds it)."""
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if _titled(blocks, i):
            title = out[-1]
            out[-1] = Block("table", title.spans, style=title.style, attrs={**title.attrs, "rows": b.attrs["rows"]})
        else:
            out.append(Block(b.kind, b.spans, b.level, style=b.style, attrs=dict(b.attrs)))
    return Document("", "", out, {})


def _joined_index(blocks: list[Block]) -> dict[int | None, int]:
    where, k = {}, -1
    for i in range(len(blocks)):
        if not _titled(blocks, i):
            k += 1
        where[i] = k
    return where


def from_paragraphs(document_xml: bytes, styles_xml: bytes | None = None, mode: str = "accept") -> Document:
    """A tree rebuilt from body paragraphs and their style names (for DOCX not made by draft)."""
    return _joined(_read_body(document_xml, styles_xml, mode)[0])


# --- the embedded tree as a guide ---------------------------------------------------------
def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


_IMAGE = "\x00image"  # a picture's key: it has no words


def _shown(tree: Document) -> str:
    """What a DOCX written from ``tree`` shows, without white space (a 汇编 has its cover and
    目录 before the sections)."""
    from .bundle import front_text

    words = "".join(key for _, _, key in _units(tree) if key != _IMAGE)
    return _squeeze(front_text(tree)) + words


def _units(tree: Document) -> list[tuple[int, str, str]]:
    """The tree's blocks as the paragraphs and tables a reader sees: (block, "p" / "t", key)."""
    out = []
    for i, b in enumerate(tree.blocks):
        if b.kind == "table":
            if b.spans:
                out.append((i, "p", _squeeze(b.text)))
            out.append((i, "t", _table_key(b.attrs.get("rows") or [])))
        elif b.kind == "image":
            out.append((i, "p", _IMAGE))
        else:
            out.append((i, "p", _squeeze(b.text)))
    return out


def _table_key(rows) -> str:
    return "\x01" + "\x1f".join(_squeeze(str(c)) for r in rows for c in r)


def _seen_key(b: Block) -> str:
    if b.kind == "table":
        return _table_key(b.attrs.get("rows") or [])
    if b.kind == "image":
        return _IMAGE
    return _squeeze(b.text)


def respan(block: Block, new: str) -> list[str]:
    """``new`` (the block's text as edited) spread over ``block``'s spans: unchanged text stays
    in its span, a replacement goes where the text it replaces was, an insertion joins the text
    before it (or after it, at a sentence's end or next to a number or figure).  One text a span."""
    from .diff import edit_script, tokenize

    old: list[tuple[str, int]] = []
    for k, s in enumerate(block.spans):
        old += [(GAPS[s.role], k)] if s.role in GAPS else [(t, k) for t in tokenize(s.text)]
    toks = tokenize(new)
    out = [""] * len(block.spans)

    def editable(k: int | None) -> bool:
        return k is not None and block.spans[k].role not in COMPUTED and block.spans[k].role not in GAPS \
            and block.spans[k].ref is None

    last: int | None = None  # span of the previous old token
    replaced: int | None = None  # span of the first token deleted in the current change
    script = edit_script([t for t, _ in old], toks)
    for n, (op, i, j) in enumerate(script):
        if op == "=":
            out[old[i][1]] += toks[j]
            last, replaced = old[i][1], None
        elif op == "-":
            replaced = old[i][1] if replaced is None else replaced
            last = old[i][1]
        else:
            k = replaced
            if k is None:
                after = next((old[x][1] for o, x, _ in script[n:] if o != "+"), None)
                left_done = last is not None and block.spans[last].text.rstrip()[-1:] in "。！？；"
                if editable(last) and not (left_done and editable(after)):
                    k = last
                elif editable(after):
                    k = after
                else:
                    k = last if last is not None else after
            if k is None:
                return [new]
            out[k] += toks[j]
    return out


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a or b else 1.0


def guided(tree: Document, seen: list[Block]) -> tuple[Reading, dict[int | None, int]]:
    """The blocks seen, with the tree's structure where a block's text is one of the tree's
    (or an edit of it); also where each seen block went in the result."""
    units = _units(tree)
    keys = [k for _, _, k in units]
    seen_keys = [_seen_key(b) for b in seen]
    pairs: list[tuple[int | None, int | None]] = []  # (unit, seen)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys, seen_keys, autojunk=False).get_opcodes():
        if tag == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        i, j = i1, j1
        for pi, pj in _pair_units(units, seen, i1, i2, j1, j2) + [(i2, j2)]:
            pairs += [(k, None) for k in range(i, pi)] + [(None, k) for k in range(j, pj)]
            if pi < i2:
                pairs.append((pi, pj))
            i, j = pi + 1, pj + 1
    blocks: list[Block] = []
    matches: list[Match] = []
    where: dict[int | None, int] = {}
    done: dict[int, int] = {}  # tree block -> its index in the result
    present: set[int] = set()
    for u, j in pairs:
        if u is None:  # a paragraph the tree does not know
            b = seen[j]
            if b.kind == "table" and blocks and blocks[-1].kind == "table" and matches[-1].base is None \
                    and "rows" not in blocks[-1].attrs:
                blocks[-1].attrs["rows"] = b.attrs["rows"]
                where[j] = len(blocks) - 1
                continue
            where[j] = len(blocks)
            blocks.append(Block(b.kind, b.spans, b.level, attrs=dict(b.attrs)))
            matches.append(Match(None))
            continue
        i, part, key = units[u]
        if j is None:
            continue
        present.add(u)
        base = tree.blocks[i]
        if i not in done:
            done[i] = len(blocks)
            blocks.append(replace(base, attrs=dict(base.attrs)))
            matches.append(Match(i))
        k = done[i]
        where[j] = k
        if key == seen_keys[j]:
            continue
        if part == "t":
            rows = seen[j].attrs.get("rows") or []
            blocks[k].attrs["rows"] = rows
            matches[k].rows = rows
        else:
            texts = respan(base, seen[j].text)
            matches[k].texts = texts
            blocks[k].spans = tuple(Span("" if s.role in GAPS else t, s.role, s.ref)
                                    for s, t in zip(base.spans, texts) if t)
    removed = sorted({units[u][0] for u in range(len(units)) if u not in present} - set(done))
    for i, k in done.items():  # a table's title unit gone while its rows stayed
        if tree.blocks[i].kind == "table" and tree.blocks[i].spans and \
                not any(units[u][0] == i and units[u][1] == "p" for u in present):
            texts = [""] * len(tree.blocks[i].spans)
            matches[k].texts = texts
            blocks[k].spans = ()
    meta = dict(tree.meta)
    reading = Reading(Document(tree.type_name, tree.family, blocks, meta), tree, matches, removed)
    if reading.edited:
        meta["figures"] = None  # the record is of what draft wrote; the edited text may differ
    return reading, where


PAIRED = 0.3  # a paragraph this similar to one of the tree's is an edit of it; less: deleted + added


def _pair_units(units, seen, i1, i2, j1, j2) -> list[tuple[int, int]]:
    """Order-keeping pairs of a replaced range: same sort (paragraph / table), similar text."""
    n, m = i2 - i1, j2 - j1

    def sim(a: int, b: int) -> float:
        unit, blk = units[i1 + a], seen[j1 + b]
        if (unit[1] == "t") != (blk.kind == "table"):
            return 0.0
        r = _similar(unit[2], _seen_key(blk))
        return r if r >= PAIRED or unit[1] == "t" else 0.0  # a table edited is still the table

    if n * m > 250_000:  # a document rewritten from end to end: no pairing
        return []
    from .diff import pairs_in_order

    return [(i1 + a, j1 + b) for a, b in pairs_in_order(n, m, sim)]


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
