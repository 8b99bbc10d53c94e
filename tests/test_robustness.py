"""Inputs that once crashed or refused the auditor (issue 11): each is audited, or refused
with ``path: problem``; none raises anything else. Inputs are generated, never stored."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import auditor.read.pdf_reader as pdf_reader
from auditor.errors import InputError, display_path
from auditor.models import SourceDocument, SourceLine
from auditor.pipeline import audit_file, audit_text
from auditor.read import read_document
from auditor.read.clean import repair_text

LINE = "2022年部门预算100.00万元，执行数99.00万元，执行率99.00%。\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------ decoding


def test_a_single_nul_byte_is_removed_with_a_warning(tmp_path):
    data = (LINE * 20).encode() + b"\x00" + "其他说明。\n".encode()
    result = audit_file(str(write(tmp_path, "nul.txt", data)))
    assert result.error is None and len(result.claims) == 80  # 4 a line
    assert any("control character" in w for w in result.warnings)


def test_a_few_stray_bytes_are_replaced_with_a_warning(tmp_path):
    data = (LINE * 20).encode() + b"\xff\xfe\x80" + "其他说明。\n".encode()
    document = read_document(write(tmp_path, "stray.txt", data))
    assert "\ufffd" in document.lines[-1].text
    assert document.warnings == ("3 byte sequence(s) not valid UTF-8 replaced by \ufffd",)


def test_stray_bytes_in_a_gbk_report_keep_the_gbk_reading(tmp_path):
    data = (LINE * 20).encode("gbk") + b"\xff" + "其他说明。\n".encode("gbk")
    document = read_document(write(tmp_path, "gbk.txt", data))
    assert document.lines[0].text == LINE.strip()
    assert "GB18030" in document.warnings[0]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(tmp_path, codec):
    document = read_document(write(tmp_path, "wide.txt", (LINE * 5).encode(codec)))
    assert [line.text for line in document.lines] == [LINE.strip()] * 5
    assert document.warnings == ()


def test_many_nul_bytes_are_still_binary(tmp_path):
    with pytest.raises(InputError, match="binary"):
        read_document(write(tmp_path, "data.txt", b"\x00\x01\x02\x03" * 100))


def test_lone_surrogates_from_a_reader_are_replaced(tmp_path, monkeypatch):
    # a PDF text layer with one character outside the BMP, split into halves by the reader
    def fake_read_pdf(path, data):
        lines = (SourceLine(1, "2022年预算\ud83d100万元，执行率99%。", page=1),
                 SourceLine(2, "共\ud83d\ude00项。", page=1))
        return SourceDocument(str(path), "pdf", lines)

    monkeypatch.setattr(pdf_reader, "read_pdf", fake_read_pdf)
    document = read_document(write(tmp_path, "astral.pdf", b"%PDF-1.4\n%%EOF\n"))
    assert document.lines[0].text == "2022年预算\ufffd100万元，执行率99%。"
    assert document.lines[1].text == "共\U0001f600项。"
    assert document.warnings == ("1 broken character(s) (lone UTF-16 surrogates) replaced by \ufffd",)


def test_lone_surrogates_in_text_are_audited():
    result = audit_text("2022年预算\ud83d100万元，执行率99%。")
    assert result.claims and result.warnings
    assert repair_text("a\udc80b") == "a\ufffdb"


# ------------------------------------------------------------ pipeline limits


def test_deep_parentheses_do_not_recurse():
    assert audit_text("(" * 992 + "1万元").claims


def test_a_paragraph_over_spacys_limit():
    result = audit_text("预算支出" * 260_000 + "100万元。")
    assert [c.text for c in result.claims] == ["100万元"]


def test_vertical_tabs_between_year_and_budget(tmp_path):
    # read from a file: only a file keeps \x0b inside the line (str.splitlines breaks there)
    data = ("2020" + "\x0b" * 24980 + "年预算100万元。").encode()
    assert audit_file(str(write(tmp_path, "vt.txt", data))).claims


# ------------------------------------------------------------ limits checked before work


def test_docx_that_inflates_past_the_limit_is_refused_unopened(tmp_path, monkeypatch):
    monkeypatch.setattr("auditor.read.docx_reader.MAX_DOCX_INFLATED", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", "<a/>" + " " * 5000)
    with pytest.raises(InputError, match="limit is"):
        read_document(write(tmp_path, "bomb.docx", buffer.getvalue()))


def test_text_over_the_text_limit_names_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("auditor.read.text_reader.MAX_TEXT_BYTES", 100)
    with pytest.raises(InputError, match="the limit for a text report is"):
        read_document(write(tmp_path, "big.txt", (LINE * 10).encode()))


def test_pdf_over_the_page_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PDF_PAGES", 1)
    pdf = sorted((Path(__file__).parent / "fixtures").glob("*.pdf"))[0]
    with pytest.raises(InputError, match="pages; the limit is 1"):
        read_document(pdf)


# ------------------------------------------------------------ paths


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    name = (str(tmp_path).encode() + b"/\xff\xfe.txt").decode("utf-8", "surrogateescape")
    Path(name).write_text(LINE, encoding="utf-8")
    result = audit_file(name)
    assert result.path == f"{tmp_path}/\\xff\\xfe.txt"
    result.path.encode("utf-8")


def test_display_path_leaves_valid_names_alone():
    assert display_path("报告/2023.txt") == "报告/2023.txt"


def test_a_path_over_255_characters(tmp_path):
    with pytest.raises(InputError, match="cannot read the file"):
        read_document(tmp_path / ("a" * 300))


# ------------------------------------------------------------ cost (these once took minutes)


def _table(rows: int, off_by: float = 100.0) -> str:
    lines = ["2023年度某局部门决算说明", "表1 支出决算表", "项目\t决算数（万元）"]
    total = 0
    for i in range(rows):
        value = 100 + i % 37
        total += value
        lines.append(f"{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{'甲乙丙丁戊己庚辛壬癸'[i // 10 % 10]}"
                     f"{'甲乙丙丁戊己庚辛壬癸'[i // 100 % 10]}{'甲乙丙丁戊己庚辛壬癸'[i // 1000]}经费\t{value:.2f}")
    lines.append(f"合计\t{total + off_by:.2f}")
    return "\n".join(lines) + "\n"


def test_a_long_table_whose_total_does_not_foot():
    # rows³ in the search for unmarked breakdowns (600 rows: 21 s), and the root cause
    # analysis re-adding the whole column for every row (1,040 rows)
    for rows in (600, 1040):
        result = audit_text(_table(rows))
        assert [f.rule for f in result.findings] == ["table_sum"]


def test_a_report_repeated_eight_times():
    text = sorted((Path(__file__).resolve().parents[1] / "corpus" / "reports").glob("*.txt"))[3]
    once = audit_text(text.read_text(encoding="utf-8"))
    eight = audit_text("\n\n".join([text.read_text(encoding="utf-8")] * 8))
    assert len(eight.claims) == 8 * len(once.claims)


def test_a_50_megabyte_text_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(50 * 2**20 + 1)  # sparse: nothing written, nothing to read
    with pytest.raises(InputError, match="the limit is 50 MB"):
        read_document(big)
    exactly = tmp_path / "fifty.txt"
    with exactly.open("wb") as file:
        file.truncate(50 * 2**20)
    with pytest.raises(InputError, match="the limit for a text report is 6 MB"):
        read_document(exactly)
