"""The parsed table as rules see it: columns with roles, rows with their hierarchy, cells
with their figures, and the totals each total row adds up.

These types are what `parse_table` returns and what the table rules read; building them is
the business of header.py (columns), hierarchy.py and footing.py (rows), parse.py (cells).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from auditor.models import Quantity, Table
from auditor.tables.text import lexicon, squeeze, strip_unit

if TYPE_CHECKING:  # pandas costs ~0.3 s to import: loaded when a DataFrame is asked for
    import pandas as pd


AMOUNT_ROLES = ("amount",)
RATE_ROLES = ("ratio", "share")
PERCENT_ROLES = ("ratio", "share", "change_rate")  # percentages derived from amount columns
SCORE_ROLES = ("max_score", "score")  # a score sheet's 分值 and 得分
SUM_ROLES = ("amount", "number", "change")  # columns whose rows add up
VALUE_ROLES = ("amount", "number", "change", "ratio", "share", "change_rate", "percent",
               "max_score", "score")  # columns of figures


@dataclass(frozen=True)
class ParsedColumn:
    index: int
    label: str  # header text of the column, header rows joined ("市级资金 年初预算数 （万元）")
    # label | sublabel | index | text | amount | change | ratio | share | change_rate | percent
    # | max_score | score | number
    role: str
    stage: str | None  # 年初预算, 调整预算, 预算, 决算, 执行 for amount columns
    unit: str | None  # unit stated in the header (万元, %, 元 …)
    header_line: int | None = None
    header_column: int | None = None
    labels_from: int | None = None  # the column naming this column's rows

    def with_role(self, role: str, stage: str | None = None, unit: str | None = None,
                  labels_from: int | None = None) -> "ParsedColumn":
        return ParsedColumn(self.index, self.label, role, stage, unit, self.header_line,
                            self.header_column, labels_from)

    @property
    def name(self) -> str:
        """The header without its unit, for messages: 决算数, 占总支出比例."""
        return strip_unit(self.label) or f"第{self.index + 1}列"


@dataclass(frozen=True)
class ParsedRow:
    index: int  # index into Table.rows
    label: str  # row label, whitespace collapsed
    key: str  # label without whitespace and section marker, for matching
    level: int | None  # depth given by a section marker (一、 → 0, （一） → 1 …)
    parent: int | None  # index of the parent row
    relation: str | None  # how it hangs under its parent: complete | partial | inferred | section
    is_total: bool
    is_subtotal: bool
    is_section: bool  # a row that only names a section (no numbers)
    has_numbers: bool
    line: int


@dataclass(frozen=True)
class ParsedCell:
    row: int  # index into Table.rows
    col: int
    value: Quantity
    unit: str
    row_label: str
    column_label: str
    column_role: str
    stage: str | None
    parent_row: int | None
    is_total: bool
    line: int
    column: int
    page: int | None = None


@dataclass(frozen=True)
class ParsedTable:
    table: Table
    header_rows: int
    columns: tuple[ParsedColumn, ...]
    rows: tuple[ParsedRow, ...]  # data rows only, in order
    cells: tuple[ParsedCell, ...]
    label_column: int | None
    year: int | None
    totals: tuple[tuple[int, tuple[int, ...]], ...]  # total row → the rows it adds up
    # A table split over pages arrives as fragments; a fragment that continues the one before
    # it inherits its columns, and its first total also adds up the earlier fragments' rows.
    continues: int | None = None  # index of the fragment this one continues
    carried: tuple[tuple[int, int], ...] = ()  # (table, row) of earlier fragments' top rows
    chain_total: tuple[int, int] | None = None  # (table, row) of the whole table's grand total

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The figures as a DataFrame: one row per data row (indexed by label), one column per
        figure column (header text), with row_index, parent and is_total beside them."""
        return _frame(self.rows, list(self.columns), self.cells)

    @property
    def index(self) -> int:
        return self.table.index

    @property
    def title(self) -> str | None:
        return self.table.title

    @cached_property
    def _rows_by_index(self) -> dict[int, ParsedRow]:
        return {r.index: r for r in self.rows}

    @cached_property
    def _cells_by_position(self) -> dict[tuple[int, int], ParsedCell]:
        return {(c.row, c.col): c for c in self.cells}

    def row(self, index: int) -> ParsedRow | None:
        return self._rows_by_index.get(index)

    def cell(self, row: int, col: int) -> ParsedCell | None:
        return self._cells_by_position.get((row, col))

    def children(self, row: int) -> tuple[ParsedRow, ...]:
        return self._children.get(row, ())

    @cached_property
    def _children(self) -> dict[int, tuple[ParsedRow, ...]]:
        grouped: dict[int, list[ParsedRow]] = {}
        for r in self.rows:
            if r.parent is not None:
                grouped.setdefault(r.parent, []).append(r)
        return {parent: tuple(kids) for parent, kids in grouped.items()}

    def numeric_columns(self, roles: tuple[str, ...] = AMOUNT_ROLES) -> tuple[ParsedColumn, ...]:
        """Columns of these roles whose rows are the table's rows (named by the main label
        column); columns beside a second label column (收入 | 金额 | 支出 | 金额) are left out,
        their rows' hierarchy being another one."""
        return tuple(c for c in self.columns if c.role in roles
                     and c.labels_from == self.label_column)

    def grand_total(self) -> ParsedRow | None:
        totals = [r for r in self.rows if r.is_total and r.has_numbers]
        return totals[-1] if totals else None

    def total_components(self, total: int) -> tuple[int, ...]:
        """Indices of the rows a total row adds up (section rows replaced by their rows)."""
        return dict(self.totals).get(total, ())

    def total_parts(self, total: int) -> tuple[tuple[int, int], ...]:
        """(table, row) of every row a total adds up, earlier fragments' rows included."""
        local = tuple((self.index, r) for r in self.total_components(total))
        first = self.totals[0][0] if self.totals else None
        return (self.carried + local) if total == first else local

    def subtotal_parts(self) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """(小计 row, the rows of its section above it) for every subtotal in a section."""
        found = []
        for k, row in enumerate(self.rows):
            if not (row.is_subtotal and row.has_numbers and row.parent is not None):
                continue
            parts: list[int] = []
            for above in self.rows[:k]:
                if above.parent != row.parent:
                    continue
                if above.is_subtotal:
                    parts = []  # a second 小计 in one section adds up the rows after the first
                elif above.has_numbers:
                    parts.append(above.index)
            if parts:
                found.append((row.index, tuple(parts)))
        return tuple(found)

    def top_rows(self) -> tuple[int, ...]:
        """Rows that add up at top level (what a total below them would add up)."""
        rows = list(self.rows)
        return tuple(rows[k].index for k in top_units(rows, list(range(len(rows)))))

    def score_columns(self) -> tuple[ParsedColumn, ParsedColumn] | None:
        """(分值, 得分) of a score sheet: one column of each, or None (not a score sheet, or
        one whose several 得分 columns leave it unclear which the total adds up)."""
        maxima = [c for c in self.columns if c.role == "max_score"]
        scores = [c for c in self.columns if c.role == "score"]
        return (maxima[0], scores[0]) if len(maxima) == 1 and len(scores) == 1 else None

    def is_score_total(self, row: ParsedRow) -> bool:
        """A score sheet's closing row (总分, 合计)."""
        return row.key in {squeeze(w) for w in lexicon()["score_sheet"]["total_rows"]}

    def grand_total_ref(self) -> tuple[int, int] | None:
        """(table, row) of the grand total: this fragment's, or the whole split table's."""
        if self.chain_total is not None:
            return self.chain_total
        total = self.grand_total()
        return (self.index, total.index) if total is not None else None


class HierarchyRow(Protocol):
    """What top_units reads of a row: a ParsedRow, or the hierarchy's RowState while the
    hierarchy is being resolved."""

    index: int
    parent: int | None
    is_total: bool
    is_subtotal: bool
    is_section: bool
    has_numbers: bool


def top_units(rows: Sequence[HierarchyRow], positions: list[int]) -> list[int]:
    """Positions of the rows that add up at top level: section rows give their rows instead."""
    units: list[int] = []
    for k in positions:
        row = rows[k]
        if row.parent is not None or row.is_total:
            continue
        if row.is_section:
            units.extend(_section_units(rows, k))
        elif row.has_numbers:
            units.append(k)
    return units


def _section_units(rows: Sequence[HierarchyRow], k: int) -> list[int]:
    members = [j for j, r in enumerate(rows) if r.parent == rows[k].index]
    subtotal = [j for j in members if rows[j].is_subtotal and rows[j].has_numbers]
    if subtotal:
        return subtotal[-1:]
    units: list[int] = []
    for j in members:
        if rows[j].is_section:
            units.extend(_section_units(rows, j))
        elif rows[j].has_numbers:
            units.append(j)
    return units


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def display_label(row: ParsedRow) -> str:
    """A row label for messages: "合 计" → 合计; an unlabeled row by its line."""
    label = _CJK_GAP.sub("", row.label)
    return label or f"第 {row.line} 行"


def _frame(rows: tuple[ParsedRow, ...], columns: list[ParsedColumn],
           cells: tuple[ParsedCell, ...]) -> pd.DataFrame:
    """Values by row label and column header (NaN where a cell holds no number)."""
    import pandas as pd

    value_cols = [c for c in columns if c.role in VALUE_ROLES]
    by_pos = {(c.row, c.col): c.value.value for c in cells}
    records = [[by_pos.get((r.index, c.index), float("nan")) for c in value_cols] for r in rows]
    frame = pd.DataFrame(records, columns=[c.label or f"col{c.index}" for c in value_cols],
                         index=pd.Index([r.label for r in rows], name="row"))
    frame.insert(0, "row_index", [r.index for r in rows])
    frame.insert(1, "parent", pd.array([r.parent for r in rows], dtype="Int64"))
    frame.insert(2, "is_total", [r.is_total for r in rows])
    return frame
