"""Findings: how rules build them, and how the pipeline finishes them for triage.

Rules call ``finding(...)`` and the number formatters here so every message shows its
arithmetic the same way. ``finalise`` then folds findings of different rules about the
same numbers into one, scores materiality and priority, sorts, and numbers them.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Iterable

from auditor.models import SEVERITY_RANK, Claim, Evidence, Finding, Location, Severity


# ---------------------------------------------------------------- formatting


def fmt(value: float, decimals: int = 2) -> str:
    """A number as a reviewer writes it: fixed decimals, no thousands separators."""
    if value is None or math.isnan(value):
        return "?"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    decimals = max(decimals, 0)
    return f"{value:.{decimals}f}"


def shown(claim: Claim) -> str:
    """A claim's figure with the decimals it was stated with (8318.83, 99.47%)."""
    text = fmt(claim.value, claim.quantity.decimals)
    return text + "%" if claim.kind == "percent" else text


def as_written(claim: Claim) -> str:
    """The claim as the report words it, qualifier included (近1.72万宗, 约 33 条)."""
    qualifier = claim.quantity.qualifier
    if qualifier and qualifier not in claim.text:
        from auditor.lexicon import load

        position = load("qualifiers").get(qualifier, {}).get("position", "before")
        return f"{qualifier}{claim.text}" if position == "before" else f"{claim.text}{qualifier}"
    return claim.text


def unit_suffix(claim: Claim) -> str:
    return "" if claim.kind == "percent" else claim.unit


def label(claim: Claim) -> str:
    """The claim's subject for a message, or its surface text."""
    return claim.subject or claim.context[:12] or claim.text


def location_of(claim: Claim) -> Location:
    return claim.location


def finding(
    rule: str,
    severity: Severity,
    message: str,
    message_en: str,
    stated: Claim | None,
    expected: float | None = None,
    evidence: Iterable[tuple[Claim, str]] = (),
    confidence: float = 1.0,
    location: Location | None = None,
    subject_text: str | None = None,
) -> Finding:
    evidence = tuple(
        Evidence(claim, role) for claim, role in evidence if stated is None or claim.id != stated.id
    )
    if location is None:
        location = stated.location if stated is not None else evidence[0].claim.location
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        message_en=message_en,
        location=location,
        stated=stated,
        expected=expected,
        evidence=evidence,
        confidence=confidence,
        subject_text=subject_text,
    )


# ---------------------------------------------------------------- finishing


def finalise(findings: Iterable[Finding], claims: tuple[Claim, ...]) -> tuple[Finding, ...]:
    """Fold duplicates, score, sort by priority and number the findings F1, F2 …"""
    folded = fold(list(findings))
    budget = _budget_scale(claims)
    scored = [_score(f, budget) for f in folded]
    scored.sort(key=lambda f: (-f.priority, f.location.line, f.location.column, f.rule))
    return tuple(replace(f, id=f"F{i}") for i, f in enumerate(scored, 1))


def fold(findings: list[Finding]) -> list[Finding]:
    """One finding per wrong number: others about the same stated claim become evidence.

    Two rules may see the same slip (a share list that does not add up, and the share that
    is off): the reviewer gets the most severe, most certain one, with the other's
    reasoning attached as ``related`` and its claims added to the evidence.
    """
    kept: dict[tuple, Finding] = {}
    order: list[tuple] = []
    for item in findings:
        key = _fold_key(item)
        if key not in kept:
            kept[key] = item
            order.append(key)
            continue
        current = kept[key]
        winner, loser = (
            (item, current) if _strength(item) > _strength(current) else (current, item)
        )
        seen = {e.claim.id for e in winner.evidence} | ({winner.stated.id} if winner.stated else set())
        extra = tuple(e for e in loser.evidence if e.claim.id not in seen)
        kept[key] = replace(
            winner, evidence=winner.evidence + extra, related=winner.related + (loser,)
        )
    return [kept[k] for k in order]


def _fold_key(item: Finding) -> tuple:
    if item.stated is not None:
        return ("claim", item.stated.id)
    return ("place", item.rule, item.location.line, item.subject_text)


def _strength(item: Finding) -> tuple:
    return (SEVERITY_RANK[item.severity], item.confidence, len(item.evidence))


def _budget_scale(claims: tuple[Claim, ...]) -> float:
    """The report's largest money figure in 元: what a money discrepancy is measured against."""
    amounts = [c.quantity.base_value for c in claims if c.kind == "money" and c.value > 0]
    return max(amounts) if amounts else 0.0


def materiality(item: Finding, budget: float) -> float:
    """How much the discrepancy matters, 0..1."""
    stated, expected = item.stated, item.expected
    if stated is None or expected is None:
        return 0.5 if item.severity == "error" else 0.2
    gap = abs(stated.value - expected)
    if stated.kind == "money" and budget:
        return min(1.0, 20 * gap * stated.quantity.scale / budget)
    if stated.kind == "percent":
        return min(1.0, gap / 5)
    if stated.kind == "score":
        return min(1.0, gap / 5)
    base = max(abs(expected), abs(stated.value), 1e-9)
    return min(1.0, 10 * gap / base)


def _score(item: Finding, budget: float) -> Finding:
    weight = {"error": 60.0, "warning": 30.0, "info": 0.0}[item.severity]
    level = materiality(item, budget)
    priority = round(weight + 25 * level + 15 * item.confidence, 2)
    return replace(item, materiality=round(level, 3), priority=priority)
