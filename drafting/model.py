"""What a section type's schema is made of, and validation with Chinese, located errors.

A section type's schema is a pydantic model that subclasses :class:`Section` and says, as
class variables, its ``type_name`` (the value of ``类型:``), its ``template`` file, its style
``family`` (公文 or 报刊) and its ``example``.  Field names are English; every field has a
Chinese alias, which is the YAML key the writer types.

The building blocks here (``Paragraphs``, ``TitleLines``, ``ReportDate``, :class:`Node`,
:class:`Point`) are the public vocabulary for schema authors.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import re
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from .errors import Diagnostic, InputError
from .loader import Source

_FULLWIDTH_KEY = re.compile(r"^([^\s:：#]{1,20})：")


def _lines(value: Any) -> Any:
    """A string becomes its non-empty lines (one paragraph per line); a list stays."""
    if isinstance(value, str):
        return [ln.strip() for ln in value.splitlines() if ln.strip()]
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, (str, dict)) else value


def _date(value: Any) -> Any:
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*", value)
        if m:
            y, mo, d = map(int, m.groups())
            try:
                return _dt.date(y, mo, d)
            except ValueError:
                raise ValueError("日期不存在") from None
        m = re.fullmatch(r"\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})\s*", value)
        if m:
            try:
                return _dt.date(*map(int, m.groups()))
            except ValueError:
                raise ValueError("日期不存在") from None
        raise ValueError("日期格式不对：请写成 2025-01-06 或 2025年1月6日")
    return value


Text = Annotated[str, Field(min_length=1)]
Paragraphs = Annotated[list[Text], BeforeValidator(_lines)]
TitleLines = Annotated[list[Text], BeforeValidator(_one_or_many), Field(min_length=1)]
ReportDate = Annotated[_dt.date, BeforeValidator(_date)]


def chinese_date(d: _dt.date) -> str:
    """GB/T 9704 7.3.5: Arabic numerals, no padding zeros: 2025年1月6日."""
    return f"{d.year}年{d.month}月{d.day}日"


class Model(BaseModel):
    """Base of every schema model: Chinese aliases, unknown keys refused.

    ``key_order`` is the order the writer typed the keys in (the document follows it where
    a type lets parts be reordered)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=False)
    # a plain default, not default_factory=list: pydantic inspects a factory's signature on every
    # instance (inspect.signature(list) parses text: ~0.1 ms a node)
    _key_order: list[str] = PrivateAttr(default=[])

    @model_validator(mode="wrap")
    @classmethod
    def _remember_key_order(cls, value: Any, handler):
        obj = handler(value)
        if isinstance(value, dict):
            obj._key_order = list(value)
        return obj

    @property
    def key_order(self) -> list[str]:
        return self._key_order


class Point(Model):
    """一是/二是 point: an optional lead sentence and its text."""

    lead: str | None = Field(None, alias="标题", description="要点的引领句，如“‘精准保障’更有力。”")
    body: str = Field("", alias="正文", description="要点的具体内容")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"正文": value} if isinstance(value, str) else value


class Node(Model):
    """A part of an outline: heading, paragraphs, 一是/二是 points and sub-items.

    Written in YAML as a mapping, or as a string (one paragraph), or as a list (sub-items).
    """

    title: str | None = Field(None, alias="标题", description="标题；以“。”结尾时默认与正文连排")
    standalone: bool | None = Field(None, alias="单独成行", description="标题单独成行（不与正文连排）")
    body: Paragraphs = Field(default_factory=list, alias="正文", description="正文段落，每行一段")
    points: list[Point] = Field(default_factory=list, alias="要点", description="一是、二是……要点")
    split_points: bool = Field(False, alias="要点分段", description="每个要点单独成段")
    items: list["Node"] = Field(default_factory=list, alias="条目", description="下一级条目")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"正文": value}
        if isinstance(value, list):
            return {"条目": value}
        return value

    def is_empty(self) -> bool:
        return not (self.title or self.body or self.points or self.items)


class Section(Model):
    """Base of a section type's top-level model."""

    type_name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    template: ClassVar[str] = ""
    family: ClassVar[str] = "公文"
    example: ClassVar[str | None] = None

    kind: str = Field(alias="类型", description="文稿类型")

    def context(self, data: dict[str, Any]) -> dict[str, Any]:
        """What the template sees.  ``data`` is the model dumped under the writer's Chinese
        keys, its strings already carrying their YAML paths; add derived values here, built
        from the pieces of ``data`` so that errors still point at the right line."""
        return data

    def document_meta(self) -> dict[str, Any]:
        """Title, author, subject and date for the document properties (override as needed)."""
        return {}


# --- validation -----------------------------------------------------------------------

_MESSAGES = {
    "missing": "缺少必填项“{field}”",
    "extra_forbidden": "不认识的项“{field}”",
    "string_type": "应是文字",
    "int_parsing": "应是整数，如 2024",
    "int_type": "应是整数，如 2024",
    "int_from_float": "应是整数，如 2024",
    "float_parsing": "应是数字",
    "decimal_parsing": "应是数字",
    "bool_parsing": "应是 true 或 false",
    "bool_type": "应是 true 或 false",
    "list_type": "应是列表（每项另起一行，以“- ”开头）",
    "dict_type": "应是“键: 值”形式的映射",
    "model_type": "应是“键: 值”形式的映射",
    "model_attributes_type": "应是“键: 值”形式的映射",
    "date_type": "日期格式不对：请写成 2025-01-06 或 2025年1月6日",
    "date_parsing": "日期格式不对：请写成 2025-01-06 或 2025年1月6日",
    "date_from_datetime_parsing": "日期格式不对：请写成 2025-01-06 或 2025年1月6日",
    "too_short": "不能为空",
    "string_too_short": "不能为空",
    "too_long": "项数太多",
    "string_too_long": "太长了",
    "literal_error": "应是以下之一：{expected}",
    "enum": "应是以下之一：{expected}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "greater_than": "应大于 {gt}",
    "less_than": "应小于 {lt}",
}


def _aliases(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that owns the mapping at ``loc`` (for suggesting known keys)."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return None
        ann = field.annotation
        # unwrap Optional[X], list[X], Annotated[...]
        for _ in range(4):
            args = [a for a in typing.get_args(ann) if a is not type(None)]
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                break
            if not args:
                break
            ann = args[0]
        current = ann
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


SHORTHAND_KEYS = ("条目", "正文")  # keys a shorthand (list / string) stands for


def yaml_path(path: tuple, marks: dict, base: tuple = ()) -> tuple:
    """A model path in the writer's terms: drop shorthand keys the YAML did not spell out.
    (``path`` continues the YAML path ``base``; the result does not include ``base``.)"""
    out: tuple = base
    for seg in path:
        if out + (seg,) not in marks and seg in SHORTHAND_KEYS:
            continue
        out += (seg,)
    return out[len(base):]


def translate(error: dict, model: type[BaseModel], source: Source) -> Diagnostic:
    """One pydantic error -> one Chinese diagnostic at the right line."""
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))  # drop union tags
    kind = error["type"]
    ctx = error.get("ctx") or {}
    field_name = str(loc[-1]) if loc else ""
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    elif kind == "assertion_error":
        message = error["msg"].removeprefix("Assertion failed, ")
    else:
        template = _MESSAGES.get(kind)
        fmt = {"field": field_name, **{k: v for k, v in ctx.items()}}
        message = template.format(**fmt) if template else f"取值不对（{error['msg']}）"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        if owner is not None:
            close = difflib.get_close_matches(field_name, _aliases(owner), n=1, cutoff=0.4)
            known = "、".join(_aliases(owner))
            message += f"，是不是“{close[0]}”？" if close else f"；可用的项：{known}"
    value = error.get("input")
    if isinstance(value, str) and _FULLWIDTH_KEY.match(value) and kind in ("model_type", "dict_type", "model_attributes_type"):
        message += "；看起来用了中文冒号“：”，键和值之间要用英文冒号加空格“: ”"
    loc = yaml_path(loc, source.marks)
    path = loc[:-1] if kind == "missing" else loc  # a missing key: point at its mapping
    d = source.diagnostic(message, path)
    return Diagnostic(d.message, d.file, d.line, d.col, loc, d.severity, d.code, d.source_line)


def validate(model: type[Section], source: Source) -> Section:
    """Validate ``source.data`` against ``model``; every error at once, located, in Chinese."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        diags = [translate(e, model, source) for e in exc.errors(include_url=False)]
        # one message per location and text, in file order
        unique = {(d.line, d.col, d.message, d.path): d for d in diags}
        raise InputError(sorted(unique.values(), key=lambda d: (d.line or 0, d.col or 0))) from None
