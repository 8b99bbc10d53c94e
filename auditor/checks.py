"""Every relation the rules evaluated, and what that says of each figure.

A silent report can mean "all verified" or "nothing read"; reviewers need to know which.
While the rules run, each one records the relations it evaluated and found to hold
(``passed``); every error or warning finding is a relation that failed (``failed_from``
builds its check in the pipeline, so the two outcomes have one path each). From the checks
each claim gets a status:

- ``verified``: in at least one relation that holds and in none that fails;
- ``failed``: in a relation that fails;
- ``unchecked``: in no relation the auditor evaluated.

Recording goes through a context variable set by the pipeline for one audit, so rules stay
plain generators of findings and a rule run outside an audit records nothing.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterable, Iterator

from auditor.models import Check, Claim, Finding
from auditor.relations import Relation

_RECORDED: ContextVar[list[Check] | None] = ContextVar("recorded_checks", default=None)

STATUSES = ("verified", "failed", "unchecked")


@contextmanager
def recording() -> Iterator[list[Check]]:
    """Collect the checks the rules record while the block runs."""
    checks: list[Check] = []
    token = _RECORDED.set(checks)
    try:
        yield checks
    finally:
        _RECORDED.reset(token)


def passed(rule: str, relation: Relation, reading: str = "") -> None:
    """A rule found ``relation`` to hold (under ``reading``: the words or pattern it read)."""
    checks = _RECORDED.get()
    if checks is None:
        return
    checks.append(_check(rule, relation, True, reading, _roles(relation)))


def failed_from(finding: Finding) -> Check | None:
    """The failed check an error or warning finding stands for: its relation, or (a wrong
    year, a label, an empty section) its stated claim and evidence."""
    if finding.severity not in ("error", "warning"):
        return None
    if finding.relation is not None:
        return _check(finding.rule, finding.relation, False, finding.rule, _roles(finding.relation))
    if finding.stated is None:
        return None
    # a wrong year or label is the stated figure's alone: the amounts cited beside it as
    # evidence (the same sums stated for the right year) are not thereby in doubt
    operands = ((finding.stated.id, "stated"),)
    return Check("", finding.rule, finding.rule, finding.rule, False, operands, None, None)


def numbered(checks: Iterable[Check]) -> tuple[Check, ...]:
    """The checks once each (a relation two rules evaluate alike counts once), numbered K1…"""
    unique: dict[tuple, Check] = {}
    for check in checks:
        unique.setdefault((check.rule, check.kind, check.operands, check.holds), check)
    ordered = sorted(unique.values(), key=lambda c: (not c.holds, c.rule, c.operands))
    return tuple(_renumbered(c, i) for i, c in enumerate(ordered, 1))


def statuses(claims: Iterable[Claim], checks: Iterable[Check]) -> dict[str, str]:
    """Each claim's status: verified, failed or unchecked (see the module docstring)."""
    held: set[str] = set()
    broken: set[str] = set()
    for check in checks:
        ids = {claim_id for claim_id, _ in check.operands}
        (held if check.holds else broken).update(ids)
    result = {}
    for claim in claims:
        if claim.id in broken:
            result[claim.id] = "failed"
        elif claim.id in held:
            result[claim.id] = "verified"
        else:
            result[claim.id] = "unchecked"
    return result


def _roles(relation: Relation) -> tuple[tuple[str, str], ...]:
    roles = []
    if relation.target is not None:
        roles.append((relation.target.id, "target"))
    roles += [(c.id, "term") for c in relation.terms]
    seen: dict[str, str] = {}
    for claim_id, role in roles:
        seen.setdefault(claim_id, role)
    return tuple(seen.items())


def _check(rule: str, relation: Relation, holds: bool, reading: str, operands) -> Check:
    try:
        readings = relation.computed()
    except (ValueError, ZeroDivisionError):
        readings = ()
    target = relation.stated() if relation.target is not None else None
    value = min(readings, key=lambda r: r.distance(target)) if readings and target else (
        readings[0] if readings else None)
    return Check("", rule, relation.kind, reading or relation.kind, holds, operands, value, target,
                 relation)


def _renumbered(check: Check, index: int) -> Check:
    from dataclasses import replace

    return replace(check, id=f"K{index}")
