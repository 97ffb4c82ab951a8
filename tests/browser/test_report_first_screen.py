"""The default comparison report's first screen (1280 x 800) holds the answer, in English and in Indonesian.

Issue 17: a reader who sees only the first screen finds what carried over, what is new, what was dropped and
how sure, in words. The reports are made by the real runner; screenshots go to build/browser/ for a person.
"""

from __future__ import annotations

import pytest

from .conftest import ARTIFACTS

WORDS = {"en": ("Carried over", "New in ICDD 2021", "Dropped after RCDD 2019", "confidence", "likely"),
         "id": ("Berlanjut", "Baru di ICDD 2021", "Ditinggalkan setelah RCDD 2019", "keyakinan", "mungkin")}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from icdd_analysis import report

    out = tmp_path_factory.mktemp("first-screen")
    for lang in ("en", "id"):
        assert report.main(["run", "02-compare-agendas", "-p", f"lang={lang}", "-p", "n_permutations=20",
                            "--name", f"compare-{lang}", "--out", str(out), "-q"]) == 0
    return out


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_first_screen_of_the_comparison_report_holds_the_three_answers_in_words(browser, reports, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=lang)
    page = context.new_page()
    try:
        page.goto((reports / f"compare-{lang}" / "report.html").as_uri())
        section = page.locator("section.icdd-answer")
        box = section.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800, box  # whole, above the fold, intro above it
        assert page.locator("h1").first.bounding_box()["y"] < box["y"]  # the report's intro comes first
        seen = section.inner_text()
        for word in WORDS[lang]:
            assert word in seen, word
        assert page.locator("table").first.bounding_box()["y"] > box["y"] + box["height"]  # no table before it
        # the exact shares are one click away
        summary = section.locator("summary").first
        details = section.locator("details").first
        assert not details.evaluate("d => d.open")
        summary.click()
        assert details.evaluate("d => d.open") and "%" in details.inner_text()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-first-screen-{lang}.png"))
        # each line's evidence link leads to a heading on the page
        href = section.locator("a").first.get_attribute("href")
        assert page.locator(f"[id='{href[1:]}']").count() == 1, href
    finally:
        context.close()
