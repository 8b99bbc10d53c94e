"""sum: a money total that its components do not add up to.

Reports break totals down (其中, 包括, 分别为, a parenthesised breakdown, or a list of
items each with its share of the total). The components are added with interval
tolerance (each ± half a unit of its last stated digit, as XBRL Calculations 1.1 does)
and compared with the total. Components exceeding the total are always an error; a
shortfall is an error for a list presented as whole and a warning where the words say it
may be partial (其中, 主要包括, a list ending in 等). Shares of one total that make up the
whole must also add up to 100%.

Wrong::

    全年总支出完成 6,050.65 万元，其中基本支出 701.31 万元，项目支出 5,359.34 万元。
    (701.31 + 5359.34 = 6060.65)

Right::

    全年总支出完成 11,440.64 万元，其中基本支出 2733.36 万元，项目支出 8,707.29 万元。
"""
from __future__ import annotations

from auditor.rules._sums import check_enumeration, check_shares_total
from auditor.rules.base import Rule


def check(report):
    for enumeration in report.links.enumerations:
        if enumeration.items[0].kind not in ("money",):
            continue
        yield from check_enumeration(enumeration, "sum")
        yield from check_shares_total(enumeration, "sum")


RULE = Rule(
    id="sum",
    family="arithmetic",
    severity="error",
    summary="A money total that its components (其中, 包括, breakdowns, share lists) do not add up to",
    check=check,
)
