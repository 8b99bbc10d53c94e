"""balance: a year's income grand total that differs from its spending grand total.

A 部门决算 or 预算 balances by construction: 收入总计 (this year's income with what was
brought forward) equals 支出总计 (this year's spending with what is carried forward). When a
sentence states both and they differ beyond the rounding of their digits, one is wrong.
收入合计 and 支出合计 are not compared: 结转结余 stands between them.

Wrong::

    2024 年度收入总计 5,612.20 万元，支出总计 5,621.20 万元。

Right::

    2024 年度收入总计 5,612.20 万元，支出总计 5,612.20 万元。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, shown, unit_suffix
from auditor.relations import Same
from auditor.rules.base import Rule


def check(report):
    for balance in report.links.balances:
        relation = Same(balance.expense, balance.income)
        if relation.holds():
            passed("balance", relation, "收支总计")
            continue
        unit = unit_suffix(balance.expense)
        message = (f"收入总计 {shown(balance.income)}{unit} ≠ 支出总计 {shown(balance.expense)}{unit}："
                   "决算（预算）收支总计应相等")
        message_en = (f"income grand total {shown(balance.income)}{unit} ≠ spending grand total "
                      f"{shown(balance.expense)}{unit}: the two grand totals must be equal")
        yield finding("balance", "error", message, message_en, balance.expense, balance.income.value,
                      [(balance.income, "other_statement")], confidence=0.85, relation=relation)


RULE = Rule(
    id="balance",
    family="arithmetic",
    severity="error",
    summary="收入总计 against 支出总计 stated together: a year's accounts balance",
    check=check,
)
