from rule_helpers import findings_of

TITLE = "2024年度某某市政务服务数据管理局部门整体支出绩效自评报告\n\n"


def test_budget_sentence_with_the_next_year_and_the_same_money():
    text = (
        "2024 年市财政批复我局预算 3000.00 万元，其中基本支出 1000.00 万元。\n\n"
        "2. 预算执行情况。2025 年市财政批复我局预算 3000.00 万元，其中基本支出 1000.00 万元。"
    )
    found = findings_of(text, "year", title=TITLE)
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].stated.text.startswith("2025")


def test_special_fund_stated_for_the_previous_year():
    text = (
        "纳入2024年度的项目共 50 个，安排资金 5000 万元；年初预算 4000 万元，年中追加 1000 万元。\n\n"
        "二是 2023 年市财政安排专项资金 4000 万元，年中追加 1000 万元，实际安排 5000 万元。"
    )
    found = findings_of(text, "year", title=TITLE)
    assert len(found) == 1 and found[0].stated.text.startswith("2023")


def test_legitimate_other_years_are_clean():
    text = (
        "我局于 2019 年成立。按照《关于开展 2025 年市级财政资金绩效自评工作的通知》（财绩函〔2025〕1 号）要求开展自评。"
        "专项资金（2023-2025 年）实际安排资金 29540 万元。上年度（2023 年）预算 2800.00 万元。\n\n"
        "填报日期：2025 年 3 月 1 日"
    )
    assert findings_of(text, "year", title=TITLE) == []
