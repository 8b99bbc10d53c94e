from rule_helpers import findings_of, severities

WRONG = (
    "本年度全年预算数为 1,000.00 万元，全年执行数为 950.00 万元，执行率为 95.00%。"
    "其中基本支出执行数 300.00 万元，执行率 100.00%；项目支出执行数 650.00 万元，执行率 90.00%。"
)
RIGHT = (
    "本年度全年预算数为 1,022.22 万元，全年执行数为 950.00 万元，执行率为 92.94%。"
    "其中基本支出执行数 300.00 万元，执行率 100.00%；项目支出执行数 650.00 万元，执行率 90.00%。"
)


def test_component_rates_implying_another_total():
    found = findings_of(WRONG, "implied_total")
    assert severities(found) == ["error"]
    assert found[0].expected == 1022.22


def test_component_rates_consistent_with_the_total():
    assert findings_of(RIGHT, "implied_total") == []
