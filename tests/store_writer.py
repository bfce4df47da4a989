"""Fake articles with known quote counts, and a writer process for the kill -9 test in test_store.py.

Run as `python store_writer.py DB_PATH`: saves every fake article, printing "saved N" after each.
"""

import hashlib
import sys

from quotetrack.records import Article, Quote, Span, Speaker
from quotetrack.store import ensure_db_shape, open_db, save_article

ARTICLE_COUNT = 12
EXTRACTOR = "store_writer test"
SPEAKERS = (
    Speaker("Korean Central News Agency", "media", ("Korean Central News Agency", "KCNA")),
    Speaker("Kim Yo Jong", "person", ("Kim Yo Jong", "Kim")),
)


def quote_count(index: int) -> int:
    """Large enough that most of a save is spent inside its transaction; different for each article."""
    return 1500 + 97 * index


def fake_articles() -> list[tuple[Article, list[Quote]]]:
    """Articles whose title records how many quotes each one has ("quotes=N")."""
    items = []
    for index in range(ARTICLE_COUNT):
        count = quote_count(index)
        text = " ".join(f"“Sentence {index} number {n} was said.”" for n in range(count))
        article = Article(
            path=f"batch/{index}.jsonl",
            record=index % 3,
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            title=f"quotes={count}",
        )
        quotes = [
            Quote(
                kind="direct",
                span=Span(n, n + 10),
                text=f"Sentence {index} number {n} was said.",
                utterance=n,
                speaker=SPEAKERS[n % 2],
                context="context " * 20,
            )
            for n in range(count)
        ]
        items.append((article, quotes))
    return items


if __name__ == "__main__":
    db = open_db(sys.argv[1])
    ensure_db_shape(db)
    print("ready", flush=True)
    for article, quotes in fake_articles():
        print("saved", save_article(db, article, quotes, EXTRACTOR), flush=True)
