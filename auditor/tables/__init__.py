"""Table understanding: header rows, units, column roles, row hierarchy, totals.

The normaliser hands over a `Table` (rows of cells, header rows first). `parse_table` reads it
the way a reviewer does before cross-footing it:

- header rows (one, or two when a header cell is split: 市级资金 above 年初预算数 （万元）);
- each column's unit from its header ((万元), （%）, 单位：万元) and its role from
  lexicons/tables.yaml: an amount of a budget stage (年初预算, 调整预算, 决算, 执行), a rate
  (执行率), a share (占总支出比例), an index (序号) or prose;
- the row labels (first text column) and the hierarchy: 一、二、 sections, `其中：` children of
  the row above (a list that may be partial), known complete breakdowns (人员经费 and 公用经费
  under 基本支出), indented rows, section rows without numbers (信息运维类项目支出：), and
  合计 / 总计 / 小计 rows with the rows they total.

Every numeric cell becomes a `ParsedCell` holding a `Quantity` (value, unit, decimals stated,
read by auditor.quantities), and `table_claims` turns them into claims so every rule sees table
figures too.

`parse_tables` parses a document's tables in order and joins the fragments of a table split
over pages (DOCX and PDF readers give one table per page): a fragment takes over the columns of
the one it continues, its first total also adds up the earlier fragments' rows (`total_parts`),
and every fragment knows the whole table's grand total (`grand_total_ref`).

The package, bottom layer first (each module imports only the ones above it):

- text.py: one cell, header or title as text: folding, units, figures, markers, years;
- model.py: ParsedColumn, ParsedRow, ParsedCell, ParsedTable: what rules read;
- header.py: header rows, column labels, units and roles, the label column;
- hierarchy.py: the row hierarchy the text states, and what each total adds up;
- footing.py: the hierarchy the text leaves open, settled by which reading foots;
- parse.py: `parse_table`, `parse_tables` (fragments joined), `table_chains`;
- claims.py: `table_claims`.

Importers use `auditor.tables`; the names below are its interface.
"""
from auditor.tables.claims import table_claims
from auditor.tables.model import (
    AMOUNT_ROLES,
    PERCENT_ROLES,
    RATE_ROLES,
    SCORE_ROLES,
    SUM_ROLES,
    VALUE_ROLES,
    ParsedCell,
    ParsedColumn,
    ParsedRow,
    ParsedTable,
    display_label,
)
from auditor.intervals import cell_interval  # the table cell rule's home is auditor.intervals
from auditor.tables.parse import continues, parse_table, parse_tables, table_chains
from auditor.tables.text import (
    collapse,
    header_unit,
    is_nil,
    longest_alias,
    parse_number,
    section_level,
    squeeze,
    strip_marker,
    strip_unit,
    title_subject,
    title_year,
)

__all__ = [
    "AMOUNT_ROLES",
    "PERCENT_ROLES",
    "RATE_ROLES",
    "SCORE_ROLES",
    "SUM_ROLES",
    "VALUE_ROLES",
    "ParsedCell",
    "ParsedColumn",
    "ParsedRow",
    "ParsedTable",
    "cell_interval",
    "collapse",
    "continues",
    "display_label",
    "header_unit",
    "is_nil",
    "longest_alias",
    "parse_number",
    "parse_table",
    "parse_tables",
    "section_level",
    "squeeze",
    "strip_marker",
    "strip_unit",
    "table_chains",
    "table_claims",
    "title_subject",
    "title_year",
]
