"""The channel that carried a quote (`via`): another cue's subject ("…, KCNA reported"), the object of
"told" ("told Reuters"), "in an interview with …", "speaking to …"."""

from __future__ import annotations

from dataclasses import replace

from quotetrack.attribution.find.rules import Attribution, Step
from quotetrack.attribution.find.syntax import mention_of
from quotetrack.attribution.parse.tree import Tree


def with_via(tree: Tree, attribution: Attribution, others) -> Attribution:
    """Where another cue in the same sentence credits a channel ("…, wrote KCNA"), that channel is `via`.

    Also "told Reuters", "in an interview with Fox News".
    """
    if attribution.cue is None:
        return attribution
    for _, words in others if OTHER_CUE_CHANNEL.on(tree) else ():
        if words and set(words) != set(attribution.speaker_words):
            return _via(attribution, words, OTHER_CUE_CHANNEL)
    for child in tree.children[attribution.cue]:
        word = tree.words[child]
        if (
            OBJECT_CHANNEL.on(tree)
            and word.relation in ("obj", "iobj", "obl")
            and word.upos == "PROPN"
            and child not in tree.inside
        ):
            # "told Reuters", "said on CNN"; _order_channel keeps it only if it names a medium or organisation
            return _via(attribution, mention_of(tree, child), OBJECT_CHANNEL)
        if word.lemma == "interview" and INTERVIEW_CHANNEL.on(tree):
            for grandchild in tree.children[child]:
                if tree.words[grandchild].upos == "PROPN":
                    return _via(attribution, mention_of(tree, grandchild), INTERVIEW_CHANNEL)
    addressed = _spoken_to(tree, attribution.cue) if SPEAKING_TO_CHANNEL.on(tree) else None
    if addressed is not None:
        return _via(attribution, mention_of(tree, addressed), SPEAKING_TO_CHANNEL)
    return attribution


def _spoken_to(tree: Tree, cue: int) -> int | None:
    """'Speaking to Le Matin, the coach said …': the name a participle of speaking addresses, in the cue's
    sentence and outside quotation marks (order_channel keeps it only if it names a medium or organisation)."""
    for index in tree.sentence_words[tree.words[cue].sentence]:
        word = tree.words[index]
        if index == cue or index in tree.inside or word.xpos != "VBG" or word.lemma not in ("speak", "talk"):
            continue
        for child in tree.children[index]:
            marks = [tree.words[c].lemma for c in tree.children[child] if tree.words[c].relation == "case"]
            if tree.words[child].upos == "PROPN" and child not in tree.inside and marks[:1] in (["to"], ["with"]):
                return child
    return None


def _via(attribution: Attribution, words, rule: Step) -> Attribution:
    return replace(attribution, via_words=tuple(words), rules=(*attribution.rules, rule.name))


OTHER_CUE_CHANNEL = Step("channel/other-cue", "“The talks failed,” he said, Reuters reported.", "via")


OBJECT_CHANNEL = Step("channel/object", "“We will appeal,” the coach told Reuters.", "via")


SPEAKING_TO_CHANNEL = Step(
    "channel/speaking-to", "Speaking to CNN, the coach said: “We deserved to win the game today.”", "via"
)
INTERVIEW_CHANNEL = Step("channel/interview", "“We will appeal,” he said in an interview with Fox News.", "via")
