"""Issue 13 (7): what the commands do is reusable from Python; ``cli.main(argv)`` returns the exit code."""
from __future__ import annotations

import shutil

import docx
import pytest

from conftest import EXAMPLES
from drafting import cli
from drafting.errors import DraftError
from drafting.pipeline import build, load_document, to_docx
from drafting.review import review, write_redline
from drafting.uptodate import check

WEIJIAN = "zhuanjie-weijian-2024.yaml"


@pytest.fixture
def src(tmp_path):
    path = tmp_path / "报告.yaml"
    shutil.copy(EXAMPLES / WEIJIAN, path)
    return path


def test_up_to_date_verdicts(src, tmp_path):
    missing = check(src)
    assert not missing.current and missing.exit_code == 1
    assert missing.message == f"{src.with_suffix('.docx')}: 不是最新的：文件不存在（请运行 draft render {src}）"
    src.with_suffix(".docx").write_bytes(to_docx(build(src).doc))
    fresh = check(src)
    assert fresh.current and fresh.exit_code == 0 and fresh.message.endswith("已是最新")
    src.write_text(src.read_text(encoding="utf-8").replace("42名", "43名"), encoding="utf-8")
    stale = check(src)
    assert not stale.current and "word/document.xml" in stale.message
    other = tmp_path / "别处.docx"
    other.write_bytes(b"not a zip")
    assert check(src, other).message == f"{other}: 不是最新的：不是有效的 DOCX 文件"


def test_up_to_date_raises_for_a_wrong_input(tmp_path):
    bad = tmp_path / "坏.yaml"
    bad.write_text("类型: 专节报告\n", encoding="utf-8")
    with pytest.raises(DraftError):
        check(bad)


def test_load_document_takes_yaml_or_docx(src):
    from_yaml = load_document(src)
    target = src.with_suffix(".docx")
    target.write_bytes(to_docx(from_yaml))
    assert [b.text for b in load_document(target).blocks] == [b.text for b in from_yaml.blocks]


def test_review_and_redline_from_python(src, tmp_path):
    new = tmp_path / "新.yaml"
    new.write_text(src.read_text(encoding="utf-8").replace("42名", "43名"), encoding="utf-8")
    same = review(src, src)
    assert same.report.equal and same.notes == []
    out = tmp_path / "修订.docx"
    result = review(src, new, redline=out)
    assert not result.report.equal
    assert result.notes == [f"已生成修订稿 {out}"]
    body = docx.Document(out).element.body.xml
    assert "<w:del " in body and "<w:ins " in body
    # a second redline replaces draft's own; an input is never the target
    assert write_redline(result.old, result.new, out, [src, new]) == [f"已生成修订稿 {out}"]
    with pytest.raises(DraftError, match="输出文件不能是输入文件本身"):
        write_redline(result.old, result.new, new, [src, new])


def test_main_returns_the_exit_code(src, capsys):
    assert cli.main(["render", str(src), "-f", "txt", "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("县卫生健康局关于2024年卫生健康工作") and err == ""
    assert cli.main(["render", str(src.with_name("没有.yaml"))]) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert cli.main(["render", "--nope"]) == 2
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("draft ")


def test_interrupt_is_130_and_said_in_chinese(src, capsys, monkeypatch):
    import drafting.batch

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(drafting.batch, "render", interrupted)
    assert cli.main(["render", str(src)]) == 130
    assert capsys.readouterr().err == "已中断\n"


def test_a_bug_is_an_internal_error_not_a_traceback(src, capsys, monkeypatch):
    import drafting.batch

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv("DRAFT_DEBUG", raising=False)
    monkeypatch.setattr(drafting.batch, "render", broken)
    assert cli.main(["render", str(src)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("内部错误：ZeroDivisionError: division by zero") and "Traceback" not in err
