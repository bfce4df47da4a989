"""Screenshots for the README: quotes_view with its facets, and an article with its quotes highlighted.

Usage: python scripts/screenshot.py --db db/quotes.db [--out docs] [--article ID]

Starts `quotetrack serve` on a free loopback port and photographs the pages with headless Chromium
(Debian's chromium package); tests/test_browser.py drives the browser through the same functions.
The article shown by default is the one with the most quotes.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sqlite3
import subprocess
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from datasette.utils import tilde_encode

CHROMIUM = "chromium"
# Headless and offline: no GPU, no sandbox (containers), nothing fetched in the background.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync")
WINDOW_SIZE = "1280,1600"
SERVER_START_SECONDS = 30


def pages(db_path: Path, article_id: int) -> dict[str, str]:
    """Picture file name -> path of the page it shows."""
    database = tilde_encode(db_path.stem)
    return {
        "quotes-facets.png": f"/{database}/quotes_view",
        "article-view.png": f"/{database}/articles/{article_id}/text",
    }


def most_quoted_article(db_path: Path) -> int:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        row = conn.execute("select article_id from quotes group by article_id order by count(*) desc").fetchone()
    if row is None:
        raise SystemExit(f"{db_path} has no quotes to show")
    return row[0]


@contextmanager
def serving(db_path: Path) -> Iterator[str]:
    """Run `quotetrack serve --db db_path` on a free loopback port; yields its base URL."""
    command = shutil.which("quotetrack", path=sysconfig.get_path("scripts")) or shutil.which("quotetrack")
    if command is None:
        raise SystemExit("the quotetrack command is not installed: pip install -e .")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen([command, "serve", "--db", str(db_path), "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            _wait_until_up(base_url, server, log)
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=10)


def chromium(*arguments: str) -> str:
    """Run headless Chromium with a fresh profile; returns what it printed (the DOM for --dump-dom)."""
    with tempfile.TemporaryDirectory(prefix="quotetrack-chromium-") as profile:
        result = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
                                capture_output=True, text=True, timeout=90, check=True)
    return result.stdout


def dump_dom(url: str) -> str:
    return chromium("--dump-dom", url)


def screenshot(url: str, path: Path) -> Path:
    chromium(f"--screenshot={path}", f"--window-size={WINDOW_SIZE}", "--hide-scrollbars", url)
    return path


def _wait_until_up(base_url: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"quotetrack serve exited with {server.returncode}:\n{log.read()}")
        try:
            with urllib.request.urlopen(f"{base_url}/-/versions.json", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"quotetrack serve did not answer at {base_url} within {SERVER_START_SECONDS} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="quotetrack database to photograph")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs")
    parser.add_argument("--article", type=int, help="article id (default: the one with the most quotes)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    article_id = args.article or most_quoted_article(args.db)
    with serving(args.db) as base_url:
        for name, path in pages(args.db, article_id).items():
            print(screenshot(base_url + path, args.out / name))


if __name__ == "__main__":
    main()
