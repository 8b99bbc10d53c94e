import pytest

from rule_helpers import findings_of


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全年预算数为 5,000.00 万元，全年执行数为 4,900.00 万元，执行率为 97.50%。", 98.00),
        ("日常公用支出完成 154.39 万元，为年初预算 156.70 万元的 99.53%。", 98.53),
        ("本年追加修缮经费 300 万元，占年初安排预算总金额 1200 万元的 30%。", 25),
        ("全年总支出 1000.00 万元。基本支出 200.00 万元，占总支出的 20.00%；项目支出 800.00 万元，占总支出的 79.00%。", 80.00),
    ],
)
def test_wrong_percentage_is_reported_with_its_arithmetic(text, expected):
    found = findings_of(text, "ratio")
    assert len(found) == 1
    assert found[0].expected == pytest.approx(expected)
    assert "÷" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "全年预算数为 8,318.83 万元，全年执行数为 8,271.47 万元，执行率为 99.43%。",
        "日常公用支出完成154.39万元，为预算支出156.7万元的98.53%。",
        "项目支出完成 18159.16 万元，为预算支出 24806.18 万元的 73.2%。",
        "该指标分值 50 分，自评得分 50 分，得分率 100%。",
        "全年总支出 1000.00 万元。基本支出 200.00 万元，占总支出的 20.00%；项目支出 800.00 万元，占总支出的 80.00%。",
    ],
)
def test_percentage_within_rounding_is_clean(text):
    assert findings_of(text, "ratio") == []


def test_last_digit_of_a_share_list_totalling_100_is_only_a_warning():
    text = (
        "专项资金实际安排资金 3000.00 万元，其中，A类项目分配 1000.60 万元，占 33.35%；"
        "B类项目分配 999.70 万元，占 33.32%；C类项目分配 999.70 万元，占 33.33%。"
    )
    found = findings_of(text, "ratio")
    assert [f.severity for f in found] == ["warning"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024 年支出 1100.00 万元，较 2023 年的 1000.00 万元增长 12.00%。", 10.00),
        ("本年支出 950.00 万元，上年支出 1,000.00 万元，同比下降 4.00%。", 5.00),
    ],
)
def test_percentage_change_against_its_base(text, expected):
    found = findings_of(text, "ratio")
    assert [f.expected for f in found] == [expected]


def test_percentage_change_that_holds():
    assert findings_of("本年支出 950.00 万元，上年支出 1,000.00 万元，同比下降 5.00%。", "ratio") == []
