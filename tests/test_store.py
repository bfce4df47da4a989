import dataclasses
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from store_writer import EXTRACTOR, fake_articles

from quotetrack.records import Article, Quote, Span, Speaker
from quotetrack.store import (
    SCHEMA,
    TRIGGERS,
    ensure_db_shape,
    is_quotetrack_db,
    open_db,
    save_article,
    save_articles,
    save_error,
    stored_hashes,
    summary,
    text_hash,
)

KCNA = Speaker("Korean Central News Agency", "media", ("Korean Central News Agency", "KCNA"))
TEXT = "KCNA said “the talks are over”. Officials reportedly said that talks could resume."


def article(path="kim.txt", text=TEXT, **fields) -> Article:
    return Article(path=path, text=text, sha256=f"sha-of-{path}-{len(text)}", **fields)


def direct_quote(text="the talks are over", speaker=KCNA, utterance=0, **fields) -> Quote:
    return Quote(
        kind="direct",
        span=Span(11, 11 + len(text)),
        text=text,
        utterance=utterance,
        cue="say",
        cue_span=Span(5, 9),
        speaker=speaker,
        speaker_mention="KCNA",
        speaker_span=Span(0, 4),
        **fields,
    )


@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    ensure_db_shape(database)
    return database


def test_ensure_db_shape_twice_on_populated_db_changes_nothing(db):
    save_article(db, article(title="Talks over"), [direct_quote()], EXTRACTOR)
    schema_writes = []
    with db.tracer(lambda sql, params: schema_writes.append(sql)):
        ensure_db_shape(db)
    assert [
        sql for sql in schema_writes if sql.split()[0].upper() in ("CREATE", "DROP", "INSERT", "ALTER")
    ] == []
    assert db["quotes"].count == 1
    assert [row["text"] for row in db["quotes"].search("talks")] == ["the talks are over"]
    assert [row["title"] for row in db["articles"].search("officials")] == ["Talks over"]


# What later versions added: tables, and columns of the tables earlier versions had.
NEW_TABLES = {"entities"}
NEW_COLUMNS = {"speakers": {"key", "identity"}, "quotes": {"speaker_entity_id", "via_entity_id"}}


def old_shape_db() -> sqlite_utils.Database:
    """A database as ensure_db_shape left it before quotes held copies of their facet columns and speakers were
    kept apart from each article's entities: sqlite-utils' three FTS triggers per table, a covering index for the
    old view's joins, one article with one quote."""
    db = sqlite_utils.Database(memory=True)
    for name, table in SCHEMA.items():
        if name in NEW_TABLES:
            continue
        dropped = set(table.denormalised) | NEW_COLUMNS.get(name, set())
        old_columns = {column: kind for column, kind in table.columns.items() if column not in dropped}
        old_keys = [key for key in table.foreign_keys if key[0] in old_columns]
        pk = "alias_key" if name == "speaker_aliases" else "id"
        db[name].create(old_columns, pk=pk, foreign_keys=old_keys)
    for name, table in SCHEMA.items():
        if table.fts:
            db[name].enable_fts(table.fts, create_triggers=True)
    db["quotes"].create_index(["article_id", "speaker_id", "via_id"])
    db.create_view("quotes_view", "select quotes.id, quotes.text from quotes join articles on articles.id = article_id")
    db["speakers"].insert({"id": 1, "name": "Korean Central News Agency", "type": "media", "aliases": "[]"})
    db["articles"].insert(
        {"id": 1, "path": "kim.txt", "record": 0, "title": "Talks over", "text": TEXT, "outlet": "Yonhap",
         "published": "2024-04-15"}
    )  # fmt: skip
    db["quotes"].insert(
        {"id": 1, "article_id": 1, "utterance_id": "1-0", "kind": "direct", "text": "the talks are over",
         "speaker_id": 1, "via_id": 1}
    )  # fmt: skip
    return db


def fts_is_intact(db) -> bool:
    for name, table in SCHEMA.items():
        if table.fts:
            db.execute(f"insert into {name}_fts ({name}_fts) values ('integrity-check')")
    return True


def found(db, table: str, words: str) -> list[str]:
    """Texts of the quotes, or paths of the articles, that full-text search finds for `words`."""
    return sorted(row["text" if table == "quotes" else "path"] for row in db[table].search(words))


def test_ensure_db_shape_converges_an_old_database_and_fills_the_copied_columns():
    db = old_shape_db()
    ensure_db_shape(db)
    assert {trigger.name: trigger.sql for trigger in db.triggers} == TRIGGERS
    assert ["article_id", "speaker_id", "via_id"] not in [index.columns for index in db["quotes"].indexes]
    quote = db["quotes"].get(1)
    assert {column: quote[column] for column in SCHEMA["quotes"].denormalised} == {
        "speaker": "Korean Central News Agency",
        "speaker_type": "media",
        "speaker_entity": "Korean Central News Agency",
        "via": "Korean Central News Agency",
        "outlet": "Yonhap",
        "published": "2024-04-15",
    }
    assert found(db, "quotes", "talks") == ["the talks are over"]
    assert found(db, "articles", "officials") == ["kim.txt"]
    save_article(db, article(title="Revised"), [direct_quote("new talks")], EXTRACTOR)
    assert found(db, "quotes", "talks") == ["new talks"]
    assert found(db, "articles", "revised") == ["kim.txt"]
    assert fts_is_intact(db)

    schema_writes = []
    with db.tracer(lambda sql, params: schema_writes.append(sql)):
        ensure_db_shape(db)
    assert [sql for sql in schema_writes if sql.split()[0].upper() in ("CREATE", "DROP", "UPDATE", "ALTER")] == []


def test_saving_article_again_replaces_its_quotes_and_keeps_its_id(db):
    first_id = save_article(db, article(), [direct_quote("old one"), direct_quote("old two")], EXTRACTOR)
    second_id = save_article(db, article(title="Revised"), [direct_quote("new one")], EXTRACTOR)
    assert second_id == first_id
    assert [(row["id"], row["title"]) for row in db["articles"].rows] == [(first_id, "Revised")]
    assert [row["text"] for row in db["quotes"].rows] == ["new one"]
    assert [row["text"] for row in db["quotes"].search("old")] == []


@pytest.mark.parametrize("in_bulk", [False, True])
def test_saved_quotes_and_articles_are_found_by_full_text_search(db, in_bulk):
    items = [
        (article("one.txt", title="Summit"), [direct_quote()]),
        (article("two.txt", title="Deadlock"), [direct_quote("no comment")]),
    ]
    if in_bulk:
        save_articles(db, items, EXTRACTOR)
    else:
        for item in items:
            save_article(db, *item, EXTRACTOR)
    assert found(db, "quotes", "talks") == ["the talks are over"]
    assert found(db, "quotes", "comment") == ["no comment"]
    assert found(db, "articles", "officials") == ["one.txt", "two.txt"]
    assert found(db, "articles", "summit") == ["one.txt"]
    assert fts_is_intact(db)


@pytest.mark.parametrize("in_bulk", [False, True])
def test_re_extracted_article_leaves_only_its_new_quotes_in_the_search_index(db, in_bulk):
    save_article(db, article(title="Summit"), [direct_quote("old talks"), direct_quote("more talks")], EXTRACTOR)
    revised = (article(title="Deadlock", text="Officials said talks stalled."), [direct_quote("talks stalled")])
    if in_bulk:
        save_articles(db, [(article("other.txt"), []), revised], EXTRACTOR)
    else:
        save_article(db, *revised, EXTRACTOR)
    assert found(db, "quotes", "talks") == ["talks stalled"]
    assert found(db, "articles", "deadlock OR stalled") == ["kim.txt"]
    assert found(db, "articles", "summit OR reportedly") == (["other.txt"] if in_bulk else [])
    assert fts_is_intact(db)


def test_article_saved_twice_in_one_batch_is_indexed_once_as_its_last_version(db):
    save_articles(
        db,
        [
            (article(title="Summit"), [direct_quote("old talks")]),
            (article("other.txt"), [direct_quote("other talks")]),
            (article(title="Deadlock"), [direct_quote("talks stalled")]),
        ],
        EXTRACTOR,
    )
    assert found(db, "quotes", "talks") == ["other talks", "talks stalled"]
    assert found(db, "articles", "deadlock") == ["kim.txt"]
    assert found(db, "articles", "summit") == []
    assert fts_is_intact(db)


def test_a_failing_article_leaves_nothing_of_its_batch(db):
    save_article(db, article("kept.txt", title="Kept"), [direct_quote("kept talks")], EXTRACTOR)
    broken = dataclasses.replace(direct_quote("broken talks"), kind=None)
    with pytest.raises(sqlite3.IntegrityError):
        save_articles(
            db, [(article("one.txt"), [direct_quote("lost talks")]), (article("two.txt"), [broken])], EXTRACTOR
        )
    assert [row["path"] for row in db["articles"].rows] == ["kept.txt"]
    assert found(db, "quotes", "talks") == ["kept talks"]
    assert found(db, "articles", "officials") == ["kept.txt"]
    assert fts_is_intact(db)


def test_quotes_copy_speaker_via_outlet_and_published_as_stored(db):
    save_article(db, article("one.txt"), [direct_quote()], EXTRACTOR)
    official = Speaker("Unnamed official", "anonymous")
    by_alias = direct_quote(speaker=official, via=Speaker("KCNA", "media"))
    save_article(db, article("two.txt", outlet="Yonhap", published="2024-04-16"), [by_alias], EXTRACTOR)
    copies = [tuple(row[column] for column in SCHEMA["quotes"].denormalised) for row in db["quotes"].rows]
    assert copies == [
        ("Korean Central News Agency", "media", "Korean Central News Agency", None, None, None),
        ("Unnamed official", "anonymous", "Unnamed official", "KCNA", "Yonhap", "2024-04-16"),
    ]
    save_article(db, article("two.txt", outlet="Yonhap English", published="2024-04-17"), [by_alias], EXTRACTOR)
    assert [(row["outlet"], row["published"]) for row in db["quotes"].rows][-1] == ("Yonhap English", "2024-04-17")


def test_articles_are_told_apart_by_path_and_record(db):
    ids = save_articles(
        db, [(article("feed.jsonl", record=0), []), (article("feed.jsonl", record=1), [])], EXTRACTOR
    )
    assert len(set(ids)) == 2
    assert set(stored_hashes(db)) == {("feed.jsonl", 0), ("feed.jsonl", 1)}


def test_article_row_records_words_and_extractor(db):
    article_id = save_article(db, article(outlet="Yonhap", published="2024-04-15"), [], "0.1.0 en_compact")
    row = db["articles"].get(article_id)
    assert (row["words"], row["extractor"], row["outlet"]) == (
        len(TEXT.split()),
        "0.1.0 en_compact",
        "Yonhap",
    )
    assert row["extracted_at"].endswith("+00:00")


def test_speaker_of_the_same_full_name_in_a_second_article_is_the_first_one(db):
    save_article(db, article("one.txt"), [direct_quote()], EXTRACTOR)
    again = Speaker("Korean Central News Agency", "media")
    save_article(db, article("two.txt"), [direct_quote(speaker=again)], EXTRACTOR)
    assert db["speakers"].count == 1
    speaker = next(db["speakers"].rows)
    assert speaker["name"] == "Korean Central News Agency"
    assert json.loads(speaker["aliases"]) == ["Korean Central News Agency", "KCNA"]
    assert {row["speaker_id"] for row in db["quotes"].rows} == {speaker["id"]}
    assert db["entities"].count == 2


def test_an_alias_of_one_article_does_not_link_another_articles_speaker(db):
    save_article(db, article("one.txt"), [direct_quote()], EXTRACTOR)
    save_article(db, article("two.txt"), [direct_quote(speaker=Speaker("KCNA", "media"))], EXTRACTOR)
    assert sorted(row["name"] for row in db["speakers"].rows) == ["KCNA", "Korean Central News Agency"]


def test_name_lookup_ignores_article_possessive_case_and_end_punctuation(db):
    save_article(db, article("one.txt"), [direct_quote(speaker=Speaker("KCNA", "media"))], EXTRACTOR)
    save_article(db, article("two.txt"), [direct_quote(speaker=Speaker("“The KCNA’s”", "media"))], EXTRACTOR)
    assert db["speakers"].count == 1


def test_new_aliases_are_merged_into_the_stored_speaker(db):
    save_article(db, article("one.txt"), [direct_quote()], EXTRACTOR)
    longer = Speaker("Korean Central News Agency", "media", ("Korean Central News Agency", "North Korean state media"))
    save_article(db, article("two.txt"), [direct_quote(speaker=longer)], EXTRACTOR)
    speaker = next(db["speakers"].rows)
    assert json.loads(speaker["aliases"]) == [
        "Korean Central News Agency",
        "KCNA",
        "North Korean state media",
    ]
    assert db["speaker_aliases"].get(("north korean state media", speaker["id"]))


def test_a_shared_surname_links_nothing_and_the_alias_names_both_speakers(db):
    kim_yo_jong = Speaker("Kim Yo Jong", "person", ("Kim Yo Jong", "Kim"))
    save_article(db, article("one.txt"), [direct_quote(speaker=kim_yo_jong)], EXTRACTOR)
    save_article(db, article("two.txt"), [direct_quote(speaker=Speaker("Kim Jong Un", "person"))], EXTRACTOR)
    ambiguous = Speaker("Kim Jong Un", "person", ("Kim Jong Un", "Kim"))
    save_article(db, article("three.txt"), [direct_quote(speaker=ambiguous)], EXTRACTOR)
    aliases = {row["name"]: json.loads(row["aliases"]) for row in db["speakers"].rows}
    assert aliases == {"Kim Yo Jong": ["Kim Yo Jong", "Kim"], "Kim Jong Un": ["Kim Jong Un", "Kim"]}
    assert [row["speaker"] for row in db["quotes"].rows] == ["Kim Yo Jong", "Kim Jong Un", "Kim Jong Un"]
    named_kim = db.execute("select speaker_id from speaker_aliases where alias_key = 'kim' order by 1").fetchall()
    assert len(named_kim) == 2


def test_unknown_speaker_type_is_upgraded_by_later_evidence(db):
    save_article(db, article("one.txt"), [direct_quote(speaker=Speaker("Kim Yo Jong"))], EXTRACTOR)
    save_article(db, article("two.txt"), [direct_quote(speaker=Speaker("Kim Yo Jong", "person"))], EXTRACTOR)
    assert [row["type"] for row in db["speakers"].rows] == ["person"]
    assert [row["speaker_type"] for row in db["quotes"].rows] == ["person", "person"]


def test_type_upgraded_inside_a_batch_reaches_the_quotes_saved_before_and_after_it(db):
    unknown, person = Speaker("Kim Yo Jong"), Speaker("Kim Yo Jong", "person")
    items = [(article(f"{n}.txt"), [direct_quote(speaker=s)]) for n, s in enumerate([unknown, person, unknown])]
    save_articles(db, items, EXTRACTOR)
    assert [row["speaker_type"] for row in db["quotes"].rows] == ["person", "person", "person"]


def test_type_upgraded_by_a_later_speaker_of_the_same_article_reaches_all_its_quotes(db):
    quotes = [
        direct_quote(speaker=Speaker("Kim Yo Jong")),
        direct_quote(speaker=Speaker("Kim Yo Jong", "person", ("Kim Yo Jong", "Kim")), utterance=1),
    ]
    save_article(db, article(), quotes, EXTRACTOR)
    assert [row["speaker_type"] for row in db["quotes"].rows] == ["person", "person"]


def test_quotes_view_keeps_speakerless_quotes_and_names_speaker_and_via(db):
    official = Speaker("Unnamed official", "anonymous")
    quotes = [
        direct_quote(speaker=official, via=KCNA),
        direct_quote("talks could resume", speaker=None, utterance=1),
    ]
    article_id = save_article(db, article(title="Talks", outlet="Yonhap"), quotes, EXTRACTOR)
    rows = list(db.query("select * from quotes_view order by id"))
    assert list(rows[0]) == [
        "id", "kind", "text", "cue", "cue_text", "rule", "speaker", "speaker_type", "via", "speaker_entity",
        "speaker_text", "context",
        "confidence", "utterance_id", "start", "end", "text_hash", "article_id", "title", "outlet",
        "published", "path",
    ]  # fmt: skip
    assert [(row["speaker"], row["speaker_type"], row["via"]) for row in rows] == [
        ("Unnamed official", "anonymous", "Korean Central News Agency"),
        (None, None, None),
    ]
    assert [row["utterance_id"] for row in rows] == [f"{article_id}-0", f"{article_id}-1"]
    assert {(row["article_id"], row["title"], row["outlet"]) for row in rows} == {
        (article_id, "Talks", "Yonhap")
    }


def test_quotes_store_the_cue_as_written_and_the_rules_that_decided_them(db):
    decided = direct_quote(cue_text="said", rule=("direct/cue", "speaker/inverted"))
    save_article(db, article(), [decided, direct_quote("no rules", utterance=1)], EXTRACTOR)
    rows = list(db.query("select cue, cue_text, rule from quotes_view order by id"))
    assert rows == [
        {"cue": "say", "cue_text": "said", "rule": "direct/cue speaker/inverted"},
        {"cue": "say", "cue_text": None, "rule": None},
    ]
    assert ["rule"] in [index.columns for index in db["quotes"].indexes]


def test_ensure_db_shape_adds_cue_text_and_rule_to_an_old_database_keeping_its_cue_as_written():
    db = sqlite_utils.Database(memory=True)
    for name, table in SCHEMA.items():
        old_columns = {column: kind for column, kind in table.columns.items() if column not in ("cue_text", "rule")}
        db[name].create(old_columns, pk=table.pk, foreign_keys=table.foreign_keys)
    db["articles"].insert({"id": 1, "path": "kim.txt", "record": 0, "text": TEXT})
    # Before cue held the lemma it held the words as written.
    db["quotes"].insert({"id": 1, "article_id": 1, "utterance_id": "1-0", "kind": "direct", "text": "x", "cue": "said"})
    ensure_db_shape(db)
    assert {"cue_text", "rule"} <= set(db["quotes"].columns_dict)
    old = db["quotes"].get(1)
    assert (old["cue"], old["cue_text"], old["rule"]) == ("said", "said", None)
    save_article(db, article("two.txt"), [direct_quote(cue_text="says", rule=("direct/cue",))], EXTRACTOR)
    assert list(db.query("select cue, cue_text, rule from quotes_view where article_id != 1")) == [
        {"cue": "say", "cue_text": "says", "rule": "direct/cue"}
    ]


def test_text_hash_ignores_quote_marks_case_punctuation_and_spacing():
    assert (
        text_hash("“The talks are over,” ")
        == text_hash('"the  talks are OVER"')
        == text_hash("The talks are over")
    )
    assert text_hash("The talks are over") != text_hash("The talks are not over")


def test_text_hash_is_the_first_sixteen_hex_characters_of_the_sha1_of_the_words():
    assert text_hash("“The talks are over,” ") == hashlib.sha1(b"the talks are over").hexdigest()[:16]


def test_ensure_db_shape_shortens_full_sha1_hashes_once_and_groups_them_with_new_quotes(db):
    save_article(db, article("one.txt"), [direct_quote("The talks are over.")], EXTRACTOR)
    # As earlier versions stored it: the whole sha1, indexed under the name they gave the index.
    for index in db["quotes"].indexes:
        if index.columns == ["text_hash"]:
            db.execute(f'drop index "{index.name}"')
    db.execute('create index "idx_quotes_text_hash" on quotes ("text_hash")')
    db.execute("update quotes set text_hash = ?", [hashlib.sha1(b"the talks are over").hexdigest()])
    db["migrations"].drop()  # earlier versions kept no record of migrations

    ensure_db_shape(db)
    save_article(db, article("two.txt"), [direct_quote("‘the talks are over’")], EXTRACTOR)
    assert [len(row["text_hash"]) for row in db["quotes"].rows] == [16, 16]
    assert db.execute("select count(distinct article_id) from quotes group by text_hash").fetchall() == [(2,)]
    assert [index.columns for index in db["quotes"].indexes].count(["text_hash"]) == 1

    schema_writes = []
    with db.tracer(lambda sql, params: schema_writes.append(sql)):
        ensure_db_shape(db)
    writes = ("CREATE", "DROP", "INSERT", "UPDATE", "ALTER")
    assert [sql for sql in schema_writes if sql.split()[0].upper() in writes] == []


def test_same_quote_in_two_articles_shares_text_hash(db):
    save_article(db, article("one.txt"), [direct_quote("The talks are over.")], EXTRACTOR)
    save_article(db, article("two.txt"), [direct_quote("‘the talks are over’")], EXTRACTOR)
    assert len({row["text_hash"] for row in db["quotes"].rows}) == 1


def test_save_error_records_path_reason_and_time(db):
    save_error(db, "broken.html", "UnicodeDecodeError: invalid start byte")
    (row,) = db["errors"].rows
    assert (row["path"], row["reason"], row["count"]) == ("broken.html", "UnicodeDecodeError: invalid start byte", 1)
    assert row["time"].endswith("+00:00") and row["last_seen"] == row["time"]


def test_the_same_error_again_counts_on_its_row(tmp_path):
    db = open_db(tmp_path / "quotes.db")
    ensure_db_shape(db)
    for _ in range(3):
        save_error(db, "broken.html", "empty")
    save_error(db, "broken.html", "not HTML")
    save_error(db, "other.html", "empty")
    rows = list(sqlite_utils.Database(tmp_path / "quotes.db").query("select path, reason, count from errors"))
    assert rows == [
        {"path": "broken.html", "reason": "empty", "count": 3},
        {"path": "broken.html", "reason": "not HTML", "count": 1},
        {"path": "other.html", "reason": "empty", "count": 1},
    ]


def test_ensure_db_shape_collapses_the_errors_earlier_reruns_repeated():
    db = sqlite_utils.Database(memory=True)
    db["errors"].create({"id": int, "path": str, "reason": str, "time": str}, pk="id")
    db["errors"].insert_all([
        {"path": "a.html", "reason": "empty", "time": "2024-01-02T00:00:00+00:00"},
        {"path": "b.html", "reason": "empty", "time": "2024-01-02T00:00:00+00:00"},
        {"path": "a.html", "reason": "empty", "time": "2024-01-01T00:00:00+00:00"},
        {"path": "a.html", "reason": "empty", "time": "2024-01-03T00:00:00+00:00"},
    ])  # fmt: skip
    ensure_db_shape(db)
    rows = [(r["id"], r["path"], r["count"], r["time"][:10], r["last_seen"][:10]) for r in db["errors"].rows]
    assert rows == [(1, "a.html", 3, "2024-01-01", "2024-01-03"), (2, "b.html", 1, "2024-01-02", "2024-01-02")]
    save_error(db, "a.html", "empty")
    assert [row["count"] for row in db["errors"].rows] == [4, 1]


def test_summary_counts_rows_and_quotes_by_kind(db):
    indirect = Quote(kind="indirect", span=Span(50, 80), text="talks could resume", utterance=1)
    save_article(db, article(), [direct_quote(), indirect], EXTRACTOR)
    save_error(db, "broken.html", "empty")
    assert summary(db) == {
        "articles": 1,
        "quotes": 2,
        "quotes_by_kind": {"direct": 1, "indirect": 1, "mixed": 0},
        "speakers": 1,
        "errors": 1,
    }


def quote_counts(db) -> dict[tuple[str, int], tuple[int, int]]:
    """(path, record) -> (quotes the title says it has, quotes stored)."""
    sql = """select path, record, title,
               (select count(*) from quotes where article_id = articles.id) as stored
             from articles"""
    return {
        (row["path"], row["record"]): (int(row["title"].removeprefix("quotes=")), row["stored"])
        for row in db.query(sql)
    }


def test_killed_writer_leaves_whole_articles_and_resuming_completes_them(tmp_path):
    path = tmp_path / "quotes.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    writer = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("store_writer.py")), str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    saved = []
    while len(saved) < 3:
        line = writer.stdout.readline()
        assert line, "writer exited before saving three articles"
        if line.startswith("saved"):
            saved.append(line)
    # Each save takes tens of milliseconds, nearly all inside its transaction; kill inside the next one.
    time.sleep(0.01)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()

    db = sqlite_utils.Database(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = quote_counts(db)
    assert len(saved) <= len(counts) < len(fake_articles())
    assert all(expected == stored for expected, stored in counts.values())

    ensure_db_shape(db)
    hashes = stored_hashes(db)
    unsaved = [(a, quotes) for a, quotes in fake_articles() if hashes.get((a.path, a.record)) != a.sha256]
    save_articles(db, unsaved, EXTRACTOR)
    counts = quote_counts(db)
    assert len(counts) == db["articles"].count == len(fake_articles())
    assert all(expected == stored for expected, stored in counts.values())
    assert db["quotes"].count == sum(expected for expected, _ in counts.values())


def start_together(path: Path, count: int) -> list[subprocess.Popen]:
    """`count` processes that each open the database at `path`, shape it and save one article, started at once."""
    script = (
        "import sys, time\n"
        "from quotetrack.records import Article, Quote, Span, Speaker\n"
        "from quotetrack.store import ensure_db_shape, open_db, save_article\n"
        "n, start = int(sys.argv[2]), float(sys.argv[3])\n"
        "while time.time() < start: pass\n"
        "db = open_db(sys.argv[1])\n"
        "ensure_db_shape(db)\n"
        "quotes = [Quote('direct', Span(0, 4), f'q{n} {i}', i, speaker=Speaker('Kim Yo Jong', 'person'))\n"
        "          for i in range(50)]\n"
        "save_article(db, Article(f'{n}.txt', 'text', f'sha{n}'), quotes, 'race')\n"
        "print('saved')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    start = time.time() + 1.5  # after every interpreter has started
    return [
        subprocess.Popen([sys.executable, "-c", script, str(path), str(n), str(start)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        for n in range(count)
    ]


def test_runs_started_at_once_on_a_new_database_all_finish(tmp_path):
    path = tmp_path / "new" / "quotes.db"
    runs = start_together(path, 4)
    outcomes = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        outcomes.append((run.returncode, out, err.strip().splitlines()[-1:]))
    assert outcomes == [(0, "saved\n", [])] * 4
    db = sqlite_utils.Database(path)
    assert (db["articles"].count, db["quotes"].count, db["speakers"].count) == (4, 200, 1)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_is_quotetrack_db_accepts_a_quotetrack_database_and_says_why_anything_else_is_not(tmp_path):
    good = tmp_path / "quotes.db"
    db = open_db(good)
    ensure_db_shape(db)
    save_article(db, article(), [direct_quote()], EXTRACTOR)
    assert is_quotetrack_db(good) is None
    other = sqlite_utils.Database(tmp_path / "other.db")
    other["articles"].insert({"id": 1})
    other.close()
    (tmp_path / "text.db").write_text("id,text\n1,hello\n")
    (tmp_path / "empty.db").write_bytes(b"")
    (tmp_path / "torn.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    (tmp_path / "folder.db").mkdir()
    reasons = {name: is_quotetrack_db(tmp_path / name)
               for name in ("other.db", "text.db", "empty.db", "torn.db", "folder.db", "missing.db")}  # fmt: skip
    assert reasons == {
        "other.db": "a SQLite database without quotetrack's quotes table",
        "text.db": "not a SQLite database",
        "empty.db": "an empty file, not a quotetrack database",
        "torn.db": "not a readable SQLite database (file is not a database)",
        "folder.db": "not a regular file",
        "missing.db": "no such file",
    }
    assert not (tmp_path / "missing.db").exists()
    assert all("\n" not in reason for reason in reasons.values())
