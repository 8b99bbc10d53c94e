"""grade: a grade (优/良/中/差) that contradicts the score it is given for.

The genre grades a self-evaluation by score bands (lexicons/grades.yaml: 优 ≥ 90, 良 80–90,
中 60–80, 差 < 60). A report that writes 自评得分 85 分，等级为优 has either the score or
the grade wrong.

Wrong::

    部门整体支出绩效自评得分为 85 分，绩效等级为“优”。

Right::

    部门整体支出绩效自评得分为 92 分，绩效等级为“优”。
"""
from __future__ import annotations

import re
from functools import cache

from auditor.findings import finding, shown
from auditor.lexicon import load
from auditor.messages import message
from auditor.link import inside_parentheses
from auditor.rules.base import Rule


@cache
def _grade_words() -> dict[str, str | None]:
    """Each way of writing a grade → its band's grade (None: a grade with no band, 合格)."""
    spec = load("grades")
    words: dict[str, str | None] = {w: b["grade"] for b in spec["bands"] for w in b["words"]}
    return words | dict.fromkeys(spec["unbanded"])


@cache
def _grade_after_score() -> re.Pattern:
    """等级为“优秀”: the cue, then a grade word (longest first, so 优秀 is not read as 优)."""
    words = sorted(_grade_words(), key=len, reverse=True)
    cue = re.escape(load("grades")["cue"])
    return re.compile(rf"{cue}[为是:：\s]*[“\"]?({'|'.join(map(re.escape, words))})")


def check(report):
    for sentence in report.sentences:
        since = 0
        for match in _grade_after_score().finditer(sentence.text):
            text = report.paragraph_text(sentence.paragraph)
            scores = [
                c for c in report.claims_by_sentence.get(sentence.index, ())
                if c.kind == "score" and since <= c.start - sentence.start < match.start()
                and not inside_parentheses(text, c.start) and not _a_band_boundary(text, c)
            ]
            if not scores and since == 0:
                scores = _scores_just_before(report, sentence)
            since = match.end()
            if scores:
                # the whole score is the largest before the grade: its parts (其中预算执行得分
                # 9.5 分…满意度得分 10 分) cannot exceed it
                yield from _contradiction(max(scores, key=lambda c: c.value), match.group(1))


_BOUNDARY = re.compile(r"\s*(?:[(（]含[)）])?\s*(?:以上|以下|及以上|至|到|-|—|～|~)")


def _a_band_boundary(text: str, claim) -> bool:
    """90 分（含）以上为优、80 分（含）至 90 分为良: a grade band's bound, not a score."""
    return bool(_BOUNDARY.match(text, claim.end)) or text[max(0, claim.start - 1) : claim.start] in ("至", "-", "～", "~")


def _scores_just_before(report, sentence) -> list:
    """自评总分 92.76 分。分项看，…得 48 分…。自评等级为“良”: a grade whose sentence states no
    score grades the scores of the three sentences before it (not in parentheses); the whole
    score is the largest of them."""
    found = []
    for before in report.sentences[max(0, sentence.index - 3) : sentence.index]:
        text = report.paragraph_text(before.paragraph)
        found += [c for c in report.claims_by_sentence.get(before.index, ())
                  if c.kind == "score" and not inside_parentheses(text, c.start)
                  and not _a_band_boundary(text, c)]
    return found


def _contradiction(score, word: str):
    bands = load("grades")["bands"]
    grade = _grade_words()[word]
    band = next((b for b in bands if b["grade"] == grade), None)
    if band is None or band["min"] <= score.value < band["max"] or (
        band["max"] == 100 and score.value == 100
    ):
        return
    fitting = next((b["grade"] for b in bands if b["min"] <= score.value < b["max"]), None)
    says = message("grade", score=shown(score), fitting=str(fitting), band=band["grade"],
                   low=str(band["min"]), high=str(band["max"]), stated=grade)
    yield finding("grade", "error", says, score, None, confidence=0.8)


RULE = Rule(
    id="grade",
    family="context",
    severity="error",
    summary="A grade (优/良/中/差) that contradicts the score bands",
    check=check,
)
