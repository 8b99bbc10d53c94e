"""label: a figure whose unit contradicts its label.

A label ending in 数 or 额 names an amount; one ending in 率 or 比例 names a ratio. A
percentage labelled 执行数 is almost always 执行率 mistyped, and a reviewer must know
which was meant before trusting the figure (lexicons/labels.yaml holds the endings).

Wrong::

    其中基本支出全年执行数 1,254.30 万元，执行数 98.57%；

Right::

    其中基本支出全年执行数 1,254.30 万元，执行率 98.57%；
"""
from __future__ import annotations

from auditor.findings import finding
from auditor.lexicon import load
from auditor.messages import message
from auditor.rules.base import Rule


def check(report):
    spec = load("labels")
    # 占全年执行数的 74.70%: the words name the share's base, not the percentage itself
    shares = {r.result.id for r in report.links.ratios if r.form in ("share", "of")}
    for claim in report.claims:
        if claim.source != "narrative" or not claim.subject or claim.id in shares:
            continue
        if claim.subject.startswith(tuple(spec["relation_openers"])) or _names_a_base(report, claim, spec):
            continue
        subject = claim.subject
        if claim.kind == "percent" and _ends_with(subject, spec["amount_endings"]) and not _ends_with(
            subject, spec["amount_exceptions"]
        ):
            yield finding("label", "error", message("label.amount_as_rate", label=subject,
                                                    figure=claim.text), claim, None, confidence=0.9)
        elif claim.kind == "money" and _ends_with(subject, spec["rate_endings"]):
            yield finding("label", "error", message("label.rate_as_amount", label=subject,
                                                    figure=claim.text), claim, None, confidence=0.9)


def _names_a_base(report, claim, spec) -> bool:
    """为预算调整数的 102.3%, 完成预算数 107.06%, 超出计划安排资金 9%: the label is the base
    the percentage is taken of, as the words before it say (的, or a verb opening the clause)."""
    from auditor.grammar import clause_start

    text = report.paragraph_text(claim.paragraph)
    clause = text[clause_start(text, 0, claim.start) : claim.start].strip()
    if clause.endswith("的"):
        return True
    clause = clause.lstrip("0123456789.、()（）一二三四五六七八九十 ")
    return clause.startswith(tuple(spec["relation_openers"]))


def _ends_with(subject: str, endings) -> bool:
    return any(subject.endswith(e) for e in endings)


RULE = Rule(
    id="label",
    family="context",
    severity="error",
    summary="A figure whose unit contradicts its label (执行数 98.57%, 执行率 … 万元)",
    check=check,
)
