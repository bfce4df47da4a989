"""The speech lexicon: cue verbs, the words that type a source, and other word lists, read once from the data
files beside this module (README.md there says where each list came from).

`LEXICON` holds typed, frozen views of the files and the sets derived from them; nothing here imports the
attribution package or stanza, so the parse selector in nlp.py can read it too.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from types import MappingProxyType

# What makes a verb a cue (verbs.toml says what each means).
CUE_CLASSES = frozenset(["speech", "clause-only", "naming"])
# What a verb's complements are.
FRAMES = frozenset(["addressee", "object-content", "gerund-content", "question", "inverting"])
# Classes or frames a lemma cannot hold together unless verbs.toml's [exceptions] gives the reason it does.
CONTRADICTORY_CLASSES = (frozenset(["speech", "clause-only"]), frozenset(["addressee", "object-content"]))
VERB_KEYS = frozenset(["classes", "frame", "forms", "particles", "object_particles", "topic_prepositions"])


@dataclass(frozen=True)
class Verb:
    """One cue lemma of verbs.toml."""

    lemma: str
    classes: frozenset[str] = frozenset()
    frame: frozenset[str] = frozenset()
    forms: tuple[str, ...] = ()  # irregular forms
    particles: tuple[str, ...] = ()  # with which it speaks when bound to a quote ("went on")
    object_particles: tuple[str, ...] = ()  # after which its object is what was said ("pointed out")
    topic_prepositions: tuple[str, ...] = ()  # whose object is the topic ("warned of")


@dataclass(frozen=True)
class Lexicon:
    """The data files as read: verbs by lemma, and every word list as written (duplicates and all)."""

    verbs: Mapping[str, Verb]
    exceptions: Mapping[str, str]  # lemma -> why it may hold contradictory classes
    words: Mapping[str, tuple[str, ...]]  # words.toml
    sources: Mapping[str, tuple[str, ...]]  # sources.toml
    names: Mapping[str, tuple[str, ...]]  # names/*.txt by file stem

    def lemmas(self, kind: str) -> frozenset[str]:
        """The lemmas with a cue class or frame ("speech", "addressee", …)."""
        if kind not in CUE_CLASSES | FRAMES:
            raise KeyError(kind)
        return frozenset(v.lemma for v in self.verbs.values() if kind in v.classes or kind in v.frame)

    def contradictions(self) -> dict[str, list[frozenset[str]]]:
        """Lemmas holding contradictory classes, with the pairs they hold, exceptions included."""
        found = {
            verb.lemma: [pair for pair in CONTRADICTORY_CLASSES if pair <= verb.classes | verb.frame]
            for verb in self.verbs.values()
        }
        return {lemma: pairs for lemma, pairs in found.items() if pairs}

    def irregular_forms(self) -> dict[str, tuple[str, ...]]:
        return {v.lemma: v.forms for v in self.verbs.values() if v.forms}

    def particles(self, key: str) -> dict[str, tuple[str, ...]]:
        """Lemma -> values of one tuple field of the verbs ("particles", "topic_prepositions", …), where set."""
        return {v.lemma: getattr(v, key) for v in self.verbs.values() if getattr(v, key)}

    def inflections(self, lemma: str, irregular: tuple[str, ...] | None = None) -> set[str]:
        """The surface forms of a verb that raw text can show ("warn" -> warns, warned, warning). Its `irregular`
        forms (by default the lexicon's `forms`) take the place of the regular ones of their kind: a form in
        -ing of the regular present participle, the others of the regular past ("said", not "sayed")."""
        if irregular is None:
            irregular = self.verbs[lemma].forms if lemma in self.verbs else ()
        participles = {form for form in irregular if form.endswith("ing")} or present_participles(lemma)
        past = {form for form in irregular if not form.endswith("ing")} or past_forms(lemma)
        return {lemma, third_person(lemma)} | participles | past

    def forms_of(self, lemmas) -> frozenset[str]:
        return frozenset(form for lemma in lemmas for form in self.inflections(lemma))

    @cached_property
    def cue_forms(self) -> frozenset[str]:
        """Every form a cue can take, speech verbs or not: the sentences worth a dependency parse show one."""
        return self.forms_of(self.lemmas("speech") | self.lemmas("clause-only") | self.lemmas("naming"))


def _verb(lemma: str, table: dict) -> Verb:
    unknown = set(table) - VERB_KEYS
    if unknown:
        raise ValueError(f"verbs.toml: {lemma}: unknown keys {sorted(unknown)}")
    classes, frame = frozenset(table.get("classes", ())), frozenset(table.get("frame", ()))
    if classes - CUE_CLASSES or frame - FRAMES:
        wrong = sorted((classes - CUE_CLASSES) | (frame - FRAMES))
        raise ValueError(f"verbs.toml: {lemma}: unknown class or frame {wrong}")
    return Verb(
        lemma,
        classes,
        frame,
        **{key: tuple(table.get(key, ())) for key in ("forms", "particles", "object_particles", "topic_prepositions")},
    )


def _lists(table: dict) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in table.items()})


def _name_list(text: str) -> tuple[str, ...]:
    """One name a line; blank lines and lines starting with # are left out."""
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def load() -> Lexicon:
    """Read the data files of this package."""
    data = files(__package__)
    verbs = tomllib.loads(data.joinpath("verbs.toml").read_text(encoding="utf-8"))
    names = data.joinpath("names")
    return Lexicon(
        verbs=MappingProxyType({lemma: _verb(lemma, table) for lemma, table in verbs["verbs"].items()}),
        exceptions=MappingProxyType(dict(verbs.get("exceptions", {}))),
        words=_lists(tomllib.loads(data.joinpath("words.toml").read_text(encoding="utf-8"))),
        sources=_lists(tomllib.loads(data.joinpath("sources.toml").read_text(encoding="utf-8"))),
        names=MappingProxyType(
            {
                entry.name.removesuffix(".txt"): _name_list(entry.read_text(encoding="utf-8"))
                for entry in sorted(names.iterdir(), key=lambda e: e.name)
                if entry.name.endswith(".txt")
            }
        ),
    )


LEXICON = load()


# ------------------------------------------------------------------------------------------- inflection
VOWELS = "aeiou"


def third_person(lemma: str) -> str:
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        return lemma + "es"  # echoes, pushes
    if _consonant_y(lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def present_participles(lemma: str) -> set[str]:
    if lemma.endswith("ie"):
        return {lemma[:-2] + "ying"}  # lie -> lying
    if lemma.endswith("e") and not lemma.endswith(("ee", "oe", "ye")):
        return {lemma[:-1] + "ing"}  # state -> stating; agree -> agreeing
    return {stem + "ing" for stem in _doubled(lemma)}


def past_forms(lemma: str) -> set[str]:
    """The regular past: "warned", "stated", "denied", "stopped", "panicked"; "signaled" and "signalled"."""
    if lemma.endswith("e"):
        return {lemma + "d"}
    if _consonant_y(lemma):
        return {lemma[:-1] + "ied"}
    return {stem + "ed" for stem in _doubled(lemma)}


def _consonant_y(lemma: str) -> bool:
    return len(lemma) > 1 and lemma.endswith("y") and lemma[-2] not in VOWELS


def _doubled(lemma: str) -> tuple[str, ...]:
    """The stems a suffix beginning with a vowel joins: the final consonant doubled after one short vowel in a
    word of one syllable (stop -> stopp), "ck" for "ic" (panic -> panick), both for a final l after one vowel
    (signal -> signal, signall: American and British). A longer word stressed on its last syllable (admit,
    refer) lists its forms in verbs.toml."""
    if lemma.endswith("ic"):
        return (lemma + "k",)
    letters = lemma.replace("qu", "qw")  # the u of "qu" is no vowel: quip -> quipped
    if len(letters) < 3 or letters[-1] in VOWELS + "wxy" or letters[-2] not in VOWELS or letters[-3] in VOWELS:
        return (lemma,)
    if lemma.endswith("l"):
        return (lemma, lemma + "l")
    syllables = sum(1 for i, ch in enumerate(letters) if ch in VOWELS and (i == 0 or letters[i - 1] not in VOWELS))
    return (lemma + lemma[-1],) if syllables == 1 else (lemma,)
