"""Issue 11's goals as ratios, each measured in one run, medians of several runs side by side (make bench).

    python benchmarks/goals.py                 # all goals, 5 runs each (BENCH_RUNS=N to change)
    python benchmarks/goals.py --only import   # one group: floor, by-hand, reports, import, robustness, engine
    BENCH_QUICK=1 python benchmarks/goals.py   # one run each: checks that the benchmarks work

Whole processes, as a user starts them. The data package's validation record is warm for every side (each
command runs once untimed first), which is the state after the first load of unchanged data.
The engine group runs `icdd-report all` (the 4 default reports, or --config) with --jobs 1, with --jobs 2, and
again with --jobs 2 into the folder the previous --jobs 2 run filled (nothing changed): at most 3 runs each,
as each takes half a minute or more.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, Goal, compare, print_goals, quick, runs, seconds, tool  # noqa: E402

FLOOR = Path(__file__).resolve().parent / "floor.py"
#: Notebook, and the goal for `icdd-report run` against the floor (02's is issue 16's; 01's issue 11's).
FLOOR_GOALS = {"02-compare-agendas": 1.2, "01-overview": 1.5}


class Folders:
    """A new output folder for every run, so that no run can reuse (or skip because of) an earlier one."""

    def __init__(self, base: Path):
        self.base, self.counter = base, itertools.count()

    def new(self, prefix: str) -> Path:
        return self.base / f"{prefix}-{next(self.counter)}"


def runner(notebook: str, folders: Folders):
    return lambda: [tool("icdd-report"), "run", notebook, "--out", folders.new("runner"), "--quiet"]


def floor_goals(folders: Folders, n: int) -> list[Goal]:
    goals = []
    for notebook, bound in FLOOR_GOALS.items():
        page = folders.new("floor") / "page.html"
        measured, reference = compare(
            {"runner": runner(notebook, folders), "floor": [sys.executable, FLOOR, notebook, "--out", page]}, n)
        goals.append(Goal(f"`icdd-report run {notebook}` vs the floor (benchmarks/floor.py)", measured, reference,
                          at_most=bound))
    return goals


def by_hand_goals(folders: Folders, n: int) -> list[Goal]:
    notebook = "02-compare-agendas"

    def by_hand():
        out = folders.new("by-hand")
        out.mkdir(parents=True)
        executed = out / "report.ipynb"
        return ["sh", "-c", f'"$0" "$1" "$2" -k python3 --no-progress-bar --log-level ERROR && '
                f'"$3" nbconvert --to html --no-input --log-level ERROR "$2"',
                tool("papermill"), ROOT / "notebooks" / f"{notebook}.ipynb", executed, tool("jupyter")]

    measured, reference = compare({"runner": runner(notebook, folders), "by hand": by_hand}, n)
    return [Goal(f"`icdd-report run {notebook}` vs `papermill` then `jupyter nbconvert --no-input`", measured,
                 reference, at_most=0.6)]


def report_goals(folders: Folders, n: int) -> list[Goal]:
    """Issue 16: the comparison report costs little more than the overview, now that its study is computed once."""
    measured, reference = compare({"02": runner("02-compare-agendas", folders), "01": runner("01-overview", folders)}, n)
    return [Goal("`icdd-report run 02-compare-agendas` vs `icdd-report run 01-overview`", measured, reference,
                 at_most=1.3)]


def import_goals(folders: Folders, n: int) -> list[Goal]:
    measured, reference = compare({
        "load": [sys.executable, "-c", "import icdd_analysis as i; i.load()"],
        "pandas": [sys.executable, "-c", "import pandas"],
    }, max(n, 1) * (2 if n > 1 else 1))  # short processes: twice the runs for a steadier median
    return [Goal('`python -c "import icdd_analysis as i; i.load()"` vs `python -c "import pandas"` (validated before)',
                 measured, reference, at_most=1.2)]


#: Times ``icdd.robustness(ds)`` (the default grid of notebook 02) on a freshly loaded package in a fresh
#: process, after the engine's imports: the grid itself, every side's matrices computed anew (the memo is
#: per Dataset). Prints the seconds and the number of specifications.
GRID_SCRIPT = """
import json, sys, time
import icdd_analysis as icdd
import icdd_analysis.analysis, krippendorff, sklearn.feature_extraction.text, sklearn.metrics
ds = icdd.load()
start = time.perf_counter()
rob = icdd.robustness(ds)
print(json.dumps({"seconds": time.perf_counter() - start, "specs": len(rob.specs)}))
"""


def grid_seconds() -> tuple[float, int]:
    """One fresh process's time for the default robustness grid, and how many specifications it ran."""
    result = subprocess.run([sys.executable, "-c", GRID_SCRIPT], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"benchmarks: the robustness grid failed:\n{result.stderr[-3000:]}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return found["seconds"], found["specs"]


def robustness_goals(folders: Folders, n: int) -> list[Goal]:
    """Issue 16: the default grid at most the time of `python -c "import pandas"`, measured side by side."""
    runs_ = max(n, 1) * (2 if n > 1 else 1)  # short: twice the runs for a steadier median
    pandas_cmd = [sys.executable, "-c", "import pandas"]
    if not quick():
        seconds(pandas_cmd), grid_seconds()  # warm file caches and bytecode, untimed
    grid, reference, specs = [], [], 0
    for _ in range(runs_):  # round-robin, so machine load hits both alike
        reference.append(seconds(pandas_cmd))
        taken, specs = grid_seconds()
        grid.append(taken)
    measured = statistics.median(grid)
    print(f"default robustness grid: {specs} specifications, {1000 * measured / specs:.2f} ms per specification "
          f"(median of {runs_})")
    return [Goal(f"default robustness grid (`icdd.robustness(ds)`, {specs} specifications, "
                 f"{1000 * measured / specs:.1f} ms each) vs `python -c \"import pandas\"` (fresh process)",
                 measured, statistics.median(reference), at_most=1.0)]


def engine_goals(folders: Folders, n: int, config: Path | None = None) -> list[Goal]:
    report = [tool("icdd-report"), "all", "--quiet", *(["--config", config] if config else [])]
    last = {}

    def serial():
        return [*report, "--jobs", "1", "--out", folders.new("serial")]

    def parallel():
        last["out"] = folders.new("parallel")
        return [*report, "--jobs", "2", "--out", last["out"]]

    def again():  # the folder the --jobs 2 run just before filled: every report is up to date
        return [*report, "--jobs", "2", "--out", last["out"]]

    serial_s, parallel_s, again_s = compare({"--jobs 1": serial, "--jobs 2": parallel, "again": again}, min(n, 3))
    what = "default reports" if config is None else f"reports of {config.name}"
    return [Goal(f"`icdd-report all` ({what}) `--jobs 1` vs `--jobs 2` (speed-up)", serial_s, parallel_s,
                 at_least=1.7),
            Goal("`icdd-report all --jobs 2` again with nothing changed vs its first run", again_s, parallel_s,
                 at_most=0.05)]


GROUPS = {"floor": floor_goals, "by-hand": by_hand_goals, "reports": report_goals, "import": import_goals,
          "robustness": robustness_goals, "engine": engine_goals}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(GROUPS), action="append", help="measure only this group (repeatable)")
    parser.add_argument("--config", type=Path, help="the engine group's reports config (default: the default reports)")
    args = parser.parse_args(argv)
    n = runs()
    started = time.monotonic()
    goals: list[Goal] = []
    with tempfile.TemporaryDirectory(prefix="icdd-bench-") as tmp:
        folders = Folders(Path(tmp))
        for name in args.only or list(GROUPS):
            extra = {"config": args.config.resolve()} if name == "engine" and args.config else {}
            goals += GROUPS[name](folders, n, **extra)
    print_goals(goals, "Goals of issues 11 and 16 (benchmarks/goals.py)", n)
    print(f"\n(measured in {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
