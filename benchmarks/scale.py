"""Scale, measured: load, compare (every method), robustness and class agreement on synthetic packages.

    python benchmarks/scale.py                          # 10, 100 and 1,000 events; a class of 1,000 students
    python benchmarks/scale.py --events 10 100 --students 200
    BENCH_QUICK=1 python benchmarks/scale.py --events 10 --students 20    # CI: the benchmark works

Each package is benchmarks/synthetic.py's: the bundled package plus N conferences of 20 coded sessions. Every
step runs twice: once timed (wall clock, no tracing), once under tracemalloc for its peak Python memory.
``load`` is measured validating (an empty validation cache) and validated before (the record of that first
load). compare and robustness compare the first and the last synthetic conference (one pair: what the API
compares) inside a package of N events; class agreement is 1,000 students' codings of the teaching items.
The embedding method needs no model here: synthetic items reuse bundled texts, whose vectors are shipped.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
from _timing import quick  # noqa: E402

METHODS = ("coding", "keywords", "tfidf", "embedding")


def measure(step):
    """(seconds, peak MiB) of one call: timed without tracing, then traced for memory."""
    gc.collect()
    start = time.perf_counter()
    step()
    elapsed = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    step()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak / 2**20


def class_codings(ds, students: int) -> dict:
    """``students`` codings of the teaching items (1-2 codes each, every tenth student leaves items out)."""
    import numpy as np

    from icdd_analysis import teaching as tc
    from icdd_analysis.frames import get_frame

    rng = np.random.default_rng(0)
    items, codes = tc.compared_items(ds), get_frame(ds, "function").code_ids
    codings = {}
    for s in range(students):
        coded = items if s % 10 else items[: rng.integers(1, len(items))]
        coding = {i: list(rng.choice(codes, size=rng.integers(1, 3), replace=False)) for i in coded}
        codings[f"student{s:04d}"] = tc.classroom.coding_matrix(ds, coding)
    return codings


def run(sizes: list[int], students: int, robustness_permutations: int) -> list[dict]:
    import icdd_analysis as icdd
    from icdd_analysis import teaching as tc
    from icdd_analysis.frames import get_frame

    icdd.compare(icdd.load(), method="tfidf")  # imports (scikit-learn...) are paid here, not in the first step
    rows = []
    with tempfile.TemporaryDirectory(prefix="icdd-scale-") as tmp:
        for n in sizes:
            folder = synthetic.write_package(Path(tmp) / f"pkg-{n}", n)
            os.environ["ICDD_CACHE_DIR"] = str(Path(tmp) / f"cache-{n}")
            first, last = synthetic.event_ids(n)[0], synthetic.event_ids(n)[-1]
            results = {}

            def cold_load():
                for record in Path(os.environ["ICDD_CACHE_DIR"]).rglob("*.json"):
                    record.unlink()
                icdd.load(folder)

            results["load (validating)"] = measure(cold_load)
            results["load (validated before)"] = measure(lambda: icdd.load(folder))
            ds = icdd.load(folder)
            for method in METHODS:
                results[f"compare {method}"] = measure(lambda m=method: icdd.compare(ds, first, last, method=m))
            # Quick mode (CI): a one-method, one-language grid; the numbers are for `make bench`.
            grid = ({"methods": ("tfidf",), "langs": ("en",), "units": ("label",), "normalisations": ("raw",),
                     "top_ks": (1,)} if quick() else {})
            results[f"robustness ({robustness_permutations} permutations{', small grid' if grid else ''})"] = measure(
                lambda: icdd.robustness(ds, first, last, n_permutations=robustness_permutations, **grid))
            codings = class_codings(ds, students)
            results[f"class_agreement ({students} students)"] = measure(lambda: tc.class_agreement(ds, codings))
            rows.append({"events": n, "items": len(ds.agenda_items), "codings": len(ds.codings), **results})
            print(f"{n} events: " + "; ".join(f"{k} {t:.2f} s, {m:.1f} MiB" for k, (t, m) in results.items()),
                  file=sys.stderr, flush=True)  # progress: the table comes at the end
    return rows


def print_table(rows: list[dict]) -> None:
    steps = [k for k in rows[0] if k not in ("events", "items", "codings")]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n## Scale (benchmarks/scale.py): seconds and peak traced MiB; {os.cpu_count()} CPUs, load average "
          f"{load:.1f}" + ("; QUICK MODE" if quick() else "") + "\n")
    print("| step | " + " | ".join(f"{r['events']} events ({r['items']:,} items, {r['codings']:,} codings)"
                                   for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for step in steps:
        cells = [f"{r[step][0]:.2f} s, {r[step][1]:.1f} MiB" for r in rows]
        print(f"| {step} | " + " | ".join(cells) + " |")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--permutations", type=int, default=200, help="robustness permutations (default 200)")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "agg")
    print_table(run(args.events, args.students, args.permutations))
    return 0


if __name__ == "__main__":
    sys.exit(main())
