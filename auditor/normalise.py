"""Normalise report text and group its lines into paragraphs and tables.

Text extracted from PDFs and Word files mixes full-width and half-width characters, splits
numbers with thousands separators and spaces (8,318.83 万元, 0.64 %), carries LaTeX-like formula
markup ($\\leq 10\\%$) and HTML debris (<p>), and hard-wraps sentences across lines and page
breaks. Every later stage works on one normalised form; every character of it keeps the index
of the source character it came from, so any span found later maps back to the line and column
a reviewer will look at.

Layout knowledge (outline markers, sentence punctuation, joining thresholds, table titles) is
data in lexicons/outline.yaml.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import repeat
from dataclasses import dataclass, replace
from functools import cache
from typing import Iterable, Sequence

from auditor.lexicon import load, load_lines
from auditor.models import (
    Document,
    Paragraph,
    SourceDocument,
    SourceLine,
    SourceTable,
    Table,
    TableCell,
)

__all__ = [
    "build_document",
    "heading_level",
    "is_cjk",
    "normalise_chars",
    "normalise_with_offsets",
    "OffsetMap",
    "outline_marker",
    "split_sentences",
]

# ---------------------------------------------------------------- characters

# Full-width forms become ASCII, except the CJK punctuation that Chinese text keeps as is.
_KEEP_FULL_WIDTH = "，；：！？"


def _translation_table() -> dict[int, str]:
    table = {
        code: chr(code - 0xFEE0)
        for code in range(0xFF01, 0xFF5F)
        if chr(code) not in _KEEP_FULL_WIDTH
    }
    for space in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
                  0x2009, 0x200A, 0x202F, 0x205F):
        table[space] = " "
    table[0x2212] = "-"  # minus sign
    table[0xFE6A] = "%"  # small per cent sign
    table[0x2215] = "/"  # division slash
    # Traditional characters (較上年同期增長) read as Simplified: every lexicon is Simplified
    for pair in load_lines("traditional.txt"):
        traditional, simplified = pair.split("\t")
        table[ord(traditional)] = simplified
    return table


_TRANSLATE = _translation_table()
_NEEDS_TRANSLATION = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")

# LaTeX-like commands that stand for one character (or for nothing).
_LATEX_SYMBOLS = {
    "times": "×", "cdot": "×", "div": "÷", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "neq": "≠", "approx": "≈", "left": "", "right": "", "quad": "", "qquad": "",
}

# Tags that PDF-to-text converters leave behind; only known names, so a "<" that compares
# two figures (实际支出数<预算安排数) is never taken for a tag.
_TAG_NAMES = (
    "p|br|span|div|b|i|u|s|strong|em|sup|sub|font|td|tr|th|table|tbody|thead|li|ul|ol|"
    "h[1-6]|hr|center|small|big|mark"
)

_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")

# One pass over the text: every edit that removes or replaces characters.
_EDITS = re.compile(
    # A lookahead on the first character lets the engine skip most positions quickly.
    r"(?=[<\\$*\u200b-\u200d\u2060\ufeff\u00ad0-9])(?:"
    r"(?P<tag></?(?:" + _TAG_NAMES + r")\b[^<>\n]*>)"
    r"|(?P<textcmd>\\(?:text|mathrm|rm|mathbf|textbf|mbox)\s*\{(?P<content>[^{}]*)\})"
    r"|(?P<command>\\(?P<name>[A-Za-z]+)(?![A-Za-z])\s?)"
    r"|(?P<escaped>\\(?P<char>[%$&#_{} ,;!]))"
    r"|(?P<dollar>\$)"
    r"|(?P<bold>\*{2,})"
    r"|(?P<invisible>[\u200b-\u200d\u2060\ufeff\u00ad])"
    r"|(?P<thousands>(?<![\d.])(?<!\d,)\d{1,3}(?:,\d{3})+(?![\d]|,\d))"
    # 1 126.38 亿元: a space grouping the thousands of an amount (its unit right after)
    r"|(?P<spaced>(?<![\d.])(?<!\d )\d{1,3}(?: \d{3})+(?=(?:\.\d+)?\s?(?:万元|亿元|元|万|亿))))",
    re.IGNORECASE,
)

# Pinyin glosses a site's reading aid puts after characters (萬(wàn)元, 經(jīng)費): dropped,
# since their brackets would read as asides. Only a bracket right after a Chinese character
# holding lower-case pinyin with a tone mark qualifies.
_PINYIN = re.compile(
    r"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}\)")

# Second pass: spaces that Chinese does not use, ASCII punctuation inside Chinese text.
_SPACING = re.compile(r" +|[,;:!?]+")

_CJK_RANGES = (
    (0x2E80, 0x9FFF),  # radicals, CJK punctuation, kana, ideographs
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x2FA1F),
)
_CJK_EXTRA = set("“”‘’—…·")
_TO_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_UNIT_SIGNS = set("%‰℃°")


def is_cjk(char: str | None) -> bool:
    """True for Chinese characters and CJK punctuation (including “” and —)."""
    if not char:
        return False
    if char in _CJK_EXTRA:
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def normalise_chars(text: str) -> tuple[str, tuple[int, ...]]:
    """The normalised text and, for each of its characters, its index in ``text``.

    Full-width digits, letters and operators become ASCII (（）→ ()), CJK sentence punctuation
    stays; thousands separators go (8,318.83 → 8318.83, never in a list such as 3,4); LaTeX-like
    markup becomes plain operators (\\% → %, \\times → ×, \\leq → ≤, $ dropped); HTML debris
    goes; spaces next to Chinese characters and between a number and % go (2496.45 万元 →
    2496.45万元); ASCII , ; : ! ? inside Chinese text become their full-width forms.
    """
    normalised, offsets = normalise_with_offsets(text)
    return normalised, tuple(offsets.materialise(len(normalised)))


class OffsetMap:
    """Where each character of a rewritten text came from, kept as runs (cheap to build).

    A run either copies a stretch of the input (origin = input start + distance) or lists
    the origins of a replacement explicitly. Maps chain: ``previous`` is applied after.
    """

    __slots__ = ("starts", "runs", "previous")

    def __init__(self, previous: "OffsetMap | None" = None):
        self.starts: list[int] = []
        self.runs: list[tuple[int, list[int] | None]] = []
        self.previous = previous

    def copy(self, out: int, source: int, length: int) -> None:
        if length > 0:
            self.starts.append(out)
            self.runs.append((source, None))

    def put(self, out: int, origins: list[int]) -> None:
        if origins:
            self.starts.append(out)
            self.runs.append((0, origins))

    def __getitem__(self, index: int) -> int:
        run = bisect_right(self.starts, index) - 1
        source, explicit = self.runs[run]
        offset = index - self.starts[run]
        origin = explicit[offset] if explicit is not None else source + offset
        return self.previous[origin] if self.previous is not None else origin

    def materialise(self, length: int) -> list[int]:
        own: list[int] = []
        bounds = self.starts[1:] + [length]
        for (source, explicit), start, stop in zip(self.runs, self.starts, bounds):
            own.extend(explicit if explicit is not None else range(source, source + stop - start))
        if self.previous is None:
            return own
        earlier = self.previous.materialise(max(own) + 1 if own else 0)
        return [earlier[i] for i in own]


# ８，６４２ 户: a full-width number's full-width comma before three full-width digits groups
# its thousands (an ASCII number's ， is the sentence's: 3，142 may be two figures)
_FULL_WIDTH_THOUSANDS = re.compile(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")


def normalise_with_offsets(text: str) -> tuple[str, OffsetMap]:
    """normalise_chars with the origins as an OffsetMap (auditor.quantities maps a few spans)."""
    if "，" in text and _FULL_WIDTH_THOUSANDS.search(text):
        text = _FULL_WIDTH_THOUSANDS.sub(",", text)  # one character for one: indices unchanged
    if _NEEDS_TRANSLATION.search(text):
        text = text.translate(_TRANSLATE)  # one character for one: indices unchanged
    current = text
    offsets: OffsetMap | None = None  # None: the identity
    if "\\" in current and _FRAC.search(current):
        current, offsets = _apply(current, _FRAC, _replace_frac, offsets)
    if "(" in current and _PINYIN.search(current):
        current, offsets = _apply(current, _PINYIN, lambda m, t: ("", []), offsets)
    current, offsets = _apply(current, _EDITS, _replace_edit, offsets)
    current, offsets = _apply(current, _SPACING, _replace_spacing, offsets)
    if offsets is None:
        offsets = OffsetMap()
        offsets.copy(0, 0, len(current))
    return current, offsets


def _apply(
    text: str, pattern: re.Pattern, replace, previous: OffsetMap | None
) -> tuple[str, OffsetMap | None]:
    """Rewrite every match of ``pattern``; ``replace(match, text)`` gives (string, origins)."""
    pieces: list[str] = []
    offsets = OffsetMap(previous)
    position = 0
    out = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        replacement, where = replace(match, text)
        if where is None:
            continue  # left as written
        pieces.append(text[position:start])
        offsets.copy(out, position, start - position)
        out += start - position
        pieces.append(replacement)
        offsets.put(out, where)
        out += len(replacement)
        position = end
    if not pieces:
        return text, previous
    pieces.append(text[position:])
    offsets.copy(out, position, len(text) - position)
    return "".join(pieces), offsets


def _replace_frac(match: re.Match, text: str) -> tuple[str, list[int]]:
    """\\frac{a}{b} → (a)/(b), the brackets standing where the braces stood."""
    a_start, a_end = match.span(1)
    b_start, b_end = match.span(2)
    out = "(" + match.group(1) + ")/(" + match.group(2) + ")"
    where = (
        [a_start - 1] + list(range(a_start, a_end)) + [a_end, a_end, b_start - 1]
        + list(range(b_start, b_end)) + [b_end]
    )
    return out, where


def _replace_edit(match: re.Match, text: str) -> tuple[str, list[int] | None]:
    kind = match.lastgroup
    if kind == "textcmd":
        start, end = match.span("content")
        return match.group("content"), list(range(start, end))
    if kind == "command":
        name = match.group("name")
        symbol = _LATEX_SYMBOLS.get(name.lower())
        if symbol is None:
            return match.group(), None  # an unknown command is left as written
        return symbol, [match.start()] * len(symbol)
    if kind == "escaped":
        char = match.group("char")
        if char in "{} ,;!":
            return "", []
        # \% → % placed on the %, so a span ending at it covers the whole "\%" in the source.
        return char, [match.end() - 1]
    if kind in ("thousands", "spaced"):
        digits = [i for i in range(match.start(), match.end()) if text[i] not in ", "]
        return "".join(text[i] for i in digits), digits
    return "", []  # tag, dollar, bold, invisible


def _replace_spacing(match: re.Match, text: str) -> tuple[str, list[int] | None]:
    start, end = match.span()
    if match.group()[0] == " ":
        before = text[start - 1] if start > 0 else None
        after = text[end] if end < len(text) else None
        # ASCII punctuation that this same pass turns full-width counts as CJK already
        # ("名称: (公章)" → "名称：(公章)").
        if before in _TO_FULL_WIDTH and _punctuation_in_chinese(text, start - 1):
            before = "，"
        if after in _TO_FULL_WIDTH and _punctuation_in_chinese(text, end):
            after = "，"
        if _drop_spaces(before, after):
            return "", []
        return " ", [start]
    if _punctuation_in_chinese(text, start):
        return "".join(_TO_FULL_WIDTH[c] for c in match.group()), list(range(start, end))
    return match.group(), None


def _punctuation_in_chinese(text: str, position: int) -> bool:
    """Whether the run of ASCII , ; : ! ? around ``position`` sits in Chinese text.

    It does when the nearest character before or after the run (spaces skipped) is CJK,
    unless the run is a single mark between two digits (3,4 or 10:30).
    """
    start = end = position
    while start > 0 and text[start - 1] in _TO_FULL_WIDTH:
        start -= 1
    while end < len(text) and text[end] in _TO_FULL_WIDTH:
        end += 1
    before = start - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    after = end
    while after < len(text) and text[after] == " ":
        after += 1
    left = text[before] if before >= 0 else None
    right = text[after] if after < len(text) else None
    if left and right and left.isdigit() and right.isdigit():
        return False
    return is_cjk(left) or is_cjk(right)


def _drop_spaces(before: str | None, after: str | None) -> bool:
    if before is None or after is None or before in "\n\t\r" or after in "\n\t\r":
        return True
    if is_cjk(before) or is_cjk(after):
        return True
    return before.isdigit() and after in _UNIT_SIGNS


# ---------------------------------------------------------------- layout lexicon


@dataclass(frozen=True)
class _Layout:
    markers: tuple[tuple[int, re.Pattern], ...]
    any_marker: re.Pattern
    sentence_final: str
    sentence_ends: str
    item_separators: str
    closing: str
    separators: str
    min_length: int
    max_blanks: int
    furniture: re.Pattern
    title_max: int
    title_endings: tuple[str, ...]
    title_contains: tuple[str, ...]
    title_patterns: re.Pattern


def _load_layout() -> _Layout:
    spec = load("outline")
    markers = tuple((int(m["level"]), re.compile(f"(?:{m['pattern']})")) for m in spec["markers"])
    any_marker = re.compile("|".join(f"(?:{m['pattern']})" for m in spec["markers"]))
    title = spec["table_title"]
    return _Layout(
        markers=markers,
        any_marker=any_marker,
        sentence_final=spec["sentence_final"],
        sentence_ends=spec["sentence_ends"],
        item_separators=spec["item_separators"],
        closing=spec["closing_marks"],
        separators=spec["clause_separators"],
        min_length=int(spec["joining"]["min_length"]),
        max_blanks=int(spec["joining"]["max_blank_lines"]),
        furniture=re.compile("|".join(f"(?:{p})" for p in spec["page_furniture"])),
        title_max=int(title["max_length"]),
        title_endings=tuple(title["endings"]),
        title_contains=tuple(title["contains"]),
        title_patterns=re.compile("|".join(f"(?:{p})" for p in title["patterns"])),
    )


_LAYOUT = _load_layout()

# Outline markers at the start of a line of normalised text (used by auditor.quantities so
# that "1." or "(2)" opening a line is not read as a figure).
MARKER_AT_LINE_START = re.compile(r"(?m)^[ \t]*(?:" + _LAYOUT.any_marker.pattern + ")")


def outline_marker(text: str) -> tuple[int, int] | None:
    """(level, end offset) of the outline marker opening normalised ``text``, if any."""
    stripped = len(text) - len(text.lstrip())
    for level, pattern in _LAYOUT.markers:
        match = pattern.match(text, stripped)
        if match:
            return level, match.end()
    return None


def has_section_marker(text: str) -> bool:
    """Whether a section marker (第一部分, 一、, (一): outline levels 0–2) stands anywhere in
    ``text``: in a page flattened to one line, a new section begins there."""
    return any(level <= 2 and pattern.search(text) for level, pattern in _LAYOUT.markers)


def heading_level(text: str) -> int | None:
    """The outline level of a paragraph opening with a marker (一、 → 1, (一) → 2, 1. → 3 …)."""
    found = outline_marker(text)
    return found[0] if found else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph: split after 。！？ and at line ends; a ；
    separates the items of one sentence and does not split it.

    Closing quotes and brackets stay with the sentence they close; spaces between sentences
    belong to none.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    i = 0
    depth = 0  # open brackets: a 。 inside an aside (…400.00 万元。) ends no sentence
    while i < length:
        char = text[i]
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(depth - 1, 0)
        ends = char in _LAYOUT.sentence_ends and char not in _LAYOUT.item_separators
        if ends and depth and _closes_soon(text, i):
            ends = False
        if ends or char == "\n":
            depth = 0
            end = i + 1
            if char != "\n":
                while end < length and text[end] in _LAYOUT.closing:
                    end += 1
            _add_span(spans, text, start, end)
            start = i = end
            continue
        i += 1
    _add_span(spans, text, start, length)
    return spans


def _closes_soon(text: str, i: int, reach: int = 200) -> bool:
    """A bracket closes within ``reach`` characters after ``i``: a stray ( swallows nothing."""
    window = text[i + 1 : i + 1 + reach]
    return bool(re.search(r"[)）]", window))


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# ---------------------------------------------------------------- document


@dataclass
class _Line:
    """A source line with what the layout pass needs to know about it."""

    position: int  # index in SourceDocument.lines
    source: SourceLine
    stripped: str  # the raw text without surrounding whitespace
    lead: int  # characters stripped from the left
    norm: str  # normalised stripped text
    kind: str  # blank | furniture | table | source_table | text


def build_document(source: SourceDocument) -> Document:
    """Group a source's lines into narrative paragraphs and tables."""
    lines = _classify(source)
    consumed: set[int] = set()
    tables: list[tuple[int, _PendingTable]] = []  # (position of first row, table)
    by_line = {line.source.line: line.position for line in lines}
    for rows, first, last, page in _text_tables(lines):
        for block in (half for form in _form_blocks(rows) for half in _halves(form)):
            start = by_line.get(block[0][0].line, first) if block[0] else first
            end = by_line.get(block[-1][0].line, last) if block[-1] else last
            pending = _PendingTable(tuple(tuple(row) for row in block), page,
                                    max(first, start), min(last, end))
            tables.append((pending.first, pending))
    for table in source.tables:
        positions = [by_line[n] for n in (table.covers or table.lines) if n in by_line]
        first = min(positions) if positions else len(lines)
        last = max(positions) if positions else len(lines)
        pending = _source_table(table, lines, positions, first, last)
        for half in _halves([list(row) for row in pending.rows]):
            tables.append((first, _PendingTable(tuple(tuple(r) for r in half), pending.page,
                                                pending.first, pending.last)))
    tables.sort(key=lambda item: item[0])
    finished = []
    for index, (_, pending) in enumerate(tables):
        title = _take_title(lines, pending.first, pending.last, consumed)
        finished.append(
            Table(index=index, title=title, rows=pending.rows, page=pending.page)
        )
    paragraphs = _paragraphs(lines, consumed, source.format in _LAID_OUT_FORMATS)
    return Document(
        path=source.path,
        format=source.format,
        paragraphs=tuple(paragraphs),
        tables=tuple(finished),
        source=source,
    )


def _classify(source: SourceDocument) -> list[_Line]:
    in_source_tables = {n for table in source.tables for n in (*table.lines, *table.covers)}
    lines = []
    for position, line in enumerate(source.lines):
        text = line.text.rstrip("\r\n")
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        norm = normalise_chars(stripped)[0] if stripped else ""
        if line.line in in_source_tables:
            kind = "source_table"
        elif not stripped:
            kind = "blank"
        elif "\t" in stripped or ("\t" in text and _after_table_row(lines)):
            # Tabs only before the text are an indent, unless the line continues a table
            # (a row whose leading cells are empty).
            kind = "table"
        elif _piped(stripped):
            kind = "piped"
        elif _spaced(stripped):
            kind = "spaced"
        elif _LAYOUT.furniture.fullmatch(norm):
            kind = "furniture"
        else:
            kind = "text"
        lines.append(_Line(position, line, stripped, lead, norm, kind))
    return _settle_spaced(_settle_piped(lines))


# cells of a table laid out with spaces (pdftotext -layout): apart by two spaces or more
_SPACE_GAP = re.compile(r"[ \u3000]{2,}")


def _spaced(stripped: str) -> bool:
    """A line of three cells or more apart by runs of spaces (决策      15      14.00)."""
    return "|" not in stripped and len(_SPACE_GAP.split(stripped)) >= 3


def _settle_spaced(lines: list[_Line]) -> list[_Line]:
    """A run of space-aligned lines is a table when two of its rows hold a figure and one
    holds two; its cells are put in the columns the widest row's cells start at (Chinese
    characters two columns wide, as the layout set them), a missing cell left empty."""
    settled = list(lines)
    for run in _runs(lines, "spaced"):
        figures = [sum(_numeric(normalise_chars(c)[0]) for c in _SPACE_GAP.split(line.stripped)) for line in run]
        is_table = len(run) >= 2 and sum(f >= 1 for f in figures) >= 2 and max(figures) >= 2
        for line, tabbed in zip(run, _aligned(run) if is_table else [None] * len(run)):
            settled[line.position] = (replace(line, kind="table", source=replace(line.source, text=tabbed))
                                      if tabbed is not None else replace(line, kind="text"))
    return settled


def _runs(lines: list[_Line], kind: str, through: tuple[str, ...] = ()) -> Iterable[list[_Line]]:
    """The runs of consecutive lines of ``kind`` (lines of the ``through`` kinds between
    them do not break a run and are left out of it)."""
    position = 0
    while position < len(lines):
        if lines[position].kind != kind:
            position += 1
            continue
        end = position
        while end < len(lines) and lines[end].kind in (kind, *through):
            end += 1
        yield [line for line in lines[position:end] if line.kind == kind]
        position = end


def _aligned(run: list[_Line]) -> list[str]:
    """Each line's cells, tab-separated, in the columns of the run's widest row."""
    def starts(text: str) -> list[tuple[int, str]]:
        found, at = [], 0
        for match in _SPACE_GAP.finditer(text + "  "):
            cell = text[at : match.start()]
            if cell:
                if found and _letter_spaced(found[-1][1], cell):
                    found[-1] = (found[-1][0], found[-1][1] + cell)  # 决    策, 合    计: one label
                else:
                    found.append((_width(text[:at]), cell))
            at = match.end()
        return found

    cells = [starts(line.source.text.rstrip("\r\n")) for line in run]
    anchors = [start for start, _ in max(cells, key=len)]
    rows = []
    for row in cells:
        slots = [""] * len(anchors)
        for start, cell in row:
            column = min(range(len(anchors)), key=lambda k: abs(anchors[k] - start))
            slots[column] = (slots[column] + " " + cell).strip()
        rows.append("\t".join(slots))
    return rows


def _letter_spaced(before: str, cell: str) -> bool:
    """A label set one character at a time across its cell (决    策): single Chinese
    characters in a row."""
    return len(cell) == 1 and len(before) == 1 and is_cjk(cell) and is_cjk(before)


def _width(text: str) -> int:
    """Display columns: Chinese and full-width characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _settle_piped(lines: list[_Line]) -> list[_Line]:
    """A run of |-separated lines is a table when some row holds two figures; a run of
    label | value pairs with no figures (索引号： | … | 发布日期： | 2021-09-27) is a page's
    metadata, read as text like the rest of the cover."""
    settled = list(lines)
    for run in _runs(lines, "piped", through=("blank",)):
        is_table = any(
            sum(_numeric(cell) for cell in line.norm.split("|")) >= 2
            for line in run
        )
        for line in run:
            settled[line.position] = replace(line, kind="table" if is_table else "text")
    return settled


def _after_table_row(lines: list[_Line]) -> bool:
    blanks = 0
    for line in reversed(lines):
        if line.kind in ("blank", "furniture"):
            blanks += 1
            if blanks > _LAYOUT.max_blanks:
                return False
            continue
        return line.kind == "table"
    return False


# ---------------------------------------------------------------- paragraphs


# Formats whose reader writes a blank line at every paragraph break it sees in the page
# layout (auditor.read.pdf_reader; it also writes one between pages). There the layout has
# already decided within a page: two text lines with nothing between them are one paragraph
# typeset over two lines (even when the first happens to end a sentence at the margin), and a
# blank line between two lines of one page ends a paragraph (even when its last line has a
# comma). Only at a page break is the text left to judge, as it is in text reports.
_LAID_OUT_FORMATS = frozenset({"pdf"})


def _paragraphs(lines: list[_Line], consumed: set[int], laid_out: bool = False) -> list[Paragraph]:
    """Narrative paragraphs; ``laid_out``: the reader marked paragraph breaks from the
    page layout (see _LAID_OUT_FORMATS)."""
    paragraphs: list[Paragraph] = []
    spaced = _blank_separated(lines)
    position = 0
    while position < len(lines):
        line = lines[position]
        if line.kind != "text" or line.position in consumed:
            position += 1
            continue
        group = [line]
        while True:
            if laid_out:
                nxt = _laid_out_continuation(lines, group, consumed)
            else:
                nxt = _continuation(lines, group[-1], consumed, spaced)
            if nxt is None:
                break
            group.append(nxt)
        paragraphs.append(_paragraph(len(paragraphs), group))
        position = group[-1].position + 1
    return paragraphs


def _blank_separated(lines: list[_Line]) -> bool:
    """Whether this document separates its paragraphs by blank lines.

    Then two text lines with nothing between them are one paragraph hard-wrapped, whatever
    the length of the first; in a document without blank lines they are two paragraphs.
    """
    apart = together = 0
    for line, nxt in zip(lines, lines[1:]):
        if line.kind == "text":
            apart += nxt.kind == "blank"
            together += nxt.kind == "text"
    return apart > 2 * together


def _continuation(
    lines: list[_Line], line: _Line, consumed: set[int], spaced: bool
) -> _Line | None:
    """The line that continues ``line``'s paragraph across a hard wrap or page break, if any."""
    adjacent = line.position + 1 < len(lines) and lines[line.position + 1].kind == "text"
    if not _runs_on(line, wrapped=spaced and adjacent):
        return None
    return _next_text_line(lines, line, consumed)


def _laid_out_continuation(
    lines: list[_Line], group: list[_Line], consumed: set[int]
) -> _Line | None:
    """The line that continues a paragraph of a laid-out document (see _LAID_OUT_FORMATS)."""
    line = group[-1]
    candidate = _next_text_line(lines, line, consumed)
    if candidate is None:
        return None
    if candidate.position == line.position + 1:
        return candidate  # the next line of the same typeset paragraph
    if candidate.source.page == line.source.page:
        return None  # a paragraph break the reader saw on the page
    # A page break: the paragraph so far stands where a text report has its one long line.
    return candidate if _runs_on(_joined(group), wrapped=False) else None


def _next_text_line(lines: list[_Line], line: _Line, consumed: set[int]) -> _Line | None:
    """The next text line after ``line`` across at most max_blank_lines blank lines (and any
    page furniture), unless it is taken, or opens with an outline marker (a new section)."""
    blanks = 0
    for candidate in lines[line.position + 1:]:
        if candidate.kind in ("blank", "furniture"):
            blanks += candidate.kind == "blank"
            if blanks > _LAYOUT.max_blanks:
                return None
            continue
        if candidate.kind != "text" or candidate.position in consumed:
            return None
        if outline_marker(candidate.norm):
            return None
        return candidate
    return None


def _joined(group: list[_Line]) -> _Line:
    """The lines of a paragraph as one line, for judging whether it runs on."""
    first = group[0]
    return _Line(first.position, first.source, "".join(line.stripped for line in group),
                 first.lead, "".join(line.norm for line in group), first.kind)


def _runs_on(line: _Line, wrapped: bool) -> bool:
    """Whether a line's sentence runs on into the next line.

    ``wrapped``: the next line follows with no blank line in a document whose paragraphs are
    separated by blank lines, so the line was cut by a hard wrap.
    """
    norm = line.norm
    body = norm.rstrip(_LAYOUT.closing + " ")
    if body and body[-1] in _LAYOUT.item_separators and _opens_a_list(body):
        return True  # 具体为：A；B；C；⏎ D；E。: the list its sentence opened goes on
    if not body or body[-1] in _LAYOUT.sentence_final:
        return False
    marker = outline_marker(norm)
    rest = norm[marker[1]:] if marker else norm
    has_separator = any(char in _LAYOUT.separators for char in rest)
    if marker and not has_separator and not any(c in _LAYOUT.sentence_final for c in rest):
        return False  # a title ("3. 绩效监控开展情况") never runs on, however long
    # A sentence already ended on this line and another began: that one was cut.
    began_another = any(char in _LAYOUT.sentence_ends for char in rest)
    # Length as the reader sees it in the source line.
    long_line = len(line.stripped) >= _LAYOUT.min_length
    return has_separator or began_another or wrapped or long_line


def _opens_a_list(body: str) -> bool:
    """The line's last sentence opened a list with a colon and holds two items or more."""
    sentence = re.split("[" + re.escape("。！？!?") + "]", body)[-1]
    colon = max(sentence.rfind("："), sentence.rfind(":"))
    return colon >= 0 and sum(sentence[colon:].count(c) for c in _LAYOUT.item_separators) >= 2


def _paragraph(index: int, group: list[_Line]) -> Paragraph:
    raw: list[str] = []
    where: list[tuple[int, int]] = []
    for number, line in enumerate(group):
        if number:
            previous = group[number - 1]
            if _needs_space(previous.stripped, line.stripped):
                raw.append(" ")
                where.append((previous.source.line, previous.lead + len(previous.stripped)))
        raw.append(line.stripped)
        first = line.lead + 1
        where.extend(zip(repeat(line.source.line), range(first, first + len(line.stripped))))
    text, origins = normalise_chars("".join(raw))
    return Paragraph(
        index=index,
        text=text,
        origins=tuple(map(where.__getitem__, origins)),
        heading_level=heading_level(text),
        page=group[0].source.page,
    )


def _ascii_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _needs_space(before: str, after: str) -> bool:
    """Two ASCII words wrapped apart need a space again; a number cut inside its digits
    (98.0|6%) does not: digits never wrap at a word boundary."""
    if not (_ascii_word_char(before[-1]) and _ascii_word_char(after[0])):
        return False
    return not (before[-1].isdigit() and after[0].isdigit())


# ---------------------------------------------------------------- tables


@dataclass
class _PendingTable:
    rows: tuple[tuple[TableCell, ...], ...]
    page: int | None
    first: int  # position of the first and last line the table covers
    last: int


def _piped(stripped: str) -> bool:
    """A row whose cells are apart by | (a table pasted from a web page: a | b | c |); a
    line of prose sentences with a table run into it (…增长14.14%。从收入结构看：… | 预算科目 |)
    is not one."""
    return (
        "\t" not in stripped
        and stripped.count("|") >= 2
        and not any(cell.count("。") > 1 for cell in stripped.split("|"))
    )


def _cells(line: _Line) -> list[TableCell]:
    """A tab- or |-separated line as cells; empty cells kept, the | closing a row dropped."""
    cells = []
    column = 1
    text = line.source.text.rstrip("\r\n")
    piped = _piped(text.strip())
    parts = text.split("|") if piped else text.split("\t")
    if piped and len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    for raw in parts:
        cells.append(_cell(raw, line.source.line, column, line.source.page))
        column += len(raw) + 1
    return cells


def _cell(raw: str, line: int, column: int, page: int | None) -> TableCell:
    return TableCell(
        text=normalise_chars(raw)[0].strip(), raw=raw, line=line, column=column, page=page
    )


def _text_tables(
    lines: list[_Line],
) -> Iterable[tuple[list[list[TableCell]], int, int, int | None]]:
    """Tables from runs of tab-separated lines, rejoined across page breaks."""
    current: list[list[TableCell]] | None = None
    first = last = 0
    page: int | None = None
    blanks = 0
    after_header = False  # the previous row was a header repeated after a page break
    for position, line in enumerate(lines):
        if line.kind == "table":
            row = _cells(line)
            if current is None:
                current, first, page = [row], position, line.source.page
            elif blanks == 0 and not after_header:
                current.append(row)
            elif blanks and _same_row(row, current[0]):
                after_header = True  # the header repeated on the new page: dropped
                last, blanks = position, 0
                continue
            elif _continues_cells(current[-1], row):
                current[-1] = _merge_rows(current[-1], row)
            elif after_header or _continues_table(current, row):
                current.append(row)
            else:
                yield current, first, last, page
                current, first, page = [row], position, line.source.page
            last, blanks, after_header = position, 0, False
        elif current is None:
            continue
        elif line.kind in ("blank", "furniture"):
            blanks += line.kind == "blank"
            if blanks > _LAYOUT.max_blanks:
                yield current, first, last, page
                current, blanks, after_header = None, 0, False
        else:
            yield current, first, last, page
            current, blanks, after_header = None, 0, False
    if current is not None:
        yield current, first, last, page


def _continues_table(rows: list[list[TableCell]], row: list[TableCell]) -> bool:
    """Whether a row after a page break (header not repeated) is more of the same table."""
    return len(row) == len(rows[0]) and any(_numeric(cell.text) for cell in row)


def _form_blocks(rows: list[list[TableCell]]) -> list[list[list[TableCell]]]:
    """A form's tables, apart: a 自评表 lays its blocks (资金 block, indicator block) one under
    the other, each under a header row of its own. A row of column words and no figures after
    rows of figures, or after the form's fields (项目名称 | …), starts a new table. A block's header that opens with the section it scores
    (预算执行情况（10分） | 年度预算数 | 年初预算 | …) spans the rows of the block, so its rows
    start one cell to the right of it: the section cell leaves the header."""
    blocks: list[list[list[TableCell]]] = [[]]
    seen_figures = False
    labels = tuple(load("tables")["form_blocks"]["field_labels"])
    for row in rows:
        after_fields = bool(blocks[-1]) and "".join(blocks[-1][-1][0].text.split()).startswith(labels)
        if (seen_figures or after_fields) and _is_header_row(row) and not _same_row(row, blocks[-1][0]):
            # (项目名称 | … / 主管部门 | … above the 资金 block's header: a block of their own)
            blocks.append([])
            seen_figures = False
        blocks[-1].append(row)
        seen_figures = seen_figures or any(_numeric(c.text) for c in row[1:])
    return [_without_section_cell(block) for block in blocks]


def _halves(block: list[list[TableCell]]) -> list[list[list[TableCell]]]:
    """A two-sided table (收入 on the left, 支出 on the right: 项目 | 决算数 | 项目 | 决算数)
    as its two tables, each with its own rows, totals and hierarchy. The header names the
    label column twice; every row fits the two halves."""
    for header in block[:2]:
        texts = ["".join(c.text.split()) for c in header]
        f = next((i for i, t in enumerate(texts) if t), None)  # (a reader's empty first column)
        if f is None:
            continue
        k = next((k for k in range(f + 2, len(texts)) if texts[k] == texts[f]), None)
        end = None if k is None else 2 * k - f
        if k is None or any(len(row) > end and any(c.text for c in row[end:]) for row in block):
            continue
        left = [list(row[:k]) for row in block]
        right = [list(row[k:end]) for row in block if any(c.text for c in row[k:end])]
        return [left, right] if right else [block]
    return [block]


def _is_header_row(row: Sequence[TableCell]) -> bool:
    texts = [c.text for c in row if c.text]
    if any(_numeric(t) for t in texts):
        return False
    words = _column_words()
    return sum(any(w in "".join(t.split()) for w in words) for t in texts) >= 3


@cache
def _column_words() -> tuple[str, ...]:
    tables = load("tables")
    columns = tables["columns"]
    words = list(tables["form_blocks"]["header_words"])
    words += [w for role in ("ratio", "share", "change", "change_rate", "max_score", "score")
             for w in columns[role]]
    words += [w for stage in columns["stages"].values() for w in stage]
    return tuple(words)


_SCORED_SECTION = re.compile(r".+[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")


def _without_section_cell(block: list[list[TableCell]]) -> list[list[TableCell]]:
    header, data = block[0], block[1:]
    filled = [k for k, c in enumerate(header) if c.text]
    widest = max((max((k for k, c in enumerate(row) if c.text), default=-1) for row in data),
                 default=-1)
    if (len(filled) < 3 or not _SCORED_SECTION.match(header[0].text)
            or widest >= filled[-1]):
        return block
    return [list(header[1:])] + data


def _same_row(a: Sequence[TableCell], b: Sequence[TableCell]) -> bool:
    return len(a) == len(b) and all(
        "".join(x.text.split()) == "".join(y.text.split()) for x, y in zip(a, b)
    )


def _continues_cells(previous: Sequence[TableCell], row: Sequence[TableCell]) -> bool:
    if not previous or len(previous) != len(row) or row[0].text:
        return False
    filled = [i for i, cell in enumerate(row) if cell.text]
    return bool(filled) and all(
        previous[i].text and not _numeric(row[i].text) for i in filled
    )


def _merge_rows(previous: list[TableCell], row: list[TableCell]) -> list[TableCell]:
    merged = []
    for old, new in zip(previous, row):
        if not new.text:
            merged.append(old)
            continue
        merged.append(
            TableCell(
                text=old.text + new.text, raw=old.raw + new.raw,
                line=old.line, column=old.column, page=old.page,
            )
        )
    return merged


_NUMERIC = re.compile(r"[-+]?\d+(?:\.\d+)?%?")


def _numeric(text: str) -> bool:
    return bool(_NUMERIC.fullmatch(text.replace(" ", "")))


def _source_table(
    table: SourceTable, lines: list[_Line], positions: list[int], first: int, last: int
) -> _PendingTable:
    """A table a reader found as a structure: its cells as given, not re-split."""
    rows = []
    for r, cells in enumerate(table.rows):
        line = table.lines[r] if r < len(table.lines) else (table.lines[-1] if table.lines else 0)
        page = table.page
        column = 1
        row = []
        where = table.positions[r] if r < len(table.positions) else ()
        for c, raw in enumerate(cells):
            if c < len(where):  # the reader knows where this cell stands
                line, column = where[c]
            row.append(_cell(raw, line, column, page))
            column += len(raw) + 1
        rows.append(tuple(row))
    page = table.page
    if page is None and positions:
        page = lines[first].source.page
    return _PendingTable(tuple(rows), page, first, last)


def _take_title(lines: list[_Line], first: int, last: int, consumed: set[int]) -> str | None:
    """The title just above the table, else just below it; its lines are marked consumed."""
    above = _title_lines(lines, first, -1, consumed)
    if above:
        chosen = list(reversed(above))
    else:
        below = _title_lines(lines, last, +1, consumed)
        if below and _table_follows(lines, below[-1]):
            below = []  # a title right above the next table belongs to that table
        chosen = below
    if not chosen:
        return None
    consumed.update(chosen)
    return " ".join(lines[p].norm for p in chosen)


def _title_lines(lines: list[_Line], start: int, step: int, consumed: set[int]) -> list[int]:
    """Positions of consecutive title-like lines next to a table, nearest first."""
    found: list[int] = []
    blanks = 0
    position = start + step
    while 0 <= position < len(lines) and len(found) < 3:
        line = lines[position]
        if line.kind in ("blank", "furniture"):
            blanks += 1
            if blanks > _LAYOUT.max_blanks:
                break
        elif line.kind == "text" and line.position not in consumed and _title_like(line.norm):
            found.append(position)
            blanks = 0
        else:
            break
        position += step
    return found


def _table_follows(lines: list[_Line], position: int) -> bool:
    blanks = 0
    for line in lines[position + 1:]:
        if line.kind in ("table", "source_table"):
            return True
        if line.kind in ("blank", "furniture"):
            blanks += 1
            if blanks > _LAYOUT.max_blanks:
                return False
            continue
        return False
    return False


def _title_like(norm: str) -> bool:
    if not norm or len(norm) > _LAYOUT.title_max:
        return False
    compact = "".join(norm.split())
    if any(compact.endswith(ending) for ending in _LAYOUT.title_endings):
        return True
    if any(word in compact for word in _LAYOUT.title_contains):
        return True
    return bool(_LAYOUT.title_patterns.fullmatch(compact))
