"""Rendering: the page's title, language and figures' text alternatives from the executed notebook."""

from __future__ import annotations

import nbformat

from icdd_analysis import report


def test_report_title_comes_from_the_first_heading():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "intro\n# Judul laporan\n"})]
    assert report.report_title(nb) == "Judul laporan"
