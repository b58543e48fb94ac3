"""Issue 5: the 新闻通稿 and 学习反响 types, added as plugins (schema, template, example only)."""
from __future__ import annotations

import docx
import pytest

from conftest import assert_clean_failure, run_draft

TONGGAO = "tonggao-dingzhou-2024.yaml"
FANXIANG = "fanxiang-shanxi-2024.yaml"


def render_docx(path):
    proc = run_draft("render", path)
    assert proc.returncode == 0, proc.stderr
    return docx.Document(path.with_suffix(".docx"))


def render_txt(tmp_path, text):
    path = tmp_path / "稿件.yaml"
    path.write_text(text, encoding="utf-8")
    return run_draft("render", path, "-f", "txt", "-o", "-")


def test_types_lists_the_four_types():
    proc = run_draft("types")
    assert proc.returncode == 0, proc.stderr
    rows = {line.split()[0]: line for line in proc.stdout.splitlines()[1:]}
    assert set(rows) >= {"专节报告", "综述", "新闻通稿", "学习反响"}
    assert "内置" in rows["新闻通稿"] and TONGGAO in rows["新闻通稿"] and "报刊" in rows["新闻通稿"]
    assert "内置" in rows["学习反响"] and FANXIANG in rows["学习反响"] and "报刊" in rows["学习反响"]


def test_release_dateline_and_run_in_leads(workdir):
    doc = render_docx(workdir / TONGGAO)
    ps = doc.paragraphs
    assert [p.style.name for p in ps] == ["报刊正文"] * 4  # no title, no headings
    first = ps[0].runs
    # the 电头 is a dateline (its own role and style), run in before the event lead
    assert first[0].text == "本报讯（记者孙媛媛、通讯员谷晓丹、徐燕华）" and first[0].style.name == "报刊电头"
    assert first[1].text.startswith("12月24日，市政府新闻办公室") and first[1].style.name != "报刊电头"
    leads = [p.runs[0].text for p in ps[1:]]
    assert leads[0] == "我市坚持促进充分就业和社保扩面，兜牢民生底线。"
    assert all(p.runs[0].style.name == "报刊段首句" for p in ps[1:])
    assert doc.core_properties.author == "孙媛媛 谷晓丹 徐燕华"


@pytest.mark.parametrize("dateline, first_line", [
    ("电头:\n  通讯员: 李四\n", "本报讯（通讯员李四）县里开了会。"),
    ("电头:\n  报头: 本报综合消息\n  日期: 1月6日上午\n", "本报综合消息1月6日上午，县里开了会。"),
    ("", "本报讯县里开了会。"),
])
def test_release_dateline_forms(tmp_path, dateline, first_line):
    proc = render_txt(tmp_path, f"类型: 新闻通稿\n标题: 县里开会\n{dateline}导语: 县里开了会。\n正文:\n  - 会开得好。\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["县里开会", first_line, "会开得好。"]


def test_release_errors_are_located(tmp_path):
    proc = render_txt(tmp_path, "类型: 新闻通稿\n电头:\n  记者: 张三\n  通迅员: 李四\n正文:\n  - 段首: 概括。\n")
    assert_clean_failure(proc, 1)
    assert "稿件.yaml:4:" in proc.stderr and "不认识的项“通迅员”，是不是“通讯员”？" in proc.stderr
    assert "稿件.yaml:1:1: 错误：缺少必填项“导语”" in proc.stderr
    proc = render_txt(tmp_path, "类型: 新闻通稿\n导语: 开会。\n正文:\n  - 段首: 概括。\n  - {}\n")
    assert_clean_failure(proc, 1)
    assert "稿件.yaml:5:5: 错误：这一段什么也没写" in proc.stderr and proc.stderr.count("错误") == 1


def test_response_page_label_kicker_statements_reporters(workdir):
    doc = render_docx(workdir / FANXIANG)
    ps = doc.paragraphs
    assert (ps[0].text, ps[0].style.name) == ("第03版：要闻", "报刊栏目")
    assert ps[1].text.endswith("——") and ps[1].style.name == "报刊引题"
    assert ps[2].text == "加大保障和改善民生力度\n持续增进民生福祉" and ps[2].style.name == "报刊标题"
    heads = [p.text for p in ps if p.style.name == "报刊小标题"]
    assert heads == ["坚持稳就业促增收", "坚持强保障补短板", "坚持听民声办实事"]
    opening = ps[[p.text for p in ps].index("坚持稳就业促增收") + 1]
    assert opening.text == ("就业是最基本的民生。会议提出，突出就业优先导向，促进重点群体就业，实施大规模技能提升"
                            "培训行动，加大以工代赈政策实施力度，不断提升城乡居民收入。")
    said = next(p for p in ps if "王旭琴" in p.text)  # a quoted sentence first, then who said it
    assert said.style.name == "报刊正文"
    speaker = [r.text for r in said.runs if r.style.name == "报刊引语出处"]
    assert speaker == ["长治市卫生健康委党委书记、主任王旭琴表示，"]
    assert said.text.startswith("“加快补齐基本公共服务短板") and said.text.index("”") < said.text.index("王旭琴")
    # the reporters' list: one byline over two lines, as in the seed
    assert (ps[-1].text, ps[-1].style.name) == ("刘云峰 李林霞 王秀娟 秦洋 李家鸣\n郑璐 马占富 李婷婷 范珉菲", "报刊署名")


RESPONSE = """\
类型: 学习反响
标题: 学习全会精神
导语: 全县干部群众认真学习全会精神。
部分:
  - 小标题: 坚持稳就业
    会议提出: 突出就业优先导向。
    表态:
      - 姓名: 张三
        单位: 县人社局
        职务: 局长
        引语: “就业是最基本的民生。”
记者: 王五
"""


def test_response_quote_only_statement_and_one_line_of_reporters(tmp_path):
    proc = render_txt(tmp_path, RESPONSE)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "学习全会精神", "全县干部群众认真学习全会精神。", "坚持稳就业", "会议提出，突出就业优先导向。",
        "“就业是最基本的民生。”县人社局局长张三表示。", "王五"]


def test_response_errors_are_located(tmp_path):
    proc = render_txt(tmp_path, RESPONSE.replace("        职务: 局长\n", "        职务: 局长\n        动词: 讲\n"))
    assert_clean_failure(proc, 1)
    assert "稿件.yaml:11:13: 错误：引出语的动词应是以下之一：表示、说、介绍、认为、指出、谈到" in proc.stderr
    proc = render_txt(tmp_path, RESPONSE.replace("        引语: “就业是最基本的民生。”\n", ""))
    assert_clean_failure(proc, 1)
    assert "稿件.yaml:8:9: 错误：表态要写“内容”（说了什么）或“引语”" in proc.stderr
    proc = render_txt(tmp_path, RESPONSE.replace("    会议提出: 突出就业优先导向。\n", ""))
    assert_clean_failure(proc, 1)
    assert "稿件.yaml:5:5: 错误：缺少必填项“会议提出”" in proc.stderr
