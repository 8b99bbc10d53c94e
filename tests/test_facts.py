"""auditor.facts: fiscal year, department and kind of a report."""
from __future__ import annotations

import pytest
import yaml

from _corpus import CORPUS, REPORTS, read_lines, readers
from auditor.facts import clean_department, elect_year, extract_facts, year_mentions, YearVote
from auditor.models import Claim, Location, Quantity


def facts_of(text: str, claims=()):
    return extract_facts(read_lines(text), claims)


# ---------------------------------------------------------------- fiscal year


def test_evaluation_year_field_outweighs_other_years():
    facts = facts_of(
        "部门整体支出绩效自评报告\n"
        "部门名称：佛山市南海区交通运输局\n"
        "评价年度：2023年度\n"
        "填报日期：2024 年 4 月 2 日\n"
        "一、部门基本情况\n"
        "2022 年区财政批复我局预算 800.00 万元。\n"
    )
    assert facts.fiscal_year == 2023
    assert facts.fiscal_year_source.split("+")[0] == "field"
    assert "filing_date" in facts.fiscal_year_source


def test_title_year_and_department_in_the_title():
    facts = facts_of(
        "2023年度佛山市南海区交通运输局部门整体支出绩效自评报告\n"
        "一、基本情况\n"
        "本局负责全区交通运输管理。\n"
    )
    assert facts.fiscal_year == 2023
    assert facts.fiscal_year_source == "title"
    assert facts.department == "佛山市南海区交通运输局"
    assert facts.kind == "部门整体支出绩效自评报告"


def test_budget_statements_outvote_a_single_slip():
    facts = facts_of(
        "项目支出绩效自评报告\n"
        "一、项目基本情况\n"
        "2023 年区财政批复项目预算 500.00 万元，年中追加 20.00 万元。\n"
        "2024 年区财政批复项目预算 520.00 万元。\n"  # the slip
        "2023 年全年支出 498.50 万元，执行率 95.87%。\n"
        "二、绩效自评情况\n"
    )
    assert facts.fiscal_year == 2023
    assert "budget_statements" in facts.fiscal_year_source
    assert facts.kind == "项目支出绩效自评报告"


def test_filing_date_minus_one_alone():
    facts = facts_of("部门整体支出绩效自评报告\n填报日期：2024年3月1日\n一、基本情况\n略。\n")
    assert facts.fiscal_year == 2023
    assert facts.fiscal_year_source == "filing_date"


def test_filing_date_is_only_a_weak_hint():
    facts = facts_of(
        "部门整体支出绩效自评报告\n"
        "填报日期：2024年8月30日\n"  # filed late, two years on
        "一、部门基本情况\n"
        "2022 年市财政批复我局预算 1200.00 万元。\n"
        "截至 2022 年 12 月 31 日，全年支出 1180.20 万元。\n"
    )
    assert facts.fiscal_year == 2022
    assert "filing_date" not in facts.fiscal_year_source


def test_ranges_document_numbers_and_history_do_not_vote():
    facts = facts_of(
        "部门整体支出绩效自评报告\n"
        "一、部门基本情况\n"
        "本局于 2019 年成立，2019 年以来预算逐年增加。\n"
        "专项资金（2023-2025 年）安排 3000 万元，2023 年至 2025 年分三年支出。\n"
        "按照《关于开展 2025 年财政资金绩效自评的通知》（财绩〔2025〕3 号），2024 年部门预算 900 万元。\n"
    )
    assert facts.fiscal_year == 2024


def test_year_mentions():
    years = [m.year for m in year_mentions(
        "截至 2021 年 12 月 31 日；2023-2025 年；〔2025〕；于2019年成立；2018年起；2024 年度预算"
    )]
    assert years == [2021, 2024]


def test_money_claims_mark_expenditure_sentences():
    text = "部门整体支出绩效自评报告\n一、基本情况\n2023 年共投入 300.00 万元用于系统建设。\n"
    assert facts_of(text).fiscal_year is None  # no cue word, no claim: no evidence
    document = read_lines(text)
    paragraph = document.paragraphs[2]
    start = paragraph.text.index("300.00")
    money = Claim(
        id="m1",
        quantity=Quantity("300.00 万元", start, start + 9, 300.0, "万元", "money", 2, scale=1e4),
        location=Location(3, start + 1), source="narrative", subject="投入", stage=None,
        year=None, paragraph=paragraph.index, start=start, end=start + 9,
    )
    facts = extract_facts(document, (money,))
    assert facts.fiscal_year == 2023
    assert facts.fiscal_year_source == "budget_sentences"


def test_election_ties_go_to_the_stronger_source():
    year, source = elect_year([YearVote(2022, "filing_date", 1.0), YearVote(2023, "title", 1.0)])
    assert (year, source) == (2023, "title")
    assert elect_year([]) == (None, None)


# ---------------------------------------------------------------- department


@pytest.mark.parametrize(
    "raw, name",
    [
        ("江门市政务服务数据管理局（公章）", "江门市政务服务数据管理局"),
        ("（公章）梅州市政务服务数据管理局", "梅州市政务服务数据管理局"),
        ("(盖章) 韶关市市场监督管理局", "韶关市市场监督管理局"),
        ("清远市文化广电旅游体育局本级及下属单位清远市博物馆", "清远市文化广电旅游体育局"),
        ("东莞市发展和改革局(东莞市粮食和物资储备局)", "东莞市发展和改革局"),
        ("2022年度珠海市香洲区卫生健康局", "珠海市香洲区卫生健康局"),
        ("(公章)", None),
        ("", None),
        ("本单位", None),
    ],
)
def test_clean_department(raw, name):
    assert clean_department(raw) == name


def test_empty_department_field_gives_way_to_the_evaluated_unit():
    facts = facts_of(
        "附件 2\n"
        "部门整体支出绩效自评报告\n"
        "部门名称: (公章)\n"
        "评价年度: 2023 年度\n"
        "评价单位: 潮州市住房和城乡建设局本级及非独立核算的下\n"
        "属单位潮州市建设工程质量安全中心\n"
        "一、部门基本情况\n"
    )
    assert facts.department == "潮州市住房和城乡建设局"
    assert facts.fiscal_year == 2023


def test_fields_run_together_are_cut_at_the_next_label():
    facts = facts_of(
        "部门整体支出绩效自评报告\n"
        "预算部门：湛江市林业局（公章）填报人：张三 联系电话：0759-1234567\n"
        "一、部门基本情况\n"
    )
    assert facts.department == "湛江市林业局"


def test_header_fields_on_one_line():
    facts = facts_of(
        "部门整体支出绩效自评报告\n"
        "部门名称：湛江市林业局（公章） 填报人：李四 填报日期：2024年3月1日\n"
        "一、部门基本情况\n"
    )
    assert (facts.department, facts.fiscal_year) == ("湛江市林业局", 2023)


def test_department_falls_back_to_the_name_said_most_often():
    facts = facts_of(
        "部门整体支出绩效自评报告\n"
        "一、部门基本情况\n"
        "肇庆市生态环境局是市政府工作部门。肇庆市生态环境局内设机构 8 个。\n"
        "按照肇庆市财政局要求，肇庆市生态环境局编制了部门预算。\n"
    )
    assert facts.department == "肇庆市生态环境局"


# ---------------------------------------------------------------- kind


@pytest.mark.parametrize(
    "title, kind",
    [
        ("市级部门整体绩效自评报告", "部门整体支出绩效自评报告"),
        ("2022年度某某局部门整体 支出绩效自评报告", "部门整体支出绩效自评报告"),
        ("2023年度智慧城市运维项目支出绩效自评报告", "项目支出绩效自评报告"),
        ("阳江市交通运输局2023年度部门决算情况说明", "部门决算说明"),
        # the year inside the kind's name
        ("某县水利局饮水安全巩固提升工程项目2023年度支出绩效自评报告", "项目支出绩效自评报告"),
        ("某县卫生健康局基本公共卫生服务项目2023年度绩效自评报告", "项目支出绩效自评报告"),
        ("关于 2023 年度工作的总结", None),
    ],
)
def test_kind_from_the_title(title, kind):
    assert facts_of(f"{title}\n一、基本情况\n正文。\n").kind == kind


def test_no_header_no_kind():
    facts = facts_of("一、部门基本情况\n部门整体支出绩效自评报告见附件。\n")
    assert facts.kind is None


# ---------------------------------------------------------------- the corpus

def _expected(report):
    annotation = CORPUS / "annotations" / f"{report.stem}.yaml"
    data = yaml.safe_load(annotation.read_text(encoding="utf-8"))
    return data["fiscal_year"], data["department"]


@pytest.mark.parametrize("reader_name, read", readers())
@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name[:3])
def test_corpus_reports(report, reader_name, read):
    facts = extract_facts(read(report))
    assert (facts.fiscal_year, facts.department) == _expected(report)
    assert facts.kind == "部门整体支出绩效自评报告"


@pytest.mark.parametrize("title,kind", [
    ("某某区城市管理局\n2024年度“三公”经费财政拨款支出决算说明\n", "“三公”经费说明"),
    ("2025年某某县卫生健康局三公经费预算说明\n", "“三公”经费说明"),
    ("某某市自然资源局2025年部门预算情况说明\n", "部门预算说明"),
    ("某某市财政局2023年度“三公”经费预算与决算情况说明\n", "“三公”经费说明"),
    ("2024年某某中学单位预算公开说明\n", "部门预算说明"),
    ("某某县2024年预算执行情况和2025年预算草案的报告\n", None),
])
def test_budget_and_three_public_expense_reports_are_kinds(title, kind):
    facts = facts_of(title + "一、总体情况\n2022年度支出 20 万元，2022年度预算 30 万元，2022年度决算 20 万元。\n")
    assert facts.kind == kind
    if kind is not None:
        assert facts.fiscal_year == int(title.split("年")[0][-4:])
