"""Who a speaker mention refers to: pronouns and surnames to full names, acronyms and appositions to one
speaker, and each speaker's type. Pure functions over a ParsedText."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from quotetrack.attribution import cues
from quotetrack.attribution.words import Entity, ParsedText
from quotetrack.lexicon import LEXICON
from quotetrack.records import POSSESSIVE, Span, Speaker, alias_key

CONNECTIVES = {"of", "the", "and", "for", "&", "de", "du", "la", "on", "in"}
# The lexicon's sources.toml says what each list is.
ORGANISATION_NOUNS = frozenset(LEXICON.sources["organisation_nouns"])
ORGANISATION_NAME_ENDINGS = frozenset(LEXICON.sources["organisation_name_endings"])
DOCUMENT_HEADS = frozenset(LEXICON.sources["document_heads"]) | cues.SPEECH_NOUNS
# Heads of a mention that speak for the name after their preposition ("a spokesman for Toyota", "the government
# of Costa Rica", "58 percent of Florida voters"): people by role, bodies, shares of a group.
SPEAKING_HEADS = (
    frozenset(LEXICON.sources["role_nouns"] + LEXICON.sources["body_nouns"] + LEXICON.sources["share_nouns"])
    | cues.ANONYMOUS_HEADS | cues.GROUP_HEADS | cues.PERSON_TITLES | cues.GOVERNMENT_WORDS | cues.MEDIA_WORDS
    | ORGANISATION_NOUNS
) - DOCUMENT_HEADS
# Titles before a name, as written without their full stop ("Mr", "Dr", "Sen").
TITLE_WORDS = frozenset(title.lower().rstrip(".") for title in cues.PERSON_TITLES)
# Lower-case words inside a name ("Khaled el Soheil"), no role before the name that follows them.
NAME_PARTICLES = frozenset(["al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "la", "le", "van", "von"])
MEDIA_BRANDS = tuple(brand.split() for brand in LEXICON.sources["media_brands"])


@dataclass
class SpeakerBook:
    """The speakers of one article, in order of first mention, so later mentions resolve to earlier names."""

    parsed: ParsedText
    coreference: bool = True  # off: every mention is its own speaker, as written (for the ablation)
    speakers: list[Speaker] = field(default_factory=list)
    # Where each speaker was last mentioned (character offset), for pronoun resolution.
    last_seen: dict[str, int] = field(default_factory=dict)
    # Spans inside quotation marks: a person named in a quote is seldom who "he said" refers to.
    quoted: list[Span] = field(default_factory=list)
    # Names NER calls persons that the article describes as organisations ("software firm Symbian").
    companies: set[str] = field(default_factory=set)

    def resolve(self, mention: Span, head: Span | None = None, salient: bool = True) -> Speaker:
        """The speaker a mention refers to, registered in the book (merged with an earlier one if the same).

        `head` is the mention's syntactic head: the named entity holding it names the speaker. A mention that is
        not `salient` (a medium told, the object of the cue) is no antecedent for a later pronoun.
        """
        if not self.coreference:
            text = describe(mention.slice(self.parsed.text))
            return Speaker(
                text, mention_type([self.parsed.words[i] for i in self.parsed.words_in(mention)], None), (text,)
            )
        speaker = self._canonical(mention, head)
        speaker = self._merge(speaker)
        if salient:
            self.last_seen[speaker.name] = mention.end
        return speaker

    def register_entities(self) -> None:
        """Note every PER/ORG entity and its acronym in parentheses, so later surnames and acronyms resolve."""
        text = self.parsed.text
        self.companies = {
            alias_key(entity_name(e)) for e in self.parsed.entities if described_as_organisation(text, e)
        }
        for entity in joined_at_hyphens(self.parsed.entities, text):
            if entity.type not in ("PER", "ORG"):
                continue
            after = text[entity.span.end : entity.span.end + 16]
            acronym = re.match(r"\s*\(([A-Z][A-Za-z.&-]{1,9})\)", after)
            aliases = (entity_name(entity),) + ((acronym.group(1),) if acronym else ())
            kind = entity_type(entity)
            if kind == "person" and alias_key(entity_name(entity)) in self.companies:
                kind = "organization"  # "software firm Symbian" somewhere in the article
            self._merge(Speaker(entity_name(entity), kind, aliases), register_new=False)
        for found in SPELLED_OUT.finditer(text):
            # "The World Health Organization (WHO)" that NER missed: "WHO" later stands for it
            name, acronym = found.group(1).strip(), found.group(2)
            words = alias_key(name).split()
            while words and not is_acronym_of(acronym, " ".join(words)):
                words = words[1:]
            if words:
                name = " ".join(name.split()[-len(words) :])
                kind = "organization" if words[-1] in ORGANISATION_NAME_ENDINGS else "unknown"
                self._merge(Speaker(name, kind, (name, acronym)), register_new=False)

    def latest(self, types: set[str], before: int) -> Speaker | None:
        seen = [(offset, name) for name, offset in self.last_seen.items() if offset <= before]
        for _, name in sorted(seen, reverse=True):
            speaker = self.find(name)
            if speaker is not None and speaker.type in types:
                return speaker
        return None

    def find(self, name: str) -> Speaker | None:
        key = alias_key(name)
        for speaker in self.speakers:
            if key in {alias_key(a) for a in speaker.aliases} or key == alias_key(speaker.name):
                return speaker
        return None

    # ------------------------------------------------------------------------------------------------

    def _canonical(self, mention: Span, head: Span | None) -> Speaker:
        parsed = self.parsed
        indexes = parsed.words_in(mention)
        words = [parsed.words[i] for i in indexes]
        mention_text = mention.slice(parsed.text)
        lower = [w.text.lower() for w in words]
        # "WHO said" is the World Health Organization, no pronoun
        pronoun = len(words) == 1 and (words[0].upos == "PRON" or lower[0] in cues.PERSON_PRONOUNS)
        if pronoun and not is_acronym(words[0].text):
            return self._pronoun(lower[0], mention.start)
        names = joined_at_hyphens(
            [e for e in parsed.entities_in(mention) if e.type in ("PER", "ORG", "LOC", "MISC")], parsed.text
        )
        named = [e for e in names if e.type in ("PER", "ORG")] or names
        role = self._role_head(head, words, names)
        if role is not None:
            # "Scripps Oceanography director Margaret Leinen": the name after the role speaks, not its employer;
            # "Lawyers for Mr Fawcett", "a spokesman for Toyota": the role speaks for the name after its preposition
            # a document speaks for its maker ("a report by Politico"), and no event or topic speaks ("a lot of
            # chatter about Perez", "The event with Obama"): the name after their preposition does
            complements = self._complements(named) if speaks_for_others(role) else []
            named = [e for e in named if e.span.start >= role.span.end and e not in complements]
            after = [w for w in words if w.start >= role.end and w.upos != "PUNCT"]
            if not named and len(after) >= 2 and all(w.upos == "PROPN" for w in after):
                # "director General Suleiman al-Amr", the name NER missed: the capitalised words after the role
                span = Span(after[0].start, after[-1].end)
                name = entity_name(Entity(span, span.slice(parsed.text), "PER"))
                return self._expand_surname(Speaker(name, "person", (name,)))
            if not named:
                description = describe(mention_text)
                role_words = list(itertools.takewhile(lambda w: w.upos != "ADP" or w.start < role.end, words))
                return Speaker(description, mention_type(role_words, None), (description,))
        group = self._group(mention, named) if role is None else None
        if group is not None:
            return group
        if named:
            holding = [e for e in named if head is not None and e.span.start <= head.start < e.span.end]
            main = self._name_after_role(mention, named) or (
                holding[0] if holding else max(named, key=lambda e: (e.type == "PER", e.type != "LOC", len(e.text)))
            )
            # another name in the mention is an alias only as its acronym ("Rathbun the Scientology property")
            aliases = tuple(
                entity_name(e)
                for e in named
                if e is not main and (is_acronym_of(e.text, main.text) or is_acronym_of(main.text, e.text))
            )
            acronym = re.search(r"\(([A-Z][A-Za-z.&-]{1,9})\)", mention_text)
            if acronym:
                aliases += (acronym.group(1),)
            speaker = Speaker(entity_name(main), mention_type(words, main), (entity_name(main),) + aliases)
            return self._expand_surname(speaker)
        organisation = self._definite_organisation(words, mention.start)
        if organisation is not None:
            return organisation
        proper = [
            w for w in words
            if w.upos == "PROPN" or is_acronym(w.text) or (len(words) == 1 and parsed.is_surname(w.text))
        ]
        if proper and len(proper) == len([w for w in words if w.upos not in ("DET", "PUNCT")]):
            name, aliases, named_words = " ".join(w.text for w in proper), (), words
            # "The World Health Organization (WHO", its parenthesis cut short by the mention: the acronym an alias
            opened = re.fullmatch(r"(.+?)\s*\(\s*([A-Z][A-Za-z.&-]{1,9})\)?", describe(mention_text))
            if opened:
                name, aliases = opened.group(1), (opened.group(2),)
                named_words = list(itertools.takewhile(lambda w: w.text != "(", words))
            guess = Speaker(name, mention_type(named_words, None), (name, *aliases))
            return self._expand_surname(guess)
        description = describe(mention_text)
        return Speaker(description, mention_type(words, None), (description,))

    def _definite_organisation(self, words, offset: int) -> Speaker | None:
        """The organisation named before offset that "the company" or "the Church" (of Scientology) stands for."""
        if len(words) != 2 or words[0].text.lower() != "the" or words[1].upos not in ("NOUN", "PROPN"):
            return None
        noun = words[1].text.lower()
        for organisation in self._organisations_before(offset):
            if noun in ORGANISATION_NOUNS or noun in alias_key(organisation.name).split():
                return organisation
        return None

    def _organisations_before(self, offset: int) -> list[Speaker]:
        """The organisations named before offset (outside quotes), the latest first."""
        found = [
            (entity.span.end, self.find(entity_name(entity)))
            for entity in self.parsed.entities
            if entity.type == "ORG" and entity.span.end <= offset and not self._in_quote(entity.span)
        ]
        found += [(seen, self.find(name)) for name, seen in self.last_seen.items() if seen <= offset]
        kinds = ("organization", "government", "media")
        ordered = sorted((c for c in found if c[1] is not None and c[1].type in kinds), key=lambda c: -c[0])
        return list(dict.fromkeys(speaker for _, speaker in ordered))

    def _role_head(self, head: Span | None, words, names: list[Entity]):
        """The mention's head when it is a lower-case common noun outside every name ("director"), or one
        capitalised only as the sentence's first word before a preposition ("Lawyers for"), else None."""
        if head is None or any(e.span.start <= head.start < e.span.end for e in names):
            return None
        word = next((w for w in words if w.span.start == head.start), None)
        if word is None or word.upos != "NOUN":
            return None
        # a capitalised "noun" is often a name the tagger missed ("Day said", after "Kristen Day")
        following = self.parsed.words[word.index + 1] if word.index + 1 < len(self.parsed.words) else None
        opens = self.parsed.sentence_words[word.sentence][0] == word.index
        if not word.text[:1].islower() and not (opens and following is not None and following.upos == "ADP"):
            return None
        return word

    def _group(self, mention: Span, named: list[Entity]) -> Speaker | None:
        """'Heineken and Carlsberg', 'Sens. Jon Tester (D-Mont.) and David Vitter (R-La.)': names coordinated and
        nothing else speak together, as one group named by its members' full names; None for other mentions."""
        members = sorted(named, key=lambda e: e.span.start)
        if len(members) < 2:
            return None
        text = self.parsed.text
        gaps = [text[a.span.end : b.span.start] for a, b in itertools.pairwise(members)]
        ends = (text[mention.start : members[0].span.start], text[members[-1].span.end : mention.end])
        if not all(GROUP_GAP.fullmatch(_without_parentheses(gap)) for gap in gaps) or not all(
            GROUP_END.fullmatch(_without_parentheses(end)) for end in ends
        ):
            return None
        names = [self._expand_surname(Speaker(entity_name(e), entity_type(e), (entity_name(e),))).name for e in members]
        name = " and ".join([", ".join(names[:-1]), names[-1]])
        return Speaker(name, "group", (name,))

    def _word_before(self, span: Span, skip_titles: bool = False):
        """The word before `span`, passing over titles with `skip_titles` ("for Mr Fawcett")."""
        index = next((i for i, w in enumerate(self.parsed.words) if w.start >= span.start), None)
        while index and skip_titles and is_title(self.parsed.words[index - 1].text):
            index -= 1
        return self.parsed.words[index - 1] if index else None

    def _complements(self, named: list[Entity]) -> list[Entity]:
        """The names after a preposition, and the names coordinated with them ("for Mr Fawcett and Mr McDonald"),
        a title the name's entity leaves out passed over."""
        found: list[Entity] = []
        for entity in sorted(named, key=lambda e: e.span.start):
            before = self._word_before(entity.span, skip_titles=True)
            if before is not None and (
                before.upos == "ADP" or (found and (before.upos == "CCONJ" or before.text == ","))
            ):
                found.append(entity)
        return found

    def _name_after_role(self, mention: Span, named: list[Entity]) -> Entity | None:
        """The person whose name ends a mention right after a lower-case role word, however the parser hung it
        ("Wales coach Mike Ruddock", "X Association president Sehar Memon", "X's chancellor, Pradeep Khosla")."""
        people = [e for e in named if entity_type(e) == "person" and e.span.start > mention.start]
        last = max(people, key=lambda e: e.span.start, default=None)
        if last is None or self.parsed.text[last.span.end : mention.end].strip(" ,.;:"):
            return None
        first = min(named, key=lambda e: e.span.start)
        if first.type == "PER" and self.parsed.text[first.span.end : first.span.end + 1] == ",":
            return None  # "Michael Baselice, a pollster who worked for …, David Dewhurst": the first name speaks
        before = self._word_before(last.span)
        if before is not None and before.text == "," and before.start > mention.start:
            before = self._word_before(before.span)
        if before is None or before.start < mention.start or not before.text[:1].islower():
            return None
        if before.text in NAME_PARTICLES or not before.text.replace("-", "").isalpha():
            return None
        if before.upos in ("ADP", "DET", "CCONJ", "PRON", "SCONJ", "PART"):
            return None
        return last

    def _pronoun(self, pronoun: str, offset: int) -> Speaker:
        if pronoun in cues.PLURAL_PRONOUNS:
            found = self.latest({"group", "organization", "government", "media", "anonymous"}, offset)
        elif pronoun in ("it", "its"):
            found = self.latest({"organization", "government", "media"}, offset)
        else:
            gender = "f" if pronoun in cues.FEMALE_PRONOUNS else "m" if pronoun in cues.MALE_PRONOUNS else None
            found = self._person_before(offset, gender)
        return found or Speaker(pronoun, "person" if pronoun in ("he", "she", "i") else "unknown", (pronoun,))

    def _person_before(self, offset: int, gender: str | None) -> Speaker | None:
        """The person a pronoun at offset refers to: in the nearest sentence before it that names a person whose
        gender may match, a subject over an object (the latest among equals); across a paragraph or earlier in
        the pronoun's own sentence, only a subject."""
        candidates = []  # (sentence, salience, end offset, speaker)
        for name, seen in self.last_seen.items():
            speaker = self.find(name)
            if seen <= offset and speaker is not None and speaker.type == "person":
                candidates.append((self._sentence_at(seen - 1), self._salience(seen - 1), seen, speaker))
        for entity in self.parsed.entities:
            if entity.type == "PER" and entity.span.end <= offset and not self._in_quote(entity.span):
                name = entity_name(entity)
                if entity_type(entity) != "person" or alias_key(name) in self.companies:
                    continue  # "Asahi Breweries" or "software firm Symbian", which NER calls persons
                speaker = self._expand_surname(Speaker(name, "person", (name,)))
                candidates.append(
                    (self._sentence_at(entity.span.start), self._salience(entity.span.end - 1), entity.span.end,
                     speaker)
                )
        matching = [c for c in candidates if gender is None or person_gender(c[3]) in (None, gender)]
        here = self._sentence_at(offset)
        paragraph = self._paragraph_at(offset)
        for candidate in sorted(matching, key=lambda c: (c[0], c[1], c[2]), reverse=True):
            sentence, salience, end, speaker = candidate
            far = sentence == here or self._paragraph_at(end) != paragraph
            if salience > 0 or not far:
                return speaker
        latest = max(matching, key=lambda c: c[2], default=None)
        return latest[3] if latest else None

    def _sentence_at(self, offset: int) -> int:
        found = self.parsed.sentence_of_offset(offset)
        return -1 if found is None else found

    def _paragraph_at(self, offset: int) -> int:
        return len(re.findall(r"\n\s*", self.parsed.text[:offset]))

    def _salience(self, offset: int) -> int:
        """2 for the subject of a sentence's main verb, 1 for a subject of another clause, 0 otherwise."""
        words = [w for w in self.parsed.words if w.start <= offset < w.end]
        if not words:
            return 0
        word = words[0]
        while word.deprel in ("flat", "compound", "appos", "flat:name") and word.head is not None:
            word = self.parsed.words[word.head]
        if word.relation != "nsubj":
            return 0
        verb = self.parsed.words[word.head] if word.head is not None else None
        return 2 if verb is not None and (verb.head is None or verb.deprel == "conj") else 1

    def _in_quote(self, span: Span) -> bool:
        return any(q.start <= span.start and span.end <= q.end for q in self.quoted)

    def _expand_surname(self, speaker: Speaker) -> Speaker:
        """A bare surname or acronym takes the full name of an earlier speaker it abbreviates."""
        key_tokens = alias_key(speaker.name).split()
        for known in self.speakers:
            if known.name == speaker.name:
                return known
            known_tokens = alias_key(known.name).split()
            if abbreviates(key_tokens, known_tokens) and known.type in ("person", "unknown"):
                return Speaker(known.name, known.type, tuple(dict.fromkeys(known.aliases + speaker.aliases)))
            if is_acronym_of(speaker.name, known.name) or is_acronym_of(known.name, speaker.name):
                longer = known if len(known.name) >= len(speaker.name) else speaker
                kind = known.type if known.type != "unknown" else speaker.type
                return Speaker(longer.name, kind, tuple(dict.fromkeys(known.aliases + speaker.aliases)))
        return speaker

    def _merge(self, speaker: Speaker, register_new: bool = True) -> Speaker:
        keys = {alias_key(a) for a in speaker.aliases} | {alias_key(speaker.name)}
        for position, known in enumerate(self.speakers):
            known_keys = {alias_key(a) for a in known.aliases} | {alias_key(known.name)}
            if keys & known_keys:
                kind = known.type if known.type != "unknown" else speaker.type
                if known.type == "organization" and speaker.type in ("media", "government"):
                    kind = speaker.type
                name = known.name if len(known.name) >= len(speaker.name) or known.type == "person" else speaker.name
                merged = Speaker(name, kind, tuple(dict.fromkeys(known.aliases + speaker.aliases)))
                self.speakers[position] = merged
                return merged
        self.speakers.append(speaker)
        return speaker


# A capitalised name with its acronym in parentheses after it: "World Health Organization (WHO)".
SPELLED_OUT = re.compile(r"((?:[A-Z][\w&-]*\s+(?:(?:of|for|and|on|the|de)\s+)*){2,})\(([A-Z]{2,8})\)")

# What may stand between the names of a group ("A and B", "A, B and C", "A and the B") and around them ("Sens.",
# "both", "all", party tags in parentheses apart).
_TITLE = r"(?:mr|mrs|ms|dr|sen|sens|rep|reps|gov|messrs)\.?"
GROUP_GAP = re.compile(rf"\s*(?:,|and|&|,\s*and)\s+(?:the\s+|{_TITLE}\s+)?", re.I)
GROUP_END = re.compile(rf"\s*(?:(?:the|both|all|senators|representatives|{_TITLE})\s*)*[\s,]*", re.I)


def _without_parentheses(text: str) -> str:
    return re.sub(r"\s*\([^()]*\)", "", text)


def speaks_for_others(word) -> bool:
    """Whether a head noun speaks for the name after its preposition ("lawyers for", "the government of"), where
    a document ("a report by") or an event or topic ("a lot of chatter about", "the event with") lets it speak.
    A plural head speaks as a group ("the remaining casinos in Atlantic City")."""
    if word.xpos in ("NNS", "NNPS") and word.lemma.lower() not in DOCUMENT_HEADS:
        return True
    return bool({word.text.lower(), word.lemma.lower()} & SPEAKING_HEADS)


def is_title(token: str) -> bool:
    """A person's title, with or without its full stop ("Mr", "Gov.", "President")."""
    return token.lower().rstrip(".") in TITLE_WORDS


def entity_name(entity: Entity) -> str:
    """An entity's name without titles and possessives ("President Xi Jinping's" -> "Xi Jinping")."""
    tokens = entity.text.split()
    while len(tokens) > 1 and is_title(tokens[0]):
        tokens = tokens[1:]
    name = " ".join(tokens)
    return POSSESSIVE.sub("", name).strip() or entity.text


def person_gender(speaker: Speaker) -> str | None:
    """'f', 'm' or None, from a title or a given name in the speaker's names."""
    for name in (speaker.name, *speaker.aliases):
        tokens = name.lower().split()
        if not tokens:
            continue
        if tokens[0] in cues.FEMALE_TITLES or tokens[0] in cues.FEMALE_NAMES:
            return "f"
        if tokens[0] in cues.MALE_TITLES or tokens[0] in cues.MALE_NAMES:
            return "m"
    return None


def abbreviates(short: list[str], full: list[str]) -> bool:
    """Whether a name's words begin or end a longer name ("Kim" of "Kim Jong Un"), or one word ends its last
    hyphenated word ("Maeena" of "Khaled Al-Maeena")."""
    if not short or len(short) >= len(full):
        return False
    if short == full[-len(short) :] or short == full[: len(short)]:
        return True
    return len(short) == 1 and full[-1].split("-")[-1] == short[0]


def is_acronym(word: str) -> bool:
    """Two to eight capital letters ("WHO", "BBC"), not the pronoun "I"."""
    return 2 <= len(word) <= 8 and word.isalpha() and word.isupper()


def is_acronym_of(short: str, long: str) -> bool:
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 8 and letters.isupper()):
        return False
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", long) if w.lower() not in CONNECTIVES)
    return initials.upper() == letters.upper() and len(long) > len(short)


def describe(mention_text: str) -> str:
    """A descriptive mention as a speaker name: whitespace collapsed, no leading article or possessive end."""
    text = " ".join(mention_text.split()).strip(" ,;:")
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I) or text


def entity_type(entity: Entity) -> str:
    name = alias_key(entity.text)
    words = name.split()
    if name in cues.MEDIA_NAMES or {"news", "press"} & set(words) or begins_with_media_brand(words):
        return "media"
    if (
        entity.type == "ORG"
        and words
        and words[-1] in cues.MEDIA_NAME_ENDINGS
        and (words[-1] != "agency" or "news" in words)
    ):
        return "media"
    # "Asahi Breweries", which NER calls a person, is a company by its last word
    company = entity.type in ("PER", "ORG", "MISC") and len(words) > 1 and words[-1] in ORGANISATION_NAME_ENDINGS
    if entity.type == "PER" and not company:
        return "person"
    if any(w in cues.GOVERNMENT_WORDS for w in name.split()):
        return "government"
    return "organization" if entity.type == "ORG" or company else "unknown"


def described_as_organisation(text: str, entity: Entity) -> bool:
    """Whether an organisation noun stands right before the name ("software firm Symbian") or heads a
    description set off right after it ("Symbian, the software firm,"; not "Pruzan, the firm's co-founder")."""
    before = re.search(r"\b([a-z]+)\s+$", text[max(0, entity.span.start - 24) : entity.span.start])
    after = DESCRIBED_AFTER.match(text, entity.span.end, entity.span.end + 80)
    return any(found is not None and found.group(1) in ORGANISATION_NOUNS for found in (before, after))


# ", the (mobile software) firm," after a name: up to three modifiers, none a preposition, then the head noun.
DESCRIBED_AFTER = re.compile(
    r",\s+(?:the|a|an)\s+(?:(?!(?:of|at|for|in|with|from|by|to|and)\b)[\w-]+\s+){0,3}?([a-z]+)"
    r"(?=\s*[,.;)]|\s+(?:that|which|based|owned|in|of)\b)"
)


def joined_at_hyphens(entities: list[Entity], text: str) -> list[Entity]:
    """Names NER split at a hyphen made whole again ("Mohamed El" + "Hassan Mohamed" -> "Mohamed El-Hassan
    Mohamed")."""
    joined: list[Entity] = []
    for entity in sorted(entities, key=lambda e: e.span.start):
        last = joined[-1] if joined else None
        if last is not None and last.type == entity.type and text[last.span.end : entity.span.start] == "-":
            span = Span(last.span.start, entity.span.end)
            joined[-1] = Entity(span, span.slice(text), entity.type)
        else:
            joined.append(entity)
    return joined


def begins_with_media_brand(words: list[str]) -> bool:
    """Whether a name's words begin with an outlet's ("bbc sport", "itv wales")."""
    return any(len(words) > len(brand) and words[: len(brand)] == brand for brand in MEDIA_BRANDS)


def mention_type(words, entity: Entity | None) -> str:
    """The type of a speaker from its mention's words and main named entity."""
    lower = [w.text.lower() for w in words]
    joined = " ".join(lower)
    indexes = {w.index for w in words}
    heads = [w for w in words if w.head not in indexes and w.upos in ("NOUN", "PROPN", "PRON")]
    heads = heads or [w for w in words if w.upos in ("NOUN", "PROPN", "PRON")][-1:]
    head = heads[0].text.lower() if heads else (lower[-1] if lower else "")
    if entity is not None:
        kind = entity_type(entity)
        if kind != "unknown":
            return kind
    if any(name in joined for name in cues.MEDIA_NAMES if len(name) > 3) or {"news", "press"} & set(lower):
        return "media"
    if head in cues.MEDIA_WORDS and head != "agency":
        return "media"
    if head in cues.ANONYMOUS_HEADS and not any(w.upos == "PROPN" for w in words):
        return "anonymous"
    if any(w in cues.PERSON_TITLES for w in lower) or head in ("man", "woman", "spokesman", "spokeswoman"):
        return "person"
    if set(lower) & cues.GOVERNMENT_WORDS:
        return "government"
    if lower and lower[-1] in ORGANISATION_NAME_ENDINGS and any(w.upos == "PROPN" for w in words):
        return "organization"  # a name NER missed: "World Health Organization"
    if head in cues.GROUP_HEADS or (heads and heads[0].xpos in ("NNS", "NNPS")):
        return "group"
    return "unknown"
