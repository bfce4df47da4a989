"""Fixtures shared by test modules."""

from __future__ import annotations

import pytest

from quotetrack import nlp


@pytest.fixture(scope="session")
def bundled_analyzer():
    """One bundled pipeline (full parse, one thread) for every test that parses sentences with the real model."""
    if not (nlp.BUNDLED_DIR / "ner.pt").exists():
        pytest.skip("bundled model not trained yet")
    return nlp.Analyzer(parse="all", threads=1)
