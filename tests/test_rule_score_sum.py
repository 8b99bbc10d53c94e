from rule_helpers import findings_of, severities

SHEET = """自评总分：{total} 分

1. 预算编制情况。该项指标自评得 20 分。

（1）预算编制。该项指标自评得 12 分。

（2）目标设置。该项指标自评得 8 分。

2. 预算执行情况。该项指标自评得 {execution} 分。

第一，支出进度，自评得 10 分。

第二，资金管理，自评得 {second} 分。

3.加分项。该项指标自评得 2 分。
"""


def test_section_not_matching_its_items():
    found = findings_of(SHEET.format(total=52, execution=30, second=25), "score_sum")
    assert any(f.expected == 35 and f.severity == "error" for f in found)


def test_total_leaving_out_the_bonus_is_a_warning():
    found = findings_of(SHEET.format(total=50, execution=30, second=20), "score_sum")
    assert severities(found) == ["warning"]
    assert "加分" in found[0].message


def test_a_consistent_sheet_is_clean():
    assert findings_of(SHEET.format(total=52, execution=30, second=20), "score_sum") == []


def test_score_list_with_qizhong():
    text = "部门整体支出绩效目标自评 98.58 分，其中：履职效能自评分 49.58 分，管理效率自评分 48 分。"
    assert severities(findings_of(text, "score_sum")) == ["warning"]


def test_weights_must_add_up_to_the_stated_weight():
    text = "该指标反映产出(15 分)、效益(15 分)和专项资金(25 分)三方面的情况，指标分值 50 分，自评得分 50 分。"
    found = findings_of(text, "score_sum")
    assert [f.expected for f in found] == [55]
