"""Hostile databases (issue 16, database side): a --db that is not SQLite, read-only or in a folder that cannot be
made is a one-line error and a non-zero exit, before any model loads and without changing the file."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
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
