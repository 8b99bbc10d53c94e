"""The `auditor` command.

    auditor audit PATH... [--format table|json|html|xlsx|csv|jsonl] [-o OUT]
                          [-r] [--jobs N] [--resume]
                          [--fail-on error|warning|never] [--min-severity error|warning|info]
                          [--top N] [--lang zh|en] [--baseline decisions.yaml]
                          [--update-baseline] [--config FILE]
    auditor sweep PATH... [--list FILE] -o OUT_DIR [--workers N | --scheduler ADDRESS]
    auditor rules
    auditor explain RULE
    auditor --version

A folder audits every report directly in it (*.txt, *.md, *.docx, *.pdf, any letter case;
not hidden files; subfolders too with -r), sorted by path; files are audited in argument
order, and ``-`` reads one report from standard input. Results are written as each document
is finished, in that order, whatever --jobs is (auditor.batch, auditor.render.stream); -o
never overwrites a report being audited.
Exit status: 0 when no finding is at or above --fail-on (default error), 1 when one is, 2 on
a usage error or when a file could not be audited ("path: problem" on stderr; the other files
are still audited and printed). --min-severity and --top only shorten what is shown: --fail-on
counts every finding a baseline does not hide. Heavy modules are imported inside commands, so
`auditor --help` stays fast.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from auditor import __version__
from auditor.batch import STDIN
from auditor.errors import AuditorError

if TYPE_CHECKING:
    from auditor.config import AuditOptions

FORMATS: tuple[str, ...] = ("table", "json", "html", "xlsx", "csv", "jsonl")
RESUMABLE_FORMATS: tuple[str, ...] = ("json", "jsonl", "csv")  # output that names its documents
SEVERITY_CHOICES: tuple[str, ...] = ("error", "warning", "info")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        return args.run(args, parser)
    except AuditorError as exc:
        _error(str(exc))
        return EXIT_ERROR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="auditor",
        description="Audit Chinese government performance reports for internal inconsistencies.",
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    audit = commands.add_parser("audit", help="audit reports and list what is wrong",
                                description="Audit reports (files or folders of reports).")
    audit.add_argument("paths", nargs="+", metavar="PATH",
                       help="report file (.txt .md .docx .pdf), folder of reports, "
                            "or - for standard input")
    audit.add_argument("-r", "--recursive", action="store_true",
                       help="audit the reports in subfolders of a folder too")
    audit.add_argument("-j", "--jobs", type=_positive, default=1, metavar="N",
                       help="audit N documents at a time, in N processes (default 1); "
                            "the output is the same, in the same order")
    audit.add_argument("--resume", action="store_true",
                       help="keep the documents -o FILE already holds (by content) and "
                            "audit only the others (json, jsonl, csv)")
    audit.add_argument("--format", choices=FORMATS, default="table", help="output format")
    audit.add_argument("-o", "--output", metavar="OUT", help="write the output to OUT")
    audit.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                       help="exit 1 when a finding is at or above this severity (default error)")
    audit.add_argument("--min-severity", choices=SEVERITY_CHOICES,
                       help="show only findings at or above this severity")
    audit.add_argument("--top", type=_positive, metavar="N",
                       help="show only the N highest-priority findings of each report")
    audit.add_argument("--lang", choices=("zh", "en"),
                       help="language of messages (default zh, or lang in the configuration)")
    audit.add_argument("--baseline", metavar="FILE",
                       help="hide findings this decisions file marks accepted or dismissed")
    audit.add_argument("--update-baseline", action="store_true",
                       help="add this run's findings to the --baseline file (new ones: open)")
    audit.add_argument("--statistics", action="store_true",
                       help="after the output, per rule: the checks it made (held, failed) and "
                            "the findings it raised (on stderr unless the format is table)")
    audit.add_argument("--config", metavar="FILE",
                       help="configuration file (default: nearest auditor.toml or "
                            "pyproject.toml with [tool.auditor])")
    audit.set_defaults(run=run_audit)

    sweep = commands.add_parser(
        "sweep", help="audit many documents on a Dask cluster into Parquet",
        description="Audit every document on a Dask cluster (a local one by default) and "
                    "write findings.parquet and documents.parquet to OUT_DIR.")
    sweep.add_argument("paths", nargs="*", metavar="PATH", help="report file or folder")
    sweep.add_argument("--list", metavar="FILE", dest="path_list",
                       help="a file naming one report or folder per line")
    sweep.add_argument("-o", "--output", metavar="OUT_DIR", required=True,
                       help="folder to write findings.parquet and documents.parquet to")
    sweep.add_argument("-r", "--recursive", action="store_true", help="subfolders too")
    sweep.add_argument("--workers", type=_positive, default=os.cpu_count() or 1, metavar="N",
                       help="worker processes of the local cluster (default: one per core)")
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help="an existing Dask scheduler (tcp://host:8786) instead of a local cluster")
    sweep.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                       help="exit 1 when a finding is at or above this severity (default error)")
    sweep.add_argument("--lang", choices=("zh", "en"), help="language of messages")
    sweep.add_argument("--config", metavar="FILE", help="configuration file")
    sweep.set_defaults(run=run_sweep)

    rules = commands.add_parser("rules", help="list every rule")
    rules.set_defaults(run=run_rules)

    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="RULE", help="rule id (see `auditor rules`)")
    explain.set_defaults(run=run_explain)
    return parser


# ---------------------------------------------------------------- audit


def run_audit(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.update_baseline and not args.baseline:
        parser.error("--update-baseline needs --baseline FILE")
    if args.format in ("xlsx",) and not args.output:
        parser.error("--format xlsx needs -o FILE")
    if args.resume and (not args.output or args.format not in RESUMABLE_FORMATS):
        parser.error("--resume needs -o FILE and --format " + "|".join(RESUMABLE_FORMATS))
    if args.paths.count(STDIN) > 1:
        parser.error("standard input (-) can be read only once")
    options = _options(args)
    baseline = _load_baseline(args)  # before auditing: a bad decisions file fails fast
    from auditor.batch import expand_paths

    entries = expand_paths(args.paths, recursive=args.recursive)
    _refuse_overwriting_inputs(args.output, entries)
    if any(entry.problem is None for entry in entries):
        _check_pipeline(options)
    return audit_entries(entries, args, options, baseline)


def audit_entries(entries, args: argparse.Namespace, options: "AuditOptions", baseline) -> int:
    """Audit every entry and write each result as it is finished, in input order."""
    from auditor.batch import Settings, content_hash, run
    from auditor.render.stream import PRERENDERED_FORMATS, Prior, open_sink, read_prior

    prior = read_prior(args.format, args.output) if args.resume else Prior()
    remaining = prior.hashes.copy()

    def skip(index: int, entry) -> bool:
        digest = content_hash(entry) if remaining else None
        if digest is not None and remaining[digest] > 0:
            remaining[digest] -= 1
            return True
        return False

    view_args = {"baseline": baseline, "min_severity": args.min_severity, "top": args.top,
                 "lang": options.lang}
    settings = Settings(options, view_args, keep_document=args.format == "html",
                        keep_claims=args.format in ("json", "html", "xlsx"),
                        record=bool(args.update_baseline),
                        prerender=args.format if args.format in PRERENDERED_FORMATS else None)
    status = _Status(args.fail_on, prior)
    progress = _progress(args, entries)
    try:
        sink = open_sink(args.format, args.output, options.lang, resume=args.resume)
    except OSError as exc:
        raise AuditorError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    decisions = []
    counted: list = []  # the views --statistics counts over
    try:
        for done in run(entries, settings, args.jobs, skip):
            view = done.view
            if view.error is not None:
                progress.say(f"{view.path}: {view.error}")
            for warning in view.result.warnings:
                progress.say(f"{view.path}: warning: {warning}")
            sink.write(view, done.chunk)
            status.add(done)
            if args.statistics:
                counted.append(view)
            decisions.extend(done.decisions)
            progress(1)
        progress(0, final=True)
    except OSError as exc:
        raise AuditorError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    finally:
        sink.close()
    if args.update_baseline:
        _update_baseline(baseline, decisions)
    if args.statistics:
        from rich.console import Console

        from auditor.render.table import write_statistics

        to_stdout = args.format == "table" and args.output is None
        write_statistics(counted, Console(highlight=False, stderr=not to_stdout), options.lang)
    return status.code()


class _Status:
    """The exit status so far: 2 if a file failed, else 1 if a finding reaches --fail-on."""

    def __init__(self, fail_on: str, prior) -> None:
        from auditor.render.view import at_least

        self.fail_on = fail_on
        self.error = prior.errors > 0
        self.failing = fail_on != "never" and any(at_least(s, fail_on) for s in prior.severities)

    def add(self, done) -> None:
        from auditor.render.view import at_least

        self.error = self.error or done.view.error is not None
        if self.fail_on != "never" and not self.failing:
            self.failing = any(at_least(s, self.fail_on) for s in done.severities)

    def code(self) -> int:
        if self.error:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.failing else EXIT_OK


def _refuse_overwriting_inputs(output: str | None, entries) -> None:
    """-o naming a report being audited would destroy it: refuse before anything is written."""
    from auditor.errors import AuditorError

    if output is None or not os.path.exists(output):
        return
    for entry in entries:
        if entry.problem is None and entry.data is None and _same_file(output, entry.path):
            raise AuditorError(f"{output}: refusing to overwrite an input report with the output")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _progress(args: argparse.Namespace, entries):
    """A progress line on stderr for a batch, only when stderr is a terminal and the results
    do not go to that same terminal (they would be interleaved with it)."""
    total = len(entries)
    to_terminal = args.output is None and sys.stdout.isatty()
    from auditor.progress import NoProgress, Progress

    if total < 2 or not sys.stderr.isatty() or to_terminal:
        return NoProgress()
    return Progress(total)


def _options(args: argparse.Namespace) -> "AuditOptions":
    from auditor.config import load_config, load_config_file

    options = load_config_file(args.config) if args.config else load_config(Path.cwd())
    return options.with_lang(args.lang)


def _check_pipeline(options: "AuditOptions") -> None:
    from auditor.config import check_rule_ids

    try:
        import auditor.pipeline  # noqa: F401
    except ImportError as exc:
        raise AuditorError(f"auditor: the audit pipeline cannot be loaded: {exc}") from exc
    if options.mentioned_rules():
        from auditor.rules.base import all_rules

        check_rule_ids(options, (rule.id for rule in all_rules()))


def _load_baseline(args: argparse.Namespace):
    if not args.baseline:
        return None
    from auditor.baseline import load_baseline

    baseline = load_baseline(args.baseline, missing_ok=args.update_baseline)
    for warning in baseline.warnings():
        _error(f"warning: {warning}")
    return baseline


def _update_baseline(baseline, seen: list) -> None:
    from auditor.baseline import merge, save_baseline

    new = sum(1 for d in seen if baseline.get(d.fingerprint) is None)
    save_baseline(merge(baseline, seen))
    _error(f"{baseline.path}: {len(seen)} findings recorded, {new} new")


# ---------------------------------------------------------------- sweep


def run_sweep(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    paths = list(args.paths)
    if args.path_list:
        try:
            listed = Path(args.path_list).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise AuditorError(f"{args.path_list}: cannot read: {exc.strerror or exc}") from exc
        paths += [line.strip() for line in listed if line.strip()]
    if not paths:
        parser.error("sweep needs PATH... or --list FILE")
    options = _options(args)
    from auditor.batch import expand_paths

    entries = expand_paths(paths, recursive=args.recursive)
    if any(entry.problem is None for entry in entries):
        _check_pipeline(options)
    try:
        from auditor.sweep import sweep
    except ImportError as exc:
        raise AuditorError(f"auditor sweep needs Dask: pip install 'auditor[sweep]' ({exc})") from exc
    done = sweep(entries, args.output, options, options.lang, args.workers, args.scheduler)
    _error(f"{args.output}: {done.documents} documents, {done.findings} findings, "
           f"{done.failed} not audited, in {done.seconds:.1f} s on {done.workers} workers")
    return _sweep_status(Path(args.output), args.fail_on, done)


def _sweep_status(out_dir: Path, fail_on: str, done) -> int:
    import pandas as pd

    documents = pd.read_parquet(out_dir / "documents.parquet")
    for row in documents.itertuples():
        if not pd.isna(row.error):
            _error(f"{row.path}: {row.error}")
    if done.failed:
        return EXIT_ERROR
    columns = {"error": ["errors"], "warning": ["errors", "warnings"]}.get(fail_on, [])
    return EXIT_FINDINGS if any(documents[c].sum() for c in columns) else EXIT_OK


# ---------------------------------------------------------------- rules and explain


def run_rules(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from auditor.rules.base import all_rules

    table = Table(title_justify="left")
    for header in ("id", "family", "severity"):
        table.add_column(header, no_wrap=True)
    table.add_column("summary", overflow="fold")  # Chinese has no spaces to wrap at
    for rule in all_rules():
        table.add_row(Text(rule.id), Text(rule.family), Text(rule.severity), Text(rule.summary))
    Console(highlight=False).print(table)
    return EXIT_OK


def run_explain(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from auditor.rules.base import all_rules, rule_by_id

    rule = rule_by_id(args.rule)
    if rule is None:
        known = ", ".join(r.id for r in all_rules()) or "none"
        _error(f"{args.rule}: unknown rule (known: {known})")
        return EXIT_ERROR
    sys.stdout.write(
        f"{rule.id} — {rule.summary}\n"
        f"family: {rule.family}; default severity: {rule.severity}\n\n"
        f"{rule.doc or '(no documentation)'}\n"
    )
    return EXIT_OK


# ---------------------------------------------------------------- helpers


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _error(message: str) -> None:
    print(message, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
