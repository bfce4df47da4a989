"""Evaluation figures, the ablation table and error examples as text."""

from __future__ import annotations

from quotetrack.evaluate.scoring import TARGETS, THRESHOLDS, ErrorExample, Evaluation


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
