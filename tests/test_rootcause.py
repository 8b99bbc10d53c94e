"""auditor.rootcause: relations solved for one figure, root-cause groups, which figure is wrong.

Unit tests build claims by hand; the integration tests audit short reports written for
these tests (not corpus wording) through the real pipeline stages, with and without the
report's Links.
"""
from __future__ import annotations

import itertools

import pytest

from dataclasses import replace

from auditor.models import Claim, Evidence, Finding, Location, Quantity, SourceDocument, SourceLine
from auditor.relations import (AtLeast, Average, ChangeRate, Difference, Growth, ImpliedTotal, Ratio,
                               Relation, Same, Sum, substituted)
from auditor.rootcause import RULE_ID, analyse, attribute, breaks, correction, relation_of

_ids = itertools.count(1)

_UNITS = {"万元": ("money", "元", 1e4), "元": ("money", "元", 1.0), "%": ("percent", "%", 1.0),
          "个": ("count", "个", 1.0), "万个": ("count", "个", 1e4), "分": ("score", "分", 1.0),
          "条": ("count", "条", 1.0)}


def claim(text: str, line: int = 1, qualifier: str | None = None, subject: str | None = None) -> Claim:
    """A claim from its surface ("600.00万元", "15.00%", "9个")."""
    unit = next(u for u in sorted(_UNITS, key=len, reverse=True) if text.endswith(u))
    digits = text[: -len(unit)]
    kind, measure, scale = _UNITS[unit]
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    quantity = Quantity(text, 0, len(text), float(digits), unit, kind, decimals, qualifier,
                        scale, measure)
    n = next(_ids)
    return Claim(f"K{n}", quantity, Location(line, n), "narrative", subject, None, None)


def found(rule: str, stated: Claim, evidence, severity: str = "error",
          expected: float | None = None, confidence: float = 0.9,
          relation: Relation | None = None) -> Finding:
    return Finding(rule, severity, f"{rule} message", stated.location, stated, expected,
                   tuple(Evidence(c, role) for c, role in evidence), confidence,
                   message_en=f"{rule} message en", relation=relation)


# ---------------------------------------------------------------- solving one relation


def test_sum_component_needs_total_minus_the_others():
    total, a, b = claim("1000.00万元"), claim("600.00万元"), claim("430.00万元")
    rel = Sum(total, (a, b))
    assert not rel.holds()
    need = rel.needed(b)
    assert need.lo == pytest.approx(399.99) and need.hi == pytest.approx(400.01)
    assert correction(b, [rel]) == 400.0
    assert correction(total, [rel]) == 1030.0


def test_sum_across_units_is_solved_in_the_claims_own_unit():
    total, a, b = claim("1000.00万元"), claim("6000000元"), claim("430.00万元")
    rel = Sum(total, (a, b))
    assert correction(a, [rel]) == 5700000.0  # 570 万元 in 元
    assert correction(b, [rel]) == 400.0


def test_partial_list_only_bounds_its_total():
    total, a, b = claim("1000.00万元"), claim("600.00万元"), claim("300.00万元")
    assert AtLeast(total, (a, b)).holds()
    over = AtLeast(total, (a, claim("450.00万元")))
    assert not over.holds()
    assert over.needed(total).hi == float("inf")
    assert correction(total, [over]) == 1050.0  # the smallest total that is not exceeded


def test_ratio_each_operand():
    result, numerator, denominator = claim("96.00%"), claim("950.00万元"), claim("1000.00万元")
    rel = Ratio(result, numerator, denominator)
    assert not rel.holds()
    assert correction(result, [rel]) == 95.0
    assert correction(numerator, [rel]) == 960.0
    assert correction(denominator, [rel]) == pytest.approx(989.58)
    assert rel.holds({denominator.id: 989.58})


def test_implied_total_rate_item_and_total():
    base = claim("2000.00万元")
    a, ra, b, rb = claim("900.00万元"), claim("90.00%"), claim("950.00万元"), claim("95.00%")
    rel = ImpliedTotal(base, ((a, ra), (b, rb)))
    assert rel.holds()  # 900 ÷ 90% + 950 ÷ 95% = 1000 + 1000
    wrong = ImpliedTotal(claim("2100.00万元"), ((a, ra), (b, rb)))
    assert correction(wrong.target, [wrong]) == 2000.0
    assert correction(b, [wrong]) == 1045.0  # (2100 − 1000) × 95%
    rate = correction(rb, [wrong])
    assert rate == pytest.approx(86.36) and wrong.holds({rb.id: rate})


def test_difference_respects_the_stated_direction():
    change, current, base = claim("120.00万元"), claim("900.00万元"), claim("1000.00万元")
    decrease = Difference(change, current, base, sign=-1)
    assert not decrease.holds()  # 1000 − 900 = 100
    assert correction(change, [decrease]) == 100.0
    assert correction(current, [decrease]) == 880.0
    assert correction(base, [decrease]) == 1020.0


def test_change_rate_and_average_and_same():
    rate = ChangeRate(claim("25.00%"), claim("100.00万元"), claim("500.00万元"))
    assert correction(rate.target, [rate]) == 20.0
    assert correction(rate.terms[1], [rate]) == 400.0
    per_item = Average(claim("30条"), claim("199条"), (claim("9个"),))
    assert not per_item.holds()
    assert correction(per_item.terms[1], [per_item]) is None  # 199 ÷ 30 is no whole count
    either = Average(claim("30条"), claim("210条"), (claim("9个"), claim("7个")))
    assert either.holds()  # 210 ÷ 7 = 30: any of the stated counts may be the divisor
    assert either.needed(either.target) is None  # several readings: no single value
    per_day = Average(claim("500个"), claim("146000个"), days=365.0)
    assert correction(per_day.target, [per_day]) == 400
    same = Same(claim("1.80万元"), claim("1.72万元"))
    assert correction(same.target, [same]) == 1.72


def test_growth_is_solved_for_its_percentage_and_both_amounts():
    # 较 1000.00 增长 12.00%, though 1100.00 is a growth of 10.00%
    percent, current, base = claim("12.00%"), claim("1100.00万元"), claim("1000.00万元")
    rise = Growth(percent, current, base, sign=1)
    assert not rise.holds()
    assert rise.holds({percent.id: 10.0})
    assert correction(percent, [rise]) == 10.0
    assert correction(current, [rise]) == 1120.0  # 1000 × (1 + 12%)
    assert correction(base, [rise]) == pytest.approx(982.14)  # 1100 ÷ 1.12
    assert rise.holds({base.id: 982.14})
    # 下降 4.00%, though 950.00 against 1000.00 is a fall of 5.00%: the sign is the words'
    fall = Growth(claim("4.00%"), claim("950.00万元"), claim("1000.00万元"), sign=-1)
    assert not fall.holds()
    assert correction(fall.target, [fall]) == 5.0
    assert correction(fall.terms[0], [fall]) == 960.0  # 1000 × (1 − 4%)
    assert correction(fall.terms[1], [fall]) == pytest.approx(989.58)  # 950 ÷ 0.96
    # the same figures read as a rise cannot be met by any percentage of that size
    assert not replace(fall, result=claim("5.00%"), sign=1).holds()


def test_open_ended_and_qualified_figures():
    more_than = claim("2万元", qualifier="超过")
    rel = Same(more_than, claim("1.72万元"))
    assert correction(more_than, [rel]) is None  # 超过 has no single value to correct to
    about = claim("33条", qualifier="约")
    per_item = Average(about, claim("199条"), (claim("9个"),))
    value = correction(about, [per_item])
    assert value is not None and per_item.holds({about.id: value})
    assert substituted(about, value).hi > value  # the qualifier keeps widening the new value


def test_breaks_lists_only_relations_of_the_claim_that_fail():
    total, a, b = claim("1000.00万元"), claim("600.00万元"), claim("400.00万元")
    share = claim("60.00%")
    relations = [Sum(total, (a, b)), Ratio(share, a, total),
                 Sum(claim("500.00万元"), (claim("200.00万元"), claim("300.00万元")))]
    assert breaks(a, 610.0, relations) == relations[:2]
    assert breaks(b, 400.0, relations) == []


# ---------------------------------------------------------------- relations from findings


def test_relations_rebuilt_from_evidence_roles():
    total, a, b = claim("1000.00万元"), claim("600.00万元"), claim("430.00万元")
    rel = relation_of(found("sum", total, [(a, "component"), (b, "component")], expected=1030.0))
    assert rel == Sum(total, (a, b))
    partial = found("sum", claim("1100.00万元"), [(a, "component"), (b, "component")],
                    severity="warning", expected=1030.0)
    assert relation_of(partial).kind == "at_least"
    ratio = found("ratio", claim("96.00%"), [(a, "numerator"), (total, "denominator")])
    assert relation_of(ratio).kind == "ratio"
    change = found("difference", claim("120.00万元"), [(claim("900.00万元"), "current"),
                                                      (claim("1000.00万元"), "base")],
                   expected=100.0)  # 减少: −(900 − 1000)
    assert relation_of(change).sign == -1
    assert relation_of(found("year", claim("2020个"), [(a, "amount")])) is None
    label = Finding("label", "error", "m", total.location, total)
    assert relation_of(label) is None


def test_the_rules_relation_is_used_as_given():
    total, a, b = claim("1000.00万元"), claim("600.00万元"), claim("300.00万元")
    components = [(a, "component"), (b, "component")]
    partial = AtLeast(total, (a, b))
    # the rule said the list may be partial: so it is, whatever the severity
    as_error = found("sum", total, components, severity="error", expected=900.0, relation=partial)
    assert relation_of(as_error) == partial
    assert analyse([as_error]).failed == []  # 600 + 300 does not exceed 1000: nothing failed
    # the rule said the list is whole: a warning that falls short stays a sum
    whole = Sum(total, (a, b))
    as_warning = found("sum", total, components, severity="warning", expected=900.0, relation=whole)
    assert relation_of(as_warning).kind == "sum"
    assert [e.relation for e in analyse([as_warning]).failed] == [whole]
    # a change between two equal amounts: no direction can be read off ``expected``, the
    # rule's sign still says which way the words go
    current, base = claim("900.00万元"), claim("900.00万元")
    change = found("difference", claim("20.00万元"), [(current, "current"), (base, "base")],
                   expected=0.0)
    assert relation_of(change) is None
    said = replace(change, relation=Difference(change.stated, current, base, sign=-1))
    assert relation_of(said).sign == -1
    assert correction(current, [said.relation]) == 880.0


def test_an_average_over_days_is_a_relation_like_any_other():
    total, per_day = claim("36.80万个"), claim("1000个")
    phone, web = claim("20.00万个"), claim("16.50万个")
    average = found("average", per_day, [(total, "total")], expected=1008.2,
                    relation=Average(per_day, total, days=365.0))
    listed = found("count_sum", total, [(phone, "component"), (web, "component")], expected=36.5,
                   relation=Sum(total, (phone, web)))
    assert relation_of(replace(average, relation=None)) is None  # no count: nothing to guess from
    out = attribute([listed, average])
    assert [f.rule for f in out] == [RULE_ID]
    assert out[0].stated == total and out[0].expected == 36.5
    assert "36.50 ÷ 365 天 = 1000" in out[0].message


def test_fold_keeps_the_winners_relation():
    from auditor.findings import fold

    total, a, b = claim("1000.00万元"), claim("600.00万元"), claim("430.00万元")
    strong = found("sum", total, [(a, "component"), (b, "component")], confidence=0.95,
                   relation=Sum(total, (a, b)))
    weak = found("conflict", total, [(claim("1030.00万元"), "other_statement")], confidence=0.5,
                 relation=Same(total, claim("1030.00万元")))
    for order in ([strong, weak], [weak, strong]):
        (kept,) = fold(order)
        assert kept.relation == strong.relation
        assert [f.relation for f in kept.related] == [weak.relation]


# ---------------------------------------------------------------- grouping


def test_one_number_restoring_two_relations_becomes_a_root_cause():
    total, a, b, c = claim("1000.00万元", 3), claim("600.00万元", 3), claim("250.00万元", 3), claim("180.00万元", 3)
    share = claim("15.00%", 3)
    sum_finding = found("sum", total, [(a, "component"), (b, "component"), (c, "component")],
                        expected=1030.0, confidence=0.8)
    ratio_finding = found("ratio", share, [(c, "numerator"), (total, "denominator")],
                          severity="warning", expected=18.0, confidence=0.95)
    other = Finding("label", "error", "label message", a.location, a)
    out = attribute([sum_finding, other, ratio_finding])
    assert [f.rule for f in out] == [RULE_ID, "label"]
    root = out[0]
    assert root.stated == c and root.expected == 150.0
    assert root.severity == "error" and root.confidence == 0.95
    assert set(root.related) == {sum_finding, ratio_finding}
    assert "应为 150.00" in root.message and "should be 150.00" in root.message_en
    assert "区间" in root.message and "interval" in root.message_en
    assert "单改 1000.00 不能使各项同时成立" in root.message


def test_no_group_when_no_single_number_restores_both():
    total = claim("85920个")
    first = found("count_sum", total, [(claim("15005个"), "component"), (claim("70912个"), "component")],
                  expected=85917.0)
    second = found("count_sum", total, [(claim("52192个"), "component"), (claim("33716个"), "component")],
                   expected=85908.0)
    out = attribute([first, second])
    assert [(f.rule, f.stated, f.expected) for f in out] == [
        (f.rule, f.stated, f.expected) for f in (first, second)]
    # the shared total is named as the reason the two were not grouped
    assert "另：85920 也在不成立的 52192 + 33716 = 85920 中，但没有一个值能使各处同时成立" in out[0].message
    assert "no one value restores them all, so they are not one root cause" in out[1].message_en


def test_no_group_when_two_numbers_could_each_be_the_slip():
    a, b = claim("10个"), claim("12个")
    small = found("count_sum", claim("20个"), [(a, "component"), (b, "component")], expected=22.0)
    large = found("count_sum", claim("25个"), [(a, "component"), (b, "component"),
                                              (claim("5个"), "component")], expected=27.0)
    analysis = analyse([small, large])
    assert len(analysis.failed) == 2 and analysis.causes == []
    assert attribute([small, large]) == [small, large]


def test_duplicate_reports_of_one_relation_are_one_relation():
    total, a, b = claim("100个"), claim("60个"), claim("50个")
    one = found("count_sum", total, [(a, "component"), (b, "component")], expected=110.0)
    two = found("sum", total, [(a, "component"), (b, "component")], expected=110.0)
    analysis = analyse([one, two])
    assert len(analysis.failed) == 1 and analysis.failed[0].findings == (one, two)
    assert analysis.causes == []


def test_a_relation_that_holds_as_rebuilt_is_not_a_failure():
    total, a, _ = claim("1000.00万元"), claim("600.00万元"), claim("400.00万元")
    misread = found("table_ratio", claim("60.00%"), [(a, "numerator"), (total, "denominator")],
                    severity="warning", expected=100.0)
    assert analyse([misread]).failed == []
    assert attribute([misread]) == [misread]


# ---------------------------------------------------------------- through the pipeline

TITLE = "2023年度某某市数据管理局部门整体支出绩效自评报告\n一、部门整体支出情况\n"

SHARES = TITLE + (
    "2023 年度本部门支出合计 2400.00 万元。从经济分类看，人员经费 1200.00 万元，占总支出的 50.00%；"
    "公用经费 360.00 万元，占总支出的 15.00%；项目经费 900.00 万元，占总支出的 35.00%。\n"
)

RATE = TITLE + (
    "本年预算数为 500.00 万元（基本支出预算 300.00 万元、项目支出预算 200.00 万元），"
    "本年执行数为 480.00 万元，执行率为 97.00%。其中基本支出执行数 290.00 万元，"
    "项目支出执行数 190.00 万元。\n"
)


def audit_with_links(text: str):
    """The pipeline's stages, with finalise given the report's Links (what the lead is asked
    to wire into auditor.pipeline)."""
    from auditor.claims import build_claims
    from auditor.facts import extract_facts
    from auditor.findings import finalise
    from auditor.normalise import build_document
    from auditor.pipeline import run_rules
    from auditor.report import Report
    from auditor.tables import parse_tables

    lines = tuple(SourceLine(i, line) for i, line in enumerate(text.splitlines(), 1))
    document = build_document(SourceDocument("<test>", "text", lines))
    tables = tuple(parse_tables(document.tables))
    claims, sentences = build_claims(document, tables)
    report = Report(document, extract_facts(document, claims), claims, sentences, tables)
    return finalise(run_rules(report), claims, links=report.links)


def test_pipeline_groups_a_component_that_breaks_its_total_and_its_share():
    from auditor.pipeline import audit_text

    for findings in (audit_text(SHARES).findings, audit_with_links(SHARES)):
        roots = [f for f in findings if f.rule == RULE_ID]
        assert len(roots) == 1
        root = roots[0]
        assert root.stated.value == 900.0 and root.expected == 840.0
        assert {f.rule for f in root.related} == {"sum", "ratio"}
        assert "第 3 行" in root.message and "应为 840.00" in root.message
        assert not [f for f in findings if f.rule in ("sum", "ratio")]


def test_pipeline_leaves_a_clean_report_alone():
    clean = SHARES.replace("900.00", "840.00")
    assert audit_with_links(clean) == ()


def test_confirmed_figures_point_at_the_unconfirmed_one():
    findings = audit_with_links(RATE)
    ratio = next(f for f in findings if f.rule == "ratio")
    assert "480.00 有 290.00 + 190.00 = 480.00 印证" in ratio.message
    assert "500.00 有 300.00 + 200.00 = 500.00 印证" in ratio.message
    assert "最可能有误的是 执行率 97.00%，应为 96.00%" in ratio.message
    assert "the most likely slip is 执行率 97.00%, which should be 96.00%" in ratio.message_en


def test_the_pipeline_passes_links_so_confirmations_are_claimed():
    from auditor.pipeline import audit_text

    ratio = next(f for f in audit_text(RATE).findings if f.rule == "ratio")
    assert "最可能有误的是 执行率 97.00%" in ratio.message


def test_root_cause_grouping_can_be_turned_off():
    from auditor.config import AuditOptions
    from auditor.pipeline import audit_text

    text = (
        "2024年度某某局部门整体支出绩效自评报告\n\n"
        "财政拨款支出合计 600.00 万元。一般公共服务支出 500.00 万元，占总支出的 83.33%；"
        "社会保障和就业支出 60.00 万元，占总支出的 10.00%；住房保障支出 41.00 万元，占总支出的 6.67%。"
    )
    grouped = audit_text(text).findings
    assert [f.rule for f in grouped if f.severity == "error"] == ["root_cause"]
    assert grouped[0].expected == 40.00
    plain = audit_text(text, options=AuditOptions(ignore=("root_cause",))).findings
    assert "root_cause" not in {f.rule for f in plain}
    assert {"sum", "ratio"} <= {f.rule for f in plain}


CALLS = TITLE + (
    "2023 年受理电话来电 20.00 万个、网络来电 16.50 万个，合计 36.80 万个，日均话务量 1000 个。\n"
)


def test_an_average_over_the_days_of_the_year_takes_part_in_grouping():
    from auditor.pipeline import audit_text

    for findings in (audit_text(CALLS).findings, audit_with_links(CALLS)):
        assert [f.rule for f in findings] == [RULE_ID]
        root = findings[0]
        assert root.stated.text == "36.80 万个" and root.expected == 36.5
        assert {(f.rule, f.relation.kind, f.relation.constant) for f in root.related} == {
            ("average", "average", 365.0), ("count_sum", "sum", None)}
        assert "36.50 ÷ 365 天 = 1000" in root.message
    # 2024 has 366 days: 36.60 万个 at 1000 a day holds, and the list is then the only slip
    leap = CALLS.replace("2023 年", "2024 年").replace("36.80", "36.60")
    assert [f.rule for f in audit_with_links(leap)] == ["count_sum"]


def test_a_growth_rate_and_a_total_share_their_wrong_amount():
    text = TITLE + ("2024 年支出 1120.00 万元（基本支出 600.00 万元、项目支出 500.00 万元），"
                    "较 2023 年的 1000.00 万元增长 10.00%。\n")
    findings = audit_with_links(text)
    assert [f.rule for f in findings] == [RULE_ID]
    root = findings[0]
    assert root.stated.text == "1120.00 万元" and root.expected == 1100.0
    growth = next(f for f in root.related if f.rule == "ratio")
    assert growth.relation.kind == "growth" and growth.relation.sign == 1
    assert "(1100.00 − 1000.00) ÷ 1000.00 = 10.00%" in root.message


def test_a_fall_is_solved_in_the_direction_the_words_state():
    text = TITLE + ("本年支出 950.00 万元（基本支出 600.00 万元、项目支出 350.00 万元），"
                    "上年支出 1,000.00 万元，同比下降 4.00%。\n")
    (ratio,) = audit_with_links(text)
    assert ratio.relation.kind == "growth" and ratio.relation.sign == -1
    assert "950.00 有 600.00 + 350.00 = 950.00 印证" in ratio.message
    assert "有误的更可能是未经印证的 4.00%、1000.00" in ratio.message


PARTIAL = TITLE + (
    "本年项目支出 1000.00 万元，其中信息化建设 600.00 万元、运行维护 300.00 万元。\n"
)


def test_a_partial_list_is_at_least_because_the_rule_says_so():
    from auditor.pipeline import audit_text

    (short,) = audit_text(PARTIAL).findings
    # a partial list falling short by a gap no slip explains is only info ("could not verify")
    assert short.rule == "sum" and short.severity == "info"
    listed = tuple(e.claim for e in short.evidence)
    assert short.relation == AtLeast(short.stated, tuple(listed))
    # judged without the report's Links and whatever its severity, the list only bounds
    # its total: 600 + 300 within 1000 is no failed relation, so nothing is said about it
    for severity in ("warning", "error"):
        alone = replace(short, severity=severity)
        assert analyse([alone]).failed == []
        assert attribute([alone]) == [alone]
    # the same list over its total is an error the rule still calls at_least
    (over,) = audit_text(PARTIAL.replace("300.00", "450.00")).findings
    assert over.severity == "error" and over.relation.kind == "at_least"
    assert analyse([over]).failed[0].relation == over.relation
    # 包括 presents the list as whole: its shortfall is an error and a sum
    (whole,) = audit_text(PARTIAL.replace("其中", "包括")).findings
    assert whole.severity == "error" and whole.relation.kind == "sum"
