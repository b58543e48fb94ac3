"""The furniture of a 专节报告 around its outline, back into fields: the 版头 and 版记 of a 公文
issued on its own (drafting.official) and the 主要指标完成情况表 (数据 with 上年, 目标, 完成率,
约数; 指标表; 期间 from the column headers).

Each is recognised from draft's kinds (its embedded tree or its style names) or, in a file typed
by hand, from the text: a 发文字号 that GB/T 9704 accepts under a short line; "抄送：" and
"……印发" lines at the end; a table with draft's columns.  A table is taken only when draft
renders the same rows from what was read (:func:`indicator_table` renders it again and compares),
so nothing is invented; otherwise it stays a comment.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ..model import APPROX_AFTER, APPROX_BEFORE, APPROX_MIDDLE
from .sources import Para

# --- 版头 (GB/T 9704 7.2) -------------------------------------------------------------------
URGENCY = ("特急", "加急")
_DOC_NUMBER_LINE = re.compile(r"^\s*(?P<number>\S[^\t]*?号)\s*(?:签发人\s*[：:]\s*(?P<signers>\S.*?))?\s*$")


def _note_key(text: str) -> str | None:
    """Which 版头 note a line above the 发文机关标志 is: 份号, 密级 or 紧急程度."""
    if re.fullmatch(r"\d{6}", text):
        return "份号"
    if text in URGENCY:
        return "紧急程度"
    if "★" in text or re.fullmatch(r"(?:绝密|机密|秘密)\S{0,8}", text):
        return "密级"
    return None


def masthead(paras: list[Para], cmap) -> tuple[CommentedMap | None, int]:
    """(版头, paragraphs it takes) at the top of ``paras``; (None, 0) when there is none."""
    from ..official import check_doc_number

    notes: dict[str, str] = {}
    i = 0
    while i < min(3, len(paras)) and paras[i].kind in (None, "masthead", "paragraph"):
        key = _note_key(paras[i].text.strip())
        if key is None or key in notes:
            break
        notes[key] = paras[i].text.strip()
        i += 1
    if i + 1 >= len(paras):
        return None, 0
    organ, line = paras[i], paras[i + 1]
    m = _DOC_NUMBER_LINE.match(line.text)
    if not m or organ.kind not in (None, "masthead") or not 2 <= len(organ.text.strip()) <= 30 \
            or not (organ.kind == "masthead" or organ.align == "center" or organ.text.strip().endswith("文件")):
        return None, 0
    try:
        number = check_doc_number(m.group("number"))
    except ValueError:  # not a 发文字号 draft can print as typed: no 版头
        return None, 0
    head = cmap(2)
    head["发文机关"] = organ.text.strip()
    head["发文字号"] = number
    signers = (m.group("signers") or "").split()
    if signers:
        head["签发人"] = signers[0] if len(signers) == 1 else signers
    for key in ("份号", "密级", "紧急程度"):
        if key in notes:
            head[key] = notes[key]
    return head, i + 2


# --- 版记 (GB/T 9704 7.4) -------------------------------------------------------------------
_PRINTED = re.compile(r"^\s*(?P<printer>\S.*?)\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日印发\s*$")
_CC = re.compile(r"^\s*抄送\s*[：:]\s*(?P<names>\S.*?)。?\s*$")


def _lines(p: Para) -> list[str]:
    """A paragraph's text, or the cells of a one-column table (how a word processor may keep the
    版记's ruled lines), one line each."""
    if p.rows is not None:
        return [c for row in p.rows for c in row if c.strip()] if all(len(r) == 1 for r in p.rows) else []
    return [p.text]


def colophon(paras: list[Para], cmap) -> tuple[CommentedMap | None, int]:
    """(版记, paragraphs it takes) at the end of ``paras``; (None, 0) when there is none."""
    lines: list[str] = []
    taken = 0
    for p in reversed(paras[-3:]):
        got = _lines(p)
        if not got or not all(_PRINTED.match(t) or _CC.match(t) for t in got):
            break
        lines = got + lines
        taken += 1
    if not lines or not _PRINTED.match(lines[-1]) or any(_PRINTED.match(t) for t in lines[:-1]) or len(lines) > 2:
        return None, 0
    m = _PRINTED.match(lines[-1])
    try:
        printed = _dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None, 0
    info = cmap(2)
    if len(lines) == 2:
        names = [n.strip() for n in _CC.match(lines[0])["names"].split("，") if n.strip()]
        info["抄送"] = names[0] if len(names) == 1 else _flow(names)
    info["印发机关"] = m["printer"]
    info["印发日期"] = printed.isoformat()
    return info, taken


def _flow(items: list[Any]):
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


# --- 主要指标完成情况表 ----------------------------------------------------------------------
class Num(str):
    """A number written as the table had it (20.15, 160.04): a plain YAML scalar, read back as
    the same text (drafting.model.Number keeps it)."""


def represent_num(representer, value: Num):
    tag = "tag:yaml.org,2002:float" if "." in value else "tag:yaml.org,2002:int"
    return representer.represent_scalar(tag, str(value))


_HEAD = re.compile(r"^(\d{4})年(.*)$")
NONE = "—"


def table_period(rows: list[list[str]], year: int | None) -> str | None:
    """期间 named by an indicator table's year columns (2025年上半年 -> 上半年), or None."""
    cols = _columns(rows)
    if cols is None:
        return None
    m = _HEAD.match(cols["now"][1])
    return m.group(2) if m and (year is None or int(m.group(1)) == year) and m.group(2) else None


def _columns(rows: list[list[str]]) -> dict[str, tuple[int, str]] | None:
    """Column index and header of 序号 … 完成率 in draft's layout, or None for another table."""
    if len(rows) < 2:
        return None
    head = [c.strip() for c in rows[0]]
    if head[:3] != ["序号", "指标", "单位"] or any(len(r) != len(head) for r in rows):
        return None
    cols: dict[str, tuple[int, str]] = {}
    years = [k for k, c in enumerate(head) if k >= 3 and (_HEAD.match(c) or c in ("上年", "上年同期", "本年", "本期"))]
    if len(years) == 1 and years[0] == 3:
        cols["now"] = (3, head[3])
    elif len(years) == 2 and years == [3, 4]:
        cols["last"], cols["now"] = (3, head[3]), (4, head[4])
    else:
        return None
    k = years[-1] + 1
    for key, name in (("growth", "同比"), ("target", "目标"), ("rate", "完成率")):
        if k < len(head) and head[k] == name:
            cols[key] = (k, name)
            k += 1
    return cols if k == len(head) else None


def _value(cell: str) -> tuple[str, str | None] | None:
    """(number, 约数) of a 本年 cell as draft prints it (近4000, 20余, 95以上)."""
    from ..model import _NUMBER  # the number form 数据 accepts

    for word in APPROX_BEFORE:
        if cell.startswith(word) and _NUMBER.fullmatch(cell[len(word):]):
            return cell[len(word):], word
    for word in APPROX_MIDDLE + APPROX_AFTER:
        if cell.endswith(word) and _NUMBER.fullmatch(cell[:-len(word)]):
            return cell[:-len(word)], word
    return (cell, None) if _NUMBER.fullmatch(cell) else None


def indicator_figures(rows: list[list[str]], year: int | None, period: str | None, cmap) -> CommentedMap | None:
    """The 数据 an indicator table shows (name -> 值, 单位, 上年, 目标, 完成率, 约数), when draft
    prints exactly these rows from them; None otherwise."""
    from ..figures import Figures
    from ..model import _NUMBER, Figure

    cols = _columns(rows)
    if cols is None:
        return None
    data = cmap(2)
    for row in rows[1:]:
        row = [c.strip() for c in row]
        name, unit = row[1], row[2]
        value = _value(row[cols["now"][0]])
        if not name or name in data or value is None or re.search(r"[{}:：]", name):
            return None
        entry: dict[str, Any] = {"值": Num(value[0]), "单位": unit}
        for key, field in (("last", "上年"), ("target", "目标")):
            if key in cols and row[cols[key][0]] != NONE:
                if not _NUMBER.fullmatch(row[cols[key][0]]):
                    return None
                entry[field] = Num(row[cols[key][0]])
        if value[1]:
            entry["约数"] = value[1]
        if "rate" in cols and row[cols["rate"][0]] != NONE:
            entry["完成率"] = row[cols["rate"][0]]
        data[name] = entry
    try:
        figures = {n: Figure.model_validate(e) for n, e in data.items()}
        for n, fig in figures.items():  # a rate the target gives needs no 完成率 of its own
            if fig.target is not None and fig.rate is not None and not fig.approx:
                plain = fig.model_copy(update={"rate": None})
                if Figures({n: plain}).completion(n, plain, None) == fig.rate.text + "%":
                    figures[n] = plain
                    del data[n]["完成率"]
        again, _, _ = Figures(figures).table(list(figures), year, period)
    except (ValueError, KeyError, ArithmeticError):
        return None
    if again != [[c.strip() for c in r] for r in rows]:
        return None
    out = cmap(2)
    for name, entry in data.items():
        out[name] = _entry(entry, figures[name], cmap)
    return out


def _entry(entry: dict[str, Any], fig, cmap):
    """``10661人`` / ``20余场`` when only the value, unit and 约数 are known (as writers write
    it), else a flow map."""
    if set(entry) <= {"值", "单位", "约数"} and fig.unit and not re.match(r"[\d.]", fig.unit):
        return fig.written(fig.value.text, fig.unit)
    m = cmap(4)
    for key, value in entry.items():
        m[key] = value
    m.fa.set_flow_style()
    return m
