"""Issue 6: `draft new`, `draft schema`, help texts and --version."""
from __future__ import annotations

import datetime as _dt
import json
import re

import docx
import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import run_draft, run_inproc
from drafting import __version__
from drafting.registry import load_registry

TYPES = sorted(load_registry().types)


def editor_view(path) -> object:
    """The data an editor's YAML 1.2 language server sees (typed scalars; dates are strings)."""
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8-sig"))

    def fix(v):
        if isinstance(v, (_dt.date, _dt.datetime)):
            return v.isoformat()
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fix(x) for x in v]
        return v

    return fix(data)


@pytest.mark.parametrize("type_name", TYPES)
def test_new_check_render_round_trip(type_name, tmp_path):
    target = tmp_path / "2025 草稿.yaml"
    code, out, err = run_inproc("new", type_name, "-o", target)
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    schema_file = tmp_path / f"{type_name}.schema.json"
    assert first == f"# yaml-language-server: $schema=./{schema_file.name}"
    assert schema_file.is_file()
    assert f"类型: {type_name}" in text and "# " in text  # commented
    # the placeholders are errors: check fails on them (and on nothing else), render refuses, both
    # say where each one is
    code, out, _ = run_inproc("check", target)
    assert code == 1, out
    assert re.search(r"检查了 1 个文件：[1-9]\d* 个错误，0 个警告.*（未通过）", out)
    assert set(re.findall(r"\[(W\d+)\]", out)) == {"W108"}
    first = next(n for n, line in enumerate(text.splitlines(), 1) if "请填写" in line and not line.lstrip().startswith("#"))
    assert f"2025 草稿.yaml:{first}:" in out
    code, _, err = run_inproc("render", target)
    assert code == 1 and f"2025 草稿.yaml:{first}:" in err and "[W108]" in err
    assert not (tmp_path / "2025 草稿.docx").exists()
    # the schema beside it accepts the skeleton
    jsonschema.validate(editor_view(target), json.loads(schema_file.read_text(encoding="utf-8")))
    # filled in, it checks clean and renders
    filled = tmp_path / "填好.yaml"
    text = re.sub(r"(引语: )（请填写[^）]*）", r"\1“某某内容。”", text)  # a quotation is written with its marks (W501)
    filled.write_text(re.sub(r"  # 请填写.*", "", re.sub(r"（请填写[^）]*）", "某某内容", text)), encoding="utf-8")
    code, out, _ = run_inproc("check", "--strict", filled)
    assert code == 0, out
    code, _, err = run_inproc("render", filled)
    assert code == 0, err
    assert docx.Document(tmp_path / "填好.docx").paragraphs


def test_new_refuses_to_overwrite(tmp_path):
    target = tmp_path / "2025.yaml"
    target.write_text("类型: 专节报告\n# 我写了一半\n", encoding="utf-8")
    before = target.read_bytes()
    proc = run_draft("new", "专节报告", "-o", target)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{target}: 错误：文件已存在，为免覆盖没有写入" in proc.stderr
    assert target.read_bytes() == before
    assert not list(tmp_path.glob(".draft-*"))


def test_new_default_name_and_foreign_schema_kept(tmp_path):
    foreign = tmp_path / "专节报告.schema.json"
    foreign.write_text('{"我的": "文件"}', encoding="utf-8")
    code, _, err = run_inproc("new", "专节报告", cwd=tmp_path)
    assert code == 0 and (tmp_path / "专节报告.yaml").is_file()
    assert foreign.read_text(encoding="utf-8") == '{"我的": "文件"}' and "没有改动它" in err


def test_unknown_type(tmp_path):
    for cmd in ("new", "schema"):
        code, _, err = run_inproc(cmd, "述职报告", cwd=tmp_path)
        assert code == 2 and "没有“述职报告”这种文稿类型；可用的类型：" in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("type_name", TYPES)
def test_schema_validates_the_example(type_name, tmp_path):
    code, out, _ = run_inproc("schema", type_name)
    assert code == 0
    assert "\\u" not in out and type_name in out  # ensure_ascii=False: Chinese as typed
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert all(name.isascii() for name in schema.get("$defs", {}))
    assert schema["properties"]["类型"]["const"] == type_name
    assert all(re.search(r"[\u4e00-\u9fff]", k) for k in schema["properties"])
    assert all(p.get("title") and p.get("description") for p in schema["properties"].values())
    example = load_registry().get(type_name).example
    jsonschema.validate(editor_view(example), schema)
    # and it catches what the editor should underline
    data = editor_view(example)
    data["单住"] = data.pop("单位", "x")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    out_file = tmp_path / "s.json"
    assert run_inproc("schema", type_name, "-o", out_file)[0] == 0
    assert json.loads(out_file.read_text(encoding="utf-8")) == schema


@pytest.mark.parametrize("type_name", TYPES)
def test_schema_proposes_no_empty_list_as_a_value(type_name):
    """A list field that may be left out (正文, 要点, 条目 …) has no default in the editor's
    schema, as before the models wrote ``Field([], …)`` for speed: an empty list is the model's
    "none", not a value to show or to complete with (yaml-language-server completes a key with
    its default, and shows it on hover)."""
    code, out, _ = run_inproc("schema", type_name)
    assert code == 0
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            if "default" in node and node["default"] in ([], {}):
                found.append(where)
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")

    walk(json.loads(out), "")
    assert not found, found


def test_version_and_chinese_help():
    code, out, _ = run_inproc("--version")
    assert code == 0 and out.strip() == f"draft {__version__}"
    for cmd in ([], ["render"], ["check"], ["new"], ["schema"], ["types"]):
        code, out, _ = run_inproc(*cmd, "--help")
        assert code == 0
        assert re.search(r"[\u4e00-\u9fff]{4}", out)
        if cmd and cmd[0] != "types":
            assert "示例" in out and f"draft {cmd[0]} " in out


def test_zhuanjie_skeleton_is_short_and_shows_the_common_parts(tmp_path):
    """Issue 15: ≤ 100 lines; 部分 (free headings) next to 工作亮点/举措/成效 as an equal choice; a
    数据 block with a figure the text uses; the optional parts as comments; the field reference named."""
    target = tmp_path / "2025.yaml"
    assert run_inproc("new", "专节报告", "-o", target)[0] == 0
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) <= 100
    assert "部分:" in lines and "写法一" in text and "写法二" in text
    assert "#   工作亮点:" in text and "#   工作举措:" in text
    assert "数据:" in lines and "{服务人次}" in text
    for optional in ("期间", "主送", "编号", "指标表", "附件", "落款", "日期", "附注"):
        assert re.search(rf"^# {optional}: ", text, re.M), optional
    assert "docs/专节报告.md" in text
    year = _dt.date.today().year - 1
    assert f"年度: {year}" in lines and "$" not in text.split("\n", 1)[1]


def test_field_reference_is_committed_and_current():
    """docs/<type>.md is what `draft schema TYPE --format md` writes: a test fails when the
    committed file and the schema disagree (regenerate with that command)."""
    from conftest import ROOT
    from drafting.reference import field_reference

    checked = 0
    for name in TYPES:
        doc = ROOT / "docs" / f"{name}.md"
        if doc.is_file():
            expected = field_reference(load_registry().get(name))
            assert doc.read_text(encoding="utf-8") == expected, (
                f"{doc.name} is out of date: draft schema {name} --format md -o docs/{name}.md")
            checked += 1
    assert (ROOT / "docs" / "专节报告.md").is_file() and checked >= 1


def test_field_reference_lists_every_key_with_meaning_default_and_example():
    code, out, _ = run_inproc("schema", "专节报告", "--format", "md")
    assert code == 0
    from drafting.registry import load_registry as reg

    model = reg().get("专节报告").model
    for field in model.model_fields.values():
        assert f"| `{field.alias}` |" in out, field.alias
    row = next(line for line in out.splitlines() if line.startswith("| `期间` |"))
    assert "全年" in row and "`上半年`" in row  # default and an example from the half-year example
    row = next(line for line in out.splitlines() if line.startswith("| `约数` |"))
    assert any(f"`{w}`" in row for w in ("余", "近", "逾"))
    assert "## 数据的每一项" in out and "## 部分" in out and "## 附件" in out
    code, _, err = run_inproc("schema", "专节报告", "--format", "pdf")
    assert code == 2 and "md" in err
