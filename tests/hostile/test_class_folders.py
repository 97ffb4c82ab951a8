"""Class folders: links leading outside, folders, FIFOs and devices are refused (never read, never quoted);
student names are compared in NFC."""

from __future__ import annotations

import os
import shutil
import unicodedata

import pytest

from icdd_analysis.teaching import classroom

SECRET = "root:x:0:0:teacher-private-cell"


@pytest.fixture
def class_folder(tmp_path):
    folder = tmp_path / "class"
    shutil.copytree(classroom.example_folder(), folder)
    private = tmp_path / "private"
    private.mkdir()
    (private / "grades.csv").write_text(f"item_id,frame_id,code\n{SECRET},function,F1\n", encoding="utf-8")
    return folder, private / "grades.csv"


def refused(result, name):
    rows = result.problems[result.problems["file"] == name]
    return rows


def no_secret(result):
    assert SECRET not in result.problems.to_string() and SECRET not in result.report()


def test_a_link_to_a_file_outside_is_refused_and_not_quoted(ds, class_folder):
    folder, outside = class_folder
    (folder / "evil.csv").symlink_to(outside)
    result = classroom.read_class_codings(ds, folder)
    rows = refused(result, "evil.csv")
    assert list(rows["kind"]) == ["refused"] and "outside the class folder" in rows["detail"].iloc[0]
    assert "evil" in result.not_counted and "evil" not in result
    no_secret(result)


def test_a_link_to_a_system_file_is_refused(ds, class_folder):
    folder, _ = class_folder
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    result = classroom.read_class_codings(ds, folder)
    assert list(refused(result, "passwd.csv")["kind"]) == ["refused"]
    assert "root:" not in result.problems.to_string()


def test_a_link_through_a_linked_folder_is_refused(ds, class_folder, tmp_path):
    folder, outside = class_folder
    (folder / "sub").symlink_to(outside.parent, target_is_directory=True)
    (folder / "sneaky.csv").symlink_to(folder / "sub" / "grades.csv")
    result = classroom.read_class_codings(ds, folder)
    assert list(refused(result, "sneaky.csv")["kind"]) == ["refused"]
    assert list(refused(result, "sub")["kind"]) == ["refused"]
    no_secret(result)


def test_a_dangling_link_is_refused_without_a_traceback(ds, class_folder):
    folder, _ = class_folder
    (folder / "gone.csv").symlink_to(folder / "nowhere.csv")
    result = classroom.read_class_codings(ds, folder)
    assert list(refused(result, "gone.csv")["kind"]) == ["refused"]


def test_a_link_to_a_file_inside_the_folder_is_read_like_it(ds, class_folder):
    folder, _ = class_folder
    (folder / "alias.csv").symlink_to(folder / "student-a.csv")
    result = classroom.read_class_codings(ds, folder)
    assert "alias" in result and result["alias"].equals(result["student-a"])


def test_a_folder_named_like_a_coding_is_refused(ds, class_folder):
    folder, _ = class_folder
    (folder / "budi.csv").mkdir()
    result = classroom.read_class_codings(ds, folder)
    rows = refused(result, "budi.csv")
    assert list(rows["kind"]) == ["refused"] and "folder" in rows["detail"].iloc[0]


def test_a_fifo_is_refused_and_never_opened(ds, class_folder):
    folder, _ = class_folder
    os.mkfifo(folder / "pipe.csv")  # opening it for reading would block the lesson forever
    result = classroom.read_class_codings(ds, folder)
    rows = refused(result, "pipe.csv")
    assert list(rows["kind"]) == ["refused"] and "pipe" in rows["detail"].iloc[0]


def test_a_link_to_a_device_is_refused(ds, class_folder):
    folder, _ = class_folder
    (folder / "zero.csv").symlink_to("/dev/zero")
    result = classroom.read_class_codings(ds, folder)
    assert list(refused(result, "zero.csv")["kind"]) == ["refused"]


def test_refusals_are_in_the_class_language(ds, class_folder):
    folder, _ = class_folder
    (folder / "budi.csv").mkdir()
    result = classroom.read_class_codings(ds, folder, lang="id")
    assert "folder" in refused(result, "budi.csv")["detail"].iloc[0] and "tidak dibaca" in refused(result, "budi.csv")["detail"].iloc[0]


def test_nfc_and_nfd_spellings_of_a_name_are_the_same_student(ds, class_folder):
    folder, _ = class_folder
    source = (folder / "student-a.csv").read_bytes()
    (folder / unicodedata.normalize("NFC", "josé.csv")).write_bytes(source)
    (folder / unicodedata.normalize("NFD", "josé.xlsx.csv")).write_bytes(source)  # a different student
    (folder / unicodedata.normalize("NFD", "josé.tsv")).write_bytes(source.replace(b",", b"\t"))
    result = classroom.read_class_codings(ds, folder)
    same = result.problems[result.problems["kind"] == "same_name"]
    assert len(same) == 1  # the NFD josé.tsv is named as the same student as josé.csv
    assert all(unicodedata.is_normalized("NFC", name) for name in result)
