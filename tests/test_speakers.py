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


def test_name_after_a_role_speaks_not_the_employer_before_it():
    # wikinews_2019-02-11_munk: was "Scripps Oceanography" (NER tags it PER), and "She" after it too
    text = "Scripps Oceanography director Margaret Leinen said so. She praised him."
    book = book_for(text, [
        ["Scripps Scripps PROPN 3 compound", "Oceanography Oceanography PROPN 3 compound",
         "director director NOUN 6 nsubj", "Margaret Margaret PROPN 3 flat", "Leinen Leinen PROPN 4 flat",
         "said say VERB 0 root", "so so ADV 6 advmod", ". . PUNCT 6 punct"],
        ["She she PRON 2 nsubj", "praised praise VERB 0 root", "him he PRON 2 obj", ". . PUNCT 2 punct"],
    ], {"Scripps Oceanography": "PER", "Margaret Leinen": "PER"})
    mention = span_of(text, "Scripps Oceanography director Margaret Leinen")
    assert book.resolve(mention, span_of(text, "director")).name == "Margaret Leinen"
    assert book.resolve(span_of(text, "She")).name == "Margaret Leinen"


def test_role_named_only_by_its_employer_speaks_as_the_role():
    # wikinews_2010-10-09_defector: "Scientology officials have stated they have not received the materials."
    text = "Scientology officials have stated it."
    book = book_for(text, [
        ["Scientology Scientology PROPN 2 compound", "officials official NOUN 4 nsubj NNS", "have have AUX 4 aux",
         "stated state VERB 0 root", "it it PRON 4 obj", ". . PUNCT 4 punct"],
    ], {"Scientology": "ORG"})
    speaker = book.resolve(span_of(text, "Scientology officials"), span_of(text, "officials"))
    assert speaker.name == "Scientology officials" and speaker.type == "group"


def test_an_organisation_in_a_person_mention_is_not_the_persons_alias():
    # wikinews_2010-10-09_defector: the misparsed mention "Rathbun the Scientology property" made Scientology an
    # alias of Mark Rathbun, so "Scientology officials" and "they" later went to him
    text = "Mark Rathbun left. According to Rathbun the Scientology property was returned. Scientology said no."
    book = book_for(text, [
        ["Mark Mark PROPN 3 nsubj", "Rathbun Rathbun PROPN 1 flat", "left leave VERB 0 root", ". . PUNCT 3 punct"],
        ["According accord VERB 3 case", "to to ADP 1 fixed", "Rathbun Rathbun PROPN 8 obl",
         "the the DET 6 det", "Scientology Scientology PROPN 6 compound", "property property NOUN 8 nsubj:pass",
         "was be AUX 8 aux:pass", "returned return VERB 0 root", ". . PUNCT 8 punct"],
        ["Scientology Scientology PROPN 2 nsubj", "said say VERB 0 root", "no no INTJ 2 obj", ". . PUNCT 2 punct"],
    ], {"Mark Rathbun": "PER", "Rathbun": "PER", "Scientology": "ORG"})
    book.resolve(span_of(text, "Rathbun the Scientology property"), span_of(text, "Rathbun", 20))
    speaker = book.resolve(span_of(text, "Scientology", 70))
    assert speaker.name == "Scientology" and speaker.type == "organization"


def test_pronoun_goes_to_the_subject_not_the_later_object():
    # issue 14 (BBC): "He" went to Gordon Brown, the object, instead of Howard, the subject
    text = "Tory leader Michael Howard accused Mr Brown of deceit.\n\nHe told Sky News so."
    book = book_for(text, [
        ["Tory Tory PROPN 2 compound", "leader leader NOUN 5 nsubj", "Michael Michael PROPN 2 flat",
         "Howard Howard PROPN 3 flat", "accused accuse VERB 0 root", "Mr Mr PROPN 7 compound",
         "Brown Brown PROPN 5 obj", "of of ADP 9 case", "deceit deceit NOUN 5 obl", ". . PUNCT 5 punct"],
        ["He he PRON 2 nsubj", "told tell VERB 0 root", "Sky Sky PROPN 4 compound", "News News PROPN 2 obj",
         "so so ADV 2 advmod", ". . PUNCT 2 punct"],
    ], {"Michael Howard": "PER", "Mr Brown": "PER", "Sky News": "ORG"})
    assert book.resolve(span_of(text, "He")).name == "Michael Howard"


def test_pronoun_in_the_next_sentence_goes_to_the_nearer_subject():
    # politico 2016-01-05 (train s1): "Cox says …. He says …" went to Obama, named later in Cox's sentence
    text = "Cox says Obama is wrong. He says no."
    book = book_for(text, [
        ["Cox Cox PROPN 2 nsubj", "says say VERB 0 root", "Obama Obama PROPN 5 nsubj", "is be AUX 5 cop",
         "wrong wrong ADJ 2 ccomp", ". . PUNCT 2 punct"],
        ["He he PRON 2 nsubj", "says say VERB 0 root", "no no INTJ 2 obj", ". . PUNCT 2 punct"],
    ], {"Cox": "PER", "Obama": "PER"})
    assert book.resolve(span_of(text, "He")).name == "Cox"


def test_surname_resolves_to_a_hyphenated_full_name():
    # wikinews_2015-09-12_crane: "Maeena said" after "Khaled Al-Maeena" stayed "Maeena"
    text = "Khaled Al-Maeena spoke. Maeena said so."
    book = book_for(text, [
        ["Khaled Khaled PROPN 3 nsubj", "Al-Maeena Al-Maeena PROPN 1 flat", "spoke speak VERB 0 root",
         ". . PUNCT 3 punct"],
        ["Maeena Maeena PROPN 2 nsubj", "said say VERB 0 root", "so so ADV 2 advmod", ". . PUNCT 2 punct"],
    ], {"Khaled Al-Maeena": "PER"})
    speaker = book.resolve(span_of(text, "Maeena", 20))
    assert speaker.name == "Khaled Al-Maeena" and speaker.type == "person"


@pytest.mark.parametrize(
    "text, sentences, entities, mention, expected",
    [
        # wikinews_2011-12-02_imprisoned: "The Church" stayed "Church"
        ("The Church of Scientology denied it. The Church said no.",
         [["The the DET 2 det", "Church Church PROPN 5 nsubj", "of of ADP 4 case",
           "Scientology Scientology PROPN 2 nmod", "denied deny VERB 0 root", "it it PRON 5 obj", ". . PUNCT 5 punct"],
          ["The the DET 2 det", "Church Church PROPN 3 nsubj", "said say VERB 0 root", "no no INTJ 3 obj",
           ". . PUNCT 3 punct"]],
         {"Church of Scientology": "ORG"}, "The Church", "Church of Scientology"),
        ("Asahi Breweries raised prices. The company said so.",
         [["Asahi Asahi PROPN 2 compound", "Breweries Breweries PROPN 3 nsubj", "raised raise VERB 0 root",
           "prices price NOUN 3 obj", ". . PUNCT 3 punct"],
          ["The the DET 2 det", "company company NOUN 3 nsubj", "said say VERB 0 root", "so so ADV 3 advmod",
           ". . PUNCT 3 punct"]],
         {"Asahi Breweries": "ORG"}, "The company", "Asahi Breweries"),
    ],
    ids=["the-church", "the-company"],
)
def test_definite_description_stands_for_the_organisation_named_before(text, sentences, entities, mention,
                                                                        expected):
    book = book_for(text, sentences, entities)
    speaker = book.resolve(span_of(text, mention, 10))
    assert speaker.name == expected and speaker.type == "organization"


@pytest.mark.parametrize(
    "text, sentences, entities, mention, expected",
    [
        # issue 14 (BBC): "Asahi Breweries" was a person (NER tags it PER)
        ("Asahi Breweries said so.",
         [["Asahi Asahi PROPN 2 compound", "Breweries Breweries PROPN 3 nsubj", "said say VERB 0 root",
           "so so ADV 3 advmod", ". . PUNCT 3 punct"]],
         {"Asahi Breweries": "PER"}, "Asahi Breweries", "organization"),
        # issue 14 (BBC): "Symbian" was a person; the article calls it a firm
        ("Software firm Symbian grew. Symbian said so.",
         [["Software software NOUN 2 compound", "firm firm NOUN 4 nsubj", "Symbian Symbian PROPN 2 appos",
           "grew grow VERB 0 root", ". . PUNCT 4 punct"],
          ["Symbian Symbian PROPN 2 nsubj", "said say VERB 0 root", "so so ADV 2 advmod", ". . PUNCT 2 punct"]],
         {"Symbian": "PER"}, "Symbian", "organization"),
        # issue 14 (BBC): "BBC Sport" was an organisation, and as a person it lost the channel
        ("BBC Sport said so.",
         [["BBC BBC PROPN 2 compound", "Sport Sport PROPN 3 nsubj", "said say VERB 0 root", "so so ADV 3 advmod",
           ". . PUNCT 3 punct"]],
         {"BBC Sport": "PER"}, "BBC Sport", "media"),
    ],
    ids=["company-ending", "described-as-a-firm", "outlet-channel"],
)
def test_organisation_typed_from_its_name_or_description(text, sentences, entities, mention, expected):
    book = book_for(text, sentences, entities)
    speaker = book.resolve(span_of(text, mention, text.rindex(mention)))  # its last mention
    assert speaker.type == expected


def test_person_pronoun_skips_a_company_ner_calls_a_person():
    text = "John Smith left. Asahi Breweries grew. He said so."
    book = book_for(text, [
        ["John John PROPN 3 nsubj", "Smith Smith PROPN 1 flat", "left leave VERB 0 root", ". . PUNCT 3 punct"],
        ["Asahi Asahi PROPN 2 compound", "Breweries Breweries PROPN 3 nsubj", "grew grow VERB 0 root",
         ". . PUNCT 3 punct"],
        ["He he PRON 2 nsubj", "said say VERB 0 root", "so so ADV 2 advmod", ". . PUNCT 2 punct"],
    ], {"John Smith": "PER", "Asahi Breweries": "PER"})
    assert book.resolve(span_of(text, "He")).name == "John Smith"


def test_name_that_ends_a_mention_after_a_role_word_speaks():
    # wikinews_2019-02-11_munk: "said University of California, San Diego's chancellor, Pradeep Khosla" was the
    # university: the parser made "University" the head
    text = "University of California's chancellor, Pradeep Khosla said so."
    book = book_for(text, [
        ["University University PROPN 9 nsubj", "of of ADP 3 case", "California California PROPN 1 nmod",
         "'s 's PART 3 case", "chancellor chancellor NOUN 3 conj", ", , PUNCT 7 punct",
         "Pradeep Pradeep PROPN 5 appos", "Khosla Khosla PROPN 7 flat", "said say VERB 0 root",
         "so so ADV 9 advmod", ". . PUNCT 9 punct"],
    ], {"University of California": "ORG", "Pradeep Khosla": "PER"})
    mention = span_of(text, "University of California's chancellor, Pradeep Khosla")
    assert book.resolve(mention, span_of(text, "University")).name == "Pradeep Khosla"


def test_first_name_set_off_by_a_comma_speaks_not_a_name_ending_its_description():
    # train s2 breitbart_2015-12-21: "Clinton, 35, the daughter of … Hillary Clinton" is Chelsea Clinton
    text = "Smith, a pollster for governor Ann Lee, said so."
    book = book_for(text, [
        ["Smith Smith PROPN 10 nsubj", ", , PUNCT 4 punct", "a a DET 4 det", "pollster pollster NOUN 1 appos",
         "for for ADP 7 case", "governor governor NOUN 7 compound", "Ann Ann PROPN 4 nmod", "Lee Lee PROPN 7 flat",
         ", , PUNCT 1 punct", "said say VERB 0 root", "so so ADV 10 advmod", ". . PUNCT 10 punct"],
    ], {"Smith": "PER", "Ann Lee": "PER"})
    mention = span_of(text, "Smith, a pollster for governor Ann Lee")
    assert book.resolve(mention, span_of(text, "Smith")).name == "Smith"


def test_name_split_by_ner_at_a_hyphen_is_whole_again():
    # wikinews_2015-09-22_clock (news train): "Mohamed El-Hassan Mohamed" came out as "Hassan Mohamed"
    text = "His father Mohamed El-Hassan Mohamed said so."
    book = book_for(text, [
        ["His his PRON 2 nmod:poss", "father father NOUN 8 nsubj", "Mohamed Mohamed PROPN 2 appos",
         "El El PROPN 3 flat", "- - PUNCT 6 punct", "Hassan Hassan PROPN 3 flat", "Mohamed Mohamed PROPN 3 flat",
         "said say VERB 0 root", "so so ADV 8 advmod", ". . PUNCT 8 punct"],
    ], {"Mohamed El": "PER", "Hassan Mohamed": "PER"})
    mention = span_of(text, "His father Mohamed El-Hassan Mohamed")
    assert book.resolve(mention, span_of(text, "father")).name == "Mohamed El-Hassan Mohamed"


def _phrase_then_verb(words: list[str], head: int, name: list[str], verb: str):
    """'The chatter about Tom Perez grew.': words before the name (the head noun at `head`, then its preposition),
    the name, a verb: (text, hand-made sentence). The name hangs on the head noun; a title in it on the name."""
    text = " ".join(words + name + [verb]) + "."
    root, name_at = len(words) + len(name) + 1, len(words) + 1 + (name[0] in ("Mr", "Mrs."))
    sentence = [f"{w} {w.lower()} DET {head + 1} det" for w in words[:head]]
    plural = words[head].endswith("s")
    sentence.append(f"{words[head]} {words[head].lower().rstrip('s') if plural else words[head]} NOUN {root} nsubj"
                    + (" NNS" if plural else ""))
    sentence += [f"{w} {w} ADP {name_at} case" for w in words[head + 1:]]
    sentence += [f"{w} {w} PROPN {name_at if i + len(words) + 1 != name_at else head + 1} "
                 f"{'nmod' if i + len(words) + 1 == name_at else 'compound' if i == 0 else 'flat'}"
                 for i, w in enumerate(name)]
    sentence += [f"{verb} {verb} VERB 0 root", f". . PUNCT {root} punct"]
    return text, sentence


@pytest.mark.parametrize("words, head, name, kind, expected", [
    # PolNeAR train: "a lot of chatter about Perez" is no speaker; the name after the topic noun is
    (["The", "chatter", "about"], 1, ["Tom", "Perez"], "PER", "Tom Perez"),
    # "The event with Obama": an event does not speak
    (["The", "event", "with"], 1, ["Barack", "Obama"], "PER", "Barack Obama"),
    # a role, a share of a group or a plural does speak for the name after its preposition
    (["A", "spokesman", "for"], 1, ["Toyota"], "ORG", "spokesman for Toyota"),
    (["A", "slice", "of"], 1, ["Hollywood"], "LOC", "slice of Hollywood"),
    # "Lawyers for Mr Fawcett": NER leaves the title out of the name
    (["Lawyers", "for"], 0, ["Mr", "Fawcett"], "PER", "Lawyers for Mr Fawcett"),
])
def test_a_role_speaks_for_the_name_after_it_and_a_topic_or_event_lets_the_name_speak(words, head, name, kind,
                                                                                        expected):
    text, sentence = _phrase_then_verb(words, head, name, "said")
    entity = " ".join(w for w in name if w != "Mr")
    book = book_for(text, [sentence], {entity: kind})
    mention = " ".join(words + name)
    assert book.resolve(span_of(text, mention), span_of(text, words[head])).name == expected
