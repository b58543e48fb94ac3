"""What editors and new files are made from: a type's JSON Schema and a commented skeleton YAML.

Both are generated from the section type's pydantic model, so a new type gets them for free:
the schema uses the Chinese aliases as property names (ASCII class names in ``$defs``); the
skeleton has every field, its description as a comment, and placeholders containing
``请填写`` that validate and that ``draft check`` flags (rule W108) until they are replaced.
"""
from __future__ import annotations

import datetime as _dt
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from . import __version__
from .lint import PLACEHOLDER
from .model import LintCode

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_MARK = "由 draft 生成"
TEXT_PLACEHOLDER = f"（{PLACEHOLDER}）"
NOT_IN_SKELETON = ("类型", "忽略检查")


def json_schema(stype) -> dict[str, Any]:
    """The JSON Schema of a section type, for VS Code YAML / yaml-language-server."""
    schema = _resolve_lists(stype.model.model_json_schema(by_alias=True))
    schema["properties"]["类型"]["const"] = stype.name
    return {
        "$schema": SCHEMA_DIALECT,
        "$comment": f"{SCHEMA_MARK}（draft {__version__}，draft schema {stype.name}）；请勿手改",
        **schema,
        "title": stype.name,
        "description": stype.description,
    }


def _resolve_lists(schema: dict) -> dict:
    """Turn model.list_of markers into arrays of the named model's definition, give every
    property its Chinese key as title (pydantic leaves it out on optional model fields), and
    leave out an empty list or dict as a default (``Field([], …)`` is only the model's "none":
    nothing for an editor to show or complete with)."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "x-draft-list-of" in node:
                name = node["x-draft-list-of"]
                return {"type": "array", "items": {"$ref": f"#/$defs/{name}"} if name in defs else {}}
            out = {k: walk(v) for k, v in node.items()}
            if out.get("default") in ([], {}):  # Field([], …), the model's "none" (model.Model): no value to propose
                del out["default"]
            if isinstance(out.get("properties"), dict):
                out["properties"] = {k: {"title": k, **v} for k, v in out["properties"].items()}
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def schema_text(stype) -> str:
    return json.dumps(json_schema(stype), ensure_ascii=False, indent=2) + "\n"


def create(stype, target: Path | None = None, types_dirs=None) -> list[str]:
    """``draft new``: the commented draft at ``target`` (never over an existing file) and the
    type's JSON Schema beside it (rewritten only if draft wrote it); returns the notes to show."""
    from .output import write_new

    target = target or Path(f"{stype.name}.yaml")
    schema_path = target.parent / schema_file_name(stype)
    write_new(target, skeleton(stype, f"./{schema_path.name}", types_dirs=types_dirs).encode("utf-8"))
    notes = [f"已生成 {target}"]
    from .output import replaceable

    if not replaceable(schema_path, SCHEMA_MARK):
        return notes + [f"{schema_path}: 提示：已有同名文件且不是 draft 生成的，没有改动它"]
    if write_schema(stype, schema_path):
        notes.append(f"已生成 {schema_path}（编辑器用它补全和检查）")
    return notes


def write_schema(stype, path: Path) -> bool:
    """Write the type's JSON Schema to ``path`` (see ``output.write_generated``)."""
    from .output import write_generated

    return write_generated(path, schema_text(stype), SCHEMA_MARK)


def schema_file_name(stype) -> str:
    return f"{stype.name}.schema.json"


def skeleton(stype, schema_ref: str | None = None, today: _dt.date | None = None, types_dirs=None) -> str:
    """A commented YAML skeleton of ``stype``: the type's own (``Section.skeleton``), or one
    generated from the schema.  Apart from its placeholders it validates as it is.

    A generated skeleton has every field; an optional top-level part whose placeholder does not
    validate or compose (it needs data the skeleton cannot invent) is written commented out."""
    today = today or _dt.date.today()
    if stype.model.skeleton:
        return _own_skeleton(stype, schema_ref, today)
    commented: set[str] = set()
    for _ in range(5):
        text = _skeleton_text(stype, schema_ref, today, commented)
        failing = _failing_optional_keys(stype, text, types_dirs) - commented
        if not failing:
            break
        commented |= failing
    return text


def _own_skeleton(stype, schema_ref: str | None, today: _dt.date) -> str:
    """The type's hand-written skeleton, found like its template, with the dates filled in."""
    from string import Template

    from .errors import EnvError

    for folder in stype.template_dirs:
        path = folder / stype.model.skeleton
        if path.is_file():
            text = Template(path.read_text(encoding="utf-8")).safe_substitute(
                year=today.year - 1, next_year=today.year, today=today.isoformat())
            head = f"# yaml-language-server: $schema={schema_ref}\n" if schema_ref else ""
            return head + text
    raise EnvError(f"找不到“{stype.name}”的草稿模板“{stype.model.skeleton}”（在这些文件夹里找过："
                   f"{'、'.join(map(str, stype.template_dirs))}）")


def _skeleton_text(stype, schema_ref: str | None, today: _dt.date, commented: set[str]) -> str:
    name = stype.name
    lines = [f"# yaml-language-server: $schema={schema_ref}"] if schema_ref else []
    lines += [
        f"# {name}：{stype.description}",
        "# 由 draft new 生成：把每处占位内容换成实际内容，不需要的部分整段删除。",
        "# 写完后运行 draft check 本文件（会列出还没改的占位内容），再运行 draft render 本文件。",
        "# 本文件不想做的检查可以写在这里，如：",
        "# 忽略检查: [W107]",
        "",
        f"类型: {name}",
    ]
    _fields(stype.model, 0, lines, [stype.model], today, commented)
    return "\n".join(lines) + "\n"


def _failing_optional_keys(stype, text: str, types_dirs) -> set[str]:
    """Top-level optional keys that the checks of ``draft render`` reject in ``text``."""
    import tempfile
    from pathlib import Path

    from .errors import DraftError
    from .pipeline import build

    with tempfile.TemporaryDirectory(prefix="draft-new-") as folder:
        path = Path(folder) / "skeleton.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            build(path, types_dirs, allow_placeholders=True)
        except DraftError as exc:
            optional = {f.alias or n for n, f in stype.model.model_fields.items() if not f.is_required()}
            return {d.path[0] for d in exc.diagnostics if d.path and d.path[0] in optional}
    return set()


def _unwrap(annotation: Any) -> Any:
    """Optional[X] / Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else str
        else:
            return annotation


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


def _scalar(t: Any, field, today: _dt.date) -> tuple[str, str] | None:
    """(YAML value, trailing comment) for a scalar type, or None if ``t`` is not one."""
    if t is bool:
        return ("false", "")
    if t in (int, float):
        low, high = _bound(field, "ge"), _bound(field, "le")
        gt, lt = _bound(field, "gt"), _bound(field, "lt")
        low = low if low is not None else (None if gt is None else t(gt) + 1)
        high = high if high is not None else (None if lt is None else t(lt) - 1)
        value = today.year - 1 if "年" in (field.alias or "") else 0  # 年度: last year
        if low is not None and value < low or high is not None and value > high:
            value = low if low is not None else high
        return (str(value), f"  # {PLACEHOLDER}")
    if t is _dt.date:
        return (today.isoformat(), f"  # {PLACEHOLDER}")
    if typing.get_origin(t) is Literal:
        options = typing.get_args(t)
        return (str(options[0]), f"  # 可选：{'、'.join(map(str, options))}")
    if t is str:
        return (TEXT_PLACEHOLDER, "")
    return None


def _bound(field, name: str):
    return next((getattr(m, name) for m in field.metadata if getattr(m, name, None) is not None), None)


def _fields(model: type[BaseModel], indent: int, lines: list[str], stack: list, today: _dt.date,
            commented: set[str] = frozenset()) -> None:
    for name, field in model.model_fields.items():
        key = field.alias or name
        if indent == 0 and key in NOT_IN_SKELETON:
            continue
        if indent == 0 and key in commented:
            start = len(lines)
            _fields_of(name, field, key, indent, lines, stack, today)
            lines[start:] = [ln if ln.lstrip().startswith("#") else "# " + ln for ln in lines[start:]]
        else:
            _fields_of(name, field, key, indent, lines, stack, today)


def _fields_of(name: str, field, key: str, indent: int, lines: list[str], stack: list, today: _dt.date) -> None:
    pad = " " * indent
    required = field.is_required()
    desc = (field.description or "").replace("\n", " ")
    note = f"{pad}# {key}{'（必填）' if required else ''}：{desc}" if desc else f"{pad}# {key}"
    t = _unwrap(field.annotation)
    origin = typing.get_origin(t)
    scalar = _scalar(t, field, today)
    if scalar is not None:
        value, comment = scalar
        if t is bool and not required:
            lines.append(f"{pad}# {key}: {str(field.default).lower() if field.default is not None else 'false'}"
                         f"  # {desc}")
            return
        if not required and isinstance(field.default, str) and field.default:
            lines.append(f"{pad}# {key}: {field.default}  # {desc}")  # the default is right until changed
            return
        lines += [note, f"{pad}{key}: {value}{comment}"]
    elif origin is list:
        item = _unwrap(typing.get_args(t)[0]) if typing.get_args(t) else str
        if item is LintCode:
            return
        if _is_model(item) and item in stack:
            lines.append(f"{pad}# {key}：{desc}（写法同上一级，列表每项以“- ”开头）")
            return
        lines.append(note)
        lines.append(f"{pad}{key}:")
        if _is_model(item) and getattr(item, "skeleton_as_text", False):
            # an item of one of several kinds (its keys are alternatives): its string shorthand
            keys = "、".join(f.alias or n for n, f in item.model_fields.items())
            lines += [f"{pad}  # 每项一段文字；也可写成映射，键：{keys}", f"{pad}  - {TEXT_PLACEHOLDER}"]
        elif _is_model(item):
            sub: list[str] = []
            _fields(item, indent + 4, sub, stack + [item], today)
            first = next(i for i, ln in enumerate(sub) if not ln.lstrip().startswith("#"))
            sub[first] = f"{pad}  - " + sub[first].lstrip()
            lines += sub
        else:
            value = (_scalar(item, field, today) or (TEXT_PLACEHOLDER, ""))
            lines.append(f"{pad}  - {value[0]}{value[1]}")
    elif _is_model(t):
        if t in stack:
            lines.append(f"{pad}# {key}：{desc}（写法同上一级）")
            return
        lines += [note, f"{pad}{key}:"]
        _fields(t, indent + 2, lines, stack + [t], today)
    elif required:
        lines += [note, f"{pad}{key}: {TEXT_PLACEHOLDER}"]
