"""Helpers shared by the readers of structured formats (DOCX, PDF)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence


def join_wrapped(parts: Iterable[str]) -> str:
    """Join the pieces of one cell (or one logical line) that were broken over lines.

    Chinese text and numbers wrap with no space at the break, so the pieces are joined
    directly; only a break between two Latin letters stands for a space ("Excel" +
    "report"). Pieces are stripped first, and empty pieces are dropped.
    """
    joined = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if joined and _is_latin_letter(joined[-1]) and _is_latin_letter(part[0]):
            joined += " "
        joined += part
    return joined


def _is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def row_line(cells: Sequence[str]) -> str:
    """A table row as the tab-joined line that text reports use for tables."""
    return "\t".join(cell.replace("\t", " ") for cell in cells)
