"""``draft pull``: edits made in Word (WPS, LibreOffice) flow back into the YAML.

Three versions meet:

* the **base**: the tree draft embedded when it rendered the DOCX (``docx_reader``); for a DOCX
  without one (a redline, a file from elsewhere, ``--into``) the YAML as it is now;
* the **edited** text: what a reader of the DOCX sees (the visible text is the truth), read
  with the base tree as a guide, so each paragraph is known as an edit of a base block or as new;
* the **YAML** as it is now, built with every span traced to the YAML value it came from
  (``compose(trace=True)``, ``Span.origin``).

A base block whose text the YAML still renders gives its spans' YAML values; a block changed
in the YAML since the render and in the DOCX too is a conflict, left as the YAML has it.  A
changed span rewrites only the text it came from (``yamledit``: ruamel round-trip); a changed
figure ``{名称}`` changes ``数据``; numbers, template words and phrases computed from ``数据``
(同比, 完成率 …) are never written.  A deleted paragraph deletes the list item it alone came
from; a new one becomes an item of the list the paragraph before it belongs to (each place is
tried by rendering it, and kept only if the new paragraph comes out as written).  What cannot
be placed is listed with the YAML line to edit by hand: nothing is guessed.

Finally the YAML is rendered again and compared with the DOCX (``agrees``): what still differs
is listed.  ``agrees`` is also what lets ``draft render`` replace a DOCX that was edited in Word
once every edit is in the YAML (the edited file is kept as a backup first).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

from .diff import COMPUTED, content, edit_script, tokenize
from .docx_reader import Reading, reading
from .errors import Diagnostic, EnvError, InputError, Severity
from .numbering import GENERATED as GENERATED_NUMBER
from .tree import GAPS, Block, Document
from .yamledit import Editor

_NUMBER = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?")
_BRACES = re.compile(r"[{}]")
_IME_REF = re.compile(r"[{｛][^{}｛｝\n]*[}｝]")


@dataclass
class Pulled:
    """What ``pull`` did: the YAML before and after, what it could not take (each at a YAML
    line), the comments found, and the notes to show."""

    yaml: Path
    before: str
    after: str
    problems: list[Diagnostic] = field(default_factory=list)
    comments: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0


class _Pull:
    def __init__(self, docx: Path, yaml: Path, read: Reading, types_dirs):
        from .pipeline import build

        self.docx, self.yaml_path, self.read, self.types_dirs = docx, yaml, read, types_dirs
        self.current = build(yaml, types_dirs, trace=True)
        self.source = self.current.source
        self.cur = self.current.doc
        self.base = read.tree if read.tree is not None else self.cur
        self.problems: list[Diagnostic] = []
        self.edits: dict[tuple, list[tuple[int, int, str]]] = {}  # value path -> (start, end, new) in its text
        self.values: dict[tuple, str] = {}  # value path -> its text as the schema read it
        self.figures: dict[str, set[str]] = {}  # figure name -> new values written in the DOCX
        self.figure_at: dict[str, tuple] = {}
        self.changes = 0
        self.to_cur = self._base_to_current()

    # -- where things are -----------------------------------------------------------------
    @cached_property
    def block_lines(self) -> dict[int | None, tuple]:
        """Block of the DOCX as read -> the YAML path to point at (``_block_lines``; the reading
        and the trees do not change while a pull runs: worked out once)."""
        return _block_lines(self)

    def line_of(self, path: tuple) -> int:
        return self.source.locate(path)[0]

    def problem(self, message: str, path: tuple = (), block: Block | None = None) -> None:
        path = path or (block.src if block is not None else ())
        self.problems.append(self.source.diagnostic(message, path))

    def _base_to_current(self) -> dict[int, int]:
        """Base block -> the current YAML's block that renders the same (else: changed in the YAML)."""
        def key(b: Block):
            return (b.kind, tuple((s.text, str(s.role)) for s in b.spans), repr(b.attrs.get("rows")))

        def shape(b: Block):
            return (b.kind, b.src, tuple(str(s.role) for s in b.spans))

        out = {}
        self.loose: dict[int, int] = {}  # base block -> the block the YAML changed it into (same shape)
        sm = SequenceMatcher(None, [key(b) for b in self.base.blocks], [key(b) for b in self.cur.blocks],
                             autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                out.update({i1 + k: j1 + k for k in range(i2 - i1)})
            elif tag == "replace":
                shapes = {shape(self.cur.blocks[j]): j for j in range(j1, j2)}
                for i in range(i1, i2):
                    j = shapes.get(shape(self.base.blocks[i]))
                    if j is not None and self.base.blocks[i].src:
                        self.loose[i] = j
        return out

    def figure_changed_in_yaml(self, name: str) -> bool:
        before = (self.base.meta.get("figures") or {}).get(name)
        now = (self.cur.meta.get("figures") or {}).get(name)
        return self.read.tree is not None and before is not None and before != now

    # -- changed paragraphs -----------------------------------------------------------------
    def changed(self, i: int, texts: list[str]) -> None:
        base = self.base.blocks[i]
        j = self.to_cur.get(i)
        if j is None and i in self.loose:  # the YAML changed some of its values: pull the others
            block = self.cur.blocks[self.loose[i]]
            for span, was, new in zip(block.spans, base.spans, texts):
                if was.text == span.text or GAPS.get(span.role, span.text) == new:
                    continue
                if new != GAPS.get(was.role, was.text):
                    path = span.origin[0].path if span.origin else block.src
                    self.problem(f"冲突：“{_short(was.text)}”在 DOCX 里改成了“{_short(new)}”，YAML 在生成之后也改成了"
                                 f"“{_short(span.text)}”；YAML 保持不变，请手工合并", path)
            texts = [t if s.text == w.text else GAPS.get(s.role, s.text) for s, w, t in zip(block.spans, base.spans, texts)]
            j = self.loose[i]
        if j is None:
            now = next((b for b in self.cur.blocks if b.src and b.src == base.src), None)
            self.problem(f"冲突：这段在 DOCX 里改成了“{_short(_joined(base, texts))}”，但 YAML 在生成之后也改过"
                         f"（现在是“{_short(now.text) if now else '（已删去）'}”）；YAML 保持不变，请手工合并", block=base)
            return
        block = self.cur.blocks[j]
        for _k, (span, new) in enumerate(zip(block.spans, texts)):
            old = GAPS.get(span.role, span.text)
            if new == old:
                continue
            if span.role in COMPUTED:
                continue  # numbers follow the structure (renumbered, or Word's list numbering): never written
            elif span.role in GAPS:
                self.problem("换行改动不能写回：请在 YAML 里分行", block=block)
            elif not span.origin:
                self.problem(f"“{_short(old)}”是模板生成的文字（不在 YAML 里），改成“{_short(new)}”不能写回",
                             block=block)
            else:
                self.span(block, span, old, new)

    def span(self, block: Block, span, old: str, new: str) -> None:
        """Spread the span's new text over the YAML pieces it came from."""
        pieces = span.origin
        starts, pos = [], 0
        for p in pieces:
            starts.append(pos)
            pos += p.length
        toks = tokenize(old)
        offsets, pos = [], 0
        for t in toks:
            offsets.append(pos)
            pos += len(t)
        new_toks = tokenize(new)

        def piece_of(offset: int) -> int:
            k = 0
            while k + 1 < len(pieces) and starts[k + 1] <= offset:
                k += 1
            return k

        out = [""] * len(pieces)
        last, replaced = None, None
        script = edit_script(toks, new_toks)
        for n, (op, a, b) in enumerate(script):
            if op == "=":
                k = piece_of(offsets[a])
                out[k] += new_toks[b]
                last, replaced = k, None
            elif op == "-":
                k = piece_of(offsets[a])
                replaced = k if replaced is None else replaced
                last = k
            else:
                k = replaced
                if k is None:
                    after = next((piece_of(offsets[x]) for o, x, _ in script[n:] if o != "+"), None)
                    text_piece = [q for q in (last, after) if q is not None and pieces[q].kind == "text"]
                    k = text_piece[0] if text_piece else (last if last is not None else after or 0)
                out[k] += new_toks[b]
        for p, text in zip(pieces, out):
            shown = old[starts[pieces.index(p)]:starts[pieces.index(p)] + p.length]
            if text == shown:
                continue
            if p.kind == "figure":
                self.figure(block, p, shown, text)
            elif p.kind == "brace":
                self.problem("花括号的改动不能写回：请在 YAML 里改", p.path)
            else:
                if _IME_REF.search(text):
                    self.problem(f"新文字里有花括号“{_IME_REF.search(text).group()}”，会被当作数据引用：请在 YAML 里改",
                                 p.path)
                    continue
                self.values[p.path] = p.value
                self.edits.setdefault(p.path, []).append((p.start, p.end, _BRACES.sub(lambda m: m.group() * 2, text)))

    def figure(self, block: Block, p, shown: str, text: str) -> None:
        ref = p.value[p.start:p.end]
        name, _, fmt = ref[1:-1].strip().replace("：", ":", 1).partition(":")
        name = name.strip()
        if not text:  # the figure deleted from the sentence: the reference goes
            self.values[p.path] = p.value
            self.edits.setdefault(p.path, []).append((p.start, p.end, ""))
            return
        if fmt.strip() and fmt.strip() != "数值":
            self.problem(f"“{shown}”由数据“{name}”算出（{{{name}:{fmt.strip()}}}），改成“{text}”不能写回：请改“数据”里的"
                         f"“{name}”", p.path)
            return
        m = _NUMBER.search(shown)
        if m is None:
            self.problem(f"数据“{name}”的文字“{shown}”改成了“{text}”，不能写回", p.path)
            return
        head, tail = shown[:m.start()], shown[m.end():]
        middle = text[len(head):len(text) - len(tail)] if text.startswith(head) and text.endswith(tail) else None
        if middle is None or not _NUMBER.fullmatch(middle):
            self.problem(f"数据“{name}”的“{shown}”改成了“{text}”：只能写回数字的改动（单位、约数请在“数据”里改）", p.path)
            return
        self.figures.setdefault(name, set()).add(middle)
        self.figure_at.setdefault(name, p.path)

    # -- the YAML --------------------------------------------------------------------------
    def apply_values(self, ed: Editor) -> None:
        for path, edits in self.edits.items():
            text = self.values[path]
            for start, end, new in sorted(set(edits), reverse=True):
                text = text[:start] + new + text[end:]
            raw = ed.get(path)
            if not isinstance(raw, str):
                self.problem("这里的改动不能写回（YAML 里不是一段文字）", path)
                continue
            at = str(raw).find(self.values[path])
            if at < 0:
                self.problem("这段文字在 YAML 里的写法与生成的不同，不能自动写回：请手工修改", path)
                continue
            ed.set(path, str(raw)[:at] + text + str(raw)[at + len(self.values[path]):])
            self.changes += 1
        for name, values in self.figures.items():
            at = self.figure_at[name]
            fig = (self.cur.meta.get("figures") or {}).get(name) or {}
            if len(values) > 1:
                self.problem(f"冲突：数据“{name}”在 DOCX 里改成了不同的数（{'、'.join(sorted(values))}）；“数据”保持不变", at)
                continue
            value = values.pop()
            if self.figure_changed_in_yaml(name):
                self.problem(f"冲突：数据“{name}”在 DOCX 里改成了 {value}，YAML 里也改过（现在是 {fig.get('value')}）；"
                             "“数据”保持不变", ("数据", name))
                continue
            if value == fig.get("value"):
                continue
            raw = ed.get(("数据", name))
            if isinstance(raw, str) and fig.get("value") and fig["value"] in raw:
                ed.set(("数据", name), raw.replace(fig["value"], value, 1))
            elif isinstance(raw, dict) and "值" in raw:
                ed.set_number(("数据", name, "值"), value)
            else:
                self.problem(f"数据“{name}”的写法认不出来，{value} 没有写回", ("数据", name))
                continue
            self.changes += 1

    def owner(self, j: int) -> tuple | None:
        """The list item that current block ``j`` alone comes from."""
        paths = [p.path for s in self.cur.blocks[j].spans for p in s.origin]
        if not paths:
            return None
        prefix = paths[0]
        for p in paths[1:]:
            n = 0
            while n < min(len(prefix), len(p)) and prefix[n] == p[n]:
                n += 1
            prefix = prefix[:n]
        for end in range(len(prefix), 0, -1):
            cand = prefix[:end]
            if not isinstance(cand[-1], int):
                continue
            elsewhere = any(p.path[:end] == cand for k, b in enumerate(self.cur.blocks) if k != j
                            for s in b.spans for p in s.origin)
            if not elsewhere:
                return cand
        return None


def _short(text: str, n: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[:n] + "…"


def _joined(b: Block, texts: list[str]) -> str:
    return "".join(texts)


def words(doc: Document, figures: dict | None = None) -> list[str]:
    """What ``agrees`` compares: each block's text without the numbers draft computes, tables,
    and phrases computed from 数据 (a figure span that does not show its value)."""
    figures = figures if figures is not None else (doc.meta.get("figures") or {})
    out = []
    for b in doc.blocks:
        if b.kind == "table":
            out.append("".join(s.text for s in b.spans if s.role not in GAPS))
            continue
        text = []
        for s in b.spans:
            if s.role in COMPUTED or s.role in GAPS:
                continue
            value = (figures.get(s.ref) or {}).get("value") if s.ref else None
            text.append("\x00" if s.ref and value and value not in s.text else s.text)
        joined = re.sub(r"\s+", "", "".join(text))
        if joined:
            out.append(joined)
    return out


def agrees(edited: Document, rendered: Document) -> list[int]:
    """Blocks of ``edited`` (a DOCX read back) whose words ``rendered`` does not have (``words``)."""
    figs = rendered.meta.get("figures") or {}
    a, b = words(edited, figs), words(rendered, figs)
    if a == b:
        return []
    missing = []
    sm = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        for k in range(i1, i2):
            if not any(_loosely(a[k], b[q]) for q in range(j1, j2)):
                missing.append(k)
        if i2 == i1 and j2 > j1:
            missing.append(-1)  # something the DOCX does not have
    return missing


def _loosely(x: str, y: str) -> bool:
    """Same words, a phrase computed from 数据 (``\\x00``) standing for any text."""
    if "\x00" not in x + y:
        return x == y
    pattern = "".join(".*?" if c == "\x00" else re.escape(c) for c in (x if "\x00" in x else y))
    return re.fullmatch(pattern, y if "\x00" in x else x, re.S) is not None


def taken(target: Path, rendered: bytes) -> bool:
    """Was ``target``'s text edited in Word, and does the DOCX ``rendered`` (a fresh render) show
    what it shows, leaving out numbers, tables and phrases computed from 数据?  Then every edit
    was pulled."""
    import io

    from .docx_reader import read

    try:
        edited = reading(target)
        fresh = read(io.BytesIO(rendered))
    except Exception:  # noqa: BLE001  any file that cannot be read: not taken (render asks for --force)
        return False
    # only where the text was edited (a DOCX whose words are still draft's, polished in format
    # only, has nothing to pull: it stays protected)
    return edited.tree is not None and edited.edited and not edited.revisions and not agrees(edited.doc, fresh)


def find_yaml(docx: Path, read: Reading, into: Path | None) -> Path:
    if into is not None:
        return into
    if not read.source:
        raise EnvError("这个 DOCX 没有记录它是由哪个 YAML 生成的（不是 draft 生成的，或由旧版 draft 生成）："
                       "请用 --into 指明要写回的 YAML 文件", docx)
    path = Path(docx).parent / read.source
    if not path.exists():
        raise EnvError(f"找不到生成这个 DOCX 的 YAML 文件“{read.source}”（它被移动或改名了？）：请用 --into 指明", docx)
    return path


def pull(docx: Path, into: Path | None = None, mode: str | None = None, dry_run: bool = False,
         types_dirs=None) -> Pulled:
    """Take the edits of ``docx`` into its YAML; see the module's docstring.  Raises DraftError
    for trouble (exit 2) or a YAML that does not validate (exit 1)."""
    from .loader import read as read_yaml
    from .output import backup_name, write_atomic
    from .pipeline import build

    if Path(docx).suffix.lower() != ".docx":
        raise EnvError("draft pull 读取 DOCX 文件：请给出在 Word 里改过的 .docx", docx)
    first = reading(docx, mode or "accept")
    yaml = find_yaml(docx, first, into)
    src = read_yaml(yaml)
    if any(w.code == "W001" for w in src.warnings):
        raise EnvError("YAML 是 GB18030/GBK 编码：请先另存为 UTF-8 再写回", yaml)
    before = src.text
    if first.tree is None:  # no record of the render: the DOCX is compared with the YAML as it is
        guide = build(yaml, types_dirs).doc
        first = reading(docx, mode or "accept", guide=guide)
    job = _Pull(docx, yaml, first, types_dirs)
    if job.base.type_name and job.cur.type_name and job.base.type_name != job.cur.type_name:
        raise EnvError(f"DOCX 是“{job.base.type_name}”，YAML 是“{job.cur.type_name}”：不是同一篇文稿", docx)
    result = Pulled(yaml, before, before)
    where = job.block_lines
    result.comments = [job.source.diagnostic(f"批注（{c.author or '无名'}）：{c.text}", where.get(c.block, ()),
                                             severity=Severity.WARNING) for c in first.comments]
    if first.revisions and mode is None:
        for r in first.revisions:
            job.problem(f"未处理的修订（{r.author or '无名'}{r.kind}）：“{_short(r.text)}”", _text_at(job, r.block, r.text, where))
        result.problems = job.problems
        result.notes.append("DOCX 里还有未处理的修订：请在 Word 里接受或拒绝，或用 --accept / --reject 写回"
                            "（按全部接受或全部拒绝后的文字）；YAML 没有改动")
        return result
    # paragraphs edited in place
    for m in first.matches:
        if m.base is not None and m.texts is not None:
            job.changed(m.base, m.texts)
        elif m.base is not None and m.rows is not None and not job.base.blocks[m.base].attrs.get("figures"):
            job.problem("表格的改动不能写回：请在 YAML 里改表格的内容", block=job.base.blocks[m.base])
            # (an indicator table is computed from 数据: its cells follow the figures)
    ed = Editor(_with_comments(before, first, job))
    job.apply_values(ed)
    _structure(job, ed, first)
    after = ed.text()
    if after != before:
        try:
            rebuilt = build(yaml, types_dirs, text=after).doc
        except InputError as exc:
            raise InputError([Diagnostic(f"写回后的 YAML 不能生成（draft 的问题，YAML 没有改动）：{d.message}",
                                         file=str(yaml), line=d.line) for d in exc.diagnostics]) from None
    else:
        rebuilt = job.cur
    if not job.problems:
        for k in agrees(first.doc, rebuilt):
            block = first.doc.blocks[k] if k >= 0 else None
            text = _short(block.text) if block is not None else "（YAML 里多出的内容）"
            job.problem(f"没有写回：“{text}”", where.get(k, ()))
    result.after, result.problems, result.changes = after, job.problems, job.changes
    if dry_run or after == before:
        return result
    backup = backup_name(yaml)
    write_atomic(yaml, after.encode("utf-8"), backup)
    result.notes.append(f"已写回 {yaml}（原文件备份为 {backup.name}）")
    return result


TABLE_KEY = ("指标表",)  # the indicator table's key (drafting.model.Section): its rows are computed


def _block_lines(job: _Pull) -> dict[int | None, tuple]:
    """Block of the DOCX as read -> a YAML path to point at: the first value it came from (an
    indicator table: its key); a paragraph added in the DOCX, the text nearest it (not a
    heading: the 正文 after it)."""
    out: dict[int | None, tuple] = {}
    for k, m in enumerate(job.read.matches):
        j = job.to_cur.get(m.base) if m.base is not None else None
        if j is not None:
            b = job.cur.blocks[j]
            out[k] = next((p.path for s in b.spans for p in s.origin), b.src) or \
                (TABLE_KEY if b.attrs.get("figures") else ())
        elif m.base is not None:
            out[k] = job.base.blocks[m.base].src
    for k in range(len(job.read.matches)):
        if k not in out:
            out[k] = _beside(job, k, out)
    return out


def _beside(job: _Pull, k: int, known: dict) -> tuple:
    """Where a paragraph added at block ``k`` belongs: the value of the paragraph before it, or,
    after a heading or the title, of the first one after it that holds text."""
    blocks = job.read.doc.blocks
    if k > 0 and known.get(k - 1) and blocks[k - 1].kind not in ("heading", "title"):
        return known[k - 1]
    after = next((known[q] for q in range(k + 1, len(blocks)) if known.get(q) and blocks[q].kind != "heading"), None)
    return after or known.get(k - 1, ())


def _text_at(job: _Pull, k: int | None, text: str, where: dict) -> tuple:
    """The YAML path of the value that holds ``text`` (a revision's) in block ``k`` of the DOCX:
    its span's value, or the 数据 of the indicator table's row; else the block's (``where``)."""
    m = job.read.matches[k] if k is not None else None
    if m is None or m.base is None or not text.strip():
        return where.get(k, ())
    base = job.base.blocks[m.base]
    names = base.attrs.get("figures") or []
    if base.kind == "table" and names:
        head = base.attrs.get("header_rows", 1)
        for rows in (m.rows, base.attrs.get("rows")):
            for r, row in enumerate(rows or ()):
                if head <= r < head + len(names) and any(text in c for c in row):
                    return ("数据", names[r - head])
        return where.get(k, ())
    j = job.to_cur.get(m.base)
    if j is not None:
        texts = m.texts or [s.text for s in base.spans]
        for s, was, now in zip(job.cur.blocks[j].spans, base.spans, texts):
            if s.origin and (text in now or text in was.text):
                return s.origin[0].path
    return where.get(k, ())


def _with_comments(text: str, read: Reading, job: _Pull) -> str:
    """``text`` with each Word comment as a YAML comment line above the value it belongs to."""
    where = job.block_lines
    lines = text.split("\n")
    inserts: dict[int, list[str]] = {}
    for c in read.comments:
        path = where.get(c.block)
        if not path:
            continue
        line, col = job.source.keys.get(path) or job.source.locate(path)
        if job.source.keys.get(path) is None and 0 < line <= len(lines):  # a list item: at its dash
            here = lines[line - 1]
            dash = here[:col - 1].rstrip()
            col = len(dash) if dash.endswith("-") else col
        comment = " " * (col - 1) + f"# 批注（{c.author or '无名'}）：{' '.join(c.text.split())}"
        if comment.strip() in (x.strip() for x in lines):
            continue  # pulled before
        inserts.setdefault(line, []).append(comment)
    for line in sorted(inserts, reverse=True):
        lines[line - 1:line - 1] = inserts[line]
    return "\n".join(lines)


def _structure(job: _Pull, ed: Editor, read: Reading) -> None:
    """Paragraphs deleted, added and moved, bottom up (so earlier list positions stay valid)."""
    from .pipeline import build

    ops: list[tuple[int, str, int]] = []  # (position in the DOCX, kind, block)
    removed_text = {}
    for i in read.removed:
        ops.append((_position(read, i), "del", i))
        removed_text[i] = _squeeze(content(job.base.blocks[i]))
    for k, m in enumerate(read.matches):
        if m.base is None:
            ops.append((k, "add", k))
    # a paragraph deleted here and added there with the same words was moved
    moves: dict[int, int] = {}
    for _, kind, k in ops:
        if kind != "add":
            continue
        words_k = _squeeze(content(read.doc.blocks[k]))
        for i, w in removed_text.items():
            if w and w == words_k and i not in moves.values():
                moves[k] = i
                break
    for _pos, kind, x in sorted(ops, key=lambda o: (o[0], o[1] == "add"), reverse=True):
        if kind == "del" and x in moves.values():
            continue
        if kind == "del":
            _delete(job, ed, x)
        elif x in moves:
            _move(job, ed, read, moves[x], x)
        else:
            _add(job, ed, read, x, build)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _position(read: Reading, base: int) -> int:
    """Where a deleted base block stood among the blocks read (the index of the next one kept)."""
    for k, m in enumerate(read.matches):
        if m.base is not None and m.base > base:
            return k
    return len(read.matches)


def _delete(job: _Pull, ed: Editor, i: int) -> None:
    base = job.base.blocks[i]
    j = job.to_cur.get(i)
    if j is None:
        job.problem(f"冲突：“{_short(base.text)}”在 DOCX 里删去了，但 YAML 在生成之后也改过它；YAML 保持不变", block=base)
        return
    item = job.owner(j)
    if item is None or not ed.delete(item):
        job.problem(f"删去的段落“{_short(base.text)}”不能写回（它不是 YAML 里单独的一项，或是模板生成的）：请手工删除",
                    block=job.cur.blocks[j])
        return
    job.changes += 1


def _anchor(job: _Pull, read: Reading, k: int) -> tuple | None:
    """The YAML path of the last value the paragraph before block ``k`` came from."""
    for q in range(k - 1, -1, -1):
        m = read.matches[q]
        if m.base is None:
            continue
        j = job.to_cur.get(m.base)
        if j is None:
            return None
        paths = [p.path for s in job.cur.blocks[j].spans for p in s.origin]
        return paths[-1] if paths else None
    return None


def _places(anchor: tuple, ed: Editor) -> list[tuple[tuple, int]]:
    """Lists a paragraph after the value at ``anchor`` may join, nearest first: (list, index);
    last, a value written as one string, made a list of two (``开头: 一段`` -> two paragraphs)."""
    lists, strings = [], []
    for end in range(len(anchor), 0, -1):
        if isinstance(anchor[end - 1], int):
            place = (anchor[:end - 1], anchor[end - 1] + 1)
            (lists if isinstance(ed.get(place[0]), list) else strings).append(place)
    if isinstance(ed.get(anchor), str):
        strings.append((anchor, 1))
    return lists + strings


def _add(job: _Pull, ed: Editor, read: Reading, k: int, build) -> None:
    block = read.doc.blocks[k]
    text = content(block)
    m = GENERATED_NUMBER.match(text)
    text = text[m.end():] if m else text  # a number typed with it: draft numbers it
    anchor = _anchor(job, read, k)
    if block.kind == "table" or not text.strip() or anchor is None:
        job.problem(f"新增的{'表格' if block.kind == 'table' else '段落'}“{_short(text or block.text)}”不能写回"
                    "（找不到它在 YAML 里该放的位置）：请手工加入", job.block_lines.get(k, ()))
        return
    value = _BRACES.sub(lambda x: x.group() * 2, text)
    want = _squeeze(text)
    for lst, index in _places(anchor, ed):
        trial = Editor(ed.text())
        if not trial.insert(lst, index, value):
            continue
        try:
            doc = build(job.yaml_path, job.types_dirs, text=trial.text()).doc
        except Exception:  # noqa: BLE001  an invalid place (the schema refuses it): try the next
            continue
        if any(_squeeze(content(b)) == want for b in doc.blocks):
            ed.insert(lst, index, value)
            job.changes += 1
            return
    job.problem(f"新增的段落“{_short(text)}”不能写回（放进 YAML 的哪个列表都不能照样生成）：请手工加入",
                job.block_lines.get(k, anchor))


def _neighbour_index(job: _Pull, read: Reading, k: int, lst: tuple, step: int) -> int | None:
    """Index in list ``lst`` of the item the nearest kept block before (step -1: the index after
    it) or after (step 1) block ``k`` comes from; None if that block is not in the list."""
    q = k + step
    while 0 <= q < len(read.matches):
        m = read.matches[q]
        j = job.to_cur.get(m.base) if m.base is not None else None
        if j is not None and m.texts is None:
            for p in (p.path for s in job.cur.blocks[j].spans for p in s.origin):
                if p[:len(lst)] == lst and len(p) > len(lst) and isinstance(p[len(lst)], int):
                    return p[len(lst)] + (1 if step < 0 else 0)
            return None
        q += step
    return None


def _move(job: _Pull, ed: Editor, read: Reading, i: int, k: int) -> None:
    j = job.to_cur.get(i)
    item = job.owner(j) if j is not None else None
    if item is not None:
        for step in (-1, 1):
            index = _neighbour_index(job, read, k, item[:-1], step)
            if index is not None and ed.move(item, index):
                job.changes += 1
                return
    job.problem(f"移动的段落“{_short(job.base.blocks[i].text)}”不能写回（不在同一个列表里移动）：请手工调整",
                block=job.base.blocks[i])
