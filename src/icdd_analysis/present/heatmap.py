"""Item-similarity matrices as HTML tables coloured as heatmaps, readable at every scope (issue 17.4).

A figure of 13 x 14 items at 1280 px smears its labels and values; a table does not: each row and
column is headed by a short label (the item's kind and position, "session 2", "area fokus 5"), the
item's full text is on hover (``title``) and in a legend under the table, the headers stay in view when
the table scrolls (``position: sticky``), text is the browser's (crisp at any zoom) and nothing is drawn
by matplotlib (instant). Every data string is escaped (:func:`escaping.html_text`, :func:`escaping.html_attr`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..escaping import html_attr, html_text
from ..i18n import check, format_number, t, value

#: Light to dark (ColorBrewer "Blues", 9 classes): a cell's colour is the class of its similarity in [0, 1].
_BLUES = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
#: From this class on the cell's text is white (contrast above 4.5:1 on the darker blues).
_WHITE_TEXT_FROM = 5
#: A centred (z) similarity is coloured on [-CENTRED_RANGE, CENTRED_RANGE] standard deviations.
CENTRED_RANGE = 2.0

_STYLE = ("<style>.icdd-heatmaps{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}"
          ".icdd-heatmap{max-height:32em;overflow:auto;border:1px solid #ccc}"
          ".icdd-heatmap table{border-collapse:separate;border-spacing:0;font-size:.85em}"
          ".icdd-heatmap caption{font-weight:bold;text-align:left;padding:.2em .4em}"
          ".icdd-heatmap th{background:#fff;position:sticky;top:0;z-index:2;padding:.2em .4em;white-space:nowrap;"
          "font-weight:normal;cursor:help}"
          ".icdd-heatmap tbody th{left:0;z-index:1;text-align:left}"
          ".icdd-heatmap thead th:first-child{left:0;z-index:3}"
          ".icdd-heatmap td{padding:.2em .45em;text-align:right;font-variant-numeric:tabular-nums;min-width:2.6em}"
          ".icdd-heatmap-legend{font-size:.85em;margin:.3em 0 1em}.icdd-heatmap-legend dt{font-weight:bold}"
          ".icdd-heatmap-legend dd{margin:0 0 .2em 1.2em}</style>")


def _rows(ds) -> dict[str, dict]:
    return ds.agenda_items.set_index("item_id")[["kind", "position", "text_en", "text_id"]].to_dict("index")


def short_label(ds, item_id: str, lang: str, rows=None) -> str:
    """An item's short label in ``lang``: its kind and position ("focus area 2", "sesi 3")."""
    row = (rows or _rows(ds))[item_id]
    return f"{value('kind', row['kind'], lang)} {row['position']}"


def _full_text(rows: dict, item_id: str, lang: str) -> tuple[str, str]:
    """The item's text in ``lang`` where the package has it, else English, and the language it is in."""
    row = rows[item_id]
    if lang == "id" and isinstance(row.get("text_id"), str):
        return " ".join(row["text_id"].split()), "id"
    return " ".join(str(row["text_en"]).split()), "en"


def cell_colour(similarity: float, centred: bool = False) -> tuple[str, str]:
    """Background and text colour of a cell: the Blues class of ``similarity`` clipped to [0, 1]; for a centred
    (z) similarity, the class of z in [-2, 2] (so values below the mean are light, not all white, and above one
    standard deviation dark, not all the darkest); grey for a missing value."""
    if similarity is None or pd.isna(similarity):
        return "#eeeeee", "#000000"
    share = (float(similarity) + CENTRED_RANGE) / (2 * CENTRED_RANGE) if centred else float(similarity)
    k = int(np.clip(share, 0.0, 1.0) * (len(_BLUES) - 1) + 0.5)
    return _BLUES[k], "#ffffff" if k >= _WHITE_TEXT_FROM else "#000000"


@lru_cache(maxsize=1024)
def _number(value: float, lang: str) -> str:
    """A similarity with two decimals in ``lang`` (Babel formats each distinct value once)."""
    return format_number(value, lang, decimals=2)


def _labels(ds, rows, ids, lang: str, prefix: str) -> dict[str, str]:
    """Short labels, made unique with the event's prefix where two items share kind and position."""
    labels = {i: short_label(ds, i, lang, rows) for i in ids}
    counts = pd.Series(list(labels.values())).value_counts()
    return {i: (f"{prefix} {label}" if counts[label] > 1 else label) for i, label in labels.items()}


def _table(rows, cmp_, lang: str, caption: str, b_labels: dict, t_labels: dict, event_names: dict) -> str:
    sim = cmp_.similarity
    centred = cmp_.spec.normalisation == "centred"
    head = "".join(
        f'<th scope="col" title="{html_attr(_full_text(rows, i, lang)[0])}">{html_text(b_labels[i])}</th>' for i in sim.columns)
    corner = f"{html_text(event_names['target'])} ↓ · {html_text(event_names['baseline'])} →"
    body = []
    for target_item, values in sim.iterrows():
        cells = []
        for baseline_item, v in values.items():
            bg, fg = cell_colour(v, centred)
            shown = "–" if pd.isna(v) else _number(float(v), lang)
            hover = f"{t_labels[target_item]} × {b_labels[baseline_item]}: {shown}"
            cells.append(f'<td style="background:{bg};color:{fg}" title="{html_attr(hover)}">{html_text(shown)}</td>')
        full = _full_text(rows, target_item, lang)[0]
        body.append(f'<tr><th scope="row" title="{html_attr(full)}">{html_text(t_labels[target_item])}</th>'
                    + "".join(cells) + "</tr>")
    return (f'<div class="icdd-heatmap"><table><caption>{html_text(caption)}</caption>'
            f"<thead><tr><th>{corner}</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def _legend(rows, labels: dict, lang: str) -> str:
    parts = []
    for item_id, label in labels.items():
        text, text_lang = _full_text(rows, item_id, lang)
        shown = html_text(text) if text_lang == lang else f'<i lang="{text_lang}">{html_text(text)}</i>'
        parts.append(f"<dt>{html_text(label)}</dt><dd>{shown}</dd>")
    return "".join(parts)


def similarity_tables(ds, comparisons, lang: str) -> str:
    """The comparisons' item-similarity matrices (rows: later items, columns: earlier items) as HTML tables
    coloured as heatmaps, one per method, side by side where they fit, then one legend of the items' full
    texts. All comparisons must compare the same items (one scope pair)."""
    check(lang)
    comparisons = list(comparisons)
    if not comparisons:
        return ""
    first = comparisons[0]
    names = {side: ds.event(getattr(first, side).event_id) for side in ("baseline", "target")}
    event_names = {side: (f"{ev.short_name} {ev.start_date.year}" if ev.short_name else str(ev.name))
                   for side, ev in names.items()}
    rows = _rows(ds)
    b_labels = _labels(ds, rows, list(first.similarity.columns), lang, event_names["baseline"])
    t_labels = _labels(ds, rows, list(first.similarity.index), lang, event_names["target"])
    tables = []
    for cmp_ in comparisons:
        # As the report's panel titles it: a centred (z) similarity is not on the 0-1 scale of a raw one.
        caption = t("heatmap_title", lang, method=t(cmp_.spec.method, lang),
                    normalisation=t(cmp_.spec.normalisation, lang), text_lang=t(f"lang_name_{cmp_.spec.lang}", lang))
        tables.append(_table(rows, cmp_, lang, caption, b_labels, t_labels, event_names))
    legend = (f'<dl class="icdd-heatmap-legend"><dt>{html_text(event_names["baseline"])}</dt><dd><dl>'
              f"{_legend(rows, b_labels, lang)}</dl></dd><dt>{html_text(event_names['target'])}</dt><dd><dl>"
              f"{_legend(rows, t_labels, lang)}</dl></dd></dl>")
    return f'{_STYLE}<div class="icdd-heatmaps">{"".join(tables)}</div>{legend}'
