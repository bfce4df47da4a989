"""The database's declared shape: tables, indexes, full-text search, triggers and views, brought about by
`ensure_db_shape` with named run-once MIGRATIONS; `is_quotetrack_db` tells a quotetrack database from any other
file. Datasette metadata, SQL and the plugin are written against the names declared here; quotetrack.store
writes the rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from quotetrack.records import Speaker

QUOTE_KINDS = ("direct", "indirect", "mixed")
# 64 bits of the sha1: at a million quotes the odds that any two different ones share a text_hash are 1 in 37 million.
TEXT_HASH_CHARS = 16

@dataclass(frozen=True)
class Table:
    """One table's declared shape: ensure_db_shape creates it from this, adds the columns an earlier version
    lacked, and builds its indexes and full-text index; store writes its rows in the order of `columns`."""

    name: str
    columns: Mapping[str, type]
    pk: str | tuple[str, ...] = "id"
    not_null: tuple[str, ...] = ()
    defaults: Mapping[str, object] = field(default_factory=dict)
    # (column, other table, other column)
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    # One index per facet column, named idx_TABLE_COLUMN.
    indexes: tuple[str, ...] = ()
    # Column of `indexes` -> the name (after idx_TABLE_) of its index when not the column's own: an index whose
    # keys changed is named anew, and a migration rewrites the keys and drops the old one (MIGRATIONS).
    index_names: Mapping[str, str] = field(default_factory=dict)
    unique_indexes: tuple[tuple[str, ...], ...] = ()
    # Name (after idx_TABLE_) -> the indexed expressions.
    expression_indexes: Mapping[str, str] = field(default_factory=dict)
    # Copies of other tables' columns, so Datasette's facet and count queries read one index each instead of
    # joining a million rows: column -> the expression that computes it, with which ensure_db_shape fills the
    # column when it adds it to an existing database. save_article fills them for new rows.
    denormalised: Mapping[str, str] = field(default_factory=dict)
    # Other columns of earlier versions' rows that ensure_db_shape fills when it adds them: column -> expression.
    filled_when_added: Mapping[str, str] = field(default_factory=dict)
    # The columns of its full-text index, and the column naming the article a row belongs to: store indexes new
    # rows for full-text search article by article.
    fts: tuple[str, ...] = ()
    fts_article_key: str | None = None

    def backfills(self) -> dict[str, str]:
        """Column -> the expression that fills it when ensure_db_shape adds it to a populated table."""
        return {**self.denormalised, **self.filled_when_added}

    def index_sql(self) -> dict[str, str]:
        """Index name -> its CREATE INDEX statement, for every index this table declares."""
        declared = [(self.index_names.get(column, column), f'"{column}"', "") for column in self.indexes]
        declared += [("_".join(columns), ", ".join(f'"{c}"' for c in columns), "UNIQUE ")
                     for columns in self.unique_indexes]  # fmt: skip
        declared += [(suffix, expression, "") for suffix, expression in self.expression_indexes.items()]
        return {
            f"idx_{self.name}_{suffix}": f'CREATE {unique}INDEX "idx_{self.name}_{suffix}" ON "{self.name}" ({indexed})'
            for suffix, indexed, unique in declared
        }

    def fts_triggers(self) -> dict[str, str]:
        """Trigger name -> its CREATE TRIGGER statement: the full-text index follows deletes and edits of `fts`."""
        if not self.fts:
            return {}
        table = self.name
        names = ", ".join(f'"{column}"' for column in self.fts)
        old = ", ".join(f'old."{column}"' for column in self.fts)
        new = ", ".join(f'new."{column}"' for column in self.fts)
        delete = f'INSERT INTO "{table}_fts" ("{table}_fts", rowid, {names}) VALUES(\'delete\', old.rowid, {old});'
        return {
            f"{table}_ad": f'CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN\n  {delete}\nEND',
            f"{table}_au": (
                f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {names} ON "{table}" BEGIN\n  {delete}\n'
                f'  INSERT INTO "{table}_fts" (rowid, {names}) VALUES (new.rowid, {new});\nEND'
            ),
        }


SCHEMA = {table.name: table for table in (
    Table(
        "articles",
        {
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
        not_null=("path", "record"),
        defaults={"record": 0},
        indexes=("outlet", "published", "sha256"),
        # What save_article upserts articles by.
        unique_indexes=(("path", "record"),),
        fts=("title", "text"),
        fts_article_key="id",
    ),
    # Database-wide speakers: the entities of every article that share an identity (see entity_key).
    Table(
        "speakers",
        {"id": int, "name": str, "type": str, "aliases": str, "key": str, "identity": str},
        indexes=("type", "name", "key"),
        unique_indexes=(("identity",),),
    ),
    # An alias may name several speakers ("Jones"); speaker_quotes looks them all up.
    Table(
        "speaker_aliases",
        {"alias_key": str, "speaker_id": int},
        pk=("alias_key", "speaker_id"),
        not_null=("speaker_id",),
        foreign_keys=(("speaker_id", "speakers", "id"),),
        indexes=("speaker_id",),
    ),
    # The speakers of one article as attribution resolved them (a name, its type, its names in that article).
    Table(
        "entities",
        {"id": int, "article_id": int, "name": str, "type": str, "aliases": str, "key": str, "speaker_id": int},
        not_null=("article_id", "name", "key"),
        foreign_keys=(("article_id", "articles", "id"), ("speaker_id", "speakers", "id")),
        indexes=("article_id", "speaker_id"),
        # Settling a key reads its entities' types and names: from this index alone.
        expression_indexes={"key_type_name": "key, type, name"},
    ),
    Table(
        "quotes",
        {
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
        not_null=("article_id", "utterance_id", "kind", "text"),
        foreign_keys=(
            ("article_id", "articles", "id"),
            ("speaker_id", "speakers", "id"),
            ("via_id", "speakers", "id"),
            ("speaker_entity_id", "entities", "id"),
            ("via_entity_id", "entities", "id"),
        ),
        indexes=(
            "article_id", "speaker_id", "via_id", "speaker_entity_id", "via_entity_id", "kind", "cue", "rule",
            "text_hash", "utterance_id",
            "speaker", "speaker_type", "via", "outlet", "published",
        ),
        index_names={"text_hash": f"text_hash_{TEXT_HASH_CHARS}"},
        # Datasette's date facet groups by date(published). SQLite 3.40 computes date() from the column even
        # when an index holds it, so the column is in the index too: the facet then reads the index alone (53 ms,
        # not 66 ms, for a million quotes; the limit is facet_time_limit_ms).
        expression_indexes={"date_published": "date(published), published"},
        # Copies of what quotes_view is faceted by; save_article keeps speaker_type in step with speakers.
        denormalised={
            "speaker": "(select name from speakers where speakers.id = quotes.speaker_id)",
            "speaker_type": "(select type from speakers where speakers.id = quotes.speaker_id)",
            "speaker_entity": "(select name from entities where entities.id = quotes.speaker_entity_id)",
            "via": "(select name from speakers where speakers.id = quotes.via_id)",
            "outlet": "(select outlet from articles where articles.id = quotes.article_id)",
            "published": "(select published from articles where articles.id = quotes.article_id)",
        },
        # cue held the words as written before it held the lemma. rule stays null: which rules decided an old
        # quote is unknown.
        filled_when_added={"cue_text": "cue"},
        fts=("text",),
        fts_article_key="article_id",
    ),
    # One row per input and reason: `time` when first seen, `last_seen` and `count` over every run since.
    Table(
        "errors",
        {"id": int, "path": str, "reason": str, "time": str, "count": int, "last_seen": str},
        unique_indexes=(("path", "reason"),),
    ),
)}  # fmt: skip
# The names of the migrations run on this database (see Migration), made before any other table is looked at.
MIGRATIONS_TABLE = Table("migrations", {"name": str, "applied_at": str}, pk="name")

# Deletes and edits keep the full-text indexes right through these triggers. Inserts have none: save_articles
# indexes its new rows itself, many to a statement, which costs a fraction of one trigger run per row.
# Edits of other columns (speaker_type) leave the indexes alone.
TRIGGERS = {name: sql for table in SCHEMA.values() for name, sql in table.fts_triggers().items()}
# The names sqlite-utils gives its full-text triggers (insert, delete, update), which ensure_db_shape replaces.
FTS_TRIGGER_NAMES = {f"{name}_{suffix}" for name, table in SCHEMA.items() if table.fts for suffix in ("ai", "ad", "au")}
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
    earlier versions replaced; a no-op on a db already in shape. Columns it adds to a populated table are filled
    in from their Table's backfills. Rows an earlier version wrote differently are changed by the named MIGRATIONS,
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


def _create(db: sqlite_utils.Database, spec: Table) -> None:
    db.table(spec.name).create(
        spec.columns, pk=spec.pk, foreign_keys=spec.foreign_keys, not_null=spec.not_null, defaults=spec.defaults
    )


def _shape(db: sqlite_utils.Database) -> None:
    """ensure_db_shape's changes, inside its transaction."""
    new = not any(db[name].exists() for name in SCHEMA)
    applied = _applied_migrations(db)
    pending = [m for m in MIGRATIONS if m.name not in applied]
    # Whether a migration's rows are there is read from the database as it was (its tables not yet changed).
    needed = {m.name for m in pending if not new and m.needed(db)}
    # Before the tables: a migration may need the old shape (speakers merged by alias, an old key).
    _migrate(db, pending, "before-tables", needed)
    backfills: dict[str, list[str]] = {}
    for spec in SCHEMA.values():
        table = db.table(spec.name)
        if table.exists():
            for column, column_type in spec.columns.items():
                if column not in table.columns_dict:
                    table.add_column(column, column_type)
                    if column in spec.backfills():
                        backfills.setdefault(spec.name, []).append(column)
        else:
            _create(db, spec)
    _migrate(db, pending, "after-tables", needed)
    # Triggers first: sqlite-utils' update triggers would re-index every row the backfill below touches.
    # Only the full-text triggers are ours to replace; a user's own triggers and indexes stay.
    for trigger in db.triggers:
        if trigger.name in FTS_TRIGGER_NAMES and TRIGGERS.get(trigger.name) != trigger.sql:
            db.execute(f'DROP TRIGGER "{trigger.name}"')
    for spec in SCHEMA.values():
        if spec.fts:
            # replace=True returns early when an identical index exists, and has no insert trigger to recreate.
            db.table(spec.name).enable_fts(spec.fts, create_triggers=False, replace=True)
    existing_triggers = {trigger.name for trigger in db.triggers}
    for name, sql in TRIGGERS.items():
        if name not in existing_triggers:
            db.execute(sql)
    for name, columns in backfills.items():
        assignments = ", ".join(f'"{column}" = {SCHEMA[name].backfills()[column]}' for column in columns)
        db.execute(f'UPDATE "{name}" SET {assignments}')
    _migrate(db, pending, "before-indexes", needed)
    existing_indexes = {index.name for name in SCHEMA for index in db.table(name).indexes}
    for spec in SCHEMA.values():
        for name, sql in spec.index_sql().items():
            if name not in existing_indexes:
                db.execute(sql)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
    db[MIGRATIONS_TABLE.name].insert_all(
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
    if not db[MIGRATIONS_TABLE.name].exists():
        _create(db, MIGRATIONS_TABLE)
    return {row["name"] for row in db[MIGRATIONS_TABLE.name].rows}


def _has_index(name: str) -> Callable[[sqlite_utils.Database], bool]:
    return lambda db: any(index.name == name for table in SCHEMA for index in db.table(table).indexes)


def _statements(*sql: str) -> Callable[[sqlite_utils.Database], None]:
    def run(db: sqlite_utils.Database) -> None:
        for statement in sql:
            db.execute(statement)

    return run


def _old_alias_key(db: sqlite_utils.Database) -> bool:
    return db["speaker_aliases"].exists() and db["speaker_aliases"].pks != list(SCHEMA["speaker_aliases"].pk)


def _speakers_merged_by_alias(db: sqlite_utils.Database) -> bool:
    return db["speakers"].exists() and "identity" not in db["speakers"].columns_dict


def _split_old_speakers_into_entities(db: sqlite_utils.Database) -> None:
    """Migrate a database of speakers merged by any shared alias: each (article, speaker) pair of its quotes
    becomes one entity of that article under the speaker's stored name and type (the names the article itself
    used are not stored: `extract --force` brings them back), and the speakers are made anew from the entities
    as save_article makes them, so a bare surname or a description no longer joins another article's speaker."""
    from quotetrack.store import _INSERT_SQL, _INSERTED_VALUES, _names, _settle_key, entity_key

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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
