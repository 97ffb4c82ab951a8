"""A synthetic icdd data package of any size, valid against the bundled contract (for the scale benchmark).

    python benchmarks/synthetic.py 1000 build/synthetic-1000     # 1,000 events x 20 agenda items

The bundled package is copied and N conferences are added (ids ``synth-0001``...), each with 20 sessions.
Every synthetic item is a copy of a coded bundled item (its English and Indonesian texts, and all of its
codings in every frame), so every item is coded in frame ``function``, the comparison methods see real
wording, and the embedding method finds every text in the shipped vectors (no model is needed).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sys
from pathlib import Path

ITEMS_PER_EVENT = 20
PREFIX = "synth-"
CITE = {"source_id": "A2", "confidence": "high", "status": "confirmed"}


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _append(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, header, lineterminator="\n").writerows({c: r.get(c, "") for c in header} for r in rows)


def event_ids(events: int) -> list[str]:
    return [f"{PREFIX}{k:04d}" for k in range(1, events + 1)]


def write_package(folder: str | Path, events: int, bundled: Path | None = None) -> Path:
    """Write the bundled package plus ``events`` synthetic conferences into ``folder``; return it."""
    import icdd_analysis as icdd

    folder = Path(folder)
    source = (bundled or icdd.bundled_path()).parent
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(source, folder)
    item_header, items = _rows(folder / "agenda_items.csv")
    coding_header, codings = _rows(folder / "codings.csv")
    by_item: dict[str, list[dict]] = {}
    for c in codings:
        by_item.setdefault(c["item_id"], []).append(c)
    # Items coded in the default frame, with both texts: the pool synthetic items are copied from.
    pool = [i for i in items if i["text_id"] and any(c["frame_id"] == "function" for c in by_item.get(i["item_id"], []))]
    event_header, _ = _rows(folder / "events.csv")
    new_events, new_items, new_codings = [], [], []
    start = dt.date(2030, 1, 1)
    for k, event_id in enumerate(event_ids(events)):
        day = (start + dt.timedelta(days=k)).isoformat()  # one a day: 7,000 events stay before data.LATEST_DATE
        new_events.append({"event_id": event_id, "kind": "conference", "name_en": f"Synthetic conference {k + 1}",
                           "start_date": day, "end_date": day, "country_iso3": "IDN", **CITE})
        for position in range(1, ITEMS_PER_EVENT + 1):
            original = pool[(k * 7 + position * 3) % len(pool)]  # varied, so agendas differ from event to event
            item_id = f"{event_id}-session-{position}"
            new_items.append({**original, "item_id": item_id, "event_id": event_id, "kind": "session",
                              "position": str(position), "notes": f"copy of {original['item_id']}"})
            new_codings += [{**c, "item_id": item_id} for c in by_item[original["item_id"]]]
    _append(folder / "events.csv", event_header, new_events)
    _append(folder / "agenda_items.csv", item_header, new_items)
    _append(folder / "codings.csv", coding_header, new_codings)
    return folder


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/synthetic.py EVENTS FOLDER")
    print(write_package(sys.argv[2], int(sys.argv[1])))
