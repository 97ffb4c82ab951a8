"""The checks a Table Schema cannot express, run on every load (a validation record skips none of them):
ids (one Unicode form, no invisible controls, unique), dates (none past :data:`LATEST_DATE`), and the links
between tables (every listed source exists, every variant points at a real cell)."""

from __future__ import annotations

import pandas as pd

from .contract import contract as bundled_contract
from .guard import as_list, bundled_path, raise_problems
from .model import FACT_TABLES, Schema, split_ids
from .tabular import Table


def check_links(tables: dict[str, pd.DataFrame], schemas: dict[str, Schema]) -> None:
    """Checks a Table Schema cannot state: listed sources exist, variants point at real cells."""
    problems: list[str] = []
    events = tables["events"]
    for i in events.index[events["end_date"] < events["start_date"]]:
        problems.append(
            f"{schemas['events'].path}, row {i + 2}, field 'end_date': {events.at[i, 'end_date']:%Y-%m-%d} is before "
            f"start_date {events.at[i, 'start_date']:%Y-%m-%d}; the end date must be on or after the start date."
        )
    known_sources = set(tables["sources"]["source_id"])
    for name in FACT_TABLES:
        frame = tables[name]
        for i, value in frame["more_source_ids"].items():
            for sid in split_ids(value):
                if sid not in known_sources:
                    problems.append(
                        f"{schemas[name].path}, row {i + 2}, field 'more_source_ids': {sid!r} does not exist "
                        f"in sources.csv (column source_id)."
                    )
    items = tables["agenda_items"]
    dup = items.duplicated(["event_id", "kind", "position"], keep="first")
    for i in items.index[dup]:
        problems.append(
            f"{schemas['agenda_items'].path}, row {i + 2}, field 'position': event {items.at[i, 'event_id']!r} "
            f"already has a {items.at[i, 'kind']} at position {items.at[i, 'position']}; positions must be unique."
        )
    codes = tables["frame_codes"]
    known_codes = set(zip(codes["frame_id"], codes["code"]))
    with_parent = codes[codes["parent_code"].notna()]
    for i, c in zip(with_parent.index, with_parent.to_dict("records")):
        if (c["frame_id"], c["parent_code"]) not in known_codes:
            problems.append(
                f"{schemas['frame_codes'].path}, row {i + 2}, field 'parent_code': {c['parent_code']!r} is not a "
                f"code of frame {c['frame_id']!r}."
            )
    keys = _record_keys(tables)
    variants = tables["variants"]
    for i, v in zip(variants.index, variants.to_dict("records")):  # records: far faster than iterrows
        where = f"{schemas['variants'].path}, row {i + 2}"
        table = str(v["table_name"])
        if v["record_id"] not in keys[table]:
            problems.append(f"{where}, field 'record_id': {v['record_id']!r} is not a row of {table}.csv.")
            continue
        if v["field"] not in schemas[table].names:
            problems.append(
                f"{where}, field 'field': {v['field']!r} is not a column of {table}.csv; "
                f"valid: {', '.join(schemas[table].names)}."
            )
            continue
        if v["preferred"] is True:
            current = _cell_text(tables[table].at[keys[table][v["record_id"]], v["field"]])
            if current != v["value"]:
                problems.append(
                    f"{where}, field 'value': the preferred variant {v['value']!r} differs from "
                    f"{table}.csv's value {current!r} for {v['record_id']}/{v['field']}."
                )
    if problems:
        raise_problems(problems)


def _record_keys(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, dict]]:
    keyed = {
        "events": "event_id",
        "agenda_items": "item_id",
        "people": "role_id",
        "documents": "document_id",
    }
    # record id -> row label: the few rows variants name are read with .at (whole-table records cost seconds
    # on a large package)
    out = {t: dict(zip(tables[t][k].tolist(), tables[t].index)) for t, k in keyed.items()}
    participants = tables["participants"]
    out["participants"] = {f"{e}/{i}": label for e, i, label in
                           zip(participants["event_id"].tolist(), participants["iso3"].tolist(), participants.index)}
    return out


def _cell_text(value) -> str:
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: The latest date a data package may hold: a later one is a typo (2099 for 2019), not a planned conference.
LATEST_DATE = "2049-12-31"


def _id_fields(schema: dict) -> set[str]:
    """The fields of a resource's bundled schema that hold ids: its primary key, its foreign keys, and the ids lists
    (``*_ids``) and ``record_id``, by the bundled contract (``name_id``, ``text_id`` are Indonesian text)."""
    fields = set(as_list(schema.get("primaryKey")))
    for fk in schema.get("foreignKeys", []):
        fields.update(as_list(fk.get("fields")))
    fields.update(f["name"] for f in schema.get("fields", []) if f["name"].endswith("_ids") or f["name"] == "record_id")
    return fields


def check_ids_and_dates(tables: dict[str, Table], schemas: dict[str, Schema]) -> None:
    """Checks on every load, also when the row validation is cached: no id holds a bidirectional control or
    zero-width character (it would display as another id); ids are compared in Unicode NFC form (an id typed
    on macOS, NFD, is the same id), and two rows whose ids differ only in that form are duplicates; no date is
    later than :data:`LATEST_DATE`. Id cells are normalised to NFC in place."""
    import unicodedata

    from ..controls import INVISIBLE_CONTROLS, visible_controls

    problems: list[str] = []
    contract = bundled_contract(bundled_path())
    for name, table in tables.items():
        schema = schemas[name]
        reference = contract[name]["schema"]
        id_fields = _id_fields(reference)
        for f in schema.fields:
            column, field_name = table.header.index(f["name"]), f["name"]
            values = [row[column] for row in table.rows]
            joined = "\n".join(values)
            if f.get("type") == "date":
                for i, value in enumerate(values):
                    if value > LATEST_DATE and value[:1].isdigit():
                        problems.append(f"{schema.path}, row {i + 2}, field '{field_name}': {value!r} is later than "
                                        f"{LATEST_DATE}, the latest date a package may hold (a typo for another year?).")
                continue
            if field_name not in id_fields or joined.isascii():
                continue
            if INVISIBLE_CONTROLS.search(joined):
                for i, value in enumerate(values):
                    if INVISIBLE_CONTROLS.search(value):
                        problems.append(
                            f"{schema.path}, row {i + 2}, field '{field_name}': the id {visible_controls(value)!r} holds "
                            "an invisible bidirectional or zero-width character; ids are letters, digits and "
                            "punctuation that display as they are stored.")
                continue
            if unicodedata.is_normalized("NFC", joined):
                continue
            first: dict[str, tuple[int, str]] = {}
            primary = as_list(reference.get("primaryKey"))
            for i, row in enumerate(table.rows):
                normal = unicodedata.normalize("NFC", row[column])
                if field_name in primary and normal in first and first[normal][1] != row[column]:
                    problems.append(
                        f"{schema.path}, row {i + 2}, field '{field_name}': duplicate id {normal!r} (row "
                        f"{first[normal][0]} writes the same id in another Unicode form, NFC/NFD); ids must be unique.")
                first.setdefault(normal, (i + 2, row[column]))
                row[column] = normal
    if problems:
        raise_problems(problems)
