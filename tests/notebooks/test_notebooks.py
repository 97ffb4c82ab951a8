"""The notebooks: kernelspec and parameters cell conventions, papermill runs with other parameters, and a real nbval check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import papermill as pm
import pytest

from icdd_analysis.report import available_notebooks

from ..conftest import ROOT, PackageCopy

pytestmark = pytest.mark.slow
NOTEBOOKS = {p.stem: p for p in available_notebooks()}


def _run(name: str, tmp_path, **parameters) -> nbformat.NotebookNode:
    out = tmp_path / f"{name}.ipynb"
    pm.execute_notebook(str(NOTEBOOKS[name]), str(out), parameters=parameters, kernel_name="python3",
                        progress_bar=False, cwd=str(tmp_path), shutdown_kernel="immediate")
    return nbformat.read(out, as_version=4)


def _markdown(nb) -> str:
    return "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_conventions(name):
    nb = nbformat.read(NOTEBOOKS[name], as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and code[0] is tagged[0]
    for line in tagged[0].source.splitlines():  # commented literals only, so --help-notebook documents them
        assert ": " in line and "  # " in line, line
    assert "load_checked(" in code[1].source  # checks right after the parameters
    assert all(c.outputs for c in code[2:]), "stored outputs are what strict nbval compares"
    assert "read_csv" not in "".join(c.source for c in code)  # data only through the package


def test_overview_in_indonesian(default_reports_folder):
    # The default reports (run once per session) include the overview in Indonesian.
    text = _markdown(nbformat.read(default_reports_folder / "overview-id" / "report.ipynb", as_version=4))
    assert "# Konferensi diplomasi digital Indonesia: gambaran umum" in text
    assert "## Negara peserta" in text and "15 negara tercantum pada keduanya; 1 (Myanmar) hanya di RCDD 2019" in text
    assert "Peningkatan kapasitas dan inklusi digital" in text


def test_comparison_smoke_run_in_indonesian_with_one_method_on_another_frame(tmp_path):
    """One papermill run with other parameters than every stored or default report (each method's results are
    unit-tested in tests/study/test_run.py; the English page runs under strict nbval)."""
    text = _markdown(_run("02-compare-agendas", tmp_path, lang="id", frame="wsis", method="tfidf", text_lang="id",
                          n_permutations=20))
    assert "# Dari RCDD 2019 ke ICDD 2021" in text and "WSIS Action Lines" in text
    assert "Manajemen krisis melalui diplomasi digital" in text
    assert "menggunakan TF-IDF, dalam bahasa Indonesia, pada kerangka *Lini Aksi WSIS*" in text  # which texts
    assert "## Apa yang tidak ditunjukkan" in text and "[A2" in text  # the compared items' sources are listed


def test_reports_run_on_a_users_package_with_a_third_conference(tmp_path):
    pkg = PackageCopy(tmp_path / "pkg")
    shutil.copytree(ROOT / "data", pkg.folder)
    cite = {"source_id": "A2", "confidence": "high", "status": "confirmed"}
    pkg.append("events", event_id="example-2025", kind="conference", short_name="EX", name_en="Example conference",
               start_date="2025-05-20", **cite)
    pkg.append("agenda_items", item_id="example-2025-fa-1", event_id="example-2025", kind="focus_area", position="1",
               text_en="Crisis Management through Digital Diplomacy", text_en_basis="official", **cite)
    # The report scores every method against the project coding, so a compared event needs coded items.
    pkg.append("codings", item_id="example-2025-fa-1", frame_id="function", code="F3", coder="project-2026",
               rationale="Crisis management named in the item.", evidence="Crisis Management",
               evidence_field="text_en", basis="item_text")
    nb = _run("02-compare-agendas", tmp_path, data=str(pkg.folder), baseline="icdd-2021", target="example-2025",
              baseline_scope="focus_areas", target_scope="focus_areas", method="tfidf", n_permutations=10,
              text_lang="en")  # the new event has English texts only
    assert "From ICDD 2021 to EX 2025" in _markdown(nb)


def test_strict_nbval_fails_when_the_data_changes(tmp_path):
    # Two copies in one pytest run: the unchanged one (the control) passes strict nbval, and the same notebook
    # fails once one fact in its data package changes.
    unchanged, changed = tmp_path / "unchanged" / "01-overview.ipynb", tmp_path / "changed" / "01-overview.ipynb"
    for copy in (unchanged, changed):
        copy.parent.mkdir()
        shutil.copy(NOTEBOOKS["01-overview"], copy)
    pkg = PackageCopy(tmp_path / "pkg")
    shutil.copytree(ROOT / "data", pkg.folder)
    pkg.set_cell("events", "icdd-2021", "venue", "Conrad Hotel")
    nb = nbformat.read(changed, as_version=4)
    nb.cells[1].source = nb.cells[1].source.replace('data: str = ""', f'data: str = "{pkg.folder}"')
    nbformat.write(nb, changed)
    report = tmp_path / "junit.xml"  # names each cell's notebook file (a node id outside the rootdir does not)
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT), "-c",
            str(ROOT / "pyproject.toml"), "--junitxml", str(report), "-o", "junit_family=xunit1",
            str(unchanged), str(changed)]
    run = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1, run.stdout[-2000:]
    cells = [(Path(case.get("file")).parent.name, case.find("failure") is not None or case.find("error") is not None)
             for case in ElementTree.parse(report).iter("testcase")]
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(unchanged, as_version=4).cells)
    assert [failed for folder, failed in cells if folder == "unchanged"] == [False] * code_cells
    assert len([folder for folder, failed in cells if folder == "changed"]) == code_cells
    assert any(failed for folder, failed in cells if folder == "changed")
    assert "Conrad Hotel" in run.stdout
