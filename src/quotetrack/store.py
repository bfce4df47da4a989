"""The SQLite database: its shape (`ensure_db_shape`) and the writes and counts the CLI needs.

Datasette metadata, SQL and the plugin are written against the names declared here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from .records import Article, Quote, Speaker, alias_key, is_punctuation

QUOTE_KINDS = ("direct", "indirect", "mixed")

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
        "speaker_id": int,
        "speaker_text": str,
        "speaker_start": int,
        "speaker_end": int,
        "via_id": int,
        "confidence": float,
        "context": str,
        "text_hash": str,
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
    "quotes": ["article_id", "speaker_id", "via_id", "kind", "cue", "text_hash", "utterance_id"],
}
UNIQUE_INDEXES = {"articles": [("path", "record")]}
# Covers the joins of quotes_view, so Datasette's count(*) on it reads this index instead of every quote row.
MULTI_COLUMN_INDEXES = {"quotes": [("article_id", "speaker_id", "via_id")]}

FTS = {"quotes": ["text"], "articles": ["title", "text"]}

VIEWS = {
    "quotes_view": """
select
  quotes.id as id,
  quotes.kind,
  quotes.text,
  quotes.cue,
  speakers.name as speaker,
  speakers.type as speaker_type,
  via.name as via,
  quotes.speaker_text,
  quotes.context,
  quotes.confidence,
  quotes.utterance_id,
  quotes.start,
  quotes."end",
  quotes.text_hash,
  articles.id as article_id,
  articles.title,
  articles.outlet,
  articles.published,
  articles.path
from quotes
join articles on articles.id = quotes.article_id
left join speakers on speakers.id = quotes.speaker_id
left join speakers as via on via.id = quotes.via_id
""".strip(),
}


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating its folder if needed) the database file at `path`; call `ensure_db_shape` next."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return sqlite_utils.Database(path)


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Bring `db` to the declared shape without touching its rows; a no-op on a db already in shape.

    Also configures this connection: foreign keys enforced, and WAL for file databases so Datasette
    can read while an extraction writes.
    """
    if not db.memory:
        db.enable_wal()
        # In WAL mode NORMAL survives a killed process; only a power cut can lose the last commits.
        db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    for name, columns in TABLES.items():
        table = db.table(name)
        if table.exists():
            for column, column_type in columns.items():
                if column not in table.columns_dict:
                    table.add_column(column, column_type)
        else:
            table.create(
                columns,
                pk=PRIMARY_KEYS.get(name, "id"),
                foreign_keys=FOREIGN_KEYS.get(name, []),
                not_null=NOT_NULL.get(name, []),
                defaults=DEFAULTS.get(name, {}),
            )
    for name in TABLES:
        table = db.table(name)
        existing = {index.name for index in table.indexes}
        wanted = [([column], False) for column in INDEXES.get(name, [])]
        wanted += [(list(columns), True) for columns in UNIQUE_INDEXES.get(name, [])]
        wanted += [(list(columns), False) for columns in MULTI_COLUMN_INDEXES.get(name, [])]
        for columns, unique in wanted:
            if f"idx_{name}_{'_'.join(columns)}" not in existing:
                table.create_index(columns, unique=unique)
    for name, columns in FTS.items():
        # replace=True returns early when an identical index with triggers already exists.
        db.table(name).enable_fts(columns, create_triggers=True, replace=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def refresh_planner_statistics(db: sqlite_utils.Database) -> None:
    """Let SQLite's planner see the tables' sizes (sqlite_stat1): quotes_view's newest-first page needs them
    to start from the index on articles.published. Sampled, so it takes milliseconds at any size."""
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
    with db.atomic():
        article_id = _upsert_article(db, article, extractor)
        db.execute("delete from quotes where article_id = ?", [article_id])
        # In order of first appearance, so which of two clashing speakers is stored first is reproducible.
        speakers = dict.fromkeys(s for quote in quotes for s in (quote.speaker, quote.via) if s is not None)
        speaker_ids = {speaker: _resolve_speaker(db, speaker) for speaker in speakers}
        db.conn.executemany(_INSERT_SQL["quotes"], [_quote_row(article_id, quote, speaker_ids) for quote in quotes])
    return article_id


def save_articles(
    db: sqlite_utils.Database, items: Iterable[tuple[Article, list[Quote]]], extractor: str
) -> list[int]:
    """`save_article` for each (article, quotes), one transaction each; returns the article ids."""
    return [save_article(db, article, quotes, extractor) for article, quotes in items]


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
    """sha1 of the quote's words: case, quote marks, punctuation and spacing do not change it."""
    words = text.casefold().translate(_PUNCTUATION_AS_SPACE)
    return hashlib.sha1(" ".join(words.split()).encode("utf-8")).hexdigest()


class _PunctuationAsSpace(dict):
    """A str.translate table sending punctuation to a space, filled in as characters first turn up."""

    def __missing__(self, codepoint: int) -> int | str:
        self[codepoint] = " " if is_punctuation(chr(codepoint)) else codepoint
        return self[codepoint]


_PUNCTUATION_AS_SPACE = _PunctuationAsSpace()


def _insert_sql(table: str) -> str:
    columns = [column for column in TABLES[table] if column != "id"]
    names = ", ".join(f'"{column}"' for column in columns)
    return f'insert into "{table}" ({names}) values ({", ".join(f":{column}" for column in columns)})'


# The write path runs these thousands of times a second; sqlite-utils' table methods would inspect the
# schema on every call.
_INSERT_SQL = {table: _insert_sql(table) for table in ("articles", "quotes", "speakers")}
_UPDATE_ARTICLE_SQL = "update articles set " + ", ".join(
    f'"{column}" = :{column}' for column in TABLES["articles"] if column != "id"
) + " where id = :id"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _upsert_article(db: sqlite_utils.Database, article: Article, extractor: str) -> int:
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
    existing = db.execute(
        "select id from articles where path = ? and record = ?", [article.path, article.record]
    ).fetchone()
    if existing:
        db.execute(_UPDATE_ARTICLE_SQL, {**row, "id": existing[0]})
        return existing[0]
    return db.execute(_INSERT_SQL["articles"], row).lastrowid


def _resolve_speaker(db: sqlite_utils.Database, speaker: Speaker) -> int:
    """The id of the stored speaker known by any of `speaker`'s names, merging what is new about it."""
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
        speaker_id = db.execute(_INSERT_SQL["speakers"], row).lastrowid
        new_keys = list(names_by_key)
    else:
        speaker_id = next(iter(owners.values()))
        stored_type, stored_aliases = db.execute(
            "select type, aliases from speakers where id = ?", [speaker_id]
        ).fetchone()
        # Keys another speaker already owns stay with it: an alias resolves to one speaker only.
        new_keys = [key for key in names_by_key if key not in owners]
        if new_keys:
            aliases = json.loads(stored_aliases or "[]") + [names_by_key[key] for key in new_keys]
            db.execute("update speakers set aliases = ? where id = ?", [json.dumps(aliases), speaker_id])
        if stored_type == "unknown" and speaker.type != "unknown":
            db.execute("update speakers set type = ? where id = ?", [speaker.type, speaker_id])
    db.conn.executemany(
        "insert into speaker_aliases (alias_key, speaker_id) values (?, ?)", [(key, speaker_id) for key in new_keys]
    )
    return speaker_id


def _quote_row(article_id: int, quote: Quote, speaker_ids: dict[Speaker, int]) -> dict:
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
        "speaker_id": speaker_ids[quote.speaker] if quote.speaker else None,
        "speaker_text": quote.speaker_mention,
        "speaker_start": quote.speaker_span.start if quote.speaker_span else None,
        "speaker_end": quote.speaker_span.end if quote.speaker_span else None,
        "via_id": speaker_ids[quote.via] if quote.via else None,
        "confidence": quote.confidence,
        "context": quote.context,
        "text_hash": text_hash(quote.text),
    }
