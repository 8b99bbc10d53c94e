"""year: a statement about the evaluated year's money that names another year.

A report on 2024 that says 2025 年市财政批复我局预算 21573.15 万元 has a typo a reviewer
must catch: the figure is the 2024 budget stated elsewhere. A sentence naming another
year is flagged when its money figures are the ones the report states for the evaluated
year elsewhere (an error), or when it states the budget or spending of the year right
after or before as if it were this year's (a warning). Legitimate other years are left
alone: filing and submission dates, document numbers (〔2025〕1 号), notices about the
evaluation, multi-year periods (2023-2025 年), history (于 2019 年成立), 上年度 and plans
(lexicons/cues.yaml other_year_ok).

Wrong::

    (a report on 2024)
    2025 年市财政批复我局预算 21573.15 万元，其中基本支出 2496.45 万元。

Right::

    按照《关于开展 2025 年市级财政资金绩效自评工作的通知》要求，我局开展自评。
"""
from __future__ import annotations

from auditor.findings import finding
from auditor.lexicon import stage_names
from auditor.messages import message
from auditor.link import cues
from auditor.rules.base import Rule

SPENDING_STAGES = stage_names()


def check(report):
    fiscal = report.facts.fiscal_year
    if fiscal is None:
        return
    for sentence in report.sentences:
        claims = report.claims_by_sentence.get(sentence.index, ())
        for year in [c for c in claims if c.kind == "year" and c.quantity.upper is None]:
            if int(year.value) == fiscal or _excused(report, sentence, year):
                continue
            money = [c for c in claims if c.kind == "money" and c.year == int(year.value)]
            if not money:
                continue
            same = _same_money_in_fiscal_year(report, money, fiscal)
            if same:
                yield _finding(year, fiscal, same, "error", 0.9)
            elif (
                abs(int(year.value) - fiscal) == 1
                and any(c.stage in SPENDING_STAGES for c in money)
                and not _compares_years(report, sentence)
                and not (int(year.value) < fiscal and _explains_a_change(claims, year, report.facts.kind))
            ):
                yield _finding(year, fiscal, [(c, "amount") for c in money], "warning", 0.5)


def _excused(report, sentence, year) -> bool:
    """Words around the year that make another year legitimate: history, plans, notices,
    and comparisons (较 2023 年…, 与 2023 年相比), and a sentence that also states the
    evaluated year's money beside the other year's (2023 年 … 2024 年 …)."""
    text = report.paragraph_text(sentence.paragraph)
    window = text[max(sentence.start, year.start - 6) : min(sentence.end, year.end + 8)]
    if any(word in window for word in cues()["other_year_ok"]):
        return True
    just_before = text[max(sentence.start, year.start - 3) : year.start]
    just_after = text[year.end : year.end + 4].lstrip("度 ")
    return any(word in just_before for word in cues()["comparison_before_year"]) or just_after.startswith(
        tuple(cues()["comparison_after_year"]))


def _explains_a_change(claims, year, kind: str | None) -> bool:
    """收支较上年减少 3888.01 万元，主要原因是 2020 年凌云路项目收支 2000 万元…: a sentence
    that states a change from last year may name last year's figures to explain it. In a
    report of one year (a 决算 or a self-evaluation: its title names its kind), a year that
    opens the sentence (2021 年支出 45.72 万元，比上年增加 6.35 万元) dates the statement
    itself; a report of unknown kind may cover two years (last year's execution, this
    year's budget)."""
    if kind is None:
        return any(c.direction for c in claims)
    return any(c.direction and c.start < year.start for c in claims)


def _compares_years(report, sentence) -> bool:
    """The sentence also states the evaluated year's money: two years side by side."""
    fiscal = report.facts.fiscal_year
    claims = report.claims_by_sentence.get(sentence.index, ())
    return any(c.kind == "money" and c.year == fiscal for c in claims)


def _same_money_in_fiscal_year(report, money, fiscal):
    """Pairs (elsewhere, role) where the same amounts are stated for the evaluated year."""
    found = []
    for claim in money:
        same = report.money_by_amount.get((claim.value, claim.unit, fiscal), ())
        for other in same:
            if other.sentence != claim.sentence and claim.value > 0:
                found.append((other, "same_amount_in_fiscal_year"))
                break
    return found


def _finding(year, fiscal, evidence, severity, confidence):
    elsewhere = [c for c, role in evidence if role == "same_amount_in_fiscal_year"]
    if elsewhere:
        lines = "、".join(dict.fromkeys(str(c.line) for c in elsewhere))
        amounts = "、".join(c.text for c in elsewhere)
        reason = message("year.same_amounts", amounts=amounts, lines=lines, fiscal=str(fiscal))
    else:
        reason = message("year.evaluated_year", fiscal=str(fiscal))
    says = message("year", fiscal=str(fiscal), stated=year.text, reason=reason)
    return finding("year", severity, says, year, float(fiscal), evidence,
                   confidence=confidence)


RULE = Rule(
    id="year",
    family="context",
    severity="error",
    summary="A statement about the evaluated year's budget or spending that names another year",
    check=check,
)
