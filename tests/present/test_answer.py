"""The answer's claims as data (issue 17.1): calibrated likelihood and confidence words, claims under every
reading of the agendas, the headline the index reads."""

from __future__ import annotations

import pytest

from icdd_analysis.present.answer import AnswerError, confidence, headline, likelihood


@pytest.mark.parametrize("share, term", [
    (1.0, "virtually_certain"), (0.99, "virtually_certain"), (0.9899, "very_likely"),
    (0.95, "very_likely"), (0.90, "very_likely"), (0.8999, "likely"),
    (0.661, "likely"), (66 / 100, "about_as_likely_as_not"),  # 66% is in both; "about as likely as not" is narrower
    (0.5, "about_as_likely_as_not"),
    (0.33, "about_as_likely_as_not"),  # equal widths: the more cautious, middle term
    (0.3299, "unlikely"), (0.101, "unlikely"), (0.10, "very_unlikely"), (0.0101, "very_unlikely"),
    (0.01, "exceptionally_unlikely"), (0.0, "exceptionally_unlikely"),
])
def test_likelihood_takes_the_narrowest_ar5_range_at_its_boundaries(share, term):
    assert likelihood(share) == term


@pytest.mark.parametrize("share", [-0.01, 1.01, float("nan"), None])
def test_likelihood_refuses_a_share_outside_0_to_1(share):
    with pytest.raises(AnswerError, match="share must be a number from 0 to 1"):
        likelihood(share)


@pytest.mark.parametrize("level, agree, expected", [
    ("high", True, "high"), ("high", False, "medium"), ("medium", False, "low"), ("low", False, "low"), ("low", True, "low")])
def test_confidence_is_the_weakest_source_one_step_lower_when_methods_disagree(level, agree, expected):
    assert confidence(level, agree) == expected


def test_confidence_names_the_valid_levels():
    with pytest.raises(AnswerError, match="high, medium, low"):
        confidence("certain", True)


def _find(claims, code, status):
    found = [c for c in claims if c.code == code and c.status == status]
    assert len(found) == 1, (code, status, claims)
    return found[0]


def test_the_default_reading_answers_continued_new_dropped(claims):
    default = {(c.code, c.status) for c in claims if c.default}
    assert default == {("F3", "continued"), ("F4", "continued"), ("F6", "continued"), ("F5", "new")}


def test_claims_made_only_under_another_scope_are_found_on_the_bundled_data(claims):
    # F1 dropped against the 2019 stated agenda (a pair outside the default grid: project coding only)
    dropped = _find(claims, "F1", "dropped")
    assert not dropped.default and dropped.pairs == (("stated_agenda", "focus_areas"),)
    assert dropped.share is None and dropped.likelihood is None
    # F1 and F7 new under wider scopes of 2021
    f1_new, f7_new = _find(claims, "F1", "new"), _find(claims, "F7", "new")
    assert not f1_new.default and ("sessions+theme", "focus_areas+panels+review") in f1_new.pairs
    assert not f7_new.default and all(p[1] == "stated_agenda" for p in f7_new.pairs)
    assert f1_new.likelihood is not None and f7_new.likelihood is not None  # these pairs are in the grid
    # F5 is new only while 2019 is read without its stated agenda; against it, F5 continued
    assert all(p[0] != "stated_agenda" for p in _find(claims, "F5", "new").pairs)
    assert not _find(claims, "F5", "continued").default


def test_a_claims_share_is_counted_over_the_grid_specifications_of_its_scopes(claims, rob):
    f3 = _find(claims, "F3", "continued")
    ran = rob.specs[rob.specs["ran"]]
    assert f3.n_specs == len(ran)  # F3 continues under every reading: every specification counts
    cont = rob.continuity
    holding = set(cont.loc[(cont["code"] == "F3") & (cont["status"] == "continued"), "spec_id"])
    assert f3.share == pytest.approx(ran["spec_id"].isin(holding).mean())
    assert f3.likelihood == likelihood(f3.share)


def test_headline_is_plain_data_for_the_index(claims):
    import json

    data = headline(claims)
    json.dumps(data)  # JSON-able: it is stored in the notebook and read by the runner
    default = [(c["code"], c["status"]) for c in data if c["default"]]
    assert default == [("F3", "continued"), ("F4", "continued"), ("F6", "continued"), ("F5", "new")]
    f1 = next(c for c in data if c["code"] == "F1" and c["status"] == "dropped")
    assert f1["likelihood"] is None and f1["pairs"] == [["stated_agenda", "focus_areas"]]
