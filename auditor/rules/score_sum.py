"""score_sum: a score sheet whose sections do not add up.

Self-evaluation reports score each section of the indicator system (预算编制 27 分,
预算执行 37.5 分 …) and each section's sub-items (一是 … 得 3.04 分); the total
self-evaluation score must be the sum of the sections and each section the sum of its
items, to any depth. The outline (一、 / （一） / 1. / （1） / 一是 / 第一，) gives the tree; a
section's own score is the first figure after a self-score cue (lexicons/cues.yaml score).
加分项 are handled explicitly: a total that matches only without them is a warning, not an
error. Weights in parentheses must add up to the stated 指标分值, and no score may exceed
its weight. Score lists with 其中 (自评 98.58 分，其中履职效能 49.58 分、管理效率 49 分)
are checked like any other total.

Wrong::

    (2) 效率性。该项指标自评得 9 分。
    第一，重点工作完成率为 100%，自评得 3 分。
    第二，绩效目标完成率 100%，自评得 5 分。
    第三，项目完成及时率…自评得 3 分。      (3 + 5 + 3 = 11)

Right::

    1. 预算编制情况。该项指标自评得 27 分。
    （1）预算编制。…该项指标自评得 18 分。
    （2）目标设置。该项指标自评得 9 分。
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.findings import finding, fmt, shown
from auditor.lexicon import load
from auditor.messages import Message, message
from auditor.link import cues, inside_parentheses, is_points_taken
from auditor.relations import AtLeast, Sum
from auditor.rules._sums import check_enumeration
from auditor.rules.base import Rule


@dataclass
class Node:
    paragraph: int
    level: int
    title: str
    score: object | None  # the section's own score claim
    bonus: bool = False
    weighted: bool = False  # its heading carries a weight in parentheses: a score-sheet item
    children: list["Node"] = field(default_factory=list)


def check(report):
    for enumeration in report.links.enumerations:
        if enumeration.items[0].kind == "score":
            yield from check_enumeration(enumeration, "score_sum")
    roots = _tree(report)
    for node in _walk(roots):
        yield from _check_node(node)
    yield from _check_total(report, roots)
    yield from _check_weights(report)


# ---------------------------------------------------------------- the outline tree


def _tree(report) -> list[Node]:
    paragraphs = report.document.paragraphs
    nodes: list[Node] = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.heading_level is None:
            continue
        body = [paragraph]
        if index + 1 < len(paragraphs) and paragraphs[index + 1].heading_level is None:
            body.append(paragraphs[index + 1])
        bonus = _is_bonus(paragraph.text)
        score = _own_score(report, body, bonus)
        weighted = any(
            c.kind == "score" and inside_parentheses(paragraph.text, c.start)
            for c in report.paragraph_claims(paragraph.index)
        )
        nodes.append(
            Node(paragraph.index, paragraph.heading_level, paragraph.text[:40], score, bonus,
                 weighted)
        )
    return _nest(nodes)


def _nest(nodes: list[Node]) -> list[Node]:
    roots: list[Node] = []
    stack: list[Node] = []
    for node in nodes:
        while stack and stack[-1].level >= node.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _own_score(report, body, bonus: bool = False):
    """The first score after the strongest self-score cue, outside parentheses; a bonus
    item may give its points as 加 2 分."""
    spec = cues()["score"]
    for paragraph in body:
        text = paragraph.text
        scores = [
            c for c in report.paragraph_claims(paragraph.index)
            if c.kind == "score"
            and not inside_parentheses(text, c.start)
        ]
        if not scores:
            continue
        if any(_is_total(text, c, spec) or _graded(report, c) for c in scores):
            return None  # the paragraph states the report's total, not a section's score
        for cue in spec["own"] + (spec["bonus_own"] if bonus else []):
            position = text.find(cue)
            if position < 0:
                continue
            after = [c for c in scores if c.start >= position + len(cue)]
            if after:
                return after[0]
    return None


def _is_total(text: str, claim, spec) -> bool:
    lead = text[max(0, claim.start - 14) : claim.start]
    return any(cue in lead for cue in spec["total"])


def _is_bonus(text: str) -> bool:
    head = re.sub(r"^[\s\d\.、（）()一二三四五六七八九十是第，,]+", "", text)[:8]
    return any(head.startswith(word) for word in cues()["score"]["bonus"])


def _walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _scored_children(node: Node) -> list[Node] | None:
    """The nearest scored descendants (unscored sections are looked through), or None when
    a score-sheet item (a heading with a weight) has no score anywhere below it: its share
    of the total is unknown, so the sum cannot be judged (an item scored by a formula).
    Unweighted headings without scores (自评结论) are not part of the sheet: skipped."""
    found = []
    for child in node.children:
        if child.score is not None:
            found.append(child)
            continue
        below = _scored_children(child)
        if below is None or (not below and child.weighted):
            return None
        found.extend(below)
    return found


# ---------------------------------------------------------------- checks


def _check_node(node: Node):
    children = _scored_children(node)
    if node.score is None or not children or len(children) < 2:
        return
    yield from _compare(node.score, children, message("score_sum.section"))


def _check_total(report, roots: list[Node]):
    total = _report_total(report)
    if total is None:
        return
    top = []
    for root in roots:
        top.extend([root] if root.score is not None else (_scored_children(root) or []))
    if len(top) < 2:
        return
    yield from _compare(total, top, message("score_sum.total"))


def _report_total(report):
    """The report's total score: after a total cue (自评总分, 自评得分为 …), else the
    score a sentence grades (自评得分 96.1 分，绩效等级为优)."""
    spec = cues()["score"]
    scores = [c for c in report.claims if c.kind == "score" and c.source == "narrative"]
    for claim in scores:
        if _is_total(report.paragraph_text(claim.paragraph), claim, spec):
            return claim
    for claim in scores:
        if _graded(report, claim):
            return claim
    return None


def _graded(report, claim) -> bool:
    """A score its sentence grades (自评得分 96.1 分，绩效等级为优) is the report's total."""
    sentence = report.sentence_of(claim)
    text = report.paragraph_text(claim.paragraph)
    return bool(sentence) and load("grades")["cue"] in text[claim.end : sentence.end] and not inside_parentheses(
        text, claim.start)


def _compare(stated, children: list[Node], what: Message):
    scores = [c.score for c in children]
    regular = [c.score for c in children if not c.bonus]
    bonus = [c.score for c in children if c.bonus]
    relation = Sum(stated, tuple(scores))
    if relation.holds():
        return
    decimals = max(s.quantity.decimals for s in scores + [stated])
    (total,) = relation.computed()
    terms = " + ".join(shown(s) for s in scores)
    if bonus and Sum(stated, tuple(regular)).holds():
        says = message("score_sum.bonus_left_out", what=what, stated=shown(stated),
                       regular=" + ".join(shown(s) for s in regular),
                       bonus=" + ".join(shown(s) for s in bonus), terms=terms,
                       computed=fmt(total.mid, decimals))
        severity, confidence = "warning", 0.6
    else:
        says = message("score_sum", what=what, stated=shown(stated), terms=terms,
                       computed=fmt(total.mid, decimals))
        severity, confidence = "error", 0.9
    yield finding("score_sum", severity, says, stated,
                  round(total.mid, decimals), [(s, "item_score") for s in scores],
                  confidence=confidence, relation=relation)


def _check_weights(report):
    """(8 分)、(2 分) … 指标分值 10 分: weights add up; a score never exceeds its weight."""
    spec = cues()["score"]
    for paragraph in report.document.paragraphs:
        text = paragraph.text
        scores = [c for c in report.paragraph_claims(paragraph.index) if c.kind == "score"]
        weights = [c for c in scores if inside_parentheses(text, c.start) and not is_points_taken(text, c)]
        stated_weight = next(
            (c for c in scores if not inside_parentheses(text, c.start)
             and any(w in (c.subject or "") for w in spec["weight"])), None)
        if len(weights) >= 2 and stated_weight is not None:
            relation = Sum(stated_weight, tuple(weights))
            (total,) = relation.computed()
            if not relation.holds():
                terms = " + ".join(shown(w) for w in weights)
                yield finding(
                    "score_sum", "error",
                    message("score_sum.weights", stated=shown(stated_weight), terms=terms,
                            computed=fmt(total.mid, 2)),
                    stated_weight, round(total.mid, 2), [(w, "weight") for w in weights],
                    relation=relation,
                )
        limit = stated_weight.value if stated_weight else (
            sum(w.value for w in weights) if len(weights) >= 2 else None)
        if limit is None:
            continue
        own = _own_score(report, [paragraph])
        if own is not None and own is not stated_weight and own.value > limit + 1e-9:
            yield finding(
                "score_sum", "error",
                message("score_sum.over_weight", score=shown(own), weight=fmt(limit, 2)),
                own, limit, [(w, "weight") for w in weights] + ([(stated_weight, "weight")] if stated_weight else []),
                # a score may not exceed its stated weight; a limit that is only the sum of
                # the weights in parentheses is no one figure to relate to
                relation=AtLeast(stated_weight, (own,)) if stated_weight else None,
            )


RULE = Rule(
    id="score_sum",
    family="context",
    severity="error",
    summary="Score sheet: total against sections, sections against items, weights, 加分项",
    check=check,
)
