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
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING

from auditor.intervals import Interval, interval_of
from auditor.lexicon import load
from auditor.models import Claim, Location, Quantity, Table, TableCell
from auditor.normalise import normalise_chars
from auditor.quantities import extract_from_normalised

if TYPE_CHECKING:  # pandas costs ~0.3 s to import: loaded when a DataFrame is asked for
    import pandas as pd

AMOUNT_ROLES = ("amount",)
RATE_ROLES = ("ratio", "share")
PERCENT_ROLES = ("ratio", "share", "change_rate")  # percentages derived from amount columns
SCORE_ROLES = ("max_score", "score")  # a score sheet's 分值 and 得分
SUM_ROLES = ("amount", "number", "change")  # columns whose rows add up
VALUE_ROLES = ("amount", "number", "change", "ratio", "share", "change_rate", "percent",
               "max_score", "score")  # columns of figures
# Header words that name what a column is derived from (or scored by), looked up before the
# budget stages: 决算数比预算数增减 is a change, 完成年初预算（%） a rate, not amounts.
_DERIVED_ROLES = ("ratio", "share", "change", "change_rate", "max_score", "score")
_HEADER_ROLES = ("amount",) + _DERIVED_ROLES  # roles only a header cell names


# ---------------------------------------------------------------- data


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
        return tuple(rows[k].index for k in _top_units(rows, list(range(len(rows)))))

    def score_columns(self) -> tuple[ParsedColumn, ParsedColumn] | None:
        """(分值, 得分) of a score sheet: one column of each, or None (not a score sheet, or
        one whose several 得分 columns leave it unclear which the total adds up)."""
        maxima = [c for c in self.columns if c.role == "max_score"]
        scores = [c for c in self.columns if c.role == "score"]
        return (maxima[0], scores[0]) if len(maxima) == 1 and len(scores) == 1 else None

    def is_score_total(self, row: ParsedRow) -> bool:
        """A score sheet's closing row (总分, 合计)."""
        return row.key in {squeeze(w) for w in _lex()["score_sheet"]["total_rows"]}

    def grand_total_ref(self) -> tuple[int, int] | None:
        """(table, row) of the grand total: this fragment's, or the whole split table's."""
        if self.chain_total is not None:
            return self.chain_total
        total = self.grand_total()
        return (self.index, total.index) if total is not None else None


@cache
def _lex() -> dict:
    return load("tables")


# ---------------------------------------------------------------- text helpers

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_SPACE = re.compile(r"\s+")
_YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}$")


@lru_cache(maxsize=8192)
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


@lru_cache(maxsize=8192)
def parse_number(text: str, unit: str | None) -> Quantity | None:
    """A cell holding one figure as a Quantity, the column's unit applied when the cell has none.

    The figure is read by auditor.quantities; a cell holds a figure only when that figure (with
    its qualifier, 约 5) is all the cell says. A leading sign is read here: in a table a minus
    is a sign (增减 columns), whereas prose extraction reads a dash before a number as a dash.
    """
    cell = normalise_chars(text or "")[0].strip()
    sign, body = 1.0, cell
    if body[:1] in ("-", "−", "+"):
        sign, body = (1.0 if body[0] == "+" else -1.0), body[1:].lstrip()
    found = extract_from_normalised(body) if body else []
    if len(found) != 1 or found[0].kind == "year":
        return None
    quantity = found[0]
    outside = (body[: quantity.start] + body[quantity.end:]).strip()
    if outside and outside != (quantity.qualifier or ""):
        return None  # a figure inside words (5 个项目) is not a cell's figure
    if not quantity.unit and unit:
        spec = _lex()["units"].get(unit)
        if spec:
            quantity = replace(quantity, unit=unit, kind=spec["kind"],
                               scale=float(spec["scale"]), measure=spec["measure"])
    return replace(quantity, text=cell, start=0, end=len(cell), value=sign * quantity.value)


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
    figures = [t for t in first[1:] if _is_numeric_text(t)]
    if figures and not all(_YEAR_ONLY.match(t) for t in figures):
        return 0  # data from the first row on (a header of years, 2023 | 2024, is a header)
    if len(table.rows) < 2:
        return 1
    second = _cell_texts(table.rows[1], width)
    if any(_is_numeric_text(t) for t in second):
        return 1
    others = [t for t in second[1:] if t]
    if not others:
        return 1  # a section row such as 信息运维类项目支出： — data, not header
    if second[0] == "" or any(header_unit(t) or _column_role(t)[0] in _HEADER_ROLES
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


def _unit_kind(unit: str | None) -> str | None:
    return _lex()["units"].get(unit, {}).get("kind") if unit else None


def _column_role(label: str) -> tuple[str, str | None]:
    """(role, stage) of a column from its header text, its own unit included: a header in
    percent is never an amount (完成年初预算（%）, 决算数（%）), a change in percent is a change
    rate (比上年增减（%）), and a rate word in a header in money is not a rate."""
    cols = _lex()["columns"]
    folded = squeeze(label)
    if not folded:
        return ("number", None)
    unit_kind = _unit_kind(header_unit(label))
    if strip_unit(folded) in {squeeze(w) for w in cols["index"]}:
        return ("index", None)  # exact: 年度 numbers rows, 年度预算数 is an amount
    if _is_code_header(folded):
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


def _build_columns(table: Table, header_rows: int, width: int,
                   shared_unit: str | None) -> list[ParsedColumn]:
    """Columns with their roles and units; `shared_unit` (stated in the title or in the label
    column's header) applies to the figure columns whose header states none."""
    labels = _column_labels(table, header_rows, width)
    units = [header_unit(label) for label in labels]
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
    code: str | None = None  # functional classification code (201, 20101, 2010101)


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" \u3000\t"))


def _make_rows(table: Table, header_rows: int, width: int, label_col: int | None,
               value_cols: list[int]) -> list[_Row]:
    lex = _lex()["rows"]
    header_keys = [squeeze(" ".join(_cell_texts(table.rows[r], width))) for r in range(header_rows)]
    intros = [squeeze(w) for w in lex["child_intro"]]
    code_cols = _code_columns(table, header_rows, width)
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
            code=_row_code(texts, code_cols, label),
        ))
    return rows


def _is_code_header(folded: str) -> bool:
    lex = _lex()["rows"]
    if folded in lex["code_part_headers"] or folded.endswith(tuple(lex["code_headers"])):
        return True
    return any(folded.endswith(f"{h}{p}") for h in lex["code_headers"] for p in lex["code_part_headers"])


def _code_columns(table: Table, header_rows: int, width: int) -> list[int]:
    """The columns that hold a row's classification code: 类 / 款 / 项 columns (in order),
    or one headed 科目编码."""
    lex = _lex()["rows"]
    labels = [squeeze(label) for label in _column_labels(table, header_rows, width)]
    coded = [c for c, label in enumerate(labels) if label and _is_code_header(label)]
    parts = [c for c in coded if labels[c].endswith(tuple(lex["code_part_headers"]))]
    return parts if len(parts) >= 2 else coded[:1]


def _row_code(texts: list[str], code_cols: list[int], label: str) -> str | None:
    """The row's classification code, when it has one of the lexicon's lengths."""
    lengths = _lex()["rows"]["code_lengths"]
    joined = "".join(texts[c].strip() for c in code_cols if c < len(texts))
    if not joined:
        match = re.match(r"^\s*(\d{3,7})(?=\s*[\u4e00-\u9fff])", label or "")
        joined = match.group(1) if match else ""
    return joined if joined.isdigit() and len(joined) in lengths else None


@cache
def _known_child_keys() -> frozenset[str]:
    return frozenset(k for kids in _lex()["rows"]["known_children"].values() for k in kids)


def _known_parent(rows: list[_Row], i: int) -> int | None:
    """A row listed in lexicon known_children under a row above it in the same section."""
    known = _lex()["rows"]["known_children"]
    if rows[i].key not in _known_child_keys():
        return None  # no row above can be its known parent: skip the walk up the table
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
    # the latest row of each classification code: 20101 hangs under the latest 201
    codes: dict[str, int] = {}
    shortest_code = min(_lex()["rows"]["code_lengths"])
    for i, row in enumerate(rows):
        if row.is_total or row.is_subtotal or row.level is not None or row.is_section:
            open_run = None
        if row.is_total:
            codes.clear()
        coded = codes.get(row.code[:-2]) if row.code and len(row.code) > shortest_code else None
        if row.code:
            codes[row.code] = i
        if coded is not None:
            # 20101 人大事务 under 201 一般公共服务支出: the codes say it, completely
            row.parent, row.relation = rows[coded].index, "complete"
            open_run = None
            continue
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


def cell_interval(quantity: Quantity) -> Interval:
    """± half a unit of the last stated digit (widened by a qualifier such as 约); a zero
    states that there is nothing, exactly.

    A 0 in a money column is not 0.4 rounded down: budget tables write 0 for "none", so
    giving it half a unit of slack would hide real slips in every column with empty rows.
    """
    if quantity.value == 0 and not quantity.qualifier:
        return Interval.exact(0.0)
    return interval_of(quantity)



_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def display_label(row: ParsedRow) -> str:
    """A row label for messages: "合 计" → 合计; an unlabeled row by its line."""
    label = _CJK_GAP.sub("", row.label)
    return label or f"第 {row.line} 行"


@dataclass(frozen=True)
class _Grid:
    """Intervals of the summable cells, read once while the hierarchy is being resolved.

    A blank or nil cell is an exact zero; a cell of prose is None (nothing to add up).
    """

    values: dict[tuple[int, int], Interval | None]
    columns: tuple[int, ...]

    @staticmethod
    def of(table: Table, rows: list[_Row], columns: list[ParsedColumn]) -> "_Grid":
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
        return _Grid(values, tuple(c.index for c in columns))

    def foots(self, whole: int, parts: list[int], exact: bool) -> list[bool]:
        """Per column: can the parts add up to the whole (or, not exact, stay within it)?"""
        results = []
        for col in self.columns:
            total = self.values.get((whole, col))
            pieces = [self.values.get((p, col)) for p in parts]
            if total is None or any(p is None for p in pieces):
                continue
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

    def __init__(self, grid: _Grid, whole: int):
        self.grid = grid
        self.whole = {c: grid.values.get((whole, c)) for c in grid.columns}
        self.sums = {c: Interval.exact(0.0) for c, v in self.whole.items() if v is not None}
        # a column with a negative figure anywhere may come back down after overshooting
        self.monotone = grid.nonnegative_columns

    def add(self, row: int) -> bool:
        """Add a row. A column where it holds prose is out of every longer run too (as in
        _Grid.foots); False once no column is left."""
        for col in list(self.sums):
            value = self.grid.values.get((row, col))
            if value is None:
                del self.sums[col]
            else:
                self.sums[col] = self.sums[col] + value
        return bool(self.sums)

    def foots(self) -> list[bool]:
        return [self.whole[c].meets(total) for c, total in self.sums.items()]

    def overshot(self) -> bool:
        return any(c in self.monotone and total.lo > self.whole[c].hi
                   for c, total in self.sums.items())


def _failures(rows: list[_Row], grid: _Grid) -> int:
    """How many (relation, column) pairs cannot hold under the current hierarchy."""
    kids: dict[int, list[_Row]] = {}
    for row in rows:
        if row.parent is not None and row.relation != "section":
            kids.setdefault(row.parent, []).append(row)
    numbered = {r.index for r in rows if r.has_numbers}
    relations = [(t, parts, True) for t, parts in _total_scopes(rows).items()]
    relations += [(parent, [k.index for k in children],
                   all(k.relation == "complete" for k in children))
                  for parent, children in kids.items() if parent in numbered]
    return sum(results.count(False) for whole, parts, exact in relations
               for results in [grid.foots(whole, parts, exact)])


def _resolve_groups(rows: list[_Row], runs: list[_Uncertain], grid: _Grid) -> None:
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


def _apply_cut(rows: list[_Row], run: _Uncertain, keep: int) -> None:
    sibling = next(((r.parent, r.relation) for r in rows if r.index == run.parent), (None, None))
    for n, k in enumerate(run.positions):
        rows[k].parent, rows[k].relation = (run.parent, run.relation) if n < keep else sibling


def _discover_breakdowns(rows: list[_Row], grid: _Grid) -> None:
    """When a total does not foot because unmarked rows break down the row above them
    (基本支出 / 工资 / 办公 / 项目支出 with no marker or indent left), find those breakdowns.

    Only a reading that makes a failing total foot is taken: a row followed by two or more
    unparented rows that add up to it in every column becomes their parent. A table that
    foots as it stands is never restructured.
    """
    for total, parts in _total_scopes(rows).items():
        if all(grid.foots(total, parts, True)):
            continue
        by_index = {r.index: k for k, r in enumerate(rows)}
        free = [by_index[p] for p in parts if rows[by_index[p]].parent is None
                and rows[by_index[p]].level is None]
        changed = _group_free_rows(rows, free, grid)
        if changed and not all(grid.foots(total, _total_scopes(rows)[total], True)):
            for k in changed:  # the reading did not help: undo it
                rows[k].parent, rows[k].relation = None, None


def _group_free_rows(rows: list[_Row], free: list[int], grid: _Grid) -> list[int]:
    changed: list[int] = []
    i = 0
    while i < len(free):
        head = rows[free[i]]
        found = 0
        if grid.nonzero(head.index) and i + 1 < len(free) and free[i + 1] == free[i] + 1:
            found = _first_footing_run(rows, free, i, grid)
        if found:
            for k in free[i + 1: found + 1]:
                rows[k].parent, rows[k].relation = head.index, "complete"
                changed.append(k)
            i = found + 1
        else:
            i += 1
    return changed


def _first_footing_run(rows: list[_Row], free: list[int], i: int, grid: _Grid) -> int:
    """The last position j of the shortest run free[i+1 .. j] (two rows or more, directly
    after row free[i]) that adds up to that row in every column; 0 when none does.

    The sums grow row by row (never re-added: that made a long table cubic), and the search
    stops once they pass the head in a column that holds no negative figure, since adding
    more rows can then only take them further away.
    """
    head = rows[free[i]].index
    sums = grid.running(head)
    for j in range(i + 1, len(free)):
        if free[j] != free[j - 1] + 1:
            break  # children follow their parent directly
        if not sums.add(rows[free[j]].index):
            break  # a component that is not a figure: no run through it adds up
        if j >= i + 2:
            results = sums.foots()
            if results and all(results):
                return j
        if sums.overshot():
            break
    return 0


# ---------------------------------------------------------------- parse


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
    if gap > int(_lex()["continuation_max_gap"]):
        return False
    return _repeated_header_rows(table, previous, width) > 0 or _header_row_count(table, width) == 0


def _repeated_header_rows(table: Table, previous: ParsedTable, width: int) -> int:
    """How many leading rows of `table` repeat the header rows of `previous`."""
    n = previous.header_rows
    if n == 0 or len(table.rows) < n:
        return 0
    same = all(squeeze(" ".join(_cell_texts(table.rows[r], width)))
               == squeeze(" ".join(_cell_texts(previous.table.rows[r], width))) for r in range(n))
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
        header_rows = _header_row_count(table, width)
        title_unit = header_unit(table.title or "")
        columns = _build_columns(table, header_rows, width, title_unit)
        data = [_cell_texts(table.rows[r], width) for r in range(header_rows, len(table.rows))]
        label_col = _label_column(columns, data)
        # 项目资金（万元） over the row labels states the unit of the figures beside them
        label_unit = header_unit(columns[label_col].label) if label_col is not None else None
        if label_unit and label_unit != title_unit:
            columns = _build_columns(table, header_rows, width, label_unit)
            label_col = _label_column(columns, data)
        if label_col is not None:
            columns[label_col] = columns[label_col].with_role("label")
        columns = _assign_label_columns([_settle_role(c, data) for c in columns], data,
                                        label_col)
        columns = _settle_adjustment(columns, data)
    value_cols = [c for c in columns if c.role in VALUE_ROLES and c.labels_from == label_col]
    rows = _make_rows(table, header_rows, width, label_col, [c.index for c in value_cols])
    runs = _assign_parents(rows)
    summable = [c for c in value_cols if c.role in SUM_ROLES]
    grid = _Grid.of(table, rows, summable)
    _resolve_groups(rows, runs, grid)
    _discover_breakdowns(rows, grid)
    parsed_rows = tuple(
        ParsedRow(r.index, r.label, r.key, r.level, r.parent, r.relation, r.is_total,
                  r.is_subtotal, r.is_section, r.has_numbers, r.line)
        for r in rows
    )
    cells = tuple(_cells(table, parsed_rows, columns))
    totals = tuple((t, tuple(parts)) for t, parts in _total_scopes(rows).items())
    carried: tuple[tuple[int, int], ...] = ()
    if previous is not None:
        carried = previous.carried + tuple((previous.index, r) for r in previous.top_rows())
    year = title_year(table.title) or (previous.year if previous is not None else None)
    return ParsedTable(table, header_rows, tuple(columns), parsed_rows, cells, label_col,
                       year, totals, previous.index if previous is not None else None,
                       carried)


def _settle_role(col: ParsedColumn, data: list[list[str]]) -> ParsedColumn:
    """The cells have the last word: prose cells make a text column whatever its header
    says, and a column headed with a prose word (成果, 说明) whose cells are all figures is a
    column of figures."""
    if col.role in ("label", "index"):
        return col
    texts = [row[col.index] for row in data if row[col.index] and not is_nil(row[col.index])]
    prose = sum(not _is_numeric_text(t) for t in texts)
    if col.role != "text" and texts and prose * 2 > len(texts):
        return col.with_role("text")
    if col.role == "text" and texts and prose == 0:
        return col.with_role("number", unit=col.unit)
    return col


def _settle_adjustment(columns: list[ParsedColumn], data: list[list[str]]) -> list[ParsedColumn]:
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


def _assign_label_columns(columns: list[ParsedColumn], data: list[list[str]],
                          label_col: int | None) -> list[ParsedColumn]:
    """Name each figure column's rows by the nearest label column to its left.

    A text column of short names that is not prose by its header (原因, 说明) and has figure
    columns to its right is a second label column: a side-by-side table such as
    收入 | 金额 | 支出 | 金额, whose right half has rows of its own.
    """
    prose_words = [squeeze(w) for w in _lex()["columns"]["text"]]
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
                is_total=row.is_total if main else _ends_with_any(
                    squeeze(label), _lex()["rows"]["total_suffixes"]),
                line=cell.line, column=cell.column, page=cell.page,
            )


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


# ---------------------------------------------------------------- claims


def table_claims(parsed: ParsedTable, table_index: int, first_id: int) -> list[Claim]:
    """Every numeric cell as a claim: row label (without 一、 or 其中：) as subject, column
    stage as stage, the title's year as year."""
    claims = []
    title = parsed.title or ""
    for n, cell in enumerate(parsed.cells):
        claims.append(Claim(
            id=f"C{first_id + n}",
            quantity=cell.value,
            location=Location(cell.line, cell.column, cell.page),
            source="table",
            subject=strip_marker(cell.row_label) or None,  # 一、基本支出 → 基本支出
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
