"""The example Airflow DAG's tasks, run in order here with a stand-in for ``airflow.sdk`` (the real Airflow
runs it in its own virtualenv: ``make test-airflow``): the same reports as ``icdd-report all``, and a bad
parameter stops it before any report runs."""

from __future__ import annotations

import sys
import types

import pytest

from .conftest import ROOT
from .report.helpers import claims_notebook, entry, results, run_all, write_config

pytestmark = pytest.mark.slow

DAG_FILE = ROOT / "examples" / "airflow" / "icdd_reports.py"


class _Value:
    def __init__(self, value):
        self.value = value

    def __rshift__(self, other):
        return other


def _unwrap(value):
    return value.value if isinstance(value, _Value) else value


def _task(fn=None, **_options):
    """``@task`` / ``@task(...)``: calling runs the function now; ``.expand`` runs it once per value."""
    def wrap(function):
        def call(*args, **kwargs):
            return _Value(function(*map(_unwrap, args), **{k: _unwrap(v) for k, v in kwargs.items()}))

        def expand(**kwargs):
            # Like Airflow's mapped tasks: every instance runs; a failed one is recorded, not raised here.
            [(name, values)] = kwargs.items()
            results, errors = [], []
            for v in _unwrap(values):
                try:
                    results.append(function(**{name: v}))
                except Exception as error:  # noqa: BLE001 - a failed task instance
                    errors.append(error)
            value = _Value(results)
            value.errors = errors
            return value

        call.expand = expand
        return call

    return wrap(fn) if fn is not None else wrap


def _dag(**_options):
    return lambda function: function


@pytest.fixture
def fake_airflow(monkeypatch):
    airflow, sdk = types.ModuleType("airflow"), types.ModuleType("airflow.sdk")
    sdk.dag, sdk.task = _dag, _task
    sdk.Variable = types.SimpleNamespace(get=lambda name, default=None: default)
    monkeypatch.setitem(sys.modules, "airflow", airflow)
    monkeypatch.setitem(sys.modules, "airflow.sdk", sdk)


def run_dag():
    code = compile(DAG_FILE.read_text(encoding="utf-8"), str(DAG_FILE), "exec")
    exec(code, {"__name__": "icdd_reports_dag"})


def test_the_dag_makes_the_same_reports_as_icdd_report_all(tmp_path, fake_airflow, monkeypatch):
    nb = claims_notebook(tmp_path)
    config = write_config(tmp_path / "reports.yaml", [entry("one", nb, lang="en"), entry("two", nb, lang="id")])
    monkeypatch.setenv("ICDD_REPORTS_OUT", str(tmp_path / "airflow"))
    monkeypatch.setenv("ICDD_REPORTS_CONFIG", str(config))
    run_dag()
    assert run_all(config, tmp_path / "cli").returncode == 0
    assert set(results(tmp_path / "airflow")) == {"one", "two"}
    assert results(tmp_path / "airflow") == results(tmp_path / "cli")
    assert "one/report.html" in (tmp_path / "airflow" / "index.html").read_text(encoding="utf-8")


def test_a_bad_parameter_fails_the_dag_before_any_report_runs(tmp_path, fake_airflow, monkeypatch):
    from icdd_analysis.parameters import ParameterError

    nb = claims_notebook(tmp_path)
    config = write_config(tmp_path / "reports.yaml", [entry("one", nb, lang="en"), entry("two", nb, lang="fr")])
    monkeypatch.setenv("ICDD_REPORTS_OUT", str(tmp_path / "airflow"))
    monkeypatch.setenv("ICDD_REPORTS_CONFIG", str(config))
    with pytest.raises(ParameterError, match="parameter 'lang': 'fr' is not valid"):
        run_dag()
    assert not (tmp_path / "airflow").exists()


def test_a_failed_report_fails_the_dag_run_after_writing_the_index(tmp_path, fake_airflow, monkeypatch):
    nb = claims_notebook(tmp_path)
    config = write_config(tmp_path / "reports.yaml", [entry("good", nb, lang="en"), entry("bad", nb, fail=True)])
    monkeypatch.setenv("ICDD_REPORTS_OUT", str(tmp_path / "airflow"))
    monkeypatch.setenv("ICDD_REPORTS_CONFIG", str(config))
    with pytest.raises(RuntimeError, match=r"1 report\(s\) failed: bad"):
        run_dag()
    index = (tmp_path / "airflow" / "index.html").read_text(encoding="utf-8")
    assert "good/report.html" in index and "failed" in index


def _dag_namespace() -> dict:
    namespace = {"__name__": "icdd_reports_dag"}
    exec(compile(DAG_FILE.read_text(encoding="utf-8"), str(DAG_FILE), "exec"), namespace)
    return namespace


def test_retries_and_the_failure_callback_are_set_for_every_task(fake_airflow, monkeypatch):
    monkeypatch.setenv("ICDD_REPORTS_CONFIG", "")
    monkeypatch.setenv("ICDD_REPORTS_RETRIES", "3")
    monkeypatch.setenv("ICDD_ALERT_EMAIL", "ops@example.org, me@example.org")
    import datetime as dt
    import types

    captured = {}
    sdk = sys.modules["airflow.sdk"]
    monkeypatch.setattr(sdk, "dag", lambda **options: captured.update(options) or (lambda f: (lambda: None)))
    namespace = _dag_namespace()
    args = captured["default_args"]
    assert args["retries"] == 3 and args["retry_delay"] == dt.timedelta(minutes=5)
    assert args["on_failure_callback"] is namespace["notify_failure"]
    assert args["email"] == ["ops@example.org", "me@example.org"] and args["email_on_failure"] is True
    assert isinstance(namespace["notify_failure"], types.FunctionType)


def test_the_failure_callback_posts_to_the_configured_webhook(fake_airflow, monkeypatch):
    import http.server
    import json
    import threading

    received = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("ICDD_ALERT_WEBHOOK", f"http://127.0.0.1:{server.server_port}/hook")
        monkeypatch.setattr(sys.modules["airflow.sdk"], "dag", lambda **options: (lambda f: (lambda: None)))
        notify = _dag_namespace()["notify_failure"]
        task = types_namespace(dag_id="icdd_reports", task_id="run_report", run_id="manual__1")
        notify({"task_instance": task, "run_id": "manual__1", "exception": RuntimeError("bad failed in cell 3")})
    finally:
        server.shutdown()
        thread.join()
    assert received and received[0]["task_id"] == "run_report" and "bad failed in cell 3" in received[0]["text"]


def test_an_unreachable_webhook_never_hides_the_failure(fake_airflow, monkeypatch):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("ICDD_ALERT_WEBHOOK", f"http://127.0.0.1:{port}/closed")
    monkeypatch.setattr(sys.modules["airflow.sdk"], "dag", lambda **options: (lambda f: (lambda: None)))
    notify = _dag_namespace()["notify_failure"]
    notify({"task_instance": types_namespace(task_id="run_report"), "exception": RuntimeError("x")})  # no raise


def types_namespace(**values):
    import types

    return types.SimpleNamespace(**values)
