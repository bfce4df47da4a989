"""Datasette plugin: articles with their quotes highlighted in place, links both ways, charts over time.

Pages (registered by `register_routes`), next to Datasette's own row pages:
  /DB/articles/ID/text      the article text, every quote, cue and speaker mention marked
  /DB/speakers/ID/timeline  one speaker's quotes per month
  /DB/-/charts              quotes per month for the most-quoted speakers and by speaker type
Everything taken from the database is escaped; only markup built here is marked safe.
Requests other than GET and HEAD are refused, so nothing served can write.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files

from datasette import hookimpl
from datasette.utils import is_url, tilde_decode
from datasette.utils.asgi import NotFound, Response, asgi_static
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

from .store import QUOTE_KINDS

PLUGIN = "quotetrack"
TEMPLATES = files("quotetrack") / "templates"
STATIC = files("quotetrack") / "static"
TOP_SPEAKERS = 6
# Tableau 10, a palette whose neighbouring colours stay distinguishable in stacked bars.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
           "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")

ARTICLE_QUOTES_SQL = """
select
  quotes.id, quotes.kind, quotes.text, quotes.start, quotes."end", quotes.cue, quotes.cue_text, quotes.rule,
  quotes.cue_start, quotes.cue_end, quotes.speaker_text, quotes.speaker_start, quotes.speaker_end, quotes.speaker_id,
  speakers.name as speaker, via.name as via
from quotes
left join speakers on speakers.id = quotes.speaker_id
left join speakers as via on via.id = quotes.via_id
where quotes.article_id = :article_id
order by quotes.start, quotes.id
"""

TOP_SPEAKERS_SQL = """
select speakers.id, speakers.name, speakers.type, count(*) as quotes
from quotes join speakers on speakers.id = quotes.speaker_id
group by speakers.id order by quotes desc, speakers.name limit :limit
"""

# Quotes per month and series; `series` and `where` are SQL fragments written in this module.
MONTHLY_SQL = """
select substr(articles.published, 1, 7) as month, {series} as series, count(*) as quotes
from quotes
join articles on articles.id = quotes.article_id
left join speakers on speakers.id = quotes.speaker_id
where articles.published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' and {where}
group by month, series
"""


@hookimpl
def prepare_jinja2_environment(env):
    # A plugin that is a module (not a package) gets no templates folder from Datasette; add ours.
    # Datasette's loaders come first, so --template-dir can still override these pages.
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])


@hookimpl
def register_routes():
    return [
        (r"^/(?P<database>[^/]+)/articles/(?P<id>\d+)/text$", article_text),
        (r"^/(?P<database>[^/]+)/speakers/(?P<id>\d+)/timeline$", speaker_timeline),
        (r"^/(?P<database>[^/]+)/-/charts$", charts),
        (rf"^/-/static-plugins/{PLUGIN}/(?P<path>.*)$", asgi_static(str(STATIC))),
    ]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins(PLUGIN, "quotetrack.css")]


@hookimpl
def asgi_wrapper():
    return refuse_writes


def refuse_writes(app):
    """Wrap an ASGI app so that only GET and HEAD get through: no request can write, whatever is enabled."""

    async def read_only(scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD"):
            response = Response.text("Read-only: only GET and HEAD are allowed.", status=405,
                                     headers={"Allow": "GET, HEAD"})
            await response.asgi_send(send)
            return
        await app(scope, receive, send)

    return read_only


@hookimpl
def menu_links(datasette):
    async def links():
        return [
            {"href": charts_url(datasette, name), "label": f"Quote charts: {name}"}
            for name, db in datasette.databases.items()
            if await db.table_exists("quotes")
        ]

    return links


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Links: article titles to their text, quotes to their place in it, speakers to their timeline."""
    if table is None:
        return _query_result_link(row, value, column, database, datasette)
    if column == "title" and table in ("articles", "quotes_view"):
        article_id = _column(row, "id" if table == "articles" else "article_id")
        if article_id is not None:
            return _link(article_text_url(datasette, database, article_id), value or "(untitled)")
    if column == "text" and table in ("quotes", "quotes_view"):
        article_id, quote_id = _column(row, "article_id"), _column(row, "id")
        if article_id is not None and quote_id is not None:
            return _link(f"{article_text_url(datasette, database, article_id)}#q{quote_id}", value)
    if (table, column) == ("speakers", "name"):
        speaker_id = _column(row, "id")
        if speaker_id is not None:
            return _link(speaker_timeline_url(datasette, database, speaker_id), value)
    return None


def article_text_url(datasette, database: str, article_id: int) -> str:
    return f"{datasette.urls.row(database, 'articles', article_id)}/text"


def speaker_timeline_url(datasette, database: str, speaker_id: int) -> str:
    return f"{datasette.urls.row(database, 'speakers', speaker_id)}/timeline"


def charts_url(datasette, database: str) -> str:
    return f"{datasette.urls.database(database)}/-/charts"


async def article_text(datasette, request):
    db = await _database(datasette, request, "articles")
    article_id = int(request.url_vars["id"])
    article = (await db.execute("select * from articles where id = ?", [article_id])).first()
    if article is None:
        raise NotFound("Article not found")
    quotes = (await db.execute(ARTICLE_QUOTES_SQL, {"article_id": article_id})).rows
    quotes_url = datasette.urls.table(db.name, "quotes")
    quote_list = [dict(quote) for quote in quotes]
    for quote in quote_list:
        quote["kind_class"] = kind_class(quote["kind"])
        quote["speaker_url"] = quote["speaker_id"] and speaker_timeline_url(datasette, db.name, quote["speaker_id"])
    context = {
        "database": db.name,
        "table": "articles",
        "article": dict(article),
        "original_url": article["url"] if is_url(article["url"]) else None,
        "row_url": datasette.urls.row(db.name, "articles", article_id),
        "highlighted": highlight(article["text"] or "", quotes, quotes_url),
        "quotes_url": quotes_url,
        "quotes": quote_list,
    }
    return Response.html(await datasette.render_template("quotetrack_article.html", context, request=request))


async def speaker_timeline(datasette, request):
    db = await _database(datasette, request, "speakers")
    speaker_id = int(request.url_vars["id"])
    speaker = (await db.execute("select * from speakers where id = ?", [speaker_id])).first()
    if speaker is None:
        raise NotFound("Speaker not found")
    monthly = await _monthly(db, "quotes.kind", "quotes.speaker_id = :speaker_id", {"speaker_id": speaker_id})
    context = {
        "database": db.name,
        "table": "speakers",
        "speaker": dict(speaker),
        "aliases": [alias for alias in json.loads(speaker["aliases"] or "[]") if alias != speaker["name"]],
        "row_url": datasette.urls.row(db.name, "speakers", speaker_id),
        "quotes_url": f"{datasette.urls.table(db.name, 'quotes')}?speaker_id={speaker_id}",
        "charts_url": charts_url(datasette, db.name),
        "chart": monthly_chart(monthly, f"Quotes of {speaker['name']} per month, by kind"),
    }
    return Response.html(await datasette.render_template("quotetrack_speaker.html", context, request=request))


async def charts(datasette, request):
    db = await _database(datasette, request, "quotes")
    top = (await db.execute(TOP_SPEAKERS_SQL, {"limit": TOP_SPEAKERS})).rows
    by_speaker = await _monthly(
        db, "speakers.name", "quotes.speaker_id in (select value from json_each(:ids))",
        {"ids": json.dumps([speaker["id"] for speaker in top])},
    )
    by_type = await _monthly(db, "coalesce(speakers.type, 'unattributed')", "true", {})
    context = {
        "database": db.name,
        "top_speakers": [
            dict(speaker, url=speaker_timeline_url(datasette, db.name, speaker["id"])) for speaker in top
        ],
        "speaker_chart": monthly_chart(by_speaker, f"Quotes per month of the {len(top)} most-quoted speakers"),
        "type_chart": monthly_chart(by_type, "Quotes per month by speaker type"),
    }
    return Response.html(await datasette.render_template("quotetrack_charts.html", context, request=request))


@dataclass(frozen=True)
class _Mark:
    """A stretch of article text that belongs to one quote: its content, its cue or its speaker mention."""

    start: int
    end: int
    role: str  # quote | cue | speaker
    quote: Mapping

    @property
    def classes(self) -> tuple[str, ...]:
        return ("quote", kind_class(self.quote["kind"])) if self.role == "quote" else (self.role,)


def kind_class(kind: str) -> str:
    """The CSS class that styles quotes of `kind`."""
    return f"quote-{kind if kind in QUOTE_KINDS else 'other'}"


_MARKED_SPANS = (("quote", "start", "end"), ("cue", "cue_start", "cue_end"),
                 ("speaker", "speaker_start", "speaker_end"))


def highlight(text: str, quotes: Sequence[Mapping], quotes_url: str) -> Markup:
    """`text` as HTML with every quote, cue and speaker mention wrapped in place, however they overlap.

    The text is cut at every span boundary; each piece carries the classes of all spans covering it
    and links to the innermost quote covering it (`quotes_url`/ID). Each quote's first piece is
    preceded by an anchor `#q<ID>`. Offsets outside the text are clipped.
    """
    marks = [mark for quote in quotes for mark in _marks(quote, len(text))]
    boundaries = sorted({0, len(text), *(mark.start for mark in marks), *(mark.end for mark in marks)})
    pieces = []
    for start, end in itertools.pairwise(boundaries):
        pieces += [
            Markup('<span class="quote-anchor" id="q{}"></span>').format(mark.quote["id"])
            for mark in marks
            if mark.role == "quote" and mark.start == start
        ]
        covering = [mark for mark in marks if mark.start <= start and end <= mark.end]
        pieces.append(_piece(text[start:end], covering, quotes_url))
    return Markup("").join(pieces)


def _marks(quote: Mapping, length: int):
    for role, start_column, end_column in _MARKED_SPANS:
        start, end = quote[start_column], quote[end_column]
        if start is not None and end is not None and max(start, 0) < min(end, length):
            yield _Mark(max(start, 0), min(end, length), role, quote)


def _piece(text: str, covering: list[_Mark], quotes_url: str) -> Markup:
    if not covering:
        return escape(text)
    classes = " ".join(dict.fromkeys(name for mark in covering for name in mark.classes))
    quotes = [mark for mark in covering if mark.role == "quote"]
    if not quotes:
        owner = covering[0].quote
        return Markup('<span class="{}" title="{} of quote {}">{}</span>').format(
            classes, covering[0].role, owner["id"], text
        )
    innermost = min(quotes, key=lambda mark: (mark.end - mark.start, -mark.start)).quote
    return Markup('<a class="{}" href="{}/{}" title="{} quote {}: {}">{}</a>').format(
        classes, quotes_url, innermost["id"], innermost["kind"], innermost["id"],
        innermost["speaker"] or "no speaker", text,
    )


def monthly_chart(rows: Sequence[Mapping], title: str) -> Markup:
    """A stacked bar chart of quotes per month as inline SVG with its legend.

    `rows` hold month ('YYYY-MM'), series and quotes; months without quotes between the first and
    the last are drawn empty. Series are stacked largest first.
    """
    if not rows:
        return Markup("<p class='chart-empty'>{}: no dated quotes.</p>").format(title)
    counts = {(row["month"], row["series"]): row["quotes"] for row in rows}
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["series"]] = totals.get(row["series"], 0) + row["quotes"]
    series = sorted(totals, key=lambda name: (-totals[name], str(name)))
    colours = dict(zip(series, itertools.cycle(PALETTE), strict=False))
    months = _month_range(min(counts)[0], max(counts)[0])
    tallest = max(sum(counts.get((month, name), 0) for name in series) for month in months)

    width, height, left, bottom, top = 720, 240, 40, 28, 10
    plot_height = height - bottom - top
    slot = (width - left) / len(months)
    bar_width = min(slot * 0.8, 48)
    shapes = [
        Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>').format(
            left, top + plot_height, width, top + plot_height),
        Markup('<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>').format(left - 4, top + 10, tallest),
        Markup('<text x="{}" y="{}" class="tick" text-anchor="end">0</text>').format(left - 4, top + plot_height),
    ]
    label_every = math.ceil(len(months) / 8)
    for index, month in enumerate(months):
        x = left + index * slot + (slot - bar_width) / 2
        stacked = 0
        for name in series:
            count = counts.get((month, name), 0)
            if count:
                bar = count / tallest * plot_height
                stacked += bar
                shapes.append(Markup(
                    '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}">'
                    "<title>{} · {}: {}</title></rect>"
                ).format(x, top + plot_height - stacked, bar_width, bar, colours[name], month, name, count))
        if index % label_every == 0:
            shapes.append(Markup('<text x="{:.1f}" y="{}" class="tick" text-anchor="middle">{}</text>').format(
                x + bar_width / 2, height - 8, month))
    legend = [
        Markup('<li><span class="swatch" style="background: {}"></span>{} ({})</li>').format(
            colours[name], name, totals[name])
        for name in series
    ]
    return Markup(
        '<figure class="chart"><figcaption>{}</figcaption>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>'
        '<ul class="chart-legend">{}</ul></figure>'
    ).format(title, width, height, title, Markup("").join(shapes), Markup("").join(legend))


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


async def _monthly(db, series: str, where: str, params: dict) -> list:
    return (await db.execute(MONTHLY_SQL.format(series=series, where=where), params)).rows


async def _database(datasette, request, table: str):
    """The database named in the URL, once the actor may see `table` in it."""
    try:
        db = datasette.get_database(route=tilde_decode(request.url_vars["database"]))
    except KeyError:
        raise NotFound("Database not found") from None
    await datasette.ensure_permissions(
        request.actor, [("view-table", (db.name, table)), ("view-database", db.name), "view-instance"]
    )
    if not await db.table_exists(table):
        raise NotFound(f"{db.name} has no {table} table")
    return db


def _query_result_link(row, value, column: str, database: str, datasette) -> Markup | None:
    """In query results (the canned queries), ids named as metadata.yml names them become links."""
    if not isinstance(value, int):
        return None
    if column in ("quote_id", "first_quote_id"):
        return _link(datasette.urls.row(database, "quotes", value), value)
    if column == "article_id":
        quote_id = _column(row, "quote_id")
        anchor = f"#q{quote_id}" if quote_id is not None else ""
        return _link(f"{article_text_url(datasette, database, value)}{anchor}", value)
    if column == "speaker_id":
        return _link(speaker_timeline_url(datasette, database, value), value)
    return None


def _column(row, name: str):
    """The raw value of `name` in a table row (None if the column is not shown); labels are unwrapped."""
    if name not in row.keys():  # noqa: SIM118 - `in` on a sqlite3.Row looks at its values
        return None
    value = row[name]
    return value["value"] if isinstance(value, dict) else value


def _link(href: str, text) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)

