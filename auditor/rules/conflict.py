"""conflict: the same quantity stated in two places with values that cannot both hold.

A figure quoted in the summary and again in the detail, or stated in prose and then used
with another value, leaves the reviewer unable to tell which is right. Two claims are
taken to be the same quantity when they have the same kind and measure, the same stage
and year, and subjects that rapidfuzz finds alike (lexicons/conflict.yaml); a shared
identical figure in both sentences lowers the bar. Qualifiers count: 近 1.72 万宗 and
超过 2 万宗 contradict, 约 30 个 and 30 个 do not.

Wrong::

    全年累计办理“一件事”业务近 1.72 万宗，群众满意度较高。

    截至年底，全年累计办理“一件事”业务超过 2 万宗，办件量居全市前列。

Right::

    今年已上线 107 个“一件事”主题联办服务，覆盖主要办事场景。

    全年共上线 107 个“一件事”主题联办服务。
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from auditor.claims import scopes_of, subject_core, without_scopes
from auditor.findings import as_written, finding
from auditor.intervals import claim_interval
from auditor.lexicon import load
from auditor.messages import message
from auditor.link import measure_of, states_a_target_in
from auditor.relations import Same
from auditor.checks import passed
from auditor.link import cues as link_cues
from auditor.rules.base import Rule


def check(report):
    yield from _restated(report)
    yield from _formula_inputs(report)


def _restated(report):
    spec = load("conflict")
    derived = _derived_claims(report)
    listed = {c.id for e in report.links.enumerations for c in e.items}
    candidates = [
        c for c in report.claims
        if c.source == "narrative" and c.kind in spec["kinds"] and c.subject
        and c.id not in derived and (_specific(c.subject, spec) or (c.kind == "money" and c.id not in listed))
        and not states_a_target_in(report, c)
    ]
    reported: set[str] = set()
    intervals = [claim_interval(c) for c in candidates]
    for i, j in _comparable_pairs(report, candidates):  # in the order of combinations()
        a, b = candidates[i], candidates[j]
        if a.paragraph == b.paragraph or b.id in reported:
            continue
        # values that agree first: far cheaper than comparing the subjects, and either
        # way the pair is no conflict; when the pair is what a conflict would be raised
        # on, the check held: the figure is confirmed by its restatement
        if intervals[i].scaled(a.quantity.scale / b.quantity.scale).meets(intervals[j]):
            if _same_quantity(report, a, b, spec):
                passed("conflict", Same(b, a), "restatement")  # stated twice, alike
            continue
        if not _same_quantity(report, a, b, spec):
            continue
        if _loosely_named(a, b, spec) and not _one_slip_apart(a, b):
            continue  # two figures of no stage, or of a generic name, differ by more than a slip
        reported.add(b.id)
        yield _finding(a, b)


def _unstaged_money(claim) -> bool:
    return claim.stage is None and claim.kind == "money"


def _loose(claim, spec) -> bool:
    """Money of no stage, or a figure named by a generic word (项目支出): the same quantity
    as another only when named exactly alike, and in conflict only a slip apart."""
    return _unstaged_money(claim) or not _specific(claim.subject, spec)


def _loosely_named(a, b, spec) -> bool:
    return _loose(a, spec) or _loose(b, spec)


def _one_slip_apart(a, b) -> bool:
    """项目实际支出 1,189.47 … 项目实际支出 1,198.47: one figure is the other with a slip."""
    from auditor.slips import explain

    return (explain(b, claim_interval(a).scaled(a.quantity.scale / b.quantity.scale)) is not None
            or explain(a, claim_interval(b).scaled(b.quantity.scale / a.quantity.scale)) is not None)


# Claims compared with each other: only those _same_quantity could match (same kind, measure,
# stage and year), each with the next WINDOW of them. A real report has at most a few dozen
# in one such group (33 in the corpus), so this compares every pair it ever compared, while
# a document of thousands of reports costs linear time, not the square of its claims.
WINDOW = 64


def _comparable_pairs(report, candidates) -> list[tuple[int, int]]:
    fiscal = report.facts.fiscal_year
    spec = load("conflict")
    groups: dict[tuple, list[int]] = {}
    for k, c in enumerate(candidates):
        # money of no stage, or of a generic name, pairs only with figures named exactly alike
        loose = _cleaned(c.subject) if _loose(c, spec) else None
        groups.setdefault((c.kind, measure_of(c), c.stage, c.year or fiscal, loose), []).append(k)
    pairs = [(members[x], members[y]) for members in groups.values()
             for x in range(len(members))
             for y in range(x + 1, min(x + 1 + WINDOW, len(members)))]
    pairs.sort()
    return pairs


def _derived_claims(report) -> set[str]:
    """Claims whose meaning is a relation to other figures: ratio results and bases.

    A share or a 为 B 的 P% base is named by the words of its relation, not by its own
    subject, so two of them can share a subject while being different quantities; the
    ratio rule checks them.
    """
    derived: set[str] = set()
    for ratio in report.links.ratios:
        if ratio.form != "rate":  # a rate's subject (项目支出执行率) names a metric
            derived.add(ratio.result.id)
        if ratio.form == "of" and ratio.denominator is not None:
            derived.add(ratio.denominator.id)
    for change in report.links.changes:
        derived.add(change.change.id)
    derived.update(c.id for c in report.claims if c.source == "narrative" and _names_a_relation(report, c))
    return derived


def _names_a_relation(report, claim) -> bool:
    """比上年增长 P%, 减少 C, 完成全年预算的 P%, 较上年的 B, 超过时间进度 N 个百分点: the
    words (or the measure) name a relation to other figures, so two such figures with the
    same words are different quantities."""
    if claim.direction or claim.compared or measure_of(claim) in load("conflict")["derived_measures"]:
        return True
    text = report.paragraph_text(claim.paragraph)
    return claim.kind == "percent" and text[max(0, claim.start - 2) : claim.start].rstrip().endswith("的")


def _clean(subject: str, spec) -> str:
    for word in spec["filler"]:
        subject = subject.replace(word, "")
    return re.sub(spec["spent_suffix"], "", re.sub(r"\s+", "", subject))


@lru_cache(maxsize=8192)
def _cleaned(subject: str) -> str:
    """_clean with the rule's lexicon, once per subject (not once per pair compared)."""
    return _clean(subject, load("conflict"))


def _specific(subject: str, spec) -> bool:
    """A subject that names a metric beyond a scope, a stage word or a generic noun."""
    core = subject_core(_clean(without_scopes(subject), spec))
    generic = set(load("subjects")["generic"])
    return len(core) >= spec["min_subject_chars"] - 1 and core not in generic and not core.startswith("占")


def _same_quantity(report, a, b, spec) -> bool:
    if a.kind != b.kind or measure_of(a) != measure_of(b):
        return False
    if a.stage != b.stage:
        return False
    if _loosely_named(a, b, spec) and (_cleaned(a.subject) != _cleaned(b.subject)
                                       or len(_cleaned(a.subject)) < spec["min_unstaged_chars"]):
        return False  # money of no stage or a generic name: the same only when named exactly alike
    fiscal = report.facts.fiscal_year
    if (a.year or fiscal) != (b.year or fiscal):
        return False
    if scopes_of(a.subject) != scopes_of(b.subject):
        return False  # 全县 … and 县级 …: two scopes, two quantities
    entities = _entity(report, a), _entity(report, b)
    if None not in entities and entities[0] != entities[1]:
        return False  # 太原市 … and 朔州市 …, 市旅游委 … and 市食药监局 …: whose figure differs
    if any((w in a.subject) != (w in b.subject) for w in spec["distinct"]):
        return False  # 总收入 and 收入: two metrics
    owners = _owner(report, a), _owner(report, b)
    if None not in owners and _ratio(*owners) < spec["same_subject"]:
        return False  # 其中：非税收入 of 财政总收入, and of 地方收入: two quantities
    left, right = _cleaned(a.subject), _cleaned(b.subject)
    if _ratio(left, right) >= spec["same_subject"]:
        return True
    # Sentences that share another figure describe the same thing: then one subject may
    # just leave words out of the other (累计办理业务 / 累计办理各项“一件事”业务), which
    # rapidfuzz's token-set ratio over jieba words sees. (The ratio, cached per pair of
    # subjects, is the cheaper test: it goes first.)
    if _set_ratio(left, right) < spec["same_subject_with_anchor"]:
        return False
    return _anchored(report, a, b)


def _owner(report, claim) -> str | None:
    """What a figure is a part of, when the words say: the total before the 其中/包括 that
    opens its list, the words before a colon (地方收入按构成分：…), or the item a numbered
    paragraph above it states with a figure (2.项目支出 0 元。…其中：…)."""
    paragraphs = report.document.paragraphs
    # 商品和服务支出预算 A，占基本支出预算的 P%: the share's words name what A is a part of
    # (占年初预算 B 的 P%, 占预算的 P%: a rate of its own budget, no whole it is a part of)
    share = re.match(r"\s*[，,]?\s*占([\u4e00-\u9fff]{2,12}?)(?:的|%|比)",
                     paragraphs[claim.paragraph].text[claim.end : claim.end + 20])
    if share is not None and not re.fullmatch(link_cues()["share_own_base"], share.group(1)):
        return subject_core(share.group(1)) or None
    text = paragraphs[claim.paragraph].text[: claim.start]
    cues = link_cues()["enumeration"]
    words = [w for key in ("complete", "subset", "partial") for w in cues[key]] + [":", "："]
    position = max(text.rfind(w) for w in words)
    if position < 0:
        for index in range(claim.paragraph - 1, max(-1, claim.paragraph - 8), -1):
            above = paragraphs[index]
            if above.heading_level is not None:
                figures = report.claims_by_paragraph.get(index, ())
                return subject_core(figures[0].subject) if figures and figures[0].subject else None
        return None
    lead = [c for c in report.claims_by_paragraph.get(claim.paragraph, ()) if c.end <= position]
    if lead and lead[-1].subject:
        return subject_core(lead[-1].subject)
    clause = re.split(r"[，。；,;]", text[:position])[-1]
    return subject_core(clause) or None


@lru_cache(maxsize=65536)
def _ratio(left: str, right: str) -> float:
    return fuzz.ratio(left, right)


@lru_cache(maxsize=65536)
def _set_ratio(left: str, right: str) -> float:
    return fuzz.token_set_ratio(_words(left), _words(right))


@lru_cache(maxsize=8192)
def _entity(report, claim) -> str | None:
    """Whose figure it is, when the words name it: the last place, group or body named
    before the figure in its paragraph (太原市, 在 41 个县, 市旅游委), else in the nearest
    paragraph before it that names one, without crossing a heading."""
    paragraphs = report.document.paragraphs
    text = paragraphs[claim.paragraph].text[: claim.start]
    # the sentence that names one, nearest first; in it the first named (全省 100 个县区（含
    # 41 个县、59 个区）: the whole, not the parts in its aside)
    for sentence in reversed(re.split(r"(?<=[。！？])", text)):
        found = _entities(sentence)
        if found:
            return found[0]
    for index in range(claim.paragraph - 1, max(-1, claim.paragraph - 4), -1):
        if paragraphs[index].heading_level is not None:
            return None
        for sentence in reversed(re.split(r"(?<=[。！？])", paragraphs[index].text)):
            found = _entities(sentence)
            if found:
                return found[0]
    return None


@lru_cache(maxsize=8192)
def _entities(text: str) -> tuple[str, ...]:
    spec = load("conflict")["entities"]
    # a name: a few characters none of which is a function word (用于全市 names nothing)
    name = f"[^\\W\\d{re.escape(spec['not_in_names'])}]"
    pattern = "|".join([rf"{name}{{1,4}}(?:{'|'.join(spec['suffixes'])})", *spec["groups"]])
    not_entities = set(load("subjects")["scopes"]) | set(spec["not_entities"])
    endings = tuple(spec["not_entity_endings"])
    return tuple(m.group(0) for m in re.finditer(pattern, text) if m.group(0) not in not_entities
                 and not m.group(0).endswith(endings))


def _words(text: str) -> str:
    from auditor.nlp import segmenter  # jieba with the domain dictionary, as claims use it

    return " ".join(segmenter().lcut(text))


def _anchored(report, a, b) -> bool:
    """The two sentences share another identical figure: they describe the same thing."""
    first = report.claims_by_sentence.get(a.sentence, ())
    second = report.claims_by_sentence.get(b.sentence, ())
    keys = {(c.value, c.unit) for c in first if c.id != a.id and c.kind in ("count", "money") and c.value >= 10}
    return any((c.value, c.unit) in keys for c in second if c.id != b.id and c.kind in ("count", "money"))


def _finding(a, b):
    open_ended = bool(a.quantity.qualifier or b.quantity.qualifier)
    severity = "warning" if open_ended else "error"
    relation = Same(b, a)
    (first,), second = relation.computed(), relation.stated()
    says = message(
        "conflict", first_line=str(a.line), first_subject=str(a.subject), first=as_written(a),
        first_span=first.describe(3), second_line=str(b.line), second_subject=str(b.subject),
        second=as_written(b), second_span=second.describe(3), unit=b.unit,
    )
    return finding("conflict", severity, says, b, first.mid,
                   [(a, "other_statement")], confidence=0.7 if open_ended else 0.8,
                   relation=relation)


# ------------------------------------------------------- prose figures used in formulas


def _formula_inputs(report):
    """A figure stated in prose and used in the paragraph's formula with another value.

    The formula's words (年末结转结余 / (年初结转结余 + …)) are aligned term by term with
    its numbers; a prose figure whose subject matches a term must be the number used.
    A difference that equals another amount stated in the paragraph is an adjustment the
    report explains (剔除 7668.32 万元), not a conflict.
    """
    from auditor.formula import find_formulas

    spec = load("conflict")
    for paragraph in report.document.paragraphs:
        money = [c for c in report.paragraph_claims(paragraph.index) if c.kind == "money"]
        prose = [c for c in money if c.subject]
        if not prose:
            continue
        amounts = {round(c.value, 2) for c in money}
        for formula in find_formulas(paragraph.text):
            for term, number in _aligned_terms(formula):
                claim = _prose_claim(prose, term, spec)
                if claim is None or claim.start >= number.start:
                    continue
                gap = round(abs(claim.value - number.value), 2)
                if gap == 0 or gap in amounts:
                    continue
                yield _formula_finding(paragraph, claim, number, term)


def _aligned_terms(formula):
    symbolic = next((s for s in formula.segments if s.kind == "symbolic"), None)
    numeric = formula.expressions[0] if formula.expressions else None
    if symbolic is None or numeric is None:
        return []
    words = [w.strip() for w in re.split(r"[+\-×*/÷()（）]|100%", symbolic.text)]
    words = [w for w in words if len(w) >= 4]
    numbers = [n for n in numeric.numbers if not n.percent]
    return list(zip(words, numbers))


def _prose_claim(prose, term: str, spec):
    """The prose figure the formula term names: the subject containing the term best
    (partial ratio: 我局决算中年末结转和结余决算数 contains 年末结转和结余决算数), ties
    broken by the plain ratio."""
    best, best_score = None, (0.0, 0.0)
    cleaned = _clean(term, spec)
    for claim in prose:
        subject = _clean(claim.subject, spec)
        score = (fuzz.partial_ratio(cleaned, subject), fuzz.ratio(cleaned, subject))
        if score > best_score:
            best, best_score = claim, score
    return best if best_score[0] >= spec["same_subject"] else None


def _formula_finding(paragraph, claim, number, term):
    from auditor.models import Location

    line, column = paragraph.origin(number.start)
    says = message("conflict.formula_input", term=term, used=number.text, line=str(claim.line),
                   subject=str(claim.subject), stated=claim.text,
                   gap=f"{abs(claim.value - number.value):.2f}")
    return finding("conflict", "warning", says, None, claim.value,
                   [(claim, "prose_statement")], confidence=0.6,
                   location=Location(line, column, paragraph.page), subject_text=number.text)


RULE = Rule(
    id="conflict",
    family="context",
    severity="error",
    summary="The same quantity stated in two places with values that cannot both hold",
    check=check,
)
