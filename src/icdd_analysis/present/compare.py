"""The comparison report's sections (notebook 02): introduction, items compared, closest links, continuity,
agreement and limits, as Markdown in English or Indonesian. The robustness sections are :mod:`.robustness`,
the answer at the top :mod:`.answer_html`."""

from __future__ import annotations

import pandas as pd

from ..data import Dataset, split_ids
from ..escaping import Verbatim, md_text
from ..i18n import format_number, t, value
from .display import cite, data_label, md_inline, md_table
from .evidence import is_completed
from .labels import event_name, is_missing, lowest_confidence, scope_text


def _side_kinds(ds: Dataset, items, lang: str = "en") -> str:
    kinds = ds.agenda_items.set_index("item_id").loc[list(items.ids), "kind"]
    return ", ".join(sorted({value("kind", k, lang) for k in kinds}))



def compare_intro(ds: Dataset, comparisons, lang: str, data: str = "") -> str:
    """Title and first paragraph: which items of each event are compared (their scope), by which methods.

    Items of a scope left out for lack of text in the report's language are named, so the reader sees
    what the comparison does not cover.
    """
    first = comparisons[0]
    from babel.lists import format_list  # CLDR list pattern: "a, b, dan c" / "a, b, and c" (PUEBI's serial comma)

    methods = md_text(format_list([t(c.spec.method, lang) for c in comparisons], locale=lang))
    own = f" ({t('project_frame', lang)})" if first.frame.is_project else ""
    baseline, target = (md_inline(event_name(ds, g.event_id)) for g in (first.baseline, first.target))
    title = t("compare_title", lang, baseline=baseline, target=target)
    body = t("compare_intro", lang, target=target, target_kinds=md_inline(_side_kinds(ds, first.target, lang)),
             target_scope=scope_text(first.target.scope, lang), n_target=len(first.target),
             baseline=baseline, baseline_kinds=md_inline(_side_kinds(ds, first.baseline, lang)),
             baseline_scope=scope_text(first.baseline.scope, lang), n_baseline=len(first.baseline),
             methods=md_inline(methods), text_lang=t(f"lang_name_{first.spec.lang}", lang), frame=md_inline(first.frame.display_name(lang)),
             own=own, data=data_label(data, lang))
    left_out = [i for g in (first.baseline, first.target) for i in g.left_out]
    if left_out:
        body += " " + t("left_out", lang, items=md_inline(", ".join(left_out)), text_lang=t(f"lang_name_{first.spec.lang}", lang))
    return f"# {title}\n\n{body}"



def items_table(ds: Dataset, cmp_, lang: str) -> str:
    items = ds.agenda_items.set_index("item_id")
    languages = ds.sources.set_index("source_id")["language"]
    rows = []
    for side, group in (("baseline", cmp_.baseline), ("target", cmp_.target)):
        for item_id in group.ids:
            r = items.loc[item_id]
            shown = "text_id" if lang == "id" and pd.notna(r["text_id"]) else "text_en"
            used = (f"{shown}_confidence",) + (("description_confidence",) if cmp_.spec.unit == "description" else ())
            text = Verbatim(r[shown], shown[-2:])
            basis = r.get(f"{shown}_basis")
            said = ""
            if shown == "text_en" and not is_missing(basis) and basis != "official":  # say so when it is not the source's
                said = t(str(basis), lang)
            elif shown == "text_en" and is_completed(r[shown]):  # "SM[Es]": official words, our completion in brackets
                said = t("official_completed", lang)
            # the sources of the text shown: the Indonesian text's own source; for a source's English wording the
            # row's sources in English (S7 gives the Indonesian session titles only), for ours all it rests on
            if shown == "text_id" and not is_missing(r["text_id_source_id"]):
                sources = [r["text_id_source_id"]]
            else:
                sources = split_ids(r["source_id"]) + split_ids(r["more_source_ids"])
                if basis != "our_translation":
                    in_english = [sid for sid in sources if sid in languages.index and languages[sid] == "en"]
                    sources = in_english or sources
            if cmp_.spec.unit == "description":
                sources.append(r["description_source_id"])
            rows.append({"item": item_id, "event": event_name(ds, group.event_id, lang), "text": text, "basis": said,
                         "confidence": lowest_confidence(r, used, lang), "sources": cite(*sources)})
    return md_table(pd.DataFrame(rows), lang)



def links_table(comparisons, lang: str) -> str:
    first = comparisons[0]
    rows = []
    for target_item in first.target.ids:
        row = {"": target_item}
        for c in comparisons:
            best = c.links[(c.links["target_item"] == target_item) & (c.links["rank"] == 1)]
            row[t(c.spec.method, lang)] = ", ".join(f"{b} ({format_number(s, lang, decimals=2)})" for b, s in zip(best["baseline_item"], best["score"])) or "–"
        rows.append(row)
    return md_table(pd.DataFrame(rows), lang)



def continuity_table(comparisons, lang: str) -> str:
    frame = comparisons[0].frame
    codes = [c for c in frame.code_ids if any(c in set(x.continuity["code"]) for x in comparisons)]
    rows = []
    for code in codes:
        row = {"code": code, "label": frame.label(code, lang)}
        for c in comparisons:
            status = dict(zip(c.continuity["code"], c.continuity["status"])).get(code, "absent")
            row[t(c.spec.method, lang)] = t(status, lang)
        rows.append(row)
    return md_table(pd.DataFrame(rows), lang)



def agreement_table(agr, lang: str) -> str:
    table = agr.scores.assign(method=agr.scores["method"].map(lambda m: t(m, lang)))
    for col in ("percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1"):
        table[col] = table[col].map(lambda v: "–" if pd.isna(v) else format_number(v, lang, decimals=2))
    table = table.rename(columns={"percent_agreement": "agreement", "cohen_kappa": "Cohen's κ",
                                  "krippendorff_alpha": "Krippendorff's α", "gwet_ac1": "Gwet's AC1",
                                  "n_items": "items", "n_codes": "codes"})
    return md_table(table, lang) + _built_in_note(agr, lang)



def _built_in_note(agr, lang: str) -> str:
    """Which codes' agreement is partly built in: the text methods read the project's description of each code,
    and for these codes that description is wider than the published wording in the same way the coding is."""
    codes = agr.frame.base_codes
    if "widened" not in codes.columns:
        return ""
    built_in = [c for c, w in zip(codes["code"], codes["widened"]) if w and c in set(agr.codes)]
    if not built_in:
        return ""
    return "\n\n" + t("built_in_agreement", lang, codes=md_inline(", ".join(built_in)))



def limits(lang: str, n_items: int) -> str:
    return f"## {t('limits_heading', lang)}\n\n" + t("limits", lang, n_items=n_items)
