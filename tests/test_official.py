"""Issue 16: a 专节报告 issued as a 公文 on its own — 版头, 版记, seal — as a writer checks it:
located Chinese messages for a wrong 发文字号, what the DOCX holds (text, styles, the 版记's even-page
section without page numbers), the text preview, and the signature/date of GB/T 9704 7.3.5.
The page itself is measured in LibreOffice by tests/test_gongwen_layout.py."""
from __future__ import annotations

import re
import zipfile

import pytest

from conftest import EXAMPLES, assert_clean_failure, run_draft

EXAMPLE = EXAMPLES / "zhuanjie-minzheng-gongwen-2024.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _variant(tmp_path, old: str, new: str):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "报告.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text.replace(old, new).splitlines().index(new.splitlines()[0]) + 1


@pytest.mark.parametrize("number, says", [
    ("城民发[2025]3号", "六角括号“〔〕”括入（不是“[]”）：写成 城民发〔2025〕3号"),
    ("城民发（2025）3号", "六角括号“〔〕”括入（不是“（）”）：写成 城民发〔2025〕3号"),
    ("城民发〔2025〕03号", "不编虚位（1 不写成 01）：写成 城民发〔2025〕3号"),
    ("城民发〔2025〕第3号", "序号前不加“第”：写成 城民发〔2025〕3号"),
    ("城民发〔25〕3号", "年份要写全（四位）"),
    ("城民发〔2025〕3", "序号后要加“号”：写成 城民发〔2025〕3号"),
    ("2025年第三号", "应写成“机关代字〔年份〕序号号”"),
])
def test_a_wrong_doc_number_is_refused_at_its_line(tmp_path, number, says):
    path, line = _variant(tmp_path, "  发文字号: 城民发〔2025〕3号", f"  发文字号: {number}")
    proc = run_draft("render", path)
    assert_clean_failure(proc, 1)
    assert f"报告.yaml:{line}:" in proc.stderr and says in proc.stderr, proc.stderr
    assert not (tmp_path / "报告.docx").exists()


def test_a_copy_number_has_six_digits(tmp_path):
    path, line = _variant(tmp_path, "  签发人: 张明", "  签发人: 张明\n  份号: 123")
    proc = run_draft("check", path)
    assert_clean_failure(proc, 1)
    said = proc.stdout + proc.stderr
    assert f"报告.yaml:{line + 1}:" in said and "份号应是6位阿拉伯数字" in said, said


def _docx(tmp_path, yaml=EXAMPLE):
    out = tmp_path / "out.docx"
    proc = run_draft("render", yaml, "-o", out)
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(out) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}


def test_the_docx_opens_with_the_masthead_and_ends_with_the_colophon(tmp_path):
    parts = _docx(tmp_path)
    body = parts["word/document.xml"]
    paragraphs = re.findall(r"<w:p>.*?</w:p>|<w:tbl>.*?</w:tbl>", body)
    text = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs]
    assert text[0] == "城口县民政局文件" and 'w:val="DraftMark"' in paragraphs[0]
    assert text[1] == "城民发〔2025〕3号签发人：张明" and "<w:tab/>" in paragraphs[1]
    assert 'w:color="FF0000"' in paragraphs[2] and "<w:pBdr>" in paragraphs[2]  # the red separator
    assert text[3] == "民政局2024年政府工作报告保障民生专节报告"
    assert text[-2] == "抄送：县委办公室，县人大常委会办公室，县政协办公室。城口县民政局办公室2025年1月6日印发"
    styles = parts["word/styles.xml"]
    mark = re.search(r'<w:style [^>]*w:styleId="DraftMark">.*?</w:style>', styles).group()
    assert "公文发文机关标志" in mark and 'w:color w:val="FF0000"' in mark and "方正小标宋简体" in mark
    signer = re.search(r'<w:style [^>]*w:styleId="DraftSignerChar">.*?</w:style>', styles).group()
    assert "楷体_GB2312" in signer  # 签发人 names in 楷体 (7.2.6)


def test_the_colophon_has_a_section_that_starts_on_an_even_page_without_page_numbers(tmp_path):
    parts = _docx(tmp_path)
    body = parts["word/document.xml"]
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", body)
    assert len(sections) == 2
    assert '<w:type w:val="evenPage"/>' in sections[1]
    rels = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="(footer\d+\.xml)"', parts["word/_rels/document.xml.rels"]))
    rels.update({k: v for v, k in re.findall(r'Target="(footer\d+\.xml)"[^>]*Id="(rId\d+)"',
                                             parts["word/_rels/document.xml.rels"])})

    def footers(sect):
        return [parts["word/" + rels[rid]] for rid in re.findall(r'<w:footerReference [^>]*r:id="(rId\d+)"', sect)]

    assert len(footers(sections[0])) == 2 and all(" PAGE " in f for f in footers(sections[0]))
    assert len(footers(sections[1])) == 2 and not any("PAGE" in f or "<w:t" in f for f in footers(sections[1]))


def test_the_preview_shows_masthead_and_colophon():
    proc = run_draft("render", EXAMPLE, "-f", "txt", "-o", "-")
    lines = proc.stdout.splitlines()
    assert lines[:3] == ["城口县民政局文件", "城民发〔2025〕3号\t签发人：张明", "民政局2024年政府工作报告保障民生专节报告"]
    assert lines[-2:] == ["抄送：县委办公室，县人大常委会办公室，县政协办公室。", "城口县民政局办公室\t2025年1月6日印发"]


def test_every_masthead_line(tmp_path):
    path, _ = _variant(tmp_path, "  签发人: 张明", "  签发人: [张明, 李华]\n  份号: '000123'\n  密级: 秘密★1年\n  紧急程度: 特急")
    proc = run_draft("render", path, "-f", "txt", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:5] == ["000123", "秘密★1年", "特急", "城口县民政局文件", "城民发〔2025〕3号\t签发人：张明　李华"]


# --- 7.3.5: signature and date --------------------------------------------------------
def _closing(tmp_path, organ: str, date: str, seal: bool = False) -> tuple[str, str]:
    path = tmp_path / "短.yaml"
    path.write_text(f"类型: 专节报告\n标题: 关于2024年民政工作的报告\n单位: {organ}\n年度: 2024\n开头: 现将有关情况报告如下。\n"
                    f"日期: {date}\n" + ("盖章: true\n" if seal else ""), encoding="utf-8")
    body = _docx(tmp_path, path)["word/document.xml"]
    sig = re.search(r'<w:p><w:pPr><w:pStyle w:val="DraftSignature"/>(.*?)</w:pPr>', body).group(1)
    date_ppr = re.search(r'<w:p><w:pPr><w:pStyle w:val="DraftDate"/>(.*?)</w:pPr>', body).group(1)
    return sig, date_ppr


WIDTH = 11906 - 1587 - 1474  # the 版心, twips
CHAR = 320  # one 3号 character


def _ind(ppr: str, side: str) -> int:
    return int(re.search(rf'w:{side}="(-?\d+)"', ppr).group(1))


def test_the_organ_two_from_the_right_and_the_date_two_right_of_it(tmp_path):
    sig, date = _closing(tmp_path, "城口县人民政府办公室", "2025-01-06")  # organ longer than the date
    organ_start = WIDTH - _ind(sig, "right") - 10 * 315  # ten characters of 16 pt less 0.25 pt
    assert _ind(sig, "right") == 2 * CHAR
    assert _ind(date, "left") - organ_start == 2 * CHAR and '<w:jc w:val="left"/>' in date


def test_a_longer_date_two_from_the_right_and_the_organ_moved_left(tmp_path):
    sig, date = _closing(tmp_path, "县民政局", "2025-12-16")
    date_width = 4 * 155 + 315 + 2 * 155 + 315 + 2 * 155 + 315  # "2025年12月16日": digits half width
    assert _ind(date, "left") == WIDTH - 2 * CHAR - date_width
    organ_start = WIDTH - _ind(sig, "right") - 4 * 315
    assert _ind(date, "left") - organ_start == 2 * CHAR


def test_with_a_seal_the_date_four_from_the_right_and_the_organ_centred_over_it(tmp_path):
    sig, date = _closing(tmp_path, "城口县民政局", "2025-01-06", seal=True)
    date_width = 4 * 155 + 315 + 155 + 315 + 155 + 315
    assert _ind(date, "left") == WIDTH - 4 * CHAR - date_width
    organ_centre = WIDTH - _ind(sig, "right") - 6 * 315 / 2
    assert abs(organ_centre - (_ind(date, "left") + date_width / 2)) <= 1


def test_a_newspaper_signature_is_not_placed_as_a_gongwen_one():
    """The 报刊 family's closing keeps its look: flush right, the date centred under the organ."""
    from drafting.docx_body import BodyWriter, Revisions
    from drafting.styles import BAOKAN
    from drafting.tree import Block, Span

    xml = BodyWriter(BAOKAN, Revisions("draft", "2000-01-01T00:00:00Z"), None).write(
        [Block("signature", (Span("黎城县洪井镇人民政府"),)), Block("date", (Span("2025年1月6日"),))])
    assert '<w:pStyle w:val="PaperSignature"/></w:pPr>' in xml
    assert re.search(r'<w:pStyle w:val="PaperDate"/><w:ind w:right="\d+"/></w:pPr>', xml)

