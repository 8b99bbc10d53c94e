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

Every numeric cell becomes a `ParsedCell` holding a `Quantity` (value, unit, decimals stated),
and `table_claims` turns them into claims so every rule sees table figures too.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property

import pandas as pd

from auditor.intervals import Interval, rounding_interval
from auditor.lexicon import load
from auditor.models import Claim, Location, Quantity, Table, TableCell

AMOUNT_ROLES = ("amount",)
RATE_ROLES = ("ratio", "share")


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class ParsedColumn:
    index: int
    label: str  # header text of the column, header rows joined ("市级资金 年初预算数 （万元）")
    role: str  # label | index | text | amount | ratio | share | number
    stage: str | None  # 年初预算, 调整预算, 预算, 决算, 执行 for amount columns
    unit: str | None  # unit stated in the header (万元, %, 元 …)
    header_line: int | None = None
    header_column: int | None = None

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
    frame: pd.DataFrame = field(compare=False, hash=False, repr=False)

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
        return tuple(r for r in self.rows if r.parent == row)

    def numeric_columns(self, roles: tuple[str, ...] = AMOUNT_ROLES) -> tuple[ParsedColumn, ...]:
        return tuple(c for c in self.columns if c.role in roles)

    def total_rows(self) -> tuple[ParsedRow, ...]:
        return tuple(r for r in self.rows if r.is_total)

    def grand_total(self) -> ParsedRow | None:
        totals = [r for r in self.rows if r.is_total and r.has_numbers]
        return totals[-1] if totals else None

    def total_components(self, total: int) -> tuple[int, ...]:
        """Indices of the rows a total row adds up (section rows replaced by their rows)."""
        return dict(self.totals).get(total, ())


@cache
def _lex() -> dict:
    return load("tables")


# ---------------------------------------------------------------- text helpers

_NUMBER = re.compile(r"^([+-]?)(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)\s*(%|％|万元|千元|亿元|元)?$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without any whitespace, NFKC-folded, for matching ("合 计" → "合计")."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def collapse(text: str) -> str:
    return _SPACE.sub(" ", (text or "").strip())


def header_unit(text: str) -> str | None:
    """The unit a header cell states: 决算数 （万元） → 万元, 比例 (%) → %, 单位：元 → 元."""
    folded = squeeze(text)
    units = sorted(_lex()["units"], key=len, reverse=True)
    for unit in units:
        unit_f = squeeze(unit)
        if f"({unit_f})" in folded or f"单位:{unit_f}" in folded:
            return unit_f
    return None


def strip_unit(text: str) -> str:
    folded = squeeze(text)
    for unit in sorted(_lex()["units"], key=len, reverse=True):
        folded = folded.replace(f"({squeeze(unit)})", "")
    return folded


def parse_number(text: str, unit: str | None) -> Quantity | None:
    """A cell holding one number (optionally with its own unit) as a Quantity.

    Local to tables until auditor.quantities offers a cell-level entry point: a cell is a
    bare figure whose unit usually comes from its column header, not from the text.
    """
    raw = unicodedata.normalize("NFKC", text or "").strip()
    match = _NUMBER.match(raw)
    if match is None:
        return None
    sign, digits, own_unit = match.groups()
    own_unit = "%" if own_unit == "％" else own_unit
    digits = digits.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = float(digits) * (-1 if sign == "-" else 1)
    use = own_unit or unit or ""
    spec = _lex()["units"].get(use) if use else None
    return Quantity(
        text=(text or "").strip(),
        start=0,
        end=len((text or "").strip()),
        value=value,
        unit=use,
        kind=spec["kind"] if spec else "number",
        decimals=decimals,
        scale=float(spec["scale"]) if spec else 1.0,
        measure=spec["measure"] if spec else "",
    )


def is_nil(text: str) -> bool:
    return squeeze(text) in set(_lex()["nil_cells"])


def section_level(label: str) -> int | None:
    folded = unicodedata.normalize("NFKC", label.strip())
    for spec in _lex()["rows"]["section_markers"]:
        if re.match(spec["pattern"], folded):
            return int(spec["level"])
    return None


def strip_marker(label: str) -> str:
    folded = squeeze(label)
    for spec in _lex()["rows"]["section_markers"]:
        folded = re.sub(spec["pattern"], "", folded, count=1)
    for intro in sorted(_lex()["rows"]["child_intro"], key=len, reverse=True):
        intro_f = squeeze(intro)
        if folded.startswith(intro_f):
            folded = folded[len(intro_f):]
            break
    return folded.rstrip(":")


def _ends_with_any(key: str, words: list[str]) -> bool:
    return any(key.endswith(squeeze(w)) for w in words)


def title_year(title: str | None) -> int | None:
    match = _YEAR.search(unicodedata.normalize("NFKC", title or ""))
    return int(match.group(1)) if match else None


def title_subject(title: str | None) -> str | None:
    """What a table's total row totals, from its title: 2024 年部门整体支出基本情况表 → 部门整体支出."""
    if not title:
        return None
    text = _YEAR.sub("", unicodedata.normalize("NFKC", title))
    text = squeeze(re.sub(r"^\s*(?:表\s*\d+|附表\s*\d*)[.:：、]?", "", text))
    for suffix in sorted(_lex()["title_suffixes"], key=len, reverse=True):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text or None


def longest_alias(text: str, aliases: dict[str, list[str]]) -> str | None:
    """The key whose longest alias occurs in text (longest alias wins)."""
    folded = squeeze(text)
    best: tuple[int, str] | None = None
    for key, words in aliases.items():
        for word in words:
            w = squeeze(word)
            if w and w in folded and (best is None or len(w) > best[0]):
                best = (len(w), key)
    return best[1] if best else None


# ---------------------------------------------------------------- header and columns


def _cell_texts(row: tuple[TableCell, ...], width: int) -> list[str]:
    return [collapse(row[i].text) if i < len(row) else "" for i in range(width)]


def _is_numeric_text(text: str) -> bool:
    return parse_number(text, None) is not None


def _header_row_count(table: Table, width: int) -> int:
    """One header row, or two when the second row carries header words and no figures."""
    if not table.rows:
        return 0
    first = _cell_texts(table.rows[0], width)
    if any(_is_numeric_text(t) for t in first[1:]):
        return 0
    if len(table.rows) < 2:
        return 1
    second = _cell_texts(table.rows[1], width)
    if any(_is_numeric_text(t) for t in second):
        return 1
    others = [t for t in second[1:] if t]
    if not others:
        return 1  # a section row such as 信息运维类项目支出： — data, not header
    if second[0] == "" or any(header_unit(t) or _column_role(t)[0] in ("amount", "ratio", "share")
                              for t in others):
        return 2
    return 1


def _column_labels(table: Table, header_rows: int, width: int) -> list[str]:
    """Header text per column; an upper header cell spans the empty cells to its right."""
    labels = [""] * width
    for r in range(header_rows):
        texts = _cell_texts(table.rows[r], width)
        is_upper = r < header_rows - 1
        lower = _cell_texts(table.rows[header_rows - 1], width) if is_upper else texts
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


def _column_role(label: str) -> tuple[str, str | None]:
    """(role, stage) of a column from its header text."""
    cols = _lex()["columns"]
    folded = squeeze(label)
    if not folded:
        return ("number", None)
    has_unit = header_unit(label) is not None
    if any(squeeze(w) in folded for w in cols["index"]):
        return ("index", None)
    if not has_unit and any(squeeze(w) in folded for w in cols["text"]):
        return ("text", None)
    rate = longest_alias(folded, {"ratio": cols["ratio"], "share": cols["share"]})
    if rate:
        return (rate, None)
    stage = longest_alias(folded, cols["stages"])
    if stage:
        return ("amount", stage)
    return ("number", None)


def _build_columns(table: Table, header_rows: int, width: int) -> list[ParsedColumn]:
    labels = _column_labels(table, header_rows, width)
    units = [header_unit(label) for label in labels]
    shared_unit = next((u for u in (header_unit(table.title or ""),) if u), None)
    columns = []
    for c in range(width):
        role, stage = _column_role(labels[c])
        unit = units[c] or (shared_unit if role in ("amount", "number") else None)
        if role == "number" and unit:
            spec = _lex()["units"].get(unit, {})
            role = "amount" if spec.get("kind") == "money" else role
        if role in RATE_ROLES and unit is None:
            unit = "%"
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


def _label_column(columns: list[ParsedColumn], data: list[list[str]]) -> int | None:
    """The first column holding row labels: not an index, and with text in its cells."""
    for col in columns:
        if col.role == "index":
            continue
        texts = [row[col.index] for row in data if row[col.index]]
        if texts and sum(not _is_numeric_text(t) for t in texts) * 2 >= len(texts):
            return col.index
    return None


# ---------------------------------------------------------------- rows


@dataclass
class _Row:
    """Mutable working state for one data row while the hierarchy is resolved."""

    index: int
    label: str
    key: str
    raw_label: str
    level: int | None
    is_total: bool
    is_subtotal: bool
    is_section: bool
    has_numbers: bool
    opens_child_list: bool
    indent: int
    line: int
    parent: int | None = None
    relation: str | None = None


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" \u3000\t"))


def _make_rows(table: Table, header_rows: int, width: int, label_col: int | None,
               value_cols: list[int]) -> list[_Row]:
    lex = _lex()["rows"]
    header_keys = [squeeze(" ".join(_cell_texts(table.rows[r], width))) for r in range(header_rows)]
    intros = [squeeze(w) for w in lex["child_intro"]]
    rows = []
    for r in range(header_rows, len(table.rows)):
        cells = table.rows[r]
        texts = _cell_texts(cells, width)
        if header_keys and squeeze(" ".join(texts)) in header_keys:
            continue  # header repeated after a page break
        raw = cells[label_col].raw if label_col is not None and label_col < len(cells) else ""
        label = texts[label_col] if label_col is not None else ""
        key = squeeze(label)
        has_numbers = any(_is_numeric_text(texts[c]) or is_nil(texts[c]) for c in value_cols)
        is_total = bool(key) and _ends_with_any(key, lex["total_suffixes"])
        is_subtotal = bool(key) and _ends_with_any(key, lex["subtotal_suffixes"])
        rows.append(_Row(
            index=r, label=label, key=strip_marker(label), raw_label=raw,
            level=section_level(label) if label else None,
            is_total=is_total, is_subtotal=is_subtotal,
            is_section=bool(key) and bool(value_cols) and not has_numbers and not is_total,
            has_numbers=has_numbers,
            opens_child_list=any(key.startswith(i) for i in intros) and bool(key),
            indent=_indent(raw), line=cells[0].line if cells else 0,
        ))
    return rows


def _known_parent(rows: list[_Row], i: int) -> int | None:
    """A row listed in lexicon known_children under a row above it in the same section."""
    known = _lex()["rows"]["known_children"]
    for j in range(i - 1, -1, -1):
        above = rows[j]
        if above.is_total:
            return None
        if rows[i].key in known.get(above.key, []):
            return j
        if above.level is not None:
            return None  # a marked section that is not its known parent ends the search
    return None


@dataclass
class _Uncertain:
    """Rows that may hang under `parent` or be its siblings: the rows after the first of a
    其中 list, or unmarked rows after a marked section row (their indent lost in extraction).
    `_resolve_groups` decides by which reading makes the table foot."""

    parent: int
    relation: str  # partial | inferred
    positions: list[int]


def _assign_parents(rows: list[_Row]) -> list[_Uncertain]:
    """Set parent and relation of each row; return the runs whose extent is uncertain."""
    known = _lex()["rows"]["known_children"]
    runs: list[_Uncertain] = []
    open_run: _Uncertain | None = None
    last_marked: dict[int, int] = {}  # level → position of the latest row with that marker
    section: int | None = None  # latest unmarked section row (信息运维类项目支出：)
    for i, row in enumerate(rows):
        if row.is_total or row.is_subtotal or row.level is not None or row.is_section:
            open_run = None
        if row.is_total:
            section = None
            last_marked.clear()
            continue
        if row.is_subtotal:
            if section is not None:
                row.parent, row.relation = rows[section].index, "section"
            continue
        if row.level is not None:
            last_marked = {k: v for k, v in last_marked.items() if k < row.level}
            if last_marked:
                row.parent, row.relation = rows[max(last_marked.values())].index, "complete"
            last_marked[row.level] = i
            section = i if row.is_section else None
            continue
        if row.is_section:
            section = i
            continue
        if row.opens_child_list:
            parent = _child_list_parent(rows, i)
            if parent is not None:
                row.parent, row.relation = rows[parent].index, "partial"
                open_run = _Uncertain(rows[parent].index, "partial", [])
                runs.append(open_run)
                continue
        known_parent = _known_parent(rows, i)
        if known_parent is not None:
            row.parent, row.relation = rows[known_parent].index, "complete"
            open_run = None
            continue
        if open_run is not None and row.key not in known:
            row.parent, row.relation = open_run.parent, open_run.relation
            open_run.positions.append(i)
            continue
        indented = _indented_parent(rows, i)
        if indented is not None:
            row.parent, row.relation = rows[indented].index, "complete"
            continue
        if section is not None:
            row.parent, row.relation = rows[section].index, "section"
        elif last_marked:
            parent = rows[last_marked[max(last_marked)]].index
            row.parent, row.relation = parent, "inferred"
            open_run = _Uncertain(parent, "inferred", [i])
            runs.append(open_run)
    return runs


def _child_list_parent(rows: list[_Row], i: int) -> int | None:
    """The row a 其中 row hangs under: the row above, or that row's parent when the row
    above is itself in a 其中 list (a second 其中 under one parent)."""
    j = i - 1
    while j >= 0 and rows[j].relation == "partial":
        j -= 1
    if j < 0 or rows[j].is_total:
        return None
    return j


def _indented_parent(rows: list[_Row], i: int) -> int | None:
    if rows[i].indent == 0:
        return None
    for j in range(i - 1, -1, -1):
        if rows[j].is_total:
            return None
        if rows[j].indent < rows[i].indent:
            return j
    return None


# ---------------------------------------------------------------- totals


def _top_units(rows: list[_Row], positions: list[int]) -> list[int]:
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


def _section_units(rows: list[_Row], k: int) -> list[int]:
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


def _total_scopes(rows: list[_Row]) -> dict[int, list[int]]:
    """Row index of each total row → row indices of its components."""
    grand = _lex()["rows"]["grand_total_suffixes"]
    totals = [k for k, r in enumerate(rows) if r.is_total and r.has_numbers]
    scopes: dict[int, list[int]] = {}
    previous = -1
    for n, t in enumerate(totals):
        between = list(range(previous + 1, t))
        units = _top_units(rows, between)
        components = [rows[k].index for k in units]
        earlier = totals[n - 1] if n > 0 else None
        if earlier is not None and _ends_with_any(rows[t].key, grand) \
                and not _ends_with_any(rows[earlier].key, grand):
            components = [rows[earlier].index] + components
        if not units and earlier is None:
            # a total row that heads the table totals the rows below it
            following = list(range(t + 1, totals[n + 1] if n + 1 < len(totals) else len(rows)))
            components = [rows[k].index for k in _top_units(rows, following)]
        scopes[rows[t].index] = components
        previous = t
    return scopes


# ---------------------------------------------------------------- resolving uncertain runs


def _value_interval(text: str, unit: str | None) -> Interval | None:
    if is_nil(text) or not text.strip():
        return Interval.exact(0.0)
    quantity = parse_number(text, unit)
    if quantity is None:
        return None
    return cell_interval(quantity)


def cell_interval(quantity: Quantity) -> Interval:
    """± half a unit of the last stated digit; a zero states that there is nothing, exactly.

    A 0 in a money column is not 0.4 rounded down: budget tables write 0 for "none", so
    giving it half a unit of slack would hide real slips in every column with empty rows.
    """
    if quantity.value == 0:
        return Interval.exact(0.0)
    return rounding_interval(quantity.value, quantity.decimals)


def show(value: float, decimals: int) -> str:
    """A figure as a reviewer would write it, with the decimals the inputs carry."""
    text = f"{value:.{max(decimals, 0)}f}"
    return text.lstrip("-") if float(text) == 0 else text


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def display_label(row: ParsedRow) -> str:
    """A row label for messages: "合 计" → 合计; an unlabeled row by its line."""
    label = _CJK_GAP.sub("", row.label)
    return label or f"第 {row.line} 行"


def _failures(rows: list[_Row], table: Table, value_cols: list[ParsedColumn]) -> int:
    """How many (relation, column) pairs cannot hold under the current hierarchy."""
    failures = 0
    by_index = {r.index: r for r in rows}
    relations = [(t, parts, True) for t, parts in _total_scopes(rows).items()]
    for parent in sorted({r.parent for r in rows if r.parent is not None}):
        kids = [r for r in rows if r.parent == parent and r.relation != "section"]
        if kids and by_index[parent].has_numbers:
            exact = all(k.relation == "complete" for k in kids)
            relations.append((parent, [k.index for k in kids], exact))
    for whole_row, parts, exact in relations:
        for col in value_cols:
            whole = _value_interval(_text_at(table, whole_row, col.index), col.unit)
            pieces = [_value_interval(_text_at(table, p, col.index), col.unit) for p in parts]
            if whole is None or any(p is None for p in pieces):
                continue
            summed = sum(pieces, Interval.exact(0.0))
            if (exact and not whole.meets(summed)) or (not exact and summed.lo > whole.hi):
                failures += 1
    return failures


def _text_at(table: Table, row: int, col: int) -> str:
    cells = table.rows[row]
    return cells[col].text if col < len(cells) else ""


def _resolve_groups(rows: list[_Row], runs: list[_Uncertain], table: Table,
                    value_cols: list[ParsedColumn]) -> None:
    """Cut each uncertain run where the table foots best; ties keep the longer run."""
    for run in runs:
        if not run.positions:
            continue
        outcomes = []
        for keep in range(len(run.positions), -1, -1):
            _apply_cut(rows, run, keep)
            outcomes.append((_failures(rows, table, value_cols), keep))
        best_keep = min(outcomes, key=lambda o: o[0])[1]  # first minimum: the longest run
        _apply_cut(rows, run, best_keep)


def _apply_cut(rows: list[_Row], run: _Uncertain, keep: int) -> None:
    sibling = next(((r.parent, r.relation) for r in rows if r.index == run.parent), (None, None))
    for n, k in enumerate(run.positions):
        rows[k].parent, rows[k].relation = (run.parent, run.relation) if n < keep else sibling


# ---------------------------------------------------------------- parse


def parse_table(table: Table) -> ParsedTable:
    """Read a table's header, units, column roles, row hierarchy and numeric cells."""
    width = max((len(r) for r in table.rows), default=0)
    header_rows = _header_row_count(table, width)
    columns = _build_columns(table, header_rows, width)
    data = [_cell_texts(table.rows[r], width) for r in range(header_rows, len(table.rows))]
    label_col = _label_column(columns, data)
    if label_col is not None:
        c = columns[label_col]
        columns[label_col] = ParsedColumn(c.index, c.label, "label", None, None,
                                          c.header_line, c.header_column)
    columns = [_settle_role(c, data) for c in columns]
    value_cols = [c for c in columns if c.role in ("amount", "number", "ratio", "share")]
    rows = _make_rows(table, header_rows, width, label_col, [c.index for c in value_cols])
    runs = _assign_parents(rows)
    summable = [c for c in columns if c.role in ("amount", "number")]
    _resolve_groups(rows, runs, table, summable)
    parsed_rows = tuple(
        ParsedRow(r.index, r.label, r.key, r.level, r.parent, r.relation, r.is_total,
                  r.is_subtotal, r.is_section, r.has_numbers, r.line)
        for r in rows
    )
    cells = tuple(_cells(table, parsed_rows, columns))
    totals = tuple((t, tuple(parts)) for t, parts in _total_scopes(rows).items())
    return ParsedTable(table, header_rows, tuple(columns), parsed_rows, cells, label_col,
                       title_year(table.title), totals, _frame(parsed_rows, columns, cells))


def _settle_role(col: ParsedColumn, data: list[list[str]]) -> ParsedColumn:
    """The cells have the last word: prose cells make a text column whatever its header
    says, and a column headed with a prose word (成果, 说明) whose cells are all figures is a
    column of figures."""
    if col.role in ("label", "index"):
        return col
    texts = [row[col.index] for row in data if row[col.index] and not is_nil(row[col.index])]
    prose = sum(not _is_numeric_text(t) for t in texts)
    if col.role != "text" and texts and prose * 2 > len(texts):
        return ParsedColumn(col.index, col.label, "text", None, None, col.header_line,
                            col.header_column)
    if col.role == "text" and texts and prose == 0:
        return ParsedColumn(col.index, col.label, "number", None, col.unit, col.header_line,
                            col.header_column)
    return col


def _cells(table: Table, rows: tuple[ParsedRow, ...], columns: list[ParsedColumn]):
    for row in rows:
        cells = table.rows[row.index]
        for col in columns:
            if col.role not in ("amount", "number", "ratio", "share") or col.index >= len(cells):
                continue
            cell = cells[col.index]
            quantity = parse_number(cell.text, col.unit)
            if quantity is None:
                continue
            yield ParsedCell(
                row=row.index, col=col.index, value=quantity, unit=quantity.unit,
                row_label=row.label, column_label=col.label, column_role=col.role,
                stage=col.stage, parent_row=row.parent, is_total=row.is_total,
                line=cell.line, column=cell.column, page=cell.page,
            )


def _frame(rows: tuple[ParsedRow, ...], columns: list[ParsedColumn],
           cells: tuple[ParsedCell, ...]) -> pd.DataFrame:
    """Values by row label and column header (NaN where a cell holds no number)."""
    value_cols = [c for c in columns if c.role in ("amount", "number", "ratio", "share")]
    by_pos = {(c.row, c.col): c.value.value for c in cells}
    records = [[by_pos.get((r.index, c.index), float("nan")) for c in value_cols] for r in rows]
    frame = pd.DataFrame(records, columns=[c.label or f"col{c.index}" for c in value_cols],
                         index=pd.Index([r.label for r in rows], name="row"))
    frame.insert(0, "row_index", [r.index for r in rows])
    frame.insert(1, "parent", pd.array([r.parent for r in rows], dtype="Int64"))
    frame.insert(2, "is_total", [r.is_total for r in rows])
    return frame


# ---------------------------------------------------------------- claims


def table_claims(parsed: ParsedTable, table_index: int, first_id: int) -> list[Claim]:
    """Every numeric cell as a claim: row label as subject, column stage as stage."""
    claims = []
    title = parsed.title or ""
    for n, cell in enumerate(parsed.cells):
        claims.append(Claim(
            id=f"C{first_id + n}",
            quantity=cell.value,
            location=Location(cell.line, cell.column, cell.page),
            source="table",
            subject=cell.row_label or None,
            stage=cell.stage,
            year=parsed.year,
            start=0,
            end=len(cell.value.text),
            table=table_index,
            row=cell.row,
            col=cell.col,
            context=collapse(f"{title} {cell.row_label} {strip_unit(cell.column_label)}"),
        ))
    return claims
