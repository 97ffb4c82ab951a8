"""Validate once: unchanged bytes skip the Frictionless row checks; any change, a new version, or an unusable
cache folder validates; no record lets a package skip the guard's checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import icdd_analysis as icdd
from icdd_analysis.data import cache as validation_cache
from icdd_analysis.data import loader as data

from ..conftest import PackageCopy


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ICDD_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def validations(monkeypatch) -> list[int]:
    """Counts the Frictionless validations that run (each appends one element)."""
    calls: list[int] = []
    real = data._validate

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(data, "_validate", counting)
    return calls


def test_second_load_of_the_same_bytes_does_not_run_frictionless(cache, package_copy, validations, monkeypatch):
    first = icdd.load(package_copy.folder)
    assert validations == [1] and len(list((cache / "validated").glob("*.json"))) == 1
    import frictionless

    def refuse(*args, **kwargs):
        raise AssertionError("frictionless ran on a cache hit")

    monkeypatch.setattr(frictionless.Package, "validate", refuse)
    second = icdd.load(package_copy.folder)
    assert validations == [1]
    assert second.agenda_items.equals(first.agenda_items) and second.codings.equals(first.codings)


def test_a_changed_csv_byte_validates_again_and_reports_the_error(cache, package_copy, validations):
    icdd.load(package_copy.folder)
    original = (package_copy.folder / "events.csv").read_bytes()
    row = package_copy.set_cell("events", "icdd-2021", "start_date", "2021-13-45")
    with pytest.raises(icdd.DataPackageError, match=rf"events.csv, row {row}, field 'start_date'"):
        icdd.load(package_copy.folder)
    assert validations == [1, 1]
    # a valid one-byte change validates too, and is then remembered under its own key
    assert b"Jakarta" in original
    (package_copy.folder / "events.csv").write_bytes(original.replace(b"Jakarta", b"Jakartb", 1))
    icdd.load(package_copy.folder)
    icdd.load(package_copy.folder)
    assert validations == [1, 1, 1]


def test_an_invalid_package_is_never_remembered(cache, package_copy, validations):
    package_copy.set_cell("events", "icdd-2021", "start_date", "not a date")
    for _ in range(2):
        with pytest.raises(icdd.DataPackageError, match="start_date"):
            icdd.load(package_copy.folder)
    assert validations == [1, 1] and not list(cache.rglob("*.json"))


@pytest.mark.slow
def test_a_changed_descriptor_or_package_version_validates_again(cache, package_copy, validations, monkeypatch):
    icdd.load(package_copy.folder)
    descriptor = json.loads(package_copy.descriptor.read_text(encoding="utf-8"))
    descriptor["version"] = "9.9.9"
    package_copy.descriptor.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    icdd.load(package_copy.folder)
    assert validations == [1, 1]
    monkeypatch.setattr(icdd, "__version__", "99.0.0")  # icdd-analysis upgraded: its checks may differ
    icdd.load(package_copy.folder)
    assert validations == [1, 1, 1]
    icdd.load(package_copy.folder)
    assert validations == [1, 1, 1]


def test_a_record_of_one_package_does_not_serve_another(cache, tmp_path, validations):
    """Two packages with different bytes have different keys, so a copied record is never found."""
    import shutil

    first, second = tmp_path / "one", tmp_path / "two"
    for folder in (first, second):
        shutil.copytree(icdd.bundled_path().parent, folder)
    PackageCopy(second).set_cell("events", "icdd-2021", "start_date", "bad")
    icdd.load(first)
    with pytest.raises(icdd.DataPackageError, match="start_date"):
        icdd.load(second)
    assert validations == [1, 1]


def test_a_hit_skips_only_the_row_checks_never_the_guard(cache, package_copy, validations):
    """Bytes that validated once, then a descriptor pointing outside the folder: the guard still refuses."""
    icdd.load(package_copy.folder)
    descriptor = json.loads(package_copy.descriptor.read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "../events.csv"
    package_copy.descriptor.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(icdd.DataPackageError, match="contains '..'"):
        icdd.load(package_copy.folder)
    assert validations == [1]


def test_the_cache_folder_override(cache, package_copy):
    icdd.load(package_copy.folder)
    assert validation_cache.cache_dir() == cache
    assert [p.parent for p in cache.rglob("*.json")] == [cache / "validated"]


def test_the_default_cache_folder_is_the_platform_user_cache(monkeypatch):
    import platformdirs

    monkeypatch.delenv("ICDD_CACHE_DIR", raising=False)
    assert validation_cache.cache_dir() == Path(platformdirs.user_cache_dir("icdd-analysis"))


def test_an_unusable_cache_folder_still_loads_and_prints_nothing(tmp_path, monkeypatch, package_copy, validations, capsys):
    """A cache 'folder' that is a file (unusable even for root): every load validates, nothing fails or prints."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ICDD_CACHE_DIR", str(blocker / "cache"))
    icdd.load(package_copy.folder)
    icdd.load(package_copy.folder)
    assert validations == [1, 1]
    assert capsys.readouterr() == ("", "")


@pytest.mark.slow
def test_no_usable_home_loads_quietly_in_a_fresh_process(tmp_path):
    """HOME unset or a file, no override: the load validates, exits 0 and prints nothing."""
    home = tmp_path / "home-is-a-file"
    home.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ICDD_", "XDG_", "HOME"))}
    code = "import icdd_analysis as i; print(len(i.load().events))"
    for extra in ({}, {"HOME": str(home)}):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**env, **extra},
                                timeout=300)
        assert (result.returncode, result.stderr) == (0, "") and result.stdout.strip().isdigit()
    assert home.read_text(encoding="utf-8") == ""


@pytest.mark.slow
def test_a_warm_load_imports_neither_frictionless_nor_importlib_metadata(cache):
    """The point of the cache for `python -c "import icdd_analysis as i; i.load()"`: nothing heavy is imported."""
    code = ("import sys, icdd_analysis as i; i.load(); i.load(); "
            "print(sorted(m for m in ('frictionless', 'importlib.metadata', 'yaml') if m in sys.modules))")
    env = {**os.environ, "ICDD_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-c", "import icdd_analysis as i; i.load()"], env=env, check=True, timeout=300)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.stdout.strip() == "[]", result.stderr


@pytest.mark.slow
def test_validating_does_not_import_the_slow_iri_checker_and_leaves_it_importable(tmp_path):
    """jsonschema imports rfc3987_syntax (seconds of parser building) if installed; validating keeps it out,
    only while jsonschema is first imported: afterwards the module can be imported as usual."""
    code = ("import importlib.util, json, sys\nimport icdd_analysis as icdd\nicdd.load()\n"
            "loaded = 'rfc3987_syntax' in sys.modules\nvalidated = 'frictionless' in sys.modules\n"
            "installed = importlib.util.find_spec('rfc3987_syntax') is not None\n"
            "print(json.dumps([loaded, validated, installed]))")
    env = {**os.environ, "ICDD_CACHE_DIR": str(tmp_path / "empty-cache")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    loaded, validated, installed = json.loads(result.stdout.strip().splitlines()[-1])
    assert validated and not loaded
    if installed:  # still importable afterwards (nothing blocked for the rest of the process)
        check = "import sys, icdd_analysis as icdd; icdd.load(); import rfc3987_syntax; print('ok')"
        again = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                               env={**env, "ICDD_CACHE_DIR": str(tmp_path / "another-empty-cache")}, timeout=300)
        assert again.stdout.strip().endswith("ok"), again.stderr
