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
from auditor.messages import joined, message
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
    quotients = [message("average.reading", total=shown(average.total), divisor=words,
                         quotient=fmt(q.mid, decimals)) for q, words, _ in readings]
    says = message("average", stated=as_written(stated), span=target.describe(decimals + 1),
                   readings=joined(quotients), expected=fmt(best[0].mid, decimals))
    evidence = [(average.total, "total")] + [(c, "count") for _, _, c in readings if c is not None]
    yield finding("average", "error", says, stated,
                  round(best[0].mid, decimals), evidence, confidence=0.8,
                  relation=relation)


RULE = Rule(
    id="average",
    family="arithmetic",
    severity="error",
    summary="平均/日均/人均 figures against the total and the count they divide",
    check=check,
)
