"""What a loaded data package is: :class:`Dataset` (one typed DataFrame per table) and :class:`Event` (one
event's fields, items, participants, people, documents, variants and sources), with their text and HTML
representations; and the helpers that read the source lists every fact cites."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable

import pandas as pd

from ..errors import DataPackageError, UnknownEventError

#: The tables every icdd data package has, in the order they are shown.
TABLES = (
    "events", "agenda_items", "participants", "people", "documents", "sources", "variants",
    "frames", "frame_codes", "frame_keywords", "codings",
)
#: Tables a data package may add; :class:`Dataset` holds None for one that is absent.
OPTIONAL_TABLES = ("codebook", "coding_rules")
#: Tables of the package that are not loaded into a Dataset, validated when the descriptor declares them.
AUXILIARY_TABLES = ("embeddings", "stems")
#: Tables whose rows are facts: each names a source and a confidence.
FACT_TABLES = ("events", "agenda_items", "participants", "people", "documents", "variants")


@dataclass(frozen=True)
class Schema:
    """The fields of one resource, as validated (the bundled definitions of the contract's fields)."""

    resource: str
    path: str
    fields: tuple[dict, ...]

    @property
    def names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def field(self, name: str) -> dict:
        return next((f for f in self.fields if f["name"] == name), {"name": name})


def split_ids(value) -> list[str]:
    """The ids of a ';'-separated list field, e.g. more_source_ids."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


@dataclass(frozen=True, repr=False)
class Dataset:
    """The conference data as typed DataFrames, one per table."""

    label: str
    descriptor: Path
    events: pd.DataFrame
    agenda_items: pd.DataFrame
    participants: pd.DataFrame
    people: pd.DataFrame
    documents: pd.DataFrame
    sources: pd.DataFrame
    variants: pd.DataFrame
    frames: pd.DataFrame
    frame_codes: pd.DataFrame
    frame_keywords: pd.DataFrame
    codings: pd.DataFrame
    codebook: pd.DataFrame | None = None  # optional: how each frame code is applied (en, id)
    coding_rules: pd.DataFrame | None = None  # optional: the general rules the codebook refers to
    version: str = ""  # the data's version (datapackage.json; the rule and each version: data/CHANGELOG.md)
    title: str = ""  # the data package's title, for citing it
    licenses: tuple[str, ...] = ()  # the data's licence names (datapackage.json)
    _events: dict = field(default_factory=dict, compare=False)

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the package's content (:func:`.release.content_hash`), recorded per version in
        data/CHANGELOG.md; computed when a page first cites it, not on every load (it reads every file again)."""
        from .release import content_hash

        return content_hash(self.descriptor)

    @property
    def event_ids(self) -> list[str]:
        return list(self.events["event_id"])

    def table(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise DataPackageError(f"unknown table {name!r}; tables: {', '.join(TABLES)}.")
        return getattr(self, name)

    def event(self, event_id: str) -> "Event":
        if event_id not in self._events:
            match = self.events[self.events["event_id"] == event_id]
            if match.empty:
                raise UnknownEventError(
                    f"unknown event id {event_id!r}; known ids: {', '.join(self.event_ids)}."
                )
            self._events[event_id] = Event(self, match.iloc[0])
        return self._events[event_id]

    def sources_for(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The source rows cited (source_id and more_source_ids) by the rows of ``frame``."""
        ids = cited_source_ids(frame)
        return self.sources[self.sources["source_id"].isin(ids)].reset_index(drop=True)

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(getattr(self, t))} {t.replace('_', ' ')}" for t in TABLES[:7])
        return f"<icdd Dataset ({self.label}): {counts}; {len(self.frames)} reference frames>"


def cited_source_ids(*frames: pd.DataFrame) -> list[str]:
    """Every source id the rows of ``frames`` cite (source_id, more_source_ids and the text sources), sorted."""
    ids: set[str] = set()
    for frame in frames:
        for col in ("source_id", "text_id_source_id", "description_source_id", "more_source_ids"):
            if col in frame:
                for value in frame[col].dropna():
                    ids.update(split_ids(value))
    return sorted(ids, key=source_sort_key)


def source_sort_key(source_id: str) -> tuple[str, int]:
    """A1, A2, ..., A10 in numeric order within each letter."""
    letters = source_id.rstrip("0123456789")
    return letters, int(source_id[len(letters):] or 0)


class Event:
    """One event of a Dataset: its fields as attributes, and its items, participants, people..."""

    def __init__(self, dataset: Dataset, row: pd.Series):
        self._dataset = dataset
        self._row = row

    def __getattr__(self, name: str):
        row = self.__dict__.get("_row")
        if row is not None and name in row.index:
            value = row[name]
            return None if value is pd.NA or (not isinstance(value, str) and pd.isna(value)) else value
        raise AttributeError(f"Event has no field {name!r}; fields: {', '.join(self._row.index)}.")

    def __dir__(self) -> Iterable[str]:
        return sorted(set(super().__dir__()) | set(self._row.index))

    @property
    def fields(self) -> pd.Series:
        return self._row.copy()

    def items(self, kind: str | Iterable[str] | None = None) -> pd.DataFrame:
        """Agenda items of this event, ordered by kind and position; ``kind`` filters."""
        items = self._dataset.agenda_items
        items = items[items["event_id"] == self.event_id]
        if kind is not None:
            kinds = [kind] if isinstance(kind, str) else list(kind)
            valid = list(self._dataset.agenda_items["kind"].cat.categories)
            unknown = [k for k in kinds if k not in valid]
            if unknown:
                raise DataPackageError(f"unknown item kind(s) {', '.join(unknown)}; valid: {', '.join(valid)}.")
            items = items[items["kind"].isin(kinds)]
        return items.sort_values(["kind", "position"]).reset_index(drop=True)

    @property
    def theme(self) -> str | None:
        themes = self.items("theme")
        return None if themes.empty else str(themes["text_en"].iloc[0])

    def _of(self, table: str) -> pd.DataFrame:
        frame = getattr(self._dataset, table)
        return frame[frame["event_id"] == self.event_id].reset_index(drop=True)

    @property
    def participants(self) -> pd.DataFrame:
        return self._of("participants").sort_values("iso3").reset_index(drop=True)

    @property
    def people(self) -> pd.DataFrame:
        return self._of("people")

    @property
    def documents(self) -> pd.DataFrame:
        return self._of("documents")

    @property
    def side_events(self) -> pd.DataFrame:
        ev = self._dataset.events
        return ev[ev["parent_event_id"] == self.event_id].reset_index(drop=True)

    @property
    def variants(self) -> pd.DataFrame:
        """Variants of this event's row and of its items, people and documents."""
        ids = {self.event_id}
        ids |= set(self.items()["item_id"]) | set(self.people["role_id"]) | set(self.documents["document_id"])
        ids |= {f"{self.event_id}/{iso}" for iso in self.participants["iso3"]}
        v = self._dataset.variants
        return v[v["record_id"].isin(ids)].reset_index(drop=True)

    @property
    def sources(self) -> pd.DataFrame:
        """Every source cited by this event's row and its items, participants, people and documents."""
        frames = [self._row.to_frame().T, self.items(), self.participants, self.people, self.documents]
        return self._dataset.sources_for(pd.concat(frames, ignore_index=True))

    def _dates(self) -> str:
        start, end = self.start_date, self.end_date
        if start is None:
            return "date unknown"
        if end is None or end == start:
            return start.strftime("%Y-%m-%d")
        return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"

    def __repr__(self) -> str:
        place = ", ".join(str(p) for p in (self.venue, self.city) if p)
        fmt = f" ({self.format})" if self.format else ""
        countries = f"; {self.countries_stated} countries" if self.countries_stated is not None else ""
        return (
            f"<Event {self.event_id}: {self.name_en}, {self._dates()}, {place or 'place unknown'}{fmt}"
            f"{countries}; {len(self.items())} agenda items>"
        )

    def _repr_html_(self) -> str:
        e = html.escape
        rows = [
            ("Indonesian name", self.name_id),
            ("Dates", self._dates() + (f", {self.time_local}" if self.time_local else "")),
            ("Place", ", ".join(str(p) for p in (self.venue, self.city) if p) or None),
            ("Format", self.format),
            ("Host", self.host),
            ("Theme", self.theme),
            ("Countries (stated)", self.countries_stated),
            ("Participants (stated)", _qualified(self.participants_stated, self.participants_qualifier)),
            ("Confidence", f"{self.confidence} ({self.status})"),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{e(k)}</th><td style='text-align:left'>{e(str(v))}</td></tr>"
            for k, v in rows
            if v is not None
        )
        items = self.items()
        lists = ""
        for kind, group in items.groupby("kind", observed=True, sort=False):
            entries = "".join(
                f"<li>{e(str(r.text_en))}" + (f" <i>({e(str(r.text_id))})</i>" if pd.notna(r.text_id) else "") + "</li>"
                for r in group.itertuples()
            )
            lists += f"<p><b>{e(str(kind).replace('_', ' '))}</b></p><ol>{entries}</ol>"
        cited = ", ".join(self.sources["source_id"])
        return (
            f"<div><h4>{e(str(self.name_en))} <small>({e(self.event_id)})</small></h4>"
            f"<table>{body}</table>{lists}<p><small>Sources: {e(cited)}</small></p></div>"
        )


def _qualified(number, qualifier) -> str | None:
    if number is None:
        return None
    words = {"about": "about ", "more_than": "more than ", "exactly": ""}
    return f"{words.get(qualifier, '')}{number:,}"
