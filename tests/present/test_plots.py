"""Figures: one panel per method, the normalisation in the title, labels in English or Indonesian."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import icdd_analysis as icdd  # noqa: E402
from icdd_analysis import IcddError, plots  # noqa: E402


@pytest.fixture(scope="module")
def comparisons(ds):
    return [icdd.compare(ds, method=m) for m in ("coding", "tfidf", "embedding")]


def test_heatmap_has_a_panel_per_method_with_normalisation_and_values(comparisons):
    fig = plots.similarity_heatmap(comparisons)
    axes = fig.get_axes()
    assert len(axes) == 3
    assert " ".join(axes[0].get_title().split()) == "project coding: raw similarity (English)"  # wrapped in its panel
    assert " ".join(axes[2].get_title().split()) == "embeddings: centred (z) similarity (English)"
    annotations = [t.get_text() for t in axes[1].texts]
    assert len(annotations) == 15 and "0.45" in annotations
    assert axes[0].get_yticklabels()[1].get_text().startswith("FA2 Crisis Management")
    plt.close(fig)


def test_continuity_plot_in_indonesian(comparisons):
    fig = plots.continuity_plot(comparisons, lang="id")
    ax = fig.get_axes()[0]
    cells = {t.get_text() for t in ax.texts}
    assert {"berlanjut", "baru"} <= cells
    assert "Fungsi diplomatik (sumbu buatan proyek ini)" in " ".join(ax.get_title().split())  # the frame's Indonesian name
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any(" ".join(label.split()) == "F3: manajemen dan komunikasi krisis" for label in labels)  # frame_codes.label_id
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["berlanjut", "baru", "ditinggalkan"]
    plt.close(fig)


def test_agreement_plot(ds):
    fig = plots.agreement_plot(icdd.agreement(ds))
    ax = fig.get_axes()[0]
    assert "Cohen's kappa" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["project coding", "keywords", "TF-IDF", "embeddings"]
    plt.close(fig)


def test_unknown_label_language_is_a_clear_error(comparisons):
    with pytest.raises(IcddError, match="unknown report language 'fr'; valid: en, id"):
        plots.continuity_plot(comparisons, lang="fr")


def test_labels_are_wrapped_whole_never_cut_and_as_large_as_body_text(comparisons):
    """Item and code labels keep every word (wrapped over lines, no '…'), in at least the body text size."""
    figures = [plots.similarity_heatmap(comparisons, "id"), plots.continuity_plot(comparisons, "id")]
    for fig in figures:
        for ax in fig.get_axes():
            labels = ax.get_xticklabels() + ax.get_yticklabels() + list(ax.texts)
            assert labels and not [t.get_text() for t in labels if "…" in t.get_text() or "..." in t.get_text()]
            assert min(t.get_fontsize() for t in labels) >= plots.FONT_SIZE
        plt.close(fig)
    target = comparisons[0].target
    full = " ".join(target.texts["en"][1].split())
    assert " ".join(plots.short_label(target.ids[1], full).split()) == f"FA2 {full}"  # the whole text


def test_figure_numbers_follow_the_report_language(comparisons):
    fig = plots.similarity_heatmap(comparisons[1], "id")
    annotations = [t.get_text() for t in fig.get_axes()[0].texts]
    assert "0,45" in annotations and "0.45" not in annotations
    plt.close(fig)


def test_figures_draw(ds):
    for fig in (plots.timeline_figure(ds, "en"), plots.countries_figure(ds, "rcdd-2019", "icdd-2021", "id")):
        assert fig.get_axes()
        plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_timeline_labels_sit_beside_their_markers_and_cover_none(ds, lang):
    """17.5: every line of a wrapped label starts (or ends) beside its own marker, no label covers a marker,
    and the axis ends near the last event instead of running on through empty years."""
    import matplotlib.pyplot as plt
    import numpy as np

    fig = plots.timeline_figure(ds, lang)
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    import matplotlib.dates as mdates

    markers = [ax.transData.transform((mdates.date2num(pd.Timestamp(line.get_xdata()[0])), float(line.get_ydata()[0])))
               for line in ax.lines if line.get_marker() == "o"]
    labels = [a for a in ax.texts]
    assert len(labels) == len(markers) == len(ds.events)
    for (mx, my), label in zip(markers, labels):
        box = label.get_window_extent(renderer)
        assert box.y0 - 1 <= my <= box.y1 + 1, label.get_text()  # on the marker's row, vertically centred on it
        assert box.x0 >= mx + 5 or box.x1 <= mx - 5, label.get_text()  # beside it, never over it
        assert label.get_horizontalalignment() in ("left", "right")
        for ox, oy in markers:
            assert not (box.x0 < ox < box.x1 and box.y0 < oy < box.y1), (label.get_text(), "covers a marker")
    last_year = max(ds.events["start_date"].max(), ds.events["end_date"].max()).year
    assert ax.get_xlim()[1] < mdates.date2num(pd.Timestamp(f"{last_year + 1}-06-30"))
    plt.close(fig)
