"""What every output format shows: per report, its findings ranked, filtered and fingerprinted.

The CLI builds one ``ReportView`` per audited file and hands the list to a renderer, so the
ranking, the filters (--min-severity, --top), the baseline and the message language are
decided once, here, and every format shows the same findings in the same order.
"""
from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from auditor.baseline import Baseline, fingerprints
from auditor.models import SEVERITY_RANK, AuditResult, Finding

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    fingerprint: str
    decision: str = ""  # from the baseline: open | accepted | dismissed, "" when not in it
    comment: str = ""


@dataclass(frozen=True)
class ReportView:
    result: AuditResult
    findings: tuple[FindingView, ...]  # ranked, after baseline and filters
    all_findings: tuple[FindingView, ...] = ()  # ranked, after baseline, before filters
    hidden: int = 0  # findings the baseline hides
    lang: str = "zh"
    sha256: str | None = None  # of the file's bytes: what --resume recognises
    # money and percent figures by status, counted before a batch slims the result's claims
    figures: Counter = dataclasses.field(default_factory=Counter)

    @property
    def path(self) -> str:
        return self.result.path

    @property
    def error(self) -> str | None:
        return self.result.error

    @property
    def omitted(self) -> int:
        """Findings left out by --min-severity / --top (still counted by --fail-on)."""
        return len(self.all_findings) - len(self.findings)

    def counts(self) -> Counter[str]:
        return Counter(view.finding.severity for view in self.findings)


def rank_key(finding: Finding) -> tuple[float, int, str, int, str]:
    """Highest priority first; ties by line, then rule, then column and id for a total order."""
    return (-finding.priority, finding.location.line, finding.rule, finding.location.column,
            finding.id)


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=rank_key)


def at_least(severity: str, minimum: str | None) -> bool:
    return minimum is None or SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum]


def build_view(
    result: AuditResult,
    *,
    baseline: Baseline | None = None,
    min_severity: str | None = None,
    top: int | None = None,
    lang: str = "zh",
) -> ReportView:
    if result.error is not None:  # a file that could not be audited has nothing to show
        return ReportView(result, (), (), 0, lang)
    result = with_ids(result)
    prints = dict(zip(map(id, result.findings), fingerprints(result)))
    views: list[FindingView] = []
    hidden = 0
    for finding in ranked(result.findings):
        fingerprint = prints[id(finding)]
        decision = baseline.get(fingerprint) if baseline is not None else None
        if decision is not None and decision.hides:
            hidden += 1
            continue
        views.append(FindingView(finding, fingerprint,
                                 decision.decision if decision else "",
                                 decision.comment if decision else ""))
    shown = [v for v in views if at_least(v.finding.severity, min_severity)]
    if top is not None:
        shown = shown[:top]
    return ReportView(result, tuple(shown), tuple(views), hidden, lang,
                      figures=figure_counts(result))


def build_views(results: Sequence[AuditResult], **kwargs) -> list[ReportView]:
    return [build_view(result, **kwargs) for result in results]


def with_ids(result: AuditResult) -> AuditResult:
    """Give findings without an id one (F1, F2 … in report order) so every output can link them."""
    if all(finding.id for finding in result.findings):
        return result
    in_order = sorted(range(len(result.findings)),
                      key=lambda i: (result.findings[i].location.line, result.findings[i].rule))
    taken = {f.id for f in result.findings if f.id}
    findings = list(result.findings)
    number = 0
    for index in in_order:
        if findings[index].id:
            continue
        number += 1
        while f"F{number}" in taken:
            number += 1
        findings[index] = dataclasses.replace(findings[index], id=f"F{number}")
    return dataclasses.replace(result, findings=tuple(findings))


def message(finding: Finding, lang: str) -> str:
    """The finding's message in the asked language (English falls back to Chinese)."""
    if lang == "en" and finding.message_en:
        return finding.message_en
    return finding.message


def involved_lines(finding: Finding) -> tuple[int, ...]:
    """Every source line a finding involves: its own, the stated claim's, the evidence's."""
    lines = list(finding.lines())
    if finding.stated is not None and finding.stated.line not in lines:
        lines.insert(1, finding.stated.line)
    return tuple(line for line in lines if line > 0)


def difference(finding: Finding) -> float | None:
    """Stated minus expected, in the stated claim's unit."""
    if finding.stated is None or finding.expected is None:
        return None
    return number(finding.stated.value - finding.expected)


def number(value: float | int | None, digits: int = 6) -> float | int | None:
    """A JSON/spreadsheet-friendly number: None for non-finite, int when integral, no float dust."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not math.isfinite(value):
        return None
    value = round(value, digits)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def summary(views: Sequence[ReportView]) -> Counter[str]:
    total: Counter[str] = Counter()
    for view in views:
        total.update(view.counts())
    return total


FIGURE_KINDS = ("money", "percent")


def figure_counts(result: AuditResult) -> Counter[str]:
    """Money and percent figures by status (auditor.checks): what the audit read and tied out."""
    counts: Counter[str] = Counter()
    for claim in result.claims:
        if claim.kind in FIGURE_KINDS:
            counts["figures"] += 1
            counts[result.status.get(claim.id, "unchecked")] += 1
    return counts


def figure_text(counts: Counter[str], lang: str = "zh") -> str:
    if lang == "en":
        return (f"{counts['figures']} figures: {counts['verified']} verified, {counts['failed']} failed, "
                f"{counts['unchecked']} unchecked")
    return (f"{counts['figures']} 个金额与百分比：{counts['verified']} 个核对一致，{counts['failed']} 个不符，"
            f"{counts['unchecked']} 个未核对")


def rule_statistics(results: Iterable[AuditResult]) -> list[tuple[str, int, int, int]]:
    """Per rule: checks that held, checks that failed, findings raised (every severity)."""
    held: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    raised: Counter[str] = Counter()
    for result in results:
        for check in result.checks:
            (held if check.holds else failed)[check.rule] += 1
        for finding in result.findings:
            for item in (finding, *finding.related):
                raised[item.rule] += 1
    rules = sorted(set(held) | set(failed) | set(raised))
    return [(rule, held[rule], failed[rule], raised[rule]) for rule in rules]


def summary_text(counts: Counter[str], lang: str = "zh") -> str:
    if lang == "en":
        parts = [f"{counts.get(s, 0)} {s}" + ("s" if s != "info" and counts.get(s, 0) != 1 else "")
                 for s in SEVERITIES]
        return ", ".join(parts)
    names = {"error": "错误", "warning": "警告", "info": "提示"}
    return "，".join(f"{counts.get(s, 0)} 条{names[s]}" for s in SEVERITIES)
