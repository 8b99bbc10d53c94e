"""auditor.read.flattened: tables that a web page or a PDF/DOCX-to-text step flattened into
text, rebuilt as tables so that the table rules check them; look-alikes are left as text."""
from __future__ import annotations

from auditor.pipeline import audit_text


def cells_a_line(*cells: str, blanks: int = 1) -> str:
    """One cell a line, ``blanks`` blank lines between (as web pages flatten a table)."""
    return ("\n" * (blanks + 1)).join(cells)


def audit(text: str):
    return audit_text(text, "flat.txt")


def table_rows(result, index: int = 0) -> list[list[str]]:
    return [[cell.text for cell in row] for row in result.document.tables[index].rows]


def findings(result, rule: str | None = None):
    return [f for f in result.findings
            if f.severity in ("error", "warning") and (rule is None or f.rule == rule)]


def claim_sources(result) -> set[str]:
    return {c.source for c in result.claims if c.kind in ("money", "percent")}


# ---------------------------------------------------------------- one cell a line

SELF_EVAL_HEAD = ["项目支出绩效自评表", "（2023年度）", "项目名称", "乡村道路养护", "项目资金",
                  "（万元）", "年初", "预算数", "全年", "预算数", "全年", "执行数", "分值", "执行率",
                  "得分"]


def self_eval(child_rate: str, total_score: str = "9.2") -> str:
    """年度资金总额 120 / 125 / 115 (92.00%), its two parts each with its rate; blank cells lost."""
    return cells_a_line(
        *SELF_EVAL_HEAD,
        "年度资金总额", "120.00", "125.00", "115.00", "10", "92.00%", total_score,
        "其中：当年财政拨款", "100.00", "105.00", "96.00", child_rate,
        "上年结转资金", "20.00", "20.00", "19.00", "95.00%",
        "其他资金",
        "年度总体目标",
        "完成全乡 36 公里道路养护。",
    ) + "\n"


def test_cell_per_line_header_words_joined_and_rows_placed():
    result = audit(self_eval("91.43%"))
    assert len(result.document.tables) == 1
    rows = table_rows(result)
    assert rows[0] == ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
                       "得分"]
    assert rows[1] == ["年度资金总额", "120.00", "125.00", "115.00", "10", "92.00%", "9.2"]
    # a part's row has no 分值 or 得分: its rate goes to the rate column
    assert rows[2] == ["其中：当年财政拨款", "100.00", "105.00", "96.00", "", "91.43%", ""]
    assert rows[3][5] == "95.00%"
    assert len(rows) == 4  # 其他资金 (no figures) and what follows stay text
    assert "table" in claim_sources(result)


def test_cell_per_line_consistent_raises_nothing_and_verifies_rates():
    result = audit(self_eval("91.43%"))
    assert findings(result) == []
    rates = [c for c in result.claims if c.source == "table" and c.kind == "percent"]
    assert rates and all(result.status.get(c.id) == "verified" for c in rates)


def test_cell_per_line_inconsistent_rate_is_an_error_on_its_own_line():
    text = self_eval("94.43%")  # 96.00 ÷ 105.00 = 91.43%
    result = audit(text)
    found = findings(result, "table_ratio")
    assert len(found) == 1
    assert found[0].stated.text == "94.43%"
    line = text.splitlines()[found[0].location.line - 1]
    assert line == "94.43%"  # the finding points at the cell's own line


def test_cell_per_line_with_two_blank_lines_and_money_units_in_cells():
    text = cells_a_line(
        "项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
        "年度资金总额", "80万元", "80万元", "60万元", "10", "75%", "7.5",
        "其中：财政拨款", "50万元", "50万元", "40万元", "85%",
        "其他资金", "30万元", "30万元", "20万元", "66.67%",
        blanks=2)
    result = audit(text)
    assert table_rows(result)[1][1:] == ["80万元", "80万元", "60万元", "10", "75%", "7.5"]
    found = findings(result, "table_ratio")
    assert [f.stated.text for f in found] == ["85%"]  # 40 ÷ 50 = 80%


# ---------------------------------------------------------------- one row a line

PIPES = """昌平县2023年“三公”经费支出情况表
单位：万元
项 目 | 2022年决算数 | 2023年决算数 | 2023年决算比上年增减情况 | |
增减额 | 增减幅度 | |||
合 计 | 60.00 | 55.00 | {total_change} | -8.3% |
1、公务接待费 | 20.00 | 15.00 | -5.00 | -25.0% |
2、公务用车运行维护费 | 40.00 | 40.00 | 0.00 | 0.0% |
以上数据均为财政拨款。
"""


def test_pipes_two_header_rows_consistent():
    result = audit(PIPES.format(total_change="-5.00"))
    rows = table_rows(result)
    assert rows[0] == ["项目", "2022年决算数", "2023年决算数", "增减额", "增减幅度"]
    assert rows[1] == ["合计", "60.00", "55.00", "-5.00", "-8.3%"]
    assert len(rows) == 4
    assert result.document.tables[0].title.startswith("昌平县2023年")
    assert findings(result) == []


def test_pipes_inconsistent_total_is_found():
    result = audit(PIPES.format(total_change="5.00"))
    found = findings(result, "table_sum")
    assert [f.stated.text for f in found] == ["5.00"]  # -5.00 + 0.00 = -5.00


PIPE_CELLS = """预算执行情况（10分） |
年度预算数（万元） |
年初预算 |
调整后预算数 |
预算执行数 |
预算执行率 |
权重 |
得分 |
总额 |
200.00 |
250.00 |
225.00 |
{total_rate} |
10 |
|
其中：财政资金 |
150.00 |
200.00 |
180.00 |
90.00% |
/ |
/ |
其他资金 |
50.00 |
50.00 |
45.00 |
90.00% |
/ |
/ |
"""


def test_pipe_after_every_cell_a_lone_pipe_an_empty_cell():
    result = audit(PIPE_CELLS.format(total_rate="90.00%"))
    rows = table_rows(result)
    assert rows[0][0] == "年度预算数(万元)"  # the first header, in the table's unit, heads the labels
    assert rows[1] == ["总额", "200.00", "250.00", "225.00", "90.00%", "10", ""]
    assert findings(result) == []
    bad = audit(PIPE_CELLS.format(total_rate="80.00%"))
    assert [f.stated.text for f in findings(bad, "table_ratio")] == ["80.00%"]


SPACES = """项目支出绩效自评表
资金构成(元) 年初预算数 全年预算数 执行数 分值 执行率(%) 得分
资金总额: 200,000.00 200,000.00 150,000.00 10.00 75 7.5
其中:财政资金: 100,000.00 100,000.00 50,000.00 {rate}
单位资金: 100,000.00 100,000.00 100,000.00 100
年度目标 年度目标完成情况
"""


def test_spaces_rows_a_line_consistent():
    result = audit(SPACES.format(rate="50"))
    rows = table_rows(result)
    assert rows[1] == ["资金总额：", "200000.00", "200000.00", "150000.00", "10.00", "75", "7.5"]
    assert rows[2] == ["其中：财政资金：", "100000.00", "100000.00", "50000.00", "", "50", ""]
    assert len(rows) == 4
    assert findings(result) == []


def test_spaces_rows_a_line_inconsistent():
    result = audit(SPACES.format(rate="60"))
    assert [f.stated.text for f in findings(result, "table_ratio")] == ["60"]


def test_header_word_broken_by_a_space():
    text = ("项目资金 (万元) 年初预算 数 全年预算数 全年执行数 分值 执行率 得分\n"
            "年度资金总额 50 50 40 10 80% 8\n"
            "其中：本年财政拨款 50 50 40 80%\n")
    rows = table_rows(audit(text))
    assert rows[0][:2] == ["项目资金(万元)", "年初预算数"]
    assert rows[2] == ["其中：本年财政拨款", "50", "50", "40", "", "80%", ""]


# ---------------------------------------------------------------- left as text


def assert_untouched(text: str):
    result = audit(text)
    assert result.document.tables == ()
    return result


def test_prose_naming_the_columns_is_no_table():
    assert_untouched(
        "全年预算数 全年执行数 执行率 三项指标详见附表。\n"
        "本年度全年预算数 125 万元，全年执行数 115 万元，执行率 92%。\n")


def test_figures_that_do_not_fit_the_columns_stay_text():
    # two percentages where amounts stand; too many figures on a row
    assert_untouched(cells_a_line("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数",
                                  "分值", "执行率", "得分",
                                  "年度资金总额", "95%", "90%", "115.00", "10", "92%", "9"))
    assert_untouched(cells_a_line("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数",
                                  "分值", "执行率", "得分", "年度资金总额",
                                  "1", "2", "3", "4", "5%", "6", "7", "8"))


def test_a_part_row_with_the_rate_missing_but_a_score_is_not_guessed():
    # five figures for six columns: which one is missing cannot be told
    result = audit(cells_a_line("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值",
                                "执行率", "得分", "年度资金总额", "120", "115", "10", "92%", "9"))
    assert result.document.tables == ()
    assert claim_sources(result) == {"narrative"}


def test_indicator_sheet_and_side_by_side_blocks_stay_text():
    assert_untouched(cells_a_line("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                  "分值", "得分", "产出指标", "数量指标", "养护里程", "36公里",
                                  "36公里", "20", "20"))
    assert_untouched(cells_a_line("按收入性质分：", "按支出性质分：", "其中：一般公共预算：1873.66万元",
                                  "其中：基本支出：1768.16万元", "项目支出：2985.5万元"))


def test_header_inside_a_line_of_prose_is_left_alone():
    # the whole form on one line with words around it: the lines are not the table's alone
    assert_untouched("附件：项目支出绩效自评表 项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 "
                     "执行率 得分 年度资金总额: 90 90 89.97 10 99.97% 10 年度总体目标 完成审计。\n")


def test_tab_tables_are_not_read_twice():
    text = ("项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率（%）\t得分\n"
            "年度资金总额\t860.00\t920.00\t874.36\t10\t95.04\t9.50\n")
    result = audit(text)
    assert len(result.document.tables) == 1


def test_real_017_self_evaluation_block_is_read():
    from pathlib import Path

    text = (Path(__file__).parent.parent / "corpus/real/017.txt").read_text(encoding="utf-8")
    result = audit(text)
    rows = table_rows(result)
    assert rows[1] == ["年度资金总额", "4753.66万元", "4753.66万元", "3824.26万元", "10", "100%", "10"]
    # the side-by-side 按收入性质分 / 按支出性质分 block below is left as text
    assert len(rows) == 2
