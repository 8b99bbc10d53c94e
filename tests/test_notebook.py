"""notebooks/triage.ipynb is executed here, so it never rots."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from auditor.render import json as json_render
from auditor.render.view import build_views
from conftest import SAMPLE, pipeline_problem, sample_builder

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "triage.ipynb"


def _execute() -> "nbformat.NotebookNode":
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return notebook


def _outputs(notebook, kind: str) -> list:
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if kind == "text" and output.get("name") == "stdout":
                found.append(output["text"])
            elif kind in output.get("data", {}):
                found.append(output["data"][kind])
    return found


def test_notebook_runs_on_saved_json(tmp_path, monkeypatch):
    first = sample_builder(path="reports/a.txt").build()
    second = sample_builder(SAMPLE, path="reports/b.txt").build()
    failed = dataclasses.replace(sample_builder(path="reports/c.pdf").build(),
                                 error="no text layer: OCR is needed")
    saved = tmp_path / "audit.json"
    saved.write_text(json_render.render(build_views([first, second, failed])), encoding="utf-8")
    monkeypatch.setenv("AUDITOR_TRIAGE_JSON", str(saved))

    notebook = _execute()
    text = "".join(_outputs(notebook, "text"))
    assert "2 reports audited, 1 could not be read" in text
    assert "reports/c.pdf: no text layer: OCR is needed" in text
    assert "6 findings, 16 claims" in text
    assert text.rstrip().endswith("ok")
    assert len(_outputs(notebook, "image/png")) == 2  # by rule, by report
    tables = "".join(_outputs(notebook, "text/html"))
    assert "count_sum" in tables and "a.txt" in tables and "b.txt" in tables


@pytest.mark.skipif(pipeline_problem() is not None, reason=str(pipeline_problem()))
def test_notebook_runs_on_the_corpus(monkeypatch):
    monkeypatch.delenv("AUDITOR_TRIAGE_JSON", raising=False)
    monkeypatch.delenv("AUDITOR_REPORTS", raising=False)
    notebook = _execute()
    text = "".join(_outputs(notebook, "text"))
    reports = len(list((ROOT / "corpus" / "reports").glob("*.txt")))
    assert f"{reports} reports audited, 0 could not be read" in text
    assert text.rstrip().endswith("ok")
    assert _outputs(notebook, "image/png")
