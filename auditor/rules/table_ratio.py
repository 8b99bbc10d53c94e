"""table_ratio: a rate, share or change column that its own table does not bear out.

What it catches: a 执行率 / 完成率 column recomputed from the amount columns on its row
(决算数 ÷ 调整预算数, or ÷ 年初预算数), and a share column (占总支出比例, 占比) recomputed as
the row's amount ÷ the total row's amount. Before judging cells the rule decides what the
column really holds: it tries every formula the table allows (决算 ÷ 年初, 决算 ÷ 调整,
决算 ÷ 合计决算 …) and keeps the one that fits every row.

Change columns are judged the same way: a 增减额 / 决算数比预算数增减 column against the
difference of two amount columns of its row (本年 − 上年, 决算 − 预算), and a 增减率（%）
column against 增减额 ÷ 上年数 or (本年 − 上年) ÷ 上年. Their headers do not say which
columns they compare, so only a cell that no reading bears out, where one reading fits most
rows, is reported.

- If a formula the header names fits, the column is what it says and no cell is wrong.
- If only another formula fits, the header mislabels the column: one warning for the column,
  naming what it really holds and what the header's figure would be (a share column's 合计
  row would be 100%).
- If no formula fits every row but one fits most, the cells it does not fit are errors,
  each with its recomputation.

Why: a rate column is derived data; a cell that its own row does not bear out, or a column
whose header promises something else, misleads anyone who quotes it.

Tolerance comes from the digits stated: each amount ± half a unit of its last digit, and the
rate likewise; a cell is wrong only when the intervals cannot meet.

Wrong::

    (share header, execution-rate cells)
    项目\t年初预算数\t决算数\t占总支出比例（%）
    基本支出\t1899.98\t1887.56\t99.35
    项目支出\t1369.59\t879.08\t64.19
    合计\t3269.57\t2766.64\t84.62
    (99.35 is 1887.56 ÷ 1899.98, a share is 68.23; a share column totals 100)

Right::

    项目\t年初预算数\t决算数\t占总支出比例（%）
    基本支出\t1899.98\t1887.56\t68.23
    项目支出\t1369.59\t879.08\t31.77
    合计\t3269.57\t2766.64\t100.00

Wrong::

    (change rate)
    项目\t本年决算数\t上年决算数\t增减额\t增减率（%）
    财政拨款收入\t4862.35\t4615.20\t247.15\t5.36
    事业收入\t356.80\t340.50\t16.30\t4.79
    其他收入\t48.65\t52.30\t-3.65\t-6.89
    本年收入合计\t5267.80\t5008.00\t259.80\t5.19
    (-3.65 ÷ 52.30 = -6.98)

Right::

    项目\t本年决算数\t上年决算数\t增减额\t增减率（%）
    财政拨款收入\t4862.35\t4615.20\t247.15\t5.36
    事业收入\t356.80\t340.50\t16.30\t4.79
    其他收入\t48.65\t52.30\t-3.65\t-6.98
    本年收入合计\t5267.80\t5008.00\t259.80\t5.19

(Cells are separated by tabs.)
"""
from __future__ import annotations


from collections.abc import Iterator
from dataclasses import dataclass

from auditor.checks import passed
from auditor.findings import finding, fmt
from auditor.intervals import Interval, claim_interval
from auditor.lexicon import load
from auditor.messages import Field, Message, Text, joined, message
from auditor.models import Claim, Finding
from auditor.relations import ChangeRate, Difference, Growth, Ratio, Relation
from auditor.relations.base import divided
from auditor.report import Report
from auditor.rules.base import Rule
from auditor.tables import (
    ParsedColumn,
    ParsedTable,
    display_label,
    squeeze,
    table_chains,
)

RULE_ID = "table_ratio"
MISLABEL_CONFIDENCE = 0.8
CELL_CONFIDENCE = 0.9
CHANGE_CONFIDENCE = 0.85  # the header does not say which columns a change compares
CHANGE_KINDS = ("difference", "growth", "change_rate")


@dataclass(frozen=True)
class Formula:
    # ratio: numerator ÷ denominator (two columns of one row); share: a column over its total
    # row; difference: numerator − denominator; growth: (numerator − denominator) ÷
    # denominator; change_rate: a change column ÷ its base (denominator)
    kind: str
    numerator: ParsedColumn
    denominator: ParsedColumn | None  # None for a share: the total row of the numerator
    agrees_with_header: bool

    def describe(self) -> str:
        if self.denominator is None:
            return f"{self.numerator.name} ÷ 合计行{self.numerator.name}"
        num, den = self.numerator.name, self.denominator.name
        if self.kind == "difference":
            return f"{num} − {den}"
        if self.kind == "growth":
            return f"({num} − {den}) ÷ {den}"
        return f"{num} ÷ {den}"

    def describe_en(self) -> str:
        if self.denominator is None:
            return f"{self.numerator.name} / total-row {self.numerator.name}"
        return self.describe().replace("÷", "/")

    def arithmetic(self, numerator: str, denominator: str, lang: str = "zh") -> str:
        """The recomputation with the row's figures: 16.30 ÷ 340.50, 3.46 − 5.00 …"""
        if self.kind == "difference":
            return f"{numerator} − {_signed(denominator)}"
        if self.kind == "growth":
            return f"({numerator} − {_signed(denominator)}) {divided(lang)} {denominator}"
        return f"{numerator} {divided(lang)} {denominator}"

    def written(self, numerator: str, denominator: str) -> Text:
        """``arithmetic`` in both languages, for a message."""
        return Text(self.arithmetic(numerator, denominator),
                    self.arithmetic(numerator, denominator, "en"))

    def described(self) -> Text:
        """``describe`` in both languages, for a message."""
        return Text(self.describe(), self.describe_en())

    @property
    def unit(self) -> str:
        return "" if self.kind == "difference" else "%"


def _signed(text: str) -> str:
    return f"({text})" if text.lstrip().startswith(("-", "−")) else text


@dataclass(frozen=True)
class Recomputed:
    row: tuple[int, int]  # (table, row): a split table's fragments are judged together
    label: str
    stated: Claim
    numerator: Claim
    denominator: Claim
    value: Interval  # what the relation computes, in the stated cell's unit
    fits: bool
    relation: Relation


@dataclass(frozen=True)
class Fit:
    formula: Formula
    rows: tuple[Recomputed, ...]  # rows where the formula is defined

    @property
    def misfits(self) -> tuple[Recomputed, ...]:
        return tuple(r for r in self.rows if not r.fits)

    @property
    def fitting(self) -> tuple[Recomputed, ...]:
        return tuple(r for r in self.rows if r.fits)

    @property
    def strong(self) -> int:
        """Fitting rows with a non-zero figure: zeros fit any formula and prove nothing."""
        return sum(1 for r in self.fitting if r.stated.value != 0)


def check(report: Report) -> Iterator[Finding]:
    for chain in table_chains(report.tables):
        for column in chain[0].numeric_columns(("ratio", "share")):
            yield from _judge_column(report, chain, column)
        for column in chain[0].numeric_columns(("change", "change_rate")):
            yield from _judge_change(report, chain, column)


# ---------------------------------------------------------------- formulas


def _formulas(parsed: ParsedTable, column: ParsedColumn) -> list[Formula]:
    """Every formula the table allows, those the header names first, in lexicon order."""
    lex = load("tables")
    amounts = [c for c in parsed.numeric_columns(("amount",))]
    numerators = lex["ratio_formula"]["numerators"]
    denominators = lex["ratio_formula"]["denominators"]
    share_order = lex["share_preference"]

    def stage_rank(col: ParsedColumn, order: list[str]) -> int:
        return order.index(col.stage) if col.stage in order else len(order)

    formulas: list[Formula] = []
    for num in amounts:
        for den in amounts:
            if num.index == den.index or num.unit != den.unit:
                continue
            agrees = (column.role == "ratio" and num.stage in numerators
                      and den.stage in denominators)
            formulas.append(Formula("ratio", num, den, agrees))
    # an indicator table's 完成率 is 实际完成 ÷ 年度目标, columns of counts
    done = lex["done_ratio"]
    if any(word in squeeze(column.label) for word in done["rate"]):
        numbers = parsed.numeric_columns(("number",))
        named = {key: [c for c in numbers if any(w in squeeze(c.label) for w in done[key])]
                 for key in ("done", "target")}
        for num in named["done"]:
            for den in named["target"]:
                formulas.append(Formula("ratio", num, den, True))
    # a score sheet's 得分率 is 得分 ÷ 分值
    if any(word in squeeze(column.label) for word in lex["score_ratio"]):
        for num in parsed.numeric_columns(("score",)):
            for den in parsed.numeric_columns(("max_score",)):
                formulas.append(Formula("ratio", num, den, True))
    if parsed.grand_total_ref() is not None:
        for num in amounts:
            formulas.append(Formula("share", num, None, column.role == "share"))

    def order(f: Formula) -> tuple:
        if f.kind == "share":
            return (not f.agrees_with_header, 1, stage_rank(f.numerator, share_order), 0)
        return (not f.agrees_with_header, 0, stage_rank(f.numerator, numerators),
                stage_rank(f.denominator, denominators))

    return sorted(formulas, key=order)


def _change_formulas(parsed: ParsedTable, column: ParsedColumn) -> list[Formula]:
    """Every reading of a change column: the difference of two amount columns (增减额), or
    for a change rate the change column over a base column, or the growth of one amount
    column over another. Readings whose base the tables.yaml `change_base_words` name (上年)
    come first; a change rate over a 增减额 column before a growth."""
    amounts = parsed.numeric_columns(("amount", "number"))
    pairs = [(a, b) for a in amounts for b in amounts if a.index != b.index and a.unit == b.unit]
    if column.role == "change":
        formulas = [Formula("difference", a, b, False) for a, b in pairs if a.unit == column.unit]
    else:
        changes = parsed.numeric_columns(("change",))
        formulas = [Formula("change_rate", c, b, False) for c in changes for b in amounts
                    if c.unit == b.unit]
        formulas += [Formula("growth", a, b, False) for a, b in pairs]
    base_words = load("tables")["change_base_words"]

    def names_base(f: Formula) -> bool:
        return any(w in f.denominator.label for w in base_words)

    return sorted(formulas, key=lambda f: (not names_base(f), f.kind != "change_rate"))


def _recompute(report: Report, chain: tuple[ParsedTable, ...], column: ParsedColumn,
               formula: Formula) -> Fit:
    total = chain[0].grand_total_ref()
    rows: list[Recomputed] = []
    for fragment in chain:
        for row in fragment.rows:
            stated = report.cell_claim(fragment.index, row.index, column.index)
            numerator = report.cell_claim(fragment.index, row.index, formula.numerator.index)
            if stated is None or numerator is None:
                continue
            key = (fragment.index, row.index)
            results = [_derive(formula, key, display_label(row), stated, numerator, d)
                       for d in _denominators(report, fragment, formula, row.index, total)]
            results = [r for r in results if r is not None]
            if results:
                rows.append(next((r for r in results if r.fits), results[0]))
    return Fit(formula, tuple(rows))


def _denominators(report: Report, fragment: ParsedTable, formula: Formula, row: int,
                  total: tuple[int, int] | None) -> list[Claim]:
    if formula.denominator is not None:
        claim = report.cell_claim(fragment.index, row, formula.denominator.index)
        return [claim] if claim is not None else []
    found = [report.cell_claim(total[0], total[1], formula.numerator.index)] if total else []
    parent = fragment.row(row).parent
    if parent is not None:  # a child's share may be given of its parent
        found.append(report.cell_claim(fragment.index, parent, formula.numerator.index))
    return [c for c in found if c is not None]


def _derive(formula: Formula, row: tuple[int, int], label: str, stated: Claim,
            numerator: Claim, denominator: Claim) -> Recomputed | None:
    """The row's figure recomputed by the formula's relation, in the stated cell's unit."""
    relation = _relation_of(formula.kind, stated, numerator, denominator)
    if formula.kind != "difference":
        base = claim_interval(denominator)
        if formula.kind in CHANGE_KINDS and base.lo <= 0:
            return None  # a change over nothing (新增) or over a negative base: written every way
        if base.lo <= 0 <= base.hi:
            if stated.value == 0:
                return None  # 0 ÷ 0 written as 0: the formula says nothing about this row
            # a rate of nothing is no rate: the cell cannot be right
            return Recomputed(row, label, stated, numerator, denominator,
                              Interval(float("inf"), float("inf")), False, relation)
    (value,) = relation.computed()
    return Recomputed(row, label, stated, numerator, denominator, value, relation.holds(),
                      relation)


# ---------------------------------------------------------------- judging a column


def _judge_column(report: Report, chain: tuple[ParsedTable, ...],
                  column: ParsedColumn) -> Iterator[Finding]:
    parsed = chain[0]
    fits = [_recompute(report, chain, column, f) for f in _formulas(parsed, column)]
    fits = [f for f in fits if f.rows]
    if not fits:
        return
    header = [f for f in fits if f.formula.agrees_with_header]
    holding = next((f for f in header if not f.misfits), None)
    if holding is not None:
        _record(holding)
        return  # the column holds what its header says
    if header and max(len(f.rows) for f in header) <= FEW_ROWS:
        # too few rows for a majority to prove a reading: the header is the proof (执行率
        # over 全年预算数 and 全年执行数), and a row is wrong when no reading it names holds
        # (another reading fitting one or two rows, 全年预算数 ÷ 年初预算数 = 100%, proves nothing)
        first = header[0]
        for miss in first.misfits:
            if not _fits_elsewhere(miss.row, header):
                yield _wrong_cell(parsed, column, first.formula, miss)
        return
    other = [f for f in fits if not f.formula.agrees_with_header]
    whole = next((f for f in other if not f.misfits and f.strong >= 2), None)
    if whole is not None:
        _record(whole)  # the cells are right for what they hold
        yield _mislabel(parsed, column, whole, header)
        return
    best_header = _most_fitting(header)
    if best_header is not None:
        _record(best_header)
        for miss in best_header.misfits:
            if not _fits_elsewhere(miss.row, header):
                yield _wrong_cell(parsed, column, best_header.formula, miss)
        return
    best_other = _most_fitting(other)
    if best_other is not None:
        _record(best_other)
        yield _mislabel(parsed, column, best_other, header)
        for miss in best_other.misfits:
            yield _wrong_cell(parsed, column, best_other.formula, miss)


def _as_written(stated: Claim, unit: str) -> str:
    """A cell as written with its column's unit (99.47 under 执行率(%) → 99.47%), once: a
    cell of a flattened table carries its own % (100%)."""
    return stated.text if stated.text.endswith(unit) else f"{stated.text}{unit}"


# a column of this many rows or fewer is judged by what its header names, not by a majority
FEW_ROWS = 2


def _judge_change(report: Report, chain: tuple[ParsedTable, ...],
                  column: ParsedColumn) -> Iterator[Finding]:
    """A change column's cells against the reading that fits most of its rows; only a cell
    that no reading bears out is wrong (its header does not say what it compares)."""
    fits = [_recompute(report, chain, column, f) for f in _change_formulas(chain[0], column)]
    fits = [f for f in fits if f.rows]
    holding = next((f for f in fits if not f.misfits), None)
    if holding is not None:
        _record(holding)
    if not fits or holding is not None:
        return
    best = _most_fitting(fits)
    if best is None:
        return
    _record(best)
    for miss in best.misfits:
        if not _fits_elsewhere(miss.row, fits):
            yield _wrong_cell(chain[0], column, best.formula, miss)


def _record(fit: Fit) -> None:
    """The rows a column's reading bears out are checks that hold."""
    for row in fit.fitting:
        passed(RULE_ID, _relation(fit.formula, row)[1], fit.formula.kind)


def _fits_elsewhere(row: tuple[int, int], fits: list[Fit]) -> bool:
    """A row that another reading of the header bears out (决算 ÷ 年初 where the rest of the
    column is 决算 ÷ 调整) is a mixed basis, not a wrong figure."""
    return any(r.row == row and r.fits for fit in fits for r in fit.rows)


def _most_fitting(fits: list[Fit]) -> Fit | None:
    """The formula that fits most rows, if it fits a majority, with two non-zero rows at least."""
    ranked = sorted(fits, key=lambda f: -len(f.fitting))  # stable: preference breaks ties
    for fit in ranked[:1]:
        if fit.strong >= 2 and len(fit.fitting) > len(fit.misfits):
            return fit
    return None


def _pct(interval: Interval, decimals: int) -> str:
    return fmt(interval.mid, decimals)


def _wrong_cell(parsed: ParsedTable, column: ParsedColumn, formula: Formula,
                miss: Recomputed) -> Finding:
    if formula.kind == "difference":
        decimals = max(c.quantity.decimals for c in (miss.stated, miss.numerator, miss.denominator))
    else:
        decimals = max(miss.stated.quantity.decimals, 2)
    label = miss.label
    unit = formula.unit
    computed = formula.written(miss.numerator.text, miss.denominator.text)
    if miss.value.lo == float("inf"):
        expected = None
        arithmetic = message("table_ratio.undefined", arithmetic=computed)
    else:
        expected = round(miss.value.mid, decimals)
        arithmetic = message("table_ratio.computed", arithmetic=computed,
                             value=_pct(miss.value, decimals), unit=unit)
    roles, relation = _relation(formula, miss)
    says = message("table_ratio", label=label, column=column.name,
                   stated=_as_written(miss.stated, unit), arithmetic=arithmetic,
                   formula=formula.described())
    return finding(RULE_ID, "error", says, miss.stated, expected,
                   [(miss.numerator, roles[0]), (miss.denominator, roles[1])],
                   confidence=CHANGE_CONFIDENCE if formula.kind in CHANGE_KINDS else CELL_CONFIDENCE,
                   relation=relation, find_slip=False)


def _relation(formula: Formula, miss: Recomputed) -> tuple[tuple[str, str], Relation]:
    """Evidence roles and the relation (auditor.relations) a recomputation checked."""
    return ROLES[formula.kind], miss.relation


# evidence roles of the two figures a formula recomputes a cell from
ROLES = {"difference": ("current", "base"), "growth": ("current", "base"),
         "change_rate": ("change", "base"), "ratio": ("numerator", "denominator"),
         "share": ("numerator", "denominator")}


def _relation_of(kind: str, stated: Claim, numerator: Claim, denominator: Claim) -> Relation:
    """The relation (auditor.relations) a formula of ``kind`` says a row's cell is in: a
    share is the ratio of the row's amount to its total's."""
    if kind == "difference":
        return Difference(stated, numerator, denominator)
    if kind == "growth":
        return Growth(stated, numerator, denominator)
    if kind == "change_rate":
        return ChangeRate(stated, numerator, denominator)
    return Ratio(stated, numerator, denominator)


def _mislabel(parsed: ParsedTable, column: ParsedColumn, real: Fit, header: list[Fit]) -> Finding:
    """One finding for a column whose cells hold another ratio than its header names."""
    total = parsed.grand_total_ref()
    strong = [r for r in real.fitting if r.stated.value != 0]
    at_total = next((r for r in strong if r.row == total), None)
    anchor = at_total or strong[0]
    examples = [anchor] + [r for r in strong if r is not anchor][:1]
    decimals = max(anchor.stated.quantity.decimals, 2)
    shown = [message("table_ratio.example", label=r.label,
                     division=_division(r.numerator.text, r.denominator.text,
                                        _pct(r.value, decimals))) for r in examples]
    expected, should = _header_reading(parsed, column, header, anchor, decimals)
    says = message("table_ratio.mislabel", column=column.name, formula=real.formula.described(),
                   examples=joined(shown), should=should)
    others = [r for r in strong if r is not anchor]
    return finding(RULE_ID, "warning", says, anchor.stated, expected,
                   [(anchor.numerator, "numerator"), (anchor.denominator, "denominator")]
                   + [(r.stated, "table_cell") for r in others],
                   confidence=MISLABEL_CONFIDENCE)


def _division(numerator: str, denominator: str, value: str) -> Message:
    return message("table_ratio.division", numerator=numerator, denominator=denominator,
                   value=value)


def _header_reading(parsed: ParsedTable, column: ParsedColumn, header: list[Fit],
                    anchor: Recomputed, decimals: int) -> tuple[float | None, Message]:
    """What the anchor cell would be if the column held what its header names."""
    reading = next((f for f in header), None)
    if reading is None:
        return None, message("table_ratio.full_stop")
    here = next((r for r in reading.rows if r.row == anchor.row), None)
    if here is None or here.value.lo == float("inf"):
        return None, message("table_ratio.full_stop")
    label = anchor.label
    value = round(here.value.mid, decimals)
    text = f"{fmt(value, decimals)}%" if value != 100 else "100%"
    other = next((r for r in reading.rows if r.row != anchor.row and r.numerator.value
                  and r.value.lo != float("inf")), None)
    extra: Field = ""
    if other is not None:
        extra = message("table_ratio.other_row", label=other.label, division=_division(
            other.numerator.text, other.denominator.text, _pct(other.value, decimals)))
    return value, message("table_ratio.as_header", column=column.name,
                          formula=reading.formula.described(), label=label, value=text,
                          other=extra)


RULE = Rule(
    id=RULE_ID,
    family="table",
    severity="error",
    summary="表格执行率、占比列与其所依据的金额列不符，或列实际含义与表头不符",
    check=check,
)
