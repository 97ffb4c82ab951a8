"""Parameter and config files: relative paths, hostile files, wrong shapes, matrix sweeps, the shipped configs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import icdd_analysis as icdd
from icdd_analysis import report

from ..conftest import ROOT
from .helpers import claims_notebook, run_all, run_main, toy_notebook

pytestmark = pytest.mark.slow


def test_default_config_names_existing_notebooks_with_valid_parameters():
    jobs = report.load_config(report.default_config())
    assert {j.name for j in jobs} >= {"overview-en", "overview-id", "compare-agendas-en", "compare-agendas-id"}
    for job in jobs:
        job.checked()


# --- sweeps --------------------------------------------------------------------------------------------------


def test_a_matrix_expands_into_stably_named_reports_and_a_summary_side_by_side(tmp_path):
    nb = claims_notebook(tmp_path)
    config = tmp_path / "sweep.yaml"
    config.write_text(f"reports:\n  - name: claims\n    notebook: {nb}\n    parameters: {{fail: false}}\n"
                      "    matrix: {lang: [en, id]}\n", encoding="utf-8")
    from icdd_analysis import report

    jobs = report.load_config(config)
    assert [(j.name, j.parameters) for j in jobs] == [("claims-en", {"fail": False, "lang": "en"}),
                                                      ("claims-id", {"fail": False, "lang": "id"})]
    out = tmp_path / "reports"
    result = run_all(config, out)
    assert result.returncode == 0, result.stderr
    summary = (out / "claims-summary.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*<td>(.*?)</tr>", summary, flags=re.S)
    assert len(rows) == 2
    assert "claims-en/report.html" in rows[0] and "A holds in en" in rows[0] and "B holds" not in rows[0]
    assert "claims-id/report.html" in rows[1] and "A holds in id" in rows[1] and "B holds" in rows[1]
    assert "claims-summary.html" in (out / "index.html").read_text(encoding="utf-8")


def test_a_bad_matrix_is_refused_before_anything_runs(tmp_path):
    nb = claims_notebook(tmp_path)
    config = tmp_path / "sweep.yaml"
    config.write_text(f"reports:\n  - name: claims\n    notebook: {nb}\n    matrix: {{lang: [en, fr]}}\n", encoding="utf-8")
    result = run_all(config, tmp_path / "reports")
    assert result.returncode == 2 and "parameter 'lang': 'fr' is not valid" in result.stderr
    config.write_text(f"reports:\n  - name: claims\n    notebook: {nb}\n    matrix: {{lang: en}}\n", encoding="utf-8")
    result = run_all(config, tmp_path / "reports")
    assert result.returncode == 2 and "matrix 'lang' must be a non-empty list" in result.stderr
    assert not (tmp_path / "reports").exists()


def test_the_shipped_sweep_config_expands_into_valid_reports():
    from icdd_analysis import report

    jobs = report.load_config(ROOT / "notebooks" / "sweep.yaml")
    assert len(jobs) >= 8 and len({j.name for j in jobs}) == len(jobs)
    for job in jobs:
        job.checked()


# --- 4. paths in config files; the output folder ------------------------------------------------------------


def test_relative_paths_in_config_and_parameter_files_are_relative_to_the_file(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    shutil.copytree(icdd.bundled_path().parent, folder / "mydata")
    toy_notebook(folder)
    (folder / "reports.yaml").write_text("reports:\n  - name: mine\n    notebook: toy.ipynb\n"
                                         "    parameters: {data: mydata}\n", encoding="utf-8")
    (folder / "params.yaml").write_text("data: mydata\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # a cron job's working folder is not the config's
    [job] = report.load_config(Path("../config/reports.yaml"))
    assert job.notebook.resolve() == (folder / "toy.ipynb").resolve()
    assert job.parameters == {"data": str((folder / "mydata").resolve())}
    nb = report.find_notebook("01-overview")
    values = report.parse_cli_parameters(nb, ["lang=id"], ["../config/params.yaml"])
    assert values == {"data": str((folder / "mydata").resolve()), "lang": "id"}
    assert report.parse_cli_parameters(nb, ["data=mydata"], [])["data"] == str((elsewhere / "mydata").resolve())  # -p: cwd


# --- 10. YAML files: size, depth, aliases, encoding ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"lang: en\n" + b"# padding\n" * 120_000, "larger than 1024 KiB"),
        (b"lang: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested more than 32 levels deep"),
        (b'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n'
         b"lang: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "aliases (*name) are not allowed here"),
        ("lang: 'español'\n".encode("latin-1"), "not UTF-8 text (byte 0xf1 at offset"),
        (b"lang: [unclosed\n", "not valid YAML"),
    ],
    ids=["too-big", "too-deep", "billion-laughs", "latin-1", "broken"],
)
def test_hostile_parameter_and_config_files_exit_2(tmp_path, capsys, content, message):
    out = tmp_path / "reports"
    params = tmp_path / "params.yaml"
    params.write_bytes(content)
    code, err = run_main(capsys, "run", "01-overview", "-f", str(params), "--out", str(out))
    assert code == 2 and f"icdd-report: parameter file {params}" in err and message in err, err
    config = tmp_path / "reports.yaml"
    config.write_bytes(content.replace(b"lang:", b"reports:", 1))
    code, err = run_main(capsys, "all", "--config", str(config), "--out", str(out))
    assert code == 2 and f"icdd-report: report config {config}" in err and message in err, err
    assert not out.exists()


def test_a_config_with_wrong_shapes_exits_2(tmp_path, capsys):
    config = tmp_path / "reports.yaml"
    for text, message in [("reports: {a: 1}\n", "expected a 'reports:' list"),
                          ("- 1\n", "expected a 'reports:' list"),
                          ("reports:\n  - notebook: 01-overview\n    parameters: [1, 2]\n", "entry 1: 'parameters' must be")]:
        config.write_text(text, encoding="utf-8")
        code, err = run_main(capsys, "all", "--config", str(config), "--out", str(tmp_path / "r"))
        assert code == 2 and message in err, err
