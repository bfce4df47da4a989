"""One extraction run: walk -> ingest -> NLP (here, in worker processes, or on a Dask cluster) -> attribution
-> store, one transaction per article, skipping what is already stored unchanged."""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from quotetrack import ingest, store
from quotetrack.records import Article, IngestError, Quote

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


# ------------------------------------------------------------------------------------------- NLP side
# One Analyzer per process and configuration, built on first use: worker processes and Dask workers each
# build their own.
_ANALYZERS: dict[tuple[str, str, int], object] = {}


def _analyzer(model: str, parse: str, threads: int):
    key = (model, parse, threads)
    if key not in _ANALYZERS:
        from quotetrack.nlp import Analyzer

        _ANALYZERS[key] = Analyzer(model=model, parse=parse, threads=threads)
    return _ANALYZERS[key]


def analyze_batch(texts: list[str], model: str, parse: str, threads: int) -> tuple[list, dict, str]:
    """Quotes for each text (or the error message for a text that failed), stage timings, extractor label."""
    from quotetrack.attribution.attribute import extract_quotes

    analyzer = _analyzer(model, parse, threads)
    before = dict(analyzer.timer.seconds)
    results: list[list[Quote] | str] = []
    try:
        documents = analyzer.analyze(texts)
    except Exception:  # one bad text must not sink the batch: retry one by one
        documents = []
        for text in texts:
            try:
                documents.extend(analyzer.analyze([text]))
            except Exception as error:  # noqa: BLE001 -- recorded as the article's error
                documents.append(f"NLP failed: {type(error).__name__}: {error}")
    started = time.perf_counter()
    for document in documents:
        results.append(document if isinstance(document, str) else extract_quotes(document))
    analyzer.timer.add("attribution", time.perf_counter() - started)
    spent = {k: v - before.get(k, 0.0) for k, v in analyzer.timer.seconds.items()}
    return results, spent, analyzer.description


def _pool_task(args):
    batch_id, texts, model, parse, threads = args
    return batch_id, analyze_batch(texts, model, parse, threads)


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
    for batch, (results, spent, extractor) in _results(work, options, threads):
        stage_seconds.update(spent)
        save_started = time.perf_counter()
        for article, result in zip(batch, results, strict=True):
            if isinstance(result, str):
                store.save_error(db, article.path, result)
                report.errors.append(IngestError(article.path, result))
                continue
            store.save_article(db, article, result, extractor)
            report.articles += 1
            report.quotes.update(q.kind for q in result)
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
    """(batch, analyze_batch result) pairs, in order of completion."""
    if options.dask_address:
        from quotetrack.distributed import dask_results

        yield from dask_results(work, options, threads)
        return
    if options.workers <= 1:
        for batch in work:
            yield batch, analyze_batch([a.text for a in batch], options.model, options.parse, threads)
        return
    yield from _pool_results(work, options, threads)


def _pool_results(work: Iterator[list[Article]], options: RunOptions, threads: int):
    """Worker processes, each building its pipeline once; at most two batches per worker in flight.

    Batches are read and results saved in this (the main) thread only: the SQLite connection stays here.
    """
    finished: queue.Queue = queue.Queue()
    pending: dict[int, list[Article]] = {}
    context = multiprocessing.get_context("spawn")
    with context.Pool(options.workers) as pool:
        for number, batch in enumerate(work):
            pending[number] = batch
            task = (number, [a.text for a in batch], options.model, options.parse, threads)
            pool.apply_async(_pool_task, (task,), callback=finished.put, error_callback=finished.put)
            while len(pending) >= 2 * options.workers:
                yield _collect(finished.get(), pending)
        while pending:
            yield _collect(finished.get(), pending)


def _collect(outcome, pending: dict[int, list[Article]]):
    if isinstance(outcome, BaseException):
        raise outcome
    number, result = outcome
    return pending.pop(number), result


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
