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
