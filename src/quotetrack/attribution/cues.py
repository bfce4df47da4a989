"""The speech and communication lexicon, and the words that type a source, as the sets attribution reads.

The data lives in quotetrack/lexicon (verbs.toml, sources.toml, words.toml, names/*.txt, with a README saying
where each list came from); this module names the sets derived from it.
"""

from __future__ import annotations

from quotetrack.lexicon import LEXICON

_words, _sources, _names = LEXICON.words, LEXICON.sources, LEXICON.names

# Speech verbs, after the PolNeAR/PARC notion of a communication act.
SPEECH_VERBS = LEXICON.lemmas("speech")
# Verbs that only count as speech when they govern a content clause ("called for", "pointed out that").
CLAUSE_ONLY_VERBS = LEXICON.lemmas("clause-only")
# Verbs that name something ("called it “an incredibly significant development”").
NAMING_VERBS = LEXICON.lemmas("naming")
# Verbs put before their speaker after what was said ("…, said James Henson"), and that take no person as object.
INVERTING_VERBS = LEXICON.lemmas("inverting")
# Verbs whose object is the one addressed, not what was said ("told AFP", "asked Obama").
ADDRESSEE_VERBS = LEXICON.lemmas("addressee")
# Verbs whose content may be a gerund right after them ("reported spending $6 million", "denied knowing").
GERUND_CONTENT_VERBS = LEXICON.lemmas("gerund-content")
# Verbs whose direct object is what was said ("praised Smegielski for …", "denied the report").
OBJECT_CONTENT_VERBS = LEXICON.lemmas("object-content")
# Verbs that report a question ("asked whether …").
QUESTION_VERBS = LEXICON.lemmas("question")
# Verbs whose object is what was said once they take a particle ("pointed out some statistics").
PHRASAL_OBJECT_CONTENT = LEXICON.particles("object_particles")
# Verbs that speak with a particle or object when bound to a quote ("“…,” Trump went on", "as she put it").
PHRASAL_SPEECH = LEXICON.particles("particles")
# Prepositions whose object is the topic of speech ("warned of a battle", "spoke about the plan").
TOPIC_PREPOSITIONS = LEXICON.particles("topic_prepositions")
# Irregular forms of the speech verbs (the rest inflect regularly).
IRREGULAR_FORMS = LEXICON.irregular_forms()
inflections = LEXICON.inflections

SPEECH_FORMS = LEXICON.forms_of(SPEECH_VERBS)
# The speech lemma of each verb form, to mend the lemmatizer's slips ("quipped" -> "quipp").
SPEECH_FORM_LEMMAS = {
    form: lemma for lemma in sorted(SPEECH_VERBS | CLAUSE_ONLY_VERBS, reverse=True) for form in inflections(lemma)
}
# Every form a cue can take, speech verbs or not: the sentences worth a dependency parse show one of them.
CUE_FORMS = LEXICON.cue_forms

SPEECH_NOUNS = frozenset(_words["speech_nouns"])
PRIZE_NOUNS = frozenset(_words["prize_nouns"])
# Words after which a quote mark opens part of a noun phrase, a partial quote ('on the “strategic threats …”').
PARTIAL_QUOTE_OPENERS = frozenset(_words["partial_quote_openers"])
# What a quote mark right after these words opens is no speech of its own: a name, a title or a partial quote.
NAMING_WORDS = frozenset(_words["naming_words"]) | PARTIAL_QUOTE_OPENERS
TIME_WORDS = frozenset(_words["time_words"])
NOT_SPEAKER_LABELS = frozenset(_words["not_speaker_labels"])
PERSON_PRONOUNS = frozenset(_words["person_pronouns"])
MALE_PRONOUNS = frozenset(_words["male_pronouns"])
FEMALE_PRONOUNS = frozenset(_words["female_pronouns"])
PLURAL_PRONOUNS = frozenset(_words["plural_pronouns"])
# The last words before a quote mark read for a naming phrase ('referred to as “…”'), and the characters they
# are read from.
NAMING_WINDOW_WORDS = 3
NAMING_WINDOW_CHARS = 24

MEDIA_WORDS = frozenset(_sources["media_words"])
MEDIA_NAMES = frozenset(_sources["media_names"])
MEDIA_NAME_ENDINGS = frozenset(_sources["media_name_endings"])
GOVERNMENT_WORDS = frozenset(_sources["government_words"])
ANONYMOUS_HEADS = frozenset(_sources["anonymous_heads"])
GROUP_HEADS = frozenset(_sources["group_heads"])
PERSON_TITLES = frozenset(_sources["person_titles"])
FEMALE_TITLES = frozenset(_sources["female_titles"])
MALE_TITLES = frozenset(_sources["male_titles"])

FEMALE_NAMES = frozenset(_names["female"])
MALE_NAMES = frozenset(_names["male"])


def follows_naming_words(text: str, start: int) -> bool:
    """Whether a naming word or phrase ends right before `start` ('a robot named “…”'): what follows is a name
    or a title, not speech."""
    before = text[max(0, start - NAMING_WINDOW_CHARS) : start].lower().split()
    return any(" ".join(before[-n:]) in NAMING_WORDS for n in range(1, min(NAMING_WINDOW_WORDS, len(before)) + 1))
