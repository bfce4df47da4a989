"""A rule is a named way of deciding one part of a quote; cascades are ordered tuples of rules, and the first
that applies decides. Every quote carries the names of the rules that decided it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from quotetrack.attribution.marks import QuotedSpan
from quotetrack.attribution.parse.tree import Tree

Found = TypeVar("Found")


@dataclass(frozen=True)
class Rule(Generic[Found]):
    """`find` returns what the rule decides, or None where it does not apply; `example` is a sentence it
    handles, the one its test parses."""

    name: str
    find: Callable[..., Found | None]
    example: str
    decides: str


def first_match(rules: tuple[Rule[Found], ...], tree: Tree, *args) -> tuple[str, Found] | None:
    """The name and finding of the first rule that applies and is not switched off for this run."""
    for rule in rules:
        if rule.name in tree.disabled:
            continue
        found = rule.find(tree, *args)
        if found is not None:
            return rule.name, found
    return None


@dataclass(frozen=True)
class Step:
    """A named step that is not a cascade member (a pass, a filter, a resolution): it runs unless switched off."""

    name: str
    example: str
    decides: str

    def on(self, tree: Tree) -> bool:
        return self.name not in tree.disabled


@dataclass(frozen=True)
class Attribution:
    """What the rules found for a quote in quotation marks: its cue, the words of its speaker and channel."""

    cue: int | None  # word index
    speaker_words: tuple[int, ...]
    via_words: tuple[int, ...] = ()
    linked: bool = False  # the cue governs the quote in the parse
    rules: tuple[str, ...] = ()  # the names of the rules that found it


@dataclass
class Candidate:
    """A quoted span the direct pass weighs, with the words inside it."""

    quoted: QuotedSpan
    words: list[int]


def rule_names(*names: str | None) -> tuple[str, ...]:
    """The names of the rules that decided a quote, in order, leaving out the parts no rule decided."""
    return tuple(name for name in names if name)
