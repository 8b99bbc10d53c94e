"""Measure the read stage on the document fixtures (tests/fixtures/, made by make_fixtures.py).

    python scripts/bench_read.py            # ingestion time per page, and the PDF library comparison

``measure_ingestion()`` is what benchmarks/run.py reports: PDF and DOCX ingestion time per
page through auditor.read.read_document. A DOCX has no pages of its own; its pages are
counted as those of the PDF fixture made from the same report, so the two numbers compare.

``compare_pdf_libraries()`` is the measurement behind the choice of PDF library in
auditor/read/pdf_reader.py: speed per page of pdfplumber and pypdfium2, and table
quality (table rows recovered cell for cell) on table_report.pdf, whose tables are known
exactly from table_report.txt.
"""
from __future__ import annotations

import json
import re
import statistics
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


def compare_pdf_libraries(fixtures: Path = FIXTURES, repeat: int = 3) -> dict:
    files = _report_fixtures(fixtures, ".pdf")
    pages = sum(_pages(f) for f in files)
    _pdfium_text(files[0]), _plumber_text(files[0])  # warm up

    def per_page(function) -> float:
        return round(sum(_best_time(lambda f=f: function(f), repeat) for f in files) / pages * 1000, 2)

    from auditor.read import read_document

    speed = {
        "pages": pages,
        "pypdfium2_text_ms_per_page": per_page(_pdfium_text),
        "pdfplumber_text_ms_per_page": per_page(_plumber_text),
        "pdfplumber_tables_ms_per_page": per_page(_plumber_tables),
        "auditor_read_document_ms_per_page": per_page(read_document),
    }

    # Table quality on the report whose tables we know cell for cell.
    expected = _expected_rows(fixtures / "table_report.txt")
    found = [
        tuple(_squash(cell or "") for cell in row)
        for table in _plumber_tables(fixtures / "table_report.pdf")
        for row in table
    ]
    wanted = [tuple(_squash(cell) for cell in row) for row in expected]
    plumber_rows = sum(1 for row in wanted if row in found)
    # pypdfium2 has no table structure: the best one can do is split its text lines at
    # spaces and hope no cell holds a space and no empty cell (merged header) matters.
    pdfium_lines = [tuple(line.split()) for page in _pdfium_text(fixtures / "table_report.pdf")
                    for line in page.splitlines()]
    pdfium_rows = sum(1 for row in expected if tuple(c for c in row if c) in pdfium_lines)
    quality = {
        "table_rows_expected": len(expected),
        "pdfplumber_rows_exact": plumber_rows,
        "pypdfium2_rows_from_text_split": pdfium_rows,
    }
    return {**speed, **quality}


def main() -> None:
    print(json.dumps({"ingestion": measure_ingestion(), "pdf_libraries": compare_pdf_libraries()},
                     ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
