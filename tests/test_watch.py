"""``draft watch``: a save re-renders, an error is reported located, a hand-edited output is
never overwritten, Ctrl-C ends it with 0, trouble at start is 2; ``--serve`` updates the page
in a real headless browser (Debian's chromium, driven over its DevTools pipe)."""
from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, processes, run_draft

SMALL = EXAMPLES / "zhuanjie-minzheng-2024.yaml"
LIMIT = 120  # seconds: a watch started by a test stops by itself after this (--stop-after)


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def save_like_an_editor(path: Path, text: str) -> None:
    """Write a temporary file and rename it over the original (vim, VS Code)."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Watch:
    """``draft watch`` as a process; its stderr lines arrive in a queue."""

    def __init__(self, cwd: Path, *args):
        env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        env.pop("DRAFT_DEBUG", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "drafting.cli", "watch", *map(str, args),
                                      "--stop-after", str(LIMIT)], cwd=cwd, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, encoding="utf-8", start_new_session=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line.rstrip("\n"))

    def expect(self, needle: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if needle in line:
                return line
        raise AssertionError(f"no line with {needle!r}; saw: {self.seen}")

    def interrupt(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def office_of(watch: Watch) -> dict[int, int]:
    """The processes a ``draft watch`` started for its LibreOffice (the UNO bridge, soffice,
    soffice.bin), by the pipe's name on their command lines: pid -> process group."""
    marker = f"draft-{watch.proc.pid}-".encode()
    return {p.pid: p.group for p in processes() if marker in p.cmdline}


def running(groups) -> list[str]:
    """Processes running (not zombies) in the process ``groups``: "pid name" each."""
    return [f"{p.pid} {p.name}" for p in processes() if p.group in groups and p.state != "Z"]


def require_uno() -> None:
    from drafting.warm_office import uno_python

    if uno_python() is None:
        reason = "needs LibreOffice's Python bridge (Debian: python3-uno; .ci/run installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def watched(tmp_path):
    src = tmp_path / "民政.yaml"
    shutil.copy(SMALL, src)
    return src


def test_a_save_renders_again_an_error_is_located_and_ctrl_c_ends_with_0(watched):
    w = Watch(watched.parent, watched.name)
    try:
        line = w.expect("已生成")
        assert "民政.docx" in line and " ms）" in line
        out = watched.with_suffix(".docx")
        assert "创新植入多种民政文化元素" in docx_text(out)

        text = watched.read_text(encoding="utf-8")
        save_like_an_editor(watched, text.replace("创新植入多种民政文化元素", "创新植入多种地方文化元素", 1))
        w.expect("已生成")
        assert "创新植入多种地方文化元素" in docx_text(out)

        lines = text.splitlines()
        bad = next(i for i, s in enumerate(lines) if s.startswith("类型:"))
        lines[bad] = "类型: 专节报吿"  # a wrong type, at a known line
        save_like_an_editor(watched, "\n".join(lines) + "\n")
        line = w.expect("错误")
        assert line.split(" ", 1)[1].startswith(f"民政.yaml:{bad + 1}:"), line
        assert "专节报吿" in line
        assert "创新植入多种地方文化元素" in docx_text(out)  # the last good output stays

        save_like_an_editor(watched, text)
        w.expect("已生成")
        assert w.interrupt() == 0
        assert "Traceback" not in "\n".join(w.seen)
    finally:
        w.close()


def test_a_hand_edited_output_is_never_overwritten(watched):
    out = watched.with_suffix(".docx")
    assert run_draft("render", watched).returncode == 0
    with zipfile.ZipFile(out) as z:  # "polished in Word": same package, one word changed
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace("民政".encode(), "民生".encode(), 1)
    with zipfile.ZipFile(out, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    edited = out.read_bytes()
    w = Watch(watched.parent, watched.name)
    try:
        assert "被修改过" in w.expect("错误")
        save_like_an_editor(watched, watched.read_text(encoding="utf-8") + "\n")
        assert "被修改过" in w.expect("错误")
        assert out.read_bytes() == edited
        assert w.interrupt() == 0
    finally:
        w.close()


def test_a_folder_is_watched_and_new_files_in_it_render(tmp_path):
    shutil.copy(SMALL, tmp_path / "a.yaml")
    w = Watch(tmp_path, ".")
    try:
        assert "a.docx" in w.expect("已生成")
        save_like_an_editor(tmp_path / "b.yaml", SMALL.read_text(encoding="utf-8"))
        assert "b.docx" in w.expect("已生成")
        assert (tmp_path / "b.docx").is_file()
        assert w.interrupt() == 0
    finally:
        w.close()


def test_trouble_at_start_exits_2(tmp_path):
    r = run_draft("watch", tmp_path / "没有.yaml")
    assert r.returncode == 2 and "不存在" in r.stderr
    shutil.copy(SMALL, tmp_path / "a.yaml")
    r = run_draft("watch", tmp_path / "a.yaml", "-f", "pdf", env={"PATH": str(tmp_path)})
    assert r.returncode == 2 and "LibreOffice" in r.stderr
    assert not (tmp_path / "a.pdf").exists()


# --- the served page in a headless browser -------------------------------------------------
def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        reason = "needs Debian's chromium for the headless-browser test (.ci/run installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    return exe


class Browser:
    """Headless chromium driven over ``--remote-debugging-pipe`` (JSON messages, NUL-ended, on
    fds 3 and 4): no WebSocket client, no Playwright."""

    def __init__(self, exe: str, profile: Path):
        to_browser, self.out = os.pipe()
        self.inp, from_browser = os.pipe()

        def fds():  # in the child: the browser reads fd 3 and writes fd 4
            a, b = os.dup(to_browser), os.dup(from_browser)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(to_browser)
        os.close(from_browser)
        self.buffer = b""
        self.next_id = 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.out, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.inp, 1 << 16)
                assert chunk, "chromium closed its DevTools pipe"
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self.next_id:
                assert "error" not in answer, answer
                return answer["result"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", self.session, expression=expression, returnByValue=True)
        return result["result"].get("value")

    def goto(self, url: str) -> None:
        self.call("Page.navigate", self.session, url=url)

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.out)
        os.close(self.inp)


SHOWN = """(() => { const imgs = [...document.querySelectorAll('#pages img')];
  return {generation: document.getElementById('pages').dataset.generation || '',
          loaded: imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0),
          pages: imgs.length, src: imgs.map(i => i.src), error: document.getElementById('error').textContent,
          bar: document.getElementById('bar').textContent}; })()"""


def until(browser: Browser, ok, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = browser.evaluate(SHOWN)
        if state and ok(state):
            return state
        time.sleep(0.2)
    raise AssertionError(f"the page did not update: {state}")


@pytest.mark.office
def test_the_served_page_updates_by_itself_in_a_headless_browser(watched, tmp_path):
    exe = chromium()
    w = Watch(watched.parent, watched.name, "--serve", "--port", "0")
    browser = None
    try:
        browser = Browser(exe, tmp_path / "chromium-profile")  # starts while the watch starts its LibreOffice
        url = w.expect("预览：").split("预览：", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:")
        w.expect("预览已更新", timeout=120)
        browser.goto(url)
        first = until(browser, lambda s: s["loaded"])
        assert first["pages"] >= 2 and "民政.yaml" in first["bar"]
        with urllib.request.urlopen(first["src"][0], timeout=10) as r:
            old_page = r.read()
        assert old_page.startswith(b"\x89PNG")

        text = watched.read_text(encoding="utf-8")
        title = next(s for s in text.splitlines() if s.startswith("标题:"))
        save_like_an_editor(watched, text.replace(title, "标题: 关于修改后标题的报告", 1))
        w.expect("已生成")
        new = until(browser, lambda s: s["loaded"] and s["generation"] != first["generation"])
        assert new["src"][0] != first["src"][0]
        with urllib.request.urlopen(new["src"][0], timeout=10) as r:
            assert r.read() != old_page  # the first page shows the new title

        save_like_an_editor(watched, text.replace("类型: 专节报告", "类型: 专节", 1))
        broken = until(browser, lambda s: "错误" in s["error"])
        assert "民政.yaml:" in broken["error"] and "专节" in broken["error"]
        assert broken["pages"] == new["pages"]  # the last good pages stay under the error
        started = office_of(w)
        assert len(started) >= 3  # the bridge, soffice, soffice.bin
        assert w.interrupt() == 0
        # all reaped (the bridge and soffice by draft watch, soffice.bin by soffice): no zombie, nothing running
        assert [pid for pid in started if Path(f"/proc/{pid}").exists()] == []
        assert running(set(started.values())) == []
    finally:
        if browser is not None:
            browser.close()
        w.close()


@pytest.mark.office
def test_the_warm_office_gives_the_pages_a_cold_one_gives_and_goes_away_by_itself(example_pdfs):
    """The cold pages: the session's ``draft render FOLDER -f pdf`` of the same YAML (a LibreOffice started per file)."""
    from drafting import office
    from drafting.pipeline import build, to_docx
    from drafting.warm_office import WarmOffice

    require_uno()
    docx = to_docx(build(SMALL).doc)
    cold = example_pdfs[SMALL.name].read_bytes()
    with WarmOffice() as warm:
        assert warm.warm
        soffice, bridge = warm.soffice, warm.bridge
        with office.use(warm):
            first, second = office.convert(docx, "pdf"), office.convert(docx, "pdf")
        # told to quit, the idle LibreOffice went by itself: the bridge did not wait out its grace
        # and kill it (it used to, for soffice stayed a zombie until the bridge had ended)
        assert warm.stop() == "quit"

    def text(pdf: bytes) -> str:
        return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()

    assert text(first) == text(second) == text(cold)
    assert soffice.returncode is not None and bridge.returncode is not None  # both reaped: no zombie
    assert running({soffice.pid}) == []  # nothing of that LibreOffice runs


@pytest.mark.office
def test_a_watch_killed_while_its_libreoffice_starts_leaves_none_running(watched):
    """``kill -9`` gives draft watch no chance to end LibreOffice: the bridge (in a session of its
    own) sees its input end and ends it.  It used to die on saying "ready" to nobody."""
    require_uno()
    w = Watch(watched.parent, watched.name, "-f", "pdf")
    started: dict[int, int] = {}
    try:
        deadline = time.monotonic() + 60
        while not any(b"uno_bridge" in p.cmdline for p in processes() if p.pid in started):
            assert time.monotonic() < deadline and w.proc.poll() is None, "draft watch started no bridge"
            time.sleep(0.05)
            started = office_of(w)
        w.proc.kill()
        w.proc.wait()
        groups = set(started.values())
        deadline = time.monotonic() + 90  # the bridge connects (LibreOffice's start), then ends it
        while running(groups) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert running(groups) == []
    finally:
        w.close()
        for group in started.values():  # a failure leaves nothing behind
            try:
                os.killpg(group, signal.SIGKILL)
            except OSError:
                pass
