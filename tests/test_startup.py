"""No work at import time: the command line and `draft --version` load no heavy library."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

HEAVY = ("docx", "pydantic", "ruamel.yaml", "jinja2", "lxml")
PROBE = """
import sys
from drafting import cli
cli.main(sys.argv[1:])
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


def _loaded(*args):
    proc = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_version_loads_no_heavy_library():
    out = _loaded("--version")
    assert out[0].startswith("draft ")
    assert out[1:] == [""]  # no heavy module was loaded


def test_importing_the_cli_loads_no_heavy_library():
    proc = subprocess.run([sys.executable, "-c", "import sys, drafting.cli; print(','.join(m for m in %r if m in sys.modules))" % (HEAVY,)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
