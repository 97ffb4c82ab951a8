"""Words for the data on a page: event names, dates, scopes and shares in the page's language."""

from __future__ import annotations

import pandas as pd

from icdd_analysis.present import labels


def test_an_event_is_named_by_its_short_name_and_year_and_its_full_name_in_the_pages_language(ds):
    assert labels.event_name(ds, "rcdd-2019") == "RCDD 2019"
    assert labels.full_name(ds.event("rcdd-2019"), "id") == "Konferensi Regional Diplomasi Digital"


def test_a_date_range_is_written_once_by_the_languages_pattern():
    start, end = pd.Timestamp("2021-11-16"), pd.Timestamp("2021-11-17")
    assert labels.dates_text(start, end, "id") == "16–17 November 2021"  # not the whole date twice
    assert labels.dates_text(start, pd.NaT, "id") == "16 November 2021"
    assert labels.date_text(None) == ""


def test_scopes_and_shares_are_words_in_the_pages_language():
    assert labels.scope_text("sessions", "id") == "sesi"
    assert labels.scope_text("panel+theme", "id") == "panel + tema"  # kinds joined, not a preset
    assert labels.scope_pair_text(("sessions", "focus_areas"), "en") == "sessions → focus areas"
    assert labels.scope_key(("sessions", "focus_areas")) == "sessions → focus_areas"  # data, not shown
    assert labels.share_text(0.5, "id") == "50%" and labels.share_text(float("nan")) == "–"


def test_missing_means_none_or_nan_not_an_empty_string():
    assert labels.is_missing(None) and labels.is_missing(float("nan")) and not labels.is_missing("")
