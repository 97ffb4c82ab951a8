"""Figures from comparisons and agreements (matplotlib / seaborn), labelled in English or Indonesian.

Labels from the data package pass through :func:`.escaping.plot_text`, so a ``$`` is drawn, not parsed
as mathtext.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from .analysis import STATUS_ORDER, Agreement, Comparison
from .data import Dataset
from .escaping import plot_text
from .i18n import check, t
from .present.labels import CONFERENCE_KINDS, event_name, full_name
from .present.overview import country_presence

#: Text size of every label, in points: 11 pt is about 15 px in the report (figures are shown at 100 dpi, their
#: own width), at least the 14 px of the report's body text, as long as the figure is not shrunk to fit the page.
FONT_SIZE = 11
#: The widest a figure may be drawn, in inches at the report's 100 dpi: with the up to ~65 px bbox_inches="tight"
#: adds for labels, at most MAX_SHOWN_PX, shown unshrunk on a page 1280 px wide (its content is about 1220 px wide).
#: tests/test_i18n.py checks the figures of the rendered pages.
MAX_WIDTH_IN = 10.5
MAX_SHOWN_PX = 1150
#: Heatmap panels per row: four methods side by side would be 21 in wide and shrunk to half.
PANELS_PER_ROW = 2


def _numbers(data: pd.DataFrame, lang: str) -> np.ndarray:
    """Cell annotations with two decimals in ``lang``'s convention (0.82 / 0,82)."""
    from .i18n import format_number

    return np.vectorize(lambda v: "" if pd.isna(v) else format_number(v, lang, decimals=2), otypes=[object])(data.to_numpy())


STATUS_COLOURS = {"continued": "#1b9e77", "new": "#d95f02", "dropped": "#7570b3", "absent": "#f0f0f0"}


def wrap(text: str, width: int) -> str:
    """``text`` on lines of about ``width`` characters, broken between words (or after a hyphen), never inside
    a word: a word longer than ``width`` keeps its own line."""
    return textwrap.fill(" ".join(str(text).split()), width=width, break_long_words=False)


def _pyplot():
    import matplotlib.pyplot as plt  # heavy: imported when a figure is drawn

    return plt


def short_label(item_id: str, text: str, width: int = 30) -> str:
    """'FA2 Crisis Management\nthrough Digital Diplomacy' from an item id such as icdd-2021-fa-2 (literal
    matplotlib text): the whole text, wrapped at ``width`` characters, never cut inside a word."""
    parts = item_id.rsplit("-", 2)
    kind = {"fa": "FA", "session": "S", "panel": "P", "review": "R", "theme": "T", "aim": "A",
            "emphasis": "E", "outcome": "O"}.get(parts[-2], parts[-2][:2].upper()) if len(parts) == 3 else ""
    number = parts[-1] if parts[-1].isdigit() else ""
    return plot_text(wrap(f"{kind}{number} {text}".strip(), width))


def _labels(items, lang: str, width: int = 30) -> list[str]:
    texts = items.texts.get(lang) or next(iter(items.texts.values()))
    return [short_label(i, s, width) for i, s in zip(items.ids, texts)]


def similarity_heatmap(comparisons: Comparison | list[Comparison], lang: str = "en"):
    """One annotated heatmap per comparison (method), target items as rows; returns the Figure."""
    import seaborn as sns

    check(lang)
    plt = _pyplot()
    comps = [comparisons] if isinstance(comparisons, Comparison) else list(comparisons)
    columns = min(len(comps), PANELS_PER_ROW)
    rows = -(-len(comps) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(min(5.0 * columns + 1.5, MAX_WIDTH_IN),
                                                     rows * (0.75 * max(len(c.target) for c in comps) + 3.0)),
                             squeeze=False, constrained_layout=True)
    for ax in axes.flat[len(comps):]:
        fig.delaxes(ax)  # an odd number of panels leaves one cell empty
    for k, (ax, cmp_) in enumerate(zip(axes.flat, comps)):
        text_lang = cmp_.spec.langs[0]
        data = pd.DataFrame(cmp_.similarity.to_numpy(), index=_labels(cmp_.target, text_lang),
                            columns=_labels(cmp_.baseline, text_lang, width=13))  # under their column, not slanted
        sns.heatmap(data, annot=_numbers(data, lang), fmt="", cmap="viridis", cbar=False, ax=ax, linewidths=0.5,
                    annot_kws={"fontsize": FONT_SIZE})
        ax.set_title(wrap(t("heatmap_title", lang, method=t(cmp_.spec.method, lang),
                                     normalisation=t(cmp_.spec.normalisation, lang),
                                     text_lang=t(f"lang_name_{cmp_.spec.lang}", lang)), 36), fontsize=FONT_SIZE)  # within its panel
        ax.set_xlabel(plot_text(f"{t('baseline', lang)} ({cmp_.baseline.event_id})"), fontsize=FONT_SIZE)
        ax.set_ylabel(plot_text(f"{t('target', lang)} ({cmp_.target.event_id})") if k % columns == 0 else "", fontsize=FONT_SIZE)
        if k % columns and cmp_.target.ids == comps[k - k % columns].target.ids:
            ax.set_yticklabels([])  # same rows as the first panel
        ax.tick_params(axis="x", labelrotation=0)
        ax.tick_params(labelsize=FONT_SIZE)
    return fig


def continuity_plot(comparisons: Comparison | list[Comparison], lang: str = "en"):
    """Codes (rows) x methods (columns), each cell coloured continued / new / dropped; returns the Figure."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    check(lang)
    plt = _pyplot()
    comps = [comparisons] if isinstance(comparisons, Comparison) else list(comparisons)
    frame = comps[0].frame
    states = ["absent", *STATUS_ORDER]
    codes = [c for c in frame.code_ids if any(c in set(x.continuity["code"]) for x in comps)]
    grid = np.zeros((len(codes), len(comps)), dtype=int)
    for j, cmp_ in enumerate(comps):
        status = dict(zip(cmp_.continuity["code"], cmp_.continuity["status"]))
        for i, code in enumerate(codes):
            grid[i, j] = states.index(status.get(code, "absent"))
    fig, ax = plt.subplots(figsize=(min(1.6 * len(comps) + 4.5, MAX_WIDTH_IN), 0.42 * max(len(codes), 1) + 1.8),
                           constrained_layout=True)
    ax.imshow(grid if len(codes) else np.zeros((1, len(comps))), cmap=ListedColormap([STATUS_COLOURS[s] for s in states]),
              vmin=0, vmax=len(states) - 1, aspect="auto")
    for i in range(len(codes)):
        for j in range(len(comps)):
            ax.text(j, i, t(states[grid[i, j]], lang), ha="center", va="center", fontsize=FONT_SIZE)
    ax.set_xticks(range(len(comps)), [wrap(f"{t(c.spec.method, lang)} ({t('lang_name_' + c.spec.lang, lang)})", 14)
                                      for c in comps], fontsize=FONT_SIZE)
    ax.set_yticks(range(len(codes)), [plot_text(wrap(f"{c}: {frame.label(c, lang)}", 40)) for c in codes],
                  fontsize=FONT_SIZE)
    own = f" ({t('project_frame', lang)})" if frame.is_project else ""
    ax.set_title(plot_text(wrap(t("continuity_title", lang, frame=frame.display_name(lang)) + own, 60)),
                 fontsize=FONT_SIZE)
    ax.legend(handles=[Patch(color=STATUS_COLOURS[s], label=t(s, lang)) for s in STATUS_ORDER],
              loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=FONT_SIZE)
    return fig


def agreement_plot(agr: Agreement, lang: str = "en"):
    """Pairwise Cohen's kappa between the project coding and each method; returns the Figure."""
    import seaborn as sns

    check(lang)
    plt = _pyplot()
    names = [t(c, lang) for c in agr.pairwise.index]
    data = pd.DataFrame(agr.pairwise.to_numpy(), index=names, columns=names)
    fig, ax = plt.subplots(figsize=(min(1.2 * len(names) + 2.5, MAX_WIDTH_IN), 1.0 * len(names) + 1.2), constrained_layout=True)
    sns.heatmap(data, annot=_numbers(data, lang), fmt="", vmin=-1, vmax=1, cmap="RdBu", cbar=False, ax=ax, linewidths=0.5,
                annot_kws={"fontsize": FONT_SIZE})
    ax.tick_params(labelsize=FONT_SIZE)
    ax.set_title(plot_text(wrap(t("agreement_title", lang, frame=agr.frame.display_name(lang)), 50)),
                 fontsize=FONT_SIZE)
    return fig


def timeline_figure(ds: Dataset, lang: str):
    """Every event on a time line, one row each, oldest at the top; multi-day events as bars."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    check(lang)
    events = ds.events.sort_values(["start_date", "event_id"]).reset_index(drop=True)
    colours = {"conference": "#1b9e77", "side_event": "#66a61e", "seminar": "#7570b3", "expert_meeting": "#e7298a",
               "signing": "#d95f02", "workshop": "#e6ab02"}
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(events) + 1.4), constrained_layout=True)
    first = events["start_date"].min()
    last = max(events["start_date"].max(), events["end_date"].dropna().max() if events["end_date"].notna().any() else first)
    middle = first + (last - first) / 2
    for y, r in enumerate(events.itertuples()):
        colour = colours.get(str(r.kind), "#666666")
        end = r.end_date if pd.notna(r.end_date) and r.end_date > r.start_date else r.start_date
        if end > r.start_date:
            ax.plot([r.start_date, end], [y, y], lw=6, color=colour, solid_capstyle="round")
        ax.plot([r.start_date], [y], "o", color=colour, ms=7)
        label = plot_text(wrap(full_name(r, lang), 60))  # wrapped, never cut inside a word
        weight = "bold" if r.kind in CONFERENCE_KINDS else "normal"
        # Every line of a label starts (or, in the later half, ends) a fixed gap from its marker or bar, so
        # wrapped lines stay beside it and no label runs over a marker or past the last year.
        left = r.start_date > middle
        anchor = r.start_date if left else end
        ax.annotate(label, (anchor, y), xytext=(-9 if left else 9, 0), textcoords="offset points",
                    ha="right" if left else "left", va="center", fontsize=FONT_SIZE, fontweight=weight,
                    linespacing=0.95, multialignment="right" if left else "left")
    ax.set_xlim(first - pd.Timedelta(days=120), last + pd.Timedelta(days=120))
    ax.set_ylim(len(events) - 0.5, -0.7)
    ax.set_yticks([])
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(t("timeline", lang), fontsize=12)
    return fig



def countries_figure(ds: Dataset, baseline: str, target: str, lang: str):
    import matplotlib.pyplot as plt

    p = country_presence(ds, baseline, target, lang)
    fig, ax = plt.subplots(figsize=(4.2, 0.26 * len(p) + 1.2), constrained_layout=True)
    for j, col in enumerate(("in_baseline", "in_target")):
        for i, present in enumerate(p[col]):
            colour = "#1b9e77" if present else "#eeeeee"
            ax.add_patch(plt.Rectangle((j - 0.4, i - 0.4), 0.8, 0.8, color=colour))
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylim(len(p) - 0.5, -0.5)
    ax.set_xticks([0, 1], [plot_text(event_name(ds, baseline)), plot_text(event_name(ds, target))])
    ax.set_yticks(range(len(p)), [plot_text(c) for c in p["country"]], fontsize=11)
    ax.set_title(t("countries", lang), fontsize=12)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return fig
