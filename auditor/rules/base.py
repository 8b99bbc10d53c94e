"""What a rule is, and how rules are found.

A rule is one module in auditor/rules/ that defines ``RULE = Rule(...)``. Its module
docstring says what it catches and why, with a wrong and a right example; `auditor explain
ID` prints it. Adding a rule is adding one module: the registry finds it.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Callable, Iterable

from auditor.models import Finding, Severity

if TYPE_CHECKING:
    from auditor.report import Report


@dataclass(frozen=True)
class Rule:
    id: str  # stable: used in JSON, baselines, configuration and annotations
    family: str  # arithmetic | context | table
    severity: Severity  # default severity of a clear failure
    summary: str  # one line for `auditor rules`
    check: Callable[["Report"], Iterable[Finding]]
    doc: str = ""


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule module's RULE, sorted by id."""
    import auditor.rules as package

    found: list[Rule] = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"auditor.rules.{info.name}")
        rule = getattr(module, "RULE", None)
        if isinstance(rule, Rule):
            found.append(
                Rule(rule.id, rule.family, rule.severity, rule.summary, rule.check,
                     (module.__doc__ or "").strip())
            )
    return tuple(sorted(found, key=lambda r: r.id))


def rule_by_id(rule_id: str) -> Rule | None:
    return next((rule for rule in all_rules() if rule.id == rule_id), None)
