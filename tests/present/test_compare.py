"""The comparison report's sections (notebook 02): introduction, links, continuity, agreement, limits."""

from __future__ import annotations

import icdd_analysis as icdd
from icdd_analysis import present as nr


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



def test_compare_intro_names_the_scopes_and_the_items_left_out(ds):
    import warnings

    from icdd_analysis.items import MissingTextWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTextWarning)
        comps = [icdd.compare(ds, method="tfidf", lang="id", baseline_scope="stated_agenda")]
    intro = nr.compare_intro(ds, comps, "en")
    assert "RCDD 2019: 8 items" in intro and "scope *whole stated agenda*" in intro
    assert "by TF-IDF, in Indonesian, on the frame *Diplomatic function*" in intro  # which texts were compared
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
