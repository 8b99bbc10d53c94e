"""What every relation kind shares: its operands as claims, interval evaluation with some
figures substituted, solving for one operand, and its arithmetic written out.

A relation kind (auditor.relations.sums, .quotients, .changes) says only what is its own:
which claims it relates and in what roles, what its terms compute, what one term would need
for the relation to hold, and how its expression reads. Everything here is in terms of
those four, so the root-cause analysis and the rules never ask which kind they hold.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from auditor.findings import fmt
from auditor.intervals import Interval, claim_interval
from auditor.models import Claim

Values = Mapping[str, float]  # claim id → a value substituted for the stated one
NO_VALUES: Values = {}


# ---------------------------------------------------------------- figures as intervals


def substituted(claim: Claim, value: float) -> Interval:
    """The interval ``claim`` would stand for if the report stated ``value`` with the same
    digits and qualifier."""
    return claim_interval(claim, value)


def stands_for(claim: Claim, values: Values) -> Interval:
    """The claim's interval: as stated, or as ``values`` substitutes it."""
    if claim.id in values:
        return substituted(claim, values[claim.id])
    return claim_interval(claim)


def factor(claim: Claim, unit_of: Claim | None) -> float:
    """Multiplier taking a value in ``claim``'s unit to ``unit_of``'s (万元 → 元 …)."""
    if unit_of is None:
        return 1.0
    return claim.quantity.scale / unit_of.quantity.scale


def in_unit(claim: Claim, unit_of: Claim | None, values: Values) -> Interval:
    """The claim's interval in ``unit_of``'s unit."""
    return stands_for(claim, values).scaled(factor(claim, unit_of))


def total(intervals: Iterable[Interval]) -> Interval:
    result = Interval.exact(0.0)
    for interval in intervals:
        result = result + interval
    return result


def open_below(interval: Interval) -> Interval:
    """Everything up to the interval's top: what a bound that only must not be exceeded allows."""
    return Interval(-math.inf, interval.hi)


def quotient(numerator: Claim, denominator: Claim, values: Values) -> Interval:
    """numerator ÷ denominator in percent, each in its own unit."""
    scale = 100 * numerator.quantity.scale / denominator.quantity.scale
    return (stands_for(numerator, values) / stands_for(denominator, values)).scaled(scale)


# ---------------------------------------------------------------- figures as text


def figure(claim: Claim, values: Values = NO_VALUES) -> str:
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


def divided(lang: str) -> str:
    return "÷" if lang == "zh" else "/"


# ---------------------------------------------------------------- the relation


@dataclass(frozen=True)
class Relation:
    """An arithmetic statement of the report: an expression of ``terms`` that should meet
    the ``target`` figure (or ``constant`` when the target is not a claim: shares add up to
    100, an average per day divides by the days of the year).

    ``kind`` is the stable name of the relation kind (it is what JSON ``checks`` show);
    what the kind means lives in its type. ``family`` is what makes two relations one in
    ``key``: a list is one relation whether or not it may be partial.
    """

    kind: ClassVar[str] = ""
    family: ClassVar[str] = ""
    # how the relation is said to agree with its target in a recomputation, {target}
    # and {span} filled in (a list that may be partial only stays below it)
    agreement: ClassVar[dict[str, str]] = {
        "zh": "与 {target}（区间 {span}）相容",
        "en": "consistent with {target} ({span})",
    }

    # ------------------------------------------------ what each kind says

    @property
    def target(self) -> Claim | None:
        raise NotImplementedError

    @property
    def terms(self) -> tuple[Claim, ...]:
        raise NotImplementedError

    @property
    def constant(self) -> float | None:
        return None

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        """Every operand with its role in this kind (result, numerator, part …)."""
        raise NotImplementedError

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        """What the terms give, in the target's unit (several readings for an average with
        several candidate divisors)."""
        raise NotImplementedError

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        """What term ``k`` (``claim``) would have to stand for, in its own unit."""
        return None

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        """The terms' side of the relation written out: 701.31 + 5349.34."""
        raise NotImplementedError

    # ------------------------------------------------ the same for every kind

    @property
    def claims(self) -> tuple[Claim, ...]:
        """Every claim of the relation once, target first."""
        found = ([self.target] if self.target is not None else []) + list(self.terms)
        seen: dict[str, Claim] = {}
        for claim in found:
            seen.setdefault(claim.id, claim)
        return tuple(seen.values())

    def involves(self, claim: Claim) -> bool:
        return any(c.id == claim.id for c in self.claims)

    def key(self) -> tuple:
        """What makes two relations one (two rules' reports of it, or a rule's and the
        Links')."""
        target = self.target.id if self.target is not None else self.constant
        return (self.family or self.kind, target, frozenset(c.id for c in self.terms))

    def stated(self, values: Values = NO_VALUES) -> Interval:
        """The target's interval (the constant's when the target is no claim)."""
        if self.target is not None:
            return stands_for(self.target, values)
        return Interval.exact(float(self.constant or 0.0))

    def holds(self, values: Values = NO_VALUES) -> bool:
        """Whether the relation holds with the stated figures (and any substituted values)."""
        target = self.stated(values)
        return any(reading.meets(target) for reading in self.computed(values))

    def as_whole(self) -> "Relation":
        """The relation a correction aims at (a list that may be partial: the whole list)."""
        return self

    def needed(self, claim: Claim, values: Values = NO_VALUES) -> Interval | None:
        """The values ``claim`` would have to stand for (its interval must meet this one,
        in its own unit) for the relation to hold, the other figures as stated. None: not
        solvable here."""
        t = self.target
        if t is not None and claim.id == t.id:
            if claim.id in {c.id for c in self.terms}:
                return None
            readings = self.computed(values)
            if len(readings) != 1:
                return None
            return self._target_needs(readings[0])
        k = self.position(claim)
        if k is None:
            return None
        return self._term_needs(k, claim, values)

    def _target_needs(self, reading: Interval) -> Interval:
        return reading

    def position(self, claim: Claim) -> int | None:
        """Where ``claim`` is among the terms; None unless exactly once."""
        positions = [i for i, c in enumerate(self.terms) if c.id == claim.id]
        return positions[0] if len(positions) == 1 else None

    def back(self, claim: Claim) -> float:
        """Multiplier from the target's unit to ``claim``'s."""
        return 1 / factor(claim, self.target)

    # ------------------------------------------------ wording

    def percent(self) -> bool:
        """Whether the relation's figures are percentages (what its recomputation prints)."""
        return (self.target or self.terms[0]).kind == "percent"

    def decimals(self) -> int:
        if self.target is not None:
            return self.target.quantity.decimals
        return max(c.quantity.decimals for c in self.terms)

    def target_text(self, values: Values = NO_VALUES) -> str:
        if self.target is None:
            percent = self.terms and self.terms[0].kind == "percent"
            return fmt(self.constant or 0.0, 0) + ("%" if percent else "")
        return figure(self.target, values)

    def symbol(self, values: Values = NO_VALUES) -> str:
        """How the expression stands to the target when written as a formula."""
        return "="

    def formula(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        """The relation as the report states it: 701.31 + 5349.34 = 6050.65."""
        return f"{self.expression(values, lang)} {self.symbol(values)} {self.target_text(values)}"

    def recomputation(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        """The relation recomputed with the intervals used: the expression's interval and
        the stated figure's, which meet when the relation holds."""
        decimals = self.decimals()
        target = self.stated(values)
        reading = min(self.computed(values), key=lambda r: r.distance(target))
        pct = "%" if self.percent() else ""
        places = min(decimals + 2, 6)
        mid = fmt(reading.mid, decimals) + pct
        agreed = self.agreement[lang].format(target=self.target_text(values),
                                             span=target.describe(places, pct))
        if lang == "zh":
            return f"{self.expression(values, lang)} = {mid}（区间 {reading.describe(places, pct)}），{agreed}"
        return f"{self.expression(values, lang)} = {mid} (interval {reading.describe(places, pct)}), {agreed}"
