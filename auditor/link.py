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

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from auditor.intervals import claim_interval, percent_interval, total_interval
from auditor.lexicon import load, stage_names
from auditor.claims import _previous_year_words, scopes_of, stage_of, subject_core
from auditor.grammar import change_words, clause_start, comparison_word, states_a_target, words_before
from auditor.normalise import has_section_marker
from auditor.models import Claim
from auditor.relations.changes import ImpliedRate
from auditor.relations.quotients import Ratio as RatioRelation
from auditor.relations.sums import Net, Sum

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
    whole: bool = False  # its items' names (given at another stage) are a known whole
    # the words allow other readings (which figure 加 adds to) and none of them adds up:
    # a failure is then worth an alarm only when a slip explains it, in one of ``readings``
    # (the items under each other reading)
    proven: bool = True
    readings: tuple[tuple[Claim, ...], ...] = ()
    # the total's own rate, in the words its items' rates are in (为预算的 R；其中：… 为预算的 r₁)
    head_rate: Claim | None = None
    # the total's growth and each item's (同比增长 G；其中：… 增长 g₁), when all are stated
    head_growth: Claim | None = None
    growths: tuple[Claim, ...] = ()

    @classmethod
    def plain(cls, head: Claim, items, cue: str, partial: bool = False, **more) -> "Enumeration":
        """A list whose items carry no shares or rates beside them."""
        items = tuple(items)
        return cls(head, items, (None,) * len(items), (None,) * len(items), cue, partial,
                   measure_of(head), **more)

    @property
    def may_be_partial(self) -> bool:
        """The words allow a list that leaves items out (其中, 主要包括, …等), unless its items
        are a partition known to be whole (基本支出 and 项目支出)."""
        return (self.partial or self.cue == "其中") and not (
            self.whole or names_a_whole(self.head, self.items))


@dataclass(frozen=True)
class Ratio:
    result: Claim  # the stated percentage
    numerator: Claim
    denominator: Claim | None
    form: str  # of (为 B 的), share (占 B 的 / 占 P%), rate (执行率…)
    base_words: str = ""  # for a share without a stated base: what 占 names (总支出)
    inferred: bool = False  # the denominator was not written beside the share: inferred
    direction: int = 0  # growth form: +1 增长/增加, -1 下降/减少; P = (numerator − base) ÷ base
    more: tuple[Claim, ...] = ()  # more parts of the numerator (满意 + 基本满意)


@dataclass(frozen=True)
class Change:
    change: Claim  # the stated difference
    current: Claim
    base: Claim | None  # None: not written (比上年增加 C); it is then current − direction × C
    direction: int  # +1 increase, -1 decrease
    percent: Claim | None = None  # the 增加/减少 P% that follows
    how: str = "stated"  # how the base was read: stated | named | implied | budget


@dataclass(frozen=True)
class Average:
    average: Claim
    total: Claim
    counts: tuple[Claim, ...]  # candidate divisors stated in the report
    per: str  # day | month | person | item
    days: int | None = None  # divisor for per-day averages


@dataclass(frozen=True)
class ChangeBreakdown:
    """A total and its parts, each stated with its change from one period: the total's
    change is the sum of the parts' changes, each signed by its words (增加 +, 减少 −).
    ``parts`` holds each part's change claim, None for a part stated as flat (持平)."""

    total: Change
    parts: tuple[Change | None, ...]
    enumeration: Enumeration


@dataclass(frozen=True)
class ChangeCauses:
    """支出比上年增加 C，主要是基本支出增加 c1，项目支出减少 c2: a change explained by the
    changes of its parts, each signed by its words. The words (主要是, 其中) allow parts left
    out, so a gap is worth an alarm only when a slip explains it."""

    total: Claim  # the change explained
    parts: tuple[Claim, ...]
    cue: str


@dataclass(frozen=True)
class Netting:
    """上年结转 A，加收入 B，减支出 C，结余 D / 收入合计 I，支出合计 E，收支相抵结余 R: a figure
    that is what is added less what is taken. ``proven`` False: the first figure is one
    reading of several and the figures do not net to the total (an alarm needs a slip)."""

    total: Claim
    added: tuple[Claim, ...]
    taken: tuple[Claim, ...]
    cue: str
    proven: bool = True


@dataclass(frozen=True)
class WholeShares:
    """基本支出 A，占 P%；项目支出 B，占 Q%: shares of a whole the report does not state
    beside them, whose parts' names are a partition known to be whole (lexicon
    complete_partitions): the whole is Σ parts, and each share is its part of it."""

    shares: tuple[Claim, ...]
    parts: tuple[Claim, ...]


@dataclass(frozen=True)
class AnnualGrowth:
    """从 2015 年的 A 增长到 2020 年的 B，年均增长 P%: P = (B ÷ A)^(1 ÷ years) − 1."""

    rate: Claim
    current: Claim
    base: Claim
    years: int
    direction: int


@dataclass(frozen=True)
class Balance:
    """收入总计 X，支出总计 Y: a year's accounts balance, X = Y."""

    income: Claim
    expense: Claim
    carried: Claim | None = None  # 年末结转结余 C stated with them: X = Y + C may be the reading


@dataclass(frozen=True)
class Progress:
    """完成预算的 R，超过时间进度 N 个百分点: N = sign × (R − months ÷ 12)."""

    points: Claim
    rate: Claim
    months: int
    sign: int


@dataclass(frozen=True)
class Links:
    enumerations: tuple[Enumeration, ...]
    ratios: tuple[Ratio, ...]
    changes: tuple[Change, ...]
    averages: tuple[Average, ...]
    breakdowns: tuple[ChangeBreakdown, ...] = ()
    annual: tuple[AnnualGrowth, ...] = ()
    balances: tuple[Balance, ...] = ()
    causes: tuple[ChangeCauses, ...] = ()
    nettings: tuple[Netting, ...] = ()
    whole_shares: tuple[WholeShares, ...] = ()
    progress: tuple[Progress, ...] = ()


@cache
def cues() -> dict:
    return load("cues")


def measure_of(claim: Claim) -> str:
    return claim.quantity.measure or claim.unit


def same_measure(a: Claim, b: Claim) -> bool:
    return a.kind == b.kind and measure_of(a) == measure_of(b)


def link(report: "Report") -> Links:
    enumerations: list[Enumeration] = []
    nettings: list[Netting] = []
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
            # (a one-part 其中 is no list of shares)
            ratios.extend(_ratios(report, sentence, claims, [e for e in found if len(e.items) > 1], previous,
                                  before_paragraph))
            # (a paragraph opening with its comparison, 与上年相比，本年收入增加 C, compares a
            # figure of the paragraph before)
            found_changes, growth = _changes(report, sentence, claims, previous or before_paragraph[-1:])
            found_changes += _named_differences(report, sentence, claims, found)
            found_changes += _points_gaps(report, sentence, claims)
            changes.extend(found_changes)
            ratios.extend(growth)
            enumerations.extend(listed.add(_build_ups(report, sentence, claims, previous, listed.items)))
            nettings.extend(_nettings(report, sentence, claims, previous, before_paragraph, listed.items))
            enumerations.extend(listed.add(_totals_after_items(report, sentence, claims, listed.members,
                                                               previous)))
            enumerations.extend(listed.add(_budget_build_up(report, sentence, claims, listed.items, previous)))
            enumerations.extend(listed.add(_viewpoint_list(report, sentence, listed.items, enumerations)))
            enumerations.extend(listed.add(_done_and_undone(report, sentence, claims, listed.items)))
            compared = {c.base.id for c in found_changes if c.base is not None}  # last year's
            averages.extend(_averages(report, sentence, claims, previous, compared, listed.heads))
        before_paragraph = sentences
    enumerations = _continued_past_the_sentence(report, by_paragraph, enumerations, listed.items)
    enumerations.extend(listed.add(_paragraph_lists(report, by_paragraph, listed.items)))
    ratios = _resolve_share_bases(report, ratios)
    whole_shares = _whole_shares(ratios) + [w for s in report.sentences for w in _done_and_not_done(report, s)]
    enumerations.extend(_share_lists(ratios, enumerations))
    enumerations = _with_own_rates(report, enumerations, ratios)
    breakdowns = _change_breakdowns(report, enumerations, changes)
    annual = [g for s in report.sentences for g in _annual_growth(report, s)]
    balances = [b for s in report.sentences for b in _balances(report, s)]
    causes = [c for s in report.sentences for c in _change_causes(report, s)]
    progress = [p for s in report.sentences for p in _time_progress(report, s)]
    return Links(tuple(enumerations), tuple(ratios), tuple(changes), tuple(averages),
                 tuple(breakdowns), tuple(annual), tuple(balances), tuple(causes), tuple(nettings),
                 tuple(whole_shares), tuple(progress))


def _time_progress(report, sentence) -> list[Progress]:
    """完成预算的 56.6%，超过时间进度 6.6 个百分点 / 较均衡进度慢 2.94%: the points, the rate of
    the budget before them in the sentence, and the months of the period the nearest words
    before name (上半年, 1-9 月, 2 月份); nothing when no period is named."""
    spec = cues()["time_progress"]
    text = report.paragraph_text(sentence.paragraph)
    claims = report.claims_by_sentence.get(sentence.index, ())
    found = []
    for index, points in enumerate(claims):
        if points.kind != "percent":
            continue
        clause = text[clause_start(text, sentence.start, points.start) : points.start]
        if not any(word in clause for word in spec["words"]):
            continue
        at = max(clause.find(w) for w in spec["words"])
        before, after = clause[:at], clause[at:]
        ahead = any(w in after or before.endswith(w) for w in spec["ahead"])
        behind = any(w in after or before.endswith(w) for w in spec["behind"])
        if ahead == behind:
            continue
        rate = next((c for c in reversed(claims[:index]) if c.kind == "percent" and not c.direction
                     and measure_of(c) == "%" and any(w in _lead(text, sentence, c) for w in spec["rate_words"])),
                    None)
        months = _months_named_before(report, sentence.paragraph, (rate or points).start)
        if rate is not None and months:
            found.append(Progress(points, rate, months, 1 if ahead else -1))
    return found


def _months_named_before(report, paragraph: int, offset: int) -> int | None:
    """The months of the period named nearest before ``offset``: in its paragraph, else in
    the three paragraphs before."""
    spec = cues()["time_progress"]
    for index, limit in ((paragraph, offset), *((p, None) for p in range(paragraph - 1, paragraph - 4, -1))):
        if index < 0:
            break
        text = report.paragraph_text(index)[:limit]
        named: list[tuple[int, int]] = [(m.end(), months) for word, months in spec["periods"].items()
                                        for m in re.finditer(re.escape(word), text)]
        patterns = spec["month_patterns"]
        named += [(m.end(), int(m.group(1))) for key in ("range", "until")
                  for m in re.finditer(patterns[key], text)]
        named += [(m.end(), 1) for m in re.finditer(patterns["single"], text)]
        # a period opening its clause (上半年，…) or a heading's is the report's; one inside a
        # comparison (高于一季度累计增幅) is not
        named = [(end, months) for end, months in named if 1 <= months <= 12
                 and (len(text) <= 40 or re.match(r"\s?[，,：:]", text[end : end + 2]))]
        if named:
            return max(named)[1]
    return None


def _annual_growth(report, sentence) -> list[AnnualGrowth]:
    """年均增长 P% after two dated figures of one measure in its clause chain: the earlier
    year's is the base, the later year's the current one."""
    words = tuple(cues()["change"]["annual"])
    text = report.paragraph_text(sentence.paragraph)
    claims = report.claims_by_sentence.get(sentence.index, ())
    found = []
    for index, rate in enumerate(claims):
        lead = text[max(sentence.start, rate.start - 12) : rate.start]
        if rate.kind != "percent" or not any(w in lead for w in words):
            continue
        dated = [c for c in claims[:index] if c.kind in CHANGE_KINDS and c.year is not None
                 and not c.direction and not re.search(r"[；;。]", text[c.end : rate.start])][-2:]
        if len(dated) != 2 or not same_measure(*dated) or dated[0].year >= dated[1].year:
            continue
        direction = -1 if any(w in lead for w in ("下降", "减少", "递减")) else 1
        found.append(AnnualGrowth(rate, dated[1], dated[0], dated[1].year - dated[0].year, direction))
    return found


def _balances(report, sentence) -> list[Balance]:
    """收入总计 X、支出总计 Y stated side by side (lexicon cues: balance)."""
    spec = cues()["balance"]
    text = report.paragraph_text(sentence.paragraph)
    claims = [c for c in report.claims_by_sentence.get(sentence.index, ()) if c.kind == "money"
              and not c.direction]

    income = [c for c in claims if _lead(text, sentence, c).endswith(tuple(spec["income"]))]
    expense = [c for c in claims if _lead(text, sentence, c).endswith(tuple(spec["expense"]))]
    if len(income) != 1 or len(expense) != 1:
        return []
    # the carry-over stated after them, in the sentence or the next one
    later = [s for s in report.sentences if s.paragraph == sentence.paragraph
             and sentence.index <= s.index <= sentence.index + 1]
    carried = [c for s in later for c in report.claims_by_sentence.get(s.index, ())
               if c.kind == "money" and not c.direction and c.start > expense[0].end
               and _lead(text, s, c).endswith(tuple(spec["carried"]))]
    return [Balance(income[0], expense[0], carried[0] if carried else None)]


def _lead(text: str, sentence, claim: Claim) -> str:
    return words_before(text, sentence.start, claim.start)


def _change_breakdowns(report, enumerations, changes) -> list[ChangeBreakdown]:
    """Lists whose total and every part state a change (比上年增加 C / 持平): only for a list
    whose parts add up to its total exactly, so that the parts are the whole."""
    from auditor.intervals import claim_interval, total_interval

    by_current = {c.current.id: c for c in changes if c.base is None or c.how == "named"}
    flat = tuple(cues()["change"]["flat"])
    found = []
    for enumeration in enumerations:
        head = enumeration.head
        total = by_current.get(head.id) if head is not None else None
        if total is None or enumeration.inferred:
            continue
        # the parts that are the whole of the total: all the items, or the first ones when
        # the list runs on past them (其中 A；B，…含 C)
        whole = [k for k in range(len(enumeration.items), 1, -1)
                 if total_interval(enumeration.items[:k]).meets(claim_interval(head))]
        if not whole:
            continue
        items = enumeration.items[: whole[0]]
        text = report.paragraph_text(items[0].paragraph)
        parts: list[Change | None] = []
        for index, item in enumerate(items):
            change = by_current.get(item.id)
            limit = items[index + 1].start if index + 1 < len(items) else len(text)
            clause = text[item.end : limit]
            if change is None and not any(word in clause[:16] for word in flat):
                break
            parts.append(change)
        else:
            if any(p is not None for p in parts):
                found.append(ChangeBreakdown(total, tuple(parts), enumeration))
    return found


def _change_causes(report, sentence) -> list[ChangeCauses]:
    """A change amount, then a cue (主要是, 主要原因是, 其中) and the changes of its parts
    (比上年增加 C，主要是 A 增加 c1、B 减少 c2): the run of change amounts after the cue, up to
    the first figure that is not one."""
    text = report.paragraph_text(sentence.paragraph)
    claims = [c for c in report.claims_by_sentence.get(sentence.index, ())
              if c.kind in CHANGE_KINDS and not inside_parentheses(text, c.start)]
    words = "|".join(sorted(map(re.escape, cues()["change_causes"]), key=len, reverse=True))
    found = []
    for match in re.finditer(words, text[sentence.start : sentence.end]):
        at = sentence.start + match.end()
        before = [c for c in claims if c.end <= at]
        if not before or not before[-1].direction:
            continue
        total, parts = before[-1], []
        for claim in (c for c in claims if c.start >= at):
            if not claim.direction or not same_measure(claim, total):
                break
            parts.append(claim)
        if parts:
            found.append(ChangeCauses(total, tuple(parts), match.group(0)))
    return found


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
    paren_spans = _paren_spans(text, sentence)
    # a cue whose first figure stands past a ；(基本支出主要用于人员工资…；项目支出 …) lists
    # no figures: it neither makes a list nor ends the one around it
    cue_positions = [c for c in _cue_positions(text, sentence)
                     if _owns_figures(text, c[0], claims) and not any(a <= c[0] < b for a, b in paren_spans)]
    for index, (position, cue, cue_start) in enumerate(cue_positions):
        limit = cue_positions[index + 1][0] if index + 1 < len(cue_positions) else sentence.end
        after = [c for c in claims if position <= c.start < limit and c.id not in taken]
        before = [c for c in claims if c.start < position and c.kind in AMOUNT_KINDS]
        if index + 1 < len(cue_positions):
            # the figure just before the next cue is that cue's total, not our component
            next_cue = cue_positions[index + 1][0]
            after = [c for c in claims if position <= c.start < next_cue and c.id not in taken]
            tail = [c for c in after if c.kind in AMOUNT_KINDS]
            if tail and not has_section_marker(text[tail[-1].end : next_cue]):
                after = [c for c in after if c is not tail[-1]]
        # a breakdown in parentheses is its own list, not items of the list around it
        after = [c for c in after if not inside_parentheses(text, c.start)]
        staged = _per_stage(report, text, sentence, cue, before, after, previous)
        if staged is not None:
            found.extend(staged)
            taken.update(c.id for e in staged for c in e.items)
            continue
        after = _cut_at_list_end(text, position, _cut_at_higher_separator(text, after))
        head = _head(report, text, sentence, cue_start, before, after, previous, before_paragraph)
        enumeration = _build(head, after, cue, text, sentence)
        if enumeration is not None:
            found.append(enumeration)
            taken.update(c.id for c in enumeration.items)
    return found


def _viewpoint_list(report, sentence, listed: set[str], found=()) -> list[Enumeration]:
    """分中央和地方看，中央 A，增长 g₁；地方 B，增长 g₂。/ 地方收入按构成分：税收收入 A；非税收入 B:
    a sentence opening with a viewpoint breaks down a total stated before, up to the 。.

    The total is the one the words before the viewpoint name (地方收入按构成分), else the
    nearest earlier figure of the items' flow (收入, 支出) larger than each of them. No
    viewpoint names which total it breaks down, so the list is ``proven`` only when it adds
    up: a gap is an alarm only when one figure's slip explains it."""
    text = report.paragraph_text(sentence.paragraph)
    match = _viewpoint_at(text[sentence.start : sentence.end])
    if match is not None:
        end = text.find("。", sentence.start + match.end())
        candidates = report.claims_between(sentence.paragraph, sentence.start + match.end(),
                                     len(text) if end < 0 else end)
    else:  # (税收收入 A；非税收入 B: a sentence of a known whole's parts is a viewpoint too)
        candidates = report.claims_by_sentence.get(sentence.index, ())
    items = [c for c in candidates if c.kind == "money" and c.id not in listed
             and not _is_change_or_average(c) and not inside_parentheses(text, c.start)
             and not _is_ratio_base(text, c)]  # (完成预算 B 的 P%: B is no part)
    if len(items) < 2 or any(not same_measure(c, items[0]) for c in items):
        return []
    if match is None and not _a_known_partition(items):
        return []
    prefix = text[sentence.start : sentence.start + match.start()].strip(" ，,") if match else ""
    earlier = list(report.sentences[max(0, sentence.index - 6) : sentence.index])
    head = (_named_total(report, prefix, items[0], earlier) if len(prefix) >= 2
            else _flow_total(report, items, earlier, listed))
    # a viewpoint right after another breaks down the same total (从收入结构看，… ⏎ 分级次看，…)
    before = next((e.head for e in reversed(found) if e.cue == "分类" and e.head is not None
                   and sentence.index - e.items[-1].sentence <= 2 and same_measure(e.head, items[0])), None)
    if match is not None and before is not None and (head is None or not Sum(head, tuple(items)).holds()) \
            and before.quantity.base_value > max(c.quantity.base_value for c in items) \
            and all(_flow_name(c).endswith(_flow_name(before)[-2:]) for c in items):
        head = before  # (its parts named by its flow: 税收收入, 非税收入 of 收入)
    if head is None:
        return []
    enumeration = _build(head, items, "分类", text, sentence)
    if enumeration is None:
        return []
    return [replace(enumeration, proven=Sum(head, enumeration.items).holds(),
                    readings=(enumeration.items,))]


def _flow_name(claim: Claim) -> str:
    """A figure's name without the verbs that say how it was counted (累计, 实现, 达)."""
    return re.sub(r"(?:累计|共计|合计|实现|达到|达)+$", "", subject_core(claim.subject))


def _partition_owner(names: list[str]) -> str | None:
    """The total the names are a known partition of (人员经费, 公用经费 → 基本支出)."""
    for owner, partitions in cues()["enumeration"]["complete_partitions"].items():
        if any(len(p) == len(names) and all(n.endswith(w) for n, w in zip(names, p)) for p in partitions):
            return owner
    return None


def _a_known_partition(items: list[Claim]) -> bool:
    """The figures' names are one of the lexicon's complete partitions (税收收入, 非税收入;
    中央…收入, 地方…收入)."""
    spec = cues()["enumeration"]
    names = [subject_core(c.subject) for c in items]
    if _a_level_partition(names):
        return True
    return any(len(partition) == len(names) and all(n.endswith(p) for n, p in zip(names, partition))
               for partitions in spec["complete_partitions"].values() for partition in partitions)


def _viewpoint_at(segment: str) -> re.Match | None:
    """A viewpoint opening the sentence, or after its time words (上半年，分中央和地方看，)."""
    for pattern in cues()["enumeration"]["viewpoints"]:
        match = re.compile(pattern).search(segment)
        if match is not None and match.start() <= 12 and not re.search(r"[元%％]", segment[: match.start()]):
            return match
    return None


def _flow_total(report, items: list[Claim], earlier, listed: set[str]) -> Claim | None:
    """The earlier figure of the items' flow (its words end in 收入 or 支出 as theirs do) they
    add up to, the nearest; none adding up, the nearest larger than each that is no item of
    another list (a sibling), else the nearest such (a slip may have made an item exceed it)."""
    names = [_flow_name(c) for c in items]
    # the parts of a known whole (人员经费, 公用经费) name their total's words (基本支出)
    flow = _partition_owner(names)
    if flow is None:
        flow = names[0][-2:] if names and names[0] else ""
        if len(flow) < 2 or not all(n.endswith(flow) for n in names):
            return None
    largest = max(c.value * c.quantity.scale for c in items)
    candidates = []
    for sentence in reversed(earlier[-6:]):
        text = report.paragraph_text(sentence.paragraph)
        candidates += [c for c in reversed(report.claims_by_sentence.get(sentence.index, ()))
                       if same_measure(c, items[0]) and not _is_change_or_average(c)
                       and not _is_ratio_base(text, c)
                       # (收入累计完成 A, 收入实现 A: 累计, 实现 say how it was counted, not what)
                       and _flow_name(c).endswith(flow)]
    adding_up = [c for c in candidates if Sum(c, tuple(items)).holds()]
    free = [c for c in candidates if c.id not in listed]
    larger = [c for c in free if c.value * c.quantity.scale > largest]
    return next(iter(adding_up or larger or free), None)


def _per_stage(report, text, sentence, cue, before, after, previous) -> list[Enumeration] | None:
    """其中：A 预算数 X，执行数 Y；B 预算数 …: one list per stage, each against the total
    of that stage stated before it. None when the list is not written stage by stage."""
    amounts = [c for c in after if c.kind in AMOUNT_KINDS and not _is_change_or_average(c)
               and not _is_ratio_base(text, c)]  # (完成预算 B 的 P%: B is no item)
    if all(c.kind == "score" for c in amounts) or not any(
            _names_only_a_stage(c.subject) for c in amounts):
        return None  # (a score sheet's sections are named by stages: 预算执行 19 分)
    # 支出 B after an item's 全年预算 A is what was spent of it, whatever stage the clause
    # before leaves to it
    spent = set(cues()["enumeration"]["stage_only"])

    def stage(c: Claim) -> str | None:
        return "执行" if subject_core(c.subject) in spent else c.stage

    stages = list(dict.fromkeys(stage(c) for c in amounts if stage(c)))
    earlier = list(before)
    if previous:
        earlier = list(report.claims_by_sentence.get(previous[-1].index, ())) + earlier
    lists = []
    # the items are named once, at the stage that names them (基本支出预算数 X，执行数 Y)
    named = [c for c in amounts if subject_core(c.subject) and subject_core(c.subject) not in spent]
    for stage_name in stages:
        items = [c for c in amounts if stage(c) == stage_name]
        heads = [
            c for c in earlier
            if stage_names_agree(c.stage, stage_name) and c.kind in AMOUNT_KINDS and same_measure(c, items[0])
            and not _is_change_or_average(c)
            and c.value >= max(i.value for i in items) and not inside_parentheses(text, c.start)
        ]
        if len(items) < 2 or not heads:
            continue
        shares, rates = _attached_percentages(
            text, items, [c for c in after if c.kind == "percent" or c in items], heads[-1])
        whole = len(named) == len(items) and names_a_whole(heads[-1], named)
        lists.append(Enumeration(heads[-1], tuple(items), shares, rates, cue,
                                 _cue_kind(cue) == "partial", measure_of(items[0]), whole=whole))
    return lists


def stage_names_agree(head: str | None, items: str | None) -> bool:
    """A total's stage and its items': the same, or both what was spent (执行, 决算)."""
    outturn = ("执行", "决算")
    return head == items or (head in outturn and items in outturn)


def _cut_at_higher_separator(text: str, after: list[Claim]) -> list[Claim]:
    """End a list at a ； that separates more than its items.

    In "其中人员经费 X、公用经费 Y；项目支出 Z" the items are joined by 、 and the ； moves on to
    a sibling of the total; in "其中 A 分配 X，占 P%；B 分配 Y，占 Q%" the ； joins the items.
    """
    # (完成预算 B 的 P%: a ratio's base is no item joined to the one before it)
    amounts = [c for c in after if c.kind in AMOUNT_KINDS and not _is_change_or_average(c)
               and not _is_ratio_base(text, c)]
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


def _owns_figures(text: str, cue_end: int, claims) -> bool:
    following = [c for c in claims if c.start > cue_end]
    return bool(following) and not re.search(r"[；;。]", text[cue_end : following[0].start])


def _cut_at_list_end(text: str, cue_end: int, after: list[Claim]) -> list[Claim]:
    """A list ends at a clause that opens with a word starting a new computation (；加上级
    补助收入 …, 此外 …), and has no figures at all when a ；stands between its cue and its
    first figure (基本支出主要用于人员工资…；项目支出 1529.96 万元)."""
    enders = tuple(cues()["enumeration"]["list_enders"])
    kept = []
    for claim in after:
        gap = text[cue_end : claim.start]
        if not kept and re.search(r"[；;。]", gap):
            return []
        if claim.kind in AMOUNT_KINDS and not any(k.kind in AMOUNT_KINDS for k in kept) \
                and re.search(r"[；;。]", gap):
            # 其中：增值税增长 5.6%，…；非税收入 B: the cue lists rates only, B is past it
            return kept
        last_clause = re.split(r"[，,；;]", text[kept[-1].end if kept else cue_end : claim.start])[-1].lstrip()
        # (减少 C, 增加 C state a change: no 减 that takes away)
        if kept and last_clause.startswith(enders) and not last_clause.startswith(
                change_words("increase") + change_words("decrease")):
            break
        if kept and has_section_marker(text[kept[-1].end : claim.start]):
            break  # 二、项目资金使用情况 …: a new section of a page run together
        kept.append(claim)
    return kept


@cache
def _enumeration_cues() -> tuple[tuple[str, re.Pattern], ...]:
    """The enumeration cues, longest first, each with its compiled pattern (once per process,
    not once per sentence)."""
    spec = cues()["enumeration"]
    words = [(w, "partial") for w in spec["partial"]]
    words += [(w, "complete") for w in spec["complete"]]
    words += [(w, "subset") for w in spec["subset"]]
    words.sort(key=lambda item: len(item[0]), reverse=True)
    return tuple((word, re.compile(re.escape(word))) for word, _ in words)


def _cue_positions(text: str, sentence) -> list[tuple[int, str, int]]:
    """(offset just after the cue, cue, offset of the cue) for every enumeration cue."""
    segment = text[sentence.start : sentence.end]
    # "在编人员中，A…，B…": a sentence opening with "X中，" breaks down the X stated before
    opening = re.match(r"([\u4e00-\u9fff]{2,10})中[，,：:]", segment)
    hits: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for word, pattern in _enumeration_cues():
        for match in pattern.finditer(segment):
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
    # "预算 79.69 亿元中，A…，B…": a figure's 中 breaks that figure down
    for match in re.finditer(r"(?<=[元%])中[，,：:]", segment):
        if not any(x < match.end() and match.start() < y for x, y in covered):
            hits.append((sentence.start + match.end(), "其中", sentence.start + match.start()))
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
        if _is_change_or_average(head):
            # 585.53 万元，同比减少 144.92 万元（其中 …）: the aside breaks down the level
            levels = [c for c in heads if not _is_change_or_average(c)
                      and not re.search(r"[；;。]", text[c.end : start])]
            if not levels:
                continue
            head = levels[-1]
        items = [c for c in inside if same_measure(c, head) and not _is_change_or_average(c)]
        if len(items) < 2 or any(is_points_taken(text, c) for c in items):
            continue  # (得 33 分（数量未完成扣 1 分，时效扣 1 分）: the reasons for a score)
        opening = text[start + 1 : items[0].start]
        cue = "其中" if "其中" in opening else "()"
        partial = _ends_with_partial_suffix(text, items[-1].end, end) or any(
            w in opening for w in cues()["enumeration"]["partial"]
        )
        found.append(Enumeration.plain(head, items, cue, partial))
    return found


def _is_a_weight(text: str, sentence, claim: Claim) -> bool:
    """决策指标满分 15 分，得 14 分: the points an item is worth, beside what it got."""
    return claim.kind == "score" and _lead(text, sentence, claim).endswith(tuple(cues()["score"]["weight"]))


def is_points_taken(text: str, claim: Claim) -> bool:
    """扣 1 分, 扣除 0.5 分: points taken off (or added), not a score or a weight."""
    return claim.kind == "score" and text[max(0, claim.start - 3) : claim.start].rstrip().endswith(
        tuple(cues()["score"]["deducted"]))


def _head(report, text, sentence, cue_start, before, after, previous, before_paragraph=()) -> Claim | None:
    """The total a list of components belongs to."""
    items = [c for c in after if c.kind in AMOUNT_KINDS]
    if not items:
        return None
    # a change (节约 1.54 万元), an average or a ratio's base (占预算 B 的 P%) before 其中 is
    # no list's total
    before = [c for c in before if not _is_change_or_average(c) and not _is_ratio_base(text, c)]
    prefix = text[sentence.start : cue_start].strip(" ，,：:")
    if before:
        candidate = before[-1]
        if (same_measure(candidate, items[0]) and not inside_parentheses(text, candidate.start)
                and not _names_its_own_total(text, candidate.end, cue_start)):
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
        levels = [
            c for c in report.claims_by_sentence.get(earlier.index, ())
            if same_measure(c, items[0])
            and not inside_parentheses(earlier_text, c.start)
            and not _is_change_or_average(c) and not _is_ratio_base(earlier_text, c)
        ]
        candidates = [c for c in levels if c.value >= largest]
        if not candidates and len(levels) == 1 and levels[0].kind == "money":
            # the sentence before states one figure of this measure: it is the total, even
            # when an item now exceeds it (that is what the sum rule is for)
            return levels[0]
        if not levels:
            # 本年收入比上年增加 C，增长 P%。其中：…: the sentence before states only the change
            # of the item it names, stated earlier
            lead = earlier_text[earlier.start : earlier.end]
            word = comparison_word(lead)
            name = lead[: word.start()].strip(" ，,") if word is not None else ""
            if len(name) >= 2:
                return _named_total(report, name, items[0],
                                    list(report.sentences[max(0, earlier.index - 3) : earlier.index]))
        return _best_head(candidates, items)
    return None


def _names_its_own_total(text: str, after: int, cue_start: int) -> bool:
    """收入包括：A、B；支出包括：C、D: past a ；the words before the cue name the list's own
    total (支出), so the figure before the ；is not it (；其中：… names none)."""
    gap = text[after:cue_start]
    cut = max(gap.rfind("；"), gap.rfind(";"))
    return cut >= 0 and bool(re.search(r"[\u4e00-\u9fff]", gap[cut + 1 :]))


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
    """A change (比上年增加 C), a comparison's written base (较上年的 B), a named gap (差值 C)
    or an average: no list's total or item."""
    subject = claim.subject or ""
    spec = cues()
    if claim.direction or claim.compared or subject.endswith(tuple(spec["difference_words"])):
        return True  # (差值 C: a gap between two figures is no part of a list either)
    if _said_last_year(subject):
        return True  # 公务接待费 A，上年为 B: the year before's figure, a base like 较上年的 B
    return any(word in subject for word in _average_words())


@cache
def _average_words() -> tuple[str, ...]:
    """The words that make a figure an average (人均, 日均, 批均 …), longest first."""
    spec = cues()["average"]
    words = [w for key in ("per_day", "per_month", "per_person", "per_item", "per_measure") for w in spec[key]]
    return tuple(sorted(set(words), key=len, reverse=True))


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
    totals = tuple(cues()["enumeration"]["total_after"])
    items = [
        c for c in after
        if same_measure(c, head)
        and not re.match(r"\s*的\s*\d", text[c.end : c.end + 4])
        and not _is_change_or_average(c)
    ]
    # 收入合计 N after items closes a build-up, no item; first in the list (支出总计 T，其中：
    # 本年支出合计 A，年末结转和结余 B) it is one
    items = items[:1] + [c for c in items[1:] if not (c.subject or "").endswith(totals)]
    items = _of_the_heads_flow(head, items)
    # 其中 may name one part (其中：一般公共预算拨款 A): it cannot exceed its total
    if len(items) < (1 if _cue_kind(cue) == "subset" else 2):
        return None
    deductions = cues()["enumeration"]["deductions"]
    if any(word in _lead(text, sentence, c) for c in items for word in deductions):
        return None  # 出口货物退增值税 C is taken away, not added: the list is no plain sum
    if head.kind != "score" and any(_names_only_a_stage(c.subject) for c in items):
        # "…年初预算数 X，决算数 Y": two stages of one item, not a breakdown (a score sheet's
        # sections are named by stages: 预算编制 10 分，预算执行 19 分)
        return None
    shares, rates = _attached_percentages(text, items, after, head)
    kind = _cue_kind(cue)
    partial = kind == "partial" or _ends_with_partial_suffix(text, items[-1].end, sentence.end)
    return Enumeration(head, tuple(items), shares, rates, cue, partial, measure_of(head))


def _with_own_rates(report, enumerations, ratios) -> list[Enumeration]:
    """Give a list whose items each state a rate or a growth the total's own, stated between
    the total and its first item in the same words (完成 A，为预算的 R，同比增长 G。其中：甲 a₁，
    为预算的 r₁，增长 g₁；…): the rates' base is then the sum of the items' bases, and last
    year's total the sum of the items' last year, written or not."""
    based = {r.numerator.id for r in ratios if r.denominator is not None}
    found = []
    for enumeration in enumerations:
        rate = _head_rate(report, enumeration, based)
        growths = _growths(report, enumeration)
        if rate is not None or growths:
            enumeration = replace(enumeration, head_rate=rate, head_growth=growths[0] if growths else None,
                                  growths=growths[1:])
        found.append(enumeration)
    return found


def _growths(report, enumeration: Enumeration) -> tuple[Claim, ...]:
    """The growth (增长 / 下降 P%) stated after the total and after each item, before the
    next figure's, all against last year (not a budget, not on another basis): total first;
    () unless every one is stated. The total may stand in the paragraph before (其中 opening
    a paragraph): its growth is then in its own sentence."""
    head, items = enumeration.head, enumeration.items
    if head is None or len(items) < 2 or any(c.paragraph is None or c.source != "narrative"
                                             for c in (head, *items)):
        return ()

    def sentence_end(claim: Claim) -> int:
        sentence = report.sentence_of(claim)
        return sentence.end if sentence is not None else len(report.paragraph_text(claim.paragraph))

    # each figure's growth is before the next figure of the list in its paragraph, else in
    # its own sentence (items each in a paragraph of their own: 1.增值税 A，增长 g₁。⏎ 2.…)
    figures = (head, *items)
    limits = [b.start if b.paragraph == a.paragraph else sentence_end(a) for a, b in zip(figures, figures[1:])]
    limits.append(sentence_end(items[-1]))
    found = []
    for amount, limit in zip(figures, limits):
        growth = _growth_after(report, amount, limit)
        if growth is None:
            return ()
        found.append(growth)
    return tuple(found)


def _growth_after(report, amount: Claim, limit: int) -> Claim | None:
    """The first growth in % after ``amount`` and before ``limit``, in words of last year,
    with no other level figure before it (the change may come first: 增加 C，增长 G)."""
    after = report.claims_between(amount.paragraph, amount.end, limit)
    growth = next((c for c in after if c.kind == "percent" and c.direction and measure_of(c) == "%"), None)
    text = report.paragraph_text(amount.paragraph)
    # (a rate's written base may stand between: 完成预算 B 的 R，同比增长 G)
    if growth is None or any(c.kind in AMOUNT_KINDS and not c.direction and c.start < growth.start
                             and not _is_ratio_base(text, c) for c in after):
        return None
    return growth if _against_last_year(words_before(text, amount.end, growth.start)) else None



def _against_last_year(words: str) -> bool:
    """增长, 同比下降, 比上年增长: a growth on last year, not on a budget (比年初预算增长), a
    month (环比) or another basis (同口径)."""
    spec = cues()["change"]
    if any(word in words for word in spec["basis_words"] + spec["other_periods"]):
        return False
    return not any(stage in words for stage in stage_names())


def _head_rate(report, enumeration: Enumeration, based: set[str]) -> Claim | None:
    head, items, rates = enumeration.head, enumeration.items, enumeration.rates
    if head is None or head.id in based or head.paragraph is None or not rates or None in rates:
        return None
    if head.source != "narrative" or items[0].paragraph != head.paragraph:
        return None
    text = report.paragraph_text(head.paragraph)
    between = report.claims_between(head.paragraph, head.end, items[0].start)
    rate = next((c for c in between if c.kind == "percent"), None)
    if rate is None or rate.direction or _is_share(text, head.end, rate):
        return None
    if any(c.kind in AMOUNT_KINDS for c in between if c.start < rate.start):
        return None  # another figure stands between the total and the rate
    words = _rate_words(text, head, rate)
    if not words or any(_rate_words(text, item, r) != words for item, r in zip(items, rates)):
        return None
    return rate


def _rate_words(text: str, amount: Claim, rate: Claim) -> str:
    """The words naming a rate after its amount, the linking verb dropped: 为年预算的."""
    words = words_before(text, amount.end, rate.start)
    return re.sub(r"^(?:为|是|完成|达到|达)", "", re.sub(r"\s+", "", words))


def _of_the_heads_flow(head: Claim, items: list[Claim]) -> list[Claim]:
    """The items up to the first named by another flow than the total's (基金收入 A，其中土地
    出让收入 B，基金支出 C: the list is B alone)."""
    flows = tuple(cues()["enumeration"]["flows"])
    own = next((f for f in flows if subject_core(head.subject).endswith(f)), None)
    if own is None:
        return items
    for index, item in enumerate(items):
        name = subject_core(item.subject)
        if name.endswith(flows) and not name.endswith(own):
            return items[:index]
    return items


def names_a_whole(head, items) -> bool:
    """The items' names cover a partition the lexicon knows to be the whole of the total
    they fall under (支出: 基本支出 + 项目支出; 基本支出: 人员经费 + 公用经费, or its economic
    classes). A total named by a stage word alone (全年执行数) is a spending total."""
    partitions = cues()["enumeration"]["complete_partitions"]
    owner = subject_core(head.subject) if head is not None else ""
    key = next((k for k in sorted(partitions, key=len, reverse=True) if owner.endswith(k)),
               "支出" if not owner else None)
    names = [subject_core(c.subject) for c in items]
    if _a_level_partition(names):
        return True  # 中央…收入 A，地方…收入 B: every national figure is the two levels'
    return any(len(partition) == len(items) and all(any(n.endswith(p) for n in names) for p in partition)
               for partition in partitions.get(key, ()))


def _a_level_partition(names: list[str]) -> bool:
    return any(len(partition) == len(names) and all(n.startswith(p) for n, p in zip(names, partition))
               for partition in cues()["enumeration"]["level_partitions"])


def _names_only_a_stage(subject: str | None) -> bool:
    """预算数 X, 执行数 Y / 全年预算 A，支出 B: words naming a stage and no item. (No words at
    all, as in 30 万元用于…, name the item after the figure.)"""
    return subject is not None and (not subject_core(subject)
                                    or subject_core(subject) in cues()["enumeration"]["stage_only"])


def _cue_kind(cue: str) -> str:
    spec = cues()["enumeration"]
    for kind in ("partial", "complete", "subset"):
        if cue in spec[kind]:
            return kind
    return "complete"


def _attached_percentages(text, items, after, head=None):
    """For each item, the share (占 P%) and the rate (执行率 P%) stated right after it.

    A change (同比增长 P%) is neither; a share whose words name another base (占任务数的
    P%) is no share of ``head``."""
    shares: list[Claim | None] = []
    rates: list[Claim | None] = []
    # the percentages by position, so each item looks up its own instead of filtering them
    # all (quadratic in a list of thousands of items)
    all_percents = sorted((c for c in after if c.kind == "percent"), key=lambda c: c.start)
    starts = [c.start for c in all_percents]
    for index, item in enumerate(items):
        limit = items[index + 1].start if index + 1 < len(items) else 10**9
        percents = [p for p in all_percents[bisect_left(starts, item.end):bisect_left(starts, limit)]
                    if not p.direction]
        share = next((p for p in percents if _is_share(text, item.end, p)), None)
        # (占年初预算 B 的 P%: a share of its own written base, not of the list's total)
        own_base = share is not None and any(
            c.kind in AMOUNT_KINDS and item.end <= c.start < share.start for c in after)
        if share is not None and head is not None and (own_base or not _names_the_base(
                _share_words(text, item.end, share), head)):
            percents.remove(share)
            share = None
        rate = next((p for p in percents if p is not share), None)
        shares.append(share)
        rates.append(rate)
    return tuple(shares), tuple(rates)


def _is_share(text: str, after: int, percent: Claim) -> bool:
    between = text[after : percent.start]
    return any(word in between for word in cues()["share"])


def _share_words(text: str, after: int, percent: Claim) -> str:
    """The base words of a share: 占任务数的 56.4% → 任务数."""
    between = text[after : percent.start]
    words = "|".join(map(re.escape, sorted(cues()["share"], key=len, reverse=True)))
    match = re.search(rf"(?:{words})([^，,；;。\d]*?)(?:的|为|比例为|比重为)?\s*$", between)
    return match.group(1) if match else ""


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
        shares = tuple(r.result for r in group)
        # shares that stop short of 100% say the list goes on past what is stated
        partial = total_interval(shares).hi < 100
        found.append(
            Enumeration(group[0].denominator, items, shares,
                        (None,) * len(items), "shares", partial, measure_of(items[0]), True)
        )
    return found


def _resolve_share_bases(report, ratios: list[Ratio]) -> list[Ratio]:
    """Give each share without a written base the base that explains most of its paragraph.

    Candidates are totals of the shares' measure stated in the paragraph or the three
    before it, at least as large as every share's amount; the one under which most
    shares hold wins, and none is chosen unless it explains at least half of them.
    """
    from auditor.intervals import claim_interval, percent_interval

    named = {}
    for ratio in ratios:
        if ratio.denominator is None and (base := _base_the_words_name(report, ratio)) is not None:
            named[ratio.result.id] = base
    grouped: dict[int, list[Ratio]] = {}
    for ratio in ratios:
        if ratio.denominator is None and ratio.result.id not in named:
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
        # (a lone share would be given the base it holds against: a check that cannot fail)
        if best is not None and best_hits * 2 >= len(group) and len(group) >= 2:
            chosen[paragraph] = best
    resolved = []
    for ratio in ratios:
        if ratio.result.id in named:
            # 占基本支出预算 90.86%: the base the words name, whether or not the share holds
            ratio = Ratio(ratio.result, ratio.numerator, named[ratio.result.id], ratio.form,
                          ratio.base_words, False)
        elif ratio.denominator is None and (base := chosen.get(ratio.result.paragraph)) is not None:
            ratio = Ratio(ratio.result, ratio.numerator, base, ratio.form, ratio.base_words, True)
        resolved.append(ratio)
    return resolved


def _whole_shares(ratios) -> list[WholeShares]:
    """Shares left without a base, grouped by the words that name it (占一般公共预算支出的)
    within a few paragraphs, whose parts' names make a known whole."""
    # (占调整预算 P%, 占任务数的 P%: each part against its own budget or target, no share)
    own = cues()["share_own_base"]
    open_shares = [r for r in ratios if r.form == "share" and r.denominator is None
                   and not re.fullmatch(own, re.sub(r"^占|的$", "", r.base_words or ""))]
    found, used = [], set()
    for index, first in enumerate(open_shares):
        if first.result.id in used:
            continue
        words = _base_key(first)
        group = [r for r in open_shares[index:] if r.result.id not in used and _base_key(r) == words
                 and 0 <= r.result.paragraph - first.result.paragraph <= PARAGRAPHS_APART
                 and same_measure(r.numerator, first.numerator)
                 and (words or r.result.sentence == first.result.sentence)]
        parts = tuple(r.numerator for r in group)
        if len(group) < 2 or len({c.id for c in parts}) < len(parts) or not _a_known_whole(parts):
            continue
        used.update(r.result.id for r in group)
        found.append(WholeShares(tuple(r.result for r in group), parts))
    return found


def _done_and_undone(report, sentence, claims, listed: set[str]) -> list[Enumeration]:
    """问题资金 A，…整改到位资金 B，未整改资金 C: B and C, named by one verb (整改) and its
    negation, are the whole of the nearest larger figure before them; proven only when they
    add up (the whole is found by position)."""
    text = report.paragraph_text(sentence.paragraph)
    found = []
    levels = [c for c in claims if c.kind in AMOUNT_KINDS and not _is_change_or_average(c)
              and not inside_parentheses(text, c.start) and c.id not in listed]
    for index, undone in enumerate(levels):
        match = re.search(cues()["not_done"] + r"[^，,；;。]{0,8}$", _lead(text, sentence, undone))
        if match is None:
            continue
        verb = match.group(1)
        done = next((c for c in reversed(levels[:index]) if same_measure(c, undone)
                     and verb in _lead(text, sentence, c) and not re.search(cues()["not_done"], _lead(text, sentence, c))),
                    None)
        if done is None:
            continue
        wholes = [c for c in levels[: levels.index(done)] if same_measure(c, done)
                  and c.quantity.base_value >= max(done.quantity.base_value, undone.quantity.base_value)]
        if not wholes:
            continue
        items = (done, undone)
        found.append(Enumeration.plain(wholes[-1], items, "已/未", proven=Sum(wholes[-1], items).holds(),
                                       readings=(items,)))
    return found


def _done_and_not_done(report, sentence) -> list[WholeShares]:
    """资金支付 A，未支 B，支付率 P%: a rate of what was done out of what was done and what was
    not, both stated (P = A ÷ (A + B)); the words in lexicons/cues.yaml done_rates."""
    text = report.paragraph_text(sentence.paragraph)
    claims = report.claims_by_sentence.get(sentence.index, ())
    found = []
    for rate, (done_words, undone_words) in cues()["done_rates"].items():
        rates = [c for c in claims if c.kind == "percent" and c.unit == "%" and rate in (c.subject or "")]
        money = [c for c in claims if c.kind == "money" and not c.direction and not c.compared]
        undone = [c for c in money if _lead(text, sentence, c).endswith(tuple(undone_words))]
        done = [c for c in money if c not in undone
                and _lead(text, sentence, c).endswith(tuple(done_words))]
        if len(rates) == 1 and len(done) == 1 and len(undone) == 1 and same_measure(done[0], undone[0]):
            found.append(WholeShares((rates[0],), (done[0], undone[0])))
    return found


# shares of one named base are looked for this many paragraphs apart at most
PARAGRAPHS_APART = 8


def _base_key(ratio: Ratio) -> str:
    words = re.sub("|".join(map(re.escape, cues()["share_whole_words"])), "", ratio.base_words or "")
    return subject_core(words)


def _a_known_whole(parts) -> bool:
    """The parts' names are, one each, the members of a partition the lexicon knows whole."""
    names = [subject_core(c.subject) for c in parts]
    for partitions in cues()["enumeration"]["complete_partitions"].values():
        for partition in partitions:
            if len(partition) == len(names) and all(
                    sum(member in name for name in names) == 1 for member in partition) and all(
                    sum(member in name for member in partition) == 1 for name in names):
                return True
    return False


def _base_the_words_name(report, ratio: Ratio, least: float = 0.0) -> Claim | None:
    """The figure a share's base words name (占基本支出预算的 P% → 基本支出 N), stated before
    it in its paragraph or the three before, larger than its amount (and than ``least``, the
    parts of a respective run together); the nearest one."""
    from rapidfuzz import fuzz

    words = re.sub("|".join(map(re.escape, cues()["share_whole_words"])), "", ratio.base_words or "")
    core = subject_core(words)
    # 占支出合计的 P%: the words name a figure by its whole name (本年支出合计 N) even when
    # what is left of them without the whole words (支出) is too short to name one
    whole_name = subject_core(re.sub(r"^的|的$", "", ratio.base_words or ""))
    exact = len(core) < 3 or core in set(load("subjects")["generic"])
    if exact and (len(whole_name) < 3 or whole_name == core):
        return None  # 占总支出的 P%: a whole, not a named figure
    scope = scopes_of(ratio.base_words or "")
    share = ratio.numerator
    previous = any(word in (ratio.base_words or "") for word in _previous_year_words()[0])

    def names(c: Claim) -> bool:
        if exact:
            return subject_core(c.subject).endswith(whole_name)
        return fuzz.partial_ratio(core, subject_core(c.subject)) >= 90

    named = [
        c for c in report.claims
        if c.source == "narrative" and c.paragraph is not None and c.id != share.id
        and share.paragraph - 3 <= c.paragraph <= share.paragraph
        and (c.paragraph < share.paragraph or c.start < share.start)
        and same_measure(c, share) and c.quantity.base_value >= max(share.quantity.base_value, least)
        and not _is_change_or_average(c)
        and not _is_ratio_base(report.paragraph_text(c.paragraph), c)  # (完成预算 B 的 P%)
        and names(c)
        # 占全市…收入: the city's, not the counties'; words naming no scope take the nearest
        and (not scope or scopes_of(c.subject or "") == scope)
        # last year's 项目支出 is no base of this year's share (unless the words say 上年)
        and _says_previous_year(c) == previous
    ]
    # the figure named exactly so (本年项目支出 N) before one of its kinds (公共文化服务类项目支出 M)
    def exactly(c: Claim) -> bool:
        return re.sub(r"^(?:\d{4}年度?|本年度?|今年|当年|全年)", "", subject_core(c.subject)) in (core, whole_name)

    return max(named, key=lambda c: (exactly(c), c.paragraph, c.start)) if named else None


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


def _ratios(report, sentence, claims, enumerations, previous=(), before_paragraph=()) -> list[Ratio]:
    text = report.paragraph_text(sentence.paragraph)
    found: list[Ratio] = []
    amounts_before: list[Claim] = []
    for claim in claims:
        if claim.kind != "percent":
            if claim.kind in AMOUNT_KINDS and not _is_change_or_average(claim):
                amounts_before.append(claim)  # 增收 10304 is no share's or rate's amount
            continue
        respective = _respective(text, claims, claim)
        if respective is not None:
            # A、B 和 C …，占…的 P、Q 和 R: the k-th percentage is of the k-th amount, and the
            # words before the first (分别占支出总计的) name the base of them all
            amount, together = respective
            first = _run(text, claims, claim, ("percent",))[0]
            shaped = _share_form(text, first, [amount], enumerations)
            # the base of a run of parts is never smaller than they are together
            least = sum(a.quantity.base_value for a in together)
            if shaped is not None and shaped.base_words and (
                    shaped.denominator is None or shaped.denominator.quantity.base_value < least):
                base = _base_the_words_name(report, shaped, least)
                shaped = replace(shaped, denominator=base) if base is not None else None
            found.append(replace(shaped, result=claim) if shaped is not None
                         else Ratio(claim, amount, None, "share"))
            continue
        ratio = (
            _component_rate(report, claim, enumerations, previous)
            or _of_form(text, claim, amounts_before)
            or _share_form(text, claim, amounts_before, enumerations)
            or _rate_form(report, claim, amounts_before, enumerations, (*before_paragraph[-2:], *previous))
            or _named_share(report, text, sentence, claim, (*before_paragraph[-2:], *previous))
        )
        if ratio is not None:
            found.append(ratio)
    return found


def _run(text: str, claims, claim, kinds) -> list:
    """The run of figures ``claim`` stands in: neighbours of its kind joined only by 、和及与."""
    index = claims.index(claim)
    joined = re.compile(r"\s*(?:[、,，]|和|及|与|以及)\s*")
    start = end = index
    while start > 0 and claims[start - 1].kind in kinds and joined.fullmatch(
            text[claims[start - 1].end : claims[start].start]):
        start -= 1
    while end + 1 < len(claims) and claims[end + 1].kind in kinds and joined.fullmatch(
            text[claims[end].end : claims[end + 1].start]):
        end += 1
    return list(claims[start : end + 1])


def _respective(text: str, claims, percent) -> tuple[Claim, list[Claim]] | None:
    """分别为 A、B 和 C，占…的比例为 P、Q 和 R: the amount at the percentage's place in the
    run of amounts before it, when both runs have the same length (with the whole run)."""
    percents = _run(text, claims, percent, ("percent",))
    if len(percents) < 2:
        return None
    before = [c for c in claims if c.end <= percents[0].start and c.kind in AMOUNT_KINDS
              and not _is_change_or_average(c)]
    if not before:
        return None
    words = tuple(cues()["enumeration"]["respective"])
    lead = text[before[-1].end : percents[0].start]
    if any(w in lead for w in words) and not re.search(r"[；;。]", lead):
        # 基本支出 A 和项目支出 B，分别占支出总计的 P 和 Q: the last n amounts, in order
        named = before[-len(percents):]
        if len(named) == len(percents) and all(same_measure(a, named[0]) for a in named):
            return named[percents.index(percent)], named
        return None
    amounts = _run(text, claims, before[-1], AMOUNT_KINDS)
    opening = text[max(0, amounts[0].start - 8) : amounts[0].start]
    if len(amounts) != len(percents) or not any(w in opening for w in words):
        return None
    return amounts[percents.index(percent)], amounts


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
    tail = "|".join(map(re.escape, cues()["of_tail"]))
    if not re.fullmatch(rf"\s*的\s*(?:(?:{tail})\s*)*", text[base.end : percent.start]):
        return None
    bridge = text[amounts[-2].end : base.start]
    verb = re.search("(" + "|".join(map(re.escape, cues()["of_verbs"])) + ")", bridge)
    if verb is None or not same_measure(amounts[-2], base):
        return None
    if re.search(r"[\u4e00-\u9fff]{2,}", re.split(r"[，,；;]", bridge[: verb.start()])[-1]) and \
            re.search(r"[，,；;]", bridge[: verb.start()]):
        return None  # …专项债务 B，债务余额为限额 C 的 P%: the words name another figure than B
    form = "share" if verb.group(1) == "占" else "of"
    return Ratio(percent, amounts[-2], base, form)


def _share_form(text, percent, amounts, enumerations) -> Ratio | None:
    """A, 占(总X的) P%: a share whose base is a total stated elsewhere."""
    # (完成预算 B 的 P%，税收收入占…的比重为 Q%: B is the base of P, not Q's amount)
    amounts = [a for a in amounts if not _is_ratio_base(text, a)]
    if not amounts:
        return None
    # (基本支出 A（人员经费 B，公用经费 C），占 P%: the share is A's, not the aside's)
    outside = [a for a in amounts if not inside_parentheses(text, a.start)]
    if not outside:
        return None
    numerator = outside[-1]
    between = text[numerator.end : percent.start]
    match = re.search(r"(占比为|占比|占)([^，,；;。\d]*?)(的|为|比例为|比重为)?\s*$", between)
    # (a clause opening with 占 after a ；has the clause before's subject: 民生支出 A，增长 G；占
    # 支出的 P%)
    if match is None or re.search(r"[；;。]", between[: match.start()].rstrip("；; ")):
        return None
    for enumeration in enumerations:
        if numerator in enumeration.items and enumeration.head is not None:
            if not _names_the_base(match.group(2), enumeration.head):
                break  # 占任务数的 56.4%: a base the words name, not the list's total
            return Ratio(percent, numerator, enumeration.head, "share", match.group(2))
    return Ratio(percent, numerator, None, "share", match.group(2))


def _named_share(report, text, sentence, percent: Claim, previous) -> Ratio | None:
    """税收收入占一般公共预算收入的比重为 P%, no figure in the clause: the share of the figure
    its words name, stated in the sentences before; its base is found by the base words."""
    begin = clause_start(text, sentence.start, percent.start)
    match = re.match(r"\s*([\u4e00-\u9fff]{2,12}?)(占比为|占比|占)([^，,；;。\d]*?)(?:的)?(?:比重|比例)?(?:为|是|达)?\s*$",
                     text[begin : percent.start])
    if match is None or any(c.kind in AMOUNT_KINDS and begin <= c.start < percent.start
                            for c in report.claims_by_sentence.get(sentence.index, ())):
        return None
    numerator = _named_before(report, match.group(1), percent, list(previous)[-3:] + [sentence], measure=False)
    if numerator is None or numerator.kind != "money" or not match.group(3):
        return None
    return Ratio(percent, numerator, None, "share", match.group(3))


def _names_the_base(words: str, head: Claim) -> bool:
    """Whether a share's base words (占 … 的) can name the total ``head``: no words, words
    the total's subject shares, or only words for a whole (总, 全部, 合计)."""
    from rapidfuzz import fuzz

    core = re.sub("|".join(map(re.escape, cues()["share_whole_words"])), "", words or "")
    core = subject_core(core)
    if len(core) < 2:
        return True
    if scopes_of(words or "") and scopes_of(words or "") != scopes_of(head.subject or ""):
        return False  # 占全市…的 P%: not a share of the counties' total
    return fuzz.partial_ratio(core, subject_core(head.subject)) >= 80


def _rate_form(report, percent, amounts, enumerations=(), previous=()) -> Ratio | None:
    """执行率 P% with the executed and budgeted amounts stated in the same sentence, or the
    budget in the three sentences before it, in its paragraph or the one before (调整后预算为 C。…实际支出 A，
    预算执行率 P%).

    Figures in parentheses are asides, not operands. A pairing that puts the rate off by
    more than the lexicon's implausible_factor is a linking miss, not a slip: dropped.
    """
    subject = percent.subject or ""
    spec = next((s for word, s in cues()["rates"].items() if word in subject), None)
    if spec is None:
        return None
    text = report.paragraph_text(percent.paragraph)
    written = _written_rate(report, text, percent, previous)
    if written is not None:
        return written
    components = set() if spec.get("parts") else {c.id for e in enumerations for c in e.items}
    amounts = [a for a in amounts if not inside_parentheses(text, a.start) and a.id not in components
               and not _other_item_between(text, a, percent)]
    # what was done is in the rate's own part of the sentence when that part states a figure
    # (实际完成 108 公里；完成治理面积 45 平方公里，完成率 100%: of the 45, not the 108)
    cut = max(text.rfind("；", 0, percent.start), text.rfind(";", 0, percent.start))
    own_part = [a for a in amounts if a.start > cut]
    # (what is left, 结余 C, is no part of what was spent)
    numerator = _pick(own_part or amounts, spec["numerator"], exclude=None,
                      avoid=(*spec["denominator"].get("subjects", ()), *cues()["budget_left"]))
    if numerator is None and "stages" in spec["numerator"]:
        # 财政拨款支出 A，年初预算为 B，完成年初预算的 P%: the sentence's figure of no stage,
        # before the budget the rate names, is what was spent
        budget = _pick(amounts, spec["denominator"], exclude=None)
        unstaged = [a for a in amounts if budget is not None and a.end <= budget.start
                    and a.stage is None and same_measure(a, budget)]
        if budget is not None and not unstaged and previous:
            # (or in the sentences before, named by the flow the rate's words name: 财政拨款支出
            # A。…年初预算为 B，支出决算完成年初预算的 P%)
            flow = next((f for f in cues()["enumeration"]["flows"] if f in subject), None)
            unstaged = [c for s in list(previous)[-3:] for c in report.claims_by_sentence.get(s.index, ())
                        if flow is not None and c.stage is None and same_measure(c, budget)
                        and not _is_change_or_average(c) and subject_core(c.subject).endswith(flow)]
        numerator = unstaged[-1] if unstaged else None
    bases = [b for b in _picks(amounts, spec["denominator"], exclude=numerator)
             if numerator is not None and same_measure(numerator, b)]
    if numerator is not None and not bases and previous:
        # (the budget in the sentences before, in this paragraph or the one before it:
        # 1.预算安排情况。…全年预算数为 A。⏎ 2.支出情况。实际支出 B，预算执行率 P%)
        earlier = [c for s in list(previous)[-3:] for c in report.claims_by_sentence.get(s.index, ())
                   if c.kind in AMOUNT_KINDS and not _is_change_or_average(c)
                   and not inside_parentheses(text, c.start) and c.id not in components]
        bases = [b for b in _picks(earlier, spec["denominator"], exclude=numerator)
                 if same_measure(numerator, b)]
    if numerator is not None and not bases and "预算" in spec["denominator"].get("stages", ()):
        bases = _funds_before(amounts, numerator)
    if not bases and set(spec["denominator"].get("subjects", ())) & set(cues()["targets"]["introducers"]):
        # 清运生活垃圾 3.82 万吨，目标完成率 105.11%: what was done is the figure right before
        # the rate, in its part of the sentence, whatever its stage
        if numerator is None and amounts and not re.search(r"[；;。]", text[amounts[-1].end : percent.start]):
            numerator = amounts[-1]
        bases = _target_stated_before(report, numerator) if numerator is not None else []
    if numerator is None or not bases:
        return None
    # 发放问卷 300 份，收回 285 份，满意 270 份，满意度 94.74%: of the figures the rate's
    # denominator words name, the nearest that holds is the reading; none holding, the nearest
    denominator = next((b for b in bases if b.value > 0 and percent.value > 0
                        and RatioRelation(percent, numerator, b).holds()), bases[0])
    if denominator.value <= 0 or percent.value <= 0:
        return None
    more = _more_parts(amounts, numerator, spec, percent, denominator)
    if more:
        parts = sorted((numerator, *more), key=lambda c: c.start)  # (满意 352 + 基本满意 41), as written
        return Ratio(percent, parts[0], denominator, "rate", more=tuple(parts[1:]))
    factor = float(cues()["average"].get("implausible_factor", 2))
    recomputed = 100 * numerator.quantity.base_value / denominator.quantity.base_value
    if not (percent.value / factor <= recomputed <= percent.value * factor) and \
            not _decimal_shift(recomputed, percent.value):
        return None
    return Ratio(percent, numerator, denominator, "rate")


def _written_rate(report, text: str, percent: Claim, previous) -> Ratio | None:
    """资金执行率（实际支出/到位资金）为 P%: the rate's words write its formula; its figures are
    the ones so named, in its sentence or the three before."""
    match = re.search(r"[（(]([\u4e00-\u9fff]{2,8})\s*[/÷]\s*([\u4e00-\u9fff]{2,8})[）)]",
                      text[clause_start(text, 0, percent.start) : percent.start])
    sentence = report.sentence_of(percent)
    if match is None or sentence is None:
        return None
    sentences = list(previous)[-3:] + [sentence]
    numerator = _named_before(report, match.group(1), percent, sentences, measure=False)
    denominator = _named_before(report, match.group(2), percent, sentences, measure=False)
    if numerator is None or denominator is None or numerator is denominator or not same_measure(numerator, denominator):
        return None
    return Ratio(percent, numerator, denominator, "rate")


def _funds_before(amounts, spent: Claim) -> list[Claim]:
    """The fund figures of no stage before what was spent of them (项目资金共 A … 已拨付 B),
    nearest first: the budget when the text states none."""
    words = tuple(cues()["funds_words"])
    return [a for a in reversed(amounts) if a.end <= spent.start and a.stage is None and not a.direction
            and same_measure(a, spent) and any(w in (a.subject or "") for w in words)]


def _more_parts(amounts, numerator: Claim, spec, percent: Claim, denominator: Claim) -> tuple[Claim, ...]:
    """满意 352 份、基本满意 41 份，满意度 96.80%: when the rate is not the one figure over
    its base but the figures its numerator words name together are (满意 and 基本满意,
    比较满意), those figures."""
    if RatioRelation(percent, numerator, denominator).holds():
        return ()
    words = spec["numerator"].get("subjects", ())
    named = [a for a in amounts if a is not numerator and a is not denominator and same_measure(a, numerator)
             and any(w in (a.subject or "") for w in words)
             and not any(w in (a.subject or "") for w in spec["numerator"].get("not", ()))]
    if not named:
        return ()
    together = RatioRelation(percent, numerator, denominator, tuple(named))
    if together.holds():
        return tuple(named)
    # neither holds: the reading nearer what is stated (a slip moves a figure a little)
    alone = RatioRelation(percent, numerator, denominator)
    gap = [abs(r.computed()[0].mid - percent.value) for r in (alone, together)]
    return tuple(named) if gap[1] < gap[0] else ()


def states_a_target_in(report, claim: Claim) -> bool:
    """The figure is a target: its words say so (grammar.states_a_target), or its paragraph
    stands under a heading that names targets and not their outcome ((二) 年度绩效指标)."""
    sentence = report.sentence_of(claim)
    if sentence is None or claim.paragraph is None:
        return False
    if states_a_target(report.paragraph_text(claim.paragraph), sentence.start, claim.start):
        return True
    spec = cues()["targets"]
    for paragraph in reversed(report.document.paragraphs[: claim.paragraph + 1]):
        if paragraph.heading_level is not None:
            title = paragraph.text[:30]
            return any(w in title for w in spec["section_words"]) and not any(
                w in title for w in spec["outcome_words"])
    return False


def _target_stated_before(report, done: Claim) -> list[Claim]:
    """年度目标：全年清运垃圾不少于 3.6 万吨 … 全年清运垃圾 3.82 万吨，完成率 105.11%: the
    target of what was done, stated as a target in an earlier paragraph, of the same measure
    and named alike (the nearest one)."""
    from rapidfuzz import fuzz

    name = subject_core(done.subject)
    if len(name) < 3 or done.paragraph is None:
        return []
    found = []
    for claim in report.claims:
        if claim.paragraph is None or claim.paragraph >= done.paragraph:
            break
        if claim.source != "narrative" or not same_measure(claim, done) or claim.value <= 0:
            continue
        if not states_a_target_in(report, claim):
            continue
        words = subject_core(re.sub("|".join(map(re.escape, cues()["targets"]["clause_words"])), "",
                                    claim.subject or ""))
        if len(words) >= 3 and fuzz.partial_ratio(words, name) >= 85:
            found.append(claim)
    return found[-1:]


def _decimal_shift(recomputed: float, stated: float) -> bool:
    """10% written for 100%, 4119.5 for 411.95: a ratio off by a power of ten is a
    misplaced decimal point, which is a slip to name, not a pairing to drop."""
    if recomputed <= 0 or stated <= 0:
        return False
    shift = math.log10(recomputed / stated)
    return abs(shift) >= 0.5 and abs(shift - round(shift)) < 0.005


def _other_item_between(text: str, amount: Claim, percent: Claim) -> bool:
    """…共 213.37 万元，两项目整体执行率为 90.29%：“甲”项目支出 20.67 万元，执行率 82.68%：
    a rate stated in between, with a ；or ：after it, closes the figures before it."""
    between = text[amount.end : percent.start]
    return bool(re.search(r"\d\s*%[^；;：:。]{0,40}[；;：:]", between))


def _pick(amounts, spec, exclude, avoid=()) -> Claim | None:
    return next(iter(_picks(amounts, spec, exclude, avoid)), None)


def _picks(amounts, spec, exclude, avoid=()) -> list[Claim]:
    """The figures a rate's numerator or denominator words name, nearest first; ``avoid``:
    subject words of the other operand (实际完成 125 公里，年度目标 120 公里: the target is no
    numerator, even in a sentence of 完成)."""
    found = []
    for claim in reversed(amounts):
        subject = claim.subject or ""
        if claim is exclude or any(word in subject for word in (*avoid, *spec.get("not", ()))):
            continue
        if claim.stage in spec.get("stages", ()) or any(
                word in subject for word in spec.get("subjects", ())):
            found.append(claim)
    return found


# ---------------------------------------------------------------- changes


def _changes(report, sentence, claims, previous=()) -> tuple[list[Change], list[Ratio]]:
    """Changes read by the comparison grammar (lexicons/cues.yaml, change).

    A change amount (比上年增加 C) links to its current figure and to the base the target
    words name, or to no base when none is written (the base is then current − C and only
    a following rate can be checked). A rate stated without a change amount (较 2023 年的
    1000.00 万元增长 10.00%) becomes a growth ratio only when its base figure is written.
    """
    text = report.paragraph_text(sentence.paragraph)
    found: list[Change] = []
    growth: list[Ratio] = []
    attached: set[str] = set()
    for index, claim in enumerate(claims):
        if claim.id in attached or claim.kind not in (*CHANGE_KINDS, "percent"):
            continue
        direction = claim.direction
        if not direction:
            continue
        rate_first = claim.kind in CHANGE_KINDS and _preceding_rate(text, claims, index)
        # 增长 P%，增支 C: the comparison was written once, before the rate
        reading = _comparison(report, text, sentence, claims, index - 1 if rate_first else index, previous)
        if reading is None and claim.kind in CHANGE_KINDS and (
                rate_first or _following_rate(text, claims, index) is not None):
            reading = _unnamed_comparison(text, claims, index, index - 1 if rate_first else index,
                                          report.facts.fiscal_year)
            rate = claims[index - 1] if rate_first else _following_rate(text, claims, index)
            if reading is not None and reading.current is not None and rate is not None and \
                    reading.current.stage not in stage_names("outturn") and \
                    percent_interval(claim, reading.current).meets(claim_interval(rate)) and \
                    not ImpliedRate(rate, claim, reading.current, direction).holds():
                # 年初预算 100，调整后增加 20，增长 20%: with no comparison word a figure that is
                # no outturn (完成 A is) may be the base as well as the current one, and only
                # that reading holds
                continue
        if reading is not None and reading.current is None and reading.base is not None \
                and claim.kind in CHANGE_KINDS and same_measure(reading.base, claim):
            # 上年同口径支出为 B，本年增加 C，增长 P%: the current figure unwritten, the rate is
            # still the change over the written base
            rate = claims[index - 1] if rate_first else _following_rate(text, claims, index)
            if rate is not None and rate.id not in attached:
                attached.add(rate.id)
                growth.append(Ratio(rate, claim, reading.base, "of"))
            continue
        if reading is None or reading.current is None or not same_measure_or_percent(reading, claim):
            continue
        if claim.kind in CHANGE_KINDS:
            percent = claims[index - 1] if rate_first else _following_rate(text, claims, index)
            if percent is not None and _names_a_basis(text, sentence, reading.current, claim, percent):
                percent = None
            if percent is not None:
                attached.add(percent.id)
            found.append(Change(claim, reading.current, reading.base, direction, percent, reading.how))
        elif claim.unit == "%" and reading.how in ("stated", "named"):
            # a rate needs its comparison written: 专项资金节约 44% is a saving rate
            growth.append(Ratio(claim, reading.current, reading.base, "growth", direction=direction))
    return found, growth


def _points_gaps(report, sentence, claims) -> list[Change]:
    """增长 6.1%，高于全省平均水平（3.8%）2.3 个百分点 / 同比增长 25%，高于地方一般公共预算支出
    增幅 7.7 个百分点: the points are this rate less the other, written in parentheses or the
    growth stated after the figure the words name; none written, nothing is checked."""
    spec = cues()["points_gap"]
    text = report.paragraph_text(sentence.paragraph)
    found = []
    for index, points in enumerate(claims):
        if points.kind != "percent" or measure_of(points) == "%":
            continue
        clause = text[clause_start(text, sentence.start, points.start) : points.start]
        word = next((w for w in spec["ahead"] + spec["behind"] if w in clause), None)
        rates = [c for c in claims[:index] if c.kind == "percent" and measure_of(c) == "%"]
        if word is None or not rates:
            continue
        words = clause[clause.index(word) + len(word) :]
        other = next((c for c in rates if c.start >= clause_start(text, sentence.start, points.start)
                      and inside_parentheses(text, c.start)), None)
        if other is None:
            other = _rate_named(report, words, spec["rate_words"], sentence)
        if other is None:
            continue
        # this rate is a growth when the words before the comparison, or the other rate's, say
        # so (增速高于…, 高于…增幅)
        growth = any(w in clause[: clause.index(word)] for w in spec["rate_words"]) or bool(other.direction)
        own = [c for c in rates if c is not other and not inside_parentheses(text, c.start)
               and (bool(c.direction) or not growth)]
        if not own:
            continue
        found.append(Change(points, own[-1], other, 1 if word in spec["ahead"] else -1))
    return found


def _rate_named(report, words: str, rate_words, sentence) -> Claim | None:
    """The growth stated after the figure ``words`` name (地方一般公共预算支出增幅 → the growth
    after 地方一般公共预算支出 A), in this sentence or the three before."""
    name = re.sub("(?:" + "|".join(map(re.escape, rate_words)) + r")\s*$", "", words.strip())
    if len(name) < 4 or name == words.strip():
        return None
    for earlier in reversed(report.sentences[max(0, sentence.index - 3) : sentence.index + 1]):
        for claim in report.claims_by_sentence.get(earlier.index, ()):
            if claim.kind == "money" and subject_core(claim.subject).endswith(subject_core(name)):
                end = earlier.end if earlier.paragraph == claim.paragraph else claim.end
                growth = _growth_after(report, claim, end)
                if growth is not None:
                    return growth
    return None


def _named_differences(report, sentence, claims, enumerations=()) -> list[Change]:
    """支出 A，年初预算为 B，差值为 C / 编制 A 人，实有 B 人，空编 C 人: a figure the words call
    the gap between the two amounts before it (of its measure, after the last such gap):
    C = |A − B|. The parts of a list whose total is among them are no operands (编制 45 人，
    其中行政 30 人、事业 15 人；实有 42 人，空编 3 人: 45 − 42)."""
    parts = {c.id for e in enumerations if e.head is not None for c in e.items}
    words = tuple(cues()["difference_words"])
    text = report.paragraph_text(sentence.paragraph)
    found: list[Change] = []
    start = 0
    for index, claim in enumerate(claims):
        if claim.kind not in CHANGE_KINDS or claim.direction or not _lead(text, sentence, claim).endswith(words):
            continue
        before = [c for c in claims[start:index] if same_measure(c, claim) and not c.direction
                  and not c.compared and not inside_parentheses(text, c.start)
                  and c.id not in parts]
        start = index + 1
        if len(before) < 2:
            continue
        first, second = before[-2], before[-1]
        sign = 1 if first.value >= second.value else -1
        found.append(Change(claim, first, second, sign, None, "named_gap"))
    return found


@dataclass(frozen=True)
class Comparison:
    """What a change's words compare: current against base (None: not written)."""

    current: Claim | None
    base: Claim | None
    how: str  # stated (the base follows 比), named (its year or stage is named), implied, budget


def same_measure_or_percent(reading: Comparison, claim: Claim) -> bool:
    operands = [c for c in (reading.current, reading.base) if c is not None]
    if claim.kind == "percent":
        return all(c.kind in CHANGE_KINDS and same_measure(c, operands[0]) for c in operands)
    return all(same_measure(c, claim) for c in operands)


def _comparison(report, text, sentence, claims, index, previous) -> Comparison | None:
    claim = claims[index]
    begin = clause_start(text, sentence.start, claim.start)
    word = comparison_word(text[begin : claim.start])
    named_after = ""
    if word is None and begin > sentence.start:
        # 与上年相比，增加 C / 与 2022 年度相比，财政拨款支出增加 C: the comparison stands in
        # the clause before, a clause of no figure; the words before the direction word
        # may name the item compared
        earlier = clause_start(text, sentence.start, begin - 1)
        short = re.fullmatch(r"\W*\w{0,4}", text[begin : claim.start])
        # (与 2022 年度决算 B 相比，…减少 C: the clause's one figure is the written base)
        bare = all(c.compared for c in claims if earlier <= c.start < begin and c.kind != "year")
        if earlier < begin and (short or bare):
            found = comparison_word(text[earlier : begin])
            if found is not None:
                named_after = "" if short else text[begin : claim.start]
                begin, word = earlier, found
    # figures in an aside are no operands, unless the change stands in that aside itself
    aside = _aside_start(text, claim.start)
    before = [c for c in _item_window(text, claims, index) if c.kind in CHANGE_KINDS
              and (c.start > aside if aside is not None else not inside_parentheses(text, c.start))
              and not _is_ratio_base(text, c)]
    if word is None:
        return _budget_gap(before)
    at = begin + word.start()
    stated = [c for c in before if c.start > at]
    target = text[at : stated[-1].start if stated else claim.start]
    earlier = [c for c in before if c.start < at]
    current = _current(report, text, sentence, earlier, previous, claim, (begin, at), target)
    words = _without_direction(named_after)
    item = _item_named(words)
    whole = cues()["change"]["whole_accounts"]
    if item and item not in whole and not any(w in words for w in whole):
        current = _figure_named(report, item, earlier, previous, claim)
    elif not item and stated and current is not None and _looked_back(text, sentence, claim, begin):
        # 与 2022 年度支出 B 相比，本年增加 C: the written base names what is compared (支出);
        # a figure the sentence before states of another flow (年末结转结余) is not it
        flows = [w for w in ("收入", "支出") if w in (stated[-1].subject or "")]
        if flows and not any(w in (current.subject or "") for w in flows):
            current = None
    if stated:
        return Comparison(current, stated[-1], "stated")
    if current is None or word.group(0) in cues()["change"]["unstated_comparisons"]:
        return Comparison(current, None, "implied")
    base = _named_base(report, word.group(0), target, current, earlier, previous)
    return Comparison(current, base, "named" if base is not None else "implied")


def _unnamed_comparison(text, claims, index, first, fiscal: int | None = None) -> Comparison | None:
    """市本级完成 44.11 亿元，增加 4.37 亿元，增长 11.01%: a change amount and its rate with
    no comparison word and no budget beside them compare with the year before, unwritten:
    the current figure is the item's own amount, the base is implied. ``first``: the index
    of the first of rate and amount (增长 P%，增收 C)."""
    claim = claims[index]
    before = [c for c in _item_window(text, claims, first) if c.kind in CHANGE_KINDS
              and same_measure(c, claim) and not inside_parentheses(text, c.start)
              and not _is_ratio_base(text, c)]
    if before and _dated_before(before[-1], fiscal):
        # 与上年相比，2022 年实际支出 A，本年增加 C: a figure of the year before is the base
        # the change is from, not the current figure
        return Comparison(None, before[-1], "stated")
    return Comparison(before[-1], None, "implied") if before else None


def _dated_before(claim: Claim, fiscal: int | None) -> bool:
    """上年支出 A / 2022 年实际支出 A in a report of 2023: a figure of an earlier year."""
    return _says_previous_year(claim) or (
        fiscal is not None and claim.year is not None and claim.year < fiscal)


def _aside_start(text: str, offset: int) -> int | None:
    """Where the parenthesis holding ``offset`` opens, None outside parentheses."""
    if not inside_parentheses(text, offset):
        return None
    return max(text.rfind("(", 0, offset), text.rfind("（", 0, offset))


def _item_window(text: str, claims, index: int) -> list[Claim]:
    """The figures a change can be about: those after the last change (or its rate) before
    it, so that 公务接待费 242，较上年减少 12 never reaches back to the total's comparison."""
    start = 0
    for position in range(index - 1, -1, -1):
        if claims[position].direction:
            start = position + 1
            break
    return list(claims[start:index])


def _is_ratio_base(text: str, claim: Claim) -> bool:
    """完成年初预算 207380 万元的 54.22%: a figure followed by 的 P% is a ratio's base."""
    return bool(re.match(r"\s*的\s*[\d百]", text[claim.end : claim.end + 4]))


def _current(report, text, sentence, earlier, previous, claim, span, target) -> Claim | None:
    """The figure a change is of.

    Words before the comparison word that name an item (绩效奖金较上年增长 C) make the
    current figure that item's; otherwise it is the nearest amount before the comparison
    word that the target words do not name (上年支出 1000 is the base, not the current):
    of the same stage when the target is another year's (比上年决算数…), of another stage
    when it is another stage (比年初预算…).
    """
    begin, at = span
    in_clause = [c for c in earlier if c.start >= begin]
    item = _item_named(text[begin:at])
    if item and not in_clause and item not in cues()["change"]["whole_accounts"]:
        return _figure_named(report, item, earlier, previous, claim)
    stage = stage_of(target, "")
    year = re.search(r"((?:19|20)\d{2})\s*年", target)
    # (2022 年度为 B，同比增加 C in a report of 2023: B is the year before's, no current figure)
    candidates = [c for c in earlier if not _dated_before(c, report.facts.fiscal_year)
                  and not (year and c.year == int(year.group(1)))] or list(earlier)
    if stage is not None and _names_period(target):
        candidates = [c for c in candidates if c.stage == stage] or candidates
    elif stage is not None:
        candidates = [c for c in candidates if c.stage != stage] or candidates
    if candidates:
        return candidates[-1]
    # 全年执行数比上年 812.40 万元增加 …: the figure the words before 比 name, stated earlier
    prefix = re.sub(r"^[\d\.、，,\s]+", "", re.sub(r"(?:19|20)\d{2}\s*年度?", "", text[begin:at]))
    if len(prefix) >= 2 and previous and (named := _named_total(report, prefix, claim, list(previous))):
        return named
    if previous and _names_only_a_stage(prefix) and (stage := stage_of(prefix, "")) is not None:
        # 决算支出 A。决算数比 2022 年度的 B 增加 C: the sentence before's figure of that stage
        staged = [c for c in report.claims_by_sentence.get(previous[-1].index, ())
                  if c.stage == stage and same_measure(c, claim) and not _is_change_or_average(c)]
        # (全年支出比上年…: of 全年实际支出 A and 年末结余 B, the one of the flow the words name)
        flow = [c for c in staged if any(f in prefix and f in (c.subject or "") for f in cues()["enumeration"]["flows"])]
        if flow or staged:
            return (flow or staged)[0]
    whole = cues()["change"]["whole_accounts"]
    if begin == sentence.start and previous and (not prefix or _item_named(prefix) in whole):
        # 收入 792.22 万元。同比上年度增加 189.25 万元 / 收入总计 A，支出总计 A。收支较上年
        #增加 C: a sentence that opens with its comparison, naming no item or the whole
        # accounts, is about the amount the sentence before states (one value)
        levels = [c for c in report.claims_by_sentence.get(previous[-1].index, ())
                  if same_measure(c, claim) and not c.direction and not c.compared]
        if len(levels) >= 3 and Sum(levels[0], tuple(levels[1:])).holds():
            return levels[0]  # (the sentence before states one total and its parts)
        return levels[0] if levels and len({c.value for c in levels}) == 1 else None
    return None


def _looked_back(text: str, sentence, claim: Claim, begin: int) -> bool:
    """The comparison was found in the clause before the change's own."""
    return begin < clause_start(text, sentence.start, claim.start)


def _figure_named(report, item: str, earlier, previous, claim: Claim) -> Claim | None:
    """The figure of the item a change names (绩效奖金较上年增长 C → 绩效奖金 N), in the
    sentence or the two before it."""
    pool = list(earlier) + [c for s in list(previous)[-2:]
                            for c in report.claims_by_sentence.get(s.index, ())]
    # (本年收入 names the 本年收入合计 too)
    names = (item, *(item + w for w in cues()["enumeration"]["total_after"][:3]))
    named = [c for c in pool if same_measure(c, claim) and subject_core(c.subject).endswith(names)]
    if named:
        return named[-1]
    return _named_total(report, item, claim, list(previous)) if previous else None


def _without_direction(words: str) -> str:
    """财政拨款支出增加 → 财政拨款支出: the item's words before the direction word."""
    spec = cues()["change"]
    directions = sorted(spec["increase"] + spec["decrease"], key=len, reverse=True)
    for word in directions:
        at = words.find(word)
        if at >= 0:
            words = words[:at]
            break
    for each in spec["each"]:
        words = words.removesuffix(each)
    return words


def _item_named(prefix: str) -> str:
    """The item a clause names before its comparison word (绩效奖金 in (2)绩效奖金较…), ''
    when it names none or only a generic noun (收入, 支出)."""
    words = re.sub(r"^[\s\d\.、()（）]+", "", re.sub(r"(?:19|20)\d{2}\s*年度?", "", prefix))
    core = subject_core(re.sub(r"[^\u4e00-\u9fff（）()]", "", words))
    if len(core) < 2 or core in set(load("subjects")["generic"]):
        return ""
    return core


def _names_period(target: str) -> bool:
    spec = cues()["change"]
    return bool(re.search(r"(?:19|20)\d{2}\s*年", target)) or any(w in target for w in spec["previous_period"])


def _named_base(report, word, target, current, candidates, previous) -> Claim | None:
    """The figure whose year or stage the target words name, when the sentence states it."""
    spec = cues()["change"]
    stage = stage_of(target, "") if target else None
    pool = [c for c in candidates if c is not current and same_measure(c, current)]
    if previous:
        earlier = report.claims_by_sentence.get(previous[-1].index, ())
        # (a base written after 较上年的 in the sentence before is that comparison's own:
        # 三公 18.36，较上年的 21.50 减少 3.14。其中：公务接待费 4.12，比上年减少 0.94)
        pool = [c for c in earlier if c.kind in CHANGE_KINDS and c is not current
                and same_measure(c, current) and not c.direction and not c.compared] + pool
    year = re.search(r"((?:19|20)\d{2})\s*年", target)
    reference = current.year or report.facts.fiscal_year
    if year is not None:
        named = int(year.group(1))
        dated = [c for c in pool if c.year == named
                 or (_says_previous_year(c) and reference is not None and reference - 1 == named)]
    elif word in spec["previous_period_comparisons"] or _names_period(target):
        dated = [c for c in pool if _says_previous_year(c)
                 or (c.year is not None and reference is not None and c.year == reference - 1)]
    else:
        # a stage inherited from an earlier clause (和年初预算持平；… 7634.75) names no base
        staged = [c for c in pool if stage is not None and stage != current.stage
                  and stage_of(c.subject, "") == stage]
        return staged[-1] if staged else None
    if stage is not None:
        dated = [c for c in dated if c.stage == stage] or dated
    return dated[-1] if dated else None


def _said_last_year(subject: str) -> bool:
    """上年为 B, 去年同期为 B: words that are only the year before, naming no item."""
    words, _ = _previous_year_words()
    return re.sub("|".join(map(re.escape, words)) + r"|[为是，,\s]", "", subject) == "" and subject != ""


def _says_previous_year(claim: Claim) -> bool:
    """上年支出 1000: a figure the words date to the year before (比上年… compares, not dates)."""
    words, not_words = _previous_year_words()
    subject = claim.subject or ""
    if comparison_word(subject) is not None:
        return False
    for word in not_words:
        subject = subject.replace(word, "")
    return any(word in subject for word in words)


def _budget_gap(before: list[Claim]) -> Comparison | None:
    """减支 C / 节约 C with no comparison word: the gap between the spending and the budget
    the sentence states (预算 1000，实际支出 950，节约 50)."""
    budgets = [c for c in before if c.stage in stage_names("budget")]
    spent = [c for c in before if c.stage in stage_names("outturn")]
    if not budgets or not spent:
        return None
    return Comparison(spent[-1], budgets[-1], "budget")


def _names_a_basis(text: str, sentence, current: Claim, change: Claim, rate: Claim) -> bool:
    """收入(同口径)完成 A，同比增长 P%，增收 C: words naming a basis (口径, 可比), from the
    current figure's clause to the later of rate and amount, may mean the rate is on one
    basis and the amount on another: the two are then not paired."""
    begin = clause_start(text, sentence.start, min(current.start, change.start, rate.start))
    span = text[begin : max(change.end, rate.end)]
    return any(word in span for word in cues()["change"]["basis_words"])


def _preceding_rate(text, claims, index) -> bool:
    """比上年增长 P%，增支 C: the change amount follows its rate, in the same comparison
    (no comparison word of its own, the same direction)."""
    if index == 0:
        return False
    rate, claim = claims[index - 1], claims[index]
    between = text[rate.end : claim.start]
    if rate.kind != "percent" or rate.unit != "%" or rate.direction != claim.direction:
        return False
    return not re.search(r"[；;。]", between) and comparison_word(between) is None and len(between) <= 8


def _following_rate(text, claims, index) -> Claim | None:
    """The 增长/下降 P% right after a change amount, in the same comparison."""
    if index + 1 >= len(claims):
        return None
    claim, rate = claims[index], claims[index + 1]
    between = text[claim.end : rate.start]
    if rate.kind != "percent" or rate.unit != "%" or re.search(r"[；;。]", between):
        return None
    if len(between) > 12 or not _same_comparison(text, claim, between):
        return None
    return rate if rate.direction else None


def _same_comparison(text: str, claim: Claim, between: str) -> bool:
    """No other comparison stands between a change amount and its rate; 较上年减少 C，同比
    下降 P% restates the amount's own comparison with the year before."""
    word = comparison_word(between)
    if word is None:
        return True
    spec = cues()["change"]
    lead = text[clause_start(text, max(0, claim.start - 24), claim.start) : claim.start]
    # (与 2022 年上半年相比增加了 C，同比增长 P%: a year named, no budget)
    names_period = _names_period(lead) or any(w in lead for w in spec["previous_period_comparisons"])
    return (word.group(0) in spec["previous_period_comparisons"] and names_period
            and stage_of(lead, "") is None)


class _Listed:
    """The ids of the claims the enumerations found so far list: as items, and as items or
    heads. Kept up to date as they are found; rebuilt from every enumeration for every
    sentence, they made linking quadratic in a long report."""

    def __init__(self) -> None:
        self.items: set[str] = set()
        self.members: set[str] = set()
        self.heads: dict[str, Claim] = {}  # item id → the total it is a part of

    def add(self, found: list[Enumeration]) -> list[Enumeration]:
        for enumeration in found:
            self.items.update(c.id for c in enumeration.items)
            self.members.update(c.id for c in enumeration.items)
            if enumeration.head is not None:
                self.members.add(enumeration.head.id)
                self.heads.update((c.id, enumeration.head) for c in enumeration.items)
        return found


def _continued_past_the_sentence(report, by_paragraph, enumerations, listed: set[str]) -> list[Enumeration]:
    """其中，税收收入 A，增长 P%。非税收入 B，增长 Q%。: a list the sentence's end cuts short,
    its next items opening the sentences that follow. Taken only when the items then meet
    the total exactly (which proves the reading); otherwise the list stays as written."""
    from auditor.intervals import claim_interval

    extended = []
    for enumeration in enumerations:
        head, items = enumeration.head, enumeration.items
        if head is None or enumeration.cue != "其中" or items[-1].sentence is None:
            extended.append(enumeration)
            continue
        stated = claim_interval(head)
        (total,) = Sum(head, items).computed()
        if total.meets(stated) or total.lo > stated.hi:
            extended.append(enumeration)
            continue
        more = _sentence_openers(report, by_paragraph, items[-1], head, listed)
        taken, proven = None, True
        for count in range(1, len(more) + 1):
            if Sum(head, (*items, *more[:count])).holds():
                taken = more[:count]
                break
        if taken is None and more:
            # no extension adds up: one a slip explains is the reading, unproven (so that
            # a wrong figure in the sentences that follow is named, not passed over)
            from auditor.slips import explained_figure

            taken = next((more[:count] for count in range(1, len(more) + 1)
                          if explained_figure(Sum(head, (*items, *more[:count])),
                                              (head, *items, *more[:count]),
                                              subtle=abs(head.value)) is not None), None)
            proven = False
        if taken is None:
            extended.append(enumeration)
            continue
        new_items = (*items, *taken)
        extended.append(replace(enumeration, items=new_items, shares=(None,) * len(new_items),
                                rates=(None,) * len(new_items), proven=proven))
        listed.update(c.id for c in taken)
    return extended


def _sentence_openers(report, by_paragraph, last: Claim, head: Claim, listed) -> list[Claim]:
    """The amounts opening the sentences after ``last``'s in its paragraph (an item's name,
    then its figure, in the first clause), up to the first sentence that opens otherwise."""
    sentences = by_paragraph.get(last.paragraph, [])
    text = report.paragraph_text(last.paragraph)
    openers = []
    for sentence in (s for s in sentences if s.index > last.sentence):
        claims = report.claims_by_sentence.get(sentence.index, ())
        first = claims[0] if claims else None
        if (first is None or first.id in listed or not same_measure(first, head) or first.direction
                or re.search(r"[，,；;：:]", text[sentence.start : first.start])
                or comparison_word(text[sentence.start : first.start])):
            break
        openers.append(first)
    return openers


def _paragraph_lists(report, by_paragraph, listed: set[str]) -> list[Enumeration]:
    """收入 282.18 亿元，其中：⏎ 1.增值税 71.77 亿元 … ⏎ 2.企业所得税 52.89 亿元 …: a paragraph
    ending with a list cue and a colon, its items the paragraphs that follow, one figure
    each in their first clause. The total is the last amount of the cue's sentence, or the
    one its words name (主要税收收入项目情况如下：), stated in the paragraph."""
    spec = cues()["enumeration"]
    cue_pattern = "|".join(map(re.escape, sorted(spec["paragraph_cues"], key=len, reverse=True)))
    found = []
    for paragraph, sentences in by_paragraph.items():
        text = report.paragraph_text(paragraph).rstrip()
        cue = re.search(rf"({cue_pattern})\s*[:：]$", text)
        if cue is None and (view := _viewpoint_ending(text)) is not None:
            found.extend(_viewpoint_paragraphs(report, by_paragraph, paragraph, sentences, listed, view))
            continue
        if cue is None:
            found.extend(_numbered_breakdown(report, by_paragraph, paragraph, listed))
            continue
        items = _following_items(report, by_paragraph, paragraph, listed)
        head = _paragraph_list_head(report, text, sentences, cue.start(), items)
        if head is None or len(items) < 2 or not all(same_measure(c, head) for c in items):
            continue
        last = sentences[-1]
        partial = "主要" in text[last.start : cue.start()] or cue.group(1) != "其中" and \
            _cue_kind(cue.group(1)) == "partial"
        found.append(Enumeration.plain(head, items, cue.group(1), partial))
    return found


def _viewpoint_paragraphs(report, by_paragraph, paragraph, sentences, listed, view) -> list[Enumeration]:
    """The parts a paragraph-ending viewpoint lists, one a paragraph after it, of the total
    of the paragraph (or the nearest figure of their flow); proven only when they add up."""
    items = _following_items(report, by_paragraph, paragraph, listed)
    if items and items[0].kind != "money":
        # 产业发展类项目 82 个，安排资金 A: each paragraph's money, past the count naming it
        items = _following_items(report, by_paragraph, paragraph, listed, money=True)
    if len(items) < 2 or any(not same_measure(c, items[0]) for c in items):
        return []
    last = sentences[-1]
    head = _flow_total(report, items, report.sentences[max(0, last.index - 5) : last.index + 1], listed)
    if head is None:
        return []
    return [Enumeration.plain(head, items, "分类", proven=Sum(head, tuple(items)).holds(),
                              readings=(tuple(items),))]


def _viewpoint_ending(text: str) -> re.Match | None:
    """…同比增长 3.2%。从收入结构看：⏎ 税收收入 A … ⏎ 非税收入 B …: a paragraph ending with a
    viewpoint and a colon lists its parts in the paragraphs that follow."""
    for pattern in cues()["enumeration"]["viewpoints"]:
        match = re.search(f"(?:{pattern})$", text)
        if match is not None and text.endswith(("：", ":")):
            return match
    return None


def _numbered_breakdown(report, by_paragraph, paragraph, listed) -> list[Enumeration]:
    """1.总收入完成 19559.87 万元。⏎ (1)上级补助收入 18754.82 万元；⏎ (2)上年结转收入 805.05 万元：
    a numbered paragraph's figure broken down by the deeper-numbered paragraphs that follow,
    with no cue to say so. Taken only when they add up to it exactly (which proves the
    reading), or when a slip explains a gap of at most the partial-list share (unproven)."""
    from auditor.normalise import heading_level
    from auditor.slips import explained_figure

    level = heading_level(report.paragraph_text(paragraph))
    following = heading_level(report.paragraph_text(paragraph + 1)) if paragraph + 1 in by_paragraph else None
    # (an unnumbered paragraph's figure may be broken down by the numbered ones after it:
    # “三公”经费预算 A。⏎ （一）因公出国（境）费 B ⏎ （二）…)
    if following is None or (level is not None and following <= level):
        return []
    first = by_paragraph[paragraph][0]
    heads = [c for c in report.claims_by_sentence.get(first.index, ())
             if c.kind == "money" and not c.direction and not c.compared and c.id not in listed]
    items = _following_items(report, by_paragraph, paragraph, listed)
    if not heads or len(items) < 2 or not all(same_measure(c, heads[0]) for c in items):
        return []
    head = heads[0]
    whole = Sum(head, tuple(items))
    if whole.holds():
        proven = True
    elif explained_figure(whole, (head, *items), subtle=abs(head.value)) is not None:
        proven = False
    else:
        return []
    return [Enumeration.plain(head, items, "编号", proven=proven)]


def _following_items(report, by_paragraph, paragraph, listed, money: bool = False) -> list[Claim]:
    """The first amount of the first clause of each paragraph after ``paragraph``, up to
    the first paragraph without one (a heading, the next topic). Items share the first
    one's outline marker level: a deeper one (1. … (1) …) is a sub-item, left out; a
    paragraph marked otherwise ends the list. ``money``: the first money figure of each
    paragraph's first sentence instead (产业发展类项目 82 个，安排资金 A: past the count)."""
    from auditor.normalise import heading_level

    items: list[Claim] = []
    following = paragraph + 1
    level = heading_level(report.paragraph_text(following)) if following in by_paragraph else None
    while following in by_paragraph:
        sentences = by_paragraph[following]
        text = report.paragraph_text(following)
        own = heading_level(text)
        if own != level:
            if level is not None and own is not None and own > level:
                following += 1
                continue
            break
        first = sentences[0]
        clause_end = min([text.find(mark, first.start) for mark in "，,；;。" if text.find(mark, first.start) >= 0]
                         or [len(text)])
        amounts = [c for c in report.claims_by_sentence.get(first.index, ())
                   if (c.kind == "money" and not _is_ratio_base(text, c) if money
                       else c.kind in AMOUNT_KINDS and c.start < clause_end) and not c.direction]
        if not amounts or amounts[0].id in listed or _is_change_or_average(amounts[0]):
            break
        items.append(amounts[0])
        following += 1
    return items


def _paragraph_list_head(report, text, sentences, cue_start, items) -> Claim | None:
    if not items:
        return None
    sentence = next(s for s in sentences if s.start <= cue_start <= s.end)
    levels = [c for c in report.claims_by_sentence.get(sentence.index, ())
              if c.kind in AMOUNT_KINDS and c.start < cue_start and not c.direction and not c.compared
              and not inside_parentheses(text, c.start) and same_measure(c, items[0])
              and not _is_ratio_base(text, c)]
    if levels:
        return levels[-1]
    # 主要税收收入项目情况如下：the total its words name, stated earlier in the paragraph
    words = re.sub(r"^(?:主要|各项|具体)|(?:项目|科目)?(?:情况|构成)?(?:如下|包括|为)?$", "",
                   text[sentence.start : cue_start])
    earlier = [s for s in sentences if s.index < sentence.index]
    if len(words) < 2 or not earlier:
        return None
    named = _named_total(report, words, items[0], earlier)
    if named is None:  # 税收项目 names 全县税收收入: the one amount whose words hold them
        holding = [c for s in earlier for c in report.claims_by_sentence.get(s.index, ())
                   if same_measure(c, items[0]) and not c.direction and words in (c.subject or "")]
        named = holding[0] if len(holding) == 1 else None
    return named


def _budget_build_up(report, sentence, claims, listed: set[str], previous=()) -> list[Enumeration]:
    """年初预算 A；年中追加 B，全年预算 C (or 安排资金 C；年初预算 A，追加 B): C = A + B.
    The opening budget may stand in the sentence before (年初预算 A，其中 …。年中追加 B，
    调整后预算为 C).

    Only additions: a budget cut (压减, 调减) would need signed components. ``listed``: the
    ids of claims earlier enumerations list as items."""
    spec = cues()["budget_build_up"]
    text = report.paragraph_text(sentence.paragraph)
    money = [c for c in claims if c.kind == "money" and c.id not in listed
             and not inside_parentheses(text, c.start)]
    opening = [c for c in money if c.stage == "年初预算"]
    if not opening and previous:
        before = [c for c in report.claims_by_sentence.get(previous[-1].index, ())
                  if c.kind == "money" and c.id not in listed and not c.direction
                  and not inside_parentheses(text, c.start)]
        opening = [c for c in before if c.stage == "年初预算"]
        money = [*opening, *money] if len(opening) == 1 else money
    if len(opening) != 1:
        return []
    start = opening[0]
    additions = [c for c in money if c.start > start.start or c.sentence != start.sentence]
    additions = [c for c in additions if c is not start
                 and any(w in (c.subject or "") for w in spec["additions"])]
    totals = [c for c in money if c is not start and c not in additions
              and any(w in (c.subject or "") for w in spec["totals"])
              and c.value >= start.value]
    if not additions or len(totals) != 1:
        return []
    items = (start, *additions)
    return [Enumeration(totals[0], items, (None,) * len(items), (None,) * len(items),
                        "年初+追加", False, measure_of(start))]


def _build_ups(report, sentence, claims, previous, listed: set[str]) -> list[Enumeration]:
    """收入 A，加上级补助收入 B、上年结余 C，收入总计 T: T = A + B + C.

    The items are the figures between 加 and the total, each clause naming one (加上级补助、
    债务收入等，收入总量 T names items without figures: no sum can be read). The first figure
    is an amount before 加, in this sentence or the one before; when several could be, the
    one with which the items meet the total is taken, and when none does the reading is
    unproven (``proven`` False): the nearest one stands for it, the others are its
    ``readings``. ``listed``: the ids of claims earlier enumerations list as items."""
    spec = cues()["build_up"]
    text = report.paragraph_text(sentence.paragraph)
    found = _build_up_opening_and_money(text, sentence, claims, spec)
    if found is None:
        return []
    cue_start, cue_end, money = found
    totals = [c for c in money if c.start > cue_end and _names_build_up_total(text, sentence, c, spec)]
    if not totals:
        return []
    total = totals[0]
    figures = [c for c in money if cue_end < c.start < total.start]
    # (加上级补助 A，其中：一般 A1、专项 A2，上年结余 B …: the parts of an added item are
    # listed already, and no items of the build-up)
    items = [c for c in figures if c.id not in listed]
    span = text[cue_end : total.start]
    if (not items or any(c.direction or c.compared for c in items)
            or not all(same_measure(c, total) for c in items)
            or any(word in span for word in spec["subtracting"])
            or _clauses_without_figures(text, cue_end, total.start, figures)):
        return []
    starts = _build_up_starts(report, text, sentence, claims, previous, cue_start, total)
    if not starts:
        return []
    proven = [s for s in starts if Sum(total, (s, *items)).holds()]
    if proven:
        parts = (proven[0], *items)
        return [Enumeration.plain(total, parts, "加")]
    parts = (starts[0], *items)
    others = tuple((s, *items) for s in starts[1:])
    return [Enumeration.plain(total, parts, "加", proven=False, readings=others)]


def _nettings(report, sentence, claims, previous, before_paragraph, listed) -> list[Netting]:
    """Build-ups that take figures away (A，加 B，减 C，结余 D) and accounts netted in words
    (上述收支相抵，年终结余 R, against the 收入合计 and 支出合计 stated before)."""
    return (_netted_build_up(report, sentence, claims, previous, listed) + _set_off(report, sentence, claims, listed)
            + _budget_left(report, sentence, claims, previous) + _points_kept(report, sentence, claims)
            + _named_netting(report, sentence, claims, previous))


def _named_netting(report, sentence, claims, previous) -> list[Netting]:
    """收入总计减去本年支出后，年末结转和结余 R: R = the figure named 收入总计 less the one named
    本年支出, stated in this sentence or the four before."""
    text = report.paragraph_text(sentence.paragraph)
    match = re.search(cues()["named_netting"], text[sentence.start : sentence.end])
    if match is None:
        return []
    end = sentence.start + match.end()
    results = [c for c in claims if c.start >= end and c.kind == "money" and not c.direction]
    if inside_parentheses(text, sentence.start + match.start()):
        # 年末结转和结余为 C（收入总计扣除本年支出后的余额）: the figure the aside explains
        opening = max(text.rfind("（", 0, sentence.start + match.start()), text.rfind("(", 0, sentence.start + match.start()))
        results = [c for c in claims if c.end <= opening and c.kind == "money" and not c.direction][-1:]
    if not results:
        return []
    earlier = [s for s in report.sentences[max(0, sentence.index - 12) : sentence.index + 1]
               if sentence.paragraph - s.paragraph <= 4]
    added = _named_before(report, match.group(1), results[0], earlier)
    taken = _named_before(report, match.group(2), results[0], earlier)
    proven = taken is not None
    if taken is None:
        # 本年支出 named 全年支出 or 实际支出: the latest outturn of that flow, a reading the
        # words do not prove (an alarm needs a slip)
        flow = next((f for f in cues()["enumeration"]["flows"] if match.group(2).endswith(f)), "")
        taken = _latest_outturn(report, flow, results[0], earlier) if flow else None
    if added is None or taken is None or added is taken:
        return []
    return [Netting(results[0], (added,), (taken,), "减去", proven=proven)]


def _latest_outturn(report, flow: str, like: Claim, sentences) -> Claim | None:
    """The latest figure before ``like``, of its measure, named by ``flow`` and no budget."""
    for sentence in reversed(sentences):
        for claim in reversed(report.claims_by_sentence.get(sentence.index, ())):
            if (claim.sentence, claim.start) < (like.sentence, like.start) and same_measure(claim, like) \
                    and not _is_change_or_average(claim) and claim.stage not in stage_names("budget") \
                    and (claim.subject or "").endswith(flow):
                return claim
    return None


def _named_before(report, words: str, like: Claim, sentences, measure: bool = True) -> Claim | None:
    """The latest figure before ``like`` named ``words`` (收入总计 A: 总计 read as the verb
    of its subject, the words before it say it), of ``like``'s measure unless told."""
    for sentence in reversed(sentences):
        text = report.paragraph_text(sentence.paragraph)
        for claim in reversed(report.claims_by_sentence.get(sentence.index, ())):
            if claim is like or (claim.sentence, claim.start) >= (like.sentence, like.start) \
                    or (measure and not same_measure(claim, like)) or _is_change_or_average(claim) \
                    or claim.kind not in AMOUNT_KINDS:
                continue
            if (claim.subject or "").endswith(words) or _lead(text, sentence, claim).endswith(words):
                return claim
    return None


def _points_kept(report, sentence, claims) -> list[Netting]:
    """决策类指标满分 20 分，扣 2.0 分，得 18.0 分: what an item got is its worth less the
    points taken off, each in its part of the sentence (between ；)."""
    text = report.paragraph_text(sentence.paragraph)
    found = []
    for index, got in enumerate(claims):
        if got.kind != "score" or _is_a_weight(text, sentence, got) or is_points_taken(text, got):
            continue
        part = [c for c in claims[:index] if c.kind == "score"
                and not re.search(r"[；;。]", text[c.end : got.start])]
        weights = [c for c in part if _is_a_weight(text, sentence, c)]
        taken = [c for c in part if is_points_taken(text, c) and not text[max(0, c.start - 3) : c.start]
                 .rstrip().endswith(tuple(cues()["score"]["bonus_own"]))]
        if len(weights) == 1 and taken and all(c.start > weights[0].start for c in taken):
            found.append(Netting(got, (weights[0],), tuple(taken), "满分−扣分"))
    return found


def _budget_left(report, sentence, claims, previous) -> list[Netting]:
    """调整后预算为 A。…实际支出 B，执行率 P%，结余资金 C: C = A − B, the budget the one of
    the budget figures before that nets (none netting: the nearest, an alarm needs a slip)."""
    text = report.paragraph_text(sentence.paragraph)
    words = tuple(cues()["budget_left"])
    found = []
    money = [c for c in claims if c.kind == "money" and not c.direction and not c.compared
             and not inside_parentheses(text, c.start)]
    for left in money:
        lead = _lead(text, sentence, left)
        if not lead.endswith(words) or any(w in lead for w in ("结转", "上年", "年初", "以前")):
            continue  # (年末结转结余, 上年结余: carried between years, not left of a budget)
        # the spending in the sentence, else in the sentences just before (3.结余情况。年末结余 C,
        # after 2.支出情况。实际支出 B); the budget before the spending
        context = [s for s in report.sentences[max(0, sentence.index - 8) : sentence.index]
                   if sentence.paragraph - s.paragraph <= 3]
        earlier = [c for s in context for c in report.claims_by_sentence.get(s.index, ())
                   if c.kind == "money" and not c.direction and not c.compared]
        spent = [c for c in money if c.end <= left.start and c.stage in ("执行", "决算")] or \
                [c for c in earlier[-6:] if c.stage in ("执行", "决算") and same_measure(c, left)]
        if not spent:
            continue
        at = (spent[-1].sentence, spent[-1].start)
        before = [c for c in (*earlier, *money) if (c.sentence, c.start) < at]
        budgets = [c for c in before if c.kind == "money" and c.stage in ("调整预算", "预算", "年初预算")
                   and not c.direction and same_measure(c, left)] or _funds_before(before, spent[-1])[::-1]
        if not budgets:
            continue
        nets = [Netting(left, (b,), (spent[-1],), "结余") for b in reversed(budgets)]
        held = [n for n in nets if Net(n.total, n.added, n.taken).holds()]
        found.append(held[0] if held else replace(nets[0], proven=False))
    return found


def _netted_build_up(report, sentence, claims, previous, listed) -> list[Netting]:
    spec = cues()["build_up"]
    text = report.paragraph_text(sentence.paragraph)
    found = _build_up_opening_and_money(text, sentence, claims, spec)
    if found is None:
        return []
    cue_start, cue_end, money = found
    after = [c for c in money if c.start > cue_end and not c.direction and not c.compared]
    takers = "|".join(sorted(map(re.escape, spec["subtracting"]), key=len, reverse=True))
    taking = [m.end() for m in re.finditer(rf"(?:^|(?<=[，,；;、\s]))(?:{takers})", text[cue_end : sentence.end])]
    if not taking or len(after) < 3:
        return []
    first_taken = cue_end + taking[0]
    total = after[-1]  # the figure the netting ends with (结余 D)
    added = [c for c in after[:-1] if c.start < first_taken and c.id not in listed]
    taken = [c for c in after[:-1] if c.start >= first_taken]
    if not added or not taken or not all(same_measure(c, total) for c in (*added, *taken)) \
            or _clauses_without_figures(text, cue_end, total.start, added + taken):
        return []
    starts = _build_up_starts(report, text, sentence, claims, previous, cue_start, total)
    if not starts:
        return []
    nets = [Netting(total, (s, *added), tuple(taken), "加…减") for s in starts]
    held = [n for n in nets if Net(n.total, n.added, n.taken).holds()]
    return [held[0]] if held else [replace(nets[0], proven=False)]


def _set_off(report, sentence, claims, listed: set[str]) -> list[Netting]:
    """上述收支相抵，年终结余 R: R = the 收入合计 less the 支出合计 stated just before (in the
    four sentences before, within three paragraphs)."""
    spec = cues()["set_off"]
    earlier_sentences = [s for s in report.sentences if s.index < sentence.index
                         and sentence.paragraph - s.paragraph <= 3]
    text = report.paragraph_text(sentence.paragraph)
    cue = next((m for m in (re.search(re.escape(w), text[sentence.start : sentence.end]) for w in spec["cues"])
                if m), None)
    if cue is None:
        return []
    # the figure the netting gives follows the cue (收支相抵，年终结余 R)
    results = [c for c in claims if c.kind == "money" and not c.direction
               and c.start >= sentence.start + cue.end()]
    if not results:
        return []
    # the totals stated before the cue: in its own sentence (收入合计 A；支出合计 B；收支相抵，
    # 结余 R) or the four before; in its own sentence, the year's plain 收入 and 支出 too
    # (社会保险基金收入 A，支出 B，当年收支结余 R)
    at = sentence.start + cue.start()
    own = [c for c in claims if c.kind == "money" and c.end <= at and not c.direction]
    income = _last_named(text, sentence, own, spec["income"] + spec["plain_income"])
    expense = _last_named(text, sentence, own, spec["expense"] + spec["plain_expense"])
    if income is None or expense is None:
        income = expense = None
        # 收支相抵，年末结转和结余 R: a year-end balance carried on is the grand income total
        # (收入总计, the carry-over in it) less the year's spending, when the total is stated
        carried = any(w in _lead(text, sentence, results[0]) for w in cues()["balance"]["carried"])
        income_words = spec["grand_income"] + spec["income"] if carried else spec["income"]
        for words in ([w] for w in income_words):
            for earlier in reversed(earlier_sentences[-8:]):
                earlier_text = report.paragraph_text(earlier.paragraph)
                income = _last_named(earlier_text, earlier, list(report.claims_by_sentence.get(earlier.index, ())), words)
                if income is not None:
                    break
            if income is not None:
                break
        for earlier in reversed(earlier_sentences[-8:]):
            earlier_text = report.paragraph_text(earlier.paragraph)
            claims_before = list(report.claims_by_sentence.get(earlier.index, ()))
            expense = expense or _last_named(earlier_text, earlier, claims_before, spec["expense"])
    if income is None or expense is None:
        return _account_set_off(report, earlier_sentences[-1:], results[0], listed)
    if not same_measure(income, expense) or not same_measure(income, results[0]):
        return []
    return [Netting(results[0], (income,), (expense,), "收支相抵")]


def _account_set_off(report, earlier, result: Claim, listed: set[str]) -> list[Netting]:
    """国有资本经营收入 A，上级补助收入 B，上年结余 C，国有资本经营支出 D。上述收支相抵，年终结余 R:
    with no totals named, R = what the sentence before adds less what it takes, each figure
    by the last words of its name; the reading is proven only when it nets."""
    spec = cues()["set_off"]
    if not earlier or earlier[0].paragraph is None:
        return []
    text = report.paragraph_text(earlier[0].paragraph)
    # (a part of a list, 其中土地出让收入 B, is inside the figure it is a part of)
    figures = [c for c in report.claims_by_sentence.get(earlier[0].index, ())
               if c.kind == "money" and not _is_change_or_average(c) and not inside_parentheses(text, c.start)
               and c.id not in listed]
    if len(figures) < 2 or any(not same_measure(c, result) for c in figures):
        return []
    added, taken = [], []
    for claim in figures:
        name = subject_core(claim.subject)
        if name.endswith(tuple(spec["account_taken"])):
            taken.append(claim)
        elif name.endswith(tuple(spec["account_added"])):
            added.append(claim)  # (上解收入 is income: its last words decide)
        elif any(word in name for word in spec["account_taken"]):
            taken.append(claim)  # 调出资金
        else:
            return []  # a figure the words neither add nor take
    if not added or not taken:
        return []
    netting = Netting(result, tuple(added), tuple(taken), "收支相抵")
    return [replace(netting, proven=Net(result, netting.added, netting.taken).holds())]


def _last_named(text, sentence, claims, words) -> Claim | None:
    """The last figure of ``claims`` whose words end with one of ``words``."""
    for claim in reversed(claims):
        if _lead(text, sentence, claim).endswith(tuple(words)):
            return claim
    return None


def _build_up_opening_and_money(text: str, sentence, claims, spec):
    """(where 加 starts, where it ends, the money figures outside asides), or None when no
    加 opens added figures in the sentence."""
    opening = _build_up_opening(text, sentence, spec)
    if opening is None:
        return None
    money = [c for c in claims if c.kind == "money" and not inside_parentheses(text, c.start)]
    return (*opening, money)


def _build_up_opening(text: str, sentence, spec) -> tuple[int, int] | None:
    """Where 加 opens the added figures: at the start of a clause, not a verb (加强)."""
    words = "|".join(sorted(map(re.escape, spec["opening"]), key=len, reverse=True))
    for match in re.finditer(rf"(?:^|(?<=[，,；;。、：:\s]))(?:{words})", text[sentence.start : sentence.end]):
        at = sentence.start + match.start()
        if not any(text.startswith(verb, at) for verb in spec["not_opening"]):
            return at, sentence.start + match.end()
    return None


def _names_build_up_total(text: str, sentence, claim: Claim, spec) -> bool:
    lead = _lead(text, sentence, claim)
    return lead.endswith(tuple(spec["totals"])) and not lead.startswith(tuple(spec["opening"]))


def _clauses_without_figures(text: str, begin: int, end: int, items) -> bool:
    """加上级补助、债务收入等，收入总量 T: an added item named without a figure. (Names
    joined by 、 before one figure, 上年结转、调入资金等 21.25 亿元, are one item.)"""
    clauses, at = [], begin
    for piece in re.split(r"([，,；;])", text[begin:end]):
        if piece and piece not in "，,；;":
            clauses.append((at, at + len(piece)))
        at += len(piece)
    # the last clause names the total itself (…，收入合计 T)
    return any(not any(a <= c.start < b for c in items) for a, b in clauses[:-1]
               if re.search(r"[\u4e00-\u9fff]", text[a:b]))


def _build_up_starts(report, text, sentence, claims, previous, cue_start, total) -> list[Claim]:
    """The amounts 加 may add to, nearest first: before 加 in the sentence (outside asides,
    not a change or a comparison's base), else in the sentences of the paragraph before it."""
    def usable(c: Claim) -> bool:
        return (c.kind == "money" and not c.direction and not c.compared and same_measure(c, total)
                and not _is_ratio_base(report.paragraph_text(c.paragraph), c)
                and not inside_parentheses(report.paragraph_text(c.paragraph), c.start))

    here = [c for c in claims if c.start < cue_start and usable(c)]
    if here:
        return here[::-1]
    # 收入完成 A。其中，税收收入 B；非税收入 C。加上级补助 …: A may stand sentences back
    earlier = [c for s in previous for c in report.claims_by_sentence.get(s.index, ()) if usable(c)]
    return earlier[::-1]


def _parts_before(text, sentence, claims, total: Claim, listed: set[str]) -> list[Claim]:
    return [c for c in claims if same_measure(c, total) and c.id not in listed
            and not inside_parentheses(text, c.start) and not _is_a_weight(text, sentence, c)
            and not is_points_taken(text, c)]


def _totals_after_items(report, sentence, claims, listed: set[str], previous=()) -> list[Enumeration]:
    """A、B，合计 N: a total stated after its items. ``listed``: the ids of claims earlier
    enumerations list, as items or heads.

    A total named by its metric (A；B；C；收入合计 T) may close fewer figures than the
    sentence states: when the figures before it do not add up to it, the reading is unproven
    (an alarm needs a slip)."""
    words = cues()["enumeration"]["total_after"]
    text = report.paragraph_text(sentence.paragraph)
    found = []
    for index, claim in enumerate(claims):
        if claim.kind not in AMOUNT_KINDS or claim.id in listed:
            continue
        bare = (claim.subject or "") in words
        # (合计得分 93.5 分 / 四项合计，综合得分 88.5 分: a score total names what it totals
        # after the total word, or opens its sentence with it)
        named = _lead(text, sentence, claim).endswith(tuple(words)) or (
            claim.kind == "score" and any(w in text[sentence.start : claim.start] for w in words))
        if not bare and not (claim.kind in ("money", "score") and named):
            continue
        items = _parts_before(text, sentence, claims[:index], claim, listed)
        before = _sentence_totalled(report, sentence, previous, words)
        if (bare or claim.kind == "score") and not any(same_measure(c, claim) for c in claims[:index]) \
                and before is not None:
            # A；B；C。四项合计得分 T: the parts are the sentence before's (a total named by a
            # metric, 支出总计 T, is no total of the figures before it)
            items = _parts_before(report.paragraph_text(before.paragraph), before,
                                  report.claims_by_sentence.get(before.index, ()), claim, listed)
        if len(items) >= 2 and not any(_is_change_or_average(c) or c.compared for c in items):
            proven = bare or Sum(claim, tuple(items)).holds()
            found.append(Enumeration.plain(claim, items, claim.subject or "合计", proven=proven))
    return found


def _sentence_totalled(report, sentence, previous, words):
    """The sentence whose figures a total after them adds up: the one before in the
    paragraph, or the paragraph before's last when this one opens with its total word
    (…；效益类得 17.8 分。⏎ 四项合计，综合得分 88.5 分)."""
    if previous:
        return previous[-1]
    opening = report.paragraph_text(sentence.paragraph)[sentence.start : sentence.start + 8]
    if sentence.index > 0 and any(w in opening for w in words):
        return report.sentences[sentence.index - 1]
    return None


def _averages(report, sentence, claims, previous, excluded=frozenset(), heads=None) -> list[Average]:
    spec = cues()["average"]
    text = report.paragraph_text(sentence.paragraph)
    found = []
    for index, claim in enumerate(claims):
        if claim.kind not in ("count", "money"):
            continue
        # (…全年人均 1200 元；为 11329 名…: an average word of an earlier clause is not this
        # figure's)
        lead = text[max(sentence.start, claim.start - 16, clause_start(text, sentence.start, claim.start))
                    : claim.start]
        per = _average_kind(lead, spec)
        if per is None:
            continue
        earlier = list(claims[:index])
        if any(word in lead for word in spec["standard"]):
            found.extend(_standard(text, claim, claims[index + 1 :], earlier, lead, per))
            continue
        # (the sentences before in the paragraph, else the paragraph before's last: 决算支出 A。⏎
        # 共接待 92 批次…，批均接待费用 B)
        before = list(previous[-2:])
        if len(previous) < 2:
            first = previous[0].index if previous else sentence.index
            before = [s for s in report.sentences[max(0, first - 1) : first]
                      if sentence.paragraph - s.paragraph == 1] + before
        for s in reversed(before):
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
        if not _average_of(claim, total):
            continue
        head = (heads or {}).get(total.id)
        if total.sentence != sentence.index and head is not None and head.paragraph is not None \
                and sentence.paragraph - head.paragraph <= 1 and same_measure(head, total):
            # 实际支出 A。支出构成为：甲 a₁，…，丁 a₄。⏎ 每平方米改造成本 B: B averages A, not a₄
            total = head
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
            if not counts and per.startswith("measure:"):
                # a count of a measure (2.63 万平方米 of 每平方米造价) stated well before: only
                # when the report states one such count (three lengths of 公里 say nothing)
                before = [c for c in report.claims[: report.claims.index(claim)] if c.kind == "count"]
                counts = _divisors(text, lead, before, per, total)
                counts = counts if len({c.quantity.base_value for c in counts}) == 1 else []
            if counts:
                found.append(Average(claim, total, tuple(counts), per))
    return found


def _average_of(average: Claim, total: Claim) -> bool:
    """The average's words and the total's name one thing: alike (户均分红 / 入股分红资金), or
    both spending (人均接待费用 / 决算支出, 每平方米造价 / 项目实际支出), or the total named by no
    more than a flow or stage word. 人均纯收入 13,486 元 is no average of 分红资金 312 万元."""
    spec = cues()["average"]
    words = average.subject or ""
    for word in _average_words():
        words = words.replace(word, "")
    name = subject_core(total.subject)
    if len(name) <= 2 or len(subject_core(words)) <= 3:
        return True  # (人均 16.82 万元, 平均每个乡镇 90 万元: an average named by its per words only)
    spending = spec["spending_words"]
    if any(w in words for w in spending) and any(w in name for w in spending):
        return True
    # alike: the average's head noun (its last words) names the total too (户均分红 / 分红资金)
    core = subject_core(words)
    return core[-2:] in name


def _standard(text, claim: Claim, after, earlier, lead: str, per: str) -> list[Average]:
    """资助参保 23,416 人，按每人 350 元标准资助，支出 819.56 万元: the amount right after the
    standard, in its part of the sentence, is the count before it times the standard."""
    if per not in ("person", "item"):
        return []
    total = next((c for c in after if c.kind == claim.kind and c.quantity.measure == claim.quantity.measure
                  and not _is_change_or_average(c)), None)
    if total is None or re.search(r"[；;。]", text[claim.end : total.start]):
        return []
    part = [c for c in earlier if not re.search(r"[；;。]", text[c.end : claim.start])]
    counts = _divisors(text, lead, part, per, total)
    return [Average(claim, total, tuple(counts[-1:]), per)] if counts else []


def _average_kind(lead: str, spec) -> str | None:
    for word in spec["per_measure"]:
        if word in lead:
            return f"measure:{word}"
    for per, key in (("day", "per_day"), ("month", "per_month"), ("person", "per_person"), ("item", "per_item")):
        if any(word in lead for word in spec[key]):
            return per
    return None


def _divisors(text, lead, earlier, per, total) -> list[Claim]:
    """Counts stated earlier that the total may be divided by: "9 个项目" for 每个项目."""
    if per == "person":
        return [c for c in earlier if c.kind == "count"
                and c.quantity.measure in load("units")["person_measures"]]
    if per.startswith("measure:"):
        measures = cues()["average"]["per_measure"][per.split(":", 1)[1]]
        counts = [c for c in earlier if c.kind == "count" and c.quantity.measure in measures]
        # (one count stated twice, 维修面积 2.63 万平方米 in the overview and the outputs, divides once)
        return list({c.quantity.base_value: c for c in reversed(counts)}.values())[::-1]
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
