"""Interval arithmetic for stated figures.

A figure written with d decimals stands for every value that rounds to it: ± half a unit
of its last stated digit (XBRL Calculations 1.1 does the same for sums). A relation
between figures fails only when the intervals cannot meet. Qualifiers (约, 近, 超过, 多,
以上 …) widen or open the interval as the lexicon lexicons/qualifiers.yaml says.
There is no fixed epsilon anywhere: every tolerance comes from the digits stated.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from auditor.lexicon import load
from auditor.models import Quantity


# How far 约 / 近 … stretch a figure can be set per audit ([tool.auditor.qualifier-widths]);
# the pipeline sets it for the duration of one audit, the lexicon gives the default.
_QUALIFIER_WIDTHS: ContextVar[dict[str, float]] = ContextVar("qualifier_widths", default={})


@contextmanager
def qualifier_widths(overrides: dict[str, float] | None):
    token = _QUALIFIER_WIDTHS.set(dict(overrides or {}))
    try:
        yield
    finally:
        _QUALIFIER_WIDTHS.reset(token)


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    @staticmethod
    def exact(value: float) -> "Interval":
        return Interval(value, value)

    @property
    def mid(self) -> float:
        if math.isinf(self.lo) or math.isinf(self.hi):
            return self.lo if math.isinf(self.hi) else self.hi
        return (self.lo + self.hi) / 2

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: "Interval") -> "Interval":
        products = [
            _mul(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi)
        ]
        return Interval(min(products), max(products))

    def __truediv__(self, other: "Interval") -> "Interval":
        if other.lo <= 0 <= other.hi:
            return Interval(-math.inf, math.inf)
        return self * Interval(1 / other.hi, 1 / other.lo)

    def scaled(self, factor: float) -> "Interval":
        a, b = _mul(self.lo, factor), _mul(self.hi, factor)
        return Interval(min(a, b), max(a, b))

    def meets(self, other: "Interval") -> bool:
        """True when some value lies in both intervals."""
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: float) -> bool:
        return self.lo <= value <= self.hi

    def distance(self, other: "Interval") -> float:
        """How far apart two intervals are (0 when they meet)."""
        if self.meets(other):
            return 0.0
        return other.lo - self.hi if other.lo > self.hi else self.lo - other.hi

    def describe(self, decimals: int = 2, suffix: str = "") -> str:
        """[lo, hi] with the given decimals (and unit suffix), ∞ for an open end."""

        def show(x: float) -> str:
            if math.isinf(x):
                return "∞" if x > 0 else "-∞"
            return f"{x:.{decimals}f}{suffix}"

        return f"[{show(self.lo)}, {show(self.hi)}]"


def _mul(a: float, b: float) -> float:
    # inf * 0 is taken as 0: an unbounded figure times an exact zero is zero.
    if a == 0 or b == 0:
        return 0.0
    return a * b


def half_unit(decimals: int) -> float:
    """Half a unit of the last stated digit."""
    return 0.5 * 10.0 ** (-decimals)


def rounding_interval(value: float, decimals: int) -> Interval:
    h = half_unit(decimals)
    return Interval(value - h, value + h)


def written_interval(value: float, decimals: int, *, exact_integers: bool = True) -> Interval:
    """The values a figure inside arithmetic written out in the report stands for (a formula,
    auditor.formula): with decimals, ± half a unit of its last digit; an integer is exact
    (a weight, a head count, the 100 of ×100: reading the 6 of (6 × 17.3) ÷ 30 as 5.5–6.5
    would let 3.64 pass for 3.46) unless ``exact_integers`` is off."""
    if exact_integers and decimals == 0:
        return Interval.exact(value)
    return rounding_interval(value, decimals)


def outward(interval: Interval) -> Interval:
    """Round an interval outwards by a few units in the last place of a binary float.

    Not a tolerance: 2.675 is not exactly representable, and without this the computed
    2.675 of "(1.07 * 5) / 2" would fall a hair outside the interval of a stated 2.68."""
    def grow(x: float, direction: float) -> float:
        return x if math.isinf(x) else x + direction * 16 * math.ulp(x)

    return Interval(grow(interval.lo, -1.0), grow(interval.hi, 1.0))


def interval_of(quantity: Quantity, *, exact_integers: bool = False) -> Interval:
    """The values a stated quantity stands for, in its own unit.

    ``exact_integers``: counts of things (项, 个, 名) written without decimals and
    without a qualifier are exact; money and rates are rounded figures.
    """
    if exact_integers and quantity.decimals == 0 and not quantity.qualifier:
        base = Interval.exact(quantity.value)
    else:
        base = rounding_interval(quantity.value, quantity.decimals)
    if not quantity.qualifier:
        return base
    return widen(base, quantity)


def widen(base: Interval, quantity: Quantity) -> Interval:
    """Apply the qualifier's meaning (lexicons/qualifiers.yaml) to a rounding interval."""
    spec = load("qualifiers").get(quantity.qualifier)
    if spec is None:
        return base
    value = quantity.value
    relative = float(_QUALIFIER_WIDTHS.get().get(quantity.qualifier, spec.get("relative", 0.0)))
    mode = spec["mode"]
    if mode == "about":  # 约, 左右: either side, by the lexicon's relative width
        spread = max(abs(value) * relative, base.hi - value)
        return Interval(value - spread, value + spread)
    if mode == "near":  # 近, 接近: just below (or at) the figure
        return Interval(min(base.lo, value * (1 - relative)), base.hi)
    if mode == "above":  # 超过, 逾, 以上: at least the figure
        return Interval(base.lo if spec.get("inclusive", True) else value, math.inf)
    if mode == "below":  # 不到, 不足, 以下: at most the figure
        return Interval(-math.inf, base.hi)
    if mode == "more":  # 多, 余: the figure plus less than one unit of its last significant digit
        return Interval(value, value + significant_step(quantity))
    return base


def significant_step(quantity: Quantity) -> float:
    """One unit of the last non-zero stated digit: 20 余 → 10, 1.3 万多 → 0.1, 1900 多 → 100."""
    if quantity.decimals > 0:
        return 10.0 ** (-quantity.decimals)
    integer = int(round(abs(quantity.value)))
    step = 1
    while integer and integer % 10 == 0:
        integer //= 10
        step *= 10
    return float(step)


def cell_interval(quantity: Quantity, *, exact_integers: bool = False) -> Interval:
    """The values a figure in a table cell stands for: as any stated figure (``interval_of``),
    except that a zero states that there is nothing, exactly.

    A 0 in a money column is not 0.4 rounded down: budget tables write 0 for "none", so
    giving it half a unit of slack would hide real slips in every column with empty rows.
    """
    if quantity.value == 0 and not quantity.qualifier:
        return Interval.exact(0.0)
    return interval_of(quantity, exact_integers=exact_integers)


def claim_interval(claim, value: float | None = None) -> Interval:
    """The interval a claim's figure stands for; with ``value``, the interval it would
    stand for if the report stated that value with the same digits and qualifier.

    Counts of things and scores stated as whole numbers are exact (3 项, 5 分 are
    assigned, not rounded); money and rates are rounded figures. A 0 written without
    decimals says nothing was spent (因公出国（境）费 0 万元: an amount under the unit is
    written with its decimals), in a table cell (``cell_interval``) and in prose alike.
    """
    quantity = claim.quantity if value is None else replace(claim.quantity, value=value)
    exact_integers = claim.kind in ("count", "score")
    if claim.source == "table":
        return cell_interval(quantity, exact_integers=exact_integers)
    if quantity.value == 0 and quantity.decimals == 0 and not quantity.qualifier:
        return Interval.exact(0.0)
    return interval_of(quantity, exact_integers=exact_integers)


def total_interval(claims) -> Interval:
    """The interval of a sum of stated figures (in their common unit)."""
    result = Interval.exact(0.0)
    for claim in claims:
        result = result + claim_interval(claim)
    return result


def percent_interval(numerator, denominator) -> Interval:
    """numerator ÷ denominator × 100, from two stated figures of one measure."""
    scale = numerator.quantity.scale / denominator.quantity.scale
    quotient = claim_interval(numerator) / claim_interval(denominator)
    return quotient.scaled(100 * scale)
