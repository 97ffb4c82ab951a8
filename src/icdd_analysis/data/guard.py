"""Read a data package as untrusted input: only files inside its folder, never the network.

Everything a package names (resource paths, schema and dialect files) is checked here *before*
anything is read: no URL, no absolute path, no ``..``, no symbolic link leading out of the folder.
Each table is then read once, as bytes, by :mod:`.tabular`, and checked for what breaks a CSV reader
in unclear ways (encoding, byte-order mark, NUL bytes, delimiter, quotes, ragged rows). The rows read
there are what Frictionless validates (as inline data, so Frictionless itself opens no file and no
connection) and what pandas types: the content checked is the content loaded.

The user's schemas must be the bundled contract (``data/datapackage.json``), checked by :mod:`.contract`:
same types, formats, constraints and keys for every field icdd-analysis knows. Extra columns are allowed
as plain values.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import DataPackageError

DESCRIPTOR_NAME = "datapackage.json"
MAX_JSON_BYTES = 5_000_000
MAX_TABLE_BYTES = 50_000_000
MAX_RESOURCES = 1_000
#: Files read by name from a package folder outside the descriptor (the embedding method's store).
SIDE_FILES = ("embeddings.csv",)
TRUE_VALUES = ("true", "1")
FALSE_VALUES = ("false", "0")
VALID_BOOLEANS = "true or false (in any case), or 1 or 0"
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


def short(value) -> str:
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
            f"{where}: '{key}' {short(raw)} is a URL; icdd-analysis never reads the network, only files inside "
            f"the package folder. Download the file into the folder. {relative_hint}"
        )
    if PurePosixPath(raw).is_absolute() or PureWindowsPath(raw).is_absolute() or PureWindowsPath(raw).drive \
            or raw.startswith(("\\", "~")):
        raise DataPackageError(
            f"{where}: '{key}' {short(raw)} is an absolute path; icdd-analysis reads only files inside the "
            f"package folder. {relative_hint}"
        )
    if ".." in re.split(r"[/\\]", raw):
        raise DataPackageError(
            f"{where}: '{key}' {short(raw)} contains '..'; icdd-analysis reads only files inside the package "
            f"folder. {relative_hint}"
        )
    try:
        target = (root / raw).resolve()
        exists = target.exists()
    except (OSError, RuntimeError):  # a symbolic-link loop, or a name too long for the file system
        raise DataPackageError(
            f"{where}: '{key}' {short(raw)} cannot be resolved (a symbolic-link loop, or a name too long). "
            f"{relative_hint}"
        ) from None
    if not target.is_relative_to(root):
        raise DataPackageError(
            f"{where}: '{key}' {short(raw)} is a symbolic link (or passes through one) leading outside the "
            f"package folder; icdd-analysis reads only files inside it. Copy the file into the folder."
        )
    if not exists:
        raise DataPackageError(f"{short(raw)[1:-1]}: file not found ({where}). {relative_hint}")
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


# --- reading one table ---------------------------------------------------------------------------------


def check_table_size(relative: str, file: Path) -> None:
    """Refuse a table over :data:`MAX_TABLE_BYTES` by its size, before anything reads it."""
    size = file.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise DataPackageError(
            f"{relative}: {size:,} bytes, larger than the {MAX_TABLE_BYTES:,} bytes icdd-analysis reads per table."
        )

