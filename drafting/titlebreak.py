"""Where a long title may break (GB/T 9704 7.3.1: at sense units, never inside a word), and
how good each place is.  Pure text: ``measure.title_lines`` chooses among these places.

A title is cut into words by a segmenter (rjieba, the Rust port of jieba, imported only when a
title needs breaking) and by rules that hold whatever the segmenter says: the issuing organ
before 关于 (or before the year) is one unit, a date such as 2025年上半年 or 2024年1—11月 is one
unit, a short quotation or book title is one unit, and Latin letters and digits stay together.

Loading the segmenter's dictionary takes ≈ 0.1 s, more than a whole render: the words of each
title are kept on disk (``diskcache``, per rjieba installation and list of 公文 words), so a
title rendered before needs no segmenter.
"""
from __future__ import annotations

import re
from functools import lru_cache

FORBIDDEN = None  # a place where a title never breaks
INSIDE_WORD = 4.0  # penalty of a break the segmenter would not make (W401 when chosen)
_FUNCTION_AFTER = "和及与等并暨"  # a line should not end on these
_GENRES = ("报告", "通知", "意见", "方案", "总结", "计划", "思路", "要点", "公报", "规划", "函", "请示", "决定")

# the organ's name ends with one of these; a title's issuer is what precedes 关于 or the year
_ORGAN_END = re.compile(r"(?:委员会|联合会|办公室|办公厅|政府|局|委|厅|部|院|会|办|室|社|中心|所|站|队)$")
_DATE = re.compile(r"[0-9]{4}年度?(?:上半年|下半年|前三季度|第?[一二三四]季度|[0-9]{1,2}[—–-]+[0-9]{1,2}月|[0-9]{1,2}月)?"
                   r"|[0-9]+[—–-]+[0-9]+月")
_QUOTED = re.compile(r"“[^”]{1,10}”|《[^》]{1,12}》|（[^）]{1,10}）")
# 公文 words the segmenter's general dictionary splits or misses
TERMS = (
    "人力资源和社会保障局", "人力资源社会保障部", "卫生健康局", "卫生健康委", "卫健委", "医疗保障局", "退役军人事务局",
    "市场监督管理局", "农业农村局", "住房和城乡建设局", "自然资源和规划局", "政务服务和大数据管理局", "残疾人联合会",
    "妇女联合会", "发展和改革局", "文化广电旅游局", "教育科技体育局", "乡村振兴局", "生态环境局", "应急管理局",
    "人民政府", "办公室", "政府工作报告", "专节报告", "专题报告", "指导意见", "实施方案", "工作方案", "民生实事",
    "上半年", "下半年", "前三季度", "卫生健康", "医共体", "医养结合", "银发经济", "营商环境", "兜底保障",
    "社会救助", "养老服务", "最低生活保障", "低收入人口", "高校毕业生", "就业创业", "乡村振兴", "脱贫攻坚",
    "有效衔接", "法治政府", "以旧换新", "安全生产", "污染防治", "国民经济", "社会发展", "财政收支", "预算执行",
    "紧密型", "医疗集团", "共同体", "重特大疾病", "动态监测", "分层分类", "保障民生", "工作情况",
)


@lru_cache(maxsize=1)
def _segmenter():
    """rjieba with the 公文 words added, or None where it is not installed (rules only)."""
    try:
        import rjieba
    except ImportError:
        return None
    for term in TERMS:  # the module's own instance: its dictionary is loaded once, on import
        rjieba.add_word(term, None, None)
    return rjieba


KEPT_TITLES = 2000  # titles whose words are kept on disk (the oldest go first)


@lru_cache(maxsize=1)
def _known() -> tuple[tuple, dict[str, tuple[int, ...]]]:
    from . import diskcache

    key = (diskcache.stamp("rjieba"), TERMS)
    return key, diskcache.load("title-words", key) or {}


def _word_starts(text: str) -> set[int]:
    key, known = _known()
    if text in known:
        return set(known[text])
    seg = _segmenter()
    if seg is None:
        return set(range(1, len(text)))
    starts, pos = set(), 0
    for word in seg.cut(text, False):
        pos += len(word)
        starts.add(pos)
    from . import diskcache

    known[text] = tuple(sorted(starts))
    for old in list(known)[:-KEPT_TITLES]:
        del known[old]
    diskcache.store("title-words", key, known)
    return starts


def _issuer_end(text: str) -> int:
    """Where the issuing organ's name ends: before 关于, else before the year; 0 if none."""
    for m in (re.search("关于", text), re.search(r"[0-9]{4}年", text)):
        if m and m.start() > 0 and _ORGAN_END.search(text[:m.start()]):
            return m.start()
    return 0


def _organ_cuts(name: str) -> set[int]:
    """Inside a run of organs (中共中央办公厅国务院办公厅): after each whole organ's name."""
    return {m.end() for m in re.finditer(r"(?:办公厅|办公室|人民政府|委员会)(?=.{3,})", name)}


def places(text: str) -> list[float | None]:
    """``out[i]``: the penalty of breaking ``text`` before character ``i`` (0 best; None never)."""
    n = len(text)
    out: list[float | None] = [FORBIDDEN] * (n + 1)
    words = _word_starts(text)
    protected = [False] * (n + 1)  # no break before this index
    issuer = _issuer_end(text)
    keep = _organ_cuts(text[:issuer])
    for i in range(1, issuer):
        protected[i] = i not in keep
    for m in list(_DATE.finditer(text)) + list(_QUOTED.finditer(text)):
        for i in range(m.start() + 1, m.end()):
            protected[i] = True
    for i in range(1, n):
        a, b = text[i - 1], text[i]
        if protected[i] or (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()):
            continue
        if b in "，。、；：？！”》）" or a in "“《（":
            continue  # no line starts with closing punctuation or ends with opening
        if a in " 　，、；：":
            penalty = 0.0
        elif i == issuer or i in keep:
            penalty = 0.0  # after the organ's name
        elif i not in words:
            penalty = INSIDE_WORD
        elif b == "的" or b == "之":
            penalty = 3.0  # "情况|的报告"
        elif a in _FUNCTION_AFTER:
            penalty = 2.0
        elif text[i - 2:i] == "关于":
            penalty = 0.5  # 关于 stays with the organ
        elif text.endswith(text[i:]) and text[i:] in _GENRES:
            penalty = 2.0  # a genre word alone on the last line
        elif a == "的" or b in _FUNCTION_AFTER:
            penalty = 0.5
        else:
            penalty = 1.0
        out[i] = penalty
    return out
