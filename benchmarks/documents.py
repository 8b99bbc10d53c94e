"""Generated report texts of any size, for the size benchmark, the batch tests and the fuzz test.

Nothing here is stored: every document is made from the bundled corpus (corpus/real,
corpus/reports) or from a formula, the same for the same arguments.

    prose(size)     real report excerpts one after another
    table(size)     a 支出决算表 of up to 10,000 rows (more tables beyond), sections and
                    a 合计 that does not foot
    long_list(size) 其中 lists of up to 2,000 items (more lists beyond), one total each
    mutated(text, random) a report with a few random edits (the fuzz test's cases)
"""
from __future__ import annotations

import random as _random
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_TABLE_ROWS = 10_000
MAX_LIST_ITEMS = 2_000


@cache
def corpus_texts() -> tuple[str, ...]:
    folders = (ROOT / "corpus" / "real", ROOT / "corpus" / "reports")
    return tuple(p.read_text(encoding="utf-8") for f in folders for p in sorted(f.glob("*.txt")))


def prose(size: int) -> str:
    """About ``size`` bytes of real report text: the corpus's reports one after another, as
    a compilation of many reports is, and again from the first when all have been used."""
    parts: list[str] = []
    total = 0
    texts = corpus_texts()
    while total < size:
        text = texts[len(parts) % len(texts)]
        parts.append(text)
        total += len(text.encode("utf-8"))
    return "\n\n".join(parts)


def table(size: int) -> str:
    """A 部门决算说明 with tables of up to MAX_TABLE_ROWS rows, about ``size`` bytes."""
    lines = ["2023年度某市某局部门决算说明", "一、收入支出决算总体情况",
             "2023年度收入总计1000.00万元，支出总计990.00万元。"]
    size_now = sum(len(s.encode()) for s in lines)
    number = 0
    while size_now < size:
        number += 1
        block = _table_block(number, size - size_now)
        lines.extend(block)
        size_now += sum(len(s.encode()) + 1 for s in block)
    return "\n".join(lines) + "\n"


def _table_block(number: int, room: int) -> list[str]:
    rows = max(5, min(MAX_TABLE_ROWS, room // 40))
    block = [f"表{number} 支出决算明细表", "项目\t年初预算数（万元）\t调整预算数（万元）\t决算数（万元）"]
    totals = [0.0, 0.0, 0.0]
    for r in range(rows):
        values = [100 + (r * 7 + number) % 53, 110 + (r * 5) % 41, 95 + (r * 3) % 47]
        block.append(f"{_name(r)}经费\t" + "\t".join(f"{v:.2f}" for v in values))
        totals = [t + v for t, v in zip(totals, values)]
    totals[0] += 100  # a 合计 that does not foot: the expensive case
    block.append("合计\t" + "\t".join(f"{t:.2f}" for t in totals))
    block.append("")
    return block


STEMS = "甲乙丙丁戊己庚辛壬癸"


def _name(n: int) -> str:
    """A distinct row label without digits (digits would make the label column numeric)."""
    return "".join(STEMS[(n // 10 ** k) % 10] for k in range(4))


def long_list(size: int) -> str:
    """Paragraphs of 其中 lists with up to MAX_LIST_ITEMS items each, about ``size`` bytes."""
    lines = ["2023年度某县某局部门整体支出绩效自评报告", "一、部门基本情况"]
    size_now = sum(len(s.encode()) for s in lines)
    number = 0
    while size_now < size:
        number += 1
        items = max(3, min(MAX_LIST_ITEMS, (size - size_now) // 30))
        amounts = [10 + (i * 3 + number) % 17 for i in range(items)]
        listed = "、".join(f"子项目{number}-{i}支出{a}.00万元" for i, a in enumerate(amounts))
        line = f"2023年项目{number}支出{sum(amounts) + 5}.00万元，其中{listed}。"
        lines.append(line)
        size_now += len(line.encode()) + 1
    return "\n".join(lines) + "\n"


GENERATORS = {"prose": prose, "table": table, "list": long_list}

# Edits a damaged or odd file can hold: they are what the fuzz test throws at the pipeline.
_INSERTS = ("(", ")", "（", "）", "%", "万元", "合计", "其中", "\t", "\n", "\x00", "\x0b",
            "\ufffd", "=", "÷", "×", "约", "超过", "2023年", "1,234.56", "-", ".", "。",
            "\U0001F600", "\ud83d", "一、", "（一）", "99.99%", "0", "1e308", "∞")


def mutated(text: str, rng: _random.Random, edits: int = 8) -> str:
    """``text`` with a few random insertions, deletions, duplications and swaps."""
    chars = list(text)
    for _ in range(edits):
        if not chars:
            chars = list(rng.choice(_INSERTS))
        at = rng.randrange(len(chars))
        op = rng.randrange(5)
        if op == 0:
            chars[at:at] = list(rng.choice(_INSERTS) * rng.choice((1, 1, 2, 50)))
        elif op == 1:
            del chars[at: at + rng.randrange(1, 40)]
        elif op == 2:
            chars[at:at] = chars[at: at + rng.randrange(1, 200)]
        elif op == 3:
            other = rng.randrange(len(chars))
            chars[at], chars[other] = chars[other], chars[at]
        else:
            chars[at] = rng.choice("0123456789.%,，。、\t ")
    return "".join(chars)
