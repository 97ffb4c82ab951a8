"""Names and paths in the output folder: what would collide with a file the runner writes is exit 2 before
any kernel starts, and nothing in the folder changes."""

from __future__ import annotations

import pytest

from icdd_analysis.report import jobs

from .common import clear_error, config, report_cli, small_notebook, tree


@pytest.mark.parametrize("name", ["claims-summary.html", "Sweep-Summary.html", "index.html", "manifest.json.bak",
                                  "x.failed.ipynb"])
def test_names_of_the_runners_own_files_are_refused(name):
    with pytest.raises(jobs.ReportInputError, match="collides"):
        jobs.check_report_name(name)


def test_a_report_named_like_a_sweeps_summary_is_refused_before_running(tmp_path):
    nb = small_notebook(tmp_path)
    path = config(tmp_path, f"reports:\n  - name: claims\n    notebook: {nb}\n    matrix: {{lang: [en, id]}}\n"
                            f"  - name: claims-summary.html\n    notebook: {nb}\n")
    result = report_cli("all", "--config", str(path), "--out", str(tmp_path / "out"))
    clear_error(result, "claims-summary.html", "collides")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("what", ["manifest.json", "index.html"])
def test_a_runner_file_that_is_a_folder_stops_the_run_before_any_kernel(tmp_path, what):
    nb = small_notebook(tmp_path, body='open("ran", "w").write("x")')
    out = tmp_path / "out"
    (out / what).mkdir(parents=True)
    (out / what / "mine.txt").write_text("keep", encoding="utf-8")
    before = tree(out)
    result = report_cli("run", str(nb), "--out", str(out))
    clear_error(result, what, "not a regular file")
    assert tree(out) == before and not (tmp_path / "ran").exists()


def test_a_linked_manifest_is_refused_and_its_target_unchanged(tmp_path):
    nb = small_notebook(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "elsewhere.json"
    target.write_text("{}", encoding="utf-8")
    (out / "manifest.json").symlink_to(target)
    result = report_cli("run", str(nb), "--out", str(out))
    clear_error(result, "manifest.json", "symbolic link")
    assert target.read_text(encoding="utf-8") == "{}"


def test_a_summary_page_that_is_a_folder_is_refused(tmp_path):
    nb = small_notebook(tmp_path)
    out = tmp_path / "out"
    (out / "sweep-summary.html").mkdir(parents=True)
    path = config(tmp_path, f"reports:\n  - name: sweep\n    notebook: {nb}\n    matrix: {{lang: [en, id]}}\n")
    before = tree(out)
    result = report_cli("all", "--config", str(path), "--out", str(out))
    clear_error(result, "sweep-summary.html")
    assert tree(out) == before


def test_a_file_where_the_report_folder_goes_is_refused(tmp_path):
    nb = small_notebook(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine").write_text("a user's file", encoding="utf-8")
    result = report_cli("run", str(nb), "--out", str(out), "--name", "mine")
    clear_error(result, "mine", "is a file")
    assert (out / "mine").read_text(encoding="utf-8") == "a user's file"
