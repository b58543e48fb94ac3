"""A style family's numbers as WordprocessingML: ``styles.xml``, ``fontTable.xml`` and
``settings.xml`` (whole parts, spelled out here), and the character style id of a span role.
Strings only: no python-docx."""
from __future__ import annotations

from .docx_names import NSDECL, char_style_id
from .styles import CharStyle, Family, ParagraphStyle
from .xmlchars import quoteattr

FONT_ALT = {  # w:altName for Word/WPS when the named font is missing
    "仿宋_GB2312": ("仿宋", "86"), "楷体_GB2312": ("楷体", "86"), "方正小标宋简体": ("宋体", "86"),
    "方正小标宋_GBK": ("宋体", "86"), "黑体": ("SimHei", "86"), "宋体": ("SimSun", "86"),
    "楷体": ("KaiTi", "86"), "仿宋": ("FangSong", "86"),
}


def _rfonts(east: str | None, latin: str | None) -> str:
    attrs = []
    if latin:
        attrs += [f"w:{slot}={quoteattr(latin)}" for slot in ("ascii", "hAnsi", "cs")]
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


def _rpr(east, latin, bold=False, size=None, condense=0, color=None, explicit=False) -> str:
    """``explicit``: the character spacing even when 0 (a style that must not inherit another
    family's condensed Normal, in a 汇编)."""
    x = [_rfonts(east, latin)]
    if bold:
        x.append("<w:b/><w:bCs/>")
    if color:
        x.append(f'<w:color w:val="{color}"/>')
    if condense or explicit:
        x.append(f'<w:spacing w:val="{condense}"/>')
    if size:
        half = round(size * 2)
        x.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    x.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return "<w:rPr>" + "".join(x) + "</w:rPr>"


def _paragraph_style(s: ParagraphStyle, default: bool = False, explicit: bool = False) -> str:
    sid = "Normal" if default else s.id
    name = "Normal" if default else s.name
    based = "" if default else f'<w:basedOn w:val="{s.based_on or "Normal"}"/>'
    flag = ' w:default="1"' if default else "" if s.builtin else ' w:customStyle="1"'
    return (
        f'<w:style w:type="paragraph"{flag} w:styleId="{sid}"><w:name w:val={quoteattr(name)}/>{based}'
        f'<w:qFormat/>{_ppr(s)}{_rpr(s.east, s.latin, s.bold, s.size, s.condense, s.color, explicit)}</w:style>'
    )


def _char_style(key: str, c: CharStyle, prefix: str) -> str:
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{char_style_id(key, prefix)}">'
        f'<w:name w:val={quoteattr(c.name)}/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        f'{_rpr(c.east, c.latin, c.bold, c.size)}</w:style>'
    )


def styles_xml(f: Family, *others: Family) -> str:
    """The styles part of ``f``; in a 汇编, ``others`` add their styles to it: Normal and the defaults
    stay ``f``'s, a style the part already has (same id, same definition) is written once, and the
    others' styles state their character spacing, so none inherits ``f``'s condensed Normal.  Two
    different styles of one id are a ValueError (the 汇编 renames them first)."""
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
    written: dict[str, str] = {}
    for fam in (f, *others):
        explicit = fam.name != f.name
        styles = [*(_paragraph_style(s, explicit=explicit) for s in (*fam.styles.values(), fam.footer)),
                  *(_char_style(k, c, fam.char_prefix) for k, c in fam.chars.items())]
        for xml in styles:
            sid = xml.split('w:styleId="', 1)[1].split('"', 1)[0]
            if written.get(sid, xml) != xml:
                raise ValueError(f"style id {sid} stands for two different styles")
            if sid not in written:
                written[sid] = xml
                parts.append(xml)
    parts.append("</w:styles>")
    return "".join(parts)


def char_style_ref(f: Family, c: CharStyle) -> str:
    """The style id of ``c``, one of ``f``'s character styles."""
    for k, v in f.chars.items():
        if v is c:
            return char_style_id(k, f.char_prefix)
    raise KeyError(c.id)


def _fonts(*families: Family) -> set[str]:
    styles = [s for f in families for s in (*f.styles.values(), f.footer, *f.chars.values())]
    names = {name for s in styles for name in (s.east, s.latin) if name}
    return names | {"Times New Roman"}


def font_table_xml(*families: Family) -> str:
    rows = []
    for name in sorted(_fonts(*families)):
        alt, charset = FONT_ALT.get(name, (None, "00"))
        alt_xml = f"<w:altName w:val={quoteattr(alt)}/>" if alt else ""
        rows.append(f"<w:font w:name={quoteattr(name)}>{alt_xml}<w:charset w:val=\"{charset}\"/></w:font>")
    return f"<w:fonts {NSDECL}>{''.join(rows)}</w:fonts>"


_SETTINGS = (
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


def settings_xml(*families: Family) -> str:
    """Odd and even footers when any family has them (a 汇编 of both: each section states both)."""
    return _SETTINGS.format(even_odd="<w:evenAndOddHeaders/>" if any(f.page.even_odd for f in families) else "")
