"""Seed cleaner: turn scraped county-bureau reports into clean simplified text.

The raw seeds under ``seeds/raw/`` are kept byte-exact as they came from the
web.  :func:`clean_text` derives the clean simplified-Chinese text (one
paragraph per line) that the fidelity tests compare against.  Each cleaning
step is a small named function so it can be tested on its own:

a. :func:`strip_pinyin_glosses`   -- scraper pinyin such as ``報(bào)``
b. :func:`to_simplified`          -- OpenCC ``t2s``, only for traditional text
c. :func:`repair_scraper_debris`  -- ``,、`` / ``,,`` / ``,。`` and ``?ldquo;``
d. :func:`to_fullwidth_punctuation` -- half-width punctuation in Chinese text
e. :func:`remove_furniture`       -- share buttons, issue lists, disclaimers

Regenerate the committed clean texts with::

    python -m drafting.clean seeds/raw seeds/clean

Text that is damaged beyond repair is listed in :data:`KNOWN_DAMAGE`; it is
left as it is (and shielded from punctuation conversion) so the damage stays
visible and stable.
"""

from __future__ import annotations

import argparse
import functools
import html
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "KNOWN_DAMAGE",
    "KnownDamage",
    "TRADITIONAL_SHARE",
    "clean_file",
    "clean_text",
    "collapse_spaces",
    "is_furniture",
    "is_pinyin_syllable",
    "looks_traditional",
    "main",
    "remove_furniture",
    "repair_scraper_debris",
    "strip_pinyin_glosses",
    "to_fullwidth_punctuation",
    "to_simplified",
]


@dataclass(frozen=True)
class KnownDamage:
    """A span of a seed that cannot be repaired from the text alone."""

    seed: str  # file-name prefix of the seed, e.g. "001"
    text: str  # the span exactly as it appears in the clean text
    reason: str  # one-line explanation


KNOWN_DAMAGE: tuple[KnownDamage, ...] = (
    KnownDamage(
        seed="001",
        text="社?;萜笳",
        reason="GBK bytes decoded one byte out of step (probably 社保惠企政策); "
        "left as is, only the following ?ldquo; is repaired to “",
    ),
    KnownDamage(
        seed="004",
        text="?yōu)楸M",
        reason="mojibake plus a broken pinyin gloss in 變?yōu)楸M量 (probably 变为尽量); "
        "no opening parenthesis, so it is not a gloss and is left as is",
    ),
    KnownDamage(
        seed="003",
        text="办理婚姻登记1864对",
        reason="the source is a paywalled preview: the text stops mid-sentence here "
        "(the 试读结束 furniture that follows is removed)",
    ),
)

# Share of CJK characters that t2s must change before a text counts as traditional.
TRADITIONAL_SHARE = 0.05

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


@functools.lru_cache(maxsize=1)
def _t2s():
    """The OpenCC t2s converter, created on first use only."""
    import opencc

    return opencc.OpenCC("t2s")


def _changed_share(text: str, converted: str) -> float:
    han = [i for i, ch in enumerate(text) if _HAN_RE.match(ch)]
    if not han:
        return 0.0
    if len(converted) == len(text):
        changed = sum(1 for i in han if text[i] != converted[i])
    else:  # a phrase rule changed the length: compare character by character
        changed = sum(1 for i in han if _t2s().convert(text[i]) != text[i])
    return changed / len(han)


def looks_traditional(text: str) -> bool:
    """True when t2s would change at least TRADITIONAL_SHARE of the Han characters."""
    return _changed_share(text, _t2s().convert(text)) >= TRADITIONAL_SHARE


def to_simplified(text: str) -> str:
    """Convert traditional text to simplified; return simplified text unchanged."""
    converted = _t2s().convert(text)
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
# placeholders that stand in for masked KNOWN_DAMAGE spans.
_ZH_CONTEXT = f"{_HAN}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2014\u2026\ue000-\uf8ff"
_FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_MARK_RE = re.compile(
    rf"(?<=[{_ZH_CONTEXT}])[,:;?!]|[,:;?!](?=[{_ZH_CONTEXT}])"
)
_PAREN_RE = re.compile(r"[(（]([^()（）\n]*)[)）]")
_MASK_BASE = 0xE000


def _mask_damage(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Replace KNOWN_DAMAGE spans by private-use placeholders absent from text."""
    spans: list[tuple[str, str]] = []
    code = _MASK_BASE
    for damage in KNOWN_DAMAGE:
        if damage.text in text:
            while chr(code) in text:
                code += 1
            spans.append((chr(code), damage.text))
            text = text.replace(damage.text, chr(code))
            code += 1
    return text, spans


def _unmask_damage(text: str, spans: list[tuple[str, str]]) -> str:
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


def to_fullwidth_punctuation(text: str) -> str:
    """Make , : ; ? ! and () full-width where they sit in Chinese text.

    A mark is converted when the character before or after it is Chinese;
    parentheses are converted when they enclose Han characters.  Digits,
    decimals, ranges, ``1.`` numbering, URLs and Latin words are untouched,
    and so are the spans in :data:`KNOWN_DAMAGE`.
    """
    text, spans = _mask_damage(text)
    lines = []
    for line in text.split("\n"):
        line = _MARK_RE.sub(lambda m: _FULLWIDTH[m.group(0)], line)
        lines.append(_convert_parens(line))
    return _unmask_damage("\n".join(lines), spans)


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


def clean_text(raw: str) -> str:
    """Return the clean simplified text: one paragraph per line, ending in "\\n"."""
    text = raw.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = strip_pinyin_glosses(text)
    text = to_simplified(text)
    text = repair_scraper_debris(text)
    lines = [collapse_spaces(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    lines = to_fullwidth_punctuation("\n".join(lines)).split("\n")
    lines = remove_furniture(lines)
    return "".join(line + "\n" for line in lines)


def clean_file(path: str | os.PathLike[str]) -> str:
    """Read a raw seed (UTF-8) and return its clean text."""
    return clean_text(Path(path).read_text(encoding="utf-8"))


def _write_atomic(path: Path, content: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; clean texts are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m drafting.clean",
        description="Write the clean text of every raw seed (*.txt) in SRC to DST.",
    )
    parser.add_argument("src", nargs="?", default="seeds/raw", type=Path)
    parser.add_argument("dst", nargs="?", default="seeds/clean", type=Path)
    args = parser.parse_args(argv)
    raw_files = sorted(args.src.glob("*.txt"))
    if not raw_files:
        parser.error(f"no *.txt files in {args.src}")
    args.dst.mkdir(parents=True, exist_ok=True)
    for raw in raw_files:
        _write_atomic(args.dst / raw.name, clean_file(raw))
        print(f"{raw} -> {args.dst / raw.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
