"""The loader's second round: dates beyond the documented bound, duplicate-key messages that name the key,
key checks (now on text cells) with the loader's usual messages, malformed embeddings.csv."""

from __future__ import annotations

import pytest

import icdd_analysis as icdd
from icdd_analysis import data
from icdd_analysis.methods import embedding


def test_a_date_in_2099_is_refused_naming_the_bound(package_copy):
    row = package_copy.set_cell("events", "icdd-2021", "end_date", "2099-11-04")
    with pytest.raises(icdd.DataPackageError,
                       match=rf"events.csv, row {row}, field 'end_date': '2099-11-04' is later than {data.LATEST_DATE}"):
        icdd.load(package_copy.folder)


def test_the_last_allowed_date_loads(package_copy):
    package_copy.set_cell("events", "icdd-2021", "end_date", data.LATEST_DATE)
    assert icdd.load(package_copy.folder).events["end_date"].max().strftime("%Y-%m-%d") == data.LATEST_DATE


def test_a_duplicate_key_names_the_key_not_an_empty_id(package_copy):
    rows = package_copy.rows("events")
    package_copy.write("events", rows + [rows[1]])
    with pytest.raises(icdd.DataPackageError) as error:
        icdd.load(package_copy.folder)
    assert f"duplicate id {rows[1][0]!r}" in str(error.value) and "duplicate id ''" not in str(error.value)
    assert str(error.value).count("duplicate id") == 1  # one message per duplicate, not two


def test_a_duplicate_composite_key_names_every_part(package_copy):
    rows = package_copy.rows("frame_codes")
    package_copy.write("frame_codes", rows + [rows[1]])
    with pytest.raises(icdd.DataPackageError, match=rf"field 'frame_id, code': duplicate id \('{rows[1][0]}', '{rows[1][1]}'\)"):
        icdd.load(package_copy.folder)


def test_a_missing_reference_still_names_file_row_field_and_target(package_copy):
    row = package_copy.set_cell("agenda_items", package_copy.rows("agenda_items")[1][0], "event_id", "no-such-event")
    with pytest.raises(icdd.DataPackageError, match=rf"agenda_items.csv, row {row}, field 'event_id': 'no-such-event' "
                                                    r"does not exist in events.csv \(column event_id\)"):
        icdd.load(package_copy.folder)


def test_a_malformed_embedding_vector_names_file_row_and_field(tmp_path):
    store = tmp_path / embedding.STORE_FILE
    store.write_text(",".join(embedding.STORE_COLUMNS) + "\n" + "abc,item,x,en,t,m,1,2026-01-01,0.1 0.2\n"
                     + "def,item,y,en,t,m,1,2026-01-01,0.1 zz\n", encoding="utf-8")
    with pytest.raises(icdd.DataPackageError, match=r"embeddings.csv, row 3, field 'vector'"):
        embedding._read_store(str(store), 1.0)


@pytest.mark.parametrize("path", [123, b"data", ["data"], 1.5])
def test_a_path_that_is_not_text_is_a_clear_error_naming_the_parameter(path):
    with pytest.raises(icdd.DataPackageError, match="give the path of a data package") as error:
        icdd.load(path)
    assert error.value.parameter == "path"
