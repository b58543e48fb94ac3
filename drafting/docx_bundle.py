"""A 汇编's tree (``bundle.assemble``) as one DOCX: the cover and the 目录 in a section without page
numbers, then each section in a section of its own — its family's page size, margins, footers and
styles (the families' styles in one styles part, ``docx_styles.styles_xml``) — starting on a new or
an odd page; the body's page numbers run "— 1 —", "— 2 —" … from the first section to the last.

The 目录 is a Word TOC field whose cached result lists the blocks marked ``attrs["toc"]`` with
hyperlinks to bookmarks on them and PAGEREF fields holding the page numbers ``meta["bundle"]["pages"]``
gives (left empty, and the field marked dirty so that Word updates it, when they are not known).
Word's update gives the same list: the field collects the families' title styles (and level-1
heading styles when the 目录 lists headings) by name.

Sections share no style ids that mean different things: each family's character styles take its
own prefix (``Family.char_prefix``), and a named style two types declare differently is renamed.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace

from . import docx_package, styles
from .docx_body import BodyWriter, Revisions, bookmark_name, run
from .measure import title_lines
from .package import pack
from .styles import Family
from .tree import Block, Document, Span
from .xmlchars import escape, quoteattr

COVER_TITLE_CHARS = 15  # 156 mm at 26 pt is 17 characters: balanced lines of at most 15


def front_family() -> Family:
    """The 公文 family with the cover's and the 目录's styles (``styles.FRONT_STYLES``)."""
    g = styles.GONGWEN
    return g._replace(styles={**g.styles, **styles.FRONT_STYLES}, variant="汇编")


def section_family(section: dict) -> Family:
    """A section's family: its named styles added, its character styles under its own prefix."""
    f = styles.derive(styles.get(section["family"]), section.get("named_styles"))
    return f._replace(char_prefix=f.id_prefix)


def _distinct(families: list[Family]) -> list[Family]:
    """The families with every style id meaning one thing: a named style that an earlier family
    has under the same id but defined otherwise takes an id (and a name) of its own."""
    seen: dict[str, styles.ParagraphStyle] = {}
    out = []
    for f in families:
        renamed = {}
        for name, s in f.styles.items():
            if s.id in seen and seen[s.id] != s:
                tag = hashlib.sha1(f"{f.name}{f.variant}".encode()).hexdigest()[:4]
                s = s._replace(id=f"{s.id}{tag}", name=f"{s.name}（{f.name}{tag}）")
            seen.setdefault(s.id, s)
            renamed[name] = s
        out.append(f._replace(styles=renamed))
    return out


def _sections(doc: Document) -> list[tuple[dict, list[Block]]]:
    """The tree cut into its sections (a new one where ``attrs["unit"]`` changes), each with its
    entry of ``meta["bundle"]["sections"]`` (a unit the list lacks, as in a redline, goes on in the
    section before)."""
    info = {s["unit"]: s for s in doc.meta["bundle"]["sections"]}
    out: list[tuple[dict, list[Block]]] = []
    for b in doc.blocks:
        unit = b.attrs.get("unit")
        if not out or (unit != out[-1][0]["unit"] and unit in info):
            out.append((info.get(unit) or {"unit": unit, "family": "公文"}, []))
        out[-1][1].append(b)
    return out


def _section_properties(template: str, odd: bool, first: bool) -> str:
    """A section's ``w:sectPr`` from its family's template: how it starts (the next page or the next
    odd page) and, for the body's first section, page numbers from 1."""
    kind = f'<w:type w:val="{"oddPage" if odd else "nextPage"}"/>'
    xml = template.replace("<w:pgSz", kind + "<w:pgSz", 1)
    if first:
        xml = xml.replace("<w:cols", '<w:pgNumType w:start="1"/><w:cols', 1)
    return xml


def _cover(bundle: dict) -> list[Block]:
    from .bundle import cover_lines

    styles_of = {"period": "汇编封面期间", "publisher": "汇编封面编印单位", "date": "汇编封面日期"}
    blocks = []
    for what, text in cover_lines(bundle):
        if what == "title":
            spans: list[Span] = []
            for i, line in enumerate(title_lines(text, COVER_TITLE_CHARS)):
                spans += ([Span("", "break")] if i else []) + [Span(line)]
            blocks.append(Block("title", tuple(spans), style="汇编封面标题"))
        else:
            blocks.append(Block("subtitle" if what == "period" else "paragraph", (Span(text),), style=styles_of[what]))
    return blocks


def _fld(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def _instr(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve"> {escape(text)} </w:instrText></w:r>'


def toc_paragraphs(entries: list[tuple[int, str, int | None]], families: list[Family], headings: bool,
                   width: int) -> list[str]:
    """The 目录's paragraphs: its heading on a new page, then a TOC field whose result is ``entries``
    — (level, text, page) with bookmark numbers 1, 2 … in order — then an empty paragraph."""
    front = front_family()
    names = sorted({f.styles[f.kinds["title"]].name for f in families})
    if headings:
        names += sorted({f.styles[f.kinds["heading1"]].name for f in families})
    levels = ",".join(f"{n},{1 if any(f.styles[f.kinds['title']].name == n for f in families) else 2}" for n in names)
    dirty = any(page is None for _, _, page in entries)
    begin = '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>' if dirty else _fld("begin")
    head = front.styles["汇编目录标题"]
    out = [f'<w:p><w:pPr><w:pStyle w:val="{head.id}"/><w:pageBreakBefore/></w:pPr>{run("目录")}</w:p>']
    tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{width}"/></w:tabs>'
    for n, (level, text, page) in enumerate(entries, 1):
        style = front.styles["toc 1" if level == 1 else "toc 2"]
        field = (begin + _instr(f'TOC \\h \\z \\t "{levels}"') + _fld("separate")) if n == 1 else ""
        number = run(str(page)) if page is not None else ""
        ref = (_fld("begin") + _instr(f"PAGEREF {bookmark_name(n)} \\h") + _fld("separate") + number + _fld("end"))
        end = _fld("end") if n == len(entries) else ""
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{style.id}"/>{tab}</w:pPr>{field}'
                   f'<w:hyperlink w:anchor={quoteattr(bookmark_name(n))} w:history="1">'
                   f'{run(text)}<w:r><w:tab/></w:r>{ref}</w:hyperlink>{end}</w:p>')
    # the front matter's section ends in a paragraph of its own, after the field (LibreOffice loses
    # a section break inside the field's last paragraph)
    out.append(f'<w:p><w:pPr><w:pStyle w:val="{front.styles["toc 1"].id}"/></w:pPr></w:p>')
    return out


def write(doc: Document, options, version: str) -> bytes:
    """The 汇编's DOCX bytes (``options``: ``docx_writer.WriteOptions``; its family is the
    sections' business here)."""
    from .docx_writer import check_text

    check_text(doc)
    bundle = doc.meta["bundle"]
    sections = _sections(doc)
    keys, families = [], []
    for info, _ in sections:
        key = (info["family"], repr(sorted((info.get("named_styles") or {}).items())))
        if key not in keys:
            keys.append(key)
            families.append(section_family(info))
    front = front_family()
    families = _distinct([front, *families])
    d, templates = docx_package.open_bundle(tuple(families))
    family_of = dict(zip(keys, families[1:]))
    revisions, picture = Revisions(options.revision_author, options.revision_date), docx_package.picture(d)

    entries, pages = [], list(bundle.get("pages") or [])
    writer = BodyWriter(front, revisions, picture)
    writer.write(_cover(bundle))
    body: list[str] = []
    images = number = 0
    for k, (info, blocks) in enumerate(sections):
        key = (info["family"], repr(sorted((info.get("named_styles") or {}).items())))
        f = family_of[key]
        marked = []
        for b in blocks:
            if b.attrs.get("toc"):
                number += 1
                page = pages[number - 1] if number <= len(pages) else None
                entries.append((b.attrs["toc"], b.attrs.get("toc_text") or b.text.replace("\n", "").replace("\t", ""), page))
                b = replace(b, attrs={**b.attrs, "bookmark": number})
            marked.append(b)
        w = BodyWriter(f, revisions, picture)
        w.images = images
        w.write(marked)
        images = w.images
        # the body begins on a right-hand page (page 1 is odd; LibreOffice would add the blank page anyway)
        sect = _section_properties(templates[1 + families[1:].index(f)], k == 0 or bool(info.get("odd")), k == 0)
        if k < len(sections) - 1:
            w.end_section(sect)
            body.append("".join(w.out))
        else:
            body.append("".join(w.out) + sect)
    page = styles.GONGWEN.page
    writer.out += toc_paragraphs(entries, families[1:], any(level == 2 for level, _, _ in entries),
                                 page.width - page.left - page.right)
    writer.end_section(templates[0])
    docx_package.set_sections(d, "".join(writer.out) + "".join(body))
    docx_package.set_properties(d, doc, options.when, version)
    if options.embed_tree:
        docx_package.embed_tree(d, doc)
    return pack(docx_package.entries(d), options.when)
