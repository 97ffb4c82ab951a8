"""The README's first screen says what a newcomer needs, and its worked example runs."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

import icdd_analysis as icdd

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _example(name: str) -> str:
    match = re.search(rf"<!-- example: {name} -->\s*```python\n(.*?)```", README, re.S)
    assert match, f"README example {name!r} not found"
    return match.group(1)


def test_first_screen_has_purpose_commands_and_loading():
    first_screen = "\n".join(README.splitlines()[:40])
    assert "make report" in first_screen and "make test" in first_screen
    assert "icdd.load()" in first_screen
    assert "## Notes on the data" in README


def test_makefile_targets_named_in_readme_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"`make (\w+)`", README):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_third_conference_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_example("third-conference"), "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    assert printed[0].startswith("<Event example-2025: Example Conference on Digital Diplomacy, 2025-05-20")
    assert printed[1] == "['Digital Public Infrastructure for Diplomacy']"
    mine = icdd.load(tmp_path / "my-data")
    assert len(mine.event("example-2025").participants) == 2
    assert mine.event("example-2025").follows_event_id == "icdd-2021"


def test_the_error_quoted_in_the_readme_is_the_real_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = _example("third-conference").replace('start_date="2025-05-20"', 'start_date="20/05/2025"')
    with pytest.raises(icdd.DataPackageError) as info, contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, "README.md", "exec"), {})
    quoted = re.search(r"`(events\.csv, row \d+, field 'start_date'[^`]*)`", README).group(1)
    assert quoted in str(info.value)


def test_comparison_example_prints_what_the_readme_shows():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_example("compare-bundled"), "README.md", "exec"), {})
    shown = re.search(r"<!-- example: compare-bundled -->.*?```text\n(.*?)```", README, re.S).group(1)
    assert out.getvalue() == shown


def test_cron_line_uses_the_runner_contract():
    line = re.search(r"```cron\n(.*?)\n```", README, re.S).group(1)
    command = line.split("&&", 1)[1].split()
    assert command[0].endswith("icdd-report")
    from icdd_analysis.report import _parser

    args = _parser().parse_args(command[1:])
    assert (args.command, args.quiet) == ("all", True)


def test_readme_points_to_the_airflow_dag_it_describes():
    assert "examples/airflow/icdd_reports.py" in README and "ICDD_REPORTS_OUT" in README
    assert "PapermillOperator" not in README  # the old example: an executed notebook, no HTML, no manifest
    assert (ROOT / "examples" / "airflow" / "icdd_reports.py").is_file()
