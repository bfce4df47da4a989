"""`quotetrack models check` and `models download`: how good and how fast the chosen Stanza models are.

Tagging, lemma and parsing scores run on the gold tokenisation of EWT test and GUM test (so tokenizer errors
do not blur them) with predicted tags feeding the parser; NER is scored on UNER test (exact PER/ORG/LOC spans);
words/second is the full pipeline (tokenize to NER, every sentence parsed) on raw GUM test text.
"""

from __future__ import annotations

import time
from pathlib import Path

from quotetrack import nlp
from quotetrack.treebank import bioes, flatten_sentence, read_conllu, sentence_text

NER_TYPES = ("PER", "ORG", "LOC")


def download_official(lang: str = "en") -> str:
    import os

    import stanza

    resources = os.environ.get("STANZA_RESOURCES_DIR", str(Path.home() / "stanza_resources"))
    stanza.download(lang, model_dir=resources)
    return f"Stanza's official '{lang}' models are in {resources}; use them with --model official"


def _sentences(path: Path, limit: int | None):
    rows = [flatten_sentence(r) for _, r in read_conllu(path)]
    return rows[:limit] if limit else rows


def tagging_scores(pipeline, sentences: list[list[list[str]]]) -> dict[str, float]:
    """UPOS, XPOS, lemma accuracy and UAS/LAS (universal relation) in percent, over gold tokens."""
    document = pipeline([[row[1] for row in rows] for rows in sentences])
    totals = dict.fromkeys(("upos", "xpos", "lemma", "uas", "las"), 0)
    words = 0
    for rows, sentence in zip(sentences, document.sentences, strict=True):
        for row, word in zip(rows, sentence.words, strict=True):
            words += 1
            totals["upos"] += word.upos == row[3]
            totals["xpos"] += word.xpos == row[4]
            totals["lemma"] += (word.lemma or "") == row[2]
            head_ok = str(word.head) == row[6]
            totals["uas"] += head_ok
            totals["las"] += head_ok and (word.deprel or "").split(":")[0] == row[7].split(":")[0]
    return {name: 100 * value / max(words, 1) for name, value in totals.items()}


def _entity_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    spans, start = set(), None
    for index, tag in enumerate(bioes(tags) + ["O"]):
        if tag.startswith(("B-", "S-")):
            start = index
        if tag.startswith(("E-", "S-")) and start is not None:
            if tag[2:] in NER_TYPES:
                spans.add((start, index, tag[2:]))
            start = None
        if tag == "O":
            start = None
    return spans


def ner_scores(pipeline, path: Path, limit: int | None) -> dict[str, float]:
    sentences = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        fields = line.split("\t")
        current.append((fields[1], fields[2] if fields[2] in ("O",) or fields[2][2:] in NER_TYPES else "O"))
    sentences = sentences[:limit] if limit else sentences
    document = pipeline([[token for token, _ in s] for s in sentences])
    found = gold_count = predicted_count = 0
    for sentence, predicted in zip(sentences, document.sentences, strict=True):
        gold = _entity_spans([tag for _, tag in sentence])
        tags = [token.ner or "O" for token in predicted.tokens]
        mine = {(s, e, t) for s, e, t in _entity_spans([_to_bio(t) for t in tags])}
        found += len(gold & mine)
        gold_count += len(gold)
        predicted_count += len(mine)
    precision = 100 * found / max(predicted_count, 1)
    recall = 100 * found / max(gold_count, 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"ner_precision": precision, "ner_recall": recall, "ner_f1": f1}


def _to_bio(tag: str) -> str:
    return {"S": "B", "E": "I"}.get(tag[:1], tag[:1]) + tag[1:] if tag != "O" else "O"


def words_per_second(choice: nlp.ModelChoice, path: Path, limit: int | None) -> float:
    text = " ".join(sentence_text(rows) for rows in _sentences(path, limit or 600))
    pipeline = nlp.build_pipeline(choice)
    pipeline(text[:2000])  # warm-up
    started = time.perf_counter()
    document = pipeline(text)
    seconds = time.perf_counter() - started
    return document.num_words / seconds


def check_model(model: str, ud_dir: str | Path, limit: int | None = None, threads: int = 2) -> dict[str, float]:
    """The figures of `model` on the treebanks in `ud_dir` (en_ewt, en_gum, uner_en_ewt)."""
    ud = Path(ud_dir)
    choice = nlp.resolve_model(model)
    nlp.set_threads(threads)
    tagger = nlp.build_pipeline(choice, ("tokenize", "pos", "lemma", "depparse"), pretokenized=True)
    ewt = tagging_scores(tagger, _sentences(ud / "en_ewt" / "en_ewt-ud-test.conllu", limit))
    gum = tagging_scores(tagger, _sentences(ud / "en_gum" / "en_gum-ud-test.conllu", limit))
    ner = ner_scores(nlp.build_pipeline(choice, ("tokenize", "ner"), pretokenized=True),
                     ud / "uner_en_ewt" / "en_ewt-ud-test.iob2", limit)
    figures = {f"ewt_{k}": v for k, v in ewt.items()}
    figures.update(gum_upos=gum["upos"], gum_las=gum["las"])
    figures.update(ner)
    figures["words_per_second"] = words_per_second(choice, ud / "en_gum" / "en_gum-ud-test.conllu", limit)
    return figures
