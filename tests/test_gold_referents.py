"""The PolNeAR referent gold (tests/data/referents/polnear_dev.tsv and polnear_train.tsv) agrees with the texts
and with load_gold."""

import csv
import re
from pathlib import Path

import pytest

from quotetrack.evaluate import load_gold, referents_path
from quotetrack.records import SPEAKER_TYPES

REFERENTS = Path(__file__).parent / "data" / "referents"
POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"
# Each referent file covers the first N articles (sorted) of its PolNeAR split.
SPLITS = {"dev": 42, "train": 30}
COLUMNS = ["article", "content_start", "content_end", "source_start", "source_end", "source_text", "referent",
           "also", "type"]


def read_rows(split: str) -> list[dict]:
    with (REFERENTS / f"polnear_{split}.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module", params=sorted(SPLITS))
def split(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def rows(split) -> list[dict]:
    return read_rows(split)


@pytest.fixture(scope="module")
def polnear(split):
    if not (POLNEAR / split).is_dir():
        pytest.skip(f"PolNeAR {split} not found at {POLNEAR / split}")
    return load_gold(POLNEAR / split, SPLITS[split])


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


def test_one_source_span_has_one_referent(rows):
    # A source span serving several contents names the same speaker each time.
    seen: dict[tuple, tuple] = {}
    for row in rows:
        key = (row["article"], row["source_start"], row["source_end"])
        assert seen.setdefault(key, (row["referent"], row["type"])) == (row["referent"], row["type"]), row


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


def test_every_scored_article_appears(rows, polnear, split):
    gold, _ = polnear
    with_sources = {stem for stem, quotes in gold.items() if any(q.source_spans for q in quotes)}
    assert len(gold) == SPLITS[split]
    assert with_sources <= {r["article"] for r in rows}


def test_evaluate_does_not_look_for_the_file_of_a_split_in_the_working_directory(split, monkeypatch):
    monkeypatch.chdir(REFERENTS.parents[2])
    assert referents_path(Path("/nowhere") / "polnear" / split) is None


# `quotetrack evaluate ../shared/data/polnear/<split> …` in the README and docs: the command and its split.
POLNEAR_COMMAND = re.compile(r"`(quotetrack evaluate \.\./shared/data/polnear/(\w+)[^`]*)`")


def test_documented_polnear_evaluations_give_the_referent_file_of_their_split():
    checkout = REFERENTS.parents[2]
    pages = [(checkout / "README.md").read_text("utf-8"), (checkout / "docs" / "accuracy.md").read_text("utf-8")]
    scored = [match.groups() for page in pages for match in POLNEAR_COMMAND.finditer(page)
              if "--ablation" not in match.group(1)]  # fmt: skip
    assert scored
    assert [command for command, split in scored
            if f"--referents tests/data/referents/polnear_{split}.tsv" not in command] == []  # fmt: skip
