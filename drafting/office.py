"""LibreOffice (headless) as a converter: DOCX -> PDF, ODT, PNG pages, or the DOCX saved again.

Every run gets a throwaway profile and HOME under a temporary folder (runs may go in
parallel and never touch the user's LibreOffice settings), a time limit (the whole process
group is killed past it), and the font mapping in ``fonts/gov-cn-fonts.conf`` applied
through ``FONTCONFIG_FILE`` for this run only: the fonts Chinese official documents name
(方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312, 宋体) are not on a Linux machine, so they are mapped
to installed CJK faces; the DOCX itself keeps the real names.

Limits: needs ``soffice`` (LibreOffice) on PATH, and ``pdftoppm`` (poppler-utils) for PNG,
``pdftotext`` for a 汇编's page numbers.
LibreOffice 7.x ignores a few Word settings (see docs/office-compat.md), so its pages are a
close preview of Word's, not a copy.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import EnvError

FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "gov-cn-fonts.conf"
TIMEOUT = 180  # seconds for one conversion; a first start on a cold machine takes ~10 s
# what LibreOffice saves as.  PDF keeps the blank pages LibreOffice inserts (before a 版记 that must
# fall on an even page): a 公文 is printed two-sided (GB/T 9704 7.4); JSON filter options need LibreOffice 7.4+
FILTERS = {"pdf": 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}',
           "odt": "odt:writer8", "docx": "docx:MS Word 2007 XML"}
NO_PDFTOPPM = "未找到 pdftoppm，无法生成 PNG；请安装 poppler-utils（Debian/Ubuntu：sudo apt-get install poppler-utils）"


def missing(what: str) -> str:
    """The message when LibreOffice is needed for ``what`` (e.g. "pdf") and not installed."""
    return (
        f"未找到 LibreOffice（soffice 命令），无法生成 {what.upper()}。"
        "请先安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui；"
        "Windows/macOS：从官网安装后把 soffice 所在目录加入 PATH），或改用 --format docx"
    )


def soffice() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require(what: str, pages: bool = False) -> None:
    """LibreOffice (and for one file a page, pdftoppm) must be installed to make ``what``."""
    if soffice() is None:
        raise EnvError(missing(what))
    if pages and shutil.which("pdftoppm") is None:
        raise EnvError(NO_PDFTOPPM)


def _fonts_conf(work: Path) -> Path | None:
    """A fontconfig file that includes the machine's own and then our aliases."""
    base = Path(os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf")
    if not base.is_file():
        return None  # no fontconfig here (Windows, macOS): LibreOffice uses the system fonts
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="no">{base}</include>\n'
        f'  <include ignore_missing="no">{FONTS_CONF}</include>\n</fontconfig>\n',
        encoding="utf-8",
    )
    return conf


_warm = None  # a warm_office.WarmOffice while ``draft watch`` keeps one running (``use``)


class use:
    """``with office.use(warm):`` conversions go to the warm LibreOffice ``warm`` meanwhile."""

    def __init__(self, warm):
        self.warm = warm

    def __enter__(self):
        global _warm
        self.previous, _warm = _warm, self.warm
        return self.warm

    def __exit__(self, *exc):
        global _warm
        _warm = self.previous
        return False


def launch(work: Path) -> tuple[list[str], dict]:
    """The start of an ``soffice`` command line and its environment for a run in ``work``: a
    profile and HOME of its own there, our font mapping, messages in UTF-8."""
    exe = soffice()
    (work / "home").mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(work / "home")}
    if sys.platform.startswith("linux"):
        env["LC_ALL"] = "C.UTF-8"  # file names and messages in UTF-8 whatever the user's locale
    conf = _fonts_conf(work)
    if conf is not None:
        env["FONTCONFIG_FILE"] = str(conf)
    cmd = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}",
           "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck"]
    return cmd, env


def convert(docx: bytes, target: str, timeout: float = TIMEOUT) -> bytes:
    """Open ``docx`` in LibreOffice and save it as ``target`` (a name in ``FILTERS``)."""
    if _warm is not None:
        return _warm.convert(docx, target, timeout)
    suffix, target = target, FILTERS[target]
    if soffice() is None:
        raise EnvError(missing(suffix))
    with tempfile.TemporaryDirectory(prefix="draft-office-") as tmp:
        work = Path(tmp)
        src, out = work / "input.docx", work / "out"
        src.write_bytes(docx)  # a plain ASCII name: LibreOffice trips on odd names in some locales
        out.mkdir()
        cmd, env = launch(work)
        cmd += ["--convert-to", target, "--outdir", str(out), str(src)]
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            log, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            raise EnvError(f"LibreOffice 转换超时（超过 {timeout:g} 秒），已中止") from None
        result = out / f"input.{suffix}"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            tail = log.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise EnvError(f"LibreOffice 转换失败（退出码 {proc.returncode}）：{' / '.join(tail) or '没有输出'}")
        return result.read_bytes()


def kill_group(proc: subprocess.Popen) -> None:
    """soffice starts soffice.bin as a child: end the whole group this call started."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)  # start_new_session: the group is ours alone
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def png_pages(pdf: bytes, dpi: int = 96, timeout: float = TIMEOUT) -> list[bytes]:
    """One PNG per page of ``pdf`` (pdftoppm from poppler-utils)."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise EnvError(NO_PDFTOPPM)
    with tempfile.TemporaryDirectory(prefix="draft-png-") as tmp:
        work = Path(tmp)
        (work / "in.pdf").write_bytes(pdf)
        try:
            proc = subprocess.run([exe, "-r", str(dpi), "-png", str(work / "in.pdf"), str(work / "page")],
                                  capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise EnvError(f"pdftoppm 超时（超过 {timeout:g} 秒）") from None
        if proc.returncode != 0:
            raise EnvError(f"pdftoppm 失败：{proc.stderr.decode('utf-8', 'replace').strip()}")
        # pdftoppm zero-pads the page number to the width of the page count: sort numerically
        pages = sorted(work.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [p.read_bytes() for p in pages]


NO_PDFTOTEXT = "未找到 pdftotext，无法读出排版后的页码；请安装 poppler-utils（Debian/Ubuntu：sudo apt-get install poppler-utils）"


def pdf_text_pages(pdf: bytes, timeout: float = TIMEOUT) -> list[str]:
    """The text of each page of ``pdf`` in reading order (pdftotext from poppler-utils)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise EnvError(NO_PDFTOTEXT)
    with tempfile.TemporaryDirectory(prefix="draft-text-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        try:
            proc = subprocess.run([exe, "-enc", "UTF-8", str(src), "-"], capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise EnvError(f"pdftotext 超时（超过 {timeout:g} 秒）") from None
        if proc.returncode != 0:
            raise EnvError(f"pdftotext 失败：{proc.stderr.decode('utf-8', 'replace').strip()}")
    pages = proc.stdout.decode("utf-8", "replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
