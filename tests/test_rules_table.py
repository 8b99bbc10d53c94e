"""The table rules: table_sum, table_ratio, table_header, table_text."""
from __future__ import annotations


import pytest

from auditor.models import (Claim, Document, Location, Paragraph, Quantity, ReportFacts,
                            SourceDocument, Table)
from auditor.report import Report
from auditor.rules import table_header, table_ratio, table_sum, table_text
from auditor.rules.base import all_rules
from auditor.tables import parse_tables, table_claims

from table_helpers import corpus_lines, make_table, tab_blocks

UNITS = {"万元": ("money", 10000.0, "元"), "元": ("money", 1.0, "元"),
         "亿元": ("money", 1e8, "元"), "%": ("percent", 1.0, "%")}


# ---------------------------------------------------------------- building reports


def paragraph(index: int, text: str, line: int) -> Paragraph:
    return Paragraph(index, text, tuple((line, c + 1) for c in range(len(text))))


def build_report(tables: list[Table], narrative: tuple[Claim, ...] = (),
                 paragraphs: tuple[Paragraph, ...] = (), fiscal_year: int | None = 2024) -> Report:
    parsed = parse_tables(tables)
    claims: list[Claim] = list(narrative)
    for p in parsed:
        claims += table_claims(p, p.index, len(claims) + 1)
    document = Document("test.txt", "text", paragraphs, tuple(tables),
                        SourceDocument("test.txt", "text", ()))
    return Report(document, ReportFacts(fiscal_year, None, None), tuple(claims), (), parsed)


def prose(value: float, unit: str, subject: str, stage: str | None = None, year: int | None = None,
          text: str | None = None, line: int = 1, qualifier: str | None = None,
          context: str = "") -> Claim:
    kind, scale, measure = UNITS[unit]
    shown = text or f"{value}{unit}"
    number = shown.rstrip("%万亿元")
    decimals = len(number.split(".")[1]) if "." in number else 0
    quantity = Quantity(shown, 0, len(shown), value, unit, kind, decimals, qualifier, scale, measure)
    return Claim(f"N{line}", quantity, Location(line, 1), "narrative", subject, stage, year,
                 paragraph=0, context=context or subject)


def findings(rule_module, report: Report):
    return list(rule_module.RULE.check(report))


def corpus_report(name: str) -> Report:
    """A corpus report's tables (tab-separated blocks) and its other lines as paragraphs."""
    tables, others = tab_blocks(corpus_lines(name))
    paragraphs = tuple(paragraph(i, text, n) for i, (n, text) in enumerate(others))
    return build_report(tables, paragraphs=paragraphs)


TABLE_RULES = (table_sum, table_ratio, table_header, table_text)


def test_rules_are_registered_in_the_table_family():
    ids = {r.id: r for r in all_rules()}
    for module in TABLE_RULES:
        rule = ids[module.RULE.id]
        assert rule.family == "table"
        assert "Wrong" in rule.doc and "Right" in rule.doc


# ---------------------------------------------------------------- table_sum

SPENDING = """项目\t年初预算数（万元）\t决算数（万元）
一、基本支出\t{basic_budget}\t{basic}
人员经费\t{staff_budget}\t{staff}
公用经费\t60.20\t55.10
二、项目支出\t300.00\t{project}
其中：信息化项目\t{it_budget}\t{it}
三、其他支出\t0\t0
合计\t{total_budget}\t{total}
"""
CLEAN = dict(basic_budget="560.70", basic="541.90", staff_budget="500.50", staff="486.80",
             project="250.25", it_budget="120.00", it="99.99", total_budget="860.70",
             total="792.15")


def spending(index: int = 0, **changes) -> Table:
    return make_table(SPENDING.format(**{**CLEAN, **changes}), title="2024 年支出决算表",
                      index=index)


def test_table_sum_clean_table_gives_nothing():
    assert findings(table_sum, build_report([spending()])) == []


def test_table_sum_wrong_total_shows_the_arithmetic():
    found = findings(table_sum, build_report([spending(total="792.25")]))
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.severity, f.stated.text, f.expected, f.line) == (
        "table_sum", "error", "792.25", 792.15, 8)
    assert f.message == "合计（决算数）792.25 ≠ 541.90 + 250.25 = 792.15"
    assert sorted(e.claim.text for e in f.evidence) == ["0", "250.25", "541.90"]
    assert {e.role for e in f.evidence} == {"component"}
    assert "≠" in f.message_en


def test_table_sum_wrong_known_breakdown_is_an_error_in_its_column_only():
    found = findings(table_sum, build_report([spending(staff_budget="505.50", total_budget="860.70")]))
    assert [(f.stated.text, f.expected, f.line) for f in found] == [("560.70", 565.7, 2)]
    assert found[0].message.startswith("一、基本支出（年初预算数）560.70 ≠ 505.50 + 60.20")


def test_table_sum_child_exceeding_its_parent_is_an_error():
    found = findings(table_sum, build_report([spending(it="260.00")]))
    assert len(found) == 1
    assert found[0].severity == "error" and found[0].stated.text == "250.25"
    assert "其中" in found[0].message and found[0].expected == 260.0


def test_table_sum_partial_list_smaller_than_parent_is_fine():
    assert findings(table_sum, build_report([spending(it="10.00")])) == []


def test_table_sum_tolerance_from_stated_digits():
    rounded = make_table("项目\t占用（万元）\n甲\t33.3\n乙\t33.3\n丙\t33.3\n合计\t100.0\n")
    assert findings(table_sum, build_report([rounded])) == []  # 99.9 ± 0.15 meets 100.0 ± 0.05
    beyond = make_table("项目\t占用（万元）\n甲\t33.3\n乙\t33.3\n丙\t33.3\n合计\t100.1\n")
    assert len(findings(table_sum, build_report([beyond]))) == 1
    integers = make_table("项目\t金额（万元）\n公务接待费\t4.5\n公务用车\t0\n运行维护费\t1.5\n合计\t6\n")
    assert findings(table_sum, build_report([integers])) == []


def test_table_sum_section_rows_and_units_in_yuan():
    table = make_table(
        "项目\t决算数（元）\n"
        "甲类：\t\n"
        "系统A\t1200\n"
        "系统B\t800\n"
        "乙类：\t\n"
        "系统C\t500\n"
        "总计\t2600\n")
    found = findings(table_sum, build_report([table]))
    assert len(found) == 1
    assert found[0].message == "总计（决算数）2600 ≠ 1200 + 800 + 500 = 2500"


def test_table_sum_subtotals_within_sections():
    text = ("项目\t金额（万元）\n甲类项目：\t\n项目A\t1.20\n项目B\t2.30\n小计\t{sub}\n"
            "乙类项目：\t\n项目C\t4.00\n小计\t4.00\n合计\t{total}\n")
    assert findings(table_sum, build_report([make_table(text.format(sub="3.50", total="7.50"))])) == []
    found = findings(table_sum, build_report([make_table(text.format(sub="3.60", total="7.60"))]))
    assert [(f.stated.text, f.expected) for f in found] == [("3.60", 3.5)]


def test_table_sum_foots_a_table_split_over_pages():
    head = "项目\t决算数（万元）\n一、基本支出\t90.25\n二、项目支出\t45.00\n"
    clean = [make_table(head, index=0, first_line=10),
             make_table("三、其他支出\t5.00\n合计\t140.25\n", index=1, first_line=15)]
    assert findings(table_sum, build_report(clean)) == []
    wrong = [clean[0], make_table("三、其他支出\t5.00\n合计\t141.25\n", index=1, first_line=15)]
    found = findings(table_sum, build_report(wrong))
    assert [(f.line, f.expected) for f in found] == [(16, 140.25)]
    assert sorted(found[0].lines()) == [11, 12, 15, 16]


def test_table_sum_corpus_tables_foot():
    for name in ("000", "004"):
        assert findings(table_sum, corpus_report(name)) == []


# ---------------------------------------------------------------- table_ratio

RATES = """项目\t年初预算数（万元）\t调整预算数（万元）\t决算数（万元）\t执行率（%）
基本支出\t1200.00\t1150.00\t1100.00\t{a}
项目支出\t800.00\t820.00\t656.00\t{b}
其他支出\t0\t0\t0\t0
合计\t2000.00\t1970.00\t1756.00\t{c}
"""


def rates(a="95.65", b="80.00", c="89.14", index: int = 0) -> Table:
    return make_table(RATES.format(a=a, b=b, c=c), index=index)


def test_table_ratio_clean_execution_rates():
    assert findings(table_ratio, build_report([rates()])) == []


def test_table_ratio_execution_rate_over_initial_budget_is_also_what_the_header_says():
    # 1100/1200 = 91.67, 656/800 = 82.00, 1756/2000 = 87.80
    assert findings(table_ratio, build_report([rates("91.67", "82.00", "87.80")])) == []


def test_table_ratio_wrong_cell_is_an_error_with_the_recomputation():
    found = findings(table_ratio, build_report([rates(b="82.50")]))
    assert len(found) == 1
    f = found[0]
    assert (f.severity, f.stated.text, f.expected, f.line) == ("error", "82.50", 80.0, 3)
    assert "656.00 ÷ 820.00 = 80.00%" in f.message
    assert [e.role for e in f.evidence] == ["numerator", "denominator"]


SHARES = """项目\t年初预算数（万元）\t决算数（万元）\t占总支出比例（%）
一、基本支出\t500.00\t450.00\t{a}
二、项目支出\t250.00\t150.00\t{b}
三、其他支出\t0\t0\t0
支出合计\t750.00\t600.00\t{c}
"""


def test_table_ratio_true_share_column_is_clean():
    # 450/600 = 75.00, 150/600 = 25.00
    table = make_table(SHARES.format(a="75.00", b="25.00", c="100.00"))
    assert findings(table_ratio, build_report([table])) == []


def test_table_ratio_mixed_basis_is_not_a_wrong_cell():
    # 基本支出 over 年初 (1100/1200 = 91.67), the rest over 调整: both readings of 执行率
    assert findings(table_ratio, build_report([rates(a="91.67")])) == []


def test_table_ratio_share_header_over_execution_rates_is_one_mislabel_warning():
    # the cells are 决算 ÷ 年初: 450/500 = 90.00, 150/250 = 60.00, 600/750 = 80.00
    table = make_table(SHARES.format(a="90.00", b="60.00", c="80.00"), first_line=10)
    found = findings(table_ratio, build_report([table]))
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.severity, f.stated.text, f.expected, f.line) == (
        "table_ratio", "warning", "80.00", 100.0, 14)
    assert "决算数 ÷ 年初预算数" in f.message and "100%" in f.message
    assert "450.00 ÷ 600.00 = 75.00%" in f.message  # what a share would be
    assert sorted(f.lines()) == [11, 12, 14]


def test_table_ratio_share_column_with_one_wrong_cell():
    table = make_table(SHARES.format(a="75.00", b="35.00", c="100.00"))
    found = findings(table_ratio, build_report([table]))
    assert [(f.severity, f.stated.text, f.expected) for f in found] == [("error", "35.00", 25.0)]


def test_table_ratio_all_zero_column_says_nothing():
    table = make_table(SHARES.format(a="0", b="0", c="0").replace("450.00", "0").replace(
        "150.00", "0").replace("600.00", "0"))
    assert findings(table_ratio, build_report([table])) == []


def test_table_ratio_judges_a_split_column_as_one():
    text = SHARES.format(a="90.00", b="60.00", c="80.00").splitlines()
    head = make_table("\n".join(text[:3]), index=0, first_line=10)
    tail = make_table("\n".join(text[3:]), index=1, first_line=14)
    found = findings(table_ratio, build_report([head, tail]))
    assert [(f.severity, f.line, f.expected) for f in found] == [("warning", 15, 100.0)]


def test_table_ratio_corpus_004_reports_the_two_mislabelled_share_columns():
    found = findings(table_ratio, corpus_report("004"))
    assert [(f.severity, f.line, f.stated.text, f.expected) for f in found] == [
        ("warning", 99, "84.62", 100.0), ("warning", 118, "84.62", 100.0)]
    assert set(found[1].lines()) == {118, 108, 109, 110, 111, 114}
    assert all("年初预算数" in f.message for f in found)


def test_table_ratio_no_findings_in_table_free_corpus_reports():
    assert findings(table_ratio, corpus_report("000")) == []


# ---------------------------------------------------------------- table_header

CATEGORY_TABLE = """{head}\t年初预算数（万元）\t决算数（万元）
信息运维类项目支出：\t\t
云平台运维\t30\t28
合计\t30\t28
"""


def header_report(intro: str, head: str, rows: str | None = None, title: str | None = None):
    text = CATEGORY_TABLE.format(head=head)
    if rows:
        text = text.replace("信息运维类项目支出：", rows)
    table = make_table(text, title=title, first_line=12)
    return build_report([table], paragraphs=(paragraph(0, intro, 10),))


def test_table_header_contradicting_intro_is_a_warning():
    found = findings(table_header, header_report("若有信息化项目支出：", "基建类项目"))
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.severity, f.line, f.stated) == ("table_header", "warning", 12, None)
    assert "基建类" in f.message and "信息类" in f.message and "第 10 行" in f.message


def test_table_header_matching_intro_is_fine():
    assert findings(table_header, header_report("若有信息化项目支出：", "信息化项目")) == []


def test_table_header_uses_the_title_too():
    found = findings(table_header, header_report("下表列示。", "基本建设项目",
                                                 title="信息类项目支出明细表"))
    assert len(found) == 1 and "表题" in found[0].message


def test_table_header_rows_siding_with_the_header_are_no_finding():
    assert findings(table_header, header_report("如有信息类项目支出：", "基建类项目",
                                                rows="基本建设类项目：")) == []


def test_table_header_corpus_004_copied_header():
    found = findings(table_header, corpus_report("004"))
    assert [(f.line, f.subject_text) for f in found] == [(129, "基建类项目")]


# ---------------------------------------------------------------- table_text

TEXT_TABLE = """项目\t年初预算数（万元）\t调整预算数（万元）\t决算数（万元）\t执行率（%）
一、基本支出\t1899.98\t1887.56\t1887.56\t100.00
二、项目支出\t1369.59\t879.08\t879.08\t100.00
本年支出合计\t3269.57\t2766.64\t2766.64\t100.00
"""


def text_report(*claims: Claim, title: str = "2024 年部门整体支出基本情况表") -> Report:
    return build_report([make_table(TEXT_TABLE, title=title, first_line=20)], narrative=claims)


def test_table_text_misquoted_cell_is_an_error():
    claim = prose(1878.56, "万元", "基本支出", stage="决算", text="1878.56万元", line=5)
    found = findings(table_text, text_report(claim))
    assert len(found) == 1
    f = found[0]
    assert (f.severity, f.stated, f.expected, f.line) == ("error", claim, 1887.56, 5)
    assert [e.claim.text for e in f.evidence] == ["1887.56"] and f.lines() == (5, 21)


def test_table_text_correct_quotes_and_rounding_pass():
    claims = (
        prose(1887.56, "万元", "基本支出", stage="决算", text="1887.56万元", line=1),
        prose(1899.98, "万元", "基本支出", stage="年初预算", text="1899.98万元", line=2),
        prose(1369.6, "万元", "项目支出年初预算", stage="年初预算", text="1369.6万元", line=3),
        prose(0.28, "亿元", "部门整体支出", stage="决算", text="0.28亿元", line=4),
        prose(2767, "万元", "支出合计", qualifier="约", text="2767万元", line=5),
        prose(100, "%", "基本支出执行率", text="100%", line=6),
    )
    assert findings(table_text, text_report(*claims)) == []


def test_table_text_prose_total_against_the_total_row():
    claim = prose(2776.64, "万元", "支出合计", stage="决算", text="2776.64万元", line=7)
    found = findings(table_text, text_report(claim))
    assert [(f.stated.text, f.expected) for f in found] == [("2776.64万元", 2766.64)]


def test_table_text_total_named_by_the_table_title():
    claim = prose(2760.00, "万元", "部门整体支出", stage="决算", text="2760.00万元", line=8)
    found = findings(table_text, text_report(claim))
    assert len(found) == 1 and found[0].expected == 2766.64


def test_table_text_rate_against_rate_column():
    claim = prose(98.5, "%", "项目支出执行率", text="98.5%", line=9)
    found = findings(table_text, text_report(claim))
    assert [(f.severity, f.stated.text, f.expected) for f in found] == [("error", "98.5%", 100.0)]


def test_table_text_expected_in_the_prose_unit():
    claim = prose(0.30, "亿元", "部门整体支出", stage="决算", text="0.30亿元")
    found = findings(table_text, text_report(claim))
    assert [f.expected for f in found] == [0.276664]


def test_table_text_share_of_a_total_is_not_the_total_row():
    # 一般公共预算拨款 … 占本年支出合计的 68.23%: the subject names the whole, not the row
    table = make_table("项目\t决算数（万元）\t占比（%）\n基本支出\t450\t75.00\n"
                       "项目支出\t150\t25.00\n本年支出合计\t600\t100.00\n")
    claim = prose(75.00, "%", "占本年支出合计", text="75.00%", context="基本支出占本年支出合计的比例")
    assert findings(table_text, build_report([table], narrative=(claim,))) == []


def test_table_text_other_year_or_unknown_subject_is_not_judged():
    other_year = prose(1500.00, "万元", "基本支出", stage="决算", year=2023, text="1500.00万元")
    unknown = prose(12.00, "万元", "培训费", stage="决算", text="12.00万元")
    generic = prose(500.00, "万元", "支出", text="500.00万元")
    assert findings(table_text, text_report(other_year, unknown, generic)) == []


def test_table_text_prose_stage_without_a_column_compares_all_that_agree():
    # 预算 may be 年初预算 or 调整预算: the prose quoting either is fine, neither is not judged
    # when they differ.
    either = prose(879.08, "万元", "项目支出", stage="预算", text="879.08万元")
    neither = prose(1000.00, "万元", "项目支出", stage="预算", text="1000.00万元")
    assert findings(table_text, text_report(either, neither)) == []


def test_table_text_prose_without_stage_read_as_spent():
    # no stage named: 1887.56 (调整/决算) or 1899.98 (年初) would be a correct quote
    assert findings(table_text, text_report(prose(1899.98, "万元", "基本支出", text="1899.98万元"))) == []
    found = findings(table_text, text_report(prose(1878.56, "万元", "基本支出", text="1878.56万元")))
    assert [(f.severity, f.expected) for f in found] == [("warning", 1887.56)]
    assert found[0].confidence <= 0.6


def test_table_text_ambiguous_rows_are_not_judged():
    # two tables (two projects) each with a 系统运维费 row of different values
    first = make_table("项目\t决算数（万元）\n系统运维费\t75.07\n", index=0)
    second = make_table("项目\t决算数（万元）\n系统运维费\t30.00\n", index=1, first_line=5)
    claim = prose(60.00, "万元", "系统运维费", stage="决算", text="60.00万元")
    assert findings(table_text, build_report([first, second], narrative=(claim,))) == []
    # the same value in both: whichever is meant, the prose is wrong
    same = make_table("项目\t决算数（万元）\n系统运维费\t75.07\n", index=1, first_line=5)
    found = findings(table_text, build_report([first, same], narrative=(claim,)))
    assert [(f.severity, f.expected) for f in found] == [("warning", 75.07)]


@pytest.mark.parametrize("module", TABLE_RULES)
def test_no_false_alarms_on_clean_tables(module):
    text_table = make_table(TEXT_TABLE, title="2024 年部门整体支出基本情况表", index=2)
    claims = (prose(541.90, "万元", "基本支出", stage="决算", text="541.90万元"),
              prose(1887.56, "万元", "基本支出", stage="调整预算", year=2024, text="1887.56万元"))
    report = build_report([spending(), rates(index=1), text_table], narrative=claims)
    assert findings(module, report) == []


# ---------------------------------------------------------------- table_ratio: change columns

INCOME = """项目\t本年决算数（万元）\t上年决算数（万元）\t增减额（万元）\t增减率（%）
财政拨款收入\t4,862.35\t4,615.20\t{change}\t5.36
事业收入\t356.80\t340.50\t16.30\t4.79
其他收入\t48.65\t52.30\t-3.65\t{rate}
本年收入合计\t5,267.80\t5,008.00\t259.80\t5.19
"""


def income(change: str = "247.15", rate: str = "-6.98") -> Table:
    return make_table(INCOME.format(change=change, rate=rate), first_line=10)


def test_table_ratio_clean_change_columns():
    assert findings(table_ratio, build_report([income()])) == []


def test_table_ratio_wrong_change_rate_cell():
    found = findings(table_ratio, build_report([income(rate="-6.89")]))
    assert [(f.severity, f.line, f.stated.text, f.expected) for f in found] == [
        ("error", 13, "-6.89", -6.98)]
    assert found[0].message == "其他收入（增减率）-6.89% ≠ -3.65 ÷ 52.30 = -6.98%（增减额 ÷ 上年决算数）"
    assert found[0].relation.kind == "change_rate"


def test_table_ratio_wrong_change_amount_cell():
    found = findings(table_ratio, build_report([income(change="274.15")]))
    assert [(f.line, f.stated.text, f.expected, f.relation.kind) for f in found] == [
        (11, "274.15", 247.15, "difference")]
    assert "4862.35 − 4615.20 = 247.15" in found[0].message


def test_table_ratio_change_against_budget():
    table = ("项目\t预算数（万元）\t决算数（万元）\t决算数比预算数增减（万元）\n"
             "公务接待费\t5.00\t3.46\t{a}\n公务用车运行维护费\t26.00\t21.38\t-4.62\n"
             "因公出国（境）费\t0\t0\t0\n合计\t31.00\t24.84\t-6.16\n")
    assert findings(table_ratio, build_report([make_table(table.format(a="-1.54"))])) == []
    found = findings(table_ratio, build_report([make_table(table.format(a="-1.45"))]))
    assert [(f.stated.text, f.expected) for f in found] == [("-1.45", -1.54)]
    assert found[0].message.endswith("（决算数 − 预算数）")


def test_table_ratio_growth_between_year_columns():
    table = ("指标\t2024 年\t2023 年\t增减率（%）\n门急诊人次\t86.52\t81.35\t{a}\n"
             "出院人次\t3.66\t3.45\t6.09\n住院手术台次\t12860\t11920\t7.89\n")
    assert findings(table_ratio, build_report([make_table(table.format(a="6.36"))])) == []
    found = findings(table_ratio, build_report([make_table(table.format(a="6.63"))]))
    assert [(f.stated.text, f.expected, f.relation.kind) for f in found] == [("6.63", 6.36, "growth")]


@pytest.mark.parametrize("rows", [
    # a new item (nothing the year before) may be written 100, — or blank
    "财政拨款\t500.00\t400.00\t100.00\t25.00\n事业收入\t60.00\t0\t60.00\t100.00\n"
    "其他收入\t30.00\t40.00\t-10.00\t-25.00\n",
    # decreases written as positive figures: no reading fits every row, none is wrong
    "财政拨款\t500.00\t400.00\t100.00\t25.00\n事业收入\t60.00\t80.00\t20.00\t25.00\n"
    "其他收入\t30.00\t40.00\t10.00\t25.00\n",
    # a column no reading bears out on most rows says nothing
    "财政拨款\t500.00\t400.00\t3.00\t1.50\n事业收入\t60.00\t80.00\t7.00\t2.10\n"
    "其他收入\t30.00\t40.00\t9.00\t3.70\n",
])
def test_table_ratio_change_columns_it_cannot_judge(rows):
    header = "项目\t本年数（万元）\t上年数（万元）\t增减额（万元）\t增减率（%）\n"
    assert findings(table_ratio, build_report([make_table(header + rows)])) == []


# ---------------------------------------------------------------- table_sum: score sheets

FUNDS = ("项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率（%）\t得分\n"
         "年度资金总额\t860.00\t920.00\t874.36\t10\t95.04\t9.50\n"
         "其中：当年财政拨款\t820.00\t880.00\t836.20\t—\t95.02\t—\n")
SHEET = ("一级指标\t二级指标\t三级指标\t分值\t得分\n"
         "产出指标\t数量指标\t维修数量\t{max_a}\t{got_a}\n\t质量指标\t亮灯率\t20\t20\n"
         "效益指标\t社会效益指标\t照明覆盖率\t25\t24\n满意度指标\t满意度指标\t市民满意度\t15\t15\n"
         "总分\t\t\t{max_total}\t{total}\n")


def score_sheet(funds: bool = True, max_a: str = "30", got_a: str = "29", max_total: str = "100",
                total: str = "97.50") -> list[Table]:
    sheet = make_table(SHEET.format(max_a=max_a, got_a=got_a, max_total=max_total, total=total),
                       index=1 if funds else 0, first_line=20)
    return [make_table(FUNDS, first_line=10), sheet] if funds else [sheet]


def test_table_sum_clean_score_sheet_counting_the_funds_block():
    assert findings(table_sum, build_report(score_sheet())) == []


def test_table_sum_score_sheet_total_with_the_funds_block():
    found = findings(table_sum, build_report(score_sheet(total="96.50")))
    assert [(f.line, f.stated.text, f.expected) for f in found] == [(25, "96.50", 97.5)]
    assert found[0].message.startswith("总分（得分）96.50 ≠ 各行得分之和 9.50 + 29 + 20 + 24 + 15")
    assert "资金" in found[0].message and 11 in found[0].lines()


def test_table_sum_self_contained_score_sheet():
    # the rows' 分值 make the 总分 alone: the funds block above is not counted
    sheet = score_sheet(max_a="40", got_a="39", total="98")
    assert findings(table_sum, build_report(sheet)) == []
    found = findings(table_sum, build_report(score_sheet(max_a="40", got_a="39", total="97")))
    assert [(f.stated.text, f.expected) for f in found] == [("97", 98.0)]
    assert "资金" not in found[0].message


def test_table_sum_score_sheet_whose_points_leave_the_total_open_is_not_judged():
    # 分值 90 of 100 and no block above: the 预算执行 points are given elsewhere
    assert findings(table_sum, build_report(score_sheet(funds=False, total="96.50"))) == []


def test_table_sum_score_sheet_with_first_level_subtotals_is_not_judged():
    sheet = make_table("一级指标\t三级指标\t分值\t得分\n产出指标\t\t50\t48\n\t数量\t30\t29\n"
                       "\t质量\t20\t19\n效益指标\t\t50\t45\n\t满意度\t50\t45\n总分\t\t100\t90\n")
    assert findings(table_sum, build_report([sheet])) == []


def test_table_sum_score_above_its_points():
    found = findings(table_sum, build_report(score_sheet(got_a="31", total="99.50")))
    assert [(f.line, f.stated.text, f.expected) for f in found] == [(21, "31", 30.0)]
    assert found[0].message == "维修数量（得分）31 超过其分值 30"


# ---------------------------------------------------------------- table_text: names and stages

def test_table_text_prose_name_with_zhichu():
    table = make_table("项目\t预算数（万元）\t决算数（万元）\n公务接待费\t5.00\t3.46\n"
                       "公务用车运行维护费\t26.00\t21.38\n合计\t31.00\t24.84\n", first_line=20)
    right = prose(3.46, "万元", "公务接待费支出", stage="决算", text="3.46万元")
    assert findings(table_text, build_report([table], narrative=(right,))) == []
    wrong = prose(3.64, "万元", "公务接待费支出", stage="决算", text="3.64万元", line=2)
    found = findings(table_text, build_report([table], narrative=(wrong,)))
    assert [(f.severity, f.line, f.expected) for f in found] == [("error", 2, 3.46)]


def test_table_text_income_row_is_not_the_spending_of_the_same_fund():
    table = make_table("项目\t本年决算数（万元）\n一般公共预算财政拨款收入\t4,862.35\n"
                       "事业收入\t356.80\n本年收入合计\t5,219.15\n", first_line=20)
    claim = prose(4754.35, "万元", "一般公共预算财政拨款支出", text="4,754.35万元")
    assert findings(table_text, build_report([table], narrative=(claim,))) == []


FUNDS_TEXT = ("项目\t年初预算数（万元）\t全年预算数（万元）\t全年执行数（万元）\n"
              "路灯维护资金\t860.00\t920.00\t874.36\n")


def test_table_text_budget_of_a_full_year_budget_column():
    table = make_table(FUNDS_TEXT, first_line=20)
    quotes = (prose(920.00, "万元", "路灯维护资金预算", stage="预算", text="920.00万元"),
              prose(860.00, "万元", "路灯维护资金预算", stage="预算", text="860.00万元", line=2),
              prose(920.00, "万元", "路灯维护资金调整后预算", stage="调整预算", text="920.00万元", line=3))
    assert findings(table_text, build_report([table], narrative=quotes)) == []
    wrong = (prose(902.00, "万元", "路灯维护资金预算", stage="预算", text="902.00万元", line=4),
             prose(902.00, "万元", "路灯维护资金调整后预算", stage="调整预算", text="902.00万元", line=5))
    found = findings(table_text, build_report([table], narrative=wrong))
    assert [(f.line, f.severity, f.expected) for f in found] == [(4, "error", 920.0),
                                                                 (5, "warning", 920.0)]


def test_table_text_prose_quoting_a_change_cell():
    table = make_table("项目\t本年决算数（万元）\t增减额（万元）\n事业收入\t356.80\t16.30\n"
                       "其他收入\t5,031.00\t213.50\n本年收入合计\t5,387.80\t229.80\n", first_line=20)
    claim = prose(229.80, "万元", "本年收入合计", text="229.80万元")
    assert findings(table_text, build_report([table], narrative=(claim,))) == []


def test_table_text_a_prose_total_of_another_fund_or_built_up_is_not_the_tables():
    from auditor.pipeline import audit_text
    text = ("一般公共预算支出执行情况表\n单位：万元\n科目\t调整预算数\t执行数\n教育支出\t95,000\t98,645\n"
            "农林水支出\t66,000\t63,215\n支出合计\t161,000\t161,860\n"
            "（二）政府性基金预算执行情况\n全县政府性基金支出 92,316 万元，调出资金 2,000 万元，支出合计 94,316 万元。\n"
            "（三）收支平衡\n一般公共预算支出 161,860 万元，加上解上级支出 12,480 万元，支出合计 174,340 万元。\n")
    result = audit_text(text)
    assert [f for f in result.findings if f.rule == "table_text"] == []


def test_table_text_a_prose_total_of_next_years_budget_is_not_this_years_table():
    from auditor.pipeline import audit_text
    text = ("某县财政局2023年度部门决算说明\n"
            "一般公共预算支出执行情况表\n单位：万元\n科目\t调整预算数\t执行数\n教育支出\t95,000\t98,645\n"
            "农林水支出\t66,000\t63,215\n支出合计\t161,000\t161,860\n"
            "2023年全县一般公共预算支出完成 161,860 万元，完成调整预算的 100.5%。\n"
            "2024年全县一般公共预算支出安排 170,600 万元，上解上级支出 9,309 万元。支出合计 179,909 万元。\n")
    result = audit_text(text)
    assert result.facts.fiscal_year == 2023
    assert [f for f in result.findings if f.rule == "table_text"] == []
