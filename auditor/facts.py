"""What a report says about itself: the fiscal year it evaluates, whose it is, what kind.

Rules need these facts: the year rule compares every budget statement's year with the
evaluated year, the completeness rule looks up the expected outline of the report's kind.

The fiscal year is elected by weighted votes, because no single source is reliable:
the 评价年度 field (strongest), the title's year ("2022年度…自评报告"), the years of budget
statements ("2024 年市财政批复我局预算"), the most frequent year in budget and expenditure
sentences, and the filing date minus one (reports are filed the year after; a weak hint).
A slip such as "2025 年市财政批复我局预算" in a report on 2024 is outvoted by the other
statements, which is what lets the year rule see it. Weights and cue words live in
lexicons/report_facts.yaml; kinds and their title aliases in lexicons/report_kinds.yaml.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Sequence

from auditor.lexicon import load, year_digits
from auditor.models import Claim, Document, Paragraph, ReportFacts

_YEAR_DIGITS = year_digits()
_YEAR = re.compile(rf"(?<!\d)({_YEAR_DIGITS})\s*年(度)?")
_ANY_YEAR = re.compile(rf"(?<!\d)({_YEAR_DIGITS})(?!\d)")
_RANGE_MARK = "-—–~～至到"
_RANGE_START = re.compile(rf"{_YEAR_DIGITS}\s*(?:年度?)?\s*$")
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_CLAUSE_END = "，,。；;！？!?"
_COLON = "[:：]"


@dataclass(frozen=True)
class YearVote:
    year: int
    source: str  # a key of report_facts.yaml `weights`
    weight: float


@dataclass(frozen=True)
class YearMention:
    year: int
    start: int
    end: int


@cache
def _spec() -> dict:
    return load("report_facts")


@cache
def _kind_aliases() -> tuple[tuple[str, str], ...]:
    """(alias, kind) pairs, longest alias first."""
    pairs = [(alias, kind) for kind, spec in load("report_kinds").items() for alias in spec["aliases"]]
    return tuple(sorted(pairs, key=lambda pair: len(pair[0]), reverse=True))


def extract_facts(document: Document, claims: Sequence[Claim] = ()) -> ReportFacts:
    """Fiscal year (with what it was read from), department and kind of a report.

    ``claims`` mark the sentences that state money as expenditure sentences even when no
    cue word says so; without claims the cue words alone decide.
    """
    header = _header(document.paragraphs)
    titles = _title_lines(header)
    kind = titles[0][1] if titles else None
    votes = _year_votes(document.paragraphs, header, [text for text, _, _ in titles], claims)
    year, source = elect_year(votes)
    department = _department(document.paragraphs, header, titles)
    return ReportFacts(fiscal_year=year, department=department, kind=kind, fiscal_year_source=source)


# ---------------------------------------------------------------- header and title


def _header(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs before the first heading (the cover block), at most a page of them."""
    limit = int(_spec()["header_paragraphs"])
    header: list[Paragraph] = []
    for paragraph in paragraphs[:limit]:
        if paragraph.heading_level is not None:
            break
        header.append(paragraph)
    return tuple(header)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def kind_of_title(text: str) -> tuple[str, int] | None:
    """The report kind a title line names and where the alias starts in the compacted text."""
    compact = _compact(text)
    for alias, kind in _kind_aliases():
        at = compact.find(alias)
        if at >= 0:
            return kind, at
    # …工程项目2023年度支出绩效自评报告: the year inside the kind's name
    for alias, kind in _kind_aliases():
        for year in _YEAR.finditer(compact):
            if (compact[: year.start()] + compact[year.end():]).find(alias) >= 0:
                return kind, year.start()
    return None


def _title_lines(header: Sequence[Paragraph]) -> list[tuple[str, str, int]]:
    """(text, kind, alias position) of each header line that names a report kind."""
    found = []
    for index, paragraph in enumerate(header):
        named = kind_of_title(paragraph.text)
        if named is not None:
            found.append((paragraph.text, named[0], named[1]))
        elif index + 1 < len(header) and kind_of_title(header[index + 1].text) is None:
            # a title broken over two lines (…校舍维修改造项目 ⏎ 支出绩效自评报告)
            joined = paragraph.text.rstrip() + header[index + 1].text.lstrip()
            named = kind_of_title(joined)
            if named is not None:
                found.append((joined, named[0], named[1]))
    return found


def _field_value(text: str, labels: Iterable[str]) -> str | None:
    """The value of a header field "label：value", cut where another field's label starts."""
    spec = _spec()["fields"]
    for label in sorted(labels, key=len, reverse=True):
        pattern = rf"{re.escape(label)}\s*{_COLON}\s*"
        # a long label may follow another field on the same line (header lines run
        # together); a short one (年度) only opens a line. Leading whitespace only for the
        # latter: searched, "\s*label" retries at every space of a run, quadratic in it.
        match = re.search(pattern, text) if len(label) >= 4 else re.match(r"\s*" + pattern, text)
        if match:
            value = text[match.end():]
            every_label = [l for group in spec.values() for l in group]
            for other in sorted(every_label, key=len, reverse=True):
                cut = re.search(rf"{re.escape(other)}\s*{_COLON}", value)
                if cut:
                    value = value[: cut.start()]
            return value.strip()
    return None


# ---------------------------------------------------------------- fiscal year


def year_mentions(text: str) -> list[YearMention]:
    """Years written as "2024 年" that are about a period, not a range end or history."""
    spec = _spec()
    found = []
    for match in _YEAR.finditer(text):
        before = text[: match.start()].rstrip()
        after = text[match.end():].lstrip()
        if before[-1:] and before[-1] in "〔[【":
            continue  # 〔2025〕
        if before[-1:] and before[-1] in _RANGE_MARK and _RANGE_START.search(before[:-1]):
            continue  # 2023-2025 年, 2023 年至 2025 年 (but 截至 2021 年 is a date)
        if after[:1] and after[0] in _RANGE_MARK and _ANY_YEAR.match(after[1:].lstrip()):
            continue  # 2023 年-2025 年
        if any(after.startswith(word) for word in spec["history_after"]):
            continue  # 2019 年以来
        if any(before.endswith(word) for word in spec["history_before"]):
            continue  # 于 2019 年成立
        found.append(YearMention(int(match.group(1)), match.start(), match.end()))
    return found


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _year_votes(
    paragraphs: Sequence[Paragraph],
    header: Sequence[Paragraph],
    titles: Sequence[str],
    claims: Sequence[Claim],
) -> list[YearVote]:
    spec = _spec()
    weights = spec["weights"]
    fields = spec["fields"]
    votes: list[YearVote] = []
    for paragraph in header:
        value = _field_value(paragraph.text, fields["fiscal_year"])
        if value and (match := _ANY_YEAR.search(value)):
            votes.append(YearVote(int(match.group(1)), "field", weights["field"]))
        value = _field_value(paragraph.text, fields["filing_date"])
        if value and (match := _ANY_YEAR.search(value)):
            votes.append(YearVote(int(match.group(1)) - 1, "filing_date", weights["filing_date"]))
    # a page's own title field (标题 : 关于 2021 年市级预算调整方案的报告) is a title too
    titles = list(titles) or [v for p in header if (v := _field_value(p.text, fields["title"]))][:1]
    for title in titles:
        mentions = year_mentions(title)
        if mentions:
            votes.append(YearVote(mentions[0].year, "title", weights["title"]))
    in_header = {p.index for p in header}  # the title and fields have voted already
    body = [p for p in paragraphs if p.index not in in_header]
    statements, sentences = _budget_year_counts(body, claims)
    votes.extend(_shared_votes(statements, "budget_statements", weights["budget_statements"]))
    votes.extend(_shared_votes(sentences, "budget_sentences", weights["budget_sentences"]))
    return votes


def _budget_year_counts(
    paragraphs: Sequence[Paragraph], claims: Sequence[Claim]
) -> tuple[Counter, Counter]:
    """Years of budget statements, and years of every budget or expenditure sentence."""
    spec = _spec()
    money_at: dict[int, list[int]] = {}
    for claim in claims:
        if claim.kind == "money" and claim.source == "narrative" and claim.paragraph is not None:
            money_at.setdefault(claim.paragraph, []).append(claim.start)
    statements: Counter = Counter()
    sentences: Counter = Counter()
    reach = int(spec["statement_reach"])
    for paragraph in paragraphs:
        text = paragraph.text
        for start, end in _sentences(text):
            sentence = text[start:end]
            mentions = year_mentions(sentence)
            if not mentions:
                continue
            states_money = any(start <= at < end for at in money_at.get(paragraph.index, ()))
            if states_money or any(cue in sentence for cue in spec["budget_cues"]):
                sentences.update(m.year for m in mentions)
            for mention in mentions:
                following = sentence[mention.end: mention.end + reach]
                clause = re.split(f"[{_CLAUSE_END}]", following)[0]
                if any(cue in clause for cue in spec["statement_cues"]):
                    statements[mention.year] += 1
    return statements, sentences


def _shared_votes(counts: Counter, source: str, weight: float) -> list[YearVote]:
    """A source's weight shared among the years it names, by how often it names each."""
    total = sum(counts.values())
    return [
        YearVote(year, source, weight * count / total)
        for year, count in sorted(counts.items())
    ] if total else []


def elect_year(votes: Sequence[YearVote]) -> tuple[int | None, str | None]:
    """The year with the most weight, and the sources that voted for it, strongest first."""
    if not votes:
        return None, None
    totals: dict[int, float] = {}
    strongest: dict[int, float] = {}
    for vote in votes:
        totals[vote.year] = totals.get(vote.year, 0.0) + vote.weight
        strongest[vote.year] = max(strongest.get(vote.year, 0.0), vote.weight)
    year = max(totals, key=lambda y: (round(totals[y], 9), strongest[y], y))
    sources: dict[str, float] = {}
    for vote in votes:
        if vote.year == year:
            sources[vote.source] = max(sources.get(vote.source, 0.0), vote.weight)
    order = sorted(sources, key=lambda s: -float(_spec()["weights"][s]))
    return year, "+".join(order)


# ---------------------------------------------------------------- department


def clean_department(raw: str | None) -> str | None:
    """A department's name from a field or title fragment: seal marks, parentheses and
    what follows the name removed ("(公章)梅州市…局" → "梅州市…局")."""
    if not raw:
        return None
    spec = _spec()
    text = _compact(raw)
    seals = "|".join(map(re.escape, spec["seal_marks"]))
    text = re.sub(rf"[（(【\[]?(?:{seals})[）)】\]]?", "", text)
    text = re.sub(r"[（(][^（()）]*[）)]", "", text)
    for stop in spec["department_stops"]:
        at = text.find(stop)
        if at >= 0:
            text = text[:at]
    text = re.sub(rf"^{_YEAR_DIGITS}年度?", "", text)
    ends = [text.rfind(s) + len(s) for s in spec["department_suffixes"] if s in text]
    if not ends:
        return None
    name = text[: max(ends)].strip(" :：,，、.。;；")
    return name if len(name) >= 3 else None


def _department(
    paragraphs: Sequence[Paragraph],
    header: Sequence[Paragraph],
    titles: Sequence[tuple[str, str, int]],
) -> str | None:
    for label in _spec()["fields"]["department"]:
        for paragraph in header:
            name = clean_department(_field_value(paragraph.text, [label]))
            if name:
                return name
    for text, _kind, at in titles:
        name = clean_department(_compact(text)[:at])
        if name:
            return name
    return _most_named_department(paragraphs)


@cache
def _department_pattern() -> re.Pattern:
    suffixes = "|".join(
        map(re.escape, sorted(_spec()["department_suffixes"], key=len, reverse=True))
    )
    # a place (…省/市/区/县) then the body's name: 江门市政务服务数据管理局
    return re.compile(rf"[\u4e00-\u9fff]{{2,6}}[省市区县][\u4e00-\u9fff]{{2,16}}?(?:{suffixes})")


def _most_named_department(paragraphs: Sequence[Paragraph]) -> str | None:
    """The department name said most often near the top, when no field or title names one."""
    counts: Counter = Counter()
    first_seen: dict[str, int] = {}
    for paragraph in paragraphs[: int(_spec()["header_paragraphs"])]:
        for match in _department_pattern().finditer(_compact(paragraph.text)):
            name = match.group()
            counts[name] += 1
            first_seen.setdefault(name, len(first_seen))
    if not counts:
        return None
    return max(counts, key=lambda name: (counts[name], -first_seen[name]))
