"""Load and validate the conference data package into typed pandas DataFrames.

This module knows the data package and its schema, and nothing of comparison or reports.
Validation runs in three steps: :mod:`.guard` checks the descriptor against the bundled
contract and reads each CSV once (only files inside the package folder, never the network);
Frictionless checks those rows against their Table Schemas (types, required fields, unique keys,
enums, foreign keys); then :func:`.links.check_links` checks what a Table Schema cannot express (source
lists, variant targets, preferred values, date order).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import release
from ..errors import DataPackageError
from . import guard, tabular
from .contract import check_resource, contract as bundled_contract
from .guard import as_list, bundled_path
from .links import check_ids_and_dates, check_links
from .model import AUXILIARY_TABLES, OPTIONAL_TABLES, TABLES, Dataset, Schema


def _read_package(
    descriptor: Path, root: Path, names: tuple[str, ...], digests: list[tuple[str, str]] | None = None
) -> dict[str, Schema]:
    """Check the descriptor (paths, schemas against the bundled contract); return the schemas of ``names``.

    Nothing but the descriptor (and schema or dialect files it names inside the folder) is read here;
    ``digests`` receives the SHA-256 of each of those files.
    """
    resources = guard.read_descriptor(descriptor, root, digests)
    contract = bundled_contract(bundled_path())
    missing = [t for t in TABLES if t not in resources]
    if missing:
        raise DataPackageError(
            f"{descriptor.name}: resource(s) {', '.join(missing)} missing; an icdd data package has "
            f"the resources {', '.join(TABLES)}."
        )
    schemas = {}
    for name in names:
        if name not in resources:
            continue
        fields = check_resource(name, resources[name], contract[name], descriptor.name)
        schemas[name] = Schema(name, resources[name]["path"], tuple(fields))
    return schemas


def _read_csvs(root: Path, schemas: dict[str, Schema]) -> dict[str, tabular.Table]:
    """Read each table once, then check its header against its schema before any row check."""
    tables = {}
    for name, schema in schemas.items():
        booleans = tuple(f["name"] for f in schema.fields if f.get("type") == "boolean")
        table = tabular.read_table(name, schema.path, guard.inside(root, schema.path, f"resource '{name}'", "path"), booleans)
        header = table.header
        missing = [n for n in schema.names if n not in header]
        extra = [n for n in header if n not in schema.names]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"column(s) {', '.join(repr(m) for m in missing)} missing")
            if extra:
                parts.append(f"column(s) {', '.join(repr(e) for e in extra)} not in the schema")
            raise DataPackageError(
                f"{schema.path}, header row: {'; '.join(parts)}. Expected columns: {', '.join(schema.names)}."
            )
        if header != schema.names:
            raise DataPackageError(
                f"{schema.path}, header row: columns out of order. Expected: {', '.join(schema.names)}."
            )
        tables[name] = table
    return tables


def _valid_values(field_def: dict) -> str:
    """Describe what a field accepts, for error messages."""
    cons = field_def.get("constraints", {})
    if "enum" in cons:
        return "one of " + ", ".join(cons["enum"])
    kind = field_def.get("type", "string")
    described = {
        "date": "a date as YYYY-MM-DD",
        "integer": "a whole number",
        "boolean": guard.VALID_BOOLEANS,
        "number": "a number",
    }.get(kind, "text")
    if "pattern" in cons:
        described += f" matching {cons['pattern']}"
    if "minimum" in cons:
        described += f", at least {cons['minimum']}"
    return described


def _format_frictionless_error(schema: Schema, error, primary_key: list[str] | None = None) -> str:
    d = error.to_dict()
    row = d.get("rowNumber")
    where = f"{schema.path}, row {row}" if row else schema.path
    kind = d.get("type")
    if kind in ("type-error", "constraint-error"):
        fname = d.get("fieldName")
        cell = d.get("cell", "")
        if "required" in d.get("note", "") and cell == "":
            return f"{where}, field '{fname}': a value is required ({_valid_values(schema.field(fname))})."
        return f"{where}, field '{fname}': {cell!r} is not valid; expected {_valid_values(schema.field(fname))}."
    if kind == "primary-key" and primary_key and d.get("cells"):
        # Frictionless gives the whole row: the key is the cells of the key's fields (the header is the schema's).
        cells, names = d["cells"], schema.names
        key = [cells[names.index(f)] if f in names and names.index(f) < len(cells) else "" for f in primary_key]
        shown = repr(key[0]) if len(key) == 1 else "(" + ", ".join(map(repr, key)) + ")"
        return (f"{where}, field '{', '.join(primary_key)}': duplicate id {shown}, {d.get('note', '')}; "
                "ids must be unique.")
    if kind in ("unique-error", "primary-key"):
        fname = d.get("fieldName") or ", ".join(error.to_dict().get("fieldNames", [])) or "primary key"
        return f"{where}, field '{fname}': duplicate id {d.get('cell', '')!r}, {d.get('note', '')}; ids must be unique."
    if kind == "foreign-key":
        fields = d.get("fieldNames", [])
        cells = d.get("fieldCells", [])
        ref = d.get("referenceName") or schema.resource
        ref_fields = ", ".join(d.get("referenceFieldNames", []))
        return (
            f"{where}, field '{', '.join(fields)}': {', '.join(map(repr, cells))} does not exist in "
            f"{ref}.csv (column {ref_fields}); add that row there or use an existing id."
        )
    return f"{where}: {error.message}"


def _frictionless_schemas(schemas: dict[str, Schema], contract: dict[str, dict]) -> dict[str, dict]:
    """The Table Schema each resource's rows are validated against: its fields, the contract's keys."""
    out = {}
    for name, schema in schemas.items():
        reference = contract[name]["schema"]
        out[name] = {"fields": list(schema.fields)}
        for key in ("primaryKey", "foreignKeys", "missingValues"):
            if key in reference:
                out[name][key] = reference[key]
    return out


def _validate_once(
    schemas: dict[str, Schema], tables: dict[str, tabular.Table], contract: dict[str, dict],
    read_digests: list[tuple[str, str]],
) -> None:
    """Validate the rows unless exactly these bytes, against these schemas, passed before (see
    :mod:`.cache`); record a pass."""
    from . import cache as validation_cache

    table_schemas = _frictionless_schemas(schemas, contract)
    digests = read_digests + [(f"table:{name}:{t.path}", t.digest) for name, t in tables.items()]
    key = validation_cache.content_key(digests, table_schemas)
    if validation_cache.is_validated(key):
        return
    _validate(schemas, table_schemas, tables)
    validation_cache.remember(key)


def _key_problems(schemas: dict[str, Schema], table_schemas: dict[str, dict],
                  tables: dict[str, tabular.Table]) -> list[str]:
    """The primary- and foreign-key checks of the Table Schemas, on the text cells (what Frictionless would
    report, in the loader's words): key cells present and unique; every non-empty reference found."""
    messages: list[str] = []
    known_keys: dict[tuple, set] = {}
    for name, ts in table_schemas.items():
        table, schema = tables[name], schemas[name]
        position = {c: i for i, c in enumerate(table.header)}
        primary = [f for f in as_list(ts.get("primaryKey")) if f in position]
        if primary:
            columns = [position[f] for f in primary]
            keys = [tuple(r[c] for c in columns) for r in table.rows]
            if len(set(keys)) == len(keys) and not any("" in key for key in keys):
                primary = []  # the common case, checked at C speed: no row to report
        if primary:
            first: dict[tuple, int] = {}
            for number, row in enumerate(table.rows, start=2):
                key = tuple(row[position[f]] for f in primary)
                for f, cell in zip(primary, key):
                    if cell == "":
                        messages.append(f"{schema.path}, row {number}, field '{f}': a value is required "
                                        f"({_valid_values(schema.field(f))}).")
                if key in first:
                    shown = repr(key[0]) if len(key) == 1 else "(" + ", ".join(map(repr, key)) + ")"
                    messages.append(f"{schema.path}, row {number}, field '{', '.join(primary)}': duplicate id {shown}, "
                                    f"the same as in the row at position {first[key]}; ids must be unique.")
                else:
                    first[key] = number
        for fk in ts.get("foreignKeys", []):
            fields = as_list(fk.get("fields"))
            ref_name = fk.get("reference", {}).get("resource") or name
            ref_fields = as_list(fk.get("reference", {}).get("fields"))
            ref = tables.get(ref_name)
            if ref is None or not all(f in position for f in fields):
                continue
            ref_position = {c: i for i, c in enumerate(ref.header)}
            if not all(f in ref_position for f in ref_fields):
                continue
            ref_key = (ref_name, tuple(ref_fields))
            if ref_key not in known_keys:
                columns = [ref_position[f] for f in ref_fields]
                known_keys[ref_key] = ({r[columns[0]] for r in ref.rows} if len(columns) == 1
                                       else {tuple(r[c] for c in columns) for r in ref.rows})
            known = known_keys[ref_key]
            columns = [position[f] for f in fields]
            if len(columns) == 1:
                column = columns[0]
                missing = [(n, (r[column],)) for n, r in enumerate(table.rows, start=2)
                           if r[column] != "" and r[column] not in known]
            else:
                missing = [(n, cells) for n, r in enumerate(table.rows, start=2)
                           if (cells := tuple(r[c] for c in columns)) not in known and any(cells)]
            for number, cells in missing:
                messages.append(f"{schema.path}, row {number}, field '{', '.join(fields)}': "
                                f"{', '.join(map(repr, cells))} does not exist in {ref_name}.csv (column "
                                f"{', '.join(ref_fields)}); add that row there or use an existing id.")
    return messages


class _SharedRows(list):
    """Inline rows Frictionless reads but never changes: its descriptor copies (``metadata_export``, several
    per resource) share them instead of deep-copying every cell (30,000 rows: 24 s of a 38 s first load)."""

    def __deepcopy__(self, memo):
        return self


def _validate(schemas: dict[str, Schema], table_schemas: dict[str, dict], tables: dict[str, tabular.Table]) -> None:
    """Frictionless checks of the rows already read (inline data: it opens no file, no connection), against
    the schemas :func:`_frictionless_schemas` made (the same the validation record's key covers)."""
    import frictionless  # imported here: it is only needed while loading

    from .._slow_imports import skipped_while_jsonschema_loads

    # Keys are checked here (sets of text cells, milliseconds), not by Frictionless: its foreign-key lookups
    # read every referenced table again row by row, most of a large package's first load.
    row_schemas = {name: {k: v for k, v in ts.items() if k not in ("primaryKey", "foreignKeys")}
                   for name, ts in table_schemas.items()}
    resources = [
        {"name": name, "data": _SharedRows([tables[name].header, *tables[name].rows]), "schema": table_schema}
        for name, table_schema in row_schemas.items()
    ]
    with skipped_while_jsonschema_loads():  # Frictionless imports jsonschema here, when it validates
        report = frictionless.Package({"resources": resources}).validate()
    key_messages = _key_problems(schemas, table_schemas, tables)
    if report.valid and not key_messages:
        return
    messages = []
    for task in report.tasks:
        schema = schemas.get(task.name) or Schema(task.name, task.name, ())
        messages.extend(_format_frictionless_error(schema, e) for e in task.errors)
    messages = list(dict.fromkeys(messages + key_messages))
    if not messages:  # package-level problems
        messages = [e.message for e in report.errors]
    _raise(messages)


_raise = guard.raise_problems


def _typed(table: tabular.Table, schema: Schema) -> pd.DataFrame:
    """Convert the text rows of a table to the types the schema declares (empty cells are missing)."""
    # Column by column from the text rows (a whole-frame mask costs more than all the conversions).
    columns = list(zip(*table.rows)) if table.rows else [()] * len(table.header)
    position = {name: i for i, name in enumerate(table.header)}
    index = pd.RangeIndex(len(table.rows))
    out = {}
    for f in schema.fields:
        name = f["name"]
        values = [v if v != "" else None for v in columns[position[name]]]
        kind = f.get("type", "string")
        enum = f.get("constraints", {}).get("enum")
        try:
            if kind == "string" and not enum:  # most columns: straight to pandas' string array
                out[name] = pd.array(values, dtype="string")
                continue
            if kind == "string":  # a value outside the enum is missing, as pd.Categorical(values, enum) makes it
                code_of = {c: i for i, c in enumerate(enum)}
                out[name] = pd.Categorical.from_codes([code_of.get(v, -1) for v in values], categories=enum)
                continue
            col = pd.Series(values, index=index, dtype=object)
            if kind == "date":
                out[name] = pd.to_datetime(col, format="%Y-%m-%d")
            elif kind == "integer":
                out[name] = pd.to_numeric(col).astype("Int64")
            elif kind == "number":
                out[name] = pd.to_numeric(col).astype("Float64")
            elif kind == "boolean":
                out[name] = _booleans(col, schema, f)
            elif enum:
                out[name] = pd.Categorical(col, categories=enum)
            else:
                out[name] = col.astype("string")
        except DataPackageError:
            raise
        except (ValueError, TypeError, OverflowError):
            raise DataPackageError(
                f"{schema.path}, field '{name}': a value is not valid; expected {_valid_values(f)}. "
                "Load with validate=True to see the row."
            ) from None
    return pd.DataFrame(out, index=index)


_BOOLEANS = {**dict.fromkeys(guard.TRUE_VALUES, True), **dict.fromkeys(guard.FALSE_VALUES, False)}


def _booleans(col: pd.Series, schema: Schema, field_def: dict) -> pd.Series:
    """true/false in any case and 1/0 (cells arrive lower-cased); anything else is an error, never missing."""
    values = col.map(_BOOLEANS).astype("boolean")
    lost = values.isna() & col.notna()
    if field_def.get("constraints", {}).get("required"):
        lost |= col.isna()
    if lost.any():
        i = int(lost.idxmax())
        cell = "" if pd.isna(col.iloc[i]) else col.iloc[i]
        raise DataPackageError(
            f"{schema.path}, row {i + 2}, field '{field_def['name']}': {cell!r} is not valid; "
            f"expected {guard.VALID_BOOLEANS}."
        )
    return values


def load(path: str | Path | None = None, *, validate: bool = True) -> "Dataset":
    """Load a data package: the bundled one by default, or ``path`` (a datapackage.json or its folder).

    The package is untrusted input: only files inside its folder are read, never the network (see
    :mod:`icdd_analysis.data.guard`). ``validate=False`` skips only the Frictionless row checks
    (types, constraints, keys), for the trusted bundled data in a hurry. Those row checks run once per
    content: a package whose bytes passed them before (a record in the per-user cache, see
    :mod:`icdd_analysis.data.cache`) is not checked again; every other check runs on every load.

    Raises :class:`DataPackageError` naming the file, row, field and what would be valid.
    """
    descriptor, root = guard.locate(bundled_path() if path is None else path)
    names = TABLES + OPTIONAL_TABLES + (AUXILIARY_TABLES if validate else ())
    read_digests: list[tuple[str, str]] = []
    schemas = _read_package(descriptor, root, names, read_digests)
    guard.check_side_files(root)
    texts = _read_csvs(root, schemas)
    check_ids_and_dates(texts, schemas)
    if validate:
        _validate_once(schemas, texts, bundled_contract(bundled_path()), read_digests)
    tables = {name: _typed(texts[name], schemas[name]) for name in TABLES + OPTIONAL_TABLES if name in schemas}
    check_links(tables, schemas)
    label = "bundled" if path is None else descriptor.parent.name or "."
    facts = release.descriptor_facts(descriptor)
    return Dataset(label=label, descriptor=descriptor, version=facts["version"], title=facts["title"],
                   licenses=tuple(facts["licenses"]), **tables)

