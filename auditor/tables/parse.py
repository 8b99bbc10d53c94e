"""Parsing a document's tables: header, rows, hierarchy and cells of each, and the fragments
of a table split over pages joined into one (see the package docstring).
"""
from __future__ import annotations

from dataclasses import replace

from auditor.models import Table
from auditor.tables.footing import Grid, discover_breakdowns, resolve_groups
from auditor.tables.header import (
    assign_label_columns,
    build_columns,
    cell_texts,
    find_label_column,
    header_row_count,
    settle_adjustment,
    settle_role,
)
from auditor.tables.hierarchy import assign_parents, make_rows, total_scopes
from auditor.tables.model import (
    SUM_ROLES,
    VALUE_ROLES,
    ParsedCell,
    ParsedColumn,
    ParsedRow,
    ParsedTable,
)
from auditor.tables.text import (
    collapse,
    ends_with_any,
    header_unit,
    lexicon,
    parse_number,
    squeeze,
    title_year,
)


def parse_tables(tables) -> tuple[ParsedTable, ...]:
    """Parse a document's tables in order, joining the fragments of tables split over pages
    (a fragment with no header, or the same header, right after a table with no total row)."""
    parsed: list[ParsedTable] = []
    for table in tables:
        previous = parsed[-1] if parsed else None
        parsed.append(parse_table(table, previous if continues(previous, table) else None))
    chain_of: list[int] = []  # the first fragment of each table's chain
    for k, p in enumerate(parsed):
        chain_of.append(chain_of[k - 1] if p.continues is not None else k)
    for head in sorted(set(chain_of)):
        members = [k for k, c in enumerate(chain_of) if c == head]
        if len(members) < 2:
            continue
        last = parsed[members[-1]]
        total = last.grand_total()
        ref = (last.index, total.index) if total is not None else None
        # The title stands above the first fragment or below the last one; either way it names
        # the whole table, so every fragment's cells get its title and year (a text report's
        # table, rejoined by the normaliser, has them on every row too).
        title = next((parsed[k].title for k in members if parsed[k].title), None)
        year = next((parsed[k].year for k in members if parsed[k].year is not None), None)
        for k in members:
            fragment = parsed[k]
            table = fragment.table
            if title is not None and not table.title:
                table = replace(table, title=title)
            parsed[k] = replace(fragment, table=table, chain_total=ref,
                                year=fragment.year if fragment.year is not None else year)
    return tuple(parsed)


def table_chains(parsed: tuple[ParsedTable, ...]) -> list[tuple[ParsedTable, ...]]:
    """The tables of a document as whole tables: each a tuple of its page fragments."""
    chains: list[list[ParsedTable]] = []
    for table in parsed:
        if table.continues is not None and chains and chains[-1][-1].index == table.continues:
            chains[-1].append(table)
        else:
            chains.append([table])
    return [tuple(chain) for chain in chains]


def continues(previous: ParsedTable | None, table: Table) -> bool:
    """Whether a table is the next fragment of `previous` (split at a page break)."""
    if previous is None or previous.grand_total() is not None or not table.rows:
        return False
    if not any(c.role in VALUE_ROLES for c in previous.columns):
        return False
    width = max(len(r) for r in table.rows)
    if width != len(previous.columns):
        return False
    gap = table.rows[0][0].line - previous.table.rows[-1][0].line if table.rows[0] else 0
    if gap > int(lexicon()["continuation_max_gap"]):
        return False
    return _repeated_header_rows(table, previous, width) > 0 or header_row_count(table, width) == 0


def _repeated_header_rows(table: Table, previous: ParsedTable, width: int) -> int:
    """How many leading rows of `table` repeat the header rows of `previous`."""
    n = previous.header_rows
    if n == 0 or len(table.rows) < n:
        return 0
    same = all(squeeze(" ".join(cell_texts(table.rows[r], width)))
               == squeeze(" ".join(cell_texts(previous.table.rows[r], width))) for r in range(n))
    return n if same else 0


def parse_table(table: Table, previous: ParsedTable | None = None) -> ParsedTable:
    """Read a table's header, units, column roles, row hierarchy and numeric cells.

    `previous`: the fragment this table continues (see `continues`); its columns are taken
    over, since a continuation has no header of its own or repeats the same one.
    """
    width = max((len(r) for r in table.rows), default=0)
    if previous is not None:
        header_rows = _repeated_header_rows(table, previous, width)
        columns = list(previous.columns)
        label_col = previous.label_column
    else:
        header_rows = header_row_count(table, width)
        title_unit = header_unit(table.title or "")
        columns = build_columns(table, header_rows, width, title_unit)
        data = [cell_texts(table.rows[r], width) for r in range(header_rows, len(table.rows))]
        label_col = find_label_column(columns, data)
        # 项目资金（万元） over the row labels states the unit of the figures beside them
        label_unit = header_unit(columns[label_col].label) if label_col is not None else None
        if label_unit and label_unit != title_unit:
            columns = build_columns(table, header_rows, width, label_unit)
            label_col = find_label_column(columns, data)
        if label_col is not None:
            columns[label_col] = columns[label_col].with_role("label")
        columns = assign_label_columns([settle_role(c, data) for c in columns], data,
                                        label_col)
        columns = settle_adjustment(columns, data)
    value_cols = [c for c in columns if c.role in VALUE_ROLES and c.labels_from == label_col]
    rows = make_rows(table, header_rows, width, label_col, [c.index for c in value_cols])
    runs = assign_parents(rows)
    summable = [c for c in value_cols if c.role in SUM_ROLES]
    grid = Grid.of(table, rows, summable)
    resolve_groups(rows, runs, grid)
    discover_breakdowns(rows, grid)
    parsed_rows = tuple(
        ParsedRow(r.index, r.label, r.key, r.level, r.parent, r.relation, r.is_total,
                  r.is_subtotal, r.is_section, r.has_numbers, r.line)
        for r in rows
    )
    cells = tuple(_cells(table, parsed_rows, columns))
    totals = tuple((t, tuple(parts)) for t, parts in total_scopes(rows).items())
    carried: tuple[tuple[int, int], ...] = ()
    if previous is not None:
        carried = previous.carried + tuple((previous.index, r) for r in previous.top_rows())
    year = title_year(table.title) or (previous.year if previous is not None else None)
    return ParsedTable(table, header_rows, tuple(columns), parsed_rows, cells, label_col,
                       year, totals, previous.index if previous is not None else None,
                       carried)


def _cells(table: Table, rows: tuple[ParsedRow, ...], columns: list[ParsedColumn]):
    label_col = next((c.index for c in columns if c.role == "label"), None)
    for row in rows:
        cells = table.rows[row.index]
        for col in columns:
            if col.role not in VALUE_ROLES or col.index >= len(cells):
                continue
            cell = cells[col.index]
            quantity = parse_number(cell.text, col.unit)
            if quantity is None:
                continue
            main = col.labels_from == label_col
            side = col.labels_from
            label = row.label if main else (
                collapse(cells[side].text) if side is not None and side < len(cells) else "")
            yield ParsedCell(
                row=row.index, col=col.index, value=quantity, unit=quantity.unit,
                row_label=label, column_label=col.label, column_role=col.role,
                stage=col.stage, parent_row=row.parent if main else None,
                is_total=row.is_total if main else ends_with_any(
                    squeeze(label), lexicon()["rows"]["total_suffixes"]),
                line=cell.line, column=cell.column, page=cell.page,
            )
