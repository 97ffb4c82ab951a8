"""Rendering: the page's title, language and figures' text alternatives from the executed notebook."""

from __future__ import annotations

from html.parser import HTMLParser

import nbformat

from icdd_analysis import report


def test_report_title_comes_from_the_first_heading():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "intro\n# Judul laporan\n"})]
    assert report.report_title(nb) == "Judul laporan"


#: A one-pixel PNG.
PIXEL = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def figure_cell(alt: str | None, tags: tuple[str, ...] = ()):
    cell = nbformat.v4.new_code_cell("", metadata={"tags": list(tags)})
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": PIXEL},
                                           metadata={"image/png": {"alt": alt}} if alt is not None else {})]
    return cell


def image_alts(page: str) -> list[str]:
    """Each <img>'s alt attribute as a browser reads it (entities decoded)."""
    alts = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attributes: alts.extend(v for k, v in attributes if tag == "img" and k == "alt")
    parser.feed(page)
    return alts


def rendered(tmp_path, cells) -> str:
    path = tmp_path / "r.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    report.render_html(path, tmp_path / "r.html")
    return (tmp_path / "r.html").read_text(encoding="utf-8")


def test_each_figure_has_its_outputs_alt_text_escaped_and_cells_removed_from_the_report_do_not_shift_them(tmp_path):
    page = rendered(tmp_path, [
        figure_cell("a note's figure, not in the report", tags=(report.REMOVE_TAG,)),
        figure_cell("Gambar: kesinambungan agenda"),
        figure_cell('"><script>alert(1)</script>'),
    ])
    assert image_alts(page) == ["Gambar: kesinambungan agenda", '"><script>alert(1)</script>']
    assert "<script>alert" not in page and "a note's figure" not in page


def test_a_figure_without_alt_metadata_keeps_nbconverts_own_text(tmp_path):
    page = rendered(tmp_path, [figure_cell(None), figure_cell("")])
    assert image_alts(page) == ["No description has been provided for this image"] * 2
