"""Compare the agendas of two events: similarity, links, continuity by frame code; agreement; robustness.

This module knows items, frames and scores, and nothing of files. Every method answers through the
same :class:`~icdd_analysis.methods.Method` interface, so a comparison, the agreement between methods
and the robustness grid are written once for all of them.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import stats
from .data import Dataset
from .errors import IcddError, NotComparableError  # noqa: F401  (NotComparableError re-exported)
from .frames import DERIVED, Frame, basis_names, frame_ids, get_frame
# Re-exported for code that imported them from here before items.py held them.
from .items import (DEFAULT_KIND_ORDER, PRESETS, Items, MissingTextWarning, ScopeError, default_scope,  # noqa: F401
                    default_scope_pairs, item_texts, scope_kinds, scope_name, select_items, select_scope)
from .methods import METHODS, NORMALISATIONS, UNITS, Spec
from .text import check_lang

#: The event kind whose agendas are compared (events.csv ``kind``).
CONFERENCE_KIND = "conference"
STATUS_ORDER = ("continued", "new", "dropped")
#: Similarities and code scores are rounded to this many decimals before anything ranks, sorts or
#: compares them: float64 products differ in their last bits between CPUs and BLAS kernels (FMA or
#: not, thread count), and a tie must not be broken by those bits.
SIMILARITY_DECIMALS = 12
CAVEAT = (
    "Few short items (press summaries, not full texts) and one documented human coding: "
    "read the result as indicative, not as a measurement."
)


def default_kinds(ds: Dataset, event_id: str) -> list[str]:
    """The item kinds of the event's default scope (:func:`~icdd_analysis.items.default_scope`)."""
    return list(scope_kinds(ds, event_id, None))


def _side_items(ds: Dataset, event_id: str, side: str, scope: str | None, kinds, langs, unit: str,
                on_missing: str) -> Items:
    """One side's items: by ``scope`` (a preset or kinds joined by '+'), or by the older ``kinds``."""
    if isinstance(kinds, dict):
        kinds = kinds.get(side)
    if kinds is not None:
        if scope is not None:
            raise ScopeError(f"{side}_scope", f"give either {side}_scope or kinds for the {side}, not both.")
        return select_items(ds, event_id, kinds, langs, unit, on_missing)
    return select_scope(ds, event_id, scope, langs, unit, on_missing, parameter=f"{side}_scope")


def settle(values) -> np.ndarray:
    """``values`` as float64 rounded to :data:`SIMILARITY_DECIMALS` decimals (and no negative zero).

    The same on every machine unless a value sits within a few ulps of a rounding boundary; what
    remains then (1e-12) is far below the printed precision and the permutation test's tolerance.
    """
    return np.round(np.asarray(values, dtype=np.float64), SIMILARITY_DECIMALS) + 0.0


def normalise(similarity: np.ndarray, how: str) -> np.ndarray:
    """raw; centred: z-scores over the whole matrix; rank: within each target row, 0 (worst) to 1 (best).

    Input and output are :func:`settle`-d, so equal similarities get equal ranks on every machine.
    """
    s = settle(similarity)
    if how == "raw":
        return s
    if how == "centred":
        sd = s.std()
        return np.zeros_like(s) if sd == 0 else settle((s - s.mean()) / sd)
    ranks = pd.DataFrame(s).rank(axis=1, method="average").to_numpy()
    n = s.shape[1]
    return np.ones_like(s) if n == 1 else settle((ranks - 1) / (n - 1))


def _jaccard(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    x, y = a.to_numpy(bool).astype(np.int64), b.to_numpy(bool).astype(np.int64)
    inter = x @ y.T
    union = x.sum(1)[:, None] + y.sum(1)[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        return settle(np.where(union > 0, inter / np.maximum(union, 1), 0.0))


def _assign(scores: pd.DataFrame, kind: str, top_k: int) -> pd.DataFrame:
    """Codes an item gets: every positive code for set methods, the top-k positive ones for vector methods.

    Equal scores keep the frame's code order (a stable sort of :func:`settle`-d scores), so a tie is
    broken by the code, never by a CPU's last bit.
    """
    if kind == "set":
        return scores > 0
    values = settle(scores.to_numpy())
    out = np.zeros_like(values, dtype=bool)
    for i, row in enumerate(values):
        order = np.argsort(-row, kind="stable")[:top_k]
        out[i, order] = row[order] > 0
    return pd.DataFrame(out, index=scores.index, columns=scores.columns)



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
    """
    valid = ", ".join(comparable_events(ds)) or "none (no conference with agenda items)"
    for parameter, event_id in (("baseline", baseline), ("target", target)):
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


def _validate(ds: Dataset, spec: Spec, baseline: str, target: str, frame_id: str, on_missing: str) -> Frame:
    _check_spec(spec)
    if on_missing not in ("warn", "error"):
        raise IcddError(f"on_missing must be 'warn' or 'error', not {on_missing!r}.")
    frame_obj = get_frame(ds, frame_id)
    check_comparable(ds, baseline, target, frame_id, needs_coding=spec.method == "coding")
    return frame_obj


def _check_spec(spec: Spec) -> None:
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
        statuses = {st: list(self.continuity.loc[self.continuity["status"] == st, "code"]) for st in STATUS_ORDER}
        own = " (the project's own axis)" if f.is_project else ""
        lines = [
            f"{self.target.event_id} ({len(self.target)} items: {self.target.scope}) compared with "
            f"{self.baseline.event_id} ({len(self.baseline)} items: {self.baseline.scope}) by {s.method} (lang={s.lang}, unit={s.unit}, "
            f"{s.normalisation} similarity), frame {f.frame_id}{own}.",
            "Frame codes: " + "; ".join(f"{st} {', '.join(c) if c else 'none'}" for st, c in statuses.items()) + ".",
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
    if method not in METHODS:
        raise IcddError(f"unknown method {method!r}; valid: {', '.join(METHODS)}.")
    spec = Spec(method=method, lang=lang, unit=unit, top_k=top_k, stem=stem, basis=basis,
                normalisation=normalisation or METHODS[method].default_normalisation)
    frame_obj = _validate(ds, spec, baseline, target, frame, on_missing)
    base_items = _side_items(ds, baseline, "baseline", baseline_scope, kinds, spec.langs, unit, on_missing)
    target_items = _side_items(ds, target, "target", target_scope, kinds, spec.langs, unit, on_missing)
    return _run(ds, spec, frame_obj, base_items, target_items)


def _code_matrix(ds, spec, frame_obj, items: Items) -> pd.DataFrame:
    m = METHODS[spec.method]
    langs = spec.langs if m.uses_text else spec.langs[:1]
    scores = sum(m.code_scores(ds, items, frame_obj, spec, lang).astype(np.float64) for lang in langs) / len(langs)
    return frame_obj.roll_up(_assign(scores, m.kind, spec.top_k))


def _item_similarity(ds, spec, codes: dict, base_items: Items, target_items: Items) -> np.ndarray:
    m = METHODS[spec.method]
    if m.kind == "set":
        return _jaccard(codes["target"], codes["baseline"])
    total = sum(np.asarray(m.item_similarity(ds, target_items, base_items, spec, lang), dtype=np.float64)
                for lang in spec.langs)
    return settle(total / len(spec.langs))


def _run(ds: Dataset, spec: Spec, frame_obj: Frame, base_items: Items, target_items: Items) -> Comparison:
    codes = {"baseline": _code_matrix(ds, spec, frame_obj, base_items),
             "target": _code_matrix(ds, spec, frame_obj, target_items)}
    raw = _item_similarity(ds, spec, codes, base_items, target_items)
    index = pd.Index(target_items.ids, name="target_item")
    columns = pd.Index(base_items.ids, name="baseline_item")
    raw_df = pd.DataFrame(raw, index=index, columns=columns)
    sim_df = pd.DataFrame(normalise(raw, spec.normalisation), index=index, columns=columns)
    return Comparison(spec, frame_obj, base_items, target_items, raw_df, sim_df, codes,
                      _links(sim_df, raw_df, spec.top_k), _continuity(frame_obj, codes))


def _links(sim: pd.DataFrame, raw: pd.DataFrame, top_k: int) -> pd.DataFrame:
    """Each target item's top-k baseline items; equal (settled) scores share a rank, listed by item id."""
    ranks = sim.rank(axis=1, method="min", ascending=False)
    rows = []
    for t in sim.index:
        for b in sim.columns:
            # A zero raw similarity (no shared code or word) is no link, whatever its rank.
            if ranks.at[t, b] <= top_k and raw.at[t, b] > 0:
                rows.append({"target_item": t, "baseline_item": b, "score": float(sim.at[t, b]),
                             "raw_score": float(raw.at[t, b]), "rank": int(ranks.at[t, b])})
    links = pd.DataFrame(rows, columns=["target_item", "baseline_item", "score", "raw_score", "rank"])
    order = {t: i for i, t in enumerate(sim.index)}
    return links.sort_values(["target_item", "rank", "baseline_item"], key=lambda c: c.map(order) if c.name == "target_item" else c,
                             kind="stable").reset_index(drop=True)


def _continuity(frame_obj: Frame, codes: dict[str, pd.DataFrame]) -> pd.DataFrame:
    columns = ["code", "label", "in_baseline", "in_target", "status", "baseline_items", "target_items"]
    base, tgt = codes["baseline"], codes["target"]
    b_matrix, t_matrix = base.to_numpy(bool), tgt.to_numpy(bool)
    b_position = {c: j for j, c in enumerate(base.columns)}
    t_position = {c: j for j, c in enumerate(tgt.columns)}
    rows = []
    for position, code in enumerate(frame_obj.code_ids):
        b_items = [base.index[i] for i in np.flatnonzero(b_matrix[:, b_position[code]])] if code in b_position else []
        t_items = [tgt.index[i] for i in np.flatnonzero(t_matrix[:, t_position[code]])] if code in t_position else []
        if not b_items and not t_items:
            continue
        status = "continued" if b_items and t_items else ("new" if t_items else "dropped")
        rows.append({"code": code, "label": frame_obj.label(code), "in_baseline": bool(b_items),
                     "in_target": bool(t_items), "status": status, "baseline_items": "; ".join(b_items),
                     "target_items": "; ".join(t_items), "_order": (STATUS_ORDER.index(status), position)})
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(rows).sort_values("_order")[columns].reset_index(drop=True)


# --- agreement -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """Each method scored as a coder against the reference coding, and every pair of coders."""

    frame: Frame
    items: tuple[str, ...]
    codes: tuple[str, ...]
    matrices: dict[str, pd.DataFrame]  # coder -> items x codes (bool)
    scores: pd.DataFrame  # one row per method: agreement with the reference
    per_code: pd.DataFrame  # method, code: precision and recall against the reference
    pairwise: pd.DataFrame  # coder x coder Cohen's kappa
    pairwise_alpha: pd.DataFrame  # coder x coder Krippendorff's alpha


def agreement(ds: Dataset, baseline: str = "rcdd-2019", target: str = "icdd-2021", frame: str = "function",
              methods=("keywords", "tfidf", "embedding"), lang: str = "en", kinds=None, unit: str = "label",
              top_k: int = 1, stem: bool = False, reference: str = "coding", baseline_scope: str | None = None,
              target_scope: str | None = None) -> Agreement:
    """Score each method's codes against the reference (the project coding) over the compared items.

    Cells are item x code, over the codes that any coder used (the others are agreed zeros that would
    inflate percent agreement). ``baseline_scope`` / ``target_scope`` (or ``kinds``) as for :func:`compare`. Statistics: percent agreement, Cohen's kappa, Krippendorff's alpha
    (nominal), Gwet's AC1 (stable under skewed prevalence), and per-code precision and recall.
    """
    coders = [reference] + [m for m in methods if m != reference]
    check_comparable(ds, baseline, target, frame, needs_coding="coding" in coders)
    return agreement_of({coder: compare(ds, baseline, target, method=coder, lang=lang, kinds=kinds, frame=frame,
                                        unit=unit, top_k=top_k, stem=stem, baseline_scope=baseline_scope,
                                        target_scope=target_scope) for coder in coders}, reference)


def agreement_of(comparisons: dict[str, Comparison], reference: str = "coding") -> Agreement:
    """:func:`agreement` from comparisons already made (coder name -> its :class:`Comparison`, the reference's
    included), so that a study that shows the comparisons does not compute them again."""
    coders = [reference] + [m for m in comparisons if m != reference]
    matrices: dict[str, pd.DataFrame] = {
        coder: pd.concat([comparisons[coder].codes["baseline"], comparisons[coder].codes["target"]]) for coder in coders}
    frame_obj = comparisons[reference].frame
    items = tuple(matrices[reference].index)
    used = [c for c in frame_obj.code_ids if any(m.reindex(items)[c].any() for m in matrices.values())]
    flat = {k: m.reindex(index=list(items), columns=used).fillna(False).to_numpy(bool) for k, m in matrices.items()}

    def row(name: str) -> dict:
        a, b = flat[reference].ravel().astype(int), flat[name].ravel().astype(int)
        return {"method": name, "percent_agreement": stats.percent_agreement(a, b), "cohen_kappa": stats.cohen_kappa(a, b),
                "krippendorff_alpha": stats.krippendorff_alpha(a, b), "gwet_ac1": stats.gwet_ac1(a, b),
                "n_items": len(items), "n_codes": len(used)}

    scores = pd.DataFrame([row(m) for m in coders if m != reference])
    per_code = []
    for m in coders:
        if m == reference:
            continue
        for j, code in enumerate(used):
            ref, pred = flat[reference][:, j], flat[m][:, j]
            precision, recall = stats.precision_recall(ref, pred)
            per_code.append({"method": m, "code": code, "precision": precision, "recall": recall,
                             "coded_by_reference": int(ref.sum()), "coded_by_method": int(pred.sum())})
    pair = {}
    for fn, name in ((stats.cohen_kappa, "kappa"), (stats.krippendorff_alpha, "alpha")):
        pair[name] = pd.DataFrame(
            [[fn(flat[a].ravel().astype(int), flat[b].ravel().astype(int)) for b in coders] for a in coders],
            index=pd.Index(coders, name="coder"), columns=pd.Index(coders, name="coder"))
    return Agreement(frame_obj, items, tuple(used), matrices, scores,
                     pd.DataFrame(per_code, columns=["method", "code", "precision", "recall", "coded_by_reference", "coded_by_method"]),
                     pair["kappa"], pair["alpha"])


# --- robustness ----------------------------------------------------------------------------------


#: A claim *holds* in a scope when it holds in more than this share of that scope's specifications.
HOLDS_SHARE = 0.5


@dataclass(frozen=True)
class Robustness:
    """Which claims hold across specifications and scopes, and what chance gives."""

    specs: pd.DataFrame  # one row per specification that ran, with its baseline_scope and target_scope
    continuity: pd.DataFrame  # spec_id x code: status in that specification
    links: pd.DataFrame  # spec_id x target item: best baseline item(s)
    claims: pd.DataFrame  # claim, share of all specifications in which it holds, the reference's answer, scope_dependent
    permutation: pd.DataFrame  # per method: observed statistic, its permutation distribution, p-value
    #: The same claims per scope pair: share of that scope's specifications, and the project coding's
    #: answer under that scope (NaN share where the claim's items are not in the scope).
    claims_by_scope: pd.DataFrame | None = None
    scopes: tuple[tuple[str, str], ...] = ()  # the scope pairs of the grid; the first is the reference's

    def claims_table(self) -> pd.DataFrame:
        """Claims x scope pairs: the share of specifications per scope, as a wide table."""
        by = self.claims_by_scope
        wide = by.pivot_table(index=["kind", "subject", "claim"], columns="scope", values="share", sort=False, dropna=False)
        return wide.reindex(columns=[scope_label(b, t) for b, t in self.scopes])


def scope_label(baseline_scope: str, target_scope: str) -> str:
    """How a pair of scopes is named in tables: 'sessions → focus_areas'."""
    return f"{baseline_scope} → {target_scope}"


def _scope_pairs(ds: Dataset, baseline: str, target: str, baseline_scope, target_scope, scopes, kinds) -> list[tuple[str, str]]:
    """The grid's scope pairs, each checked; the reference's pair (baseline_scope, target_scope) comes first."""
    def resolve(event_id: str, side: str, scope):
        side_kinds = kinds.get(side) if isinstance(kinds, dict) else kinds
        if scope is None and side_kinds is not None:
            side_kinds = [side_kinds] if isinstance(side_kinds, str) else list(side_kinds)
            scope = scope_name(side_kinds)
        name = default_scope(ds, event_id) if scope is None else scope
        scope_kinds(ds, event_id, name, f"{side}_scope")  # raises a ScopeError naming the valid scopes
        return name

    primary = (resolve(baseline, "baseline", baseline_scope), resolve(target, "target", target_scope))
    if scopes is None:
        # With the older ``kinds`` the grid keeps its old meaning: one scope, the kinds given.
        scopes = [] if kinds is not None else default_scope_pairs(ds, baseline, target)
        explicit = True  # the reference's pair (given or the defaults) comes first
    else:
        explicit = baseline_scope is not None or target_scope is not None or kinds is not None
    pairs: list[tuple[str, str]] = []
    for pair in scopes:
        if isinstance(pair, str) or len(pair) != 2:
            raise ScopeError("scopes", f"{pair!r} is not a pair (baseline_scope, target_scope).")
        resolved = (resolve(baseline, "baseline", pair[0]), resolve(target, "target", pair[1]))
        if resolved not in pairs:
            pairs.append(resolved)
    if explicit or not pairs:  # else the first pair given is the reference's
        pairs = [primary] + [p for p in pairs if p != primary]
    return pairs


def robustness(ds: Dataset, baseline: str = "rcdd-2019", target: str = "icdd-2021", frame: str = "function",
               methods=("keywords", "tfidf", "embedding"), langs=("en", "id"), units=("label", "description"),
               normalisations=NORMALISATIONS, top_ks=(1, 2), stems=(False,), kinds=None,
               n_permutations: int = 200, seed: int = 0, progress=False,
               baseline_scope: str | None = None, target_scope: str | None = None, scopes=None,
               bases=("item_text",)) -> Robustness:
    """Run the grid scope x method x lang x unit x stemming x normalisation x top-k and tally each claim.

    ``scopes``: pairs (baseline_scope, target_scope) the grid varies (None in a pair: that event's
    default scope). By default the presets of equal breadth that apply to both events
    (:func:`~icdd_analysis.items.default_scope_pairs`: for the bundled pair sessions → focus_areas,
    sessions+theme → focus_areas+panels+review, stated_agenda → stated_agenda), with the reference's
    pair (``baseline_scope``, ``target_scope``, or the events' defaults) first. With the older
    ``kinds`` and no ``scopes``, only the kinds given are used. ``bases`` adds one specification per
    evidence basis: the project coding restricted to it (``compare(..., method="coding", basis=b)``), so a
    claim that rests on inferred descriptions or source context shows a lower share.

    The claims are those of the project coding under the reference's pair: continuity claims ("F3
    continued") and link claims ("icdd-2021-fa-2 <- rcdd-2019-session-2"). :attr:`Robustness.claims`
    gives each the share of all specifications in which it holds; :attr:`Robustness.claims_by_scope`
    the share per scope pair and whether the project coding makes the claim under that scope. A claim
    is ``scope_dependent`` when the project coding makes it under some scopes and not others, or when it
    holds in most (> :data:`HOLDS_SHARE`) specifications of some scope and not of another.

    ``progress``: True prints the specification being run to stderr; a callable gets ``(done, total)``
    before each specification and at the end (it may raise to stop the run).

    Specifications that cannot run (an item without text in that language) are recorded with the
    reason, not silently dropped. A permutation baseline (for the reference's pair) re-splits the pooled
    items at random ``n_permutations`` times (fixed ``seed``) to show how many continued codes and how
    high a best-match similarity chance alone gives. Its p-value counts a re-split as at least as
    extreme when its statistic is >= the observed one minus 1e-9 (:data:`stats.TIE_TOLERANCE`): a value
    within 1e-9 of the observed counts as equal, so that ties do not depend on the CPU or maths library.
    """
    # Checked here, not per specification: the grid records a specification that cannot run and goes on.
    check_comparable(ds, baseline, target, frame, needs_coding=True)  # the project coding is the reference
    pairs = _scope_pairs(ds, baseline, target, baseline_scope, target_scope, scopes, kinds)
    grid = [Spec(method=m, lang=l, unit=u, normalisation=n, top_k=k, stem=s)
            for m, l, u, s, n, k in itertools.product(methods, langs, units, stems, normalisations, top_ks)
            if not (s and l == "en")]
    grid += [Spec(method="coding", basis=b) for b in bases]
    spec_rows, cont_rows, link_rows = [], [], []
    references: dict[tuple[str, str], Comparison] = {}
    frame_obj = get_frame(ds, frame)
    selected: dict[tuple, tuple[Items, Items] | IcddError] = {}  # items depend only on the scopes, languages and unit

    def sides(pair, spec: Spec) -> tuple[Items, Items]:
        key = (pair, spec.langs, spec.unit)
        if key not in selected:
            try:
                selected[key] = tuple(select_scope(ds, event, scope, spec.langs, spec.unit, "error", f"{side}_scope")
                                      for event, scope, side in ((baseline, pair[0], "baseline"), (target, pair[1], "target")))
            except IcddError as exc:  # the same reason for every specification of these scopes, language and unit
                selected[key] = exc
        if isinstance(selected[key], IcddError):
            raise selected[key]
        return selected[key]

    total = len(grid) * len(pairs)
    for pair, spec in itertools.product(pairs, grid):
        number = len(spec_rows) + 1
        if callable(progress):  # e.g. the explorer's progress bar; it may raise to stop the run
            progress(number - 1, total)
        elif progress:
            print(f"\rrobustness: specification {number}/{total} ({scope_label(*pair)}, {spec.method}, {spec.lang}, "
                  f"{spec.unit})", end="", file=sys.stderr, flush=True)
        row = {"spec_id": number, "baseline_scope": pair[0], "target_scope": pair[1], **spec.__dict__,
               "ran": True, "reason": ""}
        try:
            _check_spec(spec)
            cmp_ = _run(ds, spec, frame_obj, *sides(pair, spec))
        except IcddError as exc:
            row.update(ran=False, reason=str(exc))
            spec_rows.append(row)
            continue
        spec_rows.append(row)
        for _, c in cmp_.continuity.iterrows():
            cont_rows.append({"spec_id": number, "code": c["code"], "status": c["status"]})
        for _, lk in cmp_.links[cmp_.links["rank"] == 1].iterrows():
            link_rows.append({"spec_id": number, "target_item": lk["target_item"], "baseline_item": lk["baseline_item"]})
    if callable(progress):
        progress(total, total)
    elif progress:
        print(file=sys.stderr)
    for pair in pairs:
        references[pair] = compare(ds, baseline, target, method="coding", frame=frame,
                                   baseline_scope=pair[0], target_scope=pair[1])
    specs = pd.DataFrame(spec_rows)
    continuity = pd.DataFrame(cont_rows, columns=["spec_id", "code", "status"])
    links = pd.DataFrame(link_rows, columns=["spec_id", "target_item", "baseline_item"])
    claims, by_scope = _claims(specs, continuity, links, references, pairs)
    permutation = _permutation(ds, baseline, target, frame, ("coding",) + tuple(m for m in methods if m != "coding"),
                               pairs[0], n_permutations, seed)
    return Robustness(specs, continuity, links, claims, permutation, by_scope, tuple(pairs))


def _claims(specs: pd.DataFrame, continuity: pd.DataFrame, links: pd.DataFrame,
            references: dict[tuple[str, str], Comparison], pairs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reference's claims with their share overall and per scope pair, and the scope-dependent flag."""
    reference = references[pairs[0]]
    ran_specs = specs[specs["ran"]] if len(specs) else specs
    scope_of = {int(r.spec_id): (r.baseline_scope, r.target_scope) for r in ran_specs.itertuples()} if len(specs) else {}
    ran_per_scope = {pair: sum(1 for p in scope_of.values() if p == pair) for pair in pairs}

    def statuses(ref: Comparison) -> dict[str, str]:
        return dict(zip(ref.continuity["code"], ref.continuity["status"]))

    def best_links(ref: Comparison) -> dict[str, set[str]]:
        best = ref.links[ref.links["rank"] == 1]
        return {t: set(best.loc[best["target_item"] == t, "baseline_item"]) for t in ref.target.ids}

    ref_status = statuses(reference)
    candidates = []  # (kind, subject, claim, applies(pair) -> bool, in_reference(pair) -> bool, spec_ids holding it)
    codes = sorted(set(continuity["code"]) | set(ref_status), key=reference.frame.code_ids.index)
    for code in codes:
        for status in STATUS_ORDER:
            holding = set(continuity.loc[(continuity["code"] == code) & (continuity["status"] == status), "spec_id"])
            if holding or ref_status.get(code) == status:
                candidates.append(("continuity", code, status, lambda pair: True,
                                   lambda pair, c=code, s=status: statuses(references[pair]).get(c) == s, holding))
    ref_best = best_links(reference)
    for target_item in reference.target.ids:
        found = links[links["target_item"] == target_item]
        for baseline_item in sorted(set(found["baseline_item"]) | ref_best[target_item]):
            holding = set(found.loc[found["baseline_item"] == baseline_item, "spec_id"])
            candidates.append((
                "link", target_item, baseline_item,
                lambda pair, t=target_item, b=baseline_item: t in references[pair].target.ids and b in references[pair].baseline.ids,
                lambda pair, t=target_item, b=baseline_item: b in best_links(references[pair]).get(t, set()),
                holding))

    rows, by_scope = [], []
    for kind, subject, claim, applies, in_ref, holding in candidates:
        verdicts, answers, applicable_ran, count = set(), set(), 0, 0
        for pair in pairs:
            n = ran_per_scope[pair]
            ok = applies(pair)
            held = sum(1 for sid in holding if scope_of.get(int(sid)) == pair)
            share = held / n if ok and n else float("nan")
            answer = bool(ok and in_ref(pair))
            by_scope.append({"kind": kind, "subject": subject, "claim": claim, "scope": scope_label(*pair),
                             "baseline_scope": pair[0], "target_scope": pair[1], "n_specs": n if ok else 0,
                             "share": share, "in_reference": answer})
            if ok:
                applicable_ran += n
                count += held
                answers.add(answer)
                if n:
                    verdicts.add(share > HOLDS_SHARE)
        rows.append({"kind": kind, "subject": subject, "claim": claim, "n_specs": applicable_ran,
                     "share": count / applicable_ran if applicable_ran else float("nan"),
                     "in_reference": ((kind == "continuity" and ref_status.get(subject) == claim)
                                      or (kind == "link" and claim in ref_best.get(subject, set()))),
                     "scope_dependent": len(answers) > 1 or len(verdicts) > 1})
    columns = ["kind", "subject", "claim", "n_specs", "share", "in_reference", "scope_dependent"]
    scope_columns = ["kind", "subject", "claim", "scope", "baseline_scope", "target_scope", "n_specs", "share", "in_reference"]
    return pd.DataFrame(rows, columns=columns), pd.DataFrame(by_scope, columns=scope_columns)


def _permutation(ds, baseline, target, frame, methods, pair, n_permutations: int, seed: int) -> pd.DataFrame:
    """Observed statistics, their distribution over random re-splits and p-values (see :func:`robustness`).

    A re-split that reproduces the observed best matches gives the same mean summed in another order,
    so it can differ from the observed value in the last bits; :func:`stats.permutation_p_value` counts
    a null value within :data:`stats.TIE_TOLERANCE` (1e-9) of the observed one as equal.
    """
    rows = []
    for method in methods:
        cmp_ = compare(ds, baseline, target, method=method, frame=frame, baseline_scope=pair[0], target_scope=pair[1])
        pooled = Items("pooled", cmp_.baseline.ids + cmp_.target.ids,
                       {lang: cmp_.baseline.texts[lang] + cmp_.target.texts[lang] for lang in cmp_.spec.langs})
        codes = _code_matrix(ds, cmp_.spec, cmp_.frame, pooled).to_numpy(bool)
        sim = (_jaccard(pd.DataFrame(codes), pd.DataFrame(codes)) if METHODS[method].kind == "set"
               else settle(METHODS[method].item_similarity(ds, pooled, pooled, cmp_.spec, cmp_.spec.langs[0])))
        n_b = len(cmp_.baseline)

        def statistics(order: np.ndarray) -> tuple[int, float]:
            b, t = order[:n_b], order[n_b:]
            continued = int((codes[b].any(0) & codes[t].any(0)).sum())
            return continued, float(sim[np.ix_(t, b)].max(1).mean())

        observed = statistics(np.arange(len(pooled)))
        rng = np.random.default_rng(seed)
        null = np.array([statistics(rng.permutation(len(pooled))) for _ in range(n_permutations)])
        for j, name in enumerate(("continued_codes", "mean_best_similarity")):
            rows.append({"method": method, "statistic": name, "observed": observed[j],
                         "null_mean": float(null[:, j].mean()), "null_p95": float(np.quantile(null[:, j], 0.95)),
                         "p_value": stats.permutation_p_value(null[:, j], observed[j]),
                         "n_permutations": n_permutations})
    return pd.DataFrame(rows)

