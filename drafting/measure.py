"""Layout measuring for placement GB/T 9704 asks for: text widths, title line breaks, table
column widths.  Pure text arithmetic, no OOXML: used by the DOCX writer, lint and the reader."""
from __future__ import annotations

import unicodedata
from functools import lru_cache


def text_width(text: str, size: float, condense: int = 0) -> int:
    """Approximate width in twips: CJK (and ambiguous-width) full, Latin and digits half."""
    total = 0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in "WFA"
        total += round(size * (20 if wide else 10)) + condense
    return total


MAX_TITLE_LINES = 4


@lru_cache(maxsize=256)
def title_break(text: str, capacity: float) -> tuple[tuple[str, ...], float]:
    """A long title in balanced lines broken at sense units (7.3.1), and the worst penalty
    among its breaks (``titlebreak.INSIDE_WORD`` or more: no good place was found).  Kept for
    the process: a render asks for it three times (the page, and lint's W106 and W401).

    The fewest lines of at most ``capacity`` characters; among those, the breaks with the least
    3 × penalty (``titlebreak.places``) + half the difference between the longest and the
    shortest line."""
    from itertools import combinations

    def width(s: str) -> float:
        return text_width(s, 1) / 20

    if width(text) <= capacity:
        return (text,), 0.0
    from .titlebreak import INSIDE_WORD, places

    penalty = places(text)
    cuts = [i for i in range(1, len(text)) if penalty[i] is not None]
    for count in range(2, MAX_TITLE_LINES + 1):
        best = None
        for chosen in combinations(cuts, count - 1):
            bounds = (0, *chosen, len(text))
            lines = [text[a:b].strip(" 　") for a, b in zip(bounds, bounds[1:])]
            widths = [width(line) for line in lines]
            if max(widths) > capacity:
                continue
            score = 3 * sum(penalty[i] for i in chosen) + (max(widths) - min(widths)) / 2
            if best is None or score < best[0]:
                best = (score, lines, max(penalty[i] for i in chosen))
        if best is not None:
            return tuple(best[1]), best[2]
    # nowhere to break well: cut at the capacity (W401 says so)
    lines, line = [], ""
    for ch in text:
        if width(line + ch) > capacity:
            lines.append(line)
            line = ""
        line += ch
    return (*lines, line), INSIDE_WORD


def title_lines(text: str, capacity: float) -> list[str]:
    """Break a long title at sense units into balanced lines (7.3.1: not mid-word)."""
    return list(title_break(text, capacity)[0])


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
    ncols = max(len(r) for r in rows)  # a row read from a DOCX may have fewer cells (merged ones)
    pad = 260  # two cell margins of 108 and a little air
    need = [max(text_width(r[c] if c < len(r) else "", size) * (11 if i < header_rows else 10) // 10
                for i, r in enumerate(rows)) + pad
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
