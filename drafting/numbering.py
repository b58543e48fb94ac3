"""Chinese numerals and the numbers draft generates, defined once: written here, recognised here.

* ``chinese_integer`` writes an integer in Chinese (10661 -> 一万零六百六十一); headings and
  一是/二是 points use it for their counters.
* ``heading_number`` writes the GB/T 9704-2012 7.3.3 heading numbers 一、（一）1.（1）;
  ``point_marker`` the 一是、二是 of a point.
* ``GENERATED`` recognises exactly those numbers at the start of a text (the DOCX reader
  strips them); ``TYPED`` recognises what writers type by hand instead (lint W104), a
  superset: half-width brackets, 1、, 第一，….
"""
from __future__ import annotations

import re

DIGITS = "零一二三四五六七八九"
_PLACES = (("千", 1000), ("百", 100), ("十", 10), ("", 1))


def _below_10000(n: int) -> str:
    out, zero = "", False
    for unit, factor in _PLACES:
        digit, n = divmod(n, factor)
        if digit:
            if zero and out:
                out += "零"
            out += DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out


def chinese_integer(n: int) -> str:
    """1864 -> 一千八百六十四, 10661 -> 一万零六百六十一, 15 -> 十五, 0 -> 零."""
    if n < 0:
        return "负" + chinese_integer(-n)
    if n == 0:
        return "零"
    if n >= 10 ** 12:
        raise ValueError("数太大，不能写成汉字")
    groups = []
    while n:
        n, g = divmod(n, 10000)
        groups.append(g)
    out = ""
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        if out and (g < 1000 or groups[i + 1] == 0):
            out += "零"
        out += _below_10000(g) + ("", "万", "亿")[i]
    out = re.sub("零+", "零", out)
    return out[1:] if out.startswith("一十") else out


def chinese_numeral(n: int) -> str:
    """A counter in Chinese: 1 -> 一, 12 -> 十二, 20 -> 二十 (templates' ``chinese_numeral``)."""
    return chinese_integer(n) if n > 0 else str(n)


# GB/T 9704-2012 7.3.3: 一、 （一） 1. （1）
MAX_LEVEL = 4
_HEADING_FORMATS = {
    1: lambda n: f"{chinese_numeral(n)}、",
    2: lambda n: f"（{chinese_numeral(n)}）",
    3: lambda n: f"{n}.",
    4: lambda n: f"（{n}）",
}
LEVELS_SHOWN = "".join(_HEADING_FORMATS[level](1) for level in range(1, MAX_LEVEL + 1))  # 一、（一）1.（1）


def heading_number(level: int, n: int) -> str:
    """The number of the ``n``-th heading of ``level`` (1..MAX_LEVEL)."""
    return _HEADING_FORMATS[level](n)


def point_marker(n: int) -> str:
    """一是, 二是 … of the ``n``-th point."""
    return f"{chinese_numeral(n)}是"


CN_NUMERAL = "[零一二三四五六七八九十百千]+"  # a Chinese numeral, as typed or generated (a regex)
# what heading_number writes, at the start of a text
GENERATED = re.compile(rf"^(?:{CN_NUMERAL}、|（{CN_NUMERAL}）|\d+[.．]|（\d+）)")
# what writers type by hand where draft would generate a number (headings, 一是, 第一，)
TYPED = re.compile(
    rf"\s*(?:{CN_NUMERAL}[是、]|[（(](?:{CN_NUMERAL}|\d+)[）)]|\d+(?:[.．、](?!\d)|\s)|第{CN_NUMERAL}[，、是])")
