"""Report sections: Markdown tables with localised headers, sources cited, language-specific prose."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import icdd_analysis as icdd  # noqa: E402
from icdd_analysis import IcddError, narrative as nr  # noqa: E402


def test_md_table_escapes_pipes_keeps_numbers_as_written_and_localises_headers():
    table = nr.md_table(pd.DataFrame({"sources": ["[A1] | x"], "value": ["0.40"]}), "id")
    assert "| sumber" in table and "nilai" in table
    assert "0.40" in table and "\\|" in table


def test_cite_merges_ids_in_order_without_repeats():
    assert nr.cite("A2", "A1;A2", None, "") == "[A2, A1]"
    assert nr.cite(None) == ""


@pytest.mark.parametrize("lang", ["en", "id"])
def test_overview_sections(ds, lang):
    intro = nr.overview_intro(ds, lang)
    assert intro.startswith("# Indonesia's" if lang == "en" else "# Konferensi diplomasi digital")
    assert "RCDD 2019" in intro and "ICDD 2021" in intro
    table = nr.conferences_table(ds, lang)
    assert "Hotel Mulia, Jakarta" in table and "\\~4,300" in table and "&gt;200" in table  # escaped, shown as ~ and >
    assert ("not found" if lang == "en" else "tidak ditemukan") in table  # RCDD's format is unknown, not guessed
    assert "\\[A10, A1, A2" in table
    note = nr.countries_note(ds, "rcdd-2019", "icdd-2021", lang)
    assert "15" in note and "Myanmar" in note and "Chile, Fiji, Finland, South Africa, United Kingdom, United States" in note
    assert "Sumber" in nr.countries_table(ds, "rcdd-2019", "icdd-2021", "id")
    assert "Peningkatan kapasitas dan inklusi digital" in nr.agenda_table(ds, "icdd-2021", lang, kinds="focus_area")
    assert "unresolved" in nr.variants_table(ds, "en") and "belum terselesaikan" in nr.variants_table(ds, "id")
    sources = nr.sources_section(ds, ["A2", "S2"], lang)
    assert "**\\[A2\\]** detikNews, 17 Nov 2021 (news, id). <https://news.detik.com/" in sources
    assert "“Indonesia's Role in Digital Diplomacy" in sources  # a title only where it was read


def test_figures_draw(ds):
    for fig in (nr.timeline_figure(ds, "en"), nr.countries_figure(ds, "rcdd-2019", "icdd-2021", "id")):
        assert fig.get_axes()
        plt.close(fig)


def test_comparison_sections(ds):
    comps = [icdd.compare(ds, method=m) for m in ("coding", "tfidf")]
    intro = nr.compare_intro(ds, comps, "id")
    assert intro.startswith("# Dari RCDD 2019 ke ICDD 2021") and "sumbu buatan proyek ini" in intro
    assert "focus area" in intro and "session" in intro
    links = nr.links_table(comps, "en")
    assert "rcdd-2019-session-2 (1.00)" in links and "rcdd-2019-session-2 (0.45)" in links
    assert "continued" in nr.continuity_table(comps, "en") and "berlanjut" in nr.continuity_table(comps, "id")
    agr = icdd.agreement(ds)
    assert "Cohen's κ" in nr.agreement_table(agr, "en") and "0.84" in nr.agreement_table(agr, "en")
    rob = icdd.robustness(ds, methods=("tfidf",), n_permutations=10)
    assert "F3 (crisis management and communication) continued" in nr.robustness_table(rob, comps[0].frame, "en")
    assert "kode berlanjut" in nr.permutation_table(rob, "id")
    short = nr.in_short(comps[0], rob, "en")
    assert "continued F3, F4, F6; new F5; dropped none" in short
    assert "## What this does not show" in nr.limits("en", 8) and "8 label pendek" in nr.limits("id", 8)


def test_unknown_language_is_a_clear_error(ds):
    with pytest.raises(IcddError, match="unknown report language 'de'"):
        nr.overview_intro(ds, "de")
