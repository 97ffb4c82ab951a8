"""The vectorised engine returns what the pandas-per-cell engine returned, table by table.

``fixtures/old-engine.json.gz`` was written once by ``make_fixtures.py`` from the old ``comparison.py``
(before this engine replaced it): five robustness grids (the default one notebook 02 prints, and
variants through a derived frame, stemming, kinds, several evidence bases) and about 300 comparisons.
The same check runs again in a subprocess per OpenBLAS kernel, so the numbers hold on every CPU.
"""

from __future__ import annotations

import gzip
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

import icdd_analysis as icdd

from .make_fixtures import COMPARE_CASES, ROBUSTNESS_CASES, ROBUSTNESS_TABLES, frame_json

FIXTURE = Path(__file__).with_name("fixtures") / "old-engine.json.gz"


def _old() -> dict:
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _assert_same(new: dict, old: dict, where: str) -> None:
    """Two tables in to_json(orient="split") form: same columns, same rows, floats equal to 1e-12."""
    assert new["columns"] == old["columns"], where
    a = pd.DataFrame(new["data"], columns=new["columns"])
    b = pd.DataFrame(old["data"], columns=old["columns"])
    pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=False, rtol=0, atol=1e-12, obj=where)


def differences(names=None) -> list[str]:
    """Every table of the fixture that the current engine does not reproduce (empty when all match)."""
    old, ds, found = _old(), icdd.load(), []
    for name, kwargs in ROBUSTNESS_CASES.items():
        if names is not None and name not in names:
            continue
        rob = icdd.robustness(ds, **kwargs)
        for table in ROBUSTNESS_TABLES:
            try:
                _assert_same(frame_json(getattr(rob, table)), old["robustness"][name][table], f"robustness {name}.{table}")
            except AssertionError as exc:
                found.append(str(exc))
    if names is not None:
        return found
    assert [case["kwargs"] for case in old["compare"]] == [json.loads(json.dumps(k)) for k in COMPARE_CASES]
    for case in old["compare"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                c = icdd.compare(ds, **case["kwargs"])
            except icdd.IcddError as exc:
                if case.get("error") != str(exc):
                    found.append(f"compare {case['kwargs']}: raised {exc}, not {case.get('error')}")
                continue
        if "error" in case:
            found.append(f"compare {case['kwargs']}: ran, but raised {case['error']} before")
            continue
        tables = {"similarity": c.similarity.reset_index(), "raw_similarity": c.raw_similarity.reset_index(),
                  "links": c.links, "continuity": c.continuity}
        for table, frame in tables.items():
            try:
                _assert_same(frame_json(frame), case[table], f"compare {case['kwargs']} {table}")
            except AssertionError as exc:
                found.append(str(exc))
        for side, matrix in c.codes.items():
            try:
                _assert_same(frame_json(matrix.reset_index()), case["codes"][side], f"compare {case['kwargs']} codes {side}")
            except AssertionError as exc:
                found.append(str(exc))
    return found


@pytest.mark.slow
def test_robustness_and_compare_return_what_the_old_engine_returned():
    assert differences() == []


def test_the_check_would_see_a_changed_number():
    old = _old()["robustness"]["default"]["permutation"]
    changed = json.loads(json.dumps(old))
    changed["data"][0][changed["columns"].index("p_value")] += 1e-6
    with pytest.raises(AssertionError):
        _assert_same(changed, old, "permutation")


# Under the Prescott and Haswell OpenBLAS kernels the same comparison runs in tests/test_reproducible.py, in the
# processes that check the notebook's printed results (print_compare_notebook.py --old-engine).
