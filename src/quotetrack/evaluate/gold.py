"""PolNeAR-format gold (brat standoff): the attributions of each article, which of them are DIRECT (a quotation
mark in the content) and SPEECH (DIRECT, or a cue that is a communication act), and the referent files that
say who each gold source is."""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DOUBLE_MARKS = frozenset('"“”«»„')
# Single marks count only as a pair around words, so apostrophes and possessives do not.
SINGLE_MARK_PAIR = re.compile(r"(?<!\w)['‘](?=\w).*?(?<=\S)['’](?!\w)", re.S)

# The reference scorer's word lists, copied in scorer_words.toml (which says why).
SCORER_WORDS = tomllib.loads(resources.files(__package__).joinpath("scorer_words.toml").read_text(encoding="utf-8"))
SPEECH_CUE_LEMMAS = frozenset(SCORER_WORDS["speech_cue_lemmas"])
IRREGULAR_FORMS: dict[str, str] = SCORER_WORDS["irregular_forms"]
SUFFIX_RULES = tuple((suffix, replacement) for suffix, replacement in SCORER_WORDS["suffix_rules"])
NOT_NAME_WORDS = frozenset(SCORER_WORDS["not_name_words"])


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
    """The referent file the gold itself holds, where there is one: GOLD_DIR/referents.tsv, or the parent's
    referents.tsv (rows keyed "<half>/<stem>", as tests/data/news has it). Any other file is given by name
    (`evaluate --referents FILE`)."""
    gold_dir = Path(gold_dir).resolve()
    candidates = (gold_dir / "referents.tsv", gold_dir.parent / "referents.tsv")
    return next((path for path in candidates if path.is_file()), None)


def load_referents(path: Path, gold_dir=None) -> dict[str, list[Referent]]:
    """The referent rows of a tab-separated referent file by article stem; an article named "<half>/<stem>" is
    kept only when `gold_dir` is that half (a file shared by dev/ and train/)."""
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
