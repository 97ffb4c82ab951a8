"""Smaller runner promises: a failed report quotes the line that raised; --quiet prints nothing when HOME
cannot be written."""

from __future__ import annotations

import json
import os

import nbformat
import pytest

from icdd_analysis.report.execute import failing_line

from .common import report_cli, small_notebook


@pytest.mark.slow
def test_a_failed_report_quotes_the_failing_line_not_the_cells_first(tmp_path):
    body = 'x = 1\n# a comment\ny = 2\nraise RuntimeError("told to fail")\nz = 3'
    nb = small_notebook(tmp_path, body=body)
    result = report_cli("run", str(nb), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert '(`raise RuntimeError("told to fail")`)' in result.stderr and "(`x = 1`)" not in result.stderr
    entry = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["reports"]["small"]
    assert entry["failed_source"] == 'raise RuntimeError("told to fail")'


def test_the_failing_line_inside_a_called_function_is_the_cells_call():
    cell = nbformat.v4.new_code_cell("def f():\n    return 1 / 0\n\nf()")
    cell.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[
        "\x1b[0;31mZeroDivisionError\x1b[0m  Traceback (most recent call last)",
        "Cell \x1b[0;32mIn[4], line 4\x1b[0m\n\x1b[0;32m----> 4\x1b[0m f()",
        "Cell \x1b[0;32mIn[4], line 2\x1b[0m, in \x1b[0;36mf\x1b[0;34m()\x1b[0m",
    ])]
    assert failing_line(cell) == "f()"


def test_without_a_traceback_the_first_code_line_is_quoted():
    cell = nbformat.v4.new_code_cell("# note\nimport os\nos.exit()")
    cell.outputs = [nbformat.v4.new_output("error", ename="E", evalue="", traceback=[])]
    assert failing_line(cell) == "import os"


@pytest.mark.slow
def test_quiet_prints_nothing_when_home_is_not_writable(tmp_path):
    nb = small_notebook(tmp_path)
    env = {**os.environ, "HOME": "/proc/version"}  # not a folder, not writable, for root too
    for name in ("IPYTHONDIR", "MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env.pop(name, None)
    result = report_cli("run", str(nb), "--out", str(tmp_path / "out"), "--quiet", env=env)
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""
