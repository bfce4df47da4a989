"""Batch analysis, the NLP side of a run: article texts in, each text's quotes (or why it failed) out.

`analyze_batch` runs in whichever process calls it (a worker process of a run, a Dask worker, a test) and builds
that process's pipeline once. `worker_results` runs it in worker processes under a time limit per article: a
worker whose batch overruns is killed and replaced, the batch's articles are tried again one by one, and an
article that overruns alone is a failed article ("NLP failed: timeout after S s"); the run goes on.
extract and distributed both use this module; neither imports the other.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from multiprocessing.connection import wait

from quotetrack.records import Article, Quote

# About 19 times the 15.8 s of the longest PolNeAR article (5,513 words) on one thread of a busy machine; an article
# near limits.MAX_ARTICLE_TOKENS (100,000) takes minutes and may need a higher --article-timeout.
DEFAULT_ARTICLE_TIMEOUT = 300.0
WARM_UP_TEXT = "“We are ready,” the minister said on Monday."


@dataclass(frozen=True)
class BatchResult:
    """What one batch gave: per text, its quotes or why it failed ("NLP failed: ..."), in the batch's order."""

    outcomes: tuple[list[Quote] | str, ...]
    stage_seconds: Mapping[str, float]
    extractor: str


# One Analyzer per process and configuration, built on first use.
_ANALYZERS: dict[tuple[str, str, int], object] = {}


def _analyzer(model: str, parse: str, threads: int):
    key = (model, parse, threads)
    if key not in _ANALYZERS:
        from quotetrack.nlp import Analyzer

        _ANALYZERS[key] = Analyzer(model=model, parse=parse, threads=threads)
    return _ANALYZERS[key]


def analyze_batch(texts: list[str], model: str, parse: str, threads: int) -> BatchResult:
    """The quotes of each text, or the error message of a text that failed; one bad text costs only itself."""
    from quotetrack.attribution import extract_quotes

    analyzer = _analyzer(model, parse, threads)
    before = dict(analyzer.timer.seconds)
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
    outcomes = tuple(document if isinstance(document, str) else extract_quotes(document) for document in documents)
    analyzer.timer.add("attribution", time.perf_counter() - started)
    spent = {stage: seconds - before.get(stage, 0.0) for stage, seconds in analyzer.timer.seconds.items()}
    return BatchResult(outcomes, spent, analyzer.description)


# ------------------------------------------------------------------------------------------- worker processes
_READY = "ready"


def _serve(connection, analyze: Callable[..., BatchResult], model: str, parse: str, threads: int) -> None:
    """A worker process: build the pipeline (on a short text), say so, then analyse each batch of texts sent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # on Ctrl-C the run stops its workers itself
    try:
        analyze([WARM_UP_TEXT], model, parse, threads)
    except BaseException as error:  # noqa: BLE001 -- ModelNotFound and the like: the run reports it
        connection.send(error)
        return
    connection.send(_READY)
    while True:
        try:
            texts = connection.recv()
        except EOFError:  # the run is over (or its process died)
            return
        try:
            message = analyze(texts, model, parse, threads)
        except Exception as error:  # noqa: BLE001 -- a bug, not a bad text: raised again in the run
            message = error
        connection.send(message)


class _Worker:
    """One worker process and the batch it is analysing (sent once the worker is ready, its clock started then)."""

    def __init__(self, context, analyze: Callable[..., BatchResult], model: str, parse: str, threads: int):
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, analyze, model, parse, threads), daemon=True)
        self.process.start()
        child_end.close()
        self.ready = False
        self.batch: list[Article] | None = None
        self.sent_at = 0.0

    def send(self, batch: list[Article]) -> None:
        self.batch = batch
        self.sent_at = time.monotonic()
        self.connection.send([article.text for article in batch])

    def deadline(self, article_timeout: float | None) -> float | None:
        if self.batch is None or article_timeout is None:
            return None
        return self.sent_at + article_timeout * len(self.batch)

    def exit_status(self) -> str:
        self.process.join()
        code = self.process.exitcode
        return f"killed by signal {-code}" if code < 0 else f"exit code {code}"

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


def worker_results(
    work: Iterator[list[Article]], workers: int, model: str, parse: str, threads: int, article_timeout: float | None
) -> Iterator[tuple[list[Article], BatchResult]]:
    """(batch, its BatchResult) for every batch of `work`, in order of completion, analysed by `workers` processes
    (one batch each at a time), each article within `article_timeout` seconds (None: no limit).

    A batch of n articles gets n times the limit; when it overruns, or its worker dies (the OOM killer), the worker
    is replaced and the batch's articles are tried again one by one; an article that overruns alone comes back as
    "NLP failed: timeout after S s" (or "... worker process died (...)"). Batches are read and results saved by the
    caller's thread only: the SQLite connection stays there.
    """
    first = next(work, None)
    if first is None:  # nothing to analyse: no need to load the models
        return
    analyze = analyze_batch  # looked up at each run, so that a test can stand a fake analyzer in its place
    context = multiprocessing.get_context("spawn")
    pool = [_Worker(context, analyze, model, parse, threads) for _ in range(max(1, workers))]
    waiting: deque[list[Article]] = deque([first])  # batches to hand out before reading more of `work`
    exhausted = False
    try:
        while True:
            for worker in pool:
                if worker.ready and worker.batch is None:
                    if not waiting and not exhausted:
                        batch = next(work, None)
                        exhausted = batch is None
                        waiting.extend([] if batch is None else [batch])
                    if waiting:
                        worker.send(waiting.popleft())
            if exhausted and not waiting and all(worker.batch is None for worker in pool):
                return
            deadlines = [d for worker in pool if (d := worker.deadline(article_timeout)) is not None]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            answered = wait([worker.connection for worker in pool], timeout)
            for number, worker in enumerate(pool):
                if worker.connection not in answered:
                    continue
                try:
                    message = worker.connection.recv()
                except EOFError:
                    status = worker.exit_status()
                    if not worker.ready:
                        raise RuntimeError(f"an NLP worker process ended before it was ready ({status})") from None
                    worker.stop()
                    pool[number] = _Worker(context, analyze, model, parse, threads)
                    yield from _give_up(worker.batch, f"NLP failed: worker process died ({status})", waiting)
                    continue
                if isinstance(message, BaseException):
                    raise message
                if isinstance(message, str):  # _READY
                    worker.ready = True
                    continue
                batch, worker.batch = worker.batch, None
                yield batch, message
            now = time.monotonic()
            for number, worker in enumerate(pool):
                deadline = worker.deadline(article_timeout)
                if deadline is not None and now >= deadline and not worker.connection.poll():
                    worker.stop()
                    pool[number] = _Worker(context, analyze, model, parse, threads)
                    yield from _give_up(worker.batch, f"NLP failed: timeout after {article_timeout:g} s", waiting)
    finally:
        for worker in pool:
            worker.stop()


def _give_up(batch: list[Article] | None, reason: str, waiting: deque[list[Article]]):
    """A batch whose worker was lost: its articles go back one by one, or a lone article fails with `reason`."""
    if batch is None:
        return
    if len(batch) == 1:
        yield batch, BatchResult((reason,), {}, "")
    else:
        waiting.extendleft([article] for article in reversed(batch))
