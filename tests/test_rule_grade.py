from rule_helpers import findings_of


def test_grade_contradicting_the_score():
    assert len(findings_of("部门整体支出绩效自评得分为 85 分，绩效等级为“优”。", "grade")) == 1


def test_grade_matching_the_score():
    assert findings_of("部门整体支出绩效自评得分为 92 分，绩效等级为“优”。", "grade") == []
    assert findings_of("复核得分为88.85分，评价等级为“良”。", "grade") == []
