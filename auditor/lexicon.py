"""Domain vocabulary, loaded from the YAML and text files in lexicons/.

Everything a rule or extractor needs to know about the genre (metric names, stages,
units, cues, idioms that look like numbers) lives there as data; code asks for it here.
Files are read once per process.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# libyaml's parser when PyYAML has it: the same data as yaml.safe_load, some eight times faster
# (the lexicons took a tenth of a second of every cold start); the pure-Python one otherwise
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def lexicon_path(name: str):
    """The path of a lexicon file (works in editable and packaged installs)."""
    return resources.files("auditor.lexicons").joinpath(name)


@cache
def load(name: str) -> Any:
    """The parsed contents of ``lexicons/<name>.yaml``."""
    with lexicon_path(f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_SAFE_LOADER)


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``lexicons/<name>``."""
    text = lexicon_path(name).read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def stage_names(side: str | None = None) -> tuple[str, ...]:
    """The budget stages of ``lexicons/stages.yaml``; with ``side``, those on that side
    (budget: what was planned, 年初预算 / 调整预算 / 预算; outturn: what was spent, 决算 / 执行)."""
    return tuple(entry["stage"] for entry in load("stages") if side in (None, entry["side"]))


@cache
def year_digits() -> str:
    """A regex for the four digits of a year, from the range ``lexicons/units.yaml`` gives
    years (1900–2099 → ``(?:19|20)\\d{2}``); the year patterns in code are built on it."""
    spec = load("units")["year"]
    low, high = int(spec["min"]), int(spec["max"])
    if low % 100 or high % 100 != 99:
        raise ValueError("units.yaml year: min and max must span whole centuries")
    return "(?:" + "|".join(str(c) for c in range(low // 100, high // 100 + 1)) + r")\d{2}"
