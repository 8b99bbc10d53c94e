"""A table's header: how many header rows, each column's label, unit and role (an amount of
a budget stage, a rate, a share, a change, a score, an index, prose), and which column names
the rows.

The header proposes a role and the cells have the last word (`settle_role`,
`settle_adjustment`): a column headed 说明 that holds only figures is a column of figures.
"""
from __future__ import annotations

import re

from auditor.intervals import cell_interval
from auditor.lexicon import year_digits
from auditor.models import Table, TableCell
from auditor.tables.model import (
    PERCENT_ROLES,
    RATE_ROLES,
    SCORE_ROLES,
    SUM_ROLES,
    VALUE_ROLES,
    ParsedColumn,
)
from auditor.tables.text import (
    collapse,
    header_unit,
    is_nil,
    lexicon,
    longest_alias,
    parse_number,
    squeeze,
    strip_unit,
)


# Header words that name what a column is derived from (or scored by), looked up before the
# budget stages: 决算数比预算数增减 is a change, 完成年初预算（%） a rate, not amounts.
_DERIVED_ROLES = ("ratio", "share", "change", "change_rate", "max_score", "score")
_HEADER_ROLES = ("amount",) + _DERIVED_ROLES  # roles only a header cell names


_YEAR_ONLY = re.compile(rf"^{year_digits()}$")


def cell_texts(row: tuple[TableCell, ...], width: int) -> list[str]:
    return [collapse(row[i].text) if i < len(row) else "" for i in range(width)]


def is_numeric_text(text: str) -> bool:
    return parse_number(text, None) is not None


def header_row_count(table: Table, width: int) -> int:
    """One header row, or two when the second row carries header words and no figures."""
    if not table.rows:
        return 0
    first = cell_texts(table.rows[0], width)
    figures = [t for t in first[1:] if is_numeric_text(t)]
    if figures and not all(_YEAR_ONLY.match(t) for t in figures):
        return 0  # data from the first row on (a header of years, 2023 | 2024, is a header)
    if len(table.rows) < 2:
        return 1
    second = cell_texts(table.rows[1], width)
    if any(is_numeric_text(t) for t in second):
        return 1
    others = [t for t in second[1:] if t]
    if not others:
        return 1  # a section row such as 信息运维类项目支出： — data, not header
    if second[0] == "" or any(header_unit(t) or _column_role(t)[0] in _HEADER_ROLES
                              for t in others):
        return 2
    return 1


def column_labels(table: Table, header_rows: int, width: int) -> list[str]:
    """Header text per column; an upper header cell spans the empty cells to its right."""
    labels = [""] * width
    for r in range(header_rows):
        texts = cell_texts(table.rows[r], width)
        is_upper = r < header_rows - 1
        lower = cell_texts(table.rows[header_rows - 1], width) if is_upper else texts
        spanning = ""
        for c in range(width):
            text = texts[c]
            if is_upper:
                if text:
                    spanning = text
                elif c > 0 and lower[c]:
                    text = spanning  # merged cell: the group header covers this column
            if text and text not in labels[c]:
                labels[c] = f"{labels[c]} {text}".strip()
    return labels


def _unit_kind(unit: str | None) -> str | None:
    return lexicon()["units"].get(unit, {}).get("kind") if unit else None


def _column_role(label: str) -> tuple[str, str | None]:
    """(role, stage) of a column from its header text, its own unit included: a header in
    percent is never an amount (完成年初预算（%）, 决算数（%）), a change in percent is a change
    rate (比上年增减（%）), and a rate word in a header in money is not a rate."""
    cols = lexicon()["columns"]
    folded = squeeze(label)
    if not folded:
        return ("number", None)
    unit_kind = _unit_kind(header_unit(label))
    if strip_unit(folded) in {squeeze(w) for w in cols["index"]}:
        return ("index", None)  # exact: 年度 numbers rows, 年度预算数 is an amount
    if is_code_header(folded):
        return ("index", None)  # 科目编码, 类 / 款 / 项: classification codes, not amounts
    if unit_kind is None and any(squeeze(w) in folded for w in cols["text"]):
        return ("text", None)
    derived = longest_alias(folded, {role: cols[role] for role in _DERIVED_ROLES})
    if derived == "change" and unit_kind == "percent":
        derived = "change_rate"
    elif derived == "change_rate" and unit_kind == "money":
        derived = "change"
    elif derived in RATE_ROLES and unit_kind == "money":
        derived = None
    if derived:
        return (derived, None)
    stage = longest_alias(folded, cols["stages"])
    if stage:
        return ("percent", None) if unit_kind == "percent" else ("amount", stage)
    return ("number", None)


def build_columns(table: Table, header_rows: int, width: int,
                   shared_unit: str | None) -> list[ParsedColumn]:
    """Columns with their roles and units; `shared_unit` (stated in the title or in the label
    column's header) applies to the figure columns whose header states none."""
    labels = column_labels(table, header_rows, width)
    units = [header_unit(label) for label in labels]
    if shared_unit is None:
        # 资金（万元）年初预算数 | 全年预算数 | 全年执行数: a money unit stated over the first
        # amount column alone (its header joined with the label column's) is the table's
        money = {u for u, label in zip(units, labels)
                 if u and _unit_kind(u) == "money" and _column_role(label)[0] == "amount"}
        shared_unit = money.pop() if len(money) == 1 else None
    columns = []
    for c in range(width):
        role, stage = _column_role(labels[c])
        unit = units[c] or (shared_unit if role in SUM_ROLES else None)
        if role == "number" and unit:
            role = {"money": "amount", "percent": "percent"}.get(_unit_kind(unit), role)
        if role in PERCENT_ROLES and unit is None:
            unit = "%"
        if role in SCORE_ROLES and unit is None:
            unit = "分"
        cell = _header_cell(table, header_rows, c)
        columns.append(
            ParsedColumn(c, labels[c], role, stage, unit,
                         cell.line if cell else None, cell.column if cell else None)
        )
    return columns


def _header_cell(table: Table, header_rows: int, col: int) -> TableCell | None:
    for r in range(header_rows - 1, -1, -1):
        row = table.rows[r]
        if col < len(row) and row[col].text.strip():
            return row[col]
    return None


def find_label_column(columns: list[ParsedColumn], data: list[list[str]]) -> int | None:
    """The first column holding row labels: not an index, and with text in its cells."""
    for col in columns:
        if col.role == "index":
            continue
        texts = [row[col.index] for row in data if row[col.index]]
        if texts and sum(not is_numeric_text(t) for t in texts) * 2 >= len(texts):
            return col.index
    return None


def is_code_header(folded: str) -> bool:
    lex = lexicon()["rows"]
    if folded in lex["code_part_headers"] or folded.endswith(tuple(lex["code_headers"])):
        return True
    return any(folded.endswith(f"{h}{p}") for h in lex["code_headers"] for p in lex["code_part_headers"])


def code_columns(table: Table, header_rows: int, width: int) -> list[int]:
    """The columns that hold a row's classification code: 类 / 款 / 项 columns (in order),
    or one headed 科目编码."""
    lex = lexicon()["rows"]
    labels = [squeeze(label) for label in column_labels(table, header_rows, width)]
    coded = [c for c, label in enumerate(labels) if label and is_code_header(label)]
    parts = [c for c in coded if labels[c].endswith(tuple(lex["code_part_headers"]))]
    return parts if len(parts) >= 2 else coded[:1]


def settle_role(col: ParsedColumn, data: list[list[str]]) -> ParsedColumn:
    """The cells have the last word: prose cells make a text column whatever its header
    says, and a column headed with a prose word (成果, 说明) whose cells are all figures is a
    column of figures."""
    if col.role in ("label", "index"):
        return col
    texts = [row[col.index] for row in data if row[col.index] and not is_nil(row[col.index])]
    prose = sum(not is_numeric_text(t) for t in texts)
    if col.role != "text" and texts and prose * 2 > len(texts):
        return col.with_role("text")
    if col.role == "text" and texts and prose == 0:
        return col.with_role("number", unit=col.unit)
    if col.role in ("amount", "change", "number") and texts and prose == 0 \
            and all(t.endswith(("%", "％")) for t in texts):
        # every cell in percent under a header in money (单位：元 over 增长率) or under a
        # header of no unit (支付率): the cells say what the column holds
        return col.with_role("change_rate" if col.role == "change" else "percent", unit="%")
    return col


def settle_adjustment(columns: list[ParsedColumn], data: list[list[str]]) -> list[ParsedColumn]:
    """A 调整预算数 column beside 年初预算数 and 全年预算数 columns holds either the adjusted
    budget or the adjustment itself. When 年初 + 调整 = 全年 on every row (two rows at least
    with an adjustment), it is the adjustment: a change, of no budget stage, so that neither a
    prose 调整预算 figure nor a rate is read against it."""
    def only(stage: str) -> ParsedColumn | None:
        found = [c for c in columns if c.role == "amount" and c.stage == stage]
        return found[0] if len(found) == 1 else None

    opening, adjusted, full = only("年初预算"), only("调整预算"), only("预算")
    if opening is None or adjusted is None or full is None \
            or len({opening.unit, adjusted.unit, full.unit}) != 1:
        return columns
    moved = 0
    for row in data:
        figures = [parse_number(row[c.index], c.unit) for c in (opening, adjusted, full)]
        if any(f is None for f in figures):
            continue
        start, change, whole = (cell_interval(f) for f in figures)
        if not (start + change).meets(whole):
            return columns
        moved += figures[1].value != 0
    if moved < 2:
        return columns
    return [c.with_role("change", unit=c.unit, labels_from=c.labels_from) if c is adjusted else c
            for c in columns]


def assign_label_columns(columns: list[ParsedColumn], data: list[list[str]],
                          label_col: int | None) -> list[ParsedColumn]:
    """Name each figure column's rows by the nearest label column to its left.

    A text column of short names that is not prose by its header (原因, 说明) and has figure
    columns to its right is a second label column: a side-by-side table such as
    收入 | 金额 | 支出 | 金额, whose right half has rows of its own.
    """
    prose_words = [squeeze(w) for w in lexicon()["columns"]["text"]]
    settled: list[ParsedColumn] = []
    current = label_col
    for col in columns:
        if col.role == "text" and col.index > (label_col if label_col is not None else -1):
            texts = [row[col.index] for row in data if row[col.index]]
            short = texts and sorted(len(t) for t in texts)[len(texts) // 2] <= 20
            has_figures_right = any(c.role in VALUE_ROLES for c in columns[col.index + 1:])
            named_as_prose = any(w in squeeze(col.label) for w in prose_words)
            if short and has_figures_right and not named_as_prose:
                col = col.with_role("sublabel")
                current = col.index
        if col.role in VALUE_ROLES:
            col = col.with_role(col.role, col.stage, col.unit, labels_from=current)
        settled.append(col)
    return settled
