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
from auditor.messages import message
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
    # the words' direction, or the other one when the figures went the other way; a gap the
    # words name (差值, 空编) has none
    word = message("difference.gap" if change.how == "named_gap" else
                   "difference.up" if (change.direction > 0) != wrong_way else "difference.down")
    says = message(
        "difference", what=stated.subject or word, stated=shown(stated), unit=unit,
        current=shown(change.current), base=shown(change.base), gap=fmt(gap.mid, decimals),
        reversed=message("difference.reversed") if wrong_way else "",
        span=gap.describe(decimals + 2), word=word, amount=fmt(abs(expected), decimals),
        expected=fmt(expected, decimals),
    )
    yield finding("difference", "error", says, stated, expected,
                  [(change.current, "current"), (change.base, "base")], confidence=0.85,
                  relation=relation)


def _check_percent(change, relation: ChangeRate):
    percent = change.percent
    (computed,) = relation.computed()
    if computed.meets(claim_interval(percent)):
        passed("difference", relation, change.how)
        return
    decimals = percent.quantity.decimals
    says = message("difference.rate", stated=shown(percent), change=shown(change.change),
                   base=shown(change.base), computed=fmt(computed.mid, decimals),
                   span=computed.describe(decimals + 2))
    yield finding("difference", "error", says, percent,
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
        note = message("difference.divided_by_current", change=shown(change.change),
                       current=shown(change.current), computed=fmt(on_current.mid, decimals))
    else:
        note = ""
    says = message(
        "difference.implied_rate", stated=shown(percent), change=shown(change.change),
        current=shown(change.current), sign=sign, computed=fmt(rate.mid, decimals),
        base=fmt(base.mid, change.change.quantity.decimals), unit=unit,
        span=rate.describe(decimals + 2), note=note,
    )
    yield finding("difference", "error", says, percent, round(rate.mid, decimals),
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
