import hashlib
import json
from pathlib import Path

import pytest

from quotetrack.ingest import discover, read_articles
from quotetrack.records import Article, IngestError

SAMPLE_ARTICLE = Path(__file__).parent.parent / "examples" / "articles" / "kim-zhao-2024-04-15.txt"

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Mayor backs new tram line | The Riverside Gazette</title>
<meta property="og:title" content="Mayor backs new tram line">
<meta name="author" content="Ana Lopez">
<meta property="og:site_name" content="The Riverside Gazette">
<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
<link rel="canonical" href="https://www.riverside-gazette.example/news/tram-line">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Mayor backs new tram line</h1>
<p>The mayor said on Tuesday that the city would build a new tram line across the river, ending years of
debate about how to connect the eastern districts to the centre.</p>
<p>"We have waited long enough," she told reporters at the town hall. "The eastern districts deserve the
same service as everyone else."</p>
<p>Opposition councillors said the plan was too expensive and that buses could do the same job for a
fraction of the cost, according to a statement released later that day.</p>
<p>Construction is expected to start next spring and to last about three years, the transport department
said.</p>
</article>
<footer>Copyright 2024 The Riverside Gazette</footer>
</body></html>
"""


def write_file(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read_single(path: Path, **options) -> Article | IngestError:
    (result,) = read_articles(path, path.name, **options)
    return result


def test_sample_header_gives_metadata_and_stays_in_text():
    article = read_single(SAMPLE_ARTICLE)

    assert article.title == "Kim Jong Un, China’s Zhao Leji seek enhanced cooperation"
    assert article.published == "2024-04-15"
    assert article.author == "Jin-Woo Shin"
    assert article.outlet == "donga.com"
    assert article.text == SAMPLE_ARTICLE.read_bytes().decode("utf-8")
    assert article.sha256 == hashlib.sha256(SAMPLE_ARTICLE.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("header", "title", "outlet"),
    [
        (
            "date 2024-05-02 U.S. envoy hit by delays. May 2, 2024 10:00. by Ann Lee https://www.example-news.com/x.",
            "U.S. envoy hit by delays",
            "example-news.com",
        ),
        (
            "date 2024-05-02 Talks stall. 2 May 2024. by Ann Lee ann@news.example.org.",
            "Talks stall",
            "news.example.org",
        ),
        ("date 2024-05-02 Talks stall. Late edition. by Ann Lee.", "Talks stall", None),
    ],
    ids=["title_with_periods_and_url", "day_first_dateline_and_email", "no_dateline_no_contact"],
)
def test_header_variants(tmp_path, header, title, outlet):
    article = read_single(write_file(tmp_path, "article.txt", f"\n{header}\n\nBody text.\n"))

    assert (article.title, article.author, article.outlet) == (title, "Ann Lee", outlet)


def test_text_without_header_has_no_metadata(tmp_path):
    article = read_single(write_file(tmp_path, "plain.txt", "The minister said the talks were over.\n"))

    assert (article.title, article.published, article.author, article.outlet) == (None, None, None, None)


def test_bom_is_stripped_and_text_otherwise_byte_identical(tmp_path):
    body = "  First line, with “quotes”.\r\nSecond line.\r\n\r\n"
    article = read_single(write_file(tmp_path, "crlf_with_bom.txt", b"\xef\xbb\xbf" + body.encode("utf-8")))

    assert article.text == body


def test_binary_file(tmp_path):
    error = read_single(write_file(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))

    assert error == IngestError(path="image.txt", reason="binary file")


def test_invalid_utf8_reports_byte_and_offset(tmp_path):
    error = read_single(write_file(tmp_path, "latin1.txt", "Café au lait".encode("latin-1")))

    assert error == IngestError(path="latin1.txt", reason="not valid UTF-8 text (byte 0xe9 at offset 3)")


def test_utf16_text_is_refused_with_advice(tmp_path):
    error = read_single(write_file(tmp_path, "notepad.txt", "Hello".encode("utf-16")))

    assert error.reason == "UTF-16 text is not supported; save the file as UTF-8"


@pytest.mark.parametrize(
    "content", [b"", b" \n\t\r\n", b"\xef\xbb\xbf\n"], ids=["zero_bytes", "whitespace", "bom"]
)
def test_empty_file(tmp_path, content):
    assert read_single(write_file(tmp_path, "empty.txt", content)).reason == "empty file"


def test_file_over_size_limit_is_refused_before_reading(tmp_path):
    error = read_single(write_file(tmp_path, "big.txt", "x" * 101), max_bytes=100)

    assert error.reason == "file is 101 bytes, over the limit of 100 bytes (--max-bytes)"


def test_missing_path_is_discovered_and_reported_when_read(tmp_path):
    ((absolute, stored),) = discover([tmp_path / "typo"]).files

    assert read_articles(absolute, stored)[0].reason == "cannot read file: No such file or directory"


def test_unsupported_suffix(tmp_path):
    assert read_single(write_file(tmp_path, "notes.pdf", "%PDF")).reason == "unsupported file type '.pdf'"


def test_markdown_front_matter_gives_metadata_and_text_is_the_body(tmp_path):
    body = "# Tram line\n\nThe mayor said: “We have waited long enough.”\n"
    front_matter = (
        "---\ntitle: Mayor backs tram\ndate: 2024-03-05\nauthor: [Ana Lopez, Ben Ode]\n"
        "url: https://www.riverside-gazette.example/tram\n---\n"
    )
    article = read_single(write_file(tmp_path, "tram.md", front_matter + body))

    assert article.text == body
    assert (article.title, article.published) == ("Mayor backs tram", "2024-03-05")
    assert article.author == "Ana Lopez, Ben Ode"
    assert article.outlet == "riverside-gazette.example"


def test_markdown_without_front_matter_uses_header_line(tmp_path):
    text = "date 2024-04-15 Talks resume. April. 15, 2024. by Ann Lee ann@donga.com.\n\nBody.\n"
    article = read_single(write_file(tmp_path, "header.markdown", text))

    assert (article.text, article.title, article.outlet) == (text, "Talks resume", "donga.com")


@pytest.mark.parametrize(
    ("markdown", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nBody.\n", "malformed YAML front matter: expected ',' or ']', but got"),
        (
            "---\ntitle: Tram\nBody without a closing line.\n",
            "malformed YAML front matter: no closing '---' line",
        ),
        ("---\n- a list\n---\nBody.\n", "malformed YAML front matter: expected 'key: value' lines"),
        ("---\ntitle: \x07\n---\nBody.\n", "malformed YAML front matter: unacceptable character #x0007"),
        ("---\n" + "[" * 20_000 + "\n---\nBody.\n", "malformed YAML front matter: nested too deeply"),
    ],
    ids=["bad_yaml", "no_closing_line", "not_a_mapping", "control_character", "too_deep"],
)
def test_malformed_front_matter(tmp_path, markdown, reason):
    assert read_single(write_file(tmp_path, "bad.md", markdown)).reason.startswith(reason)


def test_html_article_text_and_meta_tags(tmp_path):
    article = read_single(write_file(tmp_path, "tram.html", ARTICLE_PAGE))

    assert "she told reporters at the town hall" in article.text
    assert "Copyright" not in article.text
    assert article.title == "Mayor backs new tram line"
    assert (article.author, article.published) == ("Ana Lopez", "2024-03-05")
    assert article.outlet == "The Riverside Gazette"
    assert article.url == "https://www.riverside-gazette.example/news/tram-line"


def test_html_outlet_falls_back_to_canonical_domain(tmp_path):
    page = ARTICLE_PAGE.replace('<meta property="og:site_name" content="The Riverside Gazette">', "")
    page = page.replace("The Riverside Gazette", "")
    article = read_single(write_file(tmp_path, "tram.htm", page))

    assert article.outlet == "riverside-gazette.example"


def test_html_with_broken_encoding_still_ingests(tmp_path):
    broken = ARTICLE_PAGE.encode("utf-8").replace(b"mayor said", b"mayor \xff\xfe said")

    assert "town hall" in read_single(write_file(tmp_path, "broken.html", broken)).text


def test_html_without_article_text(tmp_path):
    page = "<html><head><title>Gallery</title></head><body><img src=a.png><script>x()</script></body></html>"

    assert read_single(write_file(tmp_path, "gallery.html", page)).reason == "no article text found in HTML"


def test_json_list_gives_one_article_per_record(tmp_path):
    records = [
        {"text": "First story.", "url": "https://www.example.org/1", "published": "2024-01-02"},
        {"text": "Second story.", "outlet": "Daily Example", "date": "2024-01-03T08:00:00Z", "author": "Bo"},
    ]
    articles = read_articles(write_file(tmp_path, "batch.json", json.dumps(records)), "batch.json")

    assert [(a.record, a.text, a.outlet, a.published) for a in articles] == [
        (0, "First story.", "example.org", "2024-01-02"),
        (1, "Second story.", "Daily Example", "2024-01-03"),
    ]
    assert articles[0].sha256 == hashlib.sha256(json.dumps(records[0], sort_keys=True).encode()).hexdigest()


def test_json_single_object(tmp_path):
    (article,) = read_articles(write_file(tmp_path, "one.json", '{"text": "Only story."}'), "one.json")

    assert (article.record, article.text) == (0, "Only story.")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[{"text": "a"},', "malformed JSON (Expecting value at line 1, column 16)"),
        ("[" * 100_000, "malformed JSON (nested too deeply at line 1, column 1)"),
        ("[]", "JSON list has no records"),
    ],
    ids=["truncated", "too_deep", "no_records"],
)
def test_json_file_that_gives_no_records_is_one_error(tmp_path, content, reason):
    assert read_articles(write_file(tmp_path, "bad.json", content), "bad.json") == [
        IngestError("bad.json", reason)
    ]


def test_jsonl_bad_lines_become_errors_and_other_records_are_ingested(tmp_path):
    lines = ['{"text": "First."}', "", '{"text": "Second." x}', '{"title": "No text"}', '{"text": "Third."}']
    results = read_articles(write_file(tmp_path, "feed.jsonl", "\n".join(lines) + "\n"), "feed.jsonl")

    assert results[0].text == "First."
    assert results[1] == IngestError(
        path="feed.jsonl", reason="line 3: malformed JSON (Expecting ',' delimiter at column 20)"
    )
    assert results[2] == IngestError(path="feed.jsonl", reason="record 2 (line 4): no 'text' field")
    assert (results[3].record, results[3].text) == (3, "Third.")


def test_jsonl_line_separator_inside_a_string_does_not_split_the_record(tmp_path):
    (article,) = read_articles(write_file(tmp_path, "feed.jsonl", '{"text": "a\u2028b"}\n'), "feed.jsonl")

    assert article.text == "a\u2028b"


@pytest.mark.parametrize(
    ("published", "iso_date"),
    [
        ("2024-04-15T08:09:00+09:00", "2024-04-15"),
        ("April 15, 2024", "2024-04-15"),
        ("15 Apr 2024", "2024-04-15"),
        ("Mon, 15 Apr 2024 08:09:00 +0900", "2024-04-15"),
        ("last Tuesday", None),
    ],
)
def test_published_dates_are_normalised_to_iso(tmp_path, published, iso_date):
    record = json.dumps({"text": "Story.", "published": published})
    (article,) = read_articles(write_file(tmp_path, "dated.jsonl", record), "dated.jsonl")

    assert article.published == iso_date


def test_discover_walks_folders_sorted_with_relative_paths(tmp_path):
    hidden = [".hidden.txt", ".git/config.txt", "a/.cache/x.txt"]
    for name in ["b.txt", "a/z.md", "a/b/c.html", "a/notes.pdf", *hidden]:
        write_file(tmp_path / "corpus", name, "text")
    single = write_file(tmp_path, "single.jsonl", "{}")

    discovery = discover([tmp_path / "corpus", str(single)])

    assert [stored for _, stored in discovery.files] == ["a/b/c.html", "a/z.md", "b.txt", str(single)]
    assert discovery.files[0][0] == tmp_path / "corpus" / "a" / "b" / "c.html"
    assert all(path.is_absolute() for path, _ in discovery.files)
    assert discovery.skipped == ["a/notes.pdf"]


def test_discover_lists_a_file_given_twice_once(tmp_path):
    article = write_file(tmp_path / "corpus", "article.txt", "text")

    assert discover([tmp_path / "corpus", article]).files == [(article, "article.txt")]
