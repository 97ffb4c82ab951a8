"""The runner's speed goals (issue 11), each a ratio measured in one run, printed and kept in extra_info:

- ``icdd-report run 02-compare-agendas`` vs by hand (``papermill`` then ``jupyter nbconvert --no-input``): <= 0.8
- ``icdd-report all`` (the 4 default reports) with ``--jobs 2`` vs ``--jobs 1``: >= 1.7x faster
- ``icdd-report all`` a second time with nothing changed vs the first run: <= 5%

Whole processes, as a user runs them; on a busy machine the ratios wander, so read them side by side.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _seconds(*command: str, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - started


def _runner(*args: str) -> list[str]:
    return [sys.executable, "-m", "icdd_analysis.report", *args]


def _report(benchmark, name: str, ratio: float, goal: str) -> None:
    benchmark.extra_info.update(ratio=round(ratio, 3), goal=goal)
    print(f"\n{name}: {ratio:.2f} (goal {goal})", file=sys.stderr)


def test_runner_vs_papermill_and_nbconvert_by_hand(benchmark, tmp_path):
    from icdd_analysis.report import find_notebook

    notebook = str(find_notebook("02-compare-agendas"))
    runner = benchmark.pedantic(lambda: _seconds(*_runner("run", "02-compare-agendas", "--out", str(tmp_path / "r"),
                                                          "--force", "-q")), rounds=1, iterations=1)
    by_hand = (_seconds(str(BIN / "papermill"), "-k", "python3", "--cwd", str(tmp_path), notebook,
                        str(tmp_path / "h.ipynb"), "-p", "figures_dir", "figures")
               + _seconds(str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(tmp_path / "h.ipynb")))
    _report(benchmark, "icdd-report run / papermill + nbconvert", runner / by_hand, "<= 0.8")


def test_jobs_2_vs_jobs_1(benchmark, tmp_path):
    serial = _seconds(*_runner("all", "--out", str(tmp_path / "serial"), "-q"))
    parallel = benchmark.pedantic(lambda: _seconds(*_runner("all", "--out", str(tmp_path / "parallel"), "-q",
                                                            "--jobs", "2")), rounds=1, iterations=1)
    _report(benchmark, "icdd-report all: --jobs 1 / --jobs 2 (speed-up)", serial / parallel, f">= 1.7 on {os.cpu_count()} cores")


def test_second_run_with_nothing_changed(benchmark, tmp_path):
    out = str(tmp_path / "reports")
    first = _seconds(*_runner("all", "--out", out, "-q"))
    second = benchmark.pedantic(lambda: _seconds(*_runner("all", "--out", out, "-q")), rounds=1, iterations=1)
    _report(benchmark, "icdd-report all again, nothing changed / first run", second / first, "<= 0.05")
