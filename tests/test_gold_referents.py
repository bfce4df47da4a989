"""The PolNeAR dev referent gold (tests/data/referents/polnear_dev.tsv) agrees with the texts and with load_gold."""

import csv
from pathlib import Path

import pytest

from quotetrack.evaluate import load_gold
from quotetrack.records import SPEAKER_TYPES

REFERENTS = Path(__file__).parent / "data" / "referents" / "polnear_dev.tsv"
POLNEAR_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "dev"
ARTICLES = 42
COLUMNS = ["article", "content_start", "content_end", "source_start", "source_end", "source_text", "referent",
           "also", "type"]


def read_rows() -> list[dict]:
    with REFERENTS.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return read_rows()


@pytest.fixture(scope="module")
def polnear():
    if not POLNEAR_DEV.is_dir():
        pytest.skip(f"PolNeAR dev not found at {POLNEAR_DEV}")
    return load_gold(POLNEAR_DEV, ARTICLES)


def test_rows_are_complete_and_typed(rows):
    assert rows
    for row in rows:
        assert row["type"] in SPEAKER_TYPES, row
        assert row["referent"].strip() == row["referent"] and row["referent"], row
        assert row["referent"] != "-" or (row["type"] == "unknown" and not row["also"]), row
        assert all(name.strip() and name != row["referent"] for name in row["also"].split("|") if row["also"]), row


def test_no_duplicate_rows(rows):
    keys = [(r["article"], r["content_start"], r["content_end"], r["source_start"], r["source_end"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_source_text_is_the_text_at_its_offsets(rows, polnear):
    _, texts = polnear
    for row in rows:
        text = texts[row["article"]]
        assert text[int(row["source_start"]):int(row["source_end"])] == row["source_text"], row


def test_every_row_is_a_gold_attribution_and_every_sourced_attribution_has_a_row(rows, polnear):
    gold, _ = polnear
    expected = {
        (stem, quote.start, max(quote.chars) + 1, quote.source_spans[0][0], quote.source_spans[-1][1])
        for stem, quotes in gold.items()
        for quote in quotes
        if quote.source_spans
    }
    found = {(r["article"], int(r["content_start"]), int(r["content_end"]), int(r["source_start"]),
              int(r["source_end"])) for r in rows}
    assert found - expected == set()
    assert expected - found == set()


def test_every_scored_article_appears(rows, polnear):
    gold, _ = polnear
    with_sources = {stem for stem, quotes in gold.items() if any(q.source_spans for q in quotes)}
    assert len(gold) == ARTICLES
    assert with_sources <= {r["article"] for r in rows}
