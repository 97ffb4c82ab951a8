"""A class of students loses nothing: Excel and Google Sheets files load, every student's mistake is reported per
row without stopping the lesson, and save_coding refuses bad input.

The class folders are stored bytes in tests/class_folders/ (made by its _make.py): encodings and byte-order marks
are tested as a student's spreadsheet writes them.
"""

from __future__ import annotations

import re
import shutil

import numpy as np
import pandas as pd
import pytest

from icdd_analysis import IcddError, teaching as tc
from icdd_analysis.i18n import messages, t
from icdd_analysis.teaching.classroom import files as classroom, saving

from ...conftest import ROOT

FOLDERS = ROOT / "tests" / "class_folders"
GOOD = {"budi", "citra"}
#: The example's student-a: every legitimate variant of "ana" (and of "eko", "dewi") must read back as this.
REFERENCE = "student-a"

# Legitimate files saved by Excel or Google Sheets: no problem, and these students read back as the reference.
LOADS = {
    "excel-utf8-bom": ["ana"],
    "windows-1252-and-latin-1": ["ana", "dewi"],
    "semicolon-indonesian-excel": ["ana", "eko"],
    "spaces-and-capitals": ["ana"],
    "google-sheets-extra-columns-and-blank-rows": ["ana"],
    "xlsx-workbooks": ["ana", "eko"],
    "utf16-tab-delimited": ["ana"],
}

# Students' mistakes: (file, row, kind) of every problem row; students counted, incomplete and not counted.
REPORTED = {
    "unknown-item": ([("ana.csv", "10", "unknown_item")], {"ana"}, set(), set()),
    "unknown-code": ([("ana.csv", "4", "unknown_code"), ("ana.csv", "5", "unknown_code")], {"ana"}, set(), set()),
    "duplicate-row": ([("ana.csv", "5", "duplicate_row")], {"ana"}, set(), set()),
    "missing-items": ([("ana.csv", "", "missing_items")], {"ana"}, {"ana"}, set()),
    "wrong-frame": ([("ana.csv", "2-9", "wrong_frame"), ("ana.csv", "", "not_counted"), ("eko.csv", "9", "wrong_frame"),
                     ("eko.csv", "", "missing_items")], {"eko"}, {"eko"}, {"ana"}),
    "wrong-columns": ([("ana.csv", "1", "wrong_columns"), ("eko.csv", "9", "wrong_columns"), ("eko.csv", "", "missing_items")],
                      {"eko"}, {"eko"}, {"ana"}),
    "empty-code-cell": ([("ana.csv", "9", "missing_code"), ("ana.csv", "", "missing_items")], {"ana"}, {"ana"}, set()),
    "empty-files": ([("ana.csv", "", "empty"), ("eko.csv", "", "empty"), ("fajar.csv", "", "not_counted")],
                    set(), set(), {"ana", "eko", "fajar"}),
    "unreadable-files": ([("ana.csv", "", "unreadable"), ("eko.xlsx", "", "unreadable"), ("fajar.csv", "", "unreadable"),
                          ("gita.csv", "", "unreadable")], set(), set(), {"ana", "eko", "fajar", "gita"}),
    "unsupported-formats": ([("ana.ods", "", "unsupported"), ("eko.numbers", "", "unsupported")], set(), set(), {"ana", "eko"}),
    "same-name-twice": ([("ana.xlsx", "", "same_name")], {"Ana", "ana (ana.xlsx)"}, set(), set()),
    "placeholder-names": ([("me.csv", "", "placeholder_name"), ("nama_siswa.csv", "", "placeholder_name")],
                          {"me", "nama_siswa"}, set(), set()),
    "unterminated-quote": ([("ana.csv", "6", "unclosed_quote"), ("ana.csv", "", "missing_items")], {"ana"}, {"ana"}, set()),
}

INDONESIAN = {"unknown_item": "butir tidak dikenal", "unknown_code": "kode tidak dikenal", "duplicate_row": "baris ganda",
              "missing_items": "butir belum dikodekan", "wrong_frame": "kerangka salah", "unreadable": "berkas tidak dapat dibaca",
              "empty": "berkas kosong", "wrong_columns": "kolom salah"}


def test_every_stored_case_folder_is_covered():
    stored = {p.name for p in FOLDERS.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert stored == set(LOADS) | set(REPORTED) | {"no-files-yet"}
    assert len(stored) >= 15


@pytest.fixture(scope="module")
def reference(ds):
    return tc.read_class_codings(ds)[REFERENCE]


@pytest.mark.parametrize("case", sorted(LOADS))
def test_files_saved_by_excel_or_google_sheets_load(ds, reference, case):
    codings = tc.read_class_codings(ds, FOLDERS / case)
    assert codings.problems.empty, codings.problems.to_string()
    assert set(codings) == GOOD | set(LOADS[case])
    for student in LOADS[case]:
        pd.testing.assert_frame_equal(codings[student].astype(bool), reference.astype(bool), check_names=False)
    assert codings.report() == f"{len(codings)} coding files read: no problems."


@pytest.mark.parametrize("case", sorted(REPORTED))
def test_each_problem_is_reported_per_student_and_row_and_the_others_still_count(ds, case):
    expected, counted, incomplete, not_counted = REPORTED[case]
    codings = tc.read_class_codings(ds, FOLDERS / case)  # never raises
    got = sorted(zip(codings.problems["file"], codings.problems["row"], codings.problems["kind"]))
    assert got == sorted(expected)
    assert set(codings) == GOOD | counted
    assert set(codings.incomplete) == incomplete and set(codings.not_counted) == not_counted
    for student in incomplete:  # uncoded items are missing, never "no code applies"
        assert codings[student].isna().all(axis=1).any() and not codings[student].isna().all(axis=1).all()
    result = tc.class_agreement(ds, codings)
    assert set(result["coders"]) == {"project-2026"} | GOOD | counted
    assert set(result["incomplete"]) == incomplete
    assert np.isfinite(result["krippendorff_alpha"])
    kappa = result["pairwise_kappa"]
    assert np.isfinite(kappa.loc["budi", "citra"]) and kappa.loc["budi", "budi"] == 1.0
    report = codings.report()
    assert "Problems, by student and row:" in report and "Valid items: rcdd-2019-session-1" in report


@pytest.mark.parametrize("case", sorted(REPORTED))
def test_problems_are_in_natural_indonesian(ds, case):
    codings = tc.read_class_codings(ds, FOLDERS / case, lang="id")
    for kind, label in zip(codings.problems["kind"], codings.problems["problem"]):
        assert label == t(f"class_{kind}", "id")
        if kind in INDONESIAN:
            assert label == INDONESIAN[kind]
    report = codings.report()
    assert "| mahasiswa " in report and "| keterangan " in report and "Masalah, per mahasiswa dan baris:" in report
    en, idn = messages("en"), messages("id")
    english = {en[k] for k in en if k.startswith("class_")} - {idn[k] for k in idn if k.startswith("class_")}
    assert not any(text in report for text in english if len(text) > 8)


def test_the_agreement_of_the_valid_students_is_unchanged_by_bad_files(ds):
    with_bad = tc.class_agreement(ds, tc.read_class_codings(ds, FOLDERS / "unreadable-files"))
    assert with_bad["coders"] == ["project-2026", "budi", "citra"]
    alone = {n: m for n, m in tc.read_class_codings(ds, FOLDERS / "excel-utf8-bom").items() if n in GOOD}
    assert with_bad["krippendorff_alpha"] == pytest.approx(tc.class_agreement(ds, alone)["krippendorff_alpha"])


def test_an_incomplete_student_is_counted_on_the_items_coded_not_as_coding_nothing(ds):
    codings = tc.read_class_codings(ds, FOLDERS / "missing-items")
    ana = codings["ana"]
    assert ana.loc["icdd-2021-fa-5"].isna().all() and ana.loc["icdd-2021-fa-1", "F6"]
    result = tc.class_agreement(ds, codings)
    # ana coded items 1-5 exactly as student-a did: on the items both coded, the two agree perfectly
    full = tc.read_class_codings(ds)[REFERENCE]
    paired = tc.class_agreement(ds, {"ana": ana, "student-a": full}, include_project=False)
    assert paired["pairwise_kappa"].loc["ana", "student-a"] == 1.0
    def splits(res):
        return {(i, c): (n, of) for i, c, n, of in res["disagreements"].itertuples(index=False)}

    # everyone who coded fa-5 gave it F5: no disagreement, since ana did not say "no code" there
    assert ("icdd-2021-fa-5", "F5") not in splits(result)
    assert splits(result)[("icdd-2021-fa-1", "F7")] == (1, 4)  # budi alone, of the four who coded fa-1
    filled = ana.fillna(False)  # what the old reader did: an uncoded item read as "no code applies"
    wrong = tc.class_agreement(ds, {**codings, "ana": filled})
    assert splits(wrong)[("icdd-2021-fa-5", "F5")] == (3, 4)
    assert wrong["krippendorff_alpha"] < result["krippendorff_alpha"]


def test_an_empty_class_folder_does_not_stop_the_lesson(ds):
    codings = tc.read_class_codings(ds, FOLDERS / "no-files-yet")
    assert dict(codings) == {} and codings.report() == "No coding files in the class folder yet."
    assert tc.read_class_codings(ds, FOLDERS / "no-files-yet", lang="id").report() == "Belum ada berkas pengodean di folder kelas."
    result = tc.class_agreement(ds, codings)
    assert result["coders"] == ["project-2026"] and np.isnan(result["krippendorff_alpha"])


def test_a_huge_file_is_not_read(ds, tmp_path):
    shutil.copy(FOLDERS / "excel-utf8-bom" / "budi.csv", tmp_path)
    (tmp_path / "ana.csv").write_bytes(b"item_id,frame_id,code\n" + b"x,function,F1\n" * 80_000)
    codings = tc.read_class_codings(ds, tmp_path)
    assert list(codings.problems["kind"]) == ["too_large"] and "1,120,022 bytes" in codings.problems["detail"][0]
    assert set(codings) == {"budi"}


def test_a_file_that_makes_the_reader_fail_unexpectedly_is_reported_not_raised(ds, tmp_path, monkeypatch):
    shutil.copy(FOLDERS / "excel-utf8-bom" / "budi.csv", tmp_path)
    shutil.copy(FOLDERS / "excel-utf8-bom" / "ana.csv", tmp_path)
    real = classroom._table_rows

    def broken(path):
        if path.name == "ana.csv":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(classroom, "_table_rows", broken)
    codings = tc.read_class_codings(ds, tmp_path)
    assert list(codings.problems["detail"]) == ["could not be read (Permission denied); save it again as CSV UTF-8"]
    assert set(codings) == {"budi"}


def test_the_teachers_own_mistakes_still_raise_with_a_clear_message(ds, tmp_path):
    with pytest.raises(IcddError, match="does not exist"):
        tc.read_class_codings(ds, tmp_path / "none")
    with pytest.raises(IcddError, match="unknown frame 'fun'; valid: "):
        tc.read_class_codings(ds, tmp_path, frame="fun")


# --- save_coding ----------------------------------------------------------------------------------


@pytest.fixture()
def complete(ds):
    return {i: ["F3"] for i in tc.compared_items(ds)}


@pytest.mark.parametrize(
    ("student", "message"),
    [
        ("", "Not saved: write your name as student"),
        ("   ", "Not saved: write your name as student"),
        (None, "Not saved: write your name as student"),
        ("../ana", "student name '../ana': use 2 to 64 letters"),
        ("ana/putri", "student name 'ana/putri'"),
        ("ana\\putri", "student name 'ana\\\\putri'"),
        ("ana putri", "student name 'ana putri'"),
        (".ana", "student name '.ana'"),
        ("a", "student name 'a'"),
        ("me", "'me' is a placeholder"),
        ("student", "'student' is a placeholder"),
        ("Student_1", "'Student_1' is a placeholder"),
        ("nama", "'nama' is a placeholder"),
        ("siswa-2", "'siswa-2' is a placeholder"),
        ("student-a", "'student-a' is a placeholder"),
        ("project-2026", "'project-2026' is reserved"),
        ("CON", "'CON' is reserved"),
    ],
)
def test_save_refuses_a_missing_unsafe_or_shared_name_and_writes_nothing(ds, tmp_path, complete, student, message):
    with pytest.raises(IcddError, match=re.escape(message)):
        tc.save_coding(complete, student, tmp_path / "class", ds=ds)
    assert not (tmp_path / "class").exists()


@pytest.mark.parametrize(
    ("coding", "frame", "message"),
    [
        ({"icdd-2021-fa-9": ["F1"]}, "function", "'icdd-2021-fa-9' is not one of the items to code"),
        ({"icdd-2021-fa-1": ["F9"]}, "function", "icdd-2021-fa-1: 'F9' is not a code of the frame; valid: F1"),
        ({"icdd-2021-fa-1": ["f3"]}, "function", "'f3' is not a code of the frame"),
        ({"icdd-2021-fa-1": ["F3"]}, "functions", "frame 'functions' is not a frame of the data; valid: "),
        ({"icdd-2021-fa-1": []}, "function", "the coding has no codes yet"),
        ({}, "function", "the coding has no codes yet"),
        (["F3"], "function", "Write your coding as a dict"),
    ],
)
def test_save_refuses_an_invalid_coding_and_writes_nothing(ds, tmp_path, coding, frame, message):
    with pytest.raises(IcddError, match=f"^Not saved: .*{message}"):
        tc.save_coding(coding, "ana-putri", tmp_path, frame=frame, ds=ds)
    assert list(tmp_path.iterdir()) == []


def test_save_messages_are_in_the_notebooks_language(ds, tmp_path, complete):
    with pytest.raises(IcddError, match="^Tidak disimpan: tulis nama Anda pada student"):
        tc.save_coding(complete, "", tmp_path, ds=ds, lang="id")
    with pytest.raises(IcddError, match="nama bawaan yang bisa dipakai teman sekelas"):
        tc.save_coding(complete, "nama", tmp_path, ds=ds, lang="id")
    with pytest.raises(IcddError, match="bukan kode kerangka ini"):
        tc.save_coding({"icdd-2021-fa-1": ["F9"]}, "ana-putri", tmp_path, ds=ds, lang="id")


def test_save_writes_a_valid_file_that_reads_back(ds, tmp_path, complete):
    coding = dict(complete, **{"icdd-2021-fa-1": "F6", "icdd-2021-fa-2": ["F3", "F4", "F3"]})
    path = tc.save_coding(coding, "ana-putri", tmp_path / "class", ds=ds)
    assert path == tmp_path / "class" / "ana-putri.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "item_id,frame_id,code" and "icdd-2021-fa-1,function,F6" in lines
    assert sum(line.startswith("icdd-2021-fa-2,") for line in lines) == 2  # the repeated F3 written once
    codings = tc.read_class_codings(ds, tmp_path / "class")
    assert codings.problems.empty and codings["ana-putri"].loc["icdd-2021-fa-2", "F4"]
    assert [p.name for p in (tmp_path / "class").iterdir()] == ["ana-putri.csv"]  # no temporary file left


def test_save_never_overwrites_a_classmates_file_silently(ds, tmp_path, complete, monkeypatch):
    folder = tmp_path / "class"
    tc.save_coding(complete, "ana", folder, ds=ds)
    revised = dict(complete, **{"icdd-2021-fa-1": ["F6"]})
    tc.save_coding(revised, "ana", folder, ds=ds)  # the same session revising its own coding
    assert "icdd-2021-fa-1,function,F6" in (folder / "ana.csv").read_text()
    monkeypatch.setattr(saving, "_saved_here", set())  # another student's notebook (or a restarted kernel)
    before = (folder / "ana.csv").read_bytes()
    tc.save_coding(revised, "ana", folder, ds=ds)  # identical content: nothing lost, nothing refused
    with pytest.raises(IcddError, match="ana.csv already exists in the class folder with another coding"):
        tc.save_coding(complete, "ana", folder, ds=ds)
    assert (folder / "ana.csv").read_bytes() == before
    tc.save_coding(complete, "ana", folder, ds=ds, overwrite=True)
    assert "icdd-2021-fa-1,function,F3" in (folder / "ana.csv").read_text()
    with pytest.raises(IcddError, match="ana.csv in the class folder has the same name in other capitals"):
        tc.save_coding(complete, "Ana", folder, ds=ds, overwrite=True)


def test_save_refuses_the_example_folder_and_a_file_as_folder(ds, tmp_path, complete):
    with pytest.raises(IcddError, match="ships with the package"):
        tc.save_coding(complete, "ana-putri", tc.example_folder(), ds=ds)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(IcddError, match="is a file, not a folder"):
        tc.save_coding(complete, "ana-putri", tmp_path / "afile", ds=ds)
