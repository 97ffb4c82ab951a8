"""What the comparison functions accept: comparable events, a valid specification, well-typed arguments.

Every refusal is an :class:`~icdd_analysis.errors.IcddError` naming the parameter at fault and the
valid values, never a TypeError, AttributeError or IndexError from deep inside.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

from ..data import Dataset
from ..errors import ArgumentError, IcddError, NotComparableError  # noqa: F401  (NotComparableError re-exported)
from ..frames import DERIVED, basis_names, frame_ids, get_frame
from ..memo import hashable, remembered
from ..methods import METHODS, NORMALISATIONS, UNITS, Spec
from ..text import check_lang

#: The event kind whose agendas are compared (events.csv ``kind``).
CONFERENCE_KIND = "conference"


def comparable_events(ds: Dataset) -> list[str]:
    """The events an agenda comparison can take: conferences with at least one agenda item."""
    with_items = set(ds.agenda_items["event_id"].astype(str))
    conferences = ds.events[ds.events["kind"].astype(str) == CONFERENCE_KIND]
    return [e for e in conferences["event_id"].astype(str) if e in with_items]


def check_comparable(ds: Dataset, baseline: str, target: str, frame: str | None = None,
                     needs_coding: bool = False) -> None:
    """The one rule for what :func:`compare`, :func:`agreement`, :func:`robustness` and the report runner accept.

    ``baseline`` and ``target`` must be two different conferences that have agenda items; with
    ``needs_coding`` (the project coding is used, as by method "coding"), ``frame`` must have codings
    for the items of both. Raises :class:`~icdd_analysis.errors.UnknownEventError` for an unknown id
    and :class:`NotComparableError`, naming the parameter and the valid values, for the rest.

    A check that passed is remembered for its Dataset (a study checks the same events and frame a few
    times per request, 15 ms each); one that fails is made again, and raises again, every time.
    """
    key = (baseline, target, frame, needs_coding)
    if not isinstance(ds, Dataset) or not hashable(key):
        _check_comparable(ds, baseline, target, frame, needs_coding)
        return
    passed = remembered(ds, ("analysis.checks.comparable",), set)  # at most one entry per events, frame and flag
    if key not in passed:
        _check_comparable(ds, baseline, target, frame, needs_coding)
        passed.add(key)


def _check_comparable(ds: Dataset, baseline: str, target: str, frame: str | None, needs_coding: bool) -> None:
    valid = ", ".join(comparable_events(ds)) or "none (no conference with agenda items)"
    for parameter, event_id in (("baseline", baseline), ("target", target)):
        if not isinstance(event_id, str):
            raise ArgumentError(parameter, f"{event_id!r} is not an event id; give one of: {valid}.")
        event = ds.event(event_id)  # UnknownEventError lists the known ids
        if str(event.kind) != CONFERENCE_KIND:
            raise NotComparableError(parameter, f"{event_id!r} is a {str(event.kind).replace('_', ' ')}, not a conference; "
                                                f"agendas are compared between conferences: {valid}.")
        if event.items().empty:
            raise NotComparableError(parameter, f"{event_id!r} has no agenda items in agenda_items.csv; "
                                                f"conferences with agenda items: {valid}.")
    if baseline == target:
        raise NotComparableError("target", f"is the same event as baseline ({target!r}); compare two different "
                                           f"conferences: {valid}.")
    if frame is not None:
        check_frame(ds, frame)
    if frame is None or not needs_coding:
        return
    frame_obj = get_frame(ds, frame)
    coded = _coded_frames(ds, baseline, target)
    missing = [e for e in (baseline, target) if frame_obj.base_id not in coded[e]]
    if missing:
        usable = [f for f in frame_ids(ds) if DERIVED.get(f, f) in coded[baseline] & coded[target]]
        raise NotComparableError("frame", f"{frame!r} has no codings for the agenda items of {' and '.join(missing)} "
                                          f"in codings.csv, and the project coding is needed here (method 'coding', "
                                          f"agreement, robustness); frames coded for both events: "
                                          f"{', '.join(usable) or 'none'}.")


def _coded_frames(ds: Dataset, *event_ids: str) -> dict[str, set[str]]:
    items = ds.agenda_items.set_index("item_id")["event_id"].astype(str)
    codings = ds.codings.assign(event_id=ds.codings["item_id"].astype(str).map(items))
    return {e: set(codings.loc[codings["event_id"] == e, "frame_id"].astype(str)) for e in event_ids}


def check_frame(ds: Dataset, frame) -> str:
    """``frame`` as a frame id of the package, or an ArgumentError listing them."""
    if not isinstance(frame, str):
        raise ArgumentError("frame", f"{frame!r} is not a frame id; valid: {', '.join(frame_ids(ds))}.")
    return frame


def check_choice(parameter: str, value, valid: Iterable[str]) -> str:
    """``value`` as one of ``valid`` (a string), or an ArgumentError naming ``parameter`` and the valid values."""
    valid = tuple(valid)
    if not isinstance(value, str) or value not in valid:
        raise ArgumentError(parameter, f"{value!r} is not valid; give one of: {', '.join(valid)}.")
    return value


def check_choices(parameter: str, values, valid: Iterable, allow_empty: bool = False) -> tuple:
    """``values`` as a tuple of members of ``valid`` (a list or tuple, not one bare string)."""
    valid = tuple(valid)
    shown = ", ".join(map(repr, valid))
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ArgumentError(parameter, f"{values!r} is not a list of values; give a list or tuple of: {shown} "
                                       f"(e.g. {parameter}=({valid[0]!r},)).")
    values = tuple(values)
    bad = [v for v in values if not any(v == ok and type(v) is type(ok) for ok in valid)]
    if bad or (not values and not allow_empty):
        what = f"{', '.join(map(repr, bad))} {'is' if len(bad) == 1 else 'are'} not valid" if bad else "it is empty"
        raise ArgumentError(parameter, f"{what}; give a list or tuple of: {shown}.")
    return values


def check_dataset(ds) -> Dataset:
    """``ds`` as a loaded data package (what :func:`icdd_analysis.load` returns)."""
    if not isinstance(ds, Dataset):
        raise ArgumentError("ds", f"a {type(ds).__name__} is not a data package; give the Dataset that "
                                  "icdd.load() returns (icdd.load() for the bundled one, icdd.load(path) for yours).")
    return ds


def check_kinds(kinds) -> None:
    """The older ``kinds``: None, a kind, a list of kinds, or ``{"baseline": ..., "target": ...}`` of those."""
    def ok(value) -> bool:
        return value is None or isinstance(value, str) or (
            isinstance(value, (list, tuple)) and all(isinstance(k, str) for k in value))

    if isinstance(kinds, dict):
        unknown = [k for k in kinds if k not in ("baseline", "target")]
        if not unknown and all(ok(v) for v in kinds.values()):
            return
    elif ok(kinds):
        return
    raise ArgumentError("kinds", f"{kinds!r} is not valid; give an item kind, a list of kinds, or "
                                 "{'baseline': kinds, 'target': kinds} (or a scope: baseline_scope, target_scope).")


def check_count(parameter: str, value, minimum: int = 1) -> int:
    """A whole number of at least ``minimum`` (not a bool)."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < minimum:
        raise ArgumentError(parameter, f"{value!r} is not valid; give a whole number of at least {minimum}.")
    return int(value)


def check_spec(spec: Spec) -> None:
    """One specification's fields, each against the values its method takes."""
    if spec.method not in METHODS:
        raise IcddError(f"unknown method {spec.method!r}; valid: {', '.join(METHODS)}.")
    check_lang(spec.lang, METHODS[spec.method].langs)
    check_lang(spec.unit, UNITS, "unit")
    if spec.normalisation not in NORMALISATIONS:
        raise IcddError(f"unknown normalisation {spec.normalisation!r}; valid: {', '.join(NORMALISATIONS)}.")
    if not isinstance(spec.top_k, int) or isinstance(spec.top_k, bool) or spec.top_k < 1:
        raise IcddError(f"top_k must be a whole number of at least 1, not {spec.top_k!r}.")
    basis_names(spec.basis)
    if spec.basis != "all" and spec.method != "coding":
        raise IcddError(f"basis={spec.basis!r} applies to method='coding' only (the evidence of the project coding).")
