from rule_helpers import findings_of, severities


def test_indicator_breakdown_exceeding_its_total():
    found = findings_of("共设置绩效指标 30 个，包括产出指标 20 个、效益指标 12 个。", "count_sum")
    assert severities(found) == ["error"]
    assert found[0].expected == 32


def test_parenthesised_breakdown_is_complete():
    found = findings_of("全年累计受理群众诉求 5000 件（线上 3000 件、线下 1900 件），办结率 100%。", "count_sum")
    assert severities(found) == ["error"]
    assert found[0].expected == 4900


def test_headcount_ratio_against_the_posts_listed():
    text = (
        "机关编制 20 人，工勤编制 2 人，年底在编 18 人，工勤编制 2 人；"
        "下属中心编制 10 人，年底在编 9 人。人员控制率 = 29/31*100% = 93.55%。"
    )
    found = findings_of(text, "count_sum")
    assert severities(found) == ["error"]
    assert found[0].expected == 32


def test_counts_that_add_up_are_clean():
    for text in (
        "共设置指标 59 个，包括产出指标 48 个、效果指标 11 个，均达到预期。",
        "产出指标共设置 14 个(其中数量指标 6 个、质量指标 5 个、时效指标 3 个)。",
        "核定编制 34 名，其中：行政编制 30 名，后勤服务人员 4 名。",
    ):
        assert findings_of(text, "count_sum") == [], text
