"""The message catalogue (lexicons/messages.yaml) against the code that uses it.

Every template id the code names exists with a zh and an en template; the fields a call
passes are exactly the placeholders its templates fill; no template is left unused; and a
rule's message does not end with a full stop, so the parts that follow it (slip, note,
folded findings) need no trimming.
"""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from auditor.messages import (LANGUAGES, Message, Text, Wording, catalogue, joined, message,
                              placeholders, render, said)
from auditor.slips import ORDER

CODE = Path(__file__).resolve().parent.parent / "auditor"
# ids built at run time: a slip names its kind (auditor.slips)
DYNAMIC = {f"slip.{kind}" for kind in (*ORDER, "neighbour")}
JOINED_BY_DEFAULT = inspect.signature(joined).parameters["sep"].default
# whole sentences that nothing follows: root causes, and a mislabelled table column (no
# relation, so no note on which figure)
SENTENCES = ("root_cause.", "table_ratio.as_header", "table_ratio.full_stop")


def _ids(node: ast.expr) -> list[str]:
    """The template ids an argument can be: a string, or either branch of a conditional."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _ids(node.body) + _ids(node.orelse)
    return []


def _uses() -> list[tuple[str, str, str, set[str] | None]]:
    """(file:line, function, id, keyword fields or None) for every message(), render() and
    joined() call in auditor/ with an id written in the code."""
    found = []
    for path in sorted(CODE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            name = node.func.id
            where = f"{path.relative_to(CODE.parent)}:{node.lineno}"
            if name in ("message", "render") and node.args:
                fields = None if any(k.arg is None for k in node.keywords) else {
                    k.arg for k in node.keywords}
                for id in _ids(node.args[0]):
                    found.append((where, name, id, fields))
            elif name == "joined":
                ids = _ids(node.args[1]) if len(node.args) >= 2 else [JOINED_BY_DEFAULT]
                found.extend((where, name, id, None) for id in ids)
    return found


USES = _uses()


def test_the_code_names_templates():
    assert len({id for _, _, id, _ in USES}) > 50


@pytest.mark.parametrize("where, function, id, fields", USES, ids=lambda v: str(v))
def test_every_template_used_exists_with_its_fields(where, function, id, fields):
    entry = catalogue().get(id)
    assert entry is not None, f"{where}: no template {id!r} in lexicons/messages.yaml"
    for lang in LANGUAGES:
        assert isinstance(entry.get(lang), str), f"{id}: no {lang} template"
    if fields is not None and function == "message":
        filled = placeholders(entry["zh"]) | placeholders(entry["en"])
        assert fields == filled, f"{where}: {id} passes {sorted(fields)}, templates fill {sorted(filled)}"


def test_every_entry_has_both_languages_and_no_other_keys():
    for id, entry in catalogue().items():
        assert set(entry) == set(LANGUAGES), id
        assert all(isinstance(entry[lang], str) for lang in LANGUAGES), id


def test_no_template_is_unused():
    used = {id for _, _, id, _ in USES} | DYNAMIC
    assert sorted(set(catalogue()) - used) == []


def test_a_rules_message_does_not_end_with_a_full_stop():
    for id, entry in catalogue().items():
        if id.startswith(SENTENCES):
            continue
        assert not entry["zh"].endswith("。"), id
        assert not entry["en"].endswith("."), id


def test_fields_render_in_the_language_asked():
    note = message("sum.may_be_partial", cue="其中")
    said_zh = render("sum.shares", "zh", terms="40% + 50%", computed="90")
    assert said_zh == "各项占比之和 40% + 50% = 90%，不等于 100%"
    assert message("finding.also", text=note, other="x").render("en") == \
        " (the list after “其中” may be partial)\nAlso: x"
    assert joined([Text("甲", "a"), "b"], "sep.enum").render("en") == "a, b"


def test_a_wording_is_composed_in_order():
    wording = Wording(Text("主句", "main"), note=message("which.note", items="x"),
                      also=(Wording(Text("其二", "second")),))
    assert said(wording, "zh") == "主句。另：x\n另：其二"
    assert said(wording, "en") == "main. Note: x\nAlso: second"
    assert said(Wording(Text("只有中文", "")), "en") == ""


def test_a_message_is_a_frozen_value():
    assert message("sum.over") == Message("sum.over")
    assert hash(message("slip", kind=message("slip.digit"), shown="1", target="2"))
