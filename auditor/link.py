"""Link claims into the relations a report states.

Rules check arithmetic; this module finds what to check. From the words around the
figures (lexicons/cues.yaml) it recognises:

- enumerations: a total and its components (其中, 包括, 主要包括, 分别为, a parenthesised
  breakdown), with any share or rate stated beside each component;
- ratios: a percentage with its numerator and denominator (为 B 的 P%, 占 B 的 P%,
  执行率 with the amounts it is computed from, a share whose base is a total stated
  elsewhere);
- changes: 比…增加 / 减少 N against the two amounts, and the percentage that follows;
- averages: 平均 / 日均 / 人均 N against the total and the count it divides.

Each relation keeps the claims it involves, so a rule's finding can cite every line.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from auditor.lexicon import load
from auditor.claims import subject_core
from auditor.models import Claim

if TYPE_CHECKING:
    from auditor.report import Report, Sentence

AMOUNT_KINDS = ("money", "count", "score")
CHANGE_KINDS = ("money", "count")  # what 比…增加 N can be said of


@dataclass(frozen=True)
class Enumeration:
    head: Claim | None
    items: tuple[Claim, ...]
    shares: tuple[Claim | None, ...]  # the 占 P% stated beside each item
    rates: tuple[Claim | None, ...]  # the 执行率-like P% stated beside each item
    cue: str  # 其中 | 包括 | 主要包括 | 分别为 | () | shares
    partial: bool  # the words say the list may be incomplete
    measure: str
    inferred: bool = False  # the total was inferred (a share list's base), not written


@dataclass(frozen=True)
class Ratio:
    result: Claim  # the stated percentage
    numerator: Claim
    denominator: Claim | None
    form: str  # of (为 B 的), share (占 B 的 / 占 P%), rate (执行率…)
    base_words: str = ""  # for a share without a stated base: what 占 names (总支出)
    inferred: bool = False  # the denominator was not written beside the share: inferred
    direction: int = 0  # growth form: +1 增长/增加, -1 下降/减少; P = (numerator − base) ÷ base


@dataclass(frozen=True)
class Change:
    change: Claim  # the stated difference
    current: Claim
    base: Claim
    direction: int  # +1 increase, -1 decrease
    percent: Claim | None = None  # the 增加/减少 P% that follows


@dataclass(frozen=True)
class Average:
    average: Claim
    total: Claim
    counts: tuple[Claim, ...]  # candidate divisors stated in the report
    per: str  # day | month | person | item
    days: int | None = None  # divisor for per-day averages


@dataclass(frozen=True)
class Links:
    enumerations: tuple[Enumeration, ...]
    ratios: tuple[Ratio, ...]
    changes: tuple[Change, ...]
    averages: tuple[Average, ...]


@cache
def cues() -> dict:
    return load("cues")


def measure_of(claim: Claim) -> str:
    return claim.quantity.measure or claim.unit


def same_measure(a: Claim, b: Claim) -> bool:
    return a.kind == b.kind and measure_of(a) == measure_of(b)


def link(report: "Report") -> Links:
    enumerations: list[Enumeration] = []
    ratios: list[Ratio] = []
    changes: list[Change] = []
    averages: list[Average] = []
    by_paragraph = _sentences_by_paragraph(report)
    listed = _Listed()
    before_paragraph: list["Sentence"] = []
    for paragraph, sentences in by_paragraph.items():
        for position, sentence in enumerate(sentences):
            claims = report.claims_by_sentence.get(sentence.index, ())
            previous = sentences[:position]
            found = _enumerations(report, sentence, claims, previous, before_paragraph)
            enumerations.extend(listed.add(found))
            ratios.extend(_ratios(report, sentence, claims, found, previous))
            found_changes, growth = _changes(report, sentence, claims, previous)
            changes.extend(found_changes)
            ratios.extend(growth)
            enumerations.extend(listed.add(_totals_after_items(report, sentence, claims, listed.members)))
            enumerations.extend(listed.add(_budget_build_up(report, sentence, claims, listed.items)))
            compared = {c.base.id for c in found_changes}  # a change's base is last year's
            averages.extend(_averages(report, sentence, claims, previous, compared))
        before_paragraph = sentences
    ratios = _resolve_share_bases(report, ratios)
    enumerations.extend(_share_lists(ratios, enumerations))
    return Links(tuple(enumerations), tuple(ratios), tuple(changes), tuple(averages))


def _sentences_by_paragraph(report: "Report") -> dict[int, list["Sentence"]]:
    grouped: dict[int, list] = {}
    for sentence in report.sentences:
        grouped.setdefault(sentence.paragraph, []).append(sentence)
    return grouped


# ---------------------------------------------------------------- enumerations


def _enumerations(report, sentence, claims, previous, before_paragraph=()) -> list[Enumeration]:
    text = report.paragraph_text(sentence.paragraph)
    found: list[Enumeration] = []
    taken: set[str] = set()
    for enumeration in _parenthesised(text, sentence, claims):
        found.append(enumeration)
        taken.update(c.id for c in enumeration.items)
    cue_positions = _cue_positions(text, sentence)
    paren_spans = _paren_spans(text, sentence)
    for index, (position, cue, cue_start) in enumerate(cue_positions):
        if any(a <= position < b for a, b in paren_spans):
            continue
        limit = cue_positions[index + 1][0] if index + 1 < len(cue_positions) else sentence.end
        after = [c for c in claims if position < c.start < limit and c.id not in taken]
        before = [c for c in claims if c.start < position and c.kind in AMOUNT_KINDS]
        if index + 1 < len(cue_positions):
            # the figure just before the next cue is that cue's total, not our component
            next_cue = cue_positions[index + 1][0]
            after = [c for c in claims if position < c.start < next_cue and c.id not in taken]
            tail = [c for c in after if c.kind in AMOUNT_KINDS]
            if tail:
                after = [c for c in after if c is not tail[-1]]
        staged = _per_stage(report, text, sentence, cue, before, after, previous)
        if staged is not None:
            found.extend(staged)
            taken.update(c.id for e in staged for c in e.items)
            continue
        after = _cut_at_higher_separator(text, after)
        head = _head(report, text, sentence, cue_start, before, after, previous, before_paragraph)
        enumeration = _build(head, after, cue, text, sentence)
        if enumeration is not None:
            found.append(enumeration)
            taken.update(c.id for c in enumeration.items)
    return found


def _per_stage(report, text, sentence, cue, before, after, previous) -> list[Enumeration] | None:
    """其中：A 预算数 X，执行数 Y；B 预算数 …: one list per stage, each against the total
    of that stage stated before it. None when the list is not written stage by stage."""
    amounts = [c for c in after if c.kind in AMOUNT_KINDS]
    if not any(_names_only_a_stage(c.subject) for c in amounts):
        return None
    stages = list(dict.fromkeys(c.stage for c in amounts if c.stage))
    earlier = list(before)
    if previous:
        earlier = list(report.claims_by_sentence.get(previous[-1].index, ())) + earlier
    lists = []
    for stage in stages:
        items = [c for c in amounts if c.stage == stage]
        heads = [
            c for c in earlier
            if c.stage == stage and c.kind in AMOUNT_KINDS and same_measure(c, items[0])
            and c.value >= max(i.value for i in items) and not inside_parentheses(text, c.start)
        ]
        if len(items) < 2 or not heads:
            continue
        shares, rates = _attached_percentages(text, items, [c for c in after if c.kind == "percent" or c in items])
        lists.append(Enumeration(heads[-1], tuple(items), shares, rates, cue,
                                 _cue_kind(cue) == "partial", measure_of(items[0])))
    return lists


def _cut_at_higher_separator(text: str, after: list[Claim]) -> list[Claim]:
    """End a list at a ； that separates more than its items.

    In "其中人员经费 X、公用经费 Y；项目支出 Z" the items are joined by 、 and the ； moves on to
    a sibling of the total; in "其中 A 分配 X，占 P%；B 分配 Y，占 Q%" the ； joins the items.
    """
    amounts = [c for c in after if c.kind in AMOUNT_KINDS]
    for index in range(1, len(amounts)):
        gap_start = amounts[index - 1].end
        match = re.search(r"[；;]", text[gap_start : amounts[index].start])
        if match is None:
            continue
        if index < 2:
            return after  # the first items are already joined by ；: it is the item separator
        cut = gap_start + match.start()
        return [c for c in after if c.start < cut]
    return after


def _cue_positions(text: str, sentence) -> list[tuple[int, str, int]]:
    """(offset just after the cue, cue, offset of the cue) for every enumeration cue."""
    spec = cues()["enumeration"]
    words = [(w, "partial") for w in spec["partial"]]
    words += [(w, "complete") for w in spec["complete"]]
    words += [(w, "subset") for w in spec["subset"]]
    words.sort(key=lambda item: len(item[0]), reverse=True)
    segment = text[sentence.start : sentence.end]
    # "在编人员中，A…，B…": a sentence opening with "X中，" breaks down the X stated before
    opening = re.match(r"([\u4e00-\u9fff]{2,10})中[，,：:]", segment)
    hits: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for word, _ in words:
        for match in re.finditer(re.escape(word), segment):
            a, b = match.start(), match.end()
            if any(x < b and a < y for x, y in covered):
                continue
            if word == "含" and not re.match(r"[\(（]?含", segment[max(a - 1, 0) : b]):
                continue
            covered.append((a, b))
            hits.append((sentence.start + b, word, sentence.start + a))
    if opening and not any(x < opening.end() and opening.start() < y for x, y in covered):
        cue_at = opening.end(1)
        hits.append((sentence.start + opening.end(), "其中", sentence.start + cue_at))
    return sorted(hits)


def _paren_spans(text: str, sentence) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"[\(（][^\(\)（）]*[\)）]", text[sentence.start : sentence.end]):
        spans.append((sentence.start + match.start(), sentence.start + match.end()))
    return spans


def _parenthesised(text, sentence, claims) -> list[Enumeration]:
    """X 个（A 个、B 个）: a figure followed by a breakdown in parentheses."""
    found = []
    for start, end in _paren_spans(text, sentence):
        inside = [c for c in claims if start < c.start < end]
        heads = [c for c in claims if c.end <= start and c.kind in AMOUNT_KINDS]
        if not heads or len(inside) < 2:
            continue
        head = heads[-1]
        if text[head.end : start].strip():
            continue  # the parenthesis does not follow the figure directly
        items = [c for c in inside if same_measure(c, head)]
        if len(items) < 2:
            continue
        opening = text[start + 1 : items[0].start]
        cue = "其中" if "其中" in opening else "()"
        partial = _ends_with_partial_suffix(text, items[-1].end, end) or any(
            w in opening for w in cues()["enumeration"]["partial"]
        )
        found.append(
            Enumeration(head, tuple(items), (None,) * len(items), (None,) * len(items),
                        cue, partial, measure_of(head))
        )
    return found


def _head(report, text, sentence, cue_start, before, after, previous, before_paragraph=()) -> Claim | None:
    """The total a list of components belongs to."""
    items = [c for c in after if c.kind in AMOUNT_KINDS]
    if not items:
        return None
    # a change (节约 1.54 万元) or an average before 其中 is no list's total
    before = [c for c in before if not _is_change_or_average(c)]
    prefix = text[sentence.start : cue_start].strip(" ，,：:")
    if before:
        candidate = before[-1]
        if same_measure(candidate, items[0]) and not inside_parentheses(text, candidate.start):
            return candidate
    # "项目支出其中：…" / "项目支出主要包括：…": the total is named, stated earlier
    prefix = re.sub(r"^[\d\.、\s]+", "", prefix)
    if prefix and len(prefix) <= 12:
        named = _named_total(report, prefix, items[0], list(before_paragraph[-2:]) + list(previous))
        if named is not None:
            return named
        return None
    earlier = previous[-1] if previous else (before_paragraph[-1] if before_paragraph else None)
    if earlier is not None and not prefix:
        # 其中 opening a sentence (or a paragraph): the main figure of the sentence before
        largest = max(c.value for c in items)
        earlier_text = report.paragraph_text(earlier.paragraph)
        candidates = [
            c for c in report.claims_by_sentence.get(earlier.index, ())
            if same_measure(c, items[0])
            and c.value >= largest
            and not inside_parentheses(earlier_text, c.start)
        ]
        return _best_head(candidates, items)
    return None


def _best_head(candidates: list[Claim], items: list[Claim]) -> Claim | None:
    """Among totals a list could belong to: the one its items add up to, else the one of
    the items' stage, else the nearest."""
    if not candidates:
        return None
    from auditor.intervals import claim_interval

    total = None
    for item in items:
        part = claim_interval(item).scaled(item.quantity.scale / candidates[0].quantity.scale)
        total = part if total is None else total + part
    fitting = [c for c in candidates if total is not None and total.meets(claim_interval(c))]
    if fitting:
        return fitting[-1]
    stages = {i.stage for i in items if i.stage}
    staged = [c for c in candidates if len(stages) == 1 and c.stage in stages]
    return staged[-1] if staged else candidates[-1]


def _is_change_or_average(claim: Claim) -> bool:
    subject = claim.subject or ""
    spec = cues()
    if _direction(subject, spec["change"]):
        return True
    return any(word in subject for key in ("per_day", "per_month", "per_person", "per_item")
               for word in spec["average"][key])


def _named_total(report, prefix: str, item: Claim, previous) -> Claim | None:
    from rapidfuzz import fuzz

    best: tuple[float, Claim] | None = None
    for sentence in reversed(previous[-4:]):
        for claim in report.claims_by_sentence.get(sentence.index, ()):
            if not same_measure(claim, item) or not claim.subject:
                continue
            score = fuzz.ratio(prefix, claim.subject[-len(prefix) - 2 :])
            if claim.subject.endswith(prefix):
                score = 100.0
            if score >= 90 and (best is None or score > best[0]):
                best = (score, claim)
        if best:
            return best[1]
    return None


def inside_parentheses(text: str, offset: int) -> bool:
    """Whether an offset lies inside an open parenthesis (an aside, not the main clause)."""
    opened = max(text.rfind("(", 0, offset), text.rfind("（", 0, offset))
    closed = max(text.rfind(")", 0, offset), text.rfind("）", 0, offset))
    return opened > closed


def _ends_with_partial_suffix(text: str, after: int, limit: int) -> bool:
    tail = text[after:limit]
    match = re.match(r"^[^，。；,;]{0,4}", tail)
    return bool(match) and any(w in match.group(0) for w in cues()["enumeration"]["partial_suffix"])


def _build(head, after, cue, text, sentence) -> Enumeration | None:
    if head is None:
        return None
    # a figure followed by 的 P% is the base of a ratio (为 B 的 P%), not a component
    change_words = cues()["change"]
    items = [
        c for c in after
        if same_measure(c, head)
        and not re.match(r"\s*的\s*\d", text[c.end : c.end + 4])
        and not _direction(c.subject or "", change_words)
        and not _is_change_or_average(c)
    ]
    if len(items) < 2:
        return None
    if any(_names_only_a_stage(c.subject) for c in items):
        return None  # "…年初预算数 X，决算数 Y": two stages of one item, not a breakdown
    shares, rates = _attached_percentages(text, items, after)
    kind = _cue_kind(cue)
    partial = kind == "partial" or _ends_with_partial_suffix(text, items[-1].end, sentence.end)
    return Enumeration(head, tuple(items), shares, rates, cue, partial, measure_of(head))


def _names_only_a_stage(subject: str | None) -> bool:
    return not subject_core(subject)


def _cue_kind(cue: str) -> str:
    spec = cues()["enumeration"]
    for kind in ("partial", "complete", "subset"):
        if cue in spec[kind]:
            return kind
    return "complete"


def _attached_percentages(text, items, after):
    """For each item, the share (占 P%) and the rate (执行率 P%) stated right after it."""
    shares: list[Claim | None] = []
    rates: list[Claim | None] = []
    # the percentages by position, so each item looks up its own instead of filtering them
    # all (quadratic in a list of thousands of items)
    all_percents = sorted((c for c in after if c.kind == "percent"), key=lambda c: c.start)
    starts = [c.start for c in all_percents]
    for index, item in enumerate(items):
        limit = items[index + 1].start if index + 1 < len(items) else 10**9
        percents = all_percents[bisect_left(starts, item.end):bisect_left(starts, limit)]
        share = next((p for p in percents if _is_share(text, item.end, p)), None)
        rate = next((p for p in percents if p is not share), None)
        shares.append(share)
        rates.append(rate)
    return tuple(shares), tuple(rates)


def _is_share(text: str, after: int, percent: Claim) -> bool:
    between = text[after : percent.start]
    return any(word in between for word in cues()["share"])


# ---------------------------------------------------------------- share lists


def _share_lists(ratios, enumerations) -> list[Enumeration]:
    """Components each stated with 占 P% of one base not written beside them.

    Their shares say the list is complete when they add up to 100, so the amounts must
    add up to the base too; the sum rule checks that.
    """
    listed = {c.id for e in enumerations for c in e.items}
    grouped: dict[tuple, list[Ratio]] = {}
    for ratio in ratios:
        if ratio.form == "share" and ratio.inferred and ratio.numerator.id not in listed:
            grouped.setdefault((ratio.result.sentence, ratio.denominator.id), []).append(ratio)
    found = []
    for group in grouped.values():
        if len(group) < 2:
            continue
        items = tuple(r.numerator for r in group)
        found.append(
            Enumeration(group[0].denominator, items, tuple(r.result for r in group),
                        (None,) * len(items), "shares", False, measure_of(items[0]), True)
        )
    return found


def _resolve_share_bases(report, ratios: list[Ratio]) -> list[Ratio]:
    """Give each share without a written base the base that explains most of its paragraph.

    Candidates are totals of the shares' measure stated in the paragraph or the three
    before it, at least as large as every share's amount; the one under which most
    shares hold wins, and none is chosen unless it explains at least half of them.
    """
    from auditor.intervals import claim_interval, percent_interval

    grouped: dict[int, list[Ratio]] = {}
    for ratio in ratios:
        if ratio.denominator is None:
            grouped.setdefault(ratio.result.paragraph, []).append(ratio)
    chosen: dict[int, Claim] = {}
    for paragraph, group in grouped.items():
        best, best_hits = None, 0
        for base in _candidate_bases(report, group):
            hits = sum(
                percent_interval(r.numerator, base).meets(claim_interval(r.result)) for r in group
            )
            if hits > best_hits:
                best, best_hits = base, hits
        if best is not None and best_hits * 2 >= len(group):
            chosen[paragraph] = best
    resolved = []
    for ratio in ratios:
        base = chosen.get(ratio.result.paragraph) if ratio.denominator is None else None
        if base is not None:
            ratio = Ratio(ratio.result, ratio.numerator, base, ratio.form, ratio.base_words, True)
        resolved.append(ratio)
    return resolved


def _candidate_bases(report, group: list[Ratio]) -> list[Claim]:
    """Totals stated before a group of shares, nearest first, of the shares' measure."""
    first = group[0].numerator
    paragraph = first.paragraph
    numerators = {r.numerator.id for r in group}
    largest = max(r.numerator.quantity.base_value for r in group)
    nearby = (c for p in range(max(paragraph - 3, 0), paragraph + 1)
              for c in report.paragraph_claims(p))  # not every claim of the report, each time
    candidates = [
        c for c in nearby
        if c.source == "narrative"
        and c.paragraph is not None
        and paragraph - 3 <= c.paragraph <= paragraph
        and (c.paragraph < paragraph or c.start < first.start)
        and c.id not in numerators
        and same_measure(c, first)
        and c.quantity.base_value >= largest
    ]
    candidates.sort(key=lambda c: (c.paragraph, c.start), reverse=True)
    return candidates


# ---------------------------------------------------------------- ratios


def _ratios(report, sentence, claims, enumerations, previous=()) -> list[Ratio]:
    text = report.paragraph_text(sentence.paragraph)
    found: list[Ratio] = []
    amounts_before: list[Claim] = []
    for claim in claims:
        if claim.kind != "percent":
            if claim.kind in AMOUNT_KINDS:
                amounts_before.append(claim)
            continue
        ratio = (
            _component_rate(report, claim, enumerations, previous)
            or _of_form(text, claim, amounts_before)
            or _share_form(text, claim, amounts_before, enumerations)
            or _rate_form(report, claim, amounts_before, enumerations)
        )
        if ratio is not None:
            found.append(ratio)
    return found


def _component_rate(report, percent, enumerations, previous) -> Ratio | None:
    """其中基本支出 X 万元，执行率 P%: a component's rate against that component's budget,
    stated in an earlier sentence of the paragraph (其中基本支出预算 Y 万元)."""
    spec = next((s for w, s in cues()["rates"].items() if w in (percent.subject or "")), None)
    if spec is None or "stages" not in spec["denominator"]:
        return None
    for enumeration in enumerations:
        if percent not in enumeration.rates:
            continue
        item = enumeration.items[enumeration.rates.index(percent)]
        name = subject_core(item.subject)
        if not name:
            return None
        for sentence in reversed(list(previous)[-3:]):
            for claim in report.claims_by_sentence.get(sentence.index, ()):
                if (
                    claim.stage in spec["denominator"]["stages"] and subject_core(claim.subject) == name
                    and same_measure(claim, item) and claim is not item
                ):
                    return Ratio(percent, item, claim, "rate")
    return None


def _of_form(text, percent, amounts) -> Ratio | None:
    """A 为/占 B 的 P%: the percentage relates the amount before 为/占 to B."""
    if len(amounts) < 2:
        return None
    base = amounts[-1]
    if not re.fullmatch(r"\s*的\s*", text[base.end : percent.start]):
        return None
    bridge = text[amounts[-2].end : base.start]
    verb = re.search(r"(为|是|相当于|占)", bridge)
    if verb is None or not same_measure(amounts[-2], base):
        return None
    form = "share" if verb.group(1) == "占" else "of"
    return Ratio(percent, amounts[-2], base, form)


def _share_form(text, percent, amounts, enumerations) -> Ratio | None:
    """A, 占(总X的) P%: a share whose base is a total stated elsewhere."""
    if not amounts:
        return None
    numerator = amounts[-1]
    between = text[numerator.end : percent.start]
    match = re.search(r"(占比为|占比|占)([^，,；;。\d]*?)(的|为|比例为|比重为)?\s*$", between)
    if match is None or re.search(r"[；;。]", between[: match.start()]):
        return None
    for enumeration in enumerations:
        if numerator in enumeration.items and enumeration.head is not None:
            return Ratio(percent, numerator, enumeration.head, "share", match.group(2))
    return Ratio(percent, numerator, None, "share", match.group(2))


def _rate_form(report, percent, amounts, enumerations=()) -> Ratio | None:
    """执行率 P% with the executed and budgeted amounts stated in the same sentence.

    Figures in parentheses are asides, not operands. A pairing that puts the rate off by
    more than the lexicon's implausible_factor is a linking miss, not a slip: dropped.
    """
    subject = percent.subject or ""
    spec = next((s for word, s in cues()["rates"].items() if word in subject), None)
    if spec is None:
        return None
    text = report.paragraph_text(percent.paragraph)
    components = {c.id for e in enumerations for c in e.items}
    amounts = [a for a in amounts if not inside_parentheses(text, a.start) and a.id not in components]
    numerator = _pick(amounts, spec["numerator"], exclude=None)
    denominator = _pick(amounts, spec["denominator"], exclude=numerator)
    if numerator is None or denominator is None or not same_measure(numerator, denominator):
        return None
    if denominator.value <= 0 or percent.value <= 0:
        return None
    factor = float(cues()["average"].get("implausible_factor", 2))
    recomputed = 100 * numerator.quantity.base_value / denominator.quantity.base_value
    if not (percent.value / factor <= recomputed <= percent.value * factor):
        return None
    return Ratio(percent, numerator, denominator, "rate")


def _pick(amounts, spec, exclude) -> Claim | None:
    for claim in reversed(amounts):
        if claim is exclude:
            continue
        if claim.stage in spec.get("stages", ()):
            return claim
        if any(word in (claim.subject or "") for word in spec.get("subjects", ())):
            return claim
    return None


# ---------------------------------------------------------------- changes


def _changes(report, sentence, claims, previous=()) -> tuple[list[Change], list[Ratio]]:
    """Changes with their stated amount, and percentage changes stated without one
    (较 2023 年的 1000.00 万元增长 10.00%), which become growth ratios."""
    spec = cues()["change"]
    text = report.paragraph_text(sentence.paragraph)
    found: list[Change] = []
    growth: list[Ratio] = []
    amounts: list[Claim] = []
    for index, claim in enumerate(claims):
        subject = claim.subject or ""
        direction = _direction(subject, spec)
        if claim.kind in CHANGE_KINDS and direction and len(amounts) >= 2:
            current, base = _change_operands(subject, amounts, spec)
            if same_measure(current, claim) and same_measure(base, claim):
                percent = _following_percent(claims[index + 1 :], spec)
                found.append(Change(claim, current, base, direction, percent))
        elif claim.kind in CHANGE_KINDS and direction and len(amounts) == 1:
            current = _named_current(report, text, sentence, amounts[0], previous)
            if current is not None and same_measure(current, claim):
                percent = _following_percent(claims[index + 1 :], spec)
                found.append(Change(claim, current, amounts[0], direction, percent))
        elif (
            claim.kind == "percent" and direction and len(amounts) >= 2
            and not any(c.percent is claim for c in found)
            and not (index and _direction(claims[index - 1].subject or "", spec))
        ):
            current, base = _change_operands(subject, amounts, spec)
            growth.append(Ratio(claim, current, base, "growth", direction=direction))
        if claim.kind in CHANGE_KINDS and not direction and not inside_parentheses(text, claim.start):
            amounts.append(claim)
    return found, growth


def _named_current(report, text, sentence, base, previous) -> Claim | None:
    """本年收入合计比上年 2,800.00 万元增加 …: the amount named before 比, stated earlier."""
    words = "|".join(cues()["change"]["comparison"])
    match = re.search(rf"^(.{{2,16}}?)(?:{words})", text[sentence.start : base.start])
    if match is None:
        return None
    prefix = re.sub(r"^[\d\.、，,\s]+", "", match.group(1))
    return _named_total(report, prefix, base, list(previous)) if prefix else None


class _Listed:
    """The ids of the claims the enumerations found so far list: as items, and as items or
    heads. Kept up to date as they are found; rebuilt from every enumeration for every
    sentence, they made linking quadratic in a long report."""

    def __init__(self) -> None:
        self.items: set[str] = set()
        self.members: set[str] = set()

    def add(self, found: list[Enumeration]) -> list[Enumeration]:
        for enumeration in found:
            self.items.update(c.id for c in enumeration.items)
            self.members.update(c.id for c in enumeration.items)
            if enumeration.head is not None:
                self.members.add(enumeration.head.id)
        return found


def _budget_build_up(report, sentence, claims, listed: set[str]) -> list[Enumeration]:
    """年初预算 A；年中追加 B，全年预算 C (or 安排资金 C；年初预算 A，追加 B): C = A + B.

    Only additions: a budget cut (压减, 调减) would need signed components. ``listed``: the
    ids of claims earlier enumerations list as items."""
    spec = cues()["budget_build_up"]
    text = report.paragraph_text(sentence.paragraph)
    money = [c for c in claims if c.kind == "money" and c.id not in listed
             and not inside_parentheses(text, c.start)]
    opening = [c for c in money if c.stage == "年初预算"]
    if len(opening) != 1:
        return []
    start = opening[0]
    additions = [c for c in money if c.start > start.start
                 and any(w in (c.subject or "") for w in spec["additions"])]
    totals = [c for c in money if c is not start and c not in additions
              and any(w in (c.subject or "") for w in spec["totals"])
              and c.value >= start.value]
    if not additions or len(totals) != 1:
        return []
    items = (start, *additions)
    return [Enumeration(totals[0], items, (None,) * len(items), (None,) * len(items),
                        "年初+追加", False, measure_of(start))]


def _totals_after_items(report, sentence, claims, listed: set[str]) -> list[Enumeration]:
    """A、B，合计 N: a total stated after its items. ``listed``: the ids of claims earlier
    enumerations list, as items or heads."""
    words = cues()["enumeration"]["total_after"]
    found = []
    for index, claim in enumerate(claims):
        if claim.kind not in AMOUNT_KINDS or (claim.subject or "") not in words or claim.id in listed:
            continue
        items = [c for c in claims[:index] if same_measure(c, claim) and c.id not in listed]
        if len(items) >= 2 and not any(_is_change_or_average(c) for c in items):
            found.append(Enumeration(claim, tuple(items), (None,) * len(items),
                                     (None,) * len(items), claim.subject, False, measure_of(claim)))
    return found


def _direction(subject: str, spec) -> int:
    tail = subject[-4:]
    if any(w in tail for w in spec["increase"]):
        return 1
    if any(w in tail for w in spec["decrease"]):
        return -1
    return 0


def _change_operands(subject, amounts, spec):
    """The two amounts a change is between: the one named after 比 is the base."""
    compared = re.search("(" + "|".join(spec["comparison"]) + r")(.+?)(增加|减少|增长|下降|$)", subject)
    base = None
    if compared:
        words = compared.group(2)
        for claim in reversed(amounts):
            if claim.stage and claim.stage in words or (claim.subject and claim.subject in words):
                base = claim
                break
    if base is None:
        budgeted = [c for c in amounts[-2:] if c.stage in ("预算", "年初预算", "调整预算")]
        base = budgeted[-1] if budgeted else amounts[-1]
    current = next(c for c in reversed(amounts) if c is not base)
    return current, base


def _following_percent(rest, spec) -> Claim | None:
    for claim in rest[:2]:
        if claim.kind == "percent" and _direction(claim.subject or "", spec):
            return claim
        if claim.kind != "percent":
            return None
    return None


# ---------------------------------------------------------------- averages


def _averages(report, sentence, claims, previous, excluded=frozenset()) -> list[Average]:
    spec = cues()["average"]
    text = report.paragraph_text(sentence.paragraph)
    found = []
    for index, claim in enumerate(claims):
        if claim.kind not in ("count", "money"):
            continue
        lead = text[max(sentence.start, claim.start - 16) : claim.start]
        per = _average_kind(lead, spec)
        if per is None:
            continue
        earlier = list(claims[:index])
        for s in reversed(previous[-2:]):
            earlier = list(report.claims_by_sentence.get(s.index, ())) + earlier
        totals = [
            c for c in earlier
            if c.kind == claim.kind and c.quantity.measure == claim.quantity.measure
            and not _is_change_or_average(c)  # 增加 5.17 万人次 is no total to average
            and c.id not in excluded
        ]
        if not totals:
            continue
        total = totals[-1]
        if per == "day":
            year = claim.year or total.year or report.facts.fiscal_year
            if year is None:
                continue
            days = 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365
            found.append(Average(claim, total, (), per, days))
        elif per == "month":
            found.append(Average(claim, total, (), per, 12))
        else:
            counts = _divisors(text, lead, earlier, per, total)
            if counts:
                found.append(Average(claim, total, tuple(counts), per))
    return found


def _average_kind(lead: str, spec) -> str | None:
    for per, key in (("day", "per_day"), ("month", "per_month"), ("person", "per_person"), ("item", "per_item")):
        if any(word in lead for word in spec[key]):
            return per
    return None


def _divisors(text, lead, earlier, per, total) -> list[Claim]:
    """Counts stated earlier that the total may be divided by: "9 个项目" for 每个项目."""
    if per == "person":
        return [c for c in earlier if c.kind == "count" and c.quantity.measure in ("人", "名")]
    match = re.search(r"每(个|项|件|家|名|条|次)?([\u4e00-\u9fff]{1,4})", lead)
    if match is None:
        return []
    noun = match.group(2)[:2]
    found = []
    for claim in earlier:
        if claim.kind != "count" or claim is total or claim.quantity.measure == total.quantity.measure:
            continue
        if inside_parentheses(text, claim.start):
            continue  # an aside ("1 个项目按立法要求…"), not the divisor
        following = text[claim.end : claim.end + 4]
        if following.startswith(noun) or noun in (claim.subject or ""):
            found.append(claim)
    return found
