"""What a reporting cue reports: an ordered tuple of named rules, the first that applies decides."""

from __future__ import annotations

import itertools

from quotetrack.attribution import cues
from quotetrack.attribution.find.cues import naming_parts, takes_object_content, topic_words
from quotetrack.attribution.find.frames import according_content, around_aside, asked_question
from quotetrack.attribution.find.rules import Rule, first_match
from quotetrack.attribution.find.syntax import (
    CLAUSE_BREAKS,
    FINITE_TAGS,
    RELATIVE_PRONOUNS,
    comma_participle,
    complementizer,
    described_speaker,
    finite_clause_follows,
    is_infinitive,
    objects_of,
    opens_with_quote,
    sentence_without,
    starts_subject,
    time_word,
    trimmed,
)
from quotetrack.attribution.parse.tree import Tree

# The fewest words after "said" read as its clause when the parse gives it none.
SAID_CLAUSE_WORDS = 4


# Words that open an indirect question ("asked if …", "asked the campaigns why …").
QUESTION_OPENERS = frozenset("if whether who whom what why when where how which".split())


def _content_words(tree: Tree, cue: int) -> list[int]:
    return content_found(tree, cue)[1]


def content_found(tree: Tree, cue: int) -> tuple[str | None, list[int]]:
    """The content of a reporting cue and the rule that found it: its clausal complements, the object of a verb
    whose object is what was said ("praised Smegielski for …"), or the clause the cue is appended to ("X,
    officials said")."""
    return first_match(CONTENT_RULES, tree, cue) or (None, [])


def _complement(tree: Tree, cue: int) -> list[int] | None:
    described = described_speaker(tree, cue)
    clauses = [c for c in tree.children[cue] if _is_content_clause(tree, cue, c) and c != described]
    if not clauses:
        return None
    content = [i for c in clauses for i in tree.subtree(c)]
    told = objects_of(tree, cue) if tree.words[cue].lemma in cues.ADDRESSEE_VERBS else []
    if told and any(is_infinitive(tree, c) for c in clauses) and told[0] < min(content):
        # "urged people not to spread rumors": who was told is part of what they were told to do
        content = list(range(min(tree.subtree(told[0])), max(content) + 1))
    return trimmed(tree, content)


def _topic(tree: Tree, cue: int) -> list[int] | None:
    topics = topic_words(tree, cue)
    if not topics:
        return None
    # "calling on countries to support each other": what they are called on to do belongs to it
    told_to = [c for c in tree.children[cue] if c > topics[-1] and is_infinitive(tree, c)]
    return trimmed(tree, [i for c in topics + told_to for i in tree.subtree(c)])


def _naming(tree: Tree, cue: int) -> list[int] | None:
    naming = naming_parts(tree, cue) if tree.words[cue].lemma in cues.NAMING_VERBS else []
    if not naming:
        return None
    # "called the new law “much, much better”": who is named and what they are called
    named = [i for c in naming for i in ([c] if c < cue else tree.subtree(c))]  # "what" alone, not its clause
    return trimmed(tree, named)


def _quoted_object(tree: Tree, cue: int) -> list[int] | None:
    quoted_objects = [c for c in objects_of(tree, cue) if opens_with_quote(tree, c)]
    if not quoted_objects:
        return None
    # 'saying “Too many.”', 'they chanted "stop killing black people"': the words said are the object
    return trimmed(tree, [i for c in quoted_objects for i in tree.subtree(c)])


def _object_content(tree: Tree, cue: int) -> list[int] | None:
    objects = objects_of(tree, cue)
    if not (objects and takes_object_content(tree, cue)):
        return None
    after = [
        c
        for c in tree.children[cue]
        if tree.words[c].relation in ("obl", "advcl", "xcomp")  # "described the push as impossible"
        and tree.words[c].start > tree.words[objects[0]].start
        and tree.words[c].lemma not in cues.TIME_WORDS
    ]
    return trimmed(tree, [i for c in objects + after for i in tree.subtree(c)])




def _set_into(tree: Tree, cue: int) -> list[int] | None:
    word = tree.words[cue]
    if word.head is not None and (word.relation == "parataxis" or _as_reported(tree, cue) or _set_off(tree, cue)):
        # "X will happen, officials said", "Now, she said, X", "As reported by Y, X": the content is the
        # clause the cue is set into: the sentence around the cue's own clause.
        return sentence_without(tree, cue)
    return None




def _set_off(tree: Tree, cue: int) -> bool:
    """A cue closing its sentence after a comma ("X, political experts said."), whatever the parser called it
    (often a conjunct of the content): no conjunction joins it, and nothing it governs follows but adverbials."""
    word = tree.words[cue]
    if word.relation not in ("conj", "acl") or tree.words[word.head].start > word.start:
        return False
    if word.relation == "acl" and not any(
        tree.words[c].relation == "nsubj" and tree.words[c].lemma not in RELATIVE_PRONOUNS
        for c in tree.children[cue]
    ):
        return False  # a true relative clause ("…, who said"), not "…, police said" hung as one
    own = tree.subtree(cue)
    sentence = tree.sentence_words[word.sentence]
    first = min(own)
    comma = first if tree.words[first].text == "," else first - 1
    if comma not in sentence or tree.words[comma].text != ",":
        return False
    if any(i not in own for i in sentence if i > cue and tree.words[i].upos != "PUNCT"):
        return False
    return not any(
        tree.words[c].relation in ("cc", "obj", "ccomp", "xcomp") and not time_word(tree, c)
        for c in tree.children[cue]
    )


def _as_reported(tree: Tree, cue: int) -> bool:
    return tree.words[cue].relation == "advcl" and any(
        tree.words[c].lemma == "as" and tree.words[c].relation == "mark" for c in tree.children[cue]
    )


def _is_content_clause(tree: Tree, cue: int, child: int) -> bool:
    """A clause the cue reports: a complement clause (not an apposition or a relative clause that happens to
    hang there), an infinitive ("promised to act"), or a clause set off after the cue."""
    word = tree.words[child]
    relation = word.relation
    if relation == "parataxis" and (word.start < tree.words[cue].start or word.lemma in cues.SPEECH_VERBS):
        return False  # "…, veteran Republicans said" is an attribution, not content
    kids = [tree.words[k] for k in tree.children[child]]
    if _gerund_content(tree, cue, child):
        return True
    if relation == "advcl" and word.start > tree.words[cue].start:
        # "asked Holder whether he had thoughts": a question is often parsed as an adverbial clause; so is what
        # someone was told to do ("urged people not to spread rumors")
        lemma = tree.words[cue].lemma
        return (
            any(k.relation == "mark" and k.lemma in ("whether", "if") for k in kids) and lemma in cues.QUESTION_VERBS
        ) or (lemma in cues.ADDRESSEE_VERBS and is_infinitive(tree, child) and bool(objects_of(tree, cue)))
    if relation not in ("ccomp", "xcomp", "csubj", "parataxis"):
        return False
    if relation == "ccomp" and comma_participle(tree, child):
        return False  # "Black said, referring to …", "Wilkin said, eliciting jeers": not what was said
    cue_start = tree.words[cue].start
    if any(
        tree.words[k].relation == "nsubj" and cue_start < tree.words[k].start < word.start
        for k in tree.children[cue]
    ):
        return False  # "…,” said Jay Jacobs, a supporter who is …": a clause after an inverted speaker describes them
    if relation == "xcomp":
        return is_infinitive(tree, child)
    first = tree.words[tree.subtree(child)[0]]
    # "said on MSNBC that for one, there appeared …": a "that" taken for a pronoun may still open the complement
    relative = first.lemma == "that" and first.upos == "PRON" and not complementizer(tree, first.index)
    if first.lemma in ("who", "which") or relative:
        return False
    has_subject = any(k.relation in ("nsubj", "csubj") for k in kids)
    if first.upos == "ADP" and not has_subject:
        return False  # "said in the White House briefing" with "briefing" taken for a verb
    return word.upos in ("VERB", "AUX") or has_subject or any(k.relation == "cop" for k in kids)


def _gerund_content(tree: Tree, cue: int, child: int) -> bool:
    """'reported spending $6 million', 'denied knowing': a bare gerund right after the cue is what was said."""
    word = tree.words[child]
    return (
        tree.words[cue].lemma in cues.GERUND_CONTENT_VERBS
        and word.relation in ("xcomp", "advcl", "ccomp")
        and word.xpos == "VBG"
        and tree.subtree(child)[0] == child == cue + 1
    )


def _clause_after(tree: Tree, cue: int) -> list[int]:
    """When the parse gives the cue no content, a clause that plainly follows it ("argued that …",
    "claiming he was …", "told reporters the plan is …") runs from its first word to the end of the sentence."""
    sentence = tree.sentence_words[tree.words[cue].sentence]
    following = cue + 1
    if tree.words[cue].lemma in cues.ADDRESSEE_VERBS:
        addressed = [c for c in tree.children[cue] if tree.words[c].relation in ("obj", "iobj") and c > cue]
        addressee = tree.subtree(addressed[0]) if addressed else []
        if addressee and addressee[0] == following:
            following = addressee[-1] + 1
            while following in addressed and tree.words[following].upos == "PROPN":
                following = tree.subtree(following)[-1] + 1  # "asked Bernie Sanders if …", two objects
    following = _past_setting(tree, following, sentence)
    if following not in sentence:
        return []
    rest = [i for i in sentence if i >= following]
    word = tree.words[following]
    head = word.head
    opens_clause = (
        word.lemma == "that"
        and (word.upos == "SCONJ" or complementizer(tree, following))
        or (
            word.relation == "nsubj"
            and head is not None
            and tree.words[head].start > word.start
            and tree.words[head].upos in ("VERB", "AUX", "ADJ")
        )
        or finite_clause_follows(tree, rest)
        or _object_then_verb(tree, cue, following)
        or (tree.words[cue].lemma == "say" and _clause_follows_said(tree, rest))
        or (tree.words[cue].lemma in cues.QUESTION_VERBS and word.text.lower() in QUESTION_OPENERS)
    )
    return trimmed(tree, rest) if opens_clause else []


def _past_setting(tree: Tree, start: int, sentence) -> int:
    """The first word after a short phrase saying when or where it was said ("says in a statement that …",
    "said on Monday that …"), or `start` if there is none."""
    index = start
    while index in sentence and index - start < 4 and tree.words[index].upos in ("ADP", "DET", "ADJ", "NUM"):
        index += 1
    if index in sentence and time_word(tree, index):
        return index + 1
    return start


def _clause_follows_said(tree: Tree, words: list[int]) -> bool:
    """After "said", a subject-like word and a verb of any form before a break ("Police said the protesters
    identified themselves as …", the verb tagged a participle): "say" takes a clause, not an object, but for a
    few words ("said so", "said yes")."""
    def joined(index: int) -> bool:  # "said goodbye and will leave": a second predicate of the speaker
        following = index + 1
        return tree.words[index].upos == "CCONJ" and following < len(tree.words) and (
            tree.words[following].upos in ("VERB", "AUX")
        )

    stretch = list(itertools.takewhile(lambda i: tree.words[i].text not in CLAUSE_BREAKS and not joined(i), words))
    if len(stretch) < SAID_CLAUSE_WORDS or not starts_subject(tree, stretch):
        return False  # "said little, offering …", "said Rita Katz, the director of …"
    return any(tree.words[i].upos in ("VERB", "AUX") for i in stretch[1:])


def _object_then_verb(tree: Tree, cue: int, following: int) -> bool:
    """'said his band … wrote songs', parsed as an object of the cue and a verb joined to it with no
    conjunction: the object is the subject of a that-less complement."""
    if not any(tree.words[c].relation == "obj" and min(tree.subtree(c)) == following for c in tree.children[cue]):
        return False
    return any(
        tree.words[c].relation == "conj"
        and c > following
        and _finite(tree, c)
        and not any(tree.words[g].relation == "cc" for g in tree.children[c])
        for c in tree.children[cue]
    )


def _finite(tree: Tree, verb: int) -> bool:
    """A verb that heads a finite clause: tensed itself or carrying a tensed auxiliary ("will clarify")."""
    return tree.words[verb].xpos in FINITE_TAGS or any(
        tree.words[c].relation == "aux" and tree.words[c].xpos in FINITE_TAGS for c in tree.children[verb]
    )


# The content of a reporting cue, in order: the first rule that applies decides.
CONTENT_RULES: tuple[Rule[list[int]], ...] = (
    Rule("content/according-to", according_content, "According to the report, sales fell sharply.", "content"),
    Rule("content/asked", asked_question, "Asked which county was his favorite, he demurred.", "content"),
    Rule("content/comma-aside", around_aside, "The outreach, they said, raised new worries.", "content"),
    Rule("content/complement", _complement, "The minister said that the budget would be cut.", "content"),
    Rule("content/topic", _topic, "He called on countries to support each other.", "content"),
    Rule("content/naming", _naming, "She called the new law a disaster.", "content"),
    Rule(
        "content/quoted-object", _quoted_object,
        "The manager responded by first saying “some good things” about the referee.",
        "content",
    ),
    Rule("content/object", _object_content, "The coach praised the players for their effort.", "content"),
    Rule("content/set-into", _set_into, "She had helped build the stadium, she said.", "content"),
    Rule(
        "content/clause-after", _clause_after,
        "Other critics counter it is time to embrace the new owner.",
        "content",
    ),
)
