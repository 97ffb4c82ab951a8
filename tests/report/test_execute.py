"""One report: what a run writes, how a failed, killed or timed-out run fails, concurrent runs, permissions."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from .helpers import cli, toy_notebook

pytestmark = pytest.mark.slow


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


# --- 6. a dead or stuck kernel is a failed run --------------------------------------------------------------


def test_a_dead_kernel_and_a_cell_timeout_fail_the_run_and_keep_the_previous_report(tmp_path):
    nb = toy_notebook(tmp_path, body="if fail:\n    import os\n    os._exit(1)")
    out = tmp_path / "reports"
    assert cli("run", str(nb), "--name", "toy", "--out", str(out), "-q").returncode == 0
    before = (out / "toy" / "report.html").read_bytes()
    cases = [(["-p", "fail=true"], "the kernel died"),
             (["-p", "sleep=60", "--cell-timeout", "2"], "the cell ran longer than the time limit of 2 s")]
    for args, error in cases:
        result = cli("run", str(nb), "--name", "toy", *args, "--out", str(out), "-q")
        assert result.returncode == 1, result.stderr
        assert f"toy failed in cell 3 of toy.ipynb (`import time`): {error}" in result.stderr
        assert "Traceback" not in result.stderr
        assert (out / "toy" / "report.html").read_bytes() == before
        entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]["toy"]
        assert entry["status"] == "failed" and entry["failed_cell"] == 3 and entry["error"].startswith(error)
        assert entry["last_success"]["parameters"] == {}
        assert f"<b>failed</b> in cell 3: {error}" in (out / "index.html").read_text(encoding="utf-8")
        assert (out / "toy.failed.ipynb").is_file()
        assert not list(out.glob(".tmp-*"))


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


# --- 1. readable output --------------------------------------------------------------------------------


def test_every_report_folder_and_file_is_readable_as_the_umask_allows(tmp_path, umask_022):
    body = 'import os\nos.makedirs(figures_dir, exist_ok=True)\nopen(os.path.join(figures_dir, "plot.png"), "wb").close()'
    nb = toy_notebook(tmp_path, body=body)
    out = tmp_path / "reports"
    result = cli("run", str(nb), "--name", "toy", "--out", str(out), "-q")  # the child inherits the umask
    assert result.returncode == 0, result.stderr
    assert (out / "toy" / "figures" / "plot.png").is_file()
    modes = {str(p.relative_to(out)): stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    assert {name: oct(mode) for name, mode in modes.items() if mode != (0o755 if Path(out, name).is_dir() else 0o644)} == {}
    assert {"toy", "toy/report.html", "toy/report.ipynb", "toy/figures", "index.html", "manifest.json"} <= set(modes)
