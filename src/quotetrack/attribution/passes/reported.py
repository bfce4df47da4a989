"""The reported pass: every cue outside quotation marks with a speaker and content ("The minister said the
budget would be cut")."""

from __future__ import annotations

from quotetrack.attribution import cues
from quotetrack.attribution.find.channels import with_via
from quotetrack.attribution.find.content import content_found
from quotetrack.attribution.find.cues import is_cue
from quotetrack.attribution.find.frames import asked_opening
from quotetrack.attribution.find.rules import Attribution, Step, rule_names
from quotetrack.attribution.find.speaker import speaker_found
from quotetrack.attribution.find.syntax import CLAUSE_BREAKS, MIN_REPORTED_WORDS, complementizer, trimmed
from quotetrack.attribution.parse.tree import Tree
from quotetrack.attribution.resolve.quotes import new_quote, report_channel, resolve_mention
from quotetrack.attribution.speakers import SpeakerBook
from quotetrack.records import Quote


def reported_quotes(tree: Tree, book: SpeakerBook) -> list[Quote]:
    quotes = []
    for word in tree.words:
        if not tree.is_parsed(word.sentence) or word.index in tree.inside or not is_cue(tree, word.index):
            continue
        content_rule, content = content_found(tree, word.index)
        if content and complementizer(tree, content[0]):
            content = content[1:]  # the words reported, not the complementizer
        words = [i for i in content if tree.words[i].upos != "PUNCT"]
        quoting = any(i in tree.inside for i in content)  # 'called it “shameful”' is short but quotes
        if len(words) < (2 if quoting else MIN_REPORTED_WORDS):
            continue
        speaker_rule, speaker_words = speaker_found(tree, word.index)
        if speaker_words and speaker_words[0] == content[0] and word.index - 1 in tree.inside:
            continue  # what the parser made the content is the speaker ("…,” said one Republican involved in …")
        if speaker_words and content[0] < speaker_words[0] <= content[-1] and (
            content[-1] < word.index or content[0] > word.index
        ):
            # "“…,” Mr. Guerrero, who is an actor, said", "In addition to stating that X, Clinton has vowed":
            # the content ends where its speaker begins
            content = trimmed(tree, [i for i in content if i < speaker_words[0]])
            if not content:
                continue
        content = _to_sentence_end(tree, word.index, content, speaker_words)
        content_span = tree.span_of(content)
        speaker_words = [i for i in speaker_words if i not in content]
        speaker, speaker_span = resolve_mention(tree, book, tuple(speaker_words))
        channel_rules, via = _channel(tree, book, word.index, speaker_words, content, speaker)
        via = via or report_channel(tree, book, speaker, speaker_span)
        confidence = 0.7 if speaker else 0.5
        rule = rule_names(REPORTED.name, content_rule, speaker_rule, *channel_rules)
        quotes.append(new_quote(tree, "indirect", content_span, word, speaker, speaker_span, via, confidence, rule))
    return quotes


def _channel(tree: Tree, book: SpeakerBook, cue: int, speaker_words, content: list[int], speaker):
    """The medium reported speech was told to or given in, as for direct quotes ("told BBC Sport that …", "said
    in an interview with Fox News that …"): outside the content, a medium and not the speaker."""
    found = with_via(tree, Attribution(cue, tuple(speaker_words)), ())
    if not found.via_words or set(found.via_words) & set(content):
        return (), None
    # the medium told is an object of the cue: no antecedent for a later pronoun ("… told LA Weekly. … they")
    via, _ = resolve_mention(tree, book, found.via_words, salient=False)
    if via is None or via.type != "media" or (speaker is not None and speaker.name == via.name):
        return (), None
    return found.rules, via


def _to_sentence_end(
    tree: Tree, cue: int, content: list[int], speaker_words: list[int]
) -> list[int]:
    """Content after its cue runs on to the end of the sentence (the parser often cuts a long clause short at a
    comma, a colon or a parenthesis), but not into the next attribution: it stops at the clause break before
    another cue or the speaker."""
    if content[0] < cue or _named_object(tree, cue, content[0]) or asked_opening(tree, cue):
        # content before the cue, a named object ("called the inquiry a “witch hunt”"), the question of "Asked …,"
        return content
    rest = [i for i in tree.sentence_words[tree.words[cue].sentence] if i > content[-1] and i not in tree.inside]
    stop = next((n for n, i in enumerate(rest) if i in speaker_words or is_cue(tree, i)), None)
    if stop is not None:
        breaks = [n for n in range(stop) if _breaks_clause(tree.words[rest[n]])]
        rest = rest[: breaks[-1]] if breaks else []
    while rest and _breaks_clause(tree.words[rest[-1]]):
        rest = rest[:-1]
    return trimmed(tree, content + rest)


def _named_object(tree: Tree, cue: int, first: int) -> bool:
    """The content opens with the object of a naming verb: what follows the name was not said."""
    return tree.words[cue].lemma in cues.NAMING_VERBS and any(
        tree.words[c].relation == "obj" and first in tree.subtree(c) for c in tree.children[cue]
    )


def _breaks_clause(word) -> bool:
    return word.text in CLAUSE_BREAKS or word.upos == "CCONJ"


# The pass, which the ablation can switch off as a whole.
REPORTED = Step("reported/cue", "The minister said the budget would be cut.", "quote")
