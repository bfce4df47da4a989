"""Rules on real sentence shapes as the bundled model parses them (the shapes whose misparses the rules repair)."""

from __future__ import annotations

import pytest

from quotetrack.attribution import extract_quotes


@pytest.mark.parametrize(("text", "speaker"), [
    ("“Yes, I support the plan,” Brent Bozell, founder of the Media Research Center, tells reporters.",
     "Brent Bozell"),
    ("And on Tuesday, Kevin Brady, chairman of the House Ways and Means Committee, said that the bill might pass.",
     "Kevin Brady"),
])
def test_name_before_a_description_between_commas_speaks(bundled_analyzer, text, speaker):
    [document] = bundled_analyzer.analyze([text])
    [quote] = extract_quotes(document)
    assert quote.speaker.name == speaker


@pytest.mark.parametrize("text", [
    "The 2003 champion claimed her seventh Grand Slam title on Saturday.",
    "Guy has published many histories of the region.",
    "That is without even mentioning his penalty in the final.",
])
def test_speech_verb_in_a_sense_that_says_nothing_is_no_quote(bundled_analyzer, text):
    [document] = bundled_analyzer.analyze([text])
    assert extract_quotes(document) == []


@pytest.mark.parametrize("text", [
    "He claimed that the referee was biased.",
    "Clinton claimed victory in a tweet on Tuesday.",
])
def test_the_same_verbs_reporting_speech_are_quotes(bundled_analyzer, text):
    [document] = bundled_analyzer.analyze([text])
    assert len(extract_quotes(document)) == 1


@pytest.mark.parametrize(("text", "speaker", "kind"), [
    ("Asahi Breweries said its profits had risen by 10% in the year.", "Asahi Breweries", "organization"),
    ("Software firm Symbian said the phones would go on sale in March. Symbian also said prices would fall.",
     "Symbian", "organization"),
])
def test_company_that_ner_calls_a_person_is_an_organisation(bundled_analyzer, text, speaker, kind):
    [document] = bundled_analyzer.analyze([text])
    quotes = extract_quotes(document)
    assert quotes and all((q.speaker.name, q.speaker.type) == (speaker, kind) for q in quotes)


@pytest.mark.parametrize(("text", "speaker"), [
    # issue 14 (BBC): the lawyers speak, not the last man they speak for ("Ben McDonald")
    ("Lawyers for Mr Fawcett said he would fight the charges.", "Lawyers for Mr Fawcett"),
    ("Lawyers for Mr Fawcett and Mr McDonald denied the charges on Monday.", "Lawyers for Mr Fawcett and Mr McDonald"),
    ("A spokesman for Toyota said the recall would cost millions.", "spokesman for Toyota"),
    # the name after the role speaks, however the parser hung the mention (was "Wales", tagged a person)
    ("“We are very happy with the result,” Wales coach Mike Ruddock told BBC Sport.", "Mike Ruddock"),
    ("Kenteris' lawyer Gregory Ioannidis told BBC Sport that the athlete was innocent.", "Gregory Ioannidis"),
    # a document speaks for its maker
    ("A new report by Politico said the campaign was in trouble.", "Politico"),
])
def test_role_phrase_speaks_as_the_role_or_the_name_it_gives(bundled_analyzer, text, speaker):
    [document] = bundled_analyzer.analyze([text])
    [quote] = extract_quotes(document)
    assert quote.speaker.name == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    # issue 14 (BBC): joint speakers were cut to one ("Heineken", "Lib Dems")
    ("Heineken and Carlsberg said they would appeal against the fine.", "Heineken and Carlsberg"),
    ("“We will not accept this,” the Tories and Lib Dems said in a joint statement.", "Tories and Lib Dems"),
    ("Sens. Anna Berg (D-Mont.) and Tom Hale (R-La.) said the bill would pass.", "Anna Berg and Tom Hale"),
    # the members by their full names
    ("Maria Lopez and Peter Hart wrote to the agency. Ms. Lopez and Mr. Hart said the program was flawed.",
     "Maria Lopez and Peter Hart"),
])
def test_names_coordinated_speak_together_as_a_group(bundled_analyzer, text, speaker):
    [document] = bundled_analyzer.analyze([text])
    [quote] = extract_quotes(document)
    assert (quote.speaker.name, quote.speaker.type) == (speaker, "group")


@pytest.mark.parametrize(("text", "speaker"), [
    # issue 14: "WHO", tagged a relative pronoun, spoke as "who" or as a name before it
    ("The World Health Organization (WHO) said the outbreak was under control.", "World Health Organization"),
    ("The World Health Organization warned of a pandemic on Monday. WHO said the outbreak was under control.",
     "World Health Organization"),
    ("The World Health Organization (WHO) warned on Monday. “It is under control,” WHO said.",
     "World Health Organization"),
])
def test_who_in_capitals_is_the_organisation_not_a_relative_pronoun(bundled_analyzer, text, speaker):
    [document] = bundled_analyzer.analyze([text])
    quotes = extract_quotes(document)
    assert quotes[-1].speaker.name == speaker and quotes[-1].speaker.type == "organization"


def test_relative_who_still_speaks_for_its_antecedent(bundled_analyzer):
    [document] = bundled_analyzer.analyze(["Anna Berg, who spoke on Monday, said the outbreak was under control."])
    assert [q.speaker.name for q in extract_quotes(document)] == ["Anna Berg"]


def test_prepositional_aside_after_the_speaker_is_no_part_of_the_mention(bundled_analyzer):
    # wikinews_2015-09-12_crane (news train): the speaker was the whole phrase through "al-Ikhbariya television"
    [document] = bundled_analyzer.analyze([
        "Civil Defense Authority director General Suleiman al-Amr, in remarks to al-Ikhbariya television, said the "
        "wounded had been taken to hospital."
    ])
    [quote] = extract_quotes(document)
    assert quote.speaker_mention == "Civil Defense Authority director General Suleiman al-Amr"
    assert (quote.speaker.name, quote.speaker.type) == ("Suleiman al-Amr", "person")


def test_aside_before_the_subject_keeps_the_subject(bundled_analyzer):
    # train s1 usa-today_2015-12-22: "Tuesday" and "Clinton" parsed as two subjects of "said"
    [document] = bundled_analyzer.analyze([
        "Tuesday, in her last campaign speech before the Christmas holiday, Clinton said the economy was growing."
    ])
    [quote] = extract_quotes(document)
    assert quote.speaker.name == "Clinton"


@pytest.mark.parametrize(("text", "via"), [
    ("Wenger told BBC Sport that the team had played well.", "BBC Sport"),
    ("Speaking to CNN, the coach said that the team had played well.", "CNN"),
])
def test_reported_speech_told_to_a_medium_has_it_as_channel(bundled_analyzer, text, via):
    [document] = bundled_analyzer.analyze([text])
    [quote] = extract_quotes(document)
    assert quote.kind == "indirect" and quote.via is not None and quote.via.name == via


def test_reported_speech_about_a_medium_has_no_channel(bundled_analyzer):
    [document] = bundled_analyzer.analyze(["The senator accused CNN of lying about the budget."])
    assert [q.via for q in extract_quotes(document)] == [None]
