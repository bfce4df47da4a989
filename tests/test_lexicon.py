"""The speech lexicon read from its data files (quotetrack/lexicon) and the sets attribution/cues.py derives."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from quotetrack import lexicon
from quotetrack.attribution import cues

ROOT = Path(__file__).resolve().parents[1]
# Every public set, dict and tuple of cues.py, first written before the lexicon became data files; a deliberate
# change to the lexicon rewrites it (python scripts/lexicon_snapshot.py tests/data/lexicon_snapshot.json), so
# its diff shows in the commit what the change does to the sets attribution reads.
SNAPSHOT = json.loads((ROOT / "tests" / "data" / "lexicon_snapshot.json").read_text(encoding="utf-8"))


def _snapshot_script():
    spec = importlib.util.spec_from_file_location("lexicon_snapshot", ROOT / "scripts" / "lexicon_snapshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(SNAPSHOT["names"]))
def test_derived_set_equals_snapshot(name):
    assert _snapshot_script().plain(getattr(cues, name)) == SNAPSHOT["names"][name]


def test_inflections_equal_snapshot():
    assert _snapshot_script().snapshot()["inflections"] == SNAPSHOT["inflections"]


def test_loaded_views_are_frozen():
    with pytest.raises(TypeError):
        lexicon.LEXICON.verbs["say"] = lexicon.Verb("say")
    with pytest.raises(AttributeError):
        lexicon.LEXICON.verbs["say"].classes = frozenset()


def test_unknown_verb_key_is_an_error():
    with pytest.raises(ValueError, match="clases"):
        lexicon._verb("say", {"clases": ["speech"]})
    with pytest.raises(ValueError, match="speach"):
        lexicon._verb("say", {"classes": ["speach"]})


def test_lemmas_of_an_unknown_kind_is_an_error():
    with pytest.raises(KeyError):
        lexicon.LEXICON.lemmas("speeches")


# ------------------------------------------------------------------------------------------- lexicon checks

def test_no_lemma_in_contradictory_classes_without_an_exception():
    unexplained = {
        lemma: pairs
        for lemma, pairs in lexicon.LEXICON.contradictions().items()
        if lemma not in lexicon.LEXICON.exceptions
    }
    assert unexplained == {}


def test_every_exception_is_a_contradiction_with_a_reason():
    contradictions = lexicon.LEXICON.contradictions()
    for lemma, reason in lexicon.LEXICON.exceptions.items():
        assert lemma in contradictions, f"{lemma} needs no exception"
        assert len(reason.split()) >= 3, f"{lemma}: say why"


def test_contradictions_are_found():
    verb = lexicon.Verb("agree", frozenset(["speech", "clause-only"]))
    found = lexicon.Lexicon(verbs={"agree": verb}, exceptions={}, words={}, sources={}, names={}).contradictions()
    assert found == {"agree": [frozenset(["speech", "clause-only"])]}


def test_no_naming_phrase_longer_than_its_window():
    for phrase in cues.NAMING_WORDS:
        assert len(phrase.split()) <= cues.NAMING_WINDOW_WORDS, phrase
        assert len(phrase) + 1 <= cues.NAMING_WINDOW_CHARS, phrase


@pytest.mark.parametrize("phrase", sorted(cues.NAMING_WORDS))
def test_each_naming_phrase_is_read_before_a_mark(phrase):
    text = f"A long preamble of some words: a man {phrase} “The Butcher” came."
    assert cues.follows_naming_words(text, text.index("“"))


def test_a_quote_after_other_words_follows_no_naming_phrase():
    text = "The senator said “we will not back down.”"
    assert not cues.follows_naming_words(text, text.index("“"))


def test_no_naming_word_is_a_word_of_another_naming_phrase():
    naming = set(lexicon.LEXICON.words["naming_words"])
    inside = {word for phrase in naming if " " in phrase for word in phrase.split()}
    assert not inside & naming  # "the" and "word" were split out of "the word" (issue 15)


def test_a_quote_right_after_the_is_a_partial_quote():
    text = "Bolton said he would advise Trump on the “strategic threats that exist out there.”"
    assert cues.follows_naming_words(text, text.index("“"))
    assert "the" in cues.PARTIAL_QUOTE_OPENERS


# The forms of a verb as a person would write them down.
HAND_INFLECTIONS = {
    "agree": "agree agrees agreed agreeing",
    "disagree": "disagree disagrees disagreed disagreeing",
    "see": "see sees saw seen seeing",
    "lie": "lie lies lied lying",
    "stop": "stop stops stopped stopping",
    "panic": "panic panics panicked panicking",
    "refer": "refer refers referred referring",
    "say": "say says said saying",
    "warn": "warn warns warned warning",
    "admit": "admit admits admitted admitting",
    "deny": "deny denies denied denying",
    "quip": "quip quips quipped quipping",
    "state": "state states stated stating",
    "signal": "signal signals signaled signalled signaling signalling",
    "answer": "answer answers answered answering",
    "echo": "echo echoes echoed echoing",
    "write": "write writes wrote written writing",
    "show": "show shows showed shown showing",
    "publish": "publish publishes published publishing",
}
# Irregular forms of the sample verbs that are no cue lemmas of the lexicon.
HAND_IRREGULAR = {"see": ("saw", "seen")}


def test_inflections_equal_a_hand_written_table():
    made = {lemma: cues.inflections(lemma, HAND_IRREGULAR.get(lemma)) for lemma in HAND_INFLECTIONS}
    assert made == {lemma: set(forms.split()) for lemma, forms in HAND_INFLECTIONS.items()}


def _lists():
    views = lexicon.LEXICON
    named = [(f"words.{k}", v) for k, v in views.words.items()] + [
        (f"sources.{k}", v) for k, v in views.sources.items()
    ]
    return named + [(f"names/{k}", v) for k, v in views.names.items()]


@pytest.mark.parametrize(
    "name, values",
    _lists(),
    ids=[name for name, _ in _lists()],
)
def test_no_duplicates_in_a_list(name, values):
    assert len(set(values)) == len(values), sorted(v for v in set(values) if values.count(v) > 1)


def test_no_name_is_both_female_and_male():
    assert not cues.FEMALE_NAMES & cues.MALE_NAMES


def test_no_duplicates_in_a_verb_table():
    for verb in lexicon.LEXICON.verbs.values():
        for values in (verb.forms, verb.particles, verb.object_particles, verb.topic_prepositions):
            assert len(set(values)) == len(values), verb
