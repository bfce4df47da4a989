"""Document -> Quote records: direct quotes from quote marks, reported speech from the dependency parse.

Entry point: `extract_quotes(document)` for a stanza Document, or `quotes_from_parsed(tree)`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from quotetrack.attribution import cues
from quotetrack.attribution.find.rules import Rule, Step, first_match
from quotetrack.attribution.marks import (
    DOUBLE_CLOSERS,
    DOUBLE_OPENERS,
    SINGLE_OPENERS,
    QuotedSpan,
    paragraphs,
    quoted_spans,
)
from quotetrack.attribution.parse.tree import Tree, quote_membership
from quotetrack.attribution.speakers import SpeakerBook
from quotetrack.attribution.words import ParsedText, from_document
from quotetrack.records import Quote, Span, Speaker

SUBJECT_RELATIONS = ("nsubj", "csubj")
# Word classes a speaker mention's head cannot have (a misparsed "Moreover, …").
NOT_SPEAKER_UPOS = ("ADV", "SCONJ", "CCONJ", "ADP", "PART", "PUNCT", "INTJ", "VERB", "AUX")
# A quoted span this short with no cue governing it is a title, nickname or scare quote.
MIN_DIRECT_WORDS = 4
MIN_REPORTED_WORDS = 3
# How far (characters) an attribution may sit from its quote in the same sentence group.
MAX_CUE_DISTANCE = 160
# Penn tags of finite verbs, and the words a that-less complement clause can open with (its subject).
FINITE_TAGS = frozenset(["VBD", "VBZ", "VBP", "MD"])
CLAUSE_SUBJECT_STARTS = frozenset(["DET", "PRON", "PROPN", "NOUN", "ADJ", "NUM"])
# Words that may come before a number opening a subject ("said about half of …").
APPROXIMATORS = frozenset("about nearly almost roughly around some only just over under".split())
# The fewest words after "said" read as its clause when the parse gives it none.
SAID_CLAUSE_WORDS = 4
CLAUSE_BREAKS = frozenset([",", ";", ":", "(", "—", "–", "--"])
# A transcript or headline label ("TAPPER:", "Darrell Scott:") has at most this many words.
MAX_LABEL_WORDS = 4
# Longest attribution clause that may sit between two parts of one utterance.
MAX_SPLIT_ATTRIBUTION_WORDS = 30
# A quoted fragment shorter than this inside a sentence is part of reported speech, not a quote of its own.
MAX_FRAGMENT_WORDS = 6
# Longest speaker phrase taken after an inverted cue the parser lost ("said one Republican involved in …").
MAX_INVERTED_SPEAKER_WORDS = 12
OPENING_MARKS = frozenset(DOUBLE_OPENERS) | frozenset(SINGLE_OPENERS)
CLOSING_MARKS = DOUBLE_CLOSERS | frozenset("".join(SINGLE_OPENERS.values()))
RELATIVE_PRONOUNS = frozenset("who whom whose which that".split())
# Speech verbs that speak without a content clause, and the clause-only verbs that speak when bound to a quote.
PLAIN_SPEECH_VERBS = cues.SPEECH_VERBS - cues.CLAUSE_ONLY_VERBS
QUOTE_BOUND_VERBS = cues.CLAUSE_ONLY_VERBS - cues.NAMING_VERBS
# Relations that make up a name or a bare noun phrase ("Huma Abedin", "a new poll").
NAME_RELATIONS = ("flat", "compound", "det", "amod", "nummod")
# Words that open an indirect question ("asked if …", "asked the campaigns why …").
QUESTION_OPENERS = frozenset("if whether who whom what why when where how which".split())
# Words left lowercase in a title ("Better Idea of Afghan Girls").
SMALL_WORDS = frozenset("a an the of and or for to in on at by with from as is".split())


@dataclass(frozen=True)
class Attribution:
    cue: int | None  # word index
    speaker_words: tuple[int, ...]
    via_words: tuple[int, ...] = ()
    linked: bool = False  # the cue governs the quote in the parse
    rules: tuple[str, ...] = ()  # the names of the rules that found it


def extract_quotes(document, disabled: frozenset[str] = frozenset()) -> list[Quote]:
    """Every direct, indirect and mixed quote in a stanza Document, in text order; `disabled` names rules to
    switch off (the ablation)."""
    return quotes_from_parsed(from_document(document), disabled)


def quotes_from_parsed(parsed: ParsedText, disabled: frozenset[str] = frozenset()) -> list[Quote]:
    quoted = quoted_spans(parsed.text)
    tree = Tree(parsed, quote_membership(parsed, quoted), frozenset(disabled))
    book = SpeakerBook(parsed, coreference=COREFERENCE.on(tree), quoted=[q.outer for q in quoted])
    book.register_entities()
    labelled = _labelled_turns(tree, book) if LABELLED_TURNS.on(tree) else []
    reported = _reported_quotes(tree, book) if REPORTED.on(tree) else []
    direct = [q for q in _direct_quotes(tree, book, quoted, reported) if not _within_any(q.span, labelled)]
    direct += labelled
    merged = _merge_mixed(direct, reported, quoted) if MIXED.on(tree) else direct + reported
    return _number_utterances(sorted(merged, key=lambda q: q.span.start))


# ------------------------------------------------------------------------------------------- direct


def _within_any(span: Span, quotes: list[Quote]) -> bool:
    return any(q.span.start <= span.start and span.end <= q.span.end for q in quotes)


def _labelled_turns(tree: Tree, book: SpeakerBook) -> list[Quote]:
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
            _new_quote(
                tree, "direct", content, colon_word, speaker, speaker_span, None, 0.6, (LABELLED_TURNS.name,),
                context_span=paragraph,
            )
        )
    return quotes


@dataclass
class _Candidate:
    quoted: QuotedSpan
    words: list[int]


def _direct_quotes(
    tree: Tree,
    book: SpeakerBook,
    quoted: list[QuotedSpan],
    reported: list[Quote],
) -> list[Quote]:
    """Quotes in quotation marks, with the attribution found around them; a quote standing alone goes to the
    speaker of the quote before it (`reported` included: "X said Y. “…”")."""
    candidates = [_Candidate(q, words) for q in quoted if (words := tree.words_in(q.inner))]
    paragraph_spans = paragraphs(tree.text)
    quotes: list[Quote] = []
    previous: tuple[_Candidate, Quote] | None = None
    for candidate in candidates:
        attribution = _find_attribution(tree, candidate)
        last = _last_speaking(previous[1], reported, candidate) if previous is not None else None
        continued = (
            CONTINUATIONS.on(tree)
            and previous is not None
            and (last is previous[1] or _same_speaker(last, previous[1]))  # no one else spoke in between
            and _continues(tree, previous[0], candidate, paragraph_spans, previous[1].cue_span)
        )
        if attribution is not None and previous is not None and attribution.cue == _cue_index(tree, previous[1]):
            # "“A,” X added, “B”": both parts found the same cue; unless "…,” he said, adding: “B”"
            attribution = _lead_cue(tree, candidate, attribution.cue) if LEAD_CUE.on(tree) else None
        if (
            attribution is None
            and continued
            and (not NOT_SPEECH.on(tree) or _looks_like_speech(tree, candidate, linked=True))
        ):
            quote = _continuation(tree, previous[1], candidate)
        elif attribution is not None and (
            not NOT_SPEECH.on(tree)
            or (
                _looks_like_speech(tree, candidate, attribution.linked)
                and not (_fragment(tree, candidate) and not _said_object(tree, candidate, attribution.cue))
            )
        ):
            quote = _direct_quote(tree, book, candidate, attribution)
        elif (
            FLOATING.on(tree)
            and previous is not None
            and _stands_alone(tree, candidate, paragraph_spans)
            and _near(previous[1], candidate, 600)
        ):
            runs_on = last is previous[1] and _follows_directly(tree, last, candidate)
            quote = _floating(tree, last, candidate, runs_on)
        else:
            continue
        quotes.append(quote)
        previous = (candidate, quote)
    return quotes


def _lead_cue(
    tree: Tree, candidate: _Candidate, taken: int
) -> Attribution | None:
    """A cue verb other than `taken` right before the quote, a colon apart ("he said, adding: “…”"), which the
    parser hung on the cue the quote before already has."""
    colon = min(candidate.words) - 1
    while colon >= 0 and tree.words[colon].start >= candidate.quoted.outer.start:
        colon -= 1  # the opening mark
    if colon < 1 or tree.words[colon].text != ":":
        return None
    cue = colon - 1
    if cue == taken or cue in tree.inside or tree.words[cue].upos != "VERB" or not _is_cue(tree, cue):
        return None
    speaker_rule, speaker = _speaker_found(tree, cue)
    return Attribution(cue, tuple(speaker), linked=True, rules=_named(LEAD_CUE.name, speaker_rule))


def _cue_index(tree: Tree, quote: Quote) -> int | None:
    if quote.cue_span is None:
        return None
    return next((w.index for w in tree.words if w.start == quote.cue_span.start), None)


def _looks_like_speech(tree: Tree, candidate: _Candidate, linked: bool) -> bool:
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


def _fragment(tree: Tree, candidate: _Candidate) -> bool:
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


def _said_object(tree: Tree, candidate: _Candidate, cue: int | None) -> bool:
    """The quote is the whole object of its speech verb ('condemned “such a murderous attack”', 'they chanted
    "stop killing black people"'): the words said, however few."""
    if cue is None or tree.words[cue].lemma not in PLAIN_SPEECH_VERBS:
        return False
    outer = candidate.quoted.outer
    # the object as _names_object finds it: the compact parser often makes it a bare oblique
    return any(
        _names_object(tree, c) and all(outer.start <= tree.words[i].start < outer.end for i in tree.subtree(c))
        for c in tree.children[cue]
    )


def _stands_alone(tree: Tree, candidate: _Candidate, paragraph_spans: list[Span]) -> bool:
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
        and _looks_like_speech(tree, candidate, linked=False)
        and not _subhead(tree, candidate, paragraph_spans)
    )


def _subhead(tree: Tree, candidate: _Candidate, paragraph_spans: list[Span]) -> bool:
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


def _near(quote: Quote, candidate: _Candidate, distance: int) -> bool:
    return candidate.quoted.outer.start - quote.span.end <= distance


def _region(tree: Tree, quoted: QuotedSpan) -> list[int]:
    """Words outside the quote in the sentences around it, where its attribution may be."""
    first = tree.sentence_of_offset(quoted.outer.start)
    last = tree.sentence_of_offset(max(quoted.outer.end - 1, quoted.outer.start))
    if first is None or last is None:
        return []
    sentences = list(range(first, last + 1))
    # "“…,” he said." is often split after the closing mark: take the short sentence that follows, or any that
    # follows a quote ending in a comma ("''…,'' Twitter said in a statement, adding …").
    following = last + 1
    if following < len(tree.sentence_spans):
        gap = tree.text[quoted.outer.end : tree.sentence_spans[following].start]
        runs_on = (
            quoted.inner.slice(tree.text).rstrip().endswith(",")
            and tree.sentence_spans[last].end <= quoted.outer.end  # the split fell right after the quote
        )
        if "\n" not in gap and (runs_on or len(tree.sentence_words[following]) <= 12):
            sentences.append(following)
    # "He said:" closing the sentence before the quote.
    before = first - 1
    if before >= 0 and tree.text[: quoted.outer.start].rstrip().endswith(":"):
        sentences.insert(0, before)
    return [
        i
        for s in sentences
        for i in tree.sentence_words[s]
        if not quoted.outer.start <= tree.words[i].start < quoted.outer.end
    ]


def _is_cue(tree: Tree, index: int) -> bool:
    word = tree.words[index]
    known = word.lemma in cues.SPEECH_VERBS or word.lemma in cues.CLAUSE_ONLY_VERBS or word.lemma in cues.NAMING_VERBS
    if word.text.lower() in ("say", "says") and word.upos == "NOUN":
        # "Nearly nine out of 10 say they will …": the tagger took the verb after a number for a noun
        return _finite_clause_follows(tree, [i for i in tree.sentence_words[word.sentence] if i > index])
    if word.upos == "NOUN" and _quote_then_phrase(tree, index):
        return True  # "“…,” the editorial read.", "the two write", with the verb tagged as a noun
    if not known or word.upos not in ("VERB", "AUX"):
        return word.lemma == "accord" and _next_text(tree, index) == "to"
    if word.relation in ("amod", "compound"):
        return False  # "the added security", "self-described": a participle describing a noun says nothing
    if word.lemma in cues.NAMING_VERBS and _naming_parts(tree, index):
        return True  # "called the actions lawful", "called it “a fundamental mistake”": naming is saying
    if word.lemma in cues.CLAUSE_ONLY_VERBS or word.lemma in cues.NAMING_VERBS:
        return (
            any(tree.words[c].relation in ("ccomp", "parataxis") for c in tree.children[index])
            or bool(_topics(tree, index))
            or (_takes_object_content(tree, index) and bool(_objects(tree, index)))
        )
    return True


def _quote_then_phrase(tree: Tree, cue: int) -> list[int]:
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


def _has_particle(tree: Tree, cue: int, particles, relations=("compound",)) -> bool:
    """Whether the cue carries one of `particles` as its verb particle ("pointed out", "went on", "called for"),
    or in another of `relations`."""
    return any(
        tree.words[c].lemma in particles and tree.words[c].relation in relations for c in tree.children[cue]
    )


def _phrasal_speech(tree: Tree, cue: int) -> bool:
    """A verb that speaks with its particle or object ("“…,” Trump went on", "As Vulture put it, “…”")."""
    return _has_particle(tree, cue, cues.PHRASAL_SPEECH.get(tree.words[cue].lemma, ()), ("compound", "obj"))


def _takes_object_content(tree: Tree, cue: int) -> bool:
    """Whether the cue's object is what was said: a verb of the lexicon, or a phrasal "point out"."""
    word = tree.words[cue]
    return word.lemma in cues.OBJECT_CONTENT_VERBS or _has_particle(
        tree, cue, cues.PHRASAL_OBJECT_CONTENT.get(word.lemma, ())
    )


def _previous_text(tree: Tree, index: int) -> str:
    return tree.words[index - 1].text if index > 0 else ""


def _next_text(tree: Tree, index: int) -> str:
    return tree.words[index + 1].text.lower() if index + 1 < len(tree.words) else ""


def _find_attribution(tree: Tree, candidate: _Candidate) -> Attribution | None:
    found = first_match(ATTRIBUTION_RULES, tree, candidate, _region(tree, candidate.quoted))
    if found is None:
        return None
    name, attribution = found
    return replace(attribution, rules=(name, *attribution.rules))


def _cue_attribution(tree: Tree, candidate: _Candidate, region: list[int]) -> Attribution | None:
    """The cue nearest the quote, one the parse links to it first, one with a speaker next."""
    quote_words = set(candidate.words)
    options = []
    for index in region:
        if index in tree.inside:
            continue
        linked = _governs(tree, index, quote_words) or _governed_by_quote(tree, index, quote_words)
        # "“…,” agrees Michelle Stevens", "“…,” Mr. Rubel pointed out": bound to a quote, these verbs speak
        lemma = tree.words[index].lemma
        bound = (
            linked
            and tree.words[index].upos == "VERB"
            and (lemma in QUOTE_BOUND_VERBS or _phrasal_speech(tree, index))
            and not _through_infinitive(tree, index, quote_words)
        )
        if not (bound or _is_cue(tree, index)):
            continue
        if not linked and _asked_opening(tree, index):
            continue  # "Asked which county …, he demurred: “…”": the answer is not the question's
        word = tree.words[index]
        distance = min(abs(word.start - candidate.quoted.outer.end), abs(candidate.quoted.outer.start - word.end))
        if distance > MAX_CUE_DISTANCE:
            continue
        speaker_rule, speaker = _speaker_found(tree, index)
        options.append((not linked, not speaker, distance, index, speaker, linked, speaker_rule))
    if not options:
        return None
    options.sort()
    _, _, _, cue, speaker, linked, speaker_rule = options[0]
    attribution = Attribution(cue, tuple(speaker), linked=linked, rules=_named(speaker_rule))
    return _with_via(tree, attribution, [o[3:5] for o in options[1:]])


def _named(*names: str | None) -> tuple[str, ...]:
    return tuple(name for name in names if name)


def _according_frame(tree: Tree, candidate: _Candidate, region: list[int]) -> Attribution | None:
    return _according_to(tree, region)


def _colon_headline_frame(tree: Tree, candidate: _Candidate, region: list[int]) -> Attribution | None:
    """'The New York Times reports: “…”'."""
    if not tree.text[: candidate.quoted.outer.start].rstrip().endswith(":"):
        return None
    return _colon_headline(tree, [i for i in region if tree.words[i].end <= candidate.quoted.outer.start])


def _colon_intro(
    tree: Tree, candidate: _Candidate, region: list[int]
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
            return _subject_attribution(tree, _clause_verb(tree, index, set(before)))
    return None


def _clause_verb(tree: Tree, verb: int, words: set[int]) -> int:
    """The verb with a subject that `verb`, subjectless, hangs under among `words` ("Clinton has apologized for
    what happened:" → apologized), or `verb` itself."""
    while not _subjects(tree, verb):
        head = tree.words[verb].head
        if head is None or head not in words or tree.words[head].upos != "VERB":
            break
        verb = head
    return verb


def _subjects(tree: Tree, index: int) -> list[int]:
    return [c for c in tree.children[index] if tree.words[c].relation in SUBJECT_RELATIONS]


def _subject_attribution(tree: Tree, verb: int) -> Attribution | None:
    speaker = _subjects(tree, verb)
    if speaker and speaker[0] not in tree.inside:
        return Attribution(verb, tuple(_mention(tree, speaker[0])), linked=True)
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


def _governs(tree: Tree, cue: int, quote_words: set[int]) -> bool:
    return any(child in quote_words and tree.words[child].upos != "PUNCT" for child in tree.children[cue])


def _through_infinitive(tree: Tree, cue: int, quote_words: set[int]) -> bool:
    """'Rubio will continue to be “a champion …”': the quote hangs on the verb only through a "to" clause."""
    linking = [c for c in tree.children[cue] if c in quote_words and tree.words[c].upos != "PUNCT"]
    return bool(linking) and all(_infinitive(tree, c) for c in linking)


def _governed_by_quote(tree: Tree, cue: int, quote_words: set[int]) -> bool:
    """'“…,” he said', '“…,” it reads': the cue hangs off a word of the quote (as parataxis, or as a conjunct the
    parser made of it), or is the root it attaches to."""
    head = tree.words[cue].head
    return head is not None and head in quote_words and tree.words[cue].relation in CUE_UNDER_QUOTE_RELATIONS


def _speaker_words(tree: Tree, cue: int) -> list[int]:
    return _speaker_found(tree, cue)[1]


def _speaker_found(tree: Tree, cue: int) -> tuple[str | None, list[int]]:
    """The speaker mention of a cue, and the name of the rule that found it."""
    found = first_match(OPENING_SPEAKER_RULES, tree, cue)
    if found is not None:
        return found
    name, speaker = first_match(SPEAKER_RULES, tree, cue) or (None, [])
    speaker = _outside_relative_clause(tree, cue, speaker)
    published = _publisher(tree, cue, speaker) if PUBLISHER.on(tree) else []
    return (PUBLISHER.name, published) if published else (name, speaker)


def _asked_agent(tree: Tree, cue: int) -> list[int] | None:
    if not _asked_opening(tree, cue):
        return None
    # who asked goes unsaid ("Asked by Ingraham …" aside); the subject of the sentence is who answered
    agent = _agent(tree, cue)
    return _mention(tree, agent) if agent is not None and agent not in tree.inside else []


def _aside_speaker(tree: Tree, cue: int) -> list[int] | None:
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
    if len(before) < 1 or len(rest) < 2 or any(tree.words[i].upos == "VERB" and _is_cue(tree, i) for i in before):
        return None
    if _comma_participle(tree, rest[0]):
        return None  # "…, Cruz explained, recalling …": the cue closes what was said, a participle follows
    return comma, after


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
    subjects = [c for c in _subjects(tree, verb) if c not in tree.inside]
    if not subjects or tree.words[subjects[0]].lemma in RELATIVE_PRONOUNS:
        return []
    return _mention(tree, subjects[0])


def _according_speaker(tree: Tree, cue: int) -> list[int] | None:
    return _according_source(tree, cue) if tree.words[cue].lemma == "accord" else None


def _noun_cue_speaker(tree: Tree, cue: int) -> list[int] | None:
    after_quote = _quote_then_phrase(tree, cue) if tree.words[cue].upos == "NOUN" else []
    if after_quote:
        return after_quote
    return None


def _noun_cue_head(tree: Tree, cue: int) -> list[int] | None:
    head = tree.words[cue].head
    if tree.words[cue].upos == "NOUN" and head is not None and head < cue:
        # "Nearly nine out of 10 say …" with "say" a noun under "nine": the phrase it hangs on speaks
        return _contiguous([i for i in range(min(tree.subtree(head)), cue) if i not in tree.inside], head)
    return None


def _agent_speaker(tree: Tree, cue: int) -> list[int] | None:
    agent = _agent(tree, cue)
    if agent is not None and agent not in tree.inside:
        return _mention(tree, agent)
    return None


def _described(tree: Tree, cue: int) -> list[int] | None:
    described = _described_speaker(tree, cue)
    if described is not None:
        return _contiguous([i for i in tree.subtree(described) if i not in tree.inside], described)
    return None


def _inverted(tree: Tree, cue: int) -> list[int] | None:
    return _inverted_speaker(tree, cue) or None


def _clause_subject(tree: Tree, cue: int) -> list[int] | None:
    return _climb_to_subject(tree, cue)[0]


def _climb_to_subject(tree: Tree, cue: int) -> tuple[list[int] | None, int | None]:
    """The subject of the cue, or of the clause a participle or coordinated cue hangs on, climbing at most
    three clauses; with the verb the climb stopped at."""
    participle = _comma_participle(tree, cue)
    current: int | None = cue
    for _ in range(3):
        if current is None:
            break
        for child in tree.children[current]:
            word = tree.words[child]
            if word.relation in SUBJECT_RELATIONS and child not in tree.inside and word.deprel != "expl":
                if word.text.lower() in ("it", "there") and word.deprel.endswith("pass"):
                    return [], current
                if _time_word(tree, child) or _not_a_noun_phrase(tree, child) or word.lemma == "this":
                    continue  # a misparsed "Friday said" or "Moreover, said" is no speaker
                if _relative_before_subject(tree, current, child):
                    continue  # "… that Sanders thanked", the "that" parsed as a second subject
                mention = _mention(tree, child)
                # "North Korean and Chinese news reports said", parsed as two subjects: one mention
                for other in _other_subjects(tree, current, child):
                    mention = sorted(set(mention) | set(_mention(tree, other)))
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
            above = _cue_above(tree, word.head) if current == cue else None
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
            return (_noun_root(tree, cue) if finite else []) or _mention(tree, word.head), current
        current = word.head
        while tree.words[current].upos == "ADV" and tree.words[current].head is not None:
            current = tree.words[current].head  # "stood at a Bush event here to say …" hung on "here"
    return None, current


def _as_source_speaker(tree: Tree, cue: int) -> list[int] | None:
    as_source = _as_source(tree, cue)
    if as_source is not None and as_source not in tree.inside:
        return _mention(tree, as_source)
    return None


def _participle_subject(tree: Tree, cue: int) -> list[int] | None:
    if tree.words[cue].xpos != "VBG":
        return None
    # "X did Y, saying …" however the participle was attached: the subject of the sentence speaks
    root = next((i for i in tree.sentence_words[tree.words[cue].sentence] if tree.words[i].head is None), None)
    subjects = [c for c in tree.children[root] if tree.words[c].relation == "nsubj"] if root is not None else []
    if subjects and subjects[0] not in tree.inside and root != cue:
        return _mention(tree, subjects[0])
    if not subjects and root is not None and root != cue and tree.words[root].upos == "VERB":
        # "… Chief Calvin Williams lobbied to …, saying, “…”" with the name hung elsewhere: the name before
        # the sentence's verb
        return _adjacent_name(tree, root) or _adjacent_name(tree, cue)
    return _noun_root(tree, cue) or None  # "Huma Abedin, …, emailed supporters …, telling them, “…”"


def _lost_subject(tree: Tree, cue: int) -> list[int] | None:
    # the verb the cue hangs on has lost its subject in the parse ("Florida Gov. Rick Scott (R) blasted Congress
    # and said"): the name or phrase right before that verb
    _, current = _climb_to_subject(tree, cue)
    lost_subject = current is not None and current != cue and not _subjects(tree, current)
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
    if _time_word(tree, root):
        return []  # "Just last week, J.J. Goldberg … wrote"
    name, stack = [], [root]
    while stack:
        current = stack.pop()
        name.append(current)
        stack.extend(c for c in tree.children[current] if tree.words[c].relation in NAME_RELATIONS)
    return _contiguous(sorted(i for i in name if i not in tree.inside), root)


def _coordinated_participle(tree: Tree, cue: int) -> int | None:
    """'saying she's experienced but suggesting that …' with "suggesting" parsed as a conjunct of what was said:
    the participle cue above it that it is coordinated with."""
    word = tree.words[cue]
    if word.relation != "conj" or word.xpos != "VBG" or tree.words[word.head].xpos == "VBG":
        return None
    return _cue_above(tree, word.head, participle=True)


def _cue_above(tree: Tree, index: int, participle: bool = False) -> int | None:
    """The nearest cue (a participle one, with `participle`) among the ancestors of `index`."""
    current = tree.words[index].head
    while current is not None:
        if _is_cue(tree, current) and (not participle or tree.words[current].xpos == "VBG"):
            return current
        current = tree.words[current].head
    return None


def _comma_participle(tree: Tree, index: int) -> bool:
    """A present participle set off by a comma ("…, saying …"): it speaks for the clause before it."""
    return tree.words[index].xpos == "VBG" and _previous_text(tree, index) == ","


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


def _time_word(tree: Tree, index: int) -> bool:
    """A word that dates rather than speaks ("Friday said"), unless the article names someone so ("Kristen
    Day … Day said")."""
    word = tree.words[index]
    if word.lemma not in cues.TIME_WORDS:
        return False
    return not tree.is_surname(word.text)


def _described_speaker(tree: Tree, cue: int) -> int | None:
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
        return _mention(tree, subject) if subject is not None else []
    if tree.words[cue - 1].text != "," or tree.words[cue].lemma not in cues.INVERTING_VERBS:
        return []
    name = cue + 1
    if name not in after or tree.words[name].relation not in ("obj", "iobj") or tree.words[name].upos != "PROPN":
        return []
    # the name ends at its comma ("said Howard Rubel, a senior analyst at …, who notes")
    return list(itertools.takewhile(lambda i: tree.words[i].text != ",", _mention(tree, name)))


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


def _agent(tree: Tree, cue: int) -> int | None:
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


def _adjacent_name(
    tree: Tree, cue: int, before_only: bool = False
) -> list[int]:
    """Fallback for a missing parse: a name or pronoun right before (auxiliaries, adverbs and a parenthesis
    apart) or right after the cue; with `before_only`, before it (the verb is not a cue: its object names no one)."""
    # after the cue only in an inverted "…, said Smith": "told AFP" names the one addressed
    # (nor in "put it", whose "it" belongs to the cue)
    addressed = tree.words[cue].lemma in cues.ADDRESSEE_VERBS or _phrasal_speech(tree, cue)
    after = () if addressed or before_only else (cue + 1,)
    for neighbour in (_before_verb_group(tree, cue), *after):
        if not 0 <= neighbour < len(tree.words) or neighbour in tree.inside:
            continue
        word = tree.words[neighbour]
        if word.sentence != tree.words[cue].sentence or _time_word(tree, neighbour):
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


def _asked_opening(tree: Tree, cue: int) -> bool:
    """A sentence opening "Asked …," or "When asked …,": a question put to the sentence's subject."""
    word = tree.words[cue]
    if word.lemma != "ask" or not word.text.lower().endswith("ed") or _subjects(tree, cue):
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
    return [i for i in _mention(tree, antecedent) if i < relative - 1] or [antecedent]


def _mention(tree: Tree, head: int) -> list[int]:
    """The contiguous words of a mention: the head's subtree, cut at quotes, clauses, edge punctuation and the
    date the parser hung on it ("The White House on Monday")."""
    clause = {
        c
        for c in tree.children[head]
        if tree.words[c].relation in ("acl", "advcl", "parataxis", "case", "mark")
        or (tree.words[c].relation == "nmod" and c > head and _time_word(tree, c) and _ends_phrase(tree, c, head))
    }
    words = [i for i in tree.subtree(head, frozenset(clause)) if i not in tree.inside]
    block = _contiguous(words, head)
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


def _contiguous(words: list[int], head: int) -> list[int]:
    if head not in words:
        return words
    position = words.index(head)
    start = end = position
    while start > 0 and words[start - 1] == words[start] - 1:
        start -= 1
    while end + 1 < len(words) and words[end + 1] == words[end] + 1:
        end += 1
    return words[start : end + 1]


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
        return _mention(tree, source)
    head = tree.words[according].head
    if head is not None and tree.words[according].relation in ("case", "mark"):
        return _mention(tree, head)
    return []


def _according_to(tree: Tree, region: list[int]) -> Attribution | None:
    for index in region:
        if tree.words[index].text.lower() == "according" and _next_text(tree, index) == "to":
            source = _according_source(tree, index)
            if source:
                return Attribution(index, tuple(source))
    return None


def _with_via(tree: Tree, attribution: Attribution, others) -> Attribution:
    """Where another cue in the same sentence credits a channel ("…, wrote KCNA"), that channel is `via`.

    Also "told Reuters", "in an interview with Fox News".
    """
    if attribution.cue is None:
        return attribution
    for _, words in others if OTHER_CUE_CHANNEL.on(tree) else ():
        if words and set(words) != set(attribution.speaker_words):
            return _via(attribution, words, OTHER_CUE_CHANNEL)
    for child in tree.children[attribution.cue]:
        word = tree.words[child]
        if (
            OBJECT_CHANNEL.on(tree)
            and word.relation in ("obj", "iobj", "obl")
            and word.upos == "PROPN"
            and child not in tree.inside
        ):
            # "told Reuters", "said on CNN"; _order_channel keeps it only if it names a medium or organisation
            return _via(attribution, _mention(tree, child), OBJECT_CHANNEL)
        if word.lemma == "interview" and INTERVIEW_CHANNEL.on(tree):
            for grandchild in tree.children[child]:
                if tree.words[grandchild].upos == "PROPN":
                    return _via(attribution, _mention(tree, grandchild), INTERVIEW_CHANNEL)
    return attribution


def _via(attribution: Attribution, words, rule: Step) -> Attribution:
    return replace(attribution, via_words=tuple(words), rules=(*attribution.rules, rule.name))


def _resolve(tree: Tree, book: SpeakerBook, words: tuple[int, ...]) -> tuple[Speaker | None, Span | None]:
    if not words:
        return None, None
    span = tree.span_of(list(words))
    own = set(words)
    head = next((i for i in words if tree.words[i].head not in own), words[0])
    antecedent = _relative_antecedent(tree, head) if len(words) == 1 else None
    if antecedent is not None:
        # "Smith, who said …": the mention is "who", the speaker is Smith
        named = _mention(tree.without_quotes(), antecedent)
        return book.resolve(tree.span_of(named), tree.words[antecedent].span), span
    return book.resolve(span, tree.words[head].span), span


def _relative_antecedent(tree: Tree, pronoun: int) -> int | None:
    """The noun a relative pronoun subject stands for: the head of its relative clause."""
    word = tree.words[pronoun]
    clause = word.head
    if word.lemma not in ("who", "which", "that") or clause is None or tree.words[clause].deprel != "acl:relcl":
        return None
    return tree.words[clause].head


def _direct_quote(tree: Tree, book: SpeakerBook, candidate: _Candidate, attribution: Attribution) -> Quote:
    speaker, speaker_span = _resolve(tree, book, attribution.speaker_words)
    via, _ = _resolve(tree, book, attribution.via_words)
    speaker, via = _order_channel(speaker, via)
    via = via or _report_channel(tree, book, speaker, speaker_span)
    cue_word = tree.words[attribution.cue] if attribution.cue is not None else None
    confidence = 0.9 if attribution.linked else 0.75
    return _new_quote(
        tree,
        "direct",
        candidate.quoted.inner,
        cue_word,
        speaker,
        speaker_span,
        via,
        confidence,
        attribution.rules,
        context_span=candidate.quoted.outer,
    )


def _new_quote(
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
    return Quote(
        kind=kind,
        span=span,
        text=span.slice(tree.text),
        utterance=-1,
        cue=_cue_lemma(tree, cue_word) if cue_word else None,
        cue_span=cue_word.span if cue_word else None,
        cue_text=cue_word.text if cue_word else None,
        speaker=speaker,
        speaker_mention=speaker_span.slice(tree.text) if speaker_span else None,
        speaker_span=speaker_span,
        via=via,
        confidence=confidence,
        context=_context(tree, context_span or span),
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


def _report_channel(tree: Tree, book: SpeakerBook, speaker: Speaker | None, span: Span | None):
    """'The news report stated …': the report is the channel most recently credited in the article."""
    if speaker is None or span is None:
        return None
    words = span.slice(tree.text).lower().split()
    if words[:1] == ["the"] and words[-1] in ("report", "reports", "statement", "dispatch", "footage", "broadcast"):
        found = book.latest({"media"}, span.start - 1)
        if found is not None and found.name != speaker.name:
            return found
    return None


def _continues(
    tree: Tree,
    before: _Candidate,
    after: _Candidate,
    paragraph_spans: list[Span],
    attribution_span: Span | None,
) -> bool:
    """The later quote is the second part of the same utterance ('“A,” he said. “B.”' or a paragraph run-on)."""
    if before.quoted.continues:
        return True
    gap = tree.text[before.quoted.outer.end : after.quoted.outer.start]
    if "\n" in gap:
        return False
    # The attribution between the parts may be long ("… Bill Clinton said during a session at …. “B”").
    cue_between = attribution_span is not None and before.quoted.outer.end <= attribution_span.start
    if len(gap.split()) > (MAX_SPLIT_ATTRIBUTION_WORDS if cue_between else 12):
        return False
    return any(p.start <= before.quoted.outer.start and after.quoted.outer.end <= p.end for p in paragraph_spans)


def _continuation(tree: Tree, first: Quote, candidate: _Candidate) -> Quote:
    return replace(
        first,
        span=candidate.quoted.inner,
        text=candidate.quoted.inner.slice(tree.text),
        context=_context(tree, candidate.quoted.outer),
        utterance=-2,  # same utterance as the previous quote
        rule=_carried(CONTINUATIONS.name, first),
    )


def _carried(rule: str, previous: Quote) -> tuple[str, ...]:
    """The rules of a quote that takes its speaker from the quote before it."""
    return (rule, *(name for name in previous.rule if name.startswith(("speaker/", "channel/"))))


def _follows_directly(tree: Tree, previous: Quote, candidate: _Candidate) -> bool:
    """Only the previous quote's attribution (or nothing) stands between it and this quote: the next
    paragraph carries on the same utterance."""
    gap = tree.text[previous.span.end : candidate.quoted.outer.start]
    words = [w for w in gap.split() if any(ch.isalnum() for ch in w)]
    attributed_in_gap = previous.cue_span is not None and previous.span.end <= previous.cue_span.start
    return not words or (attributed_in_gap and len(words) <= MAX_SPLIT_ATTRIBUTION_WORDS)


def _same_speaker(one: Quote, other: Quote) -> bool:
    return one.speaker is not None and other.speaker is not None and one.speaker.name == other.speaker.name


def _last_speaking(previous: Quote, reported: list[Quote], candidate: _Candidate) -> Quote:
    """The quote with a speaker closest before the candidate: the previous direct quote or reported speech
    (not speech inside the previous speaker's description: "said Sosa, who said he would not vote …")."""
    described = previous.speaker_span
    between = [
        q
        for q in reported
        if q.speaker is not None
        and previous.span.end <= q.span.start
        and q.span.end <= candidate.quoted.outer.start
        and not (described is not None and described.start <= q.span.start < described.end)
    ]
    return between[-1] if between else previous


def _floating(tree: Tree, previous: Quote, candidate: _Candidate, same_utterance: bool) -> Quote:
    """A quote standing alone after another speaker's quote is credited to that speaker, with less confidence;
    right after it, it is the same utterance running on."""
    if same_utterance:
        return _continuation(tree, previous, candidate)
    return replace(
        previous,
        kind="direct",
        span=candidate.quoted.inner,
        text=candidate.quoted.inner.slice(tree.text),
        cue=None,
        cue_span=None,
        confidence=0.5,
        context=_context(tree, candidate.quoted.outer),
        utterance=-1,
        rule=_carried(FLOATING.name, previous),
    )


def _context(tree: Tree, span: Span) -> str:
    sentences = [s for s in tree.sentence_spans if s.overlaps(span)]
    if not sentences:
        return span.slice(tree.text)
    return tree.text[sentences[0].start : sentences[-1].end]


# ------------------------------------------------------------------------------------------- reported


def _reported_quotes(tree: Tree, book: SpeakerBook) -> list[Quote]:
    quotes = []
    for word in tree.words:
        if not tree.is_parsed(word.sentence) or word.index in tree.inside or not _is_cue(tree, word.index):
            continue
        content_rule, content = _content_found(tree, word.index)
        if content and _complementizer(tree, content[0]):
            content = content[1:]  # the words reported, not the complementizer
        words = [i for i in content if tree.words[i].upos != "PUNCT"]
        quoting = any(i in tree.inside for i in content)  # 'called it “shameful”' is short but quotes
        if len(words) < (2 if quoting else MIN_REPORTED_WORDS):
            continue
        speaker_rule, speaker_words = _speaker_found(tree, word.index)
        if speaker_words and speaker_words[0] == content[0] and word.index - 1 in tree.inside:
            continue  # what the parser made the content is the speaker ("…,” said one Republican involved in …")
        if speaker_words and content[0] < speaker_words[0] <= content[-1] and (
            content[-1] < word.index or content[0] > word.index
        ):
            # "“…,” Mr. Guerrero, who is an actor, said", "In addition to stating that X, Clinton has vowed":
            # the content ends where its speaker begins
            content = _trimmed(tree, [i for i in content if i < speaker_words[0]])
            if not content:
                continue
        content = _to_sentence_end(tree, word.index, content, speaker_words)
        content_span = tree.span_of(content)
        speaker_words = [i for i in speaker_words if i not in content]
        speaker, speaker_span = _resolve(tree, book, tuple(speaker_words))
        via = _report_channel(tree, book, speaker, speaker_span)
        confidence = 0.7 if speaker else 0.5
        rule = _named(REPORTED.name, content_rule, speaker_rule)
        quotes.append(_new_quote(tree, "indirect", content_span, word, speaker, speaker_span, via, confidence, rule))
    return quotes


def _complementizer(tree: Tree, index: int) -> bool:
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


def _to_sentence_end(
    tree: Tree, cue: int, content: list[int], speaker_words: list[int]
) -> list[int]:
    """Content after its cue runs on to the end of the sentence (the parser often cuts a long clause short at a
    comma, a colon or a parenthesis), but not into the next attribution: it stops at the clause break before
    another cue or the speaker."""
    if content[0] < cue or _named_object(tree, cue, content[0]) or _asked_opening(tree, cue):
        # content before the cue, a named object ("called the inquiry a “witch hunt”"), the question of "Asked …,"
        return content
    rest = [i for i in tree.sentence_words[tree.words[cue].sentence] if i > content[-1] and i not in tree.inside]
    stop = next((n for n, i in enumerate(rest) if i in speaker_words or _is_cue(tree, i)), None)
    if stop is not None:
        breaks = [n for n in range(stop) if _breaks_clause(tree.words[rest[n]])]
        rest = rest[: breaks[-1]] if breaks else []
    while rest and _breaks_clause(tree.words[rest[-1]]):
        rest = rest[:-1]
    return _trimmed(tree, content + rest)


def _named_object(tree: Tree, cue: int, first: int) -> bool:
    """The content opens with the object of a naming verb: what follows the name was not said."""
    return tree.words[cue].lemma in cues.NAMING_VERBS and any(
        tree.words[c].relation == "obj" and first in tree.subtree(c) for c in tree.children[cue]
    )


def _breaks_clause(word) -> bool:
    return word.text in CLAUSE_BREAKS or word.upos == "CCONJ"


def _content_words(tree: Tree, cue: int) -> list[int]:
    return _content_found(tree, cue)[1]


def _content_found(tree: Tree, cue: int) -> tuple[str | None, list[int]]:
    """The content of a reporting cue and the rule that found it: its clausal complements, the object of a verb
    whose object is what was said ("praised Smegielski for …"), or the clause the cue is appended to ("X,
    officials said")."""
    return first_match(CONTENT_RULES, tree, cue) or (None, [])


def _according_content(tree: Tree, cue: int) -> list[int] | None:
    word = tree.words[cue]
    if word.lemma != "accord":
        return None
    # "according to X" is either a clause of its own or the case marker of X (X hangs on the clause)
    marks_source = word.relation in ("case", "mark") and _according_object(tree, cue) is None
    phrase = word.head if marks_source else cue
    if phrase is None:
        return []
    return _sentence_without(tree, phrase)


def _asked_question(tree: Tree, cue: int) -> list[int] | None:
    if not _asked_opening(tree, cue):
        return None
    # "Asked which county was his favorite, he demurred": the question runs to the comma that ends it
    agent = _agent(tree, cue)
    asker = set(tree.subtree(agent)) if agent is not None else set()
    following = [i for i in tree.sentence_words[tree.words[cue].sentence] if i > cue and i not in asker]
    return _trimmed(tree, list(itertools.takewhile(lambda i: not _ends_opening(tree, i), following)))


def _around_aside(tree: Tree, cue: int) -> list[int] | None:
    aside = _comma_aside(tree, cue)
    if aside is None:
        return None
    # "The outreach, they said, raised new worries": the sentence around the aside is what was said
    sentence = tree.sentence_words[tree.words[cue].sentence]
    return _trimmed(tree, [i for i in sentence if not aside[0] <= i <= aside[1]])


def _complement(tree: Tree, cue: int) -> list[int] | None:
    described = _described_speaker(tree, cue)
    clauses = [c for c in tree.children[cue] if _is_content_clause(tree, cue, c) and c != described]
    if not clauses:
        return None
    content = [i for c in clauses for i in tree.subtree(c)]
    told = _objects(tree, cue) if tree.words[cue].lemma in cues.ADDRESSEE_VERBS else []
    if told and any(_infinitive(tree, c) for c in clauses) and told[0] < min(content):
        # "urged people not to spread rumors": who was told is part of what they were told to do
        content = list(range(min(tree.subtree(told[0])), max(content) + 1))
    return _trimmed(tree, content)


def _topic(tree: Tree, cue: int) -> list[int] | None:
    topics = _topics(tree, cue)
    if not topics:
        return None
    # "calling on countries to support each other": what they are called on to do belongs to it
    told_to = [c for c in tree.children[cue] if c > topics[-1] and _infinitive(tree, c)]
    return _trimmed(tree, [i for c in topics + told_to for i in tree.subtree(c)])


def _naming(tree: Tree, cue: int) -> list[int] | None:
    naming = _naming_parts(tree, cue) if tree.words[cue].lemma in cues.NAMING_VERBS else []
    if not naming:
        return None
    # "called the new law “much, much better”": who is named and what they are called
    named = [i for c in naming for i in ([c] if c < cue else tree.subtree(c))]  # "what" alone, not its clause
    return _trimmed(tree, named)


def _quoted_object(tree: Tree, cue: int) -> list[int] | None:
    quoted_objects = [c for c in _objects(tree, cue) if _opens_with_quote(tree, c)]
    if not quoted_objects:
        return None
    # 'saying “Too many.”', 'they chanted "stop killing black people"': the words said are the object
    return _trimmed(tree, [i for c in quoted_objects for i in tree.subtree(c)])


def _object_content(tree: Tree, cue: int) -> list[int] | None:
    objects = _objects(tree, cue)
    if not (objects and _takes_object_content(tree, cue)):
        return None
    after = [
        c
        for c in tree.children[cue]
        if tree.words[c].relation in ("obl", "advcl", "xcomp")  # "described the push as impossible"
        and tree.words[c].start > tree.words[objects[0]].start
        and tree.words[c].lemma not in cues.TIME_WORDS
    ]
    return _trimmed(tree, [i for c in objects + after for i in tree.subtree(c)])


def _around_parenthetical(tree: Tree, cue: int) -> list[int] | None:
    if not _parenthetical(tree, cue):
        return None
    # "A Clinton presidency, she vowed, would bring …": the sentence around the aside is the content
    own = set(tree.subtree(cue))
    return _trimmed(tree, [i for i in tree.sentence_words[tree.words[cue].sentence] if i not in own])


def _set_into(tree: Tree, cue: int) -> list[int] | None:
    word = tree.words[cue]
    if word.head is not None and (word.relation == "parataxis" or _as_reported(tree, cue) or _set_off(tree, cue)):
        # "X will happen, officials said", "Now, she said, X", "As reported by Y, X": the content is the
        # clause the cue is set into: the sentence around the cue's own clause.
        return _sentence_without(tree, cue)
    return None


def _opens_with_quote(tree: Tree, index: int) -> bool:
    """The phrase of `index` starts with an opening quotation mark."""
    first = tree.words[min(tree.subtree(index))]
    before = tree.text[: first.start].rstrip()
    # a straight mark glued to the word before it closes a quote: '"chained CPI" that would …'
    return first.text in OPENING_MARKS or any(
        before.endswith(mark) and (len(before) == len(mark) or not before[-len(mark) - 1].isalnum())
        for mark in OPENING_MARKS
    )


def _objects(tree: Tree, cue: int) -> list[int]:
    """The cue's direct objects after it, dates aside ("tweeted Sunday")."""
    return [
        c
        for c in tree.children[cue]
        if tree.words[c].relation == "obj"
        and tree.words[c].start > tree.words[cue].start
        and tree.words[c].lemma not in cues.TIME_WORDS
    ]


CUE_UNDER_QUOTE_RELATIONS = ("parataxis", "ccomp", "dep", "conj")
# "Graham, who says …, tweeted that": at most this many words (", on Friday described") between the comma
# closing the relative clause and the cue.
RELATIVE_TO_CUE_WORDS = 3
PERSON_RELATIVE_PRONOUNS = ("who", "whose")
# Where the compact parser hangs the quoted name of "called X “Y”" when not as xcomp.
MISPARSED_NAME_RELATIONS = ("conj", "appos", "advcl", "amod", "acl", "ccomp")


def _naming_parts(tree: Tree, cue: int) -> list[int]:
    """Who is named and what they are called ("called [the actions] [lawful]"), or nothing if either lacks."""
    objects = _objects(tree, cue) or [  # "what Gilbert called “a perception problem”", the clause under "what"
        c
        for c in [*tree.children[cue], tree.words[cue].head]
        if c is not None and c < cue and tree.words[c].lemma in ("what", "that", "which")
    ]
    named = [c for c in tree.children[cue] if _names_object(tree, c) and c not in objects[:1]] or [
        # "called the statement “offensive and outlandish”", "called the system “rigged”": the quoted name
        # parsed as a conjunct or apposition of the object, or a clause of the verb
        c
        for c in [*(tree.children[objects[0]] if objects else []), *tree.children[cue]]
        if tree.words[c].relation in MISPARSED_NAME_RELATIONS
        and objects
        and c > objects[0]
        and _opens_with_quote(tree, c)
    ]
    return objects[:1] + named if objects and named else []


def _names_object(tree: Tree, child: int) -> bool:
    """What a naming verb calls its object: a predicate the parser hangs as xcomp, a second object, or a bare
    oblique with no preposition ("called it a “fundamental mistake”")."""
    word = tree.words[child]
    if word.relation in ("xcomp", "obj"):
        return True
    return word.relation == "obl" and not any(tree.words[g].relation == "case" for g in tree.children[child])


def _topics(tree: Tree, cue: int) -> list[int]:
    """Obliques after the cue that name what was said about ("warned of a battle", "calls for reform")."""
    prepositions = cues.TOPIC_PREPOSITIONS.get(tree.words[cue].lemma, ())
    # the preposition hangs on its object, or (a particle) on the cue: "talks about growing up", "called for a …"
    particle = _has_particle(tree, cue, prepositions)
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


def _sentence_without(tree: Tree, index: int) -> list[int]:
    """The sentence's words outside the subtree of `index`, as one run: robust to where the parser hung the
    attribution ("…, according to X" scopes over the whole sentence)."""
    own = set(tree.subtree(index))
    sentence = [i for i in tree.sentence_words[tree.words[index].sentence] if i not in own]
    before = _trimmed(tree, [i for i in sentence if i < min(own)])
    after = _trimmed(tree, [i for i in sentence if i > max(own)])
    # What comes first is the content ("X, she said"), unless it is only a leading adverb ("Now, she said, X");
    # a relative clause after an inverted speaker ("said Smith, who …") is not content.
    if len([i for i in before if tree.words[i].upos != "PUNCT"]) >= MIN_REPORTED_WORDS and _has_main_verb(
        tree, before
    ):
        return before
    if after and tree.words[after[0]].lemma in ("who", "which", "whom", "whose"):
        return []
    return after


def _parenthetical(tree: Tree, cue: int) -> bool:
    """The cue and its subject are an aside between commas inside the sentence ("X, she vowed, would …"),
    with nothing of their own to report."""
    word = tree.words[cue]
    own = tree.subtree(cue)
    sentence = tree.sentence_words[word.sentence]
    before, after = min(own) - 1, max(own) + 1
    if before not in sentence or after not in sentence or before == sentence[0]:
        return False
    if tree.words[before].text != "," or tree.words[after].text != ",":
        return False
    return word.head is not None and all(
        tree.words[c].relation in ("nsubj", "advmod", "aux", "punct") for c in tree.children[cue]
    )


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
        tree.words[c].relation in ("cc", "obj", "ccomp", "xcomp") and not _time_word(tree, c)
        for c in tree.children[cue]
    )


def _has_main_verb(tree: Tree, words: list[int]) -> bool:
    """Whether `words` hold a clause of their own, not just a noun phrase with a relative clause ("Donald Trump,
    who is vying to be the next president, tweeted": the speaker the parser cut off from the cue)."""
    relative = {i for w in words if tree.words[w].relation == "acl" for i in tree.subtree(w)}
    return any(tree.words[i].upos in ("VERB", "AUX") and i not in relative for i in words)


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
        ) or (lemma in cues.ADDRESSEE_VERBS and _infinitive(tree, child) and bool(_objects(tree, cue)))
    if relation not in ("ccomp", "xcomp", "csubj", "parataxis"):
        return False
    if relation == "ccomp" and _comma_participle(tree, child):
        return False  # "Black said, referring to …", "Wilkin said, eliciting jeers": not what was said
    cue_start = tree.words[cue].start
    if any(
        tree.words[k].relation == "nsubj" and cue_start < tree.words[k].start < word.start
        for k in tree.children[cue]
    ):
        return False  # "…,” said Jay Jacobs, a supporter who is …": a clause after an inverted speaker describes them
    if relation == "xcomp":
        return _infinitive(tree, child)
    first = tree.words[tree.subtree(child)[0]]
    # "said on MSNBC that for one, there appeared …": a "that" taken for a pronoun may still open the complement
    relative = first.lemma == "that" and first.upos == "PRON" and not _complementizer(tree, first.index)
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


def _infinitive(tree: Tree, child: int) -> bool:
    """A "to …" clause, whether the parser made it a complement or an adverbial."""
    return tree.words[child].relation in ("xcomp", "advcl") and any(
        tree.words[k].lemma == "to" and tree.words[k].upos == "PART" for k in tree.children[child]
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
        and (word.upos == "SCONJ" or _complementizer(tree, following))
        or (
            word.relation == "nsubj"
            and head is not None
            and tree.words[head].start > word.start
            and tree.words[head].upos in ("VERB", "AUX", "ADJ")
        )
        or _finite_clause_follows(tree, rest)
        or _object_then_verb(tree, cue, following)
        or (tree.words[cue].lemma == "say" and _clause_follows_said(tree, rest))
        or (tree.words[cue].lemma in cues.QUESTION_VERBS and word.text.lower() in QUESTION_OPENERS)
    )
    return _trimmed(tree, rest) if opens_clause else []


def _past_setting(tree: Tree, start: int, sentence) -> int:
    """The first word after a short phrase saying when or where it was said ("says in a statement that …",
    "said on Monday that …"), or `start` if there is none."""
    index = start
    while index in sentence and index - start < 4 and tree.words[index].upos in ("ADP", "DET", "ADJ", "NUM"):
        index += 1
    if index in sentence and _time_word(tree, index):
        return index + 1
    return start


def _finite_clause_follows(tree: Tree, words: list[int]) -> bool:
    """A subject-like word then a finite verb before any break ("said Trump has …", "said his rival is …"):
    a that-less complement the parser took apart."""
    if not _starts_subject(tree, words):
        return False
    for index in words[1:]:
        word = tree.words[index]
        if word.upos == "CCONJ" or word.text in CLAUSE_BREAKS or (word.upos == "ADP" and index == words[1]):
            return False
        if word.upos in ("VERB", "AUX") and word.xpos in FINITE_TAGS:
            return True
    return False


def _starts_subject(tree: Tree, words: list[int]) -> bool:
    """The words can open a clause's subject ("his rival", "Trump", "about half of voters")."""
    if not words:
        return False
    first = tree.words[words[0]]
    return first.upos in CLAUSE_SUBJECT_STARTS or (
        first.text.lower() in APPROXIMATORS and len(words) > 1 and tree.words[words[1]].upos == "NUM"
    )


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
    if len(stretch) < SAID_CLAUSE_WORDS or not _starts_subject(tree, stretch):
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


def _trimmed(tree: Tree, words: list[int]) -> list[int]:
    words = sorted(words)
    while words and tree.words[words[0]].upos == "PUNCT" and tree.words[words[0]].text not in "\"“'‘":
        words = words[1:]
    while words and tree.words[words[-1]].upos == "PUNCT" and tree.words[words[-1]].text not in "\"”'’":
        words = words[:-1]
    return words


def _merge_mixed(direct: list[Quote], reported: list[Quote], quoted: list[QuotedSpan]) -> list[Quote]:
    """Reported speech that holds a quoted fragment becomes one mixed quote; a reported clause that is just
    a direct quote's words is dropped in favour of the direct quote."""
    kept_direct = list(direct)
    out = []
    for quote in reported:
        # a direct quote whose closing punctuation the reported clause left out is inside it all the same
        inner = [d for d in kept_direct if quote.span.start <= d.span.start and _ends_within(d, quote.span.end)]
        last = max(inner, key=lambda d: d.span.end, default=None)
        if last is not None and last.span.end > quote.span.end:
            tail = last.text[len(last.text) - (last.span.end - quote.span.end) :]
            quote = replace(quote, span=Span(quote.span.start, last.span.end), text=quote.text + tail)
        overlapping = [d for d in kept_direct if d.span.overlaps(quote.span)]
        if overlapping and not inner:
            continue
        if inner:
            outside = len(quote.span) - sum(len(d.span) for d in inner)
            if outside < 12 or any(d.cue_span and quote.span.start <= d.cue_span.start < quote.span.end for d in inner):
                # the reported clause is the quote itself, or it credits the quote on ("…, saying, “…” wrote KCNA")
                continue
            for d in inner:
                kept_direct.remove(d)
            speaker = quote.speaker or inner[0].speaker
            rule = _named(MIXED.name, *quote.rule, *(name for d in inner for name in d.rule if name not in quote.rule))
            quote = replace(quote, kind="mixed", speaker=speaker, via=quote.via or inner[0].via, rule=rule)
        elif any(q.inner.overlaps(quote.span) for q in quoted):
            # quotes a fragment too short to be a quote of its own
            quote = replace(quote, kind="mixed", rule=(MIXED.name, *quote.rule))
        out.append(quote)
    return kept_direct + out


def _ends_within(direct: Quote, end: int) -> bool:
    """The direct quote ends by `end`, or only punctuation of it runs past."""
    past = direct.text[max(0, end - direct.span.start) :] if direct.span.end > end else ""
    return direct.span.end <= end or (len(past) <= 2 and not any(ch.isalnum() for ch in past))


def _number_utterances(quotes: list[Quote]) -> list[Quote]:
    """Utterance ids in text order; a continuation joins the part it carries on, the latest quote before it with
    its cue and speaker ("“A,” Clark said, noting X. “B.”": not the reported X in between), else the latest."""
    numbered: list[Quote] = []
    count = 0
    for quote in quotes:
        if quote.utterance == -2 and numbered:
            attribution = (quote.cue_span, quote.speaker_span)
            first = next((q for q in reversed(numbered) if (q.cue_span, q.speaker_span) == attribution), numbered[-1])
            numbered.append(replace(quote, utterance=first.utterance))
        else:
            numbered.append(replace(quote, utterance=count))
            count += 1
    return numbered


# ------------------------------------------------------------------------------------------- rules

OPENING_SPEAKER_RULES: tuple[Rule[list[int]], ...] = (
    Rule("speaker/asked", _asked_agent, "Asked which county was his favorite, he demurred.", "speaker"),
    Rule("speaker/comma-aside", _aside_speaker, "The outreach, they said, raised new worries.", "speaker"),
)

# The speaker of a cue, in order: the first rule that applies decides.
SPEAKER_RULES: tuple[Rule[list[int]], ...] = (
    Rule("speaker/according-to", _according_speaker, "According to the report, sales fell sharply.", "speaker"),
    Rule("speaker/quote-then-phrase", _noun_cue_speaker, "“We will win,” the statement from the club read.",
         "speaker"),
    Rule("speaker/noun-cue-head", _noun_cue_head, "Nearly nine out of 10 say the economy is weak.", "speaker"),
    Rule("speaker/agent", _agent_speaker, "The deal was announced by the company on Monday.", "speaker"),
    Rule("speaker/described", _described, "A person familiar with the planning says the talks failed.", "speaker"),
    Rule("speaker/inverted", _inverted, "“It was a hard game,” said the coach.", "speaker"),
    Rule("speaker/subject", _clause_subject, "The minister said the budget would be cut.", "speaker"),
    Rule("speaker/as", _as_source_speaker, "As Vulture put it, the show was a hit.", "speaker"),
    Rule("speaker/participle-subject", _participle_subject,
         "The union called a strike, saying talks had failed.", "speaker"),
    Rule("speaker/lost-subject", _lost_subject, "Gov. Rick Scott (R) blasted Congress and said it had failed.",
         "speaker"),
    Rule("speaker/adjacent-name", _adjacent_name, "“We will appeal,” Smith said.", "speaker"),
)

PUBLISHER = Step("speaker/publisher", "Rand Paul has released a Web video that accuses Clinton of lying.",
                 "speaker")

# The content of a reporting cue, in order: the first rule that applies decides.
CONTENT_RULES: tuple[Rule[list[int]], ...] = (
    Rule("content/according-to", _according_content, "According to the report, sales fell sharply.", "content"),
    Rule("content/asked", _asked_question, "Asked which county was his favorite, he demurred.", "content"),
    Rule("content/comma-aside", _around_aside, "The outreach, they said, raised new worries.", "content"),
    Rule("content/complement", _complement, "The minister said that the budget would be cut.", "content"),
    Rule("content/topic", _topic, "He called on countries to support each other.", "content"),
    Rule("content/naming", _naming, "She called the new law a disaster.", "content"),
    Rule("content/quoted-object", _quoted_object, "The fans chanted “we want our club back”.", "content"),
    Rule("content/object", _object_content, "The coach praised the players for their effort.", "content"),
    Rule("content/parenthetical", _around_parenthetical, "The new stadium, she vowed, would open in May.",
         "content"),
    Rule("content/set-into", _set_into, "The factory will close next year, officials said.", "content"),
    Rule("content/clause-after", _clause_after, "He said the team played well.", "content"),
)

# The attribution of a quote in quotation marks, in order: the first rule that applies decides.
ATTRIBUTION_RULES: tuple[Rule[Attribution], ...] = (
    Rule("direct/cue", _cue_attribution, "“We played well,” the coach said.", "cue"),
    Rule("frame/according-to", _according_frame, "According to the club, “the deal is done”.", "cue"),
    Rule("frame/colon-headline", _colon_headline_frame, "The New York Times reports: “The deal is done.”", "cue"),
    Rule("frame/colon-intro", _colon_intro, "Cruz called them on it: “You are wrong about this.”", "cue"),
)

LEAD_CUE = Step("direct/lead-cue", "“We won,” he said, adding: “Now we rest for a week.”", "cue")

# The passes and filters, each of which the ablation can switch off.
REPORTED = Step("reported/cue", "The minister said the budget would be cut.", "quote")
LABELLED_TURNS = Step("turn/labelled", "TAPPER: Do you think the party will hold together?", "quote")
CONTINUATIONS = Step("utterance/continuation", "“We won,” he said. “Now we rest.”", "quote")
FLOATING = Step("utterance/floating", "“We won,” he said.\n\n“It was the best game of the season.”", "quote")
MIXED = Step("utterance/mixed", "He said the plan was “a disaster for the town”.", "quote")
NOT_SPEECH = Step("filter/not-speech", "The film “Gone Girl” opened on Friday.", "quote")
COREFERENCE = Step("resolve/coreference", "Mary Smith won. “I am happy,” she said.", "speaker")
OTHER_CUE_CHANNEL = Step("channel/other-cue", "“The talks failed,” he said, Reuters reported.", "via")
OBJECT_CHANNEL = Step("channel/object", "“We will appeal,” the coach told Reuters.", "via")
INTERVIEW_CHANNEL = Step("channel/interview", "“We will appeal,” he said in an interview with Fox News.", "via")

# Every rule and step, in the order they act: the names `Quote.rule` holds, `--ablation` switches off one by one.
REGISTRY: tuple[Rule | Step, ...] = (
    LABELLED_TURNS,
    *ATTRIBUTION_RULES,
    LEAD_CUE,
    OTHER_CUE_CHANNEL,
    OBJECT_CHANNEL,
    INTERVIEW_CHANNEL,
    CONTINUATIONS,
    FLOATING,
    NOT_SPEECH,
    REPORTED,
    *CONTENT_RULES,
    *OPENING_SPEAKER_RULES,
    *SPEAKER_RULES,
    PUBLISHER,
    MIXED,
    COREFERENCE,
)
