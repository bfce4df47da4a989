"""Every public set, dict and tuple of the speech lexicon as JSON: the fixture that guards moving the lexicon
into data files (tests/test_lexicon.py asserts the derived sets still equal it).

    python scripts/lexicon_snapshot.py tests/data/lexicon_snapshot.json
"""

from __future__ import annotations

import json
import sys

from quotetrack.attribution import cues


def plain(value):
    """A JSON form of a lexicon value that keeps its type: sets sorted, dict keys sorted, tuples as lists."""
    if isinstance(value, frozenset | set):
        return {"type": type(value).__name__, "items": sorted(value)}
    if isinstance(value, dict):
        return {"type": "dict", "items": {key: plain(value[key]) for key in sorted(value)}}
    if isinstance(value, tuple):
        return {"type": "tuple", "items": list(value)}
    return {"type": type(value).__name__, "items": value}


def snapshot() -> dict:
    names = sorted(
        name for name, value in vars(cues).items() if name.isupper() and isinstance(value, frozenset | dict | tuple)
    )
    lemmas = sorted(set(cues.SPEECH_VERBS) | cues.CLAUSE_ONLY_VERBS | cues.NAMING_VERBS | set(cues.IRREGULAR_FORMS))
    return {
        "names": {name: plain(getattr(cues, name)) for name in names},
        "inflections": {lemma: sorted(cues.inflections(lemma)) for lemma in lemmas},
    }


def main() -> None:
    with open(sys.argv[1], "w", encoding="utf-8") as handle:
        json.dump(snapshot(), handle, indent=1, sort_keys=True, ensure_ascii=False)
        handle.write("\n")


if __name__ == "__main__":
    main()
