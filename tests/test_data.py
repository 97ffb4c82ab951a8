"""The loader: typed tables, the Event API, reprs, and a clear error for each kind of bad input."""

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


def test_load_accepts_folder_or_descriptor_path(package_copy):
    by_folder = icdd.load(package_copy.folder)
    by_file = icdd.load(str(package_copy.descriptor))
    assert by_folder.event_ids == by_file.event_ids
    assert repr(by_folder).startswith("<icdd Dataset (pkg)")


def test_missing_package_names_the_path(tmp_path):
    with pytest.raises(icdd.DataPackageError, match="no such data package descriptor"):
        icdd.load(tmp_path / "nowhere")


# --- one test per kind of bad input; each asserts the message names what is wrong -------------


def _load_error(package_copy) -> str:
    with pytest.raises(icdd.DataPackageError) as info:
        icdd.load(package_copy.folder)
    return str(info.value)


def test_missing_column_is_named_with_the_expected_columns(package_copy):
    rows = package_copy.rows("people")
    col = rows[0].index("position_as_stated")
    package_copy.write("people", [r[:col] + r[col + 1:] for r in rows])
    message = _load_error(package_copy)
    assert "people.csv, header row" in message
    assert "'position_as_stated' missing" in message
    assert "Expected columns: role_id, person_id" in message
    assert message.count("\n") == 0  # one clear problem, not a cascade of row errors


def test_wrong_type_names_file_row_field_and_valid_form(package_copy):
    row = package_copy.set_cell("events", "icdd-2021", "countries_stated", "twenty-one")
    message = _load_error(package_copy)
    assert f"events.csv, row {row}, field 'countries_stated': 'twenty-one' is not valid; expected a whole number" in message


def test_bad_date_names_file_row_field_and_format(package_copy):
    row = package_copy.set_cell("events", "rcdd-2019", "start_date", "2019-09-31")
    message = _load_error(package_copy)
    assert f"events.csv, row {row}, field 'start_date': '2019-09-31' is not valid; expected a date as YYYY-MM-DD" in message


def test_bad_enum_lists_the_valid_values(package_copy):
    row = package_copy.set_cell("agenda_items", "icdd-2021-fa-1", "confidence", "certain")
    message = _load_error(package_copy)
    assert f"agenda_items.csv, row {row}, field 'confidence': 'certain' is not valid; expected one of high, medium, low" in message


def test_missing_required_value_is_named(package_copy):
    row = package_copy.set_cell("participants", "icdd-2021", "source_id", "")
    message = _load_error(package_copy)
    assert f"participants.csv, row {row}, field 'source_id': a value is required" in message


def test_duplicate_id_is_named(package_copy):
    rows = package_copy.rows("sources")
    rows.append(list(rows[1]))  # a second A1
    package_copy.write("sources", rows)
    message = _load_error(package_copy)
    assert f"sources.csv, row {len(rows)}, field 'source_id': duplicate id 'A1'" in message


def test_dangling_foreign_key_names_the_missing_target(package_copy):
    row = package_copy.set_cell("agenda_items", "icdd-2021-fa-2", "source_id", "A99")
    message = _load_error(package_copy)
    assert f"agenda_items.csv, row {row}, field 'source_id': 'A99' does not exist in sources.csv (column source_id)" in message


def test_dangling_event_reference_names_events_table(package_copy):
    row = package_copy.set_cell("documents", "bali-message-2021", "event_id", "icdd-2020")
    message = _load_error(package_copy)
    assert f"documents.csv, row {row}, field 'event_id': 'icdd-2020' does not exist in events.csv" in message


def test_unknown_id_in_more_source_ids_is_named(package_copy):
    row = package_copy.set_cell("events", "icdd-2021", "more_source_ids", "A1;A77")
    message = _load_error(package_copy)
    assert f"events.csv, row {row}, field 'more_source_ids': 'A77' does not exist in sources.csv" in message


def test_variant_pointing_at_missing_row_or_column_is_named(package_copy):
    row = package_copy.set_cell("variants", "icdd-theme-new-era", "record_id", "icdd-2021-theme-9")
    package_copy.set_cell("variants", "fa5-id-antara", "field", "text_indonesian")
    message = _load_error(package_copy)
    assert f"variants.csv, row {row}, field 'record_id': 'icdd-2021-theme-9' is not a row of agenda_items.csv" in message
    assert "'text_indonesian' is not a column of agenda_items.csv; valid: item_id" in message


def test_preferred_variant_must_match_the_table(package_copy):
    package_copy.set_cell("agenda_items", "icdd-2021-theme", "text_en", "Unmasking Digital Diplomacy")
    message = _load_error(package_copy)
    assert "preferred variant 'Unmasking Digital Diplomacy in The New Normal' differs" in message


def test_duplicate_item_position_is_named(package_copy):
    row = package_copy.set_cell("agenda_items", "icdd-2021-fa-5", "position", "4")
    message = _load_error(package_copy)
    assert f"agenda_items.csv, row {row}, field 'position': event 'icdd-2021' already has a focus_area at position 4" in message


def test_many_problems_are_summarised_not_dumped(package_copy):
    rows = package_copy.rows("participants")
    col = rows[0].index("confidence")
    for r in rows[1:]:
        r[col] = "sure"
    package_copy.write("participants", rows)
    message = _load_error(package_copy)
    assert message.count("is not valid") == 12
    assert "... and 25 more problem(s)." in message


def test_descriptor_without_a_required_resource_is_named(package_copy):
    import json

    descriptor = json.loads(package_copy.descriptor.read_text())
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "variants"]
    package_copy.descriptor.write_text(json.dumps(descriptor))
    message = _load_error(package_copy)
    assert "resource(s) variants missing" in message
