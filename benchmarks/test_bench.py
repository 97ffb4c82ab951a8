"""Speed benchmarks (make bench), never timed tests: what a student's laptop or a scheduled run waits for."""

from __future__ import annotations

import subprocess
import sys

import icdd_analysis as icdd


def test_import_package(benchmark):
    # A fresh interpreter: importing the package must not pull in scikit-learn, frictionless or matplotlib.
    code = "import sys, icdd_analysis; print(sorted(m for m in ('sklearn', 'frictionless', 'matplotlib') if m in sys.modules))"
    out = benchmark(lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True))
    assert out.stdout.strip() == "[]"


def test_load_validated(benchmark):
    ds = benchmark(icdd.load)
    assert len(ds.events) >= 8


def test_load_without_validation(benchmark):
    benchmark(icdd.load, validate=False)


def test_compare_tfidf(benchmark):
    ds = icdd.load()
    benchmark(icdd.compare, ds, method="tfidf")


def test_compare_embedding_shipped_vectors(benchmark):
    ds = icdd.load()
    benchmark(icdd.compare, ds, method="embedding")


def test_robustness_full_grid(benchmark):
    ds = icdd.load()
    result = benchmark.pedantic(icdd.robustness, args=(ds,), kwargs={"n_permutations": 200}, rounds=3, iterations=1)
    # three scope pairs; Indonesian cannot run where a wider scope holds items without Indonesian text
    assert len(result.scopes) == 3 and result.specs[result.specs["baseline_scope"] == "sessions"]["ran"].all()


def test_peak_memory_of_load_and_robustness(benchmark):
    """Peak Python memory of a full analysis (load + robustness grid), recorded in the benchmark's extra info."""
    import tracemalloc

    def run():
        tracemalloc.start()
        icdd.robustness(icdd.load(), n_permutations=200)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    peak = benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info["peak_mib"] = round(peak / 2**20, 1)
    print(f"\npeak traced memory: {peak / 2**20:.1f} MiB")


def test_first_load_of_a_package_with_30000_extra_agenda_rows(benchmark, tmp_path_factory, monkeypatch):
    """The first (validating) load of a large package: 1,500 synthetic conferences of 20 sessions (30,000 agenda
    rows, 77,000 codings). Each round gets an empty validation cache, so every round validates. Issue 19 reported
    9.7 s (2.5 s a month before). Measured back to back on a shared 2-core machine, before and after Frictionless
    stopped deep-copying the inline rows and re-reading referenced tables (keys are now checked on the text
    cells) and variants stopped converting whole tables to records: 10.1 s -> 3.6 s, and 25.4 s -> 8.4 s under
    load. What remains is mostly Frictionless's per-cell type and constraint checks (about 110,000 rows)."""
    import itertools
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import synthetic

    package = synthetic.write_package(tmp_path_factory.mktemp("large"), 1500)
    caches = (tmp_path_factory.mktemp(f"cache-{i}") for i in itertools.count())

    def fresh_cache():
        monkeypatch.setenv("ICDD_CACHE_DIR", str(next(caches)))
        return (package,), {}

    ds = benchmark.pedantic(icdd.load, setup=fresh_cache, rounds=3, iterations=1)
    assert len(ds.agenda_items) >= 30_000
