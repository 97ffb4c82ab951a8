"""Data strings are shown as text: in Markdown outputs, report.html, index.html and figure labels.

The end-to-end test renders a hostile copy of the bundled data package through both reports and parses
the HTML with a real parser (html.parser) to check that no element or attribute came from the data.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import icdd_analysis as icdd  # noqa: E402
from icdd_analysis import present as nr  # noqa: E402
from icdd_analysis.escaping import http_url, md_text, plot_text, safe_link  # noqa: E402


def render(markdown: str) -> str:
    """Markdown as report.html renders it (nbconvert's mistune renderer)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)


class Page(HTMLParser):
    """Every element (tag, attributes) of an HTML page, and its visible text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.scripts: list[str] = []
        self._texts: list[str] = []
        self._raw: list[str] = []  # the tags whose content is not page text
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple((k, v or "") for k, v in attrs)))
        if tag in ("script", "style"):
            self._raw.append(tag)
        if tag == "script":
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, tuple((k, v or "") for k, v in attrs)))

    def handle_endtag(self, tag):
        if self._raw and self._raw[-1] == tag:
            self._raw.pop()

    def handle_data(self, data):
        if not self._raw:
            self._texts.append(data)
        elif self._raw[-1] == "script":
            self.scripts[-1] += data

    @property
    def text(self) -> str:
        return " ".join("".join(self._texts).split())


# --- the helpers ------------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "![x](http://evil.invalid/x.png)",
    "[ref]: javascript:alert(1)",
    "<http://evil.invalid/>",
    "see http://evil.invalid and www.evil.invalid",
    "&lt;script&gt; and &#x3C;b>",
    "`code` *em* _em_ __strong__ ~~gone~~ # not a heading",
    "$x^2$ and \\(y\\) and $$z$$",
    "a \\ backslash \\[x](javascript:alert(1))",
    "cell | breaker\nsecond line\r\nthird",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_md_text_renders_as_the_same_text_and_nothing_else(value):
    page = Page(render(md_text(value)))
    assert [tag for tag, _ in page.elements if tag != "span"] == ["p"]
    assert all(attrs == (("class", "tex2jax_ignore mathjax_ignore"),) for tag, attrs in page.elements if tag == "span")
    assert page.text == " ".join(value.split())


def test_md_text_leaves_ordinary_text_alone():
    for text in ("F3 (crisis management and communication)", "diplomasi_digital", "0.40", "Cohen's κ", "-0.05",
                 "Kementerian Luar Negeri RI (Kemlu)", "ICDD 2021: 5 focus areas."):
        assert md_text(text) == text


def test_md_text_escapes_what_would_become_markup():
    assert md_text("<b>&") == "&lt;b&gt;&amp;"
    assert md_text("[x](y) ![i](j)") == "\\[x\\](y) !\\[i\\](j)"
    assert md_text("a|b\nc") == "a\\|b c"
    assert md_text("_x_ a_b") == "\\_x\\_ a_b"  # intraword underscores cannot make emphasis
    assert md_text("http://a.b www.c.d") == "http\\://a.b www\\.c.d"  # no GFM autolink
    assert "$" not in md_text("$x$") and "\\" not in md_text("\\(")  # MathJax never sees them


def test_table_cells_cannot_add_cells_rows_or_links():
    table = nr.md_table(pd.DataFrame({"a|b": ["x | y\n| z |", "[l](javascript:alert(1))"], "n": ["1", "2"]}))
    page = Page(render(table))
    assert [tag for tag, _ in page.elements].count("td") == 4 and [tag for tag, _ in page.elements].count("th") == 2
    assert not [e for e in page.elements if e[0] == "a"]
    assert "x | y | z |" in page.text and "[l](javascript:alert(1))" in page.text


@pytest.mark.parametrize("url", ["https://example.org/a_b?x=1&y=(2)", "http://example.org/", "HTTPS://Example.org/x"])
def test_safe_link_links_http_urls(url):
    page = Page(render(safe_link(None, url)))
    assert [(tag, dict(attrs).get("href")) for tag, attrs in page.elements] == [("p", None), ("a", url)]
    assert page.text == url
    named = Page(render(safe_link("the *site* [x]", url)))
    assert dict(named.elements[1][1])["href"] == url and named.text == "the *site* [x]"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<b>x",
                                 "vbscript:x", "file:///etc/passwd", "//evil.invalid/x", "evil.invalid", "http:/x",
                                 "http://exa mple.org\n", "mailto:a@b.c", "ftp://a.b/", None])
def test_safe_link_gives_plain_text_for_anything_but_http(url):
    assert http_url(url) is None
    page = Page(render("Link: " + safe_link(None, url)))
    assert [tag for tag, _ in page.elements if tag != "span"] == ["p"]
    assert page.text == " ".join(f"Link: {url or ''}".split())


def test_safe_link_encodes_what_could_end_the_link():
    href = http_url('https://a.b/x y<z>"q$\\')
    assert href == "https://a.b/x%20y%3Cz%3E%22q%24%5C"
    page = Page(render(safe_link("t", 'https://a.b/x)y<z>](w)')))
    assert [tag for tag, _ in page.elements] == ["p", "a"] and page.text == "t"


def test_plot_text_draws_dollars_instead_of_mathtext():
    fig, ax = plt.subplots()
    try:
        label = ax.set_title(plot_text("costs $5 and $\\undefinedcommand$"))
        fig.canvas.draw()  # an unknown command in mathtext would raise here
        assert not label._preprocess_math(label.get_text())[1]  # not parsed as math
        assert label._preprocess_math(label.get_text())[0] == "costs $5 and $\\undefinedcommand$"
        ax.set_title("$\\undefinedcommand$")
        with pytest.raises(ValueError):  # what plot_text prevents
            fig.canvas.draw()
    finally:
        plt.close(fig)


def test_feedback_shows_a_students_answer_as_text(ds):
    from icdd_analysis import teaching

    feedback = teaching.check("variant-source", "<img src=x onerror=alert(1)>", ds)
    page = Page(render(feedback._repr_markdown_()))
    assert "img" not in [tag for tag, _ in page.elements]
    assert "'<img src=x onerror=alert(1)>' is not a source id" in page.text


# --- a hostile data package through both reports ----------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]

#: Markers that must never be part of an element or attribute of a page (they only come from data).
FORBIDDEN = ("alert", "evil.invalid", "javascript:", "onerror", "onload")
#: A span marking verbatim text with its language: a two- or three-letter tag and nothing else.
VERBATIM_SPAN = re.compile(r"\('span', \(\('lang', '[a-z]{2,3}'\),\)\)")


class Package:
    def __init__(self, folder: Path):
        self.folder = folder

    def edit(self, table: str, where: dict[str, str], **values: str) -> None:
        path = self.folder / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        hits = [r for r in rows if all(r[k] == v for k, v in where.items())]
        assert len(hits) == 1, (table, where)
        hits[0].update(values)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


NAME = "International <script>alert('name')</script> Conference"
TEXT_ID = "Krisis [click](javascript:alert('text_id')) \\(x\\)"


def hostile_package(folder: Path) -> Path:
    shutil.copytree(icdd.bundled_path().parent, folder)
    pkg = Package(folder)
    pkg.edit("events", {"event_id": "icdd-2021"}, name_en=NAME,
             name_id="<img src=x onerror=alert('name_id')>", venue="Conrad | Hotel\nNusa", host='<a href="javascript:alert(1)">Kemlu</a>',
             notes="[click](javascript:alert('notes'))")
    pkg.edit("events", {"event_id": "rcdd-2019"}, short_name="RCDD [x](javascript:alert('short'))",
             name_en="Regional ![x](http://evil.invalid/name.png) Conference", city="Jakarta\n# Heading\n| a | b |")
    pkg.edit("agenda_items", {"item_id": "icdd-2021-fa-1"}, text_en="Crisis <script>alert('text_en')</script> `code` *em* $costs$",
             text_id=TEXT_ID, description_en="<iframe src=javascript:alert(1)>")
    for variant_id, value in (("icdd-name-official", NAME), ("fa1-id-detik", TEXT_ID)):  # preferred variants match the row
        pkg.edit("variants", {"variant_id": variant_id}, value=value)
    pkg.edit("agenda_items", {"item_id": "rcdd-2019-session-2"}, text_en="Session ![x](http://evil.invalid/i.png) | two\nlines")
    pkg.edit("agenda_items", {"item_id": "rcdd-2019-theme"}, text_en="Theme <svg onload=alert('theme')>")
    pkg.edit("sources", {"source_id": "A2"}, title="<script>alert('title')</script>", title_basis="stated",
             url="javascript:alert('url')", publisher="detik ![x](http://evil.invalid/p.png)")
    pkg.edit("sources", {"source_id": "S1"}, url="https://example.org/a_(b)?c=1&d=<e>")
    pkg.edit("variants", {"variant_id": "icdd-name-detik-idcc"}, value="<a href=javascript:alert('variant')>IDCC</a>")
    pkg.edit("participants", {"event_id": "icdd-2021", "iso3": "FJI"}, country_en="Fiji $\\undefinedcommand$ <b>x</b>")
    pkg.edit("frames", {"frame_id": "function"}, name="Function <script>alert('frame')</script>")
    pkg.edit("frame_codes", {"frame_id": "function", "code": "F3"}, label="crisis $\\undefinedcommand$ <img src=x onerror=alert(3)>")
    pkg.edit("documents", {"event_id": "icdd-2021"}, content_en="<object data=javascript:alert('doc')></object>")
    return folder


#: What the hostile package must show as visible text (whitespace collapsed), in one report or the other.
SHOWN = {
    "01-overview": ["International <script>alert('name')</script> Conference", "<img src=x onerror=alert('name_id')>",
                    "Conrad | Hotel Nusa", '<a href="javascript:alert(1)">Kemlu</a>', "RCDD [x](javascript:alert('short')) 2019",
                    "Regional ![x](http://evil.invalid/name.png) Conference", "Jakarta # Heading | a | b |",
                    "Crisis <script>alert('text_en')</script> `code` *em* $costs$", "Krisis [click](javascript:alert('text_id')) \\(x\\)",
                    "<script>alert('title')</script>", "javascript:alert('url')", "detik ![x](http://evil.invalid/p.png)",
                    "<a href=javascript:alert('variant')>IDCC</a>", "Fiji $\\undefinedcommand$ <b>x</b>",
                    "<object data=javascript:alert('doc')></object>"],
    "02-compare-agendas": ["Function <script>alert('frame')</script>", "Crisis <script>alert('text_en')</script> `code` *em* $costs$",
                           "Session ![x](http://evil.invalid/i.png) | two lines", "RCDD [x](javascript:alert('short')) 2019",
                           "crisis $\\undefinedcommand$ <img src=x onerror=alert(3)>"],
}


def run_report(notebook: str, data: Path | None, out: Path) -> Path:
    from icdd_analysis import report

    args = ["run", notebook, "--name", notebook, "--out", str(out), "-q"]
    args += ["-p", f"data={data}"] if data else []
    if notebook == "02-compare-agendas":
        args += ["-p", "method=tfidf", "-p", "n_permutations=5"]
    assert report.main(args) == 0, f"{notebook} failed; see {out}"
    return out / notebook


def normalised(element):
    """An element with figure images reduced to their kind (their pixels, and their alt text, which is the
    figure's titles, differ with the data; an attribute value is text, escaped by the page writer)."""
    tag, attrs = element
    return tag, tuple((k, "data:image/png" if v.startswith("data:image/png;base64,") else v) for k, v in attrs
                      if not (tag == "img" and k == "alt"))


def assert_nothing_live_from_data(page: Page, allowed: set):
    for element in page.elements:
        tag, attrs = element
        if normalised(element) in allowed:
            continue
        for name, value in attrs:
            # Heading ids (and in-page links to them) are made from heading text: inert, so allowed.
            if name == "id" or (tag == "a" and name == "href" and value.startswith("#")):
                continue
            assert not any(f in value.lower() or f in name.lower() for f in FORBIDDEN), element
            assert not name.lower().startswith("on"), element
        assert tag not in ("script", "img", "iframe", "object", "embed", "svg", "form", "style"), element
        if tag == "a":  # a link from data: to an http(s) URL or an anchor of this page only
            assert re.match(r"(?i)(https?://|#)", dict(attrs).get("href", "")), element
    assert not any(f in script for script in page.scripts for f in ("alert", "evil.invalid"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("escaping")
    data = hostile_package(root / "pkg<img src=x onerror=alert('folder')>")
    icdd.load(data)  # still a valid package
    for notebook in SHOWN:
        run_report(notebook, data, root / "hostile")
    return root / "hostile"


def reference_page(notebook: str, tmp_path: Path) -> Page:
    """The report page of the bundled data, rendered from the notebook's stored outputs (no kernel needed)."""
    from icdd_analysis import report

    report.render_html(ROOT / "notebooks" / f"{notebook}.ipynb", tmp_path / "reference.html")
    return Page((tmp_path / "reference.html").read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("notebook", list(SHOWN))
def test_hostile_package_is_shown_as_text_in_report_html(reports, notebook, tmp_path):
    page = Page((reports / notebook / "report.html").read_text(encoding="utf-8"))
    reference = reference_page(notebook, tmp_path)
    assert sum(tag == "img" for tag, _ in reference.elements) >= 2  # the reference has its figures
    # Everything the page has that the bundled data's page does not, came from the data: it must be inert.
    assert_nothing_live_from_data(page, {normalised(e) for e in reference.elements})
    assert page.scripts == reference.scripts  # the template's own scripts only
    for text in SHOWN[notebook]:
        assert text in page.text, text
    assert "pkg<img src=x onerror=alert('folder')>" in page.text  # the data folder's name, in the intro


@pytest.mark.slow
@pytest.mark.parametrize("notebook", list(SHOWN))
def test_markdown_outputs_of_the_notebook_hold_no_raw_html(reports, notebook):
    nb = json.loads((reports / notebook / "report.ipynb").read_text(encoding="utf-8"))
    outputs = [o["data"]["text/markdown"] for cell in nb["cells"] for o in cell.get("outputs", [])
               if "text/markdown" in o.get("data", {})]
    assert len(outputs) > 5
    for markdown in outputs:
        text = "".join(markdown) if isinstance(markdown, list) else markdown
        # The only raw HTML in a Markdown output (what JupyterLab renders) is the span that keeps $ from MathJax
        # and the span that marks verbatim text with its language (a plain language tag, nothing from data);
        # <https://…> is a Markdown autolink (only http(s) URLs are written so), not HTML.
        raw = Page(re.sub(r"<https?://[^<>\s]*>", "", text)).elements
        assert all(e == ("span", (("class", "tex2jax_ignore mathjax_ignore"),)) or VERBATIM_SPAN.fullmatch(str(e)) for e in raw), raw
        assert "<script" not in text.lower()


@pytest.mark.slow
def test_index_html_shows_the_data_path_as_text(reports):
    from icdd_analysis import report

    page = Page((reports / "index.html").read_text(encoding="utf-8"))
    # The same index with a harmless data path: its elements are the index's own.
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["reports"].values():
        entry["parameters"]["data"] = "harmless"
    reference = Page(report.render_index(manifest))
    assert_nothing_live_from_data(page, set(reference.elements))
    assert "pkg<img src=x onerror=alert('folder')>" in page.text


def test_html_text_and_attr_keep_data_as_text_in_html():
    from icdd_analysis.escaping import html_attr, html_text

    evil = '<b onclick="x">\'a\' & $b$\n\\(c\\)</b>'
    text = html_text(evil)
    assert text.count("mathjax_ignore") == 4
    text = re.sub(r'<span class="tex2jax_ignore mathjax_ignore">(&#\d+;)</span>', r"\1", text)
    assert "<" not in text and '"' not in text and "'" not in text and "\n" not in text
    assert "$" not in text and "\\" not in text  # MathJax sees no delimiter: each in a span it skips
    attr = html_attr(evil)
    assert "<" not in attr and '"' not in attr and "'" not in attr and "\n" not in attr and "$b$" in attr
