from rule_helpers import findings_of, severities


def test_average_per_item_against_every_stated_divisor():
    text = "全年共评审 10 个项目，共立项 9 个项目，提出意见建议 150 条，平均为每个项目提出意见建议约 25 条。"
    found = findings_of(text, "average")
    assert severities(found) == ["error"]
    assert "150 ÷ 10" in found[0].message and "150 ÷ 9" in found[0].message


def test_daily_average_over_the_days_of_the_year():
    found = findings_of("2024年累计受理来电 73.2 万个，日均话务量约 1500 个。", "average")
    assert severities(found) == ["error"]
    assert found[0].expected == 2000.0


def test_averages_that_hold_are_clean():
    for text in (
        "全年共评审 10 个项目，提出意见建议 150 条，平均为每个项目提出意见建议约 15 条。",
        "2023年累计受理来电 36.5 万个，日均约 1000 个。",
        "2024年累计受理来电 14.71 万个，日均话务量约 409 个。",
    ):
        assert findings_of(text, "average") == [], text


def test_qualifier_width_can_be_configured():
    from auditor.config import AuditOptions
    from auditor.pipeline import audit_text
    from rule_helpers import TITLE

    text = TITLE + "全年共评审 10 个项目，提出意见建议 150 条，平均为每个项目提出意见建议约 16 条。"
    assert any(f.rule == "average" for f in audit_text(text).findings)
    wide = AuditOptions(qualifier_widths={"约": 0.1})
    assert not any(f.rule == "average" for f in audit_text(text, options=wide).findings)
