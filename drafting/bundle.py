"""``draft bundle``: the 办公室 assembles every unit's section into one 汇编 — a cover, a 目录 with
real page numbers, one body page sequence — and a status sheet of who is missing.

Assembled at the data level, never by merging DOCX: each section is built from its own YAML into
its document tree (on every core), the trees become one tree (``assemble``: a section's blocks
carry its unit; its 版头 and 版记 are dropped, its 主送 and 落款/日期 kept unless the manifest says
otherwise), and that tree is written once (``docx_bundle``), each section in its own family's page
setup, footers and styles.

The 目录's page numbers: the DOCX is laid out once by LibreOffice (``office.convert`` to PDF), the
page on which each listed title landed is read from the PDF's text (poppler's pdftotext), and the
DOCX is written again with those numbers in the 目录 field's cached result (Word can still update
the field).  Without LibreOffice the 汇编 is still written, and the writer is told to update the
目录 in Word.  The numbers depend on the LibreOffice version and the fonts: byte-identical output
holds for one installation.

Exit codes: 0 every expected section present and clean, 1 a section missing or with errors (the
汇编 is still written), 2 usage or environment trouble (including a wrong manifest).
"""
from __future__ import annotations

import datetime as _dt
import os
import sys
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import Diagnostic, DraftError, EnvError, Severity, format_diagnostic
from .manifest import BUNDLE_TYPE, Expected, Plan, plan as make_plan, written_date
from .tree import Block, Document, Span

DROPPED = ("masthead", "doc_number", "colophon")  # a 公文's 版头 and 版记: the 汇编 is no 公文 itself
CLOSING = ("signature", "date")


# --- the sections ------------------------------------------------------------------------
@dataclass
class Received:
    """What became of one expected section: "ok", "missing" or "error"."""

    expected: Expected
    status: str
    doc: Document | None = None
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    mtime: float | None = None
    figures: dict[str, tuple[dict, str]] = field(default_factory=dict)  # name -> (record, file:line)

    @property
    def unit(self) -> str:
        return self.expected.unit


def receive(e: Expected, types_dirs=None) -> Received:
    """Build and check one section; never raises (a worker's failure is a Received)."""
    from . import lint
    from .pipeline import build

    if not e.path.is_file():
        return Received(e, "missing")
    mtime = e.path.stat().st_mtime
    try:
        result = build(e.path, types_dirs)
        found = lint.of_result(result)
    except DraftError as exc:
        return Received(e, "error", errors=list(exc.diagnostics), mtime=mtime)
    except Exception as exc:  # a bug in draft: this section is reported, the others go on
        if os.environ.get("DRAFT_DEBUG"):
            raise
        return Received(e, "error", errors=[Diagnostic(f"内部错误：{type(exc).__name__}: {exc}（这是 draft 的缺陷，"
                                                       "请把这个文件发给维护者）", file=str(e.path))], mtime=mtime)
    warnings = [d for d in found if d.severity is Severity.WARNING]
    errors = [d for d in found if d.severity is Severity.ERROR]
    figures = {}
    for name, record in (result.doc.meta.get("figures") or {}).items():
        line, col = result.source.locate(("数据", name))
        figures[name] = (record, f"{e.path}:{line}:{col}")
    return Received(e, "error" if errors else "ok", result.doc, errors, warnings, mtime, figures)


def receive_all(p: Plan, types_dirs=None, jobs: int | None = None) -> list[Received]:
    """Every expected section built and checked, on every core; in the plan's order."""
    from .batch import pool

    workers = max(1, min(jobs or os.cpu_count() or 1, len(p.sections)))
    if workers == 1:
        return [receive(e, types_dirs) for e in p.sections]
    with pool(workers, types_dirs) as ex:
        return list(ex.map(receive, p.sections, [types_dirs] * len(p.sections)))


# --- figures in conflict -------------------------------------------------------------------
@dataclass
class Conflict:
    name: str
    values: list[tuple[str, str, str]]  # (unit, the figure as written, file:line)


def _value(record: dict) -> tuple:
    try:
        number: object = Decimal(record.get("value", ""))
    except (InvalidOperation, TypeError):
        number = record.get("value")
    return number, record.get("unit", ""), record.get("approx")


def conflicts(received: list[Received]) -> list[Conflict]:
    """The same figure name (a 数据 entry, which is also what a 指标表 lists) with different values
    or units in two sections; in the order the names first appear."""
    seen: dict[str, list[tuple[Received, dict, str]]] = {}
    for r in received:
        for name, (record, where) in r.figures.items():
            seen.setdefault(name, []).append((r, record, where))
    out = []
    for name, found in seen.items():
        if len({_value(rec) for _, rec, _ in found}) > 1:
            out.append(Conflict(name, [(r.unit, _written(rec), where) for r, rec, where in found]))
    return out


def conflict_text(c: Conflict) -> str:
    """“名称”：单位 值（文件:行:列）；单位 值（…）"""
    return f"“{c.name}”：" + "；".join(f"{unit} {value}（{where}）" for unit, value, where in c.values)


def _written(record: dict) -> str:
    word = record.get("approx") or ""
    return f"{word}{record.get('value', '')}{record.get('unit', '')}" if word else f"{record.get('value', '')}{record.get('unit', '')}"


# --- one tree ------------------------------------------------------------------------------
def placeholder(r: Received) -> str:
    """The text that holds a missing or broken section's place."""
    return f"（{r.unit}：待报送）" if r.status == "missing" else f"（{r.unit}：有错误，见汇编状态）"


def assemble(p: Plan, received: list[Received], skip_broken: bool = False) -> Document:
    """The 汇编 as one document tree: each section's blocks (``attrs["unit"]``; the blocks the 目录
    lists carry ``attrs["toc"]``, 1 for a title, 2 for a level-1 heading), and in
    ``meta["bundle"]`` what the cover and the sections' pages need."""
    blocks: list[Block] = []
    sections = []
    figures = {}
    for r in received:
        e = r.expected
        if r.status == "ok":
            doc = r.doc
            drop = DROPPED + (() if e.keep_addressee else ("addressee",)) + (() if e.keep_closing else CLOSING)
            own = [b for b in doc.blocks if b.kind not in drop]
            family, named = doc.family, doc.meta.get("named_styles")
            figures.update({f"{r.unit}：{k}": v for k, v in (doc.meta.get("figures") or {}).items()})
        elif skip_broken:
            continue
        else:
            own = [Block("title", (Span(placeholder(r)),))]
            family, named = "公文", None
        title = next((i for i, b in enumerate(own) if b.kind == "title"), None)
        for i, b in enumerate(own):
            attrs = {**b.attrs, "unit": r.unit}
            if i == title:
                attrs["toc"] = 1
            elif p.toc_headings and b.kind == "heading" and b.level == 1 and title is not None and i > title:
                attrs["toc"] = 2
            blocks.append(replace(b, attrs=attrs))
        if title is None and own:  # a section without a title (a 新闻通稿): listed by its unit
            blocks[len(blocks) - len(own)].attrs.update(toc=1, toc_text=r.unit)
        section = {"unit": r.unit, "family": family, "odd": e.odd}
        if named:
            section["named_styles"] = named
        sections.append(section)
    meta = {"title": p.title, "author": p.publisher or "", "subject": BUNDLE_TYPE,
            "bundle": {"title": p.title, "publisher": p.publisher, "date": written_date(p.date),
                       "period": p.period, "sections": sections}}
    if skip_broken:
        meta["bundle"]["skip_broken"] = True
    if p.date:
        meta["date"] = p.date.isoformat()
    if figures:
        meta["figures"] = figures
    return Document(BUNDLE_TYPE, "公文", blocks, meta)


def toc_entries(doc: Document) -> list[tuple[int, str, str]]:
    """The 目录: (level, text as printed, unit) of every block marked for it, in order."""
    return [(b.attrs["toc"], b.attrs.get("toc_text") or b.text.replace("\n", "").replace("\t", ""), b.attrs["unit"])
            for b in doc.blocks if b.attrs.get("toc")]


def cover_lines(bundle: dict) -> list[tuple[str, str]]:
    """The cover's lines, in order: ("title" | "period" | "publisher" | "date", text)."""
    keys = ("title", "period", "publisher", "date")
    return [(k, bundle[k]) for k in keys if bundle.get(k)]


def front_text(doc: Document) -> str:
    """Every character the cover and the 目录 show (what the DOCX has before the first section),
    so a reader can check an embedded bundle tree against the visible text."""
    bundle = doc.meta["bundle"]
    pages = list(bundle.get("pages") or [])
    toc = [text + (str(pages[i]) if i < len(pages) and pages[i] is not None else "")
           for i, (_, text, _) in enumerate(toc_entries(doc))]
    return "".join(text for _, text in cover_lines(bundle)) + "目录" + "".join(toc)


def with_pages(doc: Document, pages: list[int | None] | None) -> Document:
    """``doc`` with the 目录's page numbers (one per ``toc_entries``; None: not known)."""
    bundle = {**doc.meta["bundle"]}
    if pages is None:
        bundle.pop("pages", None)
    else:
        bundle["pages"] = list(pages)
    return replace(doc, meta={**doc.meta, "bundle": bundle})


# --- where the titles land (LibreOffice) --------------------------------------------------------
def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2060", "")
    return "".join(c for c in text if not c.isspace())


def find_pages(doc: Document, page_texts: list[str]) -> list[int | None]:
    """The body page number of each 目录 entry, from the text of each laid-out page.  The body's
    page 1 is the first page whose footer reads "— 1 —" (the cover and the 目录 have none); a
    section starts on the first page after the previous section's that begins with its first
    words; an entry is on the page where its text is found next, in order."""
    texts = [_norm(t) for t in page_texts]
    entries = toc_entries(doc)
    first = next((k for k, t in enumerate(texts) if t.endswith("—1—")), None)
    if first is None:
        return [None] * len(entries)
    starts: dict[str, str] = {}
    for b in doc.blocks:
        if b.attrs.get("unit") not in starts and b.text.strip():
            starts[b.attrs.get("unit")] = _norm(b.text)[:8]
    pages: list[int | None] = []
    page, pos, unit_seen = first - 1, 0, None
    for _level, text, unit in entries:
        if unit != unit_seen:
            unit_seen = unit
            start = next((k for k in range(max(page + 1, first), len(texts))
                          if texts[k].startswith(starts.get(unit, "\0"))), None)
            if start is None:
                pages.append(None)
                continue
            page, pos = start, 0
        want = _norm(text)
        hit = None
        for k in range(page, len(texts)):
            at = texts[k].find(want, pos if k == page else 0)
            if at >= 0:
                hit, page, pos = k, k, at + len(want)
                break
        pages.append(None if hit is None else hit - first + 1)
    return pages


def lay_out(docx: bytes, doc: Document) -> list[int | None]:
    """Lay ``docx`` out in LibreOffice once and read where each 目录 entry landed (EnvError: no
    LibreOffice or poppler, or the conversion failed)."""
    from .office import convert, pdf_text_pages

    return find_pages(doc, pdf_text_pages(convert(docx, "pdf")))


def write_bundle(doc: Document, layout: bool = True) -> tuple[bytes, Document, list[str]]:
    """The 汇编's DOCX with the 目录's page numbers when LibreOffice can lay it out; the tree as
    written, and notes for the writer."""
    from .pipeline import to_docx

    doc = with_pages(doc, None)
    first = to_docx(doc)
    if not layout:
        return first, doc, ["目录页码未排版计算（--no-layout）：请在 Word 中右键目录选“更新域”，或安装 LibreOffice 后重新汇编"]
    try:
        pages = lay_out(first, doc)
    except DraftError as exc:
        reason = "；".join(d.message for d in exc.diagnostics)
        return first, doc, [f"目录页码未能计算（{reason}）：请在 Word 中右键目录选“更新域”"]
    doc = with_pages(doc, pages)
    notes = []
    if None in pages:
        notes.append(f"目录中有 {pages.count(None)} 处页码未能确定：请在 Word 中右键目录选“更新域”")
    return to_docx(doc), doc, notes


# --- the status sheet ------------------------------------------------------------------------
STATUS_LABELS = {"ok": "已报送", "missing": "待报送", "error": "有错误"}


def _when(mtime: float | None) -> str:
    return _dt.datetime.fromtimestamp(mtime).strftime("%Y-%m-%d %H:%M") if mtime else "—"


def _where(d: Diagnostic) -> str:
    return d.where() if d.file else "—"


@dataclass
class Status:
    plan: Plan
    received: list[Received]
    conflicts: list[Conflict]

    @property
    def exit_code(self) -> int:
        return 0 if all(r.status == "ok" for r in self.received) else 1

    def rows(self) -> list[tuple[str, ...]]:
        """(单位, 状态, 错误, 警告, 首处, 修改时间, 文件) for each expected unit, then the unlisted files."""
        out = []
        for r in self.received:
            first = (r.errors or r.warnings)
            out.append((r.unit, STATUS_LABELS[r.status], str(len(r.errors)) if r.status != "missing" else "—",
                        str(len(r.warnings)) if r.status != "missing" else "—",
                        _where(first[0]) if first else "—", _when(r.mtime), str(r.expected.path)))
        for path in self.plan.unlisted:
            out.append((path.stem, "未列入汇编", "—", "—", "—", _when(path.stat().st_mtime), str(path)))
        return out

    def summary(self) -> list[str]:
        """What stderr shows: one line a unit that is not clean, the conflicts, a count."""
        lines = []
        for r in self.received:
            if r.status == "missing":
                lines.append(f"{r.unit}：待报送（找不到 {r.expected.path}）")
            elif r.status == "error":
                lines.append(f"{r.unit}：有错误（{len(r.errors)} 个），见下：")
                lines += ["  " + format_diagnostic(d).replace("\n", "\n  ") for d in r.errors[:3]]
                if len(r.errors) > 3:
                    lines.append(f"  ……另有 {len(r.errors) - 3} 个错误（draft check {r.expected.path}）")
            elif r.warnings:
                lines.append(f"{r.unit}：{len(r.warnings)} 条写法提示（首处 {_where(r.warnings[0])}；draft check 查看）")
        lines += [f"{path}：未列入汇编（清单里没有这个文件，未汇入）" for path in self.plan.unlisted]
        lines += [f"数据不一致：{conflict_text(c)}" for c in self.conflicts]
        counts = "，".join(f"{label} {sum(r.status == k for r in self.received)} 篇" for k, label in STATUS_LABELS.items())
        lines.append(f"汇编状态：应报 {len(self.received)} 篇，{counts}，数据不一致 {len(self.conflicts)} 项")
        return lines

    def markdown(self) -> str:
        p = self.plan
        lines = [f"# {p.title}：汇编状态", ""]
        lines.append(f"应报 {len(self.received)} 篇：" + "，".join(
            f"{label} {sum(r.status == k for r in self.received)} 篇" for k, label in STATUS_LABELS.items()) + "。")
        lines += ["", "| 单位 | 状态 | 错误 | 警告 | 首处 | 修改时间 | 文件 |", "| --- | --- | ---: | ---: | --- | --- | --- |"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in self.rows()]
        broken = [r for r in self.received if r.errors]
        if broken:
            lines += ["", "## 错误", ""]
            for r in broken:
                lines += [f"- {r.unit}：{d.where()} {d.message}" for d in r.errors]
        lines += ["", "## 数据不一致", ""]
        if not self.conflicts:
            lines.append("没有发现同名数据取值或单位不同。")
        lines += [f"- {conflict_text(c)}" for c in self.conflicts]
        return "\n".join(lines) + "\n"


# --- the command -------------------------------------------------------------------------------
@dataclass
class Outcome:
    status: Status
    doc: Document
    target: Path
    written: bool
    notes: list[str]


def bundle(target: Path, output: Path | None = None, report: Path | None = None, force: bool = False,
           skip_broken: bool = False, layout: bool = True, types_dirs=None, jobs: int | None = None) -> Outcome:
    """Build every section, write the 汇编 (atomically, never over a hand-edited one without
    ``force``) and the status report; raises DraftError for a wrong manifest or trouble."""
    from .output import guard, write_proven

    p = make_plan(target)
    out = output or p.default_output()
    if out.suffix.lower() != ".docx":
        raise EnvError("汇编输出的是 DOCX：-o 的文件名应以 .docx 结尾", out)
    guard(out, p.inputs, force)  # refuse early, before any work
    if report is not None:
        guard(report, p.inputs + [out], force, "md")
    received = receive_all(p, types_dirs, jobs)
    status = Status(p, received, conflicts(received))
    tree = assemble(p, received, skip_broken)
    if not tree.blocks:
        raise EnvError("没有可以汇编的文稿（全部缺报或有错误，且用了 --skip-broken）", target)
    data, tree, notes = write_bundle(tree, layout)
    backup = guard(out, p.inputs, force)
    write_proven(out, data, "docx", backup)
    if backup is not None:
        notes.append(f"{out}: 提示：旧文件已备份为 {backup}")
    if report is not None:
        write_proven(report, status.markdown().encode("utf-8"), "md", guard(report, p.inputs + [out], force, "md"))
    return Outcome(status, tree, out, True, notes)


@dataclass(frozen=True)
class Verdict:
    target: Path
    current: bool
    message: str

    @property
    def exit_code(self) -> int:
        return 0 if self.current else 1


def check(target: Path, output: Path | None = None, types_dirs=None, jobs: int | None = None) -> Verdict:
    """``draft bundle --check``: is the 汇编 DOCX what bundling gives now?  Its 目录 numbers are
    taken from the file itself (they come from the layout, not the inputs), so no LibreOffice is needed."""
    from .docx_reader import embedded_tree
    from .package import xml_parts
    from .pipeline import to_docx
    from .uptodate import existing_parts, xml_only

    p = make_plan(target)
    out = output or p.default_output()

    def stale(reason: str) -> Verdict:
        return Verdict(out, False, f"{out}: 不是最新的：{reason}")

    if not out.is_file():
        return stale(f"文件不存在（请运行 draft bundle {target}）")
    parts, why = existing_parts(out)
    if parts is None:
        return stale(why)
    have, old = xml_only(parts), embedded_tree(parts)
    written = (old.meta.get("bundle") or {}) if old is not None else {}
    tree = assemble(p, receive_all(p, types_dirs, jobs), bool(written.get("skip_broken")))
    pages = written.get("pages")
    want = xml_parts(to_docx(with_pages(tree, pages)))
    differ = sorted(n for n in set(want) | set(have) if want.get(n) != have.get(n))
    if differ:
        return stale(f"与现在汇编的结果不同（{'、'.join(differ)}）")
    return Verdict(out, True, f"{out}: 已是最新")


def run(target: Path, output: Path | None, report: Path | None, force: bool, skip_broken: bool,
        layout: bool, types_dirs=None, say=lambda line: print(line, file=sys.stderr)) -> int:
    """``draft bundle``: write, then the status summary; the exit code."""
    done = bundle(target, output, report, force, skip_broken, layout, types_dirs)
    for line in done.status.summary():
        say(line)
    for note in done.notes:
        say(note)
    say(f"已生成 {done.target}" + (f"，汇编状态见 {report}" if report else ""))
    return done.status.exit_code

