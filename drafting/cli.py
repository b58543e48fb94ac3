"""The ``draft`` command line (typer): each command parses its arguments, calls one function in
a module, and maps errors to exit codes.  Heavy modules are imported inside the commands.

``main(argv)`` returns the exit code (the console script and ``python -m drafting.cli`` exit
with it); help, usage lines and command-line mistakes are in Chinese (``typer_zh``)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__, formats
from .errors import EXIT_ENV, DraftError, EnvError, format_diagnostics
from .typer_zh import DraftCommand, DraftGroup, Interrupted

app = typer.Typer(
    cls=DraftGroup,
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
    for line in format_diagnostics(exc.diagnostics):
        out(line)
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


@app.command(cls=DraftCommand)
def render(
    files: List[str] = typer.Argument(..., metavar="文件…", help="YAML 文件，或放 YAML 文件的文件夹（可给多个）", show_default=False),
    output: Optional[str] = typer.Option(None, "-o", "--output", metavar="文件", help="输出文件（“-”表示输出到屏幕）；多个文件时为输出文件夹；默认与 YAML 同名同目录"),
    fmt: str = typer.Option("docx", "--format", "-f", metavar="格式", help=formats.help_text()),
    force: bool = typer.Option(False, "--force", help="即使 DOCX 在生成后被手工修改过，也覆盖它（旧文件先备份）"),
    check: bool = typer.Option(False, "--check", help="不生成，只检查已有的 DOCX 是否与 YAML 一致（0 一致，1 不一致，2 出错）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> int:
    """把 YAML 生成文稿。

    示例：

      draft render 2025.yaml                 生成 2025.docx

      draft render 2025.yaml -f txt -o -     在屏幕上预览纯文本

      draft render --check 2025.yaml         检查 2025.docx 是否是最新的

      draft render 各单位/ -o 输出/          生成文件夹里的全部 YAML（多核并行）
    """
    if not check:
        from .batch import render as render_files

        return render_files(files, output, fmt, force, types_dir)
    from .batch import expand, paths_of
    from .uptodate import check as up_to_date

    paths = expand(paths_of(files))
    if fmt != "docx" or (output and len(paths) > 1):
        raise EnvError("--check 只比较 DOCX；检查多个文件时不能用 -o")
    worst = 0
    for path in paths:
        try:
            verdict = up_to_date(path, Path(output) if output else None, types_dir)
        except DraftError as exc:  # a file that cannot be rendered: trouble, not "out of date"
            _report(exc)
            worst = EXIT_ENV
            continue
        _err(verdict.message)
        worst = max(worst, verdict.exit_code)
    return worst


@app.command("diff", cls=DraftCommand)
def diff_command(
    old: Path = typer.Argument(..., metavar="旧文件", help="旧文件（YAML 或 DOCX）", show_default=False),
    new: Path = typer.Argument(..., metavar="新文件", help="新文件（YAML 或 DOCX）", show_default=False),
    fmt: str = typer.Option("text", "--format", "-f", metavar="格式", help="报告格式：text、md、json"),
    redline: Optional[Path] = typer.Option(None, "--redline", metavar="文件", help="另外生成带修订标记的 DOCX（新文稿，改动为 Word 修订）"),
    force: bool = typer.Option(False, "--force", help="修订稿文件已存在且不是 draft 生成的（或被改过）时也覆盖（旧文件先备份）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> int:
    """按文稿结构比较两个版本：逐字标出改动，数字整体比较，列出新增、删除、移动的段落和变化的数据。

    退出码：0 相同，1 有不同，2 出错（文件无法读取或校验不通过）。

    示例：

      draft diff 2024.yaml 2025.yaml

      draft diff 初稿.docx 修改稿.docx --redline 修订.docx
    """
    from . import diff as d
    from .review import review

    if fmt not in ("text", "md", "json"):
        raise EnvError(f"不支持的格式“{fmt}”；可用：text、md、json")
    try:
        result = review(old, new, types_dir, redline, force)
    except DraftError as exc:  # every failure to compare is exit 2 (documented above)
        _report(exc)
        return EXIT_ENV
    for note in result.notes:
        _err(note)
    if result.report.equal:
        return 0
    if fmt == "json":
        sys.stdout.write(d.format_json(result.report))
    elif fmt == "md":
        sys.stdout.write(d.format_markdown(result.report))
    else:
        sys.stdout.write(d.format_text(result.report, sys.stdout.isatty() and not os.environ.get("NO_COLOR")))
    return 1


@app.command("bundle", cls=DraftCommand)
def bundle_command(
    target: Path = typer.Argument(..., metavar="文件夹或清单", help="各单位 YAML 所在的文件夹，或“类型: 汇编”的清单文件", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="汇编的 DOCX；默认与清单同名同目录（只给文件夹时：文件夹名.docx，在文件夹旁边）"),
    report: Optional[Path] = typer.Option(None, "--report", metavar="文件", help="另把汇编状态（缺报、错误、数据不一致）写成 Markdown 文件"),
    skip_broken: bool = typer.Option(False, "--skip-broken", help="缺报或有错误的文稿不占位，直接略过（仍列在汇编状态里）"),
    no_layout: bool = typer.Option(False, "--no-layout", help="不用 LibreOffice 排版计算目录页码（目录页码留待在 Word 中更新域）"),
    force: bool = typer.Option(False, "--force", help="即使汇编 DOCX 在生成后被手工修改过，也覆盖它（旧文件先备份）"),
    check: bool = typer.Option(False, "--check", help="不生成，只检查已有的汇编 DOCX 是否与各单位的 YAML 一致（0 一致，1 不一致，2 出错）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> int:
    """把各单位的文稿汇编成一册：封面、带页码的目录、连续页码，并列出谁缺报、谁有错、哪些数据对不上。

    清单（类型: 汇编）写明标题、编印单位、日期和应报送的文稿；只给文件夹时，按文件名顺序汇编其中全部 YAML。
    目录页码由 LibreOffice 排版一次后写入（没有 LibreOffice 时提示在 Word 中更新目录）。

    退出码：0 全部报送且无错误，1 有缺报或有错误的文稿（汇编仍会生成），2 清单有误或环境问题。

    示例：

      draft bundle 汇编/汇编.yaml --report 汇编状态.md

      draft bundle 各单位/ -o 汇编.docx

      draft bundle --check 汇编/汇编.yaml
    """
    from . import bundle as b

    try:
        if check:
            verdict = b.check(target, output, types_dir)
            _err(verdict.message)
            return verdict.exit_code
        return b.run(target, output, report, force, skip_broken, not no_layout, types_dir, say=_err)
    except DraftError as exc:  # a wrong manifest, an output that may not be replaced: trouble (exit 2)
        _report(exc)
        return EXIT_ENV


@app.command(cls=DraftCommand)
def check(
    files: List[str] = typer.Argument(..., metavar="文件…", help="要检查的 YAML 文件（可给多个）", show_default=False),
    strict: bool = typer.Option(False, "--strict", help="把警告也当作错误（有警告时退出码为 1）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> int:
    """检查 YAML：格式、必填项，以及写法上的问题（英文标点、日期补零、手打序号……），不生成文件。

    每条警告有代码（如 W101）；某个文件里不想做的检查，在该文件顶层写“忽略检查: [W101]”。

    示例：

      draft check 2025.yaml

      draft check *.yaml --strict      有警告也算不通过
    """
    from .lint import check_files

    return check_files(files, types_dir, strict)


def _section_type(name: str, types_dir):

    from .registry import load_registry

    return load_registry(types_dir).get(name)


@app.command(cls=DraftCommand)
def new(
    type_name: str = typer.Argument(..., metavar="类型", help="文稿类型，如“专节报告”（draft types 列出全部）", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="新 YAML 文件名；默认为“类型.yaml”（已存在则不写）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> int:
    """新建一个带注释的 YAML 草稿，并在旁边写好该类型的 JSON Schema（编辑器据此补全、提示）。

    已有同名文件时不会覆盖（退出码 2）。占位内容含“请填写”：没改完之前 draft check 不通过、draft render 不生成，并列出每一处。

    全部字段的说明见 docs/专节报告.md（或运行 draft schema 类型 --format md）。

    示例：

      draft new 专节报告 -o 2025.yaml

      draft check 2025.yaml
    """
    from .skeleton import create

    for note in create(_section_type(type_name, types_dir), output, types_dir):
        _err(note)
    return 0


@app.command(cls=DraftCommand)
def schema(
    type_name: str = typer.Argument(..., metavar="类型", help="文稿类型，如“专节报告”", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="写入文件；默认输出到屏幕"),
    fmt: str = typer.Option("json", "--format", "-f", metavar="格式",
                            help="json：编辑器用的 JSON Schema（默认）；md：给写作者看的字段参考（Markdown）"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> int:
    """输出文稿类型的 JSON Schema（中文键名和说明），供 VS Code 的 YAML 插件补全和检查；
    或用 --format md 输出字段参考（每个键的含义、默认值和示例，即 docs/专节报告.md）。

    在 YAML 第一行写“# yaml-language-server: $schema=./专节报告.schema.json”即可生效，不需要联网。

    示例：

      draft schema 专节报告 -o 专节报告.schema.json

      draft schema 专节报告 --format md -o 专节报告.md
    """
    from .output import write_generated
    from .reference import REFERENCE_MARK, field_reference
    from .skeleton import SCHEMA_MARK, schema_text

    if fmt not in ("json", "md"):
        raise EnvError(f"不支持的格式“{fmt}”；可用：json、md")
    stype = _section_type(type_name, types_dir)
    text, mark = (schema_text(stype), SCHEMA_MARK) if fmt == "json" else (field_reference(stype), REFERENCE_MARK)
    if output is None:
        sys.stdout.write(text)
        return 0
    write_generated(output, text, mark)
    _err(f"已生成 {output}")
    return 0


@app.command("import", cls=DraftCommand)
def import_command(
    file: Path = typer.Argument(..., metavar="文件", help="去年的 DOCX（Word、WPS 手打或 draft 生成），或从网页复制的 TXT、MD", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="文件", help="YAML 文件名；默认与输入同名（已存在则写“名称.导入.yaml”），从不覆盖"),
    type_name: Optional[str] = typer.Option(None, "--type", metavar="类型", help="文稿类型（默认自动判断）"),
    figures: bool = typer.Option(False, "--figures", help="把正文里带单位的数字提取为“数据”并在正文中引用"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> int:
    """把去年的文稿导入为 YAML 草稿：标题层级、要点、落款、日期等按结构写好，手打的序号去掉，放不进任何字段的文字留作注释。

    退出码：0 已写入（不确定之处在 YAML 里用“# 导入时不确定”标出），1 文件不能作为文稿读取，2 用法或环境问题。

    示例：

      draft import 2024.docx                 写出 2024.yaml（已存在则 2024.导入.yaml）

      draft import 网页.txt --type 综述 -o 2024.yaml
    """
    from .importer import import_file

    result = import_file(file, output, type_name, figures, types_dir)
    for line in result.summary:
        _err(line)
    return 0


@app.command(cls=DraftCommand)
def watch(
    target: str = typer.Argument(..., metavar="文件或文件夹", help="YAML 文件，或放 YAML 文件的文件夹", show_default=False),
    fmt: str = typer.Option("docx", "--format", "-f", metavar="格式", help=formats.help_text()),
    serve: bool = typer.Option(False, "--serve", help="在浏览器里实时预览页面（http://127.0.0.1:端口/，需要 LibreOffice）"),
    port: int = typer.Option(8765, "--port", metavar="端口", help="--serve 的端口（0 表示任选一个空闲端口）"),
    stop_after: Optional[float] = typer.Option(None, "--stop-after", hidden=True),
    types_dir: Optional[List[Path]] = TypesDir,
) -> int:
    """监视 YAML，每次保存后自动重新生成（写到 draft render 会写的地方），每次生成输出一行：用时，或第一处错误的位置。

    手工改过的输出文件不会被覆盖（与 draft render 相同）。PDF、PNG 和预览用一直开着的 LibreOffice 生成。按 Ctrl-C 结束（退出码 0）；启动时出错（文件不存在、缺少 LibreOffice）退出码为 2。

    示例：

      draft watch 2025.yaml                  每次保存都重新生成 2025.docx

      draft watch 2025.yaml --serve          同时在浏览器里预览页面

      draft watch 各单位/ -f pdf             文件夹里任何一个 YAML 保存后都生成 PDF
    """
    from .watch import watch as run

    return run(target, fmt, serve, port, types_dir, stop_after)


@app.command("pull", cls=DraftCommand)
def pull_command(
    file: Path = typer.Argument(..., metavar="文件", help="在 Word、WPS 或 LibreOffice 里改过的 DOCX", show_default=False),
    into: Optional[Path] = typer.Option(None, "--into", metavar="文件", help="写回哪个 YAML（默认：生成这个 DOCX 的 YAML，DOCX 里记着它的位置）"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示 YAML 会怎样改（git diff 的格式），不改动任何文件"),
    accept: bool = typer.Option(False, "--accept", help="有修订时：按全部接受修订后的文字写回"),
    reject: bool = typer.Option(False, "--reject", help="有修订时：按全部拒绝修订后的文字写回"),
    types_dir: Optional[List[Path]] = TypesDir,
) -> int:
    """把在 Word 里对 DOCX 的修改写回 YAML：改了的句子改写对应的值，改了的数据改“数据”，删去、新增、移动的段落删去、
    加入、移动对应的条目；注释、键的顺序、引号和空行都保留，原 YAML 先备份为“名称.备份.yaml”。

    序号、模板生成的文字、由数据算出的同比和完成率不会写进 YAML；拿不准的改动不猜，列出 YAML 的行号请手工修改。
    批注列出并作为“# 批注（作者）：…”注释加在对应的值上方。写回之后 draft render 不需要 --force（改过的 DOCX 先备份）。

    退出码：0 全部写回（或没有改动），1 有改动没能写回（已列出；其余照常写回），2 用法或环境问题。

    示例：

      draft pull 2025.docx                     写回 2025.yaml

      draft pull 2025.docx --dry-run           先看看 YAML 会怎样改

      draft pull 修订.docx --into 初稿.yaml --accept
    """
    from .pull import pull
    from .yamledit import unified

    if accept and reject:
        raise EnvError("--accept 和 --reject 只能选一个")
    try:
        result = pull(file, into, "accept" if accept else "reject" if reject else None, dry_run, types_dir)
    except DraftError as exc:  # a file that cannot be read, a YAML that does not validate: trouble
        _report(exc)
        return EXIT_ENV
    if dry_run and result.after != result.before:
        sys.stdout.write(unified(result.before, result.after, result.yaml.name))
    for line in format_diagnostics(result.problems + result.comments):
        _err(line)
    for note in result.notes:
        _err(note)
    if not result.problems and result.after == result.before and not result.comments:
        _err(f"{file}: 没有需要写回的改动")
    return result.exit_code


@app.command("types", cls=DraftCommand)
def list_types(types_dir: Optional[List[Path]] = TypesDir) -> int:
    """列出可用的文稿类型（名称、样式族、来源、示例、说明）。

    示例：

      draft types --types-dir 我的类型
    """
    from .registry import load_registry

    reg = load_registry(types_dir)
    rows = [("名称", "样式族", "来源", "示例", "说明")]
    for t in reg.types.values():
        rows.append((t.name, t.family, t.origin, _shown_path(t.example), t.description))
    for t in reg.shadowed:
        rows.append((t.name, t.family, t.origin, _shown_path(t.example), "（被前面的同名类型覆盖）"))
    print(_table(rows))
    return 0


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


def main(argv: list[str] | None = None) -> int:
    """Run ``draft`` with ``argv`` (default: the process's arguments); return the exit code.

    Output goes to ``sys.stdout`` / ``sys.stderr`` as they are at the time of the call; console
    set-up, SIGTERM and the mapping of errors to exit codes are ``launch.guarded``'s."""
    from .launch import guarded

    def run() -> int:
        try:
            return typer.main.get_command(app).main(argv, prog_name="draft")
        except Interrupted:
            raise KeyboardInterrupt from None
        except typer.Abort:  # click's own abort (a prompt answered with Ctrl-D): trouble, not a wrong input
            _err("已中止")
            return EXIT_ENV

    return guarded(run)


if __name__ == "__main__":
    sys.exit(main())
