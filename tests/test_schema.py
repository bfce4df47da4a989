import sqlite3

import pytest
import sqlite_utils

from quotetrack.schema import (
    MIGRATIONS,
    MIGRATIONS_TABLE,
    SCHEMA,
    TRIGGERS,
    VIEWS,
    Table,
    ensure_db_shape,
    open_db,
)

EVERY_TABLE = [*SCHEMA.values(), MIGRATIONS_TABLE]
# The tables SQLite's FTS5 keeps for each full-text index besides the index itself.
FTS5_SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config")


@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    ensure_db_shape(database)
    return database


def primary_key(table: Table) -> list[str]:
    return [table.pk] if isinstance(table.pk, str) else list(table.pk)


def named_columns(table: Table) -> dict[str, set[str]]:
    """Each part of `table`'s spec that names columns of it -> the columns it names."""
    return {
        "pk": set(primary_key(table)),
        "not_null": set(table.not_null),
        "defaults": set(table.defaults),
        "foreign_keys": {column for column, _, _ in table.foreign_keys},
        "indexes": set(table.indexes),
        "index_names": set(table.index_names),
        "unique_indexes": {column for columns in table.unique_indexes for column in columns},
        "denormalised": set(table.denormalised),
        "filled_when_added": set(table.filled_when_added),
        "fts": set(table.fts) | ({table.fts_article_key} - {None}),
    }


@pytest.mark.parametrize("table", EVERY_TABLE, ids=lambda table: table.name)
def test_every_table_spec_names_only_columns_the_table_has(table):
    unknown = {part: sorted(columns - set(table.columns)) for part, columns in named_columns(table).items()}
    assert {part: columns for part, columns in unknown.items() if columns} == {}
    assert set(table.index_names) <= set(table.indexes)
    assert (table.fts_article_key is None) == (not table.fts)


def test_every_foreign_key_points_at_a_column_of_a_declared_table():
    dangling = [
        (table.name, column, other, other_column)
        for table in SCHEMA.values()
        for column, other, other_column in table.foreign_keys
        if other not in SCHEMA or other_column not in SCHEMA[other].columns
    ]
    assert dangling == []


def sqlite_master(db) -> dict[str, dict[str, str | None]]:
    """type ("table", "index", ...) -> name -> its SQL, for everything in `db`."""
    found: dict[str, dict[str, str | None]] = {}
    for kind, name, sql in db.execute("select type, name, sql from sqlite_master"):
        found.setdefault(kind, {})[name] = sql
    return found


def test_a_fresh_database_has_exactly_the_tables_indexes_triggers_and_views_the_specs_declare(tmp_path):
    db = open_db(tmp_path / "quotes.db")
    ensure_db_shape(db)
    found = sqlite_master(db)
    assert set(found) == {"table", "index", "trigger", "view"}
    full_text = {f"{name}_fts{suffix}" for name, table in SCHEMA.items() if table.fts
                 for suffix in ("", *FTS5_SHADOW_SUFFIXES)}  # fmt: skip
    assert set(found["table"]) == {table.name for table in EVERY_TABLE} | full_text
    # SQLite indexes a primary key that is not the rowid under a name of its own, without SQL.
    automatic = {name for name in found["index"] if name.startswith("sqlite_autoindex_")}
    assert automatic == {f"sqlite_autoindex_{table.name}_1" for table in EVERY_TABLE
                         if primary_key(table) != ["id"] or table.columns["id"] is not int}  # fmt: skip
    declared = {name: sql for table in SCHEMA.values() for name, sql in table.index_sql().items()}
    assert {name: sql for name, sql in found["index"].items() if name not in automatic} == declared
    assert found["trigger"] == TRIGGERS
    assert found["view"] == {name: f'CREATE VIEW "{name}" AS {sql}' for name, sql in VIEWS.items()}


@pytest.mark.parametrize("table", EVERY_TABLE, ids=lambda table: table.name)
def test_a_fresh_database_has_each_tables_columns_keys_and_defaults(db, table):
    made = db[table.name]
    assert list(made.columns_dict.items()) == list(table.columns.items())
    assert made.pks == primary_key(table)
    assert {column.name for column in made.columns if column.notnull} == set(table.not_null)
    defaults = {column.name: column.default_value for column in made.columns if column.default_value is not None}
    assert defaults == {column: str(value) for column, value in table.defaults.items()}
    assert {(key.column, key.other_table, key.other_column) for key in made.foreign_keys} == set(table.foreign_keys)


def test_ensure_db_shape_replaces_a_stale_view_and_adds_missing_columns():
    db = sqlite_utils.Database(memory=True)
    db["errors"].create({"id": int, "path": str}, pk="id")
    db.create_view("quotes_view", "select 1 as id")
    ensure_db_shape(db)
    assert "speaker" in db["quotes_view"].columns_dict
    assert list(db["errors"].columns_dict) == ["id", "path", "reason", "time", "count", "last_seen"]


def test_file_db_uses_wal_a_large_page_cache_and_rare_checkpoints(tmp_path):
    path = tmp_path / "nested" / "quotes.db"
    db = open_db(path)
    ensure_db_shape(db)
    assert sqlite_utils.Database(path).journal_mode == "wal"
    assert db.execute("PRAGMA cache_size").fetchone()[0] <= -100_000  # negative: KiB
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] >= 10_000  # pages; SQLite's default is 1,000


def test_foreign_keys_are_declared(db):
    declared = {(fk.table, fk.column, fk.other_table, fk.other_column) for fk in db["quotes"].foreign_keys}
    assert declared == {
        ("quotes", "article_id", "articles", "id"),
        ("quotes", "speaker_id", "speakers", "id"),
        ("quotes", "via_id", "speakers", "id"),
        ("quotes", "speaker_entity_id", "entities", "id"),
        ("quotes", "via_entity_id", "entities", "id"),
    }
    assert [fk.other_table for fk in db["speaker_aliases"].foreign_keys] == ["speakers"]


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db["quotes"].insert({"article_id": 99, "utterance_id": "99-0", "kind": "direct", "text": "x"})


@pytest.mark.parametrize("table", [table for table in SCHEMA.values() if table.indexes], ids=lambda table: table.name)
def test_every_facet_column_is_indexed(db, table):
    indexed = {tuple(index.columns) for index in db[table.name].indexes}
    assert {(column,) for column in table.indexes} <= indexed


def test_path_and_record_are_unique(db):
    unique = [index.columns for index in db["articles"].indexes if index.unique]
    assert unique == [["path", "record"]]


def test_each_migration_runs_once_and_is_recorded(db):
    assert [row["name"] for row in db["migrations"].rows] == [m.name for m in MIGRATIONS]  # new: none ran
    db.execute('create index "idx_quotes_text_hash" on quotes ("text_hash")')
    ensure_db_shape(db)  # recorded as applied: an index of that name is no longer taken for an old database's
    assert "idx_quotes_text_hash" in {index.name for index in db["quotes"].indexes}


def test_a_database_without_the_migrations_table_gets_what_each_migration_finds_needed(db):
    db["migrations"].drop()
    db.execute('create index "idx_quotes_text_hash" on quotes ("text_hash")')
    ensure_db_shape(db)
    assert "idx_quotes_text_hash" not in {index.name for index in db["quotes"].indexes}
    assert {row["name"] for row in db["migrations"].rows} == {m.name for m in MIGRATIONS}

