"""A user's data package against the bundled contract: each resource must declare the tables, fields, keys and
CSV dialect icdd-analysis reads (extra columns of plain types are allowed); :func:`check_resource` names each
difference and what the bundled datapackage.json has instead."""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..errors import DataPackageError
from .guard import DESCRIPTOR_NAME, RESAVE_COMMA, short

#: Field keys that only document a field: a user's schema may word them differently.
DOC_KEYS = frozenset({"description", "title", "example", "rdfType"})
#: Types and constraints an extra column (one the contract does not know) may declare.
EXTRA_TYPES = ("string", "integer", "number", "boolean", "date")
EXTRA_CONSTRAINTS = ("required", "unique", "enum", "minimum", "maximum", "minLength", "maxLength")
#: Dialect keys with the only value icdd-analysis reads (plain comma-separated CSV).
DIALECT_DEFAULTS = {
    "delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True, "headerRows": [1],
    "headerRow": 1, "skipInitialSpace": False,
}
DIALECT_FREE = frozenset({"$schema", "name", "title", "description", "lineTerminator", "caseSensitiveHeader"})
UTF8_NAMES = frozenset({"utf-8", "utf8", "utf-8-sig", "utf_8"})


@lru_cache(maxsize=1)
def _contract_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def contract(bundled: Path) -> dict[str, dict]:
    """The bundled descriptor's resources by name (trusted: it ships with the package)."""
    return {r["name"]: r for r in json.loads(_contract_text(str(bundled)))["resources"]}


def _normal_field(field: dict) -> dict:
    out = {k: v for k, v in field.items() if k not in DOC_KEYS}
    out.setdefault("type", "string")
    if out.get("format") in (None, "default"):
        out.pop("format", None)
    if not out.get("constraints"):
        out.pop("constraints", None)
    return out


def _normal_keys(schema: dict) -> dict:
    primary = schema.get("primaryKey", [])
    foreign = []
    for fk in schema.get("foreignKeys", []) or []:
        if isinstance(fk, dict):
            ref = fk.get("reference", {}) if isinstance(fk.get("reference"), dict) else fk.get("reference")
            fields = fk.get("fields")
            foreign.append({
                "fields": [fields] if isinstance(fields, str) else fields,
                "reference": {
                    "resource": ref.get("resource", "") if isinstance(ref, dict) else ref,
                    "fields": [ref["fields"]] if isinstance(ref, dict) and isinstance(ref.get("fields"), str)
                    else (ref.get("fields") if isinstance(ref, dict) else None),
                },
            })
        else:
            foreign.append(fk)
    return {
        "primaryKey": [primary] if isinstance(primary, str) else primary,
        "foreignKeys": foreign,
        "missingValues": schema.get("missingValues", [""]),
    }


def check_resource(name: str, resource: dict, reference: dict, label: str = DESCRIPTOR_NAME) -> list[dict]:
    """Check one contract resource of the user's descriptor; return the field definitions to validate with.

    Contract fields get the bundled definition; extra fields a checked, reduced copy of the user's.
    """
    where = f"{label}, resource '{name}'"
    if "data" in resource and "path" not in resource:
        raise DataPackageError(f"{where}: inline 'data' is not supported; give 'path', the name of a CSV file.")
    if "path" not in resource:
        raise DataPackageError(f"{where}: 'path' is missing; give the name of its CSV file, such as '{name}.csv'.")
    if not str(resource["path"]).lower().endswith(".csv"):
        raise DataPackageError(f"{where}: 'path' {short(resource['path'])} is not a .csv file; tables are CSV files.")
    encoding = resource.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower() not in UTF8_NAMES:
        raise DataPackageError(
            f"{where}: encoding {short(encoding)} is not supported; 'utf-8' is. Re-save the file as UTF-8 "
            "and set \"encoding\": \"utf-8\" (or leave it out)."
        )
    if resource.get("format", "csv") != "csv":
        raise DataPackageError(f"{where}: format {short(resource.get('format'))} is not supported; 'csv' is.")
    if resource.get("compression") not in (None, "no", ""):
        raise DataPackageError(f"{where}: compressed files are not supported; give the plain CSV file.")
    _check_dialect(where, resource.get("dialect"))
    schema = resource.get("schema")
    if schema is None:
        raise DataPackageError(f"{where}: 'schema' is missing; copy the resource's schema from the bundled datapackage.json.")
    fields = schema.get("fields")
    if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
        raise DataPackageError(
            f"{where}: schema 'fields' must be a list of objects, each with a 'name'; copy them from the "
            "bundled datapackage.json."
        )
    names = [f["name"] for f in fields]
    twice = sorted(n for n, count in Counter(names).items() if count > 1)
    if twice:
        raise DataPackageError(f"{where}: field(s) {', '.join(twice)} declared twice in the schema.")
    ref_fields = {f["name"]: f for f in reference["schema"]["fields"]}
    needed = [n for n in ref_fields if n not in names]
    if needed:
        raise DataPackageError(
            f"{where}: schema lacks field(s) {', '.join(needed)}, which icdd-analysis needs; copy them from the "
            "bundled descriptor."
        )
    differences = []
    for field in fields:
        ref = ref_fields.get(field["name"])
        if ref is None:
            continue
        mine, theirs = _normal_field(field), _normal_field(ref)
        for key in sorted(set(mine) | set(theirs)):
            if mine.get(key) != theirs.get(key):
                differences.append(
                    f"{where}, field '{field['name']}': {key} is {short(mine.get(key, '(not set)'))}, the bundled "
                    f"schema has {short(theirs.get(key, '(not set)'))}"
                )
    mine_keys, ref_keys = _normal_keys(schema), _normal_keys(reference["schema"])
    for key in mine_keys:
        if mine_keys[key] != ref_keys[key]:
            differences.append(
                f"{where}: schema {key} is {short(mine_keys[key])}, the bundled schema has {short(ref_keys[key])}"
            )
    if differences:
        raise DataPackageError(
            "the schema differs from the bundled contract (icdd-analysis reads packages with the bundled "
            "schema; copy it from icdd.bundled_path()):\n  " + "\n  ".join(differences[:12])
            + (f"\n  ... and {len(differences) - 12} more." if len(differences) > 12 else "")
        )
    return [ref_fields[f["name"]] if f["name"] in ref_fields else _extra_field(where, f) for f in fields]


def _extra_field(where: str, field: dict) -> dict:
    kind = field.get("type", "string")
    if kind not in EXTRA_TYPES:
        raise DataPackageError(
            f"{where}, field '{field['name']}': type {short(kind)} is not supported for an extra column; "
            f"valid: {', '.join(EXTRA_TYPES)}."
        )
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict) or set(constraints) - set(EXTRA_CONSTRAINTS):
        raise DataPackageError(
            f"{where}, field '{field['name']}': constraints of an extra column may only be "
            f"{', '.join(EXTRA_CONSTRAINTS)}."
        )
    out = {"name": field["name"], "type": kind}
    if constraints:
        out["constraints"] = constraints
    return out


def _check_dialect(where: str, dialect) -> None:
    if dialect is None:
        return
    flat = dict(dialect)
    if isinstance(flat.get("csv"), dict):  # Frictionless v5 nests the CSV options
        flat.update(flat.pop("csv"))
    for key, value in flat.items():
        if key in DIALECT_FREE:
            continue
        if key not in DIALECT_DEFAULTS:
            raise DataPackageError(
                f"{where}: dialect option {short(key)} is not supported; remove it (icdd-analysis reads plain "
                "comma-separated CSV with a header row)."
            )
        if value != DIALECT_DEFAULTS[key]:
            hint = f" {RESAVE_COMMA}" if key == "delimiter" else ""
            raise DataPackageError(
                f"{where}: dialect {key} {short(value)} is not supported; icdd-analysis reads {key} "
                f"{short(DIALECT_DEFAULTS[key])}.{hint}"
            )
