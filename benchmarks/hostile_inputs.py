"""Peak memory and time of the NLP stage on the hostile texts of issue 16, each in a child process on one thread.

Usage: python benchmarks/hostile_inputs.py [CASE ...] [--memory-cap-gb 4] [--timeout 900]

Each case goes through analysis.analyze_batch, as one article of a run does (tokenize, capped sentences, tagger,
NER, selective parse, attribution). Printed per case: what came out (quotes, or the error recorded for the
article), the child's peak RSS (its rusage from os.wait4, model loading included) and its seconds (loading
excluded). The child runs under an address-space cap, so that a regression fails there instead of sending the
shared machine into its OOM killer. Target: peak RSS < 2 GB per case, bounded time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

CASES = {
    # 5,000 ", 3,000 “” pairs and 2,000 '"yes," he said.' sentences: 22.8 GB and the OOM killer after 411 s
    "quote_marks_55kb": '"' * 5_000 + "“”" * 3_000 + '"yes," he said. ' * 2_000,
    # the same marks with a space after each, so that they are tokens (run together they are refused as a word)
    "quote_marks_55kb_spaced": '" ' * 5_000 + "“” " * 3_000 + '"yes," he said. ' * 2_000,
    # one sentence of 2,000 ": 2.86 GB
    "sentence_of_2000_quote_marks": '"' * 2_000,
    # a 100 KB line with one "said": asked torch for 51.8 GB after 72 s
    "line_100kb_one_said": "word " * 10_000 + "he said " + "word " * 10_000,
    # a 2 MB line without punctuation: not done after 10 minutes
    "line_2mb_no_punctuation": "word " * 400_000,
    # for comparison: a short ordinary text (the cost of loading the models)
    "ordinary_sentence": '"We will win," the coach said.',
}

CHILD = """
import json, resource, sys, time
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from quotetrack.analysis import analyze_batch
analyze_batch(["Warm up, he said."], "bundled", "selective", 1)  # load the models
text = sys.stdin.read()
started = time.perf_counter()
(result,) = analyze_batch([text], "bundled", "selective", 1).outcomes
seconds = time.perf_counter() - started
outcome = result if isinstance(result, str) else f"{len(result)} quotes"
print(json.dumps({"outcome": outcome, "seconds": seconds}))
"""


def run_case(text: str, memory_cap: int, timeout: float) -> dict:
    """The child's outcome and seconds, and its own peak RSS (the rusage os.wait4 gives for it alone)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stderr:
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(memory_cap)], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=stderr, text=True, env=env)
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        child.stdin.write(text)
        child.stdin.close()
        stdout = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        timed_out = not killer.is_alive() and child.returncode < 0
        killer.cancel()
        stderr.seek(0)
        last_error_line = (stderr.read().strip().splitlines() or ["?"])[-1]
    peak = usage.ru_maxrss / 1024  # KB on Linux
    if timed_out:
        return {"outcome": f"not done after {timeout:.0f} s", "seconds": None, "peak_rss_mb": peak}
    if child.returncode != 0:
        return {"outcome": f"child failed ({child.returncode}): {last_error_line}",
                "seconds": time.perf_counter() - started, "peak_rss_mb": peak}
    return {**json.loads(stdout.splitlines()[-1]), "peak_rss_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", metavar="CASE", help=f"default: all of {', '.join(CASES)}")
    parser.add_argument("--memory-cap-gb", type=float, default=4.0)
    parser.add_argument("--timeout", type=float, default=900)
    options = parser.parse_args()
    names = options.cases or list(CASES)
    print(f"{'case':32} {'bytes':>9} {'peak RSS MB':>12} {'seconds':>8}  outcome")
    for name in names:
        text = CASES[name]
        result = run_case(text, int(options.memory_cap_gb * 2**30), options.timeout)
        seconds = "-" if result["seconds"] is None else f"{result['seconds']:.1f}"
        peak = "-" if result["peak_rss_mb"] is None else f"{result['peak_rss_mb']:.0f}"
        print(f"{name:32} {len(text.encode()):>9,} {peak:>12} {seconds:>8}  {result['outcome'][:150]}", flush=True)


if __name__ == "__main__":
    main()
