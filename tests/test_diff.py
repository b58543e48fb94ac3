"""Issue 8: reviewers — `draft diff` by structure, the tracked-changes DOCX, `render --check`."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, assert_clean_failure, processes, run_draft
from drafting import diff
from drafting.docx_reader import from_paragraphs, paragraph_texts, read
from drafting.package import fingerprint_state, read_parts
from drafting.tree import Block, Document, Span

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BASE = (EXAMPLES / "zhuanjie-minzheng-2024.yaml").read_text(encoding="utf-8")
PLANS_3 = """  条目:
    - 标题: 织密兜底保障网。
      正文: 健全分层分类社会救助体系，深化“渝悦·救助通”应用，推动救助从“人找政策”向“政策找人”转变。
    - 标题: 提升养老服务质效。
      正文: 建成投用第六老年养护中心，新增护理型床位，扩大社区老年食堂覆盖面。
    - 标题: 深化殡葬改革。
      正文: 巩固散埋乱葬治理成果，推进节地生态安葬。
"""
PLANS_5 = PLANS_3 + """    - 标题: 加强儿童关爱保护。
      正文: 落实孤儿和事实无人抚养儿童保障政策。
    - 标题: 推进婚俗改革。
      正文: 倡导婚事新办，抵制高价彩礼。
"""
assert PLANS_3 in BASE

# each case: (name, OLD text, NEW text)
CASES = {
    "number": (BASE, BASE.replace("临时救助人次: 954人次", "临时救助人次: 1054人次")),
    "clause": (BASE, BASE.replace("巩固散埋乱葬治理成果，", "巩固散埋乱葬治理成果，全面推行文明祭扫，")),
    "paragraph": (BASE, BASE.replace(
        "  - 社会救助主动发现机制仍需完善，部门间数据共享不够及时，个别困难群众未能第一时间纳入救助。\n", "")),
    "item": (BASE.replace(PLANS_3, PLANS_5), BASE.replace(PLANS_3, PLANS_5).replace(
        "    - 标题: 提升养老服务质效。\n      正文: 建成投用第六老年养护中心，新增护理型床位，扩大社区老年食堂覆盖面。\n", "")),
    # the third item moved to the front
    "move": (BASE, BASE.replace(PLANS_3, "  条目:\n" + "".join(
        "    - 标题:" + item for item in [PLANS_3.split("    - 标题:")[k] for k in (3, 1, 2)]))),
    # the second of five 一是/二是 points inside one paragraph
    "point": (BASE, BASE[:BASE.index("        - 标题: '“主动发现”更及时。'")] + BASE[BASE.index("        - 标题: '“渝童守护”更温暖。'"):]),
    "heading": (BASE, BASE.replace("  标题: 2025年工作思路\n", "  标题: 2025年工作打算\n")),
}


@pytest.fixture
def pair(tmp_path):
    def make(case: str, suffix: str = "yaml"):
        old, new = CASES[case]
        assert old != new
        a, b = tmp_path / f"old-{case}.yaml", tmp_path / f"new-{case}.yaml"
        a.write_text(old, encoding="utf-8")
        b.write_text(new, encoding="utf-8")
        if suffix == "docx":
            for p in (a, b):
                assert run_draft("render", p).returncode == 0
            return a.with_suffix(".docx"), b.with_suffix(".docx")
        return a, b

    return make


def report(a, b, *extra):
    proc = run_draft("diff", a, b, *extra)
    assert_clean_failure(proc, 1)
    return proc.stdout


def redline(a, b, tmp_path):
    out = tmp_path / "修订.docx"
    proc = run_draft("diff", a, b, "--redline", out)
    assert_clean_failure(proc, 1)
    return read_parts(out)["word/document.xml"].decode("utf-8")


def rendered_xml(yaml_path: Path) -> bytes:
    proc = run_draft("render", yaml_path, "-o", yaml_path.with_suffix(".render.docx"))
    assert proc.returncode == 0, proc.stderr
    return read_parts(yaml_path.with_suffix(".render.docx"))["word/document.xml"]


def styles_accepted(xml: bytes, mode: str) -> list[str]:
    """Paragraph style ids of the paragraphs that remain after accept / reject."""
    from lxml import etree

    gone = f"{W}del" if mode == "accept" else f"{W}ins"
    out = []
    for p in etree.fromstring(xml).iter(f"{W}p"):
        row = next(p.iterancestors(f"{W}tr"), None)
        if row is not None and row.find(f"{W}trPr/{gone}") is not None:
            continue  # a whole table row accepted away
        if p.find(f"{W}pPr/{W}rPr/{gone}") is None:
            out.append(p.find(f"{W}pPr/{W}pStyle").get(f"{W}val"))
    return out


# --- the tokeniser ----------------------------------------------------------------------
def test_numbers_and_latin_words_are_whole_tokens():
    assert diff.tokenize("从10%提高到12.5%，GDP增长2,629,234元") == [
        "从", "10%", "提", "高", "到", "12.5%", "，", "GDP", "增", "长", "2,629,234", "元"]
    pieces = diff._pieces(diff.tokenize("发放10万元"), diff.tokenize("发放12万元"))
    assert pieces == [("=", "发放"), ("-", "10"), ("+", "12"), ("=", "万元")]


# --- the report, case by case -----------------------------------------------------------
def test_changed_number(pair, tmp_path):
    out = report(*pair("number"))
    assert out.splitlines()[0] == "修改  二、2024年工作回顾 › （三）工作成效 › 1."
    assert "对[-954-]{+1054+}人次实施临时救助" in out
    # the same figure in the 附件 indicator table, then the figure itself, nothing else
    lines = out.splitlines()
    assert lines[2:] == ["修改  表格“2024年主要指标完成情…” › 第5行第4列",  # that cell, not the whole table
                         "    [-954-]{+1054+}",
                         "数据变化", "    临时救助人次：954人次 → 1054人次"]
    xml = redline(*pair("number"), tmp_path)
    assert '<w:delText xml:space="preserve">954</w:delText>' in xml
    assert '<w:t xml:space="preserve">1054</w:t></w:r></w:ins>' in xml


def test_inserted_clause(pair, tmp_path):
    out = report(*pair("clause"))
    assert out.splitlines()[0] == "修改  四、2025年工作思路 › （三）"
    assert "巩固散埋乱葬治理成果，{+全面推行文明祭扫，+}推进节地生态安葬。" in out
    xml = redline(*pair("clause"), tmp_path)
    assert '<w:t xml:space="preserve">全面推行文明祭扫，</w:t></w:r></w:ins>' in xml
    assert "<w:del " not in xml


def test_removed_paragraph(pair, tmp_path):
    out = report(*pair("paragraph"))
    assert out.splitlines() == [
        "删除  三、存在问题 › （二）",
        "    [-社会救助主动发现机制仍需完善，部门间数据共享不够及时，个别困难群众未能第一时间纳入救助。-]",
    ]
    xml = redline(*pair("paragraph"), tmp_path)
    # the whole paragraph, its number and its paragraph mark are deletions
    assert re.search('<w:pPr><w:pStyle w:val="DraftBody"/><w:rPr><w:del w:id="\\d+" w:author="draft" '
                     'w:date="2000-01-01T00:00:00Z"/></w:rPr></w:pPr>', xml)
    assert "（二）</w:delText>" in xml and "个别困难群众未能第一时间纳入救助。</w:delText>" in xml


def test_removed_item_among_five_is_one_removal(pair, tmp_path):
    out = report(*pair("item"))
    assert out.splitlines() == [
        "删除  四、2025年工作思路 › （二）",
        "    [-提升养老服务质效。建成投用第六老年养护中心，新增护理型床位，扩大社区老年食堂覆盖面。-]",
    ]
    xml = redline(*pair("item"), tmp_path)
    # the renumbering of the items after it is tracked too, so "Accept all" gives NEW's numbers
    fifth = xml[xml.index("推进婚俗改革。") - 600:xml.index("推进婚俗改革。")]
    assert "（五）</w:delText>" in fifth and '<w:t xml:space="preserve">（四）</w:t></w:r></w:ins>' in fifth


def test_moved_item(pair, tmp_path):
    out = report(*pair("move")).splitlines()
    moves = [line for line in out if line.startswith("移动")]
    assert moves == ["移动  四、2025年工作思路 › （一）（原在 四、2025年工作思路 › （三））"]
    assert out[1] == "    深化殡葬改革。巩固散埋乱葬治理成果，推进节地生态安葬。"
    assert not [line for line in out if line.startswith(("修改", "新增", "删除"))]
    xml = redline(*pair("move"), tmp_path)
    assert xml.count("<w:rPr><w:del ") == 1 and xml.count("<w:rPr><w:ins ") == 1


def test_removed_point_is_cut_at_sentence_marks(pair, tmp_path):
    out = report(*pair("point")).splitlines()
    assert out[0] == "修改  二、2024年工作回顾 › （三）工作成效 › 1."
    assert "超1亿元。[-“主动发现”更及时。以低保边缘家庭认定为抓手，" in out[1]
    assert "确保困难群众及时受助。-]“渝童守护”更温暖。" in out[1]
    assert len(out) == 2
    xml = redline(*pair("point"), tmp_path)
    # the point goes with its own 二是; the later points are renumbered whole (三是 -> 二是 …)
    assert ">二是</w:delText></w:r></w:del><w:del " in xml and "“主动发现”更及时。</w:delText>" in xml
    assert ">三是</w:delText>" in xml and ">五是</w:delText>" in xml


def test_renamed_heading(pair, tmp_path):
    out = report(*pair("heading"))
    assert out.splitlines() == ["修改  四、2025年工作打算", "    2025年工作[-思路-]{+打算+}"]
    xml = redline(*pair("heading"), tmp_path)
    head = xml[xml.index('<w:pStyle w:val="DraftHeading1"/></w:pPr><w:r><w:rPr><w:rStyle w:val="DraftLead1Char"/>'
                         '</w:rPr><w:t xml:space="preserve">四、'):]
    head = head[: head.index("</w:p>")]
    assert "思路</w:delText>" in head and '打算</w:t></w:r></w:ins>' in head


@pytest.mark.parametrize("case", sorted(CASES))
def test_redline_accept_gives_new_and_reject_gives_old(case, pair, tmp_path):
    a, b = pair(case)
    xml = redline(a, b, tmp_path).encode()
    old_xml, new_xml = rendered_xml(a), rendered_xml(b)
    assert paragraph_texts(xml, "accept") == paragraph_texts(new_xml, "accept")
    assert paragraph_texts(xml, "reject") == paragraph_texts(old_xml, "accept")
    # and in the same styles as a normal render
    assert styles_accepted(xml, "accept") == styles_accepted(new_xml, "accept")
    assert styles_accepted(xml, "reject") == styles_accepted(old_xml, "accept")
    ids = [el.get(f"{W}id") for el in _tree(xml).iter(f"{W}ins", f"{W}del")]
    assert ids and len(ids) == len(set(ids))


def _tree(xml: bytes):
    from lxml import etree

    return etree.fromstring(xml)


def test_changed_title_keeps_each_versions_line_breaks(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(BASE, encoding="utf-8")
    b.write_text(BASE.replace("标题: 民政局2024年政府工作报告保障民生专节报告",
                              "标题: 民政局2025年政府工作报告保障和改善民生专节报告"), encoding="utf-8")
    assert "修改  标题\n    民政局[-2024-]{+2025+}年政府工作报告保障{+和改善+}民生专节报告\n" == report(a, b)
    xml = redline(a, b, tmp_path).encode()
    assert paragraph_texts(xml, "accept")[0] == paragraph_texts(rendered_xml(b), "accept")[0]
    assert paragraph_texts(xml, "reject")[0] == "民政局2024年政府工作报告\n保障民生专节报告"


def test_changed_table_in_redline():
    """A table with one cell changed: reported and redlined as that cell (its old text deleted,
    its new text inserted), every other cell and row untouched; a row added is a row inserted."""
    from drafting import docx_writer, styles
    from drafting.package import FIXED_EPOCH

    def doc(rows):
        return Document("专节报告", "公文", [
            Block("paragraph", (Span("主要指标如下。"),)),
            Block("table", (Span("表1 主要指标"),), attrs={"rows": rows, "header_rows": 1}),
            Block("paragraph", (Span("以上。"),))])

    old = doc([["指标", "数值"], ["低保户数", "4829户"]])
    new = doc([["指标", "数值"], ["低保户数", "4900户"]])
    rep = diff.compare(old, new)
    assert [(c.op, c.path) for c in rep.changes] == [("changed", "表格“表1 主要指标” › 第2行第2列")]
    assert rep.changes[0].pieces == [("-", "4829"), ("+", "4900"), ("=", "户")]

    def xml(tree):
        data = docx_writer.write(tree, docx_writer.WriteOptions(styles.get("公文"), FIXED_EPOCH, embed_tree=False))
        return read_parts(io.BytesIO(data))["word/document.xml"]

    red = xml(diff.redline(old, new))
    assert b"<w:trPr><w:cantSplit/><w:tblHeader/><w:del " not in red and b"<w:trPr><w:cantSplit/><w:ins" not in red
    assert re.findall(rb"<w:(?:delText|t) [^>]*>([^<]*)<", red.split(b"<w:tbl>")[1].split(b"</w:tbl>")[0]) == [
        "指标".encode(), "数值".encode(), "低保户数".encode(), "4829户".encode(), "4900户".encode()]
    assert red.count(b"<w:del ") == red.count(b"<w:ins ") == 1
    assert paragraph_texts(red, "accept") == paragraph_texts(xml(new), "accept")
    assert paragraph_texts(red, "reject") == paragraph_texts(xml(old), "accept")

    longer = doc([["指标", "数值"], ["低保户数", "4829户"], ["低保人数", "10661人"]])
    red = xml(diff.redline(old, longer))
    assert red.count(b"<w:trPr><w:cantSplit/><w:ins ") == 1
    assert paragraph_texts(red, "reject") == paragraph_texts(xml(old), "accept")
    assert paragraph_texts(red, "accept") == paragraph_texts(xml(longer), "accept")


def test_redline_of_tables_with_other_columns(tmp_path):
    """A 全年 indicator table against one with other columns (another year's or period's): the old
    table deleted and the new one inserted whole (it was an internal error, rows of both widths in
    one table); accepting gives the new text, rejecting the old."""
    from drafting import docx_writer, styles
    from drafting.package import FIXED_EPOCH

    def doc(rows):
        return Document("专节报告", "公文", [
            Block("table", (Span("表1 主要指标"),), attrs={"rows": rows, "header_rows": 1})])

    old = doc([["指标", "2024年", "完成率"], ["低保户数", "4829户", "100%"]])
    new = doc([["指标", "2025年"], ["低保户数", "4900户"]])

    def xml(tree):
        data = docx_writer.write(tree, docx_writer.WriteOptions(styles.get("公文"), FIXED_EPOCH, embed_tree=False))
        return read_parts(io.BytesIO(data))["word/document.xml"]

    red = xml(diff.redline(old, new))
    assert red.count(b"<w:tbl>") == 2
    assert paragraph_texts(red, "accept") == paragraph_texts(xml(new), "accept")
    assert paragraph_texts(red, "reject") == paragraph_texts(xml(old), "accept")
    a, b = EXAMPLES / "zhuanjie-banian-2025.yaml", EXAMPLES / "zhuanjie-minzheng-2024.yaml"
    proc = run_draft("diff", a, b, "--redline", tmp_path / "修订.docx")
    assert_clean_failure(proc, 1)
    assert (tmp_path / "修订.docx").is_file()


# --- formats, exit codes ----------------------------------------------------------------
def test_markdown_and_json(pair):
    a, b = pair("number")
    md = report(a, b, "--format", "md").splitlines()
    assert md[0] == "- **修改** 二、2024年工作回顾 › （三）工作成效 › 1.：…障、1862人纳入特困供养，对~~954~~**1054**人次实施临时救助，全年发…"
    assert md[1] == "- **修改** 表格“2024年主要指标完成情…” › 第5行第4列：~~954~~**1054**"  # that cell
    assert md[-3:] == ["| 数据 | 原值 | 新值 |", "| --- | --- | --- |", "| 临时救助人次 | 954人次 | 1054人次 |"]
    data = json.loads(report(a, b, "-f", "json"))
    assert data["equal"] is False
    assert data["figures"] == [{"name": "临时救助人次", "old": {"value": "954", "unit": "人次"},
                                "new": {"value": "1054", "unit": "人次"}}]
    change = data["changes"][0]
    assert change["op"] == "changed" and change["path"] == "二、2024年工作回顾 › （三）工作成效 › 1."
    assert ["-", "954"] in change["pieces"] and ["+", "1054"] in change["pieces"]
    assert "\x1b" not in report(a, b)  # no colour codes when stdout is not a terminal
    coloured = diff.format_text(diff.compare(*[_build(p) for p in (a, b)]), color=True)
    assert "\x1b[31;9m954\x1b[0m\x1b[32;4m1054\x1b[0m" in coloured  # red struck out, green underlined


def _build(path):
    from drafting.pipeline import build

    return build(path).doc


def test_redline_never_overwrites_an_input_or_a_foreign_file(pair, tmp_path):
    a, b = pair("number")
    proc = run_draft("diff", a, b, "--redline", b)
    assert_clean_failure(proc, 2)
    foreign = tmp_path / "别人的.docx"
    foreign.write_bytes(b"PK not ours")
    proc = run_draft("diff", a, b, "--redline", foreign)
    assert_clean_failure(proc, 2)
    assert foreign.read_bytes() == b"PK not ours"
    proc = run_draft("diff", a, b, "--redline", foreign, "--force")
    assert_clean_failure(proc, 1)
    assert (tmp_path / "别人的.备份.docx").read_bytes() == b"PK not ours"


@pytest.mark.parametrize("suffix", ["yaml", "docx"])
def test_self_diff_is_silent_and_exits_0(pair, suffix):
    a, _ = pair("number", suffix)
    proc = run_draft("diff", a, a)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_trouble_exits_2(tmp_path, pair):
    a, _ = pair("number")
    bad = tmp_path / "坏.yaml"
    bad.write_text("类型: 专节报告\n标题: [\n", encoding="utf-8")
    proc = run_draft("diff", a, bad)
    assert_clean_failure(proc, 2)
    assert "坏.yaml:" in proc.stderr and proc.stdout == ""
    fake = tmp_path / "假.docx"
    fake.write_bytes(b"not a zip")
    proc = run_draft("diff", fake, fake)
    assert_clean_failure(proc, 2)
    assert "不是有效的 DOCX" in proc.stderr
    proc = run_draft("diff", a, tmp_path / "没有.yaml")
    assert_clean_failure(proc, 2)
    proc = run_draft("diff", a, a, "--format", "html")
    assert_clean_failure(proc, 2)


# --- DOCX inputs ------------------------------------------------------------------------
def test_document_against_its_redline_is_silent(pair, tmp_path):
    """A redline carries no tree: its indicator table's title (公文附件标题, a named style) is read as
    the table's title, as the tree has it, so the new document and the redline's accepted text
    compare equal (the title was reported as a new paragraph and a changed table)."""
    a, b = pair("number")
    red = tmp_path / "修订.docx"
    assert_clean_failure(run_draft("diff", a, b, "--redline", red), 1)
    assert run_draft("render", b).returncode == 0
    for new in (b, b.with_suffix(".docx")):
        proc = run_draft("diff", new, red)
        assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout
    table = next(x for x in read(red).blocks if x.kind == "table")
    assert (table.text, table.style) == ("2024年主要指标完成情况表", "公文附件标题")


def test_draft_docx_carries_its_tree(pair):
    a_docx, _ = pair("number", "docx")
    assert fingerprint_state(a_docx) == "ours"
    from drafting.pipeline import build

    assert read(a_docx).to_json() == build(a_docx.with_suffix(".yaml")).doc.to_json()
    parts = read_parts(a_docx)
    assert b"relationships/customXml" in parts["word/_rels/document.xml.rels"]
    assert b"customXmlProperties+xml" in parts["[Content_Types].xml"]


def test_docx_pair_reports_like_yaml_pair(pair):
    a, b = pair("item", "docx")
    ya, yb = pair("item")
    assert report(a, b) == report(ya, yb)


def _word_edit(path: Path, old: str, new: str) -> None:
    """What Word does to a file in the ways that matter here: text changed, runs re-split,
    our tree part left alone (so it no longer matches the fingerprint)."""
    parts = read_parts(path)
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml
    parts["word/document.xml"] = xml.replace(old, new).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())


def test_docx_edited_in_word_is_compared_by_paragraphs_and_styles(pair, tmp_path):
    a, _ = pair("number", "docx")
    edited = tmp_path / "润色.docx"
    shutil.copy(a, edited)
    _word_edit(edited, ">954人次<", ">9</w:t></w:r><w:r><w:t>60人次<")  # Word re-splits the run
    assert fingerprint_state(edited) == "edited"
    tree = read(edited)
    heads = [(b.level, b.text) for b in tree.blocks if b.kind == "heading"]
    assert heads[:3] == [(1, "一、2024年大事记"), (1, "二、2024年工作回顾"), (2, "（一）工作亮点")]
    out = report(a, edited)
    assert out.splitlines()[0] == "修改  二、2024年工作回顾 › （三）工作成效 › 1."
    assert "对[-954-]{+960+}人次" in out
    proc = run_draft("diff", edited, edited)
    assert (proc.returncode, proc.stdout) == (0, "")


def test_word_heading_styles_map_back():
    xml = (f'<w:document xmlns:w="{W[1:-1]}"><w:body>'
           '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>一、总体情况</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>正文。</w:t></w:r></w:p></w:body></w:document>').encode()
    styles = (f'<w:styles xmlns:w="{W[1:-1]}"><w:style w:styleId="Heading1"><w:name w:val="heading 1"/>'
              '</w:style></w:styles>').encode()
    doc = from_paragraphs(xml, styles)
    assert [(b.kind, b.level, [s.role for s in b.spans]) for b in doc.blocks] == [
        ("heading", 1, ["number", "text"]), ("paragraph", 0, ["text"])]


# --- figures hook (the 数据 feature fills Document.meta["figures"]) -----------------------
def test_figures_section_lists_changed_values():
    def doc(figures):
        return Document("专节报告", "公文", [Block("paragraph", (Span("低保对象"), Span("4829户", "figure", "低保户数")))],
                        {"figures": figures})

    old = doc({"低保户数": {"value": "4829", "unit": "户"}, "救助资金": "1亿元", "床位": "260张"})
    new = doc({"低保户数": {"value": "4900", "unit": "户"}, "救助资金": "1亿元", "助餐人次": "60000"})
    rep = diff.compare(old, new)
    assert not rep.changes and not rep.equal
    text = diff.format_text(rep)
    assert text.splitlines() == ["数据变化", "    低保户数：4829户 → 4900户", "    床位：260张 → （无）",
                                 "    助餐人次：（无） → 60000"]
    assert "| 低保户数 | 4829户 | 4900户 |" in diff.format_markdown(rep)
    assert json.loads(diff.format_json(rep))["figures"][0] == {
        "name": "低保户数", "old": {"value": "4829", "unit": "户"}, "new": {"value": "4900", "unit": "户"}}
    assert diff.compare(old, old).equal


# --- render --check ---------------------------------------------------------------------
def test_render_check(workdir):
    yaml = workdir / "zhuanjie-minzheng-2024.yaml"
    proc = run_draft("render", "--check", yaml)
    assert_clean_failure(proc, 1)  # not rendered yet
    assert "不是最新的" in proc.stderr
    assert run_draft("render", yaml).returncode == 0
    proc = run_draft("render", "--check", yaml)
    assert proc.returncode == 0, proc.stderr
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("临时救助人次: 954人次", "临时救助人次: 955人次"), encoding="utf-8")
    proc = run_draft("render", "--check", yaml)
    assert_clean_failure(proc, 1)
    assert "word/document.xml" in proc.stderr
    other = workdir / "其他.docx"
    assert run_draft("render", yaml, "-o", other).returncode == 0
    assert run_draft("render", "--check", yaml, "-o", other).returncode == 0
    yaml.write_text("类型: 专节报告\n标题: [\n", encoding="utf-8")
    proc = run_draft("render", "--check", yaml)
    assert_clean_failure(proc, 2)


# --- once through LibreOffice -----------------------------------------------------------
def _uno_python() -> str | None:
    for exe in ("/usr/bin/python3", shutil.which("python3")):
        if exe and subprocess.run([exe, "-c", "import uno"], capture_output=True).returncode == 0:
            return exe
    return None


@pytest.mark.office
def test_libreoffice_accept_all_and_reject_all(pair, tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed here: accept/reject not checked in LibreOffice")
    py = _uno_python()
    if py is None:
        pytest.skip("no Python with LibreOffice's uno module (python3-uno): accept/reject not checked")
    a, b = pair("item")
    xml = redline(a, b, tmp_path).encode()
    assert b"<w:ins " in xml and b"<w:del " in xml
    new_text = paragraph_texts(_body_only(rendered_xml(b)), "accept")
    old_text = paragraph_texts(_body_only(rendered_xml(a)), "accept")  # renders a.render.docx
    lo = ROOT / "tests/tools/lo_accept_reject.py"
    # the redline, and a normal render (with the embedded tree part): one LibreOffice for both
    proc = subprocess.run([py, lo, tmp_path / "修订.docx", a.with_suffix(".render.docx")], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got, plain = json.loads(proc.stdout)
    assert got["redlines_accept"] > 0 and got["left_accept"] == got["left_reject"] == 0
    # the word joiners around range dashes (docx_body.keep_ranges) are draft's, not the text
    def seen(texts):
        return [t.replace("\u2060", "") for t in texts]

    assert seen(got["accept"]) == new_text
    assert seen(got["reject"]) == old_text
    # the normal render opens too and has no tracked changes
    assert plain["redlines_accept"] == 0 and seen(plain["accept"]) == old_text


@pytest.mark.office
def test_the_libreoffice_script_failing_partway_leaves_no_libreoffice_running(tmp_path):
    """A file LibreOffice cannot open ends the run once LibreOffice is up: its whole process
    group goes (it used to wait 30 s, then kill only the ``soffice`` wrapper: soffice.bin ran on)."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed here")
    py = _uno_python()
    if py is None:
        pytest.skip("no Python with LibreOffice's uno module (python3-uno)")
    proc = subprocess.Popen([py, ROOT / "tests/tools/lo_accept_reject.py", tmp_path / "没有.docx"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode != 0 and out == "" and "Traceback" in err  # it did fail, partway
    marker = f"--accept=pipe,name=draft{proc.pid};".encode()  # the script's pipe
    left = [f"{p.pid} {p.name}" for p in processes() if marker in p.cmdline and p.state != "Z"]
    for pid in left:  # a failure leaves nothing behind
        os.kill(int(pid.split()[0]), signal.SIGKILL)
    assert left == []


def _body_only(document_xml: bytes) -> bytes:
    """The script reads LibreOffice's body paragraphs; table cells (the 附件 indicator table) are not among them."""
    from lxml import etree

    root = etree.fromstring(document_xml)
    for tbl in list(root.iter(f"{W}tbl")):
        tbl.getparent().remove(tbl)
    return etree.tostring(root)


def test_embedded_tree_names_pictures_without_folders(tmp_path):
    """The tree inside the DOCX holds no folder of the writer's machine (same XML everywhere)."""
    import base64

    from drafting import docx_writer, styles
    from drafting.package import FIXED_EPOCH

    png = tmp_path / "照片.png"
    png.write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
    tree = Document("专节报告", "公文", [Block("image", attrs={"path": str(png), "width_mm": 50}),
                                       Block("caption", (Span("图为新建的老年食堂"),))])
    out = tmp_path / "图.docx"
    out.write_bytes(docx_writer.write(tree, docx_writer.WriteOptions(styles.get("公文"), FIXED_EPOCH)))
    parts = read_parts(out)
    assert str(tmp_path).encode() not in parts["customXml/item1.xml"]
    back = read(out)
    assert back.blocks[0].attrs["path"] == "照片.png"
    assert diff.compare(back, tree).equal


def test_render_check_refuses_options_it_cannot_honour(workdir):
    yaml = workdir / "zhuanjie-minzheng-2024.yaml"
    assert_clean_failure(run_draft("render", "--check", yaml, "-f", "txt"), 2)
    assert_clean_failure(run_draft("render", "--check", yaml, workdir / "zhuanjie-weijian-2024.yaml",
                                   "-o", workdir / "x.docx"), 2)


def test_messages_without_a_file_have_no_placeholder_name():
    proc = run_draft("new", "不存在的类型")
    assert_clean_failure(proc, 2)
    assert proc.stderr.startswith("错误：没有“不存在的类型”这种文稿类型") and "<输入>" not in proc.stderr
