"""`auditor sweep` on a local Dask cluster of 2 workers: the same findings as `auditor audit`.

A few hundred generated documents (real report excerpts, some damaged, generated tables and
lists, two files that cannot be audited) are audited both ways; the findings table written
to Parquet must hold exactly the rows `auditor audit --format jsonl` prints, in the same
order, and the documents table one row per document.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd
import pytest

from auditor import cli
from conftest import pipeline_problem

pytest.importorskip("dask.distributed")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from documents import corpus_texts, long_list, mutated, table  # noqa: E402

DOCUMENTS = 240


def make_documents(folder: Path) -> None:
    rng = random.Random(11)
    texts = corpus_texts()
    for n in range(DOCUMENTS):
        if n % 40 == 7:
            text = table(2000 + 50 * n)
        elif n % 40 == 13:
            text = long_list(1500 + 30 * n)
        else:
            text = texts[n % len(texts)]
            text = mutated(text, rng, 3) if n % 3 == 0 else text
        (folder / f"doc{n:03d}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    (folder / "zz_empty.txt").write_bytes(b"")


@pytest.mark.skipif(pipeline_problem() is not None, reason=str(pipeline_problem()))
def test_sweep_on_a_local_cluster_gives_the_findings_of_audit(tmp_path, capsys):
    from auditor.render.tabular import FINDING_COLUMNS, frame
    from auditor.sweep import FINDING_TYPES, _typed

    folder = tmp_path / "docs"
    folder.mkdir()
    make_documents(folder)
    # the plain batch first: forking its pool after Dask has started threads would be unsafe
    jsonl = tmp_path / "audit.jsonl"
    assert cli.main(["audit", str(folder), "--format", "jsonl", "-o", str(jsonl),
                     "--jobs", "2"]) == 2
    capsys.readouterr()
    out = tmp_path / "sweep"
    code = cli.main(["sweep", str(folder), "-o", str(out), "--workers", "2"])
    err = capsys.readouterr().err
    assert code == 2, err  # two files could not be audited
    assert f"{folder / 'zz_binary.txt'}: binary content" in err
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    expected = _typed(frame(rows, FINDING_COLUMNS), FINDING_TYPES)
    # the Parquet engine may read a string column back as objects: compare values, not dtypes
    found = pd.read_parquet(out / "findings.parquet").astype(expected.dtypes.to_dict())
    assert len(found) == len(expected) > DOCUMENTS // 4  # many findings to compare
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)

    documents = pd.read_parquet(out / "documents.parquet")
    assert len(documents) == DOCUMENTS + 2
    assert list(documents["path"]) == sorted(str(p) for p in folder.iterdir())
    failed = documents[documents["error"].notna()]
    assert [Path(p).name for p in failed["path"]][-2:] == ["zz_binary.txt", "zz_empty.txt"]
    assert all(f"{p}: " in err for p in failed["path"])  # each said on stderr, as by audit
    per_document = found.groupby("report").size()
    counted = documents.set_index("path")[["errors", "warnings", "infos"]].sum(axis=1)
    assert (counted[per_document.index] == per_document).all()


def test_sweep_reads_a_list_of_paths(tmp_path, capsys):
    listing = tmp_path / "paths.txt"
    listing.write_text(f"{tmp_path / 'missing.txt'}\n\n", encoding="utf-8")
    code = cli.main(["sweep", "--list", str(listing), "-o", str(tmp_path / "out"),
                     "--workers", "1"])
    assert code == 2
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in capsys.readouterr().err
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert list(documents["error"]) == ["no such file or folder"]
