"""Issue 7: figures as data — defined once in 数据, referenced in prose, derived, tabulated."""
from __future__ import annotations

import re
import textwrap

import docx
import pytest
from hypothesis import given, strategies as st

from conftest import EXAMPLES, assert_clean_failure, run_draft
from drafting import figures, lint, loader, pipeline
from drafting.model import Figure

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WEIJIAN = "zhuanjie-weijian-2024.yaml"
MINZHENG = "zhuanjie-minzheng-2024.yaml"


def figs(**data) -> figures.Figures:
    return figures.Figures({name: Figure.model_validate(value) for name, value in data.items()})


def f(fmt=None, **fig):
    """Resolve {x:fmt} for one figure x."""
    return figs(x=fig)("x", fmt)


# --- derived forms, one by one ------------------------------------------------------------
def test_a_conversion_that_would_print_zero_is_refused():
    """12人 as 万人 is 0.0012万人: never "0万人"; the message says how to write it."""
    with pytest.raises(ValueError, match=r"四舍五入为0.*\{x:万人,4位小数\}"):
        f("万人", 值="12", 单位="人")
    assert f("万人,4位小数", 值="12", 单位="人") == "0.0012万人"


def test_figures_beyond_28_digits_of_arithmetic():
    """Python's default decimal context (28 digits) cannot round these; draft computes with more."""
    assert f("完成率", 值="9" * 28, 单位="人", 目标="1") == "9" * 28 + "00.0%"


def test_value_with_unit_exactly_as_entered():
    assert f(值="12367", 单位="人") == "12367人"
    assert f(值="12195.01", 单位="万元") == "12195.01万元"
    assert f(值="12195.10", 单位="万元") == "12195.10万元"  # trailing zero kept
    assert f("数值", 值="12195.10", 单位="万元") == "12195.10"
    assert f("上年", 值="7334", 单位="元", 上年="7094") == "7094元"
    assert f("目标", 值="7334", 单位="元", 目标="7000") == "7000元"
    assert figs(x="10661人")("x") == "10661人"  # shorthand
    assert f(值="9.8", 单位="") == "9.8"  # pure ratio


@pytest.mark.parametrize("value, unit, fmt, expected", [
    ("12367", "人", "万人", "1.24万人"),
    ("39012.5", "万元", "亿元", "3.9亿元"),  # 3.90 -> trailing zero dropped
    ("12250", "人", "万人", "1.23万人"),  # half up (half-even and float would give 1.22)
    ("12249", "人", "万人", "1.22万人"),
    ("12000", "人", "万人", "1.2万人"),
    ("10000", "人", "万人", "1万人"),
    ("12367", "人", "万人,1位", "1.2万人"),
    ("12367", "人", "万人，3位", "1.237万人"),
    ("7334", "元", "万元", "0.73万元"),
    ("1.54", "万次", "次", "15400次"),
    ("3465", "人次", "万人次", "0.35万人次"),
])
def test_scaled(value, unit, fmt, expected):
    assert f(fmt, 值=value, 单位=unit) == expected


def test_scaled_to_another_unit_is_refused():
    with pytest.raises(ValueError, match="不认识的格式“万元”.*单位是“人”"):
        f("万元", 值="12367", 单位="人")
    with pytest.raises(ValueError, match="不认识的格式“千人”"):  # 千 is not a prefix (千克, 千米)
        f("千人", 值="12367", 单位="人")


@pytest.mark.parametrize("value, last, expected", [
    ("12367", "11868", "增长4.2%"),
    ("985", "1000", "下降1.5%"),
    ("1000", "1000", "持平"),
    ("10001", "10000", "持平"),  # +0.01% rounds to 0.0
    ("9999", "10000", "持平"),  # no "下降0.0%", no "-0.0"
    ("1012.5", "1000", "增长1.3%"),  # exactly 1.25: half up
    ("987.5", "1000", "下降1.3%"),  # exactly -1.25: away from zero
    ("0.3", "0.1", "增长200.0%"),  # no float noise
])
def test_growth(value, last, expected):
    assert f("同比", 值=value, 单位="人", 上年=last) == expected


def test_growth_precision_and_errors():
    assert f("同比,2位", 值="12367", 单位="人", 上年="11868") == "增长4.20%"
    with pytest.raises(ValueError, match="没有“上年”"):
        f("同比", 值="1", 单位="人")
    with pytest.raises(ValueError, match="上年值为0"):
        f("同比", 值="1", 单位="人", 上年="0")


def test_completion_rate():
    assert f("完成率", 值="12367", 单位="人", 目标="7000") == "176.7%"
    assert f("完成率", 值="1", 单位="人", 目标="3") == "33.3%"
    assert f("完成率", 值="2", 单位="人", 目标="3") == "66.7%"
    assert f("完成率", 值="0.5", 单位="人", 目标="8") == "6.3%"  # 6.25 half up
    with pytest.raises(ValueError, match="没有“目标”，不能计算完成率"):
        f("完成率", 值="12367", 单位="人")
    with pytest.raises(ValueError, match="目标须大于0"):
        f("完成率", 值="1", 单位="人", 目标="0")


def test_share_of_another_figure():
    data = figs(农村=dict(值="8469", 单位="人"), 全部=dict(值="12367", 单位="人"),
                资金=dict(值="5000", 单位="元"), 总资金=dict(值="1", 单位="万元"))
    assert data("农村", "占比:全部") == "占比68.48%"
    assert data("农村", "占比：全部") == "占比68.48%"
    assert data("农村", "百分比:全部") == "68.48%"
    assert data("农村", "占比:全部,1位") == "占比68.5%"
    assert data("资金", "占比:总资金") == "占比50.00%"  # 元 of 万元: scaled
    with pytest.raises(ValueError, match="单位不同"):
        data("资金", "占比:全部")
    with pytest.raises(KeyError, match="没有“全布”"):
        data("农村", "占比:全布")


def test_change_from_last_year():
    assert f("变化", 值="7334", 单位="元", 上年="7094") == "从7094元提高至7334元"
    assert f("变化", 值="215.6", 单位="元", 上年="222.7") == "从222.7元降低至215.6元"
    assert f("变化", 值="7334", 单位="元", 上年="7334.0") == "保持在7334元"
    assert f("增减", 值="12367", 单位="人", 上年="11868") == "增加499人"
    assert f("增减", 值="12195.10", 单位="万元", 上年="11000.05") == "增加1195.05万元"
    assert f("增减", 值="-3", 单位="℃", 上年="2") == "减少5℃"
    assert f("增减", 值="5", 单位="人", 上年="5") == "持平"


def test_percentage_points():
    assert f("百分点", 值="28.6", 单位="%", 上年="26.5") == "提高2.1个百分点"
    assert f("百分点", 值="93.8", 单位="%", 上年="94.2") == "下降0.4个百分点"
    assert f("百分点", 值="0.3", 单位="%", 上年="0.1") == "提高0.2个百分点"  # not 0.19999999999999998
    assert f("百分点", 值="95", 单位="%", 上年="95.0") == "持平"
    with pytest.raises(ValueError, match="只用于单位为“%”"):
        f("百分点", 值="3", 单位="人", 上年="2")


@pytest.mark.parametrize("value, expected", [
    ("6", "六件"), ("10", "十件"), ("15", "十五件"), ("105", "一百零五件"), ("1864", "一千八百六十四件"),
    ("10661", "一万零六百六十一件"), ("20844", "二万零八百四十四件"), ("100000", "十万件"),
    ("1000001", "一百万零一件"), ("100010000", "一亿零一万件"), ("0", "零件"),
])
def test_chinese_numerals(value, expected):
    assert f("汉字", 值=value, 单位="件") == expected


def test_chinese_numerals_need_an_integer_and_unknown_format():
    with pytest.raises(ValueError, match="不是整数"):
        f("汉字", 值="1.5", 单位="件")
    with pytest.raises(ValueError, match="可用的格式"):
        f("环比", 值="1", 单位="件")


# --- checks through the real command line ---------------------------------------------------
BASE = """\
类型: 专节报告
标题: 测试报告
单位: 某某县民政局
年度: 2024
开头:
  - 全年共救助{低保人数}，同比{低保人数:同比}。
{extra}数据:
{data}
日期: 2025-01-06
"""


def write(tmp_path, data="  低保人数: {值: 12367, 单位: 人, 上年: 11868}", extra="", opening=None):
    text = BASE.replace("{extra}", extra).replace("{data}", data)
    if opening:
        text = text.replace("  - 全年共救助{低保人数}，同比{低保人数:同比}。", opening)
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def render_txt(path):
    return run_draft("render", path, "-f", "txt", "-o", "-")


def test_figures_render_in_prose(tmp_path):
    proc = render_txt(write(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "全年共救助12367人，同比增长4.2%。" in proc.stdout


def test_literal_braces_and_ime_braces(tmp_path):
    proc = render_txt(write(tmp_path, opening="  - ｛低保人数｝与{{低保人数}}，｛低保人数：变化｝。"))
    assert proc.returncode == 0, proc.stderr
    assert "12367人与{低保人数}，从11868人提高至12367人。" in proc.stdout


def test_undefined_reference_is_located_and_suggests(tmp_path):
    path = write(tmp_path, opening="  - 全年共救助{低保人数}，其中农村{低宝人数}。")
    proc = render_txt(path)
    assert_clean_failure(proc, 1)
    col = "  - 全年共救助{低保人数}，其中农村".__len__() + 1
    assert f"t.yaml:6:{col}: 错误：“数据”里没有“低宝人数”，是不是“低保人数”？" in proc.stderr


def test_completion_rate_without_target_is_an_error_at_the_reference(tmp_path):
    path = write(tmp_path, opening="  - 全年共救助{低保人数}，\n  - 完成率{低保人数:完成率}。")
    proc = render_txt(path)
    assert_clean_failure(proc, 1)
    assert "t.yaml:7:" in proc.stderr
    assert "数据“低保人数”没有“目标”，不能计算完成率" in proc.stderr


@pytest.mark.parametrize("data, line, message", [
    ("  低保人数: {值: 十二, 单位: 人, 上年: 11868}", 8, "应是数字（阿拉伯数字，可带小数点），如 12367 或 12195.01，不是“十二”"),
    ("  低保人数: {值: 12367人, 单位: 人, 上年: 11868}", 8, "应是不带单位的数字（单位统一写在“单位”里），如 12367，不是“12367人”"),
    ("  低保人数: {值: 12367, 上年: 11868}", 8, "缺少“单位”"),
    ("  低保人数: {值: 12367, 单位: , 上年: 11868}", 8, "“单位”不能空着"),
    ("  低保人数: 12367", 8, "缺少单位"),
    ("  低保人数: {值: 12367, 单位: 人, 上年: 1.2万}", 8, "应是不带单位的数字（单位统一写在“单位”里），如 1.2，不是“1.2万”"),
    ("  低保人数:\n    值: 12367\n    单位: 人\n    上年: 去年", 11, "不是“去年”"),
])
def test_wrong_value_or_missing_unit_is_an_error(tmp_path, data, line, message):
    proc = render_txt(write(tmp_path, data=data))
    assert_clean_failure(proc, 1)
    assert f"t.yaml:{line}:" in proc.stderr, proc.stderr
    assert message in proc.stderr


def test_empty_unit_is_allowed_for_a_ratio(tmp_path):
    proc = render_txt(write(tmp_path, data="  低保人数: {值: 9.8, 单位: '', 上年: 9.1}"))
    assert proc.returncode == 0, proc.stderr
    assert "全年共救助9.8，同比增长7.7%。" in proc.stdout


def test_unknown_name_in_indicator_table(tmp_path):
    proc = render_txt(write(tmp_path, extra="指标表:\n  - 低保人数\n  - 低保认数\n"))
    assert_clean_failure(proc, 1)
    assert "t.yaml:9:5: 错误：指标表：“数据”里没有“低保认数”，是不是“低保人数”？" in proc.stderr


def test_indicator_table_needs_figures(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(BASE.split("{extra}")[0].replace("{低保人数}，同比{低保人数:同比}", "一万人")
                    + "指标表:\n  标题: 表\n  指标: [甲]\n日期: 2025-01-06\n", encoding="utf-8")
    proc = render_txt(path)
    assert_clean_failure(proc, 1)
    assert "t.yaml:7:1: 错误：要生成“指标表”，先在“数据”里写上数据" in proc.stderr


def test_unused_figure_is_a_lint_warning(tmp_path):
    path = write(tmp_path, data="  低保人数: {值: 12367, 单位: 人, 上年: 11868}\n  特困人数: 1862人")
    proc = run_draft("check", path)  # a warning: exit 0, or 1 with --strict
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"t\.yaml:9:\d+: 警告：\[W201\] 数据“特困人数”没有在正文中引用，也不在指标表中", proc.stdout), proc.stdout
    assert proc.stdout.count("W201") == 1
    assert_clean_failure(run_draft("check", "--strict", path), 1)
    # tabulated counts as used
    path = write(tmp_path, data="  低保人数: {值: 12367, 单位: 人, 上年: 11868}\n  特困人数: 1862人",
                 extra="指标表: true\n")
    assert "W201" not in run_draft("check", path).stdout


def test_examples_use_every_figure():
    for name in (WEIJIAN, MINZHENG):
        assert pipeline.build(EXAMPLES / name).model.figures
        assert [d.code for d in lint.check(EXAMPLES / name) if d.code == "W201"] == []


# --- the examples: derived forms in prose, the indicator table as 附件 ----------------------
@pytest.fixture(scope="module")
def weijian(tmp_path_factory):
    out = tmp_path_factory.mktemp("wj") / "weijian.docx"
    proc = run_draft("render", EXAMPLES / WEIJIAN, "-o", out)
    assert proc.returncode == 0, proc.stderr
    return docx.Document(out)


def test_weijian_prose_shows_derived_forms(weijian):
    text = "\n".join(p.text for p in weijian.paragraphs)
    assert "全年开展三、四级手术2860台，同比增长16.7%，完成年度目标的110.0%。" in text
    assert "全县居民健康素养水平达到28.6%，较上年提高2.1个百分点。" in text
    assert "全年卫生健康支出3.9亿元，同比增长5.8%。" in text
    assert "门诊次均费用从222.7元降低至215.6元，较上年下降3.2%。" in text
    run = next(r for p in weijian.paragraphs for r in p.runs if r.text == "110.0%")
    assert run.style.name == "公文数据"


def test_weijian_indicator_table_matches_yaml(weijian):
    ps = weijian.paragraphs
    texts = [p.text for p in ps]
    # 附件说明 names the table; after the date a new page: "附件1", then the title
    assert "附件：1.2024年卫生健康主要指标完成情况" in texts
    label = ps[texts.index("附件1")]
    assert texts.index("附件1") == texts.index("2025年1月10日") + 1
    assert label.paragraph_format.page_break_before
    assert label.style.name == "公文附件标识"
    assert ps[texts.index("附件1") + 1].text == "2024年卫生健康主要指标完成情况"
    assert ps[texts.index("附件1") + 1].style.name == "公文附件标题"

    table = weijian.tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["序号", "指标", "单位", "2023年", "2024年", "同比", "目标", "完成率"]
    data = loader.read(EXAMPLES / WEIJIAN).data["数据"]
    assert [r[1] for r in rows[1:]] == list(data)
    for row in rows[1:]:
        fig = data[row[1]]
        assert row[2] == fig["单位"]
        assert row[3] == fig.get("上年", "—") and row[4] == fig["值"] and row[6] == fig.get("目标", "—")
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["三四级手术"][5:] == ["+16.7%", "2600", "110.0%"]
    assert by_name["门诊次均费用"][5:] == ["-3.2%", "—", "—"]
    assert by_name["居民健康素养水平"][5] == "+2.1个百分点"
    assert by_name["千人口献血率"][2] == ""


def test_table_header_repeats_numbers_right_family_font(weijian):
    tbl = weijian.tables[0]._tbl
    trs = tbl.findall(f"{W}tr")
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(tr.find(f"{W}trPr/{W}tblHeader") is None for tr in trs[1:])
    first = weijian.tables[0].rows[1].cells
    jc = [c.paragraphs[0]._p.find(f"{W}pPr/{W}jc").get(f"{W}val") for c in first]
    assert jc[1] == "left" and jc[3:] == ["right"] * 5
    assert {c.paragraphs[0].style.name for r in weijian.tables[0].rows for c in r.cells} == {"公文表格"}
    fonts = weijian.styles["公文表格"].element.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "仿宋_GB2312"


def test_minzheng_table_and_figure_spans(tmp_path):
    out = tmp_path / "m.docx"
    assert run_draft("render", EXAMPLES / MINZHENG, "-o", out).returncode == 0
    d = docx.Document(out)
    texts = [p.text for p in d.paragraphs]
    assert "附件：2024年主要指标完成情况表" in texts
    assert texts[texts.index("附件") + 1] == "2024年主要指标完成情况表"
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert rows[0] == ["序号", "指标", "单位", "2024年"]  # no 上年 / 目标 given: those columns left out
    assert ["2", "低保人数", "人", "10661"] in rows
    figure_runs = [r.text for p in d.paragraphs for r in p.runs if r.style.name == "公文数据"]
    assert "10661人" in figure_runs and "99.3%" in figure_runs


def test_table_in_markdown(tmp_path):
    proc = run_draft("render", EXAMPLES / WEIJIAN, "-f", "md", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    assert "| 1 | 三四级手术 | 台 | 2450 | 2860 | +16.7% | 2600 | 110.0% |" in proc.stdout


def test_box_form_for_other_templates(tmp_path):
    """A 报刊 template calls indicator_table(names, title=…) with no label: a titled table in the flow."""
    from drafting.compose import Builder

    source = loader.read(write(tmp_path, data=textwrap.indent("甲: {值: 5, 单位: 个, 目标: 4}\n乙: 3个", "  ")))
    b = Builder(source, {"公文表格标题"}, figs(甲=dict(值="5", 单位="个", 目标="4"), 乙="3个"))
    b.indicator_table(["乙", "甲"], title="主要指标")
    (block,) = b.blocks
    assert block.kind == "table" and block.text == "主要指标" and "page_break" not in block.attrs
    assert block.attrs["rows"][1:] == [["1", "乙", "个", "3", "—", "—"], ["2", "甲", "个", "5", "4", "125.0%"]]
    assert block.attrs["figures"] == ["乙", "甲"]


def test_attachment_note_and_signature_keep_body_text_on_their_page(tmp_path):
    """The 附件说明 line pushed the minzheng signature onto a page of its own (seen in the PNG):
    the last body paragraph and the 附件说明 now keep with the signature."""
    out = tmp_path / "m.docx"
    assert run_draft("render", EXAMPLES / MINZHENG, "-o", out).returncode == 0
    ps = docx.Document(out).paragraphs
    texts = [p.text for p in ps]
    note = texts.index("附件：2024年主要指标完成情况表")
    assert ps[note - 1].paragraph_format.keep_with_next and ps[note].paragraph_format.keep_with_next
    assert ps[note - 1].text.startswith("（三）深化殡葬改革。")


def test_editor_schema_accepts_mapping_and_shorthand():
    import jsonschema

    from drafting.registry import load_registry

    full = load_registry(None).get("专节报告").model.model_json_schema(by_alias=True)
    schema = {"$defs": full["$defs"], **full["properties"]["数据"]}
    data = loader.read(EXAMPLES / WEIJIAN).data["数据"]
    jsonschema.validate({**data, "低保人数": "10661人"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"低保人数": "10661"}, schema)


def test_fullwidth_digits_are_refused(tmp_path):
    proc = render_txt(write(tmp_path, data="  低保人数: {值: １２３６７, 单位: 人, 上年: 11868}"))
    assert_clean_failure(proc, 1)
    assert "数字要用半角（英文输入法）：“１２３６７”里有全角数字或小数点" in proc.stderr


decimals = st.decimals(min_value="0.01", max_value="99999999", places=2, allow_nan=False, allow_infinity=False)


@given(decimals, decimals)
def test_derived_forms_never_show_float_noise(value, last):
    fig = dict(值=str(value), 单位="人", 上年=str(last), 目标=str(last))
    import re

    assert re.fullmatch(r"增长\d+\.\d%|下降\d+\.\d%|持平", f("同比", **fig))
    assert re.fullmatch(r"\d+\.\d%", f("完成率", **fig))
    if value >= 50:  # 0.005万人 and more round to a figure; below, "0万人" is refused (test below)
        assert re.fullmatch(r"\d+(\.\d{1,2})?万人", f("万人", **fig))
    assert re.fullmatch(r"增加\d+(\.\d{1,2})?人|减少\d+(\.\d{1,2})?人|持平", f("增减", **fig))


def test_zongshu_carries_the_indicator_table_as_a_box(tmp_path):
    """Issue 7: in the 综述 the table is a box in the text (no 附件 page), before the closing."""
    src = (EXAMPLES / "zongshu-wanyuan-2024.yaml").read_text(encoding="utf-8")
    path = tmp_path / "综述.yaml"
    path.write_text(src + "数据:\n  城镇新增就业: 0.35万人\n  招聘岗位: {值: 3721, 单位: 个}\n"
                    "指标表:\n  标题: 数读2024年万源民生\n", encoding="utf-8")
    out = tmp_path / "综述.docx"
    proc = run_draft("render", path, "-o", out)
    assert proc.returncode == 0, proc.stderr
    d = docx.Document(out)
    (table,) = d.tables
    assert [c.text for c in table.rows[1].cells] == ["1", "城镇新增就业", "万人", "0.35"]
    texts = [p.text for p in d.paragraphs]
    assert "数读2024年万源民生" in texts and "附件" not in texts
    assert texts.index("数读2024年万源民生") > texts.index("聚焦急难愁盼\n兜准兜好民生底线")  # after the last part
