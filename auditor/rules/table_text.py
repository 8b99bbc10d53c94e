"""table_text: a figure in the prose that quotes a table cell with another value.

What it catches: a narrative claim about the same quantity as a table cell — the same subject
(the row label, names compared with rapidfuzz), a compatible stage (决算 in the prose against
the 决算数 column), the same year and the same measure — whose value the cell does not bear
out; and a prose total (支出总额, 合计) that differs from the table's 合计 row, found through the
row's label or through what the table's title says it totals.

Only an unambiguous match is judged: one best row, scoring above the lexicon's threshold and
clear of the next row by its margin, and either one column of the prose's stage or columns that
all hold one value. A prose figure that any of the candidate cells bears out is a correct quote.

Why: readers take the prose figure and the table figure to be one number; when they differ,
one of them is wrong, and the reviewer must find out which.

Tolerance: the prose figure's interval (its digits, widened by 约 / 近 / 超过 …) must meet the
cell's interval (± half a unit of its last digit), both in the base unit of their measure.

Wrong::

    基本支出决算 1878.56 万元。
    项目\t决算数（万元）
    一、基本支出\t1887.56
    二、项目支出\t879.08
    合计\t2766.64
    (the table's 一、基本支出 决算数 is 1887.56)

Right::

    基本支出决算 1887.56 万元。
    项目\t决算数（万元）
    一、基本支出\t1887.56
    二、项目支出\t879.08
    合计\t2766.64

(Cells are separated by tabs.)
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from auditor.findings import finding, fmt
from auditor.grammar import words_before
from auditor.intervals import interval_of
from auditor.messages import message
from auditor.lexicon import load, stage_names, year_digits
from auditor.models import Claim, Finding
from auditor.report import Report
from auditor.rules.base import Rule
from auditor.tables import (
    ParsedTable,
    cell_interval,
    display_label,
    squeeze,
    strip_marker,
    title_subject,
)

RULE_ID = "table_text"
_YEAR = re.compile(rf"{year_digits()}(?:年度|年)?")
_TRAILING = re.compile(r"(?:数|金额)$")  # 项目支出数, 基本支出金额: the amount of the row


@dataclass(frozen=True)
class Candidate:
    parsed: ParsedTable
    row: int
    score: float
    cells: tuple[Claim, ...]  # the row's cells this prose figure is judged against
    exact_stage: bool
    # every cell of the row the figure may quote: those of an equivalent stage too (预算 may
    # be the 年初预算 where a 全年预算数 column is the exact stage), and the change cells
    quotable: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class _Entry:
    parsed: ParsedTable
    row: int


@dataclass(frozen=True)
class _Index:
    """The table rows with the names prose may give them, computed once per report: one list
    for prose that does not speak of a total and one for prose that does (支出合计)."""

    entries: tuple[_Entry, ...]
    names: tuple[str, ...]
    owners: tuple[int, ...]  # entry of each name
    flows: tuple[str | None, ...]  # flow word each name ends with (收入 / 支出), see _flow
    total_names: tuple[str, ...]
    total_owners: tuple[int, ...]
    total_flows: tuple[str | None, ...]


def check(report: Report) -> Iterator[Finding]:
    index = _index(report)
    if not index.entries:
        return
    for claim in report.claims:
        if claim.source != "narrative" or not claim.subject or claim.kind == "year":
            continue
        finding = _judge(report, claim, index)
        if finding is not None:
            yield finding


def _index(report: Report) -> _Index:
    entries: list[_Entry] = []
    names: list[str] = []
    owners: list[int] = []
    flows: list[str | None] = []
    total_names: list[str] = []
    total_owners: list[int] = []
    total_flows: list[str | None] = []
    for parsed in report.tables:
        for row in parsed.rows:
            if not row.has_numbers:
                continue
            for name, flow in _row_names(parsed, row, False):
                names.append(name)
                owners.append(len(entries))
                flows.append(flow)
            for name, flow in _row_names(parsed, row, True):
                total_names.append(name)
                total_owners.append(len(entries))
                total_flows.append(flow)
            entries.append(_Entry(parsed, row.index))
    return _Index(tuple(entries), tuple(names), tuple(owners), tuple(flows), tuple(total_names),
                  tuple(total_owners), tuple(total_flows))


def _lex() -> dict:
    return load("tables")["text_match"]


# ---------------------------------------------------------------- names


def _strip_edges(text: str, words) -> str:
    """Drop these words from either end of a name, as often as they occur there (a stage
    word inside a name, 一般公共预算财政拨款收入, belongs to the name)."""
    # longest first, ties in a fixed order (a set's order changes from run to run)
    ordered = sorted({squeeze(w) for w in words if w}, key=lambda w: (-len(w), w))
    changed = True
    while changed and text:
        changed = False
        for word in ordered:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
            elif text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
    return text


@cache
def _core(text: str, keep_flow: bool = False) -> str:
    """A name reduced to what it is about: no year, stage, rate word, total word or filler.

    A flow word among the fillers (支出) goes last, and from the end only: 本年支出合计 is
    支出 (not 本年), 公务接待费支出决算 is 公务接待费. `keep_flow` keeps it."""
    lex = _lex()
    columns = load("tables")["columns"]
    folded = strip_marker(squeeze(text))
    folded = _TRAILING.sub("", _YEAR.sub("", folded))  # before stage words: 项目支出数
    for word, replacement in sorted(lex["total_words"].items(), key=lambda w: -len(w[0])):
        folded = folded.replace(word, replacement)
    stage_words = [w for words in columns["stages"].values() for w in words]
    flows = [w for w in lex["filler_words"] if w in lex["flow_words"]]
    fillers = [w for w in lex["filler_words"] if w not in flows]
    folded = _strip_edges(folded, stage_words + lex["ratio_words"] + lex["share_words"] + fillers)
    folded = _TRAILING.sub("", folded).strip("：:，,、()（）")
    if not keep_flow:
        flow = next((w for w in flows if folded.endswith(w) and len(folded) > len(w)), None)
        folded = folded[: -len(flow)] if flow else folded
    return folded


@cache
def _flow(text: str) -> str | None:
    """The flow word a name ends with once reduced (本年收入合计 → 收入), if any."""
    name = _core(text, keep_flow=True)
    return next((w for w in _lex()["flow_words"] if name.endswith(w)), None)


def _says_total(text: str) -> bool:
    return any(word in squeeze(text) for word in _lex()["total_words"])


def _lead(report: Report, claim: Claim) -> str:
    """The words right before a prose figure (grammar.words_before): 收入总计 11,157.78 names
    a total even where the subject, read as a name, drops 总计 as a verb (共计, 总计 100 万元)."""
    if claim.paragraph is None or claim.paragraph >= len(report.document.paragraphs):
        return ""
    sentence = report.sentence_of(claim)
    floor = sentence.start if sentence is not None else 0
    return words_before(report.paragraph_text(claim.paragraph), floor, claim.start)[-3:]


def _total_word(text: str) -> str | None:
    """总计 or 合计, as the words of a prose total say it."""
    folded = squeeze(text)
    return next((w for w in ("总计", "合计") if w in folded), None)


def _another_total_row(parsed: ParsedTable, row: int, word: str) -> bool:
    """The row is a total by another word (本年收入合计) while the table has a row of the
    word the prose says (总计)."""
    label = squeeze(parsed.row(row).label)
    if word in label:
        return False
    return any(word in squeeze(r.label) for r in parsed.rows if r.is_total)


def _paragraph_year(report: Report, claim: Claim) -> int | None:
    years = [c for c in report.paragraph_claims(claim.paragraph)
             if c.kind == "year" and c.start < claim.start and c.quantity.upper is None] \
        if claim.paragraph is not None and claim.paragraph < len(report.document.paragraphs) else []
    return int(years[-1].value) if years else None


def _built_up_totals(report: Report) -> set[str]:
    return {e.head.id for e in report.links.enumerations if e.head is not None and "加" in e.cue} | {
        n.total.id for n in report.links.nettings}


def _fund_named(text: str) -> str | None:
    """The budget (fund) the words name last: 政府性基金 in 全县政府性基金预算收入."""
    found = [(text.rfind(f), f) for f in _lex()["funds"] if f in text]
    return max(found)[1] if found else None


def _fund_of(report: Report, claim: Claim) -> str | None:
    """The fund a prose figure is of: named before it in its sentence, else in its paragraph."""
    if claim.paragraph is None or claim.paragraph >= len(report.document.paragraphs):
        return None
    text = report.paragraph_text(claim.paragraph)
    sentence = report.sentence_of(claim)
    start = sentence.start if sentence is not None else 0
    return _fund_named(text[start : claim.start]) or _fund_named(text[: claim.start])


def _rate_role(text: str) -> str | None:
    folded = squeeze(text)
    lex = _lex()
    if any(squeeze(w) in folded for w in lex["ratio_words"]):
        return "ratio"
    if any(squeeze(w) in folded for w in lex["share_words"]):
        return "share"
    return None


def _row_names(parsed: ParsedTable, row, wants_total: bool) -> list[tuple[str, str | None]]:
    """Names (with their flow word) a prose figure may give a row by: its label, when the
    prose speaks of a total exactly when the row is one; and for a total row what the table's
    title says it totals (2024 年部门整体支出基本情况表 → 部门整体支出)."""
    texts = [row.label] if row.is_total == wants_total else []
    subject = title_subject(parsed.title) if row.is_total else None
    if subject:
        texts.append(subject)
    return [(_core(t), _flow(t)) for t in texts if len(_core(t)) >= 2]


def _scores(subject: str, flow: str | None, names: tuple[str, ...], owners: tuple[int, ...],
            flows: tuple[str | None, ...], floor: float) -> dict[int, float]:
    """Best rapidfuzz score per row above the floor (one C call over every name), leaving
    out names whose flow word differs from the subject's."""
    best: dict[int, float] = {}
    for _, score, k in process.extract(subject, names, scorer=fuzz.ratio, limit=None,
                                       score_cutoff=floor):
        if flow is not None and flows[k] is not None and flows[k] != flow:
            continue
        owner = owners[k]
        best[owner] = max(best.get(owner, 0.0), score)
    return best


# ---------------------------------------------------------------- matching


def _stages_compatible(prose: str | None, column: str | None) -> tuple[bool, bool]:
    """(compatible, exact) for a prose stage against a column stage."""
    if prose is None:
        return True, False
    if column == prose:
        return True, True
    return column in _lex()["stage_equivalents"].get(prose, []), False


def _prose_year(report: Report, claim: Claim) -> int | None:
    # (a figure whose sentence names no year takes the year its paragraph last named:
    # 2024 年…预期目标为 A。…支出总计 T is the 2024 budget's, not the 2023 table's)
    return claim.year or _paragraph_year(report, claim) or report.facts.fiscal_year


def _years_agree(report: Report, prose: int | None, parsed: ParsedTable) -> bool:
    table = parsed.year or report.facts.fiscal_year
    return prose is None or table is None or prose == table


def _candidates(report: Report, claim: Claim, index: _Index) -> list[Candidate]:
    subject = _core(claim.subject or "")
    if len(subject) < 2 or squeeze(claim.subject or "").startswith(
            tuple(_lex()["share_of_prefixes"])):
        return []
    wants_total = _says_total(claim.subject or "") or _says_total(_lead(report, claim))
    percent = claim.quantity.measure == "%"
    # (the figure's own words first: 非税收入占比 P% in a sentence that also says 完成预算 is a share)
    rate = (_rate_role(claim.subject or "") or _rate_role(claim.context or "")) if percent else None
    if percent and rate is None:
        return []
    floor = _lex()["min_score"] - _lex()["margin"]  # rows below cannot matter
    names, owners, flows = ((index.total_names, index.total_owners, index.total_flows)
                            if wants_total else (index.names, index.owners, index.flows))
    if wants_total and claim.id in _built_up_totals(report):
        return []  # 收入 A，加补助 B …，收入合计 T: more than any table row holds
    found = []
    scores = _scores(subject, _flow(claim.subject or ""), names, owners, flows, floor)
    fund = _fund_of(report, claim)
    year = _prose_year(report, claim)
    said_total = _total_word(f"{claim.subject or ''}{_lead(report, claim)}") if wants_total else None
    for k, score in sorted(scores.items()):
        entry = index.entries[k]
        if not _years_agree(report, year, entry.parsed):
            continue
        if said_total and _another_total_row(entry.parsed, entry.row, said_total):
            continue  # 收入总计 is the table's 总计 row, not its 本年收入合计
        table_fund = _fund_named(entry.parsed.title or "")
        if fund and table_fund and fund != table_fund:
            continue
        cells, exact, compatible = _row_cells(report, entry.parsed, entry.row, claim, rate)
        if cells:
            changes = _change_cells(report, entry.parsed, entry.row, claim)
            found.append(Candidate(entry.parsed, entry.row, score, tuple(cells), exact,
                                   tuple(compatible + changes)))
    return found


def _row_cells(report: Report, parsed: ParsedTable, row: int, claim: Claim,
               rate: str | None) -> tuple[list[Claim], bool, list[Claim]]:
    """(cells to judge the figure against, whether their stage is the figure's own, every
    cell of a compatible stage)."""
    roles = (rate,) if rate else ("amount",)
    cells: list[Claim] = []
    exact_cells: list[Claim] = []
    for column in parsed.numeric_columns(roles):
        cell = report.cell_claim(parsed.index, row, column.index)
        if cell is None or cell.quantity.measure != claim.quantity.measure:
            continue
        compatible, exact = _stages_compatible(claim.stage, column.stage) if not rate else (True, False)
        if compatible:
            cells.append(cell)
        if exact:
            exact_cells.append(cell)
    if exact_cells:
        return exact_cells, True, cells
    return cells, bool(rate) and len(cells) == 1, cells  # one rate column of the role named


def _best(candidates: list[Candidate]) -> list[Candidate]:
    """The best-scoring rows, when they clear the threshold and stand apart from the rest."""
    lex = _lex()
    if not candidates:
        return []
    top = max(c.score for c in candidates)
    if top < lex["min_score"]:
        return []
    return [c for c in candidates if c.score > top - lex["margin"]]


def _base(claim: Claim, prose: bool):
    interval = interval_of(claim.quantity) if prose else cell_interval(claim.quantity)
    return interval.scaled(claim.quantity.scale)


def _judge(report: Report, claim: Claim, index: _Index) -> Finding | None:
    best = _best(_candidates(report, claim, index))
    if not best:
        return None
    said = _base(claim, prose=True)
    cells = [cell for candidate in best for cell in candidate.cells]
    quotable = cells + [cell for candidate in best for cell in candidate.quotable]
    if any(said.meets(_base(cell, prose=False)) for cell in quotable):
        return None  # the prose quotes one of the cells it may mean (a change: 比上年增加 X)
    if len(_values(cells)) == 1:
        return _finding(claim, best)
    if claim.stage is None and not claim.quantity.measure == "%":
        # Prose that names no stage reports what was spent or received (决算): judge it
        # against those columns alone, as a warning, when they hold one value.
        best = [_restrict(c, stage_names("outturn")) for c in best]
        best = [c for c in best if c.cells]
        cells = [cell for candidate in best for cell in candidate.cells]
        if cells and len(_values(cells)) == 1:
            return _finding(claim, best, unstated=True)
    return None  # the cells disagree among themselves: which one is quoted is unclear


def _change_cells(report: Report, parsed: ParsedTable, row: int, claim: Claim) -> list[Claim]:
    """The row's change cells (增减额) of the prose figure's measure: prose that gives the
    change of a row quotes them, though they are never what a mismatch is judged against."""
    cells = (report.cell_claim(parsed.index, row, column.index)
             for column in parsed.numeric_columns(("change",)))
    return [c for c in cells if c is not None and c.quantity.measure == claim.quantity.measure]


def _values(cells: list[Claim]) -> set[float]:
    return {round(cell.value * cell.quantity.scale, 6) for cell in cells}


def _restrict(candidate: Candidate, stages: list[str]) -> Candidate:
    columns = {c.index: c.stage for c in candidate.parsed.columns}
    kept = tuple(c for c in candidate.cells if columns.get(c.col) in stages)
    return Candidate(candidate.parsed, candidate.row, candidate.score, kept, False,
                     candidate.quotable)


def _finding(claim: Claim, best: list[Candidate], unstated: bool = False) -> Finding:
    lex = _lex()
    candidate = best[0]
    cell = candidate.cells[0]
    # the cell's digits carried into the prose's unit (2766.64 万元 → 0.276664 亿元)
    shift = max(round(math.log10(claim.quantity.scale / cell.quantity.scale)), 0)
    decimals = max(cell.quantity.decimals + shift, claim.quantity.decimals)
    expected = round(cell.value * cell.quantity.scale / claim.quantity.scale, decimals)
    parsed = candidate.parsed
    column = next(c for c in parsed.columns if c.index == cell.col)
    label = display_label(parsed.row(candidate.row))
    table_name = (message("table_text.titled", title=parsed.title) if parsed.title
                  else message("table_text.untitled", line=str(cell.line)))
    sure = candidate.exact_stage and candidate.score >= lex["error_score"] and len(best) == 1
    confidence_cap = 0.95 if sure else (0.6 if unstated else 0.7)
    unit = claim.unit or ""
    expected_text = f"{fmt(expected, decimals)}{unit}"
    says = message("table_text", subject=str(claim.subject), stated=claim.text, table=table_name,
                   label=label, column=column.name, cell=_with_unit(cell), expected=expected_text)
    return finding(RULE_ID, "error" if sure else "warning", says, claim, expected,
                   [(c, "table_cell") for c in candidate.cells],
                   confidence=round(min(candidate.score / 100, confidence_cap), 2))


def _with_unit(cell: Claim) -> str:
    return cell.text if cell.text.endswith(cell.unit) else f"{cell.text}{cell.unit}"


RULE = Rule(
    id=RULE_ID,
    family="table",
    severity="error",
    summary="正文引用表格数据（同一项目、阶段、年度）与表格数值不符，或正文合计与表格合计行不符",
    check=check,
)
