"""Issue 19: ``draft pull`` — edits made in Word flow back into the YAML; a reader that survives
Word, WPS and LibreOffice (``draft diff`` of a re-save says nothing).

The DOCX are edited as a writer would in Word, through python-docx: a run's text changed in
place, a paragraph removed, a paragraph inserted with the style of the one before it; and,
separately, the edited file saved again by LibreOffice (runs merged, style ids renamed).
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from conftest import EXAMPLES, assert_clean_failure, libreoffice_save_as, require_office, run_draft
from drafting.numbering import GENERATED


@dataclass
class Case:
    """Four edits of one example: a sentence, a figure in the prose, a paragraph deleted, a
    paragraph inserted after an item; and the YAML they must give (as text replacements)."""

    example: str
    sentence: tuple[str, str]  # (old, new) in a run of the DOCX, the same words in the YAML
    figure: tuple[str, str]  # (old, new) text of a figure in the prose
    figure_yaml: tuple[str, str]  # the line of 数据 before and after
    delete: str  # words of the paragraph deleted
    delete_yaml: str  # the YAML lines that go
    after: str  # words of the paragraph the new one follows
    new: str  # the new paragraph's text
    insert_yaml: tuple[str, str]  # (YAML text the new item follows, the new item's line)


CASES = [
    Case("zhuanjie-minzheng-2024",
         ("全年发放各类救助资金超1亿元。", "全年发放各类救助资金超1.2亿元，做到应保尽保。"),
         ("4829户", "4900户"), ("  低保户数: 4829户\n", "  低保户数: 4900户\n"),
         "社会救助主动发现机制仍需完善",
         "  - 社会救助主动发现机制仍需完善，部门间数据共享不够及时，个别困难群众未能第一时间纳入救助。\n",
         "织密兜底保障网。", "加强基层民政服务力量，配齐乡镇社工站专业人员。",
         ("推动救助从“人找政策”向“政策找人”转变。\n", "    - 加强基层民政服务力量，配齐乡镇社工站专业人员。\n")),
    Case("zhuanjie-weijian-2024",
         ("村卫生室实现医保结算全覆盖。", "村卫生室实现医保结算和远程诊疗全覆盖。"),
         ("90.3%", "91.2%"), ("  县域就诊率: {值: 90.3, 单位: '%', 上年: 89.1, 目标: 90}\n",
                              "  县域就诊率: {值: 91.2, 单位: '%', 上年: 89.1, 目标: 90}\n"),
         "县域医共体信息平台上线运行", "  - 9月，县域医共体信息平台上线运行。\n",
         "推进紧密型县域医共体建设。", "强化突发公共卫生事件应急处置能力。",
         ("    正文: 完善医共体内人员、财务、药品统一管理。\n", "  - 强化突发公共卫生事件应急处置能力。\n")),
    Case("zongshu-shiguang-2025",
         ("价目牌上写着：", "门口的价目牌上写着："),
         ("128个", "130个"), ("  长者食堂: 128个\n", "  长者食堂: 130个\n"),
         "以前买菜做饭要一上午",
         "      - 引语: “以前买菜做饭要一上午，现在下楼就能吃上热饭。”\n"
         "        引出: 独居的刘大爷一边说，一边把吃剩的馒头装进袋子，\n"
         "        续: “晚上热一热，又是一顿。”\n",
         "长者食堂之外，兜底保障的网也在织密。", "今年起，低保标准再提高5%。",
         ("去年，云溪市累计发放城乡低保金{低保金}。\n", "      - 今年起，低保标准再提高5%。\n")),
]
IDS = [c.example for c in CASES]


def _run_with(d, old: str, new: str):
    for p in d.paragraphs:
        for r in p.runs:
            if old in r.text:
                r.text = r.text.replace(old, new, 1)
                return p
    raise AssertionError(f"no run holds {old!r}")


def edit_runs(target: Path, *pairs: tuple[str, str]) -> None:
    """Change the text of runs in ``target`` as in Word (each pair: the first run holding it)."""
    d = docx.Document(target)
    for old, new in pairs:
        _run_with(d, old, new)
    d.save(target)


def _para(d, words: str):
    return next(p for p in d.paragraphs if words in p.text)


def edit_in_word(src: Path, dst: Path, case: Case) -> None:
    d = docx.Document(src)
    _run_with(d, *case.sentence)
    _run_with(d, *case.figure)
    gone = _para(d, case.delete)
    gone._p.getparent().remove(gone._p)
    after = _para(d, case.after)
    following = d.paragraphs[[p._p for p in d.paragraphs].index(after._p) + 1]
    following.insert_paragraph_before(case.new, style=after.style)
    d.save(dst)


def expected_yaml(text: str, case: Case) -> str:
    for old, new in (case.sentence, case.figure_yaml, (case.delete_yaml, "")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    anchor, line = case.insert_yaml
    assert text.count(anchor) == 1, anchor
    return text.replace(anchor, anchor + line)


def _comments(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip().startswith("#") or " # " in ln]


def _unnumbered(text: str) -> str:
    """Text without the numbers draft generates at the start of lines, white space dropped."""
    out = []
    for line in text.splitlines():
        m = GENERATED.match(line)
        out.append(line[m.end():] if m else line)
    return re.sub(r"\s+", "", "".join(out))


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs).replace("\u2060", "")  # draft's, by dashes


def _txt(yaml: Path) -> str:
    r = run_draft("render", yaml, "-f", "txt", "-o", "-")
    assert r.returncode == 0, r.stderr
    return "\n".join(ln for ln in r.stdout.splitlines() if "\t" not in ln)  # table rows: computed from 数据


@pytest.fixture
def rendered(tmp_path):
    def make(case: Case) -> tuple[Path, Path]:
        yaml = tmp_path / f"{case.example}.yaml"
        shutil.copy(EXAMPLES / f"{case.example}.yaml", yaml)
        assert run_draft("render", yaml).returncode == 0
        return yaml, yaml.with_suffix(".docx")
    return make


def _check_pulled(yaml: Path, target: Path, case: Case, original: str) -> None:
    r = run_draft("pull", target)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    after = yaml.read_text(encoding="utf-8")
    assert after == expected_yaml(original, case)  # exactly those changes, the figure in 数据
    kept = _comments(original)
    assert all(c in _comments(after) for c in kept)  # every comment line is still there
    assert yaml.with_name(yaml.stem + ".备份.yaml").read_text(encoding="utf-8") == original
    edited_text = _docx_text(target)
    # render without --force: the edited DOCX is kept as a backup first
    r = run_draft("render", yaml)
    assert r.returncode == 0, r.stderr
    assert target.with_name(target.stem + ".备份.docx").exists()
    # the text is the edited DOCX's, apart from generated numbers and the table computed from 数据
    docx_words = _unnumbered("\n".join(ln for ln in edited_text.splitlines()))
    assert _unnumbered(_txt(yaml)) == docx_words


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_pull_edits_made_in_word(case, rendered):
    yaml, target = rendered(case)
    original = yaml.read_text(encoding="utf-8")
    edit_in_word(target, target, case)
    # before the pull, render refuses to replace the edited file
    r = run_draft("render", yaml)
    assert_clean_failure(r, 2)
    assert "被修改过" in r.stderr
    _check_pulled(yaml, target, case, original)


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Per case: LibreOffice's re-save of the example's DOCX as draft renders it, and of the same
    DOCX edited as in Word; all in one LibreOffice run.  Each is rendered beside a copy of its
    YAML, as ``rendered`` does (the DOCX names its YAML relative to its own folder)."""
    require_office()
    work = tmp_path_factory.mktemp("resave")
    files = []
    for case in CASES:
        yaml = work / f"{case.example}.yaml"
        shutil.copy(EXAMPLES / yaml.name, yaml)
        assert run_draft("render", yaml).returncode == 0
        edited = work / f"{case.example}.edited.docx"
        edit_in_word(yaml.with_suffix(".docx"), edited, case)
        files += [yaml.with_suffix(".docx"), edited]
    again = libreoffice_save_as(files, "docx", work / "again")
    return {case.example: (again[2 * i], again[2 * i + 1]) for i, case in enumerate(CASES)}


@pytest.mark.office
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_pull_edits_saved_again_by_libreoffice(case, rendered, resaved):
    yaml, target = rendered(case)
    original = yaml.read_text(encoding="utf-8")
    target.write_bytes(resaved[case.example][1].read_bytes())  # edited in Word, then saved by LibreOffice
    _check_pulled(yaml, target, case, original)


@pytest.mark.office
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_diff_of_a_libreoffice_resave_says_nothing(case, rendered, resaved):
    yaml, _ = rendered(case)
    again = yaml.with_name("again.docx")
    again.write_bytes(resaved[case.example][0].read_bytes())
    r = run_draft("diff", yaml, again)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


def test_diff_of_an_edited_docx_shows_the_edits_only(rendered):
    """No false numbering changes, no "figures removed": the edits, and one note."""
    case = CASES[0]
    yaml, target = rendered(case)
    edit_in_word(target, target, case)
    r = run_draft("diff", yaml, target)
    assert r.returncode == 1
    out = r.stdout
    assert "[-4829-]{+4900+}户" in out and "{+，做到应保尽保+}" in out
    assert "删除  三、存在问题 › （二）" in out and "新增" in out
    assert "{+1.+}" not in out and "{+一是+}" not in out and "→ （无）" not in out
    assert out.count("DOCX 中没有数据记录") == 1
    assert len([ln for ln in out.splitlines() if not ln.startswith(" ")]) == 4, out


def test_dry_run_prints_the_yaml_diff_and_changes_nothing(rendered):
    case = CASES[0]
    yaml, target = rendered(case)
    original = yaml.read_text(encoding="utf-8")
    edit_in_word(target, target, case)
    r = run_draft("pull", target, "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "-  低保户数: 4829户\n+  低保户数: 4900户\n" in r.stdout
    changed = [ln for ln in r.stdout.splitlines()[2:] if ln[:1] in "+-"]
    assert len(changed) == 6  # 2 lines changed (old and new), 1 deleted, 1 added
    assert yaml.read_text(encoding="utf-8") == original
    assert not yaml.with_name(yaml.stem + ".备份.yaml").exists()


def test_backups_are_never_overwritten(rendered):
    case = CASES[0]
    yaml, target = rendered(case)
    first = yaml.with_name(yaml.stem + ".备份.yaml")
    first.write_text("# an older backup\n", encoding="utf-8")
    edit_in_word(target, target, case)
    assert run_draft("pull", target).returncode == 0
    assert first.read_text(encoding="utf-8") == "# an older backup\n"
    assert yaml.with_name(yaml.stem + ".备份2.yaml").exists()


def test_nothing_to_pull(rendered):
    yaml, target = rendered(CASES[0])
    original = yaml.read_text(encoding="utf-8")
    r = run_draft("pull", target)
    assert r.returncode == 0 and "没有需要写回的改动" in r.stderr
    assert yaml.read_text(encoding="utf-8") == original


def test_a_figure_edited_to_two_values_is_a_conflict(rendered):
    yaml, target = rendered(CASES[0])
    # the same figure in two places of the prose
    text = yaml.read_text(encoding="utf-8").replace("办理婚姻登记{婚姻登记}。", "办理婚姻登记{婚姻登记}，救助{临时救助人次}。")
    yaml.write_text(text, encoding="utf-8")
    assert run_draft("render", yaml).returncode == 0
    edit_runs(target, ("954人次", "960人次"), ("954人次", "970人次"))
    r = run_draft("pull", target)
    assert r.returncode == 1
    assert "冲突：数据“临时救助人次”在 DOCX 里改成了不同的数（960、970）" in r.stderr
    assert re.search(r"\.yaml:\d+:\d+: ", r.stderr)  # at its YAML line
    assert "  临时救助人次: 954人次\n" in yaml.read_text(encoding="utf-8")


def test_a_changed_computed_phrase_is_reported_not_written(rendered):
    yaml, target = rendered(CASES[1])
    original = yaml.read_text(encoding="utf-8")
    edit_runs(target, ("增长16.7%", "增长17%"))
    r = run_draft("pull", target)
    assert r.returncode == 1
    assert "由数据“三四级手术”算出（{三四级手术:同比}）" in r.stderr
    assert yaml.read_text(encoding="utf-8") == original  # nothing else to pull: unchanged


def test_yaml_edited_since_the_render(rendered):
    """Values changed in the YAML since the render stay; one changed on both sides is a conflict."""
    case = CASES[0]
    yaml, target = rendered(case)
    text = yaml.read_text(encoding="utf-8")
    text = text.replace("全年发放各类救助资金超1亿元。", "全年发放各类救助资金超1亿元（YAML）。")
    text = text.replace("举办城口县首届集体婚礼", "举办城口县首届集体婚礼（YAML）")
    yaml.write_text(text, encoding="utf-8")
    edit_runs(target, ("全年发放各类救助资金超1亿元。", "全年发放各类救助资金超1亿元（Word）。"), ("安置3人", "安置4人"))
    r = run_draft("pull", target)
    assert r.returncode == 1
    assert "冲突" in r.stderr and "（Word）" in r.stderr and "（YAML）" in r.stderr
    after = yaml.read_text(encoding="utf-8")
    assert "超1亿元（YAML）。" in after and "（Word）" not in after  # left as the YAML has it
    assert "安置4人" in after and "首届集体婚礼（YAML）" in after  # the rest pulled, the YAML's own edit kept


def test_no_yaml_recorded(tmp_path):
    d = docx.Document()
    d.add_paragraph("一份别人写的文件。")
    d.save(tmp_path / "other.docx")
    r = run_draft("pull", tmp_path / "other.docx")
    assert_clean_failure(r, 2)
    assert "--into" in r.stderr


def test_comments_become_yaml_comments(rendered):
    yaml, target = rendered(CASES[0])
    d = docx.Document(target)
    if not hasattr(d, "add_comment"):
        pytest.skip("python-docx < 1.2 cannot add a comment (draft reads them with lxml)")
    p = _para(d, "社会救助主动发现机制仍需完善")
    d.add_comment(p.runs, text="这条请补充具体措施。", author="办公室张三")
    d.save(target)
    r = run_draft("pull", target)
    assert r.returncode == 0, r.stderr
    assert re.search(r"\.yaml:65:\d+: .*批注（办公室张三）：这条请补充具体措施。", r.stderr), r.stderr
    lines = yaml.read_text(encoding="utf-8").splitlines()
    k = lines.index("  # 批注（办公室张三）：这条请补充具体措施。")
    assert lines[k + 1].startswith("  - 社会救助主动发现机制仍需完善")
    assert run_draft("pull", target).returncode == 0  # pulled again: not added twice
    assert yaml.read_text(encoding="utf-8").count("批注（办公室张三）") == 1


# --- tracked changes ------------------------------------------------------------------------
@pytest.fixture
def redlined(tmp_path):
    """old.yaml, new.yaml (the minzheng case's edits made in the YAML) and their redline."""
    case = CASES[0]
    old = tmp_path / "old.yaml"
    shutil.copy(EXAMPLES / f"{case.example}.yaml", old)
    new = tmp_path / "new.yaml"
    new.write_text(expected_yaml(old.read_text(encoding="utf-8"), case), encoding="utf-8")
    red = tmp_path / "r.docx"
    assert run_draft("diff", old, new, "--redline", red).returncode == 1
    return old, new, red


def test_unresolved_revisions_are_refused(redlined):
    old, new, red = redlined
    before = old.read_text(encoding="utf-8")
    r = run_draft("pull", red, "--into", old)
    assert r.returncode == 1
    assert "未处理的修订（draft删除）：“4829”" in r.stderr and "未处理的修订（draft插入）：“4900”" in r.stderr
    assert re.search(r"old\.yaml:\d+:\d+: ", r.stderr)
    assert old.read_text(encoding="utf-8") == before


def test_redline_accepted_gives_the_new_text(redlined):
    old, new, red = redlined
    r = run_draft("pull", red, "--into", old, "--accept")
    assert r.returncode == 0, r.stderr
    assert _txt(old) == _txt(new)
    assert old.read_text(encoding="utf-8") == new.read_text(encoding="utf-8")


def test_redline_rejected_leaves_the_yaml(redlined):
    old, new, red = redlined
    before = old.read_text(encoding="utf-8")
    r = run_draft("pull", red, "--into", old, "--reject")
    assert r.returncode == 0, r.stderr
    assert old.read_text(encoding="utf-8") == before
    assert not old.with_name("old.备份.yaml").exists()


def test_accept_and_reject_together_is_a_usage_error(redlined):
    old, new, red = redlined
    assert_clean_failure(run_draft("pull", red, "--into", old, "--accept", "--reject"), 2)


def test_a_docx_polished_in_format_only_stays_protected(rendered):
    """The exception is for edits pulled into the YAML: a file whose words are still draft's but
    whose look was changed in Word is not replaced without --force."""
    yaml, target = rendered(CASES[0])
    d = docx.Document(target)
    _para(d, "社会救助主动发现机制仍需完善").runs[-1].bold = True
    d.save(target)
    r = run_draft("render", yaml)
    assert_clean_failure(r, 2)
    assert "被修改过" in r.stderr
    assert not target.with_name(target.stem + ".备份.docx").exists()


def test_render_still_refuses_while_an_edit_is_not_pulled(rendered):
    case = CASES[0]
    yaml, target = rendered(case)
    edit_in_word(target, target, case)
    assert run_draft("pull", target, "--dry-run").returncode == 0  # a dry run writes nothing
    r = run_draft("render", yaml)
    assert_clean_failure(r, 2)
    assert "被修改过" in r.stderr


def test_a_moved_paragraph_moves_its_item(rendered):
    yaml, target = rendered(CASES[0])
    original = yaml.read_text(encoding="utf-8")
    d = docx.Document(target)
    _para(d, "织密兜底保障网")._p.addprevious(_para(d, "深化殡葬改革")._p)  # the third item first
    d.save(target)
    r = run_draft("pull", target)
    assert r.returncode == 0, r.stderr
    item = "    - 标题: 深化殡葬改革。\n      正文: 巩固散埋乱葬治理成果，推进节地生态安葬。\n"
    first = "    - 标题: 织密兜底保障网。\n"
    assert yaml.read_text(encoding="utf-8") == original.replace(item, "").replace(first, item + first)


def _line_of(yaml: Path, words: str) -> int:
    return next(n for n, ln in enumerate(yaml.read_text(encoding="utf-8").splitlines(), 1) if words in ln)


def test_what_cannot_be_pulled_points_at_the_line_that_holds_the_text(rendered, tmp_path):
    """A paragraph added right after a heading that pull cannot place is shown at the 正文 it
    stands before (not the heading's line); revisions inside the indicator table at the 数据 of
    their row, a revision in the prose at the value it changes (not the 类型 line)."""
    yaml, target = rendered(CASES[0])
    d = docx.Document(target)
    heading = _para(d, "2025年工作思路")
    following = d.paragraphs[[p._p for p in d.paragraphs].index(heading._p) + 1]
    following.insert_paragraph_before("各乡镇要按月报送进展。", style=following.style)
    d.save(target)
    r = run_draft("pull", target)
    assert r.returncode == 1
    body = _line_of(yaml, "  正文: 2025年，县民政局将坚持")
    assert re.search(rf"\.yaml:{body}:\d+: 错误：新增的段落“各乡镇要按月报送进展。”不能写回", r.stderr), r.stderr

    old = tmp_path / "old.yaml"
    shutil.copy(EXAMPLES / f"{CASES[0].example}.yaml", old)
    new = tmp_path / "new.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("低保户数: 4829户", "低保户数: 4900户"), encoding="utf-8")
    red = tmp_path / "r.docx"
    assert run_draft("diff", old, new, "--redline", red).returncode == 1
    r = run_draft("pull", red, "--into", old)
    assert r.returncode == 1
    lines = [ln for ln in r.stderr.splitlines() if ": 错误：未处理的修订" in ln]
    figure, prose = _line_of(old, "  低保户数: 4829户"), _line_of(old, "将符合条件的{低保户数}")
    assert sorted(int(ln.split(":")[1]) for ln in lines) == sorted([prose, prose, figure, figure]), r.stderr
