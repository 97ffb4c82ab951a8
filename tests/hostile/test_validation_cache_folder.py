"""The validation cache touches only what it wrote: its marked folder, its record names, no links."""

from __future__ import annotations

import hashlib
import os

import pytest

import icdd_analysis as icdd
from icdd_analysis.data import cache as vc

from .common import tree


def key(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(vc.ENV_VAR, str(folder))
    return folder


def test_a_folder_of_user_files_loses_none(cache, monkeypatch):
    user = cache / vc.SUBFOLDER
    user.mkdir(parents=True)
    for i in range(600):  # the case: 600 files of the user's, some named like records
        name = f"{key(i)}.json" if i % 6 == 0 else f"notes-{i}.json"
        (user / name).write_text(f"user file {i}", encoding="utf-8")
    before = tree(cache)
    monkeypatch.setattr(vc, "MAX_RECORDS", 3)
    for i in range(1000, 1010):
        vc.remember(key(i))
    assert tree(cache) == before  # not its folder: nothing written, nothing removed
    assert not vc.is_validated(key(0))  # and a user's file is never taken for a record


def test_an_empty_folder_becomes_its_own_with_a_marker(cache):
    (cache / vc.SUBFOLDER).mkdir(parents=True)
    vc.remember(key(1))
    assert (cache / vc.SUBFOLDER / vc.MARKER).is_file() and vc.is_validated(key(1))


def test_pruning_removes_only_its_record_names(cache, monkeypatch):
    vc.remember(key(0))
    folder = cache / vc.SUBFOLDER
    (folder / "notes.json").write_text("a user's file in the cache's folder", encoding="utf-8")
    (folder / "ABC.json").write_text("not a record name", encoding="utf-8")
    monkeypatch.setattr(vc, "MAX_RECORDS", 2)
    for i in range(1, 6):
        vc.remember(key(i))
    records = sorted(p.name for p in folder.glob("*.json") if p.name[:-5] in {key(i) for i in range(6)})
    assert len(records) == 2
    assert (folder / "notes.json").is_file() and (folder / "ABC.json").is_file()


def test_a_linked_records_folder_is_not_used_and_its_target_untouched(cache, tmp_path):
    target = tmp_path / "users-folder"
    target.mkdir()
    (target / "keep.json").write_text("mine", encoding="utf-8")
    cache.mkdir()
    (cache / vc.SUBFOLDER).symlink_to(target, target_is_directory=True)
    before = tree(target)
    vc.remember(key(1))
    assert tree(target) == before and not vc.is_validated(key(1))


def test_a_linked_record_is_not_followed_nor_deleted(cache, tmp_path, monkeypatch):
    vc.remember(key(0))
    folder = cache / vc.SUBFOLDER
    outside = tmp_path / "precious.txt"
    outside.write_text("precious", encoding="utf-8")
    (folder / f"{key(99)}.json").symlink_to(outside)
    os.utime(folder / f"{key(99)}.json", (0, 0), follow_symlinks=False)  # the oldest: first to be pruned
    monkeypatch.setattr(vc, "MAX_RECORDS", 1)
    for i in range(1, 4):
        vc.remember(key(i))
    assert outside.read_text(encoding="utf-8") == "precious"
    assert not vc.is_validated(key(99))  # a link is never a record


def test_loading_with_a_foreign_cache_folder_validates_and_changes_nothing(cache, package_copy):
    user = cache / vc.SUBFOLDER
    user.mkdir(parents=True)
    (user / "photo.json").write_text("{}", encoding="utf-8")
    before = tree(cache)
    icdd.load(package_copy.folder)
    assert tree(cache) == before


def test_a_folder_of_an_earlier_versions_records_is_taken_over(cache):
    # Before the marker existed, the cache wrote its records into an unmarked folder: users who ran that
    # version would otherwise never have a cache again.
    folder = cache / vc.SUBFOLDER
    folder.mkdir(parents=True)
    (folder / f"{key(0)}.json").write_text('{"format": 1, "icdd_analysis": "0.1.0"}', encoding="utf-8")
    (folder / f".{key(2)}.4242.tmp").write_text("{", encoding="utf-8")  # a record a stopped run was writing
    vc.remember(key(1))
    assert (folder / vc.MARKER).is_file() and vc.is_validated(key(1))


@pytest.mark.parametrize("intruder", ["notes.txt", "record-name-other-content"])
def test_an_unmarked_folder_with_anything_but_earlier_records_stays_foreign(cache, intruder):
    folder = cache / vc.SUBFOLDER
    folder.mkdir(parents=True)
    (folder / f"{key(0)}.json").write_text('{"format": 1, "icdd_analysis": "0.1.0"}', encoding="utf-8")
    if intruder == "notes.txt":
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
    else:
        (folder / f"{key(2)}.json").write_text('{"my": "data"}', encoding="utf-8")
    before = tree(cache)
    vc.remember(key(1))
    assert tree(cache) == before and not vc.is_validated(key(1))
