"""Load a YAML file into plain data plus a source map, catching the traps writers hit.

The loader composes the YAML node graph (ruamel.yaml, YAML 1.2) and builds plain Python
data from it itself, so that:

* every value keeps its line and column (``Source.marks``);
* scalars stay exactly as typed: ``2024.10`` stays the string ``"2024.10"`` and ``010`` stays
  ``"010"``; only the schema decides what becomes a number (pydantic, lax mode);
* duplicate keys, anchors and aliases are refused before anything is expanded (no
  billion-laughs), and so is any ``%YAML`` directive other than 1.2;
* a file in GB18030/GBK or UTF-16 is decoded (with a warning), a UTF-8 BOM is accepted;
* only a regular file is read (never a FIFO or a device), and the documented limits hold:
  ``MAX_FILE`` bytes a file, ``MAX_DEPTH`` levels of nesting, ``MAX_ITEMS`` items a list,
  ``MAX_TEXT`` characters a value; beyond them a located message, never a hang;
* tags (``!!binary``, ``!foo``) are refused: they are not part of the format.

A fresh parser is made for every file, so nothing one file declares leaks into the next.
"""
from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Diagnostic, EnvError, InputError, Severity, os_reason
from .xmlchars import first_illegal, illegal_message, illegal_positions

# Characters XML 1.0 cannot hold (tab, LF and CR are fine).
_DIRECTIVE = re.compile(r"^%YAML\s+(\S+)", re.M)
# patterns only a mistake's message needs are kept as text (compiled by ``re`` when first used)
FULLWIDTH_KEY = r"^[ \t]*(?:-[ \t]+)?([^\s:：#'\"]{1,20})："
_NULL_TAG = "tag:yaml.org,2002:null"
_CORE_TAGS = {"!"} | {f"tag:yaml.org,2002:{t}" for t in ("null", "str", "int", "float", "bool", "seq", "map")}
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")  # YAML 1.2 core schema
_C_UNSAFE = re.compile("[\t\x85\u2028\u2029]")
_YAML_UNPRINTABLE = re.compile("[\x7f-\x84\x86-\x9f]")  # XML holds them, YAML 1.2 does not
_NO_SPACE_COLON = r"[ \t]*(?:-[ \t]+)?[^\s:：#'\"{\[-][^\s:#'\"]{0,19}:(?=[^\s:/])"  # "单位:某某局"
_FLOW_START = r"[ \t]*(?:-[ \t]+|[^\s:#'\"]+:[ \t]+)(?=\{[^{}]*\}[^\s,}\]])"  # "- {新增就业}为…"
_NO_SPACE_DASH = re.compile(r"[ \t]*-[^\s\-\d.]")  # "-坚持…": a list item without its space

MAX_FILE = 10 * 1024 * 1024  # bytes of one YAML file
MAX_DEPTH = 64  # levels of nesting
MAX_ITEMS = 20_000  # items of one list
MAX_TEXT = 1024 * 1024  # characters of one value

Path_ = tuple  # a field path: keys (str) and list indices (int)


@dataclass
class Source:
    """A loaded file: its data, its text and where every value came from."""

    file: str
    text: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # 1-based (line, col)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # where each mapping key was typed
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """The text's lines (split once per text: a rule asking for every hint stays linear)."""
        return _lines_of(self.text)

    def locate(self, path: Path_) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def diagnostic(self, message: str, path: Path_ = (), **kw) -> Diagnostic:
        line, col = self.locate(path)
        path = tuple(path)
        if path and isinstance(path[-1], int) and path not in self.marks and path[:-1] in self.marks:
            written = self.value_at(path[:-1])
            if isinstance(written, str) and "\n" not in written.strip():
                path = path[:-1]  # "正文: 一段话" is the schema's list of one: the writer wrote no 第1项
        return at(self.file, self.text, line, col, message, path=path, **kw)

    def value_at(self, path: Path_):
        """The YAML's value at ``path`` (None where there is none)."""
        value = self.data
        for seg in path:
            try:
                value = value[seg]
            except (KeyError, IndexError, TypeError):
                return None
        return value


_LINES: list[tuple[str, list[str]]] = []  # the last few texts and their lines


def _lines_of(text: str) -> list[str]:
    """``text.splitlines()`` once per text, not once per message (50,000 errors stay linear).
    Found by identity: an equal text read again (the same file rendered twice in one process,
    as ``draft watch`` does) must not be compared character by character on every lookup."""
    for known, lines in _LINES:
        if known is text:
            return lines
    lines = text.splitlines()
    _LINES.insert(0, (text, lines))
    del _LINES[4:]
    return lines


def at(file: str, text: str, line: int, col: int, message: str, **kw) -> Diagnostic:
    lines = _lines_of(text)
    src = lines[line - 1] if 0 < line <= len(lines) else None
    return Diagnostic(message, file=file, line=line, col=col, source_line=src, **kw)


def decode(raw: bytes, file: str) -> tuple[str, list[Diagnostic]]:
    """Bytes -> text. UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 with a warning."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif not raw.startswith((b"\xff\xfe", b"\xfe\xff")) and _utf16_without_bom(raw):
        raise InputError(Diagnostic(
            "文件看起来是 UTF-16 编码（没有 BOM），draft 读不了：请在编辑器中“另存为”UTF-8 编码后重试", file=file))
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        raise InputError(
            Diagnostic(
                "无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK。请在编辑器中“另存为”UTF-8 编码后重试",
                file=file,
                line=line,
            )
        ) from None
    warn = Diagnostic(
        "文件是 GB18030/GBK 编码，已按此读取；建议另存为 UTF-8，以免在其他电脑上乱码",
        file=file,
        severity=Severity.WARNING,
        code="W001",
    )
    return text, [warn]


def _utf16_without_bom(raw: bytes) -> bool:
    """Text in UTF-16 without a BOM: every other byte of the first ones is NUL."""
    head = raw[:400]
    if len(head) < 4:
        return False
    return head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4


def regular_file(path: Path, limit: int) -> None:
    """Refuse (EnvError, InputError) what is missing, a folder, not a regular file (a FIFO, a
    device such as /dev/zero behind a symlink: reading it would hang or never end) or over
    ``limit`` bytes; nothing is opened."""
    file = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise EnvError("找不到文件", file) from None
    except OSError as exc:
        raise EnvError(f"无法读取文件（{os_reason(exc)}）", file) from None
    if stat.S_ISDIR(st.st_mode):
        raise EnvError("这是一个文件夹，不是文件", file)
    if not stat.S_ISREG(st.st_mode):
        raise EnvError("这不是普通文件（是管道、设备或其他特殊文件）：draft 只读普通文件", file)
    if st.st_size > limit:
        raise InputError(Diagnostic(
            f"文件太大（{st.st_size / 2**20:.1f} MB），上限是 {limit // 2**20} MB：请检查是否选错了文件", file=file))


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see ``regular_file``)."""
    regular_file(path, limit)
    try:
        with open(path, "rb") as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise EnvError(f"无法读取文件（{os_reason(exc)}）：请检查文件权限", str(path)) from None
    if len(raw) > limit:  # it grew since
        raise InputError(Diagnostic(f"文件太大，上限是 {limit // 2**20} MB", file=str(path)))
    return raw


def read(path: str | Path) -> Source:
    """Read and parse ``path``; raise InputError/EnvError with Chinese messages."""
    file = str(path)
    if not file:
        raise EnvError("文件名是空的")
    raw = read_limited(Path(path), MAX_FILE)
    text, warnings = decode(raw, file)
    src = parse(text, file)
    src.warnings[:0] = warnings
    return src


def parse(text: str, file: str = "<输入>") -> Source:
    """Parse YAML text into a Source (no file access)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_characters(text, file)
    _check_directives(text, file)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputError(at(file, text, 1, 1, "文件是空的：请至少写上“类型:”和内容"))
    src = Source(file=file, text=text, data=None)
    builder, found = _compose(text, file, src)
    if not found:
        raise InputError(at(file, text, 1, 1, "文件是空的：请至少写上“类型:”和内容"))
    if builder.errors:
        raise InputError(builder.errors)
    if not isinstance(src.data, dict):
        hint = ""
        if re.search(FULLWIDTH_KEY, text.splitlines()[0] if text else ""):
            hint = "；看起来用了中文冒号“：”，键和值之间要用英文冒号加空格“: ”"
        raise InputError(
            at(file, text, *src.marks.get((), (1, 1)), "文件顶层应是“键: 值”形式的映射" + hint)
        )
    return src


def _check_characters(text: str, file: str) -> None:
    errors = []
    bad = sorted([(pos, illegal_message(text[pos])) for pos in _first(illegal_positions(text), 20)]
                 + [(m.start(), f"含有不可见的控制字符 U+{ord(m.group()):04X}（YAML 不允许），请删除")
                    for m in _first(_YAML_UNPRINTABLE.finditer(text), 20)])
    for pos, message in bad[:20]:
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        errors.append(at(file, text, line, col, message))
    if errors:
        raise InputError(errors)


def _first(iterable, n: int) -> list:
    out = []
    for x in iterable:
        if len(out) >= n:
            break
        out.append(x)
    return out


def _check_directives(text: str, file: str) -> None:
    for m in _DIRECTIVE.finditer(text):
        if m.group(1) != "1.2":
            line = text.count("\n", 0, m.start()) + 1
            raise InputError(
                at(file, text, line, 1, f"不支持 %YAML {m.group(1)} 指令：draft 按 YAML 1.2 读取，请删除这一行")
            )


_TRANSLATE = [
    ("found character '\\t' that cannot start any token", "这里有制表符（Tab）：YAML 只能用空格缩进"),
    ("mapping values are not allowed here", "这里不能出现“: ”：冒号后的内容若含冒号，请整体加引号"),
    ("could not find expected ':'", "缺少“: ”：每一行应写成“键: 值”"),
    ("found duplicate anchor", "锚点重复"),
    ("found undefined alias", "使用了未定义的别名（*）"),
    ("did not find expected key", "缩进不对齐：同一层的键应对齐，列表项以“- ”开头"),
    ("did not find expected '-' indicator", "缩进不对齐：列表项应以“- ”开头并对齐"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有配对"),
    ("expected the node content", "文件意外结束或这里缺少内容：列表或映射没有写完（检查括号和引号）"),
    ("found a tab character", "这里有制表符（Tab）：YAML 只能用空格缩进"),
    ("expected <block end>, but found", "缩进不对齐：这一行的缩进与上面的同级内容不一致"),
    ("while scanning a quoted scalar", "引号没有配对"),
    ("found unknown escape character", "双引号字符串里有无效的反斜杠转义；请改用单引号或去掉“\\”"),
]


def _c_parser(text: str):
    """Events from libyaml's C parser (ruamel.yaml.clib, through ruamel's public ``YAML.parse``),
    ~25× faster than the pure one, where it gives the same events: not for text with tabs or with
    NEL/LS/PS (libyaml, a YAML 1.1 parser, takes those as separators and line breaks; YAML 1.2 does
    not), nor when DRAFT_PURE_YAML is set.  Nothing here resolves types, so the parser's YAML 1.1
    heritage shows nowhere else.  Without the C extension ruamel falls back to its pure parser."""
    if os.environ.get("DRAFT_PURE_YAML") or _C_UNSAFE.search(text):
        return None
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False).parse(text)


def _compose(text: str, file: str, src: "Source"):
    """Parse ``text`` into ``src.data``; syntax errors become one located Diagnostic.

    ruamel's pure parser (YAML 1.2) is the reference: any syntax error met by the C parser is
    reported by re-reading the file with it, so messages and positions are the same."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    events = _c_parser(text)
    if events is not None:
        try:
            builder = _Builder(src, events)
            return builder, builder.stream()
        except YAMLError:
            src.marks.clear()
    builder = _Builder(src, YAML(typ="safe", pure=True).parse(text))  # a fresh parser for every file
    try:
        return builder, builder.stream()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "end of stream" in (exc.problem or "") and exc.context_mark:
            mark = exc.context_mark  # an unclosed quote: point where it opened, not at the end
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        raise InputError(_syntax_diagnostic(text, file, line, col, exc)) from None
    except YAMLError as exc:  # composer errors without a mark
        raise InputError(at(file, text, 1, 1, f"YAML 格式错误：{exc}")) from None


def _syntax_diagnostic(text: str, file: str, line: int, col: int, exc) -> Diagnostic:
    problem = f"{exc.problem or ''} {exc.context or ''}"
    lines = text.splitlines()
    # Look at the offending line and the one before for the traps writers hit most.
    for ln in (line, line - 1):
        if 0 < ln <= len(lines):
            s = lines[ln - 1]
            lead = s[: len(s) - len(s.lstrip(" \t\u3000"))]
            if "\u3000" in lead:
                return at(file, text, ln, lead.index("\u3000") + 1,
                          "缩进里有全角空格（U+3000）：YAML 只能用半角空格缩进")
            if "\t" in lead:
                return at(file, text, ln, lead.index("\t") + 1, "缩进里有制表符（Tab）：YAML 只能用空格缩进")
            m = re.match(FULLWIDTH_KEY, s)
            if m and ": " not in s:
                return at(file, text, ln, m.end(), "用了中文冒号“：”：键和值之间要用英文冒号加空格“: ”")
            if _NO_SPACE_DASH.match(s):
                return at(file, text, ln, s.index("-") + 1, "“-”后面缺少空格：列表项要写成“- 内容”（横线后加一个空格）")
            m = re.match(_NO_SPACE_COLON, s)
            if m and not re.search(r":(\s|$)", s):
                return at(file, text, ln, m.end(), "冒号后面缺少空格：键和值之间要用英文冒号加空格，如“单位: 某某局”")
            m = re.match(_FLOW_START, s)
            if m and ln == line:
                return at(file, text, ln, m.end() + 1, "以数据引用 {名称} 开头的内容，YAML 会当成“{键: 值}”：请把整行内容加引号，"
                          "或改用全角括号 ｛名称｝")
    if "'\\t' that cannot start any token" in problem and 0 < line <= len(lines):
        s = lines[line - 1]
        if s[: col - 1].strip():  # not in the indentation: inside or at the start of a value
            return at(file, text, line, col, "这里有制表符（Tab）：值的开头不能是 Tab（它不是缩进）；请改成空格，或把整个值加引号")
    if "another document" in problem:
        return at(file, text, line, col, "文件里有第二篇文档（“---”或“...”之后还有内容）：一个 YAML 文件只写一篇文稿")
    if "mapping values are not allowed" in problem and 1 < line <= len(lines):
        s, before = lines[line - 1], next((b for b in reversed(lines[: line - 1]) if b.strip()), "")
        indent, prev = len(s) - len(s.lstrip(" ")), len(before) - len(before.lstrip(" "))
        if indent > prev and ": " in before.strip() and not before.rstrip().endswith(":"):
            return at(file, text, line, indent + 1,
                      "缩进不对齐：这一行比上一行缩进多；同一层的键应左对齐（若是上一行内容的续行，请把内容整体加引号）")
    for needle, chinese in _TRANSLATE:
        if needle in problem:
            return at(file, text, line, col, chinese)
    return at(file, text, line, col, f"YAML 格式错误：{(exc.problem or exc.context or '').strip()}")


class _Builder:
    """Events -> plain data, recording marks and refusing anchors, aliases and duplicate keys.

    Works on the event stream rather than a node graph: no node objects, and an alias is
    never expanded (no billion laughs)."""

    def __init__(self, src: Source, events):
        self.src = src
        self.next = events.__next__
        self.errors: list[Diagnostic] = []
        self.anchors: set[str] = set()
        self.kinds = _event_kinds()

    def _error(self, mark, message: str, path) -> None:
        self.errors.append(at(self.src.file, self.src.text, mark.line + 1, mark.column + 1, message, path=path))

    def stream(self) -> bool:
        """Build the single document into ``src.data``; False if the stream is empty."""
        from ruamel.yaml.composer import ComposerError

        self.next()  # StreamStart
        event = self.next()
        if _kind(event) == "StreamEnd":
            return False
        start = event.start_mark  # DocumentStart
        self.src.data = self.build(self.next(), ())
        self.next()  # DocumentEnd
        event = self.next()
        if _kind(event) != "StreamEnd":
            raise ComposerError("expected a single document in the stream", start,
                                "but found another document", event.start_mark)
        return True

    def _skip(self, event) -> None:
        """Consume the rest of a node whose start ``event`` was read (noting its anchors)."""
        depth = 1 if _kind(event) in ("MappingStart", "SequenceStart") else 0
        while depth:
            e = self.next()
            k = _kind(e)
            if k != "Alias" and getattr(e, "anchor", None) is not None:
                self.anchors.add(e.anchor)
            depth += 1 if k in ("MappingStart", "SequenceStart") else -1 if k in ("MappingEnd", "SequenceEnd") else 0

    def build(self, event, path: Path_, key_mark=None):
        kind = self.kinds[type(event)]
        mark = event.start_mark
        if kind == "Alias":
            if event.anchor not in self.anchors:
                from ruamel.yaml.composer import ComposerError

                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", mark)
            return None  # its anchor was reported
        if event.anchor is not None:
            self.anchors.add(event.anchor)
            self._error(mark, "不支持锚点（&）和别名（*）：请把内容直接写出来", path)
            self._skip(event)
            return None
        tag = event.tag
        if tag is not None and tag not in _CORE_TAGS and not (kind == "Scalar" and event.implicit[0]):
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            self._error(mark, f"不支持标签“{tag}”：YAML 标签（!!binary、!xxx 等）不是文稿格式的一部分，请删除它，直接写内容", path)
            self._skip(event)
            return None
        if len(path) >= MAX_DEPTH:
            self._error(mark, f"嵌套太深：超过 {MAX_DEPTH} 层；文稿的结构不会这么深，请检查缩进", path)
            self._skip(event)
            return None
        if kind == "Scalar":
            value = event.value
            if len(value) > MAX_TEXT:
                self._error(mark, f"这一项有 {len(value)} 个字符，超过上限 {MAX_TEXT} 个：请拆成多段", path)
                return None
            plain = not event.style
            if plain and "-" in value:
                self._dash_without_space(event, path)
            if key_mark is not None and plain and not value:
                mark = key_mark  # "键:" with nothing after it: at the key (parsers differ on where)
            self.src.marks[path] = (mark.line + 1, mark.column + 1)
            if plain and (tag == _NULL_TAG or (tag is None and len(value) <= 4 and event.implicit[0] and _NULL.match(value))):
                return None
            bad = first_illegal(value) if event.style == '"' else None
            if bad is not None:  # written as an escape ("\x1F") in a quoted string: the raw text looked clean
                self._error(mark, illegal_message(value[bad]), path)
            if plain and value.startswith("\u3000") and re.search(r"[:：]", value):
                # "a:\n\u3000\u3000b: 1" parses as the string "\u3000\u3000b: 1": a silent misread.
                self._error(mark, "缩进里有全角空格（U+3000）：YAML 只能用半角空格缩进", path)
            return value
        where = key_mark or mark
        self.src.marks[path] = (where.line + 1, where.column + 1)
        kinds, keys = self.kinds, self.src.keys
        if kind == "MappingStart":
            out: dict[str, Any] = {}
            seen: dict[str, Any] = {}
            while (k := kinds[type(key := self.next())]) != "MappingEnd":
                if k != "Scalar" or key.anchor is not None:
                    if k == "Alias" or key.anchor is not None:
                        self._error(key.start_mark, "不支持锚点（&）和别名（*）：请把内容直接写出来", path)
                    else:
                        self._error(key.start_mark, "键必须是简单的文字", path)
                    self._skip(key)
                    self._skip(self.next())
                    continue
                value = self.next()
                name = key.value
                at_key = key.start_mark
                here = path + (name,)
                keys[here] = (at_key.line + 1, at_key.column + 1)
                if name.startswith("\u3000"):  # U+3000 is not YAML whitespace: it became part of the key
                    self._error(at_key, "缩进里有全角空格（U+3000）：YAML 只能用半角空格缩进", path)
                elif name == "<<":
                    self._error(at_key, "不支持合并键“<<”：请把内容直接写出来", path)
                elif name in seen:
                    self._error(at_key, f"键“{name}”重复了（第 {seen[name].line + 1} 行已经有）", here)
                else:
                    seen[name] = at_key
                    out[name] = self.build(value, here, at_key)
                    continue
                self._skip(value)
            return out
        items: list = []
        while kinds[type(event := self.next())] != "SequenceEnd":
            if len(items) == MAX_ITEMS:
                self._error(event.start_mark, f"列表太长：超过 {MAX_ITEMS} 项", path)
                items.append(None)
            if len(items) > MAX_ITEMS:
                self._skip(event)
                continue
            items.append(self.build(event, path + (len(items),)))
        return items[:MAX_ITEMS]

    def _dash_without_space(self, event, path) -> None:
        """"-坚持…" (no space after the dash) is text, not a list item: on a line of its own it
        joins the item above ("甲 -坚持…"), printing the dash.  Refused where it starts a line."""
        lines = _lines_of(self.src.text)
        first, last = event.start_mark.line, event.end_mark.line
        for n in range(first, min(last, len(lines) - 1) + 1):
            line = lines[n]
            start = event.start_mark.column if n == first else 0
            if _NO_SPACE_DASH.match(line[start:]) and (n > first or start == len(line) - len(line.lstrip(" "))):
                col = line.index("-") + 1
                self.errors.append(at(self.src.file, self.src.text, n + 1, col,
                                      "“-”后面缺少空格：列表项要写成“- 内容”（横线后加一个空格）", path=path))
                return


@functools.cache
def _event_kinds() -> dict[type, str]:
    from ruamel.yaml import events as ev

    return {ev.StreamStartEvent: "StreamStart", ev.StreamEndEvent: "StreamEnd",
            ev.DocumentStartEvent: "DocumentStart", ev.DocumentEndEvent: "DocumentEnd",
            ev.AliasEvent: "Alias", ev.ScalarEvent: "Scalar", ev.MappingStartEvent: "MappingStart",
            ev.MappingEndEvent: "MappingEnd", ev.SequenceStartEvent: "SequenceStart",
            ev.SequenceEndEvent: "SequenceEnd"}


def _kind(event) -> str:
    """A parser event's kind, by its class (both parsers yield ``ruamel.yaml.events`` classes)."""
    return _event_kinds()[type(event)]
