"""Issue 6: mutated and random YAML through `draft render` and `draft check` (hypothesis).

Every run ends with exit 0 or 1 and a message (never a traceback, an internal error or exit 2),
and `render` either writes a complete DOCX or nothing at all (no half-written output, no
temporary file left behind).  The input file is never changed.
"""
from __future__ import annotations

import copy
import io
import re
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
from ruamel.yaml import YAML

from conftest import EXAMPLES, run_inproc
from drafting import loader

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLE_FILES}
DATA = {name: loader.parse(text).data for name, text in TEXTS.items()}
WORK = Path(tempfile.mkdtemp(prefix="draft-fuzz-"))
TRAPS = ["：", "\t", "\u3000", "\x01", "\x7f", '"', "'", "&a ", "*a", "%YAML 1.1\n", "- ", ": ", "{", "}", "｛",
         "[", "#", "\ufeff", "\n", "  ", "？", "2024.10", "~", "!!int ", "<<: ", "|", ">"]


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, prefix + (i,))


def get(data, path):
    for p in path:
        data = data[p]
    return data


@st.composite
def mutated_data(draw):
    """Structural mutations of an example: keys dropped, values retyped, strings cut."""
    name = draw(st.sampled_from(sorted(DATA)))
    data = copy.deepcopy(DATA[name])
    for _ in range(draw(st.integers(1, 4))):
        all_paths = [p for p in paths(data) if p]
        if not all_paths:
            break
        path = draw(st.sampled_from(all_paths))
        parent, last = get(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["drop", "retype", "cut", "empty", "duplicate"]))
        value = parent[last]
        if action == "drop":
            del parent[last]
        elif action == "retype":
            parent[last] = draw(st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=False), st.booleans(),
                                          st.none(), st.lists(st.text(max_size=5), max_size=3),
                                          st.dictionaries(st.sampled_from(["标题", "正文", "要点", "条目", "x"]),
                                                          st.text(max_size=5), max_size=2),
                                          st.text(max_size=20)))
        elif action == "cut" and isinstance(value, str):
            parent[last] = value[: draw(st.integers(0, len(value)))]
        elif action == "empty":
            parent[last] = type(value)() if isinstance(value, (str, list, dict)) else None
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(value))
    buf = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.dump(data, buf)
    return buf.getvalue().encode("utf-8")


@st.composite
def mutated_bytes(draw):
    """Textual mutations of an example: traps inserted, lines cut, bytes flipped."""
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "truncate", "delete"]))
        if action == "insert":
            text = text[:pos] + draw(st.sampled_from(TRAPS)) + text[pos:]
        elif action == "truncate":
            text = text[:pos]
        else:
            text = text[:pos] + text[pos + draw(st.integers(1, 40)):]
    raw = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(0, 2))):
        if raw:
            i = draw(st.integers(0, len(raw) - 1))
            raw[i] ^= draw(st.integers(1, 255))
    return bytes(raw)


def check_one(raw: bytes) -> None:
    src = WORK / "稿 件.yaml"
    out = WORK / "稿 件.docx"
    src.write_bytes(raw)
    out.unlink(missing_ok=True)
    for args in (("render", src, "-o", out), ("check", src)):
        code, stdout, stderr = run_inproc(*args)
        text = stdout + stderr
        assert code in (0, 1), (code, text, raw[:200])
        assert "Traceback" not in text and "内部错误" not in text, text
        assert re.search(r"[\u4e00-\u9fff]", text), text  # a message, in Chinese
        if code == 1:
            assert re.search(rf"{re.escape(str(src))}(:\d+)*: 错误：", text), text
    if out.exists():
        with zipfile.ZipFile(out) as z:  # complete, readable package
            assert z.testzip() is None and "word/document.xml" in z.namelist()
    assert not list(WORK.glob(".draft-*"))
    assert src.read_bytes() == raw


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated_data())
def test_structural_mutations(raw):
    check_one(raw)


@FUZZ
@given(mutated_bytes())
def test_textual_mutations(raw):
    check_one(raw)


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_random_input(raw):
    check_one(raw)
