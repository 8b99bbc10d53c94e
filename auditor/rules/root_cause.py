"""root_cause: one number whose correction restores several failed relations.

Not a check of its own: after the other rules have run, auditor.rootcause looks for a
number shared by two or more failed relations and solves each relation for it. When a
single value makes every one of them hold, and breaks none of the relations that hold,
the failures are presented as one finding that names that number and what it should be,
with the original findings as its consequences (``related``). XBRL processors only block
calculations downstream of an inconsistent figure; this says which figure is most likely
wrong. Ignoring this rule (``ignore = ["root_cause"]``) turns the grouping off.

Wrong::

    财政拨款支出合计 600.00 万元。一般公共服务支出 500.00 万元，占总支出的 83.33%；社会保障
    和就业支出 60.00 万元，占 10.00%；住房保障支出 41.00 万元，占 6.67%。
    (41.00 breaks both the total and its own share; 40.00 restores both)

Right::

    财政拨款支出合计 600.00 万元。一般公共服务支出 500.00 万元，占总支出的 83.33%；社会保障
    和就业支出 60.00 万元，占 10.00%；住房保障支出 40.00 万元，占 6.67%。
"""
from __future__ import annotations

from auditor.rules.base import Rule


def check(report):
    return ()  # grouping happens in auditor.findings.finalise, over every rule's findings


RULE = Rule(
    id="root_cause",
    family="triage",
    severity="error",
    summary="One number whose correction restores several failed relations (grouped finding)",
    check=check,
)
