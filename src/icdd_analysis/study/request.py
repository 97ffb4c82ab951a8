"""What a comparison of two agendas is asked to do: :class:`CompareRequest`, the one validator of its parameters.

The report runner's checks, notebook 02 and the explorer all build a request and validate it here, so a
parameter is added, checked and named in one place. The page language (``lang``) and the texts compared
(``text_lang``) are separate: the English and the Indonesian report of the same request print the same numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

from ..errors import DataPackageError, NotComparableError, ParameterError, ScopeError

if TYPE_CHECKING:  # the data module imports pandas: only when a package is loaded
    from ..data import Dataset

#: The notebook that prints a comparison (its ``parameters`` cell declares the fields of the request).
NOTEBOOK = "02-compare-agendas"
#: The texts a comparison can read: English, Indonesian, or both (each method averages the two).
TEXT_LANGS = ("en", "id", "both")
#: Permutations: at least 1 (the report always shows the baseline), at most 10,000.
MIN_PERMUTATIONS, MAX_PERMUTATIONS = 1, 10_000
PERMUTATIONS_REASON = ("the report always shows the permutation baseline, so at least 1; each re-split costs time "
                       "(about 0.3 ms on the bundled data, more on larger packages) and 10,000 already resolve a "
                       "p-value to 0.0001")


@dataclass(frozen=True)
class CompareRequest:
    """A comparison of ``target``'s agenda with ``baseline``'s: which items, by which methods, in which frame,
    on which texts, for a page in which language. Build it with :meth:`from_params`; check it against a data
    package with :meth:`validate` (or :meth:`load_checked`)."""

    baseline: str = "rcdd-2019"
    target: str = "icdd-2021"
    baseline_scope: str = "sessions"
    target_scope: str = "focus_areas"
    method: str = "all"  # one method's name, or "all"
    frame: str = "function"
    text_lang: str = "both"  # the texts compared: en, id or both
    lang: str = "en"  # the page's language (a catalogue's language)
    unit: str = "label"
    n_permutations: int = 200
    data: str = ""  # a datapackage.json or its folder; "" for the bundled data

    # --- building and giving back parameters ----------------------------------------------------

    @classmethod
    def from_params(cls, **params: Any) -> "CompareRequest":
        """A request from report parameters (names and types checked; the values that need no data too).

        Unknown names and wrong types raise :class:`~icdd_analysis.errors.ParameterError` naming the
        parameter and what is valid. ``figures_dir`` (where a notebook saves its figures) is not part of the
        request and is ignored here.
        """
        names = {f.name: f for f in fields(cls)}
        values = {}
        for name, value in params.items():
            if name == "figures_dir":
                continue
            if name not in names:
                raise ParameterError(name, f"unknown parameter; a comparison takes: {', '.join(names)}.")
            expected = int if name == "n_permutations" else str
            if isinstance(value, bool) or not isinstance(value, expected):
                raise ParameterError(name, f"{value!r} is a {type(value).__name__}, expected a {expected.__name__}.")
            values[name] = value
        request = cls(**values)
        check_values(None, asdict(request))
        return request

    def to_params(self, full: bool = False) -> dict[str, Any]:
        """The report parameters that ask for this request: those that differ from the defaults (all with
        ``full``), in field order. ``CompareRequest.from_params(**r.to_params()) == r``."""
        default = CompareRequest()
        return {f.name: getattr(self, f.name) for f in fields(self)
                if full or getattr(self, f.name) != getattr(default, f.name)}

    def report_name(self) -> str:
        """The report's default name, as ``icdd-report run 02-compare-agendas`` with :meth:`to_params` gives it."""
        from ..naming import report_name

        return report_name(NOTEBOOK, self.to_params())

    def replace(self, **changes: Any) -> "CompareRequest":
        """A request with some fields changed, names and types checked as :meth:`from_params` does."""
        return CompareRequest.from_params(**{**asdict(self), **changes})

    # --- what the request asks for --------------------------------------------------------------

    @property
    def methods(self) -> tuple[str, ...]:
        """The methods compared: the one named, or every method for "all"."""
        from ..methods import METHODS

        return tuple(METHODS) if self.method == "all" else (self.method,)

    @property
    def scopes(self) -> dict[str, str]:
        return {"baseline_scope": self.baseline_scope, "target_scope": self.target_scope}

    # --- checked against a data package ---------------------------------------------------------

    def validate(self, ds: Dataset) -> "CompareRequest":
        """The request unchanged if ``ds`` can answer it, else a ParameterError naming the field and the valid values."""
        check_values(ds, asdict(self))
        return self

    def load_checked(self) -> Dataset:
        """The data package ``data`` names, loaded, with the request validated against it."""
        ds = load_data(self.data)
        self.validate(ds)
        return ds

    def choices(self, ds: Dataset, field: str) -> list:
        """The valid values of ``field`` given the rest of the request (a scope's depend on its event), for UIs.

        Events: the package's conferences (one without agenda items is listed and refused by :meth:`validate`);
        scopes: the presets that apply to the event, then the single item kinds it has.
        """
        if field in ("baseline", "target"):
            from ..analysis import CONFERENCE_KIND

            events = ds.events
            return [str(e) for e in events.loc[events["kind"].astype(str) == CONFERENCE_KIND, "event_id"]]
        if field in ("baseline_scope", "target_scope"):
            from ..items import ALL_KINDS, kinds_present, scopes_for

            event = getattr(self, field.removesuffix("_scope"))
            present = kinds_present(ds, event)
            presets = scopes_for(ds, event) if present else []
            return presets + [k for k in ALL_KINDS if k in present and k not in presets]
        if field == "frame":
            from ..frames import frame_ids

            return frame_ids(ds)
        fixed = _fixed_choices()
        if field in fixed:
            return list(fixed[field])
        raise ParameterError("field", f"{field!r} has no list of choices; fields with choices: "
                                      f"baseline, target, baseline_scope, target_scope, frame, {', '.join(fixed)}.")


def _fixed_choices() -> dict[str, tuple[str, ...]]:
    """The choices that do not depend on the data package."""
    from ..i18n import LANGS
    from ..methods import METHODS, UNITS

    return {"method": ("all", *METHODS), "text_lang": TEXT_LANGS, "lang": tuple(LANGS), "unit": tuple(UNITS)}


def load_data(data: str) -> Dataset:
    """The data package ``data`` names ('' for the bundled one); a problem is a ParameterError naming ``data``."""
    from pathlib import Path

    if data and not Path(data).expanduser().exists():
        raise ParameterError("data", f"{data!r} does not exist; give a datapackage.json, its folder, or '' for the "
                                     "bundled data.")
    from ..data import load

    try:
        return load(data or None)
    except DataPackageError as exc:
        raise ParameterError("data", str(exc)) from None


def check_values(ds: Dataset | None, values: dict[str, Any]) -> None:
    """Check the comparison fields present in ``values`` (any subset); without ``ds`` only those that need no data.

    The one validator of a comparison's parameters: :meth:`CompareRequest.validate`, the report runner's
    checks (:func:`icdd_analysis.parameters.check`, for every notebook that declares such a parameter) and
    the explorer call it. Raises :class:`~icdd_analysis.errors.ParameterError` (or a subclass) naming the
    parameter and its valid values.
    """
    for name, valid in _fixed_choices().items():
        if name in values and values[name] not in valid:
            raise ParameterError(name, f"{values[name]!r} is not valid; valid: {', '.join(valid)}.")
    if "n_permutations" in values:
        n = values["n_permutations"]
        if not MIN_PERMUTATIONS <= n <= MAX_PERMUTATIONS:
            raise ParameterError("n_permutations", f"{n!r} is outside the valid range {MIN_PERMUTATIONS} to "
                                                   f"{MAX_PERMUTATIONS} ({PERMUTATIONS_REASON}).")
    if ds is None:
        return
    from ..errors import UnknownEventError
    from ..frames import frame_ids

    if "frame" in values and values["frame"] not in frame_ids(ds):
        raise ParameterError("frame", f"{values['frame']!r} is not valid; valid: {', '.join(frame_ids(ds))}.")
    for side in ("baseline", "target"):
        if side in values and values[side] not in ds.event_ids:
            raise ParameterError(side, f"{values[side]!r} is not valid; valid: {', '.join(ds.event_ids)}.")
    if "baseline" in values and "target" in values:
        from ..analysis import check_comparable

        try:  # a comparison scores against the project coding (agreement, robustness), which needs codings
            check_comparable(ds, values["baseline"], values["target"], values.get("frame"), needs_coding=True)
        except (NotComparableError, UnknownEventError) as exc:
            raise ParameterError(exc.parameter or "baseline", getattr(exc, "reason", str(exc))) from None
    for side in ("baseline", "target"):
        if f"{side}_scope" in values and side in values:
            from ..items import scope_kinds

            try:  # a scope must apply to its event: the message lists the scopes that do
                scope_kinds(ds, values[side], values[f"{side}_scope"], f"{side}_scope")
            except ScopeError as exc:
                raise ParameterError(exc.parameter, exc.reason) from None
