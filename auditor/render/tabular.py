"""Findings as rows: the reviewer's working paper in XLSX, CSV and JSON Lines.

One row per finding across every report audited, in report order and, within a report, by
priority. The columns, the same in every format (``FINDING_COLUMNS``):

    report       path of the report
    line         1-based line of the finding (page: the PDF page, empty otherwise)
    page
    rule         rule id (`auditor rules`)
    severity     error | warning | info
    stated       the figure judged wrong, as written ("99.47%"), empty when none
    expected     what recomputation gives, in the stated figure's unit
    difference   stated - expected
    explanation  the message with the arithmetic, in the --lang language
    decision     the baseline's decision (open | accepted | dismissed), for the reviewer to fill
    comment      the baseline's comment, for the reviewer to fill
    id           the finding's id in the JSON and HTML outputs
    priority     triage order, higher first
    fingerprint  stable key of the finding (auditor.baseline)
    sha256       of the report file's bytes (what --resume recognises)

XLSX (``--format xlsx -o findings.xlsx``) has a ``findings`` sheet with these columns, a
``claims`` sheet (``CLAIM_COLUMNS``: every figure extracted, one row per claim) and, when a
file could not be audited, an ``errors`` sheet (report, error). CSV is UTF-8 with a byte-order
mark when written to a file (so spreadsheet programs read the Chinese correctly); JSON Lines is
one object per finding with the same keys. The same input gives the same rows and cells in
every format (an XLSX file's metadata also records when it was written).
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor.render.view import ReportView, difference, message, number

FINDING_COLUMNS: tuple[str, ...] = (
    "report", "line", "page", "rule", "severity", "stated", "expected", "difference",
    "explanation", "decision", "comment", "id", "priority", "fingerprint", "sha256",
)
CLAIM_COLUMNS: tuple[str, ...] = (
    "report", "id", "line", "column", "page", "source", "kind", "text", "value", "unit",
    "subject", "stage", "year", "qualifier",
)
ERROR_COLUMNS: tuple[str, ...] = ("report", "error")
DECISION_CHOICES = '"open,accepted,dismissed"'
WIDTHS = {"report": 28, "explanation": 70, "comment": 30, "fingerprint": 20, "stated": 14,
          "text": 16, "subject": 20}


def finding_rows(views: Sequence[ReportView], lang: str = "zh") -> list[dict[str, Any]]:
    rows = []
    for view in views:
        for fv in view.findings:
            finding = fv.finding
            rows.append({
                "report": view.path,
                "line": finding.location.line,
                "page": finding.location.page,
                "rule": finding.rule,
                "severity": finding.severity,
                "stated": finding.stated.text if finding.stated is not None else None,
                "expected": number(finding.expected),
                "difference": difference(finding),
                "explanation": message(finding, lang),
                "decision": fv.decision,
                "comment": fv.comment,
                "id": finding.id,
                "priority": number(finding.priority, 4),
                "fingerprint": fv.fingerprint,
                "sha256": view.sha256,
            })
    return rows


def claim_rows(views: Sequence[ReportView]) -> list[dict[str, Any]]:
    return [
        {
            "report": view.path,
            "id": claim.id,
            "line": claim.location.line,
            "column": claim.location.column,
            "page": claim.location.page,
            "source": claim.source,
            "kind": claim.kind,
            "text": claim.text,
            "value": number(claim.value),
            "unit": claim.unit,
            "subject": claim.subject,
            "stage": claim.stage,
            "year": claim.year,
            "qualifier": claim.quantity.qualifier,
        }
        for view in views
        if view.error is None
        for claim in view.result.claims
    ]


def error_rows(views: Sequence[ReportView]) -> list[dict[str, Any]]:
    return [{"report": v.path, "error": v.error} for v in views if v.error is not None]


def frame(rows: list[dict[str, Any]], columns: Sequence[str]):
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns))


def render_csv(views: Sequence[ReportView], lang: str = "zh", header: bool = True) -> str:
    buffer = io.StringIO()
    rows = [{k: as_text_cell(v) for k, v in row.items()} for row in finding_rows(views, lang)]
    frame(rows, FINDING_COLUMNS).to_csv(buffer, index=False, header=header, lineterminator="\n")
    return buffer.getvalue()


# A spreadsheet program runs a cell that starts with one of these as a formula ("CSV
# injection"): a file name or table label such as =HYPERLINK(...) must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,]*%?")


def as_text_cell(value: Any) -> Any:
    """A string cell a spreadsheet would evaluate, behind an apostrophe (the usual escape that
    spreadsheet programs show as text); numbers, and strings that are plain signed numbers
    such as "-5.00%", unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def write_csv(views: Sequence[ReportView], path: str | Path, lang: str = "zh") -> None:
    Path(path).write_text(render_csv(views, lang), encoding="utf-8-sig")


def render_jsonl(views: Sequence[ReportView], lang: str = "zh") -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in finding_rows(views, lang))


def write_xlsx(views: Sequence[ReportView], path: str | Path, lang: str = "zh") -> None:
    import pandas as pd

    sheets = {
        "findings": frame(finding_rows(views, lang), FINDING_COLUMNS),
        "claims": frame(claim_rows(views), CLAIM_COLUMNS),
    }
    errors = error_rows(views)
    if errors:
        sheets["errors"] = frame(errors, ERROR_COLUMNS)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, data in sheets.items():
            data.to_excel(writer, sheet_name=name, index=False)
            _as_text(writer.sheets[name])
            _format_sheet(writer.sheets[name], list(data.columns), len(data))


def _as_text(sheet) -> None:
    """Every cell openpyxl took for a formula (a string starting with "=") stored as the
    string it is: the auditor writes no formulas, so any is a label or a file name."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _format_sheet(sheet, columns: list[str], rows: int) -> None:
    """A working paper: frozen header, filters, readable widths, a decision drop-down."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{rows + 1}"
    for index, name in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 10)
    if "decision" in columns:
        letter = get_column_letter(columns.index("decision") + 1)
        validation = DataValidation(type="list", formula1=DECISION_CHOICES, allow_blank=True)
        validation.add(f"{letter}2:{letter}{max(rows + 1, 2) + 1000}")
        sheet.add_data_validation(validation)
