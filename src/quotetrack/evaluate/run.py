"""Evaluation runs: extract a gold folder (or attribute its cached parses) and score it; the ablation."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from quotetrack.evaluate.gold import load_gold, load_referents, referents_path
from quotetrack.evaluate.predictions import predictions_from_db, quote_rows, utterance_predictions, write_predictions
from quotetrack.evaluate.scoring import Evaluation, score


def evaluate_folder(
    gold_dir,
    db_path=None,
    model="bundled",
    parse="selective",
    workers=1,
    limit=None,
    predictions_path=None,
    extract=True,
    cache=None,
    referents=None,
) -> Evaluation:
    """Extract GOLD_DIR/text into a database (reusing what is stored) and score it; with `cache`, attribution
    runs straight on the parses kept in that file (made on first use) and no database is written. Speakers are
    also scored against the `referents` file (by default the one the gold folder holds, see `referents_path`)."""
    from quotetrack import store
    from quotetrack.extract import RunOptions, run_extract

    gold, texts = load_gold(Path(gold_dir), limit)
    if cache is not None:
        from quotetrack.attribution import extract_quotes

        documents = parsed_documents(texts, model, parse, Path(cache))
        predictions = {s: utterance_predictions(texts[s], quote_rows(extract_quotes(d))) for s, d in documents.items()}
    else:
        with tempfile.TemporaryDirectory() as scratch:
            db = store.open_db(db_path or Path(scratch) / "evaluate.db")
            if extract:
                paths = [str(Path(gold_dir) / "text" / f"{stem}.txt") for stem in texts]
                run_extract(paths, db, RunOptions(model=model, parse=parse, workers=workers))
            predictions = predictions_from_db(db, texts)
    if predictions_path:
        write_predictions(predictions, Path(predictions_path))
    referents_file = referents or referents_path(gold_dir)
    found = load_referents(Path(referents_file), gold_dir) if referents_file else None
    figures, errors = score(gold, texts, predictions, found)
    return Evaluation(figures, texts, errors)


def parsed_documents(
    texts: dict[str, str], model="bundled", parse="selective", cache: Path | None = None, threads: int | None = None
) -> dict:
    """A stanza Document for every text, parsed once: read from `cache` (gzipped JSON lines keyed by the text's
    hash and the parse settings) where it holds them, the rest parsed and added to it."""
    import gzip
    import hashlib

    from stanza.models.common.doc import Document

    from quotetrack import nlp
    from quotetrack.extract import DEFAULT_BATCH_SIZE, threads_per_worker
    from quotetrack.nlp import Analyzer

    # int8 weights and the decoded-arcs labeller parse a little differently: their parses are kept apart (the
    # float ones keep the old keys)
    weights = ("int8|" if nlp.QUANTIZE else "") + ("arcs|" if nlp.LABEL_DECODED_ARCS else "")

    def key(text: str) -> str:
        return f"{model}|{parse}|{weights}" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    kept: dict[str, bytes] = {}
    if cache is not None and cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                kept[row["key"]] = row["document"].encode("utf-8")
    documents = {stem: Document.from_serialized(kept[key(text)]) for stem, text in texts.items() if key(text) in kept}
    missing = [stem for stem in texts if stem not in documents]
    if missing:
        analyzer = Analyzer(model=model, parse=parse, threads=threads_per_worker(1, threads))
        for at in range(0, len(missing), DEFAULT_BATCH_SIZE):
            batch = missing[at : at + DEFAULT_BATCH_SIZE]
            documents.update(zip(batch, analyzer.analyze([texts[s] for s in batch]), strict=True))
        if cache is not None:
            with gzip.open(cache, "at", encoding="utf-8") as handle:
                for stem in missing:
                    serialized = documents[stem].to_serialized().decode("utf-8")
                    handle.write(json.dumps({"key": key(texts[stem]), "document": serialized}) + "\n")
    return {stem: documents[stem] for stem in texts}


def ablation(gold_dir, model="bundled", parse="selective", limit=None, cache=None) -> list[tuple[str, dict]]:
    """Figures with every rule, then with each named rule switched off in turn, over one parse of the gold
    texts."""
    from quotetrack.attribution import REGISTRY, extract_quotes

    gold, texts = load_gold(Path(gold_dir), limit)
    documents = parsed_documents(texts, model, parse, Path(cache) if cache else None)
    variants = [("all rules", frozenset())] + [(f"without {rule.name}", frozenset([rule.name])) for rule in REGISTRY]
    table = []
    for name, disabled in variants:
        predictions = {s: utterance_predictions(texts[s], quote_rows(extract_quotes(d, disabled)))
                       for s, d in documents.items()}
        table.append((name, score(gold, texts, predictions)[0]))
    return table
