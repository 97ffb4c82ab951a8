"""Validate once: remember which exact package contents passed the Frictionless row checks.

A record is a small file in a per-user cache folder (``platformdirs.user_cache_dir("icdd-analysis")``, or
the folder named by the environment variable ``ICDD_CACHE_DIR``), named by a SHA-256 key over exactly the
bytes the loader read (the descriptor, every schema or dialect file and every CSV), the field definitions
Frictionless checks them against, and the versions of icdd-analysis and Frictionless. Any changed byte,
schema or version gives another key, so the package is validated again. Only the Frictionless row checks
are skipped on a hit: the path, contract and encoding checks of :mod:`.package_guard` and the link checks
of :mod:`.data` run on every load.

What a record protects, and what not: a record for one content cannot be reused by another (the key is
the hash of what is loaded). Someone who can write the cache folder can create a record for any content,
so a user can skip the validation of data on their own account only; nobody else's cache is read.
When the folder cannot be used (no home directory, read-only file system), every load simply validates:
the cache never makes a load fail and never prints.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

ENV_VAR = "ICDD_CACHE_DIR"
#: Raise when what validation checks changes without a version change (invalidates every record).
RECORD_FORMAT = 1
#: Records kept; the oldest beyond this are removed when a new one is written.
MAX_RECORDS = 500
SUBFOLDER = "validated"


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
    return sys.modules[__package__].__version__


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


def _record_path(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / SUBFOLDER / f"{key}.json"


def is_validated(key: str) -> bool:
    """Whether content with this key passed validation before (False whenever the cache cannot be read)."""
    path = _record_path(key)
    try:
        return path is not None and path.is_file() and not path.is_symlink()
    except OSError:
        return False


def remember(key: str) -> None:
    """Record that content with this key passed validation; silently nothing if the cache is not writable."""
    path = _record_path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{key}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"format": RECORD_FORMAT, "icdd_analysis": _package_version()}), encoding="utf-8")
        os.replace(tmp, path)
        _prune(path.parent)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except (OSError, UnboundLocalError):
            pass


def _prune(folder: Path) -> None:
    records = list(folder.glob("*.json"))
    if len(records) <= MAX_RECORDS:
        return
    records.sort(key=lambda p: p.stat().st_mtime)
    for old in records[: len(records) - MAX_RECORDS]:
        old.unlink(missing_ok=True)
