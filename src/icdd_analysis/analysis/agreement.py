"""Each method scored as a coder against the project coding, and every pair of coders."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import stats
from ..data import Dataset
from ..frames import Frame
from ..methods import METHODS
from .checks import check_choice, check_choices, check_comparable, check_dataset
from .compare import Comparison, compare


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
    inflate percent agreement). ``baseline_scope`` / ``target_scope`` (or ``kinds``) as for :func:`compare`.
    ``methods`` is a list or tuple of method names. Statistics: percent agreement, Cohen's kappa,
    Krippendorff's alpha (nominal), Gwet's AC1 (stable under skewed prevalence), and per-code precision and recall.
    """
    check_dataset(ds)
    methods = check_choices("methods", methods, METHODS, allow_empty=True)
    check_choice("reference", reference, METHODS)
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
    aligned = [m.reindex(items) for m in matrices.values()]  # once per coder, not once per coder and code
    used = [c for c in frame_obj.code_ids if any(m[c].any() for m in aligned)]
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
