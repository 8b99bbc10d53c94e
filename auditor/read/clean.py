"""The last step of reading: text every later stage can handle, whatever the reader gave.

A PDF's text layer can hold UTF-16 surrogates (a character outside the Basic Multilingual
Plane split in two, or half of one); Python strings accept them, but jieba, spaCy and every
UTF-8 writer do not. Pairs are joined into their character and a lone half becomes U+FFFD,
with a warning, so a report is audited rather than refused for one odd glyph.
"""
from __future__ import annotations

import dataclasses
import re

from auditor.models import SourceDocument, SourceTable

SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_source(source: SourceDocument) -> SourceDocument:
    """``source`` with surrogates repaired in every line and table cell."""
    if not _has_surrogates(source):
        return source
    lone = sum(_lone(line.text) for line in source.lines)
    lines = tuple(dataclasses.replace(line, text=repair_text(line.text)) for line in source.lines)
    tables = tuple(_clean_table(table) for table in source.tables)
    warnings = source.warnings
    if lone:
        warnings += (f"{lone} broken character(s) (lone UTF-16 surrogates) replaced by {REPLACEMENT}",)
    return dataclasses.replace(source, lines=lines, tables=tables, warnings=warnings)


def repair_text(text: str) -> str:
    """Surrogate pairs joined, lone surrogates replaced by U+FFFD."""
    if not SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _lone(text: str) -> int:
    if not SURROGATE.search(text):
        return 0
    return repair_text(text).count(REPLACEMENT) - text.count(REPLACEMENT)


def _has_surrogates(source: SourceDocument) -> bool:
    return any(SURROGATE.search(line.text) for line in source.lines) or any(
        SURROGATE.search(cell) for table in source.tables for row in table.rows for cell in row
    )


def _clean_table(table: SourceTable) -> SourceTable:
    rows = tuple(tuple(repair_text(cell) for cell in row) for row in table.rows)
    return dataclasses.replace(table, rows=rows)
