"""Similarity heatmaps as HTML tables (issue 17.4): readable at every scope, every string escaped."""

from __future__ import annotations

import re
import warnings

import pytest

import icdd_analysis as icdd
from icdd_analysis.present.heatmap import cell_colour, short_label, similarity_tables
from icdd_analysis.items import MissingTextWarning


def _broadest(ds, methods=("coding", "keywords")):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingTextWarning)
        return [icdd.compare(ds, "rcdd-2019", "icdd-2021", method=m, baseline_scope="stated_agenda",
                             target_scope="stated_agenda") for m in methods]


@pytest.mark.parametrize("similarity, background, text", [
    (0.0, "#f7fbff", "#000000"), (1.0, "#08306b", "#ffffff"), (1.7, "#08306b", "#ffffff"), (-0.2, "#f7fbff", "#000000"),
    (0.5, "#6baed6", "#000000"), (0.6, "#4292c6", "#ffffff"), (float("nan"), "#eeeeee", "#000000")])
def test_cell_colour_is_the_blues_class_with_readable_text(similarity, background, text):
    assert cell_colour(similarity) == (background, text)


def test_every_item_of_the_broadest_scope_has_a_short_label_its_full_text_on_hover_and_in_the_legend(ds):
    comparisons = _broadest(ds)
    html = similarity_tables(ds, comparisons, "en")
    sim = comparisons[0].similarity
    assert html.count("<table>") == 2 and html.count("<caption>") == 2  # one table per method
    assert html.count('<th scope="row"') == 2 * len(sim.index) and html.count('<th scope="col"') == 2 * len(sim.columns)
    assert html.count("<td ") == 2 * sim.size
    for item_id in list(sim.index) + list(sim.columns):
        label = short_label(ds, item_id, "en")
        assert len(label) <= 16, label  # short: 13+ columns fit side by side
        text = " ".join(ds.agenda_items.set_index("item_id").at[item_id, "text_en"].split())
        assert f"<dd>{text}</dd>" in html.replace("&#x27;", "'") or "&" in text
    assert "position:sticky" in html  # headers stay in view when the table scrolls
    assert not re.search(r"<img|<svg|base64", html)  # text, not a picture: crisp at any size


def test_values_and_labels_follow_the_page_language(ds):
    comparisons = _broadest(ds, ("coding",))
    id_ = similarity_tables(ds, comparisons, "id")
    en = similarity_tables(ds, comparisons, "en")
    assert "0,50" in id_ and "0.50" in en and "area fokus 1" in id_ and "focus area 1" in en
    assert "pengodean proyek" in id_
    assert "<caption>project coding: raw similarity (English)</caption>" in en  # as the report's panel title


def test_a_centred_similarity_says_so_in_its_caption_and_is_coloured_on_its_own_scale(ds):
    html = similarity_tables(ds, _broadest(ds, ("embedding",)), "en")
    assert "embeddings: centred (z) similarity" in html
    assert cell_colour(-2.0, centred=True) == cell_colour(0.0) and cell_colour(2.0, centred=True) == cell_colour(1.0)
    assert cell_colour(0.0, centred=True) == cell_colour(0.5)  # the mean in the middle of the scale
    assert cell_colour(-1.0, centred=True) != cell_colour(-1.9, centred=True)  # below the mean still distinguished
    backgrounds = set(re.findall(r'<td style="background:(#[0-9a-f]{6})', html))
    assert len(backgrounds) >= 5  # z values spread over the scale, not clipped to two colours


def test_every_data_string_is_escaped(package_copy):
    hostile = icdd.load(package_copy.folder)
    evil = '<script>alert(1)</script>" onmouseover="x" $a$ '
    hostile.agenda_items["text_en"] = evil + hostile.agenda_items["text_en"]
    hostile.agenda_items["text_id"] = evil + hostile.agenda_items["text_id"]
    for lang in ("en", "id"):
        html = similarity_tables(hostile, _broadest(hostile, ("coding",)), lang)
        text = re.sub(r' title="[^"]*"', "", html)  # attributes are not typeset: "$" is only guarded in text
        assert "<script" not in html and '" onmouseover=' not in html and "$a$" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&quot;" in html


def test_no_comparison_draws_nothing(ds):
    assert similarity_tables(ds, [], "en") == ""
