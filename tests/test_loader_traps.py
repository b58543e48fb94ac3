"""The loader's traps, read by both YAML parsers.

The loader reads with libyaml's C parser (ruamel.yaml.clib) where it can and with ruamel's
pure-Python parser (YAML 1.2, the reference) otherwise.  Every trap below must give the same
data, the same source marks and the same Chinese messages at the same line:col through both,
and the traps writers hit must give what the writers' experience rules ask for.
"""
from __future__ import annotations

import pytest

from drafting import loader
from drafting.errors import InputError

try:
    import _ruamel_yaml  # noqa: F401  (ruamel.yaml.clib)

    HAVE_C = True
except ImportError:
    HAVE_C = False

TRAPS = {
    "exact_scalars": "类型: 专节报告\n年度: 2024\n数: 010\n小数: 2024.10\n八进制: 0o17\n十六: 0x1F\n指数: 1e3\n负: -1\n无穷: .inf\n",
    "yaml11_booleans": "是: yes\n否: no\n开: on\n关: off\n真: true\nY: y\n",
    "duplicate_key": "a: 1\nb: 2\na: 3\n",
    "duplicate_nested": "a:\n  b: 1\n  b: 2\n",
    "anchor_alias": "a: &x 1\nb: *x\n",
    "anchor_mapping": "a: &x\n  c: 1\nb: *x\n",
    "anchor_unused": "a: &x 1\n",
    "anchor_key": "&k a: 1\nb: 2\n",
    "alias_key": "a: &k x\n*k : 2\n",
    "undefined_alias": "a: *x\n",
    "billion_laughs": "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n",
    "duplicate_anchor": "a: &x 1\nb: &x 2\nc: *x\n",
    "merge_key": "base: 1\n<<: {a: 1}\n",
    "yaml11_directive": "%YAML 1.1\n---\na: 1\n",
    "yaml12_directive": "%YAML 1.2\n---\na: 1\n",
    "tag_directive": "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "tab_indent": "a:\n\tb: 1\n",
    "tab_after_colon": "a:\t1\nb: 2\n",
    "tab_in_quotes": "\"a\tb\": 1\n",
    "fullwidth_space_indent": "a:\n\u3000\u3000b: 1\n",
    "fullwidth_space_value": "a:\n  b: \u3000\u3000正文\n",
    "fullwidth_colon": "标题：测试\n",
    "fullwidth_colon_later": "a: 1\n标题：测试\n",
    "multi_documents": "a: 1\n---\nb: 2\n",
    "explicit_end": "a: 1\n...\n",
    "nulls": "a:\nb: ~\nc: null\nd: ''\ne: \"null\"\nf: !!null\ng: Null\nh: NULL\ni: nUll\n",
    "explicit_tags": "a: !!str 1\nb: !!int 2\nc: ! 3\nd: !!null ''\n",
    "line_separator": "a: 甲\u2028乙\nb: 1\n",
    "next_line": "a: 甲\x85乙\nb: 1\n",
    "paragraph_separator": "a: \"甲\u2029乙\"\n",
    "escape_slash": "a: \"\\/\"\n",
    "escape_bad": "a: \"\\q\"\n",
    "escape_unicode": "a: \"\\u4e2d\\x41\\t\"\n",
    "unterminated_quote": "a: \"abc\nb: 1\n",
    "unterminated_flow": "a: [1, 2\nb: 1\n",
    "mapping_in_plain": "a: b: c\n",
    "bad_indent": "a:\n  b: 1\n c: 2\n",
    "bad_indent_list": "a:\n  - 1\n - 2\n",
    "list_top": "- a\n- b\n",
    "scalar_top": "just text\n",
    "complex_key": "? [a]\n: 1\n",
    "flow_key": "{a: 1}: 2\n",
    "comment": "a: 1 # 注释\nb: '# 不是注释'\n",
    "block_literal": "a: |\n  甲\n  乙\nb: >\n  丙\n  丁\n\n  戊\nc: |-\n  x\n",
    "quotes": "a: 'it''s'\nb: \"说\\\"话\\\"\"\n",
    "flow": "a: [1, 2, {b: 3, c: [d]}]\nb: {}\nc: []\n",
    "spaces_key": "key with spaces : v\n",
    "multiline_plain": "a: 第一行\n  第二行\n\n  第三段\n",
    "nested_marks": "类型: 专节报告\n部分:\n  - 标题: 一\n    条目:\n      - 标题: 甲\n        正文: |\n          段一\n          段二\n      - 乙\n  - 丙\n",
    "chinese_columns": "名称: 城口县民政局\n数据: {甲: 一, 乙: [二, 三]}\n",
    "empty_values": "a:\nb:\n  -\n  - \nc: {x: }\n",
    "long_key": ("k" * 1100) + ": 1\n",
    "question_plain": "a: ?b\nb: -c\nc: :d\nd: a:b\n",
    "percent_value": "a: 95%\nb: '%x'\n",
    "at_sign": "a: @x\n",
    "backtick": "a: `x\n",
    "doc_start_scalar": "--- text\n",
    "doc_start_map": "---\na: 1\n",
    "crlf": "a: 1\r\nb: 2\r\n",
    "only_doc_start": "---\n",
    "trailing_spaces": "a: 1   \nb:   x  \n",
    "dash_no_space": "a:\n  -b\n  - c\n",
    "set_syntax": "? a\n? b\n",
    "nested_seq": "a:\n- 1\n- - 2\n  - 3\n",
    "quoted_multiline": "a: \"第一\n  第二\"\n",
    "bom_mid": "a: \ufeff1\n",
    "unicode_key": "键\u00a0名: 1\n",
    "deep": "a:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1, 30)) + "  " * 31 + "v\n",
}

# What the writers' experience rules ask for (data, or (line, col, start of the message)).
EXPECTED = {
    "exact_scalars": {"类型": "专节报告", "年度": "2024", "数": "010", "小数": "2024.10", "八进制": "0o17",
                      "十六": "0x1F", "指数": "1e3", "负": "-1", "无穷": ".inf"},
    "yaml11_booleans": {"是": "yes", "否": "no", "开": "on", "关": "off", "真": "true", "Y": "y"},
    "duplicate_key": [(3, 1, "键“a”重复了（第 1 行已经有）")],
    "duplicate_nested": [(3, 3, "键“b”重复了（第 2 行已经有）")],
    "anchor_alias": [(1, 4, "不支持锚点")],
    "anchor_unused": [(1, 4, "不支持锚点")],
    "anchor_key": [(1, 1, "不支持锚点")],
    "undefined_alias": [(1, 4, "使用了未定义的别名")],
    "merge_key": [(2, 1, "不支持合并键")],
    "yaml11_directive": [(1, 1, "不支持 %YAML 1.1 指令")],
    "yaml12_directive": {"a": "1"},
    "tab_indent": [(2, 1, "缩进里有制表符")],
    "tab_after_colon": [(1, 3, "这里有制表符")],
    "fullwidth_colon_later": [(2, 3, "用了中文冒号")],
    "nulls": {"a": None, "b": None, "c": None, "d": "", "e": "null", "f": None, "g": None, "h": None, "i": "nUll"},
    "line_separator": {"a": "甲\u2028乙", "b": "1"},
    "escape_slash": {"a": "/"},
    "escape_bad": [(1, 6, "双引号字符串里有无效的反斜杠转义")],
    "mapping_in_plain": [(1, 5, "这里不能出现“: ”")],
    "bad_indent": [(3, 2, "缩进不对齐")],
    "complex_key": [(1, 3, "键必须是简单的文字")],
    "multiline_plain": {"a": "第一行 第二行\n第三段"},
}


def outcome(text: str):
    try:
        src = loader.parse(text, "t.yaml")
    except InputError as exc:
        return "error", [(d.line, d.col, d.message) for d in exc.diagnostics]
    return "ok", src.data, sorted(src.marks.items(), key=str)


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_trap_same_through_both_parsers(name, monkeypatch):
    text = TRAPS[name]
    monkeypatch.setenv("DRAFT_PURE_YAML", "1")
    pure = outcome(text)
    monkeypatch.delenv("DRAFT_PURE_YAML")
    fast = outcome(text)
    assert fast == pure
    want = EXPECTED.get(name)
    if isinstance(want, dict):
        assert pure[:2] == ("ok", want)
    elif want is not None:
        assert pure[0] == "error"
        assert [(ln, col) for ln, col, _ in pure[1]] == [(ln, col) for ln, col, _ in want]
        for (_, _, msg), (_, _, start) in zip(pure[1], want):
            assert msg.startswith(start), msg


def test_empty_value_points_at_its_key():
    src = loader.parse("标题: 测试\n单位:\n年度: 2024\n")
    assert src.data["单位"] is None
    assert src.marks[("单位",)] == (2, 1)


@pytest.mark.skipif(not HAVE_C, reason="ruamel.yaml.clib is not installed")
def test_c_parser_used_where_safe(monkeypatch):
    assert loader._c_parser("a: 1\n") is not None
    assert loader._c_parser("a:\t1\n") is None  # tabs: the reference parser decides
    monkeypatch.setenv("DRAFT_PURE_YAML", "1")
    assert loader._c_parser("a: 1\n") is None
