"""The overview of two conferences (notebook 01): what it gathers from the data package beyond its sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..data import Dataset


def overview_sources(ds: Dataset, baseline: str, target: str) -> tuple[str, ...]:
    """Every source the overview of ``baseline`` and ``target`` cites: the events, documents and variants, and
    the participants and agenda items of the two conferences, sorted as the sources section lists them."""
    from ..data import cited_source_ids

    events = [baseline, target]
    shown_items = ds.agenda_items[ds.agenda_items["event_id"].isin(events)]
    shown_participants = ds.participants[ds.participants["event_id"].isin(events)]
    return tuple(cited_source_ids(ds.events, ds.documents, shown_participants, shown_items, ds.variants))
