"""Terminal output: one rich table per report (severity, rule, line, message) and counts."""
from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from auditor.render.view import (ReportView, figure_counts, figure_text, message, rule_statistics,
                                 summary, summary_text)

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
HEADERS = {
    "zh": ("严重性", "规则", "行", "问题"),
    "en": ("severity", "rule", "line", "message"),
}


def write(views: Sequence[ReportView], console: Console, lang: str = "zh") -> None:
    for view in views:
        write_report(view, console, lang)
    if len(views) > 1:
        failed = sum(1 for v in views if v.error is not None)
        line = total_line(len(views), failed, summary_text(summary(views), lang), lang)
        console.print(Text(line, style="bold"))


def total_line(reports: int, failed: int, total: str, lang: str = "zh") -> str:
    """The batch's last line: how many reports, the findings counted, how many failed."""
    what = f"{reports} reports" if lang == "en" else f"{reports} 份报告"
    tail = (f", {failed} not audited" if lang == "en" else f"，{failed} 份无法审核") if failed else ""
    return f"{what}: {total}{tail}"


def write_report(view: ReportView, console: Console, lang: str = "zh") -> None:
    if view.error is not None:
        console.print(Text(f"{view.path}: {view.error}", style="bold red"))
        console.print()
        return
    table = Table(title=_title(view), title_justify="left", show_lines=False, expand=False)
    severity, rule, line, text = HEADERS[lang]
    table.add_column(severity, no_wrap=True)
    table.add_column(rule, no_wrap=True)
    table.add_column(line, no_wrap=True, justify="right")
    table.add_column(text, overflow="fold")  # Chinese has no spaces to wrap at
    for fv in view.findings:
        finding = fv.finding
        table.add_row(
            Text(finding.severity, style=STYLES.get(finding.severity, "")),
            Text(finding.rule),
            Text(_where(finding.location.line, finding.location.page)),
            Text(message(finding, lang)),
        )
    if view.findings:
        console.print(table)
    else:
        console.print(Text(_title(view), style="bold"))
    console.print(Text(_counts(view, lang)))
    console.print(Text(figure_text(view.figures or figure_counts(view.result), lang), style="dim"))
    console.print()


def render(views: Sequence[ReportView], lang: str = "zh", width: int = 120) -> str:
    """The table output as plain text (for -o FILE)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      highlight=False, soft_wrap=False)
    write(views, console, lang)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _title(view: ReportView) -> str:
    facts = view.result.facts
    details = [str(x) for x in (facts.fiscal_year, facts.department, facts.kind) if x]
    return f"{view.path}" + (f" — {' '.join(details)}" if details else "")


def _where(line: int, page: int | None) -> str:
    return f"{line} (p.{page})" if page else str(line)


def _counts(view: ReportView, lang: str) -> str:
    text = summary_text(view.counts(), lang)
    extra = []
    if view.omitted:
        extra.append(f"{view.omitted} not shown (--min-severity/--top)" if lang == "en"
                     else f"另有 {view.omitted} 条未显示（--min-severity/--top）")
    if view.hidden:
        extra.append(f"{view.hidden} hidden by the baseline" if lang == "en"
                     else f"{view.hidden} 条已由基线隐藏")
    sep = "; " if lang == "en" else "；"
    return text + (sep + sep.join(extra) if extra else "")


def write_statistics(views: Sequence[ReportView], console: Console, lang: str = "zh") -> None:
    """--statistics: per rule, the checks it made (held, failed) and the findings it raised."""
    results = [v.result for v in views if v.error is None]
    heads = ("rule", "checks held", "checks failed", "findings") if lang == "en" else (
        "规则", "核对一致", "核对不符", "发现")
    table = Table(title="statistics" if lang == "en" else "统计", title_justify="left")
    for head in heads:
        table.add_column(head, justify="left" if head in ("rule", "规则") else "right")
    for rule, held, failed, raised in rule_statistics(results):
        table.add_row(rule, str(held), str(failed), str(raised))
    console.print(table)
