"""How well each title breaker breaks real titles (GB/T 9704 7.3.1: at sense units), and how fast.

    python bench/titles.py

Titles: tests/data/titles.txt, each with "|" where a line may break.  A title that needs
breaking (wider than the 公文 title line, 18 characters) is *good* when every break falls on a
marked place.  Breakers: the rule-based breaker before issue 15 (kept here, frozen, for the
comparison), the present breaker (drafting.measure.title_break) with its rules only (no
segmenter), with rjieba (what draft uses) and with jieba (the Python original, same dictionary).
Times are per title after the segmenter is loaded; loading is timed once.
"""
from __future__ import annotations

import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting import titlebreak  # noqa: E402
from drafting.measure import text_width, title_lines  # noqa: E402

CAPACITY = 18


def titles() -> list[tuple[str, set[int]]]:
    out = []
    for line in (ROOT / "tests" / "data" / "titles.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, marks, pos = "", set(), 0
            for part in line.strip().split("|"):
                text += part
                pos += len(part)
                marks.add(pos)
            out.append((text, marks - {len(text)}))
    return out


def old_title_lines(text: str, capacity: float) -> list[str]:
    """measure.title_lines as it was before issue 15 (penalties on single characters)."""
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
            continue
        if unicodedata.category(b).startswith("P") and b not in "“《（":
            continue
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
    return [text[:i]] + old_title_lines(text[i:], capacity)


class JiebaAdapter:
    """jieba behind rjieba's interface (cut, add_word)."""

    def __init__(self):
        import jieba

        jieba.setLogLevel(60)
        self.tok = jieba.Tokenizer()
        self.tok.initialize()

    def add_word(self, word, freq=None, tag=None):
        self.tok.add_word(word, freq, tag)

    def cut(self, text, hmm=False):
        return self.tok.lcut(text, HMM=hmm)


class NoSegmenter:
    def add_word(self, *a):
        pass

    def cut(self, text, hmm=False):
        return list(text)  # every place is a "word" boundary: the rules alone decide


def with_segmenter(make):
    titlebreak._segmenter.cache_clear()
    start = time.perf_counter()
    seg = make()
    if seg is not None:
        for term in titlebreak.TERMS:
            seg.add_word(term, None, None)
    loaded = time.perf_counter() - start
    titlebreak._segmenter = lambda: seg  # noqa: E731  (the bench swaps the segmenter)
    return loaded


def evaluate(name: str, breaker, data) -> dict:
    need = [(t, m) for t, m in data if text_width(t, 1) / 20 > CAPACITY]
    good, spread, started = 0, 0.0, time.perf_counter()
    for text, marks in need:
        lines = breaker(text, CAPACITY)
        cuts, pos = set(), 0
        for line in lines[:-1]:
            pos = text.find(line, pos) + len(line)
            cuts.add(pos)
        good += cuts <= marks
        widths = [text_width(line, 1) / 20 for line in lines]
        spread += max(widths) - min(widths)
    ms = (time.perf_counter() - started) * 1000 / len(need)
    return {"breaker": name, "titles": len(need), "good": good, "share": good / len(need),
            "spread": spread / len(need), "ms": ms}


def main() -> None:
    data = titles()
    rows = [evaluate("rules before issue 15", old_title_lines, data)]
    original = titlebreak._segmenter
    for name, make in (("rules only (no segmenter)", NoSegmenter), ("rjieba + 公文 words", None),
                       ("jieba + 公文 words", JiebaAdapter)):
        if make is None:
            titlebreak._segmenter = original
            original.cache_clear()
            start = time.perf_counter()
            original()
            loaded = time.perf_counter() - start
        else:
            loaded = with_segmenter(make)
        row = evaluate(name, title_lines, data)
        row["load_ms"] = loaded * 1000
        rows.append(row)
    print(f"{len(data)} titles, {rows[0]['titles']} wider than {CAPACITY} characters\n")
    print(f"{'breaker':28} {'good breaks':>12} {'mean spread':>12} {'ms/title':>9} {'load ms':>8}")
    for r in rows:
        load = f"{r['load_ms']:8.0f}" if "load_ms" in r else f"{'—':>8}"
        print(f"{r['breaker']:28} {r['good']:>5}/{r['titles']:<3}{r['share']:>4.0%} {r['spread']:>12.1f}"
              f" {r['ms']:>9.2f} {load}")


if __name__ == "__main__":
    main()
