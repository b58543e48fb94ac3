"""Paragraphs -> a section type's YAML data (ruamel CommentedMap, keys in ``draft new``'s order).

Each built-in type has one function here, registered in ``ASSEMBLERS``; a type from a plugin
says how it is recognised and which built-in shape it takes with two class variables:
``import_words`` (words whose presence votes for it) and ``import_like`` (the built-in type whose
assembler it uses, e.g. "专节报告" for an outline of 部分).

Nothing is invented and nothing dropped: text that fits no field is kept as a YAML comment at
its place (``Notes.keep``); where the importer guessed, it says so in a ``# 导入时不确定：``
comment (``Notes.unsure``).  Both are listed in the summary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..figures import period_label
from ..numbering import chinese_numeral
from . import furniture
from .sources import Para
from .structure import (
    CN_DATE_LINE,
    DATE_LINE,
    LABEL_VALUE,
    POINT_AT_START,
    ends_sentence,
    first_sentence,
    is_short_line,
    point_lead,
    point_split,
    typed_number,
)

UNSURE = "导入时不确定："
KEPT = "导入时保留（原文，未放入任何字段）："

# labels of the information block a government site prints above a report (索引号 … 浏览次数)
META_LABELS = ("索引号", "发布机构", "发文机关", "公开方式", "公开范围", "公开时限", "主题分类", "信息分类",
               "成文日期", "发布日期", "发布时间", "文号", "发文字号", "生成日期", "有效性", "组配分类", "体裁分类",
               "来源", "作者", "信息来源", "责任编辑", "关键词", "所属机构", "统一编码")
FURNITURE = re.compile(r"^(?:【?(?:打印|关闭|关闭窗口|打印本页|收藏|字号|大|中|小|默认|返回顶部)】?\s*)+$"
                       r"|^浏览(?:次数|量)?[：:]?\s*\d*\s*次?$|^阅读(?:次数|量)?[：:]\s*\d+$|^扫一扫.*$|^当前位置[：:].*$")


@dataclass
class Notes:
    """What the importer was unsure of and what it kept as comments (for the summary)."""

    unsure: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    leading: list[str] = field(default_factory=list)  # kept text before the first field
    trailing: list[str] = field(default_factory=list)  # kept text after the last field
    levels: set[int] = field(default_factory=set)
    items: int = 0

    def keep(self, where: Any, key: Any, text: str) -> None:
        """Keep ``text`` as a comment before ``key`` of ``where`` (a CommentedMap/Seq)."""
        self.kept.append(text)
        _comment(where, key, KEPT + text)

    def doubt(self, where: Any, key: Any, text: str) -> None:
        self.unsure.append(text)
        _comment(where, key, UNSURE + text)


def _comment(where: Any, key: Any, text: str) -> None:
    old = where.ca.items.get(key)
    before = ""
    if old and old[1]:
        before = "".join(t.value for t in old[1] if t is not None).rstrip("\n")
        before = "\n".join(line.lstrip("# ").rstrip() for line in before.splitlines()) + "\n"
    indent = getattr(where, "indent_of_keys", 0)
    where.yaml_set_comment_before_after_key(key, before=before + text, indent=indent)


class Map(CommentedMap):
    """A mapping of the draft that knows its indent (for comments placed before its keys)."""

    indent_of_keys = 0


class Seq(CommentedSeq):
    indent_of_keys = 0


def cmap(indent: int = 0, *pairs: tuple[str, Any]) -> Map:
    """A mapping at ``indent`` with the ``pairs`` whose value is not None, in order."""
    m = Map()
    m.indent_of_keys = indent
    for key, value in pairs:
        if value is not None:
            m[key] = value
    return m


def cseq(indent: int = 0) -> Seq:
    s = Seq()
    s.indent_of_keys = indent
    return s


# --- type detection -----------------------------------------------------------------------
def detect(paras: list[Para], registry) -> tuple[str, str, bool]:
    """(type name, why, sure) for the paragraphs."""
    texts = [p.text for p in paras if p.text]
    head = texts[:6]
    scores: dict[str, float] = {"专节报告": 0.0, "综述": 0.0, "新闻通稿": 0.0, "学习反响": 0.0}
    why: dict[str, list[str]] = {k: [] for k in scores}

    def vote(name: str, n: float, reason: str) -> None:
        scores[name] = scores.get(name, 0) + n
        why.setdefault(name, []).append(reason)

    levels = [typed_number(t)[0] for t in texts]
    if levels.count(1) >= 2 or (levels.count(1) and levels.count(2)):
        vote("专节报告", 3, "有“一、”“（一）”式的标题序号")
    if any(t.rstrip().endswith("：") and len(t) <= 30 and i < 4 for i, t in enumerate(texts)):
        vote("专节报告", 2, "标题下有主送机关")
    if any(re.search(r"报告|总结|专节|情况$", t) for t in head[:2]):
        vote("专节报告", 1, "标题像报告")
    if any(re.match(r"^[\u4e00-\u9fff]{0,8}(?:讯|综合消息)", t) for t in head[:3]):
        vote("新闻通稿", 4, "有电头（本报讯……）")
    if any(re.match(r"^第\d+版", t) for t in head[:3]):
        vote("学习反响", 1, "有版面行")
    if sum("会议提出" in t for t in texts) >= 2:
        vote("学习反响", 3, "各部分写“会议提出”")
    if any(t.endswith("——") for t in head[:3]):
        vote("学习反响", 1, "引题以“——”结尾")
    short = sum(1 for t in texts[1:] if is_short_line(t, 20))
    if short >= 2:
        vote("综述", 2, "有不带标点的小标题")
    if any(t.startswith("——") for t in head[:4]) or any("综述" in t for t in head[:3]):
        vote("综述", 2, "有副题")
    if any(re.match(r"^[□（(]?\s*(?:文/|本报记者|记者|通讯员)", t) for t in texts[-3:] + head):
        vote("综述", 1, "有署名")
    if sum(t.startswith("“") for t in texts) >= 1:
        vote("综述", 0.5, "有引语")
    for stype in registry.types.values():  # plugins: import_words
        words = getattr(stype.model, "import_words", ())
        hits = [w for w in words if any(w in t for t in head + texts[-3:])]
        if hits and getattr(stype.model, "import_like", None):
            vote(stype.name, 2 * len(hits), "有“" + "”“".join(hits) + "”")
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, score = ranked[0]
    sure = score >= 3 and score - ranked[1][1] >= 2
    if score == 0:
        best = "专节报告"
        return best, "看不出是哪一类，按专节报告导入", False
    reason = "、".join(why[best])
    if not sure:
        reason += f"（其次像{ranked[1][0]}）"
    return best, reason, sure


# --- shared pieces ------------------------------------------------------------------------
def _strip(text: str) -> str:
    return text.strip().strip("\u3000").strip()


def _block(text: str) -> str:
    return text


def _number_level(p: Para) -> tuple[int, str]:
    """(heading level, text without the typed number) of a paragraph; 0 when not numbered."""
    level, _, rest = typed_number(p.text)
    if level:
        return level, _strip(rest)
    if p.kind == "heading" and p.level:
        return p.level, _strip(p.text)
    return 0, _strip(p.text)


def _lead_without_number(p: Para) -> str | None:
    if not p.lead:
        return None
    _, _, rest = typed_number(p.lead)
    rest = _strip(rest)
    return rest or None


# --- 专节报告 -------------------------------------------------------------------------------
DEFAULT_TITLES = ("大事记", "工作回顾", "存在问题", "下一步打算", "工作思路")


@dataclass
class Node:
    level: int
    title: str | None = None
    standalone: bool = False
    body: list[str] = field(default_factory=list)
    points: list[tuple[str | None, str]] = field(default_factory=list)
    split_points: bool = False
    items: list["Node"] = field(default_factory=list)


def _outline_para(p: Para, level: int, text: str, next_para: Para | None) -> Node:
    """A numbered paragraph: a standalone heading, a run-in heading with its text, or an item
    without a heading (a numbered paragraph)."""
    node = Node(level)
    lead = _lead_without_number(p)
    if p.kind == "heading":
        node.title = text
        node.standalone = ends_sentence(text)
        return node
    if lead and text.startswith(lead):
        node.title, rest = lead, text[len(lead):]
        if rest.strip():
            node.body.append(rest)
        return node
    if p.kind == "paragraph" and p.roles and not lead:  # draft's numbered paragraph without a heading
        node.body.append(text)
        return node
    first, rest = first_sentence(text)
    next_plain = next_para is not None and not typed_number(next_para.text)[0] and next_para.kind != "heading"
    if not rest.strip():
        if not ends_sentence(text) and len(text) <= 40:
            node.title = text  # standalone heading
        elif len(text) <= 30 and next_plain:
            node.title, node.standalone = text, True
        else:
            node.body.append(text)
        return node
    if len(first) <= 40 and ends_sentence(first):
        node.title = first
        node.body.append(rest)
    else:
        node.body.append(text)
    return node


def _take_points(node: Node, p: Para | None = None) -> None:
    """Move 一是…N是 out of the node's last paragraph into its points."""
    if not node.body or node.points:
        return
    split = _marked_points(p, node.body[-1]) or point_split(node.body[-1])
    if split is None:
        return
    head, points = split
    stated = _stated_point_leads(p)
    node.points = []
    for i, text in enumerate(points):
        if stated is not None:
            lead = stated[i] if i < len(stated) and stated[i] and text.startswith(stated[i]) else None
            node.points.append((lead, text[len(lead):] if lead else text))
        else:
            node.points.append(point_lead(text))
    if head.strip():
        node.body[-1] = head
    else:
        node.body.pop()


def _marked_points(p: Para | None, text: str) -> tuple[str, list[str]] | None:
    """Text before the points and the points (without their markers), where the file marks
    where its 一是…N是 are (draft's point role): one point is a point too, and a 一是 the writer
    typed inside a point stays in its text."""
    if p is None or not any(role == "point" for _, role in p.roles):
        return None
    first = next(k for k, (_, role) in enumerate(p.roles) if role == "point")
    tail = "".join(t for t, _ in p.roles[first:])
    if not text.endswith(tail):
        return None
    points: list[str] = []
    for piece, role in p.roles[first:]:
        if role == "point":
            points.append("")
        else:
            points[-1] += piece
    return text[:len(text) - len(tail)], points


def _stated_point_leads(p: Para | None) -> list[str | None] | None:
    """Point leads the file states (draft's point_lead role, or a face of their own), in order."""
    if p is None or not p.roles:
        return None
    leads: list[str | None] = []
    after_marker = False
    for text, role in p.roles:
        if role == "point":
            leads.append(None)
            after_marker = True
        elif role == "point_lead" and after_marker and leads:
            leads[-1] = text
        else:
            after_marker = False
    return leads if leads else None


def _node_yaml(node: Node, notes: Notes, indent: int) -> Any:
    notes.items += 1
    notes.levels.add(node.level)
    if not node.title and not node.points and not node.items and len(node.body) == 1:
        return node.body[0]
    if not node.title and not node.points and not node.body and node.items:
        seq = cseq(indent)
        for child in node.items:
            seq.append(_node_yaml(child, notes, indent + 2))
        return seq
    m = cmap(indent)
    if node.title:
        m["标题"] = node.title
        if node.standalone and (node.body or node.points):
            m["单独成行"] = True
    if node.body:
        m["正文"] = node.body[0] if len(node.body) == 1 else "\n".join(node.body) + "\n"
    if node.points:
        pts = cseq(indent + 2)
        for lead, text in node.points:
            if lead:
                pm = cmap(indent + 4)
                pm["标题"] = lead
                if text:
                    pm["正文"] = text
                pts.append(pm)
            else:
                pts.append(text)
        m["要点"] = pts
        if node.split_points:
            m["要点分段"] = True
    if node.items:
        seq = cseq(indent + 2)
        for child in node.items:
            seq.append(_node_yaml(child, notes, indent + 4))
        m["条目"] = seq
    return m


def _build_outline(paras: list[Para], notes: Notes) -> list[Node]:
    roots: list[Node] = []
    stack: list[Node] = []
    pending_points: dict[int, Para] = {}
    for i, p in enumerate(paras):
        level, text = _number_level(p)
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if level:
            node = _outline_para(p, level, text, nxt)
            while stack and stack[-1].level >= level:
                stack.pop()
            if stack and level > stack[-1].level + 1:
                notes.unsure.append(f"“{text[:20]}”的序号跳过了一级（上一级是第{stack[-1].level}级），生成时按第"
                                    f"{stack[-1].level + 1}级编号")
            elif not stack and level > 1:
                notes.unsure.append(f"“{text[:20]}”之前没有上一级标题，生成时按一级标题编号")
            (stack[-1].items if stack else roots).append(node)
            stack.append(node)
            pending_points[id(node)] = p
            continue
        if not stack:
            continue
        node = stack[-1]
        m = POINT_AT_START.match(p.text)
        if m and (node.points or m.group(1) == "一") and not node.items and (node.points or point_split(p.text) is None):
            rest = p.text[m.end():]
            stated = _stated_point_leads(p)
            lead = stated[0] if stated and stated[0] and rest.startswith(stated[0]) else None
            node.points.append((lead, rest[len(lead):]) if lead else point_lead(rest) if stated is None else (None, rest))
            node.split_points = True
            continue
        if node.points and not node.split_points:
            node.body.append(p.text)  # text after inline points: keep order by giving up the points
            notes.unsure.append(f"“{node.title or node.body[0][:20]}”的要点之后还有段落，要点留作正文")
            node.body[-2:-1] = []
        node.body.append(_strip(p.text))
        pending_points[id(node)] = p
    def walk(nodes, paras_of):
        for n in nodes:
            if not n.split_points:
                _take_points(n, paras_of.get(id(n)))
            walk(n.items, paras_of)
    walk(roots, pending_points)
    return roots


def zhuanjie(paras: list[Para], notes: Notes) -> CommentedMap:
    data = cmap()
    data["类型"] = "专节报告"
    head, n = furniture.masthead(paras, cmap)
    if head is not None:
        data["版头"] = head
        paras = paras[n:]
    colophon, n = furniture.colophon(paras, cmap)
    if colophon is not None:
        paras = paras[:len(paras) - n]
    meta = cmap(2)
    front: list[str] = []
    i = 0
    # front matter: the site's information block, furniture, a 编号 line
    number = None
    while i < len(paras):
        p = paras[i]
        m = LABEL_VALUE.match(p.text)
        if m and m.group(1) in META_LABELS and p.kind not in ("title", "addressee"):
            meta[m.group(1)] = m.group(2)
        elif FURNITURE.match(p.text):
            front.append(p.text)
        elif p.kind not in ("title", "heading") and i + 1 < len(paras) and _above_title(p, paras[i + 1]):
            number = p.text
        else:
            break
        i += 1
    # title: the paragraphs the file calls titles, or the first line
    title_lines: list[str] = []
    while i < len(paras) and paras[i].kind == "title":
        title_lines += paras[i].lines or [paras[i].text]
        i += 1
    if not title_lines and i < len(paras):
        p = paras[i]
        title_lines = p.lines if len(p.lines) > 1 else [_strip(p.text)]
        i += 1
        if i < len(paras) and paras[i].align == "center" and p.align == "center" and not typed_number(paras[i].text)[0] \
                and not paras[i].text.rstrip().endswith("："):
            title_lines.append(_strip(paras[i].text))
            i += 1
    rest = paras[i:]
    if front:
        notes.leading += front
    if number:
        data["编号"] = number
    data["标题"] = title_lines[0] if len(title_lines) == 1 else title_lines
    year = _year(title_lines, rest)
    unit = _unit(title_lines, rest)
    data["单位"] = unit or "（请填写：报送单位全称）"
    if not unit:
        notes.unsure.append("原文没有写明报送单位，“单位”要您填写")
    data["年度"] = year or 0
    # 主送
    if rest and (rest[0].kind == "addressee" or (rest[0].text.rstrip().endswith(("：", ":"))
                                                 and len(rest[0].text) <= 40 and not typed_number(rest[0].text)[0])):
        data["主送"] = _strip(rest[0].text).rstrip("：:")
        rest = rest[1:]
    # tail: 附件说明, 落款, 日期, 附注, and what follows (attachment tables)
    body, tail = _split_tail(rest)
    opening: list[str] = []
    j = 0
    while j < len(body) and not _number_level(body[j])[0]:
        if body[j].kind == "table" or body[j].image:
            break
        opening.append(_strip(body[j].text))
        j += 1
    if opening:
        data["开头"] = opening[0] if len(opening) == 1 else "\n".join(opening) + "\n"
    outline_paras = [p for p in body[j:]]
    stray = [p for p in outline_paras if p.kind == "table" or (p.image and not p.text)]
    outline_paras = [p for p in outline_paras if p not in stray]
    period = next((span for p in tail if p.rows and (span := furniture.table_period(p.rows, year))), None)
    if period:
        data.insert(list(data).index("年度") + 1, "期间", period)
    roots = _build_outline(outline_paras, notes)
    _place_parts(data, roots, year, period, notes)
    if meta:
        data.insert(1 + ("版头" in data), "元数据", meta)
    for p in stray:
        notes.trailing.append(_table_text(p) if p.rows else "（图片）")
    _tail(data, tail, year, period, notes)
    if colophon is not None:
        data["版记"] = colophon
    if not year:
        notes.doubt(data, "年度", "原文没有写明年度，请填写（只写年份，如 2024）")
        data["年度"] = "（请填写：年度）"
    return data


def _above_title(p: Para, title: Para) -> bool:
    """A 编号 line: short, right above the title (draft's, or a centred line in a larger size)."""
    if not is_short_line(p.text, 30) or typed_number(p.text)[0]:
        return False
    return title.kind == "title" or (p.kind is None and p.align != "center" and title.align == "center"
                                     and (title.size or 0) > (p.size or 0) > 0)


def _table_text(p: Para) -> str:
    return " / ".join("　".join(r) for r in p.rows or [])


def _year(title_lines: list[str], rest: list[Para]) -> int | None:
    for line in title_lines:
        m = re.search(r"(19|20)\d{2}(?=\s*年)", line)
        if m:
            return int(m.group(0))
    for p in rest[:3]:
        m = re.search(r"((?:19|20)\d{2})\s*年", p.text)
        if m:
            return int(m.group(1))
    return None


_UNIT = re.compile(r"^(?:关于)?([\u4e00-\u9fff]{2,20}?(?:局|委员会|委|办公室|办|中心|人民政府|政府|街道|镇|乡|厅|院|部|所|站|会))"
                   r"(?=关于|\d{4}年|20|19|年)")


def _unit(title_lines: list[str], rest: list[Para]) -> str | None:
    for p in reversed(rest):
        if p.kind == "signature":
            return _strip(p.text)
    for p in reversed(rest[-6:]):
        if p.kind == "signature" or (is_short_line(p.text, 25) and re.search(r"(局|委员会|政府|中心|办公室|街道)$", p.text)):
            return _strip(p.text)
    m = _UNIT.match("".join(title_lines))
    return m.group(1) if m else None


def _is_date(p: Para) -> bool:
    return p.kind == "date" or bool(DATE_LINE.match(p.text) or CN_DATE_LINE.match(p.text))


def _split_tail(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """Body and tail (附件说明, 落款, 日期, 附注 and what follows them)."""
    n = len(paras)
    start = n
    date_at = next((k for k in range(n - 1, max(-1, n - 40), -1) if _is_date(paras[k])), None)
    if date_at is not None:
        start = date_at
        if start > 0 and (paras[start - 1].kind == "signature" or (
                is_short_line(paras[start - 1].text, 30) and not _number_level(paras[start - 1])[0])):
            start -= 1
    else:
        k = n - 1
        while k >= 0 and (paras[k].kind in ("table", "table_title") or _attachment_mark(paras[k])
                          or (paras[k + 1].kind == "table" if k + 1 < n else False) and is_short_line(paras[k].text, 40)):
            k -= 1  # attachments after the body: their 附件 marks, titles and tables
        if k >= 0 and (paras[k].kind == "signature" or (paras[k].align == "right" and is_short_line(paras[k].text, 30))):
            start = k
        else:
            start = k + 1
    # 附件说明 before the signature
    k = start - 1
    while k >= 0 and (paras[k].kind == "attachment" or re.match(r"^\s*附件[：:]", paras[k].text)
                      or (k > 0 and _is_attachment_line(paras, k))):
        k -= 1
    if k < start - 1 and any(re.match(r"^\s*附件[：:]", paras[x].text) or paras[x].kind == "attachment"
                             for x in range(k + 1, start)):
        start = k + 1
    return paras[:start], paras[start:]


# "2." before a name in the 附件说明 (a name may start with a year: 2.2025年重点项目清单)
ATTACHMENT_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*(?=\S)")


def _is_attachment_line(paras: list[Para], k: int) -> bool:
    """A numbered name after “附件：1.……” (2.…… on the next line)."""
    x = k
    while x >= 0 and ATTACHMENT_NUMBER.match(paras[x].text) and not ends_sentence(paras[x].text):
        x -= 1
    return x >= 0 and x < k and re.match(r"^\s*附件[：:]", paras[x].text) is not None


def _tail(data: CommentedMap, tail: list[Para], year: int | None, period: str | None, notes: Notes) -> None:
    names: list[str] = []
    i = 0
    while i < len(tail) and (re.match(r"^\s*附件[：:]", tail[i].text) or tail[i].kind == "attachment"
                             or (names and ATTACHMENT_NUMBER.match(tail[i].text) and not _is_date(tail[i]))):
        text = re.sub(r"^\s*附件[：:]\s*", "", tail[i].text)
        names.append(_strip(ATTACHMENT_NUMBER.sub("", text)))
        i += 1
    if i < len(tail) and not _is_date(tail[i]) and not _attachment_mark(tail[i]) \
            and (tail[i].kind == "signature" or is_short_line(tail[i].text, 30)):
        data["落款"] = _strip(tail[i].text)
        i += 1
    if i < len(tail) and _is_date(tail[i]):
        m = DATE_LINE.match(tail[i].text)
        if m:
            data["日期"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        else:
            notes.keep(data, next(iter(data)), tail[i].text)
        i += 1
        if "落款" in data and data["落款"] == data.get("单位"):
            del data["落款"]  # 单位 is signed when only the date is given
    if i < len(tail) and re.fullmatch(r"[（(].+[）)]", _strip(tail[i].text)):
        data["附注"] = _strip(tail[i].text)[1:-1]
        i += 1
    leftover = tail[i:]
    table = _indicator_table(leftover, year, period, names)
    if table is not None:
        figures, title, used = table
        keys = list(data)
        at = keys.index("主送") + 1 if "主送" in keys else keys.index("期间" if "期间" in keys else "年度") + 1
        data.insert(at, "数据", figures)
        data.insert(at + 1, "指标表", True if title is None else CommentedMap([("标题", title)]))
        leftover = [p for p in leftover if p not in used]
        notes.unsure.append("文末的主要指标完成情况表已改写为“数据”和“指标表”（表格由数据生成）")
    if names:
        seq = cseq(2)
        for name in names:
            seq.append(name)
        data["附件"] = seq
    for p in leftover:
        text = _table_text(p) if p.rows else p.text
        if text:
            notes.trailing.append(text)


def _attachment_mark(p: Para) -> bool:
    """The 附件 / 附件2 label above an attachment (GB/T 9704 7.3.7)."""
    return bool(re.fullmatch(r"附件\s*\d*", _strip(p.text)))


def _indicator_table(paras: list[Para], year: int | None, period: str | None, names: list[str]):
    """The 主要指标完成情况表 draft writes (序号 / 指标 / 单位 / 上年 / 本年 / 同比 / 目标 / 完成率)
    back into 数据, with its title and the paragraphs it takes."""
    for k, p in enumerate(paras):
        figures = furniture.indicator_figures(p.rows or [], year, period, cmap)
        if figures is None:
            continue
        used = [p]
        title = None
        for q in paras[:k]:
            if q.kind in ("table_title", "table") or re.search(r"完成情况表?$", q.text) or _attachment_mark(q):
                used.append(q)
                if not _attachment_mark(q):
                    title = _strip(q.text)
        default = f"{year}年{period_label(period)}主要指标完成情况表" if year else None
        if title and names[-1:] == [title]:
            names.pop()  # the table is listed last by itself; elsewhere the 附件说明 keeps its place
        return figures, (None if title in (None, default) else title), used
    return None


def _place_parts(data: CommentedMap, roots: list[Node], year: int | None, period: str | None,
                 notes: Notes) -> None:
    """First-level parts: the standard keys when every part is one with its default title,
    otherwise 部分 in the order written."""
    defaults = {}
    if year:
        span = period_label(period)
        defaults = {f"{year}年{span}大事记": "大事记", f"{year}年{span}工作回顾": "工作回顾", "存在问题": "存在问题",
                    "下一步打算": "下一步打算", (f"{year + 1}年工作思路" if not span else "下一步工作思路"): "工作思路"}
    keys = [defaults.get(n.title or "") for n in roots]
    if roots and all(keys) and len(set(keys)) == len(keys):
        for node, key in zip(roots, keys):
            node.title = None
            if key == "工作回顾" and node.items and not node.body and not node.points:
                review = cmap(2)
                sub = {"工作亮点", "工作举措", "工作成效"}
                items = cseq(4)
                for child in node.items:
                    if child.title in sub and child.title not in review and not items:
                        title, child.title = child.title, None
                        review[title] = _node_yaml(child, notes, 4)
                    else:
                        items.append(_node_yaml(child, notes, 6))
                if items:
                    review["条目"] = items
                data[key] = review
                notes.items += 1
                notes.levels.add(1)
            else:
                value = _node_yaml(node, notes, 2)
                data[key] = value
        return
    seq = cseq(2)
    for node in roots:
        seq.append(_node_yaml(node, notes, 4))
    if roots:
        data["部分"] = seq


# --- 综述 -----------------------------------------------------------------------------------
BYLINE = re.compile(r"^[□■]|^[（(]?\s*(?:本报记者|记者|特约记者|通讯员|文/|文／|图/|实习生)\s*\S")
CREDIT = re.compile(r"^(.*?)[（(]([^（）()]{1,20}?)\s*摄[）)]\s*$")


SAYS = re.compile(r"说|介绍|表示|告诉|谈到|坦言|感慨|笑着|称")
# a 综述's furniture, by the style draft sets it in (templates/zongshu.jinja, schemas/zongshu.py):
# the style survives a re-save in Word or LibreOffice, so a file without draft's tree reads the same
SERIES_STYLE = "报刊栏目"  # 栏目 (with 期数: “民生答卷之三”)
EPIGRAPH_STYLE, EPIGRAPH_SOURCE_STYLE = "报刊题记", "报刊题记出处"  # 题记 and its 出处
PART_KICKER_STYLE = "报刊小标题引题"  # a part's 引题, right above its 小标题
FLOW_BYLINE_STYLE = "报刊文中署名"  # 署名 after the 导语 (署名位置: 导语后)


def _quote_item(text: str, indent: int) -> CommentedMap | None:
    """A paragraph with a quotation as newspapers write it, as a 引语 item that renders the same."""
    m = re.match(r"^(“[^“”]+”)(.*)$", text)
    if m and m.group(2) and SAYS.search(m.group(2)):
        m2 = re.match(r"^([^“”]*[，：])(“[^“”]+”)$", m.group(2))
        intro, more = (m2.group(1), m2.group(2)) if m2 else (m.group(2), None)
        return cmap(indent, ("引语", m.group(1)), ("引出", intro), ("续", more))
    m = re.match(r"^(.*[，：])(“[^“”]+”)$", text)
    if m and "“" not in m.group(1):
        item = cmap(indent)
        item["前文"] = m.group(1)
        item["引语"] = m.group(2)
        return item
    return None


def _content_item(p: Para, indent: int, notes: Notes) -> Any:
    text = _strip(p.text)
    if p.style and "案例" in p.style:
        return ("案例", text)
    if p.kind == "caption":
        return _caption(p, indent)
    if p.kind == "byline" or (BYLINE.match(text) and len(text) <= 60 and not ends_sentence(text)):
        item = cmap(indent)
        item["署名"] = text
        return item
    if p.kind == "kicker":
        item = cmap(indent)
        item["引题"] = text
        return item
    if p.kind == "quote" or text.startswith("“") or text.endswith("”"):
        q = _quote_item(text, indent)
        if q is not None:
            return q
    lead = _lead_without_number(p)
    if lead and text.startswith(lead) and len(lead) < len(text) and p.kind in (None, "paragraph"):
        item = cmap(indent)
        item["段首"] = lead
        item["正文"] = text[len(lead):]
        return item
    return text


def _caption(p: Para, indent: int) -> CommentedMap:
    """A caption item: 说明, and its credit where the file marks it (draft's credit role) as
    摄影 (“（某某 摄）”) or 图片署名 (written as it is, after a space), else as typed “（某某摄）”."""
    text = _strip(p.text)
    credit = "".join(t for t, role in p.roles if role == "credit")
    if credit:
        words = _strip("".join(t for t, role in p.roles if role != "credit"))
        m = re.fullmatch(r"（(.+?) 摄）", credit)
        if m:
            names = m.group(1).split(" ")
            return cmap(indent, ("说明", words), ("摄影", names[0] if len(names) == 1 else names))
        return cmap(indent, *((("说明", words),) if words else ()), ("图片署名", _strip(credit)))
    m = CREDIT.match(text)
    return cmap(indent, ("说明", m.group(1)), ("摄影", m.group(2))) if m else cmap(indent, ("说明", text))


def _series(text: str) -> Any:
    """栏目: a name, or a series' name and 期数 (“民生答卷之三”)."""
    m = re.fullmatch(r"(.+?)之([一二三四五六七八九十]+)", text)
    number = next((n for n in range(1, 100) if m and chinese_numeral(n) == m.group(2)), None)
    return cmap(2, ("名称", m.group(1)), ("期数", number)) if number else text


def _items_seq(paras: list[Para], indent: int, notes: Notes) -> CommentedSeq:
    seq = cseq(indent)
    for p in paras:
        if p.image and not p.text:
            notes.unsure.append("原文有图片，导入时没有取出（要排入请在说明旁写“图片: 文件名”）")
            continue
        if p.rows:
            notes.trailing.append(_table_text(p))
            continue
        item = _content_item(p, indent + 2, notes)
        if isinstance(item, tuple):  # consecutive case paragraphs form one 案例 item
            if len(seq) and isinstance(seq[-1], CommentedMap) and "案例" in seq[-1]:
                seq[-1]["案例"].append(item[1])
            else:
                m = cmap(indent + 2)
                m["案例"] = cseq(indent + 4)
                m["案例"].append(item[1])
                seq.append(m)
            continue
        notes.items += 1
        seq.append(item)
    return seq


def _is_subhead(p: Para) -> bool:
    if p.kind is not None:  # the file states what it is
        return p.kind == "heading"
    if p.lead or p.style == FLOW_BYLINE_STYLE:
        return False
    return is_short_line(p.text, 20) and not BYLINE.match(p.text)


def _starts_part(body: list[Para], k: int) -> bool:
    """Does a part start at ``body[k]``: its 小标题, or the 引题 right above it?"""
    return _is_subhead(body[k]) or (body[k].style == PART_KICKER_STYLE and k + 1 < len(body)
                                    and _is_subhead(body[k + 1]))


def zongshu(paras: list[Para], notes: Notes) -> CommentedMap:
    data = cmap()
    data["类型"] = "综述"
    i = 0
    kept_front = []
    while i < len(paras) and FURNITURE.match(paras[i].text):
        kept_front.append(paras[i].text)
        i += 1
    # 栏目, 引题 above the title
    series = None
    if i + 1 < len(paras) and paras[i].style == SERIES_STYLE:
        series = _series(_strip(paras[i].text))
        i += 1
    kicker = None
    if i + 1 < len(paras) and (paras[i].kind == "kicker" or (paras[i + 1].kind == "title" and paras[i].kind != "title")):
        kicker = _strip(paras[i].text)
        i += 1
    title_lines: list[str] = []
    while i < len(paras) and paras[i].kind == "title":
        title_lines += paras[i].lines or [paras[i].text]
        i += 1
    if not title_lines and i < len(paras) and is_short_line(paras[i].text, 40):
        title_lines = [_strip(paras[i].text)]
        i += 1
    if series:
        data["栏目"] = series
    if kicker:
        data["引题"] = kicker
    if title_lines:
        data["标题"] = title_lines[0] if len(title_lines) == 1 else title_lines
    else:
        data["标题"] = "（请填写：标题）"
        notes.doubt(data, "标题", "原文没有标题（网页转载常丢掉标题），请填写；不填写 draft check 不通过")
    if i < len(paras) and (paras[i].kind == "subtitle" or paras[i].text.startswith("——")) \
            and paras[i].style != EPIGRAPH_SOURCE_STYLE:
        data["副题"] = _strip(paras[i].text)
        i += 1
    # header lines: 栏目 below the title, 题记, 版次/日期, web info, byline, captions before the lead
    photos = cseq(2)
    epigraph: list[str] = []
    while i < len(paras):
        p = paras[i]
        text = _strip(p.text)
        if p.style == SERIES_STYLE and "栏目" not in data:
            data["栏目"] = _series(text)
            data["栏目位置"] = "标题下"
        elif p.style == EPIGRAPH_STYLE:
            epigraph.append(text)
        elif p.style == EPIGRAPH_SOURCE_STYLE and epigraph:
            data["题记"] = cmap(2, ("正文", epigraph[0] if len(epigraph) == 1 else epigraph), ("出处", text))
        elif p.kind == "meta" or re.match(r"^版次[：:]", text) or re.match(r"^(?:来源|编辑|时间|发布时间)[：:]", text):
            _header_meta(data, text, notes)
        elif (p.kind == "byline" or BYLINE.match(text)) and len(text) <= 60 and not ends_sentence(text):
            data["署名"] = text
            data["署名位置"] = "文首"
        elif p.kind == "editor_note" or text.startswith("编者按"):
            note = re.sub(r"^编者按[：:]\s*", "", text)
            data["编者按"] = data["编者按"] + "\n" + note if "编者按" in data else note
        elif p.kind == "caption" or (p.kind is None and "，" not in text and len(text) <= 80 and ends_sentence(text)
                                     and i + 1 < len(paras)):
            photos.append(_caption(p, 4))
            if p.kind != "caption":
                notes.unsure.append(f"“{text[:16]}……”当作题图的图片说明（没有逗号的短句）")
        elif p.image and not p.text:
            notes.unsure.append("原文有图片，导入时没有取出（要排入请在说明旁写“图片: 文件名”）")
        else:
            break
        i += 1
    if epigraph and "题记" not in data:
        data["题记"] = epigraph[0] if len(epigraph) == 1 else epigraph
    if len(photos):
        data["题图"] = photos
    # the end: signature, byline, editor, print locator
    end = len(paras)
    closing_meta = []
    while end > i:
        p = paras[end - 1]
        text = _strip(p.text)
        if p.kind == "signature" or re.fullmatch(r"[（(][^（）()]{2,30}[）)]", text):
            closing_meta.append(("落款", text))
        elif (p.kind == "byline" or BYLINE.match(text)) and len(text) <= 60 and not ends_sentence(text):
            closing_meta.append(("署名", text))
        elif re.match(r"^编辑[：:]", text):
            closing_meta.append(("编辑", re.sub(r"^编辑[：:]\s*", "", text)))
        elif LOCATOR.match(text):
            closing_meta.append(("刊发", text))
        else:
            break
        end -= 1
    body = paras[i:end]
    lead: list[Para] = []
    k = 0
    while k < len(body) and not _starts_part(body, k):
        lead.append(body[k])
        k += 1
    if len(lead) > 1 and lead[-1].style == FLOW_BYLINE_STYLE and "署名" not in data:
        data["署名"] = _strip(lead.pop().text)
        data["署名位置"] = "导语后"
    if lead:
        data["导语"] = _items_seq(lead, 2, notes)
        if any(p.style and "短句" in p.style for p in lead):
            data["导语形式"] = "短句"
    parts = cseq(2)
    while k < len(body):
        part = cmap(4)
        if not _is_subhead(body[k]):  # the part's 引题
            part["引题"] = _strip(body[k].text)
            k += 1
        heads = [body[k]]
        k += 1
        while k < len(body) and _is_subhead(body[k]) and len(heads) < 2 and body[k].kind != "heading" \
                or (k < len(body) and body[k].kind == "heading" and heads[0].kind == "heading" and False):
            heads.append(body[k])
            k += 1
        content = []
        while k < len(body) and not _starts_part(body, k):
            content.append(body[k])
            k += 1
        lines = [ln for h in heads for ln in (h.lines or [_strip(h.text)])]
        part["小标题"] = lines[0] if len(lines) == 1 else lines
        notes.levels.add(1)
        if content:
            part["内容"] = _items_seq(content, 4, notes)
        else:
            notes.doubt(part, "小标题", "这个小标题下没有正文")
            part["内容"] = "（请填写：正文）"
        parts.append(part)
    if len(parts):
        data["部分"] = parts
    for key, text in reversed(closing_meta):
        if key == "落款":
            data["落款"] = text[1:-1] if text[:1] in "（(" else text
        elif key == "署名":
            if "署名" in data:
                notes.trailing.append(text)
            else:
                data["署名"] = text
                data["署名位置"] = "文末"
        elif key == "编辑":
            data["编辑"] = text
        elif key == "刊发":
            m = LOCATOR.match(text)
            loc = cmap(2)
            loc["报名"] = m.group(1)
            loc["日期"] = f"{m.group(2)}-{m.group(3)}-{m.group(4)}"
            if m.group(5):
                loc["版次"] = m.group(5)
            data["刊发"] = loc
        else:
            notes.trailing.append(text)
    if data.get("署名位置") == "文末":
        del data["署名位置"]  # the default
    notes.leading += kept_front
    return data


LOCATOR = re.compile(r"^《([^》]+)》（(\d{4})年(\d{2})月(\d{2})日(?:\s*(\S+)版)?）$")


def _header_meta(data: CommentedMap, text: str, notes: Notes) -> None:
    m = re.match(r"^版次[：:]\s*(\S+?)\s*(?:(?:日期|作者)[：:]\s*(\d{4})年(\d{1,2})月(\d{1,2})日)?\s*$", text)
    if m:
        data["版次"] = m.group(1)
        if m.group(2):
            data["日期"] = f"{m.group(2)}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
            if "作者" in text:
                notes.doubt(data, "版次", f"原文“{text}”里“作者”后面是日期，当作刊发日期")
        return
    web = cmap(2)
    for label, key in (("来源", "来源"), ("编辑", "编辑"), ("(?:发布)?时间", "时间")):
        mm = re.search(rf"{label}[：:]\s*(\S+(?: \d{{1,2}}:\d{{2}})?)", text)
        if mm:
            web[key] = mm.group(1)
    if web:
        data["网页信息"] = web
    else:
        notes.leading.append(text)


# --- 新闻通稿 -------------------------------------------------------------------------------
DATELINE = re.compile(r"^((?:[\u4e00-\u9fff]{0,8}讯|本报综合消息))(?:（([^（）]*)）)?(?:(\d{1,2}月\d{1,2}日[上下午晚间]*)，)?")


def tonggao(paras: list[Para], notes: Notes) -> CommentedMap:
    data = cmap()
    data["类型"] = "新闻通稿"
    i = 0
    title = []
    while i < len(paras) and not DATELINE.match(paras[i].text):
        title += paras[i].lines or [_strip(paras[i].text)]
        i += 1
        if len(title) >= 3:
            break
    if i >= len(paras):
        i, title = 0, []
    if title:
        data["标题"] = title[0] if len(title) == 1 else title
    first = _strip(paras[i].text) if i < len(paras) else ""
    m = DATELINE.match(first)
    head = cmap(2)
    lead_text = first
    if m:
        head["报头"] = m.group(1)
        names = _dateline_names(m.group(2) or "")
        if names is None:
            head["报头"] = m.group(1) + (f"（{m.group(2)}）" if m.group(2) else "")
        else:
            for role, people in names:
                head[role] = people[0] if len(people) == 1 else people
        if m.group(3):
            head["日期"] = m.group(3)
        lead_text = first[m.end():]
    data["电头"] = head
    data["导语"] = lead_text
    body = cseq(2)
    for p in paras[i + 1:]:
        lead = _lead_without_number(p)
        text = _strip(p.text)
        if lead and text.startswith(lead) and len(lead) < len(text):
            item = cmap(4)
            item["段首"] = lead
            item["正文"] = text[len(lead):]
            body.append(item)
        else:
            body.append(text)
        notes.items += 1
    if len(body):
        data["正文"] = body
    return data


def _dateline_names(text: str) -> list[tuple[str, list[str]]] | None:
    if not text:
        return []
    out: list[tuple[str, list[str]]] = []
    for piece in text.split("、"):
        m = re.match(r"^(记者|通讯员)(\S+)$", piece)
        if m:
            if any(r == m.group(1) for r, _ in out):
                return None
            out.append((m.group(1), [m.group(2)]))
        elif out and re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", piece):
            out[-1][1].append(piece)
        else:
            return None
    if [r for r, _ in out] not in (["记者"], ["通讯员"], ["记者", "通讯员"]):
        return None
    return out


# --- 学习反响 -------------------------------------------------------------------------------
VERBS = ("表示", "说", "介绍", "认为", "指出", "谈到")
ORG_END = re.compile(r"(?:局|厅|委|院|校|部|处|会|办|府|司|站|所|室|队|中心|大学|学院|公司|街道|社区|村)$")
POST = re.compile(r"^(?:(?:党组|党委|党工委)?(?:成员|书记|副书记|常委|委员)、|[\u4e00-\u9fff]{0,3}委书记、)*(?:党组|党委|政法委)?"
                  r"(?:副)?(?:局长|厅长|部长|处长|科长|主任|书记|院长|校长|县长|市长|区长|镇长|乡长|主席|经理|站长|所长|"
                  r"队长|馆长|委员|常委|社长|董事长)(?:（[^）]*）)?$")


def _who(subject: str) -> tuple[str, str, str]:
    """(单位, 职务, 姓名) of “太原市人社局党组书记、局长白进联”; a name of 3 or 2 characters."""
    for n in (3, 2):
        name, rest = subject[-n:], subject[:-n]
        if POST.match(rest):
            return "", rest, name
        for k in range(1, len(rest)):
            if ORG_END.search(rest[:k]) and POST.match(rest[k:]):
                return rest[:k], rest[k:], name
    return "", "", subject


def _statement(text: str, indent: int) -> CommentedMap | None:
    pattern = re.compile(rf"(?:^|(?<=[。”]))([^，。；：“”（）]{{3,40}}?(?:（[^）]*）)?[^，。；：“”]{{0,4}}?)({'|'.join(VERBS)})，")
    for m in pattern.finditer(text):
        subject, verb = m.group(1), m.group(2)
        before = text[:m.start()]
        quote = None
        qm = re.search(r"(“[^“”]+”)$", before)
        if qm:
            quote, before = qm.group(1), before[:qm.start()]
        if before and not ends_sentence(before):
            continue
        unit, post, name = _who(subject)
        if not post and len(subject) > 4:
            continue
        item = cmap(indent)
        if before:
            item["背景"] = before
        if quote:
            item["引语"] = quote
        if unit:
            item["单位"] = unit
        if post:
            item["职务"] = post
        item["姓名"] = name
        if verb != "表示":
            item["动词"] = verb
        words = text[m.end():]
        if words:
            item["内容"] = words
        return item
    return None


def fanxiang(paras: list[Para], notes: Notes) -> CommentedMap:
    data = cmap()
    data["类型"] = "学习反响"
    i = 0
    if i < len(paras):
        m = re.match(r"^第(\d+)版(?:[：:](.+))?$", _strip(paras[i].text))
        if m:
            data["版次"] = m.group(1)
            if m.group(2):
                data["版名"] = m.group(2)
            i += 1
    if i < len(paras) and (paras[i].text.rstrip().endswith("——") or paras[i].kind == "kicker"):
        data["引题"] = _strip(paras[i].text)
        i += 1
    if i < len(paras):
        lines = paras[i].lines or [_strip(paras[i].text)]
        data["标题"] = lines[0] if len(lines) == 1 else lines
        i += 1
    end = len(paras)
    reporters = []
    names = re.compile(r"[\u4e00-\u9fff·]{2,4}(?:[ 　][\u4e00-\u9fff·]{2,4})+")
    while end > i and all(names.fullmatch(_strip(ln)) for ln in paras[end - 1].lines or [paras[end - 1].text]):
        for ln in reversed(paras[end - 1].lines or [paras[end - 1].text]):
            reporters.insert(0, _strip(ln).split())
        end -= 1
    body = paras[i:end]
    k = 0
    lead = []
    while k < len(body) and not _is_subhead(body[k]):
        lead.append(_strip(body[k].text))
        k += 1
    data["导语"] = lead[0] if len(lead) == 1 else "\n".join(lead) + "\n"
    parts = cseq(2)
    while k < len(body):
        part = cmap(4)
        part["小标题"] = _strip(body[k].text)
        notes.levels.add(1)
        k += 1
        paras_of = []
        while k < len(body) and not _is_subhead(body[k]):
            paras_of.append(_strip(body[k].text))
            k += 1
        if paras_of and "会议提出，" in paras_of[0]:
            intro, proposed = paras_of[0].split("会议提出，", 1)
            if intro:
                part["引言"] = intro
            part["会议提出"] = proposed
            paras_of = paras_of[1:]
        else:
            part["会议提出"] = "（请填写：会议提出的内容）"
            notes.doubt(part, "小标题", "这一部分没有以“会议提出，”开头的段落")
        said = cseq(6)
        for text in paras_of:
            st = _statement(text, 8)
            if st is None:
                notes.trailing.append(text)
                continue
            said.append(st)
            notes.items += 1
        if len(said):
            part["表态"] = said
        parts.append(part)
    data["部分"] = parts
    if reporters:
        seq = cseq(2)
        for line in reporters:
            row = CommentedSeq(line)
            row.fa.set_flow_style()
            seq.append(row)
        data["记者"] = seq
    return data


ASSEMBLERS: dict[str, Callable[[list[Para], Notes], CommentedMap]] = {
    "专节报告": zhuanjie, "综述": zongshu, "新闻通稿": tonggao, "学习反响": fanxiang}
