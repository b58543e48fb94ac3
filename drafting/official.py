"""A 公文 issued on its own: the schema of its 版头 and 版记 (GB/T 9704-2012 7.2, 7.4) and of the
seal (7.3.5.1), for section types that may go out as a 公文 (a 专节报告 sent up by itself).

A section type adds them by subclassing :class:`Issued` next to :class:`drafting.model.Section`;
its template calls ``masthead(版头)`` before the title, ``signature(落款, seal=盖章)``, and
``colophon(版记)`` last.  Where each piece goes on the page is the 公文 family's
(``drafting.styles.Official``; numbers and clauses in docs/gongwen-furniture.md).
"""
import re

from pydantic import Field, field_validator

from .model import Model, Names, ReportDate, Text

# 发文字号: 机关代字, the year in brackets, the serial number, 号 (7.2.5): 城民发〔2025〕3号
# (compiled when a 发文字号 is first checked: most documents have none)
_NUMBER = (r"\s*(?P<code>.*?)\s*(?P<open>[〔\[［(（【{｛<《])\s*(?P<year>\d+)\s*(?P<close>[〕\]］)）】}｝>》])"
           r"\s*(?P<nth>第?)\s*(?P<serial>\d+)\s*(?P<hao>号?)\s*")


def check_doc_number(value: str) -> str:
    """GB/T 9704 7.2.5: year in full in 六角括号 〔〕, serial without 第 and leading zeros, then 号.
    A mistake is a ValueError whose Chinese message shows the right form."""
    m = re.fullmatch(_NUMBER, value)
    if not m or not m["code"]:
        raise ValueError(f"发文字号“{value}”应写成“机关代字〔年份〕序号号”，如 城民发〔2025〕3号")
    serial = str(int(m["serial"]))
    right = f"{m['code']}〔{m['year']}〕{serial}号"
    if (m["open"], m["close"]) != ("〔", "〕"):
        raise ValueError(f"发文字号的年份要用六角括号“〔〕”括入（不是“{m['open']}{m['close']}”）：写成 {right}")
    if len(m["year"]) != 4:
        raise ValueError(f"发文字号的年份要写全（四位），如 {m['code']}〔2025〕{serial}号")
    if m["nth"]:
        raise ValueError(f"发文字号的序号前不加“第”：写成 {right}")
    if m["serial"] != serial:
        raise ValueError(f"发文字号的序号不编虚位（1 不写成 01）：写成 {right}")
    if not m["hao"]:
        raise ValueError(f"发文字号的序号后要加“号”：写成 {right}")
    return value.strip()


class Masthead(Model):
    """版头 (7.2): the red 发文机关标志, the 发文字号 and, in an 上行文 (a 报告), the 签发人."""

    organ: Text = Field(alias="发文机关", description="发文机关标志，如“城口县民政局文件”（红色，居中）")
    number: Text = Field(alias="发文字号", description="如“城民发〔2025〕3号”：年份用六角括号，序号不加“第”、不编虚位")
    signers: Names = Field([], alias="签发人",
                           description="签发人姓名（上行文，如报告）；一人写一个名字，多人写成列表")
    copy_number: str | None = Field(None, alias="份号", description="份号：6位阿拉伯数字，如“000123”（涉密公文才用）")
    secrecy: str | None = Field(None, alias="密级", description="密级和保密期限，如“秘密★1年”")
    urgency: str | None = Field(None, alias="紧急程度", description="“特急”或“加急”")

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        return check_doc_number(value)

    @field_validator("copy_number", mode="before")
    @classmethod
    def _copy_number(cls, value):
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:06d}"
        if isinstance(value, str) and not re.fullmatch(r"\d{6}", value.strip()):
            raise ValueError(f"份号应是6位阿拉伯数字，如“000123”，不是“{value}”（YAML 里写成带引号的“'000123'”，免得开头的 0 丢失）")
        return value


class Colophon(Model):
    """版记 (7.4): 抄送机关, 印发机关 and 印发日期, on the last (even) page."""

    cc: Names = Field([], alias="抄送", description="抄送机关：一个名称或列表（末尾的句号自动加）")
    printer: Text = Field(alias="印发机关", description="印发机关，一般是发文机关的办公室，如“城口县民政局办公室”")
    printed: ReportDate = Field(alias="印发日期", description="印发日期，如 2025-01-06（写成“2025年1月6日印发”）")


class Issued(Model):
    """The keys a section type gains when it may be issued as a 公文 on its own."""

    masthead: Masthead | None = Field(None, alias="版头", description="版头：发文机关标志、发文字号、签发人（单独行文时）")
    colophon: Colophon | None = Field(None, alias="版记", description="版记：抄送、印发机关和印发日期（在最后一页，双面印刷时为偶数页）")
    seal: bool = Field(False, alias="盖章", description="加盖印章：成文日期右空四字，署名居中于日期之上（GB/T 9704 7.3.5.1）")
