"""Every field of every quote the attribution gives on cached parses, as JSON lines: the check that a change
to the rules' code leaves predictions identical (`diff` two snapshots).

    python scripts/snapshot_quotes.py GOLD_DIR CACHE OUT.jsonl [--parse all]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from quotetrack.attribution import extract_quotes
from quotetrack.evaluate import load_gold, parsed_documents


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold_dir")
    parser.add_argument("cache")
    parser.add_argument("out")
    parser.add_argument("--parse", default="all")
    args = parser.parse_args()
    _, texts = load_gold(Path(args.gold_dir))
    documents = parsed_documents(texts, parse=args.parse, cache=Path(args.cache))
    with open(args.out, "w", encoding="utf-8") as handle:
        for stem, document in documents.items():
            for quote in extract_quotes(document):
                handle.write(json.dumps({"article": stem, **dataclasses.asdict(quote)}, default=str) + "\n")


if __name__ == "__main__":
    main()
