"""icdd-report's engine: reports skipped while their inputs are unchanged, matrix sweeps and their summary,
and Dask (a LocalCluster, and a scheduler with two workers started as separate processes) producing the
same reports as a serial run."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from icdd_analysis.errors import DataPackageError

from .conftest import ROOT
from .test_report import cli

pytestmark = pytest.mark.slow


def claims_notebook(folder: Path) -> Path:
    """A small report: parameters (with a data package, checked by the runner), a heading, an "In short" list."""
    params = nbformat.v4.new_code_cell('lang: str = "en"  # report language\ndata: str = ""  # a data package\n'
                                       'fail: bool = False  # raise in cell 3\nfigures_dir: str = ""  # figures')
    params.metadata["tags"] = ["parameters"]
    cells = [
        params,
        nbformat.v4.new_code_cell('from IPython.display import Markdown, display\n'
                                  'display(Markdown(f"# Claims ({lang})\\n\\n## In short\\n\\n- **A holds in {lang}**: why.\\n"'
                                  ' + ("- **B holds**: only in id.\\n" if lang == "id" else "")))'),
        nbformat.v4.new_code_cell('if fail:\n    raise RuntimeError("told to fail")'),
    ]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                        "language": "python"}})
    path = folder / "claims.ipynb"
    nbformat.write(nb, path)
    return path


def write_config(path: Path, entries: list[str]) -> Path:
    path.write_text("reports:\n" + "".join(entries), encoding="utf-8")
    return path


def entry(name: str, notebook: Path, **parameters) -> str:
    params = ", ".join(f"{k}: {json.dumps(v)}" for k, v in parameters.items())
    return f"  - name: {name}\n    notebook: {notebook}\n    parameters: {{{params}}}\n"


def executed_at(out: Path, name: str) -> int:
    """When the report's notebook was written (changes only when the report is re-executed)."""
    return (out / name / "report.ipynb").stat().st_mtime_ns


def run_all(config: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    result = cli("all", "--config", str(config), "--out", str(out), *extra)
    return result


# --- incremental reports ---------------------------------------------------------------------------------


def test_unchanged_reports_are_skipped_and_only_what_changed_reruns(tmp_path):
    nb = claims_notebook(tmp_path)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    out = tmp_path / "reports"
    config = tmp_path / "reports.yaml"
    base = [entry("one", nb, lang="en"), entry("two", nb, lang="id"), entry("three", nb, lang="en", data=str(data))]
    write_config(config, base)
    first = run_all(config, out)
    assert first.returncode == 0, first.stderr
    made = {n: executed_at(out, n) for n in ("one", "two", "three")}

    again = run_all(config, out)  # nothing changed: nothing executed, and the index says so
    assert again.returncode == 0, again.stderr
    assert {n: executed_at(out, n) for n in made} == made
    assert again.stderr.count("up to date") == 3
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("up to date") == 3
    assert f"made by the run of {manifest['reports']['one']['finished']}" in index

    write_config(config, [entry("one", nb, lang="en"), entry("two", nb, lang="en"), base[2]])  # two's parameters
    changed = run_all(config, out)
    assert changed.returncode == 0, changed.stderr
    assert executed_at(out, "one") == made["one"] and executed_at(out, "three") == made["three"]
    assert executed_at(out, "two") != made["two"]
    write_config(config, base)

    csv = data / "sources.csv"  # the same rows with other line endings: the package's content changed
    csv.write_bytes(csv.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    made = {n: executed_at(out, n) for n in made}
    after_csv = run_all(config, out)
    assert after_csv.returncode == 0, after_csv.stderr
    assert executed_at(out, "three") != made["three"]  # the one report reading that package
    assert executed_at(out, "one") == made["one"]

    made = {n: executed_at(out, n) for n in made}
    forced = run_all(config, out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert all(executed_at(out, n) != made[n] for n in made) and "up to date" not in forced.stderr


def test_a_failed_or_removed_report_is_never_skipped(tmp_path):
    nb = claims_notebook(tmp_path)
    out = tmp_path / "reports"
    good = write_config(tmp_path / "good.yaml", [entry("one", nb, lang="en")])
    assert run_all(good, out).returncode == 0
    made = executed_at(out, "one")
    bad = write_config(tmp_path / "bad.yaml", [entry("one", nb, lang="en", fail=True)])
    failed = run_all(bad, out)
    assert failed.returncode == 1 and "one failed in cell 3" in failed.stderr
    assert executed_at(out, "one") == made  # the previous report stays...
    rerun = run_all(good, out)  # ...but its inputs equal the last good run's: it re-runs all the same
    assert rerun.returncode == 0, rerun.stderr
    assert "up to date" not in rerun.stderr and executed_at(out, "one") != made
    shutil.rmtree(out / "one")  # a report folder removed by hand is rebuilt
    assert run_all(good, out).returncode == 0
    assert (out / "one" / "report.html").is_file()


#: What a run with every report up to date must not import, let alone start (a Dask cluster).
HEAVY_MODULES = ("dask", "distributed", "papermill", "nbconvert", "nbformat", "nbclient", "pandas", "frictionless",
                 "jsonschema", "icdd_analysis.data.loader", "icdd_analysis.data.model")


def run_all_in_process(config: Path, out: Path, *extra: str) -> tuple[int, list[str], str]:
    """``icdd-report all`` in a fresh interpreter, as the command line runs it; returns its exit code, the
    heavy modules it imported and its stderr."""
    script = ("import json, sys\nfrom icdd_analysis.report import main\ncode = main(sys.argv[1:])\n"
              f"print(json.dumps([code, sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules)]))")
    result = subprocess.run([sys.executable, "-c", script, "all", "--config", str(config), "--out", str(out), *extra],
                            capture_output=True, text=True, timeout=300)
    code, imported = json.loads(result.stdout.strip().splitlines()[-1])
    return code, imported, result.stderr


def test_with_everything_up_to_date_no_heavy_module_is_imported_and_no_cluster_starts(tmp_path):
    nb = claims_notebook(tmp_path)
    out = tmp_path / "reports"
    config = write_config(tmp_path / "reports.yaml", [entry("one", nb, lang="en"), entry("two", nb, lang="id")])
    code, imported, stderr = run_all_in_process(config, out)  # the first run executes: it needs them
    assert code == 0, stderr
    assert "papermill" in imported and "nbformat" in imported
    made = {n: executed_at(out, n) for n in ("one", "two")}

    for jobs in ("1", "2"):  # --jobs 2 would start a Dask LocalCluster if anything had to run
        code, imported, stderr = run_all_in_process(config, out, "--jobs", jobs)
        assert code == 0, stderr
        assert imported == [], f"--jobs {jobs}: imported {imported} with every report up to date"
        assert stderr.count("up to date") == 2
        assert {n: executed_at(out, n) for n in made} == made
    index = (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert index.count("up to date") == 2
    assert f"made by the run of {manifest['reports']['two']['finished']}" in index

    write_config(config, [entry("one", nb, lang="en"), entry("two", nb, lang="id", fail=True)])
    code, imported, stderr = run_all_in_process(config, out, "--jobs", "2")  # one report changed: it runs
    assert code == 1 and "two failed in cell 3" in stderr, stderr
    assert "distributed" not in imported  # one report to run needs no cluster
    assert executed_at(out, "one") == made["one"]
    write_config(config, [entry("one", nb, lang="en"), entry("two", nb, lang="id")])
    code, imported, stderr = run_all_in_process(config, out)  # after a failed run: never skipped
    assert code == 0 and "two: up to date" not in stderr and "one: up to date" in stderr, stderr
    assert executed_at(out, "two") != made["two"]


def test_the_up_to_date_check_still_refuses_bad_report_names_and_checks_what_changed(tmp_path):
    nb = claims_notebook(tmp_path)
    out = tmp_path / "reports"
    config = write_config(tmp_path / "reports.yaml", [entry("one", nb, lang="en")])
    assert run_all(config, out).returncode == 0
    write_config(config, [entry("one", nb, lang="en"), entry("two", nb, lang="fr")])
    result = run_all(config, out)  # one is up to date; two's parameter is checked before anything runs
    assert result.returncode == 2 and "parameter 'lang': 'fr' is not valid" in result.stderr
    assert not (out / "two").exists()


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


# --- Dask ------------------------------------------------------------------------------------------------------


def results(out: Path) -> dict:
    """What must be the same however the reports ran: each report's status, parameters and inputs, and its HTML."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {name: ({k: r.get(k) for k in ("status", "parameters", "inputs", "notebook")},
                   (out / name / "report.html").read_text(encoding="utf-8"))
            for name, r in manifest["reports"].items()}


@contextlib.contextmanager
def dask_cluster(folder: Path, workers: int = 2):
    """A scheduler and workers as separate processes on 127.0.0.1, stopped on leaving.

    The scheduler binds a port of the system's choosing and writes its address to a scheduler file, which the
    workers read: a port picked here and released would race with other processes of the test run."""
    scheduler_file = folder / "scheduler.json"
    bin_dir = Path(sys.executable).parent
    dask = [str(bin_dir / "dask")] if (bin_dir / "dask").exists() else [sys.executable, "-m", "dask"]
    log = (folder / "dask.log").open("w")
    procs = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(scheduler_file)], stdout=log, stderr=log)]
    try:
        deadline, address = time.monotonic() + 60, None
        while address is None:
            assert procs[0].poll() is None and time.monotonic() < deadline, (folder / "dask.log").read_text()
            with contextlib.suppress(OSError, ValueError, KeyError):  # not there yet, or half written
                address = json.loads(scheduler_file.read_text())["address"]
            time.sleep(0.1)
        for _ in range(workers):
            procs.append(subprocess.Popen([*dask, "worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1",
                                           "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1"],
                                          stdout=log, stderr=log))
        from dask.distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for proc in procs[::-1]:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def test_dask_local_cluster_and_scheduler_produce_the_same_reports_as_one_process(tmp_path):
    nb = claims_notebook(tmp_path)
    config = write_config(tmp_path / "reports.yaml", [entry(f"r{i}-{lang}", nb, lang=lang)
                                                      for i in range(2) for lang in ("en", "id")])
    serial = run_all(config, tmp_path / "serial")
    assert serial.returncode == 0, serial.stderr
    local = run_all(config, tmp_path / "local", "--jobs", "2")
    assert local.returncode == 0, local.stderr
    assert "[1/4] started r0-en" in local.stderr and "r1-id: done" in local.stderr
    with dask_cluster(tmp_path) as address:
        remote = run_all(config, tmp_path / "remote", "--scheduler", address)
        assert remote.returncode == 0, remote.stderr
        failing = write_config(tmp_path / "failing.yaml", [entry("ok", nb), entry("bad", nb, fail=True)])
        failed = run_all(failing, tmp_path / "remote-failing", "--scheduler", address)
    assert results(tmp_path / "local") == results(tmp_path / "serial") == results(tmp_path / "remote")
    assert failed.returncode == 1 and "bad failed in cell 3 of claims.ipynb" in failed.stderr
    assert (tmp_path / "remote-failing" / "bad.failed.ipynb").is_file()
    assert (tmp_path / "remote-failing" / "ok" / "report.html").is_file()
    assert "<b>failed</b> in cell 3" in (tmp_path / "remote-failing" / "index.html").read_text(encoding="utf-8")


def test_the_default_reports_are_the_same_with_jobs_2_as_with_jobs_1(tmp_path):
    serial = cli("all", "--out", str(tmp_path / "serial"), "--quiet")
    assert serial.returncode == 0, serial.stderr
    parallel = cli("all", "--out", str(tmp_path / "parallel"), "--quiet", "--jobs", "2")
    assert parallel.returncode == 0, parallel.stderr
    assert results(tmp_path / "parallel") == results(tmp_path / "serial")
    assert len(results(tmp_path / "serial")) == 4


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


def test_index_shows_each_reports_language():
    from html.parser import HTMLParser

    from icdd_analysis.report.manifest import render_index

    manifest = {"generator": "icdd-analysis", "reports": {
        "02-compare-agendas--lang-id": {"notebook": "02-compare-agendas.ipynb", "parameters": {"lang": "id"},
                                        "status": "ok", "finished": "2026-11-29T00:00:00+00:00", "seconds": 1.0},
        "01-overview": {"notebook": "01-overview.ipynb", "parameters": {}, "status": "ok",
                        "finished": "2026-11-29T00:00:00+00:00", "seconds": 1.0}}}
    rows: list[list[str]] = []
    links: dict[str, str] = {}

    class Rows(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                rows.append([])
            if tag == "a" and dict(attrs).get("hreflang"):
                links[dict(attrs)["href"]] = dict(attrs)["hreflang"]

        def handle_data(self, data):
            if rows and data.strip():
                rows[-1].append(data.strip())

    Rows().feed(render_index(manifest))
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["02-compare-agendas--lang-id"][1] == "Indonesian (Bahasa Indonesia)"
    assert by_name["01-overview"][1] == "English"
    assert links == {"02-compare-agendas--lang-id/report.html": "id", "01-overview/report.html": "en",
                     "index.id.html": "id",  # the index in the other language
                     "data-dictionary.html": "en", "data-dictionary-id.html": "id"}  # the data dictionary in each


def test_the_index_names_reports_by_title_with_their_answer_and_parameters_in_words_in_each_language():
    from icdd_analysis.report.manifest import render_index

    line = 'Berlanjut: manajemen krisis (F3, hampir pasti). <script>'
    manifest = {"generator": "icdd-analysis", "reports": {
        "compare-agendas-id": {"notebook": "02-compare-agendas.ipynb", "status": "ok", "seconds": 6.5,
                               "finished": "2026-12-04T21:06:39+00:00", "title": "Dari RCDD 2019 ke ICDD 2021",
                               "parameters": {"lang": "id", "baseline_scope": "stated_agenda", "method": "tfidf"},
                               "answer": {"lang": "id", "line": line}}}}
    en, id_ = render_index(manifest, "en"), render_index(manifest, "id")
    assert '<html lang="en">' in en and '<html lang="id">' in id_
    assert 'title="compare-agendas-id" lang="id">Dari RCDD 2019 ke ICDD 2021</a>' in en  # the title, not the slug
    assert '<span lang="id">Berlanjut: manajemen krisis (F3, hampir pasti). &lt;script&gt;</span>' in en  # escaped
    assert "earlier agenda&#39;s items: whole stated agenda" in en and "method: TF-IDF" in en
    assert "butir agenda terdahulu: seluruh agenda yang dinyatakan" in id_
    assert "<th>the answer in one line</th>" in en and "<th>jawaban dalam satu baris</th>" in id_
    assert "4 Dec 2026, 21:06" in en and "4 Des 2026, 21:06" in id_ and "6,5 s" in id_
    assert "baseline_scope" not in id_ and "lang=id" not in id_


def test_the_data_hash_refuses_a_table_over_the_loaders_size_limit_instead_of_reading_it(package_copy):
    """The up-to-date check hashes a user's package before anything loads it: a huge table is refused by its
    size, as the loader refuses it, never read into memory."""
    from icdd_analysis.data.guard import MAX_TABLE_BYTES
    from icdd_analysis.report.manifest import data_hash

    before = data_hash(str(package_copy.folder))
    assert before == data_hash(str(package_copy.folder))
    with (package_copy.folder / "frames.csv").open("r+b") as table:
        table.truncate(MAX_TABLE_BYTES + 1)  # sparse: no disk space used
    with pytest.raises(DataPackageError, match=r"^frames\.csv: 50,000,001 bytes, larger than the 50,000,000 bytes"):
        data_hash(str(package_copy.folder))
