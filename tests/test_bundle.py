"""Issue 20: ``draft bundle`` — the 办公室 assembles every unit's section into one 汇编 (cover, 目录,
one page sequence) with a status sheet of who is missing, who has errors and which figures
disagree.  These tests need no LibreOffice (``--no-layout``, or LibreOffice hidden); the 目录's
page numbers as laid out are measured in test_bundle_layout.py."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import EXAMPLES, ROOT, assert_clean_failure, run_draft

FOLDER = EXAMPLES / "汇编"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
UNITS = ["城口县民政局", "城口县人力资源和社会保障局", "城口县教育委员会", "城口县医疗保障局", "城口县卫生健康委员会",
         "城口县融媒体中心"]


def part(docx: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name))


def texts(docx: Path) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in part(docx, "word/document.xml").iter(f"{W}p")]


def front_and_body(docx: Path) -> tuple[list[str], list[str]]:
    """The paragraphs' texts of the cover and 目录 (up to the first section break), and of the body."""
    paragraphs = list(part(docx, "word/document.xml").iter(f"{W}p"))
    end = next(i for i, p in enumerate(paragraphs) if p.find(f"{W}pPr/{W}sectPr") is not None)
    text = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    return text[:end + 1], text[end + 1:]


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of examples/汇编 whose manifest points at copies of the examples it uses."""
    work = tmp_path / "汇编"
    shutil.copytree(FOLDER, work)
    for name in ("zhuanjie-minzheng-gongwen-2024.yaml", "zhuanjie-weijian-2024.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return work


def bundle(folder: Path, *args, out: Path | None = None):
    out = out or folder / "out.docx"
    return run_draft("bundle", folder / "汇编.yaml", "-o", out, "--no-layout", *args), out


def test_the_example_bundles_clean(folder):
    proc, out = bundle(folder)
    assert proc.returncode == 0, proc.stderr
    assert "汇编状态：应报 6 篇，已报送 6 篇，待报送 0 篇，有错误 0 篇，数据不一致 0 项" in proc.stderr
    assert "目录页码未排版计算" in proc.stderr  # --no-layout says the 目录 must be updated in Word
    front, body = front_and_body(out)
    # the cover in front, then the 目录
    assert front[0] == "城口县2024年政府工作报告专节材料汇编"
    assert "城口县人民政府办公室" in front and "2025年1月15日" in front and "目录" in front
    # every section's title, in the manifest's order, in the 目录 and in the body
    titles = ["民政局2024年政府工作报告保障民生专节报告", "城口县人力资源和社会保障局2024年保障民生专节报告",
              "城口县教育委员会2024年保障民生专节报告", "城口县医疗保障局2024年保障民生专节报告",
              "县卫生健康局关于2024年卫生健康工作情况的专节报告", "民生答卷暖人心"]
    listed = [t for t in front if t in titles]
    assert listed == titles
    found = [body.index(title) for title in titles]
    assert found == sorted(found) and found[0] == 0
    lines = body
    joined = "\n".join(body)
    assert "城口县民政局文件" not in joined and "城民发〔2025〕3号" not in joined  # no 版头
    assert "抄送" not in joined and "印发" not in joined  # no 版记
    assert "县人民政府办公室：" not in joined  # 保留主送: false
    assert "城口县民政局" in lines and "2025年1月6日" in lines  # 落款 and 日期 kept


def test_numbering_starts_again_in_each_section(folder):
    proc, out = bundle(folder)
    level1 = [t for t in front_and_body(out)[1] if re.match(r"^[一二三四五]、", t)]
    starts = [t for t in level1 if t.startswith("一、")]
    assert len(starts) == 5, level1  # five 专节 (the 综述 has subheads without numbers)


def _sections(out: Path) -> list[etree._Element]:
    body = part(out, "word/document.xml").find(f"{W}body")
    return [*body.iter(f"{W}sectPr")]


def test_each_section_has_its_own_page_setup_and_one_page_sequence(folder):
    proc, out = bundle(folder)
    sects = _sections(out)
    assert len(sects) == 1 + 6  # the cover and 目录, then one a section
    margins = [(s.find(f"{W}pgMar").get(f"{W}top"), s.find(f"{W}pgMar").get(f"{W}left")) for s in sects]
    assert margins[:6] == [("2098", "1587")] * 6  # 公文: 37 mm, 28 mm (GB/T 9704 5.2.1)
    assert margins[6] == ("1417", "1417")  # the 综述 keeps the 报刊 page: 25 mm
    starts = [s.find(f"{W}type").get(f"{W}val") if s.find(f"{W}type") is not None else None for s in sects]
    assert starts[1] == "oddPage" and starts[2:6] == ["nextPage"] * 4 and starts[6] == "oddPage"  # 起始页: 奇数页
    numbered = [s.find(f"{W}pgNumType") for s in sects]
    assert numbered[1].get(f"{W}start") == "1" and all(n is None for n in numbered[2:])  # "— 1 —" on, no restart
    # the front matter has footers without a PAGE field; each body section's footers have one
    rels = {r.get("Id"): r.get("Target") for r in part(out, "word/_rels/document.xml.rels")}

    def has_page(sect) -> list[bool]:
        refs = sect.findall(f"{W}footerReference")
        assert {r.get(f"{W}type") for r in refs} == {"default", "even"}
        return [b" PAGE " in zipfile.ZipFile(out).read("word/" + rels[r.get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]) for r in refs]

    assert has_page(sects[0]) == [False, False]
    assert all(has_page(s) == [True, True] for s in sects[1:])


def test_both_families_share_one_styles_part_without_clashes(tmp_path):
    """A 公文 section and a 综述 with quotations: every style id defined once, every id the body uses
    defined, and each section's runs in its own family's styles (the 综述's quoted words 楷体)."""
    for name in ("zhuanjie-minzheng-2024.yaml", "zongshu-shiguang-2025.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    out = tmp_path / "out.docx"
    proc = run_draft("bundle", tmp_path, "-o", out, "--no-layout")
    assert proc.returncode == 0, proc.stderr
    styles = part(out, "word/styles.xml")
    ids = [s.get(f"{W}styleId") for s in styles.iter(f"{W}style")]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    names = [s.find(f"{W}name").get(f"{W}val") for s in styles.iter(f"{W}style")]
    assert len(names) == len(set(names))
    doc = part(out, "word/document.xml")
    used = {e.get(f"{W}val") for tag in ("pStyle", "rStyle") for e in doc.iter(f"{W}{tag}")}
    assert used <= set(ids), used - set(ids)
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def east(sid: str) -> str:
        return by_id[sid].find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")

    quoted = {r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") for r in doc.iter(f"{W}r")
              if r.find(f"{W}rPr/{W}rStyle") is not None and by_id[r.find(f"{W}rPr/{W}rStyle").get(f"{W}val")]
              .find(f"{W}name").get(f"{W}val") == "报刊引语文字"}
    assert quoted and all(east(q) == "楷体_GB2312" for q in quoted)
    assert east("DraftHeading1") == "黑体" and east("PaperBody") == "宋体"
    # the 报刊 body does not inherit the 公文 Normal's condensed spacing (-0.25 pt)
    assert by_id["PaperBody"].find(f"{W}rPr/{W}spacing").get(f"{W}val") == "0"


def test_a_missing_unit_and_a_section_with_an_error(folder):
    (folder / "医保局.yaml").unlink()
    text = (folder / "教委.yaml").read_text(encoding="utf-8")
    (folder / "教委.yaml").write_text(text.replace("年度: 2024", "年度: 二〇二四"), encoding="utf-8")
    report = folder / "状态.md"
    proc, out = bundle(folder, "--report", report)
    assert_clean_failure(proc, 1)  # the bundle is still written
    assert out.is_file()
    front, lines = front_and_body(out)
    assert "（城口县医疗保障局：待报送）" in lines and "（城口县医疗保障局：待报送）" in front  # and in the 目录
    assert "（城口县教育委员会：有错误，见汇编状态）" in lines
    assert "城口县医疗保障局：待报送" in proc.stderr
    assert re.search(r"城口县教育委员会：有错误（1 个）.*\n.*教委\.yaml:5:\d+: 错误", proc.stderr), proc.stderr
    md = report.read_text(encoding="utf-8")
    assert re.search(r"\| 城口县医疗保障局 \| 待报送 \|", md)
    assert re.search(r"\| 城口县教育委员会 \| 有错误 \| 1 \| 0 \| .*教委\.yaml:5:\d+ \| \d{4}-\d\d-\d\d \d\d:\d\d \|", md), md

    proc, out = bundle(folder, "--skip-broken", out=folder / "skipped.docx")
    assert proc.returncode == 1
    assert not any("待报送" in t or "有错误" in t for t in texts(out))
    assert "城口县医疗保障局：待报送" in proc.stderr  # still listed


def test_figures_in_conflict_are_reported_with_both_places(folder):
    text = (folder / "民生综述.yaml").read_text(encoding="utf-8")
    (folder / "民生综述.yaml").write_text(text.replace("导语:", "数据:\n  城镇新增就业: 3200人\n导语:").replace(
        "帮助群众在家门口实现就业。", "帮助群众在家门口实现就业，城镇新增就业{城镇新增就业}。"), encoding="utf-8")
    report = folder / "状态.md"
    proc, _ = bundle(folder, "--report", report)
    assert proc.returncode == 0, proc.stderr  # a conflict is reported, not an error
    line = next(l for l in proc.stderr.splitlines() if l.startswith("数据不一致："))
    assert "城镇新增就业" in line
    assert re.search(r"城口县人力资源和社会保障局 3260人（.*人社局\.yaml:8:\d+）", line), line
    assert re.search(r"城口县融媒体中心 3200人（.*民生综述\.yaml:\d+:\d+）", line), line
    assert "数据不一致 1 项" in proc.stderr
    assert "“城镇新增就业”" in report.read_text(encoding="utf-8")


def test_a_yaml_the_manifest_does_not_list(folder):
    shutil.copy(folder / "教委.yaml", folder / "其他.yaml")
    (folder / "其他.yaml").write_text((folder / "其他.yaml").read_text(encoding="utf-8")
                                     .replace("城口县教育委员会2024", "城口县文旅委2024"), encoding="utf-8")
    proc, out = bundle(folder)
    assert proc.returncode == 0
    assert "其他.yaml：未列入汇编" in proc.stderr
    assert not any("文旅委" in t for t in texts(out))


def test_same_inputs_same_bytes(folder, tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert bundle(folder, out=a)[0].returncode == 0
    assert bundle(folder, out=b)[0].returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_a_hand_edited_bundle_is_not_overwritten(folder):
    proc, out = bundle(folder)
    with zipfile.ZipFile(out) as src:
        entries = {i.filename: src.read(i) for i in src.infolist()}
    entries["word/document.xml"] = entries["word/document.xml"].replace("民生答卷暖人心".encode(), "民生答卷暖心".encode())
    with zipfile.ZipFile(out, "w") as dst:
        for name, data in entries.items():
            dst.writestr(name, data)
    edited = out.read_bytes()
    proc, _ = bundle(folder)
    assert_clean_failure(proc, 2)
    assert "修改过" in proc.stderr and out.read_bytes() == edited
    proc, _ = bundle(folder, "--force")
    assert proc.returncode == 0
    assert (folder / "out.备份.docx").read_bytes() == edited


def test_check_says_whether_the_bundle_is_current(folder):
    proc, out = bundle(folder)
    check = run_draft("bundle", "--check", folder / "汇编.yaml", "-o", out)
    assert check.returncode == 0 and "已是最新" in check.stderr, check.stderr
    path = folder / "人社局.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("有序推进", "稳步推进"), encoding="utf-8")
    check = run_draft("bundle", "--check", folder / "汇编.yaml", "-o", out)
    assert check.returncode == 1 and "不是最新的" in check.stderr


def test_diff_of_two_bundles_names_the_unit(folder, tmp_path):
    old = tmp_path / "old.docx"
    bundle(folder, out=old)
    path = folder / "人社局.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("各项工作有序推进", "各项工作稳步推进"), encoding="utf-8")
    new = tmp_path / "new.docx"
    bundle(folder, out=new)
    proc = run_draft("diff", old, new)
    assert proc.returncode == 1, proc.stderr
    assert "修改  城口县人力资源和社会保障局 › 第1段" in proc.stdout, proc.stdout
    assert "[-有序-]{+稳步+}" in proc.stdout
    redline = tmp_path / "修订.docx"
    proc = run_draft("diff", old, new, "--redline", redline)
    assert proc.returncode == 1 and redline.is_file(), proc.stderr
    assert len(_sections(redline)) == 7  # the redline keeps the sections


def test_without_libreoffice_the_bundle_is_still_written(folder, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    out = folder / "out.docx"
    proc = run_draft("bundle", folder / "汇编.yaml", "-o", out, env={"PATH": str(empty)})
    assert proc.returncode == 0, proc.stderr
    assert out.is_file()
    assert "未找到 LibreOffice" in proc.stderr and "更新域" in proc.stderr
    # Word is asked to update the 目录 when it opens the file
    assert b'w:fldCharType="begin" w:dirty="true"' in zipfile.ZipFile(out).read("word/document.xml")


def test_a_folder_alone_bundles_its_files_by_name(tmp_path):
    for name in ("zongshu-hongjing-2024.yaml", "zhuanjie-minzheng-2024.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    proc = run_draft("bundle", tmp_path, "--no-layout")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path.parent / f"{tmp_path.name}.docx"
    lines = front_and_body(out)[1]
    assert lines.index("民政局2024年政府工作报告保障民生专节报告") < lines.index("把民生实事办到群众心坎上")


def test_a_wrong_manifest_is_located(folder):
    path = folder / "汇编.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    起始页: 奇数页", "    起始页: 双页"), encoding="utf-8")
    proc, out = bundle(folder)
    assert_clean_failure(proc, 2)
    assert re.search(r"汇编\.yaml:28:\d+: 错误：应是以下之一：新页、奇数页", proc.stderr), proc.stderr
    assert not out.exists()


def test_render_of_a_manifest_points_at_bundle(folder):
    proc = run_draft("render", folder / "汇编.yaml", "-o", folder / "x.docx")
    assert_clean_failure(proc, 1)
    assert "draft bundle" in proc.stderr


def test_the_example_manifest_lists_at_least_five_sections():
    text = (FOLDER / "汇编.yaml").read_text(encoding="utf-8")
    assert text.count("  - 单位:") >= 5
    assert (ROOT / "docs" / "汇编.md").is_file()


def test_the_status_report_is_rewritten_on_the_next_run_but_a_hand_edited_one_is_kept(folder):
    """The office runs the same command every time: draft replaces its own report, not an edited one."""
    report = folder / "状态.md"
    for _ in range(2):
        proc, _ = bundle(folder, "--report", report)
        assert proc.returncode == 0, proc.stderr
    report.write_text(report.read_text(encoding="utf-8") + "\n办公室的批注\n", encoding="utf-8")
    edited = report.read_bytes()
    proc, _ = bundle(folder, "--report", report)
    assert proc.returncode == 2 and "状态.md" in proc.stderr, proc.stderr
    assert report.read_bytes() == edited
