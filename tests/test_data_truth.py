"""Every sentence true: the data's values and what the reports say of them hold against the fact sheet's levels
and the schema's own rules (the December 2026 truth review, issue 18)."""

from __future__ import annotations

import re

import pytest

from icdd_analysis import narrative as nr

MONTHS_EN = r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"


def _source_lines(ds, lang: str) -> dict[str, str]:
    section = nr.sources_section(ds, list(ds.sources["source_id"]), lang)
    return {re.search(r"\\\[(\w+)\\\]", line).group(1): line for line in section.splitlines() if line.startswith("- ")}


def test_x1_indonesian_source_lists_date_every_source_the_english_one_dates(ds):
    en, idn = _source_lines(ds, "en"), _source_lines(ds, "id")
    stated = ds.sources.set_index("source_id")["published_as_stated"].fillna("")
    for sid, line in idn.items():
        says_undated = str(stated[sid]).startswith("undated")
        assert ("tanpa tanggal" in line) == says_undated, line
        # every year the English line gives, the Indonesian line gives too
        for year in re.findall(r"\b(?:19|20)\d\d\b", en[sid].split(" http")[0].split("<http")[0]):
            assert year in line, (sid, en[sid], line)
        assert not re.search(MONTHS_EN, line.split(" <http")[0]), line  # no English month on the Indonesian page
    assert "sekitar 8-9 November 2021" in idn["A5"] and "Agustus 2022" in idn["A20"] and "2026" in idn["P1"]
    assert "sekitar Januari 2020" in idn["S14"] and "tanpa tanggal (setelah September 2019)" in idn["S7"]


@pytest.mark.parametrize("stated, expected", [
    ("c. 13-15 Nov 2021", "sekitar 13-15 November 2021"),
    ("Nov 2021 (reports 8 Nov)", "November 2021 (memberitakan 8 November)"),
    ("undated (pre-event 2021)", "tanpa tanggal (sebelum acara 2021)"),
    ("one menu snapshot, about 2020-22", "satu cuplikan menu, sekitar 2020-22"),
    ("Geneva Plan of Action, 2003", "Rencana Aksi Jenewa, 2003"),
    ("2017-2018", "2017-2018"),
])
def test_x1_stated_dates_in_indonesian(stated, expected):
    assert nr.stated_date_in(stated, "id") == expected
    assert nr.stated_date_in(stated, "en") == stated


def test_x7_jakarta_message_row_takes_its_lowest_value_confidence(ds):
    doc = ds.documents.set_index("document_id").loc["jakarta-message-2019"]
    # fact sheet §2.8: existence High, content Medium-High, exact title Medium; a row takes the lowest (a range: lower)
    assert doc["confidence"] == "medium"
    assert "Medium-High" in doc["notes"] and "title Medium" in doc["notes"]


def test_x8_wsis_c9_widening_is_flagged(ds):
    book = ds.codebook.set_index(["frame_id", "code"])
    c9 = book.loc[("wsis", "C9")]
    assert bool(c9["widened"]) and "rcdd-2019-emphasis-2" in c9["widened_note_en"]
    assert "rcdd-2019-emphasis-2" in c9["widened_note_id"] and c9["published_definition_en"] == "Action Line C9: Media."
