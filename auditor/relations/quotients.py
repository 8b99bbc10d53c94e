"""Relations that divide: a percentage of two amounts, a percentage change between a current
and a base figure, a yearly rate compounded over years, and an average."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from auditor.intervals import Interval
from auditor.models import Claim
from auditor.relations.base import (NO_VALUES, Relation, Values, divided, figure, in_unit,
                                    quotient, stands_for)


def _solve_quotient(percent: Interval, numerator: Claim, denominator: Claim, k: int,
                    values: Values) -> Interval:
    """What the numerator (k = 0) or the denominator (k = 1) would need for numerator ÷
    denominator to be ``percent``."""
    share = percent.scaled(0.01)
    if k == 0:
        return (share * stands_for(denominator, values)).scaled(
            denominator.quantity.scale / numerator.quantity.scale)
    return (stands_for(numerator, values) / share).scaled(
        numerator.quantity.scale / denominator.quantity.scale)


@dataclass(frozen=True)
class ShareOfWhole(Relation):
    """share = part ÷ (Σ parts), in percent: a share of a whole the report does not state,
    whose parts are all listed (基本支出 A 占 P%，项目支出 B 占 Q%)."""

    kind: ClassVar[str] = "share_of_whole"

    share: Claim
    part: Claim
    parts: tuple[Claim, ...]  # every part of the whole, ``part`` among them

    @property
    def target(self) -> Claim:
        return self.share

    @property
    def terms(self) -> tuple[Claim, ...]:
        return self.parts

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("share", self.share),) + tuple(
            ("part" if c.id == self.part.id else "other_part", c) for c in self.parts)

    def _whole(self, values: Values) -> Interval:
        result = Interval.exact(0.0)
        for claim in self.parts:
            result = result + in_unit(claim, self.part, values)
        return result

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        # part ÷ (part + others) rises with the part: bound it by its ends, not by dividing
        # two intervals that share the part
        others = self._whole(values) - stands_for(self.part, values)
        part = stands_for(self.part, values)

        def share(p: float, o: float) -> float:
            return 100 * p / (p + o) if p + o > 0 else math.inf

        return (Interval(share(part.lo, others.hi), share(part.hi, others.lo)),)

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        whole = " + ".join(figure(c, values) for c in self.parts)
        return f"{figure(self.part, values)} {divided(lang)} ({whole})"


@dataclass(frozen=True)
class Ratio(Relation):
    """result = numerator ÷ denominator, in percent (执行率, 占比, 为…的 P%)."""

    kind: ClassVar[str] = "ratio"

    result: Claim
    numerator: Claim
    denominator: Claim
    # more parts of the numerator (满意 352 份、基本满意 41 份 of 满意度 (352 + 41) ÷ 406)
    more: tuple[Claim, ...] = ()

    @property
    def target(self) -> Claim:
        return self.result

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.numerator, self.denominator, *self.more)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("result", self.result), ("numerator", self.numerator),
                ("denominator", self.denominator)) + tuple(("numerator", c) for c in self.more)

    def _more(self, values: Values, without: int | None = None) -> Interval:
        result = Interval.exact(0.0)
        for j, claim in enumerate(self.more):
            if j != without:
                result = result + in_unit(claim, self.numerator, values)
        return result

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        if not self.more:
            return (quotient(self.numerator, self.denominator, values),)
        scale = 100 * self.numerator.quantity.scale / self.denominator.quantity.scale
        whole = stands_for(self.numerator, values) + self._more(values)
        return ((whole / stands_for(self.denominator, values)).scaled(scale),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        if not self.more:
            return _solve_quotient(self.stated(values), self.numerator, self.denominator, k, values)
        share = self.stated(values).scaled(0.01)
        whole = share * in_unit(self.denominator, self.numerator, values)  # the numerator's sum
        if k == 0:
            return whole - self._more(values)
        if k == 1:
            return ((stands_for(self.numerator, values) + self._more(values)) / share).scaled(
                self.numerator.quantity.scale / self.denominator.quantity.scale)
        rest = whole - stands_for(self.numerator, values) - self._more(values, without=k - 2)
        return rest.scaled(self.numerator.quantity.scale / claim.quantity.scale)

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        numerator = figure(self.numerator, values)
        if self.more:
            numerator = "(" + " + ".join([numerator] + [figure(c, values) for c in self.more]) + ")"
        return f"{numerator} {divided(lang)} {figure(self.denominator, values)}"


@dataclass(frozen=True)
class Growth(Relation):
    """result = sign × (current − base) ÷ base, in percent; ``sign`` the direction the words
    state (增长 +1, 下降 −1)."""

    kind: ClassVar[str] = "growth"

    result: Claim
    current: Claim
    base: Claim
    sign: int = 1

    @property
    def target(self) -> Claim:
        return self.result

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.current, self.base)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("result", self.result), ("current", self.current), ("base", self.base))

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        change = quotient(self.current, self.base, values) - Interval.exact(100.0)
        return (change.scaled(self.sign),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        # a growth of P% in the stated direction is a ratio of 100 + sign × P
        percent = self.stated(values).scaled(self.sign) + Interval.exact(100.0)
        return _solve_quotient(percent, self.current, self.base, k, values)

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        current, base = figure(self.current, values), figure(self.base, values)
        change = f"{current} − {base}" if self.sign > 0 else f"{base} − {current}"
        return f"({change}) {divided(lang)} {base}"


@dataclass(frozen=True)
class AnnualGrowth(Relation):
    """rate = sign × ((current ÷ base)^(1 ÷ years) − 1), in percent (年均增长)."""

    kind: ClassVar[str] = "annual"

    rate: Claim
    current: Claim
    base: Claim
    years: float
    sign: int = 1

    @property
    def target(self) -> Claim:
        return self.rate

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.current, self.base)

    @property
    def constant(self) -> float | None:
        return self.years

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("rate", self.rate), ("current", self.current), ("base", self.base))

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        """Monotone in both figures, so the interval's ends come from the ends of theirs."""
        ratio = in_unit(self.current, self.base, values) / stands_for(self.base, values)
        years = float(self.years or 1)

        def grow(x: float) -> float:
            return (x ** (1 / years) - 1) * 100 if x > 0 else -math.inf

        return (Interval(grow(ratio.lo), grow(ratio.hi)).scaled(self.sign),)

    # a term's need is not solved: the root-cause analysis leaves the two figures alone

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        return (f"({figure(self.current, values)} {divided(lang)} {figure(self.base, values)})"
                f"^(1/{int(self.years or 1)}) − 1")


@dataclass(frozen=True)
class Average(Relation):
    """average = total ÷ a divisor: the days of the year (``days``), or any one of the
    ``counts`` stated (评审 9 个项目, 立项 8 个项目: either may be what it is over)."""

    kind: ClassVar[str] = "average"

    average: Claim
    total: Claim
    counts: tuple[Claim, ...] = ()
    days: float | None = None

    @property
    def target(self) -> Claim:
        return self.average

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.total, *self.counts)

    @property
    def constant(self) -> float | None:
        return self.days

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("average", self.average), ("total", self.total)) + tuple(
            ("count", c) for c in self.counts)

    def divisors(self, values: Values = NO_VALUES) -> list[Interval]:
        if self.days is not None:
            return [Interval.exact(float(self.days))]
        # (2.63 万平方米 counts 26300 of them)
        return [stands_for(c, values).scaled(c.quantity.scale) for c in self.counts]

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        amount = in_unit(self.total, self.average, values)
        return tuple(amount / d for d in self.divisors(values))

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        divisors = self.divisors(values)
        if len(divisors) != 1:
            return None
        if k == 0:
            return (self.stated(values) * divisors[0]).scaled(self.back(claim))
        return (in_unit(self.total, self.average, values) / self.stated(values)).scaled(1 / claim.quantity.scale)

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        div = divided(lang)
        if self.days is not None:
            days = f"{int(self.days)} 天" if lang == "zh" else f"{int(self.days)} days"
            return f"{figure(self.total, values)} {div} {days}"
        return f"{figure(self.total, values)} {div} {figure(self.counts[0], values)}"


# ---------------------------------------------------------------- from the links


def ratio_relation(ratio, base: Claim) -> Ratio | Growth:
    """What a ratio the words state (auditor.link Ratio) says of ``base``: a growth rate
    (较 B 增长 P%) or a percentage of it."""
    if ratio.form == "growth":
        return Growth(ratio.result, ratio.numerator, base, ratio.direction)
    return Ratio(ratio.result, ratio.numerator, base, tuple(ratio.more))


def average_relation(average) -> Average:
    """The total over the days of the year, or over any of the counts stated (auditor.link
    Average)."""
    if average.days:
        return Average(average.average, average.total, days=float(average.days))
    return Average(average.average, average.total, tuple(average.counts))
