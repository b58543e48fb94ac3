"""专节报告: a bureau's section of the government work report (seed 003 and its kin).

YAML keys (Chinese, as writers know the headings):
类型, 元数据 (索引号, 发布机构 … kept in the DOCX's custom properties, printed with 元数据显示),
编号 (a numbering line above the title), 标题, 单位, 年度 and 期间 (全年, 上半年, 1—11月 …),
主送, 开头, then the first-level parts in the order written — 大事记, 工作回顾 (工作亮点 /
工作举措 / 工作成效, or 条目 for other sub-parts such as 工作成效及亮点), 存在问题, 下一步打算
or 工作思路, and 部分 (a list of parts with any headings: 工作开展情况, 主要工作情况, a thematic
sentence) — then 附件, 落款, 日期 (both optional: a section sent for compilation often has
neither), 附注 (GB/T 9704 7.3.6).
Sent up on its own as a 公文, it may carry 版头, 版记 and 盖章 (drafting.official.Issued).
数据 and 指标表 (from the Section base) give figures and the 主要指标完成情况表, which follows
the date on a new page as an attachment and is listed in the 附件说明.
Every part is an outline node (see drafting.model.Node); numbers are computed.
"""
import re
from typing import Any

from pydantic import ConfigDict, Field, field_validator, model_validator

from drafting.compose import Loc
from drafting.figures import WHOLE_YEAR, period_label
from drafting.model import Model, Node, Paragraphs, ReportDate, Section, TitleLines, also_accepts, list_of
from drafting.official import Issued

NO_SIGNATURE = "无"  # 落款: 无 prints no signature

REVIEW_PARTS = (("工作亮点", "highlights"), ("工作举措", "measures"), ("工作成效", "results"))


class Review(Model):
    """工作回顾: the standard three sub-parts, and/or sub-parts of your own."""

    model_config = ConfigDict(json_schema_extra=also_accepts(
        "工作回顾", "工作亮点、工作举措、工作成效，或自拟的二级部分（条目）",
        list_of("Node")))

    title: str | None = Field(None, alias="标题", description="默认“20XX年工作回顾”")
    highlights: Node | None = Field(None, alias="工作亮点", description="（一）工作亮点")
    measures: Node | None = Field(None, alias="工作举措", description="（二）工作举措")
    results: Node | None = Field(None, alias="工作成效", description="（三）工作成效")
    items: list[Node] = Field([], alias="条目", description="其他二级部分（须写标题），如“工作成效及亮点”")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"条目": value} if isinstance(value, list) else value


class Attachment(Model):
    """附件说明的一项：附件名称；另行报送的附件写“另送: true”。"""

    model_config = ConfigDict(json_schema_extra=also_accepts(
        "附件", "附件名称（直接写名称），或写“名称”和“另送: true”（附件另行报送）", {"type": "string"}))

    name: str = Field(alias="名称", min_length=1, description="附件名称，如“2025年重点项目清单”")
    separate: bool = Field(False, alias="另送", description="附件另行报送、不随文附上（draft check 不再提示找不到）")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"名称": value} if isinstance(value, str) else value


class ZhuanjieReport(Section, Issued):
    """政府工作报告专节报告（大事记、工作回顾、存在问题、下一步打算）"""

    type_name = "专节报告"
    description = "政府工作报告专节报告：工作亮点、工作举措、工作成效，公文格式"
    template = "zhuanjie.jinja"
    family = "公文"
    example = "zhuanjie-minzheng-2024.yaml"
    skeleton = "zhuanjie.new.yaml"

    metadata: dict[str, str] = Field({}, alias="元数据",
                                     description="公开信息等“名称: 内容”，如 索引号、发布机构、公开方式；"
                                                 "存入 DOCX 的自定义属性，写“元数据显示: true”才印在标题上方")
    show_metadata: bool = Field(False, alias="元数据显示", description="把“元数据”逐行印在文稿最上方")
    number: str | None = Field(None, alias="编号", min_length=1,
                               description="标题上方的编号行，照印，如“中卫2024124”")
    title: TitleLines = Field(alias="标题", description="文稿标题；写成列表可自行断行")
    unit: str = Field(alias="单位", min_length=1, description="报送单位，如“城口县民政局”")
    year: int = Field(alias="年度", ge=1949, le=2100, description="报告所回顾的年度，只写年份，如 2024")
    period: str = Field(WHOLE_YEAR, alias="期间", min_length=1,
                        description="报告期：全年（默认）、上半年、前三季度、1—11月等；用于指标表的标题和列名")
    addressee: str | None = Field(None, alias="主送", description="主送机关，如“县人民政府办公室”")
    opening: Paragraphs = Field([], alias="开头", description="开头段落，每行一段")
    events: Node | None = Field(None, alias="大事记", description="一级部分“20XX年大事记”；可写“略”")
    review: Review | None = Field(None, alias="工作回顾", description="一级部分“20XX年工作回顾”")
    problems: Node | None = Field(None, alias="存在问题", description="一级部分“存在问题”")
    next_steps: Node | None = Field(None, alias="下一步打算", description="一级部分“下一步打算”")
    plans: Node | None = Field(None, alias="工作思路", description="一级部分“20XX年工作思路”（下一年度）")
    parts: list[Node] = Field([], alias="部分", description="其他一级部分（须写标题），按书写位置排列")
    attachments: list[Attachment] = Field([], alias="附件",
                                          description="附件说明：附件名称的列表；另行报送的写“名称”和“另送: true”")
    signature: str | None = Field(None, alias="落款",
                                  description="署名；不写时：有“日期”则同“单位”，没有日期则不落款；写“无”不落款")
    date: ReportDate | None = Field(None, alias="日期", description="成文日期，如 2025-01-06；送汇编的专节常不写")
    note: str | None = Field(None, alias="附注", min_length=1,
                             description="附注（GB/T 9704 7.3.6），印在成文日期下一行，自动加圆括号")

    @field_validator("year", mode="before")
    @classmethod
    def _year_only(cls, value: Any) -> Any:
        if isinstance(value, str) and not (len(value) == 4 and value.isdigit()):  # "2025" as it is
            m = re.fullmatch(r"\s*(\d{4})\s*年?\s*([\u4e00-\u9fff0-9—–-]*?)\s*", value)
            if m and m.group(2) and m.group(2) != "度":
                raise ValueError(f"“年度”只写年份（{m.group(1)}）；“{m.group(2)}”写在“期间”里：期间: {m.group(2)}")
            if m:
                return m.group(1)
        return value

    @model_validator(mode="after")
    def _parts_have_titles(self):
        for i, node in enumerate(self.parts):
            if not node.title:
                raise ValueError(f"“部分”的第{i + 1}项缺少“标题”")
        if self.review:
            for i, node in enumerate(self.review.items):
                if not node.title:
                    raise ValueError(f"“工作回顾”的“条目”第{i + 1}项缺少“标题”")
        return self

    def signature_text(self) -> str | None:
        """The 落款 printed: as written; 单位 when only the date is given; none for 无 or neither."""
        if self.signature is not None:
            return None if self.signature.strip() in ("", NO_SIGNATURE) else self.signature
        return self.unit if self.date else None

    def context(self, data: dict[str, Any]) -> dict[str, Any]:
        year = self.year
        span = period_label(self.period)
        defaults = {
            "大事记": f"{year}年{span}大事记", "工作回顾": f"{year}年{span}工作回顾", "存在问题": "存在问题",
            "下一步打算": "下一步打算", "工作思路": f"{year + 1}年工作思路" if not span else "下一步工作思路",
        }
        parts = []
        for key in self.key_order:  # the order the writer typed the parts in
            node = data[key]
            if key == "部分":
                parts += node
            elif key == "工作回顾" and node:
                children = []
                for sub in self.review.key_order:
                    if sub in dict(REVIEW_PARTS) and node[sub]:
                        children.append(_titled(node[sub], sub))
                    elif sub == "条目":
                        children += node[sub]
                parts.append({"标题": node["标题"] or defaults[key], "正文": [], "要点": [], "条目": children})
            elif key in defaults and node:
                parts.append(_titled(node, defaults[key]))
        data["部分列表"] = parts
        signature = self.signature_text()
        data["落款"] = None if signature is None else (data["落款"] if self.signature else data["单位"])
        data["元数据行"] = [Loc(f"{k}：{v}", ("元数据", k)) for k, v in self.metadata.items()]
        note = data["附注"]
        if note is not None and not note.startswith(("（", "(")):
            data["附注"] = Loc(f"（{note}）", note.path)
        names = [a["名称"] for a in data["附件"]]
        separate = {str(a["名称"]) for a in data["附件"] if a["另送"]}
        table = data["指标表"]
        if table is not None:  # 主要指标完成情况表 as an attachment (GB/T 9704 7.3.4, 7.3.7)
            table["标题"] = table["标题"] or f"{year}年{span}主要指标完成情况表"
            if table["标题"] not in names:
                names.append(table["标题"])
            table["标识"] = f"附件{names.index(table['标题']) + 1}" if len(names) > 1 else "附件"
        data["附件"] = names
        data["另送附件"] = sorted(separate)
        return data

    def document_meta(self) -> dict[str, Any]:
        meta = {"title": "".join(self.title), "author": self.signature_text() or self.unit,
                "subject": self.type_name}
        if self.date:
            meta["date"] = self.date.isoformat()
        if self.metadata:
            meta["properties"] = dict(self.metadata)
        return meta


def _titled(node: dict, title: str) -> dict:
    return node if node.get("标题") else {**node, "标题": title}
