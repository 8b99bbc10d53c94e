"""average: a stated average that is not the total divided by the count it is over.

平均 / 日均 / 人均 / 每个… figures come with the total they average and the count they
divide by (9 个项目, the days of the year, the staff). The quotient is recomputed with
interval tolerance; 约 / 左右 widen the stated figure as lexicons/qualifiers.yaml says.
When the report states several possible divisors (评审 9 个项目, 立项 8 个项目) the
average holds if any of them gives it.

Wrong::

    共评审了 9 个项目…提供意见建议共 199 条，平均为每个项目提供意见建议约 33 条。
    (199 ÷ 9 = 22.1)

Right::

    累计受理各类来电 14.71 万个，日均话务量约 403 个。  (147100 ÷ 365 = 403.0)
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import as_written, finding, fmt, shown
from auditor.intervals import claim_interval
from auditor.relations import average_relation
from auditor.rules.base import Rule


def check(report):
    for average in report.links.averages:
        yield from _check(average)


def _check(average):
    stated = average.average
    relation = average_relation(average)
    if average.days:
        divisors = [(f"{average.days} 天", None)]
    else:
        divisors = [(shown(c) + c.unit, c) for c in average.counts]
    readings = [(quotient, words, claim)
                for quotient, (words, claim) in zip(relation.computed(), divisors)]
    target = claim_interval(stated)
    if relation.holds():
        passed("average", relation, average.per)
        return
    decimals = max(stated.quantity.decimals, 1)
    best = min(readings, key=lambda r: abs(r[0].mid - stated.value))
    shown_readings = "；".join(
        f"{shown(average.total)} ÷ {words} = {fmt(q.mid, decimals)}" for q, words, _ in readings
    )
    message = (
        f"平均数 {as_written(stated)}（区间 {target.describe(decimals + 1)}）与 {shown_readings} 不符；"
        f"按所列数字应约为 {fmt(best[0].mid, decimals)}"
    )
    message_en = f"average {as_written(stated)} does not match " + "; ".join(
        f"{shown(average.total)} / {words} = {fmt(q.mid, decimals)}" for q, words, _ in readings
    ) + f"; the stated figures give about {fmt(best[0].mid, decimals)}"
    evidence = [(average.total, "total")] + [(c, "count") for _, _, c in readings if c is not None]
    yield finding("average", "error", message, message_en, stated,
                  round(best[0].mid, decimals), evidence, confidence=0.8,
                  relation=relation)


RULE = Rule(
    id="average",
    family="arithmetic",
    severity="error",
    summary="平均/日均/人均 figures against the total and the count they divide",
    check=check,
)
