"""Helpers for rule tests: audit a short text and pick one rule's findings."""
from __future__ import annotations

from auditor.pipeline import audit_text

TITLE = "2024年度某某市数据管理局部门整体支出绩效自评报告\n\n"


def findings_of(text: str, rule: str, *, title: str = TITLE):
    """The findings of one rule on a report made of a title and ``text``, at error/warning."""
    result = audit_text(title + text)
    found = []
    for item in result.findings:
        found.extend(f for f in (item, *item.related) if f.rule == rule)
    return [f for f in found if f.severity in ("error", "warning")]


def severities(findings) -> list[str]:
    return sorted(f.severity for f in findings)
