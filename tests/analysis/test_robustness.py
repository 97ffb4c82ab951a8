"""robustness(): only the methods asked for, the coding reference computed once and returned, the text
language of the permutation test, and the per-Dataset memo of matrices."""

from __future__ import annotations

import dataclasses
import importlib

import numpy as np
import pandas as pd
import pytest

import icdd_analysis as icdd
from icdd_analysis.analysis.permutation import resplits, split_statistics
from icdd_analysis.analysis.prepared import prepared
from icdd_analysis.methods import METHODS

SMALL = dict(langs=("en",), units=("label",), normalisations=("raw",), top_ks=(1,), n_permutations=20)


def test_only_the_methods_given_are_computed(ds, monkeypatch):
    fresh = dataclasses.replace(ds, _events={})  # a new Dataset: nothing memoised yet
    called = []
    for name in ("keywords", "embedding"):
        monkeypatch.setattr(METHODS[name], "code_scores", lambda *a, _n=name, **k: called.append(_n))
        monkeypatch.setattr(METHODS[name], "item_similarity", lambda *a, _n=name, **k: called.append(_n))
    rob = icdd.robustness(fresh, methods=("tfidf",), **SMALL)
    assert called == []
    assert set(rob.specs["method"]) == {"tfidf", "coding"}
    assert list(rob.permutation["method"].unique()) == ["coding", "tfidf"]


def test_the_reference_is_computed_once_per_scope_pair_and_returned(ds, monkeypatch):
    calls = []
    # analysis/__init__ exports the functions under the modules' names: take the module itself
    module = importlib.import_module("icdd_analysis.analysis.robustness")
    real = module.compare

    def counting(*args, **kwargs):
        calls.append(kwargs.get("method"))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "compare", counting)
    rob = icdd.robustness(ds, methods=("tfidf",), **SMALL)
    assert calls.count("coding") == len(rob.scopes) == 3
    assert set(rob.references) == set(rob.scopes) and rob.reference is rob.references[rob.scopes[0]]
    expected = icdd.compare(ds, method="coding", baseline_scope=rob.scopes[1][0], target_scope=rob.scopes[1][1])
    pd.testing.assert_frame_equal(rob.references[rob.scopes[1]].continuity, expected.continuity)
    pd.testing.assert_frame_equal(rob.reference.links, icdd.compare(ds, method="coding").links)


def test_the_permutation_test_reads_the_text_language_it_is_given(ds):
    en = icdd.robustness(ds, methods=("keywords",), scopes=[(None, None)], **SMALL)
    idn = icdd.robustness(ds, methods=("keywords",), scopes=[(None, None)], text_lang="id", **SMALL)
    for lang, rob in (("en", en), ("id", idn)):
        continuity = icdd.compare(ds, method="keywords", lang=lang).continuity
        observed = rob.permutation.set_index(["method", "statistic"]).at[("keywords", "continued_codes"), "observed"]
        assert observed == int((continuity["status"] == "continued").sum()), lang
    # The bundled keywords find other codes in Indonesian: the test would see a language that was ignored.
    assert not en.permutation.equals(idn.permutation)
    # The grid and the claims do not depend on it.
    pd.testing.assert_frame_equal(en.claims, idn.claims)


def test_batched_statistics_equal_one_re_split_at_a_time():
    rng = np.random.default_rng(5)
    codes = rng.random((9, 6)) > 0.6
    sim = np.round(rng.random((9, 9)), 3)
    orders = resplits(9, 50, seed=2)
    again = np.random.default_rng(2)
    assert all((orders[i] == again.permutation(9)).all() for i in range(50))  # the same draws, in order
    batched = split_statistics(codes, sim, orders, n_baseline=4)
    for order, row in zip(orders, batched):
        b, t = order[:4], order[4:]
        assert row[0] == int((codes[b].any(0) & codes[t].any(0)).sum())
        assert row[1] == float(sim[np.ix_(t, b)].max(1).mean())


def test_the_memo_belongs_to_one_dataset_and_cannot_be_changed(ds):
    icdd.compare(ds, method="tfidf")
    memo = prepared(ds)
    assert len(memo) > 0 and prepared(ds) is memo
    other = dataclasses.replace(ds, _events={})
    assert prepared(other) is not memo and len(prepared(other)) == 0
    scores = [v for k, v in memo._memo.items() if k[0] == "codes"][0][0]
    with pytest.raises(ValueError):
        scores[0, 0] = 99.0


def test_a_changed_package_is_compared_afresh(ds):
    items = ds.agenda_items.copy()
    session = items.loc[items["item_id"] == "rcdd-2019-session-1", "text_en"].iloc[0]
    items.loc[items["item_id"] == "icdd-2021-fa-1", "text_en"] = session  # fa-1 now says what session 1 said
    changed = dataclasses.replace(ds, agenda_items=items, _events={})
    before, after = icdd.compare(ds, method="tfidf"), icdd.compare(changed, method="tfidf")
    assert before.target.texts["en"][0] != after.target.texts["en"][0]
    assert before.raw_similarity.iat[0, 0] < 0.99 and after.raw_similarity.iat[0, 0] == pytest.approx(1.0)


def test_the_memo_goes_with_its_dataset(ds):
    import gc

    from icdd_analysis import memo

    short_lived = dataclasses.replace(ds, _events={})
    icdd.compare(short_lived, method="keywords")
    key = id(short_lived)
    assert key in memo._MEMOS
    del short_lived
    gc.collect()
    assert key not in memo._MEMOS
