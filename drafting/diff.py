"""Structural diff of two document trees, for reviewers (``draft diff``).

Blocks are matched by their content, ignoring the numbers draft computes (span roles
``number`` and ``point``), so removing item 2 of 5 is one removal and not four renamed items.
Within a block the change is found token by token: a run of digits (with decimals, thousands
separators, a percent sign) is one token, a Latin word is one token, every other character
(each CJK character) is a token of its own; "10" -> "12" stays whole.

The same alignment gives the report (``compare``) and the tracked-changes tree (``redline``):
a tree whose spans and blocks carry ``mark`` "ins" / "del", written by the DOCX writer.

Tables are compared row by row and cell by cell (a changed cell is reported, and redlined, as
that cell).  Limits: a moved block is recognised only when its content is unchanged (a block
moved *and* edited shows as removed + added); images are compared by their file name.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any

from .tree import GAPS, Block, Document, Span

_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:[.．]\d+)*[%％‰]?|[A-Za-z]+(?:['’][A-Za-z]+)*|\s+|.", re.S)
COMPUTED = ("number", "point")  # roles draft computes from structure; not part of an item's content
CONTEXT = 12  # tokens of unchanged text shown on each side of a change
KIND_LABELS = {  # every Kind (tests/test_definitions.py); paragraphs and headings are named by their place
    "paragraph": "段落", "heading": "小标题", "title": "标题", "subtitle": "副题", "kicker": "引题", "meta": "版次行", "editor_note": "编者按",
    "addressee": "主送机关", "quote": "引语", "caption": "图片说明", "image": "图片", "table": "表格",
    "byline": "署名行", "signature": "落款", "date": "成文日期", "attachment": "附件说明",
    "masthead": "版头", "doc_number": "发文字号", "colophon": "版记",
}
OP_LABELS = {"changed": "修改", "added": "新增", "removed": "删除", "moved": "移动"}


def tokenize(text: str) -> list[str]:
    """Numbers and Latin words whole, every other character alone."""
    return _TOKEN.findall(text)


def content(b: Block) -> str:
    """What a reader would call the block's own words: no computed numbers, no line breaks
    (a table's rows and an image's file name count as its content)."""
    text = "".join(s.text for s in b.spans if s.role not in COMPUTED and s.role not in GAPS)
    if b.kind == "table" and b.attrs.get("rows"):
        text += "".join("\n" + "\t".join(row) for row in b.attrs["rows"])
    if b.kind == "image" and b.attrs.get("path"):
        text += f"[{b.attrs['path'].replace(chr(92), '/').rsplit('/', 1)[-1]}]"
    return text


def _key(b: Block) -> tuple:
    return (b.kind == "heading", content(b))


def _similarity(a: list[str], b: list[str]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a or b else 1.0


_STOPS = {**{t: 2 for t in "。；！？：…"}, **{t: 1 for t in "，、"}}


def edit_script(a: list[str], b: list[str]) -> list[tuple[str, int | None, int | None]]:
    """Token edit script: ("=", i, j), ("-", i, None), ("+", None, j).  A pure insertion or
    deletion that could sit at several places (``。甲。`` deleted before or after a ``。``) is
    moved to end at a sentence mark, as a reader would cut it."""
    script: list[tuple[str, int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            script += [("=", i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            script += [("-", i, None) for i in range(i1, i2)] + [("+", None, j) for j in range(j1, j2)]
    k = 0
    while k < len(script):
        end = k
        while end < len(script) and script[end][0] != "=":
            end += 1
        if end > k and len({x[0] for x in script[k:end]}) == 1:
            _slide(script, k, end, *((a, 1) if script[k][0] == "-" else (b, 2)))
        k = end + 1
    return script


def _slide(script: list, k: int, end: int, seq: list[str], side: int) -> None:
    op, other, n = script[k][0], 3 - side, end - k
    s = script[k][side]
    e = s + n
    left = 0
    while k - left > 0 and script[k - left - 1][0] == "=" and seq[s - left - 1] == seq[e - left - 1]:
        left += 1
    right = 0
    while end + right < len(script) and script[end + right][0] == "=" and seq[s + right] == seq[e + right]:
        right += 1
    best = max(range(-left, right + 1), key=lambda d: (_STOPS.get(seq[e - 1 + d], 0), -abs(d), d))
    if best == 0:
        return
    others = [script[x][other] for x in list(range(k - left, k)) + list(range(end, end + right))]
    items = []
    for pos, si in enumerate(range(s - left, e + right)):
        if left + best <= pos < left + best + n:
            items.append((op, si, None) if side == 1 else (op, None, si))
        else:
            oi = others[pos if pos < left + best else pos - n]
            items.append(("=", si, oi) if side == 1 else ("=", oi, si))
    script[k - left:end + right] = items


def _pieces(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """Token diff as merged pieces ("=" / "-" / "+", text)."""
    out: list[tuple[str, str]] = []
    for op, i, j in edit_script(old, new):
        tok = new[j] if op == "+" else old[i]
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + tok)
        else:
            out.append((op, tok))
    return out


# --- alignment --------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One block of the merged sequence: op in equal/changed/added/removed/moved_from/moved_to."""
    op: str
    old: int | None
    new: int | None


def pairs_in_order(n: int, m: int, sim) -> list[tuple[int, int]]:
    """The order-keeping pairing of ``n`` old and ``m`` new items with the highest total
    similarity (``sim(i, j)``, 0 for "never pair"): (i, j) pairs."""
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = sim(i, j)
            score[i][j] = max(score[i + 1][j], score[i][j + 1], score[i + 1][j + 1] + s if s else 0.0)
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        s = sim(i, j)
        if s and score[i][j] == score[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _pair(olds: list[int], news: list[int], a: list[Block], b: list[Block], toks_a, toks_b) -> list[tuple[int, int]]:
    """Best order-keeping pairing of the blocks of a replaced range (by token similarity)."""
    one_to_one = len(olds) == len(news) == 1

    def sim(i: int, j: int) -> float:
        x, y = a[olds[i]], b[news[j]]
        if x.kind != y.kind:
            return 0.0
        r = _similarity(toks_a[olds[i]], toks_b[news[j]])
        return r if r >= 0.3 or one_to_one else 0.0

    return [(olds[i], news[j]) for i, j in pairs_in_order(len(olds), len(news), sim)]


def align(old: Document, new: Document) -> list[Step]:
    """The two block lists merged in reading order (removed blocks where they stood)."""
    a, b = old.blocks, new.blocks
    toks_a = [tokenize(content(x)) for x in a]
    toks_b = [tokenize(content(x)) for x in b]
    steps: list[Step] = []
    matcher = SequenceMatcher(None, [_key(x) for x in a], [_key(x) for x in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            steps += [Step("equal", i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        pairs = _pair(list(range(i1, i2)), list(range(j1, j2)), a, b, toks_a, toks_b)
        i, j = i1, j1
        for pi, pj in pairs + [(i2, j2)]:
            steps += [Step("removed", k, None) for k in range(i, pi)]
            steps += [Step("added", None, k) for k in range(j, pj)]
            if pi < i2:
                steps.append(Step("equal" if toks_a[pi] == toks_b[pj] else "changed", pi, pj))
            i, j = pi + 1, pj + 1
    # a removed block whose content reappears elsewhere was moved
    added = {}
    for k, s in enumerate(steps):
        if s.op == "added":
            added.setdefault(_key(b[s.new]), []).append(k)
    for k, s in enumerate(steps):
        if s.op == "removed" and content(a[s.old]) and added.get(_key(a[s.old])):
            t = added[_key(a[s.old])].pop(0)
            steps[k] = Step("moved_from", s.old, steps[t].new)
            steps[t] = Step("moved_to", s.old, steps[t].new)
    return steps


# --- where a block is: its heading path -------------------------------------------------
def _short(text: str, n: int = 12) -> str:
    return text if len(text) <= n else text[:n] + "…"


def heading_paths(doc: Document) -> list[str]:
    """For each block, "二、2024年工作回顾 › （三）工作成效 › 1." (headings above it, then itself);
    in a 汇编 (blocks carrying ``attrs["unit"]``) under the unit whose section it is in."""
    stack: list[tuple[int, str]] = []
    out: list[str] = []
    paras = 0
    unit = None
    for b in doc.blocks:
        if b.attrs.get("unit") != unit:  # a 汇编's next section: its own headings and paragraphs
            unit, stack, paras = b.attrs.get("unit"), [], 0
        where = f"{unit} › " if unit else ""
        number = "".join(s.text for s in b.spans if s.role == "number")
        if b.kind == "heading":
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            stack.append((b.level, b.text))
            paras = 0
            out.append(where + " › ".join(t for _, t in stack))
            continue
        parents = [t for lv, t in stack]
        if b.kind == "paragraph" and b.level:
            lead = "".join(s.text for s in b.spans if s.role == "lead")
            own = number or _short(lead or content(b))
            parents = [t for lv, t in stack if lv < b.level]
        elif b.kind == "paragraph":
            paras += 1
            own = f"第{paras}段"
        else:
            own = KIND_LABELS[b.kind]
            if b.kind == "table" and b.text:
                own += f"“{_short(b.text)}”"
            if b.kind in ("title", "subtitle", "kicker", "meta", "addressee", "signature", "date", "attachment"):
                parents = []
        if b.kind == "signature":  # what follows the signature (附件) belongs to no heading
            stack, paras = [], 0
        out.append(where + " › ".join(parents + [own]))
    return out


# --- the report -------------------------------------------------------------------------
@dataclass
class Change:
    op: str  # changed | added | removed | moved
    path: str  # where it is in NEW (in OLD for a removal)
    pieces: list[tuple[str, str]]  # ("=" | "-" | "+", text)
    old_path: str | None = None  # for a move: where it was
    old: int | None = None  # block indices
    new: int | None = None


@dataclass
class FigureChange:
    name: str
    old: Any
    new: Any


NO_RECORD = "DOCX 中没有数据记录，没有比较数据：它不是 draft 生成的，或生成后被改过"


@dataclass
class Report:
    changes: list[Change] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said once, below the changes (NO_RECORD)

    @property
    def equal(self) -> bool:
        return not self.changes and not self.figures


def figure_changes(old: Document, new: Document) -> list[FigureChange]:
    """Figures (``Document.meta["figures"]``: name -> value, as the 数据 feature records them)
    whose value differs, was added or was removed."""
    a = old.meta.get("figures") or {}
    b = new.meta.get("figures") or {}
    if not a and not b or recorded(old) != recorded(new):
        return []  # one side is a DOCX without the record: nothing to say about figures (NO_RECORD)
    names = list(a) + [n for n in b if n not in a]
    return [FigureChange(n, a.get(n), b.get(n)) for n in names if a.get(n) != b.get(n)]


def recorded(doc: Document) -> bool:
    """Does ``doc`` know its figures?  A YAML always does; a DOCX read back only from draft's
    record (else ``docx_reader`` sets ``meta["figures"]`` to None)."""
    return "figures" not in doc.meta or doc.meta["figures"] is not None


def compare(old: Document, new: Document) -> Report:
    pa, pb = heading_paths(old), heading_paths(new)
    report = Report(figures=figure_changes(old, new))
    if recorded(old) != recorded(new) and (old.meta.get("figures") or new.meta.get("figures")):
        report.notes.append(NO_RECORD)
    for s in align(old, new):
        if s.op == "changed" and old.blocks[s.old].kind == new.blocks[s.new].kind == "table":
            report.changes += table_changes(old.blocks[s.old], new.blocks[s.new], pb[s.new], s.old, s.new)
        elif s.op == "changed":
            pieces = _pieces(tokenize(content(old.blocks[s.old])), tokenize(content(new.blocks[s.new])))
            report.changes.append(Change("changed", pb[s.new], pieces, old=s.old, new=s.new))
        elif s.op == "added":
            report.changes.append(Change("added", pb[s.new], [("+", content(new.blocks[s.new]))], new=s.new))
        elif s.op == "removed":
            report.changes.append(Change("removed", pa[s.old], [("-", content(old.blocks[s.old]))], old=s.old))
        elif s.op == "moved_to":
            report.changes.append(Change("moved", pb[s.new], [("=", content(new.blocks[s.new]))],
                                         old_path=pa[s.old], old=s.old, new=s.new))
    return report


def row_steps(old: list[list[str]], new: list[list[str]]) -> list[tuple[str, int | None, int | None]]:
    """Table rows aligned: ("=", i, j) same, ("~", i, j) the same row with cells changed (as
    many cells), ("-", i, None) removed, ("+", None, j) added."""
    out: list[tuple[str, int | None, int | None]] = []
    a, b = [tuple(r) for r in old], [tuple(r) for r in new]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [("=", i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            same_shape = len(a[i1 + k]) == len(b[j1 + k])
            out += [("~", i1 + k, j1 + k)] if same_shape else [("-", i1 + k, None), ("+", None, j1 + k)]
        out += [("-", i, None) for i in range(i1 + paired, i2)] + [("+", None, j) for j in range(j1 + paired, j2)]
    return out


def table_changes(a: Block, b: Block, path: str, i: int, j: int) -> list[Change]:
    """A changed table, cell by cell: its title, then each changed cell ("第3行第5列"), each row
    added or removed."""
    out = []
    title_a = "".join(s.text for s in a.spans if s.role not in GAPS)
    title_b = "".join(s.text for s in b.spans if s.role not in GAPS)
    if title_a != title_b:
        out.append(Change("changed", path, _pieces(tokenize(title_a), tokenize(title_b)), old=i, new=j))
    old, new = a.attrs.get("rows") or [], b.attrs.get("rows") or []
    for op, r, q in row_steps(old, new):
        if op == "~":
            for c, (x, y) in enumerate(zip(old[r], new[q])):
                if x != y:
                    out.append(Change("changed", f"{path} › 第{q + 1}行第{c + 1}列",
                                      _pieces(tokenize(x), tokenize(y)), old=i, new=j))
        elif op == "-":
            out.append(Change("removed", f"{path} › 原第{r + 1}行", [("-", "\t".join(old[r]))], old=i))
        elif op == "+":
            out.append(Change("added", f"{path} › 第{q + 1}行", [("+", "\t".join(new[q]))], new=j))
    return out


def _figure_text(v: Any) -> str:
    if v is None:
        return "（无）"
    if isinstance(v, dict):
        value = v.get("value", v.get("值"))
        if value is not None:
            return f"{value}{v.get('unit', v.get('单位', '')) or ''}"
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _elide(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keep CONTEXT tokens of unchanged text around each change."""
    out = []
    for k, (op, text) in enumerate(pieces):
        if op == "=" and len(pieces) > 1:
            toks = tokenize(text)
            first, last = k == 0, k == len(pieces) - 1
            keep_head = 0 if first else CONTEXT
            keep_tail = 0 if last else CONTEXT
            if len(toks) > keep_head + keep_tail + 2:
                text = "".join(toks[:keep_head]) + "…" + "".join(toks[len(toks) - keep_tail:])
        out.append((op, text))
    return out


ANSI = {"-": ("\x1b[31;9m", "\x1b[0m"), "+": ("\x1b[32;4m", "\x1b[0m"), "path": ("\x1b[1m", "\x1b[0m"),
        "op": ("\x1b[36m", "\x1b[0m")}
PLAIN = {"-": ("[-", "-]"), "+": ("{+", "+}"), "path": ("", ""), "op": ("", "")}
MD = {"-": ("~~", "~~"), "+": ("**", "**"), "path": ("", ""), "op": ("**", "**")}


def _inline(pieces, marks) -> str:
    return "".join(text if op == "=" else marks[op][0] + text + marks[op][1] for op, text in pieces if text)


def format_text(report: Report, color: bool = False) -> str:
    m = ANSI if color else PLAIN
    lines = []
    for c in report.changes:
        head = f"{m['op'][0]}{OP_LABELS[c.op]}{m['op'][1]}  {m['path'][0]}{c.path}{m['path'][1]}"
        if c.op == "moved":
            head += f"（原在 {c.old_path}）"
        lines.append(head)
        body = _short(c.pieces[0][1], 40) if c.op == "moved" else _inline(_elide(c.pieces), m)
        lines.append("    " + body.replace("\n", "\n    "))  # a table's rows stay under their heading
    if report.figures:
        lines.append(f"{m['op'][0]}数据变化{m['op'][1]}")
        for f in report.figures:
            lines.append(f"    {f.name}：{_figure_text(f.old)} → {_figure_text(f.new)}")
    lines += [f"提示：{note}" for note in report.notes]
    return "\n".join(lines) + ("\n" if lines else "")


def format_markdown(report: Report) -> str:
    lines = []
    for c in report.changes:
        where = f"{c.path}（原在 {c.old_path}）" if c.op == "moved" else c.path
        body = _short(c.pieces[0][1], 40) if c.op == "moved" else _inline(_elide(c.pieces), MD)
        lines.append(f"- **{OP_LABELS[c.op]}** {where}：{body}".replace("\n", "<br>"))
    if report.figures:
        lines += ["", "## 数据变化", "", "| 数据 | 原值 | 新值 |", "| --- | --- | --- |"]
        lines += [f"| {f.name} | {_figure_text(f.old)} | {_figure_text(f.new)} |" for f in report.figures]
    lines += ["", *(f"提示：{note}" for note in report.notes)] if report.notes else []
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(report: Report) -> str:
    data = {
        "equal": report.equal,
        "changes": [
            {"op": c.op, "path": c.path, "old_path": c.old_path, "old_index": c.old, "new_index": c.new,
             "pieces": [list(p) for p in c.pieces]}
            for c in report.changes
        ],
        "figures": [{"name": f.name, "old": f.old, "new": f.new} for f in report.figures],
        "notes": report.notes,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- the redline tree -------------------------------------------------------------------
def _marked(b: Block, mark: str) -> Block:
    return replace(b, spans=tuple(replace(s, mark=mark) for s in b.spans), mark=mark)


def _span_tokens(b: Block) -> tuple[list[tuple[str, Span]], dict[int, list[Span]]]:
    """Content tokens with their spans, and the computed spans (numbers) anchored to the
    index of the content token they precede."""
    toks: list[tuple[str, Span]] = []
    computed: dict[int, list[Span]] = {}
    for s in b.spans:
        if s.role in COMPUTED:
            computed.setdefault(len(toks), []).append(s)
        elif s.role in GAPS:
            toks.append((GAPS[s.role], s))
        else:
            toks += [(t, s) for t in tokenize(s.text)]
    return toks, computed


def _merge_spans(old: Block, new: Block) -> Block:
    """NEW's block with OLD's differing text kept as deletions.  Content is aligned by
    tokens; a computed number that differs is replaced whole (（三） -> （二）)."""
    ta, na = _span_tokens(old)
    tb, nb = _span_tokens(new)
    out: list[Span] = []

    def add(tok: str, s: Span, mark: str | None) -> None:
        last = out[-1] if out else None
        if last and s.role not in GAPS and (last.role, last.ref, last.mark) == (s.role, s.ref, mark):
            out[-1] = replace(last, text=last.text + tok)
        else:
            out.append(Span("" if s.role in GAPS else tok, s.role, s.ref, mark))

    def numbers(i: int | None, j: int | None) -> None:
        olds, news = na.pop(i, []) if i is not None else [], nb.pop(j, []) if j is not None else []
        same = [x.text for x in olds] == [x.text for x in news]
        for x in [] if same else olds:
            add(x.text, x, "del")
        for x in news:
            add(x.text, x, None if same else "ins")

    for op, i, j in edit_script([t for t, _ in ta], [t for t, _ in tb]):
        numbers(i, j)
        if op == "-":
            add(*ta[i], "del")
        else:
            add(*tb[j], "ins" if op == "+" else None)
    numbers(len(ta), len(tb))
    return replace(new, spans=tuple(out))


def _table_redline(a: Block, b: Block) -> Block:
    """NEW's table with OLD's differences as tracked changes: its title by tokens, rows added or
    removed as whole rows (``attrs["row_marks"]``), a changed cell as its old text deleted and
    its new text inserted (``attrs["was"]``: a row's old cells)."""
    merged = _merge_spans(replace(a, spans=tuple(s for s in a.spans)), b)
    old, new = a.attrs.get("rows") or [], b.attrs.get("rows") or []
    rows, marks, was = [], [], []
    for op, r, q in row_steps(old, new):
        rows.append(old[r] if op == "-" else new[q])
        marks.append({"-": "del", "+": "ins"}.get(op))
        was.append(old[r] if op == "~" else None)
    return replace(merged, attrs={**b.attrs, "rows": rows, "row_marks": marks, "was": was})


def _columns(b: Block) -> set[int]:
    return {len(row) for row in b.attrs.get("rows") or ()}


def redline(old: Document, new: Document) -> Document:
    """NEW's tree with OLD's differences as tracked changes (``Span.mark`` / ``Block.mark``)."""
    blocks = []
    for s in align(old, new):
        a, b = (old.blocks[s.old] if s.old is not None else None), (new.blocks[s.new] if s.new is not None else None)
        if s.op in ("equal", "changed") and a.kind == b.kind == "table" and content(a) != content(b):
            # other columns (a 全年 table against a 上半年 one): old table out, new in, not row by row
            blocks += [_table_redline(a, b)] if _columns(a) == _columns(b) else [_marked(a, "del"), _marked(b, "ins")]
        elif s.op in ("equal", "changed") and b.kind == "image" and content(a) != content(b):
            blocks += [_marked(a, "del"), _marked(b, "ins")]  # a changed picture: old out, new in
        elif s.op in ("equal", "changed"):
            blocks.append(_merge_spans(a, b))
        elif s.op in ("added", "moved_to"):
            blocks.append(_marked(new.blocks[s.new], "ins"))
        else:
            blocks.append(_marked(old.blocks[s.old], "del"))
    return Document(new.type_name, new.family, blocks, dict(new.meta))
