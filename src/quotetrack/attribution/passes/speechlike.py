"""Which quoted spans are speech: not titles, nicknames, scare quotes, fragments, subheads or the quoted
object of a verb of naming."""

from __future__ import annotations

from quotetrack.attribution import cues
from quotetrack.attribution.find.cues import PLAIN_SPEECH_VERBS
from quotetrack.attribution.find.rules import Candidate, Step
from quotetrack.attribution.find.syntax import names_object
from quotetrack.attribution.marks import SINGLE_OPENERS
from quotetrack.attribution.parse.tree import Tree
from quotetrack.records import Span

# A quoted span this short with no cue governing it is a title, nickname or scare quote.
MIN_DIRECT_WORDS = 4


# A quoted fragment shorter than this inside a sentence is part of reported speech, not a quote of its own.
MAX_FRAGMENT_WORDS = 6


# Words left lowercase in a title ("Better Idea of Afghan Girls").
SMALL_WORDS = frozenset("a an the of and or for to in on at by with from as is".split())


def looks_like_speech(tree: Tree, candidate: Candidate, linked: bool) -> bool:
    """Long enough to be speech, and not a title, a name or a scare quote."""
    words = [tree.words[i] for i in candidate.words if tree.words[i].upos != "PUNCT"]
    inner = candidate.quoted.inner
    before = tree.text[max(0, candidate.quoted.outer.start - 24) : candidate.quoted.outer.start].lower().split()
    if before and (before[-1] in cues.NAMING_WORDS or " ".join(before[-2:]) in cues.NAMING_WORDS):
        return False
    if len(words) >= 2 and all(w.text[:1].isupper() for w in words if w.text.lower() not in SMALL_WORDS):
        return False
    ends_like_sentence = tree.text[inner.end - 1 : inner.end] in ".,?!…—-"
    return len(words) >= MIN_DIRECT_WORDS or (ends_like_sentence and (linked or len(words) >= 2))


def is_fragment(tree: Tree, candidate: Candidate) -> bool:
    """A few quoted words in the middle of a sentence ('had “Syrian roots.”'): reported speech quoting them
    becomes a mixed quote; alone they are not a quote."""
    words = [i for i in candidate.words if tree.words[i].upos != "PUNCT"]
    if not words or len(words) >= MAX_FRAGMENT_WORDS:
        return False
    sentence = tree.words[words[0]].sentence
    before = [
        i
        for i in tree.sentence_words[sentence]
        if tree.words[i].end <= candidate.quoted.outer.start and tree.words[i].upos != "PUNCT"
    ]
    return len(before) >= 3 and tree.text[: candidate.quoted.outer.start].rstrip()[-1:] not in ",:"


def said_object(tree: Tree, candidate: Candidate, cue: int | None) -> bool:
    """The quote is the whole object of its speech verb ('condemned “such a murderous attack”', 'they chanted
    "stop killing black people"'): the words said, however few."""
    if cue is None or tree.words[cue].lemma not in PLAIN_SPEECH_VERBS:
        return False
    outer = candidate.quoted.outer
    # the object as names_object finds it: the compact parser often makes it a bare oblique
    return any(
        names_object(tree, c) and all(outer.start <= tree.words[i].start < outer.end for i in tree.subtree(c))
        for c in tree.children[cue]
    )


def stands_alone(tree: Tree, candidate: Candidate, paragraph_spans: list[Span]) -> bool:
    """The quote fills its sentences: nothing but punctuation outside the marks."""
    sentences = {tree.words[i].sentence for i in candidate.words}
    outside = [
        tree.words[i]
        for s in sentences
        for i in tree.sentence_words[s]
        if not candidate.quoted.outer.start <= tree.words[i].start < candidate.quoted.outer.end
        and tree.words[i].upos != "PUNCT"
    ]
    return (
        not outside
        and looks_like_speech(tree, candidate, linked=False)
        and not _subhead(tree, candidate, paragraph_spans)
    )


def _subhead(tree: Tree, candidate: Candidate, paragraph_spans: list[Span]) -> bool:
    """A few words in single marks as a paragraph of their own ("'A change warrior.'"): a section heading."""
    outer = candidate.quoted.outer
    opening = tree.text[outer.start : outer.start + 2]
    single = opening[:1] in SINGLE_OPENERS and opening != "''"  # NYT's '' is a double mark
    words = [i for i in candidate.words if tree.words[i].upos != "PUNCT"]
    whole = any(
        paragraph.start == outer.start and not tree.text[outer.end : paragraph.end].strip()
        for paragraph in paragraph_spans
    )
    return single and whole and len(words) < MAX_FRAGMENT_WORDS


NOT_SPEECH = Step("filter/not-speech", "“We won,” he said of “The Match”.", "filter")
