"""The loaded data: typed tables, the Event API and reprs."""

from __future__ import annotations

import pandas as pd
import pytest

import icdd_analysis as icdd
from icdd_analysis.data import TABLES


def test_load_returns_every_table_as_a_dataframe(ds):
    for name in TABLES:
        frame = getattr(ds, name)
        assert isinstance(frame, pd.DataFrame)
        assert len(frame) > 0, name
    assert ds.event_ids[:3] == ["experts-meeting-2017", "seminar-2018", "rcdd-2019"]


def test_tables_are_typed_from_the_schema(ds):
    assert pd.api.types.is_datetime64_any_dtype(ds.events["start_date"])
    assert pd.api.types.is_datetime64_any_dtype(ds.sources["published"])
    assert ds.events["countries_stated"].dtype == "Int64"
    assert isinstance(ds.agenda_items["kind"].dtype, pd.CategoricalDtype)
    assert list(ds.agenda_items["confidence"].cat.categories) == ["high", "medium", "low"]
    assert ds.documents["full_text_public"].dtype == "boolean"
    # unknown stays missing, not an empty string or a made-up value
    rcdd = ds.events.set_index("event_id").loc["rcdd-2019"]
    assert pd.isna(rcdd["format"])
    assert rcdd["start_date"] == pd.Timestamp("2019-09-10")


def test_event_fields_and_related_tables(ds):
    ev = ds.event("icdd-2021")
    assert ev.name_en == "International Conference on Digital Diplomacy"
    assert ev.format == "hybrid"
    assert ev.countries_stated == 21
    assert ev.start_date == pd.Timestamp("2021-11-16")
    assert ev.theme == "Unmasking Digital Diplomacy in The New Normal"
    focus = ev.items(kind="focus_area")
    assert list(focus["position"]) == [1, 2, 3, 4, 5]
    assert set(ev.items(kind=["panel", "review_theme"])["kind"]) == {"panel", "review_theme"}
    assert len(ev.participants) == 21
    assert "opened" in set(ev.people["role"])
    assert "bali-message-2021" in set(ev.documents["document_id"])
    assert set(ev.side_events["event_id"]) == {"icdd-week-2021", "photo-exhibition-2021"}
    assert {"icdd-theme-new-era", "fa5-id-antara"} <= set(ev.variants["variant_id"])
    assert {"A2", "A10", "A19"} <= set(ev.sources["source_id"])
    assert ds.event("icdd-2021") is ev  # cached, cheap to call in a loop


def test_event_missing_field_is_none_and_unknown_field_is_a_clear_error(ds):
    ev = ds.event("rcdd-2019")
    assert ev.format is None
    with pytest.raises(AttributeError, match="fields: event_id"):
        ev.no_such_field


def test_unknown_item_kind_lists_valid_kinds(ds):
    with pytest.raises(icdd.DataPackageError, match="valid: theme, session"):
        ds.event("icdd-2021").items(kind="focus-area")


def test_unknown_event_id_lists_known_ids(ds):
    with pytest.raises(icdd.UnknownEventError) as info:
        ds.event("icdd-2022")
    message = str(info.value)
    assert "'icdd-2022'" in message
    assert "rcdd-2019" in message and "icdd-2021" in message
    assert not isinstance(info.value, KeyError)  # no bare KeyError with a quoted message


def test_reprs_are_short_and_informative(ds):
    text = repr(ds)
    assert text.startswith("<icdd Dataset (bundled): 8 events, 32 agenda items")
    assert "/" not in text  # no absolute path: notebook outputs must be the same on every machine
    ev = repr(ds.event("icdd-2021"))
    assert ev == (
        "<Event icdd-2021: International Conference on Digital Diplomacy, 2021-11-16, "
        "Conrad, Nusa Dua, Bali (hybrid); 21 countries; 21 agenda items>"
    )
    assert repr(ds.event("icdd-week-2021")).startswith("<Event icdd-week-2021: ICDD Week, 2021-11-13 to 2021-11-15")


def test_event_html_repr_shows_facts_items_and_sources(ds):
    page = ds.event("icdd-2021")._repr_html_()
    assert "<table>" in page and "International Conference on Digital Diplomacy" in page
    assert "Peningkatan kapasitas dan inklusi digital" in page
    assert "Sources: A1, A2" in page
    assert "<script" not in page
