"""The document body as WordprocessingML: paragraphs and runs with the family's style ids,
titles broken into lines, tables, inline pictures, tracked changes (redlines), the page-number
footer; a 公文's 版头, signature and date, and 版记 placed as GB/T 9704 says (``Family.official``).
Strings only: the picture XML comes from the package (``BodyWriter.picture``); the 版记's section
break is a placeholder (``SECTION_BREAK``) the package fills in.  ``BodyWriter.end_section`` ends a
section with given properties (the 版记's, a 汇编's sections); a block with ``attrs["bookmark"]``
(a 汇编's 目录 entry) is bookmarked."""
from __future__ import annotations

import math
import re
from dataclasses import replace
from itertools import takewhile
from typing import Callable

from .docx_names import NSDECL, WORD_JOINER
from .docx_styles import char_style_ref
from .measure import column_widths, line_starts, text_width, title_lines
from .styles import Family, ParagraphStyle
from .tree import Block, Span
from .xmlchars import escape

# the dash of a number range (100-6000元, 0--3周岁, 1—11月, 5%～10%) is no place to break a line:
# a WORD JOINER (U+2060, invisible) on each side of each dash keeps it with its numbers.  LibreOffice
# honours it, and breaks after a w:noBreakHyphen (U+2011) in Chinese text; docx_reader drops it.
# A date written with hyphens (2025-03-04) is no range and stays exactly as typed.
_DASHES = "-–—～"
_RANGE = re.compile(r"(\d{4}-\d{1,2}(?:-\d{1,2})?(?!\d))|(?<=[0-9%％])([-–—～]+)(?=[0-9])")


def keep_ranges(text: str) -> str:
    if not any(dash in text for dash in _DASHES):
        return text
    return _RANGE.sub(lambda m: m[1] or WORD_JOINER + WORD_JOINER.join(m[2]) + WORD_JOINER, text)

# where the text's section ends and the 版记's begins: docx_package puts the text section's
# properties here (an even-page section break; the 版记's section has no page numbers)
SECTION_BREAK = "<w:sectPr/>"
_TINY = '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'  # a 1 pt empty paragraph


def text_element(tag: str, text: str) -> str:
    """``text`` in a ``w:t`` or ``w:delText`` element, written as lxml writes it back: the body is
    put into the package as text (``docx_cached``), byte for byte what parsing it with lxml and
    saving would give.  So an empty element is written short, and a carriage return (which an XML
    parser reads as a line feed) is a line feed."""
    if not text:
        return f'<{tag} xml:space="preserve"/>'
    text = escape(text.replace("\r\n", "\n").replace("\r", "\n"))
    return f'<{tag} xml:space="preserve">{text}</{tag}>'


def run(text: str, rstyle: str | None = None, deleted: bool = False) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{rstyle}"/></w:rPr>' if rstyle else ""
    return f'<w:r>{rpr}{text_element("w:delText" if deleted else "w:t", keep_ranges(text))}</w:r>'


def tracked_title_spans(spans: tuple[Span, ...], capacity: float) -> tuple[Span, ...]:
    """A title with tracked changes, broken into lines as each version alone would be: a
    break of the new version only is inserted, one of the old version only is deleted."""
    new_cuts = line_starts("".join(s.text for s in spans if s.mark != "del"), capacity)
    old_cuts = line_starts("".join(s.text for s in spans if s.mark != "ins"), capacity)
    out: list[Span] = []
    n = o = 0
    for s in spans:
        for ch in s.text:
            new_here = s.mark != "del" and n in new_cuts
            old_here = s.mark != "ins" and o in old_cuts
            if new_here and old_here and s.mark is None:
                out.append(Span("", "break"))
            elif new_here:
                out.append(Span("", "break", mark="ins"))
            if old_here and not (new_here and s.mark is None):
                out.append(Span("", "break", mark="del"))
            if new_here:
                new_cuts.discard(n)
            if old_here:
                old_cuts.discard(o)
            if out and out[-1].role != "break" and (out[-1].role, out[-1].ref, out[-1].mark) == (s.role, s.ref, s.mark):
                out[-1] = replace(out[-1], text=out[-1].text + ch)
            else:
                out.append(replace(s, text=ch))
            n += s.mark != "del"
            o += s.mark != "ins"
    return tuple(out)


def unquoted(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """The spans of a block set in a named style, which sets it wholly (no quote face): quoted
    words become the text (a figure quoted, a figure) they sit in."""
    if not any(s.role == "quotation" for s in spans):
        return spans
    out: list[Span] = []
    for s in spans:
        if s.role == "quotation":
            s = replace(s, role="figure" if s.ref else "text")
        if out and s.role == "text" == out[-1].role and s.mark == out[-1].mark:
            out[-1] = replace(out[-1], text=out[-1].text + s.text)
        else:
            out.append(s)
    return tuple(out)


def bookmark_name(number: int) -> str:
    """The hidden bookmark a 目录 entry points at (Word names its own _Toc…)."""
    return f"_TocDraft{number}"


def bookmarked(paragraph: str, number: int) -> str:
    """``paragraph`` (w:p XML) with its text inside the bookmark ``bookmark_name(number)`` (id ``number``)."""
    start = f'<w:bookmarkStart w:id="{number}" w:name="{bookmark_name(number)}"/>'
    head, tail = paragraph.split("</w:pPr>", 1) if "</w:pPr>" in paragraph else ("<w:p>", paragraph[5:])
    sep = "</w:pPr>" if "</w:pPr>" in paragraph else ""
    return f'{head}{sep}{start}{tail[:-len("</w:p>")]}<w:bookmarkEnd w:id="{number}"/></w:p>'


class Revisions:
    """Tracked changes (spans and blocks marked "ins" / "del"): numbers them (w:id unique in
    the document) and wraps runs in w:ins / w:del by ``author`` at ``date``."""

    def __init__(self, author: str, date: str):
        self.author = author
        self.date = date
        self.next_id = 1

    def attrs(self) -> str:
        rid = self.next_id
        self.next_id += 1
        return f'w:id="{rid}" w:author="{self.author}" w:date="{self.date}"'

    def wrap(self, mark: str | None, runs: str) -> str:
        if mark is None:
            return runs
        tag = {"ins": "w:ins", "del": "w:del"}[mark]
        return f"<{tag} {self.attrs()}>{runs}</{tag}>"

    def paragraph_mark(self, mark: str | None) -> str:
        """w:pPr/w:rPr content marking the paragraph mark itself as inserted / deleted."""
        if mark is None:
            return ""
        return f'<w:rPr><w:{mark} {self.attrs()}/></w:rPr>'


# (path, width in mm, picture number from 1) -> the wp:inline XML of a picture added to the package
Picture = Callable[[str, float, int], str]


class BodyWriter:
    """Blocks -> body XML fragments in ``out`` (``write`` does the whole list)."""

    def __init__(self, family: Family, revisions: Revisions, picture: Picture):
        self.f = family
        self.picture = picture
        self.out: list[str] = []
        self.images = 0
        self.revisions = revisions
        self.mark: str | None = None  # the current block's paragraph-mark revision
        self._rstyles: dict[tuple, str | None] = {}  # (role, level) -> character style id
        self._notes = 0  # 份号 / 密级 / 紧急程度 lines written above the 发文机关标志

    def write(self, blocks: list[Block]) -> str:
        for i, b in enumerate(blocks):
            prev = blocks[i - 1] if i else None
            if b.kind == "colophon":  # the 版记's lines go together, into one table
                if prev is None or prev.kind != "colophon":
                    self._colophon(list(takewhile(lambda c: c.kind == "colophon", blocks[i:])))
                continue
            self.block(b, blocks[i + 1] if i + 1 < len(blocks) else None, prev)
        return "".join(self.out)

    @property
    def width(self) -> int:
        """The 版心's width (twips)."""
        return self.f.page.width - self.f.page.left - self.f.page.right

    def _p(self, style: ParagraphStyle, runs: str, extra: str = "", page_break: bool = False,
           keep_next: bool = False) -> None:
        # pPr order: keepNext, pageBreakBefore, then spacing / ind / jc, the tracked mark (rPr) last
        extra = ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break else "") + extra
        mark = self.revisions.paragraph_mark(self.mark)
        self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{style.id}"/>{extra}{mark}</w:pPr>{runs}</w:p>')

    def _runs(self, block: Block) -> str:
        parts = []
        spans = block.spans if block.style is None else unquoted(block.spans)
        for s in spans:
            if s.role in ("break", "tab"):
                parts.append(self.revisions.wrap(s.mark, "<w:r><w:br/></w:r>" if s.role == "break" else "<w:r><w:tab/></w:r>"))
                continue
            key = (s.role, block.level)
            if key not in self._rstyles:
                c = self.f.char_for(s.role, block.level)
                self._rstyles[key] = char_style_ref(self.f, c) if c else None
            parts.append(self.revisions.wrap(s.mark, run(s.text, self._rstyles[key], deleted=s.mark == "del")))
        return "".join(parts)

    def block(self, b: Block, nxt: Block | None, prev: Block | None) -> None:
        self._block(b, nxt, prev)
        anchor = b.attrs.get("bookmark")
        if anchor is not None and self.out and self.out[-1].startswith("<w:p>"):
            self.out[-1] = bookmarked(self.out[-1], anchor)

    def end_section(self, properties: str) -> None:
        """End a section with the last paragraph written: its properties (``w:sectPr`` XML) go
        into that paragraph; after a table, a 1 pt paragraph holds them."""
        last = self.out[-1] if self.out else ""
        if last.startswith("<w:p>") and "</w:pPr>" in last:
            self.out[-1] = last.replace("</w:pPr>", properties + "</w:pPr>", 1)
        else:
            self.out.append(f'<w:p><w:pPr>{_TINY}{properties}</w:pPr></w:p>')

    def _block(self, b: Block, nxt: Block | None, prev: Block | None) -> None:
        style = self.f.style_for(b.kind, b.level, b.style)
        self.mark = b.mark
        extra = ""
        if b.kind == "title":
            spans = b.spans
            if any(s.role == "break" for s in spans):
                runs = self._runs(b)
            elif any(s.mark for s in spans):
                runs = self._runs(replace(b, spans=tracked_title_spans(spans, self.f.title_chars)))
            else:
                lines = title_lines(b.text, self.f.title_chars)
                runs = "<w:r><w:br/></w:r>".join(run(line) for line in lines)
            if nxt is not None and nxt.kind == "subtitle":
                extra = '<w:spacing w:after="0"/>'
            self._p(style, runs, extra)
            return
        if b.kind == "image":
            self._image(b, style)
            return
        if b.kind == "table":
            self._table(b)
            return
        if b.kind in ("masthead", "doc_number") and self.f.official is not None:
            self._masthead(b, style) if b.kind == "masthead" else self._doc_number(b, style)
            return
        if b.kind == "signature" and nxt is not None and nxt.kind == "date" and self.f.official is not None:
            extra = f'<w:ind w:right="{self._closing(b, nxt)[0]}"/>'
        if b.kind == "date":
            sig = prev if prev is not None and prev.kind == "signature" else None
            if sig is not None and self.f.official is not None:
                # the date starts at a fixed place; its right indent only keeps LibreOffice (which adds
                # space between digits and CJK) from wrapping a date that reaches the margin
                extra = f'<w:ind w:left="{self._closing(sig, b)[1]}" w:right="{-2 * self.f.cjk_width}"/><w:jc w:val="left"/>'
            elif sig is not None:  # not a 公文: the date centred under the organ
                sstyle = self.f.style_for("signature", 0, sig.style)
                ws = text_width(sig.text, sstyle.size, sstyle.condense)
                wd = text_width(b.text, style.size, style.condense)
                right = sstyle.right + (ws - wd) // 2 if ws >= wd else 4 * self.f.cjk_width
                extra = f'<w:ind w:right="{max(right, 0)}"/>'
        if b.kind == "heading" and prev is not None and prev.kind == "kicker":
            extra = '<w:spacing w:before="0"/>'  # a subhead sits right under its kicker
        if b.kind == "editor_note" and nxt is not None and nxt.kind == "editor_note":
            extra = '<w:spacing w:after="0"/>'  # a note of several paragraphs: the space after the last only
        if b.kind == "attachment" and not b.attrs.get("first", True):
            label = text_width("附件：", style.size, style.condense)
            extra = f'<w:spacing w:before="0"/><w:ind w:firstLine="{style.first_line + label}"/>'
        elif b.kind == "attachment":
            extra = f'<w:spacing w:before="{style.line or 0}"/>'
        # the 附件说明 and the signature never start a page on their own: the end of the body goes with them
        keep = nxt is not None and nxt.kind in ("attachment", "signature") and b.kind not in ("signature", "date")
        self._p(style, self._runs(b), extra, bool(b.attrs.get("page_break")), keep)

    def _closing(self, sig: Block, date: Block) -> tuple[int, int]:
        """(the organ's right indent, the date's left indent), twips, as GB/T 9704 7.3.5 places them.

        Without a seal (7.3.5.2) the organ stands 2 characters from the right and the date's first
        character 2 characters right of the organ's; a date longer than the organ (``date_room``)
        stands 2 from the right and the organ moves left to keep that offset.  With a seal (7.3.5.1) the date stands
        4 characters from the right and the organ is centred over it."""
        o, c, width = self.f.official, self.f.cjk_width, self.width
        sstyle = self.f.style_for("signature", 0, sig.style)
        dstyle = self.f.style_for("date", 0, date.style)
        ws = text_width(sig.text, sstyle.size, sstyle.condense)
        wd = text_width(date.text, dstyle.size, dstyle.condense)
        if sig.attrs.get("seal"):
            date_left = width - o.seal_date_right * c - wd
            organ_right = o.seal_date_right * c + (wd - ws) // 2
        elif ws - wd >= o.date_room * c:  # the date ends at least ``date_room`` from the right edge
            organ_right = o.sign_right * c
            date_left = width - organ_right - ws + o.date_shift * c
        else:
            date_left = width - o.sign_right * c - wd
            organ_right = width - (date_left - o.date_shift * c) - ws
        return max(organ_right, 0), max(date_left, 0)

    def _masthead(self, b: Block, style: ParagraphStyle) -> None:
        """份号 / 密级 / 紧急程度 flush left on the grid's first rows; the 发文机关标志 red, centred,
        as large as fits (at most ``Official.mark_size``), its top edge ``mark_top`` below the
        版心's top; the lines above it and the mark together take ``mark_rows`` grid rows."""
        o, pitch = self.f.official, self.f.styles[self.f.kinds["paragraph"]].line or 579
        if b.attrs.get("part") != "mark":
            self._notes += 1
            self._p(self.f.styles[self.f.kinds["masthead_note"]], self._runs(b))
            return
        fit = self.width / max(text_width(b.text, 1), 1)  # the size (pt) at which the name fills the line
        size = min(o.mark_size, math.floor(fit * 2) / 2)
        line = round(size * 20 * o.mark_line)
        above = self._notes * pitch
        before = max(o.mark_top - above - round(o.mark_ink * size * 20), 0)
        after = max(o.mark_rows * pitch - above - before - line, 0)
        self._notes = 0
        half = round(size * 2)
        rpr = "" if size == style.size else f'<w:rPr><w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
        runs = "".join(f'<w:r>{rpr}{text_element("w:t", s.text)}</w:r>' for s in b.spans if s.text)
        self._p(style, runs, f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>')

    def _doc_number(self, b: Block, style: ParagraphStyle) -> None:
        """发文字号 one character in from the left and 签发人 one character in from the right, on
        one line ``number_gap`` rows below the mark; then the red separator ``rule_below`` under
        it, in an empty paragraph that takes ``rule_rows`` rows (the title stays on the grid)."""
        o, pitch = self.f.official, style.line or 579
        edge = o.edge * self.f.cjk_width
        self._p(style, self._runs(b),
                f'<w:tabs><w:tab w:val="right" w:pos="{self.width - edge}"/></w:tabs>'
                f'<w:spacing w:before="{o.number_gap * pitch}"/><w:ind w:left="{edge}" w:right="{edge}"/>')
        space = round(o.rule_below / 20) - 1  # points from the paragraph's 1 pt line to the rule
        after = o.rule_rows * pitch - 20 - space * 20 - round(o.rule_size * 2.5)
        self.out.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style.id}"/><w:keepNext/><w:pBdr><w:bottom w:val="single" '
            f'w:sz="{o.rule_size}" w:space="{space}" w:color="{o.mark_color}"/></w:pBdr>'
            f'<w:spacing w:before="0" w:after="{after}" w:line="20" w:lineRule="exact"/>'
            '<w:ind w:left="0" w:right="0"/></w:pPr></w:p>')

    def _colophon(self, blocks: list[Block]) -> None:
        """The 版记 (7.4): a section of its own that starts on an even page (the text's last
        paragraph ends the section before): an empty paragraph as tall as the 版心 less the 版记,
        then the 版记 as a one-column table (thick first and last lines, thin ones between, 4号
        text one character in), so that its last line lies on the 版心's bottom edge.  Every
        height is exact (lines of ``style.line``), the 抄送 lines counted as ``measure`` wraps them."""
        style = self.f.style_for("colophon")
        o = self.f.official
        edge = o.colophon_edge if o else 0
        self.end_section(SECTION_BREAK)
        width = self.width
        pitch = style.line or 579
        rows, lines = [], 0
        for b in blocks:
            if b.attrs.get("part") == "抄送":  # a wrapped line aligns after "抄送："
                label = text_width("抄送：", style.size, style.condense)
                ind = f'<w:ind w:left="{edge + label}" w:right="{edge}" w:hanging="{label}"/>'
                names = text_width(b.text, style.size, style.condense) - label
                lines += max(math.ceil(names / (width - 2 * edge - label)), 1)
            else:  # 印发机关 left, 印发日期 right
                lines += 1
                ind = f'<w:tabs><w:tab w:val="right" w:pos="{width - edge}"/></w:tabs><w:ind w:left="{edge}" w:right="{edge}"/>'
            rows.append(f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                        f'<w:p><w:pPr><w:pStyle w:val="{style.id}"/>{ind}</w:pPr>{self._runs(b)}</w:p></w:tc></w:tr>')
        thick, thin = (o.colophon_thick, o.colophon_thin) if o else (8, 6)
        line = '<w:{0} w:val="single" w:sz="{1}" w:space="0" w:color="000000"/>'
        borders = (line.format("top", thick) + '<w:left w:val="nil"/>' + line.format("bottom", thick)
                   + '<w:right w:val="nil"/>' + line.format("insideH", thin) + '<w:insideV w:val="nil"/>')
        # the 版心's height less the table (its lines, the rules' widths) and the 1 pt paragraph that ends the document
        page = self.f.page
        rules = round((2 * thick + (len(blocks) - 1) * thin) * 2.5)
        space = page.height - page.top - page.bottom - lines * pitch - rules - 20
        self.out += [
            f'<w:p><w:pPr><w:pStyle w:val="{style.id}"/><w:spacing w:before="0" w:after="0" w:line="{space}" '
            'w:lineRule="exact"/></w:pPr></w:p>',
            f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{"".join(rows)}</w:tbl>',
            f'<w:p><w:pPr><w:pStyle w:val="{style.id}"/>{_TINY}</w:pPr></w:p>',  # a document ends with a paragraph
        ]

    def _image(self, b: Block, style: ParagraphStyle) -> None:
        self.images += 1
        xml = self.picture(b.attrs["path"], b.attrs.get("width_mm") or 120, self.images)
        self._p(style, self.revisions.wrap(self.mark, f"<w:r><w:drawing>{xml}</w:drawing></w:r>"),
                '<w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>')

    def _table(self, b: Block) -> None:
        rows = b.attrs.get("rows") or []
        if b.spans or b.attrs.get("page_break"):
            self._p(self.f.style_for("table", 0, b.style), self._runs(b), page_break=bool(b.attrs.get("page_break")))
        if not rows:
            return
        cell = self.f.styles[self.f.kinds["table_cell"]]
        total = self.f.page.width - self.f.page.left - self.f.page.right
        align = b.attrs.get("align") or []
        header_rows = int(b.attrs.get("header_rows", 1))
        widths = column_widths(rows, align, cell.size, total, header_rows)
        border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        borders = "".join(border.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        x = [f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
             f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>']
        x += [f'<w:gridCol w:w="{w}"/>' for w in widths]
        x.append("</w:tblGrid>")
        row_marks = b.attrs.get("row_marks") or []  # a redline: rows added / removed, cells changed
        was = b.attrs.get("was") or []
        for r, row in enumerate(rows):
            head = r < header_rows
            mark = self.mark or (row_marks[r] if r < len(row_marks) else None)
            old = was[r] if r < len(was) else None
            row_mark = f"<w:{mark} {self.revisions.attrs()}/>" if mark else ""
            x.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if head else "") + row_mark + "</w:trPr>")
            for c, text in enumerate(row):
                jc = "center" if head else (align[c] if c < len(align) else "left")
                bold = '<w:rPr><w:b/><w:bCs/></w:rPr>' if head else ""

                def run(words: str, cell_mark: str | None, bold: str = bold) -> str:
                    tag = "w:delText" if cell_mark == "del" else "w:t"
                    xml = f'<w:r>{bold}{text_element(tag, words)}</w:r>' if words else ""
                    return self.revisions.wrap(cell_mark, xml) if xml else ""

                if old is not None and c < len(old) and old[c] != text:
                    cell_run = run(old[c], "del") + run(text, "ins")
                else:
                    cell_run = run(text, mark)
                x.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{cell.id}"/><w:jc w:val="{jc}"/></w:pPr>{cell_run}</w:p></w:tc>'
                )
            x.append("</w:tr>")
        x.append("</w:tbl>")
        self.out.append("".join(x))


def footer_xml(f: Family, align: str) -> str:
    """The footer's one paragraph: — page number —, 1 character in from the ``align`` side."""
    s = f.footer
    ind = 'w:right="280"' if align == "right" else 'w:left="280"'  # 1 character of 14 pt in (7.5)
    fld = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'<w:p {NSDECL}><w:pPr><w:pStyle w:val="{s.id}"/><w:ind {ind} w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>'
        f'{run("— ")}{fld}{run(" —")}</w:p>'
    )
