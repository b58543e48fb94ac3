"""What a section type's schema is made of, and validation with Chinese, located errors.

A section type's schema is a pydantic model that subclasses :class:`Section` and says, as
class variables, its ``type_name`` (the value of ``类型:``), its ``template`` file, its style
``family`` (公文 or 报刊) and its ``example``.  Field names are English; every field has a
Chinese alias, which is the YAML key the writer types.

The building blocks here (``Paragraphs``, ``TitleLines``, ``ReportDate``, :class:`Node`,
:class:`Point`) are the public vocabulary for schema authors.

Schema modules (this one, ``official``, ``schemas/*.py``) do without ``from __future__ import
annotations``: with it pydantic evaluates every annotation again from its text when it builds a
model (≈ 3 ms of each start); a model not defined yet is named in quotes (``list["Node"]``).
"""
import datetime as _dt
import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .errors import Diagnostic, InputError
from .loader import FULLWIDTH_KEY, Source, at


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


_TEXT_SCHEMA = {"type": "string", "minLength": 1}
# The JSON Schema (for editors) accepts the same shorthands the validators do.
Text = Annotated[str, Field(min_length=1)]
# One name or a list of names ("记者: 张三" or "记者: [张三, 李四]"); the editor schema says so too.
Names = Annotated[list[str], BeforeValidator(lambda v: [v] if isinstance(v, str) else v), WithJsonSchema(
    {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})]
Paragraphs = Annotated[list[Text], BeforeValidator(_lines), WithJsonSchema(
    {"anyOf": [{"type": "string"}, {"type": "array", "items": _TEXT_SCHEMA}]})]
TitleLines = Annotated[list[Text], BeforeValidator(_one_or_many), Field(min_length=1), WithJsonSchema(
    {"anyOf": [_TEXT_SCHEMA, {"type": "array", "items": _TEXT_SCHEMA, "minItems": 1}]})]
ReportDate = Annotated[_dt.date, BeforeValidator(_date), WithJsonSchema(
    {"type": "string", "pattern": r"^\s*\d{4}(\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-./]\d{1,2}[-./]\d{1,2})\s*$"})]
def _lint_code(value: str) -> str:
    if not re.fullmatch(r"W\d{3}", value):
        raise ValueError(f"“{value}”不是检查代码：应写成 W101 这样的形式（draft check 的警告里方括号中的代码）")
    return value


LintCode = Annotated[str, AfterValidator(_lint_code), WithJsonSchema({"type": "string", "pattern": r"^W\d{3}$"})]


def also_accepts(title: str, description: str, *alternatives: dict):
    """``json_schema_extra`` for a model whose YAML may also be a shorthand (a string, a list):
    the model's schema becomes ``anyOf`` the mapping and the alternatives, with a Chinese title.
    ``list_of("Node")`` stands for a list of that model (resolved by drafting.skeleton)."""

    def extra(schema: dict, cls) -> None:
        mapping = {k: v for k, v in schema.items() if k not in ("title", "description")}
        schema.clear()
        schema.update(title=title, description=description)
        schema.update({"anyOf": [mapping, *alternatives]} if alternatives else mapping)

    return extra


def list_of(model_name: str) -> dict:
    """An alternative for :func:`also_accepts`: a list of the model class named ``model_name``."""
    return {"x-draft-list-of": model_name}


def chinese_date(d: _dt.date) -> str:
    """GB/T 9704 7.3.5: Arabic numerals, no padding zeros: 2025年1月6日."""
    return f"{d.year}年{d.month}月{d.day}日"


class Model(BaseModel):
    """Base of every schema model: Chinese aliases, unknown keys refused.

    ``key_order`` is the order the writer typed the keys in (the document follows it where
    a type lets parts be reordered)."""

    # defer_build: a model's validator is built when first used (or by the registry's model_rebuild), so
    # a render builds those of its own type only, not every model defined at import (≈ 30 ms)
    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=False, defer_build=True)
    # keys writers type by mistake -> the key meant ("作者" -> "署名"): offered before a look-alike
    key_synonyms: ClassVar[dict[str, str]] = {}
    # Empty defaults are written plain (``Field([], …)``, copied for each instance), never
    # ``default_factory=list``: pydantic reads a factory's signature when it builds a model, and a
    # builtin's (list, dict) is parsed from text, ≈ 0.3 ms a field at every start
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

    @field_validator("*", mode="before")
    @classmethod
    def _plain_integer(cls, value: Any, info) -> Any:
        """An integer field takes digits only: "2_024", "+2024" and "2024.0" are not 2024."""
        if isinstance(value, str) and info.field_name in _integer_fields(cls) and not _INTEGER.fullmatch(value):
            raise ValueError(f"应是整数，如 2024；“{value}”请直接写成数字（不要下划线、加号或小数点）")
        return value


_INTEGER = re.compile(r"-?[0-9]+")
_INT_FIELDS: dict[type, frozenset[str]] = {}


def _integer_fields(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of ``cls`` whose type is int or int | None (computed once per class)."""
    found = _INT_FIELDS.get(cls)
    if found is None:
        found = frozenset(n for n, f in cls.model_fields.items() if f.annotation in (int, int | None))
        _INT_FIELDS[cls] = found
    return found


class Point(Model):
    """一是/二是 point: an optional lead sentence and its text."""

    model_config = ConfigDict(json_schema_extra=also_accepts(
        "要点", "一是、二是……要点：写一句话，或写“标题”（引领句）和“正文”", {"type": "string"}))

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

    model_config = ConfigDict(json_schema_extra=also_accepts(
        "部分", "文稿的一个部分：写成“标题/正文/要点/条目”，或只写一段文字，或写成下一级条目的列表",
        {"type": "string"}, list_of("Node")))

    title: str | None = Field(None, alias="标题", description="标题；以“。”结尾时默认与正文连排")
    standalone: bool | None = Field(None, alias="单独成行", description="标题单独成行（不与正文连排）")
    body: Paragraphs = Field([], alias="正文", description="正文段落，每行一段")
    points: list[Point] = Field([], alias="要点", description="一是、二是……要点")
    split_points: bool = Field(False, alias="要点分段", description="每个要点单独成段")
    items: list["Node"] = Field([], alias="条目", description="下一级条目")

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


# --- figures (数据) ------------------------------------------------------------------------
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
MAX_DIGITS = 28  # significant digits of a figure (Python's decimal default; no report needs more)
_NUMBER_UNIT = re.compile(r"\s*([+-]?[0-9]+(?:\.[0-9]+)?)\s*(\S.*?)?\s*")
_NAME_BAD = re.compile(r"[{}｛｝:：\n]")


class Number:
    """A figure's number: the exact text the writer typed and its Decimal value (never a float).

    A plain class, not a dataclass: pydantic would build a dataclass schema for it (≈ 2 ms of a
    start) that ``FigureNumber``'s own validator and serializer never use."""

    __slots__ = ("text", "value")

    def __init__(self, text: str, value: Decimal):
        self.text, self.value = text, value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Number) and (self.text, self.value) == (other.text, other.value)

    def __hash__(self) -> int:
        return hash((self.text, self.value))

    def __repr__(self) -> str:
        return f"Number(text={self.text!r}, value={self.value!r})"


def _number(value: Any) -> Number:
    if isinstance(value, Number):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("应是数字，如 12367 或 12195.01")
    text = value.strip()
    if _NUMBER.fullmatch(text):
        if sum(c.isdigit() for c in text.lstrip("+-0.")) > MAX_DIGITS:
            raise ValueError(f"数字太长：最多 {MAX_DIGITS} 位有效数字")
        return Number(text, Decimal(text))
    m = _NUMBER_UNIT.fullmatch(text)
    if m and m.group(2):
        raise ValueError(f"应是不带单位的数字（单位统一写在“单位”里），如 {m.group(1)}，不是“{text}”")
    if re.search("[０-９．]", text):
        raise ValueError(f"数字要用半角（英文输入法）：“{text}”里有全角数字或小数点")
    raise ValueError(f"应是数字（阿拉伯数字，可带小数点），如 12367 或 12195.01，不是“{text}”")


FigureNumber = Annotated[
    Number, PlainValidator(_number), PlainSerializer(lambda n: n.text, return_type=str),
    WithJsonSchema({"type": ["string", "number"], "description": "数字，按原样保留，如 12195.10"}),
]


# 约数 (approximate figures as writers state them): where each qualifier goes
APPROX_BEFORE = ("超过", "将近", "接近", "不少于", "不足", "不到", "约", "近", "逾", "超")  # 近4亿元
APPROX_MIDDLE = ("余", "多")  # 20余场: between the number and the unit
APPROX_AFTER = ("以上", "左右", "上下", "以下", "以内")  # 95%以上: after the unit
APPROX_WORDS = APPROX_BEFORE + APPROX_MIDDLE + APPROX_AFTER


def _approx(value: Any) -> Any:
    if value is not None and value not in APPROX_WORDS:
        raise ValueError(f"不认识的约数“{value}”；可用：{'、'.join(APPROX_WORDS)}")
    return value


def _stated_rate(value: Any) -> Any:
    """完成率 as stated: ``176.7%`` or ``176.7`` (printed with its %)."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        value = value.strip()[:-1]
    return _number(value)


def split_approx(text: str) -> tuple[str | None, str]:
    """``近4亿元`` -> ("近", "4亿元"); ``20余场`` -> ("余", "20场"); ``95%以上`` -> ("以上", "95%")."""
    for word in APPROX_BEFORE:
        if text.startswith(word) and _NUMBER.match(text[len(word):]):
            return word, text[len(word):]
    m = _NUMBER.match(text)
    if m:
        for word in APPROX_MIDDLE:
            if text[m.end():].lstrip().startswith(word) and text[m.end():].strip() != word:
                return word, text[:m.end()] + text[m.end():].lstrip()[len(word):]
    for word in APPROX_AFTER:
        if text.endswith(word) and len(text) > len(word):
            return word, text[: -len(word)]
    return None, text


class Figure(Model):
    """One figure of 数据: a number with its unit, optionally last year's value and a target."""

    value: FigureNumber = Field(alias="值", description="本年（本期）数值，按原样保留（12195.10 仍是 12195.10）")
    unit: str = Field(alias="单位", description="单位，如“人”“万元”“%”；纯比率写空字符串 ''")
    last_year: FigureNumber | None = Field(None, alias="上年", description="上年（上年同期）数值（用于同比、变化）")
    target: FigureNumber | None = Field(None, alias="目标", description="年度目标（用于完成率）")
    rate: Annotated[Number, PlainValidator(_stated_rate), PlainSerializer(lambda n: n.text + "%", return_type=str),
                    WithJsonSchema({"type": ["string", "number"], "description": "如 176.7%"})] | None = Field(
        None, alias="完成率", description="材料里写明的完成率，照印（如 176.7%）；不写则由“目标”计算")
    approx: Annotated[str, AfterValidator(_approx), WithJsonSchema({"enum": list(APPROX_WORDS)})] | None = Field(
        None, alias="约数", description="约数的说法，照印在它该在的位置：约、近、逾、超过（近4亿元）；"
                                      "余、多（20余场）；以上、左右（95%以上）")
    source: str | None = Field(None, alias="来源", description="数据来源")
    note: str | None = Field(None, alias="说明", description="说明")

    def written(self, number: str, unit: str) -> str:
        """``number`` and ``unit`` with the qualifier where writers put it: 近4亿元, 20余场, 95%以上."""
        word = self.approx
        if word in APPROX_BEFORE:
            return word + number + unit
        if word in APPROX_MIDDLE:
            return number + word + unit
        return number + unit + (word or "")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """``10661人`` stands for ``{值: 10661, 单位: 人}``, ``20余场`` for ``{值: 20, 单位: 场,
        约数: 余}``; a bare number lacks its unit."""
        if isinstance(value, str):
            word, rest = split_approx(value.strip())
            m = _NUMBER_UNIT.fullmatch(rest)
            if not m:
                raise ValueError(f"应是“数字+单位”（如 10661人）或含“值”“单位”的映射，不是“{value}”")
            if not m.group(2):
                raise ValueError(f"缺少单位：写成“{m.group(1)}人”这样的“数字+单位”；纯比率写 {{值: {m.group(1)}, 单位: ''}}")
            return {"值": m.group(1), "单位": m.group(2), **({"约数": word} if word else {})}
        if isinstance(value, dict) and "值" in value and "单位" not in value:
            raise ValueError("缺少“单位”：如“单位: 人”；纯比率（无单位）写“单位: ''”")
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        """The editor schema also accepts the shorthand string ``10661人``."""
        schema = handler(core_schema)
        before = "|".join(APPROX_BEFORE)
        return {"anyOf": [schema, {"type": "string", "pattern": rf"^\s*({before})?[+-]?[0-9]+(\.[0-9]+)?\s*[^\s0-9.]",
                                   "description": "简写：数字+单位，如 10661人、20余场、近4亿元"}]}

    @field_validator("unit", mode="before")
    @classmethod
    def _unit(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("“单位”不能空着：如“单位: 人”；纯比率（无单位）写“单位: ''”")
        return value.strip() if isinstance(value, str) else value


def _figure_names(value: Any) -> Any:
    if isinstance(value, dict):
        for name in value:
            if _NAME_BAD.search(str(name)) or not str(name).strip():
                raise ValueError(f"数据名称“{name}”不能为空，也不能含花括号或冒号")
    return value


def _table_request(value: Any) -> Any:
    if value in (True, "true", "True", "是"):
        return {}
    if value in (False, None, "false", "False", "否"):
        return None
    if isinstance(value, list):
        return {"指标": value}
    if isinstance(value, str):
        raise ValueError("“指标表”应是 true、数据名称的列表，或含“标题”“指标”的映射")
    return value


class IndicatorTable(Model):
    """指标表: which figures to tabulate (all when 指标 is left out) and the table's title."""

    title: str | None = Field(None, alias="标题", description="表格标题，默认“20XX年主要指标完成情况表”")
    names: list[Text] | None = Field(None, alias="指标", description="要列入的数据名称，按此顺序；省略则列入全部")


FigureMap = Annotated[dict[str, Figure], BeforeValidator(_figure_names)]
TableRequest = Annotated[IndicatorTable | None, BeforeValidator(
    _table_request, json_schema_input_type=bool | list[str] | IndicatorTable | None)]


class Section(Model):
    """Base of a section type's top-level model."""

    type_name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    template: ClassVar[str] = ""
    family: ClassVar[str] = "公文"
    example: ClassVar[str | None] = None
    # a hand-written ``draft new`` skeleton in the type's templates/ ($year, $next_year and $today
    # filled in); None: one is generated from the schema (drafting.skeleton)
    skeleton: ClassVar[str | None] = None
    named_styles: ClassVar[dict[str, dict[str, Any]]] = {}  # styles derived from the family's (styles.derive)
    empty_means_none: ClassVar[frozenset[str]] = frozenset()  # keys where '' means "none" (lint W105 allows it)

    kind: str = Field(alias="类型", description="文稿类型")
    figures: FigureMap = Field({}, alias="数据",
                             description="数据：名称 → 数值与单位（可写上年、目标），正文里用 {名称} 引用")
    indicator_table: TableRequest = Field(None, alias="指标表",
                                          description="生成主要指标完成情况表：true、数据名称列表，或含标题、指标的映射")
    ignore: list[LintCode] = Field([], alias="忽略检查",
                                   description="本文件不做的检查（draft check 的警告代码），如 [W107]")

    def context(self, data: dict[str, Any]) -> dict[str, Any]:
        """What the template sees.  ``data`` is the model dumped under the writer's Chinese
        keys, its strings already carrying their YAML paths; add derived values here, built
        from the pieces of ``data`` so that errors still point at the right line."""
        return data

    def document_meta(self) -> dict[str, Any]:
        """Title, author, subject and date for the document properties (override as needed)."""
        return {}


# --- validation -----------------------------------------------------------------------

_DATE = "日期格式不对：请写成 2025-01-06 或 2025年1月6日"
_MESSAGES = {  # pydantic error type -> Chinese (ctx values fill the braces)
    "missing": "缺少必填项“{field}”",
    "extra_forbidden": "不认识的项“{field}”",
    "string_type": "应是文字",
    "string_unicode": "应是文字",
    "string_pattern_mismatch": "格式不对",
    "int_parsing": "应是整数，如 2024",
    "int_type": "应是整数，如 2024",
    "int_from_float": "应是整数，如 2024",
    "int_parsing_size": "数字太大了",
    "float_parsing": "应是数字",
    "float_type": "应是数字",
    "decimal_parsing": "应是数字",
    "decimal_type": "应是数字",
    "finite_number": "应是有限的数字",
    "multiple_of": "应是 {multiple_of} 的整数倍",
    "bool_parsing": "应是 true 或 false",
    "bool_type": "应是 true 或 false",
    "list_type": "应是列表（每项另起一行，以“- ”开头）",
    "tuple_type": "应是列表（每项另起一行，以“- ”开头）",
    "set_type": "应是列表（每项另起一行，以“- ”开头）",
    "dict_type": "应是“键: 值”形式的映射",
    "model_type": "应是“键: 值”形式的映射",
    "model_attributes_type": "应是“键: 值”形式的映射",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": "日期时间格式不对：请写成 2025-01-06 09:30",
    "datetime_parsing": "日期时间格式不对：请写成 2025-01-06 09:30",
    "time_type": "时间格式不对：请写成 09:30",
    "time_parsing": "时间格式不对：请写成 09:30",
    "too_short": "至少要有 {min_length} 项",
    "string_too_short": "至少要有 {min_length} 个字",
    "too_long": "项数太多：最多 {max_length} 项",
    "string_too_long": "太长了：最多 {max_length} 个字",
    "literal_error": "应是以下之一：{expected}",
    "enum": "应是以下之一：{expected}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "greater_than": "应大于 {gt}",
    "less_than": "应小于 {lt}",
    "none_required": "这里不应填写内容",
    "union_tag_invalid": "应是以下之一：{expected_tags}",
    "url_parsing": "应是网址，如 https://www.example.gov.cn",
    "url_type": "应是网址，如 https://www.example.gov.cn",
}
_EMPTY_OK = {"too_short": "不能为空", "string_too_short": "不能为空"}  # min_length 1


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


SHORTHAND_KEYS = ("条目", "正文", "名称")  # keys a shorthand (list / string) stands for


def yaml_path(path: tuple, marks: dict, base: tuple = ()) -> tuple:
    """A model path in the writer's terms: drop shorthand keys the YAML did not spell out.
    (``path`` continues the YAML path ``base``; the result does not include ``base``.)"""
    out: tuple = base
    for seg in path:
        if out + (seg,) not in marks and seg in SHORTHAND_KEYS:
            continue
        out += (seg,)
    return out[len(base):]


def _choices(error: dict) -> list:
    expected = (error.get("ctx") or {}).get("expected", "")
    return re.findall(r"'([^']*)'", str(expected)) or [expected]


def translate(error: dict, model: type[BaseModel], source: Source) -> Diagnostic:
    """One pydantic error -> one Chinese diagnostic at the right line."""
    from difflib import get_close_matches  # a mistake's suggestion only: not loaded for a good file

    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))  # drop union tags
    kind = error["type"]
    ctx = error.get("ctx") or {}
    field_name = str(loc[-1]) if loc else ""
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    elif kind == "assertion_error":
        message = error["msg"].removeprefix("Assertion failed, ")
    else:
        template = _EMPTY_OK[kind] if kind in _EMPTY_OK and ctx.get("min_length") == 1 else _MESSAGES.get(kind)
        fmt = {"field": field_name, **{k: v for k, v in ctx.items()}}
        if kind in ("literal_error", "enum"):  # "'文首' or '文末'" -> 文首、文末
            fmt["expected"] = "、".join(str(getattr(e, "value", e)) for e in _choices(error))
        message = template.format(**fmt) if template else f"取值不对（{error['msg']}）"
        if error.get("input", "") is None and kind not in ("missing", "extra_forbidden"):
            message = "这里没有填写内容：" + message  # "键:" with nothing after it
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        if owner is not None:
            meant = owner.key_synonyms.get(field_name)
            close = [meant] if meant else get_close_matches(field_name, _aliases(owner), n=1, cutoff=0.4)
            known = "、".join(_aliases(owner))
            message += f"，是不是“{close[0]}”？" if close else f"；可用的项：{known}"
    value = error.get("input")
    if kind in ("string_type", "string_unicode") and isinstance(value, dict) and len(value) == 1:
        message += "，这里写成了“键: 值”（英文冒号后跟空格）：若冒号是正文的一部分，请改用中文冒号“：”，或把整行内容加引号"
    if isinstance(value, str) and re.match(FULLWIDTH_KEY, value) and kind in ("model_type", "dict_type", "model_attributes_type"):
        message += "；看起来用了中文冒号“：”，键和值之间要用英文冒号加空格“: ”"
    loc = yaml_path(loc, source.marks)
    path = loc[:-1] if kind == "missing" else loc  # a missing key: point at its mapping
    d = source.diagnostic(message, path)
    if kind == "extra_forbidden" and path in source.keys:  # point at the unknown key, not its value
        d = at(source.file, source.text, *source.keys[path], message)
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
