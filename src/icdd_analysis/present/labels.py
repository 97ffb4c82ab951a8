"""Words for the data on a page: event names, dates, confidence levels, scopes and shares in the page's language."""

from __future__ import annotations

import pandas as pd

from ..data import Dataset
from ..escaping import Verbatim
from ..i18n import format_date, format_date_range, format_percent, has, t, value
from .display import _plain
from .evidence import _LEVELS


CONFERENCE_KINDS = ("conference",)



def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))



def _confidence(value, lang: str) -> str:
    return t(str(value), lang) if pd.notna(value) else ""



def _lowest(row, fields, lang: str) -> str:
    """The lowest confidence among ``fields`` of ``row`` that are filled (e.g. the texts a table shows),
    else the row's own confidence: a table shows the level of what it displays, never a higher one."""
    levels = [str(row[f]) for f in fields if f in row.index and pd.notna(row[f]) and str(row[f]) in _LEVELS]
    return _confidence(max(levels, key=_LEVELS.index) if levels else row["confidence"], lang)



def _date(day, lang: str = "en") -> str:
    return "" if day is None or pd.isna(day) else format_date(day, lang)



def _dates(start, end, lang: str = "en") -> str:
    if pd.isna(end) or end == start:
        return _date(start, lang)
    return format_date_range(start, end, lang)  # "10–11 September 2019", not the whole date twice



def _conferences(ds: Dataset) -> pd.DataFrame:
    return ds.events[ds.events["kind"].isin(CONFERENCE_KINDS)]



def _full_name(row, lang: str) -> str:
    """An event's full name in ``lang``: ``name_<lang>`` (name_id) where the sources give one, else English."""
    name = getattr(row, f"name_{lang}", None) if lang != "en" else None
    return str(name) if not _missing(name) else str(row.name_en)



def _marked_name(row, lang: str) -> Verbatim:
    """The event's full name for a table cell: in ``lang`` where the data has it, else marked English, with the
    project's Indonesian gloss beside it on an Indonesian page (events.name_id_gloss, marked as ours)."""
    name = _full_name(row, lang)
    if name != str(row.name_en):
        return Verbatim(name, lang)
    gloss = getattr(row, f"name_{lang}_gloss", None) if lang != "en" else None
    return Verbatim(name, "en", gloss=None if _missing(gloss) else str(gloss), gloss_lang=lang)



def _event_name(ds: Dataset, event_id: str, lang: str = "en") -> str:
    ev = ds.event(event_id)
    return f"{ev.short_name} {ev.start_date.year}" if ev.short_name else _full_name(ev, lang)



def _scope_label(pair) -> str:
    """The key of a scope pair in the robustness tables: 'sessions → focus_areas' (data, not shown)."""
    return f"{pair[0]} → {pair[1]}"



def scope_text(scope: str, lang: str) -> str:
    """A scope as words in ``lang``: a preset's catalogue name ('focus areas', 'area fokus'), else its item
    kinds joined by '+' ('panel + tema'). Literal Markdown text."""
    key = "scope_" + str(scope).replace("+", "_")
    if has(key, lang):
        return t(key, lang)
    return _plain(" + ".join(value("kind", kind, lang) for kind in str(scope).split("+")))



def scope_pair_text(pair, lang: str) -> str:
    """'sessions → focus areas' (en), 'sesi → area fokus' (id)."""
    return f"{scope_text(pair[0], lang)} → {scope_text(pair[1], lang)}"



def _share(value, lang: str = "en") -> str:
    return "–" if pd.isna(value) else format_percent(value, lang)
