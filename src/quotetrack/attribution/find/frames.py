"""Constructions that settle cue, speaker and content at once: "according to X", "Asked …, X said",
"X, they said, Y", a colon after a headline or a subject ("The Times reports: …", "Cruz called them on it: …")."""

from __future__ import annotations

import itertools

from quotetrack.attribution import cues
from quotetrack.attribution.find.cues import is_cue
from quotetrack.attribution.find.rules import Attribution, Candidate
from quotetrack.attribution.find.syntax import (
    CLOSING_MARKS,
    FINITE_TAGS,
    RELATIVE_PRONOUNS,
    agent_of,
    clause_verb,
    comma_participle,
    mention_of,
    next_text,
    sentence_without,
    subjects_of,
    trimmed,
)
from quotetrack.attribution.parse.tree import Tree


def according_frame(tree: Tree, candidate: Candidate, region: list[int]) -> Attribution | None:
    return _according_to(tree, region)


def colon_headline_frame(tree: Tree, candidate: Candidate, region: list[int]) -> Attribution | None:
    """'The New York Times reports: “…”'."""
    if not tree.text[: candidate.quoted.outer.start].rstrip().endswith(":"):
        return None
    return _colon_headline(tree, [i for i in region if tree.words[i].end <= candidate.quoted.outer.start])


def colon_intro(
    tree: Tree, candidate: Candidate, region: list[int]
) -> Attribution | None:
    """'Cruz called them on it: “…”' or 'she boomed, “…”': a clause ending in a colon, or a verb right before a
    comma, introduces the quote; that verb is the cue."""
    lead = tree.text[: candidate.quoted.outer.start].rstrip()
    before = [i for i in region if tree.words[i].end <= candidate.quoted.outer.start]
    if lead.endswith(","):
        before = before[-2:-1]  # only the verb just before the comma
    elif not lead.endswith(":"):
        return None
    for index in reversed(before):
        if tree.words[index].upos == "VERB":
            return _subject_attribution(tree, clause_verb(tree, index, set(before)))
    return None


def _subject_attribution(tree: Tree, verb: int) -> Attribution | None:
    speaker = subjects_of(tree, verb)
    if speaker and speaker[0] not in tree.inside:
        return Attribution(verb, tuple(mention_of(tree, speaker[0])), linked=True)
    return None


def _colon_headline(tree: Tree, before: list[int]) -> Attribution | None:
    """'The New York Times reports:' — a speech verb right before the colon (which taggers often take for a
    plural noun), with the words before it in its sentence as the speaker."""
    words = [i for i in before if tree.words[i].upos != "PUNCT"]
    if not words or tree.words[words[-1]].text.lower() not in cues.SPEECH_FORMS:
        return None
    cue = words[-1]
    speaker = [i for i in tree.sentence_words[tree.words[cue].sentence] if i < cue and i in words]
    if not speaker or any(tree.words[i].upos in ("VERB", "AUX") for i in speaker):
        return None
    return Attribution(cue, tuple(speaker), linked=True)


def asked_agent(tree: Tree, cue: int) -> list[int] | None:
    if not asked_opening(tree, cue):
        return None
    # who asked goes unsaid ("Asked by Ingraham …" aside); the subject of the sentence is who answered
    agent = agent_of(tree, cue)
    return mention_of(tree, agent) if agent is not None and agent not in tree.inside else []


def aside_speaker(tree: Tree, cue: int) -> list[int] | None:
    aside = _comma_aside(tree, cue)
    if aside is not None and not any(i in tree.inside for i in range(aside[0] + 1, cue)):
        return list(range(aside[0] + 1, cue))
    return None


# Words a speaker between commas may have ("…, Mr. Abboud said, …").
MAX_ASIDE_SPEAKER_WORDS = 4


def _comma_aside(tree: Tree, cue: int) -> tuple[int, int] | None:
    """'The outreach, they said, raised new worries': a speaker and the cue set between commas inside the
    sentence, however the parser hung them; the two commas, or None."""
    word = tree.words[cue]
    sentence = tree.sentence_words[word.sentence]
    after = cue + 1
    if word.upos != "VERB" or word.xpos not in FINITE_TAGS or after not in sentence or tree.words[after].text != ",":
        return None
    comma = cue - 1
    while comma in sentence and cue - comma <= MAX_ASIDE_SPEAKER_WORDS and tree.words[comma].upos in (
        "PRON", "PROPN", "DET", "NOUN", "ADJ"
    ):
        comma -= 1
    if comma == cue - 1 or comma not in sentence or tree.words[comma].text != ",":
        return None
    if any(tree.words[i].lemma in RELATIVE_PRONOUNS for i in range(comma + 1, cue)):
        return None  # "the allegations, which Mr. Ailes denies, …": a relative clause, not an aside
    before = [i for i in sentence if i < comma and tree.words[i].upos != "PUNCT"]
    rest = [i for i in sentence if i > after and tree.words[i].upos != "PUNCT"]
    if len(before) < 1 or len(rest) < 2 or any(tree.words[i].upos == "VERB" and is_cue(tree, i) for i in before):
        return None
    if comma_participle(tree, rest[0]):
        return None  # "…, Cruz explained, recalling …": the cue closes what was said, a participle follows
    return comma, after


def according_speaker(tree: Tree, cue: int) -> list[int] | None:
    return _according_source(tree, cue) if tree.words[cue].lemma == "accord" else None


def asked_opening(tree: Tree, cue: int) -> bool:
    """A sentence opening "Asked …," or "When asked …,": a question put to the sentence's subject."""
    word = tree.words[cue]
    if word.lemma != "ask" or not word.text.lower().endswith("ed") or subjects_of(tree, cue):
        return False
    sentence = tree.sentence_words[word.sentence]
    before = [tree.words[i].text.lower() for i in sentence if i < cue]
    return before in ([], ["when"], ["if"])


def _ends_opening(tree: Tree, index: int) -> bool:
    """The comma closing an opening phrase, not one inside a quote ('Asked whether she “has the integrity,” …')."""
    following = index + 1
    return tree.words[index].text == "," and not (
        following < len(tree.words) and tree.words[following].text in CLOSING_MARKS
    )


def _according_object(tree: Tree, according: int) -> int | None:
    """The source of 'according' parsed as a verb with its own object (even when it is also hung as a case)."""
    return next(
        (
            c
            for c in tree.children[according]
            if tree.words[c].relation in ("obl", "obj", "nmod") and c > according
        ),
        None,
    )


def _according_source(tree: Tree, according: int) -> list[int]:
    source = _according_object(tree, according)
    if source is not None:
        return mention_of(tree, source)
    head = tree.words[according].head
    if head is not None and tree.words[according].relation in ("case", "mark"):
        return mention_of(tree, head)
    return []


def _according_to(tree: Tree, region: list[int]) -> Attribution | None:
    for index in region:
        if tree.words[index].text.lower() == "according" and next_text(tree, index) == "to":
            source = _according_source(tree, index)
            if source:
                return Attribution(index, tuple(source))
    return None


def according_content(tree: Tree, cue: int) -> list[int] | None:
    word = tree.words[cue]
    if word.lemma != "accord":
        return None
    # "according to X" is either a clause of its own or the case marker of X (X hangs on the clause)
    marks_source = word.relation in ("case", "mark") and _according_object(tree, cue) is None
    phrase = word.head if marks_source else cue
    if phrase is None:
        return []
    return sentence_without(tree, phrase)


def asked_question(tree: Tree, cue: int) -> list[int] | None:
    if not asked_opening(tree, cue):
        return None
    # "Asked which county was his favorite, he demurred": the question runs to the comma that ends it
    agent = agent_of(tree, cue)
    asker = set(tree.subtree(agent)) if agent is not None else set()
    following = [i for i in tree.sentence_words[tree.words[cue].sentence] if i > cue and i not in asker]
    return trimmed(tree, list(itertools.takewhile(lambda i: not _ends_opening(tree, i), following)))


def around_aside(tree: Tree, cue: int) -> list[int] | None:
    aside = _comma_aside(tree, cue)
    if aside is None:
        return None
    # "The outreach, they said, raised new worries": the sentence around the aside is what was said
    sentence = tree.sentence_words[tree.words[cue].sentence]
    return trimmed(tree, [i for i in sentence if not aside[0] <= i <= aside[1]])
