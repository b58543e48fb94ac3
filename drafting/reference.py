"""A section type's field reference for writers, generated from its pydantic schema.

``field_reference(stype)`` returns Markdown: for the top level and for every model reached
from it (a part, a figure, an attachment …), one table with each YAML key, whether it is
required, what it means (the field's description), its default and an example taken from
the type's own example files (the value as the writer typed it).  ``draft schema TYPE
--format md`` prints it; ``docs/<type>.md`` is that output, kept equal by a test.
"""
from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

REFERENCE_MARK = "由 draft 生成"  # output.replaceable: a file with this mark may be rewritten
EXAMPLE_CHARS = 40  # an example longer than this is cut with "…"


def _args(annotation: Any) -> tuple:
    return tuple(a for a in typing.get_args(annotation) if a is not type(None))


def _strip(annotation: Any) -> Any:
    """Annotated[X, …] -> X; X | None -> X (a union of several stays)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType) and len(_args(annotation)) == 1:
            annotation = _args(annotation)[0]
        else:
            return annotation


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


def _inner_model(annotation: Any) -> tuple[type[BaseModel] | None, str]:
    """The model a field holds, and how: ("", "list", "dict")."""
    t = _strip(annotation)
    if _is_model(t):
        return t, ""
    origin = typing.get_origin(t)
    args = [_strip(a) for a in _args(t)]
    if origin is list and args and _is_model(args[0]):
        return args[0], "list"
    if origin is dict and len(args) == 2 and _is_model(args[1]):
        return args[1], "dict"
    if origin in (typing.Union, types.UnionType):
        for a in args:
            if _is_model(a):
                return a, ""
    return None, ""


def _kind(annotation: Any, names: dict[type, str]) -> str:
    """What a writer types for a field, in words."""
    import datetime as _dt

    model, how = _inner_model(annotation)
    if model is not None:
        title = names[model]
        return {"list": f"列表，每项见“{title}”", "dict": f"映射：名称 → 见“{title}”"}.get(how, f"见“{title}”")
    t = _strip(annotation)
    origin = typing.get_origin(t)
    if t is bool:
        return "true 或 false"
    if t is int:
        return "整数"
    if t is _dt.date:
        return "日期"
    if origin is list:
        return "列表（或一段文字）"
    if origin is dict:
        return "映射（名称: 内容）"
    if origin is typing.Literal:
        return "、".join(map(str, typing.get_args(t)))
    return "文字" if t is str else "文字或数字"


def _cjk_first(text: str) -> bool:
    return bool(text) and "\u4e00" <= text[0] <= "\u9fff"


def _title(model: type[BaseModel]) -> tuple[str, str]:
    """A model's Chinese (title, description): ``also_accepts``'s, else its docstring's first line
    when that is Chinese, without Latin words ("表态：一位……"); empty when it has neither."""
    extra = model.model_config.get("json_schema_extra")
    if callable(extra):
        schema: dict = {}
        extra(schema, model)
        if schema.get("title"):
            return schema["title"], schema.get("description", "")
    doc = (model.__doc__ or "").strip().splitlines()
    if doc and _cjk_first(doc[0]) and not any(c.isascii() and c.isalpha() for c in doc[0]):
        head, _, rest = doc[0].partition("：")
        return (head, rest) if rest else (doc[0].rstrip("。"), "")
    return "", ""


def _models(root: type[BaseModel]) -> dict[type[BaseModel], tuple[str, str]]:
    """``root`` and every model reachable from it, in the order first met, with its (title,
    description); a model without a Chinese title is named after the key that holds it."""
    found: dict[type[BaseModel], tuple[str, str]] = {root: ("顶层", "")}
    queue = [root]
    for model in queue:
        for name, field in model.model_fields.items():
            inner, how = _inner_model(field.annotation)
            if inner is None or inner in found:
                continue
            title, description = _title(inner)
            if not title:
                key = field.alias or name
                title = f"{key}的每一项" if how else key
            found[inner] = (title, description)
            queue.append(inner)
    return found


def _examples(root: type[BaseModel], files: list[Path]) -> dict[tuple[type, str], Any]:
    """(model, key) -> the first value written for it in the example files."""
    from .loader import read

    found: dict[tuple[type, str], Any] = {}

    def walk(model: type[BaseModel], value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(model, item)
            return
        if not isinstance(value, dict):
            return
        by_alias = {f.alias or n: f for n, f in model.model_fields.items()}
        for key, sub in value.items():
            field = by_alias.get(key)
            if field is None:
                continue
            found.setdefault((model, key), sub)
            inner, how = _inner_model(field.annotation)
            if inner is None:
                continue
            if how == "dict" and isinstance(sub, dict):
                for item in sub.values():
                    walk(inner, item)
            else:
                walk(inner, sub)

    for path in files:
        walk(root, read(path).data)
    return found


def _flow(value: Any) -> str:
    """A value as one line of YAML flow style."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip().replace("\n", " ")
    return text if text else "''"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _example(value: Any) -> str:
    text = _flow(value)
    if len(text) > EXAMPLE_CHARS:
        text = text[:EXAMPLE_CHARS] + "…"
    return f"`{text}`"


def _default(field) -> str:
    if field.is_required():
        return "（必填）"
    if field.default_factory is not None:
        return "—"
    value = field.default
    if value is None or value is PydanticUndefined or value in ("", [], {}):
        return "—"
    return f"`{_flow(value)}`"


def example_files(stype) -> list[Path]:
    """The type's example, and the other examples of the same type beside it."""
    from .loader import read

    first = stype.example
    if first is None:
        return []
    files = [first]
    for path in sorted(first.parent.glob("*.yaml")):
        if path != first:
            try:
                data = read(path).data
            except Exception:  # noqa: BLE001  an unreadable file is no example
                continue
            if isinstance(data, dict) and data.get("类型") == stype.name:
                files.append(path)
    return files


def field_reference(stype) -> str:
    """The Markdown field reference of section type ``stype`` (a registry.SectionType)."""
    root = stype.model
    models = _models(root)
    names = {m: title for m, (title, _) in models.items()}
    files = example_files(stype)
    examples = _examples(root, files)
    shown = "、".join(f"`{p.name}`" for p in files) or "（无）"
    out = [
        f"<!-- {REFERENCE_MARK}：draft schema {stype.name} --format md；请勿手改，改模式后重新生成 -->",
        f"# {stype.name}：字段参考",
        "",
        stype.description,
        "",
        f"下表由 `{stype.name}` 的模式生成：每个键、是否必填、含义、默认值，以及示例文件（{shown}）里的写法。",
        f"新建草稿用 `draft new {stype.name}`；编辑器补全用 `draft schema {stype.name} -o {stype.name}.schema.json`。",
    ]
    for model in models:
        out += ["", f"## {names[model]}", ""]
        if models[model][1]:
            out += [models[model][1], ""]
        out += ["| 键 | 写法 | 含义 | 默认 | 示例 |", "|---|---|---|---|---|"]
        for name, field in model.model_fields.items():
            key = field.alias or name
            sample = examples.get((model, key))
            if model is root and key == "类型":
                sample = stype.name
            cells = [f"`{key}`", _kind(field.annotation, names), field.description or "", _default(field),
                     _example(sample) if sample is not None else "—"]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(out) + "\n"
