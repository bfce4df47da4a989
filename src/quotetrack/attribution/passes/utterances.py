"""One speaker's words across quotes: a quote split by its cue, quotes that continue an attributed one,
floating quotes, quoted words merged into the reported clause that holds them (mixed), utterance numbers."""

from __future__ import annotations

from dataclasses import replace

from quotetrack.attribution.find.rules import Candidate, Step, rule_names
from quotetrack.attribution.marks import QuotedSpan
from quotetrack.attribution.parse.tree import Tree
from quotetrack.attribution.resolve.quotes import context_of
from quotetrack.records import Quote, Span

# Longest attribution clause that may sit between two parts of one utterance.
MAX_SPLIT_ATTRIBUTION_WORDS = 30

# The steps of this module, each of which the ablation can switch off.
CONTINUATIONS = Step("utterance/continuation", "“We won,” he said. “Now we rest.”", "quote")
FLOATING = Step(
    "utterance/floating",
    "“We won,” the coach said.\n\nThe captain said the team was tired.\n\n“It was the best game of the season.”",
    "quote",
)
MIXED = Step("utterance/mixed", "He said the plan was “a disaster for the town”.", "quote")


def continues(
    tree: Tree,
    before: Candidate,
    after: Candidate,
    paragraph_spans: list[Span],
    attribution_span: Span | None,
) -> bool:
    """The later quote is the second part of the same utterance ('“A,” he said. “B.”' or a paragraph run-on)."""
    if before.quoted.continues:
        return True
    gap = tree.text[before.quoted.outer.end : after.quoted.outer.start]
    if "\n" in gap:
        return False
    # The attribution between the parts may be long ("… Bill Clinton said during a session at …. “B”").
    cue_between = attribution_span is not None and before.quoted.outer.end <= attribution_span.start
    if len(gap.split()) > (MAX_SPLIT_ATTRIBUTION_WORDS if cue_between else 12):
        return False
    return any(p.start <= before.quoted.outer.start and after.quoted.outer.end <= p.end for p in paragraph_spans)


def continuation_of(tree: Tree, first: Quote, candidate: Candidate, step: Step = CONTINUATIONS) -> Quote:
    """The next part of `first`'s utterance, found by `step` (a continuation, or a floating quote running on)."""
    return replace(
        first,
        span=candidate.quoted.inner,
        text=candidate.quoted.inner.slice(tree.text),
        context=context_of(tree, candidate.quoted.outer),
        continues=True,
        rule=_carried(step.name, first),
    )


def _carried(rule: str, previous: Quote) -> tuple[str, ...]:
    """The rules of a quote that takes its speaker from the quote before it."""
    return (rule, *(name for name in previous.rule if name.startswith(("speaker/", "channel/"))))


def follows_directly(tree: Tree, previous: Quote, candidate: Candidate) -> bool:
    """Only the previous quote's attribution (or nothing) stands between it and this quote: the next
    paragraph carries on the same utterance."""
    gap = tree.text[previous.span.end : candidate.quoted.outer.start]
    words = [w for w in gap.split() if any(ch.isalnum() for ch in w)]
    attributed_in_gap = previous.cue_span is not None and previous.span.end <= previous.cue_span.start
    return not words or (attributed_in_gap and len(words) <= MAX_SPLIT_ATTRIBUTION_WORDS)


def same_speaker(one: Quote, other: Quote) -> bool:
    return one.speaker is not None and other.speaker is not None and one.speaker.name == other.speaker.name


def last_speaking(previous: Quote, reported: list[Quote], candidate: Candidate) -> Quote:
    """The quote with a speaker closest before the candidate: the previous direct quote or reported speech
    (not speech inside the previous speaker's description: "said Sosa, who said he would not vote …")."""
    described = previous.speaker_span
    between = [
        q
        for q in reported
        if q.speaker is not None
        and previous.span.end <= q.span.start
        and q.span.end <= candidate.quoted.outer.start
        and not (described is not None and described.start <= q.span.start < described.end)
    ]
    return between[-1] if between else previous


def floating_quote(tree: Tree, previous: Quote, candidate: Candidate, same_utterance: bool) -> Quote:
    """A quote standing alone after another speaker's quote is credited to that speaker, with less confidence;
    right after it, it is the same utterance running on."""
    if same_utterance:
        return continuation_of(tree, previous, candidate, FLOATING)
    return replace(
        previous,
        kind="direct",
        span=candidate.quoted.inner,
        text=candidate.quoted.inner.slice(tree.text),
        cue=None,
        cue_span=None,
        confidence=0.5,
        context=context_of(tree, candidate.quoted.outer),
        continues=False,
        rule=_carried(FLOATING.name, previous),
    )


def merge_mixed(direct: list[Quote], reported: list[Quote], quoted: list[QuotedSpan]) -> list[Quote]:
    """Reported speech that holds a quoted fragment becomes one mixed quote; a reported clause that is just
    a direct quote's words is dropped in favour of the direct quote."""
    kept_direct = list(direct)
    out = []
    for quote in reported:
        # a direct quote whose closing punctuation the reported clause left out is inside it all the same
        inner = [d for d in kept_direct if quote.span.start <= d.span.start and _ends_within(d, quote.span.end)]
        last = max(inner, key=lambda d: d.span.end, default=None)
        if last is not None and last.span.end > quote.span.end:
            tail = last.text[len(last.text) - (last.span.end - quote.span.end) :]
            quote = replace(quote, span=Span(quote.span.start, last.span.end), text=quote.text + tail)
        overlapping = [d for d in kept_direct if d.span.overlaps(quote.span)]
        if overlapping and not inner:
            continue
        if inner:
            outside = len(quote.span) - sum(len(d.span) for d in inner)
            if outside < 12 or any(d.cue_span and quote.span.start <= d.cue_span.start < quote.span.end for d in inner):
                # the reported clause is the quote itself, or it credits the quote on ("…, saying, “…” wrote KCNA")
                continue
            for d in inner:
                kept_direct.remove(d)
            speaker = quote.speaker or inner[0].speaker
            inner_rules = (name for d in inner for name in d.rule if name not in quote.rule)
            rule = rule_names(MIXED.name, *quote.rule, *inner_rules)
            quote = replace(quote, kind="mixed", speaker=speaker, via=quote.via or inner[0].via, rule=rule)
        elif any(q.inner.overlaps(quote.span) for q in quoted):
            # quotes a fragment too short to be a quote of its own
            quote = replace(quote, kind="mixed", rule=(MIXED.name, *quote.rule))
        out.append(quote)
    return kept_direct + out


def _ends_within(direct: Quote, end: int) -> bool:
    """The direct quote ends by `end`, or only punctuation of it runs past."""
    past = direct.text[max(0, end - direct.span.start) :] if direct.span.end > end else ""
    return direct.span.end <= end or (len(past) <= 2 and not any(ch.isalnum() for ch in past))


def number_utterances(quotes: list[Quote]) -> list[Quote]:
    """Utterance ids in text order; a continuation joins the part it carries on, the latest quote before it with
    its cue and speaker ("“A,” Clark said, noting X. “B.”": not the reported X in between), else the latest."""
    numbered: list[Quote] = []
    count = 0
    for quote in quotes:
        if quote.continues and numbered:
            attribution = (quote.cue_span, quote.speaker_span)
            first = next((q for q in reversed(numbered) if (q.cue_span, q.speaker_span) == attribution), numbered[-1])
            numbered.append(replace(quote, utterance=first.utterance))
        else:
            numbered.append(replace(quote, utterance=count))
            count += 1
    return numbered
