"""Benchmark: warm audit time per report, CLI cold start, peak memory, ingestion per page.

    python benchmarks/run.py [FOLDER]

Numbers are printed, not asserted: speed is measured here and reported in notes, never in
timed tests (a loaded CI machine would make such tests flaky).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def warm_audit_times(folder: Path, repeats: int = 5) -> dict[str, float]:
    from auditor.pipeline import audit_file

    reports = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    audit_file(str(reports[0]))  # load spaCy, jieba and the lexicons once
    times = {}
    for path in reports:
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            audit_file(str(path))
            samples.append(time.perf_counter() - start)
        times[path.name] = statistics.median(samples) * 1000
    return times


def cold_start(path: Path) -> tuple[float, int]:
    """Seconds from process start to output, and the process's peak RSS in MB."""
    command = [sys.executable, "-c", (
        "import resource, sys; from auditor.cli import main; code = 0\n"
        "try:\n    main(['audit', sys.argv[1], '--format', 'json', '--fail-on', 'never'])\n"
        "except SystemExit as e:\n    code = e.code or 0\n"
        "sys.stderr.write('MAXRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    ), str(path)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    json.loads(done.stdout)  # the output is complete and valid
    rss_kb = int(done.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    return elapsed, rss_kb // 1024


def ingestion() -> dict:
    """PDF and DOCX ingestion time per page over tests/fixtures (scripts/bench_read.py)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_read import measure_ingestion

    return measure_ingestion()


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "corpus" / "reports"
    times = warm_audit_times(folder)
    for name, ms in times.items():
        print(f"warm audit  {name:<32} {ms:8.1f} ms")
    print(f"warm audit  median per report              {statistics.median(times.values()):8.1f} ms  (target < 50 ms)")
    first = sorted(p for p in folder.iterdir() if p.suffix == ".txt")[0]
    colds = [cold_start(first) for _ in range(3)]
    print(f"cold start  CLI, process start to output   {statistics.median(c[0] for c in colds):8.2f} s   (target < 2 s)")
    print(f"peak memory CLI process (max RSS)          {max(c[1] for c in colds):8d} MB")
    measured = ingestion()
    for fmt in ("pdf", "docx"):
        label = f"{fmt.upper()} per page ({measured[f'{fmt}_pages']} pages)"
        print(f"ingestion   {label:<32} {measured[f'{fmt}_ms_per_page']:8.1f} ms")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main(sys.argv[1:]))
