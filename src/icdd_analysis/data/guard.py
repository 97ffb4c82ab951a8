"""Read a data package as untrusted input: only files inside its folder, never the network.

Everything a package names (resource paths, schema and dialect files) is checked here *before*
anything is read: no URL, no absolute path, no ``..``, no symbolic link leading out of the folder.
Each table is then read once, as bytes, and checked for what breaks a CSV reader in unclear ways
(encoding, byte-order mark, NUL bytes, delimiter, quotes, ragged rows). The rows read here are what
Frictionless validates (as inline data, so Frictionless itself opens no file and no connection) and
what pandas types: the content checked is the content loaded.

The user's schemas must be the bundled contract (``data/datapackage.json``): same types, formats,
constraints and keys for every field icdd-analysis knows. Extra columns are allowed as plain values.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import DataPackageError

DESCRIPTOR_NAME = "datapackage.json"
MAX_JSON_BYTES = 5_000_000
MAX_TABLE_BYTES = 50_000_000
MAX_RESOURCES = 1_000
#: Files read by name from a package folder outside the descriptor (the embedding method's store).
SIDE_FILES = ("embeddings.csv",)
#: Field keys that only document a field: a user's schema may word them differently.
DOC_KEYS = frozenset({"description", "title", "example", "rdfType"})
TRUE_VALUES = ("true", "1")
FALSE_VALUES = ("false", "0")
VALID_BOOLEANS = "true or false (in any case), or 1 or 0"
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
RESAVE_UTF8 = (
    "icdd-analysis reads UTF-8 text. A CSV saved by Excel as plain 'CSV' is usually Windows-1252 or "
    "Latin-1: re-save it as 'CSV UTF-8 (Comma delimited)' (Excel: File > Save As), or in LibreOffice "
    "with the character set 'Unicode (UTF-8)'."
)
RESAVE_COMMA = (
    "icdd-analysis reads comma-separated files; Excel writes ';' under Indonesian and other regional "
    "settings. Re-save as 'CSV UTF-8 (Comma delimited)' with ',' as list separator, or in LibreOffice "
    "choose ',' as the field delimiter."
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def as_list(value) -> list[str]:
    """A Table Schema key given as one field name or a list of them, as a list."""
    return [value] if isinstance(value, str) else list(value or [])


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def raise_problems(messages: list[str], limit: int = 12) -> None:
    shown = messages[:limit]
    more = len(messages) - len(shown)
    text = "invalid data package:\n  " + "\n  ".join(shown)
    if more:
        text += f"\n  ... and {more} more problem(s)."
    raise DataPackageError(text)


# --- where the package is, and what may be read -------------------------------------------------


def bundled_path() -> Path:
    """Path of the bundled ``datapackage.json``, in a wheel install or a source checkout."""
    from importlib import resources

    packaged = resources.files("icdd_analysis") / "data" / "datapackage.json"
    if packaged.is_file():
        return Path(str(packaged))
    # Editable install from a checkout: the package's data is the repository's top-level data/.
    return Path(__file__).resolve().parents[3] / "data" / "datapackage.json"


def locate(path: str | Path) -> tuple[Path, Path]:
    """The descriptor and the resolved package folder for ``path`` (a folder or its datapackage.json).

    The folder the user names is trusted as given (it may lie under a symbolic link, such as macOS's
    /tmp); the descriptor in it must be a regular file, not a symbolic link.
    """
    if not isinstance(path, (str, os.PathLike)) or isinstance(path, bytes):
        error = DataPackageError(f"path: {path!r} ({type(path).__name__}) is not a path; give the path of a data package "
                                 "(a folder or its datapackage.json) as text or a pathlib.Path, or nothing for "
                                 "the bundled data.")
        error.parameter = "path"
        raise error
    given = Path(path).expanduser()
    descriptor = given / DESCRIPTOR_NAME if given.is_dir() else given
    if not descriptor.is_symlink() and not descriptor.exists():
        raise DataPackageError(
            f"{descriptor}: no such data package descriptor. Pass the path of a datapackage.json "
            "(or of the folder holding it), or nothing for the bundled data."
        )
    if descriptor.is_symlink():
        raise DataPackageError(
            f"{descriptor}: the descriptor is a symbolic link; icdd-analysis reads only regular files inside "
            "the package folder. Copy the real datapackage.json into the folder."
        )
    if not descriptor.is_file():
        raise DataPackageError(f"{descriptor}: not a file; expected a datapackage.json (a JSON file).")
    return descriptor, descriptor.parent.resolve()


def inside(root: Path, raw, where: str, key: str) -> Path:
    """The file ``raw`` names inside ``root``, or a DataPackageError saying why it may not be read.

    ``where`` names the resource for the message. Nothing is opened here.
    """
    relative_hint = "Give a file name relative to datapackage.json, such as 'events.csv'."
    if not isinstance(raw, str):
        kind = "a list (multi-part files are not supported)" if isinstance(raw, list) else f"a JSON {_json_kind(raw)}"
        if raw is None:
            kind = "null"
        raise DataPackageError(f"{where}: '{key}' is {kind}, expected a file name as text. {relative_hint}")
    if not raw.strip():
        raise DataPackageError(f"{where}: '{key}' is empty. {relative_hint}")
    if any(ord(ch) < 32 for ch in raw):
        raise DataPackageError(f"{where}: '{key}' contains control characters. {relative_hint}")
    if _SCHEME.match(raw) and not PureWindowsPath(raw).drive:
        raise DataPackageError(
            f"{where}: '{key}' {_short(raw)} is a URL; icdd-analysis never reads the network, only files inside "
            f"the package folder. Download the file into the folder. {relative_hint}"
        )
    if PurePosixPath(raw).is_absolute() or PureWindowsPath(raw).is_absolute() or PureWindowsPath(raw).drive \
            or raw.startswith(("\\", "~")):
        raise DataPackageError(
            f"{where}: '{key}' {_short(raw)} is an absolute path; icdd-analysis reads only files inside the "
            f"package folder. {relative_hint}"
        )
    if ".." in re.split(r"[/\\]", raw):
        raise DataPackageError(
            f"{where}: '{key}' {_short(raw)} contains '..'; icdd-analysis reads only files inside the package "
            f"folder. {relative_hint}"
        )
    try:
        target = (root / raw).resolve()
        exists = target.exists()
    except (OSError, RuntimeError):  # a symbolic-link loop, or a name too long for the file system
        raise DataPackageError(
            f"{where}: '{key}' {_short(raw)} cannot be resolved (a symbolic-link loop, or a name too long). "
            f"{relative_hint}"
        ) from None
    if not target.is_relative_to(root):
        raise DataPackageError(
            f"{where}: '{key}' {_short(raw)} is a symbolic link (or passes through one) leading outside the "
            f"package folder; icdd-analysis reads only files inside it. Copy the file into the folder."
        )
    if not exists:
        raise DataPackageError(f"{_short(raw)[1:-1]}: file not found ({where}). {relative_hint}")
    if target.is_dir():
        raise DataPackageError(f"{raw}: is a folder, expected a file ({where}).")
    if not target.is_file():
        raise DataPackageError(f"{raw}: not a regular file ({where}); expected a CSV or JSON file.")
    return target


def check_side_files(root: Path) -> None:
    """Files other modules read by name from the package folder must be inside it too."""
    for name in SIDE_FILES:
        candidate = root / name
        if candidate.is_symlink() or candidate.exists():
            inside(root, name, f"{name} in the package folder", "file")


# --- JSON: the descriptor, and schema or dialect files --------------------------------------------


def read_json(file: Path, label: str, digests: list[tuple[str, str]] | None = None):
    """Parse a JSON file of the package (size-limited, UTF-8 with or without a byte-order mark).

    ``digests`` receives (label, SHA-256) of the bytes parsed.
    """
    size = file.stat().st_size
    if size > MAX_JSON_BYTES:
        raise DataPackageError(
            f"{label}: {size:,} bytes, larger than the {MAX_JSON_BYTES:,} bytes a descriptor may have."
        )
    try:
        data = file.read_bytes()
        if digests is not None:
            digests.append((label, hashlib.sha256(data).hexdigest()))
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataPackageError(
            f"{label}: byte {exc.start} is not UTF-8; a descriptor is JSON in UTF-8. {RESAVE_UTF8}"
        ) from None
    except OSError as exc:
        raise DataPackageError(f"{label}: cannot be read ({exc.strerror}).") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataPackageError(
            f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Check it with a JSON validator, or copy the bundled datapackage.json and edit it."
        ) from None
    except RecursionError:
        raise DataPackageError(f"{label}: JSON nested too deeply to be a data package descriptor.") from None


def read_descriptor(descriptor: Path, root: Path, digests: list[tuple[str, str]] | None = None) -> dict[str, dict]:
    """The resources of a descriptor by name, each path checked and its schema and dialect read.

    ``digests`` receives (label, SHA-256) of the descriptor and of each schema or dialect file read.

    Every resource's ``path``, ``schema`` and ``dialect`` is checked, also those icdd-analysis does not
    use, so that a package that points outside its folder is refused as a whole.
    """
    label = descriptor.name
    package = read_json(descriptor, label, digests)
    if not isinstance(package, dict):
        raise DataPackageError(
            f"{label}: the descriptor is a JSON {_json_kind(package)}, expected an object "
            '{"name": ..., "resources": [...]}, as in the bundled datapackage.json.'
        )
    resources = package.get("resources")
    if not isinstance(resources, list):
        raise DataPackageError(
            f"{label}: 'resources' is {'missing' if resources is None else 'a JSON ' + _json_kind(resources)}, "
            "expected a list of resource objects, one per table."
        )
    if len(resources) > MAX_RESOURCES:
        raise DataPackageError(
            f"{label}: {len(resources):,} resources, more than the {MAX_RESOURCES:,} a package may have; an icdd "
            f"package has one per table."
        )
    by_name: dict[str, dict] = {}
    for number, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict):
            raise DataPackageError(
                f"{label}, resource {number}: a JSON {_json_kind(resource)}, expected an object with "
                "'name', 'path' and 'schema'."
            )
        name = resource.get("name")
        if not isinstance(name, str) or not name:
            raise DataPackageError(f"{label}, resource {number}: 'name' is missing or not text.")
        where = f"{label}, resource '{name}'"
        if name in by_name:
            raise DataPackageError(f"{where}: two resources have this name; names must be unique.")
        checked = dict(resource)
        if "path" in resource:
            checked["file"] = inside(root, resource["path"], where, "path")
        for key in ("schema", "dialect"):
            value = resource.get(key)
            if isinstance(value, str):
                label_of_file = f"{value} ({key} of resource '{name}')"
                value = checked[key] = read_json(inside(root, value, where, key), label_of_file, digests)
                if not isinstance(value, dict):
                    raise DataPackageError(
                        f"{label_of_file}: a JSON {_json_kind(value)}, expected an object as in the bundled "
                        "datapackage.json."
                    )
            elif value is not None and not isinstance(value, dict):
                raise DataPackageError(
                    f"{where}: '{key}' is a JSON {_json_kind(value)}, expected an object (or the name of a JSON "
                    "file inside the package folder)."
                )
        by_name[name] = checked
    return by_name


def _json_kind(value) -> str:
    if value is None:
        return "null"
    return {list: "array", dict: "object", str: "string", bool: "boolean", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )


# --- the user's resources against the bundled contract ---------------------------------------------


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
        raise DataPackageError(f"{where}: 'path' {_short(resource['path'])} is not a .csv file; tables are CSV files.")
    encoding = resource.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower() not in UTF8_NAMES:
        raise DataPackageError(
            f"{where}: encoding {_short(encoding)} is not supported; 'utf-8' is. Re-save the file as UTF-8 "
            "and set \"encoding\": \"utf-8\" (or leave it out)."
        )
    if resource.get("format", "csv") != "csv":
        raise DataPackageError(f"{where}: format {_short(resource.get('format'))} is not supported; 'csv' is.")
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
                    f"{where}, field '{field['name']}': {key} is {_short(mine.get(key, '(not set)'))}, the bundled "
                    f"schema has {_short(theirs.get(key, '(not set)'))}"
                )
    mine_keys, ref_keys = _normal_keys(schema), _normal_keys(reference["schema"])
    for key in mine_keys:
        if mine_keys[key] != ref_keys[key]:
            differences.append(
                f"{where}: schema {key} is {_short(mine_keys[key])}, the bundled schema has {_short(ref_keys[key])}"
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
            f"{where}, field '{field['name']}': type {_short(kind)} is not supported for an extra column; "
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
                f"{where}: dialect option {_short(key)} is not supported; remove it (icdd-analysis reads plain "
                "comma-separated CSV with a header row)."
            )
        if value != DIALECT_DEFAULTS[key]:
            hint = f" {RESAVE_COMMA}" if key == "delimiter" else ""
            raise DataPackageError(
                f"{where}: dialect {key} {_short(value)} is not supported; icdd-analysis reads {key} "
                f"{_short(DIALECT_DEFAULTS[key])}.{hint}"
            )


# --- reading one table ---------------------------------------------------------------------------------


def check_table_size(relative: str, file: Path) -> None:
    """Refuse a table over :data:`MAX_TABLE_BYTES` by its size, before anything reads it."""
    size = file.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise DataPackageError(
            f"{relative}: {size:,} bytes, larger than the {MAX_TABLE_BYTES:,} bytes icdd-analysis reads per table."
        )

