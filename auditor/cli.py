"""The `auditor` command.

    auditor audit PATH... [--format table|json|html|xlsx|csv|jsonl] [-o OUT]
                          [--fail-on error|warning|never] [--min-severity error|warning|info]
                          [--top N] [--lang zh|en] [--baseline decisions.yaml]
                          [--update-baseline] [--config FILE]
    auditor rules
    auditor explain RULE

A folder audits every report directly in it (*.txt, *.md, *.docx, *.pdf, any letter case;
not its subfolders, not hidden files), sorted by name; files are audited in argument order.
Exit status: 0 when no finding is at or above --fail-on (default error), 1 when one is, 2 on
a usage error or when a file could not be audited ("path: problem" on stderr; the other files
are still audited and printed). --min-severity and --top only shorten what is shown: --fail-on
counts every finding a baseline does not hide. Heavy modules are imported inside commands, so
`auditor --help` stays fast.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.config import AuditOptions
    from auditor.models import AuditResult
    from auditor.render.view import ReportView

REPORT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")
FORMATS: tuple[str, ...] = ("table", "json", "html", "xlsx", "csv", "jsonl")
SEVERITY_CHOICES: tuple[str, ...] = ("error", "warning", "info")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    from auditor.errors import AuditorError

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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    audit = commands.add_parser("audit", help="audit reports and list what is wrong",
                                description="Audit reports (files or folders of reports).")
    audit.add_argument("paths", nargs="+", metavar="PATH",
                       help="report file (.txt .md .docx .pdf) or folder of reports")
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
    if args.format == "xlsx" and not args.output:
        parser.error("--format xlsx needs -o FILE")
    options = _options(args)
    baseline = _load_baseline(args)  # before auditing: a bad decisions file fails fast
    results = audit_paths(expand_paths(args.paths), options)
    for result in results:
        if result.error is not None:
            _error(f"{result.path}: {result.error}")

    from auditor.render.view import build_views

    views = build_views(results, baseline=baseline, min_severity=args.min_severity,
                        top=args.top, lang=options.lang)
    if args.update_baseline:
        _update_baseline(baseline, results)
    write_output(views, args.format, args.output, options.lang)
    if args.statistics:
        from rich.console import Console

        from auditor.render.table import write_statistics

        to_stdout = args.format == "table" and args.output is None
        write_statistics(views, Console(highlight=False, stderr=not to_stdout), options.lang)
    return exit_code(views, args.fail_on)


def _options(args: argparse.Namespace) -> "AuditOptions":
    from auditor.config import load_config, load_config_file

    options = load_config_file(args.config) if args.config else load_config(Path.cwd())
    return options.with_lang(args.lang)


def expand_paths(paths: list[str]) -> list[tuple[str, str | None]]:
    """What to audit, in order: (path, None) for a report, (argument, problem) for the rest."""
    entries: list[tuple[str, str | None]] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            entries.append((str(path), None))

    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            reports = sorted(
                (p for p in path.iterdir()
                 if p.is_file() and not p.name.startswith(".")
                 and p.suffix.lower() in REPORT_SUFFIXES),
                key=lambda p: p.name,
            )
            if not reports:
                entries.append((argument, "folder holds no reports (" +
                                ", ".join(f"*{s}" for s in REPORT_SUFFIXES) + ")"))
            for report in reports:
                add(report)
        elif path.is_file():
            add(path)
        elif path.exists():
            entries.append((argument, "not a regular file or folder"))
        else:
            entries.append((argument, "no such file or folder"))
    return entries


def audit_paths(entries: list[tuple[str, str | None]], options: "AuditOptions") -> list["AuditResult"]:
    """Audit each file; a file that fails becomes a result with its error, the rest go on."""
    audit_file = _pipeline(options) if any(problem is None for _, problem in entries) else None
    from auditor.errors import InputError

    results = []
    for path, problem in entries:
        if problem is not None:
            results.append(_failed(path, problem))
            continue
        try:
            result = audit_file(path, options)
        except InputError as exc:
            result = _failed(path, exc.problem)
        except Exception as exc:  # one bad file never stops the batch
            result = _failed(path, f"internal error: {type(exc).__name__}: {exc}")
        results.append(result)
    return results


def _pipeline(options: "AuditOptions"):
    from auditor.config import check_rule_ids
    from auditor.errors import AuditorError

    try:
        from auditor.pipeline import audit_file
    except ImportError as exc:
        raise AuditorError(f"auditor: the audit pipeline cannot be loaded: {exc}") from exc
    if options.mentioned_rules():
        from auditor.rules.base import all_rules

        check_rule_ids(options, (rule.id for rule in all_rules()))
    return audit_file


def _failed(path: str, problem: str) -> "AuditResult":
    from auditor.models import AuditResult, ReportFacts

    return AuditResult(path=path, facts=ReportFacts(None, None, None), claims=(), findings=(),
                       error=problem)


def _load_baseline(args: argparse.Namespace):
    if not args.baseline:
        return None
    from auditor.baseline import load_baseline

    baseline = load_baseline(args.baseline, missing_ok=args.update_baseline)
    for warning in baseline.warnings():
        _error(f"warning: {warning}")
    return baseline


def _update_baseline(baseline, results: list["AuditResult"]) -> None:
    from auditor.baseline import fingerprints, merge, record, save_baseline

    seen = [d for r in results if r.error is None for d in record(r, fingerprints(r))]
    new = sum(1 for d in seen if baseline.get(d.fingerprint) is None)
    save_baseline(merge(baseline, seen))
    _error(f"{baseline.path}: {len(seen)} findings recorded, {new} new")


def write_output(views: list["ReportView"], fmt: str, output: str | None, lang: str) -> None:
    from auditor.errors import AuditorError

    try:
        if fmt == "table" and output is None:
            from rich.console import Console

            from auditor.render import table

            table.write(views, Console(highlight=False), lang)
            return
        if fmt == "xlsx":
            from auditor.render.tabular import write_xlsx

            write_xlsx(views, output, lang)
            return
        if fmt == "csv" and output is not None:
            from auditor.render.tabular import write_csv

            write_csv(views, output, lang)
            return
        text = render_text(views, fmt, lang)
        if output is None:
            sys.stdout.write(text)
        else:
            Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AuditorError(f"{output}: cannot write: {exc.strerror or exc}") from exc


def render_text(views: list["ReportView"], fmt: str, lang: str) -> str:
    if fmt == "json":
        from auditor.render import json as json_render

        return json_render.render(views)
    if fmt == "html":
        from auditor.render import html

        return html.render(views, lang)
    if fmt == "csv":
        from auditor.render.tabular import render_csv

        return render_csv(views, lang)
    if fmt == "jsonl":
        from auditor.render.tabular import render_jsonl

        return render_jsonl(views, lang)
    from auditor.render import table

    return table.render(views, lang)


def exit_code(views: list["ReportView"], fail_on: str) -> int:
    if any(view.error is not None for view in views):
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    from auditor.render.view import at_least

    failing = any(at_least(fv.finding.severity, fail_on) for v in views for fv in v.all_findings)
    return EXIT_FINDINGS if failing else EXIT_OK


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
