"""Score an audit of a corpus report against its reviewer annotation.

Kept apart from the tests so benchmarks and notebooks can score the same way
(``sys.path.insert(0, "tests"); import corpus_scoring``). It needs nothing from pytest
and duck-types the audit result: anything shaped like ``auditor.models.AuditResult``.

What is measured, per report:

- **must recall**: an annotated finding with ``must: true`` is caught when a finding (or a
  finding folded into another's ``related``) of a rule that can report its kind
  (``KIND_RULES``) is at severity error or warning, and the annotated line is among the
  finding's lines (its location, its stated claim, its evidence). Each reported finding
  catches at most one annotation; a finding whose stated value equals the annotated value
  is preferred, so two findings on one line are told apart.
- **false alarms**: error/warning findings for which neither they nor their folded
  findings touch any annotated finding (a compatible rule on any of the annotation's
  lines). Duplicates of a real finding are not false alarms; a finding of an unrelated
  rule on an annotated line is.
- **debatable as error**: a ``must: false`` annotation matched by an error-severity
  finding (debatable ones may be reported at most as warnings).
- **claim recall**: money and percent claims in the annotation found among the result's
  claims with the same line, unit and value (as a multiset: two "0" cells on one line
  need two claims).
- **facts**: fiscal year and department equal to the annotation's.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
ANNOTATIONS_DIR = CORPUS / "annotations"
REPORTS_DIR = CORPUS / "reports"

REPORTED_SEVERITIES = frozenset({"error", "warning"})

# Which rule ids may report a finding of each annotation kind. A kind missing here is
# reported by the rule of the same name. Folded findings (Finding.related) count too.
KIND_RULES: dict[str, frozenset[str]] = {
    "ratio": frozenset({"ratio", "table_ratio"}),
    "sum": frozenset({"sum", "table_sum"}),
    "difference": frozenset({"difference"}),
    "formula": frozenset({"formula"}),
    "average": frozenset({"average"}),
    "year": frozenset({"year"}),
    "conflict": frozenset({"conflict", "table_text"}),
    "implied_total": frozenset({"implied_total"}),
    "score_sum": frozenset({"score_sum", "score_sheet"}),
    "count_sum": frozenset({"count_sum", "count", "sum"}),
    "completeness": frozenset({"completeness"}),
    "label": frozenset({"label", "table_ratio", "table_header"}),
    "table_sum": frozenset({"table_sum", "sum"}),
    "table_text": frozenset({"table_text", "conflict"}),
    "other": frozenset(),
}

# Kinds whose must findings issues 2 (arithmetic) and 3 (context) require to be caught.
ISSUE_KINDS: frozenset[str] = frozenset({
    "ratio", "sum", "count_sum", "difference", "formula", "average",  # issue 2
    "year", "conflict", "score_sum", "completeness", "label", "implied_total",  # issue 3
})

CLAIM_UNITS = frozenset({"元", "千元", "万元", "亿元", "%"})
_UNIT_ALIASES = {"％": "%", "\\%": "%", "百分之": "%", "万": "万元"}


# ---------------------------------------------------------------- annotations


@dataclass(frozen=True)
class AnnotatedFinding:
    id: str
    line: int
    other_lines: tuple[int, ...]
    stated: str
    value: float | None
    expected: float | None
    kind: str
    must: bool
    explanation: str

    @property
    def lines(self) -> frozenset[int]:
        return frozenset((self.line, *self.other_lines))


@dataclass(frozen=True)
class AnnotatedClaim:
    line: int
    text: str
    value: float
    unit: str
    where: str


@dataclass(frozen=True)
class Annotation:
    report: str
    fiscal_year: int | None
    department: str | None
    findings: tuple[AnnotatedFinding, ...]
    claims: tuple[AnnotatedClaim, ...]

    @property
    def report_path(self) -> Path:
        return REPORTS_DIR / self.report

    def finding(self, finding_id: str) -> AnnotatedFinding:
        return next(f for f in self.findings if f.id == finding_id)


def load_annotation(path: Path) -> Annotation:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    findings = tuple(
        AnnotatedFinding(
            id=str(f["id"]),
            line=int(f["line"]),
            other_lines=tuple(int(n) for n in f.get("other_lines") or ()),
            stated=str(f.get("stated", "")),
            value=f.get("value"),
            expected=f.get("expected"),
            kind=str(f["kind"]),
            must=bool(f["must"]),
            explanation=str(f.get("explanation", "")),
        )
        for f in data.get("findings") or ()
    )
    claims = tuple(
        AnnotatedClaim(int(c["line"]), str(c["text"]), float(c["value"]), str(c["unit"]),
                       str(c.get("where", "narrative")))
        for c in data.get("claims") or ()
    )
    return Annotation(str(data["report"]), data.get("fiscal_year"), data.get("department"),
                      findings, claims)


def load_annotations(directory: Path = ANNOTATIONS_DIR) -> tuple[Annotation, ...]:
    return tuple(load_annotation(p) for p in sorted(Path(directory).glob("*.yaml")))


# ---------------------------------------------------------------- findings


@dataclass(frozen=True)
class Reported:
    """A finding as the scorer sees it: itself or one folded into a top-level finding.

    Severity is the top-level finding's, since that is what the reviewer sees.
    """

    finding: Any
    top: Any
    lines: frozenset[int]

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def severity(self) -> str:
        # A finding grouped under a root cause is a consequence of another number's slip:
        # its own severity says how sure the rule is about *its* relation.
        if self.finding is not self.top and self.top.rule == "root_cause":
            return self.finding.severity
        return self.top.severity

    @property
    def stated_value(self) -> float | None:
        stated = getattr(self.finding, "stated", None)
        return None if stated is None else stated.quantity.value


def finding_lines(finding: Any) -> frozenset[int]:
    """Every line a finding cites: its location, its stated claim, its evidence."""
    lines = {finding.location.line}
    if finding.stated is not None:
        lines.add(finding.stated.location.line)
    lines.update(ev.claim.location.line for ev in finding.evidence)
    return frozenset(lines)


def reported_findings(result: Any) -> list[Reported]:
    out: list[Reported] = []
    for top in result.findings:
        out.append(Reported(top, top, finding_lines(top)))
        out.extend(Reported(sub, top, finding_lines(sub)) for sub in getattr(top, "related", ()))
    return out


def rules_for(kind: str) -> frozenset[str]:
    return KIND_RULES.get(kind, frozenset({kind}))


def catches(ann: AnnotatedFinding, rep: Reported, *, strict: bool = True) -> bool:
    """Whether ``rep`` is about ``ann``: a compatible rule citing the annotated line
    (strict) or any line of the annotated relation (loose)."""
    if rep.rule not in rules_for(ann.kind):
        return False
    return ann.line in rep.lines if strict else bool(ann.lines & rep.lines)


def _same_value(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-9,
                                                             abs_tol=1e-9)


def assign(annotated: Iterable[AnnotatedFinding], reported: list[Reported],
           *, strict: bool = True) -> dict[str, Reported]:
    """One reported (error/warning) finding per annotation, must ones first; a finding
    whose stated value is the annotated value wins over one that merely shares a line."""
    order = sorted(annotated, key=lambda a: (not a.must, a.id))
    pool = [r for r in reported if r.severity in REPORTED_SEVERITIES]
    taken: set[int] = set()
    chosen: dict[str, Reported] = {}
    for prefer_value in (True, False):
        for ann in order:
            if ann.id in chosen:
                continue
            for i, rep in enumerate(pool):
                if i in taken or not catches(ann, rep, strict=strict):
                    continue
                if prefer_value and not _same_value(rep.stated_value, ann.value):
                    continue
                chosen[ann.id] = rep
                taken.add(i)
                break
    return chosen


# ---------------------------------------------------------------- claims


def normalise_unit(unit: str) -> str:
    unit = unit.strip()
    return _UNIT_ALIASES.get(unit, unit)


def _claim_key(line: int, value: float, unit: str) -> tuple[int, str, float]:
    return (line, normalise_unit(unit), round(float(value), 6))


def claim_match(annotation: Annotation, result: Any) -> tuple[int, list[AnnotatedClaim]]:
    """(found, missing): annotated money/percent claims matched one to one."""
    available = Counter(
        _claim_key(c.location.line, c.quantity.value, c.quantity.unit) for c in result.claims
        if normalise_unit(c.quantity.unit) in CLAIM_UNITS
    )
    found, missing = 0, []
    for claim in annotation.claims:
        if normalise_unit(claim.unit) not in CLAIM_UNITS:
            continue
        key = _claim_key(claim.line, claim.value, claim.unit)
        if available[key] > 0:
            available[key] -= 1
            found += 1
        else:
            missing.append(claim)
    return found, missing


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class ReportScore:
    report: str
    must: tuple[str, ...]  # ids of must findings of ISSUE_KINDS
    caught: tuple[str, ...]  # of those, caught (strict lines)
    caught_loose: tuple[str, ...]  # of those, caught when any line of the relation counts
    debatable: tuple[str, ...]  # ids of must: false findings
    debatable_reported: tuple[str, ...]  # of those, reported at error or warning
    debatable_as_error: tuple[tuple[str, Any], ...]  # (annotation id, finding) at error
    false_alarms: tuple[Any, ...]  # error/warning findings touching no annotation
    claims_total: int
    claims_found: int
    missing_claims: tuple[AnnotatedClaim, ...]
    fiscal_year: tuple[Any, Any]  # (annotated, reported)
    department: tuple[Any, Any]
    other_must: tuple[str, ...] = ()  # must findings of kinds no issue yet requires (tables)

    @property
    def missed(self) -> tuple[str, ...]:
        return tuple(i for i in self.must if i not in self.caught)

    @property
    def must_recall(self) -> float:
        return len(self.caught) / len(self.must) if self.must else 1.0

    @property
    def claim_recall(self) -> float:
        return self.claims_found / self.claims_total if self.claims_total else 1.0


def score_report(annotation: Annotation, result: Any) -> ReportScore:
    reported = reported_findings(result)
    must = [a for a in annotation.findings if a.must and a.kind in ISSUE_KINDS]
    debatable = [a for a in annotation.findings if not a.must]
    strict = assign(annotation.findings, reported, strict=True)
    loose = assign(annotation.findings, reported, strict=False)
    must_assigned = {id(strict[a.id]) for a in annotation.findings if a.must and a.id in strict}

    as_error = []
    for ann in debatable:
        for rep in reported:
            if (rep.severity == "error" and id(rep) not in must_assigned
                    and catches(ann, rep, strict=True)):
                as_error.append((ann.id, rep.top))
                break

    tops = [f for f in result.findings if f.severity in REPORTED_SEVERITIES]
    false_alarms = tuple(
        top for top in tops
        if not any(catches(ann, rep, strict=False)
                   for rep in reported if rep.top is top for ann in annotation.findings)
    )
    found, missing = claim_match(annotation, result)
    facts = result.facts
    return ReportScore(
        report=annotation.report,
        must=tuple(a.id for a in must),
        caught=tuple(a.id for a in must if a.id in strict),
        caught_loose=tuple(a.id for a in must if a.id in loose),
        debatable=tuple(a.id for a in debatable),
        debatable_reported=tuple(a.id for a in debatable if a.id in strict),
        debatable_as_error=tuple(as_error),
        false_alarms=false_alarms,
        claims_total=found + len(missing),
        claims_found=found,
        missing_claims=tuple(missing),
        fiscal_year=(annotation.fiscal_year, facts.fiscal_year),
        department=(annotation.department, facts.department),
        other_must=tuple(a.id for a in annotation.findings
                         if a.must and a.kind not in ISSUE_KINDS),
    )


def describe_finding(finding: Any) -> str:
    lines = ",".join(str(n) for n in sorted(finding_lines(finding)))
    message = " ".join(str(finding.message).split())
    return f"{finding.severity} {finding.rule} @ {lines}: {message[:120]}"


def overall_claim_recall(scores: Iterable[ReportScore]) -> float:
    scores = list(scores)
    total = sum(s.claims_total for s in scores)
    return sum(s.claims_found for s in scores) / total if total else 1.0


def summary_table(scores: Iterable[ReportScore]) -> str:
    """A plain-text table, one row per report and a total row, for `pytest -s` or a log."""
    scores = list(scores)
    header = ("report", "must", "caught", "loose", "missed", "debat.", "reported", "as err",
              "false al.", "claims", "claim rec.", "year", "dept")
    rows = []
    for s in scores:
        rows.append((
            s.report.split("_")[0], len(s.must), len(s.caught), len(s.caught_loose),
            " ".join(s.missed) or "-", len(s.debatable), len(s.debatable_reported),
            len(s.debatable_as_error), len(s.false_alarms),
            f"{s.claims_found}/{s.claims_total}", f"{s.claim_recall:.1%}",
            "ok" if s.fiscal_year[0] == s.fiscal_year[1] else f"{s.fiscal_year[1]}≠{s.fiscal_year[0]}",
            "ok" if s.department[0] == s.department[1] else "differs",
        ))
    must = sum(len(s.must) for s in scores)
    caught = sum(len(s.caught) for s in scores)
    rows.append((
        "all", must, caught, sum(len(s.caught_loose) for s in scores),
        f"recall {caught / must:.1%}" if must else "-",
        sum(len(s.debatable) for s in scores), sum(len(s.debatable_reported) for s in scores),
        sum(len(s.debatable_as_error) for s in scores), sum(len(s.false_alarms) for s in scores),
        f"{sum(s.claims_found for s in scores)}/{sum(s.claims_total for s in scores)}",
        f"{overall_claim_recall(scores):.1%}",
        f"{sum(s.fiscal_year[0] == s.fiscal_year[1] for s in scores)}/{len(scores)}",
        f"{sum(s.department[0] == s.department[1] for s in scores)}/{len(scores)}",
    ))
    cells = [tuple(str(c) for c in r) for r in (header, *rows)]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    text = [" ".join(_pad(c, w) for c, w in zip(r, widths)) for r in cells]
    text.insert(1, " ".join("-" * w for w in widths))
    text.insert(len(text) - 1, " ".join("-" * w for w in widths))
    details = []
    for s in scores:
        for f in s.false_alarms:
            details.append(f"  {s.report.split('_')[0]} false alarm: {describe_finding(f)}")
        for ann_id, f in s.debatable_as_error:
            details.append(f"  {s.report.split('_')[0]} {ann_id} (debatable) at error: "
                           f"{describe_finding(f)}")
        for c in s.missing_claims:
            details.append(f"  {s.report.split('_')[0]} claim not extracted: line {c.line} "
                           f"{c.text!r}")
    return "\n".join(text + details)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
