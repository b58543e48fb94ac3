"""The DOCX writer: document tree + style family -> .docx bytes.  The only python-docx user.

python-docx gives us the package (parts, relationships, images, headers/footers); the XML of
styles, settings, the body and the footers is written here from the family's numbers, with
style ids referenced directly (no style lookups per paragraph).  The result is normalised by
``package.pack`` so that the same tree gives the same bytes.

Limits: one section (one page setup) per document; images are inline, centred.
"""
from __future__ import annotations

import datetime as _dt
import io
import unicodedata
from dataclasses import replace
from xml.sax.saxutils import escape, quoteattr

from .errors import InputError, Diagnostic
from .package import PLACEHOLDER, pack
from .styles import CharStyle, Family, ParagraphStyle
from .tree import Block, Document, Span

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
FONT_ALT = {  # w:altName for Word/WPS when the named font is missing
    "仿宋_GB2312": ("仿宋", "86"), "楷体_GB2312": ("楷体", "86"), "方正小标宋简体": ("宋体", "86"),
    "方正小标宋_GBK": ("宋体", "86"), "黑体": ("SimHei", "86"), "宋体": ("SimSun", "86"),
    "楷体": ("KaiTi", "86"), "仿宋": ("FangSong", "86"),
}


def char_style_id(key: str) -> str:
    return "Draft" + "".join(p.title() for p in key.split("_")) + "Char"


# --- styles.xml -------------------------------------------------------------------------
def _rfonts(east: str | None, latin: str | None) -> str:
    attrs = []
    if latin:
        attrs += [f'w:ascii="{latin}"', f'w:hAnsi="{latin}"', f'w:cs="{latin}"']
    if east:
        attrs.append(f"w:eastAsia={quoteattr(east)}")
    attrs.append('w:hint="eastAsia"')
    return f"<w:rFonts {' '.join(attrs)}/>"


def _ppr(s: ParagraphStyle) -> str:
    x = []
    if s.keep_next:
        x.append("<w:keepNext/>")
    if s.keep_lines:
        x.append("<w:keepLines/>")
    # no widow control: it would move single lines and break the 22-line grid
    x.append('<w:widowControl w:val="0"/>')
    if s.rule:  # a rule under the paragraph, 1.5 pt (a 简报's red line)
        x.append(f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="{s.rule}"/></w:pBdr>')
    # LibreOffice reads overflowPunct inverted; 1 keeps "，" from hanging past the margin
    x.append('<w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>')
    if not s.snap:
        x.append('<w:snapToGrid w:val="0"/>')
    if s.line:
        x.append(f'<w:spacing w:before="{s.before}" w:after="{s.after}" w:line="{s.line}" w:lineRule="exact"/>')
    else:
        x.append(f'<w:spacing w:before="{s.before}" w:after="{s.after}" w:line="240" w:lineRule="auto"/>')
    x.append(f'<w:ind w:left="{s.left}" w:right="{s.right}" w:firstLine="{s.first_line}"/>')
    x.append(f'<w:jc w:val="{s.align}"/>')
    if s.outline is not None:
        x.append(f'<w:outlineLvl w:val="{s.outline}"/>')
    return "<w:pPr>" + "".join(x) + "</w:pPr>"


def _rpr(east, latin, bold=False, size=None, condense=0, color=None) -> str:
    x = [_rfonts(east, latin)]
    if bold:
        x.append("<w:b/><w:bCs/>")
    if color:
        x.append(f'<w:color w:val="{color}"/>')
    if condense:
        x.append(f'<w:spacing w:val="{condense}"/>')
    if size:
        half = round(size * 2)
        x.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    x.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return "<w:rPr>" + "".join(x) + "</w:rPr>"


def _paragraph_style(s: ParagraphStyle, default: bool = False) -> str:
    sid = "Normal" if default else s.id
    name = "Normal" if default else s.name
    based = "" if default else f'<w:basedOn w:val="{s.based_on or "Normal"}"/>'
    flag = ' w:default="1"' if default else ' w:customStyle="1"'
    return (
        f'<w:style w:type="paragraph"{flag} w:styleId="{sid}"><w:name w:val={quoteattr(name)}/>{based}'
        f'<w:qFormat/>{_ppr(s)}{_rpr(s.east, s.latin, s.bold, s.size, s.condense, s.color)}</w:style>'
    )


def _char_style(key: str, c: CharStyle) -> str:
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{char_style_id(key)}">'
        f'<w:name w:val={quoteattr(c.name)}/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        f'{_rpr(c.east, c.latin, c.bold, c.size)}</w:style>'
    )


def styles_xml(f: Family) -> str:
    body = f.styles[f.kinds["paragraph"]]
    parts = [
        f'<w:styles {NSDECL}><w:docDefaults><w:rPrDefault>'
        f'{_rpr(body.east, body.latin, size=body.size)}</w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>',
        _paragraph_style(body, default=True),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    ]
    parts += [_paragraph_style(s) for s in f.styles.values()]
    parts.append(_paragraph_style(f.footer))
    parts += [_char_style(k, c) for k, c in f.chars.items()]
    parts.append("</w:styles>")
    return "".join(parts)


def _fonts(f: Family) -> set[str]:
    names = {s.east for s in f.styles.values()} | {f.footer.east}
    names |= {c.east for c in f.chars.values() if c.east}
    return names | {"Times New Roman"}


def font_table_xml(f: Family) -> str:
    rows = []
    for name in sorted(_fonts(f)):
        alt, charset = FONT_ALT.get(name, (None, "00"))
        alt_xml = f"<w:altName w:val={quoteattr(alt)}/>" if alt else ""
        rows.append(f"<w:font w:name={quoteattr(name)}>{alt_xml}<w:charset w:val=\"{charset}\"/></w:font>")
    return f"<w:fonts {NSDECL}>{''.join(rows)}</w:fonts>"


SETTINGS_XML = (
    f'<w:settings {NSDECL}><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
    "{even_odd}"
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
    "<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>"
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    '<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)


# --- measuring, for placement GB/T 9704 asks for ----------------------------------------
def text_width(text: str, size: float, condense: int = 0) -> int:
    """Approximate width in twips: CJK (and ambiguous-width) full, Latin and digits half."""
    total = 0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in "WFA"
        total += round(size * (20 if wide else 10)) + condense
    return total


def title_lines(text: str, capacity: float) -> list[str]:
    """Break a long title at sense units into balanced lines (7.3.1: not mid-word)."""
    def width(s: str) -> float:
        return text_width(s, 1) / 20

    if width(text) <= capacity:
        return [text]
    best = None
    for i in range(2, len(text) - 1):
        left, right = text[:i], text[i:]
        if width(left) > capacity:
            break
        a, b = text[i - 1], text[i]
        if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            continue  # never split a number or a Latin word
        if unicodedata.category(b).startswith("P") and b not in "“《（":
            continue  # no line starts with closing punctuation
        if a in " 　，、；：":
            penalty = 0.0
        elif text[i - 2:i] in ("报告", "情况", "意见", "方案", "通知", "综述") or a in "的暨":
            penalty = 0.5
        elif a in "年和与及" and not b.isdigit():
            penalty = 1.0
        elif b in "“《（" or text[i:i + 2] in ("关于", "推动", "加快", "全面"):
            penalty = 1.0
        else:
            penalty = 4.0
        score = 3 * penalty + abs(width(left) - width(right)) / 2
        if best is None or score < best[0]:
            best = (score, i)
    if best is None:
        return [text]
    i = best[1]
    head, rest = text[:i].rstrip(" 　"), text[i:].lstrip(" 　")
    return [head] + title_lines(rest, capacity)


def _line_starts(text: str, capacity: float) -> set[int]:
    starts, pos = set(), 0
    for k, line in enumerate(title_lines(text, capacity)):
        pos = text.find(line, pos)
        if k:
            starts.add(pos)
        pos += len(line)
    return starts


def _tracked_title_spans(spans: tuple[Span, ...], capacity: float) -> tuple[Span, ...]:
    """A title with tracked changes, broken into lines as each version alone would be: a
    break of the new version only is inserted, one of the old version only is deleted."""
    new_cuts = _line_starts("".join(s.text for s in spans if s.mark != "del"), capacity)
    old_cuts = _line_starts("".join(s.text for s in spans if s.mark != "ins"), capacity)
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


# --- body -------------------------------------------------------------------------------
def _run(text: str, rstyle: str | None = None, deleted: bool = False) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{rstyle}"/></w:rPr>' if rstyle else ""
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r>{rpr}<{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>'


# --- tracked changes (redline): spans and blocks carrying mark "ins" / "del" -------------
REVISION_AUTHOR = "draft"
REVISION_DATE = "2000-01-01T00:00:00Z"  # fixed: same trees, same bytes


class _Revisions:
    """Numbers tracked changes (w:id unique in the document) and wraps runs in w:ins / w:del."""

    def __init__(self):
        self.next_id = 1

    def attrs(self) -> str:
        rid = self.next_id
        self.next_id += 1
        return f'w:id="{rid}" w:author="{REVISION_AUTHOR}" w:date="{REVISION_DATE}"'

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


class _BodyWriter:
    def __init__(self, family: Family, docx_doc):
        self.f = family
        self.doc = docx_doc
        self.out: list[str] = []
        self.images = 0
        self.revisions = _Revisions()
        self.mark: str | None = None  # the current block's paragraph-mark revision
        self._rstyles: dict[tuple, str | None] = {}  # (role, level) -> character style id

    def _p(self, style: ParagraphStyle, runs: str, extra: str = "", page_break: bool = False,
           keep_next: bool = False) -> None:
        # pPr order: keepNext, pageBreakBefore, then spacing / ind / jc, the tracked mark (rPr) last
        extra = ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break else "") + extra
        mark = self.revisions.paragraph_mark(self.mark)
        self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{style.id}"/>{extra}{mark}</w:pPr>{runs}</w:p>')

    def _runs(self, block: Block) -> str:
        parts = []
        for s in block.spans:
            if s.role == "break":
                parts.append(self.revisions.wrap(s.mark, "<w:r><w:br/></w:r>"))
                continue
            key = (s.role, block.level)
            if key not in self._rstyles:
                c = self.f.char_for(s.role, block.level)
                self._rstyles[key] = char_style_id(_key(self.f, c)) if c else None
            run = _run(s.text, self._rstyles[key], deleted=s.mark == "del")
            parts.append(self.revisions.wrap(s.mark, run))
        return "".join(parts)

    def block(self, b: Block, nxt: Block | None, prev: Block | None) -> None:
        style = self.f.style_for(b.kind, b.level, b.style)
        self.mark = b.mark
        extra = ""
        if b.kind == "title":
            spans = b.spans
            if any(s.role == "break" for s in spans):
                runs = self._runs(b)
            elif any(s.mark for s in spans):
                runs = self._runs(replace(b, spans=_tracked_title_spans(spans, self.f.title_chars)))
            else:
                lines = title_lines(b.text, self.f.title_chars)
                runs = "<w:r><w:br/></w:r>".join(_run(line) for line in lines)
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
        if b.kind == "date":
            sig = prev if prev is not None and prev.kind == "signature" else None
            if sig is not None:
                sstyle = self.f.style_for("signature", 0, sig.style)
                ws = text_width(sig.text, sstyle.size, sstyle.condense)
                wd = text_width(b.text, style.size, style.condense)
                right = sstyle.right + (ws - wd) // 2 if ws >= wd else 4 * self.f.cjk_width
                extra = f'<w:ind w:right="{max(right, 0)}"/>'
        if b.kind == "attachment" and not b.attrs.get("first", True):
            label = text_width("附件：", style.size, style.condense)
            extra = f'<w:spacing w:before="0"/><w:ind w:firstLine="{style.first_line + label}"/>'
        elif b.kind == "attachment":
            extra = f'<w:spacing w:before="{style.line or 0}"/>'
        # the 附件说明 and the signature never start a page on their own: the end of the body goes with them
        keep = nxt is not None and nxt.kind in ("attachment", "signature") and b.kind not in ("signature", "date")
        self._p(style, self._runs(b), extra, bool(b.attrs.get("page_break")), keep)

    def _image(self, b: Block, style: ParagraphStyle) -> None:
        from docx.shared import Mm

        width_mm = b.attrs.get("width_mm") or 120
        inline = self.doc.part.new_pic_inline(b.attrs["path"], Mm(width_mm), None)
        self.images += 1
        inline.docPr.id = self.images
        inline.docPr.name = f"图片 {self.images}"
        from lxml import etree

        xml = etree.tostring(inline, encoding="unicode")
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
        widths = _column_widths(rows, align, lambda t: text_width(t, cell.size), total, header_rows)
        border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        borders = "".join(border.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        x = [f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
             f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>']
        x += [f'<w:gridCol w:w="{w}"/>' for w in widths]
        x.append("</w:tblGrid>")
        for r, row in enumerate(rows):
            head = r < header_rows
            row_mark = f"<w:{self.mark} {self.revisions.attrs()}/>" if self.mark else ""
            x.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if head else "") + row_mark + "</w:trPr>")
            for c, text in enumerate(row):
                jc = "center" if head else (align[c] if c < len(align) else "left")
                bold = '<w:rPr><w:b/><w:bCs/></w:rPr>' if head else ""
                tag = "w:delText" if self.mark == "del" else "w:t"
                run = f'<w:r>{bold}<{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>' if text else ""
                run = self.revisions.wrap(self.mark, run) if run else ""
                x.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{cell.id}"/><w:jc w:val="{jc}"/></w:pPr>{run}</w:p></w:tc>'
                )
            x.append("</w:tr>")
        x.append("</w:tbl>")
        self.out.append("".join(x))


def _column_widths(rows: list[list[str]], align: list[str], width, total: int, header_rows: int = 1) -> list[int]:
    """Column widths (twips) filling ``total``: each column its widest cell (bold header cells a
    tenth wider, plus the cell margins).  When the table is too wide, the left-aligned text
    columns give way first, down to six characters (they may wrap; numbers should not), then
    every column shrinks in proportion."""
    ncols = len(rows[0])
    pad = 260  # two cell margins of 108 and a little air
    need = [max(width(r[c]) * (11 if i < header_rows else 10) // 10 for i, r in enumerate(rows)) + pad
            for c in range(ncols)]
    over = sum(need) - total
    floor = width("国" * 6) + pad
    for c in range(ncols):
        if over > 0 and (align[c] if c < len(align) else "left") == "left" and need[c] > floor:
            give = min(over, need[c] - floor)
            need[c] -= give
            over -= give
    scale = total / max(sum(need), 1)
    widths = [int(n * scale) for n in need]
    widths[-1] += total - sum(widths)
    return widths


def _key(f: Family, c: CharStyle) -> str:
    for k, v in f.chars.items():
        if v is c:
            return k
    raise KeyError(c.id)


def _footer_xml(f: Family, align: str) -> str:
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
        f'{_run("— ")}{fld}{_run(" —")}</w:p>'
    )


# --- the package ------------------------------------------------------------------------
_base_cache: dict[str, bytes] = {}


def _base(f: Family) -> bytes:
    """An empty package with this family's styles, settings and fonts (built once)."""
    if f.name in _base_cache:
        return _base_cache[f.name]
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    d = docx.Document()
    part = d.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml", "/numbering", "/webSettings")):
            part.drop_rel(rid)
    pkg = part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rid]
    part._styles_part._element = parse_xml(styles_xml(f))
    part._settings_part._element = parse_xml(SETTINGS_XML.format(even_odd="<w:evenAndOddHeaders/>" if f.page.even_odd else ""))
    for rel in part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = font_table_xml(f).encode()
    app = [p for p in pkg.iter_parts() if p.partname == "/docProps/app.xml"][0]
    app._blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>draft</Application><DocSecurity>0</DocSecurity></Properties>"
    ).encode()
    sec = d.sections[0]
    p = f.page
    sec.page_width, sec.page_height = p.width * 635, p.height * 635  # twips -> EMU
    sec.top_margin, sec.bottom_margin = p.top * 635, p.bottom * 635
    sec.left_margin, sec.right_margin = p.left * 635, p.right * 635
    sec.header_distance, sec.footer_distance = p.header * 635, p.footer * 635
    sec.gutter = 0
    sect = sec._sectPr
    for grid in sect.findall(f"{{{W_NS}}}docGrid"):
        sect.remove(grid)  # no character grid (verified in LibreOffice)
    for attr in list(sect.attrib):
        del sect.attrib[attr]
    sec.footer.is_linked_to_previous = False
    _set_footer(sec.footer._element, _footer_xml(f, "right" if p.even_odd else "center"))
    if p.even_odd:
        sec.even_page_footer.is_linked_to_previous = False
        _set_footer(sec.even_page_footer._element, _footer_xml(f, "left"))
    buf = io.BytesIO()
    d.save(buf)
    _base_cache[f.name] = buf.getvalue()
    return _base_cache[f.name]


_reader_cache: dict[str, object] = {}


def _open_base(f: Family):
    """A fresh python-docx Document of the base package, without re-reading its zip: the
    package's serialized parts are read once per family (what ``docx.Document(file)`` does)."""
    from docx.opc.package import Unmarshaller
    from docx.opc.part import PartFactory
    from docx.opc.pkgreader import PackageReader
    from docx.package import Package

    if f.name not in _reader_cache:
        _reader_cache[f.name] = PackageReader.from_file(io.BytesIO(_base(f)))
    pkg = Package()
    Unmarshaller.unmarshal(_reader_cache[f.name], pkg, PartFactory)
    return pkg.main_document_part.document


def _set_footer(element, xml: str) -> None:
    from docx.oxml import parse_xml

    for child in list(element):
        element.remove(child)
    element.append(parse_xml(xml))


def _custom_xml(doc: Document, version: str) -> bytes:
    props = [("draft-fingerprint", PLACEHOLDER), ("draft-version", version), ("draft-type", doc.type_name)]
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


TREE_NS = "urn:draft:document-tree:1"
TREE_ITEM_ID = "{6F1C2D3E-8A7B-4C5D-9E0F-D2AF7D0C0001}"  # fixed: same tree, same bytes


def _embed_tree(d, doc: Document) -> None:
    """Store the document tree as a custom XML data part (ECMA-376 Part 1, 15.2.4/15.2.5).

    ``word/document.xml`` --customXml--> ``customXml/item1.xml`` (the tree's JSON in one
    element of our namespace) --customXmlProps--> ``customXml/itemProps1.xml``.  Word and
    LibreOffice keep such parts and ignore what they do not bind; ``draft diff`` reads it
    back to recover the exact structure (see ``docx_reader``).
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    pkg = d.part.package
    # pictures by file name only: no folder of the writer's machine in the file, same XML everywhere
    portable = replace(doc, blocks=[
        replace(b, attrs={**b.attrs, "path": b.attrs["path"].replace("\\", "/").rsplit("/", 1)[-1]})
        if b.kind == "image" and b.attrs.get("path") else b for b in doc.blocks])
    item = Part(PackURI("/customXml/item1.xml"), "application/xml",
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<tree xmlns="{TREE_NS}">{escape(portable.to_json())}</tree>'.encode(), pkg)
    props = Part(
        PackURI("/customXml/itemProps1.xml"), "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
        ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
         f'<ds:datastoreItem ds:itemID="{TREE_ITEM_ID}" '
         'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
         f'<ds:schemaRefs><ds:schemaRef ds:uri="{TREE_NS}"/></ds:schemaRefs></ds:datastoreItem>').encode(), pkg)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    d.part.relate_to(item, RT.CUSTOM_XML)


def write(doc: Document, family: Family, when: _dt.datetime, embed_tree: bool = True) -> bytes:
    """Render ``doc`` to DOCX bytes; ``when`` fixes every date in the package.

    The tree is embedded (for ``draft diff``) unless ``embed_tree`` is false, as for a
    redline, whose tree carries tracked changes and is no document's own structure.
    """
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    from . import __version__

    check_text(doc)
    d = _open_base(family)
    body = d.element.body
    writer = _BodyWriter(family, d)
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        writer.block(b, blocks[i + 1] if i + 1 < len(blocks) else None, blocks[i - 1] if i else None)
    if writer.out:
        fragment = parse_xml(f"<w:body {NSDECL}>{''.join(writer.out)}</w:body>")
        sect = body[-1]
        for el in list(fragment):
            sect.addprevious(el)
    cp = d.core_properties
    meta = doc.meta
    cp.title = meta.get("title", "")
    cp.author = meta.get("author", "")
    cp.subject = meta.get("subject", doc.type_name)
    cp.comments = ""
    cp.keywords = ""
    cp.last_modified_by = "draft"
    cp.revision = 1
    naive = when.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    cp.created = cp.modified = naive
    pkg = d.part.package
    custom = Part(PackURI("/docProps/custom.xml"), CUSTOM_CT, _custom_xml(doc, __version__), pkg)
    pkg.relate_to(custom, CUSTOM_RT)
    if embed_tree:
        _embed_tree(d, doc)
    return pack(_entries(pkg), when)


class _Entries:
    """Stands in for python-docx's zip writer: keeps (name, bytes) in order, compresses nothing."""

    def __init__(self):
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


def _entries(pkg) -> list[tuple[str, bytes]]:
    """What ``pkg.save()`` would zip, in its order, without zipping it: ``package.pack``
    compresses once instead of twice (save, then re-zip)."""
    from docx.opc.pkgwriter import PackageWriter

    for part in pkg.parts:
        part.before_marshal()
    out = _Entries()
    PackageWriter._write_content_types_stream(out, pkg.parts)
    PackageWriter._write_pkg_rels(out, pkg.rels)
    PackageWriter._write_parts(out, pkg.parts)
    return out.items


def check_text(doc: Document) -> None:
    """Refuse text XML cannot hold, also in table cells (the loader refuses it in YAML; this
    guards text a plugin's schema builds itself)."""
    from .xmlchars import first_illegal, illegal_message

    def texts(b):
        return [s.text for s in b.spans] + [cell for row in b.attrs.get("rows") or () for cell in row]

    if first_illegal("".join(t for b in doc.blocks for t in texts(b))) is None:
        return  # the common case: one search over everything
    for b in doc.blocks:
        for t in texts(b):
            bad = first_illegal(t)
            if bad is not None:
                raise InputError(Diagnostic(illegal_message(t[bad]), path=b.src))
