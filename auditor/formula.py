"""Arithmetic written out in a report, found and parsed safely; what it computes and whether
it gives its stated result is its relation type, auditor.relations.formula (``Written``).

Reports spell out how a score or a rate was computed::

    指标自评得分 = (4 * 15.22) / 2 = 3.04 分
    结余结转率 = 年末… / (年初… + …) × 100% = 291.36 / (726.55 + 5615.46) = 4.6%
    财政供养人员控制率= 35/37*100%=94.59%

A formula is a chain ``[label =] expr = expr = … = result`` inside one clause. Parts
written in words (年末财政拨款结转和结余决算数 / (…)) are kept as text but not evaluated;
the numeric parts are parsed by a small recursive-descent parser (never ``eval``) and
evaluated twice: at the stated values, for the message, and as intervals, for the
verdict. A stated figure with decimals stands for ± half a unit of its last digit; the
stated result likewise; a formula fails only when the result's interval cannot meet the
computed one. Integers inside written-out arithmetic (weights, head counts, 100, the 2 in
``/ 2``) are taken as exact: reading ``6`` as 5.5–6.5 would let ``(6 * 17.3) / 30 = 3.64``
pass for 3.46. ``%`` is a factor of 1/100, so ``35/37*100% = 94.59%`` compares 0.9459
with 0.9459; a result in % is also compared with the plain value ×100 (``35/37×100 =
94.59%``) — a formula holds when either reading holds.

Figures may carry their units inside the arithmetic (``单盏维护成本 = 512.30 万元 / 12360 盏 =
414.48 元``, ``人均经费 = 16720.76 万元 ÷ 898 人 = 18.62 万元/人``). A unit is what
auditor.quantities reads after the number (lexicons/units.yaml); its prefix scales the figure to
the base unit of its measure (万元 → 10000 元), a measure word alone scales by 1, and the stated
result is scaled by its own unit. Such arithmetic is evaluated twice more: in base units (for
512.30 万元 / 12360 盏 = 414.48 元) and at the figures as written, units ignored (for 3 万元 +
2 = 5 万元, where the bare 2 is in the unit of its neighbours); it holds when either does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from auditor.intervals import Interval, written_interval
from auditor.lexicon import load
from auditor.quantities import extract_from_normalised

# ---------------------------------------------------------------- tokens

_EQUALS = "=＝"
# Punctuation that closes a clause: a formula never spans one.
_CLAUSE_BREAK = set("，。；;！？!?,:：、\n")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_OPERATORS = {
    "+": "+", "＋": "+", "-": "-", "−": "-", "－": "-",
    "*": "*", "＊": "*", "×": "*", "/": "/", "／": "/", "÷": "/",
}
_OPEN = {"(": "(", "（": "("}
_CLOSE = {")": ")", "）": ")"}
# Characters a numeric expression is made of (spaces included: "(4 * 15.22) / 2").
_EXPRESSION_CHARS = set("0123456789.%％ \t") | set(_OPERATORS) | set(_OPEN) | set(_CLOSE)
# Kinds of quantity whose unit may follow a number inside arithmetic: 万元, 盏, 人, 分, bare 万.
# Percentages are read by the tokenizer itself; a year (2024 年) is never an operand.
_UNIT_KINDS = ("money", "count", "score", "number")
_PER = "/／"


def _per_words() -> tuple[str, ...]:
    """What may follow a unit after a slash (万元/人, 元/盏, 人次/日): a measure or a period."""
    units = load("units")
    date = units["date"]
    words = {*units["measures"], *units["year"]["units"], date["month"], *date["day"]}
    return tuple(sorted(words, key=len, reverse=True))


_PER_WORDS = _per_words()


@dataclass(frozen=True)
class Number:
    """A number as written in a formula, with its span in the paragraph text."""

    text: str
    start: int
    end: int
    value: float  # as written: 94.59 for "94.59%", 512.30 for "512.30 万元"
    decimals: int
    percent: bool = False
    unit: str = ""  # written after the number, "%" aside: 万元, 盏, 万元/人
    scale: float = 1.0  # to the base unit of the unit's measure: 10000 for 万元

    @property
    def written(self) -> str:
        """The figure as the report writes it, unit included: 512.30 万元, 94.59%."""
        return f"{self.text} {self.unit}" if self.unit else self.text

    @property
    def factor_value(self) -> float:
        """The number as a factor: 94.59% is 0.9459."""
        return self.factor(scaled=False)

    def factor(self, *, scaled: bool) -> float:
        """The number as a factor; ``scaled``: in the base unit of its measure (万元 → 元)."""
        if self.percent:
            return self.value / 100
        return self.value * self.scale if scaled else self.value

    def interval(self, *, exact_integers: bool = True, scaled: bool = False) -> Interval:
        """The values the written figure stands for, as a factor (% divided by 100)."""
        base = written_interval(self.value, self.decimals, exact_integers=exact_integers)
        if self.percent:
            return base.scaled(0.01)
        return base.scaled(self.scale) if scaled else base


@dataclass(frozen=True)
class _Token:
    kind: Literal["num", "op", "open", "close"]
    text: str  # normalised operator (+ - * /) or the number's text
    start: int
    end: int
    number: Number | None = None


class FormulaSyntaxError(ValueError):
    """The text is not a numeric expression the parser understands."""


@dataclass(frozen=True)
class _Unit:
    """The unit written after a number: where it ends, as written, and its scale."""

    end: int
    text: str
    scale: float


Units = dict[int, _Unit]  # offset where a number's digits start → the unit after it


def units_after_numbers(text: str, offset: int = 0) -> Units:
    """The unit after each number of a normalised text that has one, as auditor.quantities
    reads it (so 3 项目 or 5 月 are no units), keyed by ``offset`` + where the digits start.

    A unit with a qualifier inside it (20 余个) or a range (3-5 个) is left out: such a
    figure is not arithmetic. A slash and a measure after the unit belong to it (万元/人)."""
    found: Units = {}
    for quantity in extract_from_normalised(text):
        if quantity.kind not in _UNIT_KINDS or not quantity.unit or quantity.upper is not None:
            continue
        digits = _NUMBER.search(text, quantity.start, quantity.end)
        if digits is None or text[digits.end(): quantity.end].strip() != quantity.unit:
            continue
        end, unit = quantity.end, quantity.unit
        per = _per_word(text, end)
        if per:
            end, unit = end + 1 + len(per), f"{unit}/{per}"
        found[offset + digits.start()] = _Unit(offset + end, unit, quantity.scale)
    return found


def _per_word(text: str, position: int) -> str | None:
    """The measure after a slash right behind a unit: 人 of 万元/人."""
    if position >= len(text) or text[position] not in _PER:
        return None
    return next((w for w in _PER_WORDS if text.startswith(w, position + 1)), None)


def _tokenize(text: str, offset: int = 0, units: Units | None = None) -> list[_Token]:
    if units is None:
        units = units_after_numbers(text, offset)
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        match = _NUMBER.match(text, i)
        if match:
            end = match.end()
            percent = end < len(text) and text[end] in "%％"
            literal = match.group()
            unit = None if percent else units.get(offset + i)
            if unit is not None and unit.end - offset > len(text):
                unit = None  # the text was cut inside the unit
            number = Number(
                text=literal + ("%" if percent else ""),
                start=offset + i,
                end=offset + end + (1 if percent else 0),
                value=float(literal),
                decimals=len(literal.split(".")[1]) if "." in literal else 0,
                percent=percent,
                unit=unit.text if unit else "",
                scale=unit.scale if unit else 1.0,
            )
            tokens.append(_Token("num", literal, number.start, number.end, number))
            i = unit.end - offset if unit else end + (1 if percent else 0)
        elif ch in _OPERATORS:
            tokens.append(_Token("op", _OPERATORS[ch], offset + i, offset + i + 1))
            i += 1
        elif ch in _OPEN:
            tokens.append(_Token("open", "(", offset + i, offset + i + 1))
            i += 1
        elif ch in _CLOSE:
            tokens.append(_Token("close", ")", offset + i, offset + i + 1))
            i += 1
        else:
            raise FormulaSyntaxError(f"unexpected {ch!r} at {i}")
    return tokens


# ---------------------------------------------------------------- expression tree


@dataclass(frozen=True)
class Num:
    number: Number


@dataclass(frozen=True)
class Neg:
    operand: "Node"


@dataclass(frozen=True)
class BinOp:
    op: str  # + - * /
    left: "Node"
    right: "Node"


Node = Num | Neg | BinOp


class _Parser:
    """expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ;
    factor := ('-'|'+') factor | NUMBER | '(' expr ')'"""

    # Written arithmetic nests a few levels; a deeper run of brackets or signs is not a
    # formula, and parsing it recursively would exhaust Python's stack.
    MAX_DEPTH = 32

    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def parse(self) -> Node:
        if not self.tokens:
            raise FormulaSyntaxError("empty expression")
        node = self._expr()
        if self.pos != len(self.tokens):
            raise FormulaSyntaxError(f"unexpected {self.tokens[self.pos].text!r}")
        return node

    def _peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _expr(self) -> Node:
        node = self._term()
        while (tok := self._peek()) and tok.kind == "op" and tok.text in "+-":
            self.pos += 1
            node = BinOp(tok.text, node, self._term())
        return node

    def _term(self) -> Node:
        node = self._factor()
        while (tok := self._peek()) and tok.kind == "op" and tok.text in "*/":
            self.pos += 1
            node = BinOp(tok.text, node, self._factor())
        return node

    def _factor(self) -> Node:
        self.depth += 1
        try:
            if self.depth > self.MAX_DEPTH:
                raise FormulaSyntaxError("nested too deep")
            return self._factor_at_depth()
        finally:
            self.depth -= 1

    def _factor_at_depth(self) -> Node:
        tok = self._peek()
        if tok is None:
            raise FormulaSyntaxError("expression ends early")
        self.pos += 1
        if tok.kind == "op" and tok.text in "+-":
            operand = self._factor()
            return Neg(operand) if tok.text == "-" else operand
        if tok.kind == "num":
            assert tok.number is not None
            return Num(tok.number)
        if tok.kind == "open":
            node = self._expr()
            close = self._peek()
            if close is None or close.kind != "close":
                raise FormulaSyntaxError("unbalanced parenthesis")
            self.pos += 1
            return node
        raise FormulaSyntaxError(f"unexpected {tok.text!r}")


def parse_expression(text: str, offset: int = 0, units: Units | None = None) -> Node:
    """Parse a numeric expression; offsets of its numbers are ``offset`` + index in text.

    ``units``: the units after the numbers of the text the expression was cut from
    (units_after_numbers of the whole paragraph); by default read from ``text`` itself."""
    return _Parser(_tokenize(text, offset, units)).parse()


def numbers_of(node: Node) -> tuple[Number, ...]:
    if isinstance(node, Num):
        return (node.number,)
    if isinstance(node, Neg):
        return numbers_of(node.operand)
    return numbers_of(node.left) + numbers_of(node.right)


def _has_operator(node: Node) -> bool:
    return not isinstance(node, Num)


# ---------------------------------------------------------------- formulas in text

SegmentKind = Literal["label", "symbolic", "numeric"]


@dataclass(frozen=True)
class Segment:
    """One side of an '=' in a formula chain."""

    kind: SegmentKind
    text: str
    start: int
    end: int
    expression: Node | None = None  # set for numeric segments

    @property
    def numbers(self) -> tuple[Number, ...]:
        return numbers_of(self.expression) if self.expression is not None else ()

    def shown(self, lang: str = "zh") -> str:
        """The expression as a reader writes it: 4 × 15.22, ÷ (zh) or / (en)."""
        if self.expression is None:
            return self.text.strip()
        return render(self.text, lang)


@dataclass(frozen=True)
class FormulaMatch:
    """A chain ``[label =] expr = … = result`` in a paragraph, with spans into its text."""

    start: int
    end: int
    text: str
    label: str | None
    segments: tuple[Segment, ...]  # every part before the result, in order
    result: Number

    @property
    def expressions(self) -> tuple[Segment, ...]:
        """The numeric parts with arithmetic in them: what gets evaluated."""
        return tuple(
            s for s in self.segments
            if s.kind == "numeric" and s.expression is not None and _has_operator(s.expression)
        )

    @property
    def operands(self) -> tuple[Number, ...]:
        """Every number of the evaluated parts, in text order."""
        return tuple(n for s in self.expressions for n in s.numbers)


def find_formulas(text: str) -> list[FormulaMatch]:
    """Every formula chain in a normalised paragraph text, in order."""
    found: list[FormulaMatch] = []
    chains = _equals_chains(text)
    units = units_after_numbers(text) if chains else {}
    for chain in chains:
        match = _formula_from_chain(text, chain, units)
        if match is not None:
            found.append(match)
    return found


def _equality_signs(text: str) -> list[int]:
    signs = []
    for i, ch in enumerate(text):
        if ch not in _EQUALS:
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if (before and before in "<>!≤≥=＝") or (after and after in "=＝"):
            # <=, >=, ==: not a stated equality
            continue
        signs.append(i)
    return signs


def _equals_chains(text: str) -> list[list[int]]:
    """'=' positions grouped into chains: a clause break between two signs ends a chain."""
    chains: list[list[int]] = []
    for pos in _equality_signs(text):
        if chains and not any(ch in _CLAUSE_BREAK for ch in text[chains[-1][-1] + 1: pos]):
            chains[-1].append(pos)
        else:
            chains.append([pos])
    return chains


def _clause_start(text: str, pos: int) -> int:
    start = pos
    while start > 0 and text[start - 1] not in _CLAUSE_BREAK:
        start -= 1
    return start


def _formula_from_chain(text: str, signs: list[int], units: Units) -> FormulaMatch | None:
    result = _leading_number(text, signs[-1] + 1, units)
    if result is None:
        return None
    segments: list[Segment] = []
    first_start = _clause_start(text, signs[0])
    segments.extend(_first_segments(text, first_start, signs[0], units))
    for left, right in zip(signs, signs[1:]):
        segments.append(_segment(text, left + 1, right, units))
    if not any(
        s.kind == "numeric" and s.expression is not None and _has_operator(s.expression)
        for s in segments
    ):
        return None  # "差异率 = 0": a statement, not arithmetic
    start = segments[0].start if segments else signs[0]
    return FormulaMatch(
        start=start,
        end=result.end,
        text=text[start: result.end],
        label=next((s.text for s in segments if s.kind == "label"), None),
        segments=tuple(segments),
        result=result,
    )


def _leading_number(text: str, pos: int, units: Units) -> Number | None:
    """The stated result: a number (optionally % or a unit) right after the last '='."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    sign_at = pos
    negative = pos < len(text) and text[pos] in "-−－"
    if negative:
        pos += 1
    match = _NUMBER.match(text, pos)
    if not match:
        return None
    end = match.end()
    percent = end < len(text) and text[end] in "%％"
    unit = None if percent else units.get(match.start())
    # "= 30.44 / 2", "= 30.44 万元 / 2": the last part is arithmetic again, no stated result.
    rest = text[unit.end if unit else end:].lstrip(" \t%％")
    if rest[:1] in _OPERATORS and rest[1:2] and (rest[1:2].isdigit() or rest[1:2] in " (（"):
        return None
    literal = match.group()
    return Number(
        text=("-" if negative else "") + literal + ("%" if percent else ""),
        start=sign_at,
        end=end + (1 if percent else 0),
        value=-float(literal) if negative else float(literal),
        decimals=len(literal.split(".")[1]) if "." in literal else 0,
        percent=percent,
        unit=unit.text if unit else "",
        scale=unit.scale if unit else 1.0,
    )


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _segment(text: str, start: int, end: int, units: Units) -> Segment:
    start, end = _strip_span(text, start, end)
    part = text[start:end]
    if part and _only_arithmetic(part, start, units):
        try:
            return Segment("numeric", part, start, end, parse_expression(part, start, units))
        except FormulaSyntaxError:
            pass
    return Segment("symbolic", part, start, end)


def _only_arithmetic(part: str, offset: int, units: Units) -> bool:
    """Whether every character of the part is arithmetic or the unit of a number in it."""
    i = 0
    while i < len(part):
        unit = units.get(offset + i)
        if unit is not None and unit.end - offset <= len(part):
            i = unit.end - offset  # the number and its unit
        elif part[i] in _EXPRESSION_CHARS:
            i += 1
        else:
            return False
    return True


def _first_segments(text: str, start: int, end: int, units: Units) -> list[Segment]:
    """The part before the first '=': a label, an expression, or a label then an expression
    ("控制率为35/37" → label 控制率为, expression 35/37; "成本为 512.30 万元 / 12360 盏" →
    label 成本为, expression 512.30 万元 / 12360 盏)."""
    start, end = _strip_span(text, start, end)
    if start >= end:
        return []
    whole = _segment(text, start, end, units)
    if whole.kind == "numeric":
        return [whole]
    for cut in _expression_starts(text, start, end, units):
        candidate = _segment(text, cut, end, units)
        if candidate.kind == "numeric" and _has_operator(candidate.expression):  # type: ignore[arg-type]
            label_start, label_end = _strip_span(text, start, cut)
            label = Segment("label", text[label_start:label_end], label_start, label_end)
            return [label, candidate] if label.text else [candidate]
    return [Segment("label", text[start:end], start, end)]


def _expression_starts(text: str, start: int, end: int, units: Units) -> list[int]:
    """Where an expression running to ``end`` may begin, leftmost first: inside the trailing
    run of arithmetic and units (控制率为|35/37, 成本为|512.30 万元 / 12360 盏)."""
    tail = end
    while tail > start:
        before = text[tail - 1]
        unit_start = next(
            (p for p, unit in units.items() if unit.end == tail and start <= p < tail), None
        )
        if unit_start is not None:
            tail = unit_start  # a number and its unit
        elif before in _EXPRESSION_CHARS:
            tail -= 1
        else:
            break
    return [cut for cut in range(tail, end) if not text[cut].isspace()]


# ---------------------------------------------------------------- display

_SHOWN_OPERATOR = {
    "zh": {"+": "+", "-": "-", "*": "×", "/": "÷"},
    "en": {"+": "+", "-": "-", "*": "×", "/": "/"},
}


def render(expression_text: str, lang: str = "zh") -> str:
    """An expression with its numbers as written and operators spaced: (4 × 15.22) ÷ 2."""
    operators = _SHOWN_OPERATOR.get(lang, _SHOWN_OPERATOR["en"])
    out: list[str] = []
    previous: _Token | None = None
    for tok in _tokenize(expression_text):
        if tok.kind == "num":
            piece = tok.number.written if tok.number else tok.text
        elif tok.kind == "op":
            unary = previous is None or previous.kind in ("op", "open")
            piece = tok.text if unary else f" {operators[tok.text]} "
        else:
            piece = tok.text
        out.append(piece)
        previous = tok
    return "".join(out).strip()
