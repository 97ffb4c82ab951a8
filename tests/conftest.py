"""Shared fixtures: the bundled dataset, and an editable copy of the data package."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import icdd_analysis as icdd

ROOT = Path(__file__).resolve().parents[1]
#: The vetted reference files beside the repository (present in a developer checkout and in CI).
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"


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


@pytest.fixture
def package_copy(tmp_path) -> PackageCopy:
    folder = tmp_path / "pkg"
    shutil.copytree(icdd.bundled_path().parent, folder)
    return PackageCopy(folder)
