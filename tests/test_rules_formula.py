"""The formula rule: written-out arithmetic against the result it states."""
from __future__ import annotations

import pytest
import yaml

from _corpus import CORPUS, REPORTS, readers
from auditor.models import (
    Claim,
    Document,
    Location,
    Paragraph,
    Quantity,
    ReportFacts,
    SourceDocument,
)
from auditor.report import Report
from auditor.rules.base import rule_by_id
from auditor.rules.formula import RULE


def paragraph(index: int, text: str, line: int) -> Paragraph:
    # one source line per paragraph, column = offset + 1
    return Paragraph(index, text, tuple((line, i + 1) for i in range(len(text))))


def claim_for(par: Paragraph, surface: str, unit: str = "", nth: int = 0) -> Claim:
    """A narrative claim for the nth occurrence of ``surface`` (number plus unit) in the text."""
    start = -1
    for _ in range(nth + 1):
        start = par.text.index(surface, start + 1)
    number = surface.rstrip("%分万元个 ").strip()
    decimals = len(number.split(".")[1]) if "." in number else 0
    quantity = Quantity(
        text=surface, start=start, end=start + len(surface), value=float(number), unit=unit,
        kind="percent" if unit == "%" else ("score" if unit == "分" else "number"),
        decimals=decimals,
    )
    line, column = par.origin(start)
    return Claim(
        id=f"c{par.index}-{start}", quantity=quantity, location=Location(line, column),
        source="narrative", subject=None, stage=None, year=None,
        paragraph=par.index, start=start, end=start + len(surface),
    )


def report_of(paragraphs: list[Paragraph], claims: tuple[Claim, ...] | list[Claim] = ()) -> Report:
    document = Document(
        path="t.txt", format="text", paragraphs=tuple(paragraphs), tables=(),
        source=SourceDocument("t.txt", "text", ()),
    )
    return Report(document, ReportFacts(2023, None, None), tuple(claims), ())


def findings_of(report: Report):
    return list(RULE.check(report))


def test_rule_is_registered_with_its_doc():
    rule = rule_by_id("formula")
    assert rule is not None
    assert rule.family == "arithmetic" and rule.severity == "error"
    assert "Wrong:" in rule.doc and "Right:" in rule.doc


def test_wrong_divisor_in_latex_like_score_formula():
    par = paragraph(0, "资金分配及时性得分为 15.22 分，指标自评得分 = (4 * 15.22) / 2 = 3.04 分。", 40)
    stated = claim_for(par, "3.04 分", "分")
    operand = claim_for(par, "15.22", "", nth=1)
    earlier = claim_for(par, "15.22 分", "分")  # the same figure in prose: not an operand
    [finding] = findings_of(report_of([par], [earlier, operand, stated]))
    assert finding.rule == "formula" and finding.severity == "error"
    assert finding.stated is stated
    assert finding.expected == pytest.approx(30.44)
    assert finding.message.startswith("公式 (4 × 15.22) ÷ 2 = 30.44（区间 ")
    assert "不等于所写的 3.04" in finding.message and finding.message.endswith("应为 30.44")
    assert finding.message_en.startswith("formula (4 × 15.22) / 2 = 30.44 (interval ")
    assert "not 3.04 as written" in finding.message_en
    assert [(e.claim, e.role) for e in finding.evidence] == [(operand, "operand")]
    assert finding.location == stated.location


def test_right_formula_gives_nothing():
    par = paragraph(0, "指标自评得分 = (4 * 15.22) / 20 = 3.04 分。", 1)
    assert findings_of(report_of([par], [claim_for(par, "3.04 分", "分")])) == []


def test_percent_formula_with_times_100_percent():
    par = paragraph(3, "在编人员控制率= 36/40*100%=92.50%。", 12)
    [finding] = findings_of(report_of([paragraph(0, "一、基本情况", 1), paragraph(1, "x", 2),
                                       paragraph(2, "y", 3), par],
                                      [claim_for(par, "92.50%", "%")]))
    assert finding.expected == pytest.approx(90.0)
    assert "36 ÷ 40 × 100% = 90.00%" in finding.message
    assert "不等于所写的 92.50%" in finding.message


def test_percent_formula_that_holds_in_several_phrasings():
    texts = [
        "执行率 = 8271.47 / 8318.83 × 100% = 99.43%。",
        "执行率 = 8271.47 / 8318.83 = 99.43%。",
        "执行率为8271.47÷8318.83×100=99.4%。",
        "结转率 = 年末结转数 / (年初结转数 + 本年拨款数) × 100% = 120.5 / (300 + 2110.2) = 5.00%",
    ]
    pars = [paragraph(i, t, i + 1) for i, t in enumerate(texts)]
    assert findings_of(report_of(pars)) == []


def test_symbolic_formula_with_wrong_numbers():
    text = "结转率 = 年末结转数 / (年初结转数 + 本年拨款数) × 100% = 120.5 / (300 + 2110.2) = 6.2%"
    par = paragraph(0, text, 7)
    [finding] = findings_of(report_of([par], [claim_for(par, "6.2%", "%")]))
    assert finding.expected == pytest.approx(5.0)
    assert "120.5 ÷ (300 + 2110.2) = 5.0%" in finding.message


def test_without_a_claim_the_location_comes_from_the_paragraph():
    par = Paragraph(0, "合计得分＝12＋7.5＝20.5分", tuple((9, 5 + i) for i in range(16)))
    [finding] = findings_of(report_of([par]))
    offset = par.text.index("20.5")
    assert (finding.location.line, finding.location.column) == (9, 5 + offset)
    assert finding.stated is None
    assert finding.subject_text == "合计得分＝12＋7.5＝20.5"
    assert finding.expected == pytest.approx(19.5)


def test_no_formula_no_finding():
    pars = [
        paragraph(0, "实行 7*24 小时值班值守，推行“10+10”服务。", 1),
        paragraph(1, "财政拨款收入预决算差异率=0，全年收入 300 万元。", 2),
    ]
    assert findings_of(report_of(pars)) == []


def test_each_failing_formula_is_one_finding_in_text_order():
    par = paragraph(0, "甲项 = 3 × 2 = 7 分；乙项 = 10 ÷ 4 = 2.5 分；丙项 = 9 - 4 = 6 分。", 1)
    found = findings_of(report_of([par]))
    assert [f.expected for f in found] == [6, 5]


# ---------------------------------------------------------------- the corpus


def _normalised_readers():
    return [read for name, read in readers() if name == "normalise"]


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name[:3])
def test_corpus_reports_match_the_annotated_formula_findings(report):
    reads = _normalised_readers()
    if not reads:
        pytest.skip("auditor.normalise is not available")
    document = reads[0](report)
    found = findings_of(Report(document, ReportFacts(None, None, None), (), ()))
    data = yaml.safe_load((CORPUS / "annotations" / f"{report.stem}.yaml").read_text("utf-8"))
    expected = [f for f in data["findings"] if f["kind"] == "formula"]
    assert [f.line for f in found] == [a["line"] for a in expected]
    for finding, annotation in zip(found, expected):
        assert finding.expected == pytest.approx(annotation["expected"])
        assert annotation["stated"] in finding.message


# ---------------------------------------------------------------- units inside the arithmetic


def test_formula_with_units_in_its_operands_is_checked_in_the_results_unit():
    par = paragraph(0, "单盏维护成本 = 512.30 万元 / 12360 盏 = 441.48 元，低于 420 元的标准。", 40)
    stated = claim_for(par, "441.48 元", "元")
    [finding] = findings_of(report_of([par], [stated]))
    assert finding.stated is stated and finding.location == stated.location
    assert finding.expected == pytest.approx(414.48)
    assert finding.message.startswith("公式 512.30 万元 ÷ 12360 盏 = 414.48 元（区间 ")
    assert "不等于所写的 441.48 元（区间" in finding.message
    assert finding.message.endswith("应为 414.48 元")
    assert "not 441.48 元 as written" in finding.message_en


def test_per_head_formula_with_a_wrong_result():
    par = paragraph(0, "人均经费 = 16720.76 万元 ÷ 898 人 = 16.82 万元/人。", 3)
    [finding] = findings_of(report_of([par]))
    assert finding.expected == pytest.approx(18.62)
    assert finding.message.endswith("应为 18.62 万元/人")


def test_formulas_with_units_that_hold_give_nothing():
    texts = [
        "单盏维护成本 = 512.30 万元 / 12360 盏 = 414.48 元，低于 420 元的成本控制标准。",
        "人均经费 = 16720.76 万元 / 898 人 = 18.62 万元。",
        "日均门急诊 = 86.52 万人次 ÷ 366 天 = 2364 人次。",
        "三公经费 = 5.58 万元 + 14200 元 = 6.998 万元。",
        "资金执行率 = 836.20 万元 / 880.00 万元 × 100% = 95.02%。",
        "实行 7*24 小时值班值守，推行“10+10”服务模式，构建“1+3+N”工作体系。",
    ]
    pars = [paragraph(i, t, i + 1) for i, t in enumerate(texts)]
    assert findings_of(report_of(pars)) == []
