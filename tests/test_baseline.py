from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from auditor.baseline import (
    Baseline, Decision, fingerprints, load_baseline, merge, record, save_baseline,
)
from auditor.cli import main
from auditor.errors import ConfigError
from auditor.render.view import build_view
from conftest import SAMPLE, pipeline_problem, sample_builder

ROOT = Path(__file__).resolve().parents[1]


def _prints_by_rule(result) -> dict[str, str]:
    return {f.rule: fp for f, fp in zip(result.findings, fingerprints(result))}


def test_fingerprints_survive_lines_inserted_above_and_edits_elsewhere():
    original = sample_builder(SAMPLE).build()
    shifted_text = "（修订稿）\n\n说明：根据评审意见补充了第三部分。\n" + SAMPLE.replace(
        "一、基本情况", "一、部门基本情况")
    shifted = sample_builder(shifted_text).build()
    assert [f.line for f in shifted.findings] == [f.line + 3 for f in original.findings]
    assert _prints_by_rule(shifted) == _prints_by_rule(original)
    assert len(set(fingerprints(original))) == 3


def test_fingerprint_changes_when_the_figure_or_its_sentence_changes():
    original = _prints_by_rule(sample_builder(SAMPLE).build())
    new_rate = _prints_by_rule(sample_builder(SAMPLE.replace("95.44%", "95.45%"), rate="95.45%").build())
    assert new_rate["ratio"] != original["ratio"]
    assert new_rate["count_sum"] == original["count_sum"]  # another line, untouched
    reworded = SAMPLE.replace("共设置绩效指标", "全年共设置绩效指标")
    assert _prints_by_rule(sample_builder(reworded).build())["count_sum"] != original["count_sum"]


def test_rewrapping_whitespace_keeps_the_fingerprint():
    original = _prints_by_rule(sample_builder(SAMPLE).build())
    spaced = SAMPLE.replace("其中产出指标", "其中  产出指标")
    assert _prints_by_rule(sample_builder(spaced).build()) == original


def test_identical_findings_in_one_report_get_distinct_fingerprints(render_builder):
    text = "完成率 95%。\n其他说明。\n完成率 95%。"
    b = render_builder(text)
    first, second = b.claim(1, "95%"), b.claim(3, "95%")
    b.finding("ratio", "error", "问题", stated=first)
    b.finding("ratio", "error", "问题", stated=second)
    prints = fingerprints(b.build())
    assert prints[0] != prints[1] and prints[1] == prints[0] + "-2"


def test_finding_without_a_claim_ignores_line_numbers_in_its_message(render_builder):
    def prints(line: int) -> tuple[str, ...]:
        b = render_builder("\n" * 20)
        b.finding("completeness", "warning", f"第 {line} 行的标题下没有内容", line=line)
        return fingerprints(b.build())

    assert prints(4) == prints(9)


def test_save_load_and_merge_keep_reviewer_decisions(tmp_path):
    result = sample_builder().build()
    path = tmp_path / "decisions.yaml"
    baseline = merge(load_baseline(path, missing_ok=True), record(result, fingerprints(result)))
    save_baseline(baseline)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [e["decision"] for e in data["findings"]] == ["open"] * 3
    assert {e["rule"] for e in data["findings"]} == {"ratio", "sum", "count_sum"}

    data["findings"][0]["decision"] = "accepted"
    data["findings"][0]["comment"] = "已与财务科核对"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    reloaded = load_baseline(path)
    accepted = data["findings"][0]["fingerprint"]
    assert reloaded.hides(accepted)
    # merging the same findings again keeps the decision and the comment
    again = merge(reloaded, record(result, fingerprints(result)))
    assert again.get(accepted).decision == "accepted"
    assert again.get(accepted).comment == "已与财务科核对"
    # entries of findings not seen this time are kept (they may belong to another report)
    other = Decision("0123456789abcdef", "dismissed", "另一份报告")
    assert merge(Baseline(path, {other.fingerprint: other}), []).get(other.fingerprint) == other


def test_view_hides_accepted_and_dismissed_but_not_open(tmp_path):
    result = sample_builder().build()
    prints = _prints_by_rule(result)
    baseline = Baseline(tmp_path / "d.yaml", {
        prints["ratio"]: Decision(prints["ratio"], "accepted", "ok"),
        prints["sum"]: Decision(prints["sum"], "dismissed", ""),
        prints["count_sum"]: Decision(prints["count_sum"], "open", "待核实"),
    })
    view = build_view(result, baseline=baseline)
    assert [fv.finding.rule for fv in view.findings] == ["count_sum"]
    assert view.findings[0].decision == "open" and view.findings[0].comment == "待核实"
    assert view.hidden == 2
    assert baseline.warnings() == [f"{tmp_path / 'd.yaml'}: {prints['sum']} is dismissed without a comment"]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("findings: 3\n", "'findings' list"),
        ("findings:\n- decision: open\n", "entry 1 has no fingerprint"),
        ("findings:\n- fingerprint: ab\n  decision: maybe\n", "decision 'maybe'"),
        ("findings: [\n", "cannot be read as a baseline"),
    ],
)
def test_bad_baseline_file(tmp_path, text, problem):
    path = tmp_path / "decisions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_baseline(path)
    assert str(path) in str(raised.value) and problem in str(raised.value)


def test_missing_baseline_is_an_error_unless_it_is_being_created(tmp_path):
    with pytest.raises(ConfigError, match="no such baseline file"):
        load_baseline(tmp_path / "none.yaml")
    assert load_baseline(tmp_path / "none.yaml", missing_ok=True).decisions == {}


# ---------------------------------------------------------------- with the real pipeline

needs_pipeline = pytest.mark.skipif(pipeline_problem() is not None,
                                    reason=str(pipeline_problem()))

# An execution rate that does not match its amounts: 1180.50 / 1250.00 = 94.44%, not 95.44%.
REVISED_INSERT = "（修订稿）\n\n根据评审意见，本报告补充了资金使用情况说明。\n\n"


def _accept_every_other(path: Path) -> set[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    accepted = set()
    for index, entry in enumerate(data["findings"]):
        if index % 2 == 0:
            entry["decision"] = "accepted" if index % 4 == 0 else "dismissed"
            entry["comment"] = "复核后确认"
            accepted.add(entry["fingerprint"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return accepted


def _json_findings(capsys, argv) -> list[dict]:
    import json

    code = main(argv)
    assert code in (0, 1), capsys.readouterr().err
    return json.loads(capsys.readouterr().out)[0]["findings"]


@needs_pipeline
@pytest.mark.parametrize("source", ["sample", "corpus"])
def test_baseline_hides_accepted_findings_on_a_copy_with_lines_inserted(tmp_path, capsys, source):
    if source == "sample":
        original = tmp_path / "report.txt"
        original.write_text(SAMPLE + "\n", encoding="utf-8")
    else:
        reports = sorted((ROOT / "corpus" / "reports").glob("*.txt"))
        if not reports:
            pytest.skip("no corpus reports")
        original = tmp_path / "report.txt"
        shutil.copy(reports[0], original)
    decisions = tmp_path / "decisions.yaml"
    base = ["audit", "--format", "json", "--fail-on", "never"]
    first = _json_findings(capsys, [*base, str(original), "--baseline", str(decisions),
                                    "--update-baseline"])
    assert first, "the pipeline should find something to decide on"
    accepted = _accept_every_other(decisions)

    revised = tmp_path / "revised.txt"
    revised.write_text(REVISED_INSERT + original.read_text(encoding="utf-8"), encoding="utf-8")
    shown = _json_findings(capsys, [*base, str(revised), "--baseline", str(decisions)])
    unfiltered = _json_findings(capsys, [*base, str(revised)])

    assert {f["fingerprint"] for f in unfiltered} == {f["fingerprint"] for f in first}
    assert {f["fingerprint"] for f in shown} == {f["fingerprint"] for f in first} - accepted
    lines = {f["fingerprint"]: f["line"] for f in first}
    assert all(f["line"] == lines[f["fingerprint"]] + REVISED_INSERT.count("\n") for f in shown)
