"""Figures as data: the ``数据`` of a section, referenced from prose as ``{名称}`` / ``{名称:格式}``.

A :class:`Figures` object is the resolver ``compose`` passes to the Builder: called with a
figure's name and an optional format it returns the text to print, or raises ``KeyError`` /
``ValueError`` with a Chinese message (the Builder locates it at the referencing line).

All arithmetic is on :class:`decimal.Decimal` built from the text the writer typed, rounded
with ROUND_HALF_UP; no binary float is ever involved.  The formats and rounding rules are
described for writers in ``docs/figures.md``.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from .errors import Diagnostic
from .loader import Source
from .model import Figure, Number, Section
from .numbering import chinese_integer
from .tree import Document

# unit prefixes that scale a base unit; 千 and 百 alone are not prefixes (千克, 千米, 百分点)
PREFIXES = {"亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4}
PERCENT_PLACES = 1  # 同比, 完成率
SHARE_PLACES = 2  # 占比, 百分比
SCALE_PLACES = 2  # 万人, 亿元 …
# forms of a reference ({名称:万人,4位小数}, {名称:占比:总数}); compiled when first used
_PLACES = r"^(.*?)[,，]\s*(\d)\s*位(?:小数)?$"
_OTHER = r"^(占比|百分比)\s*[:：]\s*(.+)$"
FORMATS = ("数值", "上年", "目标", "同比", "增减", "百分点", "变化", "完成率", "占比:名称", "百分比:名称",
           "汉字", "万人、万元、亿元等（换算单位）")


PRECISION = 100  # significant digits of every computation (numbers have at most model.MAX_DIGITS)


def _precise(method):
    """Run ``method`` with ``PRECISION`` digits: Python's default 28 cannot hold a 28-digit
    figure rounded to two places (quantize would fail)."""
    import functools

    @functools.wraps(method)
    def run(*args, **kwargs):
        with localcontext() as ctx:
            ctx.prec = PRECISION
            return method(*args, **kwargs)

    return run


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """Decimal -> text without exponent; -0 shows as 0."""
    if value == 0:
        value = abs(value)
    return format(value, "f")


def trimmed(value: Decimal) -> str:
    """Rounded decimal without trailing zeros: 1.20 -> 1.2, 3.00 -> 3."""
    text = plain(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def split_unit(unit: str) -> tuple[Decimal, str]:
    """万元 -> (10000, 元); 人 -> (1, 人)."""
    for prefix, factor in PREFIXES.items():
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix):]
    return Decimal(1), unit


class Figures:
    """The figures of one section: the resolver for ``{名称:格式}`` and the indicator table."""

    def __init__(self, figures: dict[str, Figure]):
        self.figures = figures

    def record(self) -> dict[str, dict[str, str]]:
        """Every figure as typed (name -> value, unit, 上年, 目标): kept in the document tree
        so that ``draft diff`` can list the figures whose values changed."""
        out = {}
        for name, fig in self.figures.items():
            entry = {"value": fig.value.text, "unit": fig.unit}
            if fig.last_year is not None:
                entry["last_year"] = fig.last_year.text
            if fig.target is not None:
                entry["target"] = fig.target.text
            if fig.rate is not None:
                entry["rate"] = fig.rate.text + "%"
            if fig.approx:
                entry["approx"] = fig.approx
            out[name] = entry
        return out

    # -- lookup -------------------------------------------------------------------------
    def get(self, name: str) -> Figure:
        fig = self.figures.get(name)
        if fig is None:
            from difflib import get_close_matches

            close = get_close_matches(name, list(self.figures), n=3, cutoff=0.4)
            if close:
                hint = "，是不是" + "、".join(f"“{c}”" for c in close) + "？"
            elif self.figures:
                names = list(self.figures)
                hint = "；已定义的数据：" + "、".join(names[:10]) + ("……" if len(names) > 10 else "")
            else:
                hint = ""
            raise KeyError(f"“数据”里没有“{name}”{hint}")
        return fig

    @_precise
    def __call__(self, name: str, fmt: str | None = None) -> str:
        fig = self.get(name)
        if not fmt:
            return fig.written(fig.value.text, fig.unit)
        m = re.match(_PLACES, fmt)
        places = int(m.group(2)) if m else None
        form = (m.group(1) if m else fmt).strip()
        other = re.match(_OTHER, form)
        if other:
            return self.share(name, fig, other.group(2).strip(), places, other.group(1) == "占比")
        method = {
            "数值": lambda: fig.written(fig.value.text, ""), "上年": lambda: self._need(name, fig, "上年").text + fig.unit,
            "目标": lambda: self._need(name, fig, "目标").text + fig.unit,
            "同比": lambda: self.growth(name, fig, places), "增减": lambda: self.difference(name, fig),
            "百分点": lambda: self.points(name, fig, places), "变化": lambda: self.change(name, fig),
            "完成率": lambda: self.completion(name, fig, places), "汉字": lambda: self.chinese(name, fig),
        }.get(form)
        if method is not None:
            return method()
        return self.scaled(name, fig, form, places)

    @staticmethod
    def _need(name: str, fig: Figure, field: str) -> Number:
        value = fig.last_year if field == "上年" else fig.target
        if value is None:
            raise ValueError(f"数据“{name}”没有“{field}”，不能这样引用；请在“数据”里给它写上“{field}”")
        return value

    @staticmethod
    def _exact(name: str, fig: Figure, what: str) -> None:
        """A stated approximation (近4亿元) is no number to compute with."""
        if fig.approx:
            raise ValueError(f"数据“{name}”是约数（{fig.written(fig.value.text, fig.unit)}），不能计算{what}；"
                             f"要算{what}请写准确数字，或在正文里照写")

    # -- derived forms ------------------------------------------------------------------
    def scaled(self, name: str, fig: Figure, unit: str, places: int | None) -> str:
        """{人数:万人} -> 1.24万人: same base unit, ROUND_HALF_UP, trailing zeros dropped."""
        if unit == fig.unit and places is None:
            return fig.written(fig.value.text, fig.unit)
        src_factor, src_base = split_unit(fig.unit)
        dst_factor, dst_base = split_unit(unit)
        if not src_base or src_base != dst_base:
            known = "、".join(FORMATS)
            raise ValueError(f"不认识的格式“{unit}”（数据“{name}”的单位是“{fig.unit or '空'}”）；可用的格式：{known}")
        value = fig.value.value * src_factor / dst_factor
        rounded = round_half_up(value, SCALE_PLACES if places is None else places)
        if rounded == 0 and value != 0:  # 12人 as 万人: "0万人" would be wrong
            need = max(-value.adjusted(), 0) + 1
            raise ValueError(f"数据“{name}”是{fig.value.text}{fig.unit}，换算成“{unit}”后四舍五入为0；"
                             f"请直接写 {{{name}}}，或写 {{{name}:{unit},{min(need, 9)}位小数}}")
        return fig.written(trimmed(rounded), unit)

    def growth(self, name: str, fig: Figure, places: int | None) -> str:
        """同比: (本年 − 上年) ÷ 上年: 增长4.2% / 下降1.5% / 持平."""
        self._exact(name, fig, "同比")
        last = self._need(name, fig, "上年").value
        if last <= 0:
            raise ValueError(f"数据“{name}”的上年值为{plain(last)}，无法计算同比（上年须大于0）")
        rate = round_half_up((fig.value.value - last) / last * 100, PERCENT_PLACES if places is None else places)
        return _signed(rate, "增长", "下降", "%")

    def difference(self, name: str, fig: Figure) -> str:
        """增减: 本年 − 上年, exact: 增加467人 / 减少12人 / 持平."""
        self._exact(name, fig, "增减")
        diff = fig.value.value - self._need(name, fig, "上年").value
        return _signed(diff, "增加", "减少", fig.unit)

    def points(self, name: str, fig: Figure, places: int | None) -> str:
        """百分点: a rate's change: 提高2.1个百分点 / 下降0.4个百分点 / 持平."""
        if fig.unit != "%":
            raise ValueError(f"“百分点”只用于单位为“%”的数据，“{name}”的单位是“{fig.unit or '空'}”")
        self._exact(name, fig, "百分点")
        diff = fig.value.value - self._need(name, fig, "上年").value
        if places is not None:
            diff = round_half_up(diff, places)
        return _signed(diff, "提高", "下降", "个百分点")

    def change(self, name: str, fig: Figure) -> str:
        """变化: 从7094元提高至7334元 / 从…降低至… / 保持在7334元."""
        self._exact(name, fig, "变化")
        last = self._need(name, fig, "上年")
        if fig.value.value == last.value:
            return f"保持在{fig.value.text}{fig.unit}"
        verb = "提高" if fig.value.value > last.value else "降低"
        return f"从{last.text}{fig.unit}{verb}至{fig.value.text}{fig.unit}"

    def completion(self, name: str, fig: Figure, places: int | None) -> str:
        """完成率: as stated (完成率: 176.7%), else 本年 ÷ 目标: 176.7%."""
        if fig.rate is not None and places is None:
            return fig.rate.text + "%"
        target = fig.target
        if target is None:
            raise ValueError(f"数据“{name}”没有“目标”，不能计算完成率；请在“数据”里写上“目标”或照写的“完成率”")
        self._exact(name, fig, "完成率")
        if target.value <= 0:
            raise ValueError(f"数据“{name}”的目标为{target.text}，无法计算完成率（目标须大于0）")
        rate = round_half_up(fig.value.value / target.value * 100, PERCENT_PLACES if places is None else places)
        return plain(rate) + "%"

    def share(self, name: str, fig: Figure, whole_name: str, places: int | None, label: bool) -> str:
        """占比:总数 -> 占比68.48% (百分比:总数 -> 68.48%); units must have the same base."""
        whole = self.get(whole_name)
        self._exact(name, fig, "占比")
        self._exact(whole_name, whole, "占比")
        f1, b1 = split_unit(fig.unit)
        f2, b2 = split_unit(whole.unit)
        if b1 != b2:
            raise ValueError(f"“{name}”（{fig.unit or '无单位'}）和“{whole_name}”（{whole.unit or '无单位'}）单位不同，不能计算占比")
        total = whole.value.value * f2
        if total == 0:
            raise ValueError(f"数据“{whole_name}”为0，不能作分母")
        rate = round_half_up(fig.value.value * f1 / total * 100, SHARE_PLACES if places is None else places)
        return ("占比" if label else "") + plain(rate) + "%"

    def chinese(self, name: str, fig: Figure) -> str:
        value = fig.value.value
        if value != value.to_integral_value():
            raise ValueError(f"数据“{name}”的值{fig.value.text}不是整数，不能写成汉字")
        return fig.written(chinese_integer(int(value)), fig.unit)

    # -- indicator table ----------------------------------------------------------------
    @_precise
    def table(self, names: Any = None, year: Any = None, period: Any = None) -> tuple[list[list[str]], list[str], list[str]]:
        """Rows (header first), column alignment and the names tabulated.

        Columns: 序号, 指标, 单位, 上年, 本年, 同比, 目标, 完成率; a column no figure fills is left out.
        The year columns name the reporting ``period`` (2024年1—11月) unless it is the whole year.
        Unknown names raise KeyError."""
        names = [str(n) for n in names] if names else list(self.figures)
        figs = [(n, self.get(n)) for n in names]
        y = int(year) if year not in (None, "") else None
        span = period_label(period)
        has_last = any(f.last_year is not None for _, f in figs)
        has_target = any(f.target is not None for _, f in figs)
        has_rate = has_target or any(f.rate is not None for _, f in figs)
        cols: list[tuple[str, str, Any]] = [
            ("序号", "center", lambda i, n, f: str(i)),
            ("指标", "left", lambda i, n, f: n),
            ("单位", "center", lambda i, n, f: f.unit),
        ]
        if has_last:
            cols.append((f"{y - 1}年{span}" if y else "上年" + ("同期" if span else ""), "right",
                         lambda i, n, f: _text(f.last_year)))
        cols.append((f"{y}年{span}" if y else ("本期" if span else "本年"), "right",
                     lambda i, n, f: f.written(f.value.text, "")))
        if has_last:
            cols.append(("同比", "right", lambda i, n, f: self._table_growth(f)))
        if has_target:
            cols.append(("目标", "right", lambda i, n, f: _text(f.target)))
        if has_rate:
            cols.append(("完成率", "right", lambda i, n, f: self._table_rate(n, f)))
        rows = [[c[0] for c in cols]]
        rows += [[c[2](i, n, f) for c in cols] for i, (n, f) in enumerate(figs, 1)]
        return rows, [c[1] for c in cols], names

    def _table_rate(self, name: str, fig: Figure) -> str:
        if fig.rate is not None or (fig.target and fig.target.value > 0 and not fig.approx):
            return self.completion(name, fig, None)
        return "—"

    @staticmethod
    def _table_growth(fig: Figure) -> str:
        if fig.last_year is None or fig.last_year.value <= 0 or fig.approx:
            return "—"
        if fig.unit == "%":  # a rate: change in percentage points
            return _signed(fig.value.value - fig.last_year.value, "+", "-", "个百分点", flat="0")
        rate = round_half_up((fig.value.value - fig.last_year.value) / fig.last_year.value * 100, PERCENT_PLACES)
        return _signed(rate, "+", "-", "%", flat="0.0%")


WHOLE_YEAR = "全年"


def period_label(period: Any) -> str:
    """The reporting period as it follows a year (2025年上半年); empty for the whole year."""
    text = str(period or "").strip()
    return "" if text in ("", WHOLE_YEAR) else text


def _text(n: Number | None) -> str:
    return n.text if n is not None else "—"


def _signed(value: Decimal, up: str, down: str, unit: str, flat: str = "持平") -> str:
    if value == 0:
        return flat
    return f"{up if value > 0 else down}{plain(abs(value))}{unit}"


def resolver(model: Section) -> Figures | None:
    """The resolver for compose, or None when the section has no 数据."""
    return Figures(model.figures) if model.figures else None


def check(model: Section, source: Source) -> list[Diagnostic]:
    """Errors in the indicator table request (unknown names, no 数据), located."""
    spec = model.indicator_table
    if spec is None:
        return []
    if not model.figures:
        return [source.diagnostic("要生成“指标表”，先在“数据”里写上数据", ("指标表",))]
    out = []
    known = Figures(model.figures)
    listed = ("指标表",) if ("指标表", 0) in source.marks else ("指标表", "指标")
    for i, name in enumerate(spec.names or ()):
        try:
            known.get(name)
        except KeyError as exc:
            out.append(source.diagnostic(f"指标表：{exc.args[0]}", listed + (i,)))
    return out


def used(doc: Document) -> set[str]:
    """Names referenced from prose or tabulated in ``doc``."""
    names = {s.ref for b in doc.blocks for s in b.spans if s.ref}  # figure spans, and figures quoted
    for b in doc.blocks:
        names.update(b.attrs.get("figures") or ())
    return names
