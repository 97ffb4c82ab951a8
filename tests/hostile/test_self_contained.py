"""Self-contained pages (fast, no browser): a report, the index and a sweep summary hold no script, style
sheet, image or frame from another host. tests/browser/test_self_contained.py opens them in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from icdd_analysis.report.manifest import render_index
from icdd_analysis.report.render import render_html

#: A reference that makes a browser fetch something: src=, href= of a <link>, CSS url() and @import.
FETCHES = re.compile(r"""<(?:script|img|iframe|audio|video|source|embed)\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)"""
                     r"""|<link\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)"""
                     r"""|url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""", re.IGNORECASE)


def external(html: str) -> list[str]:
    found = [next(g for g in m.groups() if g) for m in FETCHES.finditer(html)]
    return [u for u in found if re.match(r"(?i)(https?:)?//", u)]


def rendered(tmp_path: Path, markdown: str) -> str:
    cell = nbformat.v4.new_code_cell("display(Markdown(text))")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": markdown})]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Report"), cell])
    source, page = tmp_path / "r.ipynb", tmp_path / "report.html"
    nbformat.write(nb, source)
    render_html(source, page)
    return page.read_text(encoding="utf-8")


def test_a_report_page_loads_nothing_from_another_host(tmp_path):
    page = rendered(tmp_path, "Some **text** and a [link](https://example.org) to read.")
    assert external(page) == []
    assert "mathjax" not in page.lower() and "require.js" not in page and "mermaid" not in page.lower()


def test_a_report_with_dollar_signs_still_loads_no_mathjax(tmp_path):
    page = rendered(tmp_path, "Costs $5 and $6, and $x^2$ as written.")
    assert external(page) == [] and "MathJax.Hub" not in page and "cdnjs" not in page


def test_the_index_loads_nothing_from_another_host():
    manifest = {"generator": "t", "reports": {"a": {"status": "ok", "notebook": "n.ipynb", "parameters": {},
                                                    "finished": "", "seconds": 1, "sweep": "s"}}}
    assert external(render_index(manifest)) == []
