"""Diagnostics in the style of compilers, and the two kinds of failure.

Every user-facing problem is a :class:`Diagnostic` (file, line, column, field path, Chinese
message).  ``InputError`` (exit 1) means the input is wrong; ``EnvError`` (exit 2) means the
command line or the environment is.  Nothing here prints; ``format_diagnostic`` returns text.
"""
from __future__ import annotations

import errno
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import NamedTuple

EXIT_INPUT, EXIT_ENV = 1, 2  # 0 is success


class Severity(Enum):
    """How bad a diagnostic is; ``label`` is what a writer reads."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # a note (lint): never fails a check, not even --strict

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


class Diagnostic(NamedTuple):
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based, in characters
    path: tuple = ()  # field path in the writer's terms, e.g. ("工作成效", 1, "标题")
    severity: Severity = Severity.ERROR
    code: str = ""  # lint rule code, e.g. "W101"
    source_line: str | None = None

    def where(self) -> str:
        parts = [self.file or "<输入>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


def path_text(path: tuple) -> str:
    """("工作成效", 1, "标题") -> "工作成效 › 第2项 › 标题"."""
    out = []
    for p in path:
        out.append(f"第{p + 1}项" if isinstance(p, int) else str(p))
    return " › ".join(out)


def display_width(text: str) -> int:
    """Terminal columns: full-width and wide characters count as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_diagnostic(d: Diagnostic) -> str:
    code = f"[{d.code}] " if d.code else ""
    where = f"{d.where()}: " if d.file or d.line else ""  # no file: just "错误：…"
    head = f"{where}{d.severity.label}：{code}{d.message}"
    if d.path:
        head += f"  [{path_text(d.path)}]"
    if d.source_line is None or d.col is None:
        return head
    # a tab or a control character would move or hide the caret: show one visible column
    src = "".join(" " if c == "\t" else "?" if unicodedata.category(c) == "Cc" else c
                  for c in d.source_line.rstrip("\r\n"))
    caret = " " * display_width(src[: max(d.col - 1, 0)]) + "^"
    return f"{head}\n    {src}\n    {caret}"


MAX_SHOWN = 50  # diagnostics printed for one file; then one line says how many more


def format_diagnostics(diagnostics: list[Diagnostic]) -> list[str]:
    """What is printed for a list of diagnostics: at most ``MAX_SHOWN`` errors (every warning
    after them is dropped too), then "另有 N 个错误"."""
    shown = [format_diagnostic(d) for d in diagnostics[:MAX_SHOWN]]
    rest = diagnostics[MAX_SHOWN:]
    if rest:
        errors = sum(d.severity is Severity.ERROR for d in rest)
        what = f"{errors} 个错误" + (f"、{len(rest) - errors} 个警告" if len(rest) > errors else "")
        shown.append(f"{rest[0].file or '<输入>'}: ……另有 {what}没有列出（先改正上面的，再运行一次）")
    return shown


def bug_message(exc: BaseException, file=None) -> str:
    """The one message for a bug in draft (never a traceback on writers)."""
    where = f"{file}: " if file else ""
    return (f"{where}内部错误：{type(exc).__name__}: {exc}\n这是 draft 的缺陷，不是您的输入有误；请把这条信息和 YAML 文件"
            "发给维护者（设置环境变量 DRAFT_DEBUG=1 可看到详细信息）")


_REASONS = {  # errno -> what a writer can do about it
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENOSPC: "磁盘已满", errno.ENOENT: "路径不存在", errno.ENAMETOOLONG: "文件名太长",
    errno.EINVAL: "文件名里有系统不允许的字符",
}


def os_reason(exc: OSError) -> str:
    """A short Chinese reason for an OSError (the system's own words as a fallback)."""
    return _REASONS.get(exc.errno, exc.strerror or str(exc))


@dataclass
class DraftError(Exception):
    """Base of the errors a user can cause; carries one or more diagnostics."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    exit_code: int = EXIT_INPUT

    def __str__(self) -> str:
        return "\n".join(format_diagnostics(self.diagnostics))


class InputError(DraftError):
    """The input (YAML, figures, images) is wrong: exit code 1."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        super().__init__(list(diagnostics), EXIT_INPUT)


class EnvError(DraftError):
    """Usage or environment trouble (unwritable folder, file open in Word): exit code 2."""

    def __init__(self, message: str, file: str | Path | None = None):
        super().__init__([Diagnostic(message, file=str(file) if file else None)], EXIT_ENV)
