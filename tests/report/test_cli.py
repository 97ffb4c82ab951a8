"""icdd-report's command line: list, exit codes and messages for bad input (exit 2, nothing written)."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest

from icdd_analysis import report

from .helpers import cli, run_main, toy_notebook

pytestmark = pytest.mark.slow


def test_list_shows_every_notebook_parameter_with_default_and_help():
    out = cli("list")  # the installed command itself, in a process of its own
    assert out.returncode == 0, out.stderr
    assert "01-overview" in out.stdout and "02-compare-agendas" in out.stdout
    assert '  method (str, default "all"): coding, keywords, tfidf, embedding, or all' in out.stdout
    assert "  n_permutations (int, default 200): random re-splits for the permutation baseline" in out.stdout
    assert ('  baseline_scope (str, default "sessions"): items of the earlier agenda: sessions, sessions+theme, '
            "stated_agenda, focus_areas, focus_areas+panels+review, or kinds joined by +") in out.stdout
    assert '  target_scope (str, default "focus_areas"): items of the later agenda: focus_areas' in out.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "colour=red"], "parameter 'colour': unknown parameter; 02-compare-agendas takes: lang, text_lang, data, baseline"),
        (["-p", "text_lang=fr"], "parameter 'text_lang': 'fr' is not valid; valid: en, id, both."),
        (["-p", "n_permutations=many"], "parameter 'n_permutations': 'many' is not a whole number."),
        (["-p", "baseline=rcdd-2018"], "parameter 'baseline': 'rcdd-2018' is not valid; valid: experts-meeting-2017"),
        (["-p", "method=bert"], "parameter 'method': 'bert' is not valid; valid: all, coding, keywords, tfidf, embedding."),
        (["-p", "lang=fr"], "parameter 'lang': 'fr' is not valid; valid: en, id."),
        (["-p", "frame=sdg"], "parameter 'frame': 'sdg' is not valid; valid: dw, wsis, gdc, function, dw-basket."),
        (["-p", "target=rcdd-2019"], "parameter 'target': is the same event as baseline"),
        (["-p", "data=/no/such/package"], "parameter 'data': '/no/such/package' does not exist"),
        (["-p", "lang"], "-p 'lang': write -p name=value."),
        (["-p", "baseline_scope=focus_areas"], "parameter 'baseline_scope': preset 'focus_areas' needs items of kind "
                                               "focus_area, which rcdd-2019 does not have; presets for rcdd-2019: "
                                               "sessions, sessions+theme, stated_agenda"),
        (["-p", "target_scope=everything"], "parameter 'target_scope': 'everything' is neither a preset"),
        (["-p", "baseline=icdd-2021", "-p", "target=rcdd-2019"], "parameter 'baseline_scope': preset 'sessions' needs "
                                                                 "items of kind session, which icdd-2021 does not have"),
    ],
)
def test_bad_parameters_exit_2_with_a_clear_message_and_write_nothing(tmp_path, capsys, args, message):
    # In this process (no kernel starts before the checks); an exception escaping main() fails the test, and
    # test_an_absurd_n_permutations_exits_2_before_a_kernel_starts checks the same path in a process of its own.
    out = tmp_path / "reports"
    code, err = run_main(capsys, "run", "02-compare-agendas", *args, "--out", str(out))
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_wrong_type_in_a_parameter_file_is_named(tmp_path, capsys):
    params = tmp_path / "params.yaml"
    params.write_text("n_permutations: '200'\n")
    code, err = run_main(capsys, "run", "02-compare-agendas", "-f", str(params), "--out", str(tmp_path / "r"))
    assert code == 2
    assert "parameter 'n_permutations': '200' is a str, expected a int." in err


def test_unknown_notebook_lists_the_available_ones(tmp_path, capsys):
    code, err = run_main(capsys, "run", "03-nothing", "--out", str(tmp_path))
    assert code == 2 and "available: 01-overview, 02-compare-agendas" in err


# --- one source of truth for parameter help ----------------------------------------------------------------


def test_list_shows_each_parameter_help_from_its_notebook_and_nowhere_else():
    import papermill as pm

    from icdd_analysis import report
    from icdd_analysis.parameters import KNOWN_TYPES as PARAMS

    listed = report.list_notebooks()
    for notebook in report.available_notebooks():
        for name, param in pm.inspect_notebook(str(notebook)).items():
            if name != "figures_dir":
                assert f"  {name} ({param['inferred_type_name']}, default {param['default']}): {param['help']}" in listed
    assert not any("help" in str(v) for v in PARAMS)  # no second copy of the help to drift


def test_an_absurd_n_permutations_exits_2_before_a_kernel_starts(tmp_path):
    out = tmp_path / "reports"
    # In a child with a time limit: without the bound this runs for hours.
    result = cli("run", "02-compare-agendas", "-p", "n_permutations=100000000", "--out", str(out), timeout=120)
    assert result.returncode == 2 and "outside the valid range 1 to 10000" in result.stderr and "time" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_an_unsafe_name_exits_2_and_writes_nothing(tmp_path, capsys):
    nb = toy_notebook(tmp_path)
    out = tmp_path / "reports"
    code, err = run_main(capsys, "run", str(nb), "--name", "../escaped", "--out", str(out))
    assert code == 2 and "report name '../escaped' contains a path separator" in err
    config = tmp_path / "reports.yaml"
    config.write_text(f"reports:\n  - name: manifest.json\n    notebook: {nb}\n", encoding="utf-8")
    code, err = run_main(capsys, "all", "--config", str(config), "--out", str(out))
    assert code == 2 and f"report config {config}, entry 1: report name 'manifest.json' collides" in err
    assert not out.exists() and not (tmp_path / "escaped").exists()


# --- 5. figures_dir is the runner's ---------------------------------------------------------------------------


def test_figures_dir_is_not_a_runner_parameter(tmp_path, capsys):
    nb = toy_notebook(tmp_path)
    out = tmp_path / "reports"
    code, err = run_main(capsys, "run", str(nb), "-p", "figures_dir=/srv/elsewhere", "--out", str(out))
    assert code == 2 and "parameter 'figures_dir': is set by icdd-report: figures always go to <report>/figures/" in err
    config = tmp_path / "reports.yaml"
    config.write_text(f"reports:\n  - name: toy\n    notebook: {nb}\n    parameters: {{figures_dir: x}}\n", encoding="utf-8")
    code, err = run_main(capsys, "all", "--config", str(config), "--out", str(out))
    assert code == 2 and "parameter 'figures_dir': is set by icdd-report" in err
    assert not out.exists()
    listing = report.list_notebooks()
    assert "  figures_dir: set by icdd-report, figures go to <report>/figures/ (not a runner parameter)" in listing
    assert "figures_dir (str" not in listing


def test_cell_timeout_must_be_a_positive_number_of_seconds(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        report.main(["run", "01-overview", "--cell-timeout", "0", "--out", str(tmp_path / "r")])
    assert exit_.value.code == 2 and "not a whole number of seconds of at least 1" in capsys.readouterr().err


# --- 9. quiet without a usable HOME; no kernel files left behind ----------------------------------------------


def test_quiet_prints_nothing_without_a_usable_home(tmp_path):
    body = ("import matplotlib\nmatplotlib.use('agg')\nimport matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()")
    nb = toy_notebook(tmp_path, body=body)
    home = tmp_path / "home-is-a-file"  # not a folder: unusable even for root
    home.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER_", "XDG_")) and k not in ("IPYTHONDIR", "MPLCONFIGDIR")}
    env["HOME"] = str(home)
    out = tmp_path / "reports"
    result = subprocess.run([sys.executable, "-m", "icdd_analysis.report", "run", str(nb), "--name", "toy",
                             "--out", str(out), "--quiet"], capture_output=True, text=True, env=env, timeout=300)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    executed = nbformat.read(out / "toy" / "report.ipynb", as_version=4)
    assert [o for c in executed.cells for o in c.get("outputs", []) if o.get("name") == "stderr"] == []
