"""Segmentation: jieba with the domain dictionary, and the same words as a spaCy pipeline.

Quantities are found by auditor.quantities (regular expressions over normalised text). The
claims stage reads the words around a figure as jieba tokens: the metric phrase a figure
states is the run of tokens before it in its clause. It asks ``Segmented(text).words(a, b)``
for the tokens of one phrase, and only the clauses it asks about are segmented (jieba cuts
each run of Han characters, letters and digits on its own, so a clause's tokens are the
same whether the paragraph or the clause is cut; tests/test_nlp.py compares them with the
spaCy Doc). ``pipeline()`` and ``annotate`` build that spaCy Doc (a blank Chinese model
segmented by the same jieba, quantities as ``doc.spans["quantities"]``) for tools and
notebooks; the audit itself does not import spaCy, which costs most of a cold start.
"""
from __future__ import annotations

import logging
import re
import sys
from bisect import bisect_right
from functools import cache
from typing import TYPE_CHECKING, Iterable

from auditor.lexicon import lexicon_path, load

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def domain_words() -> list[str]:
    """Words jieba must keep whole: metric names, aliases and stage cues from lexicons/."""
    words: set[str] = set()
    for name, aliases in load("metrics").items():
        words.add(name)
        words.update(aliases)
    for stage in load("stages"):
        words.update(stage["cues"])
    return sorted(w for w in words if len(w) > 1)


@cache
def segmenter():
    """jieba with the trimmed dictionary and the domain words (the module: its default
    tokenizer is the one spaCy's segmenter and the conflict rule use too)."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        # jieba imports the deprecated pkg_resources (a third of a second) only to open its
        # own data files, and opens them directly when that import fails: the same files
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # jieba's dictionary without its rarest words loads in a fraction of the time
    # (scripts/make_jieba_dict.py says why that is safe for this text)
    jieba.set_dictionary(str(lexicon_path("jieba_dict.txt")))
    for word in domain_words():
        jieba.add_word(word, freq=200000)
    return jieba


# What jieba cuts as one block (jieba.re_han_default): a cut between two characters that are
# not whitespace and not both of this class leaves every jieba word, and every token the
# alignment below makes, as it is. A chunk runs from one such cut to the next.
_HAN = "\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-"
_CHUNK = re.compile(rf"\s*(?:[{_HAN}]+|[^\s{_HAN}])(?:\s+(?:[{_HAN}]+|[^\s{_HAN}]))*\s*")


class Segmented:
    """A paragraph's jieba tokens, segmented chunk by chunk as they are asked for.

    ``words(begin, end)`` are the texts of the tokens overlapping text[begin:end], clipped
    to it: what ``doc.char_span(begin, end, alignment_mode="expand")`` of the spaCy Doc
    over the whole paragraph gives, read the same way.
    """

    __slots__ = ("text", "_starts", "_ends", "_tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        self._tokens: dict[int, list[tuple[int, str]]] = {}

    def _chunk(self) -> None:
        starts, ends, position = [], [], 0
        for match in _CHUNK.finditer(self.text):
            if match.start() != position:  # not expected: then cut nothing
                starts, ends = [], []
                break
            starts.append(match.start())
            ends.append(match.end())
            position = match.end()
        if not starts or position != len(self.text):
            starts, ends = [0], [len(self.text)]
        self._starts, self._ends = starts, ends

    def _chunk_tokens(self, k: int) -> list[tuple[int, str]]:
        tokens = self._tokens.get(k)
        if tokens is None:
            offset, chunk = self._starts[k], self.text[self._starts[k] : self._ends[k]]
            words = [w for w in segmenter().cut(chunk, cut_all=False) if w]
            aligned, spaces = words_and_spaces(words, chunk)
            tokens = []
            for word, space in zip(aligned, spaces):
                tokens.append((offset, word))
                offset += len(word) + space
            self._tokens[k] = tokens
        return tokens

    def words(self, begin: int, end: int) -> list[str]:
        """The tokens overlapping text[begin:end], each clipped to it, in order."""
        if end <= begin:
            return []
        if self._starts is None:
            self._chunk()
        first = max(bisect_right(self._starts, begin) - 1, 0)
        last = bisect_right(self._starts, end - 1) - 1
        found = []
        for k in range(first, last + 1):
            for idx, word in self._chunk_tokens(k):
                if idx < end and idx + len(word) > begin:
                    found.append(word[max(begin - idx, 0) : end - idx])
        return found


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
    """The spaCy pipeline (imported here: the audit does not need it, see the module doc)."""
    import spacy
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    segmenter()
    Doc.set_extension("quantities", default=(), force=True)
    Span.set_extension("quantity", default=None, force=True)
    if not Language.has_factory("auditor_quantities"):
        Language.component("auditor_quantities", func=quantity_spans)
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
    from spacy.tokens import Doc

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
