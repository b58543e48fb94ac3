"""``draft watch FILE|FOLDER``: render again on every save, one line per render.

The folder is watched (not the file), so editors that save by writing a temporary file and
renaming it over the original (vim, VS Code) are seen every time.  Each render writes where
``draft render`` would, through the same guard (a hand-edited output is never overwritten:
the line says so and watching goes on).  A line gives the time taken (read → file written), or
the first error located at file:line:col.  PDF and PNG come from a LibreOffice kept warm for
the session (``warm_office``); ``--serve`` shows the pages in a browser (``serve``).

Exit codes: 0 when ended with Ctrl-C (or SIGTERM, or ``stop_after``); 2 for trouble at start
(no such file, LibreOffice missing for a paged format or a preview).
"""
from __future__ import annotations

import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from . import formats
from .errors import DraftError, EnvError, format_diagnostics

DEBOUNCE_MS = 30  # changes closer than this are one save (an editor's write + rename)
SUFFIXES = (".yaml", ".yml")
START_MS = 200  # the first (empty) round of the watcher comes after this: then the first renders


def _say(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


class Watcher:
    """Renders the watched YAML files; ``sources``: the files, or one folder's YAML files."""

    def __init__(self, name: str, fmt: str, types_dirs=None, preview=None):
        self.kind = formats.get(fmt)
        self.fmt = fmt
        self.types_dirs = types_dirs
        self.preview = preview
        path = Path(name)
        if not name.strip() or not path.exists():
            raise EnvError("要监视的文件或文件夹不存在", path)
        self.folder = path.resolve() if path.is_dir() else path.resolve().parent
        self.only = None if path.is_dir() else path.resolve()
        if self.only is not None and self.only.suffix.lower() not in SUFFIXES:
            raise EnvError("只能监视 YAML 文件（.yaml / .yml）或放 YAML 文件的文件夹", path)
        self.shown = Path(name) if path.is_dir() else path.parent  # names in messages as the writer typed them

    def sources(self) -> list[Path]:
        if self.only is not None:
            return [self.only] if self.only.is_file() else []
        return sorted(p for p in self.folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())

    def wanted(self, changed: str) -> Path | None:
        """The YAML file a change is about, if it is one we render."""
        path = Path(changed)
        if self.only is not None:
            return self.only if path == self.only else None
        if path.parent == self.folder and path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
            return path
        return None

    def _name(self, path: Path) -> Path:
        return self.shown / path.name

    def render(self, source: Path) -> bool:
        """Render one file and say how it went in one line; True when written."""
        from .output import default_output, emit
        from .pipeline import build, to_bytes

        shown = self._name(source)
        start = time.perf_counter()
        try:
            result = build(shown, self.types_dirs)
            data = to_bytes(result.doc, self.fmt)
            written, _ = emit(data, default_output(shown, self.fmt), self.fmt, shown, False)
        except DraftError as exc:
            lines = format_diagnostics(exc.diagnostics)
            more = len([d for d in exc.diagnostics if d.severity.name == "ERROR"]) - 1
            _say(lines[0].splitlines()[0] + (f"（另有 {more} 处错误）" if more > 0 else ""))
            if self.preview is not None:
                self.preview.publish(f"{shown}：有错误，下面是上一次生成的页面", error="\n".join(lines))
            return False
        ms = (time.perf_counter() - start) * 1e3
        pages = f" 等 {len(written)} 页" if len(written) > 1 else ""
        _say(f"已生成 {written[0]}{pages}（{ms:.0f} ms）")
        if self.preview is not None:
            self._show(shown, result.doc, data, written)
        return True

    def _show(self, shown: Path, doc, data: bytes, written: list[Path]) -> None:
        from .office import convert, png_pages
        from .pipeline import to_docx

        start = time.perf_counter()
        try:
            if self.fmt == "png":
                pages = [p.read_bytes() for p in written]
            else:
                pdf = data if self.fmt == "pdf" else convert(to_docx(doc), "pdf")
                pages = png_pages(pdf)
        except (DraftError, OSError) as exc:
            message = format_diagnostics(exc.diagnostics)[0] if isinstance(exc, DraftError) else str(exc)
            _say(f"预览失败：{message}")
            self.preview.publish(f"{shown}：预览失败", error=message)
            return
        ms = (time.perf_counter() - start) * 1e3
        self.preview.publish(f"{shown}：{len(pages)} 页，{time.strftime('%H:%M:%S')} 更新", pages)
        _say(f"预览已更新（{ms:.0f} ms）")


def watch(name: str, fmt: str = "docx", serve: bool = False, port: int = 8765, types_dirs=None,
          stop_after: float | None = None) -> int:
    """Watch ``name`` until Ctrl-C (or ``stop_after`` seconds); the exit code."""
    import watchfiles

    kind = formats.get(fmt)
    watcher = Watcher(name, fmt, types_dirs)
    with ExitStack() as stack:
        if kind.office or serve:
            from . import office
            from .warm_office import WarmOffice

            formats.require_tools(formats.get("png") if serve else kind)
            warm = stack.enter_context(WarmOffice())
            if warm.note:
                _say(warm.note)
            stack.enter_context(office.use(warm))
        if serve:
            from .serve import Preview

            try:
                watcher.preview = Preview(port)
            except OSError as exc:
                raise EnvError(f"无法在 127.0.0.1:{port} 上提供预览（{exc.strerror or exc}）：请用 --port 换一个端口") from None
            stack.callback(watcher.preview.close)
            _say(f"预览：{watcher.preview.url}")
        stop = threading.Event()
        if stop_after is not None:
            timer = threading.Timer(stop_after, stop.set)
            timer.daemon = True
            timer.start()
            stack.callback(timer.cancel)
        _say(f"正在监视 {name}（按 Ctrl-C 结束）")
        first = True  # render everything once the folder is watched (no save is missed in between)
        try:
            for changes in watchfiles.watch(watcher.folder, debounce=DEBOUNCE_MS, step=10, stop_event=stop,
                                            rust_timeout=START_MS, yield_on_timeout=True, recursive=False,
                                            ignore_permission_denied=True):
                todo = {p for _, changed in changes if (p := watcher.wanted(changed)) is not None}
                if first:
                    todo |= set(watcher.sources())
                    first = False
                for source in sorted(todo):
                    if source.is_file():  # gone for now: the editor is about to rename the new one in
                        watcher.render(source)
        except KeyboardInterrupt:
            pass
    _say("已结束监视")
    return 0
