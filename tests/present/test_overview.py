"""The overview report's sections (notebook 01) in English and Indonesian, and its sources list."""

from __future__ import annotations

import pytest

from icdd_analysis import IcddError, present as nr


@pytest.mark.parametrize("lang", ["en", "id"])
def test_overview_sections(ds, lang):
    intro = nr.overview_intro(ds, lang)
    assert intro.startswith("# Indonesia's" if lang == "en" else "# Konferensi diplomasi digital")
    assert "RCDD 2019" in intro and "ICDD 2021" in intro
    table = nr.conferences_table(ds, lang)
    thousands = "\\~4,300" if lang == "en" else "\\~4.300"  # CLDR: 4,300 in English, 4.300 in Indonesian
    assert "Hotel Mulia, Jakarta" in table and thousands in table and "&gt;200" in table  # escaped, shown as ~ and >
    assert ("not found" if lang == "en" else "tidak ditemukan") in table  # RCDD's format is unknown, not guessed
    assert "\\[A10, A1, A2" in table
    note = nr.countries_note(ds, "rcdd-2019", "icdd-2021", lang)
    assert "15" in note and "Myanmar" in note
    assert ("Chile, Fiji, Finland, South Africa, United Kingdom, United States" if lang == "en"  # the data's names
            else "Afrika Selatan, Amerika Serikat, Cile, Fiji, Finlandia, Inggris Raya") in note  # CLDR's, sorted
    assert "Sumber" in nr.countries_table(ds, "rcdd-2019", "icdd-2021", "id")
    assert "Peningkatan kapasitas dan inklusi digital" in nr.agenda_table(ds, "icdd-2021", lang, kinds="focus_area")
    assert "unresolved" in nr.variants_table(ds, "en") and "belum terselesaikan" in nr.variants_table(ds, "id")
    sources = nr.sources_section(ds, ["A2", "S2"], lang)
    # the publisher's name in the source's language (marked on a page in another language)
    assert ('**\\[A2\\]** <span lang="id">detikNews</span>, 17 Nov 2021 (news, Indonesian). <https://news.detik.com/' if lang == "en" else
            "**\\[A2\\]** detikNews, 17 November 2021 (berita, bahasa Indonesia). <https://news.detik.com/") in sources
    # a title only where it was read, marked as the source's English words on an Indonesian page
    assert ("“Indonesia's Role in Digital Diplomacy" if lang == "en"
            else "“<span lang=\"en\">*Indonesia's Role in Digital Diplomacy") in sources



def test_unknown_language_is_a_clear_error(ds):
    with pytest.raises(IcddError, match="unknown report language 'de'"):
        nr.overview_intro(ds, "de")
