"""auditor.quantities: figures found in text, with their units, kinds, qualifiers and places.

Test texts are written for these tests (not copied from the corpus) and cover each case the
extractor distinguishes; the negative cases (idioms, ranks, document numbers, names) are what
show its precision. The corpus test at the end measures recall against the annotations.
"""
from __future__ import annotations

import glob
import os
import time

import pytest
import yaml

import auditor
from auditor.lexicon import load
from auditor.normalise import normalise_chars
from auditor.quantities import (
    extract_from_normalised,
    extract_quantities,
    parse_chinese_number,
)

CORPUS = os.path.join(os.path.dirname(__file__), "..", "corpus")


def summary(text: str) -> list[tuple]:
    return [(q.text, q.value, q.unit, q.kind) for q in extract_quantities(text)]


def only(text: str):
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- what is found

FOUND = [
    # money
    ("本年度收入合计 1,204.50 万元。", [("1,204.50 万元", 1204.5, "万元", "money")]),
    ("向合作社拨付资金 350 元", [("350 元", 350, "元", "money")]),
    ("总投资 3.2 亿元", [("3.2 亿元", 3.2, "亿元", "money")]),
    ("节约办公经费 12 千元", [("12 千元", 12, "千元", "money")]),
    ("经费５００．２５万元", [("５００．２５万元", 500.25, "万元", "money")]),
    ("试点经费分配 860.5 万，占比 12.3%",
     [("860.5 万", 860.5, "万元", "money"), ("12.3%", 12.3, "%", "percent")]),
    ("共下达专项 120 万、150 万和 80 万元",
     [("120 万", 120, "万元", "money"), ("150 万", 150, "万元", "money"),
      ("80 万元", 80, "万元", "money")]),
    ("累计惠及 300 万市民", [("300 万", 300, "万", "number")]),
    ("追加两千余万元", [("两千余万元", 2000, "万元", "money")]),
    ("压减三百万元", [("三百万元", 300, "万元", "money")]),
    ("一亿二千万元", [("一亿二千万元", 120000000, "元", "money")]),
    ("年末结余 0 万元", [("0 万元", 0, "万元", "money")]),
    # percent
    ("执行率为 99.5%", [("99.5%", 99.5, "%", "percent")]),
    ("完成率 85 ％", [("85 ％", 85, "%", "percent")]),
    ("占比 $12.5\\%$ 。", [("12.5\\%", 12.5, "%", "percent")]),
    ("满意度达百分之四十五点六", [("百分之四十五点六", 45.6, "%", "percent")]),
    ("做到百分之百覆盖", [("百分之百", 100, "%", "percent")]),
    ("覆盖率百分之 95", [("百分之 95", 95, "%", "percent")]),
    ("差错率千分之五", [("千分之五", 5, "‰", "percent")]),
    ("误差控制在 5‰", [("5‰", 5, "‰", "percent")]),
    ("比上年下降 3.5 个百分点", [("3.5 个百分点", 3.5, "个百分点", "percent")]),
    ("增长率为-2.3%", [("-2.3%", -2.3, "%", "percent")]),
    ("目标区间 10%-15%", [("10%-15%", 10, "%", "percent")]),
    # counts and durations
    ("共设置绩效指标 59 个", [("59 个", 59, "个", "count")]),
    ("受理群众来件 1.3 万多件", [("1.3 万多件", 1.3, "万件", "count")]),
    ("服务群众 2438 人次", [("2438 人次", 2438, "人次", "count")]),
    ("招募三万名志愿者", [("三万名", 3, "万名", "count")]),
    ("建成十二项制度", [("十二项", 12, "项", "count")]),
    ("涵盖两个方面", [("两个", 2, "个", "count")]),
    ("覆盖十个省份", [("十个", 10, "个", "count")]),
    ("日均接听约 30 个", [("30 个", 30, "个", "count")]),
    ("办结超过 5 万宗业务", [("5 万宗", 5, "万宗", "count")]),
    ("办理近 1.5 万宗", [("1.5 万宗", 1.5, "万宗", "count")]),
    ("签约 20 余家单位", [("20 余家", 20, "家", "count")]),
    ("配置 100 个左右", [("100 个", 100, "个", "count")]),
    ("培训 50 人以上", [("50 人", 50, "人", "count")]),
    ("时限压缩到不超过 5 个工作日", [("5 个工作日", 5, "个工作日", "count")]),
    ("办理时限 3 小时", [("3 小时", 3, "小时", "count")]),
    ("开办时间 0.5 天", [("0.5 天", 0.5, "天", "count")]),
    ("3 分钟完成申请", [("3 分钟", 3, "分钟", "count")]),
    ("连续运行 10 年", [("10 年", 10, "年", "count")]),
    ("申请 5485 类数据", [("5485 类", 5485, "类", "count")]),
    ("交换 12.5 亿条记录", [("12.5 亿条", 12.5, "亿条", "count")]),
    ("共有 3 万余人参加", [("3 万余人", 3, "万人", "count")]),
    ("发放证照 3176万张", [("3176万张", 3176, "万张", "count")]),
    ("统计平均跑动 0.0105 次", [("0.0105 次", 0.0105, "次", "count")]),
    ("配置自助机 46 台、网点 15 个",
     [("46 台", 46, "台", "count"), ("15 个", 15, "个", "count")]),
    ("获锦旗 12 面、表扬信 40 封",
     [("12 面", 12, "面", "count"), ("40 封", 40, "封", "count")]),
    # scores
    ("自评得分 92.5 分", [("92.5 分", 92.5, "分", "score")]),
    ("预算编制(15 分)", [("15 分", 15, "分", "score")]),
    ("该项得 4 分，扣 1 分",
     [("4 分", 4, "分", "score"), ("1 分", 1, "分", "score")]),
    ("满分一百分", [("一百分", 100, "分", "score")]),
    # years
    ("2024 年", [("2024 年", 2024, "年", "year")]),
    ("纳入2024年度预算", [("2024年度", 2024, "年", "year")]),
    ("规划期 2023-2025 年", [("2023-2025 年", 2023, "年", "year")]),
    ("规划期 2021—2023 年", [("2021—2023 年", 2021, "年", "year")]),
    ("实施期为 2023 年至 2025 年", [("2023 年至 2025 年", 2023, "年", "year")]),
    ("报送于 2022 年 5 月 16 日", [("2022 年", 2022, "年", "year")]),
    ("二〇二三年工作总结", [("二〇二三年", 2023, "年", "year")]),
    ("截至 2020 年底", [("2020 年", 2020, "年", "year")]),
    ("2.2024 年我局预算支出情况", [("2024 年", 2024, "年", "year")]),
    # bare numbers
    ("得分 = (4 * 15.22) / 2 = 3.04",
     [("4", 4, "", "number"), ("15.22", 15.22, "", "number"), ("2", 2, "", "number"),
      ("3.04", 3.04, "", "number")]),
    ("下属单位数量：2", [("2", 2, "", "number")]),
    ("3 分钟申请、1 秒钟放款、0 人工干预",
     [("3 分钟", 3, "分钟", "count"), ("1 秒钟", 1, "秒钟", "count"), ("0", 0, "", "number")]),
    ("共立项 8 项目", [("8", 8, "", "number")]),
    ("附件 4-3", [("4", 4, "", "number")]),
    ("在全省 13 大平台", [("13", 13, "", "number")]),
]


@pytest.mark.parametrize("text,expected", FOUND, ids=[case[0] for case in FOUND])
def test_found(text, expected):
    assert summary(text) == [
        (surface, pytest.approx(value), unit, kind) for surface, value, unit, kind in expected
    ]


# ---------------------------------------------------------------- what is not a quantity

NOT_QUANTITIES = [
    "一般公共预算", "三公经费支出", "这项工作十分重要", "推进一网通办", "“一件事”集成改革",
    "落实三定方案", "一是加强管理；二是优化流程", "第一，加强领导", "第六，强化保障",
    "获评全省第6", "排名第 2", "获得全国第四名", "第五期效能之星", "推动一批项目",
    "一站式服务", "一张网办全部事", "一体化平台", "五级政务网络", "统一三区四市标准",
    "江财绩函〔2025〕1 号", "根据粤财预〔2024〕35号文", "联系电话：3988907",
    "电话 0753-2219989", "手机 13812345678", "采用 IPv6 技术", "建设 5G 网络", "SRV6 组网",
    "“1+3+N”清单", "贯彻“1310”部署", "实现“10+10”联办", "企业开办“0+1”政策",
    "5月16日", "12月底前完成", "10月19-25日举办", "打造一个平台", "建立一项制度",
    "走进千家万户", "收支两条线", "参加“粤盾-2022”演练", "实行7*24小时值守", "十几个部门",
    "进入前十名", "召开“三张清单”会议", "二十届二中全会", "连续五年进入前列", "五一假期",
    "百项惠民举措", "成千上万的群众", "十四五规划", "“十四五”时期", "这是一系列改革", "荣获一等奖",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(text):
    assert extract_quantities(text) == []


def test_bare_wan_without_money_words_is_no_money():
    found = only("为6000多万旅居海外侨胞服务")
    assert (found.kind, found.unit, found.scale, found.qualifier) == ("number", "万", 10000, "多")


def test_bare_wan_in_a_sentence_of_sums_is_money():
    found = extract_quantities("甲类 300 万元，乙类 200 万，丙类 100 万元。")
    assert [(q.text, q.unit, q.kind) for q in found] == [
        ("300 万元", "万元", "money"), ("200 万", "万元", "money"), ("100 万元", "万元", "money"),
    ]


def test_bare_wan_money_does_not_leak_into_the_next_sentence():
    found = extract_quantities("全年支出 300 万元。服务群众 200 万。")
    assert [(q.text, q.kind) for q in found] == [("300 万元", "money"), ("200 万", "number")]


# ---------------------------------------------------------------- attributes


@pytest.mark.parametrize(
    "text,decimals",
    [("8318.83 万元", 2), ("20000 万元", 0), ("1.3 万条", 1), ("百分之四十五点六", 1),
     ("99.90%", 2), ("0.0105 次", 4), ("三万名", 0)],
)
def test_decimals_are_the_digits_stated(text, decimals):
    assert only(text).decimals == decimals


@pytest.mark.parametrize(
    "text,qualifier",
    [
        ("日均约 409 个", "约"), ("累计办理近1.72万宗", "近"), ("累计超过 2 万宗", "超过"),
        ("推行 20 余个地区通办", "余"), ("上线 1900 多项", "多"), ("结余率 $\\leq 10\\%$ ，", "≤"),
        ("达标率 $\\geq 95\\%$", "≥"), ("每年不少于 3 次", "不少于"), ("不超过 3 个工作日", "不超过"),
        ("控制在 5 个工作日内", "内"), ("35 个工作日以内", "以内"), ("100 个左右", "左右"),
        ("超两千家单位", "超"), ("逾 300 人", "逾"), ("不足 50%", "不足"), ("至少 2 名", "至少"),
        ("比例接近 100%", "接近"), ("1.3 万多条", "多"), ("两千余万元", "余"),
    ],
)
def test_qualifiers(text, qualifier):
    assert only(text).qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    ["最近 3 个月", "3 个部门内部协调", "共 12 项", "支出 100 万元"],
)
def test_no_qualifier_where_the_word_belongs_to_another(text):
    assert only(text).qualifier is None


def test_count_with_wan_prefix_and_more():
    q = only("建立了 1.3 万多条实施清单")
    assert (q.text, q.value, q.unit, q.measure, q.scale, q.qualifier, q.kind) == (
        "1.3 万多条", 1.3, "万条", "条", 10000, "多", "count"
    )
    assert q.base_value == pytest.approx(13000)


def test_money_scale_and_measure():
    q = only("基本支出 2496.45 万元")
    assert (q.scale, q.measure, q.base_value) == (10000, "元", pytest.approx(24964500))
    assert only("总额 2 亿元").scale == 1e8


def test_permille_scale_takes_it_to_per_cent():
    q = only("误差 5‰")
    assert (q.scale, q.measure) == (0.1, "%")


def test_chinese_flag_and_value():
    q = only("追加两千余万元")
    assert (q.value, q.unit, q.qualifier, q.chinese) == (2000, "万元", "余", True)
    assert only("追加 2000 万元").chinese is False


def test_year_range_has_upper_and_claims_stage_kind():
    q = only("专项资金（2023-2025 年）实际安排")
    assert (q.kind, q.value, q.upper, q.unit, q.measure) == ("year", 2023, 2025, "年", "年")


def test_count_range():
    q = only("每年培训 3-5 次")
    assert (q.value, q.upper, q.unit) == (3, 5, "次")


def test_date_gives_the_year_only():
    assert summary("于2019年1月9日成立") == [("2019年", 2019, "年", "year")]


def test_month_and_day_alone_are_not_quantities_but_durations_are():
    assert summary("今年 4 月启动，用时 3 个月") == [("3 个月", 3, "个月", "count")]


def test_score_is_not_confused_with_minutes_or_words_starting_with_fen():
    assert summary("3 分钟") == [("3 分钟", 3, "分钟", "count")]
    assert summary("两个部门分别负责") == [("两个", 2, "个", "count")]


def test_offsets_point_into_the_given_text():
    text = "全年预算数为 8,318.83 万元，执行率为 99.47%。"
    for q in extract_quantities(text):
        assert text[q.start:q.end] == q.text
    assert [q.text for q in extract_quantities(text)] == ["8,318.83 万元", "99.47%"]


def test_offsets_of_latex_percent_cover_the_backslash():
    text = "结余率 $\\leq 10\\%$ ，得 4 分"
    first = extract_quantities(text)[0]
    assert text[first.start:first.end] == "10\\%"


@pytest.mark.parametrize("text,_", FOUND, ids=[case[0] for case in FOUND])
def test_every_surface_is_the_slice_of_the_input(text, _):
    for q in extract_quantities(text):
        assert text[q.start:q.end] == q.text


def test_extract_from_normalised_offsets_are_into_the_normalised_text():
    normalised, _ = normalise_chars("全年总支出 11,440.64 万元，占 38.11 %")
    found = extract_from_normalised(normalised)
    assert [normalised[q.start:q.end] for q in found] == ["11440.64万元", "38.11%"]
    assert [q.text for q in found] == ["11440.64万元", "38.11%"]


def test_outline_markers_are_not_figures():
    assert summary("1. 预算编制情况。该项指标自评得 27 分。") == [("27 分", 27, "分", "score")]
    assert summary("(2) 目标设置") == []
    assert summary("3、资金使用") == []


def test_multi_line_text_keeps_offsets_per_character():
    text = "一、收入\n1. 收入 20 万元\n2. 支出 12.5 万元"
    found = extract_quantities(text)
    assert [text[q.start:q.end] for q in found] == ["20 万元", "12.5 万元"]


def test_public_api_is_re_exported():
    assert auditor.extract_quantities is extract_quantities


# ---------------------------------------------------------------- Chinese numerals


@pytest.mark.parametrize(
    "numeral,value",
    [("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两千", 2000), ("三万", 30000),
     ("一万二千", 12000), ("四十五点六", 45.6), ("二〇二四", 2024), ("一百二", 120),
     ("三亿五千万", 350000000)],
)
def test_parse_chinese_number(numeral, value):
    parsed = parse_chinese_number(numeral)
    assert parsed is not None and parsed[0] == pytest.approx(value)


@pytest.mark.parametrize("numeral", ["五一十", "百十", "十十", "千百", "三十五一"])
def test_malformed_chinese_numerals_are_refused(numeral):
    assert parse_chinese_number(numeral) is None


def test_digit_by_digit_numerals_read_as_digits_but_count_only_as_years():
    assert parse_chinese_number("五一") == (51.0, 0)
    assert extract_quantities("五一个") == []
    assert summary("二〇二二年") == [("二〇二二年", 2022, "年", "year")]


# ---------------------------------------------------------------- lexicons


def test_idioms_never_consist_of_numerals_only():
    numerals = set(load("numerals")["digits"]) | set(load("numerals")["units"]) | set(
        load("numerals")["big_units"]
    )
    for idiom in load("idioms")["idioms"]:
        assert set(str(idiom)) - numerals, idiom


def test_unit_lexicon_qualifiers_exist_in_the_qualifier_lexicon():
    qualifiers = load("qualifiers")
    units = load("units")
    for word in units["inner_qualifiers"]:
        assert qualifiers[word]["position"] == "after"
    for word in units["qualifier_exclusions"]:
        assert word in qualifiers


# ---------------------------------------------------------------- corpus


def _annotated():
    for path in sorted(glob.glob(os.path.join(CORPUS, "annotations", "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            annotation = yaml.safe_load(handle)
        report = os.path.join(CORPUS, "reports", annotation["report"])
        with open(report, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        yield annotation, lines


def test_corpus_money_and_percent_claims_are_extracted_on_their_line():
    """Recall of annotated money and percent claims, extracted line by line.

    Narrative claims must match text, value and unit. Table cells carry their unit in the
    column header, which this stage does not read: they must be found as the number.
    """
    narrative = [0, 0]
    table = [0, 0]
    missed = []
    for annotation, lines in _annotated():
        cache: dict[int, list] = {}
        for claim in annotation["claims"]:
            line = claim["line"]
            found = cache.setdefault(line, extract_quantities(lines[line - 1]))
            in_table = claim.get("where") == "table"
            ok = any(
                q.text == str(claim["text"])
                and q.value == pytest.approx(claim["value"])
                and (in_table or q.unit == claim["unit"])
                for q in found
            )
            counter = table if in_table else narrative
            counter[0] += ok
            counter[1] += 1
            if not ok:
                missed.append((annotation["report"], claim))
    assert narrative[1] > 100 and table[1] > 50
    assert narrative[0] / narrative[1] >= 0.98, missed
    assert table[0] / table[1] >= 0.98, missed


def test_corpus_extracts_fast():
    texts = []
    for path in sorted(glob.glob(os.path.join(CORPUS, "reports", "*.txt"))):
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for text in texts:
            extract_quantities(text)
        best = min(best, time.perf_counter() - started)
    assert best < 0.050
