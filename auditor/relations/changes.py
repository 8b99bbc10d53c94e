"""Relations a stated change makes (比上年增加 C，增长 P%): the amount against its two
figures, the rate against a written base, the rate against the base the current figure and
the change imply."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from auditor.intervals import Interval
from auditor.models import Claim
from auditor.relations.base import (NO_VALUES, Relation, Values, divided, factor, figure,
                                    in_unit, stands_for)


@dataclass(frozen=True)
class Difference(Relation):
    """change = sign × (current − base); ``sign`` the direction the words state."""

    kind: ClassVar[str] = "difference"

    change: Claim
    current: Claim
    base: Claim
    sign: int = 1

    @property
    def target(self) -> Claim:
        return self.change

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.current, self.base)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("change", self.change), ("current", self.current), ("base", self.base))

    def gap(self, values: Values = NO_VALUES) -> Interval:
        """current − base in the change's unit, whatever the words' direction."""
        return in_unit(self.current, self.change, values) - in_unit(self.base, self.change, values)

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return (self.gap(values).scaled(self.sign),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        change = self.stated(values).scaled(self.sign)
        if k == 0:
            return (in_unit(self.base, self.change, values) + change).scaled(self.back(claim))
        return (in_unit(self.current, self.change, values) - change).scaled(self.back(claim))

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        text = f"{figure(self.current, values)} − {figure(self.base, values)}"
        return text if self.sign > 0 else f"−({text})"


@dataclass(frozen=True)
class TimeProgress(Relation):
    """points = sign × (rate − months ÷ 12): a rate of the year's budget against the share
    of the year gone by (完成预算的 56.6%，超过时间进度 6.6 个百分点, 上半年: 56.6 − 50)."""

    kind: ClassVar[str] = "time_progress"

    points: Claim
    rate: Claim
    months: int
    sign: int = 1

    @property
    def target(self) -> Claim:
        return self.points

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.rate,)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("points", self.points), ("rate", self.rate))

    @property
    def progress(self) -> float:
        return 100 * self.months / 12

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return ((stands_for(self.rate, values) - Interval.exact(self.progress)).scaled(self.sign),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        return self.stated(values).scaled(self.sign) + Interval.exact(self.progress)

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        text = f"{figure(self.rate, values)} − {self.months}/12 ({self.progress:.2f}%)"
        return text if self.sign > 0 else f"−({text})"


@dataclass(frozen=True)
class ChangeRate(Relation):
    """rate = change ÷ base, in percent (the base written)."""

    kind: ClassVar[str] = "change_rate"

    rate: Claim
    change: Claim
    base: Claim

    @property
    def target(self) -> Claim:
        return self.rate

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.change, self.base)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("rate", self.rate), ("change", self.change), ("base", self.base))

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return ((stands_for(self.change, values) / in_unit(self.base, self.change, values)).scaled(100),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        rate = self.stated(values).scaled(0.01)
        if k == 0:
            return rate * in_unit(self.base, self.change, values)
        return (stands_for(self.change, values) / rate).scaled(1 / factor(self.base, self.change))

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        return f"{figure(self.change, values)} {divided(lang)} {figure(self.base, values)}"


@dataclass(frozen=True)
class ImpliedRate(Relation):
    """rate = change ÷ (current − sign × change), in percent: the base unwritten
    (比上年增加 C，增长 P%), so it is what the current figure and the change imply."""

    kind: ClassVar[str] = "implied_rate"

    rate: Claim
    change: Claim
    current: Claim
    sign: int = 1

    @property
    def target(self) -> Claim:
        return self.rate

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.change, self.current)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("rate", self.rate), ("change", self.change), ("current", self.current))

    def base(self, values: Values = NO_VALUES) -> Interval:
        """The base the comparison implies: current − direction × change (the one home of
        that subtraction), in the change's unit."""
        return in_unit(self.current, self.change, values) - stands_for(self.change, values).scaled(self.sign)

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return ((stands_for(self.change, values) / self.base(values)).scaled(100),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        rate = self.stated(values).scaled(0.01)
        change = stands_for(self.change, values)
        if k == 0:  # C = p·X ÷ (1 + direction·p)
            return (rate * in_unit(self.current, self.change, values)) / (
                Interval.exact(1.0) + rate.scaled(self.sign))
        # X = C ÷ p + direction·C
        return (change / rate + change.scaled(self.sign)).scaled(1 / factor(self.current, self.change))

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        change = figure(self.change, values)
        return (f"{change} {divided(lang)} ({figure(self.current, values)} "
                f"{'−' if self.sign > 0 else '+'} {change})")


# ---------------------------------------------------------------- from the links


def change_relations(change) -> list[Relation]:
    """The relations a change (auditor.link) states: the amount against its two figures
    (when the base is written) and the rate against the base, written or implied."""
    found: list[Relation] = []
    if change.base is not None:
        found.append(Difference(change.change, change.current, change.base, change.direction))
        if change.percent is not None:
            found.append(ChangeRate(change.percent, change.change, change.base))
    elif change.percent is not None:
        found.append(ImpliedRate(change.percent, change.change, change.current, change.direction))
    return found
