"""Issue 17: 综述 as newspapers write them — content items anywhere, credits as written, quotes in
Chinese reporting style (only the quoted words in the quote face), several-paragraph 编者按 and
结语, page furniture, bylines, lint."""
from __future__ import annotations

import re

import docx
import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, ROOT, assert_clean_failure, run_draft

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
JUANSHOUYU = "zongshu-juanshouyu-2025.yaml"
SHIGUANG = "zongshu-shiguang-2025.yaml"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def render(tmp_path, text, *args, name="f.yaml"):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    return run_draft("render", src, *args)


def lines(tmp_path, text) -> list[str]:
    proc = render(tmp_path, text, "-f", "txt", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def document(tmp_path, text, name="f.yaml"):
    proc = render(tmp_path, text, name=name)
    assert proc.returncode == 0, proc.stderr
    return docx.Document(tmp_path / name.replace(".yaml", ".docx"))


def check(tmp_path, text, *args, name="f.yaml"):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    return run_draft("check", src, *args)


def east(style) -> str | None:
    rfonts = style.element.find(f"{W}rPr/{W}rFonts")
    return rfonts.get(f"{W}eastAsia") if rfonts is not None else None


def face(run, paragraph) -> str | None:
    """The eastAsia face a reader sees on ``run``: its character style's, else its paragraph style's."""
    if run.style is not None and run.style.type == 2 and east(run.style):  # WD_STYLE_TYPE.CHARACTER
        return east(run.style)
    return east(paragraph.style)


def styled(doc, name):
    return [p for p in doc.paragraphs if p.style.name == name]


HEAD = "类型: 综述\n标题: 把民生实事办到群众心坎上\n"


# --- 1. content items anywhere ----------------------------------------------------------
def test_captions_and_quotes_stand_in_the_lead_and_closing_and_a_feature_needs_no_parts(tmp_path):
    text = HEAD + """\
导语:
  - 悠悠万事，民生为大。
  - 说明: 老人们在社区食堂用餐。
    图片署名: 新华社发
  - 引语: “吃得放心。”
    说话人: {身份: 工人们}
结语:
  - 民生无小事。
  - 说明: 图为志愿者送餐上门。
"""
    assert lines(tmp_path, text)[1:] == [
        "悠悠万事，民生为大。", "老人们在社区食堂用餐。　新华社发", "“吃得放心。”工人们说。",
        "民生无小事。", "图为志愿者送餐上门。"]
    doc = document(tmp_path, text)
    assert [p.text for p in styled(doc, "报刊待配图说明")] == ["老人们在社区食堂用餐。　新华社发", "图为志愿者送餐上门。"]
    assert not any("图为" in p.text for p in styled(doc, "报刊待配图说明")[:1])  # nothing added: 图为 only as written


def test_a_part_without_subhead_and_a_byline_and_kicker_in_the_flow(tmp_path):
    text = HEAD + """\
导语: 悠悠万事，民生为大。
部分:
  - 内容:
      - 第一部分没有小标题。
      - 引题: 看亮点
      - 署名: □四川在线记者 张三
"""
    doc = document(tmp_path, text)
    assert [p.text for p in doc.paragraphs][1:] == ["悠悠万事，民生为大。", "第一部分没有小标题。", "看亮点", "□四川在线记者 张三"]
    assert styled(doc, "报刊小标题引题")[0].text == "看亮点"
    assert styled(doc, "报刊文中署名")[0].text == "□四川在线记者 张三"
    assert not styled(doc, "报刊小标题")


def test_an_empty_subhead_is_a_part_without_one(tmp_path):
    text = HEAD + "部分:\n  - 小标题: ''\n    内容: [正文。]\n"
    assert lines(tmp_path, text)[1:] == ["正文。"]


def test_a_feature_without_any_text_is_refused(tmp_path):
    proc = render(tmp_path, HEAD)
    assert_clean_failure(proc, 1)
    assert "综述没有正文" in proc.stderr


# --- 2. credits as written ----------------------------------------------------------------
@pytest.mark.parametrize("credit, line", [
    ("图片署名: 新华社发", "社区食堂。　新华社发"),
    ("图片署名: 新华社记者 曹祎铭摄", "社区食堂。　新华社记者 曹祎铭摄"),
    ("图片署名: 图/李飞鹏", "社区食堂。　图/李飞鹏"),
    ("摄影: 李飞鹏", "社区食堂。（李飞鹏 摄）"),
])
def test_credit_forms(tmp_path, credit, line):
    text = HEAD + f"导语:\n  - 说明: 社区食堂。\n    {credit}\n"
    assert lines(tmp_path, text)[1] == line
    doc = document(tmp_path, text)
    runs = [r for p in doc.paragraphs for r in p.runs if r.style.name == "报刊图片署名"]
    assert [r.text.strip("　") for r in runs] == [line.split("。", 1)[1].strip("　")]


def test_two_credit_forms_conflict(tmp_path):
    proc = render(tmp_path, HEAD + "导语:\n  - 说明: 社区食堂。\n    摄影: 李飞鹏\n    图片署名: 新华社发\n")
    assert_clean_failure(proc, 1)
    assert "f.yaml:4:" in proc.stderr and "只能写一个" in proc.stderr


# --- 3. quotes as Chinese reporting writes them ---------------------------------------------
QUOTES = HEAD + """\
导语:
  - 前文: 市发改委社发处处长朱玥介绍，
    引语: “今年将新建长者食堂20个。”
    说话人: {姓名: 朱玥}
  - 引语: “饭菜可口。”
    说话人: {身份: 一位居民}
  - 引语: “食堂由社区运营。”
    说话人: {姓名: 王丽}
    引出: ''
  - 前文: 负责人说：
    引语:
      - “一是补贴向困难老人倾斜；
      - “二是食堂向农村延伸。”
  - 引语: “以前做饭要一上午。”
    引出: 在食堂里，老人享受起了幸福“食”光。
    续: “现在下楼就能吃。”
"""


def test_speaker_first_unnamed_none_and_several_paragraphs(tmp_path):
    assert lines(tmp_path, QUOTES)[1:] == [
        "市发改委社发处处长朱玥介绍，“今年将新建长者食堂20个。”",  # no “朱玥说。” added
        "“饭菜可口。”一位居民说。",
        "“食堂由社区运营。”",  # 引出: '' asks for none
        "负责人说：“一是补贴向困难老人倾斜；",
        "“二是食堂向农村延伸。”",
        "“以前做饭要一上午。”在食堂里，老人享受起了幸福“食”光。“现在下楼就能吃。”",
    ]
    proc = check(tmp_path, QUOTES, "--strict")
    assert proc.returncode == 0, proc.stdout  # 引出: '' is no W105, the open “ of a continued quote no W102


def test_only_the_quoted_words_are_in_the_quote_face(tmp_path):
    doc = document(tmp_path, QUOTES)
    quotes = styled(doc, "报刊引语")
    assert len(quotes) == 6 and east(quotes[0].style) == "宋体"
    quoted = [[r.text for r in p.runs if face(r, p) == "楷体_GB2312"] for p in quotes]
    assert quoted == [["“今年将新建长者食堂20个。”"], ["“饭菜可口。”"], ["“食堂由社区运营。”"],
                      ["“一是补贴向困难老人倾斜；"], ["“二是食堂向农村延伸。”"],
                      ["“以前做饭要一上午。”", "“现在下楼就能吃。”"]]
    last = quotes[-1]
    narrative = "".join(r.text for r in last.runs if face(r, last) != "楷体_GB2312")
    assert narrative == "在食堂里，老人享受起了幸福“食”光。"  # one face for the whole word


def test_a_figure_quoted_takes_the_quote_face_and_counts_as_used(tmp_path):
    text = HEAD + "数据:\n  食堂: 128个\n导语:\n  - 前文: 她说，\n    引语: “全市建成食堂{食堂}。”\n"
    doc = document(tmp_path, text)
    (p,) = styled(doc, "报刊引语")
    assert [(r.text, face(r, p)) for r in p.runs] == [
        ("她说，", "宋体"), ("“全市建成食堂", "楷体_GB2312"), ("128个", "楷体_GB2312"), ("。”", "楷体_GB2312")]
    assert check(tmp_path, text, "--strict").returncode == 0  # W201: the figure is used


def test_a_quote_needs_some_attribution(tmp_path):
    proc = render(tmp_path, HEAD + "导语:\n  - 引语: “好。”\n")
    assert_clean_failure(proc, 1)
    assert "f.yaml:4:" in proc.stderr and "引语要写明说话人" in proc.stderr
    proc = render(tmp_path, HEAD + "导语:\n  - 引语: “好。”\n    说话人: {年龄: '68'}\n")
    assert_clean_failure(proc, 1)
    assert "说话人要写“姓名”，或写“身份”" in proc.stderr


def _quote_face_report(path) -> list[str]:
    """Characters of body text in the quote face that are not quoted words, as "paragraph: text"."""
    doc = docx.Document(path)
    quote_face = {east(s) for s in doc.styles if s.type == 2 and s.name.endswith("引语文字")}
    body_styles = {"报刊正文", "报刊引语", "公文正文"}
    wrong = []
    for p in doc.paragraphs:
        if p.style.name not in body_styles:
            continue
        for r in p.runs:
            in_quote_style = r.style is not None and r.style.name.endswith("引语文字")
            if face(r, p) in quote_face and not in_quote_style:
                wrong.append(f"{p.text[:15]}: {r.text}")
    return wrong


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_in_every_example_only_quotations_are_in_the_quote_face(name, tmp_path):
    out = tmp_path / name.replace(".yaml", ".docx")
    proc = run_draft("render", EXAMPLES / name, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert _quote_face_report(out) == []
    doc = docx.Document(out)
    quoted = ["".join(r.text for r in p.runs if r.style is not None and r.style.name == "报刊引语文字")
              for p in doc.paragraphs]
    data = YAML(typ="safe").load((EXAMPLES / name).read_text(encoding="utf-8"))
    if data["类型"] != "综述":
        return
    written = []  # every 引语 and 续 of the YAML, in order: exactly these are in the quote face

    def walk(node):
        if isinstance(node, dict):
            if "引语" in node:
                q = node["引语"]
                written.extend(q if isinstance(q, list) else [q])
                if node.get("续"):
                    written[-1] += node["续"]
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    figures = re.compile(r"\\\{[^}]*\\\}")
    got = [q for q in quoted if q]
    assert len(got) == len(written)
    for want, have in zip(written, got):
        assert re.fullmatch(figures.sub(".+?", re.escape(want)), have), (want, have)


def test_the_wanyuan_quote_no_longer_changes_face_mid_word(tmp_path):
    out = tmp_path / "w.docx"
    assert run_draft("render", EXAMPLES / "zongshu-wanyuan-2024.yaml", "-o", out).returncode == 0
    p = next(p for p in docx.Document(out).paragraphs if "幸福“食”光" in p.text)
    word = [r for r in p.runs if "幸福“食”光" in r.text]
    assert word and face(word[0], p) == "宋体"


# --- 4. 编者按 and 结语 of several paragraphs ------------------------------------------------
def test_editor_note_and_closing_of_several_paragraphs(tmp_path):
    text = HEAD + "编者按: |\n  岁末年初，本报推出系列报道。\n  今天推出第一篇。\n导语: 悠悠万事。\n结语: |\n  民生无小事。\n  枝叶总关情。\n"
    doc = document(tmp_path, text)
    notes = styled(doc, "报刊编者按")
    assert [p.text for p in notes] == ["编者按：岁末年初，本报推出系列报道。", "今天推出第一篇。"]
    assert notes[0].runs[0].style.name == "报刊标签" and notes[1].runs[0].style.name != "报刊标签"
    assert [p.text for p in doc.paragraphs][-2:] == ["民生无小事。", "枝叶总关情。"]


# --- 5. furniture ---------------------------------------------------------------------------
FURNITURE = """\
类型: 综述
栏目: {名称: 民生答卷, 期数: 3}
栏目位置: 标题下
标题: 幸福“食”光
题记:
  正文: 民惟邦本，本固邦宁。
  出处: ——《尚书》
网页信息: {来源: 四川在线, 编辑: 顾强, 时间: 2025-03-04 08:30}
导语形式: 短句
导语:
  - 一碗热汤
  - 两荤两素
数据:
  低保金: {值: 39600, 单位: 万元}
部分:
  - 引题: 看亮点
    小标题: 近{低保金:亿元,0位}
    内容: [正文。]
编辑: 顾强
刊发: {报名: 光明日报, 日期: 2025-03-04, 版次: '08'}
"""


def test_furniture_in_its_place(tmp_path):
    assert lines(tmp_path, FURNITURE) == [
        "幸福“食”光", "民生答卷之三", "民惟邦本，本固邦宁。", "——《尚书》",
        "来源：四川在线　编辑：顾强　时间：2025-03-04 08:30", "一碗热汤", "两荤两素",
        "看亮点", "近4亿元", "正文。", "编辑：顾强", "《光明日报》（2025年03月04日 08版）"]
    doc = document(tmp_path, FURNITURE)
    style = {p.text: p.style for p in doc.paragraphs}
    assert style["民生答卷之三"].name == "报刊栏目"
    assert style["民惟邦本，本固邦宁。"].name == "报刊题记" and east(style["民惟邦本，本固邦宁。"]) == "楷体_GB2312"
    assert style["——《尚书》"].paragraph_format.alignment == 2  # right
    assert style["一碗热汤"].name == "报刊导语短句" and style["一碗热汤"].paragraph_format.alignment == 1  # centred
    assert style["看亮点"].name == "报刊小标题引题" and style["近4亿元"].name == "报刊小标题"
    assert style["编辑：顾强"].name == "报刊编辑"
    assert style["《光明日报》（2025年03月04日 08版）"].name == "报刊刊发"
    assert style["来源：四川在线　编辑：顾强　时间：2025-03-04 08:30"].name == "报刊版次日期"
    subhead = next(p for p in doc.paragraphs if p.text == "近4亿元")
    assert subhead.paragraph_format.space_before == 0  # right under its kicker
    assert check(tmp_path, FURNITURE, "--strict").returncode == 0


def test_series_above_the_title_by_default(tmp_path):
    assert lines(tmp_path, HEAD + "栏目: 卷首语\n导语: 正文。\n")[:2] == ["卷首语", "把民生实事办到群众心坎上"]


# --- 6. bylines -------------------------------------------------------------------------------
@pytest.mark.parametrize("byline, line", [
    ("署名:\n  本报记者: [李晓, 王静]\n  实习生: 赵敏\n", "（本报记者 李晓 王静 实习生 赵敏）"),
    ("署名:\n  通讯员: 李四\n  本报记者: 张三\n", "（通讯员 李四 本报记者 张三）"),  # the order as typed
    ("署名:\n  称谓: 四川在线记者\n  姓名: 张三\n  形式: 不加括号\n", "四川在线记者 张三"),
    ("署名:\n  记者: 张三\n  摄影: 刘洋\n", "（记者 张三 摄影 刘洋）"),
])
def test_byline_roles(tmp_path, byline, line):
    text = HEAD + byline + "署名位置: 文首\n导语: 正文。\n"
    assert lines(tmp_path, text)[1] == line


@pytest.mark.parametrize("where, index", [("文首", 1), ("导语后", 2), ("文末", 3)])
def test_byline_positions(tmp_path, where, index):
    text = HEAD + f"署名: 本报记者 张三\n署名位置: {where}\n导语: 导语。\n结语: 结语。\n"
    got = lines(tmp_path, text)
    assert got.index("本报记者 张三") == index and len(got) == 4


@pytest.mark.parametrize("byline, message", [
    ("署名:\n  照写: （本报记者 王五）\n  记者: 张三\n", "又写了“记者”"),
    ("署名:\n  照写: 王五\n  形式: 括号\n", "又写了“形式”"),
    ("署名:\n  称谓: 四川在线记者\n", "“称谓”和“姓名”要一起写"),
])
def test_byline_forms_that_conflict_are_errors(tmp_path, byline, message):
    proc = render(tmp_path, HEAD + byline + "导语: 正文。\n")
    assert_clean_failure(proc, 1)
    assert "f.yaml:3:" in proc.stderr and message in proc.stderr


# --- 7. lint ----------------------------------------------------------------------------------
@pytest.mark.parametrize("content", [
    "      - 引语: “好。”\n        说话人: {姓名: 张三}\n",
    "      - 说明: 社区食堂。\n",
])
def test_w105_a_quote_or_caption_is_content(tmp_path, content):
    text = HEAD + "导语: 正文。\n部分:\n  - 小标题: 办好民生实事\n    内容:\n" + content
    proc = check(tmp_path, text, "--strict")
    assert proc.returncode == 0, proc.stdout
    empty = text.replace(content, "      - 引题: 看亮点\n")  # a kicker alone is no content
    proc = check(tmp_path, empty)
    assert "[W105] 标题“办好民生实事”下面没有内容" in proc.stdout


def test_did_you_mean_offers_the_key_meant(tmp_path):
    proc = render(tmp_path, HEAD + "作者: 张三\n导语: 正文。\n")
    assert_clean_failure(proc, 1)
    assert "不认识的项“作者”，是不是“署名”？" in proc.stderr
    proc = render(tmp_path, HEAD + "导语:\n  - 说明: 社区食堂。\n    出处: 新华社发\n")
    assert "不认识的项“出处”，是不是“图片署名”？" in proc.stderr


@pytest.mark.parametrize("item, code, where", [
    ("  - 引语: 饭菜可口\n    说话人: {姓名: 张三}\n", "W501", "f.yaml:4:"),
    ("  - 前文: 周蕾介绍\n    引语: “饭菜可口。”\n", "W502", "f.yaml:4:"),
])
def test_w5xx_quotes(tmp_path, item, code, where):
    proc = check(tmp_path, HEAD + "导语:\n" + item)
    assert f"[{code}]" in proc.stdout and where in proc.stdout, proc.stdout
    fixed = item.replace("饭菜可口\n", "“饭菜可口。”\n").replace("周蕾介绍\n", "周蕾介绍，\n")
    assert check(tmp_path, HEAD + "导语:\n" + fixed, "--strict").returncode == 0


def test_new_codes_are_listed_and_can_be_silenced(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| W501 |" in readme and "| W502 |" in readme
    text = HEAD + "忽略检查: [W501]\n导语:\n  - 引语: 饭菜可口\n    说话人: {姓名: 张三}\n"
    assert check(tmp_path, text, "--strict").returncode == 0


# --- 9. the examples ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", [JUANSHOUYU, SHIGUANG])
def test_new_examples_render_and_pass_strict_check(name):
    proc = run_draft("check", "--strict", EXAMPLES / name)
    assert proc.returncode == 0, proc.stdout
    proc = run_draft("render", EXAMPLES / name, "-f", "txt", "-o", "-")
    assert proc.returncode == 0, proc.stderr


def test_the_special_page_example():
    got = run_draft("render", EXAMPLES / JUANSHOUYU, "-f", "txt", "-o", "-").stdout.splitlines()
    assert got[:4] == ["把民生实事办到群众心坎上", "卷首语", "民惟邦本，本固邦宁。", "——《尚书·五子之歌》"]
    assert got[-1] == "《云溪日报》（2025年03月04日 08版）" and got[-2] == "编辑：顾强"
    assert sum(1 for line in got if line.endswith(("摄", "供图", "图/张宁"))) == 3


def test_the_feature_example():
    got = run_draft("render", EXAMPLES / SHIGUANG, "-f", "txt", "-o", "-").stdout.splitlines()
    lead = got.index("一碗热汤，两荤两素")
    assert got[lead + 3] == "云溪市融媒体中心记者 林晓 何川"  # the byline after the poster lead
    assert "桂花社区党委书记王丽介绍，“食堂由社区提供场地，" in "\n".join(got)
    assert "近4亿元" in got


# --- 8. what the field reference is generated from ---------------------------------------------
def test_every_field_has_a_chinese_description_and_an_example():
    from drafting.model import Section
    from drafting.registry import load_registry

    model = load_registry().types["综述"].model
    seen, todo, missing = set(), [model], []
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for name, field in cls.model_fields.items():
            if cls is model and name in Section.model_fields:
                continue  # 数据, 指标表, 忽略检查: the common fields, documented once
            if not (field.description and re.search(r"[\u4e00-\u9fff]", field.description) and field.examples):
                missing.append(f"{cls.__name__}.{field.alias}")
            todo += [t for t in _models(field.annotation)]
    assert not missing
    assert len(seen) >= 8  # Feature, Item, Speaker, Byline, Part, Series, Epigraph, WebMeta, Locator


def _models(annotation):
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in _models(a)]


def test_the_editor_schema_accepts_the_examples_and_every_example_in_it():
    import json

    import jsonschema

    from test_new_schema import editor_view

    proc = run_draft("schema", "综述")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for name in (JUANSHOUYU, SHIGUANG, "zongshu-wanyuan-2024.yaml"):
        validator.validate(editor_view(EXAMPLES / name))
    defs = schema["$defs"]
    checked = 0
    for where in [schema["properties"], *(d.get("properties", {}) for d in defs.values())]:
        for prop in where.values():
            for example in prop.get("examples", []):  # an example the editor would underline is a bad one
                jsonschema.Draft202012Validator({**prop, "$defs": defs}).validate(example)
                checked += 1
    assert checked >= 40
