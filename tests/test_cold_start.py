"""A fresh ``draft render`` imports only what it needs and gives the same bytes and the same
messages as before: python-docx's parts and a title's words come from the cache folder, only
the requested type's schema runs, a plain ``render`` skips typer.  (Speed itself is measured
in bench/run.py, never asserted here.)"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import EXAMPLES, ROOT

PROBE = """
import sys
from drafting import launch
code = launch.guarded(lambda: __import__("drafting.batch").batch.render(*launch.plain_render(sys.argv[1:])))
print(",".join(sorted(m for m in ("docx", "lxml", "rjieba", "typer", "xml.sax.saxutils", "multiprocessing") if m in sys.modules)))
print(",".join(sorted(m.rsplit("_", 1)[-1] for m in sys.modules if m.startswith("drafting_types_"))))
sys.exit(code)
"""


def _fresh(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    full.pop("DRAFT_DEBUG", None)
    return subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], cwd=cwd, env=full,
                          capture_output=True, text=True, encoding="utf-8")


def test_a_warm_render_loads_neither_python_docx_nor_the_segmenter_nor_other_types(tmp_path):
    src = tmp_path / "民政.yaml"
    src.write_bytes((EXAMPLES / "zhuanjie-minzheng-2024.yaml").read_bytes())
    cache = {"DRAFT_CACHE_DIR": str(tmp_path / "cache")}
    cold = _fresh("render", src, "-o", tmp_path / "cold.docx", cwd=tmp_path, env=cache)
    assert cold.returncode == 0, cold.stderr
    loaded, types = cold.stdout.splitlines()
    assert "docx" in loaded.split(",") and "rjieba" in loaded.split(",")  # the first run fills the cache
    warm = _fresh("render", src, "-o", tmp_path / "warm.docx", cwd=tmp_path, env=cache)
    assert warm.returncode == 0, warm.stderr
    loaded, types = warm.stdout.splitlines()
    assert loaded == ""  # no python-docx, lxml, rjieba, typer, saxutils (urllib …), process pool
    assert types == "zhuanjie"  # only the schema file of 专节报告 ran
    assert (tmp_path / "warm.docx").read_bytes() == (tmp_path / "cold.docx").read_bytes()
    assert warm.stderr.replace("warm.docx", "cold.docx") == cold.stderr


def test_a_damaged_or_unwritable_cache_is_no_cache(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_bytes((EXAMPLES / "zongshu-hongjing-2024.yaml").read_bytes())
    cache = tmp_path / "cache"
    assert _fresh("render", src, "-o", tmp_path / "first.docx", cwd=tmp_path,
                  env={"DRAFT_CACHE_DIR": str(cache)}).returncode == 0
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert files
    for p in files:  # truncated, or overwritten with something else
        data = p.read_bytes()
        p.write_bytes(data[: len(data) // 2] if len(data) % 2 else b"\x00" * 40)
    again = _fresh("render", src, "-o", tmp_path / "again.docx", cwd=tmp_path, env={"DRAFT_CACHE_DIR": str(cache)})
    assert again.returncode == 0, again.stderr
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    third = _fresh("render", src, "-o", tmp_path / "third.docx", cwd=tmp_path, env={"DRAFT_CACHE_DIR": str(blocked)})
    assert third.returncode == 0, third.stderr
    first = (tmp_path / "first.docx").read_bytes()
    assert (tmp_path / "again.docx").read_bytes() == first == (tmp_path / "third.docx").read_bytes()


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_parts_from_the_cache_are_python_docx_s_own(example):
    from drafting import docx_writer, styles
    from drafting.pipeline import build, document_date

    doc = build(EXAMPLES / example).doc
    for embed in (True, False):  # a document, and a redline (no tree)
        options = docx_writer.WriteOptions(styles.for_document(doc), document_date(doc), embed)
        assert docx_writer.write(doc, options) == docx_writer.write(doc, options, cached=False)


def test_core_properties_python_docx_would_refuse_still_go_through_it():
    from drafting import docx_cached, docx_writer, styles
    from drafting.pipeline import build, document_date

    doc = build(EXAMPLES / "zhuanjie-minzheng-2024.yaml").doc
    doc.meta["title"] = "标" * 256
    f = styles.for_document(doc)
    assert docx_cached.entries(f, False, True, "", doc, document_date(doc), "0") is None
    doc.meta["title"] = "一个有 & < > 和 \" ' 的标题"
    options = docx_writer.WriteOptions(f, document_date(doc))
    assert docx_writer.write(doc, options) == docx_writer.write(doc, options, cached=False)


_AWKWARD = st.text(alphabet=st.sampled_from(list("ab&<>\"'\n\r\t;#中 \u2060\U0001f600-—5")), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_AWKWARD, st.sampled_from([None, "ins", "del"])), min_size=1, max_size=4), _AWKWARD)
def test_text_put_in_as_text_is_what_lxml_would_write(spans, title):
    """The cached package puts the body and the core properties in as text; whatever the text
    (markup characters, a carriage return, empty runs, tracked changes, a 版记's section break,
    a value that looks like the probe's markers), the bytes are python-docx's and lxml's own."""
    from dataclasses import replace

    from drafting import docx_writer, styles
    from drafting.docx_cached import MARK
    from drafting.pipeline import build, document_date
    from drafting.tree import Span

    for example in ("zhuanjie-minzheng-gongwen-2024.yaml", "zhuanjie-minzheng-2024.yaml"):
        doc = build(EXAMPLES / example).doc
        made = tuple(Span(text, mark=mark) for text, mark in spans)
        doc.blocks = [replace(b, spans=made) if b.kind in ("paragraph", "heading", "title", "masthead", "colophon", "date") else b
                      for b in doc.blocks]
        doc.meta["title"] = title + MARK + "author"
        doc.meta["author"] = title
        options = docx_writer.WriteOptions(styles.for_document(doc), document_date(doc))
        assert docx_writer.write(doc, options) == docx_writer.write(doc, options, cached=False)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab&<>\"'\n\r\t;#中 "))))
def test_own_xml_escaping_is_saxutils(text):
    from xml.sax.saxutils import escape, quoteattr

    from drafting import xmlchars

    assert xmlchars.escape(text) == escape(text)
    assert xmlchars.quoteattr(text) == quoteattr(text)


CASES = [
    ["render", "a.yaml"],
    ["render", "a.yaml", "-o", "b.docx", "--force"],
    ["render", "a.yaml", "-f", "txt", "-o", "-"],
    ["render", "a.yaml", "--format", "md", "--output", "a.md"],
    ["render", "没有.yaml"],
    ["render", "坏.yaml"],
    ["render", "a.yaml", "-f", "pdfx"],
    ["render", "a.yaml", "-o", "x.docx", "-o", "y.docx"],  # twice: the full command line decides
    ["render", "a.yaml", "--output=z.docx"],
    ["render", "a.yaml", "--types-dir", "没有目录"],
    ["render", "a.yaml", "--chek"],
    ["render"],
    ["render", "--check", "a.yaml"],
    ["--version"],
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a))
def test_the_quick_start_says_and_writes_what_the_full_command_line_does(tmp_path, args):
    """``python -m drafting`` (the console script's way, ``launch``) against the typer command line."""
    results = []
    for way in (["-m", "drafting"], ["-m", "drafting.cli"]):
        work = tmp_path / way[1]
        work.mkdir()
        (work / "a.yaml").write_bytes((EXAMPLES / "zhuanjie-minzheng-2024.yaml").read_bytes())
        (work / "坏.yaml").write_text("类型: 专节报告\n标题: [未闭合\n", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("DRAFT_DEBUG", None)
        proc = subprocess.run([sys.executable, *way, *args], cwd=work, env=env, capture_output=True)
        files = {p.name: p.read_bytes() for p in sorted(work.iterdir()) if p.is_file()}
        results.append((proc.returncode, proc.stdout, proc.stderr, files))
    assert results[0] == results[1]


def test_the_per_user_folders_follow_the_platform_s_rules(tmp_path, monkeypatch):
    """The cache and the record of written files: $XDG_…/draft, else under the home folder;
    %LOCALAPPDATA%\\draft on Windows (one rule for both: diskcache.user_folder)."""
    from drafting import diskcache, proof

    monkeypatch.delenv("DRAFT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "s"))
    assert (diskcache.folder(), proof.state_dir()) == (tmp_path / "c" / "draft", tmp_path / "s" / "draft")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert diskcache.folder() == tmp_path / ".cache" / "draft"
    assert proof.state_dir() == tmp_path / ".local" / "state" / "draft"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "L"))
    assert (diskcache.folder(), proof.state_dir()) == (tmp_path / "L" / "draft" / "cache", tmp_path / "L" / "draft")
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(tmp_path / "mine"))
    assert diskcache.folder() == tmp_path / "mine"
