"""The row hierarchy of a table, as markers, words and layout state it: 一、 sections, 其中
children (a list that may be partial), known complete breakdowns (人员经费 and 公用经费 under
基本支出), classification codes (20101 under 201), indented rows, section rows without
numbers, and the rows each 合计 / 总计 / 小计 adds up.

Where the text leaves the extent of a group open, footing.py decides by the figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from auditor.models import Table
from auditor.tables.model import top_units
from auditor.tables.header import cell_texts, code_columns, is_numeric_text
from auditor.tables.text import ends_with_any, is_nil, lexicon, section_level, squeeze, strip_marker


@dataclass
class RowState:
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


def make_rows(table: Table, header_rows: int, width: int, label_col: int | None,
               value_cols: list[int]) -> list[RowState]:
    lex = lexicon()["rows"]
    header_keys = [squeeze(" ".join(cell_texts(table.rows[r], width))) for r in range(header_rows)]
    intros = [squeeze(w) for w in lex["child_intro"]]
    code_cols = code_columns(table, header_rows, width)
    rows = []
    for r in range(header_rows, len(table.rows)):
        cells = table.rows[r]
        texts = cell_texts(cells, width)
        if header_keys and squeeze(" ".join(texts)) in header_keys:
            continue  # header repeated after a page break
        raw = cells[label_col].raw if label_col is not None and label_col < len(cells) else ""
        label = texts[label_col] if label_col is not None else ""
        key = squeeze(label)
        has_numbers = any(is_numeric_text(texts[c]) or is_nil(texts[c]) for c in value_cols)
        is_total = bool(key) and ends_with_any(key, lex["total_suffixes"])
        is_subtotal = bool(key) and ends_with_any(key, lex["subtotal_suffixes"])
        rows.append(RowState(
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


def _row_code(texts: list[str], code_cols: list[int], label: str) -> str | None:
    """The row's classification code, when it has one of the lexicon's lengths."""
    lengths = lexicon()["rows"]["code_lengths"]
    joined = "".join(texts[c].strip() for c in code_cols if c < len(texts))
    if not joined:
        match = re.match(r"^\s*(\d{3,7})(?=\s*[\u4e00-\u9fff])", label or "")
        joined = match.group(1) if match else ""
    return joined if joined.isdigit() and len(joined) in lengths else None


@cache
def _known_child_keys() -> frozenset[str]:
    return frozenset(k for kids in lexicon()["rows"]["known_children"].values() for k in kids)


def _known_parent(rows: list[RowState], i: int) -> int | None:
    """A row listed in lexicon known_children under a row above it in the same section."""
    known = lexicon()["rows"]["known_children"]
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
class Uncertain:
    """Rows that may hang under `parent` or be its siblings: the rows after the first of a
    其中 list, or unmarked rows after a marked section row (their indent lost in extraction).
    `resolve_groups` decides by which reading makes the table foot."""

    parent: int
    relation: str  # partial | inferred
    positions: list[int]


def _coded_parent(codes: dict[str, int], code: str | None, shortest: int) -> int | None:
    """The latest row of the code's parent: 20101 under 201; a 项 whose 款 row is left out
    (2101102 with no 21011) under its 类 (210)."""
    if not code:
        return None
    for length in range(len(code) - 2, shortest - 1, -2):
        if code[:length] in codes:
            return codes[code[:length]]
    return None


def assign_parents(rows: list[RowState]) -> list[Uncertain]:
    """Set parent and relation of each row; return the runs whose extent is uncertain."""
    known = lexicon()["rows"]["known_children"]
    runs: list[Uncertain] = []
    open_run: Uncertain | None = None
    last_marked: dict[int, int] = {}  # level → position of the latest row with that marker
    section: int | None = None  # latest unmarked section row (信息运维类项目支出：)
    # the latest row of each classification code: 20101 hangs under the latest 201
    codes: dict[str, int] = {}
    shortest_code = min(lexicon()["rows"]["code_lengths"])
    for i, row in enumerate(rows):
        if row.is_total or row.is_subtotal or row.level is not None or row.is_section:
            open_run = None
        if row.is_total:
            codes.clear()
        coded = _coded_parent(codes, row.code, shortest_code)
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
        # a known breakdown is complete even when 其中 opens it (其中：当年财政拨款 under
        # 年度资金总额, 其中：人员经费 under 基本支出)
        known_parent = _known_parent(rows, i)
        if known_parent is not None and (not row.opens_child_list
                                         or _known_siblings_follow(rows, i, known_parent)):
            row.parent, row.relation = rows[known_parent].index, "complete"
            open_run = None
            continue
        if row.opens_child_list:
            parent = _child_list_parent(rows, i)
            if parent is not None:
                row.parent, row.relation = rows[parent].index, "partial"
                open_run = Uncertain(rows[parent].index, "partial", [])
                runs.append(open_run)
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
            open_run = Uncertain(parent, "inferred", [i])
            runs.append(open_run)
    return runs


def _known_siblings_follow(rows: list[RowState], i: int, parent: int) -> bool:
    """Whether another known child of the same parent follows a 其中 row: a 其中 naming one
    known part alone (其中：当年财政拨款) may leave the others out."""
    known = lexicon()["rows"]["known_children"].get(rows[parent].key, [])
    return i + 1 < len(rows) and rows[i + 1].key in known


def _child_list_parent(rows: list[RowState], i: int) -> int | None:
    """The row a 其中 row hangs under: the row above, or that row's parent when the row
    above is itself in a 其中 list (a second 其中 under one parent)."""
    j = i - 1
    while j >= 0 and rows[j].relation == "partial":
        j -= 1
    if j < 0 or rows[j].is_total:
        return None
    return j


def _indented_parent(rows: list[RowState], i: int) -> int | None:
    if rows[i].indent == 0:
        return None
    for j in range(i - 1, -1, -1):
        if rows[j].is_total:
            return None
        if rows[j].indent < rows[i].indent:
            return j
    return None


def total_scopes(rows: list[RowState]) -> dict[int, list[int]]:
    """Row index of each total row → row indices of its components."""
    grand = lexicon()["rows"]["grand_total_suffixes"]
    totals = [k for k, r in enumerate(rows) if r.is_total and r.has_numbers]
    scopes: dict[int, list[int]] = {}
    previous = -1
    for n, t in enumerate(totals):
        between = list(range(previous + 1, t))
        units = top_units(rows, between)
        components = [rows[k].index for k in units]
        earlier = totals[n - 1] if n > 0 else None
        if earlier is not None and ends_with_any(rows[t].key, grand) \
                and not ends_with_any(rows[earlier].key, grand):
            components = [rows[earlier].index] + components
        if not units and earlier is None:
            # a total row that heads the table totals the rows below it
            following = list(range(t + 1, totals[n + 1] if n + 1 < len(totals) else len(rows)))
            components = [rows[k].index for k in top_units(rows, following)]
        scopes[rows[t].index] = components
        previous = t
    return scopes
