"""icdd-report: parameter checks before any kernel, atomic writes, failure handling, index and manifest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from icdd_analysis import report

from .conftest import ROOT

pytestmark = pytest.mark.slow


def cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "icdd_analysis.report", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def toy_notebook(folder: Path, body: str = 'if fail:\n    raise RuntimeError("boom in the toy notebook")') -> Path:
    """A small report notebook: a parameters cell, a Markdown heading, a cell that may fail or sleep."""
    params = nbformat.v4.new_code_cell('lang: str = "en"  # report language\nfail: bool = False  # raise in cell 3\n'
                                       'sleep: int = 0  # seconds to wait in cell 3\nfigures_dir: str = ""  # figures')
    params.metadata["tags"] = ["parameters"]
    cells = [
        params,
        nbformat.v4.new_code_cell('from IPython.display import Markdown, display\ndisplay(Markdown(f"# Toy report ({lang})"))'),
        nbformat.v4.new_code_cell("import time\ntime.sleep(sleep)\n" + body),
        nbformat.v4.new_code_cell('print("finished")'),
    ]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    path = folder / "toy.ipynb"
    nbformat.write(nb, path)
    return path


def test_list_shows_every_notebook_parameter_with_default_and_help():
    out = cli("list")
    assert out.returncode == 0, out.stderr
    assert "01-overview" in out.stdout and "02-compare-agendas" in out.stdout
    assert '  method (str, default "all"): coding, keywords, tfidf, embedding, or all' in out.stdout
    assert "  n_permutations (int, default 200): random re-splits for the permutation baseline" in out.stdout
    assert ('  baseline_scope (str, default "sessions"): items of the earlier agenda: sessions, sessions+theme, '
            "stated_agenda, focus_areas, focus_areas+panels+review, or kinds joined by +") in out.stdout
    assert '  target_scope (str, default "focus_areas"): items of the later agenda: focus_areas' in out.stdout


def test_scope_parameters_are_checked_against_their_event():
    from icdd_analysis.parameters import ParameterError, check

    values = {"baseline": "rcdd-2019", "target": "icdd-2021", "baseline_scope": "stated_agenda",
              "target_scope": "focus_areas+panels+review"}
    assert check(values).event("rcdd-2019")  # valid: no error
    assert check({**values, "baseline_scope": "session+theme"})  # kinds joined by '+' are valid too
    with pytest.raises(ParameterError, match="parameter 'target_scope': preset 'sessions' needs items of kind session"):
        check({**values, "target_scope": "sessions"})


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
def test_bad_parameters_exit_2_with_a_clear_message_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "reports"
    result = cli("run", "02-compare-agendas", *args, "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_wrong_type_in_a_parameter_file_is_named(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("n_permutations: '200'\n")
    result = cli("run", "02-compare-agendas", "-f", str(params), "--out", str(tmp_path / "r"))
    assert result.returncode == 2
    assert "parameter 'n_permutations': '200' is a str, expected a int." in result.stderr


def test_unknown_notebook_lists_the_available_ones(tmp_path):
    result = cli("run", "03-nothing", "--out", str(tmp_path))
    assert result.returncode == 2 and "available: 01-overview, 02-compare-agendas" in result.stderr


def test_a_run_writes_notebook_html_figures_index_and_manifest(tmp_path):
    out = tmp_path / "reports"
    result = cli("run", "01-overview", "-p", "lang=id", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""  # quiet mode for cron
    folder = out / "01-overview--lang-id"
    assert {p.name for p in folder.iterdir()} == {"report.ipynb", "report.html", "figures"}
    assert {p.name for p in (folder / "figures").iterdir()} == {"timeline.png", "countries.png"}
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "<title>Konferensi diplomasi digital Indonesia: gambaran umum</title>" in page
    assert "load_checked" not in page and "class=\"jp-InputArea" not in page  # no code cells
    assert "(notebook)" not in page  # the notebook-only note is removed
    assert "Sumber" in page and "news.detik.com" in page  # the facts carry their sources
    manifest = json.loads((out / "manifest.json").read_text())
    entry = manifest["reports"]["01-overview--lang-id"]
    assert entry["status"] == "ok" and entry["parameters"] == {"lang": "id"}
    assert set(entry["inputs"]) == {"notebook_sha256", "data_sha256", "package_version", "package_files_sha256",
                                    "parameters", "libraries"}
    index = (out / "index.html").read_text()
    title = "Konferensi diplomasi digital Indonesia: gambaran umum"
    assert entry["title"] == title and "answer" not in entry  # the overview answers no comparison
    assert (f'<a href="01-overview--lang-id/report.html" hreflang="id" title="01-overview--lang-id" lang="id">{title}</a>'
            in index and "page language: Indonesian" in index)
    assert title in (out / "index.id.html").read_text(encoding="utf-8")
    assert not list(out.glob(".tmp-*")) and not list(out.glob(".old-*"))


def test_a_failing_run_exits_1_names_the_cell_and_keeps_the_previous_report(tmp_path):
    nb = toy_notebook(tmp_path)
    out = tmp_path / "reports"
    assert cli("run", str(nb), "--name", "toy", "--out", str(out), "-q").returncode == 0
    before = (out / "toy" / "report.html").read_bytes()
    failed = cli("run", str(nb), "--name", "toy", "-p", "fail=true", "--out", str(out), "-q")
    assert failed.returncode == 1
    assert ("toy failed in cell 3 of toy.ipynb (`raise RuntimeError(\"boom in the toy notebook\")`): RuntimeError: boom in "
            "the toy notebook.") in failed.stderr  # the line that raised, not the cell's first line
    assert (out / "toy" / "report.html").read_bytes() == before
    kept = nbformat.read(out / "toy.failed.ipynb", as_version=4)
    assert any(o.get("ename") == "RuntimeError" for c in kept.cells for o in c.get("outputs", []))
    entry = json.loads((out / "manifest.json").read_text())["reports"]["toy"]
    assert entry["status"] == "failed" and entry["failed_cell"] == 3 and entry["last_success"]["parameters"] == {}
    assert "failed</b> in cell 3" in (out / "index.html").read_text()
    # a later success replaces the report and clears the failure
    assert cli("run", str(nb), "--name", "toy", "--out", str(out), "-q").returncode == 0
    assert not (out / "toy.failed.ipynb").exists()


def test_a_killed_run_leaves_the_previous_report_and_its_temp_folder_is_cleaned(tmp_path):
    nb = toy_notebook(tmp_path)
    out = tmp_path / "reports"
    assert cli("run", str(nb), "--name", "toy", "--out", str(out), "-q").returncode == 0
    before = (out / "toy" / "report.html").read_bytes()
    # Where jupyter_client would otherwise put the kernel's connection file (a secret) and leave it behind.
    system_temp, runtime = tmp_path / "system-temp", tmp_path / "jupyter-runtime"
    system_temp.mkdir()
    env = {**os.environ, "TMPDIR": str(system_temp), "JUPYTER_RUNTIME_DIR": str(runtime)}
    proc = subprocess.Popen([sys.executable, "-m", "icdd_analysis.report", "run", str(nb), "--name", "toy",
                             "-p", "sleep=30", "--out", str(out), "-q"], start_new_session=True, env=env)
    deadline = time.monotonic() + 60
    while not list(out.glob(".tmp-*/kernel.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # well inside the sleeping cell
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (out / "toy" / "report.html").read_bytes() == before
    assert list(out.glob(".tmp-*/kernel.json"))  # the killed run's work folder, with the connection file...
    assert list(system_temp.iterdir()) == [] and not runtime.exists()  # ...and nowhere else
    assert cli("run", str(nb), "--name", "toy", "--out", str(out), "-q").returncode == 0
    assert not list(out.glob(".tmp-*"))  # ...is removed by the next run


def test_two_runs_into_the_same_folder_at_once_do_not_corrupt_each_other(tmp_path):
    nb = toy_notebook(tmp_path)
    out = tmp_path / "reports"
    procs = [subprocess.Popen([sys.executable, "-m", "icdd_analysis.report", "run", str(nb), "--name", name,
                               "-p", f"lang={lang}", "--out", str(out), "-q"], stderr=subprocess.PIPE, text=True)
             for name, lang in (("toy-a", "en"), ("toy-b", "id"), ("toy-a", "id"))]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0], [p.stderr.read() for p in procs]
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["reports"]) == {"toy-a", "toy-b"}
    for name in ("toy-a", "toy-b"):
        nb_out = nbformat.read(out / name / "report.ipynb", as_version=4)
        assert nb_out.cells[-1].outputs[0]["text"] == "finished\n"
        assert "<title>Toy report" in (out / name / "report.html").read_text()
    assert not list(out.glob(".tmp-*")) and not list(out.glob(".old-*"))


SHOW_TRANSPORT = ('from ipykernel.connect import get_connection_info\n'
                  'info = get_connection_info(unpack=True)\n'
                  'print(f"kernel transport: {info[\'transport\']} {info[\'ip\'][:12]}")')


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract Unix sockets are Linux's")
def test_report_kernels_talk_over_sockets_no_other_process_can_take_from_them(tmp_path):
    """A kernel on TCP ports chosen by another process's bind-and-release can lose them to a kernel started at
    the same moment by a second Dask worker or test process ("Address already in use": CI failed so). The
    runner gives every kernel its own abstract Unix socket name instead, on each path: the kernel started
    ahead during the checks (``run``) and the Dask workers' kernels (``all --jobs 2``)."""
    nb = toy_notebook(tmp_path, body=SHOW_TRANSPORT)
    config = tmp_path / "reports.yaml"
    config.write_text(f"reports:\n  - name: one\n    notebook: {nb}\n  - name: two\n    notebook: {nb}\n")
    out = tmp_path / "reports"
    ran = cli("run", str(nb), "--name", "alone", "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    both = cli("all", "--config", str(config), "--out", str(out), "--jobs", "2")
    assert both.returncode == 0, both.stderr
    for name in ("alone", "one", "two"):
        cells = nbformat.read(out / name / "report.ipynb", as_version=4).cells
        printed = [o["text"] for c in cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stdout"]
        assert printed[0] == "kernel transport: ipc @icdd-kernel\n", (name, printed)


def test_all_runs_the_configured_reports_and_checks_every_one_first(tmp_path):
    nb = toy_notebook(tmp_path)
    config = tmp_path / "reports.yaml"
    config.write_text(f"reports:\n  - name: one\n    notebook: {nb}\n    parameters: {{lang: en}}\n"
                      f"  - name: two\n    notebook: {nb}\n    parameters: {{lang: id}}\n")
    out = tmp_path / "reports"
    result = cli("all", "--config", str(config), "--out", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "started one" in result.stderr and "two: done" in result.stderr  # progress for people
    assert {p.name for p in out.iterdir() if p.is_dir()} == {"one", "two"}
    config.write_text(f"reports:\n  - name: one\n    notebook: {nb}\n    parameters: {{lang: en}}\n"
                      f"  - name: bad\n    notebook: {nb}\n    parameters: {{lang: fr}}\n")
    fresh = tmp_path / "fresh"
    bad = cli("all", "--config", str(config), "--out", str(fresh))
    assert bad.returncode == 2 and "parameter 'lang': 'fr' is not valid" in bad.stderr
    assert not fresh.exists()  # the good report did not run either


def test_default_config_names_existing_notebooks_with_valid_parameters():
    jobs = report.load_config(report.default_config())
    assert {j.name for j in jobs} >= {"overview-en", "overview-id", "compare-agendas-en", "compare-agendas-id"}
    for job in jobs:
        job.checked()


def test_report_title_comes_from_the_first_heading():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "intro\n# Judul laporan\n"})]
    assert report.report_title(nb) == "Judul laporan"
