"""Issue 16: a 公文 issued on its own, laid out by LibreOffice and measured from its PDF (as
test_office_layout.py does): the 版头 (GB/T 9704 7.2), the 版记 on the last, even page (7.4), page
numbers (7.5), and the organ and date of 7.3.5 for a short and a long organ name, with and
without a seal.  Only LibreOffice is measured here; Word and WPS may differ (docs/gongwen-furniture.md).

Run with `-n 0 -s` to see the measured numbers (in this process: pytest-xdist workers do not show them).
"""
from __future__ import annotations

import re

import pytest

from conftest import EXAMPLES, run_draft
from pdf_layout import PT_PER_MM, colours, ink_top, mm, read_pdf, rules

pytestmark = pytest.mark.office

EXAMPLE = "zhuanjie-minzheng-gongwen-2024.yaml"
A4_HEIGHT, A4_WIDTH = 841.89, 595.28  # pt
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26  # mm, 5.2.1
CHAR = 16 * 0.984375 / PT_PER_MM  # one 3号 character, condensed 0.25 pt (practice), in mm
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


@pytest.fixture(scope="module")
def example(example_pdfs):
    pdf = example_pdfs[EXAMPLE]
    return pdf, read_pdf(pdf)


def test_the_mark_is_red_and_its_top_edge_35_mm_below_the_text_block(example):
    pdf, pages = example
    mark = next(l for l in pages[0].lines if l.text == "城口县民政局文件")
    top = ink_top(pdf, 1, (mark.x0 - 5, mark.y0 - 20, mark.x1 + 5, mark.y1))
    below = mm(top) - TOP
    inks = colours(pdf, 1, (mark.x0, mark.y0, mark.x1, mark.y1))
    centre = mm((mark.x0 + mark.x1) / 2) - LEFT
    print(f"\nmark: ink top {below:.2f} mm below the 版心 top, {mark.size:.1f} pt, centre {centre:.1f} mm "
          f"from the 版心's left edge, pixels {inks}")
    assert abs(below - 35) <= 1.5, below
    assert inks["red"] > 10 * (inks["black"] + 1), inks
    assert abs(centre - 78) <= 1, centre  # centred in the 156 mm 版心


def test_number_and_signer_on_one_line_then_the_red_separator(example):
    pdf, pages = example
    lines = pages[0].lines
    number = next(l for l in lines if l.text == "城民发〔2025〕3号")
    signer = next(l for l in lines if l.text.startswith("签发人："))
    left, right = mm(number.x0) - LEFT, mm(A4_WIDTH - signer.x1) - RIGHT
    print(f"\n发文字号 {left:.2f} mm in from the left, 签发人 {right:.2f} mm in from the right, "
          f"baselines {number.y1:.1f} / {signer.y1:.1f} pt")
    assert abs(number.y1 - signer.y1) < 0.5  # one line
    assert abs(left - CHAR) <= 0.5 and abs(right - CHAR) <= 0.5, (left, right)  # one character in
    assert signer.spans[-1].face != signer.spans[0].face  # 签发人 in 仿宋, the name in 楷体 (7.2.6)
    rule = next(r for r in rules(pdf, 1, 400) if r.top > number.y1)
    gap = mm(rule.middle - number.y1)
    inks = colours(pdf, 1, (rule.x0, rule.top - 1, rule.x1, rule.bottom + 1))
    print(f"separator {gap:.2f} mm below the 发文字号, from {mm(rule.x0):.1f} to {mm(rule.x1):.1f} mm, {inks}")
    assert abs(gap - 4) <= 1, gap  # 7.2.7
    assert abs(mm(rule.x0) - LEFT) <= 0.5 and abs(mm(A4_WIDTH - rule.x1) - RIGHT) <= 0.5  # as wide as the 版心
    assert inks["red"] > 10 * (inks["black"] + 1), inks
    title = next(l for l in lines if l.text.startswith("民政局2024年"))
    assert title.y0 > rule.bottom  # the title below the 版头


def test_the_colophon_ends_the_last_even_page_on_the_text_blocks_bottom(example):
    pdf, pages = example
    last = pages[-1]
    assert len(pages) % 2 == 0, len(pages)  # the 版记 page is even (blank pages are kept in the PDF)
    texts = [l.text for l in last.lines]
    assert texts[0].startswith("抄送：县委办公室，") and texts[0].endswith("县政协办公室。"), texts
    assert any(t.endswith("2025年1月6日印发") for t in texts), texts
    found = rules(pdf, last.number, 400, dpi=576)  # 0.35 mm is 8 pixels, 0.25 mm 6
    bottom = A4_HEIGHT - BOTTOM * PT_PER_MM
    widths = [r.bottom - r.top for r in found]
    print(f"\n版记 on page {last.number} of {len(pages)}: rules at {[round(mm(r.middle), 1) for r in found]} mm, "
          f"thickness {[round(w, 2) for w in widths]} pt; the last rule's lower edge "
          f"{mm(bottom - found[-1].bottom):.2f} mm above the 版心 bottom")
    assert len(found) == 3
    assert abs(mm(found[-1].bottom - bottom)) <= 1.5  # 7.4.1: on the 版心's bottom edge
    assert widths[0] > widths[1] < widths[2]  # thick first and last, thin between
    assert all(abs(l.size - 14) < 0.5 for l in last.lines)  # 4号 (7.4.2, 7.4.3)
    edge = [l for l in last.lines if l.text.startswith("抄送") or l.text.startswith("城口县")]
    assert all(abs(mm(l.x0) - LEFT - 14 / PT_PER_MM) <= 0.5 for l in edge)  # one 4号 character in


def test_page_numbers_but_on_the_colophon_page(example):
    _, pages = example
    bottom = A4_HEIGHT - BOTTOM * PT_PER_MM
    for p in pages:
        foot = [l.text.replace(" ", "") for l in p.lines if l.y0 > bottom]
        assert foot == ([] if p is pages[-1] else [f"—{p.number}—"]), (p.number, foot)


# --- 7.3.5: the organ and the date ------------------------------------------------------
CLOSINGS = {  # name -> (organ, date, seal)
    "long": ("城口县人民政府办公室", "2025年1月6日", False),  # the organ longer than the date
    "short": ("县民政局", "2025年12月16日", False),  # the date longer than the organ
    "seal": ("城口县民政局", "2025年1月6日", True),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The three closings below, and the example without its attachment (the text then ends on
    an even page), laid out in one run."""
    src = tmp_path_factory.mktemp("closings")
    (src / "blank.yaml").write_text((EXAMPLES / EXAMPLE).read_text(encoding="utf-8").replace("指标表: true\n", ""),
                                    encoding="utf-8")
    for name, (organ, date, seal) in CLOSINGS.items():
        (src / f"{name}.yaml").write_text(
            f"类型: 专节报告\n标题: 关于2024年民政工作的报告\n单位: {organ}\n年度: 2024\n主送: 县人民政府\n"
            f"开头: 现将有关情况报告如下。\n落款: {organ}\n日期: {date}\n盖章: {str(seal).lower()}\n",
            encoding="utf-8")
    out = tmp_path_factory.mktemp("closings-pdf")
    proc = run_draft("render", src, "--format", "pdf", "-o", out)
    assert proc.returncode == 0, proc.stderr
    return out


def test_after_an_even_page_a_blank_page_then_the_colophon_neither_numbered(rendered):
    pdf = rendered / "blank.pdf"
    pages = read_pdf(pdf)
    numbers = [next((l.text.replace(" ", "") for l in p.lines if l.y0 > A4_HEIGHT - BOTTOM * PT_PER_MM), None)
               for p in pages]
    print(f"\nwithout the attachment: {len(pages)} pages, numbers {numbers}")
    assert numbers[:-2] == [f"—{n}—" for n in range(1, len(pages) - 1)]
    assert len(pages) % 2 == 0 and (len(pages) - 2) % 2 == 0  # the text ended on an even page
    assert pages[-2].lines == [] and numbers[-2:] == [None, None]  # 7.5: blank page and 版记 page unnumbered
    assert pages[-1].lines[0].text.startswith("抄送：")
    last = rules(pdf, len(pages), 400)[-1]
    assert abs(mm(last.bottom) - (297 - BOTTOM)) <= 1.5


@pytest.fixture(scope="module")
def closings(rendered):
    out = rendered
    measured = {}
    for name in CLOSINGS:
        lines = read_pdf(out / f"{name}.pdf")[0].lines
        i = next(i for i, l in enumerate(lines) if DATE.match(l.text))
        organ, date = lines[i - 1], lines[i]
        assert organ.text == CLOSINGS[name][0]
        measured[name] = (mm(organ.x0) - LEFT, mm(A4_WIDTH - organ.x1) - RIGHT,
                          mm(date.x0) - LEFT, mm(A4_WIDTH - date.x1) - RIGHT)
        print(f"\n{name}: organ from {measured[name][0]:.1f} mm, {measured[name][1]:.2f} mm from the right; "
              f"date from {measured[name][2]:.1f} mm, {measured[name][3]:.2f} mm from the right "
              f"(in characters: organ right {measured[name][1] / CHAR:.2f}, date shift "
              f"{(measured[name][2] - measured[name][0]) / CHAR:.2f}, date right {measured[name][3] / CHAR:.2f})")
    return measured


def test_without_seal_the_date_starts_two_characters_right_of_the_organ(closings):
    organ_x, organ_right, date_x, _ = closings["long"]
    assert abs(organ_right - 2 * CHAR) <= 0.5  # 7.3.5.2: the organ 2 characters from the right
    assert abs(date_x - organ_x - 2 * CHAR) <= 0.5  # the date's first character 2 to the right


def test_a_date_longer_than_the_organ_stands_two_from_the_right(closings):
    organ_x, organ_right, date_x, date_right = closings["short"]
    assert abs(date_x - organ_x - 2 * CHAR) <= 0.5  # the offset kept
    assert organ_right > 2 * CHAR + 1  # the organ moved left
    # Word puts the date 2 characters from the right; LibreOffice adds space between the digits
    # and the Chinese (it ignores w:autoSpaceDE), so its date reaches further right, never past the edge
    assert 0 <= date_right <= 2 * CHAR + 0.5, date_right


def test_with_seal_the_date_four_from_the_right_and_the_organ_over_it(closings):
    organ_x, organ_right, date_x, date_right = closings["seal"]
    width = 210 - LEFT - RIGHT
    # 7.3.5.1: the date's start where a date 4 characters from the right starts in Word (its
    # width as the writer measures it), the organ centred over that date
    assert 0 < date_right <= 4 * CHAR + 0.5
    organ_centre = (organ_x + width - organ_right) / 2
    date_centre_word = (date_x + width - 4 * CHAR) / 2
    assert abs(organ_centre - date_centre_word) <= 0.5, (organ_centre, date_centre_word)
