"""The benchmark scripts work (CI runs them in quick mode; their numbers are for `make bench`), and the floor
is a real floor: the same notebook code shows the same Markdown and the same number of figures as the notebook."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import nbformat
import pytest

from .conftest import ROOT
from .report.helpers import toy_notebook

BENCH = ROOT / "benchmarks"


def _run(args: list[str], tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "BENCH_QUICK": "1", "MPLBACKEND": "agg", **env}
    result = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, env=environment,
                            cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.mark.slow
@pytest.mark.parametrize("notebook", ["01-overview", "02-compare-agendas"])
def test_the_floor_shows_what_the_notebook_shows(notebook, tmp_path):
    """The stored outputs are today's (strict nbval checks them); the floor must display the same Markdown."""
    _run([BENCH / "floor.py", notebook, "--out", tmp_path / "page.html", "--outputs-json", tmp_path / "shown.json"],
         tmp_path)
    shown = json.loads((tmp_path / "shown.json").read_text(encoding="utf-8"))
    stored = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4)
    outputs = [o for c in stored.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "display_data"]
    assert shown["markdown"] == [o.data["text/markdown"] for o in outputs if "text/markdown" in o.data]
    assert shown["figures"] == sum("image/png" in o.data for o in outputs) > 0
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == shown["figures"] and "<table>" in page and "<h2" in page


def test_the_import_goal_prints_its_ratio(tmp_path):
    out = _run([BENCH / "goals.py", "--only", "import"], tmp_path).stdout
    assert "import icdd_analysis" in out and "goal <= 1.2x" in out.replace("| <= 1.2x |", "goal <= 1.2x")


@pytest.mark.slow
def test_the_robustness_goal_prints_its_ratio_and_ms_per_specification(tmp_path):
    out = _run([BENCH / "goals.py", "--only", "robustness"], tmp_path).stdout
    assert "default robustness grid: 219 specifications, " in out and " ms per specification" in out
    assert "vs `python -c \"import pandas\"` (fresh process) |" in out and "| <= 1.0x |" in out


@pytest.mark.slow
def test_the_engine_goals_print_their_ratios(tmp_path):
    # Two small reports: this checks that the group measures and prints, not how fast the real reports are.
    notebook = toy_notebook(tmp_path)
    config = tmp_path / "two.yaml"
    config.write_text(f"reports:\n  - {{name: a, notebook: {notebook}, parameters: {{lang: en}}}}\n"
                      f"  - {{name: b, notebook: {notebook}, parameters: {{lang: id}}}}\n", encoding="utf-8")
    out = _run([BENCH / "goals.py", "--only", "engine", "--config", config], tmp_path).stdout
    assert "`--jobs 1` vs `--jobs 2` (speed-up) |" in out and "| >= 1.7x |" in out
    assert "again with nothing changed vs its first run |" in out and "| <= 0.05x |" in out


@pytest.mark.slow
def test_the_scale_benchmark_records_time_and_memory(tmp_path):
    out = _run([BENCH / "scale.py", "--events", "3", "--students", "5", "--permutations", "2"], tmp_path).stdout
    assert "| step | 3 events (" in out and "| robustness (2 permutations" in out
    assert out.count(" MiB |") >= 8


def test_the_synthetic_package_is_valid_and_the_size_asked(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import synthetic
    finally:
        sys.path.remove(str(BENCH))
    import icdd_analysis as icdd

    folder = synthetic.write_package(tmp_path / "pkg", events=12)
    ds = icdd.load(folder)
    synthetic_events = ds.events[ds.events["event_id"].str.startswith(synthetic.PREFIX)]
    assert len(synthetic_events) == 12
    items = ds.agenda_items[ds.agenda_items["event_id"].isin(synthetic_events["event_id"])]
    assert len(items) == 12 * synthetic.ITEMS_PER_EVENT
    assert set(items["item_id"]) <= set(ds.codings["item_id"])
