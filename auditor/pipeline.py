"""The audit, top-down: read → normalise → quantities → claims → link → rules → findings.

Each stage has one home; this module only calls them in order. ``audit_file`` and
``audit_text`` are the public entry points (the CLI, the tests and the benchmark use
them); the result is a frozen AuditResult that renderers turn into output.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from auditor.errors import display_path
from auditor.models import AuditResult, Finding, SourceDocument, SourceLine


def audit_file(path: str, options: Any = None) -> AuditResult:
    """Audit one report file (.txt, .md, .docx, .pdf). Raises InputError if unreadable."""
    from auditor.read import read_document

    source = read_document(path)
    return audit_source(dataclasses.replace(source, path=display_path(path)), options)


def audit_bytes(data: bytes, path: str, options: Any = None) -> AuditResult:
    """Audit a report's bytes (standard input); ``path`` names it in the output."""
    from auditor.read import read_data

    return audit_source(read_data(path, data), options)


def audit_text(text: str, path: str = "<text>", options: Any = None) -> AuditResult:
    """Audit a report given as a string (tests, notebooks, other tools)."""
    from auditor.read.clean import clean_source

    lines = tuple(SourceLine(i, line) for i, line in enumerate(text.splitlines(), 1))
    return audit_source(clean_source(SourceDocument(path, "text", lines)), options)


def audit_source(source: SourceDocument, options: Any = None) -> AuditResult:
    from auditor.checks import failed_from, numbered, recording, statuses
    from auditor.claims import build_claims
    from auditor.facts import extract_facts
    from auditor.findings import finalise
    from auditor.intervals import qualifier_widths
    from auditor.link import link
    from auditor.normalise import build_document
    from auditor.read.flattened import rebuild_flattened
    from auditor.report import Report
    from auditor.tables import parse_tables

    source = rebuild_flattened(source)                     # read: flattened tables rebuilt
    document = build_document(source)                      # → normalise
    tables = tuple(parse_tables(document.tables))
    claims, sentences = build_claims(document, tables)     # quantities → claims
    facts = extract_facts(document, claims)
    report = Report(document, facts, claims, sentences, tables, options=_as_dict(options))
    with qualifier_widths(getattr(options, "qualifier_widths", None)):
        report = report.with_links(link(report))           # link: every stated relation
        with recording() as passed:                        # rules: each check recorded
            raw = run_rules(report, options)
        grouping = _selected("root_cause", options)        # findings: root causes, triage
        findings = finalise(raw, claims, links=report.links if grouping else None, group=grouping)
    checks = numbered([*passed, *filter(None, map(failed_from, raw))])
    return AuditResult(source.path, facts, claims, findings, document,
                       warnings=source.warnings, checks=checks, status=statuses(claims, checks))


def run_rules(report, options: Any = None) -> list[Finding]:
    """Every selected rule over the report, in rule-id order (deterministic)."""
    from auditor.rules.base import all_rules

    findings: list[Finding] = []
    for rule in all_rules():
        if not _selected(rule.id, options):
            continue
        findings.extend(rule.check(report))
    if options is not None:
        from auditor.config import apply_options

        findings = list(apply_options(findings, options))
    return findings


def _selected(rule_id: str, options: Any) -> bool:
    if options is None:
        return True
    select = getattr(options, "select", None)
    ignore = getattr(options, "ignore", ()) or ()
    if select and rule_id not in select:
        return False
    return rule_id not in ignore


def _as_dict(options: Any) -> dict:
    if options is None:
        return {}
    if isinstance(options, dict):
        return dict(options)
    return {k: getattr(options, k) for k in getattr(options, "__dataclass_fields__", {})}
