"""Which word is a cue: a speech verb of the lexicon in a shape that reports speech, and how a cue relates
to the quoted words (governs them, hangs under them, reaches them through an infinitive)."""

from __future__ import annotations

from quotetrack.attribution import cues
from quotetrack.attribution.find.rules import Step
from quotetrack.attribution.find.syntax import (
    CLOSING_MARKS,
    finite_clause_follows,
    has_particle,
    is_infinitive,
    names_object,
    next_text,
    objects_of,
    opens_with_quote,
)
from quotetrack.attribution.parse.tree import Tree

# Speech verbs that speak without a content clause, and the clause-only verbs that speak when bound to a quote.
PLAIN_SPEECH_VERBS = cues.SPEECH_VERBS - cues.CLAUSE_ONLY_VERBS


QUOTE_BOUND_VERBS = cues.CLAUSE_ONLY_VERBS - cues.NAMING_VERBS


def is_cue(tree: Tree, index: int) -> bool:
    word = tree.words[index]
    known = word.lemma in cues.SPEECH_VERBS or word.lemma in cues.CLAUSE_ONLY_VERBS or word.lemma in cues.NAMING_VERBS
    if word.text.lower() in ("say", "says") and word.upos == "NOUN":
        # "Nearly nine out of 10 say they will …": the tagger took the verb after a number for a noun
        return finite_clause_follows(tree, [i for i in tree.sentence_words[word.sentence] if i > index])
    if word.upos == "NOUN" and quote_then_phrase(tree, index):
        return True  # "“…,” the editorial read.", "the two write", with the verb tagged as a noun
    if not known or word.upos not in ("VERB", "AUX"):
        return word.lemma == "accord" and next_text(tree, index) == "to"
    if word.relation in ("amod", "compound"):
        return False  # "the added security", "self-described": a participle describing a noun says nothing
    if CUE_SENSE.on(tree) and not_speech_sense(tree, index):
        return False
    if word.lemma in cues.NAMING_VERBS and naming_parts(tree, index):
        return True  # "called the actions lawful", "called it “a fundamental mistake”": naming is saying
    if word.lemma in cues.CLAUSE_ONLY_VERBS or word.lemma in cues.NAMING_VERBS:
        return (
            any(tree.words[c].relation in ("ccomp", "parataxis") for c in tree.children[index])
            or bool(topic_words(tree, index))
            or (takes_object_content(tree, index) and bool(objects_of(tree, index)))
        )
    return True


# A speech verb in a sense that says nothing: switched off, every such verb is a cue again.
CUE_SENSE = Step("filter/cue-sense", "The 2003 champion claimed her seventh Grand Slam title on Saturday.", "filter")


def not_speech_sense(tree: Tree, index: int) -> bool:
    """A speech verb used in a sense that reports no speech, told from its object when it has no clause of its
    own: "claimed her seventh title" (a prize won), "has published many histories" (a work that is no
    statement), "without even mentioning his penalty" (an omission)."""
    word = tree.words[index]
    children = tree.children[index]
    if any(tree.words[c].relation in ("ccomp", "parataxis") for c in children):
        return False
    if word.xpos == "VBG" and any(tree.words[c].lemma == "without" for c in children):
        return True
    objects = [tree.words[c] for c in children if tree.words[c].relation == "obj" and c not in tree.inside]
    if word.lemma == "claim":
        return any(o.lemma.lower() in cues.PRIZE_NOUNS for o in objects)
    if word.lemma == "publish":
        return any(o.upos == "NOUN" and o.lemma.lower() not in cues.SPEECH_NOUNS for o in objects)
    return False


def quote_then_phrase(tree: Tree, cue: int) -> list[int]:
    """The short noun phrase between a closing quotation mark and a finite speech-verb form the tagger made a
    noun, the verb ending its clause ("“…,” the two write."); nothing if the words are not laid out so."""
    word = tree.words[cue]
    if word.text.lower() not in cues.SPEECH_FORMS or word.text.lower().endswith("ing"):
        return []
    following = tree.words[cue + 1] if cue + 1 < len(tree.words) else None
    if following is not None and following.sentence == word.sentence and following.upos not in ("PUNCT", "ADP"):
        return []  # "“…,” the state department said": a noun after all
    phrase: list[int] = []
    index = cue - 1
    while index >= 0 and tree.words[index].upos in ("DET", "NUM", "ADJ", "PROPN", "NOUN") and len(phrase) < 4:
        phrase.insert(0, index)
        index -= 1
    if not phrase or index < 0 or tree.words[index].text not in CLOSING_MARKS:
        return []
    return phrase


def phrasal_speech(tree: Tree, cue: int) -> bool:
    """A verb that speaks with its particle or object ("“…,” Trump went on", "As Vulture put it, “…”")."""
    return has_particle(tree, cue, cues.PHRASAL_SPEECH.get(tree.words[cue].lemma, ()), ("compound", "obj"))


def takes_object_content(tree: Tree, cue: int) -> bool:
    """Whether the cue's object is what was said: a verb of the lexicon, or a phrasal "point out"."""
    word = tree.words[cue]
    return word.lemma in cues.OBJECT_CONTENT_VERBS or has_particle(
        tree, cue, cues.PHRASAL_OBJECT_CONTENT.get(word.lemma, ())
    )


def governs(tree: Tree, cue: int, quote_words: set[int]) -> bool:
    return any(child in quote_words and tree.words[child].upos != "PUNCT" for child in tree.children[cue])


def through_infinitive(tree: Tree, cue: int, quote_words: set[int]) -> bool:
    """'Rubio will continue to be “a champion …”': the quote hangs on the verb only through a "to" clause."""
    linking = [c for c in tree.children[cue] if c in quote_words and tree.words[c].upos != "PUNCT"]
    return bool(linking) and all(is_infinitive(tree, c) for c in linking)


def governed_by_quote(tree: Tree, cue: int, quote_words: set[int]) -> bool:
    """'“…,” he said', '“…,” it reads': the cue hangs off a word of the quote (as parataxis, or as a conjunct the
    parser made of it), or is the root it attaches to."""
    head = tree.words[cue].head
    return head is not None and head in quote_words and tree.words[cue].relation in CUE_UNDER_QUOTE_RELATIONS


def cue_above(tree: Tree, index: int, participle: bool = False) -> int | None:
    """The nearest cue (a participle one, with `participle`) among the ancestors of `index`."""
    current = tree.words[index].head
    while current is not None:
        if is_cue(tree, current) and (not participle or tree.words[current].xpos == "VBG"):
            return current
        current = tree.words[current].head
    return None


CUE_UNDER_QUOTE_RELATIONS = ("parataxis", "ccomp", "dep", "conj")


# Where the compact parser hangs the quoted name of "called X “Y”" when not as xcomp.
MISPARSED_NAME_RELATIONS = ("conj", "appos", "advcl", "amod", "acl", "ccomp")


def naming_parts(tree: Tree, cue: int) -> list[int]:
    """Who is named and what they are called ("called [the actions] [lawful]"), or nothing if either lacks."""
    objects = objects_of(tree, cue) or [  # "what Gilbert called “a perception problem”", the clause under "what"
        c
        for c in [*tree.children[cue], tree.words[cue].head]
        if c is not None and c < cue and tree.words[c].lemma in ("what", "that", "which")
    ]
    named = [c for c in tree.children[cue] if names_object(tree, c) and c not in objects[:1]] or [
        # "called the statement “offensive and outlandish”", "called the system “rigged”": the quoted name
        # parsed as a conjunct or apposition of the object, or a clause of the verb
        c
        for c in [*(tree.children[objects[0]] if objects else []), *tree.children[cue]]
        if tree.words[c].relation in MISPARSED_NAME_RELATIONS
        and objects
        and c > objects[0]
        and opens_with_quote(tree, c)
    ]
    return objects[:1] + named if objects and named else []


def topic_words(tree: Tree, cue: int) -> list[int]:
    """Obliques after the cue that name what was said about ("warned of a battle", "calls for reform")."""
    prepositions = cues.TOPIC_PREPOSITIONS.get(tree.words[cue].lemma, ())
    # the preposition hangs on its object, or (a particle) on the cue: "talks about growing up", "called for a …"
    particle = has_particle(tree, cue, prepositions)
    return [
        c
        for c in tree.children[cue]
        if tree.words[c].relation in ("obl", "advcl", "obj")
        and tree.words[c].start > tree.words[cue].start
        and tree.words[c].lemma not in cues.TIME_WORDS  # "called … on Monday"
        and (
            (particle and tree.words[c].relation == "obj")
            or any(
                tree.words[g].lemma in prepositions and tree.words[g].relation in ("case", "mark")
                for g in tree.children[c]
            )
        )
    ]
