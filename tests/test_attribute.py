"""Attribution rules on hand-made parses and on gold GUM news parses (no model error)."""

from __future__ import annotations

from pathlib import Path

import pytest
from handmade import document

from quotetrack.attribution import extract_quotes
from quotetrack.attribution.passes.utterances import number_utterances
from quotetrack.records import Quote, Span

GUM = Path(__file__).resolve().parents[2] / "shared" / "data" / "ud" / "en_gum"


def by_kind(quotes, kind):
    return [q for q in quotes if q.kind == kind]


def test_quote_split_by_cue_is_one_utterance():
    text = "“We will win,” Smith said. “It is certain.”"
    doc = document(text, [
        ["“ “ PUNCT 4 punct", "We we PRON 4 nsubj", "will will AUX 4 aux", "win win VERB 0 root",
         ", , PUNCT 4 punct", "” ” PUNCT 4 punct", "Smith Smith PROPN 8 nsubj", "said say VERB 4 parataxis",
         ". . PUNCT 4 punct"],
        ["“ “ PUNCT 4 punct", "It it PRON 4 nsubj", "is be AUX 4 cop", "certain certain ADJ 0 root",
         ". . PUNCT 4 punct", "” ” PUNCT 4 punct"],
    ], {"Smith": "PER"})
    quotes = extract_quotes(doc)
    assert [q.text for q in quotes] == ["We will win,", "It is certain."]
    assert quotes[0].utterance == quotes[1].utterance
    assert {q.speaker.name for q in quotes} == {"Smith"}
    assert quotes[0].cue_text == "said" and quotes[0].speaker_mention == "Smith"


def test_reported_that_clause():
    text = "Officials said that the talks had failed."
    doc = document(text, [[
        "Officials official NOUN 2 nsubj", "said say VERB 0 root", "that that SCONJ 7 mark",
        "the the DET 5 det", "talks talk NOUN 7 nsubj", "had have AUX 7 aux", "failed fail VERB 2 ccomp",
        ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.kind == "indirect"
    assert quote.text == "the talks had failed"
    assert quote.speaker.type == "anonymous"
    assert quote.speaker_mention == "Officials"


def test_cue_appended_to_its_content():
    text = "The talks will resume next week, a senior official said."
    doc = document(text, [[
        "The the DET 2 det", "talks talk NOUN 4 nsubj", "will will AUX 4 aux", "resume resume VERB 0 root",
        "next next ADJ 6 amod", "week week NOUN 4 obl:tmod", ", , PUNCT 11 punct", "a a DET 10 det",
        "senior senior ADJ 10 amod", "official official NOUN 11 nsubj", "said say VERB 4 parataxis",
        ". . PUNCT 4 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "The talks will resume next week"
    assert quote.speaker_mention == "a senior official"
    assert quote.speaker.type == "anonymous"


def test_scare_quote_is_not_a_quote():
    text = "The “reform” passed the Senate on Monday."
    doc = document(text, [[
        "The the DET 3 det", "“ “ PUNCT 3 punct", "reform reform NOUN 5 nsubj", "” ” PUNCT 3 punct",
        "passed pass VERB 0 root", "the the DET 7 det", "Senate Senate PROPN 5 obj", "on on ADP 9 case",
        "Monday Monday PROPN 5 obl", ". . PUNCT 5 punct",
    ]])
    assert extract_quotes(doc) == []


def test_calling_something_a_quoted_name_is_mixed_speech():
    text = "He called the inquiry a “witch hunt” on Monday."
    doc = document(text, [[
        "He he PRON 2 nsubj", "called call VERB 0 root", "the the DET 4 det", "inquiry inquiry NOUN 2 obj",
        "a a DET 8 det", "“ “ PUNCT 8 punct", "witch witch NOUN 8 compound", "hunt hunt NOUN 2 xcomp",
        "” ” PUNCT 8 punct", "on on ADP 11 case", "Monday Monday PROPN 2 obl", ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.kind == "mixed" and quote.text == "the inquiry a “witch hunt”" and quote.cue_text == "called"


def test_according_to_credits_the_channel():
    text = "According to CCTV, the two leaders hugged three times."
    doc = document(text, [[
        "According accord VERB 3 case", "to to ADP 1 fixed", "CCTV CCTV PROPN 8 obl", ", , PUNCT 8 punct",
        "the the DET 7 det", "two two NUM 7 nummod", "leaders leader NOUN 8 nsubj", "hugged hug VERB 0 root",
        "three three NUM 10 nummod", "times time NOUN 8 obl:npmod", ". . PUNCT 8 punct",
    ]], {"CCTV": "ORG"})
    [quote] = extract_quotes(doc)
    assert quote.kind == "indirect"
    assert quote.text == "the two leaders hugged three times"
    assert quote.speaker.name == "CCTV" and quote.speaker.type == "media"


def test_participle_cue_with_channel_and_acronym():
    text = ("Kim Jong Un met Zhao, saying, “This visit has great significance for our friendship,” wrote "
            "the Korean Central News Agency (KCNA). Kim spoke again later, KCNA said.")
    doc = document(text, [
        ["Kim Kim PROPN 4 nsubj", "Jong Jong PROPN 1 flat", "Un Un PROPN 1 flat", "met meet VERB 20 ccomp",
         "Zhao Zhao PROPN 4 obj", ", , PUNCT 7 punct", "saying say VERB 4 advcl", ", , PUNCT 7 punct",
         "“ “ PUNCT 12 punct", "This this DET 11 det", "visit visit NOUN 12 nsubj", "has have VERB 7 ccomp",
         "great great ADJ 14 amod", "significance significance NOUN 12 obj", "for for ADP 17 case",
         "our our PRON 17 nmod:poss", "friendship friendship NOUN 14 nmod", ", , PUNCT 12 punct",
         "” ” PUNCT 12 punct", "wrote write VERB 0 root", "the the DET 25 det", "Korean Korean ADJ 25 amod",
         "Central Central PROPN 25 compound", "News News PROPN 25 compound", "Agency Agency PROPN 20 nsubj",
         "( ( PUNCT 27 punct", "KCNA KCNA PROPN 25 appos", ") ) PUNCT 27 punct", ". . PUNCT 20 punct"],
        ["Kim Kim PROPN 2 nsubj", "spoke speak VERB 0 root", "again again ADV 2 advmod",
         "later later ADV 2 advmod", ", , PUNCT 7 punct", "KCNA KCNA PROPN 7 nsubj",
         "said say VERB 2 parataxis", ". . PUNCT 2 punct"],
    ], {"Kim Jong Un": "PER", "Zhao": "PER", "Korean Central News Agency": "ORG", "KCNA": "ORG", "Kim": "PER"})
    quotes = extract_quotes(doc)
    [direct] = by_kind(quotes, "direct")
    assert direct.cue_text == "saying"
    assert direct.speaker.name == "Kim Jong Un"
    assert direct.via is not None and direct.via.name == "Korean Central News Agency"
    assert "KCNA" in direct.via.aliases
    assert direct.via.type == "media"
    [reported] = by_kind(quotes, "indirect")
    assert reported.speaker.name == "Korean Central News Agency"  # the acronym is the same speaker


def test_pronoun_resolves_to_the_last_person_named():
    text = "Senator Jane Doe arrived. “We need a deal now,” she said."
    doc = document(text, [
        ["Senator senator PROPN 2 compound", "Jane Jane PROPN 4 nsubj", "Doe Doe PROPN 2 flat",
         "arrived arrive VERB 0 root", ". . PUNCT 4 punct"],
        ["“ “ PUNCT 3 punct", "We we PRON 3 nsubj", "need need VERB 0 root", "a a DET 5 det",
         "deal deal NOUN 3 obj", "now now ADV 3 advmod", ", , PUNCT 3 punct", "” ” PUNCT 3 punct",
         "she she PRON 10 nsubj", "said say VERB 3 parataxis", ". . PUNCT 3 punct"],
    ], {"Jane Doe": "PER"})
    [quote] = extract_quotes(doc)
    assert quote.speaker_mention == "she"
    assert quote.speaker.name == "Jane Doe" and quote.speaker.type == "person"


def test_reported_clause_with_quoted_fragment_is_mixed():
    text = "Smith said that the plan was “a disaster for everyone involved” and must end."
    doc = document(text, [[
        "Smith Smith PROPN 2 nsubj", "said say VERB 0 root", "that that SCONJ 9 mark", "the the DET 5 det",
        "plan plan NOUN 9 nsubj", "was be AUX 9 cop", "“ “ PUNCT 9 punct", "a a DET 9 det",
        "disaster disaster NOUN 2 ccomp", "for for ADP 11 case", "everyone everyone PRON 9 nmod",
        "involved involve VERB 11 acl", "” ” PUNCT 9 punct", "and and CCONJ 16 cc", "must must AUX 16 aux",
        "end end VERB 9 conj", ". . PUNCT 2 punct",
    ]], {"Smith": "PER"})
    quotes = extract_quotes(doc)
    assert [q.kind for q in quotes] == ["mixed"]
    assert quotes[0].text.startswith("the plan was “a disaster")
    assert quotes[0].speaker.name == "Smith"


# ------------------------------------------------------------------------------------------- gold GUM


needs_gum = pytest.mark.skipif(not GUM.exists(), reason="../shared/data/ud/en_gum is not here")


@pytest.fixture(scope="module")
def gum_news_quotes():
    from quotetrack.treebank import conllu_documents, gold_document

    out = {}
    for split in ("train", "dev", "test"):
        for doc_id, sentences in conllu_documents(GUM / f"en_gum-ud-{split}.conllu", "GUM_news"):
            out[doc_id] = extract_quotes(gold_document(sentences))
    return out


@needs_gum
def test_gum_direct_quote_with_told_and_name(gum_news_quotes):
    quotes = gum_news_quotes["GUM_news_afghan"]
    found = [q for q in quotes if q.text.startswith("We are so interested because")]
    assert found and found[0].cue_text == "told"
    assert "Rodaba Noori" in found[0].speaker.name


@needs_gum
def test_gum_surname_resolves_to_full_name(gum_news_quotes):
    quotes = gum_news_quotes["GUM_news_flag"]
    burrows = [q for q in quotes if q.speaker_mention == "Professor Burrows"]
    assert burrows and burrows[0].speaker.name == "Emeritus Professor John Burrows" or "John Burrows" in (
        burrows[0].speaker.name
    )


@needs_gum
def test_gum_news_quotes_mostly_have_speakers(gum_news_quotes):
    quotes = [q for found in gum_news_quotes.values() for q in found]
    assert len(quotes) >= 60
    with_speaker = [q for q in quotes if q.speaker is not None]
    assert len(with_speaker) / len(quotes) > 0.85


def test_transcript_turn_belongs_to_its_label():
    text = "TAPPER: Do you think he will win the state?"
    doc = document(text, [[
        "TAPPER TAPPER PROPN 5 dep", ": : PUNCT 1 punct", "Do do AUX 5 aux", "you you PRON 5 nsubj",
        "think think VERB 0 root", "he he PRON 8 nsubj", "will will AUX 8 aux", "win win VERB 5 ccomp",
        "the the DET 10 det", "state state NOUN 8 obj", "? ? PUNCT 5 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "Do you think he will win the state?"
    assert (quote.cue, quote.cue_text, quote.speaker_mention) == ("(turn)", ":", "TAPPER")


def test_colon_introduces_a_quote_whatever_the_verb():
    text = "Cruz continued: “You look at the questions tonight.”"
    doc = document(text, [[
        "Cruz Cruz PROPN 2 nsubj", "continued continue VERB 0 root", ": : PUNCT 2 punct", "“ “ PUNCT 6 punct",
        "You you PRON 6 nsubj", "look look VERB 2 parataxis", "at at ADP 9 case", "the the DET 9 det",
        "questions question NOUN 6 obl", "tonight tonight NOUN 6 obl:tmod", ". . PUNCT 6 punct",
        "” ” PUNCT 6 punct",
    ]], {"Cruz": "PER"})
    [quote] = extract_quotes(doc)
    assert quote.kind == "direct" and quote.cue_text == "continued" and quote.speaker.name == "Cruz"


def test_clause_after_an_inverted_speaker_is_not_reported_speech():
    text = "“We will win this state,” said Jay Jacobs, a supporter who is the party chairman."
    doc = document(text, [[
        "“ “ PUNCT 4 punct", "We we PRON 4 nsubj", "will will AUX 4 aux", "win win VERB 0 root",
        "this this DET 6 det", "state state NOUN 4 obj", ", , PUNCT 4 punct", "” ” PUNCT 4 punct",
        "said say VERB 4 parataxis", "Jay Jay PROPN 9 nsubj", "Jacobs Jacobs PROPN 10 flat", ", , PUNCT 14 punct",
        "a a DET 14 det", "supporter supporter NOUN 19 nsubj", "who who PRON 19 nsubj", "is be AUX 19 cop",
        "the the DET 19 det", "party party NOUN 19 compound", "chairman chairman NOUN 9 ccomp", ". . PUNCT 4 punct",
    ]], {"Jay Jacobs": "PER"})
    quotes = extract_quotes(doc)
    assert [q.kind for q in quotes] == ["direct"]
    assert quotes[0].speaker.name == "Jay Jacobs"


def test_according_to_parsed_as_a_clause():
    text = "Turnout rose sharply this year, according to the election board."
    doc = document(text, [[
        "Turnout turnout NOUN 2 nsubj", "rose rise VERB 0 root", "sharply sharply ADV 2 advmod",
        "this this DET 5 det", "year year NOUN 2 obl:tmod", ", , PUNCT 7 punct", "according accord VERB 2 advcl",
        "to to ADP 11 case", "the the DET 11 det", "election election NOUN 11 compound", "board board NOUN 7 obl",
        ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "Turnout rose sharply this year"
    assert quote.speaker_mention == "the election board"


def test_speech_word_before_a_colon_introduces_the_next_paragraph():
    text = "The Times reports:\n\n“Few donors gave more than two hundred dollars this year.”"
    doc = document(text, [
        ["The the DET 2 det", "Times Times PROPN 3 compound", "reports report NOUN 0 root", ": : PUNCT 3 punct"],
        ["“ “ PUNCT 4 punct", "Few few ADJ 3 amod", "donors donor NOUN 4 nsubj", "gave give VERB 0 root",
         "more more ADJ 4 obj", "than than ADP 9 case", "two two NUM 8 nummod", "hundred hundred NUM 9 nummod",
         "dollars dollar NOUN 5 obl", "this this DET 11 det", "year year NOUN 4 obl:tmod", ". . PUNCT 4 punct",
         "” ” PUNCT 4 punct"],
    ], {"Times": "ORG"})
    [quote] = extract_quotes(doc)
    assert quote.cue_text == "reports" and quote.speaker_mention == "The Times" and quote.speaker.type == "media"


def test_thatless_complement_the_parser_took_apart():
    # The compact parser's reading: "Trump" a second subject of "said", "ways" its object.
    text = "Manafort said Trump has several ways to win."
    doc = document(text, [[
        "Manafort Manafort PROPN 2 nsubj", "said say VERB 0 root", "Trump Trump PROPN 2 nsubj",
        "has have AUX 2 aux", "several several ADJ 6 amod", "ways way NOUN 2 obj", "to to PART 8 mark",
        "win win VERB 6 acl", ". . PUNCT 2 punct",
    ]], {"Manafort": "PER", "Trump": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.text, quote.speaker_mention) == ("indirect", "Trump has several ways to win", "Manafort")


def test_cue_set_off_after_its_content_parsed_as_a_conjunct():
    text = "That criticism was often warranted, Mr. Sykes said."
    doc = document(text, [[
        "That that DET 2 det", "criticism criticism NOUN 5 nsubj:pass", "was be AUX 5 aux:pass",
        "often often ADV 5 advmod", "warranted warrant VERB 0 root", ", , PUNCT 9 punct",
        "Mr. Mr. PROPN 8 compound", "Sykes Sykes PROPN 9 nsubj", "said say VERB 5 conj", ". . PUNCT 5 punct",
    ]], {"Sykes": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("That criticism was often warranted", "Mr. Sykes")


def test_speaker_cut_off_from_its_cue_is_not_content():
    text = "Donald Trump, who is running for president, tweeted on Friday."
    doc = document(text, [[
        "Donald Donald PROPN 2 compound", "Trump Trump PROPN 0 root", ", , PUNCT 6 punct",
        "who who PRON 6 nsubj", "is be AUX 6 aux", "running run VERB 2 acl:relcl", "for for ADP 8 case",
        "president president NOUN 6 obl", ", , PUNCT 10 punct", "tweeted tweet VERB 2 parataxis",
        "on on ADP 12 case", "Friday Friday PROPN 10 obl", ". . PUNCT 2 punct",
    ]], {"Donald Trump": "PER"})
    assert extract_quotes(doc) == []


def test_name_before_a_described_speaker_the_parser_lost():
    # The compact parser hung "said" on the relative clause describing the speaker.
    text = "“He is not qualified,” Mr. Guerrero, who is an actor, said of Mr. Trump."
    doc = document(text, [[
        "“ “ PUNCT 5 punct", "He he PRON 5 nsubj", "is be AUX 5 cop", "not not PART 5 advmod",
        "qualified qualified ADJ 0 root", ", , PUNCT 5 punct", "” ” PUNCT 5 punct", "Mr. Mr. PROPN 9 compound",
        "Guerrero Guerrero PROPN 5 appos", ", , PUNCT 14 punct", "who who PRON 14 nsubj", "is be AUX 14 cop",
        "an a DET 14 det", "actor actor NOUN 9 acl:relcl", ", , PUNCT 16 punct", "said say VERB 14 parataxis",
        "of of ADP 19 case", "Mr. Mr. PROPN 19 compound", "Trump Trump PROPN 16 obl", ". . PUNCT 5 punct",
    ]], {"Guerrero": "PER", "Trump": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("He is not qualified,", "Mr. Guerrero")


def test_thatless_complement_whose_subject_the_parser_made_an_object():
    # The compact parser's reading: "states" the object of "said", "clarify" a conjunct of it.
    text = "He said states like Ohio will clarify the situation."
    doc = document(text, [[
        "He he PRON 2 nsubj", "said say VERB 0 root", "states state NOUN 2 obj", "like like ADP 5 case",
        "Ohio Ohio PROPN 3 nmod", "will will AUX 7 aux", "clarify clarify VERB 2 conj", "the the DET 9 det",
        "situation situation NOUN 7 obj", ". . PUNCT 2 punct",
    ]], {"Ohio": "LOC"})
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.text) == ("indirect", "states like Ohio will clarify the situation")


@pytest.mark.parametrize(
    "text, words, content",
    [
        (   # the compact parser's reading: "the protesters" an object, "identified" a participle modifying it
            "Police said the protesters identified themselves as members.",
            ["Police Police PROPN 2 nsubj", "said say VERB 0 root", "the the DET 4 det",
             "protesters protester NOUN 2 obj", "identified identify VERB 6 amod VBN",
             "themselves themselves NOUN 2 obj", "as as ADP 8 case", "members member NOUN 6 nmod", ". . PUNCT 2 punct"],
            "the protesters identified themselves as members",
        ),
        (   # a break before any verb: "little" is what was said, "offering …" the speaker's doing
            "He said little, offering only short answers.",
            ["He he PRON 2 nsubj", "said say VERB 0 root", "little little ADJ 2 obj", ", , PUNCT 5 punct",
             "offering offer VERB 2 advcl", "only only ADV 7 advmod", "short short ADJ 8 amod",
             "answers answer NOUN 5 obj", ". . PUNCT 2 punct"],
            None,
        ),
    ],
)
def test_clause_after_said_the_parser_took_apart(text, words, content):
    quotes = extract_quotes(document(text, [words]))
    assert [q.text for q in quotes] == ([content] if content else [])


@pytest.mark.parametrize("relation", ["xcomp", "advcl"])  # the compact parser often makes it an adverbial
def test_what_someone_was_urged_to_do_includes_who_was_urged(relation):
    text = "Police urged people not to spread rumors."
    doc = document(text, [[
        "Police Police PROPN 2 nsubj", "urged urge VERB 0 root", "people person NOUN 2 obj",
        "not not PART 6 advmod", "to to PART 6 mark", f"spread spread VERB 2 {relation}",
        "rumors rumor NOUN 6 obj", ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.text, quote.speaker_mention) == ("indirect", "people not to spread rumors", "Police")


@pytest.mark.parametrize("opening", ["Asked", "When asked"])
def test_question_opening_a_sentence_is_reported_speech_of_no_one_named(opening):
    text = f"{opening} which county was his favorite, he demurred."
    words = [f"{opening.split()[-1]} ask VERB 9 advcl VBN", "which which DET 3 det", "county county NOUN 6 nsubj",
             "was be AUX 6 cop", "his his PRON 6 nmod:poss", "favorite favorite NOUN 1 ccomp", ", , PUNCT 1 punct",
             "he he PRON 9 nsubj", "demurred demur VERB 0 root", ". . PUNCT 9 punct"]
    if opening == "When asked":
        words = ["When when SCONJ 2 mark"] + [_shifted(w) for w in words]
    [quote] = extract_quotes(document(text, [words]))
    assert (quote.kind, quote.cue_text.lower(), quote.text, quote.speaker_mention) == (
        "indirect", "asked", "which county was his favorite", None
    )


def _shifted(word: str) -> str:
    """A hand-made word with its head one further on (a word was put before it)."""
    form, lemma, upos, head, *rest = word.split()
    return " ".join([form, lemma, upos, str(int(head) + 1 if head != "0" else 0), *rest])


def test_said_and_did_something_else_is_not_a_complement():
    text = "He said goodbye and will leave the room."
    doc = document(text, [[
        "He he PRON 2 nsubj", "said say VERB 0 root", "goodbye goodbye NOUN 2 obj", "and and CCONJ 6 cc",
        "will will AUX 6 aux", "leave leave VERB 2 conj", "the the DET 8 det", "room room NOUN 6 obj",
        ". . PUNCT 2 punct",
    ]])
    assert extract_quotes(doc) == []


def test_calling_on_someone_to_act_reports_what_they_are_called_on_to_do():
    text = "Sanders is calling on the candidates to support the wage."
    doc = document(text, [[
        "Sanders Sanders PROPN 3 nsubj", "is be AUX 3 aux", "calling call VERB 0 root", "on on ADP 6 case",
        "the the DET 6 det", "candidates candidate NOUN 3 obl", "to to PART 8 mark", "support support VERB 3 advcl",
        "the the DET 10 det", "wage wage NOUN 8 obj", ". . PUNCT 3 punct",
    ]], {"Sanders": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("on the candidates to support the wage", "Sanders")


def test_referring_to_something_is_reported_speech():
    text = "He was angry, Black said, referring to the Republican National Committee."
    doc = document(text, [[
        "He he PRON 3 nsubj", "was be AUX 3 cop", "angry angry ADJ 0 root", ", , PUNCT 6 punct",
        "Black Black PROPN 6 nsubj", "said say VERB 3 parataxis", ", , PUNCT 8 punct",
        "referring refer VERB 6 advcl", "to to ADP 13 case", "the the DET 13 det",
        "Republican Republican PROPN 13 amod", "National National PROPN 13 amod", "Committee Committee PROPN 8 obl",
        ". . PUNCT 3 punct",
    ]], {"Black": "PER", "Republican National Committee": "ORG"})
    quotes = extract_quotes(doc)
    referring = [q for q in quotes if q.cue_text == "referring"]
    assert [(q.text, q.speaker_mention) for q in referring] == [("to the Republican National Committee", "Black")]


def test_speaker_the_parser_lost_before_auxiliaries_and_a_parenthesis():
    text = "Governor Mary Fallin (R-OK) has said the plan will fail."
    doc = document(text, [[
        "Governor Governor PROPN 3 compound", "Mary Mary PROPN 3 flat", "Fallin Fallin PROPN 0 root",
        "( ( PUNCT 5 punct", "R-OK R-OK PROPN 3 appos", ") ) PUNCT 5 punct", "has have AUX 8 aux",
        "said say VERB 3 parataxis", "the the DET 10 det", "plan plan NOUN 12 nsubj", "will will AUX 12 aux",
        "fail fail VERB 8 ccomp", ". . PUNCT 3 punct",
    ]], {"Mary Fallin": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("the plan will fail", "Governor Mary Fallin")


def test_participle_after_a_comma_speaks_for_the_sentence_subject_however_deep_it_hangs():
    # The compact parser's reading: "saying" a conjunct of the clause describing "fitness".
    text = "His aide attacked Clinton's fitness to be president, saying she is not ready."
    doc = document(text, [[
        "His his PRON 2 nmod:poss", "aide aide NOUN 3 nsubj", "attacked attack VERB 0 root",
        "Clinton Clinton PROPN 6 nmod:poss", "'s 's PART 4 case", "fitness fitness NOUN 3 obj",
        "to to PART 9 mark", "be be AUX 9 cop", "president president NOUN 6 acl", ", , PUNCT 11 punct",
        "saying say VERB 9 conj", "she she PRON 15 nsubj", "is be AUX 15 cop", "not not PART 15 advmod",
        "ready ready ADJ 11 ccomp", ". . PUNCT 3 punct",
    ]], {"Clinton": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("she is not ready", "His aide")


def test_according_to_source_when_according_also_hangs_as_a_case_marker():
    text = "Whites made up 36 percent in 2012, according to exit polls."
    doc = document(text, [[
        "Whites white NOUN 2 nsubj", "made make VERB 0 root", "up up ADP 2 compound:prt", "36 36 NUM 5 nummod",
        "percent percent NOUN 2 obl", "in in ADP 7 case", "2012 2012 NUM 5 nmod", ", , PUNCT 9 punct",
        "according accord VERB 7 case", "to to ADP 9 fixed", "exit exit NOUN 12 compound", "polls poll NOUN 9 obl",
        ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("Whites made up 36 percent in 2012", "exit polls")


def test_a_name_that_is_also_a_time_word_speaks():
    text = "Kristen Day runs the group. Day said the platform is hurting the party."
    doc = document(text, [
        ["Kristen Kristen PROPN 3 nsubj", "Day Day PROPN 1 flat", "runs run VERB 0 root", "the the DET 5 det",
         "group group NOUN 3 obj", ". . PUNCT 3 punct"],
        ["Day day NOUN 2 nsubj", "said say VERB 0 root", "the the DET 4 det", "platform platform NOUN 6 nsubj",
         "is be AUX 6 aux", "hurting hurt VERB 2 ccomp", "the the DET 8 det", "party party NOUN 6 obj",
         ". . PUNCT 2 punct"],
    ], {"Kristen Day": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.speaker_mention, quote.speaker.name) == ("Day", "Kristen Day")


def test_participle_hung_on_the_clause_it_introduces():
    # The compact parser's reading: "saying" an adverbial of "told", the verb of what was said.
    text = "They went off script, saying they were told to stall."
    doc = document(text, [[
        "They they PRON 2 nsubj", "went go VERB 0 root", "off off ADP 4 case", "script script NOUN 2 obl",
        ", , PUNCT 6 punct", "saying say VERB 9 advcl", "they they PRON 9 nsubj:pass", "were be AUX 9 aux:pass",
        "told tell VERB 2 advcl", "to to PART 11 mark", "stall stall VERB 9 xcomp", ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("they were told to stall", "They")


def test_preposed_participle_content_ends_where_its_speaker_begins():
    text = "In addition to stating that babies have no rights, Clinton has vowed to act."
    doc = document(text, [[
        "In in ADP 2 case", "addition addition NOUN 13 obl", "to to SCONJ 4 mark", "stating state VERB 7 advcl",
        "that that SCONJ 7 mark", "babies baby NOUN 7 nsubj", "have have VERB 13 advcl", "no no DET 9 det",
        "rights right NOUN 7 obj", ", , PUNCT 7 punct", "Clinton Clinton PROPN 13 nsubj", "has have AUX 13 aux",
        "vowed vow VERB 0 root", "to to PART 15 mark", "act act VERB 13 xcomp", ". . PUNCT 13 punct",
    ]], {"Clinton": "PER"})
    stating = [q for q in extract_quotes(doc) if q.cue_text == "stating"]
    assert [(q.text, q.speaker_mention) for q in stating] == [("babies have no rights", "Clinton")]


def test_quote_standing_alone_after_reported_speech_goes_to_its_speaker():
    text = "“We have lost,” Obama said. Bolton said he would help. “I will support him all the way.”"
    doc = document(text, [
        ["“ “ PUNCT 4 punct", "We we PRON 4 nsubj", "have have AUX 4 aux", "lost lose VERB 0 root",
         ", , PUNCT 4 punct", "” ” PUNCT 4 punct", "Obama Obama PROPN 8 nsubj", "said say VERB 4 parataxis",
         ". . PUNCT 4 punct"],
        ["Bolton Bolton PROPN 2 nsubj", "said say VERB 0 root", "he he PRON 5 nsubj", "would would AUX 5 aux",
         "help help VERB 2 ccomp", ". . PUNCT 2 punct"],
        ["“ “ PUNCT 4 punct", "I I PRON 4 nsubj", "will will AUX 4 aux", "support support VERB 0 root",
         "him he PRON 4 obj", "all all DET 8 det", "the the DET 8 det", "way way NOUN 4 obl", ". . PUNCT 4 punct",
         "” ” PUNCT 4 punct"],
    ], {"Obama": "PER", "Bolton": "PER"})
    quotes = extract_quotes(doc)
    expected = [("direct", "Obama"), ("indirect", "Bolton"), ("direct", "Bolton")]
    assert [(q.kind, q.speaker.name) for q in quotes] == expected


def test_cue_whose_lemma_the_lemmatizer_got_wrong():
    text = "“I may have to leave the stage,” Cruz quipped."
    doc = document(text, [[
        "“ “ PUNCT 5 punct", "I I PRON 5 nsubj", "may may AUX 5 aux", "have have VERB 0 root", "to to PART 6 mark",
        "leave leave VERB 4 xcomp", "the the DET 8 det", "stage stage NOUN 6 obj", ", , PUNCT 4 punct",
        "” ” PUNCT 4 punct", "Cruz Cruz PROPN 12 nsubj", "quipped quipp VERB 4 parataxis", ". . PUNCT 4 punct",
    ]], {"Cruz": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.cue, quote.cue_text, quote.speaker_mention) == ("quip", "quipped", "Cruz")


def test_verb_that_speaks_only_when_bound_to_a_quote():
    text = "“The stock has not done well,” Mr. Rubel pointed out."
    doc = document(text, [[
        "“ “ PUNCT 6 punct", "The the DET 3 det", "stock stock NOUN 6 nsubj", "has have AUX 6 aux",
        "not not PART 6 advmod", "done do VERB 0 root", "well well ADV 6 advmod", ", , PUNCT 6 punct",
        "” ” PUNCT 6 punct", "Mr. Mr. PROPN 11 compound", "Rubel Rubel PROPN 12 nsubj",
        "pointed point VERB 6 parataxis", "out out ADP 12 compound:prt", ". . PUNCT 6 punct",
    ]], {"Rubel": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.cue, quote.cue_text, quote.speaker_mention) == ("point out", "pointed", "Mr. Rubel")


def test_what_a_company_reported_is_the_object_of_the_cue():
    text = "The company reported a profit of $1.78 per share."
    doc = document(text, [[
        "The the DET 2 det", "company company NOUN 3 nsubj", "reported report VERB 0 root", "a a DET 5 det",
        "profit profit NOUN 3 obj", "of of ADP 8 case", "$ $ SYM 8 compound", "1.78 1.78 NUM 5 nmod",
        "per per ADP 10 case", "share share NOUN 8 nmod", ". . PUNCT 3 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.text, quote.speaker_mention) == (
        "indirect", "a profit of $1.78 per share", "The company"
    )


def test_cue_closing_its_sentence_parsed_as_a_relative_clause():
    text = "Six protesters were arrested at the venue, police said."
    doc = document(text, [[
        "Six six NUM 2 nummod", "protesters protester NOUN 4 nsubj:pass", "were be AUX 4 aux:pass",
        "arrested arrest VERB 0 root", "at at ADP 7 case", "the the DET 7 det", "venue venue NOUN 4 obl",
        ", , PUNCT 10 punct", "police police NOUN 10 nsubj", "said say VERB 7 acl:relcl", ". . PUNCT 4 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("Six protesters were arrested at the venue", "police")


def test_cue_closing_its_sentence_with_a_date_parsed_as_its_object():
    text = "She thinks there are too many tests, Bill Clinton said this week."
    doc = document(text, [[
        "She she PRON 2 nsubj", "thinks think VERB 0 root", "there there PRON 4 expl", "are be VERB 2 ccomp",
        "too too ADV 6 advmod", "many many ADJ 7 amod", "tests test NOUN 4 nsubj", ", , PUNCT 11 punct",
        "Bill Bill PROPN 11 nsubj", "Clinton Clinton PROPN 9 flat", "said say VERB 2 conj", "this this DET 13 det",
        "week week NOUN 11 obj", ". . PUNCT 2 punct",
    ]], {"Bill Clinton": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("She thinks there are too many tests", "Bill Clinton")


def test_what_was_mentioned_is_the_object_of_the_cue():
    text = "He mentioned the violence in his Chicago hometown."
    doc = document(text, [[
        "He he PRON 2 nsubj", "mentioned mention VERB 0 root", "the the DET 4 det", "violence violence NOUN 2 obj",
        "in in ADP 8 case", "his his PRON 8 nmod:poss", "Chicago Chicago PROPN 8 compound",
        "hometown hometown NOUN 4 nmod", ". . PUNCT 2 punct",
    ]], {"Chicago": "LOC"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("the violence in his Chicago hometown", "He")


def test_content_the_parser_cut_short_runs_to_the_end_of_the_sentence():
    # The compact parser's reading: "despite …" an oblique of "says", not of what he says.
    text = "He says the plan failed, despite all the money spent on it."
    doc = document(text, [[
        "He he PRON 2 nsubj", "says say VERB 0 root", "the the DET 4 det", "plan plan NOUN 5 nsubj",
        "failed fail VERB 2 ccomp", ", , PUNCT 10 punct", "despite despite ADP 10 case", "all all DET 10 det",
        "the the DET 10 det", "money money NOUN 2 obl", "spent spend VERB 10 acl", "on on ADP 13 case",
        "it it PRON 11 obl", ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "the plan failed, despite all the money spent on it"


def test_content_running_on_stops_before_the_next_attribution():
    text = "The president noted he taught law, and added that it was hard."
    doc = document(text, [[
        "The the DET 2 det", "president president NOUN 3 nsubj", "noted note VERB 0 root", "he he PRON 5 nsubj",
        "taught teach VERB 3 ccomp", "law law NOUN 5 obj", ", , PUNCT 9 punct", "and and CCONJ 9 cc",
        "added add VERB 3 conj", "that that SCONJ 14 mark", "it it PRON 14 nsubj", "was be AUX 14 cop",
        "hard hard ADJ 9 ccomp", ". . PUNCT 3 punct",
    ]])
    assert [q.text for q in extract_quotes(doc)] == ["he taught law", "it was hard"]


def test_calling_for_something_runs_on_like_any_content():
    text = "The United States called for his overthrow, even though the result was clear."
    doc = document(text, [[
        "The the DET 3 det", "United United PROPN 3 compound", "States States PROPN 4 nsubj",
        "called call VERB 0 root", "for for ADP 7 case", "his his PRON 7 nmod:poss", "overthrow overthrow NOUN 4 obl",
        ", , PUNCT 14 punct", "even even ADV 10 advmod", "though though SCONJ 14 mark", "the the DET 12 det",
        "result result NOUN 14 nsubj", "was be AUX 14 cop", "clear clear ADJ 4 advcl", ". . PUNCT 4 punct",
    ]], {"United States": "LOC"})
    [quote] = extract_quotes(doc)
    assert quote.text == "for his overthrow, even though the result was clear"


def test_naming_without_quotation_marks_is_saying():
    text = "He called the actions lawful."
    doc = document(text, [[
        "He he PRON 2 nsubj", "called call VERB 0 root", "the the DET 4 det", "actions action NOUN 2 obj",
        "lawful lawful ADJ 2 xcomp", ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.text, quote.speaker_mention) == ("indirect", "the actions lawful", "He")


def test_calling_someone_on_the_phone_is_not_saying():
    text = "He called his mother on Sunday."
    doc = document(text, [[
        "He he PRON 2 nsubj", "called call VERB 0 root", "his his PRON 4 nmod:poss", "mother mother NOUN 2 obj",
        "on on ADP 6 case", "Sunday Sunday PROPN 2 obl", ". . PUNCT 2 punct",
    ]])
    assert extract_quotes(doc) == []


def test_thatless_complement_whose_subject_phrase_the_parser_made_an_object():
    text = "Kiedis said his band and its producer, Burton, wrote new songs."
    doc = document(text, [[
        "Kiedis Kiedis PROPN 2 nsubj", "said say VERB 0 root", "his his PRON 4 nmod:poss", "band band NOUN 2 obj",
        "and and CCONJ 7 cc", "its its PRON 7 nmod:poss", "producer producer NOUN 4 conj", ", , PUNCT 9 punct",
        "Burton Burton PROPN 7 appos", ", , PUNCT 11 punct", "wrote write VERB 2 conj", "new new ADJ 13 amod",
        "songs song NOUN 11 obj", ". . PUNCT 2 punct",
    ]], {"Kiedis": "PER", "Burton": "PER"})
    [quote] = extract_quotes(doc)
    assert quote.text == "his band and its producer, Burton, wrote new songs"


def test_that_clause_after_where_it_was_said_the_parser_lost():
    # The compact parser's reading: "that" an object pronoun, the clause scattered under "statement".
    text = "He says in a statement that the steps are certain to fail."
    doc = document(text, [[
        "He he PRON 2 nsubj", "says say VERB 0 root", "in in ADP 5 case", "a a DET 5 det",
        "statement statement NOUN 2 obl", "that that PRON 2 obj", "the the DET 8 det", "steps step NOUN 5 nmod",
        "are be AUX 10 cop", "certain certain ADJ 8 amod", "to to PART 12 mark", "fail fail VERB 8 acl",
        ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "the steps are certain to fail"


def test_cue_set_between_commas_inside_its_content():
    text = "A Clinton presidency, she vowed, would bring better jobs."
    doc = document(text, [[
        "A a DET 3 det", "Clinton Clinton PROPN 3 compound", "presidency presidency NOUN 9 nsubj",
        ", , PUNCT 3 punct", "she she PRON 6 nsubj", "vowed vow VERB 9 advcl", ", , PUNCT 9 punct",
        "would would AUX 9 aux", "bring bring VERB 0 root", "better good ADJ 11 amod", "jobs job NOUN 9 obj",
        ". . PUNCT 9 punct",
    ]], {"Clinton": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("A Clinton presidency, she vowed, would bring better jobs", "she")


def test_talking_about_doing_something():
    text = "Perez talks about growing up in Buffalo."
    doc = document(text, [[
        "Perez Perez PROPN 2 nsubj", "talks talk VERB 0 root", "about about SCONJ 4 mark",
        "growing grow VERB 2 advcl", "up up ADP 4 compound:prt", "in in ADP 7 case", "Buffalo Buffalo PROPN 4 obl",
        ". . PUNCT 2 punct",
    ]], {"Perez": "PER", "Buffalo": "LOC"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("about growing up in Buffalo", "Perez")


def test_calling_for_something_with_the_preposition_as_a_particle():
    text = "Republicans called for a special prosecutor to investigate."
    doc = document(text, [[
        "Republicans Republican PROPN 2 nsubj", "called call VERB 0 root", "for for ADP 2 compound:prt",
        "a a DET 6 det", "special special ADJ 6 amod", "prosecutor prosecutor NOUN 2 obj", "to to PART 8 mark",
        "investigate investigate VERB 6 acl", ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "a special prosecutor to investigate"


def test_pointing_out_something_and_questioning_something():
    text = "The group pointed out some other statistics. He questioned the science of climate change."
    doc = document(text, [
        ["The the DET 2 det", "group group NOUN 3 nsubj", "pointed point VERB 0 root", "out out ADP 3 compound:prt",
         "some some DET 7 det", "other other ADJ 7 amod", "statistics statistic NOUN 3 obj", ". . PUNCT 3 punct"],
        ["He he PRON 2 nsubj", "questioned question VERB 0 root", "the the DET 4 det", "science science NOUN 2 obj",
         "of of ADP 7 case", "climate climate NOUN 7 compound", "change change NOUN 4 nmod", ". . PUNCT 2 punct"],
    ])
    assert [q.text for q in extract_quotes(doc)] == ["some other statistics", "the science of climate change"]


def test_say_tagged_as_a_noun_after_a_number():
    text = "Nearly nine out of 10 say they will need new skills."
    doc = document(text, [[
        "Nearly nearly ADV 2 advmod", "nine nine NUM 9 nsubj", "out out ADP 6 case", "of of ADP 6 case",
        "10 10 NUM 6 nummod", "say say NOUN 2 nmod", "they they PRON 9 nsubj", "will will AUX 9 aux",
        "need need VERB 0 root", "new new ADJ 11 amod", "skills skill NOUN 9 obj", ". . PUNCT 9 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("they will need new skills", "Nearly nine out of 10")


def test_what_was_discussed_is_the_object_of_the_cue():
    text = "Obama discussed his strategy for fighting the Islamic State."
    doc = document(text, [[
        "Obama Obama PROPN 2 nsubj", "discussed discuss VERB 0 root", "his his PRON 4 nmod:poss",
        "strategy strategy NOUN 2 obj", "for for SCONJ 6 mark", "fighting fight VERB 4 acl", "the the DET 9 det",
        "Islamic Islamic PROPN 9 amod", "State State PROPN 6 obj", ". . PUNCT 2 punct",
    ]], {"Obama": "PER", "Islamic State": "ORG"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("his strategy for fighting the Islamic State", "Obama")


def test_source_familiar_with_something_the_parser_made_a_clause():
    # The compact parser's reading: "person … familiar" a clause under "says".
    text = "A person familiar with the planning says the talks will fail."
    doc = document(text, [[
        "A a DET 2 det", "person person NOUN 3 nsubj", "familiar familiar ADJ 7 ccomp", "with with ADP 6 case",
        "the the DET 6 det", "planning planning NOUN 3 obl", "says say VERB 0 root", "the the DET 9 det",
        "talks talk NOUN 11 nsubj", "will will AUX 11 aux", "fail fail VERB 7 ccomp", ". . PUNCT 7 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("the talks will fail", "A person familiar with the planning")


def test_quoted_words_as_the_object_of_a_speech_verb():
    text = "Obama ended his list by saying “Too many.”"
    doc = document(text, [[
        "Obama Obama PROPN 2 nsubj", "ended end VERB 0 root", "his his PRON 4 nmod:poss", "list list NOUN 2 obj",
        "by by SCONJ 6 mark", "saying say VERB 2 advcl", "“ “ PUNCT 8 punct", "Too too ADV 9 advmod",
        "many many ADJ 6 obj", ". . PUNCT 2 punct", "” ” PUNCT 9 punct",
    ]], {"Obama": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.speaker_mention, quote.cue_text) == ("Obama", "saying") and "Too many" in quote.text


def test_what_someone_called_something_in_quotation_marks():
    text = "Cleveland hoped to shed what Gilbert called “a perception problem.”"
    doc = document(text, [[
        "Cleveland Cleveland PROPN 2 nsubj", "hoped hope VERB 0 root", "to to PART 4 mark", "shed shed VERB 2 xcomp",
        "what what PRON 4 obj", "Gilbert Gilbert PROPN 7 nsubj", "called call VERB 5 acl:relcl", "“ “ PUNCT 11 punct",
        "a a DET 11 det", "perception perception NOUN 11 compound", "problem problem NOUN 7 xcomp",
        ". . PUNCT 2 punct", "” ” PUNCT 11 punct",
    ]], {"Gilbert": "PER", "Cleveland": "LOC"})
    called = [q for q in extract_quotes(doc) if q.cue_text == "called"]
    assert [q.speaker_mention for q in called] == ["Gilbert"]
    assert "a perception problem" in called[0].text


def test_inverted_speaker_phrase_the_parser_lost():
    # The compact parser's reading: "one Republican involved …" a clause under "said".
    text = "“It will be massive,” said one Republican involved in the planning, who spoke anonymously."
    doc = document(text, [[
        "“ “ PUNCT 5 punct", "It it PRON 5 nsubj", "will will AUX 5 aux", "be be AUX 5 cop",
        "massive massive ADJ 0 root", ", , PUNCT 5 punct", "” ” PUNCT 5 punct", "said say VERB 5 parataxis",
        "one one NUM 10 nummod", "Republican Republican PROPN 11 nsubj:pass", "involved involve VERB 8 ccomp",
        "in in ADP 14 case", "the the DET 14 det", "planning planning NOUN 11 obl", ", , PUNCT 17 punct",
        "who who PRON 17 nsubj", "spoke speak VERB 14 acl:relcl", "anonymously anonymously ADV 17 advmod",
        ". . PUNCT 5 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("It will be massive,", "one Republican involved in the planning")


def test_name_before_a_description_with_a_surname_tagged_as_an_adjective():
    text = "Grant Young, a strategist, said there are advantages."
    doc = document(text, [[
        "Grant grant PROPN 2 compound", "Young Young ADJ 7 ccomp", ", , PUNCT 2 punct", "a a DET 5 det",
        "strategist strategist NOUN 2 appos", ", , PUNCT 7 punct", "said say VERB 0 root", "there there PRON 9 expl",
        "are be VERB 7 ccomp", "advantages advantage NOUN 9 nsubj", ". . PUNCT 7 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("there are advantages", "Grant Young")


def test_participle_describing_a_noun_is_no_cue():
    text = "The added security in San Francisco brought controversy as well."
    doc = document(text, [[
        "The the DET 3 det", "added add VERB 3 amod", "security security NOUN 7 nsubj", "in in ADP 6 case",
        "San San PROPN 6 compound", "Francisco Francisco PROPN 3 nmod", "brought bring VERB 0 root",
        "controversy controversy NOUN 7 obj", "as as ADV 7 advmod", "well well ADV 9 fixed", ". . PUNCT 7 punct",
    ]], {"San Francisco": "LOC"})
    assert extract_quotes(doc) == []


def test_verb_that_speaks_with_its_particle_when_bound_to_a_quote():
    text = "“You know, it happens, right?” Trump went on."
    doc = document(text, [[
        "“ “ PUNCT 6 punct", "You you PRON 3 nsubj", "know know VERB 6 parataxis", ", , PUNCT 3 punct",
        "it it PRON 6 nsubj", "happens happen VERB 0 root", ", , PUNCT 8 punct", "right right INTJ 6 discourse",
        "? ? PUNCT 6 punct", "” ” PUNCT 6 punct", "Trump Trump PROPN 12 nsubj", "went go VERB 6 parataxis",
        "on on ADP 12 compound:prt", ". . PUNCT 6 punct",
    ]], {"Trump": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.cue_text, quote.speaker_mention) == ("went", "Trump")


def test_as_someone_put_it_the_one_who_puts_it_speaks():
    text = "As Vulture put it, “Hello, it’s the Biebs.”"
    doc = document(text, [[
        "As as ADP 2 case", "Vulture Vulture PROPN 3 obl", "put put VERB 0 root", "it it PRON 3 obj",
        ", , PUNCT 3 punct", "“ “ PUNCT 12 punct", "Hello hello INTJ 12 discourse", ", , PUNCT 7 punct",
        "it it PRON 12 nsubj", "’s be AUX 12 cop", "the the DET 12 det", "Biebs Biebs PROPN 3 parataxis",
        ". . PUNCT 3 punct", "” ” PUNCT 12 punct",
    ]], {"Vulture": "ORG"})
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.cue_text, quote.speaker_mention) == ("direct", "put", "Vulture")


@pytest.mark.parametrize(
    "text, addressee",
    [
        ("Earnest told reporters that the mayor has confronted the challenges.",
         ["reporters reporter NOUN 2 obj"]),
        # the clause hung on the last word of the addressee's phrase
        ("Earnest told reporters on Monday that the mayor has confronted the challenges.",
         ["reporters reporter NOUN 2 obj", "on on ADP 5 case", "Monday Monday PROPN 3 nmod"]),
    ],
)
def test_complement_of_a_telling_verb_the_parser_hung_on_the_addressee(text, addressee):
    head = len(addressee) + 2  # the addressee's last word
    offset = len(addressee) - 1

    def at(position: int) -> str:
        return str(position + offset)

    doc = document(text, [[
        "Earnest Earnest PROPN 2 nsubj", "told tell VERB 0 root", *addressee,
        f"that that PRON {at(8)} obj", f"the the DET {at(6)} det", f"mayor mayor NOUN {at(8)} nsubj",
        f"has have AUX {at(8)} aux", f"confronted confront VERB {head} acl:relcl", f"the the DET {at(10)} det",
        f"challenges challenge NOUN {at(8)} obj", ". . PUNCT 2 punct",
    ]], {"Earnest": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.cue_text, quote.speaker_mention) == ("indirect", "told", "Earnest")
    assert quote.text == "the mayor has confronted the challenges"


@pytest.mark.parametrize(
    "name_head, name_relation",
    # a bare oblique or a clause of the verb, a conjunct or an apposition of what is named
    [(2, "obl"), (2, "advcl"), (4, "conj"), (4, "appos")],
)
def test_quoted_name_the_parser_hung_elsewhere(name_head, name_relation):
    text = "Trump called the system “rigged” in a tweet."
    doc = document(text, [[
        "Trump Trump PROPN 2 nsubj", "called call VERB 0 root", "the the DET 4 det", "system system NOUN 2 obj",
        "“ “ PUNCT 6 punct", f"rigged rig VERB {name_head} {name_relation}", "” ” PUNCT 6 punct",
        "in in ADP 10 case", "a a DET 10 det", "tweet tweet NOUN 6 obl", ". . PUNCT 2 punct",
    ]], {"Trump": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.cue_text, quote.speaker_mention) == ("mixed", "called", "Trump")
    assert quote.text.startswith("the system “rigged”")


def test_a_straight_mark_glued_to_the_word_before_closes_a_quote():
    # '"chained CPI" that …' is a relative clause after a quoted term, not a quoted name of its own
    text = 'He backed an inflation formula called the "chained CPI" that would cut payments.'
    doc = document(text, [[
        "He he PRON 2 nsubj", "backed back VERB 0 root", "an a DET 5 det", "inflation inflation NOUN 5 compound",
        "formula formula NOUN 2 obj", "called call VERB 5 acl", "the the DET 10 det", '" " PUNCT 10 punct',
        "chained chain VERB 10 amod", "CPI CPI PROPN 6 obj", '" " PUNCT 10 punct', "that that PRON 14 nsubj",
        "would would AUX 14 aux", "cut cut VERB 10 acl:relcl", "payments payment NOUN 14 obj", ". . PUNCT 2 punct",
    ]])
    assert extract_quotes(doc) == []


def test_cue_the_parser_made_a_conjunct_of_the_quote():
    text = "“We tried to call you,” it reads."
    doc = document(text, [[
        "“ “ PUNCT 3 punct", "We we PRON 3 nsubj", "tried try VERB 0 root", "to to PART 5 mark",
        "call call VERB 3 xcomp", "you you PRON 5 obj", ", , PUNCT 3 punct", "” ” PUNCT 3 punct",
        "it it PRON 10 nsubj", "reads read VERB 3 conj", ". . PUNCT 3 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.cue_text, quote.speaker_mention) == ("direct", "reads", "it")


def test_colon_after_a_subjectless_clause_takes_the_subject_of_the_verb_above():
    text = "Clinton apologized for what happened: “I am sorry.”"
    doc = document(text, [
        ["Clinton Clinton PROPN 2 nsubj", "apologized apologize VERB 0 root", "for for ADP 4 case",
         "what what PRON 2 obl", "happened happen VERB 2 advcl", ": : PUNCT 2 punct"],
        ["“ “ PUNCT 4 punct", "I I PRON 4 nsubj", "am be AUX 4 cop", "sorry sorry ADJ 0 root", ". . PUNCT 4 punct",
         "” ” PUNCT 4 punct"],
    ], {"Clinton": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.cue_text, quote.speaker_mention) == ("direct", "apologized", "Clinton")


def test_speaker_before_a_relative_clause_the_parser_took_a_subject_from():
    # The compact parser's reading: "Colorado" the subject of "slammed", "who is a pastor" a clause of its own.
    text = "Swanson, who is a pastor in Elizabeth, Colorado, slammed the group for “promoting abortion.”"
    doc = document(text, [[
        "Swanson Swanson PROPN 6 nsubj", ", , PUNCT 3 punct", "who who PRON 6 nsubj", "is be AUX 6 cop",
        "a a DET 6 det", "pastor pastor NOUN 0 root", "in in ADP 8 case", "Elizabeth Elizabeth PROPN 6 nmod",
        ", , PUNCT 10 punct", "Colorado Colorado PROPN 12 nsubj", ", , PUNCT 12 punct",
        "slammed slam VERB 6 parataxis", "the the DET 14 det", "group group NOUN 12 obj", "for for ADP 17 mark",
        "“ “ PUNCT 17 punct", "promoting promote VERB 12 advcl", "abortion abortion NOUN 17 obj",
        ". . PUNCT 6 punct", "” ” PUNCT 17 punct",
    ]], {"Swanson": "PER", "Elizabeth": "LOC", "Colorado": "LOC"})
    [quote] = extract_quotes(doc)
    assert (quote.cue_text, quote.speaker_mention) == ("slammed", "Swanson")


def test_quoted_object_of_a_speech_verb_is_a_quote_however_short():
    text = "Chancellor Merkel condemned “such a murderous attack” and declared support."
    doc = document(text, [[
        "Chancellor Chancellor PROPN 3 nsubj", "Merkel Merkel PROPN 1 flat", "condemned condemn VERB 0 root",
        "“ “ PUNCT 8 punct", "such such DET 8 det:predet", "a a DET 8 det", "murderous murderous ADJ 8 amod",
        "attack attack NOUN 3 obl", "” ” PUNCT 8 punct", "and and CCONJ 11 cc", "declared declare VERB 3 conj",
        "support support NOUN 11 obj", ". . PUNCT 3 punct",
    ]], {"Merkel": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.text, quote.cue_text) == ("direct", "such a murderous attack", "condemned")


def test_participle_with_a_determiner_is_a_speaker():
    text = "Again, those surveyed said Trump was best able to handle the issue."
    doc = document(text, [[
        "Again again ADV 5 advmod", ", , PUNCT 1 punct", "those that DET 4 det", "surveyed survey VERB 5 nsubj",
        "said say VERB 0 root", "Trump Trump PROPN 9 nsubj", "was be AUX 9 cop", "best well ADV 9 advmod",
        "able able ADJ 5 ccomp", "to to PART 11 mark", "handle handle VERB 9 xcomp", "the the DET 13 det",
        "issue issue NOUN 11 obj", ". . PUNCT 5 punct",
    ]], {"Trump": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.speaker_mention) == ("indirect", "those surveyed")


def test_thing_that_speaks_in_a_relative_clause_is_the_voice_of_who_made_it():
    text = "Rand Paul has made a video that accuses Cruz of welcoming refugees."
    doc = document(text, [[
        "Rand Rand PROPN 4 nsubj", "Paul Paul PROPN 1 flat", "has have AUX 4 aux", "made make VERB 0 root",
        "a a DET 6 det", "video video NOUN 4 obj", "that that PRON 8 nsubj", "accuses accuse VERB 6 acl:relcl",
        "Cruz Cruz PROPN 8 obj", "of of SCONJ 11 mark", "welcoming welcome VERB 8 advcl",
        "refugees refugee NOUN 11 obj", ". . PUNCT 4 punct",
    ]], {"Rand Paul": "PER", "Cruz": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.cue_text, quote.speaker_mention) == ("accuses", "Rand Paul")


def test_speaker_named_after_reported_words_the_parser_made_an_object():
    text = "His campaign is working, said James Henson, director of the project."
    doc = document(text, [[
        "His his PRON 2 nmod:poss", "campaign campaign NOUN 4 nsubj", "is be AUX 4 aux", "working work VERB 0 root",
        ", , PUNCT 6 punct", "said say VERB 4 conj", "James James PROPN 6 iobj", "Henson Henson PROPN 7 flat",
        ", , PUNCT 10 punct", "director director NOUN 8 conj", "of of ADP 13 case", "the the DET 13 det",
        "project project NOUN 10 nmod", ". . PUNCT 6 punct",
    ]], {"James Henson": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.cue_text, quote.speaker_mention) == ("His campaign is working", "said", "James Henson")


def test_relative_that_parsed_as_a_second_subject_is_not_part_of_the_speaker():
    text = "It is a group that Sanders thanked “for their support in my campaign.”"
    doc = document(text, [[
        "It it PRON 4 nsubj", "is be AUX 4 cop", "a a DET 4 det", "group group NOUN 0 root",
        "that that PRON 7 nsubj", "Sanders Sanders PROPN 7 nsubj", "thanked thank VERB 4 acl:relcl",
        "“ “ PUNCT 11 punct", "for for ADP 11 case", "their their PRON 11 nmod:poss", "support support NOUN 7 obl",
        "in in ADP 14 case", "my my PRON 14 nmod:poss", "campaign campaign NOUN 11 nmod", ". . PUNCT 4 punct",
        "” ” PUNCT 11 punct",
    ]], {"Sanders": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.cue_text, quote.speaker_mention) == ("direct", "thanked", "Sanders")


@pytest.mark.parametrize(
    "verb, lemma, preposition",
    [("speak", "speak", "of"), ("comment", "comment", "on")],
)
def test_speaking_of_or_commenting_on_something_reports_it(verb, lemma, preposition):
    text = f"Republican leaders {verb} warmly {preposition} the senator's gifts as an orator."
    doc = document(text, [[
        "Republican Republican ADJ 2 amod", "leaders leader NOUN 3 nsubj", f"{verb} {lemma} VERB 0 root",
        "warmly warmly ADV 3 advmod", f"{preposition} {preposition} ADP 9 case", "the the DET 7 det",
        "senator senator NOUN 9 nmod:poss", "'s 's PART 7 case", "gifts gift NOUN 3 obl", "as as ADP 12 case",
        "an a DET 12 det", "orator orator NOUN 9 nmod", ". . PUNCT 3 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.cue_text, quote.speaker_mention) == ("indirect", verb, "Republican leaders")
    assert quote.text.startswith(f"{preposition} the senator's gifts")


def test_speech_verb_after_a_quote_the_tagger_made_a_noun():
    text = "“We do not understand the need for it,” the two write."
    doc = document(text, [[
        "“ “ PUNCT 5 punct", "We we PRON 5 nsubj", "do do AUX 5 aux", "not not PART 5 advmod",
        "understand understand VERB 0 root", "the the DET 7 det", "need need NOUN 5 obj", "for for ADP 9 case",
        "it it PRON 7 nmod", ", , PUNCT 5 punct", "” ” PUNCT 5 punct", "the the DET 14 det",
        "two two NUM 14 nummod", "write write NOUN 7 appos", ". . PUNCT 5 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.kind, quote.cue_text, quote.speaker_mention) == ("direct", "write", "the two")


def test_second_quote_after_adding_and_a_colon_is_its_own_utterance():
    text = "“That will help us,” he said, adding: “I don’t think it is fair to say so.”"
    doc = document(text, [[
        "“ “ PUNCT 4 punct", "That that PRON 4 nsubj", "will will AUX 4 aux", "help help VERB 9 ccomp",
        "us we PRON 4 obj", ", , PUNCT 4 punct", "” ” PUNCT 4 punct", "he he PRON 9 nsubj", "said say VERB 0 root",
        ", , PUNCT 11 punct", "adding add VERB 9 ccomp", ": : PUNCT 17 punct", "“ “ PUNCT 17 punct",
        "I I PRON 17 nsubj", "don do AUX 17 aux", "’t not PART 17 advmod", "think think VERB 9 ccomp",
        "it it PRON 20 nsubj", "is be AUX 20 cop", "fair fair ADJ 17 ccomp", "to to PART 22 mark",
        "say say VERB 20 csubj", "so so ADV 22 advmod", ". . PUNCT 17 punct", "” ” PUNCT 17 punct",
    ]])
    first, second = by_kind(extract_quotes(doc), "direct")
    assert (first.cue_text, second.cue_text) == ("said", "adding")
    assert second.speaker_mention == "he"
    assert first.utterance != second.utterance


def test_quote_under_a_verb_only_through_an_infinitive_is_not_that_verb_speaking():
    text = "Cruz said Rubio will continue to be “a champion for limitless opportunity in America.”"
    doc = document(text, [[
        "Cruz Cruz PROPN 2 nsubj", "said say VERB 0 root", "Rubio Rubio PROPN 5 nsubj", "will will AUX 5 aux",
        "continue continue VERB 2 ccomp", "to to PART 10 mark", "be be AUX 10 cop", "“ “ PUNCT 10 punct",
        "a a DET 10 det", "champion champion NOUN 5 advcl", "for for ADP 13 case", "limitless limitless ADJ 13 amod",
        "opportunity opportunity NOUN 10 nmod", "in in ADP 15 case", "America America PROPN 13 nmod",
        ". . PUNCT 2 punct", "” ” PUNCT 10 punct",
    ]], {"Cruz": "PER", "Rubio": "PER", "America": "LOC"})
    [quote] = [q for q in extract_quotes(doc) if "champion" in q.text]
    assert (quote.cue_text, quote.speaker_mention) == ("said", "Cruz")


def test_second_part_of_an_utterance_joins_the_first_not_the_reported_words_between():
    text = "“That is the question,” Clark said, noting he would support them. “We have a deep bench.”"
    doc = document(text, [
        ["“ “ PUNCT 5 punct", "That that PRON 5 nsubj", "is be AUX 5 cop", "the the DET 5 det",
         "question question NOUN 0 root", ", , PUNCT 5 punct", "” ” PUNCT 5 punct", "Clark Clark PROPN 9 nsubj",
         "said say VERB 5 parataxis", ", , PUNCT 11 punct", "noting note VERB 9 advcl", "he he PRON 14 nsubj",
         "would would AUX 14 aux", "support support VERB 11 ccomp", "them they PRON 14 obj", ". . PUNCT 5 punct"],
        ["“ “ PUNCT 3 punct", "We we PRON 3 nsubj", "have have VERB 0 root", "a a DET 6 det", "deep deep ADJ 6 amod",
         "bench bench NOUN 3 obj", ". . PUNCT 3 punct", "” ” PUNCT 3 punct"],
    ], {"Clark": "PER"})
    quotes = extract_quotes(doc)
    first, second = by_kind(quotes, "direct")
    [noting] = by_kind(quotes, "indirect")
    assert first.utterance == second.utterance != noting.utterance
    assert noting.text == "he would support them" and noting.speaker_mention == "Clark"


def test_participle_after_a_comma_the_parser_made_a_complement_speaks_for_the_subject():
    text = "“It would be Cruz,” Black said, referring to the Republican National Committee."
    doc = document(text, [[
        "“ “ PUNCT 5 punct", "It it PRON 5 nsubj", "would would AUX 5 aux", "be be AUX 5 cop",
        "Cruz Cruz PROPN 0 root", ", , PUNCT 5 punct", "” ” PUNCT 5 punct", "Black Black PROPN 9 nsubj",
        "said say VERB 5 parataxis", ", , PUNCT 11 punct", "referring refer VERB 9 ccomp", "to to ADP 16 case",
        "the the DET 16 det", "Republican Republican PROPN 16 compound", "National National ADJ 16 amod",
        "Committee Committee PROPN 11 obl", ". . PUNCT 9 punct",
    ]], {"Black": "PER", "Cruz": "PER", "Republican National Committee": "ORG"})
    [reported] = by_kind(extract_quotes(doc), "indirect")
    assert (reported.cue_text, reported.speaker_mention) == ("referring", "Black")
    assert reported.text == "to the Republican National Committee"


@pytest.mark.parametrize("relation", ["advcl", "xcomp"])
def test_gerund_right_after_a_reporting_verb_is_what_was_reported(relation):
    text = "Conservative groups reported spending $6 million attacking Clinton."
    doc = document(text, [[
        "Conservative conservative ADJ 2 amod", "groups group NOUN 3 nsubj", "reported report VERB 0 root",
        f"spending spend VERB 3 {relation}", "$ $ SYM 4 obj", "6 6 NUM 7 compound", "million million NUM 5 nummod",
        "attacking attack VERB 4 xcomp", "Clinton Clinton PROPN 8 obj", ". . PUNCT 3 punct",
    ]], {"Clinton": "PER"})
    [quote] = extract_quotes(doc)
    assert quote.text == "spending $6 million attacking Clinton"
    assert quote.speaker_mention == "Conservative groups"


def test_infinitive_the_parser_hung_on_the_addressee_is_what_they_were_asked_to_do():
    text = "Two committees asked the department to investigate whether Clinton lied."
    doc = document(text, [[
        "Two two NUM 2 nummod", "committees committee NOUN 3 nsubj", "asked ask VERB 0 root", "the the DET 5 det",
        "department department NOUN 3 obj", "to to PART 7 mark", "investigate investigate VERB 5 acl",
        "whether whether SCONJ 10 mark", "Clinton Clinton PROPN 10 nsubj", "lied lie VERB 7 ccomp",
        ". . PUNCT 3 punct",
    ]], {"Clinton": "PER"})
    [quote] = extract_quotes(doc)
    assert quote.text == "the department to investigate whether Clinton lied"
    assert quote.speaker_mention == "Two committees"


def test_what_something_was_described_as_belongs_to_the_description():
    text = "Party sources described the push as nearly impossible."
    doc = document(text, [[
        "Party party NOUN 2 compound", "sources source NOUN 3 nsubj", "described describe VERB 0 root",
        "the the DET 5 det", "push push NOUN 3 obj", "as as ADP 8 mark", "nearly nearly ADV 8 advmod",
        "impossible impossible ADJ 3 xcomp", ". . PUNCT 3 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "the push as nearly impossible"


def test_date_the_parser_hung_on_the_speaker_is_not_part_of_the_name():
    text = "The White House on Monday urged the industry to do more."
    doc = document(text, [[
        "The the DET 3 det", "White White PROPN 3 compound", "House House PROPN 6 nsubj", "on on ADP 5 case",
        "Monday Monday PROPN 3 nmod", "urged urge VERB 0 root", "the the DET 8 det", "industry industry NOUN 6 obj",
        "to to PART 10 mark", "do do VERB 6 xcomp", "more more ADJ 10 obj", ". . PUNCT 6 punct",
    ]], {"White House": "ORG"})
    [quote] = extract_quotes(doc)
    assert quote.speaker_mention == "The White House"


def test_noun_phrase_right_before_a_cue_the_parser_gave_no_subject_speaks():
    text = "In each state, about half of voters say they prefer an outsider."
    doc = document(text, [[
        "In in ADP 2 case", "each each DET 9 obl", "state state NOUN 2 nmod", ", , PUNCT 6 punct",
        "about about ADP 6 case", "half half NUM 3 nummod", "of of ADP 8 case", "voters voter NOUN 6 nmod",
        "say say VERB 0 root VBP", "they they PRON 11 nsubj", "prefer prefer VERB 9 ccomp", "an a DET 13 det",
        "outsider outsider NOUN 11 obj", ". . PUNCT 9 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "they prefer an outsider"
    assert quote.speaker_mention == "about half of voters"


def test_participle_speaks_for_the_name_before_the_sentence_verb_when_the_parser_lost_its_subject():
    text = "Before the convention, Chief Calvin Williams lobbied to ban guns, saying, “The fewer guns, the better.”"
    doc = document(text, [[
        "Before before ADP 3 case", "the the DET 3 det", "convention convention NOUN 8 obl", ", , PUNCT 3 punct",
        "Chief Chief PROPN 3 appos", "Calvin Calvin PROPN 5 flat", "Williams Williams PROPN 5 flat",
        "lobbied lobby VERB 0 root", "to to PART 10 mark", "ban ban VERB 8 xcomp", "guns gun NOUN 10 obj",
        ", , PUNCT 13 punct", "saying say VERB 11 acl", ", , PUNCT 18 punct", "“ “ PUNCT 18 punct",
        "The the DET 18 det", "fewer few ADJ 18 amod", "guns gun NOUN 13 ccomp", ", , PUNCT 21 punct",
        "the the DET 21 det", "better good ADJ 18 appos", ". . PUNCT 8 punct", "” ” PUNCT 18 punct",
    ]], {"Calvin Williams": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.cue_text, quote.speaker_mention) == ("saying", "Chief Calvin Williams")


def test_participle_in_a_sentence_the_parser_made_one_noun_phrase_speaks_for_its_head():
    text = "Huma Abedin, a campaign chairwoman, emailed supporters, telling them, “We have to be ready to stop him.”"
    doc = document(text, [[
        "Huma Huma PROPN 0 root", "Abedin Abedin PROPN 1 flat", ", , PUNCT 6 punct", "a a DET 6 det",
        "campaign campaign NOUN 6 compound", "chairwoman chairwoman NOUN 1 appos", ", , PUNCT 8 punct",
        "emailed email VERB 1 acl", "supporters supporter NOUN 8 obj", ", , PUNCT 11 punct",
        "telling tell VERB 9 acl", "them they PRON 11 obj", ", , PUNCT 16 punct", "“ “ PUNCT 16 punct",
        "We we PRON 16 nsubj", "have have VERB 11 ccomp", "to to PART 19 mark", "be be AUX 19 cop",
        "ready ready ADJ 16 xcomp", "to to PART 21 mark", "stop stop VERB 19 xcomp", "him he PRON 21 obj",
        ". . PUNCT 16 punct", "” ” PUNCT 16 punct",
    ]], {"Huma Abedin": "PER"})
    [quote] = by_kind(extract_quotes(doc), "direct")
    assert (quote.cue_text, quote.speaker_mention) == ("telling", "Huma Abedin")


def test_finite_cue_the_parser_hung_as_a_clause_on_a_noun_speaks_for_the_sentence_head():
    text = "Others, reacting to the long delay, shouted, “Stop the cover-up right now!”"
    doc = document(text, [[
        "Others other NOUN 0 root", ", , PUNCT 3 punct", "reacting react VERB 1 acl", "to to ADP 7 case",
        "the the DET 7 det", "long long ADJ 7 amod", "delay delay NOUN 3 obl", ", , PUNCT 9 punct",
        "shouted shout VERB 7 acl", ", , PUNCT 12 punct", "“ “ PUNCT 12 punct", "Stop stop VERB 9 ccomp",
        "the the DET 14 det", "cover-up cover-up NOUN 12 obj", "right right ADV 16 advmod", "now now ADV 12 advmod",
        "! ! PUNCT 12 punct", "” ” PUNCT 12 punct",
    ]])
    [quote] = by_kind(extract_quotes(doc), "direct")
    assert (quote.cue_text, quote.speaker_mention) == ("shouted", "Others")


def test_participle_parsed_as_a_conjunct_of_what_was_said_speaks_with_the_participle_above():
    text = "His aide doubled down, saying she is experienced but suggesting that might not be enough."
    doc = document(text, [[
        "His he PRON 2 nmod:poss", "aide aide NOUN 3 nsubj", "doubled double VERB 0 root",
        "down down ADP 3 compound:prt", ", , PUNCT 6 punct", "saying say VERB 3 advcl", "she she PRON 9 nsubj",
        "is be AUX 9 aux", "experienced experience VERB 6 ccomp VBN", "but but CCONJ 11 cc",
        "suggesting suggest VERB 9 conj", "that that PRON 16 nsubj", "might might AUX 16 aux",
        "not not PART 16 advmod", "be be AUX 16 cop", "enough enough ADV 11 ccomp", ". . PUNCT 3 punct",
    ]])
    [suggested] = [q for q in extract_quotes(doc) if q.cue_text == "suggesting"]
    assert (suggested.text, suggested.speaker_mention) == ("that might not be enough", "His aide")


def test_participle_after_said_that_is_no_cue_is_not_what_was_said():
    text = "“Cleveland will be a train wreck,” Wilkin said, eliciting jeers from the crowd."
    doc = document(text, [[
        "“ “ PUNCT 7 punct", "Cleveland Cleveland PROPN 7 nsubj", "will will AUX 7 aux", "be be AUX 7 cop",
        "a a DET 7 det", "train train NOUN 7 compound", "wreck wreck NOUN 0 root", ", , PUNCT 7 punct",
        "” ” PUNCT 7 punct", "Wilkin Wilkin PROPN 11 nsubj", "said say VERB 7 parataxis", ", , PUNCT 13 punct",
        "eliciting elicit VERB 11 ccomp", "jeers jeer NOUN 13 obj", "from from ADP 17 case", "the the DET 17 det",
        "crowd crowd NOUN 13 obl", ". . PUNCT 7 punct",
    ]], {"Wilkin": "PER", "Cleveland": "LOC"})
    assert [(q.kind, q.speaker_mention) for q in extract_quotes(doc)] == [("direct", "Wilkin")]


def test_subjectless_phrase_opened_by_a_preposition_after_said_is_not_what_was_said():
    text = "“We will resist the urge,” Mr. Earnest said in the White House briefing."
    doc = document(text, [[
        "“ “ PUNCT 4 punct", "We we PRON 4 nsubj", "will will AUX 4 aux", "resist resist VERB 0 root",
        "the the DET 6 det", "urge urge NOUN 4 obj", ", , PUNCT 4 punct", "” ” PUNCT 4 punct",
        "Mr. Mr. PROPN 11 nsubj", "Earnest Earnest PROPN 9 flat", "said say VERB 4 conj", "in in ADP 15 case",
        "the the DET 15 det", "White White ADJ 15 amod", "House House PROPN 16 compound",
        "briefing brief VERB 11 ccomp", ". . PUNCT 11 punct",
    ]], {"Mr. Earnest": "PER"})
    assert [(q.kind, q.speaker_mention) for q in extract_quotes(doc)] == [("direct", "Mr. Earnest")]


def test_sentence_split_after_a_quote_ending_in_a_comma_leaves_the_attribution_in_the_next_sentence():
    text = ("''As the threat has changed, so has our work,'' Twitter said in a statement, adding that it condemns "
            "the use of Twitter for terrorism.")
    doc = document(text, [
        ["'' '' PUNCT 9 punct", "As as SCONJ 6 mark", "the the DET 4 det", "threat threat NOUN 6 nsubj",
         "has have AUX 6 aux", "changed change VERB 9 advcl", ", , PUNCT 6 punct", "so so ADV 9 advmod",
         "has have VERB 0 root", "our we PRON 11 nmod:poss", "work work NOUN 9 nsubj", ", , PUNCT 9 punct",
         "'' '' PUNCT 9 punct"],
        ["Twitter Twitter PROPN 2 nsubj", "said say VERB 0 root", "in in ADP 5 case", "a a DET 5 det",
         "statement statement NOUN 2 obl", ", , PUNCT 7 punct", "adding add VERB 2 advcl", "that that SCONJ 10 mark",
         "it it PRON 10 nsubj", "condemns condemn VERB 7 ccomp VBZ", "the the DET 12 det", "use use NOUN 10 obj",
         "of of ADP 14 case", "Twitter Twitter PROPN 12 nmod", "for for ADP 16 case",
         "terrorism terrorism NOUN 12 nmod", ". . PUNCT 2 punct"],
    ], {"Twitter": "ORG"})
    [quote] = by_kind(extract_quotes(doc), "direct")
    assert quote.text == "As the threat has changed, so has our work,"
    assert (quote.cue_text, quote.speaker_mention) == ("said", "Twitter")


def test_participle_hung_on_the_clause_it_introduces_speaks_with_the_cue_of_that_clause():
    text = "“It would make things worse,” Clinton said, while arguing the U.S. should send more forces."
    doc = document(text, [[
        "“ “ PUNCT 4 punct", "It it PRON 4 nsubj", "would would AUX 4 aux", "make make VERB 0 root",
        "things thing NOUN 4 obj", "worse bad ADJ 4 xcomp", ", , PUNCT 4 punct", "” ” PUNCT 4 punct",
        "Clinton Clinton PROPN 10 nsubj", "said say VERB 4 ccomp", ", , PUNCT 13 punct", "while while SCONJ 13 mark",
        "arguing argue VERB 17 advcl", "the the DET 15 det", "U.S. U.S. PROPN 17 nsubj", "should should AUX 17 aux",
        "send send VERB 10 ccomp", "more more ADJ 19 amod", "forces force NOUN 17 obj", ". . PUNCT 10 punct",
    ]], {"Clinton": "PER", "U.S.": "LOC"})
    [argued] = [q for q in extract_quotes(doc) if q.cue_text == "arguing"]
    assert (argued.text, argued.speaker_mention) == ("the U.S. should send more forces", "Clinton")


def test_few_words_in_single_marks_as_a_paragraph_of_their_own_are_a_heading_not_a_quote():
    text = "“We will win this state,” Smith said.\n\n'A change warrior.'\n\nThe board met on Monday."
    doc = document(text, [
        ["“ “ PUNCT 4 punct", "We we PRON 4 nsubj", "will will AUX 4 aux", "win win VERB 0 root",
         "this this DET 6 det", "state state NOUN 4 obj", ", , PUNCT 4 punct", "” ” PUNCT 4 punct",
         "Smith Smith PROPN 10 nsubj", "said say VERB 4 parataxis", ". . PUNCT 4 punct"],
        ["' ' PUNCT 4 punct", "A a DET 4 det", "change change NOUN 4 compound", "warrior warrior NOUN 0 root",
         ". . PUNCT 4 punct", "' ' PUNCT 4 punct"],
        ["The the DET 2 det", "board board NOUN 3 nsubj", "met meet VERB 0 root", "on on ADP 5 case",
         "Monday Monday PROPN 3 obl", ". . PUNCT 3 punct"],
    ], {"Smith": "PER"})
    assert [q.text for q in extract_quotes(doc)] == ["We will win this state,"]


def test_quote_after_an_asked_opening_belongs_to_who_answers():
    text = "Asked which county was his favorite, he demurred: “Whichever one I am in at the moment.”"
    doc = document(text, [[
        "Asked ask VERB 9 advcl VBN", "which which DET 3 det", "county county NOUN 6 nsubj", "was be AUX 6 cop",
        "his he PRON 6 nmod:poss", "favorite favorite NOUN 1 ccomp", ", , PUNCT 1 punct", "he he PRON 9 nsubj",
        "demurred demur VERB 0 root", ": : PUNCT 13 punct", "“ “ PUNCT 13 punct", "Whichever whichever DET 13 det",
        "one one NUM 9 parataxis", "I I PRON 15 nsubj", "am be VERB 13 acl:relcl", "in in ADP 15 obl",
        "at at ADP 19 case", "the the DET 19 det", "moment moment NOUN 15 obl", ". . PUNCT 9 punct",
        "” ” PUNCT 13 punct",
    ]])
    [quote] = by_kind(extract_quotes(doc), "direct")
    assert (quote.cue_text, quote.speaker_mention) == ("demurred", "he")


def test_infinitive_cue_hung_on_an_adverb_speaks_for_the_subject_of_the_verb_above():
    text = "Tom Emanuel stood at an event here to say he was leaning toward Trump."
    doc = document(text, [[
        "Tom Tom PROPN 3 nsubj", "Emanuel Emanuel PROPN 1 flat", "stood stand VERB 0 root", "at at ADP 6 case",
        "an a DET 6 det", "event event NOUN 3 obl", "here here ADV 3 advmod", "to to PART 9 mark",
        "say say VERB 7 advcl VB", "he he PRON 12 nsubj", "was be AUX 12 aux", "leaning lean VERB 9 ccomp",
        "toward toward ADP 14 case", "Trump Trump PROPN 12 obl", ". . PUNCT 3 punct",
    ]], {"Tom Emanuel": "PER", "Trump": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("he was leaning toward Trump", "Tom Emanuel")


def test_noun_phrase_opening_the_clause_of_an_infinitive_cue_without_a_subject_speaks():
    text = "Democratic voters are more likely to say that Clinton represents them."
    doc = document(text, [[
        "Democratic democratic ADJ 2 amod", "voters voter NOUN 4 nsubj", "are be AUX 4 cop",
        "more more ADV 5 advmod", "likely likely ADV 7 advmod", "to to PART 7 mark", "say say VERB 0 root VB",
        "that that SCONJ 10 mark", "Clinton Clinton PROPN 10 nsubj", "represents represent VERB 7 ccomp VBZ",
        "them they PRON 10 obj", ". . PUNCT 7 punct",
    ]], {"Clinton": "PER"})
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("Clinton represents them", "Democratic voters")


def test_cue_coordinated_with_a_verb_whose_subject_the_parser_lost_speaks_for_the_name_before_that_verb():
    text = "In a statement, Gov. Rick Scott blasted Congress and said the state allocated more funds."
    doc = document(text, [[
        "In in ADP 3 case", "a a DET 3 det", "statement statement NOUN 9 obl", ", , PUNCT 3 punct",
        "Gov. Gov. PROPN 3 appos", "Rick Rick PROPN 5 flat", "Scott Scott PROPN 5 flat", "blasted blast VERB 0 root",
        "Congress Congress PROPN 8 obj", "and and CCONJ 11 cc", "said say VERB 8 conj", "the the DET 13 det",
        "state state NOUN 11 obj", "allocated allocate VERB 13 acl", "more more ADJ 16 amod",
        "funds fund NOUN 14 obj", ". . PUNCT 8 punct",
    ]], {"Rick Scott": "PER", "Congress": "ORG"})
    [said] = [q for q in extract_quotes(doc) if q.cue_text == "said"]
    assert (said.text, said.speaker_mention) == ("the state allocated more funds", "Gov. Rick Scott")


def test_question_after_the_addressee_of_ask_is_what_was_asked_however_the_parser_hung_it():
    text = "We asked the campaigns why they did not respond to the questionnaire."
    doc = document(text, [[
        "We we PRON 2 nsubj", "asked ask VERB 0 root", "the the DET 4 det", "campaigns campaign NOUN 2 obj",
        "why why ADV 9 advmod", "they they PRON 9 nsubj", "did do AUX 9 aux", "not not PART 9 advmod",
        "respond respond VERB 2 conj", "to to ADP 12 case", "the the DET 12 det",
        "questionnaire questionnaire NOUN 9 obl", ". . PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("why they did not respond to the questionnaire", "We")


def test_speaker_and_cue_set_between_commas_however_the_parser_hung_them():
    text = "The outreach, they said, raised new worries about the feeling."
    doc = document(text, [[
        "The the DET 2 det", "outreach outreach NOUN 5 nsubj", ", , PUNCT 2 punct", "they they PRON 5 nsubj",
        "said say VERB 0 root", ", , PUNCT 7 punct", "raised raise VERB 5 advcl", "new new ADJ 9 amod",
        "worries worry NOUN 7 obj", "about about ADP 12 case", "the the DET 12 det", "feeling feeling NOUN 9 nmod",
        ". . PUNCT 5 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "The outreach, they said, raised new worries about the feeling"
    assert quote.speaker_mention == "they"


def test_cue_between_commas_before_a_participle_closes_what_was_said():
    text = "She had struggled her whole life, Cruz explained, recalling a visit to her."
    doc = document(text, [[
        "She she PRON 3 nsubj", "had have AUX 3 aux", "struggled struggle VERB 0 root", "her she PRON 6 nmod:poss",
        "whole whole ADJ 6 amod", "life life NOUN 3 obl:tmod", ", , PUNCT 9 punct", "Cruz Cruz PROPN 9 nsubj",
        "explained explain VERB 3 parataxis", ", , PUNCT 11 punct", "recalling recall VERB 9 advcl",
        "a a DET 13 det", "visit visit NOUN 11 obj", "to to ADP 15 case", "her she PRON 13 nmod", ". . PUNCT 3 punct",
    ]], {"Cruz": "PER"})
    [explained] = [q for q in extract_quotes(doc) if q.cue_text == "explained"]
    assert explained.text == "She had struggled her whole life"


def test_that_taken_for_a_pronoun_still_opens_the_complement_when_no_verb_follows_it():
    text = "Melendres said on MSNBC that for one, there appeared to be a lack of intent."
    doc = document(text, [[
        "Melendres Melendres PROPN 2 nsubj", "said say VERB 0 root", "on on ADP 4 case", "MSNBC MSNBC PROPN 2 obl",
        "that that PRON 10 nsubj", "for for ADP 7 case", "one one NUM 4 nmod", ", , PUNCT 10 punct",
        "there there PRON 10 expl", "appeared appear VERB 2 ccomp", "to to PART 14 mark", "be be AUX 14 cop",
        "a a DET 14 det", "lack lack NOUN 10 xcomp", "of of ADP 16 case", "intent intent NOUN 14 nmod",
        ". . PUNCT 2 punct",
    ]], {"Melendres": "PER", "MSNBC": "ORG"})
    [quote] = extract_quotes(doc)
    assert quote.text == "there appeared to be a lack of intent"


def test_that_opening_the_sentence_is_a_demonstrative_not_a_complementizer():
    text = "That plan will fail, he said."
    doc = document(text, [[
        "That that PRON 2 det", "plan plan NOUN 4 nsubj", "will will AUX 4 aux", "fail fail VERB 0 root",
        ", , PUNCT 4 punct", "he he PRON 7 nsubj", "said say VERB 4 parataxis", ". . PUNCT 4 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.text == "That plan will fail"


def test_clause_after_said_whose_subject_opens_with_about_and_a_number():
    text = "The budget office said about half of the adjustment reflected losses."
    doc = document(text, [[
        "The the DET 3 det", "budget budget NOUN 3 compound", "office office NOUN 4 nsubj", "said say VERB 0 root",
        "about about ADP 6 case", "half half NUM 4 obl", "of of ADP 9 case", "the the DET 9 det",
        "adjustment adjustment NOUN 6 nmod", "reflected reflect VERB 9 acl", "losses loss NOUN 10 obj",
        ". . PUNCT 4 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert (quote.text, quote.speaker_mention) == ("about half of the adjustment reflected losses", "The budget office")


def test_reported_clause_that_leaves_out_the_closing_punctuation_of_its_quoted_words_is_one_mixed_quote():
    text = "He said the new plan would “help every single family in the state.”"
    doc = document(text, [[
        "He he PRON 2 nsubj", "said say VERB 0 root", "the the DET 5 det", "new new ADJ 5 amod",
        "plan plan NOUN 8 nsubj", "would would AUX 8 aux", "“ “ PUNCT 8 punct", "help help VERB 2 ccomp",
        "every every DET 11 det", "single single ADJ 11 amod", "family family NOUN 8 obj", "in in ADP 14 case",
        "the the DET 14 det", "state state NOUN 11 nmod", ". . PUNCT 8 punct", "” ” PUNCT 2 punct",
    ]])
    [quote] = extract_quotes(doc)
    assert quote.kind == "mixed" and quote.speaker_mention == "He"
    assert quote.text == "the new plan would “help every single family in the state."


def test_numbering_joins_a_continuation_to_the_part_with_its_attribution():
    said, noting = Span(10, 14), Span(30, 36)
    first = Quote("direct", Span(0, 8), "A", cue_span=said)
    reported = Quote("indirect", Span(40, 50), "X", cue_span=noting)
    second = Quote("direct", Span(60, 70), "B", cue_span=said, continues=True)
    alone = Quote("direct", Span(80, 90), "C")
    numbered = number_utterances([first, reported, second, alone])
    assert [q.utterance for q in numbered] == [0, 1, 0, 2]
    assert Quote("direct", Span(0, 1), "A").utterance is None  # unnumbered until the article's quotes are
