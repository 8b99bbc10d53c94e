"""Output written document by document, as a batch finishes them, and read back to resume.

A sink takes one ReportView at a time, in input order, and leaves its output complete after
each: JSON is a valid array after every document (the closing bracket is written, then
overwritten by the next document), JSON Lines and CSV gain whole lines, the table gains one
report. So a run killed at 95% keeps 95% of its output, and ``--resume`` reads back which
documents it holds (by the ``sha256`` of their content) and appends the rest; since documents
are written in input order, a resumed run ends with the same output as an uninterrupted one.
HTML and XLSX are single documents written at the end (they hold every result until then).
"""
from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from auditor.errors import AuditorError
from auditor.render.view import ReportView, summary_text

JSON_TAIL = b"\n]\n"


class Sink(Protocol):
    def write(self, view: ReportView, chunk: str | None = None) -> None:
        """Write one report; ``chunk``: its output already rendered (render_chunk)."""


PRERENDERED_FORMATS: tuple[str, ...] = ("json", "jsonl", "csv")


def render_chunk(fmt: str, view: ReportView, lang: str) -> str:
    """One report's part of the output, as the sink of ``fmt`` writes it: rendered where the
    report was audited (a pool's worker), so that only text travels back to the writer."""
    if fmt == "json":
        return _json_item(view)
    if fmt == "jsonl":
        return _jsonl_lines([view], lang)
    from auditor.render.tabular import render_csv

    return render_csv([view], lang, header=False)

    def close(self) -> None: ...


@dataclass
class Prior:
    """What an earlier, interrupted run's output holds."""

    hashes: Counter = field(default_factory=Counter)  # sha256 → documents with that content
    severities: set = field(default_factory=set)
    errors: int = 0


def open_sink(fmt: str, output: str | None, lang: str, resume: bool = False) -> Sink:
    if fmt == "json":
        return JsonSink(output, resume)
    if fmt == "jsonl":
        return LineSink(output, resume, _jsonl_lines)
    if fmt == "csv":
        return CsvSink(output, resume, lang)
    if fmt == "table":
        return TableSink(output, lang)
    return CollectingSink(fmt, output, lang)


def read_prior(fmt: str, output: str) -> Prior:
    """The documents an earlier run wrote to ``output`` (missing file: none)."""
    path = Path(output)
    if not path.exists() or path.stat().st_size == 0:
        return Prior()
    try:
        if fmt == "json":
            return _prior_json(path)
        return _prior_rows(path, fmt)
    except (ValueError, KeyError, TypeError) as exc:
        raise AuditorError(f"{output}: cannot resume: not output of auditor --format {fmt} "
                           f"({exc})") from exc


# ---------------------------------------------------------------- JSON


class JsonSink:
    def __init__(self, output: str | None, resume: bool):
        self.count = 0
        self.file: IO[bytes] | None = None
        if output is None:
            return
        path = Path(output)
        if resume and path.exists() and path.stat().st_size > 0:
            self.file = path.open("r+b")
            self.count = len(json.loads(self.file.read().decode("utf-8")))
            self.file.seek(0, io.SEEK_END)
            self.file.seek(self.file.tell() - (len(JSON_TAIL) if self.count else 3))
            self.file.truncate()
        else:
            self.file = path.open("wb")

    def write(self, view: ReportView, chunk: str | None = None) -> None:
        item = chunk if chunk is not None else _json_item(view)
        text = ("[\n" if self.count == 0 else ",\n") + item
        self.count += 1
        if self.file is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        self.file.write(text.encode("utf-8"))
        self.file.write(JSON_TAIL)  # a valid array after every document …
        self.file.flush()
        self.file.seek(-len(JSON_TAIL), io.SEEK_CUR)  # … that the next one continues

    def close(self) -> None:
        tail = "[]\n" if self.count == 0 else JSON_TAIL.decode()
        if self.file is None:
            sys.stdout.write(tail)
            return
        self.file.write(tail.encode("utf-8"))
        self.file.truncate()
        self.file.close()


def _json_item(view: ReportView) -> str:
    """A report as an item of the array, laid out as json.dumps(array, indent=2) does."""
    from auditor.render.json import report_data

    text = json.dumps(report_data(view), ensure_ascii=False, indent=2)
    return "\n".join("  " + line for line in text.split("\n"))


def _prior_json(path: Path) -> Prior:
    data = path.read_bytes()
    try:
        items = json.loads(data.decode("utf-8"))
    except ValueError:
        # killed while writing a document: keep every document before it
        cut = data.rfind(b"\n  }")
        if cut < 0:
            raise
        data = data[: cut + len(b"\n  }")] + JSON_TAIL
        items = json.loads(data.decode("utf-8"))
        path.write_bytes(data)
    if not isinstance(items, list):
        raise ValueError("not a JSON array")
    prior = Prior()
    for item in items:
        prior.hashes[item.get("sha256")] += 1
        prior.errors += "error" in item
        prior.severities.update(f["severity"] for f in item.get("findings", ()))
    return prior


# ---------------------------------------------------------------- JSON Lines and CSV


def _jsonl_lines(views: Sequence[ReportView], lang: str) -> str:
    from auditor.render.tabular import render_jsonl

    return render_jsonl(views, lang)


class LineSink:
    """Whole lines per document, appended and flushed."""

    def __init__(self, output: str | None, resume: bool, render, lang: str = "zh",
                 header: str = "", encoding: str = "utf-8"):
        self.render = render
        self.lang = lang
        self.file: IO[bytes] | None = None
        self.encoding = encoding
        if output is None:
            sys.stdout.write(header)
            return
        path = Path(output)
        if resume and path.exists() and path.stat().st_size > 0:
            _cut_partial_line(path)
            self.file = path.open("ab")
        else:
            self.file = path.open("wb")
            self.file.write(header.encode(encoding))

    def write(self, view: ReportView, chunk: str | None = None) -> None:
        text = chunk if chunk is not None else self.render([view], self.lang)
        if self.file is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        self.file.write(text.encode("utf-8"))
        self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


class CsvSink(LineSink):
    def __init__(self, output: str | None, resume: bool, lang: str):
        from auditor.render.tabular import render_csv

        header = render_csv([], lang)  # the header line alone
        # a file gets a byte-order mark so spreadsheet programs read the Chinese correctly
        super().__init__(output, resume, lambda views, lang: render_csv(views, lang, header=False),
                         lang, header, "utf-8-sig" if output is not None else "utf-8")


def _cut_partial_line(path: Path) -> None:
    """Drop a line a killed run left half-written."""
    data = path.read_bytes()
    if data.endswith(b"\n"):
        return
    with path.open("r+b") as file:
        file.truncate(data.rfind(b"\n") + 1)


def _prior_rows(path: Path, fmt: str) -> Prior:
    _cut_partial_line(path)
    text = path.read_text(encoding="utf-8-sig")
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    documents = {(row["report"], row["sha256"]) for row in rows}
    prior = Prior(Counter(sha for _, sha in documents))
    prior.severities.update(row["severity"] for row in rows)
    return prior


# ---------------------------------------------------------------- table, HTML, XLSX


class TableSink:
    """One rich table per report as it comes; the batch total at the end."""

    def __init__(self, output: str | None, lang: str):
        from rich.console import Console

        self.lang = lang
        self.views = 0
        self.failed = 0
        self.counts: Counter[str] = Counter()
        self.file = None if output is None else open(output, "w", encoding="utf-8")
        self.console = Console(highlight=False) if output is None else None

    def write(self, view: ReportView, chunk: str | None = None) -> None:
        from auditor.render import table

        self.views += 1
        self.failed += view.error is not None
        self.counts.update(view.counts())
        if self.console is not None:
            table.write_report(view, self.console, self.lang)
        else:
            self.file.write(table.render([view], self.lang))
            self.file.flush()

    def close(self) -> None:
        from auditor.render import table

        if self.views > 1:
            line = table.total_line(self.views, self.failed, summary_text(self.counts, self.lang),
                                    self.lang)
            if self.console is not None:
                from rich.text import Text

                self.console.print(Text(line, style="bold"))
            else:
                self.file.write(line + "\n")
        if self.file is not None:
            self.file.close()


class CollectingSink:
    """HTML and XLSX: one document for the whole batch, written at the end."""

    def __init__(self, fmt: str, output: str | None, lang: str):
        self.fmt, self.output, self.lang = fmt, output, lang
        self.views: list[ReportView] = []

    def write(self, view: ReportView, chunk: str | None = None) -> None:
        self.views.append(view)

    def close(self) -> None:
        if self.fmt == "xlsx":
            from auditor.render.tabular import write_xlsx

            write_xlsx(self.views, self.output, self.lang)
            return
        from auditor.render import html

        text = html.render(self.views, self.lang)
        if self.output is None:
            sys.stdout.write(text)
        else:
            Path(self.output).write_text(text, encoding="utf-8")
