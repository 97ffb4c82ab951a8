"""The example Airflow DAG's tasks, run in order here with a stand-in for ``airflow.sdk`` (the real Airflow
runs it in its own virtualenv: ``make test-airflow``): the same reports as ``icdd-report all``, and a bad
parameter stops it before any report runs."""

from __future__ import annotations

import sys
import types

import pytest

from .conftest import ROOT
from .test_report_engine import claims_notebook, entry, results, run_all, write_config

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
            [(name, values)] = kwargs.items()
            return _Value([function(**{name: v}) for v in _unwrap(values)])

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
