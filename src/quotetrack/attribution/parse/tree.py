"""The parse of one article as the rules query it: the words and their tree, with the words that stand inside
quotation marks, so no rule threads them by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from quotetrack.attribution.marks import QuotedSpan
from quotetrack.attribution.words import ParsedText


@dataclass(frozen=True)
class Tree:
    parsed: ParsedText
    # Word index -> the quoted span it stands in (the first, where quotes nest).
    inside: dict[int, QuotedSpan] = field(default_factory=dict)
    # The names of rules switched off for this run (the ablation); empty in normal use.
    disabled: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return self.parsed.text

    @property
    def words(self):
        return self.parsed.words

    @property
    def children(self) -> list[list[int]]:
        return self.parsed.children

    @property
    def sentence_words(self) -> list[range]:
        return self.parsed.sentence_words

    @property
    def sentence_spans(self):
        return self.parsed.sentence_spans

    def subtree(self, index: int, exclude: frozenset[int] = frozenset()) -> list[int]:
        return self.parsed.subtree(index, exclude)

    def span_of(self, indexes: list[int]):
        return self.parsed.span_of(indexes)

    def words_in(self, span) -> list[int]:
        return self.parsed.words_in(span)

    def sentence_of_offset(self, offset: int) -> int | None:
        return self.parsed.sentence_of_offset(offset)

    def is_surname(self, text: str) -> bool:
        return self.parsed.is_surname(text)

    def entities_in(self, span):
        return self.parsed.entities_in(span)

    def is_parsed(self, sentence: int) -> bool:
        return self.parsed.is_parsed(sentence)

    def without_quotes(self) -> Tree:
        """The same parse with no word counted as quoted."""
        return Tree(self.parsed, disabled=self.disabled)


def quote_membership(parsed: ParsedText, quoted_list: list[QuotedSpan]) -> dict[int, QuotedSpan]:
    membership: dict[int, QuotedSpan] = {}
    for quoted in quoted_list:
        for index in parsed.words_in(quoted.outer):
            membership.setdefault(index, quoted)
    return membership
