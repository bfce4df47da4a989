"""The passes in order, over one article: labelled turns, reported speech, direct quotes, mixed quotes, utterance
numbers. Every rule and step is in REGISTRY, the names `Quote.rule` holds and `--ablation` switches off."""

from __future__ import annotations

from quotetrack.attribution.find.attribution import ATTRIBUTION_RULES, LEAD_CUE
from quotetrack.attribution.find.channels import (
    INTERVIEW_CHANNEL,
    OBJECT_CHANNEL,
    OTHER_CUE_CHANNEL,
    SPEAKING_TO_CHANNEL,
)
from quotetrack.attribution.find.content import CONTENT_RULES
from quotetrack.attribution.find.cues import CUE_SENSE
from quotetrack.attribution.find.rules import Rule, Step
from quotetrack.attribution.find.speaker import OPENING_SPEAKER_RULES, PUBLISHER, SPEAKER_RULES
from quotetrack.attribution.marks import quoted_spans
from quotetrack.attribution.parse.tree import Tree, quote_membership
from quotetrack.attribution.passes.direct import direct_quotes
from quotetrack.attribution.passes.reported import REPORTED, reported_quotes
from quotetrack.attribution.passes.speechlike import NOT_SPEECH
from quotetrack.attribution.passes.turns import LABELLED_TURNS, labelled_turns
from quotetrack.attribution.passes.utterances import CONTINUATIONS, FLOATING, MIXED, merge_mixed, number_utterances
from quotetrack.attribution.resolve.quotes import COREFERENCE
from quotetrack.attribution.speakers import SpeakerBook
from quotetrack.attribution.words import ParsedText, from_document
from quotetrack.records import Quote, Span


def extract_quotes(document, disabled: frozenset[str] = frozenset()) -> list[Quote]:
    """Every direct, indirect and mixed quote in a stanza Document, in text order; `disabled` names rules to
    switch off (the ablation)."""
    return quotes_from_parsed(from_document(document), disabled)


def quotes_from_parsed(parsed: ParsedText, disabled: frozenset[str] = frozenset()) -> list[Quote]:
    quoted = quoted_spans(parsed.text)
    tree = Tree(parsed, quote_membership(parsed, quoted), frozenset(disabled))
    book = SpeakerBook(parsed, coreference=COREFERENCE.on(tree), quoted=[q.outer for q in quoted])
    book.register_entities()
    labelled = labelled_turns(tree, book) if LABELLED_TURNS.on(tree) else []
    reported = reported_quotes(tree, book) if REPORTED.on(tree) else []
    direct = [q for q in direct_quotes(tree, book, quoted, reported) if not _within_any(q.span, labelled)]
    direct += labelled
    merged = merge_mixed(direct, reported, quoted) if MIXED.on(tree) else direct + reported
    return number_utterances(sorted(merged, key=lambda q: q.span.start))


def _within_any(span: Span, quotes: list[Quote]) -> bool:
    return any(q.span.start <= span.start and span.end <= q.span.end for q in quotes)


# Every rule and step, in the order they act: the names `Quote.rule` holds, `--ablation` switches off one by one.
REGISTRY: tuple[Rule | Step, ...] = (
    LABELLED_TURNS,
    *ATTRIBUTION_RULES,
    LEAD_CUE,
    OTHER_CUE_CHANNEL,
    OBJECT_CHANNEL,
    INTERVIEW_CHANNEL,
    SPEAKING_TO_CHANNEL,
    CONTINUATIONS,
    FLOATING,
    NOT_SPEECH,
    CUE_SENSE,
    REPORTED,
    *CONTENT_RULES,
    *OPENING_SPEAKER_RULES,
    *SPEAKER_RULES,
    PUBLISHER,
    MIXED,
    COREFERENCE,
)
