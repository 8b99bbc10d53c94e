"""A batch: which documents to audit, and auditing them on one core or several.

``expand_paths`` turns the command line into entries in a fixed order (arguments in order,
a folder's reports sorted by path); ``run`` audits them and yields one ``Done`` per entry in
that same order as soon as it and every entry before it are finished, so output can be
written document by document (a killed run keeps what it finished) and is the same whatever
the number of workers. With ``jobs`` > 1 a process pool does the work; each worker loads the
pipeline once, and at most a few documents per worker are in flight, so memory stays that of
one document per worker however long the batch.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.errors import display_path

REPORT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")
STDIN = "-"
STDIN_NAME = "<stdin>"
# Entries handed to the pool ahead of the one being written: enough to keep every worker
# busy while one slow document holds up the ordered output, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class Entry:
    """One thing to audit: a report file, standard input (``data``), or an argument that
    cannot be audited (``problem``)."""

    path: str
    problem: str | None = None
    data: bytes | None = None

    @property
    def name(self) -> str:
        """The path as shown in every output."""
        return STDIN_NAME if self.data is not None else display_path(self.path)


@dataclass(frozen=True)
class Settings:
    """What a worker needs besides the entry: handed to each worker once."""

    options: Any
    view: dict[str, Any]  # build_view's keyword arguments (baseline, filters, lang)
    keep_document: bool  # the HTML page shows the report text
    record: bool  # --update-baseline: the findings as baseline decisions
    keep_claims: bool = True  # JSON, HTML and XLSX list every claim; the other formats do not
    prerender: str | None = None  # render the output of this format where a report is audited


@dataclass(frozen=True)
class Done:
    index: int
    view: Any  # ReportView, with the sha256 of the entry's bytes
    decisions: tuple = ()  # baseline decisions, when Settings.record
    severities: frozenset[str] = frozenset()  # of every finding a baseline does not hide
    chunk: str | None = None  # the report's output, when Settings.prerender


# ---------------------------------------------------------------- what to audit


def expand_paths(paths: Sequence[str], recursive: bool = False,
                 stdin: Callable[[], bytes] | None = None) -> list[Entry]:
    """What to audit, in order; each file once, however many arguments name it."""
    entries: list[Entry] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            entries.append(Entry(str(path)))

    for argument in paths:
        if argument == STDIN:
            entries.append(Entry(argument, data=(stdin or _read_stdin)()))
            continue
        try:
            kind = _kind(Path(argument))
            if kind == "folder":
                reports, problems = _folder_reports(Path(argument), recursive)
                entries.extend(problems)
                if not reports and not problems:
                    entries.append(Entry(argument, "folder holds no reports (" +
                                         ", ".join(f"*{s}" for s in REPORT_SUFFIXES) + ")"))
                for report in reports:
                    add(report)
            elif kind == "file":
                add(Path(argument))
            else:
                entries.append(Entry(argument, kind))
        except OSError as exc:  # a name too long, a folder we may not list …
            entries.append(Entry(argument, f"cannot read: {exc.strerror or exc}"))
    return entries


def _kind(path: Path) -> str:
    """"folder", "file", or the problem with ``path``; OSError when it cannot be looked at."""
    if not os.path.lexists(path):
        try:
            os.stat(path)  # raises what is wrong (a name too long) when it is not just absent
        except (FileNotFoundError, NotADirectoryError):
            pass
        return "no such file or folder"
    if path.is_dir():
        return "folder"
    if path.is_file():
        return "file"
    if path.exists():
        return "not a regular file or folder"
    return "no such file or folder (a broken link)"


def _folder_reports(folder: Path, recursive: bool) -> tuple[list[Path], list[Entry]]:
    """The reports in ``folder`` sorted by path (subfolders too when ``recursive``), and an
    entry with its problem for each folder that cannot be listed."""
    reports: list[Path] = []
    problems: list[Entry] = []
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        return [], [Entry(str(folder), f"cannot read the folder: {exc.strerror or exc}")]
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir() and not child.is_symlink():
            if recursive:
                more, more_problems = _folder_reports(child, recursive)
                reports.extend(more)
                problems.extend(more_problems)
        elif child.is_file() and child.suffix.lower() in REPORT_SUFFIXES:
            reports.append(child)
    return reports, problems


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def content_hash(entry: Entry) -> str | None:
    """SHA-256 of the entry's bytes (what --resume recognises), None when unreadable."""
    if entry.data is not None:
        return hashlib.sha256(entry.data).hexdigest()
    if entry.problem is not None:
        return None
    digest = hashlib.sha256()
    try:
        with open(entry.path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


# ---------------------------------------------------------------- auditing


_SETTINGS: Settings | None = None


def run(entries: Sequence[Entry], settings: Settings, jobs: int = 1,
        skip: Callable[[int, Entry], bool] = lambda i, e: False) -> Iterator[Done]:
    """Audit ``entries`` (those ``skip`` accepts are left out), yielding in input order."""
    todo = [(i, e) for i, e in enumerate(entries) if not skip(i, e)]
    needs_pool = jobs > 1 and sum(1 for _, e in todo if e.problem is None) > 1
    if not needs_pool:
        _start(settings, warm=False)
        for index, entry in todo:
            yield audit_entry(index, entry)
        return
    yield from _pooled(todo, settings, jobs)


def _pooled(todo: list[tuple[int, Entry]], settings: Settings, jobs: int) -> Iterator[Done]:
    import multiprocessing

    # fork: workers start in milliseconds with the modules the parent imported. Each loads
    # the pipeline itself (in parallel): forked from a parent that had loaded it, workers
    # were slower, every object they touched being copied from the parent's pages.
    context = multiprocessing.get_context("fork")
    window = jobs * IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                             initargs=(settings, os.getpid())) as pool:
        futures: dict[int, Future] = {}
        submitted = 0
        for position, (index, entry) in enumerate(todo):
            while submitted < len(todo) and submitted < position + window:
                futures[submitted] = pool.submit(audit_entry, *todo[submitted])
                submitted += 1
            try:
                yield futures.pop(position).result()
            except Exception as exc:  # a worker that died (killed, out of memory)
                problem = f"internal error: {type(exc).__name__}: {exc}"
                yield _failed(index, entry, problem, settings.view.get("lang", "zh"))


def _start_worker(settings: Settings, parent: int) -> None:
    """A pool worker: the settings, and an end to it when its parent is killed (a killed
    batch would otherwise leave its workers auditing the documents already queued)."""
    import threading

    _start(settings, warm=True)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _start(settings: Settings, warm: bool) -> None:
    """Set up a worker: the settings, and (in a pool) the pipeline loaded once, up front."""
    global _SETTINGS
    _SETTINGS = settings
    if warm:
        import gc

        try:
            from auditor.pipeline import audit_text

            audit_text("2023年预算100.00万元，执行率99.00%。")
        except Exception:  # the first real document will say what is wrong
            pass
        gc.freeze()  # the loaded pipeline: never scanned by the garbage collector again


def audit_entry(index: int, entry: Entry) -> Done:
    """Audit one entry; whatever goes wrong becomes that entry's error, never the batch's."""
    assert _SETTINGS is not None
    lang = _SETTINGS.view.get("lang", "zh")
    if entry.problem is not None:
        return _failed(index, entry, entry.problem, lang)
    from auditor.errors import InputError

    try:
        result = _audit(entry, _SETTINGS.options)
    except InputError as exc:
        return _failed(index, entry, exc.problem, lang)
    except Exception as exc:  # one bad file never stops the batch
        return _failed(index, entry, f"internal error: {type(exc).__name__}: {exc}", lang)
    return _done(index, entry, result, _SETTINGS)


def _audit(entry: Entry, options: Any):
    from importlib import import_module

    pipeline = import_module("auditor.pipeline")  # the module as sys.modules has it
    if entry.data is not None:
        return pipeline.audit_bytes(entry.data, STDIN_NAME, options)
    return pipeline.audit_file(entry.path, options)


def _done(index: int, entry: Entry, result, settings: Settings) -> Done:
    from auditor.render.view import build_view

    view = dataclasses.replace(build_view(result, **settings.view), sha256=content_hash(entry))
    decisions: tuple = ()
    if settings.record:
        from auditor.baseline import fingerprints, record

        decisions = tuple(record(result, fingerprints(result)))
    severities = frozenset(fv.finding.severity for fv in view.all_findings)
    chunk = None
    if settings.prerender:
        from auditor.render.stream import render_chunk

        chunk = render_chunk(settings.prerender, view, settings.view.get("lang", "zh"))
    # What no output needs any more is left out: the bulk of a result, it would only be
    # copied from a worker to the parent and held there.
    slim = {} if settings.keep_document else {"document": None}
    if not settings.keep_claims or chunk is not None:
        slim["claims"] = ()
    if slim:
        view = dataclasses.replace(view, result=dataclasses.replace(view.result, **slim))
    if chunk is not None:
        view = dataclasses.replace(view, findings=(), all_findings=())
    return Done(index, view, decisions, severities, chunk)


def _failed(index: int, entry: Entry, problem: str, lang: str) -> Done:
    from auditor.models import AuditResult, ReportFacts
    from auditor.render.view import build_view

    result = AuditResult(path=entry.name, facts=ReportFacts(None, None, None), claims=(),
                         findings=(), error=problem)
    view = build_view(result, lang=lang)
    return Done(index, dataclasses.replace(view, sha256=content_hash(entry)))
