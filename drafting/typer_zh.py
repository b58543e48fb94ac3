"""typer's command and group classes with click's words in Chinese: usage line, help option,
section headings, defaults, and command-line mistakes.  Used with ``cls=`` (no patching).

typer (>= 0.26) carries its own copy of click with these words written into the code, so
they are not translated through a catalogue; the methods that write them are overridden
here instead, through typer's public ``typer.core.TyperGroup`` / ``TyperCommand`` and
click's public ``Command``/``Context``/``HelpFormatter`` methods.  ``DraftGroup.main`` runs
click without its own error handling (``standalone_mode=False``) and reports a mistake on the
command line in Chinese, returning click's exit code (2) instead of exiting.
"""
from __future__ import annotations

import re
import sys

import typer
from typer.core import TyperCommand, TyperGroup

from .errors import display_width

USAGE = "用法："
HELP_OPTION = "显示本帮助并退出。"

# click's messages for command-line mistakes, in Chinese (anything else is shown as it is)
USAGE_ERRORS = [
    (r"No such option: (\S+?)(?: Did you mean (\S+)\?| \(Possible options: (.+)\))?$",
     lambda m: f"没有这个选项：{m[1]}" + (f"，是不是 {m[2] or m[3].replace(', ', ' 或 ')}？" if m[2] or m[3] else "")),
    (r"No such command '(.+)'\.(?: Did you mean (.+)\?)?$",
     lambda m: f"没有这个命令：{m[1]}" + (f"，是不是 {m[2].replace(chr(39), '')}？" if m[2] else "（draft -h 列出全部命令）")),
    (r"Missing argument '(.+)'\.$", lambda m: f"缺少参数：{m[1]}"),
    (r"Missing option '(.+)'\.$", lambda m: f"缺少选项：{m[1]}"),
    (r"Option '(.+)' requires (?:an argument|\d+ arguments)\.$", lambda m: f"选项 {m[1]} 后面要写一个值"),
    (r"Got unexpected extra arguments?(?:\(s\))? \((.+)\)$", lambda m: f"多出了参数：{m[1]}"),
    (r"Option '(.+)' does not take a value\.$", lambda m: f"选项 {m[1]} 后面不用写值"),
    (r"Invalid value for (.+?): (.+)$", lambda m: f"{m[1]} 的值不对：{m[2]}"),
]


def usage_error_zh(message: str) -> str:
    for pattern, chinese in USAGE_ERRORS:
        m = re.match(pattern, message.strip())
        if m:
            return chinese(m)
    return message


def show_error(exc: BaseException, fallback=None) -> None:
    """A command-line mistake as click shows it, in Chinese: usage, where help is, the error.
    ``fallback``: the context to show when click's error carries none (an option's value)."""
    ctx = getattr(exc, "ctx", None) or fallback  # a UsageError knows the command it happened in
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(f"运行“{ctx.command_path} {ctx.help_option_names[0]}”查看帮助。")
    lines.append(f"错误：{usage_error_zh(exc.format_message())}")
    print("\n".join(lines), file=sys.stderr)


class Interrupted(Exception):
    """Ctrl-C during a command (typer would turn it into a silent exit 130)."""


def _argument_name(param) -> str:
    name = param.metavar or param.name.upper()
    if param.nargs != 1 and not name.endswith("…"):
        name += "…"
    return name if param.required else f"[{name}]"


def _help(param) -> str:
    """The parameter's own help and its default in Chinese (no "[default: …]", "[required]")."""
    text = param.help or ""
    default = param.default
    if (param.param_type_name == "option" and param.show_default and not getattr(param, "is_flag", False)
            and isinstance(default, str) and default):
        text += f"（默认：{default}）"
    return text


def _section(formatter, heading: str, rows: list[tuple[str, str]]) -> None:
    """A help section: "heading：" and two columns aligned by terminal width (click's own
    ``write_dl`` counts a Chinese character as one column and breaks lines at spaces only)."""
    if not rows:
        return
    formatter.write_paragraph()
    formatter.write(f"{heading}：\n")
    first = max(display_width(name) for name, _ in rows) + 2
    room = max(formatter.width - 2 - first, 20)
    for name, text in rows:
        lines = _wrap(text, room) or [""]
        formatter.write(f"  {name}{' ' * (first - display_width(name))}{lines[0]}".rstrip() + "\n")
        for line in lines[1:]:
            formatter.write(" " * (2 + first) + line + "\n")


_NO_LINE_START = set("，、。；：？！）》”’…")


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken between characters (never inside a Latin word,
    and no line starts with closing punctuation: it stays at the end of the line before)."""
    lines, line = [], ""
    for token in re.findall(r"[A-Za-z0-9_./\-]+|\s+|.", " ".join(text.split())):
        if line and display_width(line + token) > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Chinese:
    """What both classes override (a mixin before typer's class)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options_metavar = "[选项]"  # typer passes its "[OPTIONS]" explicitly

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE)

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_name(param))
            else:
                pieces += param.get_usage_pieces(ctx)
        return pieces

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_options(self, ctx, formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), _help(param)))
            else:
                options.append((record[0], _help(param)))
        _section(formatter, "参数", arguments)
        _section(formatter, "选项", options)


class DraftCommand(_Chinese, TyperCommand):
    pass


class DraftGroup(_Chinese, TyperGroup):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = "命令 [参数]…"

    def collect_usage_pieces(self, ctx) -> list[str]:
        return super().collect_usage_pieces(ctx) + [self.subcommand_metavar]

    def format_options(self, ctx, formatter) -> None:
        super().format_options(ctx, formatter)
        rows = [(name, cmd.get_short_help_str(200)) for name, cmd in self.commands.items() if not cmd.hidden]
        _section(formatter, "命令", rows)

    def parse_args(self, ctx, args):
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            print(ctx.get_help(), file=sys.stderr)  # as click does, but with the Chinese help
            ctx.exit(2)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None

    def _context_of(self, args, prog_name):
        """A context for the command ``args`` name (for its usage line), or the group's own."""
        top = typer.Context(self, info_name=prog_name, **self.context_settings)
        name = next((a for a in (sys.argv[1:] if args is None else args) if not a.startswith("-")), None)
        command = self.commands.get(name) if name else None
        return typer.Context(command, info_name=name, parent=top) if command else top

    def main(self, args=None, prog_name=None, **extra) -> int:
        """Run the command line; return the exit code (the command's int result, 0 for None).

        click's own exceptions are reported here in Chinese; any other exception (DraftError,
        Interrupted, a bug) goes to the caller."""
        try:
            result = super().main(args, prog_name, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # the public base of click's exceptions in typer's copy (>= 0.28)
            show_error(exc, self._context_of(args, prog_name))
            return exc.exit_code
        return result if isinstance(result, int) else 0
