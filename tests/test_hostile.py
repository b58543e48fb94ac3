"""Hostile input, case by case (issue 14): the contract holds for each.

Every case sets up a folder, runs one ``draft`` command (in this process; the signal cases in a
subprocess) and checks what a user would: the exit code, a Chinese message (located where it
names a file:line:col), never ``内部错误`` or a traceback, no ``.draft-*.tmp`` left behind, every
file that existed before byte-identical (or, where ``--force`` replaced it, backed up
byte-identical), and a time and memory guard (a guard against hangs and blow-ups, not a speed
target).  Families: data lost (D), forged data (F), resources (R), internal errors (I), messages
(M), command line (C), interruption (S), quiet acceptance (Q).
"""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from conftest import EXAMPLES, ROOT, run_draft

TIME_GUARD = 60  # seconds: a case that takes this long hangs
MEMORY_GUARD = 400 * 2**20  # bytes at the peak: Python allocations in this process, all resident memory in a process case

HEAD = "类型: 专节报告\n标题: 测试报告\n单位: 某局\n年度: 2024\n日期: 2025-01-06\n"  # lines 1-5
ZS = "类型: 综述\n标题: 测试\n导语: 导语。\n部分:\n  - 小标题: 甲\n    内容:\n      - 图片: {img}\n        说明: 说明\n落款: 某局\n"
MINZHENG = (EXAMPLES / "zhuanjie-minzheng-2024.yaml").read_text(encoding="utf-8")


def text(s: str) -> bytes:
    return s.encode("utf-8")


@dataclass
class Case:
    id: str
    files: dict[str, bytes | Callable[[Path], None]]  # name -> content, or a function making it
    argv: list[str]
    code: int
    says: str  # a fragment of the Chinese message
    where: str | None = None  # "a.yaml:6:9": the message is located there
    forced: tuple[str, ...] = ()  # files --force replaced (a byte-identical backup must exist)
    env: dict[str, str] = field(default_factory=dict)
    office: bool = False
    creates: tuple[str, ...] = ()  # files the command must have written
    absent: tuple[str, ...] = ()  # paths that must not exist afterwards
    # a possible memory blow-up, or a big input (tracemalloc would slow it several times): run in a
    # process with an address-space cap, its peak resident memory measured
    process: bool = False


# --- builders of hostile files ----------------------------------------------------------------
def fifo(path: Path) -> None:
    os.mkfifo(path)


def symlink_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def zip_of(entries: dict[str, bytes], compress=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def bomb(path: Path, mb: int = 80) -> None:
    """A small zip whose document.xml inflates to ``mb`` MB of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * 2**20
            for _ in range(mb):
                f.write(chunk)


def rendered(yaml_text: str) -> bytes:
    """The DOCX draft renders from ``yaml_text``."""
    import tempfile

    from drafting.pipeline import build, to_docx

    with tempfile.TemporaryDirectory() as folder:
        src = Path(folder) / "src.yaml"
        src.write_text(yaml_text, encoding="utf-8")
        return to_docx(build(src).doc)


def docx_changed(change: Callable[[dict], None], refingerprint: bool) -> Callable[[Path], None]:
    """A DOCX draft rendered from MINZHENG, then changed (and, if ``refingerprint``, its
    fingerprint recomputed as a forger would)."""
    def make(path: Path) -> None:
        from drafting.package import _FP, CUSTOM_PART, FIXED_EPOCH, PLACEHOLDER, pack, read_parts

        parts = read_parts(io.BytesIO(rendered(MINZHENG)))
        change(parts)
        if refingerprint:
            custom = parts[CUSTOM_PART]
            parts[CUSTOM_PART] = custom.replace(_FP.search(custom).group(1), PLACEHOLDER.encode())
            path.write_bytes(pack(list(parts.items()), FIXED_EPOCH))
        else:
            path.write_bytes(zip_of(parts))

    return make


def _tree_part(yaml_text: str) -> bytes:
    from drafting.package import read_parts

    return read_parts(io.BytesIO(rendered(yaml_text)))["customXml/item1.xml"]


def replace_in(part: str, old: bytes, new: bytes) -> Callable[[dict], None]:
    def change(parts: dict) -> None:
        assert old in parts[part]
        parts[part] = parts[part].replace(old, new)

    return change


def set_part(part: str, data: bytes) -> Callable[[dict], None]:
    return lambda parts: parts.__setitem__(part, data)


def png(width: int = 1, height: int = 1) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\0" + b"\xff\xff\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def deep(levels: int) -> str:
    return HEAD + "工作回顾:\n" + "".join("  " * i + "- \n" for i in range(1, levels)) + "  " * levels + "- 甲\n"


def schema_file(body: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        (path / "schemas").mkdir(parents=True)
        (path / "templates").mkdir()
        (path / "schemas" / "t.py").write_text(body, encoding="utf-8")
        (path / "templates" / "t.jinja").write_text('{% include "t.jinja" %}', encoding="utf-8")

    return make


LOOP_SCHEMA = ("from pydantic import Field\nfrom drafting.model import Section\n\n"
               "class Loop(Section):\n    type_name = '循环'\n    template = 't.jinja'\n    family = '公文'\n"
               "    title: str = Field(alias='标题')\n")
FIGS = HEAD + "数据:\n  甲:\n    值: {v}\n    单位: 人\n    目标: 1\n开头: 共{{甲:{fmt}}}\n"
OUT = "out"

CASES = [
    # --- D: data lost ---------------------------------------------------------------------------
    Case("D01 txt over a hand-written notes.txt", {"a.yaml": text(MINZHENG), "notes.txt": b"my notes\n"},
         ["render", "a.yaml", "-f", "txt", "-o", "notes.txt"], 2, "不是 draft 生成的", "notes.txt"),
    Case("D02 md over README.md", {"a.yaml": text(MINZHENG), "README.md": b"# mine\n"},
         ["render", "a.yaml", "-f", "md", "-o", "README.md"], 2, "不是 draft 生成的", "README.md"),
    Case("D03 txt beside the YAML over a hand-written base.txt", {"base.yaml": text(MINZHENG), "base.txt": b"x"},
         ["render", "base.yaml", "-f", "txt"], 2, "不是 draft 生成的", "base.txt"),
    Case("D04 the user's own mine.pdf", {"a.yaml": text(MINZHENG), "mine.pdf": b"%PDF-1.4 mine"},
         ["render", "a.yaml", "-f", "pdf", "-o", "mine.pdf"], 2, "不是 draft 生成的", "mine.pdf", office=True),
    Case("D05 a picture 预览-1.png under a PNG page name", {"a.yaml": text(MINZHENG), "预览-1.png": png()},
         ["render", "a.yaml", "-f", "png", "-o", "预览.png"], 2, "不是 draft 生成的", "预览-1.png", office=True,
         absent=("预览-2.png",)),
    Case("D06 a property added to docProps/custom.xml", {
        "a.yaml": text(MINZHENG),
        "a.docx": docx_changed(replace_in("docProps/custom.xml", b"</Properties>",
                                          b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="9" '
                                          b'name="Checked by"><vt:lpwstr>Li</vt:lpwstr></property></Properties>'), False)},
         ["render", "a.yaml"], 2, "被修改过", "a.docx"),
    Case("D07 a DOCX whose text was edited", {
        "a.yaml": text(MINZHENG),
        "a.docx": docx_changed(replace_in("word/document.xml", "县民政局".encode(), "县民政厅".encode()), False)},
         ["render", "a.yaml"], 2, "被修改过", "a.docx"),
    Case("D08 a zip that is not draft's at the DOCX name", {"a.yaml": text(MINZHENG), "a.docx": zip_of({"x": b"y"})},
         ["render", "a.yaml"], 2, "不是 draft 生成的", "a.docx"),
    Case("D09 --force keeps a backup of notes.txt", {"a.yaml": text(MINZHENG), "notes.txt": b"my notes\n"},
         ["render", "a.yaml", "-f", "txt", "-o", "notes.txt", "--force"], 0, "已备份为", forced=("notes.txt",)),
    Case("D10 --force over an edited DOCX keeps a backup", {
        "a.yaml": text(MINZHENG),
        "a.docx": docx_changed(replace_in("word/document.xml", "县民政局".encode(), "县民政厅".encode()), False)},
         ["render", "a.yaml", "--force"], 0, "已备份为", forced=("a.docx",)),
    Case("D11 a second backup does not replace the first", {
        "a.yaml": text(MINZHENG), "n.txt": b"new notes\n", "n.备份.txt": b"old backup\n"},
         ["render", "a.yaml", "-f", "txt", "-o", "n.txt", "--force"], 0, "n.备份2.txt", forced=("n.txt",)),
    Case("D12 a new txt is simply written", {"a.yaml": text(MINZHENG)},
         ["render", "a.yaml", "-f", "txt", "-o", "r.txt"], 0, "已生成", creates=("r.txt",)),
    Case("D13 the output is a FIFO", {"a.yaml": text(MINZHENG), "a.txt": fifo},
         ["render", "a.yaml", "-f", "txt"], 2, "特殊文件", "a.txt"),
    Case("D14 the output is the input", {"a.yaml": text(MINZHENG)},
         ["render", "a.yaml", "-f", "txt", "-o", "a.yaml"], 2, "输出文件不能是输入文件本身"),
    Case("D15 text output over another YAML", {"a.yaml": text(MINZHENG), "b.yaml": text(HEAD)},
         ["render", "a.yaml", "-f", "txt", "-o", "b.yaml"], 2, "不是 draft 生成的", "b.yaml"),
    Case("D16 a redline over somebody's DOCX", {"a.yaml": text(MINZHENG), "b.yaml": text(MINZHENG),
                                                "r.docx": zip_of({"x": b"y"})},
         ["diff", "a.yaml", "b.yaml", "--redline", "r.docx"], 2, "不是 draft 生成的", "r.docx"),
    Case("D17 a folder render over a hand-written txt", {"in/a.yaml": text(MINZHENG), "out/a.txt": b"mine"},
         ["render", "in", "-f", "txt", "-o", "out"], 2, "不是 draft 生成的", "a.txt"),
    Case("D18 a DOCX at the output path that is a zip bomb", {"a.yaml": text(MINZHENG), "a.docx": bomb},
         ["render", "a.yaml"], 2, "不是 draft 生成的", "a.docx", process=True),

    # --- F: forged data ----------------------------------------------------------------------------
    Case("F01 visible text changed, fingerprint recomputed", {
        "a.yaml": text(MINZHENG),
        "a.docx": docx_changed(replace_in("word/document.xml", "县民政局".encode(), "县民政厅".encode()), True)},
         ["diff", "a.yaml", "a.docx"], 1, "{+厅+}"),
    # a tree that cannot be read is no tree: the DOCX is read by its styles (the same words as its YAML)
    Case("F02 embedded tree is not JSON", {
        "a.yaml": text(MINZHENG.replace("954人次", "955人次")), "a.docx": docx_changed(set_part("customXml/item1.xml",
                                                                  b'<tree xmlns="urn:draft:document-tree:1">{not json</tree>'), True)},
         ["diff", "a.yaml", "a.docx"], 1, "没有数据记录"),
    Case("F03 embedded tree of the wrong shape", {
        "a.yaml": text(MINZHENG.replace("954人次", "955人次")), "a.docx": docx_changed(set_part(
            "customXml/item1.xml", b'<tree xmlns="urn:draft:document-tree:1">{"type":1,"family":[],"blocks":'
                                   b'[{"kind":"heading","spans":{"a":1}}]}</tree>'), True)},
         ["diff", "a.yaml", "a.docx"], 1, "没有数据记录"),
    Case("F04 embedded tree deeply nested JSON", {
        "a.yaml": text(MINZHENG.replace("954人次", "955人次")), "a.docx": docx_changed(set_part(
            "customXml/item1.xml", b'<tree xmlns="urn:draft:document-tree:1">' + b"[" * 100000 + b"</tree>"), True)},
         ["diff", "a.yaml", "a.docx"], 1, "没有数据记录"),
    Case("F05 the embedded tree of another document", {
        "b.yaml": text(MINZHENG.replace("954人次", "955人次")),
        "a.docx": docx_changed(lambda parts: parts.__setitem__("customXml/item1.xml", _tree_part(
            MINZHENG.replace("954人次", "955人次"))), True)},
         ["diff", "b.yaml", "a.docx"], 1, "954"),

    # --- R: resources ------------------------------------------------------------------------------
    Case("R01 zip bomb in diff", {"a.yaml": text(MINZHENG), "b.docx": bomb},
         ["diff", "a.yaml", "b.docx"], 2, "超过上限", "b.docx", process=True),
    Case("R02 zip bomb in render --check", {"a.yaml": text(MINZHENG), "a.docx": bomb},
         ["render", "--check", "a.yaml"], 1, "超过上限", "a.docx", process=True),
    Case("R03 high compression ratio in diff", {"a.yaml": text(MINZHENG), "b.docx": lambda p: bomb(p, 4)},
         ["diff", "a.yaml", "b.docx"], 2, "压缩比", "b.docx"),
    Case("R04 too many zip entries", {"a.yaml": text(MINZHENG),
                                      "b.docx": zip_of({f"p{i}": b"" for i in range(10_001)}, zipfile.ZIP_STORED)},
         ["diff", "a.yaml", "b.docx"], 2, "条目太多", "b.docx"),
    Case("R05 a FIFO as the input", {"a.yaml": fifo}, ["render", "a.yaml"], 2, "不是普通文件", "a.yaml"),
    Case("R06 a symlink to /dev/zero as the input", {"a.yaml": symlink_to("/dev/zero")},
         ["render", "a.yaml"], 2, "不是普通文件", "a.yaml", process=True),
    Case("R07 a FIFO as a picture", {"a.yaml": text(ZS.format(img="p.png")), "p.png": fifo},
         ["render", "a.yaml"], 1, "无法识别的图片", "a.yaml:7:13"),
    Case("R08 a FIFO as the DOCX to compare", {"a.yaml": text(MINZHENG), "b.docx": fifo},
         ["diff", "a.yaml", "b.docx"], 2, "不是普通文件", "b.docx"),
    Case("R09 a YAML over 10 MB", {"a.yaml": text(HEAD + "开头: " + "甲" * (4 * 2**20) + "\n")},
         ["check", "a.yaml"], 1, "文件太大", "a.yaml"),
    Case("R10 nesting 1,000 levels", {"a.yaml": text(deep(1000))}, ["check", "a.yaml"], 1, "嵌套太深", "a.yaml:70:"),
    Case("R11 nesting 65 levels", {"a.yaml": text(deep(65))}, ["check", "a.yaml"], 1, "嵌套太深", "a.yaml:70:"),
    Case("R12 a list of 20,001 items", {"a.yaml": text(HEAD + "开头:\n" + "  - 段。\n" * 20_001)},
         ["check", "a.yaml"], 1, "列表太长", "a.yaml:20007:5", process=True),
    Case("R13 one value over 1 MB", {"a.yaml": text(HEAD + "开头: " + "段" * (2**20 + 1) + "\n")},
         ["check", "a.yaml"], 1, "超过上限", "a.yaml:6:5", process=True),
    Case("R14 16,000 errors: 50 printed and a count", {"a.yaml": text(HEAD + "工作回顾:\n" + "  - 标题: [1]\n" * 16_000)},
         ["check", "a.yaml"], 1, "另有 15950 个错误", "a.yaml:7:5", process=True),
    Case("R15 20,000 要点 in one item", {"a.yaml": text(HEAD + "工作回顾:\n  - 标题: 甲\n    要点:\n"
                                                     + "".join(f"      - 要点{i}。\n" for i in range(20_000)))},
         ["render", "a.yaml", "-f", "txt", "-o", "a.txt"], 0, "已生成", creates=("a.txt",), process=True),
    Case("R16 /dev/null as the input", {"a.yaml": symlink_to("/dev/null")}, ["check", "a.yaml"], 2, "不是普通文件"),
    Case("R17 a part over 64 MB", {"a.yaml": text(MINZHENG), "b.docx": lambda p: bomb(p, 65)},
         ["diff", "a.yaml", "b.docx"], 2, "超过上限 64 MB", "b.docx", process=True),
    Case("R18 a picture over 50 MB", {"a.yaml": text(ZS.format(img="p.png")),
                                      "p.png": lambda p: p.write_bytes(png() + b"\0" * (50 * 2**20))},
         ["check", "a.yaml"], 1, "无法识别的图片", "a.yaml:7:13"),

    # --- I: internal errors --------------------------------------------------------------------------
    Case("I01 check of several files reaches the summary", {"a.yaml": text(deep(1000)), "b.yaml": text(MINZHENG)},
         ["check", "a.yaml", "b.yaml", "a.yaml"], 1, "检查了 3 个文件"),
    Case("I02 完成率 of a 28-digit figure", {"a.yaml": text(FIGS.format(v="9" * 28, fmt="完成率"))},
         ["render", "a.yaml", "-f", "txt", "-o", "a.txt"], 0, "已生成"),
    Case("I03 a 29-digit figure", {"a.yaml": text(FIGS.format(v="1" * 29, fmt="完成率"))},
         ["check", "a.yaml"], 1, "数字太长", "a.yaml:8:8"),
    Case("I04 unit conversion of a 28-digit figure", {"a.yaml": text(FIGS.format(v="9" * 27 + ".5", fmt="万人"))},
         ["render", "a.yaml", "-f", "txt", "-o", "a.txt"], 0, "已生成"),
    Case("I05 a PNG header over broken content", {"a.yaml": text(ZS.format(img="p.png")),
                                                  "p.png": b"\x89PNG\r\n\x1a\n garbage garbage"},
         ["render", "a.yaml"], 1, "无法识别的图片", "a.yaml:7:13"),
    Case("I06 check refuses the broken PNG too", {"a.yaml": text(ZS.format(img="p.png")),
                                                  "p.png": b"\x89PNG\r\n\x1a\n garbage garbage"},
         ["check", "a.yaml"], 1, "无法识别的图片", "a.yaml:7:13"),
    Case("I07 a JPEG header over broken content", {"a.yaml": text(ZS.format(img="p.jpg")), "p.jpg": b"\xff\xd8\xff garbage"},
         ["render", "a.yaml"], 1, "无法识别的图片", "a.yaml:7:13"),
    Case("I08 a PNG cut short", {"a.yaml": text(ZS.format(img="p.png")), "p.png": png(4, 4)[:-20]},
         ["render", "a.yaml"], 1, "无法识别的图片", "a.yaml:7:13"),
    Case("I09 a GIF with no size", {"a.yaml": text(ZS.format(img="p.gif")), "p.gif": b"GIF89a\0\0\0\0;"},
         ["render", "a.yaml"], 1, "无法识别的图片", "a.yaml:7:13"),
    Case("I10 an output name over 255 bytes", {"a.yaml": text(MINZHENG)},
         ["render", "a.yaml", "-o", "长" * 90 + ".docx"], 2, "文件名太长"),
    Case("I11 an encrypted zip entry", {"a.yaml": text(MINZHENG), "b.docx": lambda p: p.write_bytes(
        zip_of({"word/document.xml": b"<w/>"}).replace(b"PK\x03\x04\x14\x00\x00\x00", b"PK\x03\x04\x14\x00\x01\x00")
        .replace(b"PK\x01\x02\x14\x03\x14\x00\x00\x00", b"PK\x01\x02\x14\x03\x14\x00\x01\x00"))},
         ["diff", "a.yaml", "b.docx"], 2, "加密", "b.docx"),
    Case("I12 an oddly compressed zip entry", {"a.yaml": text(MINZHENG),
                                               "b.docx": zip_of({"word/document.xml": b"<w/>"}, zipfile.ZIP_BZIP2)},
         ["diff", "a.yaml", "b.docx"], 2, "压缩方式", "b.docx"),
    Case("I13 a DOCX without document.xml", {"a.yaml": text(MINZHENG), "b.docx": zip_of({"x.xml": b"<x/>"})},
         ["diff", "a.yaml", "b.docx"], 2, "document.xml", "b.docx"),
    Case("I14 a DOCX with broken document.xml", {"a.yaml": text(MINZHENG), "b.docx": zip_of({"word/document.xml": b"<w:"})},
         ["diff", "a.yaml", "b.docx"], 2, "已损坏", "b.docx"),
    Case("I15 template recursion", {"types": schema_file(LOOP_SCHEMA), "a.yaml": text("类型: 循环\n标题: 甲\n")},
         ["render", "a.yaml", "--types-dir", "types"], 2, "递归", "t.jinja"),
    Case("I16 a schema file calling sys.exit(0)", {"types": schema_file("import sys\nsys.exit(0)\n"),
                                                  "a.yaml": text(MINZHENG)},
         ["render", "a.yaml", "--types-dir", "types"], 2, "sys.exit", "t.py"),
    Case("I17 a DOCX that is not a zip", {"a.yaml": text(MINZHENG), "b.docx": b"not a zip"},
         ["diff", "a.yaml", "b.docx"], 2, "不是有效的 DOCX", "b.docx"),

    # --- M: messages -------------------------------------------------------------------------------
    Case("M01 U+007F located", {"a.yaml": text(HEAD + "开头: 一二三\x7f四\n")}, ["check", "a.yaml"], 1, "U+007F", "a.yaml:6:8"),
    Case("M02 U+0090 located", {"a.yaml": text(HEAD + "开头: 一二\x90\n")}, ["check", "a.yaml"], 1, "U+0090", "a.yaml:6:7"),
    Case("M03 a second document", {"a.yaml": text(HEAD + "---\n类型: 专节报告\n")}, ["check", "a.yaml"], 1,
         "第二篇文档", "a.yaml:6:1"),
    Case("M04 UTF-16 without BOM", {"a.yaml": HEAD.encode("utf-16-le")}, ["check", "a.yaml"], 1, "UTF-16", "a.yaml"),
    Case("M05 UTF-16 with BOM is read", {"a.yaml": b"\xff\xfe" + (HEAD + "开头: 甲。\n").encode("utf-16-le")},
         ["check", "a.yaml"], 0, "通过"),
    Case("M06 a tab at the start of a value", {"a.yaml": text(HEAD + "开头: \t坚持\n")}, ["check", "a.yaml"], 1,
         "值的开头不能是 Tab", "a.yaml:6:5"),
    Case("M07 a value starting with a figure reference", {"a.yaml": text(HEAD + "开头:\n  - {新增就业}为全年目标\n")},
         ["check", "a.yaml"], 1, "全角括号", "a.yaml:7:5"),
    Case("M08 no space after the colon", {"a.yaml": text(HEAD.replace("单位: 某局", "单位:某某局"))},
         ["check", "a.yaml"], 1, "冒号后面缺少空格", "a.yaml:3:3"),
    Case("M09 an ASCII colon inside text", {"a.yaml": text(HEAD + "开头:\n  - 主要做法: 坚持就业优先\n")},
         ["check", "a.yaml"], 1, "中文冒号", "a.yaml:7:5"),
    Case("M10 no space after the dash (continuation)", {"a.yaml": text(
        HEAD + "工作回顾:\n  - 标题: 甲\n    要点:\n      - 甲\n        -坚持就业优先\n")},
         ["check", "a.yaml"], 1, "“-”后面缺少空格", "a.yaml:10:9"),
    Case("M11 no space after the dash (own line)", {"a.yaml": text(
        HEAD + "工作回顾:\n  - 标题: 甲\n    要点:\n      - 甲\n      -坚持就业优先\n")},
         ["check", "a.yaml"], 1, "“-”后面缺少空格", "a.yaml:10:7"),
    Case("M12 a GBK file is read with W001", {"a.yaml": (HEAD + "开头: 甲。\n").encode("gbk")},
         ["check", "a.yaml"], 0, "W001"),
    Case("M13 no pydantic recursion text", {"a.yaml": text(deep(64))}, ["check", "a.yaml"], 1, "a.yaml:"),
    Case("M14 a full-width colon", {"a.yaml": text(HEAD.replace("单位: 某局", "单位：某局"))},
         ["check", "a.yaml"], 1, "中文冒号", "a.yaml:3:"),

    # --- C: command line ---------------------------------------------------------------------------
    Case("C01 -o into a folder that does not exist", {"a.yaml": text(MINZHENG)},
         ["render", "a.yaml", "-o", "报送/民政局.docx"], 0, "已生成", creates=("报送/民政局.docx",)),
    Case("C02 many files -o a file name", {"a.yaml": text(MINZHENG), "b.yaml": text(MINZHENG)},
         ["render", "a.yaml", "b.yaml", "-o", "单个.docx"], 2, "应是文件夹", absent=("单个.docx",)),
    Case("C03 an empty file name", {"a.yaml": text(MINZHENG)}, ["render", ""], 2, "文件名是空的", absent=("a.docx",)),
    Case("C04 an empty file name in check", {"a.yaml": text(MINZHENG)}, ["check", ""], 2, "文件名是空的"),
    Case("C05 a subfolder in folder mode is named", {"in/a.yaml": text(MINZHENG), "in/sub/b.yaml": text(MINZHENG)},
         ["render", "in", "-f", "txt", "-o", OUT], 0, "子文件夹", creates=("out/a.txt",)),
    Case("C06 --force=1", {"a.yaml": text(MINZHENG)}, ["render", "a.yaml", "--force=1"], 2, "后面不用写值"),
    Case("C07 new 专节 suggests 专节报告", {}, ["new", "专节"], 2, "是不是“专节报告”"),
    Case("C08 a missing DRAFT_TYPES_PATH folder", {"a.yaml": text(MINZHENG)}, ["render", "a.yaml", "-f", "txt", "-o", "a.txt"],
         0, "已生成", env={"DRAFT_TYPES_PATH": "/no/such/folder"}),
    Case("C09 a missing --types-dir", {"a.yaml": text(MINZHENG)}, ["render", "a.yaml", "--types-dir", "nope"], 2,
         "类型目录不存在"),
    Case("C10 help in Chinese only", {}, ["render", "-h"], 0, "选项："),
    Case("C11 a batch failure is a located line before the summary", {"in/a.yaml": text(HEAD + "开头: [\n"),
                                                                     "in/b.yaml": text(MINZHENG)},
         ["render", "in", "-f", "txt", "-o", OUT], 1, "1 个文件失败", "a.yaml:7:1"),
    Case("C12 an unknown type names the stale DRAFT_TYPES_PATH", {"a.yaml": text("类型: 我的类型\n标题: 甲\n")},
         ["check", "a.yaml"], 1, "/no/such/folder", env={"DRAFT_TYPES_PATH": "/no/such/folder"}),

    # --- Q: quiet acceptance -----------------------------------------------------------------------
    Case("Q01 a bidi override", {"a.yaml": text(HEAD + "开头: 甲\u202e乙丙\n")}, ["check", "a.yaml"], 0, "W301", "a.yaml:6:6"),
    Case("Q02 a zero-width space", {"a.yaml": text(HEAD + "开头: 甲乙\u200b丙\n")}, ["check", "a.yaml"], 0, "W301", "a.yaml:6:7"),
    Case("Q03 W301 fails --strict", {"a.yaml": text(HEAD + "开头: 甲\u2066乙\n")}, ["check", "a.yaml", "--strict"], 1, "W301"),
    Case("Q04 !!binary", {"a.yaml": text(HEAD + "开头: !!binary YWJj\n")}, ["check", "a.yaml"], 1, "“!!binary”", "a.yaml:6:5"),
    Case("Q05 an unknown tag", {"a.yaml": text(HEAD + "开头: !foo 甲\n")}, ["check", "a.yaml"], 1, "“!foo”", "a.yaml:6:5"),
    Case("Q06 年度: 2_024", {"a.yaml": text(HEAD.replace("年度: 2024", "年度: 2_024"))}, ["check", "a.yaml"], 1,
         "应是整数", "a.yaml:4:5"),
    Case("Q07 年度: +2024", {"a.yaml": text(HEAD.replace("年度: 2024", "年度: +2024"))}, ["check", "a.yaml"], 1,
         "应是整数", "a.yaml:4:5"),
    Case("Q08 年度: 2024.0", {"a.yaml": text(HEAD.replace("年度: 2024", "年度: 2024.0"))}, ["check", "a.yaml"], 1,
         "应是整数", "a.yaml:4:5"),
    Case("Q09 a picture outside the YAML's folder", {"sub/a.yaml": text(ZS.format(img="../p.png")), "p.png": png()},
         ["check", "sub/a.yaml"], 0, "W302", "a.yaml:7:13"),
    Case("Q10 12人 as 万人", {"a.yaml": text(FIGS.format(v="12", fmt="万人"))}, ["check", "a.yaml"], 1,
         "四舍五入为0", "a.yaml:11:6"),
    Case("Q11 a tagged mapping", {"a.yaml": text(HEAD + "开头: !!set {a, b}\n")}, ["check", "a.yaml"], 1, "“!!set”"),
]


def _make(tmp: Path, files: dict) -> None:
    for name, content in files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        else:
            path.write_bytes(content)


def _snapshot(tmp: Path) -> dict[Path, bytes | None]:
    """Every file under ``tmp`` (None for what is not a regular file: FIFO, symlink)."""
    out = {}
    for p in tmp.rglob("*"):
        if p.is_symlink() or not p.is_file():
            out[p] = None
        elif p.stat().st_size < 2**24:
            out[p] = p.read_bytes()
        else:
            out[p] = p.stat().st_size
    return out


class Hung(BaseException):
    """The time guard ran out (not an Exception: draft's own handlers must not catch it)."""


def _guarded(fn):
    def alarm(signum, frame):
        raise Hung(f"no answer after {TIME_GUARD} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_GUARD)
    tracemalloc.start()
    try:
        result = fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert peak < MEMORY_GUARD, f"peak memory {peak / 2**20:.0f} MB"
    return result


PROCESS_MEMORY = 2**30  # bytes of address space for a process case: a blow-up fails it (MemoryError), not the run


def _limited():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (PROCESS_MEMORY, PROCESS_MEMORY))


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str


def _capped(argv: list[str], cwd: Path, env: dict[str, str]) -> Finished:
    """``draft argv`` in a process with a memory and a time cap; its peak resident memory (the
    whole process, C allocations included) must stay under MEMORY_GUARD."""
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    full.pop("DRAFT_DEBUG", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "drafting.cli", *argv], cwd=cwd, env=full, stdout=out,
                                stderr=err, preexec_fn=_limited)
        hung: list[bool] = []
        timer = threading.Timer(TIME_GUARD, lambda: hung.append(True) or proc.kill())
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this process alone
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        assert not hung, f"no answer after {TIME_GUARD} s"
        peak = usage.ru_maxrss * 1024  # KiB on Linux
        assert peak < MEMORY_GUARD, f"peak memory {peak / 2**20:.0f} MB"
        out.seek(0)
        err.seek(0)
        return Finished(proc.returncode, *(f.read().decode("utf-8", "replace") for f in (out, err)))


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=[pytest.mark.office] if c.office else [])
                                  for c in CASES])
def test_hostile(case: Case, tmp_path):
    _make(tmp_path, case.files)
    before = _snapshot(tmp_path)
    env = {"DRAFT_TYPES_PATH": "", **case.env}
    if case.process:
        result = _capped(case.argv, tmp_path, env)
    else:
        result = _guarded(lambda: run_draft(*case.argv, cwd=tmp_path, env=env))
    said = result.stdout + result.stderr
    assert result.returncode == case.code, said
    assert case.says in said, said
    if case.where:
        assert case.where in said, said
    assert "内部错误" not in said and "Traceback" not in said, said
    if case.code:
        assert any("\u4e00" <= c <= "\u9fff" for c in said), "the message is in Chinese"
    for path, data in before.items():
        name = str(path.relative_to(tmp_path))
        if name in case.forced:
            backups = [b for b in path.parent.glob(f"{path.stem}.备份*{path.suffix}") if b.read_bytes() == data]
            assert backups, f"{name} was replaced without a byte-identical backup"
            continue
        if data is None:
            assert os.path.lexists(path), f"{name} is gone"
        elif isinstance(data, int):
            assert path.stat().st_size == data, f"{name} changed"
        else:
            assert path.read_bytes() == data, f"{name} changed"
    assert not list(tmp_path.rglob(".draft-*.tmp")), "a temporary file was left behind"
    for name in case.creates:
        assert (tmp_path / name).is_file(), f"{name} was not written"
    for name in case.absent:
        assert not os.path.lexists(tmp_path / name), f"{name} should not exist"


def test_the_table_covers_every_family():
    families = {c.id[0] for c in CASES}
    assert families >= set("DFRIMCQ") and len(CASES) + len(SIGNAL_CASES) >= 80


# --- what only a real process shows: signals -------------------------------------------------------
def _batch(tmp: Path, n: int) -> list[str]:
    (tmp / "in").mkdir()
    for i in range(n):
        (tmp / "in" / f"f{i:03}.yaml").write_text(MINZHENG, encoding="utf-8")
    return ["render", "in", "-o", "out"]


def _signal_run(tmp: Path, argv: list[str], sig: int, after_outputs: int):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DRAFT_DEBUG", None)
    proc = subprocess.Popen([sys.executable, "-m", "drafting.cli", *argv], cwd=tmp, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limited)
    start = time.monotonic()
    while time.monotonic() - start < TIME_GUARD:  # wait until the batch is under way
        if len(list((tmp / "out").glob("*.docx"))) >= after_outputs or proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=TIME_GUARD)
    return proc.returncode, err.decode("utf-8")


SIGNAL_CASES = [("S01 Ctrl-C in a batch", signal.SIGINT, 130), ("S02 SIGTERM in a batch", signal.SIGTERM, 143)]


@pytest.mark.parametrize("name,sig,code", SIGNAL_CASES, ids=[c[0] for c in SIGNAL_CASES])
def test_a_signal_stops_a_batch_and_says_what_was_written(name, sig, code, tmp_path):
    from drafting.package import fingerprint_state

    n = 400
    argv = _batch(tmp_path, n)
    returncode, err = _signal_run(tmp_path, argv, sig, after_outputs=3)
    written = sorted((tmp_path / "out").glob("*.docx"))
    assert returncode == code, err
    assert "已中断：已生成" in err and "没有生成" in err and "内部错误" not in err and "Traceback" not in err, err
    assert 0 < len(written) < n, "the batch stopped promptly"
    assert f"已生成 {len(written)} 个文件" in err, err
    assert all(fingerprint_state(p) == "ours" for p in written), "every written file is complete"
    assert not list(tmp_path.rglob(".draft-*.tmp"))


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_an_interrupt_while_writing_leaves_no_temporary_file(sig, code, tmp_path, monkeypatch):
    """Ctrl-C or SIGTERM (turned into the same interrupt by ``cli.main``) in the middle of
    writing: the temporary file is removed and the old output is untouched."""
    (tmp_path / "a.yaml").write_text(MINZHENG, encoding="utf-8")
    assert run_draft("render", tmp_path / "a.yaml").returncode == 0
    before = (tmp_path / "a.docx").read_bytes()
    (tmp_path / "a.yaml").write_text(MINZHENG.replace("954人次", "955人次"), encoding="utf-8")

    real_replace = os.replace

    def interrupted(src, dst, *args, **kwargs):
        if Path(dst).name == "a.docx":  # the signal arrives once the new file is written, before its rename
            os.kill(os.getpid(), sig)
            time.sleep(1)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", interrupted)
    result = run_draft("render", tmp_path / "a.yaml")
    assert result.returncode == code and "已中断" in result.stderr, result.stderr
    assert (tmp_path / "a.docx").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.yaml"]


def test_a_backup_is_synced_to_disk_a_rendered_file_need_not_be(tmp_path, monkeypatch):
    """What draft renders it can render again from the YAML: renamed into place, not forced to
    disk (a sync costs more than a render).  A backup of a file someone wrote is synced before
    it takes its name."""
    (tmp_path / "a.yaml").write_text(MINZHENG, encoding="utf-8")
    (tmp_path / "notes.txt").write_bytes(b"my notes\n")
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    assert run_draft("render", tmp_path / "a.yaml").returncode == 0
    assert synced == []
    result = run_draft("render", tmp_path / "a.yaml", "-f", "txt", "-o", tmp_path / "notes.txt", "--force")
    assert result.returncode == 0 and "notes.备份.txt" in result.stderr, result.stderr
    assert len(synced) == 1  # the backup
    assert (tmp_path / "notes.备份.txt").read_bytes() == b"my notes\n"


def test_a_full_disk_leaves_no_truncated_backup(tmp_path, monkeypatch):
    """The backup is complete or absent: a disk that fills up while copying leaves neither a
    partial backup nor a changed original."""
    import errno
    import shutil

    (tmp_path / "a.yaml").write_text(MINZHENG, encoding="utf-8")
    (tmp_path / "notes.txt").write_bytes(b"my notes\n" * 1000)

    def full(src, dst, *args, **kwargs):
        dst.write(src.read(100))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full)
    result = run_draft("render", tmp_path / "a.yaml", "-f", "txt", "-o", tmp_path / "notes.txt", "--force")
    assert result.returncode == 2 and "磁盘已满" in result.stderr, result.stderr
    assert (tmp_path / "notes.txt").read_bytes() == b"my notes\n" * 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "notes.txt"]


def test_draft_replaces_what_it_wrote_and_refuses_once_edited(tmp_path):
    """The same rule for the formats without a place for metadata (a record outside the folder):
    written, replaced, edited, refused."""
    (tmp_path / "a.yaml").write_text(MINZHENG, encoding="utf-8")
    for fmt in ("txt", "md"):
        out = tmp_path / f"a.{fmt}"
        for _ in range(2):
            assert run_draft("render", tmp_path / "a.yaml", "-f", fmt).returncode == 0
        with open(out, "ab") as f:
            f.write(b"\n")
        result = run_draft("render", tmp_path / "a.yaml", "-f", fmt)
        assert result.returncode == 2 and "被修改过" in result.stderr, (fmt, result.stderr)


@pytest.mark.office
def test_pdf_and_png_carry_their_proof_inside(tmp_path, example_pdfs):
    """PDF (document information) and PNG (tEXt) say draft wrote them; an edit is noticed.  The
    first PDF is the session's (``draft render FOLDER -f pdf`` of the same YAML): draft replaces it."""
    (tmp_path / "a.yaml").write_text(MINZHENG, encoding="utf-8")
    (tmp_path / "a.pdf").write_bytes(example_pdfs["zhuanjie-minzheng-2024.yaml"].read_bytes())
    for fmt, name in (("pdf", "a.pdf"), ("png", "a-1.png")):
        for _ in range(1 if fmt == "pdf" else 2):
            assert run_draft("render", tmp_path / "a.yaml", "-f", fmt).returncode == 0
        data = (tmp_path / name).read_bytes()
        assert b"DraftFingerprint" in data or b"draft-fingerprint" in data
        (tmp_path / name).write_bytes(data.replace(b"draft-fingerprint\0", b"draft-fingerprint\0f")
                                      if fmt == "png" else data + b"\n%edited\n")
        result = run_draft("render", tmp_path / "a.yaml", "-f", fmt)
        assert result.returncode == 2 and "被修改过" in result.stderr, (fmt, result.stderr)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_draft_s_own_tree_agrees_with_what_a_reader_sees(example):
    """diff uses the embedded tree only where it agrees with the visible text: for every file
    draft writes, it does (so draft's own DOCX keep their exact structure in diff)."""
    import tempfile

    from drafting.docx_reader import read
    from drafting.pipeline import build, to_docx

    doc = build(example).doc
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.docx"
        path.write_bytes(to_docx(doc))
        assert read(path).to_json() == doc.to_json()
