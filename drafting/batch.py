"""``draft render``: one YAML file, one to the screen, or many at once (``draft render A.yaml
B.yaml …`` or ``draft render FOLDER``).

Many files are rendered by a process pool on every core.  A bad file never stops the others: every
failure is reported at the end with its file:line, and the exit code is that of the worst
failure (1 for a wrong input).  A progress bar (rich) is shown when stderr is a terminal.
Ctrl-C (or SIGTERM) stops the batch: no new file is started, the files being written are
finished (each is written atomically, so none is left half-written), and the report says
which files were written and which were not.

Where the platform can fork, the parent loads the pipeline and the built-in types and builds
the base packages before the pool starts, so the workers begin warm.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import (
    EXIT_ENV,
    EXIT_INPUT,
    DraftError,
    EnvError,
    bug_message,
    format_diagnostic,
    format_diagnostics,
    os_reason,
)

SUFFIXES = (".yaml", ".yml")


@dataclass
class Outcome:
    source: Path
    target: Path | None = None
    written: list[Path] = field(default_factory=list)
    exit_code: int = 0
    messages: list[str] = field(default_factory=list)  # formatted diagnostics (errors and warnings)
    hints: int = 0  # warnings of ``draft check`` not printed here


def paths_of(names: list[str]) -> list[Path]:
    """The command line's file names as paths; an empty name is a mistake (not the current folder)."""
    if any(not str(n).strip() for n in names):
        raise EnvError("文件名是空的：请写出 YAML 文件或文件夹的名字（当前文件夹写“.”）")
    return [Path(n) for n in names]


def expand(paths: list[Path]) -> list[Path]:
    """The YAML files named, a folder standing for the YAML files directly inside it (its
    subfolders are not entered; a note on stderr names those that hold YAML files)."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            entries = sorted(p.iterdir())
            found = [q for q in entries if q.suffix.lower() in SUFFIXES and q.is_file()]
            skipped = [q for q in entries if q.is_dir() and any(r.suffix.lower() in SUFFIXES for r in q.iterdir())]
            for q in skipped:
                print(f"{q}: 提示：子文件夹里的 YAML 没有处理（只处理 {p} 里直接放着的文件）；"
                      f"需要时请另外运行 draft render {q}", file=sys.stderr)
            if not found:
                raise EnvError("文件夹里没有 YAML 文件（.yaml / .yml）", p)
            files += found
        else:
            files.append(p)
    return files


def targets(files: list[Path], output: str | None, fmt: str) -> list[Path]:
    """Where each file's output goes: beside it, or into the ``-o`` folder (created if missing)."""
    from . import formats
    from .output import default_output

    if not output:
        return [default_output(f, fmt) for f in files]
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise EnvError("渲染多个文件时 -o 应是文件夹", folder)
    if not folder.exists() and formats.of_file(folder) is not None:
        raise EnvError(f"渲染多个文件时 -o 应是文件夹，而“{folder.name}”像是一个文件名：请写一个文件夹名，"
                       "或一次只渲染一个文件", folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvError(f"无法创建输出文件夹（{os_reason(exc)}）", folder) from None
    return [folder / default_output(f, fmt).name for f in files]


def render(paths: list[Path], output: str | None, fmt: str, force: bool, types_dirs) -> int:
    """Render what ``draft render`` names (``output`` "-": the screen); messages go to stderr.

    Returns the exit code; raises DraftError for a usage mistake (unknown format, missing
    LibreOffice, a paged format or many files to the screen) or a wrong file shown on screen."""
    from . import formats

    kind = formats.get(fmt)
    paths = paths_of(paths)
    many = len(paths) > 1 or paths[0].is_dir()
    if output == "-" and kind.pages is not None:
        raise EnvError(f"{kind.name.upper()} 每页一个文件，不能输出到屏幕；请用 -o 指定文件名")
    if output == "-" and many:
        raise EnvError("多个文件不能同时输出到屏幕")
    formats.require_tools(kind)
    if output == "-":
        return to_screen(paths[0], kind, types_dirs)
    if many:  # on every core, failures reported at the end
        return render_many(paths, output, fmt, force, types_dirs)
    from .lint import hint_line
    from .output import default_output

    done = render_file(paths[0], Path(output) if output else default_output(paths[0], fmt), fmt, force, types_dirs)
    for message in done.messages:
        print(message, file=sys.stderr)
    if done.written:
        pages = f" 等 {len(done.written)} 页" if len(done.written) > 1 else ""
        print(f"已生成 {done.written[0]}{pages}", file=sys.stderr)
    if hint_line(done.hints):
        print(hint_line(done.hints), file=sys.stderr)
    return done.exit_code


def to_screen(source: Path, kind, types_dirs) -> int:
    """``-o -``: the rendered file on stdout, warnings on stderr (a DraftError is raised)."""
    from .lint import hint_line, unprinted_warnings
    from .pipeline import build

    result = build(source, types_dirs)
    for w in result.warnings:
        print(format_diagnostic(w), file=sys.stderr)
    data = kind.write(result.doc)
    if kind.binary:
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data.decode("utf-8"))
    sys.stdout.flush()
    hints = hint_line(unprinted_warnings(result))
    if hints:
        print(hints, file=sys.stderr)
    return 0


def render_file(source: Path, target: Path, fmt: str, force: bool, types_dirs) -> Outcome:
    """Render one file; never raises (a worker's failure is an Outcome)."""
    from .lint import unprinted_warnings
    from .output import emit, refuse_early
    from .pipeline import build, relocate, to_bytes

    out = Outcome(source, target)
    try:
        result = build(source, types_dirs)
        refuse_early(target, fmt, source, force)
        relocate(result.doc, source, target)
        out.messages += [format_diagnostic(w) for w in result.warnings]
        out.written, notes = emit(to_bytes(result.doc, fmt), target, fmt, source, force)
        out.messages += notes
        out.hints = unprinted_warnings(result)
    except DraftError as exc:
        out.exit_code = exc.exit_code
        out.messages += format_diagnostics(exc.diagnostics)
    except Exception as exc:  # a bug in draft: report it with the file, keep going
        if os.environ.get("DRAFT_DEBUG"):
            raise
        out.exit_code = EXIT_ENV
        out.messages.append(bug_message(exc, source))
    return out


def _warm(types_dirs) -> None:
    """Load what every worker needs once, in the parent, before forking: the modules, the
    types, their compiled templates and the base packages."""
    from . import docx_package
    from .compose import environment
    from .registry import load_registry

    try:
        reg = load_registry(types_dirs)
        for t in reg.types.values():
            environment(t.template_dirs).get_template(t.model.template)
            docx_package.base(t.style_family)
    except Exception:  # noqa: BLE001  each file will report what is wrong
        return


def _worker_start() -> None:
    """A worker finishes the file it is writing when Ctrl-C or SIGTERM comes: the parent stops the batch."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def pool(workers: int, types_dirs):
    """A process pool whose workers start warm where the platform can fork (``_warm``) and finish
    their file on Ctrl-C or SIGTERM (``_worker_start``)."""
    import multiprocessing  # here, not at the top: one file needs no pool (≈ 10 ms of a start)
    from concurrent.futures import ProcessPoolExecutor

    if "fork" in multiprocessing.get_all_start_methods():
        _warm(types_dirs)
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start)
    return ProcessPoolExecutor(workers, initializer=_worker_start)


def render_many(paths: list[Path], output: str | None, fmt: str, force: bool, types_dirs,
                jobs: int | None = None) -> int:
    """Render every file; print failures (with file:line) at the end; return the exit code."""
    files = expand(paths)
    outs = targets(files, output, fmt)
    outcomes: list[Outcome] = []
    seen: dict[Path, Path] = {}
    tasks = []
    for src, dst in zip(files, outs):
        key = dst.resolve()
        if key in seen:
            outcomes.append(Outcome(src, exit_code=EXIT_INPUT,
                                    messages=[f"{src}: 错误：输出文件 {dst} 与 {seen[key]} 的输出同名，未生成"]))
        else:
            seen[key] = src
            tasks.append((src, dst))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    try:
        with _progress(len(tasks)) as advance:
            if workers == 1:
                for src, dst in tasks:
                    outcomes.append(render_file(src, dst, fmt, force, types_dirs))
                    advance()
            else:
                _in_pool(tasks, workers, outcomes, advance, fmt, force, types_dirs)
    except KeyboardInterrupt:
        interrupted(outcomes, files)
        raise
    return report(outcomes, files)


def _in_pool(tasks, workers: int, outcomes: list[Outcome], advance, fmt, force, types_dirs) -> None:
    """Render ``tasks`` on ``workers`` processes into ``outcomes``.  On Ctrl-C no new file is
    started, the ones being written are finished (and counted), then KeyboardInterrupt goes on."""
    from concurrent.futures import as_completed

    executor = pool(workers, types_dirs)
    futures = []
    try:
        for src, dst in tasks:  # inside the try: workers already write while the rest are handed out
            futures.append(executor.submit(render_file, src, dst, fmt, force, types_dirs))
        for fut in as_completed(futures):
            outcomes.append(fut.result())
            advance()
    except KeyboardInterrupt:
        executor.shutdown(wait=True, cancel_futures=True)
        counted = {id(o) for o in outcomes}
        for fut in futures:
            if fut.done() and not fut.cancelled() and fut.exception() is None and id(fut.result()) not in counted:
                outcomes.append(fut.result())
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def interrupted(outcomes: list[Outcome], files: list[Path]) -> None:
    """What an interrupted batch did: the files written and those not (nothing half-written)."""
    report(outcomes, files, summary=False)
    done = [o for o in outcomes if o.written]
    missing = [f for f in files if f not in {o.source for o in done}]
    written = [w for o in done for w in o.written]
    print(f"已中断：已生成 {len(written)} 个文件" + (f"（{_names(written)}）" if written else "")
          + f"；{len(missing)} 个 YAML 没有生成" + (f"：{_names(missing)}" if missing else "")
          + "。没有写了一半的文件。", file=sys.stderr)


def _names(paths: list[Path], shown: int = 10) -> str:
    more = f" 等 {len(paths)} 个" if len(paths) > shown else ""
    return "、".join(str(p) for p in paths[:shown]) + more


def report(outcomes: list[Outcome], files: list[Path], summary: bool = True) -> int:
    order = {f: i for i, f in enumerate(files)}
    outcomes.sort(key=lambda o: order.get(o.source, 0))
    failed = [o for o in outcomes if o.exit_code]
    for o in outcomes:
        for m in o.messages:
            print(m, file=sys.stderr)
    if not summary:
        return 0
    done = len(outcomes) - len(failed)
    summary = f"已生成 {done} 个文件"
    if failed:
        summary += f"；{len(failed)} 个文件失败：" + "、".join(str(o.source) for o in failed)
    print(summary, file=sys.stderr)
    from .lint import hint_line

    hints = hint_line(sum(o.hints for o in outcomes))
    if hints:
        print(hints, file=sys.stderr)
    return max((o.exit_code for o in failed), default=0)


class _progress:
    """A rich progress bar on a terminal, nothing otherwise; yields a callable that advances it."""

    def __init__(self, total: int):
        self.total = total
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty() or self.total < 2:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("生成中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("render", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False
