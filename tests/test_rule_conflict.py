from rule_helpers import findings_of


def test_same_count_stated_twice_with_incompatible_values():
    text = (
        "一是推进“跨省通办”，上线 50 个通办主题服务，累计办理各项“跨省通办”业务近 1.5 万宗。\n\n"
        "二是优化服务。截至年底，已上线 50 个通办主题服务，累计办理业务超过 2 万宗。"
    )
    found = findings_of(text, "conflict")
    assert len(found) == 1
    pair = (found[0].stated, found[0].evidence[0].claim)
    assert {c.text for c in pair} == {"1.5 万宗", "2 万宗"}
    assert {c.quantity.qualifier for c in pair} == {"近", "超过"}
    assert "近1.5 万宗" in found[0].message and found[0].severity == "warning"


def test_same_amount_stated_twice_with_different_values_is_an_error():
    text = (
        "2024 年政务外网运维专项经费预算 320.00 万元，用于全市政务外网运行维护。\n\n"
        "三、预算执行。2024 年政务外网运维专项经费预算 350.00 万元，全年已全部执行完毕。"
    )
    found = findings_of(text, "conflict")
    assert [f.severity for f in found] == ["error"]


def test_qualified_figures_that_can_both_hold_are_clean():
    text = (
        "在各办事大厅部署约 30 个“云窗口”终端。\n\n"
        "共在各办事大厅部署 30 个“云窗口”终端。"
    )
    assert findings_of(text, "conflict") == []


def test_prose_figure_used_in_a_formula_with_another_value():
    text = (
        "年末结转和结余决算数为 500.00 万元，年初结转和结余决算数为 80.00 万元，"
        "本年收入决算数为 2000.00 万元。结余率 = 年末结转和结余决算数 / (年初结转和结余决算数 + "
        "本年收入决算数) = 500.00 / (70.00 + 2000.00) = 24.15%。"
    )
    found = findings_of(text, "conflict")
    assert len(found) == 1
    assert "70.00" in found[0].message


def test_explained_adjustment_in_a_formula_is_clean():
    text = (
        "本年收入决算数为 2000.00 万元，其中 300.00 万元为年底下达的下年项目资金，计算时予以剔除。"
        "结余率 = 年末结转和结余决算数 / 本年收入决算数 = 100.00 / 1700.00 = 5.88%。"
    )
    assert findings_of(text, "conflict") == []
