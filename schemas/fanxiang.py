"""学习反响: how officials and residents respond to a meeting's decisions (seed 002), in the 报刊 style.

YAML keys: 类型, 版次 and 版名 (the page label “第03版：要闻”), 引题 (the kicker line, as written,
usually ending in “——”), 标题, 导语, 部分 and 记者 (the reporters' names at the end, one list per
line).

Each 部分 has a 小标题 (“坚持稳就业促增收”), an optional 引言 (“就业是最基本的民生。”), 会议提出
(what the meeting proposed, written without “会议提出，”) and 表态: statements of named people.  A
statement is one paragraph: its 背景 (the narrative before it), an optional 引语 (a quoted sentence
first, with its quotation marks), then “单位职务姓名表示，” and the 内容 (what the person said).
"""
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema, field_validator, model_validator

from drafting.compose import Loc
from drafting.model import Model, Paragraphs, Section, TitleLines

VERBS = ("表示", "说", "介绍", "认为", "指出", "谈到")


class Statement(Model):
    """表态：一位有名有姓的人说了什么（一段）。"""

    background: str | None = Field(None, alias="背景", min_length=1,
                                   description="表态之前同一段里的叙述，如“近年来，太原市人社局……”")
    quote: str | None = Field(None, alias="引语", min_length=1, description="先引的一句话，连同引号照写：“……”")
    unit: str | None = Field(None, alias="单位", description="单位，如“太原市人社局”")
    post: str | None = Field(None, alias="职务", description="职务，如“党组书记、局长”")
    name: str = Field(alias="姓名", min_length=1, description="姓名，如“白进联”")
    verb: str = Field("表示", alias="动词", description=f"引出语的动词：{'、'.join(VERBS)}，默认“表示”")
    words: str | None = Field(None, alias="内容", min_length=1, description="他（她）说的内容，如“将认真学习贯彻会议精神，……”")

    @field_validator("verb")
    @classmethod
    def _known_verb(cls, value: str) -> str:
        if value not in VERBS:
            raise ValueError(f"引出语的动词应是以下之一：{'、'.join(VERBS)}")
        return value

    @model_validator(mode="after")
    def _says_something(self):
        if not (self.quote or self.words):
            raise ValueError("表态要写“内容”（说了什么）或“引语”（引号里的原话），至少写一项")
        return self

    def attribution(self) -> str:
        """“太原市人社局党组书记、局长白进联表示，” (“。” when nothing follows)."""
        return (self.unit or "") + (self.post or "") + self.name + self.verb + ("，" if self.words else "。")


class Part(Model):
    """一个部分：小标题，会议提出了什么，干部群众的表态。"""

    subhead: TitleLines = Field(alias="小标题", description="小标题，如“坚持稳就业促增收”")
    intro: str | None = Field(None, alias="引言", min_length=1, description="“会议提出”之前的一句，如“就业是最基本的民生。”")
    proposed: str = Field(alias="会议提出", min_length=1,
                          description="会议提出的内容（不写“会议提出，”），如“突出就业优先导向，……”")
    statements: list[Statement] = Field([], alias="表态", description="表态，每项一段")


# lines of names; one name or one list of names is one line (the editor schema accepts all three)
ReporterLines = Annotated[list[list[str]], WithJsonSchema({"anyOf": [
    {"type": "string"}, {"type": "array", "items": {"type": "string"}},
    {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}]})]


class Response(Section):
    """学习贯彻反响报道：版面、引题、标题、导语，“坚持……”小标题下会议提出与表态，文末记者名单"""

    type_name = "学习反响"
    description = "学习贯彻反响报道：版面、引题、标题、导语，小标题下“会议提出”与干部群众表态，文末记者名单，报刊版式"
    template = "fanxiang.jinja"
    family = "报刊"
    example = "fanxiang-shanxi-2024.yaml"

    edition: str | None = Field(None, alias="版次", min_length=1, description="版次，如“03”（排作“第03版”）")
    page: str | None = Field(None, alias="版名", min_length=1, description="版面名称，如“要闻”")
    kicker: str | None = Field(None, alias="引题", min_length=1,
                               description="标题上方的引题，照写，通常以“——”结尾")
    title: TitleLines = Field(alias="标题", description="主标题；两行的写成列表")
    lead: Paragraphs = Field(alias="导语", min_length=1, description="导语段落，每行一段")
    parts: list[Part] = Field(alias="部分", min_length=1, description="各部分：小标题、会议提出、表态")
    reporters: ReporterLines = Field([], alias="记者",
                                     description="文末的记者名单；一行写一个列表，或直接写一个名单（排一行）")

    @model_validator(mode="before")
    @classmethod
    def _reporter_lines(cls, value: Any) -> Any:
        if isinstance(value, dict):
            names = value.get("记者")
            if isinstance(names, str):
                names = [names]
            if isinstance(names, list) and names and all(isinstance(n, str) for n in names):
                names = [names]
            if names is not None:
                value = {**value, "记者": names}
        return value

    def context(self, data: dict[str, Any]) -> dict[str, Any]:
        if self.edition or self.page:
            label = (f"第{self.edition}版" if self.edition else "") + ("：" if self.edition and self.page else "")
            where = data["版次"] or data["版名"]
            data["版面行"] = Loc(label + (self.page or ""), where.path)
        else:
            data["版面行"] = None
        for part, model in zip(data["部分"], self.parts):
            opening = (part["引言"] or "") + "会议提出，" + part["会议提出"]
            part["开头"] = Loc(opening, part["会议提出"].path)
            for said, statement in zip(part["表态"], model.statements):
                said["引出"] = Loc(statement.attribution(), said["姓名"].path)
        data["记者行"] = [Loc(" ".join(line), line[0].path if line else ("记者",)) for line in data["记者"]]
        return data

    def document_meta(self) -> dict[str, Any]:
        return {"title": "".join(self.title), "subject": self.type_name,
                "author": " ".join(name for line in self.reporters for name in line)}
