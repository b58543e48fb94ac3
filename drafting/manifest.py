"""The 汇编 manifest (``类型: 汇编``): which sections the 办公室 expects, in which order, and how
they are bundled (``draft bundle``).

A folder alone also works: its YAML files are the sections, sorted by file name.  A folder that
holds a ``类型: 汇编`` file uses that file as its manifest, and its other YAML files that the
manifest does not list are reported as 未列入汇编 (not bundled).

The manifest is no section type: it is read here, never rendered on its own (``draft render``
says to use ``draft bundle``).  Its errors are located like a section's (file:line, Chinese).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .errors import EnvError, InputError
from .loader import read
from .model import Model, ReportDate, Text, chinese_date, validate

BUNDLE_TYPE = "汇编"
SUFFIXES = (".yaml", ".yml")
Start = Literal["新页", "奇数页"]


class Entry(Model):
    """One expected section: the unit that sends it and its file, relative to the manifest."""

    unit: Text = Field(alias="单位", description="报送单位，如“城口县民政局”（目录和汇编状态里用它称呼这一篇）")
    file: Text = Field(alias="文件", description="文稿的 YAML 文件，相对于本文件所在的文件夹，如 民政局.yaml")
    start: Start | None = Field(None, alias="起始页", description="这一篇从新页（默认）还是奇数页开始")
    keep_addressee: bool | None = Field(None, alias="保留主送", description="保留这一篇的主送机关（默认同汇编的设置）")
    keep_closing: bool | None = Field(None, alias="保留落款", description="保留这一篇的落款和成文日期（默认同汇编的设置）")


class Manifest(Model):
    """汇编：各单位的文稿按顺序汇成一册（封面、目录、连续页码），并列出缺报、有错和数据不一致的情况。"""

    kind: Literal["汇编"] = Field(alias="类型", description="写“汇编”")
    title: Text = Field(alias="标题", description="汇编的标题，印在封面上，如“城口县2024年政府工作报告专节材料汇编”")
    publisher: str | None = Field(None, alias="编印单位", description="编印单位，印在封面上，如“城口县人民政府办公室”")
    date: ReportDate | None = Field(None, alias="日期", description="编印日期，印在封面上，如 2025-01-10")
    period: str | None = Field(None, alias="期间", description="汇编所涵盖的期间，如“2024年”“2025年上半年”；印在封面标题下")
    sections: list[Entry] = Field(alias="文稿", min_length=1, description="应报送的文稿，按汇编中的顺序：每项写“单位”和“文件”")
    start: Start = Field("新页", alias="起始页", description="每一篇从新页（默认）还是奇数页开始")
    keep_addressee: bool = Field(True, alias="保留主送", description="保留各篇的主送机关（默认保留）")
    keep_closing: bool = Field(True, alias="保留落款", description="保留各篇的落款和成文日期（默认保留）")
    toc_headings: bool = Field(False, alias="目录含一级标题", description="目录里在各篇标题下列出它的一级标题")

    @field_validator("sections")
    @classmethod
    def _distinct(cls, value: list[Entry]) -> list[Entry]:
        seen: dict[str, int] = {}
        for i, e in enumerate(value):
            if e.unit in seen:
                raise ValueError(f"第{i + 1}项的单位“{e.unit}”与第{seen[e.unit] + 1}项重复：每个单位只列一次")
            seen[e.unit] = i
        return value

    @model_validator(mode="after")
    def _files_once(self):
        files: dict[str, str] = {}
        for e in self.sections:
            key = e.file.replace("\\", "/")
            if key in files:
                raise ValueError(f"“{e.unit}”和“{files[key]}”是同一个文件 {e.file}")
            files[key] = e.unit
        return self


@dataclass(frozen=True)
class Expected:
    """A section the bundle expects (or, without a manifest, found)."""

    unit: str
    path: Path
    odd: bool = False  # starts on an odd page
    keep_addressee: bool = True
    keep_closing: bool = True
    line: int | None = None  # where the manifest lists it


@dataclass
class Plan:
    """What ``draft bundle`` is asked to do."""

    title: str
    folder: Path  # where the manifest (or the folder of sections) is
    manifest: Path | None = None
    publisher: str | None = None
    date: _dt.date | None = None
    period: str | None = None
    toc_headings: bool = False
    sections: list[Expected] = field(default_factory=list)
    unlisted: list[Path] = field(default_factory=list)  # YAML beside the manifest that it does not list

    @property
    def inputs(self) -> list[Path]:
        return ([self.manifest] if self.manifest else []) + [e.path for e in self.sections]

    def default_output(self) -> Path:
        """Beside the manifest with its name (汇编.yaml -> 汇编.docx); for a folder, beside it (各单位 -> 各单位.docx)."""
        if self.manifest is not None:
            return self.manifest.with_suffix(".docx")
        return self.folder.parent / f"{self.folder.resolve().name}.docx"


def _type_of(path: Path) -> object:
    """The ``类型`` a YAML file names, or None (unreadable files are the sections' business)."""
    try:
        data = read(path).data
    except Exception:  # noqa: BLE001  a broken file is reported when it is built
        return None
    return data.get("类型") if isinstance(data, dict) else None


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def plan(target: Path) -> Plan:
    """The plan for ``draft bundle TARGET``: a manifest file, a folder holding one, or a folder of
    sections.  A wrong manifest is an InputError (located); a missing target or two manifests in
    one folder an EnvError."""
    if not target.exists():
        raise EnvError("找不到文件或文件夹", target)
    if target.is_dir():
        files = yaml_files(target)
        manifests = [p for p in files if _type_of(p) == BUNDLE_TYPE]
        if len(manifests) > 1:
            raise EnvError(f"文件夹里有不止一个“类型: 汇编”的文件（{'、'.join(p.name for p in manifests)}）；"
                           "请指明用哪一个：draft bundle 文件夹/某个.yaml", target)
        if not manifests:
            if not files:
                raise EnvError("文件夹里没有 YAML 文件（.yaml / .yml）", target)
            units = [_unit_of(p) for p in files]
            # a unit that sent two files is named with each file, so every section has a name of its own
            named = [u if units.count(u) == 1 else f"{u}（{p.name}）" for u, p in zip(units, files)]
            return Plan(target.resolve().name, target, sections=[Expected(u, p) for u, p in zip(named, files)])
        target = manifests[0]
    return _from_manifest(target)


def _unit_of(path: Path) -> str:
    """A section found in a folder: its 单位 when it names one, else its file name."""
    try:
        data = read(path).data
    except Exception:  # noqa: BLE001
        return path.stem
    unit = data.get("单位") if isinstance(data, dict) else None
    return unit.strip() if isinstance(unit, str) and unit.strip() else path.stem


def _from_manifest(path: Path) -> Plan:
    source = read(path)
    data = source.data
    if not isinstance(data, dict) or data.get("类型") != BUNDLE_TYPE:
        raise InputError(source.diagnostic("这不是汇编清单：第一行应写“类型: 汇编”", ("类型",) if isinstance(data, dict) else ()))
    m: Manifest = validate(Manifest, source)
    folder = path.parent
    sections = []
    for i, e in enumerate(m.sections):
        start = e.start or m.start
        sections.append(Expected(
            e.unit, folder / e.file, start == "奇数页",
            m.keep_addressee if e.keep_addressee is None else e.keep_addressee,
            m.keep_closing if e.keep_closing is None else e.keep_closing,
            source.locate(("文稿", i))[0]))
    listed = {s.path.resolve() for s in sections} | {path.resolve()}
    unlisted = [p for p in yaml_files(folder) if p.resolve() not in listed and _type_of(p) != BUNDLE_TYPE]
    return Plan(m.title, folder, path, m.publisher, m.date, m.period, m.toc_headings, sections, unlisted)


def written_date(d: _dt.date | None) -> str | None:
    return chinese_date(d) if d else None

