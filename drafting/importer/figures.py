"""``draft import --figures``: numbers with units in the body become 数据 entries referenced from
the prose, written as the text had them (近4亿元, 20余场: the qualifier stays), so the rendered
text is the same.

A figure is named from the words around it, cut into words by rjieba (imported when --figures
is asked for) and what the unit counts: 纳入低保保障10661人 -> 低保人数 (the words before the
number); 4829户10661人纳入低保保障 -> 低保户数, 低保人数 (the words after the numbers, when
the numbers come first); 1615名农村留守儿童 -> 农村留守儿童数 (the thing counted, right after
its classifier).  A figure the 数据 already holds (read from an indicator table) is referenced by
its name.  A number whose name cannot be told apart from another's stays in the text.
"""
from __future__ import annotations

import re

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..model import APPROX_AFTER, APPROX_BEFORE, APPROX_MIDDLE
from .assemble import Notes, cmap

UNITS = ("个百分点", "万人次", "人次", "剂次", "场次", "万元", "亿元", "万人", "万次", "平方米", "公里", "人", "户", "元",
         "个", "张", "场", "次", "家", "所", "名", "对", "座", "例", "节", "套", "件", "项", "间", "台", "%")


def _alt(words) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(sorted(words, key=len, reverse=True))


FIGURE = re.compile(rf"(?P<q>{_alt(APPROX_BEFORE)})?(?P<n>\d+(?:\.\d+)?)(?P<s>{_alt(APPROX_MIDDLE)})?"
                    rf"(?P<u>{_alt(UNITS)})(?P<a>{_alt(APPROX_AFTER)})?")
# fields whose text is prose (figures may be referenced there)
PROSE = {"正文", "开头", "内容", "导语", "结语", "要点"}
OUTLINE = ("部分", "条目", "工作回顾", "工作亮点", "工作举措", "工作成效", "存在问题", "下一步打算", "工作思路", "大事记")

CLAUSE_END = "，。；：！？,;:!?"
PHRASE_END = CLAUSE_END + "、（）()“”‘’《》和与等"
# words between a name and its number (达到, 超过 …), and verbs a name does not start with
BETWEEN = ("保持在", "提高到", "提高至", "增加到", "增长到", "达到", "超过", "突破", "共计", "累计", "合计", "总计", "分别",
           "达", "为", "是", "了", "的", "共", "超", "近", "约", "逾", "至", "到", "在", "有", "开展", "完成", "实现")
VERBS = ("开展", "完成", "实现", "发放", "新增", "办理", "争取", "实施", "组织", "举办", "建成", "选派", "配备",
         "关爱", "保护", "纳入", "列入", "帮助", "惠及", "提供", "累计", "全年", "今年", "共", "对", "为", "将", "把",
         "向", "给", "及时", "相继", "先后", "已", "迁入", "整治", "积极", "打造", "给予", "共同", "全面", "推动")
PARTICLES = ("的", "了", "及", "和", "与", "年", "期", "共", "中", "等")  # a name does not start with these
# the verb before what a number of people is put into (纳入低保保障)
GOVERNING = ("纳入", "列入", "实施", "享受", "参加", "参保", "落实")
# where the thing counted ends (3276名儿童提供心理辅导, 1家乡镇养老服务中心创三星级)
ACTIONS = GOVERNING + ("提供", "发放", "申请", "通过", "参照", "开展", "获得", "完成", "办理", "接受", "创", "实现", "达到")
GENERIC = ("保障", "管理", "范围", "数据库", "工作", "体系")  # words a name ends without
MONEY = ("补助", "补贴", "津贴", "资金", "经费", "费用", "费", "金", "款", "投入", "支出", "收入", "投资")
RATES = ("率", "比", "比例", "比重", "占比")
COUNTS = {"人": "人数", "名": "人数", "万人": "人数", "户": "户数", "人次": "人次", "万人次": "人次", "次": "次数",
          "万次": "次数", "场": "场次", "场次": "场次", "剂次": "剂次", "对": "对数", "例": "例数", "节": "节数",
          "公里": "里程", "平方米": "面积"}
MAX_NAME = 6  # characters of the words a name is made of (its count word aside)


def _tagged(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) of ``text`` by rjieba, without white space."""
    import rjieba

    return [(w, t) for w, t in rjieba.tag(text) if w.strip()]


def _trim(words: list[str], drop) -> list[str]:
    """``words`` without the words of ``drop`` at their end (达到, 超过, 共)."""
    while len(words) > 1 and words[-1] in drop:
        words = words[:-1]
    return words


def _strip_end(text: str, words) -> str:
    changed = True
    while changed and text:
        changed = False
        for w in sorted(words, key=len, reverse=True):
            if text.endswith(w) and len(text) > len(w):
                text, changed = text[:-len(w)], True
                break
    return text


def _cores(words: list[str]) -> list[str]:
    """Names the words before a number (or the phrase it counts) may give, shortest first: the
    last words, at least 4 characters where there are, then one word more at a time (up to
    MAX_NAME characters); a leading verb (开展, 累计) left out."""
    out: list[str] = []
    words = [w for w in words if not re.search(r"\d", w)]  # 培训32期1488人: no number in a name
    for k in range(1, len(words) + 1):
        picked = words[-k:]
        if len("".join(picked)) < 4 and k < len(words):
            continue
        while len(picked) > 1 and (picked[0] in VERBS or picked[0] in PARTICLES):
            picked = picked[1:]
        core = "".join(picked)
        if len(core) > MAX_NAME and out:
            break
        if core not in out:
            out.append(core)
    return out


def _count_word(core: str, unit: str) -> str:
    """What the unit counts, added to the name: 低保 + 人 -> 低保人数, 留守儿童 + 名 -> 留守儿童数."""
    base = unit
    if unit in ("元", "万元", "亿元"):
        return core if core.endswith(MONEY) else core + "金额"
    if unit == "%":
        return core if core.endswith(RATES) else core + "率"
    if unit == "个百分点":
        return core + "变化"
    if base in ("人", "名", "万人"):
        core = core[:-1] if core.endswith("户") else core
        return core + "数" if core.endswith(("人", "人口", "人员", "儿童", "群众", "老人", "孤儿", "对象")) else core + "人数"
    if base == "户":
        return core + "数" if core.endswith("户") else core + "户数"
    count = COUNTS.get(base)
    if count:
        return core if core.endswith(count) else core + count
    return core + "数"


def _cut(text: str, ends: str) -> str:
    m = re.search(f"[{re.escape(ends)}]", text)
    return text[:m.start()] if m else text


def names_for(text: str, start: int, end: int, unit: str) -> list[str]:
    """Names for the figure at ``text[start:end]`` from the words around it, best first."""
    cut = max([x.end() for x in re.finditer(f"[{re.escape(PHRASE_END)}]", text[:start])]
              + [x.end() for x in FIGURE.finditer(text, 0, start)], default=0)  # since a mark or a figure
    before = text[cut:start]
    after_at = end
    while (nxt := FIGURE.match(text, after_at)) is not None:  # 4829户10661人: the words after both
        after_at = nxt.end()
    nxt = FIGURE.search(text, after_at)
    after = _cut(text[after_at:nxt.start() if nxt else len(text)], CLAUSE_END)
    head = _tagged(_cut(after, PHRASE_END))
    stated = _strip_end(before, BETWEEN)
    words = [w for w, _ in _tagged(stated)]
    content = [w for w in words if w not in VERBS and w not in BETWEEN]
    if unit in ("元", "万元", "亿元") and _cut(after, PHRASE_END).endswith(MONEY) and not stated.endswith(MONEY):
        cores = _cores([w for w, _ in head])  # 110元每次定点助浴补助
    elif head and head[0][1][:1] in tuple("nljab") and head[0][0] not in ACTIONS:
        stop = next((i for i, (w, _) in enumerate(head) if i and w in ACTIONS), len(head))
        cores = _cores(_trim([w for w, _ in head[:stop]], BETWEEN))  # the thing counted: 1615名农村留守儿童
    elif content and not before.endswith("的"):
        cores = _cores(words)
    else:  # the numbers come first: 4829户10661人纳入低保保障
        at = min((after.find(v) + len(v) for v in GOVERNING if v in after), default=None)
        obj = [w for w, _ in (_tagged(_cut(after[at:], PHRASE_END)) if at is not None else head)]
        cores = _cores(_trim(obj, GENERIC)) if obj else []
    names = []
    for core in cores:
        core = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", core)
        if len(core) >= 2:
            names.append(_count_word(core, unit))
    return names


def _replace(text: str, figures: CommentedMap, taken: set[str], known: dict[str, str | None]) -> str:
    out, pos = [], 0
    for m in FIGURE.finditer(text):
        if m.start() and (text[m.start() - 1].isdigit() or text[m.start() - 1] in "-—–~～.") \
                or text[m.end():m.end() + 1].isdigit() and not FIGURE.match(text, m.end()):
            continue  # inside a longer number or a range (100-6000元); 4829户10661人 are two
        written = m.group(0)
        name = known.get(written)
        if name is None:
            if written in known:  # several figures of 数据 print so: none is meant more than another
                continue
            names = names_for(text, m.start(), m.end(), m.group("u"))
            if not names:
                continue
            name = next((n for n in names if n not in taken), None)
            stem, n = names[0], 2
            while name is None or name in taken:  # the same words twice: 申请占比, 申请占比2
                name, n = f"{stem}{n}", n + 1
            taken.add(name)
            figures[name] = written
        out.append(text[pos:m.start()] + "{" + name + "}")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _printed(data: CommentedMap) -> dict[str, str | None]:
    """What each figure of the 数据 already there prints as -> its name (None when several do)."""
    from ..model import Figure

    out: dict[str, str | None] = {}
    for name, entry in (data.get("数据") or {}).items():
        fig = Figure.model_validate(dict(entry) if isinstance(entry, dict) else entry)
        written = fig.written(fig.value.text, fig.unit)
        out[written] = None if written in out else name
    return out


def extract(data: CommentedMap, notes: Notes) -> None:
    figures = data.get("数据") if isinstance(data.get("数据"), CommentedMap) else cmap(2)
    before = len(figures)
    taken: set[str] = set(figures)
    known = _printed(data)
    tabled = list(figures)

    def walk(node, prose: bool):
        if isinstance(node, CommentedMap):
            for k in list(node):
                if k == "数据":
                    continue
                if isinstance(node[k], str) and (prose or k in PROSE) and "{" not in node[k]:
                    node[k] = _replace(node[k], figures, taken, known)
                else:
                    walk(node[k], prose or k in PROSE or k in OUTLINE)
        elif isinstance(node, CommentedSeq):
            for i, v in enumerate(node):
                if isinstance(v, str) and prose and "{" not in v:
                    node[i] = _replace(v, figures, taken, known)
                else:
                    walk(v, prose)

    walk(data, False)
    added = len(figures) - before
    if figures and "数据" not in data:
        keys = list(data)
        data.insert(keys.index("类型") + 1 if "类型" in keys else 0, "数据", figures)
    table = data.get("指标表")
    if added and tabled and table is not None and not (isinstance(table, dict) and table.get("指标")):
        spec = table if isinstance(table, dict) else cmap(2)  # the table lists what it listed before
        names = CommentedSeq(tabled)
        names.fa.set_flow_style()
        spec["指标"] = names
        data["指标表"] = spec
    if added:
        notes.unsure.append(f"--figures：正文中的 {added} 个数字改写为“数据”并在原处引用；名称取自数字前后的词，请核对")
