"""The SQLite database: its shape (`ensure_db_shape`, with named run-once MIGRATIONS) and the writes and counts
the CLI needs.

Datasette metadata, SQL and the plugin are written against the names declared here.
"""

from __future__ import annotations

import hashlib
import json
import operator
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from .lexicon import LEXICON
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
    # Database-wide speakers: the entities of every article that share an identity (see entity_key).
    "speakers": {"id": int, "name": str, "type": str, "aliases": str, "key": str, "identity": str},
    "speaker_aliases": {"alias_key": str, "speaker_id": int},
    # The speakers of one article as attribution resolved them (a name, its type, its names in that article).
    "entities": {
        "id": int, "article_id": int, "name": str, "type": str, "aliases": str, "key": str, "speaker_id": int,
    },
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
        "speaker_entity_id": int,
        "speaker_entity": str,
        "speaker_text": str,
        "speaker_start": int,
        "speaker_end": int,
        "via_id": int,
        "via_entity_id": int,
        "confidence": float,
        "context": str,
        "text_hash": str,
        "speaker": str,
        "speaker_type": str,
        "via": str,
        "outlet": str,
        "published": str,
    },
    # One row per input and reason: `time` when first seen, `last_seen` and `count` over every run since.
    "errors": {"id": int, "path": str, "reason": str, "time": str, "count": int, "last_seen": str},
}

# Every other table: "id". An alias may name several speakers ("Jones"); speaker_quotes looks them all up.
PRIMARY_KEYS = {"speaker_aliases": ("alias_key", "speaker_id")}

NOT_NULL = {
    "articles": ["path", "record"],
    "speaker_aliases": ["speaker_id"],
    "entities": ["article_id", "name", "key"],
    "quotes": ["article_id", "utterance_id", "kind", "text"],
}

DEFAULTS = {"articles": {"record": 0}}

FOREIGN_KEYS = {
    "speaker_aliases": [("speaker_id", "speakers", "id")],
    "entities": [("article_id", "articles", "id"), ("speaker_id", "speakers", "id")],
    "quotes": [
        ("article_id", "articles", "id"),
        ("speaker_id", "speakers", "id"),
        ("via_id", "speakers", "id"),
        ("speaker_entity_id", "entities", "id"),
        ("via_entity_id", "entities", "id"),
    ],
}

# One index per facet column; the unique one is what save_article upserts articles by.
INDEXES = {
    "articles": ["outlet", "published", "sha256"],
    "speakers": ["type", "name", "key"],
    "speaker_aliases": ["speaker_id"],
    "entities": ["article_id", "speaker_id"],
    "quotes": [
        "article_id", "speaker_id", "via_id", "speaker_entity_id", "via_entity_id", "kind", "cue", "rule",
        "text_hash", "utterance_id",
        "speaker", "speaker_type", "via", "outlet", "published",
    ],
}  # fmt: skip
UNIQUE_INDEXES = {"articles": [("path", "record")], "speakers": [("identity",)], "errors": [("path", "reason")]}
# Column -> the name (after idx_TABLE_) of its index when not the column's own: an index whose keys changed is
# named anew, and a migration rewrites the keys and drops the old one (MIGRATIONS).
RENAMED_INDEXES = {"quotes": {"text_hash": f"text_hash_{TEXT_HASH_CHARS}"}}
# Datasette's date facet groups by date(published). SQLite 3.40 computes date() from the column even when an
# index holds it, so the column is in the index too: the facet then reads the index alone (53 ms, not 66 ms,
# for a million quotes; the limit is facet_time_limit_ms).
EXPRESSION_INDEXES = {
    "quotes": {"date_published": "date(published), published"},
    # Settling a key reads its entities' types and names: from this index alone.
    "entities": {"key_type_name": "key, type, name"},
}

# Copies on quotes of what quotes_view is faceted by, so Datasette's facet and count queries read one index
# each instead of joining a million rows; save_article fills them and keeps speaker_type in step with speakers.
# When ensure_db_shape adds one of these columns to an existing database it fills it from this expression.
DENORMALISED = {
    "quotes": {
        "speaker": "(select name from speakers where speakers.id = quotes.speaker_id)",
        "speaker_type": "(select type from speakers where speakers.id = quotes.speaker_id)",
        "speaker_entity": "(select name from entities where entities.id = quotes.speaker_entity_id)",
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
  quotes.speaker_entity,
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

# How long a connection ensure_db_shape configured waits for another run holding the write lock (shaping a new
# database, migrating a large one, writing a batch of articles) before giving up.
BUSY_TIMEOUT_MS = 60_000
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
    """Bring `db` to the declared shape: missing tables, columns, indexes and views made, full-text triggers of
    earlier versions replaced; a no-op on a db already in shape. Columns in FILLED_WHEN_ADDED that it adds to a
    populated table are filled in. Rows an earlier version wrote differently are changed by the named MIGRATIONS,
    each run once and recorded in the `migrations` table (a new database records them all, running none).

    Also configures this connection: foreign keys enforced, and for file databases WAL (so Datasette can
    read while an extraction writes), a page cache large enough for bulk writes and checkpoints every
    WAL_AUTOCHECKPOINT_PAGES pages.

    The shape is checked and changed in one transaction holding the write lock (BEGIN IMMEDIATE), and this
    connection waits up to BUSY_TIMEOUT_MS for the lock whenever another run holds it: runs started at once on
    one database shape it one after the other.
    """
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if not db.memory:
        db.enable_wal()
        # In WAL mode NORMAL survives a killed process; only a power cut can lose the last commits.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        db.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    db.execute("PRAGMA foreign_keys=ON")
    with _write_transaction(db):
        _shape(db)


@contextmanager
def _write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """A transaction that holds the write lock from its start (a savepoint inside the caller's transaction).

    A deferred one that reads first cannot wait for the lock when it comes to write after another run's
    commit (WAL mode answers "database is locked" at once); BEGIN IMMEDIATE waits for the busy timeout.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")


def _shape(db: sqlite_utils.Database) -> None:
    """ensure_db_shape's changes, inside its transaction."""
    new = not any(db[name].exists() for name in TABLES)
    applied = _applied_migrations(db)
    pending = [m for m in MIGRATIONS if m.name not in applied]
    # Whether a migration's rows are there is read from the database as it was (its tables not yet changed).
    needed = {m.name for m in pending if not new and m.needed(db)}
    # Before the tables: a migration may need the old shape (speakers merged by alias, an old key).
    _migrate(db, pending, "before-tables", needed)
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
    _migrate(db, pending, "after-tables", needed)
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
    _migrate(db, pending, "before-indexes", needed)
    existing_indexes = {index.name for name in TABLES for index in db.table(name).indexes}
    for name, sql in _INDEX_SQL.items():
        if name not in existing_indexes:
            db.execute(sql)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
    db["migrations"].insert_all(
        [{"name": m.name, "applied_at": _now()} for m in pending], pk="name", replace=True
    )


# ------------------------------------------------------------------------------------------- migrations


@dataclass(frozen=True)
class Migration:
    """A change to the rows of databases an earlier version wrote, run once and recorded by name in the
    `migrations` table. `needed` tells whether a database written before the table existed holds such rows; a
    new database records every migration as applied without running it."""

    name: str
    needed: Callable[[sqlite_utils.Database], bool]
    run: Callable[[sqlite_utils.Database], None]
    # When ensure_db_shape runs it: "before-tables" (the old shape), "after-tables" (new tables and columns
    # there, not yet filled), "before-indexes" (columns filled, before the declared indexes are built).
    phase: str = "before-indexes"


def _migrate(db: sqlite_utils.Database, pending: list[Migration], phase: str, needed: set[str]) -> None:
    for migration in pending:
        if migration.phase == phase and migration.name in needed:
            migration.run(db)


def _applied_migrations(db: sqlite_utils.Database) -> set[str]:
    if not db["migrations"].exists():
        db["migrations"].create({"name": str, "applied_at": str}, pk="name")
    return {row["name"] for row in db["migrations"].rows}


def _has_index(name: str) -> Callable[[sqlite_utils.Database], bool]:
    return lambda db: any(index.name == name for table in TABLES for index in db.table(table).indexes)


def _statements(*sql: str) -> Callable[[sqlite_utils.Database], None]:
    def run(db: sqlite_utils.Database) -> None:
        for statement in sql:
            db.execute(statement)

    return run


def _old_alias_key(db: sqlite_utils.Database) -> bool:
    return db["speaker_aliases"].exists() and db["speaker_aliases"].pks != list(PRIMARY_KEYS["speaker_aliases"])


def _speakers_merged_by_alias(db: sqlite_utils.Database) -> bool:
    return db["speakers"].exists() and "identity" not in db["speakers"].columns_dict


def _split_old_speakers_into_entities(db: sqlite_utils.Database) -> None:
    """Migrate a database of speakers merged by any shared alias: each (article, speaker) pair of its quotes
    becomes one entity of that article under the speaker's stored name and type (the names the article itself
    used are not stored: `extract --force` brings them back), and the speakers are made anew from the entities
    as save_article makes them, so a bare surname or a description no longer joins another article's speaker."""
    with db.atomic():
        old = {speaker_id: (name, kind) for speaker_id, name, kind in db.execute("select id, name, type from speakers")}
        pairs = db.execute(
            "select distinct article_id, speaker_id from quotes where speaker_id is not null union "
            "select distinct article_id, via_id from quotes where via_id is not null order by 1, 2"
        ).fetchall()
        entity_ids = {}
        for article_id, speaker_id in pairs:
            name, kind = old[speaker_id]
            speaker = Speaker(name, kind or "unknown")
            entity = {"article_id": article_id, "name": name, "type": speaker.type,
                      "aliases": json.dumps(_names(speaker)), "key": entity_key(speaker, article_id),
                      "speaker_id": None}  # fmt: skip
            entity_ids[article_id, speaker_id] = db.execute(
                _INSERT_SQL["entities"], _INSERTED_VALUES["entities"](entity)
            ).lastrowid
        for role in ("speaker", "via"):
            db.conn.executemany(
                f"update quotes set {role}_entity_id = ?, {role}_id = null where article_id = ? and {role}_id = ?",
                [(entity_id, article_id, speaker_id) for (article_id, speaker_id), entity_id in entity_ids.items()],
            )
        db.execute("delete from speaker_aliases")
        db.execute("delete from speakers")
        for (key,) in db.execute("select distinct key from entities order by key").fetchall():
            _settle_key(db, key)
        db.execute(
            "update quotes set speaker_entity = (select name from entities where entities.id = speaker_entity_id)"
        )


MIGRATIONS = (
    # speaker_aliases was keyed by alias alone, so an alias could name one speaker only: rebuilt with the speakers.
    Migration("speaker-aliases-keyed-by-alias-and-speaker", _old_alias_key,
              lambda db: db["speaker_aliases"].drop(), phase="before-tables"),  # fmt: skip
    # Speakers were merged across articles by any shared alias; each article's speakers become its entities.
    Migration("speakers-split-into-entities", _speakers_merged_by_alias, _split_old_speakers_into_entities,
              phase="after-tables"),  # fmt: skip
    Migration(
        "drop-index-quotes-article-speaker-via", _has_index("idx_quotes_article_id_speaker_id_via_id"),
        _statements('DROP INDEX "idx_quotes_article_id_speaker_id_via_id"'),
    ),
    # text_hash held the whole sha1 (40 characters), whose first TEXT_HASH_CHARS are what text_hash gives now.
    Migration(
        "text-hash-16-characters", _has_index("idx_quotes_text_hash"),
        _statements('DROP INDEX "idx_quotes_text_hash"',
                    f"UPDATE quotes SET text_hash = substr(text_hash, 1, {TEXT_HASH_CHARS}) "
                    f"WHERE length(text_hash) > {TEXT_HASH_CHARS}"),
    ),
    # Earlier versions added an errors row on every run that met the error: one row per path and reason.
    Migration(
        "errors-one-row-per-path-and-reason", lambda db: not _has_index("idx_errors_path_reason")(db),
        _statements(
            """UPDATE errors SET
                 count = (SELECT sum(coalesce(same.count, 1)) FROM errors AS same
                          WHERE same.path IS errors.path AND same.reason IS errors.reason),
                 last_seen = (SELECT max(coalesce(same.last_seen, same.time)) FROM errors AS same
                              WHERE same.path IS errors.path AND same.reason IS errors.reason),
                 time = (SELECT min(same.time) FROM errors AS same
                         WHERE same.path IS errors.path AND same.reason IS errors.reason)""",
            "DELETE FROM errors WHERE id NOT IN (SELECT min(id) FROM errors GROUP BY path, reason)",
        ),
    ),
)


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


# The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"
# The tables without which a file is not a quotetrack database (a database of another tool, or a new empty one).
REQUIRED_TABLES = ("articles", "quotes")


def is_quotetrack_db(path: str | Path) -> str | None:
    """None when `path` is a quotetrack database that can be read; else why not, in one line ("not a SQLite
    database", ...). Reads the file only: never creates, changes or locks it."""
    path = Path(path)
    try:
        if not path.exists():
            return "no such file"
        if not path.is_file():
            return "not a regular file"
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if not header:
        return "an empty file, not a quotetrack database"
    if header != SQLITE_HEADER:
        return "not a SQLite database"
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.Error as error:
        return f"not a readable SQLite database ({error})"
    missing = [table for table in REQUIRED_TABLES if table not in tables]
    if missing:
        return f"a SQLite database without quotetrack's {' and '.join(missing)} table{'s' if len(missing) > 1 else ''}"
    return None


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
    return [column for column in TABLES[table] if column != "id"]


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
