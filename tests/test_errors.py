"""Issue 6: every mistake a writer makes comes back in Chinese, at file:line:col, without a traceback.

The table below runs the real command line (in-process, for speed) on broken inputs and
environments.  For each case it checks the exit code, the location, a Chinese message, that no
traceback or internal error was shown, and that the input file is byte-for-byte unchanged.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest

from conftest import EXAMPLES, assert_clean_failure, run_draft, run_inproc, run_process
from drafting.errors import display_width

BASE = (
    "类型: 专节报告\n"          # 1
    "标题: 县民政局2024年专节报告\n"  # 2
    "单位: 县民政局\n"          # 3
    "年度: 2024\n"             # 4
    "开头: 现将我局工作情况报告如下。\n"  # 5
    "存在问题: 资金保障不足。\n"   # 6
    "日期: 2025-01-06\n"       # 7
)


def edit(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


@dataclass
class Case:
    name: str
    content: bytes | str
    loc: str  # expected "line:col" after the file name ("" = file name only)
    message: str  # a Chinese fragment of the message
    code: int = 1
    command: str = "render"
    extra: tuple = ()


CASES = [
    # --- the YAML traps --------------------------------------------------------------
    Case("full-width colon", edit("单位: ", "单位："), "3:3", "中文冒号"),
    Case("tab indentation", edit("开头: 现将我局工作情况报告如下。", "开头:\n\t- 现将我局工作情况报告如下。"), "6:1", "制表符"),
    Case("U+3000 indentation", edit("开头: 现将我局工作情况报告如下。", "开头:\n\u3000\u3000- 现将我局工作情况报告如下。"),
         "6:1", "全角空格"),
    Case("U+3000 before a key", edit("存在问题: 资金保障不足。", "存在问题:\n\u3000\u3000正文: 资金保障不足。"), "7:1",
         "全角空格"),
    Case("%YAML 1.1 directive", "%YAML 1.1\n---\n" + BASE, "1:1", "不支持 %YAML 1.1"),
    Case("duplicate key", BASE + "单位: 县民政局办公室\n", "8:1", "键“单位”重复了（第 3 行已经有）"),
    Case("anchor and alias", edit("单位: 县民政局", "单位: &u 县民政局\n落款: *u"), "3:5", "不支持锚点"),
    Case("merge key", edit("存在问题: 资金保障不足。", "存在问题:\n  <<: {标题: 甲}"), "7:3", "不支持合并键"),
    Case("undefined alias", edit("单位: 县民政局", "单位: *nowhere"), "3:5", "别名"),
    Case("GBK undecodable bytes", BASE.encode("utf-8") + "落款: 县民政局\n".encode("utf-8")[:4] + b"\xff\xfe\x80\n",
         "8", "无法识别文件编码"),
    Case("XML-illegal control character", edit("单位: 县民政局", "单位: 县民\x01政局"), "3:7", "控制字符 U+0001"),
    Case("control character as an escape", edit("单位: 县民政局", '单位: "县民\\x1F政局"'), "3:5", "控制字符 U+001F"),
    Case("not a mapping", "- 县民政局\n- 2024\n", "1:1", "顶层应是“键: 值”形式的映射"),
    Case("a scalar, full-width colon", "类型：专节报告\n", "1:1", "中文冒号"),
    Case("empty file", "", "1:1", "文件是空的"),
    Case("only comments", "# 2025 年的报告\n\n# 还没写\n", "1:1", "文件是空的"),
    Case("unclosed quote", edit("单位: 县民政局", '单位: "县民政局'), "3:5", "引号"),
    Case("misaligned indentation", edit("存在问题: 资金保障不足。", "存在问题:\n  标题: 甲\n   正文: 乙"), "8:4", "缩进不对齐"),
    # --- validation (translated pydantic errors) ---------------------------------------
    Case("missing required key", BASE.replace("单位: 县民政局\n", ""), "1:1", "缺少必填项“单位”"),
    Case("half-year in 年度", edit("年度: 2024", "年度: 2025年上半年"), "4:5", "“上半年”写在“期间”里：期间: 上半年"),
    Case("unknown approximation", edit("日期: 2025-01-06", "日期: 2025-01-06\n数据:\n  场次: {值: 20, 单位: 场, 约数: 大概}"),
         "9:26", "不认识的约数“大概”"),
    Case("unknown key, close match", edit("单位:", "单住:"), "3:1", "不认识的项“单住”，是不是“单位”"),
    Case("unknown type", edit("专节报告", "专节汇报"), "1:5", "不认识的类型“专节汇报”"),
    Case("no type", BASE.replace("类型: 专节报告\n", ""), "1:1", "缺少“类型:”"),
    Case("year not an integer", edit("年度: 2024", "年度: 2024.5"), "4:5", "应是整数"),
    Case("year out of range", edit("年度: 2024", "年度: 1800"), "4:5", "不能小于 1949"),
    Case("nothing after the key", edit("单位: 县民政局", "单位:"), "3:1", "这里没有填写内容"),
    Case("list where text belongs", edit("单位: 县民政局", "单位:\n  - 县民政局"), "3:1", "应是文字"),
    Case("mapping where a list belongs", edit("标题: 县民政局2024年专节报告", "标题:\n  主: 县民政局"), "2:1", "应是文字"),
    Case("impossible date", edit("2025-01-06", "2025-02-30"), "7:5", "日期不存在"),
    Case("date in words", edit("2025-01-06", "明年一月"), "7:5", "日期格式不对"),
    Case("part without a title", BASE + "部分:\n  - 正文: 甲。\n", "1:1", "“部分”的第1项缺少“标题”"),
    Case("bad lint code", BASE + "忽略检查: [X1]\n", "8:8", "“X1”不是检查代码"),
    Case("check: broken YAML too", edit("单位: ", "单位："), "3:3", "中文冒号", command="check"),
    # --- lint rules (draft check; warnings, and errors with --strict) ------------------
    Case("W101 ASCII comma", edit("如下。", "如下,请审阅。"), "5:17", "[W101] 中文里用了英文标点“,”", 0, "check"),
    Case("W101 ASCII brackets", edit("资金保障不足。", "资金(专项)保障不足。"), "6:9", "“(”，应改为“（”", 0, "check"),
    Case("W102 unbalanced quotes", edit("资金保障不足。", "“资金保障不足。"), "6:7", "[W102] ““”没有配对", 0, "check"),
    Case("W102 unbalanced book title", edit("资金保障不足。", "资金保障不足》。"), "6:13", "“》”前面没有", 0, "check"),
    Case("W103 padded date", edit("资金保障不足。", "2024年03月06日资金到位。"), "6:7", "[W103] 日期不要补零", 0, "check"),
    Case("W104 hand-typed 1.", BASE + "部分:\n  - 标题: 1.聚焦老有所养\n    正文: 甲。\n", "9:9", "[W104] 序号由模板自动生成",
         0, "check"),
    Case("W104 hand-typed 一是", BASE + "部分:\n  - 标题: 工作\n    要点:\n      - 一是助餐。\n", "11:9", "“一是”", 0, "check"),
    Case("W105 empty part", BASE + "大事记:\n", "8:1", "[W105] “大事记”是空的", 0, "check"),
    Case("W106 title over two lines", edit("县民政局2024年专节报告", "县民政局" * 12 + "专节报告"), "2:5", "[W106] 标题排版后有",
         0, "check"),
    Case("W301 zero-width space", edit("资金保障不足。", "资金\u200b保障不足。"), "6:9", "[W301] 这里有看不见的字符 U+200B", 0,
         "check"),
    Case("W201 figure never used", BASE + "数据:\n  特困人数: 1862人\n", "9:3",
         "[W201] 数据“特困人数”没有在正文中引用", 0, "check"),
    Case("W107 number without a unit", edit("资金保障不足。", "全年节省费用54977.36。"), "6:13",
         "[W107] 数字“54977.36”后面没有单位", 0, "check"),
    Case("W108 placeholder", edit("单位: 县民政局", "单位: （请填写）"), "3:6", "错误：[W108] 这里还是占位内容", 1, "check"),
    Case("W108 placeholder refused by render", edit("单位: 县民政局", "单位: （请填写）"), "3:6", "[W108] 这里还是占位内容"),
    Case("W104 typed at a paragraph start", edit("资金保障不足。", "（一）资金保障不足。"), "6:7",
         "[W104] 序号由模板自动生成（用“条目”“要点”写出结构），请删掉手打的“（一）”", 0, "check"),
    Case("W401 title with no place between words", edit("县民政局2024年专节报告",
         "中华人民共和国人力资源和社会保障部社会保险事业管理中心关于2024年工作的报告"), "2:5",
         "[W401] 标题找不到在词语之间断行的地方", 0, "check"),
    Case("W402 attachment not attached", BASE + "附件: [2025年重点项目清单]\n", "8:6",
         "[W402] 附件“2025年重点项目清单”不在本文中", 0, "check"),
    Case("W403 neither signature nor date (a note)", BASE.replace("日期: 2025-01-06\n", ""), "1:1",
         "提示：[W403] 没有落款和成文日期", 0, "check", ("--strict",)),
    Case("W404 版头 without a date", BASE.replace("日期: 2025-01-06\n", "") + "版头:\n  发文机关: 县民政局文件\n"
         "  发文字号: 县民发〔2025〕3号\n  签发人: 张明\n", "7:1", "[W404] 有版头的公文要写成文日期", 0, "check"),
    Case("W405 points without a closing mark", BASE + "部分:\n  - 标题: 成效。\n    要点: [提高低保标准, 完善救助机制。]\n",
         "10:15", "[W405] 要点“……提高低保标准”末尾没有标点，排出来与“二是……”连成一句", 0, "check"),
    Case("W501 quotation without its marks", "类型: 综述\n标题: 标题\n导语:\n  - 引语: 饭菜可口\n    说话人: {姓名: 张三}\n",
         "4:9", "[W501] 引语的原话要连同引号照写", 0, "check"),
    Case("W502 lead-in without punctuation", "类型: 综述\n标题: 标题\n导语:\n  - 前文: 周蕾介绍\n    引语: “好。”\n",
         "4:12", "[W502] 引出语“周蕾介绍”后面", 0, "check"),
    Case("--strict makes warnings errors", edit("如下。", "如下,请审阅。"), "5:17", "错误：[W101]", 1, "check",
         ("--strict",)),
    # --- usage and environment -----------------------------------------------------------
    Case("value outside a fixed choice", "类型: 综述\n标题: 标题\n日期: 2025-01-06\n署名: 张三\n署名位置: 中间\n"
         "导语: 导语。\n部分:\n  - 小标题: 一\n    内容: [正文。]\n", "5:7", "应是以下之一：文首、导语后、文末"),
    Case("unknown output format", BASE, "", "不支持的格式", 2, "render", ("-f", "rtf")),
    Case("output folder cannot be made", BASE, "", "无法创建输出文件夹", 2, "render", ("-o", "{input}/子/报告.docx")),
    Case("output is the input", BASE, "", "输出文件不能是输入文件本身", 2, "render", ("-o", "{input}")),
]


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def location_line(output: str, file: str) -> str:
    line = next((ln for ln in output.splitlines() if ln.startswith(file)), None)
    assert line is not None, output
    return line


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_input(case: Case, tmp_path):
    src = tmp_path / "2025 报告.yaml"  # a Chinese name with a space, as writers name files
    data = case.content.encode("utf-8") if isinstance(case.content, str) else case.content
    src.write_bytes(data)
    extra = tuple(a.replace("{input}", str(src)) for a in case.extra)
    code, out, err = run_inproc(case.command, src, *extra, cwd=tmp_path)
    text = out + err
    assert code == case.code, text
    assert "Traceback" not in text and "内部错误" not in text
    assert case.message in text, text
    assert re.search(r"[\u4e00-\u9fff]", text)
    if case.loc:
        head = location_line(text, f"{src}:{case.loc}:" if ":" in case.loc else f"{src}:{case.loc}")
        assert case.message in head or case.message in text
    assert src.read_bytes() == data  # the input is never touched
    if case.code:
        assert not list(tmp_path.glob("*.docx")), "no output when the input is wrong"


def test_table_is_large_enough():
    assert len(CASES) >= 25
    from drafting.lint import RULES
    from test_hostile import CASES as HOSTILE  # W302 needs a picture beside the file: tested there

    covered = {m for c in CASES for m in re.findall(r"W\d\d\d", c.message + c.name)}
    covered |= {m for c in HOSTILE for m in re.findall(r"W\d\d\d", c.says)}
    assert {r.code for r in RULES} <= covered


def test_compiler_style_format_and_caret(tmp_path):
    """`file:line:col: 错误：…  [path]`, the source line, and a caret under the spot (full-width = 2)."""
    src = tmp_path / "2025.yaml"
    src.write_text(BASE + "工作回顾:\n  工作成效:\n    - 标题: 甲\n    - 标题: 乙\n      单独成行: 是的\n", encoding="utf-8")
    code, out, err = run_inproc("render", src)
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == f"{src}:12:13: 错误：应是 true 或 false  [工作回顾 › 工作成效 › 第2项 › 单独成行]"
    assert lines[1] == "          单独成行: 是的"
    source = "      单独成行: 是的"
    assert lines[2] == "    " + " " * display_width(source[:12]) + "^"
    assert lines[2].index("^") == 4 + 6 + 8 + 2  # spaces, four full-width characters, ": "


def test_all_errors_of_a_file_at_once(tmp_path):
    src = tmp_path / "2025.yaml"
    src.write_text(BASE.replace("年度: 2024", "年度: 二〇二四").replace("单位:", "单住:").replace("2025-01-06", "明天"),
                   encoding="utf-8")
    code, _, err = run_inproc("render", src)
    assert code == 1
    located = re.findall(rf"^{re.escape(str(src))}:(\d+):(\d+): 错误", err, re.M)
    assert [int(line) for line, _ in located] == [1, 3, 4, 7]  # missing 单位 (at the mapping), typo, year, date


def test_every_pydantic_message_is_chinese():
    from drafting.model import _MESSAGES

    for kind, text in _MESSAGES.items():
        assert re.search(r"[\u4e00-\u9fff]", text), kind


def test_numbers_yaml_would_change_stay_as_typed(tmp_path):
    """`2024.10` given to a text field stays "2024.10" (YAML 1.1/1.2 would make it 2024.1)."""
    src = tmp_path / "2025.yaml"
    src.write_text(BASE + "落款: 2024.10\n主送: 010\n", encoding="utf-8")
    code, out, err = run_inproc("render", src, "-f", "txt", "-o", "-")
    assert code == 0, err
    assert "\n2024.10\n" in out and "010：" in out


@pytest.mark.parametrize("encoding,bom,warning", [("gb18030", b"", True), ("gbk", b"", True),
                                                  ("utf-8", b"\xef\xbb\xbf", False)])
def test_gbk_and_bom_files_are_read(tmp_path, encoding, bom, warning):
    src = tmp_path / "2025.yaml"
    data = bom + (BASE + "落款: 县民政局（盖章）\n").encode(encoding)
    src.write_bytes(data)
    code, out, err = run_inproc("render", src, "-f", "txt", "-o", "-")
    assert code == 0, err
    assert "县民政局（盖章）" in out and "县民政局2024年专节报告" in out
    assert ("GB18030/GBK" in err) == warning
    assert src.read_bytes() == data


def test_a_fresh_loader_per_file(tmp_path):
    """A refused %YAML 1.1 in one file does not change how the next file is read."""
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("%YAML 1.1\n---\n" + BASE, encoding="utf-8")
    b.write_text("%YAML 1.2\n---\n" + BASE.replace("年度: 2024", "年度: 0x7E8") + "落款: 2024.10\n", encoding="utf-8")
    code, out, err = run_inproc("render", a, b, "-f", "txt")
    assert code == 1
    assert f"{a}:1:1: 错误：不支持 %YAML 1.1" in err
    assert f"{b}:6:5: 错误：应是整数" in err  # 0x7E8 is text, never a hex number
    b.write_text(BASE + "落款: 2024.10\n", encoding="utf-8")
    code, out, err = run_inproc("render", a, b, "-f", "txt")
    assert code == 1 and (tmp_path / "b.txt").read_text(encoding="utf-8").count("2024.10") == 1


# --- the environment -------------------------------------------------------------------
def _chattr(flag: str, path) -> bool:
    if not shutil.which("chattr"):
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@pytest.fixture
def immutable():
    """Make a file or folder unwritable even for root (chattr +i); undone afterwards."""
    made = []

    def make(path):
        if not _chattr("+i", path):
            pytest.skip("chattr +i is not available here; test_output_locked_simulated covers the message")
        made.append(path)

    yield make
    for p in made:
        _chattr("-i", p)


def test_output_open_in_word(tmp_path, immutable):
    """Word locks an open DOCX: the write fails; the message says to close it, nothing is lost."""
    src = tmp_path / "2025.yaml"
    src.write_text(BASE, encoding="utf-8")
    assert run_inproc("render", src)[0] == 0
    docx = tmp_path / "2025.docx"
    before = sha(docx)
    immutable(docx)
    proc = run_draft("render", src)
    assert_clean_failure(proc, 2)
    assert f"{docx}: 错误：无法写入：文件可能正在 Word 或 WPS 中打开，请关闭后重试" in proc.stderr
    assert "权限" in proc.stderr
    assert sha(docx) == before
    assert not list(tmp_path.glob(".draft-*")), "the temporary file is cleaned up"


def test_output_locked_simulated(tmp_path, monkeypatch):
    """The same, simulated the way Windows fails (PermissionError on replace), on any machine."""
    src = tmp_path / "2025.yaml"
    src.write_text(BASE, encoding="utf-8")

    def locked(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    code, _, err = run_inproc("render", src)
    assert code == 2 and "请关闭后重试" in err and "Traceback" not in err
    assert not (tmp_path / "2025.docx").exists() and not list(tmp_path.glob(".draft-*"))


def test_unwritable_output_folder(tmp_path, immutable):
    src = tmp_path / "2025.yaml"
    src.write_text(BASE, encoding="utf-8")
    folder = tmp_path / "只读 文件夹"
    folder.mkdir()
    immutable(folder)
    proc = run_draft("render", src, "-o", folder / "报告.docx")
    assert_clean_failure(proc, 2)
    assert f"{folder}: 错误：无法在这个文件夹里写文件（没有权限）：请检查文件夹权限" in proc.stderr


def test_chinese_paths_with_spaces(tmp_path):
    folder = tmp_path / "民政局 2025年 材料"
    folder.mkdir()
    src = folder / "专节 报告（初稿）.yaml"
    shutil.copy(EXAMPLES / "zhuanjie-weijian-2024.yaml", src)
    proc = run_draft("render", src, "-o", folder / "输出 文稿.docx")
    assert proc.returncode == 0, proc.stderr
    assert (folder / "输出 文稿.docx").stat().st_size > 5000
    proc = run_draft("check", src)
    assert proc.returncode == 0 and "检查了 1 个文件" in proc.stdout


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
def test_console_that_cannot_print_utf8(tmp_path, encoding):
    """A GBK (Windows) or ASCII console: readable messages, never an encoding traceback."""
    src = tmp_path / "2025.yaml"
    src.write_text(BASE + "工作回顾:\n  工作成效:\n    - 标题: 甲\n      单独成行: 是的\n", encoding="utf-8")
    for args in (["render", src], ["check", src], ["--help"], ["new", "专节报告", "-o", tmp_path / "new.yaml"]):
        proc = run_process(*args, env={"PYTHONIOENCODING": encoding}, text=False)
        raw = proc.stdout + proc.stderr
        assert b"Traceback" not in raw and b"UnicodeEncodeError" not in raw
        text = raw.decode("gbk" if encoding == "gbk" else "utf-8")  # ASCII consoles get UTF-8, not "?"
        assert re.search(r"[\u4e00-\u9fff]", text), text
        if args[0] == "render":
            assert proc.returncode == 1
            assert "错误：应是 true 或 false  [工作回顾 > 工作成效 > 第1项 > 单独成行]" in text or \
                   "错误：应是 true 或 false  [工作回顾 › 工作成效 › 第1项 › 单独成行]" in text


def test_missing_input_and_folder_input(tmp_path):
    code, _, err = run_inproc("render", tmp_path / "没有 这个.yaml")
    assert code == 2 and "找不到文件" in err
    code, out, err = run_inproc("check", tmp_path)
    assert code == 2 and "这是一个文件夹" in out + err


@pytest.mark.parametrize("args, message", [
    (("render", "--bogus", "x.yaml"), "错误：没有这个选项：--bogus"),
    (("render", "--forc", "x.yaml"), "错误：没有这个选项：--forc，是不是 --force"),
    (("render",), "错误：缺少参数：文件…"),
    (("nosuch",), "错误：没有这个命令：nosuch"),
    (("rendr", "x.yaml"), "错误：没有这个命令：rendr，是不是 render？"),
    (("new", "专节报告", "2025.yaml"), "错误：多出了参数：2025.yaml"),
    (("diff", "a.yaml", "b.yaml", "c.yaml"), "错误：多出了参数：c.yaml"),
    (("render", "--force=yes", "x.yaml"), "错误：选项 --force 后面不用写值"),
])
def test_command_line_mistakes_in_chinese(args, message):
    code, out, err = run_inproc(*args)
    assert code == 2 and out == ""
    assert err.startswith("用法：draft") and message in err
    assert "运行“draft" in err and "-h”查看帮助。" in err
    assert "Usage" not in err and "Error" not in err and "Traceback" not in err
    assert not re.search(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}", err), err  # no English sentence left


def test_bare_draft_shows_the_chinese_help():
    code, out, err = run_inproc()
    assert code == 2 and err.startswith("用法：draft [选项] 命令 [参数]…") and "命令：" in err


ENGLISH = ("Usage:", "Options", "Arguments", "Commands", "Show this message", "[required]", "[default:",
           "<path>", "<list", "[OPTIONS]", "COMMAND")


def test_help_is_chinese_throughout():
    for command in ("", "render", "check", "new", "schema", "diff", "types", "bundle", "import", "pull", "watch"):
        code, out, _ = run_inproc(*([command] if command else []), "-h")
        assert code == 0
        assert not re.search(r"^\s*[，、。；：？！）》”]", out, re.M), out  # no line starts with closing punctuation
        assert out.startswith(f"用法：draft {command}".rstrip()) and "显示本帮助并退出。" in out and "选项：" in out, command
        assert "示例" in out, command
        if command not in ("", "types"):
            assert "参数：" in out, command
        assert not [w for w in ENGLISH if w in out], (command, out)


def test_other_typer_apps_keep_their_own_words():
    """Nothing is patched: after draft has run, a plain typer app still says 'Usage:' and 'Options'."""
    import typer
    from typer.testing import CliRunner

    run_inproc("render", "-h")
    plain = typer.Typer()

    @plain.command()
    def hello(name: str) -> None:
        print(name)

    out = CliRunner().invoke(plain, ["--help"]).output
    assert "Usage:" in out and "Options" in out and "用法" not in out
