"""The readings of issue 7 (alarms a reviewer can trust), each with phrasings of our own.

Every case comes in two variants: the consistent one must raise no error or warning, the
inconsistent one (one figure changed) must raise an alarm of the named rule. None is copied
from corpus/real; they vary the wording, the order, the units and the years on purpose.
"""
from __future__ import annotations

import pytest

from auditor.pipeline import audit_text

TITLE = "2024年度某某区民政局部门决算说明\n\n"


def alarms(text: str, title: str = TITLE) -> list:
    result = audit_text(title + text)
    found = []
    for item in result.findings:
        found.extend(f for f in (item, *item.related) if f.severity in ("error", "warning"))
    return found


def rules_of(text: str) -> list[str]:
    return sorted({f.rule for f in alarms(text)})


def check_pair(consistent: str, inconsistent: str, rule: str) -> None:
    assert alarms(consistent) == [], [f.message for f in alarms(consistent)]
    assert rule in rules_of(inconsistent), [f.message for f in alarms(inconsistent)]


# ---------------------------------------------------------------- comparison grammar

# (consistent, inconsistent, rule): the base of a change is the figure the words name, or,
# when none is written, current − change; a rate is checked against that base.
CHANGES = [
    # base not written: 比上年 … 增加 C，增长 P% → P = C ÷ (current − C)
    ("公用经费支出 150.00 万元，比上年增加 30.00 万元，增长 25.00%。",
     "公用经费支出 150.00 万元，比上年增加 30.00 万元，增长 20.00%。", "difference"),
    ("会议费 12.6 万元，较上年度减少 1.4 万元，下降 10%。",
     "会议费 12.6 万元，较上年度减少 1.4 万元，下降 11.1%。", "difference"),
    # 增收 / 减收 are change words
    ("税收收入 5,200 万元，同比增收 400 万元，增长 8.3%。",
     "税收收入 5,200 万元，同比增收 400 万元，增长 7.7%。", "difference"),
    ("非税收入完成 880 万元，同比减收 120 万元，下降 12%。",
     "非税收入完成 880 万元，同比减收 120 万元，下降 13.6%。", "difference"),
    # the comparison in the clause before (与上年相比，…)
    ("本年支出 2,400.00 万元，与上年相比，减少 600.00 万元，下降 20.00%。",
     "本年支出 2,400.00 万元，与上年相比，减少 600.00 万元，下降 25.00%。", "difference"),
    # the base written after 比 (比上年同期 B 增收 C)
    ("上半年收入 3,300 万元，比上年同期 3,000 万元增收 300 万元，增长 10%。",
     "上半年收入 3,300 万元，比上年同期 3,000 万元增收 330 万元，增长 10%。", "difference"),
    # the named year's figure is the base, whichever comes first
    ("2023 年支出 800.00 万元，2024 年支出 1,000.00 万元，较 2023 年增加 200.00 万元，增长 25.00%。",
     "2023 年支出 800.00 万元，2024 年支出 1,000.00 万元，较 2023 年增加 250.00 万元，增长 25.00%。",
     "difference"),
    # several items, each compared with its own last year (no reaching back to the total's)
    ("“三公”经费 60 万元，较 2023 年的 70 万元减少 10 万元；其中：公务接待费 20 万元，较上年减少 5 万元，"
     "下降 20%；公务用车运行维护费 40 万元，较上年减少 5 万元，下降 11.1%。",
     "“三公”经费 60 万元，较 2023 年的 70 万元减少 10 万元；其中：公务接待费 20 万元，较上年减少 5 万元，"
     "下降 25%；公务用车运行维护费 40 万元，较上年减少 5 万元，下降 11.1%。", "difference"),
    # Traditional characters read as Simplified (佔, a variant the character map leaves out)
    ("民生支出 173.9 億元，佔一般公共預算支出 207.5 億元的 83.8%，比上年增加 12.4 億元，增長 7.7%。",
     "民生支出 173.9 億元，佔一般公共預算支出 207.5 億元的 88.3%，比上年增加 12.4 億元，增長 7.7%。",
     "ratio"),
    # Traditional characters read as Simplified
    ("稅收收入 1,100 萬元，較上年同期增長 10%，增收 100 萬元。本年支出 200 萬元，比上年減少 50 萬元，下降 20%。",
     "稅收收入 1,100 萬元，較上年同期增長 10%，增收 100 萬元。本年支出 200 萬元，比上年減少 50 萬元，下降 25%。",
     "difference"),
]


@pytest.mark.parametrize("consistent, inconsistent, rule", CHANGES)
def test_a_change_is_read_by_its_comparison(consistent, inconsistent, rule):
    check_pair(consistent, inconsistent, rule)


@pytest.mark.parametrize("text", [
    # rates stated without a change amount or a written base: only the parts' growths
    # weighing into the total's can be checked, and they do
    "一般公共预算收入 12.5 亿元，增长 6.2%；其中税收收入 9.1 亿元，增长 3.4%；非税收入 3.4 亿元，增长 15.1%。",
    "本年收入 500 万元，支出 480 万元，比上年收入增加 12%，支出比上年增加 9%。",
    # a saving rate is not a decrease against the figures beside it
    "项目资金 300 万元，实际支出 270 万元，资金节约 10%。",
    # a change of each of two items: not one figure stated twice
    "基本支出 900 万元，比上年减少 100 万元；项目支出 600 万元，比上年减少 200 万元。",
    # 下降 P 个百分点 is a change of a rate, never a rate of change
    "预算执行率 95.3%，比上年下降 2.1 个百分点。",
    # the same rate words for different items
    "税收收入同比下降 6.5%。非税收入同比下降 28.7%。",
])
def test_no_alarm_where_the_words_state_no_checkable_comparison(text):
    assert alarms(text) == [], [f.message for f in alarms(text)]


# ---------------------------------------------------------------- list scope

LISTS = [
    # the list ends where a new computation starts (；加 …)
    ("一般公共预算收入 800 万元，其中税收收入 500 万元，非税收入 300 万元；加上级补助收入 200 万元，"
     "上年结余 50 万元，收入合计 1,050 万元。",
     "一般公共预算收入 800 万元，其中税收收入 500 万元，非税收入 350 万元；加上级补助收入 200 万元，"
     "上年结余 50 万元，收入合计 1,050 万元。", "sum"),
    # a sibling after the items: the first items meet the total exactly
    ("全区收入 620 万元，其中：税收 400 万元；非税 220 万元；基金收入 35 万元。",
     "全区收入 620 万元，其中：税收 400 万元；非税 230 万元；基金收入 35 万元。", "sum"),
]


@pytest.mark.parametrize("consistent, inconsistent, rule", LISTS)
def test_a_list_keeps_its_scope(consistent, inconsistent, rule):
    check_pair(consistent, inconsistent, rule)


@pytest.mark.parametrize("text", [
    # 其中 may list only part: a shortfall no slip explains is not an alarm
    "本年支出 1,000.00 万元，其中人员经费 612.40 万元，公用经费 88.10 万元。",
    "收入合计 2,500 万元，主要用于：人员工资 1,200 万元、办公设备 300 万元等。",
    # a change is no total of the levels that follow
    "“三公”经费 30.00 万元，比上年增加 8.00 万元。其中：公务接待费 10.00 万元，公务用车运行费 20.00 万元。",
])
def test_a_partial_list_that_falls_short_is_not_an_alarm(text):
    assert alarms(text) == [], [f.message for f in alarms(text)]


def test_a_partial_list_whose_gap_a_slip_explains_is_an_alarm_naming_the_slip():
    # 43.2 for 43.29: the one figure that makes the list add up exactly was cut, not rounded
    text = "基本支出 1,506.29 万元，其中工资福利 1,200.00 万元，商品和服务 263.00 万元，对个人和家庭补助 43.2 万元。"
    [found] = [f for f in alarms(text) if f.rule == "sum"]
    assert found.severity == "warning" and found.slip is not None
    assert "43.2" in found.message and "43.29" in found.message


# ---------------------------------------------------------------- shares and rates

RATES = [
    # a share of a named base is checked only against that base
    ("收入完成 300 万元，占年初预算 400 万元的 75%。其中：甲部门完成 120 万元，占任务数的 60%；"
     "乙部门完成 180 万元，占任务数的 90%。",
     "收入完成 300 万元，占年初预算 400 万元的 75%。其中：甲部门完成 120 万元，占任务数的 60%；"
     "乙部门完成 180 万元，占任务数的 90%，为年初预算 400 万元的 50%。", "ratio"),
    # a rate's operands end at another item's rate
    ("两个项目预算 250.00 万元，支出 225.00 万元，整体执行率 90.00%：甲项目支出 100.00 万元，执行率 80.00%；"
     "乙项目预算 125.00 万元，实际支出 125.00 万元，执行率为 100.00%。",
     "两个项目预算 250.00 万元，支出 225.00 万元，整体执行率 90.00%：甲项目支出 100.00 万元，执行率 80.00%；"
     "乙项目预算 125.00 万元，实际支出 125.00 万元，执行率为 96.00%。", "ratio"),
]


@pytest.mark.parametrize("consistent, inconsistent, rule", RATES)
def test_a_rate_takes_its_own_item_figures(consistent, inconsistent, rule):
    check_pair(consistent, inconsistent, rule)


@pytest.mark.parametrize("text", [
    "一般公共预算收入完成 36.82 亿元，为预算调整数的 102.3%。",
    "自筹资金支出 2,960 万元，超出计划安排资金 3.3%。",
    "总收入 10,117 万元，完成预算数 107.06%。",
])
def test_a_percentage_of_a_named_base_is_no_mislabelled_amount(text):
    assert alarms(text) == [], [f.message for f in alarms(text)]


# ---------------------------------------------------------------- restatements and years

@pytest.mark.parametrize("text", [
    # the same words for different parents
    "财政总收入 900 万元，其中：税收收入 600 万元，非税收入 300 万元。\n\n"
    "地方收入按构成分：税收收入 350 万元，非税收入 150 万元。",
    # a change and a level of one item
    "项目支出预算减少 120.00 万元。\n\n项目支出 880.00 万元，主要用于设备购置。",
])
def test_the_same_words_for_different_quantities_are_no_conflict(text):
    assert [f for f in alarms(text) if f.rule == "conflict"] == []


def test_the_same_quantity_stated_twice_with_two_values_is_a_conflict():
    text = "全年公务接待费支出决算 3.46 万元，主要用于上级检查。\n\n全年公务接待费支出决算 3.64 万元，较上年有所下降。"
    assert "conflict" in rules_of(text)


@pytest.mark.parametrize("text", [
    "2024 年度收入合计 7,000.00 万元，2023 年度相比，减少 500.00 万元，下降 6.7%。",
    "收支较上年减少 900 万元，主要原因是 2023 年一次性项目支出 900 万元，2024 年无该项目。",
])
def test_another_year_named_to_compare_or_explain_is_no_wrong_year(text):
    assert [f for f in alarms(text) if f.rule == "year"] == []


def test_a_page_title_field_gives_the_fiscal_year():
    text = ("标题 : 某市人民政府关于 2021 年市级预算调整方案的报告\n\n一、预算调整事项\n"
            "截至目前，共下达我市 2021 年新增债务限额 100 亿元，其中一般债务 30 亿元、专项债务 70 亿元。\n")
    result = audit_text(text)
    assert result.facts.fiscal_year == 2021
    assert [f for f in result.findings if f.rule == "year"] == []


# ---------------------------------------------------------------- structure

def test_a_table_of_contents_is_no_run_of_empty_sections():
    text = ("某区财政局 2024 年度部门决算\n\n目 录\n一、部门职责\n二、收支总体情况\n三、其他事项\n\n"
            "一、部门职责\n负责全区财政管理工作。\n二、收支总体情况\n收入 100 万元，支出 100 万元。\n"
            "三、其他事项\n无。\n")
    assert [f for f in audit_text(text).findings if f.rule == "completeness"] == []


CODED = "支出决算表\n单位：万元\n{header}\n{total}\n{rows}\n"


def _coded_table(rows: list[str], header: str, total: str) -> str:
    return CODED.format(header=header, total=total, rows="\n".join(rows))


@pytest.mark.parametrize("header, total, rows", [
    # one code column
    ("科目编码\t科目名称\t合计\t基本支出\t项目支出", "\t合计\t120.00\t80.00\t40.00",
     ["205\t教育支出\t120.00\t80.00\t40.00", "20501\t教育管理事务\t120.00\t80.00\t40.00",
      "2050101\t行政运行\t80.00\t80.00\t0.00", "2050199\t其他教育管理事务支出\t40.00\t0.00\t40.00"]),
    # 类 / 款 / 项 columns
    ("类\t款\t项\t科目名称\t合计\t基本支出\t项目支出", "\t\t\t合计\t120.00\t80.00\t40.00",
     ["205\t\t\t教育支出\t120.00\t80.00\t40.00", "205\t01\t\t教育管理事务\t120.00\t80.00\t40.00",
      "205\t01\t01\t行政运行\t80.00\t80.00\t0.00", "205\t01\t99\t其他教育管理事务支出\t40.00\t0.00\t40.00"]),
    # the code opening the label
    ("功能分类科目\t合计\t基本支出\t项目支出", "合计\t120.00\t80.00\t40.00",
     ["205 教育支出\t120.00\t80.00\t40.00", "20501 教育管理事务\t120.00\t80.00\t40.00",
      "2050101 行政运行\t80.00\t80.00\t0.00", "2050199 其他教育管理事务支出\t40.00\t0.00\t40.00"]),
])
def test_classification_codes_give_the_row_hierarchy(header, total, rows):
    assert alarms(_coded_table(rows, header, total)) == []
    # a 项 row changed: its 款 row no longer foots
    broken = [r.replace("40.00\t0.00\t40.00", "45.00\t0.00\t45.00") for r in rows]
    assert "table_sum" in {f.rule for f in alarms(_coded_table(broken, header, total))}


# ---------------------------------------------------------------- a total's change and its parts' changes

CHANGE_SUMS = [
    ("部门支出预算 2,000.00 万元，比上年增加 150.00 万元。其中基本支出 1,200.00 万元，比上年增加 90.00 万元；"
     "项目支出 800.00 万元，比上年增加 60.00 万元。",
     "部门支出预算 2,000.00 万元，比上年增加 150.00 万元。其中基本支出 1,200.00 万元，比上年增加 90.00 万元；"
     "项目支出 800.00 万元，比上年增加 66.00 万元。", "change_sum"),
    # signed: one part up, one down, one flat
    # (whole 万元 stand for ± 0.5 each: the slip must exceed what rounding allows)
    ("“三公”经费 40.0 万元，较上年减少 5.0 万元；其中：因公出国（境）费 0 万元，与上年持平；公务接待费 12.0 万元，"
     "较上年增加 3.0 万元；公务用车运行维护费 28.0 万元，较上年减少 8.0 万元。",
     "“三公”经费 40.0 万元，较上年减少 5.0 万元；其中：因公出国（境）费 0 万元，与上年持平；公务接待费 12.0 万元，"
     "较上年增加 3.0 万元；公务用车运行维护费 28.0 万元，较上年减少 9.0 万元。", "change_sum"),
]


@pytest.mark.parametrize("consistent, inconsistent, rule", CHANGE_SUMS)
def test_a_totals_change_is_the_sum_of_its_parts_changes(consistent, inconsistent, rule):
    check_pair(consistent, inconsistent, rule)


def test_parts_that_are_not_the_whole_say_nothing_of_the_totals_change():
    # 1,200 + 700 ≠ 2,000: the parts are not the whole, so their changes need not add up
    text = ("部门支出预算 2,000.00 万元，比上年增加 150.00 万元。其中基本支出 1,200.00 万元，比上年增加 90.00 万元；"
            "项目支出 700.00 万元，比上年增加 10.00 万元。")
    assert [f for f in alarms(text) if f.rule == "change_sum"] == []
