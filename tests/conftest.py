from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run_draft(*args, cwd=None, env=None, input=None, python=None):
    """Run the real command line in a subprocess, as a writer would (``python``: another interpreter)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("DRAFT_DEBUG", None)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run(
        [str(python or sys.executable), "-m", "drafting.cli", *map(str, args)],
        cwd=cwd, env=full_env, input=input, capture_output=True, text=True, encoding="utf-8",
    )


def assert_clean_failure(proc, code: int) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert "内部错误" not in proc.stderr


@pytest.fixture
def workdir(tmp_path):
    """A temporary folder with copies of the examples."""
    for p in EXAMPLES.glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    return tmp_path


def run_inproc(*args, cwd=None):
    """Run ``draft`` in this process (fast, for tables and property tests): (exit code, stdout, stderr)."""
    import contextlib
    import io

    from drafting import cli

    out, err = io.StringIO(), io.StringIO()
    old_cwd = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([str(a) for a in args])
    finally:
        os.chdir(old_cwd)
    return code, out.getvalue(), err.getvalue()


@functools.lru_cache(maxsize=None)
def missing_office_tools() -> tuple[str, ...]:
    """The tools `office` tests need that are not on PATH."""
    tools = {"soffice": shutil.which("soffice") or shutil.which("libreoffice")}
    tools |= {t: shutil.which(t) for t in ("pdftotext", "pdftohtml", "pdftoppm", "pdffonts")}
    missing = [name for name, found in tools.items() if not found]
    if shutil.which("fc-list"):  # the faces drafting/fonts/gov-cn-fonts.conf maps to
        for family in ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN", "AR PL UMing CN"):
            found = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True).stdout
            if not found.strip():
                missing.append(f"font {family}")
    return tuple(missing)


@pytest.fixture(autouse=True)
def _office_tools(request):
    """`office` tests: skipped with the reason where LibreOffice/poppler are missing, failed in CI."""
    if request.node.get_closest_marker("office") is None:
        return
    missing = missing_office_tools()
    if not missing:
        return
    reason = f"needs LibreOffice, poppler-utils and CJK fonts; not found: {', '.join(missing)} (.ci/run installs them)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)
