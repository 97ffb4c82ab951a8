"""Display helpers: Markdown tables with localised headers and escaped cells, citations."""

from __future__ import annotations

import pandas as pd

from icdd_analysis import present as nr


def test_md_table_escapes_pipes_keeps_numbers_as_written_and_localises_headers():
    table = nr.md_table(pd.DataFrame({"sources": ["[A1] | x"], "value": ["0.40"]}), "id")
    assert "| sumber" in table and "nilai" in table
    assert "0.40" in table and "\\|" in table



def test_cite_merges_ids_in_order_without_repeats():
    assert nr.cite("A2", "A1;A2", None, "") == "[A2, A1]"
    assert nr.cite(None) == ""
