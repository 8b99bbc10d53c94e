"""time_progress: a rate of the year's budget that is not as far ahead of, or behind, the
share of the year gone by as the words say.

Reports on part of a year compare what was done of the year's budget with the time gone by
(时间进度, 序时进度, 均衡进度): 上半年 is 6/12 = 50%, 1-9 月 75%, 2 月份 alone 1/12. The points
stated must be the rate less that share. The period is the one the nearest words before
name; with none named nothing is checked. Tolerance: the rate and the points each stand for
their rounding interval; the share of the year is exact.

Wrong::

    上半年，全县一般公共预算收入完成 8.62 亿元，完成预算的 54.3%，超过时间进度 5.3 个百分点。
    (54.3 − 50 = 4.3)

Right::

    1-9月，全县一般公共预算支出完成 21.40 亿元，完成年初预算的 71.2%，慢于序时进度 3.8 个百分点。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown
from auditor.messages import message
from auditor.relations import TimeProgress
from auditor.rules.base import Rule


def check(report):
    for progress in report.links.progress:
        relation = TimeProgress(progress.points, progress.rate, progress.months, progress.sign)
        (computed,) = relation.computed()
        if computed.meets(relation.stated()):
            passed("time_progress", relation, "时间进度")
            continue
        decimals = max(progress.points.quantity.decimals, 1)
        says = message("time_progress", stated=shown(progress.points), expression=relation.expression(),
                       computed=fmt(computed.mid, decimals), span=computed.describe(decimals + 1),
                       months=str(progress.months))
        yield finding("time_progress", "error", says, progress.points, round(computed.mid, decimals),
                      [(progress.rate, "rate")], confidence=0.8, relation=relation)


RULE = Rule(
    id="time_progress",
    family="arithmetic",
    severity="error",
    summary="超过/慢于时间进度 N 个百分点 against the rate of the budget and the months gone by",
    check=check,
)
