"""The explorer's views as HTML and text, in the interface language, from the state's comparisons.

Each function takes an :class:`~.state.ExplorerState` and returns what one part of the app shows: the
similarity heatmaps (HTML tables coloured as heatmaps, :mod:`icdd_analysis.present.heatmap`: readable at every
scope, nothing drawn by matplotlib), their caption, the closest earlier items, continuity, the items and
the robustness grid. Every rendered view is cached in the state by the controls it depends on and the UI
language (:meth:`~.state.ExplorerState.cached_view`), so switching back to a view seen before costs nothing.
Every data string is escaped where it is rendered (the tables of :mod:`icdd_analysis.present` and :mod:`icdd_analysis.present.heatmap`).
"""

from __future__ import annotations

from ..i18n import t


def markdown_to_html(markdown: str) -> str:
    """The narrative's Markdown as HTML, by the renderer that makes the report's page (nbconvert's), so the
    explorer shows what the report shows. Raw HTML is kept: the narrative escapes every data string itself
    (:mod:`icdd_analysis.escaping`) and marks verbatim text with ``<span lang=..>``, as in the report."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)


def heatmap_html(state) -> str:
    """The item-similarity matrix of each method for the current controls as HTML tables coloured as heatmaps
    (short labels, full texts on hover and in a legend, sticky headers), in the UI language; the items' texts
    in the UI language where the package has them."""
    from ..present.heatmap import similarity_tables

    def render() -> str:
        state.calls["figure"] += 1
        return similarity_tables(state.ds, state.comparisons(), state.ui_lang)

    return state.cached_view("heatmap", render)


def heatmap_caption(state) -> str:
    """One sentence naming method, frame, scopes and text language, in the UI language (plain text)."""
    c, lang = state.controls, state.ui_lang
    return t("explorer_heatmap_caption", lang, method=state.option_label("method", c.method).split(" — ")[0],
             frame=state.option_label("frame", c.frame).split(" — ")[0], baseline=c.baseline, target=c.target,
             baseline_scope=state.option_label("baseline_scope", c.baseline_scope),
             target_scope=state.option_label("target_scope", c.target_scope),
             text_lang=t(f"lang_name_{c.text_lang}", lang))


def _citations(state) -> dict[str, str]:
    """Each agenda item's sources as the report cites them ("[A2, A19]"), once per data package."""
    from ..present import cite

    def compute() -> dict[str, str]:
        fields = ("source_id", "more_source_ids", "text_id_source_id")
        table = state.ds.agenda_items
        columns = [table[f] if f in table else [None] * len(table) for f in fields]
        return {item: cite(*values) for item, *values in zip(table["item_id"], *columns)}

    return state.memo(("citations",), compute)


def closest_table(state):
    """Per method and later item: its closest earlier item(s) (rank 1), the score, both texts and their sources."""
    import pandas as pd

    from ..escaping import Verbatim

    lang, sources = state.ui_lang, _citations(state)
    rows = []
    for cmp_ in state.comparisons():
        # The texts in the UI language where they were compared (text language "both" or the UI's), else the compared.
        text_lang = lang if lang in cmp_.spec.langs else cmp_.spec.langs[0]
        texts = {side: dict(zip(group.ids, group.texts[text_lang])) for side, group in
                 (("baseline", cmp_.baseline), ("target", cmp_.target))}
        links = cmp_.links
        best: dict[str, list] = {}
        for target_item, baseline_item, score in zip(*(links[c][links["rank"] == 1].tolist() for c in
                                                       ("target_item", "baseline_item", "score"))):
            best.setdefault(target_item, []).append((baseline_item, score))
        method = t(cmp_.spec.method, lang)
        for target_item in cmp_.target.ids:
            base = {"method": method, "later item": target_item,
                    "later text": Verbatim(texts["target"][target_item], text_lang),
                    "later sources": sources[target_item]}
            if target_item not in best:
                rows.append({**base, "closest earlier item": t("explorer_nothing_shared", lang), "earlier text": "",
                             "earlier sources": "", "score": ""})
            for baseline_item, score in best.get(target_item, ()):
                rows.append({**base, "closest earlier item": baseline_item,
                             "earlier text": Verbatim(texts["baseline"][baseline_item], text_lang),
                             "earlier sources": sources[baseline_item], "score": float(score)})
    return pd.DataFrame(rows)


def closest_html(state) -> str:
    from ..i18n import format_number
    from ..present import md_table

    def render() -> str:
        table = closest_table(state)
        table["score"] = table["score"].map(lambda v: v if v == "" else format_number(v, state.ui_lang, decimals=2))
        return markdown_to_html(md_table(table, state.ui_lang))

    return state.cached_view("closest", render)


def continuity_html(state) -> str:
    from ..present import continuity_table

    return state.cached_view("continuity",
                             lambda: markdown_to_html(continuity_table(state.comparisons(), state.ui_lang)))


def items_html(state) -> str:
    from ..present import items_table

    return state.cached_view("items", lambda: markdown_to_html(
        items_table(state.ds, state.comparisons()[0], state.ui_lang)))


def left_out_note(state) -> str:
    """The report's sentence naming items left out for lack of text in the text language ('' if none)."""
    view = state.comparison_view()
    if not view.left_out:
        return ""
    from ..escaping import md_text

    return t("left_out", state.ui_lang, items=md_text(", ".join(view.left_out)),
             text_lang=t(f"lang_name_{state.controls.text_lang}", state.ui_lang))


def robustness_html(state, rob) -> str:
    """The report's robustness section of the finished grid ``rob`` for the current controls."""
    from ..frames import get_frame
    from ..present import robustness_section
    from .state import ROBUSTNESS_KEYS

    return state.cached_view("robustness", lambda: markdown_to_html(
        robustness_section(rob, get_frame(state.ds, state.controls.frame), state.ui_lang)), keys=ROBUSTNESS_KEYS)
