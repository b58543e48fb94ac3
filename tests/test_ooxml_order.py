"""Issue 9: the parts we write are well-formed and their elements come in the schema's order.

Word refuses ("unreadable content") a part whose children are out of the order the schema's
xsd:sequence gives; LibreOffice and WPS are lenient, so nothing else would notice.  The order
lists below are ECMA-376 Part 1 (transitional) sequences, written out here, not taken from our
code.  An element not in its list is an error too (a typo or an element of another parent).
Also guarded: the Word/WPS settings docs/office-compat.md explains.
"""
from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from conftest import EXAMPLES, run_draft

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PPR = """pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr
shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi
adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection
textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"""
RPR = """ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow
emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u
effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange"""
SECTPR = """headerReference|footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders
lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid
printerSettings sectPrChange"""
SETTINGS = """writeProtection view zoom removePersonalInformation removeDateAndTime
doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth
printFormsData embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins
alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors
hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles
stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView trackRevisions
doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme styleLockQFSet
defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope
summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting
bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing
displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin
drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning
characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore
savePreviewPicture doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText
doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags
alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr
attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures
forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags
decimalSymbol listSeparator"""
COMPAT = """useSingleBorderforContiguousCells wpJustification noTabHangInd noLeading spaceForUL
noColumnBalance balanceSingleByteDoubleByteWidth noExtraLineSpacing doNotLeaveBackslashAlone ulTrailSpace
doNotExpandShiftReturn spacingInWholePoints lineWrapLikeWord6 printBodyTextBeforeHeader printColBlack
wpSpaceWidth showBreaksInFrames subFontBySize suppressBottomSpacing suppressTopSpacing
suppressSpacingAtTopOfPage suppressTopSpacingWP suppressSpBfAfterPgBrk swapBordersFacingPages
convMailMergeEsc truncateFontHeightsLikeWP6 mwSmallCaps usePrinterMetrics doNotSuppressParagraphBorders
wrapTrailSpaces footnoteLayoutLikeWW8 shapeLayoutLikeWW8 alignTablesRowByRow forgetLastTabAlignment
adjustLineHeightInTable autoSpaceLikeWord95 noSpaceRaiseLower doNotUseHTMLParagraphAutoSpacing
layoutRawTableWidth layoutTableRowsApart useWord97LineBreakRules doNotBreakWrappedTables
doNotSnapToGridInCell selectFldWithFirstOrLastChar applyBreakingRules doNotWrapTextWithPunct
doNotUseEastAsianBreakRules useWord2002TableStyleRules growAutofit useFELayout useNormalStyleForList
doNotUseIndentAsNumberingTabStop useAltKinsokuLineBreakRules allowSpaceOfSameStyleInTable
doNotSuppressIndentation doNotAutofitConstrainedTables autofitToFirstFixedWidthCell
underlineTabInNumList displayHangulFixedWidth splitPgBreakAndParaMark doNotVertAlignCellWithSp
doNotBreakConstrainedForcedTable doNotVertAlignInTxbx useAnsiKerningPairs cachedColBalance compatSetting"""
STYLE = """name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat
locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"""
FONT = "altName panose1 charset family notTrueType pitch sig embedRegular embedBold embedItalic embedBoldItalic"

ORDER = {
    name: [alt.split("|") for alt in seq.split()]
    for name, seq in {"pPr": PPR, "rPr": RPR, "sectPr": SECTPR, "settings": SETTINGS, "compat": COMPAT,
                      "style": STYLE, "font": FONT}.items()
}
PARTS = ("word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml")
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def rank(parent: str, child: str) -> int:
    for i, names in enumerate(ORDER[parent]):
        if child in names:
            return i
    raise AssertionError(f"<w:{child}> is not a child of <w:{parent}> in the schema")


def order_errors(root) -> list[str]:
    errors = []
    for el in root.iter(f"{{{W}}}*"):
        parent = etree.QName(el).localname
        if parent not in ORDER or el.getparent() is not None and etree.QName(el.getparent()).localname == "rPrChange":
            continue
        last = -1
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            try:
                r = rank(parent, name)
            except AssertionError as exc:
                errors.append(str(exc))
                continue
            if r < last:
                errors.append(f"<w:{name}> comes too late in <w:{parent}>: {[etree.QName(c).localname for c in el]}")
            last = max(last, r)
    return errors


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """Each example's XML parts, and whether its family prints odd/even page numbers."""
    from drafting import styles
    from drafting.pipeline import build

    out = {}
    folder = tmp_path_factory.mktemp("docx")
    for name in EXAMPLE_NAMES:
        target = folder / name.replace(".yaml", ".docx")
        proc = run_draft("render", EXAMPLES / name, "-o", target)
        assert proc.returncode == 0, proc.stderr
        with zipfile.ZipFile(target) as z:
            parts = {n: z.read(n) for n in z.namelist() if n.endswith(".xml") or n.endswith(".rels")}
        out[name] = parts, styles.get(build(EXAMPLES / name).doc.family).page.even_odd
    return out


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_parts_well_formed_and_in_schema_order(packages, name):
    parts, even_odd = packages[name]
    footers = [n for n in parts if n.startswith("word/footer")]
    sections = parts["word/document.xml"].count(b"<w:sectPr")  # a 版记 has a section of its own
    assert len(footers) == (2 if even_odd else 1) * sections  # 公文: odd and even page numbers (7.5)
    for part in [*PARTS, *footers]:
        root = etree.fromstring(parts[part])  # raises on a part that is not well-formed
        assert order_errors(root) == [], part
    for data in parts.values():
        etree.fromstring(data)


def test_order_check_catches_a_misplaced_element():
    """The checker itself: keepNext after spacing, and an element of the wrong parent."""
    bad = etree.fromstring(
        f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="a"/><w:spacing w:line="579"/><w:keepNext/></w:pPr>'
        '<w:r><w:rPr><w:sz w:val="32"/><w:rFonts w:eastAsia="黑体"/><w:jc w:val="left"/></w:rPr></w:r></w:p>'
    )
    errors = order_errors(bad)
    assert any("keepNext" in e for e in errors)
    assert any("rFonts" in e for e in errors)
    assert any("<w:jc> is not a child of <w:rPr>" in e for e in errors)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_word_and_wps_guards(packages, name):
    """What docs/office-compat.md says we write for Word and WPS is there."""
    parts, even_odd = packages[name]
    ns = {"w": W}
    settings = etree.fromstring(parts["word/settings.xml"])
    mode = settings.find("w:compat/w:compatSetting[@w:name='compatibilityMode']", ns)
    assert mode is not None and mode.get(f"{{{W}}}val") == "15"
    assert (settings.find("w:evenAndOddHeaders", ns) is not None) == even_odd
    assert settings.find("w:themeFontLang", ns).get(f"{{{W}}}eastAsia") == "zh-CN"
    fonts = etree.fromstring(parts["word/fontTable.xml"])
    for font in fonts.findall("w:font", ns):
        if any(ord(c) > 127 for c in font.get(f"{{{W}}}name")):  # a Chinese font name
            assert font.find("w:altName", ns) is not None, font.get(f"{{{W}}}name")
            assert font.find("w:charset", ns).get(f"{{{W}}}val") == "86"  # GB2312 charset
    styles = etree.fromstring(parts["word/styles.xml"])
    for style in styles.findall("w:style[@w:type='paragraph']", ns):
        ppr, rpr = style.find("w:pPr", ns), style.find("w:rPr", ns)
        sid = style.get(f"{{{W}}}styleId")
        assert rpr.find("w:lang", ns).get(f"{{{W}}}eastAsia") == "zh-CN", sid
        assert rpr.find("w:rFonts", ns).get(f"{{{W}}}hint") == "eastAsia", sid
        assert rpr.find("w:rFonts", ns).get(f"{{{W}}}eastAsia"), sid
        assert ppr.find("w:overflowPunct", ns).get(f"{{{W}}}val") == "1", sid
        assert ppr.find("w:autoSpaceDE", ns).get(f"{{{W}}}val") == "0", sid
    document = etree.fromstring(parts["word/document.xml"])
    assert document.find(".//w:sectPr/w:docGrid", ns) is None  # no character grid
