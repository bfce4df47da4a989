"""The writes and counts the CLI needs: articles with their quotes, database-wide speakers settled from each
article's entities, errors. The shape they are written into is quotetrack.schema's (re-exported here).
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Iterable
from typing import NamedTuple

import sqlite_utils

from .lexicon import LEXICON
from .records import Article, Quote, Speaker, alias_key, is_punctuation
from .schema import (
    BUSY_TIMEOUT_MS,
    FTS_TRIGGER_NAMES,
    MIGRATIONS,
    PAGE_CACHE_KIB,
    QUOTE_KINDS,
    REQUIRED_TABLES,
    SCHEMA,
    SQLITE_HEADER,
    TEXT_HASH_CHARS,
    TRIGGERS,
    VIEWS,
    WAL_AUTOCHECKPOINT_PAGES,
    Table,
    _now,
    _write_transaction,
    ensure_db_shape,
    is_quotetrack_db,
    open_db,
)

# The schema's names as well as this module's: code written before the split reads them from here.
__all__ = [
    "BUSY_TIMEOUT_MS",
    "FTS_TRIGGER_NAMES",
    "MIGRATIONS",
    "NAME_PARTICLES",
    "ONE_WORD_NAME_TYPES",
    "PAGE_CACHE_KIB",
    "PERSON_TITLES",
    "QUOTE_KINDS",
    "REQUIRED_TABLES",
    "SCHEMA",
    "SQLITE_HEADER",
    "StoredEntity",
    "TEXT_HASH_CHARS",
    "TRIGGERS",
    "Table",
    "UNNAMED_TYPES",
    "VIEWS",
    "WAL_AUTOCHECKPOINT_PAGES",
    "ensure_db_shape",
    "entity_key",
    "is_quotetrack_db",
    "open_db",
    "refresh_planner_statistics",
    "save_article",
    "save_articles",
    "save_error",
    "stored_hashes",
    "summary",
    "text_hash",
]


def refresh_planner_statistics(db: sqlite_utils.Database) -> None:
    """Let SQLite's planner see the tables' sizes (sqlite_stat1): quotes_view's newest-first page needs them
    to start from the index on quotes.published. Sampled, so it takes milliseconds at any size."""
    db.execute("PRAGMA analysis_limit=1000")
    db.execute("ANALYZE")


def stored_hashes(db: sqlite_utils.Database) -> dict[tuple[str, int], str]:
    """(path, record) -> sha256 of every stored article, so unchanged inputs can be skipped."""
    return {
        (row["path"], row["record"]): row["sha256"]
        for row in db.query("select path, record, sha256 from articles")
    }


def save_article(db: sqlite_utils.Database, article: Article, quotes: list[Quote], extractor: str) -> int:
    """Store `article` with exactly `quotes`, replacing what was stored for its (path, record).

    One transaction: after a crash the database holds either all of it or none of it.
    Returns the article id, which stays the same when an article is saved again.
    """
    return save_articles(db, [(article, quotes)], extractor)[0]


def save_articles(
    db: sqlite_utils.Database, items: Iterable[tuple[Article, list[Quote]]], extractor: str
) -> list[int]:
    """`save_article` for each (article, quotes), all in one transaction (a savepoint inside the caller's):
    after a crash or an error the database holds all of them or none of them. Returns the article ids."""
    article_ids: list[int] = []
    # Article id -> whether its articles row is new. Their quotes (all new rows) and those new articles rows
    # are not in the full-text indexes yet.
    unindexed: dict[int, bool] = {}
    with _write_transaction(db):
        for article, quotes in items:
            stored_id = _stored_article_id(db, article)
            if stored_id in unindexed:
                # Saved twice in one batch: the triggers that take its old rows out of the indexes need them in.
                _index_fts(db, unindexed)
                unindexed = {}
            article_id = _write_article(db, article, quotes, extractor, stored_id)
            unindexed[article_id] = stored_id is None
            article_ids.append(article_id)
        _index_fts(db, unindexed)
    return article_ids


def save_error(db: sqlite_utils.Database, path: str, reason: str) -> None:
    """Record that the input at `path` could not be processed: a new row, or one more `count` and a new
    `last_seen` on the row of the same path and reason."""
    now = _now()
    with _write_transaction(db):
        db.execute(
            "insert into errors (path, reason, time, count, last_seen) values (?, ?, ?, 1, ?) "
            "on conflict (path, reason) do update set count = count + 1, last_seen = excluded.last_seen",
            [path, reason, now, now],
        )


def summary(db: sqlite_utils.Database) -> dict:
    """Row counts for the end-of-run summary; `quotes_by_kind` lists every kind, zero if absent."""
    by_kind = dict.fromkeys(QUOTE_KINDS, 0)
    for row in db.query("select kind, count(*) as n from quotes group by kind order by kind"):
        by_kind[row["kind"]] = row["n"]
    return {
        "articles": db.table("articles").count,
        "quotes": db.table("quotes").count,
        "quotes_by_kind": by_kind,
        "speakers": db.table("speakers").count,
        "errors": db.table("errors").count,
    }


def text_hash(text: str) -> str:
    """The first TEXT_HASH_CHARS hex characters of the sha1 of the quote's words: case, quote marks, punctuation
    and spacing do not change it."""
    words = text.casefold().translate(_PUNCTUATION_AS_SPACE)
    return hashlib.sha1(" ".join(words.split()).encode("utf-8")).hexdigest()[:TEXT_HASH_CHARS]


class _PunctuationAsSpace(dict):
    """A str.translate table sending punctuation to a space, filled in as characters first turn up."""

    def __missing__(self, codepoint: int) -> int | str:
        self[codepoint] = " " if is_punctuation(chr(codepoint)) else codepoint
        return self[codepoint]


_PUNCTUATION_AS_SPACE = _PunctuationAsSpace()


def _inserted_columns(table: str) -> list[str]:
    return [column for column in SCHEMA[table].columns if column != "id"]


def _insert_sql(table: str) -> str:
    columns = _inserted_columns(table)
    names = ", ".join(f'"{column}"' for column in columns)
    return f'insert into "{table}" ({names}) values ({", ".join("?" for _ in columns)})'


# The write path runs these thousands of times a second; sqlite-utils' table methods would inspect the
# schema on every call.
_INSERT_SQL = {table: _insert_sql(table) for table in ("articles", "quotes", "speakers", "entities")}
# Row dict -> the values of _INSERT_SQL in order: sqlite3 binds a tuple in about half the time it binds a dict.
_INSERTED_VALUES = {table: operator.itemgetter(*_inserted_columns(table)) for table in _INSERT_SQL}
_INDEX_FTS_SQL = {
    name: f'insert into "{name}_fts" (rowid, {", ".join(table.fts)}) select id, {", ".join(table.fts)} '
    f'from "{name}" where {table.fts_article_key} in (select value from json_each(?)) order by id'
    for name, table in SCHEMA.items()
    if table.fts
}
_UPDATE_ARTICLE_SQL = "update articles set " + ", ".join(
    f'"{column}" = :{column}' for column in _inserted_columns("articles")
) + " where id = :id"


def _stored_article_id(db: sqlite_utils.Database, article: Article) -> int | None:
    row = db.execute("select id from articles where path = ? and record = ?", [article.path, article.record]).fetchone()
    return row[0] if row else None


def _write_article(
    db: sqlite_utils.Database, article: Article, quotes: list[Quote], extractor: str, stored_id: int | None
) -> int:
    """Write the rows of `article`, its entities and `quotes` (over the article stored as `stored_id`), and
    settle the database speakers of every identity key its old and new entities have; not indexing them."""
    row = {
        "path": article.path,
        "record": article.record,
        "title": article.title,
        "published": article.published,
        "author": article.author,
        "outlet": article.outlet,
        "url": article.url,
        "text": article.text,
        "words": len(article.text.split()),
        "sha256": article.sha256,
        "extracted_at": _now(),
        "extractor": extractor,
    }
    # Entities stored for the article before, by what they hold: one extracted again unchanged keeps its row.
    kept: dict[tuple, list[int]] = {}
    if stored_id is None:
        article_id = db.execute(_INSERT_SQL["articles"], _INSERTED_VALUES["articles"](row)).lastrowid
    else:
        article_id = stored_id
        db.execute(_UPDATE_ARTICLE_SQL, {**row, "id": article_id})
        db.execute("delete from quotes where article_id = ?", [article_id])
        old = "select id, name, type, aliases, key from entities where article_id = ? order by id"
        for entity_id, *held in db.execute(old, [article_id]):
            kept.setdefault(tuple(held), []).append(entity_id)
    # Identity keys to settle, in order of first appearance, so new speakers' ids follow the article.
    keys: dict[str, None] = {}
    speakers = dict.fromkeys(s for quote in quotes for s in (quote.speaker, quote.via) if s is not None)
    entity_ids = {}
    for speaker in speakers:
        held = (speaker.name, speaker.type, json.dumps(_names(speaker)), entity_key(speaker, article_id))
        if kept.get(held):
            entity_ids[speaker] = kept[held].pop(0)
            continue
        entity = {"article_id": article_id, **dict(zip(("name", "type", "aliases", "key"), held, strict=True)),
                  "speaker_id": None}  # fmt: skip
        entity_ids[speaker] = db.execute(_INSERT_SQL["entities"], _INSERTED_VALUES["entities"](entity)).lastrowid
        keys[held[3]] = None
    gone = [entity_id for ids in kept.values() for entity_id in ids]
    losing = {speaker_id for (speaker_id,) in db.execute(
        "select distinct speaker_id from entities where id in (select value from json_each(?))", [json.dumps(gone)]
    )}  # fmt: skip
    keys.update(dict.fromkeys(held[3] for held, ids in kept.items() if ids))
    db.execute("delete from entities where id in (select value from json_each(?))", [json.dumps(gone)])
    for key in keys:
        losing |= _settle_key(db, key)
    _rebuild_aliases(db, losing)
    entities = {speaker: _stored_entity(db, entity_ids[speaker]) for speaker in speakers}
    rows = (_quote_row(article_id, article, quote, entities) for quote in quotes)
    db.conn.executemany(_INSERT_SQL["quotes"], map(_INSERTED_VALUES["quotes"], rows))
    return article_id


def _index_fts(db: sqlite_utils.Database, unindexed: dict[int, bool]) -> None:
    """Add the quotes of the articles in `unindexed`, and the articles rows it marks new, to the FTS indexes."""
    keys = {"quotes": list(unindexed), "articles": [article_id for article_id, new in unindexed.items() if new]}
    for table, sql in _INDEX_FTS_SQL.items():
        if keys[table]:
            db.execute(sql, [json.dumps(keys[table])])


# Words that may be lower case inside a full name ("Bank of England", "Bashar al-Assad", "Louis van Gaal").
NAME_PARTICLES = frozenset(["of", "the", "and", "for", "&", "de", "du", "la", "le", "van", "von", "der", "den",
                            "da", "di", "del", "bin", "y", "on", "in"])  # fmt: skip
# Titles taken off a name before its words are counted: "Mr Brown" is a bare surname.
PERSON_TITLES = frozenset(LEXICON.sources["person_titles"])
# Types whose one-word names ("Toyota", "KCNA", "Reuters") are specific enough to be the same speaker in every
# article; a one-word person, government (a country) or unknown name is not.
ONE_WORD_NAME_TYPES = frozenset(["organization", "media"])
# Types that describe rather than name a speaker ("a senior official", "protesters"): never one across articles.
UNNAMED_TYPES = frozenset(["anonymous", "group"])


def entity_key(speaker: Speaker, article_id: int) -> str:
    """The key under which entities of different articles may be one database speaker: the full name (lower
    case, as alias_key gives it) when `speaker.name` is one, "=Name" for a one-word organisation or media name
    (merged only with the same name and type), and otherwise a key of article `article_id` alone ("#12 jones"),
    so a bare surname, a country or a description never links to another article's speaker."""
    key = alias_key(speaker.name)
    if speaker.type not in UNNAMED_TYPES and _is_name(speaker.name):
        words = key.split()
        while len(words) > 1 and words[0] in PERSON_TITLES:
            words = words[1:]
        if len(words) >= 2:
            return key
        if speaker.type in ONE_WORD_NAME_TYPES and " " not in key:
            return f"={key}"
    return f"#{article_id} {key or speaker.name}"


def _is_name(name: str) -> bool:
    """Whether every word but a particle has a capital: "Adam Jones", "KCNA", not "a senior official"."""
    words = name.split() if alias_key(name) else []
    return bool(words) and all(
        word.lower() in NAME_PARTICLES or any(char.isupper() for char in word) for word in words
    )


def _names(speaker: Speaker) -> list[str]:
    return list(dict.fromkeys(name for name in (speaker.name, *speaker.aliases) if alias_key(name)))


class StoredEntity(NamedTuple):
    """An entities row with the database speaker it belongs to, as quotes copy them."""

    id: int
    name: str
    speaker_id: int
    speaker: str
    speaker_type: str


def _stored_entity(db: sqlite_utils.Database, entity_id: int) -> StoredEntity:
    return StoredEntity(*db.execute(
        "select entities.id, entities.name, speakers.id, speakers.name, speakers.type from entities "
        "join speakers on speakers.id = entities.speaker_id where entities.id = ?", [entity_id]
    ).fetchone())  # fmt: skip


def _settle_key(db: sqlite_utils.Database, key: str) -> set[int]:
    """Give every entity stored under `key` its database speaker, decided by those entities alone (so by
    neither the order articles came in nor anything else stored): one speaker when at most one type other than
    'unknown' occurs among them, else one per type. Speakers are created, renamed, retyped or deleted to fit,
    and quotes' copies follow. Returns the ids of speakers that lost entities (their aliases need a rebuild)."""
    types = sorted(t for (t,) in db.execute("select distinct type from entities where key = ?", [key]))
    typed = [t for t in types if t != "unknown"]
    if not types:
        groups = {}
    elif len(typed) <= 1:
        groups = {(typed[0] if typed else "unknown"): types}
    else:
        groups = {t: [t] for t in types}
    existing = {
        identity: speaker_id
        for identity, speaker_id in db.execute("select identity, id from speakers where key = ?", [key])
    }
    wanted = {f"{kind}|{key}": (kind, members) for kind, members in sorted(groups.items())}
    unused = sorted(speaker_id for identity, speaker_id in existing.items() if identity not in wanted)
    losing: set[int] = set()
    for identity, (kind, members) in wanted.items():
        in_group = f"key = ? and type in ({', '.join('?' for _ in members)})"
        (name,) = db.execute(
            f"select name from entities where {in_group} group by name "
            "order by count(*) desc, length(name) desc, name limit 1", [key, *members]
        ).fetchone()  # fmt: skip
        speaker_id = existing.get(identity) or (unused.pop(0) if unused else None)
        if speaker_id is None:
            row = {"name": name, "type": kind, "aliases": "[]", "key": key, "identity": identity}
            speaker_id = db.execute(_INSERT_SQL["speakers"], _INSERTED_VALUES["speakers"](row)).lastrowid
        elif db.execute("select name, type, identity from speakers where id = ?", [speaker_id]).fetchone() != (
            name, kind, identity
        ):
            db.execute("update speakers set name = ?, type = ?, identity = ? where id = ?",
                       [name, kind, identity, speaker_id])  # fmt: skip
            db.execute("update quotes set speaker = ?, speaker_type = ? where speaker_id = ?", [name, kind, speaker_id])
            db.execute("update quotes set via = ? where via_id = ?", [name, speaker_id])
        moved = db.execute(
            f"select id, speaker_id, aliases from entities where {in_group} and speaker_id is not ?",
            [key, *members, speaker_id],
        ).fetchall()
        if not moved:
            continue
        ids = json.dumps([entity_id for entity_id, _, _ in moved])
        losing |= {old for _, old, _ in moved if old is not None}
        db.execute("update entities set speaker_id = ? where id in (select value from json_each(?))", [speaker_id, ids])
        db.execute(
            "update quotes set speaker_id = ?, speaker = ?, speaker_type = ? "
            "where speaker_entity_id in (select value from json_each(?))", [speaker_id, name, kind, ids]
        )  # fmt: skip
        db.execute(
            "update quotes set via_id = ?, via = ? where via_entity_id in (select value from json_each(?))",
            [speaker_id, name, ids],
        )
        _add_aliases(db, speaker_id, [alias for _, _, aliases in moved for alias in json.loads(aliases)])
    for speaker_id in unused:
        db.execute("delete from speaker_aliases where speaker_id = ?", [speaker_id])
        db.execute("delete from speakers where id = ?", [speaker_id])
    return losing - set(unused)


def _add_aliases(db: sqlite_utils.Database, speaker_id: int, names: Iterable[str]) -> None:
    """Add `names` to the speaker's aliases: its name first, then every other name in sorted order."""
    name, stored = db.execute("select name, aliases from speakers where id = ?", [speaker_id]).fetchone()
    known = set(json.loads(stored or "[]"))
    new = set(names) - known - {name}
    if new or name not in known:
        aliases = [name, *sorted((known | new) - {name})]
        db.execute("update speakers set aliases = ? where id = ?", [json.dumps(aliases), speaker_id])
        db.conn.executemany(
            "insert or ignore into speaker_aliases (alias_key, speaker_id) values (?, ?)",
            [(alias_key(alias), speaker_id) for alias in aliases],
        )


def _rebuild_aliases(db: sqlite_utils.Database, speaker_ids: Iterable[int]) -> None:
    """Make the aliases of these speakers (those still stored) the names of the entities they hold now."""
    for speaker_id in sorted(speaker_ids):
        if db.execute("select 1 from speakers where id = ?", [speaker_id]).fetchone() is None:
            continue
        db.execute("update speakers set aliases = '[]' where id = ?", [speaker_id])
        db.execute("delete from speaker_aliases where speaker_id = ?", [speaker_id])
        names = [n for (aliases,) in db.execute("select aliases from entities where speaker_id = ?", [speaker_id])
                 for n in json.loads(aliases)]  # fmt: skip
        _add_aliases(db, speaker_id, names)


def _quote_row(article_id: int, article: Article, quote: Quote, entities: dict[Speaker, StoredEntity]) -> dict:
    speaker = entities[quote.speaker] if quote.speaker else None
    via = entities[quote.via] if quote.via else None
    return {
        "article_id": article_id,
        "utterance_id": f"{article_id}-{quote.utterance}",
        "kind": quote.kind,
        "text": quote.text,
        "start": quote.span.start,
        "end": quote.span.end,
        "cue": quote.cue,
        "cue_start": quote.cue_span.start if quote.cue_span else None,
        "cue_end": quote.cue_span.end if quote.cue_span else None,
        "cue_text": quote.cue_text,
        "rule": " ".join(quote.rule) or None,
        "speaker_id": speaker.speaker_id if speaker else None,
        "speaker_entity_id": speaker.id if speaker else None,
        "speaker_entity": speaker.name if speaker else None,
        "speaker_text": quote.speaker_mention,
        "speaker_start": quote.speaker_span.start if quote.speaker_span else None,
        "speaker_end": quote.speaker_span.end if quote.speaker_span else None,
        "via_id": via.speaker_id if via else None,
        "via_entity_id": via.id if via else None,
        "confidence": quote.confidence,
        "context": quote.context,
        "text_hash": text_hash(quote.text),
        "speaker": speaker.speaker if speaker else None,
        "speaker_type": speaker.speaker_type if speaker else None,
        "via": via.speaker if via else None,
        "outlet": article.outlet,
        "published": article.published,
    }
