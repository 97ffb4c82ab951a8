#!/usr/bin/env bash
# `make test-airflow`: run examples/airflow/icdd_reports.py with `airflow dags test` in its own virtualenv
# (build/airflow-venv, created once: Apache Airflow 3 stays out of the test environment), then check that
# its reports, index.html and manifest.json exist and match those of `icdd-report all`.
# Usage: run_dag_test.sh [--prepare]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/build/airflow-venv"
WORK="$ROOT/build/airflow-test"
# uv installs Airflow's ~200 pinned packages in about 20 s where pip took 3-4 minutes of CI's 15-minute budget;
# it reads the same pyproject.toml, and the environment stays a plain virtualenv.
if [ ! -x "$VENV/bin/airflow" ] || [ ! -x "$VENV/bin/uv" ]; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check 'uv>=0.4'
    "$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" 'apache-airflow>=3.0,<4'
fi
# `--prepare`: only the Airflow virtualenv (CI builds it while the test suite runs: it needs network, not CPU).
[ "${1:-}" = "--prepare" ] && exit 0
# This checkout as users install it (a wheel, not editable), rebuilt on every run.
"$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" --reinstall-package icdd-analysis "$ROOT"
rm -rf "$WORK"
mkdir -p "$WORK/dags"
cp "$ROOT/examples/airflow/icdd_reports.py" "$WORK/dags/"
export AIRFLOW_HOME="$WORK/home" AIRFLOW__CORE__DAGS_FOLDER="$WORK/dags" AIRFLOW__CORE__LOAD_EXAMPLES=False
export ICDD_REPORTS_OUT="$WORK/reports-airflow" ICDD_REPORTS_CONFIG="${ICDD_REPORTS_CONFIG:-$ROOT/notebooks/reports.yaml}"
export JUPYTER_DATA_DIR="$WORK/jupyter" IPYTHONDIR="$WORK/ipython" MPLCONFIGDIR="$WORK/mpl"
unset PYTHONPATH  # the tasks use the package installed in the Airflow virtualenv
"$VENV/bin/airflow" db migrate > "$WORK/db-migrate.log" 2>&1
"$VENV/bin/airflow" dags test icdd_reports > "$WORK/dags-test.log" 2>&1 || { tail -50 "$WORK/dags-test.log"; exit 1; }
"$VENV/bin/icdd-report" all --config "$ICDD_REPORTS_CONFIG" --out "$WORK/reports-cli" --quiet
"$VENV/bin/python" "$ROOT/tests/airflow/compare_runs.py" "$WORK/reports-airflow" "$WORK/reports-cli"
# A report made to fail: the DAG run must fail (exit non-zero), with the good report made and the index written.
"$VENV/bin/python" - "$WORK" <<'PY'
import sys
from pathlib import Path

import nbformat

work = Path(sys.argv[1])
params = nbformat.v4.new_code_cell('lang: str = "en"  # report language\nfigures_dir: str = ""  # figures')
params.metadata["tags"] = ["parameters"]
for name, body in (("good", 'print("ok")'), ("bad", 'raise RuntimeError("made to fail")')):
    nb = nbformat.v4.new_notebook(cells=[params, nbformat.v4.new_code_cell(body)], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, work / f"{name}.ipynb")
(work / "failing.yaml").write_text(f"reports:\n  - name: good\n    notebook: {work}/good.ipynb\n"
                                   f"  - name: bad\n    notebook: {work}/bad.ipynb\n", encoding="utf-8")
PY
export ICDD_REPORTS_OUT="$WORK/reports-failing" ICDD_REPORTS_CONFIG="$WORK/failing.yaml" ICDD_REPORTS_RETRIES=0
status=0
"$VENV/bin/airflow" dags test icdd_reports > "$WORK/dags-test-failing.log" 2>&1 || status=$?
# `dags test` exits non-zero for a failed run, or (some versions) logs the run's failed state
if [ "$status" -eq 0 ] && ! grep -Eqi "state=failed|DagRunState.FAILED|dag run failed" "$WORK/dags-test-failing.log"; then
    echo "a report failed, but the DAG run did not fail: see $WORK/dags-test-failing.log"; exit 1
fi
grep -q "bad" "$ICDD_REPORTS_OUT/index.html" && [ -f "$ICDD_REPORTS_OUT/good/report.html" ] \
    || { echo "the failing run wrote no index or no good report"; exit 1; }
echo "airflow: the DAG makes the reports, and a failed report fails the DAG run"
