"""Issue 13 (6): one list of output formats drives the command line, output names and the overwrite guard."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_draft, run_inproc
from drafting import formats
from drafting.errors import EnvError
from drafting.output import default_output, guard

WEIJIAN = "zhuanjie-weijian-2024.yaml"


def test_render_help_lists_every_format():
    code, out, _ = run_inproc("render", "-h")
    assert code == 0
    text = "".join(out[out.index("--format"):out.index("--force")].split())  # lines joined
    assert "输出格式：" + "、".join(formats.FORMATS) in text
    office = "、".join(f.name for f in formats.FORMATS.values() if f.office)
    assert f"{office}需要安装LibreOffice" in text


def test_unknown_format_names_every_format(workdir):
    code, _, err = run_inproc("render", workdir / WEIJIAN, "-f", "rtf")
    assert code == 2
    assert "不支持的格式“rtf”；可用：" + "、".join(formats.FORMATS) in err


@pytest.mark.parametrize("name", list(formats.FORMATS))
def test_default_output_name_from_the_list(name):
    assert default_output(Path("各单位/2025.yaml"), name) == Path(f"各单位/2025.{name}")


@pytest.mark.parametrize("fmt", list(formats.FORMATS.values()), ids=list(formats.FORMATS))
def test_guard_protects_every_format_draft_did_not_write(fmt, tmp_path):
    """Any file of any format that draft cannot prove it wrote is refused (a preview too)."""
    target = tmp_path / f"报告{fmt.suffix}"
    target.write_bytes(b"an older file of this kind")
    with pytest.raises(EnvError, match="不是 draft 生成的"):
        guard(target, [tmp_path / "报告.yaml"], force=False, fmt=fmt.name)
    assert guard(target, [tmp_path / "报告.yaml"], force=True, fmt=fmt.name) == tmp_path / f"报告.备份{fmt.suffix}"


def test_a_file_of_no_format_is_somebody_elses(tmp_path):
    target = tmp_path / "名单.xlsx"
    target.write_bytes(b"x")
    with pytest.raises(EnvError, match="不是 draft 生成的"):
        guard(target, [], force=False)


def test_paged_format_cannot_go_to_screen(workdir):
    paged = [f.name for f in formats.FORMATS.values() if f.pages]
    assert paged == ["png"]
    for name in paged:
        code, out, err = run_inproc("render", workdir / WEIJIAN, "-f", name, "-o", "-")
        assert code == 2 and out == ""
        assert f"{name.upper()} 每页一个文件，不能输出到屏幕" in err


@pytest.mark.parametrize("name", [n for n, f in formats.FORMATS.items() if not f.office])
def test_screen_output_is_the_file_itself(name, workdir, capsysbinary):
    """`-o -` writes the very bytes the file would hold (text or binary, as the list says)."""
    from drafting.cli import main

    assert main(["render", str(workdir / WEIJIAN), "-f", name, "-o", "-"]) == 0
    shown = capsysbinary.readouterr().out
    assert main(["render", str(workdir / WEIJIAN), "-f", name]) == 0
    assert shown == (workdir / WEIJIAN).with_suffix(f".{name}").read_bytes()


@pytest.mark.office
def test_second_odt_render_replaces_drafts_own(workdir):
    """LibreOffice's ODT: rendered twice to the same name without complaint, a real ODT both times."""
    src = workdir / WEIJIAN
    odt = src.with_suffix(".odt")
    for _ in range(2):
        code, _, err = run_inproc("render", src, "-f", "odt")
        assert code == 0, err
        assert f"已生成 {odt}" in err
        with zipfile.ZipFile(odt) as z:
            assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
            assert "县卫生健康局关于2024年卫生健康工作".encode() in z.read("content.xml")
    assert not list(workdir.glob("*.备份*"))



def test_a_file_draft_cannot_replace_is_refused_before_libreoffice_runs(tmp_path, monkeypatch):
    """An edited PDF (or first PNG page) at the output path is refused at once, not after seconds
    of LibreOffice work."""
    from drafting import office

    source = tmp_path / "a.yaml"
    source.write_text((EXAMPLES / "zhuanjie-minzheng-2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 someone else's file")
    (tmp_path / "a-1.png").write_bytes(b"\x89PNG someone else's picture")
    calls = []
    monkeypatch.setattr(office, "convert", lambda *a, **k: calls.append(a) or b"")
    monkeypatch.setattr(office, "require", lambda *a, **k: None)  # as if LibreOffice were installed
    for fmt in ("pdf", "png"):
        result = run_draft("render", source, "-f", fmt)
        assert result.returncode == 2 and "不是 draft 生成的" in result.stderr, result.stderr
    assert calls == []
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF-1.4 someone else's file"
