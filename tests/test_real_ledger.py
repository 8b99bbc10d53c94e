"""The real-document ledger: every alarm on corpus/real has a reviewer's verdict.

corpus/real holds 97 excerpts of published budget and performance documents nobody here
wrote; most of their statements hold, which makes them the test of whether an alarm can be
trusted. corpus/real/verdicts.yaml records a verdict, with the arithmetic, for every error
and warning the auditor raises there. This test keeps the ledger and the tool in step:

- an alarm the ledger does not know fails (judge it, and fix the bug if it is false);
- an entry no longer raised fails (a real one lost is a regression; a false one gone is
  progress to record by deleting the entry);
- more than 10 false alarms fail (the acceptance bar of issue 7: 0.1 per document).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.pipeline import audit_file

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
MAX_FALSE = 10


def _key(file: str, rule: str, line: int, stated: str) -> tuple:
    return (file, rule, int(line), "".join(str(stated).split()))


@pytest.fixture(scope="module")
def raised() -> dict[tuple, str]:
    found = {}
    for path in sorted(REAL.glob("*.txt")):
        for finding in audit_file(str(path)).findings:
            if finding.severity not in ("error", "warning"):
                continue
            stated = finding.stated.text if finding.stated is not None else finding.subject_text or ""
            found[_key(path.name, finding.rule, finding.line, stated)] = finding.message
    return found


@pytest.fixture(scope="module")
def ledger() -> dict[tuple, dict]:
    entries = yaml.safe_load((REAL / "verdicts.yaml").read_text(encoding="utf-8"))["alarms"] or []
    for entry in entries:
        # `verdict: false` reads as a YAML boolean; the ledger keeps it unquoted for grep
        if isinstance(entry["verdict"], bool):
            entry["verdict"] = "false" if not entry["verdict"] else "real"
    return {_key(e["file"], e["rule"], e["line"], e["stated"]): e for e in entries}


def test_every_entry_has_a_verdict_and_a_reason(ledger):
    for key, entry in ledger.items():
        assert entry["verdict"] in ("real", "false", "debatable"), key
        assert len(entry["reason"]) > 20, key


def test_every_alarm_is_in_the_ledger(raised, ledger):
    missing = {k: v for k, v in raised.items() if k not in ledger}
    assert not missing, "alarms without a verdict:\n" + "\n".join(f"{k}: {v}" for k, v in missing.items())


def test_every_entry_is_still_raised(raised, ledger):
    gone = [k for k in ledger if k not in raised]
    assert not gone, f"ledger entries no longer raised (a real one lost, or a false one fixed): {gone}"


def test_false_alarms_stay_within_the_bar(ledger):
    false = [k for k, e in ledger.items() if e["verdict"] == "false"]
    assert len(false) <= MAX_FALSE, false


def test_the_unfilled_final_accounts_template_pdf_raises_no_alarm():
    """The 2024 部门决算 template: 目录, nine coded tables, two-sided tables, all empty."""
    result = audit_file(str(ROOT / "corpus" / "pdf" / "final_accounts_template_2024.pdf"))
    assert result.error is None
    assert [f.message for f in result.findings if f.severity in ("error", "warning")] == []


@pytest.mark.parametrize("path", sorted((ROOT / "corpus" / "reports").glob("*.txt")), ids=lambda p: p.name)
def test_every_error_names_a_failed_figure(path):
    """A finding's stated figure is in the relation that failed: its status says so."""
    result = audit_file(str(path))
    for finding in result.findings:
        if finding.severity == "error" and finding.stated is not None:
            assert result.status[finding.stated.id] == "failed", finding.message


def test_half_the_corpus_figures_are_verified_or_failed():
    statuses = []
    for path in sorted((ROOT / "corpus" / "reports").glob("*.txt")):
        result = audit_file(str(path))
        statuses += [result.status[c.id] for c in result.claims if c.kind in ("money", "percent")]
    checked = sum(s != "unchecked" for s in statuses)
    assert checked * 2 >= len(statuses), (checked, len(statuses))
