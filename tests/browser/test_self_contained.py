"""Self-contained pages in a real browser: opening a report, the index or the explorer makes no request to
any host but the page's own. Every request is recorded; one to another origin fails the test (and is
aborted, so that the test never reaches the network)."""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlsplit

import nbformat
import pytest

from icdd_analysis.report.manifest import render_index
from icdd_analysis.report.render import render_html

from . import explorer_page as ui
from .conftest import free_port


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _Requests(list):
    own: dict[str, str]


@pytest.fixture
def foreign_requests(page):
    """Requests the page makes to other origins (data: and blob: URLs are the page's own)."""
    seen = _Requests()
    own: dict[str, str] = {}

    def route(route, request):
        url = request.url
        if url.startswith(("data:", "blob:", "about:")) or _origin(url) == own.get("origin"):
            route.continue_()
        else:
            seen.append(url)
            route.abort()

    page.context.route("**/*", route)
    seen.own = own
    return seen


@pytest.fixture
def site(tmp_path):
    """A folder with a report page (text, a table, an image, dollar signs) and an index, served on 127.0.0.1."""
    cell = nbformat.v4.new_code_cell("display(x)")
    png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
    cell.metadata["tags"] = []
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/markdown": "# Report\n\n| a | b |\n|---|---|\n| $5 | $6 |"}),
        nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"},
                                metadata={"image/png": {"alt": "a one-pixel figure"}}),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    (tmp_path / "r").mkdir()
    nbformat.write(nb, tmp_path / "r" / "report.ipynb")
    render_html(tmp_path / "r" / "report.ipynb", tmp_path / "r" / "report.html")
    manifest = {"generator": "test", "reports": {"r": {"status": "ok", "notebook": "n.ipynb", "parameters": {},
                                                       "finished": "", "seconds": 1}}}
    (tmp_path / "index.html").write_text(render_index(manifest), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()


@pytest.mark.parametrize("path", ["r/report.html", "index.html"])
def test_a_report_and_the_index_request_nothing_from_other_hosts(site, page, foreign_requests, path):
    foreign_requests.own["origin"] = _origin(site)
    page.goto(site + path, wait_until="networkidle")
    assert page.locator("body").inner_text().strip()
    assert foreign_requests == []


def test_the_explorer_requests_nothing_from_other_hosts(voila_url, page, foreign_requests):
    foreign_requests.own["origin"] = _origin(voila_url)
    page.goto(voila_url, wait_until="commit")
    ui.wait_for_explorer(page)
    ui.wait_ready(page, "en")
    page.wait_for_load_state("networkidle")
    assert foreign_requests == []
