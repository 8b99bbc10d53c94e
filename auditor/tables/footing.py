"""Settling the hierarchy by the figures: where the text leaves it open how far a group
reaches (the rows after the first of a 其中 list, unmarked rows after a section row) or
leaves a breakdown unmarked, the reading under which the table foots is taken.

Cells are read once into a `Grid` of intervals; interval arithmetic is the one tolerance.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from auditor.intervals import Interval
from auditor.models import Table
from auditor.tables.hierarchy import RowState, Uncertain, total_scopes
from auditor.tables.model import ParsedColumn
from auditor.intervals import cell_interval
from auditor.tables.text import is_nil, parse_number


@dataclass(frozen=True)
class Grid:
    """Intervals of the summable cells, read once while the hierarchy is being resolved.

    A blank or nil cell is an exact zero; a cell of prose is None (nothing to add up).
    """

    values: dict[tuple[int, int], Interval | None]
    columns: tuple[int, ...]

    @staticmethod
    def of(table: Table, rows: list[RowState], columns: list[ParsedColumn]) -> "Grid":
        values: dict[tuple[int, int], Interval | None] = {}
        for row in rows:
            cells = table.rows[row.index]
            for col in columns:
                text = cells[col.index].text if col.index < len(cells) else ""
                quantity = parse_number(text, col.unit)
                if quantity is not None:
                    values[(row.index, col.index)] = cell_interval(quantity)
                elif is_nil(text) or not text.strip():
                    values[(row.index, col.index)] = Interval.exact(0.0)
                else:
                    values[(row.index, col.index)] = None
        return Grid(values, tuple(c.index for c in columns))

    def foots(self, whole: int, parts: list[int], exact: bool) -> list[bool]:
        """Per column: can the parts add up to the whole (or, not exact, stay within it)?"""
        results = []
        for col in self.columns:
            total = self.values.get((whole, col))
            pieces = [self.values.get((p, col)) for p in parts]
            if total is None or any(p is None for p in pieces) or _blank(total, pieces):
                continue  # (a column blank in these rows says nothing of how they add up)
            summed = sum(pieces, Interval.exact(0.0))
            results.append(total.meets(summed) if exact else summed.lo <= total.hi)
        return results

    def running(self, whole: int) -> "_RunningSums":
        return _RunningSums(self, whole)

    @cached_property
    def nonnegative_columns(self) -> frozenset[int]:
        negative = {c for (_, c), v in self.values.items() if v is not None and v.lo < 0}
        return frozenset(self.columns) - negative

    @cached_property
    def _nonzero_rows(self) -> frozenset[int]:
        return frozenset(r for (r, _), v in self.values.items()
                         if v is not None and (v.lo != 0 or v.hi != 0))

    def nonzero(self, row: int) -> bool:
        return row in self._nonzero_rows


class _RunningSums:
    """Per column, the sum of the rows added so far, against the row they may add up to."""

    def __init__(self, grid: Grid, whole: int):
        self.grid = grid
        self.whole = {c: grid.values.get((whole, c)) for c in grid.columns}
        self.sums = {c: Interval.exact(0.0) for c, v in self.whole.items() if v is not None}
        # a column with a negative figure anywhere may come back down after overshooting
        self.monotone = grid.nonnegative_columns

    def add(self, row: int) -> bool:
        """Add a row. A column where it holds prose is out of every longer run too (as in
        Grid.foots); False once no column is left."""
        for col in list(self.sums):
            value = self.grid.values.get((row, col))
            if value is None:
                del self.sums[col]
            else:
                self.sums[col] = self.sums[col] + value
        return bool(self.sums)

    def foots(self) -> list[bool]:
        return [self.whole[c].meets(total) for c, total in self.sums.items()
                if not (self.whole[c].lo == self.whole[c].hi == 0 and total.lo == total.hi == 0)]

    def overshot(self) -> bool:
        return any(c in self.monotone and total.lo > self.whole[c].hi
                   for c, total in self.sums.items())


def _failures(rows: list[RowState], grid: Grid) -> int:
    """How many (relation, column) pairs cannot hold under the current hierarchy."""
    kids: dict[int, list[RowState]] = {}
    for row in rows:
        if row.parent is not None and row.relation != "section":
            kids.setdefault(row.parent, []).append(row)
    numbered = {r.index for r in rows if r.has_numbers}
    relations = [(t, parts, True) for t, parts in total_scopes(rows).items()]
    relations += [(parent, [k.index for k in children],
                   all(k.relation == "complete" for k in children))
                  for parent, children in kids.items() if parent in numbered]
    return sum(results.count(False) for whole, parts, exact in relations
               for results in [grid.foots(whole, parts, exact)])


def resolve_groups(rows: list[RowState], runs: list[Uncertain], grid: Grid) -> None:
    """Cut each uncertain run where the table foots best; ties keep the longer run."""
    for run in runs:
        if not run.positions:
            continue
        outcomes = []
        for keep in range(len(run.positions), -1, -1):
            _apply_cut(rows, run, keep)
            outcomes.append((_failures(rows, grid), keep))
            if outcomes[-1][0] == 0:
                break  # nothing fails: no shorter run can do better
        best_keep = min(outcomes, key=lambda o: o[0])[1]  # first minimum: the longest run
        _apply_cut(rows, run, best_keep)


def _apply_cut(rows: list[RowState], run: Uncertain, keep: int) -> None:
    sibling = next(((r.parent, r.relation) for r in rows if r.index == run.parent), (None, None))
    for n, k in enumerate(run.positions):
        rows[k].parent, rows[k].relation = (run.parent, run.relation) if n < keep else sibling


def discover_breakdowns(rows: list[RowState], grid: Grid) -> None:
    """When a total does not foot because unmarked rows break down the row above them
    (基本支出 / 工资 / 办公 / 项目支出 with no marker or indent left), find those breakdowns.

    Only a reading that makes a failing total foot is taken: a row followed by two or more
    unparented rows that add up to it in every column becomes their parent. A table that
    foots as it stands is never restructured.
    """
    by_index = {r.index: k for k, r in enumerate(rows)}
    for total, parts in total_scopes(rows).items():
        if all(grid.foots(total, parts, True)):
            continue
        changed: list[int] = []
        while True:  # 类 / 款 / 项 with no codes: the 款 found first, then the 类 over them
            parts = total_scopes(rows)[total]
            free = [by_index[p] for p in parts if rows[by_index[p]].parent is None
                    and rows[by_index[p]].level is None]
            found = _group_free_rows(rows, free, grid)
            changed += found
            if not found or _supported(grid.foots(total, total_scopes(rows)[total], True)):
                break
        if changed and not _supported(grid.foots(total, total_scopes(rows)[total], True)):
            for k in changed:  # the reading did not help: undo it
                rows[k].parent, rows[k].relation = None, None


def _group_free_rows(rows: list[RowState], free: list[int], grid: Grid) -> list[int]:
    changed: list[int] = []
    i = 0
    while i < len(free):
        head = rows[free[i]]
        found = 0
        if grid.nonzero(head.index) and i + 1 < len(free) and _adjacent(rows, free[i], free[i + 1]):
            found = _first_footing_run(rows, free, i, grid)
        if found:
            for k in free[i + 1: found + 1]:
                rows[k].parent, rows[k].relation = head.index, "complete"
                changed.append(k)
            i = found + 1
        else:
            i += 1
    return changed


def _blank(total: Interval, pieces: list[Interval]) -> bool:
    return all(v.lo == v.hi == 0 for v in (total, *pieces))


def _supported(results: list[bool]) -> bool:
    """Whether the figures support a reading: it holds in every column, or, with three
    columns or more, in all but one (a slip in one column leaves the others to show the
    structure, and the slip is then found where it is)."""
    if len(results) < 3:
        return all(results)
    return sum(results) >= len(results) - 1


def _adjacent(rows: list[RowState], a: int, b: int) -> bool:
    """Row b follows row a directly, or after rows already grouped under a (its 项 under
    a 款 found in an earlier pass)."""
    return b > a and all(rows[k].parent is not None for k in range(a + 1, b))


def _first_footing_run(rows: list[RowState], free: list[int], i: int, grid: Grid) -> int:
    """The last position j of the shortest run free[i+1 .. j] (two rows or more, directly
    after row free[i]) that adds up to that row in every column; 0 when none does.

    The sums grow row by row (never re-added: that made a long table cubic), and the search
    stops once they pass the head in a column that holds no negative figure, since adding
    more rows can then only take them further away.
    """
    head = rows[free[i]].index
    sums = grid.running(head)
    for j in range(i + 1, len(free)):
        if not _adjacent(rows, free[j - 1], free[j]):
            break  # children follow their parent directly
        if not sums.add(rows[free[j]].index):
            break  # a component that is not a figure: no run through it adds up
        if j >= i + 2:
            results = sums.foots()
            if results and _supported(results):
                return j
        if sums.overshot():
            break
    return 0
