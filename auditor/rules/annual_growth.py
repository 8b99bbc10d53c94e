"""annual_growth: a growth rate per year (年均增长 P%) that the two figures it spans do not give.

Plans and reviews state growth over several years as a yearly rate: 从 2015 年的 A 增长到
2020 年的 B，年均增长 P%. That rate compounds: P = (B ÷ A)^(1 ÷ n) − 1 with n the years
between, not (B − A) ÷ A ÷ n. Both figures are taken as ± half a unit of their last digit;
the function is monotone in each, so its interval comes from their ends.

Wrong::

    一般公共预算支出从 2015 年的 104879 万元上升到 2020 年的 191716 万元，年均增长 16.56%。
    (16.56% is (191716 − 104879) ÷ 104879 ÷ 5; compounded it is 12.82%)

Right::

    一般公共预算支出从 2015 年的 104879 万元上升到 2020 年的 191716 万元，年均增长 12.82%。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown
from auditor.intervals import claim_interval
from auditor.messages import message
from auditor.relations import AnnualGrowth
from auditor.rules.base import Rule


def check(report):
    for growth in report.links.annual:
        relation = AnnualGrowth(growth.rate, growth.current, growth.base, float(growth.years),
                                growth.direction)
        (rate,) = relation.computed()
        if rate.meets(claim_interval(growth.rate)):
            passed("annual_growth", relation, "年均")
            continue
        decimals = growth.rate.quantity.decimals
        simple = (growth.current.value / growth.base.value - 1) * 100 / growth.years
        says = message("annual_growth", stated=shown(growth.rate), current=shown(growth.current),
                       base=shown(growth.base), years=str(growth.years),
                       computed=fmt(rate.mid, decimals), span=rate.describe(decimals + 2),
                       simple=fmt(simple, decimals))
        yield finding("annual_growth", "error", says, growth.rate,
                      round(rate.mid, decimals), [(growth.current, "current"), (growth.base, "base")],
                      confidence=0.8, relation=relation)


RULE = Rule(
    id="annual_growth",
    family="arithmetic",
    severity="error",
    summary="年均增长 P% against the two dated figures it spans, compounded over the years",
    check=check,
)
