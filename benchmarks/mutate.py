"""Mutation benchmark: plant realistic slips in figures the auditor verified, and count how
many it catches. Also prints coverage: the share of money and percent figures that take
part in a checked relation (verified or failed), per document type.

    python benchmarks/mutate.py [--per-document N] [--seed S] [--kinds K,K] [PATH ...]

Over corpus/real and corpus/reports (or the folders or files given), each document is
audited once; every money or percent figure whose status is ``verified`` (it takes part in a
relation that holds) is a mutation site. For each site (a seeded sample of at most N per
document) one slip is planted at a time in the document's text, at the figure's own place:

- swap: two adjacent digits swapped (8271.47 → 8217.47)
- digit: one digit changed
- decimal: the decimal point shifted one place
- last: the last digit off by 2 to 7
- unit: 元 written for 万元 (a money figure in 万元 only)
- year: a year off by one (year figures only, when verified)

A mutant whose slipped value still satisfies every relation the figure takes part in
(rounding can absorb a last-digit change) is *equivalent*: it is counted apart and left out
of recall. Each remaining mutant is re-audited and classified by its new error and warning
alarms (those not raised on the original):

- caught: an alarm cites the mutated figure (as its stated figure or as evidence);
- caught_elsewhere: an alarm cites another figure of a relation the mutated figure is in;
- missed: neither;
- spurious (counted per mutant, besides the above): a new alarm on a figure that neither the
  mutation nor any relation of the mutated figure involves.

recall = (caught + caught_elsewhere) / mutants; spurious_rate = spurious / mutants. The last
line printed is one JSON object with these figures. Same seed, same output.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.models import AuditResult, Claim  # noqa: E402
from auditor.pipeline import audit_text  # noqa: E402

KINDS = ("swap", "digit", "decimal", "last", "unit", "year")
FIGURE_KINDS = ("money", "percent")


@dataclass(frozen=True)
class Mutant:
    path: str
    claim: Claim
    kind: str
    text: str  # the whole document with the slip planted
    value: float | None  # the slipped value in the claim's unit (None: a unit slip)
    shift: int  # how many characters the slip adds on its line (later columns move)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.perf_counter()
    paths = _documents(args.paths)
    counts: Counter = Counter()
    coverage: dict[str, Counter] = defaultdict(Counter)
    genres = _genres()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        original = audit_text(text, str(path))
        _count_coverage(original, coverage[_kind_of(path, original, genres)])
        sites = [c for c in original.claims if _is_site(c, original)]
        # each site draws from its own seeded stream, so that a figure newly verified
        # elsewhere changes neither which sites are sampled nor the slips planted in them
        sites.sort(key=lambda c: _site_rng(args.seed, path, c, "sample").random())
        counts["documents"] += 1
        for claim in sorted(sites[: args.per_document], key=lambda c: (c.line, c.location.column)):
            kinds = [k for k in args.kinds if _applies(k, claim)]
            if not kinds:
                continue
            rng = _site_rng(args.seed, path, claim, "slip")
            mutant = _mutant(path, text, claim, rng.choice(kinds), rng)
            if mutant is None:
                continue
            if _equivalent(mutant, original):
                counts["equivalent"] += 1
                continue
            outcome, spurious = _classify(mutant, original)
            counts["mutants"] += 1
            counts[outcome] += 1
            counts[f"{outcome}:{mutant.kind}"] += 1
            counts["spurious"] += spurious
            if args.verbose and outcome == "missed":
                print(f"missed {mutant.kind}: {path.name}:{claim.line} {claim.text} → {mutant.value}")
            if args.verbose and spurious:
                print(f"spurious {mutant.kind}: {path.name}:{claim.line} {claim.text} → {mutant.value}")
    _print_coverage(coverage)
    _print_kinds(counts)
    mutants = counts["mutants"] or 1
    summary = {
        "documents": counts["documents"],
        "mutants": counts["mutants"],
        "caught": counts["caught"],
        "caught_elsewhere": counts["caught_elsewhere"],
        "missed": counts["missed"],
        "spurious": counts["spurious"],
        "recall": round((counts["caught"] + counts["caught_elsewhere"]) / mutants, 4),
        "spurious_rate": round(counts["spurious"] / mutants, 4),
        "equivalent": counts["equivalent"],
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="documents or folders (default: corpus/real corpus/reports)")
    parser.add_argument("--per-document", type=int, default=40, help="sites sampled per document")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kinds", type=lambda s: tuple(s.split(",")), default=KINDS)
    parser.add_argument("--verbose", action="store_true", help="print every missed mutant")
    return parser.parse_args(argv)


def _documents(given: list[str]) -> list[Path]:
    roots = [Path(p) for p in given] or [ROOT / "corpus" / "real", ROOT / "corpus" / "reports"]
    found: list[Path] = []
    for root in roots:
        found.extend(sorted(root.glob("*.txt")) if root.is_dir() else [root])
    return found


# ---------------------------------------------------------------- sites and slips


def _is_site(claim: Claim, result: AuditResult) -> bool:
    if result.status.get(claim.id) != "verified":
        return False
    return claim.kind in FIGURE_KINDS or claim.kind == "year"


def _applies(kind: str, claim: Claim) -> bool:
    digits = re.sub(r"\D", "", _number_text(claim))
    if kind == "year":
        return claim.kind == "year"
    if claim.kind == "year":
        return False
    if kind == "unit":
        return claim.kind == "money" and claim.unit == "万元"
    if kind == "swap":
        return any(a != b for a, b in zip(digits, digits[1:]))
    if kind == "decimal":
        return claim.value != 0
    return bool(digits)


def _number_text(claim: Claim) -> str:
    match = re.search(r"[\d][\d,，.]*", claim.text)
    return match.group(0) if match else ""


def _site_rng(seed: int, path: Path, claim: Claim, purpose: str) -> random.Random:
    return random.Random(f"{seed}:{path.name}:{claim.line}:{claim.location.column}:{purpose}")


def _mutant(path: Path, text: str, claim: Claim, kind: str, rng: random.Random) -> Mutant | None:
    lines = text.splitlines(keepends=True)
    index = claim.line - 1
    if not 0 <= index < len(lines):
        return None
    line = lines[index]
    number = _number_text(claim)
    at = line.find(number, max(claim.location.column - 1, 0))
    if not number or at < 0:
        return None
    slipped = _slip(kind, number, claim, rng)
    if slipped is None or slipped == number:
        return None
    if kind == "unit":
        unit_at = line.find("万元", at + len(number))
        if unit_at < 0 or unit_at - (at + len(number)) > 2:
            return None
        new_line = line[:unit_at] + "元" + line[unit_at + 2 :]
        value, shift = None, -1
    else:
        new_line = line[:at] + slipped + line[at + len(number) :]
        value, shift = float(slipped.replace(",", "").replace("，", "")), len(slipped) - len(number)
    lines[index] = new_line
    return Mutant(str(path), claim, kind, "".join(lines), value, shift)


def _slip(kind: str, number: str, claim: Claim, rng: random.Random) -> str | None:
    clean = number.replace(",", "").replace("，", "")
    positions = [i for i, ch in enumerate(clean) if ch.isdigit()]
    if kind == "unit":
        return clean + " "  # the number stays; the unit after it changes
    if kind == "year":
        return str(int(clean) + rng.choice((-1, 1)))
    if kind == "swap":
        pairs = [(i, j) for i, j in zip(positions, positions[1:]) if j == i + 1 and clean[i] != clean[j]]
        if not pairs:
            return None
        i, j = rng.choice(pairs)
        return clean[:i] + clean[j] + clean[i] + clean[j + 1 :]
    if kind == "digit":
        i = rng.choice(positions)
        choices = [d for d in "0123456789" if d != clean[i] and not (i == 0 and d == "0" and len(positions) > 1)]
        return clean[:i] + rng.choice(choices) + clean[i + 1 :]
    if kind == "decimal":
        whole, _, fraction = clean.partition(".")
        if fraction and len(whole) > 1 and rng.random() < 0.5:
            return whole[:-1] + "." + whole[-1] + fraction  # one place left
        if fraction:
            return whole + fraction[:1] + ("." + fraction[1:] if fraction[1:] else "")  # one place right
        return whole[:-1] + "." + whole[-1] if len(whole) > 1 else None
    if kind == "last":
        i = positions[-1]
        step = rng.choice((2, 3, 4, 5, 6, 7)) * rng.choice((-1, 1))
        digit = int(clean[i]) + step
        if not 0 <= digit <= 9:
            digit = int(clean[i]) - step
        if not 0 <= digit <= 9:
            return None
        return clean[:i] + str(digit) + clean[i + 1 :]
    return None


# ---------------------------------------------------------------- judging a mutant


def _relations_of(claim: Claim, result: AuditResult):
    return [c for c in result.checks if c.holds and c.relation is not None
            and claim.id in {cid for cid, _ in c.operands}]


def _equivalent(mutant: Mutant, original: AuditResult) -> bool:
    """The slipped value still satisfies every relation the figure is in (rounding absorbs
    it): no auditor could see it."""
    if mutant.value is None:
        return mutant.claim.value == 0  # 0 万元 written 0 元 is still nothing
    checks = _relations_of(mutant.claim, original)
    values = {mutant.claim.id: mutant.value}
    return bool(checks) and all(c.relation.holds(values) for c in checks)


def _place(claim: Claim, mutant: Mutant) -> tuple[int, int]:
    """Where an original claim stands in the mutated text (later figures on the slipped
    line move by the slip's length)."""
    line, column = claim.location.line, claim.location.column
    if line == mutant.claim.line and column > mutant.claim.location.column:
        column += mutant.shift
    return line, column


def _classify(mutant: Mutant, original: AuditResult) -> tuple[str, int]:
    mutated = audit_text(mutant.text, mutant.path)
    before = {_alarm_key(f) for f in _alarms(original)}
    new = [f for f in _alarms(mutated) if _alarm_key(f) not in before]
    site = (mutant.claim.line, mutant.claim.location.column)
    related = {_place(c, mutant) for check in _relations_of(mutant.claim, original)
               for c in original.claims if c.id in {cid for cid, _ in check.operands}}
    caught = elsewhere = False
    spurious = 0
    for finding in new:
        places = {(c.line, c.location.column) for c in _cited(finding)}
        if site in places:
            caught = True
        elif places & related:
            elsewhere = True
        else:
            spurious += 1
    outcome = "caught" if caught else "caught_elsewhere" if elsewhere else "missed"
    return outcome, spurious


def _alarms(result: AuditResult):
    for finding in result.findings:
        for item in (finding, *finding.related):
            if item.severity in ("error", "warning"):
                yield item


def _alarm_key(finding) -> tuple:
    stated = finding.stated
    return (finding.rule, finding.line, stated.text if stated is not None else finding.subject_text)


def _cited(finding) -> list[Claim]:
    cited = [e.claim for e in finding.evidence]
    return ([finding.stated] if finding.stated is not None else []) + cited


# ---------------------------------------------------------------- coverage


def _genres() -> dict[str, str]:
    index = ROOT / "corpus" / "real" / "INDEX.tsv"
    genres: dict[str, str] = {}
    if index.exists():
        for row in index.read_text(encoding="utf-8").splitlines()[1:]:
            cells = row.split("\t")
            if len(cells) > 2:
                genres[cells[0]] = re.split(r"[（(/]", cells[2])[0]
    return genres


def _kind_of(path: Path, result: AuditResult, genres: dict[str, str]) -> str:
    if path.parent.name == "real" and path.name in genres:
        return f"real: {genres[path.name]}"
    return f"{path.parent.name}: {result.facts.kind or '其他'}"


def _count_coverage(result: AuditResult, counter: Counter) -> None:
    for claim in result.claims:
        if claim.kind in FIGURE_KINDS:
            counter["figures"] += 1
            counter[result.status.get(claim.id, "unchecked")] += 1


def _print_coverage(coverage: dict[str, Counter]) -> None:
    print("coverage of money and percent figures (verified or failed), by document type:")
    totals: dict[str, Counter] = defaultdict(Counter)
    for kind in sorted(coverage):
        c = coverage[kind]
        totals[kind.split(":")[0]].update(c)
        print(f"  {kind:40s} {_share(c):>6}  ({c['verified']} verified, {c['failed']} failed, "
              f"{c['unchecked']} unchecked of {c['figures']})")
    for corpus, c in sorted(totals.items()):
        print(f"  {'all of ' + corpus:40s} {_share(c):>6}  ({c['verified'] + c['failed']} of {c['figures']})")


def _share(c: Counter) -> str:
    return f"{100 * (c['verified'] + c['failed']) / max(c['figures'], 1):.1f}%"


def _print_kinds(counts: Counter) -> None:
    print("mutants by slip (caught / caught elsewhere / missed):")
    for kind in KINDS:
        got = [counts[f"{o}:{kind}"] for o in ("caught", "caught_elsewhere", "missed")]
        if any(got):
            print(f"  {kind:8s} {got[0]:5d} {got[1]:5d} {got[2]:5d}")


if __name__ == "__main__":
    raise SystemExit(main())
