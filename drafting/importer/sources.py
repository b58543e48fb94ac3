"""The input of ``draft import`` as a list of paragraphs (:class:`Para`) with what the file says
about each: DOCX through python-docx's public API, text through :mod:`drafting.textclean`.

A DOCX draft wrote carries its document tree (``docx_package.embed_tree``); it is used only
where its text agrees with the visible paragraphs (the visible text is the truth).  Any other
DOCX is read run by run: paragraph style names of draft's families give block kinds (a file
draft wrote and LibreOffice or WPS saved again), direct formatting (faces, bold, size,
alignment) gives the look of a hand-typed file, and a leading group of runs in a face of its own
is a run-in lead.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import styles, textclean
from ..docx_names import W_NS, WORD_JOINER
from ..errors import Diagnostic, InputError

W = f"{{{W_NS}}}"
MAX_BYTES = 50 * 1024 * 1024  # a DOCX or text larger than this is refused (a report is < 5 MB)


@dataclass
class Para:
    """One paragraph (or table) of the input."""

    text: str
    kind: str | None = None  # block kind the file states (draft's styles or its tree); None: body or unknown
    level: int = 0  # heading level the file states
    lead: str | None = None  # run-in lead: leading text in a face of its own (or draft's lead role)
    roles: tuple[tuple[str, str], ...] = ()  # (text, role) where the file states roles (draft's DOCX)
    align: str | None = None  # "center" / "right"
    size: float | None = None  # largest run size in pt
    bold: bool = False  # every run bold
    face: str | None = None  # east-asian face of most of the text
    style: str | None = None  # paragraph style name
    rows: list[list[str]] | None = None  # a table
    image: bool = False  # holds a picture
    lines: list[str] = field(default_factory=list)  # explicit line breaks (a title of several lines)


def _problem(message: str, path: Path) -> InputError:
    return InputError(Diagnostic(message, file=str(path)))


# --- text ----------------------------------------------------------------------------------
def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:4096]:
        raise _problem("无法导入：这是二进制文件，不是文本或 DOCX", path)
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise _problem("无法导入：文本编码无法识别（请另存为 UTF-8）", path)


_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_MD_MARKS = re.compile(r"\*\*|__|^>\s*|^[-*]\s+(?=\S)")


def read_text(path: Path, data: bytes) -> list[Para]:
    """Pasted or scraped text (``.txt``; ``.md`` with its marks read): one paragraph a line,
    cleaned (pinyin glosses, traditional characters, half-width punctuation, furniture)."""
    raw = _decode(data, path)
    md = path.suffix.lower() in (".md", ".markdown")
    hints: dict[str, tuple[str, int]] = {}
    if md:
        lines = []
        for line in raw.splitlines():
            m = _MD_HEADING.match(line)
            text = _MD_MARKS.sub("", line[m.end():] if m else line)
            if m:
                hints[textclean.collapse_spaces(text)] = ("title", 0) if len(m.group(1)) == 1 else (
                    "heading", len(m.group(1)) - 1)
            lines.append(text)
        raw = "\n".join(lines)
    clean = textclean.clean_text(raw)
    out = []
    for line in clean.splitlines():
        kind, level = hints.get(line, (None, 0))
        out.append(Para(line, kind=kind, level=level))
    return out


# --- DOCX ----------------------------------------------------------------------------------
def _check_zip(path: Path, data: bytes) -> dict[str, bytes]:
    """The parts draft needs from the zip, after the limits; clear messages for what is no DOCX."""
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _problem("无法导入：这是加密的 DOCX 或旧版 Word（.doc）文件；请在 Word 里去掉密码并另存为 .docx", path)
    if head.startswith(b"%PDF"):
        raise _problem("无法导入：这是 PDF 文件，不是 DOCX；请导入原来的 Word 文件，或把文字复制到 .txt 再导入", path)
    if not head.startswith(b"PK"):
        raise _problem("无法导入：这不是有效的 DOCX 文件", path)
    import io

    from ..package import ZipRefused, open_zip

    try:
        zf = open_zip(io.BytesIO(data))  # the limits every DOCX draft reads is held to
        infos = zf.infolist()
    except ZipRefused as exc:
        raise _problem(f"无法导入：{exc.args[0]}", path) from None
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise _problem("无法导入：压缩包里没有 word/document.xml，这不是 DOCX 文件", path)
    parts = {}
    try:
        for name in names:
            if name.startswith("customXml/") and name.endswith(".xml"):
                parts[name] = zf.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        raise _problem("无法导入：这不是有效的 DOCX 文件（压缩包已损坏）", path) from None
    return parts


def _face_of(element) -> str | None:
    """The east-asian face set on an rPr-holding element (run, style), or None."""
    if element is None:
        return None
    rpr = element.find(f"{W}rPr")
    fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(f"{W}eastAsia") or fonts.get(f"{W}ascii")


def _style_face(style) -> str | None:
    while style is not None:
        face = _face_of(style.element)
        if face:
            return face
        style = style.base_style
    return None


def _style_bold(style) -> bool:
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _style_size(style) -> float | None:
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return None


def _kinds() -> dict[str, tuple[str, int]]:
    """Paragraph style name of draft's families -> (kind, heading level)."""
    out: dict[str, tuple[str, int]] = {}
    for fam in styles.FAMILIES.values():
        for key, name in sorted(fam.kinds.items(), key=lambda kv: kv[0] != "paragraph"):
            if key in ("table_cell", "image"):
                continue
            out.setdefault(name, ("heading", int(key[7:])) if key.startswith("heading") else (key, 0))
    return out


def _roles() -> dict[str, str]:
    """Character style name of draft's families -> span role (leads of every level are "lead")."""
    out = {}
    for fam in styles.FAMILIES.values():
        for key, char in fam.chars.items():
            out[char.name] = "lead" if key.startswith("lead") else key
    return out


_WORD_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_ALIGN = {1: "center", 2: "right"}  # WD_ALIGN_PARAGRAPH values


def _run_style(run, by_id: dict):
    """The run's character style, looked up by id (python-docx's ``run.style`` searches the
    styles part for the default on every call: seconds on a long file)."""
    rpr = run.element.find(f"{W}rPr")
    rs = rpr.find(f"{W}rStyle") if rpr is not None else None
    return by_id.get(rs.get(f"{W}val")) if rs is not None else None


def _paragraph(p, kinds, roles, by_id) -> Para:
    style = p.style
    sname = style.name if style is not None else None
    kind, level = kinds.get(sname, (None, 0))
    base = style.base_style if style is not None else None
    while kind is None and base is not None:  # a section type's named style: the kind of its base
        kind, level = kinds.get(base.name, (None, 0))
        base = base.base_style
    m = _WORD_HEADING.match(sname or "")
    if m:
        kind, level = "heading", int(m.group(1))
    base_face, base_bold, base_size = _style_face(style), _style_bold(style), _style_size(style)
    pieces: list[tuple[str, tuple, str]] = []  # (text, look, role)
    sizes = []
    lines = [""]
    for run in p.runs:
        text = run.text.replace(WORD_JOINER, "")
        if not text:
            continue
        cstyle = _run_style(run, by_id)
        role = roles.get(cstyle.name, "text") if cstyle is not None and cstyle.name in roles else "text"
        face = _face_of(run.element) or (_style_face(cstyle) if cstyle is not None else None) or base_face
        bold = run.bold if run.bold is not None else (_style_bold(cstyle) if cstyle is not None and
                                                       cstyle.font.bold is not None else base_bold)
        size = run.font.size.pt if run.font.size is not None else base_size
        if size:
            sizes.append(size)
        for i, part in enumerate(re.split(r"\n", text)):
            if i:
                lines.append("")
            lines[-1] += part
        pieces.append((text.replace("\n", ""), (face, bool(bold)), role))
    text = "".join(t for t, _, _ in pieces)
    align = _ALIGN.get(int(p.alignment)) if p.alignment is not None else None
    if align is None and style is not None:
        st = style
        while st is not None and align is None:
            a = st.paragraph_format.alignment
            align = _ALIGN.get(int(a)) if a is not None else None
            st = st.base_style
    para = Para(text, kind=kind, level=level, align=align, size=max(sizes) if sizes else base_size,
                style=sname, lines=[ln for ln in lines if ln.strip()])
    if pieces:
        para.bold = all(look[1] for t, look, _ in pieces if t.strip())
        weights: dict = {}
        for t, look, _ in pieces:
            weights[look] = weights.get(look, 0) + len(t)
        para.face = max(weights, key=weights.get)[0]
        stated = [(t, r) for t, _, r in pieces]
        if any(r != "text" for _, r in stated):
            para.roles = tuple(_merge(stated))
        para.lead = _lead(pieces)
    para.image = any(not isinstance(x, str) for run in p.runs for x in run.iter_inner_content())
    return para


def _merge(pairs):
    out: list[list[str]] = []
    for t, r in pairs:
        if out and out[-1][1] == r:
            out[-1][0] += t
        else:
            out.append([t, r])
    return [(t, r) for t, r in out]


def _lead(pieces) -> str | None:
    """A leading group of runs in a look of its own (bold, another face), when the rest differs."""
    if any(r == "lead" for _, _, r in pieces):
        return "".join(t for t, _, r in pieces if r in ("lead",)) or None
    looks = [(t, look) for t, look, _ in pieces if t]
    if len(looks) < 2:
        return None
    first = looks[0][1]
    n = 0
    for t, look in looks:
        if look != first and t.strip():
            break
        n += 1
    if n == len(looks):
        return None
    lead = "".join(t for t, _ in looks[:n])
    return lead if lead.strip() else None


def _table(t) -> Para:
    rows = []
    for row in t.rows:
        cells = []
        for cell in row.cells:
            cells.append("".join(p.text for p in cell.paragraphs).replace(WORD_JOINER, "").strip())
        rows.append(cells)
    return Para("", kind="table", rows=rows)


def read_docx(path: Path, data: bytes) -> list[Para]:
    parts = _check_zip(path, data)
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise _problem("无法导入：这不是有效的 DOCX 文件", path) from None
    except Exception as exc:  # lxml's syntax errors and the like: a damaged file, not a bug of ours
        if type(exc).__name__ in ("XMLSyntaxError", "ParseError"):
            raise _problem("无法导入：DOCX 中的 XML 已损坏", path) from None
        raise
    kinds, roles = _kinds(), _roles()
    by_id = {st.style_id: st for st in document.styles}
    paras: list[Para] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            paras.append(_table(item))
        else:
            para = _paragraph(item, kinds, roles, by_id)
            if para.text.strip() or para.image:
                paras.append(para)
    tree = _trusted_tree(parts, paras)
    return tree if tree is not None else paras


def _squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def _trusted_tree(parts: dict[str, bytes], paras: list[Para]) -> list[Para] | None:
    """draft's embedded tree as paragraphs, if its text is exactly what a reader sees."""
    from ..docx_reader import embedded_tree

    doc = embedded_tree(parts)
    if doc is None:
        return None
    out = []
    for b in doc.blocks:
        if b.kind == "table":
            rows = [list(r) for r in b.attrs.get("rows") or []]
            if b.spans:
                out.append(Para(b.text, kind="table_title"))
            out.append(Para("", kind="table", rows=rows))
            continue
        if b.kind == "image":
            out.append(Para("", kind="image", image=True))
            continue
        pairs = [("\n" if s.role == "break" else "\t" if s.role == "tab" else s.text,
                  "text" if s.role == "figure" else str(s.role)) for s in b.spans]
        text = "".join(t for t, _ in pairs if t != "\n")
        lead = "".join(t for t, r in pairs if r == "lead") or None
        lines = [ln for ln in "".join(t for t, _ in pairs).split("\n") if ln.strip()]
        out.append(Para(text, kind=str(b.kind), level=b.level, lead=lead, roles=tuple(_merge(pairs)),
                        style=b.style, lines=lines))
    seen = "".join(_squeeze(p.text) + "".join(_squeeze("".join(r)) for r in p.rows or []) for p in paras)
    told = "".join(_squeeze(p.text) + "".join(_squeeze("".join(r)) for r in p.rows or []) for p in out)
    return out if seen == told else None


def read(path: Path) -> list[Para]:
    """The paragraphs of ``path`` (DOCX, or text: .txt, .md); InputError (exit 1) when it cannot
    be read as a report, EnvError (exit 2) when the file is not there."""
    from ..loader import read_limited

    data = read_limited(path, MAX_BYTES)  # a regular file, not too big (the loader's own checks and words)
    if not data.strip():
        raise _problem("无法导入：文件是空的", path)
    suffix = path.suffix.lower()
    if suffix == ".docx" or data[:2] == b"PK" or data[:4] in (b"\xd0\xcf\x11\xe0", b"%PDF"):
        paras = read_docx(path, data)
        if not any(p.text.strip() for p in paras):
            if any(p.image for p in paras):
                raise _problem("无法导入：这个 DOCX 里只有图片，没有文字（扫描件请先做文字识别）", path)
            raise _problem("无法导入：DOCX 里没有文字", path)
        return paras
    paras = read_text(path, data)
    if not paras:
        raise _problem("无法导入：文件里没有文字", path)
    return paras
