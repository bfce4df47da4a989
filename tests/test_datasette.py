"""Datasette with the real metadata.yml and the plugin, through Datasette's own client (no server)."""

import asyncio
import hashlib
import inspect
import re
import sqlite3
from html import unescape
from pathlib import Path

import pytest
import yaml

from quotetrack.browse import METADATA, datasette_instance, serve
from quotetrack.datasette_plugin import highlight, monthly_chart
from quotetrack.ingest import read_articles
from quotetrack.records import Article, Quote, Span, Speaker
from quotetrack.store import SCHEMA, VIEWS, ensure_db_shape, open_db, save_article

SAMPLE_ARTICLE = Path(__file__).parent.parent / "examples" / "articles" / "kim-zhao-2024-04-15.txt"
EXTRACTOR = "hand-made test records"

KIM = Speaker("Kim Jong Un", "person", ("Kim Jong Un", "Kim"))
KCNA = Speaker("Korean Central News Agency", "media", ("Korean Central News Agency", "KCNA"))
NEWS_REPORTS = Speaker("North Korean and Chinese news reports", "media")
SENIOR_OFFICIAL = Speaker("a senior official", "anonymous")
KOO = Speaker("Koo Byung-sam", "person", ("Koo Byung-sam", "Koo"))
UNNAMED_OFFICIALS = Speaker("officials who asked not to be named", "anonymous")

# The same words as Kim's quote in the sample article, with other quote marks and punctuation.
KIM_REPEATED = (
    "This visit by China’s party leaders and government officials has considerable significance for "
    "demonstrating the invincibility of our friendship and taking our close and cooperative relationship "
    "to a level that can meet the demand of this time."
)
YONHAP_TEXT = (
    f"North Korean leader Kim Jong Un told Zhao Leji: “{KIM_REPEATED}” KCNA carried the remarks on Sunday.\n\n"
    "A senior official, speaking on condition of anonymity, said the talks had been “warm and candid”."
)
YONHAP_URL = "https://en.yna.co.kr/view/AEN20240416000300315"
DONGA_MAY_TEXT = (
    "Unification Ministry spokesperson Koo Byung-sam said on Thursday that Seoul was closely watching "
    "exchanges between Pyongyang and Beijing.\n\n"
    "“We will respond firmly to any provocation,” Koo said.\n\n"
    "Officials who asked not to be named said more talks were expected in June."
)


def found(text: str, words: str, after: str = "") -> Span:
    """Where `words` first occur in `text` at or after the first `after`."""
    start = text.index(words, text.index(after))
    return Span(start, start + len(words))


def quote(text, kind, words, utterance, cue, cue_words, speaker=None, mention=None, via=None, after="", rule=None):
    """A quote of `words` at its real offsets in `text`, as the attribution code would record it."""
    if rule is None:
        rule = ("direct/cue",) if kind == "direct" else ("reported/cue", "content/complement")
    return Quote(
        kind=kind,
        span=found(text, words, after),
        text=words,
        utterance=utterance,
        cue=cue,
        cue_span=found(text, cue_words, after),
        speaker=speaker,
        speaker_mention=mention,
        speaker_span=found(text, mention, after) if mention else None,
        via=via,
        context=words,
        confidence=0.9,
        cue_text=cue_words,
        rule=rule,
    )


def article(path, text, **fields) -> Article:
    return Article(path=path, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), **fields)


def kim_zhao_article() -> tuple[Article, list[Quote]]:
    """The sample article as ingest reads it, with an indirect quote (KCNA's report) holding a direct one."""
    [sample] = read_articles(SAMPLE_ARTICLE, "examples/articles/kim-zhao-2024-04-15.txt")
    text = sample.text
    kim_words = text[text.index("This visit by China") : text.index("demand of this time,") + 20]
    kcna_words = text[text.index("Kim met Zhao") : text.index("this time,”") + 11]
    quotes = [
        quote(text, "direct", kim_words, 0, "say", "saying", KIM, "Kim", via=KCNA, after="Kim met Zhao"),
        quote(text, "indirect", kcna_words, 1, "write", "wrote", KCNA, "the Korean Central News Agency (KCNA)"),
        quote(text, "indirect", text[text.index("the two leaders talked") : text.index("stronger ties") + 13],
              2, "state", "stated", KCNA, "The news report"),
        quote(text, "indirect", text[text.index("Kim made a toast") : text.index("Chairman Zhao") + 13],
              3, "say", "said", NEWS_REPORTS, "North Korean and Chinese news reports"),
        quote(text, "indirect", "they talked about preparations for Kim to visit China over lunchtime",
              4, "presume", "presumed", rule=()),
    ]
    return sample, quotes


def sample_articles() -> list[tuple[Article, list[Quote]]]:
    """Three articles, two outlets, two months; Kim's quote repeated; anonymous and unattributed quotes."""
    yonhap = [
        quote(YONHAP_TEXT, "direct", KIM_REPEATED, 0, "tell", "told", KIM, "Kim Jong Un", via=KCNA),
        quote(YONHAP_TEXT, "mixed", "the talks had been “warm and candid”", 1, "say", "said",
              SENIOR_OFFICIAL, "A senior official"),
    ]
    donga_may = [
        quote(DONGA_MAY_TEXT, "indirect", "Seoul was closely watching exchanges between Pyongyang and Beijing",
              0, "say", "said", KOO, "Unification Ministry spokesperson Koo Byung-sam"),
        quote(DONGA_MAY_TEXT, "direct", "We will respond firmly to any provocation,", 1, "say", "said",
              KOO, "Koo", after="We will"),
        quote(DONGA_MAY_TEXT, "indirect", "more talks were expected in June", 2, "say", "said",
              UNNAMED_OFFICIALS, "Officials who asked not to be named", after="Officials who"),
    ]
    return [
        kim_zhao_article(),
        (article("feeds/yonhap.jsonl", YONHAP_TEXT, title="Kim tells Zhao visit shows friendship",
                 outlet="Yonhap", published="2024-04-16", url=YONHAP_URL), yonhap),
        (article("feeds/donga-may.txt", DONGA_MAY_TEXT, title="Seoul watching Pyongyang-Beijing exchanges",
                 outlet="donga.com", published="2024-05-02"), donga_may),
    ]


def build_db(path: Path, items) -> Path:
    db = open_db(path)
    ensure_db_shape(db)
    for item in items:
        save_article(db, *item, EXTRACTOR)
    db.close()
    return path


def get(ds, path, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return datasette_instance(build_db(tmp_path_factory.mktemp("sample") / "quotes.db", sample_articles()))


def rows(ds, path):
    response = get(ds, path)
    assert response.status_code == 200, response.text
    return response.json()


def test_plugin_is_found_through_its_entry_point(ds):
    plugins = {plugin["name"]: plugin for plugin in rows(ds, "/-/plugins.json")}
    assert {"render_cell", "register_routes"} <= set(plugins["quotetrack"]["hooks"])


def test_every_table_view_and_column_a_user_sees_is_described(ds):
    tables = yaml.safe_load(METADATA.read_text())["databases"]["quotes"]["tables"]
    shown = {name: list(table.columns) for name, table in SCHEMA.items()}
    for view in VIEWS:
        shown[view] = rows(ds, f"/quotes/{view}.json?_size=1")["columns"]
    assert set(tables) == set(shown)
    for name, columns in shown.items():
        assert tables[name]["description"], name
        assert list(tables[name]["columns"]) == columns, name
        assert all(tables[name]["columns"].values()), name


def test_quotes_view_has_the_default_facets_with_their_counts(ds):
    facets = rows(ds, "/quotes/quotes_view.json")["facet_results"]
    counts = {name: {item["value"]: item["count"] for item in facet["results"]} for name, facet in facets.items()}
    assert counts["kind"] == {"indirect": 6, "direct": 3, "mixed": 1}
    assert counts["outlet"] == {"donga.com": 8, "Yonhap": 2}
    assert counts["via"] == {"Korean Central News Agency": 2}
    assert counts["speaker_type"] == {"person": 4, "media": 3, "anonymous": 2}
    assert counts["speaker"]["Kim Jong Un"] == counts["speaker"]["Koo Byung-sam"] == 2
    assert counts["cue"] == {"say": 6, "tell": 1, "write": 1, "state": 1, "presume": 1}
    assert counts["rule"] == {"reported/cue content/complement": 6, "direct/cue": 3}
    assert counts["published"] == {"2024-04-15": 5, "2024-05-02": 3, "2024-04-16": 2}
    assert facets["published"]["type"] == "date"


def test_quotes_view_is_newest_first(ds):
    published = [row["published"] for row in rows(ds, "/quotes/quotes_view.json?_shape=array")]
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize("table", ["quotes_view", "quotes"])
def test_search_box_searches_quote_text(ds, table):
    found_rows = rows(ds, f"/quotes/{table}.json?_search=firmly+provocation&_shape=array")
    assert [row["text"] for row in found_rows] == ["We will respond firmly to any provocation,"]
    assert 'name="_search"' in get(ds, f"/quotes/{table}").text


def test_articles_are_searchable(ds):
    found_rows = rows(ds, "/quotes/articles.json?_search=Maotai&_shape=array")
    assert [row["outlet"] for row in found_rows] == ["donga.com"]


def test_foreign_keys_show_names_not_ids(ds):
    html = get(ds, "/quotes/quotes").text
    assert 'href="/quotes/speakers/1">Kim Jong Un</a>' in html
    assert "Kim Jong Un, China’s Zhao Leji seek enhanced cooperation</a>" in html


# The columns compared for each canned query.
CANNED_COLUMNS = {
    "most_quoted": ("speaker", "quotes"),
    "speaker_quotes": ("quote_id", "published", "via"),
    "search_quotes": ("speaker", "outlet"),
    "outlet_sources_by_month": ("month", "source", "quotes"),
    "anonymous_share_by_outlet": ("outlet", "quotes", "anonymous", "anonymous_percent", "unattributed"),
    "repeated_quotes": ("articles", "outlets", "first_outlet", "first_published", "first_quote_id"),
}
CANNED = [
    ("most_quoted", "", [
        ("Kim Jong Un", 2), ("Koo Byung-sam", 2), ("Korean Central News Agency", 2),
        ("North Korean and Chinese news reports", 1), ("a senior official", 1),
        ("officials who asked not to be named", 1),
    ]),
    ("most_quoted", "speaker_type=person", [("Kim Jong Un", 2), ("Koo Byung-sam", 2)]),
    ("most_quoted", "outlet=Yonhap", [("Kim Jong Un", 1), ("a senior official", 1)]),
    ("speaker_quotes", "speaker=KCNA", [(2, "2024-04-15", None), (3, "2024-04-15", None)]),
    ("speaker_quotes", "speaker=kim", [
        (6, "2024-04-16", "Korean Central News Agency"), (1, "2024-04-15", "Korean Central News Agency"),
    ]),
    ("speaker_quotes", "speaker=Koo+Byung-sam", [(8, "2024-05-02", None), (9, "2024-05-02", None)]),
    ("search_quotes", "words=firmly+provocation", [("Koo Byung-sam", "donga.com")]),
    ("search_quotes", "words=", []),
    ("outlet_sources_by_month", "outlet=donga.com", [
        ("2024-05", "Koo Byung-sam", 2), ("2024-05", "officials who asked not to be named", 1),
        ("2024-04", "Korean Central News Agency", 3), ("2024-04", "North Korean and Chinese news reports", 1),
    ]),
    ("anonymous_share_by_outlet", "", [("Yonhap", 2, 1, 50.0, 0), ("donga.com", 8, 1, 12.5, 1)]),
    ("anonymous_share_by_outlet", "since=2024-05-01", [("donga.com", 3, 1, 33.3, 0)]),
    ("repeated_quotes", "", [(2, 2, "donga.com", "2024-04-15", 1)]),
    ("repeated_quotes", "min_articles=3", []),
]


@pytest.mark.parametrize(("query", "params", "expected"), CANNED)
def test_canned_query_returns_the_expected_rows(ds, query, params, expected):
    result = rows(ds, f"/quotes/{query}.json?_shape=array&{params}")
    assert [tuple(row[column] for column in CANNED_COLUMNS[query]) for row in result] == expected


def test_every_canned_query_page_renders_with_empty_parameters(ds):
    queries = yaml.safe_load(METADATA.read_text())["databases"]["quotes"]["queries"]
    assert set(queries) == set(CANNED_COLUMNS)
    for query in queries:
        response = get(ds, f"/quotes/{query}")
        assert response.status_code == 200, query
        assert "message-error" not in response.text, query


def test_canned_query_ids_link_to_quotes_articles_and_speakers(ds):
    html = get(ds, "/quotes/speaker_quotes?speaker=Koo").text
    assert '<a href="/quotes/quotes/9">9</a>' in html
    assert '<a href="/quotes/articles/3/text#q9">3</a>' in html
    assert '<a href="/quotes/speakers/5/timeline">5</a>' in get(ds, "/quotes/most_quoted").text


def test_highlight_marks_overlapping_quote_speaker_and_cue_pieces():
    text = 'KCNA said Kim told them "we are friends" today.'
    quotes = [
        {"id": 1, "kind": "indirect", "speaker": "KCNA", "start": 10, "end": 40,
         "cue_start": 5, "cue_end": 9, "speaker_start": 0, "speaker_end": 4},
        {"id": 2, "kind": "direct", "speaker": "Kim", "start": 25, "end": 39,
         "cue_start": 14, "cue_end": 18, "speaker_start": 10, "speaker_end": 13},
    ]
    assert highlight(text, quotes, "/db/quotes") == (
        '<span class="speaker" title="speaker of quote 1">KCNA</span> '
        '<span class="cue" title="cue of quote 1">said</span> '
        '<span class="quote-anchor" id="q1"></span>'
        '<a class="quote quote-indirect speaker" href="/db/quotes/1" title="indirect quote 1: KCNA">Kim</a>'
        '<a class="quote quote-indirect" href="/db/quotes/1" title="indirect quote 1: KCNA"> </a>'
        '<a class="quote quote-indirect cue" href="/db/quotes/1" title="indirect quote 1: KCNA">told</a>'
        '<a class="quote quote-indirect" href="/db/quotes/1" title="indirect quote 1: KCNA"> them &#34;</a>'
        '<span class="quote-anchor" id="q2"></span>'
        '<a class="quote quote-indirect quote-direct" href="/db/quotes/2" title="direct quote 2: Kim">'
        "we are friends</a>"
        '<a class="quote quote-indirect" href="/db/quotes/1" title="indirect quote 1: KCNA">&#34;</a>'
        " today."
    )


def test_highlight_clips_offsets_outside_the_text_and_skips_missing_ones():
    quotes = [{"id": 3, "kind": "odd", "speaker": None, "start": -5, "end": 99,
               "cue_start": None, "cue_end": None, "speaker_start": 7, "speaker_end": 7}]
    assert highlight("<b>", quotes, "/q") == (
        '<span class="quote-anchor" id="q3"></span>'
        '<a class="quote quote-other" href="/q/3" title="odd quote 3: no speaker">&lt;b&gt;</a>'
    )


def test_article_page_shows_the_sample_article_with_its_quotes_in_place(ds):
    sample, quotes = kim_zhao_article()
    response = get(ds, "/quotes/articles/1/text")
    assert response.status_code == 200
    html = response.text
    for quote_id in range(1, 6):
        assert f'id="q{quote_id}"' in html
    assert re.search(r'<a class="quote quote-indirect quote-direct" href="/quotes/quotes/1"[^>]*>This visit', html)
    assert re.search(r'<a class="quote quote-indirect speaker" href="/quotes/quotes/2"[^>]*>Kim</a>', html)
    assert '<span class="speaker" title="speaker of quote 2">the Korean Central News Agency (KCNA)</span>' in html
    assert '<span class="cue" title="cue of quote 3">stated</span>' in html
    # Nothing is lost or added: the text without tags is the article text.
    article_text = html.split('<div class="article-text">')[1].split("</div>")[0]
    assert unescape(re.sub(r"<[^>]+>", "", article_text)) == sample.text
    assert f'href="{YONHAP_URL}"' in get(ds, "/quotes/articles/2/text").text


def test_every_quote_row_links_to_its_place_in_the_article(ds):
    link = '<a href="/quotes/articles/3/text#q9">We will respond firmly to any provocation,</a>'
    for page in ("/quotes/quotes_view", "/quotes/quotes", "/quotes/quotes/9"):
        assert link in get(ds, page).text, page


def test_article_rows_link_to_their_text(ds):
    assert '<a href="/quotes/articles/2/text">Kim tells Zhao visit shows friendship</a>' in get(
        ds, "/quotes/articles").text
    assert 'href="/quotes/articles/2/text"' in get(ds, "/quotes/articles/2").text


def test_speaker_timeline_charts_their_quotes_per_month(ds):
    assert 'href="/quotes/speakers/5/timeline">Koo Byung-sam</a>' in get(ds, "/quotes/speakers").text
    html = get(ds, "/quotes/speakers/1/timeline").text
    assert "<h1>Kim Jong Un</h1>" in html
    assert "<svg" in html
    assert "<title>2024-04 · direct: 2</title>" in html


def test_charts_page_shows_top_speakers_and_speaker_types_per_month(ds):
    html = get(ds, "/quotes/-/charts").text
    assert html.count('<figure class="chart">') == 2
    assert "<title>2024-05 · Koo Byung-sam: 2</title>" in html
    assert "<title>2024-04 · unattributed: 1</title>" in html
    assert "<title>2024-05 · anonymous: 1</title>" in html
    assert 'href="/quotes/-/charts">Quote charts: quotes</a>' in html


def test_monthly_chart_draws_empty_months_between_the_first_and_the_last():
    chart = monthly_chart([{"month": "2023-11", "series": "a", "quotes": 1},
                           {"month": "2024-02", "series": "a", "quotes": 3}], "t")
    assert [month for month in ("2023-11", "2023-12", "2024-01", "2024-02") if f">{month}<" in chart]
    assert chart.count("<rect") == 2
    assert monthly_chart([], "Nothing") == "<p class='chart-empty'>Nothing: no dated quotes.</p>"


@pytest.mark.parametrize("path", ["/quotes/articles/9/text", "/quotes/speakers/99/timeline", "/nope/-/charts"])
def test_missing_rows_are_not_found(ds, path):
    assert get(ds, path).status_code == 404


XSS_TEXT = (
    'Breaking: <script>alert(1)</script> and <img src=x onerror=alert(1)> then "javascript:alert(2)" end.'
)
XSS_PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror", "<b>bold</b>")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    evil = Speaker("<b>bold</b> <img src=x onerror=alert(3)>", "person")
    quotes = [
        quote(XSS_TEXT, "direct", "javascript:alert(2)", 0, "say", "Breaking", evil, "<script>alert(1)</script>"),
        quote(XSS_TEXT, "indirect", "<img src=x onerror=alert(1)>", 1, "<script>alert(1)</script>",
              "<script>alert(1)</script>", evil, "Breaking"),
    ]
    item = article("evil.html", XSS_TEXT, title="<script>alert(1)</script>", outlet="<b>bold</b>",
                   published="2024-01-02", url="javascript:alert(1)", author="<img src=x onerror=alert(1)>")
    return datasette_instance(build_db(tmp_path_factory.mktemp("hostile") / "quotes.db", [(item, quotes)]))


@pytest.mark.parametrize("path", [
    "/quotes/articles/1/text", "/quotes/articles", "/quotes/articles/1", "/quotes/quotes", "/quotes/quotes/1",
    "/quotes/quotes_view", "/quotes/speakers", "/quotes/speakers/1/timeline", "/quotes/-/charts",
    "/quotes/speaker_quotes?speaker=%3Cb%3Ebold%3C%2Fb%3E+%3Cimg+src%3Dx+onerror%3Dalert%283%29%3E",
    "/quotes/search_quotes?words=javascript",
])
def test_article_and_quote_text_is_shown_as_text_never_run(hostile, path):
    response = get(hostile, path)
    assert response.status_code == 200
    html = response.text
    for payload in XSS_PAYLOADS:
        assert payload not in html
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert "alert(" in html  # the hostile text is there, escaped


def test_hostile_article_text_is_escaped_in_place(hostile):
    html = get(hostile, "/quotes/articles/1/text").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;</a>" in html
    assert "javascript:alert(2)</a>" in html


def test_sql_that_writes_is_refused(ds):
    response = get(ds, "/quotes.json?sql=delete+from+quotes")
    assert response.status_code == 400
    response = get(ds, "/quotes.json?sql=select+1;+delete+from+quotes")
    assert response.status_code == 400
    assert rows(ds, "/quotes.json?sql=select+count(*)+as+n+from+quotes&_shape=array") == [{"n": 10}]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/quotes/quotes/-/insert", "/quotes/-/create", "/quotes/most_quoted",
                                  "/quotes/quotes/1"])
def test_requests_that_could_write_are_refused(ds, method, path):
    response = asyncio.run(ds.client.request(method, path, json={"row": {"kind": "direct", "text": "x"}}))
    assert response.status_code == 405
    assert rows(ds, "/quotes.json?sql=select+count(*)+as+n+from+quotes&_shape=array") == [{"n": 10}]


def test_served_read_only_on_loopback_with_no_writable_queries(ds):
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    queries = yaml.safe_load(METADATA.read_text())["databases"]["quotes"]["queries"]
    assert not any(query.get("write") for query in queries.values())
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        ds.get_database("quotes").connect().execute("delete from quotes")


def test_settings_come_from_metadata(ds):
    settings = rows(ds, "/-/settings.json")
    assert settings["facet_time_limit_ms"] == 60
    assert settings["suggest_facets"] is False


def test_metadata_applies_to_a_database_of_any_file_name(tmp_path):
    other = datasette_instance(build_db(tmp_path / "news-2024.db", [kim_zhao_article()]))
    facets = rows(other, "/news-2024/quotes_view.json")["facet_results"]
    assert set(facets) == {"speaker", "speaker_type", "via", "kind", "cue", "rule", "outlet", "published"}


def test_article_page_shows_each_quotes_rules_and_cue_as_written_on_hover(ds):
    quote_row = {"id": 7, "kind": "direct", "kind_class": "quote-direct", "text": "We will respond",
                 "speaker": "Koo Byung-sam", "speaker_url": "/quotes/speakers/3/timeline", "via": None,
                 "cue": "say", "cue_text": "said", "rule": "direct/cue speaker/inverted <b>"}  # fmt: skip
    context = {"database": "quotes", "table": "articles", "article": {"id": 1, "title": "T"}, "row_url": "/r",
               "highlighted": "", "quotes_url": "/quotes/quotes", "quotes": [quote_row]}  # fmt: skip
    html = asyncio.run(ds.render_template("quotetrack_article.html", context))
    assert '<li title="decided by the rules direct/cue speaker/inverted &lt;b&gt;">' in html
    assert '<span class="cue" title="as written: said">say</span>' in html


def test_serve_refuses_a_file_that_is_not_a_quotetrack_database_before_serving(tmp_path, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail("served"))
    (tmp_path / "notes.db").write_text("not a database")
    with pytest.raises(ValueError, match=r"notes.db is not a quotetrack database: not a SQLite database$"):
        serve(tmp_path / "notes.db")
    with pytest.raises(FileNotFoundError, match="run `quotetrack extract` first"):
        serve(tmp_path / "missing.db")


def test_served_article_page_reads_each_quotes_rules_and_cue_as_written(ds):
    # the page's query hands the template the stored rule and cue_text, not only the template's own test data
    html = get(ds, "/quotes/articles/1/text").text
    sql = "select+rule,+cue_text+from+quotes+where+article_id=1+and+rule+is+not+null"
    rows = get(ds, f"/quotes.json?sql={sql}&_shape=array").json()
    assert rows
    for row in rows:
        assert f'title="decided by the rules {row["rule"]}"' in html
