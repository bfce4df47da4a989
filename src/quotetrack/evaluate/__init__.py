"""Score extracted quotes against PolNeAR-format gold (brat standoff), as the Gender Gap Tracker does.

Gold: GOLD_DIR/text/<stem>.txt and GOLD_DIR/attributions/<stem>_<annotator>.ann (the first in sorted order).
DIRECT gold quotes have a quotation mark in their content; SPEECH gold quotes are DIRECT ones plus those whose
cue is a speech or communication act. A gold quote matches the remaining prediction that covers the largest
share of its content characters (ties: higher Jaccard), if that share is above the threshold, one to one, gold
in text order; predictions left over may match the article's other attributions (beliefs, intentions), which
makes them not false positives. Parts of one utterance are one prediction.

Resolved speakers: where a referent file (given, or the gold's own: see `referents_path`) says who each gold
source is, a matched gold quote's speaker is also scored by name: right when the predicted speaker's name (after
coreference) is the referent or one of its other names, compared under `same_name`; likewise the channel (`via`)
where the file has one.
"""

from quotetrack.evaluate.gold import (
    IRREGULAR_FORMS,
    NOT_NAME_WORDS,
    SPEECH_CUE_LEMMAS,
    GoldQuote,
    Referent,
    is_speech_cue,
    load_gold,
    load_referents,
    read_brat,
    referents_path,
)
from quotetrack.evaluate.predictions import (
    predictions_from_db,
    quote_rows,
    read_predictions,
    utterance_predictions,
    write_predictions,
)
from quotetrack.evaluate.report import errors_by_rule, format_ablation, format_errors, format_figures
from quotetrack.evaluate.run import ablation, evaluate_folder, parsed_documents
from quotetrack.evaluate.scoring import ErrorExample, Evaluation, Prediction, same_name, score, speaker_correct

__all__ = [
    "IRREGULAR_FORMS", "NOT_NAME_WORDS", "SPEECH_CUE_LEMMAS", "ErrorExample", "Evaluation", "GoldQuote",
    "Prediction", "Referent", "ablation", "errors_by_rule", "evaluate_folder", "format_ablation", "format_errors",
    "format_figures", "is_speech_cue", "load_gold", "load_referents", "parsed_documents", "predictions_from_db",
    "quote_rows", "read_brat", "read_predictions", "referents_path", "same_name", "score", "speaker_correct",
    "utterance_predictions", "write_predictions",
]
