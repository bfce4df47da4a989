"""Files -> Article(text, metadata, sha256): formats, encodings and errors of the ingest stage.

`Article.text` is exactly what later stages index; nothing here normalises it beyond stripping a UTF-8 BOM
(for plain text and Markdown) or what trafilatura extracts (for HTML).
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura
import yaml

from quotetrack.records import Article, IngestError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Fewer words than this extracted from a page is navigation or boilerplate, not an article.
MIN_HTML_WORDS = 5

# Text never holds a NUL byte; like git, look for one near the start only.
_BINARY_SNIFF_BYTES = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# What a path can name besides a regular file, as an error message names it.
_FILE_KINDS = (
    (stat.S_ISFIFO, "named pipe"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISDIR, "folder"),
)

# The one-line header of the sample articles, e.g.
# "date 2024-04-15 <title>. April. 15, 2024 08:09. by Jin-Woo Shin niceshin@donga.com."
# Greedy title_and_dateline: the byline is the last ". by ", so a title may contain " by ".
_HEADER_LINE = re.compile(
    r"\s*date\s+(?P<published>\d{4}-\d{2}-\d{2})\s+(?P<title_and_dateline>.+)\.\s+by\s+(?P<author>.+?)"
    r"(?:\s+(?P<contact>[^\s@]+@[^\s@]+?|(?:https?://|www\.)\S+?))?\.?\s*"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# The ". " that ends the title is the one followed by a dateline ("April. 15, 2024", "15 April 2024", ISO).
_DATELINE_START = re.compile(
    rf"\.\s+(?={_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
_SENTENCE_BREAK = re.compile(r"\.\s+")

_FRONT_MATTER_START = re.compile(r"---[ \t]*\r?\n")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)

# Formats seen in news metadata that datetime.fromisoformat does not read.
_DATE_FORMATS = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y")


@dataclass(frozen=True)
class Discovery:
    files: list[tuple[Path, str]]  # (absolute path, path as stored)
    skipped: list[str]  # stored paths of files whose suffix no reader handles


class _Unreadable(ValueError):
    """A problem that makes a whole file unusable; read_articles turns it into one IngestError."""


def discover(paths: Iterable[str | Path]) -> Discovery:
    """The given files and the files in the given folders, sorted, hidden names inside folders left out.

    A folder's files are stored relative to it (POSIX separators); a file is stored as given. A path that
    does not exist is kept in `files`, so that read_articles reports it. Pipes, sockets and devices are
    `skipped`, never opened: opening a pipe blocks until something writes to it.
    """
    files: list[tuple[Path, str]] = []
    skipped: list[str] = []
    seen: set[Path] = set()
    for given in paths:
        given_path = Path(given)
        candidates = (
            _walk_folder(given_path) if given_path.is_dir() else [(_absolute_path(given), str(given))]
        )
        for absolute, stored in candidates:
            if absolute in seen:
                continue
            seen.add(absolute)
            mode = _mode_of(absolute)
            if mode is None or (stat.S_ISREG(mode) and absolute.suffix.lower() in SUPPORTED_SUFFIXES):
                files.append((absolute, stored))
            else:
                skipped.append(stored)
    return Discovery(files=files, skipped=skipped)


def _mode_of(path: Path) -> int | None:
    """The st_mode of what path names (symlinks followed); None when it cannot be known (missing, a loop)."""
    try:
        return os.stat(path).st_mode
    except OSError:
        return None


def read_articles(
    path: Path, stored_path: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Article | IngestError]:
    """The articles in one file, and an IngestError for each problem; never raises for bad input."""
    reader = _READERS.get(path.suffix.lower())
    try:
        _check_file(os.stat(path), max_bytes)  # before open(), which blocks on a pipe
        if reader is None:
            raise _Unreadable(f"unsupported file type {path.suffix!r}")
        raw = _read_bytes(path, max_bytes)
        _reject_binary(raw)
        return reader(raw, stored_path)
    except OSError as error:
        return [IngestError(path=stored_path, reason=f"cannot read file: {error.strerror or error}")]
    except _Unreadable as problem:
        return [IngestError(path=stored_path, reason=str(problem))]
    except Exception as error:  # noqa: BLE001 -- a reader's surprise costs this file, never the run
        return [IngestError(path=stored_path, reason=f"cannot read file ({_one_line(error)})")]


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    # O_NONBLOCK and a second check on the open file: a pipe put in the file's place after the stat
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        _check_file(os.fstat(file.fileno()), max_bytes)
        raw = file.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise _Unreadable(f"file grew past the limit of {max_bytes} bytes (--max-bytes) while it was read")
    return raw


def _check_file(status: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise _Unreadable(f"not a regular file ({_kind_of(status.st_mode)})")
    if status.st_size > max_bytes:
        raise _Unreadable(f"file is {status.st_size} bytes, over the limit of {max_bytes} bytes (--max-bytes)")


def _kind_of(mode: int) -> str:
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "special file")


def _read_plain_text(raw: bytes, stored_path: str) -> list[Article | IngestError]:
    text = _decode_text(raw)
    return [Article(path=stored_path, text=text, sha256=_sha256_hex(raw), **_header_metadata(text))]


def _read_markdown(raw: bytes, stored_path: str) -> list[Article | IngestError]:
    front_matter, body = _split_front_matter(_decode_text(raw))
    if not body.strip():
        raise _Unreadable("no text after the YAML front matter")
    metadata = _header_metadata(body) if front_matter is None else _metadata_from_mapping(front_matter)
    return [Article(path=stored_path, text=body, sha256=_sha256_hex(raw), **metadata)]


def _read_html(raw: bytes, stored_path: str) -> list[Article | IngestError]:
    # Bytes, not str: trafilatura picks the charset from the page and survives broken encodings.
    document = trafilatura.bare_extraction(
        raw, output_format="python", include_comments=False, with_metadata=True
    )
    if document is None or len((document.text or "").split()) < MIN_HTML_WORDS:
        raise _Unreadable("no article text found in HTML")
    return [
        Article(
            path=stored_path,
            text=document.text,
            sha256=_sha256_hex(raw),
            title=document.title,
            published=_iso_date(document.date),
            author=document.author,
            outlet=document.sitename or _domain_of_url(document.url),
            url=document.url,
        )
    ]


def _read_json(raw: bytes, stored_path: str) -> list[Article | IngestError]:
    try:
        parsed = _parse_json(_decode_text(raw))
    except json.JSONDecodeError as error:
        raise _Unreadable(
            f"malformed JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    records = parsed if isinstance(parsed, list) else [parsed]
    if not records:
        raise _Unreadable("JSON list has no records")
    return [
        _guarded_article(record, stored_path, index, label=f"record {index}") for index, record in enumerate(records)
    ]


def _read_json_lines(raw: bytes, stored_path: str) -> list[Article | IngestError]:
    """One record per non-blank line; `record` counts non-blank lines from 0, malformed ones included."""
    # split("\n"), not splitlines(): JSON strings may hold U+2028 and other characters splitlines breaks on.
    numbered_lines = [
        (number, line) for number, line in enumerate(_decode_text(raw).split("\n"), start=1) if line.strip()
    ]
    return [
        _article_from_line(line, stored_path, index, line_number)
        for index, (line_number, line) in enumerate(numbered_lines)
    ]


def _article_from_line(line: str, stored_path: str, index: int, line_number: int) -> Article | IngestError:
    try:
        record = _parse_json(line)
    except json.JSONDecodeError as error:
        reason = f"line {line_number}: malformed JSON ({error.msg} at column {error.colno})"
        return IngestError(path=stored_path, reason=reason)
    return _guarded_article(record, stored_path, index, label=f"record {index} (line {line_number})")


def _guarded_article(record: object, stored_path: str, index: int, label: str) -> Article | IngestError:
    """The record's article, or an error for this record alone whatever goes wrong reading it."""
    try:
        return _article_from_record(record, stored_path, index, label)
    except Exception as error:  # noqa: BLE001 -- e.g. metadata nested too deep; the other records go on
        return IngestError(path=stored_path, reason=f"{label}: cannot read record ({_one_line(error)})")


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {' '.join(str(error).split())}"


def _article_from_record(record: object, stored_path: str, index: int, label: str) -> Article | IngestError:
    if not isinstance(record, dict):
        return IngestError(path=stored_path, reason=f"{label}: not a JSON object")
    text = record.get("text")
    if text is None:
        return IngestError(path=stored_path, reason=f"{label}: no 'text' field")
    if not isinstance(text, str):
        return IngestError(path=stored_path, reason=f"{label}: 'text' is not a string")
    if not text.strip():
        return IngestError(path=stored_path, reason=f"{label}: 'text' is empty")
    canonical = json.dumps(record, sort_keys=True)
    return Article(
        path=stored_path,
        text=text,
        sha256=_sha256_hex(canonical.encode("utf-8")),
        record=index,
        **_metadata_from_mapping(record),
    )


def _reject_binary(raw: bytes) -> None:
    # UTF-16 text is full of NUL bytes but is not binary; trafilatura reads it in HTML.
    if b"\x00" in raw[:_BINARY_SNIFF_BYTES] and not raw.startswith(_UTF16_BOMS):
        raise _Unreadable("binary file")


def _decode_text(raw: bytes) -> str:
    """The file as UTF-8 with a leading BOM removed and nothing else changed."""
    if raw.startswith(_UTF16_BOMS):
        raise _Unreadable("UTF-16 text is not supported; save the file as UTF-8")
    without_bom = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = without_bom.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + len(raw) - len(without_bom)
        raise _Unreadable(f"not valid UTF-8 text (byte 0x{raw[offset]:02x} at offset {offset})") from None
    if not text.strip():
        raise _Unreadable("empty file")
    return text


def _parse_json(text: str) -> object:
    """json.loads, with nesting too deep or a number too long for Python reported like any other malformed JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # int() refuses more digits than sys.get_int_max_str_digits()
        limit = sys.get_int_max_str_digits()
        long_number = re.search(rf"\d{{{limit + 1},}}", text) if limit else None
        if long_number is None:
            raise json.JSONDecodeError(" ".join(str(error).split()), text, 0) from None
        raise json.JSONDecodeError(f"a number of more than {limit} digits", text, long_number.start()) from None


def _split_front_matter(text: str) -> tuple[Mapping[str, object] | None, str]:
    """(front matter, body) of a Markdown file; None when the file has no front matter."""
    start = _FRONT_MATTER_START.match(text)
    if start is None:
        return None, text
    end = _FRONT_MATTER_END.search(text, start.end())
    if end is None:
        raise _Unreadable("malformed YAML front matter: no closing '---' line")
    try:
        front_matter = yaml.safe_load(text[start.end() : end.start()])
    except (yaml.YAMLError, RecursionError) as error:
        raise _Unreadable(f"malformed YAML front matter: {_yaml_problem(error)}") from None
    if front_matter is None:
        return {}, text[end.end() :]
    if not isinstance(front_matter, dict):
        raise _Unreadable("malformed YAML front matter: expected 'key: value' lines")
    return front_matter, text[end.end() :]


def _yaml_problem(error: yaml.YAMLError | RecursionError) -> str:
    """The parser's complaint in one line, with the line number counted in the whole file."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        # +2: the mark counts from 0 and the front matter starts on the file's second line.
        return f"{error.problem} (line {error.problem_mark.line + 2})"
    return " ".join(str(error).split())


def _header_metadata(text: str) -> dict[str, str | None]:
    """Metadata from a sample-style header on the first non-blank line; empty when there is none."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    header = _HEADER_LINE.fullmatch(first_line)
    if header is None:
        return {}
    title_and_dateline = header["title_and_dateline"]
    title_end = _DATELINE_START.search(title_and_dateline) or _SENTENCE_BREAK.search(title_and_dateline)
    return {
        "title": title_and_dateline[: title_end.start()] if title_end else title_and_dateline,
        "published": _iso_date(header["published"]),
        "author": header["author"],
        "outlet": _domain_of_contact(header["contact"]),
    }


def _metadata_from_mapping(mapping: Mapping[str, object]) -> dict[str, str | None]:
    """Article metadata from Markdown front matter or a JSON record."""
    url = _text_value(mapping.get("url"))
    outlet_names = (_text_value(mapping.get(key)) for key in ("outlet", "site", "publisher"))
    outlet = next(filter(None, outlet_names), None)
    published = next((mapping[key] for key in ("published", "date") if mapping.get(key) is not None), None)
    return {
        "title": _text_value(mapping.get("title")),
        "published": _iso_date(published),
        "author": _text_value(mapping.get("author")),
        "outlet": outlet or _domain_of_url(url),
        "url": url,
    }


def _text_value(value: object) -> str | None:
    """A metadata value as text: lists (several authors) joined, numbers (a title like 1984) kept."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return ", ".join(filter(None, map(_text_value, value))) or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _iso_date(value: object) -> str | None:
    """YYYY-MM-DD for a date, datetime or date string in a common format; None when unreadable."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(value.strip()).date().isoformat()
    for date_format in _DATE_FORMATS:
        with contextlib.suppress(ValueError):
            return datetime.strptime(value.strip(), date_format).date().isoformat()
    # RFC 2822, as in RSS feeds and e-mail headers.
    with contextlib.suppress(TypeError, ValueError):
        return parsedate_to_datetime(value).date().isoformat()
    return None


def _domain_of_contact(contact: str | None) -> str | None:
    """The outlet's domain from a byline's e-mail address or URL."""
    if contact and "@" in contact:
        return contact.rpartition("@")[2].lower().removeprefix("www.")
    return _domain_of_url(contact)


def _domain_of_url(url: str | None) -> str | None:
    if not url:
        return None
    hostname = urlsplit(url if "//" in url else f"//{url}").hostname
    return hostname.removeprefix("www.") if hostname else None


# An Article's sha256 is of the file's raw bytes (single-article files) or of a record's canonical JSON.
def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _walk_folder(root: Path) -> list[tuple[Path, str]]:
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            if not name.startswith("."):
                path = Path(folder, name)
                found.append((_absolute_path(path), path.relative_to(root).as_posix()))
    return sorted(found, key=lambda pair: pair[1])


def _absolute_path(path: str | Path) -> Path:
    # abspath, not resolve(): a symlink keeps its own name and so its own suffix.
    return Path(os.path.abspath(path))


_READERS: dict[str, Callable[[bytes, str], list[Article | IngestError]]] = {
    ".txt": _read_plain_text,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".json": _read_json,
    ".jsonl": _read_json_lines,
}
SUPPORTED_SUFFIXES = set(_READERS)
