"""Compare the agendas of two events: similarity, links, continuity by frame code; agreement; robustness.

This module knows items, frames and scores, and nothing of files. Every method answers through the
same :class:`~icdd_analysis.methods.Method` interface, so a comparison, the agreement between methods
and the robustness grid are written once for all of them.
"""

from __future__ import annotations

import itertools
import sys
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import stats
from .data import Dataset
from .errors import IcddError
from .frames import DERIVED, Frame, basis_names, frame_ids, get_frame
from .methods import METHODS, NORMALISATIONS, UNITS, Items, Spec
from .text import check_lang

#: The event kind whose agendas are compared (events.csv ``kind``).
CONFERENCE_KIND = "conference"
#: When ``kinds`` is not given, each event is represented by the first of these kinds it has:
#: the Bali Message's focus areas for ICDD 2021, the three sessions for RCDD 2019.
DEFAULT_KIND_ORDER = ("focus_area", "session", "panel", "review_theme", "theme", "aim", "emphasis", "outcome_point")
STATUS_ORDER = ("continued", "new", "dropped")
#: Similarities and code scores are rounded to this many decimals before anything ranks, sorts or
#: compares them: float64 products differ in their last bits between CPUs and BLAS kernels (FMA or
#: not, thread count), and a tie must not be broken by those bits.
SIMILARITY_DECIMALS = 12
CAVEAT = (
    "Few short items (press summaries, not full texts) and one documented human coding: "
    "read the result as indicative, not as a measurement."
)


class MissingTextWarning(UserWarning):
    """Items were left out because they have no text in the requested language."""


def item_texts(item: pd.Series, lang: str, unit: str) -> str | None:
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


def default_kinds(ds: Dataset, event_id: str) -> list[str]:
    present = set(ds.event(event_id).items()["kind"].astype(str))
    return [next((k for k in DEFAULT_KIND_ORDER if k in present), DEFAULT_KIND_ORDER[0])]


def _kinds_for(ds: Dataset, event_id: str, kinds, side: str) -> list[str]:
    if isinstance(kinds, dict):
        kinds = kinds.get(side)
    if kinds is None:
        return default_kinds(ds, event_id)
    return [kinds] if isinstance(kinds, str) else list(kinds)


def select_items(ds: Dataset, event_id: str, kinds: list[str], langs: tuple[str, ...], unit: str,
                 on_missing: str = "warn") -> Items:
    """The event's items of ``kinds`` with a text in every language of ``langs``."""
    frame = ds.event(event_id).items(kind=kinds)
    if frame.empty:
        raise IcddError(f"event {event_id!r} has no agenda items of kind {', '.join(kinds)}.")
    texts = {lang: [item_texts(row, lang, unit) for _, row in frame.iterrows()] for lang in langs}
    keep = [i for i in range(len(frame)) if all(texts[lang][i] for lang in langs)]
    dropped = [str(frame["item_id"].iloc[i]) for i in range(len(frame)) if i not in keep]
    if dropped:
        message = (
            f"{event_id}: no {'/'.join(langs)} text for {', '.join(dropped)}"
            f" (unit={unit!r}); {'they are left out' if keep else 'nothing is left to compare'}."
        )
        if on_missing == "error" or not keep:
            raise IcddError(message + " Choose another lang, unit or kinds.")
        warnings.warn(message, MissingTextWarning, stacklevel=3)
    return Items(
        event_id=event_id,
        ids=tuple(str(frame["item_id"].iloc[i]) for i in keep),
        texts={lang: tuple(texts[lang][i] for i in keep) for lang in langs},
    )


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


class NotComparableError(IcddError, ValueError):
    """Two events (and a frame) that cannot be compared; ``parameter`` names the argument at fault."""

    def __init__(self, parameter: str, reason: str):
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason


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
    if on_missing not in ("warn", "error"):
        raise IcddError(f"on_missing must be 'warn' or 'error', not {on_missing!r}.")
    frame_obj = get_frame(ds, frame_id)
    check_comparable(ds, baseline, target, frame_id, needs_coding=spec.method == "coding")
    return frame_obj


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
            f"{self.target.event_id} ({len(self.target)} items) compared with {self.baseline.event_id} "
            f"({len(self.baseline)} items) by {s.method} (lang={s.lang}, unit={s.unit}, "
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
            on_missing: str = "warn", basis: str = "all") -> Comparison:
    """Compare the agenda of ``target`` with that of ``baseline``.

    ``kinds``: item kinds for both sides (a string or list), or ``{"baseline": ..., "target": ...}``;
    by default each event's first kind of :data:`DEFAULT_KIND_ORDER`. ``normalisation`` defaults to
    the method's own (raw, or centred for embeddings). Items without text in ``lang`` are left out with
    a :class:`MissingTextWarning` (``on_missing="error"`` raises instead). ``basis`` (coding only) keeps
    the codings whose evidence has that basis: "item_text" uses only the items' own words.
    """
    if method not in METHODS:
        raise IcddError(f"unknown method {method!r}; valid: {', '.join(METHODS)}.")
    spec = Spec(method=method, lang=lang, unit=unit, top_k=top_k, stem=stem, basis=basis,
                normalisation=normalisation or METHODS[method].default_normalisation)
    frame_obj = _validate(ds, spec, baseline, target, frame, on_missing)
    base_items = select_items(ds, baseline, _kinds_for(ds, baseline, kinds, "baseline"), spec.langs, unit, on_missing)
    target_items = select_items(ds, target, _kinds_for(ds, target, kinds, "target"), spec.langs, unit, on_missing)
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
    rows = []
    for position, code in enumerate(frame_obj.code_ids):
        b_items = [i for i in codes["baseline"].index if codes["baseline"].at[i, code]]
        t_items = [i for i in codes["target"].index if codes["target"].at[i, code]]
        if not b_items and not t_items:
            continue
        status = "continued" if b_items and t_items else ("new" if t_items else "dropped")
        rows.append({"code": code, "label": frame_obj.label(code), "in_baseline": bool(b_items),
                     "in_target": bool(t_items), "status": status, "baseline_items": "; ".join(b_items),
                     "target_items": "; ".join(t_items), "_order": (STATUS_ORDER.index(status), position)})
    columns = ["code", "label", "in_baseline", "in_target", "status", "baseline_items", "target_items"]
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
              top_k: int = 1, stem: bool = False, reference: str = "coding") -> Agreement:
    """Score each method's codes against the reference (the project coding) over the compared items.

    Cells are item x code, over the codes that any coder used (the others are agreed zeros that would
    inflate percent agreement). Statistics: percent agreement, Cohen's kappa, Krippendorff's alpha
    (nominal), Gwet's AC1 (stable under skewed prevalence), and per-code precision and recall.
    """
    coders = [reference] + [m for m in methods if m != reference]
    check_comparable(ds, baseline, target, frame, needs_coding="coding" in coders)
    matrices: dict[str, pd.DataFrame] = {}
    frame_obj = None
    for coder in coders:
        cmp_ = compare(ds, baseline, target, method=coder, lang=lang, kinds=kinds, frame=frame, unit=unit,
                       top_k=top_k, stem=stem)
        frame_obj = cmp_.frame
        matrices[coder] = pd.concat([cmp_.codes["baseline"], cmp_.codes["target"]])
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


@dataclass(frozen=True)
class Robustness:
    """Which claims hold across specifications, and what chance gives."""

    specs: pd.DataFrame  # one row per specification that ran
    continuity: pd.DataFrame  # spec_id x code: status in that specification
    links: pd.DataFrame  # spec_id x target item: best baseline item(s)
    claims: pd.DataFrame  # claim, share of specifications in which it holds, the reference's answer
    permutation: pd.DataFrame  # per method: observed statistic, its permutation distribution, p-value


def robustness(ds: Dataset, baseline: str = "rcdd-2019", target: str = "icdd-2021", frame: str = "function",
               methods=("keywords", "tfidf", "embedding"), langs=("en", "id"), units=("label", "description"),
               normalisations=NORMALISATIONS, top_ks=(1, 2), stems=(False,), kinds=None,
               n_permutations: int = 200, seed: int = 0, progress: bool = False,
               bases=("item_text",)) -> Robustness:
    """Run the grid method x lang x unit x stemming x normalisation x top-k and tally each claim.

    ``bases`` adds one specification per evidence basis: the project coding restricted to it
    (``compare(..., method="coding", basis=b)``), so a claim that rests on inferred descriptions or
    source context shows a lower share.

    Continuity claims ("F3 continued") and link claims ("icdd-2021-fa-2 <- rcdd-2019-session-2") get the
    share of specifications in which they hold, beside the project coding's answer. Specifications that
    cannot run (an item without text in that language) are recorded with the reason, not silently dropped.
    A permutation baseline re-splits the pooled items at random ``n_permutations`` times (fixed ``seed``)
    to show how many continued codes and how high a best-match similarity chance alone gives. Its
    p-value counts a re-split as at least as extreme when its statistic is >= the observed one minus
    1e-9 (:data:`stats.TIE_TOLERANCE`): a value within 1e-9 of the observed counts as equal, so that
    ties do not depend on the CPU or maths library.
    """
    # Checked here, not per specification: the grid records a specification that cannot run and goes on.
    check_comparable(ds, baseline, target, frame, needs_coding=True)  # the project coding is the reference
    grid = [Spec(method=m, lang=l, unit=u, normalisation=n, top_k=k, stem=s)
            for m, l, u, s, n, k in itertools.product(methods, langs, units, stems, normalisations, top_ks)
            if not (s and l == "en")]
    grid += [Spec(method="coding", basis=b) for b in bases]
    spec_rows, cont_rows, link_rows = [], [], []
    for number, spec in enumerate(grid, start=1):
        if progress:
            print(f"\rrobustness: specification {number}/{len(grid)} ({spec.method}, {spec.lang}, {spec.unit})",
                  end="", file=sys.stderr, flush=True)
        row = {"spec_id": number, **spec.__dict__, "ran": True, "reason": ""}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", MissingTextWarning)
                cmp_ = compare(ds, baseline, target, method=spec.method, lang=spec.lang, kinds=kinds, frame=frame,
                               unit=spec.unit, normalisation=spec.normalisation, top_k=spec.top_k, stem=spec.stem,
                               basis=spec.basis)
        except (IcddError, MissingTextWarning) as exc:
            row.update(ran=False, reason=str(exc))
            spec_rows.append(row)
            continue
        spec_rows.append(row)
        for _, c in cmp_.continuity.iterrows():
            cont_rows.append({"spec_id": number, "code": c["code"], "status": c["status"]})
        for _, lk in cmp_.links[cmp_.links["rank"] == 1].iterrows():
            link_rows.append({"spec_id": number, "target_item": lk["target_item"], "baseline_item": lk["baseline_item"]})
    if progress:
        print(file=sys.stderr)
    specs = pd.DataFrame(spec_rows)
    continuity = pd.DataFrame(cont_rows, columns=["spec_id", "code", "status"])
    links = pd.DataFrame(link_rows, columns=["spec_id", "target_item", "baseline_item"])
    reference = compare(ds, baseline, target, method="coding", kinds=kinds, frame=frame)
    claims = _claims(specs, continuity, links, reference)
    permutation = _permutation(ds, baseline, target, frame, ("coding",) + tuple(m for m in methods if m != "coding"),
                               kinds, n_permutations, seed)
    return Robustness(specs, continuity, links, claims, permutation)


def _claims(specs: pd.DataFrame, continuity: pd.DataFrame, links: pd.DataFrame, reference: Comparison) -> pd.DataFrame:
    ran = int(specs["ran"].sum()) if len(specs) else 0
    rows = []
    ref_status = dict(zip(reference.continuity["code"], reference.continuity["status"]))
    codes = sorted(set(continuity["code"]) | set(ref_status), key=reference.frame.code_ids.index)
    for code in codes:
        statuses = continuity.loc[continuity["code"] == code, "status"]
        for status in STATUS_ORDER:
            count = int((statuses == status).sum())
            if count or ref_status.get(code) == status:
                rows.append({"kind": "continuity", "subject": code, "claim": status, "n_specs": ran,
                             "share": count / ran if ran else float("nan"), "in_reference": ref_status.get(code) == status})
    ref_links = reference.links[reference.links["rank"] == 1]
    for target_item in reference.target.ids:
        ref_best = set(ref_links.loc[ref_links["target_item"] == target_item, "baseline_item"])
        found = links.loc[links["target_item"] == target_item, "baseline_item"]
        for baseline_item in sorted(set(found) | ref_best):
            count = int((found == baseline_item).sum())
            rows.append({"kind": "link", "subject": target_item, "claim": baseline_item, "n_specs": ran,
                         "share": count / ran if ran else float("nan"), "in_reference": baseline_item in ref_best})
    return pd.DataFrame(rows, columns=["kind", "subject", "claim", "n_specs", "share", "in_reference"])


def _permutation(ds, baseline, target, frame, methods, kinds, n_permutations: int, seed: int) -> pd.DataFrame:
    """Observed statistics, their distribution over random re-splits and p-values (see :func:`robustness`).

    A re-split that reproduces the observed best matches gives the same mean summed in another order,
    so it can differ from the observed value in the last bits; :func:`stats.permutation_p_value` counts
    a null value within :data:`stats.TIE_TOLERANCE` (1e-9) of the observed one as equal.
    """
    rows = []
    for method in methods:
        cmp_ = compare(ds, baseline, target, method=method, kinds=kinds, frame=frame)
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

