"""The data that flows through the pipeline.

read → normalise → extract quantities → build claims → link → rules → findings → render.

Every stage hands the next one frozen dataclasses from this module, so a stage can be
tested on its own and nothing downstream can mutate what upstream produced.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    # the arithmetic statement a finding or check is about: one type per kind, in
    # auditor.relations (which builds on Claim, so it cannot live here)
    from auditor.relations import Relation

Kind = Literal["money", "percent", "count", "score", "year", "number"]
Severity = Literal["error", "warning", "info"]
Source = Literal["narrative", "table"]

SEVERITY_RANK: dict[str, int] = {"error": 3, "warning": 2, "info": 1}


# ---------------------------------------------------------------- read


@dataclass(frozen=True)
class SourceLine:
    """One line of the input as a reader produced it.

    ``line`` is 1-based and is what every location in the output refers to. ``page`` is
    set by readers of paged formats (PDF), ``where`` by readers that know more about the
    origin (DOCX: "p12" for paragraph 12, "t2r3c4" for table 2 row 3 column 4).
    """

    line: int
    text: str
    page: int | None = None
    where: str | None = None


@dataclass(frozen=True)
class SourceTable:
    """A table a reader found as a real structure (DOCX, PDF), cells already split.

    Text input has no such structure: its tables are tab-separated lines that the
    normaliser recognises. ``lines[r]`` is the 1-based line the row was rendered at in
    ``SourceDocument.lines`` (readers render each table row there as a tab-joined line).
    """

    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    page: int | None = None
    # Where each cell stands, (line, column), when the reader knows it cell by cell (a table
    # rebuilt from flattened text, auditor.read.flattened, whose rows span several lines);
    # empty: each cell is on its row's line.
    positions: tuple[tuple[tuple[int, int], ...], ...] = ()
    # Every line the table takes up, when that is more than ``lines`` (flattened text).
    covers: tuple[int, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    path: str
    format: Literal["text", "docx", "pdf"]
    lines: tuple[SourceLine, ...]
    tables: tuple[SourceTable, ...] = ()
    # what the reader had to repair to read the file (stray bytes, broken characters)
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------- normalise


@dataclass(frozen=True)
class Paragraph:
    """Narrative text joined across hard wraps and page breaks.

    ``text`` is normalised (half-width digits and punctuation, no thousands separators,
    LaTeX-like operators replaced). ``origins[i]`` is the (line, column) in the source of
    ``text[i]``, both 1-based, so any span maps back to where the user will look.
    """

    index: int
    text: str
    origins: tuple[tuple[int, int], ...]
    heading_level: int | None = None  # set when the paragraph opens with an outline marker
    page: int | None = None

    def origin(self, offset: int) -> tuple[int, int]:
        if not self.origins:
            return (0, 0)
        return self.origins[min(max(offset, 0), len(self.origins) - 1)]


@dataclass(frozen=True)
class TableCell:
    text: str  # normalised cell text
    raw: str  # the cell as in the source
    line: int
    column: int  # 1-based character column of the cell on its line
    page: int | None = None


@dataclass(frozen=True)
class Table:
    """A table as rows of cells, header rows first; parsed further in auditor.tables."""

    index: int
    title: str | None
    rows: tuple[tuple[TableCell, ...], ...]
    page: int | None = None


@dataclass(frozen=True)
class Document:
    path: str
    format: str
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]
    source: SourceDocument


# ---------------------------------------------------------------- quantities


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as written.

    ``value`` is in the quantity's own unit (8318.83 for "8,318.83 万元");
    ``scale`` converts it to the base unit of its measure (万元 → 10000 元), so two
    quantities of one measure compare as ``value * scale``. ``decimals`` counts the
    digits stated after the decimal point, which is what rounding tolerance rests on.
    ``upper`` is the end of a range (2023-2025 年).
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    kind: Kind
    decimals: int
    qualifier: str | None = None
    scale: float = 1.0
    measure: str = ""  # base unit: 元, %, 个, 项, 分, 年, …
    upper: float | None = None
    chinese: bool = False  # written in Chinese numerals (两千余万元)

    @property
    def base_value(self) -> float:
        return self.value * self.scale


# ---------------------------------------------------------------- claims


@dataclass(frozen=True)
class Location:
    line: int
    column: int
    page: int | None = None


@dataclass(frozen=True)
class Claim:
    """A quantity the report states, with what it is about.

    ``subject`` is the metric phrase (基本支出, 项目支出执行率, 累计报送指标),
    ``stage`` the budget stage (年初预算, 调整预算, 预算, 决算, 执行), ``year`` the year
    it is about. ``paragraph`` and ``start``/``end`` locate it in the normalised
    paragraph (or table) it came from; ``line``/``column`` locate it in the source.
    """

    id: str
    quantity: Quantity
    location: Location
    source: Source
    subject: str | None
    stage: str | None
    year: int | None
    paragraph: int | None = None  # index into Document.paragraphs (narrative claims)
    sentence: int | None = None  # index of the sentence in the document
    start: int = 0  # offsets in the paragraph text (narrative) or cell text (table)
    end: int = 0
    table: int | None = None  # index into Document.tables (table claims)
    row: int | None = None
    col: int | None = None
    context: str = ""  # the clause the claim sits in, for messages and matching
    # what the words make of the figure (auditor.grammar): +1 / −1 a change (比上年增加 C,
    # 下降 P%), 0 a level; ``compared`` the written base of a comparison (较上年的 B 减少 …)
    direction: int = 0
    compared: bool = False

    @property
    def text(self) -> str:
        return self.quantity.text

    @property
    def value(self) -> float:
        return self.quantity.value

    @property
    def unit(self) -> str:
        return self.quantity.unit

    @property
    def kind(self) -> Kind:
        return self.quantity.kind

    @property
    def line(self) -> int:
        return self.location.line


# ---------------------------------------------------------------- findings


@dataclass(frozen=True)
class Evidence:
    claim: Claim
    role: str  # numerator, denominator, component, total, other_statement, …


@dataclass(frozen=True)
class Finding:
    """One thing wrong in a report, with the arithmetic that shows it.

    ``stated`` is the claim judged wrong (None for findings about a heading or a
    section), ``expected`` what recomputation gives in the stated claim's unit.
    ``confidence`` (0..1) says how sure the rule is that the relation it checked is the
    one the report meant; ``materiality`` (0..1) how much the discrepancy matters.
    Both feed ``priority``, which orders findings for triage.
    """

    rule: str
    severity: Severity
    message: str
    location: Location
    stated: Claim | None = None
    expected: float | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 1.0
    materiality: float = 0.0
    priority: float = 0.0
    id: str = ""
    subject_text: str | None = None  # what the finding is about when there is no claim
    message_en: str = ""
    related: tuple["Finding", ...] = field(default=(), compare=False)
    # the relation the rule checked, when the finding is about one (None: no arithmetic
    # relation, e.g. a wrong year or a missing section)
    relation: Relation | None = field(default=None, compare=False)
    # the slip that explains the stated figure (auditor.slips.Slip), when one does
    slip: object | None = field(default=None, compare=False)
    # what ``message`` and ``message_en`` say, as parts (auditor.messages.Wording): they are
    # composed from it by auditor.findings, never edited as strings (None: built by hand)
    wording: object | None = field(default=None, compare=False)

    @property
    def line(self) -> int:
        return self.location.line

    def lines(self) -> tuple[int, ...]:
        """Every source line the finding involves, its own first."""
        seen = [self.location.line]
        for ev in self.evidence:
            if ev.claim.line not in seen:
                seen.append(ev.claim.line)
        return tuple(seen)


@dataclass(frozen=True)
class Check:
    """One relation a rule evaluated: whether it holds, and the intervals compared.

    ``operands`` are (claim id, role) pairs; ``computed`` is what the other figures give
    for ``stated`` (the target's interval), both None for a check with no arithmetic (a
    wrong year, a label). ``reading`` names the words or pattern the relation was read from.
    """

    id: str
    rule: str
    kind: str
    reading: str
    holds: bool
    operands: tuple[tuple[str, str], ...]
    computed: object | None = None  # auditor.intervals.Interval
    stated: object | None = None
    relation: Relation | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ReportFacts:
    fiscal_year: int | None
    department: str | None
    kind: str | None  # 部门整体支出绩效自评报告, 项目支出绩效自评报告, 部门决算说明
    fiscal_year_source: str | None = None  # what the year was read from


@dataclass(frozen=True)
class AuditResult:
    path: str
    facts: ReportFacts
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    document: Document | None = None
    error: str | None = None  # set when the file could not be audited
    checks: tuple[Check, ...] = ()  # every relation the rules evaluated (auditor.checks)
    status: dict = field(default_factory=dict)  # claim id → verified | failed | unchecked
    warnings: tuple[str, ...] = ()  # what reading had to repair; the audit went on
