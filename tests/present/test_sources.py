"""The list of sources a page cites: dates as the source states them, in the page's language."""

from __future__ import annotations

from icdd_analysis.present import sources


def test_a_stated_date_keeps_its_words_in_english_and_translates_them_in_indonesian():
    assert sources.stated_date_in("c. 8-9 Nov 2021", "en") == "c. 8-9 Nov 2021"
    assert sources.stated_date_in("c. 8-9 Nov 2021", "id") == "sekitar 8-9 November 2021"
