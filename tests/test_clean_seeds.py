"""Tests for the seed cleaner tools/clean_seeds.py: the script, and the committed clean seeds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from seedtool import KNOWN_DAMAGE, PATH, clean_seeds

from drafting.textclean import is_furniture, looks_traditional

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "seeds" / "raw"
CLEAN_DIR = ROOT / "seeds" / "clean"
SHARED_SEEDS = Path("/work/shared/seeds")

RAW_FILES = sorted(RAW_DIR.glob("*.txt"))
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
GLOSS_ANYWHERE = re.compile(f"[(（][a-zü{TONED}]*[{TONED}][a-zü{TONED}]*[)）]")


def seed(prefix: str) -> str:
    """Committed clean text of the seed whose file name starts with prefix."""
    (path,) = CLEAN_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_cli_writes_every_raw_file(tmp_path: Path) -> None:
    src, dst = tmp_path / "raw", tmp_path / "clean"
    src.mkdir()
    (src / "a.txt").write_text("萬(wàn)事,民生為(wèi)大\n", encoding="utf-8")
    (src / "b.txt").write_text("第一行\n\n分享到:\n", encoding="utf-8")
    assert clean_seeds.main([str(src), str(dst)]) == 0
    assert sorted(p.name for p in dst.iterdir()) == ["a.txt", "b.txt"]  # no temp files left
    assert (dst / "a.txt").read_text(encoding="utf-8") == "万事，民生为大\n"
    assert (dst / "b.txt").read_text(encoding="utf-8") == "第一行\n"


def test_script_runs_from_a_source_tree(tmp_path: Path) -> None:
    """``python tools/clean_seeds.py SRC DST`` works without drafting installed or on PYTHONPATH."""
    src, dst = tmp_path / "raw", tmp_path / "clean"
    src.mkdir()
    (src / "a.txt").write_text("本報(bào)訊(xùn)\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, str(PATH), str(src), str(dst)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert (dst / "a.txt").read_text(encoding="utf-8") == "本报讯\n"


def test_script_without_raw_files_fails(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        clean_seeds.main([str(tmp_path), str(tmp_path / "out")])
    assert info.value.code == 2


def test_regenerating_the_seeds_gives_the_committed_files(tmp_path: Path) -> None:
    assert clean_seeds.main([str(RAW_DIR), str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in CLEAN_DIR.glob("*.txt"))
    for made in sorted(tmp_path.iterdir()):
        assert made.read_bytes() == (CLEAN_DIR / made.name).read_bytes(), (
            f"regenerate: python tools/clean_seeds.py seeds/raw seeds/clean ({made.name})")


# --------------------------------------------------------------- real seeds


def test_five_raw_seeds_are_present() -> None:
    assert len(RAW_FILES) == 5


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="shared seeds not mounted")
def test_raw_seeds_are_byte_exact_copies() -> None:
    shared = sorted(SHARED_SEEDS.glob("*.txt"))
    assert [p.name for p in shared] == [p.name for p in RAW_FILES]
    for original, copy in zip(shared, RAW_FILES, strict=True):
        assert original.read_bytes() == copy.read_bytes(), copy.name


@pytest.mark.parametrize("raw", RAW_FILES, ids=lambda p: p.name[:3])
def test_clean_seed_shape(raw: Path) -> None:
    text = (CLEAN_DIR / raw.name).read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    for line in text[:-1].split("\n"):
        assert line and line == line.strip()
        assert "  " not in line and "\xa0" not in line
        assert not is_furniture(line)
    assert clean_seeds.clean_seed(text) == text  # cleaning is idempotent


@pytest.mark.parametrize("raw", RAW_FILES, ids=lambda p: p.name[:3])
def test_no_pinyin_gloss_remains(raw: Path) -> None:
    text = (CLEAN_DIR / raw.name).read_text(encoding="utf-8")
    assert not GLOSS_ANYWHERE.search(text)
    assert "(bào)" not in text and "(wàn)" not in text


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_traditional_seeds_are_simplified(prefix: str) -> None:
    text = seed(prefix)
    for traditional in "萬為來鎮報訊記會動業長縣":
        assert traditional not in text
    assert "万" in text and "为" in text
    assert not looks_traditional(text)


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_simplified_seeds_keep_their_characters(prefix: str) -> None:
    (raw,) = RAW_DIR.glob(f"{prefix}_*.txt")
    raw_text = raw.read_text(encoding="utf-8")
    assert not looks_traditional(raw_text)
    # Only furniture is dropped: the clean Han characters are a subsequence of the raw ones.
    raw_han = iter(re.findall(r"[\u4e00-\u9fff]", raw_text))
    assert all(ch in raw_han for ch in re.findall(r"[\u4e00-\u9fff]", seed(prefix)))


@pytest.mark.parametrize(
    "furniture",
    [
        "分享到",
        "过往期刊",
        "第2025-01-03期",
        "•",
        "试读结束",
        "查阅全文加微信",
        "如来写作网",
        "本文内容由互联网用户自发贡献",
        "如若转载",
        "dawenbi",
    ],
)
def test_no_furniture_remains(furniture: str) -> None:
    for raw in RAW_FILES:
        assert furniture not in (CLEAN_DIR / raw.name).read_text(encoding="utf-8")


def test_seed_001_opening() -> None:
    assert seed("001").startswith("本报讯（记者孙媛媛、通讯员谷晓丹、徐燕华）12月24日，")


def test_seed_004_closing() -> None:
    assert seed("004").splitlines()[-1].endswith("（黎城县洪井镇人民政府）")


def test_seed_003_title_once_then_addressee() -> None:
    lines = seed("003").splitlines()
    assert lines[0] == "民政局2024年政府工作报告保障民生专节报告"
    assert lines[1] == "县人民政府办公室："
    assert lines.count(lines[0]) == 1


def test_seed_000_header_lines() -> None:
    lines = seed("000").splitlines()
    assert lines[0] == "擦亮民生福祉底色 绘就红城幸福画卷"
    assert "版次：03 作者：2025年01月06日" in lines
    assert "线上直播观看1.5万人" in seed("000")
    assert "新增就业0.35万人" in seed("000")


def test_seed_002_reporter_lines_kept() -> None:
    lines = seed("002").splitlines()
    assert lines[-2:] == ["刘云峰 李林霞 王秀娟 秦洋 李家鸣", "郑璐 马占富 李婷婷 范珉菲"]


def test_seed_003_numbers_and_ranges_kept() -> None:
    text = seed("003")
    for kept in ["每年100-6000元", "每餐5-6元", "\n1.聚焦老有所养", "（含15件民生实事）", "（一）工作亮点", "99.3%"]:
        assert kept in text


def test_no_half_width_punctuation_next_to_han() -> None:
    han = "\u4e00-\u9fff"
    pattern = re.compile(f"[{han}][,:;!]|[,:;!][{han}]|[{han}]\\([{han}]")
    for raw in RAW_FILES:
        text = (CLEAN_DIR / raw.name).read_text(encoding="utf-8")
        for damage in KNOWN_DAMAGE:
            text = text.replace(damage.text, "")
        assert not pattern.search(text), raw.name


@pytest.mark.parametrize("damage", KNOWN_DAMAGE, ids=lambda d: d.seed)
def test_known_damage_is_listed_and_present(damage: clean_seeds.KnownDamage) -> None:
    assert damage.reason and "\n" not in damage.reason
    assert damage.text in seed(damage.seed)
