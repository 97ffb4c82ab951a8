"""The comparison report's robustness sections: the "In short" summary of the project coding's claims, the
per-scope robustness table and the permutation table, as Markdown in English or Indonesian."""

from __future__ import annotations

import pandas as pd

from ..data import Dataset
from ..i18n import check, format_number, t
from .display import md_inline, md_table
from .evidence import CONFIDENCE_LEVELS, code_support, is_completed, text_basis, text_support
from .labels import event_name, scope_key, scope_pair_text, scope_text, share_text


def _claim_text(kind: str, subject: str, claim: str, frame, lang: str) -> str:
    if kind == "continuity":
        return t(f"claim_{claim}", lang, code=subject, label=frame.label(subject, lang))  # the whole label, never cut
    return t("claim_link", lang, target=subject, baseline=claim)



def robustness_table(rob, frame, lang: str) -> str:
    """The project coding's claims: share of specifications overall and per scope pair, and the scope flag.

    A per-scope share is marked † where the project coding itself does not make the claim under that
    scope; "–" where the claim's items are not in that scope.
    """
    claims = rob.claims[rob.claims["in_reference"]]
    by_scope = rob.claims_by_scope.set_index(["kind", "subject", "claim", "scope"])
    n_per_scope = rob.specs[rob.specs["ran"]].groupby(["baseline_scope", "target_scope"]).size() if len(rob.specs) else {}
    total = int(rob.specs["ran"].sum()) if len(rob.specs) else 0
    rows = []
    for c in claims.itertuples():
        # A link is counted only under the scopes that hold both its items: then its own number is shown.
        overall = share_text(c.share, lang) + (f" ({c.n_specs})" if c.n_specs != total and pd.notna(c.share) else "")
        row = {"claim": _claim_text(c.kind, c.subject, c.claim, frame, lang), t("all_scopes", lang, n=total): overall}
        for pair in rob.scopes:
            cell = by_scope.loc[(c.kind, c.subject, c.claim, scope_key(pair))]
            n = int(n_per_scope.get(pair, 0)) if len(n_per_scope) else 0
            row[f"{scope_pair_text(pair, lang)} ({n})"] = share_text(cell["share"], lang) + ("" if cell["in_reference"] or pd.isna(cell["share"]) else " †")
        row[t("scope_dependent", lang)] = t("yes" if c.scope_dependent else "no", lang)
        rows.append(row)
    return md_table(pd.DataFrame(rows), lang)



def robustness_section(rob, frame, lang: str) -> str:
    """Heading, note and per-scope table of the robustness grid."""
    ran = rob.specs[rob.specs["ran"]]
    not_run = len(rob.specs) - len(ran)
    note = t("robustness_note", lang, n=len(ran), n_scopes=len(rob.scopes), reference=scope_pair_text(rob.scopes[0], lang))
    if not_run:
        note += " " + t("robustness_not_run", lang, n=not_run)
    return f"## {t('robustness_heading', lang)}\n\n{note}\n\n{robustness_table(rob, frame, lang)}"



def _scope_detail(rob, kind: str, subject: str, claim: str, lang: str) -> str:
    """Per-scope shares of one claim, e.g. 'sessions → focus areas: 100%; stated agenda → stated agenda: 0%'."""
    by = rob.claims_by_scope
    rows = by[(by["kind"] == kind) & (by["subject"] == subject) & (by["claim"] == claim)]
    shown = {scope_key(pair): scope_pair_text(pair, lang) for pair in rob.scopes}
    return "; ".join(f"{shown.get(r.scope) or md_inline(r.scope)}: {share_text(r.share, lang)}" + ("" if r.in_reference or pd.isna(r.share) else
                                                                f" ({t('not_coded', lang)})") for r in rows.itertuples())



def support_text(ds: Dataset, evidence: list[dict], lang: str) -> str:
    """'only through rcdd-2019-session-3 (Indonesian text, medium [S7], blog)' or a list of items."""
    sources = ds.sources.set_index("source_id")
    parts = []
    for e in evidence:
        kind = sources.at[e["source"], "kind"] if e["source"] in sources.index else ""
        kind_name = f", {t('source_kind_' + str(kind), lang)}" if f"source_kind_{kind}" in _SOURCE_KINDS else ""
        source = f" {md_inline('[' + e['source'] + ']')}{kind_name}" if e["source"] else ""
        field_label = t(f"field_{e['field']}", lang) if f"field_{e['field']}" in _FIELD_KEYS else md_inline(e["field"])
        if e.get("basis") == "inferred_description":
            field_label = t("field_inferred", lang, field=field_label)
        if text_basis(ds, e["item"], e["field"]) == "our_translation":  # the project's words, not the item's
            field_label = t("field_ours", lang, field=field_label)
        elif e["field"] in ("text_en", "description_en") and is_completed(
                ds.agenda_items.set_index("item_id").at[e["item"], e["field"]]):
            field_label = t("field_completed", lang, field=field_label)
        if e.get("widened"):  # the code reaches this item only by the project's wider description
            source += f"; {t('widened_rule', lang)}"
        parts.append(t("item_support", lang, item=md_inline(e["item"]), field=field_label, level=t(e["level"], lang),
                       source=source))
    return t("only_through" if len(parts) == 1 else "through", lang, items="; ".join(parts))



_FIELD_KEYS = {"field_text_en", "field_text_id", "field_description_en", "field_description_id", "field_notes"}



_SOURCE_KINDS = {"source_kind_news", "source_kind_official", "source_kind_blog", "source_kind_reference",
                 "source_kind_academic", "source_kind_project"}



#: "In short" lists the weak links one by one up to this many; beyond it, their number and the strongest.
MAX_WEAK_LINKS_LISTED = 5



def in_short(ds: Dataset, reference, rob, lang: str) -> str:
    """The project coding's claims, each with what it rests on, how sure its texts are and how robust it is.

    One sentence per continuity claim: the items that carry the code on each side (or that none of the
    compared items on the other side does), the confidence of the weaker side's best text (one text per side
    carries a claim), its share of
    the specifications overall and per scope, and a flag when it flips with the scope of items compared.
    Then the closest-item links that hold in at least two thirds of the specifications. Every number
    comes from ``reference`` (the project coding under the report's scopes) and ``rob``.
    """
    check(lang)
    frame = reference.frame
    cont = reference.continuity
    names = {side: md_inline(event_name(ds, getattr(reference, side).event_id)) for side in ("baseline", "target")}

    def codes(status: str) -> str:
        found = list(cont.loc[cont["status"] == status, "code"])
        return md_inline(", ".join(found)) if found else t("none", lang)

    claims = rob.claims.set_index(["kind", "subject", "claim"])
    lines = [t("in_short_intro", lang, target=names["target"], n_target=len(reference.target),
               target_scope=scope_text(reference.target.scope, lang), baseline=names["baseline"],
               n_baseline=len(reference.baseline), baseline_scope=scope_text(reference.baseline.scope, lang),
               continued=codes("continued"), new=codes("new"), dropped=codes("dropped"), n=int(rob.specs["ran"].sum()))]
    for row in cont.itertuples():
        code, status = row.code, row.status
        sides = {}
        for side in ("baseline", "target"):
            matrix = reference.codes[side]
            carrying = [i for i in matrix.index if matrix.at[i, code]]
            sides[side] = [code_support(ds, frame, i, code, lang) for i in carrying]
        levels = [min(sides[s], key=lambda e: CONFIDENCE_LEVELS.index(e["level"]))["level"] for s in sides if sides[s]]
        weaker_best = max(levels, key=CONFIDENCE_LEVELS.index)  # each side's best text, then the weaker of the two
        parts = []
        for side in ("baseline", "target"):
            if sides[side]:
                parts.append(f"{names[side]} {support_text(ds, sides[side], lang)}")
            else:
                parts.append(t("none_carries", lang, n=len(getattr(reference, side)), event=names[side],
                               scope=scope_text(getattr(reference, side).scope, lang)))
        claim = claims.loc[("continuity", code, status)] if ("continuity", code, status) in claims.index else None
        sentence = (f"- **{md_inline(_claim_text('continuity', code, status, frame, lang))}**: " + "; ".join(parts) + ". "
                    + t("weaker_side_confidence", lang, level=t(weaker_best, lang)))
        if claim is not None:
            sentence += " " + t("holds_in", lang, share=share_text(claim["share"], lang), n=int(claim["n_specs"]),
                                detail=_scope_detail(rob, "continuity", code, status, lang))
            if claim["scope_dependent"]:
                sentence += " " + t("scope_dependent_flag", lang)
        lines.append(sentence)
    links = rob.claims[(rob.claims["kind"] == "link") & rob.claims["in_reference"]]
    firm = links[links["share"] >= 2 / 3]
    weak = links[links["share"] < 2 / 3]
    for c in firm.itertuples():
        # A link is found by comparing texts: it rests on both items' texts in the report's language.
        lowest = max((text_support(ds, i, lang)["level"] for i in (c.subject, c.claim)), key=CONFIDENCE_LEVELS.index)
        sentence = (f"- **{md_inline(_claim_text('link', c.subject, c.claim, frame, lang))}**: "
                    + t("holds_in", lang, share=share_text(c.share, lang), n=c.n_specs,
                        detail=_scope_detail(rob, c.kind, c.subject, c.claim, lang)) + " "
                    + t("lowest_confidence", lang, level=t(lowest, lang)))
        if c.scope_dependent:
            sentence += " " + t("scope_dependent_flag", lang)
        lines.append(sentence)
    if len(weak) > MAX_WEAK_LINKS_LISTED:  # a broad scope has dozens: their number and the strongest few
        strongest = weak.sort_values(["share", "subject", "claim"], ascending=[False, True, True]).head(MAX_WEAK_LINKS_LISTED)
        lines.append("- " + t("weak_links_many", lang, n=len(weak), k=len(strongest), links=md_inline("; ".join(
            f"{c.subject} ← {c.claim} ({share_text(c.share, lang)})" for c in strongest.itertuples()))))
    elif len(weak):
        lines.append("- " + t("weak_links", lang, links=md_inline("; ".join(
            f"{c.subject} ← {c.claim} ({share_text(c.share, lang)})" for c in weak.itertuples()))))
    return f"## {t('summary_heading', lang)}\n\n{lines[0]}\n\n" + "\n".join(lines[1:])



def permutation_table(rob, lang: str) -> str:
    p = rob.permutation.copy()
    p["method"] = p["method"].map(lambda m: t(m, lang))
    p["statistic"] = p["statistic"].map(lambda m: t(m, lang))
    for col in ("observed", "null_mean", "null_p95"):
        p[col] = p[col].map(lambda v: format_number(v, lang, decimals=2))
    p["p_value"] = p["p_value"].map(lambda v: format_number(v, lang, decimals=2))
    return md_table(p.drop(columns="n_permutations"), lang)
