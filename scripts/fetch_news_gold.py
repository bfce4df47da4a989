"""Build and check the non-political news gold (tests/data/news): Wikinews articles as GUM distributes them.

    python scripts/fetch_news_gold.py texts [--gum DIR]   rebuild <half>/text/*.txt from UD English GUM
    python scripts/fetch_news_gold.py spans [SPEC_DIR]    write <half>/attributions/*_qt.ann and referents.tsv
    python scripts/fetch_news_gold.py check               every span inside its text, every referent on a gold span

The texts are the sentences of GUM's `# text =` lines (Wikinews' own wording and spacing), one paragraph per
`# newpar`, paragraphs separated by a blank line, cut after the last whole paragraph within MAX_WORDS.
A spec file (the annotator's notes, one per article: specs/<stem>.spec in the gold folder) has one attribution
a line, fields separated by " || ": source || cue || content (parts joined by " ++ ") || referent || also ||
type || via. Each span is its text as written ("START ~~ END" for a long one), a whole-word match; the content
must be unique in the article, the cue is taken at its occurrence nearest the content, the source at the one
nearest the cue; "#N" after any of them picks its N-th occurrence.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

NEWS_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "news"
SPEC_DIR = NEWS_DIR / "specs"
GUM_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "ud" / "en_gum"
MAX_WORDS = 900
FIELD, PART, ELISION = " || ", " ++ ", " ~~ "
# GUM document -> half of our gold; chosen for quotes and for not being about politics.
ARTICLES = {
    "GUM_news_homeopathic": "dev",
    "GUM_news_iodine": "dev",
    "GUM_news_nasa": "dev",
    "GUM_news_soccer": "dev",
    "GUM_news_ie9": "dev",
    "GUM_news_warming": "dev",
    "GUM_news_hackers": "dev",
    "GUM_news_clock": "train",
    "GUM_news_crane": "train",
    "GUM_news_imprisoned": "train",
    "GUM_news_defector": "train",
    "GUM_news_warhol": "train",
    "GUM_news_lanterns": "train",
}
# Wikinews page furniture, not article text: the source list and what follows it, media captions.
END_PARAGRAPHS = ("Sources", "Related news", "External links", "References")
CAPTION = re.compile(r"\b(?:Image|Video|Audio): [^.]*\.?$|^Wikinews provides additional video")
# Pull quotes set apart from the text with a bare credit, by their opening words.
PULL_QUOTES = (
    "\"So far, it's the Internet: 1",
    '"Prompted I think by the Tom Cruise video',
    "I was basically hauled in and told that my mum",
)
REFERENT_COLUMNS = (
    "article",
    "content_start",
    "content_end",
    "source_start",
    "source_end",
    "source_text",
    "referent",
    "also",
    "type",
    "via",
)


@dataclass(frozen=True)
class Document:
    name: str
    meta: dict[str, str]
    paragraphs: tuple[tuple[str, ...], ...]

    @property
    def stem(self) -> str:
        return f"wikinews_{self.meta['dateCreated']}_{self.name.rsplit('_', 1)[1]}"


def read_gum(folder: Path) -> dict[str, Document]:
    """The documents of every .conllu file in folder, with their meta lines and paragraphs of sentences."""
    documents: dict[str, Document] = {}
    for path in sorted(folder.glob("*.conllu")):
        name, meta, paragraphs = None, {}, []
        for line in path.read_text(encoding="utf-8").split("\n") + ["# newdoc id = END"]:
            if line.startswith("# newdoc id = "):
                if name:
                    documents[name] = Document(name, meta, tuple(tuple(p) for p in paragraphs))
                name, meta, paragraphs = line.split("=", 1)[1].strip(), {}, []
            elif line.startswith("# meta::"):
                key, value = line[len("# meta::") :].split(" = ", 1)
                meta[key] = value
            elif line.startswith("# newpar"):
                paragraphs.append([])
            elif line.startswith("# text = "):
                if not paragraphs:
                    paragraphs.append([])
                paragraphs[-1].append(line[len("# text = ") :])
    return documents


def article_text(document: Document, max_words: int = MAX_WORDS) -> str:
    """Whole paragraphs, in order, until the next one would pass max_words; without captions or pull quotes."""
    kept, words = [], 0
    for paragraph in document.paragraphs:
        joined = " ".join(paragraph)
        if joined in END_PARAGRAPHS or joined.startswith("Categories:"):
            break
        # A pull quote repeats a sentence the article already has, or stands alone with its credit.
        if not joined:
            continue
        pulled = joined.startswith(PULL_QUOTES) or any(paragraph[0] in earlier for earlier in kept)
        if CAPTION.search(joined) or pulled:
            continue
        if kept and words + len(joined.split()) > max_words:
            break
        kept.append(joined)
        words += len(joined.split())
    return "\n\n".join(kept) + "\n"


def write_texts(gum_dir: Path) -> None:
    documents = read_gum(gum_dir)
    for name, half in ARTICLES.items():
        document = documents[name]
        target = NEWS_DIR / half / "text" / f"{document.stem}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article_text(document), encoding="utf-8")
        print(half, target.name, len(target.read_text(encoding="utf-8").split()), document.meta["sourceURL"])


def occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of needle in text, not inside a longer word."""
    before = r"(?<!\w)" if needle[:1].isalnum() else ""
    after = r"(?!\w)" if needle[-1:].isalnum() else ""
    return [m.start() for m in re.finditer(before + re.escape(needle) + after, text)]


def locate(text: str, written: str) -> list[tuple[int, int]]:
    """Every span of written ("START ~~ END" is START up to the first END after it)."""
    head, _, tail = written.partition(ELISION)
    spans = []
    for start in occurrences(text, head):
        if not tail:
            spans.append((start, start + len(head)))
            continue
        end = [e for e in occurrences(text, tail) if e >= start + len(head)]
        if end:
            spans.append((start, end[0] + len(tail)))
    return spans


def find(text: str, field_text: str, around: tuple[int, int] | None = None) -> tuple[int, int]:
    """The span of a spec field: its N-th occurrence for "#N", else the only one, else the nearest to around."""
    written, nth = field_text, None
    match = re.fullmatch(r"(.*)#(\d+)", field_text, re.S)
    if match:
        written, nth = match.group(1), int(match.group(2))
    spans = locate(text, written)
    if not spans:
        raise ValueError(f"not in text: {written!r}")
    if nth:
        return spans[nth - 1]
    if around is None:
        if len(spans) > 1:
            raise ValueError(f"found {len(spans)} times, say which with #N: {written!r}")
        return spans[0]
    return min(spans, key=lambda span: max(around[0] - span[1], span[0] - around[1], 0))


def spans_of(text: str, spec_line: str) -> dict:
    source, cue, content, referent, also, speaker_type, via = (f.strip() for f in spec_line.split(FIELD))
    contents = [find(text, part) for part in content.split(PART)]
    cue_span = find(text, cue, (min(s for s, _ in contents), max(e for _, e in contents)))
    return {
        "content": contents,
        "cue": cue_span,
        "source": find(text, source, cue_span) if source else None,
        "referent": referent,
        "also": also,
        "type": speaker_type,
        "via": via,
    }


def brat_lines(attributions: list[dict], text: str) -> list[str]:
    lines, number = [], 0

    def entity(label: str, spans: list[tuple[int, int]]) -> str:
        nonlocal number
        number += 1
        offsets = ";".join(f"{s} {e}" for s, e in spans)
        lines.append(f"T{number}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in spans)}")
        return f"T{number}"

    for event, attribution in enumerate(attributions, 1):
        roles = []
        if attribution["source"]:
            roles.append(f"Source:{entity('Source', [attribution['source']])}")
        roles.append(f"Cue:{entity('Cue', [attribution['cue']])}")
        roles.append(f"Content:{entity('Content', attribution['content'])}")
        label = "Attribution" if attribution["source"] else "Attribution-no-source"
        trigger = entity(label, [attribution["cue"]])
        lines.append(f"E{event}\t{label}:{trigger} " + " ".join(roles))
    return lines


def write_spans(spec_dir: Path) -> None:
    rows = []
    for half in ("dev", "train"):
        for text_path in sorted((NEWS_DIR / half / "text").glob("*.txt")):
            spec = spec_dir / f"{text_path.stem}.spec"
            if not spec.exists():
                continue
            text = text_path.read_text(encoding="utf-8")
            lines = [line for line in spec.read_text(encoding="utf-8").split("\n") if line.strip()]
            attributions = sorted((spans_of(text, line) for line in lines), key=lambda a: a["content"][0])
            target = NEWS_DIR / half / "attributions" / f"{text_path.stem}_qt.ann"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(brat_lines(attributions, text)) + "\n", encoding="utf-8")
            for a in attributions:
                source = a["source"] or (None, None)
                rows.append(
                    {
                        "article": f"{half}/{text_path.stem}",
                        "content_start": min(s for s, _ in a["content"]),
                        "content_end": max(e for _, e in a["content"]),
                        "source_start": "" if source[0] is None else source[0],
                        "source_end": "" if source[1] is None else source[1],
                        "source_text": "" if source[0] is None else text[source[0] : source[1]],
                        "referent": a["referent"],
                        "also": a["also"],
                        "type": a["type"],
                        "via": a["via"],
                    }
                )
            print(half, target.name, len(attributions))
    with (NEWS_DIR / "referents.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, REFERENT_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def check() -> int:
    """Print every annotation with its span text; count spans that do not match their text."""
    problems = 0
    for ann in sorted(NEWS_DIR.glob("*/attributions/*_qt.ann")):
        text = (ann.parent.parent / "text" / f"{ann.stem.rsplit('_', 1)[0]}.txt").read_text(encoding="utf-8")
        for line in ann.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if not fields[0].startswith("T"):
                continue
            spans = [tuple(map(int, piece.split())) for piece in fields[1].split(" ", 1)[1].split(";")]
            written = " ".join(text[s:e] for s, e in spans)
            if written != fields[2] or any(not 0 <= s < e <= len(text) for s, e in spans):
                problems += 1
                print(f"MISMATCH {ann.name} {line!r} text has {written!r}")
    print(f"{problems} mismatched spans")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    texts = commands.add_parser("texts")
    texts.add_argument("--gum", type=Path, default=GUM_DIR)
    spans = commands.add_parser("spans")
    spans.add_argument("spec_dir", type=Path, nargs="?", default=SPEC_DIR)
    commands.add_parser("check")
    args = parser.parse_args(argv)
    if args.command == "texts":
        write_texts(args.gum)
    elif args.command == "spans":
        write_spans(args.spec_dir)
    else:
        return 1 if check() else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
