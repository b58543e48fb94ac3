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
    # the skeleton validates; its placeholders are flagged by lint (W108), and --strict fails on them
    code, out, _ = run_inproc("check", target)
    assert code == 0, out
    assert re.search(r"检查了 1 个文件：0 个错误，[1-9]\d* 个警告", out)
    assert set(re.findall(r"\[(W\d+)\]", out)) == {"W108"}
    assert run_inproc("check", "--strict", target)[0] == 1
    code, _, err = run_inproc("render", target)
    assert code == 0, err
    assert docx.Document(tmp_path / "2025 草稿.docx").paragraphs
    # the schema beside it accepts the skeleton
    jsonschema.validate(editor_view(target), json.loads(schema_file.read_text(encoding="utf-8")))


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


def test_version_and_chinese_help():
    code, out, _ = run_inproc("--version")
    assert code == 0 and out.strip() == f"draft {__version__}"
    for cmd in ([], ["render"], ["check"], ["new"], ["schema"], ["types"]):
        code, out, _ = run_inproc(*cmd, "--help")
        assert code == 0
        assert re.search(r"[\u4e00-\u9fff]{4}", out)
        if cmd and cmd[0] != "types":
            assert "示例" in out and f"draft {cmd[0]} " in out
