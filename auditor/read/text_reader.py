"""Plain-text reports (.txt, .md, anything that decodes as text)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import charset_normalizer

from auditor.errors import InputError
from auditor.models import SourceDocument, SourceLine

# Byte-order marks settle the encoding outright. UTF-32 first: its LE mark starts with
# UTF-16's.
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control characters other than these mean binary content, not text.
TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1a")  # \x1a: the DOS end-of-file mark some editors leave
BINARY_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")  # C0 and C1 less TEXT_CONTROLS
# A few stray control characters happen in real exports; more than this share is binary.
MAX_CONTROL_SHARE = 0.001
# A GB18030 or guessed decoding is accepted only if this share of its characters is
# ordinary text (see _is_ordinary); below it the bytes were not in that encoding.
MIN_ORDINARY_SHARE = 0.97


def read_text(path: str | Path, data: bytes) -> SourceDocument:
    text = decode(path, data)
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    pieces = LINE_BREAK.split(text)
    if pieces and pieces[-1] == "":
        pieces.pop()  # the break ending the last line does not open another one
    lines = tuple(SourceLine(line=i, text=piece) for i, piece in enumerate(pieces, 1))
    return SourceDocument(path=str(path), format="text", lines=lines)


def decode(path: str | Path, data: bytes) -> str:
    """Decode report bytes: BOM, else UTF-8, else GB18030 (covers GBK/GB2312), else a guess."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return _checked(path, data[len(bom):].decode(codec))
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"not valid {codec.upper()} text despite its byte-order mark ({exc.reason})"
                ) from exc
    if b"\x00" in data:
        raise InputError(path, "binary content (NUL bytes): not a text report")
    try:
        return _checked(path, data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for text in (_gb18030(data), _guessed(data)):
        if text is not None and _ordinary_share(text) >= MIN_ORDINARY_SHARE:
            return _checked(path, text)
    raise InputError(
        path, "cannot decode the text: not UTF-8 nor GB18030/GBK (binary content or an unknown encoding)"
    )


def _gb18030(data: bytes) -> str | None:
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _guessed(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best)


def _checked(path: str | Path, text: str) -> str:
    if len(BINARY_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InputError(path, "binary content (control characters): not a text report")
    return text


def _ordinary_share(text: str) -> float:
    if not text:
        return 0.0
    return sum(1 for ch in text if _is_ordinary(ch)) / len(text)


def _is_ordinary(ch: str) -> bool:
    """Characters a Chinese report is made of; mojibake lands elsewhere (private use, rare
    scripts, C1 controls) often enough to tell a wrong decoding from a right one."""
    code = ord(ch)
    if code < 0x80:
        return ch.isprintable() or ch in TEXT_CONTROLS
    category = unicodedata.category(ch)
    if category in ("Co", "Cn", "Cc", "Cs"):
        return False
    return (
        0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x27BF  # punctuation, symbols, ①, Ⅱ, ℃, arrows, maths, ■●★
        or code in (0xB7, 0xD7, 0xF7, 0xB0, 0xB1)  # · × ÷ ° ±
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
    )
