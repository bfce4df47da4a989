"""Extraction throughput, configuration by configuration, in one run (so the ratios mean something).

Usage: python benchmarks/throughput.py [FOLDER ...] [--limit N] [--configs all-1,selective-1,selective-2]
                                       [--batch-sizes 16] [--threads auto] [--compare-selective]
                                       [--busy] [--env NAME=VALUE ...] [--quantize off,on]

Default folders: the PolNeAR dev and train texts in ../shared/data/polnear. Each configuration runs in its own
process on a fresh database, and prints articles/s, words/s, quotes/s, peak RSS per process and the time per
stage (ingest/waiting, each Stanza processor, attribution, store). --compare-selective also reports how the
quotes stored with --parse selective differ from --parse all (same articles).

--busy runs every configuration twice, quiet and then beside one competing CPU-bound process that this script
starts and stops itself (killed when the run ends, and after --busy-seconds at the latest), and prints the
quiet and busy words/s and, as its last line, `busy/quiet: R` (of the last configuration). --threads gives
torch threads per worker (comma-separated values are tried in turn; default quotetrack's own choice). Each --env
is one environment of the extraction processes to try in turn, NAME=VALUE pairs separated by commas (e.g.
`--env OMP_WAIT_POLICY=PASSIVE --env OMP_WAIT_POLICY=ACTIVE`); `--env -` is the environment as it is.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


# One core kept busy until killed, or for the given seconds at most (so that it never outlives a lost parent).
BUSY_LOOP = "import sys, time\nend = time.monotonic() + float(sys.argv[1])\nwhile time.monotonic() < end:\n    pass\n"


def run_one(folder: str, db_path: str, parse: str, workers: int, batch_size: int, threads: int | None,
            quantize: str) -> dict:
    """Child process: one extraction, its report and peak RSS as JSON on stdout.

    With quantize "on" or "off" the setting is made in this process and the NLP runs here (no time limit, so no
    worker process), as extract has no option for it yet; both settings then run the same way."""
    from quotetrack import nlp, store
    from quotetrack.extract import RunOptions, run_extract

    db = store.open_db(db_path)
    started = time.perf_counter()
    options = RunOptions(parse=parse, workers=workers, batch_size=batch_size, threads=threads)
    if quantize != "auto":
        nlp.QUANTIZE = quantize == "on"
        options = dataclasses.replace(options, article_timeout=None)
    report = run_extract([folder], db, options)
    seconds = time.perf_counter() - started
    words = db.execute("select coalesce(sum(words), 0) from articles").fetchone()[0]
    return {
        "articles": report.articles, "quotes": sum(report.quotes.values()), "words": words, "seconds": seconds,
        "stages": report.stage_seconds,
        "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def quote_keys(db_path: str) -> set[tuple]:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        return set(conn.execute(
            'select a.path, q.kind, q.start, q."end", q.speaker_start, q.speaker_end from quotes q '
            "join articles a on a.id = q.article_id"
        ))


def sample_folder(folders: list[Path], limit: int | None, into: Path) -> Path:
    files = sorted(p for folder in folders for p in folder.rglob("*.txt"))[:limit]
    for path in files:
        target = into / path.parent.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return into


def environment_variables(setting: str) -> dict[str, str]:
    """`NAME=VALUE,NAME=VALUE` as a dict; `-` is no variable at all."""
    return {} if setting == "-" else dict(pair.split("=", 1) for pair in setting.split(","))


def run_child(command: list[str], env: dict, busy_seconds: float | None) -> dict:
    """The child's JSON result; with busy_seconds, beside one busy process started before it and killed after."""
    competitor = None
    if busy_seconds is not None:
        competitor = subprocess.Popen([sys.executable, "-c", BUSY_LOOP, str(busy_seconds)])
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    finally:
        if competitor is not None:
            competitor.kill()
            competitor.wait()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_one":
        threads = None if sys.argv[7] == "auto" else int(sys.argv[7])
        print(json.dumps(run_one(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), threads,
                                 sys.argv[8])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        default=[POLNEAR / "dev" / "text", POLNEAR / "train" / "text"])
    parser.add_argument("--limit", type=int, default=None, help="use the first N .txt files (sorted)")
    parser.add_argument("--configs", default="all-1,selective-1,selective-2",
                        help="comma-separated PARSE-WORKERS pairs")
    parser.add_argument("--batch-sizes", default="16", help="comma-separated batch sizes to try")
    parser.add_argument("--threads", default="auto", help="comma-separated torch threads per worker to try")
    parser.add_argument("--quantize", default="auto",
                        help="comma-separated int8 quantization settings to try: on, off (default: quotetrack's)")
    parser.add_argument("--compare-selective", action="store_true")
    parser.add_argument("--busy", action="store_true", help="each run quiet, then beside one busy process")
    parser.add_argument("--busy-seconds", type=float, default=1800, help="the busy process's own time limit")
    parser.add_argument("--env", action="append", default=None, metavar="NAME=VALUE[,NAME=VALUE]",
                        help="one environment of the extraction processes to try ('-': as it is); repeatable")
    options = parser.parse_args()
    environments = [environment_variables(setting) for setting in options.env or ["-"]]

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"command: {' '.join(sys.argv)}")
    results = {}
    run_numbers = itertools.count()
    with tempfile.TemporaryDirectory() as scratch:
        folder = sample_folder(options.folders, options.limit, Path(scratch) / "articles")
        count = len(list(folder.rglob("*.txt")))
        print(f"articles: {count} from {', '.join(str(f) for f in options.folders)}")
        for config in options.configs.split(","):
            parse, workers = config.split("-")
            for batch_size in options.batch_sizes.split(","):
                for threads, variables, quantize in itertools.product(
                        options.threads.split(","), environments, options.quantize.split(",")):
                    env = {**os.environ, **variables}
                    name = f"parse={parse} workers={workers} batch={batch_size} threads={threads}" + "".join(
                        f" {key}={value}" for key, value in variables.items())
                    name += "" if quantize == "auto" else f" quantize={quantize}"
                    words_per_second = {}
                    for busy in (False, True) if options.busy else (False,):
                        label = f"{name}{' busy' if busy else ''}"
                        db_path = str(Path(scratch) / f"run-{next(run_numbers)}.db")
                        command = [sys.executable, __file__, "_one", str(folder), db_path, parse, workers,
                                   batch_size, threads, quantize]
                        result = run_child(command, env, options.busy_seconds if busy else None)
                        if not busy:
                            results[name] = (result, db_path)
                        s = result["seconds"]
                        words_per_second[busy] = result["words"] / s
                        print(f"\n{label}: {result['articles'] / s:.2f} articles/s, {result['words'] / s:.0f} words/s, "
                              f"{result['quotes'] / s:.1f} quotes/s, {s:.1f} s wall; peak RSS main "
                              f"{result['rss_main_mb']:.0f} MB, worker {result['rss_worker_mb']:.0f} MB; "
                              f"load average {os.getloadavg()[0]:.2f}")
                        for stage, seconds in sorted(result["stages"].items(), key=lambda kv: -kv[1]):
                            print(f"    {stage:34} {seconds:8.1f} s")
                    if options.busy:
                        print(f"\n{name}: quiet {words_per_second[False]:.0f} words/s, busy "
                              f"{words_per_second[True]:.0f} words/s")
                        print(f"busy/quiet: {words_per_second[True] / words_per_second[False]:.2f}", flush=True)
        if options.compare_selective:
            full = [db for name, (_, db) in results.items() if name.startswith("parse=all")]
            selective = [db for name, (_, db) in results.items() if name.startswith("parse=selective")]
            if full and selective:
                a, b = quote_keys(full[0]), quote_keys(selective[0])
                differ = len(a ^ b)
                print(f"\nselective vs all: {len(a)} quotes with --parse all, {len(b)} with selective; "
                      f"{differ} differ ({100 * differ / max(len(a), 1):.2f}% of the full pipeline's quotes)")
                first = {n: r for n, (r, _) in results.items()}
                all_s = next(r["seconds"] for n, r in first.items() if n.startswith("parse=all"))
                sel_s = next(r["seconds"] for n, r in first.items() if n.startswith("parse=selective"))
                print(f"speed-up of selective over all: {all_s / sel_s:.2f}x")


if __name__ == "__main__":
    main()
