"""The SQLite database: its shape (`ensure_db_shape`) and the writes and counts the CLI needs.

Datasette metadata, SQL and the plugin are written against the names declared here.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from .records import Article, Quote, Speaker, alias_key, is_punctuation

QUOTE_KINDS = ("direct", "indirect", "mixed")
# 64 bits of the sha1: at a million quotes the odds that any two different ones share a text_hash are 1 in 37 million.
TEXT_HASH_CHARS = 16

TABLES = {
    "articles": {
        "id": int,
        "path": str,
        "record": int,
        "title": str,
        "published": str,
        "author": str,
        "outlet": str,
        "url": str,
        "text": str,
        "words": int,
        "sha256": str,
        "extracted_at": str,
        "extractor": str,
    },
    "speakers": {"id": int, "name": str, "type": str, "aliases": str},
    "speaker_aliases": {"alias_key": str, "speaker_id": int},
    "quotes": {
        "id": int,
        "article_id": int,
        "utterance_id": str,
        "kind": str,
        "text": str,
        "start": int,
        "end": int,
        "cue": str,
        "cue_start": int,
        "cue_end": int,
        "cue_text": str,
        "rule": str,
        "speaker_id": int,
        "speaker_text": str,
        "speaker_start": int,
        "speaker_end": int,
        "via_id": int,
        "confidence": float,
        "context": str,
        "text_hash": str,
        "speaker": str,
        "speaker_type": str,
        "via": str,
        "outlet": str,
        "published": str,
    },
    "errors": {"id": int, "path": str, "reason": str, "time": str},
}

PRIMARY_KEYS = {"speaker_aliases": "alias_key"}  # every other table: "id"

NOT_NULL = {
    "articles": ["path", "record"],
    "speaker_aliases": ["speaker_id"],
    "quotes": ["article_id", "utterance_id", "kind", "text"],
}

DEFAULTS = {"articles": {"record": 0}}

FOREIGN_KEYS = {
    "speaker_aliases": [("speaker_id", "speakers", "id")],
    "quotes": [
        ("article_id", "articles", "id"),
        ("speaker_id", "speakers", "id"),
        ("via_id", "speakers", "id"),
    ],
}

# One index per facet column; the unique one is what save_article upserts articles by.
INDEXES = {
    "articles": ["outlet", "published", "sha256"],
    "speakers": ["type", "name"],
    "quotes": [
        "article_id", "speaker_id", "via_id", "kind", "cue", "rule", "text_hash", "utterance_id",
        "speaker", "speaker_type", "via", "outlet", "published",
    ],
}  # fmt: skip
UNIQUE_INDEXES = {"articles": [("path", "record")]}
# Column -> the name (after idx_TABLE_) of its index when not the column's own: an index whose keys changed is
# named anew, so ensure_db_shape finds the old one among RETIRED_INDEXES and rewrites the keys before building it.
RENAMED_INDEXES = {"quotes": {"text_hash": f"text_hash_{TEXT_HASH_CHARS}"}}
# Datasette's date facet groups by date(published). SQLite 3.40 computes date() from the column even when an
# index holds it, so the column is in the index too: the facet then reads the index alone (53 ms, not 66 ms,
# for a million quotes; the limit is facet_time_limit_ms).
EXPRESSION_INDEXES = {"quotes": {"date_published": "date(published), published"}}

# Copies on quotes of what quotes_view is faceted by, so Datasette's facet and count queries read one index
# each instead of joining a million rows; save_article fills them and keeps speaker_type in step with speakers.
# When ensure_db_shape adds one of these columns to an existing database it fills it from this expression.
DENORMALISED = {
    "quotes": {
        "speaker": "(select name from speakers where speakers.id = quotes.speaker_id)",
        "speaker_type": "(select type from speakers where speakers.id = quotes.speaker_id)",
        "via": "(select name from speakers where speakers.id = quotes.via_id)",
        "outlet": "(select outlet from articles where articles.id = quotes.article_id)",
        "published": "(select published from articles where articles.id = quotes.article_id)",
    }
}

# Columns of earlier versions' rows that ensure_db_shape can fill when it adds them, besides DENORMALISED: cue
# held the words as written before it held the lemma. rule stays null: which rules decided an old quote is unknown.
FILLED_WHEN_ADDED = {"quotes": {**DENORMALISED["quotes"], "cue_text": "cue"}}

FTS = {"quotes": ["text"], "articles": ["title", "text"]}
# The column naming the article a row belongs to: store indexes new rows for full-text search article by article.
FTS_ARTICLE_KEY = {"quotes": "article_id", "articles": "id"}


def _fts_triggers(table: str, columns: list[str]) -> dict[str, str]:
    names = ", ".join(f'"{column}"' for column in columns)
    old = ", ".join(f'old."{column}"' for column in columns)
    new = ", ".join(f'new."{column}"' for column in columns)
    delete = f'INSERT INTO "{table}_fts" ("{table}_fts", rowid, {names}) VALUES(\'delete\', old.rowid, {old});'
    return {
        f"{table}_ad": f'CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN\n  {delete}\nEND',
        f"{table}_au": (
            f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {names} ON "{table}" BEGIN\n  {delete}\n'
            f'  INSERT INTO "{table}_fts" (rowid, {names}) VALUES (new.rowid, {new});\nEND'
        ),
    }


# Deletes and edits keep the full-text indexes right through these triggers. Inserts have none: save_articles
# indexes its new rows itself, many to a statement, which costs a fraction of one trigger run per row.
# Edits of other columns (speaker_type) leave the indexes alone.
TRIGGERS = {name: sql for table, columns in FTS.items() for name, sql in _fts_triggers(table, columns).items()}
# The names sqlite-utils gives its full-text triggers (insert, delete, update), which ensure_db_shape replaces.
FTS_TRIGGER_NAMES = {f"{table}_{suffix}" for table in FTS for suffix in ("ai", "ad", "au")}
# Indexes earlier versions declared and this one no longer needs -> the statement (or None) bringing what they
# indexed to what this version stores, run when ensure_db_shape drops the index, so once.
RETIRED_INDEXES = {
    "idx_quotes_article_id_speaker_id_via_id": None,
    # text_hash held the whole sha1 (40 characters), whose first TEXT_HASH_CHARS are what text_hash gives now.
    "idx_quotes_text_hash": (
        f"UPDATE quotes SET text_hash = substr(text_hash, 1, {TEXT_HASH_CHARS}) "
        f"WHERE length(text_hash) > {TEXT_HASH_CHARS}"
    ),
}

VIEWS = {
    # Reads only quotes (title and path are looked up for the rows shown), so Datasette's facet and count
    # queries over it use the indexes on quotes alone.
    "quotes_view": """
select
  quotes.id as id,
  quotes.kind,
  quotes.text,
  quotes.cue,
  quotes.cue_text,
  quotes.rule,
  quotes.speaker,
  quotes.speaker_type,
  quotes.via,
  quotes.speaker_text,
  quotes.context,
  quotes.confidence,
  quotes.utterance_id,
  quotes.start,
  quotes."end",
  quotes.text_hash,
  quotes.article_id,
  (select title from articles where articles.id = quotes.article_id) as title,
  quotes.outlet,
  quotes.published,
  (select path from articles where articles.id = quotes.article_id) as path
from quotes
""".strip(),
}

# Enough for the indexes a bulk write touches on a database of millions of quotes to stay in memory.
PAGE_CACHE_KIB = 256 * 1024
# Pages the WAL may hold before a commit copies them into the database file (SQLite's default: 1,000): a copy
# costs two fsyncs and writes an index page many commits touched once. The WAL grows to about 100 MB, and a power
# cut can lose the commits still in it (NORMAL syncs the WAL only before a copy).
WAL_AUTOCHECKPOINT_PAGES = 25_000


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating its folder if needed) the database file at `path`; call `ensure_db_shape` next."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return sqlite_utils.Database(path)


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Bring `db` to the declared shape, replacing full-text triggers and retired indexes of earlier versions; a
    no-op on a db already in shape. Columns in FILLED_WHEN_ADDED that it adds to a populated table are filled in, and
    what a retired index held is rewritten as RETIRED_INDEXES says.

    Also configures this connection: foreign keys enforced, and for file databases WAL (so Datasette can
    read while an extraction writes), a page cache large enough for bulk writes and checkpoints every
    WAL_AUTOCHECKPOINT_PAGES pages.
    """
    if not db.memory:
        db.enable_wal()
        # In WAL mode NORMAL survives a killed process; only a power cut can lose the last commits.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        db.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    db.execute("PRAGMA foreign_keys=ON")
    backfills: dict[str, list[str]] = {}
    for name, columns in TABLES.items():
        table = db.table(name)
        if table.exists():
            for column, column_type in columns.items():
                if column not in table.columns_dict:
                    table.add_column(column, column_type)
                    if column in FILLED_WHEN_ADDED.get(name, {}):
                        backfills.setdefault(name, []).append(column)
        else:
            table.create(
                columns,
                pk=PRIMARY_KEYS.get(name, "id"),
                foreign_keys=FOREIGN_KEYS.get(name, []),
                not_null=NOT_NULL.get(name, []),
                defaults=DEFAULTS.get(name, {}),
            )
    # Triggers first: sqlite-utils' update triggers would re-index every row the backfill below touches.
    # Only the full-text triggers are ours to replace; a user's own triggers and indexes stay.
    for trigger in db.triggers:
        if trigger.name in FTS_TRIGGER_NAMES and TRIGGERS.get(trigger.name) != trigger.sql:
            db.execute(f'DROP TRIGGER "{trigger.name}"')
    for name, columns in FTS.items():
        # replace=True returns early when an identical index exists, and has no insert trigger to recreate.
        db.table(name).enable_fts(columns, create_triggers=False, replace=True)
    existing_triggers = {trigger.name for trigger in db.triggers}
    for name, sql in TRIGGERS.items():
        if name not in existing_triggers:
            db.execute(sql)
    for name, columns in backfills.items():
        assignments = ", ".join(f'"{column}" = {FILLED_WHEN_ADDED[name][column]}' for column in columns)
        db.execute(f'UPDATE "{name}" SET {assignments}')
    existing_indexes = {index.name for name in TABLES for index in db.table(name).indexes}
    # One transaction: killed before a rewrite or the new index are done, the retired index stays for the next start.
    with db.atomic():
        for name, rewrite in RETIRED_INDEXES.items():
            if name in existing_indexes:
                db.execute(f'DROP INDEX "{name}"')
                if rewrite:
                    db.execute(rewrite)
        for name, sql in _INDEX_SQL.items():
            if name not in existing_indexes:
                db.execute(sql)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def _index_sql() -> dict[str, str]:
    """Index name -> its CREATE INDEX statement, for every index declared above."""
    wanted = {}
    for table in TABLES:
        renamed = RENAMED_INDEXES.get(table, {})
        declared = [(renamed.get(column, column), f'"{column}"', "") for column in INDEXES.get(table, [])]
        declared += [("_".join(columns), ", ".join(f'"{c}"' for c in columns), "UNIQUE ")
                     for columns in UNIQUE_INDEXES.get(table, [])]
        declared += [(suffix, expression, "") for suffix, expression in EXPRESSION_INDEXES.get(table, {}).items()]
        for suffix, indexed, unique in declared:
            name = f"idx_{table}_{suffix}"
            wanted[name] = f'CREATE {unique}INDEX "{name}" ON "{table}" ({indexed})'
    return wanted


_INDEX_SQL = _index_sql()


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
    # Resolving a speaker again would change nothing, but another speaker may upgrade the type of its row.
    speaker_ids: dict[Speaker, int] = {}
    speaker_rows: dict[int, StoredSpeaker] = {}
    with db.atomic():
        for article, quotes in items:
            stored_id = _stored_article_id(db, article)
            if stored_id in unindexed:
                # Saved twice in one batch: the triggers that take its old rows out of the indexes need them in.
                _index_fts(db, unindexed)
                unindexed = {}
            article_id = _write_article(db, article, quotes, extractor, stored_id, speaker_ids, speaker_rows)
            unindexed[article_id] = stored_id is None
            article_ids.append(article_id)
        _index_fts(db, unindexed)
    return article_ids


def save_error(db: sqlite_utils.Database, path: str, reason: str) -> None:
    """Record that the input at `path` could not be processed."""
    db.table("errors").insert({"path": path, "reason": reason, "time": _now()})


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
    return [column for column in TABLES[table] if column != "id"]


def _insert_sql(table: str) -> str:
    columns = _inserted_columns(table)
    names = ", ".join(f'"{column}"' for column in columns)
    return f'insert into "{table}" ({names}) values ({", ".join("?" for _ in columns)})'


# The write path runs these thousands of times a second; sqlite-utils' table methods would inspect the
# schema on every call.
_INSERT_SQL = {table: _insert_sql(table) for table in ("articles", "quotes", "speakers")}
# Row dict -> the values of _INSERT_SQL in order: sqlite3 binds a tuple in about half the time it binds a dict.
_INSERTED_VALUES = {table: operator.itemgetter(*_inserted_columns(table)) for table in _INSERT_SQL}
_INDEX_FTS_SQL = {
    table: f'insert into "{table}_fts" (rowid, {", ".join(columns)}) select id, {", ".join(columns)} '
    f'from "{table}" where {FTS_ARTICLE_KEY[table]} in (select value from json_each(?)) order by id'
    for table, columns in FTS.items()
}
_UPDATE_ARTICLE_SQL = "update articles set " + ", ".join(
    f'"{column}" = :{column}' for column in TABLES["articles"] if column != "id"
) + " where id = :id"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stored_article_id(db: sqlite_utils.Database, article: Article) -> int | None:
    row = db.execute("select id from articles where path = ? and record = ?", [article.path, article.record]).fetchone()
    return row[0] if row else None


def _write_article(
    db: sqlite_utils.Database,
    article: Article,
    quotes: list[Quote],
    extractor: str,
    stored_id: int | None,
    speaker_ids: dict[Speaker, int],
    speaker_rows: dict[int, StoredSpeaker],
) -> int:
    """Write the rows of `article` and `quotes` (over the article stored as `stored_id`), not indexing them;
    `speaker_ids` and `speaker_rows` remember the speakers resolved so far and the latest state of their rows."""
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
    if stored_id is None:
        article_id = db.execute(_INSERT_SQL["articles"], _INSERTED_VALUES["articles"](row)).lastrowid
    else:
        article_id = stored_id
        db.execute(_UPDATE_ARTICLE_SQL, {**row, "id": article_id})
        db.execute("delete from quotes where article_id = ?", [article_id])
    # In order of first appearance, so which of two clashing speakers is stored first is reproducible.
    speakers = dict.fromkeys(s for quote in quotes for s in (quote.speaker, quote.via) if s is not None)
    for speaker in speakers:
        if speaker not in speaker_ids:
            stored = _resolve_speaker(db, speaker)
            speaker_ids[speaker] = stored.id
            speaker_rows[stored.id] = stored
    stored_speakers = {speaker: speaker_rows[speaker_ids[speaker]] for speaker in speakers}
    rows = (_quote_row(article_id, article, quote, stored_speakers) for quote in quotes)
    db.conn.executemany(_INSERT_SQL["quotes"], map(_INSERTED_VALUES["quotes"], rows))
    return article_id


def _index_fts(db: sqlite_utils.Database, unindexed: dict[int, bool]) -> None:
    """Add the quotes of the articles in `unindexed`, and the articles rows it marks new, to the FTS indexes."""
    keys = {"quotes": list(unindexed), "articles": [article_id for article_id, new in unindexed.items() if new]}
    for table, sql in _INDEX_FTS_SQL.items():
        if keys[table]:
            db.execute(sql, [json.dumps(keys[table])])


class StoredSpeaker(NamedTuple):
    """A speakers row as quotes copy it."""

    id: int
    name: str
    type: str


def _resolve_speaker(db: sqlite_utils.Database, speaker: Speaker) -> StoredSpeaker:
    """The stored speaker known by any of `speaker`'s names, after merging what is new about it."""
    names_by_key: dict[str, str] = {}
    for name in (speaker.name, *speaker.aliases):
        names_by_key.setdefault(alias_key(name), name)
    names_by_key.pop("", None)
    placeholders = ", ".join("?" for _ in names_by_key)
    found = dict(db.execute(
        f"select alias_key, speaker_id from speaker_aliases where alias_key in ({placeholders})", list(names_by_key)
    ).fetchall())
    owners = {key: found[key] for key in names_by_key if key in found}
    if not owners:
        aliases = list(dict.fromkeys([speaker.name, *names_by_key.values()]))
        row = {"name": speaker.name, "type": speaker.type, "aliases": json.dumps(aliases)}
        speaker_id = db.execute(_INSERT_SQL["speakers"], _INSERTED_VALUES["speakers"](row)).lastrowid
        stored = StoredSpeaker(speaker_id, speaker.name, speaker.type)
        new_keys = list(names_by_key)
    else:
        speaker_id = next(iter(owners.values()))
        stored_name, stored_type, stored_aliases = db.execute(
            "select name, type, aliases from speakers where id = ?", [speaker_id]
        ).fetchone()
        # Keys another speaker already owns stay with it: an alias resolves to one speaker only.
        new_keys = [key for key in names_by_key if key not in owners]
        if new_keys:
            aliases = json.loads(stored_aliases or "[]") + [names_by_key[key] for key in new_keys]
            db.execute("update speakers set aliases = ? where id = ?", [json.dumps(aliases), speaker_id])
        if stored_type == "unknown" and speaker.type != "unknown":
            stored_type = speaker.type
            db.execute("update speakers set type = ? where id = ?", [stored_type, speaker_id])
            db.execute("update quotes set speaker_type = ? where speaker_id = ?", [stored_type, speaker_id])
        stored = StoredSpeaker(speaker_id, stored_name, stored_type)
    db.conn.executemany(
        "insert into speaker_aliases (alias_key, speaker_id) values (?, ?)", [(key, stored.id) for key in new_keys]
    )
    return stored


def _quote_row(article_id: int, article: Article, quote: Quote, speakers: dict[Speaker, StoredSpeaker]) -> dict:
    speaker = speakers[quote.speaker] if quote.speaker else None
    via = speakers[quote.via] if quote.via else None
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
        "speaker_id": speaker.id if speaker else None,
        "speaker_text": quote.speaker_mention,
        "speaker_start": quote.speaker_span.start if quote.speaker_span else None,
        "speaker_end": quote.speaker_span.end if quote.speaker_span else None,
        "via_id": via.id if via else None,
        "confidence": quote.confidence,
        "context": quote.context,
        "text_hash": text_hash(quote.text),
        "speaker": speaker.name if speaker else None,
        "speaker_type": speaker.type if speaker else None,
        "via": via.name if via else None,
        "outlet": article.outlet,
        "published": article.published,
    }
