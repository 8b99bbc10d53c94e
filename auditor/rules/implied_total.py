"""implied_total: component amounts and rates that imply a total base the report does not have.

When a report gives each component's executed amount and its execution rate, each
component's budget is amount ÷ rate; those budgets must add up to the total budget the
report states. When it states no total budget but the total's own rate, in the words the
components' rates are in (为预算的 R … 其中：… 为预算的 r₁), the total's rate must be its
amount ÷ the components' budgets (relation weighted_rate). Slips in a rate or an amount
that each look plausible on their own show up here. Intervals: every amount and rate
stands for its rounding interval. Only lists whose amounts add up to their total are
read: a partial list implies only part of the base.

Wrong::

    全年预算数为 8,318.83 万元，全年执行数为 8,271.47 万元，执行率为 99.47%。其中基本支出
    全年执行数 1,254.30 万元，执行率 98.57%；项目支出全年执行数 7,017.17 万元，执行率 99.56%。
    (1254.30 ÷ 98.57% + 7017.17 ÷ 99.56% = 8320.68, not 8318.83)

Wrong (no total budget stated)::

    收入完成 34,096 万元，为年预算的 33.3%。其中：税务部门完成 21,334 万元，为年预算的 28.9%；
    财政部门完成 12,762 万元，为年预算的 40.4%。
    (34096 ÷ (21334 ÷ 28.9% + 12762 ÷ 40.4%) = 32.3%, not 33.3%)

Right::

    全年预算数为 8,320.68 万元，全年执行数为 8,271.47 万元。其中基本支出执行数 1,254.30 万元，
    执行率 98.57%；项目支出执行数 7,017.17 万元，执行率 99.56%。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown
from auditor.intervals import claim_interval
from auditor.messages import message
from auditor.relations import ImpliedTotal, Sum, WeightedRate
from auditor.rules.base import Rule


def check(report):
    bases = {r.numerator.id: r.denominator for r in report.links.ratios if r.denominator is not None}
    for enumeration in report.links.enumerations:
        head = enumeration.head
        if head is None or head.kind != "money" or None in enumeration.rates:
            continue
        total_base = bases.get(head.id)
        if total_base is None and enumeration.head_rate is None:
            continue
        if not Sum(head, tuple(enumeration.items)).holds():
            continue  # the amounts themselves do not add up: the sum rule reports that
        if total_base is None:
            yield from _check_rate(enumeration)
        else:
            yield from _check(enumeration, total_base)


def _check_rate(enumeration):
    relation = WeightedRate(enumeration.head_rate, enumeration.head,
                            tuple(zip(enumeration.items, enumeration.rates)))
    (computed,) = relation.computed()
    stated = relation.stated()
    if computed.meets(stated):
        passed("implied_total", relation, "amount ÷ Σ amount ÷ rate")
        return
    rate = enumeration.head_rate
    decimals = max(rate.quantity.decimals, 2)
    says = message("weighted_rate", expression=relation.expression(), computed=fmt(computed.mid, decimals),
                   lo=fmt(computed.lo, decimals), hi=fmt(computed.hi, decimals), stated=shown(rate))
    evidence = [(enumeration.head, "total_executed")]
    for item, part_rate in relation.pairs:
        evidence += [(item, "component"), (part_rate, "component_rate")]
    yield finding("implied_total", "error", says, rate, round(computed.mid, decimals), evidence,
                  confidence=0.85, relation=relation)


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
