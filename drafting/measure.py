"""Layout measuring for placement GB/T 9704 asks for: text widths, title line breaks, table
column widths.  Pure text arithmetic, no OOXML: used by the DOCX writer, lint and the reader."""
from __future__ import annotations

import unicodedata


def text_width(text: str, size: float, condense: int = 0) -> int:
    """Approximate width in twips: CJK (and ambiguous-width) full, Latin and digits half."""
    total = 0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in "WFA"
        total += round(size * (20 if wide else 10)) + condense
    return total


def title_lines(text: str, capacity: float) -> list[str]:
    """Break a long title at sense units into balanced lines (7.3.1: not mid-word)."""
    def width(s: str) -> float:
        return text_width(s, 1) / 20

    if width(text) <= capacity:
        return [text]
    best = None
    for i in range(2, len(text) - 1):
        left, right = text[:i], text[i:]
        if width(left) > capacity:
            break
        a, b = text[i - 1], text[i]
        if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            continue  # never split a number or a Latin word
        if unicodedata.category(b).startswith("P") and b not in "“《（":
            continue  # no line starts with closing punctuation
        if a in " 　，、；：":
            penalty = 0.0
        elif text[i - 2:i] in ("报告", "情况", "意见", "方案", "通知", "综述") or a in "的暨":
            penalty = 0.5
        elif a in "年和与及" and not b.isdigit():
            penalty = 1.0
        elif b in "“《（" or text[i:i + 2] in ("关于", "推动", "加快", "全面"):
            penalty = 1.0
        else:
            penalty = 4.0
        score = 3 * penalty + abs(width(left) - width(right)) / 2
        if best is None or score < best[0]:
            best = (score, i)
    if best is None:
        return [text]
    i = best[1]
    head, rest = text[:i].rstrip(" 　"), text[i:].lstrip(" 　")
    return [head] + title_lines(rest, capacity)


def line_starts(text: str, capacity: float) -> set[int]:
    """Offsets in ``text`` where ``title_lines`` starts a second, third … line."""
    starts, pos = set(), 0
    for k, line in enumerate(title_lines(text, capacity)):
        pos = text.find(line, pos)
        if k:
            starts.add(pos)
        pos += len(line)
    return starts


def column_widths(rows: list[list[str]], align: list[str], size: float, total: int,
                  header_rows: int = 1) -> list[int]:
    """Column widths (twips) filling ``total`` for cell text of ``size`` pt: each column its
    widest cell (bold header cells a tenth wider, plus the cell margins).  When the table is too
    wide, the left-aligned text columns give way first, down to six characters (they may wrap;
    numbers should not), then every column shrinks in proportion."""
    ncols = len(rows[0])
    pad = 260  # two cell margins of 108 and a little air
    need = [max(text_width(r[c], size) * (11 if i < header_rows else 10) // 10 for i, r in enumerate(rows)) + pad
            for c in range(ncols)]
    over = sum(need) - total
    floor = text_width("国" * 6, size) + pad
    for c in range(ncols):
        if over > 0 and (align[c] if c < len(align) else "left") == "left" and need[c] > floor:
            give = min(over, need[c] - floor)
            need[c] -= give
            over -= give
    scale = total / max(sum(need), 1)
    widths = [int(n * scale) for n in need]
    widths[-1] += total - sum(widths)
    return widths
