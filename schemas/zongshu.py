"""综述: the newspaper feature on a year's 民生 work (seeds 000 and 004), in the 报刊 style.

YAML keys (Chinese, as an editor names the parts of a feature):
类型, 栏目 (series name and 期数), 引题, 标题 (one line, or a list of lines), 副题, 报名, 版次,
日期, 署名 and 署名位置, 编者按, 题图 (photos or captions above the lead), 导语, 部分 (each
with a 小标题 of one or two lines and its 内容), 结语, 落款.

An item of 内容 is one of: a paragraph (a string, or 正文 with an optional run-in 段首), a
quotation (引语 with 说话人, and optionally 引出 / 续), a photo (图片 file and/or 说明, 摄影), or a
case story (案例: its paragraphs).
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from drafting.compose import Loc
from drafting.model import Model, Names, Paragraphs, ReportDate, Section, TitleLines, also_accepts, chinese_date
from drafting.numbering import chinese_numeral


def _like(value: Any, text: str) -> Loc:
    """Derived template text that still points at the YAML line of ``value``."""
    return Loc(text, getattr(value, "path", ()))


class Speaker(Model):
    """说话人: an official (单位, 职务) or a resident (身份, 年龄)."""

    name: str = Field(alias="姓名", min_length=1, description="姓名，如“孙明儒”")
    unit: str | None = Field(None, alias="单位", description="工作单位，如“万源市民政局”")
    post: str | None = Field(None, alias="职务", description="职务，如“局长”")
    role: str | None = Field(None, alias="身份", description="身份，如“居民”“食堂经营者”")
    age: str | None = Field(None, alias="年龄", description="年龄：数字（68）或说法（年近七旬）")

    def attribution(self) -> str:
        """“68岁的居民孙明儒” / “万源市民政局局长张三”."""
        age = self.age or ""
        if age.isdigit():
            age += "岁"
        return (f"{age}的" if age else "") + (self.unit or "") + (self.post or "") + (self.role or "") + self.name


class Item(Model):
    """内容 的一项：段落、引语、图片或案例。"""

    model_config = ConfigDict(json_schema_extra=also_accepts(
        "内容的一项", "段落（直接写一段文字，或写正文/段首）、引语、图片或案例", {"type": "string"}))

    text: str | None = Field(None, alias="正文", description="段落正文")
    lead: str | None = Field(None, alias="段首", description="与正文连排的段首句，如“整合资源，优化老年人活动场所。”")
    before: str | None = Field(None, alias="前文", description="引语之前同一段里的叙述")
    quote: str | None = Field(None, alias="引语", description="引用的话，连同引号照写：“……”")
    speaker: Speaker | None = Field(None, alias="说话人", description="引语的说话人")
    intro: str | None = Field(None, alias="引出", description="照写的引出语；不写则由说话人生成“……说。”")
    more: str | None = Field(None, alias="续", description="引出语之后接着引用的话")
    photo: str | None = Field(None, alias="图片", description="图片文件（与 YAML 同目录的相对路径）")
    caption: str | None = Field(None, alias="说明", description="图片说明；没有图片时只排说明")
    credit: Names = Field(default_factory=list, alias="摄影", description="摄影者，如“李飞鹏”")
    width: float | None = Field(None, alias="宽度", gt=10, le=170, description="图片宽度（毫米），默认 120")
    case: Paragraphs = Field(default_factory=list, alias="案例", description="案例故事的段落，每行一段")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"正文": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [name for name, present in (
            ("段落", self.text is not None or self.lead is not None),
            ("引语", self.quote is not None),
            ("图片", self.photo is not None or self.caption is not None),
            ("案例", bool(self.case)),
        ) if present]
        if len(kinds) != 1:
            raise ValueError("每项内容只能是段落（正文）、引语、图片（图片/说明）、案例之一"
                             + (f"，这里同时写了{'、'.join(kinds)}" if kinds else "，这里什么也没写"))
        if self.quote is None and (self.speaker or self.intro or self.more or self.before):
            raise ValueError("“说话人”“引出”“续”“前文”只能用于引语")
        if self.quote is not None and not (self.speaker or self.intro):
            raise ValueError("引语要写明“说话人”（或照写“引出”）")
        if kinds[0] != "图片" and (self.credit or self.width):
            raise ValueError("“摄影”“宽度”只能用于图片")
        return self

    @property
    def kind(self) -> str:
        if self.quote is not None:
            return "引语"
        if self.photo is not None or self.caption is not None:
            return "图片"
        return "案例" if self.case else "段落"


class Part(Model):
    """一个部分：小标题（一行或两行）和它的内容。"""

    subhead: TitleLines = Field(alias="小标题", description="小标题；两行的写成列表")
    content: list[Item] = Field(alias="内容", min_length=1, description="段落、引语、图片、案例，按顺序")


class Series(Model):
    name: str = Field(alias="名称", min_length=1, description="系列报道名称，如“民生答卷”")
    number: int | None = Field(None, alias="期数", ge=1, le=99, description="第几篇，如 3（排作“之三”）")


class Byline(Model):
    """署名：按角色写名字；或直接写成一行文字（照排）。"""

    model_config = ConfigDict(json_schema_extra=also_accepts(
        "署名", "按角色写名字（记者、特约记者、通讯员、图），或直接写成一行文字", {"type": "string"}))

    as_written: str | None = Field(None, alias="照写", description="照排的一行署名（直接写成字符串也一样）")
    reporters: Names = Field(default_factory=list, alias="记者")
    special: Names = Field(default_factory=list, alias="特约记者")
    correspondents: Names = Field(default_factory=list, alias="通讯员")
    photographers: Names = Field(default_factory=list, alias="图")
    form: Literal["文图", "括号"] | None = Field(
        None, alias="形式", description="文图：□文/记者 某某 图/某某；括号：（记者 某某 通讯员 某某）；默认有“图”用文图")

    @model_validator(mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return {"照写": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _someone(self):
        if not (self.as_written or self.reporters or self.special or self.correspondents or self.photographers):
            raise ValueError("署名里至少要写一位记者、特约记者、通讯员或图片作者")
        return self

    def text(self) -> str:
        if self.as_written:
            return self.as_written
        roles = [(r, names) for r, names in (("记者", self.reporters), ("特约记者", self.special),
                                              ("通讯员", self.correspondents)) if names]
        writers = " ".join(f"{role} {' '.join(names)}" for role, names in roles)
        form = self.form or ("文图" if self.photographers else "括号")
        if form == "括号":
            photo = f" 图 {' '.join(self.photographers)}" if self.photographers else ""
            return f"（{writers}{photo}）"
        parts = ([f"文/{writers}"] if writers else []) + ([f"图/{' '.join(self.photographers)}"] if self.photographers else [])
        return "□" + " ".join(parts)


class Feature(Section):
    """报刊综述（民生事业综述等）：标题、副题、导语、小标题分部分、引语、图片、署名"""

    type_name = "综述"
    description = "报刊综述：主副标题、导语、小标题、引语、案例、图片说明、署名，报刊版式"
    template = "zongshu.jinja"
    family = "报刊"
    example = "zongshu-wanyuan-2024.yaml"

    series: Series | None = Field(None, alias="栏目", description="系列报道：名称和期数")
    kicker: str | None = Field(None, alias="引题", description="标题上方的引题（眉题）")
    title: TitleLines = Field(alias="标题", description="主标题；两句的可写成列表，各占一行")
    subtitle: str | None = Field(None, alias="副题", description="副题，如“——万源市2024年民生事业高质量发展综述”")
    paper: str | None = Field(None, alias="报名", description="报纸名称，如“达州日报”")
    edition: str | None = Field(None, alias="版次", description="版次，如“03”")
    date: ReportDate | None = Field(None, alias="日期", description="刊发日期，如 2025-01-06")
    byline: Byline | None = Field(None, alias="署名", description="作者署名：按角色写，或照写一行")
    byline_at: Literal["文首", "文末"] = Field("文末", alias="署名位置", description="署名排在文首（标题下）还是文末")
    editor_note: str | None = Field(None, alias="编者按", description="编者按正文（不含“编者按：”）")
    photos: list[Item] = Field(default_factory=list, alias="题图", description="导语前的图片或图片说明")
    lead: Paragraphs = Field(alias="导语", min_length=1, description="导语段落，每行一段")
    parts: list[Part] = Field(default_factory=list, alias="部分", description="正文各部分，每部分有小标题")
    closing: Paragraphs = Field(default_factory=list, alias="结语", description="结尾段落，每行一段")
    signature: str | None = Field(None, alias="落款", description="文末落款，如“黎城县洪井镇人民政府”；自动加括号")

    @model_validator(mode="after")
    def _photos_are_photos(self):
        for i, item in enumerate(self.photos):
            if item.kind != "图片":
                raise ValueError(f"“题图”第{i + 1}项应是图片（写“图片”或“说明”）")
        return self

    def context(self, data: dict[str, Any]) -> dict[str, Any]:
        series = data["栏目"]
        if series:
            number = f"之{chinese_numeral(self.series.number)}" if self.series.number else ""
            data["栏目行"] = _like(series["名称"], f"{series['名称']}{number}")
        meta = [data["报名"]] if self.paper else []
        if self.edition:
            meta.append(f"版次：{self.edition}")
        if self.date:
            meta.append(f"日期：{chinese_date(self.date)}")
        where = next(((k,) for k in ("版次", "日期", "报名") if data[k] is not None), ())
        data["版次行"] = Loc("　".join(meta), where) if meta else None
        if self.byline:
            data["署名"] = Loc(self.byline.text(), ("署名",))
        pairs = list(zip(data["题图"], self.photos))
        for part, model in zip(data["部分"], self.parts):
            pairs += zip(part["内容"], model.content)
        for item, model in pairs:
            item["种类"] = model.kind
            item["引出行"] = item["引出"] or _like(item["引语"], self._intro(model))
            credit = f"（{' '.join(model.credit)} 摄）" if model.credit else None
            item["摄影行"] = _like(item["说明"] or item["图片"], credit) if credit else None
        sig = data["落款"]
        if sig:
            data["落款"] = sig if sig.startswith(("（", "(")) else _like(sig, f"（{sig}）")
        return data

    @staticmethod
    def _intro(item: Item) -> str:
        if item.speaker is None:
            return ""
        return item.speaker.attribution() + ("说，" if item.more else "说。")

    def document_meta(self) -> dict[str, Any]:
        meta = {"title": "".join(self.title), "subject": self.type_name}
        if self.byline:
            meta["author"] = " ".join(self.byline.reporters + self.byline.special + self.byline.correspondents)
        if self.date:
            meta["date"] = self.date.isoformat()
        return meta
