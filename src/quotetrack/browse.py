"""Browse a quotetrack database in Datasette: read-only, on loopback, with metadata.yml and the plugin.

metadata.yml is package data (src/quotetrack/metadata.yml); the metadata.yml at the top of a checkout is a
symlink to it, so `datasette db/quotes.db -m metadata.yml` reads the same file.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import uvicorn
import yaml
from datasette.app import Datasette

from .store import is_quotetrack_db

METADATA = files("quotetrack") / "metadata.yml"
# The `databases:` section of metadata.yml is written for this name (db/quotes.db).
METADATA_DATABASE = "quotes"


def datasette_instance(db_path: str | Path) -> Datasette:
    """A Datasette serving the database at `db_path` read-only, configured by metadata.yml.

    The metadata's `quotes` section applies whatever the file is called; its `settings` become
    Datasette settings. The plugin comes in through its entry point.
    """
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    settings = metadata.pop("settings")
    # Datasette names a database after its file's stem.
    metadata["databases"] = {Path(db_path).stem: metadata["databases"][METADATA_DATABASE]}
    # A mutable (not immutable) file: Datasette reads it with mode=ro while an extraction may write.
    return Datasette([str(db_path)], metadata=metadata, settings=settings)


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the database at `db_path` until interrupted.

    Raises FileNotFoundError when there is no file there, ValueError (saying why in one line) when the file is
    not a quotetrack database, before anything is served.
    """
    if not Path(db_path).exists():
        raise FileNotFoundError(f"no database at {db_path}; run `quotetrack extract` first")
    reason = is_quotetrack_db(db_path)
    if reason:
        raise ValueError(f"{db_path} is not a quotetrack database: {reason}")
    uvicorn.run(datasette_instance(db_path).app(), host=host, port=port, lifespan="on")
