"""The DOCX package through python-docx's public API: the base package of a style family
(built once: page setup, footers, our styles / settings / font table) or of a 汇编 (a section a
page kind, ``bundle_base``), a fresh document on it per render, pictures, core and custom
properties, the embedded document tree, and the parts it saves.  The only python-docx user.

Parts whose whole XML is ours (styles, settings, font table, ``docProps/app.xml``) have no
python-docx API: their bytes are put into the saved base at zip level (``package.replace_entries``),
serialised as python-docx would, so that opening and saving the base again keeps them byte for byte.
"""
from __future__ import annotations

import datetime as _dt
import io
import re

from lxml import etree

from .docx_body import Picture, footer_xml
from .docx_names import NSDECL, W_NS
from .docx_parts import APP_XML, CUSTOM_CT, CUSTOM_RT, TREE_ITEM, TREE_PROPS_XML, custom_xml, tree_item_xml
from .docx_styles import font_table_xml, settings_xml, styles_xml
from .package import read_parts, replace_entries
from .styles import Family
from .tree import Document

W = f"{{{W_NS}}}"


def _part_xml(xml: str) -> bytes:
    """``xml`` as python-docx serialises an XML part (so a load and save keeps the bytes)."""
    return etree.tostring(etree.fromstring(xml), encoding="UTF-8", standalone=True)


def _set_footer(element, xml: str) -> None:
    for child in list(element):
        element.remove(child)
    element.append(etree.fromstring(xml))


_bases: dict[tuple, bytes] = {}


def base(f: Family, colophon: bool = False) -> bytes:
    """An empty package with this family's page setup, footers, styles, settings and fonts
    (built once per family and python-docx version).  With ``colophon``, a second section for
    the 版记 (GB/T 9704 7.4, 7.5): it starts on an even page and its footers are empty (the
    版记 page carries no page number); the first section's properties wait in an empty
    paragraph for ``set_body`` to move them to the end of the text."""
    import docx
    from docx.enum.section import WD_SECTION

    key = (f.name, f.variant, docx.__version__, colophon)
    if key in _bases:
        return _bases[key]
    d, names = _fresh(f)
    sec = d.sections[0]
    _set_page(sec, f.page)
    _number_footers(sec, f, f.page.even_odd)
    if colophon:
        _empty_footers(d.add_section(WD_SECTION.EVEN_PAGE), f, f.page.even_odd)
    _bases[key] = _saved(d, names)
    return _bases[key]


def _fresh(*families: Family) -> tuple[object, dict[str, bytes]]:
    """python-docx's default document without the parts we do not write (``_drop_unused``), its
    section's properties bare (no character grid: verified in LibreOffice; no attributes), and
    the parts whose XML is ours for ``families`` (``_our_parts``)."""
    import docx

    d = docx.Document()
    _drop_unused(d)
    names = _our_parts(d, *families)
    sect = d.element.body.find(f"{W}sectPr")
    for grid in sect.findall(f"{W}docGrid"):
        sect.remove(grid)
    for attr in list(sect.attrib):
        del sect.attrib[attr]
    return d, names


def _saved(d, names: dict[str, bytes]) -> bytes:
    """``d`` as python-docx saves it, with our parts put in (``package.replace_entries``)."""
    buf = io.BytesIO()
    d.save(buf)
    return replace_entries(buf.getvalue(), names)


def _our_parts(d, f: Family, *others: Family) -> dict[str, bytes]:
    """The parts whose whole XML is ours, by zip name: styles, settings, font table (of ``f`` and,
    in a 汇编, ``others``), app properties."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    ours = {RT.STYLES: _part_xml(styles_xml(f, *others)), RT.SETTINGS: _part_xml(settings_xml(f, *others)),
            RT.FONT_TABLE: font_table_xml(f, *others).encode()}
    names = {rel.target_part.partname.membername: ours[rel.reltype]
             for rel in d.part.rels.values() if rel.reltype in ours}
    names.update({rel.target_part.partname.membername: APP_XML
                  for rel in d.part.package.rels.values() if rel.reltype == RT.EXTENDED_PROPERTIES})
    return names


def _set_page(sec, p) -> None:
    """A section's page size, margins and header/footer distances (``styles.Page``, twips)."""
    sec.page_width, sec.page_height = p.width * 635, p.height * 635  # twips -> EMU
    sec.top_margin, sec.bottom_margin = p.top * 635, p.bottom * 635
    sec.left_margin, sec.right_margin = p.left * 635, p.right * 635
    sec.header_distance, sec.footer_distance = p.header * 635, p.footer * 635
    sec.gutter = 0


def _number_footers(sec, f: Family, even: bool) -> None:
    """The family's page-number footers; with ``even``, an even-page footer too (left in a 公文,
    as the odd one elsewhere)."""
    sec.footer.is_linked_to_previous = False
    _set_footer(sec.footer.part.element, footer_xml(f, "right" if f.page.even_odd else "center"))
    if even:
        sec.even_page_footer.is_linked_to_previous = False
        _set_footer(sec.even_page_footer.part.element, footer_xml(f, "left" if f.page.even_odd else "center"))


def _empty_footers(sec, f: Family, even: bool) -> None:
    """Footers without a page number (a 版记 page, a 汇编's cover and 目录)."""
    empty = f'<w:p {NSDECL}><w:pPr><w:pStyle w:val="{f.footer.id}"/></w:pPr></w:p>'
    for footer in (sec.footer, sec.even_page_footer) if even else (sec.footer,):
        footer.is_linked_to_previous = False
        _set_footer(footer.part.element, empty)


def bundle_base(families: tuple[Family, ...]) -> bytes:
    """A 汇编's empty package (built once per set of families): one styles part holding every
    family's styles (``docx_styles.styles_xml``), and a section for each page kind — the front
    matter (the first family's page, no page numbers), then each further family's page with its
    own footers, odd and even (the settings ask for both when any family has them, so each section
    states both).  ``open_bundle`` gives their properties to the body writer to copy."""
    import docx
    from docx.enum.section import WD_SECTION

    key = ("汇编", tuple((f.name, f.variant, f.char_prefix) for f in families), docx.__version__)
    if key in _bases:
        return _bases[key]
    d, names = _fresh(*families)
    even = any(f.page.even_odd for f in families)
    _set_page(d.sections[0], families[0].page)
    _empty_footers(d.sections[0], families[0], even)
    for f in families[1:]:
        sec = d.add_section(WD_SECTION.NEW_PAGE)
        _set_page(sec, f.page)
        _number_footers(sec, f, even)
    _bases[key] = _saved(d, names)
    return _bases[key]


def open_bundle(families: tuple[Family, ...]) -> tuple[object, list[str]]:
    """A fresh python-docx ``Document`` on ``bundle_base`` with an empty body, and the section
    properties (``w:sectPr`` XML, no start type) of the front matter and of each further family,
    in order."""
    import docx

    d = docx.Document(io.BytesIO(bundle_base(families)))
    body = d.element.body
    found = [*body.findall(f"{W}p/{W}pPr/{W}sectPr"), body.find(f"{W}sectPr")]
    templates = []
    for sect in found:
        for kind in sect.findall(f"{W}type"):
            sect.remove(kind)
        templates.append(_NSDECLS.sub("", etree.tostring(sect, encoding="unicode")))
    for child in list(body):
        body.remove(child)
    return d, templates


_NSDECLS = re.compile(r' xmlns:\w+="[^"]*"')


def set_sections(d, xml: str) -> None:
    """The body of a document from ``open_bundle``: paragraphs and tables with the section
    properties in them, the last section's (a ``w:sectPr``) at the end."""
    body = d.element.body
    for el in etree.fromstring(f"<w:body {NSDECL}>{xml}</w:body>"):
        body.append(el)


def _drop_unused(d) -> None:
    """The default template's parts we do not write: stylesWithEffects, numbering, web settings,
    custom XML, the thumbnail."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = d.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml", "/numbering", "/webSettings")):
            part.drop_rel(rid)
    pkg = part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rid]


def open_base(f: Family, colophon: bool = False):
    """A fresh python-docx ``Document`` of the family's base package (``base``)."""
    import docx

    return docx.Document(io.BytesIO(base(f, colophon)))


def picture(d) -> Picture:
    """Adds pictures to ``d``'s package; gives their inline XML for the body."""
    from docx.shared import Mm

    def add(path: str, width_mm: float, number: int) -> str:
        inline = d.part.new_pic_inline(path, Mm(width_mm), None)
        inline.docPr.id = number
        inline.docPr.name = f"图片 {number}"
        return etree.tostring(inline, encoding="unicode")

    return add


def set_body(d, xml: str) -> None:
    """Put body XML (paragraphs and tables) before the section properties (``insert_body``)."""
    insert_body(d.element.body, xml)


def insert_body(body, xml: str) -> None:
    """Put body XML (paragraphs and tables) into the ``w:body`` element ``body``, before its
    section properties.  A section break placeholder (``docx_body.SECTION_BREAK``, before the
    版记) takes the first section's properties, which a base made for a 版记 keeps in its first,
    empty paragraph."""
    if not xml:
        return
    sect = body[-1]
    fragment = etree.fromstring(f"<w:body {NSDECL}>{xml}</w:body>")
    placeholder = fragment.find(f".//{W}pPr/{W}sectPr")  # SECTION_BREAK
    if placeholder is not None:
        waiting = body.find(f"{W}p/{W}pPr/{W}sectPr")
        if waiting is None:
            raise ValueError("a 版记 needs the base made for it (open_base(f, colophon=True))")
        holder = waiting.getparent().getparent()
        placeholder.getparent().replace(placeholder, waiting)
        body.remove(holder)
    for el in fragment:
        sect.addprevious(el)


def set_properties(d, doc: Document, when: _dt.datetime, version: str) -> None:
    """Core properties from the document's meta, all dated ``when``; draft's custom properties."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    cp = d.core_properties
    meta = doc.meta
    cp.title = meta.get("title", "")
    cp.author = meta.get("author", "")
    cp.subject = meta.get("subject", doc.type_name)
    cp.comments = ""
    cp.keywords = ""
    cp.last_modified_by = "draft"
    cp.revision = 1
    cp.created = cp.modified = when.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    pkg = d.part.package
    pkg.relate_to(Part(PackURI("/docProps/custom.xml"), CUSTOM_CT, custom_xml(doc, version), pkg), CUSTOM_RT)


def embed_tree(d, doc: Document) -> None:
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
    item = Part(PackURI("/" + TREE_ITEM), "application/xml", tree_item_xml(doc), pkg)
    props = Part(PackURI("/customXml/itemProps1.xml"),
                 "application/vnd.openxmlformats-officedocument.customXmlProperties+xml", TREE_PROPS_XML, pkg)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    d.part.relate_to(item, RT.CUSTOM_XML)


def entries(d) -> list[tuple[str, bytes]]:
    """The parts python-docx saves for ``d``, as (name, content) in its order."""
    buf = io.BytesIO()
    d.save(buf)
    return list(read_parts(buf).items())
