"""The explorer's update latency per control: the time from setting a dropdown to every fast view (heatmap,
closest items, continuity, items, command) being up to date, median and worst, printed by `make bench`.

"cold": the comparisons and rendered views are cleared before each change (a combination never seen);
"warm": the same cycle of changes once more, each answered from the caches filled by a first uncleared cycle. The robustness grid is not part of it: it runs in a
child process in the background (see test_explorer.py). Numbers inflate with the machine's load: the load
average is printed with them. ``BENCH_QUICK=1``: one value per control (CI checks that it works).

Measured on the 2-core development machine, 29 Nov 2026, idle (load average 1.0), all four methods shown: cold
median 1.4 s per change, worst 3.9 s (target_scope to focus_areas+panels+review); one method (the method control)
0.35 s; warm 0.00-0.01 s. So the one-second goal holds for one method and for any view seen before, not for a
new view of all four methods. (Under a load average of 6 the cold median was 5.2 s.) About three quarters of a cold update is matplotlib drawing the report's heatmap panels
(plots.similarity_heatmap, one per method); the comparisons themselves take 0.1-0.4 s each at that load.
"""

from __future__ import annotations

import os
import statistics
import time

import pytest

import icdd_analysis as icdd

#: The values each control cycles through (from the default view: all methods, function frame, English labels).
CHANGES = {
    "ui_lang": ["id", "en"],
    "method": ["tfidf", "embedding", "keywords", "coding", "all"],
    "frame": ["wsis", "dw", "gdc", "dw-basket", "function"],
    "text_lang": ["id", "both", "en"],
    "unit": ["description", "label"],
    "baseline_scope": ["sessions+theme", "stated_agenda", "sessions"],
    "target_scope": ["focus_areas+panels+review", "stated_agenda", "focus_areas"],
    "baseline": ["icdd-2021", "rcdd-2019"],
}


def _quick() -> bool:
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


@pytest.fixture(scope="module")
def app():
    explorer = icdd.explore(lang="en")
    yield explorer
    explorer._cancel_robustness()


def _measure(app, cold: bool) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for name, values in CHANGES.items():
        for value in values[:1] if _quick() else values:
            if cold:
                app.state._comparisons.clear()
                app.state._views.clear()
            started = time.perf_counter()
            app.set(**{name: value})
            times.setdefault(name, []).append(time.perf_counter() - started)
            assert app.status.value in ("Ready", "Siap")
    return times


def test_update_latency_per_control(app, benchmark):
    cold = _measure(app, cold=True)
    _measure(app, cold=False)  # fills the caches with every combination of the cycle
    warm = benchmark.pedantic(_measure, args=(app, False), rounds=1, iterations=1)
    load = os.getloadavg()[0]
    lines = [f"explorer update latency, seconds (load average {load:.1f} on {os.cpu_count()} CPUs)",
             f"{'control':16} {'cold median':>12} {'cold worst':>11} {'warm median':>12} {'warm worst':>11}"]
    for name in CHANGES:
        lines.append(f"{name:16} {statistics.median(cold[name]):12.2f} {max(cold[name]):11.2f} "
                     f"{statistics.median(warm[name]):12.2f} {max(warm[name]):11.2f}")
    everything = [t for v in cold.values() for t in v]
    lines.append(f"{'all (cold)':16} {statistics.median(everything):12.2f} {max(everything):11.2f}")
    print("\n" + "\n".join(lines))
    benchmark.extra_info.update({f"cold_median_{n}": statistics.median(v) for n, v in cold.items()})
    benchmark.extra_info["load_average"] = load
    assert all(t < 60 for t in everything)  # a sanity bound; the goal (about 1 s) is read from the printout
