"""auditor.nlp: the words the claims stage reads are the spaCy Doc's words.

Claims segment only the chunks of a paragraph that a phrase covers (nlp.Segmented); the
tokens must be those of the spaCy Doc over the whole paragraph, token for token, and every
window must read the same words as ``doc.char_span(begin, end, alignment_mode="expand")``.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor import nlp
from auditor.normalise import build_document
from auditor.read import read_document

ROOT = Path(__file__).resolve().parent.parent

EDGES = [
    "", " ", "  a  b ", "A，B", "x\r\ny", "中 文  字", "累计办理业务 超过2 万宗",
    "预算数（万元） 1200\t\t合计 3,210.27 万元，执行率 93.32%。",
    "2023年度部门预算收入1,234.56万元，其中：财政拨款收入1,000.00万元（占81.0%）。",
]


def _paragraphs() -> list[str]:
    texts = list(EDGES)
    for path in sorted((ROOT / "corpus" / "reports").glob("*.txt")):
        texts += [p.text for p in build_document(read_document(str(path))).paragraphs]
    return texts


def _spacy_words(doc, begin: int, end: int) -> list[str]:
    span = doc.char_span(begin, end, alignment_mode="expand") if end > begin else None
    return [t.text[max(begin - t.idx, 0) : end - t.idx] for t in (span if span is not None else ())
            if t.idx < end and t.idx + len(t.text) > begin]


@pytest.mark.parametrize("text", _paragraphs())
def test_segmented_words_are_the_spacy_docs(text):
    pytest.importorskip("spacy")
    doc = nlp._make_doc(nlp.pipeline(), text)
    segmented = nlp.Segmented(text)
    assert segmented.words(0, len(text)) == [t.text for t in doc]
    for begin in range(0, len(text), 5):
        for end in (begin, begin + 1, begin + 4, begin + 17):
            if end <= len(text):
                assert segmented.words(begin, end) == _spacy_words(doc, begin, end)


def test_annotate_still_gives_quantity_spans():
    pytest.importorskip("spacy")
    from auditor.quantities import extract_from_normalised

    text = "项目支出 3210.27 万元，执行率 93.32%。"
    (doc,) = nlp.annotate([(text, extract_from_normalised(text))])
    assert [s.text for s in doc.spans["quantities"]] == ["3210.27 万元", "93.32%"]


def test_an_audit_does_not_import_spacy():
    code = ("import sys; from auditor.pipeline import audit_text; "
            "audit_text('2023年预算100.00万元，执行率99.00%。'); "
            "print('spacy' in sys.modules, 'pkg_resources' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.split() == ["False", "False"]
