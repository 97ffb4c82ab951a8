"""Report parameters in general: names and types against a notebook's ``parameters`` cell, and the data package.

papermill neither checks types nor rejects unknown names, so ``icdd-report`` calls :func:`check` before it
starts a kernel, and notebook 01's second cell calls :func:`load_checked`, so that a run started by
papermill, Airflow or JupyterLab directly fails early with the same clear message. The values of a
comparison's parameters (events, scopes, methods, frame, languages, unit, permutations) are checked by the
study's one validator, :func:`icdd_analysis.study.request.check_values`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ParameterError  # noqa: F401  (re-exported: user code catches it from here)
from .study.request import MAX_PERMUTATIONS, MIN_PERMUTATIONS, PERMUTATIONS_REASON, CompareRequest, check_values, load_data

if TYPE_CHECKING:  # the data module imports pandas: only when a package is loaded (icdd-report's
    from .data import Dataset  # up-to-date check imports this module and loads nothing)

TYPE_NAMES = {"str": str, "int": int, "bool": bool, "float": float}
#: The parameters a report notebook may declare without a ``parameters`` cell to say so (:func:`load_checked`).
KNOWN_TYPES: dict[str, type] = {
    **{name: type(value) for name, value in CompareRequest().to_params(full=True).items()},
    "figures_dir": str,
}
#: What ``icdd-report list`` adds to a parameter's help: its range and why.
RANGES = {"n_permutations": f"{MIN_PERMUTATIONS} to {MAX_PERMUTATIONS}: {PERMUTATIONS_REASON}"}


def parse_value(name: str, raw: str, type_name: str) -> Any:
    """Turn a command-line ``-p name=value`` string into the declared type."""
    kind = TYPE_NAMES.get(type_name, str)
    if kind is str:
        return raw
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise ParameterError(name, f"{raw!r} is not true or false.")
    try:
        return kind(raw)
    except ValueError:
        described = "a whole number" if kind is int else "a number"
        raise ParameterError(name, f"{raw!r} is not {described}.") from None


def _has_type(value: Any, expected: type) -> bool:
    """isinstance, except that a bool is not an int, and an int is also a float."""
    if isinstance(value, bool) and expected is not bool:
        return False
    return isinstance(value, expected) or (expected is float and isinstance(value, int))


def check(values: dict[str, Any], declared: dict[str, str] | None = None, dataset: Dataset | None = None) -> Dataset:
    """Check parameter names, types and allowed values; return the data package the run will use.

    ``declared`` maps the notebook's parameter names to their type names (from papermill's
    ``inspect_notebook``); without it, the names of :data:`KNOWN_TYPES` are allowed. ``dataset``: the
    package ``data`` names, already loaded (the runner loads each package once per run for all its reports).
    """
    allowed = declared if declared is not None else {n: k.__name__ for n, k in KNOWN_TYPES.items()}
    for name, value in values.items():
        if name not in allowed:
            raise ParameterError(name, f"unknown parameter; this notebook takes: {', '.join(allowed)}.")
        expected = TYPE_NAMES.get(allowed[name]) or KNOWN_TYPES.get(name)
        if expected is not None and not _has_type(value, expected):
            raise ParameterError(name, f"{value!r} is a {type(value).__name__}, expected a {expected.__name__}.")
    check_values(None, values)  # the values that need no data first: no package is loaded for a bad method
    ds = dataset if dataset is not None else load_data(values.get("data") or "")
    check_values(ds, values)
    return ds


def load_checked(**values: Any) -> Dataset:
    """For a notebook's checks cell: check its parameters and return the data package to use."""
    return check(values)
