"""One definition of each rule, and everything that depends on it checked against it."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from drafting import diff, numbering, styles, text_writer, tree
from drafting.errors import Diagnostic, InputError, Severity, format_diagnostic
from drafting.tree import Block, Document, Kind, Role, Span

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("family", list(styles.FAMILIES.values()), ids=lambda f: f.name)
def test_every_family_styles_every_kind_and_role(family):
    for kind in Kind:
        levels = range(1, numbering.MAX_LEVEL + 1) if kind is Kind.HEADING else [0]
        for level in levels:
            key = f"heading{level}" if kind is Kind.HEADING else kind.value
            assert key in family.kinds, f"{family.name} has no style for {key}"
            assert family.kinds[key] in family.styles
    for role in set(Role) - {Role.TEXT, Role.NUMBER, *tree.GAPS}:  # gaps hold no text
        levels = range(numbering.MAX_LEVEL + 1) if role is Role.LEAD else [0]
        for level in levels:
            assert family.char_for(role, level) is not None, f"{family.name} has no character style for {role}{level}"


def test_every_kind_has_a_markdown_form_and_a_diff_label():
    assert set(text_writer.MARKDOWN) == set(Kind)
    assert set(diff.KIND_LABELS) == set(Kind)
    assert all(re.search("[\u4e00-\u9fff]", label) for label in diff.KIND_LABELS.values())


def test_the_docs_list_every_kind_and_role():
    guide = (ROOT / "docs" / "adding-a-section-type.md").read_text(encoding="utf-8")
    table_kinds = set(re.findall(r"^\| `[^`]+` \| ([a-z_]+(?: / [a-z_]+)*) \|", guide, re.M))
    listed = {k for cell in table_kinds for k in cell.split(" / ")}
    assert listed == {k.value for k in Kind}
    for role in Role:
        assert f"`{role.value}`" in guide, role
    doc = inspect.getdoc(tree)
    for kind in Kind:
        assert re.search(rf"^{kind.value} ", doc, re.M), kind  # a row of the module's table
    for role in Role:
        assert f"``{role.value}``" in doc, role


def test_unknown_kinds_roles_and_marks_are_refused_where_made():
    with pytest.raises(ValueError):
        Block("headline")
    with pytest.raises(ValueError):
        Span("x", "bold")
    with pytest.raises(ValueError):
        Span("x", mark="insert")
    assert Block("title").kind is Kind.TITLE and Span("x", "lead").role is Role.LEAD


def test_the_embedded_tree_stores_plain_names():
    doc = Document("专节报告", "公文", [Block("heading", (Span("一、", "number"), Span("总体情况")), level=1)])
    text = doc.to_json()
    assert '"kind":"heading"' in text and '["一、","number",null]' in text
    back = Document.from_json(text)
    assert back.blocks[0].kind is Kind.HEADING and back.blocks[0].spans[0].role is Role.NUMBER


@pytest.mark.parametrize("n", [1, 2, 9, 10, 11, 19, 20, 21, 35, 99])
def test_generated_numbers_are_recognised_by_the_reader_and_by_lint(n):
    for level in range(1, numbering.MAX_LEVEL + 1):
        number = numbering.heading_number(level, n)
        assert numbering.GENERATED.match(number + "总体情况").group() == number
        assert numbering.TYPED.match(number + "总体情况")
    assert numbering.TYPED.match(numbering.point_marker(n) + "坚持就业优先")
    assert not numbering.GENERATED.match("2025年全县")


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九"),
                                     (100, "一百"), (10661, "一万零六百六十一")])
def test_one_chinese_numeral(n, text):
    assert numbering.chinese_numeral(n) == text
    assert numbering.chinese_integer(n) == text


def test_heading_numbers_follow_gbt9704():
    assert [numbering.heading_number(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    assert numbering.LEVELS_SHOWN == "一、（一）1.（1）"


def test_one_message_for_characters_xml_cannot_hold(tmp_path):
    from drafting import docx_writer, loader

    path = tmp_path / "a.yaml"
    path.write_text("类型: 专节报告\n标题: 甲\x01乙\n", encoding="utf-8")
    with pytest.raises(InputError) as from_yaml:
        loader.read(path)
    doc = Document("专节报告", "公文", [Block("table", attrs={"rows": [["甲", "乙\x01"]]}, src=("表",))])
    with pytest.raises(InputError) as from_plugin:
        docx_writer.check_text(doc)
    (a,), (b,) = from_yaml.value.diagnostics, from_plugin.value.diagnostics
    assert a.message == b.message == "含有文档无法保存的控制字符 U+0001，请删除"
    assert (a.line, a.col) == (2, 6) and b.path == ("表",)


def test_severity_is_an_enum_shown_in_chinese():
    d = Diagnostic("英文标点", file="a.yaml", line=3, col=1, severity=Severity.WARNING, code="W101")
    assert format_diagnostic(d).startswith("a.yaml:3:1: 警告：[W101] 英文标点")
    assert format_diagnostic(Diagnostic("缺少标题")) == "错误：缺少标题"


def test_the_docs_list_every_named_style_property():
    guide = (ROOT / "docs" / "adding-a-section-type.md").read_text(encoding="utf-8")
    table = guide[guide.index("| 属性 | 含义 | 写法 |"):]
    table = table[:table.index("\n\n")]
    documented = {key for cell in re.findall(r"^\| ([^|]+) \|", table, re.M) for key in re.findall(r"`(\w+)`", cell)}
    assert documented == {"based_on", *styles.NAMED_STYLE_KEYS}
