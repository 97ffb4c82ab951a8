"""Fixtures shared by the answer's tests: the project coding's reference, a small robustness grid and the
claims made from them (computed once for the package's tests)."""

from __future__ import annotations

import pytest

import icdd_analysis as icdd
from icdd_analysis.present.answer import answer_claims

#: A small grid (one method, one language): the claims and their scope pairs do not depend on its size.
GRID = dict(methods=("keywords", "tfidf"), langs=("en",), units=("label",), normalisations=("raw",), top_ks=(1,),
            n_permutations=2)


@pytest.fixture(scope="package")
def reference(ds):
    return icdd.compare(ds, "rcdd-2019", "icdd-2021", method="coding", frame="function",
                        baseline_scope="sessions", target_scope="focus_areas")


@pytest.fixture(scope="package")
def rob(ds):
    return icdd.robustness(ds, "rcdd-2019", "icdd-2021", frame="function", baseline_scope="sessions",
                           target_scope="focus_areas", **GRID)


@pytest.fixture(scope="package")
def claims(ds, reference, rob):
    return answer_claims(ds, reference, rob)

