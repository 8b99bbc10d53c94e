"""The completeness rule: empty sections and sections the report kind requires."""
from __future__ import annotations

import pytest
import yaml

from _corpus import CORPUS, REPORTS, read_lines, readers
from auditor.facts import extract_facts
from auditor.models import ReportFacts
from auditor.report import Report
from auditor.rules.base import rule_by_id
from auditor.rules.completeness import RULE, split_heading

WHOLE = "部门整体支出绩效自评报告"


def findings(text: str, kind: str | None = WHOLE):
    document = read_lines(text)
    return list(RULE.check(Report(document, ReportFacts(2023, None, kind), (), ())))


def errors(text: str, kind: str | None = WHOLE):
    return [f for f in findings(text, kind) if f.severity == "error"]


def serious(text: str, kind: str | None = WHOLE):
    return [f for f in findings(text, kind) if f.severity in ("error", "warning")]


# A complete outline to build on: every required section present and filled.
OUTLINE = """部门整体支出绩效自评报告
一、部门基本情况
（一）部门职能
负责全市林业资源保护。
二、绩效自评情况
（一）自评结论
自评得分 95 分。
（二）存在问题及改进措施
一是预算执行进度偏慢。
"""


def test_rule_is_registered_with_its_doc():
    rule = rule_by_id("completeness")
    assert rule is not None and rule.family == "context"
    assert "Wrong:" in rule.doc and "Right:" in rule.doc


def test_complete_outline_gives_nothing():
    assert findings(OUTLINE) == []


def test_heading_followed_by_a_higher_heading_is_empty():
    text = OUTLINE + "（三）就存在问题提出整改措施。\n三、上年度绩效自评整改情况\n已整改。\n"
    [finding] = findings(text)
    assert finding.severity == "error" and finding.rule == "completeness"
    assert finding.stated is None and finding.evidence == ()
    assert finding.subject_text == "（三）就存在问题提出整改措施。"
    assert finding.line == text.splitlines().index("（三）就存在问题提出整改措施。") + 1
    assert finding.message == (
        "标题“（三）就存在问题提出整改措施。”下没有内容：下一行即为标题“三、上年度绩效自评整改情况”"
    )
    assert "has no content" in finding.message_en


def test_heading_followed_by_a_sibling_is_empty_when_its_siblings_have_content():
    text = (
        "部门整体支出绩效自评报告\n一、部门基本情况\n"
        "（一）部门职能\n负责全市林业资源保护。\n"
        "（二）人员情况\n"
        "（三）年度重点工作\n完成造林 2 万亩。\n"
        "二、绩效自评情况\n自评得分 90 分。\n"
    )
    [finding] = errors(text)
    assert finding.subject_text == "（二）人员情况"


def test_empty_heading_at_the_end_of_the_text_is_not_confirmed():
    # the input may be cut there (an excerpt, a truncated extraction): reported as info only
    assert errors(OUTLINE + "三、其他自评情况\n") == []
    [finding] = [f for f in findings(OUTLINE + "三、其他自评情况\n") if f.subject_text == "三、其他自评情况"]
    assert finding.severity == "info" and "其后即为文末" in finding.message


@pytest.mark.parametrize("text", [
    # a table of contents: a 目录 line, then the headings with nothing under them
    "部门预算说明\n目录\n一、部门职责\n二、机构设置\n三、收支预算\n一、部门职责\n负责全区…。\n"
    "二、机构设置\n下设 3 个科室。\n三、收支预算\n收入 100 万元。\n",
    # a numbered item stating its content on its own line
    "部门决算说明\n一、收入情况\n(1)财政拨款 100 元,同比减少 10 元,下降 9.09%。\n"
    "(2)其他收入 0 元。\n二、支出情况\n支出 100 元。\n",
    "项目自评报告\n(二)评价方法\n3.分析申报内容是否与实际相符，申报内容与实际相符，目标合理可行。\n"
    "(三)自评步骤\n按步骤开展。\n",
])
def test_no_empty_section_where_the_text_has_content(text):
    assert errors(text) == []


@pytest.mark.parametrize("text, severity", [
    # 九、 then 十二、: the sections between are not in the input
    ("部门决算说明\n八、政府采购\n采购 10 万元。\n九、国有资本经营预算\n十二、其他事项\n无。\n", "info"),
    # the next number follows: the section really is empty
    ("部门决算说明\n八、政府采购\n采购 10 万元。\n九、国有资本经营预算\n十、其他事项\n无。\n", "error"),
])
def test_a_heading_whose_next_heading_skips_numbers_is_not_confirmed(text, severity):
    [finding] = [f for f in findings(text) if "国有资本" in (f.subject_text or "")]
    assert finding.severity == severity


def test_nothing_to_report_is_not_empty():
    assert findings(OUTLINE + "三、其他自评情况\n无。\n四、上年度整改情况\n无\n") == []
    assert findings(OUTLINE + "三、其他自评情况：无。\n") == []


def test_a_required_section_that_only_says_none_is_at_most_info():
    text = "部门整体支出绩效自评报告\n一、部门基本情况\n无。\n二、绩效自评情况\n得分 90 分。\n"
    [finding] = [f for f in findings(text) if f.subject_text == "一、部门基本情况"]
    assert finding.severity == "info"
    assert serious(text) == []


def test_same_line_content_is_content():
    text = OUTLINE + "三、管理效率分析\n1. 预算编制情况。该项指标自评得 27 分。\n2. 预算执行情况。该项指标自评得 30 分。\n"
    assert findings(text) == []


def test_sub_headings_are_content():
    text = OUTLINE + "三、管理效率分析\n（一）预算管理\n1. 预算编制\n编制合理。\n"
    assert findings(text) == []


def test_a_table_is_content():
    text = OUTLINE + "三、收支情况\n项目\t预算数\t决算数\n合计\t100\t98\n四、其他\n无。\n"
    assert findings(text) == []


def test_numbered_list_items_are_not_sections():
    text = (
        "部门整体支出绩效自评报告\n一、部门基本情况\n（一）部门职能\n主要职责有：\n"
        "1. 负责全市林业资源保护。\n2. 负责森林防火工作。\n3. 完成市委交办的其他任务。\n"
        "（二）人员情况\n在编 30 人。\n二、绩效自评情况\n得分 90 分。\n"
    )
    assert serious(text) == []


def test_bare_neighbours_do_not_hide_sections_of_the_outline():
    text = OUTLINE + "三、问题与措施\n（一）存在问题\n（二）改进措施\n四、其他\n无。\n"
    flagged = [f.subject_text for f in errors(text)]
    assert flagged == ["（一）存在问题", "（二）改进措施"]


@pytest.mark.parametrize(
    "heading, title, inline",
    [
        ("1. 预算编制情况。该项指标自评得 27 分。", "预算编制情况", "该项指标自评得 27 分。"),
        ("（四）就存在问题提出改进措施。", "就存在问题提出改进措施", ""),
        ("三、其他自评情况", "其他自评情况", ""),
        ("(2) 目标设置：得 9 分", "目标设置", "得 9 分"),
    ],
)
def test_split_heading(heading, title, inline):
    assert split_heading(heading) == (title, inline)


# ---------------------------------------------------------------- missing sections


def test_missing_required_section_is_a_warning():
    text = "部门整体支出绩效自评报告\n一、部门基本情况\n负责林业。\n二、其他自评情况\n无。\n三、存在问题\n进度慢。\n"
    [finding] = findings(text)
    assert finding.severity == "warning"
    assert finding.subject_text == "绩效自评情况"
    assert finding.line == 1  # the title line


def test_renamed_sections_are_recognised():
    text = (
        "2023年度某区林业局部门整体支出绩效自评报告\n一、基本情况\n负责林业。\n"
        "二、综合评价分析\n得分 92 分。\n三、存在的主要问题\n进度慢。\n四、下一步改进措施\n加快进度。\n"
    )
    assert findings(text) == []


def test_a_usual_but_not_required_section_is_info():
    text = "部门整体支出绩效自评报告\n一、部门基本情况\n负责林业。\n二、绩效自评情况\n得分 92 分。\n"
    [finding] = findings(text)
    assert finding.severity == "info" and finding.subject_text == "存在问题及改进措施"


def test_project_report_outline():
    text = (
        "2023年度森林防火项目支出绩效自评报告\n一、项目基本情况\n项目预算 100 万元。\n"
        "二、绩效目标实现情况\n全部完成。\n三、存在问题及改进措施\n无。\n"
    )
    assert findings(text, "项目支出绩效自评报告") == []
    # read as a department report, 项目基本情况 still is a 基本情况, but 绩效目标实现情况 is not
    # one of that genre's names for its evaluation section
    assert [f.subject_text for f in serious(text, WHOLE)] == ["绩效自评情况"]


def test_no_kind_no_outline_check():
    text = "一、部门基本情况\n负责林业。\n二、其他\n无。\n"
    assert findings(text, None) == []


def test_no_recognisable_outline_no_outline_check():
    text = "部门整体支出绩效自评报告\n本局负责林业。\n全年支出 100 万元。\n"
    assert findings(text) == []


# ---------------------------------------------------------------- the corpus


def _annotated(report, kind):
    annotation = CORPUS / "annotations" / f"{report.stem}.yaml"
    if not annotation.exists():
        return []
    data = yaml.safe_load(annotation.read_text(encoding="utf-8"))
    return [f for f in data["findings"] if f["kind"] == kind]


@pytest.mark.parametrize("reader_name, read", readers())
@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name[:3])
def test_corpus_reports(report, reader_name, read):
    document = read(report)
    found = list(RULE.check(Report(document, extract_facts(document), (), ())))
    serious = [f for f in found if f.severity in ("error", "warning")]
    expected = _annotated(report, "completeness")
    assert sorted(f.line for f in serious) == sorted(a["line"] for a in expected)
    lines = report.read_text(encoding="utf-8").splitlines()
    for finding, annotation in zip(sorted(serious, key=lambda f: f.line), expected):
        assert finding.severity == "error"
        assert finding.subject_text == annotation["stated"]
        for other in annotation["other_lines"]:  # the heading that follows is named
            assert lines[other - 1].strip() in finding.message


def test_headings_are_quoted_as_the_source_writes_them():
    from auditor.models import Document, Paragraph, SourceDocument, SourceLine

    written = ["二、绩效自评情况", "（一）自评结论", "得分９０分。", "（二）存在问题及改进措施", "三、其他", "无。"]
    normalised = ["二、绩效自评情况", "(一)自评结论", "得分90分。", "(二)存在问题及改进措施", "三、其他", "无."]
    levels = [1, 2, None, 2, 1, None]
    paragraphs = tuple(
        Paragraph(i, text, tuple((i + 1, c + 1) for c in range(len(text))), level)
        for i, (text, level) in enumerate(zip(normalised, levels))
    )
    source = SourceDocument("t.txt", "text", tuple(SourceLine(i + 1, t) for i, t in enumerate(written)))
    document = Document("t.txt", "text", paragraphs, (), source)
    [finding] = RULE.check(Report(document, ReportFacts(2023, None, None), (), ()))
    assert finding.subject_text == "（二）存在问题及改进措施"
    assert finding.message == "标题“（二）存在问题及改进措施”下没有内容：下一行即为标题“三、其他”"


def test_a_score_heading_is_the_self_evaluation_section():
    text = ("2024年度某某局部门整体支出绩效自评报告\n一、部门概况\n负责市场监管。\n"
            "二、部门整体支出绩效自评得分\n自评得分 92.3 分。\n三、存在的主要问题\n无。\n")
    assert serious(text, WHOLE) == []
