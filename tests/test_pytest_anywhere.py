"""pytest runs the checkout's tests from any folder: no configured path resolves only from the repository root."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_pytest_from_another_folder_finds_the_sanitize_file(tmp_path):
    # The fixture notebook's stored output holds a memory address: strict nbval passes only when
    # tests/notebooks/sanitize.cfg (named relative to the root in pyproject's addopts) is found.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
           "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs",
         str(ROOT / "tests" / "fixtures" / "sanitized-output.ipynb"),
         str(ROOT / "tests" / "test_facts.py") + "::test_focus_areas_are_the_source_articles_wording"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "2 passed" in run.stdout and "skipped" not in run.stdout, run.stdout
