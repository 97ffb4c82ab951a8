"""Which agenda items form an agenda (its *scope*), and their texts per language.

A comparison reads one scope per side. A scope is chosen by the ``kind`` of the items
(agenda_items.csv), never by event, so a third conference added to a data package gets the same
presets as the bundled two:

========================== ================================================================ =========
preset                     kinds                                                            breadth
========================== ================================================================ =========
``focus_areas``            focus_area (the Bali Message's five focus areas)                  1
``sessions``               session (RCDD 2019's three session titles)                        1
``focus_areas+panels+review`` focus_area, panel, review_theme                                2
``sessions+theme``         session, theme                                                    2
``stated_agenda``          every kind the sources state for the event: theme, session,       3
                           review_theme, panel, focus_area, aim, emphasis, outcome_point
========================== ================================================================ =========

A preset *applies* to an event when the event has items of every kind it names; ``stated_agenda``
applies to every event with items (it takes the kinds the event has). A preset that does not apply
is an error naming the presets that do: silently comparing a narrower agenda than the one asked for
is what made "F5 is new" look like a finding (review N1). Besides a preset name, a scope may be
kinds joined by ``+`` (``"panel+theme"``), for any other selection.

This module knows the data and nothing of methods or comparisons: data -> items -> methods ->
analysis -> present.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from .data import Dataset
from .errors import EmptyScopeError, IcddError, MissingTextError, MissingTextWarning, ScopeError  # noqa: F401  (re-exported)
from .memo import remembered

#: Every kind of agenda item the data package knows (the enum of agenda_items.kind).
ALL_KINDS = ("theme", "session", "review_theme", "panel", "focus_area", "aim", "emphasis", "outcome_point")
#: An event with neither focus areas nor sessions is compared, by default, by its first kind in this order.
DEFAULT_KIND_ORDER = ("focus_area", "session", "panel", "review_theme", "theme", "aim", "emphasis", "outcome_point")


@dataclass(frozen=True)
class Preset:
    """A named scope: the item kinds it takes, and how broad it is (1 core items ... 3 everything stated)."""

    name: str
    kinds: tuple[str, ...]
    breadth: int
    description: str

    def applies_to(self, present: set[str]) -> bool:
        return bool(present) and (self.name == STATED_AGENDA or set(self.kinds) <= present)

    def kinds_for(self, present: set[str]) -> tuple[str, ...]:
        """The kinds this preset takes from an event that has ``present`` kinds."""
        return tuple(k for k in self.kinds if k in present) if self.name == STATED_AGENDA else self.kinds


STATED_AGENDA = "stated_agenda"

#: The presets in the order a default is looked for (the first that applies to an event is its default).
PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("focus_areas", ("focus_area",), 1, "the focus areas of the outcome document (Bali Message)"),
    Preset("sessions", ("session",), 1, "the session titles"),
    Preset("focus_areas+panels+review", ("focus_area", "panel", "review_theme"), 2,
           "focus areas, panels and review-session themes"),
    Preset("sessions+theme", ("session", "theme"), 2, "the session titles and the conference theme"),
    Preset(STATED_AGENDA, ALL_KINDS, 3,
           "everything the sources state: theme, sessions or panels and review themes, focus areas, aims, "
           "emphases of the speeches and the outcome document's reported points"),
)}






@dataclass(frozen=True)
class Items:
    """The agenda items of one side of a comparison, with their texts per language."""

    event_id: str
    ids: tuple[str, ...]
    texts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> one text per item
    scope: str = ""  # the scope the items were chosen by (a preset name, or kinds joined by "+")
    #: Items of the scope left out for lack of text in a language of the comparison.
    left_out: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.ids)


def kinds_present(ds: Dataset, event_id: str) -> set[str]:
    ds.event(event_id)  # an unknown id raises UnknownEventError listing the known ones

    def make() -> frozenset[str]:
        items = ds.agenda_items
        return frozenset(items.loc[items["event_id"] == event_id, "kind"].astype(str))

    # once per package and event (each scope check asks, a study a few dozen times); a fresh set each call
    return set(remembered(ds, ("items.kinds_present", event_id), make))


def scopes_for(ds: Dataset, event_id: str) -> list[str]:
    """The preset names that apply to ``event_id``, in :data:`PRESETS` order."""
    present = kinds_present(ds, event_id)
    return [name for name, preset in PRESETS.items() if preset.applies_to(present)]


def default_scope(ds: Dataset, event_id: str) -> str:
    """The event's default scope: the first preset that applies (focus areas, else sessions, ...).

    An event with neither gets its first kind in :data:`DEFAULT_KIND_ORDER`, as a one-kind scope, so
    that a comparison never silently takes everything.
    """
    present = kinds_present(ds, event_id)
    for preset in PRESETS.values():
        if preset.breadth == 1 and preset.applies_to(present):
            return preset.name
    return next((k for k in DEFAULT_KIND_ORDER if k in present), DEFAULT_KIND_ORDER[0])


def scope_kinds(ds: Dataset, event_id: str, scope: str | None, parameter: str = "scope") -> tuple[str, ...]:
    """The item kinds ``scope`` takes from ``event_id``: a preset name, or kinds joined by ``+``."""
    scope = default_scope(ds, event_id) if scope is None else scope
    present = kinds_present(ds, event_id)
    applies = scopes_for(ds, event_id)
    valid = (f"presets for {event_id}: {', '.join(applies) or 'none (it has no agenda items)'}; "
             f"or item kinds joined by '+' from {', '.join(k for k in ALL_KINDS if k in present) or 'none'}")
    if not isinstance(scope, str) or not scope:
        raise ScopeError(parameter, f"{scope!r} is not a scope; {valid}.")
    if scope in PRESETS:
        preset = PRESETS[scope]
        if not preset.applies_to(present):
            missing = [k for k in preset.kinds if k not in present]
            raise ScopeError(parameter, f"preset {scope!r} needs items of kind {', '.join(missing)}, which "
                                        f"{event_id} does not have; {valid}.")
        return preset.kinds_for(present)
    kinds = tuple(dict.fromkeys(scope.split("+")))
    unknown = [k for k in kinds if k not in ALL_KINDS]
    if unknown:
        raise ScopeError(parameter, f"{scope!r} is neither a preset ({', '.join(PRESETS)}) nor item kinds "
                                    f"joined by '+'; {valid}.")
    absent = [k for k in kinds if k not in present]
    if absent:
        raise ScopeError(parameter, f"{event_id} has no items of kind {', '.join(absent)}; {valid}.")
    return kinds


def scope_name(kinds) -> str:
    """A scope name for a list of kinds: the preset with exactly these kinds, else the kinds joined by '+'."""
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    for name, preset in PRESETS.items():
        if name != STATED_AGENDA and set(preset.kinds) == set(kinds):
            return name
    return "+".join(kinds)


def item_texts(item: pd.Series | dict, lang: str, unit: str) -> str | None:
    """The text of one agenda item in ``lang``: its label, or label and description joined (``unit``).

    With the description unit an item without a label in ``lang`` is represented by its description
    alone (the ICDD panels have Indonesian descriptions but only English titles).
    """
    def text(column: str) -> str | None:
        value = item.get(column)
        return None if value is None or pd.isna(value) else str(value)

    label = text(f"text_{lang}")
    if unit == "label":
        return label
    parts = [p for p in (label, text(f"description_{lang}")) if p]
    return ". ".join(parts) or None


def all_item_texts(ds: Dataset, lang: str, unit: str) -> list[str]:
    """Every distinct item text of the package in ``lang`` and ``unit``, sorted (embedding centring)."""
    def make() -> tuple[str, ...]:
        texts = (item_texts(row, lang, unit) for row in ds.agenda_items.to_dict("records"))
        return tuple(sorted({t for t in texts if t}))

    # once per package, language and unit: the embedding method centres every side's scores on it
    return list(remembered(ds, ("items.all_item_texts", lang, unit), make))


def select_items(ds: Dataset, event_id: str, kinds, langs: tuple[str, ...], unit: str,
                 on_missing: str = "warn", scope: str = "") -> Items:
    """The event's items of ``kinds`` with a text in every language of ``langs``.

    Items without such a text are left out with a :class:`MissingTextWarning` naming them
    (``on_missing="error"`` raises instead); they are kept in :attr:`Items.left_out`.
    """
    chosen = chosen_items(ds, event_id, kinds, langs, unit, scope)
    if chosen.left_out:
        warnings.warn(left_out_message(chosen, langs, unit, on_missing), MissingTextWarning, stacklevel=3)
    return chosen


def chosen_items(ds: Dataset, event_id: str, kinds, langs: tuple[str, ...], unit: str, scope: str = "") -> Items:
    """:func:`select_items` without its warning or MissingTextError: the items kept, those left out in
    :attr:`Items.left_out` (give them to :func:`left_out_message`)."""
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    frame = ds.event(event_id).items(kind=kinds)
    if frame.empty:
        raise EmptyScopeError(event_id, kinds)
    records = frame.to_dict("records")  # not iterrows: a robustness grid selects sides dozens of times
    texts = {lang: [item_texts(row, lang, unit) for row in records] for lang in langs}
    keep = [i for i in range(len(frame)) if all(texts[lang][i] for lang in langs)]
    dropped = [str(frame["item_id"].iloc[i]) for i in range(len(frame)) if i not in keep]
    return Items(
        event_id=event_id,
        ids=tuple(str(frame["item_id"].iloc[i]) for i in keep),
        texts={lang: tuple(texts[lang][i] for i in keep) for lang in langs},
        scope=scope or scope_name(kinds),
        left_out=tuple(dropped),
    )


def left_out_message(chosen: Items, langs: tuple[str, ...], unit: str, on_missing: str = "warn") -> str:
    """The warning that names the items ``chosen`` left out; a MissingTextError instead with
    ``on_missing="error"`` or when none is left."""
    event_id, dropped = chosen.event_id, list(chosen.left_out)
    if on_missing == "error" or not chosen.ids:
        raise MissingTextError(event_id, langs, dropped, unit, nothing_left=not chosen.ids)
    return f"{event_id}: no {'/'.join(langs)} text for {', '.join(dropped)} (unit={unit!r}); they are left out."


def select_scope(ds: Dataset, event_id: str, scope: str | None, langs: tuple[str, ...], unit: str,
                 on_missing: str = "warn", parameter: str = "scope") -> Items:
    """The items of ``scope`` (a preset or kinds joined by '+'; None: the event's default) for ``event_id``."""
    name = default_scope(ds, event_id) if scope is None else scope
    return select_items(ds, event_id, scope_kinds(ds, event_id, name, parameter), langs, unit, on_missing, scope=name)


def chosen_scope(ds: Dataset, event_id: str, scope: str | None, langs: tuple[str, ...], unit: str,
                 parameter: str = "scope") -> Items:
    """:func:`select_scope` without its warning or MissingTextError (see :func:`chosen_items`)."""
    name = default_scope(ds, event_id) if scope is None else scope
    return chosen_items(ds, event_id, scope_kinds(ds, event_id, name, parameter), langs, unit, scope=name)


def default_scope_pairs(ds: Dataset, baseline: str, target: str) -> list[tuple[str, str]]:
    """The scope pairs a robustness grid varies by default: the presets of equal breadth that apply.

    For each breadth (1 core items, 2 core plus related kinds, 3 the stated agenda) the first preset
    of that breadth that applies to each event; a breadth that one event has no preset of is skipped.
    The bundled pair gives (sessions, focus_areas), (sessions+theme, focus_areas+panels+review) and
    (stated_agenda, stated_agenda).
    """
    pairs = []
    applies = {e: scopes_for(ds, e) for e in (baseline, target)}
    for breadth in sorted({p.breadth for p in PRESETS.values()}):
        first = {e: next((n for n in applies[e] if PRESETS[n].breadth == breadth), None) for e in applies}
        if first[baseline] and first[target]:
            pairs.append((first[baseline], first[target]))
    return pairs
