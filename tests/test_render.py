"""Issue 3: a 专节报告 YAML becomes a GB/T 9704 DOCX — read back as a reviewer would."""
from __future__ import annotations

import re
import subprocess
import zipfile

import docx
import pytest

from conftest import ROOT, assert_clean_failure, run_draft, run_inproc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MINZHENG = "zhuanjie-minzheng-2024.yaml"
WEIJIAN = "zhuanjie-weijian-2024.yaml"


def draft(*args):
    """``draft`` run in this process, its result shaped like a finished process."""
    code, out, err = run_inproc(*args)
    return subprocess.CompletedProcess(args, code, out, err)


@pytest.fixture
def rendered(workdir):
    def render(name, *extra):
        proc = draft("render", workdir / name, *extra)
        assert proc.returncode == 0, proc.stderr
        return workdir / name.replace(".yaml", ".docx")

    return render


def paragraphs(path):
    return [p for p in docx.Document(path).paragraphs]


def east_asia(style) -> str:
    fonts = style.element.find(f"{W}rPr/{W}rFonts")
    return fonts.get(f"{W}eastAsia")


def test_seed_003_text_in_order(rendered):
    """Every paragraph of the seed, in order, with computed numbering and full-width punctuation."""
    # (the word joiners around range dashes are invisible: docx_body.keep_ranges)
    got = [p.text.replace("\n", "").replace("\u2060", "") for p in paragraphs(rendered(MINZHENG))]
    seed = (ROOT / "seeds/clean/003_213d559688508c3e.txt").read_text(encoding="utf-8").splitlines()
    # the seed is cut off by a paywall in its last sentence; everything before must match exactly
    assert got[: len(seed) - 1] == seed[:-1]
    assert got[len(seed) - 1].startswith(seed[-1])
    end = got.index("附件")  # the indicator table follows on its own page (tests/test_figures.py)
    assert got[end - 2:end] == ["城口县民政局", "2025年1月6日"]


def test_long_title_breaks_at_sense_unit(rendered):
    title = paragraphs(rendered(MINZHENG))[0]
    assert title.text == "民政局2024年政府工作报告\n保障民生专节报告"
    assert title.style.name == "公文标题"


def test_numbering_and_heading_styles(rendered):
    ps = paragraphs(rendered(MINZHENG))
    by_text = {p.text: p for p in ps}
    assert by_text["一、2024年大事记"].style.name == "公文一级标题"
    assert by_text["二、2024年工作回顾"].style.name == "公文一级标题"
    assert by_text["（一）工作亮点"].style.name == "公文二级标题"
    assert by_text["（三）工作成效"].style.name == "公文二级标题"
    assert by_text["三、存在问题"].style.name == "公文一级标题"
    item = next(p for p in ps if p.text.startswith("1.聚焦老有所养"))
    # run-in heading: the number and lead sentence take the level-3 face, the body does not
    runs = item.runs
    assert runs[0].text == "1." and runs[1].text == "聚焦老有所养，推动助餐从服务老龄到全龄转变。"
    assert runs[0].style.name == runs[1].style.name == "公文三级标题字符"
    assert runs[1].style.font.bold
    assert runs[2].style.name != "公文三级标题字符"
    points = next(p for p in ps if p.text.startswith("1.聚焦“群众期盼”"))
    markers = [r.text for r in points.runs if r.style.name == "公文要点序号"]
    assert markers == ["一是", "二是", "三是", "四是", "五是"]


def test_four_levels_and_features(rendered):
    ps = paragraphs(rendered(WEIJIAN))
    texts = [p.text for p in ps]
    assert texts[0] == "县卫生健康局关于2024年卫生健康工作\n情况的专节报告"
    assert "（1）人才下沉。选派42名县级医生到乡镇坐诊，服务群众1.2万人次。" in texts
    assert "2.夯实基层网底" in texts  # 单独成行: standalone level-3 heading
    assert ps[texts.index("2.夯实基层网底")].style.name == "公文三级标题"
    assert "一是群众看病更方便。县域就诊率达到90.3%。" in texts  # 要点分段
    assert "附件：1.2024年卫生健康主要指标完成情况" in texts
    # the range reads as typed; invisible word joiners keep it on one line (docx_body.keep_ranges)
    assert "0--3周岁儿童健康管理率达93.5%" in texts[texts.index("（二）公共卫生服务持续加强") + 1].replace("\u2060", "")
    assert texts[texts.index("附件1") - 1] == "2025年1月10日"


def test_reordering_renumbers(workdir):
    src = (workdir / WEIJIAN).read_text(encoding="utf-8")
    # move 存在问题 before 部分: it becomes part 二 and 主要工作情况 part 三
    block = "存在问题: 优质医疗资源总量不足，基层卫生人才引不来、留不住的问题仍然存在。\n"
    moved = src.replace(block, "").replace("部分:\n", block + "部分:\n", 1)
    (workdir / "moved.yaml").write_text(moved, encoding="utf-8")
    proc = draft("render", workdir / "moved.yaml", "-f", "txt", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines.index("二、存在问题") < lines.index("三、主要工作情况")


def test_styles_fonts_page_and_footers(rendered):
    path = rendered(MINZHENG)
    d = docx.Document(path)
    s = d.styles
    assert east_asia(s["公文标题"]) == "方正小标宋简体" and s["公文标题"].font.size.pt == 22
    assert east_asia(s["公文正文"]) == "仿宋_GB2312" and s["公文正文"].font.size.pt == 16
    assert east_asia(s["公文一级标题"]) == "黑体"
    assert east_asia(s["公文二级标题"]) == "楷体_GB2312"
    assert east_asia(s["公文三级标题"]) == "仿宋_GB2312" and s["公文三级标题"].font.bold
    assert east_asia(s["公文四级标题"]) == "仿宋_GB2312"
    for name in ("公文标题", "公文正文", "公文一级标题", "公文页码"):
        fonts = s[name].element.find(f"{W}rPr/{W}rFonts")
        assert all(fonts.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")), name
        assert s[name].element.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    body = s["公文正文"].element
    assert body.find(f"{W}pPr/{W}spacing").get(f"{W}line") == "579"
    assert body.find(f"{W}pPr/{W}spacing").get(f"{W}lineRule") == "exact"
    assert body.find(f"{W}rPr/{W}spacing").get(f"{W}val") == "-5"
    assert body.find(f"{W}pPr/{W}overflowPunct").get(f"{W}val") == "1"
    assert body.find(f"{W}pPr/{W}ind").get(f"{W}firstLine") == "640"
    assert s["公文一级标题"].paragraph_format.keep_with_next
    sec = d.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297
    assert abs(sec.top_margin.mm - 37) < 0.1 and abs(sec.left_margin.mm - 28) < 0.1
    assert abs(sec.bottom_margin.mm - 35) < 0.1 and abs(sec.right_margin.mm - 26) < 0.1
    with zipfile.ZipFile(path) as z:
        assert b"<w:docGrid" not in z.read("word/document.xml")
        assert b"<w:evenAndOddHeaders/>" in z.read("word/settings.xml")
    for footer, align in ((sec.footer, "right"), (sec.even_page_footer, "left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert p.text == "— 1 —"
        assert p.alignment is not None and p.alignment.name.lower() == align
        assert p.paragraph_format.first_line_indent == 0


def test_signature_and_date_placement(rendered):
    ps = paragraphs(rendered(MINZHENG))
    end = [p.text for p in ps].index("附件")  # the attachment page follows the date
    sig, date = ps[end - 2], ps[end - 1]
    assert sig.style.name == "公文署名" and sig.style.paragraph_format.right_indent == 640 * 635
    assert date.text == "2025年1月6日"  # Arabic numerals, no padding zeros
    assert date.paragraph_format.right_indent is not None  # centred under the organ


def test_same_yaml_same_bytes(workdir):
    out1, out2 = workdir / "a.docx", workdir / "b.docx"
    assert draft("render", workdir / MINZHENG, "-o", out1).returncode == 0
    assert draft("render", workdir / MINZHENG, "-o", out2).returncode == 0
    assert out1.read_bytes() == out2.read_bytes()
    with zipfile.ZipFile(out1) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 1, 6, 0, 0, 0)}  # the report's date
        assert b"2025-01-06T00:00:00Z" in z.read("docProps/core.xml")


def test_source_date_epoch_wins(workdir, monkeypatch):
    out = workdir / "e.docx"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    proc = draft("render", workdir / MINZHENG, "-o", out)
    assert proc.returncode == 0
    with zipfile.ZipFile(out) as z:
        assert b"2023-11-14T22:13:20Z" in z.read("docProps/core.xml")


def test_edited_docx_is_not_overwritten(workdir, rendered):
    path = rendered(MINZHENG)
    d = docx.Document(path)
    d.paragraphs[2].add_run("（已润色）")
    d.save(path)
    edited = path.read_bytes()
    proc = draft("render", workdir / MINZHENG)
    assert_clean_failure(proc, 2)
    assert str(path.name) in proc.stderr and "--force" in proc.stderr
    assert path.read_bytes() == edited
    proc = draft("render", workdir / MINZHENG, "--force")
    assert proc.returncode == 0, proc.stderr
    backup = workdir / "zhuanjie-minzheng-2024.备份.docx"
    assert backup.read_bytes() == edited  # nothing the writer did is lost
    assert "（已润色）" not in docx.Document(path).paragraphs[2].text


def test_foreign_file_is_not_overwritten(workdir):
    target = workdir / "zhuanjie-minzheng-2024.docx"
    target.write_bytes(b"not ours")
    proc = draft("render", workdir / MINZHENG)
    assert_clean_failure(proc, 2)
    assert target.read_bytes() == b"not ours"


def test_missing_required_field(workdir):
    src = (workdir / MINZHENG).read_text(encoding="utf-8")
    bad = workdir / "bad.yaml"
    bad.write_text(src.replace("单位: 城口县民政局\n", ""), encoding="utf-8")
    before = bad.read_bytes()
    proc = draft("render", bad)
    assert_clean_failure(proc, 1)
    assert re.search(r"bad\.yaml:\d+:\d+: 错误：缺少必填项“单位”", proc.stderr), proc.stderr
    assert bad.read_bytes() == before
    assert not (workdir / "bad.docx").exists()


def test_wrong_type_points_at_value(workdir):
    bad = workdir / "bad.yaml"
    src = (workdir / MINZHENG).read_text(encoding="utf-8").replace("年度: 2024", "年度: 二〇二四")
    bad.write_text(src, encoding="utf-8")
    proc = draft("render", bad)
    assert_clean_failure(proc, 1)
    line = src.splitlines().index("年度: 二〇二四") + 1
    assert f"bad.yaml:{line}:5: 错误：应是整数" in proc.stderr
    assert "[年度]" in proc.stderr and "^" in proc.stderr


def test_unknown_key_suggests(workdir):
    bad = workdir / "bad.yaml"
    src = (workdir / MINZHENG).read_text(encoding="utf-8").replace("工作举措:", "工作措施:")
    bad.write_text(src, encoding="utf-8")
    proc = draft("render", bad)
    assert_clean_failure(proc, 1)
    assert "不认识的项“工作措施”，是不是“工作举措”？" in proc.stderr
    assert "[工作回顾 › 工作措施]" in proc.stderr


def test_unknown_type(workdir):
    bad = workdir / "bad.yaml"
    bad.write_text("类型: 述职报告\n标题: x\n", encoding="utf-8")
    proc = draft("render", bad)
    assert_clean_failure(proc, 1)
    assert "bad.yaml:1:5: 错误：不认识的类型“述职报告”" in proc.stderr and "专节报告" in proc.stderr


def test_text_and_markdown_to_stdout(workdir):
    txt = draft("render", workdir / MINZHENG, "-f", "txt", "-o", "-")
    assert txt.returncode == 0 and txt.stdout.splitlines()[3] == "一、2024年大事记"
    md = draft("render", workdir / MINZHENG, "-f", "md", "-o", "-")
    assert md.returncode == 0
    assert "## 一、2024年大事记" in md.stdout and "### （一）工作亮点" in md.stdout
    assert "**1.聚焦老有所养，推动助餐从服务老龄到全龄转变。**在“民以食为天”" in md.stdout


def test_output_never_replaces_input(workdir):
    proc = draft("render", workdir / MINZHENG, "-f", "txt", "-o", workdir / MINZHENG)
    assert_clean_failure(proc, 2)
    assert (workdir / MINZHENG).read_text(encoding="utf-8").startswith("#")


def test_bad_format_is_usage_error(workdir):
    """The process contract: the real command's exit code is main's (2 for a usage mistake)."""
    assert_clean_failure(run_draft("render", workdir / MINZHENG, "-f", "pdfx"), 2)


def test_types_lists_builtin():
    proc = draft("types")
    assert proc.returncode == 0
    row = next(line for line in proc.stdout.splitlines() if line.startswith("专节报告"))
    assert "内置" in row and "公文" in row


def test_version():
    proc = run_draft("--version")  # a real process: `python -m drafting.cli` prints and exits 0
    assert proc.returncode == 0 and proc.stdout.startswith("draft ")


def test_attachment_note_in_body_face(rendered):
    """GB/T 9704 7.3.4: the 附件说明 ("附件：1.XXX") is set like the body, no 黑体, no bold numbers."""
    d = docx.Document(rendered(WEIJIAN))
    note = next(p for p in d.paragraphs if p.text.startswith("附件："))
    for run in note.runs:
        style = run.style
        assert style.name in ("Default Paragraph Font", "公文标签"), style.name
        if style.name == "公文标签":
            fonts = style.element.find(f"{W}rPr/{W}rFonts")
            assert fonts.get(f"{W}eastAsia") is None and not style.font.bold


def test_outputs_are_readable_like_other_files(workdir, rendered):
    import os

    mask = os.umask(0o022)
    try:
        path = rendered(MINZHENG)
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_text_output_never_replaces_somebody_elses_file(workdir):
    other = workdir / WEIJIAN
    before = other.read_bytes()
    proc = draft("render", workdir / MINZHENG, "-f", "txt", "-o", other)
    assert_clean_failure(proc, 2)
    assert "不是 draft 生成的" in proc.stderr and other.read_bytes() == before
    # a preview of the same kind is simply regenerated
    preview = workdir / "预览.txt"
    for _ in range(2):
        assert draft("render", workdir / MINZHENG, "-f", "txt", "-o", preview).returncode == 0
    assert preview.read_text(encoding="utf-8").startswith("民政局2024年政府工作报告")


def test_schema_output_never_replaces_a_yaml(workdir):
    target = workdir / MINZHENG
    before = target.read_bytes()
    proc = draft("schema", "专节报告", "-o", target)
    assert_clean_failure(proc, 2)
    assert target.read_bytes() == before
    schema = workdir / "专节报告.schema.json"
    for _ in range(2):  # its own output is rewritten
        assert draft("schema", "专节报告", "-o", schema).returncode == 0


def test_gbk_warning_can_be_silenced(workdir):
    src = (workdir / WEIJIAN).read_text(encoding="utf-8")
    gbk = workdir / "gbk.yaml"
    gbk.write_bytes(src.encode("gb18030"))
    assert "W001" in draft("render", gbk, "-o", workdir / "a.docx").stderr  # said once by default
    gbk.write_bytes((src + "忽略检查: [W001]\n").encode("gb18030"))
    for args in (("render", gbk, "-o", workdir / "b.docx"), ("check", gbk)):
        proc = draft(*args)
        assert proc.returncode == 0, proc.stderr
        assert "W001" not in proc.stderr + proc.stdout  # neither the warning nor "unknown code W001"
