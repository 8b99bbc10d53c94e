"""One quantity stated twice: the two statements must meet."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from auditor.intervals import Interval
from auditor.models import Claim
from auditor.relations.base import NO_VALUES, Relation, Values, figure, in_unit


@dataclass(frozen=True)
class Same(Relation):
    """One quantity stated twice: ``statement`` must meet ``other`` (收入总计 and 支出总计, a
    figure restated later)."""

    kind: ClassVar[str] = "same"

    statement: Claim
    other: Claim

    @property
    def target(self) -> Claim:
        return self.statement

    @property
    def terms(self) -> tuple[Claim, ...]:
        return (self.other,)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        return (("statement", self.statement), ("other_statement", self.other))

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return (in_unit(self.other, self.statement, values),)

    def _term_needs(self, k: int, claim: Claim, values: Values) -> Interval | None:
        return self.stated(values).scaled(self.back(claim))

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        return figure(self.other, values)
