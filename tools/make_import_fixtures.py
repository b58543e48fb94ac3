"""Hand-typed DOCX fixtures for the ``draft import`` round trips (tests/test_import.py).

Each seed's clean text (seeds/clean/) is typed into a DOCX the way writers do it in Word or WPS:
every paragraph in the "Normal" style, faces and sizes set on the runs (eastAsia slot), runs split
at random points, blank paragraphs between parts, indents by firstLineChars, twips or typed
U+3000 spaces, headings numbered by hand in one of the common forms.  Then LibreOffice saves each
file again (``*.lo.docx``).  The files are committed, so the test suite never runs LibreOffice.

Every example is also rendered by draft and saved again by LibreOffice
(``examples/NAME.lo.docx``, with the text draft rendered as ``examples/NAME.txt``), and the
专节报告 examples with a 版头, 版记 or an indicator table are typed by hand from that text
(``examples/NAME.typed.docx`` and its re-save ``NAME.typed.lo.docx``): the 版头 in red, the
table a Word table, spaces typed where draft puts tabs.

    python tools/make_import_fixtures.py tests/data/import
"""
from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "clean"
# seed -> how its headings are typed: (一) half-width, 1、 1． and so on
VARIANTS = {
    "003_213d559688508c3e.txt": [("003-typed", {}), ("003-halfwidth", {"（一）": "(一)", "1.": "1、"}),
                                 ("003-fullstop", {"1.": "1．"})],
    "000_68ce086fff31d6ff.txt": [("000-typed", {})],
    "001_66af54d3a5f8909d.txt": [("001-typed", {})],
    "002_cb6b78cd27973c70.txt": [("002-typed", {})],
    "004_da6d1e738922c033.txt": [("004-typed", {})],
}
_NUM = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.(?!\d))")


def _face(run, east: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    run.bold = bold or None
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east)


def _typed(line: str, forms: dict[str, str]) -> str:
    m = _NUM.match(line)
    if not m:
        return line
    number = m.group(0)
    for old, new in forms.items():
        if old == "（一）" and number.startswith("（"):
            number = "(" + number[1:-1] + ")"
        elif old == "1." and number.endswith("."):
            number = number[:-1] + new[-1]
    return number + line[m.end():]


def _runs(par, text: str, east: str, size: float, rng: random.Random, bold: bool = False) -> None:
    """``text`` in runs split at random points (as Word leaves them after edits)."""
    cuts = sorted(rng.sample(range(1, len(text)), min(3, len(text) - 1))) if len(text) > 4 else []
    for a, b in zip([0] + cuts, cuts + [len(text)]):
        _face(par.add_run(text[a:b]), east, size, bold)


# examples typed by hand from their rendered text: name -> (lines above the title: a 编号, title lines)
TYPED_EXAMPLES = {"zhuanjie-minzheng-gongwen-2024": (0, 1), "zhuanjie-weijian-2024": (0, 2),
                  "zhuanjie-banian-2025": (1, 1)}
_MASTHEAD = re.compile(r"^\S+文件$")
_COLOPHON = re.compile(r"^抄送：|印发$")


def _table(d, rows: list[list[str]]) -> None:
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            _face(cell.paragraphs[0].add_run(text), "仿宋_GB2312", 12)


def make(lines: list[str], forms: dict[str, str], target: Path, rng: random.Random,
         top: tuple[int, int] = (0, 1)) -> None:
    d = docx.Document()
    i = 0
    if lines and _MASTHEAD.match(lines[0]):  # 版头: the red 发文机关标志, then 发文字号 and 签发人
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _runs(p, lines[0], "方正小标宋简体", 42, rng)
        for run in p.runs:
            run.font.color.rgb = RGBColor(0xFF, 0, 0)
        _runs(d.add_paragraph(), lines[1].replace("\t", "\u3000" * 8), "仿宋_GB2312", 16, rng)
        d.add_paragraph()
        lines = lines[2:]
    rows: list[list[str]] = []
    for i, line in enumerate(lines):
        if "\t" in line and not _COLOPHON.search(line):
            rows.append(line.split("\t"))
            continue
        if rows:
            _table(d, rows)
            rows = []
        line = _typed(line, forms)
        if i < top[0]:  # a 编号 line above the title, flush left
            _runs(d.add_paragraph(), line, "仿宋_GB2312", 16, rng)
            continue
        if i < sum(top):
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(p, line, "方正小标宋简体", 22, rng)
            if i == sum(top) - 1:
                d.add_paragraph()
            continue
        if _COLOPHON.search(line):  # 版记: 四号 仿宋, no indent
            _runs(d.add_paragraph(), line.replace("\t", "\u3000" * 10), "仿宋_GB2312", 14, rng)
            continue
        before_table = i + 1 < len(lines) and "\t" in lines[i + 1]
        if before_table or re.fullmatch(r"附件\d*", line):
            p = d.add_paragraph()  # an attachment's mark (黑体) and title (centred)
            if before_table:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(p, line, "黑体" if line.startswith("附件") else "方正小标宋简体", 16 if line.startswith("附件") else 22,
                  rng)
            continue
        level = 0
        m = _NUM.match(lines[i])
        if m:
            level = 1 if lines[i][0] in "一二三四五六七八九十" else 2 if lines[i][0] == "（" else 3
        if level == 1:
            d.add_paragraph()  # a blank line between parts
        p = d.add_paragraph()
        style = i % 3  # indents: firstLineChars, twips, typed U+3000
        if style == 0:
            p.paragraph_format.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
        elif style == 1:
            p.paragraph_format.first_line_indent = Pt(32)
        else:
            line = "\u3000\u3000" + line
        if level == 1:
            _runs(p, line, "黑体", 16, rng)
        elif level and "。" in line and level >= 2:
            head = line[:line.index("。") + 1]
            east = "楷体_GB2312" if level == 2 else "仿宋_GB2312"
            _runs(p, head, east, 16, rng, bold=level == 3)
            _runs(p, line[len(head):], "仿宋_GB2312", 16, rng)
        elif level == 2:
            _runs(p, line, "楷体_GB2312", 16, rng)
        else:
            _runs(p, line, "仿宋_GB2312", 16, rng)
    if rows:
        _table(d, rows)
    d.save(target)


def _draft(*args) -> bytes:
    proc = subprocess.run([sys.executable, "-m", "drafting.cli", *map(str, args)], check=True, capture_output=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return proc.stdout


def _resave(files: list[Path], tmp: str) -> None:
    """``X.docx`` -> ``X.lo.docx``, as LibreOffice saves it again."""
    for f in files:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "docx:MS Word 2007 XML", "--outdir", tmp, str(f)], check=True, capture_output=True)
        shutil.move(Path(tmp) / f.name, f.with_name(f"{f.stem}.lo.docx"))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(18)
    for seed, variants in VARIANTS.items():
        for name, forms in variants:
            make((SEEDS / seed).read_text(encoding="utf-8").splitlines(), forms, out / f"{name}.docx", rng)
    if not shutil.which("soffice"):
        sys.exit("LibreOffice (soffice) is needed for the re-saved copies")
    examples = out / "examples"
    examples.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        _resave([f for f in sorted(out.glob("*-*.docx")) if not f.name.endswith(".lo.docx")], tmp)
        made = []
        for yaml in sorted((ROOT / "examples").glob("*.yaml")):
            text = _draft("render", yaml, "-f", "txt", "-o", "-").decode("utf-8")
            (examples / f"{yaml.stem}.txt").write_text(text, encoding="utf-8")
            rendered = Path(tmp) / f"{yaml.stem}.docx"
            _draft("render", yaml, "-o", rendered)
            made.append(rendered)
            if yaml.stem in TYPED_EXAMPLES:
                typed = examples / f"{yaml.stem}.typed.docx"
                make(text.splitlines(), {}, typed, rng, TYPED_EXAMPLES[yaml.stem])
                _resave([typed], tmp)
        _resave(made, tmp)
        for f in made:
            shutil.move(f.with_name(f"{f.stem}.lo.docx"), examples / f"{f.stem}.lo.docx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "import")
