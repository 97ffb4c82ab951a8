"""Airflow DAG: the icdd-analysis reports of a reports.yaml, one mapped task per report, then the index.

Each report task goes through the same runner function as ``icdd-report all`` (``run_one``): HTML without
code, ``manifest.json``, atomic replacement, the previous report kept when a run fails, and reports
whose inputs are unchanged skipped. Copy this file into your DAGs folder; install ``icdd-analysis`` where
the tasks run. Settings (environment variable first, else the Airflow Variable of the same name):

- ``ICDD_REPORTS_OUT``: the output folder (default ``reports`` in the worker's folder); on a cluster, a
  folder every worker shares.
- ``ICDD_REPORTS_CONFIG``: a reports.yaml (default: the bundled one, the reports of ``make report``).
- ``ICDD_REPORTS_FORCE``: ``1`` to re-run reports whose inputs are unchanged.

Test it with ``airflow dags test icdd_reports`` (``make test-airflow`` does, in its own virtualenv).
"""

from __future__ import annotations

import datetime as dt
import os

from airflow.sdk import Variable, dag, task


def setting(name: str, default: str = "") -> str:
    """An environment variable, else the Airflow Variable of the same name, else ``default``."""
    value = os.environ.get(name)
    if value is None:
        value = Variable.get(name, default=default)
    return value


@dag(dag_id="icdd_reports", schedule="@daily", start_date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), catchup=False,
     tags=["icdd-analysis"], doc_md=__doc__)
def icdd_reports():
    @task
    def plan() -> list[dict]:
        """Read the config and check every report's parameters, names and the output folder: a bad one fails
        this task, before any report task starts (the runner's exit code 2)."""
        from pathlib import Path

        from icdd_analysis.report import check_out_folder, default_config, load_config

        out = Path(setting("ICDD_REPORTS_OUT", "reports")).resolve()
        check_out_folder(out)
        jobs = [job.checked() for job in load_config(Path(setting("ICDD_REPORTS_CONFIG") or default_config()))]
        return [{"name": j.name, "notebook": str(j.notebook), "parameters": j.parameters, "sweep": j.sweep,
                 "matrix": j.matrix, "out": str(out)} for j in jobs]

    @task
    def run_report(job: dict) -> dict:
        """One report, through the runner: a failed report fails this task and names the cell."""
        from pathlib import Path

        from icdd_analysis.report import DEFAULT_CELL_TIMEOUT, Job, run_one

        spec = {k: v for k, v in job.items() if k != "out"}
        outcome = run_one(Job(**{**spec, "notebook": Path(spec["notebook"])}), job["out"], DEFAULT_CELL_TIMEOUT,
                          setting("ICDD_REPORTS_FORCE") == "1")
        if outcome.code != 0:
            raise RuntimeError(outcome.message)
        return {"name": outcome.name, "skipped": outcome.skipped, "seconds": outcome.seconds}

    @task(trigger_rule="all_done")
    def render_index(jobs: list[dict]) -> str:
        """index.html from manifest.json, also when some reports failed (they show as failed)."""
        from icdd_analysis.report import write_index

        return str(write_index(jobs[0]["out"])) if jobs else ""

    jobs = plan()
    run_report.expand(job=jobs) >> render_index(jobs)


icdd_reports()
