"""Speaker resolution: surnames to full names, acronyms and appositions to one speaker, and speaker types."""

from __future__ import annotations

import pytest
from handmade import document

from quotetrack.attribution.speakers import SpeakerBook, alias_key, describe, entity_name, is_acronym_of
from quotetrack.attribution.words import Entity, from_document
from quotetrack.records import Span


def book_for(text, sentences, entities=None):
    book = SpeakerBook(from_document(document(text, sentences, entities)))
    book.register_entities()
    return book


def span_of(text, mention, start=0):
    begin = text.index(mention, start)
    return Span(begin, begin + len(mention))


def test_acronym_matches_its_expansion():
    assert is_acronym_of("KCNA", "Korean Central News Agency")
    assert is_acronym_of("FBI", "Federal Bureau of Investigation")
    assert not is_acronym_of("CNN", "Korean Central News Agency")
    assert not is_acronym_of("Kim", "Korean Imperial Museum")


def test_alias_key_ignores_case_article_and_possessive():
    assert alias_key("The Korean Central News Agency’s") == alias_key("korean central news agency")


def test_entity_name_drops_titles():
    assert entity_name(Entity(Span(0, 25), "President Xi Jinping's", "PER")) == "Xi Jinping"


def test_describe_drops_leading_article():
    assert describe("The news report") == "news report"
    assert describe("a  campaign operative") == "campaign operative"


def test_surname_resolves_to_full_name_mentioned_earlier():
    text = "Kim Jong Un arrived. Kim spoke."
    book = book_for(text, [
        ["Kim Kim PROPN 4 nsubj", "Jong Jong PROPN 1 flat", "Un Un PROPN 1 flat", "arrived arrive VERB 0 root",
         ". . PUNCT 4 punct"],
        ["Kim Kim PROPN 2 nsubj", "spoke speak VERB 0 root", ". . PUNCT 2 punct"],
    ], {"Kim Jong Un": "PER", "Kim": "PER"})
    speaker = book.resolve(span_of(text, "Kim", 10))
    assert speaker.name == "Kim Jong Un" and speaker.type == "person"


def test_acronym_in_parentheses_is_an_alias():
    text = "The Korean Central News Agency (KCNA) reported it. KCNA said more."
    book = book_for(text, [
        ["The the DET 5 det", "Korean Korean ADJ 5 amod", "Central Central PROPN 5 compound",
         "News News PROPN 5 compound", "Agency Agency PROPN 9 nsubj", "( ( PUNCT 7 punct",
         "KCNA KCNA PROPN 5 appos", ") ) PUNCT 7 punct", "reported report VERB 0 root", "it it PRON 9 obj",
         ". . PUNCT 9 punct"],
        ["KCNA KCNA PROPN 2 nsubj", "said say VERB 0 root", "more more ADV 2 advmod", ". . PUNCT 2 punct"],
    ], {"Korean Central News Agency": "ORG", "KCNA": "ORG"})
    speaker = book.resolve(span_of(text, "KCNA", 40))
    assert speaker.name == "Korean Central News Agency"
    assert "KCNA" in speaker.aliases and speaker.type == "media"


@pytest.mark.parametrize(
    "text, sentence, entities, expected",
    [
        ("A source said so.", ["A a DET 2 det", "source source NOUN 3 nsubj", "said say VERB 0 root",
                               "so so ADV 3 advmod", ". . PUNCT 3 punct"], {}, "anonymous"),
        ("Officials familiar with it said so.", ["Officials official NOUN 5 nsubj", "familiar familiar ADJ 1 amod",
                                                 "with with ADP 4 case", "it it PRON 2 obl", "said say VERB 0 root",
                                                 "so so ADV 5 advmod", ". . PUNCT 5 punct"], {}, "anonymous"),
        ("Reuters said so.", ["Reuters Reuters PROPN 2 nsubj", "said say VERB 0 root", "so so ADV 2 advmod",
                              ". . PUNCT 2 punct"], {"Reuters": "ORG"}, "media"),
        ("The State Department said so.", ["The the DET 3 det", "State State PROPN 3 compound",
                                           "Department Department PROPN 4 nsubj", "said say VERB 0 root",
                                           "so so ADV 4 advmod", ". . PUNCT 4 punct"],
         {"State Department": "ORG"}, "government"),
        ("Protesters said so.", ["Protesters protester NOUN 2 nsubj", "said say VERB 0 root", "so so ADV 2 advmod",
                                 ". . PUNCT 2 punct"], {}, "group"),
    ],
    ids=["a-source", "officials-familiar-with", "news-agency", "government-department", "group"],
)
def test_speaker_types(text, sentence, entities, expected):
    book = book_for(text, [sentence], entities)
    mention = text[: text.index(" said")]
    assert book.resolve(span_of(text, mention)).type == expected


def test_pronoun_agrees_in_gender_with_the_person_it_resolves_to():
    text = "Mary Jones met John Smith. She spoke."
    book = book_for(text, [
        ["Mary Mary PROPN 3 nsubj", "Jones Jones PROPN 1 flat", "met meet VERB 0 root", "John John PROPN 3 obj",
         "Smith Smith PROPN 4 flat", ". . PUNCT 3 punct"],
        ["She she PRON 2 nsubj", "spoke speak VERB 0 root", ". . PUNCT 2 punct"],
    ], {"Mary Jones": "PER", "John Smith": "PER"})
    assert book.resolve(span_of(text, "She")).name == "Mary Jones"
    assert book.resolve(span_of(text, "Smith")).name == "John Smith"
