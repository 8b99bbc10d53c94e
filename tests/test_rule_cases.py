"""Every rule's pass and fail cases, as data (sqlfluff-style), and its documented examples.

Each rule has ``tests/rules/<rule id>.yaml``::

    rule: ratio
    title: 2024年度某某局部门整体支出绩效自评报告   # optional: the report title put above each case
    fail:                                          # the rule raises an error or a warning
      - text: 全年预算数为 8,318.83 万元，全年执行数为 8,271.47 万元，执行率为 99.47%。
        stated: "99.47%"                           # optional: the figure the finding names
    pass:                                          # the rule raises no error or warning
      - text: 日常公用支出完成 154.39 万元，为预算支出 156.7 万元的 98.53%。

and the ``Wrong::`` and ``Right::`` examples of the rule's docstring (what `auditor explain`
prints) are cases too: a documented example that does not behave fails here. Lines of an
example that stand in parentheses are the docstring's comments on it, not report text.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from auditor.pipeline import audit_text
from auditor.rules.base import all_rules

CASES = Path(__file__).resolve().parent / "rules"
TITLE = "2024年度某某市数据管理局部门整体支出绩效自评报告"


def _docstring_examples(doc: str) -> list[tuple[str, str]]:
    """("fail", text) for each Wrong:: block, ("pass", text) for each Right:: block."""
    found = []
    for marker, kind in (("Wrong::", "fail"), ("Right::", "pass")):
        for match in re.finditer(re.escape(marker) + r"\n((?:\n|[ \t]+.*\n?)+)", doc):
            lines = [line.strip() for line in match.group(1).splitlines()]
            # a blank line inside an example separates its paragraphs
            text = "\n".join(line for line in lines if not _comment(line)).strip()
            if text:
                found.append((kind, text))
    return found


def _comment(line: str) -> bool:
    return line.startswith(("(", "（")) and line.endswith((")", "）"))


def _cases() -> list:
    params = []
    for rule in all_rules():
        for n, (kind, text) in enumerate(_docstring_examples(rule.doc)):
            params.append(pytest.param(rule.id, kind, text, None, None, id=f"{rule.id}-doc-{kind}-{n}"))
        path = CASES / f"{rule.id}.yaml"
        if not path.exists():
            continue
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        title = spec.get("title", TITLE)
        for kind in ("fail", "pass"):
            for n, case in enumerate(spec.get(kind) or []):
                params.append(pytest.param(rule.id, kind, case["text"], case.get("stated"),
                                           case.get("title", title), id=f"{rule.id}-{kind}-{n}"))
    return params


def _alarms(rule: str, text: str, title: str | None):
    result = audit_text(f"{title or TITLE}\n\n{text}\n")
    found = [f for item in result.findings for f in (item, *item.related)]
    return [f for f in found if f.rule == rule and f.severity in ("error", "warning")]


@pytest.mark.parametrize("rule, kind, text, stated, title", _cases())
def test_rule_case(rule, kind, text, stated, title):
    alarms = _alarms(rule, text, title)
    if kind == "pass":
        assert alarms == [], [a.message for a in alarms]
        return
    assert alarms, f"{rule} raised nothing on: {text}"
    if stated is not None:
        named = ["".join((a.stated.text if a.stated else a.subject_text or "").split()) for a in alarms]
        assert "".join(str(stated).split()) in named, named


def test_every_rule_documents_a_wrong_and_a_right_example():
    missing = [rule.id for rule in all_rules()
               if {k for k, _ in _docstring_examples(rule.doc)} != {"fail", "pass"}]
    assert not missing, f"rules whose docstring lacks a Wrong:: or a Right:: example: {missing}"


def test_every_rule_has_its_cases_file():
    missing = [rule.id for rule in all_rules() if not (CASES / f"{rule.id}.yaml").exists()]
    assert not missing, f"rules without tests/rules/<id>.yaml: {missing}"
