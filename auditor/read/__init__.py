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
from auditor.read.sniff import sniff_format

__all__ = ["MAX_BYTES", "read_document"]

# Why 50 MB: real reports are well under 5 MB even as PDFs with a few scanned stamp
# pages, and a text report of 50 MB would hold some 25 million characters, hundreds of
# times a real one. Anything larger is a wrong file (an archive, a video, a log dump)
# and reading it whole would only cost memory and time before failing anyway.
MAX_BYTES = 50 * 1024 * 1024


def read_document(path: str | Path) -> SourceDocument:
    """Read ``path`` as a report; raise InputError naming the problem if it cannot be."""
    data = _read_bytes(path)
    fmt = sniff_format(path, data)
    if fmt == "pdf":
        from auditor.read.pdf_reader import read_pdf  # pdfplumber is slow to import

        return read_pdf(path, data)
    if fmt == "docx":
        from auditor.read.docx_reader import read_docx

        return read_docx(path, data)
    from auditor.read.text_reader import read_text

    return read_text(path, data)


def _read_bytes(path: str | Path) -> bytes:
    file = Path(path)
    if not file.exists():
        raise InputError(path, "file not found")
    if file.is_dir():
        raise InputError(path, "is a directory, not a file")
    if not file.is_file():
        raise InputError(path, "not a regular file")
    try:
        size = file.stat().st_size
        if size == 0:
            raise InputError(path, "empty file")
        if size > MAX_BYTES:
            raise InputError(
                path,
                f"file too large ({size / 2**20:.1f} MB; the limit is "
                f"{MAX_BYTES / 2**20:.0f} MB): is this really a report?",
            )
        return file.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from exc
