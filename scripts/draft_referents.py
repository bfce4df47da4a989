"""Draft referent candidates for the gold sources of a PolNeAR split, to be read and corrected by hand.

    python scripts/draft_referents.py draft ../shared/data/polnear/dev > draft.tsv
    python scripts/draft_referents.py draft ../shared/data/polnear/train 30 > draft.tsv
    python scripts/draft_referents.py show ../shared/data/polnear/dev tests/data/referents/polnear_dev.tsv STEM

`draft GOLD_DIR [ARTICLES]` writes one row per gold attribution with a Source span in the first ARTICLES
(default 42, the dev file's) articles load_gold scores, in its sorted order:
the referent is the longest proper-noun phrase of the article holding the source's head word, a pronoun
takes the nearest preceding person referent, a relative pronoun the proper-noun phrase just before it.
`show` prints each row of one article with the text around its source, for reading the rows against it.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from quotetrack.evaluate import load_gold

ARTICLES = 42
COLUMNS = ("article", "content_start", "content_end", "source_start", "source_end", "source_text", "referent",
           "also", "type")
TITLES = frozenset("mr mrs ms dr sen rep gov president senator governor secretary former rival the republican "
                   "democrat democratic libertarian gop vice chairman chairwoman director speaker leader "
                   "mayor attorney general minister prime".split())
MALE_PRONOUNS = frozenset("he him his".split())
FEMALE_PRONOUNS = frozenset("she her".split())
NAMES = Path(__file__).resolve().parent.parent / "src" / "quotetrack" / "lexicon" / "names"
GIVEN_NAMES = {
    gender: frozenset(line.strip() for line in (NAMES / f"{gender}.txt").read_text().splitlines()
                      if line.strip() and not line.startswith("#"))
    for gender in ("male", "female")
}
RELATIVE_PRONOUNS = frozenset("who which that whose".split())
MEDIA_WORDS = ("times", "post", "cnn", "fox", "news", "breitbart", "politico", "msnbc", "abc", "nbc", "cbs",
               "journal", "politifact", "huffington", "tribune", "magazine", "kcna", "newspaper", "the hill")
GOVERNMENT_WORDS = ("administration", "department", "ministry", "court", "congress", "senate", "house",
                    "committee", "agency", "fbi", "government", "white house", "state", "police", "u.n.",
                    "united nations", "kremlin", "epa", "irs", "commission", "city")
ORGANIZATION_WORDS = ("campaign", "party", "bank", "company", "group", "foundation", "report", "study", "poll",
                      "ad", "video", "film", "committee", "naacp", "institute", "center", "association",
                      "union", "council", "research", "survey", "analysis", "statement", "fargo")
ANONYMOUS_WORDS = ("source", "official", "aide", "operative", "spokesman", "spokeswoman", "adviser", "someone",
                   "one", "person", "insider", "staffer")
GROUP_WORDS = ("republicans", "democrats", "voters", "people", "americans", "supporters", "critics",
               "environmentalists", "experts", "analysts", "economists", "parents", "lawmakers", "members",
               "leaders", "they", "many", "some", "others", "advocates", "activists", "latinos", "students")
CAPITALISED_WORD = re.compile(r"[A-Z][\w'’-]*\.?")
# A full stop ends a run of capitalised words unless it closes a title or an initial.
ABBREVIATIONS = frozenset("Mr. Mrs. Ms. Dr. Sen. Rep. Gov. Gen. Jr. St. Lt. Col.".split())


def proper_phrases(text: str) -> list[tuple[int, int, str]]:
    """Runs of capitalised words on one line, without leading titles, as (start, end, phrase)."""
    runs: list[list[re.Match]] = []
    for match in CAPITALISED_WORD.finditer(text):
        previous = runs[-1][-1] if runs else None
        joined = (previous is not None and text[previous.end():match.start()] == " "
                  and (not previous.group().endswith(".") or previous.group() in ABBREVIATIONS
                       or len(previous.group()) == 2))
        if joined:
            runs[-1].append(match)
        else:
            runs.append([match])
    found = []
    for run in runs:
        words = [m.group() for m in run]
        titled = [i for i, w in enumerate(words[:-1]) if w.lower().strip(".") in TITLES]
        words = words[titled[-1] + 1:] if titled else words
        phrase = re.sub(r"[’']s$", "", " ".join(words)).strip(".,")
        if phrase:
            found.append((run[0].start(), run[-1].end(), phrase))
    return found


def guess_type(referent: str, source: str) -> str:
    lower = f" {source.lower()} "
    if referent == "-":
        return "unknown"
    for words, kind in ((MEDIA_WORDS, "media"), (GOVERNMENT_WORDS, "government"),
                        (ORGANIZATION_WORDS, "organization")):
        if any(f" {w} " in f" {referent.lower()} " for w in words):
            return kind
    if any(w in lower for w in ANONYMOUS_WORDS):
        return "anonymous"
    if any(f" {w} " in lower for w in GROUP_WORDS) or lower.strip().endswith("s"):
        return "group" if not referent[:1].isupper() else "person"
    return "person" if referent[:1].isupper() else "anonymous"


def draft_article(stem: str, text: str, golds) -> list[dict]:
    phrases = proper_phrases(text)
    rows, last_person = [], {"male": "-", "female": "-"}
    for gold in sorted((g for g in golds if g.source_spans), key=lambda g: g.source_spans[0][0]):
        start, end = gold.source_spans[0][0], gold.source_spans[-1][1]
        source = text[start:end]
        bare = re.sub(r"[’']s$", "", source.strip())
        lower = bare.lower()
        if lower in MALE_PRONOUNS | FEMALE_PRONOUNS:
            referent = last_person["male" if lower in MALE_PRONOUNS else "female"]
        elif lower in RELATIVE_PRONOUNS:
            before = [p for p in phrases if p[1] <= start and start - p[1] < 40]
            referent = before[-1][2] if before else "-"
        elif lower in ("we", "us", "you", "it", "they", "them", "said"):
            referent = "-"
        elif bare.split()[-1][:1].islower():
            referent = bare
        else:
            heads = [w for w in re.findall(r"[A-Z][\w'’.-]+", bare) if w.lower().strip(".") not in TITLES]
            if heads:
                head = re.sub(r"[’']s$", "", heads[-1])
                holding = [p[2] for p in phrases if head in p[2].split()]
                named = [p for p in holding if p.split()[-1] == head and len(p.split()) > 1]
                referent = max(named or holding or [bare], key=lambda p: (holding.count(p) > 1, len(p.split())))
            else:
                referent = bare
        kind = guess_type(referent, bare)
        if kind == "person" and referent != "-":
            first = referent.split()[0].lower()
            known = [g for g in ("male", "female") if first in GIVEN_NAMES[g]]
            if lower in MALE_PRONOUNS | FEMALE_PRONOUNS:
                known = [g for g in ("male", "female") if last_person[g] == referent]
            for gender in known or ("male", "female"):
                last_person[gender] = referent
        rows.append({
            "article": stem, "content_start": gold.start, "content_end": max(gold.chars) + 1,
            "source_start": start, "source_end": end, "source_text": source, "referent": referent,
            "also": "", "type": kind,
        })
    return sorted(rows, key=lambda r: (r["content_start"], r["content_end"], r["source_start"]))


def draft(gold_dir: Path, articles: int = ARTICLES) -> None:
    gold, texts = load_gold(gold_dir, articles)
    writer = csv.DictWriter(sys.stdout, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            quotechar=None)
    writer.writeheader()
    for stem in gold:
        writer.writerows(draft_article(stem, texts[stem], gold[stem]))


def show(gold_dir: Path, table: Path, stem: str, width: int = 150) -> None:
    """Each row of `stem` in `table` with `width` characters of text either side of its source."""
    text = (gold_dir / "text" / f"{stem}.txt").read_text(encoding="utf-8")
    with table.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if r["article"] == stem]
    for number, row in enumerate(rows):
        start, end = int(row["source_start"]), int(row["source_end"])
        left = text[max(0, start - width):start].replace("\n", " ¶ ")
        right = text[end:end + width].replace("\n", " ¶ ")
        print(f"#{number} {start} [{row['source_text']}] -> {row['referent']} | {row['also']} | {row['type']}")
        print(f"    …{left}⟦{text[start:end]}⟧{right}…")


if __name__ == "__main__":
    if sys.argv[1] == "draft":
        draft(Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else ARTICLES)
    else:
        show(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], *(int(w) for w in sys.argv[5:6]))
