"""A formula written out in the report (执行率 = 执行数 ÷ 预算数 × 100% = 8271.47 ÷ 8318.83 ×
100% = 99.43%): one evaluated part of the chain against the stated result.

auditor.formula finds and parses the chain; this module is what it computes. Each figure of
the arithmetic stands for the interval of a written figure (auditor.intervals
``written_interval``: integers exact, decimals ± half a unit), ``%`` is a factor of 1/100,
and a part is read every way the report may mean it: figures in the base unit of their
measure (512.30 万元 / 12360 盏 in 元) and as written (3 万元 + 2), each at ×100 or ×1 when a
% is on one side only. The formula holds when any reading meets the stated result.

A figure of the arithmetic that is a claim of the report (the rule binds them by position)
is an operand of the relation; a bare number (the 2 of ``/ 2``, the 100 of ``× 100%``) is
part of the expression, like a sum's constant.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable, ClassVar

from auditor.findings import fmt
from auditor.formula import BinOp, FormulaMatch, Neg, Node, Num, Number, Segment, render
from auditor.intervals import Interval, outward, written_interval
from auditor.models import Claim
from auditor.relations.base import NO_VALUES, Relation, Values

NumberValue = Callable[[Number], Number]  # a figure as stated, or with a value substituted


def _as_written(number: Number) -> Number:
    return number


# ---------------------------------------------------------------- evaluating a tree


def evaluate(node: Node, *, scaled: bool = False, figure: NumberValue = _as_written) -> float | None:
    """The value at the stated figures (% as 1/100); None on division by zero.

    ``scaled``: each figure in the base unit of its measure (512.30 万元 as 5123000)."""
    if isinstance(node, Num):
        return figure(node.number).factor(scaled=scaled)
    if isinstance(node, Neg):
        inner = evaluate(node.operand, scaled=scaled, figure=figure)
        return None if inner is None else -inner
    left = evaluate(node.left, scaled=scaled, figure=figure)
    right = evaluate(node.right, scaled=scaled, figure=figure)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return None if right == 0 else left / right


def evaluate_interval(node: Node, *, exact_integers: bool = True, scaled: bool = False,
                      figure: NumberValue = _as_written) -> Interval:
    """Every value the expression can take with each figure anywhere in its interval."""
    if isinstance(node, Num):
        return figure(node.number).interval(exact_integers=exact_integers, scaled=scaled)
    if isinstance(node, Neg):
        inner = evaluate_interval(node.operand, exact_integers=exact_integers, scaled=scaled,
                                  figure=figure)
        return Interval(-inner.hi, -inner.lo)
    left = evaluate_interval(node.left, exact_integers=exact_integers, scaled=scaled, figure=figure)
    right = evaluate_interval(node.right, exact_integers=exact_integers, scaled=scaled, figure=figure)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return left / right


def _path(node: Node, number: Number) -> list[Node] | None:
    """The nodes from ``node`` down to the leaf of ``number`` (None when it is not there)."""
    if isinstance(node, Num):
        return [node] if node.number == number else None
    children = (node.operand,) if isinstance(node, Neg) else (node.left, node.right)
    for child in children:
        below = _path(child, number)
        if below is not None:
            return [node, *below]
    return None


def _invert(need: Interval, path: list[Node], span: Callable[[Node], Interval]) -> Interval:
    """What the leaf at the end of ``path`` must stand for so that the node at its top
    stands for ``need`` (``span``: what a sibling subtree stands for)."""
    for node, child in zip(path, path[1:]):
        if isinstance(node, Neg):
            need = need.scaled(-1.0)
            continue
        assert isinstance(node, BinOp)
        left = child is node.left
        other = span(node.right if left else node.left)
        if node.op == "+":
            need = need - other
        elif node.op == "-":
            need = need + other if left else other - need
        elif node.op == "*":
            need = need / other
        else:
            need = need * other if left else other / need
    return need


# ---------------------------------------------------------------- the relation


@dataclass(frozen=True)
class Reading:
    """One way of reading an evaluated part in the result's unit: its value at the stated
    figures and its interval; ``scaled`` (figures in base units) and ``factor`` (into the
    result's unit) say which."""

    value: float
    interval: Interval
    scaled: bool
    factor: float


@dataclass(frozen=True)
class Written(Relation):
    """result = the arithmetic of one evaluated part of a written formula chain."""

    kind: ClassVar[str] = "formula"

    chain: FormulaMatch  # the formula as written
    segment: Segment  # the evaluated part
    paragraph: int | None = None  # where the formula is (what tells two formulas apart)
    result_claim: Claim | None = None  # the stated result, when it is a claim of the report
    bound: tuple[tuple[Number, Claim], ...] = ()  # figures of the part that are claims
    exact_integers: bool = True

    @classmethod
    def of(cls, formula: FormulaMatch, segment: Segment, claim_at: Callable[[Number], Claim | None]
           = lambda number: None, paragraph: int | None = None,
           exact_integers: bool = True) -> "Written":
        """The relation of ``segment``, the figures bound to the claims ``claim_at`` finds
        at their place (a claim whose figure is another number is no operand)."""
        result = claim_at(formula.result)
        bound = []
        for number in segment.numbers:
            claim = claim_at(number)
            if claim is not None and claim is not result and abs(claim.value) == abs(number.value) \
                    and all(claim.id != c.id for _, c in bound):
                bound.append((number, claim))
        if result is not None and abs(result.value) != abs(formula.result.value):
            result = None
        return cls(formula, segment, paragraph, result, tuple(bound), exact_integers)

    @property
    def target(self) -> Claim | None:
        return self.result_claim

    @property
    def terms(self) -> tuple[Claim, ...]:
        return tuple(claim for _, claim in self.bound)

    @property
    def operands(self) -> tuple[tuple[str, Claim], ...]:
        result = (("result", self.result_claim),) if self.result_claim is not None else ()
        return result + tuple(("operand", claim) for _, claim in self.bound)

    def key(self) -> tuple:
        return (self.kind, self.paragraph, self.chain.start, self.segment.start)

    # ------------------------------------------------ figures

    def _figure(self, values: Values) -> NumberValue:
        """Each figure of the part as stated, or with the value ``values`` gives its claim
        (a figure written without the sign its claim takes gets the value's magnitude)."""
        changed = {number.start: claim for number, claim in self.bound if claim.id in values}
        if not changed:
            return _as_written

        def figure(number: Number) -> Number:
            claim = changed.get(number.start)
            if claim is None:
                return number
            value = values[claim.id]
            return replace(number, value=value if claim.value == number.value else -value)

        return figure

    def result_value(self, values: Values = NO_VALUES) -> float:
        if self.result_claim is not None and self.result_claim.id in values:
            return values[self.result_claim.id]
        return self.chain.result.value

    def stated(self, values: Values = NO_VALUES) -> Interval:
        """The stated result as a written figure (rounded: a result of 3 分 is 2.5–3.5)."""
        return outward(written_interval(self.result_value(values), self.chain.result.decimals,
                                        exact_integers=False))

    # ------------------------------------------------ computing

    def readings(self, values: Values = NO_VALUES) -> tuple[Reading, ...]:
        """The part's value in the result's unit, every way it may be read; none on a
        division by a stated zero.

        Figures as written (units ignored); and, when the figures carry units, in base units
        converted to the result's unit (512.30 万元 / 12360 盏 in 元, ÷ 1 for a result in 元).
        Each is also taken at the % factors of ``factors``."""
        figure = self._figure(values)
        scalings = [(False, 1.0)]
        if any(n.unit for n in self.segment.numbers):
            scalings.insert(0, (True, 1 / self.chain.result.scale))
        found: list[Reading] = []
        for scaled, into_result in scalings:
            point = evaluate(self.segment.expression, scaled=scaled, figure=figure)
            if point is None:
                return ()
            span = outward(evaluate_interval(self.segment.expression, scaled=scaled, figure=figure,
                                             exact_integers=self.exact_integers))
            for factor in self.factors():
                k = factor * into_result
                found.append(Reading(point * k, span.scaled(k), scaled, k))
        return tuple(found)

    def factors(self) -> list[float]:
        """How the evaluated value may be read in the result's unit.

        A result in % reads a fraction ×100 (35/37×100% = 94.59%, 291.36/6342.01 = 4.6%) or
        the plain value (35/37×100 = 94.59%); a plain result after an expression with a %
        literal reads the value or the value ×100 (35/37×100% = 94.59)."""
        if self.chain.result.percent:
            return [100.0, 1.0]
        if any(n.percent for n in self.segment.numbers):
            return [1.0, 100.0]
        return [1.0]

    def computed(self, values: Values = NO_VALUES) -> tuple[Interval, ...]:
        return tuple(r.interval for r in self.readings(values))

    def reading(self, values: Values = NO_VALUES) -> Reading | None:
        """The reading the verdict rests on: the first that holds, else the nearest to the
        stated result (on a log scale)."""
        found = self.readings(values)
        if not found:
            return None
        stated = self.stated(values)
        holding = [r for r in found if r.interval.meets(stated)]
        return holding[0] if holding else _closest(found, self.result_value(values))

    # ------------------------------------------------ solving

    def needed(self, claim: Claim, values: Values = NO_VALUES) -> Interval | None:
        """The result needs what its reading computes; a figure of the arithmetic needs what,
        with the others as stated, gives the stated result in that reading."""
        reading = self.reading(values)
        if reading is None:
            return None
        if self.result_claim is not None and claim.id == self.result_claim.id:
            return reading.interval
        number = next((n for n, c in self.bound if c.id == claim.id), None)
        path = _path(self.segment.expression, number) if number is not None else None
        if path is None:
            return None
        figure = self._figure(values)

        def span(node: Node) -> Interval:
            return evaluate_interval(node, scaled=reading.scaled, figure=figure,
                                     exact_integers=self.exact_integers)

        need = _invert(self.stated(values).scaled(1 / reading.factor), path, span)
        # from a factor of the arithmetic back to the figure as written
        if number.percent:
            need = need.scaled(100.0)
        elif reading.scaled:
            need = need.scaled(1 / number.scale)
        return need if claim.value == number.value else need.scaled(-1.0)

    # ------------------------------------------------ wording

    def expression(self, values: Values = NO_VALUES, lang: str = "zh") -> str:
        """The part as the report writes it (4 × 15.22 ÷ 2), any substituted figure in it."""
        if not any(claim.id in values for _, claim in self.bound):
            return self.segment.shown(lang)
        figure = self._figure(values)
        text = self.segment.text
        for number, _ in sorted(self.bound, key=lambda pair: -pair[0].start):
            new = figure(number)
            if new is number:
                continue
            at = number.start - self.segment.start
            written = fmt(new.value, number.decimals) + ("%" if number.percent else "")
            text = text[:at] + written + text[number.end - self.segment.start:]
        return render(text, lang)

    def target_text(self, values: Values = NO_VALUES) -> str:
        result = self.chain.result
        if self.result_claim is None or self.result_claim.id not in values:
            return result.text
        return fmt(values[self.result_claim.id], result.decimals) + ("%" if result.percent else "")

    def decimals(self) -> int:
        return self.chain.result.decimals

    def percent(self) -> bool:
        return self.chain.result.percent


def _closest(readings: tuple[Reading, ...], stated: float) -> Reading:
    def gap(reading: Reading) -> float:
        value = reading.value
        if value == 0 or stated == 0:
            return abs(value - stated)
        return abs(math.log(abs(value) / abs(stated)))

    return min(readings, key=gap)


# ---------------------------------------------------------------- a formula's verdicts


@dataclass(frozen=True)
class FormulaCheck:
    """One evaluated part of a formula against the stated result, as its relation found it.

    ``computed`` and ``computed_interval`` are in the result's own unit (percentage
    points when the result is written in %, 元 for a result in 元), so they compare
    directly with ``stated_interval`` and print next to the stated figure.
    """

    formula: FormulaMatch
    expression: Segment
    computed: float
    computed_interval: Interval
    stated_interval: Interval
    holds: bool
    relation: Written | None = None

    @property
    def shown_computed(self) -> str:
        """The computed value rounded to the stated result's decimals, as it would be written
        (with the result's unit when the arithmetic carries units: 414.48 元)."""
        result = self.formula.result
        shown = f"{self.computed:.{result.decimals}f}" + ("%" if result.percent else "")
        return f"{shown} {result.unit}" if self._with_units else shown

    @property
    def shown_stated(self) -> str:
        """The stated result, with its unit when the arithmetic carries units (441.48 元)."""
        result = self.formula.result
        return result.written if self._with_units else result.text

    @property
    def _with_units(self) -> bool:
        return bool(self.formula.result.unit) and any(n.unit for n in self.expression.numbers)


def check_formula(formula: FormulaMatch, *, exact_integers: bool = True,
                  claim_at: Callable[[Number], Claim | None] = lambda number: None,
                  paragraph: int | None = None) -> list[FormulaCheck]:
    """Each evaluated part of the formula checked against its stated result (a part with a
    division by a stated zero has nothing to compare and is left out)."""
    checks: list[FormulaCheck] = []
    for segment in formula.expressions:
        relation = Written.of(formula, segment, claim_at, paragraph, exact_integers)
        reading = relation.reading()
        if reading is None:
            continue
        checks.append(FormulaCheck(formula, segment, reading.value, reading.interval,
                                   relation.stated(), relation.holds(), relation))
    return checks


def failures(formula: FormulaMatch, *, exact_integers: bool = True) -> list[FormulaCheck]:
    return [c for c in check_formula(formula, exact_integers=exact_integers) if not c.holds]
