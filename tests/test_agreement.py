"""Agreement statistics on known values, and agreement() / robustness() on the bundled pair."""

from __future__ import annotations

import numpy as np
import pytest

import icdd_analysis as icdd
from icdd_analysis import stats

A = np.array([1, 1, 0, 0])
B = np.array([1, 0, 0, 0])


def test_statistics_match_hand_computed_values():
    assert stats.percent_agreement(A, B) == 0.75
    assert stats.cohen_kappa(A, B) == pytest.approx(0.5)  # pe = 0.5
    assert stats.gwet_ac1(A, B) == pytest.approx((0.75 - 0.46875) / (1 - 0.46875))
    assert stats.krippendorff_alpha(A, B) == pytest.approx(1 - 0.25 / (30 / 56))
    assert stats.precision_recall(A.astype(bool), B.astype(bool)) == (1.0, 0.5)


def test_precision_and_recall_count_as_scikit_learn_does():
    from sklearn.metrics import precision_score, recall_score

    rng = np.random.default_rng(0)
    cases = [rng.random((2, 12)) < p for p in (0.0, 0.1, 0.5, 0.9)] + [np.zeros((2, 3), bool)]
    for reference, predicted in cases:
        expected = (precision_score(reference, predicted, zero_division=np.nan),
                    recall_score(reference, predicted, zero_division=np.nan))
        np.testing.assert_equal(stats.precision_recall(reference, predicted), expected)


def test_statistics_are_nan_where_undefined_not_errors():
    zeros = np.zeros(4, dtype=int)
    assert np.isnan(stats.cohen_kappa(zeros, zeros))
    assert np.isnan(stats.krippendorff_alpha(zeros, zeros))
    assert stats.percent_agreement(zeros, zeros) == 1.0


def test_identical_coders_agree_perfectly(toy):
    agr = icdd.agreement(toy, "alpha-2000", "beta-2001", frame="function", methods=("coding",))
    assert agr.pairwise.loc["coding", "coding"] == 1.0


def test_agreement_on_the_bundled_pair(ds):
    agr = icdd.agreement(ds, frame="function")
    assert list(agr.scores["method"]) == ["keywords", "tfidf", "embedding"]
    assert agr.scores["n_items"].eq(8).all()
    assert set(agr.codes) == {"F2", "F3", "F4", "F5", "F6"}
    for col in ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1"):
        assert agr.scores[col].between(-1, 1).all()
    assert (np.diag(agr.pairwise.to_numpy()) == 1).all()
    assert np.allclose(agr.pairwise.to_numpy(), agr.pairwise.to_numpy().T, equal_nan=True)
    # keywords were written with the coding in mind: they agree more than embeddings do
    kappa = agr.scores.set_index("method")["cohen_kappa"]
    assert kappa["keywords"] > kappa["embedding"]
    pc = agr.per_code.set_index(["method", "code"])
    assert pc.loc[("keywords", "F3"), "recall"] == 1.0


def test_robustness_grid_claims_and_permutation_baseline(ds):
    rob = icdd.robustness(ds, n_permutations=50, scopes=[(None, None)])  # one scope: the events' defaults
    # the text methods' grid, plus the project coding restricted to the items' own words
    assert len(rob.specs) == 3 * 2 * 2 * 3 * 2 + 1 and rob.specs["ran"].all()
    assert rob.scopes == (("sessions", "focus_areas"),)
    assert rob.specs.query("method == 'coding'")["basis"].tolist() == ["item_text"]
    claims = rob.claims.set_index(["kind", "subject", "claim"])
    assert claims["share"].between(0, 1).all()
    assert claims.loc[("continuity", "F3", "continued"), "in_reference"]
    assert claims.loc[("continuity", "F5", "new"), "share"] > 0.9
    assert claims.loc[("link", "icdd-2021-fa-2", "rcdd-2019-session-2"), "share"] == 1.0
    # rank-preserving normalisations change no claim: each is identical across them
    merged = rob.continuity.merge(rob.specs, on="spec_id")
    key = ["method", "lang", "unit", "top_k", "code"]
    assert (merged.groupby(key)["status"].nunique() == 1).all()
    perm = rob.permutation.set_index(["method", "statistic"])
    assert perm["p_value"].between(0, 1).all() and (perm["p_value"] > 0).all()
    again = icdd.robustness(ds, methods=("tfidf",), langs=("en",), units=("label",), n_permutations=50)  # three scopes
    assert again.permutation.set_index(["method", "statistic"]).loc["tfidf"].equals(perm.loc["tfidf"])


def test_robustness_records_specifications_that_cannot_run(ds):
    rob = icdd.robustness(ds, methods=("tfidf",), kinds={"target": ["focus_area", "panel"]},
                          normalisations=("raw",), top_ks=(1,), n_permutations=10)
    failed = rob.specs[~rob.specs["ran"]]
    assert set(failed["lang"]) == {"id"} and set(failed["unit"]) == {"label"}
    assert failed["reason"].str.contains("no id text for icdd-2021-panel-1").all()
