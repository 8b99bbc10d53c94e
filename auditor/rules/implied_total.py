"""implied_total: component amounts and rates that imply a total base the report does not have.

When a report gives each component's executed amount and its execution rate, each
component's budget is amount ÷ rate; those budgets must add up to the total budget the
report states. Slips in a rate or an amount that each look plausible on their own show
up here. Intervals: every amount and rate stands for its rounding interval.

Wrong::

    全年预算数为 8,318.83 万元，全年执行数为 8,271.47 万元，执行率为 99.47%。其中基本支出
    全年执行数 1,254.30 万元，执行率 98.57%；项目支出全年执行数 7,017.17 万元，执行率 99.56%。
    (1254.30 ÷ 98.57% + 7017.17 ÷ 99.56% = 8320.68, not 8318.83)

Right::

    全年预算数为 8,320.68 万元，全年执行数为 8,271.47 万元。其中基本支出执行数 1,254.30 万元，
    执行率 98.57%；项目支出执行数 7,017.17 万元，执行率 99.56%。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown
from auditor.intervals import claim_interval
from auditor.messages import message
from auditor.relations import ImpliedTotal, Sum
from auditor.rules.base import Rule


def check(report):
    bases = {r.numerator.id: r.denominator for r in report.links.ratios if r.denominator is not None}
    for enumeration in report.links.enumerations:
        head = enumeration.head
        if head is None or head.kind != "money" or None in enumeration.rates:
            continue
        total_base = bases.get(head.id)
        if total_base is None:
            continue
        if not Sum(head, tuple(enumeration.items)).holds():
            continue  # the amounts themselves do not add up: the sum rule reports that
        yield from _check(enumeration, total_base)


def _check(enumeration, total_base):
    relation = ImpliedTotal(total_base, tuple(zip(enumeration.items, enumeration.rates)))
    (implied,) = relation.computed()
    parts = [(item, rate, part) for (item, rate), part in zip(relation.pairs, relation.parts())]
    stated = claim_interval(total_base)
    if implied.meets(stated):
        passed("implied_total", relation, "amount ÷ rate")
        return
    decimals = total_base.quantity.decimals
    terms = " + ".join(f"{shown(i)} ÷ {shown(r)}" for i, r, _ in parts)
    values = " + ".join(fmt(p.mid, decimals) for _, _, p in parts)
    says = message("implied_total", terms=terms, values=values, computed=fmt(implied.mid, decimals),
                   lo=fmt(implied.lo, decimals), hi=fmt(implied.hi, decimals),
                   stated=shown(total_base))
    evidence = [(enumeration.head, "total_executed")]
    for item, rate, _ in parts:
        evidence += [(item, "component"), (rate, "component_rate")]
    yield finding("implied_total", "error", says, total_base,
                  round(implied.mid, decimals), evidence, confidence=0.85, relation=relation)


RULE = Rule(
    id="implied_total",
    family="context",
    severity="error",
    summary="Component amounts ÷ component rates must add up to the stated total base",
    check=check,
)
