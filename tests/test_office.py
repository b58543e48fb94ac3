"""Issue 9: `render --format pdf/png` through LibreOffice, and the DOCX surviving LibreOffice."""
from __future__ import annotations

import re
import subprocess

import docx
import pytest

from conftest import EXAMPLES, assert_clean_failure, libreoffice_save_as, require_office, run_draft

WEIJIAN = "zhuanjie-weijian-2024.yaml"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pdf_pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages:")))


@pytest.mark.office
def test_render_pdf(workdir):
    proc = run_draft("render", workdir / WEIJIAN, "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    pdf = workdir / WEIJIAN.replace(".yaml", ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf_pages(pdf) >= 2
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace(" ", "")  # pdftotext shows the gap between CJK and Latin text as a space
    assert "县卫生健康局关于2024年卫生健康工作" in text and "—2—" in text


@pytest.mark.office
def test_render_png_one_file_per_page(workdir, example_pdfs):
    pages = pdf_pages(example_pdfs[WEIJIAN])
    proc = run_draft("render", workdir / WEIJIAN, "--format", "png", "-o", workdir / "预览.png")
    assert proc.returncode == 0, proc.stderr
    pngs = sorted(p.name for p in workdir.glob("预览*.png"))
    assert pngs == sorted(f"预览-{i}.png" for i in range(1, pages + 1))
    for name in pngs:
        assert (workdir / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert not (workdir / "预览.png").exists()


@pytest.mark.parametrize("fmt", ["pdf", "png"])
def test_without_libreoffice_exit_2(workdir, tmp_path, fmt):
    """No soffice on PATH: a Chinese message saying what to install, exit 2, nothing written."""
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = run_draft("render", workdir / WEIJIAN, "--format", fmt, env={"PATH": str(empty)})
    assert_clean_failure(proc, 2)
    assert "未找到 LibreOffice" in proc.stderr and "--format docx" in proc.stderr
    assert not list(workdir.glob(f"*.{fmt}"))


def test_png_to_screen_refused(workdir):
    proc = run_draft("render", workdir / WEIJIAN, "--format", "png", "-o", "-")
    assert_clean_failure(proc, 2)
    assert "PNG" in proc.stderr


def _footers(document) -> list[tuple[str, str]]:
    """Text and field codes of the footers in use (odd and even pages where settings say so)."""
    sec = document.sections[0]
    out = []
    even_odd = document.settings.odd_and_even_pages_header_footer
    for footer in (sec.footer, sec.even_page_footer) if even_odd else (sec.footer,):
        el = footer._element
        codes = [t.text for t in el.iter(f"{W}instrText")] + [f.get(f"{W}instr") for f in el.iter(f"{W}fldSimple")]
        out.append(("".join(t.text or "" for t in el.iter(f"{W}t")), " ".join(c.strip() for c in codes if c)))
    return out


@pytest.fixture(scope="module")
def resaved(tmp_path_factory):
    """Every example's DOCX and LibreOffice's re-save of it (all in one LibreOffice run)."""
    require_office()
    out = tmp_path_factory.mktemp("resave")
    ours = {name: out / name.replace(".yaml", ".docx") for name in EXAMPLE_NAMES}
    for name, path in ours.items():
        assert run_draft("render", EXAMPLES / name, "-o", path).returncode == 0
    again = libreoffice_save_as(list(ours.values()), "docx", out / "again")
    return {name: (ours[name], resave) for name, resave in zip(ours, again)}


@pytest.mark.office
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_libreoffice_resave_keeps_everything(name, resaved):
    """LibreOffice opens the DOCX and saves it again: every paragraph, style name and footer stays."""
    ours, again = resaved[name]
    before, after = docx.Document(ours), docx.Document(again)

    def paras(d):
        return [(p.text, p.style.name) for p in d.paragraphs if p.text.strip()]

    assert paras(after) == paras(before)
    styles_before = {s.name for s in before.styles}
    styles_after = {s.name for s in after.styles}
    ours_names = {s.name for s in before.styles if s.style_id.startswith("Draft")}
    assert ours_names and ours_names <= styles_after, ours_names - styles_after
    assert styles_before  # sanity: the names were read
    assert len(_footers(after)) == len(_footers(before))
    for (text, code), (text0, _) in zip(_footers(after), _footers(before)):
        # the field's shown number is LibreOffice's own (the last page it laid out)
        assert re.sub(r"\d+", "N", text) == re.sub(r"\d+", "N", text0), (text, text0)
        assert re.search(r"\d", text), text
        assert "PAGE" in code, code
    assert after.sections[0].page_width == before.sections[0].page_width
    assert abs(after.sections[0].top_margin - before.sections[0].top_margin) < 36000  # 1 mm in EMU
