"""Issue 13, item 12: what DESIGN promises template maintainers.

A section type adds named styles derived from its family's without editing drafting/styles.py;
a mistake in a template or a schema file is a maintainer error (exit 2) that names the file and
the line, in Chinese, also when it is raised while the template runs."""
from __future__ import annotations

import re
import textwrap
import zipfile

import docx
import pytest
from lxml import etree

from conftest import EXAMPLES, run_inproc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SCHEMA = '''\
from pydantic import Field

from drafting.model import Paragraphs, Section


class Brief(Section):
    type_name = "{name}"
    template = "jianbao.jinja"
    family = "报刊"
{extra}
    masthead: str = Field(alias="报头")
    body: Paragraphs = Field(alias="正文")
'''

MASTHEAD = '''\
    named_styles = {
        "简报报头": {"based_on": "报刊标题", "font": "方正小标宋简体", "size": 36, "color": "C00000",
                     "rule": "C00000", "after": 6},
        "简报期号": {"based_on": "报刊正文", "align": "center", "first_line": 0},
    }
'''

TEMPLATE = """\
{{ title(报头, style="简报报头") }}
{{ meta("第1期", style="简报期号") }}
{% for p in 正文 %}{{ para(p) }}{% endfor %}
"""

EXAMPLE = """\
类型: {name}
报头: 工作简报
正文: |
  近日，洪井镇9个村级老年人日间照料中心全部投用。
"""


def make_type(tmp_path, extra: str = MASTHEAD, template: str = TEMPLATE, schema: str | None = None,
              name: str = "工作简报", files: dict[str, str] | None = None):
    """A types folder in tmp_path with one type; returns (folder, example, schema file, template file)."""
    root = tmp_path / "类型"
    for sub in ("schemas", "templates", "examples"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    schema_file = root / "schemas" / "jianbao.py"
    schema_file.write_text(schema if schema is not None else SCHEMA.format(name=name, extra=extra), encoding="utf-8")
    template_file = root / "templates" / "jianbao.jinja"
    template_file.write_text(template, encoding="utf-8")
    for rel, text in (files or {}).items():
        (root / rel).write_text(text, encoding="utf-8")
    example = root / "examples" / "jianbao.yaml"
    example.write_text(EXAMPLE.format(name=name), encoding="utf-8")
    return root, example, schema_file, template_file


def render(root, example, *args):
    return run_inproc("render", example, "--types-dir", root, *args)


def line_of(path, needle: str) -> int:
    """1-based number of the first line of ``path`` holding ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def assert_maintainer_error(result, file, line: int | None, *words: str) -> str:
    code, _out, err = result
    assert code == 2, err
    assert "Traceback" not in err and "内部错误" not in err
    where = f"{file}:{line}:" if line else f"{file}:"
    assert where in err, err
    for word in words:
        assert word in err, err
    return err


# --------------------------------------------------------------------------- named styles


def styles_by_name(path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/styles.xml"))
    return {s.find(f"{W}name").get(f"{W}val"): s for s in root.iter(f"{W}style")}


def test_a_type_adds_named_styles_derived_from_its_family(tmp_path):
    root, example, _, _ = make_type(tmp_path)
    out = tmp_path / "简报.docx"
    code, _, err = render(root, example, "-o", out)
    assert code == 0, err

    styles = styles_by_name(out)
    masthead, base = styles["简报报头"], styles["报刊标题"]
    assert masthead.find(f"{W}basedOn").get(f"{W}val") == base.get(f"{W}styleId")
    rpr = masthead.find(f"{W}rPr")
    assert rpr.find(f"{W}color").get(f"{W}val") == "C00000"
    assert rpr.find(f"{W}sz").get(f"{W}val") == "72"  # 36 pt in half points
    assert rpr.find(f"{W}rFonts").get(f"{W}eastAsia") == "方正小标宋简体"
    ppr = masthead.find(f"{W}pPr")
    assert ppr.find(f"{W}pBdr/{W}bottom").get(f"{W}color") == "C00000"  # the red rule
    assert ppr.find(f"{W}spacing").get(f"{W}after") == "120"  # 6 pt
    assert ppr.find(f"{W}jc").get(f"{W}val") == base.find(f"{W}pPr/{W}jc").get(f"{W}val")  # inherited: center
    number = styles["简报期号"]
    assert number.find(f"{W}basedOn").get(f"{W}val") == styles["报刊正文"].get(f"{W}styleId")
    assert number.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"

    paragraphs = docx.Document(str(out)).paragraphs
    assert [p.style.name for p in paragraphs[:3]] == ["简报报头", "简报期号", "报刊正文"]
    assert paragraphs[0].text == "工作简报"
    assert paragraphs[0].style.base_style.name == "报刊标题"


def test_named_styles_stay_with_their_type(tmp_path):
    """Another 报刊 document in the same process does not get the type's styles."""
    root, example, _, _ = make_type(tmp_path)
    assert render(root, example, "-o", tmp_path / "a.docx")[0] == 0
    (plain,) = EXAMPLES.glob("tonggao-*.yaml")  # a built-in 报刊 type
    code, _, err = run_inproc("render", plain, "-o", tmp_path / "b.docx")
    assert code == 0, err
    assert "简报报头" not in styles_by_name(tmp_path / "b.docx")


def test_named_styles_travel_with_the_document(tmp_path):
    """The tree names its plain family; the declarations ride along, so a redline keeps the looks,
    and another type declaring the same style name differently gets its own."""
    root, example, _, _ = make_type(tmp_path)
    newer = example.with_name("新.yaml")
    newer.write_text(example.read_text(encoding="utf-8").replace("9个", "12个"), encoding="utf-8")
    code, _, err = run_inproc("diff", example, newer, "--redline", tmp_path / "修订.docx", "--types-dir", root)
    assert code == 1, err
    assert docx.Document(str(tmp_path / "修订.docx")).paragraphs[0].style.name == "简报报头"
    assert render(root, example, "-o", tmp_path / "a.docx")[0] == 0
    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        tree = etree.fromstring(z.read("customXml/item1.xml")).text
    assert '"family":"报刊"' in tree

    other, other_example, _, _ = make_type(tmp_path / "另一个", name="工作动态",
                                           extra=MASTHEAD.replace('"size": 36', '"size": 30'))
    assert render(other, other_example, "-o", tmp_path / "b.docx")[0] == 0
    sizes = [styles_by_name(tmp_path / f)["简报报头"].find(f"{W}rPr/{W}sz").get(f"{W}val") for f in ("a.docx", "b.docx")]
    assert sizes == ["72", "60"]


def test_a_named_style_font_is_written_as_declared(tmp_path):
    """Any font name a maintainer writes (quotes included) lands in the style and the font table."""
    root, example, _, _ = make_type(tmp_path, extra=MASTHEAD.replace('"after": 6', '"after": 6, "latin_font": \'Times "New" Roman\''))
    code, _, err = render(root, example, "-o", tmp_path / "a.docx")
    assert code == 0, err
    rfonts = styles_by_name(tmp_path / "a.docx")["简报报头"].find(f"{W}rPr/{W}rFonts")
    assert rfonts.get(f"{W}ascii") == rfonts.get(f"{W}hAnsi") == 'Times "New" Roman'
    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        table = etree.fromstring(z.read("word/fontTable.xml"))
    assert 'Times "New" Roman' in [f.get(f"{W}name") for f in table.iter(f"{W}font")]


def test_an_unknown_style_name_in_the_template_lists_the_named_styles(tmp_path):
    root, example, _, template = make_type(tmp_path, template='\n{{ title(报头, style="简报报") }}\n')
    err = assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"), template, 2,
                                  "模板出错", "不存在的样式“简报报”", "简报报头")
    assert str(example) not in err  # the writer's YAML is not to blame


@pytest.mark.parametrize(("call", "words"), [
    ('{{ heading(1, 报头, True, None, 5) }}', "块函数“heading”的参数不对：最多只能按位置给 4 个参数，给了 5 个"),
    ('{{ title(报头, size=3) }}', "块函数“title”的参数不对：没有名为“size”的参数"),
    ('{{ title() }}', "块函数“title”的参数不对：缺少参数 text"),
])
def test_a_wrong_block_function_call_is_said_in_chinese(tmp_path, call, words):
    root, example, _, template = make_type(tmp_path, template=call + "\n")
    err = assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"), template, 1, words)
    assert "Builder" not in err and "positional" not in err


@pytest.mark.parametrize(
    ("declaration", "words"),
    [
        ('{"简报报头": {"based_on": "报刊大标题"}}', ["based_on “报刊大标题”不是报刊样式族里的段落样式", "报刊标题"]),
        ('{"简报报头": {"based_on": "报刊标题", "color": "red"}}', ["color: 'red'", "六位十六进制颜色"]),
        ('{"简报报头": {"based_on": "报刊标题", "size": 0}}', ["size: 0", "5～100"]),
        ('{"简报报头": {"based_on": "报刊标题", "colour": "C00000"}}', ["不认识的属性“colour”", "color"]),
        ('{"简报报头": {"based_on": "报刊标题", "align": "middle"}}', ["align: 'middle'", "center"]),
        ('{"报刊正文": {"based_on": "报刊标题"}}', ["“报刊正文”与报刊样式族里已有的样式同名"]),
        ('{"简报报头": "报刊标题"}', ["应写成字典"]),
    ],
    ids=["unknown base", "colour", "size", "unknown key", "align", "name taken", "not a dict"],
)
def test_a_mistake_in_named_styles_names_the_schema_file(tmp_path, declaration, words):
    root, _, schema, _ = make_type(tmp_path, extra=f"    named_styles = {declaration}\n")
    result = run_inproc("types", "--types-dir", root)
    assert_maintainer_error(result, schema, line_of(schema, "named_styles"), "命名样式", *words)


# ------------------------------------------------------------------------ template errors


def test_an_undefined_name_while_the_template_runs_names_file_and_line(tmp_path):
    template = '{{ title(报头, style="简报报头") }}\n\n{{ para(报头名) }}\n'
    root, example, _, tfile = make_type(tmp_path, template=template)
    err = assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"), tfile, 3,
                                  "模板出错", "“报头名”没有定义")
    assert "is undefined" not in err


def test_an_error_inside_a_macro_names_the_macro_file(tmp_path):
    template = '{% import "parts.jinja" as parts with context %}\n{{ title(报头) }}\n{{ parts.body(正文) }}\n'
    macros = "{% macro body(items) %}\n{% for p in items %}\n{{ para(p.正文) }}\n{% endfor %}\n{% endmacro %}\n"
    root, example, _, _ = make_type(tmp_path, template=template, files={"templates/parts.jinja": macros})
    err = assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"),
                                  root / "templates" / "parts.jinja", 3, "取不到“正文”")
    assert "has no attribute" not in err


@pytest.mark.parametrize(
    ("template", "line", "words"),
    [
        ("{{ title(报头) }}\n{% for p in 正文 %}\n{{ para(p) }}\n", 3, ["语法错误", "结束标记"]),
        ("{{ title(报头) }}\n{{ para(报头 }}\n", 2, ["语法错误", "这里应是"]),
        ("{{ title(报头) }}\n{% frobnicate %}\n", 2, ["语法错误", "不认识的标签“frobnicate”"]),
        ("{{ title(报头) }}\n\n{{ para(报头 | shout) }}\n", 3, ["没有名为“shout”的过滤器"]),
        ("{% macro loop_(n) %}{{ loop_(n) }}{% endmacro %}\n{{ loop_(1) }}\n", 1, ["递归太深"]),
        ("{{ title(报头) }}\n{{ para(报头.__class__) }}\n", 2, ["沙箱不允许"]),
        ("{{ title(报头) }}\n{{ heading() }}\n", 2, ["块函数“heading”的参数不对：缺少参数 level、text"]),
    ],
    ids=["unclosed for", "expected token", "unknown tag", "unknown filter", "recursion", "sandbox", "bad call"],
)
def test_template_mistakes_name_file_line_in_chinese(tmp_path, template, line, words):
    root, example, _, tfile = make_type(tmp_path, template=template)
    assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"), tfile, line, "模板出错", *words)


def test_a_missing_template_file_names_it_and_the_folders(tmp_path):
    root, example, _, tfile = make_type(tmp_path)
    tfile.unlink()
    assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"), "jianbao.jinja", None,
                            "找不到模板文件“jianbao.jinja”", str(root / "templates"))


# -------------------------------------------------------------------------- schema errors


def schema_with(body: str) -> str:
    return SCHEMA.format(name="工作简报", extra="") + textwrap.dedent(body)


@pytest.mark.parametrize(
    ("schema", "needle", "words"),
    [
        (SCHEMA.format(name="工作简报", extra="").replace('alias="报头")', 'alias="报头"'),
         "masthead: str", ["Python 语法错误"]),
        (schema_with("\n\nLIMIT = Feild(3)\n"), "Feild(3)", ["名字“Feild”没有定义"]),
        (schema_with("\n\nclass Broken(Section):\n    type_name = '坏'\n    标题 = Field('x')\n"),
         "class Broken", ["数据结构（pydantic 模型）定义有误"]),
        (schema_with("\n\nimport sys\nsys.exit(0)\n"), "sys.exit(0)", ["sys.exit()", "退出码 0"]),
        (schema_with("\n\nimport no_such_module_here\n"), "import no_such_module_here", ["无法导入“no_such_module_here”"]),
        (schema_with("\n\nVALUE = 1 / 0\n"), "1 / 0", ["ZeroDivisionError"]),
    ],
    ids=["syntax", "name", "pydantic", "sys.exit", "import", "runtime"],
)
def test_a_mistake_in_a_schema_file_names_file_and_line(tmp_path, schema, needle, words):
    root, example, sfile, _ = make_type(tmp_path, schema=schema)
    line = line_of(sfile, needle)
    assert_maintainer_error(run_inproc("types", "--types-dir", root), sfile, line, "类型定义文件出错", *words)
    assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"), sfile, line, *words)


def test_an_undefined_annotation_is_reported_at_load_not_at_render(tmp_path):
    schema = SCHEMA.format(name="工作简报", extra="").replace("body: Paragraphs", 'body: "Paragraphz"')
    root, example, sfile, _ = make_type(tmp_path, schema=schema)
    assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"), sfile, line_of(sfile, "Paragraphz"),
                            "类型定义文件出错", "名字“Paragraphz”没有定义")


def test_block_functions_are_missing_in_a_macro_imported_without_context(tmp_path):
    template = '{% import "parts.jinja" as parts %}\n{{ parts.body(正文) }}\n'
    macros = "{% macro body(items) %}\n{% for p in items %}\n{{ para(p) }}\n{% endfor %}\n{% endmacro %}\n"
    root, example, _, _ = make_type(tmp_path, template=template, files={"templates/parts.jinja": macros})
    assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"), root / "templates" / "parts.jinja", 3,
                            "块函数“para”在这里不可用", "with context")


def test_a_wrong_family_names_the_class_line(tmp_path):
    root, _, sfile, _ = make_type(tmp_path, extra='    family = "简报"\n')
    assert_maintainer_error(run_inproc("types", "--types-dir", root), sfile, line_of(sfile, "class Brief"),
                            "样式族“简报”不存在")


def test_messages_are_chinese(tmp_path):
    """The Chinese account leads; Python's or Jinja's English is at most a detail after it."""
    root, example, _, _ = make_type(tmp_path, template="{{ title(报头) }}\n{{ para(报头名) }}\n")
    _, _, err = render(root, example, "-f", "txt", "-o", "-")
    message = err.split("错误：", 1)[1]
    assert re.match(r"[\u4e00-\u9fff]", message), err


def test_a_mistake_in_context_names_the_schema_line(tmp_path):
    method = '\n    def context(self, data):\n        data["期号"] = data["期数"] + 1\n        return data\n'
    root, example, sfile, _ = make_type(tmp_path, schema=SCHEMA.format(name="工作简报", extra="") + method)
    assert_maintainer_error(render(root, example, "-f", "txt", "-o", "-"), sfile, line_of(sfile, '"期数"'),
                            "context() 出错", "KeyError")
