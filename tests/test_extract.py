"""End to end with the bundled model: the sample article, incremental runs, and bad input; the time limit per
article with a fake analyzer."""

from __future__ import annotations

import importlib
import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrack import analysis, extract, store
from quotetrack.cli import cli
from quotetrack.extract import RunOptions, run_extract
from quotetrack.nlp import BUNDLED_DIR

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "articles" / "kim-zhao-2024-04-15.txt"
# In this process, with no time limit: one model load for the whole module (a worker process loads its own).
OPTIONS = RunOptions(batch_size=8, article_timeout=None)

needs_model = pytest.mark.skipif(not (BUNDLED_DIR / "ner.pt").exists(), reason="bundled model not trained yet")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    db = store.open_db(tmp_path_factory.mktemp("db") / "quotes.db")
    report = run_extract([str(folder)], db, OPTIONS)
    return db, folder, report


def quotes_of(db):
    return list(db.query("select * from quotes_view order by start"))


@needs_model
def test_sample_direct_quote_speaker_cue_and_channel(sample_db):
    db, _, _ = sample_db
    [quote] = [q for q in quotes_of(db) if q["text"].startswith("This visit by China's party leaders")]
    assert quote["kind"] == "direct"
    assert quote["speaker"] == "Kim Jong Un" and quote["speaker_text"] == "Kim"
    assert quote["cue"] == "say"
    via = db.execute("select aliases, type from speakers where name = ?", [quote["via"]]).fetchone()
    assert "Korean Central News Agency" in json.loads(via[0]) and via[1] == "media"


@needs_model
def test_sample_reported_speech(sample_db):
    db, _, _ = sample_db
    quotes = quotes_of(db)
    [talked] = [q for q in quotes if q["text"].startswith("the two leaders talked candidly")]
    assert talked["cue"] == "state" and talked["speaker_text"] == "The news report"
    [toast] = [q for q in quotes if q["text"].startswith("Kim made a toast")]
    assert toast["cue"] == "say" and toast["speaker_text"] == "North Korean and Chinese news reports"


@needs_model
def test_sample_media_speakers(sample_db):
    db, _, _ = sample_db
    types = {row["name"]: row["type"] for row in db["speakers"].rows}
    kcna = [name for name in types if name in ("KCNA", "Korean Central News Agency")]
    assert kcna and all(types[name] == "media" for name in kcna)
    assert types.get("CCTV") == "media"


@needs_model
def test_sample_metadata_and_offsets(sample_db):
    db, _, _ = sample_db
    [article] = db["articles"].rows
    assert article["published"] == "2024-04-15" and article["outlet"] == "donga.com"
    assert article["text"] == SAMPLE.read_text(encoding="utf-8-sig")
    for quote in db["quotes"].rows:
        assert article["text"][quote["start"] : quote["end"]] == quote["text"]
        if quote["speaker_start"] is not None:
            assert article["text"][quote["speaker_start"] : quote["speaker_end"]] == quote["speaker_text"]


@needs_model
def test_rerun_skips_unchanged_files(sample_db):
    db, folder, _ = sample_db
    before = db["quotes"].count
    report = run_extract([str(folder)], db, OPTIONS)
    assert report.unchanged == 1 and report.articles == 0
    assert db["quotes"].count == before


@needs_model
def test_changed_file_replaces_its_quotes(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('“We will build the bridge this year,” the mayor said on Tuesday.\n', encoding="utf-8")
    db = store.open_db(tmp_path / "q.db")
    run_extract([str(tmp_path)], db, OPTIONS)
    first = [q["text"] for q in db["quotes"].rows]
    article.write_text('“The bridge will wait until next spring,” the mayor said on Friday.\n', encoding="utf-8")
    run_extract([str(tmp_path)], db, OPTIONS)
    second = [q["text"] for q in db["quotes"].rows]
    assert db["articles"].count == 1
    assert first != second and second == ["The bridge will wait until next spring,"]


@needs_model
def test_bad_input_is_recorded_and_good_input_still_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text('“Prices will fall soon,” the minister said.\n', encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (folder / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (folder / "empty.md").write_text("", encoding="utf-8")
    (folder / "big.txt").write_text("word " * 5000, encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"text": "fine"\n{"title": "no text"}\n', encoding="utf-8")
    (folder / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    db_path = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", str(folder), "--db", str(db_path), "--max-bytes", "10000",
                                      "--quiet"])
    assert result.exit_code == 0, result.output
    db = store.open_db(db_path)
    reasons = {row["path"]: row["reason"] for row in db["errors"].rows}
    assert set(reasons) >= {"binary.txt", "latin1.txt", "empty.md", "big.txt", "broken.jsonl", "nav.html"}
    assert [row["path"] for row in db["articles"].rows] == ["good.txt"]
    assert "other file types skipped: 1" in result.output


def test_exit_status_is_nonzero_when_nothing_could_be_processed(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x00\x00")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--db", str(tmp_path / "q.db"), "--quiet"])
    assert result.exit_code == 1
    assert "binary file" in result.output


def stored_quotes(db):
    return sorted(
        (row["path"], row["kind"], row["start"], row["end"], row["speaker"], row["cue"])
        for row in db.query("select path, kind, start, \"end\", speaker, cue from quotes_view")
    )


@needs_model
def test_two_workers_store_what_one_worker_stores(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [
        "“We will not raise taxes,” the governor said on Monday. Critics said the plan would fail.",
        "Officials said the bridge would reopen in May. “It is safe,” an engineer told reporters.",
        "The minister denied the report. “Nothing was hidden,” she said.",
    ]
    for number, text in enumerate(texts):
        (folder / f"{number}.txt").write_text(text + "\n", encoding="utf-8")
    one = store.open_db(tmp_path / "one.db")
    two = store.open_db(tmp_path / "two.db")
    run_extract([str(folder)], one, RunOptions(batch_size=1, article_timeout=None))
    report = run_extract([str(folder)], two, RunOptions(batch_size=1, workers=2))
    assert report.articles == 3
    assert stored_quotes(two) == stored_quotes(one) and stored_quotes(one)


# Stands in for analysis.analyze_batch in the worker processes (which import it by name): a text starting with
# "slow" never finishes, one starting with "crash" ends its process, "killed" has it killed as the OOM killer does;
# any other has no quotes.
FAKE_ANALYZER = """
import os, signal, time
from quotetrack.analysis import BatchResult

def analyze(texts, model, parse, threads):
    for text in texts:
        if text.startswith("slow"):
            time.sleep(600)
        if text.startswith("crash"):
            os._exit(3)
        if text.startswith("killed"):
            os.kill(os.getpid(), signal.SIGKILL)
    return BatchResult(tuple([] for _ in texts), {"fake": 0.0}, "fake analyzer")
"""


@pytest.fixture
def fake_analyzer(tmp_path, monkeypatch):
    (tmp_path / "fake_analyzer.py").write_text(FAKE_ANALYZER)
    monkeypatch.syspath_prepend(str(tmp_path))  # worker processes start with this process's sys.path
    monkeypatch.setattr(analysis, "analyze_batch", importlib.import_module("fake_analyzer").analyze)


def run_on(tmp_path, texts: dict[str, str], **options):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = store.open_db(tmp_path / "q.db")
    started = time.perf_counter()
    report = run_extract([str(folder)], db, RunOptions(**options))
    return db, report, time.perf_counter() - started


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_the_time_limit_is_an_error_and_the_run_goes_on(fake_analyzer, tmp_path, workers):
    db, _, _ = run_on(tmp_path, {"a-stored-before.txt": "Stored by an earlier run."}, article_timeout=0.5)
    texts = {"b.txt": "First.", "c-slow.txt": "slow: never ends", "d.txt": "After it.", "e.txt": "Last."}

    db, report, seconds = run_on(tmp_path, texts, article_timeout=0.5, batch_size=2, workers=workers)

    assert [(row["path"], row["reason"]) for row in db["errors"].rows] == [
        ("c-slow.txt", "NLP failed: timeout after 0.5 s")
    ]
    assert sorted(row["path"] for row in db["articles"].rows) == ["a-stored-before.txt", "b.txt", "d.txt", "e.txt"]
    assert report.articles == 3 and [error.path for error in report.errors] == ["c-slow.txt"]
    assert seconds < 60  # the slow article alone would take 600 s


def test_the_cli_passes_the_time_limit_and_lists_the_timeout(fake_analyzer, tmp_path):
    (tmp_path / "a-slow.txt").write_text("slow: never ends", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Fine.", encoding="utf-8")

    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--db", str(tmp_path / "q.db"), "--quiet",
                                      "--article-timeout", "0.5", "--batch-size", "1"])

    assert result.exit_code == 0, result.output
    assert "a-slow.txt: NLP failed: timeout after 0.5 s" in result.output
    assert "articles extracted: 1" in result.output


@pytest.mark.parametrize(("text", "status"), [("crash", "exit code 3"), ("killed", "killed by signal 9")])
def test_an_article_whose_worker_dies_is_an_error_and_the_run_goes_on(fake_analyzer, tmp_path, text, status):
    texts = {"a.txt": "First.", "b-crash.txt": f"{text}: the worker ends", "c.txt": "After it."}

    db, report, _ = run_on(tmp_path, texts, batch_size=3)

    assert [(row["path"], row["reason"]) for row in db["errors"].rows] == [
        ("b-crash.txt", f"NLP failed: worker process died ({status})")
    ]
    assert sorted(row["path"] for row in db["articles"].rows) == ["a.txt", "c.txt"]


def test_nothing_to_extract_starts_no_worker(fake_analyzer, tmp_path, monkeypatch):
    monkeypatch.setattr(analysis, "_Worker", lambda *args: pytest.fail("started a worker process"))

    _, report, _ = run_on(tmp_path, {}, article_timeout=0.5)

    assert report.articles == 0


@pytest.mark.parametrize(("threads", "cores", "memory", "workers"), [
    (None, 2, 24 * 1024**3, 2),  # a worker of one thread per core
    (None, 8, 5 * 1024**3, 2),  # as many as the memory holds
    (2, 8, 64 * 1024**3, 4),
    (None, 1, 1024**3, 1),  # always one
])
def test_default_workers_fill_the_cores_while_memory_holds_them(threads, cores, memory, workers):
    assert extract.default_workers(threads, cores=cores, memory=memory) == workers
