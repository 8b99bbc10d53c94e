"""Find the quantities a text states: money, percentages, counts, scores, years, numbers.

Regular expressions over normalised text (auditor.normalise), with the genre's vocabulary as
data: units and measure words in lexicons/units.yaml, Chinese numerals in
lexicons/numerals.yaml, numerals that are words in lexicons/idioms.yaml, qualifiers in
lexicons/qualifiers.yaml. A figure is read as

    [qualifier] number [-number] [多|余] [万|亿 …] [多|余] [unit] [qualifier]

and is left out when it is not a quantity: a rank (第6), an enumeration (一是), a date's month
or day, a document number (〔2025〕1 号), a telephone number, a name (IPv6, 5G, “1+3+N”).

``extract_quantities(text)`` gives offsets into the text as given and the surface text exactly
as written there ("8,318.83 万元"); ``extract_from_normalised(text)`` works on text that is
already normalised (Paragraph.text) and gives offsets into it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from auditor.lexicon import load
from auditor.models import Quantity
from auditor.normalise import MARKER_AT_LINE_START, is_cjk, normalise_with_offsets

__all__ = ["extract_quantities", "extract_from_normalised", "parse_chinese_number"]


# ---------------------------------------------------------------- lexicon data


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_UNITS = load("units")
_NUMERALS = load("numerals")
_QUALIFIERS: dict[str, dict] = load("qualifiers")
_IDIOMS: list[str] = load("idioms")["idioms"]

_PREFIXES: dict[str, float] = {k: float(v) for k, v in _UNITS["prefixes"].items()}
_MONEY_UNIT: str = _UNITS["money"]["unit"]
_BARE_MONEY: set[str] = set(_UNITS["money"]["bare_prefixes"])
_MONEY_CUES = re.compile(_alternation(_UNITS["money"]["cues"]))
_MONEY_NOT_BEFORE = set(_UNITS["money"]["not_before"])
_PERCENT: dict[str, dict] = _UNITS["percent"]
_SCORE_UNIT: str = _UNITS["score"]["unit"]
_SCORE_NOT_BEFORE = set(_UNITS["score"]["not_before"])
_YEAR_UNITS: tuple[str, ...] = tuple(_UNITS["year"]["units"])
_YEAR_MIN, _YEAR_MAX = int(_UNITS["year"]["min"]), int(_UNITS["year"]["max"])
_MONTH: str = _UNITS["date"]["month"]
_DAY: set[str] = set(_UNITS["date"]["day"])
_MEASURES: dict[str, set[str]] = {k: set(v or ()) for k, v in _UNITS["measures"].items()}
_INNER_QUALIFIERS: list[str] = list(_UNITS["inner_qualifiers"])
_QUALIFIER_EXCLUSIONS: dict[str, dict] = _UNITS["qualifier_exclusions"]
_RANGE_SEPARATORS: list[str] = list(_UNITS["range_separators"])
_PHONE_CUES: list[str] = list(_UNITS["phone_cues"])

_CN_DIGITS: dict[str, int] = _NUMERALS["digits"]
_CN_UNITS: dict[str, int] = _NUMERALS["units"]
_CN_BIG: dict[str, int] = _NUMERALS["big_units"]
_CN_POINT: str = _NUMERALS["point"]
_PERCENT_WORDS: dict[str, str] = _NUMERALS["percent_words"]
_ORDINAL_PREFIXES = set(_NUMERALS["ordinal_prefixes"])
_ENUMERATOR_SUFFIXES = set(_NUMERALS["enumerator_suffixes"])
_ARTICLE: str = _NUMERALS["article"]
_CN_EXCLUDED_UNITS = set(_NUMERALS["excluded_units"])
_NAME_OPENERS = set(_NUMERALS["name_openers"])

_BEFORE_QUALIFIERS = sorted(
    (q for q, spec in _QUALIFIERS.items() if spec.get("position") == "before"),
    key=len, reverse=True,
)
_AFTER_UNIT_QUALIFIERS = [
    q for q, spec in _QUALIFIERS.items()
    if spec.get("position") == "after" and q not in _INNER_QUALIFIERS
]

# Everything that can follow a number as its unit, longest first so 分钟 wins over 分,
# 人次 over 人 and 个工作日 over 个.
_UNIT_WORDS = (
    [_MONEY_UNIT, _SCORE_UNIT, _MONTH, *_DAY, *_YEAR_UNITS, *_PERCENT, *_MEASURES]
)

_TAIL_FIRST = "".join(
    sorted({w[0] for w in [*_INNER_QUALIFIERS, *_PREFIXES, *_UNIT_WORDS] if w})
)
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG)
_CN_FRACTION_DIGITS = "".join(_CN_DIGITS)
_ARABIC = r"\d+(?:\.\d+)?"
_SEPARATORS = "".join(s for s in _RANGE_SEPARATORS if len(s) == 1)

# The candidates: a percentage word with its number, an Arabic number (with an optional
# range), a run of Chinese numerals.
_CANDIDATE = re.compile(
    # A lookahead on the first character lets the engine skip most positions quickly.
    r"(?=[0-9\-" + "".join(sorted({w[0] for w in _PERCENT_WORDS})) + _CN_CHARS + r"])(?:"
    r"(?P<pct>(?P<pct_word>" + _alternation(_PERCENT_WORDS) + r")(?P<pct_num>" + _ARABIC
    + r"|[" + _CN_CHARS + r"]+(?:" + _CN_POINT + r"[" + _CN_FRACTION_DIGITS + r"]+)?))"
    r"|(?P<arabic>(?<![0-9A-Za-z_.])(?P<sign>-(?=\d))?(?P<n1>" + _ARABIC + r")(?![.]\d)"
    r"(?:(?P<sep>[" + re.escape(_SEPARATORS) + r"])(?P<n2>" + _ARABIC + r")(?![.]\d))?)"
    r"|(?P<cn>(?>[" + _CN_CHARS + r"]+(?:" + _CN_POINT + r"[" + _CN_FRACTION_DIGITS + r"]+)?)"
    # only runs that a unit could follow, or that end in 万 / 亿 (两千余万, 三万): a cheap
    # filter, the checks are in _chinese
    r"(?=[" + re.escape(_TAIL_FIRST) + r"]|(?<=[" + "".join(_CN_BIG) + r"]))))"
)

_TAIL = re.compile(
    r"(?P<space> ?)"
    r"(?P<q1>" + _alternation(_INNER_QUALIFIERS) + r")?"
    r"(?P<prefix>" + _alternation(_PREFIXES) + r")?"
    r"(?P<q2>" + _alternation(_INNER_QUALIFIERS) + r")?"
    r"(?P<unit>" + _alternation(_UNIT_WORDS) + r")?"
)
_AFTER_QUALIFIER = re.compile(_alternation(_AFTER_UNIT_QUALIFIERS))
# The leftmost match ending at the number is the longest qualifier (不超过 before 超过).
_BEFORE_QUALIFIER = re.compile(r"(?:" + _alternation(_BEFORE_QUALIFIERS) + r")\Z")
_LONGEST_BEFORE_QUALIFIER = max(map(len, _BEFORE_QUALIFIERS))
_IDIOM = re.compile(_alternation(_IDIOMS))
# "2.2024 年": an outline marker run into a year, not the decimal 2.2024.
_MARKER_BEFORE_YEAR = re.compile(r"(\d{1,2})\.((?:19|20)\d{2})$")
_PHONE = re.compile(r"0\d{2,3}-\d{7,8}|1[3-9]\d{9}")
# A quotation holding only digits, letters and joiners names a programme (“1+3+N”, “1310”).
_QUOTED_NAME = re.compile(r"(?<=[“\"‘「])[0-9A-Za-z+×*.\-/]+(?=[”\"’」])")
_CLAUSE_BREAKS = set("，。；！？：\n\t,;")
_SENTENCE_BREAKS = set("。；！？\n\t")
_DOC_BRACKETS = {"〔": "〕", "[": "]", "【": "】", "［": "］"}
# Characters after which a hyphen is a minus sign.
_SIGN_CONTEXT = set(" \t\n(（：:=，,、；;“为是达至减增降")


# ---------------------------------------------------------------- public API


def extract_quantities(text: str) -> list[Quantity]:
    """The quantities ``text`` states, with offsets into ``text`` and its surface text."""
    normalised, origins = normalise_with_offsets(text)
    found = []
    for quantity in extract_from_normalised(normalised):
        start = origins[quantity.start]
        end = origins[quantity.end - 1] + 1
        found.append(_moved(quantity, start, end, text[start:end]))
    return found


def _moved(quantity: Quantity, start: int, end: int, surface: str) -> Quantity:
    """The quantity at another place (dataclasses.replace is slow in this hot loop)."""
    q = quantity
    return Quantity(
        surface, start, end, q.value, q.unit, q.kind, q.decimals, q.qualifier, q.scale,
        q.measure, q.upper, q.chinese,
    )


def extract_from_normalised(text: str) -> list[Quantity]:
    """The quantities of already normalised ``text``, offsets into it."""
    blocked = _blocked(text)
    found: list[_Found] = []
    for match in _CANDIDATE.finditer(text):
        kind = match.lastgroup
        if kind == "pct":
            item = _percent_word(text, match)
        elif kind == "arabic":
            item = _arabic(text, match, blocked)
        else:
            item = _chinese(text, match, blocked)
        if item is not None:
            found.append(item)
    found = _merge_ranges(text, found)
    return [_resolve_bare_money(text, item, found) for item in found]


def parse_chinese_number(numeral: str) -> tuple[float, int] | None:
    """Value and stated decimals of a Chinese numeral (四十五点六 → (45.6, 1)); None if malformed.

    A digit-by-digit numeral (二〇二二) is read digit by digit; others must be well formed:
    no two digits in a row (五一 is a holiday, not a number), units in descending order.
    """
    whole, _, fraction = numeral.partition(_CN_POINT)
    if fraction and not all(c in _CN_DIGITS for c in fraction):
        return None
    if whole and all(c in _CN_DIGITS for c in whole) and len(whole) > 1:
        value = float("".join(str(_CN_DIGITS[c]) for c in whole))
    else:
        parsed = _parse_integer(whole)
        if parsed is None:
            return None
        value = float(parsed)
    if fraction:
        value += float("0." + "".join(str(_CN_DIGITS[c]) for c in fraction))
    return value, len(fraction)


# ---------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Found:
    quantity: Quantity
    bare_prefix: str | None = None  # 万 / 亿 without a unit: money or not decided later


def _blocked(text: str) -> bytearray:
    """1 for characters inside idioms, quoted names and outline markers opening a line."""
    mask = bytearray(len(text))
    for pattern in (_IDIOM, MARKER_AT_LINE_START, _QUOTED_NAME):
        for match in pattern.finditer(text):
            start, end = match.span()
            mask[start:end] = b"\x01" * (end - start)
    return mask


def _arabic(text: str, match: re.Match, blocked: bytearray) -> _Found | None:
    n1, n2 = match.group("n1"), match.group("n2")
    n1_start = match.start("n1")
    marker = _MARKER_BEFORE_YEAR.match(n1)
    if marker and not n2 and text.startswith(_YEAR_UNITS, match.end()):
        year_start = n1_start + marker.start(2)
        return _number(text, year_start, year_start, marker.group(2), None, None, False)
    if blocked[n1_start]:
        return None
    if n2 and _PHONE.fullmatch(text, n1_start, match.end()):
        return None
    negative = bool(match.group("sign")) and _sign_context(text, match.start())
    start = match.start() if negative else n1_start
    return _number(text, start, n1_start, n1, n2, match.group("sep"), negative)


def _sign_context(text: str, position: int) -> bool:
    """Whether a hyphen before a number is a minus sign (增长率为-3.5%), not a dash in a name."""
    return position == 0 or text[position - 1] in _SIGN_CONTEXT


def _number(
    text: str, start: int, n1_start: int, n1: str, n2: str | None, sep: str | None, negative: bool
) -> _Found | None:
    """An Arabic number and what follows it."""
    end = n1_start + len(n1) + ((len(sep) + len(n2)) if n2 else 0)
    if _not_a_figure(text, start, end, n1):
        return None
    value, decimals = float(n1), _decimals(n1)
    upper = float(n2) if n2 else None
    if upper is not None:
        decimals = max(decimals, _decimals(n2))
    if negative:
        value = -value
    tail = _tail(text, end)
    if tail is None:
        return None  # a date's month or day, or a document number
    if negative and not tail.unit:
        return None  # a lone negative number is more likely a code than a figure
    if not tail.unit and not negative and _after_name_dash(text, start):
        return None  # 粤盾-2021, 汕盾—2024: a name with a year in it
    if upper is not None and upper <= value:
        if tail.unit:
            return None  # "附件 4-3 号" and the like
        # Two numbers around a hyphen (4-3): the first alone.
        upper, end, decimals = None, n1_start + len(n1), _decimals(n1)
        tail = _tail(text, end) or _Tail.empty(end)
    return _build(text, start, tail, value, decimals, upper, chinese=False, numeral=n1)


def _percent_word(text: str, match: re.Match) -> _Found | None:
    """百分之四十五点六, 百分之 30."""
    number = match.group("pct_num")
    if number[0].isdigit():
        value, decimals = float(number), _decimals(number)
        chinese = False
    else:
        if number in _CN_UNITS:
            parsed = (float(_CN_UNITS[number]), 0)  # 百分之百: a bare unit is its own value
        else:
            parsed = parse_chinese_number(number)
        if parsed is None:
            return None
        (value, decimals), chinese = parsed, True
    unit = _PERCENT_WORDS[match.group("pct_word")]
    start, end = match.span()
    spec = _PERCENT[unit]
    qualifier, _ = _qualifier_after(text, end)
    quantity = Quantity(
        text=text[start:end], start=start, end=end, value=value, unit=unit, kind="percent",
        decimals=decimals, qualifier=_qualifier_before(text, start) or qualifier,
        scale=float(spec["scale"]), measure=spec["measure"], chinese=chinese,
    )
    return _Found(quantity)


def _chinese(text: str, match: re.Match, blocked: bytearray) -> _Found | None:
    """A run of Chinese numerals that is a figure: 两千余万元, 三万名, 十二项, 两个."""
    start, end = match.span()
    numeral = match.group()
    if any(blocked[start:end]):
        return None
    before = text[start - 1] if start else ""
    if before in _ORDINAL_PREFIXES or before in _NAME_OPENERS:
        return None
    if end < len(text) and text[end] in _ENUMERATOR_SUFFIXES:
        return None
    body = numeral
    if numeral[-1] in _CN_BIG and len(numeral) > 1 and not any(c in _CN_BIG for c in numeral[:-1]):
        body = numeral[:-1]  # 三万名: 三 with the prefix 万, like 3 万名
    if not any(c in _CN_DIGITS for c in body) and not body.startswith("十"):
        return None  # 百, 千, 万 alone are words (百项, 千家万户), not figures
    parsed = parse_chinese_number(body)
    if parsed is None:
        return None
    value, decimals = parsed
    digit_by_digit = len(body) > 1 and all(c in _CN_DIGITS for c in body)
    tail = _tail(text, start + len(body))
    if tail is None:
        return None
    if not tail.unit and not (tail.prefix in _BARE_MONEY):
        return None  # a Chinese numeral needs a unit to be a figure
    if tail.unit in _CN_EXCLUDED_UNITS and not (digit_by_digit and tail.unit in _YEAR_UNITS):
        return None  # 连续五年, 五月
    if digit_by_digit and tail.unit not in _YEAR_UNITS:
        return None  # 二〇二二 is read only as a year
    if body == _ARTICLE and not tail.prefix and not tail.q_inner and not _ends_a_phrase(text, tail.end):
        return None  # 一个平台, 一项制度: the article (执法用车一辆、 closes its phrase: a count)
    return _build(text, start, tail, value, decimals, None, chinese=True, numeral=body)


def _ends_a_phrase(text: str, end: int) -> bool:
    """Whether punctuation or the text's end follows: a count closes its noun phrase (用车
    一辆、), the article opens one (一个平台)."""
    return end >= len(text) or text[end] in "，,、；;。：:）)！!？?"


def _after_name_dash(text: str, start: int) -> bool:
    return (
        start >= 2 and text[start - 1] in "-—–"
        and (is_cjk(text[start - 2]) or text[start - 2].isalpha())
        and text[start - 2] not in _SIGN_CONTEXT
    )


def _not_a_figure(text: str, start: int, end: int, n1: str) -> bool:
    """Numbers that are parts of names, ranks, document numbers or telephone numbers."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before in _ORDINAL_PREFIXES:
        return True  # 第6, 第 2
    if after.isascii() and after.isalpha():
        return True  # 5G, 3D
    if before in _DOC_BRACKETS and after == _DOC_BRACKETS[before]:
        return True  # 〔2025〕
    if len(n1) >= 7 and "." not in n1:
        window = text[max(0, start - 8):start]
        if any(cue in window for cue in _PHONE_CUES):
            return True  # 联系电话：3988907
    return False


# ---------------------------------------------------------------- after the number


@dataclass(frozen=True)
class _Tail:
    end: int  # end of the figure's text (number, prefix, unit)
    q_inner: str | None
    prefix: str | None
    unit: str | None
    qualifier_after: str | None

    @staticmethod
    def empty(end: int) -> "_Tail":
        return _Tail(end, None, None, None, None)


def _tail(text: str, position: int) -> _Tail | None:
    """What follows a number: qualifiers, prefix, unit. None when the number is a date part."""
    match = _TAIL.match(text, position)
    q1, prefix, q2, unit = match.group("q1", "prefix", "q2", "unit")
    unit_end = match.end()
    if unit and not _unit_stands(text, unit, match.end("unit")):
        unit, unit_end = None, match.start("unit")
    if unit is None:
        # Drop what only a unit would justify: "100多" alone keeps no 多.
        if q2:
            unit_end = match.start("q2")
            q2 = None
        if not prefix and q1:
            unit_end = match.start("q1")
            q1 = None
    if unit is None and not prefix:
        return _Tail(position, None, None, None, None)
    if unit == _MONTH or unit in _DAY:
        if not prefix and not q1 and not q2:
            return None  # 5 月, 16 日, 1 号
        unit, unit_end = None, match.start("unit")
    if prefix and unit and unit in _PERCENT:
        return _Tail(position, None, None, None, None)  # "3万%" is no unit
    qualifier, _ = _qualifier_after(text, unit_end) if unit else (None, unit_end)
    return _Tail(unit_end, q1 or q2, prefix, unit, qualifier)


def _unit_stands(text: str, unit: str, end: int) -> bool:
    """Whether a unit word is the unit here and not the start of another word."""
    after = text[end] if end < len(text) else ""
    if unit == _SCORE_UNIT:
        return after not in _SCORE_NOT_BEFORE
    if unit == _MONEY_UNIT:
        return after not in _MONEY_NOT_BEFORE
    excluded = _MEASURES.get(unit)
    if excluded is not None:
        return after not in excluded
    return True


def _qualifier_after(text: str, position: int) -> tuple[str | None, int]:
    match = _AFTER_QUALIFIER.match(text, position)
    if not match:
        return None, position
    word = match.group()
    following = text[match.end()] if match.end() < len(text) else ""
    if following in _QUALIFIER_EXCLUSIONS.get(word, {}).get("followed_by", ()):
        return None, position
    return word, match.end()


def _qualifier_before(text: str, start: int) -> str | None:
    position = start - 1 if start and text[start - 1] == " " else start
    window = max(0, position - _LONGEST_BEFORE_QUALIFIER)
    match = _BEFORE_QUALIFIER.search(text, window, position)
    if not match:
        return None
    word = match.group()
    preceding = text[match.start() - 1] if match.start() else ""
    if preceding in _QUALIFIER_EXCLUSIONS.get(word, {}).get("preceded_by", ()):
        return None
    return word


# ---------------------------------------------------------------- building quantities


def _build(
    text: str, start: int, tail: _Tail, value: float, decimals: int,
    upper: float | None, chinese: bool, numeral: str,
) -> _Found | None:
    unit = tail.unit
    prefix = tail.prefix
    scale = _PREFIXES[prefix] if prefix else 1.0
    qualifier = _qualifier_before(text, start) or tail.q_inner or tail.qualifier_after
    end = tail.end
    bare_prefix = None
    if unit is None and prefix is None:
        kind, unit_text, measure = "number", "", ""
    elif unit is None:
        kind, unit_text, measure = "number", prefix, ""
        bare_prefix = prefix
    elif unit in _PERCENT:
        spec = _PERCENT[unit]
        kind, unit_text, measure, scale = "percent", unit, spec["measure"], float(spec["scale"])
    elif unit == _MONEY_UNIT:
        kind, unit_text, measure = "money", (prefix or "") + unit, _MONEY_UNIT
    elif unit in _YEAR_UNITS:
        is_year = (
            not prefix and decimals == 0 and _YEAR_MIN <= value <= _YEAR_MAX
            and (upper is None or _YEAR_MIN <= upper <= _YEAR_MAX)
        )
        if is_year:
            kind, unit_text, measure, qualifier = "year", "年", "年", None
        elif unit == "年" and (len(numeral) < 4 or "." in numeral):
            kind, unit_text, measure = "count", (prefix or "") + unit, unit  # 3 年: a duration
        else:
            return None
    elif unit == _SCORE_UNIT:
        if prefix:
            return None
        kind, unit_text, measure = "score", unit, unit
    else:
        kind, unit_text, measure = "count", (prefix or "") + unit, unit
    quantity = Quantity(
        text=text[start:end], start=start, end=end, value=value, unit=unit_text, kind=kind,
        decimals=decimals, qualifier=qualifier, scale=scale, measure=measure, upper=upper,
        chinese=chinese,
    )
    return _Found(quantity, bare_prefix)


def _decimals(number: str) -> int:
    return len(number.partition(".")[2])


def _parse_integer(numeral: str) -> int | None:
    """A well-formed Chinese integer (十二, 两千, 一万二千, 三百零五); None otherwise."""
    if not numeral:
        return None
    total = 0  # groups closed by 万 / 亿
    section = 0  # the group below 万 being read
    digit: int | None = None
    last_unit = 10**9  # 十/百/千 must descend within a group
    previous = ""  # "digit", "zero" or "unit"
    for char in numeral:
        if char in _CN_DIGITS:
            if previous == "digit":
                return None  # 五一: two digits in a row
            digit = _CN_DIGITS[char]
            previous = "zero" if digit == 0 else "digit"
        elif char in _CN_UNITS:
            unit = _CN_UNITS[char]
            if unit >= last_unit:
                return None
            if digit is None:
                if unit != 10 or section or total:
                    return None  # 百 without its digit
                digit = 1  # 十二
            section += digit * unit
            digit, last_unit, previous = None, unit, "unit"
        else:
            big = _CN_BIG[char]
            section += digit or 0
            if not section:
                return None
            if big == max(_CN_BIG.values()):
                total = (total + section) * big  # 一亿二千万: 亿 closes all before it
            else:
                total += section * big
            section, digit, last_unit, previous = 0, None, 10**9, "unit"
    if digit and previous == "digit" and last_unit in (100, 1000) and _ends_after_unit(numeral):
        digit *= last_unit // 10  # 一百二 is 120, as said aloud
    return total + section + (digit or 0)


def _ends_after_unit(numeral: str) -> bool:
    return len(numeral) > 1 and numeral[-2] in _CN_UNITS


def _merge_ranges(text: str, found: list[_Found]) -> list[_Found]:
    """10%-20%, 2023 年-2025 年: two figures of one unit around a range separator."""
    merged: list[_Found] = []
    for item in found:
        if merged:
            first = merged[-1].quantity
            second = item.quantity
            between = text[first.end:second.start]
            if (
                between in _RANGE_SEPARATORS and first.unit and first.unit == second.unit
                and first.kind == second.kind and first.upper is None and second.upper is None
                and second.value > first.value and not first.qualifier
            ):
                merged[-1] = _Found(
                    replace(
                        first, end=second.end, text=text[first.start:second.end],
                        upper=second.value, decimals=max(first.decimals, second.decimals),
                        qualifier=second.qualifier,
                    )
                )
                continue
        merged.append(item)
    return merged


def _resolve_bare_money(text: str, item: _Found, found: list[_Found]) -> Quantity:
    """万 / 亿 without a unit is money where the clause or the sentence talks about money."""
    quantity = item.quantity
    if item.bare_prefix not in _BARE_MONEY:
        return quantity
    if not (_money_clause(text, quantity.start) or _money_sentence(text, quantity, found)):
        return quantity
    return replace(
        quantity, kind="money", unit=item.bare_prefix + _MONEY_UNIT, measure=_MONEY_UNIT
    )


def _money_clause(text: str, start: int) -> bool:
    """A money word in the clause before the figure (基础设施建设类项目分配 11261.32 万)."""
    begin = start
    while begin > 0 and text[begin - 1] not in _CLAUSE_BREAKS and start - begin < 40:
        begin -= 1
    return bool(_MONEY_CUES.search(text, begin, start))


def _money_sentence(text: str, quantity: Quantity, found: list[_Found]) -> bool:
    """Another sum in 万元 / 亿元 in the same sentence (a list of amounts)."""
    begin, end = quantity.start, quantity.end
    while begin > 0 and text[begin - 1] not in _SENTENCE_BREAKS:
        begin -= 1
    while end < len(text) and text[end] not in _SENTENCE_BREAKS:
        end += 1
    return any(
        other.quantity.kind == "money"
        and other.quantity.unit == quantity.unit + _MONEY_UNIT
        and begin <= other.quantity.start < end
        for other in found
    )

