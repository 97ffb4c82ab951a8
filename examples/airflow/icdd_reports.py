"""Airflow DAG: the icdd-analysis reports of a reports.yaml, one mapped task per report, then the index.

Each report task goes through the same runner function as ``icdd-report all`` (``run_one``): HTML without
code, ``manifest.json``, atomic replacement, the previous report kept when a run fails, and reports
whose inputs are unchanged skipped. Copy this file into your DAGs folder; install ``icdd-analysis`` where
the tasks run. Settings (environment variable first, else the Airflow Variable of the same name):

- ``ICDD_REPORTS_OUT``: the output folder (default ``reports`` in the worker's folder); on a cluster, a
  folder every worker shares.
- ``ICDD_REPORTS_CONFIG``: a reports.yaml (default: the bundled one, the reports of ``make report``).
- ``ICDD_REPORTS_FORCE``: ``1`` to re-run reports whose inputs are unchanged.
- ``ICDD_REPORTS_RETRIES``: how often a failed task is tried again (default 2, five minutes apart: a kernel
  that died or a full disk may pass later; a report that fails for its data fails again and stays failed).
- ``ICDD_ALERT_WEBHOOK``: a URL (Slack, Teams, Mattermost, ntfy, a chat bot...) that receives a JSON POST
  ``{"text": ..., "dag_id", "task_id", "run_id", "error"}`` when a task fails after its retries.
- ``ICDD_ALERT_EMAIL``: addresses (comma-separated) Airflow e-mails when a task fails after its retries
  (needs Airflow's SMTP settings, ``[smtp]`` in airflow.cfg).

When a report fails, its task fails (after its retries), the index is still written (the report shows as
failed, the previous good one stays linked), and then the last task fails too, so the DAG run is failed:
what a scheduler's monitoring and the alert hooks above watch. ``notify_failure`` is the failure callback:
replace it with your own (PagerDuty, an incident tool) if the webhook is not enough.

Test it with ``airflow dags test icdd_reports`` (``make test-airflow`` does, in its own virtualenv, with a
report that succeeds and one made to fail).
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


def notify_failure(context) -> None:
    """The failure callback: POST a JSON message to ``ICDD_ALERT_WEBHOOK`` when it is set (never raises: an
    alert that cannot be sent is logged, and the task's own failure stays what Airflow reports)."""
    import json
    import logging
    import urllib.request

    url = setting("ICDD_ALERT_WEBHOOK")
    task = context.get("task_instance") or context.get("ti")
    dag_id = getattr(task, "dag_id", None) or "icdd_reports"
    task_id = getattr(task, "task_id", None) or "?"
    run_id = context.get("run_id") or getattr(task, "run_id", "?")
    error = str(context.get("exception") or "")[:2000]
    message = {"text": f"icdd-analysis: {dag_id}.{task_id} failed in run {run_id}: {error}", "dag_id": dag_id,
               "task_id": task_id, "run_id": run_id, "error": error}
    logging.getLogger("icdd_reports").error(message["text"])
    if not url:
        return
    request = urllib.request.Request(url, data=json.dumps(message).encode("utf-8"),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10):
            pass
    except Exception as problem:  # noqa: BLE001 - an alert must never hide the failure it reports
        logging.getLogger("icdd_reports").error("icdd-analysis: the alert to %s failed: %s", url, problem)


def default_args() -> dict:
    emails = [a.strip() for a in setting("ICDD_ALERT_EMAIL").split(",") if a.strip()]
    return {"retries": int(setting("ICDD_REPORTS_RETRIES", "2") or 0), "retry_delay": dt.timedelta(minutes=5),
            "on_failure_callback": notify_failure, "email": emails, "email_on_failure": bool(emails),
            "email_on_retry": False}


@dag(dag_id="icdd_reports", schedule="@daily", start_date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), catchup=False,
     tags=["icdd-analysis"], doc_md=__doc__, default_args=default_args())
def icdd_reports():
    @task
    def plan() -> list[dict]:
        """Read the config and check every report's parameters, names and the output folder: a bad one fails
        this task, before any report task starts (the runner's exit code 2)."""
        from pathlib import Path

        from icdd_analysis.report import check_out_folder, default_config, load_config

        out = Path(setting("ICDD_REPORTS_OUT", "reports")).resolve()
        jobs = [job.checked() for job in load_config(Path(setting("ICDD_REPORTS_CONFIG") or default_config()))]
        check_out_folder(out, jobs)  # also: no runner file (manifest.json, index.html...) that is not a file
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

    @task(trigger_rule="all_done", retries=0)
    def render_index(jobs: list[dict]) -> str:
        """index.html from manifest.json, also when some reports failed (they show as failed); then this
        task fails when any report of this run failed, so that the DAG run is failed, not successful."""
        import json
        from pathlib import Path

        from icdd_analysis.report import write_index

        if not jobs:
            return ""
        index = write_index(jobs[0]["out"])
        reports = json.loads((Path(jobs[0]["out"]) / "manifest.json").read_text(encoding="utf-8"))["reports"]
        failed = sorted(j["name"] for j in jobs if reports.get(j["name"], {}).get("status") != "ok")
        if failed:
            raise RuntimeError(f"{len(failed)} report(s) failed: {', '.join(failed)}; see {index}")
        return str(index)

    jobs = plan()
    run_report.expand(job=jobs) >> render_index(jobs)


icdd_reports()
