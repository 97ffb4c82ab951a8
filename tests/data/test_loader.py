"""The loader: a clear error for each kind of bad input, naming the file, row, field and what would be valid."""

from __future__ import annotations

import pytest

import icdd_analysis as icdd


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
