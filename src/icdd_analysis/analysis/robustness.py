"""Which claims of the project coding hold across a grid of specifications and scopes, and what chance gives.

A specification is array work (:func:`~.compare.evaluate` on matrices :mod:`.prepared` computed once);
the tables are built once at the end.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field

import pandas as pd

from ..data import Dataset
from ..errors import ArgumentError, IcddError
from ..items import Items, ScopeError, default_scope, default_scope_pairs, scope_kinds, scope_name
from ..frames import basis_names
from ..methods import BASES, METHODS, NORMALISATIONS, UNITS, Spec
from ..text import LANGS
from .checks import check_choice, check_choices, check_comparable, check_count, check_dataset, check_kinds, check_spec
from .claims import HOLDS_SHARE, scope_label, tally
from .compare import Comparison, best_links, compare, evaluate, statuses
from .permutation import permutation_table
from .prepared import prepared

__all__ = ["HOLDS_SHARE", "Robustness", "robustness", "scope_label"]


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
    #: The project coding's comparison (method "coding", English texts) per scope pair: the reference the
    #: claims come from, computed once; callers take it from here instead of computing it again.
    references: dict[tuple[str, str], Comparison] = field(default_factory=dict)

    @property
    def reference(self) -> Comparison | None:
        """The reference comparison of the first scope pair (the one the claims are stated for)."""
        return self.references.get(self.scopes[0]) if self.scopes else None

    def claims_table(self) -> pd.DataFrame:
        """Claims x scope pairs: the share of specifications per scope, as a wide table."""
        by = self.claims_by_scope
        wide = by.pivot_table(index=["kind", "subject", "claim"], columns="scope", values="share", sort=False, dropna=False)
        return wide.reindex(columns=[scope_label(b, t) for b, t in self.scopes])


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
    if isinstance(scopes, (str, bytes)) or not hasattr(scopes, "__iter__"):
        raise ScopeError("scopes", f"{scopes!r} is not a list of pairs (baseline_scope, target_scope).")
    pairs: list[tuple[str, str]] = []
    for pair in scopes:
        if isinstance(pair, str) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise ScopeError("scopes", f"{pair!r} is not a pair (baseline_scope, target_scope).")
        resolved = (resolve(baseline, "baseline", pair[0]), resolve(target, "target", pair[1]))
        if resolved not in pairs:
            pairs.append(resolved)
    if explicit or not pairs:  # else the first pair given is the reference's
        pairs = [primary] + [p for p in pairs if p != primary]
    return pairs


def _check_grid(methods, langs, units, normalisations, top_ks, stems, bases, n_permutations, seed, text_lang) -> tuple:
    """The grid's axes as tuples, each value checked (an unknown value would only record specifications that never ran)."""
    methods = check_choices("methods", methods, METHODS, allow_empty=True)
    langs = check_choices("langs", langs, LANGS + ("both",))
    units = check_choices("units", units, UNITS)
    normalisations = check_choices("normalisations", normalisations, NORMALISATIONS)
    if isinstance(top_ks, (str, bytes)) or not hasattr(top_ks, "__iter__"):
        raise ArgumentError("top_ks", f"{top_ks!r} is not a list of whole numbers of at least 1 (e.g. top_ks=(1, 2)).")
    top_ks = tuple(check_count("top_ks", k) for k in top_ks)
    stems = check_choices("stems", stems, (False, True))
    if isinstance(bases, (str, bytes)) or not hasattr(bases, "__iter__"):
        raise ArgumentError("bases", f"{bases!r} is not a list of evidence bases; give a list or tuple of: "
                                     f"all, {', '.join(BASES)} (or several joined by '+').")
    bases = tuple(bases)
    for basis in bases:
        try:
            basis_names(basis)
        except IcddError as exc:
            raise ArgumentError("bases", str(exc)) from None
    check_count("n_permutations", n_permutations)
    check_count("seed", seed, minimum=0)
    check_choice("text_lang", text_lang, LANGS + ("both",))
    return methods, langs, units, normalisations, top_ks, stems, bases


def robustness(ds: Dataset, baseline: str = "rcdd-2019", target: str = "icdd-2021", frame: str = "function",
               methods=("keywords", "tfidf", "embedding"), langs=("en", "id"), units=("label", "description"),
               normalisations=NORMALISATIONS, top_ks=(1, 2), stems=(False,), kinds=None,
               n_permutations: int = 200, seed: int = 0, progress=False,
               baseline_scope: str | None = None, target_scope: str | None = None, scopes=None,
               bases=("item_text",), text_lang: str = "en") -> Robustness:
    """Run the grid scope x method x lang x unit x stemming x normalisation x top-k and tally each claim.

    ``methods``: the methods the grid and the permutation test run (only these; the project coding is
    always the reference). ``scopes``: pairs (baseline_scope, target_scope) the grid varies (None in a pair: that event's
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
    :attr:`Robustness.references` holds the project coding's comparison per scope pair
    (:attr:`Robustness.reference` the first's).

    ``progress``: True prints the specification being run to stderr; a callable gets ``(done, total)``
    before each specification and at the end (it may raise to stop the run).

    Specifications that cannot run (an item without text in that language) are recorded with the
    reason, not silently dropped. A permutation baseline (for the reference's pair) re-splits the pooled
    items at random ``n_permutations`` times (fixed ``seed``) to show how many continued codes and how
    high a best-match similarity chance alone gives; its comparisons read the texts in ``text_lang``
    (default English; a report in another text language passes its own, so the test speaks of the
    comparisons it shows). Its p-value counts a re-split as at least as
    extreme when its statistic is >= the observed one minus 1e-9 (:data:`stats.TIE_TOLERANCE`): a value
    within 1e-9 of the observed counts as equal, so that ties do not depend on the CPU or maths library.
    """
    check_dataset(ds)
    check_kinds(kinds)
    methods, langs, units, normalisations, top_ks, stems, bases = _check_grid(
        methods, langs, units, normalisations, top_ks, stems, bases, n_permutations, seed, text_lang)
    # Checked here, not per specification: the grid records a specification that cannot run and goes on.
    check_comparable(ds, baseline, target, frame, needs_coding=True)  # the project coding is the reference
    pairs = _scope_pairs(ds, baseline, target, baseline_scope, target_scope, scopes, kinds)
    grid = [Spec(method=m, lang=l, unit=u, normalisation=n, top_k=k, stem=s)
            for m, l, u, s, n, k in itertools.product(methods, langs, units, stems, normalisations, top_ks)
            if not (s and l == "en")]
    grid += [Spec(method="coding", basis=b) for b in bases]
    memo = prepared(ds)
    frame_obj = memo.frame(ds, frame)
    code_ids = frame_obj.code_ids
    selected: dict[tuple, tuple[Items, Items] | IcddError] = {}  # items depend only on the scopes, languages and unit

    def sides(pair, spec: Spec) -> tuple[Items, Items]:
        key = (pair, spec.langs, spec.unit)
        if key not in selected:
            try:
                selected[key] = tuple(memo.side(ds, event, scope, spec.langs, spec.unit, "error", f"{side}_scope")
                                      for event, scope, side in ((baseline, pair[0], "baseline"), (target, pair[1], "target")))
            except IcddError as exc:  # the same reason for every specification of these scopes, language and unit
                selected[key] = exc
        if isinstance(selected[key], IcddError):
            raise selected[key]
        return selected[key]

    spec_rows, cont_rows, link_rows = [], [], []
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
            check_spec(spec)
            base_items, target_items = sides(pair, spec)
            ev = evaluate(ds, spec, frame_obj, base_items, target_items)
        except IcddError as exc:
            row.update(ran=False, reason=str(exc))
            spec_rows.append(row)
            continue
        spec_rows.append(row)
        cont_rows += [(number, code_ids[position], status) for position, status in statuses(frame_obj, ev.codes)]
        best = best_links(ev)
        link_rows += [(number, target_items.ids[t], b) for t in range(best.shape[0])
                      for b in sorted(base_items.ids[j] for j in best[t].nonzero()[0])]
    if callable(progress):
        progress(total, total)
    elif progress:
        print(file=sys.stderr)
    references = {pair: compare(ds, baseline, target, method="coding", frame=frame,
                                baseline_scope=pair[0], target_scope=pair[1]) for pair in pairs}
    specs = pd.DataFrame(spec_rows)
    continuity = pd.DataFrame(cont_rows, columns=["spec_id", "code", "status"])
    links = pd.DataFrame(link_rows, columns=["spec_id", "target_item", "baseline_item"])
    claims, by_scope = tally(specs, continuity, links, references, pairs)
    chance = []
    for method in ("coding",) + tuple(m for m in methods if m != "coding"):
        if method == "coding" and text_lang == "en":
            chance.append(references[pairs[0]])  # the same comparison: computed once
        else:
            chance.append(compare(ds, baseline, target, method=method, lang=text_lang, frame=frame,
                                  baseline_scope=pairs[0][0], target_scope=pairs[0][1]))
    permutation = permutation_table(ds, chance, n_permutations, seed)
    return Robustness(specs, continuity, links, claims, permutation, by_scope, tuple(pairs), references)
