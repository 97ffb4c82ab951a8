"""Words for the data on a page: event names, dates, confidence levels, scopes and shares in the page's language."""

from __future__ import annotations

import pandas as pd

from ..data import Dataset
from ..escaping import Verbatim
from ..i18n import format_date, format_date_range, format_percent, has, t, value
from .display import md_inline
from .evidence import CONFIDENCE_LEVELS


CONFERENCE_KINDS = ("conference",)



def is_missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))



def confidence_word(value, lang: str) -> str:
    return t(str(value), lang) if pd.notna(value) else ""



def lowest_confidence(row, fields, lang: str) -> str:
    """The lowest confidence among ``fields`` of ``row`` that are filled (e.g. the texts a table shows),
    else the row's own confidence: a table shows the level of what it displays, never a higher one."""
    levels = [str(row[f]) for f in fields if f in row.index and pd.notna(row[f]) and str(row[f]) in CONFIDENCE_LEVELS]
    return confidence_word(max(levels, key=CONFIDENCE_LEVELS.index) if levels else row["confidence"], lang)



def date_text(day, lang: str = "en") -> str:
    return "" if day is None or pd.isna(day) else format_date(day, lang)



def dates_text(start, end, lang: str = "en") -> str:
    if pd.isna(end) or end == start:
        return date_text(start, lang)
    return format_date_range(start, end, lang)  # "10–11 September 2019", not the whole date twice



def conferences(ds: Dataset) -> pd.DataFrame:
    return ds.events[ds.events["kind"].isin(CONFERENCE_KINDS)]



def full_name(row, lang: str) -> str:
    """An event's full name in ``lang``: ``name_<lang>`` (name_id) where the sources give one, else English."""
    name = getattr(row, f"name_{lang}", None) if lang != "en" else None
    return str(name) if not is_missing(name) else str(row.name_en)



def marked_name(row, lang: str) -> Verbatim:
    """The event's full name for a table cell: in ``lang`` where the data has it, else marked English, with the
    project's Indonesian gloss beside it on an Indonesian page (events.name_id_gloss, marked as ours)."""
    name = full_name(row, lang)
    if name != str(row.name_en):
        return Verbatim(name, lang)
    gloss = getattr(row, f"name_{lang}_gloss", None) if lang != "en" else None
    return Verbatim(name, "en", gloss=None if is_missing(gloss) else str(gloss), gloss_lang=lang)



def event_name(ds: Dataset, event_id: str, lang: str = "en") -> str:
    ev = ds.event(event_id)
    return f"{ev.short_name} {ev.start_date.year}" if ev.short_name else full_name(ev, lang)



def scope_key(pair) -> str:
    """The key of a scope pair in the robustness tables: 'sessions → focus_areas' (data, not shown)."""
    return f"{pair[0]} → {pair[1]}"



def scope_text(scope: str, lang: str) -> str:
    """A scope as words in ``lang``: a preset's catalogue name ('focus areas', 'area fokus'), else its item
    kinds joined by '+' ('panel + tema'). Literal Markdown text."""
    key = "scope_" + str(scope).replace("+", "_")
    if has(key, lang):
        return t(key, lang)
    return md_inline(" + ".join(value("kind", kind, lang) for kind in str(scope).split("+")))



def scope_pair_text(pair, lang: str) -> str:
    """'sessions → focus areas' (en), 'sesi → area fokus' (id)."""
    return f"{scope_text(pair[0], lang)} → {scope_text(pair[1], lang)}"



def share_text(value, lang: str = "en") -> str:
    return "–" if pd.isna(value) else format_percent(value, lang)
