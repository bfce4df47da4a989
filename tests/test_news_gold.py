"""The non-political news gold (tests/data/news) reads as PolNeAR-format gold and its referents match it."""

import csv
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from quotetrack.evaluate import load_gold
from quotetrack.records import SPEAKER_TYPES

NEWS = Path(__file__).parent / "data" / "news"
SCRIPT = Path(__file__).parent.parent / "scripts" / "fetch_news_gold.py"
HALVES = ("dev", "train")
COLUMNS = [
    "article",
    "content_start",
    "content_end",
    "source_start",
    "source_end",
    "source_text",
    "referent",
    "also",
    "type",
    "via",
]


def spans(field: str) -> list[tuple[int, int]]:
    return [tuple(map(int, piece.split())) for piece in field.split(" ", 1)[1].split(";")]


def annotations(half: str):
    """(text, [(id, label, spans, written)], [event lines]) for every .ann of a half."""
    for ann in sorted((NEWS / half / "attributions").glob("*.ann")):
        text = (NEWS / half / "text" / f"{ann.stem.rsplit('_', 1)[0]}.txt").read_text(encoding="utf-8")
        lines = ann.read_text(encoding="utf-8").splitlines()
        entities = [line.split("\t") for line in lines if line.startswith("T")]
        events = [line for line in lines if line.startswith("E")]
        yield ann, text, [(f[0], f[1].split(" ", 1)[0], spans(f[1]), f[2]) for f in entities], events


def referent_rows() -> list[dict]:
    with (NEWS / "referents.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.mark.parametrize("half", HALVES)
def test_every_article_parses_with_load_gold(half):
    gold, texts = load_gold(NEWS / half)
    assert len(texts) >= 6
    assert set(gold) == set(texts)
    for stem, quotes in gold.items():
        assert (NEWS / half / "attributions" / f"{stem}_qt.ann").exists(), stem
        assert quotes, stem
        assert any(quote.direct for quote in quotes) or any(quote.speech for quote in quotes)


@pytest.mark.parametrize("half", HALVES)
def test_every_span_lies_inside_its_text_and_reads_as_written(half):
    for ann, text, entities, events in annotations(half):
        for _, label, entity_spans, written in entities:
            assert label in ("Source", "Cue", "Content", "Attribution", "Attribution-no-source"), ann
            assert all(0 <= start < end <= len(text) for start, end in entity_spans), (ann, written)
            assert " ".join(text[start:end] for start, end in entity_spans) == written, ann
            assert written == written.strip(), (ann, written)
        ids = {entity[0] for entity in entities}
        for event in events:
            roles = dict(role.split(":") for role in event.split("\t")[1].split())
            assert set(roles.values()) <= ids, (ann, event)
            assert {"Content", "Cue"} <= set(roles), (ann, event)


def test_quoted_content_keeps_its_marks_as_polnear_does():
    for half in HALVES:
        for ann, text, entities, _ in annotations(half):
            for _, label, entity_spans, written in entities:
                if label != "Content":
                    continue
                start, end = entity_spans[0][0], entity_spans[-1][1]
                # A span that starts right after an opening mark should have taken the mark.
                assert not (start > 0 and text[start - 1] in '"“' and re.match(r"\w", written)), (ann, written)
                assert not (end < len(text) and text[end] in '"”' and written[-1:] not in '"”'), (ann, written)


def test_referents_are_one_row_per_gold_content_with_its_source():
    rows = referent_rows()
    by_article: dict[str, list[dict]] = {}
    for row in rows:
        by_article.setdefault(row["article"], []).append(row)
    seen = 0
    for half in HALVES:
        for ann, text, entities, events in annotations(half):
            article = f"{half}/{ann.stem.rsplit('_', 1)[0]}"
            labelled = {entity[0]: entity for entity in entities}
            wanted = []
            for event in events:
                roles = dict(role.split(":") for role in event.split("\t")[1].split())
                content = labelled[roles["Content"]][2]
                source = labelled[roles["Source"]][2][0] if "Source" in roles else None
                wanted.append((content[0][0], content[-1][1], source))
            got = [
                (
                    int(row["content_start"]),
                    int(row["content_end"]),
                    (int(row["source_start"]), int(row["source_end"])) if row["source_start"] else None,
                )
                for row in by_article.get(article, [])
            ]
            assert sorted(got) == sorted(wanted), article
            for row in by_article.get(article, []):
                if row["source_start"]:
                    assert text[int(row["source_start"]) : int(row["source_end"])] == row["source_text"], row
                    assert row["referent"].strip(), row
            seen += len(wanted)
    assert seen == len(rows)


def test_referent_types_are_speaker_types():
    for row in referent_rows():
        assert row["type"] in SPEAKER_TYPES, row
        assert row["via"] == row["via"].strip(), row
        assert all(name.strip() for name in row["also"].split("|") if row["also"]), row


def test_train_and_dev_are_disjoint():
    dev, train = ({path.name for path in (NEWS / half / "text").glob("*.txt")} for half in HALVES)
    assert dev and train and not dev & train
    dev_texts, train_texts = (
        {path.read_text(encoding="utf-8") for path in (NEWS / half / "text").glob("*.txt")} for half in HALVES
    )
    assert not dev_texts & train_texts


def test_every_ann_is_what_its_spec_makes():
    spec = importlib.util.spec_from_file_location("fetch_news_gold", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    # The script's dataclass looks its module up in sys.modules while it is defined.
    sys.modules[spec.name] = script
    spec.loader.exec_module(script)
    for half in HALVES:
        for ann, text, _, _ in annotations(half):
            notes = NEWS / "specs" / f"{ann.stem.rsplit('_', 1)[0]}.spec"
            lines = [line for line in notes.read_text(encoding="utf-8").split("\n") if line.strip()]
            attributions = sorted((script.spans_of(text, line) for line in lines), key=lambda a: a["content"][0])
            assert script.brat_lines(attributions, text) == ann.read_text(encoding="utf-8").splitlines(), ann
