"""The plain records that flow between stages: ingest -> nlp -> attribution -> store.

Every offset is a Python string index into `Article.text`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Article:
    """One article as the NLP sees it; `text` is exactly what every stored offset indexes."""

    path: str
    text: str
    sha256: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    # Articles from a .jsonl/.json file share a path; `record` tells them apart (0 for single-article files).
    record: int = 0


@dataclass(frozen=True)
class IngestError:
    path: str
    reason: str


# Speaker types, in the order the attribution code prefers them when evidence conflicts.
SPEAKER_TYPES = ("person", "media", "government", "organization", "group", "anonymous", "unknown")


@dataclass(frozen=True)
class Speaker:
    """A source a quote is credited to, as resolved within one article (the store merges across articles)."""

    name: str
    type: str = "unknown"
    aliases: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Quote:
    """One stored quote row; parts of one utterance share `utterance`."""

    kind: str  # direct | indirect | mixed
    span: Span
    text: str
    # Parts of one utterance share it; None until the attribution numbers the article's quotes.
    utterance: int | None = None
    cue: str | None = None  # the cue's lemma ("say", "according to", "tell"); its words as written are `cue_text`
    cue_span: Span | None = None
    speaker: Speaker | None = None
    speaker_mention: str | None = None
    speaker_span: Span | None = None
    via: Speaker | None = None
    confidence: float = 0.5
    context: str = ""
    cue_text: str | None = None
    # The names of the rules that decided the quote's cue, speaker and content ("frame/according-to", …).
    rule: tuple[str, ...] = ()
    # The next part of an earlier quote's utterance ("“A,” he said. “B.”"): numbered with that quote.
    continues: bool = False


POSSESSIVE = re.compile(r"['’]s$")


def alias_key(name: str) -> str:
    """The form under which a speaker name is looked up: 'The KCNA’s' and 'kcna' share 'kcna'."""
    key = _strip_end_punctuation(" ".join(name.casefold().split()))
    key = key.removeprefix("the ")
    return _strip_end_punctuation(POSSESSIVE.sub("", key))


def is_punctuation(char: str) -> bool:
    # Backtick and acute accent are symbols (Sk) in Unicode but serve as quote marks in plain text.
    return unicodedata.category(char).startswith("P") or char in "`´"


def _strip_end_punctuation(text: str) -> str:
    start, end = 0, len(text)
    while start < end and (is_punctuation(text[start]) or text[start].isspace()):
        start += 1
    while end > start and (is_punctuation(text[end - 1]) or text[end - 1].isspace()):
        end -= 1
    return text[start:end]
