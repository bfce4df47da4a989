"""Model resolution and the pipeline: offline loading, selective parsing, batching."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotetrack import nlp
from quotetrack.attribution import extract_quotes

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "articles" / "kim-zhao-2024-04-15.txt"
needs_model = pytest.mark.skipif(not (nlp.BUNDLED_DIR / "ner.pt").exists(), reason="bundled model not trained yet")


def test_model_folder_without_files_is_refused(tmp_path):
    with pytest.raises(nlp.ModelNotFound, match="lacks"):
        nlp.resolve_model(str(tmp_path))


def test_resources_folder_is_private_and_ignores_a_symlink_planted_at_the_old_fixed_path(tmp_path, monkeypatch):
    # the fixed name in the shared temp folder, created with exist_ok, let anyone pre-plant a symlink there
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    planted = tmp_path / "planted"
    planted.mkdir()
    (tmp_path / "quotetrack-stanza-resources").symlink_to(planted)

    with nlp._empty_resources_dir(tmp_path / "model") as folder, nlp._empty_resources_dir(tmp_path / "model") as other:
        assert folder.parent == tmp_path and not folder.is_symlink()
        assert stat.S_IMODE(folder.lstat().st_mode) == 0o700
        assert (folder / "resources.json").read_text() == "{}"
        assert other != folder  # worker processes never share (nor rewrite) one file
    assert list(planted.iterdir()) == []
    assert not folder.exists() and not other.exists()


def test_a_symlink_at_the_chosen_resources_path_is_never_followed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    planted = tmp_path / "planted"
    planted.mkdir()
    names = iter(["taken", "free"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    (tmp_path / "quotetrack-stanza-resources-taken").symlink_to(planted)

    with nlp._empty_resources_dir(tmp_path / "model") as folder:
        assert folder == tmp_path / "quotetrack-stanza-resources-free"
    assert list(planted.iterdir()) == []


def test_a_model_folder_with_its_own_resources_file_is_used_as_it_is(tmp_path):
    (tmp_path / "resources.json").write_text('{"en": {}}')

    with nlp._empty_resources_dir(tmp_path) as folder:
        assert folder == tmp_path
    assert (tmp_path / "resources.json").read_text() == '{"en": {}}'


def test_selection_takes_sentences_that_can_hold_an_attribution():
    class Sentence:
        def __init__(self, text):
            self.text = text

    class Document:
        sentences = [Sentence(t) for t in ["Lead one.", "Lead two.", "Lead three.", "Plain words here.",
                                           "Plain again.", "Before it.", "He warned them.", "After it.",
                                           "Far away.", "Sanders is calling on them to act."]]

    # a cue verb that speaks only with a content clause ("calling on") needs the parse to tell
    assert nlp.selected_sentences(Document()) == [6, 9]


@needs_model
def test_bundled_pipeline_loads_offline_and_parses(monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", "/nonexistent")  # nothing may come from a resources folder
    analyzer = nlp.Analyzer(parse="all", threads=1)
    [document] = analyzer.analyze(["Officials said on Monday that the talks had failed."])
    words = document.sentences[0].words
    assert all(w.head is not None and w.deprel for w in words)
    assert any(w.lemma == "say" for w in words)


@needs_model
def test_selective_parse_gives_the_same_quotes_on_the_sample():
    text = SAMPLE.read_text(encoding="utf-8")
    full = extract_quotes(nlp.Analyzer(parse="all", threads=1).analyze([text])[0])
    selective_document = nlp.Analyzer(parse="selective", threads=1).analyze([text])[0]
    unparsed = [s for s in selective_document.sentences if s.words[0].deprel is None]
    assert unparsed  # some sentences were skipped by the parser
    assert extract_quotes(selective_document) == full


@needs_model
def test_many_documents_per_call_keep_their_order():
    texts = ["“It rained all day,” she said.", "Nothing was said.", "“We won,” the coach said."]
    documents = nlp.Analyzer(threads=1).analyze(texts)
    assert [d.text for d in documents] == texts


@needs_model
def test_quantized_pipeline_has_int8_lstm_and_linear_layers_and_still_tags():
    import torch

    pipeline = nlp.build_pipeline(nlp.resolve_model(), ("tokenize", "pos"), quantize=True)
    layers = [m for p in pipeline.processors.values() for m in p.trainer.model.modules()]
    float_layers = [m for m in layers if type(m) in (torch.nn.LSTM, torch.nn.Linear)]
    quantized = [m for m in layers if type(m).__module__.startswith("torch.ao.nn.quantized.dynamic")]

    assert quantized and not float_layers
    assert [w.upos for w in pipeline("Officials said it.").sentences[0].words] == ["NOUN", "VERB", "PRON", "PUNCT"]
    assert "int8 weights" in nlp.Analyzer(quantize=True).description


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=2, max_value=40), st.integers(min_value=0, max_value=2**32 - 1), st.floats(0, 10))
def test_fast_tree_search_returns_what_stanzas_search_returns(length, seed, boost):
    import numpy as np
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(length, length))
    for word in range(1, length):  # a parser's scores favour some tree, more or less clearly
        scores[word, rng.integers(0, word)] += rng.uniform(0, boost)
    # log-probabilities of each head, as the parser gives them (Stanza's search assumes scores below zero)
    scores = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    original = scores.copy()
    assert np.array_equal(nlp.one_root_tree(scores), chuliu_edmonds_one_root(scores))
    assert np.array_equal(scores, original)  # the caller's scores are left alone


def test_fast_tree_search_falls_back_when_best_heads_cycle_or_share_the_root():
    import numpy as np

    cycle = np.full((4, 4), -9.0)
    cycle[1, 2] = cycle[2, 1] = 5.0  # words 1 and 2 head each other
    cycle[3, 0] = cycle[1, 0] = 1.0
    two_roots = np.full((3, 3), -9.0)
    two_roots[1, 0] = two_roots[2, 0] = 5.0
    for scores in (cycle, two_roots):
        tree = nlp.one_root_tree(scores)
        assert np.count_nonzero(tree[1:] == 0) == 1
