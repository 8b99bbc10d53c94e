"""auditor.normalise: characters, paragraphs joined across wraps and page breaks, tables."""
from __future__ import annotations

import glob
import os

import pytest

from auditor.models import SourceDocument, SourceLine, SourceTable
from auditor.normalise import (
    build_document,
    heading_level,
    normalise_chars,
    split_sentences,
)

CORPUS = os.path.join(os.path.dirname(__file__), "..", "corpus")


def source(text: str, pages: dict[int, int] | None = None, tables=()) -> SourceDocument:
    lines = text.split("\n")
    return SourceDocument(
        path="test.txt",
        format="text",
        lines=tuple(
            SourceLine(i, line, page=(pages or {}).get(i)) for i, line in enumerate(lines, 1)
        ),
        tables=tuple(tables),
    )


def paragraphs(text: str) -> list[str]:
    return [p.text for p in build_document(source(text)).paragraphs]


# ---------------------------------------------------------------- characters

CHARACTERS = [
    ("8,318.83 万元", "8318.83万元"),
    ("合计 1,234,567.5 元", "合计1234567.5元"),
    ("第 3,4 项", "第3,4项"),  # a list, not a thousands separator
    ("12,34 与 1,2345", "12,34与1,2345"),
    ("2496.45 万元", "2496.45万元"),
    ("2024 年", "2024年"),
    ("0.64 %", "0.64%"),
    ("10 ％", "10%"),
    ("８３１８．８３万元", "8318.83万元"),
    ("ＡＢＣ　１２３", "ABC 123"),
    ("（一）部门职能", "(一)部门职能"),
    ("增长＋５％，下降－３％", "增长+5%，下降-3%"),
    ("数字 政府", "数字政府"),
    ("STM 智慧柜员机", "STM智慧柜员机"),
    ("IPv6 and SRV6 network", "IPv6 and SRV6 network"),
    ("a  b", "a b"),
    ("<p>江门 2024 年</p>", "江门2024年"),
    ("实际支出数<预算安排数", "实际支出数<预算安排数"),
    ("$= (4 * 15.22) / 2 = 3.04$ 分", "= (4 * 15.22) / 2 = 3.04分"),
    ("结余率 $\\leq 10\\%$ ，得 4 分", "结余率≤10%，得4分"),
    ("$\\geq 95\\%$", "≥95%"),
    ("$35 \\times 2 \\div 7$", "35 ×2 ÷7"),
    ("$a \\cdot b$", "a ×b"),
    ("$\\frac{291.36}{726.55}$", "(291.36)/(726.55)"),
    ("1. **预算管理情况**；说明", "1.预算管理情况；说明"),
    ("成立,属市政府", "成立，属市政府"),
    ("评价年度: 2024 年度", "评价年度：2024年度"),
    ("部门名称: (公章)", "部门名称：(公章)"),
    ("时间 10:30", "时间10:30"),
    ("零\u200b宽", "零宽"),
    ("“数字政府”建设，《预算法》、规定；完成！是否？", "“数字政府”建设，《预算法》、规定；完成！是否？"),
    ("  前后空格  ", "前后空格"),
    ("", ""),
]


@pytest.mark.parametrize("raw,expected", CHARACTERS, ids=[c[0] or "empty" for c in CHARACTERS])
def test_normalise_chars(raw, expected):
    text, origins = normalise_chars(raw)
    assert text == expected
    assert len(origins) == len(text)
    assert all(0 <= o < len(raw) for o in origins)
    assert list(origins) == sorted(origins)  # reading order is kept


@pytest.mark.parametrize("raw,_", CHARACTERS, ids=[c[0] or "empty" for c in CHARACTERS])
def test_normalise_chars_is_idempotent(raw, _):
    once = normalise_chars(raw)[0]
    assert normalise_chars(once)[0] == once


def test_origins_point_at_the_source_characters():
    raw = "支出 8,318.83 万元，占 0.64 %"
    text, origins = normalise_chars(raw)
    for i, char in enumerate(text):
        assert raw[origins[i]] == char
    assert text == "支出8318.83万元，占0.64%"


def test_origin_of_latex_percent_is_its_percent_sign():
    raw = "达 $10\\%$"
    text, origins = normalise_chars(raw)
    assert text == "达10%"
    assert raw[origins[text.index("%")]] == "%"
    assert raw[origins[text.index("1")]] == "1"


def test_full_width_characters_map_to_their_own_position():
    raw = "（１２％）"
    text, origins = normalise_chars(raw)
    assert text == "(12%)"
    assert list(origins) == [0, 1, 2, 3, 4]


# ---------------------------------------------------------------- headings

HEADINGS = [
    ("一、部门基本情况", 1), ("十二、其他", 1), ("（一）部门职能", 2), ("(二) 年度总体工作", 2),
    ("1. 预算编制情况。该项指标自评得 27 分。", 3), ("1.加分项", 3), ("2.2024 年我局预算支出情况", 3),
    ("1、强化政务服务", 3), ("1．预算执行", 3), ("10. 统筹推进", 3), ("（1）支出完成情况。", 4),
    ("(3) 减支的主要原因", 4), ("①数据共享", 4), ("一是确保人员经费", 5), ("第一，重点工作完成率", 5),
    ("2.5 万元用于运维", None), ("2024 年，我局", None), ("13283.78 万元", None),
    ("本部门已开展", None), ("第一批试点", None),
]


@pytest.mark.parametrize("text,level", HEADINGS, ids=[h[0] for h in HEADINGS])
def test_heading_level(text, level):
    assert heading_level(normalise_chars(text)[0]) == level


def test_paragraph_heading_level_keeps_content_on_the_line():
    doc = build_document(source("1. 预算编制情况。该项指标自评得 27 分。\n\n正文。"))
    first = doc.paragraphs[0]
    assert first.heading_level == 3
    assert first.text == "1.预算编制情况。该项指标自评得27分。"
    assert doc.paragraphs[1].heading_level is None


# ---------------------------------------------------------------- joining lines


def test_line_with_clause_separator_joins_across_a_page_break():
    text = "全年共完成支出 120 万元，其中基本支出\n\n80 万元，项目支出 40 万元。\n\n下一段。"
    assert paragraphs(text) == ["全年共完成支出120万元，其中基本支出80万元，项目支出40万元。", "下一段。"]


def test_long_line_without_separator_joins():
    text = "本单位在预算编制过程中严格执行财政部门关于项目支出管理的各项规定并按时\n\n完成了编报工作。"
    assert paragraphs(text) == [
        "本单位在预算编制过程中严格执行财政部门关于项目支出管理的各项规定并按时完成了编报工作。"
    ]


def test_line_with_a_finished_sentence_and_a_cut_one_joins():
    text = "三是安全方面。启动政务云节点\n\n建设，提升防护能力。"
    assert paragraphs(text) == ["三是安全方面。启动政务云节点建设，提升防护能力。"]


@pytest.mark.parametrize(
    "title",
    ["3. 绩效监控开展情况", "（二）部门整体支出情况", "填报人：张三", "2024年的重点工作任务",
     "（四）部门整体支出使用存在问题以及改进意见和其他需要说明的事项"],
)
def test_short_title_lines_never_join(title):
    text = f"{title}\n\n本部门已按要求开展绩效监控，并及时报送。"
    assert paragraphs(text) == [normalise_chars(title)[0], "本部门已按要求开展绩效监控，并及时报送。"]


def test_sentence_final_punctuation_ends_the_paragraph():
    text = "第一段完成了全部工作，效果良好。\n\n第二段继续推进，成效明显。"
    assert len(paragraphs(text)) == 2


def test_closing_quote_after_the_full_stop_still_ends_the_paragraph():
    text = "获评“全国示范单位，优秀。”\n\n另一段。"
    assert len(paragraphs(text)) == 2


def test_next_line_opening_with_a_marker_does_not_join():
    text = "已完成年度支出 95 万元，执行率 98%\n\n（四）部门整体绩效管理情况"
    assert len(paragraphs(text)) == 2


def test_adjacent_lines_join_in_a_document_separated_by_blank_lines():
    text = (
        "附件 1\n\n评价单位: 某市数据局本级及非独立核算的下\n属单位某市交易中心\n\n"
        "填报人: 张三\n\n联系电话: 88179852\n\n评价年度: 2024 年度"
    )
    assert paragraphs(text)[1] == "评价单位：某市数据局本级及非独立核算的下属单位某市交易中心"


def test_adjacent_short_lines_stay_apart_without_blank_line_convention():
    text = "部门名称：某局\n填报人：张三\n联系电话：123\n评价年度：2024 年度"
    assert len(paragraphs(text)) == 4


def test_a_wide_gap_separates_items_even_without_final_punctuation():
    text = "2021年7月，某局参加网络安全大赛，荣获一等奖\n\n\n\n2021年9月，某中心获评优秀单位"
    assert len(paragraphs(text)) == 2


def test_page_number_lines_are_skipped_when_joining():
    text = "全年共完成支出 120 万元，其中基本支出\n\n- 3 -\n\n80 万元。"
    assert paragraphs(text) == ["全年共完成支出120万元，其中基本支出80万元。"]


def test_ascii_words_joined_across_lines_keep_a_space():
    text = "系统采用自主研发的平台，统一身份认证 OA\n\nsystem 完成对接。"
    doc = build_document(source(text))
    (paragraph,) = doc.paragraphs
    assert paragraph.text == "系统采用自主研发的平台，统一身份认证OA system完成对接。"
    space = paragraph.text.index(" ")
    assert paragraph.origins[space] == (1, len(text.split("\n")[0]))


def test_paragraph_origins_are_source_line_and_column():
    text = "标题行\n\n  支出 8,318.83 万元，增长\n\n5.2%。"
    doc = build_document(source(text))
    paragraph = doc.paragraphs[1]
    lines = text.split("\n")
    for i, char in enumerate(paragraph.text):
        line, column = paragraph.origins[i]
        assert lines[line - 1][column - 1] == char
    start = paragraph.text.index("8318.83")
    assert paragraph.origin(start) == (3, 6)
    assert paragraph.origin(paragraph.text.index("5.2%")) == (5, 1)


def test_paragraph_page_comes_from_its_first_line():
    text = "第一页末尾的句子还没有结束，继续\n\n在第二页结束。"
    doc = build_document(source(text, pages={1: 1, 3: 2}))
    assert doc.paragraphs[0].page == 1


# ---------------------------------------------------------------- sentences


def test_split_sentences():
    text = "甲完成 10 项。乙完成 5 项；丙完成“3 项。”丁未完成！"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["甲完成 10 项。", "乙完成 5 项；丙完成“3 项。”", "丁未完成！"]


def test_split_sentences_without_final_punctuation_and_at_line_ends():
    text = "第一行没有句号\n第二行也没有"
    assert [text[a:b] for a, b in split_sentences(text)] == ["第一行没有句号", "第二行也没有"]
    assert split_sentences("") == []
    assert split_sentences("  。 ") == [(2, 3)]


# ---------------------------------------------------------------- tables

TABLE = (
    "1. 部门整体收入情况。\n\n"
    "2023 年收入决算表\n\n"
    "项目\t年初预算数（万元）\t决算数（万元）\t备注\n"
    "一、财政拨款收入\t1,200.00\t1,150.00\t\n"
    "二、其他收入\t0\t0\t无"
)


def test_tab_lines_become_a_table_with_empty_cells_kept():
    doc = build_document(source(TABLE))
    (table,) = doc.tables
    assert table.title == "2023年收入决算表"
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "年初预算数(万元)", "决算数(万元)", "备注"],
        ["一、财政拨款收入", "1200.00", "1150.00", ""],
        ["二、其他收入", "0", "0", "无"],
    ]
    cell = table.rows[1][1]
    assert (cell.raw, cell.line, cell.column) == ("1,200.00", 6, 10)
    assert [p.text for p in doc.paragraphs] == ["1.部门整体收入情况。"]


def test_title_below_the_table_and_parenthesised_title():
    text = (
        "项目\t金额\n支出合计\t30\n\n2024 年部门支出情况表\n\n说明文字，见上表。\n\n"
        "2024 年基本支出明细表\n（按经济分类）\n项目\t金额\n工资\t20"
    )
    doc = build_document(source(text))
    assert [t.title for t in doc.tables] == ["2024年部门支出情况表", "2024年基本支出明细表 (按经济分类)"]
    assert [p.text for p in doc.paragraphs] == ["说明文字，见上表。"]


def test_title_right_above_the_next_table_is_left_to_it():
    text = "项目\t金额\n甲\t1\n\n乙表\n项目\t金额\n丙\t2"
    doc = build_document(source(text))
    assert [t.title for t in doc.tables] == [None, "乙表"]


def test_table_continued_after_page_break_with_repeated_header_is_one_table():
    text = (
        "序号\t名称\t内容\n1\t甲\t第一项内容完整。\n2\t乙\t第二项内容在本页\n\n \n"
        "序号\t名称\t内容\n\t\t延续到下一页。\n3\t丙\t第三项。"
    )
    (table,) = build_document(source(text)).tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["序号", "名称", "内容"],
        ["1", "甲", "第一项内容完整。"],
        ["2", "乙", "第二项内容在本页延续到下一页。"],
        ["3", "丙", "第三项。"],
    ]
    merged = table.rows[2][2]
    assert (merged.line, merged.column) == (3, 5)


def test_table_continued_after_page_break_without_header_is_one_table():
    text = "项目\t预算\t决算\n甲\t1\t1\n\n乙\t2\t2\n合计\t3\t3"
    (table,) = build_document(source(text)).tables
    assert len(table.rows) == 4


def test_a_new_header_after_a_blank_line_starts_another_table():
    text = "项目\t预算\t决算\n甲\t1\t1\n\n科目\t年初数\t调整数\n乙\t2\t2"
    assert len(build_document(source(text)).tables) == 2


def test_empty_leading_cells_without_page_break_are_a_row_of_their_own():
    text = "基建类项目\t市级资金\t\n\t年初预算数\t决算数\n\t0\t0\n合计\t0\t0"
    (table,) = build_document(source(text)).tables
    assert len(table.rows) == 4


def test_reader_tables_are_used_as_given_and_their_lines_are_not_paragraphs():
    lines = "说明段落，见下表。\n项目\t金额\n单列行\n工资\t20\n结尾段落。"
    reader_table = SourceTable(
        rows=(("项目", "金额"), ("单列行",), ("工资", "20")), lines=(2, 3, 4), page=3
    )
    doc = build_document(source(lines, tables=[reader_table]))
    (table,) = doc.tables
    assert [[c.text for c in row] for row in table.rows] == [["项目", "金额"], ["单列行"], ["工资", "20"]]
    assert table.page == 3
    assert table.rows[2][1].column == 4 and table.rows[2][1].line == 4
    assert [p.text for p in doc.paragraphs] == ["说明段落，见下表。", "结尾段落。"]


def test_a_tab_indent_is_not_a_table():
    doc = build_document(source("\t本段以制表符缩进，说明全年工作。\n\n\t第二段。"))
    assert doc.tables == ()
    assert [p.text for p in doc.paragraphs] == ["本段以制表符缩进，说明全年工作。", "第二段。"]
    assert doc.paragraphs[0].origins[0] == (1, 2)


def test_table_page_from_its_first_line():
    text = "项目\t金额\n甲\t1"
    (table,) = build_document(source(text, pages={1: 7, 2: 7})).tables
    assert table.page == 7 and table.rows[1][1].page == 7


def test_empty_document():
    doc = build_document(source(""))
    assert doc.paragraphs == () and doc.tables == ()


# ---------------------------------------------------------------- corpus


def _corpus_sources():
    for path in sorted(glob.glob(os.path.join(CORPUS, "reports", "*.txt"))):
        with open(path, encoding="utf-8") as handle:
            yield path, source(handle.read())


def test_corpus_every_line_lands_in_a_paragraph_a_table_or_a_title():
    for path, src in _corpus_sources():
        doc = build_document(src)
        covered = {line for p in doc.paragraphs for line, _ in p.origins}
        covered |= {cell.line for t in doc.tables for row in t.rows for cell in row}
        titles = " ".join(t.title or "" for t in doc.tables)
        headers = {"\t".join(c.text for c in t.rows[0]) for t in doc.tables}
        for line in src.lines:
            norm = normalise_chars(line.text.strip())[0]
            if not norm or line.line in covered:
                continue
            if "\t" in line.text:
                # a header row repeated after a page break (dropped), or a row continuing the
                # cells of the row before it (merged into them)
                cells = [c.text for t in doc.tables for row in t.rows for c in row]
                parts = [normalise_chars(part)[0] for part in line.text.split("\t")]
                assert norm in headers or all(
                    any(part in cell for cell in cells) for part in parts if part
                ), (path, line.line)
            else:
                assert norm in titles, (path, line.line, line.text)


def test_corpus_paragraph_origins_point_at_matching_characters():
    for _, src in _corpus_sources():
        doc = build_document(src)
        texts = {line.line: line.text for line in src.lines}
        for paragraph in doc.paragraphs:
            for char, (line, column) in zip(paragraph.text, paragraph.origins):
                if not char.isalnum():
                    continue  # punctuation and operators may come from several characters
                original = texts[line][column - 1]
                assert normalise_chars(original)[0] == char, (line, column, char)


@pytest.mark.parametrize("text,values", [
    ("受益脱贫户８，６４２户、３５，２１８人，资金２，０２０．４３万元。", [8642, 35218, 2020.43]),
    ("全市收入合计 1 126.38亿元，其中一般公共预算 452.17亿元。", [1126.38, 452.17]),
    ("本年支出 12 345 678.90 元。", [12345678.9]),
    # an ASCII number's full-width comma is the sentence's; a count beside an amount stays apart
    ("分别为3，142户。共 3 个项目 200 万元。", [142, 3, 200]),
])
def test_thousands_grouped_by_a_full_width_comma_or_a_space(text, values):
    from auditor.pipeline import audit_text

    assert [c.value for c in audit_text(text).claims] == values


def test_a_table_laid_out_with_spaces_keeps_its_cells_in_their_columns():
    """A cell left empty in the middle of a row (全年预算数 of 其他资金) stays empty: the cells
    go to the columns the widest row's cells start at, Chinese characters two columns wide."""
    lines = ["资金来源      年初预算数    全年预算数    全年执行数",
             "财政拨款      500.00        520.00        498.20",
             "其他资金      30.00                      28.50",
             "合计          530.00        550.00        526.70"]
    document = build_document(SourceDocument("t.txt", "text", tuple(SourceLine(i + 1, t) for i, t in enumerate(lines))))
    [table] = document.tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["资金来源", "年初预算数", "全年预算数", "全年执行数"],
        ["财政拨款", "500.00", "520.00", "498.20"],
        ["其他资金", "30.00", "", "28.50"],
        ["合计", "530.00", "550.00", "526.70"]]


def test_prose_with_wide_spaces_is_no_table():
    lines = ["本单位  2024 年度  预算执行情况良好。", "全年支出 500 万元。"]
    document = build_document(SourceDocument("t.txt", "text", tuple(SourceLine(i + 1, t) for i, t in enumerate(lines))))
    assert document.tables == ()


def test_a_list_its_sentence_opened_runs_on_past_a_semicolon_at_the_line_end():
    lines = ["共签订运维合同4份，合同总金额860.00万元。具体为：云平台租赁412.50万元；平台运维218.30万元；",
             "安全测评136.20万元；第三方监理93.00万元。",
             "其中：",
             "1.甲项目 40 万元；",
             "2.乙项目 60 万元。"]
    paragraphs = [p.text for p in build_document(
        SourceDocument("t.txt", "text", tuple(SourceLine(i + 1, t) for i, t in enumerate(lines)))).paragraphs]
    assert paragraphs[0].endswith("第三方监理93.00万元。")
    assert "1.甲项目" not in paragraphs[0]
