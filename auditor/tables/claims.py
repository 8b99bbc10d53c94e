"""Table figures as claims, so that every rule sees them beside the prose figures."""
from __future__ import annotations

from auditor.models import Claim, Location
from auditor.tables.model import ParsedTable
from auditor.tables.text import collapse, strip_marker, strip_unit


def table_claims(parsed: ParsedTable, table_index: int, first_id: int) -> list[Claim]:
    """Every numeric cell as a claim: row label (without 一、 or 其中：) as subject, column
    stage as stage, the title's year as year."""
    claims = []
    title = parsed.title or ""
    for n, cell in enumerate(parsed.cells):
        claims.append(Claim(
            id=f"C{first_id + n}",
            quantity=cell.value,
            location=Location(cell.line, cell.column, cell.page),
            source="table",
            subject=strip_marker(cell.row_label) or None,  # 一、基本支出 → 基本支出
            stage=cell.stage,
            year=parsed.year,
            start=0,
            end=len(cell.value.text),
            table=table_index,
            row=cell.row,
            col=cell.col,
            context=collapse(f"{title} {cell.row_label} {strip_unit(cell.column_label)}"),
        ))
    return claims
