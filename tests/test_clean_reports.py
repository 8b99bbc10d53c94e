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


# ---------------------------------------------------------------- second review: the bugs behind
# the known false alarms and misses of street_lighting_2024, ecology_final_accounts_2024 and
# hospital_2024 (see their manifest entries for the cause and where a fix belongs). Table-reading
# bugs are in tests/test_tables.py.

FINAL_ACCOUNTS = "某市某局2024年度部门决算说明\n\n"
PROJECT = "2024年度某某项目支出绩效自评报告\n\n"


def _lines_flagged(text: str, rule: str, title: str = TITLE) -> list[int]:
    return [f.line for f in _flagged_text(text, rule, title)]


def test_completeness_part_heading_followed_by_its_first_section():
    text = "第一部分 部门概况\n一、主要职能\n某市某局是市政府工作部门，负责本行业监督管理。\n"
    assert 3 not in _lines_flagged(text, "completeness", FINAL_ACCOUNTS)


def test_completeness_knows_a_self_evaluation_section_titled_zi_ping_de_fen():
    text = ("一、部门基本情况\n某院是三级医院。\n二、部门整体收支情况\n全年支出 100.00 万元。\n"
            "三、自评得分情况\n自评总分 96 分，绩效等级为“优”。\n四、存在问题及改进措施\n一是执行偏慢。\n")
    assert not any("绩效自评情况" in f.message for f in _flagged_text(text, "completeness"))


def test_table_text_fund_name_is_no_budget_stage():
    text = ("一般公共预算财政拨款支出主要用于以下方面：卫生健康支出 156.82 万元。\n\n"
            "表2 支出决算表（单位：万元）\n科目名称\t年初预算数\t决算数\n卫生健康支出\t160.00\t156.82\n"
            "合计\t160.00\t156.82\n")
    assert _flagged_text(text, "table_text", FINAL_ACCOUNTS) == []


# Found in this review and fixed meanwhile (06403c2): kept as regression tests.
def test_average_total_is_not_a_change():
    text = "全年门急诊 86.52 万人次，比上年增加 5.17 万人次，日均门急诊 2364 人次。\n"
    assert _flagged_text(text, "average") == []


def test_average_total_is_not_another_average():
    text = "全年门急诊 86.52 万人次，日均门急诊 2364 人次，按 186 名医师计，医师人均担负门急诊 4651.6 人次。\n"
    assert _flagged_text(text, "average") == []


def test_average_per_day_ignores_the_year_of_a_comparison():
    text = "全年门急诊 86.52 万人次，较 2023 年同期有所增长，日均门急诊 2364 人次。\n"
    assert _flagged_text(text, "average") == []


def test_average_per_day_in_a_leap_year_holds():
    text = "全年门急诊 86.52 万人次，日均门急诊 2364 人次。\n"  # 865200 ÷ 366 = 2363.9
    assert _flagged_text(text, "average") == []


def test_sum_opening_budget_plus_addition_is_the_full_year_budget():
    text = "2024 年年初预算数 860.00 万元；年中追加 70.00 万元，全年预算数 920.00 万元。\n"
    assert len(_flagged_text(text, "sum", PROJECT)) == 1


def test_sum_opening_budget_plus_addition_in_parentheses_is_checked():
    text = "2024 年度财政拨款预算 920.00 万元（年初预算 860.00 万元，年中追加 70.00 万元）。\n"
    assert len(_flagged_text(text, "sum")) == 1


def test_difference_with_the_current_amount_in_the_sentence_before():
    text = "全年执行数 874.36 万元。全年执行数比上年 812.40 万元增加 69.16 万元。\n"
    assert len(_flagged_text(text, "difference", PROJECT)) == 1


def test_difference_of_counts():
    text = "全年门急诊 86.52 万人次，较上年 81.35 万人次增加 5.17 万人次，增长 6.63%。\n"
    assert _flagged_text(text, "difference") + _flagged_text(text, "ratio")


@pytest.mark.xfail(reason="a change whose base is only in a table's 上年 column is not linked",
                   strict=True, raises=AssertionError)
def test_difference_with_its_base_in_a_table():
    text = ("本年收入合计 5,387.80 万元，比上年增加 292.80 万元。\n\n表1 收入决算情况表（单位：万元）\n"
            "项目\t本年决算数\t上年决算数\t增减额\n事业收入\t356.80\t340.50\t16.30\n"
            "其他收入\t5,031.00\t4,817.50\t213.50\n本年收入合计\t5,387.80\t5,158.00\t229.80\n")
    found = _flagged_text(text, "difference", FINAL_ACCOUNTS) + _flagged_text(
        text, "table_text", FINAL_ACCOUNTS)
    assert [f.line for f in found] == [3]


@pytest.mark.parametrize("text", [
    "单盏维护成本 = 512.30 万元 / 12360 盏 = 441.48 元。\n",
    "人均经费 = 16720.76 万元 / 898 人 = 16.82 万元。\n",
])
def test_formula_with_units_in_its_operands(text):
    assert len(_flagged_text(text, "formula")) == 1


def test_score_list_with_qizhong_after_a_paragraph_break():
    text = ("本项目绩效自评得分为 97.50 分，绩效等级为“优”。\n"
            "其中预算执行得分 9.50 分，产出指标得分 49 分，效益指标得分 25 分，满意度指标得分 15 分。\n")
    assert len(_flagged_text(text, "score_sum", PROJECT)) == 1


def test_score_list_with_qizhong_in_the_same_paragraph_is_checked():
    text = ("本项目绩效自评得分为 97.50 分，绩效等级为“优”。其中预算执行得分 9.50 分，产出指标得分 49 分，"
            "效益指标得分 25 分，满意度指标得分 15 分。\n")
    assert len(_flagged_text(text, "score_sum", PROJECT)) == 1


def test_score_sum_total_with_a_bonus_item_scored_as_jia():
    text = ("二、绩效自评情况\n（一）自评结论\n自评总分 96.65 分（含加分 2 分），绩效等级为“优”。\n"
            "（二）各项得分\n1. 预算编制（20 分）。该项指标自评得分 19 分。\n"
            "2. 预算执行（30 分）。该项指标自评得分 29.56 分。\n3. 履职效能（35 分）。该项指标自评得分 32 分。\n"
            "4. 社会满意度（15 分）。该项指标自评得分 14 分。\n5. 加分项（5 分）。获评省级示范中心，加 2 分。\n")
    assert len(_flagged_text(text, "score_sum")) == 1


def test_ratio_completion_of_the_opening_budget():
    text = "节能环保支出年初预算为 3,850.00 万元，支出决算为 3,986.47 万元，完成年初预算的 105.34%。\n"
    assert len(_flagged_text(text, "ratio", FINAL_ACCOUNTS)) == 1


def test_ratio_component_rate_with_its_budget_in_the_sentence_before():
    text = ("财政拨款预算 8,650.00 万元，其中基本支出 5,210.00 万元，项目支出 3,440.00 万元。"
            "全年财政拨款支出 8,396.72 万元。其中基本支出 5,186.45 万元，执行率 99.55%；"
            "项目支出 3,210.27 万元，执行率 93.23%。\n")
    assert len(_flagged_text(text, "ratio")) == 1


def test_ratio_of_counts_in_zhan():
    text = "全年完成路灯设施维修 12360 盏，为年度指标值 12000 盏的 102.00%。\n"
    assert len(_flagged_text(text, "ratio", PROJECT)) == 1


def test_count_sum_breakdown_introduced_by_zhong():
    text = "实有在编人员 586 人。在编人员中，卫生技术人员 512 人，管理人员 45 人，工勤技能人员 34 人。\n"
    assert len(_flagged_text(text, "count_sum")) == 1


def test_conflict_component_rate_restated_with_its_name():
    text = ("全年支出 8,396.72 万元。其中基本支出 5,186.45 万元，执行率 99.55%；项目支出 3,210.27 万元，"
            "执行率 93.32%。\n\n一是项目支出执行率 93.12%，低于基本支出执行率。\n")
    assert len(_flagged_text(text, "conflict")) == 1
