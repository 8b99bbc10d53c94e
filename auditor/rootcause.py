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
   total − the other components; a denominator needs numerator ÷ percentage …). A
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
   likely in a figure nothing confirms. When that says something, the finding's message
   gets a sentence naming the most likely wrong figure and what it should be.

Nothing here is keyed to a rule's wording; a finding with no relation whose evidence roles
are not recognised is simply left alone.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from auditor.findings import fmt, label, unit_suffix
from auditor.intervals import Interval, claim_interval, interval_of
from auditor.models import SEVERITY_RANK, Claim, Evidence, Finding, Relation

if TYPE_CHECKING:
    from auditor.link import Links

RULE_ID = "root_cause"

# Relation kinds (auditor.models.Relation). "sum" and "at_least" are one family: a list
# that may be partial only requires its components not to exceed the total.
SUM_KINDS = ("sum", "at_least")
# For findings built without a relation only: rules whose shortfall warnings are taken to
# mean "the list may be partial", when no Links say so.
LIST_RULES = ("sum", "count_sum", "score_sum", "table_sum")

Values = Mapping[str, float]  # claim id → a value substituted for the stated one


# ---------------------------------------------------------------- relations


def relation_key(rel: Relation) -> tuple:
    """What makes two relations one: a list is one relation whether or not it may be
    partial, so two rules' reports of it (or a rule's and the Links') meet here."""
    family = "sum" if rel.kind in SUM_KINDS else rel.kind
    target = rel.target.id if rel.target is not None else rel.constant
    return (family, target, frozenset(c.id for c in rel.terms))


def substituted(claim: Claim, value: float) -> Interval:
    """The interval ``claim`` would stand for if the report stated ``value`` with the same
    digits and qualifier."""
    quantity = replace(claim.quantity, value=value)
    return interval_of(quantity, exact_integers=claim.kind in ("count", "score"))


def _iv(claim: Claim, values: Values) -> Interval:
    if claim.id in values:
        return substituted(claim, values[claim.id])
    return claim_interval(claim)


def _factor(claim: Claim, unit_of: Claim | None) -> float:
    """Multiplier taking a value in ``claim``'s unit to ``unit_of``'s (万元 → 元 …)."""
    if unit_of is None:
        return 1.0
    return claim.quantity.scale / unit_of.quantity.scale


def _in(claim: Claim, unit_of: Claim | None, values: Values) -> Interval:
    return _iv(claim, values).scaled(_factor(claim, unit_of))


def _target(rel: Relation, values: Values) -> Interval:
    if rel.target is not None:
        return _iv(rel.target, values)
    return Interval.exact(float(rel.constant or 0.0))


def _total(intervals: Iterable[Interval]) -> Interval:
    result = Interval.exact(0.0)
    for interval in intervals:
        result = result + interval
    return result


# A sum of more terms than this (a long table's 合计, a list of hundreds of items) keeps
# its terms' running sums, so that the sum with one figure changed, tried for every figure
# in turn, costs O(1) and not a re-addition of the whole list (quadratic, then cubic with
# the trials). Shorter sums are added as they always were, to the last bit.
LONG_SUM = 64


@dataclass(frozen=True)
class _RunningSums:
    relation: Relation
    prefix: tuple[Interval, ...]  # prefix[k]: terms before k
    suffix: tuple[Interval, ...]  # suffix[k]: terms from k on
    position: Mapping[str, int]  # claim id → its term index (ids that occur once)


_RUNNING: dict[int, _RunningSums] = {}


def _running(rel: Relation) -> _RunningSums:
    cached = _RUNNING.get(id(rel))
    if cached is not None and cached.relation is rel:
        return cached
    terms = [_in(c, rel.target, {}) for c in rel.terms]
    prefix = [Interval.exact(0.0)]
    for term in terms:
        prefix.append(prefix[-1] + term)
    suffix = [Interval.exact(0.0)]
    for term in reversed(terms):
        suffix.append(term + suffix[-1])
    counts: dict[str, int] = {}
    for c in rel.terms:
        counts[c.id] = counts.get(c.id, 0) + 1
    position = {c.id: k for k, c in enumerate(rel.terms) if counts[c.id] == 1}
    if len(_RUNNING) > 256:  # one audit's long sums; never a leak across a batch
        _RUNNING.clear()
    _RUNNING[id(rel)] = cached = _RunningSums(rel, tuple(prefix), tuple(reversed(suffix)), position)
    return cached


def _sum_terms(rel: Relation, values: Values, without: int | None = None) -> Interval:
    """The sum of ``rel``'s terms in the target's unit, ``values`` substituted, leaving out
    term ``without``."""
    if len(rel.terms) > LONG_SUM:
        fast = _long_sum(rel, values, without)
        if fast is not None:
            return fast
    return _total(_in(c, rel.target, values) for i, c in enumerate(rel.terms) if i != without)


def _long_sum(rel: Relation, values: Values, without: int | None) -> Interval | None:
    """The same from the running sums when at most one term is left out or changed; None
    for anything else (then the terms are added up)."""
    sums = _running(rel)
    changed: set[int] = set()
    for cid in values:
        k = sums.position.get(cid)
        if k is None:
            if any(c.id == cid for c in rel.terms):
                return None  # a figure that is two terms at once
            continue
        if k != without:
            changed.add(k)
    skip = changed | ({without} if without is not None else set())
    if not skip:
        return sums.prefix[-1]
    if len(skip) > 1:
        return None
    (k,) = skip
    total = sums.prefix[k] + sums.suffix[k + 1]
    return total + _in(rel.terms[k], rel.target, values) if changed else total


def _term_position(rel: Relation, claim: Claim) -> int | None:
    """Where ``claim`` is among ``rel``'s terms; None unless exactly once."""
    if len(rel.terms) > LONG_SUM:
        return _running(rel).position.get(claim.id)
    positions = [i for i, c in enumerate(rel.terms) if c.id == claim.id]
    return positions[0] if len(positions) == 1 else None


def _pairs(rel: Relation) -> list[tuple[Claim, Claim]]:
    return list(zip(rel.terms[0::2], rel.terms[1::2]))


def _part(item: Claim, rate: Claim, unit_of: Claim | None, values: Values) -> Interval:
    """An implied base: amount ÷ rate."""
    return _in(item, unit_of, values) / _iv(rate, values).scaled(0.01)


def _quotient(numerator: Claim, denominator: Claim, values: Values) -> Interval:
    """numerator ÷ denominator in percent, each in its own unit."""
    scale = 100 * numerator.quantity.scale / denominator.quantity.scale
    return (_iv(numerator, values) / _iv(denominator, values)).scaled(scale)


def _annual(rel: Relation, values: Values) -> Interval:
    """(current ÷ base)^(1 ÷ years) − 1, in percent, in the words' direction: monotone in
    both figures, so the interval's ends come from the ends of theirs."""
    current, base = rel.terms
    ratio = _in(current, base, values) / _iv(base, values)
    years = float(rel.constant or 1)

    def grow(x: float) -> float:
        return (x ** (1 / years) - 1) * 100 if x > 0 else -math.inf

    return Interval(grow(ratio.lo), grow(ratio.hi)).scaled(rel.sign)


def _signed_total(terms, unit_of, values: Values) -> Interval:
    """Σ direction × change: 增加 C counts +C, 减少 C counts −C."""
    return _total(_in(c, unit_of, values).scaled(c.direction) for c in terms)


def implied_base(rel: Relation, values: Values = {}) -> Interval:
    """The base an unwritten comparison implies: current − direction × change."""
    change, current = rel.terms
    return _in(current, change, values) - _iv(change, values).scaled(rel.sign)


def _divisors(rel: Relation, values: Values) -> list[Interval]:
    if rel.constant is not None:
        return [Interval.exact(float(rel.constant))]
    return [_iv(c, values) for c in rel.terms[1:]]


def computed(rel: Relation, values: Values = {}) -> tuple[Interval, ...]:
    """What the terms give, in the target's unit (several readings for an average with
    several candidate divisors)."""
    t = rel.target
    if rel.kind in SUM_KINDS:
        return (_sum_terms(rel, values),)
    if rel.kind == "ratio":
        return (_quotient(*rel.terms, values),)
    if rel.kind == "growth":
        change = _quotient(*rel.terms, values) - Interval.exact(100.0)
        return (change.scaled(rel.sign),)
    if rel.kind == "implied_total":
        return (_total(_part(i, r, t, values) for i, r in _pairs(rel)),)
    if rel.kind == "difference":
        current, base = rel.terms
        return ((_in(current, t, values) - _in(base, t, values)).scaled(rel.sign),)
    if rel.kind == "change_rate":
        change, base = rel.terms
        return ((_iv(change, values) / _in(base, change, values)).scaled(100),)
    if rel.kind == "implied_rate":
        change, current = rel.terms
        return ((_iv(change, values) / implied_base(rel, values)).scaled(100),)
    if rel.kind == "signed_sum":
        return (_signed_total(rel.terms, t, values).scaled(t.direction),)
    if rel.kind == "annual":
        return (_annual(rel, values),)
    if rel.kind == "average":
        total = _in(rel.terms[0], t, values)
        return tuple(total / d for d in _divisors(rel, values))
    if rel.kind == "same":
        return (_in(rel.terms[0], t, values),)
    raise ValueError(f"unknown relation kind {rel.kind}")


def holds(rel: Relation, values: Values = {}) -> bool:
    """Whether the relation holds with the stated figures (and any substituted values)."""
    target = _target(rel, values)
    readings = computed(rel, values)
    if rel.kind == "at_least":
        return readings[0].lo <= target.hi
    return any(reading.meets(target) for reading in readings)


def needed(rel: Relation, claim: Claim, values: Values = {}) -> Interval | None:
    """The values ``claim`` would have to stand for (its interval must meet this one, in its
    own unit) for ``rel`` to hold, the other figures as stated. None: not solvable here."""
    t = rel.target
    target = _target(rel, values)
    if t is not None and claim.id == t.id:
        if claim.id in {c.id for c in rel.terms}:
            return None
        readings = computed(rel, values)
        if len(readings) != 1:
            return None
        if rel.kind == "at_least":
            return Interval(readings[0].lo, math.inf)
        return readings[0]
    k = _term_position(rel, claim)
    if k is None:
        return None
    back = 1 / _factor(claim, t)  # from the target's unit to the claim's
    if rel.kind in SUM_KINDS:
        others = _sum_terms(rel, values, without=k)
        rest = target - others
        if rel.kind == "at_least":
            rest = Interval(-math.inf, rest.hi)
        return rest.scaled(back)
    if rel.kind in ("ratio", "growth"):
        numerator, denominator = rel.terms
        # a growth of P% in the stated direction is a ratio of 100 + sign × P
        percent = target if rel.kind == "ratio" else target.scaled(rel.sign) + Interval.exact(100.0)
        share = percent.scaled(0.01)
        if k == 0:
            return (share * _iv(denominator, values)).scaled(
                denominator.quantity.scale / numerator.quantity.scale)
        return (_iv(numerator, values) / share).scaled(
            numerator.quantity.scale / denominator.quantity.scale)
    if rel.kind == "implied_total":
        pairs = _pairs(rel)
        index, is_rate = divmod(k, 2)
        item, rate = pairs[index]
        rest = target - _total(_part(i, r, t, values) for j, (i, r) in enumerate(pairs) if j != index)
        if is_rate:
            return (_in(item, t, values) / rest).scaled(100)
        return (rest * _iv(rate, values).scaled(0.01)).scaled(1 / _factor(item, t))
    if rel.kind == "difference":
        current, base = rel.terms
        change = target.scaled(rel.sign)
        if k == 0:
            return (_in(base, t, values) + change).scaled(back)
        return (_in(current, t, values) - change).scaled(back)
    if rel.kind == "change_rate":
        change, base = rel.terms
        rate = target.scaled(0.01)
        if k == 0:
            return rate * _in(base, change, values)
        return (_iv(change, values) / rate).scaled(1 / _factor(base, change))
    if rel.kind == "signed_sum":
        others = _signed_total([c for i, c in enumerate(rel.terms) if i != k], t, values)
        return (target.scaled(t.direction) - others).scaled(claim.direction * back)
    if rel.kind == "implied_rate":
        change, current = rel.terms
        rate = target.scaled(0.01)
        if k == 0:  # C = p·X ÷ (1 + direction·p)
            return (rate * _in(current, change, values)) / (Interval.exact(1.0) + rate.scaled(rel.sign))
        # X = C ÷ p + direction·C
        return (_iv(change, values) / rate + _iv(change, values).scaled(rel.sign)).scaled(
            1 / _factor(current, change))
    if rel.kind == "average":
        divisors = _divisors(rel, values)
        if len(divisors) != 1:
            return None
        if k == 0:
            return (target * divisors[0]).scaled(back)
        return _in(rel.terms[0], t, values) / target
    if rel.kind == "same":
        return target.scaled(back)
    return None


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
        terms = tuple(c for pair in zip(items, rates) for c in pair)
        return Relation("implied_total", stated, terms)
    if "numerator" in roles and "denominator" in roles:
        if len(roles["numerator"]) != 1 or len(roles["denominator"]) != 1 or stated.kind != "percent":
            return None
        return Relation("ratio", stated, (roles["numerator"][0], roles["denominator"][0]))
    if "component" in roles or "item_score" in roles:
        parts = tuple(roles.get("component", []) + roles.get("item_score", []))
        return Relation(_sum_kind(finding), stated, parts)
    if "share" in roles:
        return Relation("sum", None, (stated, *roles["share"]), constant=100.0)
    if "current" in roles and "base" in roles:
        return _difference(finding, roles["current"][0], roles["base"][0])
    if "change" in roles and "base" in roles:
        return Relation("change_rate", stated, (roles["change"][0], roles["base"][0]))
    if "total" in roles and roles.get("count"):
        return Relation("average", stated, (roles["total"][0], *roles["count"]))
    if "other_statement" in roles:
        return Relation("same", stated, (roles["other_statement"][0],))
    return None


def _sum_kind(finding: Finding) -> str:
    """A shortfall that a list rule reports below error is a list that may be partial."""
    shortfall = finding.expected is not None and finding.expected < finding.stated.value
    if finding.rule in LIST_RULES and finding.severity != "error" and shortfall:
        return "at_least"
    return "sum"


def _difference(finding: Finding, current: Claim, base: Claim) -> Relation | None:
    """The direction the words state is what makes ``expected`` = direction × (current − base)."""
    stated = finding.stated
    gap = current.value * _factor(current, stated) - base.value * _factor(base, stated)
    if finding.expected is None or gap == 0 or finding.expected == 0:
        return None
    sign = 1 if finding.expected * gap > 0 else -1
    return Relation("difference", stated, (current, base), sign=sign)


def relations_from_links(links: "Links") -> list[Relation]:
    """Every relation the report states, as auditor.link found them."""
    found: list[Relation] = []
    bases = {r.numerator.id: r.denominator for r in links.ratios if r.denominator is not None}
    for enum in links.enumerations:
        if enum.head is None:
            continue
        # A list the words say may be partial (其中, 主要包括, …等) only bounds its total,
        # unless its components do add up to it: then it is evidently complete.
        exact = Relation("sum", enum.head, enum.items)
        may_be_partial = enum.may_be_partial
        whole = not may_be_partial or holds(exact)
        found.append(exact if whole else replace(exact, kind="at_least"))
        shares = [s for s in enum.shares if s is not None]
        if len(shares) >= 2 and len(shares) == len(enum.items):
            found.append(Relation("sum" if whole else "at_least", None, tuple(shares), 100.0))
        base = bases.get(enum.head.id)
        if base is not None and None not in enum.rates and enum.head.kind == "money":
            terms = tuple(c for pair in zip(enum.items, enum.rates) for c in pair)
            found.append(Relation("implied_total", base, terms))
    for ratio in links.ratios:
        if ratio.denominator is None:
            continue
        if ratio.form == "growth":
            found.append(Relation("growth", ratio.result, (ratio.numerator, ratio.denominator),
                                  sign=ratio.direction))
        else:
            found.append(Relation("ratio", ratio.result, (ratio.numerator, ratio.denominator)))
    for change in links.changes:
        found.extend(change_relations(change))
    for breakdown in links.breakdowns:
        found.append(breakdown_relation(breakdown))
    for average in links.averages:
        if average.days:
            found.append(Relation("average", average.average, (average.total,),
                                  constant=float(average.days)))
        elif average.counts:
            found.append(Relation("average", average.average, (average.total, *average.counts)))
    return found


def breakdown_relation(breakdown) -> Relation:
    """A total's change against its parts' changes (a flat part adds nothing)."""
    parts = tuple(p.change for p in breakdown.parts if p is not None)
    return Relation("signed_sum", breakdown.total.change, parts)


def change_relations(change) -> list[Relation]:
    """The relations a change states: the amount against its two figures (when the base is
    written) and the rate against the base, written or implied (current − direction × C)."""
    found = []
    if change.base is not None:
        found.append(Relation("difference", change.change, (change.current, change.base),
                              sign=change.direction))
        if change.percent is not None:
            found.append(Relation("change_rate", change.percent, (change.change, change.base)))
    elif change.percent is not None:
        found.append(Relation("implied_rate", change.percent, (change.change, change.current),
                              sign=change.direction))
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
        need = needed(rel, claim, values)
        if need is None or math.isnan(need.lo) or math.isnan(need.hi):
            return None
        # claim's interval [v - below, v + above] meets need ⇔ v in this window
        allowed = Interval(need.lo - above, need.hi + below)
        window = Interval(max(window.lo, allowed.lo), min(window.hi, allowed.hi))
        if window.lo > window.hi:
            return None
        # where to aim: a list that may be partial is aimed at as if it were whole, the
        # smallest correction that makes it add up
        exact = needed(replace(rel, kind="sum"), claim, values) if rel.kind == "at_least" else need
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
        if all(holds(rel, trial) for rel in relations):
            return value
    return None


def breaks(claim: Claim, value: float, relations: Iterable[Relation]) -> list[Relation]:
    """The relations among ``relations`` involving ``claim`` that would fail with ``value``."""
    trial = {claim.id: value}
    return [rel for rel in relations if rel.involves(claim) and not holds(rel, trial)]


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
    from_links = {relation_key(rel): rel for rel in linked}
    failed: dict[tuple, Failed] = {}
    for finding in findings:
        rel = (finding.relation if finding.relation is not None
               else _as_linked(_guessed(finding), from_links))
        if rel is None:
            continue
        if holds(rel):
            continue  # not a failed relation as rebuilt (a column-meaning finding, say)
        entry = failed.get(relation_key(rel))
        failed[relation_key(rel)] = Failed(rel, (entry.findings if entry else ()) + (finding,))
    holding = [rel for key, rel in from_links.items() if key not in failed and holds(rel)]
    analysis = Analysis(list(failed.values()), holding)
    analysis.causes = _causes(analysis)
    return analysis


def _as_linked(rel: Relation | None, from_links: dict[tuple, Relation]) -> Relation | None:
    """For a guessed relation, the Links' own when they have it: they know whether a list
    may be partial. (A rule's relation needs no such help: the rule knew.)"""
    if rel is None:
        return None
    linked = from_links.get(relation_key(rel))
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
        keys = {relation_key(e.relation) for e in option.failed}
        rivals = [o for o in options
                  if o is not option and {relation_key(e.relation) for e in o.failed} == keys]
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
    notes: dict[int, tuple[str, str]] = {}
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
            finding = replace(finding, message=finding.message.rstrip("。") + note[0],
                              message_en=(finding.message_en.rstrip(".") + note[1])
                              if finding.message_en else "")
        out.append(finding)
    return out


def _cause_finding(cause: Cause, analysis: Analysis) -> Finding:
    consequences = [f for entry in cause.failed for f in entry.findings]
    flat: list[Finding] = []
    for f in consequences:
        flat.append(replace(f, related=()))
        flat.extend(f.related)
    severity = max((f.severity for f in consequences), key=lambda s: SEVERITY_RANK[s])
    evidence: list[Evidence] = []
    seen = {cause.claim.id}
    for f in consequences:
        for claim, role in ([(f.stated, "consequence")] if f.stated else []) + [
                (e.claim, e.role) for e in f.evidence]:
            if claim.id not in seen:
                seen.add(claim.id)
                evidence.append(Evidence(claim, role))
    zh, en = _cause_messages(cause, analysis)
    return Finding(
        rule=RULE_ID,
        severity=severity,
        message=zh,
        message_en=en,
        location=cause.claim.location,
        stated=cause.claim,
        expected=cause.value,
        evidence=tuple(evidence),
        confidence=max(f.confidence for f in consequences),
        related=tuple(flat),
    )


# ---------------------------------------------------------------- wording


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _figure(claim: Claim, values: Values = {}) -> str:
    """A claim's figure as stated (with its qualifier: 近1.72), or as corrected when
    ``values`` gives it another."""
    value = values.get(claim.id, claim.value)
    text = fmt(value, claim.quantity.decimals)
    text = text + "%" if claim.kind == "percent" else text
    qualifier = claim.quantity.qualifier
    if qualifier and claim.id not in values:
        from auditor.lexicon import load

        after = load("qualifiers").get(qualifier, {}).get("position", "before") == "after"
        text = f"{text}{qualifier}" if after else f"{qualifier}{text}"
    return text


def _named(claim: Claim, values: Values = {}) -> str:
    """“农林水支出 55.50万元”: the figure with what it is, when the subject says more than a
    verb (占, 为)."""
    name = label(claim)
    figure = f"{_figure(claim, values)}{unit_suffix(claim)}"
    if len(name.strip("占为是达的约近 ")) < 2 or name == claim.text:
        return figure
    return f"{name} {figure}"


def _expression(rel: Relation, values: Values, lang: str) -> str:
    div = "÷" if lang == "zh" else "/"
    f = lambda c: _figure(c, values)  # noqa: E731
    if rel.kind in SUM_KINDS:
        return " + ".join(f(c) for c in rel.terms)
    if rel.kind in ("ratio", "change_rate"):
        return f"{f(rel.terms[0])} {div} {f(rel.terms[1])}"
    if rel.kind == "growth":
        current, base = rel.terms
        change = f"{f(current)} − {f(base)}" if rel.sign > 0 else f"{f(base)} − {f(current)}"
        return f"({change}) {div} {f(base)}"
    if rel.kind == "implied_total":
        return " + ".join(f"{f(i)} {div} {f(r)}" for i, r in _pairs(rel))
    if rel.kind == "difference":
        current, base = rel.terms
        text = f"{f(current)} − {f(base)}"
        return text if rel.sign > 0 else f"−({text})"
    if rel.kind == "implied_rate":
        change, current = rel.terms
        return f"{f(change)} {div} ({f(current)} {'−' if rel.sign > 0 else '+'} {f(change)})"
    if rel.kind == "annual":
        current, base = rel.terms
        return f"({f(current)} {div} {f(base)})^(1/{int(rel.constant or 1)}) − 1"
    if rel.kind == "signed_sum":
        signed = [("−" if c.direction < 0 else "+") + f" {f(c)}" for c in rel.terms]
        return " ".join(signed).lstrip("+ ")
    if rel.kind == "average":
        if rel.constant is not None:
            days = f"{int(rel.constant)} 天" if lang == "zh" else f"{int(rel.constant)} days"
            return f"{f(rel.terms[0])} {div} {days}"
        return f"{f(rel.terms[0])} {div} {f(rel.terms[1])}"
    return f(rel.terms[0])


def _target_text(rel: Relation, values: Values) -> str:
    if rel.target is None:
        return fmt(rel.constant or 0.0, 0) + ("%" if rel.terms and rel.terms[0].kind == "percent" else "")
    return _figure(rel.target, values)


def _decimals(rel: Relation) -> int:
    if rel.target is not None:
        return rel.target.quantity.decimals
    return max(c.quantity.decimals for c in rel.terms)


def formula(rel: Relation, values: Values = {}, lang: str = "zh") -> str:
    """The relation as the report states it: 701.31 + 5349.34 = 6050.65."""
    sign = "≤" if rel.kind == "at_least" and not holds(replace(rel, kind="sum"), values) else "="
    return f"{_expression(rel, values, lang)} {sign} {_target_text(rel, values)}"


def recomputation(rel: Relation, values: Values, lang: str) -> str:
    """The relation recomputed with the intervals used: the expression's interval and the
    stated figure's, which meet when the relation holds."""
    decimals = _decimals(rel)
    readings = computed(rel, values)
    target = _target(rel, values)
    reading = min(readings, key=lambda r: r.distance(target))
    pct = "%" if (rel.target or rel.terms[0]).kind == "percent" else ""
    span = lambda i: _span(i, min(decimals + 2, 6), pct)  # noqa: E731
    expr = _expression(rel, values, lang)
    mid = fmt(reading.mid, decimals) + pct
    if rel.kind == "at_least":
        if lang == "zh":
            return (f"{expr} = {mid}（区间 {span(reading)}），不超过 "
                    f"{_target_text(rel, values)}（区间 {span(target)}）")
        return (f"{expr} = {mid} (interval {span(reading)}), not above "
                f"{_target_text(rel, values)} ({span(target)})")
    if lang == "zh":
        return (f"{expr} = {mid}（区间 {span(reading)}），与 {_target_text(rel, values)}"
                f"（区间 {span(target)}）相容")
    return (f"{expr} = {mid} (interval {span(reading)}), consistent with "
            f"{_target_text(rel, values)} ({span(target)})")


def _span(interval: Interval, decimals: int, suffix: str) -> str:
    return interval.describe(decimals, suffix)


def _need_text(rel: Relation, claim: Claim) -> str:
    need = needed(rel, claim)
    if need is None:
        return "?"
    value = correction(claim, [rel])
    decimals = claim.quantity.decimals
    if value is not None and need.hi - need.lo < 2 * 10.0 ** (-decimals):
        return _figure(claim, {claim.id: value})
    if math.isinf(need.lo) or math.isinf(need.hi):
        return need.describe(decimals)
    return f"{fmt(need.lo, decimals)}–{fmt(need.hi, decimals)}"


def _cause_messages(cause: Cause, analysis: Analysis) -> tuple[str, str]:
    claim, values = cause.claim, {cause.claim.id: cause.value}
    rels = [e.relation for e in cause.failed]
    marks = [CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})" for i in range(len(rels))]
    unit = unit_suffix(claim)
    zh_items = "；".join(f"{m} {recomputation(r, values, 'zh')}" for m, r in zip(marks, rels))
    en_items = "; ".join(f"({i + 1}) {recomputation(r, values, 'en')}" for i, r in enumerate(rels))
    zh = (f"第 {claim.location.line} 行 {_named(claim)} 很可能有误，应为 "
          f"{_figure(claim, values)}{unit}：改正后以下 {len(rels)} 项关系均成立：{zh_items}。")
    en = (f"{_named(claim)} on line {claim.location.line} is probably wrong and should be "
          f"{_figure(claim, values)}{unit}: with it all {len(rels)} relations hold: {en_items}.")
    why_zh, why_en = _why_not_others(cause, rels, marks, analysis)
    return zh + why_zh, en + why_en


def _why_not_others(cause: Cause, rels: list[Relation], marks: list[str],
                    analysis: Analysis) -> tuple[str, str]:
    """Why the culprit and not another figure: a figure shared by several of the relations
    cannot restore them all; one in a single relation restores only that one, and may
    break a relation that holds."""
    zh: list[str] = []
    en: list[str] = []
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
            needs = "，".join(f"{m}需 {_need_text(r, other)}" for m, r in within)
            needs_en = ", ".join(f"({marks.index(m) + 1}) needs {_need_text(r, other)}"
                                 for m, r in within)
            zh.append(f"单改 {_figure(other)} 不能使各项同时成立（{needs}）")
            en.append(f"changing {_figure(other)} alone cannot restore them all ({needs_en})")
            continue
        broken = breaks(other, value, analysis.holding_with(other)) if value is not None else []
        if broken and breaking < 3:
            breaking += 1
            new = _figure(other, {other.id: value})
            zh.append(f"改 {_figure(other)} 为 {new} 会破坏已成立的 {formula(broken[0])}")
            en.append(f"changing {_figure(other)} to {new} would break "
                      f"{formula(broken[0], lang='en')}, which holds")
    if alone:
        zh.append("只出现在其中一项关系里的数字，单改其一不能同时恢复各项")
        en.append("a figure in only one of these relations cannot restore them all")
    if not zh:
        return "", ""
    return "其他数字：" + "；".join(zh) + "。", " Other figures: " + "; ".join(en) + "."


def _which_number(entry: Failed, analysis: Analysis) -> tuple[str, str] | None:
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
    zh: list[str] = [f"{_figure(c)} 有 {formula(h)} 印证" for c, h in confirmed[:3]]
    en: list[str] = [f"{_figure(c)} is confirmed by {formula(h, lang='en')}" for c, h in confirmed[:3]]
    for claim, _ in free:
        others = [o.relation for o in analysis.failed_with(claim)
                  if o is not entry and correction(claim, [rel, o.relation]) is None]
        if others:
            zh.append(f"{_figure(claim)} 也在不成立的 {'、'.join(formula(o) for o in others)} 中，"
                      f"但没有一个值能使各处同时成立，故不归为同一原因")
            en.append(f"{_figure(claim)} also takes part in the failed "
                      f"{'; '.join(formula(o, lang='en') for o in others)}, but no one value "
                      f"restores them all, so they are not one root cause")
    if confirmed and len(free) == 1:
        c, v = free[0]
        unit = unit_suffix(c)
        zh.append(f"最可能有误的是 {_named(c)}，应为 {_figure(c, {c.id: v})}{unit}")
        en.append(f"the most likely slip is {_named(c)}, which should be {_figure(c, {c.id: v})}{unit}")
    elif confirmed and free:
        zh.append("有误的更可能是未经印证的 " + "、".join(_figure(c) for c, _ in free))
        en.append("the slip is more likely in the unconfirmed " + ", ".join(_figure(c) for c, _ in free))
    elif confirmed:
        zh.append("所涉数字均有其他关系印证，请核对此处取数或口径")
        en.append("every figure involved is confirmed elsewhere: check which figures this uses")
    if not zh:
        return None
    if not confirmed:
        return "。另：" + "；".join(zh), ". Note: " + "; ".join(en)
    return "。哪个数有误：" + "；".join(zh), ". Which figure: " + "; ".join(en)
