"""How long the quotes_view page takes on a large database, through Datasette's own client with the real
metadata.yml (its default facets and settings) and the plugin. Target: a median of at most 500 ms.

    python benchmarks/synthetic_db.py /tmp/qt-bench/quotes.db     # once: 1,000,000 quotes
    python benchmarks/browse_latency.py /tmp/qt-bench/quotes.db [--runs 5] [--path /quotes/quotes_view]

Prints each timed request after a warm-up, their median, then one `.json` request's facet outcome and the
duration of every SQL query the page ran, slowest first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

from datasette.tracer import capture_traces

from quotetrack.browse import datasette_instance


async def measure(db_path: Path, path: str, runs: int) -> None:
    ds = datasette_instance(db_path)
    await ds.invoke_startup()
    print(f"settings: facet_time_limit_ms={ds.setting('facet_time_limit_ms')}, "
          f"sql_time_limit_ms={ds.setting('sql_time_limit_ms')}, suggest_facets={ds.setting('suggest_facets')}")

    async def get(url: str):
        started = time.perf_counter()
        response = await ds.client.get(url)
        milliseconds = 1000 * (time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"GET {url} answered {response.status_code}: {response.text[:500]}")
        return response, milliseconds

    await get(path)  # warm-up: connections, templates, SQLite's page cache
    times = [(await get(path))[1] for _ in range(runs)]
    print(f"GET {path}: " + ", ".join(f"{ms:.0f}" for ms in times) + f" ms; median {statistics.median(times):.0f} ms")

    page, _, query = path.partition("?")
    json_path = f"{page}.json" + (f"?{query}" if query else "")
    traces: list[dict] = []
    with capture_traces(traces):
        response, milliseconds = await get(json_path)
    data = response.json()
    configured = ds.table_metadata(data["database"], data["table"]).get("facets", [])
    columns = [f if isinstance(f, str) else next(iter(f.values())) for f in configured]
    # Datasette 0.65 leaves a facet that ran past facet_time_limit_ms out of the page (and the JSON).
    timed_out = [column for column in columns if column not in data["facet_results"]]
    print(f"GET {json_path}: {milliseconds:.0f} ms (main query {data['query_ms']:.0f} ms); "
          f"count {data['filtered_table_rows_count']}; facets shown: {', '.join(data['facet_results']) or 'none'}; "
          f"timed out: {', '.join(timed_out) or 'none'}")
    for query in sorted((t for t in traces if t["type"] == "sql"), key=lambda t: -t["duration_ms"]):
        sql = " ".join(query["sql"].split())
        print(f"  {query['duration_ms']:7.1f} ms  {sql[:150]}{' …' if len(sql) > 150 else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--path", default=None, help="page and query string (default: /STEM/quotes_view)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"command: {' '.join(sys.argv)}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; SQLite {sqlite3.sqlite_version}, "
          f"Datasette {version('datasette')}; database {args.db} ({args.db.stat().st_size / 1e6:,.0f} MB)")
    asyncio.run(measure(args.db, args.path or f"/{args.db.stem}/quotes_view", args.runs))


if __name__ == "__main__":
    main()
