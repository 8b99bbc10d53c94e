"""Tell a file's format from its first bytes, and refuse formats we cannot read."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from auditor.errors import InputError

Format = Literal["text", "docx", "pdf"]

PDF_MAGIC = b"%PDF-"
# The PDF header may follow some junk bytes; readers accept it within the first 1 KB.
PDF_HEADER_WINDOW = 1024
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An Office file saved with a password is an OLE compound file holding this stream.
OLE_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

# Formats people hand in by mistake, named so the message says what the file is.
OTHER_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", "an RTF document: save it as .docx or PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not a report: OCR is needed"),
    (b"\xff\xd8\xff", "a JPEG image, not a report: OCR is needed"),
    (b"II*\x00", "a TIFF image, not a report: OCR is needed"),
    (b"MM\x00*", "a TIFF image, not a report: OCR is needed"),
    (b"GIF8", "a GIF image, not a report"),
    (b"\x1f\x8b", "a gzip archive, not a report"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, not a report"),
    (b"Rar!\x1a\x07", "a RAR archive, not a report"),
)


def sniff_format(path: str | Path, data: bytes) -> Format:
    """The reader to use for ``data``: magic bytes decide, the extension only breaks ties."""
    suffix = Path(path).suffix.lower()
    if PDF_MAGIC in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(ZIP_MAGICS):
        return "docx"  # the DOCX reader says what is wrong with any other ZIP
    if data.startswith(OLE_MAGIC):
        raise InputError(path, _ole_problem(data, suffix))
    for magic, problem in OTHER_MAGICS:
        if data.startswith(magic):
            raise InputError(path, problem)
    if suffix == ".pdf":
        raise InputError(path, "not a PDF: the file does not start with %PDF- (wrong extension?)")
    if suffix == ".docx":
        raise InputError(path, "not a readable DOCX (not a ZIP package; wrong extension?)")
    return "text"


def _ole_problem(data: bytes, suffix: str) -> str:
    if OLE_ENCRYPTED_STREAM in data:
        what = "DOCX" if suffix == ".docx" else "Office document"
        return f"encrypted {what} (password-protected): remove the password and save it again"
    return "a legacy Office file (Word 97-2003 .doc or similar): save it as .docx or PDF"
