"""A LibreOffice kept warm for a ``draft watch`` session: one ``soffice`` with a profile of its
own (``office.launch``), listening on a named pipe, driven by a small UNO script
(``uno_bridge.py``) under a Python that has LibreOffice's ``uno`` module (Debian's
``python3-uno``).  A conversion then costs the layout, not LibreOffice's start (3–6 s cold).

Where no such Python is found, conversions start LibreOffice each time (``office.convert``),
and ``start`` says so.  ``stop`` (also on leaving the ``with`` block) ends the bridge and the
whole ``soffice`` process group it started; if ``draft watch`` is killed, the bridge (in a
session of its own) sees its input end and does the same.

``stop`` in this order: the bridge's input closed (it tells LibreOffice to quit and watches the
group go), ``soffice`` reaped (its child here: a zombie stays in the group until then, and the
bridge would wait out its grace and kill it), what is left of the group killed, the bridge
waited for.  LibreOffice idle, that takes a fraction of a second.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from . import office
from .errors import EnvError

BRIDGE = Path(__file__).resolve().parent / "uno_bridge.py"
START_SECONDS = 60.0  # a first start on a busy machine takes 5-15 s
QUIT_SECONDS = 10.0  # LibreOffice told to quit (the bridge kills it 5 s after it says it will)
PDF_DATA = {"IsSkipEmptyPages": False}  # as office.FILTERS["pdf"]: the blank pages before a 版记 stay
FILTERS = {"pdf": ("writer_pdf_Export", PDF_DATA), "odt": ("writer8", {}), "docx": ("MS Word 2007 XML", {})}


def uno_python() -> str | None:
    """A Python that can ``import uno``: $DRAFT_UNO_PYTHON, this one, Debian's, LibreOffice's own."""
    exe = office.soffice()
    candidates = [os.environ.get("DRAFT_UNO_PYTHON"), sys.executable, shutil.which("python3"), "/usr/bin/python3"]
    if exe:
        program = Path(os.path.realpath(exe)).parent
        candidates += [str(program / "python"), str(program / "python.exe")]
    for python in dict.fromkeys(c for c in candidates if c):
        if not Path(python).is_file():
            continue
        try:
            ok = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return python
    return None


class WarmOffice:
    """``with WarmOffice() as w: w.convert(docx, "pdf")``; cold conversions where UNO is missing."""

    def __init__(self):
        self.work: Path | None = None
        self.soffice: subprocess.Popen | None = None
        self.bridge: subprocess.Popen | None = None
        self.answers: queue.Queue = queue.Queue()
        self.reader: threading.Thread | None = None
        self.ended: str | None = None  # the bridge's last word: "quit" or "killed"
        self.note = ""  # said once at start when the office cannot be kept warm

    def __enter__(self) -> WarmOffice:
        self.start()
        return self

    def __exit__(self, *exc) -> bool:
        self.stop()
        return False

    @property
    def warm(self) -> bool:
        return self.bridge is not None

    def start(self) -> None:
        if office.soffice() is None:
            raise EnvError(office.missing("pdf"))
        python = uno_python()
        if python is None:
            self.note = ("提示：未找到 LibreOffice 的 Python 接口（Debian/Ubuntu：sudo apt-get install python3-uno），"
                         "每次预览都要重新启动 LibreOffice，会慢一些")
            return
        self.work = Path(tempfile.mkdtemp(prefix="draft-warm-office-"))
        pipe = f"draft-{os.getpid()}-{self.work.name}"
        cmd, env = office.launch(self.work)
        self.soffice = subprocess.Popen(cmd + ["--invisible", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                                        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        # its own session: it outlives a killed ``draft watch``, sees its input end and ends soffice
        self.bridge = subprocess.Popen([python, str(BRIDGE), pipe, str(START_SECONDS), str(self.soffice.pid)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                       text=True, encoding="utf-8", start_new_session=True)
        self.reader = threading.Thread(target=self._read, args=(self.bridge,), daemon=True)
        self.reader.start()
        first = self._answer(START_SECONDS + 5)
        if not first.get("ready"):
            self.stop()
            raise EnvError(f"无法启动 LibreOffice（{first.get('error', '没有响应')}）")

    def _read(self, bridge: subprocess.Popen) -> None:
        for line in bridge.stdout:
            try:
                answer = json.loads(line)
            except ValueError:
                continue
            if "ended" in answer:
                self.ended = answer["ended"]
            else:
                self.answers.put(answer)
        self.answers.put({"error": "LibreOffice 已退出"})

    def _answer(self, timeout: float) -> dict:
        try:
            return self.answers.get(timeout=timeout)
        except queue.Empty:
            return {"error": f"超过 {timeout:g} 秒没有响应"}

    def convert(self, docx: bytes, target: str, timeout: float = office.TIMEOUT) -> bytes:
        """``docx`` saved by LibreOffice as ``target`` ("pdf", "odt", "docx")."""
        if not self.warm:
            with office.use(None):
                return office.convert(docx, target, timeout)
        name, data = FILTERS[target]
        src, out = self.work / "input.docx", self.work / f"output.{target}"
        src.write_bytes(docx)
        out.unlink(missing_ok=True)
        request = {"in": src.as_uri(), "out": out.as_uri(), "filter": name, "data": data}
        try:
            self.bridge.stdin.write(json.dumps(request) + "\n")
            self.bridge.stdin.flush()
        except OSError:
            raise EnvError("LibreOffice 已退出，无法生成预览") from None
        answer = self._answer(timeout)
        if not answer.get("ok") or not out.is_file() or out.stat().st_size == 0:
            raise EnvError(f"LibreOffice 转换失败：{answer.get('error', '没有输出')}")
        return out.read_bytes()

    def stop(self) -> str | None:
        """End LibreOffice and the bridge (see the module's doc); how LibreOffice ended: "quit"
        (by itself) or "killed" (the bridge's grace ran out, or it hung); None without a bridge."""
        bridge, self.bridge = self.bridge, None
        soffice, self.soffice = self.soffice, None
        if bridge is not None:
            try:
                bridge.stdin.close()  # the bridge tells LibreOffice to quit
            except OSError:
                pass
        ended = None
        if soffice is not None:
            if bridge is not None and bridge.poll() is None:  # else nobody told it to quit
                try:
                    soffice.wait(timeout=QUIT_SECONDS)  # reaped: now the bridge sees it go
                except subprocess.TimeoutExpired:
                    ended = "killed"  # hung, and the bridge with it
            office.kill_group(soffice)  # whatever of the group is left
        if bridge is not None:
            try:
                bridge.wait(timeout=10)
            except subprocess.TimeoutExpired:
                bridge.kill()
                bridge.wait()
            self.reader.join(timeout=10)  # its last line read
            ended = ended or self.ended
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)
            self.work = None
        return ended
