"""Drawing the reader-facing HTML views: the similarity heatmap tables at the broadest scope (issue 17.4, all four
methods, 21 x 11 items) and the answer at the top of the comparison report (17.1), median and worst of several
runs, printed by `make bench`. ``BENCH_QUICK=1``: one run (CI checks that it works).

The heatmap tables are the part of an explorer update that matplotlib took seconds for (see
test_bench_explorer.py): drawn as HTML they must stay well inside the explorer's 0.3 s median goal.
Measured on the 2-core development machine, 4 Dec 2026, load average 5 (other jobs): heatmap tables median
0.024 s, worst 0.043 s (four methods, broadest scope, en and id); answer section median 0.27 s, worst 0.36 s
(its claims under nine readings, eight project codings, and the rendering), once per report.
"""

from __future__ import annotations

import os
import statistics
import time
import warnings

import pytest

import icdd_analysis as icdd
from icdd_analysis.items import MissingTextWarning

#: The goal for a drawing that is part of an explorer update (the explorer's median goal per change).
HEATMAP_MEDIAN_S = 0.3


def _runs() -> int:
    return 1 if os.environ.get("BENCH_QUICK", "") not in ("", "0") else 7


def _time(fn) -> tuple[float, float]:
    times = []
    for _ in range(_runs()):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


@pytest.fixture(scope="module")
def ds():
    return icdd.load()


def test_heatmap_tables_at_the_broadest_scope_draw_within_the_explorers_goal(ds):
    from icdd_analysis.present.heatmap import similarity_tables

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTextWarning)
        comparisons = [icdd.compare(ds, method=m, baseline_scope="stated_agenda", target_scope="stated_agenda")
                       for m in ("coding", "keywords", "tfidf", "embedding")]
    for lang in ("en", "id"):
        median, worst = _time(lambda: similarity_tables(ds, comparisons, lang))
        print(f"\nheatmap tables ({lang}, 4 methods, {comparisons[0].similarity.shape}): median {median:.3f} s, "
              f"worst {worst:.3f} s; load average {os.getloadavg()[0]:.1f}")
        assert median < HEATMAP_MEDIAN_S


def test_the_answer_section(ds):
    from icdd_analysis.present.answer import answer_claims
    from icdd_analysis.present.answer_html import answer_section

    reference = icdd.compare(ds, method="coding")
    rob = icdd.robustness(ds, methods=("keywords",), langs=("en",), units=("label",), n_permutations=2)
    median, worst = _time(lambda: answer_section(ds, reference, rob, "id", answer_claims(ds, reference, rob)))
    print(f"\nanswer section (claims under every reading, rendered): median {median:.3f} s, worst {worst:.3f} s; "
          f"load average {os.getloadavg()[0]:.1f}")
