"""PDF reports with a text layer: text lines and ruled tables, with page numbers.

Two libraries, each for what it does best (numbers in scripts/bench_read.py):

- pypdfium2 (PDFium) gives every character with its box: ~7 ms a page, and it decodes
  fonts pdfminer cannot (pdfminer returns "(cid:123)" for CID fonts in encrypted PDFs,
  common in government PDFs that carry an owner password). All text comes from it.
- pdfplumber finds ruled tables (page.find_tables) with merged cells, which PDFium has
  no notion of. It parses a page in ~50 ms or more, so it only runs on pages that have
  vector graphics at all, and only its cell boxes are used: the text in each cell is
  PDFium's. On rotated pages (/Rotate) PDFium's character boxes do not match the page as
  drawn, so there pdfplumber's characters are used instead.

Lines are PDFium's text lines, less the characters inside tables; each table is put
back as tab-joined row lines where it stands on the page. Page furniture — running
headers, page numbers, footers: a line at the top or bottom of a page that recurs at the
same height on most pages — is left out, so it neither cuts a paragraph running over a
page break nor adds figures of its own. Paragraph breaks are told from the layout and
written as blank lines, as in the text reports, and pages are separated by a blank line.
"""
from __future__ import annotations

import io
import re
import statistics
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.errors import InputError
from auditor.limits import MAX_PDF_PAGES
from auditor.models import SourceDocument, SourceLine, SourceTable
from auditor.read.cells import join_wrapped, row_line

# A complete PDF ends with %%EOF; writers may add a little after it (a newline, padding).
EOF_WINDOW = 2048
# Paragraph breaks are told from layout, in units of the body text's font size: a line
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
# Above this share of characters without a Unicode mapping the text layer is glyph
# numbers, not text: reading it would give nonsense, so the user is told to OCR.
MAX_UNMAPPED_SHARE = 0.1
# Page furniture: a line at the very top or bottom of a page whose text, digits aside
# ("- 3 -", "第 3 页"), stands at the same height on at least this share of the pages,
# and on two pages at least. The height matters: the report's title at the head of page 1
# is not the running header that repeats its words above the later pages.
FURNITURE_SHARE = 0.5
FURNITURE_HEIGHT_TOLERANCE = 2.0  # points
DIGITS = re.compile(r"\d+")
# Objects on a page that a ruled table is drawn with (forms may hold paths).
GRAPHICS = {pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM}
PICTURES = {pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING}
LINE_BREAKS = {"\r", "\n"}

# Punctuation that typesetting keeps with the following (opening) or preceding (closing)
# character, so it moves to the next line together with it.
OPENING = frozenset("“‘（(《〈「『【〔[")
CLOSING = frozenset("”’）)》〉」』】〕]，。、；：？！,.;:?!%％")


@dataclass(frozen=True)
class _Char:
    """A character in page display coordinates: points, origin top left, y down."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    line: int  # index of the PDFium text line it belongs to

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass(frozen=True)
class _Line:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    lead: float  # width of the first word: what would have had to fit on the line before


@dataclass(frozen=True)
class _Table:
    top: float
    bottom: float
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class _Page:
    number: int
    lines: tuple[_Line, ...]  # in PDFium's reading order, table text left out
    tables: tuple[_Table, ...]
    characters: int  # non-space characters with text
    unmapped: int  # of those, characters whose font gives no Unicode value
    has_graphics: bool  # images or vector paths: what a scan or outlined text leaves

    @property
    def items(self) -> tuple[_Line | _Table, ...]:
        """Lines and tables in reading order."""
        return _interleave(list(self.lines), list(self.tables))


def read_pdf(path: str | Path, data: bytes) -> SourceDocument:
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise InputError(path, "truncated or broken PDF (no %%EOF end marker)")
    pages = _read_pages(path, data)
    characters = sum(page.characters for page in pages)
    if characters == 0:
        if any(page.has_graphics for page in pages):
            raise InputError(path, "no text layer (scanned PDF?): OCR is needed")
        raise InputError(path, "no text on any page (empty PDF)")
    if sum(page.unmapped for page in pages) > MAX_UNMAPPED_SHARE * characters:
        raise InputError(path, "text layer cannot be decoded (fonts without a Unicode mapping): OCR is needed")
    pages = _without_furniture(pages)
    if not any(page.lines or page.tables for page in pages):
        # what a scanner that stamps page numbers leaves: text, but only furniture
        raise InputError(path, "no text layer besides page numbers or headers (scanned PDF?): OCR is needed")
    return _assemble(path, pages)


def _open(path: str | Path, data: bytes) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError(path, "encrypted PDF (password-protected): remove the password and save it again") from exc
        raise InputError(path, f"broken PDF ({exc})") from exc
    if len(document) == 0:
        document.close()
        raise InputError(path, "broken PDF (no pages)")
    if len(document) > MAX_PDF_PAGES:
        pages = len(document)
        document.close()
        raise InputError(path, f"PDF too long ({pages} pages; the limit is {MAX_PDF_PAGES}): "
                               "is this really a report?")
    return document


def _read_pages(path: str | Path, data: bytes) -> list[_Page]:
    document = _open(path, data)
    plumber = None  # opened only if some page may hold a ruled table
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            kinds = _object_kinds(page)
            rotated = page.get_rotation() != 0
            boxes: list = []
            if kinds & GRAPHICS or rotated:
                plumber = plumber or _open_plumber(path, data)
                boxes = _table_boxes(path, plumber, index)
            if rotated:
                # PDFium's character boxes on a rotated page do not match what it draws
                # (seen on a landscape page made with /Rotate 90): take pdfplumber's.
                chars, unmapped = _plumber_chars(path, plumber, index)
            else:
                chars, unmapped = _chars(page)
            pages.append(_read_page(chars, unmapped, index + 1, kinds, boxes))
        return pages
    finally:
        if plumber is not None:
            plumber.close()
        document.close()


def _open_plumber(path: str | Path, data: bytes):
    import pdfplumber  # imported here: ~0.2 s, and PDFs without drawings never need it

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types (syntax, key, value) on bad files
        raise InputError(path, f"broken PDF ({type(exc).__name__}: {exc})") from exc


def _object_kinds(page: pdfium.PdfPage) -> set[int]:
    return {obj.type for obj in page.get_objects(max_depth=1)}


def _table_boxes(path: str | Path, plumber, index: int) -> list[list[tuple]]:
    """Each ruled table on the page as rows of cell boxes (None where a merge covers)."""
    try:
        found = plumber.pages[index].find_tables()
    except Exception as exc:  # a page pdfminer cannot parse
        raise InputError(path, f"broken PDF: page {index + 1} cannot be read ({type(exc).__name__}: {exc})") from exc
    tables = []
    for table in found:
        rows = [list(row.cells) for row in table.rows]
        if max((len(row) for row in rows), default=0) >= MIN_TABLE_COLUMNS:
            tables.append(rows)
    return tables


def _read_page(chars: list[_Char], unmapped: int, number: int, kinds: set[int],
               tables: list[list[tuple]]) -> _Page:
    bounds = [_bounds(rows) for rows in tables]

    def in_a_table(char: _Char) -> bool:
        x, y = char.centre
        return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in bounds)

    lines = _lines([char for char in chars if not in_a_table(char)])  # table text only in tables
    found = [_Table(top=bound[1], bottom=bound[3], rows=_cells(rows, chars))
             for rows, bound in zip(tables, bounds)]
    return _Page(
        number=number,
        lines=tuple(lines),
        tables=tuple(found),
        characters=sum(1 for char in chars if not char.text.isspace()),
        unmapped=unmapped,
        has_graphics=bool(kinds & (GRAPHICS | PICTURES)),
    )


def _chars(page: pdfium.PdfPage) -> tuple[list[_Char], int]:
    """The page's characters from PDFium, in the display coordinates pdfplumber uses for
    an unrotated page (points from the media box's top left)."""
    textpage = page.get_textpage()
    raw = textpage.raw
    m_left, _, _, m_top = page.get_mediabox()

    def to_display(x: float, y: float) -> tuple[float, float]:
        return x - m_left, m_top - y

    rect = pdfium_c.FS_RECTF()
    chars: list[_Char] = []
    unmapped = 0
    line = 0
    try:
        for index in range(textpage.count_chars()):
            text = chr(pdfium_c.FPDFText_GetUnicode(raw, index))
            if text in LINE_BREAKS:
                line += 1
                continue
            if unicodedata.category(text) == "Cc":
                continue
            generated = pdfium_c.FPDFText_IsGenerated(raw, index) == 1
            if pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1:
                unmapped += 1
            if generated or not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect):
                # generated spaces have no box of their own: take the previous character's
                if chars and chars[-1].line == line:
                    prev = chars[-1]
                    chars.append(_Char(text, prev.x1, prev.x1, prev.top, prev.bottom, line))
                continue
            xs, ys = zip(to_display(rect.left, rect.top), to_display(rect.right, rect.bottom))
            chars.append(_Char(text, min(xs), max(xs), min(ys), max(ys), line))
    finally:
        textpage.close()
    return chars, unmapped


def _plumber_chars(path: str | Path, plumber, index: int) -> tuple[list[_Char], int]:
    """The page's characters from pdfplumber, grouped into its text lines."""
    try:
        lines = plumber.pages[index].extract_text_lines(return_chars=True)
    except Exception as exc:  # a page pdfminer cannot parse
        raise InputError(path, f"broken PDF: page {index + 1} cannot be read ({type(exc).__name__}: {exc})") from exc
    chars = [
        _Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], n)
        for n, line in enumerate(lines)
        for c in line["chars"]
    ]
    unmapped = sum(1 for c in chars if c.text.startswith("(cid:"))
    return chars, unmapped


def _lines(chars: list[_Char]) -> list[_Line]:
    groups: dict[int, list[_Char]] = {}
    for char in chars:
        groups.setdefault(char.line, []).append(char)
    lines = []
    for group in groups.values():
        text = "".join(char.text for char in group).strip()
        if not text:
            continue
        solid = [char for char in group if not char.text.isspace()]
        lines.append(_Line(
            text=text,
            top=min(c.top for c in solid),
            bottom=max(c.bottom for c in solid),
            x0=min(c.x0 for c in solid),
            x1=max(c.x1 for c in solid),
            lead=_lead_width(solid),
        ))
    return lines


def _lead_width(chars: list[_Char]) -> float:
    """Width of a line's first unbreakable unit: opening punctuation, then a run of
    ASCII (a number, a Latin word) or one CJK character, then closing punctuation."""
    if not chars:
        return 0.0
    i = 0
    while i < len(chars) - 1 and chars[i].text in OPENING:
        i += 1
    if chars[i].text.isascii():
        while i + 1 < len(chars) and chars[i + 1].text.isascii():
            i += 1
    while i + 1 < len(chars) and chars[i + 1].text in CLOSING:
        i += 1
    return chars[i].x1 - chars[0].x0


def _bounds(rows: list[list[tuple]]) -> tuple[float, float, float, float]:
    cells = [cell for row in rows for cell in row if cell is not None]
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _cells(rows: list[list[tuple]], chars: list[_Char]) -> tuple[tuple[str, ...], ...]:
    """Cell texts: each character goes to the cell its centre lies in. pdfplumber gives
    None for the grid positions a merged cell covers: they stay empty, so the merged
    text appears once and the columns stay aligned."""
    x0, top, x1, bottom = _bounds(rows)
    parts: dict[tuple[int, int], dict[int, list[str]]] = {}
    for char in chars:
        x, y = char.centre
        if not (x0 <= x <= x1 and top <= y <= bottom):
            continue
        cell = _cell_at(rows, x, y)
        if cell is not None:
            parts.setdefault(cell, {}).setdefault(char.line, []).append(char.text)
    return tuple(
        tuple(join_wrapped("".join(p) for p in parts.get((r, c), {}).values()) for c in range(len(row)))
        for r, row in enumerate(rows)
    )


def _cell_at(rows: list[list[tuple]], x: float, y: float) -> tuple[int, int] | None:
    for r, row in enumerate(rows):
        for c, box in enumerate(row):
            if box is not None and box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                return r, c
    return None


def _without_furniture(pages: list[_Page]) -> list[_Page]:
    """The pages less their running headers, page numbers and footers (see FURNITURE_SHARE)."""
    heights: dict[tuple[str, str], list[float]] = {}
    for page in pages:
        for key, line in _page_ends(page):
            heights.setdefault(key, []).append(line.top)
    needed = max(2.0, FURNITURE_SHARE * len(pages))
    furniture = {key: statistics.median(tops) for key, tops in heights.items() if len(tops) >= needed}
    if not furniture:
        return pages
    cleaned = []
    for page in pages:
        drop = [line for key, line in _page_ends(page)
                if key in furniture and abs(line.top - furniture[key]) <= FURNITURE_HEIGHT_TOLERANCE]
        cleaned.append(replace(page, lines=tuple(l for l in page.lines if not any(l is d for d in drop))))
    return cleaned


def _page_ends(page: _Page) -> list[tuple[tuple[str, str], _Line]]:
    """The topmost and the bottommost line of a page, if no table lies beyond them, each
    with its key: which end, and its text with digits masked and spaces dropped."""
    if not page.lines:
        return []
    ends = []
    top = min(page.lines, key=lambda line: line.top)
    if all(top.bottom <= table.top for table in page.tables):
        ends.append(("top", top))
    bottom = max(page.lines, key=lambda line: line.bottom)
    if bottom is not top and all(bottom.top >= table.bottom for table in page.tables):
        ends.append(("bottom", bottom))
    return [((end, DIGITS.sub("#", "".join(line.text.split()))), line) for end, line in ends]


def _interleave(lines: list[_Line], tables: list[_Table]) -> tuple[_Line | _Table, ...]:
    """Lines in PDFium's reading order, each table before the first line below its top."""
    items: list[_Line | _Table] = []
    waiting = sorted(tables, key=lambda table: table.top)
    for line in lines:
        while waiting and waiting[0].top <= line.top:
            items.append(waiting.pop(0))
        items.append(line)
    return tuple(items + waiting)


def _upper_quartile(values: list[float]) -> float:
    """Where most full lines end. Not the maximum: a line with hanging punctuation or an
    unbreakable number runs past the margin, and would make every full line look short."""
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=4)[2]


def _lower_quartile(values: list[float]) -> float:
    """The usual gap between the lines of one paragraph. Not the median: in a report of
    many one-line paragraphs most gaps are gaps between paragraphs."""
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=4)[0]


@dataclass(frozen=True)
class _Layout:
    """The body text's geometry over the whole document, for telling paragraph breaks."""

    left: float
    right: float  # where full lines end
    size: float
    pitch: float  # the usual gap between consecutive lines of a paragraph

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
            right=_upper_quartile([line.x1 for line in lines]),
            size=statistics.median([line.bottom - line.top for line in lines]) if lines else 0.0,
            pitch=_lower_quartile(gaps),
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
        if out.lines:
            out.blank(out.lines[-1].page)  # pages are separated by a blank line, as in text reports
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
