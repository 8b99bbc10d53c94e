"""count_sum: counts that do not add up — indicator totals, breakdowns, head counts.

A total count and its breakdown (共设置指标 59 个，包括产出指标 48 个、效果指标 11 个;
累计报送指标 85920 个（图像类指标 15005 个、数据类指标 70912 个）) must add up exactly:
counts of things stated without decimals are exact. Head counts are checked too: the
posts (编制) and the people in post (在编) a report lists must be the figures a ratio built
on them (财政供养人员控制率 = 在编 ÷ 编制) uses.

Wrong::

    累计报送指标 85920 个（图像类指标 15005 个、数据类指标 70912 个）。  (sum 85917)
    局机关编制 23 人，工勤编制 1 人，…中心编制 7 人，…中心编制 7 人。控制率 = 35/37 = 94.59%
    (the posts listed add up to 38)

Right::

    共设置指标 59 个，包括产出指标 48 个、效果指标 11 个。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt
from auditor.formula import find_formulas
from auditor.lexicon import load
from auditor.link import cues
from auditor.messages import message
from auditor.relations import Sum
from auditor.rules._sums import check_enumeration
from auditor.rules.base import Rule


def check(report):
    for enumeration in report.links.enumerations:
        if enumeration.items[0].kind == "count":
            yield from check_enumeration(enumeration, "count_sum")
    for paragraph in report.document.paragraphs:
        yield from _headcount_ratio(report, paragraph)


def _headcount_groups(claims):
    """Split a paragraph's head counts into posts (编制) and people in post (在编)."""
    spec = cues()["headcount"]
    groups = {"authorised": [], "actual": []}
    mode = None
    for claim in claims:
        if claim.kind != "count" or claim.quantity.measure not in load("units")["person_measures"]:
            continue
        subject = claim.subject or ""
        if any(word in subject for word in spec["neutral"]):
            pass
        elif any(word in subject for word in spec["actual"]):
            mode = "actual"
        elif any(word in subject for word in spec["authorised"]):
            mode = "authorised"
        if mode:
            groups[mode].append(claim)
    return groups


def _headcount_ratio(report, paragraph):
    claims = [c for c in report.paragraph_claims(paragraph.index) if c.source == "narrative"]
    groups = _headcount_groups(claims)
    if len(groups["authorised"]) < 2 or len(groups["actual"]) < 2:
        return
    for formula in find_formulas(paragraph.text):
        operands = formula.operands
        if len(operands) < 2:
            continue
        numerator, denominator = operands[0], operands[1]
        # the ratio is of these head counts when its numerator is the people in post listed
        in_post = _listed(_claim_at(claims, paragraph, numerator), numerator, groups["actual"])
        if not in_post.holds():
            continue
        passed("count_sum", in_post, "在编人数")
        stated = _claim_at(claims, paragraph, denominator)  # a bare number in a formula is no claim
        listed_posts = _listed(stated, denominator, groups["authorised"])
        if listed_posts.holds():
            passed("count_sum", listed_posts, "编制人数")
            continue
        (posts_sum,), (people_sum,) = listed_posts.computed(), in_post.computed()
        posts, people = posts_sum.mid, people_sum.mid
        listed = " + ".join(fmt(c.value, 0) for c in groups["authorised"])
        says = message(
            "count_sum.headcount", what=formula.label or message("count_sum.ratio"),
            denominator=fmt(denominator.value, 0), listed=listed, posts=fmt(posts, 0),
            people=fmt(people, 0), computed=fmt(100 * people / posts, 2),
        )
        evidence = [(c, "authorised") for c in groups["authorised"]] + [(c, "actual") for c in groups["actual"]]
        location = stated.location if stated else _location(paragraph, denominator.start)
        yield finding("count_sum", "error", says, stated, posts, evidence,
                      confidence=0.85, location=location, subject_text=f"{formula.label or ''} {denominator.text}".strip(),
                      relation=listed_posts)


def _listed(claim, number, counts) -> Sum:
    """The head counts listed against a figure of the formula: its claim, or (a bare number
    in a formula is no claim) the number itself."""
    if claim is not None and claim.value == number.value:
        return Sum(claim, tuple(counts))
    return Sum(None, tuple(counts), number.value)


def _claim_at(claims, paragraph, number):
    return next((c for c in claims if c.start <= number.start < c.end), None)


def _location(paragraph, offset):
    from auditor.models import Location

    line, column = paragraph.origin(offset)
    return Location(line, column, paragraph.page)


RULE = Rule(
    id="count_sum",
    family="arithmetic",
    severity="error",
    summary="Counts that do not add up: indicator totals, breakdowns, head counts behind a ratio",
    check=check,
)
