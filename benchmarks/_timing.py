"""Timing whole processes for the goal benchmarks: medians of several runs, pairs run side by side.

Used by benchmarks/goals.py and benchmarks/scale.py, and meant for any benchmark of the issue-11 goals:

    from _timing import Goal, compare, runs
    a, b = compare({"runner": [...], "floor": [...]}, runs())   # interleaved a, b, a, b, ...
    print(Goal("runner vs floor", a, b, at_most=1.3))

``BENCH_QUICK=1`` makes every measurement one run (CI checks that the benchmarks work, not their numbers);
``BENCH_RUNS=N`` sets the number of runs (default 5).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
#: A process's arguments, or a function building them anew for each run (e.g. with a fresh output folder).
Command = Sequence[str] | Callable[[], Sequence[str]]


def quick() -> bool:
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


def runs(default: int = 5) -> int:
    """How many runs each measurement takes: 1 in quick mode, else BENCH_RUNS or ``default``."""
    return 1 if quick() else int(os.environ.get("BENCH_RUNS", default))


def tool(name: str) -> str:
    """A console script of this environment (beside the running Python), else from PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"benchmarks: {name} not found beside {sys.executable} or on PATH; install the test extra.")
    return found


def seconds(command: Command, env: dict | None = None, cwd: Path | None = None) -> float:
    """Wall time of one run of a whole process."""
    args = [str(a) for a in (command() if callable(command) else command)]
    start = time.perf_counter()
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"benchmarks: {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return elapsed


def median_seconds(command: Command, runs: int, env: dict | None = None, cwd: Path | None = None) -> float:
    """Median wall time of ``runs`` runs of one command."""
    return statistics.median(seconds(command, env, cwd) for _ in range(runs))


def compare(commands: dict[str, Command], runs: int, env: dict | None = None, cwd: Path | None = None,
            warm_up: bool = True) -> list[float]:
    """Median seconds of each command, measured side by side (round-robin, so machine load hits all alike).

    ``warm_up`` runs each once first, untimed (file caches, the validation record, compiled bytecode).
    """
    if warm_up and not quick():
        for c in commands.values():
            seconds(c, env, cwd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, c in commands.items():
            times[name].append(seconds(c, env, cwd))
    return [statistics.median(times[name]) for name in commands]


@dataclass
class Goal:
    """One goal of the issue as a ratio of two medians: ``measured / reference`` at most (or at least) a bound."""

    what: str
    measured: float
    reference: float
    at_most: float | None = None
    at_least: float | None = None

    @property
    def ratio(self) -> float:
        return self.measured / self.reference if self.reference else float("inf")

    @property
    def met(self) -> bool:
        if self.at_most is not None:
            return self.ratio <= self.at_most
        return self.at_least is None or self.ratio >= self.at_least

    def __str__(self) -> str:
        bound = f"<= {self.at_most}x" if self.at_most is not None else f">= {self.at_least}x"
        verdict = "met" if self.met else "NOT met"
        return (f"{self.what}: {self.ratio:.2f}x ({self.measured:.2f} s vs {self.reference:.2f} s); "
                f"goal {bound}: {verdict}")


def print_goals(goals: list[Goal], title: str, runs: int) -> None:
    """The goals as a Markdown table (paste into the README), each ratio measured in this run."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n## {title}\n\nmedians of {runs} run(s) side by side; {os.cpu_count()} CPUs, load average {load:.1f}"
          + ("; QUICK MODE: one run, numbers not meaningful" if quick() else "") + "\n")
    print("| what | ratio | seconds | goal | |\n|---|---|---|---|---|")
    for g in goals:
        bound = f"<= {g.at_most}x" if g.at_most is not None else f">= {g.at_least}x"
        print(f"| {g.what} | {g.ratio:.2f}x | {g.measured:.2f} vs {g.reference:.2f} | {bound} | "
              f"{'met' if g.met else 'NOT met'} |")
    sys.stdout.flush()
