"""Golden tests: the XML parts of every example's DOCX, compared part by part.

They prove that speed work (or any refactoring) changes no output.  When a change is *meant*
to change the output, regenerate the stored parts and review the diff in git:

    DRAFT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

Stored as ``tests/golden/<example stem>/<part name>`` (e.g. ``word/document.xml``).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from drafting.package import xml_parts
from drafting.pipeline import build, to_bytes

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
UPDATE = bool(os.environ.get("DRAFT_UPDATE_GOLDEN"))


def _render_parts(example: Path, monkeypatch) -> dict[str, bytes]:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return xml_parts(to_bytes(build(example).doc, "docx"))


def _stored(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_example_has_golden_parts():
    assert EXAMPLES, "no examples found"
    if UPDATE:
        return
    missing = [e.stem for e in EXAMPLES if not (GOLDEN / e.stem).is_dir()]
    assert not missing, f"no golden parts for {missing}: run DRAFT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_docx_xml_parts_unchanged(example, monkeypatch):
    parts = _render_parts(example, monkeypatch)
    folder = GOLDEN / example.stem
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        for name, data in parts.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        return
    if not folder.is_dir():
        pytest.skip(f"no golden parts yet for {example.stem}")  # reported by the test above
    stored = _stored(folder)
    assert sorted(parts) == sorted(stored), "the set of XML parts changed"
    changed = [name for name in parts if parts[name] != stored[name]]
    assert not changed, f"XML parts differ from tests/golden/{example.stem}: {changed}"
