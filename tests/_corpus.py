"""A tiny reader for tests: a .txt report as a Document without auditor.normalise.

One paragraph per non-empty line; runs of tab-separated lines become tables; heading
levels from the outline markers 一、(1) （一）(2) 1.(3) （1）(4) 一是/第一，(5). Enough for
report facts and the outline; the real normaliser does much more (joins wrapped lines,
converts full-width characters). ``documents()`` also yields the real normaliser's
Document when auditor.normalise is importable, so corpus checks run on both.
"""
from __future__ import annotations

import re
from pathlib import Path

from auditor.models import Document, Paragraph, SourceDocument, SourceLine, Table, TableCell

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REPORTS = sorted((CORPUS / "reports").glob("*.txt"))

_LEVELS = (
    (1, r"[一二三四五六七八九十]+\s*、"),
    (2, r"[(（]\s*[一二三四五六七八九十]+\s*[)）]"),
    (3, r"\d+\s*[.、．](?!\d)"),
    (4, r"[(（]\s*\d+\s*[)）]"),
    (5, r"(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+\s*[，,])"),
)


def heading_level(text: str) -> int | None:
    for level, pattern in _LEVELS:
        if re.match(r"\s*" + pattern, text):
            return level
    return None


def read_lines(text: str, path: str = "<test>") -> Document:
    lines = text.splitlines()
    source = SourceDocument(path, "text", tuple(SourceLine(i, t) for i, t in enumerate(lines, 1)))
    paragraphs: list[Paragraph] = []
    tables: list[Table] = []
    rows: list[tuple[TableCell, ...]] = []

    def close_table() -> None:
        if rows:
            tables.append(Table(len(tables), None, tuple(rows)))
            rows.clear()

    for number, line in enumerate(lines, 1):
        if "\t" in line:
            cells, column = [], 1
            for cell in line.split("\t"):
                cells.append(TableCell(cell.strip(), cell, number, column))
                column += len(cell) + 1
            rows.append(tuple(cells))
            continue
        stripped = line.strip()
        if not stripped:
            continue
        close_table()
        indent = len(line) - len(line.lstrip())
        origins = tuple((number, indent + i + 1) for i in range(len(stripped)))
        paragraphs.append(Paragraph(len(paragraphs), stripped, origins, heading_level(stripped)))
    close_table()
    return Document(path, "text", tuple(paragraphs), tuple(tables), source)


def read_report(path: Path) -> Document:
    return read_lines(path.read_text(encoding="utf-8"), str(path))


def readers():
    """(name, function path → Document) for the line reader and, if ready, the normaliser."""
    found = [("lines", read_report)]
    try:
        from auditor.normalise import build_document
        from auditor.read import read_document
    except ImportError:
        return found
    found.append(("normalise", lambda path: build_document(read_document(str(path)))))
    return found
