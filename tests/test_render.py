from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from auditor.render import html as html_render
from auditor.render import json as json_render
from auditor.render import table as table_render
from auditor.render import tabular
from auditor.render.view import build_view, build_views, number, ranked
from conftest import sample_builder

REPORT_KEYS = {"path", "fiscal_year", "department", "kind", "claims", "findings"}
CLAIM_KEYS = {"id", "kind", "text", "value", "unit", "line", "column", "page", "source",
              "subject", "stage", "year", "qualifier"}
FINDING_KEYS = {"id", "rule", "severity", "message", "line", "column", "page", "stated",
                "expected", "evidence", "priority", "fingerprint"}
STATED_KEYS = {"text", "value", "unit", "line", "column"}
EVIDENCE_KEYS = {"text", "value", "unit", "line", "column", "role"}


# ---------------------------------------------------------------- ranking and filters


def test_findings_are_ranked_by_priority_then_line_then_rule(render_builder):
    b = render_builder("a 1%\nb 2%\nc 3%")
    c1, c2, c3 = b.claim(1, "1%"), b.claim(2, "2%"), b.claim(3, "3%")
    b.finding("sum", "warning", "m", stated=c3, priority=0.5, id="A")
    b.finding("ratio", "error", "m", stated=c2, priority=0.5, id="B")
    b.finding("year", "info", "m", stated=c1, priority=0.8, id="C")
    b.finding("average", "warning", "m", stated=c2, priority=0.5, id="D")
    assert [f.id for f in ranked(b.build().findings)] == ["C", "D", "B", "A"]


def test_min_severity_and_top_shorten_what_is_shown(render_result):
    assert [fv.finding.rule for fv in build_view(render_result).findings] == [
        "ratio", "sum", "count_sum"]
    warn = build_view(render_result, min_severity="warning")
    assert [fv.finding.severity for fv in warn.findings] == ["error", "warning"]
    assert warn.omitted == 1 and len(warn.all_findings) == 3
    top = build_view(render_result, top=1)
    assert [fv.finding.rule for fv in top.findings] == ["ratio"]
    assert build_view(render_result, min_severity="error", top=5).omitted == 2


def test_findings_without_ids_get_stable_ones(render_builder):
    b = render_builder("x 5%\ny 6%")
    b.finding("ratio", "error", "m", stated=b.claim(2, "6%"), id="")
    b.finding("ratio", "error", "m", stated=b.claim(1, "5%"), id="")
    view = build_view(b.build())
    assert sorted((fv.finding.line, fv.finding.id) for fv in view.findings) == [(1, "F1"), (2, "F2")]


def test_number_cleans_float_noise():
    assert number(0.1 + 0.2) == 0.3
    assert number(1250.0) == 1250 and isinstance(number(1250.0), int)
    assert number(float("inf")) is None and number(None) is None


# ---------------------------------------------------------------- JSON contract


def test_json_contract(render_result, render_failed):
    data = json.loads(json_render.render(build_views([render_result, render_failed])))
    assert isinstance(data, list) and len(data) == 2
    report, failed = data
    assert REPORT_KEYS <= report.keys()
    assert (report["fiscal_year"], report["department"], report["kind"]) == (
        2023, "某某局", "部门整体支出绩效自评报告")
    assert failed == {"path": "broken.pdf", "error": render_failed.error}

    assert len(report["claims"]) == len(render_result.claims)
    for claim in report["claims"]:
        assert CLAIM_KEYS <= claim.keys()
        assert claim["source"] in ("narrative", "table")
    budget = next(c for c in report["claims"] if c["subject"] == "全年预算数")
    assert (budget["value"], budget["unit"], budget["kind"], budget["line"]) == (1250, "万元", "money", 3)

    findings = report["findings"]
    assert [f["rule"] for f in findings] == ["ratio", "sum", "count_sum"]
    for finding in findings:
        assert FINDING_KEYS <= finding.keys()
        assert finding["severity"] in ("error", "warning", "info")
        assert STATED_KEYS <= finding["stated"].keys()
        assert all(EVIDENCE_KEYS <= ev.keys() for ev in finding["evidence"])
        assert re.fullmatch(r"[0-9a-f]{16}(-\d+)?", finding["fingerprint"])
    ratio = findings[0]
    assert ratio["stated"]["text"] == "95.44%" and ratio["stated"]["value"] == 95.44
    assert ratio["expected"] == 94.44 and ratio["difference"] == 1
    assert [(e["role"], e["value"], e["line"]) for e in ratio["evidence"]] == [
        ("numerator", 1180.5, 3), ("denominator", 1250, 3)]
    assert ratio["message_en"] == "1180.50 / 1250.00 = 94.44%, not 95.44%"


def test_json_finding_without_a_claim_has_null_stated(render_builder):
    b = render_builder("一、项目概况\n二、绩效目标")
    b.finding("completeness", "warning", "标题下没有内容", line=1, subject_text="一、项目概况")
    finding = json.loads(json_render.render(build_views([b.build()])))[0]["findings"][0]
    assert finding["stated"] is None and finding["expected"] is None
    assert finding["evidence"] == [] and finding["subject"] == "一、项目概况"
    assert finding["line"] == 1


def test_json_related_findings_are_nested(render_builder):
    b = render_builder("合计 10 万元\n甲 4 万元 乙 5 万元")
    total = b.claim(1, "10 万元")
    child = b.finding("sum", "error", "4 + 5 ≠ 10", stated=total, id="F9")
    b.findings.clear()
    b.finding("sum", "error", "合计应为 9 万元", stated=total, related=(child,))
    finding = json.loads(json_render.render(build_views([b.build()])))[0]["findings"][0]
    assert [r["id"] for r in finding["related"]] == ["F9"]
    assert "fingerprint" not in finding["related"][0]


# ---------------------------------------------------------------- table


def test_table_shows_severity_rule_line_message_and_counts(render_result, render_failed):
    text = table_render.render(build_views([render_result, render_failed]))
    assert "sample.txt" in text and "95.44%" in text
    assert re.search(r"error\s+│\s+ratio\s+│\s+3\s+│", text)
    assert re.search(r"info\s+│\s+count_sum\s+│\s+5\s+│", text)
    assert "1 条错误，1 条警告，1 条提示" in text
    assert "broken.pdf: encrypted PDF" in text
    assert "2 份报告" in text
    assert text.index("ratio") < text.index("count_sum")
    assert not any(line != line.rstrip() for line in text.splitlines())


def test_table_in_english_uses_message_en_with_fallback(render_result):
    text = table_render.render(build_views([render_result], lang="en"), lang="en")
    assert "1180.50 / 1250.00 = 94.44%, not 95.44%" in text  # message_en
    assert "基本支出 800.00" in text  # no message_en: the Chinese message
    assert "1 error, 1 warning, 1 info" in text


def test_table_reports_filtered_and_hidden_counts(render_result):
    text = table_render.render([build_view(render_result, top=1)])
    assert "另有 2 条未显示" in text


# ---------------------------------------------------------------- HTML


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.scripts = 0
        self.marks: list[str] = []
        self._in_mark = False
        self.srcs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        for key in ("src", "srcset", "action"):
            if key in attrs:
                self.srcs.append(attrs[key])
        if tag == "script":
            self.scripts += 1
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1] += data


INJECTION = ('全年预算数 <script>document.title="PWNED"</script> 100.00 万元，'
             '执行率 <img src=x onerror="document.body.dataset.pwned=1"> 90.00%。')


def test_html_is_self_contained_and_escapes_report_text(render_builder):
    b = render_builder("标题 <b>粗体</b>\n" + INJECTION, path="evil<script>.txt")
    amount = b.claim(2, "100.00 万元")
    rate = b.claim(2, "90.00%")
    b.finding("ratio", "error", '消息里也有 <script>alert(1)</script> 与 "引号"', stated=rate,
              evidence=((amount, "denominator"),))
    page = html_render.render(build_views([b.build()]))
    parsed = _Collector()
    parsed.feed(page)
    assert parsed.scripts == 1  # only the page's own script
    assert "<script>document.title" not in page and "<img src=x" not in page
    assert "&lt;script&gt;document.title=&quot;PWNED&quot;&lt;/script&gt;" in page
    assert "&lt;b&gt;粗体&lt;/b&gt;" in page and "evil&lt;script&gt;.txt" in page
    assert parsed.srcs == []  # no images, frames or forms that load anything
    assert not re.search(r"https?://|//[a-z]|@import|url\(", page, re.I)
    assert all(h.startswith("#") for h in parsed.hrefs)
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page and "default-src 'none'" in page


def test_html_anchors_every_finding_and_marks_every_claim(render_result, render_failed):
    second = sample_builder(path="second.txt").build()
    page = html_render.render(build_views([render_result, second, render_failed]))
    parsed = _Collector()
    parsed.feed(page)
    for prefix in ("r1", "r2"):
        for finding in render_result.findings:
            anchor = f"{prefix}-{finding.id}"
            assert anchor in parsed.ids
            for line in {finding.line, *(ev.claim.line for ev in finding.evidence)}:
                assert f"{prefix}-L{line}" in parsed.ids
                assert f"#{prefix}-L{line}" in parsed.hrefs  # the finding links to its lines
            assert parsed.hrefs.count(f"#{anchor}") == len(
                {finding.line, *(ev.claim.line for ev in finding.evidence)})  # one marker a line
    assert {"r1", "r2", "r3"} <= parsed.ids
    # each claim highlighted over its source text, thousands separator and space included
    assert parsed.marks.count("1,250.00 万元") == 2 and parsed.marks.count("95.44%") == 2
    assert len(parsed.marks) == 2 * len(render_result.claims)
    assert "encrypted PDF" in page
    assert page.count('data-filter="severity"') == 3
    assert re.findall(r'data-filter="rule" value="([^"]+)"', page) == ["count_sum", "ratio", "sum"]
    assert "@media print" in page


def test_html_marks_a_claim_spanning_a_normalised_source(render_builder):
    # The normalised claim text is shorter than the source: the span follows the origins.
    b = render_builder("支出合计 8,318.83 万元。")
    claim = b.claim(1, "8,318.83 万元")
    assert claim.text == "8318.83万元"
    b.finding("sum", "error", "m", stated=claim)
    parsed = _Collector()
    parsed.feed(html_render.render(build_views([b.build()])))
    assert parsed.marks == ["8,318.83 万元"]


def test_html_without_source_text_still_lists_findings(render_result):
    import dataclasses

    page = html_render.render(build_views([dataclasses.replace(render_result, document=None)]))
    assert 'id="r1-F1"' in page and "无法显示原文" in page


def test_html_never_links_to_a_line_the_text_does_not_have(render_builder):
    b = render_builder("一、项目概况\n内容")
    b.finding("completeness", "warning", "缺少“绩效目标”部分", line=0, subject_text="绩效目标")
    b.finding("completeness", "info", "第 99 行", line=99)
    parsed = _Collector()
    page = html_render.render(build_views([b.build()]))
    parsed.feed(page)
    assert all(href[1:] in parsed.ids for href in parsed.hrefs), parsed.hrefs
    assert {"r1-F1", "r1-F2"} <= parsed.ids


def test_html_in_english(render_result):
    page = html_render.render(build_views([render_result], lang="en"), lang="en")
    assert "1180.50 / 1250.00 = 94.44%, not 95.44%" in page and 'lang="en"' in page


# ---------------------------------------------------------------- XLSX, CSV, JSON Lines


def _views():
    first = sample_builder(path="a.txt").build()
    second = sample_builder(path="b.txt").build()
    failed = sample_builder(path="c.pdf").build()
    import dataclasses

    return build_views([first, second, dataclasses.replace(failed, error="scan: OCR is needed")])


def _check_findings_frame(frame: pd.DataFrame):
    assert list(frame.columns) == list(tabular.FINDING_COLUMNS)
    assert len(frame) == 6  # one row per finding across reports
    assert list(frame["report"]) == ["a.txt"] * 3 + ["b.txt"] * 3
    assert list(frame["rule"][:3]) == ["ratio", "sum", "count_sum"]
    first = frame.iloc[0]
    assert (first["line"], first["severity"], first["stated"]) == (3, "error", "95.44%")
    assert first["expected"] == pytest.approx(94.44) and first["difference"] == pytest.approx(1)
    assert first["explanation"].startswith("全年执行数 1180.50")
    assert frame["fingerprint"].str.fullmatch(r"[0-9a-f]{16}").all()


def test_xlsx_round_trip(tmp_path):
    path = tmp_path / "findings.xlsx"
    tabular.write_xlsx(_views(), path)
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["findings", "claims", "errors"]
    _check_findings_frame(sheets["findings"])
    claims = sheets["claims"]
    assert list(claims.columns) == list(tabular.CLAIM_COLUMNS)
    assert len(claims) == 16 and set(claims["report"]) == {"a.txt", "b.txt"}
    assert sheets["errors"].to_dict("records") == [{"report": "c.pdf", "error": "scan: OCR is needed"}]


def test_xlsx_has_a_decision_drop_down(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "findings.xlsx"
    tabular.write_xlsx(_views(), path)
    sheet = load_workbook(path)["findings"]
    assert sheet.freeze_panes == "A2"
    validations = sheet.data_validations.dataValidation
    assert any("accepted" in (v.formula1 or "") and "J2" in str(v.sqref) for v in validations)


def test_csv_round_trip(tmp_path):
    path = tmp_path / "findings.csv"
    tabular.write_csv(_views(), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read the Chinese
    _check_findings_frame(pd.read_csv(path))
    from io import StringIO

    _check_findings_frame(pd.read_csv(StringIO(tabular.render_csv(_views()))))


def test_jsonl_round_trip():
    from io import StringIO

    text = tabular.render_jsonl(_views())
    assert len(text.splitlines()) == 6
    assert all(list(json.loads(line)) == list(tabular.FINDING_COLUMNS) for line in text.splitlines())
    _check_findings_frame(pd.read_json(StringIO(text), lines=True))


def test_empty_outputs_keep_their_columns(tmp_path, render_builder):
    views = build_views([render_builder("没有数字").build()])
    path = tmp_path / "empty.xlsx"
    tabular.write_xlsx(views, path)
    assert list(pd.read_excel(path, sheet_name="findings").columns) == list(tabular.FINDING_COLUMNS)
    assert tabular.render_csv(views).strip() == ",".join(tabular.FINDING_COLUMNS)
    assert tabular.render_jsonl(views) == ""
