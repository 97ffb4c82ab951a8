"""Issue 11's goals as ratios, each measured in one run, medians of several runs side by side (make bench).

    python benchmarks/goals.py                 # all goals, 5 runs each (BENCH_RUNS=N to change)
    python benchmarks/goals.py --only import   # one group: floor, by-hand, import
    BENCH_QUICK=1 python benchmarks/goals.py   # one run each: checks that the benchmarks work

Whole processes, as a user starts them. The data package's validation record is warm for every side (each
command runs once untimed first), which is the state after the first load of unchanged data.
Parallel vs serial and warm vs cold runs of `icdd-report all` are in benchmarks/test_bench_engine.py.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, Goal, compare, print_goals, runs, tool  # noqa: E402

FLOOR = Path(__file__).resolve().parent / "floor.py"
#: Notebook, and the goal for `icdd-report run` against the floor.
FLOOR_GOALS = {"02-compare-agendas": 1.3, "01-overview": 1.5}


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
                 reference, at_most=0.8)]


def import_goals(folders: Folders, n: int) -> list[Goal]:
    measured, reference = compare({
        "load": [sys.executable, "-c", "import icdd_analysis as i; i.load()"],
        "pandas": [sys.executable, "-c", "import pandas"],
    }, max(n, 1) * (2 if n > 1 else 1))  # short processes: twice the runs for a steadier median
    return [Goal('`python -c "import icdd_analysis as i; i.load()"` vs `python -c "import pandas"` (validated before)',
                 measured, reference, at_most=1.2)]


GROUPS = {"floor": floor_goals, "by-hand": by_hand_goals, "import": import_goals}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(GROUPS), action="append", help="measure only this group (repeatable)")
    args = parser.parse_args(argv)
    n = runs()
    goals: list[Goal] = []
    with tempfile.TemporaryDirectory(prefix="icdd-bench-") as tmp:
        folders = Folders(Path(tmp))
        for name in args.only or list(GROUPS):
            goals += GROUPS[name](folders, n)
    print_goals(goals, "Goals of issue 11 (benchmarks/goals.py)", n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
