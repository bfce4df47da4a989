"""The PolNeAR scorer: brat reading, GGT matching, and agreement with the reference implementation."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from quotetrack import evaluate
from quotetrack.evaluate import GoldQuote, Prediction

SHARED = Path(__file__).resolve().parents[2] / "shared"
POLNEAR_TRAIN = SHARED / "data" / "polnear" / "train"
REFERENCE = SHARED / "tools" / "polnear_score.py"

needs_polnear = pytest.mark.skipif(
    not (POLNEAR_TRAIN.exists() and REFERENCE.exists()), reason="../shared (PolNeAR and its scorer) is not here"
)

ARTICLE = 'Obama said the plan works. “It is a good plan,” he said. She figures that it fails.\n'
ANNOTATION = """T1\tSource 0 5\tObama
T2\tCue 6 10\tsaid
T3\tContent 11 25\tthe plan works
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3
T5\tContent 27 46\t“It is a good plan,”
T6\tSource 47 49\the
T7\tCue 50 54\tsaid
T8\tAttribution 50 54\tsaid
E2\tAttribution:T8 Source:T6 Cue:T7 Content:T5
T9\tSource 56 59\tShe
T10\tCue 60 67\tfigures
T11\tContent 68 81\tthat it fails
T12\tAttribution 60 67\tfigures
E3\tAttribution:T12 Source:T9 Cue:T10 Content:T11
"""


@pytest.fixture
def small_gold(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "attributions" / "a_x1.ann").write_text(ANNOTATION, encoding="utf-8")
    (tmp_path / "attributions" / "a_z9.ann").write_text("", encoding="utf-8")  # later annotator: ignored
    return tmp_path


def test_brat_gold_sets_direct_speech_and_belief(small_gold):
    gold, _ = evaluate.load_gold(small_gold)
    kinds = [(g.direct, g.speech) for g in gold["a"]]
    assert kinds == [(False, True), (True, True), (False, False)]


def test_belief_match_is_not_a_false_positive(small_gold):
    gold, texts = evaluate.load_gold(small_gold)
    predictions = {"a": [Prediction(68, 81, "She", 56, 59, 60, 67)]}
    figures, errors = evaluate.score(gold, texts, predictions)
    assert figures["speech@0.3"]["precision"] == 1.0
    assert figures["speech@0.3"]["precision_strict"] == 0.0
    assert figures["speech@0.3"]["recall"] == 0.0
    assert figures["errors"]["spurious"] == 0


def test_threshold_decides_partial_matches(small_gold):
    gold, texts = evaluate.load_gold(small_gold)
    half_of_direct = Prediction(28, 38, "he", 47, 49)  # "It is a go": 10 of 19 characters
    figures, _ = evaluate.score(gold, texts, {"a": [half_of_direct]})
    assert figures["direct@0.3"]["tp"] == 1
    assert figures["direct@0.8"]["tp"] == 0


def test_speaker_by_overlap_or_shared_name():
    gold = GoldQuote(frozenset(range(10)), 0, [(20, 25)], frozenset(range(20, 25)), "Obama", frozenset(), True, True)
    text = "x" * 40
    assert evaluate.speaker_correct(gold, Prediction(0, 10, "he", 22, 24), text)
    assert evaluate.speaker_correct(gold, Prediction(0, 10, "he (Barack Obama)", 30, 32), text)
    assert not evaluate.speaker_correct(gold, Prediction(0, 10, "Clinton", 30, 37), text)


def test_one_prediction_matches_one_gold_quote(small_gold):
    gold, texts = evaluate.load_gold(small_gold)
    everything = Prediction(0, len(ARTICLE))
    figures, _ = evaluate.score(gold, texts, {"a": [everything]})
    assert figures["speech@0.3"]["tp"] == 1


def test_cue_words_reduce_to_speech_lemmas():
    assert evaluate.is_speech_cue("has admitted")
    assert evaluate.is_speech_cue("told")
    assert evaluate.is_speech_cue(":")
    assert not evaluate.is_speech_cue("figures")


def perturbed_predictions(gold_dir: Path, articles: int, seed: int) -> dict[str, list[Prediction]]:
    """Gold spans shifted, cut, dropped and padded with spurious ones: a prediction set with every error."""
    rng = random.Random(seed)
    gold, texts = evaluate.load_gold(gold_dir, limit=articles)
    predictions: dict[str, list[Prediction]] = {}
    for article, golds in gold.items():
        mine = []
        for g in golds:
            if rng.random() < 0.2:
                continue
            start, end = min(g.chars), max(g.chars) + 1
            cut = int((end - start) * rng.choice([0.0, 0.1, 0.3, 0.6]))
            start, end = (start + cut, end) if rng.random() < 0.5 else (start, end - cut)
            source = g.source_spans[0] if g.source_spans and rng.random() < 0.8 else (None, None)
            mine.append(Prediction(start, max(end, start + 1), None, source[0], source[1]))
        length = len(texts[article])
        for _ in range(rng.randint(0, 3)):
            start = rng.randrange(max(1, length - 60))
            mine.append(Prediction(start, start + 50, "Nobody", None, None))
        predictions[article] = mine
    return predictions


@needs_polnear
def test_agrees_with_reference_scorer(tmp_path):
    predictions = perturbed_predictions(POLNEAR_TRAIN, articles=60, seed=7)
    gold, texts = evaluate.load_gold(POLNEAR_TRAIN, limit=60)
    ours, _ = evaluate.score(gold, texts, predictions)
    # the reference reads every article in the folder: give it a folder with just these articles
    subset = tmp_path / "gold"
    (subset / "text").mkdir(parents=True)
    (subset / "attributions").mkdir()
    for stem in texts:
        (subset / "text" / f"{stem}.txt").symlink_to(POLNEAR_TRAIN / "text" / f"{stem}.txt")
        for ann in (POLNEAR_TRAIN / "attributions").glob(f"{stem}_*.ann"):
            (subset / "attributions" / ann.name).symlink_to(ann)
    path = tmp_path / "predictions.jsonl"
    evaluate.write_predictions(predictions, path)
    result = subprocess.run([sys.executable, str(REFERENCE), str(subset), str(path), "--json"],
                            capture_output=True, text=True, check=True)
    reference = json.loads(result.stdout)["results"]
    for key, figures in reference.items():
        for name in ("recall", "precision", "precision_strict", "f1", "speaker_acc"):
            assert ours[key][name] == pytest.approx(figures[name], abs=0.005), (key, name)
        assert ours[key]["n_gold"] == figures["n_gold"]


def test_errors_are_grouped_by_the_rule_that_made_them(small_gold):
    gold, texts = evaluate.load_gold(small_gold)
    predictions = {"a": [
        Prediction(11, 25, "Clinton", 70, 77, rule="reported/cue speaker/subject content/complement"),
        Prediction(27, 46, "Clinton", 70, 77, rule="direct/cue speaker/subject"),
        Prediction(0, 5, rule="reported/cue content/naming"),
        Prediction(56, 59, rule="reported/cue content/naming"),
        Prediction(60, 62),
    ]}
    figures, errors = evaluate.score(gold, texts, predictions)
    result = evaluate.Evaluation(figures, texts, errors)
    report = evaluate.format_errors(result, 1)
    assert "== wrong speaker (2) ==\nby rule: speaker/subject 2\n-- speaker/subject (2) --" in report
    assert "== spurious (3) ==\nby rule: reported/cue content/naming 2, (no rule recorded) 1" in report
    assert report.count("\n- a: ") == 1 + 1 + 1  # one example per rule: wrong speaker 1, spurious 1 + 1
    grouped = evaluate.errors_by_rule(errors["spurious"])
    assert [len(found) for found in grouped.values()] == [2, 1]


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/tools/polnear_score.py is not here")
def test_word_lists_are_the_reference_scorers():
    import ast
    import re

    reference = REFERENCE.read_text(encoding="utf-8")

    def word_set(name: str) -> frozenset[str]:
        return frozenset(re.search(name + r' = set\("""(.*?)"""', reference, re.S).group(1).split())

    assert word_set("SPEECH_LEMMAS") == evaluate.SPEECH_CUE_LEMMAS
    assert word_set("NOT_NAMES") == evaluate.NOT_NAME_WORDS
    irregular = re.search(r"IRREGULAR = (\{.*?\})", reference, re.S).group(1)
    assert ast.literal_eval(irregular) == evaluate.IRREGULAR_FORMS
