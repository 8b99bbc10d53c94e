from rule_helpers import findings_of, severities


def test_components_exceeding_the_total_are_an_error():
    found = findings_of("2024年全年支出 1000.00 万元，其中基本支出 300.00 万元，项目支出 800.00 万元。", "sum")
    assert severities(found) == ["error"]
    assert found[0].expected == 1100.00
    assert "300.00 + 800.00" in found[0].message


def test_a_whole_list_falling_short_is_an_error():
    found = findings_of("预算安排 500 万元，包括办公费 200 万元、差旅费 100 万元、会议费 100 万元。", "sum")
    assert severities(found) == ["error"]


def test_a_partial_list_falling_short_is_not_an_alarm_unless_a_slip_explains_it():
    for text in (
        "项目支出 900 万元，主要包括：信息化运维 300 万元、政务外网 200 万元。",
        "项目支出 900 万元，其中信息化运维 300 万元、政务外网 200 万元。",
        "项目支出 900 万元，包括信息化运维 300 万元、政务外网 200 万元等。",
    ):
        assert severities(findings_of(text, "sum")) == [], text
    # 2,566 for 2,656 (two digits swapped) makes the list add up exactly: a warning naming
    # the slip, the gap (90) being a sliver of the total
    for text in (
        "项目支出 9,000 万元，主要包括：信息化运维 6,344 万元、政务外网 2,566 万元。",
        "项目支出 9,000 万元，其中信息化运维 6,344 万元、政务外网 2,566 万元。",
    ):
        found = findings_of(text, "sum")
        assert severities(found) == ["warning"], text
        assert "相邻两位数字颠倒" in found[0].message, found[0].message


def test_share_list_whose_amounts_do_not_reach_the_total():
    text = (
        "本年度财政拨款支出合计 600.00 万元。从功能分类看，一般公共服务支出 500.00 万元，占总支出的 83.33%；"
        "社会保障和就业支出 60.00 万元，占总支出的 10.00%；住房保障支出 40.50 万元，占总支出的 6.67%。"
    )
    found = findings_of(text, "sum")
    assert severities(found) == ["error"]
    assert found[0].expected == 600.50


def test_totals_that_add_up_are_clean():
    for text in (
        "2024 年全年总支出完成 11,440.64 万元，其中基本支出 2733.36 万元，项目支出 8,707.29 万元。",
        "批复预算 21573.15 万元，其中基本支出 2496.45 万元，项目支出 19076.70 万元。",
        "人员经费 1802.18 万元和公用经费 85.38 万元，合计基本支出 1887.56 万元。",
    ):
        assert findings_of(text, "sum") == [], text


def test_a_total_stated_after_its_items():
    found = findings_of("平台运维 120.50 万元、安全服务 79.50 万元，合计 210.00 万元。", "sum")
    assert [f.expected for f in found] == [200.00]
    assert findings_of("平台运维 120.50 万元、安全服务 79.50 万元，合计 200.00 万元。", "sum") == []


def test_components_given_stage_by_stage():
    text = (
        "全年预算数 800.00 万元，执行数 770.00 万元，执行率 96.25%。其中：基本支出预算数 300.00 万元，"
        "执行数 300.00 万元，执行率 100.00%；项目支出预算数 500.00 万元，执行数 460.00 万元，执行率 92.00%。"
    )
    found = findings_of(text, "sum")
    assert [(f.stated.value, f.expected) for f in found] == [(770.00, 760.00)]


def test_a_budget_built_up_over_the_year():
    wrong = "年初预算数 500.00 万元；年中追加 80.00 万元，全年预算数 570.00 万元。"
    found = findings_of(wrong, "sum")
    assert [(f.stated.value, f.expected) for f in found] == [(570.00, 580.00)]
    right = "安排资金 580 万元；年初预算 500 万元，年中追加安排 80 万元。"
    assert findings_of(right, "sum") == []
