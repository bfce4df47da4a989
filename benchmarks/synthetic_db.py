"""A synthetic quotetrack database at scale, with the real schema (store.ensure_db_shape) and FTS indexes.

    python benchmarks/synthetic_db.py /tmp/qt-bench/quotes.db            # 1,000,000 quotes, a few minutes
    python benchmarks/synthetic_db.py PATH --quotes 10000 --articles 1000 --speakers 300

Shaped like news: speakers quoted with Zipfian frequency, two to four of them per article, ~20 outlets,
five years of dates, direct/indirect/mixed quotes introduced by common speech verbs, some quotes repeated
word for word across articles (wire copy). Every offset indexes the article text, as in a real extraction.
Rows are written the fast way (executemany in large transactions) but through store's own row layout.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import sqlite_utils

from quotetrack import store
from quotetrack.records import Article, Quote, Span, Speaker, alias_key

QUOTES, ARTICLES, SPEAKERS = 1_000_000, 100_000, 10_000  # the default size
EXTRACTOR = "synthetic_db.py"
EXTRACTED_AT = "2025-01-01T00:00:00+00:00"
ARTICLES_PER_TRANSACTION = 2_000
FIRST_DAY, DAYS = date(2020, 1, 1), 5 * 365
ZIPF_EXPONENT = 1.07  # word and speaker frequencies in news text follow Zipf's law with an exponent near 1

OUTLETS = (
    "Harbor Times", "Valley Ledger", "Evening Post", "Daily Courier", "Northern Star", "Capital Herald",
    "Metro Tribune", "Coastal Gazette", "Riverside Chronicle", "Morning Dispatch", "National Wire",
    "City Bulletin", "Plains Observer", "Lakeside Journal", "Frontier Press", "Union Register",
    "Summit Review", "Bay Examiner", "Central Sentinel", "Highland Record",
)
# Lemma -> the past tense written in the text, most common first.
CUES = {
    "say": "said", "tell": "told", "add": "added", "according to": "According to", "warn": "warned",
    "claim": "claimed", "announce": "announced", "note": "noted", "explain": "explained", "insist": "insisted",
    "confirm": "confirmed", "deny": "denied", "state": "stated", "write": "wrote", "argue": "argued",
    "report": "reported", "stress": "stressed", "suggest": "suggested", "admit": "admitted", "promise": "promised",
}
KINDS, KIND_WEIGHTS = ("direct", "indirect", "mixed"), (45, 45, 10)
SPEAKER_TYPES = ("person", "government", "organization", "media", "group", "anonymous", "unknown")
SPEAKER_TYPE_WEIGHTS = (60, 12, 12, 8, 3, 4, 1)
COMMON_WORDS = (
    "the of to and a in that is for on it with as was be by this are have from at not but an they which "
    "we will has would their been were more said there its all can about people government new year "
    "minister police week court president talks state city plan country security officials deal price "
    "election policy vote market workers company public health report support law budget years economy "
    "military water energy school project families local national border crisis tax trade rights"
).split()
NAME_TEMPLATES = {
    "government": ("Ministry of {} Affairs", "{} city council", "the {} Interior Ministry"),
    "organization": ("{} Group", "{} Holdings", "the {} Foundation"),
    "group": ("{} residents", "{} protesters"),
    "anonymous": ("a senior {} official", "a {} diplomat who asked not to be named"),
    "unknown": ("the {} spokesperson",),
}
SYLLABLES = "ka ro mi te lan vor si den ba lu ner to hal ze fin gra mo ris pel an dor quin sa vel tem".split()
UNATTRIBUTED_SHARE, VIA_SHARE, REPEATED_SHARE = 0.08, 0.06, 0.03


def zipf_cumulative_weights(count: int) -> list[float]:
    return list(itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, count + 1)))


def invented_word(rng: random.Random) -> str:
    return "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3)))


def roster(rng: random.Random, count: int) -> list[Speaker]:
    """`count` speakers with distinct names, the most quoted first."""
    speakers, keys = [], set()
    while len(speakers) < count:
        speaker = _invented_speaker(rng, rng.choices(SPEAKER_TYPES, SPEAKER_TYPE_WEIGHTS)[0])
        key = alias_key(speaker.name)
        if key not in keys:
            keys.add(key)
            speakers.append(speaker)
    return speakers


def _invented_speaker(rng: random.Random, speaker_type: str) -> Speaker:
    name = invented_word(rng).capitalize()
    if speaker_type == "person":
        first, last = invented_word(rng).capitalize(), name
        return Speaker(f"{first} {last}", "person", (f"{first} {last}", last))
    if speaker_type == "media":
        full = f"{name} {rng.choice(('News Agency', 'Broadcasting', 'Press Service'))}"
        return Speaker(full, "media", (full, "".join(word[0] for word in full.split()).upper()))
    return Speaker(rng.choice(NAME_TEMPLATES[speaker_type]).format(name), speaker_type)


def articles(
    rng: random.Random, article_count: int, quote_count: int, speakers: Sequence[Speaker], path_prefix: str
) -> Iterator[tuple[Article, list[Quote]]]:
    """`article_count` articles holding `quote_count` quotes in all, by `speakers` (the first most often)."""
    speaker_weights = zipf_cumulative_weights(len(speakers))
    media = [speaker for speaker in speakers if speaker.type == "media"] or list(speakers)
    vocabulary = list(COMMON_WORDS) + list(dict.fromkeys(invented_word(rng) for _ in range(20_000)))
    word_weights = zipf_cumulative_weights(len(vocabulary))
    outlet_weights = zipf_cumulative_weights(len(OUTLETS))
    cue_weights = zipf_cumulative_weights(len(CUES))
    quotes_per_article = Counter(rng.choices(range(article_count), k=quote_count))
    recent_texts: deque[str] = deque(maxlen=50)

    def words(low: int, high: int) -> str:
        return " ".join(rng.choices(vocabulary, cum_weights=word_weights, k=rng.randint(low, high)))

    for number in range(article_count):
        outlet = rng.choices(OUTLETS, cum_weights=outlet_weights)[0]
        published = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
        title = words(5, 10).capitalize()
        in_article = rng.choices(speakers, cum_weights=speaker_weights, k=rng.randint(2, 4))
        paragraphs, quotes, offset, mentioned = [title], [], len(title) + 2, set()
        for utterance in range(quotes_per_article[number]):
            speaker = None if rng.random() < UNATTRIBUTED_SHARE else rng.choice(in_article)
            via = rng.choice(media) if speaker and rng.random() < VIA_SHARE else None
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            if recent_texts and rng.random() < REPEATED_SHARE:
                text = rng.choice(recent_texts)
            else:
                text = words(8, 25) if kind != "mixed" else f"{words(5, 12)} “{words(3, 8)}”"
                recent_texts.append(text)
            mention = None
            if speaker:
                mention = speaker.aliases[-1] if speaker in mentioned and speaker.aliases else speaker.name
                mentioned.add(speaker)
            cue = rng.choices(list(CUES), cum_weights=cue_weights)[0]
            sentence, starts = _sentence(kind, text, cue, mention)
            quotes.append(
                Quote(
                    kind=kind,
                    span=Span(offset + starts["quote"], offset + starts["quote"] + len(text)),
                    text=text,
                    utterance=utterance,
                    cue=cue if "cue" in starts else None,
                    cue_span=_span(offset, starts, "cue", CUES[cue]),
                    speaker=speaker,
                    speaker_mention=mention,
                    speaker_span=_span(offset, starts, "mention", mention),
                    via=via,
                    confidence=round(rng.uniform(0.4, 0.95), 2),
                    context=sentence,
                )
            )
            filler = f"{words(10, 25).capitalize()}."
            paragraphs.append(f"{sentence} {filler}")
            offset += len(sentence) + len(filler) + 3
        text = "\n\n".join(paragraphs)
        article = Article(
            path=f"{path_prefix}{outlet.lower().replace(' ', '-')}/{published[:4]}/{number}.html",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            title=title,
            published=published,
            author=" ".join(word.capitalize() for word in words(2, 2).split()),
            outlet=outlet,
            url=f"https://{outlet.lower().replace(' ', '')}.example/{published}/{number}",
        )
        yield article, quotes


def _sentence(kind: str, text: str, cue: str, mention: str | None) -> tuple[str, dict[str, int]]:
    """A sentence quoting `text`, and where its quote, cue and speaker mention start in it."""
    quoted = [("“", None), (text, "quote"), ("”", None)] if kind == "direct" else [(text, "quote")]
    if mention is None:
        pieces = [*quoted, (".", None)]
    elif cue == "according to":
        pieces = [(CUES[cue], "cue"), (" ", None), (mention, "mention"), (", ", None), *quoted, (".", None)]
    elif kind == "direct":
        pieces = [*quoted[:2], (",” ", None), (mention, "mention"), (" ", None), (CUES[cue], "cue"), (".", None)]
    else:
        pieces = [(mention, "mention"), (" ", None), (CUES[cue], "cue"), (" that ", None), *quoted, (".", None)]
    starts, position = {}, 0
    for piece, role in pieces:
        if role:
            starts[role] = position
        position += len(piece)
    return "".join(piece for piece, _ in pieces), starts


def _span(offset: int, starts: dict[str, int], role: str, piece: str | None) -> Span | None:
    return Span(offset + starts[role], offset + starts[role] + len(piece)) if role in starts else None


def insert_articles(db: sqlite_utils.Database, items: Iterator[tuple[Article, list[Quote]]]) -> None:
    """The fast path: what save_article stores and indexes (articles, their entities, the database speakers those
    belong to, quotes), written with executemany, many articles per transaction.

    An entity's database speaker is the one of its identity (type and store.entity_key), as store settles it when
    every entity under a key has one type and one name: a full name is one speaker in every article, a description
    ("a senior Karo official", "Karo residents") one per article.
    """
    article_columns = [c for c in store.SCHEMA["articles"].columns if c != "id"]
    quote_columns = [c for c in store.SCHEMA["quotes"].columns if c != "id"]
    insert_article = _insert_sql("articles", ["id", *article_columns])
    insert_entity = _insert_sql("entities", list(store.SCHEMA["entities"].columns))
    insert_speaker = _insert_sql("speakers", list(store.SCHEMA["speakers"].columns))
    insert_quote = _insert_sql("quotes", quote_columns)
    insert_alias = "insert or ignore into speaker_aliases (alias_key, speaker_id) values (?, ?)"
    article_id, entity_id, speaker_id = (
        db.execute(f"select coalesce(max(id), 0) from {table}").fetchone()[0]
        for table in ("articles", "entities", "speakers")
    )
    speaker_ids = dict(db.execute("select identity, id from speakers").fetchall())
    while chunk := list(itertools.islice(items, ARTICLES_PER_TRANSACTION)):
        article_rows, entity_rows, speaker_rows, alias_rows, quote_rows = [], [], [], [], []
        for article, quotes in chunk:
            article_id += 1
            row = {**vars(article), "words": len(article.text.split()), "extracted_at": EXTRACTED_AT,
                   "extractor": EXTRACTOR}
            article_rows.append([article_id, *(row[c] for c in article_columns)])
            entities = {}
            for speaker in dict.fromkeys(s for quote in quotes for s in (quote.speaker, quote.via) if s):
                key = store.entity_key(speaker, article_id)
                identity = f"{speaker.type}|{key}"
                names = store._names(speaker)
                if identity not in speaker_ids:
                    speaker_id += 1
                    speaker_ids[identity] = speaker_id
                    aliases = [speaker.name, *sorted(set(names) - {speaker.name})]
                    speaker_rows.append([speaker_id, speaker.name, speaker.type, json.dumps(aliases), key, identity])
                    alias_rows.extend((alias_key(name), speaker_id) for name in aliases)
                entity_id += 1
                entity_rows.append(
                    [entity_id, article_id, speaker.name, speaker.type, json.dumps(names), key, speaker_ids[identity]]
                )
                entities[speaker] = store.StoredEntity(
                    entity_id, speaker.name, speaker_ids[identity], speaker.name, speaker.type
                )
            for quote in quotes:
                quote_row = store._quote_row(article_id, article, quote, entities)
                quote_rows.append([quote_row[c] for c in quote_columns])
        with db.atomic():
            db.conn.executemany(insert_article, article_rows)
            db.conn.executemany(insert_speaker, speaker_rows)
            db.conn.executemany(insert_alias, alias_rows)
            db.conn.executemany(insert_entity, entity_rows)
            db.conn.executemany(insert_quote, quote_rows)
            store._index_fts(db, dict.fromkeys((row[0] for row in article_rows), True))


def _insert_sql(table: str, columns: list[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'insert into "{table}" ({names}) values ({", ".join("?" for _ in columns)})'


def build(path: Path, quotes: int, article_count: int, speaker_count: int, seed: int) -> None:
    """A new database at `path` holding `quotes` quotes in `article_count` articles by a roster of `speaker_count`
    speakers (more database speakers: a description is one per article)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    store.ensure_db_shape(db)
    db.execute("PRAGMA cache_size=-500000")  # 500 MB: the indexes on random keys (text_hash) stay in memory
    rng = random.Random(seed)
    insert_articles(db, articles(rng, article_count, quotes, roster(rng, speaker_count), "synthetic/"))
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--quotes", type=int, default=QUOTES)
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--speakers", type=int, default=SPEAKERS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replace", action="store_true", help="delete an existing database at PATH first")
    args = parser.parse_args()
    if args.path.exists():
        if not args.replace:
            sys.exit(f"{args.path} exists; pass --replace to build it again")
        for stale in args.path.parent.glob(f"{args.path.name}*"):
            stale.unlink()
    print(f"command: {' '.join(sys.argv)}")
    started = time.perf_counter()
    build(args.path, args.quotes, args.articles, args.speakers, args.seed)
    seconds = time.perf_counter() - started
    counts = store.summary(sqlite_utils.Database(args.path))
    print(f"built {args.path} in {seconds:.0f} s: {counts['quotes']:,} quotes ({counts['quotes_by_kind']}), "
          f"{counts['articles']:,} articles, {counts['speakers']:,} speakers; "
          f"{args.path.stat().st_size / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
