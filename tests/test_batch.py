"""Many files at once: a folder with good and bad files, rendered on every core."""
from __future__ import annotations

import shutil
import subprocess
import time

from docx import Document

from conftest import EXAMPLES, assert_clean_failure, run_inproc
from drafting.pipeline import build

BAD_TYPE = "类型: 专节报告\n标题: 测试\n单位: 某某县民政局\n年度: 二〇二四\n日期: 2025-01-06\n"
BAD_TAB = "类型: 专节报告\n标题: 测试\n\t单位: 某某县民政局\n"


def draft(*args):
    """``draft`` run in this process (the pool's workers are forked from it)."""
    code, out, err = run_inproc(*args)
    return subprocess.CompletedProcess(args, code, out, err)


def _folder(tmp_path):
    src = tmp_path / "各单位"
    src.mkdir()
    for p in EXAMPLES.glob("*.yaml"):
        shutil.copy(p, src / p.name)
    (src / "坏-年度.yaml").write_text(BAD_TYPE, encoding="utf-8")
    (src / "坏-缩进.yml").write_text(BAD_TAB, encoding="utf-8")
    (src / "说明.txt").write_text("不是 YAML", encoding="utf-8")
    return src


def test_folder_renders_good_files_and_reports_every_failure(tmp_path):
    src = _folder(tmp_path)
    out = tmp_path / "输出"
    proc = draft("render", src, "-o", out)
    assert_clean_failure(proc, 1)
    good = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
    assert sorted(p.stem for p in out.glob("*.docx")) == good
    for name in good:  # each output is that example's document, not an empty or mixed-up file
        first = "".join(build(EXAMPLES / f"{name}.yaml").doc.blocks[0].text.split())  # a title may break lines
        assert first in ["".join(p.text.split()) for p in Document(out / f"{name}.docx").paragraphs]
    # every failure, with its file:line:col, after the good ones were written
    assert f"{src / '坏-年度.yaml'}:4:5: 错误" in proc.stderr
    assert "应是整数" in proc.stderr
    assert f"{src / '坏-缩进.yml'}:3:1: 错误" in proc.stderr
    assert "制表符" in proc.stderr
    assert f"已生成 {len(good)} 个文件；2 个文件失败" in proc.stderr
    assert "说明.txt" not in proc.stderr


def test_many_files_beside_their_sources(workdir):
    files = sorted(workdir.glob("*.yaml"))
    proc = draft("render", *files)
    assert proc.returncode == 0, proc.stderr
    assert all(f.with_suffix(".docx").is_file() for f in files)
    assert f"已生成 {len(files)} 个文件" in proc.stderr


def test_same_output_name_is_refused_not_overwritten(tmp_path):
    a, b = tmp_path / "甲", tmp_path / "乙"
    for d in (a, b):
        d.mkdir()
        shutil.copy(EXAMPLES / "zhuanjie-weijian-2024.yaml", d / "报告.yaml")
    proc = draft("render", a / "报告.yaml", b / "报告.yaml", "-o", tmp_path / "out")
    assert_clean_failure(proc, 1)
    assert "同名" in proc.stderr
    assert (tmp_path / "out" / "报告.docx").is_file()


def test_many_files_cannot_go_to_screen(workdir):
    proc = draft("render", workdir, "-o", "-")
    assert_clean_failure(proc, 2)
    assert "不能同时输出到屏幕" in proc.stderr


def test_empty_folder_is_an_error(tmp_path):
    proc = draft("render", tmp_path)
    assert_clean_failure(proc, 2)
    assert "没有 YAML 文件" in proc.stderr


def test_progress_bar_on_a_terminal(tmp_path):
    """On a terminal (a pseudo-terminal here) the batch shows rich's progress bar."""
    import os
    import sys

    from conftest import ROOT

    src = _folder(tmp_path)
    master, slave = os.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "drafting.cli", "render", str(src), "-o", str(tmp_path / "out")],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=120) == 1
    screen = b"".join(chunks).decode("utf-8", "replace")
    good = len(list(EXAMPLES.glob("*.yaml")))
    assert "生成中" in screen and f"{good + 2}/{good + 2}" in screen
    assert f"已生成 {good} 个文件；2 个文件失败" in screen


def test_an_interrupt_while_files_are_handed_out_counts_what_the_workers_wrote(tmp_path, monkeypatch):
    """Warm workers write while the parent is still handing files out: Ctrl-C then (here after
    five) stops the batch; the files already being written are finished and reported, the rest
    never start (before, the report said 0 and the workers went on writing after it)."""
    from concurrent.futures import ProcessPoolExecutor

    src = tmp_path / "各单位"
    src.mkdir()
    for i in range(12):
        shutil.copy(EXAMPLES / "zhuanjie-minzheng-2024.yaml", src / f"单位{i:02d}.yaml")
    real = ProcessPoolExecutor.submit
    handed: list[int] = []

    def submit(self, *args, **kwargs):
        if len(handed) == 5:
            raise KeyboardInterrupt
        handed.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    proc = draft("render", src, "-o", tmp_path / "输出")
    assert proc.returncode == 130, proc.stderr
    written = sorted((tmp_path / "输出").glob("*.docx"))
    assert 0 < len(written) <= 5
    assert f"已中断：已生成 {len(written)} 个文件" in proc.stderr, proc.stderr
    assert f"{12 - len(written)} 个 YAML 没有生成" in proc.stderr, proc.stderr
    time.sleep(1)  # nothing goes on writing after the report
    assert sorted((tmp_path / "输出").glob("*.docx")) == written
