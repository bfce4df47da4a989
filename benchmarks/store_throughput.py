"""How fast the real save path (store.save_article) writes quotes into a database of a million quotes.

    python benchmarks/store_throughput.py                  # builds /tmp/qt-bench/quotes.db first if absent
    python benchmarks/store_throughput.py --db /tmp/qt-bench/quotes.db --articles 2000 --profile

Target: 20,000 quotes/s inside one db.atomic(). Also measured: one transaction per article (save_article's
own, as `quotetrack extract` writes today), one per extract batch, and what the indexes on the columns quotes
copies for browsing (store.SCHEMA["quotes"].denormalised) cost. Writes into a copy of the database
(WAL on, as store.ensure_db_shape sets it), so the pre-filled one stays as built. New articles carry ten
quotes each on average, by 40 speakers already in the database; they are generated before the clock starts.
Each measurement ends with a checkpoint, so the pages its commits left in the WAL are counted as written.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import random
import sqlite3
import sys
import time
from contextlib import closing, nullcontext
from importlib.metadata import version
from pathlib import Path

import sqlite_utils
import synthetic_db

from quotetrack import store
from quotetrack.extract import DEFAULT_BATCH_SIZE
from quotetrack.records import Speaker

DEFAULT_DB = Path("/tmp/qt-bench/quotes.db")


def known_speakers(db: sqlite_utils.Database, count: int) -> list[Speaker]:
    """The `count` most quoted speakers as the attribution code would hand them over."""
    rows = db.query(
        "select name, type, aliases from speakers where id in "
        "(select speaker_id from quotes group by speaker_id order by count(*) desc limit ?)",
        [count],
    )
    return [Speaker(row["name"], row["type"], tuple(json.loads(row["aliases"]))) for row in rows]


def save_in_transactions(db, items, size: int) -> None:
    """store.save_articles, `size` articles to a transaction; 1 is save_article's own, as extract writes."""
    for start in range(0, len(items), size):
        with nullcontext() if size == 1 else db.atomic():
            store.save_articles(db, items[start : start + size], synthetic_db.EXTRACTOR)
    # Up to store.WAL_AUTOCHECKPOINT_PAGES pages are left in the WAL; copying them is part of writing them.
    db.execute("PRAGMA wal_checkpoint(PASSIVE)")


def timed(name: str, db, items, size: int, profile: bool) -> None:
    quotes = sum(len(q) for _, q in items)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.runcall(save_in_transactions, db, items, size)
    else:
        save_in_transactions(db, items, size)
    seconds = time.perf_counter() - started
    print(f"{name:52} {len(items):6,} articles {quotes:7,} quotes {seconds:7.2f} s "
          f"{quotes / seconds:9,.0f} quotes/s {1000 * seconds / len(items):6.2f} ms/article")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(18)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="pre-filled database (built if absent)")
    parser.add_argument("--articles", type=int, default=2_000, help="new articles per measurement")
    parser.add_argument("--quotes-per-article", type=int, default=10)
    parser.add_argument("--speakers", type=int, default=40)
    parser.add_argument("--profile", action="store_true", help="cProfile each measurement (slows it down)")
    args = parser.parse_args()
    print(f"command: {' '.join(sys.argv)}")
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, load average {os.getloadavg()[0]:.1f}; "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"sqlite-utils {version('sqlite-utils')}")
    if not args.db.exists():
        print(f"building {args.db} ({synthetic_db.QUOTES:,} quotes) ...")
        synthetic_db.build(args.db, synthetic_db.QUOTES, synthetic_db.ARTICLES, synthetic_db.SPEAKERS, seed=1)
    copy_path = args.db.with_name(f"{args.db.stem}-throughput{args.db.suffix}")
    for stale in copy_path.parent.glob(f"{copy_path.name}*"):
        stale.unlink()
    with closing(sqlite3.connect(args.db)) as source, closing(sqlite3.connect(copy_path)) as copy:
        source.backup(copy)
    db = sqlite_utils.Database(copy_path)
    store.ensure_db_shape(db)
    print(f"database: copy of {args.db} holding {db.table('quotes').count:,} quotes, "
          f"{db.table('articles').count:,} articles")

    speakers = known_speakers(db, args.speakers)
    rng = random.Random(2)
    copied = set(store.SCHEMA["quotes"].denormalised)
    # The expression index lists published too.
    browse_indexes = [index.name for index in db.table("quotes").indexes if copied & set(index.columns)]
    # (articles per transaction, whether the browse indexes are still there); dropping them comes last.
    runs = [(1, True), (DEFAULT_BATCH_SIZE, True), (args.articles, True), (args.articles, False)]
    for number, (size, with_browse_indexes) in enumerate(runs):
        if not with_browse_indexes:
            for index in browse_indexes:
                db.execute(f'drop index "{index}"')
        count = args.articles * args.quotes_per_article
        items = list(synthetic_db.articles(rng, args.articles, count, speakers, f"throughput-{number}/"))
        name = f"{size:,} article{'s' * (size > 1)} per transaction"
        name += "" if with_browse_indexes else f", {len(browse_indexes)} browse indexes dropped"
        timed(name, db, items, size, args.profile)
    db.close()
    for stale in copy_path.parent.glob(f"{copy_path.name}*"):
        stale.unlink()


if __name__ == "__main__":
    main()
