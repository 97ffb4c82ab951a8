"""The up-to-date key covers every byte that can change a report: files a method reads by name (declared or
not), the package's own code and catalogues, and the versions of the libraries that render (Babel too).
Each case: change it, and the previous run's entry is no longer up to date, so the report is rebuilt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from icdd_analysis.report import manifest
from icdd_analysis.report.jobs import Job
from icdd_analysis.report.execute import report_inputs

from .common import small_notebook


def up_to_date_after(out: Path, inputs_then: dict, inputs_now: dict) -> bool:
    """Whether a report whose successful run had ``inputs_then`` counts as up to date with ``inputs_now``."""
    (out / "r").mkdir(parents=True, exist_ok=True)
    (out / "r" / "report.html").write_text("<p>report</p>", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"reports": {"r": {"status": "ok", "inputs": inputs_then}}}),
                                       encoding="utf-8")
    return manifest.up_to_date(out, "r", inputs_now) is not None


def test_changed_embedding_vectors_rebuild_the_report(tmp_path, package_copy):
    job = Job("r", small_notebook(tmp_path), {"data": str(package_copy.folder)})
    before = report_inputs(job)
    store = package_copy.folder / "embeddings.csv"
    text = store.read_text(encoding="utf-8")
    store.write_text(text.replace("0.0", "0.1", 1), encoding="utf-8")
    after = report_inputs(job)
    assert before["data_sha256"] != after["data_sha256"]
    assert up_to_date_after(tmp_path / "out", before, before) and not up_to_date_after(tmp_path / "out", before, after)


def test_an_undeclared_embeddings_file_is_covered_too(tmp_path, package_copy):
    descriptor = json.loads(package_copy.descriptor.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "embeddings"]
    package_copy.descriptor.write_text(json.dumps(descriptor), encoding="utf-8")
    before = manifest.data_hash(str(package_copy.folder))
    store = package_copy.folder / "embeddings.csv"
    store.write_text(store.read_text(encoding="utf-8").replace("0.0", "0.2", 1), encoding="utf-8")
    assert manifest.data_hash(str(package_copy.folder)) != before


def test_changed_stems_rebuild_the_report(package_copy):
    before = manifest.data_hash(str(package_copy.folder))
    rows = package_copy.rows("stems")
    rows[1][-1] = rows[1][-1] + "x"
    package_copy.write("stems", rows)
    assert manifest.data_hash(str(package_copy.folder)) != before


@pytest.fixture
def package_files(tmp_path) -> Path:
    copy = tmp_path / "icdd_analysis"
    shutil.copytree(manifest.PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_an_edited_indonesian_catalogue_rebuilds_the_report(package_files):
    before = manifest.package_files_hash(package_files)
    po = package_files / "locale" / "id" / "LC_MESSAGES" / "icdd.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "x_new"\nmsgstr "baru"\n', encoding="utf-8")
    assert manifest.package_files_hash(package_files) != before


def test_edited_package_code_rebuilds_the_report(package_files):
    before = manifest.package_files_hash(package_files)
    module = package_files / "present" / "display.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert manifest.package_files_hash(package_files) != before


def test_bytecode_caches_do_not_count(package_files):
    before = manifest.package_files_hash(package_files)
    (package_files / "__pycache__").mkdir()
    (package_files / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    assert manifest.package_files_hash(package_files) == before


def test_the_key_holds_the_package_files_and_babels_version(tmp_path):
    inputs = report_inputs(Job("r", small_notebook(tmp_path), {}))
    assert inputs["package_files_sha256"] == manifest.package_files_hash()
    assert {"babel", "jinja2", "nbconvert", "matplotlib"} <= set(inputs["libraries"])


def test_another_babel_version_rebuilds_the_report(tmp_path):
    inputs = report_inputs(Job("r", small_notebook(tmp_path), {}))
    other = json.loads(json.dumps(inputs))
    other["libraries"]["babel"] = "0.0.1"
    assert not up_to_date_after(tmp_path / "out", inputs, other)
