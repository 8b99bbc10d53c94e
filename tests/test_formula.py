"""auditor.formula: finding written-out arithmetic and evaluating it with intervals."""
from __future__ import annotations

import pytest

from auditor.formula import FormulaSyntaxError, find_formulas, parse_expression, render
from auditor.relations.formula import check_formula, evaluate, evaluate_interval, failures


def only(text: str):
    found = find_formulas(text)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- parser


@pytest.mark.parametrize(
    "text, value",
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),  # left-associative
        ("24 / 4 / 2", 3),
        ("-5 + 8", 3),
        ("2 × (3 + 4) ÷ 7", 2),
        ("（6 + 4）× 1.5", 15),
        ("50% * 80", 40),
        ("35/37*100%", 35 / 37),
        ("1.25 − 0.25", 1),
    ],
)
def test_parser_evaluates_arithmetic(text, value):
    assert evaluate(parse_expression(text)) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "1 +", "(1 + 2", "1 2", "3 * / 4", "abs(3)", "__import__('os')"])
def test_parser_rejects_what_is_not_arithmetic(text):
    with pytest.raises(FormulaSyntaxError):
        parse_expression(text)


def test_division_by_zero_gives_no_value():
    assert evaluate(parse_expression("5 / (2 - 2)")) is None


def test_interval_of_decimals_is_half_a_unit_and_integers_are_exact():
    interval = evaluate_interval(parse_expression("15.22 * 4"))
    assert interval.lo == pytest.approx(15.215 * 4)
    assert interval.hi == pytest.approx(15.225 * 4)
    loose = evaluate_interval(parse_expression("15.22 * 4"), exact_integers=False)
    assert loose.lo == pytest.approx(15.215 * 3.5)


def test_render_spaces_operators_and_keeps_numbers_as_written():
    assert render("(4*15.22)/2") == "(4 × 15.22) ÷ 2"
    assert render("(4*15.22)/2", "en") == "(4 × 15.22) / 2"
    assert render("35/37*100%") == "35 ÷ 37 × 100%"
    assert render("-3+（2.50×2）") == "-3 + (2.50 × 2)"


# ---------------------------------------------------------------- finding formulas


def test_latex_like_score_formula_after_a_label():
    match = only("上级资金分配及时性得分为 15.22 分，指标自评得分 = (4 * 15.22) / 2 = 3.04 分。")
    assert match.label == "指标自评得分"
    assert [s.text for s in match.expressions] == ["(4 * 15.22) / 2"]
    assert match.result.value == 3.04 and match.result.decimals == 2
    assert not match.result.percent


def test_spans_point_at_the_numbers_in_the_text():
    text = "得分为 9 分，折算得分 = (6 * 17.3) / 30 = 3.46 分"
    match = only(text)
    assert [text[n.start:n.end] for n in match.operands] == ["6", "17.3", "30"]
    assert text[match.result.start:match.result.end] == "3.46"
    assert text[match.start:match.end] == "折算得分 = (6 * 17.3) / 30 = 3.46"


def test_symbolic_part_is_kept_and_numeric_part_is_evaluated():
    text = (
        "结余结转率 = 年末结转和结余数 / (年初结转和结余数 + 本年拨款数) × 100% "
        "= 291.36 / (726.55 + 5615.46) = 4.6%，低于 10%"
    )
    match = only(text)
    kinds = [s.kind for s in match.segments]
    assert kinds == ["label", "symbolic", "numeric"]
    assert "年末结转和结余数" in match.segments[1].text
    assert match.result.percent and match.result.text == "4.6%"
    assert not failures(match)


def test_plain_rate_with_times_100_percent_and_no_spaces():
    match = only("人员控制率=35/37*100%=94.59%")
    assert match.label == "人员控制率"
    assert not failures(match)


def test_label_run_into_the_expression_is_split_off():
    match = only("完成率为 48/50 = 96%。")
    assert match.label == "完成率为"
    assert match.expressions[0].text == "48/50"


@pytest.mark.parametrize(
    "text",
    [
        "实行 7*24 小时值班值守",
        "推行“10+10”服务模式",
        "财政拨款收入预决算差异率=0，收入决算数为 100 万元",  # a statement, no arithmetic
        "日常公用经费决算数=日常公用经费调整预算数，得 2 分",
        "结转结余率 ≤ 10%，得 4 分",
        "若 a >= 3 则得满分",
        "合计 = 30.44 / 2",  # no stated result
    ],
)
def test_not_formulas(text):
    assert find_formulas(text) == []


def test_two_formulas_in_one_paragraph_are_separate_chains():
    text = "甲项得分 = 3 * 2 = 6 分；乙项得分 = 10 / 4 = 2.5 分。"
    found = find_formulas(text)
    assert [m.label for m in found] == ["甲项得分", "乙项得分"]
    assert all(not failures(m) for m in found)


def test_long_chain_checks_every_arithmetic_part():
    match = only("合计 = 12.5 + 7.5 = 4 * 5 = 20 万元")
    assert [s.text for s in match.expressions] == ["12.5 + 7.5", "4 * 5"]
    assert not failures(match)


# ---------------------------------------------------------------- checking


def test_wrong_divisor_fails_with_the_computed_value():
    match = only("指标自评得分 = (4 * 15.22) / 2 = 3.04 分")
    [failed] = failures(match)
    assert failed.computed == pytest.approx(30.44)
    assert failed.shown_computed == "30.44"
    assert not failed.computed_interval.meets(failed.stated_interval)


def test_right_divisor_holds():
    assert not failures(only("指标自评得分 = (4 * 15.22) / 20 = 3.04 分"))


def test_slipped_digit_in_a_weight_formula_is_caught():
    # 6 × 17.3 ÷ 30 = 3.46: exact integers keep the check sharp enough to see 3.64
    assert failures(only("得分 = (6 × 17.3) ÷ 30 = 3.64 分"))
    assert not failures(only("得分 = (6 × 17.3) ÷ 30 = 3.46 分"))


def test_rounding_tolerance_comes_from_the_stated_digits():
    # 291.36 / 6342.01 = 4.594%: 4.6% (one decimal) holds, 4.60% (two decimals) does not
    assert not failures(only("比率 = 291.36 / (726.55 + 5615.46) = 4.6%"))
    assert failures(only("比率 = 291.36 / (726.55 + 5615.46) = 4.60%"))
    assert not failures(only("比率 = 291.36 / (726.55 + 5615.46) = 4.59%"))


def test_operand_rounding_widens_the_computed_interval():
    # 1.5 stands for 1.45..1.55, so 1.5 × 3 may be anything in 4.35..4.65;
    # a stated 4.7 stands for 4.65..4.75 and still meets it, 4.8 does not
    assert not failures(only("x = 1.5 * 3 = 4.6"))
    assert not failures(only("x = 1.5 * 3 = 4.7"))
    assert failures(only("x = 1.5 * 3 = 4.8"))


def test_percent_result_is_compared_with_the_value_times_100():
    assert not failures(only("控制率 = 35 / 37 × 100 = 94.59%"))  # ×100 without %
    assert not failures(only("控制率 = 35 / 37 = 94.59%"))  # no ×100 at all
    [failed] = failures(only("控制率 = 35 / 37 × 100% = 96.59%"))
    assert failed.shown_computed == "94.59%"


def test_plain_result_after_times_100_percent_is_read_in_points():
    assert not failures(only("达标率 = 18/20 × 100% = 90"))
    assert failures(only("达标率 = 18/20 × 100% = 80"))


def test_boundary_values_are_not_lost_to_binary_floats():
    # (1.07 × 5) ÷ 2 = 2.675 exactly: both 2.67 and 2.68 are fair roundings of it
    assert not failures(only("得分 = (1.07 * 5) / 2 = 2.68"))
    assert not failures(only("得分 = (1.07 * 5) / 2 = 2.67"))


def test_division_by_stated_zero_is_not_judged():
    assert check_formula(only("比例 = 5 / 0 = 3%")) == []


def test_full_width_signs_and_parentheses():
    assert not failures(only("得分＝（2＋3）×2＝10分"))
    assert failures(only("得分＝（2＋3）×2＝12分"))


def test_negative_results():
    match = only("增长率 = (80 - 100) / 100 × 100% = -20%")
    assert match.result.value == -20 and match.result.text == "-20%"
    assert not failures(match)
    assert failures(only("增长率 = (80 - 100) / 100 × 100% = -25%"))


def test_increase_formula_with_words_then_numbers():
    text = "增长率=(本年数-上年数)/上年数×100%=(120-100)/100×100%=20%"
    match = only(text)
    assert [s.kind for s in match.segments] == ["label", "symbolic", "numeric"]
    assert not failures(match)


# ---------------------------------------------------------------- units inside the arithmetic


def test_units_scale_the_operands_and_the_result():
    match = only("单盏维护成本 = 512.30 万元 / 12360 盏 = 414.48 元，低于标准。")
    assert match.label == "单盏维护成本"
    assert [(n.text, n.unit, n.scale) for n in match.operands] == [
        ("512.30", "万元", 10000), ("12360", "盏", 1)]
    assert (match.result.value, match.result.unit, match.result.scale) == (414.48, "元", 1)
    assert not failures(match)


def test_a_wrong_result_with_units_fails_in_the_results_unit():
    [failed] = failures(only("单盏维护成本 = 512.30 万元 / 12360 盏 = 441.48 元"))
    assert failed.computed == pytest.approx(414.4822, abs=1e-4)
    assert failed.shown_computed == "414.48 元"
    assert failed.shown_stated == "441.48 元"


@pytest.mark.parametrize("result, holds", [
    ("414.48", True),
    ("414.5", True),  # one decimal: 414.45–414.55 takes in 414.478–414.486
    ("414.49", True),  # 414.485–414.495 meets the computed 414.478–414.486 at its top
    ("414.50", False),  # 414.495–414.505 does not
    ("414", True),  # an integer result stands for 413.5–414.5
    ("415", False),
])
def test_tolerance_with_units_comes_from_the_stated_digits(result, holds):
    match = only(f"单盏维护成本 = 512.30 万元 / 12360 盏 = {result} 元")
    assert (not failures(match)) is holds


@pytest.mark.parametrize("text, holds", [
    ("人均经费 = 16720.76 万元 / 898 人 = 18.62 万元", True),
    ("人均经费 = 16720.76 万元 ÷ 898 人 = 18.62 万元/人", True),
    ("人均经费 = 16720.76 万元 ÷ 898 人 = 186200 元", True),
    ("人均经费 = 16720.76 万元 / 898 人 = 16.82 万元", False),
    ("人均经费 = 16720.76 万元 ÷ 898 人 = 16.82 万元/人", False),
    ("合计 = 3 万元 + 5000 元 = 3.5 万元", True),
    ("合计 = 3 万元 + 5000 元 = 3.05 万元", False),
    ("差额 = 1.20 亿元 - 8000 万元 = 4000 万元", True),
    ("差额 = 1.20 亿元 - 8000 万元 = 400 万元", False),
    ("日均门急诊 = 86.52 万人次 / 366 天 = 2364 人次", True),
    ("日均门急诊 = 86.52 万人次 / 366 天 = 2346 人次", False),
    ("执行率 = 836.20 万元 / 880.00 万元 × 100% = 95.02%", True),
    ("执行率 = 836.20 万元 / 880.00 万元 = 95.20%", False),
    ("预算执行得分 = 95.04% × 10 分 = 9.50 分", True),
])
def test_money_and_count_units_in_operands_and_results(text, holds):
    assert (not failures(only(text))) is holds


def test_a_bare_number_among_figures_with_units_may_share_their_unit():
    # 3 万元 + 2 = 5 万元: the 2 is in 万元 too; read as written, the sum holds
    assert not failures(only("合计 = 3 万元 + 2 = 5 万元"))
    assert failures(only("合计 = 3 万元 + 2 = 6 万元"))


def test_label_run_into_an_expression_with_units_is_split_off():
    match = only("维护成本为 512.30 万元 / 12360 盏 = 441.48 元。")
    assert match.label == "维护成本为"
    assert match.expressions[0].text == "512.30 万元 / 12360 盏"
    assert failures(match)


def test_units_are_shown_with_their_figures():
    assert render("512.30 万元/12360 盏") == "512.30 万元 ÷ 12360 盏"
    assert only("人均 = 16720.76 万元 / 898 人 = 18.62 万元/人").result.written == "18.62 万元/人"


def test_expression_in_base_units_or_as_written():
    expression = parse_expression("512.30 万元 / 12360 盏")
    assert evaluate(expression, scaled=True) == pytest.approx(414.4822, abs=1e-4)
    assert evaluate(expression) == pytest.approx(512.30 / 12360)
    interval = evaluate_interval(expression, scaled=True)
    assert interval.lo == pytest.approx(5122950 / 12360)
    assert interval.hi == pytest.approx(5123050 / 12360)


@pytest.mark.parametrize(
    "text",
    [
        "实行 7*24 小时值班值守，推行“10+10”服务模式",
        "构建“1+3+N”工作体系",
        "合计 = 30.44 万元 / 2",  # arithmetic again after the last '=': no stated result
        "2024 年 + 1 = 2025 年",  # a year is no operand
        "完成 20 余个 + 3 个 = 23 个",  # a qualified figure is no operand
        "单价 = 5 万元 = 50000 元",  # a conversion, no arithmetic
    ],
)
def test_not_formulas_with_units(text):
    assert find_formulas(text) == []
