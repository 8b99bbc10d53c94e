from rule_helpers import findings_of


def test_percentage_labelled_as_an_amount():
    found = findings_of("其中基本支出全年执行数 1,254.30 万元，执行数 98.57%；项目支出执行金额 96.2%。", "label")
    assert sorted(f.stated.text for f in found) == ["96.2%", "98.57%"]


def test_amount_labelled_as_a_rate():
    found = findings_of("本年度预算执行率 1,200.00 万元。", "label")
    assert len(found) == 1


def test_labels_matching_their_units_are_clean():
    text = "全年执行数 1,254.30 万元，执行率 98.57%；满意度指数 95%，占比 12.5%。"
    assert findings_of(text, "label") == []
