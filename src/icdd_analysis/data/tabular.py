"""CSV bytes to text rows: the one CSV reader of the package, strict for a data package, tolerant for a
student's coding file.

Both modes look at the bytes the same way (a UTF-8 byte-order mark, UTF-16, NUL bytes, the delimiter); they
differ in what they do with what they find. :func:`read_table` (strict, the loader's) refuses anything but a
UTF-8 comma CSV with a message naming the file, line and the fix; :func:`tolerant_rows` (the class-codings
reader's) decodes UTF-16, Windows-1252 and Latin-1, finds the delimiter, and marks an unclosed quote instead
of failing.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataPackageError, UnreadableTableError
from .guard import RESAVE_COMMA, RESAVE_UTF8, check_table_size, raise_problems

MAX_CELL_CHARS = 100_000
#: The byte-order marks of UTF-16 (Excel's 'Unicode Text'): the strict reader refuses it, the tolerant one reads it.
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: The delimiters the tolerant reader considers.
DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class Table:
    """One CSV read and checked: its header and rows as text (empty string for an empty cell)."""

    name: str
    path: str
    header: list[str]
    rows: list[list[str]]
    #: SHA-256 of exactly the bytes these rows were parsed from (the key of a validation record).
    digest: str = ""


def read_table(name: str, relative: str, file: Path, boolean_columns: tuple[str, ...] = ()) -> Table:
    """Read one CSV as text rows, with a clear error for each way it can fail to be a UTF-8 comma CSV.

    Cells of ``boolean_columns`` are lower-cased, so TRUE, True and true all load as true.
    """
    check_table_size(relative, file)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise DataPackageError(f"{relative}: cannot be read ({exc.strerror}).") from None
    if data.startswith(UTF16_BOMS):
        raise DataPackageError(
            f"{relative}: UTF-16 text (Excel's 'Unicode Text'), expected UTF-8. {RESAVE_UTF8}"
        )
    offset = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # Excel's 'CSV UTF-8' starts with a BOM: fine
    nul = data.find(b"\x00", offset)
    if nul >= 0:
        raise DataPackageError(
            f"{relative}, line {_line_of(data, nul)}: NUL byte at byte {nul}; a CSV is text and has "
            "none. The file is binary (a spreadsheet saved as .xlsx?) or UTF-16: save it as 'CSV UTF-8'."
        )
    try:
        text = data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + offset
        line_start = data.rfind(b"\n", 0, at) + 1
        raise DataPackageError(
            f"{relative}, line {_line_of(data, at)}, column {at - line_start + 1}: byte "
            f"0x{data[at]:02X} (byte {at} of the file) is not UTF-8. {RESAVE_UTF8}"
        ) from None
    if not text.strip():
        raise DataPackageError(f"{relative}: the file is empty; expected a header row and one row per record.")
    rows = _parse(relative, text)
    header = rows[0]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        separator = "';'" if ";" in header[0] else "tabs"
        raise DataPackageError(f"{relative}, header row: the columns are separated by {separator}. {RESAVE_COMMA}")
    seen: set[str] = set()
    twice = list(dict.fromkeys(c for c in header if c in seen or seen.add(c)))
    if twice:
        raise DataPackageError(
            f"{relative}, header row: column(s) {', '.join(map(repr, twice))} appear more than once; each column once."
        )
    problems = []
    width = len(header)
    for number, row in enumerate(rows[1:], start=2):
        if max(map(len, row), default=0) > MAX_CELL_CHARS:
            problems.append(
                f"{relative}, row {number}: a value longer than {MAX_CELL_CHARS:,} characters; a cell holds a fact or "
                "a short text (is a quote not closed?)."
            )
        elif len(row) != width:
            if not row:
                problems.append(f"{relative}, row {number}: blank row; remove it.")
            else:
                problems.append(
                    f"{relative}, row {number}: {len(row)} values, but the header has {width} columns. A value "
                    "containing a comma must be enclosed in double quotes."
                )
    if problems:
        raise_problems(problems)
    for column in boolean_columns:
        if column in header:
            i = header.index(column)
            for row in rows[1:]:
                row[i] = row[i].lower()
    return Table(name, relative, header, rows[1:], hashlib.sha256(data).hexdigest())


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _parse(relative: str, text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    last_line = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            record = len(rows) + 1
            message = str(exc)
            if "unexpected end of data" in message:
                raise DataPackageError(
                    f"{relative}, row {record}: a quote opened on line {last_line + 1} is never closed. Close it, "
                    'or double a quote that is part of the text ("").'
                ) from None
            if "field limit" in message:
                raise DataPackageError(
                    f"{relative}, row {record}: a value longer than {MAX_CELL_CHARS:,} characters; a cell "
                    "holds a fact or a short text (is a quote not closed?)."
                ) from None
            raise DataPackageError(
                f"{relative}, row {record} (line {reader.line_num}): misplaced quote ({message}). A value holding "
                'a quote is enclosed in double quotes with the inner quote doubled: "say ""hi""".'
            ) from None
        rows.append(row)
        last_line = reader.line_num


# --- tolerant: a student's coding file -------------------------------------------------------------


UNCLOSED = "\x00unclosed"  # marks a row that is an unclosed quote (a real cell never holds NUL)


def decode(raw: bytes) -> str:
    """Text from a CSV's bytes: UTF-16 (with its byte-order mark), else UTF-8(-sig), else Windows-1252, else Latin-1."""
    if raw.startswith(UTF16_BOMS):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1")  # cp1252 leaves five bytes undefined; Latin-1 maps every byte


def normal_header(cell: str) -> str:
    """A header cell as a column name: trimmed, lower case, spaces and dashes as '_'."""
    return re.sub(r"[\s\-]+", "_", cell.strip().strip("\ufeff").strip().lower())


def _delimiter(lines: list[str], columns: list[str]) -> str:
    """The delimiter that splits the header into ``columns``; when none does, csv.Sniffer's guess (or a comma).

    The header decides first because it is known (and Sniffer takes milliseconds a file); Sniffer is for files
    whose header is wrong, so that their cells are reported as the student wrote them.
    """
    header = next((line for line in lines if line.strip()), "")
    for delimiter in DELIMITERS:
        cells = {normal_header(c) for c in next(csv.reader([header], delimiter=delimiter), [])}
        if set(columns) <= cells:
            return delimiter
    try:
        return csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def tolerant_rows(raw: bytes, columns: list[str]) -> list[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) for every non-blank row, header first; ``columns``: the
    header expected, which decides the delimiter. An unclosed quote gives the row ``[UNCLOSED, last line]``."""
    if b"\x00" in raw and not raw.startswith(UTF16_BOMS):
        raise UnreadableTableError("r_binary")
    text = decode(raw)
    if "\x00" in text:
        raise UnreadableTableError("r_binary")
    lines = text.splitlines(keepends=True)  # kept ends: a quoted cell may span lines
    first = 0
    delimiter = None
    hint = re.fullmatch(r"sep=(.)[\r\n]*", lines[0]) if lines else None  # Excel's delimiter hint line
    if hint:
        delimiter, first = hint.group(1), 1
    body = lines[first:]
    reader = csv.reader(body, delimiter=delimiter or _delimiter(body, columns), skipinitialspace=True, strict=False)
    rows = []
    end = 0
    for cells in reader:
        start, end = end + 1, reader.line_num
        if any("\n" in c or "\r" in c for c in cells):  # a quote opened and never closed swallowed the lines below
            rows.append((start + first, [UNCLOSED, str(end + first)]))
            continue
        cells = [c.strip() for c in cells]
        if any(cells):
            rows.append((start + first, cells))
    return rows
