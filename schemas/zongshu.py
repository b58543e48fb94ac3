"""综述: the newspaper feature on a year's 民生 work (seeds 000 and 004), in the 报刊 style.

YAML keys (Chinese, as an editor names the parts of a feature):
类型, 栏目 (column label or series name and 期数) and 栏目位置, 引题, 标题 (one line, or a list of
lines), 副题, 题记, 报名, 版次, 日期, 网页信息, 署名 and 署名位置, 编者按, 题图, 导语 and 导语形式,
部分 (each with an optional 引题 and 小标题, and its 内容), 结语, 落款, 编辑, 刊发.

导语, every part's 内容 and 结语 are lists of content items; an item is one of: a paragraph (a
string, or 正文 with an optional run-in 段首), a quotation (引语 with 前文 / 说话人 / 引出 / 续), a
photo or a caption (图片 and/or 说明, with a credit 摄影 or 图片署名), a case story (案例), a kicker
line (引题) or a byline (署名).  A feature may have no parts at all.
"""
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

from drafting.compose import Loc
from drafting.model import (
    Model,
    Names,
    Paragraphs,
    ReportDate,
    Section,
    TitleLines,
    also_accepts,
    chinese_date,
    list_of,
)
from drafting.numbering import chinese_numeral

LEAD_IN_ENDS = "，：:,"  # a narrative that ends so leads into the quotation after it (GB/T 15834 4.1.3)


def _like(value: Any, text: str) -> Loc:
    """Derived template text that still points at the YAML line of ``value``."""
    return Loc(text, getattr(value, "path", ()))


def _path_of(value: Any) -> tuple:
    """The YAML path of the first string inside ``value`` (a dumped mapping or list)."""
    if isinstance(value, str):
        return getattr(value, "path", ())
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return next((p for p in map(_path_of, items) if p), ())


class Speaker(Model):
    """说话人: an official (单位, 职务), a resident (身份, 年龄), or people unnamed (身份 only: 工人们)."""

    name: str | None = Field(None, alias="姓名", min_length=1, description="姓名；说话人没有名字时不写",
                             examples=["孙明儒"])
    unit: str | None = Field(None, alias="单位", description="工作单位", examples=["万源市民政局"])
    post: str | None = Field(None, alias="职务", description="职务", examples=["局长"])
    role: str | None = Field(None, alias="身份", description="身份；不写姓名时就是说话人本身",
                             examples=["居民", "工人们", "一位居民"])
    age: str | None = Field(None, alias="年龄", description="年龄：数字（68，排作“68岁的”）或说法", examples=["68", "年近七旬"])

    @model_validator(mode="after")
    def _someone(self):
        if not (self.name or self.role):
            raise ValueError("说话人要写“姓名”，或写“身份”（如“工人们”“一位居民”）")
        return self

    def attribution(self) -> str:
        """“68岁的居民孙明儒” / “万源市民政局局长张三” / “工人们”."""
        age = self.age or ""
        if age.isdigit():
            age += "岁"
        return (f"{age}的" if age else "") + (self.unit or "") + (self.post or "") + (self.role or "") + (self.name or "")


class Byline(Model):
    """署名：按角色写名字（次序照写），或直接写成一行文字（照排）。"""

    model_config = ConfigDict(json_schema_extra=also_accepts(
        "署名", "按角色写名字（本报记者、记者、特约记者、通讯员、实习生、摄影、图，或“称谓”照写），"
        "或直接写成一行文字", {"type": "string"}))
    ROLES: ClassVar[dict[str, str]] = {  # field -> the role as printed
        "staff": "本报记者", "reporters": "记者", "special": "特约记者", "correspondents": "通讯员",
        "interns": "实习生", "photo": "摄影"}

    as_written: str | None = Field(None, alias="照写", min_length=1, description="照排的一行署名（直接写成字符串也一样）",
                                   examples=["（本报记者 王五）", "□四川在线记者 张三"])
    staff: Names = Field([], alias="本报记者", description="本报记者的名字", examples=[["李晓", "王静"]])
    reporters: Names = Field([], alias="记者", description="记者的名字", examples=["冯津榕"])
    special: Names = Field([], alias="特约记者", description="特约记者的名字", examples=["马发海"])
    correspondents: Names = Field([], alias="通讯员", description="通讯员的名字", examples=["李四"])
    interns: Names = Field([], alias="实习生", description="实习生的名字", examples=["赵敏"])
    photo: Names = Field([], alias="摄影", description="摄影记者的名字（排作“摄影 某某”）",
                         examples=["刘洋"])
    photographers: Names = Field([], alias="图", description="图片作者（文图式排作“图/某某”）",
                                 examples=["李飞鹏"])
    title: str | None = Field(None, alias="称谓", min_length=1, description="其他称谓，照写，与“姓名”一起用",
                              examples=["四川在线记者"])
    names: Names = Field([], alias="姓名", description="“称谓”之后的名字", examples=[["张三", "李四"]])
    form: Literal["文图", "括号", "不加括号"] | None = Field(
        None, alias="形式", description="文图：□文/记者 某某 图/某某；括号：（记者 某某 通讯员 某某）；"
        "不加括号：本报记者 某某；默认有“图”用文图，否则括号", examples=["括号"])

    @model_validator(mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return {"照写": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _someone(self):
        roles = [f.alias for n, f in type(self).model_fields.items()
                 if n not in ("as_written", "form") and getattr(self, n)]
        if self.as_written and (roles or self.form):
            other = "、".join(f"“{k}”" for k in roles + (["形式"] if self.form else []))
            raise ValueError(f"署名写了“照写”（照排一行），又写了{other}：两种写法只能选一种")
        if bool(self.title) != bool(self.names):
            raise ValueError("“称谓”和“姓名”要一起写，如 称谓: 四川在线记者、姓名: 张三")
        if not (self.as_written or roles):
            raise ValueError("署名里至少要写一个角色和名字（如 记者: 张三），或照写一行")
        return self

    def groups(self) -> list[tuple[str, list[str]]]:
        """(role as printed, names) in the order the writer typed them; 图 last."""
        aliases = {f.alias: n for n, f in type(self).model_fields.items()}
        out = []
        for key in self.key_order or list(aliases):
            field = aliases.get(key)
            if field in self.ROLES and getattr(self, field):
                out.append((self.ROLES[field], getattr(self, field)))
            elif field == "title" and self.title:
                out.append((self.title, self.names))
        return out

    def text(self) -> str:
        if self.as_written:
            return self.as_written
        writers = " ".join(f"{role} {' '.join(names)}" for role, names in self.groups())
        pictures = " ".join(self.photographers)
        form = self.form or ("文图" if self.photographers else "括号")
        if form == "文图":
            return "□" + " ".join(([f"文/{writers}"] if writers else []) + ([f"图/{pictures}"] if pictures else []))
        line = writers + (f" 图 {pictures}" if pictures else "")
        return f"（{line.strip()}）" if form == "括号" else line.strip()

    def people(self) -> list[str]:
        return [n for _, names in self.groups() for n in names]


class Item(Model):
    """内容的一项：段落、引语、图片或图片说明、案例、引题（一行眉题）、署名。"""

    model_config = ConfigDict(json_schema_extra=also_accepts(
        "内容的一项", "段落（直接写一段文字，或写正文/段首）、引语、图片或图片说明、案例、引题、署名", {"type": "string"}))
    key_synonyms: ClassVar[dict[str, str]] = {
        "作者": "署名", "记者": "署名", "照片": "图片", "摄影者": "摄影", "出处": "图片署名", "来源": "图片署名",
        "图片说明": "说明", "说的话": "引语"}
    skeleton_as_text: ClassVar[bool] = True  # draft new writes an item as one paragraph (drafting.skeleton)

    text: str | None = Field(None, alias="正文", description="段落正文",
                             examples=["就业是最基本的民生，事关广大群众的切身利益。"])
    lead: str | None = Field(None, alias="段首", description="与正文连排的段首句（黑体）",
                             examples=["整合资源，优化老年人活动场所。"])
    before: str | None = Field(None, alias="前文", description="引语之前同一段里的叙述（正文字体）；以“，”“：”结尾时"
                               "就是引出语（说话人在前），不再自动生成“某某说。”", examples=["市发改委社发处处长朱玥介绍，"])
    quote: TitleLines | None = Field(None, alias="引语", description="引用的原话，连同引号照写（只有它排引语字体）；"
                                     "几段的写成列表，按标点规范每段开头用前引号、只在最后一段末尾用后引号",
                                     examples=["“社区食堂的饭菜干净卫生，我吃着放心。”"])
    speaker: Speaker | None = Field(None, alias="说话人", description="说话人；只在没写“引出”、“前文”也不是引出语时用来"
                                    "生成“某某说。”", examples=[{"姓名": "孙明儒", "身份": "居民", "年龄": "68"},
                                                            {"身份": "工人们"}])
    intro: str | None = Field(None, alias="引出", description="引语之后照写的叙述或引出语（正文字体）；写 '' 表示不要引出语；"
                              "不写则由说话人生成“……说。”", examples=["食堂经营者陈旭介绍，"])
    more: str | None = Field(None, alias="续", description="引出语之后接着引用的原话（引语字体）",
                             examples=["“我们设置菜单的时候，也会充分考虑老年人的需求。”"])
    photo: str | None = Field(None, alias="图片", description="图片文件（与 YAML 同目录的相对路径）；不写则只排说明，"
                              "由版面编辑配图", examples=["食堂.png"])
    caption: str | None = Field(None, alias="说明", description="图片说明，照排（“图为”要写就自己写上）",
                                examples=["3月3日，社区食堂里老人们在用餐。"])
    credit: Names = Field([], alias="摄影", description="摄影者，排作“（某某 摄）”", examples=["李飞鹏"])
    credit_as_written: str | None = Field(None, alias="图片署名", min_length=1,
                                          description="图片署名照写，排在说明后面（隔一个空格），不加任何字",
                                          examples=["新华社发", "新华社记者 曹祎铭摄", "图/李飞鹏"])
    width: float | None = Field(None, alias="宽度", gt=10, le=170, description="图片宽度（毫米），默认 120",
                                examples=[80])
    case: Paragraphs = Field([], alias="案例", description="案例故事的段落，每行一段（楷体，左缩进）",
                             examples=[["居住在黄钟镇的聂某……", "民政部门了解情况后……"]])
    kicker: str | None = Field(None, alias="引题", min_length=1, description="一行眉题（楷体居中），如“看亮点”",
                               examples=["看亮点"])
    byline: Byline | None = Field(None, alias="署名", description="文中的一行署名", examples=["□四川在线记者 张三"])

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
            ("引题", self.kicker is not None),
            ("署名", self.byline is not None),
        ) if present]
        if len(kinds) != 1:
            raise ValueError("每项内容只能是段落（正文）、引语、图片（图片/说明）、案例、引题、署名之一"
                             + (f"，这里同时写了{'、'.join(kinds)}" if kinds else "，这里什么也没写"))
        if self.quote is None and (self.speaker or self.intro is not None or self.more or self.before):
            raise ValueError("“说话人”“引出”“续”“前文”只能用于引语")
        if self.quote is not None and not (self.speaker or self.intro is not None or self.before):
            raise ValueError("引语要写明说话人：写“说话人”，或照写引出语（“前文”如“朱玥介绍，”，或“引出”）；"
                             "不要引出语就写 引出: ''")
        if kinds[0] != "图片" and (self.credit or self.credit_as_written or self.width):
            raise ValueError("“摄影”“图片署名”“宽度”只能用于图片")
        if self.credit and self.credit_as_written:
            raise ValueError("“摄影”（排作“（某某 摄）”）和“图片署名”（照写）只能写一个")
        return self

    @property
    def kind(self) -> str:
        if self.quote is not None:
            return "引语"
        if self.photo is not None or self.caption is not None:
            return "图片"
        if self.kicker is not None:
            return "引题"
        if self.byline is not None:
            return "署名"
        return "案例" if self.case else "段落"

    @property
    def led_in(self) -> bool:
        """Does the narrative before the quotation lead into it (“…介绍，”)?"""
        return bool(self.before) and self.before.rstrip()[-1:] in LEAD_IN_ENDS

    def attribution(self) -> str | None:
        """The generated “某某说。”, or None when the writer wrote the lead-in or asked for none."""
        if self.intro is not None or self.led_in or self.speaker is None:
            return None
        return self.speaker.attribution() + ("说，" if self.more else "说。")


def _lines_to_items(value: Any) -> Any:
    """A string is one paragraph item a line (as ``Paragraphs``); a list stays."""
    if isinstance(value, str):
        return [ln.strip() for ln in value.splitlines() if ln.strip()]
    return value


Content = Annotated[list[Item], BeforeValidator(_lines_to_items), WithJsonSchema(
    {"anyOf": [{"type": "string"}, list_of("Item")]})]


class Part(Model):
    """一个部分：可有引题和小标题（一行或两行），和它的内容。"""

    kicker: str | None = Field(None, alias="引题", min_length=1, description="小标题上方的一行眉题", examples=["看亮点"])
    subhead: TitleLines | None = Field(None, alias="小标题", description="小标题；两行的写成列表；不写则这一部分没有小标题",
                                       examples=[["夯实民生之本", "促进高质量充分就业"], "近{低保金:亿元}"])
    content: Content = Field(alias="内容", min_length=1, description="段落、引语、图片、案例……按顺序",
                             examples=[["就业是最基本的民生。", {"引语": "“饭菜可口。”", "说话人": {"身份": "一位居民"}}]])

    @model_validator(mode="before")
    @classmethod
    def _no_subhead(cls, value: Any) -> Any:
        """小标题: '' (or left empty) is a part without a subhead, as leaving it out is."""
        if isinstance(value, dict) and value.get("小标题", 0) in ("", None):
            value = {k: v for k, v in value.items() if k != "小标题"}
        return value

    @model_validator(mode="after")
    def _kicker_needs_subhead(self):
        if self.kicker and not self.subhead:
            raise ValueError("“引题”排在小标题上方，这一部分要有“小标题”（单独一行眉题请写在“内容”里）")
        return self


class Series(Model):
    model_config = ConfigDict(json_schema_extra=also_accepts(
        "栏目", "栏目名（如“卷首语”），或写系列报道的名称和期数", {"type": "string"}))

    name: str = Field(alias="名称", min_length=1, description="栏目或系列报道名称", examples=["民生答卷", "卷首语"])
    number: int | None = Field(None, alias="期数", ge=1, le=99, description="第几篇，排作“之三”", examples=[3])

    @model_validator(mode="before")
    @classmethod
    def _string(cls, value: Any) -> Any:
        return {"名称": value} if isinstance(value, str) else value


class Epigraph(Model):
    model_config = ConfigDict(json_schema_extra=also_accepts(
        "题记", "题记：一句或几行，或写“正文”和“出处”", {"type": "string"}, {"type": "array", "items": {"type": "string"}}))

    text: Paragraphs = Field(alias="正文", min_length=1, description="题记的句子，每行一行", examples=["民惟邦本，本固邦宁。"])
    source: str | None = Field(None, alias="出处", min_length=1, description="出处，照排在题记下方靠右",
                               examples=["——《尚书·五子之歌》"])

    @model_validator(mode="before")
    @classmethod
    def _string(cls, value: Any) -> Any:
        return {"正文": value} if isinstance(value, (str, list)) else value


class WebMeta(Model):
    """网页信息：来源、编辑、时间（网页或公众号转载时标题下的一行）。"""

    source: str | None = Field(None, alias="来源", min_length=1, description="来源", examples=["四川在线"])
    editor: str | None = Field(None, alias="编辑", min_length=1, description="编辑", examples=["顾强"])
    time: str | None = Field(None, alias="时间", min_length=1, description="发布时间，照排", examples=["2025-03-04 08:30"])

    @model_validator(mode="after")
    def _something(self):
        if not (self.source or self.editor or self.time):
            raise ValueError("“网页信息”里至少写“来源”“编辑”“时间”中的一项")
        return self

    def text(self) -> str:
        return "　".join(f"{label}：{v}" for label, v in (("来源", self.source), ("编辑", self.editor),
                                                          ("时间", self.time)) if v)


class Locator(Model):
    """刊发：报名、日期、版次，文末排作“《光明日报》（2025年03月04日 08版）”。"""

    paper: str = Field(alias="报名", min_length=1, description="报纸名称（不加书名号）", examples=["光明日报"])
    date: ReportDate = Field(alias="日期", description="刊发日期", examples=["2025-03-04"])
    edition: str | None = Field(None, alias="版次", min_length=1, description="版次", examples=["08"])

    def text(self) -> str:
        d = self.date  # as papers print it: zero-padded month and day
        edition = f" {self.edition}版" if self.edition else ""
        return f"《{self.paper}》（{d.year}年{d.month:02d}月{d.day:02d}日{edition}）"


class Feature(Section):
    """报刊综述（民生事业综述等）：标题、副题、导语、小标题分部分、引语、图片、署名"""

    type_name = "综述"
    description = "报刊综述：主副标题、题记、导语、小标题、引语、案例、图片说明、署名、刊发信息，报刊版式"
    template = "zongshu.jinja"
    family = "报刊"
    example = "zongshu-wanyuan-2024.yaml"
    empty_means_none: ClassVar[frozenset[str]] = frozenset({"引出"})  # 引出: '' asks for no attribution
    named_styles = {  # the furniture of a feature page (docs/styles-baokan.md)
        # a caption whose photo the layout desk places: as a caption, grey, with the space a photo gives above
        "报刊待配图说明": {"based_on": "报刊图片说明", "before": 12, "color": "595959"},
        # 题记 (epigraph): 四号 楷体 centred; its source 五号 楷体 flush right, 4 characters in
        "报刊题记": {"based_on": "报刊副题", "size": 14, "before": 6, "after": 3},
        "报刊题记出处": {"based_on": "报刊副题", "size": 10.5, "align": "right", "right": 4, "before": 0,
                   "after": 12},
        # a poster lead of short lines (导语形式: 短句): 黑体 centred on the body's line pitch
        "报刊导语短句": {"based_on": "报刊正文", "font": "黑体", "align": "center", "first_line": 0},
        # kicker above a subhead ("看亮点"): 小四 楷体 centred, the subhead's space above it
        "报刊小标题引题": {"based_on": "报刊引题", "size": 12, "before": 18, "after": 0},
        # a byline after the lead or in the flow: as at the head, half a line below the text above
        "报刊文中署名": {"based_on": "报刊文首署名", "before": 6},
        # editor credit ("编辑：顾强"), flush right; print locator ("《光明日报》（…08版）"), flush left
        "报刊编辑": {"based_on": "报刊署名", "font": "宋体"},
        "报刊刊发": {"based_on": "报刊版次日期", "align": "left", "before": 12, "after": 0},
    }
    key_synonyms: ClassVar[dict[str, str]] = {
        "作者": "署名", "记者": "署名", "责任编辑": "编辑", "责编": "编辑", "导读": "导语", "结尾": "结语",
        "正文": "部分", "眉题": "引题", "肩题": "引题", "来源": "网页信息", "出处": "刊发", "版面": "栏目"}

    series: Series | None = Field(None, alias="栏目", description="栏目名，或系列报道的名称和期数",
                                  examples=["卷首语", {"名称": "民生答卷", "期数": 3}])
    series_at: Literal["标题上", "标题下"] = Field("标题上", alias="栏目位置", description="栏目名排在标题上方还是下方",
                                               examples=["标题下"])
    kicker: str | None = Field(None, alias="引题", description="标题上方的引题（眉题）", examples=["一年来，我市民生实事件件落地"])
    title: TitleLines = Field(alias="标题", description="主标题；两句的可写成列表，各占一行",
                              examples=[["擦亮民生福祉底色", "绘就红城幸福画卷"]])
    subtitle: str | None = Field(None, alias="副题", description="副题", examples=["——万源市2024年民生事业高质量发展综述"])
    epigraph: Epigraph | None = Field(None, alias="题记", description="题记（标题下的一句引文），可写出处",
                                      examples=["民惟邦本，本固邦宁。"])
    paper: str | None = Field(None, alias="报名", description="报纸名称，与版次、日期排在标题下一行", examples=["达州日报"])
    edition: str | None = Field(None, alias="版次", description="版次，排在标题下一行", examples=["03"])
    date: ReportDate | None = Field(None, alias="日期", description="刊发日期，排在标题下一行", examples=["2025-01-06"])
    web: WebMeta | None = Field(None, alias="网页信息", description="网页版标题下的一行：来源、编辑、时间",
                                examples=[{"来源": "四川在线", "编辑": "顾强"}])
    byline: Byline | None = Field(None, alias="署名", description="作者署名：按角色写，或照写一行",
                                  examples=[{"本报记者": "李晓", "通讯员": "王静"}])
    byline_at: Literal["文首", "导语后", "文末"] = Field(
        "文末", alias="署名位置", description="署名排在文首（标题下）、导语之后，还是文末", examples=["导语后"])
    editor_note: Paragraphs = Field([], alias="编者按",
                                    description="编者按正文（不含“编者按：”），每行一段",
                                    examples=["岁末年初，本报推出系列报道，回望一年来的民生实事。"])
    photos: list[Item] = Field([], alias="题图", description="导语前的图片或图片说明",
                               examples=[[{"说明": "社区大食堂里，老人们在用餐。", "摄影": "李飞鹏"}]])
    lead: Content = Field([], alias="导语", description="导语：段落（每行一段）或任何内容项",
                          examples=["悠悠万事，民生为大。"])
    lead_form: Literal["段落", "短句"] = Field("段落", alias="导语形式",
                                             description="短句：导语的段落排成居中的短句（海报式导语）", examples=["短句"])
    parts: list[Part] = Field([], alias="部分", description="正文各部分，可有小标题；可以没有部分",
                              examples=[[{"小标题": "家门口的长者食堂", "内容": ["中午11点，食堂里已经坐了不少老人。"]}]])
    closing: Content = Field([], alias="结语", description="结尾：段落（每行一段）或任何内容项",
                             examples=["民生无小事，枝叶总关情。"])
    signature: str | None = Field(None, alias="落款", description="文末落款；自动加括号", examples=["黎城县洪井镇人民政府"])
    editor: str | None = Field(None, alias="编辑", min_length=1, description="编辑署名，文末排作“编辑：某某”",
                               examples=["顾强"])
    locator: Locator | None = Field(None, alias="刊发", description="刊发信息，文末排作“《光明日报》（2025年03月04日 08版）”",
                                    examples=[{"报名": "光明日报", "日期": "2025-03-04", "版次": "08"}])

    @field_validator("photos")
    @classmethod
    def _photos_are_photos(cls, items: list[Item]) -> list[Item]:
        for i, item in enumerate(items):
            if item.kind != "图片":
                raise ValueError(f"“题图”第{i + 1}项应是图片（写“图片”或“说明”）")
        return items

    @model_validator(mode="after")
    def _has_body(self):
        if not (self.lead or self.parts or self.closing or self.photos):
            raise ValueError("综述没有正文：请写“导语”“部分”或“结语”")
        if self.byline_at == "导语后" and self.byline and not self.lead:
            raise ValueError("署名位置是“导语后”，但没有写“导语”")
        return self

    def _items(self, data: dict[str, Any]):
        """(item dict, item model) of every content item, wherever it stands."""
        yield from zip(data["题图"], self.photos)
        yield from zip(data["导语"], self.lead)
        for part, model in zip(data["部分"], self.parts):
            yield from zip(part["内容"], model.content)
        yield from zip(data["结语"], self.closing)

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
        data["网页行"] = Loc(self.web.text(), ("网页信息",)) if self.web else None
        data["刊发行"] = Loc(self.locator.text(), ("刊发",)) if self.locator else None
        data["编辑行"] = _like(data["编辑"], f"编辑：{self.editor}") if self.editor else None
        if self.byline:
            data["署名"] = Loc(self.byline.text(), ("署名",))
        for item, model in self._items(data):
            item["种类"] = model.kind
            if model.quote is not None:
                generated = model.attribution()
                item["引出行"] = item["引出"] if generated is None else _like(item["引语"][-1], generated)
            credit = f"（{' '.join(model.credit)} 摄）" if model.credit else item["图片署名"]
            if model.credit_as_written and model.caption:
                credit = "　" + credit  # a space between the caption and the credit, as papers set it
            item["摄影行"] = _like(item["说明"] or item["图片"], credit) if credit else None
            if model.byline is not None:
                item["署名行"] = Loc(model.byline.text(), _path_of(item["署名"]))
        sig = data["落款"]
        if sig:
            data["落款"] = sig if sig.startswith(("（", "(")) else _like(sig, f"（{sig}）")
        return data

    def document_meta(self) -> dict[str, Any]:
        meta = {"title": "".join(self.title), "subject": self.type_name}
        if self.byline and self.byline.people():
            meta["author"] = " ".join(self.byline.people())
        when = self.date or (self.locator.date if self.locator else None)
        if when:
            meta["date"] = when.isoformat()
        return meta
