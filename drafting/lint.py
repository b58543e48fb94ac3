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
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from .compose import _REF as FIGURE_REF
from .errors import Diagnostic, Severity
from .loader import Source, at
from .model import Section, yaml_path
from .numbering import TYPED as TYPED_NUMBER, point_marker
from .tree import Document

FIGURE_MARK = "\ufffc"  # what a figure reference becomes in Lint's view of the prose
# top-level keys whose strings are neither prose nor parts (数据/指标表: figures, from the figures issue)
NOT_PROSE = {"类型", "忽略检查", "数据", "指标表", "编号", "元数据"}  # 编号, 元数据: printed as written


class Prose(NamedTuple):
    """One string the writer typed: its YAML path, the text, and the text with figures blanked."""

    path: tuple
    text: str
    plain: str

    @property
    def chinese(self) -> bool:
        return any(is_cjk(c) for c in self.plain)


class Hit(NamedTuple):
    """A warning: in a prose string at ``offset``, or at a field ``path``, or at ``pos`` (line, col)."""

    message: str
    prose: Prose | None = None
    offset: int = 0
    path: tuple = ()
    pos: tuple[int, int] | None = None


class Lint(NamedTuple):
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


def rule(code: str, summary: str, severity: Severity = Severity.WARNING) -> Callable[[Rule], Rule]:
    """Register a rule function under ``code`` (W1xx writing, W2xx figures, W3xx reliability,
    W4xx 专节报告, W5xx 综述) with a Chinese ``summary``; a rule of ``Severity.INFO`` gives notes
    that never fail a check."""

    def register(fn: Rule) -> Rule:
        fn.code, fn.summary, fn.severity = code, summary, severity
        RULES.append(fn)
        return fn

    return register


# --- helpers ----------------------------------------------------------------------------
_CJK_PUNCT = set("，。、；：？！“”‘’（）《》【】…—·")


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or c in _CJK_PUNCT


def blank_figures(text: str) -> str:
    """Replace each figure reference by as many FIGURE_MARK characters (offsets stay)."""
    if "{" not in text and "}" not in text and "｛" not in text:
        return text
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
_PAIR_CHARS = re.compile("[“”《》]")


def _continued(lint: Lint) -> set[tuple]:
    """Paths of the paragraphs of a quotation of several paragraphs but the last: each opens
    with “ and only the last closes (GB/T 15834-2011 4.1.3.4), so their “ stays open."""
    texts = {p.path: p.plain for p in lint.prose}
    return {path for path, text in texts.items()
            if text.startswith("“") and path and isinstance(path[-1], int)
            and texts.get(path[:-1] + (path[-1] + 1,), "").startswith("“")}


@rule("W102", "引号或书名号不配对")
def unbalanced_pairs(lint: Lint) -> Iterator[Hit]:
    continued = _continued(lint)
    for p in lint.prose:
        stack: list[tuple[str, int]] = []
        for m in _PAIR_CHARS.finditer(p.plain):
            c, i = m.group(), m.start()
            if c in _PAIRS:
                stack.append((c, i))
            elif c in _CLOSERS:
                if stack and stack[-1][0] == _CLOSERS[c]:
                    stack.pop()
                else:
                    yield Hit(f"“{c}”前面没有与之配对的“{_CLOSERS[c]}”", p, i)
        for c, i in stack:
            if not (i == 0 and p.path in continued):
                yield Hit(f"“{c}”没有配对的“{_PAIRS[c]}”", p, i)


_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?")


@rule("W103", "日期里有补位的零")
def padded_dates(lint: Lint) -> Iterator[Hit]:
    for p in lint.prose:
        if "月" not in p.plain or "0" not in p.plain:  # no month, or no zero to pad with
            continue
        for m in _DATE.finditer(p.plain):
            year, month, day = m.groups()
            if not (month.startswith("0") or (day or "").startswith("0")):
                continue
            fixed = f"{year + '年' if year else ''}{int(month)}月{str(int(day)) + '日' if day else ''}"
            yield Hit(f"日期不要补零：“{m.group()}”应写成“{fixed}”（GB/T 9704 7.3.5）", p, m.start())



_NUMBERED_KINDS = ("paragraph", "heading", "quote")


@rule("W104", "手打了模板会自动生成的序号")
def hand_numbering(lint: Lint) -> Iterator[Hit]:
    """After a generated number or 一是, and at the start of every paragraph or heading."""
    for block in lint.doc.blocks:
        spans = block.spans
        for i, span in enumerate(spans):
            after = i > 0 and spans[i - 1].role in ("number", "point")
            if not (after or (i == 0 and block.kind in _NUMBERED_KINDS)) or span.role in ("number", "point", "break"):
                continue
            m = TYPED_NUMBER.match(span.text)
            if not m:
                continue
            typed = m.group().strip()
            owner = next((p for p in lint.prose if p.text.lstrip().startswith(span.text.strip()[:12])), None)
            where = dict(prose=owner, offset=owner.text.find(typed)) if owner else dict(path=block.src)
            made = f"这里生成“{spans[i - 1].text}”" if after else "用“条目”“要点”写出结构"
            yield Hit(f"序号由模板自动生成（{made}），请删掉手打的“{typed}”", **where)


CONTENT_KINDS = ("paragraph", "quote", "image", "caption", "table")  # what a heading can have under it


@rule("W105", "空的部分")
def empty_part(lint: Lint) -> Iterator[Hit]:
    meaningful = lint.model.empty_means_none  # 引出: '' asks for no attribution

    def walk(value: Any, path: tuple) -> Iterator[Hit]:
        if isinstance(value, dict):
            for k, v in value.items():
                if v == "" and k in meaningful:
                    continue
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
        if nxt is None or nxt.kind not in ("heading", *CONTENT_KINDS) or (nxt.kind == "heading" and nxt.level <= b.level):
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


@rule("W401", "标题只能在词语中间断行")
def badly_broken_title(lint: Lint) -> Iterator[Hit]:
    """A title draft breaks itself (one string) where no place between words or sense units fits."""
    from .measure import title_break
    from .titlebreak import INSIDE_WORD

    for b in lint.doc.blocks:
        if b.kind != "title" or any(s.role == "break" for s in b.spans):
            continue
        lines, worst = title_break(b.text, lint.title_chars)
        if len(lines) > 1 and worst >= INSIDE_WORD:
            shown = "⏎".join(lines)
            yield Hit(f"标题找不到在词语之间断行的地方，只能排成“{shown}”；请精简标题，或写成列表自行断行",
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
PLACEHOLDER_CODE = "W108"


def placeholder_errors(source: Source) -> list[Diagnostic]:
    """Placeholders ``draft new`` left (“请填写” outside a comment line): errors, with their
    places, for ``draft check`` and ``draft render`` alike (a draft full of them is not a report)."""
    out = []
    for ln, line in enumerate(source.lines, 1):
        if line.lstrip().startswith("#"):
            continue
        col = line.find(PLACEHOLDER)
        if col >= 0:
            out.append(at(source.file, source.text, ln, col + 1,
                          f"这里还是占位内容（“{PLACEHOLDER}”），请改成实际内容，不需要的部分整段删除",
                          code=PLACEHOLDER_CODE))
    return out


@rule("W201", "“数据”里定义了、但正文没有引用也不在指标表里的数据")
def unused_figures(lint: Lint) -> Iterator[Hit]:
    from .figures import used

    seen = used(lint.doc)
    for name in lint.model.figures:
        if name not in seen:
            yield Hit(f"数据“{name}”没有在正文中引用，也不在指标表中；用不到就删掉，或在正文里写“{{{name}}}”",
                      path=("数据", name), pos=lint.source.keys.get(("数据", name)))  # at the name


@rule("W402", "附件说明列出的附件在文中没有，也没有注明另送")
def missing_attachment(lint: Lint) -> Iterator[Hit]:
    """Each name in the 附件说明 is attached (a table of that title) or marked 另送."""
    attached = {b.plain().strip() for b in lint.doc.blocks if b.kind == "table" and b.spans}
    for b in lint.doc.blocks:
        if b.kind != "attachment" or b.attrs.get("separate"):
            continue
        name = b.plain(("text", "figure")).strip()
        if name not in attached:
            yield Hit(f"附件“{name}”不在本文中：随文附上，或另行报送时写成“- {{名称: {name}, 另送: true}}”",
                      path=b.src)


@rule("W404", "有版头却没有成文日期")
def masthead_without_date(lint: Lint) -> Iterator[Hit]:
    """A 公文 issued with a 版头 carries its 成文日期 (GB/T 9704 7.3.5)."""
    kinds = {b.kind for b in lint.doc.blocks}
    if "masthead" in kinds and "date" not in kinds:
        yield Hit("有版头的公文要写成文日期（GB/T 9704 7.3.5）：请写“日期”", path=("版头",))


POINT_ENDS = "。；！？…：，、;!?:,"  # a mark ending a 要点 (an ASCII one is W101's to report)
def _unpunctuated(text: str | None) -> bool:
    t = (text or "").rstrip().rstrip("".join(_CLOSERS))
    return bool(t) and t[-1] not in POINT_ENDS


@rule("W405", "要点末尾没有标点，与下一项连成一句")
def unpunctuated_points(lint: Lint) -> Iterator[Hit]:
    """一是/二是 points in one paragraph: an item without a closing mark runs into the next
    (“一是提高低保标准二是完善救助机制”), a point's 标题 into its 正文.  draft adds no mark of
    its own (the text is the writer's): the writer ends each item with “；” or “。”."""
    prose = {p.path: p for p in lint.prose}

    def hit(path: tuple, text: str, message: str) -> Iterator[Hit]:
        found = prose.get(yaml_path(path, lint.source.marks))
        if found is not None:
            yield Hit(message, found, len(text.rstrip()) - 1)

    def walk(value: Any, path: tuple) -> Iterator[Hit]:
        if isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, path + (i,))
            return
        if not isinstance(value, dict):
            return
        points = [p for p in value.get("要点") or () if isinstance(p, dict)] if isinstance(value.get("要点"), list) else []
        for i, point in enumerate(points):
            lead, body = point.get("标题"), point.get("正文")
            at = path + ("要点", i)
            if lead and body and _unpunctuated(lead):
                yield from hit(at + ("标题",), lead, f"要点的标题“{lead[-12:]}”后面没有标点，排出来会与正文连成一句："
                                                    "请在标题末尾加“。”")
            last = body or lead
            if value.get("要点分段") or not _unpunctuated(last):
                continue
            shown = f"要点“……{last.rstrip()[-12:]}”末尾没有标点，"
            shown += (f"排出来与“{point_marker(i + 2)}……”连成一句" if i + 1 < len(points) else "这一段到此结束却没有句末标点")
            yield from hit(at + ("正文" if body else "标题",), last,
                           shown + "：请在每项末尾加“；”或“。”（draft 不替你加标点）")
        for k, v in value.items():
            yield from walk(v, path + (k,))

    yield from walk(lint.model.model_dump(by_alias=True), ())


@rule("W403", "没有落款和成文日期", Severity.INFO)
def no_signature(lint: Lint) -> Iterator[Hit]:
    """A section sent for compilation often has neither: a note, not a warning."""
    kinds = {b.kind for b in lint.doc.blocks}
    offers = any(f.alias == "落款" for f in type(lint.model).model_fields.values())
    if (offers and lint.doc.family == "公文" and not kinds & {"signature", "date", "masthead"}):  # 版头: W404
        yield Hit("没有落款和成文日期（送汇编的专节常这样）；单独行文时请写“落款”和“日期”", path=())


_OPENERS, _CLOSING = "“‘「『", "”’」』"
SPEECH_VERBS = ("说", "表示", "介绍", "认为", "指出", "谈到", "坦言", "感慨", "强调", "告诉记者", "笑着说", "回忆")


def _quotations(block) -> list[tuple[int, str]]:
    """(index of the first span, text) of each run of quotation spans in a quote block."""
    out: list[tuple[int, str]] = []
    for i, s in enumerate(block.spans):
        if s.role != "quotation":
            continue
        if i and block.spans[i - 1].role == "quotation":
            out[-1] = (out[-1][0], out[-1][1] + s.text)
        else:
            out.append((i, s.text))
    return out


def _owner(lint: Lint, text: str, block) -> dict:
    """Where a hit about ``text`` of ``block`` points: the prose string it came from, else the block."""
    owner = next((p for p in lint.prose if p.text.strip() == text.strip()), None)
    return dict(prose=owner, offset=max(len(owner.text.rstrip()) - 1, 0)) if owner else dict(path=block.src)


@rule("W501", "引语的原话没有加引号")
def unquoted_quotation(lint: Lint) -> Iterator[Hit]:
    blocks = lint.doc.blocks
    for n, b in enumerate(blocks):
        if b.kind != "quote":
            continue
        nxt = blocks[n + 1] if n + 1 < len(blocks) else None
        continues = nxt is not None and nxt.kind == "quote" and bool(nxt.spans) and nxt.spans[0].role == "quotation"
        found = _quotations(b)
        for k, (_, text) in enumerate(found):
            words = text.strip()
            if PLACEHOLDER in words:
                continue  # W108 says it
            last = k == len(found) - 1
            if not words.startswith(tuple(_OPENERS)) or not (words.endswith(tuple(_CLOSING)) or (last and continues)):
                shown = words if len(words) <= 12 else words[:12] + "……"
                yield Hit(f"引语的原话要连同引号照写：“{shown}”（只有引号里的话排引语字体）", path=b.src)


@rule("W502", "引出语后面缺少“，”或“：”")
def lead_in_punctuation(lint: Lint) -> Iterator[Hit]:
    for b in lint.doc.blocks:
        if b.kind != "quote":
            continue
        for i, _ in _quotations(b):
            before = b.spans[i - 1] if i else None
            if before is not None and before.role in ("text", "speaker") and before.text.rstrip().endswith(SPEECH_VERBS):
                yield Hit(f"引出语“{before.text.strip()[-8:]}”后面、引号前面要有“，”或“：”", **_owner(lint, before.text, b))


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_INVISIBLE_NAMES = {"\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u200e": "从左到右标记",
                    "\u200f": "从右到左标记", "\u2060": "零宽不换行", "\ufeff": "零宽不换行空格（BOM）",
                    "\u00ad": "软连字符"}


@rule("W301", "文字里有看不见的字符（零宽字符、文字方向控制符）")
def invisible_characters(lint: Lint) -> Iterator[Hit]:
    for p in lint.prose:
        for m in _INVISIBLE.finditer(p.text):
            c = m.group()
            name = _INVISIBLE_NAMES.get(c) or "文字方向控制符（可让显示的顺序与实际文字不同）"
            yield Hit(f"这里有看不见的字符 U+{ord(c):04X}（{name}）：通常是从网页或聊天软件复制带来的，请删除", p, m.start())


@rule("W302", "图片不在 YAML 所在的文件夹里")
def image_outside_folder(lint: Lint) -> Iterator[Hit]:
    folder = Path(lint.source.file).resolve().parent
    for b in lint.doc.blocks:
        path = b.attrs.get("path") if b.kind == "image" else None
        if path and not Path(path).is_relative_to(folder):
            yield Hit(f"图片 {path} 不在 YAML 所在的文件夹（{folder}）里：把文稿发给别人时它不会跟着走，"
                      "请把图片放到 YAML 旁边", path=b.src)


# --- running ----------------------------------------------------------------------------
def run(source: Source, model: Section, doc: Document, title_chars: float) -> list[Diagnostic]:
    """All rules over one validated, composed file; silenced codes left out; in file order."""
    lint = Lint(source, model, doc, title_chars, prose_of(model, source))
    ignored = set(model.ignore)
    found = [d for d in source.warnings if d.code not in ignored]
    known = {r.code for r in RULES} | set(LOADER_CODES) | {PLACEHOLDER_CODE}
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
                            severity=r.severity, code=r.code))
    unique = {(d.line, d.col, d.code, d.message): d for d in found}
    return sorted(unique.values(), key=lambda d: (d.line or 0, d.col or 0, d.code))


def check(path: str | Path, types_dirs=None) -> list[Diagnostic]:
    """Validate, compose and lint one file; raises DraftError when it cannot be built."""
    from .pipeline import build

    return of_result(build(path, types_dirs))


def of_result(result) -> list[Diagnostic]:
    """The lint of a built file (a ``pipeline.Result``)."""
    from . import styles

    family = styles.get(result.section_type.family)
    return run(result.source, result.model, result.doc, family.title_chars)


def hint_line(count: int) -> str | None:
    """What ``draft render`` ends with when the file has warnings it did not print."""
    return f"另有 {count} 条写法提示，运行 draft check 查看" if count else None


def unprinted_warnings(result) -> int:
    """Warnings of ``draft check`` that ``draft render`` does not print (the loader's it does)."""
    return sum(1 for d in of_result(result) if d.severity is Severity.WARNING and d.code not in LOADER_CODES)


def as_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """``--strict``: warnings count as errors (notes stay notes)."""
    return [d if d.severity is Severity.INFO else d._replace(severity=Severity.ERROR) for d in diagnostics]


def check_files(files: list[Path], types_dirs=None, strict: bool = False, say=print) -> int:
    """``draft check``: every file checked (a broken one does not stop the others), each finding
    passed to ``say`` as it is found, then a summary; returns the exit code (1 when any file
    has an error, or with ``strict`` a warning; notes never count)."""
    import os

    from .batch import paths_of
    from .errors import EXIT_ENV, DraftError, bug_message, format_diagnostics

    errors = warnings = notes = worst = 0
    for path in paths_of(files):
        try:
            found = check(path, types_dirs)
        except DraftError as exc:
            for line in format_diagnostics(exc.diagnostics):
                say(line)
            worst = max(worst, exc.exit_code)
            errors += len(exc.diagnostics)
            continue
        except Exception as exc:  # a bug in draft: said for this file, and the others are still checked
            if os.environ.get("DRAFT_DEBUG"):
                raise
            say(bug_message(exc, path))
            worst, errors = EXIT_ENV, errors + 1
            continue
        if strict:
            found = as_errors(found)
        for line in format_diagnostics(found):
            say(line)
        counted = [d for d in found if d.severity is not Severity.INFO]
        notes += len(found) - len(counted)
        if strict and counted:
            errors += len(counted)
            worst = max(worst, 1)
        else:
            warnings += len(counted)
    verdict = "通过" if worst == 0 else "未通过"
    extra = f"，{notes} 条提示" if notes else ""
    say(f"检查了 {len(files)} 个文件：{errors} 个错误，{warnings} 个警告{extra}（{verdict}）")
    return worst
