"""Batches (issue 11): paths that cannot be audited, --jobs, streamed output, a killed run
and --resume, standard input, --version, and outputs a spreadsheet cannot turn into formulas."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from auditor import __version__, cli
from auditor.batch import Entry, expand_paths
from auditor.progress import Progress
from auditor.render.tabular import as_text_cell
from conftest import SAMPLE, pipeline_problem

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus" / "reports").glob("*.txt"))
needs_pipeline = pytest.mark.skipif(pipeline_problem() is not None,
                                    reason=str(pipeline_problem()))


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def batch_folder(tmp_path: Path, count: int = 6) -> Path:
    """``count`` real reports (the corpus, repeated) in a folder, named in order."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(count):
        text = CORPUS[n % len(CORPUS)].read_text(encoding="utf-8")
        (folder / f"r{n:02d}.txt").write_text(text + f"\n附注 {n}。\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------- paths


def test_unreadable_folder_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "r.txt").write_text(SAMPLE, encoding="utf-8")
    real_iterdir = Path.iterdir

    def iterdir(self):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)  # root may read anything: simulate
    assert expand_paths([str(locked)]) == [
        Entry(str(locked), "cannot read the folder: Permission denied")]


def test_a_path_over_255_characters_is_a_problem(tmp_path, capsys):
    long = tmp_path / ("a" * 300)
    code, _, err = run(capsys, "audit", long, "--format", "json")
    assert code == 2 and f"{long}: cannot read: File name too long" in err


def test_recursive_folders(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("a.txt", "b/b.txt", "b/c/c.md", ".hidden/h.txt", "b/notes.yaml"):
        (tmp_path / name).write_text(SAMPLE, encoding="utf-8")
    flat = [Path(e.path).relative_to(tmp_path).as_posix() for e in expand_paths([str(tmp_path)])]
    deep = [Path(e.path).relative_to(tmp_path).as_posix()
            for e in expand_paths([str(tmp_path)], recursive=True)]
    assert flat == ["a.txt"]
    assert deep == ["a.txt", "b/b.txt", "b/c/c.md"]


@needs_pipeline
def test_a_file_name_that_is_not_utf8_fills_every_output(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    name = (str(folder).encode() + b"/\xff\xfe.txt").decode("utf-8", "surrogateescape")
    Path(name).write_text(SAMPLE, encoding="utf-8")
    for fmt in ("json", "jsonl", "csv", "html", "table"):
        out = tmp_path / f"out.{fmt}"
        code, _, err = run(capsys, "audit", folder, "--format", fmt, "-o", out)
        assert code == 1, err
        written = out.read_text(encoding="utf-8-sig").replace("\\\\", "\\")  # JSON escapes \\
        assert "\\xff\\xfe.txt" in written


def test_output_never_overwrites_an_input(tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text(SAMPLE, encoding="utf-8")
    code, _, err = run(capsys, "audit", tmp_path, "--format", "json", "-o", report)
    assert code == 2 and "refusing to overwrite an input report" in err
    assert report.read_text(encoding="utf-8") == SAMPLE


def test_version(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out.strip() == f"auditor {__version__}"


@needs_pipeline
def test_standard_input(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.encode("gb18030"))))
    code, out, _ = run(capsys, "audit", "-", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data[0]["path"] == "<stdin>" and data[0]["findings"]
    file = tmp_path / "r.txt"
    file.write_text(SAMPLE, encoding="utf-8")
    _, from_file, _ = run(capsys, "audit", file, "--format", "json")
    assert json.loads(from_file)[0]["findings"] == data[0]["findings"]


# ---------------------------------------------------------------- jobs and streaming


@needs_pipeline
def test_jobs_give_the_same_output_in_the_same_order(tmp_path, capsys):
    folder = batch_folder(tmp_path)
    (folder / "r99.txt").write_bytes(b"\x00\x01\x02\x03" * 100)  # one bad file among them
    outputs = {}
    for jobs in (1, 2):
        for fmt in ("json", "jsonl", "csv"):
            code, out, err = run(capsys, "audit", folder, "--format", fmt, "--jobs", jobs)
            assert code == 2 and f"{folder / 'r99.txt'}: binary content" in err
            outputs[jobs, fmt] = out
    for fmt in ("json", "jsonl", "csv"):
        assert outputs[1, fmt] == outputs[2, fmt]
    paths = [d["path"] for d in json.loads(outputs[1, "json"])]
    assert paths == sorted(str(p) for p in folder.iterdir())


@needs_pipeline
def test_streamed_json_is_what_the_json_renderer_gives(tmp_path, capsys):
    from auditor.batch import Settings, run as run_batch
    from auditor.render import json as json_render

    folder = batch_folder(tmp_path, 3)
    settings = Settings(None, {"lang": "zh"}, keep_document=False, record=False)
    views = [done.view for done in run_batch(expand_paths([str(folder)]), settings)]
    out = tmp_path / "out.json"
    run(capsys, "audit", folder, "--format", "json", "-o", out)
    assert out.read_text(encoding="utf-8") == json_render.render(views)


KILLABLE = """
import os, sys, types
from auditor import pipeline as real
fake = types.ModuleType("auditor.pipeline")
def audit_file(path, options=None):
    if path.endswith(os.environ.get("DIE_AT", "-")):
        os._exit(9)  # killed: no cleanup, no closing bracket written by anyone
    return real.audit_file(path, options)
fake.audit_file = audit_file
sys.modules["auditor.pipeline"] = fake
from auditor import cli
sys.exit(cli.main(sys.argv[1:]))
"""


def _cli(argv, die_at: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DIE_AT": die_at or "-"}
    return subprocess.run([sys.executable, "-c", KILLABLE, *map(str, argv)], env=env,
                          capture_output=True, text=True, timeout=300)


@needs_pipeline
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_a_killed_batch_keeps_what_it_finished_and_resume_completes_it(tmp_path, fmt):
    folder = batch_folder(tmp_path, 5)
    whole = tmp_path / f"whole.{fmt}"
    assert _cli(["audit", folder, "--format", fmt, "-o", whole]).returncode == 1
    out = tmp_path / f"out.{fmt}"
    killed = _cli(["audit", folder, "--format", fmt, "-o", out], die_at="r03.txt")
    assert killed.returncode == 9
    kept = out.read_text(encoding="utf-8-sig")
    if fmt == "json":  # a valid array of the three documents finished
        assert [Path(d["path"]).name for d in json.loads(kept)] == ["r00.txt", "r01.txt", "r02.txt"]
    else:
        assert whole.read_text(encoding="utf-8-sig").startswith(kept) and kept
    resumed = _cli(["audit", folder, "--format", fmt, "-o", out, "--resume"])
    assert resumed.returncode == 1, resumed.stderr
    assert out.read_bytes() == whole.read_bytes()


@needs_pipeline
def test_resume_recovers_a_document_cut_in_the_middle(tmp_path, capsys):
    folder = batch_folder(tmp_path, 3)
    whole = tmp_path / "whole.json"
    run(capsys, "audit", folder, "--format", "json", "-o", whole)
    data = whole.read_bytes()
    out = tmp_path / "out.json"
    out.write_bytes(data[: int(len(data) * 0.8)])  # killed while writing the third
    code, _, err = run(capsys, "audit", folder, "--format", "json", "-o", out, "--resume")
    assert code == 1, err
    assert out.read_bytes() == data


def test_resume_needs_a_resumable_output(tmp_path):
    for argv in (["audit", tmp_path, "--resume"],
                 ["audit", tmp_path, "--resume", "--format", "html", "-o", tmp_path / "o.html"]):
        with pytest.raises(SystemExit) as raised:
            cli.main([str(a) for a in argv])
        assert raised.value.code == 2


def test_progress_line():
    stream = io.StringIO()
    progress = Progress(4, stream)
    progress(4, final=True)
    assert stream.getvalue().startswith("\r[" + "#" * 30 + "] 4/4 documents")


def test_no_progress_line_when_stderr_is_not_a_terminal(tmp_path, capsys):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text("BROKEN", encoding="utf-8")
    shutil.copy(CORPUS[0], tmp_path / "real.txt")
    _, _, err = run(capsys, "audit", tmp_path / "0.txt", tmp_path / "nowhere.txt",
                    "--format", "json")
    assert "documents," not in err


# ---------------------------------------------------------------- formulas stay text


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("+1+1", "'+1+1"),
    ("-5.00%", "-5.00%"),
    ("报告.txt", "报告.txt"),
    (12.5, 12.5),
])
def test_csv_cells_that_would_be_formulas(value, cell):
    assert as_text_cell(value) == cell


@needs_pipeline
def test_formula_like_names_and_labels_are_text_in_xlsx_and_csv(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    table = "项目\t预算数\n=HYPERLINK(\"x\")\t800.00\n@A1\t400.00\n合计\t1300.00\n"
    Path("=cmd.txt").write_text(SAMPLE + "\n" + table, encoding="utf-8")
    run(capsys, "audit", "=cmd.txt", "--format", "xlsx", "-o", "out.xlsx")
    book = openpyxl.load_workbook("out.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "=cmd.txt" in texts  # the path, as text
    run(capsys, "audit", "=cmd.txt", "--format", "csv", "-o", "out.csv")
    rows = list(csv.DictReader(io.StringIO(Path("out.csv").read_text(encoding="utf-8-sig"))))
    assert rows and {row["report"] for row in rows} == {"'=cmd.txt"}
    assert not any(value.startswith(("=", "@")) for row in rows for value in row.values())


def test_progress_messages_go_above_the_line():
    stream = io.StringIO()
    progress = Progress(3, stream)
    progress(1)
    progress.say("r.txt: binary content")
    progress(2, final=True)
    lines = stream.getvalue().split("\n")
    assert lines[0].endswith("\r\x1b[Kr.txt: binary content")
    assert lines[1].startswith("\r[") and "3/3 documents" in lines[1]
