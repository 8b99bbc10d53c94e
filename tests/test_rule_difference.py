from rule_helpers import findings_of, severities


def test_wrong_change_amount():
    text = "年初预算数 1000.00 万元，决算数 1500.00 万元，比年初预算数增加 400.00 万元。"
    found = findings_of(text, "difference")
    assert severities(found) == ["error"]
    assert found[0].expected == 500.00


def test_change_in_the_wrong_direction():
    text = "决算数 800 万元，年初预算 1000 万元，比年初预算增加 200 万元。"
    found = findings_of(text, "difference")
    assert severities(found) == ["error"]
    assert "方向" in found[0].message


def test_wrong_percentage_change():
    text = "全年总支出完成 900.00 万元，预算总支出 1000.00 万元，减支 100.00 万元，减少 12.00%。"
    found = findings_of(text, "difference")
    assert [f.expected for f in found] == [10.00]


def test_consistent_changes_are_clean():
    for text in (
        "一般公共预算财政拨款支出年初预算数 1755.11 万元,决算数 5836.32 万元,比年初预算数增加 4081.21 万元,增加 232.53%。",
        "全年总支出完成23155.62万元，为预算总支出26621.1万元的86.98%，减支3465.48万元，减少13.02%。",
    ):
        assert findings_of(text, "difference") == [], text
