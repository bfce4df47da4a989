"""Why a database path cannot be used, in one line, before a command opens it (None when it can).

SQLite's own errors come late and raw ("file is not a database", "attempt to write a readonly database") and
only once a run has started; these checks read the path and probe the folder only, never change a file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from quotetrack import store


def writable_db_problem(path: str | Path) -> str | None:
    """None when a run can create or update the quotetrack database at `path`; else why not, in one line."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return _creatable_problem(path)
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if stat.S_ISDIR(mode):
        return "a folder, not a database file"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    reason = _header_problem(path)
    if reason:
        return reason
    if not _can_open_for_writing(path):
        return "a read-only file"
    folder = path.parent
    if not _can_create_in(folder):
        return f"its folder {folder} is read-only (SQLite writes its -wal and -shm files beside the database)"
    return None


def served_db_problem(path: str | Path) -> str | None:
    """None when `path` is a quotetrack database `serve` can read; else why not, in one line."""
    if not Path(path).exists():
        return "no such file; run `quotetrack extract` first"
    return store.is_quotetrack_db(path)


def _header_problem(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            header = file.read(len(store.SQLITE_HEADER))
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if header and header != store.SQLITE_HEADER:
        return "not a SQLite database"
    return None


def _creatable_problem(path: Path) -> str | None:
    """Why neither the file nor its missing folders can be created (store.open_db creates the folders)."""
    existing = next(folder for folder in path.parents if folder.exists() or folder == folder.parent)
    if not existing.is_dir():
        return f"its folder cannot be created: {existing} is a file"
    if not _can_create_in(existing):
        missing = "" if existing == path.parent else f" and its folder {path.parent} does not exist"
        return f"{existing} is read-only{missing}"
    return None


def _can_open_for_writing(path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))
    except OSError:
        return False
    return True


def _can_create_in(folder: Path) -> bool:
    """A real probe, not os.access: permission bits say nothing for root, a read-only mount or an immutable folder."""
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=".quotetrack-probe-")
    except OSError:
        return False
    os.close(descriptor)
    os.unlink(probe)
    return True
