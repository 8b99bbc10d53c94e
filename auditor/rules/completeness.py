"""completeness: a section heading with nothing under it, or a section the genre requires
that the report does not have.

What: (a) a heading (第一部分 / 一、 / （一） / 1. / （1）) followed directly by the next heading of
the same or a higher level (a part, 第一部分 or 第一章, is a level above its 一、 sections), with
no text, table or sub-heading of its own and nothing after the heading on its line. A section
that says it has nothing to report ("无。") is answered, not empty. Numbered lists are not
sections: a heading whose neighbour at the same level is also bare is a list item
("1. 组织起草…。 2. 统筹推进…。"), unless it names a section of the genre's outline. (b) When
the report kind is known, each section of its expected outline (lexicons/sections.yaml) is
looked for among the 一、 and （一） headings, by rapidfuzz partial ratio against the section's
aliases.

Why: an empty section is a template item the department never filled in — usually the
part a reviewer most needs (problems found, corrective measures). Reviewers check the
outline against the template first.

Wrong::

    一、部门基本情况
    负责全市政务数据的统筹管理和共享开放。
    二、绩效自评情况
    （一）自评结论
    部门整体支出绩效自评得分 92 分，等级为优。
    （二）履职效能分析
    年度重点工作全部完成。
    （三）管理效率分析
    预算执行率 98.6%。
    （四）就部门整体支出绩效管理存在问题提出改进措施。
    三、上年绩效自评整改情况。
    上年度问题已全部整改。
    (（四） is followed directly by 三、: the problems-and-measures section is empty)

Right::

    一、部门基本情况
    负责全市政务数据的统筹管理和共享开放。
    二、绩效自评情况
    （一）自评结论
    部门整体支出绩效自评得分 92 分，等级为优。
    （二）存在问题及改进措施。
    一是绩效目标设置不够细化；二是个别项目支出进度偏慢。
    三、其他自评情况
    无。
    (a section that says it has nothing to report is answered, not empty)
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from auditor.facts import kind_of_title
from auditor.findings import finding
from auditor.lexicon import load
from auditor.messages import joined, message
from auditor.models import Finding, Location, Paragraph
from auditor.normalise import normalise_chars, outline_marker
from auditor.report import Report
from auditor.rules.base import Rule

_TITLE_END = re.compile(r"[。；;:：]")
_LEADER = re.compile(r"(?:[.．…·]{3,}|[-—_]{4,})\s*\d+\s*$")
_NOT_TEXT = re.compile(r"[\s\W_]+")


@cache
def _spec() -> dict:
    return load("sections")


@cache
def _marker_tail() -> re.Pattern:
    """The separator a marker may carry before its title (第一部分：部门概况)."""
    return re.compile(rf"\s*[{re.escape(load('outline')['marker_separators'])}]?\s*")


@lru_cache(maxsize=4096)  # the contents check asks again for each heading of a run
def _marker_span(text: str) -> tuple[int, int] | None:
    """(start, end) in ``text`` of the outline marker opening it, as the normaliser reads
    markers (lexicons/outline.yaml), found on the normalised text so that a raw heading
    (（四）…) is read like a normalised one ((四)…); None when there is none."""
    normalised, origins = normalise_chars(text)
    found = outline_marker(normalised)
    if found is None:
        return None
    start = origins[len(normalised) - len(normalised.lstrip())]
    end = origins[found[1]] if found[1] < len(origins) else len(text)
    return start, end


def _after_marker(text: str) -> str:
    """A heading without its outline marker and the separator after it."""
    span = _marker_span(text)
    if span is None:
        return text
    return text[_marker_tail().match(text, span[1]).end():]


@dataclass(frozen=True)
class Heading:
    paragraph: Paragraph
    level: int
    title: str  # the heading's own words, marker and same-line content removed
    inline: str  # what follows the title on the heading's line
    body: bool  # text or a table under it before the next heading
    nothing: bool  # its only content says there is nothing to report ("无。")
    next_paragraph: Paragraph | None = None  # the next section heading, if any
    next_level: int | None = None

    @property
    def line(self) -> int:
        return self.paragraph.origin(0)[0]


def split_heading(text: str) -> tuple[str, str]:
    """(title, same-line content) of a heading: "1. 预算编制。该项得 27 分。" → (预算编制, 该项得 27 分。)."""
    rest = _after_marker(text)
    end = _TITLE_END.search(rest)
    if end is None:
        return rest.strip(), ""
    return rest[: end.start()].strip(), rest[end.end():].strip()


def _bare(text: str) -> str:
    return _NOT_TEXT.sub("", text)


def _says_nothing(texts: Sequence[str]) -> bool:
    answers = set(_spec()["nothing_answers"])
    return bool(texts) and all(_bare(text) in answers for text in texts)


def outline(report: Report) -> list[Heading]:
    """The section headings in reading order, each with what lies under it."""
    levels = set(_spec()["section_levels"])
    table_lines = sorted(
        cell.line for table in report.document.tables for row in table.rows for cell in row[:1]
    )
    paragraphs = report.document.paragraphs
    positions = [i for i, p in enumerate(paragraphs) if p.heading_level in levels]
    headings: list[Heading] = []
    for n, i in enumerate(positions):
        paragraph = paragraphs[i]
        stop = positions[n + 1] if n + 1 < len(positions) else len(paragraphs)
        under = [p.text for p in paragraphs[i + 1: stop] if _bare(p.text)]
        first_line = paragraph.origin(0)[0]
        next_line = paragraphs[stop].origin(0)[0] if stop < len(paragraphs) else None
        # the first table line after the heading, looked up (table_lines is sorted)
        after = bisect_right(table_lines, first_line)
        has_table = after < len(table_lines) and (next_line is None or table_lines[after] < next_line)
        title, inline = split_heading(paragraph.text)
        nothing = not has_table and (
            _says_nothing(under) or (not under and _says_nothing([inline]))
        )
        following = paragraphs[stop] if stop < len(paragraphs) else None
        headings.append(Heading(
            paragraph=paragraph,
            level=int(paragraph.heading_level or 0),
            title=title,
            inline=inline,
            body=has_table or (bool(under) and not _says_nothing(under)),
            nothing=nothing,
            next_paragraph=following,
            next_level=None if following is None else int(following.heading_level or 0),
        ))
    return headings


def _has_subsections(heading: Heading) -> bool:
    return heading.next_level is not None and heading.next_level > heading.level


def _bare_under(heading: Heading) -> bool:
    """Nothing under the heading's line: no body, no sub-headings (same-line text allowed)."""
    return not heading.body and not heading.nothing and not _has_subsections(heading)


def _empty(heading: Heading) -> bool:
    return _bare_under(heading) and not _bare(heading.inline)


def _siblings(headings: Sequence[Heading], n: int) -> list[Heading]:
    """The headings at the same level right before and after headings[n], within its parent."""
    level = headings[n].level
    found = []
    for step in (-1, 1):
        m = n + step
        while 0 <= m < len(headings) and headings[m].level > level:
            m += step
        if 0 <= m < len(headings) and headings[m].level == level:
            found.append(headings[m])
    return found


# ---------------------------------------------------------------- expected outline


def _expected(kind: str | None) -> list[dict]:
    return list(_spec()["kinds"].get(kind, [])) if kind else []


def _matches(section: dict, title: str) -> bool:
    threshold = float(_spec()["match_threshold"])
    bare_title = _bare(title)
    if any(_bare(other) in bare_title for other in section.get("not_titles", ())):
        return False
    return any(
        fuzz.partial_ratio(_bare(alias), bare_title) >= threshold for alias in section["aliases"]
    )


def _names_a_section(heading: Heading, kind: str | None) -> dict | None:
    sections = _expected(kind) or [s for spec in _spec()["kinds"].values() for s in spec]
    return next((s for s in sections if _matches(s, heading.title)), None)


# ---------------------------------------------------------------- the rule


def check(report: Report) -> Iterable[Finding]:
    headings = outline(report)
    yield from _empty_sections(report, headings)
    yield from _missing_sections(report, headings)


def _empty_sections(report: Report, headings: list[Heading]) -> Iterable[Finding]:
    kind = report.facts.kind
    match_levels = set(_spec()["match_levels"])
    for n, heading in enumerate(headings):
        if heading.nothing:
            section = _names_a_section(heading, kind) if heading.level in match_levels else None
            if section is not None and section["severity"] == "warning":
                yield _answered_nothing(report, heading, section)
            continue
        if not _empty(heading) or _carries_content(report, heading) or _is_contents_entry(report, headings, n):
            continue
        names_section = heading.level in match_levels and _names_a_section(heading, kind)
        in_a_list = any(_bare_under(s) for s in _siblings(headings, n))
        if in_a_list and not names_section:
            continue
        yield _empty_finding(report, heading, certain=not _text_may_be_cut(heading))


def _carries_content(report: Report, heading: Heading) -> bool:
    """(1)经费拨款 848105.90 元，同比减少…。: a numbered item that states its content on its
    own line (a figure, or a whole sentence), not a section title."""
    if report.claims_by_paragraph.get(heading.paragraph.index):
        return True
    text = heading.paragraph.text.rstrip()
    # a title is one clause; a line that answers itself runs on past a comma
    clauses = re.split(r"[，,；;]", _after_marker(text))
    return (len(_bare(heading.title)) >= _spec()["content_title_chars"] and len(clauses) > 1
            and text.endswith(tuple(_spec()["sentence_ends"])))


def _is_contents_entry(report: Report, headings: Sequence[Heading], n: int) -> bool:
    """目录: a heading whose title stands again as a later heading, or one in the run of bare
    headings right after a 目录 line, is the table of contents."""
    title = _bare(headings[n].title)
    if title and any(_bare(h.title) == title for h in headings[n + 1 :]):
        return True
    if headings[n].paragraph.text.rstrip().endswith("|"):
        return True  # 1、因公出国(境)费 |: a cell of a table a web page flattened, no heading
    # before the report's first part (第一部分), sections of a lower level are a contents list
    parts = [h.level for h in headings[n + 1 :] if h.level < headings[n].level]
    if parts and not any(h.level == min(parts) for h in headings[:n]):
        return True
    if _LEADER.search(headings[n].paragraph.text):
        return True  # 一、主要职能 ………… 3: a dotted leader and a page number
    # the run of heading lines (parts, sections, items) around it, and what opens it
    paragraphs = report.document.paragraphs

    def bare_heading(i: int) -> bool:
        return paragraphs[i].heading_level is not None and not _bare(split_heading(paragraphs[i].text)[1])

    before = after = headings[n].paragraph.index
    while before > 0 and bare_heading(before - 1):
        before -= 1
    while after + 1 < len(paragraphs) and bare_heading(after + 1):
        after += 1
    if after - before + 1 >= _spec()["contents_run"]:
        return True  # a long run of bare headings is a contents page, whatever its title
    return before > 0 and _bare(paragraphs[before - 1].text) in set(_spec()["contents_words"])


def _text_may_be_cut(heading: Heading) -> bool:
    """Where the text itself may be what is missing: a heading at the very end (an excerpt or
    a cut extraction), one naming a table (the table may be an image), or one whose next
    heading skips numbers (九、 then 十二、: the text between is not in the input)."""
    if heading.next_paragraph is None:
        return True
    if _bare(heading.title).endswith(tuple(_spec()["table_title_endings"])):
        return True
    here, there = _ordinal(heading.paragraph.text), _ordinal(heading.next_paragraph.text)
    return heading.next_level == heading.level and None not in (here, there) and there != here + 1


def _ordinal(text: str) -> int | None:
    """The number a heading's marker gives it (十二、 → 12, (3) → 3, 第一部分 → 1)."""
    from auditor.quantities import parse_chinese_number

    span = _marker_span(text)
    match = re.search(r"[一二三四五六七八九十百]+|\d+", text[span[0]:span[1]]) if span else None
    if match is None:
        return None
    number = match.group(0)
    if number.isdigit():
        return int(number)
    parsed = parse_chinese_number(number)
    return int(parsed[0]) if parsed else None


def _location(paragraph: Paragraph) -> Location:
    line, column = paragraph.origin(0)
    return Location(line, column, paragraph.page)


def _as_written(report: Report, paragraph: Paragraph) -> str:
    """A one-line heading as the source writes it (the paragraph text is normalised)."""
    (line, first), (last_line, last) = paragraph.origin(0), paragraph.origin(len(paragraph.text) - 1)
    source = report.document.source.lines
    if line == last_line and 0 < line <= len(source) and source[line - 1].line == line:
        written = source[line - 1].text[first - 1: last].strip()
        if written:
            return written
    return paragraph.text.strip()


def _empty_finding(report: Report, heading: Heading, certain: bool = True) -> Finding:
    text = _as_written(report, heading.paragraph)
    if heading.next_paragraph is not None:
        after = message("completeness.empty.next_heading",
                        following=_as_written(report, heading.next_paragraph))
    else:
        after = message("completeness.empty.at_end")
    says = message("completeness.empty", heading=text, after=after,
                   unsure="" if certain else message("completeness.empty.unsure"))
    return finding(RULE.id, "error" if certain else "info", says, None,
                   confidence=0.9 if certain else 0.3, location=_location(heading.paragraph),
                   subject_text=text)


def _answered_nothing(report: Report, heading: Heading, section: dict) -> Finding:
    text = _as_written(report, heading.paragraph)
    says = message("completeness.answered_nothing", section=section["section"], heading=text)
    return finding(RULE.id, "info", says, None, confidence=0.5,
                   location=_location(heading.paragraph), subject_text=text)


def _missing_sections(report: Report, headings: list[Heading]) -> Iterable[Finding]:
    kind = report.facts.kind
    sections = _expected(kind)
    if not sections or not report.document.paragraphs:
        return
    spec = _spec()
    if sum(1 for h in headings if h.level == 1) < int(spec["min_level1_headings"]):
        return  # no recognisable outline: nothing to compare with
    titles = [h.title for h in headings if h.level in set(spec["match_levels"])]
    where = _location(_title_paragraph(report.document.paragraphs))
    for section in sections:
        if any(_matches(section, title) for title in titles):
            continue
        says = message("completeness.missing", kind=str(kind), section=section["section"],
                       aliases=joined(section["aliases"][:4], "sep.enum"))
        yield finding(RULE.id, section["severity"], says, None,
                      confidence=0.6 if section["severity"] == "warning" else 0.4,
                      location=where, subject_text=section["section"])


def _title_paragraph(paragraphs: Sequence[Paragraph]) -> Paragraph:
    """Where a missing section is reported: the title line, else the first paragraph."""
    return next((p for p in paragraphs if kind_of_title(p.text)), paragraphs[0])


RULE = Rule(
    id="completeness",
    family="context",
    severity="error",
    summary="a heading with nothing under it; a section the report kind requires is missing",
    check=check,
)
