"""The direct pass: every quoted span that is speech, attributed by the rules of find.attribution or
carried on from the quote before it."""

from __future__ import annotations

from quotetrack.attribution.find.attribution import LEAD_CUE, find_attribution, lead_cue
from quotetrack.attribution.find.rules import Candidate
from quotetrack.attribution.marks import QuotedSpan, paragraphs
from quotetrack.attribution.parse.tree import Tree
from quotetrack.attribution.passes.speechlike import (
    NOT_SPEECH,
    is_fragment,
    looks_like_speech,
    said_object,
    stands_alone,
)
from quotetrack.attribution.passes.utterances import (
    CONTINUATIONS,
    FLOATING,
    continuation_of,
    continues,
    floating_quote,
    follows_directly,
    last_speaking,
    same_speaker,
)
from quotetrack.attribution.resolve.quotes import direct_quote
from quotetrack.attribution.speakers import SpeakerBook
from quotetrack.records import Quote


def direct_quotes(
    tree: Tree,
    book: SpeakerBook,
    quoted: list[QuotedSpan],
    reported: list[Quote],
) -> list[Quote]:
    """Quotes in quotation marks, with the attribution found around them; a quote standing alone goes to the
    speaker of the quote before it (`reported` included: "X said Y. “…”")."""
    candidates = [Candidate(q, words) for q in quoted if (words := tree.words_in(q.inner))]
    paragraph_spans = paragraphs(tree.text)
    quotes: list[Quote] = []
    previous: tuple[Candidate, Quote] | None = None
    for candidate in candidates:
        attribution = find_attribution(tree, candidate)
        last = last_speaking(previous[1], reported, candidate) if previous is not None else None
        continued = (
            CONTINUATIONS.on(tree)
            and previous is not None
            and (last is previous[1] or same_speaker(last, previous[1]))  # no one else spoke in between
            and continues(tree, previous[0], candidate, paragraph_spans, previous[1].cue_span)
        )
        if attribution is not None and previous is not None and attribution.cue == _cue_index(tree, previous[1]):
            # "“A,” X added, “B”": both parts found the same cue; unless "…,” he said, adding: “B”"
            attribution = lead_cue(tree, candidate, attribution.cue) if LEAD_CUE.on(tree) else None
        if (
            attribution is None
            and continued
            and (not NOT_SPEECH.on(tree) or looks_like_speech(tree, candidate, linked=True))
        ):
            quote = continuation_of(tree, previous[1], candidate)
        elif attribution is not None and (
            not NOT_SPEECH.on(tree)
            or (
                looks_like_speech(tree, candidate, attribution.linked)
                and not (is_fragment(tree, candidate) and not said_object(tree, candidate, attribution.cue))
            )
        ):
            quote = direct_quote(tree, book, candidate, attribution)
        elif (
            FLOATING.on(tree)
            and previous is not None
            and stands_alone(tree, candidate, paragraph_spans)
            and _near(previous[1], candidate, 600)
        ):
            runs_on = last is previous[1] and follows_directly(tree, last, candidate)
            quote = floating_quote(tree, last, candidate, runs_on)
        else:
            continue
        quotes.append(quote)
        previous = (candidate, quote)
    return quotes


def _cue_index(tree: Tree, quote: Quote) -> int | None:
    if quote.cue_span is None:
        return None
    return next((w.index for w in tree.words if w.start == quote.cue_span.start), None)


def _near(quote: Quote, candidate: Candidate, distance: int) -> bool:
    return candidate.quoted.outer.start - quote.span.end <= distance
