"""Word documents (.docx) with python-docx: paragraphs and tables in document order."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

from auditor.errors import InputError
from auditor.limits import MAX_DOCX_INFLATED, megabytes
from auditor.models import SourceDocument, SourceLine, SourceTable
from auditor.read.cells import join_wrapped, row_line

MAIN_PART = "word/document.xml"
PARAGRAPH = qn("w:p")
TABLE = qn("w:tbl")
# Wrappers whose content is body content: content controls and custom XML.
WRAPPERS = {qn("w:sdt"): qn("w:sdtContent"), qn("w:customXml"): None}
# The run children that carry text; a w:tab in paragraph properties is a tab stop, not text.
RUN_TEXT = (
    "./w:r/w:t | ./w:r/w:tab | ./w:r/w:br | ./w:r/w:cr"
    " | ./*[not(self::w:pPr) and not(self::w:del)]//w:r[not(ancestor::w:txbxContent)]"
    "/*[self::w:t or self::w:tab or self::w:br or self::w:cr]"
)


def read_docx(path: str | Path, data: bytes) -> SourceDocument:
    body = _open(path, data).element.body
    builder = _Builder()
    for element in _block_items(body):
        if element.tag == PARAGRAPH:
            builder.add_paragraph(element)
        else:
            builder.add_table(element)
    if not any(line.text.strip() for line in builder.lines):
        raise InputError(path, "no text in the document (empty DOCX)")
    return SourceDocument(
        path=str(path), format="docx", lines=tuple(builder.lines), tables=tuple(builder.tables)
    )


def _open(path: str | Path, data: bytes) -> docx.document.Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            inflated = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile as exc:
        raise InputError(path, f"not a readable DOCX (truncated or corrupt ZIP archive: {exc})") from exc
    if inflated > MAX_DOCX_INFLATED:  # from the ZIP directory: nothing is inflated yet
        raise InputError(
            path, f"DOCX too large once unpacked ({megabytes(inflated)}; the limit is "
                  f"{MAX_DOCX_INFLATED / 2**20:.0f} MB): is this really a report?")
    if MAIN_PART not in names:
        raise InputError(path, f"not a readable DOCX (a ZIP archive without {MAIN_PART})")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML, key and value errors alike on bad parts
        raise InputError(path, f"not a readable DOCX ({type(exc).__name__}: {exc})") from exc


def _block_items(parent):
    """Body paragraphs and tables in document order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (PARAGRAPH, TABLE):
            yield child
        elif child.tag in WRAPPERS:
            content_tag = WRAPPERS[child.tag]
            inner = child if content_tag is None else child.find(content_tag)
            if inner is not None:
                yield from _block_items(inner)


@dataclass
class _Builder:
    lines: list[SourceLine] = field(default_factory=list)
    tables: list[SourceTable] = field(default_factory=list)
    paragraphs: int = 0

    def add_paragraph(self, p) -> None:
        self.paragraphs += 1
        # A line break inside a paragraph starts a new line, as it does on the page.
        for text in paragraph_text(p).split("\n"):
            self._add_line(text, f"p{self.paragraphs}")

    def add_table(self, tbl) -> None:
        number = len(self.tables) + 1
        rows, lines = [], []
        for r, tr in enumerate(tbl.tr_lst, 1):
            cells = row_cells(tr)
            rows.append(cells)
            lines.append(self._add_line(row_line(cells), f"t{number}r{r}"))
        self.tables.append(SourceTable(rows=tuple(rows), lines=tuple(lines)))

    def _add_line(self, text: str, where: str) -> int:
        number = len(self.lines) + 1
        self.lines.append(SourceLine(line=number, text=text, where=where))
        return number


def paragraph_text(p) -> str:
    """The visible text of a w:p: runs, hyperlinks, fields and tracked insertions,
    without deleted text or the text of floating text boxes."""
    parts = []
    for element in p.xpath(RUN_TEXT):
        tag = element.tag
        if tag == qn("w:t"):
            parts.append(element.text or "")
        elif tag == qn("w:tab"):
            parts.append("\t")
        elif tag == qn("w:cr") or element.get(qn("w:type")) in (None, "textWrapping"):
            parts.append("\n")
        # page and column breaks carry no text
    return "".join(parts)


def row_cells(tr) -> tuple[str, ...]:
    """One table row on the table's grid.

    python-docx repeats a merged cell's object over every grid column it spans; here each
    w:tc gives its text once and the other columns of its span are empty, so the row
    keeps the grid's width (columns stay aligned with the data rows) without
    duplicating text. A vertically merged cell has its text in its first row only.
    """
    cells: list[str] = [""] * tr.grid_before
    for tc in tr.tc_lst:
        continued = tc.vMerge == "continue"
        cells.append("" if continued else cell_text(tc))
        cells.extend([""] * (tc.grid_span - 1))
    cells.extend([""] * tr.grid_after)
    return tuple(cells)


def cell_text(tc) -> str:
    pieces = []
    for p in tc.xpath(".//w:p[not(ancestor::w:txbxContent)]"):
        pieces.extend(paragraph_text(p).replace("\t", " ").split("\n"))
    return join_wrapped(pieces)
