"""Memory over a long run: the resident size of every extract process, sampled while it works through articles.

Usage: python benchmarks/memory.py [FOLDER ...] [--articles 1000] [--workers 2] [--every 5]

Default folders: the PolNeAR train and dev texts in ../shared/data/polnear. The first --articles .txt files
found (cycled through again under another folder name if there are fewer) are linked into a temporary folder
and extracted with `quotetrack extract --workers N` into a fresh database. Every --every seconds it records
the RSS of the writer and of each worker and how many articles are stored, and prints them per tenth of the
run, then the peak per process and the growth from the first tenth to the last (target: ≤ 2 GB per worker,
no growth).
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def link_articles(folders: list[Path], count: int, target: Path) -> None:
    """Symlink `count` .txt files from `folders` into `target`, reusing them under round-N/ when short."""
    files = sorted(p for folder in folders for p in folder.rglob("*.txt"))
    if not files:
        sys.exit(f"no .txt files under {', '.join(map(str, folders))}")
    for number, source in enumerate(itertools.islice(itertools.cycle(files), count)):
        folder = target / f"round-{number // len(files)}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / source.name).symlink_to(source.resolve())


def stored_articles(db_path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created yet, or busy: the next sample will see it


def sample(writer: psutil.Process) -> tuple[float, list[float]]:
    """RSS in MB of the writer and of its worker processes (resource trackers excluded)."""
    try:
        children = [c for c in writer.children(recursive=True) if c.memory_info().rss > 200e6]
        return writer.memory_info().rss / 1e6, sorted(c.memory_info().rss / 1e6 for c in children)
    except psutil.Error:
        return 0.0, []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[POLNEAR / "train" / "text", POLNEAR / "dev" / "text"])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between samples")
    args = parser.parse_args()
    print(f"command: {' '.join(sys.argv)}")
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 1e9:.0f} GB, {platform.platform()}")
    with tempfile.TemporaryDirectory(prefix="qt-memory-") as temporary:
        articles = Path(temporary) / "articles"
        link_articles(args.folders, args.articles, articles)
        db_path = Path(temporary) / "quotes.db"
        command = [sys.executable, "-m", "quotetrack.cli", "extract", str(articles), "--db", str(db_path),
                   "--workers", str(args.workers)]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        writer = psutil.Process(process.pid)
        samples = []  # (seconds, articles stored, writer MB, [worker MB])
        while process.poll() is None:
            writer_mb, worker_mb = sample(writer)
            if worker_mb:
                samples.append((time.perf_counter() - started, stored_articles(db_path), writer_mb, worker_mb))
            time.sleep(args.every)
        stderr = process.stderr.read()
        if process.returncode != 0:
            sys.exit(f"extract failed ({process.returncode}):\n{stderr[-2000:]}")
        done = stored_articles(db_path)
    print(f"extracted {done} articles in {time.perf_counter() - started:.0f} s with --workers {args.workers}")
    print(f"{'articles stored':>16} {'seconds':>8} {'writer MB':>10}  worker MB")
    tenths = [s for s in samples if s[1] > 0]
    shown = set()
    for seconds, stored, writer_mb, worker_mb in tenths:
        tenth = min(9, stored * 10 // max(done, 1))
        if tenth not in shown:
            shown.add(tenth)
            print(f"{stored:16,} {seconds:8.0f} {writer_mb:10.0f}  {', '.join(f'{mb:.0f}' for mb in worker_mb)}")
    peak_workers = max(max(s[3]) for s in samples)
    print(f"peak RSS: worker {peak_workers:,.0f} MB, writer {max(s[2] for s in samples):,.0f} MB")
    first = [max(s[3]) for s in tenths if s[1] <= done / 10]
    last = [max(s[3]) for s in tenths if s[1] >= done * 9 / 10]
    if first and last:
        print(f"largest worker, mean over the first tenth {sum(first) / len(first):,.0f} MB, over the last tenth "
              f"{sum(last) / len(last):,.0f} MB (growth {sum(last) / len(last) - sum(first) / len(first):+,.0f} MB)")


if __name__ == "__main__":
    main()
