"""The same report in any format gives the same audit (issue 4 acceptance, formats).

tests/fixtures/ holds a DOCX and a PDF of every corpus report and of our own table-heavy
report (table_report), made by scripts/make_fixtures.py from the text versions; these
tests audit all three and compare what a reviewer gets:

- the findings, as a multiset of (rule, severity, stated claim as value and unit — or what
  the finding is about when it states no figure — and expected value);
- the money and percent claims, as a multiset of (kind, value, unit): none lost, none
  doubled, none read differently; and every claim's subject, stage, year and source;
- page numbers for PDF input, in Claim.location and in the JSON output;
- bad files through the command line: a scanned PDF, an encrypted PDF and a truncated DOCX
  each give a clear message naming the file and exit 2, and in a folder the good reports
  are still audited;
- what the PDF reader's layout tells the normaliser (paragraph breaks on the page, page
  breaks between), and tables split over pages, on small documents written here.

Line numbers are not compared: each format numbers its own lines (a PDF line is a typeset
line, a DOCX line a Word paragraph), which is why the comparison keys leave them out.
"""
from __future__ import annotations

import ctypes
import io
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from auditor.errors import InputError
from auditor.models import AuditResult, Claim, Finding, SourceDocument, SourceLine, SourceTable
from auditor.normalise import build_document
from auditor.pipeline import audit_file, audit_source
from auditor.read import read_document

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = sorted((ROOT / "corpus" / "reports").glob("*.txt"))
TEXTS = {p.stem: p for p in CORPUS} | {"table_report": FIXTURES / "table_report.txt"}
FORMATS = ("docx", "pdf")
CASES = [pytest.param(stem, fmt, id=f"{stem[:3]}-{fmt}") for stem in TEXTS for fmt in FORMATS]
BAD_FILES = {
    "scanned.pdf": ("no text layer", "OCR is needed"),
    "encrypted.pdf": ("encrypted PDF", "password"),
    "truncated.docx": ("not a readable DOCX", "truncated or corrupt"),
}


@cache
def audited(stem: str, fmt: str) -> AuditResult:
    path = TEXTS[stem] if fmt == "txt" else FIXTURES / f"{stem}.{fmt}"
    return audit_file(str(path))


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def finding_key(finding: Finding) -> tuple:
    """What a finding says, wherever it stands: rule, severity, the stated figure (or the
    heading or section it is about) and what the figure should be."""
    if finding.stated is not None:
        about = (_number(finding.stated.value), finding.stated.unit)
    else:
        about = re.sub(r"\s+", "", finding.subject_text or "")
    return (finding.rule, finding.severity, about, _number(finding.expected))


def amount_key(claim: Claim) -> tuple:
    return (claim.kind, _number(claim.value), claim.unit)


def reading_key(claim: Claim) -> tuple:
    """How a claim was understood: what it states and about what."""
    return (claim.kind, _number(claim.value), claim.unit, claim.subject, claim.stage, claim.year,
            claim.source)


def _differences(expected: Counter, got: Counter) -> str:
    lines = [f"  only in text:   {k} ×{n}" for k, n in (expected - got).items()]
    lines += [f"  only in format: {k} ×{n}" for k, n in (got - expected).items()]
    return "\n".join(lines)


# ------------------------------------------------------------------ same audit in every format


@pytest.mark.parametrize("stem, fmt", CASES)
def test_same_findings_as_the_text_version(stem, fmt):
    expected = Counter(finding_key(f) for f in audited(stem, "txt").findings)
    got = Counter(finding_key(f) for f in audited(stem, fmt).findings)
    assert got == expected, f"{stem}.{fmt} findings differ:\n{_differences(expected, got)}"


@pytest.mark.parametrize("stem, fmt", CASES)
def test_same_money_and_percent_claims_as_the_text_version(stem, fmt):
    def amounts(result: AuditResult) -> Counter:
        return Counter(amount_key(c) for c in result.claims if c.kind in ("money", "percent"))

    expected, got = amounts(audited(stem, "txt")), amounts(audited(stem, fmt))
    assert sum(expected.values()) > 0
    assert got == expected, f"{stem}.{fmt} claims differ:\n{_differences(expected, got)}"


@pytest.mark.parametrize("stem, fmt", CASES)
def test_same_report_facts_as_the_text_version(stem, fmt):
    """Fiscal year, department and kind: read from the title, which a PDF's running header
    repeats on later pages (a header the reader drops, a title it keeps)."""
    assert audited(stem, fmt).facts == audited(stem, "txt").facts


@pytest.mark.parametrize("stem, fmt", CASES)
def test_claims_are_read_the_same_as_in_the_text_version(stem, fmt):
    """Subject, stage, year and source of every claim: a table split over pages keeps its
    title's year on every fragment, a paragraph typeset over lines keeps its subjects."""
    expected = Counter(reading_key(c) for c in audited(stem, "txt").claims)
    got = Counter(reading_key(c) for c in audited(stem, fmt).claims)
    assert got == expected, f"{stem}.{fmt} claims differ:\n{_differences(expected, got)}"


def test_the_comparison_notices_a_changed_finding_or_claim():
    """The keys are not blind: a different expected value or a lost claim shows."""
    from dataclasses import replace

    result = audited("001_94a24ee2049033bb", "pdf")
    finding = next(f for f in result.findings if f.stated is not None)
    moved = replace(finding, expected=(finding.expected or 0) + 0.01)
    assert finding_key(moved) != finding_key(finding)
    claims = Counter(amount_key(c) for c in result.claims)
    fewer = Counter(amount_key(c) for c in result.claims[1:])
    assert claims != fewer


def test_table_report_tables_are_claims_in_every_format():
    """Every figure cell of the table-heavy report is a table claim, in all three formats,
    including the project table that the PDF breaks over two pages."""
    rows = [line.split("\t") for line in TEXTS["table_report"].read_text(encoding="utf-8").splitlines()
            if "\t" in line]
    # every figure right of the first column (which holds row labels, or the 序号 index)
    figures = sum(1 for row in rows for cell in row[1:] if re.fullmatch(r"-?\d+(?:\.\d+)?", cell))
    assert figures > 150
    for fmt in ("txt", *FORMATS):
        result = audited("table_report", fmt)
        assert sum(1 for c in result.claims if c.source == "table") == figures, fmt
    pages = {c.location.page for c in audited("table_report", "pdf").claims
             if c.source == "table" and c.subject and c.subject.endswith("项目")}
    assert pages == {1, 2}


# ------------------------------------------------------------------ page numbers


def _pages(pdf: Path) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


@pytest.mark.parametrize("stem", list(TEXTS), ids=lambda s: s[:3])
def test_pdf_claims_and_findings_carry_a_page(stem):
    result = audited(stem, "pdf")
    pages = set(range(1, _pages(FIXTURES / f"{stem}.pdf") + 1))
    assert result.claims and (result.findings or stem == "table_report")
    assert all(c.location.page in pages for c in result.claims)
    assert all(f.location.page in pages for f in result.findings)
    assert len({c.location.page for c in result.claims}) > 1
    page_of_line = {line.line: line.page for line in result.document.source.lines}
    for claim in result.claims:
        if claim.source == "table":  # a cell's page is its row's page
            assert claim.location.page == page_of_line[claim.location.line], claim


@pytest.mark.parametrize("stem", [s for s in TEXTS if s != "table_report"], ids=lambda s: s[:3])
def test_pdf_claim_page_is_the_page_of_its_line(stem):
    result = audited(stem, "pdf")
    page_of_line = {line.line: line.page for line in result.document.source.lines}
    wrong = [c for c in result.claims if c.location.page != page_of_line[c.location.line]]
    assert not wrong, f"{len(wrong)} claims on another page than their line, e.g. {wrong[0]}"


@pytest.mark.parametrize("fmt", ("txt", "docx"))
def test_unpaged_formats_have_no_page(fmt):
    result = audited("table_report", fmt)
    assert all(c.location.page is None for c in result.claims)
    assert all(f.location.page is None for f in result.findings)


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor.cli", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


def test_json_of_a_pdf_gives_pages_for_claims_and_findings():
    pdf = FIXTURES / "004_15065bceca4ee193.pdf"
    done = _cli("audit", str(pdf), "--format", "json", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)
    pages = set(range(1, _pages(pdf) + 1))
    assert report["claims"] and report["findings"]
    assert all(claim["page"] in pages for claim in report["claims"])
    for finding in report["findings"]:
        assert finding["page"] in pages, finding
        if finding["stated"] is not None:
            assert finding["stated"]["page"] in pages
        assert all(evidence["page"] in pages for evidence in finding["evidence"])
    page_of_line = {line.line: line.page for line in read_document(pdf).lines}
    table_claims = [c for c in report["claims"] if c["source"] == "table"]
    assert all(c["page"] == page_of_line[c["line"]] for c in table_claims)
    assert len({c["page"] for c in table_claims}) > 1  # its tables run over more than one page

    text = _cli("audit", str(TEXTS["004_15065bceca4ee193"]), "--format", "json", "--fail-on", "never")
    (plain,) = json.loads(text.stdout)
    assert all(claim["page"] is None for claim in plain["claims"])


# ------------------------------------------------------------------ bad files on the command line


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_gives_a_clear_error_and_exit_2(name):
    path = FIXTURES / name
    done = _cli("audit", str(path))
    assert done.returncode == 2
    message = next((line for line in done.stderr.splitlines() if line.startswith(f"{path}: ")), "")
    assert message, done.stderr
    for words in BAD_FILES[name]:
        assert words in message
    assert "Traceback" not in done.stderr


def _scan_with_page_numbers(pages: int) -> bytes:
    """What a scanner that stamps page numbers makes: drawings, and text only at the foot."""
    document = pdfium.PdfDocument.new()
    for number in range(1, pages + 1):
        page = document.new_page(595, 842)
        path = pdfium_c.FPDFPageObj_CreateNewPath(100, 700)
        pdfium_c.FPDFPath_LineTo(path, 300, 650)
        pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_NONE, True)
        pdfium_c.FPDFPage_InsertObject(page.raw, path)
        text = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", 9.0)
        wide = ctypes.create_string_buffer(f"- {number} -\0".encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(text, ctypes.cast(wide, pdfium_c.FPDF_WIDESTRING))
        pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, 290, 30)
        pdfium_c.FPDFPage_InsertObject(page.raw, text)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_scan_with_stamped_page_numbers_still_needs_ocr(tmp_path):
    """Its only text is page furniture: not a report to audit, and no silent empty result."""
    path = tmp_path / "stamped.pdf"
    path.write_bytes(_scan_with_page_numbers(3))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "OCR is needed" in caught.value.problem
    done = _cli("audit", str(path))
    assert done.returncode == 2 and f"{path}: " in done.stderr and "OCR" in done.stderr


def test_a_folder_with_bad_files_still_audits_the_good_reports(tmp_path):
    good = {"good_a.txt": TEXTS["002_28eb4580746f11fb"],
            "good_b.pdf": FIXTURES / "003_6c71b144c6e5f7e2.pdf",
            "good_c.docx": FIXTURES / "000_6ede5e79e1532631.docx"}
    bad = {f"bad_{name}": FIXTURES / name for name in BAD_FILES}
    for name, source in {**good, **bad}.items():
        shutil.copyfile(source, tmp_path / name)

    done = _cli("audit", str(tmp_path), "--format", "json")
    assert done.returncode == 2
    reports = {Path(r["path"]).name: r for r in json.loads(done.stdout)}
    assert sorted(reports) == sorted([*good, *bad])
    for name, source in good.items():
        expected = Counter(finding_key(f) for f in audit_file(str(source)).findings)
        assert "error" not in reports[name] and reports[name]["claims"]
        assert len(reports[name]["findings"]) == sum(expected.values()) > 0
        assert sorted(f["rule"] for f in reports[name]["findings"]) == sorted(
            k[0] for k in expected.elements())
    errors = done.stderr.splitlines()
    for name in bad:
        assert reports[name]["error"]
        assert any(line.startswith(f"{tmp_path / name}: ") for line in errors), done.stderr
    assert not any(name in done.stderr for name in good)

    table = _cli("audit", str(tmp_path))  # the default output, as a reviewer sees it
    assert table.returncode == 2
    for name in good:
        assert name in table.stdout
    for name in bad:
        assert f"{tmp_path / name}: " in table.stderr


# ------------------------------------------------------------------ the PDF reader's layout, kept


def _pdf(*pages: list[str]) -> SourceDocument:
    """Lines as the PDF reader writes them: typeset lines, a blank line at each paragraph
    break it sees on the page, and a blank line between pages (on the page it ends)."""
    lines: list[SourceLine] = []
    for number, page in enumerate(pages, 1):
        if lines:
            lines.append(SourceLine(len(lines) + 1, "", number - 1))
        for text in page:
            lines.append(SourceLine(len(lines) + 1, text, number))
    return SourceDocument("laid-out.pdf", "pdf", tuple(lines))


def _text(text: str) -> SourceDocument:
    return SourceDocument("plain.txt", "text",
                          tuple(SourceLine(n, line) for n, line in enumerate(text.split("\n"), 1)))


def _paragraph_texts(source: SourceDocument) -> list[str]:
    return [p.text for p in build_document(source).paragraphs]


def test_a_typeset_line_ending_a_sentence_does_not_end_the_paragraph():
    """The typesetter wrapped after 。; the reader wrote no blank line, so the paragraph goes
    on, and the breakdown in its second sentence is checked against the total in its first."""
    text = "2023 年全年支出 300.00 万元。其中基本支出 100.00 万元，项目支出 150.00 万元。"
    pdf = _pdf(["2023 年全年支出 300.00 万元。", "其中基本支出 100.00 万元，项目支出 150.00 万元。"])
    assert _paragraph_texts(pdf) == _paragraph_texts(_text(text))
    findings = [finding_key(f) for f in audit_source(pdf).findings]
    assert findings == [finding_key(f) for f in audit_source(_text(text)).findings]
    assert [k[0] for k in findings] == ["sum"]


def test_a_blank_line_on_the_page_ends_the_paragraph_whatever_its_last_line_says():
    """Items of a list without final punctuation: the layout put a break between them."""
    pdf = _pdf(["2021 年 7 月，市委网信办举办网络安全大赛，", "市政数局参赛，并荣获一等奖", "",
                "2021 年 10 月，在攻防演练中荣获最佳防守单位"])
    assert _paragraph_texts(pdf) == ["2021年7月，市委网信办举办网络安全大赛，市政数局参赛，并荣获一等奖",
                                     "2021年10月，在攻防演练中荣获最佳防守单位"]


def test_across_a_page_break_the_paragraph_decides_as_in_a_text_report():
    """At a page break the layout says nothing: a paragraph cut mid-sentence goes on (judged
    on the whole paragraph so far, not on its short last line), a finished one does not."""
    cut = _pdf(["1. 负责统筹全区政务信息化建设，拟定建设规划和年", "度建设计划并组织实"],
               ["施。负责全区政务信息化基础设施建设。"])
    assert _paragraph_texts(cut) == _paragraph_texts(_text(
        "1. 负责统筹全区政务信息化建设，拟定建设规划和年度建设计划并组织实\n\n"
        "施。负责全区政务信息化基础设施建设。"))
    assert len(_paragraph_texts(cut)) == 1
    finished = _pdf(["一、部门基本情况", "", "本部门负责全区政务服务工作。"], ["下设机构 3 个。"])
    assert len(_paragraph_texts(finished)) == 3


def test_a_table_split_over_pages_keeps_its_title_year_on_every_fragment():
    """The PDF reader gives one table per page; the title below the last fragment names the
    whole table, as it does for the text version rejoined by the normaliser."""
    header = ("项目", "年初预算数（万元）", "决算数（万元）")
    rows = [("一、财政拨款收入", "300.00", "290.00"), ("二、事业收入", "20.00", "10.00"),
            ("三、其他收入", "0.00", "0.00"), ("合计", "320.00", "300.00")]
    text = "\n".join(["收入情况", "", "\t".join(header), *("\t".join(r) for r in rows[:2]), "",
                      *("\t".join(r) for r in rows[2:]), "", "2024 年部门收入决算表"])
    first, second = [header, *rows[:2]], rows[2:]
    lines = [SourceLine(1, "收入情况", 1), SourceLine(2, "", 1)]
    lines += [SourceLine(3 + i, "\t".join(row), 1, f"t1r{i + 1}") for i, row in enumerate(first)]
    lines += [SourceLine(6, "", 1)]
    lines += [SourceLine(7 + i, "\t".join(row), 2, f"t2r{i + 1}") for i, row in enumerate(second)]
    lines += [SourceLine(9, "", 2), SourceLine(10, "2024 年部门收入决算表", 2)]
    pdf = SourceDocument("split.pdf", "pdf", tuple(lines), (
        SourceTable(tuple(tuple(r) for r in first), (3, 4, 5), 1),
        SourceTable(tuple(tuple(r) for r in second), (7, 8), 2)))

    def cells(source: SourceDocument) -> Counter:
        return Counter(reading_key(c) for c in audit_source(source).claims if c.source == "table")

    expected = cells(_text(text))
    assert sum(expected.values()) == 8 and {k[5] for k in expected} == {2024}
    assert cells(pdf) == expected
