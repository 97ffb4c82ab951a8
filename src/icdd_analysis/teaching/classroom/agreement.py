"""How far a class agrees: one student's coding as an items x codes matrix, Cohen's kappa for every pair of
coders at once, Krippendorff's alpha over all of them, and the cells where they split. The project's own
coding counts as one more coder (:data:`PROJECT_CODER`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...data import Dataset
from ...errors import IcddError
from ...frames import get_frame, project_coding
from ..exercises import compared_items

#: The name the project's own coding has among the class's coders.
PROJECT_CODER = "project-2026"


def coding_matrix(ds: Dataset, coding: dict[str, list[str]], frame: str = "function") -> pd.DataFrame:
    """One coding given as a dict (item -> codes) as an items x codes matrix; ``<NA>`` on items not coded."""
    frame_obj = get_frame(ds, frame)
    matrix = pd.DataFrame(pd.NA, index=pd.Index(compared_items(ds), name="item_id"), columns=frame_obj.code_ids,
                          dtype="boolean")
    for item, codes in coding.items():
        codes = [codes] if isinstance(codes, str) else list(codes or [])
        unknown = [c for c in codes if c not in matrix.columns]
        if item not in matrix.index or unknown:
            what = f"unknown codes {', '.join(map(repr, unknown))}" if unknown else "not an item to code"
            raise IcddError(f"coding_matrix: {item!r}: {what}; items: {', '.join(matrix.index)}; "
                            f"codes: {', '.join(matrix.columns)}.")
        if codes:
            matrix.loc[item] = False
        for code in codes:
            matrix.at[item, code] = True
    return matrix


def pairwise_kappa(cells: np.ndarray) -> np.ndarray:
    """Cohen's kappa for every pair of coders at once; ``cells`` is coders x cells of 0/1, NaN where not coded.

    Each pair is scored on the cells both coded. Equal to :func:`icdd_analysis.stats.cohen_kappa` (scikit-learn)
    pair by pair, and NaN where it is: no shared cell, or both coders constant on the shared cells. Matrix
    products replace the million scikit-learn calls a class of 1,000 would need.
    """
    present = ~np.isnan(cells)
    both = present.astype(float)
    ones = np.where(present, cells, 0.0)
    zeros = both - ones
    n = both @ both.T
    ones_a = ones @ both.T  # [a, b]: a's 1s on the cells a and b both coded
    ones_b = ones_a.T
    agree = ones @ ones.T + zeros @ zeros.T
    with np.errstate(divide="ignore", invalid="ignore"):
        pa, pb, po = ones_a / n, ones_b / n, agree / n
        pe = pa * pb + (1 - pa) * (1 - pb)
        kappa = (po - pe) / (1 - pe)
    constant_a = (ones_a == 0) | (ones_a == n)
    constant_b = constant_a.T
    kappa[(n == 0) | (constant_a & constant_b)] = np.nan
    return kappa


def _cells(matrix: pd.DataFrame, items: list[str], codes: list[str]) -> np.ndarray:
    """items x codes as floats (NaN: not coded); reindexing only when needed (it is 10x the cost of the rest)."""
    if not (list(matrix.index) == items and list(matrix.columns) == codes):
        matrix = matrix.reindex(index=items, columns=codes)
    return matrix.to_numpy(dtype=float, na_value=np.nan)


def class_agreement(ds: Dataset, codings: dict[str, pd.DataFrame], frame: str = "function",
                    include_project: bool = True, pairwise: bool = True) -> dict[str, object]:
    """Pairwise Cohen's kappa between coders, Krippendorff's alpha over all of them, and where they split.

    Items a coder has not coded (``<NA>``) are missing for that coder, not "no code": kappa uses the cells
    both coders coded, alpha handles missing values itself, and a split counts the coders of that item.
    Coders with no coded item at all are left out (``not_counted``). ``pairwise=False`` skips the coders x
    coders kappa table. The result also lists the ``incomplete`` coders.
    """
    import krippendorff

    frame_obj = get_frame(ds, frame)
    items, codes = compared_items(ds), frame_obj.code_ids
    coders: dict[str, np.ndarray] = {}
    if include_project:
        coders[PROJECT_CODER] = _cells(frame_obj.roll_up(project_coding(ds, frame_obj, items)), items, codes)
    for name, matrix in codings.items():
        coders[name if name not in coders else f"{name} (student)"] = _cells(matrix, items, codes)
    not_counted = [n for n, m in coders.items() if np.isnan(m).all()]
    names = [n for n in coders if n not in not_counted]
    cube = np.stack([coders[n] for n in names]) if names else np.empty((0, len(items), len(codes)))
    flat = cube.reshape(len(names), -1)
    incomplete = [n for n, m in zip(names, cube) if np.isnan(m).any()]

    table = None
    if pairwise:
        table = pd.DataFrame(pairwise_kappa(flat), index=pd.Index(names, name="coder"), columns=pd.Index(names, name="coder"))
    values = flat[~np.isnan(flat)]
    alpha = float("nan")
    if len(names) > 1 and len(np.unique(values)) > 1:
        alpha = float(krippendorff.alpha(reliability_data=flat, level_of_measurement="nominal"))
    coded = np.nansum(cube, axis=0)
    of = (~np.isnan(cube)).sum(axis=0)
    split = [{"item_id": item, "code": code, "coders_who_coded_it": int(coded[i, j]), "of": int(of[i, j])}
             for i, item in enumerate(items) for j, code in enumerate(codes) if 0 < coded[i, j] < of[i, j]]
    return {"pairwise_kappa": table, "krippendorff_alpha": alpha, "coders": names, "incomplete": incomplete,
            "not_counted": not_counted,
            "disagreements": pd.DataFrame(split, columns=["item_id", "code", "coders_who_coded_it", "of"])}
