"""Seeded fuzzing: thousands of damaged report texts and files, and not one crash.

Each case is a slice of a real report (corpus/real, corpus/reports) with a few random edits
(benchmarks/documents.py `mutated`: brackets, NULs, surrogates, units, cues, tabs, runs of
one character…); one case in five goes through the file reader as bytes, re-encoded or with
bytes flipped. A case passes when it is audited, or refused with InputError (a file the
reader cannot take); anything else raised is a crash, reported with its seed and case number
so that it can be replayed. Same seed, same cases.
"""
from __future__ import annotations

import random
import sys
import traceback
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.pipeline import audit_bytes, audit_text
from conftest import pipeline_problem

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from documents import corpus_texts, mutated  # noqa: E402

SEED = 20261207
CASES = 3000
SLICE = 1500  # characters of report per case: enough for sentences, lists and tables


def case(rng: random.Random) -> tuple[str, object]:
    text = rng.choice(corpus_texts())
    start = rng.randrange(max(len(text) - SLICE, 1))
    damaged = mutated(text[start: start + SLICE], rng, edits=rng.randrange(1, 12))
    if rng.random() >= 0.2:
        return "text", damaged
    codec = rng.choice(("utf-8", "gb18030", "utf-16-le", "utf-16"))
    # lone surrogates as raw bytes where the codec can carry them, else replaced
    errors = "surrogatepass" if codec != "gb18030" and rng.random() < 0.5 else "replace"
    data = damaged.encode(codec, errors)
    if rng.random() < 0.5:
        data = bytearray(data)
        for _ in range(rng.randrange(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    return "bytes", data


@pytest.mark.skipif(pipeline_problem() is not None, reason=str(pipeline_problem()))
def test_no_crash_on_thousands_of_damaged_reports():
    rng = random.Random(SEED)
    crashes = []
    for number in range(CASES):
        kind, payload = case(rng)
        try:
            if kind == "text":
                audit_text(payload)
            else:
                audit_bytes(payload, f"case{number}.txt")
        except InputError:
            pass
        except Exception:  # noqa: BLE001 - what the test is looking for
            crashes.append(f"case {number} ({kind}): {traceback.format_exc(limit=-3)}")
    assert not crashes, f"{len(crashes)} crashes with seed {SEED}:\n" + "\n".join(crashes[:5])
