"""The contract of the `draft` process itself: exit codes, which stream carries what, bytes on
stdout.  Everything else runs draft in-process (conftest.run_draft), which these tests tie to
the real process."""
from __future__ import annotations

from conftest import EXAMPLES, assert_clean_failure, run_draft, run_process

WEIJIAN = EXAMPLES / "zhuanjie-weijian-2024.yaml"


def test_exit_codes_and_streams(tmp_path):
    ok = run_process("render", WEIJIAN, "-f", "txt", "-o", "-")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == run_draft("render", WEIJIAN, "-f", "txt", "-o", "-").stdout  # the document on stdout
    assert "卫生健康" in ok.stdout.splitlines()[0] and "已生成" not in ok.stdout
    bad = tmp_path / "坏.yaml"
    bad.write_text("类型: 专节报告\n标题: [\n", encoding="utf-8")
    proc = run_process("render", bad, "-f", "txt", "-o", "-")
    assert_clean_failure(proc, 1)  # the writer's input: 1, the message on stderr, nothing on stdout
    assert proc.stdout == "" and "坏.yaml:" in proc.stderr
    proc = run_process("render", "--bogus", bad)
    assert_clean_failure(proc, 2)  # the command line: 2
    assert proc.stdout == "" and "没有这个选项" in proc.stderr


def test_docx_on_stdout_is_the_documents_bytes():
    proc = run_process("render", WEIJIAN, "-o", "-", text=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"PK\x03\x04")
    assert proc.stdout == run_draft("render", WEIJIAN, "-o", "-").stdout_bytes
