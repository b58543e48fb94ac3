"""`pip install .` (not editable) gives a working `draft`: the built-in types ship in the wheel."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import docx
import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "draft"
    # build from the tracked files only, as a fresh clone would
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    # a writer's working tree has generated files beside the examples: they must not ship
    (src / "examples" / "zhuanjie-minzheng-2024.docx").write_bytes(b"PK generated")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(src)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0 and "hatchling" in proc.stderr:
        pytest.skip("hatchling is not installed in this environment (CI installs it through pip)")
    assert proc.returncode == 0, proc.stderr
    return next(out.glob("*.whl"))


def test_wheel_carries_builtin_types(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "drafting/builtin/schemas/zhuanjie.py" in names
    assert "drafting/builtin/templates/zhuanjie.jinja" in names
    assert "drafting/builtin/examples/zhuanjie-minzheng-2024.yaml" in names
    assert not any(n.endswith(".docx") for n in names)


def test_installed_draft_renders_in_a_chinese_path(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", "--no-deps", str(wheel)], check=True)
    work = tmp_path / "民政局 材料"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "zhuanjie-minzheng-2024.yaml", work / "2025 报告.yaml")
    proc = subprocess.run([str(venv / "bin" / "draft"), "render", "2025 报告.yaml"], cwd=work,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    d = docx.Document(work / "2025 报告.docx")
    assert d.paragraphs[3].text == "一、2024年大事记"
    types = subprocess.run([str(venv / "bin" / "draft"), "types"], cwd=work, capture_output=True, text=True)
    assert "专节报告" in types.stdout and "内置" in types.stdout
