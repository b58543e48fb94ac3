"""Measure a PDF page by page with poppler's tools (never our own XML).

* ``pdftotext -bbox-layout``: page size and each text line's box and words (points, origin top left);
* ``pdftohtml -xml``: which font each run of text is set in (subset prefix dropped, bold kept);
* ``pdftoppm -gray``: pixels, to find the page number's dashes (a glyph box says nothing about
  where the stroke of "—" is).

Character counting (``Line.units``): a full-width character counts 1 — a CJK character or
full-width mark (East Asian width W or F), or an ambiguous one such as “ ” — … (width A) when
it is set in a CJK face; LibreOffice sets “ ” in the Latin face next to a digit, and then it is
half-width.  Everything else (digits, Latin letters, %, +, .) counts 1/2; spaces count 0.  A
line is *pure* when it has no half-width character: only a pure line must hold exactly 28,
because LibreOffice adds its own space between CJK and Latin text (it ignores
``w:autoSpaceDE``), so a mixed line holds 28 or fewer.
"""
from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

PT_PER_MM = 72 / 25.4
XHTML = "{http://www.w3.org/1999/xhtml}"


def mm(pt: float) -> float:
    return pt / PT_PER_MM


@dataclass
class Span:
    text: str
    face: str  # font family without the subset prefix, "+bold" when bold
    size: float  # pt
    x0: float


@dataclass
class Line:
    page: int  # 1-based
    x0: float
    y0: float
    x1: float
    y1: float
    text: str  # the words joined without the gaps between them
    spans: list[Span] = field(default_factory=list)

    @property
    def size(self) -> float:
        return max((s.size for s in self.spans), default=0.0)

    def cjk_faces(self) -> list[str]:
        return [s.face for s in self.spans if any(is_cjk(c) for c in s.text)]

    def widths(self, cjk: set[str]) -> list[float]:
        """Per character: 1 full-width, 0.5 half-width (``cjk``: the faces that set CJK text)."""
        return [1 if is_cjk(c) or (is_wide(c) and s.face in cjk) else 0.5
                for s in self.spans for c in s.text if not c.isspace()]

    def units(self, cjk: set[str]) -> float:
        return sum(self.widths(cjk))

    def pure(self, cjk: set[str]) -> bool:
        return all(w == 1 for w in self.widths(cjk))


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WFA"


def units(text: str) -> float:
    """Width of text as typed (ambiguous characters full-width), for a line's start."""
    return sum(1 if is_wide(c) else 0.5 for c in text if not c.isspace())


def _run(*cmd: str) -> bytes:
    return subprocess.run(cmd, capture_output=True, check=True, timeout=120).stdout


def read_pdf(pdf: Path) -> list[Page]:
    root = etree.fromstring(_run("pdftotext", "-bbox-layout", str(pdf), "-"), etree.XMLParser(recover=True))
    pages = []
    for n, page in enumerate(root.iter(f"{XHTML}page"), 1):
        lines = []
        for ln in page.iter(f"{XHTML}line"):
            words = [w.text or "" for w in ln.iter(f"{XHTML}word")]
            box = [float(ln.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(n, *box, text="".join(words)))
        lines.sort(key=lambda l: (round(l.y0), l.x0))
        pages.append(Page(n, float(page.get("width")), float(page.get("height")), lines))
    _attach_fonts(pdf, pages)
    return pages


def _attach_fonts(pdf: Path, pages: list[Page]) -> None:
    root = etree.fromstring(_run("pdftohtml", "-xml", "-i", "-stdout", "-zoom", "1", str(pdf)),
                            etree.XMLParser(recover=True))
    fonts = {}
    for page in root.iter("page"):
        for spec in page.iter("fontspec"):
            fonts[spec.get("id")] = (re.sub(r"^[A-Z]{6}\+", "", spec.get("family")), float(spec.get("size")))
        target = pages[int(page.get("number")) - 1]
        scale = target.width / float(page.get("width"))
        for t in page.iter("text"):
            text = "".join(t.itertext())
            family, size = fonts[t.get("font")]
            face = family + ("+bold" if t.find(".//b") is not None else "")
            top, left = float(t.get("top")) * scale, float(t.get("left")) * scale
            mid = top + float(t.get("height")) * scale / 2
            near = [l for l in target.lines if l.y0 - 1 <= mid <= l.y1 + 1 and l.x0 - 2 <= left <= l.x1 + 2]
            if near:
                min(near, key=lambda l: abs((l.y0 + l.y1) / 2 - mid)).spans.append(Span(text, face, size * scale, left))
    for page in pages:
        for line in page.lines:
            line.spans.sort(key=lambda s: s.x0)


def dash_top(pdf: Path, page: int, y_from: float, y_to: float, width: float, size: float = 14) -> float | None:
    """The top edge (pt) of the first horizontal stroke at least 0.6 em long between two heights."""
    dpi = 288
    k = dpi / 72
    raw = _run("pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
               "-x", "0", "-y", str(int(y_from * k)), "-W", str(int(width * k)), "-H", str(int((y_to - y_from) * k)),
               str(pdf))
    # binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel
    head = raw.split(b"\n", 3)
    w, h = map(int, head[1].split())
    pixels = head[3]
    stroke = re.compile(rb"[\x00-\x7f]{%d,}" % round(0.6 * size * k))  # dark pixels in a row
    for row in range(h):
        if stroke.search(pixels[row * w:(row + 1) * w]):
            return int(y_from * k) / k + row / k
    return None


# --- pixels: rules (lines drawn as borders) and ink, for the 公文's 版头 and 版记 -------------
DPI = 144


def _ppm(pdf: Path, page: int, box: tuple[float, float, float, float] | None, gray: bool, dpi: int = DPI):
    """Pixels of ``box`` (x0, y0, x1, y1 in pt; the whole page when None): (width, height, bytes)."""
    k = dpi / 72
    crop = [] if box is None else ["-x", str(int(box[0] * k)), "-y", str(int(box[1] * k)),
                                   "-W", str(max(int((box[2] - box[0]) * k), 1)), "-H", str(max(int((box[3] - box[1]) * k), 1))]
    raw = _run("pdftoppm", *(["-gray"] if gray else []), "-r", str(dpi), "-f", str(page), "-l", str(page), *crop, str(pdf))
    head = raw.split(b"\n", 3)  # "P5|P6\n<w> <h>\n<max>\n" then the pixels
    w, h = map(int, head[1].split())
    return w, h, head[3]


@dataclass
class Rule:
    top: float  # pt
    bottom: float
    x0: float
    x1: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def rules(pdf: Path, page: int, min_length: float, dpi: int = DPI) -> list[Rule]:
    """Horizontal strokes at least ``min_length`` pt long (a border, a separator), top to bottom;
    adjacent pixel rows make one rule."""
    w, h, pixels = _ppm(pdf, page, None, gray=True, dpi=dpi)
    k = dpi / 72
    run = re.compile(rb"[\x00-\xb0]{%d,}" % round(min_length * k))
    found: list[Rule] = []
    for row in range(h):
        m = max(run.finditer(pixels[row * w:(row + 1) * w]), key=lambda m: m.end() - m.start(), default=None)
        if m is None:
            continue
        if found and abs(found[-1].bottom - row / k) < 1.5 / k:
            found[-1].bottom = (row + 1) / k
        else:
            found.append(Rule(row / k, (row + 1) / k, m.start() / k, m.end() / k))
    return found


def ink_top(pdf: Path, page: int, box: tuple[float, float, float, float], dpi: int = DPI) -> float | None:
    """The top edge (pt) of the first dark pixel inside ``box`` (x0, y0, x1, y1 in pt)."""
    w, h, pixels = _ppm(pdf, page, box, gray=True, dpi=dpi)
    dark = re.compile(rb"[\x00-\xb0]")
    for row in range(h):
        if dark.search(pixels[row * w:(row + 1) * w]):
            return int(box[1] * dpi / 72) / (dpi / 72) + row / (dpi / 72)
    return None


def colours(pdf: Path, page: int, box: tuple[float, float, float, float], dpi: int = DPI) -> dict[str, int]:
    """How many inked pixels in ``box`` are red, black (or grey) and anything else."""
    w, h, pixels = _ppm(pdf, page, box, gray=False, dpi=dpi)
    counts = {"red": 0, "black": 0, "other": 0}
    for i in range(0, len(pixels) - 2, 3):
        r, g, b = pixels[i], pixels[i + 1], pixels[i + 2]
        if min(r, g, b) > 200:
            continue  # paper
        if r > 150 and g < 110 and b < 110:
            counts["red"] += 1
        elif max(r, g, b) - min(r, g, b) < 40:
            counts["black"] += 1
        else:
            counts["other"] += 1
    return counts
