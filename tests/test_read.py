"""The read stage: text, DOCX and PDF files into SourceDocument, and every way a file can fail.

Fixtures in tests/fixtures/ are made by scripts/make_fixtures.py from corpus/reports/*.txt
and from a table-heavy report of our own (table_report.txt); smaller inputs are written
by the tests themselves.
"""
from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from docx.oxml import OxmlElement

import auditor.read as read_module
from auditor.errors import InputError
from auditor.models import SourceDocument
from auditor.read import read_document
from auditor.read.cells import join_wrapped, row_line

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = sorted((ROOT / "corpus" / "reports").glob("*.txt"))
CORPUS_WITH_TABLES = [p for p in CORPUS if "\t" in p.read_text(encoding="utf-8")]

REPORT = (
    "某区财政局 2023 年度部门整体支出绩效自评报告\n"
    "\n"
    "一、部门基本情况\n"
    "2023 年度部门收入合计 1,234.56 万元，其中财政拨款收入 1,000.00 万元，占 81.00％。\n"
    "项目\t年初预算数（万元）\t决算数（万元）\n"
    "基本支出\t800.00\t795.30\n"
    "合计\t1234.56\t1200.00\n"
    "“三公”经费控制率为 95.5%，较上年下降 2.1 个百分点。\n"
)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def problem(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value.problem


def texts(document: SourceDocument) -> list[str]:
    return [line.text for line in document.lines]


# ------------------------------------------------------------------ text


def test_text_lines_are_numbered_from_one_and_keep_blank_lines(tmp_path):
    document = read_document(write(tmp_path, "report.txt", REPORT))
    assert document.format == "text"
    assert document.path == str(tmp_path / "report.txt")
    assert texts(document) == REPORT.split("\n")[:-1]  # the final newline ends a line, opens none
    assert [line.line for line in document.lines] == list(range(1, 9))
    assert document.lines[1].text == ""
    assert document.lines[4].text == "项目\t年初预算数（万元）\t决算数（万元）"
    assert all(line.page is None and line.where is None for line in document.lines)
    assert document.tables == ()  # text tables are the normaliser's to find


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_each_line_ending_gives_the_same_lines(tmp_path, newline):
    document = read_document(write(tmp_path, "report.txt", REPORT.replace("\n", newline)))
    assert texts(document) == REPORT.split("\n")[:-1]


def test_mixed_line_endings_and_no_final_newline(tmp_path):
    document = read_document(write(tmp_path, "mixed.txt", "甲 1 万元\r\n乙 2 万元\r丙 3 万元\n\n丁"))
    assert texts(document) == ["甲 1 万元", "乙 2 万元", "丙 3 万元", "", "丁"]


def test_utf8_bom_is_not_part_of_the_first_line(tmp_path):
    document = read_document(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + REPORT.encode("utf-8")))
    assert document.lines[0].text == "某区财政局 2023 年度部门整体支出绩效自评报告"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "gb2312"])
def test_chinese_legacy_encodings_read_back_identical_to_utf8(tmp_path, encoding):
    utf8 = read_document(write(tmp_path, "utf8.txt", REPORT))
    legacy = read_document(write(tmp_path, f"{encoding}.txt", REPORT.encode(encoding)))
    assert texts(legacy) == texts(utf8)


def test_gb18030_four_byte_characters_decode(tmp_path):
    # 䶮 (CJK extension A) and € need GB18030's four-byte sequences; GBK has neither.
    text = "䶮字项目预算 12.5 万元（约 €1.6 万）\n"
    document = read_document(write(tmp_path, "rare.txt", text.encode("gb18030")))
    assert texts(document) == [text.strip()]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_byte_order_mark(tmp_path, encoding):
    data = REPORT.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # the -be codec writes no BOM of its own
    document = read_document(write(tmp_path, "wide.txt", data))
    assert texts(document) == REPORT.split("\n")[:-1]


@pytest.mark.parametrize("name", ["report.md", "report", "report.report", "REPORT.TXT"])
def test_any_text_file_is_read_whatever_its_extension(tmp_path, name):
    document = read_document(write(tmp_path, name, "# 标题\n\n正文 3 项。\n"))
    assert document.format == "text"
    assert texts(document) == ["# 标题", "", "正文 3 项。"]


def test_missing_file(tmp_path):
    assert problem(tmp_path / "nowhere.txt") == "file not found"


def test_directory(tmp_path):
    assert "directory" in problem(tmp_path)


def test_empty_file(tmp_path):
    assert problem(write(tmp_path, "empty.txt", b"")) == "empty file"


@pytest.mark.parametrize("content", [" \n\t\n", "\r\n\r\n", "\u3000\u3000\n"])
def test_whitespace_only_file(tmp_path, content):
    assert "empty" in problem(write(tmp_path, "blank.txt", content))


def test_nul_bytes_are_binary(tmp_path):
    assert "binary" in problem(write(tmp_path, "data.txt", b"abc\x00\x01\x02def" * 10))


def test_control_characters_are_binary(tmp_path):
    assert "binary" in problem(write(tmp_path, "data.txt", bytes(range(1, 32)) * 20))


def test_bytes_in_no_known_encoding(tmp_path):
    # 0x80 and 0xFF start no GB18030 character, and no guess yields Chinese text.
    data = bytes([0x80, 0xFF, 0xFE, 0x81, 0x30, 0xFF]) * 50
    message = problem(write(tmp_path, "odd.txt", data))
    assert "decode" in message or "binary" in message


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "MAX_BYTES", 100)
    message = problem(write(tmp_path, "big.txt", "数" * 50))  # 150 bytes
    assert "too large" in message


def test_size_limit_is_fifty_megabytes():
    assert read_module.MAX_BYTES == 50 * 1024 * 1024


def test_text_with_pdf_extension_is_refused(tmp_path):
    assert "not a PDF" in problem(write(tmp_path, "report.pdf", REPORT))


def test_text_with_docx_extension_is_refused(tmp_path):
    assert "not a readable DOCX" in problem(write(tmp_path, "report.docx", REPORT))


def test_pdf_bytes_under_a_text_name_are_read_as_pdf(tmp_path):
    source = (FIXTURES / "table_report.pdf").read_bytes()
    document = read_document(write(tmp_path, "report.txt", source))
    assert document.format == "pdf"
    assert document.tables


def test_docx_bytes_under_another_name_are_read_as_docx(tmp_path):
    source = (FIXTURES / "table_report.docx").read_bytes()
    document = read_document(write(tmp_path, "report.dat", source))
    assert document.format == "docx"


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG image"),
        ("{\\rtf1\\ansi 报告}".encode("gbk"), "RTF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "legacy Office file"),
    ],
)
def test_other_formats_are_named(tmp_path, data, words):
    assert words in problem(write(tmp_path, "report.txt", data))


# ------------------------------------------------------------------ DOCX


def save(document, tmp_path: Path, name: str = "made.docx") -> Path:
    path = tmp_path / name
    document.save(path)
    return path


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    made = docx.Document()
    made.add_paragraph("一、收支情况")
    made.add_paragraph("")
    made.add_paragraph("全年支出 500.00 万元。")
    table = made.add_table(rows=2, cols=3)
    for c, text in enumerate(["项目", "预算数", "决算数"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["合计", "510.00", "500.00"]):
        table.cell(1, c).text = text
    made.add_paragraph("二、绩效情况")
    document = read_document(save(made, tmp_path))

    assert document.format == "docx"
    assert texts(document) == [
        "一、收支情况", "", "全年支出 500.00 万元。",
        "项目\t预算数\t决算数", "合计\t510.00\t500.00", "二、绩效情况",
    ]
    assert [line.where for line in document.lines] == ["p1", "p2", "p3", "t1r1", "t1r2", "p4"]
    assert [line.line for line in document.lines] == [1, 2, 3, 4, 5, 6]
    (only,) = document.tables
    assert only.rows == (("项目", "预算数", "决算数"), ("合计", "510.00", "500.00"))
    assert only.lines == (4, 5)
    assert only.page is None


def test_docx_merged_cells_give_their_text_once_on_the_grid(tmp_path):
    made = docx.Document()
    table = made.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"  # vertical
    table.cell(0, 1).merge(table.cell(0, 2)).text = "预算数（万元）"  # horizontal
    table.cell(0, 3).merge(table.cell(1, 3)).text = "执行率（%）"
    table.cell(1, 1).text, table.cell(1, 2).text = "年初", "调整"
    for c, text in enumerate(["基本支出", "90.00", "95.00", "98.00"]):
        table.cell(2, c).text = text
    merged = table.cell(3, 1).merge(table.cell(3, 3))  # a note across three columns
    table.cell(3, 0).text, merged.text = "说明", "无"
    document = read_document(save(made, tmp_path))

    (found,) = document.tables
    assert found.rows == (
        ("项目", "预算数（万元）", "", "执行率（%）"),
        ("", "年初", "调整", ""),
        ("基本支出", "90.00", "95.00", "98.00"),
        ("说明", "无", "", ""),
    )
    assert [document.lines[n - 1].text for n in found.lines] == [row_line(r) for r in found.rows]


def test_docx_line_breaks_tabs_and_multi_paragraph_cells(tmp_path):
    made = docx.Document()
    paragraph = made.add_paragraph("第一行")
    paragraph.add_run().add_break()
    paragraph.add_run("第二行\t12 个")
    table = made.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "年初预算数"
    table.cell(0, 0).add_paragraph("（万元）")
    table.cell(0, 1).text = "Excel"
    table.cell(0, 1).add_paragraph("report")
    document = read_document(save(made, tmp_path))
    assert texts(document) == ["第一行", "第二行\t12 个", "年初预算数（万元）\tExcel report"]
    assert [line.where for line in document.lines] == ["p1", "p1", "t1r1"]


def _run(text: str, tag: str = "w:t"):
    run = OxmlElement("w:r")
    element = OxmlElement(tag)
    element.text = text
    run.append(element)
    return run


def test_docx_tracked_changes_hyperlinks_and_content_controls(tmp_path):
    made = docx.Document()
    paragraph = made.add_paragraph("预算 ")
    inserted = OxmlElement("w:ins")
    inserted.append(_run("120.5"))
    deleted = OxmlElement("w:del")
    deleted.append(_run("99.9", "w:delText"))
    link = OxmlElement("w:hyperlink")
    link.append(_run(" 万元"))
    for element in (deleted, inserted, link):
        paragraph._p.append(element)
    # a paragraph inside a block-level content control
    control = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    inner = OxmlElement("w:p")
    inner.append(_run("控件内文字"))
    content.append(inner)
    control.append(content)
    made.element.body.insert(1, control)
    document = read_document(save(made, tmp_path))
    assert texts(document) == ["预算 120.5 万元", "控件内文字"]


@pytest.mark.parametrize("report", CORPUS, ids=lambda p: p.stem[:3])
def test_docx_fixture_of_a_corpus_report_has_its_lines(report):
    expected = read_document(report)
    document = read_document(FIXTURES / f"{report.stem}.docx")
    narrative = [squash(t) for t in texts(expected) if "\t" not in t and t.strip()]
    got = [squash(line.text) for line in document.lines if line.where.startswith("p") and line.text.strip()]
    assert narrative and got == narrative
    rows = [tuple(t.split("\t")) for t in texts(expected) if "\t" in t]
    # the generator pads short rows to the table's width
    found = [row[: len(want)] for row, want in zip((r for t in document.tables for r in t.rows), rows)]
    assert found == rows
    assert sum(len(t.rows) for t in document.tables) == len(rows)


def _txt_tables(path: Path) -> list[list[tuple[str, ...]]]:
    """Tab-separated runs of a text report, each a table."""
    tables, run = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            run.append(tuple(line.split("\t")))
        elif run:
            tables.append(run)
            run = []
    return tables + ([run] if run else [])


def test_docx_table_report_tables_cell_for_cell():
    expected = _txt_tables(FIXTURES / "table_report.txt")
    document = read_document(FIXTURES / "table_report.docx")
    assert [list(t.rows) for t in document.tables] == expected
    header = document.tables[1].rows[:2]
    assert header == (
        ("项目（按支出性质）", "预算数（万元）", "", "决算数（万元）", "执行率（%）", "占总支出比例（%）"),
        ("", "年初预算数", "调整预算数", "", "", ""),
    )
    projects = document.tables[2]  # runs over pages in print, but is one table in Word
    assert projects.rows[0][1] == "项目名称"
    assert sum(1 for row in projects.rows if row[1] == "项目名称") == 1
    assert projects.rows[-1][1] == "合计"


def test_truncated_docx_fixture():
    assert "not a readable DOCX" in problem(FIXTURES / "truncated.docx")


def test_encrypted_docx_fixture():
    assert "encrypted" in problem(FIXTURES / "encrypted.docx")


def _rezip(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            if name in replace:
                if replace[name] is not None:
                    new.writestr(name, replace[name])
            else:
                new.writestr(name, old.read(name))
    return target


def test_docx_without_main_part(tmp_path):
    path = _rezip(FIXTURES / "table_report.docx", tmp_path / "hollow.docx", {"word/document.xml": None})
    assert "not a readable DOCX" in problem(path)


def test_docx_with_broken_xml(tmp_path):
    broken = b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p>'
    path = _rezip(FIXTURES / "table_report.docx", tmp_path / "broken.docx", {"word/document.xml": broken})
    assert "not a readable DOCX" in problem(path)


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "data.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    assert "without word/document.xml" in problem(path)


def test_docx_with_no_text(tmp_path):
    made = docx.Document()
    made.add_paragraph("")
    made.add_table(rows=1, cols=2)
    assert "empty" in problem(save(made, tmp_path))


# ------------------------------------------------------------------ PDF


def _blocks(lines, keep_pages: bool = False):
    """Narrative paragraphs: runs of non-blank, non-table lines, whitespace removed."""
    blocks, current, pages = [], [], []
    for line in lines:
        if "\t" in line.text or not line.text.strip():
            if current:
                blocks.append(("".join(current), pages[0], pages[-1]))
                current, pages = [], []
            continue
        current.append(squash(line.text))
        pages.append(line.page)
    if current:
        blocks.append(("".join(current), pages[0], pages[-1]))
    return blocks if keep_pages else [b[0] for b in blocks]


@pytest.fixture(scope="module")
def pdf_documents() -> dict[str, SourceDocument]:
    return {p.stem: read_document(p) for p in sorted(FIXTURES.glob("*.pdf"))
            if p.stem not in ("scanned", "encrypted")}


@pytest.mark.parametrize("report", CORPUS, ids=lambda p: p.stem[:3])
def test_pdf_fixture_of_a_corpus_report_has_its_text(report, pdf_documents):
    expected = read_document(report)
    document = pdf_documents[report.stem]
    assert document.format == "pdf"
    narrative = squash("".join(t for t in texts(expected) if "\t" not in t))
    got = squash("".join(line.text for line in document.lines if not (line.where or "").startswith("t")))
    assert narrative and got == narrative


@pytest.mark.parametrize("report", CORPUS, ids=lambda p: p.stem[:3])
def test_pdf_lines_carry_pages_with_a_blank_line_between_pages(report, pdf_documents):
    document = pdf_documents[report.stem]
    assert [line.line for line in document.lines] == list(range(1, len(document.lines) + 1))
    pages = [line.page for line in document.lines]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-1] > 1
    for before, after in zip(document.lines, document.lines[1:]):
        if after.page != before.page:
            assert before.text == "", f"no blank line before page {after.page}"


@pytest.mark.parametrize("report", CORPUS, ids=lambda p: p.stem[:3])
def test_pdf_paragraphs_are_rebuilt_from_layout(report, pdf_documents):
    """Blank lines mark paragraph breaks as in the text reports; the only other breaks
    are page breaks, which the text reports also show as blank lines."""
    wanted = _blocks(read_document(report).lines)
    got = _blocks(pdf_documents[report.stem].lines, keep_pages=True)
    rebuilt, i = [], 0
    while i < len(got):
        text, _, last_page = got[i]
        # a paragraph the page break cut in two
        while text not in wanted and i + 1 < len(got) and got[i + 1][1] == last_page + 1:
            i += 1
            text, last_page = text + got[i][0], got[i][2]
        rebuilt.append(text)
        i += 1
    assert rebuilt == wanted


@pytest.mark.parametrize("report", CORPUS_WITH_TABLES, ids=lambda p: p.stem[:3])
def test_pdf_tables_of_a_corpus_report(report, pdf_documents):
    document = pdf_documents[report.stem]
    wanted = [tuple(squash(c) for c in line.split("\t")) for line in texts(read_document(report)) if "\t" in line]
    found = [tuple(squash(c) for c in row) for table in document.tables for row in table.rows]
    found = [row[: len(want)] for row, want in zip(found, wanted)]  # generator pads short rows
    assert found == wanted


def test_pdf_table_report_paragraphs_exactly(pdf_documents):
    expected = read_document(FIXTURES / "table_report.txt")
    assert _blocks(pdf_documents["table_report"].lines) == _blocks(expected.lines)


def test_pdf_table_report_tables_cell_for_cell(pdf_documents):
    document = pdf_documents["table_report"]
    income, spending, projects, three_public = _txt_tables(FIXTURES / "table_report.txt")
    tables = document.tables
    assert len(tables) == 5  # the project table is cut by a page break
    assert list(tables[0].rows) == income
    assert list(tables[1].rows) == spending
    assert tables[1].rows[:2] == (
        ("项目（按支出性质）", "预算数（万元）", "", "决算数（万元）", "执行率（%）", "占总支出比例（%）"),
        ("", "年初预算数", "调整预算数", "", "", ""),
    )
    first, second = tables[2], tables[3]
    assert (first.page, second.page) == (1, 2)
    assert second.rows[0] == first.rows[0] == projects[0]  # header repeated on the new page
    assert list(first.rows) + list(second.rows[1:]) == projects
    assert list(tables[4].rows) == three_public


def test_pdf_table_rows_are_lines_and_not_repeated_as_text(pdf_documents):
    document = pdf_documents["table_report"]
    by_number = {line.line: line for line in document.lines}
    for t, table in enumerate(document.tables, 1):
        assert len(table.lines) == len(table.rows)
        for r, (number, row) in enumerate(zip(table.lines, table.rows), 1):
            line = by_number[number]
            assert line.text == row_line(row)
            assert line.where == f"t{t}r{r}" and line.page == table.page
    plain = "".join(line.text for line in document.lines if line.where is None)
    for cell in ("政务云平台运维项目", "公务接待费", "因公出国（境）费", "一、一般公共预算财政拨款收入",
                 "年初预算数（万元）"):
        assert cell not in plain


def test_pdf_reading_is_deterministic(pdf_documents):
    assert read_document(FIXTURES / "table_report.pdf") == pdf_documents["table_report"]


def test_pdf_with_only_an_owner_password_is_read(pdf_documents):
    document = pdf_documents["permissions_only"]
    assert any("收入决算表" in line.text for line in document.lines)
    assert document.tables[0].rows[0][0] == "项目"


def test_encrypted_pdf_fixture():
    assert "encrypted PDF" in problem(FIXTURES / "encrypted.pdf")


def test_scanned_pdf_fixture():
    assert problem(FIXTURES / "scanned.pdf") == "no text layer (scanned PDF?): OCR is needed"


def test_truncated_pdf(tmp_path):
    data = (FIXTURES / "table_report.pdf").read_bytes()
    message = problem(write(tmp_path, "cut.pdf", data[: len(data) // 2]))
    assert "truncated" in message


def test_pdf_with_a_corrupt_body(tmp_path):
    data = (FIXTURES / "table_report.pdf").read_bytes()
    corrupt = data[:20] + b"\x00garbage" * ((len(data) - 40) // 8) + data[-20:]
    assert "broken PDF" in problem(write(tmp_path, "corrupt.pdf", corrupt))


def _pdf_bytes(draw=None) -> bytes:
    document = pdfium.PdfDocument.new()
    page = document.new_page(595, 842)
    if draw:
        draw(page)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdf_with_blank_pages(tmp_path):
    assert "no text on any page" in problem(write(tmp_path, "blank.pdf", _pdf_bytes()))


def test_pdf_with_drawings_but_no_text_needs_ocr(tmp_path):
    # what a scan vectorised, or text converted to outlines, leaves: paths and no text
    def draw(page):
        path = pdfium_c.FPDFPageObj_CreateNewPath(100, 700)
        pdfium_c.FPDFPath_LineTo(path, 300, 700)
        pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_NONE, True)
        pdfium_c.FPDFPage_InsertObject(page, path)
        pdfium_c.FPDFPage_GenerateContent(page)

    assert "OCR is needed" in problem(write(tmp_path, "outlines.pdf", _pdf_bytes(draw)))


# ------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    "parts, joined",
    [
        (["年初预算数", "（万元）"], "年初预算数（万元）"),
        (["1,234,5", "67.89"], "1,234,567.89"),
        (["Excel", "report"], "Excel report"),
        (["  决算数 ", "", "(万元)"], "决算数(万元)"),
        ([], ""),
    ],
)
def test_join_wrapped(parts, joined):
    assert join_wrapped(parts) == joined


def test_row_line_keeps_empty_cells_and_no_inner_tabs():
    assert row_line(("项目", "", "a\tb")) == "项目\t\ta b"


# ------------------------------------------------------------------ fixtures stay current


def test_committed_fixtures_match_the_generator(tmp_path):
    """The committed fixtures read as freshly generated ones do (needs the generator's tools)."""
    pytest.importorskip("reportlab")
    pytest.importorskip("msoffcrypto")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    make_fixtures = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = make_fixtures  # dataclasses look their module up there
    try:
        spec.loader.exec_module(make_fixtures)
    finally:
        del sys.modules[spec.name]
    if not make_fixtures.DEFAULT_FONT.exists():
        pytest.skip("no CJK font for the generator")
    make_fixtures.main(["--out", str(tmp_path)])
    committed = sorted(p.name for p in FIXTURES.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    assert (tmp_path / "table_report.txt").read_text(encoding="utf-8") == (
        FIXTURES / "table_report.txt").read_text(encoding="utf-8")
    for name in [n for n in committed if n.endswith(".docx") and n not in ("truncated.docx", "encrypted.docx")]:
        assert read_document(tmp_path / name) == _with_path(read_document(FIXTURES / name), tmp_path / name)
    fresh = read_document(tmp_path / "table_report.pdf")
    assert fresh == _with_path(read_document(FIXTURES / "table_report.pdf"), tmp_path / "table_report.pdf")


def _with_path(document: SourceDocument, path: Path) -> SourceDocument:
    from dataclasses import replace

    return replace(document, path=str(path))


def test_pdf_rotated_pages_read_as_upright_ones(tmp_path, pdf_documents):
    """A page stored sideways and shown upright by /Rotate (as scanners and some exporters
    make landscape pages) reads as the upright page: same lines, same tables."""
    document = pdfium.PdfDocument(FIXTURES / "table_report.pdf")
    # Only the first page: PDFium's regenerated content streams confuse pdfminer's font
    # lookup on later pages of this file (a test-setup artefact, not the reader's).
    for page in [document[0]]:
        width, height = page.get_width(), page.get_height()
        # turn the content a quarter anticlockwise onto a landscape sheet ...
        turn = pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0)
        for obj in list(page.get_objects(max_depth=1)):
            obj.transform(turn)
        page.set_mediabox(0, 0, height, width)
        page.gen_content()
        page.set_rotation(90)  # ... and have viewers turn it back clockwise
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    rotated = read_document(write(tmp_path, "rotated.pdf", buffer.getvalue()))
    upright = pdf_documents["table_report"]

    def first_page(document):
        return [t.rows for t in document.tables if t.page == 1], _blocks(l for l in document.lines if l.page == 1)

    tables, blocks = first_page(rotated)
    assert len(tables) == 3 and len(blocks) > 5
    assert (tables, blocks) == first_page(upright)


def test_pdf_whose_fonts_give_no_text_is_refused(monkeypatch):
    # Fonts without a Unicode mapping make a text layer of glyph numbers; PDFium flags
    # each such character. Simulate a file where it flags all of them.
    monkeypatch.setattr(pdfium_c, "FPDFText_HasUnicodeMapError", lambda textpage, index: 1)
    assert "cannot be decoded" in problem(FIXTURES / "002_28eb4580746f11fb.pdf")
