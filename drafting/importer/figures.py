"""``draft import --figures``: numbers with units in the body become 数据 entries referenced from
the prose (纳入低保保障 10661人 -> {低保人数}…), named from the words before the number, unique,
written as the text had them (近4亿元, 20余场: the qualifier stays), so the rendered text is the
same.  A number whose name cannot be told apart from another's stays in the text."""
from __future__ import annotations

import re

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .assemble import Notes, cmap

UNITS = ("个百分点", "万人次", "人次", "万元", "亿元", "万人", "平方米", "公里", "人", "户", "元", "个", "张", "场", "次",
         "家", "所", "名", "对", "座", "例", "节", "套", "件", "项", "间", "%")
FIGURE = re.compile(r"(?P<q>近|逾|约|超)?(?P<n>\d+(?:\.\d+)?)(?P<s>余|多)?(?P<u>" + "|".join(UNITS) + ")")
SKIP = set("的了将把对为在和与及共累计达到约近逾超全年今年")
# fields whose text is prose (figures may be referenced there)
PROSE = {"正文", "开头", "内容", "导语", "结语", "要点"}


def _name(before: str, taken: set[str]) -> str | None:
    words = re.findall(r"[\u4e00-\u9fff]+", before)
    if not words:
        return None
    word = words[-1]
    while word and word[-1] in SKIP:
        word = word[:-1]
    for size in (4, 5, 6, 3):
        name = word[-size:] if len(word) >= size else word
        if len(name) >= 2 and name not in taken:
            return name
    return None


def _replace(text: str, figures: CommentedMap, taken: set[str]) -> str:
    out, pos = [], 0
    for m in FIGURE.finditer(text):
        if m.start() and text[m.start() - 1].isdigit() or text[m.end():m.end() + 1].isdigit():
            continue
        if not m.group("q") and re.match(r"\d{4}$", m.group("n")) and m.group("u") == "年":
            continue
        name = _name(text[max(0, m.start() - 12):m.start()], taken)
        if name is None:
            continue
        taken.add(name)
        figures[name] = m.group(0)
        out.append(text[pos:m.start()] + "{" + name + "}")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def extract(data: CommentedMap, notes: Notes) -> None:
    figures = cmap(2)
    taken: set[str] = set()

    def walk(node, prose: bool):
        if isinstance(node, CommentedMap):
            for k in list(node):
                if isinstance(node[k], str) and (prose or k in PROSE) and "{" not in node[k]:
                    node[k] = _replace(node[k], figures, taken)
                else:
                    walk(node[k], prose or k in PROSE or k in ("部分", "条目", "工作回顾", "工作亮点", "工作举措",
                                                              "工作成效", "存在问题", "下一步打算", "工作思路", "大事记"))
        elif isinstance(node, CommentedSeq):
            for i, v in enumerate(node):
                if isinstance(v, str) and prose and "{" not in v:
                    node[i] = _replace(v, figures, taken)
                else:
                    walk(v, prose)

    walk(data, False)
    if figures:
        keys = list(data)
        data.insert(keys.index("类型") + 1 if "类型" in keys else 0, "数据", figures)
        notes.unsure.append(f"--figures：正文中的 {len(figures)} 个数字改写为“数据”并在原处引用；名称取自数字前面的词，请核对")
