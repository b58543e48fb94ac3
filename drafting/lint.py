"""Lint: warnings about the writing (not the YAML) for ``draft check``.

A rule is a small function that takes a :class:`Lint` (the file's prose, its source, the
validated model and the composed document) and yields :class:`Hit` s.  ``@rule(code, summary)``
gives it a code and a Chinese one-line summary and appends it to :data:`RULES`; to add a rule,
write one more decorated function (here or in a module imported before ``check`` runs).

Prose is every string of the validated model (the text the writer typed), with figure
references ``{名称}`` blanked out so that they are never read as prose.

A writer silences rules for one file with the top-level key ``忽略检查: [W101, W107]``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .compose import _REF as FIGURE_REF
from .errors import Diagnostic, Severity
from .loader import Source, at
from .model import Section, yaml_path
from .numbering import TYPED as TYPED_NUMBER
from .tree import Document

FIGURE_MARK = "\ufffc"  # what a figure reference becomes in Lint's view of the prose
# top-level keys whose strings are neither prose nor parts (数据/指标表: figures, from the figures issue)
NOT_PROSE = {"类型", "忽略检查", "数据", "指标表"}


@dataclass(frozen=True)
class Prose:
    """One string the writer typed: its YAML path, the text, and the text with figures blanked."""

    path: tuple
    text: str
    plain: str

    @property
    def chinese(self) -> bool:
        return any(is_cjk(c) for c in self.plain)


@dataclass(frozen=True)
class Hit:
    """A warning: in a prose string at ``offset``, or at a field ``path``, or at ``pos`` (line, col)."""

    message: str
    prose: Prose | None = None
    offset: int = 0
    path: tuple = ()
    pos: tuple[int, int] | None = None


@dataclass
class Lint:
    source: Source
    model: Section
    doc: Document
    title_chars: float
    prose: list[Prose]

    def position(self, hit: Hit) -> tuple[int, int]:
        if hit.pos:
            return hit.pos
        if hit.prose is None:
            return self.source.locate(hit.path)
        return _find(self.source, hit.prose, hit.offset)


LOADER_CODES = ("W001",)  # warnings the loader itself gives (a GB18030/GBK file)

Rule = Callable[[Lint], Iterable[Hit]]
RULES: list[Rule] = []


def rule(code: str, summary: str) -> Callable[[Rule], Rule]:
    """Register a rule function under ``code`` (W1xx) with a Chinese ``summary``."""

    def register(fn: Rule) -> Rule:
        fn.code, fn.summary = code, summary
        RULES.append(fn)
        return fn

    return register


# --- helpers ----------------------------------------------------------------------------
_CJK_PUNCT = set("，。、；：？！“”‘’（）《》【】…—·")


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or c in _CJK_PUNCT


def blank_figures(text: str) -> str:
    """Replace each figure reference by as many FIGURE_MARK characters (offsets stay)."""
    return FIGURE_REF.sub(lambda m: m.group() if m.group() in ("{{", "}}") else FIGURE_MARK * len(m.group()), text)


def prose_of(model: Section, source: Source) -> list[Prose]:
    """Every string of the validated model, with its YAML path."""
    out: list[Prose] = []

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, str):
            out.append(Prose(yaml_path(path, source.marks), value, blank_figures(value)))
        elif isinstance(value, dict):
            for k, v in value.items():
                if not (not path and k in NOT_PROSE):
                    walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,))

    walk(model.model_dump(by_alias=True), ())
    return out


def _find(source: Source, prose: Prose, offset: int) -> tuple[int, int]:
    """Line and column of ``prose.text[offset]`` in the file (the field's start as a fallback)."""
    line, col = source.locate(prose.path)
    start = prose.text.rfind("\n", 0, offset) + 1
    piece = prose.text[start:].split("\n", 1)[0].strip()
    lead = len(prose.text[start:]) - len(prose.text[start:].lstrip())
    lines = source.lines
    for ln in range(line, min(line + 400, len(lines) + 1)):
        idx = lines[ln - 1].find(piece) if piece else -1
        if idx >= 0:
            return ln, idx + (offset - start - lead) + 1
    return line, col


# --- the rules --------------------------------------------------------------------------
_ASCII_PUNCT = re.compile(r'[,.:;?!()"]')
_FULLWIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", '"': "“ ”"}


@rule("W101", "中文里用了英文标点")
def ascii_punctuation(lint: Lint) -> Iterator[Hit]:
    for p in lint.prose:
        if not p.chinese:
            continue
        s = p.plain
        for m in _ASCII_PUNCT.finditer(s):
            i, c = m.start(), m.group()
            prev, nxt = s[i - 1] if i else "", s[i + 1] if i + 1 < len(s) else ""
            if c in ".:" and prev.isdigit():
                continue  # 1.2万, 10:30, and "1." (hand numbering: W104)
            if is_cjk(prev) or is_cjk(nxt) or (not nxt and c in ".;?!,"):
                yield Hit(f"中文里用了英文标点“{c}”，应改为“{_FULLWIDTH[c]}”", p, i)


_PAIRS = {"“": "”", "《": "》"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


@rule("W102", "引号或书名号不配对")
def unbalanced_pairs(lint: Lint) -> Iterator[Hit]:
    for p in lint.prose:
        stack: list[tuple[str, int]] = []
        for i, c in enumerate(p.plain):
            if c in _PAIRS:
                stack.append((c, i))
            elif c in _CLOSERS:
                if stack and stack[-1][0] == _CLOSERS[c]:
                    stack.pop()
                else:
                    yield Hit(f"“{c}”前面没有与之配对的“{_CLOSERS[c]}”", p, i)
        for c, i in stack:
            yield Hit(f"“{c}”没有配对的“{_PAIRS[c]}”", p, i)


_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?")


@rule("W103", "日期里有补位的零")
def padded_dates(lint: Lint) -> Iterator[Hit]:
    for p in lint.prose:
        for m in _DATE.finditer(p.plain):
            year, month, day = m.groups()
            if not (month.startswith("0") or (day or "").startswith("0")):
                continue
            fixed = f"{year + '年' if year else ''}{int(month)}月{str(int(day)) + '日' if day else ''}"
            yield Hit(f"日期不要补零：“{m.group()}”应写成“{fixed}”（GB/T 9704 7.3.5）", p, m.start())



@rule("W104", "手打了模板会自动生成的序号")
def hand_numbering(lint: Lint) -> Iterator[Hit]:
    for block in lint.doc.blocks:
        spans = block.spans
        for i, span in enumerate(spans[:-1]):
            if span.role not in ("number", "point"):
                continue
            text = spans[i + 1].text
            m = TYPED_NUMBER.match(text)
            if not m:
                continue
            typed = m.group().strip()
            owner = next((p for p in lint.prose if p.text.lstrip().startswith(text.strip()[:12])), None)
            where = dict(prose=owner, offset=owner.text.find(typed)) if owner else dict(path=block.src)
            yield Hit(f"序号由模板自动生成（这里生成“{span.text}”），请删掉手打的“{typed}”", **where)


@rule("W105", "空的部分")
def empty_part(lint: Lint) -> Iterator[Hit]:
    def walk(value: Any, path: tuple) -> Iterator[Hit]:
        if isinstance(value, dict):
            for k, v in value.items():
                if v is None or v in ("", [], {}):
                    yield Hit(f"“{k}”是空的，这一部分不会出现在文稿里；不需要就整行删掉", path=path + (k,))
                else:
                    yield from walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, path + (i,))

    data = lint.source.data
    yield from walk({k: v for k, v in data.items() if k not in NOT_PROSE}, ())
    blocks = lint.doc.blocks
    for i, b in enumerate(blocks):
        if b.kind != "heading":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is None or nxt.kind not in ("heading", "paragraph") or (nxt.kind == "heading" and nxt.level <= b.level):
            yield Hit(f"标题“{b.text[:20]}”下面没有内容", path=b.src)


@rule("W106", "标题超过两行")
def long_title(lint: Lint) -> Iterator[Hit]:
    from .measure import title_lines

    for b in lint.doc.blocks:
        if b.kind != "title":
            continue
        typed, line = [], ""
        for s in b.spans:
            if s.role == "break":
                typed.append(line)
                line = ""
            else:
                line += s.text
        typed.append(line)
        count = sum(len(title_lines(t, lint.title_chars)) for t in typed)
        if count > 2:
            yield Hit(f"标题排版后有 {count} 行（每行约 {int(lint.title_chars)} 字），公文标题宜在两行以内，请精简",
                      path=b.src)


_BARE_NUMBER = re.compile(r"(?<![\d.A-Za-z])\d+(?:\.\d+)?(?=[。，；、！？]|$)")


@rule("W107", "数字后面没有单位")
def bare_number(lint: Lint) -> Iterator[Hit]:
    for p in lint.prose:
        if not p.chinese:
            continue
        for m in _BARE_NUMBER.finditer(p.plain):
            yield Hit(f"数字“{m.group()}”后面没有单位或量词（元、人、个、%……）", p, m.start())


PLACEHOLDER = "请填写"


@rule("W108", "还有没填写的占位内容")
def placeholders(lint: Lint) -> Iterator[Hit]:
    for ln, line in enumerate(lint.source.lines, 1):
        if line.lstrip().startswith("#"):
            continue
        col = line.find(PLACEHOLDER)
        if col >= 0:
            yield Hit(f"这里还是占位内容（“{PLACEHOLDER}”），请改成实际内容", pos=(ln, col + 1))


@rule("W201", "“数据”里定义了、但正文没有引用也不在指标表里的数据")
def unused_figures(lint: Lint) -> Iterator[Hit]:
    from .figures import used

    seen = used(lint.doc)
    for name in lint.model.figures:
        if name not in seen:
            yield Hit(f"数据“{name}”没有在正文中引用，也不在指标表中；用不到就删掉，或在正文里写“{{{name}}}”",
                      path=("数据", name), pos=lint.source.keys.get(("数据", name)))  # at the name


# --- running ----------------------------------------------------------------------------
def run(source: Source, model: Section, doc: Document, title_chars: float) -> list[Diagnostic]:
    """All rules over one validated, composed file; silenced codes left out; in file order."""
    lint = Lint(source, model, doc, title_chars, prose_of(model, source))
    ignored = set(model.ignore)
    found = [d for d in source.warnings if d.code not in ignored]
    known = {r.code for r in RULES} | set(LOADER_CODES)
    for i, code in enumerate(model.ignore):
        if code not in known:
            found.append(source.diagnostic(f"“忽略检查”里的“{code}”不是已有的检查代码", ("忽略检查", i),
                                           severity=Severity.WARNING, code="W100"))
    for r in RULES:
        if r.code in ignored:
            continue
        for hit in r(lint):
            line, col = lint.position(hit)
            path = hit.path or (hit.prose.path if hit.prose else ())
            while path and path not in source.marks:  # name the field, not a line inside it
                path = path[:-1]
            found.append(at(source.file, source.text, line, col, hit.message, path=path,
                            severity=Severity.WARNING, code=r.code))
    unique = {(d.line, d.col, d.code, d.message): d for d in found}
    return sorted(unique.values(), key=lambda d: (d.line or 0, d.col or 0, d.code))


def check(path: str | Path, types_dirs=None) -> list[Diagnostic]:
    """Validate, compose and lint one file; raises DraftError when it cannot be built."""
    from . import styles
    from .pipeline import build

    result = build(path, types_dirs)
    family = styles.get(result.section_type.family)
    return run(result.source, result.model, result.doc, family.title_chars)


def check_files(files: list[Path], types_dirs=None, strict: bool = False, say=print) -> int:
    """``draft check``: every file checked (a broken one does not stop the others), each finding
    passed to ``say`` as it is found, then a summary; returns the exit code (1 when any file
    has an error, or with ``strict`` a warning)."""
    from .errors import DraftError, format_diagnostic

    errors = warnings = worst = 0
    for path in files:
        try:
            found = check(path, types_dirs)
        except DraftError as exc:
            for d in exc.diagnostics:
                say(format_diagnostic(d))
            worst = max(worst, exc.exit_code)
            errors += len(exc.diagnostics)
            continue
        if strict:  # warnings count as errors
            found = [replace(d, severity=Severity.ERROR) for d in found]
            errors += len(found)
            worst = max(worst, 1 if found else 0)
        else:
            warnings += len(found)
        for d in found:
            say(format_diagnostic(d))
    verdict = "通过" if worst == 0 else "未通过"
    say(f"检查了 {len(files)} 个文件：{errors} 个错误，{warnings} 个警告（{verdict}）")
    return worst
