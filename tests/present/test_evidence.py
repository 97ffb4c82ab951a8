"""What the project coding of an item rests on: the text in the page's language, its confidence and source."""

from __future__ import annotations

from icdd_analysis.present import evidence


def test_confidence_levels_are_the_datas_strongest_first():
    assert evidence.CONFIDENCE_LEVELS == ("high", "medium", "low")


def test_an_items_text_support_is_its_text_in_the_language_else_english(ds):
    # ICDD 2021's focus area 5: the Indonesian title is the source's (high), the English ours (low), both from A2
    assert evidence.text_support(ds, "icdd-2021-fa-5", "id") == {
        "item": "icdd-2021-fa-5", "field": "text_id", "level": "high", "source": "A2"}
    assert evidence.text_support(ds, "icdd-2021-fa-5", "en")["level"] == "low"


def test_a_completion_in_brackets_is_found_but_a_citation_is_not():
    assert evidence.is_completed("SM[Es]") and not evidence.is_completed("[A1]")
