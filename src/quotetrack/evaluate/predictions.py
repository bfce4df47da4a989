"""Predictions as the scorer reads them: one per utterance (its parts joined), from a database, from Quote
records, or from a JSON-lines file."""

from __future__ import annotations

import json
from pathlib import Path

from quotetrack.evaluate.scoring import Prediction

QUOTE_MARK_CHARS = "\"“”«»„'‘’"


def predictions_from_db(db, texts: dict[str, str]) -> dict[str, list[Prediction]]:
    """One prediction per utterance (its parts joined), direct quotes widened to their quote marks."""
    rows = db.query(
        """select a.path, q.utterance_id as utterance, q.kind, q.start, q."end", q.speaker_text, q.speaker_start,
                  q.speaker_end, q.cue_start, q.cue_end, s.name as speaker_name, q.rule,
                  (select name from entities e where e.id = q.speaker_entity_id) as resolved_name,
                  (select name from entities e where e.id = q.via_entity_id) as via_name
           from quotes q join articles a on a.id = q.article_id left join speakers s on s.id = q.speaker_id
           order by a.path, q.start"""
    )
    by_article: dict[str, list[dict]] = {}
    for row in rows:
        stem = Path(row["path"]).stem
        if stem in texts:
            by_article.setdefault(stem, []).append(row)
    return {stem: utterance_predictions(texts[stem], found) for stem, found in by_article.items()}


def quote_rows(quotes) -> list[dict]:
    """Quote records as the rows utterance_predictions reads (the same columns the store writes)."""
    return [
        {"utterance": q.utterance, "kind": q.kind, "start": q.span.start, "end": q.span.end,
         "speaker_text": q.speaker_mention, "speaker_name": q.speaker.name if q.speaker else None,
         "speaker_start": q.speaker_span.start if q.speaker_span else None,
         "speaker_end": q.speaker_span.end if q.speaker_span else None,
         "cue_start": q.cue_span.start if q.cue_span else None, "cue_end": q.cue_span.end if q.cue_span else None,
         "resolved_name": q.speaker.name if q.speaker else None, "via_name": q.via.name if q.via else None,
         "rule": " ".join(q.rule)}
        for q in quotes
    ]


def utterance_predictions(text: str, rows: list[dict]) -> list[Prediction]:
    utterances: dict = {}
    for row in rows:
        utterances.setdefault(row["utterance"], []).append(row)
    predictions = []
    for parts in utterances.values():
        start, end = min(p["start"] for p in parts), max(p["end"] for p in parts)
        if parts[0]["kind"] == "direct":
            start, end = _widen_to_marks(text, start, end)
        first = next((p for p in parts if p["speaker_start"] is not None), parts[0])
        cue = next((p for p in parts if p["cue_start"] is not None), parts[0])
        speaker = first["speaker_name"] or first["speaker_text"]
        if first["speaker_name"] and first["speaker_text"]:
            speaker = f"{first['speaker_text']} ({first['speaker_name']})"
        rules = dict.fromkeys(r for p in parts for r in (p.get("rule") or "").split())
        via = next((p["via_name"] for p in parts if p.get("via_name")), None)
        predictions.append(
            Prediction(start, end, speaker, first["speaker_start"], first["speaker_end"], cue["cue_start"],
                       cue["cue_end"], parts[0]["kind"], first.get("resolved_name"), via, " ".join(rules))
        )
    return predictions


def _widen_to_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Include the marks around a direct quote (two of them for NYT's ''…'')."""
    for _ in range(2):
        if start > 0 and text[start - 1] in QUOTE_MARK_CHARS:
            start -= 1
        if end < len(text) and text[end] in QUOTE_MARK_CHARS:
            end += 1
    return start, end


def read_predictions(path: Path) -> dict[str, list[Prediction]]:
    predictions: dict[str, list[Prediction]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            article = row.pop("article")
            known = {k: row.get(k) for k in Prediction.__dataclass_fields__ if k in row}
            predictions.setdefault(article, []).append(Prediction(**known))
    return predictions


def write_predictions(predictions: dict[str, list[Prediction]], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for article, found in sorted(predictions.items()):
            for prediction in found:
                handle.write(json.dumps(prediction.as_json(article)) + "\n")
