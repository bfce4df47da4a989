"""Structural queries over a Tree that several rule families share: subjects, mentions, objects,
clause boundaries, the shape of a finite clause."""

from __future__ import annotations

from quotetrack.attribution import cues
from quotetrack.attribution.marks import DOUBLE_CLOSERS, DOUBLE_OPENERS, SINGLE_OPENERS
from quotetrack.attribution.parse.tree import Tree

SUBJECT_RELATIONS = ("nsubj", "csubj")


MIN_REPORTED_WORDS = 3


# Penn tags of finite verbs, and the words a that-less complement clause can open with (its subject).
FINITE_TAGS = frozenset(["VBD", "VBZ", "VBP", "MD"])


CLAUSE_SUBJECT_STARTS = frozenset(["DET", "PRON", "PROPN", "NOUN", "ADJ", "NUM"])


# Words that may come before a number opening a subject ("said about half of …").
APPROXIMATORS = frozenset("about nearly almost roughly around some only just over under".split())


CLAUSE_BREAKS = frozenset([",", ";", ":", "(", "—", "–", "--"])


OPENING_MARKS = frozenset(DOUBLE_OPENERS) | frozenset(SINGLE_OPENERS)


CLOSING_MARKS = DOUBLE_CLOSERS | frozenset("".join(SINGLE_OPENERS.values()))


RELATIVE_PRONOUNS = frozenset("who whom whose which that".split())


# Relations that make up a name or a bare noun phrase ("Huma Abedin", "a new poll").
NAME_RELATIONS = ("flat", "compound", "det", "amod", "nummod")


def has_particle(tree: Tree, cue: int, particles, relations=("compound",)) -> bool:
    """Whether the cue carries one of `particles` as its verb particle ("pointed out", "went on", "called for"),
    or in another of `relations`."""
    return any(
        tree.words[c].lemma in particles and tree.words[c].relation in relations for c in tree.children[cue]
    )


def _previous_text(tree: Tree, index: int) -> str:
    return tree.words[index - 1].text if index > 0 else ""


def next_text(tree: Tree, index: int) -> str:
    return tree.words[index + 1].text.lower() if index + 1 < len(tree.words) else ""


def clause_verb(tree: Tree, verb: int, words: set[int]) -> int:
    """The verb with a subject that `verb`, subjectless, hangs under among `words` ("Clinton has apologized for
    what happened:" → apologized), or `verb` itself."""
    while not subjects_of(tree, verb):
        head = tree.words[verb].head
        if head is None or head not in words or tree.words[head].upos != "VERB":
            break
        verb = head
    return verb


def subjects_of(tree: Tree, index: int) -> list[int]:
    return [c for c in tree.children[index] if tree.words[c].relation in SUBJECT_RELATIONS]


def comma_participle(tree: Tree, index: int) -> bool:
    """A present participle set off by a comma ("…, saying …"): it speaks for the clause before it."""
    return tree.words[index].xpos == "VBG" and _previous_text(tree, index) == ","


def time_word(tree: Tree, index: int) -> bool:
    """A word that dates rather than speaks ("Friday said"), unless the article names someone so ("Kristen
    Day … Day said")."""
    word = tree.words[index]
    if word.lemma not in cues.TIME_WORDS:
        return False
    return not tree.is_surname(word.text)


def described_speaker(tree: Tree, cue: int) -> int | None:
    """'A person familiar with the planning says …' parsed as a clause "person (is) familiar" before the cue:
    that adjective phrase is the speaker, not content."""
    return next(
        (
            c
            for c in tree.children[cue]
            if c < cue
            and tree.words[c].relation in ("ccomp", "csubj")
            and tree.words[c].upos == "ADJ"
            and any(tree.words[k].relation == "nsubj" and tree.words[k].upos == "NOUN" for k in tree.children[c])
            and not any(tree.words[k].relation in ("cop", "aux") for k in tree.children[c])  # "X is wrong"
        ),
        None,
    )


def agent_of(tree: Tree, cue: int) -> int | None:
    """The "by X" of a passive cue ("as reported by Western Journalism")."""
    for child in tree.children[cue]:
        word = tree.words[child]
        if word.deprel == "obl:agent" or (
            word.relation == "obl"
            and any(tree.words[g].lemma == "by" for g in tree.children[child])
            and tree.words[cue].xpos == "VBN"
        ):
            return child
    return None


def mention_of(tree: Tree, head: int) -> list[int]:
    """The contiguous words of a mention: the head's subtree, cut at quotes, clauses, edge punctuation and the
    date the parser hung on it ("The White House on Monday")."""
    clause = {
        c
        for c in tree.children[head]
        if tree.words[c].relation in ("acl", "advcl", "parataxis", "case", "mark")
        or (tree.words[c].relation == "nmod" and c > head and time_word(tree, c) and _ends_phrase(tree, c, head))
    }
    words = [i for i in tree.subtree(head, frozenset(clause)) if i not in tree.inside]
    block = contiguous(words, head)
    # a leading "As" of "As The Post's Dana Milbank puts it" hangs deep in the phrase
    while block and (tree.words[block[0]].upos in ("PUNCT", "CCONJ") or tree.words[block[0]].relation == "case"):
        block = block[1:]
    while block and tree.words[block[-1]].upos in ("PUNCT", "CCONJ"):
        block = block[:-1]
    after = block[-1] + 1 if block else None
    if (
        after is not None
        and after < len(tree.words)
        and tree.words[after].text == ")"
        and any(tree.words[i].text == "(" for i in block)
    ):
        block.append(after)  # keep "(KCNA)" whole
    return block or [head]


def _ends_phrase(tree: Tree, part: int, head: int) -> bool:
    """Nothing of the head's phrase follows this part of it but punctuation."""
    end = tree.subtree(part)[-1]
    return all(i <= end or tree.words[i].upos == "PUNCT" for i in tree.subtree(head))


def contiguous(words: list[int], head: int) -> list[int]:
    if head not in words:
        return words
    position = words.index(head)
    start = end = position
    while start > 0 and words[start - 1] == words[start] - 1:
        start -= 1
    while end + 1 < len(words) and words[end + 1] == words[end] + 1:
        end += 1
    return words[start : end + 1]


def complementizer(tree: Tree, index: int) -> bool:
    """A "that" opening a clause, however tagged: marked so, or not followed by a verb (a pronoun "that" is the
    subject of one: "said that was wrong"; "said that for one, there appeared …", "said that the plan …")."""
    word = tree.words[index]
    if word.lemma != "that":
        return False
    if word.relation == "mark":
        return True
    opens_sentence = index == tree.sentence_words[word.sentence][0]  # "That criticism was …": a demonstrative
    following = tree.words[index + 1] if index + 1 < len(tree.words) else None
    return (
        word.text.lower() == "that"
        and not opens_sentence
        and word.upos in ("PRON", "SCONJ")
        and following is not None
        and following.upos not in ("VERB", "AUX")
    )


def opens_with_quote(tree: Tree, index: int) -> bool:
    """The phrase of `index` starts with an opening quotation mark."""
    first = tree.words[min(tree.subtree(index))]
    before = tree.text[: first.start].rstrip()
    # a straight mark glued to the word before it closes a quote: '"chained CPI" that would …'
    return first.text in OPENING_MARKS or any(
        before.endswith(mark) and (len(before) == len(mark) or not before[-len(mark) - 1].isalnum())
        for mark in OPENING_MARKS
    )


def objects_of(tree: Tree, cue: int) -> list[int]:
    """The cue's direct objects after it, dates aside ("tweeted Sunday")."""
    return [
        c
        for c in tree.children[cue]
        if tree.words[c].relation == "obj"
        and tree.words[c].start > tree.words[cue].start
        and tree.words[c].lemma not in cues.TIME_WORDS
    ]


def names_object(tree: Tree, child: int) -> bool:
    """What a naming verb calls its object: a predicate the parser hangs as xcomp, a second object, or a bare
    oblique with no preposition ("called it a “fundamental mistake”")."""
    word = tree.words[child]
    if word.relation in ("xcomp", "obj"):
        return True
    return word.relation == "obl" and not any(tree.words[g].relation == "case" for g in tree.children[child])


def sentence_without(tree: Tree, index: int) -> list[int]:
    """The sentence's words outside the subtree of `index`, as one run: robust to where the parser hung the
    attribution ("…, according to X" scopes over the whole sentence)."""
    own = set(tree.subtree(index))
    sentence = [i for i in tree.sentence_words[tree.words[index].sentence] if i not in own]
    before = trimmed(tree, [i for i in sentence if i < min(own)])
    after = trimmed(tree, [i for i in sentence if i > max(own)])
    # What comes first is the content ("X, she said"), unless it is only a leading adverb ("Now, she said, X");
    # a relative clause after an inverted speaker ("said Smith, who …") is not content.
    if len([i for i in before if tree.words[i].upos != "PUNCT"]) >= MIN_REPORTED_WORDS and _has_main_verb(
        tree, before
    ):
        return before
    if after and tree.words[after[0]].lemma in ("who", "which", "whom", "whose"):
        return []
    return after


def _has_main_verb(tree: Tree, words: list[int]) -> bool:
    """Whether `words` hold a clause of their own, not just a noun phrase with a relative clause ("Donald Trump,
    who is vying to be the next president, tweeted": the speaker the parser cut off from the cue)."""
    relative = {i for w in words if tree.words[w].relation == "acl" for i in tree.subtree(w)}
    return any(tree.words[i].upos in ("VERB", "AUX") and i not in relative for i in words)


def is_infinitive(tree: Tree, child: int) -> bool:
    """A "to …" clause, whether the parser made it a complement or an adverbial."""
    return tree.words[child].relation in ("xcomp", "advcl") and any(
        tree.words[k].lemma == "to" and tree.words[k].upos == "PART" for k in tree.children[child]
    )


def finite_clause_follows(tree: Tree, words: list[int]) -> bool:
    """A subject-like word then a finite verb before any break ("said Trump has …", "said his rival is …"):
    a that-less complement the parser took apart."""
    if not starts_subject(tree, words):
        return False
    for index in words[1:]:
        word = tree.words[index]
        if word.upos == "CCONJ" or word.text in CLAUSE_BREAKS or (word.upos == "ADP" and index == words[1]):
            return False
        if word.upos in ("VERB", "AUX") and word.xpos in FINITE_TAGS:
            return True
    return False


def starts_subject(tree: Tree, words: list[int]) -> bool:
    """The words can open a clause's subject ("his rival", "Trump", "about half of voters")."""
    if not words:
        return False
    first = tree.words[words[0]]
    return first.upos in CLAUSE_SUBJECT_STARTS or (
        first.text.lower() in APPROXIMATORS and len(words) > 1 and tree.words[words[1]].upos == "NUM"
    )


def trimmed(tree: Tree, words: list[int]) -> list[int]:
    words = sorted(words)
    while words and tree.words[words[0]].upos == "PUNCT" and tree.words[words[0]].text not in "\"“'‘":
        words = words[1:]
    while words and tree.words[words[-1]].upos == "PUNCT" and tree.words[words[-1]].text not in "\"”'’":
        words = words[:-1]
    return words
