"""ratio: a percentage that does not match the amounts it is computed from.

Reports state execution rates, shares and "X 为 Y 的 Z%" ratios next to the amounts they
come from; a slip in either is invisible without a calculator. The percentage is
recomputed from the stated amounts, each taken as ± half a unit of its last digit, and
flagged only when no rounding of the inputs can give the stated figure.

A share whose base is not written out (基本支出 701.31 万元，占总支出的 11.59%) is
checked against the base that explains most of its list: the total the list belongs to,
an earlier total of the paragraph, or the sum of the list itself.

Wrong::

    全年预算数为 8,318.83 万元，全年执行数为 8,271.47 万元，执行率为 99.47%。
    (8271.47 ÷ 8318.83 = 99.43%)

Right::

    日常公用支出完成 154.39 万元，为预算支出 156.7 万元的 98.53%。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown
from auditor.messages import Message, joined, message
from auditor.slips import slip_in
from auditor.intervals import claim_interval
from auditor.link import Ratio
from auditor.relations import Ratio, Sum, ratio_relation
from auditor.rules.base import Rule


def check(report):
    for ratio in report.links.ratios:
        if ratio.denominator is not None:
            yield from _check_one(report, ratio, ratio.denominator, ratio.inferred)


def _check_one(report, ratio: Ratio, base, inferred: bool = False):
    if ratio.form == "growth":
        yield from _check_growth(ratio)
        return
    relation = ratio_relation(ratio, base)
    (computed,) = relation.computed()
    stated = claim_interval(ratio.result)
    if computed.meets(stated):
        passed("ratio", relation, ratio.form)
        return
    decimals = ratio.result.quantity.decimals
    expected = round(computed.mid, decimals)
    severity, notes = _severity(report, ratio, expected, inferred)
    if inferred and severity == "error" and not _base_proven(report, ratio, base) \
            and slip_in(relation, ratio.result) is None:
        # a base read from the paragraph, not the words, with a gap no slip explains: the
        # reading itself is in doubt, so the tool says it could not verify, not that it is wrong
        severity = "info"
        notes.append(message("ratio.note.unverified"))
    what = ratio.result.subject or "比例"
    if ratio.form == "share" and (not ratio.result.subject or ratio.result.subject.startswith("占")):
        what = f"{ratio.numerator.subject or ''}占比"
    says = message(
        "ratio", what=what, stated=shown(ratio.result),
        numerator=relation.expression().rsplit(" ÷ ", 1)[0] if ratio.more else shown(ratio.numerator),
        base=shown(base), computed=fmt(computed.mid, decimals), lo=fmt(computed.lo, decimals + 2),
        hi=fmt(computed.hi, decimals + 2), span=stated.describe(decimals + 3),
        expected=fmt(expected, decimals), notes=joined(notes, "sep.none"),
    )
    yield finding(
        "ratio", severity, says, ratio.result, expected,
        [(ratio.numerator, "numerator"), (base, "denominator")],
        confidence=0.7 if inferred else 0.95,
        relation=relation,
    )


def _check_growth(ratio: Ratio):
    """较 B 增长 P%: P = (A − B) ÷ B, in the direction the words say."""
    relation = ratio_relation(ratio, ratio.denominator)
    (computed,) = relation.computed()
    stated = claim_interval(ratio.result)
    if computed.meets(stated):
        passed("ratio", relation, "growth")
        return
    decimals = ratio.result.quantity.decimals
    expected = round(computed.mid, decimals)
    says = message(
        "ratio.growth", word=message("ratio.growth.up" if ratio.direction > 0 else "ratio.growth.down"),
        stated=shown(ratio.result), current=shown(ratio.numerator), base=shown(ratio.denominator),
        computed=fmt(computed.mid, decimals), span=computed.describe(decimals + 2),
        expected=fmt(expected, decimals),
    )
    yield finding("ratio", "error", says, ratio.result, expected,
                  [(ratio.numerator, "current"), (ratio.denominator, "base")], confidence=0.85,
                  relation=relation)


def _severity(report, ratio: Ratio, expected: float, inferred: bool) -> tuple[str, list[Message]]:
    """The severity and the notes that qualify it. A last-digit slip in a share list that totals 100% exactly is a rounding choice."""
    step = 10.0 ** (-ratio.result.quantity.decimals)
    last_digit = abs(ratio.result.value - expected) <= step * 1.0001
    if last_digit and ratio.form == "share" and _shares_total_100(report, ratio):
        return "warning", [message("ratio.note.adjusted_to_100")]
    if inferred and last_digit:
        return "warning", [message("ratio.note.inferred_base")]
    return "error", []


def _base_proven(report, ratio: Ratio, base) -> bool:
    """An inferred base is proven when the amounts of its share list add up to it, or when
    two other shares of it hold: then a share that fails is wrong, not misread."""
    for enumeration in report.links.enumerations:
        if enumeration.head is base and ratio.numerator in enumeration.items and \
                Sum(base, tuple(enumeration.items)).holds():
            return True
    holding = [r for r in report.links.ratios if r.denominator is base and r is not ratio
               and Ratio(r.result, r.numerator, base).holds()]
    return len(holding) >= 2


def _shares_total_100(report, ratio: Ratio) -> bool:
    for enumeration in report.links.enumerations:
        shares = [s for s in enumeration.shares if s is not None]
        if ratio.result in shares and len(shares) == len(enumeration.items):
            total = sum(s.value for s in shares)
            return abs(total - 100) < 10.0 ** (-ratio.result.quantity.decimals) / 2
    return False


RULE = Rule(
    id="ratio",
    family="arithmetic",
    severity="error",
    summary="A percentage that does not match the amounts it is computed from",
    check=check,
)
