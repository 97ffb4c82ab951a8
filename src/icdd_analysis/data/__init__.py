"""The conference data package: read it safely, validate it, and hold it as typed pandas DataFrames.

This package knows the data package and its schema, and nothing of comparison or reports. One module a job:

- :mod:`.guard`: the package is untrusted input: paths inside its folder, no network, JSON limits;
- :mod:`.contract`: a user's resources against the bundled contract (fields, keys, dialect);
- :mod:`.cache`: validation records, so the Frictionless row checks run once per content;
- :mod:`.tabular`: CSV bytes to text rows, the one CSV reader (strict for a package, tolerant for a class folder);
- :mod:`.loader`: :func:`load` (read orchestration, Frictionless and its messages, typing);
- :mod:`.links`: the checks a Table Schema cannot express (ids, dates, links between tables);
- :mod:`.model`: :class:`Dataset` and :class:`Event`, what a loaded package is, with their representations;

The public names are imported on first use, not with the package: the report runner's up-to-date check
uses the untrusted-input guard without pandas, Frictionless or the loader (``from icdd_analysis.data import
Dataset`` still works everywhere).
"""

from __future__ import annotations

import importlib

#: Each public name and the module of this package it lives in.
_HOMES = {
    "load": "loader", "Schema": "model", "LATEST_DATE": "links", "bundled_path": "guard",
    "Dataset": "model", "Event": "model", "cited_source_ids": "model", "source_sort_key": "model",
    "split_ids": "model", "TABLES": "model", "OPTIONAL_TABLES": "model", "AUXILIARY_TABLES": "model",
    "FACT_TABLES": "model",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
