"""Style families: every number of the look, in one place per family, with its source.

Data only (no python-docx here): the DOCX writer turns a :class:`Family` into styles.xml,
page setup and footers.  Units: sizes in points, lengths in twips (1/1440 inch;
1 mm = 56.69 twips).  The 公文 numbers come from ``GBT9704.md`` (clause given per line; a
"practice" value is not the standard's and is marked so).

A block is styled by its kind (``Family.kinds``: block kind -> style name, headings by
level); ``Block.style`` may name any paragraph style of the family instead.  Span roles map
to character styles (``Family.roles``; run-in leads by level).

A section type may add named styles derived from its family's (``Section.named_styles``,
read by :func:`derive`): the type's documents use the family plus those styles.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any, NamedTuple


def mm(value: float) -> int:
    return round(value * 1440 / 25.4)


class Page(NamedTuple):
    width: int = 11906  # A4 210 mm (5.1)
    height: int = 16838  # A4 297 mm (5.1)
    top: int = mm(37)  # 天头 37 mm (5.2.1)
    bottom: int = mm(35)  # ⇒ 版心 225 mm high (5.2.1)
    left: int = mm(28)  # 订口 28 mm (5.2.1)
    right: int = mm(26)  # ⇒ 版心 156 mm wide (5.2.1)
    header: int = mm(15)
    footer: int = 1417  # 25 mm: page number 7 mm below the 版心 (7.5; measured in LibreOffice)
    even_odd: bool = True  # odd pages right, even pages left (7.5)


class ParagraphStyle(NamedTuple):
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
    based_on: str | None = None  # id of the family style a type's named style derives from
    rule: str | None = None  # hex RGB of a rule under the paragraph (a 简报's red line)
    builtin: bool = False  # one of Word's own styles by its name ("toc 1"), not a custom style


class Official(NamedTuple):
    """Where a 公文's own furniture goes (GB/T 9704-2012; docs/gongwen-furniture.md lists each
    number with its clause).  Lengths in twips, characters in body characters (``Family.cjk_width``)."""

    mark_top: int = mm(35)  # 7.2.4: the 发文机关标志's top edge 35 mm below the 版心's top edge
    mark_size: float = 42  # 7.2.4 "balanced", not wider than the line: 初号 at most, smaller to fit (practice)
    mark_line: float = 1.2  # practice: the mark's exact line height, in its size
    mark_ink: float = 0.11  # measured (LibreOffice 7.4, 小标宋 substitute): the ink's top below its line's top, in its size
    mark_color: str = "FF0000"  # 7.2.4: red
    mark_rows: int = 5  # practice: 份号/密级/紧急程度 and the mark take 5 grid rows, so the text stays on the grid
    number_gap: int = 2  # 7.2.5: the 发文字号 two blank lines below the mark
    edge: int = 1  # 7.2.5, 7.2.6: 发文字号 one character in from the left, 签发人 one in from the right
    rule_below: int = mm(4)  # 7.2.7: the red separator 4 mm below the 发文字号
    rule_size: int = 8  # practice: the separator 1 pt thick (eighths of a point)
    rule_rows: int = 2  # practice: the separator's paragraph takes 2 rows; the title follows on the grid
    sign_right: int = 2  # 7.3.5.2: the organ 2 characters from the right
    date_shift: int = 2  # 7.3.5.2: the date's first character 2 characters right of the organ's
    # ours (7.3.5.2 "成文日期长于发文机关署名"): a date that would end nearer the right edge than 2
    # characters counts as longer (the date then stands 2 from the right, the organ moves left).  The
    # literal reading is 0: a date as long as the organ would touch the edge, and LibreOffice, which
    # adds space between digits and Chinese, would push it past the margin
    date_room: int = 2
    seal_date_right: int = 4  # 7.3.5.1: with a seal, the date 4 characters from the right, the organ centred over it
    colophon_edge: int = 280  # 7.4.2, 7.4.3: 版记 text 1 character (4号, 14 pt) in from both sides
    colophon_thick: int = 8  # 7.4.1: first and last 版记 lines 0.35 mm (≈ 1 pt; eighths of a point)
    colophon_thin: int = 6  # 7.4.1: lines between 0.25 mm (≈ 0.75 pt)


class CharStyle(NamedTuple):
    id: str
    name: str
    east: str | None = None
    latin: str | None = None
    bold: bool = False
    size: float | None = None


class Family(NamedTuple):
    name: str
    page: Page
    styles: dict[str, ParagraphStyle]  # by Chinese style name
    kinds: dict[str, str]  # block kind (headings: heading1..4) -> style name
    chars: dict[str, CharStyle]  # by key: lead0..lead4, point, point_lead, speaker, quotation, credit, label,
    # dateline, figure, signer
    footer: ParagraphStyle
    # 7.3.1 says ≈20 characters a line; break from 18 on, so a substitute face never wraps mid-word
    title_chars: float = 18
    cjk_width: int = 320  # twips one CJK character of body text takes (16 pt)
    variant: str = ""  # "" for the family itself; a digest of the named styles a type added (derive)
    official: Official | None = None  # a 公文 family's 版头 / signature / 版记 placement (GB/T 9704)
    # the prefix of the family's own style ids (its paragraph styles carry it already); a 汇编, whose
    # one styles part holds both families, gives it to the character styles too (``char_prefix``,
    # "Draft" in a document of one family, the ids docx_reader knows)
    id_prefix: str = "Draft"
    char_prefix: str = "Draft"
    # named styles that, besides ``kinds["table"]``, title the table right after them (a 公文's
    # indicator table as an attachment); the DOCX reader joins such a paragraph to its table
    table_titles: tuple[str, ...] = ()

    def style_for(self, kind: str, level: int = 0, named: str | None = None) -> ParagraphStyle:
        if named in self.styles:  # a tree read back without its type's named styles: the kind's style
            return self.styles[named]
        key = f"heading{level}" if kind == "heading" else kind
        return self.styles[self.kinds.get(key, self.kinds["paragraph"])]

    def char_for(self, role: str, level: int = 0) -> CharStyle | None:
        if role == "number" and not level:
            return None  # numbers outside headings ("附件：1.XXX") take the paragraph's face
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
            _body._replace(id="DraftAddressee", name="公文主送机关", first_line=0, align="left"),
            _body._replace(id="DraftHeading1", name="公文一级标题", east=HEITI, keep_next=True, outline=0),
            _body._replace(id="DraftHeading2", name="公文二级标题", east=KAITI, keep_next=True, outline=1),
            _body._replace(id="DraftHeading3", name="公文三级标题", bold=True, keep_next=True, outline=2),
            _body._replace(id="DraftHeading4", name="公文四级标题", keep_next=True, outline=3),
            # 7.3.5: organ 2 characters from the right margin, one blank line below the text
            # (the writer moves it left for a long date or a seal: Official)
            _body._replace(id="DraftSignature", name="公文署名", align="right", first_line=0,
                    right=INDENT2, before=PITCH, keep_next=True),
            # 7.3.5: date on the next line (the writer places it after the organ: Official)
            _body._replace(id="DraftDate", name="公文成文日期", align="right", first_line=0, right=INDENT2),
            # 7.3.4: one blank line below the body, indent 2 characters
            _body._replace(id="DraftAttachment", name="公文附件说明"),
            _body._replace(id="DraftNoIndent", name="公文正文无缩进", first_line=0),
            _body._replace(id="DraftCentered", name="公文居中", first_line=0, align="center"),
            _body._replace(id="DraftTableTitle", name="公文表格标题", east=HEITI, align="center",
                    first_line=0, keep_next=True),
            ParagraphStyle("DraftTableCell", "公文表格", FANGSONG, 12, first_line=0, line=None, align="left"),
            # 7.3.7 (practice layout): "附件" and its number in 3号黑体, flush left on the first line of a
            # new page; the attachment's title centred on the third line (one blank line between)
            _body._replace(id="DraftAttachmentLabel", name="公文附件标识", east=HEITI, first_line=0,
                    align="left", after=PITCH, keep_next=True),
            ParagraphStyle("DraftAttachmentTitle", "公文附件标题", XBS, 22, align="center", first_line=0,
                           after=PITCH, snap=False, keep_next=True, keep_lines=True),
            # 7.2.1-7.2.3: 份号 (3号 digits), 密级和保密期限 and 紧急程度 (3号黑体), flush left from the 版心's first line
            _body._replace(id="DraftMastheadNote", name="公文版头标注", east=HEITI, first_line=0, align="left",
                    keep_next=True),
            # 7.2.4: 发文机关标志, red 小标宋, centred (size and placement: Official, set by the writer)
            ParagraphStyle("DraftMark", "公文发文机关标志", XBS, 42, align="center", first_line=0,
                           color="FF0000", snap=False, keep_next=True, keep_lines=True),
            # 7.2.5, 7.2.6: 发文字号 (and 签发人) in 3号仿宋, on one line
            _body._replace(id="DraftDocNumber", name="公文发文字号", first_line=0, align="left", keep_next=True),
            # 7.4.2, 7.4.3: 版记 in 4号 (14 pt) 仿宋
            ParagraphStyle("DraftColophon", "公文版记", FANGSONG, 14, first_line=0, align="left"),
        )
    },
    kinds={
        "paragraph": "公文正文", "title": "公文标题", "subtitle": "公文副题", "kicker": "公文副题",
        "meta": "公文居中", "editor_note": "公文正文", "addressee": "公文主送机关",
        "heading1": "公文一级标题", "heading2": "公文二级标题", "heading3": "公文三级标题",
        "heading4": "公文四级标题", "quote": "公文正文", "caption": "公文居中", "image": "公文居中",
        "table": "公文表格标题", "table_cell": "公文表格", "byline": "公文正文无缩进",
        "signature": "公文署名", "date": "公文成文日期", "attachment": "公文附件说明",
        "masthead": "公文发文机关标志", "masthead_note": "公文版头标注", "doc_number": "公文发文字号",
        "colophon": "公文版记",
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
            CharStyle("quotation", "公文引语"),  # quoted words: the body face (GB/T 9704 sets no quote face)
            CharStyle("credit", "公文图片署名"),
            CharStyle("label", "公文标签"),  # 7.3.4: "附件：" in the body face
            CharStyle("dateline", "公文电头", east=HEITI),
            CharStyle("signer", "公文签发人", east=KAITI),  # 7.2.6: 签发人 names in 3号楷体
        )
    },
    # 7.5: 4号 (14 pt) half-width 宋体 Arabic numerals, "— N —"; footers reset the indent
    footer=ParagraphStyle("DraftPageNumber", "公文页码", SONGTI, 14, latin=SONGTI, first_line=0, line=None),
    official=Official(),
    table_titles=("公文附件标题",),
)

# --- 报刊 (a newspaper feature set on A4 for print review; numbers in docs/styles-baokan.md) ---
SONG = "宋体"  # body: newspapers set text in a Song face (报宋/书宋)
BK_LINE = 440  # exact 22 pt line pitch for 12 pt body (≈ 1.83 lines)
BK_INDENT = 480  # 2 characters of 12 pt
BK_GAP = 240  # 12 pt: one half line before a subhead or a photo

_bk_body = ParagraphStyle("PaperBody", "报刊正文", SONG, 12, first_line=BK_INDENT, line=BK_LINE)
_bk_center = _bk_body._replace(first_line=0, align="center")
BAOKAN = Family(
    name="报刊",
    # A4; margins of a proof page, no odd/even footers (a feature is not bound like a 公文)
    page=Page(top=mm(25), bottom=mm(25), left=mm(25), right=mm(25), header=mm(12), footer=mm(12),
              even_odd=False),
    styles={
        s.name: s
        for s in (
            _bk_body,
            # 引题 / eyebrow above the title: 四号 楷体, centred
            _bk_center._replace(id="PaperKicker", name="报刊引题", east="楷体_GB2312", size=14,
                    line=None, after=60, keep_next=True),
            # series label ("民生答卷·之三"): 小四 黑体 on the left, like a column head
            _bk_body._replace(id="PaperSeries", name="报刊栏目", east=HEITI, first_line=0, align="left",
                    line=None, after=120, keep_next=True, color="9C1C1C"),
            # main title: 一号 (26 pt) 小标宋, centred; two phrases may take two lines
            ParagraphStyle("PaperTitle", "报刊标题", XBS, 26, align="center", line=None, before=120,
                           after=120, snap=False, keep_next=True, keep_lines=True),
            # 副题 ("——万源市2024年…综述"): 三号 (16 pt) 楷体, centred
            _bk_center._replace(id="PaperSubtitle", name="报刊副题", east="楷体_GB2312", size=16,
                    line=None, before=120, after=120, keep_next=True),
            # 版次 / 日期 line: 五号 (10.5 pt) 宋体, grey, centred under the headline block
            _bk_center._replace(id="PaperMeta", name="报刊版次日期", size=10.5, line=None, after=240,
                    color="595959"),
            # 编者按: 五号 楷体, indented 2 characters on both sides
            _bk_body._replace(id="PaperEditorNote", name="报刊编者按", east="楷体_GB2312", size=10.5,
                    line=360, left=BK_INDENT, right=BK_INDENT, first_line=0, after=240),
            # 小标题: 三号 (16 pt) 黑体, centred, 12 pt above; a two-line subhead keeps its lines together
            _bk_center._replace(id="PaperSubhead", name="报刊小标题", east=HEITI, size=16, line=None,
                    before=360, after=120, keep_next=True, keep_lines=True, outline=0),
            _bk_body._replace(id="PaperHeading2", name="报刊二级标题", east=HEITI, size=14, first_line=0,
                    before=BK_GAP, keep_next=True, outline=1),
            _bk_body._replace(id="PaperHeading3", name="报刊三级标题", bold=True, keep_next=True, outline=2),
            _bk_body._replace(id="PaperHeading4", name="报刊四级标题", keep_next=True, outline=3),
            # a quotation paragraph: the body face; only the quoted words are 楷体 (character style
            # 报刊引语文字), the narrative and attribution around them stay Song
            _bk_body._replace(id="PaperQuote", name="报刊引语"),
            # a case story (named style): 小四 楷体, indented 2 characters on the left
            _bk_body._replace(id="PaperCase", name="报刊案例", east="楷体_GB2312", left=BK_INDENT),
            # photo and caption: 五号 (10.5 pt) 楷体 centred under the picture
            _bk_center._replace(id="PaperImage", name="报刊图片", line=None, before=BK_GAP, keep_next=True),
            _bk_center._replace(id="PaperCaption", name="报刊图片说明", east="楷体_GB2312", size=10.5,
                    line=None, after=BK_GAP),
            # byline at the end: 五号 楷体, flush right; at the head (named style): centred
            _bk_body._replace(id="PaperByline", name="报刊署名", east="楷体_GB2312", size=10.5, first_line=0,
                    align="right", line=None, before=120),
            _bk_center._replace(id="PaperBylineTop", name="报刊文首署名", east="楷体_GB2312", size=10.5,
                    line=None, after=240),
            # signature ("（黎城县洪井镇人民政府）") and date: Song, flush right
            _bk_body._replace(id="PaperSignature", name="报刊落款", first_line=0, align="right"),
            _bk_body._replace(id="PaperDate", name="报刊日期", first_line=0, align="right"),
            _bk_body._replace(id="PaperAttachment", name="报刊附注", size=10.5, first_line=0),
            _bk_body._replace(id="PaperNoIndent", name="报刊正文无缩进", first_line=0),
            _bk_center._replace(id="PaperTableTitle", name="报刊表格标题", east=HEITI, size=10.5,
                    line=None, keep_next=True),
            ParagraphStyle("PaperTableCell", "报刊表格", SONG, 10.5, first_line=0, line=None, align="left"),
        )
    },
    kinds={
        "paragraph": "报刊正文", "title": "报刊标题", "subtitle": "报刊副题", "kicker": "报刊引题",
        "meta": "报刊版次日期", "editor_note": "报刊编者按", "addressee": "报刊正文无缩进",
        "heading1": "报刊小标题", "heading2": "报刊二级标题", "heading3": "报刊三级标题",
        "heading4": "报刊四级标题", "quote": "报刊引语", "caption": "报刊图片说明", "image": "报刊图片",
        "table": "报刊表格标题", "table_cell": "报刊表格", "byline": "报刊署名",
        "signature": "报刊落款", "date": "报刊日期", "attachment": "报刊附注",
        # a 公文's 版头 and 版记 have no 报刊 look of their own: plain lines
        "masthead": "报刊标题", "masthead_note": "报刊正文无缩进", "doc_number": "报刊正文无缩进",
        "colophon": "报刊附注",
    },
    chars={
        c.id: c
        for c in (
            CharStyle("lead0", "报刊段首句", east=HEITI),  # run-in lead sentence: 黑体
            CharStyle("lead1", "报刊一级标题字符", east=HEITI),
            CharStyle("lead2", "报刊二级标题字符", east=HEITI),
            CharStyle("lead3", "报刊三级标题字符", bold=True),
            CharStyle("lead4", "报刊四级标题字符"),
            CharStyle("point", "报刊要点序号"),
            CharStyle("point_lead", "报刊要点句", east=HEITI),
            CharStyle("figure", "报刊数据"),
            CharStyle("speaker", "报刊引语出处", east=SONG),  # the attribution inside a quote: Song
            CharStyle("quotation", "报刊引语文字", east="楷体_GB2312"),  # the quoted words only: 楷体
            CharStyle("credit", "报刊图片署名", east=SONG),
            CharStyle("label", "报刊标签", east=HEITI),  # "编者按："
            CharStyle("dateline", "报刊电头", east=HEITI),
            CharStyle("signer", "报刊签发人", east="楷体_GB2312"),
        )
    },
    # page number: 小五 (9 pt) 宋体, centred, "— N —"
    footer=ParagraphStyle("PaperPageNumber", "报刊页码", SONGTI, 9, latin=SONGTI, first_line=0, line=None),
    title_chars=16,  # 156 mm / 26 pt ≈ 17 characters; break two-phrase titles at the space
    cjk_width=240,
    id_prefix="Paper",
)

# --- a 汇编's front matter (cover and 目录), in the 公文 faces; outside the body's page sequence ---
FRONT_STYLES: dict[str, ParagraphStyle] = {
    s.name: s
    for s in (
        # practice: the cover title in 一号 (26 pt) 小标宋, centred, a third of the way down the 版心
        ParagraphStyle("DraftCoverTitle", "汇编封面标题", XBS, 26, align="center", line=None, before=6 * PITCH,
                       after=PITCH, snap=False, keep_next=True, keep_lines=True),
        # practice: the period under it in 3号 楷体 (as a 题注, GBT9704.md "more facts")
        _body._replace(id="DraftCoverPeriod", name="汇编封面期间", east=KAITI, first_line=0, align="center",
                keep_next=True),
        # practice: 编印单位 and date low on the cover, 3号 仿宋 centred
        _body._replace(id="DraftCoverPublisher", name="汇编封面编印单位", first_line=0, align="center",
                before=8 * PITCH, keep_next=True),
        _body._replace(id="DraftCoverDate", name="汇编封面日期", first_line=0, align="center"),
        # practice: "目录" as a 2号 小标宋 title, one blank line below (7.3.1's title look)
        ParagraphStyle("DraftTocHeading", "汇编目录标题", XBS, 22, align="center", first_line=0,
                       after=PITCH, snap=False, keep_next=True),
        # Word's own names ("toc 1", "toc 2"): a field update in Word keeps this look.  3号 仿宋 on the
        # grid; a level-1 heading under its section's title, 2 characters in
        _body._replace(id="TOC1", name="toc 1", first_line=0, align="left", builtin=True),
        _body._replace(id="TOC2", name="toc 2", first_line=0, left=INDENT2, align="left", builtin=True),
    )
}

FAMILIES: dict[str, Family] = {GONGWEN.name: GONGWEN, BAOKAN.name: BAOKAN}


def get(name: str) -> Family:
    """A family by name: 公文 or 报刊."""
    return FAMILIES[name]


def for_document(doc) -> Family:
    """The family a document is written in: its family plus the named styles its type declared
    (recorded in ``doc.meta["named_styles"]`` by compose, so that a tree read back from a DOCX
    or a redline keeps them).  Declarations that do not hold (a tree from somewhere else) are
    left out: blocks naming those styles then take their kind's style."""
    family = get(doc.family)
    try:
        return derive(family, doc.meta.get("named_styles"))
    except ValueError:
        return family


# --- named styles a section type adds ----------------------------------------------------
def _text(value: Any) -> str:
    from .xmlchars import first_illegal

    if not isinstance(value, str) or not value.strip():
        raise ValueError("应是非空的文字")
    if first_illegal(value) is not None:
        raise ValueError("里有文档无法保存的控制字符")
    return value.strip()


def _number(low: float, high: float):
    def read(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise ValueError(f"应是 {low:g}～{high:g} 之间的数")
        return value
    return read


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("应是 True 或 False")
    return value


def _color(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"#?[0-9A-Fa-f]{6}", value):
        raise ValueError("应是六位十六进制颜色，如 \"C00000\"（红）")
    return value.lstrip("#").upper()


def _align(value: Any) -> str:
    aligns = {"left": "left", "center": "center", "right": "right", "both": "both",
              "左": "left", "居中": "center", "右": "right", "两端": "both"}
    if value not in aligns:
        raise ValueError("应是 left、center、right、both（或 左、居中、右、两端）之一")
    return aligns[value]


def _spacing(value: Any) -> int:
    return round(_number(0, 200)(value) * 20)  # pt -> twips


def _line(value: Any) -> int | None:
    return None if value is None else _spacing(value)


# declaration key -> (ParagraphStyle field, reader); indents are in characters of the style's size
NAMED_STYLE_KEYS: dict[str, tuple[str, Any]] = {
    "font": ("east", _text), "latin_font": ("latin", _text), "size": ("size", _number(5, 100)),
    "bold": ("bold", _flag), "color": ("color", _color), "align": ("align", _align),
    "before": ("before", _spacing), "after": ("after", _spacing), "line": ("line", _line),
    "first_line": ("first_line", _number(0, 20)), "left": ("left", _number(0, 20)),
    "right": ("right", _number(0, 20)), "keep_next": ("keep_next", _flag), "rule": ("rule", _color),
}
_INDENTS = ("first_line", "left", "right")


def _named_style(family: Family, name: Any, spec: Any) -> ParagraphStyle:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"命名样式的名字应是非空的文字，而不是 {name!r}")
    if name in family.styles:
        raise ValueError(f"命名样式“{name}”与{family.name}样式族里已有的样式同名；请换个名字")
    if not isinstance(spec, dict):
        raise ValueError(f"命名样式“{name}”应写成字典，如 {{\"based_on\": \"{family.kinds['paragraph']}\", \"size\": 22}}")
    base_name = spec.get("based_on")
    if base_name not in family.styles:
        raise ValueError(f"命名样式“{name}”的 based_on “{base_name}”不是{family.name}样式族里的段落样式；"
                         f"可用：{'、'.join(family.styles)}")
    changes: dict[str, Any] = {}
    for key, value in spec.items():
        if key == "based_on":
            continue
        if key not in NAMED_STYLE_KEYS:
            raise ValueError(f"命名样式“{name}”里不认识的属性“{key}”；可用：based_on、{'、'.join(NAMED_STYLE_KEYS)}")
        field, read = NAMED_STYLE_KEYS[key]
        try:
            changes[field] = read(value)
        except ValueError as exc:
            raise ValueError(f"命名样式“{name}”的 {key}: {value!r} {exc}") from None
    base = family.styles[base_name]
    size = changes.get("size", base.size)
    for key in _INDENTS:
        if key in changes:
            changes[key] = round(changes[key] * size * 20)  # characters -> twips
    sid = "Named" + hashlib.sha1(name.encode()).hexdigest()[:8]
    return base._replace(id=sid, name=name, based_on=base.id, **changes)


def derive(family: Family, declared: Any) -> Family:
    """``family`` plus the named styles a section type declares; the family itself when it
    declares none.  A mistake in the declaration is a ValueError with a Chinese message."""
    if not declared:
        return family
    if not isinstance(declared, dict):
        raise ValueError("named_styles 应是字典：样式名 -> 属性")
    named = {name: _named_style(family, name, spec) for name, spec in declared.items()}
    digest = hashlib.sha1(repr(sorted(named.items())).encode()).hexdigest()[:8]
    return family._replace(styles={**family.styles, **named}, variant=digest)
