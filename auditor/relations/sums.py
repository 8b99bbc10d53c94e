"""Relations that add figures up: a total and its parts (whole, or a list that may be
partial), a total's change and its parts' signed changes, and the total base that parts'
amounts and rates imply."""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from auditor.intervals import Interval
from auditor.models import Claim
from auditor.relations.base import (NO_VALUES, Relation, Values, divided, figure, in_unit,
                                    open_below, stands_for, total)

# A sum of more terms than this (a long table's 合计, a list of hundreds of items) keeps
# its terms' running sums, so that the sum with one figure changed, tried for every figure
# in turn, costs O(1) and not a re-addition of the whole list (quadratic, then cubic with
# the trials). Shorter sums are added as they always were, to the last bit.
LONG_SUM = 64


@dataclass(frozen=True)
class Sum(Relation):
    """total = Σ parts; with no total claim, the parts (shares) add up to ``whole`` (100)."""

    kind: ClassVar[str] = "sum"
    family: ClassVar[str] = "sum"

    total: Claim | None
    parts: tuple[Claim, ...]
    whole: float | None = None

    @classmethod
    def of_shares(cls, shares: tuple[Claim, ...]) -> "Sum":
        """Shares of one total that make up the whole: they add up to 100%."""
        return cls(None, tuple(shares), 100.0)

    @property
    def target(self) -> Claim | None:
        return self.total

    @property
    def terms(self) -> tuple[Claim, ...]:
        return self.parts

    @property
    def constant(self) -> float | None:
        return self.whole

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        total = (("total", self.total),) if self.total is not None else ()
        return total + tuple(("part", c) for c in self.parts)

    def partial(self) -> "AtLeast":
        """The same list read as possibly partial (其中, 主要包括, …等)."""
        return AtLeast(self.total, self.parts, self.whole)

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return (self.added(values),)

    def added(self, values: Values = NO_VALUES, without: int | None = None) -> Interval:
        """The parts added up in the total's unit, ``values`` substituted, leaving out part
        ``without``."""
        if len(self.parts) > LONG_SUM:
            fast = _long_sum(self, values, without)
            if fast is not None:
                return fast
        return total(in_unit(c, self.total, values) for i, c in enumerate(self.parts) if i != without)

    def position(self, claim: Claim) -> int | None:
        if len(self.parts) > LONG_SUM:
            return _running(self).position.get(claim.id)
        return super().position(claim)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        rest = self.stated(values) - self.added(values, without=k)
        return rest.scaled(self.back(claim))

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        return " + ".join(figure(c, values) for c in self.parts)


@dataclass(frozen=True)
class AtLeast(Sum):
    """A list the words say may be partial: its parts only must not exceed the total."""

    kind: ClassVar[str] = "at_least"
    agreement: ClassVar[dict[str, str]] = {
        "zh": "不超过 {target}（区间 {span}）",
        "en": "not above {target} ({span})",
    }

    def as_whole(self) -> Sum:
        return Sum(self.total, self.parts, self.whole)

    def holds(self, values: Values = NO_VALUES) -> bool:
        (reading,) = self.computed(values)
        return reading.lo <= self.stated(values).hi

    def _target_needs(self, reading: Interval) -> Interval:
        return Interval(reading.lo, math.inf)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        return open_below(super()._term_needs(k, claim, values))

    def symbol(self, values: Values = NO_VALUES) -> str:
        return "=" if self.as_whole().holds(values) else "≤"


@dataclass(frozen=True)
class SignedSum(Relation):
    """A total's change = Σ direction × each part's change (增加 C counts +C, 减少 C −C)."""

    kind: ClassVar[str] = "signed_sum"

    total: Claim  # the total's change, its direction from the words
    parts: tuple[Claim, ...]  # the parts' changes

    @property
    def target(self) -> Claim:
        return self.total

    @property
    def terms(self) -> tuple[Claim, ...]:
        return self.parts

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("total_change", self.total),) + tuple(("part_change", c) for c in self.parts)

    def _signed(self, parts, values: Values) -> Interval:
        return total(in_unit(c, self.total, values).scaled(c.direction) for c in parts)

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return (self._signed(self.parts, values).scaled(self.total.direction),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        others = self._signed([c for i, c in enumerate(self.parts) if i != k], values)
        return (self.stated(values).scaled(self.total.direction) - others).scaled(
            claim.direction * self.back(claim))

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        signed = [("−" if c.direction < 0 else "+") + f" {figure(c, values)}" for c in self.parts]
        return " ".join(signed).lstrip("+ ")


@dataclass(frozen=True)
class Net(Relation):
    """total = Σ added − Σ taken: a year's accounts netted (上年结转 A，加收入 B，减支出 C，
    结余 D; 收入合计 I，支出合计 E，收支相抵结余 R)."""

    kind: ClassVar[str] = "net"

    total: Claim
    added: tuple[Claim, ...]
    taken: tuple[Claim, ...]

    @property
    def target(self) -> Claim:
        return self.total

    @property
    def terms(self) -> tuple[Claim, ...]:
        return self.added + self.taken

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return ((("total", self.total),) + tuple(("added", c) for c in self.added)
                + tuple(("taken", c) for c in self.taken))

    def _net(self, added, taken, values: Values) -> Interval:
        return (total(in_unit(c, self.total, values) for c in added)
                - total(in_unit(c, self.total, values) for c in taken))

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return (self._net(self.added, self.taken, values),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        if k < len(self.added):
            others = self._net([c for i, c in enumerate(self.added) if i != k], self.taken, values)
            return (self.stated(values) - others).scaled(self.back(claim))
        j = k - len(self.added)
        others = self._net(self.added, [c for i, c in enumerate(self.taken) if i != j], values)
        return (others - self.stated(values)).scaled(self.back(claim))

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        added = " + ".join(figure(c, values) for c in self.added)
        taken = "".join(f" − {figure(c, values)}" for c in self.taken)
        return added + taken


@dataclass(frozen=True)
class ImpliedTotal(Relation):
    """A total base = Σ each part's amount ÷ its rate (执行数 ÷ 执行率 = 预算数)."""

    kind: ClassVar[str] = "implied_total"

    total: Claim
    pairs: tuple[tuple[Claim, Claim], ...]  # (amount, rate) of each part

    @property
    def target(self) -> Claim:
        return self.total

    @property
    def terms(self) -> tuple[Claim, ...]:
        return tuple(c for pair in self.pairs for c in pair)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        found: tuple[tuple[str, Claim], ...] = (("total", self.total),)
        for amount, rate in self.pairs:
            found += (("amount", amount), ("rate", rate))
        return found

    def part(self, amount: Claim, rate: Claim, values: Values = NO_VALUES) -> Interval:
        """One part's implied base: amount ÷ rate, in the total's unit."""
        return in_unit(amount, self.total, values) / stands_for(rate, values).scaled(0.01)

    def parts(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return tuple(self.part(a, r, values) for a, r in self.pairs)

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return (total(self.parts(values)),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        index, is_rate = divmod(k, 2)
        amount, rate = self.pairs[index]
        others = total(self.part(a, r, values) for j, (a, r) in enumerate(self.pairs) if j != index)
        rest = self.stated(values) - others
        if is_rate:
            return (in_unit(amount, self.total, values) / rest).scaled(100)
        return (rest * stands_for(rate, values).scaled(0.01)).scaled(self.back(amount))

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        div = divided(lang)
        return " + ".join(f"{figure(a, values)} {div} {figure(r, values)}" for a, r in self.pairs)


@dataclass(frozen=True)
class WeightedRate(Relation):
    """A total's rate = its amount ÷ Σ each part's amount ÷ its rate, when the base the
    rates are of is not stated (收入完成 A，为预算的 R，其中：甲 a₁，为预算的 r₁；乙 a₂，为预算
    的 r₂: A ÷ R = a₁ ÷ r₁ + a₂ ÷ r₂, both sides the budget).

    With ``signs`` the percentages are growths, each signed by its words (增长 +1, 下降 −1),
    and each part's base is last year's: a ÷ (1 ± g). ``signs[0]`` is the total's."""

    kind: ClassVar[str] = "weighted_rate"

    rate: Claim
    amount: Claim
    pairs: tuple[tuple[Claim, Claim], ...]  # (amount, rate) of each part
    signs: tuple[int, ...] = ()

    @property
    def target(self) -> Claim:
        return self.rate

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.amount,) + tuple(c for pair in self.pairs for c in pair)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        found: tuple[tuple[str, Claim], ...] = (("rate", self.rate), ("total", self.amount))
        for amount, rate in self.pairs:
            found += (("amount", amount), ("part_rate", rate))
        return found

    def _factor(self, percent: Interval, index: int) -> Interval:
        """What an amount is of its base: the rate, or 1 ± the growth (index 0 the total's)."""
        if not self.signs:
            return percent.scaled(0.01)
        return (Interval.exact(100.0) + percent.scaled(self.signs[index])).scaled(0.01)

    def _percent(self, factor: Interval, index: int) -> Interval:
        """The stated percentage a factor stands for (the inverse of ``_factor``)."""
        if not self.signs:
            return factor.scaled(100)
        return (factor.scaled(100) - Interval.exact(100.0)).scaled(self.signs[index])

    def _part(self, j: int, values: Values) -> Interval:
        """Part j's base: amount ÷ its factor, in the total's unit."""
        amount, rate = self.pairs[j]
        return in_unit(amount, self.amount, values) / self._factor(stands_for(rate, values), j + 1)

    def _base(self, values: Values, without: int | None = None) -> Interval:
        return total(self._part(j, values) for j in range(len(self.pairs)) if j != without)

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return (self._percent(stands_for(self.amount, values) / self._base(values), 0),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        # the base the total's amount and rate give, less the other parts' bases
        factor = self._factor(self.stated(values), 0)
        if k == 0:
            return self._base(values) * factor
        index, is_rate = divmod(k - 1, 2)
        amount, rate = self.pairs[index]
        rest = stands_for(self.amount, values) / factor - self._base(values, without=index)
        if is_rate:
            return self._percent(in_unit(amount, self.amount, values) / rest, index + 1)
        return (rest * self._factor(stands_for(rate, values), index + 1)).scaled(
            self.amount.quantity.scale / amount.quantity.scale)

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        div = divided(lang)

        def factor(claim: Claim, index: int) -> str:
            if not self.signs:
                return figure(claim, values)
            return f"(1 {'+' if self.signs[index] > 0 else '−'} {figure(claim, values)})"

        parts = " + ".join(f"{figure(a, values)} {div} {factor(r, j + 1)}"
                           for j, (a, r) in enumerate(self.pairs))
        if not self.signs:
            return f"{figure(self.amount, values)} {div} ({parts})"
        return f"{figure(self.amount, values)} {div} ({parts}) − 1"

def breakdown_relation(breakdown) -> SignedSum:
    """A total's change against its parts' changes (auditor.link Breakdown; a flat part
    adds nothing)."""
    return SignedSum(breakdown.total.change, tuple(p.change for p in breakdown.parts if p is not None))


# ---------------------------------------------------------------- long sums


@dataclass(frozen=True)
class _RunningSums:
    relation: Sum
    prefix: tuple[Interval, ...]  # prefix[k]: terms before k
    suffix: tuple[Interval, ...]  # suffix[k]: terms from k on
    position: Mapping[str, int]  # claim id → its term index (ids that occur once)


_RUNNING: dict[int, _RunningSums] = {}


def _running(rel: Sum) -> _RunningSums:
    cached = _RUNNING.get(id(rel))
    if cached is not None and cached.relation is rel:
        return cached
    terms = [in_unit(c, rel.total, NO_VALUES) for c in rel.parts]
    prefix = [Interval.exact(0.0)]
    for term in terms:
        prefix.append(prefix[-1] + term)
    suffix = [Interval.exact(0.0)]
    for term in reversed(terms):
        suffix.append(term + suffix[-1])
    counts: dict[str, int] = {}
    for c in rel.parts:
        counts[c.id] = counts.get(c.id, 0) + 1
    position = {c.id: k for k, c in enumerate(rel.parts) if counts[c.id] == 1}
    if len(_RUNNING) > 256:  # one audit's long sums; never a leak across a batch
        _RUNNING.clear()
    _RUNNING[id(rel)] = cached = _RunningSums(rel, tuple(prefix), tuple(reversed(suffix)), position)
    return cached


def _long_sum(rel: Sum, values: Values, without: int | None) -> Interval | None:
    """The sum from the running sums when at most one term is left out or changed; None
    for anything else (then the terms are added up)."""
    sums = _running(rel)
    changed: set[int] = set()
    for cid in values:
        k = sums.position.get(cid)
        if k is None:
            if any(c.id == cid for c in rel.parts):
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
    result = sums.prefix[k] + sums.suffix[k + 1]
    return result + in_unit(rel.parts[k], rel.total, values) if changed else result
