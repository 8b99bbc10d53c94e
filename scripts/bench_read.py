"""Measure the read stage on the document fixtures (tests/fixtures/, made by make_fixtures.py).

    python scripts/bench_read.py            # ingestion time per page, and the PDF library comparison

``measure_ingestion()`` is what benchmarks/run.py reports: PDF and DOCX ingestion time per
page through auditor.read.read_document. A DOCX has no pages of its own; its pages are
counted as those of the PDF fixture made from the same report, so the two numbers compare.

``compare_pdf_libraries()`` is the measurement behind the choice of PDF libraries in
auditor/read/pdf_reader.py: speed per page of pdfplumber and pypdfium2, and table
quality (table rows recovered cell for cell) on the PDF fixtures that have tables, whose
rows are known exactly from the text they were made from.
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
BAD_FIXTURES = {"scanned", "encrypted", "truncated", "permissions_only"}


def _report_fixtures(fixtures: Path, suffix: str) -> list[Path]:
    return sorted(p for p in fixtures.glob(f"*{suffix}") if p.stem not in BAD_FIXTURES)


def _pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def _best_time(function, repeat: int) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by whatever else the machine does."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def measure_ingestion(fixtures: Path = FIXTURES, repeat: int = 3) -> dict:
    """PDF and DOCX ingestion time per page (ms), warm (libraries imported), over the fixtures."""
    from auditor.read import read_document

    result: dict = {}
    for fmt in ("pdf", "docx"):
        files = _report_fixtures(fixtures, f".{fmt}")
        read_document(files[0])  # imports and first-use costs are not per page
        pages = sum(_pages(f.with_suffix(".pdf")) for f in files)
        seconds = sum(_best_time(lambda f=f: read_document(f), repeat) for f in files)
        result[f"{fmt}_files"] = len(files)
        result[f"{fmt}_pages"] = pages
        result[f"{fmt}_ms_per_page"] = round(seconds / pages * 1000, 2)
    return result


def _plumber_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text_lines()


def _plumber_tables(path: Path) -> list[list[list[str | None]]]:
    import pdfplumber

    tables = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables.extend(t.extract() for t in page.find_tables())
    return tables


def _pdfium_text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def _expected_rows(txt: Path) -> list[tuple[str, ...]]:
    return [tuple(line.split("\t")) for line in txt.read_text(encoding="utf-8").splitlines() if "\t" in line]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdfium_chars(path: Path) -> None:
    import pypdfium2 as pdfium

    from auditor.read.pdf_reader import _chars

    document = pdfium.PdfDocument(path)
    try:
        for page in document:
            _chars(page)
    finally:
        document.close()


def _table_pages(path: Path) -> int:
    """Pages the reader hands to pdfplumber: those with vector graphics."""
    import pypdfium2 as pdfium

    from auditor.read.pdf_reader import GRAPHICS, _object_kinds

    document = pdfium.PdfDocument(path)
    try:
        return sum(1 for page in document if _object_kinds(page) & GRAPHICS)
    finally:
        document.close()


def _rows_found(expected: list[tuple[str, ...]], found: list[tuple[str, ...]]) -> int:
    wanted = [tuple(_squash(c) for c in row) for row in expected]
    got = {tuple(_squash(c) for c in row) for row in found}
    # the generator pads short rows with empty cells
    got |= {row[:n] for row in got for n in range(1, len(row)) if not any(row[n:])}
    return sum(1 for row in wanted if row in got)


def compare_pdf_libraries(fixtures: Path = FIXTURES, repeat: int = 3) -> dict:
    from auditor.read import read_document

    files = _report_fixtures(fixtures, ".pdf")
    pages = sum(_pages(f) for f in files)
    _pdfium_text(files[0]), _plumber_text(files[0]), read_document(files[0])  # warm up

    def per_page(function) -> float:
        return round(sum(_best_time(lambda f=f: function(f), repeat) for f in files) / pages * 1000, 2)

    speed = {
        "pages": pages,
        "pages_with_vector_graphics": sum(_table_pages(f) for f in files),
        "pypdfium2_text_ms_per_page": per_page(_pdfium_text),
        "pypdfium2_chars_with_boxes_ms_per_page": per_page(_pdfium_chars),
        "pdfplumber_text_lines_ms_per_page": per_page(_plumber_text),
        "pdfplumber_tables_ms_per_page": per_page(_plumber_tables),
        "auditor_read_document_ms_per_page": per_page(read_document),
    }

    # Table quality: rows recovered cell for cell, against the text the PDFs were made from.
    quality = {"table_rows_expected": 0, "pdfplumber_rows_exact": 0, "auditor_reader_rows_exact": 0,
               "pypdfium2_rows_from_text_split": 0}
    for pdf in files:
        source = fixtures / f"{pdf.stem}.txt"
        if not source.exists():
            source = ROOT / "corpus" / "reports" / f"{pdf.stem}.txt"
        expected = _expected_rows(source)
        if not expected:
            continue
        quality["table_rows_expected"] += len(expected)
        plumber_rows = [tuple(c or "" for c in row) for table in _plumber_tables(pdf) for row in table]
        quality["pdfplumber_rows_exact"] += _rows_found(expected, plumber_rows)
        reader_rows = [row for table in read_document(pdf).tables for row in table.rows]
        quality["auditor_reader_rows_exact"] += _rows_found(expected, reader_rows)
        # pypdfium2 has no table structure: the best one can do is split its text lines at
        # spaces, which fails for cells holding spaces, empty cells and wrapped cells.
        pdfium_lines = {tuple(line.split()) for page in _pdfium_text(pdf) for line in page.splitlines()}
        quality["pypdfium2_rows_from_text_split"] += sum(
            1 for row in expected if tuple(c for c in row if c) in pdfium_lines
        )
    return {**speed, **quality}


def main() -> None:
    print(json.dumps({"ingestion": measure_ingestion(), "pdf_libraries": compare_pdf_libraries()},
                     ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
