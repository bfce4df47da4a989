"""Attribution: stanza Document in, Quote records out.

Layers import downward only: the lexicon (cues) <- parse (words, marks, the Tree) <- find (the named rules) <-
resolve (speakers, Quote records) <- passes (direct, reported, turns, utterances) <- pipeline.
"""

from quotetrack.attribution.pipeline import REGISTRY, extract_quotes

__all__ = ["REGISTRY", "extract_quotes"]
