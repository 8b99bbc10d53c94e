"""formula: arithmetic written out in the report that does not give the result it states.

What: a chain like ``指标自评得分 = (4 * 15.22) / 2 = 3.04 分`` or ``财政供养人员控制率 =
35/37*100% = 94.59%`` is parsed (a small parser, never ``eval``) and its numeric parts are
recomputed. Parts written in words (``年末…决算数 / (年初… + …) × 100%``) are not evaluated;
the numeric part next to them is.

Why: a reviewer re-keys every such line into a calculator. A wrong divisor or a slipped
digit in a score formula changes the self-evaluation total without anyone noticing.

Tolerance comes from the digits: each figure with decimals stands for ± half a unit of its
last digit, the stated result likewise, and the formula fails only when the two intervals
cannot meet. Integers in the arithmetic (weights, head counts, 100) are exact. A result in %
is compared with the value ×100 (``× 100%`` may be written or left out). Units inside the
arithmetic scale their figures (``512.30 万元 / 12360 盏 = 414.48 元``: 万元 is 10000 元, a
measure word 1) and the result is read in its own unit; the figures as written, units
ignored, are a second reading (``3 万元 + 2 = 5 万元``), and either may hold.

Wrong::

    指标自评得分 = (4 * 15.22) / 2 = 3.04 分。
    ((4 × 15.22) ÷ 2 = 30.44, not 3.04)

Right::

    指标自评得分 = (4 * 15.22) / 20 = 3.04 分。

    结余结转率 = 291.36 / (726.55 + 5615.46) = 4.6%。
    (4.594% rounds to 4.6%)

    单盏维护成本 = 512.30 万元 / 12360 盏 = 414.48 元。
"""
from __future__ import annotations

from typing import Iterable

from auditor.checks import passed
from auditor.findings import finding
from auditor.formula import FormulaMatch, Number, find_formulas
from auditor.messages import Text, message
from auditor.models import Claim, Finding, Location, Paragraph
from auditor.relations.formula import FormulaCheck, check_formula
from auditor.report import Report
from auditor.rules.base import Rule


def check(report: Report) -> Iterable[Finding]:
    claims_by_paragraph = _narrative_claims_by_paragraph(report.claims)
    for paragraph in report.document.paragraphs:
        claims = claims_by_paragraph.get(paragraph.index, ())
        for formula in find_formulas(paragraph.text):
            checked = check_formula(formula, claim_at=lambda number: _claim_at(claims, number),
                                    paragraph=paragraph.index)
            for held in (c for c in checked if c.holds and c.relation.claims):
                passed(RULE.id, held.relation, "公式")
            failed = [c for c in checked if not c.holds]
            if failed:
                yield _finding(paragraph, formula, failed[0], claims)


def _narrative_claims_by_paragraph(claims: Iterable[Claim]) -> dict[int, tuple[Claim, ...]]:
    grouped: dict[int, list[Claim]] = {}
    for claim in claims:
        if claim.source == "narrative" and claim.paragraph is not None:
            grouped.setdefault(claim.paragraph, []).append(claim)
    return {index: tuple(found) for index, found in grouped.items()}


def _claim_at(claims: tuple[Claim, ...], number: Number) -> Claim | None:
    """The claim whose span overlaps the number's (a claim may or may not take its sign)."""
    return next((c for c in claims if c.start < number.end and number.start < c.end), None)


def _finding(
    paragraph: Paragraph, formula: FormulaMatch, failed: FormulaCheck, claims: tuple[Claim, ...]
) -> Finding:
    result = formula.result
    stated = _claim_at(claims, result)
    if stated is not None:
        location = stated.location
    else:
        line, column = paragraph.origin(result.start)
        location = Location(line, column, paragraph.page)
    evidence: list[Claim] = []
    for number in failed.expression.numbers:
        claim = _claim_at(claims, number)
        if claim is not None and claim is not stated and all(e is not claim for e in evidence):
            evidence.append(claim)
    says = message(
        "formula",
        expression=Text(failed.expression.shown("zh"), failed.expression.shown("en")),
        computed=failed.shown_computed,
        computed_span=failed.computed_interval.describe(result.decimals + 2),
        stated=failed.shown_stated, stated_span=failed.stated_interval.describe(result.decimals + 2),
    )
    # (materiality is scored in auditor.findings.finalise, as for every finding)
    return finding(RULE.id, RULE.severity, says, stated, round(failed.computed, result.decimals),
                   [(claim, "operand") for claim in evidence], confidence=1.0, location=location,
                   subject_text=None if stated is not None else formula.text,
                   relation=failed.relation, find_slip=False)


RULE = Rule(
    id="formula",
    family="arithmetic",
    severity="error",
    summary="written-out arithmetic (= … = result) that does not give the stated result",
    check=check,
)
