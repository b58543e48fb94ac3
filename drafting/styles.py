"""Style families: every number of the look, in one place per family, with its source.

Data only (no python-docx here): the DOCX writer turns a :class:`Family` into styles.xml,
page setup and footers.  Units: sizes in points, lengths in twips (1/1440 inch;
1 mm = 56.69 twips).  The 公文 numbers come from ``GBT9704.md`` (clause given per line; a
"practice" value is not the standard's and is marked so).

A block is styled by its kind (``Family.kinds``: block kind -> style name, headings by
level); ``Block.style`` may name any paragraph style of the family instead.  Span roles map
to character styles (``Family.roles``; run-in leads by level).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace


def mm(value: float) -> int:
    return round(value * 1440 / 25.4)


@dataclass(frozen=True)
class Page:
    width: int = 11906  # A4 210 mm (5.1)
    height: int = 16838  # A4 297 mm (5.1)
    top: int = mm(37)  # 天头 37 mm (5.2.1)
    bottom: int = mm(35)  # ⇒ 版心 225 mm high (5.2.1)
    left: int = mm(28)  # 订口 28 mm (5.2.1)
    right: int = mm(26)  # ⇒ 版心 156 mm wide (5.2.1)
    header: int = mm(15)
    footer: int = 1417  # 25 mm: page number 7 mm below the 版心 (7.5; measured in LibreOffice)
    even_odd: bool = True  # odd pages right, even pages left (7.5)


@dataclass(frozen=True)
class ParagraphStyle:
    id: str  # ASCII style id
    name: str  # the name Word and WPS show
    east: str  # eastAsia font
    size: float  # pt
    latin: str = "Times New Roman"  # ascii/hAnsi/cs slots (practice)
    bold: bool = False
    align: str = "both"  # left | center | right | both
    first_line: int = 0  # twips
    left: int = 0
    right: int = 0
    line: int | None = 579  # exact line pitch in twips (practice: 28.95 pt); None = single
    before: int = 0
    after: int = 0
    keep_next: bool = False
    keep_lines: bool = False
    outline: int | None = None  # 0-based outline level (navigation pane)
    condense: int = 0  # character spacing in twentieths of a point (-5 = -0.25 pt)
    snap: bool = True  # snap to the document grid
    color: str | None = None  # hex RGB, e.g. "C00000"


@dataclass(frozen=True)
class CharStyle:
    id: str
    name: str
    east: str | None = None
    latin: str | None = None
    bold: bool = False
    size: float | None = None


@dataclass(frozen=True)
class Family:
    name: str
    page: Page
    styles: dict[str, ParagraphStyle]  # by Chinese style name
    kinds: dict[str, str]  # block kind (headings: heading1..4) -> style name
    chars: dict[str, CharStyle]  # by key: lead0..lead4, point, point_lead, speaker, credit, label, dateline, figure
    footer: ParagraphStyle
    # 7.3.1 says ≈20 characters a line; break from 18 on, so a substitute face never wraps mid-word
    title_chars: float = 18
    cjk_width: int = 320  # twips one CJK character of body text takes (16 pt)

    def style_for(self, kind: str, level: int = 0, named: str | None = None) -> ParagraphStyle:
        if named:
            return self.styles[named]
        key = f"heading{level}" if kind == "heading" else kind
        return self.styles[self.kinds.get(key, self.kinds["paragraph"])]

    def char_for(self, role: str, level: int = 0) -> CharStyle | None:
        if role in ("number", "lead"):
            return self.chars.get(f"lead{level}")
        return self.chars.get(role)


# --- 公文 (GB/T 9704-2012) -------------------------------------------------------------
FANGSONG = "仿宋_GB2312"  # 5.2.2 / 7.3.3 body face
KAITI = "楷体_GB2312"  # 7.3.3 level 2
HEITI = "黑体"  # 7.3.3 level 1
XBS = "方正小标宋简体"  # 7.3.1 title
SONGTI = "宋体"  # 7.5 page number
PITCH = 579  # practice: 22 lines in the 225 mm 版心 (5.2.3 "一般" 22 × 28)
INDENT2 = 640  # 2 characters of 16 pt (7.3.3 first-line indent)

_body = ParagraphStyle("DraftBody", "公文正文", FANGSONG, 16, first_line=INDENT2, condense=-5)  # 5.2.2, 7.3.3
GONGWEN = Family(
    name="公文",
    page=Page(),
    styles={
        s.name: s
        for s in (
            _body,
            # 7.3.1: 2号小标宋, centred; one blank line (one grid line) below
            ParagraphStyle("DraftTitle", "公文标题", XBS, 22, align="center", first_line=0,
                           after=PITCH, snap=False, keep_next=True, keep_lines=True),
            # practice: 题注/副题 3号楷体 centred
            ParagraphStyle("DraftSubtitle", "公文副题", KAITI, 16, align="center", first_line=0,
                           after=PITCH, keep_next=True),
            # 7.3.2: 主送机关 flush left, full-width colon
            replace(_body, id="DraftAddressee", name="公文主送机关", first_line=0, align="left"),
            replace(_body, id="DraftHeading1", name="公文一级标题", east=HEITI, keep_next=True, outline=0),
            replace(_body, id="DraftHeading2", name="公文二级标题", east=KAITI, keep_next=True, outline=1),
            replace(_body, id="DraftHeading3", name="公文三级标题", bold=True, keep_next=True, outline=2),
            replace(_body, id="DraftHeading4", name="公文四级标题", keep_next=True, outline=3),
            # 7.3.5: organ 2 characters from the right margin, one blank line below the text
            replace(_body, id="DraftSignature", name="公文署名", align="right", first_line=0,
                    right=INDENT2, before=PITCH, keep_next=True),
            # 7.3.5: date on the next line, centred under the organ (the writer sets the indent)
            replace(_body, id="DraftDate", name="公文成文日期", align="right", first_line=0, right=INDENT2),
            # 7.3.4: one blank line below the body, indent 2 characters
            replace(_body, id="DraftAttachment", name="公文附件说明"),
            replace(_body, id="DraftNoIndent", name="公文正文无缩进", first_line=0),
            replace(_body, id="DraftCentered", name="公文居中", first_line=0, align="center"),
            replace(_body, id="DraftTableTitle", name="公文表格标题", east=HEITI, align="center",
                    first_line=0, keep_next=True),
            ParagraphStyle("DraftTableCell", "公文表格", FANGSONG, 12, first_line=0, line=None, align="left"),
            # 7.3.7 (practice layout): "附件" and its number in 3号黑体, flush left on the first line of a
            # new page; the attachment's title centred on the third line (one blank line between)
            replace(_body, id="DraftAttachmentLabel", name="公文附件标识", east=HEITI, first_line=0,
                    align="left", after=PITCH, keep_next=True),
            ParagraphStyle("DraftAttachmentTitle", "公文附件标题", XBS, 22, align="center", first_line=0,
                           after=PITCH, snap=False, keep_next=True, keep_lines=True),
        )
    },
    kinds={
        "paragraph": "公文正文", "title": "公文标题", "subtitle": "公文副题", "kicker": "公文副题",
        "meta": "公文居中", "editor_note": "公文正文", "addressee": "公文主送机关",
        "heading1": "公文一级标题", "heading2": "公文二级标题", "heading3": "公文三级标题",
        "heading4": "公文四级标题", "quote": "公文正文", "caption": "公文居中", "image": "公文居中",
        "table": "公文表格标题", "table_cell": "公文表格", "byline": "公文正文无缩进",
        "signature": "公文署名", "date": "公文成文日期", "attachment": "公文附件说明",
    },
    chars={
        c.id: c
        for c in (
            CharStyle("lead0", "公文段首句", bold=True),
            CharStyle("lead1", "公文一级标题字符", east=HEITI),  # 7.3.3: run-in heading face
            CharStyle("lead2", "公文二级标题字符", east=KAITI),
            CharStyle("lead3", "公文三级标题字符", east=FANGSONG, bold=True),
            CharStyle("lead4", "公文四级标题字符", east=FANGSONG),
            CharStyle("point", "公文要点序号"),
            CharStyle("point_lead", "公文要点句"),
            CharStyle("figure", "公文数据"),
            CharStyle("speaker", "公文引语出处"),
            CharStyle("credit", "公文图片署名"),
            CharStyle("label", "公文标签", east=HEITI),
            CharStyle("dateline", "公文电头", east=HEITI),
        )
    },
    # 7.5: 4号 (14 pt) half-width 宋体 Arabic numerals, "— N —"; footers reset the indent
    footer=ParagraphStyle("DraftPageNumber", "公文页码", SONGTI, 14, latin=SONGTI, first_line=0, line=None),
)

FAMILIES: dict[str, Family] = {GONGWEN.name: GONGWEN}


def register(family: Family) -> None:
    """Add a style family (used by the writer's built-in families only)."""
    FAMILIES[family.name] = family


def get(name: str) -> Family:
    return FAMILIES[name]
