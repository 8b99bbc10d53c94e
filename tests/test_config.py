from __future__ import annotations

import pytest

from auditor.config import (
    AuditOptions, apply_options, check_rule_ids, find_config, load_config, load_config_file,
)
from auditor.errors import ConfigError
from auditor.models import Finding, Location


def _finding(rule: str, severity: str = "error", line: int = 1) -> Finding:
    return Finding(rule=rule, severity=severity, message=f"{rule} 问题", location=Location(line, 1))


def test_pyproject_tool_auditor_is_read_from_a_subfolder(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n'
        "[tool.auditor]\n"
        'select = ["ratio", "sum"]\n'
        'ignore = ["year"]\n'
        'lang = "en"\n'
        "[tool.auditor.severity]\n"
        'sum = "info"\n'
        "[tool.auditor.qualifier-widths]\n"
        '"约" = 0.1\n',
        encoding="utf-8",
    )
    sub = tmp_path / "reports" / "2024"
    sub.mkdir(parents=True)
    options = load_config(sub)
    assert options.select == ("ratio", "sum")
    assert options.ignore == ("year",)
    assert options.lang == "en"
    assert dict(options.severity_overrides) == {"sum": "info"}
    assert dict(options.qualifier_widths) == {"约": 0.1}
    assert options.source == str(tmp_path / "pyproject.toml")


def test_auditor_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.auditor]\nignore = ["sum"]\n')
    (tmp_path / "auditor.toml").write_text('ignore = ["ratio"]\n')
    assert load_config(tmp_path).ignore == ("ratio",)


def test_pyproject_without_the_table_does_not_stop_the_search(tmp_path):
    (tmp_path / "auditor.toml").write_text('[tool.auditor]\nselect = ["formula"]\n')
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "other"\n')
    assert find_config(project) == tmp_path / "auditor.toml"
    assert load_config(project).select == ("formula",)


def test_no_configuration_gives_defaults(tmp_path, monkeypatch):
    found = find_config(tmp_path)
    if found is not None:  # a configuration above the temporary folder would be used
        pytest.skip(f"{found} exists above the temporary folder")
    options = load_config(tmp_path)
    assert options == AuditOptions()
    assert options.select is None and options.lang == "zh"


@pytest.mark.parametrize(
    "text, problem",
    [
        ('selct = ["ratio"]\n', "unknown setting 'selct'"),
        ('[severity]\nratio = "fatal"\n', "severity of ratio is 'fatal'"),
        ('lang = "fr"\n', "lang must be one of zh, en"),
        ("select = 3\n", "select must be a list of rule ids"),
        ('[qualifier-widths]\n"约" = 2\n', "qualifier width of 约"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_bad_configuration_names_the_file_and_the_problem(tmp_path, text, problem):
    path = tmp_path / "auditor.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config_file(path)
    assert str(path) in str(raised.value)
    assert problem in str(raised.value)


def test_explicit_file_that_does_not_exist(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config_file(tmp_path / "missing.toml")


def test_underscore_keys_are_accepted(tmp_path):
    path = tmp_path / "auditor.toml"
    path.write_text('[severity_overrides]\nyear = "warning"\n[qualifier_widths]\n"近" = 0.2\n',
                    encoding="utf-8")
    options = load_config_file(path)
    assert dict(options.severity_overrides) == {"year": "warning"}
    assert dict(options.qualifier_widths) == {"近": 0.2}


def test_apply_options_filters_and_overrides_keeping_order():
    findings = [_finding("ratio", line=3), _finding("year", line=1), _finding("sum", "warning", 2),
                _finding("ratio", line=9)]
    options = AuditOptions(ignore=("year",), severity_overrides={"ratio": "warning"})
    kept = apply_options(findings, options)
    assert [(f.rule, f.severity, f.line) for f in kept] == [
        ("ratio", "warning", 3), ("sum", "warning", 2), ("ratio", "warning", 9)]
    selected = apply_options(findings, AuditOptions(select=("sum", "year"), ignore=("year",)))
    assert [f.rule for f in selected] == ["sum"]
    assert apply_options(findings, None) == tuple(findings)
    assert apply_options(findings, AuditOptions()) == tuple(findings)


def test_check_rule_ids_rejects_typos():
    options = AuditOptions(select=("ratio",), ignore=("yeer",), severity_overrides={"sum": "info"},
                           source="auditor.toml")
    check_rule_ids(AuditOptions(select=("ratio",)), ["ratio", "sum"])
    with pytest.raises(ConfigError, match=r"auditor.toml: unknown rule yeer"):
        check_rule_ids(options, ["ratio", "sum", "year"])


def test_with_lang():
    assert AuditOptions().with_lang("en").lang == "en"
    assert AuditOptions(lang="en").with_lang(None).lang == "en"
    with pytest.raises(ConfigError):
        AuditOptions().with_lang("de")
