"""HTML output: one self-contained page a reviewer reads, filters and prints.

Per report: the ranked finding list (each finding links to its lines), then the report's
text with every claim highlighted and a marker on each line a finding involves (linking back
to the finding). Filters by severity and rule are checkboxes handled by a small inline
script; they can also be preset from the address: ``report.html?severity=error&rule=ratio,sum``.

Everything is inline (CSS, script, no fonts or images): the page makes no network request,
and a Content-Security-Policy meta tag forbids any, and allows only the page's own script
(by its hash). All report text is escaped, so a report containing ``<script>`` shows it as
text. A print stylesheet drops the controls and keeps findings whole on a page.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from html import escape

from auditor.models import AuditResult, Claim, Document, Finding
from auditor.render.view import (
    SEVERITIES, FindingView, ReportView, difference, involved_lines, message, number, summary,
    summary_text,
)

LABELS = {
    "zh": {
        "title": "绩效报告审核", "severity": "严重性", "rule": "规则", "line": "第 {} 行",
        "stated": "所述", "expected": "应为", "difference": "差额", "evidence": "依据",
        "related": "同一原因的其他问题", "text": "报告原文", "no_text": "无法显示原文。",
        "findings": "问题清单", "shown": "显示", "none": "未发现问题。",
        "not_audited": "无法审核", "hidden": "{} 条已由基线隐藏",
        "omitted": "另有 {} 条未显示（--min-severity/--top）", "priority": "优先级",
        "reports": "{} 份报告",
    },
    "en": {
        "title": "Performance report audit", "severity": "Severity", "rule": "Rule",
        "line": "line {}", "stated": "stated", "expected": "expected",
        "difference": "difference", "evidence": "evidence", "related": "same cause",
        "text": "Report text", "no_text": "The report text is not available.",
        "findings": "Findings", "shown": "shown", "none": "No findings.",
        "not_audited": "not audited", "hidden": "{} hidden by the baseline",
        "omitted": "{} more not shown (--min-severity/--top)", "priority": "priority",
        "reports": "{} reports",
    },
}

CSS = """
:root { --error: #c62828; --warning: #e08a00; --info: #1565c0; --mark: #fff3b0;
        --line: #f4f4f4; --muted: #666; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", system-ui, sans-serif; margin: 0 auto; max-width: 72rem;
       padding: 1rem 1.5rem 4rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.4rem; margin: .5rem 0; }
h2 { font-size: 1.15rem; margin: 2rem 0 .25rem; border-bottom: 2px solid #ddd; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
[hidden] { display: none !important; }
.filters { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #ddd;
           padding: .4rem 0; z-index: 2; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; }
.filters fieldset { border: 0; margin: 0; padding: 0; }
.filters legend { font-weight: bold; float: left; margin-right: .5rem; }
.filters label { margin-right: .75rem; white-space: nowrap; }
.facts, .counts, .muted { color: var(--muted); margin: .2rem 0; }
.error-report { color: var(--error); font-weight: bold; }
ol.findings { padding-left: 2rem; }
li.finding { margin: .6rem 0; padding: .4rem .6rem; border-left: 6px solid #999;
             background: #fafafa; }
li.finding.sev-error { border-left-color: var(--error); }
li.finding.sev-warning { border-left-color: var(--warning); }
li.finding.sev-info { border-left-color: var(--info); }
li.finding:target { outline: 3px solid #555; }
.badge { display: inline-block; min-width: 4.5rem; text-align: center; color: #fff;
         font-weight: bold; padding: 0 .4rem; border-radius: 3px; }
.badge.sev-error, .marker.sev-error { background: var(--error); }
.badge.sev-warning, .marker.sev-warning { background: var(--warning); }
.badge.sev-info, .marker.sev-info { background: var(--info); }
.rule { font-family: ui-monospace, monospace; margin: 0 .5rem; }
.message { margin: .25rem 0; }
.detail { margin: .2rem 0 0; font-size: .9rem; color: #333; }
.detail span { margin-right: 1rem; }
.detail ul { margin: .2rem 0; padding-left: 1.2rem; }
.fingerprint { font-family: ui-monospace, monospace; color: var(--muted); font-size: .8rem; }
.source { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: .85rem;
          border: 1px solid #ddd; }
.src { display: flex; align-items: flex-start; border-bottom: 1px solid #fff; }
.src:target { background: #fffbe0; }
.src.involved { background: var(--line); }
.ln { flex: 0 0 3.5rem; text-align: right; padding-right: .6rem; color: var(--muted);
      user-select: none; }
.ln a { color: inherit; text-decoration: none; }
.markers { flex: 0 0 5.5rem; }
.marker { color: #fff; font-size: .7rem; padding: 0 .25rem; margin-right: .15rem;
          border-radius: 2px; text-decoration: none; }
.text { flex: 1; white-space: pre-wrap; word-break: break-all; tab-size: 4; }
mark.claim { background: var(--mark); padding: 0; }
mark.claim.wrong { background: #ffcdd2; outline: 1px solid var(--error); }
.tick { color: #2e7d32; font-weight: bold; font-size: .85em; margin-left: .1em; }
.cross { color: var(--error); font-weight: bold; font-size: .85em; margin-left: .1em; }
@media print {
  .filters { display: none; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  li.finding, .src { break-inside: avoid; }
  section.report { break-before: page; }
  section.report:first-of-type { break-before: auto; }
  .badge, .marker, mark.claim, li.finding { -webkit-print-color-adjust: exact;
                                             print-color-adjust: exact; }
}
"""

SCRIPT = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var query = new URLSearchParams(window.location.search);
  ["severity", "rule"].forEach(function (key) {
    if (!query.has(key)) { return; }
    var allowed = query.get(key).split(",");
    boxes.forEach(function (box) {
      if (box.dataset.filter === key) { box.checked = allowed.indexOf(box.value) >= 0; }
    });
  });
  function apply() {
    var on = { severity: {}, rule: {} };
    boxes.forEach(function (box) { if (box.checked) { on[box.dataset.filter][box.value] = true; } });
    document.querySelectorAll("[data-severity][data-rule]").forEach(function (el) {
      el.hidden = !(on.severity[el.dataset.severity] && on.rule[el.dataset.rule]);
    });
    document.querySelectorAll("section.report").forEach(function (section) {
      var out = section.querySelector(".shown");
      if (out) { out.textContent = String(section.querySelectorAll("li.finding:not([hidden])").length); }
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  apply();
})();
"""


def render(views: Sequence[ReportView], lang: str = "zh") -> str:
    labels = LABELS[lang]
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; "
           "img-src data:; form-action 'none'; base-uri 'none'")
    title = views[0].path if len(views) == 1 else labels["reports"].format(len(views))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp, quote=False)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(labels['title'])} — {escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(labels['title'])}</h1>",
        f'<p class="counts">{escape(labels["reports"].format(len(views)))}: '
        f"{escape(summary_text(summary(views), lang))}</p>",
        _filters(views, labels),
    ]
    for number_, view in enumerate(views, 1):
        parts.append(_report(view, f"r{number_}", labels, lang))
    parts += [f"<script>{SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _filters(views: Sequence[ReportView], labels: dict[str, str]) -> str:
    severities: dict[str, int] = {s: 0 for s in SEVERITIES}
    rules: dict[str, int] = {}
    for view in views:
        for fv in view.findings:
            severities[fv.finding.severity] = severities.get(fv.finding.severity, 0) + 1
            rules[fv.finding.rule] = rules.get(fv.finding.rule, 0) + 1

    def box(kind: str, value: str, count: int) -> str:
        return (f'<label><input type="checkbox" data-filter="{kind}" value="{escape(value)}" '
                f"checked> {escape(value)} ({count})</label>")

    severity_boxes = "".join(box("severity", s, n) for s, n in severities.items())
    rule_boxes = "".join(box("rule", r, n) for r, n in sorted(rules.items()))
    return (
        '<div class="filters" id="filters" role="group">'
        f'<fieldset><legend>{escape(labels["severity"])}</legend>{severity_boxes}</fieldset>'
        f'<fieldset><legend>{escape(labels["rule"])}</legend>{rule_boxes}</fieldset>'
        "</div>"
    )


def _report(view: ReportView, prefix: str, labels: dict[str, str], lang: str) -> str:
    result = view.result
    head = f'<section class="report" id="{prefix}"><h2>{escape(result.path)}</h2>'
    if view.error is not None:
        return (f'{head}<p class="error-report">{escape(labels["not_audited"])}: '
                f"{escape(view.error)}</p></section>")
    facts = [str(x) for x in (result.facts.fiscal_year, result.facts.department,
                              result.facts.kind) if x]
    counts = [summary_text(view.counts(), lang)]
    if view.omitted:
        counts.append(labels["omitted"].format(view.omitted))
    if view.hidden:
        counts.append(labels["hidden"].format(view.hidden))
    parts = [head]
    if facts:
        parts.append(f'<p class="facts">{escape(" · ".join(facts))}</p>')
    parts.append(f'<p class="counts">{escape("; ".join(counts))}</p>')
    parts.append(f'<h3>{escape(labels["findings"])} (<span class="shown">{len(view.findings)}'
                 f"</span> {escape(labels['shown'])})</h3>")
    if view.findings:
        parts.append('<ol class="findings">')
        lines = _source_lines(result.document)
        parts += [_finding(fv, prefix, labels, lang, lines) for fv in view.findings]
        parts.append("</ol>")
    else:
        parts.append(f'<p class="muted">{escape(labels["none"])}</p>')
    parts.append(f'<h3>{escape(labels["text"])}</h3>')
    parts.append(_source(view, prefix, labels))
    parts.append("</section>")
    return "\n".join(parts)


def _finding(fv: FindingView, prefix: str, labels: dict[str, str], lang: str,
             lines: frozenset[int]) -> str:
    finding = fv.finding

    def link(line: int) -> str:
        return _line_link(prefix, line, labels, lines)

    sev = escape(finding.severity)
    line_link = link(finding.location.line)
    detail: list[str] = []
    if finding.stated is not None:
        detail.append(f'<span>{escape(labels["stated"])}: {escape(finding.stated.text)} '
                      f"({link(finding.stated.line)})</span>")
    if finding.expected is not None:
        detail.append(f'<span>{escape(labels["expected"])}: {escape(_show(finding.expected))}</span>')
    diff = difference(finding)
    if diff is not None:
        detail.append(f'<span>{escape(labels["difference"])}: {escape(_show(diff))}</span>')
    detail.append(f'<span>{escape(labels["priority"])}: {escape(_show(finding.priority))}</span>')
    evidence = "".join(
        f"<li>{escape(ev.role)}: {escape(ev.claim.text)} "
        f"({link(ev.claim.line)})</li>"
        for ev in finding.evidence
    )
    related = "".join(
        f"<li>{escape(r.rule)} · {link(r.location.line)}: "
        f"{escape(message(r, lang))}</li>"
        for r in finding.related
    )
    return "".join([
        f'<li class="finding sev-{sev}" id="{_finding_anchor(prefix, finding)}" '
        f'data-severity="{sev}" data-rule="{escape(finding.rule)}">',
        f'<span class="badge sev-{sev}">{sev}</span>',
        f'<span class="rule">{escape(finding.rule)}</span>{line_link}',
        f'<p class="message">{escape(message(finding, lang))}</p>',
        f'<div class="detail">{"".join(detail)}',
        f'<div>{escape(labels["evidence"])}:<ul>{evidence}</ul></div>' if evidence else "",
        f'<div>{escape(labels["related"])}:<ul>{related}</ul></div>' if related else "",
        f'<div class="fingerprint">{escape(finding.id)} · {escape(fv.fingerprint)}</div>',
        "</div></li>",
    ])


def _source(view: ReportView, prefix: str, labels: dict[str, str]) -> str:
    document = view.result.document
    if document is None or not document.source.lines:
        return f'<p class="muted">{escape(labels["no_text"])}</p>'
    spans = claim_spans(view.result)
    wrong = {id(fv.finding.stated) for fv in view.findings if fv.finding.stated is not None}
    checked = _checks_by_claim(view.result)
    markers: dict[int, list[FindingView]] = defaultdict(list)
    for fv in view.findings:
        for line in involved_lines(fv.finding):
            markers[line].append(fv)
    rows = ['<div class="source">']
    for source_line in document.source.lines:
        number_ = source_line.line
        anchor = f"{prefix}-L{number_}"
        marks = "".join(
            f'<a class="marker sev-{escape(fv.finding.severity)}" '
            f'href="#{_finding_anchor(prefix, fv.finding)}" '
            f'data-severity="{escape(fv.finding.severity)}" data-rule="{escape(fv.finding.rule)}">'
            f"{escape(fv.finding.id)}</a>"
            for fv in markers.get(number_, ())
        )
        involved = " involved" if number_ in markers else ""
        rows.append(
            f'<div class="src{involved}" id="{anchor}"><span class="ln"><a href="#{anchor}">'
            f'{number_}</a></span><span class="markers">{marks}</span>'
            f'<span class="text">{_highlight(source_line.text, spans.get(number_, []), wrong, view.result.status, checked)}'
            "</span></div>"
        )
    rows.append("</div>")
    return "\n".join(rows)


def _checks_by_claim(result: AuditResult) -> dict[str, list[str]]:
    """For each claim, the relations checked on it with their arithmetic (the hover)."""
    found: dict[str, list[str]] = defaultdict(list)
    for check in result.checks:
        try:
            # a check with no arithmetic (a wrong year, a label) is named by its reading
            text = check.relation.formula() if check.relation is not None else check.reading
        except (ValueError, ZeroDivisionError):
            text = check.reading
        line = f"{check.id} {check.rule}: {text} {'✓' if check.holds else '✗'}"
        for claim_id, _ in check.operands:
            found[claim_id].append(line)
    return found


def _highlight(text: str, spans: list[tuple[int, int, Claim]], wrong: set[int],
               status: dict | None = None, checked: dict | None = None) -> str:
    """The line with each claim's span in a <mark>, a green tick after a verified figure and
    a red cross after a failed one, the hover naming each relation with its arithmetic;
    everything escaped."""
    out: list[str] = []
    cursor = 0
    status, checked = status or {}, checked or {}
    for start, end, claim in spans:
        if start < cursor or start >= len(text):
            continue  # overlapping or off the line: leave the text as it is
        end = min(end, len(text))
        title = " · ".join(str(x) for x in (claim.id, claim.subject, claim.stage, claim.year) if x)
        title = "\n".join([title, *checked.get(claim.id, ())])
        state = status.get(claim.id, "unchecked")
        css = "claim wrong" if id(claim) in wrong else "claim"
        css += f" {state}"
        glyph = {"verified": '<span class="tick">✓</span>', "failed": '<span class="cross">✗</span>'}
        out.append(escape(text[cursor:start]))
        out.append(f'<mark class="{css}" title="{escape(title)}">{escape(text[start:end])}'
                   f'{glyph.get(state, "")}</mark>')
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def claim_spans(result: AuditResult) -> dict[int, list[tuple[int, int, Claim]]]:
    """Per source line, the 0-based [start, end) character span of each claim on it."""
    spans: dict[int, list[tuple[int, int, Claim]]] = defaultdict(list)
    document = result.document
    if document is None:
        return spans
    texts = {sl.line: sl.text for sl in document.source.lines}
    for claim in result.claims:
        line = claim.location.line
        if line not in texts or claim.location.column < 1:
            continue
        start = claim.location.column - 1
        spans[line].append((start, start + _span_length(claim, document, texts[line]), claim))
    for line in spans:
        spans[line].sort(key=lambda span: (span[0], -span[1]))
    return spans


def _span_length(claim: Claim, document: Document, line_text: str) -> int:
    """How many source characters the claim covers (its normalised text may be shorter)."""
    start = claim.location.column  # 1-based
    if claim.source == "narrative" and claim.paragraph is not None \
            and 0 <= claim.paragraph < len(document.paragraphs) and claim.end > claim.start:
        end_line, end_column = document.paragraphs[claim.paragraph].origin(claim.end - 1)
        if end_line == claim.location.line and end_column >= start:
            return end_column - start + 1
        if end_line > claim.location.line:  # wrapped onto the next line: mark to this line's end
            return max(len(line_text) - start + 1, 1)
    cell = _cell(claim, document)
    if cell is not None and cell.line == claim.location.line and cell.column <= start:
        return max(cell.column + len(cell.raw.rstrip()) - start, 1)
    return max(len(claim.text), 1)


def _cell(claim: Claim, document: Document):
    if claim.source != "table" or claim.table is None or claim.row is None or claim.col is None:
        return None
    try:
        return document.tables[claim.table].rows[claim.row][claim.col]
    except IndexError:
        return None


def _source_lines(document: Document | None) -> frozenset[int]:
    return frozenset(sl.line for sl in document.source.lines) if document is not None else frozenset()


def _line_link(prefix: str, line: int, labels: dict[str, str], lines: frozenset[int]) -> str:
    """A link to the line in the report text, or just its number when the text has no such line."""
    label = escape(labels["line"].format(line))
    if line not in lines:
        return f'<span class="line-link">{label}</span>'
    return f'<a class="line-link" href="#{prefix}-L{line}">{label}</a>'


def _finding_anchor(prefix: str, finding: Finding) -> str:
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '-', finding.id)}"


def _show(value: float) -> str:
    shown = number(value)
    return "" if shown is None else str(shown)
