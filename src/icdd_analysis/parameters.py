"""Report parameters: types, help and allowed values, checked before a kernel starts and again in the notebook.

papermill neither checks types nor rejects unknown names, so ``icdd-report`` calls :func:`check`
before it starts a kernel, and each notebook's second cell calls :func:`load_checked`, so that a run
started by papermill, Airflow or JupyterLab directly fails early with the same clear message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .errors import DataPackageError, IcddError

if TYPE_CHECKING:  # the data module imports pandas: only when a package is loaded (icdd-report's
    from .data import Dataset  # up-to-date check imports this module and loads nothing)

TYPE_NAMES = {"str": str, "int": int, "bool": bool, "float": float}


class ParameterError(IcddError, ValueError):
    """A report parameter with an unknown name, a wrong type or a value outside its choices."""

    def __init__(self, name: str, message: str):
        super().__init__(f"parameter {name!r}: {message}")
        self.name = name


@dataclass(frozen=True)
class Param:
    """How a parameter is checked. Its help text is not here: the one source is the comment beside the
    parameter in each notebook's ``parameters`` cell (what ``icdd-report list`` and papermill show)."""

    type: type
    choices: Callable[[Dataset], list] | None = None
    minimum: int | None = None
    maximum: int | None = None
    #: Why the range is what it is, for the error message.
    range_reason: str = ""


def _methods(ds: Dataset) -> list[str]:
    from .methods import METHODS

    return ["all", *METHODS]


def _frames(ds: Dataset) -> list[str]:
    from .frames import frame_ids

    return frame_ids(ds)


def _units(ds: Dataset) -> list[str]:
    from .methods import UNITS

    return list(UNITS)


#: Every parameter a report notebook may declare. The allowed values that depend on the data
#: (event ids, frames) are read from the data package the run uses.
PARAMS: dict[str, Param] = {
    "lang": Param(str, lambda ds: ["en", "id"]),
    "data": Param(str),
    "baseline": Param(str, lambda ds: ds.event_ids),
    "target": Param(str, lambda ds: ds.event_ids),
    "method": Param(str, _methods),
    "frame": Param(str, _frames),
    "unit": Param(str, _units),
    # A scope is checked against its event (the presets that apply to it, or kinds joined by '+'), below.
    "baseline_scope": Param(str),
    "target_scope": Param(str),
    "n_permutations": Param(
        int, minimum=1, maximum=10_000,
        range_reason="the report always shows the permutation baseline, so at least 1; each re-split costs time "
                     "(about 0.3 ms on the bundled data, more on larger packages) and 10,000 already resolve a "
                     "p-value to 0.0001"),
    "figures_dir": Param(str),
}


def value_range(spec: Param) -> str:
    """``1 to 10000``, ``at least 0`` or ``at most 5``: the bounds as a reader says them."""
    if spec.minimum is not None and spec.maximum is not None:
        return f"{spec.minimum} to {spec.maximum}"
    if spec.minimum is not None:
        return f"at least {spec.minimum}"
    return f"at most {spec.maximum}" if spec.maximum is not None else ""


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
    ``inspect_notebook``); without it, the names of :data:`PARAMS` are allowed. ``dataset``: the package
    ``data`` names, already loaded (the runner loads each package once per run for all its reports).
    """
    allowed = declared if declared is not None else {n: p.type.__name__ for n, p in PARAMS.items()}
    for name, value in values.items():
        if name not in allowed:
            raise ParameterError(name, f"unknown parameter; this notebook takes: {', '.join(allowed)}.")
        expected = TYPE_NAMES.get(allowed[name]) or (PARAMS[name].type if name in PARAMS else None)
        if expected is not None and not _has_type(value, expected):
            raise ParameterError(name, f"{value!r} is a {type(value).__name__}, expected a {expected.__name__}.")
    data = values.get("data") or ""
    if dataset is not None:
        ds = dataset
    elif data and not Path(data).expanduser().exists():
        raise ParameterError("data", f"{data!r} does not exist; give a datapackage.json, its folder, or '' for the bundled data.")
    else:
        from .data import load

        try:
            ds = load(data or None)
        except DataPackageError as exc:
            raise ParameterError("data", str(exc)) from None
    for name, value in values.items():
        spec = PARAMS.get(name)
        if spec is None:
            continue
        if spec.choices is not None:
            valid = spec.choices(ds)
            if value not in valid:
                raise ParameterError(name, f"{value!r} is not valid; valid: {', '.join(map(str, valid))}.")
        too_low = spec.minimum is not None and value < spec.minimum
        too_high = spec.maximum is not None and value > spec.maximum
        if too_low or too_high:
            reason = f" ({spec.range_reason})" if spec.range_reason else ""
            raise ParameterError(name, f"{value!r} is outside the valid range {value_range(spec)}{reason}.")
    if "baseline" in values and "target" in values:
        from .analysis import NotComparableError, check_comparable

        try:  # a report that takes a frame scores against the project coding, which needs codings
            check_comparable(ds, values["baseline"], values["target"], values.get("frame"), needs_coding=True)
        except NotComparableError as exc:
            raise ParameterError(exc.parameter, exc.reason) from None
    for side in ("baseline", "target"):
        if f"{side}_scope" in values and side in values:
            from .items import ScopeError, scope_kinds

            try:  # a scope must apply to its event: the message lists the scopes that do
                scope_kinds(ds, values[side], values[f"{side}_scope"], f"{side}_scope")
            except ScopeError as exc:
                raise ParameterError(exc.parameter, exc.reason) from None
    return ds


def load_checked(**values: Any) -> Dataset:
    """For a notebook's checks cell: check its parameters and return the data package to use."""
    return check(values)
