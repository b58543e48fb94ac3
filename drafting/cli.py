"""The ``draft`` command line (typer).  Heavy modules are imported inside the commands."""
from __future__ import annotations

import functools
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

TypesDir = typer.Option(None, "--types-dir", metavar="目录", help="自定义文稿类型所在目录（可多次给出；也可用环境变量 DRAFT_TYPES_PATH）")


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _report(exc: DraftError, out=_err) -> int:
    for d in exc.diagnostics:
        out(format_diagnostic(d))
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
    files: List[Path] = typer.Argument(..., metavar="文件…", help="YAML 文件，或放 YAML 文件的文件夹（可给多个）", show_default=False),
    output: Optional[str] = typer.Option(None, "-o", "--output", metavar="文件", help="输出文件（“-”表示输出到屏幕）；多个文件时为输出文件夹；默认与 YAML 同名同目录"),
    fmt: str = typer.Option("docx", "--format", "-f", metavar="格式", help="输出格式：docx、txt、md、pdf、png（pdf 和 png 需要安装 LibreOffice；png 每页一个文件：名称-1.png、名称-2.png……）"),
    force: bool = typer.Option(False, "--force", help="即使 DOCX 在生成后被手工修改过，也覆盖它（旧文件先备份）"),
    check: bool = typer.Option(False, "--check", help="不生成，只检查已有的 DOCX 是否与 YAML 一致（0 一致，1 不一致，2 出错）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> None:
    """把 YAML 生成文稿。

    示例：

      draft render 2025.yaml                 生成 2025.docx

      draft render 2025.yaml -f txt -o -     在屏幕上预览纯文本

      draft render --check 2025.yaml         检查 2025.docx 是否是最新的

      draft render 各单位/ -o 输出/          生成文件夹里的全部 YAML（多核并行）
    """
    from .pipeline import FORMATS

    if check:
        from .batch import expand

        paths = expand(files)
        if fmt != "docx" or (output and len(paths) > 1):
            _err("错误：--check 只比较 DOCX；检查多个文件时不能用 -o")
            raise typer.Exit(EXIT_ENV)
        raise typer.Exit(max(_check_one(path, output, types_dir) for path in paths))

    if fmt not in FORMATS:
        _err(f"错误：不支持的格式“{fmt}”；可用：{'、'.join(FORMATS)}")
        raise typer.Exit(EXIT_ENV)
    if fmt in ("pdf", "png"):
        from .office import MISSING, soffice

        if soffice() is None:
            _err(f"错误：{MISSING}")
            raise typer.Exit(EXIT_ENV)
    if output == "-" and fmt == "png":
        _err("错误：PNG 每页一个文件，不能输出到屏幕；请用 -o 指定文件名")
        raise typer.Exit(EXIT_ENV)
    many = len(files) > 1 or files[0].is_dir()
    if output == "-" and many:
        _err("错误：多个文件不能同时输出到屏幕")
        raise typer.Exit(EXIT_ENV)
    if many:  # on every core, failures reported at the end
        from .batch import render_many

        raise typer.Exit(render_many(files, output, fmt, force, types_dir))
    if output == "-":
        _render_to_screen(files[0], fmt, types_dir)
        raise typer.Exit(0)
    from .batch import render_file
    from .output import default_output

    done = render_file(files[0], Path(output) if output else default_output(files[0], fmt), fmt, force, types_dir)
    for message in done.messages:
        _err(message)
    if done.written:
        _err(f"已生成 {done.written[0]}" + (f" 等 {len(done.written)} 页" if len(done.written) > 1 else ""))
    raise typer.Exit(done.exit_code)


def _render_to_screen(path: Path, fmt: str, types_dir) -> None:
    """``-o -``: the rendered file on stdout (DraftError goes to main's handler)."""
    from .pipeline import BINARY, build, to_bytes

    result = build(path, types_dir)
    for w in result.warnings:
        _err(format_diagnostic(w))
    data = to_bytes(result.doc, fmt)
    sys.stdout.buffer.write(data) if fmt in BINARY else sys.stdout.write(data.decode("utf-8"))
    sys.stdout.flush()


def _check_one(path: Path, output: Optional[str], types_dir) -> int:
    """0 if the DOCX is what rendering ``path`` gives now (same XML parts), 1 if not, 2 on trouble."""
    import zipfile

    from .output import default_output
    from .package import xml_parts
    from .pipeline import build, to_bytes

    try:
        want = xml_parts(to_bytes(build(path, types_dir).doc, "docx"))
    except DraftError as exc:
        _report(exc)
        return EXIT_ENV
    target = Path(output) if output else default_output(path, "docx")
    if not target.is_file():
        _err(f"{target}: 不是最新的：文件不存在（请运行 draft render {path}）")
        return 1
    try:
        have = xml_parts(target)
    except (zipfile.BadZipFile, OSError):
        _err(f"{target}: 不是最新的：不是有效的 DOCX 文件")
        return 1
    differ = sorted(n for n in set(want) | set(have) if want.get(n) != have.get(n))
    if differ:
        _err(f"{target}: 不是最新的：与 {path} 现在生成的结果不同（{'、'.join(differ)}）")
        return 1
    _err(f"{target}: 已是最新")
    return 0


def _diff_input(path: Path, types_dir):
    """The document tree of a YAML (built) or DOCX (read back) file."""
    if path.suffix.lower() == ".docx":
        from .docx_reader import read

        return read(path)
    from .pipeline import build

    return build(path, types_dir).doc


@app.command("diff")
def diff_command(
    old: Path = typer.Argument(..., metavar="旧文件", help="旧文件（YAML 或 DOCX）", show_default=False),
    new: Path = typer.Argument(..., metavar="新文件", help="新文件（YAML 或 DOCX）", show_default=False),
    fmt: str = typer.Option("text", "--format", "-f", metavar="格式", help="报告格式：text、md、json"),
    redline: Optional[Path] = typer.Option(None, "--redline", help="另外生成带修订标记的 DOCX（新文稿，改动为 Word 修订）"),
    force: bool = typer.Option(False, "--force", help="修订稿文件已存在且不是 draft 生成的（或被改过）时也覆盖（旧文件先备份）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> None:
    """按文稿结构比较两个版本：逐字标出改动，数字整体比较，列出新增、删除、移动的段落和变化的数据。

    退出码：0 相同，1 有不同，2 出错（文件无法读取或校验不通过）。

    示例：

      draft diff 2024.yaml 2025.yaml

      draft diff 初稿.docx 修改稿.docx --redline 修订.docx
    """
    from . import diff as d
    from .errors import EXIT_ENV as TROUBLE

    if fmt not in ("text", "md", "json"):
        _err(f"错误：不支持的格式“{fmt}”；可用：text、md、json")
        raise typer.Exit(TROUBLE)
    try:
        a, b = _diff_input(old, types_dir), _diff_input(new, types_dir)
        if a.type_name and b.type_name and a.type_name != b.type_name:
            raise EnvError(f"两个文件的文稿类型不同（{a.type_name}、{b.type_name}），无法按结构比较", new)
        if redline is not None:
            _write_redline(d.redline(a, b), redline, [old, new], force)
    except DraftError as exc:
        _report(exc)
        raise typer.Exit(TROUBLE)
    report = d.compare(a, b)
    if not report.equal:
        if fmt == "json":
            sys.stdout.write(d.format_json(report))
        elif fmt == "md":
            sys.stdout.write(d.format_markdown(report))
        else:
            color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            sys.stdout.write(d.format_text(report, color))
    raise typer.Exit(0 if report.equal else 1)


def _write_redline(tree, target: Path, inputs: list[Path], force: bool) -> None:
    from . import docx_writer, styles
    from .output import guard, write_atomic
    from .pipeline import document_date

    family = styles.get(tree.family or "公文")
    data = docx_writer.write(tree, docx_writer.WriteOptions(family, document_date(tree), embed_tree=False))
    backup = guard(target, inputs, force)
    write_atomic(target, data, backup)
    if backup is not None:
        _err(f"{target}: 提示：旧文件已备份为 {backup}")
    _err(f"已生成修订稿 {target}")

@app.command()
def check(
    files: List[Path] = typer.Argument(..., metavar="文件…", help="要检查的 YAML 文件（可给多个）", show_default=False),
    strict: bool = typer.Option(False, "--strict", help="把警告也当作错误（有警告时退出码为 1）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> None:
    """检查 YAML：格式、必填项，以及写法上的问题（英文标点、日期补零、手打序号……），不生成文件。

    每条警告有代码（如 W101）；某个文件里不想做的检查，在该文件顶层写“忽略检查: [W101]”。

    示例：

      draft check 2025.yaml

      draft check *.yaml --strict      有警告也算不通过
    """
    from .lint import as_errors
    from .lint import check as check_file

    errors = warnings = worst = 0
    for path in files:
        try:
            found = check_file(path, types_dir)
        except DraftError as exc:
            worst = max(worst, _report(exc, print))
            errors += len(exc.diagnostics)
            continue
        if strict:
            found = as_errors(found)
        for d in found:
            print(format_diagnostic(d))
        if strict and found:
            errors += len(found)
            worst = max(worst, 1)
        else:
            warnings += len(found)
    verdict = "通过" if worst == 0 else "未通过"
    print(f"检查了 {len(files)} 个文件：{errors} 个错误，{warnings} 个警告（{verdict}）")
    raise typer.Exit(worst)


def _section_type(name: str, types_dir):
    from .registry import load_registry

    reg = load_registry(types_dir)
    if name not in reg.types:
        raise EnvError(f"没有“{name}”这种文稿类型；可用的类型：{'、'.join(reg.types) or '（无）'}（用 draft types 查看）")
    return reg.types[name]


@app.command()
def new(
    type_name: str = typer.Argument(..., metavar="类型", help="文稿类型，如“专节报告”（draft types 列出全部）", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="新 YAML 文件名；默认为“类型.yaml”（已存在则不写）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> None:
    """新建一个带注释的 YAML 草稿，并在旁边写好该类型的 JSON Schema（编辑器据此补全、提示）。

    已有同名文件时不会覆盖（退出码 2）。占位内容含“请填写”，draft check 会一一列出。

    示例：

      draft new 专节报告 -o 2025.yaml

      draft check 2025.yaml
    """
    from .output import replaceable, write_atomic, write_new
    from .skeleton import SCHEMA_MARK, schema_file_name, schema_text, skeleton

    stype = _section_type(type_name, types_dir)
    target = output or Path(f"{stype.name}.yaml")
    schema_path = target.parent / schema_file_name(stype)
    write_new(target, skeleton(stype, f"./{schema_path.name}", types_dirs=types_dir).encode("utf-8"))
    _err(f"已生成 {target}")
    text = schema_text(stype)
    if not replaceable(schema_path, SCHEMA_MARK):
        _err(f"{schema_path}: 提示：已有同名文件且不是 draft 生成的，没有改动它")
    elif not schema_path.exists() or schema_path.read_text(encoding="utf-8") != text:
        write_atomic(schema_path, text.encode("utf-8"))
        _err(f"已生成 {schema_path}（编辑器用它补全和检查）")


@app.command()
def schema(
    type_name: str = typer.Argument(..., metavar="类型", help="文稿类型，如“专节报告”", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="写入文件；默认输出到屏幕"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> None:
    """输出文稿类型的 JSON Schema（中文键名和说明），供 VS Code 的 YAML 插件补全和检查。

    在 YAML 第一行写“# yaml-language-server: $schema=./专节报告.schema.json”即可生效，不需要联网。

    示例：

      draft schema 专节报告 -o 专节报告.schema.json
    """
    from .output import replaceable, write_atomic
    from .skeleton import SCHEMA_MARK, schema_text

    text = schema_text(_section_type(type_name, types_dir))
    if output is None:
        sys.stdout.write(text)
        return
    if not replaceable(output, SCHEMA_MARK):
        raise EnvError("已有同名文件，且不是 draft 生成的 JSON Schema；为免覆盖没有写入：请换个文件名", output)
    write_atomic(output, text.encode("utf-8"))
    _err(f"已生成 {output}")


@app.command("types")
def list_types(types_dir: Optional[List[Path]] = TypesDir) -> None:
    """列出可用的文稿类型（名称、样式族、来源、示例、说明）。

    示例：

      draft types --types-dir 我的类型
    """
    from .registry import load_registry

    try:
        reg = load_registry(types_dir)
    except DraftError as exc:
        raise typer.Exit(_report(exc))
    rows = [("名称", "样式族", "来源", "示例", "说明")]
    for t in reg.types.values():
        rows.append((t.name, t.family, t.origin, _shown_path(t.example), t.description))
    for t in reg.shadowed:
        rows.append((t.name, t.family, t.origin, _shown_path(t.example), "（被前面的同名类型覆盖）"))
    print(_table(rows))


def _shown_path(path: Optional[Path]) -> str:
    """A path relative to the working folder where it is inside it; （无） for none."""
    if path is None:
        return "（无）"
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _table(rows: list[tuple[str, ...]]) -> str:
    """Columns aligned by terminal width (a Chinese character takes two columns)."""
    from .errors import display_width

    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for r in rows:
        cells = [c + " " * (w - display_width(c)) for c, w in zip(r, widths)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


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


# click's own words, in Chinese.  typer carries its own copy of click (typer._click) with the
# words written into the code, so the few a writer sees are replaced here: the usage prefix,
# the help option's text, and the usage-error report (exit code 2 stays click's).
_USAGE_ERRORS = [
    (r"No such option: (\S+?)(?: Did you mean (\S+)\?| \(Possible options: (.+)\))?$",
     lambda m: f"没有这个选项：{m[1]}" + (f"，是不是 {m[2] or m[3].replace(', ', ' 或 ')}？" if m[2] or m[3] else "")),
    (r"No such command '(.+)'\.$", lambda m: f"没有这个命令：{m[1]}（draft -h 列出全部命令）"),
    (r"Missing argument '(.+)'\.$", lambda m: f"缺少参数：{m[1]}"),
    (r"Missing option '(.+)'\.$", lambda m: f"缺少选项：{m[1]}"),
    (r"Option '(.+)' requires (?:an argument|\d+ arguments)\.$", lambda m: f"选项 {m[1]} 后面要写一个值"),
    (r"Got unexpected extra arguments? \((.+)\)$", lambda m: f"多出了参数：{m[1]}"),
    (r"Invalid value for (.+?): (.+)$", lambda m: f"{m[1]} 的值不对：{m[2]}"),
]


def _usage_error_zh(message: str) -> str:
    import re

    for pattern, chinese in _USAGE_ERRORS:
        m = re.match(pattern, message.strip())
        if m:
            return chinese(m)
    return message


@functools.cache  # patch once per process (main may run many times in one)
def _chinese_click() -> None:
    try:
        from typer._click import core, exceptions, formatting
    except ImportError:  # an older typer uses click itself
        from click import core, exceptions, formatting

    write_usage = formatting.HelpFormatter.write_usage
    get_help_option = core.Command.get_help_option

    def usage(self, prog, args="", prefix=None):
        return write_usage(self, prog, args, "用法：" if prefix is None else prefix)

    def help_option(self, ctx):
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option

    def show(self, file=None):
        lines = []
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            lines.append(f"运行“{self.ctx.command_path} -h”查看帮助。")
        lines.append(f"错误：{_usage_error_zh(self.format_message())}")
        print("\n".join(lines), file=file or sys.stderr)

    formatting.HelpFormatter.write_usage = usage
    core.Command.get_help_option = help_option
    exceptions.UsageError.show = show


def main(argv: list[str] | None = None) -> int:
    """Run ``draft`` with ``argv`` (default: the command line); return the exit code, never exit."""
    _setup_console()
    _chinese_click()
    try:
        app(args=argv, prog_name="draft")
    except SystemExit as exc:  # click's standalone mode ends every command this way
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except DraftError as exc:
        return _report(exc)
    except KeyboardInterrupt:
        _err("已中断")
        return 130
    except Exception as exc:  # a bug in draft: say so briefly, never dump a traceback on writers
        if os.environ.get("DRAFT_DEBUG"):
            raise
        _err(f"内部错误：{type(exc).__name__}: {exc}\n这是 draft 的缺陷，不是您的输入有误；请把这条信息和 YAML 文件发给维护者"
             "（设置环境变量 DRAFT_DEBUG=1 可看到详细信息）")
        return EXIT_ENV
    return 0


if __name__ == "__main__":
    sys.exit(main())
