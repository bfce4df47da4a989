"""Who speaks for a cue: an ordered tuple of named rules, the first that applies decides."""

from __future__ import annotations

import itertools

from quotetrack.attribution import cues
from quotetrack.attribution.find.cues import cue_above, phrasal_speech, quote_then_phrase
from quotetrack.attribution.find.frames import according_speaker, aside_speaker, asked_agent
from quotetrack.attribution.find.rules import Rule, Step, first_match
from quotetrack.attribution.find.syntax import (
    CLAUSE_BREAKS,
    FINITE_TAGS,
    NAME_RELATIONS,
    RELATIVE_PRONOUNS,
    SUBJECT_RELATIONS,
    agent_of,
    comma_participle,
    contiguous,
    described_speaker,
    mention_of,
    subjects_of,
    time_word,
)
from quotetrack.attribution.parse.tree import Tree
from quotetrack.records import Span

# Word classes a speaker mention's head cannot have (a misparsed "Moreover, …").
NOT_SPEAKER_UPOS = ("ADV", "SCONJ", "CCONJ", "ADP", "PART", "PUNCT", "INTJ", "VERB", "AUX")


# Longest speaker phrase taken after an inverted cue the parser lost ("said one Republican involved in …").
MAX_INVERTED_SPEAKER_WORDS = 12


def _speaker_words(tree: Tree, cue: int) -> list[int]:
    return speaker_found(tree, cue)[1]


def speaker_found(tree: Tree, cue: int) -> tuple[str | None, list[int]]:
    """The speaker mention of a cue, and the name of the rule that found it."""
    found = first_match(OPENING_SPEAKER_RULES, tree, cue)
    if found is not None:
        return found
    name, speaker = first_match(SPEAKER_RULES, tree, cue) or (None, [])
    speaker = _before_aside(tree, _outside_relative_clause(tree, cue, speaker))
    published = _publisher(tree, cue, speaker) if PUBLISHER.on(tree) else []
    return (PUBLISHER.name, published) if published else (name, speaker)


def _publisher(tree: Tree, cue: int, speaker: list[int]) -> list[int]:
    """'Rand Paul has released a Web video that accuses …': a thing, not a person, that speaks in a relative
    clause on what the sentence's subject made or said is that subject's voice; [] when it is not so."""
    word = tree.words[cue]
    if len(speaker) != 1 or tree.words[speaker[0]].lemma not in ("that", "which") or word.relation != "acl":
        return []
    thing = word.head
    if thing is None or tree.words[thing].upos != "NOUN" or tree.entities_in(
        Span(tree.words[thing].start, tree.words[thing].end)
    ):
        return []
    verb = tree.words[thing].head
    while verb is not None and tree.words[verb].upos != "VERB":
        verb = tree.words[verb].head
    if verb is None or tree.words[thing].relation not in ("obj", "obl", "nmod"):
        return []
    subjects = [c for c in subjects_of(tree, verb) if c not in tree.inside]
    if not subjects or tree.words[subjects[0]].lemma in RELATIVE_PRONOUNS:
        return []
    return mention_of(tree, subjects[0])


def _noun_cue_speaker(tree: Tree, cue: int) -> list[int] | None:
    after_quote = quote_then_phrase(tree, cue) if tree.words[cue].upos == "NOUN" else []
    if after_quote:
        return after_quote
    return None


def _noun_cue_head(tree: Tree, cue: int) -> list[int] | None:
    head = tree.words[cue].head
    if tree.words[cue].upos == "NOUN" and head is not None and head < cue:
        # "Nearly nine out of 10 say …" with "say" a noun under "nine": the phrase it hangs on speaks
        return contiguous([i for i in range(min(tree.subtree(head)), cue) if i not in tree.inside], head)
    return None


def _agent_speaker(tree: Tree, cue: int) -> list[int] | None:
    agent = agent_of(tree, cue)
    if agent is not None and agent not in tree.inside:
        return mention_of(tree, agent)
    return None


def _described(tree: Tree, cue: int) -> list[int] | None:
    described = described_speaker(tree, cue)
    if described is not None:
        return contiguous([i for i in tree.subtree(described) if i not in tree.inside], described)
    return None


def _inverted(tree: Tree, cue: int) -> list[int] | None:
    return _inverted_speaker(tree, cue) or None


def _clause_subject(tree: Tree, cue: int) -> list[int] | None:
    return _climb_to_subject(tree, cue)[0]


def _climb_to_subject(tree: Tree, cue: int) -> tuple[list[int] | None, int | None]:
    """The subject of the cue, or of the clause a participle or coordinated cue hangs on, climbing at most
    three clauses; with the verb the climb stopped at."""
    participle = comma_participle(tree, cue)
    current: int | None = cue
    for _ in range(3):
        if current is None:
            break
        for child in tree.children[current]:
            word = tree.words[child]
            if word.relation in SUBJECT_RELATIONS and child not in tree.inside and word.deprel != "expl":
                if word.text.lower() in ("it", "there") and word.deprel.endswith("pass"):
                    return [], current
                if time_word(tree, child) or _not_a_noun_phrase(tree, child) or word.lemma == "this":
                    continue  # a misparsed "Friday said" or "Moreover, said" is no speaker
                if _relative_before_subject(tree, current, child):
                    continue  # "… that Sanders thanked", the "that" parsed as a second subject
                mention = mention_of(tree, child)
                # "North Korean and Chinese news reports said", parsed as two subjects: one mention
                for other in _other_subjects(tree, current, child):
                    mention = sorted(set(mention) | set(mention_of(tree, other)))
                return list(range(mention[0], mention[-1] + 1)), current
        word = tree.words[current]
        # Climb from a participle or coordinated cue to the clause it hangs on (not from parataxis: there
        # the head clause is usually the content); "Black said, referring to …" may come as a complement.
        climbs = ("xcomp", "advcl", "conj", "acl") + (("ccomp",) if participle and current == cue else ())
        if word.relation not in climbs or word.head is None:
            break
        if _hangs_on_what_follows(tree, current):
            # "…, saying they were told" parsed with "saying" under "told": that clause is the content, and the
            # cue it is the content of speaks ("Clinton said, while arguing the U.S. should …")
            above = cue_above(tree, word.head) if current == cue else None
            if above is not None:
                return _speaker_words(tree, above), current
            break
        above = _coordinated_participle(tree, current) if current == cue else None
        if above is not None:
            return _speaker_words(tree, above), current
        # "…, saying" speaks for the sentence's subject, however deep the parser hung it
        if word.relation == "acl" and tree.words[word.head].lemma not in cues.SPEECH_NOUNS and not participle:
            # "a report saying …": the report speaks; "Others, reacting to …, shouted" parsed as one noun phrase:
            # its head does
            finite = tree.words[cue].xpos in FINITE_TAGS
            return (_noun_root(tree, cue) if finite else []) or mention_of(tree, word.head), current
        current = word.head
        while tree.words[current].upos == "ADV" and tree.words[current].head is not None:
            current = tree.words[current].head  # "stood at a Bush event here to say …" hung on "here"
    return None, current


def _as_source_speaker(tree: Tree, cue: int) -> list[int] | None:
    as_source = _as_source(tree, cue)
    if as_source is not None and as_source not in tree.inside:
        return mention_of(tree, as_source)
    return None


def _participle_subject(tree: Tree, cue: int) -> list[int] | None:
    if tree.words[cue].xpos != "VBG":
        return None
    # "X did Y, saying …" however the participle was attached: the subject of the sentence speaks
    root = next((i for i in tree.sentence_words[tree.words[cue].sentence] if tree.words[i].head is None), None)
    subjects = [c for c in tree.children[root] if tree.words[c].relation == "nsubj"] if root is not None else []
    if subjects and subjects[0] not in tree.inside and root != cue:
        return mention_of(tree, subjects[0])
    if not subjects and root is not None and root != cue and tree.words[root].upos == "VERB":
        # "… Chief Calvin Williams lobbied to …, saying, “…”" with the name hung elsewhere: the name before
        # the sentence's verb
        return _adjacent_name(tree, root) or _adjacent_name(tree, cue)
    return _noun_root(tree, cue) or None  # "Huma Abedin, …, emailed supporters …, telling them, “…”"


def _lost_subject(tree: Tree, cue: int) -> list[int] | None:
    # the verb the cue hangs on has lost its subject in the parse ("Florida Gov. Rick Scott (R) blasted Congress
    # and said"): the name or phrase right before that verb
    _, current = _climb_to_subject(tree, cue)
    lost_subject = current is not None and current != cue and not subjects_of(tree, current)
    if lost_subject and tree.words[current].upos == "VERB":
        return _adjacent_name(tree, current, before_only=True) or None
    return None


def _noun_root(tree: Tree, cue: int) -> list[int]:
    """The speaker when the parser made the whole sentence one noun phrase with the cue inside it ("Huma Abedin,
    …, emailed supporters"): the phrase's head, a name or noun before the cue, with the words of its name."""
    sentence = tree.sentence_words[tree.words[cue].sentence]
    root = next((i for i in sentence if tree.words[i].head is None), None)
    if root is None or root >= cue or root in tree.inside or tree.words[root].upos not in ("NOUN", "PROPN"):
        return []
    if time_word(tree, root):
        return []  # "Just last week, J.J. Goldberg … wrote"
    name, stack = [], [root]
    while stack:
        current = stack.pop()
        name.append(current)
        stack.extend(c for c in tree.children[current] if tree.words[c].relation in NAME_RELATIONS)
    return contiguous(sorted(i for i in name if i not in tree.inside), root)


def _coordinated_participle(tree: Tree, cue: int) -> int | None:
    """'saying she's experienced but suggesting that …' with "suggesting" parsed as a conjunct of what was said:
    the participle cue above it that it is coordinated with."""
    word = tree.words[cue]
    if word.relation != "conj" or word.xpos != "VBG" or tree.words[word.head].xpos == "VBG":
        return None
    return cue_above(tree, word.head, participle=True)


def _not_a_noun_phrase(tree: Tree, index: int) -> bool:
    """A subject that cannot name a speaker: an adverb, a conjunction, a verb ... but "those surveyed", a
    participle with a determiner, is a noun phrase."""
    word = tree.words[index]
    if word.upos == "VERB" and any(tree.words[c].relation == "det" for c in tree.children[index]):
        return False
    return word.upos in NOT_SPEAKER_UPOS


def _hangs_on_what_follows(tree: Tree, index: int) -> bool:
    """The word's head follows it in the same stretch of the sentence, no comma between."""
    head = tree.words[index].head
    return head is not None and head > index and all(tree.words[i].text != "," for i in range(index + 1, head))


def _inverted_speaker(tree: Tree, cue: int) -> list[int]:
    """'“…,” wrote the agency': right after a quote the noun following the cue is its subject, even when the
    parser took it for an object; "…, said James Henson, director of …" after reported words: the name right
    after the cue, up to its comma. [] when the words are not laid out so."""
    if cue == 0 or any(tree.words[c].relation == "nsubj" for c in tree.children[cue]):
        return []
    if tree.words[cue].xpos not in FINITE_TAGS:
        return []  # "…,” citing an instance": a participle's object is what it cites
    after = [c for c in tree.children[cue] if tree.words[c].start > tree.words[cue].start]
    if cue - 1 in tree.inside:
        subject = next((c for c in after if tree.words[c].relation == "obj"), None)
        return mention_of(tree, subject) if subject is not None else []
    if tree.words[cue - 1].text != "," or tree.words[cue].lemma not in cues.INVERTING_VERBS:
        return []
    name = cue + 1
    if name not in after or tree.words[name].relation not in ("obj", "iobj") or tree.words[name].upos != "PROPN":
        return []
    # the name ends at its comma ("said Howard Rubel, a senior analyst at …, who notes")
    return list(itertools.takewhile(lambda i: tree.words[i].text != ",", mention_of(tree, name)))


def _other_subjects(tree: Tree, verb: int, subject: int) -> list[int]:
    """Subjects of `verb` before it besides `subject` (not "said Trump has …")."""
    return [
        other
        for other in tree.children[verb]
        if other != subject
        and tree.words[other].relation == "nsubj"
        and not _relative_before_subject(tree, verb, other)
        and other not in tree.inside
        and tree.words[other].start < tree.words[verb].start
    ]


def _relative_before_subject(tree: Tree, verb: int, word: int) -> bool:
    """A relative pronoun right before another subject of the same verb: the object "that" of "a group that
    Sanders thanked", which the parser took for a subject."""
    return (
        tree.words[word].lemma in RELATIVE_PRONOUNS
        and word + 1 in tree.children[verb]
        and tree.words[word + 1].relation == "nsubj"
    )


def _as_source(tree: Tree, cue: int) -> int | None:
    """'As Vulture put it, “…”' parsed with "Vulture" an oblique of the cue marked by "as": the one who puts it."""
    return next(
        (
            c
            for c in tree.children[cue]
            if tree.words[c].relation == "obl"
            and c < cue
            and any(tree.words[g].lemma == "as" and tree.words[g].relation == "case" for g in tree.children[c])
        ),
        None,
    )


def _adjacent_name(
    tree: Tree, cue: int, before_only: bool = False
) -> list[int]:
    """Fallback for a missing parse: a name or pronoun right before (auxiliaries, adverbs and a parenthesis
    apart) or right after the cue; with `before_only`, before it (the verb is not a cue: its object names no one)."""
    # after the cue only in an inverted "…, said Smith": "told AFP" names the one addressed
    # (nor in "put it", whose "it" belongs to the cue)
    addressed = tree.words[cue].lemma in cues.ADDRESSEE_VERBS or phrasal_speech(tree, cue)
    after = () if addressed or before_only else (cue + 1,)
    described = _name_before_description(tree, cue) if not before_only else []
    if described:
        return described
    for neighbour in (_before_verb_group(tree, cue), *after):
        if not 0 <= neighbour < len(tree.words) or neighbour in tree.inside:
            continue
        word = tree.words[neighbour]
        if word.sentence != tree.words[cue].sentence or time_word(tree, neighbour):
            continue  # "… on Friday touted": a date is no speaker
        if word.upos == "PRON" and word.text.lower() in cues.PERSON_PRONOUNS | {"it"}:
            return [neighbour]
        if word.upos == "PROPN":
            return _name_run(tree, neighbour, -1 if neighbour < cue else 1)
        if word.upos in ("NOUN", "NUM") and neighbour < cue and tree.words[cue].xpos in FINITE_TAGS | {"VB"}:
            return _phrase_ending_at(tree, neighbour)
    if before_only:
        return []
    return _name_before_apposition(tree, cue) or _inverted_phrase(tree, cue)


def _phrase_ending_at(tree: Tree, end: int) -> list[int]:
    """'In each state, about half of voters say …' with the subject lost in the parse: the noun phrase that ends
    right before the cue, from the start of its clause (not the tail of a phrase after a verb: "families of those
    affected by mass shootings urged")."""
    sentence = tree.sentence_words[tree.words[end].sentence]
    start = end
    while (
        start - 1 in sentence
        and end - start < MAX_INVERTED_SPEAKER_WORDS
        and tree.words[start - 1].upos not in ("VERB", "AUX", "SCONJ", "CCONJ", "PRON", "PUNCT")
    ):
        start -= 1
    opens_clause = start - 1 not in sentence or tree.words[start - 1].upos in ("SCONJ", "CCONJ", "PUNCT")
    if not opens_clause or any(i in tree.inside for i in range(start - 1, end + 1)):
        return []
    return list(range(start, end + 1))


def _inverted_phrase(tree: Tree, cue: int) -> list[int]:
    """'“…,” said one Republican involved in the planning, who …': right after a quote, the noun phrase that
    follows the cue, up to a comma, is its speaker however the parser hung it."""
    sentence = tree.sentence_words[tree.words[cue].sentence]
    before = [i for i in sentence if i < cue and tree.words[i].upos != "PUNCT"]
    if cue - 1 not in tree.inside and not (before == [] or all(i in tree.inside for i in before)):
        return []
    if tree.words[cue].lemma in cues.ADDRESSEE_VERBS or tree.words[cue].xpos not in FINITE_TAGS:
        return []  # "…,” citing an instance": a participle's object is no speaker
    if cue + 1 not in sentence:
        return []
    if tree.words[cue + 1].upos not in ("DET", "NUM", "ADJ", "NOUN", "PROPN"):
        return []
    phrase = []
    for index in (i for i in sentence if i > cue):
        if tree.words[index].text in CLAUSE_BREAKS or tree.words[index].text == "." or index in tree.inside:
            break
        phrase.append(index)
    return phrase if len(phrase) <= MAX_INVERTED_SPEAKER_WORDS else []


def _before_verb_group(tree: Tree, cue: int) -> int:
    """The word before the cue's auxiliaries and adverbs, a parenthesis after a name ("Fallin (R-OK) said")
    and a comma after a name ("… and Carlos Curbelo, have said")."""
    sentence = tree.sentence_words[tree.words[cue].sentence]
    index = cue - 1
    while index in sentence:
        word = tree.words[index]
        if word.upos in ("AUX", "ADV", "PART"):
            index -= 1
        elif word.text == ")":
            opening = next((i for i in range(index - 1, max(sentence[0], index - 8) - 1, -1)
                            if tree.words[i].text == "("), None)
            if opening is None:
                break
            index = opening - 1
        elif word.text == "," and index - 1 in sentence and tree.words[index - 1].upos == "PROPN":
            index -= 1
        else:
            break
    return index


def _name_run(
    tree: Tree, start: int, step: int, capitalized: bool = False
) -> list[int]:
    """The proper nouns from `start` on in the direction `step`, inside its sentence and outside quotes; with
    `capitalized`, any capitalized words holding a proper noun (the tagger took "Young" in "Grant Young" for an
    adjective)."""
    sentence = tree.sentence_words[tree.words[start].sentence]
    run = []
    index = start
    while index in sentence and index not in tree.inside and (
        tree.words[index].upos == "PROPN" or (capitalized and tree.words[index].text[:1].isupper())
    ):
        run.append(index)
        index += step
    if not any(tree.words[i].upos == "PROPN" for i in run):
        return []
    return sorted(run)


def _name_before_apposition(tree: Tree, cue: int) -> list[int]:
    """'…,' Mr. Guerrero, who is an actor, said': the name before a description set off by commas."""
    sentence = tree.sentence_words[tree.words[cue].sentence]
    if cue - 1 not in sentence or tree.words[cue - 1].text != ",":
        return []
    index = cue - 2
    while index in sentence and index not in tree.inside and tree.words[index].text != "," and cue - index <= 30:
        index -= 1
    if index - 1 not in sentence or tree.words[index].text != ",":
        return []
    return _name_run(tree, index - 1, -1, capitalized=True)


def _name_before_description(tree: Tree, cue: int) -> list[int]:
    """'“…,” Brent Bozell, founder of the Media Research Center, tells …': the name before a lower-case
    description set off by commas speaks, not the name that ends the description."""
    named = _name_before_apposition(tree, cue)
    if not named:
        return []
    opening = max(named) + 1
    description = [i for i in range(opening + 1, cue - 1) if tree.words[i].upos != "PUNCT"]
    first = tree.words[description[0]] if description else None
    if first is None or first.text[:1].isupper() or first.upos == "PROPN":
        return []  # "… and Carlos Curbelo, have said": a list of names, not a description
    return named


def _outside_relative_clause(
    tree: Tree, cue: int, speaker: list[int]
) -> list[int]:
    """The speaker of "Swanson, who is a pastor in Elizabeth, Colorado, slammed …" is Swanson: a mention found
    inside (or missing from) a ", who …," clause that closes right before the cue is the name before "who"."""
    sentence = tree.sentence_words[tree.words[cue].sentence]
    before_cue = [i for i in sentence if i < cue]
    closing = next((i for i in reversed(before_cue[-RELATIVE_TO_CUE_WORDS - 1 :]) if tree.words[i].text == ","), None)
    if closing is None:
        return speaker
    pronouns = [i for i in before_cue if i < closing and tree.words[i].text.lower() in PERSON_RELATIVE_PRONOUNS]
    relative = pronouns[-1] if pronouns else None
    antecedent = relative - 2 if relative is not None else None
    if (
        antecedent is None
        or antecedent not in sentence
        or tree.words[relative - 1].text != ","
        or tree.words[antecedent].upos not in ("PROPN", "NOUN")
        or antecedent in tree.inside
        or any(not relative < i < closing for i in speaker)
    ):
        return speaker
    return [i for i in mention_of(tree, antecedent) if i < relative - 1] or [antecedent]


def _before_aside(tree: Tree, speaker: list[int]) -> list[int]:
    """'General Suleiman al-Amr, in remarks to al-Ikhbariya television, said': a mention ends before a comma that
    opens a prepositional aside after its subject (the parser hung "in remarks" on the name); not when the
    subject comes after the aside ("Moments earlier, in his opening remarks, Trump")."""
    own = set(speaker)
    subjects = [i for i in speaker if tree.words[i].relation in SUBJECT_RELATIONS]
    for index in speaker[1:-1]:
        if tree.words[index].text == "," and index + 1 in own and tree.words[index + 1].upos == "ADP":
            return [i for i in speaker if i < index] if subjects and max(subjects) < index else speaker
    return speaker


# "Graham, who says …, tweeted that": at most this many words (", on Friday described") between the comma
# closing the relative clause and the cue.
RELATIVE_TO_CUE_WORDS = 3


PERSON_RELATIVE_PRONOUNS = ("who", "whose")


OPENING_SPEAKER_RULES: tuple[Rule[list[int]], ...] = (
    Rule("speaker/asked", asked_agent, "Asked which county was his favorite, he demurred.", "speaker"),
    Rule("speaker/comma-aside", aside_speaker, "The outreach, they said, raised new worries.", "speaker"),
)


# The speaker of a cue, in order: the first rule that applies decides.
SPEAKER_RULES: tuple[Rule[list[int]], ...] = (
    Rule("speaker/according-to", according_speaker, "According to the report, sales fell sharply.", "speaker"),
    Rule(
        "speaker/quote-then-phrase", _noun_cue_speaker,
        "“If he wants to be the best, the coach should act like it,” the editorial read.",
        "speaker",
    ),
    Rule("speaker/noun-cue-head", _noun_cue_head, "Nearly nine out of 10 say the economy is weak.", "speaker"),
    Rule(
        "speaker/agent", _agent_speaker,
        "As reported by the Journal, there are 150 seats at stake in Tuesday's vote.",
        "speaker",
    ),
    Rule("speaker/described", _described, "A person familiar with the planning says the talks failed.", "speaker"),
    Rule("speaker/inverted", _inverted, "“The problems stem from two major issues,” writes Nate Silver.", "speaker"),
    Rule("speaker/subject", _clause_subject, "The minister said the budget would be cut.", "speaker"),
    Rule(
        "speaker/as", _as_source_speaker,
        "But, as the coach said, “At a certain point, you wake up and realise the damage is done.”",
        "speaker",
    ),
    Rule("speaker/participle-subject", _participle_subject,
         "Anna Berg, the club's vice chair, emailed supporters on Monday, telling them, “We need you now.”", "speaker"),
    Rule(
        "speaker/lost-subject", _lost_subject,
        "In a statement, Gov. Ann Lee (R) blasted the council and said the state had spent $26 million last week.",
        "speaker",
    ),
    Rule(
        "speaker/adjacent-name", _adjacent_name,
        "“This has taken us aback,” said Linda Hudson, the mayor of the town.",
        "speaker",
    ),
)


PUBLISHER = Step("speaker/publisher", "Rand Paul has released a Web video that accuses Clinton of lying.",
                 "speaker")
