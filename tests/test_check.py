"""Issue 6: `draft check` — validation plus lint, many files, summary line, --strict, silencing."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import EXAMPLES, run_inproc
from drafting import lint
from test_errors import BASE

SUMMARY = re.compile(r"^检查了 (\d+) 个文件：(\d+) 个错误，(\d+) 个警告(?:，\d+ 条提示)?（(通过|未通过)）$", re.M)


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def summary(out):
    m = SUMMARY.search(out)
    assert m, out
    return int(m[1]), int(m[2]), int(m[3]), m[4]


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_examples_have_no_warnings(example, tmp_path):
    """Real text: decimals (1.2万), ranges (0--3周岁), (套), Latin (DR) and dates raise nothing."""
    src = tmp_path / example
    shutil.copy(EXAMPLES / example, src)
    code, out, err = run_inproc("check", "--strict", src)
    assert code == 0, out + err
    assert summary(out) == (1, 0, 0, "通过")


def test_many_files_and_summary(tmp_path):
    clean = write(tmp_path, "a.yaml", BASE)
    warned = write(tmp_path, "b.yaml", BASE.replace("如下。", "如下,请审阅。").replace("2024年专节", "2024年专节"))
    broken = write(tmp_path, "c.yaml", BASE.replace("单位: ", "单位："))
    code, out, err = run_inproc("check", clean, warned, broken)
    assert code == 1
    assert summary(out) == (3, 1, 1, "未通过")
    assert f"{warned}:5:17: 警告：[W101]" in out and f"{broken}:3:3: 错误：" in out
    assert not list(tmp_path.glob("*.docx")) and not list(tmp_path.glob("*.txt"))  # check writes nothing


def test_strict_turns_warnings_into_errors(tmp_path):
    warned = write(tmp_path, "b.yaml", BASE.replace("资金保障不足。", "资金保障不足,节省54977.36。"))
    code, out, _ = run_inproc("check", warned)
    assert code == 0 and summary(out) == (1, 0, 2, "通过")
    code, out, _ = run_inproc("check", "--strict", warned)
    assert code == 1 and summary(out) == (1, 2, 0, "未通过")
    assert out.count(": 错误：[W1") == 2


def test_silenced_per_file(tmp_path):
    text = BASE.replace("资金保障不足。", "资金保障不足,节省54977.36。")
    code, out, _ = run_inproc("check", write(tmp_path, "a.yaml", text + "忽略检查: [W101]\n"))
    assert "W101" not in out and "[W107]" in out and summary(out)[2] == 1
    code, out, _ = run_inproc("check", write(tmp_path, "b.yaml", text + "忽略检查: [W101, W107]\n"))
    assert summary(out) == (1, 0, 0, "通过")
    code, out, _ = run_inproc("check", write(tmp_path, "c.yaml", BASE + "忽略检查: [W999]\n"))
    assert ":8:8: 警告：[W100] “忽略检查”里的“W999”不是已有的检查代码" in out


def test_empty_heading_and_empty_key(tmp_path):
    text = BASE + "部分:\n  - 标题: 主要工作情况\n    单独成行: true\n下一步打算: \n"
    code, out, _ = run_inproc("check", write(tmp_path, "a.yaml", text))
    assert ":9:9: 警告：[W105] 标题“二、主要工作情况”下面没有内容" in out
    assert ":11:1: 警告：[W105] “下一步打算”是空的" in out


def _lint_of(texts):
    prose = [lint.Prose(("正文", i), t, lint.blank_figures(t)) for i, t in enumerate(texts)]
    return lint.Lint(source=None, model=None, doc=None, title_chars=18, prose=prose)


def test_figure_references_are_not_prose():
    found = list(lint.ascii_punctuation(_lint_of(["节省{金额:,.2f}元，占{比例:.1%}。", "共计{人数}人."])))
    assert [(h.prose.text[h.offset], h.offset) for h in found] == [(".", 7)]  # only the real full stop
    assert not list(lint.bare_number(_lint_of(["投入资金{金额}。", "{{不是引用}}。"])))
    assert [h.message for h in lint.bare_number(_lint_of(["投入资金54977.36，增长12%。"]))] == [
        "数字“54977.36”后面没有单位或量词（元、人、个、%……）"]


def test_a_new_rule_is_one_function(tmp_path):
    """Another developer adds a rule by writing one decorated function; silencing works for it."""

    @lint.rule("W199", "测试规则：不要写“某某”")
    def no_placeholder_names(l):
        for p in l.prose:
            i = p.plain.find("某某")
            if i >= 0:
                yield lint.Hit("不要写“某某”", p, i)

    try:
        assert lint.RULES[-1] is no_placeholder_names and no_placeholder_names.code == "W199"
        src = write(tmp_path, "a.yaml", BASE.replace("单位: 县民政局", "单位: 某某县民政局"))
        code, out, _ = run_inproc("check", src)
        assert f"{src}:3:5: 警告：[W199] 不要写“某某”" in out
        src.write_text(src.read_text(encoding="utf-8") + "忽略检查: [W199]\n", encoding="utf-8")
        assert "W199" not in run_inproc("check", src)[1]
    finally:
        lint.RULES.remove(no_placeholder_names)


def test_every_rule_has_code_and_chinese_summary():
    codes = [r.code for r in lint.RULES]
    assert len(codes) == len(set(codes)) >= 8
    for r in lint.RULES:
        assert re.fullmatch(r"W\d{3}", r.code) and re.search(r"[\u4e00-\u9fff]", r.summary)


def test_gbk_file_is_a_warning_strict_an_error(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_bytes(BASE.encode("gbk"))
    code, out, _ = run_inproc("check", src)
    assert code == 0 and f"{src}: 警告：[W001] 文件是 GB18030/GBK 编码" in out
    assert run_inproc("check", "--strict", src)[0] == 1
    src.write_bytes((BASE + "忽略检查: [W001]\n").encode("gbk"))
    assert summary(run_inproc("check", "--strict", src)[1]) == (1, 0, 0, "通过")


def test_points_without_a_closing_mark_are_pointed_at(tmp_path):
    """要点 in one paragraph with no mark at their end run together when rendered; W405 points at
    each such item (its last character), says how to fix it, and the render adds no mark of its
    own (the text is the writer's)."""
    text = BASE + ("工作回顾:\n"                       # 8
                   "  条目:\n"                         # 9
                   "    - 标题: 兜底保障更有力。\n"     # 10
                   "      要点:\n"                     # 11
                   "        - 提高低保标准\n"           # 12
                   "        - 完善救助机制。\n"         # 13
                   "        - 标题: “精准服务”更贴心\n"  # 14
                   "          正文: 上门助餐。\n"       # 15
                   "    - 标题: 分段成行。\n"           # 16
                   "      要点分段: true\n"             # 17
                   "      要点:\n"                     # 18
                   "        - 各成一段不会连在一起\n")   # 19
    src = write(tmp_path, "a.yaml", text)
    code, out, _ = run_inproc("check", src)
    assert code == 0 and summary(out) == (1, 0, 2, "通过"), out
    assert (f"{src}:12:16: 警告：[W405] 要点“……提高低保标准”末尾没有标点，排出来与“二是……”连成一句："
            "请在每项末尾加“；”或“。”") in out
    assert f"{src}:14:23: 警告：[W405] 要点的标题““精准服务”更贴心”后面没有标点" in out
    assert run_inproc("check", "--strict", src)[0] == 1
    code, txt, _ = run_inproc("render", src, "-f", "txt", "-o", "-")
    assert "一是提高低保标准二是完善救助机制。三是“精准服务”更贴心上门助餐。" in txt
    assert "W405" in (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")


def test_a_one_line_text_is_named_as_written_not_as_the_schema_s_first_item(tmp_path):
    """正文 written as one line is the schema's list of one: a message names the field the writer
    typed ("… › 正文"), not a "第1项" they never wrote; a 正文 of several lines keeps its item."""
    src = (EXAMPLES / "zhuanjie-minzheng-2024.yaml").read_text(encoding="utf-8")
    one = src.replace("正文: 在“民以食为天”", "正文: 在{没有这个数据}“民以食为天”", 1)
    assert one != src
    (tmp_path / "a.yaml").write_text(one, encoding="utf-8")
    code, out, _ = run_inproc("check", tmp_path / "a.yaml")
    assert code == 1 and "“数据”里没有“没有这个数据”" in out, out
    assert "[工作回顾 › 工作亮点 › 第1项 › 正文]" in out, out
    two = src.replace("      正文: 在“民以食为天”", "      正文: |\n        第一段。\n        在{没有这个数据}“民以食为天”", 1)
    (tmp_path / "b.yaml").write_text(two, encoding="utf-8")
    code, out, _ = run_inproc("check", tmp_path / "b.yaml")
    assert code == 1 and "[工作回顾 › 工作亮点 › 第1项 › 正文 › 第2项]" in out, out
