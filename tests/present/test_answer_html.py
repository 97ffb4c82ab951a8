"""The answer at the top of the comparison report as HTML (issue 17.1): in the page's language, linked to the
evidence, every data string escaped, the headline recorded beside it."""

from __future__ import annotations

import re

import pytest

import icdd_analysis as icdd
from icdd_analysis.i18n import messages, t
from icdd_analysis.present.answer_html import ANSWER_MIME, answer_section, heading_anchor

from .conftest import GRID


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
