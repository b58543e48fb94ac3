"""Issue 4: section types are plugins — a folder on the search path, or an installed package's
entry point — and neither needs a change to draft's own code."""
from __future__ import annotations

import subprocess
import textwrap

import docx
import pytest

from conftest import assert_clean_failure, make_venv, pip_install, run_draft, run_process

SCHEMA = '''\
"""{name}: a type that lives outside draft."""
from pydantic import Field

from drafting.model import Paragraphs, Section


class Release(Section):
    type_name = "{name}"
    description = "{name}：电头、标题、正文、通讯员署名"
    template = "{template}"
    family = "报刊"
    example = "{example}"

    title: str = Field(alias="标题")
    dateline: str = Field(alias="电头")
    body: Paragraphs = Field(alias="正文")
    author: str = Field(alias="署名")
'''

TEMPLATE = """\
{{ title(标题) }}
{% for p in 正文 %}{{ para(p, lead=电头 if loop.first else None) }}{% endfor %}
{{ byline(署名, style="报刊文首署名") }}
"""

EXAMPLE = """\
类型: {name}
标题: 洪井镇为老人建起日间照料中心
电头: 本报讯
正文: |
  近日，洪井镇9个村级老年人日间照料中心全部投用。
  中心配备按摩椅、血压仪等设备。
署名: （记者 张三 通讯员 李四）
"""

EXPECTED = [
    "洪井镇为老人建起日间照料中心",
    "本报讯近日，洪井镇9个村级老年人日间照料中心全部投用。",
    "中心配备按摩椅、血压仪等设备。",
    "（记者 张三 通讯员 李四）",
]


def write_type(root, name, template="tongxun.jinja", example="tongxun-demo.yaml", schema="schemas/tongxun.py"):
    """One type's schema, templates/ and examples/ under ``root``: a types folder keeps the schema
    in schemas/, a package keeps it in the module whose folder holds templates/ and examples/."""
    for sub in ("schemas", "templates", "examples"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / schema).write_text(SCHEMA.format(name=name, template=template, example=example), encoding="utf-8")
    (root / "templates" / template).write_text(TEMPLATE, encoding="utf-8")
    (root / "examples" / example).write_text(EXAMPLE.format(name=name), encoding="utf-8")
    return root / "examples" / example


@pytest.fixture
def folder(tmp_path):
    types = tmp_path / "我的类型"
    example = write_type(types, "会议简讯")
    return types, example


def test_folder_type_renders_through_types_dir(folder, tmp_path):
    types, example = folder
    proc = run_draft("render", example, "--types-dir", types, "-f", "txt", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == EXPECTED
    out = tmp_path / "通稿.docx"
    proc = run_draft("render", example, "--types-dir", types, "-o", out)
    assert proc.returncode == 0, proc.stderr
    ps = docx.Document(out).paragraphs
    assert ps[0].style.name == "报刊标题"  # the family's styles, named by the outside template
    assert ps[-1].style.name == "报刊文首署名"
    assert ps[1].runs[0].text == "本报讯" and ps[1].runs[0].style.name == "报刊段首句"


def test_folder_type_renders_through_env_var(folder, tmp_path):
    types, example = folder
    other = tmp_path / "空目录"
    (other / "schemas").mkdir(parents=True)
    env = {"DRAFT_TYPES_PATH": f"{other}{__import__('os').pathsep}{types}"}
    proc = run_draft("render", example, "-f", "txt", "-o", "-", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == EXPECTED
    # without the search path the type is unknown: a located message, exit 1
    proc = run_draft("render", example, "-f", "txt", "-o", "-")
    assert_clean_failure(proc, 1)
    assert "不认识的类型“会议简讯”" in proc.stderr and f"{example.name}:1:" in proc.stderr


def test_types_lists_builtins_and_folder_types_with_origin(folder):
    types, example = folder
    proc = run_draft("types", "--types-dir", types)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["名称", "样式族", "来源", "示例", "说明"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) >= {"专节报告", "综述", "会议简讯"}
    assert f"目录 {types}" in rows["会议简讯"] and str(example) in rows["会议简讯"]
    assert "内置" in rows["综述"] and "报刊" in rows["综述"]
    assert "zongshu-wanyuan-2024.yaml" in rows["综述"]


def test_folder_type_shadows_builtin_and_is_listed(tmp_path):
    types = tmp_path / "mine"
    example = write_type(types, "综述")
    proc = run_draft("render", example, "--types-dir", types, "-f", "txt", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == EXPECTED  # the folder's 综述 wins over the built-in one
    proc = run_draft("types", "--types-dir", types)
    shadowed = [line for line in proc.stdout.splitlines() if line.startswith("综述") and "覆盖" in line]
    assert len(shadowed) == 1 and "内置" in shadowed[0]


PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "draft-shuzhi"
version = "0.1"

[project.entry-points."drafting.types"]
tongxun = "draft_shuzhi.tongxun:Release"

[tool.hatch.build.targets.wheel]
packages = ["draft_shuzhi"]
"""


@pytest.fixture(scope="module")
def plugin_python(tmp_path_factory, _own_cache_dir):
    """A new venv (conftest.make_venv) with a test package installed that registers the type
    述职通稿 through the entry point group ``drafting.types``.  draft runs there once before
    the package is installed, so the tests below also show that the cached answer "no plugins"
    is not kept once a package is installed."""
    pytest.importorskip("hatchling", reason="the test package is built with hatchling (the project's backend)")
    base = tmp_path_factory.mktemp("plugin")
    src = base / "src"
    pkg = src / "draft_shuzhi"
    write_type(pkg, "述职通稿", example="shuzhi-demo.yaml", schema="tongxun.py")
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (src / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    python = make_venv(base / "venv")
    before = run_process("types", python=python, env={"DRAFT_CACHE_DIR": str(_own_cache_dir)})
    assert before.returncode == 0 and "述职通稿" not in before.stdout, before.stderr
    pip_install(python, src)
    return python, pkg / "examples" / "shuzhi-demo.yaml"


def test_entry_point_type_renders(plugin_python, tmp_path):
    python, example = plugin_python
    proc = run_process("render", example, "-f", "txt", "-o", "-", python=python)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == EXPECTED
    # the package is really installed in the venv and found through importlib.metadata
    probe = subprocess.run(
        [str(python), "-c", textwrap.dedent("""\
            from importlib.metadata import entry_points
            print([ (e.name, e.value, e.dist.name) for e in entry_points(group="drafting.types")])""")],
        capture_output=True, text=True, check=True,
    )
    assert "('tongxun', 'draft_shuzhi.tongxun:Release', 'draft-shuzhi')" in probe.stdout
    # and not visible to an interpreter without the package
    proc = run_draft("render", example, "-f", "txt", "-o", "-")
    assert_clean_failure(proc, 1)


def test_types_lists_entry_point_type_with_its_package(plugin_python):
    python, example = plugin_python
    proc = run_process("types", python=python)
    assert proc.returncode == 0, proc.stderr
    row = next(line for line in proc.stdout.splitlines() if line.startswith("述职通稿"))
    assert "插件包 draft-shuzhi" in row and "shuzhi-demo.yaml" in row


def test_a_package_reinstalled_with_an_entry_point_is_found(tmp_path):
    """A plugin's author installs the package, runs draft, then adds the entry point to its
    pyproject.toml and installs it again at the same version (``pip install -e .``): the
    package's metadata folder keeps its name, only its entry_points.txt is new.  draft finds
    the type then, although it kept "no plugins" from the first run."""
    site = tmp_path / "site"
    write_type(site / "draft_huiyi", "会议通稿", example="huiyi-demo.yaml", schema="tongxun.py")
    (site / "draft_huiyi" / "__init__.py").write_text("", encoding="utf-8")
    meta = site / "draft_huiyi-0.1.dist-info"
    meta.mkdir()
    (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: draft-huiyi\nVersion: 0.1\n", encoding="utf-8")
    env = {"PYTHONPATH": str(site), "DRAFT_CACHE_DIR": str(tmp_path / "cache")}
    before = run_process("types", env=env)
    assert before.returncode == 0 and "会议通稿" not in before.stdout, before.stderr
    (meta / "entry_points.txt").write_text('[drafting.types]\nhuiyi = draft_huiyi.tongxun:Release\n', encoding="utf-8")
    after = run_process("types", env=env)
    assert after.returncode == 0, after.stderr
    row = next((line for line in after.stdout.splitlines() if line.startswith("会议通稿")), "")
    assert "插件包 draft-huiyi" in row, after.stdout


def test_a_maintainers_mistakes_are_named_not_blamed_on_draft(tmp_path):
    """A misspelled family, a missing description: a clear message (exit 2), never 内部错误."""
    types = tmp_path / "我的类型"
    write_type(types, "会议简讯")
    schema = types / "schemas" / "tongxun.py"
    schema.write_text(schema.read_text(encoding="utf-8").replace('family = "报刊"', 'family = "公函"'), encoding="utf-8")
    proc = run_draft("types", "--types-dir", types)
    assert_clean_failure(proc, 2)
    assert "样式族“公函”不存在" in proc.stderr and "公文" in proc.stderr
    # no docstring and no description: listed with an empty description
    types = tmp_path / "另一个目录"  # a new folder: one process loads each schema file once
    write_type(types, "会议简讯")
    schema = types / "schemas" / "tongxun.py"
    text = SCHEMA.format(name="会议简讯", template="tongxun.jinja", example="tongxun-demo.yaml")
    text = text.replace('"""会议简讯: a type that lives outside draft."""\n', "").replace(
        '    description = "会议简讯：电头、标题、正文、通讯员署名"\n', "")
    schema.write_text(text, encoding="utf-8")
    proc = run_draft("types", "--types-dir", types)
    assert proc.returncode == 0, proc.stderr
    assert "会议简讯" in proc.stdout


def test_indicator_table_on_a_type_whose_template_has_none(tmp_path):
    types = tmp_path / "我的类型"
    example = write_type(types, "会议简讯")
    example.write_text(example.read_text(encoding="utf-8") + "数据:\n  人数: 12人\n指标表: true\n", encoding="utf-8")
    proc = run_draft("render", example, "--types-dir", types)
    assert_clean_failure(proc, 1)
    assert "tongxun-demo.yaml:10:6: 错误：“会议简讯”的模板不排指标表" in proc.stderr
