"""Sweeps and --jobs: sizes checked before anything expands or runs (exit 2, a message, no traceback)."""

from __future__ import annotations

import pytest

from icdd_analysis.report import config as report_config

from .common import clear_error, config, report_cli, small_notebook


def matrix_config(tmp_path, names: int, values: int):
    nb = small_notebook(tmp_path)
    matrix = ", ".join(f"p{n}: [{', '.join(str(v) for v in range(values))}]" for n in range(names))
    return config(tmp_path, f"reports:\n  - name: huge\n    notebook: {nb}\n    matrix: {{{matrix}}}\n")


def test_a_300_byte_matrix_of_10_to_the_8_is_refused_from_its_lengths(tmp_path, monkeypatch):
    path = matrix_config(tmp_path, 8, 10)
    assert path.stat().st_size < 500  # a few hundred bytes
    product = []
    monkeypatch.setattr(report_config.itertools, "product", lambda *a: product.append(a) or iter(()))
    with pytest.raises(report_config.ReportInputError, match=r"100,000,000 reports .*at most 1,000") as error:
        report_config.load_config(path)
    assert "entry 1" in str(error.value) and not product  # refused before any combination was made


def test_the_cli_refuses_a_huge_matrix_with_exit_2(tmp_path):
    result = report_cli("all", "--config", str(matrix_config(tmp_path, 8, 10)), "--out", str(tmp_path / "out"))
    clear_error(result, "100,000,000 reports", "reports.yaml")
    assert not (tmp_path / "out").exists()


def test_a_matrix_at_the_maximum_expands(tmp_path):
    nb = small_notebook(tmp_path)
    values = ", ".join(f"v{i}" for i in range(40))
    path = config(tmp_path, f"reports:\n  - name: edge\n    notebook: {nb}\n    matrix: {{a: [{values}], b: [{', '.join(f'w{i}' for i in range(25))}]}}\n")
    assert len(report_config.load_config(path)) == report_config.MAX_SWEEP_JOBS


def test_many_matrices_together_are_limited_too(tmp_path):
    nb = small_notebook(tmp_path)
    entry = "  - name: s{k}\n    notebook: {nb}\n    matrix: {{a: [{values}]}}\n"
    values = ", ".join(f"v{i}" for i in range(600))
    path = config(tmp_path, "reports:\n" + "".join(entry.format(k=k, nb=nb, values=values) for k in range(2)))
    with pytest.raises(report_config.ReportInputError, match="entry 2: the config makes more than 1,000 reports"):
        report_config.load_config(path)


@pytest.mark.parametrize("value", ["-3", "0", "65", "two", "1.5"])
def test_jobs_outside_its_range_is_refused(tmp_path, value):
    result = report_cli("all", "--jobs", value, "--out", str(tmp_path / "out"))
    clear_error(result, "--jobs", repr(value), "1 to 64")
    assert not (tmp_path / "out").exists()
