"""Triage order: auditor.findings priority (severity × confidence × materiality).

The formula is tested on findings built by hand for each of its parts, then measured on the
corpus through tests/corpus_scoring.py: the top finding of every report must be one of the
report's must findings (issue 5, acceptance 1).
"""
from __future__ import annotations

from functools import cache

import pytest

import corpus_scoring as cs
from auditor.findings import (_budget_scale, extraction_certainty, finalise, materiality,
                              SEVERITY_WEIGHT)
from auditor.models import Claim, Evidence, Finding, Location, Quantity

ANNOTATIONS = {a.report: a for a in cs.load_annotations()}
REPORTS = sorted(ANNOTATIONS)


def claim(value: float, unit: str = "万元", *, decimals: int = 2, subject: str | None = "支出",
          stage: str | None = None, line: int = 1, kind: str | None = None,
          chinese: bool = False) -> Claim:
    kinds = {"万元": ("money", 1e4), "元": ("money", 1.0), "万": ("money", 1e4),
             "%": ("percent", 1.0), "分": ("score", 1.0), "个": ("count", 1.0), "年": ("year", 1.0)}
    found_kind, scale = kinds[unit]
    quantity = Quantity(f"{value}{unit}", 0, 1, value, unit, kind or found_kind, decimals,
                        scale=scale, measure="元" if found_kind == "money" else unit,
                        chinese=chinese)
    return Claim(f"c{line}-{value}-{unit}", quantity, Location(line, 1), "narrative", subject,
                 stage, None)


def finding(stated: Claim | None, expected: float | None, *, severity: str = "error",
            confidence: float = 0.9, rule: str = "ratio", evidence=(), line: int = 1) -> Finding:
    return Finding(rule, severity, "m", stated.location if stated else Location(line, 1), stated,
                   expected, tuple(Evidence(c, r) for c, r in evidence), confidence)


def ranked(*findings: Finding, claims: tuple[Claim, ...] = ()) -> list[Finding]:
    return list(finalise(findings, claims))


BUDGET = claim(10000.0, stage="预算", line=99)  # 1 亿元


# ---------------------------------------------------------------- the parts


def test_severity_orders_findings_that_are_otherwise_alike():
    out = ranked(*(finding(claim(50.0, "%", line=n), 49.0, severity=s)
                   for n, s in enumerate(("info", "warning", "error"), 1)), claims=(BUDGET,))
    assert [f.severity for f in out] == ["error", "warning", "info"]
    assert SEVERITY_WEIGHT["error"] > SEVERITY_WEIGHT["warning"] > SEVERITY_WEIGHT["info"]


def test_materiality_is_logarithmic_in_the_relative_discrepancy():
    budget = 1e8  # 元
    money = lambda gap: materiality(finding(claim(5000.0 + gap), 5000.0), budget)  # noqa: E731
    assert money(0.5) == 0.0  # 5000 元 of 1 亿: negligible
    assert money(100.0) == pytest.approx(0.5)  # 1 % of the budget
    assert money(10000.0) == 1.0  # the whole budget
    assert money(1.0) < money(10.0) < money(100.0) < money(1000.0)


def test_money_is_measured_against_the_budget_and_points_against_the_stated_figure():
    small_report = materiality(finding(claim(130.0), 100.0), 1e6)
    large_report = materiality(finding(claim(130.0), 100.0), 1e9)
    assert small_report > large_report
    # two points off a 4 % share matter more than two points off a 98 % rate
    assert materiality(finding(claim(4.0, "%"), 6.0), 1e8) > materiality(
        finding(claim(98.0, "%"), 96.0), 1e8)


def test_the_budget_is_the_largest_budget_stage_amount():
    fund = claim(30000.0, stage="执行", line=2)
    budget = claim(20000.0, stage="年初预算", line=3)
    assert _budget_scale((fund, budget)) == 2e8
    assert _budget_scale((fund,)) == 3e8  # no budget stated: the largest amount
    assert _budget_scale(()) == 0.0


def test_findings_without_a_discrepancy_are_scored_by_the_money_at_stake():
    year = claim(2020.0, "年", decimals=0, kind="year")
    big = finding(year, 2021.0, evidence=[(claim(9000.0), "amount")])
    small = finding(year, 2021.0, evidence=[(claim(9.0), "amount")])
    none = finding(None, None, rule="completeness")
    assert materiality(big, 1e8) > materiality(small, 1e8)
    assert materiality(none, 1e8) == 0.5  # neutral: nothing says how much it matters


def test_confidence_and_extraction_ambiguity_lower_priority():
    sure = finding(claim(50.0, "%", line=2), 40.0, confidence=0.95)
    unsure = finding(claim(50.0, "%", line=1), 40.0, confidence=0.6)
    out = ranked(unsure, sure, claims=(BUDGET,))
    assert out[0].confidence == 0.95 and out[0].priority > out[1].priority
    named = finding(claim(50.0, "%"), 40.0, evidence=[(claim(5.0), "numerator")])
    anonymous = finding(claim(50.0, "%", subject=None), 40.0,
                        evidence=[(claim(5.0, "万", subject=None), "numerator")])
    assert extraction_certainty(named) == 1.0
    assert extraction_certainty(anonymous) < 1.0
    assert extraction_certainty(finding(claim(3.0, chinese=True), 2.0)) < 1.0


def test_a_confident_material_warning_can_outrank_an_unsure_negligible_error():
    negligible = finding(claim(5000.01, line=1), 5000.0, severity="error", confidence=0.5)
    material = finding(claim(8000.0, line=2), 5000.0, severity="warning", confidence=0.95)
    out = ranked(negligible, material, claims=(BUDGET,))
    assert [f.severity for f in out] == ["warning", "error"]
    # …while a certain error of the same size as the warning comes first
    certain = finding(claim(8000.0, line=3), 5000.0, severity="error", confidence=0.95)
    assert ranked(material, certain, claims=(BUDGET,))[0].severity == "error"


def test_priority_is_bounded_and_findings_are_numbered_in_order():
    out = ranked(finding(claim(1.0, "%", line=2), 99.0, confidence=1.0),
                 finding(claim(50.0, "%", line=1), 50.5, severity="info"), claims=(BUDGET,))
    assert 0 <= out[-1].priority <= out[0].priority <= 100
    assert [f.id for f in out] == ["F1", "F2"]


# ---------------------------------------------------------------- the corpus


@cache
def audited(report: str):
    from auditor.pipeline import audit_file

    return audit_file(str(ANNOTATIONS[report].report_path))


@pytest.mark.parametrize("report", REPORTS, ids=[r.split("_")[0] for r in REPORTS])
def test_top_finding_is_a_must_finding(report):
    result = audited(report)
    assert result.findings, "no findings"
    top = result.findings[0]
    reported = [r for r in cs.reported_findings(result) if r.top is top]
    must = [a for a in ANNOTATIONS[report].findings if a.must]
    assert any(cs.catches(a, r) for a in must for r in reported), (
        f"top finding is no must finding: {cs.describe_finding(top)}")


def test_priorities_on_the_corpus_are_sorted_and_bounded():
    for report in REPORTS:
        priorities = [f.priority for f in audited(report).findings]
        assert priorities == sorted(priorities, reverse=True)
        assert all(0 <= p <= 100 for p in priorities)
