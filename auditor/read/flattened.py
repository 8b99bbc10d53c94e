"""Tables that reached us flattened into text, rebuilt as tables.

A web page or a PDF/DOCX-to-text step often turns the 资金 block of a 绩效自评表 into text:

- one cell a line, blank lines between, header words broken over two lines (年初 / 预算数),
  cells left empty simply missing;
- one row a line, cells apart by spaces (资金总额: 120,000.00 120,000.00 …) or by ` | `
  (合 计 | 1953.72 | 1957.23 |), a lone `|` standing for an empty cell.

`rebuild_flattened` finds such a table by its header, a run of known column words (lexicons/
tables.yaml: column aliases, the `flattened` section), then takes each row label and the figures
after it, and adds the table to the SourceDocument with the position of every cell, so that the
normaliser, the table parser and the table rules read it as any other table. It is conservative:
a row is taken only when its figures fit the columns, in number and in kind (a percentage in a
rate column, a score in a score column); the table stops at the first row that does not fit, and
it is rebuilt only when every token on the lines it takes up belongs to it. What cannot be read so
is left as text.

Fewer figures than value columns (a blank cell lost in flattening) fit only one way: the
leading amount columns in order, then, when exactly one figure is left, the rate column (the
rows under 年度资金总额 carry no 分值 or 得分).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache

from auditor.lexicon import load, year_digits
from auditor.models import SourceDocument, SourceTable

__all__ = ["rebuild_flattened"]


@dataclass(frozen=True)
class _Token:
    raw: str  # the cell as in the source, stripped
    text: str  # normalised, without spaces
    line: int  # 1-based source line
    column: int  # 1-based column on that line
    position: int  # index of the line in SourceDocument.lines
    first: bool  # the first token on its line
    kind: str  # figure | nil | empty | unit | text | barrier


@dataclass(frozen=True)
class _Column:
    tokens: tuple[_Token, ...]
    role: str  # amount | ratio | share | change | change_rate | max_score | score | text | label
    percent: bool  # the header states a percent unit


_FIGURE = re.compile(r"[-+]?\d+(?:\.\d+)?(?P<unit>%|万元|元|亿元|千元)?")
_MONEY_UNIT = re.compile(r"\((?:万元|元|亿元|千元)\)")
_UNIT_ONLY = re.compile(r"\((?:万元|元|亿元|千元|%)\)|单位:(?:万元|元|亿元|千元)")
_FORMULA_MARK = re.compile(r"\([A-Z](?:[/÷][A-Z])?\)$")
_FIGURE_IN_LABEL = re.compile(r"\d+\.\d+|\d+(?:%|万|元|亿)")
_ROLES = ("ratio", "share", "change", "change_rate", "max_score", "score")
_RATE_ROLES = ("ratio", "share", "change_rate")


@cache
def _lexicon() -> dict:
    tables = load("tables")
    flat = tables["flattened"]
    columns = tables["columns"]
    words: dict[str, str] = {}
    for stage_words in columns["stages"].values():
        for word in stage_words:
            words[_fold(word)] = "amount"
    for role in _ROLES:
        for word in columns[role]:
            words[_fold(word)] = role
    return {
        "words": words,
        "prefixes": tuple(_fold(w) for w in flat["prefixes"]),
        "labels": tuple(_fold(w) for w in flat["label_headers"]),
        "text": {_fold(w) for w in flat["text_headers"]},
        "stops": {_fold(w) for w in flat["stop_labels"]},
        "min_columns": int(flat["min_value_columns"]),
        "max_empty": int(flat["max_empty_rows"]),
        "max_blanks": int(flat["max_blank_lines"]),
        "nil": {_fold(w) for w in tables["nil_cells"]},
        "year": re.compile(rf"^{year_digits()}年度?"),
    }


def _fold(text: str) -> str:
    from auditor.normalise import normalise_chars

    return re.sub(r"\s+", "", normalise_chars(text)[0])


# ---------------------------------------------------------------- tokens


def _tokens(source: SourceDocument) -> list[_Token | None]:
    """Every cell-like piece of the text in order; None stands for a blank line."""
    taken = {n for table in source.tables for n in (*table.lines, *table.covers)}
    out: list[_Token | None] = []
    for position, line in enumerate(source.lines):
        text = line.text.rstrip("\r\n")
        if line.line in taken or "\t" in text.strip():
            out.append(_Token("", "", line.line, 1, position, True, "barrier"))
            continue
        if not text.strip():
            out.append(None)
            continue
        pieces = _split(text)
        for k, (start, raw) in enumerate(pieces):
            out.append(_Token(raw, _fold(raw), line.line, start + 1, position, k == 0,
                              _kind(raw)))
    return out


def _split(text: str) -> list[tuple[int, str]]:
    """(offset, piece) of a line's cells: apart by | (a lone | is an empty cell), else by spaces."""
    if "|" in text:
        pieces, start = [], 0
        for part in text.split("|"):
            pieces.append((start + len(part) - len(part.lstrip()), part.strip()))
            start += len(part) + 1
        if len(pieces) > 1 and not pieces[-1][1]:
            pieces.pop()  # the | that closes a row
        if len(pieces) > 1 and not pieces[0][1]:
            pieces.pop(0)  # the | that opens one (| a | b |)
        return pieces
    return [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]


def _kind(raw: str) -> str:
    text = _fold(raw)
    if not text:
        return "empty"
    if text in _lexicon()["nil"]:
        return "nil"
    if _FIGURE.fullmatch(text):
        return "figure"
    if _UNIT_ONLY.fullmatch(text):
        return "unit"
    return "text"


# ---------------------------------------------------------------- header


def _column_word(text: str) -> tuple[str, bool] | None:
    """(role, percent) of a value column whose whole header is ``text`` (folded), if it is one."""
    lex = _lexicon()
    percent = "(%)" in text
    bare = _UNIT_ONLY.sub("", text)
    bare = _FORMULA_MARK.sub("", bare)
    bare = lex["year"].sub("", bare)
    role = lex["words"].get(bare)
    if role is None:
        for prefix in lex["prefixes"]:
            if bare.startswith(prefix) and bare[len(prefix):] in lex["words"]:
                role = lex["words"][bare[len(prefix):]]
                break
    if role is None:
        return None
    return role, percent


class _Reader:
    def __init__(self, tokens: list[_Token | None]):
        self.tokens = tokens
        self.where = {id(t): k for k, t in enumerate(tokens) if t is not None}
        self.extra: list[int] = []  # header tokens that name no column (a group header)

    def index(self, token: _Token) -> int:
        return self.where[id(token)]

    def next(self, i: int) -> int | None:
        """The index of the token after ``i`` within the blank lines allowed, if any."""
        blanks = 0
        j = i + 1
        while j < len(self.tokens):
            token = self.tokens[j]
            if token is None:
                blanks += 1
                if blanks > _lexicon()["max_blanks"]:
                    return None
                j += 1
                continue
            return None if token.kind == "barrier" else j
        return None

    def run(self, i: int, count: int) -> list[int] | None:
        """``count`` consecutive token indices from ``i``."""
        found = [i]
        while len(found) < count:
            j = self.next(found[-1])
            if j is None:
                return None
            found.append(j)
        return found

    def text_run(self, indices: list[int] | None) -> str | None:
        if not indices or any(self.tokens[k].kind not in ("text", "unit") for k in indices):
            return None
        return "".join(self.tokens[k].text for k in indices)

    def header_cell(self, i: int) -> tuple[list[int], tuple[str, bool]] | None:
        """The tokens of one value column's header from ``i`` (a word broken over up to three
        pieces, its unit after it), longest first."""
        for count in (3, 2, 1):
            indices = self.run(i, count)
            text = self.text_run(indices)
            found = _column_word(text) if text else None
            if found:
                return self.with_unit(indices, found)
        return None

    def with_unit(self, indices: list[int], found: tuple[str, bool]) -> tuple[list[int], tuple[str, bool]]:
        j = self.next(indices[-1])
        if j is not None and self.tokens[j].kind == "unit":
            return indices + [j], (found[0], found[1] or "%" in self.tokens[j].text)
        return indices, found

    def label_header(self, i: int) -> list[int]:
        """The tokens of the label column's header just before index ``i``: up to three pieces
        whose text opens with a label word (项目资金 / (万元))."""
        lex = _lexicon()
        before: list[int] = []
        j = i
        while len(before) < 3:
            j = self.previous(j)
            if j is None or self.tokens[j].kind not in ("text", "unit") \
                    or _column_word(self.tokens[j].text):
                break
            before.insert(0, j)
            text = "".join(self.tokens[k].text for k in before)
            if text.startswith(lex["labels"]) and len(text) <= 20:
                return list(before)
        return []

    def group(self, columns: list[_Column], j: int | None) -> tuple[list[_Column], int | None]:
        """The columns under a group header that closes a header row and spans the columns a
        second header row names (2015年决算比上年增减情况 | | over 增减额 | 增减幅度): the second
        row's words, the group's tokens added to the first of them."""
        tokens = self.tokens
        if j is None or tokens[j].kind != "text" or _column_word(tokens[j].text) \
                or tokens[j].position != columns[-1].tokens[-1].position:
            return [], j
        head, span = j, 1
        k = self.next(j)
        while k is not None and tokens[k].kind == "empty" and tokens[k].position == tokens[head].position:
            span, k = span + 1, self.next(k)
        if k is None or not tokens[k].first:
            return [], j
        line = tokens[k].position
        lower: list[_Column] = []
        while k is not None and tokens[k].position == line and tokens[k].kind != "empty":
            cell = self.header_cell(k)
            if cell is None:
                return [], j
            indices, (role, percent) = cell
            lower.append(_Column(tuple(tokens[x] for x in indices), role, percent))
            k = self.next(indices[-1])
        while k is not None and tokens[k].position == line and tokens[k].kind == "empty":
            k = self.next(k)
        if len(lower) < 2 or span not in (1, len(lower)) \
                or (k is not None and tokens[k].position == line):
            return [], j
        self.extra = [head] + [x for x in range(head + 1, head + span)]
        return lower, k

    def previous(self, i: int) -> int | None:
        blanks = 0
        j = i - 1
        while j >= 0:
            token = self.tokens[j]
            if token is None:
                blanks += 1
                if blanks > _lexicon()["max_blanks"]:
                    return None
                j -= 1
                continue
            return None if token.kind == "barrier" else j
        return None

    def header(self, i: int) -> tuple[list[int], list[_Column], int | None] | None:
        """(label header tokens, columns, index after the header) of a header whose first value
        column starts at ``i``."""
        columns: list[_Column] = []
        j: int | None = i
        while j is not None:
            cell = self.header_cell(j)
            if cell is None:
                break
            indices, (role, percent) = cell
            columns.append(_Column(tuple(self.tokens[k] for k in indices), role, percent))
            j = self.next(indices[-1])
        lex = _lexicon()
        if not columns:
            return None
        group, j = self.group(columns, j)
        columns = columns + group
        if len(columns) < lex["min_columns"] or not any(c.role == "amount" for c in columns):
            return None
        if len({c.role for c in columns}) < 2 and len(columns) < 4:
            return None
        label = self.label_header(i)
        if not label and _MONEY_UNIT.search(columns[0].tokens[-1].text) is not None \
                and len(columns) > lex["min_columns"]:
            # 年度预算数（万元） | 年初预算 | 调整后预算数 …: a first header with the table's unit
            # heads the labels
            label = [self.index(t) for t in columns[0].tokens]
            columns = columns[1:]
        while j is not None and self.tokens[j].kind == "text" and self.tokens[j].text in lex["text"]:
            columns.append(_Column((self.tokens[j],), "text", False))
            j = self.next(j)
        return label, columns, j


# ---------------------------------------------------------------- rows


def _fits(token: _Token, column: _Column) -> bool:
    if token.kind in ("empty", "nil"):
        return True
    if column.role == "text":
        return token.kind == "text"
    if token.kind != "figure":
        return False
    unit = _FIGURE.fullmatch(token.text).group("unit")
    if column.role == "amount" or column.role == "change":
        return unit != "%"
    if column.role in _RATE_ROLES:
        return unit == "%" or (unit is None and column.percent)
    if column.role in ("max_score", "score"):
        return unit is None
    return False


def _is_prose(text: str) -> bool:
    """A sentence rather than a row label: long, or with sentence punctuation."""
    return len(text) > 30 or any(mark in text for mark in "。；;")


def _fit(cells: list[_Token], columns: list[_Column]) -> list[_Token | None] | None:
    """The cells placed under the value columns, or None when they do not fit."""
    values = [k for k, c in enumerate(columns) if c.role != "text"]
    while len(cells) > len(values) and cells[-1].kind == "empty":
        cells = cells[:-1]
    placed: list[_Token | None] = [None] * len(columns)
    if len(cells) == len(values):
        where = values
    else:
        amounts = 0
        while amounts < len(values) and columns[values[amounts]].role == "amount":
            amounts += 1
        rates = [k for k in values if columns[k].role == "ratio"]
        if len(cells) <= amounts:
            where = values[: len(cells)]
        elif len(cells) == amounts + 1 and len(rates) == 1:
            where = values[:amounts] + rates
        else:
            return None
    for token, k in zip(cells, where):
        if not _fits(token, columns[k]):
            return None
        placed[k] = token
    return placed


@dataclass
class _Row:
    label: list[_Token]
    cells: list[_Token | None]
    end: int  # index of its last token

    @property
    def figures(self) -> int:
        return sum(1 for c in self.cells if c is not None and c.kind == "figure")


def _rows(reader: _Reader, start: int | None, columns: list[_Column]) -> list[_Row]:
    lex = _lexicon()
    tokens = reader.tokens
    rows: list[_Row] = []
    empty_run = 0
    j = start
    while j is not None:
        first = tokens[j]
        if first.kind != "text" or not first.first:
            break
        label = [j]
        k = reader.next(j)
        while k is not None and tokens[k].kind == "text" and tokens[k].position == first.position:
            label.append(k)
            k = reader.next(k)
        text = "".join(tokens[x].text for x in label)
        if text in lex["stops"] or _column_word(text) or _FIGURE_IN_LABEL.search(text):
            break
        cells: list[int] = []
        while k is not None and tokens[k].kind in ("figure", "nil", "empty"):
            cells.append(k)
            k = reader.next(k)
        texts = [c for c, col in enumerate(columns) if col.role == "text"]
        note = None
        if cells and texts and k is not None and tokens[k].kind == "text" \
                and tokens[k].first and _is_prose(tokens[k].text):
            note = k  # the row's remark (原因 column), a sentence on its own line
            k = reader.next(k)
        on_own_line = all(tokens[x].position == first.position for x in cells)
        own_lines = all(tokens[x].first for x in cells)
        if cells and not (on_own_line or own_lines):
            break  # a row is on one line, or one cell a line: nothing in between
        last = note if note is not None else (cells or label)[-1]
        if k is not None and tokens[k].position == tokens[last].position:
            break  # words after the figures on the row's line: not a row of this table
        placed = _fit([tokens[x] for x in cells], columns)
        if placed is None:
            break
        if note is not None:
            placed[texts[0]] = tokens[note]
        row = _Row([tokens[x] for x in label], placed, note if note is not None else (cells or label)[-1])
        if not row.figures:
            empty_run += 1
            if empty_run > lex["max_empty"]:
                break
        else:
            empty_run = 0
        rows.append(row)
        j = k
    while rows and not rows[-1].figures:
        rows.pop()  # labels without figures after the last row are left as text
    return rows


# ---------------------------------------------------------------- tables


def rebuild_flattened(source: SourceDocument) -> SourceDocument:
    """``source`` with the flattened tables its text holds added as SourceTables."""
    tokens = _tokens(source)
    if not any(t is not None and t.kind == "text" and _column_word(t.text) for t in tokens):
        return source
    reader = _Reader(tokens)
    found: list[SourceTable] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token is None or token.kind != "text":
            i += 1
            continue
        table = _table_at(reader, i, source)
        if table is None:
            i += 1
            continue
        built, end = table
        found.append(built)
        i = end + 1
    if not found:
        return source
    return dataclasses.replace(source, tables=source.tables + tuple(found))


def _table_at(reader: _Reader, i: int, source: SourceDocument) -> tuple[SourceTable, int] | None:
    before = reader.previous(i)
    if before is not None and _column_word(reader.tokens[before].text):
        return None  # inside a header that did not make a table
    reader.extra = []
    header = reader.header(i)
    if header is None:
        return None
    label, columns, after = header
    rows = _rows(reader, after, columns)
    if not rows or max(r.figures for r in rows) < 2:
        return None
    tokens = reader.tokens
    first_token = tokens[label[0]] if label else columns[0].tokens[0]
    if not first_token.first:
        return None  # words before the header on its line
    start, end = reader.index(first_token), rows[-1].end
    used = set(label) | set(reader.extra) | {reader.index(t) for c in columns for t in c.tokens}
    used.update(k for k in range(start, end + 1)  # an empty cell (a lone |) says nothing
                if tokens[k] is not None and tokens[k].kind == "empty")
    for row in rows:
        used.update(reader.index(t) for t in row.label)
        used.update(reader.index(t) for t in row.cells if t is not None)
    if any(tokens[k] is not None and k not in used for k in range(start, end + 1)):
        return None  # something on these lines is not of the table
    if end + 1 < len(tokens) and tokens[end + 1] is not None \
            and tokens[end + 1].position == tokens[end].position:
        return None  # the last row's line goes on
    return _source_table(tokens, label, columns, rows, source), end


def _source_table(tokens: list[_Token | None], label: list[int], columns: list[_Column],
                  rows: list[_Row], source: SourceDocument) -> SourceTable:
    def joined(parts: list[_Token]) -> tuple[str, tuple[int, int]]:
        if not parts:
            return "", (0, 0)
        return "".join(p.raw for p in parts), (parts[0].line, parts[0].column)

    label_tokens = [tokens[k] for k in label]
    head = [joined(label_tokens)] + [joined(list(c.tokens)) for c in columns]
    first_line = (label_tokens or list(columns[0].tokens))[0].line
    head = [(text, where if where != (0, 0) else (first_line, 1)) for text, where in head]
    table_rows = [tuple(text for text, _ in head)]
    positions = [tuple(where for _, where in head)]
    lines = [first_line]
    for row in rows:
        text, where = joined(row.label)
        cells = [text]
        places = [where]
        for cell in row.cells:
            cells.append(cell.raw if cell is not None else "")
            places.append((cell.line, cell.column) if cell is not None else where)
        table_rows.append(tuple(cells))
        positions.append(tuple(places))
        lines.append(where[0])
    every = [t for t in tokens if t is not None]
    last = max(p[0] for row in positions for p in row)
    covers = tuple(sorted({t.line for t in every if first_line <= t.line <= last}))
    page = next((line.page for line in source.lines if line.line == first_line), None)
    return SourceTable(tuple(table_rows), tuple(lines), page, tuple(positions), covers)
