"""Resolved-speaker accuracy: a matched gold quote's predicted speaker name against the source's referent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from handmade import document

from quotetrack import evaluate
from quotetrack.cli import cli
from quotetrack.evaluate import Prediction, run
from quotetrack.records import Quote, Span, Speaker

ARTICLE = 'Tory leader Michael Howard spoke. “It is a good plan,” he told Sky News. The Post said it fails.\n'
ANNOTATION = """T1\tContent 34 54\t“It is a good plan,”
T2\tSource 55 57\the
T3\tCue 58 62\ttold
T4\tAttribution 58 62\ttold
E1\tAttribution:T4 Source:T2 Cue:T3 Content:T1
T5\tSource 73 81\tThe Post
T6\tCue 82 86\tsaid
T7\tContent 87 95\tit fails
T8\tAttribution 82 86\tsaid
E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7
"""
HEADER = "article\tcontent_start\tcontent_end\tsource_start\tsource_end\tsource_text\treferent\talso\ttype\tvia\n"
ROWS = (
    "dev/a\t34\t54\t55\t57\the\tMichael Howard\t\tperson\tSky News\n"
    "dev/a\t87\t95\t73\t81\tThe Post\tNew York Post\tThe Post\tmedia\t\n"
    "train/a\t87\t95\t73\t81\tThe Post\tSomeone Else\t\tmedia\t\n"
)


# A hand-made parse of ARTICLE, as the compact model would give it.
ARTICLE_PARSE = [
    ["Tory Tory PROPN 2 compound", "leader leader NOUN 3 compound", "Michael Michael PROPN 5 nsubj",
     "Howard Howard PROPN 3 flat", "spoke speak VERB 0 root", ". . PUNCT 5 punct"],
    ["“ “ PUNCT 6 punct", "It it PRON 6 nsubj", "is be AUX 6 cop", "a a DET 6 det", "good good ADJ 6 amod",
     "plan plan NOUN 10 ccomp", ", , PUNCT 6 punct", "” ” PUNCT 6 punct", "he he PRON 10 nsubj",
     "told tell VERB 0 root", "Sky Sky PROPN 12 compound", "News News PROPN 10 obj", ". . PUNCT 10 punct"],
    ["The the DET 2 det", "Post Post PROPN 3 nsubj", "said say VERB 0 root", "it it PRON 5 nsubj",
     "fails fail VERB 3 ccomp", ". . PUNCT 3 punct"],
]
ARTICLE_ENTITIES = {"Michael Howard": "PER", "Sky News": "ORG", "The Post": "ORG"}


def gold_half(folder: Path) -> Path:
    """folder/dev holding ARTICLE and its gold attributions, and no referent file."""
    dev = folder / "dev"
    (dev / "text").mkdir(parents=True)
    (dev / "attributions").mkdir()
    (dev / "text" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (dev / "attributions" / "a_qt.ann").write_text(ANNOTATION, encoding="utf-8")
    return dev


@pytest.fixture
def news_gold(tmp_path) -> Path:
    """A referent file shared by two halves, beside dev/ (as tests/data/news has it)."""
    dev = gold_half(tmp_path)
    (tmp_path / "referents.tsv").write_text(HEADER + ROWS, encoding="utf-8")
    return dev


def scored(gold_dir: Path, predictions: list[Prediction]):
    gold, texts = evaluate.load_gold(gold_dir)
    referents = evaluate.load_referents(evaluate.referents_path(gold_dir), gold_dir)
    return evaluate.score(gold, texts, {"a": predictions}, referents)


def test_referent_file_beside_the_half_is_found_and_read_for_that_half(news_gold):
    assert evaluate.referents_path(news_gold) == news_gold.parent / "referents.tsv"
    rows = evaluate.load_referents(news_gold.parent / "referents.tsv", news_gold)["a"]
    assert [r.name for r in rows] == ["Michael Howard", "New York Post"]
    assert rows[0].via == "Sky News"
    assert rows[1].also == ("The Post",)


def test_resolved_speaker_counts_the_name_not_the_mention(news_gold):
    # the mention "he" overlaps the gold source (speaker accuracy 1.0) but was resolved to Gordon Brown
    predictions = [
        Prediction(34, 54, "he (Gordon Brown)", 55, 57, speaker_name="Gordon Brown", via="Sky News"),
        Prediction(87, 95, "The Post", 73, 81, speaker_name="the Post’s"),
    ]
    figures, errors = scored(news_gold, predictions)
    speech = figures["speech@0.3"]
    assert speech["speaker_acc"] == 1.0
    assert (speech["resolved_right"], speech["n_resolved"]) == (1, 2)
    assert speech["resolved_speaker_acc"] == 0.5
    assert (speech["via_right"], speech["n_via"]) == (1, 1)
    assert figures["referent_articles"] == 1
    [wrong] = errors["wrong referent"]
    assert (wrong.gold_source, wrong.predicted_name, wrong.referent) == ("he", "Gordon Brown", "Michael Howard")
    assert "resolved speaker (speech@0.3 matches, 1 articles with referents): 0.500 (1/2)" in (
        evaluate.format_figures(figures))


def test_names_compare_without_case_article_or_possessive():
    assert evaluate.same_name("THE NEW YORK POST's", ("New York Post",))
    assert evaluate.same_name("Post", ("New York Post", "The Post"))
    assert evaluate.same_name("source", ("a source",))
    assert evaluate.same_name("Homeland Security Department official", ("an Homeland Security Department official",))
    assert not evaluate.same_name("a", ("an",))
    assert not evaluate.same_name("Post", ("New York Post",))
    assert not evaluate.same_name(None, ("New York Post",))
    assert not evaluate.same_name("", ("",))


def test_no_referent_rows_for_the_gold_leaves_the_figures_as_they_were(news_gold):
    gold, texts = evaluate.load_gold(news_gold)
    predictions = {"a": [Prediction(34, 54, "he", 55, 57, speaker_name="Michael Howard")]}
    without, _ = evaluate.score(gold, texts, predictions)
    empty, _ = evaluate.score(gold, texts, predictions, {"other-article": []})
    assert without == empty
    assert "resolved_speaker_acc" not in without["speech@0.3"]
    assert "resolved speaker" not in evaluate.format_figures(without)


def test_train_rows_of_a_shared_file_do_not_score_dev(news_gold):
    train = evaluate.load_referents(news_gold.parent / "referents.tsv", news_gold.parent / "train")
    assert [r.name for r in train["a"]] == ["Someone Else"]


def test_predictions_carry_the_resolved_name_channel_and_rules():
    quote = Quote(
        "direct", Span(34, 54), "It is a good plan", 0, speaker=Speaker("Michael Howard", "person"),
        speaker_mention="he", speaker_span=Span(55, 57), via=Speaker("Sky News", "media"),
        rule=("direct/cue", "resolve/coreference"),
    )
    [prediction] = evaluate.utterance_predictions(ARTICLE, evaluate.quote_rows([quote]))
    assert prediction.speaker_name == "Michael Howard"
    assert prediction.via == "Sky News"
    assert prediction.rule == "direct/cue resolve/coreference"
    assert prediction.speaker == "he (Michael Howard)"


def test_evaluate_scores_resolved_speakers_against_the_referent_file_it_is_given(tmp_path, monkeypatch):
    gold_dir = gold_half(tmp_path / "gold")
    referents = tmp_path / "elsewhere" / "referents_dev.tsv"
    referents.parent.mkdir()
    referents.write_text(HEADER + ROWS, encoding="utf-8")
    parsed = document(ARTICLE, ARTICLE_PARSE, ARTICLE_ENTITIES)
    monkeypatch.setattr(run, "parsed_documents", lambda texts, *settings: dict.fromkeys(texts, parsed))
    command = ["evaluate", str(gold_dir), "--cache", str(tmp_path / "parses.jsonl.gz")]

    without = CliRunner().invoke(cli, command)
    assert without.exit_code == 0, without.output
    assert "speech@0.3" in without.stdout and "cue accuracy" in without.stdout
    assert "resolved speaker (" not in without.stdout
    assert "--referents FILE" in without.stderr

    given = CliRunner().invoke(cli, [*command, "--referents", str(referents)])
    assert given.exit_code == 0, given.output
    assert "resolved speaker (speech@0.3 matches, 1 articles with referents): 1.000 (1/1)" in given.stdout
    assert "--referents" not in given.stderr
    figures = json.loads(CliRunner().invoke(cli, [*command, "--referents", str(referents), "--json"]).stdout)
    assert (figures["referent_articles"], figures["speech@0.3"]["n_resolved"]) == (1, 1)
