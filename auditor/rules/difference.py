"""difference: a stated increase or decrease that is not the gap between its two amounts.

Reports explain variances in words: 决算数 5836.32 万元，比年初预算数增加 4081.21 万元，
增加 232.53%. The change is recomputed from the two amounts of the sentence (the one named
after 比/较 is the base) with interval tolerance, its direction checked against the words
(增加 when the amount went down is wrong too), and a percentage change that follows is
recomputed against the base.

Wrong::

    全年总支出完成 23155.62 万元，预算 26621.1 万元，减支 3565.48 万元。  (gap 3465.48)

Right::

    年初预算数 1755.11 万元，决算数 5836.32 万元，比年初预算数增加 4081.21 万元，增加 232.53%。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown, unit_suffix
from auditor.intervals import claim_interval
from auditor.relations import ChangeRate, Difference, ImpliedRate, Ratio, change_relations
from auditor.rules.base import Rule


def check(report):
    for change in report.links.changes:
        for relation in change_relations(change):  # the amount first, then the rate
            yield from _CHECKS[type(relation)](change, relation)


def _check_amount(change, relation: Difference):
    stated = change.change
    gap = relation.gap()
    (signed,) = relation.computed()
    if signed.meets(claim_interval(stated)):
        passed("difference", relation, change.how)
        return
    decimals = stated.quantity.decimals
    unit = unit_suffix(stated)
    expected = round(signed.mid, decimals)
    wrong_way = signed.hi < 0
    # the words' direction, or the other one when the figures went the other way
    word = "增加" if (change.direction > 0) != wrong_way else "减少"
    note = "（方向也相反）" if wrong_way else ""
    message = (
        f"{stated.subject or word} {shown(stated)}{unit} ≠ {shown(change.current)} − "
        f"{shown(change.base)} = {fmt(gap.mid, decimals)}{unit}{note}"
        f"（区间 {gap.describe(decimals + 2)}）；应为{word} {fmt(abs(expected), decimals)}{unit}"
    )
    message_en = (
        f"stated change {shown(stated)}{unit} ≠ {shown(change.current)} − {shown(change.base)} = "
        f"{fmt(gap.mid, decimals)}{unit}{' (and in the other direction)' if wrong_way else ''}"
        f" (interval {gap.describe(decimals + 2)}); it should be {fmt(expected, decimals)}{unit}"
    )
    yield finding("difference", "error", message, message_en, stated, expected,
                  [(change.current, "current"), (change.base, "base")], confidence=0.85,
                  relation=relation)


def _check_percent(change, relation: ChangeRate):
    percent = change.percent
    (computed,) = relation.computed()
    if computed.meets(claim_interval(percent)):
        passed("difference", relation, change.how)
        return
    decimals = percent.quantity.decimals
    message = (
        f"变动率 {shown(percent)} ≠ {shown(change.change)} ÷ {shown(change.base)} = "
        f"{fmt(computed.mid, decimals)}%（区间 {computed.describe(decimals + 2)}），应为 "
        f"{fmt(computed.mid, decimals)}%"
    )
    message_en = (
        f"rate of change {shown(percent)} ≠ {shown(change.change)} / {shown(change.base)} = "
        f"{fmt(computed.mid, decimals)}% (interval {computed.describe(decimals + 2)})"
    )
    yield finding("difference", "error", message, message_en, percent,
                  round(computed.mid, decimals),
                  [(change.change, "change"), (change.base, "base")], confidence=0.85,
                  relation=relation)


def _check_implied_rate(change, relation: ImpliedRate):
    """比上年增加 C，增长 P% with last year's figure unwritten: P = C ÷ (current − C)."""
    percent = change.percent
    (rate,) = relation.computed()
    if rate.meets(claim_interval(percent)):
        passed("difference", relation, change.how)
        return
    decimals = percent.quantity.decimals
    sign = "−" if change.direction > 0 else "+"
    base = relation.base()
    unit = unit_suffix(change.change)
    (on_current,) = Ratio(percent, change.change, change.current).computed()
    if on_current.meets(claim_interval(percent)):
        # the common slip: the change divided by this year's figure, not last year's
        slip_note = (f"；所写变动率等于 {shown(change.change)} ÷ {shown(change.current)} = "
                     f"{fmt(on_current.mid, decimals)}%，疑为误以本年数作基数")
        slip_en = (f"; the stated rate is {shown(change.change)} / {shown(change.current)}: "
                   "likely divided by the current figure instead of the base")
    else:
        slip_note = slip_en = ""
    message = (
        f"变动率 {shown(percent)} ≠ {shown(change.change)} ÷ ({shown(change.current)} {sign} "
        f"{shown(change.change)}) = {fmt(rate.mid, decimals)}%（上年数未写出，按本年数与变动额推算为 "
        f"{fmt(base.mid, change.change.quantity.decimals)}{unit}；区间 {rate.describe(decimals + 2)}），"
        f"应为 {fmt(rate.mid, decimals)}%{slip_note}"
    )
    message_en = (
        f"rate of change {shown(percent)} ≠ {shown(change.change)} / ({shown(change.current)} {sign} "
        f"{shown(change.change)}) = {fmt(rate.mid, decimals)}% (the earlier figure is not written; "
        f"current and change imply {fmt(base.mid, change.change.quantity.decimals)}{unit}; interval "
        f"{rate.describe(decimals + 2)}){slip_en}"
    )
    yield finding("difference", "error", message, message_en, percent, round(rate.mid, decimals),
                  [(change.change, "change"), (change.current, "current")], confidence=0.8,
                  relation=relation)


# how each relation a change states is checked and worded
_CHECKS = {Difference: _check_amount, ChangeRate: _check_percent, ImpliedRate: _check_implied_rate}


RULE = Rule(
    id="difference",
    family="arithmetic",
    severity="error",
    summary="比…增加/减少 N against the two amounts, and the percentage change against the base",
    check=check,
)
