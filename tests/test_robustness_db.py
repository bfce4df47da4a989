"""Hostile databases (issue 16, database side): a --db that is not SQLite, read-only or in a folder that cannot be
made is a one-line error and a non-zero exit, before any model loads and without changing the file."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrack import dbguard, store
from quotetrack.cli import cli


@contextlib.contextmanager
def read_only(path: Path):
    """`path` unwritable even for root: immutable (chattr +i) when root, else without write permission."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode:
            pytest.skip("running as root without chattr +i: nothing can make a file read-only")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(mode & 0o555)
        try:
            yield
        finally:
            path.chmod(mode)


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("“Hello there, everyone,” she said.", encoding="utf-8")
    return folder


@pytest.fixture
def quotetrack_db(tmp_path):
    path = tmp_path / "dbs" / "quotes.db"
    store.ensure_db_shape(store.open_db(path))
    return path


def one_line_error(result) -> str:
    assert result.exit_code not in (0, None), result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # a ClickException, not a traceback
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def extract(articles: Path, db: Path):
    # a model that does not exist: a run that got past the database check would fail on it instead
    return CliRunner().invoke(cli, ["extract", str(articles), "--db", str(db), "--model", str(db.parent / "none")])


def test_a_db_that_is_not_sqlite_is_refused_and_left_as_it_was(articles, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a database\n")

    line = one_line_error(extract(articles, notes))

    assert line == f"Error: cannot use {notes} as the database: not a SQLite database"
    assert notes.read_text() == "my notes, not a database\n"


def test_a_folder_as_db_is_refused(articles, tmp_path):
    assert one_line_error(extract(articles, tmp_path)).endswith("a folder, not a database file")


def test_a_read_only_db_file_is_refused(articles, quotetrack_db):
    before = quotetrack_db.read_bytes()
    with read_only(quotetrack_db):
        line = one_line_error(extract(articles, quotetrack_db))

    assert line.endswith(": a read-only file")
    assert quotetrack_db.read_bytes() == before


def test_a_db_in_a_read_only_folder_is_refused(articles, quotetrack_db):
    with read_only(quotetrack_db.parent):
        line = one_line_error(extract(articles, quotetrack_db))

    assert line.endswith(f"its folder {quotetrack_db.parent} is read-only "
                         "(SQLite writes its -wal and -shm files beside the database)")


def test_a_new_db_in_a_read_only_folder_is_refused(articles, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        assert one_line_error(extract(articles, folder / "new" / "quotes.db")).endswith(
            f"{folder} is read-only and its folder {folder / 'new'} does not exist"
        )
        assert one_line_error(extract(articles, folder / "quotes.db")).endswith(f"{folder} is read-only")


def test_a_db_under_a_file_is_refused(articles, tmp_path):
    (tmp_path / "plain").write_text("x")

    line = one_line_error(extract(articles, tmp_path / "plain" / "sub" / "quotes.db"))

    assert line.endswith(f"its folder cannot be created: {tmp_path / 'plain'} is a file")


def test_a_new_db_in_a_missing_folder_is_fine(tmp_path):
    assert dbguard.writable_db_problem(tmp_path / "new" / "folders" / "quotes.db") is None
    assert not (tmp_path / "new").exists()  # only probed, nothing created
    assert list(tmp_path.iterdir()) == []


def test_an_existing_quotetrack_db_is_fine_and_the_probe_leaves_nothing(quotetrack_db):
    before = sorted(quotetrack_db.parent.iterdir())

    assert dbguard.writable_db_problem(quotetrack_db) is None
    assert sorted(quotetrack_db.parent.iterdir()) == before


def test_evaluate_db_is_checked_too(tmp_path):
    gold = tmp_path / "gold"
    (gold / "text").mkdir(parents=True)
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"\x89PNG not a database")

    line = one_line_error(CliRunner().invoke(cli, ["evaluate", str(gold), "--db", str(notes)]))

    assert line == f"Error: cannot use {notes} as the database: not a SQLite database"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: path.write_text("hello"), "not a SQLite database"),
        (lambda path: path.write_bytes(b""), "an empty file, not a quotetrack database"),
        (lambda path: store.open_db(path).execute("create table other (x)"),
         "a SQLite database without quotetrack's articles and quotes tables"),
        (lambda path: None, "no such file; run `quotetrack extract` first"),
    ],
    ids=["text", "empty", "other_sqlite", "missing"],
)
def test_serve_refuses_what_is_not_a_quotetrack_db(tmp_path, monkeypatch, make, reason):
    import quotetrack.browse

    monkeypatch.setattr(quotetrack.browse.uvicorn, "run", lambda *a, **k: pytest.fail("started serving"))
    path = tmp_path / "quotes.db"
    make(path)

    line = one_line_error(CliRunner().invoke(cli, ["serve", "--db", str(path)]))

    assert line == f"Error: cannot serve {path}: {reason}"


def test_serve_starts_on_a_quotetrack_db(quotetrack_db, monkeypatch):
    import quotetrack.browse

    started = []
    monkeypatch.setattr(quotetrack.browse.uvicorn, "run", lambda app, **options: started.append(options))

    result = CliRunner().invoke(cli, ["serve", "--db", str(quotetrack_db)])

    assert result.exit_code == 0, result.output
    assert started == [{"host": "127.0.0.1", "port": 8001, "lifespan": "on"}]


# Two whole `quotetrack extract` runs in their own processes, with a fake analyzer in their worker processes (one
# quote by Kim Yo Jong per article), released at the same moment.
FAKE_ANALYZER = """
from quotetrack.analysis import BatchResult
from quotetrack.records import Quote, Span, Speaker

def analyze(texts, model, parse, threads):
    kim = Speaker("Kim Yo Jong", "person")
    return BatchResult(tuple([Quote("direct", Span(0, len(t)), t, 0, speaker=kim)] for t in texts), {}, "fake")
"""
RUN_AT = """
import importlib, sys, time
from quotetrack import analysis
from quotetrack.cli import cli
analysis.analyze_batch = importlib.import_module("fake_analyzer").analyze
folder, db, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
while time.time() < start:
    pass
cli(["extract", folder, "--db", db, "--quiet", "--batch-size", "2"])
"""


def two_runs_at_once(tmp_path: Path, db: Path) -> list[tuple[int, str]]:
    (tmp_path / "fake_analyzer.py").write_text(FAKE_ANALYZER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(Path(__file__).parents[1] / "src")])}
    start = time.time() + 3  # after both interpreters have imported the CLI
    runs = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        for number in range(5):
            (folder / f"{name}{number}.txt").write_text(f"Article {name}{number} says something.")
        runs.append(subprocess.Popen([sys.executable, "-c", RUN_AT, str(folder), str(db), str(start)], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    return [(run.wait(timeout=120), run.stdout.read()) for run in runs]


@pytest.mark.parametrize("existing", [False, True], ids=["new_db", "existing_db_needing_a_change"])
def test_two_extract_runs_at_once_both_finish_with_correct_counts(tmp_path, existing):
    db_path = tmp_path / "dbs" / "quotes.db"
    if existing:
        db = store.open_db(db_path)
        store.ensure_db_shape(db)
        db.execute("drop view quotes_view")  # as an older version left it: ensure_db_shape must change the shape
        db.close()

    outcomes = two_runs_at_once(tmp_path, db_path)

    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert all("articles extracted: 5 " in output and "errors: 0" in output for _, output in outcomes), outcomes
    db = store.open_db(db_path)
    assert (db["articles"].count, db["quotes"].count, db["speakers"].count, db["errors"].count) == (10, 10, 1, 0)
    assert db.execute("select count(*) from quotes_view").fetchone()[0] == 10
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
