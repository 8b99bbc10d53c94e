"""The comparison grammar of the genre, as one home for the words that relate figures.

Budget prose states changes in a few fixed shapes (lexicons/cues.yaml, change):

    [current] (比 | 较 | 同比 | 与 … 相比) [target words] [base figure] (增加 | 减少 | …) C，增长 P%

This module answers the questions claims, link and rules ask of those words: is a figure a
change (the words right before it are 增加/减少/增长…), which comparison word a clause uses,
and is a figure the written base of a comparison (较 2024 年的 2190 万元减少 …). Every word
list is data in the lexicon.
"""
from __future__ import annotations

import re
from functools import cache

from auditor.lexicon import load


@cache
def change_words(key: str) -> tuple[str, ...]:
    """A word list of lexicons/cues.yaml change, longest first."""
    return tuple(sorted(load("cues")["change"][key], key=len, reverse=True))


def direction_before(text: str, start: int, floor: int) -> int:
    """+1 / −1 when the words right before offset ``start`` say the figure there is an
    increase / decrease (比上年增加 C, 增长 P%, 增幅为 P%, 节约 C); 0 otherwise, and 0 for a
    new level (增长至 B). ``floor``: where the words of this figure begin at the earliest."""
    lead = text[max(floor, start - 24) : start].rstrip()
    # a template's 增加(减少) 0 万元 names both ways: read the first word (the figure is 0)
    lead = re.sub(r"[(（](?:" + "|".join(map(re.escape, change_words("increase") + change_words("decrease")))
                  + r")[)）]$", "", lead)
    leads = [lead] + [lead[: -len(f)].rstrip() for f in change_words("filler") if lead.endswith(f)]
    if lead.endswith(change_words("not_change_after")):
        return 0
    for candidate in leads:  # 节约 C ends with the filler 约 too: the whole lead first
        # the longest word decides (负增长 P% is a fall, though it ends with 增长)
        found = [(len(w), sign) for words, sign in ((change_words("increase"), 1), (change_words("decrease"), -1))
                 for w in words if candidate.endswith(w)]
        if found:
            return max(found)[1]
    # (the comparison may stand before an earlier figure of the clause: 比去年 A 少 C)
    clause = text[clause_start(text, max(0, start - 40), start) : start].rstrip()
    return _short_direction(clause) or _bare_direction(clause)


def _short_direction(clause: str) -> int:
    """…，增 437.7%；同比降 6.1%: 增, 降, 减 alone are a change only when they open the
    figure's clause or follow its comparison (新增 5 个 is a count, not a change)."""
    spec = load("cues")["change"]["short"]
    for words, direction in ((spec["increase"], 1), (spec["decrease"], -1)):
        for word in words:
            if clause.endswith(word):
                rest = clause[: -len(word)].strip()
                if not rest or (comparison_word(rest) is not None and rest.endswith(
                        tuple(change_words("previous_period") + change_words("comparison")))):
                    return direction
    return 0


def _bare_direction(lead: str) -> int:
    """比去年 3.01 万元少 0.07 万元 / 较上年多 5 万元: 多 and 少 alone are a change only right
    after a comparison in the same clause, and never in 至少, 最多, 较多 …."""
    spec = load("cues")["change"]["bare"]
    for words, direction in ((spec["increase"], 1), (spec["decrease"], -1)):
        for word in words:
            if lead.endswith(word) and not lead[: -len(word)].endswith(tuple(spec["not_after"])):
                clause = re.split(r"[，,；;。：:]", lead)[-1]
                if comparison_word(clause) is not None:
                    return direction
    return 0


@cache
def _comparison_pattern() -> re.Pattern:
    return re.compile("|".join(map(re.escape, change_words("comparison"))))


def comparison_word(clause: str) -> re.Match | None:
    """The first comparison word of a clause that compares (比, 较, 同比, 与…相比: 与);
    words that only contain one (比例, 较好) are not comparisons."""
    masked = clause
    for word in load("cues")["change"]["not_comparison"]:
        masked = masked.replace(word, "#" * len(word))
    return _comparison_pattern().search(masked)


def clause_start(text: str, floor: int, offset: int) -> int:
    """Where the clause holding ``offset`` begins (after the last ，；： before it)."""
    cut = max(text.rfind(mark, floor, offset) for mark in "，,；;：:")
    return max(floor, cut + 1)


def words_before(text: str, floor: int, offset: int) -> str:
    """The words of a figure's clause right before it, linking verbs dropped (收入总计为 X →
    收入总计): what names the figure, where its subject drops 总计 (read as a verb)."""
    return re.sub(r"[为是达到约:：\s]+$", "", text[clause_start(text, floor, offset) : offset])


def is_compared_base(text: str, start: int, end: int, floor: int) -> bool:
    """较 2024 年的 2190 万元减少 …, 与上年 4520.18 万元相比: the figure is the written base
    of a comparison, not a level of its own clause."""
    lead = text[clause_start(text, floor, start) : start]
    word = comparison_word(lead)
    if word is None:
        return False
    if word.group(0) in load("cues")["change"]["comparing_verbs"]:
        return True  # 低于预算的 1.8 亿元: the figure it is compared with
    after = text[end : end + 8].lstrip("的 ")
    return after.startswith(change_words("increase") + change_words("decrease") + ("相比", "持平"))


def states_a_target(text: str, sentence_start: int, start: int) -> bool:
    """年初设定绩效目标为：…培训高素质农民 300 人 / 全年清运垃圾不少于 3.6 万吨: the figure at
    ``start`` is a target, not what was done (lexicons/cues.yaml targets): words that
    introduce its sentence's list (目标为：) or that stand in its own clause."""
    targets = load("cues")["targets"]
    before = text[sentence_start:start]
    introduced = re.search("(?:" + "|".join(map(re.escape, targets["introducers"]))
                           + r")[^，,；;。]{0,6}[:：]", before)
    clause = re.split(r"[，,；;。：:]", before)[-1]
    return bool(introduced) or any(word in clause for word in targets["clause_words"])
