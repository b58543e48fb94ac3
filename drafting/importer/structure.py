"""What a paragraph's text says about its place: typed heading numbers in every common form,
sentences, 一是…N是 points, subheads, dates.  Text functions only (no files, no YAML)."""
from __future__ import annotations

import re

from ..numbering import CN_NUMERAL as _CN, chinese_integer

# typed heading numbers by GB/T 9704 7.3.3 level: 一、  （一） (一)  1. 1、 1．  （1） (1) ①
TYPED_NUMBERS = (
    (1, re.compile(rf"^\s*{_CN}\s*[、，,．]\s*")),
    (2, re.compile(rf"^\s*[（(]\s*{_CN}\s*[）)]\s*[、，,]?\s*")),
    (3, re.compile(r"^\s*\d{1,2}\s*(?:[.．](?!\d)|、)\s*")),
    (4, re.compile(r"^\s*[（(]\s*\d{1,2}\s*[）)]\s*")),
    (4, re.compile(r"^\s*[\u2460-\u2473]\s*")),  # ① … ⑳
)
SENTENCE_END = "。！？"
CLOSERS = "”’）》"


def typed_number(text: str) -> tuple[int, str, str]:
    """(level, number as typed, rest) of a paragraph that starts with a heading number; level 0
    when it does not."""
    for level, pattern in TYPED_NUMBERS:
        m = pattern.match(text)
        if m and text[m.end():].strip():
            return level, m.group(0), text[m.end():]
    return 0, "", text


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, each with its end mark (and a closing quote right after it);
    a 。 inside quotation marks does not end a sentence."""
    out, start, depth = [], 0, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "“‘《（":
            depth += 1
        elif ch in "”’》）":
            depth = max(0, depth - 1)
        elif ch in SENTENCE_END and depth == 0:
            j = i + 1
            while j < len(text) and text[j] in SENTENCE_END + CLOSERS:
                j += 1
            out.append(text[start:j])
            start = i = j
            continue
        i += 1
    if start < len(text):
        out.append(text[start:])
    return out


def first_sentence(text: str) -> tuple[str, str]:
    parts = sentences(text)
    return (parts[0], "".join(parts[1:])) if parts else ("", "")


def ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(CLOSERS)[-1:] in SENTENCE_END


def point_split(text: str) -> tuple[str, list[str]] | None:
    """Text before 一是 and the points 一是…N是 (each without its marker), or None when the
    text holds no run of at least two points in order."""
    cuts = []
    pos = 0
    n = 1
    while True:
        marker = chinese_integer(n) + "是"
        m = re.compile(rf"(?:^|(?<=[。；;，,：:！？”）]))\s*{marker}").search(text, pos)
        if not m:
            break
        cuts.append((m.start(), m.end()))
        pos = m.end()
        n += 1
    if len(cuts) < 2:
        return None
    head = text[:cuts[0][0]]
    points = [text[end:(cuts[i + 1][0] if i + 1 < len(cuts) else len(text))] for i, (_, end) in enumerate(cuts)]
    return head, points


POINT_AT_START = re.compile(r"^\s*([一二三四五六七八九十]+)是")


def point_lead(text: str, limit: int = 30) -> tuple[str | None, str]:
    """A point's lead sentence (“精准保障”更有力。) and its body, when the first sentence is short."""
    first, rest = first_sentence(text)
    if rest.strip() and len(first) <= limit and ends_sentence(first):
        return first, rest
    return None, text


DATE_LINE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
CN_DATE_LINE = re.compile(r"^\s*([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日\s*$")


def is_short_line(text: str, limit: int = 24) -> bool:
    """A line that may be a heading or subhead: short, and not ending like a sentence or clause."""
    t = text.strip()
    return 0 < len(t) <= limit and t[-1:] not in "。！？；，、：:;,." + "”"


LABEL_VALUE = re.compile(r"^\s*([\u4e00-\u9fff]{2,6})\s*[：:]\s*(\S.*?)\s*$")
