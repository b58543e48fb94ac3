"""The DOCX writer's layers: the reader and lint do not import the writer, layout measuring
knows no OOXML, and only ``docx_package`` imports python-docx."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

DRAFTING = Path(__file__).resolve().parent.parent / "drafting"
WRITER = {"docx_writer", "docx_body", "docx_styles", "docx_package", "docx_parts", "docx_cached"}


def imports(module: str | Path) -> set[str]:
    """Modules ``drafting/<module>.py`` (or a file) imports, anywhere in it (ours without the leading dots)."""
    path = module if isinstance(module, Path) else DRAFTING / f"{module}.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            out |= {f"{base}.{a.name}".strip(".") for a in node.names} if node.level and not base else {base}
    return out


@pytest.mark.parametrize("module", ["docx_reader", "lint", "measure", "docx_names"])
def test_does_not_import_the_writer(module):
    assert not {m.split(".")[0] for m in imports(module)} & WRITER


def test_measure_is_pure():
    assert all(m in ("__future__", "unicodedata", "itertools", "functools", "titlebreak")
               for m in imports("measure"))
    # text only (diskcache: the segmenter's words for a title kept between runs, same result)
    assert all(m in ("__future__", "re", "functools", "rjieba", "diskcache") for m in imports("titlebreak"))


def test_only_the_package_module_imports_python_docx():
    users = {p.stem for p in DRAFTING.rglob("*.py") if any(m.split(".")[0] == "docx" for m in imports(p))}
    assert users == {"docx_package", "sources"}  # sources: draft import reads DOCX of any origin
