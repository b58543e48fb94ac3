"""The ``draft`` command line (typer).  Heavy modules are imported inside the commands."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .errors import EXIT_ENV, DraftError, EnvError, format_diagnostic

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="draft：把一年的数据（YAML）生成符合 GB/T 9704 格式的专节报告、综述等文稿（DOCX）。\n\n"
    "示例：draft render 2025.yaml",
    context_settings={"help_option_names": ["-h", "--help"]},
)

TypesDir = typer.Option(None, "--types-dir", help="自定义文稿类型所在目录（可多次给出；也可用环境变量 DRAFT_TYPES_PATH）")


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _report(exc: DraftError) -> int:
    for d in exc.diagnostics:
        _err(format_diagnostic(d))
    return exc.exit_code


def _version(value: bool) -> None:
    if value:
        print(f"draft {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号"),
) -> None:
    """draft：生成县级部门专节报告、综述等文稿。"""


@app.command()
def render(
    files: List[Path] = typer.Argument(..., help="YAML 文件，或放 YAML 文件的文件夹（可给多个）", show_default=False),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="输出文件（“-”表示输出到屏幕）；多个文件时为输出文件夹；默认与 YAML 同名同目录"),
    fmt: str = typer.Option("docx", "--format", "-f", help="输出格式：docx、txt、md"),
    force: bool = typer.Option(False, "--force", help="即使 DOCX 在生成后被手工修改过，也覆盖它（旧文件先备份）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> None:
    """把 YAML 生成文稿。

    示例：

      draft render 2025.yaml                 生成 2025.docx

      draft render 2025.yaml -f txt -o -     在屏幕上预览纯文本

      draft render 各单位/ -o 输出/          生成文件夹里的全部 YAML（多核并行）
    """
    from .pipeline import FORMATS

    if fmt not in FORMATS:
        _err(f"错误：不支持的格式“{fmt}”；可用：{'、'.join(FORMATS)}")
        raise typer.Exit(EXIT_ENV)
    many = len(files) > 1 or files[0].is_dir()
    if output == "-" and many:
        _err("错误：多个文件不能同时输出到屏幕")
        raise typer.Exit(EXIT_ENV)
    if many:  # on every core, failures reported at the end
        from .batch import render_many

        raise typer.Exit(render_many(files, output, fmt, force, types_dir))
    try:
        _render_one(files[0], output, fmt, force, types_dir)
    except DraftError as exc:
        raise typer.Exit(_report(exc))
    raise typer.Exit(0)


def _render_one(path: Path, output: Optional[str], fmt: str, force: bool, types_dir) -> None:
    from .output import default_output, guard, write_atomic
    from .pipeline import build, to_bytes

    result = build(path, types_dir)
    for w in result.source.warnings:
        _err(format_diagnostic(w))
    data = to_bytes(result.doc, fmt)
    if output == "-":
        sys.stdout.buffer.write(data) if fmt == "docx" else sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    target = Path(output) if output else default_output(path, fmt)
    backup = guard(target, [path], force)
    write_atomic(target, data, backup)
    if backup is not None:
        _err(f"{target}: 提示：旧文件已备份为 {backup}")
    _err(f"已生成 {target}")


@app.command("types")
def list_types(types_dir: Optional[List[Path]] = TypesDir) -> None:
    """列出可用的文稿类型（名称、说明、来源、示例）。"""
    from .registry import load_registry

    try:
        reg = load_registry(types_dir)
    except DraftError as exc:
        raise typer.Exit(_report(exc))
    for t in reg.types.values():
        example = t.example
        print(f"{t.name}\t{t.description}\t来源：{t.origin}\t示例：{example if example else '（无）'}")
    for t in reg.shadowed:
        print(f"{t.name}\t（被同名类型覆盖）\t来源：{t.origin}")


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # a GBK console must not raise on "›"
        except (AttributeError, ValueError):
            pass
    try:
        app(prog_name="draft")
    except DraftError as exc:
        sys.exit(_report(exc))
    except KeyboardInterrupt:
        _err("已中断")
        sys.exit(130)
    except Exception as exc:  # a bug in draft: say so briefly, never dump a traceback on writers
        if os.environ.get("DRAFT_DEBUG"):
            raise
        _err(f"内部错误：{type(exc).__name__}: {exc}\n这是 draft 的缺陷，不是您的输入有误；请把这条信息和 YAML 文件发给维护者"
             "（设置环境变量 DRAFT_DEBUG=1 可看到详细信息）")
        sys.exit(EXIT_ENV)


if __name__ == "__main__":
    main()
