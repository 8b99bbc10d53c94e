"""Read a report file into a SourceDocument: text, DOCX or PDF.

The format is decided by the file's bytes first and its extension second, so a PDF
saved as ``report.txt`` is still read as a PDF, and a ``report.pdf`` that is really a
text file is refused with a message saying so instead of being parsed as garbage.
Anything that cannot be read raises InputError(path, problem).
"""
from __future__ import annotations

from pathlib import Path

from auditor.errors import InputError
from auditor.models import SourceDocument
from auditor.limits import MAX_BYTES, megabytes
from auditor.read.clean import clean_source
from auditor.read.sniff import sniff_format

__all__ = ["MAX_BYTES", "read_bytes", "read_document", "read_data"]


def read_document(path: str | Path) -> SourceDocument:
    """Read ``path`` as a report; raise InputError naming the problem if it cannot be."""
    return read_data(path, read_bytes(path))


def read_data(path: str | Path, data: bytes) -> SourceDocument:
    """Read a report's bytes (a file's, or standard input's); ``path`` names it in messages."""
    if not data:
        raise InputError(path, "empty file")
    fmt = sniff_format(path, data)
    if fmt == "pdf":
        from auditor.read.pdf_reader import read_pdf  # pdfplumber is slow to import

        source = read_pdf(path, data)
    elif fmt == "docx":
        from auditor.read.docx_reader import read_docx

        source = read_docx(path, data)
    else:
        from auditor.read.text_reader import read_text

        source = read_text(path, data)
    return clean_source(source)


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, after checking it is a regular file within MAX_BYTES."""
    file = Path(path)
    try:
        if not file.exists():
            raise InputError(path, "file not found")
        if file.is_dir():
            raise InputError(path, "is a directory, not a file")
        if not file.is_file():
            raise InputError(path, "not a regular file")
        size = file.stat().st_size
        if size == 0:
            raise InputError(path, "empty file")
        if size > MAX_BYTES:
            raise InputError(
                path,
                f"file too large ({megabytes(size)}; the limit is "
                f"{MAX_BYTES / 2**20:.0f} MB): is this really a report?",
            )
        return file.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from exc
