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


def test_figures_draw(ds):
    for fig in (nr.timeline_figure(ds, "en"), nr.countries_figure(ds, "rcdd-2019", "icdd-2021", "id")):
        assert fig.get_axes()
        plt.close(fig)


def test_comparison_sections(ds):
    comps = [icdd.compare(ds, method=m) for m in ("coding", "tfidf")]
    intro = nr.compare_intro(ds, comps, "id")
    assert intro.startswith("# Dari RCDD 2019 ke ICDD 2021") and "sumbu buatan proyek ini" in intro
    assert "area fokus" in intro and "sesi" in intro  # item kinds from the catalogue
    links = nr.links_table(comps, "en")
    assert "rcdd-2019-session-2 (1.00)" in links and "rcdd-2019-session-2 (0.45)" in links
    assert "continued" in nr.continuity_table(comps, "en") and "berlanjut" in nr.continuity_table(comps, "id")
    agr = icdd.agreement(ds)
    assert "Cohen's κ" in nr.agreement_table(agr, "en") and "0.84" in nr.agreement_table(agr, "en")
    rob = icdd.robustness(ds, methods=("tfidf",), n_permutations=10)
    assert "F3 (crisis management and communication) continued" in nr.robustness_table(rob, comps[0].frame, "en")
    assert "kode berlanjut" in nr.permutation_table(rob, "id")
    short = nr.in_short(ds, comps[0], rob, "en")
    assert "continued: F3, F4, F6; new: F5; dropped: none" in short
    assert "## What this does not show" in nr.limits("en", 8) and "8 label pendek" in nr.limits("id", 8)


def test_unknown_language_is_a_clear_error(ds):
    with pytest.raises(IcddError, match="unknown report language 'de'"):
        nr.overview_intro(ds, "de")


# --- scope, support and robustness in the report ----------------------------------------------------


def _with_function_coding(ds, rows):
    """``ds`` whose function-frame coding is exactly ``rows``: (item, code, evidence_field or None)."""
    import dataclasses

    others = ds.codings[ds.codings["frame_id"].astype(str) != "function"].astype(object)
    extra = pd.DataFrame([{"item_id": i, "frame_id": "function", "code": c, "rationale": "test", "coder": "project-2026",
                           **({"evidence_field": f, "basis": "item_text"} if f else {})} for i, c, f in rows])
    return dataclasses.replace(ds, codings=pd.concat([others, extra], ignore_index=True), _events={})


#: F3 on both sides everywhere; F4 only through session 3's Indonesian title (Medium, one blog [S7]);
#: F5 new against the sessions, but carried by the 2019 theme: continued once the theme is compared.
CONSTRUCTED = [("rcdd-2019-session-2", "F3", "text_en"), ("icdd-2021-fa-2", "F3", "text_id"),
               ("rcdd-2019-session-3", "F4", "text_id"), ("icdd-2021-fa-4", "F4", "text_id"),
               ("rcdd-2019-theme", "F5", "text_en"), ("icdd-2021-fa-5", "F5", "text_id")]
SCOPES = [("sessions", "focus_areas"), ("sessions+theme", "focus_areas")]


@pytest.fixture(scope="module")
def constructed(ds):
    mine = _with_function_coding(ds, CONSTRUCTED)
    rob = icdd.robustness(mine, methods=("coding",), langs=("en",), units=("label",), normalisations=("raw",),
                          top_ks=(1,), scopes=SCOPES, bases=(), n_permutations=5)
    return mine, icdd.compare(mine, method="coding"), rob


@pytest.mark.parametrize("lang", ["en", "id"])
def test_in_short_states_items_codes_confidence_share_and_scope_flag(constructed, lang):
    mine, reference, rob = constructed
    short = nr.in_short(mine, reference, rob, lang)
    lines = {line.split("**")[1].split(" (")[0]: line for line in short.splitlines() if line.startswith("- **F")}
    assert set(lines) == {"F3", "F4", "F5"}
    blog = {"en": "rcdd-2019-session-3 (Indonesian text, medium \\[S7\\], blog)",
            "id": "rcdd-2019-session-3 (teks bahasa Indonesia, sedang \\[S7\\], blog)"}[lang]
    only = {"en": "only through", "id": "hanya melalui"}[lang]
    assert f"{only} {blog}" in lines["F4"]
    lowest = {"en": "Each side has at least one text at this confidence or higher: {}.",
              "id": "Setiap sisi memiliki sedikitnya satu teks dengan tingkat keyakinan ini atau lebih tinggi: {}."}[lang]
    assert lowest.format({"en": "medium", "id": "sedang"}[lang]) in lines["F4"]
    assert lowest.format({"en": "high", "id": "tinggi"}[lang]) in lines["F3"]
    flag = {"en": "**Scope-dependent:**", "id": "**Bergantung pada cakupan:**"}[lang]
    assert flag in lines["F5"] and flag not in lines["F3"] and flag not in lines["F4"]
    # F5 is new in one scope of two: half the specifications, each scope's share named
    scopes = {"en": ("sessions → focus areas", "sessions and theme → focus areas"),
              "id": ("sesi → area fokus", "sesi dan tema → area fokus")}[lang]  # scopes as words (issue 10)
    assert "50%" in lines["F5"] and f"{scopes[0]}: 100%" in lines["F5"]
    assert f"{scopes[1]}: 0%" in lines["F5"]
    # the numbers come from the data: 3 sessions, 5 focus areas
    none_of = {"en": "none of the 3 RCDD 2019 items compared (sessions) carries it",
               "id": "tidak satu pun dari 3 butir RCDD 2019 yang dibandingkan (sesi) mendapat kode ini"}[lang]
    assert none_of in lines["F5"]
    assert {"en": "ICDD 2021 (5 items: focus areas)", "id": "ICDD 2021 (5 butir: area fokus)"}[lang] in short


def test_in_short_without_evidence_fields_uses_the_texts_in_the_report_language(ds):
    plain = _with_function_coding(ds, [(i, c, None) for i, c, _ in CONSTRUCTED])
    function = plain.codings[plain.codings["frame_id"].astype(str) == "function"]
    assert function["evidence_field"].isna().all()
    rob = icdd.robustness(plain, methods=("coding",), langs=("en",), units=("label",), normalisations=("raw",),
                          top_ks=(1,), scopes=SCOPES[:1], n_permutations=5)
    reference = icdd.compare(plain, method="coding")
    f5 = {lang: next(l for l in nr.in_short(plain, reference, rob, lang).splitlines() if l.startswith("- **F5"))
          for lang in ("en", "id")}
    assert "icdd-2021-fa-5 (English text: our summary or translation of the source, low" in f5["en"]  # N2, X6
    assert "icdd-2021-fa-5 (teks bahasa Indonesia, tinggi" in f5["id"]


def test_robustness_table_shows_each_scope_and_the_flag(constructed):
    mine, reference, rob = constructed
    table = nr.robustness_table(rob, reference.frame, "en")
    header = table.splitlines()[0]
    assert "all scopes (2)" in header and "sessions → focus areas (1)" in header and "sessions and theme → focus areas (1)" in header
    f5 = next(line for line in table.splitlines() if line.startswith("| F5"))
    cells = [c.strip() for c in f5.strip("|").split("|")]
    assert cells[1:] == ["50%", "100%", "0% †", "yes"]
    section = nr.robustness_section(rob, reference.frame, "id")
    assert "bergantung pada cakupan" in section and "semua cakupan (2)" in section


def test_compare_intro_names_the_scopes_and_the_items_left_out(ds):
    import warnings

    from icdd_analysis.items import MissingTextWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTextWarning)
        comps = [icdd.compare(ds, method="tfidf", lang="id", baseline_scope="stated_agenda")]
    intro = nr.compare_intro(ds, comps, "en")
    assert "RCDD 2019: 8 items" in intro and "scope *whole stated agenda*" in intro
    assert "Left out for lack of a text in Indonesian: rcdd-2019-aim-1, rcdd-2019-aim-2, rcdd-2019-emphasis-2." in intro
    assert "independent confirmation" in intro  # no longer "each method answers independently" (N11)


def test_no_item_count_is_written_into_a_string():
    from icdd_analysis.i18n import LANGS, messages, t

    words = ("eight", "delapan", "five", "lima", "three", "tiga")
    assert not [k for lang in LANGS for k, text in messages(lang).items() for w in words if f" {w} " in f" {text} "]
    assert "with 13 items" in t("permutation_note", "en", n=10, n_items=13)
    assert "dengan 13 butir" in t("permutation_note", "id", n=10, n_items=13)


def test_methods_are_listed_with_the_languages_list_pattern(ds):
    # CLDR's list pattern: PUEBI's serial comma before "dan" in Indonesian, "and" before the last in English
    comps = [icdd.compare(ds, method=m) for m in ("coding", "keywords", "tfidf")]
    assert "menggunakan pengodean proyek, kata kunci, dan TF-IDF, dalam" in nr.compare_intro(ds, comps, "id")
    assert "by project coding, keywords, and TF-IDF, in" in nr.compare_intro(ds, comps, "en")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_timeline_labels_sit_beside_their_markers_and_cover_none(ds, lang):
    """17.5: every line of a wrapped label starts (or ends) beside its own marker, no label covers a marker,
    and the axis ends near the last event instead of running on through empty years."""
    import matplotlib.pyplot as plt
    import numpy as np

    fig = nr.timeline_figure(ds, lang)
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    import matplotlib.dates as mdates

    markers = [ax.transData.transform((mdates.date2num(pd.Timestamp(line.get_xdata()[0])), float(line.get_ydata()[0])))
               for line in ax.lines if line.get_marker() == "o"]
    labels = [a for a in ax.texts]
    assert len(labels) == len(markers) == len(ds.events)
    for (mx, my), label in zip(markers, labels):
        box = label.get_window_extent(renderer)
        assert box.y0 - 1 <= my <= box.y1 + 1, label.get_text()  # on the marker's row, vertically centred on it
        assert box.x0 >= mx + 5 or box.x1 <= mx - 5, label.get_text()  # beside it, never over it
        assert label.get_horizontalalignment() in ("left", "right")
        for ox, oy in markers:
            assert not (box.x0 < ox < box.x1 and box.y0 < oy < box.y1), (label.get_text(), "covers a marker")
    last_year = max(ds.events["start_date"].max(), ds.events["end_date"].max()).year
    assert ax.get_xlim()[1] < mdates.date2num(pd.Timestamp(f"{last_year + 1}-06-30"))
    plt.close(fig)
