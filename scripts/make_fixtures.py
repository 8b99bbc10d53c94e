"""Generate the document fixtures in tests/fixtures/ (run from anywhere):

    python scripts/make_fixtures.py [--font PATH]

Writes, for every corpus/reports/*.txt, a DOCX (python-docx) and a PDF (reportlab) of the
same report: narrative lines become paragraphs, runs of tab-separated lines become real
tables. The text reports were extracted from paged documents and show each page break as a
blank line, some of them inside a paragraph or a table (the auditor's normaliser joins
those); the PDF breaks its page at exactly those places, so that its paragraphs and tables
run over a page break where the report's did. Like most real reports, the corpus PDFs
carry page furniture: a page number at the foot of every page ("- 3 -") and, from page 2
on, a running header repeating the report's title; the table report numbers its pages
"第 3 页". Also writes a table-heavy report of our own (table_report.txt/.docx/.pdf, with
merged header cells and a table that runs over a page break with its header repeated),
and bad inputs: a scanned (image-only) PDF, an encrypted PDF, a PDF with only an owner
password (readable), a truncated DOCX and a password-protected DOCX.

Needs reportlab (PDF), msoffcrypto-tool (encrypted DOCX) and a CJK TrueType font
(Debian: fonts-wqy-zenhei) — generation tools only, the auditor does not use them.

Deterministic as far as the libraries allow: reportlab runs in invariant mode, DOCX
packages are re-zipped with fixed timestamps, the table figures come from a seeded
generator. The one exception is encrypted.docx: msoffcrypto-tool draws a random salt.
"""
from __future__ import annotations

import argparse
import io
import random
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "reports"
OUT = ROOT / "tests" / "fixtures"

DEFAULT_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
EMBEDDED_FONT = "WQYZenHei"  # a TrueType font embedded as a subset, as most real PDFs have
CID_FONT = "STSong-Light"  # a standard CJK font referenced, not embedded: keeps PDFs tiny
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_DATE = datetime(2024, 1, 1)
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
PASSWORD = "secret"


# ------------------------------------------------------------------ document model


@dataclass
class TableBlock:
    rows: list[list[str]]
    header_rows: int = 0
    # (first row, first col, last row, last col), 0-based, inclusive; the text sits in
    # the first cell of the span and the others are empty
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    repeat_header: bool = False


@dataclass(frozen=True)
class PageBreakMark:
    """Where the text report's page broke inside a paragraph or a table (PDF only)."""


PAGE_BREAK = PageBreakMark()


def blocks_from_text(text: str) -> list:
    """A text report as blocks: narrative lines, runs of tab-separated lines as tables, and a
    PAGE_BREAK after each line where the report's page broke inside a paragraph or table."""
    breaks = page_breaks_inside(text)
    blocks: list = []
    run: list[list[str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if "\t" in line:
            run.append(line.split("\t"))
        else:
            if run:
                blocks.append(_table(run))
                run = []
            blocks.append(line)
        if number in breaks:
            if run:
                blocks.append(_table(run))
                run = []
            blocks.append(PAGE_BREAK)
    if run:
        blocks.append(_table(run))
    return blocks


def page_breaks_inside(text: str) -> set[int]:
    """Lines after which a paragraph or a table goes on past blank lines: there the report's
    page broke. Read by the auditor's own normaliser, which is what joins them in the text."""
    from auditor.models import SourceDocument, SourceLine
    from auditor.normalise import build_document

    lines = tuple(SourceLine(n, line) for n, line in enumerate(text.splitlines(), 1))
    document = build_document(SourceDocument("<report>", "text", lines))
    runs = [sorted({line for line, _ in p.origins}) for p in document.paragraphs]
    runs += [sorted({row[0].line for row in table.rows if row}) for table in document.tables]
    return {a for numbers in runs for a, b in zip(numbers, numbers[1:]) if b > a + 1}


def _table(rows: list[list[str]]) -> TableBlock:
    width = max(len(row) for row in rows)
    return TableBlock(rows=[row + [""] * (width - len(row)) for row in rows])


# ------------------------------------------------------------------ our table report


def _yuan(cents: int) -> str:
    return f"{cents / 100:.2f}"


def _percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.2f}" if whole else "0.00"


def _grouped(cents: int) -> str:
    return f"{cents / 100:,.2f}"


PROJECT_AREAS = (
    "政务云平台", "电子政务外网", "数据共享交换平台", "一网通办系统", "政务服务热线", "视频会议系统",
    "公共资源交易平台", "网络安全防护", "城市运行管理平台", "电子证照系统", "统一身份认证平台",
    "政务数据中台", "协同办公系统", "档案数字化",
)
PROJECT_KINDS = (("运维", "信息化运维类"), ("升级改造", "信息化新建类"), ("专项服务", "业务工作类"))


def table_report_blocks() -> list:
    """A 决算说明 with the tables reviewers cross-foot, its figures consistent throughout."""
    rng = random.Random(20240101)
    projects = []  # (name, category, initial, adjusted, final) in cents
    for area in PROJECT_AREAS:
        for kind, category in PROJECT_KINDS:
            if rng.random() < 0.2:
                continue
            initial = rng.randrange(500, 30000)  # 5.00 to 300.00 万元
            adjusted = max(0, initial + rng.randrange(-300, 300) * 10)
            final = adjusted - rng.randrange(0, max(1, adjusted // 20))
            projects.append((f"{area}{kind}项目", category, initial, adjusted, final))

    def total(items, column):
        return sum(item[column] for item in items)

    categories = [
        (category, [p for p in projects if p[1] == category]) for _, category in PROJECT_KINDS
    ]
    staff = ("人员经费", 218050, 223618, 223107)
    office = ("公用经费", 31620, 29844, 28795)
    basic = ("一、基本支出",) + tuple(staff[i] + office[i] for i in (1, 2, 3))
    project_sum = ("二、项目支出",) + tuple(total(projects, i) for i in (2, 3, 4))
    spending = ("本年支出合计",) + tuple(basic[i] + project_sum[i] for i in (1, 2, 3))

    # Income: the general budget allocation is what is left once the other sources are
    # counted, so that income and spending balance.
    others = [("二、政府性基金预算拨款收入", 0, 12000, 11850), ("三、事业收入", 3500, 3500, 3246),
              ("四、其他收入", 1200, 1430, 1430)]
    general = ("一、一般公共预算财政拨款收入",) + tuple(
        spending[i] - sum(o[i] for o in others) for i in (1, 2, 3)
    )
    incomes = [general, *others]
    income_total = ("本年收入合计",) + tuple(spending[i] for i in (1, 2, 3))

    income_rows = [["项目", "年初预算数（万元）", "调整预算数（万元）", "决算数（万元）", "占总收入比例（%）"]]
    for row in [*incomes, income_total]:
        income_rows.append([row[0], _yuan(row[1]), _yuan(row[2]), _yuan(row[3]), _percent(row[3], income_total[3])])

    spend_rows = [
        ["项目（按支出性质）", "预算数（万元）", "", "决算数（万元）", "执行率（%）", "占总支出比例（%）"],
        ["", "年初预算数", "调整预算数", "", "", ""],
    ]

    def spend_row(label, initial, adjusted, final):
        return [label, _yuan(initial), _yuan(adjusted), _yuan(final), _percent(final, adjusted),
                _percent(final, spending[3])]

    spend_rows.append(spend_row(*basic))
    spend_rows.append(spend_row("其中：" + staff[0], *staff[1:]))
    spend_rows.append(spend_row(*office))
    spend_rows.append(spend_row(*project_sum))
    for i, (category, items) in enumerate(categories):
        label = ("其中：" if i == 0 else "") + category
        spend_rows.append(spend_row(label, total(items, 2), total(items, 3), total(items, 4)))
    spend_rows.append(spend_row(*spending))

    project_rows = [["序号", "项目名称", "年初预算数（万元）", "调整预算数（万元）", "决算数（万元）", "执行率（%）"]]
    for n, (name, _, initial, adjusted, final) in enumerate(projects, 1):
        project_rows.append([str(n), name, _yuan(initial), _yuan(adjusted), _yuan(final), _percent(final, adjusted)])
    project_rows.append(["", "合计", _yuan(project_sum[1]), _yuan(project_sum[2]), _yuan(project_sum[3]),
                         _percent(project_sum[3], project_sum[2])])

    reception = (1500, 980, 912)
    car_buy = (0, 0, 0)
    car_run = (1850, 1720, 1688)
    abroad = (0, 0, 0)
    car = tuple(car_buy[i] + car_run[i] for i in range(3))
    three_total = tuple(reception[i] + car[i] + abroad[i] for i in range(3))
    three_rows = [["“三公”经费", "年初预算数（万元）", "调整预算数（万元）", "决算数（万元）"]]
    for label, values in (("因公出国（境）费", abroad), ("公务用车购置及运行维护费", car),
                          ("其中：公务用车购置费", car_buy), ("公务用车运行维护费", car_run),
                          ("公务接待费", reception), ("合计", three_total)):
        three_rows.append([label, *(_yuan(v) for v in values)])

    return [
        "示例市数据资源管理局",
        "",
        "2024 年度部门决算说明",
        "",
        "一、部门基本情况",
        "",
        f"示例市数据资源管理局为市政府工作部门，下设机构 {len(PROJECT_AREAS) // 2} 个，负责全市政务数据资源的统筹管理和"
        "政务信息化项目的建设与运行维护。本说明所列金额单位除特别注明外均为万元。",
        "",
        "二、收入支出决算总体情况",
        "",
        f"2024 年度本年收入合计 {_grouped(income_total[3])} 万元，其中一般公共预算财政拨款收入 "
        f"{_grouped(general[3])} 万元，占本年收入合计的 {_percent(general[3], income_total[3])}%。"
        f"本年支出合计 {_grouped(spending[3])} 万元，比调整预算数 {_grouped(spending[2])} 万元"
        f"减少 {_grouped(spending[2] - spending[3])} 万元。",
        "",
        "表 1 收入决算表",
        TableBlock(rows=income_rows, header_rows=1),
        "",
        f"基本支出 {_grouped(basic[3])} 万元，其中人员经费 {_grouped(staff[3])} 万元、公用经费 "
        f"{_grouped(office[3])} 万元；项目支出 {_grouped(project_sum[3])} 万元，执行率 "
        f"{_percent(project_sum[3], project_sum[2])}%。",
        "",
        "表 2 支出决算表",
        TableBlock(rows=spend_rows, header_rows=2,
                   merges=[(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 1, 3), (0, 4, 1, 4), (0, 5, 1, 5)]),
        "",
        "三、项目支出情况",
        "",
        f"全年安排项目 {len(projects)} 个，年初预算数 {_grouped(project_sum[1])} 万元，调整预算数 "
        f"{_grouped(project_sum[2])} 万元，决算数 {_grouped(project_sum[3])} 万元。各项目明细如下表。",
        "",
        "表 3 项目支出明细表",
        TableBlock(rows=project_rows, header_rows=1, repeat_header=True),
        "",
        "四、“三公”经费支出情况",
        "",
        f"2024 年度“三公”经费决算数 {_grouped(three_total[2])} 万元，比调整预算数减少 "
        f"{_grouped(three_total[1] - three_total[2])} 万元，主要是严格控制公务接待和公务用车运行支出。",
        "",
        "表 4 “三公”经费决算表",
        TableBlock(rows=three_rows, header_rows=1),
        "",
        "五、其他重要事项说明",
        "",
        "本部门无政府采购重大事项，无国有资产重大变动。",
    ]


def blocks_as_text(blocks: list) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, TableBlock):
            lines.extend("\t".join(row) for row in block.rows)
        elif isinstance(block, str):
            lines.append(block)
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ DOCX


def write_docx(blocks: list, target: Path) -> None:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for block in blocks:
        if isinstance(block, TableBlock):
            _docx_table(document, block)
        elif isinstance(block, str):  # a Word file flows over pages: no page breaks of its own
            document.add_paragraph(block)
    props = document.core_properties
    props.author = "auditor fixtures"
    props.last_modified_by = "auditor fixtures"
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(_fixed_zip(buffer.getvalue()))


def _docx_table(document, block: TableBlock) -> None:
    width = len(block.rows[0])
    table = document.add_table(rows=len(block.rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(block.rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for r0, c0, r1, c1 in block.merges:
        text = block.rows[r0][c0]
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        merged.text = text  # merging concatenates the cells' paragraphs: keep one text
    if block.repeat_header:
        for tr in table._tbl.tr_lst[: block.header_rows]:
            tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _fixed_zip(data: bytes) -> bytes:
    """The same ZIP with fixed timestamps, so that equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zipped.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# ------------------------------------------------------------------ PDF


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class PdfStyle:
    font: str
    indent: float  # first-line indent of narrative paragraphs
    space_after: float  # space between paragraphs
    page_number: str | None = None  # drawn at the foot of each page, "{page}" its number
    running_header: str | None = None  # drawn at the head of each page but the first


def write_pdf(blocks: list, target: Path, style: PdfStyle, encrypt=None) -> None:
    body = ParagraphStyle("body", fontName=style.font, fontSize=10.5, leading=16, wordWrap="CJK",
                          firstLineIndent=style.indent, spaceAfter=style.space_after)
    cell = ParagraphStyle("cell", fontName=style.font, fontSize=8, leading=10, wordWrap="CJK")
    story = []
    for block in _paragraphs(blocks):
        if isinstance(block, TableBlock):
            story.append(_pdf_table(block, cell, style.font))
            story.append(Spacer(1, 6))
        elif block is PAGE_BREAK:
            story.append(PageBreak())
        else:
            story.append(Paragraph(_escape(block), body))
    doc = SimpleDocTemplate(str(target), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=target.stem,
                            author="auditor fixtures", encrypt=encrypt)
    if style.page_number or style.running_header:
        doc.build(story, onFirstPage=_furniture(style, first=True),
                  onLaterPages=_furniture(style, first=False))
    else:
        doc.build(story)


def _furniture(style: PdfStyle, first: bool):
    """Draws a page's header and footer in its margins (reportlab calls it on each page)."""
    def draw(page: canvas.Canvas, doc) -> None:
        page.saveState()
        page.setFont(style.font, 9)
        if style.page_number:
            page.drawCentredString(PAGE_WIDTH / 2, MARGIN / 2, style.page_number.format(page=doc.page))
        if style.running_header and not first:
            page.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - MARGIN / 2, style.running_header)
        page.restoreState()

    return draw


def running_header(text: str) -> str:
    """What a report repeats at the head of its pages: its title (the first line naming the
    report, 部门整体支出绩效自评报告), else its first line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return next((line for line in lines[:10] if "报告" in line), lines[0])


def _paragraphs(blocks: list) -> list:
    """Tables, page breaks, and paragraphs made of consecutive narrative lines: in a text
    report a paragraph hard-wrapped over two lines is one paragraph, and typesetting rewraps it."""
    out: list = []
    lines: list[str] = []
    for block in [*blocks, ""]:
        if isinstance(block, str) and block.strip():
            lines.append(block.strip())
            continue
        if lines:
            out.append(_join_lines(lines))
            lines = []
        if isinstance(block, TableBlock) or block is PAGE_BREAK:
            out.append(block)
    return out


def _join_lines(lines: list[str]) -> str:
    joined = lines[0]
    for line in lines[1:]:
        latin = joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() and line[0].isalnum()
        joined += (" " if latin else "") + line
    return joined


def _pdf_table(block: TableBlock, cell_style: ParagraphStyle, font: str) -> Table:
    data = [[Paragraph(_escape(text), cell_style) if text else "" for text in row] for row in block.rows]
    table = Table(data, colWidths=_column_widths(block.rows),
                  repeatRows=block.header_rows if block.repeat_header else 0)
    commands = [("FONT", (0, 0), (-1, -1), font, 8), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    commands += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in block.merges]
    table.setStyle(TableStyle(commands))
    return table


def _column_widths(rows: list[list[str]]) -> list[float]:
    """Widths after the longest cell of each column (a CJK character counts double),
    capped so one long column cannot squeeze the others, scaled to the text width."""
    def units(text: str) -> int:
        return sum(1 if ch.isascii() else 2 for ch in text)

    wanted = [min(max(6, max(units(row[c]) for row in rows)), 60) for c in range(len(rows[0]))]
    scale = TEXT_WIDTH / sum(wanted)
    return [w * scale for w in wanted]


def write_scanned_pdf(lines: list[str], target: Path, font_path: Path) -> None:
    """A page that is only a picture of text, as a scanner makes it: no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    dpi = 100
    image = Image.new("L", (int(PAGE_WIDTH / 72 * dpi), int(PAGE_HEIGHT / 72 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path), 18)
    y = 80
    for line in lines:
        draw.text((80, y), line, fill=0, font=font)
        y += 34
    page = canvas.Canvas(str(target), pagesize=A4)
    page.drawImage(ImageReader(image), 0, 0, width=PAGE_WIDTH, height=PAGE_HEIGHT)
    page.showPage()
    page.save()


def write_encrypted_docx(source: Path, target: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    with source.open("rb") as plain:
        OOXMLFile(plain).encrypt(PASSWORD, encrypted)
    target.write_bytes(encrypted.getvalue())


# ------------------------------------------------------------------ main


def register_fonts(font_path: Path) -> None:
    if not font_path.exists():
        sys.exit(f"{font_path}: CJK font not found (apt-get install fonts-wqy-zenhei, or pass --font)")
    pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, str(font_path), subfontIndex=0))
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--font", type=Path, default=DEFAULT_FONT, help="a CJK TrueType font (.ttf/.ttc)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rl_config.invariant = 1  # no timestamps or random document ids in the PDFs
    register_fonts(args.font)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    for report in sorted(CORPUS.glob("*.txt")):
        text = report.read_text(encoding="utf-8")
        blocks = blocks_from_text(text)
        write_docx(blocks, out / f"{report.stem}.docx")
        style = PdfStyle(font=EMBEDDED_FONT, indent=0, space_after=6, page_number="- {page} -",
                         running_header=running_header(text))
        write_pdf(blocks, out / f"{report.stem}.pdf", style)

    blocks = table_report_blocks()
    (out / "table_report.txt").write_text(blocks_as_text(blocks), encoding="utf-8")
    write_docx(blocks, out / "table_report.docx")
    write_pdf(blocks, out / "table_report.pdf",
              PdfStyle(font=EMBEDDED_FONT, indent=21, space_after=0, page_number="第 {page} 页"))

    first_table = next(i for i, block in enumerate(blocks) if isinstance(block, TableBlock))
    sample = blocks[: first_table + 1]  # title, two sections and the income table
    small_style = PdfStyle(font=CID_FONT, indent=21, space_after=0)
    write_pdf(sample, out / "encrypted.pdf", small_style,
              encrypt=StandardEncryption(PASSWORD, ownerPassword="owner-" + PASSWORD, strength=128))
    write_pdf(sample, out / "permissions_only.pdf", small_style,
              encrypt=StandardEncryption("", ownerPassword="owner-" + PASSWORD, canCopy=0, canModify=0,
                                         strength=128))
    write_scanned_pdf([b for b in blocks[:12] if isinstance(b, str) and b], out / "scanned.pdf", args.font)
    whole = (out / "table_report.docx").read_bytes()
    (out / "truncated.docx").write_bytes(whole[: len(whole) * 2 // 3])
    write_encrypted_docx(out / "table_report.docx", out / "encrypted.docx")

    for path in sorted(out.iterdir()):
        print(f"{path.stat().st_size:>8}  {path}")


if __name__ == "__main__":
    main()
