"""Reviewer decisions that persist across revisions of a report.

Each finding gets a **fingerprint**: a hash of its rule, the stated claim's text with the
normalised clause around it (its context, or its source line when the claim has none), and
the texts and roles of the evidence claims; for findings without a stated claim, what the
finding is about. Line numbers never enter it, so the fingerprint survives lines inserted
above and edits elsewhere in the report; it changes when the figures or the sentence that
carries them change. Two findings with the same key in one report are told apart by their
order in the report (``…-2``). The report's path does not enter it either: a renamed copy of
a revised report keeps its decisions.

``auditor audit REPORT --baseline decisions.yaml`` hides every finding whose fingerprint the
file marks ``accepted`` or ``dismissed``; ``--update-baseline`` writes the file, adding each
finding not yet in it with ``decision: open`` and keeping every decision and comment already
there (also those of findings not seen in this run: they may belong to another report).

The file (YAML, UTF-8), one entry per fingerprint, sorted by report, line and rule::

    version: 1
    findings:
    - fingerprint: 9c1f0e2a7b3d4c5e
      decision: accepted        # open | accepted | dismissed
      comment: 单位已在附表中说明   # why: expected with accepted and dismissed
      rule: ratio               # the rest is for the reader; refreshed on --update-baseline
      report: reports/2024.txt
      line: 91
      stated: 99.47%
      message: 全年执行数 8271.47 / 全年预算数 8318.83 = 99.43%，不是 99.47%

A reviewer edits ``decision`` and ``comment``; everything else is informational.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from auditor.errors import ConfigError
from auditor.models import AuditResult, Claim, Document, Finding

DECISIONS: tuple[str, ...] = ("open", "accepted", "dismissed")
HIDING: frozenset[str] = frozenset({"accepted", "dismissed"})
VERSION = 1


# ---------------------------------------------------------------- fingerprints


def fingerprints(result: AuditResult) -> tuple[str, ...]:
    """The fingerprint of each of ``result.findings``, in the same order."""
    keys = [_key(finding, result.document) for finding in result.findings]
    # Order duplicates by where they sit in the report: stable when lines shift uniformly.
    order = sorted(range(len(keys)), key=lambda i: (_position(result.findings[i]), keys[i]))
    seen: dict[str, int] = {}
    prints = [""] * len(keys)
    for index in order:
        digest = hashlib.sha1(keys[index].encode("utf-8")).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        prints[index] = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
    return tuple(prints)


def _key(finding: Finding, document: Document | None) -> str:
    stated = None
    if finding.stated is not None:
        stated = [finding.stated.text, _context(finding.stated, document)]
    evidence = sorted([ev.role, ev.claim.text] for ev in finding.evidence)
    about = finding.subject_text
    if stated is None and about is None:
        # Nothing else says what the finding is about: its message, minus any line numbers.
        about = re.sub(r"\d+", "#", finding.message)
    return json.dumps([finding.rule, stated, evidence, about], ensure_ascii=False)


def _context(claim: Claim, document: Document | None) -> str:
    text = claim.context
    if not text and document is not None:
        text = _source_line(document, claim.line)
    return normalise(text)


def _source_line(document: Document, line: int) -> str:
    lines = document.source.lines
    if 1 <= line <= len(lines) and lines[line - 1].line == line:
        return lines[line - 1].text
    return next((sl.text for sl in lines if sl.line == line), "")


def normalise(text: str) -> str:
    """Width-folded text without whitespace: re-wrapping a sentence keeps its fingerprint."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _position(finding: Finding) -> tuple[int, int]:
    return (finding.location.line, finding.location.column)


# ---------------------------------------------------------------- the decisions file


@dataclass(frozen=True)
class Decision:
    fingerprint: str
    decision: str = "open"
    comment: str = ""
    rule: str = ""
    report: str = ""
    line: int | None = None
    stated: str | None = None
    message: str = ""

    @property
    def hides(self) -> bool:
        return self.decision in HIDING


@dataclass(frozen=True)
class Baseline:
    path: Path
    decisions: Mapping[str, Decision]

    def get(self, fingerprint: str) -> Decision | None:
        return self.decisions.get(fingerprint)

    def hides(self, fingerprint: str) -> bool:
        decision = self.decisions.get(fingerprint)
        return decision is not None and decision.hides

    def warnings(self) -> list[str]:
        """Decisions a reviewer should complete: hidden findings with no comment saying why."""
        return [
            f"{self.path}: {d.fingerprint} is {d.decision} without a comment"
            for d in self.decisions.values()
            if d.hides and not d.comment.strip()
        ]


def load_baseline(path: str | Path, *, missing_ok: bool = False) -> Baseline:
    path = Path(path)
    if not path.exists():
        if missing_ok:
            return Baseline(path, {})
        raise ConfigError(f"{path}: no such baseline file (create it with --update-baseline)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot be read as a baseline: {exc}") from exc
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: a baseline is a mapping with a 'findings' list")
    decisions: dict[str, Decision] = {}
    for number, entry in enumerate(entries, 1):
        decision = _decision(entry, path, number)
        decisions[decision.fingerprint] = decision
    return Baseline(path, decisions)


def _decision(entry: object, path: Path, number: int) -> Decision:
    if not isinstance(entry, dict) or not entry.get("fingerprint"):
        raise ConfigError(f"{path}: entry {number} has no fingerprint")
    decision = str(entry.get("decision") or "open").strip().lower()
    if decision not in DECISIONS:
        raise ConfigError(
            f"{path}: entry {number} has decision {decision!r}; use one of {', '.join(DECISIONS)}"
        )
    line = entry.get("line")
    return Decision(
        fingerprint=str(entry["fingerprint"]),
        decision=decision,
        comment=str(entry.get("comment") or ""),
        rule=str(entry.get("rule") or ""),
        report=str(entry.get("report") or ""),
        line=line if isinstance(line, int) else None,
        stated=None if entry.get("stated") is None else str(entry["stated"]),
        message=str(entry.get("message") or ""),
    )


def record(result: AuditResult, prints: Iterable[str]) -> list[Decision]:
    """Open decisions describing each finding of a result, for merging into a baseline."""
    return [
        Decision(
            fingerprint=fingerprint,
            rule=finding.rule,
            report=result.path,
            line=finding.location.line,
            stated=finding.stated.text if finding.stated is not None else None,
            message=finding.message,
        )
        for finding, fingerprint in zip(result.findings, prints)
    ]


def merge(baseline: Baseline, seen: Iterable[Decision]) -> Baseline:
    """The baseline with every seen finding in it; a reviewer's decision and comment are kept."""
    merged = dict(baseline.decisions)
    for fresh in seen:
        old = merged.get(fresh.fingerprint)
        if old is not None:
            fresh = Decision(**{**fresh.__dict__, "decision": old.decision, "comment": old.comment})
        merged[fresh.fingerprint] = fresh
    return Baseline(baseline.path, merged)


def save_baseline(baseline: Baseline) -> None:
    entries = sorted(
        baseline.decisions.values(),
        key=lambda d: (d.report, d.line if d.line is not None else 0, d.rule, d.fingerprint),
    )
    data = {"version": VERSION, "findings": [_entry(d) for d in entries]}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    baseline.path.parent.mkdir(parents=True, exist_ok=True)
    baseline.path.write_text(text, encoding="utf-8")


def _entry(decision: Decision) -> dict[str, object]:
    entry: dict[str, object] = {
        "fingerprint": decision.fingerprint,
        "decision": decision.decision,
        "comment": decision.comment,
        "rule": decision.rule,
        "report": decision.report,
        "line": decision.line,
    }
    if decision.stated is not None:
        entry["stated"] = decision.stated
    entry["message"] = decision.message
    return entry
