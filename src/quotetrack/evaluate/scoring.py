"""Matching predictions to gold quotes and the figures: SPEECH and DIRECT recall, precision and F1 at two
thresholds, speaker (mention) accuracy, cue accuracy, resolved-speaker and channel accuracy, error examples."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from quotetrack.evaluate.gold import NOT_NAME_WORDS, GoldQuote, Referent, gold_referent
from quotetrack.records import alias_key

THRESHOLDS = (0.3, 0.8)
TARGETS = ("speech", "direct")
INDEFINITE_ARTICLE = re.compile(r"^an? (?=\S)")


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
