"""Quote records from what the rules found: speaker mentions resolved through the article's SpeakerBook,
the channel put in order, the cue's lemma, the context."""

from __future__ import annotations

from quotetrack.attribution import cues
from quotetrack.attribution.find.rules import Attribution, Candidate, Step
from quotetrack.attribution.find.syntax import mention_of
from quotetrack.attribution.parse.tree import Tree
from quotetrack.attribution.speakers import SpeakerBook, describe, is_acronym
from quotetrack.records import Quote, Span, Speaker

# Names the quotes whose speaker is not the mention as written but the article's name for it ("she" -> Mary Smith).
COREFERENCE = Step("resolve/coreference", "Mary Smith won. “I am happy,” she said.", "speaker")


def resolve_mention(
    tree: Tree, book: SpeakerBook, words: tuple[int, ...], salient: bool = True
) -> tuple[Speaker | None, Span | None]:
    if not words:
        return None, None
    span = tree.span_of(list(words))
    own = set(words)
    head = next((i for i in words if tree.words[i].head not in own), words[0])
    antecedent = _relative_antecedent(tree, head) if len(words) == 1 else None
    if antecedent is not None:
        # "Smith, who said …": the mention is "who", the speaker is Smith
        named = mention_of(tree.without_quotes(), antecedent)
        return book.resolve(tree.span_of(named), tree.words[antecedent].span, salient), span
    return book.resolve(span, tree.words[head].span, salient), span


def _relative_antecedent(tree: Tree, pronoun: int) -> int | None:
    """The noun a relative pronoun subject stands for: the head of its relative clause."""
    word = tree.words[pronoun]
    clause = word.head
    if word.lemma not in ("who", "which", "that") or clause is None or tree.words[clause].deprel != "acl:relcl":
        return None
    if is_acronym(word.text):
        return None  # "WHO", the World Health Organization, tagged a relative pronoun
    return tree.words[clause].head


def direct_quote(tree: Tree, book: SpeakerBook, candidate: Candidate, attribution: Attribution) -> Quote:
    speaker, speaker_span = resolve_mention(tree, book, attribution.speaker_words)
    via, _ = resolve_mention(tree, book, attribution.via_words)
    speaker, via = _order_channel(speaker, via)
    rules = attribution.rules
    if via is None:  # the channel a rule found named no medium or organisation: that rule decided nothing
        rules = tuple(name for name in rules if not name.startswith("channel/"))
    via = via or report_channel(tree, book, speaker, speaker_span)
    cue_word = tree.words[attribution.cue] if attribution.cue is not None else None
    confidence = 0.9 if attribution.linked else 0.75
    return new_quote(
        tree,
        "direct",
        candidate.quoted.inner,
        cue_word,
        speaker,
        speaker_span,
        via,
        confidence,
        rules,
        context_span=candidate.quoted.outer,
    )


def new_quote(
    tree: Tree,
    kind: str,
    span: Span,
    cue_word,
    speaker: Speaker | None,
    speaker_span: Span | None,
    via: Speaker | None,
    confidence: float,
    rule: tuple[str, ...],
    context_span: Span | None = None,
) -> Quote:
    """A Quote record whose texts are cut from the article at the given spans."""
    mention = speaker_span.slice(tree.text) if speaker_span else None
    if speaker is not None and mention is not None and speaker.name.casefold() != describe(mention).casefold():
        rule = (*rule, COREFERENCE.name)
    return Quote(
        kind=kind,
        span=span,
        text=span.slice(tree.text),
        cue=_cue_lemma(tree, cue_word) if cue_word else None,
        cue_span=cue_word.span if cue_word else None,
        cue_text=cue_word.text if cue_word else None,
        speaker=speaker,
        speaker_mention=mention,
        speaker_span=speaker_span,
        via=via,
        confidence=confidence,
        context=context_of(tree, context_span or span),
        rule=rule,
    )


# The cue of a labelled transcript turn ("TAPPER: …"): a kind of its own, no word of the lexicon.
TURN_CUE = "(turn)"


def _cue_lemma(tree: Tree, cue_word) -> str:
    """What the cue facet shows: the lemma, with the particle of a phrasal cue ("point out"); "according to";
    a labelled turn's colon as its own kind."""
    if cue_word.text == ":":
        return TURN_CUE
    lemma = cue_word.lemma.lower()
    if lemma == "accord":
        return "according to"
    particles = cues.PHRASAL_SPEECH.get(lemma, ()) + cues.PHRASAL_OBJECT_CONTENT.get(lemma, ())
    particle = next(
        (tree.words[c].lemma for c in tree.children[cue_word.index]
         if tree.words[c].relation == "compound" and tree.words[c].lemma in particles),
        None,
    )
    return f"{lemma} {particle}" if particle else lemma


def _order_channel(speaker: Speaker | None, via: Speaker | None) -> tuple[Speaker | None, Speaker | None]:
    """Of a person and a medium both credited, the person spoke and the medium carried it."""
    if speaker is not None and via is not None:
        if speaker.type == "media" and via.type != "media":
            return via, speaker
        if via.type != "media" and via.type not in ("organization", "government"):
            return speaker, None
        if speaker.name == via.name:
            return speaker, None
    return speaker, via


def report_channel(tree: Tree, book: SpeakerBook, speaker: Speaker | None, span: Span | None):
    """'The news report stated …': the report is the channel most recently credited in the article."""
    if speaker is None or span is None:
        return None
    words = span.slice(tree.text).lower().split()
    if words[:1] == ["the"] and words[-1] in ("report", "reports", "statement", "dispatch", "footage", "broadcast"):
        found = book.latest({"media"}, span.start - 1)
        if found is not None and found.name != speaker.name:
            return found
    return None


def context_of(tree: Tree, span: Span) -> str:
    sentences = [s for s in tree.sentence_spans if s.overlaps(span)]
    if not sentences:
        return span.slice(tree.text)
    return tree.text[sentences[0].start : sentences[-1].end]
