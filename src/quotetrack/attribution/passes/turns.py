"""Labelled transcript turns: a paragraph opening with a name and a colon ("TAPPER: …")."""

from __future__ import annotations

from quotetrack.attribution import cues
from quotetrack.attribution.find.rules import Step
from quotetrack.attribution.find.syntax import MIN_REPORTED_WORDS
from quotetrack.attribution.marks import paragraphs
from quotetrack.attribution.parse.tree import Tree
from quotetrack.attribution.resolve.quotes import new_quote
from quotetrack.attribution.speakers import SpeakerBook
from quotetrack.records import Quote, Span

# A transcript or headline label ("TAPPER:", "Darrell Scott:") has at most this many words.
MAX_LABEL_WORDS = 4


def labelled_turns(tree: Tree, book: SpeakerBook) -> list[Quote]:
    """A paragraph opening with a name and a colon ("TAPPER: Do you think …", "Hillary: Benghazi Victim …")
    quotes that name: the rest of the paragraph is theirs."""
    quotes = []
    for paragraph in paragraphs(tree.text):
        words = tree.words_in(paragraph)
        colon = next((n for n, i in enumerate(words[: MAX_LABEL_WORDS + 1]) if tree.words[i].text == ":"), None)
        if not colon or len(words) - colon - 1 < MIN_REPORTED_WORDS:
            continue
        label = [tree.words[i] for i in words[:colon]]
        if not all(w.upos == "PROPN" or w.text.isupper() for w in label):
            continue
        if " ".join(w.text.lower() for w in label) in cues.NOT_SPEAKER_LABELS:
            continue
        content = Span(tree.words[words[colon + 1]].start, paragraph.end)
        speaker_span = Span(label[0].start, label[-1].end)
        colon_word = tree.words[words[colon]]
        speaker = book.resolve(speaker_span)
        quotes.append(
            new_quote(
                tree, "direct", content, colon_word, speaker, speaker_span, None, 0.6, (LABELLED_TURNS.name,),
                context_span=paragraph,
            )
        )
    return quotes


LABELLED_TURNS = Step("turn/labelled", "TAPPER: Do you think the party will hold together?", "quote")
