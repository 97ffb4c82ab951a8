"""Many reports: checked first, up-to-date ones set aside (importing nothing heavy), serial or on Dask alike."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from ..conftest import PROGRESS_LOG, ROOT
from .helpers import claims_notebook, cli, entry, executed_at, results, run_all, toy_notebook, write_config

pytestmark = pytest.mark.slow


def test_all_runs_the_configured_reports_and_checks_every_one_first(tmp_path):
    nb = toy_notebook(tmp_path)
    config = tmp_path / "reports.yaml"
    config.write_text(f"reports:\n  - name: one\n    notebook: {nb}\n    parameters: {{lang: en}}\n"
                      f"  - name: two\n    notebook: {nb}\n    parameters: {{lang: id}}\n")
    out = tmp_path / "reports"
    result = cli("all", "--config", str(config), "--out", str(out))  # --jobs 2: the default reports' test
    assert result.returncode == 0, result.stderr
    assert "[1/2] one: toy.ipynb (lang=en)" in result.stderr and "two: done" in result.stderr  # progress for people
    assert {p.name for p in out.iterdir() if p.is_dir()} == {"one", "two"}
    config.write_text(f"reports:\n  - name: one\n    notebook: {nb}\n    parameters: {{lang: en}}\n"
                      f"  - name: bad\n    notebook: {nb}\n    parameters: {{lang: fr}}\n")
    fresh = tmp_path / "fresh"
    bad = cli("all", "--config", str(config), "--out", str(fresh))
    assert bad.returncode == 2 and "parameter 'lang': 'fr' is not valid" in bad.stderr
    assert not fresh.exists()  # the good report did not run either


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
        for number in range(workers):  # the first with a nanny process, as `dask worker` runs by default
            procs.append(subprocess.Popen([*dask, "worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1",
                                           *(["--no-nanny"] if number else []), "--no-dashboard", "--host", "127.0.0.1"],
                                          stdout=log, stderr=log))
        from dask.distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        # Workers first, then the scheduler: a worker whose scheduler is gone first spends seconds reconnecting.
        for group in (procs[1:], procs[:1]):
            for proc in group:
                proc.terminate()
            for proc in group:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        log.close()


def test_a_dask_scheduler_produces_the_same_reports_as_one_process(tmp_path):
    # --jobs 2 (a local Dask cluster) against one process: test_the_default_reports_are_the_same_with_jobs_2_as_with_jobs_1.
    nb = claims_notebook(tmp_path)
    # Two reports: enough for two Dask workers to take one each, and for the index to order what ran out of order.
    config = write_config(tmp_path / "reports.yaml", [entry(f"r0-{lang}", nb, lang=lang) for lang in ("en", "id")])
    serial = run_all(config, tmp_path / "serial")
    assert serial.returncode == 0, serial.stderr
    with dask_cluster(tmp_path) as address:
        remote = run_all(config, tmp_path / "remote", "--scheduler", address)
        assert remote.returncode == 0, remote.stderr
        failing = write_config(tmp_path / "failing.yaml", [entry("ok", nb), entry("bad", nb, fail=True)])
        failed = run_all(failing, tmp_path / "remote-failing", "--scheduler", address)
    assert results(tmp_path / "serial") == results(tmp_path / "remote")
    assert failed.returncode == 1 and "bad failed in cell 3 of claims.ipynb" in failed.stderr
    assert (tmp_path / "remote-failing" / "bad.failed.ipynb").is_file()
    assert (tmp_path / "remote-failing" / "ok" / "report.html").is_file()
    assert "<b>failed</b> in cell 3" in (tmp_path / "remote-failing" / "index.html").read_text(encoding="utf-8")


def test_the_default_reports_are_the_same_with_jobs_2_as_with_jobs_1(tmp_path, default_reports_folder):
    # default_reports_folder: `icdd-report all --jobs 2` (a local Dask cluster), run once per session; the
    # language test reads its pages too. One process runs one report of each notebook again (the Indonesian
    # ones; the English ones also run in one kernel each under strict nbval, against the stored outputs).
    progress = (default_reports_folder.parent / PROGRESS_LOG).read_text(encoding="utf-8")
    assert "[1/4] started overview-en" in progress and "compare-agendas-id: done" in progress
    parallel = results(default_reports_folder)
    assert sorted(parallel) == ["compare-agendas-en", "compare-agendas-id", "overview-en", "overview-id"]
    config = yaml.safe_load((ROOT / "notebooks" / "reports.yaml").read_text(encoding="utf-8"))
    config["reports"] = [r for r in config["reports"] if r["name"] in ("overview-id", "compare-agendas-id")]
    (tmp_path / "two.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    serial = cli("all", "--config", str(tmp_path / "two.yaml"), "--out", str(tmp_path / "serial"), "--quiet")
    assert serial.returncode == 0, serial.stderr
    assert results(tmp_path / "serial") == {name: parallel[name] for name in ("overview-id", "compare-agendas-id")}
