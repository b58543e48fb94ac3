"""Load a YAML file into plain data plus a source map, catching the traps writers hit.

The loader composes the YAML node graph (ruamel.yaml, YAML 1.2) and builds plain Python
data from it itself, so that:

* every value keeps its line and column (``Source.marks``);
* scalars stay exactly as typed: ``2024.10`` stays the string ``"2024.10"`` and ``010`` stays
  ``"010"``; only the schema decides what becomes a number (pydantic, lax mode);
* duplicate keys, anchors and aliases are refused before anything is expanded (no
  billion-laughs), and so is any ``%YAML`` directive other than 1.2;
* a file in GB18030/GBK or UTF-16 is decoded (with a warning), a UTF-8 BOM is accepted.

A fresh parser is made for every file, so nothing one file declares leaks into the next.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Diagnostic, EnvError, InputError, os_reason

# Characters XML 1.0 cannot hold (tab, LF and CR are fine).
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DIRECTIVE = re.compile(r"^%YAML\s+(\S+)", re.M)
_FULLWIDTH_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?([^\s:：#'\"]{1,20})：")
_NULL_TAG = "tag:yaml.org,2002:null"

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
        return self.text.splitlines()

    def locate(self, path: Path_) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def diagnostic(self, message: str, path: Path_ = (), **kw) -> Diagnostic:
        line, col = self.locate(path)
        return at(self.file, self.text, line, col, message, path=tuple(path), **kw)


def at(file: str, text: str, line: int, col: int, message: str, **kw) -> Diagnostic:
    lines = text.splitlines()
    src = lines[line - 1] if 0 < line <= len(lines) else None
    return Diagnostic(message, file=file, line=line, col=col, source_line=src, **kw)


def decode(raw: bytes, file: str) -> tuple[str, list[Diagnostic]]:
    """Bytes -> text. UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 with a warning."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
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
        severity="警告",
        code="W001",
    )
    return text, [warn]


def read(path: str | Path) -> Source:
    """Read and parse ``path``; raise InputError/EnvError with Chinese messages."""
    p = Path(path)
    file = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise EnvError("找不到文件", file) from None
    except IsADirectoryError:
        raise EnvError("这是一个文件夹，不是 YAML 文件", file) from None
    except OSError as exc:
        raise EnvError(f"无法读取文件（{os_reason(exc)}）：请检查文件权限", file) from None
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
    node = _compose(text, file)
    src = Source(file=file, text=text, data=None)
    if node is None:
        raise InputError(at(file, text, 1, 1, "文件是空的：请至少写上“类型:”和内容"))
    builder = _Builder(src)
    src.data = builder.build(node, ())
    if builder.errors:
        raise InputError(builder.errors)
    if not isinstance(src.data, dict):
        hint = ""
        if _FULLWIDTH_KEY.search(text.splitlines()[0] if text else ""):
            hint = "；看起来用了中文冒号“：”，键和值之间要用英文冒号加空格“: ”"
        raise InputError(
            at(file, text, *src.marks.get((), (1, 1)), "文件顶层应是“键: 值”形式的映射" + hint)
        )
    return src


def _check_characters(text: str, file: str) -> None:
    errors = []
    for m in _XML_BAD.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        errors.append(
            at(file, text, line, col, f"含有文档无法保存的控制字符 U+{ord(m.group()):04X}，请删除")
        )
        if len(errors) >= 20:
            break
    if errors:
        raise InputError(errors)


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
    ("found a tab character", "这里有制表符（Tab）：YAML 只能用空格缩进"),
    ("expected <block end>, but found", "缩进不对齐：这一行的缩进与上面的同级内容不一致"),
    ("while scanning a quoted scalar", "引号没有配对"),
    ("found unknown escape character", "双引号字符串里有无效的反斜杠转义；请改用单引号或去掉“\\”"),
]


def _compose(text: str, file: str):
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=True)  # a fresh parser for every file
    try:
        return yaml.compose(text)
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
            m = _FULLWIDTH_KEY.match(s)
            if m and ": " not in s:
                return at(file, text, ln, m.end(), "用了中文冒号“：”：键和值之间要用英文冒号加空格“: ”")
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
    """Node graph -> plain data, recording marks and refusing aliases and duplicate keys."""

    def __init__(self, src: Source):
        self.src = src
        self.errors: list[Diagnostic] = []
        self.refused: set[int] = set()

    def _error(self, mark, message: str, path) -> None:
        self.errors.append(at(self.src.file, self.src.text, mark.line + 1, mark.column + 1, message, path=path))

    def build(self, node, path: Path_, key_mark=None):
        from ruamel.yaml.nodes import MappingNode, ScalarNode

        mark = node.start_mark
        if getattr(node, "anchor", None):
            if id(node) not in self.refused:  # an alias shares its anchor's node: report once
                self.refused.add(id(node))
                self._error(mark, "不支持锚点（&）和别名（*）：请把内容直接写出来", path)
            return None
        if isinstance(node, ScalarNode):
            if node.tag == _NULL_TAG and not node.style:
                # "键:" with nothing after it: point at the key, not at the next line
                where = key_mark if key_mark is not None and not node.value else mark
                self.src.marks[path] = (where.line + 1, where.column + 1)
                return None
            self.src.marks[path] = (mark.line + 1, mark.column + 1)
            bad = _XML_BAD.search(node.value)
            if bad:  # written as an escape ("\x1F") in a quoted string: the raw text looked clean
                self._error(mark, f"含有文档无法保存的控制字符 U+{ord(bad.group()):04X}（引号里的转义），请删除", path)
            if not node.style and node.value.startswith("\u3000") and re.search(r"[:：]", node.value):
                # "a:\n\u3000\u3000b: 1" parses as the string "\u3000\u3000b: 1": a silent misread.
                self._error(mark, "缩进里有全角空格（U+3000）：YAML 只能用半角空格缩进", path)
            return node.value
        where = key_mark or mark
        self.src.marks[path] = (where.line + 1, where.column + 1)
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            seen: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self._error(key_node.start_mark, "键必须是简单的文字", path)
                    continue
                key = key_node.value
                self.src.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if key.startswith("\u3000"):  # U+3000 is not YAML whitespace: it became part of the key
                    self._error(key_node.start_mark, "缩进里有全角空格（U+3000）：YAML 只能用半角空格缩进", path)
                    continue
                if key == "<<":
                    self._error(key_node.start_mark, "不支持合并键“<<”：请把内容直接写出来", path)
                    continue
                if key in seen:
                    first = seen[key]
                    self._error(key_node.start_mark, f"键“{key}”重复了（第 {first.line + 1} 行已经有）", path + (key,))
                    continue
                seen[key] = key_node.start_mark
                out[key] = self.build(value_node, path + (key,), key_node.start_mark)
            return out
        return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
