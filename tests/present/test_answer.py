"""The answer at the top of the comparison report (issue 17.1): claims, calibrated words, escaping."""

from __future__ import annotations

import re

import pytest

import icdd_analysis as icdd
from icdd_analysis.present.answer import AnswerError, answer_claims, confidence, headline, likelihood
from icdd_analysis.present.answer_html import ANSWER_MIME, answer_section, heading_anchor
from icdd_analysis.i18n import messages, t

#: A small grid (one method, one language): the claims and their scope pairs do not depend on its size.
GRID = dict(methods=("keywords", "tfidf"), langs=("en",), units=("label",), normalisations=("raw",), top_ks=(1,),
            n_permutations=2)


@pytest.fixture(scope="module")
def reference(ds):
    return icdd.compare(ds, "rcdd-2019", "icdd-2021", method="coding", frame="function",
                        baseline_scope="sessions", target_scope="focus_areas")


@pytest.fixture(scope="module")
def rob(ds):
    return icdd.robustness(ds, "rcdd-2019", "icdd-2021", frame="function", baseline_scope="sessions",
                           target_scope="focus_areas", **GRID)


@pytest.fixture(scope="module")
def claims(ds, reference, rob):
    return answer_claims(ds, reference, rob)


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


def test_one_line_answers_in_the_pages_language(ds, reference, claims):
    from icdd_analysis.present.answer_html import one_line

    en, id_ = one_line(ds, reference, claims, "en"), one_line(ds, reference, claims, "id")
    assert en.startswith("Carried over: crisis management and communication (F3, virtually certain)")
    assert "Dropped after RCDD 2019: none under these scopes." in en and "F1" in en
    assert id_.startswith("Berlanjut: manajemen dan komunikasi krisis (F3, hampir pasti)") and "\n" not in id_


@pytest.mark.parametrize("lang, words", [
    ("en", ["Carried over", "New in ICDD 2021", "Dropped after RCDD 2019", "crisis management", "virtually certain",
            "confidence", "Mastrandrea"]),
    ("id", ["Berlanjut", "Baru di ICDD 2021", "Ditinggalkan setelah RCDD 2019", "manajemen dan komunikasi krisis",
            "hampir pasti", "keyakinan", "sama mungkinnya ada atau tidak", "Mastrandrea"]),
])
def test_the_answer_is_in_the_pages_language(ds, reference, rob, claims, lang, words):
    html = answer_section(ds, reference, rob, lang, claims)
    for word in words:
        assert word in html, word
    assert "<section" in html and "<section lang" not in html  # in the page's language: checked by the page's language test
    other = "id" if lang == "en" else "en"
    for key in ("answer_continued", "answer_none", "answer_scale", "likelihood_very_likely", "answer_evidence"):
        assert messages(other)[key].split("{")[0] not in html, key


def test_the_scale_is_stated_once_and_every_line_links_to_the_evidence(ds, reference, rob, claims):
    html = answer_section(ds, reference, rob, "en", claims)
    assert html.count('class="icdd-scale"') == 1 and html.count("99–100%") == 1
    anchor = heading_anchor(t("robustness_heading", "en"))
    assert html.count("<details>") == html.count(f'href="#{anchor}"') >= 4  # each line's evidence one click away
    assert "F1" in html and "whole stated agenda" in html  # the other-scope claims are said, with their scopes
    assert re.search(r"\d+(\.\d+)?%", html)  # the exact shares are in the page (inside <details>)


def test_heading_anchor_matches_nbconvert():
    strings = pytest.importorskip("nbconvert.filters.strings")
    heading = t("robustness_heading", "id")
    assert heading_anchor(heading) == strings._convert_header_id(heading)


HOSTILE = '<script>alert(1)</script> & "x" $a$ \\(b\\)'


def test_every_data_string_is_escaped(package_copy):
    rows = package_copy.rows("frame_codes")
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("frame_id")] == "function":
            row[header.index("label")] = HOSTILE + row[header.index("code")]
            row[header.index("label_id")] = HOSTILE + row[header.index("code")]
    package_copy.write("frame_codes", rows)
    hostile = icdd.load(package_copy.folder)
    # Item texts: changed after loading (the package's variants table must agree with a changed text).
    hostile.agenda_items["text_en"] = HOSTILE + hostile.agenda_items["text_en"]
    hostile.agenda_items["text_id"] = HOSTILE + hostile.agenda_items["text_id"]
    ref = icdd.compare(hostile, "rcdd-2019", "icdd-2021", method="coding", frame="function",
                       baseline_scope="sessions", target_scope="focus_areas")
    rob = icdd.robustness(hostile, "rcdd-2019", "icdd-2021", frame="function", baseline_scope="sessions",
                          target_scope="focus_areas", **GRID)
    for lang in ("en", "id"):
        html = answer_section(hostile, ref, rob, lang)
        assert "<script" not in html and "$a$" not in html and "\\(" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html


def test_show_answer_records_the_headline_beside_the_html(ds, reference, rob, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    from icdd_analysis.present.answer_html import show_answer

    data = show_answer(ds, reference, rob, "id")
    assert shown[0][ANSWER_MIME] == data and data["lang"] == "id"
    assert "Berlanjut" in shown[0]["text/html"]
