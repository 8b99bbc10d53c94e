"""Plain-text reports (.txt, .md, anything that decodes as text)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from auditor.errors import InputError
from auditor.limits import MAX_TEXT_BYTES, megabytes
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
# A few stray control characters or undecodable bytes happen in real exports (a NUL from a
# bad copy, a byte cut from a multi-byte character): up to MAX_STRAY of them, or this share
# of the text when it is longer, are dropped or replaced with a warning; more mean binary.
MAX_CONTROL_SHARE = 0.001
MAX_STRAY = 16
REPLACEMENT = "\ufffd"
# A GB18030 or guessed decoding is accepted only if this share of its characters is
# ordinary text (see _is_ordinary); below it the bytes were not in that encoding.
MIN_ORDINARY_SHARE = 0.97


def read_text(path: str | Path, data: bytes) -> SourceDocument:
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(
            path, f"text too large ({megabytes(len(data))}; the limit for a text report is "
                  f"{MAX_TEXT_BYTES / 2**20:.0f} MB): is this really a report?")
    decoded = decode(path, data)
    text = decoded.text
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    pieces = LINE_BREAK.split(text)
    if pieces and pieces[-1] == "":
        pieces.pop()  # the break ending the last line does not open another one
    lines = tuple(SourceLine(line=i, text=piece) for i, piece in enumerate(pieces, 1))
    return SourceDocument(path=str(path), format="text", lines=lines, warnings=decoded.warnings)


@dataclass(frozen=True)
class Decoded:
    text: str
    warnings: tuple[str, ...] = ()


def decode(path: str | Path, data: bytes) -> Decoded:
    """Decode report bytes: BOM, else UTF-16 by its NUL pattern, else UTF-8, else GB18030
    (covers GBK/GB2312), else either of these with a few stray bytes replaced, else a guess."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return _checked(path, data[len(bom):].decode(codec))
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"not valid {codec.upper()} text despite its byte-order mark ({exc.reason})"
                ) from exc
    wide = _utf16_without_bom(data)
    if wide is not None:
        return _checked(path, wide)
    try:
        return _checked(path, data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = _gb18030(data)
    if text is not None and _ordinary_share(text) >= MIN_ORDINARY_SHARE:
        return _checked(path, text)
    for codec in ("utf-8", "gb18030"):
        repaired = _with_stray_bytes(path, data, codec)
        if repaired is not None:
            return repaired
    text = _guessed(data)
    if text is not None and _ordinary_share(text) >= MIN_ORDINARY_SHARE:
        return _checked(path, text)
    raise InputError(
        path, "cannot decode the text: not UTF-8 nor GB18030/GBK (binary content or an unknown encoding)"
    )


def _stray_limit(length: int) -> int:
    return max(MAX_STRAY, int(MAX_CONTROL_SHARE * length))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: ASCII characters (digits, line breaks)
    put a NUL in every other byte, all on one side; the decoding must then read as text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < len(data) // 20 or min(even, odd) > max(even, odd) // 20:
        return None
    try:
        text = data.decode("utf-16-be" if even > odd else "utf-16-le")
    except UnicodeDecodeError:
        return None
    return text if _ordinary_share(text) >= MIN_ORDINARY_SHARE else None


def _with_stray_bytes(path: str | Path, data: bytes, codec: str) -> Decoded | None:
    """Text in ``codec`` but for a few bytes that are not (a damaged copy, a stray byte from
    a bad export): those are replaced by U+FFFD and the report is audited, with a warning."""
    text = data.decode(codec, "replace")
    stray = text.count(REPLACEMENT) - data.decode(codec, "ignore").count(REPLACEMENT)
    if stray > _stray_limit(len(text)) or _ordinary_share(text) < MIN_ORDINARY_SHARE:
        return None
    checked = _checked(path, text)
    warning = f"{stray} byte sequence(s) not valid {codec.upper()} replaced by {REPLACEMENT}"
    return Decoded(checked.text, (warning, *checked.warnings))


def _gb18030(data: bytes) -> str | None:
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _guessed(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best)


def _checked(path: str | Path, text: str) -> Decoded:
    """The text without stray control characters (a NUL, a form feed's cousins), which are
    removed with a warning; more than a few mean binary content, refused."""
    controls = len(BINARY_CONTROL.findall(text))
    if not controls:
        return Decoded(text)
    if controls > _stray_limit(len(text)):
        what = "NUL bytes" if "\x00" in text else "control characters"
        raise InputError(path, f"binary content ({what}): not a text report")
    return Decoded(BINARY_CONTROL.sub("", text),
                   (f"{controls} stray control character(s) removed (NUL and the like)",))


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
