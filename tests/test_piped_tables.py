"""Tables pasted from web pages as `a | b | c |` rows, and the blocks of a 自评表 laid one under
the other: read as tables so the table rules check them; look-alikes stay text."""
from __future__ import annotations

from auditor.pipeline import audit_text


def audit(text: str):
    return audit_text(text, "piped.txt")


def rows(result, index: int = 0) -> list[list[str]]:
    return [[cell.text for cell in row if cell.text] for row in result.document.tables[index].rows]


def alarms(result, rule: str | None = None):
    return [f for f in result.findings
            if f.severity in ("error", "warning") and (rule is None or f.rule == rule)]


def status_of(result, text: str, line: int | None = None) -> str:
    for claim in result.claims:
        if claim.text == text and (line is None or claim.line == line):
            return result.status.get(claim.id, "unchecked")
    raise AssertionError(f"no claim {text!r}")


# ---------------------------------------------------------------- rows apart by |

def three_public(total: str, car: str = "80.00") -> str:
    return "\n".join([
        "2023年“三公”经费支出情况",
        "单位：万元 | | | |",
        "项目 | 预算数 | 决算数 | 增减额 |",
        f"合计 | 120.00 | {total} | -12.00 |",
        "因公出国（境）费 | 0.00 | 0.00 | 0.00 |",
        f"公务用车购置及运行维护费 | 90.00 | {car} | -10.00 |",
        "公务接待费 | 30.00 | 28.00 | -2.00 |",
    ])


def test_pipe_rows_are_a_table_whose_total_holds():
    result = audit(three_public("108.00"))
    assert ["合计", "120.00", "108.00", "-12.00"] in rows(result)
    assert not alarms(result)
    assert status_of(result, "108.00") == "verified"


def test_pipe_rows_total_slip_is_found():
    result = audit(three_public("118.00"))
    assert any(f.rule in ("table_sum", "root_cause", "table_ratio") and "118" in f.message
               for f in alarms(result))


def test_markdown_style_rows_with_leading_pipe():
    text = "\n".join([
        "| 支出项目 | 年初预算数 | 决算数 | 完成年初预算（%） |",
        "| 基本支出 | 500.00 | 480.00 | 96.00 |",
        "| 项目支出 | 300.00 | 330.00 | 110.00 |",
        "| 合计 | 800.00 | 810.00 | 101.25 |",
    ])
    result = audit(text)
    assert not alarms(result)
    assert status_of(result, "101.25") == "verified"
    slipped = audit(text.replace("| 110.00 |", "| 101.00 |"))
    assert any("101.00" in f.message for f in alarms(slipped))


def test_page_metadata_in_pipes_stays_text():
    """索引号 | … | 发布日期 | 2021-09-27: label and value pairs, no figures: a page's cover."""
    text = "\n".join([
        "索引号： | 11500000/2021-00821 | 主题分类： | 财政 |",
        "发布机构： | 成文日期： | 2021-07-26 | 发布日期： | 2021-09-27 |",
        "标题： | 某市关于2021年市级预算调整方案的报告 |",
        "",
        "2021年全市一般公共预算收入完成200亿元，增长10%。",
    ])
    result = audit(text)
    assert not result.document.tables
    assert any("成文日期" in p.text for p in result.document.paragraphs)


def test_prose_sentences_run_into_a_table_are_not_a_row():
    """A stored page's prose with a flattened table run into it: the sentences stay prose."""
    text = ("全县实现收入5682万元，下降24.22%。税收收入4000万元，占收入的70.40%。其余为非税收入。"
            " | 预算科目 | 本年收入计划 | 累计完成数 |\n")
    result = audit(text)
    assert any(c.text == "5682万元" and c.source == "narrative" for c in result.claims)


def test_a_unit_row_above_the_header_neither_makes_row_numbers_amounts_nor_rates_money():
    """单位：元 spanning 项目 | 行号 | … | 增长率: the 行号 column numbers rows, and a column
    whose every cell is in percent is a rate column, never summed."""
    text = "\n".join([
        "单位：元 | |||||",
        "项目 | 行号 | 本期 | 上年同期 | 增加额 | 增长率 |",
        "1、总收入 | 1 | 6000.00 | 5000.00 | 1000.00 | 20.00% |",
        "其中：医疗收入 | 2 | 4000.00 | 3000.00 | 1000.00 | 33.33% |",
        "财政拨款收入 | 3 | 1500.00 | 1200.00 | 300.00 | 25.00% |",
        "其他收入 | 4 | 500.00 | 800.00 | -300.00 | -37.50% |",
    ])
    result = audit(text)
    assert not alarms(result)
    numbered = {c.id for c in result.claims if c.text in ("1", "2", "3", "4")}
    assert not any(i in numbered for check in result.checks for i, _ in check.operands)
    assert status_of(result, "33.33%") == "verified"  # 1000 ÷ 3000
    slipped = audit(text.replace("33.33%", "3.33%"))
    assert [f for f in alarms(slipped) if "3.33%" in f.message]


# ---------------------------------------------------------------- blocks of a form

def self_evaluation(rate: str, fund_rows: tuple[str, ...] | None = None, sep: str = " | ") -> str:
    """A 四川-style 项目支出绩效自评表: indicator block, then the 预算执行 block whose header
    opens with the section cell (预算执行情况（10分）) the rows below it do not repeat."""
    fund_rows = fund_rows or (
        f"总额{sep}0.00{sep}50.00{sep}45.00{sep}{rate}{sep}10{sep}9{sep}",
        f"其中：财政资金{sep}0.00{sep}50.00{sep}45.00{sep}{rate}{sep}/{sep}/{sep}",
    )
    lines = [
        f"绩效指标（90分）{sep}一级指标{sep}二级指标{sep}三级指标{sep}指标值{sep}完成值{sep}权重{sep}得分{sep}",
        f"产出指标{sep}数量指标{sep}修缮校舍{sep}3所{sep}3所{sep}30{sep}30{sep}",
        f"合计{sep}100{sep}",
        f"项目名称{sep}校舍维修{sep}",
        f"预算执行情况（10分）{sep}年度预算数（万元）{sep}年初预算{sep}调整后预算数{sep}预算执行数{sep}"
        f"预算执行率{sep}权重{sep}得分{sep}原因{sep}",
        *fund_rows,
    ]
    return "\n".join(lines)


def test_form_blocks_are_tables_of_their_own_and_the_section_cell_leaves_the_header():
    result = audit(self_evaluation("90.00%"))
    fund = next(t for t in result.document.tables
                if t.rows and t.rows[0][0].text.startswith("年度预算数"))
    assert [c.text for c in fund.rows[0]][:5] == [
        "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率"]
    assert not alarms(result)
    assert status_of(result, "90.00%") == "verified"


def test_form_block_rate_slip_is_found():
    result = audit(self_evaluation("95.00%"))
    assert any("95.00%" in f.message and "45" in f.message for f in alarms(result))


def test_form_blocks_apart_by_tabs_too():
    result = audit(self_evaluation("80.00%", sep="\t"))
    assert any("80.00%" in f.message for f in alarms(result))
    assert status_of(audit(self_evaluation("90.00%", sep="\t")), "90.00%") == "verified"


def test_a_header_repeated_after_figures_is_no_new_block_when_it_is_the_same():
    header = "项目 | 预算数 | 决算数 | 执行率 |"
    text = "\n".join([header, "甲 | 10.00 | 9.00 | 90.00% |", header, "乙 | 20.00 | 10.00 | 50.00% |"])
    result = audit(text)
    assert len(result.document.tables) == 1
    assert not alarms(result)


# ---------------------------------------------------------------- a whole 自评表, tab-separated

SELF_EVALUATION_FORM = "\n".join([
    "项目支出绩效自评表",
    "（2023年度）",
    "项目名称\t农村饮水安全维修养护",
    "主管部门\t某县水利局\t实施单位\t某县水利局",
    "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    "年度资金总额\t120.00\t125.00\t118.75\t10\t95.00%\t9.5",
    "其中：当年财政拨款\t100.00\t105.00\t100.00\t—\t95.24%\t—",
    "上年结转资金\t20.00\t20.00\t18.75\t—\t93.75%\t—",
    "其他资金\t0\t0\t0\t—\t—\t—",
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    "产出指标（50分）\t数量指标\t维修供水工程\t≥20处\t22处\t20\t20\t",
    "\t质量指标\t工程验收合格率\t100%\t100%\t15\t15\t",
    "\t时效指标\t按期完成率\t≥95%\t96%\t15\t15\t",
    "效益指标（30分）\t社会效益指标\t受益人口\t≥1万人\t1.2万人\t30\t30\t",
    "满意度指标（10分）\t服务对象满意度\t群众满意度\t≥90%\t92%\t10\t9\t",
    "总分\t\t\t\t\t100\t98.5\t",
])


def test_a_whole_form_with_fields_above_its_funds_block():
    """项目名称 / 主管部门 rows above the 资金 block's header: the header still heads its block,
    the rate column is a rate (never summed), the fund sources are the whole of the funds."""
    result = audit(SELF_EVALUATION_FORM)
    assert not alarms(result)
    for figure in ("125.00", "105.00", "95.24%", "98.5"):
        assert status_of(result, figure) == "verified", figure


def test_a_whole_form_fund_source_slip_and_rate_slip_are_found():
    slipped = audit(SELF_EVALUATION_FORM.replace("上年结转资金\t20.00\t20.00\t18.75", "上年结转资金\t20.00\t20.00\t17.85"))
    assert [f for f in alarms(slipped) if f.rule in ("table_sum", "table_ratio", "root_cause")]
    rate = audit(SELF_EVALUATION_FORM.replace("95.24%", "92.54%"))
    assert [f for f in alarms(rate) if "92.54%" in f.message]


def test_a_header_over_two_rows_is_not_split_into_blocks():
    text = "\n".join([
        "项目\t市级资金\t\t\t另有资金来源（决算数）",
        "\t年初预算数（万元）\t调整预算数（万元）\t决算数（万元）\t中央资金（万元）",
        "维修经费\t82.5\t64.5\t64.5\t0",
        "运维费用\t41.91\t10.57\t10.57\t0",
        "合计\t124.41\t75.07\t75.07\t0",
    ])
    result = audit(text)
    assert len(result.document.tables) == 1
    assert status_of(result, "75.07") == "verified"


NESTED = "\n".join([
    "单位：万元",
    "| 科目名称 | 年初预算 | 支出决算 |",
    "| 教育支出 | 700.00 | 720.50 |",
    "| 普通教育 | 500.00 | 512.30 |",
    "| 小学教育 | 300.00 | 310.10 |",
    "| 初中教育 | 200.00 | 202.20 |",
    "| 教育费附加安排的支出 | 200.00 | 208.20 |",
    "| 社会保障和就业支出 | 120.00 | 118.40 |",
    "| 卫生健康支出 | 80.00 | 79.60 |",
    "| 合计 | 900.00 | 918.50 |",
])


def test_class_section_item_rows_without_codes_foot_level_by_level():
    """类 / 款 / 项 rows with no codes and no indent: the 款 are found first, then the 类
    over them, and the total adds up the 类 only."""
    result = audit(NESTED)
    assert not alarms(result)
    assert status_of(result, "918.50") == "verified"
    assert status_of(result, "512.30") == "verified"


TWO_SIDED = "\n".join([
    "收入支出决算总表",
    "单位：万元",
    "项目\t决算数\t项目\t决算数",
    "一、财政拨款收入\t10,845.60\t一、基本支出\t5,403.17",
    "二、事业收入\t932.45\t二、项目支出\t6,615.74",
    "三、其他收入\t184.25\t\t",
    "本年收入合计\t11,962.30\t本年支出合计\t12,018.91",
    "使用上年结转和结余\t524.43\t年末结转和结余\t467.82",
    "总计\t12,486.73\t总计\t12,486.73",
])


def test_a_two_sided_table_foots_on_both_sides():
    for text in (TWO_SIDED, TWO_SIDED.replace("\t", " | ")):
        result = audit(text)
        assert not alarms(result)
        for figure in ("5403.17", "6615.74", "12018.91", "467.82"):
            assert status_of(result, figure) == "verified", (figure, text[:30])


def test_a_two_sided_tables_spending_side_slip_is_found():
    slipped = audit(TWO_SIDED.replace("6,615.74", "6,651.74"))
    assert [f for f in alarms(slipped) if f.rule in ("table_sum", "root_cause")]


WHOLE_FORM = "\n".join([
    "部门整体支出绩效自评表",
    "| 资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
    "| 年度资金总额 | 2145.60 | 2730.25 | 2602.18 | 10 | 95.31% | 9.53 |",
    "| 其中：基本支出 | 1086.40 | 1120.35 | 1108.42 | — | 98.94% | — |",
    "| 项目支出 | 1059.20 | 1609.90 | 1493.76 | — | 92.79% | — |",
])


def test_a_unit_over_the_first_amount_column_is_the_whole_blocks():
    """资金（万元） joined with 年初预算数: the unit is every amount column's, so prose quoting
    the 执行 column is a correct quote; 基本支出 + 项目支出 are the whole of the funds."""
    text = WHOLE_FORM + "\n全年实际支出 2602.18 万元。基本支出 1108.42 万元，项目支出 1493.76 万元。"
    result = audit(text)
    assert not alarms(result)
    assert status_of(result, "1059.20") == "verified"
    slipped = audit(text.replace("| 1059.20 |", "| 1095.20 |"))
    assert [f for f in alarms(slipped) if f.rule in ("table_sum", "root_cause")]


def test_funds_by_level_of_government_are_the_whole_of_the_funds_block():
    block = "\n".join([
        "| 资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 860.00 | 925.50 | 887.36 | 10 | 95.88% | 9.59 |",
        "| 其中：中央补助 | 420.00 | 420.00 | 420.00 | — | 100.00% | — |",
        "| 省级补助 | 180.00 | 180.00 | 176.20 | — | 97.89% | — |",
        "| 区级配套 | 260.00 | 325.50 | 291.16 | — | 89.45% | — |",
    ])
    result = audit(block)
    assert not alarms(result)
    assert status_of(result, "260.00") == "verified"
    assert [f for f in alarms(audit(block.replace("| 260.00 |", "| 206.00 |"))) if f.rule == "table_sum"]


def test_a_slip_in_one_column_of_a_nested_table_is_found_where_it_is():
    """类 / 款 rows with no codes, three columns: the two columns that foot show the
    structure, and the slip of the third is named on its row, not as a flat sum."""
    text = "\n".join([
        "单位：万元",
        "| 功能科目 | 2024年预算 | 2025年预算 | 增减额 |",
        "| 节能环保支出 | 12,580.00 | 11,365.42 | -1,223.58 |",
        "| 环境保护管理事务 | 3,120.00 | 3,245.60 | 125.60 |",
        "| 环境监测与监察 | 2,460.00 | 2,710.82 | 250.82 |",
        "| 大气 | 5,200.00 | 3,700.00 | -1,500.00 |",
        "| 水体 | 1,800.00 | 1,700.00 | -100.00 |",
        "| 社会保障和就业支出 | 820.00 | 856.18 | 36.18 |",
        "| 住房保障支出 | 650.00 | 671.80 | 21.80 |",
        "| 合计 | 14,050.00 | 12,884.40 | -1,165.60 |",
    ])
    found = alarms(audit(text))
    assert found and all("24620" not in f.message and "11365.42 +" not in f.message for f in found)
    assert any("11365.42" in f.message and "11356.42" in f.message for f in found)


def test_a_prose_grand_total_is_the_tables_grand_total_row():
    text = TWO_SIDED + "\n2023年度收入总计 12,486.73 万元、支出总计 12,486.73 万元。"
    assert not alarms(audit(text))
