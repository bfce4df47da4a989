"""Score extracted quotes against PolNeAR-format gold (brat standoff), as the Gender Gap Tracker does.

Gold: GOLD_DIR/text/<stem>.txt and GOLD_DIR/attributions/<stem>_<annotator>.ann (the first in sorted order).
DIRECT gold quotes have a quotation mark in their content; SPEECH gold quotes are DIRECT ones plus those whose
cue is a speech or communication act. A gold quote matches the remaining prediction that covers the largest
share of its content characters (ties: higher Jaccard), if that share is above the threshold, one to one, gold
in text order; predictions left over may match the article's other attributions (beliefs, intentions), which
makes them not false positives. Parts of one utterance are one prediction.

Resolved speakers: where a referent file says who each gold source is (see `referents_path`), a matched gold
quote's speaker is also scored by name: right when the predicted speaker's name (after coreference) is the
referent or one of its other names, compared under `same_name`; likewise the channel (`via`) where the file has
one.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from quotetrack.records import alias_key

THRESHOLDS = (0.3, 0.8)
TARGETS = ("speech", "direct")
DOUBLE_MARKS = frozenset('"“”«»„')
# Single marks count only as a pair around words, so apostrophes and possessives do not.
SINGLE_MARK_PAIR = re.compile(r"(?<!\w)['‘](?=\w).*?(?<=\S)['’](?!\w)", re.S)
# SPEECH_CUE_LEMMAS, IRREGULAR_FORMS and NOT_NAME_WORDS are copies of the reference scorer's SPEECH_LEMMAS,
# IRREGULAR and NOT_NAMES (../shared/tools/polnear_score.py), kept equal by a test so our figures are its figures;
# they are not the lexicon's speech verbs (quotetrack.lexicon), which differ from them by 38 lemmas on purpose.
# Communication acts (PolNeAR/PARC), as lemmas; the cue's words are reduced to candidate lemmas below.
SPEECH_CUE_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "state",
        "add",
        "announce",
        "claim",
        "argue",
        "insist",
        "explain",
        "write",
        "report",
        "warn",
        "ask",
        "reply",
        "respond",
        "answer",
        "note",
        "comment",
        "remark",
        "mention",
        "describe",
        "suggest",
        "call",
        "tweet",
        "post",
        "declare",
        "acknowledge",
        "admit",
        "concede",
        "confirm",
        "deny",
        "criticize",
        "criticise",
        "accuse",
        "praise",
        "urge",
        "recall",
        "cite",
        "refer",
        "quote",
        "continue",
        "stress",
        "emphasize",
        "emphasise",
        "assert",
        "contend",
        "allege",
        "complain",
        "joke",
        "quip",
        "boast",
        "predict",
        "promise",
        "vow",
        "pledge",
        "propose",
        "recommend",
        "testify",
        "reveal",
        "disclose",
        "tout",
        "blast",
        "slam",
        "lament",
        "speak",
        "talk",
        "shout",
        "yell",
        "scream",
        "chant",
        "whisper",
        "reiterate",
        "repeat",
        "demand",
        "request",
        "inform",
        "assure",
        "caution",
        "counter",
        "retort",
        "clarify",
        "elaborate",
        "mock",
        "dismiss",
        "decry",
        "denounce",
        "condemn",
        "question",
        "challenge",
        "point",
        "discuss",
        "echo",
        "charge",
        "interview",
        "statement",
        "speech",
        "letter",
        "email",
        "memo",
        "testimony",
        "according",
    ]
)
IRREGULAR_FORMS = {
    "said": "say",
    "says": "say",
    "saying": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
}
SUFFIX_RULES = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ied", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
)
# Capitalised words that do not identify a speaker when comparing names.
NOT_NAME_WORDS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "they",
        "them",
        "their",
        "she",
        "her",
        "his",
        "him",
        "its",
        "our",
        "you",
        "your",
        "who",
        "what",
        "and",
        "but",
        "for",
        "not",
        "with",
        "from",
        "mrs",
        "president",
        "senator",
        "sen",
        "governor",
        "gov",
        "secretary",
        "former",
        "candidate",
        "nominee",
        "presidential",
        "campaign",
        "spokesman",
        "spokeswoman",
        "official",
        "officials",
        "democrat",
        "democrats",
        "republican",
        "republicans",
        "democratic",
        "party",
        "house",
        "white",
        "news",
    ]
)
INDEFINITE_ARTICLE = re.compile(r"^an? (?=\S)")
QUOTE_MARK_CHARS = "\"“”«»„'‘’"


@dataclass
class GoldQuote:
    chars: frozenset[int]
    start: int
    source_spans: list[tuple[int, int]]
    source_chars: frozenset[int]
    source_text: str
    cue_chars: frozenset[int]
    direct: bool
    speech: bool

    def is_target(self, target: str) -> bool:
        return self.direct if target == "direct" else self.speech


@dataclass
class Prediction:
    start: int
    end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    kind: str = ""
    speaker_name: str | None = None  # the speaker as resolved in the article (the Quote's speaker.name)
    via: str | None = None
    rule: str = ""  # the names of the rules that decided the quote, space-separated

    @property
    def chars(self) -> frozenset[int]:
        return frozenset(range(self.start, self.end))

    def as_json(self, article: str) -> dict:
        return {
            "article": article,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "kind": self.kind,
            "speaker_name": self.speaker_name,
            "via": self.via,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Referent:
    """Who the source of one gold attribution is, as a referent file gives it."""

    content: tuple[int, int]  # the gold content from its first to its last character
    source: tuple[int, int]
    source_text: str
    name: str
    also: tuple[str, ...] = ()
    type: str = "unknown"
    via: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.also)


@dataclass(frozen=True)
class ErrorExample:
    """One error of the speech@0.3 scoring, with what was predicted and what the gold says."""

    kind: str
    article: str
    span: tuple[int, int]
    text: str  # the article's text
    predicted_speaker: str | None = None
    gold_source: str | None = None
    rule: str = ""  # the rules of the prediction, where there is one
    predicted_name: str | None = None
    referent: str | None = None


@dataclass
class Evaluation:
    figures: dict
    texts: dict[str, str]
    errors: dict[str, list[ErrorExample]] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------- gold


def has_quote_mark(text: str) -> bool:
    return any(ch in DOUBLE_MARKS for ch in text) or SINGLE_MARK_PAIR.search(text) is not None


def cue_lemmas(word: str) -> set[str]:
    lower = word.lower()
    found = {lower, IRREGULAR_FORMS.get(lower, lower)}
    for suffix, replacement in SUFFIX_RULES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
            stem = lower[: -len(suffix)] + replacement
            found.add(stem)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                found.add(stem[:-1])
    return found


def is_speech_cue(cue: str) -> bool:
    if cue.strip() == ":":
        return True
    return any(cue_lemmas(word) & SPEECH_CUE_LEMMAS for word in re.findall(r"[A-Za-z]+", cue))


def read_brat(path: Path, text: str) -> list[GoldQuote]:
    """The attributions of one .ann file (entities T…, events E… linking Source, Cue and Content)."""
    entities: dict[str, list[tuple[int, int]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        fields = line.split("\t")
        if re.fullmatch(r"T\d+", fields[0]) and len(fields) >= 2:
            _, offsets = fields[1].split(" ", 1)
            entities[fields[0]] = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
        elif re.fullmatch(r"E\d+", fields[0]) and len(fields) >= 2:
            events.append([tuple(role.split(":", 1)) for role in fields[1].split()])
    quotes = []
    for roles in events:
        spans: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
        for role, entity in roles:
            base = re.sub(r"\d+$", "", role)
            if base in spans and entity in entities:
                spans[base].extend(entities[entity])
        if not spans["Content"]:
            continue
        content = " ".join(text[s:e] for s, e in sorted(spans["Content"]))
        cue = " ".join(text[s:e] for s, e in sorted(spans["Cue"]))
        direct = has_quote_mark(content)
        quotes.append(
            GoldQuote(
                chars=_chars(spans["Content"]),
                start=min(s for s, _ in spans["Content"]),
                source_spans=sorted(spans["Source"]),
                source_chars=_chars(spans["Source"]),
                source_text=" ".join(text[s:e] for s, e in sorted(spans["Source"])),
                cue_chars=_chars(spans["Cue"]),
                direct=direct,
                speech=direct or is_speech_cue(cue),
            )
        )
    return sorted(quotes, key=lambda q: (q.start, max(q.chars, default=0)))


def _chars(spans: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for s, e in spans for i in range(s, e))


def load_gold(gold_dir: Path, limit: int | None = None) -> tuple[dict[str, list[GoldQuote]], dict[str, str]]:
    gold_dir = Path(gold_dir)
    annotations = sorted((gold_dir / "attributions").glob("*.ann"))
    by_stem: dict[str, list[Path]] = {}
    for path in annotations:
        by_stem.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    gold, texts = {}, {}
    for text_path in sorted((gold_dir / "text").glob("*.txt"))[:limit]:
        text = text_path.read_text(encoding="utf-8")
        texts[text_path.stem] = text
        mine = by_stem.get(text_path.stem, [])
        gold[text_path.stem] = read_brat(mine[0], text) if mine else []
    return gold, texts


def referents_path(gold_dir) -> Path | None:
    """The referent file of a gold folder, where there is one: GOLD_DIR/referents.tsv, the parent's
    referents.tsv (rows keyed "<half>/<stem>", as tests/data/news has it), or, run from the checkout,
    tests/data/referents/<parent>_<half>.tsv (polnear_dev.tsv for .../polnear/dev)."""
    gold_dir = Path(gold_dir).resolve()
    candidates = (
        gold_dir / "referents.tsv",
        gold_dir.parent / "referents.tsv",
        Path.cwd() / "tests" / "data" / "referents" / f"{gold_dir.parent.name}_{gold_dir.name}.tsv",
    )
    return next((path for path in candidates if path.is_file()), None)


def load_referents(path: Path, gold_dir=None) -> dict[str, list[Referent]]:
    """The referent rows of a tab-separated referent file by article stem; an article named "<half>/<stem>" is
    kept only when `gold_dir` is that half (a file shared by dev/ and train/)."""
    import csv

    half = Path(gold_dir).resolve().name if gold_dir is not None else None
    found: dict[str, list[Referent]] = {}
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            article = row["article"]
            if "/" in article:
                prefix, article = article.rsplit("/", 1)
                if half is not None and prefix != half:
                    continue
            found.setdefault(article, []).append(
                Referent(
                    content=(int(row["content_start"]), int(row["content_end"])),
                    source=(int(row["source_start"]), int(row["source_end"])),
                    source_text=row["source_text"],
                    name=row["referent"].strip(),
                    also=tuple(n.strip() for n in (row.get("also") or "").split("|") if n.strip()),
                    type=row.get("type") or "unknown",
                    via=(row.get("via") or "").strip(),
                )
            )
    return found


def gold_referent(gold: GoldQuote, referents: list[Referent]) -> Referent | None:
    """The referent row of a gold quote: the one with its content and source spans."""
    if not gold.chars or not gold.source_spans:
        return None
    content = (min(gold.chars), max(gold.chars) + 1)
    source = (min(s for s, _ in gold.source_spans), max(e for _, e in gold.source_spans))
    return next((r for r in referents if r.content == content and r.source == source), None)


# ------------------------------------------------------------------------------------------- scoring


def name_words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{3,}", text or "") if w[0].isupper() and w.lower() not in NOT_NAME_WORDS}


def speaker_correct(gold: GoldQuote, prediction: Prediction, text: str) -> bool:
    """The predicted mention overlaps the gold source, or names the same person (a shared name word)."""
    has_span = prediction.speaker_start is not None and prediction.speaker_end is not None
    if not gold.source_spans:
        return not has_span and not (prediction.speaker or "").strip()
    if has_span and gold.source_chars & set(range(prediction.speaker_start, prediction.speaker_end)):
        return True
    said_by = prediction.speaker or (text[prediction.speaker_start : prediction.speaker_end] if has_span else "")
    return bool(name_words(said_by) & name_words(gold.source_text))


def name_key(name: str | None) -> str:
    """A name as compared with a referent: alias_key's form (case, a leading "the", a possessive) with
    apostrophes made uniform and a leading "a"/"an" dropped too (the store keeps "source" for "a source")."""
    key = alias_key((name or "").replace("’", "'").replace("‘", "'"))
    return INDEFINITE_ARTICLE.sub("", key)


def same_name(predicted: str | None, names: tuple[str, ...]) -> bool:
    """The predicted name is one of `names` (a referent and its other names)."""
    key = name_key(predicted)
    return bool(key) and any(key == name_key(name) for name in names)


def cue_correct(gold: GoldQuote, prediction: Prediction) -> bool:
    if prediction.cue_start is None or prediction.cue_end is None:
        return not gold.cue_chars
    return bool(gold.cue_chars & set(range(prediction.cue_start, prediction.cue_end)))


def match(golds: list[GoldQuote], predictions: list[Prediction], taken: set[int], threshold: float):
    """Greedy one-to-one matching: each gold quote, in order, takes its best remaining prediction."""
    pairs = []
    for gold in golds:
        best, best_key = None, None
        for number, prediction in enumerate(predictions):
            if number in taken:
                continue
            chars = prediction.chars
            shared = len(gold.chars & chars)
            key = (shared / len(gold.chars), shared / len(gold.chars | chars))
            if key[0] > threshold and (best_key is None or key > best_key):
                best, best_key = number, key
        if best is not None:
            taken.add(best)
            pairs.append((gold, predictions[best], best))
    return pairs


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(
    gold: dict[str, list[GoldQuote]],
    texts: dict[str, str],
    predictions: dict[str, list[Prediction]],
    referents: dict[str, list[Referent]] | None = None,
):
    """Figures for SPEECH and DIRECT at both thresholds, plus cue accuracy and the error breakdown; with
    `referents`, resolved-speaker (and channel) accuracy over the articles that have referent rows."""
    figures: dict = {}
    errors: dict[str, list[ErrorExample]] = {
        "missed direct": [], "missed reported": [], "wrong speaker": [], "spurious": []
    }
    referents = {a: rows for a, rows in (referents or {}).items() if a in gold and rows}
    if referents:
        errors["wrong referent"] = []
    cue_hits = cue_total = 0
    for target in TARGETS:
        for threshold in THRESHOLDS:
            counts = Counter()
            for article, golds in gold.items():
                mine = predictions.get(article, [])
                taken: set[int] = set()
                targets = [g for g in golds if g.chars and g.is_target(target)]
                pairs = match(targets, mine, taken, threshold)
                others = match([g for g in golds if g.chars and not g.is_target(target)], mine, taken, threshold)
                counts.update(gold=len(targets), predicted=len(mine), matched=len(pairs), matched_other=len(others))
                counts["speaker"] += sum(speaker_correct(g, p, texts[article]) for g, p, _ in pairs)
                resolved = [(g, p, gold_referent(g, referents.get(article, []))) for g, p, _ in pairs]
                resolved = [(g, p, r) for g, p, r in resolved if r is not None and r.name not in ("", "-")]
                counts["resolved"] += len(resolved)
                counts["resolved_right"] += sum(same_name(p.speaker_name, r.names()) for _, p, r in resolved)
                counts["via"] += sum(bool(r.via) for _, _, r in resolved)
                counts["via_right"] += sum(bool(r.via) and same_name(p.via, (r.via,)) for _, p, r in resolved)
                if target == "speech" and threshold == 0.3:
                    text = texts[article]
                    matched_gold = {id(g) for g, _, _ in pairs}
                    for g in targets:
                        if id(g) not in matched_gold:
                            kind = "missed direct" if g.direct else "missed reported"
                            errors[kind].append(ErrorExample(kind, article, (min(g.chars), max(g.chars) + 1), text,
                                                             gold_source=g.source_text))
                    for g, p, _ in pairs:
                        if not speaker_correct(g, p, text):
                            errors["wrong speaker"].append(ErrorExample(
                                "wrong speaker", article, (p.start, p.end), text, p.speaker, g.source_text, p.rule,
                                p.speaker_name))
                        if g.cue_chars:
                            cue_total += 1
                            cue_hits += cue_correct(g, p)
                    for g, p, r in resolved:
                        if not same_name(p.speaker_name, r.names()):
                            errors["wrong referent"].append(ErrorExample(
                                "wrong referent", article, (p.start, p.end), text, p.speaker, g.source_text, p.rule,
                                p.speaker_name, r.name))
                    for number, p in enumerate(mine):
                        if number not in taken:
                            errors["spurious"].append(ErrorExample(
                                "spurious", article, (p.start, p.end), text, p.speaker, rule=p.rule,
                                predicted_name=p.speaker_name))
            recall = counts["matched"] / counts["gold"] if counts["gold"] else 0.0
            precision = (
                (counts["matched"] + counts["matched_other"]) / counts["predicted"] if counts["predicted"] else 0.0
            )
            strict = counts["matched"] / counts["predicted"] if counts["predicted"] else 0.0
            figures[f"{target}@{threshold}"] = {
                "n_gold": counts["gold"],
                "n_pred": counts["predicted"],
                "tp": counts["matched"],
                "tp_other": counts["matched_other"],
                "recall": recall,
                "precision": precision,
                "precision_strict": strict,
                "f1": f1(precision, recall),
                "f1_strict": f1(strict, recall),
                "speaker_acc": counts["speaker"] / counts["matched"] if counts["matched"] else 0.0,
            }
            if referents:
                figures[f"{target}@{threshold}"].update(
                    resolved_speaker_acc=ratio(counts["resolved_right"], counts["resolved"]),
                    n_resolved=counts["resolved"],
                    resolved_right=counts["resolved_right"],
                    via_acc=ratio(counts["via_right"], counts["via"]),
                    n_via=counts["via"],
                    via_right=counts["via_right"],
                )
    figures["cue_accuracy"] = cue_hits / cue_total if cue_total else 0.0
    if referents:
        figures["referent_articles"] = len(referents)
    figures["errors"] = {kind: len(found) for kind, found in errors.items()}
    return figures, errors


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# ------------------------------------------------------------------------------------------- predictions


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
    also scored against the `referents` file (by default the gold folder's, see `referents_path`)."""
    from quotetrack import store
    from quotetrack.extract import RunOptions, run_extract

    gold, texts = load_gold(Path(gold_dir), limit)
    if cache is not None:
        from quotetrack.attribution.attribute import extract_quotes

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

    from quotetrack.extract import DEFAULT_BATCH_SIZE, threads_per_worker
    from quotetrack.nlp import Analyzer

    def key(text: str) -> str:
        return f"{model}|{parse}|" + hashlib.sha256(text.encode("utf-8")).hexdigest()

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
    from quotetrack.attribution.attribute import REGISTRY, extract_quotes

    gold, texts = load_gold(Path(gold_dir), limit)
    documents = parsed_documents(texts, model, parse, Path(cache) if cache else None)
    variants = [("all rules", frozenset())] + [(f"without {rule.name}", frozenset([rule.name])) for rule in REGISTRY]
    table = []
    for name, disabled in variants:
        predictions = {s: utterance_predictions(texts[s], quote_rows(extract_quotes(d, disabled)))
                       for s, d in documents.items()}
        table.append((name, score(gold, texts, predictions)[0]))
    return table


def format_ablation(table: list[tuple[str, dict]]) -> str:
    lines = [f"{'rules':40} {'speech F1@0.3':>13} {'F1@0.8':>7} {'speaker':>7} {'direct F1@0.3':>13}"]
    for name, f in table:
        lines.append(f"{name:40} {f['speech@0.3']['f1']:13.3f} {f['speech@0.8']['f1']:7.3f} "
                     f"{f['speech@0.3']['speaker_acc']:7.3f} {f['direct@0.3']['f1']:13.3f}")
    return "\n".join(lines)


def format_figures(figures: dict) -> str:
    lines = [
        f"{'set@threshold':14} {'gold':>5} {'pred':>5} {'tp':>5} {'recall':>6} {'prec':>6} {'F1':>6} {'spk_acc':>7}"
    ]
    for key in (f"{t}@{th}" for t in TARGETS for th in THRESHOLDS):
        v = figures[key]
        lines.append(
            f"{key:14} {v['n_gold']:5d} {v['n_pred']:5d} {v['tp']:5d} {v['recall']:6.3f} "
            f"{v['precision']:6.3f} {v['f1']:6.3f} {v['speaker_acc']:7.3f}"
        )
    lines.append(f"cue accuracy (speech@0.3 matches): {figures['cue_accuracy']:.3f}")
    if "referent_articles" in figures:
        v = figures["speech@0.3"]
        lines.append(f"resolved speaker (speech@0.3 matches, {figures['referent_articles']} articles with "
                     f"referents): {v['resolved_speaker_acc']:.3f} ({v['resolved_right']}/{v['n_resolved']})")
        if v["n_via"]:
            lines.append(f"via (speech@0.3 matches with a gold channel): {v['via_acc']:.3f} "
                         f"({v['via_right']}/{v['n_via']})")
    lines.append("errors (speech@0.3): " + ", ".join(f"{k} {v}" for k, v in figures["errors"].items()))
    return "\n".join(lines)


# The rules an error is listed under, by kind: those that found the quote for a false positive, those that
# chose its speaker for a wrong one (rule names as in docs/rules.md).
ERROR_RULE_PREFIXES = {
    "spurious": ("turn/", "direct/", "frame/", "reported/", "utterance/", "content/", "filter/"),
    "wrong speaker": ("speaker/", "resolve/", "utterance/", "turn/", "frame/"),
    "wrong referent": ("speaker/", "resolve/", "utterance/", "turn/", "frame/"),
}
NO_RULE = "(no rule recorded)"


def error_rule(example: ErrorExample) -> str:
    """The rules of the prediction that produced an error of its kind, as one group name."""
    prefixes = ERROR_RULE_PREFIXES.get(example.kind, ())
    return " ".join(r for r in example.rule.split() if r.startswith(prefixes)) or NO_RULE


def errors_by_rule(examples: list[ErrorExample]) -> dict[str, list[ErrorExample]]:
    """Examples grouped by `error_rule`, the group with most errors first (ties by name)."""
    groups: dict[str, list[ErrorExample]] = {}
    for example in examples:
        groups.setdefault(error_rule(example), []).append(example)
    return dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))


def format_errors(evaluation: Evaluation, count: int) -> str:
    """`count` examples of each error kind; false positives and wrong speakers listed under the rules that
    produced them, with a count per rule."""
    out = []
    for kind, found in evaluation.errors.items():
        out.append(f"\n== {kind} ({len(found)}) ==")
        if kind not in ERROR_RULE_PREFIXES:
            out.extend(format_example(example) for example in found[:count])
            continue
        groups = errors_by_rule(found)
        out.append("by rule: " + ", ".join(f"{rule} {len(examples)}" for rule, examples in groups.items()))
        for rule, examples in groups.items():
            out.append(f"-- {rule} ({len(examples)}) --")
            out.extend(format_example(example) for example in examples[:count])
    return "\n".join(out)


def format_example(example: ErrorExample) -> str:
    """One error as a line: the article, the span in its context, and the predicted and gold speakers."""
    (start, end), text = example.span, example.text
    context = text[max(0, start - 120) : end + 80].replace("\n", " ")
    context = context.replace(text[start:end].replace("\n", " "), f"[{text[start:end]}]", 1)
    extra = ""
    if example.kind == "wrong speaker":
        extra = f"  predicted speaker: {example.predicted_speaker!r}; gold source: {example.gold_source!r}"
    elif example.kind == "wrong referent":
        extra = (f"  mention: {example.gold_source!r}; predicted: {example.predicted_speaker!r} -> "
                 f"{example.predicted_name!r}; gold referent: {example.referent!r}")
    return f"- {example.article}: …{context}…{extra}"
