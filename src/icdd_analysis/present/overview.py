"""The overview report's sections (notebook 01): introduction, time line, conferences, outcomes, countries,
agendas and variants, as Markdown in English or Indonesian. Its figures are in :mod:`..plots`."""

from __future__ import annotations

import pandas as pd

from ..data import Dataset
from ..escaping import Verbatim, md_text
from ..i18n import check, column, country_name, format_number, t, value
from .display import cite, data_label, md_table
from .labels import (
    conferences, confidence_word, date_text, dates_text, event_name, full_name, is_missing, lowest_confidence, marked_name,
)


def overview_intro(ds: Dataset, lang: str, data: str = "") -> str:
    check(lang)
    names = [md_text(f"{full_name(r, lang)} ({event_name(ds, r.event_id, lang)})") for r in conferences(ds).itertuples()]
    events = ", ".join(names[:-1]) + f" {t('and', lang)} {names[-1]}" if len(names) > 1 else "".join(names)
    return f"# {t('overview_title', lang)}\n\n" + t("overview_intro", lang, events=events, data=data_label(data, lang))



def timeline_table(ds: Dataset, lang: str) -> str:
    events = ds.events.sort_values("start_date")
    table = pd.DataFrame({
        "date": [dates_text(r.start_date, r.end_date, lang) for r in events.itertuples()],
        "event": [marked_name(r, lang) for r in events.itertuples()],
        "place": [", ".join(str(p) for p in (r.venue, r.city) if pd.notna(p)) for r in events.itertuples()],
        "confidence": [confidence_word(r.confidence, lang) for r in events.itertuples()],
        "sources": [cite(r.source_id, r.more_source_ids) for r in events.itertuples()],
    })
    return md_table(table, lang)



def conferences_table(ds: Dataset, lang: str) -> str:
    """The main facts of each conference side by side, with confidence and sources."""
    conf = conferences(ds)
    fields = {
        "name_en": "English name", "name_id": "Indonesian name", "dates": "Dates", "place": "Place", "format": "Format",
        "host": "Host", "theme": "Theme", "countries_stated": "Countries (stated)", "participants": "Participants (stated)",
        "confidence": "Confidence (lowest)", "sources": "Sources",
    }
    columns = {}
    for r in conf.itertuples():
        ev = ds.event(r.event_id)
        qualifier = {"about": "~", "more_than": ">"}.get(str(r.participants_qualifier), "")
        values = {
            "name_en": Verbatim(r.name_en, "en"), "name_id": None if is_missing(r.name_id) else Verbatim(r.name_id, "id"), "dates": dates_text(r.start_date, r.end_date, lang),
            "place": ", ".join(str(p) for p in (r.venue, r.city) if pd.notna(p)),
            "format": None if is_missing(r.format) else value("format", r.format, lang), "host": r.host,
            "theme": None if is_missing(ev.theme) else Verbatim(ev.theme, "en"), "countries_stated": r.countries_stated,
            "participants": (f"{qualifier}{format_number(r.participants_stated, lang)}" + (f" ({confidence_word(r.participants_stated_confidence, lang)})"
                             if pd.notna(r.participants_stated_confidence) else "")) if pd.notna(r.participants_stated) else None,
            "confidence": confidence_word(r.confidence, lang), "sources": cite(r.source_id, r.more_source_ids),
        }
        columns[event_name(ds, r.event_id, lang)] = [t("unknown", lang) if is_missing(values[f]) else values[f] for f in fields]
    names = [column(fields[f], lang) for f in fields]
    return md_table(pd.DataFrame({"": names, **columns}), lang)



def _document_title(doc, lang: str):
    """A document's title for a table cell: the official English title, with the project's translation as a
    gloss on a page in that language (title_<lang>); else the project's short title, translated where the data
    has a translation (it is the project's wording, not the source's)."""
    own = getattr(doc, f"title_{lang}", None) if lang != "en" else None
    own = None if is_missing(own) else str(own)
    if not is_missing(doc.title_en):
        return Verbatim(doc.title_en, "en", gloss=own, gloss_lang=lang)
    return own if own else Verbatim(doc.short_title, "en")



def outcomes_table(ds: Dataset, lang: str) -> str:
    docs = ds.documents.merge(ds.events[["event_id", "start_date"]], on="event_id").sort_values(["start_date", "document_id"])
    rows = []
    for d in docs.itertuples():
        said = d.content_id if lang == "id" and pd.notna(d.content_id) else (d.content_en if pd.notna(d.content_en) else d.content_id)
        basis = f" ({t(str(d.content_en_basis), lang)})" if said is d.content_en and pd.notna(d.content_en_basis) else ""
        said_by = d.content_en_source_id if said is d.content_en else d.content_id_source_id
        basis += f" {cite(said_by)}" if pd.notna(said) and pd.notna(said_by) else ""  # who says it (D1, D15)
        rows.append({
            "event": event_name(ds, d.event_id, lang) if ds.event(d.event_id).short_name
            else marked_name(ds.event(d.event_id), lang),
            "document": _document_title(d, lang),
            "what sources say": (Verbatim(said, "id" if said is d.content_id else "en") if pd.notna(said) else t("unknown", lang)),
            "basis": basis.strip(),
            "full text public": t("yes" if d.full_text_public else "no", lang),
            "confidence": confidence_word(d.confidence, lang), "sources": cite(d.source_id, d.more_source_ids),
        })
    return md_table(pd.DataFrame(rows), lang)



def country_presence(ds: Dataset, baseline: str, target: str, lang: str = "en") -> pd.DataFrame:
    """One row per country of either event: iso3, name (in ``lang``), in baseline, in target.

    English names are the data's ``country_en``; other languages take CLDR's (:func:`.i18n.country_name`).
    """
    parts = ds.participants[ds.participants["event_id"].isin([baseline, target])]
    names = parts.drop_duplicates("iso3").set_index("iso3")["country_en"]
    if check(lang) != "en":
        names = pd.Series({iso3: country_name(iso3, lang, fallback=str(en)) for iso3, en in names.items()}, dtype=object)
    present = parts.groupby("iso3")["event_id"].apply(set)
    table = pd.DataFrame({"iso3": names.index, "country": names.values})
    table["in_baseline"] = table["iso3"].map(lambda c: baseline in present[c])
    table["in_target"] = table["iso3"].map(lambda c: target in present[c])
    order = table["in_baseline"].astype(int) * 2 + table["in_target"].astype(int)
    return table.assign(_o=-order).sort_values(["_o", "country"]).drop(columns="_o").reset_index(drop=True)



def countries_note(ds: Dataset, baseline: str, target: str, lang: str) -> str:
    p = country_presence(ds, baseline, target, lang)
    both = p[p.in_baseline & p.in_target]
    left = p[p.in_baseline & ~p.in_target]
    joined = p[~p.in_baseline & p.in_target]
    def listed(frame):
        return md_text(f"{len(frame)} ({', '.join(frame['country'])})") if len(frame) else "0"
    return t("countries_note", lang, both=len(both), left=listed(left), joined=listed(joined),
             baseline=md_text(event_name(ds, baseline, lang)), target=md_text(event_name(ds, target, lang)))



def countries_table(ds: Dataset, baseline: str, target: str, lang: str) -> str:
    p = country_presence(ds, baseline, target, lang)
    mark = {True: "✓", False: "–"}
    rows = pd.DataFrame({
        "country": p["country"], "ISO 3166-1": p["iso3"],
        event_name(ds, baseline): p["in_baseline"].map(mark), event_name(ds, target): p["in_target"].map(mark),
    })
    def principal_first(event_id: str) -> str:
        rows = ds.participants[ds.participants["event_id"] == event_id]
        return cite(*rows["source_id"].unique(), *rows["more_source_ids"].dropna().unique())

    sources = {e: principal_first(e) for e in (baseline, target)}
    foot = md_text("; ".join(f"{event_name(ds, e)}: {s}" for e, s in sources.items()))
    return md_table(rows, lang) + f"\n\n{t('sources', lang)}: {foot}"



def agenda_section(ds: Dataset, event_id: str, lang: str) -> str:
    """A heading with the event's name, then its agenda table."""
    return f"### {md_text(full_name(ds.event(event_id), lang))}\n\n" + agenda_table(ds, event_id, lang)



def agenda_table(ds: Dataset, event_id: str, lang: str, kinds=None) -> str:
    items = ds.event(event_id).items(kind=kinds)
    rows = []
    for r in items.itertuples():
        texts = {"en": None if is_missing(r.text_en) else Verbatim(r.text_en, "en"),
                 "id": None if is_missing(r.text_id) else Verbatim(r.text_id, "id")}
        first, second = (texts["id"], texts["en"]) if lang == "id" else (texts["en"], texts["id"])
        rows.append({
            "kind": value("kind", r.kind, lang), "#": r.position,
            ("Indonesian" if lang == "id" else "English"): first or "",
            ("English" if lang == "id" else "Indonesian"): second or "",
            "English basis": t(str(r.text_en_basis), lang),
            "confidence": lowest_confidence(pd.Series(r._asdict()), ("text_en_confidence", "text_id_confidence"), lang),
            "sources": cite(r.source_id, r.more_source_ids, r.text_id_source_id),
        })
    return md_table(pd.DataFrame(rows), lang)



#: The language of a variant's value, by the field it is a variant of (other fields hold dates and numbers).
_FIELD_LANGS = {"name_en": "en", "title_en": "en", "text_en": "en", "description_en": "en", "position_as_stated": "en",
                "name_id": "id", "text_id": "id"}



def _variant_value(field: str, raw, lang: str):
    if field == "format" and not is_missing(raw):
        return value("format", raw, lang)  # an enumerated value: translated, not stored twice
    if field.endswith("_date") and not is_missing(raw):
        try:
            return date_text(pd.Timestamp(raw), lang)  # "11 September 2019", as the other tables write dates
        except ValueError:
            return raw
    return Verbatim(raw, _FIELD_LANGS[field]) if field in _FIELD_LANGS and not is_missing(raw) else raw



def variants_table(ds: Dataset, lang: str, event_ids=None) -> str:
    v = ds.variants
    if event_ids is not None:
        ids = set()
        for e in event_ids:
            ids |= set(ds.event(e).variants["variant_id"])
        v = v[v["variant_id"].isin(ids)]
    rows = [{
        "about": f"{r.record_id} / {value('field', r.field, lang)}", "value": _variant_value(r.field, r.value, lang),
        "preferred": t("unresolved", lang) if pd.isna(r.preferred) else t("yes" if r.preferred else "no", lang),
        "confidence": confidence_word(r.confidence, lang), "sources": cite(r.source_id, r.more_source_ids),
    } for r in v.itertuples()]
    return md_table(pd.DataFrame(rows), lang)
