"""The `quotetrack` command: one subcommand per verb, options only; the work is done elsewhere."""

from __future__ import annotations

import json
import sys

import click

from quotetrack import __version__
from quotetrack.analysis import DEFAULT_ARTICLE_TIMEOUT

DEFAULT_DB = "db/quotes.db"
MODEL_HELP = "Stanza models: 'bundled' (default, offline), 'official' (STANZA_RESOURCES_DIR) or a folder path."


@click.group()
@click.version_option(__version__, prog_name="quotetrack")
def cli():
    """Find direct and reported quotes in news articles, who said them and who they are credited to."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, help="SQLite database to write.")
@click.option("--model", default="bundled", show_default=True, help=MODEL_HELP)
@click.option("--parse", type=click.Choice(["selective", "all"]), default="selective", show_default=True,
              help="Parse only the sentences that can hold an attribution, or every sentence.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="NLP worker processes (default: one per core / --threads, 2 GB of memory each).")
@click.option("--threads", type=int, default=None, help="Torch threads per worker (default: cores / workers).")
@click.option("--batch-size", default=16, show_default=True, help="Articles handed to Stanza per call.")
@click.option("--dask", "dask_address", default=None, help="Run the NLP on this Dask scheduler (tcp://host:8786).")
@click.option("--force", is_flag=True, help="Re-extract files whose content is already stored.")
@click.option("--max-bytes", default=20 * 1024 * 1024, show_default=True, help="Skip files larger than this.")
@click.option("--article-timeout", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_ARTICLE_TIMEOUT, show_default=True,
              help="Seconds the NLP may spend on one article; one that takes longer is recorded as an error "
              "(not enforced with --dask).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def extract(paths, db_path, model, parse, workers, threads, batch_size, dask_address, force, max_bytes,
            article_timeout, quiet):
    """Extract the quotes in PATHS (files and folders, walked recursively) into --db."""
    from quotetrack import store
    from quotetrack.extract import RunOptions, print_summary, run_extract
    from quotetrack.nlp import ModelNotFound

    _refuse_unwritable_db(db_path)
    db = store.open_db(db_path)
    from quotetrack.extract import default_workers

    workers = workers or default_workers(threads)
    options = RunOptions(model=model, parse=parse, workers=workers, threads=threads, batch_size=batch_size,
                         force=force, max_bytes=max_bytes, dask_address=dask_address,
                         article_timeout=article_timeout)
    with _progress(quiet) as progress:
        try:
            report = run_extract(paths, db, options, progress=progress)
        except ModelNotFound as error:
            raise click.ClickException(str(error)) from error
    print_summary(report, db)
    if report.failed:
        sys.exit(1)


def _refuse_unwritable_db(db_path: str) -> None:
    from quotetrack.dbguard import writable_db_problem

    problem = writable_db_problem(db_path)
    if problem:
        raise click.ClickException(f"cannot use {db_path} as the database: {problem}")


class _progress:
    """A tqdm bar (articles/s, quotes found) on a terminal; nothing when piped or --quiet."""

    def __init__(self, quiet: bool):
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(unit=" articles", desc="extracting", file=sys.stderr)

    def __enter__(self):
        if self.bar is None:
            return None

        def update(articles: int, quotes: int) -> None:
            self.bar.update(articles - self.bar.n)
            self.bar.set_postfix(quotes=quotes, refresh=False)

        return update

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()


@cli.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--db", "db_path", default=None, help="Reuse (or fill) this database instead of a temporary one.")
@click.option("--model", default="bundled", show_default=True, help=MODEL_HELP)
@click.option("--parse", type=click.Choice(["selective", "all"]), default="selective", show_default=True)
@click.option("--workers", default=1, show_default=True)
@click.option("--limit", type=int, default=None, help="Score only the first N articles (sorted).")
@click.option("--errors", "error_examples", default=0, help="Print N examples of each error kind.")
@click.option("--predictions", type=click.Path(dir_okay=False), help="Also write predictions as JSON lines.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--ablation", is_flag=True, help="Score with each main attribution rule switched off in turn.")
@click.option("--cache", type=click.Path(dir_okay=False),
              help="Keep the parses in this file and score attribution on them (no database).")
@click.option("--referents", type=click.Path(exists=True, dir_okay=False),
              help="Score resolved speakers against this referent file (default: GOLD_DIR's referents.tsv or "
                   "its parent's).")
def evaluate(gold_dir, db_path, model, parse, workers, limit, error_examples, predictions, as_json, ablation, cache,
             referents):
    """Score extraction against PolNeAR-style gold (GOLD_DIR/text, GOLD_DIR/attributions)."""
    from quotetrack import evaluate as scoring

    if db_path is not None:
        _refuse_unwritable_db(db_path)
    if ablation:
        table = scoring.ablation(gold_dir, model=model, parse=parse, limit=limit, cache=cache)
        click.echo(json.dumps(table, indent=2) if as_json else scoring.format_ablation(table))
        return

    result = scoring.evaluate_folder(gold_dir, db_path=db_path, model=model, parse=parse, workers=workers,
                                     limit=limit, predictions_path=predictions, cache=cache, referents=referents)
    if as_json:
        click.echo(json.dumps(result.figures, indent=2))
    else:
        click.echo(scoring.format_figures(result.figures))
    if "referent_articles" not in result.figures:
        click.echo("resolved-speaker accuracy: not scored, no referent rows for these articles; it needs "
                   "--referents FILE", err=True)
    if error_examples:
        click.echo(scoring.format_errors(result, error_examples))


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
def serve(db_path, host, port):
    """Browse the database in Datasette, read-only, with the project's metadata and plugin."""
    from quotetrack.browse import serve as run_server
    from quotetrack.dbguard import served_db_problem

    problem = served_db_problem(db_path)
    if problem:
        raise click.ClickException(f"cannot serve {db_path}: {problem}")
    run_server(db_path, host=host, port=port)


@cli.group()
def models():
    """Train, fetch and check Stanza models."""


@models.command("download")
@click.option("--lang", default="en", show_default=True)
def models_download(lang):
    """Fetch Stanza's official models into STANZA_RESOURCES_DIR (needs network access)."""
    from quotetrack.models_check import download_official

    click.echo(download_official(lang))


@models.command("check")
@click.option("--model", default="bundled", show_default=True, help=MODEL_HELP)
@click.option("--ud", "ud_dir", envvar="QUOTETRACK_UD", required=True,
              help="Folder holding en_ewt, en_gum, uner_en_ewt (or set QUOTETRACK_UD).")
@click.option("--limit", type=int, default=None, help="Sentences per test set (default: all).")
def models_check(model, ud_dir, limit):
    """Accuracy of the models on EWT test, GUM test and UNER test, and the pipeline's words/second."""
    from quotetrack.models_check import check_model

    for name, value in check_model(model, ud_dir=ud_dir, limit=limit).items():
        click.echo(f"{name}: {value:.2f}")


if __name__ == "__main__":
    cli()
