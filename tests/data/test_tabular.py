"""The one CSV reader: the same bytes sniffed the same way, refused with a fix by the strict reader (a data
package) and read by the tolerant one (a student's coding file)."""

from __future__ import annotations

import pytest

from icdd_analysis.data.tabular import UNCLOSED, read_table, tolerant_rows
from icdd_analysis.errors import DataPackageError, UnreadableTableError

COLUMNS = ["item_id", "frame_id", "code"]
TEXT = "item_id,frame_id,code\nicdd-2021-fa-1,function,F1\n"


def _strict(tmp_path, data: bytes):
    file = tmp_path / "codings.csv"
    file.write_bytes(data)
    return read_table("codings", "codings.csv", file)


def test_utf8_with_or_without_a_byte_order_mark_reads_the_same_in_both_modes(tmp_path):
    for data in (TEXT.encode(), b"\xef\xbb\xbf" + TEXT.encode()):
        table = _strict(tmp_path, data)
        assert table.header == COLUMNS and table.rows == [["icdd-2021-fa-1", "function", "F1"]]
        assert tolerant_rows(data, COLUMNS) == [(1, COLUMNS), (2, ["icdd-2021-fa-1", "function", "F1"])]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_is_refused_by_the_strict_reader_and_read_by_the_tolerant_one(tmp_path, encoding):
    data = ("\ufeff" if encoding == "utf-16-be" else "") + TEXT
    raw = data.encode(encoding)
    with pytest.raises(DataPackageError, match=r"^codings\.csv: UTF-16 text \(Excel's 'Unicode Text'\), expected UTF-8"):
        _strict(tmp_path, raw)
    assert tolerant_rows(raw, COLUMNS)[1] == (2, ["icdd-2021-fa-1", "function", "F1"])


def test_a_nul_byte_is_refused_by_both_modes(tmp_path):
    raw = TEXT.encode() + b"\x00rest"
    with pytest.raises(DataPackageError, match=r"^codings\.csv, line 3: NUL byte at byte"):
        _strict(tmp_path, raw)
    with pytest.raises(UnreadableTableError):
        tolerant_rows(raw, COLUMNS)


def test_a_semicolon_file_is_refused_with_the_fix_or_read_by_its_header(tmp_path):
    raw = TEXT.replace(",", ";").encode("cp1252")
    with pytest.raises(DataPackageError, match=r"^codings\.csv, header row: the columns are separated by ';'"):
        _strict(tmp_path, raw)
    assert tolerant_rows(raw, COLUMNS)[1] == (2, ["icdd-2021-fa-1", "function", "F1"])


def test_an_unclosed_quote_is_an_error_or_a_marked_row(tmp_path):
    raw = (TEXT + 'icdd-2021-fa-2,function,"F2\nicdd-2021-fa-3,function,F3\n').encode()
    with pytest.raises(DataPackageError, match=r"^codings\.csv, row 3: a quote opened on line 3 is never closed"):
        _strict(tmp_path, raw)
    assert tolerant_rows(raw, COLUMNS)[-1] == (3, [UNCLOSED, "4"])
