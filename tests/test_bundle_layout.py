"""Issue 20: the 汇编 of examples/汇编 laid out by LibreOffice and measured from its PDF.

The 目录's page numbers are read from the DOCX itself (the cached results of its PAGEREF fields:
LibreOffice recomputes page references when it converts, so its PDF cannot show whether the
cached numbers were right) and compared with the page on which each title stands in
LibreOffice's PDF, as the footer of that page prints it.  Only LibreOffice is measured here; Word
and WPS may break pages differently (docs/汇编.md).

Run with `-n 0 -s` to see the measured numbers (in this process: pytest-xdist workers do not show them).
"""
from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from lxml import etree

from conftest import EXAMPLES, run_draft
from pdf_layout import read_pdf

pytestmark = pytest.mark.office

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTER = re.compile(r"^—\s*(\d+)\s*—$")
LINES, CHARS = 22, 28  # GB/T 9704 5.2.3
WEIJIAN = "zhuanjie-weijian-2024.yaml"


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    """examples/汇编 bundled (with the layout step) twice, and the first one's PDF."""
    from drafting.office import convert

    work = tmp_path_factory.mktemp("bundle")
    shutil.copytree(EXAMPLES / "汇编", work / "汇编")
    for name in ("zhuanjie-minzheng-gongwen-2024.yaml", WEIJIAN):
        shutil.copy(EXAMPLES / name, work / name)
    manifest = work / "汇编" / "汇编.yaml"  # the sections keep their 主送: the 卫健 section is its example's text
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("保留主送: false", "保留主送: true"), encoding="utf-8")
    outs = []
    for name in ("a.docx", "b.docx"):
        proc = run_draft("bundle", work / "汇编" / "汇编.yaml", "-o", work / name)
        assert proc.returncode == 0, proc.stderr
        assert "目录" not in proc.stderr, proc.stderr  # no note: every number was found
        outs.append(work / name)
    pdf = work / "a.pdf"
    pdf.write_bytes(convert(outs[0].read_bytes(), "pdf"))
    alone = work / "weijian.pdf"
    assert run_draft("render", work / WEIJIAN, "-f", "pdf", "-o", alone).returncode == 0
    return outs, read_pdf(pdf), read_pdf(alone)


def cached_toc(docx, level: int | None = None) -> list[tuple[str, int]]:
    """(entry text, cached page number) of each 目录 entry (of ``level``: 1 a section's title, 2 a
    level-1 heading), from document.xml."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    out = []
    for link in root.iter(f"{W}hyperlink"):
        style = link.getparent().find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        if level is not None and style != f"TOC{level}":
            continue
        runs = list(link.iter(f"{W}r"))
        text = "".join(t.text or "" for r in runs[:1] for t in r.iter(f"{W}t"))
        after = [r for r in runs if r.find(f"{W}fldChar") is None and r.find(f"{W}instrText") is None
                 and r.find(f"{W}tab") is None][1:]
        number = "".join(t.text or "" for r in after for t in r.iter(f"{W}t"))
        out.append((text, int(number)))
    return out


def printed_number(page) -> int | None:
    for line in page.lines[::-1]:
        m = FOOTER.match(line.text)
        if m:
            return int(m.group(1))
    return None


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("\u2060", "")


def test_same_inputs_same_bytes_with_the_layout_step(laid_out):
    (a, b), _, _ = laid_out
    assert a.read_bytes() == b.read_bytes()


def test_body_page_numbers_run_without_gaps(laid_out):
    _, pages, _ = laid_out
    numbered = [(p.number, printed_number(p)) for p in pages if printed_number(p) is not None]
    first = numbered[0][0]
    assert numbered[0][1] == 1 and first > 2  # the cover and the 目录 carry no number
    for physical, number in numbered:
        assert number == physical - first + 1, (physical, number)
    blank = [p.number for p in pages if p.number > first and not p.lines]
    print(f"\nbody from PDF page {first}; numbers {[n for _, n in numbered]}; blank pages {blank}")
    assert len(numbered) + len(blank) == len(pages) - first + 1  # a page is numbered, or blank


def test_toc_numbers_in_the_docx_are_the_pages_where_the_titles_stand(laid_out):
    (docx, _), pages, _ = laid_out
    entries = cached_toc(docx)
    assert len(entries) >= 6
    body = [p for p in pages if printed_number(p) is not None]
    seen = []
    start = 0
    for text, cached in entries:
        want = squash(text)
        k = next(k for k in range(start, len(body))
                 if want in squash("".join(l.text for l in body[k].lines)))
        start = k
        seen.append((text[:12], cached, printed_number(body[k])))
    print("\n" + "\n".join(f"{t}: cached {c}, stands on {p}" for t, c, p in seen))
    assert all(c == p for _, c, p in seen), seen


def test_each_section_title_is_the_first_line_of_its_page(laid_out):
    (docx, _), pages, _ = laid_out
    body = [p for p in pages if printed_number(p) is not None]
    by_number = {printed_number(p): p for p in body}
    titles = cached_toc(docx, level=1)
    assert len(titles) == 6
    for text, number in titles:
        first = by_number[number].lines[0]
        assert squash(text).startswith(squash(first.text)), (text, first.text)


def test_gongwen_sections_keep_22_lines_of_28_characters(laid_out):
    """A 公文 section is laid out line for line as its document alone (whose 22 × 28 grid
    test_office_layout measures): the 卫健 section's pages hold the same lines as its example's PDF.
    And on the 汇编's own full pages: 22 lines on a 28.95 pt pitch, lines that reach the right margin
    28 characters (a first-line indent counted), bar the kinsoku exceptions."""
    (docx, _), pages, alone = laid_out
    start = dict(cached_toc(docx, level=1))["县卫生健康局关于2024年卫生健康工作情况的专节报告"]
    by_number = {printed_number(p): p for p in pages if printed_number(p) is not None}
    section = [by_number[start + k] for k in range(len(alone))]
    for mine, theirs in zip(section, alone):
        assert [squash(l.text) for l in mine.lines if not FOOTER.match(l.text)] == \
            [squash(l.text) for l in theirs.lines if not FOOTER.match(l.text)], mine.number
    full, chars = [], []
    for page in by_number.values():
        lines = [l for l in page.lines if 15 <= l.size <= 17 and not FOOTER.match(l.text)]
        if len(lines) != LINES or not any(l.x0 < 82 for l in lines):  # full 公文 pages (28 mm, not 25 mm)
            continue
        full.append(page.number)
        pitches = {round(b.y1 - a.y1, 1) for a, b in zip(lines, lines[1:])}
        assert all(abs(p - 28.95) < 0.2 for p in pitches), (page.number, pitches)
        cjk = {f for l in lines for f in l.cjk_faces()}
        left, right = min(l.x0 for l in lines), max(l.x1 for l in lines)
        em = 16 * 0.984375
        chars += [l.units(cjk) + round((l.x0 - left) / em) for l in lines if l.x1 > right - 8 and l.pure(cjk)]
    print(f"\nfull 公文 pages {full}; characters on lines reaching the margin {sorted(chars)}")
    assert len(full) >= 3
    assert chars.count(CHARS) >= 0.8 * len(chars) and max(chars) == CHARS
