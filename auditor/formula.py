"""Arithmetic written out in a report, found and evaluated safely.

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
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from auditor.intervals import Interval, rounding_interval

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


@dataclass(frozen=True)
class Number:
    """A number as written in a formula, with its span in the paragraph text."""

    text: str
    start: int
    end: int
    value: float  # as written: 94.59 for "94.59%"
    decimals: int
    percent: bool = False

    @property
    def factor_value(self) -> float:
        """The number as a factor: 94.59% is 0.9459."""
        return self.value / 100 if self.percent else self.value

    def interval(self, *, exact_integers: bool = True) -> Interval:
        """The values the written figure stands for, as a factor (% divided by 100)."""
        if exact_integers and self.decimals == 0:
            base = Interval.exact(self.value)
        else:
            base = rounding_interval(self.value, self.decimals)
        return base.scaled(0.01) if self.percent else base


@dataclass(frozen=True)
class _Token:
    kind: Literal["num", "op", "open", "close"]
    text: str  # normalised operator (+ - * /) or the number's text
    start: int
    end: int
    number: Number | None = None


class FormulaSyntaxError(ValueError):
    """The text is not a numeric expression the parser understands."""


def _tokenize(text: str, offset: int = 0) -> list[_Token]:
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
            number = Number(
                text=literal + ("%" if percent else ""),
                start=offset + i,
                end=offset + end + (1 if percent else 0),
                value=float(literal),
                decimals=len(literal.split(".")[1]) if "." in literal else 0,
                percent=percent,
            )
            tokens.append(_Token("num", literal, number.start, number.end, number))
            i = end + (1 if percent else 0)
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

    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.pos = 0

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


def parse_expression(text: str, offset: int = 0) -> Node:
    """Parse a numeric expression; offsets of its numbers are ``offset`` + index in text."""
    return _Parser(_tokenize(text, offset)).parse()


def evaluate(node: Node) -> float | None:
    """The value at the stated figures (% as 1/100); None on division by zero."""
    if isinstance(node, Num):
        return node.number.factor_value
    if isinstance(node, Neg):
        inner = evaluate(node.operand)
        return None if inner is None else -inner
    left, right = evaluate(node.left), evaluate(node.right)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return None if right == 0 else left / right


def evaluate_interval(node: Node, *, exact_integers: bool = True) -> Interval:
    """Every value the expression can take with each figure anywhere in its interval."""
    if isinstance(node, Num):
        return node.number.interval(exact_integers=exact_integers)
    if isinstance(node, Neg):
        inner = evaluate_interval(node.operand, exact_integers=exact_integers)
        return Interval(-inner.hi, -inner.lo)
    left = evaluate_interval(node.left, exact_integers=exact_integers)
    right = evaluate_interval(node.right, exact_integers=exact_integers)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return left / right


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
    for chain in _equals_chains(text):
        match = _formula_from_chain(text, chain)
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


def _formula_from_chain(text: str, signs: list[int]) -> FormulaMatch | None:
    result = _leading_number(text, signs[-1] + 1)
    if result is None:
        return None
    segments: list[Segment] = []
    first_start = _clause_start(text, signs[0])
    segments.extend(_first_segments(text, first_start, signs[0]))
    for left, right in zip(signs, signs[1:]):
        segments.append(_segment(text, left + 1, right))
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


def _leading_number(text: str, pos: int) -> Number | None:
    """The stated result: a number (optionally %) right after the last '='."""
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
    # "= 30.44 / 2": the last part is arithmetic again, there is no stated result.
    rest = text[end:].lstrip(" \t%％")
    if rest[:1] in _OPERATORS and rest[1:2] and (rest[1:2].isdigit() or rest[1:2] in " (（"):
        return None
    percent = end < len(text) and text[end] in "%％"
    literal = match.group()
    return Number(
        text=("-" if negative else "") + literal + ("%" if percent else ""),
        start=sign_at,
        end=end + (1 if percent else 0),
        value=-float(literal) if negative else float(literal),
        decimals=len(literal.split(".")[1]) if "." in literal else 0,
        percent=percent,
    )


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _segment(text: str, start: int, end: int) -> Segment:
    start, end = _strip_span(text, start, end)
    part = text[start:end]
    if part and set(part) <= _EXPRESSION_CHARS:
        try:
            return Segment("numeric", part, start, end, parse_expression(part, start))
        except FormulaSyntaxError:
            pass
    return Segment("symbolic", part, start, end)


def _first_segments(text: str, start: int, end: int) -> list[Segment]:
    """The part before the first '=': a label, an expression, or a label then an expression
    ("控制率为35/37" → label 控制率为, expression 35/37)."""
    start, end = _strip_span(text, start, end)
    if start >= end:
        return []
    whole = _segment(text, start, end)
    if whole.kind == "numeric":
        return [whole]
    tail = end
    while tail > start and text[tail - 1] in _EXPRESSION_CHARS:
        tail -= 1
    for cut in range(tail, end):
        if text[cut].isspace():
            continue
        candidate = _segment(text, cut, end)
        if candidate.kind == "numeric" and _has_operator(candidate.expression):  # type: ignore[arg-type]
            label_start, label_end = _strip_span(text, start, cut)
            label = Segment("label", text[label_start:label_end], label_start, label_end)
            return [label, candidate] if label.text else [candidate]
    return [Segment("label", text[start:end], start, end)]


# ---------------------------------------------------------------- checking


@dataclass(frozen=True)
class FormulaCheck:
    """One evaluated part of a formula against the stated result.

    ``computed`` and ``computed_interval`` are in the result's own unit (percentage
    points when the result is written in %), so they compare directly with
    ``stated_interval`` and print next to the stated figure.
    """

    formula: FormulaMatch
    expression: Segment
    computed: float
    computed_interval: Interval
    stated_interval: Interval
    holds: bool

    @property
    def shown_computed(self) -> str:
        """The computed value rounded to the stated result's decimals, as it would be written."""
        result = self.formula.result
        return f"{self.computed:.{result.decimals}f}" + ("%" if result.percent else "")


def check_formula(formula: FormulaMatch, *, exact_integers: bool = True) -> list[FormulaCheck]:
    """Each evaluated part of the formula checked against its stated result."""
    result = formula.result
    stated = _outward(rounding_interval(result.value, result.decimals))
    checks: list[FormulaCheck] = []
    for segment in formula.expressions:
        assert segment.expression is not None
        point = evaluate(segment.expression)
        if point is None:
            continue  # division by a stated zero: nothing to compare
        span = _outward(evaluate_interval(segment.expression, exact_integers=exact_integers))
        readings = [(factor, span.scaled(factor)) for factor in _unit_factors(formula, segment)]
        holding = [(factor, interval) for factor, interval in readings if interval.meets(stated)]
        factor, interval = holding[0] if holding else _closest(readings, point, result.value)
        checks.append(
            FormulaCheck(formula, segment, point * factor, interval, stated, bool(holding))
        )
    return checks


def _outward(interval: Interval) -> Interval:
    """Round an interval outwards by a few units in the last place of a binary float.

    Not a tolerance: 2.675 is not exactly representable, and without this the computed
    2.675 of "(1.07 * 5) / 2" would fall a hair outside the interval of a stated 2.68."""
    def grow(x: float, direction: float) -> float:
        return x if math.isinf(x) else x + direction * 16 * math.ulp(x)

    return Interval(grow(interval.lo, -1.0), grow(interval.hi, 1.0))


def failures(formula: FormulaMatch, *, exact_integers: bool = True) -> list[FormulaCheck]:
    return [c for c in check_formula(formula, exact_integers=exact_integers) if not c.holds]


def _unit_factors(formula: FormulaMatch, segment: Segment) -> list[float]:
    """How the evaluated value may be read in the result's unit.

    A result in % reads a fraction ×100 (35/37×100% = 94.59%, 291.36/6342.01 = 4.6%) or
    the plain value (35/37×100 = 94.59%); a plain result after an expression with a %
    literal reads the value or the value ×100 (35/37×100% = 94.59)."""
    if formula.result.percent:
        return [100.0, 1.0]
    if any(n.percent for n in segment.numbers):
        return [1.0, 100.0]
    return [1.0]


def _closest(readings: list[tuple[float, Interval]], point: float, stated: float):
    def gap(item: tuple[float, Interval]) -> float:
        value = point * item[0]
        if value == 0 or stated == 0:
            return abs(value - stated)
        return abs(math.log(abs(value) / abs(stated)))

    return min(readings, key=gap)


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
            piece = tok.number.text if tok.number else tok.text
        elif tok.kind == "op":
            unary = previous is None or previous.kind in ("op", "open")
            piece = tok.text if unary else f" {operators[tok.text]} "
        else:
            piece = tok.text
        out.append(piece)
        previous = tok
    return "".join(out).strip()
