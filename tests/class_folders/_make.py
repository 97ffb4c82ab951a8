"""How the stored class-codings folders beside this file were made (run once; the bytes are what the tests read).

Each folder is one case a teacher meets: files saved by Excel or Google Sheets that must load, and student
mistakes that must be reported per student and row without stopping the lesson. Every folder but two also holds
good students (budi, citra) whose agreement must still be computed. Expected results: tests/teaching/classroom/test_files.py.

    python tests/class_folders/_make.py
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = "item_id,frame_id,code"
#: The reference coding (the example's student-a): every variant of "ana" must read back as exactly this.
ANA = [("rcdd-2019-session-1", "F6"), ("rcdd-2019-session-2", "F3"), ("rcdd-2019-session-3", "F4"),
       ("icdd-2021-fa-1", "F6"), ("icdd-2021-fa-2", "F3"), ("icdd-2021-fa-3", "F6"), ("icdd-2021-fa-4", "F4"),
       ("icdd-2021-fa-5", "F5")]
BUDI = [("rcdd-2019-session-1", "F1"), ("rcdd-2019-session-2", "F3"), ("rcdd-2019-session-2", "F1"),
        ("rcdd-2019-session-3", "F6"), ("icdd-2021-fa-1", "F7"), ("icdd-2021-fa-2", "F3"), ("icdd-2021-fa-3", "F7"),
        ("icdd-2021-fa-4", "F4"), ("icdd-2021-fa-5", "F5")]
CITRA = [("rcdd-2019-session-1", "F6"), ("rcdd-2019-session-2", "F3"), ("rcdd-2019-session-3", "F4"),
         ("rcdd-2019-session-3", "F6"), ("icdd-2021-fa-1", "F6"), ("icdd-2021-fa-2", "F3"), ("icdd-2021-fa-3", "F6"),
         ("icdd-2021-fa-3", "F2"), ("icdd-2021-fa-4", "F4"), ("icdd-2021-fa-5", "F5")]


def csv_text(rows, header=HEADER, sep=",", frame="function", end="\n") -> str:
    return end.join([header.replace(",", sep), *(sep.join((i, frame, c)) for i, c in rows)]) + end


def write(case: str, name: str, data: str | bytes, encoding: str = "utf-8") -> None:
    folder = HERE / case
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def good(case: str) -> None:
    write(case, "budi.csv", csv_text(BUDI))
    write(case, "citra.csv", csv_text(CITRA))


def xlsx(rows) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    for old in HERE.iterdir():
        if old.is_dir():
            shutil.rmtree(old)

    # --- files saved by Excel or Google Sheets: they load, with no problem reported ----------------------
    good("excel-utf8-bom")  # Excel "CSV UTF-8 (Comma delimited)" writes a byte-order mark and CRLF
    write("excel-utf8-bom", "ana.csv", b"\xef\xbb\xbf" + csv_text(ANA, end="\r\n").encode())

    good("windows-1252-and-latin-1")  # Excel "CSV (Comma delimited)" on Windows; notes with accents and dashes
    notes = ["kerja sama – ASEAN", "café", "“UMKM”", "", "", "", "", ""]
    write("windows-1252-and-latin-1", "ana.csv",
          "\r\n".join([HEADER + ",catatan", *(f"{i},function,{c},{n}" for (i, c), n in zip(ANA, notes))]) + "\r\n",
          encoding="cp1252")
    # byte 0x8d is undefined in Windows-1252: only Latin-1 decodes this file
    write("windows-1252-and-latin-1", "dewi.csv",
          (HEADER + ",catatan\n").encode() + b"".join(f"{i},function,{c},".encode() + (b"x\x8d\xe9" if k == 0 else b"") + b"\n"
                                                      for k, (i, c) in enumerate(ANA)))

    good("semicolon-indonesian-excel")  # Excel under Indonesian regional settings: ';' (and sometimes a sep= line)
    write("semicolon-indonesian-excel", "ana.csv", csv_text(ANA, sep=";", end="\r\n"), encoding="cp1252")
    write("semicolon-indonesian-excel", "eko.csv", "sep=;\r\n" + csv_text(ANA, sep=";", end="\r\n"))

    good("spaces-and-capitals")  # typed by hand: spaces after commas, headers and values in any case
    write("spaces-and-capitals", "ana.csv",
          "Item_ID, Frame ID, CODE\n" + "".join(f"{i.upper() if k % 2 else i}, {'FUNCTION' if k % 2 else 'Function'}, "
                                                f"{c.lower()} \n" for k, (i, c) in enumerate(ANA)))

    good("google-sheets-extra-columns-and-blank-rows")  # a note column, empty trailing columns, blank rows
    rows = [f'{i},function,{c},"reason, with a comma",,' for i, c in ANA]
    write("google-sheets-extra-columns-and-blank-rows", "ana.csv",
          "\n".join(["item_id,frame_id,code,note,,", *rows[:4], ",,,,,", *rows[4:], ",,,,,", ""]))

    good("xlsx-workbooks")  # Google Sheets' default download, and an .xlsx renamed to .csv
    workbook = xlsx([("item_id", "frame_id", "code"), *((i, "function", c) for i, c in ANA)])
    write("xlsx-workbooks", "ana.xlsx", workbook)
    write("xlsx-workbooks", "eko.csv", workbook)

    good("utf16-tab-delimited")  # Excel "Unicode Text": UTF-16 with a byte-order mark, tab-delimited
    write("utf16-tab-delimited", "ana.tsv", csv_text(ANA, sep="\t", end="\r\n"), encoding="utf-16")

    # --- students' mistakes: reported per student and row; the others are still counted --------------------
    good("unknown-item")
    write("unknown-item", "ana.csv", csv_text(ANA + [("icdd-2021-fa-9", "F1")]))

    good("unknown-code")  # a code outside F1-F7, and two codes in one cell
    bad = list(ANA)
    write("unknown-code", "ana.csv", csv_text(bad[:2] + [("rcdd-2019-session-3", "F9"), ("icdd-2021-fa-1", '"F6, F3"')]
                                              + bad[2:]))

    good("duplicate-row")
    write("duplicate-row", "ana.csv", csv_text(ANA[:3] + [ANA[1]] + ANA[3:]))

    good("missing-items")  # five of eight items coded: incomplete, never "no code" on the other three
    write("missing-items", "ana.csv", csv_text(ANA[:5]))

    good("wrong-frame")  # coded on another frame; and one row with the frame cell left empty
    write("wrong-frame", "ana.csv", csv_text(ANA, frame="dw"))
    write("wrong-frame", "eko.csv", csv_text(ANA[:7]) + f"{ANA[7][0]},,{ANA[7][1]}\n")

    good("wrong-columns")  # another header; a row with a fourth cell; a row with a code and no item column
    write("wrong-columns", "ana.csv", csv_text(ANA, header="item,frame,code"))
    write("wrong-columns", "eko.csv", csv_text(ANA).replace("icdd-2021-fa-5,function,F5", "icdd-2021-fa-5,function,F5,F3"))

    good("empty-code-cell")
    write("empty-code-cell", "ana.csv", csv_text(ANA).replace("icdd-2021-fa-5,function,F5", "icdd-2021-fa-5,function,"))

    good("empty-files")  # nothing at all; only a byte-order mark; only the header
    write("empty-files", "ana.csv", b"")
    write("empty-files", "eko.csv", b"\xef\xbb\xbf")
    write("empty-files", "fajar.csv", HEADER + "\n")

    good("unreadable-files")  # a picture named .csv, text named .xlsx, an old .xls, NUL bytes
    write("unreadable-files", "ana.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    write("unreadable-files", "eko.xlsx", csv_text(ANA))
    write("unreadable-files", "fajar.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56)
    write("unreadable-files", "gita.csv", csv_text(ANA).encode().replace(b"F4", b"F\x004"))

    good("unsupported-formats")  # other spreadsheet formats are named; lock and hidden files are ignored
    write("unsupported-formats", "ana.ods", b"PK\x03\x04 not read")
    write("unsupported-formats", "eko.numbers", b"not read")
    write("unsupported-formats", "~$budi.xlsx", b"lock file")
    write("unsupported-formats", ".~lock.citra.csv#", b"lock file")
    write("unsupported-formats", "README.txt", "The teacher's notes: not a student.")

    good("same-name-twice")  # the same name in other capitals, and once more as a workbook
    write("same-name-twice", "Ana.csv", csv_text(ANA))
    write("same-name-twice", "ana.xlsx", xlsx([("item_id", "frame_id", "code"), *((i, "function", c) for i, c in BUDI)]))

    good("placeholder-names")  # the notebook's old default name, and a template left unchanged
    write("placeholder-names", "me.csv", csv_text(ANA))
    write("placeholder-names", "nama_siswa.csv", csv_text(CITRA))

    good("unterminated-quote")  # an opening quote never closed swallows the rest of the file into one cell
    write("unterminated-quote", "ana.csv", csv_text(ANA[:4]) + '"' + csv_text(ANA[4:]).split("\n", 1)[1])

    # no student file yet (the lesson is starting): only a README, which is not a student
    write("no-files-yet", "README.md", "The class folder before anyone has saved.\n")


if __name__ == "__main__":
    main()
