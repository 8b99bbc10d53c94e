"""Benchmark: how audit time grows with document size, per kind of document and per stage.

    python benchmarks/size.py [--max-bytes 5000000] [--kinds prose,table,list]

Generated documents (benchmarks/documents.py: real report prose, tables of up to 10,000 rows,
long 其中 lists) from 10 KB to 5 MB are audited once each, warm; the exponent b of
time ≈ a · size^b is fitted by least squares on log-log, for the whole audit and for each
pipeline stage (stages over the sizes where they take at least 20 ms, where timing noise
no longer dominates). b = 1 is linear; the acceptance bound is 1.15.

It then checks the limits: a 50 MB text is refused before any work, with a message naming
the limit, and the largest text accepted (auditor.limits.MAX_TEXT_BYTES) is audited at the
rate measured here in under a minute. Numbers are printed, never asserted in tests.
"""
from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from documents import GENERATORS  # noqa: E402

SIZES = (10_000, 30_000, 100_000, 300_000, 1_000_000, 2_500_000, 5_000_000)
BOUND = 1.15
STAGES = (  # (stage, module, function): what auditor.pipeline.audit_source calls
    ("normalise", "auditor.normalise", "build_document"),
    ("tables", "auditor.tables", "parse_tables"),
    ("claims", "auditor.claims", "build_claims"),
    ("facts", "auditor.facts", "extract_facts"),
    ("link", "auditor.link", "link"),
    ("rules+link", "auditor.pipeline", "run_rules"),
    ("findings", "auditor.findings", "finalise"),
)
MIN_STAGE_SECONDS = 0.02


def timed_stages() -> dict[str, float]:
    """Wrap each stage function so that its time is added up here (restored by nothing:
    this process only benchmarks)."""
    import importlib

    spent: dict[str, float] = defaultdict(float)
    for stage, module_name, name in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, name)

        def wrapper(*args, _original=original, _stage=stage, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_stage] += time.perf_counter() - start

        setattr(module, name, wrapper)
    return spent


def exponent(points: list[tuple[float, float]]) -> float:
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def measure(kind: str, sizes: list[int], spent: dict[str, float]) -> dict:
    from auditor.pipeline import audit_text

    rows = []
    for size in sizes:
        text = GENERATORS[kind](size)
        spent.clear()
        start = time.perf_counter()
        result = audit_text(text)
        elapsed = time.perf_counter() - start
        stages = dict(spent)
        stages["rules"] = stages.pop("rules+link", 0.0) - stages.get("link", 0.0)
        actual = len(text.encode("utf-8"))
        rows.append((actual, elapsed, stages, len(result.claims), len(result.findings)))
        print(f"  {kind:5} {actual / 1e3:8.0f} KB  {elapsed:7.2f} s  {actual / elapsed / 1e3:6.0f} KB/s"
              f"  claims {len(result.claims):7}  findings {len(result.findings):5}", flush=True)
    total = exponent([(s, t) for s, t, *_ in rows])
    per_stage = {}
    for stage in rows[0][2]:
        points = [(s, st[stage]) for s, _, st, *_ in rows if st.get(stage, 0) >= MIN_STAGE_SECONDS]
        if len(points) >= 3:
            per_stage[stage] = exponent(points)
    rate = rows[-1][0] / rows[-1][1]
    return {"exponent": total, "stages": per_stage, "rate": rate}


def limit_check(rate: float) -> None:
    from auditor.limits import MAX_TEXT_BYTES

    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "fifty.txt"
        line = ("2023年度部门预算100.00万元，执行数99.00万元，执行率99.00%。" * 20 + "\n").encode()
        with big.open("wb") as file:
            for _ in range(50 * 2**20 // len(line) + 1):
                file.write(line)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "auditor.cli", "audit", str(big)],
                              capture_output=True, text=True, cwd=ROOT)
        elapsed = time.perf_counter() - start
    print(f"\n50 MB text: exit {done.returncode} after {elapsed:.1f} s (process start included): "
          f"{done.stderr.strip()[:160]}")
    print(f"largest text accepted: {MAX_TEXT_BYTES / 2**20:.0f} MB, about "
          f"{MAX_TEXT_BYTES / rate:.0f} s at the slowest rate measured ({rate / 1e3:.0f} KB/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-bytes", type=int, default=SIZES[-1])
    parser.add_argument("--kinds", default=",".join(GENERATORS))
    args = parser.parse_args()
    sizes = [s for s in SIZES if s <= args.max_bytes]
    spent = timed_stages()
    from auditor.pipeline import audit_text

    audit_text("2023年预算100.00万元。")  # load spaCy, jieba and the lexicons once
    results = {}
    for kind in args.kinds.split(","):
        results[kind] = measure(kind, sizes, spent)
    print(f"\nexponent of time against size, {sizes[0] / 1e3:.0f} KB to {sizes[-1] / 1e6:.1f} MB "
          f"(bound {BOUND}):")
    worst = 0.0
    for kind, found in results.items():
        stages = ", ".join(f"{s} {b:.2f}" for s, b in found["stages"].items())
        worst = max([worst, found["exponent"], *found["stages"].values()])
        print(f"  {kind:5} {found['exponent']:.2f}   stages: {stages}")
    print(f"  worst {worst:.2f}: {'within' if worst <= BOUND else 'OVER'} the bound")
    limit_check(min(found["rate"] for found in results.values()))


if __name__ == "__main__":
    main()
