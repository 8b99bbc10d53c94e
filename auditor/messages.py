"""Messages from data: every sentence a finding says is a template in lexicons/messages.yaml.

A rule says what it found as a ``Message``: a template id and the fields that fill it.
``render`` fills the template of the asked language (zh or en), str.format style. The
numbers in the fields are formatted before they get here, by the helpers of
auditor.findings (``fmt``, ``shown``, ``unit_suffix``) and ``Interval.describe``, so a
template holds only words and punctuation, and a translator can change the words without
touching code.

A field is one of:

- a ``str``: the same in both languages (a figure, the report's own words);
- a ``Message``: a clause that differs by language, rendered in the language asked;
- a ``Joined``: several fields joined by a separator that is itself a template (；, "; ");
- a ``Text``: words written in both languages elsewhere (a relation's own expression,
  auditor.relations) or a finding built outside the catalogue.

What a finding says as a whole is a ``Wording``: the rule's message, the slip that explains
the stated figure, the note saying which figure is most likely wrong (auditor.rootcause)
and the findings folded into it. ``said`` composes the final string from those parts; it is
the one place a finding's text is put together, and nothing edits that text afterwards.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Union

from auditor.lexicon import load

if TYPE_CHECKING:
    from auditor.slips import Slip

LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Message:
    """A template id of lexicons/messages.yaml and the fields that fill it."""

    id: str
    fields: tuple[tuple[str, "Field"], ...] = ()

    def render(self, lang: str) -> str:
        return render(self.id, lang, **dict(self.fields))


@dataclass(frozen=True)
class Joined:
    """Fields joined by ``sep``, the id of a separator template (sep.semicolon: ；, "; ")."""

    items: tuple["Field", ...]
    sep: str

    def render(self, lang: str) -> str:
        return template(self.sep, lang).join(text(item, lang) for item in self.items)


@dataclass(frozen=True)
class Text:
    """Words already written in both languages (a relation's expression)."""

    zh: str
    en: str

    def render(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


Field = Union[str, Message, Joined, Text]


def message(id: str, **fields: Field) -> Message:
    """The message ``id`` with its fields; ``render`` fills it in a language."""
    return Message(id, tuple(fields.items()))


def joined(items, sep: str = "sep.semicolon") -> Joined:
    return Joined(tuple(items), sep)


def text(field: Field, lang: str) -> str:
    """A field in ``lang``: a string as it is, anything else rendered."""
    return field if isinstance(field, str) else field.render(lang)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """lexicons/messages.yaml: message id → {"zh": template, "en": template}."""
    return load("messages")


def template(id: str, lang: str) -> str:
    try:
        return catalogue()[id][lang]
    except KeyError:
        raise KeyError(f"lexicons/messages.yaml has no {lang} template {id!r}") from None


def render(id: str, lang: str, **fields: Field) -> str:
    """The template ``id`` in ``lang`` with its named placeholders filled."""
    return template(id, lang).format(**{k: text(v, lang) for k, v in fields.items()})


def placeholders(pattern: str) -> set[str]:
    """The names a template fills: {what}, {stated} …"""
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


# ---------------------------------------------------------------- a finding's wording


@dataclass(frozen=True)
class Wording:
    """What a finding says, in parts.

    ``says`` is the rule's message (a ``Text`` for a finding built without one, as tests
    do); ``slip`` the slip that explains the stated figure (auditor.slips); ``note`` the
    sentence saying which figure is most likely wrong (auditor.rootcause); ``also`` the
    wordings of findings folded into this one, each said after it in full.
    """

    says: Message | Text
    slip: "Slip | None" = None
    note: Message | None = None
    also: tuple["Wording", ...] = ()


def said(wording: Wording, lang: str) -> str:
    """A finding's text in ``lang``, composed from its parts in this order: the message, its
    slip, the note on which figure, the folded findings. A finding with no English says
    nothing in English (the renderers then fall back to Chinese).

    No template ends with a full stop (tests/test_messages.py checks), so each part follows
    the one before without trimming it."""
    said_text = text(wording.says, lang)
    if lang == "en" and not said_text:
        return ""
    if wording.slip is not None:
        said_text = render("finding.slip", lang, text=said_text, slip=wording.slip.message)
    if wording.note is not None:
        said_text = render("finding.note", lang, text=said_text, note=wording.note)
    for other in wording.also:
        said_text = render("finding.also", lang, text=said_text, other=said(other, lang))
    return said_text
