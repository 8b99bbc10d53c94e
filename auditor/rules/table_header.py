"""table_header: a table header that names another category than the table holds.

What it catches: a table introduced (by its title or the line above it) as one category of
project — 信息类, 基建类 (lexicons/tables.yaml `categories`) — whose header's first cell names
another category. Report templates repeat one table per category, and a table copied from the
one before keeps the old header; the rows then say what the table really is.

Why: the header tells a reader what the rows are; a 信息类 table headed 基建类项目 puts the
figures under the wrong heading and hides which template part was left unedited.

Wrong::

    如有信息类项目支出：
    基建类项目\t年初预算数（万元）\t决算数（万元）
    信息运维类项目支出：
    系统运维费\t82.5\t64.5
    (the line above and the rows are 信息类: the header was left from the 基建 table)

Right::

    如有信息类项目支出：
    信息类项目\t年初预算数（万元）\t决算数（万元）
    信息运维类项目支出：
    系统运维费\t82.5\t64.5

(Cells are separated by tabs.)
"""
from __future__ import annotations

import re

from collections.abc import Iterator

from auditor.findings import finding
from auditor.lexicon import load
from auditor.messages import message
from auditor.models import Finding, Location, Paragraph
from auditor.report import Report
from auditor.rules.base import Rule
from auditor.tables import ParsedTable, collapse, longest_alias

RULE_ID = "table_header"


def check(report: Report) -> Iterator[Finding]:
    for parsed in report.tables:
        finding = _judge(report, parsed)
        if finding is not None:
            yield finding


def _categories() -> dict[str, list[str]]:
    return load("tables")["categories"]


def _first_header_cell(parsed: ParsedTable):
    for r in range(parsed.header_rows):
        row = parsed.table.rows[r]
        if row and row[0].text.strip():
            return row[0]
    return None


def _intro(report: Report, parsed: ParsedTable, header_line: int) -> list[tuple[str, int | None]]:
    """The texts that introduce a table: its title, and the paragraph just above it."""
    found: list[tuple[str, int | None]] = []
    if parsed.title:
        found.append((parsed.title, None))
    gap = int(load("tables")["intro_max_gap"])
    above = _paragraph_above(report.document.paragraphs, header_line)
    if above is not None and header_line - above.origins[-1][0] <= gap:
        found.append((above.text, above.origins[0][0]))
    return found


def _paragraph_above(paragraphs: tuple[Paragraph, ...], line: int) -> Paragraph | None:
    best: Paragraph | None = None
    for paragraph in paragraphs:
        if paragraph.origins and paragraph.origins[-1][0] < line:
            if best is None or paragraph.origins[-1][0] > best.origins[-1][0]:
                best = paragraph
    return best


def _introduced(text: str, categories) -> str | None:
    """The category the intro names, from its last clause that names one and does not deny
    it (本年度无基本建设类项目，信息化项目支出如下 introduces 信息类)."""
    negations = tuple(load("tables")["negations"])
    for clause in reversed(re.split(r"[，,；;。]", text)):
        if any(word in clause for word in negations):
            continue
        found = longest_alias(clause, categories)
        if found is not None:
            return found
    return None


def _row_categories(parsed: ParsedTable) -> set[str]:
    categories = _categories()
    found = {longest_alias(row.label, categories) for row in parsed.rows}
    return {c for c in found if c}


def _judge(report: Report, parsed: ParsedTable) -> Finding | None:
    cell = _first_header_cell(parsed)
    if cell is None:
        return None
    categories = _categories()
    headed = longest_alias(cell.text, categories)
    if headed is None:
        return None
    for text, line in _intro(report, parsed, cell.line):
        introduced = _introduced(text, categories)
        if introduced is None or introduced == headed:
            continue
        rows = _row_categories(parsed)
        if headed in rows:
            return None  # the rows side with the header: the intro is the odd one out
        confidence = 0.85 if introduced in rows else 0.6
        says = message(
            "table_header", header=collapse(cell.text), intro=collapse(text),
            where=message("table_header.line", line=str(line)) if line else message("table_header.title"),
            introduced=introduced, headed=headed,
            rows=message("table_header.rows", rows="、".join(sorted(rows))) if rows else "",
        )
        return finding(RULE_ID, "warning", says, None, confidence=confidence,
                       location=Location(cell.line, cell.column, cell.page),
                       subject_text=collapse(cell.text))
    return None


RULE = Rule(
    id=RULE_ID,
    family="table",
    severity="warning",
    summary="表头所写类别与表格引言、表内各行的类别不符",
    check=check,
)
