"""Issue 9: every example, laid out by LibreOffice, measured from the PDF it makes.

The PDFs come from the project's own command (`draft render FOLDER --format pdf`, once per session:
conftest.example_pdfs); positions and fonts come from poppler (see pdf_layout.py, which also says how characters are counted).  Only
the 公文 family must meet the GB/T 9704 page (margins, 22 × 28 grid, "— N —" placement, four
faces); other families are checked for A4 and page numbers.

Run with `-n 0 -s` to see the measured numbers (in this process: pytest-xdist workers do not show them).
"""
from __future__ import annotations

import re
import statistics
from collections import Counter

import pytest

from conftest import EXAMPLES
from pdf_layout import dash_top, mm, read_pdf, units

pytestmark = pytest.mark.office

EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def _family(name: str) -> str:
    from drafting import loader, registry

    return registry.load_registry().for_source(loader.read(EXAMPLES / name)).family


# the 22 × 28 grid, margins, faces and signature rules are the 公文 family's (GB/T 9704);
# every example is checked for A4 and page numbers
GONGWEN_NAMES = [n for n in EXAMPLE_NAMES if _family(n) == "公文"]
A4 = (595.28, 841.89)  # pt
MARGINS = {"top": 37, "left": 28, "bottom": 35, "right": 26}  # mm, GB/T 9704 5.2.1
LINES, CHARS = 22, 28  # 5.2.3
OPENING = "“‘《（〈「『【〔"  # may not end a line: pushed to the next one
CLOSING = "，。、；：？！”’》）〉」』】〕…—"  # may not start a line: pulls a character along
LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
DOC_NUMBER = re.compile(r"〔\d{4}〕\d+号")  # the 发文字号 of a 版头 (GB/T 9704 7.2.5)


class Measured:
    """One example's PDF, with the grid (pitch, top and bottom of the text block) measured."""

    def __init__(self, pdf, family):
        self.pdf, self.family = pdf, family
        self.pages = read_pdf(pdf)
        body = [l for p in self.pages for l in p.lines if 15 <= l.size <= 17]  # 3号 text
        faces = [f for l in body for f in l.cjk_faces()]
        self.body_face = statistics.mode(faces) if faces else None  # None: not a 公文 page
        self.cjk = set(faces)
        # glyph boxes of 16 pt text end at the bottom of their row (LibreOffice, exact line
        # spacing): the pitch from lines one row apart, the block's top from the first line of a
        # page without the title.  A one-page document takes the standard's top, and the grid
        # test then checks that its lines sit on those rows (±0.5 mm)
        steps = [b.y1 - a.y1 for p in self.pages for a, b in zip(p.lines, p.lines[1:])
                 if 15 <= a.size <= 17 and 15 <= b.size <= 17 and 20 < b.y1 - a.y1 < 40]
        self.pitch = statistics.fmean(steps) if steps else 28.95  # poppler rounds to 0.1 pt
        firsts = [p.lines[0].y1 - self.pitch for p in self.pages[1:] if p.lines and 15 <= p.lines[0].size <= 17]
        self.top = statistics.median(firsts) if firsts else MARGINS["top"] * 72 / 25.4
        self.bottom = self.top + LINES * self.pitch
        # a 公文 issued on its own: the 版头 above its 发文字号 line on page 1 is not text; the 版记
        # closes the document on a page of its own, after any blank page (GB/T 9704 7.2, 7.4)
        number = next((l for l in self.pages[0].lines if DOC_NUMBER.search(l.text)), None)
        self.head_bottom = number.y1 + 1 if number else 0.0
        last = self.pages[-1]
        self.colophon = last if any(l.text.endswith("印发") for l in last.lines) else None
        blank = [p for p in self.pages if not p.lines]
        self.unnumbered = {p.number for p in blank} | ({self.colophon.number} if self.colophon else set())
        self.text_pages = [p for p in self.pages if p.number not in self.unnumbered]

    def title_lines(self, page):
        return [l for l in page.lines if l.size >= 20]

    def text_lines(self, page):
        """The 3号 lines of the text block, in reading order: not the footer, not a title (2号),
        not a table's cells (小四), which keep their own pitch."""
        return [l for l in page.lines if l.y0 < self.bottom - 2 and 15 <= l.size <= 17
                and not (page.number == 1 and l.y1 <= self.head_bottom)]

    def footer(self, page):
        return [l for l in page.lines if l.y0 >= self.bottom - 2]

    em = 16 * 0.984375  # one character of 3号 text, condensed by 0.25 pt (practice)

    def row(self, line) -> int:
        """0-based grid row of a 16 pt line (its glyph box ends at the row's bottom)."""
        return round((line.y1 - self.top) / self.pitch) - 1

    def is_signature(self, line) -> bool:
        """The organ's name above the date (7.3.5), or the date itself."""
        lines = [l for p in self.pages for l in self.text_lines(p)]
        dates = [i for i, l in enumerate(lines) if DATE.match(l.text) and l.x0 > self.pages[0].width / 2]
        return bool(dates) and line in lines[dates[-1] - 1:dates[-1] + 1]

    def is_heading(self, line) -> bool:
        faces = line.cjk_faces()
        return bool(faces) and self.body_face not in faces


_cache: dict[str, Measured] = {}


def _measure(name: str, example_pdfs) -> "Measured":
    if name not in _cache:
        from drafting.pipeline import build

        _cache[name] = Measured(example_pdfs[name], build(EXAMPLES / name).doc.family)
    return _cache[name]


@pytest.fixture(params=EXAMPLE_NAMES)
def measured(request, example_pdfs):
    return _measure(request.param, example_pdfs)


@pytest.fixture(params=GONGWEN_NAMES)
def gongwen(request, example_pdfs):
    return _measure(request.param, example_pdfs)


def test_a4_every_page(measured):
    for p in measured.pages:
        assert abs(p.width - A4[0]) < 1 and abs(p.height - A4[1]) < 1, (p.number, p.width, p.height)


def test_text_block_at_the_margins(gongwen):
    m = gongwen
    lines = [l for p in m.pages for l in m.text_lines(p)]
    width = m.pages[0].width
    deepest = max(l.y1 for l in lines)  # on a full page: the block's bottom edge
    got = {
        "top": mm(m.top),
        "bottom": mm(A4[1] - (deepest if any(m.row(l) == LINES - 1 for l in lines) else m.bottom)),
        "left": mm(min(l.x0 for l in lines)),
        "right": mm(width - max(l.x1 for l in lines)),
    }
    print(f"\n{m.pdf.name}: margins mm {', '.join(f'{k} {v:.1f}' for k, v in got.items())}; pitch {m.pitch:.2f} pt")
    for side, want in MARGINS.items():
        assert abs(got[side] - want) <= 1, (side, got)


def test_every_line_on_the_grid(gongwen):
    """16 pt lines sit on the 22 rows of the block (the title takes whole rows)."""
    m = gongwen
    for p in m.pages:
        for line in m.text_lines(p):
            row = (line.y1 - m.top) / m.pitch - 1  # not rounded: off-grid lines show
            assert abs(row - round(row)) < 0.05 and 0 <= round(row) < LINES, (p.number, line.text, row)


def test_full_pages_hold_22_lines(gongwen):
    """Every page but the last is filled: 22 lines, or fewer only where the format moves lines.

    Rows may stay empty only for the title, the blank line before 附件 and the signature, and at
    the foot of a page when keep-with-next moved headings (the next page starts with them), when
    the closing block took the text's last lines along (the next page holds the signature), or
    when the text ends on the page (its last line is the date; an attachment starts a new page).
    """
    m = gongwen
    counts = []
    for p, nxt in zip(m.text_pages, m.text_pages[1:]):
        lines = m.text_lines(p)
        rows = {m.row(l): l for l in lines}
        title = m.title_lines(p)
        # the text below the title (a 编号 line may stand above it)
        top = min(m.row(l) for l in lines if l.y0 > max(t.y1 for t in title)) if title else 0
        assert len(rows) == len(lines), (p.number, "two lines on one row")
        gaps = sorted(set(range(top, max(rows))) - set(rows))
        for gap in gaps:
            after = rows.get(gap + 1)
            assert after is not None and (after.text.startswith("附件") or m.is_signature(after)), (p.number, gap)
        short = LINES - 1 - max(rows)
        if short and not m.is_signature(lines[-1]):
            following = m.text_lines(nxt)
            headings = all(m.is_heading(l) for l in following[:short])
            # the closing block (附件说明, organ, date) took at most `short` lines of text along
            sig = next((i for i, l in enumerate(following) if m.is_signature(l)), None)
            note = next((i for i, l in enumerate(following) if l.text.startswith("附件")), sig)
            closing = sig is not None and min(note, sig) <= short
            assert headings or closing, (p.number, f"{short} empty rows at the foot")
        if not title:
            counts.append(len(lines))
            assert len(lines) + len(gaps) + short == LINES, (p.number, len(lines), gaps, short)
    print(f"\n{m.pdf.name}: lines on pages after the title page, but the last: {counts}")


def test_wrapped_lines_hold_28_characters(gongwen):
    """A line that reaches the right edge holds 28 characters: 27 = condensing wrong, 29 = hanging."""
    m = gongwen
    right = m.pages[0].width - MARGINS["right"] * 72 / 25.4
    left = MARGINS["left"] * 72 / 25.4
    seq = [l for p in m.pages for l in m.text_lines(p)]
    pure, mixed = [], []
    for line, nxt in zip(seq, seq[1:] + [None]):
        if line.x1 < right - 8:  # a paragraph's short last line
            continue
        n = line.units(m.cjk) + round((line.x0 - left) / m.em)  # a first-line indent counts
        if not line.pure(m.cjk):
            mixed.append(n)
            assert n <= CHARS, (line.page, line.text, n)
            continue
        pure.append(n)
        # shorter only when the next line's first unbreakable unit did not fit: “ never ends a
        # line, ， never starts one, a number is never split
        assert n == CHARS or (nxt is not None and n + units(first_unit(nxt.text)) > CHARS), (line.page, line.text, n)
    print(f"\n{m.pdf.name}: full-width lines by characters {dict(sorted(Counter(pure).items()))}; "
          f"mixed lines {len(mixed)}, {min(mixed, default=0)}–{max(mixed, default=0)}")
    assert pure.count(CHARS) >= len(pure) * 0.8  # the grid is the rule, kinsoku the exception


def first_unit(text: str) -> str:
    """The start of a line that cannot be broken: opening marks, a number or word (or one
    character), closing marks."""
    return re.match(rf"[{OPENING}]*(?:[!-~]+|.)[{CLOSING}]*", text).group()


def test_page_numbers(measured):
    """Every page: "— N —"; 公文: odd right, even left, 1 character in, ≈7 mm below the block;
    a 版记 page and a blank page before it carry none (GB/T 9704 7.5)."""
    m = measured
    offsets, edge = [], []
    for p in m.pages:
        foot = m.footer(p)
        texts = [l.text.replace(" ", "") for l in foot]
        if m.family != "公文":  # the lowest text on the page carries the number
            lowest = max(p.lines, key=lambda l: l.y1).text
            assert re.search(rf"(?<!\d){p.number}(?!\d)", lowest), (p.number, lowest)
            continue
        if p.number in m.unnumbered:
            assert texts == [] and not [l for l in p.lines if "—" in l.text], (p.number, texts)
            continue
        assert texts == [f"—{p.number}—"], (p.number, texts)
        line = foot[0]
        one_char = 14  # 4号
        if p.number % 2:
            assert abs(mm(p.width - line.x1) - MARGINS["right"] - mm(one_char)) <= 1, (p.number, line.x1)
        else:
            assert abs(mm(line.x0) - MARGINS["left"] - mm(one_char)) <= 1, (p.number, line.x0)
        top = dash_top(m.pdf, p.number, m.bottom, p.height, p.width)
        assert top is not None, p.number
        offsets.append(mm(top - m.bottom))
        edge.append(mm(top - (A4[1] - MARGINS["bottom"] * 72 / 25.4)))
    if offsets:
        print(f"\n{m.pdf.name}: dash top below the last row {min(offsets):.1f}–{max(offsets):.1f} mm, "
              f"below the 版心 edge (35 mm margin) {min(edge):.1f}–{max(edge):.1f} mm")
        assert all(6 <= o <= 8 for o in edge), edge
        assert all(6 <= o <= 8 for o in offsets), offsets


def test_no_heading_ends_a_page(gongwen):
    m = gongwen
    for p in m.text_pages[:-1]:
        last = m.text_lines(p)[-1]
        assert not m.is_heading(last), (p.number, last.text)


def test_four_faces(gongwen):
    """Title, level-1, level-2 and body come out in four different faces."""
    m = gongwen
    lines = [l for p in m.pages for l in p.lines]
    title = {f for l in m.title_lines(m.pages[0]) for f in l.cjk_faces()}
    level1 = {l.spans[0].face for l in lines if LEVEL1.match(l.text) and l.spans}
    level2 = {l.spans[0].face for l in lines if LEVEL2.match(l.text) and l.spans}
    print(f"\n{m.pdf.name}: title {title}, level 1 {level1}, level 2 {level2}, body {m.body_face}")
    assert len(title) == len(level1) == len(level2) == 1, (title, level1, level2)
    faces = [*title, *level1, *level2, m.body_face]
    assert len(set(faces)) == 4, faces


def test_signature_not_alone_on_its_page(gongwen):
    """The organ and date share their page with the text (or the attachment note) above them."""
    m = gongwen
    lines = m.text_lines(m.text_pages[-1])
    closing = [i for i, l in enumerate(lines) if m.is_signature(l)]
    if closing:
        assert closing[0] >= 1, [l.text for l in lines]
