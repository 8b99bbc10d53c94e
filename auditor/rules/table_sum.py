"""table_sum: a table column that does not foot.

What it catches: in every amount column of a table, a 合计 / 总计 row that differs from the
sum of the top-level rows it totals, and a parent row that differs from the rows that break
it down (人员经费 + 公用经费 under 基本支出, a section's numbered sub-sections).

Why: reviewers cross-foot every table; a total that does not add up means a figure was typed
wrong or a row was left out, and whichever it is, the table cannot be trusted as it stands.

Tolerance comes from the digits stated: each cell stands for ± half a unit of its last
digit, so a sum of n cells has n half-units of slack, and a total fails only when its interval
cannot meet the interval of the sum. Rows introduced by 其中 may be a partial list: a parent
larger than its 其中 rows is normal; 其中 rows adding up to more than their parent are wrong.

Wrong::

    项目\t决算数（万元）
    基本支出\t1887.56
    项目支出\t879.08
    合计\t2766.75
    (1887.56 + 879.08 = 2766.64)

Right::

    项目\t决算数（万元）
    基本支出\t1887.56
    项目支出\t879.08
    合计\t2766.64

(Cells are separated by tabs.)

It also foots a score sheet (项目支出绩效自评表: 分值 and 得分 columns, a 总分 row): each 得分
must not exceed its 分值, and the 总分's 得分 must be the sum of the rows' 得分. The 总分 may
count the 得分 of the 资金 block printed just above the sheet (预算执行率 10 分) or of a 预算执行
score stated elsewhere; the 分值 column tells which: the 得分 total is checked only when the
rows' 分值 (with or without the block above) add up to the 总分's 分值, one way only.

Wrong::

    项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率（%）\t得分
    年度资金总额\t860.00\t920.00\t874.36\t10\t95.04\t9.50
    (the 资金 block above; the sheet below)
    项目支出绩效自评表
    一级指标\t二级指标\t三级指标\t分值\t得分
    产出指标\t数量指标\t维修数量\t30\t29
    产出指标\t质量指标\t亮灯率\t20\t20
    效益指标\t社会效益指标\t照明覆盖率\t25\t24
    满意度指标\t满意度指标\t市民满意度\t15\t15
    总分\t—\t—\t100\t98.50
    (9.50 + 29 + 20 + 24 + 15 = 97.50)
"""
from __future__ import annotations

from collections.abc import Iterator

from auditor.checks import passed
from auditor.findings import finding, fmt
from auditor.messages import message
from auditor.models import Claim, Finding
from auditor.relations import AtLeast, Sum
from auditor.report import Report
from auditor.rules.base import Rule
from auditor.tables import (
    SUM_ROLES,
    ParsedColumn,
    ParsedRow,
    ParsedTable,
    display_label,
    is_nil,
    table_chains,
)

RULE_ID = "table_sum"

# How sure the rule is that the relation it checks is the one the table means.
CONFIDENCE = {"total": 0.95, "complete": 0.9, "partial": 0.85, "inferred": 0.5}


Part = tuple[int, int]  # (table, row): a total may add up rows of earlier page fragments


def check(report: Report) -> Iterator[Finding]:
    for parsed in report.tables:
        columns = parsed.numeric_columns(SUM_ROLES)
        for whole, parts, relation in _relations(parsed):
            for column in columns:
                finding = _foot(report, parsed, whole, parts, relation, column)
                if finding is not None:
                    yield finding
    yield from _score_sheets(report)


def _relations(parsed: ParsedTable) -> Iterator[tuple[int, tuple[Part, ...], str]]:
    """(row, the rows that add up to it, relation) for totals and for parents."""
    for total, _ in parsed.totals:
        parts = parsed.total_parts(total)
        if parts:
            yield total, parts, "total"
    for subtotal, rows in parsed.subtotal_parts():
        yield subtotal, tuple((parsed.index, r) for r in rows), "total"
    for row in parsed.rows:
        if not row.has_numbers or row.is_total:
            continue
        kids = [k for k in parsed.children(row.index) if k.relation != "section"]
        if not kids:
            continue
        relations = {k.relation for k in kids}
        relation = ("complete" if relations == {"complete"}
                    else "inferred" if relations == {"inferred"} else "partial")
        yield row.index, tuple((parsed.index, k.index) for k in kids), relation


def _cell_text(report: Report, part: Part, col: int) -> str:
    table = next((p.table for p in report.tables if p.index == part[0]), None)
    cells = table.rows[part[1]] if table is not None else ()
    return cells[col].text if col < len(cells) else ""


def _foot(report: Report, parsed: ParsedTable, whole_row: int, parts: tuple[Part, ...],
          relation: str, column: ParsedColumn) -> Finding | None:
    whole = report.cell_claim(parsed.index, whole_row, column.index)
    if whole is None:
        return None
    components: list[Claim] = []
    for part in parts:
        claim = report.cell_claim(part[0], part[1], column.index)
        if claim is not None:
            components.append(claim)
        elif _cell_text(report, part, column.index).strip() and not is_nil(
                _cell_text(report, part, column.index)):
            return None  # a component that is not a figure: nothing to add up
    if not components:
        return None
    # rows that may leave some out (其中, inferred children) only bound their parent
    footing = (Sum if relation in ("total", "complete") else AtLeast)(whole, tuple(components))
    if footing.holds():
        # a bound that holds verifies nothing, nor a hierarchy only guessed from the
        # figures (its failure is no finding): a stated total that its rows meet does
        if relation in ("total", "complete"):
            passed(RULE_ID, footing, f"表格{relation}")
        return None
    return _finding(parsed, whole_row, whole, components, footing, relation, column)


def _finding(parsed: ParsedTable, whole_row: int, whole: Claim, components: list[Claim],
             footing: Sum, relation: str, column: ParsedColumn) -> Finding:
    decimals = max([whole.quantity.decimals] + [c.quantity.decimals for c in components])
    total = sum(c.value * c.quantity.scale for c in components) / whole.quantity.scale
    shown = [c.text for c in components if c.value != 0] or ["0"]
    arithmetic = (f"{' + '.join(shown)} = {fmt(total, decimals)}" if len(shown) > 1
                  else shown[0])
    label = display_label(parsed.row(whole_row))
    fields = dict(label=label, column=column.name, stated=whole.text, arithmetic=arithmetic)
    if relation in ("total", "complete"):
        says = message("table_sum", **fields)
        severity = "error"
    else:
        says = message("table_sum.below_rows", **fields, rows=message(
            "table_sum.partial_rows" if relation == "partial" else "table_sum.child_rows"))
        severity = "error" if relation == "partial" else "warning"
    return finding(
        RULE_ID, severity, says, whole, round(total, decimals),
        [(c, "component") for c in components], confidence=CONFIDENCE[relation],
        relation=footing, find_slip=False,
    )


RULE = Rule(
    id=RULE_ID,
    family="table",
    severity="error",
    summary="表格合计行、上级行与其下各行之和不符（逐列）",
    check=check,
)


# ---------------------------------------------------------------- score sheets


ScoreRow = tuple[ParsedTable, ParsedRow]


def _score_sheets(report: Report) -> Iterator[Finding]:
    chains = table_chains(report.tables)
    for k, chain in enumerate(chains):
        columns = chain[0].score_columns()
        if columns is None:
            continue
        rows = [(fragment, row) for fragment in chain for row in fragment.rows]
        for fragment, row in rows:
            finding = _over_maximum(report, fragment, row, *columns)
            if finding is not None:
                yield finding
        block = _block_above(report, chains[k - 1]) if k > 0 else []
        finding = _foot_score_total(report, rows, block, *columns)
        if finding is not None:
            yield finding


def _block_above(report: Report, chain: tuple[ParsedTable, ...]) -> list[tuple[Claim, Claim]] | None:
    """(分值, 得分) of the top rows of a score block right above a sheet (资金 block:
    年度资金总额 分值 10 得分 9.50) that has no total of its own; None when unclear."""
    columns = chain[0].score_columns()
    if columns is None:
        return []
    rows = [(fragment, row) for fragment in chain for row in fragment.rows]
    if any(fragment.is_score_total(row) for fragment, row in rows):
        return []
    return _scores_of(report, [(f, r) for f, r in rows if r.parent is None], *columns)


def _scores_of(report: Report, rows: list[ScoreRow], maximum: ParsedColumn,
               score: ParsedColumn) -> list[tuple[Claim, Claim]] | None:
    """(分值, 得分) of each row that gives a 分值; None when a row gives one of the two
    figures without the other (a row scored elsewhere: the sum would be a guess)."""
    found = []
    for fragment, row in rows:
        most = report.cell_claim(fragment.index, row.index, maximum.index)
        got = report.cell_claim(fragment.index, row.index, score.index)
        if most is None and got is None:
            continue
        if most is None or got is None:
            return None
        found.append((most, got))
    return found


def _foot_score_total(report: Report, rows: list[ScoreRow],
                      block: list[tuple[Claim, Claim]] | None, maximum: ParsedColumn,
                      score: ParsedColumn) -> Finding | None:
    totals = [k for k, (f, r) in enumerate(rows) if f.is_score_total(r)]
    if not totals:
        return None
    fragment, total = rows[totals[-1]]
    stated_max = report.cell_claim(fragment.index, total.index, maximum.index)
    stated = report.cell_claim(fragment.index, total.index, score.index)
    items = _scores_of(report, [(f, r) for f, r in rows[: totals[-1]] if not f.is_score_total(r)],
                       maximum, score)
    if stated_max is None or stated is None or not items or block is None:
        return None
    readings = [items] + ([block + items] if block else [])
    points = [Sum(stated_max, tuple(m for m, _ in r)) for r in readings]
    fitting = [k for k, rel in enumerate(points) if rel.holds()]
    if len(fitting) != 1:
        return None  # the 分值 leave open which rows the 总分 counts
    passed(RULE_ID, points[fitting[0]], "总分分值")
    rows_counted = readings[fitting[0]]
    parts = [got for _, got in rows_counted]
    footing = Sum(stated, tuple(parts))
    if footing.holds():
        passed(RULE_ID, footing, "总分得分")
        return None
    return _score_finding(fragment, total, score, stated, parts, with_block=rows_counted is not items)


def _score_finding(parsed: ParsedTable, total: ParsedRow, column: ParsedColumn, stated: Claim,
                   parts: list[Claim], with_block: bool) -> Finding:
    decimals = max([stated.quantity.decimals] + [c.quantity.decimals for c in parts])
    summed = sum(c.value for c in parts)
    arithmetic = f"{' + '.join(c.text for c in parts)} = {fmt(summed, decimals)}"
    label = display_label(total)
    says = message("table_sum.score_total", label=label, column=column.name, stated=stated.text,
                   arithmetic=arithmetic,
                   block=message("table_sum.with_block") if with_block else "")
    return finding(RULE_ID, "error", says, stated, round(summed, decimals),
                   [(c, "component") for c in parts], confidence=CONFIDENCE["total"],
                   relation=Sum(stated, tuple(parts)), find_slip=False)


def _over_maximum(report: Report, parsed: ParsedTable, row: ParsedRow, maximum: ParsedColumn,
                  score: ParsedColumn) -> Finding | None:
    """A 得分 above the 分值 of its row."""
    most = report.cell_claim(parsed.index, row.index, maximum.index)
    got = report.cell_claim(parsed.index, row.index, score.index)
    if most is None or got is None or most.value <= 0:
        return None
    exceeds = AtLeast(most, (got,))  # a score may not exceed the points of its row
    if exceeds.holds():
        return None  # (a bound that holds verifies no figure)
    label = got.subject or display_label(row)  # the indicator (三级指标) the score is of
    says = message("table_sum.over_points", label=label, column=score.name, stated=got.text,
                   points=maximum.name, most=most.text)
    return finding(RULE_ID, "error", says, got, most.value, [(most, "total")],
                   confidence=CONFIDENCE["complete"], relation=exceeds, find_slip=False)
