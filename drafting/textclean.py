"""Text cleaning for scraped Chinese reports: the functions ``draft import`` builds on.

Pasted or scraped text carries debris that is not part of the report.  Each step is a small
named function, tested on its own; :func:`clean_text` runs them in order and returns one
paragraph per line:

a. :func:`strip_pinyin_glosses`     -- scraper pinyin such as ``報(bào)``
b. :func:`to_simplified`            -- OpenCC ``t2s``, only for traditional text; OpenCC is the
                                       optional extra ``fanti`` (an EnvError names it when missing)
c. :func:`repair_scraper_debris`    -- ``,、`` / ``,,`` / ``,。`` and ``?ldquo;``
d. :func:`to_fullwidth_punctuation` -- half-width punctuation in Chinese text
e. :func:`remove_furniture`         -- share buttons, issue lists, disclaimers

Spans that are damaged beyond repair can be passed as ``protected``: they are left exactly as
they are (shielded from punctuation conversion) so the damage stays visible and stable.  The
seed cleaner (``tools/clean_seeds.py``) is the development tool built on this module.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable

from .errors import EnvError

__all__ = [
    "FANTI_EXTRA",
    "TRADITIONAL_SHARE",
    "clean_text",
    "collapse_spaces",
    "is_furniture",
    "is_pinyin_syllable",
    "looks_traditional",
    "remove_furniture",
    "repair_scraper_debris",
    "strip_pinyin_glosses",
    "to_fullwidth_punctuation",
    "to_simplified",
]

# Share of CJK characters that t2s must change before a text counts as traditional.
TRADITIONAL_SHARE = 0.05
FANTI_EXTRA = "pip install 'draft-gongwen[fanti]'"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_HAN_RE = re.compile(f"[{_HAN}]")

# ---------------------------------------------------------------------------
# a. pinyin glosses
# ---------------------------------------------------------------------------

# Tone marks as combining characters after NFD: macron, acute, caron, grave.
_TONE_MARKS = "\u0304\u0301\u030c\u0300"
_SYLLABLE_RE = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|iao|ian|uai|uan|üan|"
    r"ai|ei|ao|ou|an|en|in|un|ün|ia|ie|iu|ua|uo|ui|ue|üe|er|a|o|e|i|u|ü)"
    r"|ng|n|m)"
)
# Candidate: a parenthesised run of lower-case Latin letters right after a Han character.
_GLOSS_CANDIDATE_RE = re.compile(
    f"(?<=[{_HAN}])[(（]([a-z\u00e0-\u00ff\u0100-\u024f\u1e3f]{{1,7}})[)）]"
)


def is_pinyin_syllable(word: str) -> bool:
    """True for one tone-marked pinyin syllable such as ``bào``, ``nǚ``, ``zhuàng``."""
    decomposed = unicodedata.normalize("NFD", word)
    if not any(mark in decomposed for mark in _TONE_MARKS):
        return False
    base = unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    )
    return _SYLLABLE_RE.fullmatch(base) is not None


def strip_pinyin_glosses(text: str) -> str:
    """Remove scraper glosses like ``報(bào)`` -> ``報``; keep real parentheses."""

    def replace(match: re.Match[str]) -> str:
        return "" if is_pinyin_syllable(match.group(1)) else match.group(0)

    return _GLOSS_CANDIDATE_RE.sub(replace, text)


# ---------------------------------------------------------------------------
# b. traditional -> simplified
# ---------------------------------------------------------------------------


# Common characters whose traditional form differs from the simplified one: without OpenCC,
# a text holding none of them is taken as simplified (and left alone); one holding any of
# them needs OpenCC to be converted.
_TRADITIONAL_HINTS = frozenset(
    "們這個為與來說時會國際發經學對東車門開關見還員點區頭書長問業從電應實現當幾無體麼種進過樣動機"
    "萬鎮報訊記縣鄉級農產濟陽療醫藥錢費給導環節辦屬條決議領單話讓寫讀歲壓歡戰礎衛圖務辦"
)


@functools.lru_cache(maxsize=1)
def _t2s():
    """The OpenCC t2s converter, created on first use only; None when OpenCC is not installed."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


def _converter():
    converter = _t2s()
    if converter is None:
        raise EnvError(f"这段文字是繁体字，转成简体需要可选组件 OpenCC，请先安装：{FANTI_EXTRA}")
    return converter


def _changed_share(text: str, converted: str) -> float:
    han = [i for i, ch in enumerate(text) if _HAN_RE.match(ch)]
    if not han:
        return 0.0
    if len(converted) == len(text):
        changed = sum(1 for i in han if text[i] != converted[i])
    else:  # a phrase rule changed the length: compare character by character
        changed = sum(1 for i in han if _converter().convert(text[i]) != text[i])
    return changed / len(han)


def _needs_converter(text: str) -> bool:
    """False when the text is surely simplified; without OpenCC only common characters are known."""
    return _t2s() is not None or not _TRADITIONAL_HINTS.isdisjoint(text)


def looks_traditional(text: str) -> bool:
    """True when t2s would change at least TRADITIONAL_SHARE of the Han characters.

    Raises EnvError naming the ``fanti`` extra when OpenCC is missing and the text holds
    traditional characters."""
    if not _needs_converter(text):
        return False
    return _changed_share(text, _converter().convert(text)) >= TRADITIONAL_SHARE


def to_simplified(text: str) -> str:
    """Convert traditional text to simplified; return simplified text unchanged.

    Without OpenCC, simplified text is returned unchanged and traditional text raises
    EnvError naming the ``fanti`` extra."""
    if not _needs_converter(text):
        return text
    converted = _converter().convert(text)
    if _changed_share(text, converted) >= TRADITIONAL_SHARE:
        return converted
    return text


# ---------------------------------------------------------------------------
# c. scraper debris
# ---------------------------------------------------------------------------

# Entity names whose debris may have lost its "&" to a "?".
_DEBRIS_ENTITIES = (
    "ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|nbsp|quot|amp|lt|gt"
)
_ENTITY_RE = re.compile(
    rf"&(?:#\d{{1,7}}|#[xX][0-9a-fA-F]{{1,6}}|[a-zA-Z][a-zA-Z0-9]{{1,9}});"
    rf"|\?(?:{_DEBRIS_ENTITIES});"
)
# The scraper put a "," before many punctuation marks: ",、" ",。" ",；" ...
_COMMA_BEFORE_MARK_RE = re.compile(r",(?=[、。，；：？！])")
_DOUBLE_COMMA_RE = re.compile(rf",,(?=[{_HAN}\d“‘《（(])|(?<=[{_HAN}）)”’》%]),,")


def _unescape(match: re.Match[str]) -> str:
    token = match.group(0)
    if token.startswith("?"):
        token = "&" + token[1:]
    value = html.unescape(token)
    if value == token:  # not a known entity: leave it
        return match.group(0)
    return value.replace("\xa0", " ")


def repair_scraper_debris(text: str) -> str:
    """Repair HTML-entity debris and the scraper's doubled punctuation."""
    text = _ENTITY_RE.sub(_unescape, text)
    text = _DOUBLE_COMMA_RE.sub("，", text)
    return _COMMA_BEFORE_MARK_RE.sub("", text)


# ---------------------------------------------------------------------------
# d. half-width -> full-width punctuation
# ---------------------------------------------------------------------------

# Characters that make a neighbouring ASCII mark "Chinese": Han, CJK and
# full-width punctuation, curly quotes, dash, ellipsis, and the private-use
# placeholders that stand in for masked protected spans.
_ZH_CONTEXT = f"{_HAN}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2014\u2026\ue000-\uf8ff"
_FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_MARK_RE = re.compile(
    rf"(?<=[{_ZH_CONTEXT}])[,:;?!]|[,:;?!](?=[{_ZH_CONTEXT}])"
)
_PAREN_RE = re.compile(r"[(（]([^()（）\n]*)[)）]")
_MASK_BASE = 0xE000


def _mask(text: str, protected: Iterable[str]) -> tuple[str, list[tuple[str, str]]]:
    """Replace protected spans by private-use placeholders absent from text."""
    spans: list[tuple[str, str]] = []
    code = _MASK_BASE
    for span in protected:
        if span in text:
            while chr(code) in text:
                code += 1
            spans.append((chr(code), span))
            text = text.replace(span, chr(code))
            code += 1
    return text, spans


def _unmask(text: str, spans: list[tuple[str, str]]) -> str:
    for placeholder, span in spans:
        text = text.replace(placeholder, span)
    return text


def _convert_parens(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        if "(" not in match.group(0) and ")" not in match.group(0):
            return match.group(0)
        if _HAN_RE.search(inner):
            return f"（{inner}）"
        return match.group(0)

    return _PAREN_RE.sub(replace, text)


def to_fullwidth_punctuation(text: str, protected: Iterable[str] = ()) -> str:
    """Make , : ; ? ! and () full-width where they sit in Chinese text.

    A mark is converted when the character before or after it is Chinese;
    parentheses are converted when they enclose Han characters.  Digits,
    decimals, ranges, ``1.`` numbering, URLs and Latin words are untouched,
    and so are the ``protected`` spans.
    """
    text, spans = _mask(text, protected)
    lines = []
    for line in text.split("\n"):
        line = _MARK_RE.sub(lambda m: _FULLWIDTH[m.group(0)], line)
        lines.append(_convert_parens(line))
    return _unmask("\n".join(lines), spans)


# ---------------------------------------------------------------------------
# e. page furniture
# ---------------------------------------------------------------------------

_FURNITURE_RES = tuple(
    re.compile(pattern)
    for pattern in (
        r"分享到(?:[:：].{0,30}|微信朋友圈|微信|朋友圈|微博|QQ空间|QQ)?",
        r"过往期刊",
        r"[•·]?\s*第\d{4}-\d{1,2}-\d{1,2}期",
        r"[.…。·]*\s*试读结束\s*[.…。·]*",
        r"查阅全文加微信.*",
        r"如来写作网.*",
        r"本文内容由互联网用户自发贡献.*",
        r"如若转载[,，]\s*请注明出处.*",
    )
)


def is_furniture(line: str) -> bool:
    """True for a line of page furniture (share buttons, issue list, ads...)."""
    stripped = line.strip()
    return any(pattern.fullmatch(stripped) for pattern in _FURNITURE_RES)


def remove_furniture(lines: list[str]) -> list[str]:
    """Drop furniture lines and a line repeated immediately (a doubled title)."""
    kept: list[str] = []
    for line in lines:
        if is_furniture(line):
            continue
        if kept and line == kept[-1]:
            continue
        kept.append(line)
    return kept


# ---------------------------------------------------------------------------
# whole pipeline
# ---------------------------------------------------------------------------

_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\u202f\u205f]+")


def collapse_spaces(line: str) -> str:
    """Collapse runs of (non-breaking, ideographic) spaces to one; strip the ends."""
    return _SPACES_RE.sub(" ", line).strip()


def clean_text(raw: str, protected: Iterable[str] = ()) -> str:
    """Return the clean simplified text: one paragraph per line, ending in "\\n".

    ``protected`` spans (text damaged beyond repair) are kept as they are."""
    text = raw.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = strip_pinyin_glosses(text)
    text = to_simplified(text)
    text = repair_scraper_debris(text)
    lines = [collapse_spaces(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    lines = to_fullwidth_punctuation("\n".join(lines), protected).split("\n")
    lines = remove_furniture(lines)
    return "".join(line + "\n" for line in lines)
