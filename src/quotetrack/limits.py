"""Bounds on what one article may cost the NLP stage, whatever its text.

The tagger's and the parser's memory grows with the square of a sentence's length (one sentence of 1,000 `"`
needed 3.3 GB, a 100 KB line with one "said" asked torch for 51.8 GB), and Stanza's tokenizer takes time with the
square of a run of characters without a space (its URL pattern: 10,000 characters, 4.3 s). So a text over a budget
is refused before any model sees it, and sentences are cut to a maximum length between the tokenizer and the rest.
"""

from __future__ import annotations

import re

# No PolNeAR sentence comes near it: longest 97 tokens of 3,354 in dev, 223 of 30,736 in train.
MAX_SENTENCE_TOKENS = 250
# About 400 KB of English prose, a minute or two of the pipeline on one thread; the longest PolNeAR article has
# 6,481 tokens.
MAX_ARTICLE_TOKENS = 100_000
# Longer than any URL worth reading; a run this long costs the tokenizer about 0.15 s.
MAX_RUN_CHARACTERS = 2_000

# What the tokenizer will make a token of, near enough to count them: words, each other mark, and a long run of
# letters counted in pieces of 20.
_TOKEN_ESTIMATE = re.compile(r"\w{1,20}|[^\w\s]")
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARACTERS + 1},}}")


class TextTooLong(ValueError):
    """A text over the budget of one article; its message is the reason recorded for the article."""


def check_text(text: str) -> None:
    """Raise TextTooLong when the text is over a budget, before any model sees it."""
    run = _LONG_RUN.search(text)
    if run is not None:
        raise TextTooLong(
            f"{len(run[0]):,} characters without a space at offset {run.start()}, over the limit of "
            f"{MAX_RUN_CHARACTERS:,}: not prose the pipeline can read"
        )
    tokens = sum(1 for _ in _TOKEN_ESTIMATE.finditer(text))
    if tokens > MAX_ARTICLE_TOKENS:
        raise TextTooLong(
            f"about {tokens:,} tokens, over the limit of {MAX_ARTICLE_TOKENS:,} for one article: split it into articles"
        )


def cap_sentences(document, max_tokens: int = MAX_SENTENCE_TOKENS):
    """The tokenized document, or a copy with every sentence over max_tokens cut into pieces of at most max_tokens.

    Offsets are kept; only sentence boundaries are added. A quote that spans a cut may be lost, which only happens
    on text no real sentence looks like.
    """
    from stanza.models.common.doc import Document

    if all(len(sentence.tokens) <= max_tokens for sentence in document.sentences):
        return document
    pieces = [
        [dict(token, id=number) for number, token in enumerate(sentence[start : start + max_tokens], start=1)]
        for sentence in document.to_dict()
        for start in range(0, len(sentence), max_tokens)
    ]
    return Document(pieces, text=document.text)
