"""Every scope the README invites runs through `icdd-report run` without --name: the default report name of
any parameter values is a valid folder name (truth review X12)."""

from __future__ import annotations

import pytest

from icdd_analysis.report import cli, jobs

PRESET_PAIRS = [("sessions", "focus_areas"), ("sessions+theme", "focus_areas+panels+review"),
                ("stated_agenda", "stated_agenda")]


@pytest.mark.parametrize("baseline_scope, target_scope", PRESET_PAIRS)
def test_preset_scope_pairs_run_through_the_cli_without_a_name(monkeypatch, tmp_path, baseline_scope, target_scope):
    seen = []

    def fake_run_jobs(job_list, out, quiet, **_):
        seen.extend(job.checked() for job in job_list)  # parameters and name checked as a real run checks them
        return 0

    monkeypatch.setattr(cli, "run_jobs", fake_run_jobs)
    argv = ["run", "02-compare-agendas", "-p", f"baseline_scope={baseline_scope}", "-p", f"target_scope={target_scope}",
            "--out", str(tmp_path)]
    assert cli.main(argv) == 0
    (job,) = seen
    assert jobs.check_report_name(job.name) == job.name and "+" not in job.name
    assert baseline_scope.replace("+", "-") in job.name and target_scope.replace("+", "-") in job.name


def test_default_names_keep_safe_characters_and_replace_the_rest():
    from pathlib import Path

    name = jobs.job_name(Path("02-compare-agendas.ipynb"), {"lang": "id", "baseline_scope": "sessions+theme"})
    assert name == "02-compare-agendas--baseline_scope-sessions-theme--lang-id"


@pytest.mark.parametrize("name", ["data-dictionary.html", "Data-Dictionary-id.html"])
def test_a_report_may_not_take_the_data_dictionarys_page_names(name):
    with pytest.raises(jobs.ReportInputError, match="data dictionary"):
        jobs.check_report_name(name)
    assert jobs.check_report_name("data-dictionary-notes") == "data-dictionary-notes"
