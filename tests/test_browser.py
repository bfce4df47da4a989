"""End to end: `quotetrack serve` in a subprocess, its pages rendered by headless Chromium.

The server and the browser are driven by scripts/screenshot.py, the script that makes the README's pictures.
"""

import importlib.util
import re
import shutil
import struct
from pathlib import Path

import pytest
from test_datasette import article, build_db, quote, sample_articles

from quotetrack.records import Speaker

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "screenshot.py"
_spec = importlib.util.spec_from_file_location("screenshot", SCRIPT)
screenshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshot)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(screenshot.CHROMIUM) is None,
                       reason="Chromium is not installed (Debian: apt-get install chromium)"),
]

# If the page ran any of this, the title Chromium reports would change.
HOSTILE_TEXT = "<script>document.title='ran'</script> <img src=x onerror=\"document.title='ran'\">"
FACETS = ("speaker", "speaker_type", "via", "kind", "cue", "outlet", "published")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    hostile = article("hostile.html", HOSTILE_TEXT, title="Hostile <script>document.title='ran'</script>",
                      published="2024-06-01")
    hostile_quote = quote(HOSTILE_TEXT, "direct", HOSTILE_TEXT[HOSTILE_TEXT.index("<img"):], 0, "say", "<script>",
                          Speaker("<script>document.title='ran'</script>"), "<script>document.title='ran'</script>")
    db_path = build_db(tmp_path_factory.mktemp("served") / "quotes.db",
                       [*sample_articles(), (hostile, [hostile_quote])])
    with screenshot.serving(db_path) as base_url:
        yield base_url, db_path


def test_quotes_facets_and_article_highlights_render_in_chromium(served, tmp_path):
    base_url, db_path = served
    pages = screenshot.pages(db_path, article_id=1)

    quotes_dom = screenshot.dump_dom(base_url + pages["quotes-facets.png"])
    for facet in FACETS:
        assert f'data-column="{facet}"' in quotes_dom, facet
    assert re.search(r'<a href="[^"]*kind=indirect[^"]*">indirect</a> 6', quotes_dom)

    article_dom = screenshot.dump_dom(base_url + pages["article-view.png"])
    assert article_dom.count('class="quote-anchor"') == 5
    assert re.search(r'class="quote quote-indirect quote-direct" href="/quotes/quotes/1"[^>]*>This visit', article_dom)
    assert '<span class="speaker" title="speaker of quote 2">the Korean Central News Agency' in article_dom

    for name, path in pages.items():
        picture = screenshot.screenshot(base_url + path, tmp_path / name)
        header = picture.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", name
        assert struct.unpack(">II", header[16:24]) == (1280, 1600), name


def test_hostile_article_is_shown_not_run_in_chromium(served):
    base_url, _ = served
    dom = screenshot.dump_dom(f"{base_url}/quotes/articles/4/text")
    assert "<title>Hostile &lt;script&gt;document.title='ran'&lt;/script&gt;</title>" in dom
    assert "&lt;img src=x onerror=\"document.title='ran'\"&gt;</a>" in dom
    assert 'id="q11"' in dom
