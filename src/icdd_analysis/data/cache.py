"""Validate once: remember which exact package contents passed the Frictionless row checks.

A record is a small file in a per-user cache folder (``platformdirs.user_cache_dir("icdd-analysis")``, or
the folder named by the environment variable ``ICDD_CACHE_DIR``), named by a SHA-256 key over exactly the
bytes the loader read (the descriptor, every schema or dialect file and every CSV), the field definitions
Frictionless checks them against, and the versions of icdd-analysis and Frictionless. Any changed byte,
schema or version gives another key, so the package is validated again. Only the Frictionless row checks
are skipped on a hit: the path, contract and encoding checks of :mod:`.guard` and the link checks
of :mod:`.loader` run on every load.

What a record protects, and what not: a record for one content cannot be reused by another (the key is
the hash of what is loaded). Someone who can write the cache folder can create a record for any content,
so a user can skip the validation of data on their own account only; nobody else's cache is read.
When the folder cannot be used (no home directory, read-only file system), every load simply validates:
the cache never makes a load fail and never prints.

The cache touches only what it wrote: its records live in ``<cache>/validated/``, a folder it creates with a
marker file (:data:`MARKER`). A ``validated`` folder without the marker (a folder of the user's, for example
with ``ICDD_CACHE_DIR`` pointing at their own files) is left alone and not used, unless it is empty or holds
only records an earlier version wrote before folders had the marker; a
``validated`` that is a symbolic link or not a folder is not used either. Within its folder the cache reads,
writes and removes only regular files named like its records (``<64 hex digits>.json``), never following links.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from pathlib import Path

ENV_VAR = "ICDD_CACHE_DIR"
#: Raise when what validation checks changes without a version change (invalidates every record).
RECORD_FORMAT = 2
#: Records kept; the oldest beyond this are removed when a new one is written.
MAX_RECORDS = 500
SUBFOLDER = "validated"
#: The file that makes ``<cache>/validated/`` the cache's own folder, and its content.
MARKER = ".icdd-validation-cache"
MARKER_TEXT = "This folder holds icdd-analysis validation records; icdd-analysis may remove its *.json records.\n"
_RECORD_NAME = re.compile(r"[0-9a-f]{64}\.json")
_EARLIER_TEMP = re.compile(r"\.[0-9a-f]{64}\.\d+\.tmp")


def cache_dir() -> Path | None:
    """The per-user cache folder of icdd-analysis (``ICDD_CACHE_DIR`` if set), or None if there is none."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if not chosen:
        try:
            import platformdirs

            chosen = platformdirs.user_cache_dir("icdd-analysis")
        except Exception:  # no home directory to derive a cache folder from: validate every time
            return None
    path = Path(chosen)
    # With HOME unset, "~" may stay unexpanded: a relative folder would land wherever the user runs from.
    return path if path.is_absolute() else None


def _package_version() -> str:
    """icdd-analysis's version (read from the package, which is always imported before this module)."""
    return sys.modules[__name__.split(".")[0]].__version__


def _frictionless_version() -> str:
    """Which Frictionless is installed, without importing it or importlib.metadata (both cost 0.1 s or more)."""
    import importlib.util

    spec = importlib.util.find_spec("frictionless")
    if spec is None or not spec.origin:
        return "absent"
    init = Path(spec.origin)
    site = init.parent.parent
    try:
        dists = sorted(p.name for p in os.scandir(site) if p.name.lower().startswith("frictionless-"))
        stat = init.stat()
    except OSError:
        return f"unknown:{init}"
    return f"{','.join(dists)}:{init}:{stat.st_size}:{stat.st_mtime_ns}"


def content_key(read_digests: list[tuple[str, str]], validated: dict[str, dict]) -> str:
    """The key of one validation: digests of the bytes read (name, sha256), the schemas checked, the versions."""
    digest = hashlib.sha256()
    header = {"format": RECORD_FORMAT, "icdd_analysis": _package_version(), "frictionless": _frictionless_version()}
    for part in (header, sorted(read_digests), validated):
        digest.update(json.dumps(part, sort_keys=True, ensure_ascii=True, default=str).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def _is_regular(path: Path) -> bool:
    """Whether ``path`` is a regular file itself (not a link to one)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _own_folder(create: bool) -> Path | None:
    """The cache's records folder if it is the cache's own (a real folder holding the marker), else None.

    With ``create``, a missing or empty folder is made the cache's own by writing the marker."""
    root = cache_dir()
    if root is None:
        return None
    folder = root / SUBFOLDER
    try:
        if folder.is_symlink():
            return None
        if _is_regular(folder / MARKER):
            return folder if stat.S_ISDIR(os.lstat(folder).st_mode) else None
        if not create:
            return None
        if folder.exists():
            if not stat.S_ISDIR(os.lstat(folder).st_mode) or not _only_earlier_records(folder):
                return None  # somebody else's folder: left alone
        else:
            folder.mkdir(parents=True, exist_ok=True)
        with open(folder / MARKER, "x", encoding="utf-8") as marker:
            marker.write(MARKER_TEXT)
        return folder
    except FileExistsError:  # another process wrote the marker at the same moment
        return folder if _is_regular(folder / MARKER) else None
    except OSError:
        return None


def _only_earlier_records(folder: Path) -> bool:
    """Whether ``folder`` is empty or holds only records an earlier icdd-analysis wrote before folders got their
    marker (regular files with a record's name and a record's content): such a folder is taken over."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if _EARLIER_TEMP.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                continue  # a record an earlier run was writing when it was stopped
            if not (_RECORD_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_size < 4096):
                return False
            try:
                record = json.loads(Path(entry.path).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return False
            if not (isinstance(record, dict) and set(record) <= {"format", "icdd_analysis", "frictionless"}
                    and isinstance(record.get("format"), int)):
                return False
    return True


def is_validated(key: str) -> bool:
    """Whether content with this key passed validation before (False whenever the cache cannot be read)."""
    if not _RECORD_NAME.fullmatch(f"{key}.json"):
        return False
    folder = _own_folder(create=False)
    return folder is not None and _is_regular(folder / f"{key}.json")


def remember(key: str) -> None:
    """Record that content with this key passed validation; silently nothing if the cache is not writable
    or its folder is not its own."""
    if not _RECORD_NAME.fullmatch(f"{key}.json"):
        return
    folder = _own_folder(create=True)
    if folder is None:
        return
    path = folder / f"{key}.json"
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        if os.path.lexists(path) and not _is_regular(path):
            return  # a link or a folder under a record's name: not ours to replace
        tmp.write_text(json.dumps({"format": RECORD_FORMAT, "icdd_analysis": _package_version()}), encoding="utf-8")
        os.replace(tmp, path)
        _prune(folder)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _prune(folder: Path) -> None:
    """Remove the oldest records beyond MAX_RECORDS: only regular files named like records, links not followed."""
    records = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if _RECORD_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                records.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
    if len(records) <= MAX_RECORDS:
        return
    records.sort()
    for _, name in records[: len(records) - MAX_RECORDS]:
        try:
            (folder / name).unlink()
        except OSError:
            pass
