"""Checking a total against its components: shared by the sum, count_sum and score_sum rules."""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown, unit_suffix
from auditor.intervals import Interval, claim_interval
from auditor.link import Enumeration
from auditor.messages import message
from auditor.relations import Sum
from auditor.slips import explained_figure


def components_total(items, unit_of) -> Interval:
    """The items added up in ``unit_of``'s unit, as a sum of them computes it."""
    (total,) = Sum(unit_of, tuple(items)).computed()
    return total


def check_enumeration(enumeration: Enumeration, rule: str):
    """A finding when the components cannot add up to the total, else nothing.

    Components larger than the total are always an error. A shortfall is an error for a
    list the words present as whole (包括, a parenthesised breakdown, shares totalling
    100%), and a warning where the list may be partial (其中, 主要包括, …等).
    """
    head, items = enumeration.head, enumeration.items
    if head is None:
        return
    if not enumeration.proven:
        # no reading of the words adds up: take the one a slip explains, if any
        items = next((r for r in (items, *enumeration.readings)
                      if explained_figure(Sum(head, tuple(r)), (head, *r)) is not None), items)
    whole = Sum(head, tuple(items))
    (total,) = whole.computed()
    stated = claim_interval(head)
    if total.meets(stated):
        passed(rule, whole, enumeration.cue)
        return
    early = _list_ends_early(items, head)
    if early:
        passed(rule, Sum(head, tuple(items[:early])), f"{enumeration.cue}（列举至第 {early} 项为止）")
        return
    decimals = max([head.quantity.decimals] + [i.quantity.decimals for i in items])
    expected = round(total.mid, decimals)
    over = total.lo > stated.hi
    if len(items) == 1 and (not over or explained_figure(
            whole, (head, *items), subtle=abs(head.value)) is None):
        # one part named under 其中: short of its total it says nothing, and over it only
        # a small slip makes an alarm (the total may be another figure's: 突破 A，其中 B)
        return
    may_be_partial = enumeration.may_be_partial
    severity = "error" if over or not may_be_partial else "warning"
    slip = None
    if not enumeration.proven or (not over and may_be_partial):
        # a partial list falling short is what the words allow, and an unproven reading
        # (which figure 加 adds to) may be the wrong one: either is worth an alarm only
        # when one figure's slip explains the gap (6.5 written for 6.59)
        # (a score sheet's sections under 其中 are its whole: any slip of a point will do)
        # (an unproven reading of a whole list needs a slip, not a small one)
        small = may_be_partial and head.kind != "score"
        explained = explained_figure(whole, (head, *items), subtle=abs(head.value) if small else 0.0)
        if explained is None and not enumeration.proven:
            return  # a reading the words do not prove, and no slip: left unchecked
        if explained is None:
            severity = "info"
        else:
            slip = explained[1]
    unit = unit_suffix(head)
    partial = may_be_partial and not over
    says = message(
        "sum", subject=head.subject or message("sum.unnamed_total"), stated=shown(head), unit=unit,
        terms=" + ".join(_term(i, head, decimals) for i in items),
        computed=fmt(total.mid, decimals), parts_span=total.describe(decimals + 1),
        total_span=stated.describe(decimals + 1),
        direction=message("sum.over" if over else "sum.short"),
        gap=fmt(abs(expected - head.value), decimals),
        caveat=message("sum.may_be_partial", cue=enumeration.cue) if partial else "",
        advice="" if partial else message("sum.advice", expected=fmt(expected, decimals), unit=unit),
    )
    yield finding(
        rule, severity, says, head, expected,
        [(item, "component") for item in items],
        confidence=0.75 if enumeration.inferred or may_be_partial else 0.95,
        location=items[0].location if enumeration.inferred else None,
        # a list that may be partial only bounds its total, whatever the severity says
        relation=whole.partial() if may_be_partial else whole,
        slip=slip,
    )


def _list_ends_early(items, head) -> int:
    """Another reading of the same words: the list ends before its last figures (其中：税收
    收入 A；非税收入 B；政府性基金收入 C, where C is the total's sibling). It holds when the
    first two or more items meet the total exactly."""
    stated = claim_interval(head)
    return next((k for k in range(2, len(items)) if components_total(items[:k], head).meets(stated)), 0)


def _term(item, head, decimals: int) -> str:
    """A component as added: in the total's unit, its own unit noted when it differs."""
    if item.quantity.scale == head.quantity.scale:
        return shown(item)
    converted = fmt(item.value * item.quantity.scale / head.quantity.scale, decimals + 2)
    return f"{converted}（{item.text}）"


def check_shares_total(enumeration: Enumeration, rule: str):
    """Shares of one total that make up the whole must add up to 100%."""
    shares = [s for s in enumeration.shares if s is not None]
    if len(shares) < 2 or len(shares) != len(enumeration.items) or enumeration.partial:
        return
    if enumeration.cue in ("其中", "主要包括") and not _amounts_complete(enumeration):
        return
    relation = Sum.of_shares(tuple(shares))
    (total,) = relation.computed()
    if relation.holds():
        passed(rule, relation, "shares")
        return
    decimals = max(s.quantity.decimals for s in shares)
    terms = " + ".join(shown(s) for s in shares)
    yield finding(
        rule, "error", message("sum.shares", terms=terms, computed=fmt(total.mid, decimals)),
        shares[0], 100.0, [(s, "share") for s in shares[1:]], confidence=0.8,
        relation=relation,
    )


def _amounts_complete(enumeration: Enumeration) -> bool:
    if enumeration.head is None:
        return False
    return Sum(enumeration.head, tuple(enumeration.items)).holds()
