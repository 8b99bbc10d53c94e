"""Whole reports written for these tests: clean ones give no error or warning, and the slips
planted in their copies are each caught, by the right rule on the right line, with nothing else.

The reports live in tests/reports/ with manifest.yaml (what each report is, the slips planted
in its copy, and the auditor's known false alarms on it, each naming its bug). They are
realistic in shape and phrasing — filing dates, document numbers 〔2025〕, multi-year periods,
上年度, score sheets, indicator counts, formulas, shares, 其中 lists, hard wraps and page
breaks — and every relation in a clean report was computed by hand and holds.

Run this module as a script to print precision and recall over the planted reports.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from auditor.pipeline import audit_file, audit_text

REPORTS = Path(__file__).parent / "reports"
FLAGGED = ("error", "warning")
GROUPING_RULES = ("root_cause",)  # findings that group others: judged by the lines they cite


@cache
def manifest() -> dict:
    return yaml.safe_load((REPORTS / "manifest.yaml").read_text(encoding="utf-8"))["reports"]


@cache
def flagged(name: str) -> tuple:
    """Every error/warning finding on a report, those folded into another's `related` too."""
    found = []
    for item in audit_file(str(REPORTS / name)).findings:
        found.extend(f for f in (item, *item.related) if f.severity in FLAGGED)
    return tuple(found)


@dataclass(frozen=True)
class Slip:
    report: str
    line: int
    rule: str
    also: tuple[str, ...]
    what: str
    missed: str | None

    def explains(self, finding) -> bool:
        rules = (self.rule, *self.also, *GROUPING_RULES)
        return finding.rule in rules and self.line in finding.lines()


def slips() -> list[Slip]:
    return [
        Slip(name, s["line"], s["rule"], tuple(s.get("also", ())), s["what"], s.get("missed"))
        for name, spec in manifest().items()
        for s in spec["slips"]
    ]


def known(name: str) -> set[tuple[str, int]]:
    return {(k["rule"], k["line"]) for k in manifest()[name]["known_false_alarms"]}


def is_known(name: str, finding) -> bool:
    marks = known(name)
    if finding.rule in GROUPING_RULES:
        return any(line in {l for _, l in marks} for line in finding.lines())
    return (finding.rule, finding.line) in marks


def describe(findings) -> list[str]:
    return [f"{f.severity} {f.rule} line {f.line}: {f.message[:120]}" for f in findings]


CLEAN = sorted(manifest())


# ---------------------------------------------------------------- the files themselves

@pytest.mark.parametrize("name", CLEAN)
def test_report_shape(name):
    """40–80 lines, and the auditor reads the kind and fiscal year the manifest states."""
    spec = manifest()[name]
    for path in (REPORTS / name, REPORTS / spec["planted"]):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert 40 <= len(lines) <= 80, (path.name, len(lines))
    result = audit_file(str(REPORTS / name))
    assert result.facts.kind == spec["kind"]
    assert result.facts.fiscal_year == spec["fiscal_year"]


@pytest.mark.parametrize("name", CLEAN)
def test_planted_copy_differs_only_on_its_slip_lines(name):
    spec = manifest()[name]
    clean = (REPORTS / name).read_text(encoding="utf-8").splitlines()
    planted = (REPORTS / spec["planted"]).read_text(encoding="utf-8").splitlines()
    assert len(clean) == len(planted)
    changed = {n for n, (a, b) in enumerate(zip(clean, planted), 1) if a != b}
    assert changed == {s["line"] for s in spec["slips"]}
    assert 4 <= len(spec["slips"]) <= 6


# ---------------------------------------------------------------- precision on clean reports

@pytest.mark.parametrize("name", CLEAN)
def test_clean_report_has_no_error_or_warning_beyond_known_bugs(name):
    unexpected = [f for f in flagged(name) if not is_known(name, f)]
    assert unexpected == [], describe(unexpected)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(
                reason="known false alarms: " + "; ".join(
                    f"{k['rule']}@{k['line']}" for k in manifest()[name]["known_false_alarms"]),
                strict=True,
            ),
        ) if manifest()[name]["known_false_alarms"] else name
        for name in CLEAN
    ],
)
def test_clean_report_has_no_error_or_warning(name):
    assert describe(flagged(name)) == []


# ---------------------------------------------------------------- recall on planted copies

def _slip_id(slip: Slip) -> str:
    return f"{slip.report.removesuffix('.txt')}:{slip.line}:{slip.rule}"


@pytest.mark.parametrize(
    "slip",
    [
        pytest.param(s, id=_slip_id(s),
                     marks=pytest.mark.xfail(reason=s.missed, strict=True) if s.missed else ())
        for s in slips()
    ],
)
def test_planted_slip_is_caught_by_its_rule_on_its_line(slip):
    planted = manifest()[slip.report]["planted"]
    hits = [f for f in flagged(planted) if f.rule == slip.rule and slip.line in f.lines()]
    assert hits, (slip.what, describe(flagged(planted)))


@pytest.mark.parametrize("name", CLEAN)
def test_planted_copy_has_nothing_else(name):
    planted = manifest()[name]["planted"]
    ours = [s for s in slips() if s.report == name]
    unexplained = [
        f for f in flagged(planted)
        if not any(s.explains(f) for s in ours) and not is_known(name, f)
    ]
    assert unexplained == [], describe(unexplained)


def test_a_known_false_alarm_does_not_hide_a_slip():
    """Each slip line differs from every known false alarm's (rule, line)."""
    for slip in slips():
        assert (slip.rule, slip.line) not in known(slip.report), slip


# ---------------------------------------------------------------- the bugs behind the false alarms and misses
#
# Minimal texts for each known false alarm or miss above, so each bug has a focused test.

TITLE = "2024年度某某市审计局部门整体支出绩效自评报告\n\n"


def _flagged_text(text: str, rule: str, title: str = TITLE) -> list:
    found = []
    for item in audit_text(title + text).findings:
        found.extend(f for f in (item, *item.related) if f.rule == rule and f.severity in FLAGGED)
    return found


@pytest.mark.parametrize("text", [
    "全年执行数 2,538.72 万元。基本支出 1,896.30 万元，占全年执行数的 74.70%。",
    "政府采购支出总额 420.60 万元，授予中小企业合同金额 380.20 万元，占政府采购支出总额的 90.39%。",
])
def test_label_leaves_shares_of_an_amount_alone(text):
    assert _flagged_text(text, "label") == []


def test_label_still_flags_a_percentage_labelled_as_an_amount():
    text = "其中基本支出全年执行数 1,254.30 万元，执行数 98.57%。"
    assert len(_flagged_text(text, "label")) == 1


def test_score_sum_does_not_judge_a_section_with_an_unscored_item():
    text = (
        "2. 预算执行（30 分）。该项指标自评得分 28.59 分。\n"
        "（1）预算执行率（15 分）。预算执行率得分 = 97.25% × 15 = 14.59 分。\n"
        "（2）结转结余控制（10 分）。结转结余率低于 5%，自评得 9 分。\n"
        "（3）三公经费控制（5 分）。三公经费支出未超预算，自评得 5 分。\n"
    )
    assert _flagged_text(text, "score_sum") == []


def test_score_sum_total_stated_without_wei():
    text = (
        "二、绩效自评情况\n（一）自评结论\n我局开展了部门整体支出绩效自评，自评得分 96.1 分，绩效等级为“优”。\n"
        "（二）分项得分情况\n"
        "1. 投入（15 分）。该项指标自评得分 14 分。\n2. 过程（25 分）。该项指标自评得分 23.6 分。\n"
        "3. 产出（35 分）。该项指标自评得分 32 分。\n4. 效果（25 分）。该项指标自评得分 22 分。\n"
    )
    assert len(_flagged_text(text, "score_sum")) == 1


@pytest.mark.xfail(reason="year: another year's money without a budget/spending stage is not "
                          "flagged, though in a 部门决算说明 财政拨款支出 is the 决算 by genre", strict=True)
def test_year_in_a_final_accounts_spending_sentence():
    title = "某市统计局2024年度部门决算说明\n\n"
    text = "2023 年度财政拨款支出 2,862.30 万元，主要用于一般公共服务支出。"
    assert len(_flagged_text(text, "year", title)) == 1


@pytest.mark.parametrize("text", [
    "2024 年决算支出 1,100.00 万元，较 2023 年决算支出 1,000.00 万元增加 100.00 万元，增长 10.00%。",
    "与 2023 年相比，年初预算减少 50.00 万元。",
    "2023 年度决算支出 2,800.00 万元，2024 年度决算支出 3,000.00 万元。",
])
def test_year_leaves_comparisons_with_the_year_before_alone(text):
    assert _flagged_text(text, "year") == []


def test_sum_message_shows_components_of_mixed_units_comparably():
    text = "“三公”经费支出 6.82 万元，其中公务用车运行维护费 5.58 万元，公务接待费 14,200.00 元。"
    (found,) = _flagged_text(text, "sum")
    assert "14200.00 +" not in found.message and "+ 14200.00 =" not in found.message


# ---------------------------------------------------------------- precision and recall

def summary() -> dict:
    """Recall over planted slips; precision over flagged findings on planted and clean copies."""
    caught = explained = unexplained = 0
    for name, spec in manifest().items():
        ours = [s for s in slips() if s.report == name]
        found = flagged(spec["planted"])
        caught += sum(
            any(f.rule == s.rule and s.line in f.lines() for f in found) for s in ours
        )
        for f in found:
            if any(s.explains(f) for s in ours):
                explained += 1
            else:
                unexplained += 1
    clean_flagged = sum(len(flagged(name)) for name in manifest())
    planted = len(slips())
    return {
        "slips planted": planted,
        "slips caught": caught,
        "recall": round(caught / planted, 3),
        "findings on planted copies": explained + unexplained,
        "of which explained by a slip": explained,
        "precision (planted copies)": round(explained / (explained + unexplained), 3),
        "error/warning findings on clean reports": clean_flagged,
    }


if __name__ == "__main__":
    for key, value in summary().items():
        print(f"{key:<42} {value}")


@pytest.mark.xfail(reason="conflict compares subjects by rapidfuzz ratio, so the same metric with "
                          "its words in another order (全年共办理“跨省通办”业务 / “跨省通办”业务全年办理) "
                          "is not seen as the same quantity unless the sentences share a figure",
                   strict=True)
def test_conflict_with_the_words_of_the_subject_reordered():
    text = "全年共办理“跨省通办”业务 1,850 件。\n\n“跨省通办”业务全年办理 2,150 件，群众满意度高。"
    assert len(_flagged_text(text, "conflict")) == 1


def test_grade_ignores_a_bonus_in_parentheses():
    text = "部门整体支出绩效自评得分为 96.5 分（含加分 1 分），绩效等级为“优”。"
    assert _flagged_text(text, "grade") == []


def test_grade_still_flags_a_wrong_grade():
    text = "部门整体支出绩效自评得分为 86.5 分，绩效等级为“优”。"
    (found,) = _flagged_text(text, "grade")
    assert found.stated.value == 86.5
