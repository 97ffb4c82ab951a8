"""The data package passes the Frictionless validator as a user would run it, and its descriptor is complete."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import icdd_analysis as icdd
from icdd_analysis.data import FACT_TABLES, OPTIONAL_TABLES, TABLES

from ..conftest import ROOT


def _frictionless_cli() -> str:
    return str(Path(sys.executable).parent / "frictionless")


@pytest.mark.slow
def test_frictionless_validate_passes_on_the_repository_package():
    result = subprocess.run(
        [_frictionless_cli(), "validate", "data/datapackage.json"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for table in TABLES:
        assert f"{table}.csv" in result.stdout


@pytest.mark.slow
def test_frictionless_validate_fails_on_a_broken_package(package_copy):
    package_copy.set_cell("events", "icdd-2021", "start_date", "16/11/2021")
    result = subprocess.run(
        [_frictionless_cli(), "validate", "datapackage.json"], cwd=package_copy.folder, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "type-error" in result.stdout


def test_descriptor_declares_licence_sources_and_a_schema_per_table():
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["sources"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == set(TABLES) | set(OPTIONAL_TABLES) | {"embeddings", "stems"}
    assert resources["stems"]["licenses"][0]["name"] == "CC-BY-NC-SA-3.0"  # derived from Sastrawi's dictionary
    for name, resource in resources.items():
        schema = resource["schema"]
        assert schema["primaryKey"], name
        for field in schema["fields"]:
            assert field.get("description"), (name, field["name"])
        if name in FACT_TABLES:
            fks = {fk["fields"]: fk["reference"]["resource"] for fk in schema["foreignKeys"]}
            assert fks["source_id"] == "sources", name
            names = [f["name"] for f in schema["fields"]]
            assert {"source_id", "more_source_ids", "confidence", "status"} <= set(names)


def test_bundled_path_is_the_repository_data_in_a_checkout():
    assert icdd.bundled_path().read_bytes() == (ROOT / "data" / "datapackage.json").read_bytes()
