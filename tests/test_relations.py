"""auditor.relations: each relation kind holds on a right example, fails on a wrong one, and
its ``needed`` inverts it (the value it gives for an operand makes the relation hold)."""
from __future__ import annotations

import itertools
import math
from dataclasses import replace

import pytest

from auditor.formula import find_formulas
from auditor.intervals import Interval
from auditor.models import Claim, Location, Quantity
from auditor.relations import (AnnualGrowth, AtLeast, Average, ChangeRate, Difference, Growth,
                               ImpliedRate, ImpliedTotal, Ratio, Relation, Same, SignedSum, Sum,
                               Written, substituted)

_ids = itertools.count(1)

_UNITS = {"万元": ("money", "元", 1e4), "元": ("money", "元", 1.0), "%": ("percent", "%", 1.0),
          "个": ("count", "个", 1.0), "万个": ("count", "个", 1e4), "条": ("count", "条", 1.0)}


def claim(text: str, direction: int = 0) -> Claim:
    """A claim from its surface ("600.00万元", "15.00%", "9个")."""
    unit = next(u for u in sorted(_UNITS, key=len, reverse=True) if text.endswith(u))
    digits = text[: -len(unit)]
    kind, measure, scale = _UNITS[unit]
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    quantity = Quantity(text, 0, len(text), float(digits), unit, kind, decimals, None, scale, measure)
    n = next(_ids)
    return Claim(f"R{n}", quantity, Location(1, n), "narrative", None, None, None,
                 direction=direction)


def solves(rel: Relation, operand: Claim, value: float) -> None:
    """``value`` stated for ``operand`` (with its digits) meets what ``needed`` says it needs,
    and with it the relation holds."""
    need = rel.needed(operand)
    assert need is not None and need.meets(substituted(operand, value)), (need, value)
    assert rel.holds({operand.id: value})


# ---------------------------------------------------------------- one test per kind


def test_sum():
    total, a, b = claim("1000.00万元"), claim("600.00万元"), claim("400.00万元")
    assert Sum(total, (a, b)).holds()
    wrong = Sum(total, (a, claim("430.00万元")))
    assert not wrong.holds()
    solves(wrong, wrong.parts[1], 400.0)
    solves(wrong, total, 1030.0)
    assert wrong.formula() == "600.00 + 430.00 = 1000.00"


def test_sum_across_units_solves_in_the_operands_own_unit():
    total, a, b = claim("1000.00万元"), claim("6000000元"), claim("430.00万元")
    rel = Sum(total, (a, b))
    assert not rel.holds()
    solves(rel, a, 5700000.0)  # 570 万元 in 元


def test_shares_add_up_to_100():
    assert Sum.of_shares((claim("60.0%"), claim("40.0%"))).holds()
    wrong = Sum.of_shares((claim("60.0%"), claim("45.0%")))
    assert not wrong.holds()
    solves(wrong, wrong.parts[1], 40.0)
    assert wrong.formula() == "60.0% + 45.0% = 100%"


def test_a_partial_list_only_bounds_its_total():
    total, a = claim("1000.00万元"), claim("600.00万元")
    short = AtLeast(total, (a, claim("300.00万元")))
    assert short.holds() and not short.as_whole().holds()
    assert short.formula() == "600.00 + 300.00 ≤ 1000.00"
    over = AtLeast(total, (a, claim("450.00万元")))
    assert not over.holds()
    assert over.needed(total).hi == math.inf  # any total from the parts' sum up will do
    assert over.needed(over.parts[1]).lo == -math.inf
    solves(over, over.parts[1], 390.0)
    assert "不超过 1000.00" in over.recomputation()
    assert over.key() == over.as_whole().key()  # one list, whether or not it may be partial
    assert over != over.as_whole()


def test_ratio():
    result, numerator, denominator = claim("98.53%"), claim("154.39万元"), claim("156.7万元")
    assert Ratio(result, numerator, denominator).holds()
    wrong = Ratio(claim("99.47%"), claim("8271.47万元"), claim("8318.83万元"))
    assert not wrong.holds()
    solves(wrong, wrong.result, 99.43)
    solves(wrong, wrong.numerator, 8274.48)
    assert wrong.expression() == "8271.47 ÷ 8318.83" and wrong.expression(lang="en") == "8271.47 / 8318.83"


def test_growth_in_the_words_direction():
    current, base = claim("1100.00万元"), claim("1000.00万元")
    assert Growth(claim("10.00%"), current, base, sign=1).holds()
    assert not Growth(claim("10.00%"), current, base, sign=-1).holds()  # 下降 10% is wrong
    wrong = Growth(claim("12.00%"), current, base, sign=1)
    assert not wrong.holds()
    solves(wrong, current, 1120.0)
    solves(wrong, base, 982.14)
    fall = Growth(claim("4.00%"), claim("950.00万元"), base, sign=-1)
    solves(fall, fall.current, 960.0)
    assert fall.expression() == "(1000.00 − 950.00) ÷ 1000.00"


def test_annual_growth_compounds():
    current, base = claim("191716万元"), claim("104879万元")
    assert AnnualGrowth(claim("12.82%"), current, base, 5.0).holds()
    wrong = AnnualGrowth(claim("16.56%"), current, base, 5.0)  # the simple average
    assert not wrong.holds()
    solves(wrong, wrong.rate, 12.82)
    assert wrong.needed(current) is None  # the two figures are not solved for
    assert wrong.formula() == "(191716 ÷ 104879)^(1/5) − 1 = 16.56%"


def test_average_over_counts_or_days():
    assert Average(claim("30条"), claim("210条"), (claim("9个"), claim("7个"))).holds()
    wrong = Average(claim("33条"), claim("198条"), (claim("9个"),))
    assert not wrong.holds()
    solves(wrong, wrong.total, 297.0)
    solves(wrong, wrong.average, 22.0)
    per_day = Average(claim("403个"), claim("14.71万个"), days=365.0)
    assert per_day.holds()  # 147100 ± 50 over 365 days
    assert per_day.expression() == "14.71 ÷ 365 天" and per_day.expression(lang="en") == "14.71 / 365 days"
    assert not Average(claim("503个"), claim("14.71万个"), days=365.0).holds()
    several = Average(claim("30条"), claim("210条"), (claim("9个"), claim("7个")))
    assert several.needed(several.average) is None  # two readings: no single value


def test_difference_in_the_words_direction():
    current, base = claim("5836.32万元"), claim("1755.11万元")
    assert Difference(claim("4081.21万元"), current, base, sign=1).holds()
    wrong = Difference(claim("3565.48万元"), claim("23155.62万元"), claim("26621.1万元"), sign=-1)
    assert not wrong.holds()
    solves(wrong, wrong.change, 3465.48)
    solves(wrong, wrong.current, 23055.62)
    solves(wrong, wrong.base, 26721.1)
    assert wrong.expression() == "−(23155.62 − 26621.1)"


def test_change_rate_against_a_written_base():
    change, base = claim("4081.21万元"), claim("1755.11万元")
    assert ChangeRate(claim("232.53%"), change, base).holds()
    wrong = ChangeRate(claim("25.00%"), claim("100.00万元"), claim("500.00万元"))
    assert not wrong.holds()
    solves(wrong, wrong.rate, 20.0)
    solves(wrong, wrong.change, 125.0)
    solves(wrong, wrong.base, 400.0)


def test_implied_rate_divides_by_current_minus_the_change():
    change, current = claim("100.00万元"), claim("1100.00万元")
    rel = ImpliedRate(claim("10.00%"), change, current, sign=1)
    assert rel.holds()  # 100 ÷ (1100 − 100)
    assert rel.base().contains(1000.0)
    wrong = ImpliedRate(claim("9.09%"), change, current, sign=1)  # 100 ÷ 1100: the current
    assert not wrong.holds()
    solves(wrong, wrong.rate, 10.0)
    solves(wrong, change, 91.67)
    solves(wrong, current, 1200.13)
    assert wrong.expression() == "100.00 ÷ (1100.00 − 100.00)"


def test_signed_sum_of_changes():
    total = claim("198.76万元", direction=1)
    up, down = claim("229.73万元", direction=1), claim("30.97万元", direction=-1)
    assert SignedSum(total, (up, down)).holds()
    wrong = SignedSum(total, (claim("29.73万元", direction=1), claim("168.36万元", direction=1)))
    assert not wrong.holds()
    solves(wrong, wrong.parts[1], 169.03)
    solves(wrong, total, 198.09)
    assert SignedSum(total, (up, down)).expression() == "229.73 − 30.97"


def test_implied_total_of_amounts_and_rates():
    a, ra, b, rb = claim("900.00万元"), claim("90.00%"), claim("950.00万元"), claim("95.00%")
    assert ImpliedTotal(claim("2000.00万元"), ((a, ra), (b, rb))).holds()
    wrong = ImpliedTotal(claim("2100.00万元"), ((a, ra), (b, rb)))
    assert not wrong.holds()
    solves(wrong, wrong.total, 2000.0)
    solves(wrong, b, 1045.0)
    solves(wrong, rb, 86.36)
    assert wrong.terms == (a, ra, b, rb)
    assert wrong.expression() == "900.00 ÷ 90.00% + 950.00 ÷ 95.00%"


def test_same_figure_stated_twice():
    assert Same(claim("1.72万元"), claim("17200元")).holds()
    wrong = Same(claim("5621.20万元"), claim("5612.20万元"))
    assert not wrong.holds()
    solves(wrong, wrong.statement, 5612.2)
    solves(wrong, wrong.other, 5621.2)


# ---------------------------------------------------------------- what every kind shares


@pytest.mark.parametrize("rel, kind", [
    (Sum(claim("1.00万元"), (claim("1.00万元"),)), "sum"),
    (AtLeast(claim("1.00万元"), (claim("1.00万元"),)), "at_least"),
    (SignedSum(claim("1.00万元", 1), (claim("1.00万元", 1),)), "signed_sum"),
    (ImpliedTotal(claim("1.00万元"), ((claim("1.00万元"), claim("100%")),)), "implied_total"),
    (Ratio(claim("100%"), claim("1.00万元"), claim("1.00万元")), "ratio"),
    (Growth(claim("0%"), claim("1.00万元"), claim("1.00万元")), "growth"),
    (AnnualGrowth(claim("0%"), claim("1.00万元"), claim("1.00万元"), 2.0), "annual"),
    (Average(claim("1个"), claim("1个"), (claim("1个"),)), "average"),
    (Difference(claim("0.00万元"), claim("1.00万元"), claim("1.00万元")), "difference"),
    (ChangeRate(claim("0%"), claim("0.00万元"), claim("1.00万元")), "change_rate"),
    (ImpliedRate(claim("0%"), claim("0.00万元"), claim("1.00万元")), "implied_rate"),
    (Same(claim("1.00万元"), claim("1.00万元")), "same"),
])
def test_every_kind_keeps_its_name_and_names_its_operands(rel, kind):
    assert rel.kind == kind  # the string JSON checks show
    assert rel.holds()
    roles = [role for role, _ in rel.operands]
    assert len(roles) == len(set(roles)) or kind in ("sum", "at_least", "signed_sum", "average")
    assert {c.id for _, c in rel.operands} == {c.id for c in rel.claims}


# ---------------------------------------------------------------- table figures


def cell(text: str) -> Claim:
    """A figure of a table cell: its 0 states that there is nothing, exactly."""
    return replace(claim(text), source="table")


def test_a_table_cells_zero_is_exact_so_a_footing_that_misses_by_it_fails():
    total, nothing, car, reception = cell("24.84万元"), cell("0万元"), cell("21.83万元"), cell("3.46万元")
    wrong = Sum(total, (nothing, car, reception))
    assert not wrong.holds()
    solves(wrong, car, 21.38)
    assert wrong.needed(nothing).hi < 0  # only a negative row would foot it
    assert substituted(car, 0.0) == Interval.exact(0.0)
    # the same 0 in prose says nothing was spent too (an amount under the unit is written
    # with decimals, 0.4 万元), so the footing misses there as well; a 0 with decimals is rounded
    assert not Sum(claim("24.84万元"), (claim("0万元"), claim("21.83万元"), claim("3.46万元"))).holds()
    assert Sum(claim("3.8万元"), (claim("0.4万元"), claim("3.4万元"))).holds()
    assert Sum(claim("3.9万元"), (claim("0.0万元"), claim("3.9万元"))).holds()
    assert Sum(total, (nothing, cell("21.38万元"), reception)).holds()


def test_a_table_ratio_column_is_a_ratio_of_its_cells():
    assert Ratio(cell("99.43%"), cell("8271.47万元"), cell("8318.83万元")).holds()
    assert not Ratio(cell("99.47%"), cell("8271.47万元"), cell("8318.83万元")).holds()
    # a rate of nothing: the cell's 0 is exact, so anything goes and no figure can be solved
    assert Ratio(cell("5.00%"), cell("1.00万元"), cell("0万元")).computed()[0].lo == -math.inf


# ---------------------------------------------------------------- head counts


def test_head_counts_against_a_bare_number_of_a_formula():
    posts = (claim("23个"), claim("1个"), claim("7个"), claim("7个"))
    wrong = Sum(None, posts, 37.0)  # 控制率 = 35/37: the 37 is no claim
    assert not wrong.holds()
    assert Sum(None, posts, 38.0).holds()
    solves(wrong, posts[2], 6)
    assert wrong.formula() == "23 + 1 + 7 + 7 = 37"


# ---------------------------------------------------------------- written formulas


def written(text: str, units: str = "万元") -> Written:
    """The relation of the one evaluated part of the formula in ``text``; its figures with
    decimals (and its result) are claims, in ``units`` or %, bare integers are constants."""
    (match,) = find_formulas(text)
    made: dict[int, Claim] = {}

    def claim_at(number):
        if number.decimals == 0:
            return None
        unit = "%" if number.percent else (number.unit or units)
        return made.setdefault(number.start, claim(f"{number.text.rstrip('%')}{unit}"))

    (segment,) = match.expressions
    return Written.of(match, segment, claim_at)


def test_written_formula():
    right = written("执行率 = 8271.47 ÷ 8318.83 × 100% = 99.43%")
    assert right.kind == "formula" and right.holds()
    wrong = written("执行率 = 8271.47 ÷ 8318.83 × 100% = 99.47%")
    assert not wrong.holds()
    spent, budget = wrong.terms
    assert [role for role, _ in wrong.operands] == ["result", "operand", "operand"]
    solves(wrong, wrong.target, 99.43)
    solves(wrong, spent, 8274.74)
    solves(wrong, budget, 8315.54)
    assert wrong.formula() == "8271.47 ÷ 8318.83 × 100% = 99.47%"
    assert wrong.formula({budget.id: 8315.54}, "en") == "8271.47 / 8315.54 × 100% = 99.47%"
    assert "区间" in wrong.recomputation()


def test_written_formula_with_units_solves_in_the_figures_own_unit():
    wrong = written("单盏维护成本 = 512.30 万元 / 12360 盏 = 441.48 元")
    assert not wrong.holds()
    (cost,) = wrong.terms  # 12360 is a bare integer: exact, a constant of the arithmetic
    solves(wrong, cost, 545.67)  # 万元, as written
    assert written("单盏维护成本 = 512.30 万元 / 12360 盏 = 414.48 元").holds()


def test_written_formula_with_a_bracket_and_a_subtraction():
    wrong = written("增长率 = (125.30 - 100.20) / 100.20 × 100% = 25.95%")
    assert not wrong.holds()
    current, base, _ = wrong.terms  # the base written twice: two figures
    solves(wrong, current, 126.20)
    solves(wrong, base, 99.30)  # the first 100.20 only: (125.30 − 99.30) ÷ 100.20
    solves(wrong, wrong.target, 25.05)
    assert written("增长率 = (125.30 - 100.20) / 100.20 × 100% = 25.05%").holds()


def test_net_adds_and_takes_away():
    from auditor.relations import Net

    total, a, b, c = claim("220.00万元"), claim("120.00万元"), claim("3400.00万元"), claim("3300.00万元")
    net = Net(total, (a, b), (c,))
    assert net.holds() and net.expression() == "120.00 + 3400.00 − 3300.00"
    wrong = Net(claim("202.00万元"), (a, b), (c,))
    assert not wrong.holds()
    solves(wrong, c, 3318.0)
    solves(wrong, a, 102.0)
