"""study.run: every result of a request, each computed once and only what the request asks for."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import icdd_analysis as icdd
from icdd_analysis.study import CompareRequest
from icdd_analysis.study import run as study_run
from icdd_analysis.study.run import CompareResults, run


@pytest.fixture(scope="module")
def default_results(ds):
    return run(ds, CompareRequest(n_permutations=20))


@pytest.mark.parametrize("method", ["coding", "keywords", "tfidf", "embedding"])
def test_each_method_alone(ds, method):
    request = CompareRequest(method=method, n_permutations=10)
    res = run(ds, request)
    assert isinstance(res, CompareResults) and [c.spec.method for c in res.comparisons] == [method]
    assert res.comparisons[0].spec.lang == "both" and res.reference.spec.method == "coding"
    expected = icdd.compare(ds, method=method, lang="both", baseline_scope="sessions", target_scope="focus_areas")
    pd.testing.assert_frame_equal(res.comparisons[0].similarity, expected.similarity)
    pd.testing.assert_frame_equal(res.comparisons[0].continuity, expected.continuity)
    checked = ["keywords", "tfidf", "embedding"] if method == "coding" else [method]
    assert list(res.agreement.scores["method"]) == checked  # only coding asked: the text methods are checked
    ran = set(res.robustness.specs["method"])
    assert ran == ({"coding"} if method == "coding" else {"coding", method})  # the grid over the requested methods
    assert set(res.robustness.permutation["method"]) == ({"coding"} | ({method} if method != "coding" else set()))
    assert "A2" in res.source_ids


def test_agreement_is_the_agreement_functions(ds, default_results):
    expected = icdd.agreement(ds, methods=("keywords", "tfidf", "embedding"), lang="both", baseline_scope="sessions",
                              target_scope="focus_areas")
    pd.testing.assert_frame_equal(default_results.agreement.scores, expected.scores)
    pd.testing.assert_frame_equal(default_results.agreement.pairwise, expected.pairwise)


def test_robustness_is_the_default_grid_for_all_methods(ds, default_results):
    expected = icdd.robustness(ds, baseline_scope="sessions", target_scope="focus_areas", n_permutations=20,
                               text_lang=default_results.request.text_lang)
    pd.testing.assert_frame_equal(default_results.robustness.claims, expected.claims)
    pd.testing.assert_frame_equal(default_results.robustness.permutation, expected.permutation)


def test_each_comparison_is_computed_once(ds, monkeypatch):
    calls, grids = [], []
    real_compare, real_robustness = study_run.compare, study_run.robustness

    def spy_compare(*args, **kwargs):
        calls.append(kwargs["method"])
        return real_compare(*args, **kwargs)

    def spy_robustness(*args, **kwargs):
        grids.append(kwargs["methods"])
        return real_robustness(*args, **kwargs)

    monkeypatch.setattr(study_run, "compare", spy_compare)
    monkeypatch.setattr(study_run, "robustness", spy_robustness)
    res = run(ds, CompareRequest(n_permutations=5))
    assert sorted(calls) == sorted(["coding", "keywords", "tfidf", "embedding"])  # the reference reused, not redone
    assert res.reference is res.comparisons[0] and grids == [("keywords", "tfidf", "embedding")]
    calls.clear()
    run(ds, CompareRequest(method="tfidf", n_permutations=5))
    assert sorted(calls) == ["coding", "tfidf"] and grids[-1] == ("tfidf",)  # nothing the request did not ask for


def test_a_bad_request_is_refused_before_anything_runs(ds, monkeypatch):
    monkeypatch.setattr(study_run, "compare", lambda *a, **k: pytest.fail("computed"))
    with pytest.raises(icdd.errors.ParameterError, match="'frame'"):
        run(ds, CompareRequest(frame="colours"))


def _numbers(res: CompareResults) -> list[float]:
    found = []
    for c in res.comparisons:
        found += list(c.similarity.to_numpy().ravel()) + list(c.links["score"]) + list(c.continuity["status"])
    found += list(res.agreement.scores.drop(columns="method").to_numpy().ravel())
    found += list(res.robustness.claims["share"]) + list(res.robustness.permutation["p_value"])
    found += list(res.reference.continuity["status"]) + list(res.source_ids)
    return found


def test_the_english_and_the_indonesian_default_report_give_the_same_numbers(ds, default_results):
    english = default_results
    indonesian = run(ds, CompareRequest(lang="id", n_permutations=20))
    a, b = _numbers(english), _numbers(indonesian)
    assert len(a) == len(b) > 100
    assert all(x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y)) for x, y in zip(a, b))


def test_the_english_and_the_indonesian_pages_print_the_same_numbers(ds, default_results):
    """The tables as each page prints them: the same numbers, written with each language's decimal sign."""
    import re

    from icdd_analysis import present as nr

    indonesian = run(ds, CompareRequest(lang="id", n_permutations=20))

    def printed(res: CompareResults, lang: str) -> list[str]:
        pages = [nr.links_table(list(res.comparisons), lang), nr.agreement_table(res.agreement, lang),
                 nr.permutation_table(res.robustness, lang)]
        numbers = re.findall(r"-?\d+(?:[.,]\d+)?", "\n".join(pages).replace("−", "-"))
        return [n.replace(",", ".") if lang == "id" else n for n in numbers]

    english_numbers = printed(default_results, "en")
    assert len(english_numbers) > 50 and english_numbers == printed(indonesian, "id")


def test_the_explorer_calls_no_analysis_function_itself():
    """The explorer goes through the study (compare_step, robustness_step): no import of the analysis core."""
    import ast
    from pathlib import Path

    import icdd_analysis

    core = {"compare", "agreement", "agreement_of", "robustness"}
    found = []
    for path in (Path(icdd_analysis.__file__).parent / "explorer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] in ("comparison", "analysis"):
                found.append(f"{path.name} imports from {node.module}")
            if isinstance(node, ast.ImportFrom):
                found += [f"{path.name} imports {a.name}" for a in node.names if a.name in core]
    assert not found, found
