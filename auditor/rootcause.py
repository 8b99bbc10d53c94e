"""Root causes: the one wrong number behind several failed relations.

A slip in one figure breaks every relation the figure takes part in: a component typed
wrong makes its list miss the total *and* its share miss its percentage. Reported one by
one, those are several findings the reviewer has to untangle by hand. XBRL processors stop
at "these calculations are inconsistent"; this module goes one step further and says which
number is most likely wrong and what it should be.

The method is plain interval arithmetic over the relations the rules checked:

1. **Relations.** Each finding of an arithmetic, context or table rule carries the
   relation it checked (``Finding.relation``: a total and its components, a percentage and
   its numerator and denominator, a percentage change, an implied total, a change, an
   average, two statements of one figure), as the rule saw it: whether a list may be
   partial, which way a change goes, how many days an average divides by. Only a finding
   built without one (outside the rules) has its relation guessed back from the roles of
   its claims. When the report's ``Links`` are at hand, the relations that *hold* are
   built from them too: they are what confirms a figure.
2. **Solving.** For a claim of a relation, the values it would need for the relation to
   hold follow from inverting the relation in interval arithmetic (a component needs
   total − the other components; a denominator needs numerator ÷ percentage …): each
   relation type (auditor.relations) computes, solves and writes out its own kind, so
   nothing here asks which kind a relation is. A
   correction is a value with the claim's own stated decimals inside what every relation
   needs; it is then *checked by substitution*: the claim is given that value, stated
   with the same digits, and every relation is re-evaluated with intervals.
3. **Root causes.** A claim shared by two or more failed relations whose one correction
   restores all of them, without breaking any relation that holds, is the root cause: one
   grouped finding (rule ``root_cause``) names it and its correction, shows each restored
   relation with the intervals used, says why the other shared figures are not the
   culprit, and carries the failed findings as its consequences (``Finding.related``).
   Where no single number restores them all, or two numbers could, nothing is grouped.
4. **Which number.** For a failed relation left on its own, each of its figures is tried:
   one whose correction would break relations that hold is *confirmed* by them and
   probably right (a total that 701.31 + 5349.34 = 6050.65 confirms), so the slip is more
   likely in a figure nothing confirms. When that says something, the finding's wording
   gets a note (auditor.messages.Wording) naming the most likely wrong figure and what it
   should be.

Nothing here is keyed to a rule's wording; a finding with no relation whose evidence roles
are not recognised is simply left alone.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from auditor.findings import finding, fmt, label, reworded, unit_suffix, wording_of
from auditor.intervals import Interval, claim_interval
from auditor.messages import Field, Message, Text, joined, message
from auditor.models import SEVERITY_RANK, Claim, Finding
from auditor.relations import (AtLeast, Average, ChangeRate, Difference, ImpliedTotal, Ratio,
                               Relation, Same, SignedSum, Sum, Values, average_relation,
                               breakdown_relation, change_relations, figure, ratio_relation)
from auditor.relations.base import factor

if TYPE_CHECKING:
    from auditor.link import Links

RULE_ID = "root_cause"

# For findings built without a relation only: rules whose shortfall warnings are taken to
# mean "the list may be partial", when no Links say so.
LIST_RULES = ("sum", "count_sum", "score_sum", "table_sum")


# ---------------------------------------------------------------- building relations


def _by_role(finding: Finding) -> dict[str, list[Claim]]:
    roles: dict[str, list[Claim]] = {}
    for ev in finding.evidence:
        roles.setdefault(ev.role, []).append(ev.claim)
    return roles


def relation_of(finding: Finding) -> Relation | None:
    """The relation a finding checked: the one its rule attached, else (a finding built
    without one) rebuilt from its stated claim and evidence roles."""
    if finding.relation is not None:
        return finding.relation
    return _guessed(finding)


def _guessed(finding: Finding) -> Relation | None:
    """The relation behind a finding that carries none, from its evidence roles."""
    stated = finding.stated
    if stated is None:
        return None
    roles = _by_role(finding)
    if "component_rate" in roles:
        items, rates = roles.get("component", []), roles["component_rate"]
        if len(items) != len(rates) or not items:
            return None
        return ImpliedTotal(stated, tuple(zip(items, rates)))
    if "numerator" in roles and "denominator" in roles:
        if len(roles["numerator"]) != 1 or len(roles["denominator"]) != 1 or stated.kind != "percent":
            return None
        return Ratio(stated, roles["numerator"][0], roles["denominator"][0])
    if "component" in roles or "item_score" in roles:
        parts = tuple(roles.get("component", []) + roles.get("item_score", []))
        return _list_type(finding)(stated, parts)
    if "share" in roles:
        return Sum.of_shares((stated, *roles["share"]))
    if "current" in roles and "base" in roles:
        return _difference(finding, roles["current"][0], roles["base"][0])
    if "change" in roles and "base" in roles:
        return ChangeRate(stated, roles["change"][0], roles["base"][0])
    if "total" in roles and roles.get("count"):
        return Average(stated, roles["total"][0], tuple(roles["count"]))
    if "other_statement" in roles:
        return Same(stated, roles["other_statement"][0])
    return None


def _list_type(finding: Finding) -> type[Sum]:
    """A shortfall that a list rule reports below error is a list that may be partial."""
    shortfall = finding.expected is not None and finding.expected < finding.stated.value
    if finding.rule in LIST_RULES and finding.severity != "error" and shortfall:
        return AtLeast
    return Sum


def _difference(finding: Finding, current: Claim, base: Claim) -> Relation | None:
    """The direction the words state is what makes ``expected`` = direction × (current − base)."""
    stated = finding.stated
    gap = current.value * factor(current, stated) - base.value * factor(base, stated)
    if finding.expected is None or gap == 0 or finding.expected == 0:
        return None
    sign = 1 if finding.expected * gap > 0 else -1
    return Difference(stated, current, base, sign)


def relations_from_links(links: "Links") -> list[Relation]:
    """Every relation the report states, as auditor.link found them."""
    found: list[Relation] = []
    bases = {r.numerator.id: r.denominator for r in links.ratios if r.denominator is not None}
    for enum in links.enumerations:
        if enum.head is None:
            continue
        # A list the words say may be partial (其中, 主要包括, …等) only bounds its total,
        # unless its components do add up to it: then it is evidently complete.
        exact = Sum(enum.head, tuple(enum.items))
        if not enum.proven and not exact.holds():
            continue  # a reading the words do not prove (which figure 加 adds to)
        whole = not enum.may_be_partial or exact.holds()
        found.append(exact if whole else exact.partial())
        shares = [s for s in enum.shares if s is not None]
        if len(shares) >= 2 and len(shares) == len(enum.items):
            of_shares = Sum.of_shares(tuple(shares))
            found.append(of_shares if whole else of_shares.partial())
        base = bases.get(enum.head.id)
        if base is not None and None not in enum.rates and enum.head.kind == "money":
            found.append(ImpliedTotal(base, tuple(zip(enum.items, enum.rates))))
    for ratio in links.ratios:
        if ratio.denominator is not None:
            found.append(ratio_relation(ratio, ratio.denominator))
    for change in links.changes:
        found.extend(change_relations(change))
    for breakdown in links.breakdowns:
        found.append(breakdown_relation(breakdown))
    for causes in links.causes:
        # 主要是 … may leave parts out: only the explanation that adds up is a relation
        explained = SignedSum(causes.total, causes.parts)
        if explained.holds():
            found.append(explained)
    for average in links.averages:
        if average.days or average.counts:
            found.append(average_relation(average))
    return found


# ---------------------------------------------------------------- corrections


def correction(claim: Claim, relations: Sequence[Relation], values: Values = {}) -> float | None:
    """The value, with ``claim``'s stated decimals, that makes every one of ``relations``
    hold, checked by substitution; None when no such value exists.

    Among the values that work, the one nearest the middle of what the most demanding
    relation needs (for a component of a sum: total − the others) is what the report
    most likely meant; the figure is corrected with its own stated decimals.
    """
    stated = claim_interval(claim)
    below, above = claim.value - stated.lo, stated.hi - claim.value
    if math.isinf(below) or math.isinf(above):
        return None  # an open-ended figure (超过, 以下) has no single value to correct to
    window = Interval(-math.inf, math.inf)
    bounded: list[Interval] = []
    for rel in relations:
        need = rel.needed(claim, values)
        if need is None or math.isnan(need.lo) or math.isnan(need.hi):
            return None
        # claim's interval [v - below, v + above] meets need ⇔ v in this window
        allowed = Interval(need.lo - above, need.hi + below)
        window = Interval(max(window.lo, allowed.lo), min(window.hi, allowed.hi))
        if window.lo > window.hi:
            return None
        # where to aim: a list that may be partial is aimed at as if it were whole, the
        # smallest correction that makes it add up
        whole = rel.as_whole()
        exact = need if whole is rel else whole.needed(claim, values)
        if exact is not None and not (math.isinf(exact.lo) or math.isinf(exact.hi)):
            bounded.append(exact)
    aim = min(bounded, key=lambda n: n.hi - n.lo).mid if bounded else claim.value
    aim = min(max(aim, window.lo), window.hi)
    decimals = max(claim.quantity.decimals, 0)
    step = 10.0 ** (-decimals)
    start = round(aim, decimals)
    for offset in sorted(range(-3, 4), key=abs):
        value = round(start + offset * step, decimals)
        if value == claim.value or (claim.value >= 0 > value):
            continue
        trial = {**values, claim.id: value}
        if all(rel.holds(trial) for rel in relations):
            return value
    return None


def breaks(claim: Claim, value: float, relations: Iterable[Relation]) -> list[Relation]:
    """The relations among ``relations`` involving ``claim`` that would fail with ``value``."""
    trial = {claim.id: value}
    return [rel for rel in relations if rel.involves(claim) and not rel.holds(trial)]


# ---------------------------------------------------------------- the analysis


@dataclass(frozen=True)
class Failed:
    """A failed relation and the findings that report it (two rules may see one relation)."""

    relation: Relation
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Cause:
    """One number whose correction restores several failed relations."""

    claim: Claim
    value: float
    failed: tuple[Failed, ...]


@dataclass
class Analysis:
    failed: list[Failed]
    holding: list[Relation]
    causes: list[Cause] = field(default_factory=list)
    _holding_by_claim: dict[str, list] | None = field(default=None, repr=False)
    _failed_by_claim: dict[str, list] | None = field(default=None, repr=False)

    def holding_with(self, claim: Claim) -> list[Relation]:
        """The holding relations ``claim`` takes part in, in order (indexed once: scanning
        every relation for every figure was quadratic in a long report)."""
        if self._holding_by_claim is None:
            self._holding_by_claim = _by_claim(self.holding, lambda rel: rel)
        return self._holding_by_claim.get(claim.id, [])

    def failed_with(self, claim: Claim) -> list[Failed]:
        """The failed relations ``claim`` takes part in, in order."""
        if self._failed_by_claim is None:
            self._failed_by_claim = _by_claim(self.failed, lambda entry: entry.relation)
        return self._failed_by_claim.get(claim.id, [])


def _by_claim(items: Sequence, relation_of) -> dict[str, list]:
    index: dict[str, list] = {}
    for item in items:
        for cid in dict.fromkeys(c.id for c in relation_of(item).claims):
            index.setdefault(cid, []).append(item)
    return index


def analyse(findings: Sequence[Finding], links: "Links | None" = None) -> Analysis:
    """The failed relations behind ``findings``, the holding ones from ``links``, and the
    root causes among the failed."""
    linked = relations_from_links(links) if links is not None else []
    from_links = {rel.key(): rel for rel in linked}
    failed: dict[tuple, Failed] = {}
    for finding in findings:
        rel = (finding.relation if finding.relation is not None
               else _as_linked(_guessed(finding), from_links))
        if rel is None:
            continue
        if rel.holds():
            continue  # not a failed relation as rebuilt (a column-meaning finding, say)
        entry = failed.get(rel.key())
        failed[rel.key()] = Failed(rel, (entry.findings if entry else ()) + (finding,))
    holding = [rel for key, rel in from_links.items() if key not in failed and rel.holds()]
    analysis = Analysis(list(failed.values()), holding)
    analysis.causes = _causes(analysis)
    return analysis


def _as_linked(rel: Relation | None, from_links: dict[tuple, Relation]) -> Relation | None:
    """For a guessed relation, the Links' own when they have it: they know whether a list
    may be partial. (A rule's relation needs no such help: the rule knew.)"""
    if rel is None:
        return None
    linked = from_links.get(rel.key())
    return linked if linked is not None else rel


def _causes(analysis: Analysis) -> list[Cause]:
    shared: dict[str, tuple[Claim, list[Failed]]] = {}
    for entry in analysis.failed:
        for claim in entry.relation.claims:
            shared.setdefault(claim.id, (claim, []))[1].append(entry)
    options: list[Cause] = []
    for claim, entries in shared.values():
        if len(entries) < 2:
            continue
        value = correction(claim, [e.relation for e in entries])
        if value is None or breaks(claim, value, analysis.holding_with(claim)):
            continue
        options.append(Cause(claim, value, tuple(entries)))
    options.sort(key=lambda c: (-len(c.failed), _position(c.claim)))
    causes: list[Cause] = []
    taken: set[tuple] = set()
    for option in options:
        keys = {e.relation.key() for e in option.failed}
        rivals = [o for o in options
                  if o is not option and {e.relation.key() for e in o.failed} == keys]
        if rivals or keys & taken:
            continue  # two numbers could each be the slip: not for us to pick one
        causes.append(option)
        taken |= keys
    return causes


def _position(claim: Claim) -> tuple:
    return (claim.location.line, claim.location.column, claim.id)


# ---------------------------------------------------------------- the findings


def attribute(findings: Sequence[Finding], links: "Links | None" = None) -> list[Finding]:
    """Group findings that one wrong number explains; say which figure is most likely wrong
    in the others. Findings that are no relation pass through unchanged, in order."""
    findings = list(findings)
    analysis = analyse(findings, links)
    grouped: dict[int, Finding] = {}  # id(consequence) → its root-cause finding
    for cause in analysis.causes:
        root = _cause_finding(cause, analysis)
        for entry in cause.failed:
            for consequence in entry.findings:
                grouped[id(consequence)] = root
    notes: dict[int, Message] = {}
    for entry in analysis.failed:
        if any(id(f) in grouped for f in entry.findings):
            continue
        note = _which_number(entry, analysis)
        if note is not None:
            for finding in entry.findings:
                notes[id(finding)] = note
    out: list[Finding] = []
    emitted: set[int] = set()
    for finding in findings:
        root = grouped.get(id(finding))
        if root is not None:
            if id(root) not in emitted:
                out.append(root)
                emitted.add(id(root))
            continue
        note = notes.get(id(finding))
        if note is not None:
            finding = reworded(finding, replace(wording_of(finding), note=note))
        out.append(finding)
    return out


def _cause_finding(cause: Cause, analysis: Analysis) -> Finding:
    consequences = [f for entry in cause.failed for f in entry.findings]
    flat: list[Finding] = []
    for f in consequences:
        flat.append(replace(f, related=()))
        flat.extend(f.related)
    severity = max((f.severity for f in consequences), key=lambda s: SEVERITY_RANK[s])
    evidence: list[tuple[Claim, str]] = []
    seen = {cause.claim.id}
    for f in consequences:
        for claim, role in ([(f.stated, "consequence")] if f.stated else []) + [
                (e.claim, e.role) for e in f.evidence]:
            if claim.id not in seen:
                seen.add(claim.id)
                evidence.append((claim, role))
    return finding(RULE_ID, severity, _cause_message(cause, analysis), cause.claim, cause.value,
                   evidence, confidence=max(f.confidence for f in consequences),
                   related=tuple(flat))


# ---------------------------------------------------------------- wording


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _named(claim: Claim, values: Values = {}) -> str:
    """“农林水支出 55.50万元”: the figure with what it is, when the subject says more than a
    verb (占, 为)."""
    name = label(claim)
    written = f"{figure(claim, values)}{unit_suffix(claim)}"
    if len(name.strip("占为是达的约近 ")) < 2 or name == claim.text:
        return written
    return f"{name} {written}"


def _need_text(rel: Relation, claim: Claim) -> str:
    need = rel.needed(claim)
    if need is None:
        return "?"
    value = correction(claim, [rel])
    decimals = claim.quantity.decimals
    if value is not None and need.hi - need.lo < 2 * 10.0 ** (-decimals):
        return figure(claim, {claim.id: value})
    if math.isinf(need.lo) or math.isinf(need.hi):
        return need.describe(decimals)
    return f"{fmt(need.lo, decimals)}–{fmt(need.hi, decimals)}"


def _marks(count: int) -> list[Text]:
    """How the relations of a root cause are numbered: ①②… in Chinese, (1) (2)… in English."""
    return [Text(CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})", f"({i + 1})")
            for i in range(count)]


def _cause_message(cause: Cause, analysis: Analysis) -> Message:
    claim, values = cause.claim, {cause.claim.id: cause.value}
    rels = [e.relation for e in cause.failed]
    marks = _marks(len(rels))
    restored = [message("root_cause.restored", mark=m,
                        relation=Text(r.recomputation(values, "zh"), r.recomputation(values, "en")))
                for m, r in zip(marks, rels)]
    return message("root_cause.cause", line=str(claim.location.line), named=_named(claim),
                   value=figure(claim, values), unit=unit_suffix(claim), count=str(len(rels)),
                   relations=joined(restored), others=_why_not_others(cause, rels, marks, analysis))


def _why_not_others(cause: Cause, rels: list[Relation], marks: list[Text],
                    analysis: Analysis) -> Field:
    """Why the culprit and not another figure: a figure shared by several of the relations
    cannot restore them all; one in a single relation restores only that one, and may
    break a relation that holds."""
    reasons: list[Message] = []
    others: dict[str, Claim] = {}
    for rel in rels:
        for c in rel.claims:
            if c.id != cause.claim.id:
                others.setdefault(c.id, c)
    breaking = 0
    alone = False
    for other in sorted(others.values(), key=_position):
        within = [(m, r) for m, r in zip(marks, rels) if r.involves(other)]
        alone = alone or len(within) < 2
        value = correction(other, [r for _, r in within])
        if len(within) >= 2 and value is None:
            needs = [message("root_cause.needs", mark=m, need=_need_text(r, other)) for m, r in within]
            reasons.append(message("root_cause.cannot_alone", figure=figure(other),
                                   needs=joined(needs, "sep.comma")))
            continue
        broken = breaks(other, value, analysis.holding_with(other)) if value is not None else []
        if broken and breaking < 3:
            breaking += 1
            reasons.append(message("root_cause.would_break", figure=figure(other),
                                   new=figure(other, {other.id: value}),
                                   relation=_formula(broken[0])))
    if alone:
        reasons.append(message("root_cause.alone"))
    if not reasons:
        return ""
    return message("root_cause.others", reasons=joined(reasons))


def _formula(rel: Relation) -> Text:
    """A relation written out, as it writes itself in each language."""
    return Text(rel.formula(), rel.formula(lang="en"))


def _which_number(entry: Failed, analysis: Analysis) -> Message | None:
    """A sentence saying which figure of a failed relation is most likely wrong, when the
    other relations say something about it; None when they say nothing.

    A figure whose correction would break relations that hold is confirmed by them; a
    figure this relation shares with another failed one, with no value restoring both, is
    worth naming too: it is why the two were not grouped.
    """
    rel = entry.relation
    confirmed: list[tuple[Claim, Relation]] = []
    free: list[tuple[Claim, float]] = []
    for claim in rel.claims:
        value = correction(claim, [rel])
        if value is None:
            continue
        broken = breaks(claim, value, analysis.holding_with(claim))
        if broken:
            confirmed.append((claim, broken[0]))
        else:
            free.append((claim, value))
    said: list[Message] = [message("which.confirmed_by", figure=figure(c), relation=_formula(h))
                           for c, h in confirmed[:3]]
    for claim, _ in free:
        others = [o.relation for o in analysis.failed_with(claim)
                  if o is not entry and correction(claim, [rel, o.relation]) is None]
        if others:
            said.append(message("which.also_failed", figure=figure(claim),
                                relations=joined((_formula(o) for o in others), "sep.enum_semicolon")))
    if confirmed and len(free) == 1:
        c, v = free[0]
        said.append(message("which.most_likely", named=_named(c), value=figure(c, {c.id: v}),
                            unit=unit_suffix(c)))
    elif confirmed and free:
        said.append(message("which.more_likely_unconfirmed",
                            figures=joined((figure(c) for c, _ in free), "sep.enum")))
    elif confirmed:
        said.append(message("which.all_confirmed"))
    if not said:
        return None
    return message("which.figure" if confirmed else "which.note", items=joined(said))
