"""Hand-made stanza Documents: a text, its words with a hand-written parse, and named entities.

Each word is "form lemma UPOS head deprel [XPOS]" (head is the 1-based index in its sentence, 0 for the root;
XPOS, when not given, follows from UPOS);
offsets are found by locating each form in the text in order, so fixtures read like the sentence they show.
"""

from __future__ import annotations

from stanza.utils.conll import CoNLL

XPOS = {"PRON": "PRP", "VERB": "VBD", "AUX": "MD", "NOUN": "NN", "PROPN": "NNP", "PUNCT": ".", "ADJ": "JJ",
        "DET": "DT", "ADP": "IN", "SCONJ": "IN", "CCONJ": "CC", "ADV": "RB", "PART": "TO", "NUM": "CD"}


def document(text: str, sentences: list[list[str]], entities: dict[str, str] | None = None):
    """entities maps an entity's text to its type (PER, ORG, ...); every occurrence is tagged."""
    entities = entities or {}
    lines, at = [], 0
    for sentence in sentences:
        _check_tree(sentence)
        for number, spec in enumerate(sentence, start=1):
            form, lemma, upos, head, deprel, *tag = spec.split()
            start = text.index(form, at)
            at = start + len(form)
            xpos = tag[0] if tag else "VBG" if lemma != form and form.endswith("ing") else XPOS.get(upos, "_")
            misc = f"start_char={start}|end_char={at}"
            lines.append("\t".join([str(number), form, lemma, upos, xpos, "_", head, deprel, "_", misc]))
        lines.append("")
    doc = CoNLL.conll2doc(input_str="\n".join(lines) + "\n")
    doc.text = text
    for sentence in doc.sentences:
        for token in sentence.tokens:
            token.ner = "O"
    for name, kind in entities.items():
        _tag(doc, text, name, kind)
    doc.build_ents()
    return doc


def _check_tree(sentence: list[str]) -> None:
    """A hand-written parse must be a tree: every head chain reaches the root (a cycle would hang the rules)."""
    heads = [int(spec.split()[3]) for spec in sentence]
    for number in range(1, len(heads) + 1):
        seen, current = set(), number
        while current:
            if current in seen or not 0 <= heads[current - 1] <= len(heads):
                raise ValueError(f"word {number} of {sentence[0]!r}…: heads {heads} are not a tree")
            seen.add(current)
            current = heads[current - 1]


def _tag(doc, text: str, name: str, kind: str) -> None:
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        tokens = [t for s in doc.sentences for t in s.tokens if t.start_char >= start and t.end_char <= end]
        if any(t.ner != "O" for t in tokens):  # inside a longer name tagged already
            start = text.find(name, end)
            continue
        for position, token in enumerate(tokens):
            if len(tokens) == 1:
                token.ner = f"S-{kind}"
            elif position == 0:
                token.ner = f"B-{kind}"
            elif position == len(tokens) - 1:
                token.ner = f"E-{kind}"
            else:
                token.ner = f"I-{kind}"
        start = text.find(name, end)
