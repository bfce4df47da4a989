"""Speaker rules on sentences as the bundled model parses them (the shapes whose misparses the rules repair)."""

from __future__ import annotations

import pytest

from quotetrack import nlp
from quotetrack.attribution import extract_quotes

needs_model = pytest.mark.skipif(not (nlp.BUNDLED_DIR / "ner.pt").exists(), reason="bundled model not trained yet")


@pytest.fixture(scope="module")
def analyzer():
    return nlp.Analyzer(parse="all", threads=1)


@needs_model
@pytest.mark.parametrize(("text", "speaker"), [
    ("“Yes, I support the plan,” Brent Bozell, founder of the Media Research Center, tells reporters.",
     "Brent Bozell"),
    ("And on Tuesday, Kevin Brady, chairman of the House Ways and Means Committee, said that the bill might pass.",
     "Kevin Brady"),
])
def test_name_before_a_description_between_commas_speaks(analyzer, text, speaker):
    [document] = analyzer.analyze([text])
    [quote] = extract_quotes(document)
    assert quote.speaker.name == speaker
