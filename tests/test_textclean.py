"""Tests for drafting.textclean: each cleaning step, and OpenCC as an optional extra."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, strategies as st

from drafting import textclean
from drafting.errors import EXIT_ENV, EnvError
from drafting.textclean import (
    clean_text,
    collapse_spaces,
    is_furniture,
    is_pinyin_syllable,
    looks_traditional,
    remove_furniture,
    repair_scraper_debris,
    strip_pinyin_glosses,
    to_fullwidth_punctuation,
    to_simplified,
)

# ---------------------------------------------------------------- a. glosses


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("本報(bào)訊(xùn)", "本報訊"),
        ("萬(wàn)事", "萬事"),
        ("老(lǎo)人", "老人"),
        ("女(nǚ)士", "女士"),
        ("壯(zhuàng)大", "壯大"),
        ("報（bào）訊", "報訊"),  # full-width parentheses
        ("報(bào）訊", "報訊"),  # mixed widths
        ("鎮(zhèn)人民政府", "鎮人民政府"),
        ("(黎城縣洪井鎮(zhèn)人民政府)", "(黎城縣洪井鎮人民政府)"),
        ("村(社區(qū))組織", "村(社區)組織"),
        ("略(lüè)", "略"),
    ],
)
def test_strip_pinyin_glosses_removes_glosses(raw: str, expected: str) -> None:
    assert strip_pinyin_glosses(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "(记者孙媛媛、通讯员谷晓丹)",
        "保障和改善民生(含15件民生实事)工作",
        "(一)工作亮点",
        "实施方案（试行）",
        "6元(一荤两素一汤)",
        "人工智能(ai)应用",  # no tone mark: not a gloss
        "咖啡馆(café)开业",  # tone-like mark but not a pinyin syllable
        "(bào) at the start",  # not after a Han character
        "Beijing(Běijīng)",  # after a Latin letter
        "国内生产总值(GDP)",
        "变?yōu)楸M量",  # damaged gloss without "(": left alone
    ],
)
def test_strip_pinyin_glosses_keeps_real_parentheses(text: str) -> None:
    assert strip_pinyin_glosses(text) == text


@pytest.mark.parametrize("word", ["bào", "lǎo", "nǚ", "zhuàng", "xùn", "jiān", "yōu", "lüè", "ér"])
def test_is_pinyin_syllable_accepts_toned_syllables(word: str) -> None:
    assert is_pinyin_syllable(word)


@pytest.mark.parametrize("word", ["bao", "ai", "café", "résumé", "Bào", "xyz", "bàox"])
def test_is_pinyin_syllable_rejects_other_words(word: str) -> None:
    assert not is_pinyin_syllable(word)


@given(st.text(alphabet=st.characters(blacklist_characters="(（")))
def test_strip_pinyin_glosses_needs_an_opening_parenthesis(text: str) -> None:
    assert strip_pinyin_glosses(text) == text


# ------------------------------------------------------------ b. simplified


def test_to_simplified_converts_traditional_text() -> None:
    assert to_simplified("悠悠萬事，民生為大。近年來，黎城縣洪井鎮") == (
        "悠悠万事，民生为大。近年来，黎城县洪井镇"
    )


@pytest.mark.parametrize(
    "text",
    [
        "悠悠万事，民生为大。回眸2024年，万源市以改善人民生活为出发点。",
        "擦亮民生福祉底色 绘就红城幸福画卷",
        # One character that t2s would change is below the traditional threshold.
        "于是万源市以改善人民生活、增进民生福祉为出发点和落脚点，推动社会民生领域春潮涌动於此。",
        "no Chinese at all, 1.5",
        "",
    ],
)
def test_to_simplified_leaves_simplified_text_unchanged(text: str) -> None:
    assert not looks_traditional(text)
    assert to_simplified(text) == text


def test_converter_is_created_once() -> None:
    assert textclean._t2s() is textclean._t2s()


@pytest.fixture
def without_opencc(monkeypatch):
    """As on a machine without the ``fanti`` extra: ``import opencc`` fails."""
    monkeypatch.setitem(sys.modules, "opencc", None)
    textclean._t2s.cache_clear()
    yield
    textclean._t2s.cache_clear()


def test_without_opencc_traditional_text_names_the_extra(without_opencc) -> None:
    with pytest.raises(EnvError) as info:
        to_simplified("悠悠萬事，民生為大")
    assert info.value.exit_code == EXIT_ENV
    message = str(info.value)
    assert "繁体" in message and "OpenCC" in message
    assert "pip install 'draft-gongwen[fanti]'" in message
    with pytest.raises(EnvError):
        clean_text("本報(bào)訊(xùn)記者\n")


def test_without_opencc_simplified_text_is_cleaned_as_before(without_opencc) -> None:
    raw = "本报讯(记者孙媛媛,、通讯员谷晓丹)12月24日,市政府举办发布会,,并回答记者提问,。\n分享到:\n"
    assert not looks_traditional(raw)
    assert clean_text(raw) == "本报讯（记者孙媛媛、通讯员谷晓丹）12月24日，市政府举办发布会，并回答记者提问。\n"


# ------------------------------------------------------------------ c. debris


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("記者孫媛媛,、通訊員", "記者孫媛媛、通訊員"),
        ("发布会,,市人社局", "发布会，市人社局"),
        ("3.9万余个,,3200余名", "3.9万余个，3200余名"),
        ("并回答记者提问,。", "并回答记者提问。"),
        ("保障覆盖率100%,。", "保障覆盖率100%。"),
        ("全面推行&ldquo;免申即享&rdquo;", "全面推行“免申即享”"),
        ("萜笳?ldquo;免申即享”", "萜笳“免申即享”"),
        ("综述&mdash;&mdash;", "综述——"),
        ("完善&hellip;", "完善…"),
        ("版次&nbsp;03", "版次 03"),
        ("&#8220;数字&#8221;", "“数字”"),
    ],
)
def test_repair_scraper_debris(raw: str, expected: str) -> None:
    assert repair_scraper_debris(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hello, world",
        "1,000,000",
        "是吗?好的",  # a real question mark, not entity debris
        "&unknownentity; stays",
        "“一老”连着“夕阳”，“一小”连着“朝阳”。",
    ],
)
def test_repair_scraper_debris_leaves_other_text(text: str) -> None:
    assert repair_scraper_debris(text) == text


# ------------------------------------------------------------- d. punctuation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("悠悠万事,民生为大", "悠悠万事，民生为大"),
        ("版次:03", "版次：03"),
        ("报告如下:", "报告如下："),
        ("促进重点群体就业;兜牢民生底线", "促进重点群体就业；兜牢民生底线"),
        ("是吗?好", "是吗？好"),
        ("太好了!", "太好了！"),
        ("占比68.48%,入住老人", "占比68.48%，入住老人"),
        ("2024年,万源市", "2024年，万源市"),
        ("一个月,2024年9月", "一个月，2024年9月"),
        ("6元(一荤两素一汤)、8元", "6元（一荤两素一汤）、8元"),
        ("民生(含15件民生实事)工作", "民生（含15件民生实事）工作"),
        ("(一)工作亮点", "（一）工作亮点"),
        ("方案(试行）", "方案（试行）"),
        ("出处:https://www.example.com/1.html", "出处：https://www.example.com/1.html"),
    ],
)
def test_to_fullwidth_punctuation_converts(raw: str, expected: str) -> None:
    assert to_fullwidth_punctuation(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "线上直播观看1.5万人",
        "发布岗位信息3.9万余个",
        "新增就业0.35万人",
        "每年100-6000元不等",
        "0-6岁儿童",
        "1.聚焦老有所养",
        "https://www.dawenbi.com/178052.html?a=1",
        "E米阳光公益课堂",
        "网络大V",
        "10:30",
        "Hello, world! Really? Yes: ok; done",
        "(1)",
        "实施方案（试行）",
        "3000元/学年/生",
    ],
)
def test_to_fullwidth_punctuation_leaves_text(text: str) -> None:
    assert to_fullwidth_punctuation(text) == text


@pytest.mark.parametrize(
    ("text", "protected"),
    [
        ("社?;萜笳“免申即享”", ["社?;萜笳"]),
        ("变?yōu)楸M量", ["?yōu)楸M"]),
        ("甲(乙)丙,丁", ["甲(乙)丙,丁"]),
    ],
)
def test_protected_spans_are_left_as_they_are(text: str, protected: list[str]) -> None:
    assert to_fullwidth_punctuation(text) != text
    assert to_fullwidth_punctuation(text, protected) == text
    assert clean_text(text, protected) == text + "\n"


def test_protected_span_next_to_converted_text() -> None:
    assert to_fullwidth_punctuation("见附件(一),社?;萜笳:好", ["社?;萜笳"]) == "见附件（一），社?;萜笳：好"


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_to_fullwidth_punctuation_never_touches_ascii_only_text(text: str) -> None:
    assert to_fullwidth_punctuation(text) == text


# ---------------------------------------------------------------- e. furniture


@pytest.mark.parametrize(
    "line",
    [
        "分享到:",
        "分享到：",
        "分享到微信朋友圈",
        "过往期刊",
        "• 第2025-01-03期",
        "第2024-12-25期",
        "............试读结束............",
        "查阅全文加微信3231169",
        "如来写作网gw.rulaixiezuo.com(可搜索其他更多资料)",
        "本文内容由互联网用户自发贡献，该文观点仅代表作者本人。",
        "如若转载,请注明出处:https://www.dawenbi.com/178052.html",
        "如若转载，请注明出处：https://www.dawenbi.com/178052.html",
    ],
)
def test_is_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "版次：03 作者：2025年01月06日",
        "第03版：要闻",
        "刘云峰 李林霞 王秀娟 秦洋 李家鸣",
        "郑璐 马占富 李婷婷 范珉菲",
        "略",
        "分享到户的补贴资金已全部发放。",
        "2024年共送戏16106场，完成率161.1%。",
    ],
)
def test_is_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_remove_furniture_drops_an_immediately_repeated_line() -> None:
    lines = ["标题", "标题", "县人民政府办公室：", "正文", "分享到：", "过往期刊", "标题"]
    assert remove_furniture(lines) == ["标题", "县人民政府办公室：", "正文", "标题"]


def test_collapse_spaces() -> None:
    assert collapse_spaces("  版次:03\xa0\xa0  作者:2025 ") == "版次:03 作者:2025"
    assert collapse_spaces("擦亮民生福祉底色 绘就红城幸福画卷") == "擦亮民生福祉底色 绘就红城幸福画卷"
    assert collapse_spaces("\u3000\u3000正文") == "正文"


# ----------------------------------------------------------------- clean_text


def test_clean_text_shape() -> None:
    raw = "标题\r\n\r\n  第一段,内容。  \n\n\n第二段 \n分享到:\n"
    assert clean_text(raw) == "标题\n第一段，内容。\n第二段\n"
    assert clean_text("") == ""
    assert clean_text("\n \n") == ""


def test_clean_text_full_pipeline_on_a_traditional_sample() -> None:
    raw = "本報(bào)訊(xùn)(記者孫媛媛,、通訊員谷曉丹)12月24日,市政府新聞辦公室舉辦發布會,,並回答記者提問,。\n"
    assert clean_text(raw) == "本报讯（记者孙媛媛、通讯员谷晓丹）12月24日，市政府新闻办公室举办发布会，并回答记者提问。\n"


