from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@dataclass
class Result:
    """What a writer sees of one ``draft`` command: exit code and both streams (text and bytes)."""

    returncode: int
    stdout_bytes: bytes
    stderr_bytes: bytes

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8")


def run_draft(*args, cwd=None, env=None) -> Result:
    """Run ``draft`` in this process, as the command line would (``env``: variables to set).

    ``drafting.cli.main`` returns the exit code and writes through sys.stdout/sys.stderr, which
    are UTF-8 streams over bytes here.  Tests of the process itself use :func:`run_process`."""
    from drafting import cli

    streams = [io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True) for _ in range(2)]
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("DRAFT_DEBUG", raising=False)
        for name, value in (env or {}).items():
            mp.setenv(name, str(value))
        if cwd is not None:
            mp.chdir(cwd)
        mp.setattr(sys, "stdout", streams[0])
        mp.setattr(sys, "stderr", streams[1])
        code = cli.main([str(a) for a in args])
        out, err = (s.buffer.getvalue() for s in streams)
    return Result(code, out, err)


def run_inproc(*args, cwd=None):
    """Run ``draft`` in this process: (exit code, stdout, stderr)."""
    r = run_draft(*args, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


def run_process(*args, cwd=None, env=None, python=None, text=True):
    """Run the real command line in a subprocess (exit code of the process, encodings, signals;
    ``python``: the interpreter of another environment, see :func:`make_venv`, running this
    source tree)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("DRAFT_DEBUG", None)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run(
        [str(python or sys.executable), "-m", "drafting.cli", *map(str, args)],
        cwd=cwd, env=full_env, capture_output=True, text=text, encoding="utf-8" if text else None,
    )


def make_venv(path: Path) -> Path:
    """A new virtual environment that sees this one's packages, built offline; its python.

    ``venv --system-site-packages`` would see the *base* interpreter's packages, not this
    environment's; a .pth file naming this environment's site-packages does.  Its name sorts
    after the ``_*.pth`` files pip installs (an editable install's must come first)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    python = path / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(purelib) / "zz-test-environment.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return python


def pip_install(python: Path, *args) -> None:
    """``pip install`` into another environment, offline: no dependencies, no build isolation
    (the build backend comes from this environment), and never "already satisfied" by this
    environment's own copy of draft."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                           "--no-index", "--ignore-installed", *map(str, args)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def in_env(python: Path, *args, cwd=None):
    """Run a command of another environment (its ``bin``), without this source tree on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DRAFT_DEBUG")}
    return subprocess.run([str(python.parent / args[0]), *map(str, args[1:])], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8")


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


@dataclass
class Process:
    pid: int
    name: str
    state: str  # "Z": a zombie, dead, its status not yet read by its parent (init for an orphan)
    group: int
    cmdline: bytes


def processes() -> list[Process]:
    """The processes running on this machine, from Linux's /proc (skips the test elsewhere)."""
    if not Path("/proc/self/stat").is_file():
        pytest.skip("needs Linux's /proc to see LibreOffice's processes")
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat, cmdline = (entry / "stat").read_text(), (entry / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        name, fields = stat.split(" (", 1)[1].rsplit(")", 1)
        state, _, group = fields.split()[:3]
        out.append(Process(int(entry.name), name, state, int(group), cmdline))
    return out


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


def require_office() -> None:
    """Skip (with the reason) where LibreOffice/poppler are missing; fail in CI."""
    missing = missing_office_tools()
    if not missing:
        return
    reason = f"needs LibreOffice, poppler-utils and CJK fonts; not found: {', '.join(missing)} (.ci/run installs them)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _office_tools(request):
    """`office` tests: skipped with the reason where LibreOffice/poppler are missing, failed in CI."""
    if request.node.get_closest_marker("office") is not None:
        require_office()


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder ``make(folder)`` fills once per test run: in this session, or under pytest-xdist
    (``-n``) by the first worker that asks for it, while the others wait and then read it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    import fcntl

    root = tmp_path_factory.getbasetemp().parent  # this run's, shared by its workers
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():  # a worker that failed to make it left no mark: the next one tries again
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def example_pdfs(tmp_path_factory) -> dict[str, Path]:
    """Every example laid out by LibreOffice, once per test run for all the tests that measure it:
    ``draft render FOLDER --format pdf -o OUT`` (the files are converted in parallel)."""
    require_office()

    def make(folder: Path) -> None:
        src = folder / "examples"
        src.mkdir()
        for p in EXAMPLES.glob("*.yaml"):
            shutil.copy(p, src / p.name)
        proc = run_draft("render", src, "--format", "pdf", "-o", folder / "pdf")
        assert proc.returncode == 0, proc.stderr

    folder = made_once(tmp_path_factory, "example-pdfs", make)
    return {p.name: folder / "pdf" / p.name.replace(".yaml", ".pdf") for p in EXAMPLES.glob("*.yaml")}


def libreoffice_save_as(files: list[Path], target: str, outdir: Path) -> list[Path]:
    """Open every file in ONE LibreOffice run and save each as ``target`` (a name in
    ``drafting.office.FILTERS``) into ``outdir``: what ``drafting.office.convert`` does for one file
    (its profile, font mapping and filter), without starting LibreOffice once per file.  The
    files' names must differ in their stems; returns the outputs in order."""
    import tempfile

    from drafting import office

    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="draft-test-office-") as tmp:
        cmd, env = office.launch(Path(tmp))
        cmd += ["--convert-to", office.FILTERS[target], "--outdir", str(outdir), *map(str, files)]
        proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=office.TIMEOUT)
    outs = [outdir / f"{Path(f).stem}.{target}" for f in files]
    missing = [o.name for o in outs if not o.is_file() or o.stat().st_size == 0]
    assert proc.returncode == 0 and not missing, (proc.returncode, missing, proc.stdout, proc.stderr)
    return outs


@pytest.fixture(autouse=True)
def _own_state_dir(tmp_path_factory, monkeypatch, _own_cache_dir):
    """draft's record of the files it wrote (``drafting.proof``) goes to a fresh folder per
    test, never to the user's own state folder; its cache (``drafting.diskcache``) to one
    folder for the session (the first render of a kind fills it, later ones read it)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("DRAFT_CACHE_DIR", str(_own_cache_dir))


@pytest.fixture(scope="session")
def _own_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")
