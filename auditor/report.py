"""The audited report as rules see it: document, facts, claims, sentences, tables.

Built once by the pipeline; rules only read it. Cross-claim structure that several rules
share (enumerations, ratio statements, comparisons) is computed in auditor.link and cached
here, so no rule recomputes what another already found.
"""
from __future__ import annotations

from bisect import bisect_left

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from auditor.models import Claim, Document, ReportFacts

if TYPE_CHECKING:
    from auditor.link import Links
    from auditor.tables import ParsedTable


@dataclass(frozen=True)
class Sentence:
    """A sentence of a narrative paragraph (split at 。！？；)."""

    index: int
    paragraph: int
    start: int  # offsets in the paragraph text
    end: int
    text: str


@dataclass(frozen=True, eq=False)
class Report:
    document: Document
    facts: ReportFacts
    claims: tuple[Claim, ...]
    sentences: tuple[Sentence, ...]
    tables: tuple["ParsedTable", ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def claims_by_sentence(self) -> dict[int, tuple[Claim, ...]]:
        grouped: dict[int, list[Claim]] = {}
        for claim in self.claims:
            if claim.sentence is not None:
                grouped.setdefault(claim.sentence, []).append(claim)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def claims_by_paragraph(self) -> dict[int, tuple[Claim, ...]]:
        grouped: dict[int, list[Claim]] = {}
        for claim in self.claims:
            grouped.setdefault(claim.paragraph, []).append(claim)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def _paragraph_starts(self) -> dict[int, list[int]]:
        return {k: [c.start for c in v] for k, v in self.claims_by_paragraph.items()}

    def claims_between(self, paragraph: int, lo: int, hi: int) -> list[Claim]:
        """The narrative claims of a paragraph starting in [lo, hi), by bisection (a
        paragraph may hold thousands)."""
        claims = self.claims_by_paragraph.get(paragraph, ())
        starts = self._paragraph_starts.get(paragraph, [])
        return [c for c in claims[bisect_left(starts, lo) : bisect_left(starts, hi)]
                if c.source == "narrative"]

    def paragraph_claims(self, paragraph: int) -> tuple[Claim, ...]:
        """The claims of one paragraph, in report order (a rule that filtered every claim
        for every paragraph was quadratic in a long report)."""
        return self.claims_by_paragraph.get(paragraph, ())

    @cached_property
    def money_by_amount(self) -> dict[tuple[float, str, int | None], tuple[Claim, ...]]:
        """Money claims by (value, unit, year), in report order."""
        grouped: dict[tuple, list[Claim]] = {}
        for claim in self.claims:
            if claim.kind == "money":
                grouped.setdefault((claim.value, claim.unit, claim.year), []).append(claim)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def claims_by_cell(self) -> dict[tuple[int, int, int], Claim]:
        return {
            (c.table, c.row, c.col): c
            for c in self.claims
            if c.source == "table" and c.table is not None
        }

    linked: "Links | None" = None  # set by the pipeline's link stage (with_links)

    def with_links(self, links: "Links") -> "Report":
        from dataclasses import replace

        return replace(self, linked=links)

    @cached_property
    def links(self) -> "Links":
        """The relations the words state: the link stage's, or (a Report built by hand, as
        tests do) linked on first use."""
        if self.linked is not None:
            return self.linked
        from auditor.link import link

        return link(self)

    def cell_claim(self, table: int, row: int, col: int) -> Claim | None:
        return self.claims_by_cell.get((table, row, col))

    def sentence_of(self, claim: Claim) -> Sentence | None:
        if claim.sentence is None:
            return None
        return self.sentences[claim.sentence]

    def paragraph_text(self, index: int) -> str:
        return self.document.paragraphs[index].text
