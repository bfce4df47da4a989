"""The NLP on an existing Dask distributed cluster (`quotetrack extract --dask ADDRESS`).

Each Dask worker process builds the Stanza pipeline once, when the run registers `AnalyzerPlugin`; batches
of article texts go out a few at a time and their quotes come back here, to the run's single SQLite writer.
A batch on a worker uses as many torch threads as that worker has Dask threads (`dask worker --nthreads`),
or `--threads` when given; a worker process analyses one batch at a time.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from itertools import chain, islice

from distributed import Client, Future, WorkerPlugin, as_completed, get_worker

import quotetrack
from quotetrack.analysis import WARM_UP_TEXT, BatchResult, analyze_batch
from quotetrack.records import Article

# Batches queued or running per worker: one running, one ready so a worker never waits for the writer.
BATCHES_PER_WORKER = 2
WORKER_WAIT_SECONDS = 60

# One Analyzer per worker process, shared by its task threads; Stanza does not promise it is thread-safe.
_ONE_BATCH_AT_A_TIME = threading.Lock()


class AnalyzerPlugin(WorkerPlugin):
    """Builds and warms the Analyzer on every worker, on those already there and on any that join later."""

    idempotent = True  # registering again (a second run with the same settings) keeps the warm pipelines

    def __init__(self, model: str, parse: str, threads: int | None):
        self.model = model
        self.parse = parse
        self.threads = threads
        self.version = quotetrack.__version__
        self.name = f"quotetrack {self.version}: model {model}, parse {parse}, {threads or 'worker'} threads"

    async def setup(self, worker) -> None:
        if quotetrack.__version__ != self.version:
            raise RuntimeError(
                f"Dask worker {worker.address} has quotetrack {quotetrack.__version__}; this run uses "
                f"{self.version}. Install the same version on every worker."
            )
        threads = self.threads or worker.state.nthreads
        # Off the worker's event loop: loading the models takes seconds and the worker must keep heartbeating.
        await asyncio.to_thread(_analyze, [WARM_UP_TEXT], self.model, self.parse, threads)


def _analyze(texts: list[str], model: str, parse: str, threads: int | None) -> BatchResult:
    """`analyze_batch` on this Dask worker; `threads` None means as many as the worker has."""
    with _ONE_BATCH_AT_A_TIME:
        return analyze_batch(texts, model, parse, threads or get_worker().state.nthreads)


def dask_results(
    work: Iterator[list[Article]], address: str, model: str, parse: str, threads: int | None = None
) -> Iterator[tuple[list[Article], BatchResult]]:
    """(batch, its BatchResult) for every batch of `work`, analysed on the cluster at `address`, in order of
    completion; only a few batches per worker are in memory at once. `threads` None: as many as each worker has.

    The time limit of a local run (--article-timeout) is not enforced here: a Dask task cannot be killed alone.
    """
    first = next(work, None)
    if first is None:  # nothing to extract: no need for the cluster
        return
    work = chain([first], work)
    plugin = AnalyzerPlugin(model, parse, threads)
    with Client(address) as client:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        client.register_plugin(plugin)
        workers = len(client.scheduler_info()["workers"])
        batches: dict[Future, list[Article]] = {}

        def submit(batch: list[Article]):
            texts = [article.text for article in batch]
            future = client.submit(_analyze, texts, plugin.model, plugin.parse, plugin.threads, pure=False)
            batches[future] = batch
            return future

        completed = as_completed([submit(batch) for batch in islice(work, BATCHES_PER_WORKER * workers)])
        for future in completed:
            result = future.result()
            if (batch := next(work, None)) is not None:
                completed.add(submit(batch))
            yield batches.pop(future), result
