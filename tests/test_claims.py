"""auditor.claims: the subject, stage and year of every figure, and where it stands.

Each text here is written for these tests (not taken from the corpus); one row states one
figure's expected subject / stage / year. The phrasings vary the things the claims stage has
to get right: 年初预算数 / 调整预算数 / 决算数, 执行数 / 执行率, 其中 / 包括 lists,
parenthesised breakdowns, counts whose counted noun follows the measure word, years in dates
and in budget sentences, and figures wrapped across lines.
"""
from __future__ import annotations

import pytest

from auditor.pipeline import audit_text

TITLE = "2024年度某某市数据管理局部门整体支出绩效自评报告\n\n"


def _bare(text: str) -> str:
    return text.replace(" ", "").replace(",", "").replace("\n", "")


def claims_of(text: str):
    """The claims of ``text`` (the title's own year left out)."""
    return [c for c in audit_text(TITLE + text).claims if c.line > 2]


def claim_of(text: str, surface: str, occurrence: int = 1):
    """The claim whose figure is written ``surface`` (spaces and separators ignored)."""
    found = [c for c in claims_of(text) if _bare(c.text) == _bare(surface)]
    assert len(found) >= occurrence, (surface, [(c.text, c.subject) for c in claims_of(text)])
    return found[occurrence - 1]


# ---------------------------------------------------------------- stage

STAGES = [
    # (text, figure, expected stage)
    ("部门年初预算数 1,250.00 万元，调整预算数 1,380.50 万元，决算数 1,301.22 万元。", "1,250.00 万元", "年初预算"),
    ("部门年初预算数 1,250.00 万元，调整预算数 1,380.50 万元，决算数 1,301.22 万元。", "1,380.50 万元", "调整预算"),
    ("部门年初预算数 1,250.00 万元，调整预算数 1,380.50 万元，决算数 1,301.22 万元。", "1,301.22 万元", "决算"),
    ("全年执行数 880.60 万元，执行率 96.50%。", "880.60 万元", "执行"),
    ("全年执行数 880.60 万元，执行率 96.50%。", "96.50%", "执行"),
    ("调整后预算 960 万元，实际支出 930 万元。", "960 万元", "调整预算"),
    ("调整后预算 960 万元，实际支出 930 万元。", "930 万元", "执行"),
    ("年中追加经费 45.00 万元。", "45.00 万元", "调整预算"),
    ("截至年底已支出 312.40 万元。", "312.40 万元", "执行"),
    ("财政批复预算 2,000.00 万元，其中基本支出 600.00 万元，项目支出 1,400.00 万元。", "600.00 万元", "预算"),
    ("财政批复预算 2,000.00 万元，其中基本支出 600.00 万元，项目支出 1,400.00 万元。", "1,400.00 万元", "预算"),
    ("本年决算支出 1,760.30 万元，其中人员经费 900.10 万元。", "900.10 万元", "决算"),
    # the head noun comes last in Chinese: 预算执行数 is an executed amount
    ("项目支出预算执行数为 420.8 万元。", "420.8 万元", "执行"),
    ("全年支出预算数 700.00 万元。", "700.00 万元", "预算"),
    # 年初 modifies the 预算 that follows it: still the opening budget
    ("年初批复预算 800 万元，年中追加 200 万元，已支出 950 万元。", "800 万元", "年初预算"),
    ("年初安排预算资金 300.00 万元。", "300.00 万元", "年初预算"),
    # spending stated after a budget figure is what was spent, not the budget
    ("年初预算 500.00 万元，全年支出 480.00 万元，执行率 96.00%。", "480.00 万元", "执行"),
    ("资金到位 300 万元，到位率 100%。", "300 万元", None),
]


@pytest.mark.parametrize("text, surface, stage", STAGES)
def test_stage(text, surface, stage):
    assert claim_of(text, surface).stage == stage


# ---------------------------------------------------------------- subject

SUBJECTS = [
    # (text, figure, expected subject)
    ("财政拨款收入 5,000.00 万元。", "5,000.00 万元", "财政拨款收入"),
    ("其中基本支出 300 万元，项目支出 900 万元。", "300 万元", "基本支出"),
    ("其中基本支出 300 万元，项目支出 900 万元。", "900 万元", "项目支出"),
    ("本年收入合计 3,210.00 万元，其中：财政拨款收入 3,000.00 万元，其他收入 210.00 万元。", "3,000.00 万元", "财政拨款收入"),
    ("全年支出 1500.00 万元，包括人员经费 800.00 万元、公用经费 200.00 万元和项目经费 500.00 万元。", "800.00 万元", "人员经费"),
    ("全年支出 1500.00 万元，包括人员经费 800.00 万元、公用经费 200.00 万元和项目经费 500.00 万元。", "500.00 万元", "项目经费"),
    ("项目资金 600 万元，主要包括：设备购置 300 万元、软件开发 300 万元。", "300 万元", "设备购置"),
    ("本年度项目支出 800.00 万元，分别用于平台运维 500.00 万元、安全防护 300.00 万元。", "500.00 万元", "平台运维"),
    ("两个项目的支出分别为 120.50 万元和 79.50 万元。", "120.50 万元", "项目的支出"),
    # parenthesised breakdown: each item keeps its own name
    ("三公经费支出 12.34 万元（其中公务接待费 2.34 万元，公务用车运行维护费 10.00 万元）。", "12.34 万元", "三公经费支出"),
    ("三公经费支出 12.34 万元（其中公务接待费 2.34 万元，公务用车运行维护费 10.00 万元）。", "2.34 万元", "公务接待费"),
    ("三公经费支出 12.34 万元（其中公务接待费 2.34 万元，公务用车运行维护费 10.00 万元）。", "10.00 万元", "公务用车运行维护费"),
    # a weight in parentheses takes the name before the parenthesis
    ("预算编制合理性（10 分），自评得 9 分。", "10 分", "预算编制合理性"),
    # an aside in parentheses between the name and the figure
    ("项目支出（含专项资金）800.00 万元，基本支出 200.00 万元。", "800.00 万元", "项目支出"),
    ("一般公共预算财政拨款支出（不含上年结转）1,200.00 万元。", "1,200.00 万元", "一般公共预算财政拨款支出"),
    # an outline marker is not part of the metric's name
    ("1. 目标设置（10 分）。自评得 9 分。", "10 分", "目标设置"),
    ("（2）数据共享率 98.5%。", "98.5%", "数据共享率"),
    ("一是政务外网运维支出 56.00 万元。", "56.00 万元", "政务外网运维支出"),
    ("全年执行数为 880.60 万元，执行率达 96.50%。", "96.50%", "执行率"),
]


@pytest.mark.parametrize("text, surface, subject", SUBJECTS)
def test_subject(text, surface, subject):
    assert claim_of(text, surface).subject == subject


# ---------------------------------------------------------------- counts: the noun after the measure word

COUNTS = [
    ("上线 107 个“一件事”主题服务，办理业务 2.3 万宗。", "107 个", "上线一件事主题服务"),
    ("建成 5 个数据中心，新增服务器 120 台。", "5 个", "建成数据中心"),
    ("共设置绩效指标 36 个，其中产出指标 24 个。", "36 个", "设置绩效指标"),
    ("共设置绩效指标 36 个，其中产出指标 24 个。", "24 个", "产出指标"),
    # 等 closes a list; it is not part of what is counted
    ("共采购设备 50 台，包括服务器 20 台、交换机 18 台、防火墙 12 台等。", "12 台", "防火墙"),
    ("共采购设备 50 台，包括服务器 20 台、交换机 18 台、防火墙 12 台等。", "20 台", "服务器"),
    ("举办业务培训 12 场次，培训 860 人次。", "12 场次", "举办业务培训"),
]


@pytest.mark.parametrize("text, surface, subject", COUNTS)
def test_count_subject_takes_the_noun_after_the_measure_word(text, surface, subject):
    found = claim_of(text, surface)
    assert found.kind == "count"
    assert found.subject == subject


def test_two_counts_of_different_things_do_not_share_a_subject():
    text = "全年新建 12 个站点，改造 12 个站点机房，接入 30 个部门。"
    subjects = [c.subject for c in claims_of(text)]
    assert len(subjects) == len(set(subjects)) == 3


# ---------------------------------------------------------------- year

YEARS = [
    # (text, figure, expected year)
    ("2024 年度财政拨款收入 5000.00 万元。", "5000.00 万元", 2024),
    ("2024年部门年初预算为 2,345.67 万元，调整后预算 2465.67 万元。", "2465.67 万元", 2024),
    ("上年度（2023 年）预算 2800.00 万元。", "2800.00 万元", 2023),
    ("截至 2024 年 12 月 31 日，项目支出 500.00 万元。", "500.00 万元", 2024),
    # a multi-year period is not the year of the figure
    ("2023-2025 年累计安排资金 3000 万元。", "3000 万元", None),
    ("2022 年至 2024 年累计投入资金 3000 万元。", "3000 万元", None),
    # a year in another sentence does not carry over
    ("我局于 2019 年成立。全年支出 900.00 万元。", "900.00 万元", None),
    # an explicit other year before the figure
    ("2024 年支出 1100 万元，较 2023 年的 1000 万元有所增长。", "1000 万元", 2023),
    ("2024 年支出 1100 万元，较 2023 年的 1000 万元有所增长。", "1100 万元", 2024),
    # 上年 names the year before the sentence's year
    ("2024 年支出 1200.00 万元，比上年 1000.00 万元增加 200.00 万元。", "1000.00 万元", 2023),
    ("2024 年支出 1200.00 万元，比上年 1000.00 万元增加 200.00 万元。", "200.00 万元", 2024),
]


@pytest.mark.parametrize("text, surface, year", YEARS)
def test_year(text, surface, year):
    assert claim_of(text, surface).year == year


def test_dates_give_year_claims_not_money_years():
    text = "填报日期：2025 年 3 月 15 日"
    found = claims_of(text)
    assert [(c.kind, c.value) for c in found] == [("year", 2025)]
    # the month and the day are not quantities
    assert all(c.value not in (3, 15) for c in found)


def test_document_number_year_is_not_a_claim():
    text = "根据《关于开展绩效自评工作的通知》（某财绩〔2025〕3 号）要求，我局开展自评。"
    assert [c for c in claims_of(text) if c.kind == "year" and c.value == 2025] == []


def test_a_year_range_is_one_claim_with_its_upper_end():
    found = claim_of("2023-2025 年累计安排资金 3000 万元。", "2023-2025 年")
    assert found.kind == "year" and found.quantity.upper == 2025


# ---------------------------------------------------------------- kinds and values

def test_kinds_and_values_in_one_sentence():
    text = "全年执行数 1,180.50 万元，执行率 95.44%，完成 12 项任务，自评得 18 分。"
    found = [(c.kind, c.value, c.unit) for c in claims_of(text)]
    assert found == [
        ("money", 1180.50, "万元"), ("percent", 95.44, "%"), ("count", 12, "项"),
        ("score", 18, "分"),
    ]


def test_qualifier_is_kept():
    assert claim_of("日均受理来电约 1000 个。", "1000 个").quantity.qualifier == "约"
    assert claim_of("累计办理业务超过 2 万宗。", "2 万宗").quantity.qualifier == "超过"


# ---------------------------------------------------------------- places: lines, columns, wraps

def test_line_and_column_of_each_claim():
    text = "一、基本情况\n全年预算数 1,250.00 万元，执行率 95.44%。"
    found = claims_of(text)
    assert [(c.line, c.location.column) for c in found] == [(4, 7), (4, 23)]
    assert found[0].text == "1,250.00 万元"  # the surface as the source shows it


WRAPPED = (
    "2024 年度，本单位严格按照批复的部门预算执行，全年项目支出预算资金为 1,234.56\n"
    "万元，全年实际支出 1,200.00 万元，执行率为 97.20%，较好完成了年度预算执行\n"
    "任务。"
)


def test_a_figure_wrapped_before_its_unit_is_one_claim_on_the_line_of_its_digits():
    money = [c for c in claims_of(WRAPPED) if c.kind == "money"]
    assert [(c.value, c.unit, c.line) for c in money] == [(1234.56, "万元", 3), (1200.00, "万元", 4)]
    first = money[0]
    assert first.subject == "全年项目支出预算资金" and first.stage == "预算" and first.year == 2024


def test_a_sentence_wrapped_across_lines_keeps_its_subject_and_stage():
    text = (
        "本单位全年严格按照批复的部门预算执行，全年基本支出执行数为 234.56 万元，项目支出\n"
        "执行数为 965.44 万元，执行率为 97.20%。"
    )
    found = claim_of(text, "965.44 万元")
    assert (found.subject, found.stage, found.line) == ("项目支出执行数", "执行", 4)


def test_a_sentence_across_a_page_break_is_one_sentence():
    text = (
        "本单位全年严格按照批复的部门预算执行，全年基本支出执行数为 234.56 万元，项目支出\n"
        "\n"
        "执行数为 965.44 万元，执行率为 97.20%。"
    )
    first, second = claim_of(text, "234.56 万元"), claim_of(text, "965.44 万元")
    assert first.sentence == second.sentence
    assert second.subject == "项目支出执行数" and second.line == 5


def test_a_number_wrapped_inside_its_digits_is_one_figure():
    text = (
        "全年实际支出 1,200.00 万元，预算执行率为 97.20%，其中基本支出执行 230.00 万元，执行率 98.0\n"
        "6%，项目支出执行 970.00 万元。"
    )
    assert claim_of(text, "98.06%").value == 98.06


# ---------------------------------------------------------------- tables

def test_table_cells_are_claims_with_row_label_and_column_stage():
    text = (
        "表1 2024 年部门整体支出情况表（单位：万元）\n"
        "项目\t年初预算数\t调整预算数\t决算数\n"
        "基本支出\t600.00\t620.00\t615.30\n"
        "项目支出\t400.00\t450.00\t430.10\n"
        "合计\t1000.00\t1070.00\t1045.40\n"
    )
    cells = [c for c in claims_of(text) if c.source == "table"]
    by_value = {c.value: c for c in cells}
    assert by_value[615.30].stage == "决算" and "基本支出" in by_value[615.30].subject
    assert by_value[450.00].stage == "调整预算" and "项目支出" in by_value[450.00].subject
    assert by_value[600.00].stage == "年初预算"


def test_carried_over_funds_are_this_years_money():
    text = "2024 年收入合计 900.00 万元，其中上年结转 100.00 万元。"
    assert claim_of(text, "100.00 万元").year == 2024


@pytest.mark.parametrize("text, surface", [
    ("三公经费预算 20.00 万元，实际支出 16.50 万元，节约 3.50 万元。", "3.50 万元"),
    ("全年新增签约 12 家合作单位。", "12 家"),
    ("预约 300 人次。", "300 人次"),
])
def test_yue_ending_a_word_is_not_about(text, surface):
    """节约 / 签约 / 预约 end in 约 but do not make the figure approximate."""
    assert claim_of(text, surface).quantity.qualifier is None


@pytest.mark.parametrize("text, surface, subject", [
    ("其中：因公出国（境）费 0 万元；公务接待费 3.22 万元。", "0 万元", "因公出国(境)费"),
    ("政府办公厅（室）及相关机构事务支出 800.00 万元。", "800.00 万元", "政府办公厅(室)及相关机构事务支出"),
    # a parenthesis with a figure, or standing alone, is not part of a name
    ("预算编制（20 分）18 分。", "18 分", None),
    ("全年国内公务接待 21 批次 168 人次。", "21 批次", "全年国内公务接待"),
    # a unit in parentheses right before the figure is not part of the name
    ("年初预算数（万元）1,200.00 万元。", "1,200.00 万元", "年初预算数"),
])
def test_a_short_parenthesis_inside_a_name_belongs_to_it(text, surface, subject):
    assert claim_of(text, surface).subject == subject


@pytest.mark.parametrize("text, surface, stage", [
    ("收入总计 3,128.46 万元，包括本年收入合计 2,986.16 万元和年初结转和结余 142.30 万元。", "142.30 万元", None),
    ("年初结余 50.00 万元，本年收入 300.00 万元。", "300.00 万元", None),
    ("年初预算 500.00 万元，年初结转 20.00 万元。", "500.00 万元", "年初预算"),
])
def test_funds_carried_into_the_year_are_not_the_opening_budget(text, surface, stage):
    assert claim_of(text, surface).stage == stage
