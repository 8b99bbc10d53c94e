"""Tables built by hand for tests: tab-separated lines as models.Table, as the normaliser
would give them, without running the normaliser (so table tests test tables only)."""
from __future__ import annotations

from pathlib import Path

from auditor.models import Table, TableCell

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "reports"


def table_row(line: str, number: int) -> tuple[TableCell, ...]:
    """One tab-separated line as cells, each with its 1-based column on the line."""
    cells, column = [], 1
    for part in line.split("\t"):
        cells.append(TableCell(part.strip(), part, number, column))
        column += len(part) + 1
    return tuple(cells)


def make_table(text: str, title: str | None = None, index: int = 0, first_line: int = 1) -> Table:
    """A Table from tab-separated lines (blank lines skipped, line numbers kept)."""
    rows = [
        table_row(line, n)
        for n, line in enumerate(text.strip("\n").split("\n"), first_line)
        if line.strip()
    ]
    return Table(index, title, tuple(rows))


def corpus_lines(name: str) -> list[str]:
    return next(CORPUS.glob(f"{name}_*.txt")).read_text(encoding="utf-8").split("\n")


def tab_blocks(lines: list[str]) -> tuple[list[Table], list[tuple[int, str]]]:
    """The tab-separated blocks of a text as Tables (a blank line does not end one), and the
    other non-empty lines as (line number, text)."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    others: list[tuple[int, str]] = []
    for n, line in enumerate(lines, 1):
        if "\t" in line:
            current.append((n, line))
        elif line.strip():
            others.append((n, line.strip()))
            if current:
                blocks.append(current)
                current = []
    if current:
        blocks.append(current)
    tables = [
        Table(i, None, tuple(table_row(line, n) for n, line in block))
        for i, block in enumerate(blocks)
    ]
    return tables, others
