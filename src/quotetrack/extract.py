"""One extraction run: walk -> ingest -> NLP (here, in worker processes, or on a Dask cluster) -> attribution
-> store, one transaction per article, skipping what is already stored unchanged."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from quotetrack import analysis, ingest, store
from quotetrack.records import Article, IngestError

DEFAULT_BATCH_SIZE = 16


@dataclass(frozen=True)
class RunOptions:
    model: str = "bundled"
    parse: str = "selective"
    workers: int = 1
    threads: int | None = None  # torch threads per worker; default: cores / workers
    batch_size: int = DEFAULT_BATCH_SIZE
    force: bool = False
    max_bytes: int = ingest.DEFAULT_MAX_BYTES
    dask_address: str | None = None
    # Seconds one article may take in the NLP (a batch of n gets n times it); None: no limit, NLP in this process.
    article_timeout: float | None = analysis.DEFAULT_ARTICLE_TIMEOUT


@dataclass
class RunReport:
    articles: int = 0
    unchanged: int = 0
    duplicates: int = 0  # new paths whose content is stored (or met earlier in the run) under another path
    skipped: int = 0
    quotes: Counter = field(default_factory=Counter)
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """Nothing could be processed: the only case with a non-zero exit status."""
        return self.articles == 0 and self.unchanged == 0 and self.duplicates == 0


def threads_per_worker(workers: int, threads: int | None = None) -> int:
    return threads or max(1, (os.cpu_count() or 1) // max(1, workers))


# The most one NLP worker holds (peak RSS 1.56 GB with the bundled model, int8 weights; docs/performance.md).
WORKER_MEMORY_BYTES = 2 * 1024**3


def default_workers(threads: int | None = None, cores: int | None = None, memory: int | None = None) -> int:
    """Workers for the cores there are, each with `threads` torch threads (default 1), while the memory holds
    WORKER_MEMORY_BYTES for each: on 2 cores, 2 workers of 1 thread ran 1.78 times as fast as 1 worker of 2
    threads (1,554 against 873 words/s, docs/performance.md)."""
    cores = cores or os.cpu_count() or 1
    if memory is None:
        try:
            memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            memory = WORKER_MEMORY_BYTES
    return max(1, min(cores // max(1, threads or 1), memory // WORKER_MEMORY_BYTES))


# ------------------------------------------------------------------------------------------- run


def pending_articles(
    paths: Iterable[str], db, options: RunOptions, report: RunReport
) -> Iterator[Article]:
    """Articles that need extracting; errors, unchanged files and duplicates are recorded on the way.

    A new path whose content is stored under another path (a copy, a hard link, a symlink), or was met earlier in
    this run, is a duplicate of that article: an `errors` row "duplicate of PATH", not stored again. A stored path
    whose content changed is extracted again whatever else holds that content. `--force` re-extracts everything.
    """
    discovery = ingest.discover(paths)
    report.skipped = len(discovery.skipped)
    known = {} if options.force else store.stored_hashes(db)
    first_with_content = {sha256: _label(*key) for key, sha256 in sorted(known.items(), reverse=True)}
    for path, stored_path in discovery.files:
        for item in ingest.read_articles(path, stored_path, options.max_bytes):
            if isinstance(item, IngestError):
                store.save_error(db, item.path, item.reason)
                report.errors.append(item)
            elif known.get((item.path, item.record)) == item.sha256:
                report.unchanged += 1
            elif (item.path, item.record) not in known and item.sha256 in first_with_content:
                store.save_error(db, item.path, f"duplicate of {first_with_content[item.sha256]}")
                report.duplicates += 1
            else:
                if not options.force:
                    first_with_content.setdefault(item.sha256, _label(item.path, item.record))
                yield item


def _label(path: str, record: int) -> str:
    """An article as the user names it: its path, and its record for the second and later in a JSON file."""
    return path if record == 0 else f"{path} (record {record})"


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_extract(paths: Iterable[str], db, options: RunOptions, progress=None) -> RunReport:
    """Extract every pending article under paths into db; `progress(articles, quotes)` is called per article."""
    store.ensure_db_shape(db)
    report = RunReport()
    started = time.perf_counter()
    stage_seconds: Counter = Counter()
    threads = threads_per_worker(options.workers, options.threads)
    ingest_started = time.perf_counter()
    work = batches(pending_articles(paths, db, options, report), options.batch_size)
    for batch, result in _results(work, options, threads):
        stage_seconds.update(result.stage_seconds)
        save_started = time.perf_counter()
        for article, outcome in zip(batch, result.outcomes, strict=True):
            if isinstance(outcome, str):
                store.save_error(db, article.path, outcome)
                report.errors.append(IngestError(article.path, outcome))
                continue
            store.save_article(db, article, outcome, result.extractor)
            report.articles += 1
            report.quotes.update(q.kind for q in outcome)
            if progress is not None:
                progress(report.articles, sum(report.quotes.values()))
        stage_seconds["store"] += time.perf_counter() - save_started
    if report.articles:
        store.refresh_planner_statistics(db)
    report.seconds = time.perf_counter() - started
    stage_seconds["ingest and waiting"] = max(
        0.0, report.seconds - sum(v for k, v in stage_seconds.items()) - (ingest_started - started)
    )
    report.stage_seconds = dict(stage_seconds)
    return report


def _results(work: Iterator[list[Article]], options: RunOptions, threads: int):
    """(batch, analysis.BatchResult) pairs, in order of completion.

    Worker processes, each building its pipeline once, whenever there is a time limit to enforce (a worker that
    overruns is killed) or more than one worker; else the NLP runs in this process.
    """
    if options.dask_address:
        from quotetrack.distributed import dask_results

        yield from dask_results(work, options.dask_address, options.model, options.parse, options.threads)
    elif options.workers <= 1 and options.article_timeout is None:
        for batch in work:
            yield batch, analysis.analyze_batch([a.text for a in batch], options.model, options.parse, threads)
    else:
        yield from analysis.worker_results(
            work, options.workers, options.model, options.parse, threads, options.article_timeout
        )


def print_summary(report: RunReport, db, out=None) -> None:
    totals = store.summary(db)
    kinds = ", ".join(f"{report.quotes.get(k, 0)} {k}" for k in store.QUOTE_KINDS)
    lines = [
        f"articles extracted: {report.articles}  (unchanged, skipped: {report.unchanged}; "
        f"duplicates of stored content, skipped: {report.duplicates}; other file types skipped: {report.skipped})",
        f"quotes found: {sum(report.quotes.values())}  ({kinds})",
        f"database now holds {totals['articles']} articles, {totals['quotes']} quotes, "
        f"{totals['speakers']} speakers",
        f"errors: {len(report.errors)}",
    ]
    lines += [f"  {error.path}: {error.reason}" for error in report.errors[:50]]
    if len(report.errors) > 50:
        lines.append(f"  … and {len(report.errors) - 50} more (see the errors table)")
    lines.append(f"wall time: {report.seconds:.1f} s")
    print("\n".join(lines), file=out or sys.stderr)
