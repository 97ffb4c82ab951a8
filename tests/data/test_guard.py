"""Every hostile or malformed package of the corpus gives a clear error (or loads, where it is legitimate),
through ``icdd.load`` and through the report runner, without reading outside its folder or opening a connection."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

import icdd_analysis as icdd
from icdd_analysis import report
from icdd_analysis.parameters import check

from ..conftest import PackageCopy
from ..hostile_packages import CASES, SECRET, Case, plant_outside

_opened: list[str] | None = None


def _record_open(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.path.abspath(os.fsdecode(args[0])))


sys.addaudithook(_record_open)  # audit hooks cannot be removed; it records only inside `guarded`


@pytest.fixture
def guarded(monkeypatch):
    """A context manager: no connection may be opened, and no file under ``outside`` may be opened."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network access attempted while loading an untrusted package")

    for target, name in ((socket.socket, "connect"), (socket.socket, "connect_ex"), (socket, "create_connection"),
                         (socket, "getaddrinfo")):
        monkeypatch.setattr(target, name, refuse)

    @contextlib.contextmanager
    def guard(outside: Path):
        global _opened
        _opened = []
        try:
            yield
        finally:
            opened, _opened = _opened, None
            outside_real = outside.resolve()
            leaked = [p for p in opened if Path(os.path.realpath(p)).is_relative_to(outside_real)]
            assert not leaked, f"read outside the package folder: {leaked}"
            assert not attempts, f"network connection attempted: {attempts}"

    return guard


def _build(case: Case, tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    plant_outside(outside)
    folder = tmp_path / "pkg"
    shutil.copytree(icdd.bundled_path().parent, folder)
    case.mutate(PackageCopy(folder), outside)
    return folder, outside


def test_the_corpus_is_large_and_named_uniquely():
    names = [c.name for c in CASES]
    assert len(names) >= 40
    assert len(set(names)) == len(names)
    assert sum(c.expect is None for c in CASES) >= 4  # legitimate inputs must keep loading


@pytest.mark.parametrize("case", CASES, ids=str)
def test_load_gives_a_clear_error_or_loads(case, tmp_path, guarded):
    folder, outside = _build(case, tmp_path)
    with guarded(outside):
        if case.expect is None:
            dataset = icdd.load(folder)
        else:
            with pytest.raises(icdd.DataPackageError) as info:
                icdd.load(folder)
    if case.expect is None:
        case.check_loaded(dataset)
        return
    message = str(info.value)
    for fragment in case.expect:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert SECRET not in message
    assert "Traceback" not in message
    assert info.value.__cause__ is None or isinstance(info.value.__cause__, icdd.DataPackageError)


@pytest.mark.parametrize("case", [c for c in CASES if c.expect is not None], ids=str)
def test_runner_exits_2_and_writes_nothing(case, tmp_path, guarded, capsys):
    folder, outside = _build(case, tmp_path)
    out = tmp_path / "reports"
    with guarded(outside):
        code = report.main(["run", "01-overview", "-p", f"data={folder}", "--out", str(out), "--quiet"])
    assert code == 2
    assert not out.exists() or not any(out.iterdir())
    stderr = capsys.readouterr().err
    for fragment in case.expect:
        assert fragment in stderr, f"{fragment!r} not in:\n{stderr}"
    assert SECRET not in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("case", [c for c in CASES if c.expect is None], ids=str)
def test_runner_check_accepts_legitimate_input(case, tmp_path, guarded):
    folder, outside = _build(case, tmp_path)
    with guarded(outside):
        dataset = check({"data": str(folder)})
    case.check_loaded(dataset)


def test_the_guards_catch_what_they_guard(tmp_path, guarded):
    """The guards themselves fail a test that reads outside or connects (else the corpus proves nothing)."""
    outside = tmp_path / "outside"
    plant_outside(outside)
    with pytest.raises(AssertionError, match="read outside the package folder"):
        with guarded(outside):
            (outside / "secret.csv").read_text()
    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("example.org", 80))


@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith(("boolean", "required-boolean"))], ids=str)
def test_booleans_agree_without_frictionless(case, tmp_path):
    """validate=False skips Frictionless; the pandas step must still load the same booleans or refuse."""
    folder, _ = _build(case, tmp_path)
    if case.expect is None:
        case.check_loaded(icdd.load(folder, validate=False))
        return
    with pytest.raises(icdd.DataPackageError) as info:
        icdd.load(folder, validate=False)
    assert "documents.csv, row 2, field 'full_text_public'" in str(info.value)
    assert "true or false (in any case), or 1 or 0" in str(info.value)
