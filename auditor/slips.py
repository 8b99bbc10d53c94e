"""Name the slip: which realistic mistake turns the value a relation needs into the stated one.

A failed relation says *that* a figure is wrong; a reviewer wants to know *how* it went
wrong, because a named slip is what makes an alarm believable. Given the interval a
figure would need for its relation to hold (``Relation.needed``), this module tries
each slip a typist or a spreadsheet makes, backwards from the figure as written: the
intended figure is one the slip would have turned into the stated one, and it must fall
inside the needed interval with the stated figure's own digits. The slips, in the order a
reviewer would name them:

- decimal point shifted (× or ÷ 10, 100, 1000), 元 written for 万元 (× or ÷ 10,000);
- two adjacent digits swapped (8271.47 for 8217.47);
- truncated instead of rounded (6.5 for 6.59, 99.4 for 99.47);
- one digit wrong (8371.47 for 8271.47);
- a digit dropped or doubled (6.5 for 6.59 when truncation does not explain it, 1100 for 110);
- the complement of a percentage given (the unspent 0.57% for the spent 99.43%);
- a figure copied from a neighbour (the stated value is another figure of the same sentence).

No tolerance is invented here: an intended figure counts when its rounding interval, at the
stated figure's decimals, meets the needed interval.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from auditor.intervals import Interval, rounding_interval
from auditor.messages import Message, message
from auditor.models import Claim


ORDER = ("decimal", "unit", "swapped", "truncated", "digit", "dropped", "complement")


@dataclass(frozen=True)
class Slip:
    kind: str  # decimal | unit | swapped | truncated | digit | dropped | complement | neighbour
    intended: float  # the figure the slip explains, in the stated figure's unit
    shown: str  # the figure as written
    target: str  # the figure meant, with the decimals it was written with

    @property
    def message(self) -> Message:
        """The sentence naming the slip (lexicons/messages.yaml slip, slip.<kind>)."""
        return message("slip", kind=message(f"slip.{self.kind}"), shown=self.shown,
                       target=self.target)


def explain(claim: Claim, needed: Interval | None, neighbours: Iterable[Claim] = (),
            subtle: float = 0.0) -> Slip | None:
    """The first slip that takes an intended figure inside ``needed`` to the stated one.

    ``subtle``: for a reading that is itself uncertain (a list that may be partial), the
    total's size: a changed or dropped digit counts only where it keeps the figure's
    magnitude and moves it by at most the lexicon's ``partial_slip_share`` of that total, since
    a large gap is as well explained by the items the list leaves out. A decimal point or
    unit shift is specific enough either way."""
    if needed is None or not (math.isfinite(needed.lo) and math.isfinite(needed.hi)):
        return None
    if needed.contains(0.0) and claim.value != 0:
        return None  # the relation would hold with nothing at all: no figure is pinned
    digits = _digits(claim)
    decimals = claim.quantity.decimals
    found: dict[str, dict[float, int]] = {}
    reach = subtle * _plausible_share() if subtle else 0.0  # once, not once per candidate
    for kind, intended, intended_decimals in _candidates(claim, digits, decimals):
        if subtle and kind in ("digit", "swapped", "dropped", "complement") and (
                abs(intended - claim.value) > reach  # the cheaper test first
                or not _same_magnitude(claim.value, intended)):
            # a decimal point or unit shift is specific; otherwise only a slip that moves the
            # list by a sliver of its total is more likely than the items it leaves out
            continue
        if rounding_interval(intended, intended_decimals).meets(needed):
            found.setdefault(kind, {})[round(intended, intended_decimals)] = intended_decimals
    for kind in ORDER:
        # a slip names the figure only when it pins one: two one-digit changes that both fit
        # a wide interval explain nothing (truncation always means the one cut digit)
        figures = found.get(kind, {})
        if len(figures) == 1 or (kind == "truncated" and figures):
            # (two figures of one kind that both fit explain nothing: the slip must pin one)
            intended = min(figures, key=lambda v: abs(v - needed.mid))
            return _named(kind, claim, intended, figures[intended])
    # copied from a neighbour: the stated value is another figure of the same sentence
    copied = any(o.id != claim.id and o.kind == claim.kind and o.value == claim.value for o in neighbours)
    if copied and math.isfinite(needed.mid):
        return _named("neighbour", claim, round(needed.mid, decimals), decimals)
    return None


def _plausible_share() -> float:
    from auditor.lexicon import load

    return float(load("cues")["enumeration"]["partial_slip_share"])


def _same_magnitude(stated: float, intended: float) -> bool:
    a, b = f"{abs(stated):.6e}", f"{abs(intended):.6e}"
    return a[0] == b[0] and a.split("e")[1] == b.split("e")[1]


def _digits(claim: Claim) -> str:
    return f"{abs(claim.value):.{claim.quantity.decimals}f}"


def _candidates(claim: Claim, digits: str, decimals: int):
    value = claim.value
    for factor in (10, 100, 1000, 0.1, 0.01, 0.001):
        yield "decimal", value * factor, max(decimals - _exponent(factor), 0)
    if claim.kind == "money":
        for factor in (10000, 0.0001):
            yield "unit", value * factor, max(decimals - _exponent(factor), 0)
    for swapped in _swaps(digits):
        yield "swapped", float(swapped), decimals
    # truncated: the intended figure had one more digit that was cut, not rounded
    step = 10.0 ** (-decimals)
    for last in range(5, 10):
        yield "truncated", value + (last / 10) * step * (1 if value >= 0 else -1), decimals + 1
    for changed in _one_digit(digits):
        yield "digit", float(changed), decimals
    whole, _, fraction = digits.partition(".")
    for longer in _inserted(whole):
        yield "dropped", float(longer + ("." + fraction if fraction else "")), decimals
    for shorter in _removed(whole):
        yield "dropped", float(shorter + ("." + fraction if fraction else "")), decimals
    if claim.kind == "percent" and 0 < value < 100:
        yield "complement", 100 - value, decimals


def _exponent(factor: float) -> int:
    exponent, x = 0, factor
    while x >= 10:
        x, exponent = x / 10, exponent + 1
    while x < 1:
        x, exponent = x * 10, exponent - 1
    return exponent


def _swaps(digits: str):
    chars = list(digits)
    for i in range(len(chars) - 1):
        a, b = chars[i], chars[i + 1]
        if a == b or "." in (a, b):
            continue
        swapped = chars[:i] + [b, a] + chars[i + 2 :]
        yield "".join(swapped)


def _one_digit(digits: str):
    for i, char in enumerate(digits):
        if char == ".":
            continue
        for d in "0123456789":
            if d != char and not (i == 0 and d == "0" and len(digits) > 1 and digits[1] != "."):
                yield digits[:i] + d + digits[i + 1 :]


def _inserted(whole: str):
    """The integer part with one digit more (a digit dropped from the intended figure)."""
    for i in range(1, len(whole) + 1):
        for d in "0123456789":
            yield whole[:i] + d + whole[i:]


def _removed(whole: str):
    """The integer part with one digit less (a digit doubled in the stated figure)."""
    for i in range(len(whole)):
        candidate = whole[:i] + whole[i + 1 :]
        if candidate and (candidate == "0" or not candidate.startswith("0")):
            yield candidate


def _named(kind: str, claim: Claim, intended: float, decimals: int) -> Slip:
    return Slip(kind, intended, claim.text.strip(), f"{abs(intended):.{decimals}f}")


def slip_in(relation, claim: Claim, neighbours: Iterable[Claim] = (), subtle: float = 0.0) -> Slip | None:
    """The slip that explains ``claim`` in a failed ``relation``: the values the claim
    would need for the relation to hold, the other figures as stated, then ``explain``.
    A list that may be partial is solved as a whole list (only an exact sum pins a value)."""
    try:
        need = relation.as_whole().needed(claim)
    except (ValueError, ZeroDivisionError):
        return None
    return explain(claim, need, neighbours, subtle)


def explained_figure(relation, claims: Iterable[Claim], subtle: float = 0.0) -> tuple[Claim, Slip] | None:
    """The figure of ``claims`` whose slip best explains the failed ``relation`` (the
    slip kinds in ORDER, the claims in the order given)."""
    found = [(claim, slip) for claim in claims
             if (slip := slip_in(relation, claim, subtle=subtle)) is not None]
    if not found:
        return None
    return min(found, key=lambda pair: ORDER.index(pair[1].kind) if pair[1].kind in ORDER else len(ORDER))
