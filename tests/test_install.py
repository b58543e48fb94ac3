"""`pip install .` and `pip install -e .` give a working `draft`: the built-in types ship in the
wheel, and an editable install uses the source tree.  Both are built offline from what the test
environment has (see conftest.make_venv)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import docx
import pytest

from conftest import ROOT, in_env, make_venv, pip_install


def _source_copy(dest):
    """The tracked files only, as a fresh clone has them, plus what a writer's working tree has
    beside the examples (generated outputs, which must not ship)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True,  # -z: names as they are (docs/专节报告.md)
                           check=True).stdout.split("\0")
    files = [f for f in files if f]
    for name in files:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    (dest / "examples" / "zhuanjie-minzheng-2024.docx").write_bytes(b"PK generated")
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    pytest.importorskip("hatchling", reason="the wheel is built with hatchling (pip install '.[test]' brings it)")
    out = tmp_path_factory.mktemp("wheel")
    src = _source_copy(tmp_path_factory.mktemp("src"))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(out), str(src)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return next(out.glob("*.whl"))


def test_wheel_carries_builtin_types(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "drafting/builtin/schemas/zhuanjie.py" in names
    assert "drafting/builtin/templates/zhuanjie.jinja" in names
    assert "drafting/builtin/examples/zhuanjie-minzheng-2024.yaml" in names
    assert not any(n.endswith(".docx") for n in names)


def _renders_in_a_chinese_path(python, tmp_path):
    work = tmp_path / "民政局 材料"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "zhuanjie-minzheng-2024.yaml", work / "2025 报告.yaml")
    proc = in_env(python, "draft", "render", "2025 报告.yaml", cwd=work)
    assert proc.returncode == 0, proc.stderr
    d = docx.Document(work / "2025 报告.docx")
    assert d.paragraphs[3].text == "一、2024年大事记"
    missing = in_env(python, "draft", "render", "没有.yaml", cwd=work)  # the script's exit code is main()'s
    assert missing.returncode == 2 and "找不到文件" in missing.stderr, missing.stderr
    types = in_env(python, "draft", "types", cwd=work)
    assert "专节报告" in types.stdout and "内置" in types.stdout, types.stdout + types.stderr
    return types.stdout


def test_installed_draft_renders_in_a_chinese_path(wheel, tmp_path):
    python = make_venv(tmp_path / "venv")
    pip_install(python, wheel)
    types = _renders_in_a_chinese_path(python, tmp_path)
    assert "drafting/builtin/examples/zhuanjie-minzheng-2024.yaml" in types  # the wheel's own copy


def test_editable_install_runs_the_source_tree(tmp_path):
    pytest.importorskip("hatchling", reason="the editable wheel is built with hatchling")
    src = _source_copy(tmp_path / "src")
    python = make_venv(tmp_path / "venv")
    pip_install(python, "-e", src)
    where = in_env(python, "python", "-c", "import drafting; print(drafting.__file__)", cwd=tmp_path)
    assert where.stdout.strip() == str(src / "drafting" / "__init__.py"), where.stdout + where.stderr
    types = _renders_in_a_chinese_path(python, tmp_path)
    assert "src/examples/zhuanjie-minzheng-2024.yaml" in types  # the source tree's, not a copy
