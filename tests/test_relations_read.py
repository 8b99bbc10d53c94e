"""Relations of issue 10 (read the relations reviewers check), each in phrasings of our own.

For each reading: the consistent text raises no error or warning *and* every figure of the
relation is verified (the relation was read, not merely left alone); the inconsistent text
(one figure changed) raises an alarm of the named rule. None is copied from corpus/real.
"""
from __future__ import annotations

import pytest

from auditor.pipeline import audit_text

TITLE = "关于某某县2024年预算执行情况的报告\n\n"


def audited(text: str):
    return audit_text(TITLE + text)


def alarms(result) -> list:
    return [f for item in result.findings for f in (item, *item.related)
            if f.severity in ("error", "warning")]


def status_of(result, figure: str) -> str:
    """The status of the claim written ``figure`` (the first one)."""
    for claim in result.claims:
        if "".join(claim.text.split()) == figure:
            return result.status.get(claim.id, "unchecked")
    raise AssertionError(f"no claim {figure}")


def check_reading(consistent: str, inconsistent: str | None, rule: str, figures: list[str]) -> None:
    result = audited(consistent)
    assert alarms(result) == [], [f.message for f in alarms(result)]
    assert {f: status_of(result, f) for f in figures} == {f: "verified" for f in figures}
    if inconsistent is not None:
        wrong = alarms(audited(inconsistent))
        assert rule in {f.rule for f in wrong}, [f.message for f in wrong]


# ---------------------------------------------------------------- 加 … 合计: a built-up total

BUILD_UPS = [
    # the first figure in the same sentence, 加上 after a ；
    ("全县一般公共预算收入完成 52,300 万元；加上级补助收入 88,120 万元、上年结转 4,580 万元、调入资金 9,000 万元，"
     "收入总计 154,000 万元。",
     "全县一般公共预算收入完成 52,300 万元；加上级补助收入 88,120 万元、上年结转 4,580 万元、调入资金 9,000 万元，"
     "收入总计 155,000 万元。",
     "sum", ["52,300万元", "88,120万元", "4,580万元", "9,000万元", "154,000万元"]),
    # the first figure a sentence back, behind a 其中 list; 亿元; 合计为
    ("全市一般公共预算支出 61.45 亿元，同比增长 3.2%。其中，民生支出 48.10 亿元。加上解上级支出 2.30 亿元，"
     "债务还本支出 1.75 亿元，支出合计为 65.50 亿元。",
     "全市一般公共预算支出 61.45 亿元，同比增长 3.2%。其中，民生支出 48.10 亿元。加上解上级支出 2.30 亿元，"
     "债务还本支出 1.75 亿元，支出合计为 66.50 亿元。",
     "sum", ["61.45亿元", "2.30亿元", "1.75亿元", "65.50亿元"]),
    # of two figures before 加, the total's share (其中 …) is the one that adds up
    ("镇级财政总收入 9,860 万元，其中地方一般公共预算收入 3,240 万元，加转移支付收入 5,100 万元、上年结余 410 万元，"
     "收入总量 8,750 万元。",
     None, "sum", ["3,240万元", "5,100万元", "410万元", "8,750万元"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", BUILD_UPS)
def test_a_built_up_total_is_its_first_figure_plus_the_added_ones(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


def test_added_items_named_without_figures_make_no_sum():
    # 加上中央补助、债务收入等: the items have no figures, nothing can be added
    result = audited("全市一般公共预算收入 2,600 亿元，加上中央补助、地方政府债务收入等，收入总量为 7,100 亿元。")
    assert alarms(result) == []
    assert status_of(result, "7,100亿元") == "unchecked"


def test_a_build_up_no_reading_explains_is_left_unchecked():
    # neither 9,860 nor 3,240 plus the added figures gives 20,000: no alarm without a slip
    result = audited("镇级财政总收入 9,860 万元，其中地方一般公共预算收入 3,240 万元，加转移支付收入 5,100 万元、"
                     "上年结余 410 万元，收入总量 20,000 万元。")
    assert alarms(result) == []


def test_a_verb_beginning_with_jia_opens_no_build_up():
    result = audited("项目支出 300 万元，加强资金管理，节约 20 万元，合计使用 280 万元。")
    assert [f for f in alarms(result) if f.rule == "sum"] == []


# ---------------------------------------------------------------- 增长 P%，增收 C: the rate first

RATE_FIRSTS = [
    ("1—6 月，全县税收收入 4,400 万元，同比增长 10.0%，增收 400 万元。",
     "1—6 月，全县税收收入 4,400 万元，同比增长 12.0%，增收 400 万元。",
     "difference", ["10.0%", "400万元"]),
    ("非税收入 1,350.0 万元，比上年下降 10.0%，减收 150.0 万元。",
     "非税收入 1,350.0 万元，比上年下降 10.0%，减收 250.0 万元。",
     "difference", ["10.0%", "150.0万元"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", RATE_FIRSTS)
def test_a_rate_written_before_its_change_amount_is_checked(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


def test_a_rate_on_another_basis_is_not_paired_with_the_amount():
    # 同口径 rate, amount against last year's reported figure: no implied-rate alarm
    result = audited("地方收入(同口径)完成 30,000 万元，同比增长 12.0%，增收 4,400 万元。")
    assert [f for f in alarms(result) if f.rule == "difference"] == []


# ---------------------------------------------------------------- a change explained by its parts' changes

CAUSES = [
    ("本年支出较上年增加 86.40 万元，主要是人员经费增加 50.10 万元，公用经费增加 36.30 万元。",
     "本年支出较上年增加 86.40 万元，主要是人员经费增加 50.10 万元，公用经费增加 38.30 万元。",
     "change_sum", ["86.40万元", "50.10万元", "36.30万元"]),
    # signed parts: one up, two down
    ("收入总计比上年减少 120.5 万元，主要原因是财政拨款收入减少 180.0 万元，事业收入增加 75.5 万元，其他收入减少 16.0 万元。",
     None, "change_sum", ["120.5万元", "180.0万元", "75.5万元", "16.0万元"]),
    # one part carries the whole change
    ("一般公共预算财政拨款支出较 2023 年减少 44.2 万元，主要系基本建设项目支出减少 44.2 万元。",
     None, "change_sum", ["44.2万元"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", CAUSES)
def test_a_change_explained_by_its_parts_changes(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


def test_parts_that_explain_only_part_of_a_change_raise_nothing():
    # 主要是: other parts may be left out; 60 of 86.40 is no slip
    result = audited("本年支出较上年增加 86.40 万元，主要是人员经费增加 60.00 万元。")
    assert alarms(result) == []


# ---------------------------------------------------------------- where the compared figure stands

CURRENTS = [
    # a sentence opening with its comparison: the one amount of the sentence before
    ("（一）收入情况：1,240.50 万元。同比上年度增加 140.50 万元，增长 12.77%。",
     "（一）收入情况：1,240.50 万元。同比上年度增加 140.50 万元，增长 11.33%。",
     "difference", ["1,240.50万元", "140.50万元", "12.77%"]),
    # 收支 names the whole accounts: the total the sentence before states twice
    ("2024 年度收入总计 980.00 万元，支出总计 980.00 万元。收、支与 2023 年度相比，增加 80.00 万元，增长 8.89%。",
     "2024 年度收入总计 980.00 万元，支出总计 980.00 万元。收、支与 2023 年度相比，增加 80.00 万元，增长 8.16%。",
     "difference", ["80.00万元", "8.89%"]),
    # the rate first, no comparison word at all
    ("—商业税收 52,400 万元，增长 5.0%，增收 2,495 万元；其他税收 8,100 万元。",
     "—商业税收 52,400 万元，增长 5.0%，增收 3,495 万元；其他税收 8,100 万元。",
     "difference", ["52,400万元", "5.0%", "2,495万元"]),
    # 同比 restating the amount's own comparison with the year before
    ("办公费 247.0 万元，较上年减少 13.0 万元，同比下降 5.0%。",
     "办公费 247.0 万元，较上年减少 13.0 万元，同比下降 6.0%。",
     "difference", ["247.0万元", "13.0万元", "5.0%"]),
    # no comparison word at all: an amount and its rate compare with the year before
    ("其中：县本级完成 36.30 亿元，增加 3.30 亿元，增长 10.0%。",
     "其中：县本级完成 36.30 亿元，增加 3.30 亿元，增长 9.1%。",
     "difference", ["36.30亿元", "3.30亿元", "10.0%"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", CURRENTS)
def test_the_figure_a_change_is_of(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


def test_a_comparison_naming_another_item_does_not_reach_back():
    # 公务接待费 is not the 会议费 of the sentence before: no current, no check
    result = audited("会议费 12.00 万元。公务接待费较上年增加 2.00 万元，增长 25.00%。")
    assert alarms(result) == []
    assert status_of(result, "25.00%") == "unchecked"


def test_a_rate_after_another_comparison_is_not_the_amounts():
    # 较年初预算减少 C, then 同比下降 P%: two comparisons, two bases
    result = audited("办公费 247.0 万元，较年初预算减少 13.0 万元，同比下降 9.0%。")
    assert alarms(result) == []


def test_totals_of_two_values_before_give_no_current():
    result = audited("收入总计 980.00 万元，支出总计 960.00 万元。收支较上年增加 80.00 万元，增长 8.89%。")
    assert status_of(result, "8.89%") == "unchecked"


# ---------------------------------------------------------------- lists and rates

LISTS = [
    # one part under 其中 cannot exceed its total
    ("2024 年年初预算数 512.40 万元，其中：一般公共预算拨款 512.40 万元。",
     "2024 年年初预算数 512.40 万元，其中：一般公共预算拨款 512.90 万元。",
     "sum", ["512.40万元"]),
    # figures named after them (30 万元用于…), the total a sentence back
    ("本项目批复资金 75.0 万元。其中：25.0 万元用于设备购置；35.0 万元用于人员培训；15.0 万元用于宣传。",
     "本项目批复资金 75.0 万元。其中：25.0 万元用于设备购置；36.0 万元用于人员培训；15.0 万元用于宣传。",
     "sum", ["75.0万元", "25.0万元", "35.0万元", "15.0万元"]),
    # 支出进度: what was spent of what was budgeted
    ("防汛物资项目年初预算数 40 万元，年末结算支出 36 万元，项目资金支出进度为 90%。",
     "防汛物资项目年初预算数 40 万元，年末结算支出 36 万元，项目资金支出进度为 80%。",
     "ratio", ["40万元", "36万元", "90%"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", LISTS)
def test_lists_and_rates(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


def test_one_part_short_of_its_total_says_nothing():
    result = audited("2024 年年初预算数 512.40 万元，其中：一般公共预算拨款 480.00 万元。")
    assert alarms(result) == []


# ---------------------------------------------------------------- a list over the paragraphs that follow

PARAGRAPH_LISTS = [
    ("2024 年区级非税收入 46.20 亿元，其中：\n1.专项收入 12.40 亿元，比上年增长 3.1%。\n"
     "2.行政事业性收费收入 8.90 亿元。\n3.国有资源（资产）有偿使用收入 24.90 亿元。\n（二）支出情况\n",
     "2024 年区级非税收入 46.20 亿元，其中：\n1.专项收入 12.40 亿元，比上年增长 3.1%。\n"
     "2.行政事业性收费收入 9.90 亿元。\n3.国有资源（资产）有偿使用收入 24.90 亿元。\n（二）支出情况\n",
     "sum", ["46.20亿元", "12.40亿元", "8.90亿元", "24.90亿元"]),
    # the total the words name (税收项目情况如下：), sub-items (1) … left out
    ("全县税收收入 30,500 万元，同比增长 4.0%。主要税收项目情况如下：\n1.增值税 14,200 万元；\n"
     "（1）国内增值税 14,000 万元；\n2.企业所得税 9,300 万元；\n3.其他税收 7,000 万元。\n",
     None, "sum", ["30,500万元", "14,200万元", "9,300万元", "7,000万元"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", PARAGRAPH_LISTS)
def test_a_list_over_the_following_paragraphs(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


def test_a_ratio_base_before_the_cue_is_no_total():
    # 完成年初预算 245,800 万元的 59.7%: the base of a ratio, not the list's total
    text = ("全区财政收入完成 146,800 万元，完成年初预算 245,800 万元的 59.7%，项目完成情况如下：\n"
            "1)税收收入 112,400 万元；\n2)非税收入 34,400 万元。\n")
    result = audited(text)
    assert [f for f in alarms(result) if f.rule == "sum"] == []


# ---------------------------------------------------------------- readings the held-out batch asked for

def test_a_second_list_after_a_semicolon_names_its_own_total():
    # 支出包括 belongs to the 总预算, not to 上年结转 (the first list's last item)
    text = ("2024 年财政拨款收支总预算 1,250.00 万元。收入包括：一般公共预算拨款 1,200.00 万元、上年结转 50.00 万元；"
            "支出包括：教育支出 1,000.00 万元、社会保障和就业支出 150.00 万元、住房保障支出 100.00 万元。")
    assert alarms(audited(text)) == []


def test_points_above_the_calendar_are_no_restatement():
    text = ("全市一般公共预算收入完成 820.5 亿元，占预算的 58.2%，超过时间进度 8.2 个百分点。\n\n"
            "全市一般公共预算支出完成 1,310.2 亿元，占预算的 52.9%，超过时间进度 2.9 个百分点。")
    assert [f for f in alarms(audited(text)) if f.rule == "conflict"] == []


def test_a_year_named_comparison_restated_by_tongbi():
    check_reading("上半年税收收入 1,320.0 亿元，与 2023 年上半年相比增加了 120.0 亿元，同比增长 10.0%。",
                  "上半年税收收入 1,320.0 亿元，与 2023 年上半年相比增加了 120.0 亿元，同比增长 12.0%。",
                  "difference", ["120.0亿元", "10.0%"])


def test_a_list_continued_past_the_sentence_end():
    check_reading("全县一般公共预算收入 64.30 亿元，增长 5.2%。其中，税收收入 41.10 亿元，增长 3.0%。非税收入 23.20 亿元，增长 9.4%。",
                  None, "sum", ["64.30亿元", "41.10亿元", "23.20亿元"])
    # the next sentence's figure does not complete the list: the list stays as written
    result = audited("全县一般公共预算收入 64.30 亿元。其中，税收收入 41.10 亿元。上级补助收入 30.00 亿元。")
    assert status_of(result, "30.00亿元") == "unchecked"


def test_a_rate_off_by_a_power_of_ten_is_a_slip_not_a_pairing_to_drop():
    wrong = alarms(audited("绿化养护项目全年预算数 40.00 万元，全年执行数 36.00 万元，预算执行率 9.00%。"))
    assert "ratio" in {f.rule for f in wrong}, [f.message for f in wrong]


def test_tax_and_non_tax_revenue_are_the_whole_of_a_revenue_total():
    # 其中 税收收入 + 非税收入: the whole, so a shortfall is an error, not a partial list
    check_reading("全镇一般公共预算收入 520.0 万元，其中：税收收入 380.0 万元，非税收入 140.0 万元。",
                  "全镇一般公共预算收入 520.0 万元，其中：税收收入 330.0 万元，非税收入 140.0 万元。",
                  "sum", ["520.0万元", "380.0万元", "140.0万元"])


# ---------------------------------------------------------------- accounts netted

NETTINGS = [
    ("上年结转结余 120.00 万元，加本年收入 3,400.00 万元，减本年支出 3,300.00 万元，年末结转结余 220.00 万元。",
     "上年结转结余 120.00 万元，加本年收入 3,400.00 万元，减本年支出 3,300.00 万元，年末结转结余 202.00 万元。",
     "balance", ["120.00万元", "3,400.00万元", "3,300.00万元", "220.00万元"]),
    ("基金收入合计 8,840 万元。\n\n基金支出合计 7,915 万元。\n\n上述收支相抵，年终结余 925 万元，全部结转下年使用。",
     "基金收入合计 8,840 万元。\n\n基金支出合计 7,915 万元。\n\n上述收支相抵，年终结余 952 万元，全部结转下年使用。",
     "balance", ["8,840万元", "7,915万元", "925万元"]),
    # the totals in the cue's own sentence
    ("政府性基金收入合计 94,751 万元；政府性基金支出 92,316 万元，调出资金 2,000 万元，支出合计 94,316 万元；收支相抵，结余 435 万元。",
     "政府性基金收入合计 94,751 万元；政府性基金支出 92,316 万元，调出资金 2,000 万元，支出合计 94,316 万元；收支相抵，结余 453 万元。",
     "balance", ["94,751万元", "94,316万元", "435万元"]),
    # a fund's plain income and spending, 当年收支结余
    ("全县社会保险基金预算收入 63,580 万元，支出 58,942 万元，当年收支结余 4,638 万元，年末滚存结余 47,265 万元。",
     "全县社会保险基金预算收入 63,580 万元，支出 58,942 万元，当年收支结余 4,683 万元，年末滚存结余 47,265 万元。",
     "balance", ["63,580万元", "58,942万元", "4,638万元"]),
    # 总计 that leave out the carry-over: the carry-over is what is netted
    ("全镇收入总计 13,758 万元，支出总计 13,556 万元，收支相抵，当年结余 202 万元。",
     "全镇收入总计 13,758 万元，支出总计 13,556 万元，收支相抵，当年结余 220 万元。",
     "balance", ["13,758万元", "13,556万元", "202万元"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", NETTINGS)
def test_accounts_netted(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


# ---------------------------------------------------------------- a one-row 自评表

ONE_ROW = "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n年度资金总额\t{a}\t{b}\t{c}\t10\t{rate}\t{score}\n"


def test_a_one_row_execution_rate_is_judged_by_its_header():
    good = audited(ONE_ROW.format(a="120.00", b="150.00", c="135.00", rate="90.00%", score="9"))
    assert [f for f in alarms(good) if f.rule == "table_ratio"] == []
    bad = alarms(audited(ONE_ROW.format(a="120.00", b="150.00", c="135.00", rate="100.00%", score="10")))
    assert "table_ratio" in {f.rule for f in bad}, [f.message for f in bad]
    # the rate the other budget gives (135 ÷ 120 = 112.50%) is a reading the header names too
    other = audited(ONE_ROW.format(a="120.00", b="150.00", c="135.00", rate="112.50%", score="10"))
    assert [f for f in alarms(other) if f.rule == "table_ratio"] == []


def test_a_lone_share_is_not_given_the_base_it_holds_against():
    # no words name the base and it is the only share: a base chosen because the share
    # holds against it is a check that cannot fail, so none is chosen
    result = audited("本年支出 800.00 万元。\n\n其中民生支出 520.00 万元，占 65.00%。")
    assert status_of(result, "65.00%") == "unchecked"


def test_a_share_of_the_figure_its_words_name_whatever_its_scope_word():
    # 占一般公共预算支出的: 全区一般公共预算支出 is the figure named (no other scope is stated)
    check_reading("全区一般公共预算支出累计完成 40,000 万元，其中：民生支出累计完成 26,000 万元，占一般公共预算支出的 65.0%。",
                  "全区一般公共预算支出累计完成 40,000 万元，其中：民生支出累计完成 26,000 万元，占一般公共预算支出的 60.5%。",
                  "ratio", ["26,000万元", "65.0%"])


def test_set_off_reads_the_figure_after_the_cue_against_the_year_totals_not_the_grand_totals():
    text = ("2024 年度收入总计 5,612.20 万元，支出总计 5,612.20 万元。收入合计 100.00 万元，"
            "上述收支相抵，年终结余 25.00 万元。")
    assert [f for f in alarms(audited(text)) if f.rule == "balance"] == []


def test_a_list_ends_where_a_page_run_together_starts_a_new_section():
    text = ("(二)资金情况我校按生均800元安排，共计160万元，其中上级资金120万元，本级40万元，目标是保障运转"
            "三、资金使用情况我校项目主要用于水电、维修等，财政安排支出75万元。")
    check_reading(text, None, "sum", ["160万元", "120万元", "40万元"])


NAMED_GAPS = [
    ("2024 年度“三公”经费支出 6.40 万元，年初预算为 8.00 万元，差值为 1.60 万元。",
     "2024 年度“三公”经费支出 6.40 万元，年初预算为 8.00 万元，差值为 1.06 万元。",
     "difference", ["6.40万元", "8.00万元", "1.60万元"]),
    ("全年计划投入 120.0 万元，实际投入 96.5 万元，资金缺口 23.5 万元。",
     "全年计划投入 120.0 万元，实际投入 96.5 万元，资金缺口 32.5 万元。",
     "difference", ["120.0万元", "96.5万元", "23.5万元"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", NAMED_GAPS)
def test_a_gap_the_words_name(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


def test_a_refund_in_a_list_makes_no_plain_sum():
    # 出口货物退税 is taken away from the total: the list is left unchecked
    text = ("税收收入 1,000.0 亿元。税收收入中，国内增值税 600.0 亿元，企业所得税 300.0 亿元，"
            "出口货物退增值税 150.0 亿元。")
    assert [f for f in alarms(audited(text)) if f.rule == "sum"] == []


def test_a_past_year_of_funds_taken_back_is_no_wrong_year():
    text = ("2024年度部门决算说明\n\n新增专项债券转贷收入 11,554 万元（退回市 2023 年新增专项债券资金 5,336 万元后的收入数）。")
    assert [f for f in alarms(audit_text(text)) if f.rule == "year"] == []


def test_duo_and_shao_after_a_comparison_are_a_change():
    check_reading("车辆运行维护费 2.94 万元，比去年 3.01 万元少 0.07 万元。",
                  "车辆运行维护费 2.94 万元，比去年 3.01 万元少 0.70 万元。",
                  "difference", ["2.94万元", "3.01万元", "0.07万元"])
    # 至少 is no decrease, and 多 with no comparison is no change
    result = audited("本项目至少投入 50 万元，多方筹集 20 万元。")
    assert alarms(result) == [] and status_of(result, "20万元") == "unchecked"


def test_a_figures_zhong_breaks_it_down():
    check_reading("2024 年部门“三公”经费预算 48.60 万元中，因公出国（境）费 6.00 万元，公务用车购置及运行维护费 30.20 万元，"
                  "公务接待费 12.40 万元。",
                  "2024 年部门“三公”经费预算 48.60 万元中，因公出国（境）费 6.00 万元，公务用车购置及运行维护费 32.20 万元，"
                  "公务接待费 12.40 万元。",
                  "sum", ["48.60万元", "6.00万元", "30.20万元", "12.40万元"])


def test_deeper_numbered_paragraphs_break_a_numbered_figure_down():
    text = ("1.全镇一般公共预算总收入完成 8,640.20 万元，占年初预算的 96.0%。\n"
            "（1）上级补助收入 7,900.00 万元；\n（2）上年结转收入 740.20 万元。\n2.全镇一般公共预算支出完成 8,100.00 万元。\n")
    check_reading(text, text.replace("740.20 万元", "704.20 万元"), "sum",
                  ["8,640.20万元", "7,900.00万元", "740.20万元"])
    # deeper paragraphs that do not add up, with no small slip to explain it: no list
    loose = text.replace("740.20 万元", "300.00 万元")
    assert [f for f in alarms(audited(loose)) if f.rule == "sum"] == []


def test_disposable_funds_built_up():
    check_reading("上半年实现财政收入 8,692 万元，完成年初预算 57%，加以前年度结余 1,874 万元，实际财政可支配收入 10,566 万元。",
                  "上半年实现财政收入 8,692 万元，完成年初预算 57%，加以前年度结余 1,874 万元，实际财政可支配收入 10,656 万元。",
                  "sum", ["8,692万元", "1,874万元", "10,566万元"])


def test_with_no_comparison_word_the_figure_before_may_be_the_base():
    # 增加 20，增长 20%: of 100 as the base (20 ÷ 100), not as the current figure (20 ÷ 80)
    result = audited("年初预算 100.0 万元，调整后增加 20.0 万元，增长 20.0%。")
    assert [f for f in alarms(result) if f.rule == "difference"] == []


# ---------------------------------------------------------------- performance reports' wordings

RESPECTIVE_SHARES = [
    # names between the amounts, 分别占 … 的 P 和 Q: the k-th share of the k-th amount
    ("本年支出合计 2,700.10 万元。按支出性质分，基本支出 1,500.10 万元和项目支出 1,200.00 万元，"
     "分别占支出合计的 55.56% 和 44.44%。",
     "本年支出合计 2,700.10 万元。按支出性质分，基本支出 1,500.10 万元和项目支出 1,200.00 万元，"
     "分别占支出合计的 44.44% 和 55.56%。",
     "ratio", ["1,500.10万元", "1,200.00万元", "55.56%", "44.44%"]),
    # three parts, 、 between the shares, the base unnamed
    ("收入合计 500 万元，其中财政拨款 400 万元、事业收入 60 万元、其他收入 40 万元，分别占 80%、12%、8%。",
     "收入合计 500 万元，其中财政拨款 400 万元、事业收入 60 万元、其他收入 40 万元，分别占 80%、8%、12%。",
     "ratio", ["400万元", "60万元", "40万元", "80%", "12%", "8%"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", RESPECTIVE_SHARES)
def test_respective_shares_after_named_amounts(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


def test_a_score_list_named_by_stages_after_a_sentence_end():
    text = ("经综合评价，本部门整体支出绩效自评得分为 93 分。其中：预算编制 10 分，预算执行 19 分（满分 20 分），"
            "产出指标 38 分（满分 40 分），效益指标 18 分，满意度指标 8 分。")
    check_reading(text, text.replace("效益指标 18 分", "效益指标 17 分"), "score_sum",
                  ["93分", "10分", "19分", "38分", "18分", "8分"])


def test_a_named_gap_takes_the_total_not_its_last_part():
    text = "本单位核定编制 45 人，其中行政编制 30 人、事业编制 15 人；实有在编人员 42 人，空编 3 人。"
    check_reading(text, text.replace("空编 3 人", "空编 5 人"), "difference", ["45人", "42人", "3人"])


PERFORMANCE_RATES = [
    # 应到位 / 实际到位 / 到位率
    ("项目资金应到位 200 万元，实际到位 180 万元，资金到位率 90%。",
     "项目资金应到位 200 万元，实际到位 180 万元，资金到位率 95%。", "ratio", ["200万元", "180万元", "90%"]),
    # the achieved figure first, the target after it
    ("全年完成道路养护里程 125 公里，年度目标 120 公里，完成率 104.17%。",
     "全年完成道路养护里程 125 公里，年度目标 120 公里，完成率 108.17%。", "ratio",
     ["125公里", "120公里", "104.17%"]),
    # a survey: of the questionnaires returned …
    ("满意度调查发放问卷 300 份，收回 285 份，其中满意 270 份，满意度 94.74%。",
     "满意度调查发放问卷 300 份，收回 285 份，其中满意 270 份，满意度 96.74%。", "ratio",
     ["285份", "270份", "94.74%"]),
    # … or of those sent out: whichever the report computed
    ("满意度调查发放问卷 300 份，收回 285 份，其中满意 270 份，满意率为 90%。", None, "ratio",
     ["300份", "270份", "90%"]),
    # 下降率 / 节约率: the change's rate
    ("“三公”经费支出 12.5 万元，比上年的 15.8 万元减少 3.3 万元，下降率 20.89%。",
     "“三公”经费支出 12.5 万元，比上年的 15.8 万元减少 3.3 万元，下降率 22.89%。", "difference",
     ["12.5万元", "15.8万元", "3.3万元", "20.89%"]),
    ("会议费预算 20.00 万元，实际支出 15.00 万元，较预算节约 5.00 万元，节约率为 25.00%。",
     "会议费预算 20.00 万元，实际支出 15.00 万元，较预算节约 5.00 万元，节约率为 20.00%。", "difference",
     ["20.00万元", "15.00万元", "5.00万元", "25.00%"]),
]


@pytest.mark.parametrize("consistent, inconsistent, rule, figures", PERFORMANCE_RATES)
def test_rates_of_performance_reports(consistent, inconsistent, rule, figures):
    check_reading(consistent, inconsistent, rule, figures)


def test_a_comparison_clause_before_the_item_it_compares():
    """与 2022 年度相比，财政拨款支出增加 C，增长 P%: the item named after the comparison
    clause takes its figure from the sentence before."""
    text = ("2023年度财政拨款支出 10,400.00 万元，占本年支出合计的 88.14%。"
            "与2022年度相比，财政拨款支出增加 600.00 万元，增长 6.12%。")
    check_reading(text, text.replace("增长 6.12%", "增长 6.21%"), "difference", ["600.00万元", "6.12%"])


def test_each_of_the_whole_accounts_changed_alike():
    text = ("2023年度收入总计 12,345.67 万元，支出总计 12,345.67 万元。"
            "与2022年度相比，收、支总计各增加 1,234.56 万元，增长 11.11%。")
    check_reading(text, text.replace("增长 11.11%", "增长 12.11%"), "difference", ["1,234.56万元", "11.11%"])


def test_a_count_of_one_closing_its_phrase_is_a_count_not_the_article():
    text = "本部门共有车辆六辆，其中一般公务用车二辆、执法执勤用车一辆、特种专业技术用车三辆。"
    check_reading(text, text.replace("车辆六辆", "车辆五辆"), "count_sum", ["六辆", "二辆", "一辆", "三辆"])
    # 一 opening a noun phrase is the article: no figure
    result = audited("年内打造一个平台，建立一项制度。")
    assert not [c for c in result.claims if c.kind == "count"]


def test_a_project_budget_adjusted_spent_and_left_across_sentences():
    """年初预算 A（其中 …）。年中追加 B，调整后预算为 C。…实际支出 D，预算执行率 P%，结余资金 E:
    C = A + B, P = D ÷ C, E = C − D, each reaching back a sentence."""
    text = ("该项目年初预算安排资金 800 万元，其中中央资金 500 万元、省级资金 200 万元、县级配套 100 万元。"
            "年中追加县级资金 50 万元，调整后预算为 850 万元。"
            "截至年底，项目实际支出 816 万元，预算执行率 96%，结余资金 34 万元。")
    check_reading(text, text.replace("调整后预算为 850", "调整后预算为 860"), "sum",
                  ["800万元", "50万元", "850万元", "816万元", "96%", "34万元"])
    assert "ratio" in {f.rule for f in alarms(audited(text.replace("执行率 96%", "执行率 98%")))}
    assert "balance" in {f.rule for f in alarms(audited(text.replace("结余资金 34", "结余资金 43")))}
    # a balance carried between years is no budget left
    carried = audited("本年收入 100 万元，本年支出 90 万元，年初结转结余 20 万元。")
    assert not alarms(carried)


def test_done_against_the_plan_named_in_the_rate():
    check_reading("计划建设高标准农田 1.2 万亩，实际建成 1.25 万亩，完成计划的 104.17%。",
                  "计划建设高标准农田 1.2 万亩，实际建成 1.25 万亩，完成计划的 94.17%。",
                  "ratio", ["1.2万亩", "1.25万亩", "104.17%"])


# ---------------------------------------------------------------- readings that must not alarm

def test_parts_compared_with_last_year_do_not_take_the_totals_written_base():
    text = ("2023年“三公”经费支出 18.36 万元，较上年的 21.50 万元减少 3.14 万元，下降 14.60%。"
            "其中：公务接待费 4.12 万元，比上年减少 0.94 万元，下降 18.58%；公务用车运行维护费 14.24 万元，"
            "比上年减少 2.20 万元，下降 13.38%。")
    result = audited(text)
    assert alarms(result) == [], [f.message for f in alarms(result)]
    assert status_of(result, "18.58%") == "verified"


def test_a_share_of_the_item_not_of_the_budget_its_rate_was_of():
    text = ("全县一般公共预算收入完成 186,542 万元。其中：税收收入 128,730 万元，完成预算 125,000 万元的 103.0%，"
            "税收收入占一般公共预算收入的比重为 69.0%；非税收入 57,812 万元，完成预算 55,000 万元的 105.1%。")
    result = audited(text)
    assert alarms(result) == [], [f.message for f in alarms(result)]
    assert status_of(result, "69.0%") == "verified"


def test_funds_carried_in_at_the_start_of_the_year_give_no_stage_to_the_next_clause():
    """年初财政拨款结转和结余 B；财政拨款支出总计 T: T is no opening budget."""
    text = ("2023年度财政拨款收入总计 3,801.26 万元，其中本年财政拨款收入 3,612.18 万元、年初财政拨款结转和结余 189.08 万元；"
            "财政拨款支出总计 3,801.26 万元。\n"
            "2023年度一般公共预算财政拨款支出年初预算为 3,585.00 万元，支出决算为 3,705.63 万元。")
    result = audited(text)
    assert [f for f in alarms(result) if f.rule == "conflict"] == []
    spent = [c for c in result.claims if c.text.startswith("3,801.26")][-1]  # 支出总计
    assert spent.stage != "年初预算"


def test_a_list_of_fund_sources_after_its_total():
    text = ("项目总投资 920.00 万元。资金来源为：中央补助资金 200.00 万元、省级补助资金 150.00 万元、"
            "区级财政资金 570.00 万元。")
    check_reading(text, text.replace("570.00", "590.00"), "sum",
                  ["920.00万元", "200.00万元", "150.00万元", "570.00万元"])


def test_a_completion_rate_against_the_target_stated_in_the_targets_section():
    text = ("二、年度绩效目标\n年度绩效目标：高血压患者规范管理人数达到 9,600 人；老年人健康管理人数不低于 1.85 万人。\n"
            "三、绩效目标完成情况\n老年人健康管理 1.91 万人，完成率 103.24%。高血压患者规范管理 9,412 人，完成率 98.04%，"
            "主要原因是部分患者外出务工。")
    check_reading(text, text.replace("完成率 98.04%", "完成率 96.04%"), "ratio",
                  ["9,600人", "9,412人", "98.04%", "1.91万人", "103.24%"])


def test_a_target_and_what_was_done_are_not_one_figure_stated_twice():
    text = ("（一）年度绩效目标\n年初设定整体绩效目标为：完成高标准农田建设 1.2 万亩，培训高素质农民 300 人。\n"
            "（二）指标完成情况\n全年建成高标准农田 1.26 万亩；培训高素质农民 326 人，完成计划的 108.67%。")
    assert [f for f in alarms(audited(text)) if f.rule == "conflict"] == []


def test_a_score_total_after_its_parts():
    text = "本局从四个方面开展自评，其中部门决策 19.0 分、部门管理 18.5 分、部门产出 37.5 分、部门效益 18.5 分，合计得分 93.5 分。"
    check_reading(text, text.replace("合计得分 93.5", "合计得分 94.5"), "score_sum",
                  ["19.0分", "18.5分", "37.5分", "93.5分"])


def test_the_whole_budget_compared_after_a_comparison_clause():
    text = ("2024年部门收入预算总计 86,045.20 万元，支出预算总计 86,045.20 万元。"
            "与上年相比，收支总预算增加 3,862.70 万元，增长 4.7%。")
    check_reading(text, text.replace("增长 4.7%", "增长 4.9%"), "difference", ["3,862.70万元", "4.7%"])


def test_numbered_paragraphs_break_down_the_figure_of_the_paragraph_before():
    text = ("2024年一般公共预算拨款支出预算 78,260.30 万元，按功能分类主要用于以下方面：\n"
            "1.教育支出（类）70,120.50 万元，主要用于学校运转。\n2.社会保障和就业支出（类）5,210.60 万元。\n"
            "3.卫生健康支出（类）1,380.20 万元。\n4.住房保障支出（类）1,549.00 万元。\n")
    check_reading(text, text.replace("5,210.60", "5,120.60"), "sum",
                  ["78,260.30万元", "70,120.50万元", "5,210.60万元", "1,380.20万元", "1,549.00万元"])
    three = ("2024年“三公”经费预算 28.60 万元，比上年减少 2.40 万元。\n（一）因公出国（境）费 0 万元，与上年持平。\n"
             "（二）公务用车购置及运行维护费 20.10 万元，比上年减少 1.90 万元。\n（三）公务接待费 8.50 万元，比上年减少 0.50 万元。\n")
    check_reading(three, three.replace("8.50 万元", "8.05 万元"), "sum", ["28.60万元", "20.10万元", "8.50万元"])


def test_numbered_paragraphs_of_budget_spending_and_what_is_left():
    """1.预算安排情况 … 全年预算数 A。⏎ 2.支出情况 … 实际支出 B，预算执行率 P%。⏎ 3.结余情况。年末结余 C."""
    text = ("1.预算安排情况。2023年度我局年初预算 3856.42 万元，年中追加调整 412.18 万元，全年预算数为 4268.60 万元。\n"
            "2.支出情况。2023年度实际支出 4105.37 万元，预算执行率为 96.18%。\n"
            "3.结余情况。年末结余 163.23 万元，主要为项目尾款尚未到支付节点。\n")
    check_reading(text, text.replace("96.18%", "96.81%"), "ratio", ["4268.60万元", "4105.37万元", "96.18%", "163.23万元"])
    assert "balance" in {f.rule for f in alarms(audited(text.replace("163.23", "136.23")))}


def test_a_comparison_clause_that_writes_its_base():
    """与 2022 年度决算 B 相比，2023 年度“三公”经费减少 C: B is the base, the item's figure is
    the sentence before's."""
    text = ("2023年度“三公”经费决算 1,052.38 万元。"
            "与2022年度决算 1,143.27 万元相比，2023年度“三公”经费减少 90.89 万元，下降 7.95%。")
    check_reading(text, text.replace("下降 7.95%", "下降 8.95%"), "difference",
                  ["1,052.38万元", "1,143.27万元", "90.89万元", "7.95%"])
    alone = audited("与2022年度决算 1,143.27 万元相比，2023年度“三公”经费减少 90.89 万元，下降 7.95%。")
    assert alarms(alone) == []


def test_a_prose_score_sheet_of_points_worth_and_points_got():
    """决策指标满分 15 分，得 14 分；…（…扣 1 分，…扣 1 分）…。四项合计得分 T: the 满分 are
    weights and the 扣 are reasons, neither is a part of the total."""
    text = ("决策指标满分 15 分，得 14 分；过程指标满分 25 分，得 23.5 分；产出指标满分 35 分，得 33 分"
            "（加装电梯数量未全部完成扣 1 分，时效扣 1 分）；效益指标满分 25 分，得 23 分。四项合计得分 93.5 分。")
    check_reading(text, text.replace("合计得分 93.5", "合计得分 94.5"), "score_sum",
                  ["14分", "23.5分", "33分", "23分", "93.5分"])
    assert audited(text).checks and not [f for f in alarms(audited(text)) if "1 + 1" in f.message]


def test_a_paragraph_opening_with_its_comparison_compares_the_years_total_before():
    text = ("2023年度收入总计 13,522.00 万元。其中本年收入合计 12,486.53 万元，上年结转结余 1,035.47 万元。\n"
            "与上年相比，本年收入增加 728.33 万元，增长 6.19%。主要原因是项目资金增加。\n")
    check_reading(text, text.replace("增长 6.19%", "增长 6.91%"), "difference", ["728.33万元", "6.19%"])


def test_a_figure_of_the_year_before_is_the_base_not_the_current():
    """与上年相比，2022 年实际支出 A，本年增加 C / 与 2022 年度支出 B 相比，本年增加 C after a
    sentence about the carry-over: never C measured against the wrong figure."""
    title = "某某县教育局2023年度部门整体支出绩效自评报告\n"
    one = audit_text(title + "与上年相比，2022年实际支出 52,910.48 万元，本年增加 3,293.83 万元，增幅 6.23%。")
    two = audit_text(title + "年末结转结余 5,534,683.84 元，主要为尾款。"
                     "与2022年度支出 74,361,902.55 元相比，本年增加 6,555,723.88 元，增长 8.82%。")
    assert alarms(one) == [] and alarms(two) == [], [f.message for f in alarms(one) + alarms(two)]


def test_each_fund_source_with_its_budget_and_what_was_spent():
    text = ("2023年项目全年预算 1,350.00 万元，实际支出 1,268.40 万元，预算执行率 93.96%。"
            "其中当年财政拨款全年预算 1,150.00 万元，支出 1,080.40 万元；上年结转资金 200.00 万元，支出 188.00 万元。")
    check_reading(text, text.replace("支出 188.00", "支出 186.00"), "sum",
                  ["1,350.00万元", "1,150.00万元", "200.00万元", "1,268.40万元", "1,080.40万元", "188.00万元"])


def test_what_was_spent_named_by_no_stage_before_the_budget_its_rate_names():
    text = "2022年度一般公共预算财政拨款支出 10,463.25 万元，年初预算为 9,990.00 万元，支出决算完成年初预算的 104.74%。"
    check_reading(text, text.replace("104.74%", "104.47%"), "ratio", ["10,463.25万元", "9,990.00万元", "104.74%"])


def test_the_years_whole_budget_compared_with_last_years_written_budget():
    text = ("2024年收入预算总计 8,356.20 万元，支出预算总计 8,356.20 万元。"
            "2024年收支预算总计较2023年预算 7,912.40 万元增加 443.80 万元，增长 5.61%。")
    check_reading(text, text.replace("增加 443.80", "增加 434.80"), "root_cause",
                  ["7,912.40万元", "443.80万元", "5.61%"])


def test_a_paragraph_opening_with_its_comparison_after_a_total_and_its_parts():
    text = ("（二）资金投入。项目总预算 3,660.00 万元，资金来源包括：中央补助资金 2,100.00 万元，"
            "省级补助资金 860.00 万元，区级配套资金 700.00 万元。\n"
            "较上年项目资金规模 3,125.00 万元增加 535.00 万元，增长 17.12%。\n")
    check_reading(text, text.replace("增加 535.00", "增加 553.00"), "root_cause",
                  ["3,660.00万元", "3,125.00万元", "535.00万元", "17.12%"])


# ---------------------------------------------------------------- 增 P% / 同比降 P%: one-character directions

SHORT_DIRECTIONS = [
    ("公务用车运行维护费 36.40 万元，增加 6.40 万元，增 21.3%。", "增 21.3%", "增 23.1%", ["6.40万元", "21.3%"]),
    ("全年非税收入 8,450 万元，比上年减少 650 万元，降 7.1%。", "降 7.1%", "降 7.7%", ["650万元", "7.1%"]),
    ("2023年度培训费 12.60 万元，较上年减少 1.40 万元，同比减 10.0%。", "减 10.0%", "减 11.1%",
     ["1.40万元", "10.0%"]),
]


@pytest.mark.parametrize("text,right,wrong,figures", SHORT_DIRECTIONS)
def test_a_one_character_direction_opening_its_clause_is_a_change(text, right, wrong, figures):
    check_reading(text, text.replace(right, wrong), "difference", figures)


def test_new_items_and_steady_growth_are_no_changes():
    """新增 5 个, 递增 3%: the one-character words inside another word say nothing."""
    result = audited("本年新增 120.00 万元用于设备购置，上年为 100.00 万元。支出逐年递增 20%。")
    assert [c.direction for c in result.claims if c.kind != "year"] == [0, 0, 0]


# ---------------------------------------------------------------- 为预算的 R；其中：… 为预算的 r₁

WEIGHTED_RATES = [
    # no budget written: the total's rate against its parts' amounts and rates
    ("1-6月，全县一般公共预算收入完成 41,260 万元，为年预算的 52.7%，同比增长 4.1%。其中：税收收入完成 30,140 万元，"
     "为年预算的 55.2%；非税收入完成 11,120 万元，为年预算的 46.9%。", "为年预算的 52.7%", "为年预算的 53.7%",
     ["41,260万元", "52.7%", "30,140万元", "55.2%", "11,120万元", "46.9%"]),
    # 支出进度 of spending
    ("截至12月15日，共支出统筹整合资金 8,016.00 万元，支出进度 89.07%，其中：县直部门支出 4,480.00 万元，支出进度 "
     "93.33%；乡镇支出 3,536.00 万元，支出进度 84.19%。", "支出进度 84.19%", "支出进度 81.49%",
     ["8,016.00万元", "89.07%", "4,480.00万元", "93.33%", "3,536.00万元", "84.19%"]),
]


@pytest.mark.parametrize("text,right,wrong,figures", WEIGHTED_RATES)
def test_a_totals_rate_weighs_its_parts_rates(text, right, wrong, figures):
    check_reading(text, text.replace(right, wrong), "implied_total", figures)


# ---------------------------------------------------------------- 同比增长 G；其中：… 增长 g₁: weighted growth

WEIGHTED_GROWTHS = [
    ("1-10月，全县一般公共预算收入完成 28,640 万元，同比增长 6.8%。其中：税收收入 19,320 万元，同比增长 9.5%；"
     "非税收入 9,320 万元，同比增长 1.5%。", "同比增长 6.8%", "同比增长 8.6%",
     ["28,640万元", "6.8%", "9.5%", "1.5%"]),
    # three parts, one falling; 比上年; the parts' growths without their comparison word
    ("全县一般公共预算支出 52.36 亿元，比上年增长 4.0%，其中：教育支出 12.80 亿元，增长 6.1%；卫生健康支出 7.26 亿元，"
     "下降 3.2%；其他支出 32.30 亿元，增长 4.9%。", "增长 6.1%", "增长 9.1%",
     ["52.36亿元", "4.0%", "6.1%", "3.2%", "4.9%"]),
]


WEIGHTED_GROWTHS.append(
    # the parts each in a numbered paragraph of their own
    ("全年区级一般公共预算收入 186.40 亿元，比上年增长 4.2%，其中：\n1.增值税 72.30 亿元，比上年增长 6.1%。\n"
     "2.企业所得税 41.60 亿元，比上年下降 3.5%。\n3.非税收入 72.50 亿元，比上年增长 7.0%。\n",
     "比上年下降 3.5%", "比上年增长 3.5%", ["186.40亿元", "4.2%", "6.1%", "3.5%", "7.0%"]))


WEIGHTED_GROWTHS.append(
    # each figure's rate of its own written budget between it and its growth
    ("全县一般公共预算收入 48,260 万元，完成预算 47,500 万元的 101.6%，同比增长 5.1%。其中，税收收入 33,940 万元，"
     "完成预算 33,000 万元的 102.8%，增收 1,912 万元，增长 6.0%；非税收入 14,320 万元，为年度预算 14,500 万元的 98.8%，"
     "同比增长 3.0%。", "增长 6.0%", "增长 9.0%", ["48,260万元", "5.1%", "33,940万元", "6.0%", "14,320万元", "3.0%"]))


@pytest.mark.parametrize("text,right,wrong,figures", WEIGHTED_GROWTHS)
def test_a_totals_growth_weighs_its_parts_growths(text, right, wrong, figures):
    check_reading(text, text.replace(right, wrong), "change_sum", figures)


def test_growths_on_other_bases_are_not_weighed():
    """比年初预算增长 / 环比: the parts' growths are on another base than the total's."""
    budget = ("全县一般公共预算收入完成 28,640 万元，同比增长 9.8%。其中：税收收入 19,320 万元，比年初预算增长 9.5%；"
              "非税收入 9,320 万元，同比增长 1.5%。")
    month = "本月收入 2,864 万元，同比增长 9.8%，其中：税收收入 1,932 万元，环比增长 9.5%；非税收入 932 万元，同比增长 1.5%。"
    for text in (budget, month):
        assert "change_sum" not in {f.rule for f in alarms(audited(text))}


# ---------------------------------------------------------------- 分中央和地方看，…: viewpoint breakdowns

VIEWPOINTS = [
    # the total in the paragraph before; the parts' growths weigh into the total's
    ("1-9月，全省一般公共预算收入 3,612.4 亿元，同比增长 5.3%。\n"
     "分级次看，省级收入 842.6 亿元，同比增长 2.1%；市县级收入 2,769.8 亿元，同比增长 6.3%。\n",
     "市县级收入 2,769.8", "市县级收入 2,796.8", "sum", ["3,612.4亿元", "842.6亿元", "2,769.8亿元", "5.3%", "2.1%", "6.3%"]),
    # the total two paragraphs back, another breakdown in between; 按…分：
    ("全年一般公共预算收入 86,450 万元，增长 4.6%。\n"
     "按征收部门分：税务部门组织收入 61,230 万元；财政部门组织收入 25,220 万元。\n"
     "从收入结构看，税收收入 58,900 万元，非税收入 27,550 万元。\n",
     "非税收入 27,550", "非税收入 25,750", "sum", ["86,450万元", "61,230万元", "25,220万元", "58,900万元", "27,550万元"]),
]


VIEWPOINTS += [
    # no viewpoint words: the parts of a known whole (税收收入, 非税收入) in a sentence of their own
    ("前三季度，全市一般公共预算收入 9,836.5 亿元，同比增长 3.7%。\n"
     "收入方面，税收收入 8,120.4 亿元，同比增长 5.2%；非税收入 1,716.1 亿元，同比下降 2.7%。\n",
     "非税收入 1,716.1", "非税收入 1,761.1", "sum", ["9,836.5亿元", "8,120.4亿元", "1,716.1亿元", "3.7%", "5.2%", "2.7%"]),
    # 中央 … and 地方 … of a national total, the total's sentence between
    ("全国一般公共预算支出 25,418 亿元，同比增长 4.8%。其中，中央一般公共预算本级支出 11,230 亿元，同比增长 6.1%；"
     "地方一般公共预算支出 14,188 亿元，同比增长 3.8%。\n",
     "同比增长 6.1%", "同比增长 9.1%", "change_sum", ["25,418亿元", "11,230亿元", "14,188亿元", "4.8%", "6.1%", "3.8%"]),
    ("全国一般公共预算支出 25,418 亿元，同比增长 4.8%。\n"
     "中央一般公共预算本级支出 11,230 亿元，同比增长 6.1%；地方一般公共预算支出 14,188 亿元，同比增长 3.8%。\n",
     "同比增长 6.1%", "同比增长 9.1%", "change_sum", ["25,418亿元", "11,230亿元", "14,188亿元", "4.8%", "6.1%", "3.8%"]),
]


@pytest.mark.parametrize("text,right,wrong,rule,figures", VIEWPOINTS)
def test_a_viewpoint_breaks_down_the_total_before(text, right, wrong, rule, figures):
    result = audited(text)
    assert alarms(result) == [], [f.message for f in alarms(result)]
    assert {f: status_of(result, f) for f in figures} == {f: "verified" for f in figures}
    assert rule in {f.rule for f in alarms(audited(text.replace(right, wrong)))}


def test_a_viewpoint_over_figures_of_no_total_stated_says_nothing():
    """分地区看，A 地区收入 B … with no earlier 收入 larger than each: nothing is checked."""
    text = "分地区看，苏南地区收入 2,120 亿元，苏中地区收入 860 亿元，苏北地区收入 1,010 亿元。\n"
    result = audited(text)
    assert alarms(result) == [] and not [c for c in result.checks if c.rule == "sum"]


# ---------------------------------------------------------------- 占 B 的比例为 P%

OF_TAILS = [
    ("2023年末实有在职人员 118 人，占核定编制数 125 人的比率为 94.40%。", "94.40%", "94.04%", ["118人", "125人", "94.40%"]),
    ("本年项目支出 2,316.80 万元，占本年支出合计 4,120.55 万元的比例为 56.23%。", "56.23%", "52.63%",
     ["2,316.80万元", "4,120.55万元", "56.23%"]),
    ("政府采购合同授予中小企业 386.40 万元，为采购总额 412.00 万元的比重是 93.79%。", "93.79%", "97.39%",
     ["386.40万元", "412.00万元", "93.79%"]),
]


@pytest.mark.parametrize("text,right,wrong,figures", OF_TAILS)
def test_a_percentage_of_a_written_base_named_by_its_ratio_word(text, right, wrong, figures):
    check_reading(text, text.replace(right, wrong), "ratio", figures)


# ---------------------------------------------------------------- 项目资金共 A，已拨付 B，执行率 P%: funds as the budget

FUNDS = [
    ("乡村振兴衔接资金共计 1,860 万元，截至 2023 年 12 月 20 日已拨付 1,712.50 万元，资金执行率 92.07%。",
     "92.07%", "92.70%", "ratio", ["1,860万元", "1,712.50万元", "92.07%"]),
    ("下达省级补助经费 45.00 万元，已使用 41.40 万元，结余 3.60 万元，执行率 92%。",
     "结余 3.60", "结余 3.06", "balance", ["45.00万元", "41.40万元", "3.60万元", "92%"]),
]


@pytest.mark.parametrize("text,right,wrong,rule,figures", FUNDS)
def test_a_fund_of_no_stage_is_the_budget_its_spending_is_of(text, right, wrong, rule, figures):
    check_reading(text, text.replace(right, wrong), rule, figures)


# ---------------------------------------------------------------- 收入 A，上年结余 B，支出 C。收支相抵，结余 R

ACCOUNTS = [
    ("政府性基金收入 3,260 万元，上级补助收入 415 万元，上年结转 102 万元，政府性基金支出 3,488 万元，调出资金 150 万元。"
     "收支相抵，年终结余 139 万元，全部结转下年使用。", "结余 139", "结余 193", ["3,260万元", "415万元", "102万元",
                                                     "3,488万元", "150万元", "139万元"]),
    ("社会保险基金收入 9,652 万元，上年结余 4,127 万元，社会保险基金支出 8,806 万元。\n"
     "上述收支相抵后，年末滚存结余 4,973 万元。\n", "滚存结余 4,973", "滚存结余 4,793",
     ["9,652万元", "4,127万元", "8,806万元", "4,973万元"]),
]


@pytest.mark.parametrize("text,right,wrong,figures", ACCOUNTS)
def test_an_account_before_its_set_off_nets_to_the_balance(text, right, wrong, figures):
    check_reading(text, text.replace(right, wrong), "balance", figures)


def test_a_part_of_a_list_in_the_account_is_not_added_again():
    """基金收入 A，其中土地出让收入 B，基金支出 C。收支相抵，结余 R: R = A − C (B is inside A),
    and C is no part of A's list."""
    text = "基金收入 500 万元，其中土地出让收入 420 万元，基金支出 450 万元。收支相抵，结余 50 万元。"
    check_reading(text, text.replace("结余 50", "结余 80"), "balance", ["500万元", "450万元", "50万元"])


# ---------------------------------------------------------------- the base a share's words name

def test_a_shares_named_base_is_this_years_figure_so_named():
    """占项目支出的 P%: 项目支出 N of this year, not last year's 项目支出 M stated after it, nor a
    kind of 项目支出 (公共文化类项目支出 K) stated nearer."""
    text = ("本年项目支出 3,812.40 万元，上年同口径项目支出为 3,402.16 万元。"
            "公共安全类项目支出 1,526.80 万元，占项目支出的 40.05%；应急管理类项目支出 968.30 万元，占项目支出的 25.40%。")
    check_reading(text, text.replace("25.40%", "24.50%"), "ratio", ["3,812.40万元", "1,526.80万元", "40.05%", "25.40%"])


def test_a_shares_named_base_is_no_budget_written_as_a_rates_base():
    text = ("1-6月，全县地方一般公共预算收入 18.43 亿元。地方一般公共预算收入完成年度预算 34.38 亿元的 53.6%。"
            "税收收入 12.16 亿元，占地方一般公共预算收入的比重为 66.0%。")
    check_reading(text, text.replace("66.0%", "60.6%"), "ratio", ["18.43亿元", "12.16亿元", "66.0%"])


# ---------------------------------------------------------------- 按每人 X 元标准: a standard

def test_a_standard_is_the_count_times_it_not_an_average_of_the_total_before():
    text = ("全年累计支出救助资金 2,416.30 万元。其中：资助参保 18,650 人，按每人 380 元标准资助，支出 708.70 万元；"
            "临时救助 3,204 人次，支出 412.60 万元。")
    check_reading(text, text.replace("支出 708.70", "支出 780.70"), "average", ["708.70万元", "380元", "18,650人"])


def test_a_share_of_an_items_own_written_base_is_no_share_of_the_lists_total():
    """其中：甲 A，占年初预算 B 的 P%；乙 C，占年初预算 D 的 Q%: P and Q are of B and D, and
    need not add up to 100."""
    text = ("全县财政总收入 4,560 万元，占年初预算 10,200 万元的 44.7%。其中：税收收入 3,620 万元，占年初预算 8,500 万元的 42.6%；"
            "非税收入 940 万元，占年初预算 1,700 万元的 55.3%。")
    check_reading(text, None, "sum", ["4,560万元", "3,620万元", "940万元", "42.6%", "55.3%"])


def test_the_parts_of_a_known_whole_break_down_the_figure_their_whole_names():
    """基本支出 A。人员经费 B，包括…；公用经费 C，包括…: B + C = A, no cue needed."""
    text = ("2023年度一般公共预算财政拨款基本支出 3,206,418.50 元。人员经费 2,841,062.30 元，主要包括基本工资、津贴补贴；"
            "公用经费 365,356.20 元，主要包括办公费、印刷费、水电费。")
    check_reading(text, text.replace("365,356.20", "356,356.20"), "sum",
                  ["3,206,418.50元", "2,841,062.30元", "365,356.20元"])


def test_a_change_from_last_years_written_figure_with_this_years_unwritten():
    """上年同口径项目支出为 B，本年增加 C，增长 P%: no comparison word and no current figure in
    the sentence, yet P = C ÷ B."""
    text = "项目支出 6,120.35 万元。上年同口径项目支出为 5,402.18 万元，本年增加 718.17 万元，增长 13.29%。"
    check_reading(text, text.replace("13.29%", "13.92%"), "ratio", ["5,402.18万元", "718.17万元", "13.29%"])


def test_a_rate_of_the_opening_budget_whose_spending_is_two_sentences_back():
    text = ("2023年度一般公共预算财政拨款支出 9,426.30 万元，占本年支出合计的 88.15%。与2022年度相比，一般公共预算财政拨款"
            "支出增加 412.60 万元，增长 4.58%。年初预算为 8,950.00 万元，支出决算完成年初预算的 105.32%。")
    check_reading(text, text.replace("105.32%", "103.52%"), "ratio", ["9,426.30万元", "8,950.00万元", "105.32%"])


# ---------------------------------------------------------------- 高于…（Q%）N 个百分点: a gap between two rates

POINTS_GAPS = [
    ("全县一般公共预算收入增长 7.4%，高于全市平均水平（5.2%）2.2 个百分点。", "2.2 个百分点", "3.2 个百分点",
     ["7.4%", "5.2%", "2.2个百分点"]),
    ("全市一般公共预算支出 86.40 亿元，同比增长 9.6%。民生支出 68.20 亿元，同比增长 12.3%，高于一般公共预算支出"
     "增幅 2.7 个百分点。", "2.7 个百分点", "3.7 个百分点", ["9.6%", "12.3%", "2.7个百分点"]),
    ("税收收入增长 3.1%，低于全省平均水平（4.5%）1.4 个百分点。", "1.4 个百分点", "1.6 个百分点",
     ["3.1%", "4.5%", "1.4个百分点"]),
]


@pytest.mark.parametrize("text,right,wrong,figures", POINTS_GAPS)
def test_points_between_this_rate_and_another_written_or_named(text, right, wrong, figures):
    check_reading(text, text.replace(right, wrong), "difference", figures)


def test_points_above_an_average_not_written_are_left_alone():
    result = audited("全县一般公共预算收入增长 7.4%，高于全市平均水平 2.6 个百分点，比上年提高 1.5 个百分点。")
    assert alarms(result) == [] and not result.checks


# ---------------------------------------------------------------- 满分 A 分，扣 B 分，得 C 分；… ⏎ 四项合计，综合得分 T

def test_points_got_are_the_worth_less_the_points_taken_and_add_up_to_the_total_below():
    title = "某某县水利局2024年度部门整体支出绩效自评报告\n"
    text = ("按照评价指标体系，自评得分如下：投入指标满分 20 分，扣 1.5 分，得 18.5 分；过程指标满分 25 分，扣 2.0 分，"
            "得 23.0 分；产出指标满分 30 分，扣 1.2 分，得 28.8 分；效益指标满分 25 分，扣 0.8 分，得 24.2 分。\n"
            "四项合计，部门整体综合得分 94.5 分。\n")
    result = audit_text(title + text)
    assert alarms(result) == []
    figures = ["18.5分", "23.0分", "28.8分", "24.2分", "94.5分", "1.5分", "2.0分"]
    assert {f: status_of(result, f) for f in figures} == {f: "verified" for f in figures}
    assert "balance" in {f.rule for f in alarms(audit_text(title + text.replace("得 23.0 分", "得 22.0 分")))}
    assert "score_sum" in {f.rule for f in alarms(audit_text(title + text.replace("94.5 分", "95.4 分")))}


# ---------------------------------------------------------------- 批均 / 车均 / 人均 over 人次

AVERAGES_PER = [
    ("（三）公务接待费\n决算支出 18.42 万元，比上年减少 2.16 万元。\n全年共接待 104 批次、1,286 人次。批均接待费用 1,771.15 元，"
     "人均接待费用 143.23 元。\n", "143.23 元", "134.23 元", ["1,771.15元", "143.23元"]),
    ("全年公务用车运行维护费支出 86.40 万元，单位实有公务用车 24 辆，车均运行维护费 3.60 万元。", "3.60 万元", "3.06 万元",
     ["86.40万元", "3.60万元"]),
]


@pytest.mark.parametrize("text,right,wrong,figures", AVERAGES_PER)
def test_an_average_per_what_a_count_of_its_measure_counts(text, right, wrong, figures):
    check_reading(text, text.replace(right, wrong), "average", figures)


def test_a_list_of_rates_only_ends_before_the_sibling_after_its_semicolon():
    """从收入结构看，税收收入 A，其中：增值税增长 g₁，…；非税收入 B: B is A's sibling under the
    total before, not a part of A."""
    text = ("上半年，全市地方一般公共预算收入 96.40 亿元，增长 5.2%。\n"
            "从收入结构看，税收收入 68.10 亿元，增长 3.9%，其中：增值税增长 4.6%，企业所得税下降 1.8%；"
            "非税收入 28.30 亿元，增长 8.5%。\n")
    check_reading(text, text.replace("非税收入 28.30", "非税收入 26.30"), "sum", ["96.40亿元", "68.10亿元", "28.30亿元"])


def test_a_cost_per_square_metre_over_the_area_stated_in_the_overview():
    text = ("1.项目概况。项目维修改造校舍面积 1.86 万平方米，涉及 9 所学校。\n"
            "2.资金使用。项目实际支出 824.35 万元。\n"
            "3.成本指标。项目实际支出 824.35 万元，按维修面积计算每平方米造价 443.20 元。\n")
    check_reading(text, text.replace("443.20", "434.20"), "average", ["443.20元"])


def test_the_central_and_local_parts_of_a_national_total_are_its_whole():
    """其中，中央… A；地方… B: a shortfall is a slip, not a list left partial."""
    text = ("1-8月，全国一般公共预算支出 172,960 亿元，同比增长 3.1%。其中，中央一般公共预算本级支出 25,135 亿元，"
            "同比增长 7.4%；地方一般公共预算支出 147,825 亿元，同比增长 2.4%。")
    wrong = alarms(audited(text.replace("147,825", "174,825")))
    assert "sum" in {f.rule for f in wrong} and all(f.severity == "error" for f in wrong if f.rule == "sum")
    assert alarms(audited(text.replace("147,825", "141,825"))) != []


def test_negative_growth_is_a_fall_and_a_change_in_a_list_ends_nothing():
    """…，减少 C，负增长 P%；乙 B，…: 负增长 is a fall (its parts weigh into the total's growth),
    and 减少 opening a clause is a change, not a 减 that ends the list."""
    text = ("1-6月，全县一般公共预算收入 58.40 亿元，同比增加 1.16 亿元，增长 2.03%。其中：地方收入 41.20 亿元，"
            "增加 1.56 亿元，增长 3.93%；上划收入 17.20 亿元，减少 0.40 亿元，负增长 2.27%。")
    check_reading(text, text.replace("负增长 2.27%", "负增长 2.72%"), "difference",
                  ["58.40亿元", "41.20亿元", "17.20亿元", "2.03%", "3.93%", "2.27%"])
    assert "change_sum" in {f.rule for f in alarms(audited(text.replace("增长 2.03%", "增长 2.30%")))}


def test_a_change_of_a_figure_named_by_its_stage_in_the_sentence_before():
    """决算支出 A，为预算的 P%。决算数比 2022 年度的 B 增加 C，增长 Q%: A is the current figure."""
    text = ("2023年度“三公”经费财政拨款年初预算 52.00 万元，决算支出 41.26 万元，为预算的 79.35%。"
            "决算数比2022年度的 35.80 万元增加 5.46 万元，增长 15.25%。")
    check_reading(text, text.replace("增加 5.46", "增加 6.46"), "root_cause",
                  ["41.26万元", "35.80万元", "5.46万元", "15.25%"])


def test_a_viewpoint_ending_its_paragraph_lists_the_paragraphs_after_it():
    text = ("1-10月，全县一般公共预算收入累计完成 386,520 万元，同比增长 2.9%。从收入结构看：\n"
            "税收收入 301,460 万元，同比增长 4.1%，占一般公共预算收入的 78.0%。\n"
            "非税收入 85,060 万元，同比下降 1.2%，主要是一次性收入减少。\n")
    check_reading(text, text.replace("增长 2.9%", "增长 3.9%"), "change_sum",
                  ["386,520万元", "301,460万元", "85,060万元", "2.9%", "4.1%", "1.2%"])


def test_a_balance_named_as_one_total_less_another():
    """收入总计 A …。支出总计 A，其中本年支出 B。收入总计减去本年支出后，年末结转和结余 C: C = A − B;
    其中 after a sentence stating only a change breaks down the item that sentence names."""
    text = ("（一）收入总计 6,248,315.20 元，其中本年收入 5,902,410.60 元，年初结转和结余 345,904.60 元。\n"
            "本年收入比上年增加 412,318.55 元，增长 7.51%。其中：财政拨款收入 5,526,700.00 元，占本年收入的 93.63%；"
            "其他收入 375,710.60 元，占 6.37%。\n"
            "（二）支出总计 6,248,315.20 元，其中本年支出 5,983,126.44 元。收入总计减去本年支出后，年末结转和结余 265,188.76 元。\n")
    check_reading(text, text.replace("265,188.76", "265,188.67"), "balance",
                  ["6,248,315.20元", "5,983,126.44元", "265,188.76元", "5,526,700.00元", "375,710.60元"])


def test_a_change_named_by_a_stage_takes_the_figure_of_its_flow_not_the_balance_after_it():
    text = ("（二）支出情况。全年实际支出 5,126.30 万元，预算执行率 95.80%，年末结余 224.70 万元。"
            "全年支出比上年的 4,870.15 万元增加 256.15 万元，增长 5.26%。")
    check_reading(text, text.replace("增加 256.15", "增加 265.15"), "root_cause",
                  ["5,126.30万元", "4,870.15万元", "256.15万元", "5.26%"])


DONE_AND_UNDONE = [
    ("审计查出问题资金 8,426.30 万元，截至报告日已整改到位资金 7,215.80 万元，未整改资金 1,210.50 万元。",
     "未整改资金 1,210.50", "未整改资金 1,201.50", ["8,426.30万元", "7,215.80万元", "1,210.50万元"]),
    ("上级下达项目资金 960.00 万元，已拨付 884.60 万元，尚未拨付 75.40 万元，主要为工程质保金。",
     "已拨付 884.60", "已拨付 848.60", ["960.00万元", "884.60万元", "75.40万元"]),
]


@pytest.mark.parametrize("text,right,wrong,figures", DONE_AND_UNDONE)
def test_what_was_done_and_what_was_not_are_the_whole_before_them(text, right, wrong, figures):
    check_reading(text, text.replace(right, wrong), "sum", figures)


def test_a_satisfaction_rate_of_the_satisfied_and_the_fairly_satisfied_answers():
    """其中满意 K 份、基本满意 L 份、不满意 M 份，满意度 P%: P = (K + L) ÷ 有效 when that holds (and
    never the 不满意 over anything)."""
    text = ("共发放问卷 360 份，回收有效问卷 348 份，其中“满意” 301 份、“基本满意” 36 份、“不满意” 11 份，"
            "服务对象满意度为 96.84%。")
    check_reading(text, text.replace("96.84%", "96.48%"), "ratio", ["348份", "301份", "36份", "96.84%"])
    alone = "共发放问卷 360 份，回收有效问卷 348 份，其中满意 301 份，满意度为 86.49%。"
    check_reading(alone, alone.replace("86.49%", "84.69%"), "ratio", ["348份", "301份", "86.49%"])


def test_a_cost_per_kilometre_is_left_alone_when_the_report_states_several_lengths():
    """计划改造 8.60 公里、完成 7.92 公里、管网 12.40 公里 … 每公里造价 B: which length B is of
    the words do not say, and any one would verify a slip: nothing is checked."""
    text = ("1.项目内容。计划改造道路 8.60 公里，敷设雨污管网 12.40 公里。\n"
            "2.实施情况。项目已支付工程款 11,286.40 万元。截至年底完成道路改造 7.92 公里。\n\n"
            "3.成本。按已支付工程款测算，综合造价约为每公里 1,312.37 万元。\n")
    result = audited(text)
    assert status_of(result, "1,312.37万元") == "unchecked"


def test_a_share_after_an_aside_is_of_the_figure_before_the_aside():
    text = ("本年支出共计 12,406,300.00 元。其中，基本支出 7,218,450.60 元（人员经费 6,102,330.40 元，公用经费 "
            "1,116,120.20 元），占全部支出的 58.18%；项目支出 5,187,849.40 元，占 41.82%。")
    check_reading(text, text.replace("58.18%", "85.18%"), "ratio", ["7,218,450.60元", "58.18%", "41.82%"])


def test_more_spent_than_last_year_is_a_change():
    text = "本年支出共计 6,418,220.00 元，比2022年的 6,102,500.00 元多支出 315,720.00 元，增幅为 5.17%。"
    check_reading(text, text.replace("增幅为 5.17%", "增幅为 5.71%"), "difference",
                  ["6,418,220.00元", "6,102,500.00元", "315,720.00元", "5.17%"])


def test_a_ratio_whose_words_name_another_figure_than_the_one_before_is_not_read_of_it():
    """…其中一般债务 A、专项债务 B，债务余额为限额 C 的 P%: P is not B ÷ C."""
    text = "全市政府债务余额 248,600 万元，其中一般债务 151,200 万元、专项债务 97,400 万元，债务余额为限额 270,000 万元的 92.1%。"
    result = audited(text)
    assert alarms(result) == [], [f.message for f in alarms(result)]


def test_a_viewpoint_over_parts_with_their_own_rates_and_reasons():
    """分项目看，税收收入达 A，完成预算 B 的 R，增长 g₁；非税收入 C，完成预算 D 的 R₂，…，下降 g₂: the
    rates' written bases are no parts, and the parts weigh into the total's growth."""
    text = ("2023年，全市一般公共预算收入实现 126,480 万元，为年初预算 121,000 万元的 104.5%，比上年增长 4.8%。\n"
            "分项目看，税收收入达 82,360 万元，完成预算 79,800 万元的 103.2%，增长 7.6%；非税收入 44,120 万元，"
            "完成预算 41,200 万元的 107.1%，受上年一次性收入抬高基数影响，下降 0.1%。\n")
    check_reading(text, text.replace("比上年增长 4.8%", "比上年增长 8.4%"), "change_sum",
                  ["126,480万元", "82,360万元", "44,120万元", "4.8%", "7.6%", "0.1%"])


def test_a_year_end_balance_set_off_in_its_own_section_nets_the_grand_income_total():
    """（一）收入。本年收入合计 A …，收入总计 T。（二）支出。本年支出合计 B …（三）结转结余。收支相抵，
    年末结转和结余 C: C = T − B (the carry-over is in T), not A − B."""
    text = ("二、部门收支情况\n"
            "（一）收入。2023年度本年收入合计 1,865.20 万元，其中财政拨款收入 1,702.60 万元、其他收入 162.60 万元；"
            "加上年结转和结余 96.35 万元，收入总计 1,961.55 万元。\n"
            "（二）支出。本年支出合计 1,790.44 万元，其中基本支出 812.30 万元，项目支出 978.14 万元。\n"
            "（三）结转结余。收支相抵，年末结转和结余 171.11 万元，主要为项目尾款。\n")
    check_reading(text, text.replace("结余 171.11", "结余 117.11"), "balance",
                  ["1,961.55万元", "1,790.44万元", "171.11万元"])


def test_a_rate_whose_words_write_its_formula():
    """资金执行率（实际支出/到位资金）为 P%: of the figures so named, the budget in the sentence before."""
    text = ("（三）资金到位。截至2023年底，累计到位资金 1,846.20 万元，到位率 96.16%。\n"
            "（四）资金使用。全年项目实际支出 1,702.55 万元，资金执行率（实际支出/到位资金）为 92.22%。\n")
    check_reading(text, text.replace("92.22%", "92.02%"), "ratio", ["1,846.20万元", "1,702.55万元", "92.22%"])


def test_a_share_named_by_its_words_alone():
    """税收收入 A …。从收入结构看，税收收入占一般公共预算收入的比重为 P%: no figure in the clause,
    both named before."""
    text = ("全县一般公共预算收入 84,260 万元，增长 3.1%。其中，税收收入 61,520 万元，非税收入 22,740 万元。\n"
            "从收入结构看，税收收入占一般公共预算收入的比重为 73.0%，较上年提高 1.2 个百分点。\n")
    check_reading(text, text.replace("73.0%", "70.3%"), "ratio", ["84,260万元", "61,520万元", "73.0%"])


def test_a_viewpoint_over_paragraphs_each_naming_a_count_then_its_money():
    """按项目类别分：⏎ 产业发展类项目 82 个，安排资金 A；⏎ 就业帮扶类项目 9 个，安排资金 B；…: the money
    of each paragraph, past the count, breaks down the funds stated before."""
    text = ("（一）资金下达情况。2023年，共安排衔接推进乡村振兴补助资金 6,420.00 万元。\n"
            "（二）资金使用方向。共实施项目 96 个。按项目类别分：\n"
            "产业发展类项目 51 个，安排资金 3,852.00 万元，主要用于特色产业；\n"
            "就业帮扶类项目 8 个，安排资金 642.00 万元；\n"
            "乡村建设类项目 37 个，安排资金 1,926.00 万元。\n")
    check_reading(text, text.replace("1,926.00", "1,962.00"), "sum", ["6,420.00万元", "3,852.00万元", "642.00万元", "1,926.00万元"])


def test_a_balance_explained_in_an_aside_as_one_total_less_another():
    """年末结转和结余为 C（收入总计扣除本年支出后的余额）, the spending named 全年支出."""
    text = ("（一）收入情况。2023年度收入总计 3,618.40 万元，其中上年结转结余 182.60 万元，本年收入 3,435.80 万元。\n"
            "（二）支出情况。2023年度全年支出 3,371.25 万元，主要用于公共卫生服务。\n"
            "（三）结转结余。年末结转和结余为 247.15 万元（收入总计扣除本年支出后的余额），已按规定结转下年。\n")
    check_reading(text, text.replace("247.15", "274.15"), "balance", ["3,618.40万元", "3,371.25万元", "247.15万元"])


LEXICON_READINGS = [
    # 扩大 is an increase
    ("全年支出 2,864.30 万元，支出规模较上年度的 2,612.80 万元扩大 251.50 万元，增长 9.63%。", "增长 9.63%", "增长 9.36%",
     "ratio", ["2,612.80万元", "251.50万元", "9.63%"]),
    # 件均 over the cases counted in 件
    ("全年办理法律援助案件 2,318 件，支出办案补贴 115.90 万元，件均办案补贴 500.00 元。", "500.00 元", "550.00 元",
     "average", ["115.90万元", "500.00元"]),
    # 完成年度计划的 P%
    ("年度计划培训 1,500 人次，实际培训 1,623 人次，完成年度计划的 108.20%。", "108.20%", "108.02%",
     "ratio", ["1,623人次", "1,500人次", "108.20%"]),
]


@pytest.mark.parametrize("text,right,wrong,rule,figures", LEXICON_READINGS)
def test_words_of_the_genre_read_by_the_lexicon(text, right, wrong, rule, figures):
    check_reading(text, text.replace(right, wrong), rule, figures)


def test_the_amounts_cited_beside_a_wrong_year_are_not_marked_failed():
    """A wrong year is the year's alone: the sums cited as the same amounts for the right year
    still hold and stay verified."""
    title = "某某县交通运输局2023年度部门整体支出绩效自评报告\n"
    text = ("2023年度部门预算支出 860.00 万元，其中基本支出 420.00 万元，项目支出 440.00 万元。\n"
            "2022年度部门预算支出 860.00 万元，其中基本支出 420.00 万元，项目支出 440.00 万元。\n")
    result = audit_text(title + text)
    assert "year" in {f.rule for f in alarms(result)}
    assert {result.status.get(c.id) for c in result.claims if c.kind == "money" and c.line == 2} == {"verified"}


def test_prose_scores_with_their_worth_in_parentheses_add_up_to_the_total_after_them():
    """预算执行率得 9.6 分（满分 10 分），产出指标得 46.5 分（满分 50 分），…，总得分 T 分: the 满分
    are weights, the 得 the parts."""
    text = ("根据评价指标体系评分，预算执行率得 9.6 分（满分 10 分），产出指标得 46.5 分（满分 50 分），"
            "效益指标得 27.0 分（满分 30 分），满意度指标得 9.5 分（满分 10 分），总得分 92.6 分。")
    check_reading(text, text.replace("总得分 92.6", "总得分 93.6"), "score_sum", ["9.6分", "46.5分", "27.0分", "9.5分", "92.6分"])
