"""The document tree: a small, fixed set of block kinds between compose and the writers.

Like Pandoc's AST, the tree says *what* each piece of text is (a level-2 heading, a run-in
lead, a photo caption), never how it looks; the writers decide the look from the style
family.  The kinds cover every kind of text in the seed reports:

========== =====================================================================
kind       what it is
========== =====================================================================
title      main title; ``break`` spans mark explicit line breaks
subtitle   题注 / 副题 under the title ("——万源市2024年民生事业高质量发展综述")
kicker     引题 / eyebrow line above the title, page label ("第03版：要闻")
meta       版次 / 日期 line, 电头-less metadata
editor_note 编者按 (a ``label`` span, then text)
addressee  主送机关, ends with "："
paragraph  body text; ``level`` > 0 means its ``lead`` span is a run-in heading of that
           level; may hold 一是/二是 points (``number`` + ``lead`` spans inside)
heading    a heading of ``level`` 1-4; ``attrs["numbered"]`` says whether it is numbered
quote      a quotation paragraph: ``quotation`` spans (the quoted words, in the family's
           quote face) amid narrative (``text``) and the attribution (``speaker``)
caption    a photo caption (``credit`` span optional), with or without an image
image      an embedded picture: ``attrs["path"]`` (absolute), ``attrs["width_mm"]``
table      ``attrs["rows"]`` (list of rows of cell text), ``attrs["header_rows"]``,
           ``attrs["align"]`` per column ("left"/"center"/"right"); spans: its title
byline     作者 / 记者 / 通讯员 line
signature  落款 (发文机关署名)
date       成文日期, already in its written form ("2025年1月6日")
attachment 附件说明 line: ``label`` "附件：" on the first, ``number`` and text
masthead   版头 line of a 公文 issued on its own (GB/T 9704 7.2): ``attrs["part"]`` is
           "mark" (发文机关标志, red) or "份号" / "密级" / "紧急程度" (flush left above it)
doc_number 发文字号 line (7.2.5), with 签发人 (``label`` "签发人：", ``signer`` names) after a
           ``tab`` in an 上行文 (7.2.6); the red 版头 separator follows it (7.2.7)
colophon   版记 line (7.4): ``attrs["part"]`` "抄送" (``label`` "抄送：" then the names) or
           "印发" (印发机关, ``tab``, 印发日期); the 版记 closes the document on an even page
========== =====================================================================

Span roles: ``text``, ``number`` (computed heading numbering: 一、（一）1.（1）), ``lead``
(run-in heading sentence), ``point`` (computed 一是/二是) and ``point_lead``, ``figure`` (a value from 数据, ``ref`` = its name),
``speaker``, ``quotation`` (the quoted words themselves: only they take the quote face; the
narrative around them stays in the body face), ``credit``, ``label``, ``dateline`` (电头),
``signer`` (签发人 names), ``break`` (line break, no text), ``tab`` (the gap between a line's left
and right parts, e.g. 印发机关 and 印发日期; no text).
Any block may carry ``style``: a named style of its family (like Pandoc's custom-style).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """Block kinds (the table above).  A StrEnum: ``block.kind == "title"`` holds, and the
    value is what the embedded tree's JSON stores.  Every style family, the text writers,
    ``diff`` and the docs are checked against this list (tests/test_definitions.py)."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    KICKER = "kicker"
    META = "meta"
    EDITOR_NOTE = "editor_note"
    ADDRESSEE = "addressee"
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    QUOTE = "quote"
    CAPTION = "caption"
    IMAGE = "image"
    TABLE = "table"
    BYLINE = "byline"
    SIGNATURE = "signature"
    DATE = "date"
    ATTACHMENT = "attachment"
    MASTHEAD = "masthead"
    DOC_NUMBER = "doc_number"
    COLOPHON = "colophon"


class Role(StrEnum):
    """Span roles (above); each maps to a character style of the family, or to none."""

    TEXT = "text"
    NUMBER = "number"
    LEAD = "lead"
    POINT = "point"
    POINT_LEAD = "point_lead"
    FIGURE = "figure"
    SPEAKER = "speaker"
    QUOTATION = "quotation"
    CREDIT = "credit"
    LABEL = "label"
    DATELINE = "dateline"
    SIGNER = "signer"
    BREAK = "break"
    TAB = "tab"


class Mark(StrEnum):
    """A tracked change in a redline: inserted or deleted text or paragraph."""

    INS = "ins"
    DEL = "del"


ROLES = tuple(Role)
# a value's member, by value or by member (a StrEnum member hashes as its value): faster than the call
_ROLE = {r.value: r for r in Role}
_KIND = {k.value: k for k in Kind}
GAPS = {Role.BREAK: "\n", Role.TAB: "\t"}  # roles that hold no text: what a reader sees instead


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    role: Role = Role.TEXT
    ref: str | None = None  # figure name: a "figure" span, or a figure inside a "quotation"
    mark: Mark | None = None  # redline only: a tracked change; not serialised
    # ``draft pull`` only (``compose(trace=True)``): where the text came from in the YAML, as
    # ``compose.Piece`` items in order; not serialised, not compared
    origin: tuple = field(default=(), compare=False, repr=False)

    def __post_init__(self):  # an unknown role or mark is a bug where the span was made
        object.__setattr__(self, "role", _ROLE.get(self.role) or Role(self.role))
        if self.mark is not None:
            object.__setattr__(self, "mark", Mark(self.mark))


@dataclass(slots=True)
class Block:
    kind: Kind
    spans: tuple[Span, ...] = ()
    level: int = 0
    style: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    src: tuple = ()  # field path in the YAML this block came from (for messages and diffs)
    mark: Mark | None = None  # redline only: the paragraph itself was inserted / deleted

    def __post_init__(self):
        self.kind = _KIND.get(self.kind) or Kind(self.kind)
        if self.mark is not None:
            self.mark = Mark(self.mark)

    @property
    def text(self) -> str:
        """The block's text as a reader sees it (line breaks as newlines, tabs as tabs)."""
        return "".join(GAPS.get(s.role, s.text) for s in self.spans)

    def plain(self, roles: tuple[str, ...] = ROLES) -> str:
        """Text of the spans whose role is in ``roles`` (e.g. without computed numbers)."""
        return "".join(s.text for s in self.spans if s.role in roles and s.role not in GAPS)


@dataclass(slots=True)
class Document:
    type_name: str
    family: str
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # title, author, date (ISO), subject
    # the YAML it was built from, relative to the output's folder: recorded in the DOCX's custom
    # properties (``draft pull`` finds the YAML by it), not in the embedded tree
    source: str = ""

    def to_json(self) -> str:
        def block(b: Block) -> dict:
            d: dict[str, Any] = {"kind": b.kind, "spans": [[s.text, s.role, s.ref] for s in b.spans]}
            if b.level:
                d["level"] = b.level
            if b.style:
                d["style"] = b.style
            if b.attrs:
                d["attrs"] = b.attrs
            if b.src:
                d["src"] = list(b.src)
            return d

        return json.dumps(
            {"type": self.type_name, "family": self.family, "meta": self.meta,
             "blocks": [block(b) for b in self.blocks]},
            ensure_ascii=False, sort_keys=True, separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> "Document":
        d = json.loads(text)
        blocks = [
            Block(
                kind=b["kind"],
                spans=tuple(Span(t, r, ref) for t, r, ref in b["spans"]),
                level=b.get("level", 0),
                style=b.get("style"),
                attrs=b.get("attrs", {}),
                src=tuple(b.get("src", ())),
            )
            for b in d["blocks"]
        ]
        return cls(d["type"], d["family"], blocks, d.get("meta", {}))
