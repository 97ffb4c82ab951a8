"""Compare the agendas of two events: similarity, links and continuity by frame code.

:func:`evaluate` is one specification as arrays (the robustness grid runs it hundreds of times);
:func:`compare` validates its arguments, evaluates once and builds the tables a reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data import Dataset
from ..errors import ArgumentError, IcddError
from ..frames import Frame
from ..items import Items, ScopeError, select_items
from ..methods import METHODS, Spec
from .checks import check_choice, check_comparable, check_dataset, check_frame, check_kinds, check_spec
from .numeric import assign, jaccard, min_ranks, normalise, settle
from .prepared import prepared

STATUS_ORDER = ("continued", "new", "dropped")
CAVEAT = (
    "Few short items (press summaries, not full texts) and one documented human coding: "
    "read the result as indicative, not as a measurement."
)
LINK_COLUMNS = ["target_item", "baseline_item", "score", "raw_score", "rank"]
CONTINUITY_COLUMNS = ["code", "label", "in_baseline", "in_target", "status", "baseline_items", "target_items"]


@dataclass(frozen=True)
class Evaluated:
    """One specification as arrays: codes per side (items x the frame's codes) and target x baseline similarities."""

    codes: dict[str, np.ndarray]  # "baseline"/"target" -> bool matrix
    raw: np.ndarray
    similarity: np.ndarray


def assigned_codes(ds: Dataset, spec: Spec, frame_obj: Frame, items: Items) -> tuple[np.ndarray, tuple[str, ...]]:
    """The base codes the method assigns to each item (bool, items x ``columns``) and those columns."""
    m = METHODS[spec.method]
    memo = prepared(ds)
    langs = spec.langs if m.uses_text else spec.langs[:1]
    parts = [memo.code_scores(ds, m, items, frame_obj, spec, lang) for lang in langs]
    columns = parts[0][1]
    if any(cols != columns for _, cols in parts):  # align on the first language's codes
        parts = [(pd.DataFrame(a, columns=list(c)).reindex(columns=list(columns)).to_numpy(), columns) for a, c in parts]
    scores = parts[0][0] if len(parts) == 1 else sum(a for a, _ in parts) / len(parts)
    return assign(scores, m.kind, spec.top_k), columns


def code_matrix(ds: Dataset, spec: Spec, frame_obj: Frame, items: Items) -> np.ndarray:
    """Items x the frame's codes (bool): the assigned base codes lifted to the frame's level."""
    chosen, columns = assigned_codes(ds, spec, frame_obj, items)
    lift = prepared(ds).roll_up_matrix(frame_obj, columns)
    return (chosen.astype(np.int64) @ lift) > 0


def item_similarity(ds: Dataset, spec: Spec, codes: dict[str, np.ndarray], base_items: Items,
                    target_items: Items) -> np.ndarray:
    """Target x baseline raw similarities: Jaccard of code sets (set methods) or the method's own, mean over languages."""
    m = METHODS[spec.method]
    if m.kind == "set":
        return jaccard(codes["target"], codes["baseline"])
    memo = prepared(ds)
    total = sum(memo.item_similarity(ds, m, target_items, base_items, spec, lang) for lang in spec.langs)
    return settle(total / len(spec.langs))


def evaluate(ds: Dataset, spec: Spec, frame_obj: Frame, base_items: Items, target_items: Items) -> Evaluated:
    """One checked specification on two chosen sides, without building any table."""
    codes = {"baseline": code_matrix(ds, spec, frame_obj, base_items),
             "target": code_matrix(ds, spec, frame_obj, target_items)}
    raw = item_similarity(ds, spec, codes, base_items, target_items)
    return Evaluated(codes, raw, normalise(raw, spec.normalisation))


def best_links(ev: Evaluated) -> np.ndarray:
    """Target x baseline mask of each target item's best baseline item(s) (rank 1; a zero raw similarity is no link)."""
    sim = ev.similarity
    if sim.size == 0:
        return np.zeros(sim.shape, dtype=bool)
    return (sim == sim.max(axis=1, keepdims=True)) & (ev.raw > 0)


def statuses(frame_obj: Frame, codes: dict[str, np.ndarray]) -> list[tuple[int, str]]:
    """(position in the frame's codes, status) of every code either side has, continued first, then new, dropped."""
    in_b, in_t = codes["baseline"].any(axis=0), codes["target"].any(axis=0)
    found = []
    for position in np.flatnonzero(in_b | in_t):
        status = "continued" if in_b[position] and in_t[position] else ("new" if in_t[position] else "dropped")
        found.append((STATUS_ORDER.index(status), int(position), status))
    return [(position, status) for _, position, status in sorted(found)]


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`. ``similarity`` rows are target items, columns baseline items."""

    spec: Spec
    frame: Frame
    baseline: Items
    target: Items
    raw_similarity: pd.DataFrame
    similarity: pd.DataFrame
    codes: dict[str, pd.DataFrame]  # "baseline"/"target" -> items x frame codes (bool)
    links: pd.DataFrame
    continuity: pd.DataFrame

    def codes_of(self, side: str) -> list[str]:
        m = self.codes[side]
        return [c for c in m.columns if m[c].any()]

    def summary(self) -> str:
        s, f = self.spec, self.frame
        statuses_ = {st: list(self.continuity.loc[self.continuity["status"] == st, "code"]) for st in STATUS_ORDER}
        own = " (the project's own axis)" if f.is_project else ""
        lines = [
            f"{self.target.event_id} ({len(self.target)} items: {self.target.scope}) compared with "
            f"{self.baseline.event_id} ({len(self.baseline)} items: {self.baseline.scope}) by {s.method} (lang={s.lang}, unit={s.unit}, "
            f"{s.normalisation} similarity), frame {f.frame_id}{own}.",
            "Frame codes: " + "; ".join(f"{st} {', '.join(c) if c else 'none'}" for st, c in statuses_.items()) + ".",
            "Closest earlier item for each item:",
        ]
        best = self.links[self.links["rank"] == 1]
        for target_id in self.target.ids:
            group = best[best["target_item"] == target_id]
            matches = ", ".join(f"{b} ({v:.2f})" for b, v in zip(group["baseline_item"], group["score"])) or "nothing shared"
            lines.append(f"  {target_id} <- {matches}")
        lines.append(CAVEAT)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Comparison {self.target.event_id} vs {self.baseline.event_id}, {self.spec.method}/{self.spec.lang}, frame {self.frame.frame_id}>"


def _side_items(ds: Dataset, event_id: str, side: str, scope: str | None, kinds, langs, unit: str,
                on_missing: str) -> Items:
    """One side's items: by ``scope`` (a preset or kinds joined by '+'), or by the older ``kinds``."""
    if isinstance(kinds, dict):
        kinds = kinds.get(side)
    if kinds is not None:
        if scope is not None:
            raise ScopeError(f"{side}_scope", f"give either {side}_scope or kinds for the {side}, not both.")
        return select_items(ds, event_id, kinds, langs, unit, on_missing)
    return prepared(ds).side(ds, event_id, scope, tuple(langs), unit, on_missing, f"{side}_scope")


def compare(ds: Dataset, baseline: str = "rcdd-2019", target: str = "icdd-2021", method: str = "tfidf",
            lang: str = "en", kinds=None, frame: str = "function", unit: str = "label",
            normalisation: str | None = None, top_k: int = 1, stem: bool = False,
            on_missing: str = "warn", baseline_scope: str | None = None, target_scope: str | None = None,
            basis: str = "all") -> Comparison:
    """Compare the agenda of ``target`` with that of ``baseline``.

    ``baseline_scope`` / ``target_scope``: which items form each agenda, a preset of
    :data:`~icdd_analysis.items.PRESETS` (``sessions``, ``sessions+theme``, ``focus_areas``,
    ``focus_areas+panels+review``, ``stated_agenda``) or item kinds joined by '+'; by default each
    event's :func:`~icdd_analysis.items.default_scope` (focus areas, else sessions). ``kinds`` (older
    form, still accepted): item kinds for both sides (a string or list), or ``{"baseline": ..., "target": ...}``;
    a side takes either a scope or kinds. ``normalisation`` defaults to the method's own (raw, or centred
    for embeddings). Items without text in ``lang`` are left out with a :class:`MissingTextWarning`
    (``on_missing="error"`` raises instead). ``basis`` (coding only) keeps the codings
    whose evidence has that basis: "item_text" uses only the items' own words.
    """
    check_dataset(ds)
    check_kinds(kinds)
    if not isinstance(method, str):  # one method per comparison (agreement and robustness take several)
        check_choice("method", method, METHODS)
    if method not in METHODS:
        raise IcddError(f"unknown method {method!r}; valid: {', '.join(METHODS)}.")
    spec = Spec(method=method, lang=lang, unit=unit, top_k=top_k, stem=stem, basis=basis,
                normalisation=normalisation or METHODS[method].default_normalisation)
    check_spec(spec)
    if not isinstance(stem, bool):
        raise ArgumentError("stem", f"{stem!r} is not valid; give True or False.")
    if on_missing not in ("warn", "error"):
        raise IcddError(f"on_missing must be 'warn' or 'error', not {on_missing!r}.")
    frame_obj = prepared(ds).frame(ds, check_frame(ds, frame))
    needs_coding = spec.method == "coding"
    prepared(ds).checked(("comparable", baseline, target, frame, needs_coding),
                         lambda: check_comparable(ds, baseline, target, frame, needs_coding=needs_coding))
    base_items = _side_items(ds, baseline, "baseline", baseline_scope, kinds, spec.langs, unit, on_missing)
    target_items = _side_items(ds, target, "target", target_scope, kinds, spec.langs, unit, on_missing)
    return comparison(ds, spec, frame_obj, base_items, target_items)


def comparison(ds: Dataset, spec: Spec, frame_obj: Frame, base_items: Items, target_items: Items) -> Comparison:
    """The tables of one checked specification on two chosen sides."""
    ev = evaluate(ds, spec, frame_obj, base_items, target_items)
    index = pd.Index(target_items.ids, name="target_item")
    columns = pd.Index(base_items.ids, name="baseline_item")
    raw_df = pd.DataFrame(ev.raw, index=index, columns=columns)
    sim_df = pd.DataFrame(ev.similarity, index=index, columns=columns)
    codes = {side: _codes_table(ds, spec, frame_obj, items)
             for side, items in (("baseline", base_items), ("target", target_items))}
    return Comparison(spec, frame_obj, base_items, target_items, raw_df, sim_df, codes,
                      links_table(ev, target_items.ids, base_items.ids, spec.top_k),
                      continuity_table(frame_obj, ev.codes, base_items.ids, target_items.ids))


def _codes_table(ds: Dataset, spec: Spec, frame_obj: Frame, items: Items) -> pd.DataFrame:
    chosen, columns = assigned_codes(ds, spec, frame_obj, items)
    return frame_obj.roll_up(pd.DataFrame(chosen, index=pd.Index(items.ids, name="item_id"), columns=list(columns)))


def links_table(ev: Evaluated, target_ids, baseline_ids, top_k: int) -> pd.DataFrame:
    """Each target item's top-k baseline items; equal (settled) scores share a rank, listed by item id."""
    ranks = min_ranks(ev.similarity)
    rows = []
    for t, b in zip(*np.nonzero((ranks <= top_k) & (ev.raw > 0))):
        rows.append((int(t), int(ranks[t, b]), baseline_ids[b], {
            "target_item": target_ids[t], "baseline_item": baseline_ids[b], "score": float(ev.similarity[t, b]),
            "raw_score": float(ev.raw[t, b]), "rank": int(ranks[t, b])}))
    rows.sort(key=lambda r: r[:3])
    return pd.DataFrame([r[3] for r in rows], columns=LINK_COLUMNS)


def continuity_table(frame_obj: Frame, codes: dict[str, np.ndarray], baseline_ids, target_ids) -> pd.DataFrame:
    """One row per frame code that either side has: its status and the items that carry it."""
    code_ids = frame_obj.code_ids
    rows = []
    for position, status in statuses(frame_obj, codes):
        b_items = [baseline_ids[i] for i in np.flatnonzero(codes["baseline"][:, position])]
        t_items = [target_ids[i] for i in np.flatnonzero(codes["target"][:, position])]
        rows.append({"code": code_ids[position], "label": frame_obj.label(code_ids[position]),
                     "in_baseline": bool(b_items), "in_target": bool(t_items), "status": status,
                     "baseline_items": "; ".join(b_items), "target_items": "; ".join(t_items)})
    if not rows:
        return pd.DataFrame(columns=CONTINUITY_COLUMNS)
    return pd.DataFrame(rows, columns=CONTINUITY_COLUMNS)


__all__ = ["CAVEAT", "STATUS_ORDER", "Comparison", "Evaluated", "IcddError", "best_links", "code_matrix",
           "compare", "comparison", "continuity_table", "evaluate", "links_table", "statuses"]
