"""auditor.tables: header rows, units, column roles, row hierarchy, totals, cell claims."""
from __future__ import annotations


import pytest

from auditor.models import Table
from auditor.tables import (display_label, parse_number, parse_table, parse_tables, table_chains,
                            table_claims, title_subject, title_year)

from table_helpers import corpus_lines, make_table, tab_blocks


def corpus_tables(name: str) -> list[Table]:
    """The tab-separated blocks of a corpus report as Tables (a blank line does not end one)."""
    return tab_blocks(corpus_lines(name))[0]


def by_label(parsed, label):
    return next(r for r in parsed.rows if r.label == label)


def column_roles(parsed):
    return [(c.role, c.stage, c.unit) for c in parsed.columns]


# ---------------------------------------------------------------- corpus report 004


@pytest.fixture(scope="module")
def report_004():
    return [parse_table(t) for t in corpus_tables("004")]


def test_004_has_five_tables_and_116_numeric_cells(report_004):
    assert len(report_004) == 5
    assert sum(len(p.cells) for p in report_004) == 116


def test_004_income_table_roles_units_total(report_004):
    income = report_004[0]
    assert income.header_rows == 1
    assert column_roles(income) == [
        ("label", None, None),
        ("amount", "年初预算", "万元"),
        ("amount", "调整预算", "万元"),
        ("amount", "决算", "万元"),
        ("share", None, "%"),
    ]
    total = by_label(income, "本年收入合计")
    assert total.is_total
    assert [income.row(i).label for i in income.total_components(total.index)] == [
        "一、一般公共预算财政拨款收入", "二、政府性基金预算拨款收入", "三、上级补助收入",
        "四、事业收入", "五、其他收入"]


def test_004_expenditure_hierarchy(report_004):
    spending = report_004[1]
    basic = by_label(spending, "一、基本支出")
    project = by_label(spending, "二、项目支出")
    assert basic.level == 0 and basic.parent is None
    assert [(k.label, k.relation) for k in spending.children(basic.index)] == [
        ("人员经费", "complete"), ("公用经费", "complete")]
    assert [(k.label, k.relation) for k in spending.children(project.index)] == [
        ("其中：基本建设类", "partial"), ("信息化新建类", "partial"), ("信息化运维类", "partial")]
    total = by_label(spending, "本年支出合计")
    assert [spending.row(i).key for i in spending.total_components(total.index)] == [
        "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]


def test_004_cells_carry_units_roles_and_decimals(report_004):
    spending = report_004[1]
    row = by_label(spending, "公用经费").index
    amount = spending.cell(row, 3)
    assert amount.value.value == 85.38 and amount.value.decimals == 2
    assert (amount.unit, amount.column_role, amount.stage) == ("万元", "amount", "决算")
    assert amount.value.scale == 10000 and amount.value.measure == "元"
    assert amount.parent_row == by_label(spending, "一、基本支出").index
    share = spending.cell(row, 4)
    assert (share.unit, share.column_role, share.value.kind) == ("%", "share", "percent")
    assert share.line == 110


def test_004_two_row_header_spans_group_cells(report_004):
    capital = report_004[2]
    assert capital.header_rows == 2
    labels = [c.name for c in capital.columns]
    assert labels[1] == "市级资金年初预算数"
    assert labels[4] == "另有资金来源(决算数)中央资金"
    assert column_roles(capital)[4] == ("amount", "决算", "万元")
    total = next(r for r in capital.rows if r.is_total)
    assert display_label(total) == "合计"


def test_004_section_rows_without_numbers_group_their_rows(report_004):
    info = report_004[3]
    sections = [r for r in info.rows if r.is_section]
    assert [r.label for r in sections] == ["信息新建类项目支出：", "信息运维类项目支出："]
    total = next(r for r in info.rows if r.is_total)
    parts = info.total_components(total.index)
    assert [info.row(i).label for i in parts] == ["", "智能化系统维护维修和软件更新经费",
                                                   "交易平台运行维护费用"]


def test_004_text_column_gives_no_cells(report_004):
    three = report_004[4]
    assert three.columns[4].role == "text"
    assert all(c.col != 4 for c in three.cells)


def test_000_text_table_has_no_quantities():
    parsed = [parse_table(t) for t in corpus_tables("000")]
    assert parsed and all(not p.cells for p in parsed)
    assert parsed[0].columns[0].role == "index"
    assert parsed[0].label_column == 1


def test_004_every_cell_is_a_table_claim(report_004):
    claims = []
    for p in report_004:
        claims += table_claims(p, p.index, len(claims) + 1)
    assert len(claims) == 116
    assert len({c.id for c in claims}) == 116
    assert {c.source for c in claims} == {"table"}
    assert {c.unit for c in claims} == {"万元", "%"}
    first = claims[0]
    assert (first.id, first.subject, first.stage, first.table, first.row, first.col) == (
        "C1", "一般公共预算财政拨款收入", "年初预算", 0, 1, 1)
    assert (first.location.line, first.value) == (93, 3269.57)


# ---------------------------------------------------------------- own tables


SPLIT_HEAD = "项目\t年初预算数（万元）\t决算数（万元）\n一、基本支出\t100.5\t90.25\n二、项目支出\t50\t45\n"
SPLIT_TAIL = "三、其他支出\t10\t5\n合计\t160.5\t140.25\n"


def test_split_table_without_repeated_header_continues():
    head = make_table(SPLIT_HEAD, index=0, first_line=10)
    tail = make_table(SPLIT_TAIL, index=1, first_line=15)
    first, second = parse_tables([head, tail])
    assert second.continues == 0 and second.header_rows == 0
    assert column_roles(second) == column_roles(first)
    assert second.cells[0].unit == "万元" and second.cells[0].stage == "年初预算"
    total = by_label(second, "合计")
    assert second.total_parts(total.index) == ((0, 1), (0, 2), (1, 0))
    assert first.grand_total_ref() == second.grand_total_ref() == (1, 1)
    assert [len(chain) for chain in table_chains((first, second))] == [2]


def test_split_table_with_repeated_header_continues():
    head = make_table(SPLIT_HEAD, index=0, first_line=10)
    tail = make_table("项目\t年初预算数（万元）\t决算数（万元）\n" + SPLIT_TAIL, index=1, first_line=15)
    _, second = parse_tables([head, tail])
    assert second.continues == 0 and second.header_rows == 1
    assert [r.label for r in second.rows] == ["三、其他支出", "合计"]


def test_tables_that_are_not_fragments_stay_apart():
    head = make_table(SPLIT_HEAD, index=0, first_line=10)
    other = make_table("科目\t金额（万元）\n办公费\t3\n", index=1, first_line=15)
    far = make_table(SPLIT_TAIL, index=1, first_line=60)
    assert parse_tables([head, other])[1].continues is None  # another width
    assert parse_tables([head, far])[1].continues is None  # pages apart
    done = make_table(SPLIT_HEAD + "合计\t150.5\t135.25\n", index=0, first_line=10)
    assert parse_tables([done, make_table(SPLIT_TAIL, index=1, first_line=16)])[1].continues is None


def test_header_units_full_and_half_width_and_title_unit():
    parsed = parse_table(make_table(
        "科目\t预算数（元）\t执行数(元)\t执行率（%）\n"
        "办公费\t1000\t950\t95.00\n"
        "合计\t1000\t950\t95.00\n"))
    assert column_roles(parsed)[1:] == [
        ("amount", "预算", "元"), ("amount", "执行", "元"), ("ratio", None, "%")]
    titled = parse_table(make_table("科目\t决算数\n差旅费\t12.5\n", title="表 3 支出明细（单位：万元）"))
    assert titled.cells[0].unit == "万元" and titled.cells[0].value.kind == "money"


def test_header_of_years_and_exact_index_words():
    years = parse_table(make_table("项目（万元）\t2023\t2024\n甲\t1.5\t2\n合计\t1.5\t2\n"))
    assert years.header_rows == 1 and [r.label for r in years.rows] == ["甲", "合计"]
    budget = parse_table(make_table("项目\t年度预算数（万元）\n甲\t3\n"))
    assert column_roles(budget)[1] == ("amount", "预算", "万元")


def test_cell_with_its_own_unit_and_thousands_separator():
    parsed = parse_table(make_table("项目\t完成值\n甲\t1,234.5 万元\n乙\t98%\n"))
    assert parsed.cells[0].value.value == 1234.5 and parsed.cells[0].unit == "万元"
    assert parsed.cells[1].unit == "%"


def test_qizhong_list_cut_where_the_total_foots():
    # 因公出国费 follows the 其中 list but is a sibling: the 合计 only foots that way.
    parsed = parse_table(make_table(
        "项目\t决算数（万元）\n"
        "公务接待费\t3.00\n"
        "公务用车费\t10.00\n"
        "其中：购置费\t6.00\n"
        "运行维护费\t4.00\n"
        "因公出国费\t2.00\n"
        "合计\t15.00\n"))
    car = by_label(parsed, "公务用车费")
    assert [k.label for k in parsed.children(car.index)] == ["其中：购置费", "运行维护费"]
    assert by_label(parsed, "因公出国费").parent is None
    total = by_label(parsed, "合计")
    assert [parsed.row(i).label for i in parsed.total_components(total.index)] == [
        "公务接待费", "公务用车费", "因公出国费"]


def test_unmarked_rows_under_marked_sections_are_children_when_that_foots():
    parsed = parse_table(make_table(
        "项目\t决算数（万元）\n"
        "一、工资福利支出\t50\n"
        "基本工资\t30\n"
        "津贴补贴\t20\n"
        "二、商品和服务支出\t40\n"
        "办公费\t40\n"
        "合计\t90\n"))
    wages = by_label(parsed, "一、工资福利支出")
    assert [k.label for k in parsed.children(wages.index)] == ["基本工资", "津贴补贴"]
    assert by_label(parsed, "办公费").relation == "inferred"


def test_unmarked_row_becomes_sibling_when_that_foots():
    parsed = parse_table(make_table(
        "项目\t决算数（万元）\n"
        "一、基本支出\t100\n"
        "二、项目支出\t50\n"
        "其他支出\t20\n"
        "合计\t170\n"))
    assert by_label(parsed, "其他支出").parent is None


def test_unmarked_breakdown_found_only_when_the_total_needs_it():
    flat = (
        "项目\t年初预算数（万元）\t决算数（万元）\n"
        "基本支出\t100\t90\n"
        "工资\t60\t55\n"
        "办公\t40\t35\n"
        "项目支出\t50\t45\n"
        "合计\t{a}\t{b}\n")
    parsed = parse_table(make_table(flat.format(a=150, b=135)))
    basic = by_label(parsed, "基本支出")
    assert [k.label for k in parsed.children(basic.index)] == ["工资", "办公"]
    total = by_label(parsed, "合计")
    assert [parsed.row(i).label for i in parsed.total_components(total.index)] == [
        "基本支出", "项目支出"]
    # when the rows foot flat (250 = 100 + 60 + 40 + 50) nothing is regrouped
    kept = parse_table(make_table(flat.format(a=250, b=225)))
    assert all(r.parent is None for r in kept.rows)


def test_side_by_side_table_names_right_half_by_its_own_labels():
    parsed = parse_table(make_table(
        "收入\t金额（万元）\t支出\t金额（万元）\n"
        "财政拨款收入\t100\t基本支出\t70\n"
        "其他收入\t20\t项目支出\t50\n"
        "收入合计\t120\t支出合计\t120\n"))
    assert [c.role for c in parsed.columns] == ["label", "amount", "sublabel", "amount"]
    assert [c.index for c in parsed.numeric_columns()] == [1]
    right = [c for c in parsed.cells if c.col == 3]
    assert [(c.row_label, c.is_total) for c in right] == [
        ("基本支出", False), ("项目支出", False), ("支出合计", True)]


def test_percent_column_without_rate_words_is_not_summed():
    parsed = parse_table(make_table("指标\t目标值（%）\t完成值（%）\n甲\t90\t95\n合计\t90\t95\n"))
    assert [c.role for c in parsed.columns] == ["label", "percent", "percent"]
    assert parsed.numeric_columns(("amount", "number")) == ()
    assert len(parsed.cells) == 4


def test_indented_rows_are_children():
    table = make_table(
        "项目\t决算数（万元）\n"
        "基本支出\t30\n"
        "\u3000\u3000工资\t20\n"
        "\u3000\u3000办公\t10\n"
        "项目支出\t5\n")
    parsed = parse_table(table)
    basic = by_label(parsed, "基本支出")
    assert [k.label for k in parsed.children(basic.index)] == ["工资", "办公"]
    assert by_label(parsed, "项目支出").parent is None


def test_total_first_subtotals_and_grand_total():
    first = parse_table(make_table("项目\t金额（万元）\n合计\t9\n甲\t4\n乙\t5\n"))
    total = by_label(first, "合计")
    assert [first.row(i).label for i in first.total_components(total.index)] == ["甲", "乙"]

    grand = parse_table(make_table(
        "项目\t金额（万元）\n本年收入合计\t100\n年初结转和结余\t20\n收入总计\t120\n"))
    total = by_label(grand, "收入总计")
    assert [grand.row(i).label for i in grand.total_components(total.index)] == [
        "本年收入合计", "年初结转和结余"]

    sub = parse_table(make_table(
        "项目\t金额（万元）\n"
        "甲类项目：\t\n"
        "项目A\t1\n"
        "项目B\t2\n"
        "小计\t3\n"
        "乙类项目：\t\n"
        "项目C\t4\n"
        "小计\t4\n"
        "合计\t7\n"))
    total = by_label(sub, "合计")
    assert [sub.row(i).label for i in sub.total_components(total.index)] == ["小计", "小计"]


def test_repeated_header_and_index_column_skipped():
    parsed = parse_table(make_table(
        "序号\t项目\t金额（万元）\n1\t甲\t4\n序号\t项目\t金额（万元）\n2\t乙\t5\n"))
    assert [r.label for r in parsed.rows] == ["甲", "乙"]
    assert [c.value.value for c in parsed.cells] == [4, 5]


def test_nil_cells_are_not_claims_but_rows_have_numbers():
    parsed = parse_table(make_table("项目\t决算数（万元）\n甲\t-\n乙\t3\n合计\t3\n"))
    assert [c.value.value for c in parsed.cells] == [3, 3]
    assert by_label(parsed, "甲").has_numbers


def test_frame_indexes_values_by_row_label():
    parsed = parse_table(make_table("项目\t年初预算数（万元）\t决算数（万元）\n甲\t4\t3.5\n乙\t5\t\n"))
    frame = parsed.frame
    assert list(frame.index) == ["甲", "乙"]
    assert frame.loc["甲", "决算数（万元）"] == 3.5
    assert frame["决算数（万元）"].isna().tolist() == [False, True]


def test_claims_take_year_from_title_and_ids_from_first_id():
    parsed = parse_table(make_table("项目\t决算数（万元）\n甲\t4\n", title="2023 年支出决算表"))
    claims = table_claims(parsed, table_index=3, first_id=40)
    assert [(c.id, c.year, c.table, c.stage, c.subject) for c in claims] == [
        ("C40", 2023, 3, "决算", "甲")]


@pytest.mark.parametrize("text,value,decimals", [
    ("3269.57", 3269.57, 2), ("0", 0.0, 0), ("1,805.66", 1805.66, 2), ("-4.5", -4.5, 1),
    ("１２.３", 12.3, 1)])
def test_parse_number(text, value, decimals):
    q = parse_number(text, "万元")
    assert (q.value, q.decimals, q.unit) == (value, decimals, "万元")


@pytest.mark.parametrize("text", ["", "二〇二四", "5个项目", "详见附件", "2024年", "（12.5）"])
def test_parse_number_rejects_non_figures(text):
    assert parse_number(text, None) is None


def test_parse_number_keeps_own_unit_and_qualifier():
    assert parse_number("98.5%", "万元").unit == "%"
    about = parse_number("约5", "万元")
    assert (about.value, about.qualifier, about.unit, about.text) == (5.0, "约", "万元", "约5")


def test_title_helpers():
    assert title_year("2024 年部门整体支出基本情况表") == 2024
    assert title_subject("2024 年部门整体支出基本情况表") == "部门整体支出"
    assert title_subject("表 2 三公经费支出明细表") == "三公经费支出"
    assert title_year(None) is None


# ---------------------------------------------------------------- second review (tests/reports
# street_lighting_2024 and ecology_final_accounts_2024): table-reading bugs found there, fixed
# and kept as regression tests.

def _table_findings(text: str, rule: str, title: str = "某市某局2024年度部门决算说明\n\n") -> list:
    from auditor.pipeline import audit_text

    found = []
    for item in audit_text(title + text).findings:
        found.extend(f for f in (item, *item.related)
                     if f.rule == rule and f.severity in ("error", "warning"))
    return found


COMPLETION = ("科目名称\t年初预算数\t决算数\t完成年初预算（%）\n卫生健康支出\t160.00\t156.82\t98.01\n"
              "节能环保支出\t3,850.00\t3,986.47\t103.54\n合计\t4,010.00\t4,143.29\t103.32\n")


def test_percent_column_named_after_a_stage_is_a_rate():
    parsed = parse_table(make_table(COMPLETION))
    assert parsed.columns[3].role in ("ratio", "percent")


def test_percent_column_named_after_a_stage_is_not_summed():
    assert _table_findings("表2 支出决算表（单位：万元）\n" + COMPLETION, "table_sum") == []


def test_change_rate_column_is_recomputed():
    text = ("表1 收入决算情况表（单位：万元）\n项目\t本年决算数\t上年决算数\t增减额\t增减率（%）\n"
            "事业收入\t356.80\t340.50\t16.30\t4.79\n其他收入\t48.65\t52.30\t-3.65\t-6.89\n"
            "本年收入合计\t405.45\t392.80\t12.65\t3.22\n")
    assert [f.line for f in _table_findings(text, "table_ratio")] == [6]


def test_table_text_prose_name_with_zhichu_and_a_stage():
    text = ("公务接待费支出决算 3.64 万元。\n\n表3 “三公”经费支出决算表（单位：万元）\n项目\t预算数\t决算数\n"
            "公务用车运行维护费\t26.00\t21.38\n公务接待费\t5.00\t3.46\n合计\t31.00\t24.84\n")
    assert [f.line for f in _table_findings(text, "table_text")] == [3]


def test_unit_in_the_label_header_applies_to_the_figures():
    parsed = parse_table(make_table("项目资金（万元）\t年初预算数\t全年执行数\n年度资金总额\t860.00\t874.36\n"))
    assert {c.unit for c in parsed.cells} == {"万元"}


def test_project_score_sheet_total_row():
    text = ("项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率（%）\t得分\n"
            "年度资金总额\t860.00\t920.00\t874.36\t10\t95.04\t9.50\n年度总体目标：完成维修任务。\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
            "产出指标\t数量指标\t维修数量\t≥12000 个\t12360 个\t50\t50\n"
            "效益指标\t社会效益指标\t照明覆盖率\t≥95%\t96.80%\t25\t24\n"
            "满意度指标\t满意度指标\t市民满意度\t≥90%\t91.30%\t15\t15\n总分\t\t\t\t\t100\t97.50\n")
    found = (_table_findings(text, "score_sum", "2024年度某某项目支出绩效自评报告\n\n")
             + _table_findings(text, "table_sum", "2024年度某某项目支出绩效自评报告\n\n"))
    assert [(f.line, f.expected) for f in found] == [(10, 98.5)]


@pytest.mark.parametrize("header, role, stage, unit", [
    ("增减额", "change", None, "万元"),
    ("决算数比预算数增减", "change", None, "万元"),  # names two stages, holds neither
    ("同比增长（万元）", "change", None, "万元"),
    ("比上年增减（%）", "change_rate", None, "%"),
    ("增减率（%）", "change_rate", None, "%"),
    ("增长率", "change_rate", None, "%"),
    ("决算数（%）", "percent", None, "%"),  # a percent header is never an amount
    ("完成预算（%）", "ratio", None, "%"),
    ("得分率（%）", "ratio", None, "%"),
    ("分值", "max_score", None, "分"),  # the title's 万元 is not a score's unit
    ("得分", "score", None, "分"),
    ("全年预算数", "amount", "预算", "万元"),
    ("调整预算数", "amount", "调整预算", "万元"),
])
def test_column_roles_of_changes_rates_and_scores(header, role, stage, unit):
    parsed = parse_table(make_table(f"项目\t{header}\n基本支出\t12.50\n项目支出\t7.50\n",
                                    title="表1 收支情况表（单位：万元）"))
    column = parsed.columns[1]
    assert (column.role, column.stage, column.unit) == (role, stage, unit)


def test_unit_in_the_label_header_leaves_columns_with_a_unit_of_their_own_alone():
    parsed = parse_table(make_table("项目资金（万元）\t全年执行数\t执行率（%）\t分值\t得分\n"
                                    "年度资金总额\t874.36\t95.04\t10\t9.50\n"))
    assert [c.unit for c in parsed.columns[1:]] == ["万元", "%", "分", "分"]


def test_unit_of_a_figure_column_is_not_shared():
    parsed = parse_table(make_table("项目\t金额（万元）\t人数\n培训\t12.50\t30\n会议\t6.00\t45\n"))
    assert parsed.columns[2].unit is None


ADJUSTED = "项目\t年初预算数（万元）\t调整预算数（万元）\t全年预算数（万元）\t决算数（万元）\n{rows}"


def test_adjustment_column_beside_opening_and_full_year_budgets_is_a_change():
    # 年初 + 调整 = 全年 on every row: the 调整预算数 column holds the adjustments
    rows = ("基本支出\t900.00\t50.00\t950.00\t940.00\n项目支出\t300.00\t-20.00\t280.00\t270.00\n"
            "合计\t1200.00\t30.00\t1230.00\t1210.00\n")
    parsed = parse_table(make_table(ADJUSTED.format(rows=rows)))
    assert column_roles(parsed)[1:4] == [("amount", "年初预算", "万元"), ("change", None, "万元"),
                                         ("amount", "预算", "万元")]


def test_adjusted_budget_column_holding_budgets_keeps_its_stage():
    rows = ("基本支出\t900.00\t950.00\t950.00\t940.00\n项目支出\t300.00\t280.00\t280.00\t270.00\n"
            "合计\t1200.00\t1230.00\t1230.00\t1210.00\n")
    parsed = parse_table(make_table(ADJUSTED.format(rows=rows)))
    assert column_roles(parsed)[2] == ("amount", "调整预算", "万元")


def test_score_sheet_columns_and_total_row():
    parsed = parse_table(make_table("一级指标\t三级指标\t分值\t得分\n产出指标\t维修数量\t50\t48\n"
                                    "总分\t\t50\t48\n"))
    maximum, score = parsed.score_columns()
    assert (maximum.index, score.index) == (2, 3)
    assert [parsed.is_score_total(r) for r in parsed.rows] == [False, True]
    assert {c.value.kind for c in parsed.cells if c.col >= 2} == {"score"}
