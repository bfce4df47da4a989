"""The attribution of a quote in quotation marks: its cue, speaker and channel, from the named rules of
ATTRIBUTION_RULES (the first that applies decides) and the lead cue a split quote borrows."""

from __future__ import annotations

from dataclasses import replace

from quotetrack.attribution.find.channels import with_via
from quotetrack.attribution.find.cues import (
    QUOTE_BOUND_VERBS,
    governed_by_quote,
    governs,
    is_cue,
    phrasal_speech,
    through_infinitive,
)
from quotetrack.attribution.find.frames import according_frame, asked_opening, colon_headline_frame, colon_intro
from quotetrack.attribution.find.rules import Attribution, Candidate, Rule, Step, first_match, rule_names
from quotetrack.attribution.find.speaker import speaker_found
from quotetrack.attribution.marks import QuotedSpan
from quotetrack.attribution.parse.tree import Tree

# How far (characters) an attribution may sit from its quote in the same sentence group.
MAX_CUE_DISTANCE = 160


def lead_cue(
    tree: Tree, candidate: Candidate, taken: int
) -> Attribution | None:
    """A cue verb other than `taken` right before the quote, a colon apart ("he said, adding: “…”"), which the
    parser hung on the cue the quote before already has."""
    colon = min(candidate.words) - 1
    while colon >= 0 and tree.words[colon].start >= candidate.quoted.outer.start:
        colon -= 1  # the opening mark
    if colon < 1 or tree.words[colon].text != ":":
        return None
    cue = colon - 1
    if cue == taken or cue in tree.inside or tree.words[cue].upos != "VERB" or not is_cue(tree, cue):
        return None
    speaker_rule, speaker = speaker_found(tree, cue)
    return Attribution(cue, tuple(speaker), linked=True, rules=rule_names(LEAD_CUE.name, speaker_rule))


def _region(tree: Tree, quoted: QuotedSpan) -> list[int]:
    """Words outside the quote in the sentences around it, where its attribution may be."""
    first = tree.sentence_of_offset(quoted.outer.start)
    last = tree.sentence_of_offset(max(quoted.outer.end - 1, quoted.outer.start))
    if first is None or last is None:
        return []
    sentences = list(range(first, last + 1))
    # "“…,” he said." is often split after the closing mark: take the short sentence that follows, or any that
    # follows a quote ending in a comma ("''…,'' Twitter said in a statement, adding …").
    following = last + 1
    if following < len(tree.sentence_spans):
        gap = tree.text[quoted.outer.end : tree.sentence_spans[following].start]
        runs_on = (
            quoted.inner.slice(tree.text).rstrip().endswith(",")
            and tree.sentence_spans[last].end <= quoted.outer.end  # the split fell right after the quote
        )
        if "\n" not in gap and (runs_on or len(tree.sentence_words[following]) <= 12):
            sentences.append(following)
    # "He said:" closing the sentence before the quote.
    before = first - 1
    if before >= 0 and tree.text[: quoted.outer.start].rstrip().endswith(":"):
        sentences.insert(0, before)
    return [
        i
        for s in sentences
        for i in tree.sentence_words[s]
        if not quoted.outer.start <= tree.words[i].start < quoted.outer.end
    ]


def find_attribution(tree: Tree, candidate: Candidate) -> Attribution | None:
    found = first_match(ATTRIBUTION_RULES, tree, candidate, _region(tree, candidate.quoted))
    if found is None:
        return None
    name, attribution = found
    return replace(attribution, rules=(name, *attribution.rules))


def _cue_attribution(tree: Tree, candidate: Candidate, region: list[int]) -> Attribution | None:
    """The cue nearest the quote, one the parse links to it first, one with a speaker next."""
    quote_words = set(candidate.words)
    options = []
    for index in region:
        if index in tree.inside:
            continue
        linked = governs(tree, index, quote_words) or governed_by_quote(tree, index, quote_words)
        # "“…,” agrees Michelle Stevens", "“…,” Mr. Rubel pointed out": bound to a quote, these verbs speak
        lemma = tree.words[index].lemma
        bound = (
            linked
            and tree.words[index].upos == "VERB"
            and (lemma in QUOTE_BOUND_VERBS or phrasal_speech(tree, index))
            and not through_infinitive(tree, index, quote_words)
        )
        if not (bound or is_cue(tree, index)):
            continue
        if not linked and asked_opening(tree, index):
            continue  # "Asked which county …, he demurred: “…”": the answer is not the question's
        word = tree.words[index]
        distance = min(abs(word.start - candidate.quoted.outer.end), abs(candidate.quoted.outer.start - word.end))
        if distance > MAX_CUE_DISTANCE:
            continue
        speaker_rule, speaker = speaker_found(tree, index)
        options.append((not linked, not speaker, distance, index, speaker, linked, speaker_rule))
    if not options:
        return None
    options.sort()
    _, _, _, cue, speaker, linked, speaker_rule = options[0]
    attribution = Attribution(cue, tuple(speaker), linked=linked, rules=rule_names(speaker_rule))
    return with_via(tree, attribution, [o[3:5] for o in options[1:]])


# The attribution of a quote in quotation marks, in order: the first rule that applies decides.
ATTRIBUTION_RULES: tuple[Rule[Attribution], ...] = (
    Rule("direct/cue", _cue_attribution, "“We played well,” the coach said.", "cue"),
    Rule(
        "frame/according-to", according_frame,
        "According to the club, the transfer of the young striker from the city's oldest rival, completed on Friday"
        " evening after weeks of difficult talks between the two boards and the player's agents, was “the best deal"
        " we have ever made for this team”.",
        "cue",
    ),
    Rule("frame/colon-headline", colon_headline_frame, "The New York Times reports: “The deal is done.”", "cue"),
    Rule("frame/colon-intro", colon_intro, "The coach delivered a snappy retort: “No one is leaving. We stay.”", "cue"),
)


LEAD_CUE = Step("direct/lead-cue", "“We won,” he said, adding: “Now we rest for a week.”", "cue")
