"""The speech lexicon read from its data files (quotetrack/lexicon) and the sets attribution/cues.py derives."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from quotetrack import lexicon
from quotetrack.attribution import cues

ROOT = Path(__file__).resolve().parents[1]
# Every public set, dict and tuple of cues.py as it was before the lexicon became data files.
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
