"""A flat, indexable view of a stanza Document: every word with its offsets, head and children."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from functools import cached_property

from quotetrack.attribution import cues
from quotetrack.records import Span


@dataclass(frozen=True)
class Word:
    index: int  # position in the document's word list
    sentence: int
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    deprel: str
    head: int | None  # document index of the head word, None for a root
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def relation(self) -> str:
        """The universal part of the relation ("nsubj" for "nsubj:pass")."""
        return self.deprel.split(":")[0]


@dataclass(frozen=True)
class Entity:
    span: Span
    text: str
    type: str  # PER, ORG, LOC, MISC, ...


@dataclass
class ParsedText:
    """The words, sentences and named entities of one document; pure data, built once per article."""

    text: str
    words: list[Word]
    sentence_spans: list[Span]
    sentence_words: list[range]
    entities: list[Entity]
    parsed_sentences: frozenset[int] | None = None  # sentences that have a dependency parse (None: all)

    @cached_property
    def children(self) -> list[list[int]]:
        kids: list[list[int]] = [[] for _ in self.words]
        for word in self.words:
            if word.head is not None:
                kids[word.head].append(word.index)
        return kids

    def is_parsed(self, sentence: int) -> bool:
        return self.parsed_sentences is None or sentence in self.parsed_sentences

    def subtree(self, index: int, exclude: frozenset[int] = frozenset()) -> list[int]:
        """Document indexes of the word and everything it governs (minus `exclude` subtrees), sorted."""
        out, stack = [], [index]
        while stack:
            current = stack.pop()
            if current in exclude:
                continue
            out.append(current)
            stack.extend(self.children[current])
        return sorted(out)

    def span_of(self, indexes: list[int]) -> Span:
        return Span(self.words[indexes[0]].start, self.words[indexes[-1]].end)

    def words_in(self, span: Span) -> list[int]:
        return [w.index for w in self.words if w.start >= span.start and w.end <= span.end]

    def sentence_of_offset(self, offset: int) -> int | None:
        for number, span in enumerate(self.sentence_spans):
            if span.start <= offset < span.end:
                return number
        return None

    def is_surname(self, text: str) -> bool:
        """Whether some person entity's name ends with this word ("Day" after "Kristen Day")."""
        return any(e.type == "PER" and e.text.split()[-1] == text for e in self.entities)

    def entities_in(self, span: Span) -> list[Entity]:
        return [e for e in self.entities if e.span.start >= span.start and e.span.end <= span.end]


def from_document(document) -> ParsedText:
    """Flatten a stanza Document (from a Pipeline, or CoNLL.conll2doc with char offsets) into a ParsedText."""
    words: list[Word] = []
    sentence_spans: list[Span] = []
    sentence_words: list[range] = []
    parsed: set[int] = set()
    for number, sentence in enumerate(document.sentences):
        base = len(words)
        has_parse = False
        for word in sentence.words:
            token = word.parent
            start = word.start_char if word.start_char is not None else token.start_char
            end = word.end_char if word.end_char is not None else token.end_char
            if word.head is not None and word.deprel is not None:
                has_parse = True
            head = base + word.head - 1 if word.head else None
            words.append(
                Word(
                    index=len(words),
                    sentence=number,
                    text=word.text,
                    lemma=_lemma(word),
                    upos=word.upos or "X",
                    xpos=word.xpos or "",
                    feats=word.feats or "",
                    deprel=word.deprel or "dep",
                    head=head,
                    start=start,
                    end=end,
                )
            )
        if has_parse:
            parsed.add(number)
        sentence_words.append(range(base, len(words)))
        sentence_spans.append(Span(words[base].start, words[-1].end) if len(words) > base else Span(0, 0))
    entities = [Entity(Span(ent.start_char, ent.end_char), ent.text, ent.type) for ent in getattr(document, "ents", [])]
    _mend_addressed_clauses(words)
    return ParsedText(document.text, words, sentence_spans, sentence_words, entities, frozenset(parsed))


# Words of the addressee's phrase that may stand between it and the "that" of the complement ("on Monday").
MAX_ADDRESSEE_TAIL = 4


def _mend_addressed_clauses(words: list[Word]) -> None:
    """'told reporters that the mayor has confronted …': the parser often hangs the complement of a telling verb
    on its addressee as a relative clause; one opened by "that" right after the addressee's phrase ("told The
    Huffington Post on Monday that …", hung on "Monday") and with a subject of its own is the verb's complement,
    "that" its mark. So is an infinitive hung on the addressee ("asked the department to investigate")."""
    children: dict[int, list[Word]] = {}
    for word in words:
        if word.head is not None:
            children.setdefault(word.head, []).append(word)
    for verb in words:
        if verb.lemma not in cues.ADDRESSEE_VERBS or verb.upos != "VERB":
            continue
        for addressee in children.get(verb.index, []):
            if addressee.relation not in ("obj", "iobj"):
                continue
            for clause in children.get(addressee.index, []):
                # "asked the Justice Department to investigate …", the infinitive hung on the addressee
                if clause.relation == "acl" and clause.index > addressee.index and any(
                    c.lemma == "to" and c.upos == "PART" for c in children.get(clause.index, [])
                ):
                    words[clause.index] = replace(clause, head=verb.index, deprel="xcomp")
            # the first "that" within a few words of the addressee, no verb or comma between
            between = itertools.takewhile(
                lambda w: w.text.lower() != "that" and w.upos not in ("VERB", "AUX") and w.text != ",",
                words[addressee.index + 1 : addressee.index + 1 + MAX_ADDRESSEE_TAIL],
            )
            after = addressee.index + 1 + len(list(between))
            if after >= len(words):
                continue
            that = words[after]
            clause = words[that.head] if that.head is not None else None
            if (
                that.text.lower() != "that"
                or clause is None
                or not addressee.index <= (clause.head if clause.head is not None else -1) < that.index
                or clause.relation != "acl"
                or not any(c.relation == "nsubj" and c.index != that.index for c in children.get(clause.index, []))
            ):
                continue
            words[clause.index] = replace(clause, head=verb.index, deprel="ccomp")
            words[that.index] = replace(that, deprel="mark", upos="SCONJ")


def _lemma(word) -> str:
    """Stanza's lemma, lower-cased; a verb form of the speech lexicon gets that lexicon's lemma."""
    lemma = (word.lemma or word.text).lower()
    if word.upos == "VERB" and lemma not in cues.SPEECH_VERBS:
        return cues.SPEECH_FORM_LEMMAS.get(word.text.lower(), lemma)
    return lemma
