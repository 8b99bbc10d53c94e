"""The spaCy pipeline: a blank Chinese model segmented by jieba with the domain dictionary.

Quantities are found by auditor.quantities (regular expressions over normalised text);
this pipeline puts them on the Doc as spans (``doc.spans["quantities"]``, each with
``span._.quantity``) so that the claims stage can read the words around a figure as
tokens: the metric phrase a figure states is the run of tokens before it in its clause.
"""
from __future__ import annotations

import logging
from functools import cache
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from auditor.lexicon import lexicon_path, load

Doc.set_extension("quantities", default=(), force=True)
Span.set_extension("quantity", default=None, force=True)


def domain_words() -> list[str]:
    """Words jieba must keep whole: metric names, aliases and stage cues from lexicons/."""
    words: set[str] = set()
    for name, aliases in load("metrics").items():
        words.add(name)
        words.update(aliases)
    for stage in load("stages"):
        words.update(stage["cues"])
    return sorted(w for w in words if len(w) > 1)


@Language.component("auditor_quantities")
def quantity_spans(doc: Doc) -> Doc:
    """Align the quantities found on the text (doc._.quantities) to token spans."""
    spans = []
    for quantity in doc._.quantities:
        span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
        if span is None:
            continue
        span._.quantity = quantity
        spans.append(span)
    doc.spans["quantities"] = spans
    return doc


@cache
def pipeline() -> Language:
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    # jieba's dictionary without its rarest words loads in a fraction of the time
    # (scripts/make_jieba_dict.py says why that is safe for this text)
    jieba.set_dictionary(str(lexicon_path("jieba_dict.txt")))
    for word in domain_words():
        jieba.add_word(word, freq=200000)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("auditor_quantities")
    # spaCy's 1,000,000-character limit guards its parser and NER, which this pipeline does
    # not have: jieba and the component above are linear, and auditor.limits bounds the input.
    nlp.max_length = 2**31 - 1
    return nlp


def _make_doc(nlp: Language, text: str) -> Doc:
    """nlp.make_doc(text), with the words aligned to the text in linear time: spaCy's own
    alignment (util.get_words_and_spaces) slices the rest of the text for every word, which
    is quadratic in a long paragraph."""
    words = [w for w in nlp.tokenizer.jieba_seg.cut(text, cut_all=False) if w]
    aligned, spaces = words_and_spaces(words, text)
    return Doc(nlp.vocab, words=aligned, spaces=spaces)


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """What spacy.util.get_words_and_spaces returns, found with str.find from a position."""
    out: list[str] = []
    spaces: list[bool] = []
    position = 0
    for word in words:
        if word.isspace():
            continue
        start = text.find(word, position)
        if start < 0:
            from spacy.util import get_words_and_spaces

            return get_words_and_spaces(words, text)  # raises spaCy's own error
        if start > position:
            out.append(text[position:start])
            spaces.append(False)
        out.append(word)
        spaces.append(False)
        position = start + len(word)
        if position < len(text) and text[position] == " ":
            spaces[-1] = True
            position += 1
    if position < len(text):
        out.append(text[position:])
        spaces.append(False)
    return out, spaces


def annotate(texts: Iterable[tuple[str, tuple]]) -> list[Doc]:
    """Run the pipeline over (text, quantities) pairs; quantities' offsets are in text."""
    nlp = pipeline()
    docs = []
    for text, quantities in texts:
        doc = _make_doc(nlp, text)
        doc._.quantities = tuple(quantities)
        for _, component in nlp.pipeline:
            doc = component(doc)
        docs.append(doc)
    return docs
