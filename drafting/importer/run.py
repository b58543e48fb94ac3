"""``draft import FILE``: read, recover the structure, write a readable YAML next to the input
(never over an existing file), and say what was found and what was kept as comments."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString

from ..errors import EnvError
from .assemble import ASSEMBLERS, KEPT, UNSURE, Map, Notes, Seq, detect
from .furniture import Num, represent_num
from .sources import read

LONG = 60  # a paragraph longer than this is written as a block scalar


@dataclass
class ImportResult:
    target: Path | None
    text: str  # the YAML written
    type_name: str
    summary: list[str] = field(default_factory=list)  # lines for stderr


def target_for(source: Path) -> Path:
    """``stem.yaml`` next to the input, or ``stem.导入.yaml`` when that exists (``2024.docx`` is
    usually rendered from ``2024.yaml``)."""
    plain = source.with_suffix(".yaml")
    return plain if not plain.exists() else source.with_name(f"{source.stem}.导入.yaml")


def _blocks(node):
    """Long strings as block scalars (literal: a paragraph a line), recursively, comments kept."""
    if isinstance(node, CommentedMap):
        for k in list(node):
            node[k] = _blocks(node[k])
        return node
    if isinstance(node, CommentedSeq):
        for i, v in enumerate(node):
            node[i] = _blocks(v)
        return node
    if isinstance(node, str) and (len(node) > LONG or "\n" in node) and not node.startswith((" ", "\u3000")):
        return LiteralScalarString(node if node.endswith("\n") or "\n" not in node else node + "\n")
    return node


class Representer(RoundTripRepresenter):
    """ruamel's round-trip representer, also for the importer's own mapping and sequence."""


Representer.add_representer(Map, RoundTripRepresenter.represent_dict)
Representer.add_representer(Seq, RoundTripRepresenter.represent_list)
Representer.add_representer(Num, represent_num)


def dump(data: CommentedMap, notes: Notes, header: list[str]) -> str:
    data = _blocks(data)
    keys = list(data)
    if notes.leading and len(keys) > 1:
        for text in notes.leading:
            notes.keep(data, keys[1], text)
    yaml = YAML()  # round-trip: key order and comments as built
    yaml.Representer = Representer
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(data, buf)
    text = "".join(f"# {line}\n" for line in header) + buf.getvalue()
    for line in notes.trailing:
        text += f"# {KEPT}{line}\n"
    return text


def import_file(source: Path, output: Path | None = None, type_name: str | None = None,
                figures: bool = False, types_dir=None, write: bool = True) -> ImportResult:
    """Import ``source`` into a YAML draft; write it (unless ``write`` is false) to ``output``
    or :func:`target_for`, never over an existing file."""
    from ..registry import load_registry

    registry = load_registry(types_dir)
    paras = read(source)
    detected, why, sure = detect(paras, registry)
    if type_name is None:
        type_name = detected
    stype = registry.get(type_name)  # an unknown --type: EnvError listing the types
    shape = type_name if type_name in ASSEMBLERS else getattr(stype.model, "import_like", None)
    if shape not in ASSEMBLERS:
        raise EnvError(f"文稿类型“{type_name}”没有说明怎样导入（类型定义里写 import_like = \"专节报告\" 等内置类型之一）")
    notes = Notes()
    data = ASSEMBLERS[shape](paras, notes)
    data["类型"] = type_name
    if figures:
        from .figures import extract

        extract(data, notes)
    header = [f"由 draft import 从 {source.name} 导入（{type_name}）。请核对后再 draft check、draft render。",
              "序号（一、（一）1.（1），一是）由结构生成，原文手打的序号已去掉。"]
    if not sure and type_name == detected:
        header.append(f"{UNSURE}文稿类型按“{type_name}”导入：{why}；不对请用 --type 指定")
        notes.unsure.append(f"文稿类型：{why}")
    text = dump(data, notes, header)
    summary = [f"类型：{type_name}" + ("（--type 指定）" if type_name != detected or not sure and type_name != detected
                                      else f"（{why}）")]
    if notes.levels:
        summary.append("标题层级：" + "、".join(f"{lv}级" for lv in sorted(notes.levels)) + f"；条目 {notes.items} 项")
    else:
        summary.append(f"条目 {notes.items} 项")
    kept = notes.leading + notes.kept + notes.trailing
    for line in kept:
        summary.append(f"留作注释：{line[:60]}")
    for line in notes.unsure:
        summary.append(f"不确定：{line}")
    target = None
    if write:
        from ..output import write_new

        target = output if output is not None else target_for(source)
        write_new(target, text.encode("utf-8"))
        summary.append(f"已写入 {target}")
    return ImportResult(target, text, type_name, summary)
