"""Who a stored quote is credited to across articles: in-article entities become one database speaker only on
the same full name and a compatible type, whatever the order articles come in and whatever else is stored."""

import itertools
import json

import pytest
import sqlite_utils

from quotetrack.records import Article, Quote, Span, Speaker
from quotetrack.store import ensure_db_shape, entity_key, save_article, save_articles

EXTRACTOR = "identity test"

ADAM_JONES = Speaker("Adam Jones", "person", ("Adam Jones", "Jones"))
NORAH_JONES = Speaker("Norah Jones", "person", ("Norah Jones", "Jones"))
BARE_JONES = Speaker("Jones", "person", ("Jones",))
TOYOTA = Speaker("Toyota", "organization", ("Toyota", "US"))
US = Speaker("US", "unknown", ("US",))
FOX_STUDIO = Speaker("Twentieth Century Fox", "organization", ("Twentieth Century Fox", "Fox"))
LIAM_FOX = Speaker("Liam Fox", "person", ("Liam Fox", "Fox"))
OFFICIAL = Speaker("a senior official", "anonymous", ("a senior official",))
ANALYSTS = Speaker("Analysts", "group", ("Analysts",))
OBAMA_UNTYPED = Speaker("Barack Obama", "unknown", ("Barack Obama", "Obama"))
OBAMA = Speaker("Barack Obama", "person", ("Barack Obama", "Obama", "President Barack Obama"))
MR_BROWN = Speaker("Mr Brown", "person", ("Mr Brown",))
REUTERS = Speaker("Reuters", "media", ("Reuters",))

# Article name -> the speakers of its quotes, one quote each, in order.
ARTICLES = {
    "rugby": [ADAM_JONES, BARE_JONES, OFFICIAL],
    "music": [NORAH_JONES, OBAMA_UNTYPED, REUTERS],
    "cricket": [BARE_JONES, MR_BROWN],
    "cars": [TOYOTA, US, ANALYSTS, REUTERS],
    "court": [US, OFFICIAL, MR_BROWN],
    "film": [FOX_STUDIO, OBAMA, TOYOTA],
    "politics": [LIAM_FOX, OBAMA, ANALYSTS],
}


def quote(name: str, number: int, speaker: Speaker) -> Quote:
    text = f"{name} quote {number}"
    mention = (speaker.aliases or (speaker.name,))[-1]
    return Quote(kind="direct", span=Span(0, len(text)), text=text, utterance=number, cue="say", speaker=speaker,
                 speaker_mention=mention, via=REUTERS if number == 0 else None)  # fmt: skip


def item(name: str) -> tuple[Article, list[Quote]]:
    text = " ".join(f"{name} quote {n}" for n in range(len(ARTICLES[name])))
    article = Article(path=f"{name}.txt", text=text, sha256=f"sha-{name}")
    return article, [quote(name, number, speaker) for number, speaker in enumerate(ARTICLES[name])]


def stored(names, in_bulk: bool = False) -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    if in_bulk:
        save_articles(db, [item(name) for name in names], EXTRACTOR)
    else:
        for name in names:
            save_article(db, *item(name), EXTRACTOR)
    return db


def credits(db) -> dict[str, tuple]:
    """Quote text -> (speaker, speaker type, via, the entity as the article named it)."""
    sql = "select text, speaker, speaker_type, via, speaker_entity from quotes_view"
    return {row[0]: tuple(row[1:]) for row in db.execute(sql)}


def sharing(db) -> set[frozenset[str]]:
    """The sets of quotes credited to one database speaker (ids aside)."""
    groups: dict[int, set[str]] = {}
    for text, speaker_id in db.execute("select text, speaker_id from quotes where speaker_id is not null"):
        groups.setdefault(speaker_id, set()).add(text)
    return {frozenset(group) for group in groups.values()}


def shape(db) -> tuple:
    """Speakers, aliases and quotes' credits as a user sees them, without ids."""
    speakers = sorted((row["name"], row["type"], row["aliases"]) for row in db["speakers"].rows)
    aliases = sorted(db.execute(
        "select alias_key, speakers.name, speakers.type from speaker_aliases join speakers on speakers.id = speaker_id"
    ).fetchall())  # fmt: skip
    return credits(db), sharing(db), speakers, aliases


def test_credits_do_not_depend_on_the_order_articles_are_stored_in():
    names = list(ARTICLES)
    expected = shape(stored(names))
    assert shape(stored(reversed(names))) == expected
    assert shape(stored(names[3:] + names[:3], in_bulk=True)) == expected
    for order in itertools.islice(itertools.permutations(names), 1, 200, 37):
        assert shape(stored(order)) == expected


@pytest.mark.parametrize("name", list(ARTICLES))
def test_an_articles_credits_are_the_same_alone_and_among_the_others(name):
    alone, together = credits(stored([name])), credits(stored(ARTICLES))
    for text, (speaker, kind, via, entity) in alone.items():
        # An untyped name takes the type the same full name has in the other articles, and nothing else.
        if kind == "unknown" and together[text][1] != "unknown":
            assert together[text] == (speaker, "person", via, entity)
        else:
            assert together[text] == (speaker, kind, via, entity)


def test_only_full_names_and_one_word_organisation_names_link_articles():
    groups = sharing(stored(ARTICLES))
    # Barack Obama (untyped in one article) and Reuters and Toyota are each one speaker; the rest stay apart.
    assert frozenset({"music quote 1", "film quote 1", "politics quote 1"}) in groups
    assert frozenset({"music quote 2", "cars quote 3"}) in groups
    assert frozenset({"cars quote 0", "film quote 2"}) in groups
    linked = {group for group in groups if len({text.split()[0] for text in group}) > 1}
    assert len(linked) == 3
    # A bare surname, a title and a surname, a country, a description, a group: never beyond their article.
    for text in ("rugby quote 1", "cricket quote 0", "cricket quote 1", "cars quote 1", "court quote 0",
                 "rugby quote 2", "court quote 1", "cars quote 2", "politics quote 2"):  # fmt: skip
        assert frozenset({text}) in groups


def test_same_surname_first_names_and_an_alias_are_different_speakers():
    found = credits(stored(ARTICLES))
    assert found["rugby quote 0"][0] == "Adam Jones" and found["music quote 0"][0] == "Norah Jones"
    assert found["film quote 0"][0] == "Twentieth Century Fox" and found["politics quote 0"][0] == "Liam Fox"
    # "US", an alias of Toyota in one article, is nobody's alias elsewhere.
    assert found["court quote 0"][:2] == ("US", "unknown")


def test_an_untyped_name_stays_apart_when_the_same_full_name_has_two_types():
    kim = Speaker("Kim Yo Jong", "unknown")
    items = [
        (Article("a.txt", "a", "sha-a"), [quote("a", 0, kim)]),
        (Article("b.txt", "b", "sha-b"), [quote("b", 0, Speaker("Kim Yo Jong", "person"))]),
        (Article("c.txt", "c", "sha-c"), [quote("c", 0, Speaker("Kim Yo Jong", "media"))]),
    ]
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    save_articles(db, items[:2], EXTRACTOR)
    assert [credits(db)[f"{n} quote 0"][1] for n in "ab"] == ["person", "person"]
    save_article(db, *items[2], EXTRACTOR)
    assert [credits(db)[f"{n} quote 0"][1] for n in "abc"] == ["unknown", "person", "media"]
    assert db["speakers"].count == 4  # the three Kims and Reuters
    # Extracted again without its media Kim, c no longer splits them: as if it had never been stored.
    save_article(db, items[2][0], [], EXTRACTOR)
    assert [credits(db)[f"{n} quote 0"][1] for n in "ab"] == ["person", "person"]
    fresh = sqlite_utils.Database(memory=True)
    ensure_db_shape(fresh)
    save_articles(fresh, [*items[:2], (items[2][0], [])], EXTRACTOR)
    assert shape(db) == shape(fresh)


def test_entities_keep_the_article_level_name_apart_from_the_database_speaker():
    db = stored(["rugby", "cricket"])
    rows = {row["text"]: row for row in db.query("select * from quotes_view")}
    assert (rows["rugby quote 1"]["speaker_text"], rows["rugby quote 1"]["speaker_entity"]) == ("Jones", "Jones")
    entities = {(row["article_id"], row["name"]): row for row in db["entities"].rows}
    assert json.loads(entities[1, "Adam Jones"]["aliases"]) == ["Adam Jones", "Jones"]
    assert entities[1, "Jones"]["speaker_id"] != entities[2, "Jones"]["speaker_id"]


@pytest.mark.parametrize(
    ("speaker", "links"),
    [
        (Speaker("Adam Jones", "person"), "adam jones"),
        (Speaker("Bashar al-Assad", "person"), "bashar al-assad"),
        (Speaker("Bank of England", "organization"), "bank of england"),
        (Speaker("The KCNA's", "media"), "=kcna"),
        (Speaker("Toyota", "organization"), "=toyota"),
        (Speaker("Jones", "person"), None),
        (Speaker("Mr Brown", "person"), None),
        (Speaker("China", "government"), None),
        (Speaker("Toyota", "unknown"), None),
        (Speaker("us", "organization"), None),
        (Speaker("the prime minister", "person"), None),
        (Speaker("North Korean and Chinese news reports", "media"), None),
        (Speaker("Senate Democrats", "group"), None),
        (Speaker("Officials Familiar With The Matter", "anonymous"), None),
    ],
)
def test_entity_key_links_only_full_names_and_one_word_organisation_names(speaker, links):
    if links:
        assert entity_key(speaker, 7) == entity_key(speaker, 8) == links
    else:
        assert entity_key(speaker, 7).startswith("#7 ") and entity_key(speaker, 8).startswith("#8 ")


def test_an_old_database_of_speakers_merged_by_alias_is_split_into_entities_and_linked_again():
    from test_store import old_shape_db

    db = old_shape_db()  # article 1: one quote of the Korean Central News Agency (speaker 1), also its via
    db["articles"].insert({"id": 2, "path": "two.txt", "record": 0, "text": "x"})
    db["speakers"].insert_all([
        {"id": 2, "name": "Jones", "type": "person", "aliases": '["Jones", "Adam Jones", "Norah Jones"]'},
        {"id": 3, "name": "a senior official", "type": "anonymous", "aliases": '["a senior official"]'},
    ])  # fmt: skip
    db["speaker_aliases"].insert_all(
        [{"alias_key": "kcna", "speaker_id": 1}, {"alias_key": "jones", "speaker_id": 2},
         {"alias_key": "us", "speaker_id": 1}]  # fmt: skip
    )
    db["quotes"].insert_all([
        {"id": 2, "article_id": 1, "utterance_id": "1-1", "kind": "direct", "text": "one Jones", "speaker_id": 2},
        {"id": 3, "article_id": 2, "utterance_id": "2-0", "kind": "direct", "text": "two Jones", "speaker_id": 2},
        {"id": 4, "article_id": 1, "utterance_id": "1-2", "kind": "direct", "text": "one official", "speaker_id": 3},
        {"id": 5, "article_id": 2, "utterance_id": "2-1", "kind": "direct", "text": "two official", "speaker_id": 3,
         "via_id": 1},
    ])  # fmt: skip
    ensure_db_shape(db)
    found = credits(db)
    assert found["the talks are over"] == ("Korean Central News Agency", "media", "Korean Central News Agency",
                                           "Korean Central News Agency")  # fmt: skip
    assert found["two official"] == ("a senior official", "anonymous", "Korean Central News Agency",
                                     "a senior official")  # fmt: skip
    groups = sharing(db)
    for alone in ("one Jones", "two Jones", "one official", "two official"):
        assert frozenset({alone}) in groups
    assert db["speaker_aliases"].pks == ["alias_key", "speaker_id"]
    assert ("us",) not in db.execute("select alias_key from speaker_aliases").fetchall()
    # New articles link to the migrated speakers as to any other.
    kcna = Speaker("Korean Central News Agency", "media")
    save_article(db, Article("three.txt", "y", "sha-3"), [quote("three", 1, kcna)], EXTRACTOR)
    kcna = "select speaker_id from quotes where speaker = ? union select via_id from quotes where via = ?"
    assert len(db.execute(kcna, ["Korean Central News Agency"] * 2).fetchall()) == 1
    schema_writes = []
    with db.tracer(lambda sql, params: schema_writes.append(sql)):
        ensure_db_shape(db)
    assert [sql for sql in schema_writes if sql.split()[0].upper() in ("CREATE", "DROP", "UPDATE", "INSERT")] == []
