"""Hostile input (issue 16, input side): special files, JSON that Python refuses, texts that would exhaust memory."""

from __future__ import annotations

import contextlib
import os
import socket
import threading

import pytest

from quotetrack import ingest
from quotetrack.ingest import discover, read_articles
from quotetrack.records import Article, IngestError


def within(seconds: float, work):
    """work()'s result, or a test failure (not a hang) when it takes longer than `seconds`."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except BaseException as error:  # noqa: BLE001 -- re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still running after {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def read_all(paths) -> list[Article | IngestError]:
    discovery = discover(paths)
    return [item for path, stored in discovery.files for item in read_articles(path, stored)]


@pytest.fixture
def folder_with_special_files(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-good.txt").write_text("The mayor said the tram would come.")
    os.mkfifo(corpus / "b-pipe.txt")
    listening = socket.socket(socket.AF_UNIX)
    monkeypatch.chdir(corpus)  # a socket's path must be short: bind it by its relative name
    listening.bind("c-socket.txt")
    (corpus / "d-good.jsonl").write_text('{"text": "Fine."}\n')
    (corpus / "e-to-pipe.txt").symlink_to(corpus / "b-pipe.txt")
    yield corpus
    listening.close()
    # a reader a regression left blocked in open() gets its end of file and its thread ends
    with contextlib.suppress(OSError):  # ENXIO: no reader, as it should be
        os.close(os.open(corpus / "b-pipe.txt", os.O_WRONLY | os.O_NONBLOCK))


def test_pipes_and_sockets_in_a_folder_are_skipped_unopened_and_the_good_files_read(folder_with_special_files):
    discovery = within(10, lambda: discover([folder_with_special_files]))
    items = within(10, lambda: read_all([folder_with_special_files]))

    assert sorted(discovery.skipped) == ["b-pipe.txt", "c-socket.txt", "e-to-pipe.txt"]
    assert [(item.path, item.text) for item in items] == [
        ("a-good.txt", "The mayor said the tram would come."),
        ("d-good.jsonl", "Fine."),
    ]


def test_a_pipe_named_directly_is_skipped_and_never_opened(folder_with_special_files):
    pipe = folder_with_special_files / "b-pipe.txt"

    assert within(10, lambda: discover([pipe])).skipped == [str(pipe)]


@pytest.mark.parametrize(
    ("name", "kind"), [("b-pipe.txt", "named pipe"), ("c-socket.txt", "socket"), ("e-to-pipe.txt", "named pipe")]
)
def test_reading_a_special_file_is_an_error_not_a_hang(folder_with_special_files, name, kind):
    path = folder_with_special_files / name

    assert within(10, lambda: read_articles(path, name)) == [IngestError(name, f"not a regular file ({kind})")]


def test_a_device_is_an_error_not_an_endless_read(tmp_path):
    device = tmp_path / "zero.txt"
    device.symlink_to("/dev/zero")

    assert within(10, lambda: read_articles(device, "zero.txt")) == [
        IngestError("zero.txt", "not a regular file (character device)")
    ]


def test_symlink_loops_are_survived(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Words.")
    (corpus / "loop").symlink_to(corpus)  # a folder that contains itself
    (corpus / "x.txt").symlink_to(corpus / "y.txt")
    (corpus / "y.txt").symlink_to(corpus / "x.txt")

    items = within(10, lambda: read_all([corpus]))

    assert [(item.path, getattr(item, "text", None) or item.reason) for item in items] == [
        ("good.txt", "Words."),
        ("x.txt", "cannot read file: Too many levels of symbolic links"),
        ("y.txt", "cannot read file: Too many levels of symbolic links"),
    ]


HUGE_NUMBER = "1" * 5_000  # Python refuses to convert more than 4,300 digits to an int


@pytest.fixture
def folder_with_hostile_json(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-good.txt").write_text("The mayor said the tram would come.")
    (corpus / "b-huge.json").write_text(f'[{{"text": "Lost.", "views": {HUGE_NUMBER}}}]')
    (corpus / "c-feed.jsonl").write_text(
        f'{{"text": "First."}}\n{{"text": "Lost.", "views": {HUGE_NUMBER}}}\n'
        '{"text": "Odd.", "title": "a surprise"}\n{"text": "Last."}\n'
    )
    (corpus / "d-good.md").write_text("Words after it.")

    def metadata_with_a_bug(mapping):  # stands for whatever no test has foreseen yet
        if mapping.get("title") == "a surprise":
            raise KeyError("surprise")
        return metadata(mapping)

    metadata = ingest._metadata_from_mapping
    monkeypatch.setattr(ingest, "_metadata_from_mapping", metadata_with_a_bug)
    return corpus


def test_a_json_number_python_refuses_is_an_error_for_its_file_or_line_only(folder_with_hostile_json):
    items = read_all([folder_with_hostile_json])

    assert [(item.path, getattr(item, "text", None) or item.reason) for item in items] == [
        ("a-good.txt", "The mayor said the tram would come."),
        ("b-huge.json", "malformed JSON (a number of more than 4300 digits at line 1, column 29)"),
        ("c-feed.jsonl", "First."),
        ("c-feed.jsonl", "line 2: malformed JSON (a number of more than 4300 digits at column 28)"),
        ("c-feed.jsonl", "record 2 (line 3): cannot read record (KeyError: 'surprise')"),
        ("c-feed.jsonl", "Last."),
        ("d-good.md", "Words after it."),
    ]


def test_json_errors_reach_the_errors_table_and_the_run_goes_on(folder_with_hostile_json):
    from sqlite_utils import Database

    from quotetrack import extract, store

    db = Database(memory=True)
    store.ensure_db_shape(db)
    report = extract.RunReport()

    pending = list(extract.pending_articles([str(folder_with_hostile_json)], db, extract.RunOptions(), report))

    assert [article.text for article in pending] == ["The mayor said the tram would come.", "First.", "Last.",
                                                     "Words after it."]
    assert sorted(row["path"] for row in db["errors"].rows) == ["b-huge.json", "c-feed.jsonl", "c-feed.jsonl"]


def test_a_reader_that_raises_costs_its_file_only(tmp_path, monkeypatch):
    def broken_extraction(*args, **kwargs):  # stands for a bug in trafilatura or lxml on some page
        raise AssertionError("unexpected tag")

    monkeypatch.setattr(ingest.trafilatura, "bare_extraction", broken_extraction)
    (tmp_path / "a.html").write_text("<html><body><p>Words</p></body></html>")
    (tmp_path / "b.txt").write_text("Words.")

    assert [(item.path, getattr(item, "text", None) or item.reason) for item in read_all([tmp_path])] == [
        ("a.html", "cannot read file (AssertionError: unexpected tag)"),
        ("b.txt", "Words."),
    ]
