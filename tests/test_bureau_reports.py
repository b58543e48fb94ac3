"""Issue 15: 专节报告 as bureaus really write them — optional signature and date, 附注, a numbering
line, 元数据, reporting periods, stated rates and approximations, titles broken between words,
number ranges kept on one line, hints after render, attachments that exist."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import EXAMPLES, ROOT, run_draft, run_inproc
from drafting.measure import title_lines

HEAD = "类型: 专节报告\n标题: 县民政局2025年专节报告\n单位: 某某县民政局\n年度: 2025\n开头: 现将我局工作情况报告如下。\n"


def render(tmp_path, text: str, *args) -> tuple[int, str, Path]:
    src = tmp_path / "报告.yaml"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "报告.docx"
    proc = run_draft("render", src, "-o", out, *args)
    return proc.returncode, proc.stderr, out


def texts(path: Path) -> list[str]:
    return [p.text.replace("\u2060", "") for p in docx.Document(path).paragraphs]


def styles(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(path).paragraphs]


# --- 1. back matter -------------------------------------------------------------------------
def test_no_signature_and_no_date_print_neither(tmp_path):
    code, err, out = render(tmp_path, HEAD)
    assert code == 0, err
    kinds = [s for s, _ in styles(out)]
    assert "公文署名" not in kinds and "公文成文日期" not in kinds
    assert "某某县民政局" not in texts(out)  # no invented signature


def test_signature_none_keeps_the_date_and_a_date_alone_signs_with_the_unit(tmp_path):
    code, err, out = render(tmp_path, HEAD + "落款: 无\n日期: 2025-07-10\n")
    assert code == 0, err
    assert ("公文成文日期", "2025年7月10日") in styles(out)
    assert not [t for s, t in styles(out) if s == "公文署名"]
    code, err, out = render(tmp_path, HEAD + "日期: 2025-07-10\n")
    assert ("公文署名", "某某县民政局") in styles(out)


def test_no_signature_is_a_note_that_strict_passes(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(HEAD, encoding="utf-8")
    code, out, _ = run_inproc("check", "--strict", src)
    assert code == 0 and "提示：[W403]" in out and "1 条提示（通过）" in out


def test_note_after_the_date_in_brackets(tmp_path):
    code, err, out = render(tmp_path, HEAD + "落款: 某某县民政局\n日期: 2025-07-10\n附注: 联系人：张三，电话：12345678\n")
    assert code == 0, err
    t = texts(out)
    assert t[t.index("2025年7月10日") + 1] == "（联系人：张三，电话：12345678）"


# --- 2. front matter --------------------------------------------------------------------------
META = "元数据:\n  索引号: 115000/2025-00124\n  发布机构: 某某县民政局\n"


def test_numbering_line_above_the_title_as_written(tmp_path):
    code, err, out = render(tmp_path, HEAD + "编号: 中卫2024124\n")
    assert code == 0, err
    assert styles(out)[:2] == [("公文正文无缩进", "中卫2024124"), ("公文标题", "县民政局2025年专节报告")]


def test_metadata_in_custom_properties_printed_only_when_asked(tmp_path):
    code, err, out = render(tmp_path, HEAD + META)
    assert code == 0, err
    custom = zipfile.ZipFile(out).read("docProps/custom.xml").decode()
    assert 'name="索引号"><vt:lpwstr>115000/2025-00124<' in custom and 'name="发布机构"' in custom
    assert not any("索引号" in t for t in texts(out))
    code, err, out = render(tmp_path, HEAD + META + "元数据显示: true\n", "--force")
    assert texts(out)[:2] == ["索引号：115000/2025-00124", "发布机构：某某县民政局"]


# --- 3. reporting period ----------------------------------------------------------------------
def test_period_names_the_table_and_its_columns(tmp_path):
    text = HEAD + "期间: 1—11月\n数据:\n  救助人次: {值: 954, 单位: 人次, 上年: 900}\n指标表: true\n"
    code, err, out = render(tmp_path, text.replace("开头: 现将我局工作情况报告如下。", "开头: 救助{救助人次}。"))
    assert code == 0, err
    d = docx.Document(out)
    header = [c.text for c in d.tables[0].rows[0].cells]
    assert "2024年1—11月" in header and "2025年1—11月" in header
    assert "2025年1—11月主要指标完成情况表" in texts(out)
    assert "附件：2025年1—11月主要指标完成情况表" in texts(out)


# --- 4. figures as written --------------------------------------------------------------------
FIGS = ("数据:\n  场次: 20余场\n  资金: 近4亿元\n  人数: {值: 457, 单位: 万人, 约数: 逾}\n  覆盖: 95%以上\n"
        "  指标: {值: 88.35, 单位: 亿元, 完成率: 176.7%}\n")


def test_approximations_and_stated_rates_print_where_the_writer_put_them(tmp_path):
    body = "开头: 开展活动{场次}，投入{资金}，惠及{人数}，覆盖率{覆盖}，省级指标完成率{指标:完成率}。\n"
    code, err, out = render(tmp_path, HEAD.replace("开头: 现将我局工作情况报告如下。\n", body) + FIGS
                           + "指标表: [指标, 场次]\n")
    assert code == 0, err
    assert "开展活动20余场，投入近4亿元，惠及逾457万人，覆盖率95%以上，省级指标完成率176.7%。" in texts(out)
    rows = [[c.text for c in r.cells] for r in docx.Document(out).tables[0].rows]
    assert rows[0][-1] == "完成率" and rows[1][-1] == "176.7%" and rows[2][-1] == "—"
    assert rows[2][rows[0].index("2025年")] == "20余"


def test_no_arithmetic_on_an_approximation(tmp_path):
    text = HEAD.replace("如下。", "如下，资金{资金:同比}。") + "数据:\n  资金: {值: 4, 单位: 亿元, 上年: 3, 约数: 近}\n"
    code, err, _ = render(tmp_path, text)
    assert code == 1 and "报告.yaml:5:" in err and "是约数（近4亿元），不能计算同比" in err


# --- 5. titles ----------------------------------------------------------------------------------
@pytest.mark.parametrize("title, lines", [
    ("某某县民政局关于2025年度民政工作情况的报告", ["某某县民政局关于", "2025年度民政工作情况的报告"]),
    ("某某市人力资源和社会保障局关于2024年工作总结的报告", ["某某市人力资源和社会保障局", "关于2024年工作总结的报告"]),
    ("县卫生健康局关于2025年上半年卫生健康工作情况的报告", ["县卫生健康局关于2025年上半年", "卫生健康工作情况的报告"]),
])
def test_titles_break_between_words(title, lines):
    assert title_lines(title, 18) == lines


def _titles():
    for line in (ROOT / "tests" / "data" / "titles.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.strip()


def test_every_real_title_breaks_at_a_marked_place():
    """The titles in tests/data/titles.txt (54 of 61 need breaking; bench/titles.py measures them)."""
    assert sum(1 for _ in _titles()) >= 50
    for marked in _titles():
        title = marked.replace("|", "")
        marks, pos = set(), 0
        for part in marked.split("|"):
            pos += len(part)
            marks.add(pos)
        lines = title_lines(title, 18)
        assert "".join(lines) == title
        cuts = {sum(map(len, lines[:k])) for k in range(1, len(lines))}
        assert cuts <= marks, (title, lines)


def test_an_explicit_break_wins(tmp_path):
    text = HEAD.replace("标题: 县民政局2025年专节报告", "标题:\n  - 某某县民政局关于2025年\n  - 度民政工作情况的报告")
    code, err, out = render(tmp_path, text)
    assert code == 0, err
    assert texts(out)[0] == "某某县民政局关于2025年\n度民政工作情况的报告"


def test_the_segmenter_is_loaded_only_for_a_long_title(tmp_path):
    """... and only the first time: a title's words are kept in draft's cache folder."""
    short, long = tmp_path / "short.yaml", tmp_path / "long.yaml"
    short.write_text(HEAD, encoding="utf-8")
    long.write_text(HEAD.replace("县民政局2025年专节报告", "某某县民政局关于2025年度民政工作情况的报告"), encoding="utf-8")
    probe = ("import sys; from drafting.pipeline import build, to_docx; to_docx(build(sys.argv[1]).doc); "
             "print('rjieba' in sys.modules)")
    env = {**os.environ, "DRAFT_CACHE_DIR": str(tmp_path / "cache")}
    seen = [subprocess.run([sys.executable, "-c", probe, str(p)], capture_output=True, text=True, cwd=ROOT,
                           check=True, env=env).stdout.strip() for p in (short, long, long)]
    assert seen == ["False", "True", "False"]


# --- 6. the writer's flow -----------------------------------------------------------------------
def test_render_ends_with_the_count_of_warnings_it_did_not_print(tmp_path):
    code, err, _ = render(tmp_path, HEAD.replace("如下。", "如下,请审阅。") + "附件: [清单]\n")
    assert code == 0
    assert err.rstrip().splitlines()[-1] == "另有 2 条写法提示，运行 draft check 查看"
    code, err, _ = render(tmp_path, HEAD, "--force")
    assert "写法提示" not in err  # a note (W403) is no warning


def test_attachment_sent_separately_is_not_missing(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(HEAD + "附件:\n  - {名称: 2025年重点项目清单, 另送: true}\n", encoding="utf-8")
    code, out, _ = run_inproc("check", "--strict", src)
    assert code == 0 and "W402" not in out
    code, err, out = render(tmp_path, src.read_text(encoding="utf-8"))
    assert "附件：2025年重点项目清单" in texts(out)


def test_a_number_range_stays_on_one_line_and_reads_as_typed(tmp_path):
    code, err, out = render(tmp_path, HEAD.replace("如下。", "如下，补助标准为每人每年100-6000元，0--3周岁。"))
    assert code == 0, err
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "100\u2060-\u20606000元" in xml and "0\u2060-\u2060-\u20603周岁" in xml
    from drafting.docx_reader import paragraph_texts

    body = zipfile.ZipFile(out).read("word/document.xml")
    assert any("每人每年100-6000元，0--3周岁。" in t for t in paragraph_texts(body, "accept"))


@pytest.mark.office
def test_a_number_range_is_not_broken_by_libreoffice(tmp_path):
    lines = "".join(f"  - {'国' * k}补助标准为每人每年100-6000元不等。\n" for k in range(12, 18))
    src, pdf = tmp_path / "r.yaml", tmp_path / "r.pdf"
    src.write_text(HEAD.replace("开头: 现将我局工作情况报告如下。\n", "开头:\n" + lines), encoding="utf-8")
    proc = run_draft("render", src, "-f", "pdf", "-o", pdf)
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("100-6000") == 6, text  # never "100-" at a line's end


# --- 8. the half-year example ---------------------------------------------------------------
def test_half_year_example_uses_what_the_issue_asks_for():
    text = (EXAMPLES / "zhuanjie-banian-2025.yaml").read_text(encoding="utf-8")
    for key in ("期间: 上半年", "完成率: 176.7%", "20余场", "近4000万元", "约数: 逾", "编号: "):
        assert key in text
    assert "\n落款:" not in text and "\n日期:" not in text
    code, out, _ = run_inproc("check", "--strict", EXAMPLES / "zhuanjie-banian-2025.yaml")
    assert code == 0, out
