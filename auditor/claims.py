"""Build claims: every quantity the report states, with its subject, stage, year and place.

Narrative paragraphs are segmented by jieba (auditor.nlp); the metric phrase a figure
states is the run of tokens before it in its clause, with function words
stripped (lexicons/subjects.yaml). Stage and year come from the subject or, failing that,
from the nearest cue before the figure in its sentence. Table cells become claims in
auditor.tables, which knows their row labels and column roles.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import cache

from auditor.grammar import direction_before, is_compared_base
from auditor.lexicon import load
from auditor.models import Claim, Document, Location, Paragraph, Quantity
from auditor.normalise import outline_marker, split_sentences
from auditor.quantities import extract_from_normalised
from auditor.report import Sentence

# Kinds that become claims; bare numbers are left to the formula rule.
CLAIM_KINDS = ("money", "percent", "count", "score", "year")
# The longest parenthesis read as part of a name (因公出国（境）费); longer ones are asides.
_MAX_ASIDE = 3
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@cache
def _subject_words() -> tuple[tuple[str, ...], tuple[str, ...], str]:
    spec = load("subjects")
    leading = tuple(sorted(spec["leading"], key=len, reverse=True))
    trailing = tuple(sorted(spec["trailing"], key=len, reverse=True))
    return leading, trailing, spec["boundaries"]


@cache
def _previous_year_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    spec = load("subjects")
    return tuple(spec["previous_year"]), tuple(spec["previous_year_not"])


@cache
def _stage_cues() -> tuple[tuple[str, str], ...]:
    """(cue, stage) pairs in lexicon order (most specific stage first)."""
    return tuple((cue, entry["stage"]) for entry in load("stages") for cue in entry["cues"])


@cache
def _not_cues() -> tuple[str, ...]:
    """Words that contain a stage cue without naming the stage (年初结转 is not 年初预算)."""
    return tuple(w for entry in load("stages") for w in entry.get("not_cues", ()))


def _without_not_cues(text: str) -> str:
    for word in _not_cues():
        text = text.replace(word, "#" * len(word))  # same length: positions still compare
    for pattern in _not_cue_patterns():
        text = pattern.sub(lambda m: "#" * len(m.group(0)), text)
    return text


@cache
def _not_cue_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for entry in load("stages") for p in entry.get("not_patterns", ()))


@cache
def _refinements() -> dict[str, tuple[str, ...]]:
    """Generic stage → the stages whose cue, earlier in a subject, narrows it (预算 → 年初预算)."""
    found: dict[str, list[str]] = {}
    for entry in load("stages"):
        for generic in entry.get("refines", ()):
            found.setdefault(generic, []).append(entry["stage"])
    return {k: tuple(v) for k, v in found.items()}


def build_claims(
    document: Document, tables: tuple = ()
) -> tuple[tuple[Claim, ...], tuple[Sentence, ...]]:
    """All claims of a document, in reading order, and the sentences they sit in.

    ``tables`` are the document's tables as auditor.tables parsed them (one per
    Document.tables entry); their numeric cells become claims too.
    """
    from auditor.nlp import Segmented, segmenter

    segmenter()  # jieba as the conflict rule reads it too, whether or not a phrase is cut

    sentences: list[Sentence] = []
    narrative: list[Claim] = []
    paragraphs = document.paragraphs
    lines = {line.line: line.text for line in document.source.lines}
    pages = {line.line: line.page for line in document.source.lines}
    found = [extract_from_normalised(p.text) for p in paragraphs]
    for paragraph, quantities in zip(paragraphs, found):
        doc = Segmented(paragraph.text)  # cut into words only where a phrase is read
        spans = split_sentences(paragraph.text) or [(0, len(paragraph.text))]
        first = len(sentences)
        for start, end in spans:
            sentences.append(
                Sentence(len(sentences), paragraph.index, start, end, paragraph.text[start:end])
            )
        narrative.extend(
            _paragraph_claims(paragraph, quantities, doc, sentences[first:], lines, pages)
        )
    tabular = _table_claims(document, tables)
    ordered = sorted(narrative + tabular, key=lambda c: (c.location.line, c.location.column))
    claims = tuple(replace(c, id=f"C{i}") for i, c in enumerate(ordered, 1))
    return claims, tuple(sentences)


def _table_claims(document: Document, parsed_tables: tuple) -> list[Claim]:
    from auditor.tables import table_claims

    claims: list[Claim] = []
    for table, parsed in zip(document.tables, parsed_tables):
        claims.extend(table_claims(parsed, table.index, len(claims) + 1))
    return claims


def _paragraph_claims(
    paragraph: Paragraph,
    quantities: list[Quantity],
    doc,
    sentences: list[Sentence],
    lines: dict[int, str],
    pages: dict[int, int | None],
) -> list[Claim]:
    claims = []
    text = paragraph.text
    starts = [s.start for s in sentences]
    years = [k for k, q in enumerate(quantities) if q.kind == "year" and q.upper is None]
    for position, quantity in enumerate(quantities):
        if quantity.kind not in CLAIM_KINDS:
            continue
        sentence = _sentence_at(sentences, quantity.start, starts)
        floor = quantities[position - 1].end if position else 0
        subject = subject_before(text, quantity.start, floor, doc)
        if quantity.kind == "count":
            subject = _with_counted_noun(subject, text, quantity.end, quantities, position)
        sentence_start = sentence.start if sentence else 0
        if quantity.kind == "percent":
            subject = _with_component(subject, text, quantities, position, sentence_start, doc)
        line, column = paragraph.origin(quantity.start)
        claims.append(
            Claim(
                id="",
                quantity=_with_source_text(quantity, paragraph, lines),
                location=Location(line, column, pages.get(line, paragraph.page)),
                source="narrative",
                subject=subject,
                stage=stage_of(subject, text[max(sentence_start, quantity.start - STAGE_LOOKBACK)
                                             : quantity.start]),
                year=_year_of(subject, quantities, position, sentence_start, text, years),
                paragraph=paragraph.index,
                sentence=sentence.index if sentence else None,
                start=quantity.start,
                end=quantity.end,
                context=sentence.text if sentence else text,
                direction=direction_before(text, quantity.start, max(floor, sentence_start)),
                compared=is_compared_base(text, quantity.start, quantity.end, sentence_start),
            )
        )
    return claims


def _with_source_text(quantity: Quantity, paragraph: Paragraph, lines: dict[int, str]) -> Quantity:
    """The quantity with its surface text as the source shows it ("8,318.83 万元", "4.6\\%")."""
    first_line, first_col = paragraph.origin(quantity.start)
    last_line, last_col = paragraph.origin(quantity.end - 1)
    source = lines.get(first_line)
    if source is None or last_line != first_line or last_col < first_col:
        return quantity  # wrapped across lines: the normalised text is the honest surface
    # "3.04$ 分": formula delimiters inside a figure are markup, not part of what it says
    return replace(quantity, text=source[first_col - 1 : last_col].replace("$", ""))


# How far back in its sentence a figure's stage cue is looked for. Far beyond any real
# sentence; it only keeps a list of thousands of items in one sentence linear, not quadratic.
STAGE_LOOKBACK = 2000


def _sentence_at(sentences: list[Sentence], offset: int,
                 starts: list[int] | None = None) -> Sentence | None:
    if starts is not None:  # sentences in order: look the offset up, do not scan
        k = bisect_right(starts, offset) - 1
        if k >= 0 and sentences[k].start <= offset < sentences[k].end:
            return sentences[k]
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return sentences[-1] if sentences else None


def subject_before(text: str, start: int, floor: int, doc=None, _depth: int = 0) -> str | None:
    """The metric phrase stated just before offset ``start``, never reaching before ``floor``.

    The phrase runs back to the nearest clause boundary; function words are stripped from
    both ends, as whole jieba tokens when the paragraph's ``nlp.Segmented`` is given (so
    及时率 keeps its 及). A figure in parentheses ("(15 分)") takes the phrase before the
    parenthesis.
    """
    leading, trailing, boundaries = _subject_words()
    begin = start
    while True:
        while begin > floor and text[begin - 1] not in boundaries:
            begin -= 1
        inside = _short_aside_before(text, begin, start, floor)
        if inside is None:
            break
        begin = inside  # a name with a short aside in it: 因公出国（境）费
    begin = _after_outline_marker(text, begin, start)
    if doc is not None:
        # tokens overlapping the phrase, clipped to it (jieba may glue 年收入 across the cut)
        words = doc.words(begin, start)
        phrase = _strip_tokens(words, set(leading), set(trailing))
        # a leading word jieba cut in two (主要|包括) is stripped as a string
        phrase = _strip(phrase, tuple(w for w in leading if len(w) > 1), ())
    else:
        phrase = _strip(text[begin:start], leading, trailing)
    if phrase or _depth >= _MAX_PARENTHESES:  # a name is never behind more parentheses
        return phrase or None
    if begin > 0 and text[begin - 1] in "(（" and begin - 1 > floor:
        return subject_before(text, begin - 1, floor, doc, _depth + 1)
    if begin > 0 and text[begin - 1] in ")）":
        # an aside between the name and the figure: 项目支出（含专项资金）800 万元
        opening = max(text.rfind("(", floor, begin - 1), text.rfind("（", floor, begin - 1))
        if opening > floor:
            return subject_before(text, opening, floor, doc, _depth + 1)
    return None


_MAX_PARENTHESES = 8


def _short_aside_before(text: str, begin: int, start: int, floor: int) -> int | None:
    """The opening of a short word-only parenthesis closing at ``begin`` inside a name
    (因公出国（境）费, 政府办公厅（室）), or None when the boundary there really ends the phrase
    (a unit right before the figure, 预算数（万元）1200, is an aside, not part of the name)."""
    if begin <= floor or begin >= start or text[begin - 1] not in ")）":
        return None
    opening = max(text.rfind("(", floor, begin - 1), text.rfind("（", floor, begin - 1))
    inner = text[opening + 1 : begin - 1]
    if opening <= floor or not 1 <= len(inner) <= _MAX_ASIDE or not _HAN.fullmatch(inner):
        return None
    _, _, boundaries = _subject_words()
    if text[opening - 1] in boundaries or text[begin] in boundaries:
        return None  # the parenthesis stands alone, not inside a name
    return opening


def _after_outline_marker(text: str, begin: int, start: int) -> int:
    """Skip an outline marker (1. / （2） / 一是) opening the phrase: it numbers, it does not name."""
    found = outline_marker(text[begin:start])
    if found is None or found[1] >= start - begin:
        return begin
    return begin + found[1]


@cache
def _verbs_after_counts() -> tuple[str, ...]:
    """Words after a count that start a predicate, not the counted noun (81.35 万人次增加 …)."""
    change = load("cues")["change"]
    return tuple(change["increase"] + change["decrease"] + change["comparison"] + ["占", "为", "的"])


def _with_component(subject, text, quantities, position, sentence_start, doc) -> str | None:
    """项目支出 3,210.27 万元，执行率 93.32%: a bare rate word after a component's amount is
    that component's rate (项目支出执行率), so it can be matched with a restatement."""
    rates = tuple(load("cues")["rates"])
    if subject not in rates or not position:
        return subject
    previous = quantities[position - 1]
    between = text[previous.end : quantities[position].start]
    if previous.kind != "money" or previous.start < sentence_start or re.search(r"[；;。]", between):
        return subject
    floor = quantities[position - 2].end if position > 1 else 0
    owner = subject_core(subject_before(text, previous.start, max(floor, sentence_start), doc))
    generic = set(load("subjects")["generic"])
    return f"{owner}{subject}" if len(owner) >= 2 and owner not in generic else subject


@cache
def _stage_words_longest_first() -> tuple[str, ...]:
    return tuple(sorted((c for e in load("stages") for c in e["cues"]), key=len, reverse=True))


@cache
def _scope_words() -> tuple[str, ...]:
    return tuple(sorted(load("subjects")["scopes"], key=len, reverse=True))


def scopes_of(subject: str) -> frozenset[str]:
    """The scope words a subject names (全县, 县本级, 上划中央 …), longest first, no overlaps."""
    found, rest = set(), subject
    for word in _scope_words():
        if word in rest:
            found.add(word)
            rest = rest.replace(word, "#")
    return frozenset(found)


def without_scopes(subject: str) -> str:
    for word in _scope_words():
        subject = subject.replace(word, "")
    return subject


def subject_core(subject: str | None) -> str:
    """A subject without its stage words: 基本支出预算数 → 基本支出; 决算数 → ""."""
    core = subject or ""
    for cue in _stage_words_longest_first():
        core = core.replace(cue, "")
    return core.strip("数额为的")


def _with_counted_noun(subject, text, end, quantities, position) -> str | None:
    """Chinese names what is counted after the measure word: 上线 107 个“一件事”主题服务.

    The noun phrase after the figure, up to the next boundary or figure, is appended so
    that two counts of different things do not share a subject.
    """
    _, _, boundaries = _subject_words()
    limit = quantities[position + 1].start if position + 1 < len(quantities) else len(text)
    stop = end
    while stop < limit and stop - end < 16 and text[stop] not in boundaries:
        stop += 1
    noun = text[end:stop].strip(" “”\"")
    noun = noun.replace("“", "").replace("”", "")
    # 等 after the last item closes the list (防火墙 12 台等): it is not what is counted
    for suffix in load("cues")["enumeration"]["partial_suffix"]:
        if noun == suffix:
            noun = ""
    if not noun or any(ch.isdigit() for ch in noun) or noun.startswith(_verbs_after_counts()):
        return subject
    return f"{subject or ''}{noun}"


def _strip_tokens(words: list[str], leading: set[str], trailing: set[str]) -> str:
    words = [w for w in words if w.strip(" \t“”\"'《》")]
    while words and words[0] in leading:
        words.pop(0)
    while words and words[-1] in trailing:
        words.pop()
    return "".join(words).strip(" \t“”\"'《》")


def _strip(phrase: str, leading: tuple[str, ...], trailing: tuple[str, ...]) -> str:
    phrase = phrase.strip(" \t“”\"'《》")
    changed = True
    while changed and phrase:
        changed = False
        for word in leading:
            if phrase.startswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[len(word):].lstrip(" “”\""), True
                break
        for word in trailing:
            if phrase.endswith(word):
                phrase, changed = phrase[: -len(word)].rstrip(" “”\""), True
                break
    return phrase


def stage_of(subject: str | None, before: str) -> str | None:
    """The budget stage a claim is about: a cue in its subject, else the nearest before it."""
    subject, before = _without_not_cues(subject or ""), _without_not_cues(before)
    if subject:
        # Chinese puts the head noun last: the cue nearest the end of the subject wins
        found = [
            (subject.rfind(cue) + len(cue), len(cue), stage)
            for cue, stage in _stage_cues()
            if cue in subject
        ]
        if found:
            _, _, stage = max(found)
            narrower = [s for s in _refinements().get(stage, ()) for _, _, t in found if t == s]
            return narrower[0] if narrower else stage
    best: tuple[int, int, str] | None = None
    for rank, (cue, stage) in enumerate(_stage_cues()):
        position = before.rfind(cue)
        if position < 0:
            continue
        key = (position + len(cue), -rank, stage)
        if best is None or key > best:
            best = key
    return best[2] if best else None


def _year_of(
    subject: str | None, quantities: list[Quantity], position: int, sentence_start: int,
    text: str = "", years: list[int] | None = None,
) -> int | None:
    """The claim's year: the sentence's year before it, one less when its words say 上年."""
    year = _year_before(quantities, position, sentence_start, text, years)
    if quantities[position].kind == "year" or not subject:
        return year
    words, not_words = _previous_year_words()
    for word in not_words:
        subject = subject.replace(word, "")
    if any(word in subject for word in words):
        return None if year is None else year - 1
    return year


def _year_before(
    quantities: list[Quantity], position: int, sentence_start: int, text: str = "",
    years: list[int] | None = None,
) -> int | None:
    """The year of the nearest year quantity before this one in its sentence.

    A year after a comparison word (较 2023 年同期…) is the other side of a comparison: it
    dates the figures of its own clause only, not those after the next clause break.
    """
    quantity = quantities[position]
    if quantity.kind == "year":
        return int(quantity.value)
    comparison = tuple(load("cues")["comparison_before_year"])
    # ``years``: positions of the plain year quantities, so only those are visited (the
    # others are skipped anyway; walking past them was quadratic in a long list)
    earlier_ones = (quantities[years[k]] for k in range(bisect_left(years, position) - 1, -1, -1)) \
        if years is not None else reversed(quantities[:position])
    for earlier in earlier_ones:
        if earlier.start < sentence_start:
            break
        if earlier.kind != "year" or earlier.upper is not None:
            continue
        compared = text[max(sentence_start, earlier.start - 3) : earlier.start].endswith(comparison)
        if compared and any(ch in "，,；;" for ch in text[earlier.end : quantity.start]):
            continue
        return int(earlier.value)
    return None
