"""JSON output: the stable contract of ``auditor audit --format json``.

The output is a JSON array with one object per input file, in the order the files were
audited (arguments in order, a folder's reports sorted by name). Numbers are JSON numbers;
``value`` is always in the claim's own unit (8318.83 for "8,318.83 万元"). Fields marked
"may be null" are present with ``null``; no field listed here is ever missing. New fields may
be added; existing ones keep their name and meaning.

An audited report::

    {
      "path": "reports/2024.txt",
      "fiscal_year": 2024,                  # may be null
      "department": "某某局",                # may be null
      "kind": "部门整体支出绩效自评报告",      # may be null
      "claims": [ {
          "id": "C12",
          "kind": "money",                   # money | percent | count | score | year | number
          "text": "8318.83万元",              # the quantity as extracted (normalised surface)
          "value": 8318.83,
          "unit": "万元",
          "line": 91, "column": 5,           # 1-based, in the file as given
          "page": null,                      # PDF page, may be null
          "source": "narrative",             # narrative | table
          "subject": "全年预算数",             # may be null
          "stage": "预算",                    # may be null
          "year": 2024,                      # may be null
          "qualifier": null,                 # 约 | 近 | 超过 | … , may be null
          "status": "verified"               # verified: in a relation that holds and none
                                             # that fails; failed: in a relation that fails;
                                             # unchecked: in no relation the rules evaluated
      } ],
      "checks": [ {                          # every relation the rules evaluated
          "id": "K4",
          "kind": "ratio",                   # sum | ratio | growth | difference | change_rate |
                                             # implied_rate | signed_sum | annual | average |
                                             # implied_total | same | at_least | (a rule id for
                                             # a check with no arithmetic: year, label …)
          "rule": "ratio",
          "reading": "rate",                 # the words or pattern the relation was read from
          "holds": false,
          "operands": [{"claim": "C14", "role": "target"}, {"claim": "C11", "role": "term"}],
          "computed": [99.4306, 99.4308],    # what the other figures give for the target
          "stated": [99.465, 99.475]         # the target's own interval; both may be null
      } ],
      "findings": [ {                        # ranked: highest priority first
          "id": "F3",
          "rule": "ratio",                   # see `auditor rules`
          "severity": "error",               # error | warning | info
          "message": "…",                    # Chinese, with the arithmetic
          "message_en": "…",                 # English ("" when the rule gives none)
          "line": 91, "column": 20, "page": null,
          "lines": [91, 88],                 # every line involved, the finding's own first
          "stated": {"text": "99.47%", "value": 99.47, "unit": "%",
                     "line": 91, "column": 20, "page": null, "claim": "C14"},   # or null
          "expected": 99.43,                 # in the stated unit, may be null
          "difference": 0.04,                # stated - expected, may be null
          "evidence": [ {"text": "8271.47万元", "value": 8271.47, "unit": "万元",
                         "line": 88, "column": 9, "page": null, "claim": "C11",
                         "role": "numerator"} ],
          "subject": null,                   # what the finding is about when no claim is
          "priority": 73.6,                  # triage order, higher first (auditor.findings)
          "confidence": 1.0,                 # 0..1: how sure the rule is of the relation
          "materiality": 0.3,                # 0..1: how much the discrepancy matters
          "fingerprint": "9c1f0e2a7b3d4c5e", # stable across line shifts; see auditor.baseline
          "decision": "",                    # open | accepted | dismissed from --baseline, or ""
          "related": [ … ]                   # findings folded into this one (same shape,
                                             # without fingerprint/decision/related)
      } ]
    }

Added after the contract above was first published::

      "warnings": ["3 byte sequence(s) not valid UTF-8 replaced by �"],  # what reading repaired
      "sha256": "9f86d0…"                    # of the file's bytes (--resume); null for a text

A file that could not be audited::

    {"path": "reports/scan.pdf", "error": "no text layer: the PDF is a scan, OCR is needed",
     "sha256": "…"}                          # absent when the file could not be read at all

``--min-severity`` and ``--top`` shorten ``findings``; findings a baseline marks accepted or
dismissed are left out.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from auditor.models import AuditResult, Check, Claim, Finding
from auditor.render.view import ReportView, difference, involved_lines, number


def render(views: Sequence[ReportView]) -> str:
    return json.dumps(to_data(views), ensure_ascii=False, indent=2) + "\n"


def to_data(views: Sequence[ReportView]) -> list[dict[str, Any]]:
    return [report_data(view) for view in views]


def report_data(view: ReportView) -> dict[str, Any]:
    result: AuditResult = view.result
    if result.error is not None:
        failed = {"path": result.path, "error": result.error}
        return failed if view.sha256 is None else {**failed, "sha256": view.sha256}
    facts = result.facts
    return {
        "path": result.path,
        "fiscal_year": facts.fiscal_year,
        "department": facts.department,
        "kind": facts.kind,
        "claims": [{**claim_data(claim), "status": result.status.get(claim.id, "unchecked")}
                   for claim in result.claims],
        "checks": [check_data(check) for check in result.checks],
        "findings": [
            {**finding_data(fv.finding), "fingerprint": fv.fingerprint, "decision": fv.decision,
             "related": [finding_data(r) for r in fv.finding.related]}
            for fv in view.findings
        ],
        "warnings": list(result.warnings),
        "sha256": view.sha256,
    }


def claim_data(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "kind": claim.kind,
        "text": claim.text,
        "value": number(claim.value),
        "unit": claim.unit,
        "line": claim.location.line,
        "column": claim.location.column,
        "page": claim.location.page,
        "source": claim.source,
        "subject": claim.subject,
        "stage": claim.stage,
        "year": claim.year,
        "qualifier": claim.quantity.qualifier,
    }


def check_data(check: Check) -> dict[str, Any]:
    def interval(value) -> list | None:
        return None if value is None else [number(value.lo, 6), number(value.hi, 6)]

    return {
        "id": check.id,
        "kind": check.kind,
        "rule": check.rule,
        "reading": check.reading,
        "holds": check.holds,
        "operands": [{"claim": claim, "role": role} for claim, role in check.operands],
        "computed": interval(check.computed),
        "stated": interval(check.stated),
    }


def claim_ref(claim: Claim) -> dict[str, Any]:
    return {
        "text": claim.text,
        "value": number(claim.value),
        "unit": claim.unit,
        "line": claim.location.line,
        "column": claim.location.column,
        "page": claim.location.page,
        "claim": claim.id,
    }


def finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "message_en": finding.message_en,
        "line": finding.location.line,
        "column": finding.location.column,
        "page": finding.location.page,
        "lines": list(involved_lines(finding)),
        "stated": claim_ref(finding.stated) if finding.stated is not None else None,
        "expected": number(finding.expected),
        "difference": difference(finding),
        "evidence": [{**claim_ref(ev.claim), "role": ev.role} for ev in finding.evidence],
        "subject": finding.subject_text,
        "priority": number(finding.priority, 4),
        "confidence": number(finding.confidence, 4),
        "materiality": number(finding.materiality, 4),
    }
