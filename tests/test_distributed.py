"""`--dask`: extraction on a local Dask cluster of two worker processes stores what a local run stores."""

from __future__ import annotations

import json
import logging
from collections import Counter
from importlib.util import find_spec

import pytest

from quotetrack import store
from quotetrack.extract import RunOptions, run_extract
from quotetrack.nlp import BUNDLED_DIR
from quotetrack.records import Article

pytestmark = pytest.mark.skipif(find_spec("distributed") is None, reason="Dask is not installed: pip install '.[dask]'")
needs_model = pytest.mark.skipif(not (BUNDLED_DIR / "ner.pt").exists(), reason="bundled model not trained yet")

# Short news articles, each with a direct and a reported quote; one speaker per article, so which article
# a cluster finishes first cannot change how speakers merge.
ARTICLES = {
    "ferry.md": """---
title: Ferry line to open in June
outlet: Harbor Times
published: 2024-03-02
---
Mayor Ana Ruiz said the new ferry line would open in June.

“We have waited ten years for this,” Ruiz told reporters on Friday.
""",
    "budget.md": """---
title: Budget balanced, minister says
outlet: Valley Ledger
published: 2024-03-05
---
“The budget is balanced,” Finance Minister Tomas Berg said on Tuesday.

Berg added that taxes would not rise next year.
""",
    "strike.md": """---
title: Union threatens strike
outlet: Harbor Times
published: 2024-03-09
---
Union leader Grace Okafor warned that workers would strike if the talks failed.

“Our patience has run out,” Okafor said.
""",
    "arrests.md": """---
title: Two arrested after shooting
outlet: Evening Post
published: 2024-03-11
---
Police Chief Daniel Moss said officers had arrested two suspects.

“The investigation is continuing,” Moss said in a statement.
""",
}

ID_COLUMNS = {"id", "article_id", "speaker_id", "via_id", "speaker_entity_id", "via_entity_id"}
WORKERS = 2


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as local_cluster:
        yield local_cluster


@pytest.fixture
def article_folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, markdown in ARTICLES.items():
        (folder / name).write_text(markdown, encoding="utf-8")
    return folder


def stored_rows(db) -> dict[str, Counter]:
    """Every stored row with ids replaced by what they point to: ids follow the order articles finish in."""
    article_columns = [c for c in store.SCHEMA["articles"].columns if c not in {"id", "extracted_at", "extractor"}]
    quote_columns = [f'quotes."{c}"' for c in store.SCHEMA["quotes"].columns if c not in ID_COLUMNS | {"utterance_id"}]
    quotes = db.execute(
        f"""
        select articles.path, articles.record, speakers.name, via.name,
          substr(quotes.utterance_id, instr(quotes.utterance_id, '-') + 1), {", ".join(quote_columns)}
        from quotes
        join articles on articles.id = quotes.article_id
        left join speakers on speakers.id = quotes.speaker_id
        left join speakers as via on via.id = quotes.via_id
        """
    ).fetchall()
    aliases = db.execute(
        "select alias_key, name from speaker_aliases join speakers on speakers.id = speaker_id"
    ).fetchall()
    return {
        "articles": Counter(tuple(row[c] for c in article_columns) for row in db["articles"].rows),
        "quotes": Counter(quotes),
        "speakers": Counter(
            (row["name"], row["type"], frozenset(json.loads(row["aliases"]))) for row in db["speakers"].rows
        ),
        "speaker_aliases": Counter(aliases),
        "errors": Counter(row["reason"] for row in db["errors"].rows),
    }


@needs_model
def test_dask_run_stores_what_a_local_run_stores(cluster, article_folder, tmp_path, monkeypatch):
    from distributed import Client

    from quotetrack import analysis
    from quotetrack import distributed as quotetrack_distributed

    local_db = store.open_db(tmp_path / "local.db")
    local_report = run_extract([str(article_folder)], local_db, RunOptions(batch_size=1))
    # One batch in flight per worker, so four one-article batches also exercise topping up as results arrive.
    monkeypatch.setattr(quotetrack_distributed, "BATCHES_PER_WORKER", 1)
    dask_db = store.open_db(tmp_path / "dask.db")
    dask_options = RunOptions(batch_size=1, dask_address=cluster.scheduler_address)
    dask_report = run_extract([str(article_folder)], dask_db, dask_options)

    assert local_report.articles == dask_report.articles == len(ARTICLES)
    assert local_report.quotes["direct"] >= len(ARTICLES) and local_report.quotes["indirect"] > 0
    assert stored_rows(dask_db) == stored_rows(local_db)
    with Client(cluster) as client:
        analyzers = client.run(lambda: len(analysis._ANALYZERS))
    assert list(analyzers.values()) == [1] * WORKERS, "every worker builds its pipeline once, at plugin setup"


@needs_model
def test_dask_results_holds_only_a_few_batches(cluster):
    from quotetrack.distributed import BATCHES_PER_WORKER, dask_results

    pulled = []

    def work():
        for number in range(12):
            pulled.append(number)
            yield [Article(f"{number}.txt", f"“Item {number} is ready,” she said.", f"sha-{number}")]

    results = dask_results(work(), cluster.scheduler_address, "bundled", "selective", threads=1)
    first_batch, _ = next(results)
    assert len(pulled) <= BATCHES_PER_WORKER * WORKERS + 1
    finished = [first_batch[0].path] + [batch[0].path for batch, _ in results]
    assert sorted(finished) == sorted(f"{number}.txt" for number in range(12))


def test_nothing_to_extract_needs_no_cluster():
    from quotetrack.distributed import dask_results

    nowhere = "tcp://127.0.0.1:9"  # the discard port: nothing listens there
    assert list(dask_results(iter([]), nowhere, "bundled", "selective")) == []
