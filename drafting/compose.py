"""Compose: a section type's Jinja template turns the validated model into the document tree.

A template is a program of calls: each function below appends one block (or a whole 公文
outline) to the tree, and returns an empty string.  The template's own text output must be
whitespace: a template says *what* a block is, never how it looks.  User text is data: it
is never template source, and the only markup it may hold is a figure reference ``{名称}``
(IME ``｛名称｝``), with ``{{`` and ``}}`` for literal braces.

Numbering is computed here from structure (一、（一）1.（1）; 一是/二是), so reordering items
renumbers them.  Templates run in Jinja's sandbox.
"""
from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any, Callable, NamedTuple

from .errors import EXIT_ENV, Diagnostic, DraftError, InputError
from .images import image_kind
from .loader import Source, at
from .model import SHORTHAND_KEYS, Section, chinese_date, yaml_path
from .numbering import LEVELS_SHOWN, MAX_LEVEL, chinese_numeral, heading_number, point_marker
from .tree import GAPS, Block, Document, Span

_REF = re.compile(r"\{\{|\}\}|[{｛]([^{}｛｝\n]*)[}｝]")


class Loc(str):
    """A string from the YAML that remembers its field path (for located errors)."""

    path: tuple = ()

    def __new__(cls, value: str, path: tuple):
        s = super().__new__(cls, value)
        s.path = path
        return s


def annotate(value: Any, marks: dict, path: tuple = ()) -> Any:
    """Wrap every string in the template context in :class:`Loc` (its YAML path)."""
    if isinstance(value, str):
        return Loc(value, path)
    if isinstance(value, dict):  # ``path`` is a YAML path already: only the new key needs yaml_path
        return {k: annotate(v, marks, path + yaml_path((k,), marks, path) if k in SHORTHAND_KEYS else path + (k,))
                for k, v in value.items()}
    if isinstance(value, list):
        return [annotate(v, marks, path + (i,)) for i, v in enumerate(value)]
    return value


FigureResolver = Callable[[str, str | None], str]  # (name, format) -> text; raises KeyError


class Piece(NamedTuple):
    """Where ``length`` characters of a span came from (``compose(trace=True)``, for ``draft
    pull``): the YAML value at ``path``, characters ``start:end`` of it; ``kind`` "text" (copied
    as typed), "brace" (``{{`` printed as ``{``) or "figure" (a reference ``{名称…}`` resolved);
    ``value`` is that whole value as the schema read it."""

    path: tuple
    start: int
    end: int
    length: int
    kind: str
    value: str


class TemplateMistake(Exception):
    """A template called a block function wrongly (a Chinese message; reported at the template's line)."""


class Builder:
    """Appends blocks; its public methods are the functions a template may call."""

    FUNCTIONS = (
        "title", "subtitle", "kicker", "meta", "editor_note", "addressee", "heading", "para",
        "points", "outline", "quote", "caption", "image", "table", "byline", "signature",
        "date", "attachments", "indicator_table", "masthead", "colophon",
    )

    def __init__(self, source: Source, styles: set[str], figures: FigureResolver | None = None,
                 base_dir: Path | None = None, trace: bool = False):
        self.source = source
        self.trace = trace  # record each span's Piece list (``Span.origin``)
        self.styles = styles
        self.figures = figures
        self.base_dir = base_dir or Path(source.file).resolve().parent
        self.blocks: list[Block] = []
        self.tabulated = False  # the template called indicator_table
        self.counters = [0] * (MAX_LEVEL + 1)
        self.errors: list[Diagnostic] = []

    # -- helpers ------------------------------------------------------------------------
    def _error(self, message: str, value: Any = None, needle: str | None = None) -> None:
        """A located error; ``needle`` (text inside the value) moves the caret onto it."""
        path = getattr(value, "path", ())
        d = self.source.diagnostic(message, path)
        if needle and d.line:
            lines = self.source.lines
            for n in range(d.line - 1, min(len(lines), d.line + 200)):
                col = lines[n].find(needle, d.col - 1 if n == d.line - 1 else 0)
                if col >= 0:
                    d = at(self.source.file, self.source.text, n + 1, col + 1, message, path=d.path)
                    break
        self.errors.append(d)

    def _style(self, style: str | None, value: Any = None) -> str | None:
        if style is not None and style not in self.styles:  # the template's mistake: said at its line
            raise TemplateMistake(f"使用了不存在的样式“{style}”；可用：{'、'.join(sorted(self.styles))}")
        return style

    def spans(self, value: Any, role: str = "text") -> list[Span]:
        """User text -> spans, resolving figure references; nothing else is interpreted."""
        if value is None:
            return []
        text = str(value)
        if not self.trace and "{" not in text and "｛" not in text and "}}" not in text:  # no reference
            return [Span(text, role)] if text else []
        out: list[Span] = []
        pos = 0
        for m in _REF.finditer(text):
            if m.start() > pos:
                out.append(self._traced(Span(text[pos:m.start()], role), value, pos, m.start(), "text"))
            token = m.group()
            if token in ("{{", "}}"):
                out.append(self._traced(Span(token[0], role), value, m.start(), m.end(), "brace"))
            else:
                out.append(self._traced(self._figure(m.group(1), value, role, token), value, m.start(), m.end(), "figure"))
            pos = m.end()
        if pos < len(text):
            out.append(self._traced(Span(text[pos:], role), value, pos, len(text), "text"))
        return _merge(out)

    def _traced(self, span: Span, value: Any, start: int, end: int, kind: str) -> Span:
        path = getattr(value, "path", None)
        if not self.trace or path is None:
            return span
        return Span(span.text, span.role, span.ref, origin=(Piece(path, start, end, len(span.text), kind, value),))

    def _figure(self, ref: str, value: Any, role: str, token: str | None = None) -> Span:
        name, _, fmt = ref.strip().replace("：", ":", 1).partition(":")
        if not name:
            self._error("空的数据引用“{}”：花括号里应写数据名称；要写花括号本身，请用“{{”和“}}”", value, token)
            return Span("", role)
        if self.figures is None:
            self._error(f"引用了数据“{name}”，但文件里没有“数据:”部分", value, token)
            return Span("{" + ref + "}", role)
        try:
            # a figure quoted is part of the quotation (the quote face); elsewhere a figure span
            return Span(self.figures(name.strip(), fmt.strip() or None),
                        "quotation" if role == "quotation" else "figure", name.strip())
        except (KeyError, ValueError) as exc:
            msg = exc.args[0] if exc.args else str(exc)
            self._error(str(msg), value, token)
            return Span("{" + ref + "}", role)

    def _add(self, kind: str, spans: list[Span], value: Any = None, level: int = 0,
             style: str | None = None, **attrs) -> str:
        self.blocks.append(Block(kind, tuple(spans), level, self._style(style, value), attrs,
                                 getattr(value, "path", ())))
        return ""

    def _number(self, level: int, value: Any) -> str:
        if not 1 <= level <= MAX_LEVEL:
            self._error(f"层级太深：公文标题最多 {MAX_LEVEL} 层（{LEVELS_SHOWN}）", value)
            return ""
        self.counters[level] += 1
        for deeper in range(level + 1, MAX_LEVEL + 1):
            self.counters[deeper] = 0
        return heading_number(level, self.counters[level])

    # -- block functions (the template API) ---------------------------------------------
    def _lines(self, text: Any) -> tuple[list[Span], Any]:
        """A string, or a list of explicit lines joined by ``break`` spans; and the first line."""
        lines = text if isinstance(text, (list, tuple)) else [text]
        spans: list[Span] = []
        for i, line in enumerate(lines):
            if i:
                spans.append(Span("", "break"))
            spans += self.spans(line)
        return spans, (lines[0] if lines else None)

    def title(self, text: Any, style: str | None = None) -> str:
        """主标题; a list gives explicit lines."""
        spans, first = self._lines(text)
        return self._add("title", spans, first, style=style)

    def subtitle(self, text: Any, style: str | None = None) -> str:
        return self._add("subtitle", self.spans(text), text, style=style)

    def kicker(self, text: Any, style: str | None = None) -> str:
        return self._add("kicker", self.spans(text), text, style=style)

    def meta(self, text: Any, style: str | None = None) -> str:
        return self._add("meta", self.spans(text), text, style=style)

    def byline(self, text: Any, style: str | None = None) -> str:
        """作者 / 记者 line; a list gives explicit lines (a reporters' list over two lines)."""
        spans, first = self._lines(text)
        return self._add("byline", spans, first, style=style)

    def signature(self, text: Any, style: str | None = None, seal: bool = False) -> str:
        """落款 (发文机关署名); ``seal``: the document is sealed (GB/T 9704 7.3.5.1 placement)."""
        return self._add("signature", self.spans(text), text, style=style, **({"seal": True} if seal else {}))

    def editor_note(self, text: Any, label: str = "编者按：", style: str | None = None) -> str:
        """An editor's note paragraph; ``label=""`` for the note's further paragraphs."""
        return self._add("editor_note", ([Span(label, "label")] if label else []) + self.spans(text), text, style=style)

    def addressee(self, text: Any, style: str | None = None) -> str:
        """主送机关, with the full-width colon GB/T 9704 7.3.2 asks for."""
        spans = self.spans(text)
        if not str(text).rstrip().endswith(("：", ":")):
            spans.append(Span("：", "text"))
        return self._add("addressee", _merge(spans), text, style=style)

    def heading(self, level: int, text: Any, numbered: bool = True, style: str | None = None) -> str:
        """A heading of ``level``; a list gives explicit lines (a two-line 报刊 subhead)."""
        spans, first = self._lines(text)
        if numbered:
            spans.insert(0, Span(self._number(level, first), "number"))
        return self._add("heading", spans, first, level=level, style=style, numbered=numbered)

    def para(self, text: Any = None, lead: Any = None, level: int = 0, points: Any = None,
             style: str | None = None, dateline: Any = None) -> str:
        """A paragraph; ``level`` > 0 numbers it and runs ``lead`` in as that level's heading;
        ``dateline`` is a news 电头 run in first ("本报讯（记者…）")."""
        spans: list[Span] = self.spans(dateline, "dateline")
        if level:
            spans.append(Span(self._number(level, lead or text), "number"))
        spans += self.spans(lead, "lead")
        spans += self.spans(text)
        for i, point in enumerate(points or (), 1):
            spans.append(Span(point_marker(i), "point"))
            spans += self.spans(_get(point, "标题"), "point_lead")
            spans += self.spans(_get(point, "正文"))
        return self._add("paragraph", _merge(spans), dateline or lead or text or (points[0] if points else None),
                         level=level, style=style)

    def points(self, items: Any, style: str | None = None) -> str:
        """一是/二是 points, each in its own paragraph."""
        for i, point in enumerate(items or (), 1):
            spans = [Span(point_marker(i), "point")]
            spans += self.spans(_get(point, "标题"), "point_lead")
            spans += self.spans(_get(point, "正文"))
            self._add("paragraph", _merge(spans), _get(point, "正文"), style=style)
        return ""

    def outline(self, node: Any, level: int = 1) -> str:
        """A 公文 outline node: heading (standalone or run in), paragraphs, points, sub-items.

        A heading that ends with 。！？ runs into its first paragraph unless 单独成行 is true;
        an item without a heading is a numbered paragraph; sub-items go one level down.
        """
        if isinstance(node, str):
            node = {"正文": [node]}
        title = node.get("标题")
        body = list(node.get("正文") or [])
        points = list(node.get("要点") or [])
        inline = [] if node.get("要点分段") else points
        has_text = bool(body or inline)
        runin = bool(title) and not node.get("单独成行") and str(title).rstrip()[-1:] in "。！？" and has_text
        if title and not runin:
            self.heading(level, title)
        paragraphs = body or ([""] if inline or runin or (not title and has_text) else [])
        for i, text in enumerate(paragraphs):
            first, last = i == 0, i == len(paragraphs) - 1
            numbered = first and (runin or not title)
            self.para(
                text or None,
                lead=title if (first and runin) else None,
                level=level if numbered else 0,
                points=inline if last else None,
            )
        if node.get("要点分段"):
            self.points(points)
        for child in node.get("条目") or ():
            self.outline(child, level + 1)
        return ""

    def quote(self, text: Any, speaker: Any = None, more: Any = None, before: Any = None,
              style: str | None = None, after: Any = None) -> str:
        """A quotation paragraph: ``before`` (narrative leading in, as "…介绍，"), the quoted
        words ``text``, the attribution (``speaker`` span), ``more`` quoted words, then ``after``
        (narrative).  The quoted words are ``quotation`` spans (the family's quote face); the rest
        stays in the body face.  Each part is optional but the words."""
        spans = (self.spans(before) + self.spans(text, "quotation") + self.spans(speaker, "speaker")
                 + self.spans(more, "quotation") + self.spans(after))
        return self._add("quote", _merge(spans), text, style=style)

    def caption(self, text: Any, credit: Any = None, style: str | None = None) -> str:
        spans = self.spans(text) + (self.spans(credit, "credit") if credit else [])
        return self._add("caption", spans, text, style=style)

    def image(self, path: Any, width_mm: float | None = None, style: str | None = None) -> str:
        """An image file next to the YAML; a missing or unreadable one is an error at its line."""
        target = (self.base_dir / str(path)).resolve()
        kind = image_kind(target)
        if kind is None:
            why = ("找不到图片文件" if not target.exists() else
                   "无法识别的图片（只支持完好的 PNG、JPEG、GIF、BMP 文件，每张不超过 50 MB；这个文件可能已损坏，或不是普通文件）")
            self._error(f"{why}：{path}", path)
            return ""
        return self._add("image", [], path, style=style, path=str(target), width_mm=width_mm)

    def table(self, rows: Any, header_rows: int = 1, align: Any = None, title: Any = None,
              style: str | None = None, page_break: bool = False, figures: Any = None) -> str:
        """A table; its header rows repeat on each new page; ``page_break`` starts a new page;
        ``figures`` names the 数据 it shows (counted as used by the linter)."""
        cells = [[str(c) if c is not None else "" for c in row] for row in rows or ()]
        width = max((len(r) for r in cells), default=0)
        cells = [r + [""] * (width - len(r)) for r in cells]
        attrs: dict[str, Any] = {"page_break": True} if page_break else {}
        if figures:
            attrs["figures"] = [str(n) for n in figures]
        return self._add("table", self.spans(title), title, style=style, rows=cells,
                         header_rows=header_rows, align=list(align or ["left"] * width), **attrs)

    def indicator_table(self, names: Any = None, title: Any = None, year: Any = None, label: Any = None,
                        page_break: bool = False, style: str | None = None, label_style: str | None = None,
                        period: Any = None) -> str:
        """主要指标完成情况表 from 数据 (all figures, or ``names`` in that order); ``period``
        (上半年, 1—11月) names the year columns.

        As an attachment (公文): ``label`` ("附件" / "附件2") on a new page, then the title and
        the table.  As a box (报刊): just ``title`` and the table, in the flow."""
        self.tabulated = True
        table = getattr(self.figures, "table", None)
        if table is None:
            self._error("要生成指标表，先在“数据”里写上数据", title)
            return ""
        try:
            rows, align, used = table(names, year, period)
        except (KeyError, ValueError) as exc:
            self._error(f"指标表：{exc.args[0]}", title)
            return ""
        if label:
            self._add("paragraph", self.spans(label, "label"), label, style=label_style,
                      **({"page_break": True} if page_break else {}))
            page_break = False
        return self.table(rows, 1, align, title, style, page_break, figures=used)

    def date(self, value: Any, style: str | None = None) -> str:
        text = chinese_date(value) if hasattr(value, "year") else str(value)
        return self._add("date", [Span(text)], value, style=style)

    def masthead(self, head: Any) -> str:
        """版头 (GB/T 9704 7.2) of a 公文 issued on its own, from a mapping with 发文机关, 发文字号,
        签发人 (names; an 上行文), 份号, 密级, 紧急程度 (drafting.official.Masthead)."""
        if not head:
            return ""
        for key in ("份号", "密级", "紧急程度"):
            if head.get(key):
                self._add("masthead", self.spans(head[key]), head[key], part=key)
        self._add("masthead", self.spans(head["发文机关"]), head["发文机关"], part="mark")
        spans = self.spans(head["发文字号"])
        signers = list(head.get("签发人") or ())
        if signers:
            spans += [Span("", "tab"), Span("签发人：", "label")]
            for i, name in enumerate(signers):
                spans += ([Span("　", "signer")] if i else []) + self.spans(name, "signer")
        return self._add("doc_number", _merge(spans), head["发文字号"])

    def colophon(self, info: Any) -> str:
        """版记 (GB/T 9704 7.4), from a mapping with 抄送 (names), 印发机关, 印发日期
        (drafting.official.Colophon): "抄送：甲，乙。", then 印发机关 and "2025年1月6日印发"."""
        if not info:
            return ""
        names = list(info.get("抄送") or ())
        if names:
            spans = [Span("抄送：", "label")]
            for i, name in enumerate(names):
                spans += ([Span("，")] if i else []) + self.spans(name)
            self._add("colophon", _merge(spans + [Span("。")]), names[0], part="抄送")
        printed = info["印发日期"]
        when = chinese_date(printed) if hasattr(printed, "year") else str(printed)
        spans = self.spans(info["印发机关"]) + [Span("", "tab"), Span(f"{when}印发")]
        return self._add("colophon", spans, info["印发机关"], part="印发")

    def attachments(self, names: Any, style: str | None = None, separate: Any = None) -> str:
        """附件说明 (GB/T 9704 7.3.4): "附件：1.XXX", further names aligned under the first;
        the names in ``separate`` are sent separately (not attached to this document)."""
        names = list(names or ())
        apart = {str(n) for n in separate or ()}
        for i, name in enumerate(names, 1):
            spans = [Span("附件：", "label")] if i == 1 else []
            if len(names) > 1:
                spans.append(Span(f"{i}.", "number"))
            spans += self.spans(name)
            extra = {"separate": True} if str(name) in apart else {}
            self._add("attachment", spans, name, style=style, first=i == 1, **extra)
        return ""


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(key)
    return obj if key == "正文" else None


def _merge(spans: list[Span]) -> list[Span]:
    """Join neighbouring spans of the same role; drop empty ones."""
    out: list[Span] = []
    for s in spans:
        if not s.text and s.role not in GAPS:
            continue
        if (out and out[-1].role == s.role and s.role not in ("figure", "number", "point", *GAPS)
                and out[-1].ref is None and s.ref is None):
            out[-1] = Span(out[-1].text + s.text, s.role, origin=out[-1].origin + s.origin)
        else:
            out.append(s)
    return out


_envs: dict[tuple, Any] = {}


def environment(template_dirs: list[Path]):
    """A sandboxed Jinja environment per template search path (cached)."""
    key = tuple(map(str, template_dirs))
    env = _envs.get(key)
    if env is None:
        from jinja2 import FileSystemLoader, StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        env = SandboxedEnvironment(
            loader=FileSystemLoader([str(d) for d in template_dirs]),
            bytecode_cache=_bytecode_cache(),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals["chinese_numeral"] = chinese_numeral
        env.globals["chinese_date"] = chinese_date
        _envs[key] = env
    return env


def _bytecode_cache():
    """Compiled templates kept in draft's cache folder (``diskcache``): compiling one takes
    ≈ 10 ms of a fresh process.  Jinja checks each against its template's source; a cache
    that cannot be written is no cache, never a failed render.  None when caching is off."""
    from jinja2 import FileSystemBytecodeCache

    from . import diskcache

    if not diskcache.enabled():
        return None

    class Cache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:
                pass

        def dump_bytecode(self, bucket) -> None:
            try:
                Path(self.directory).mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return Cache(str(diskcache.folder() / "jinja"))


# patterns of error messages, compiled when a message is first translated (``re``'s own cache)
_UNDEFINED = r"'(.+)' is undefined"
_MISSING = r"'(.+)' has no (?:attribute|element) '?(.+?)'?"
_OBJECTS = {"str object": "文字", "dict object": "这一组数据", "list object": "列表", "int object": "数字",
            "float object": "数字", "NoneType object": "空值"}
_NO_FILTER = r"No (filter|test) named '([^']+)'"
_SYNTAX = (  # Jinja's syntax messages -> Chinese
    (r"(?si)Unexpected end of template.*",
     lambda m: "模板在这里意外结束：缺少 {% endfor %}、{% endif %}、{% endmacro %} 之类的结束标记？"),
    (r"(?s)Encountered unknown tag '([^']+)'.*", lambda m: f"不认识的标签“{m[1]}”"),
    (r"expected token '([^']+)', got '([^']+)'", lambda m: f"这里应是“{m[1]}”，却是“{m[2]}”"),
    (r"unexpected '([^']+)', expected '([^']+)'", lambda m: f"这里应是“{m[2]}”，却是“{m[1]}”"),
    (r"unexpected '([^']+)'", lambda m: f"这里不应出现“{m[1]}”"),
    (r"unexpected char '([^']+)'.*", lambda m: f"这里不应出现字符“{m[1]}”"),
)


def _template_message(exc: BaseException) -> str:
    """Jinja's (English) message for a template mistake, in Chinese."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    text = str(exc.message if isinstance(exc, TemplateSyntaxError) else exc)
    if isinstance(exc, TemplateNotFound):
        return f"找不到模板文件“{exc.name}”"
    if isinstance(exc, RecursionError):
        return "模板递归太深：宏或 include 在不停地调用自己"
    if isinstance(exc, SecurityError):
        return f"沙箱不允许这样做：{text}"
    m = re.match(_NO_FILTER, text)
    if m:
        return f"没有名为“{m[2]}”的{'过滤器' if m[1] == 'filter' else '测试'}"
    if isinstance(exc, UndefinedError):
        if (m := re.fullmatch(_UNDEFINED, text)) and m[1] in Builder.FUNCTIONS:
            return f"块函数“{m[1]}”在这里不可用：导入宏文件时请写 {{% import \"文件\" as 名 with context %}}"
        if m:
            return f"“{m[1]}”没有定义：它不是数据里的字段（写中文键名），也不是块函数或模板变量"
        if m := re.fullmatch(_MISSING, text):
            what = _OBJECTS.get(m[1], m[1])
            return f"取不到“{m[2]}”：{what}里没有这一项（键名写错了，或数据里省略了它：先用 {{% if %}} 判断）"
        return f"没有定义：{text}"
    if isinstance(exc, TemplateSyntaxError):
        for pattern, say in _SYNTAX:
            if m := re.fullmatch(pattern, text):
                return f"语法错误：{say(m)}"
        return f"语法错误：{text}"
    if isinstance(exc, TemplateMistake):
        return text
    if isinstance(exc, TypeError) and (m := re.match(_CALL, text)):
        return f"块函数“{m[1]}”的参数不对：{_call_problem(m[2])}"
    return f"运行时出错：{type(exc).__name__}: {text}"


_CALL = r"Builder\.(\w+)\(\) (.+)"
_CALL_PROBLEMS = (  # Python's words for a wrong call -> Chinese
    (r"got an unexpected keyword argument '(.+)'", lambda m: f"没有名为“{m[1]}”的参数"),
    (r"missing \d+ required positional arguments?: (.+)", lambda m: "缺少参数 " + re.sub(r"'|,? and |, ", lambda s: "" if s[0] == "'" else "、", m[1])),
    (r"takes (?:from )?(\d+)(?: to (\d+))? positional arguments? but (\d+) (?:was|were) given",
     lambda m: f"最多只能按位置给 {int(m[2] or m[1]) - 1} 个参数，给了 {int(m[3]) - 1} 个"),
    (r"got multiple values for argument '(.+)'", lambda m: f"参数“{m[1]}”给了两次"),
)


def _call_problem(text: str) -> str:
    for pattern, say in _CALL_PROBLEMS:
        if m := re.fullmatch(pattern, text):
            return say(m)
    return text


def _template_location(exc: BaseException, template_dirs: list[Path]) -> tuple[str | None, int | None]:
    """The template file and line a Jinja error belongs to.  Syntax errors carry them; for an
    error raised while a template runs, Jinja rewrites the traceback so that each template frame
    has the template's file name and line (as a traceback of a template shows): the innermost
    such frame wins (a macro in another file)."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    dirs = [d.resolve() for d in template_dirs]
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if not name.endswith((".py", ">")) and any(Path(name).resolve().is_relative_to(d) for d in dirs):
            found = name, tb.tb_lineno
        tb = tb.tb_next
    return found


def template_error(exc: BaseException, template_dirs: list[Path], template: str) -> DraftError:
    """A template maintainer's mistake (exit 2), in Chinese, at the template file and line."""
    file, line = _template_location(exc, template_dirs)
    if file is None:  # e.g. the type's template file is missing: name it and where it was looked for
        file = template
        if type(exc).__name__ == "TemplateNotFound":
            return DraftError([Diagnostic(f"模板出错：{_template_message(exc)}（在这些文件夹里找过："
                                          f"{'、'.join(map(str, template_dirs))}）", file=file)], EXIT_ENV)
    return DraftError([Diagnostic(f"模板出错：{_template_message(exc)}", file=file, line=line)], EXIT_ENV)


def compose(section_type, model: Section, source: Source, styles: set[str],
            figures: FigureResolver | None = None, trace: bool = False) -> Document:
    """Run the type's template over the model; return the document tree (``trace``: each span
    records where in the YAML its text came from, ``Span.origin``)."""
    builder = Builder(source, styles, figures, trace=trace)
    env = environment(section_type.template_dirs)
    try:
        context = model.context(annotate(model.model_dump(by_alias=True), source.marks))
    except DraftError:
        raise
    except Exception as exc:  # the schema's context() is the maintainer's code
        from .registry import schema_error

        raise schema_error(exc, inspect.getsourcefile(type(model)) or model.template,
                           "类型定义文件的 context() 出错") from None
    context.update({name: getattr(builder, name) for name in Builder.FUNCTIONS})
    try:
        template = env.get_template(model.template)
        output = template.render(context)
    except DraftError:
        raise
    except Exception as exc:  # the template maintainer's mistake, not the writer's
        raise template_error(exc, section_type.template_dirs, model.template) from None
    if model.indicator_table is not None and not builder.tabulated:
        builder.errors.append(source.diagnostic(
            f"“{section_type.name}”的模板不排指标表：请删去“指标表”，或把数据写进正文", ("指标表",)))
    if builder.errors:
        raise InputError(builder.errors)
    stray = output.strip()
    if stray:
        raise InputError(Diagnostic(f"模板输出了不属于任何块的文字：“{stray[:30]}”；请用块函数（para、heading…）输出",
                                    file=model.template))
    meta = model.document_meta()
    if section_type.model.named_styles:  # the writer derives them again (styles.for_document)
        meta["named_styles"] = section_type.model.named_styles
    return Document(section_type.name, section_type.model.family, builder.blocks, meta)
