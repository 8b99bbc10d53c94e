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

Wrong:
    项目        决算数（万元）
    基本支出      1887.56
    项目支出       879.08
    合计          2766.75      ← 1887.56 + 879.08 = 2766.64

Right:
    合计          2766.64
"""
from __future__ import annotations

from collections.abc import Iterator

from auditor.intervals import Interval
from auditor.models import Claim, Evidence, Finding, Relation
from auditor.report import Report
from auditor.rules.base import Rule
from auditor.tables import (ParsedColumn, ParsedTable, cell_interval, display_label, is_nil,
                            show)

RULE_ID = "table_sum"

# How sure the rule is that the relation it checks is the one the table means.
CONFIDENCE = {"total": 0.95, "complete": 0.9, "partial": 0.85, "inferred": 0.5}


Part = tuple[int, int]  # (table, row): a total may add up rows of earlier page fragments


def check(report: Report) -> Iterator[Finding]:
    for parsed in report.tables:
        columns = parsed.numeric_columns(("amount", "number"))
        for whole, parts, relation in _relations(parsed):
            for column in columns:
                finding = _foot(report, parsed, whole, parts, relation, column)
                if finding is not None:
                    yield finding


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
    scale = whole.quantity.scale
    summed = sum((cell_interval(c.quantity).scaled(c.quantity.scale / scale) for c in components),
                 Interval.exact(0.0))
    stated = cell_interval(whole.quantity)
    exact = relation in ("total", "complete")
    if exact and stated.meets(summed):
        return None
    if not exact and summed.lo <= stated.hi:
        return None  # a partial list may leave rows out: only an excess is wrong
    return _finding(parsed, whole_row, whole, components, summed, relation, column)


def _finding(parsed: ParsedTable, whole_row: int, whole: Claim, components: list[Claim],
             summed: Interval, relation: str, column: ParsedColumn) -> Finding:
    decimals = max([whole.quantity.decimals] + [c.quantity.decimals for c in components])
    total = sum(c.value * c.quantity.scale for c in components) / whole.quantity.scale
    shown = [c.text for c in components if c.value != 0] or ["0"]
    arithmetic = (f"{' + '.join(shown)} = {show(total, decimals)}" if len(shown) > 1
                  else shown[0])
    label = display_label(parsed.row(whole_row))
    if relation in ("total", "complete"):
        message = f"{label}（{column.name}）{whole.text} ≠ {arithmetic}"
        message_en = f"{label} ({column.name}) {whole.text} ≠ {arithmetic}"
        severity = "error"
    else:
        message = (f"{label}（{column.name}）{whole.text} 小于其下各项之和 {arithmetic}"
                   f"（{'其中' if relation == 'partial' else '下级'}各项不应超过上级）")
        message_en = (f"{label} ({column.name}) {whole.text} is less than the rows under it: "
                      f"{arithmetic}")
        severity = "error" if relation == "partial" else "warning"
    return Finding(
        rule=RULE_ID,
        severity=severity,
        message=message,
        location=whole.location,
        stated=whole,
        expected=round(total, decimals),
        evidence=tuple(Evidence(c, "component") for c in components),
        confidence=CONFIDENCE[relation],
        message_en=message_en,
        # rows that may leave some out (其中, inferred children) only bound their parent
        relation=Relation("sum" if relation in ("total", "complete") else "at_least",
                          whole, tuple(components)),
    )


RULE = Rule(
    id=RULE_ID,
    family="table",
    severity="error",
    summary="表格合计行、上级行与其下各行之和不符（逐列）",
    check=check,
)
