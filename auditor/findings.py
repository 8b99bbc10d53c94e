"""Findings: how rules build them, and how the pipeline finishes them for triage.

Rules call ``finding(...)`` with a message of lexicons/messages.yaml (auditor.messages),
its figures formatted by the helpers here so every message shows its arithmetic the same
way. A finding keeps what it says as parts (``Finding.wording``); ``reworded`` is the one
place its zh and en strings are composed from them. ``finalise`` then groups findings one wrong number explains
(auditor.rootcause), folds findings of different rules about the same numbers into one,
scores materiality and priority (``priority`` documents the formula), sorts, and numbers
them.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Iterable

from auditor.lexicon import stage_names
from auditor.messages import Message, Text, Wording, said
from auditor.models import SEVERITY_RANK, Claim, Evidence, Finding, Location, Severity

if TYPE_CHECKING:
    from auditor.link import Links
    from auditor.relations import Relation
    from auditor.slips import Slip


# ---------------------------------------------------------------- formatting


def fmt(value: float, decimals: int = 2) -> str:
    """A number as a reviewer writes it: fixed decimals, no thousands separators."""
    if value is None or math.isnan(value):
        return "?"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:.{max(decimals, 0)}f}"
    return text.lstrip("-") if float(text) == 0 else text  # never "-0.00"


def shown(claim: Claim) -> str:
    """A claim's figure with the decimals it was stated with (8318.83, 99.47%)."""
    text = fmt(claim.value, claim.quantity.decimals)
    if claim.kind != "percent":
        return text
    # (2.6 个百分点 is a gap between two rates, not a rate)
    return f"{text} 个百分点" if claim.quantity.measure == "百分点" else text + "%"


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
    says: Message,
    stated: Claim | None,
    expected: float | None = None,
    evidence: Iterable[tuple[Claim, str]] = (),
    confidence: float = 1.0,
    location: Location | None = None,
    subject_text: str | None = None,
    relation: Relation | None = None,
    slip: "Slip | None" = None,
    related: tuple[Finding, ...] = (),
    find_slip: bool = True,
) -> Finding:
    """A finding as rules build it: ``says`` the rule's message (auditor.messages),
    ``evidence`` as (claim, role) pairs without the stated claim, located at the stated
    claim unless told; ``relation`` the relation checked.

    The slip that explains the stated figure (auditor.slips) is named in the message: the
    one given, else (unless ``find_slip`` is False, as for the table rules, which name
    none) the one found by solving ``relation`` for the stated claim."""
    if slip is None and find_slip and relation is not None and stated is not None:
        from auditor.slips import slip_in

        slip = slip_in(relation, stated)
    evidence = tuple(
        Evidence(claim, role) for claim, role in evidence if stated is None or claim.id != stated.id
    )
    if location is None:
        location = stated.location if stated is not None else evidence[0].claim.location
    return reworded(Finding(
        rule=rule,
        severity=severity,
        message="",
        location=location,
        stated=stated,
        expected=expected,
        evidence=evidence,
        confidence=confidence,
        subject_text=subject_text,
        related=related,
        relation=relation,
        slip=slip,
    ), Wording(says, slip))


def wording_of(item: Finding) -> Wording:
    """A finding's wording; one built by hand (a test's) says its strings as they are."""
    if isinstance(item.wording, Wording):
        return item.wording
    return Wording(Text(item.message, item.message_en))


def reworded(item: Finding, wording: Wording) -> Finding:
    """``item`` with ``wording``, its message and message_en composed from it: the one
    place a finding's text is set."""
    return replace(item, wording=wording, message=said(wording, "zh"),
                   message_en=said(wording, "en"))


# ---------------------------------------------------------------- finishing


def finalise(findings: Iterable[Finding], claims: tuple[Claim, ...],
             links: "Links | None" = None, group: bool = True) -> tuple[Finding, ...]:
    """Group root causes, fold duplicates, score, sort by priority and number the findings.

    ``links`` (the report's ``auditor.link.Links``) lets root-cause analysis see the
    relations that hold, which confirm figures; without it only failed relations are used.
    """
    from auditor.rootcause import attribute

    grouped = attribute(list(findings), links) if group else list(findings)
    folded = fold(grouped)
    budget = _budget_scale(claims)
    scored = [_score(f, budget) for f in folded]
    scored.sort(key=lambda f: (-f.priority, f.location.line, f.location.column, f.rule))
    return tuple(replace(f, id=f"F{i}") for i, f in enumerate(scored, 1))


def fold(findings: list[Finding]) -> list[Finding]:
    """One finding per wrong number: others about the same stated claim become evidence.

    Two rules may see the same slip (a share list that does not add up, and the share that
    is off): the reviewer gets the most severe, most certain one, with the other's
    reasoning attached as ``related`` and its claims added to the evidence. The winner's
    ``relation`` stays the finding's; the loser's goes with it in ``related``.
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
        # the reviewer reading one line must still see every relation this number breaks
        wording = wording_of(winner)
        wording = replace(wording, also=wording.also + (wording_of(loser),))
        kept[key] = reworded(
            replace(winner, evidence=winner.evidence + extra, related=winner.related + (loser,)),
            wording,
        )
    return [kept[k] for k in order]


def _fold_key(item: Finding) -> tuple:
    if item.stated is not None:
        return ("claim", item.stated.id)
    return ("place", item.rule, item.location.line, item.subject_text)


def _strength(item: Finding) -> tuple:
    return (SEVERITY_RANK[item.severity], item.confidence, len(item.evidence))


# ---------------------------------------------------------------- priority

SEVERITY_WEIGHT: dict[str, float] = {"error": 1.0, "warning": 0.5, "info": 0.15}
NEGLIGIBLE = 1e-4  # relative discrepancy scored 0; 1 (the whole figure) scores 1
NEUTRAL_MATERIALITY = 0.5
BUDGET_STAGES = stage_names("budget")


def _budget_scale(claims: tuple[Claim, ...]) -> float:
    """The report's total budget in 元: the largest budget-stage amount it states, else its
    largest amount. What a money discrepancy is measured against."""
    amounts = [c for c in claims if c.kind == "money" and c.value > 0]
    budgeted = [c for c in amounts if c.stage in BUDGET_STAGES]
    chosen = budgeted or amounts
    return max(c.quantity.base_value for c in chosen) if chosen else 0.0


def _relative_scale(ratio: float) -> float:
    """A relative size on the log scale: NEGLIGIBLE → 0, 1 → 1."""
    if ratio <= 0:
        return 0.0
    span = -math.log10(NEGLIGIBLE)
    return min(1.0, max(0.0, (math.log10(ratio) + span) / span))


def materiality(item: Finding, budget: float) -> float:
    """How much the discrepancy matters, 0..1 (see ``priority``)."""
    stated, expected = item.stated, item.expected
    if stated is None or expected is None or stated.kind == "year":
        return _at_stake(item, budget)
    gap = abs(stated.value - expected)
    if stated.kind == "money" and budget > 0:
        return _relative_scale(gap * stated.quantity.scale / budget)
    base = max(abs(stated.value), abs(expected))
    return _relative_scale(gap / base) if base > 0 else 0.0


def _at_stake(item: Finding, budget: float) -> float:
    """For a finding without a numeric discrepancy: the largest amount it involves against
    the budget, or neutral when it involves none."""
    claims = ([item.stated] if item.stated is not None else []) + [e.claim for e in item.evidence]
    money = [c.quantity.base_value for c in claims if c.kind == "money" and c.value > 0]
    if not money or budget <= 0:
        return NEUTRAL_MATERIALITY
    return _relative_scale(max(money) / budget)


def extraction_certainty(item: Finding) -> float:
    """How sure the reading of the figures involved is: 1, less for each ambiguous one."""
    claims = ([item.stated] if item.stated is not None else []) + [e.claim for e in item.evidence]
    factor = 1.0
    for claim in claims:
        if claim.kind in ("year",):
            continue
        if not claim.subject:
            factor *= 0.95  # no metric name found: the relation rests on position alone
        if claim.kind == "money" and "元" not in claim.unit:
            factor *= 0.95  # 万 without 元: money read from context
        if claim.quantity.chinese:
            factor *= 0.9
    return max(factor, 0.7)


def priority(item: Finding, budget: float) -> float:
    """Triage order, 0..100: 100 × severity weight × confidence × (½ + ½ × materiality).

    It reads as "how likely is this a real problem the reviewer must act on" times "how
    much does it matter":

    - severity weight (SEVERITY_WEIGHT): the rule's verdict. error 1.0 (the figures cannot
      be reconciled), warning 0.5 (they may be: a list that may be partial, a last digit
      adjusted to make 100 %), info 0.15 (a remark).
    - confidence: the rule's certainty that the relation it checked is the one the report
      means (Finding.confidence, lower for inferred bases, partial-list cues, bonus items …)
      times ``extraction_certainty``, lower for figures whose reading was ambiguous (no
      subject found, money read from 万 alone, Chinese numerals).
    - materiality (``materiality``, 0..1): the size of the discrepancy on a log scale,
      because slips range from a rounded last digit to a misplaced decimal point: money
      against the report's total budget, other figures (percentages, scores, counts)
      against the stated figure itself. 1/10000 or less scores 0, 1/100 scores 0.5, the
      whole figure 1. A finding with no numeric discrepancy (a wrong year, a label, an empty
      section) is scored by the money it puts at stake when it names amounts, else
      neutrally (0.5). An immaterial slip keeps half the weight: every inconsistency
      costs the report credibility and has to be fixed.

    Multiplying rather than adding lets a confident, material warning outrank an unsure,
    negligible error, which is what triage wants; equal priorities fall back to report
    order in ``finalise``.
    """
    level = materiality(item, budget)
    confidence = item.confidence * extraction_certainty(item)
    return 100 * SEVERITY_WEIGHT[item.severity] * confidence * (0.5 + 0.5 * level)


def _score(item: Finding, budget: float) -> Finding:
    return replace(item, materiality=round(materiality(item, budget), 3),
                   priority=round(priority(item, budget), 2))
