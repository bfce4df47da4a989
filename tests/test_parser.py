"""The parser's decoded-arcs labeller (quotetrack.parser) against Stanza's own predict, on the bundled model."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotetrack import nlp, parser

EXAMPLE = Path(__file__).parent.parent / "examples" / "articles" / "kim-zhao-2024-04-15.txt"


def _arcs(document) -> list[tuple[int, str]]:
    return [(word.head, word.deprel) for sentence in document.sentences for word in sentence.words]


@pytest.fixture(scope="module")
def parsed(bundled_analyzer):
    """The example article parsed by the shipped pipeline, then its sentences parsed again by Stanza's stock
    predict: (labelled arcs, stock arcs)."""
    from stanza.models.depparse.model import GraphParser

    document = bundled_analyzer.analyze([EXAMPLE.read_text(encoding="utf-8")])[0]
    labelled = _arcs(document)
    assert GraphParser.predict.quotetrack
    patched = GraphParser.predict
    GraphParser.predict = patched.stock
    try:
        bundled_analyzer._full.processors["depparse"].process(document)
    finally:
        GraphParser.predict = patched
    return labelled, _arcs(document)


def test_shipped_pipeline_labels_decoded_arcs_only():
    assert nlp.LABEL_DECODED_ARCS


def test_labelled_predict_gives_stock_heads_and_relations(parsed):
    labelled, stock = parsed
    assert len(labelled) > 300
    assert [head for head, _ in labelled] == [head for head, _ in stock]
    assert labelled == stock


def test_head_constraints_arc_embeddings_and_training_go_to_stock_predict(monkeypatch):
    """The head-constraint repair and arc embeddings read every arc's label scores, which labelled_predict does not
    compute; training needs the loss."""
    from stanza.models.depparse.model import GraphParser

    stock_calls, labelled_calls = [], []

    def stock(self, *inputs, resolve_head_constraints=False):
        stock_calls.append(resolve_head_constraints)

    monkeypatch.setattr(GraphParser, "predict", stock)  # restored after the test
    monkeypatch.setattr(parser, "labelled_predict", lambda *inputs: labelled_calls.append(len(inputs)))
    parser.use_labelled_predict()
    predict = GraphParser.predict

    class Model:
        def __init__(self, args=None, training=False):
            self.args, self.training = args or {}, training

    predict(Model(), resolve_head_constraints=True)
    predict(Model(training=True))
    predict(Model({"use_arc_embedding": True}))
    predict(Model())
    assert stock_calls == [True, False, False]
    assert labelled_calls == [1]
