"""新闻通稿: a news release as a newspaper prints it (seed 001), in the 报刊 style.

YAML keys: 类型, 标题 (optional, one line or a list of lines), 电头 (报头 such as 本报讯, 记者 and
通讯员 lists, 日期 as written, e.g. 12月24日), 导语 (the event lead that follows the 电头),
正文 (one paragraph per department or topic: a string, or 段首 — its run-in summary sentence —
and 正文).  No headings: a release runs as one block of paragraphs.

The 电头 is built from its fields: “本报讯（记者孙媛媛、通讯员谷晓丹、徐燕华）12月24日，”.
"""
from typing import Any

from pydantic import Field, model_validator

from drafting.compose import Loc
from drafting.model import Model, Names, Section, TitleLines


class Dateline(Model):
    """电头：报头、记者、通讯员、日期。"""

    masthead: str = Field("本报讯", alias="报头", min_length=1, description="如“本报讯”“本报综合消息”，默认“本报讯”")
    reporters: Names = Field([], alias="记者", description="记者姓名，一个或多个")
    correspondents: Names = Field([], alias="通讯员", description="通讯员姓名，一个或多个")
    date: str | None = Field(None, alias="日期", min_length=1, description="照写的日期，如“12月24日”“12月24日上午”")

    def head(self) -> str:
        """“本报讯（记者孙媛媛、通讯员谷晓丹、徐燕华）”: roles and names joined by 、 (no spaces)."""
        roles = [role + "、".join(names) for role, names in (("记者", self.reporters), ("通讯员", self.correspondents))
                 if names]
        return self.masthead + (f"（{'、'.join(roles)}）" if roles else "")


class Paragraph(Model):
    """一个段落：连排的段首句（概括这一段的一句话）和正文。"""

    lead: str | None = Field(None, alias="段首", min_length=1, description="段首的概括句，如“我市坚持促进充分就业和社保扩面，兜牢民生底线。”")
    text: str | None = Field(None, alias="正文", min_length=1, description="段首句之后的正文")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"正文": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _not_empty(self):
        if not (self.lead or self.text):
            raise ValueError("这一段什么也没写：请写“段首”（概括句）和“正文”")
        return self


class Release(Section):
    """新闻通稿：电头、导语、按部门或专题分段（段首句连排），不设小标题"""

    type_name = "新闻通稿"
    description = "新闻通稿：电头（报头、记者、通讯员、日期）、导语、每段以概括句开头，无小标题，报刊版式"
    template = "tonggao.jinja"
    family = "报刊"
    example = "tonggao-dingzhou-2024.yaml"

    title: TitleLines | None = Field(None, alias="标题", description="稿件标题（可省略）；两行的写成列表")
    dateline: Dateline = Field(default_factory=Dateline, alias="电头", description="报头、记者、通讯员、日期")
    lead: str = Field(alias="导语", min_length=1, description="电头之后的第一段：什么时间、谁、做了什么")
    body: list[Paragraph] = Field([], alias="正文",
                                  description="按部门或专题分段；每段写“段首”（概括句）和“正文”，或直接写一段文字")

    def context(self, data: dict[str, Any]) -> dict[str, Any]:
        lead, date = data["导语"], data["电头"]["日期"]
        data["电头行"] = Loc(self.dateline.head(), ("电头",))
        data["导语"] = Loc(f"{date}，{lead}", lead.path) if date else lead
        return data

    def document_meta(self) -> dict[str, Any]:
        meta = {"subject": self.type_name,
                "author": " ".join(self.dateline.reporters + self.dateline.correspondents)}
        if self.title:
            meta["title"] = "".join(self.title)
        return meta
