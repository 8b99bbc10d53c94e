"""PDF reports with a text layer: text lines and ruled tables, with page numbers.

pypdfium2 opens the file first: it is quick and tells encrypted from broken files
reliably. pdfplumber then reads each page: its ruled-table finder gives real cells (merged
cells included) and its character positions let table text be kept out of the plain
lines and the tables be put back where they stand between the lines. Measured on the
fixtures (scripts/bench_read.py), pdfplumber costs more per page than pypdfium2's plain
text, but pypdfium2 has no table structure at all, and one reader for both keeps lines and
tables in one coordinate system.
"""
from __future__ import annotations

import io
import statistics
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.errors import InputError
from auditor.models import SourceDocument, SourceLine, SourceTable
from auditor.read.cells import join_wrapped, row_line

# A complete PDF ends with %%EOF; writers may add a little after it (a newline, padding).
EOF_WINDOW = 2048
# Paragraph breaks are inferred from layout, in units of the text's font size: a line
# indented this much past the left margin (first-line indent, centred titles) ...
INDENT_BREAK = 1.5
# ... a previous line ending short of the right margin by more than the next line's
# first word (which would have fitted there had the paragraph gone on) plus this slack
# (a paragraph's last line, a heading) ...
SHORT_LINE_SLACK = 0.5
# ... or a gap this much above the usual line spacing (space between paragraphs).
GAP_BREAK = 0.5
# A ruled box with one column is a frame around text, not a table.
MIN_TABLE_COLUMNS = 2


# Punctuation that typesetting keeps with the following (opening) or preceding (closing)
# character, so it moves to the next line together with it.
OPENING = frozenset("“‘（(《〈「『【〔[")
CLOSING = frozenset("”’）)》〉」』】〕]，。、；：？！,.;:?!%％")


@dataclass(frozen=True)
class _Line:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    lead: float  # width of the first word: what would have had to fit on the line before


def _lead_width(chars: list[dict]) -> float:
    """Width of a line's first unbreakable unit: opening punctuation, then a run of
    ASCII (a number, a Latin word) or one CJK character, then closing punctuation."""
    chars = [ch for ch in chars if not ch["text"].isspace()]
    if not chars:
        return 0.0
    i = 0
    while i < len(chars) - 1 and chars[i]["text"] in OPENING:
        i += 1
    if chars[i]["text"].isascii():
        while i + 1 < len(chars) and chars[i + 1]["text"].isascii():
            i += 1
    while i + 1 < len(chars) and chars[i + 1]["text"] in CLOSING:
        i += 1
    return chars[i]["x1"] - chars[0]["x0"]


@dataclass(frozen=True)
class _Table:
    top: float
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Page:
    number: int
    items: tuple[_Line | _Table, ...]  # top to bottom
    has_text: bool
    has_graphics: bool  # images or vector paths: what a scan or outlined text leaves


def read_pdf(path: str | Path, data: bytes) -> SourceDocument:
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise InputError(path, "truncated or broken PDF (no %%EOF end marker)")
    _check_opens(path, data)
    pages = _read_pages(path, data)
    if not any(page.has_text for page in pages):
        if any(page.has_graphics for page in pages):
            raise InputError(path, "no text layer (scanned PDF?): OCR is needed")
        raise InputError(path, "no text on any page (empty PDF)")
    return _assemble(path, pages)


def _check_opens(path: str | Path, data: bytes) -> None:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError(path, "encrypted PDF (password-protected): remove the password and save it again") from exc
        raise InputError(path, f"broken PDF ({exc})") from exc
    try:
        if len(document) == 0:
            raise InputError(path, "broken PDF (no pages)")
    finally:
        document.close()


def _read_pages(path: str | Path, data: bytes) -> list[_Page]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_read_page(page) for page in pdf.pages]
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many types (syntax, key, value, type) on bad files
        raise InputError(path, f"broken PDF ({type(exc).__name__}: {exc})") from exc


def _read_page(page) -> _Page:
    tables = [t for t in page.find_tables() if _is_table(t)]
    boxes = [t.bbox for t in tables]

    def outside_tables(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    lines = [
        _Line(text=line["text"], top=line["top"], bottom=line["bottom"], x0=line["x0"], x1=line["x1"],
              lead=_lead_width(line["chars"]))
        for line in page.filter(outside_tables).extract_text_lines(return_chars=True)
        if line["text"].strip()
    ]
    found = [_Table(top=t.bbox[1], rows=_table_rows(t)) for t in tables]
    items = sorted([*lines, *found], key=lambda item: item.top)
    return _Page(
        number=page.page_number,
        items=tuple(items),
        has_text=any(not ch["text"].isspace() for ch in page.chars),
        has_graphics=bool(page.images or page.curves or page.rects or page.lines),
    )


def _is_table(table) -> bool:
    return max((len(row.cells) for row in table.rows), default=0) >= MIN_TABLE_COLUMNS


def _table_rows(table) -> tuple[tuple[str, ...], ...]:
    # pdfplumber gives None for the grid positions a merged cell covers: they stay empty,
    # so the merged text appears once and the columns stay aligned.
    return tuple(
        tuple(join_wrapped((cell or "").split("\n")) for cell in row) for row in table.extract()
    )


@dataclass(frozen=True)
class _Layout:
    """The body text's geometry over the whole document, for telling paragraph breaks."""

    left: float
    right: float
    size: float
    pitch: float  # usual gap between consecutive lines of a paragraph

    @classmethod
    def of(cls, pages: list[_Page]) -> _Layout:
        lines = [item for page in pages for item in page.items if isinstance(item, _Line)]
        gaps = [
            b.top - a.bottom
            for page in pages
            for a, b in zip(page.items, page.items[1:])
            if isinstance(a, _Line) and isinstance(b, _Line) and b.top > a.bottom
        ]
        return cls(
            left=min((line.x0 for line in lines), default=0.0),
            right=max((line.x1 for line in lines), default=0.0),
            size=statistics.median([line.bottom - line.top for line in lines]) if lines else 0.0,
            pitch=statistics.median(gaps) if gaps else 0.0,
        )

    def breaks(self, previous: _Line, line: _Line) -> bool:
        return (
            line.x0 > self.left + INDENT_BREAK * self.size
            or self.right - previous.x1 > line.lead + SHORT_LINE_SLACK * self.size
            or line.top - previous.bottom > self.pitch + GAP_BREAK * self.size
        )


class _Lines:
    """SourceLines as they are appended, with at most one blank line in a row."""

    def __init__(self) -> None:
        self.lines: list[SourceLine] = []

    def add(self, text: str, page: int, where: str | None = None) -> int:
        self.lines.append(SourceLine(line=len(self.lines) + 1, text=text, page=page, where=where))
        return len(self.lines)

    def blank(self, page: int) -> None:
        if self.lines and self.lines[-1].text.strip():
            self.add("", page)


def _assemble(path: str | Path, pages: list[_Page]) -> SourceDocument:
    layout = _Layout.of(pages)
    out = _Lines()
    tables: list[SourceTable] = []
    for page in pages:
        out.blank(page.number)  # pages are separated by a blank line, as in text reports
        previous: _Line | None = None
        for item in page.items:
            if isinstance(item, _Table):
                out.blank(page.number)
                number = len(tables) + 1
                lines = tuple(
                    out.add(row_line(row), page.number, f"t{number}r{r}")
                    for r, row in enumerate(item.rows, 1)
                )
                tables.append(SourceTable(rows=item.rows, lines=lines, page=page.number))
                out.blank(page.number)
                previous = None
                continue
            if previous is not None and layout.breaks(previous, item):
                out.blank(page.number)
            out.add(item.text, page.number)
            previous = item
    lines = out.lines
    while lines and not lines[-1].text.strip():
        lines.pop()
    return SourceDocument(path=str(path), format="pdf", lines=tuple(lines), tables=tuple(tables))
