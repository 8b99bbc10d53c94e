"""Settings that change what an audit reports: rule selection, severities, language, tolerance.

Read from ``[tool.auditor]`` in pyproject.toml or from an ``auditor.toml`` (top-level keys, or
the same ``[tool.auditor]`` table). ``load_config(start_dir)`` looks in ``start_dir`` and then
in each parent directory; the first directory holding an ``auditor.toml``, or a pyproject.toml
with a ``[tool.auditor]`` table, wins (``auditor.toml`` before pyproject.toml in one directory).
With none found the defaults apply. ``auditor audit --config FILE`` names the file instead.

    [tool.auditor]
    select = ["ratio", "sum"]        # only these rules (default: every rule)
    ignore = ["year"]                # never these rules
    lang = "en"                      # zh (default) | en: the language of messages
    [tool.auditor.severity]          # severity overrides by rule id
    completeness = "info"
    [tool.auditor.qualifier-widths]  # how far 约 / 近 … stretch a figure (lexicons/qualifiers.yaml)
    "约" = 0.1

Keys may be written with ``-`` or ``_``. Anything else is a ConfigError naming the file and key.
Rounding tolerance itself is not a setting: it always comes from the digits stated.
"""
from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from auditor.errors import ConfigError
from auditor.models import SEVERITY_RANK, Finding

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")
CONFIG_FILE = "auditor.toml"
PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class AuditOptions:
    """What the pipeline is asked to do beyond reading the report.

    ``select`` None means every rule. ``severity_overrides`` maps rule id → error|warning|info.
    ``qualifier_widths`` maps a qualifier (约, 近 …) to the relative width the reviewer reads
    into it, overriding lexicons/qualifiers.yaml. ``source`` is the file the options came from.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity_overrides: Mapping[str, str] = field(default_factory=dict)
    lang: Lang = "zh"
    qualifier_widths: Mapping[str, float] = field(default_factory=dict)
    source: str | None = None

    def rule_enabled(self, rule_id: str) -> bool:
        if rule_id in self.ignore:
            return False
        return self.select is None or rule_id in self.select

    def mentioned_rules(self) -> tuple[str, ...]:
        """Every rule id the settings name, to check against the registry."""
        named = list(self.select or ()) + list(self.ignore) + list(self.severity_overrides)
        return tuple(dict.fromkeys(named))

    def with_lang(self, lang: str | None) -> "AuditOptions":
        if lang is None:
            return self
        return dataclasses.replace(self, lang=_check_lang(lang, "--lang"))


def apply_options(findings: Iterable[Finding], options: AuditOptions | None) -> tuple[Finding, ...]:
    """The findings of enabled rules, each at its configured severity, order kept."""
    findings = tuple(findings)
    if options is None:
        return findings
    kept: list[Finding] = []
    for finding in findings:
        if not options.rule_enabled(finding.rule):
            continue
        severity = options.severity_overrides.get(finding.rule)
        if severity is not None and severity != finding.severity:
            finding = dataclasses.replace(finding, severity=severity)
        kept.append(finding)
    return tuple(kept)


def load_config(start_dir: str | Path = ".") -> AuditOptions:
    """The options of the nearest auditor.toml or pyproject.toml [tool.auditor], else defaults."""
    found = find_config(start_dir)
    return load_config_file(found) if found else AuditOptions()


def find_config(start_dir: str | Path = ".") -> Path | None:
    directory = Path(start_dir).resolve()
    if directory.is_file():
        directory = directory.parent
    for candidate_dir in (directory, *directory.parents):
        own = candidate_dir / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate_dir / PYPROJECT
        if pyproject.is_file() and "auditor" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config_file(path: str | Path) -> AuditOptions:
    """Options from one file: a pyproject.toml's [tool.auditor], or an auditor.toml."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    data = _read_toml(path)
    table = data.get("tool", {}).get("auditor")
    if table is None:
        if path.name == PYPROJECT:
            return AuditOptions(source=str(path))
        table = {k: v for k, v in data.items() if k != "tool"}
    return options_from_mapping(table, str(path))


def options_from_mapping(table: Mapping[str, Any], source: str = "<config>") -> AuditOptions:
    known = {"select", "ignore", "severity", "severity_overrides", "lang", "qualifier_widths"}
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key not in known:
            raise ConfigError(f"{source}: unknown setting {raw_key!r} (known: {', '.join(sorted(known))})")
        values[key] = value
    severities = {**values.get("severity", {}), **values.get("severity_overrides", {})}
    select = values.get("select")
    return AuditOptions(
        select=None if select is None else _rule_ids(select, source, "select"),
        ignore=_rule_ids(values.get("ignore", ()), source, "ignore"),
        severity_overrides=_severities(severities, source),
        lang=_check_lang(values.get("lang", "zh"), source),
        qualifier_widths=_widths(values.get("qualifier_widths", {}), source),
        source=source,
    )


def check_rule_ids(options: AuditOptions, known: Iterable[str]) -> None:
    """Raise ConfigError for a rule id the settings name that no rule has (a typo hides nothing)."""
    known = set(known)
    unknown = [rule for rule in options.mentioned_rules() if rule not in known]
    if unknown:
        raise ConfigError(
            f"{options.source or '<config>'}: unknown rule {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known)) or 'none'})"
        )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def _rule_ids(value: Any, source: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: {key} must be a list of rule ids")
    return tuple(dict.fromkeys(v.strip() for v in value))


def _severities(value: Any, source: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{source}: severity must be a table of rule id = severity")
    for rule, severity in value.items():
        if severity not in SEVERITY_RANK:
            raise ConfigError(
                f"{source}: severity of {rule} is {severity!r}; use one of {', '.join(SEVERITY_RANK)}"
            )
    return dict(sorted(value.items()))


def _widths(value: Any, source: str) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{source}: qualifier-widths must be a table of qualifier = fraction")
    widths: dict[str, float] = {}
    for qualifier, width in value.items():
        if isinstance(width, bool) or not isinstance(width, (int, float)) or not 0 <= width < 1:
            raise ConfigError(f"{source}: qualifier width of {qualifier} must be a number in [0, 1)")
        widths[qualifier] = float(width)
    return widths


def _check_lang(lang: Any, source: str) -> Lang:
    if lang not in LANGS:
        raise ConfigError(f"{source}: lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang
