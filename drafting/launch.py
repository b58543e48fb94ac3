"""How ``draft`` starts (the console script and ``python -m drafting``): the console set up,
SIGTERM taken as Ctrl-C, every error mapped to its exit code (``guarded``, which
``cli.main`` uses too).

A plain ``draft render FILE… [-o OUT] [-f FORMAT] [--force] [--types-dir DIR]`` is common
enough, and its start-up slow enough, that it goes straight to the renderer (``batch.render``)
with the arguments typer would have given it, without importing typer and building the
command line (≈ 60 ms).  Anything else, or anything unusual in those arguments (``--check``,
``--help``, ``--output=X``, an option given twice, an unknown option …) goes through the full
command line (``cli``), so messages and behaviour are the same either way.

A short process also skips work it does not need: no cyclic garbage collection while the
libraries load, then rare collections that leave them out (``collect_rarely``), no search
through every installed package for pydantic plugins (draft uses none; pydantic's documented
``PYDANTIC_DISABLE_PLUGINS``, unless the environment sets it), and at the end, once stdout and
stderr are flushed, no module teardown (``os._exit``).
"""
from __future__ import annotations

import os
import sys

_VALUED = {"-o": "output", "--output": "output", "-f": "format", "--format": "format", "--types-dir": "types_dir"}


def plain_render(argv: list[str]) -> tuple | None:
    """``batch.render``'s arguments for a plain ``render`` command line, else None."""
    if not argv or argv[0] != "render":
        return None
    files: list[str] = []
    given: dict[str, str] = {}
    types_dirs: list[str] = []
    force = False
    args = iter(argv[1:])
    for arg in args:
        if arg in _VALUED:
            value = next(args, None)
            name = _VALUED[arg]
            if value is None or (value.startswith("-") and value != "-") or (name in given and name != "types_dir"):
                return None
            if name == "types_dir":
                types_dirs.append(value)
            else:
                given[name] = value
        elif arg == "--force" and not force:
            force = True
        elif arg.startswith("-"):
            return None  # --check, --help, -h, --, -oX, --output=X, "-" …: the full command line
        else:
            files.append(arg)
    if not files:
        return None
    from pathlib import Path

    return files, given.get("output"), given.get("format", "docx"), force, [Path(d) for d in types_dirs] or None


def guarded(run) -> int:
    """``run()``'s exit code; a DraftError reported, Ctrl-C/SIGTERM 130/143, a bug said briefly."""
    from .errors import EXIT_ENV, DraftError, bug_message, format_diagnostics

    _setup_console()
    received: list[int] = []
    previous = _on_sigterm(received)
    try:
        return run()
    except DraftError as exc:
        for line in format_diagnostics(exc.diagnostics):
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:  # cli.main passes typer_zh.Interrupted on as this
        print("已中断（收到终止信号）" if received else "已中断", file=sys.stderr)
        return 128 + (received[0] if received else 2)
    except SystemExit as exc:  # typer exits by itself only on a closed pipe
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # a bug in draft: say so briefly, never dump a traceback on writers
        if os.environ.get("DRAFT_DEBUG"):
            raise
        print(bug_message(exc), file=sys.stderr)
        return EXIT_ENV
    finally:
        _restore_sigterm(previous)


GC_THRESHOLD = (100_000, 50, 100)  # a collection per 100,000 new objects, not 700 (measured: docs/performance.md)


def collect_rarely() -> None:
    """What has been loaded so far is never garbage: out of every collection (``gc.freeze``),
    and young objects collected rarely.  A render makes few reference cycles, and with
    Python's default (a collection every 700 objects) a large one spends a fifth of its time
    collecting."""
    import gc

    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    gc.enable()


def main(argv: list[str] | None = None) -> int:
    """The console script: run ``draft`` with the process's arguments and end the process."""
    import gc

    gc.disable()  # no collections while the libraries load
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--version"]:  # as the typer command line says it, without loading it
        from . import __version__

        print(f"draft {__version__}")
        _end(0)
        return 0
    call = plain_render(argv)
    if call is None:
        from .cli import main as full

        collect_rarely()
        code = full(argv)
    else:
        def render() -> int:
            from .batch import render

            collect_rarely()
            return render(*call)

        code = guarded(render)
    _end(code)
    return code


def _end(code: int) -> None:
    """Leave at once (no module teardown) when everything written has reached its stream."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # let the interpreter's own exit report it as it always has
    os._exit(code)


_CONSOLE_FALLBACK = {"›": ">", "…": "...", "•": "*"}  # characters a GBK console lacks


def _console_replace(exc: UnicodeEncodeError):
    bad = exc.object[exc.start:exc.end]
    return "".join(_CONSOLE_FALLBACK.get(c, "?") for c in bad), exc.end


def _setup_console() -> None:
    """Messages must come out readable on any console, never as an encoding traceback.

    A console that can show Chinese (UTF-8, GBK/GB18030 on Windows) keeps its encoding; the
    few characters it lacks are replaced ("›" -> ">").  One that claims it cannot show Chinese
    at all (PYTHONIOENCODING=ascii, LANG=C) is nearly always a UTF-8 terminal or log with a
    wrong setting, so the text is written as UTF-8 instead of a row of question marks."""
    import codecs

    codecs.register_error("draft-console", _console_replace)
    for stream in (sys.stdout, sys.stderr):
        try:
            "错误：“”《》".encode(stream.encoding or "ascii")
            stream.reconfigure(errors="draft-console")
        except (LookupError, UnicodeEncodeError):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (AttributeError, ValueError):
                pass
        except (AttributeError, ValueError):
            pass


def _on_sigterm(received: list[int]):
    """SIGTERM ends draft as Ctrl-C does (temporary files removed, a batch reports what it
    wrote); the previous handler is returned (None where signals cannot be set here)."""
    import signal
    import threading

    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        received.append(signum)
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


def _restore_sigterm(previous) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)
