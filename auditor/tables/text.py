"""Reading the text of one cell, header or title: folding, units, figures, section markers.

Everything here looks at a single string (a cell, a header, a row label, a table's title) and
knows the genre's table vocabulary from lexicons/tables.yaml; nothing here sees a whole table.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache, lru_cache

from auditor.lexicon import load, year_digits
from auditor.models import Quantity
from auditor.normalise import normalise_chars, outline_marker
from auditor.quantities import extract_from_normalised


@cache
def lexicon() -> dict:
    """lexicons/tables.yaml: the table vocabulary every module of the package reads."""
    return load("tables")


_SPACE = re.compile(r"\s+")
_YEAR = re.compile(rf"(?<!\d)({year_digits()})\s*年")


@lru_cache(maxsize=8192)
def squeeze(text: str) -> str:
    """Text without any whitespace, NFKC-folded, for matching ("合 计" → "合计")."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def collapse(text: str) -> str:
    return _SPACE.sub(" ", (text or "").strip())


def header_unit(text: str) -> str | None:
    """The unit a header cell states: 决算数 （万元） → 万元, 比例 (%) → %, 单位：元 → 元."""
    folded = squeeze(text)
    units = sorted(lexicon()["units"], key=len, reverse=True)
    for unit in units:
        unit_f = squeeze(unit)
        if f"({unit_f})" in folded or f"单位:{unit_f}" in folded:
            return unit_f
    return None


def strip_unit(text: str) -> str:
    """The header text without the unit it states: 决算数（万元） → 决算数, and a unit statement
    spanning the header (单位：元 行号 → 行号)."""
    folded = squeeze(text)
    for unit in sorted(lexicon()["units"], key=len, reverse=True):
        unit_f = squeeze(unit)
        folded = folded.replace(f"({unit_f})", "")
        folded = re.sub(rf"^(?:金额)?单位:{re.escape(unit_f)}", "", folded)
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
        spec = lexicon()["units"].get(unit)
        if spec:
            quantity = replace(quantity, unit=unit, kind=spec["kind"],
                               scale=float(spec["scale"]), measure=spec["measure"])
    return replace(quantity, text=cell, start=0, end=len(cell), value=sign * quantity.value)


def is_nil(text: str) -> bool:
    return squeeze(text) in set(lexicon()["nil_cells"])


def _row_marker(folded: str) -> tuple[int, int] | None:
    """(depth, end) of the outline marker (lexicons/outline.yaml) opening a folded row label,
    when it is of a level that marks a table's sections: 一、 → 0, (一) → 1, 1. → 2, (1) → 3."""
    found = outline_marker(folded)
    levels = lexicon()["rows"]["section_levels"]
    return (levels.index(found[0]), found[1]) if found and found[0] in levels else None


def section_level(label: str) -> int | None:
    """The depth the marker opening a row label gives it: 一、 → 0, (一) → 1, 1. → 2 …"""
    found = _row_marker(unicodedata.normalize("NFKC", label.strip()))
    return found[0] if found else None


def strip_marker(label: str) -> str:
    """The label folded, without its markers and a 其中 that opens it: 一、(一)基本支出 →
    基本支出 (markers of deeper levels only: a second marker of the same level is text)."""
    folded = squeeze(label)
    level = -1
    while (found := _row_marker(folded)) is not None and found[0] > level:
        level, folded = found[0], folded[found[1]:]
    for intro in sorted(lexicon()["rows"]["child_intro"], key=len, reverse=True):
        intro_f = squeeze(intro)
        if folded.startswith(intro_f):
            folded = folded[len(intro_f):]
            break
    return folded.rstrip(":")


def ends_with_any(key: str, words: list[str]) -> bool:
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
    for suffix in sorted(lexicon()["title_suffixes"], key=len, reverse=True):
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
