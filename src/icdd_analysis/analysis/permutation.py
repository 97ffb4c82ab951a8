"""The permutation baseline of a robustness grid: what chance alone gives, for all re-splits at once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import stats
from ..data import Dataset
from ..items import Items
from ..methods import METHODS
from .compare import Comparison, code_matrix
from .numeric import jaccard, settle
from .prepared import prepared

STATISTICS = ("continued_codes", "mean_best_similarity")


def resplits(n_items: int, n_permutations: int, seed: int) -> np.ndarray:
    """``n_permutations`` x ``n_items``: each row a random order of the pooled items.

    Drawn one by one from ``np.random.default_rng(seed)``, as the test always drew them, so a seed
    gives the same re-splits (and the same p-values) as before the batched statistics.
    """
    rng = np.random.default_rng(seed)
    return np.array([rng.permutation(n_items) for _ in range(n_permutations)], dtype=np.intp).reshape(n_permutations, n_items)


def split_statistics(codes: np.ndarray, sim: np.ndarray, orders: np.ndarray, n_baseline: int) -> np.ndarray:
    """Per order (row of ``orders``): the codes both halves have, and the target half's mean best-match similarity.

    The first ``n_baseline`` items of an order are the baseline, the rest the target; ``codes`` is the
    pooled items x codes (bool), ``sim`` the pooled x pooled similarity. Returns orders x 2 (float64).
    """
    b, t = orders[:, :n_baseline], orders[:, n_baseline:]
    continued = (codes[b].any(axis=1) & codes[t].any(axis=1)).sum(axis=1)
    best = sim[t[:, :, None], b[:, None, :]].max(axis=2)
    mean_best = np.array([row.mean() for row in best], dtype=np.float64)  # each as np.mean of one re-split
    return np.column_stack([continued.astype(np.float64), mean_best])


def permutation_rows(ds: Dataset, cmp_: Comparison, n_permutations: int, seed: int,
                     orders: np.ndarray | None = None) -> list[dict]:
    """The two statistics of one method's comparison, their null distribution over re-splits, and p-values.

    A re-split that reproduces the observed best matches gives the same mean summed in another order,
    so it can differ from the observed value in the last bits; :func:`stats.permutation_p_value` counts
    a null value within :data:`stats.TIE_TOLERANCE` (1e-9) of the observed one as equal.
    """
    spec, method = cmp_.spec, METHODS[cmp_.spec.method]
    pooled = Items("pooled", cmp_.baseline.ids + cmp_.target.ids,
                   {lang: cmp_.baseline.texts[lang] + cmp_.target.texts[lang] for lang in spec.langs})
    codes = code_matrix(ds, spec, cmp_.frame, pooled)
    if method.kind == "set":
        sim = jaccard(codes, codes)
    else:
        memo = prepared(ds)
        sim = settle(sum(memo.item_similarity(ds, method, pooled, pooled, spec, lang) for lang in spec.langs)
                     / len(spec.langs))
    n = len(pooled)
    observed = split_statistics(codes, sim, np.arange(n)[None, :], len(cmp_.baseline))[0]
    if orders is None:
        orders = resplits(n, n_permutations, seed)
    null = split_statistics(codes, sim, orders, len(cmp_.baseline))
    rows = []
    for j, name in enumerate(STATISTICS):
        value = int(observed[j]) if j == 0 else float(observed[j])
        rows.append({"method": spec.method, "statistic": name, "observed": value,
                     "null_mean": float(null[:, j].mean()), "null_p95": float(np.quantile(null[:, j], 0.95)),
                     "p_value": stats.permutation_p_value(null[:, j], value), "n_permutations": n_permutations})
    return rows


def permutation_table(ds: Dataset, comparisons: list[Comparison], n_permutations: int, seed: int) -> pd.DataFrame:
    """:func:`permutation_rows` for each comparison (one per method), the re-splits drawn once per pool size."""
    drawn: dict[int, np.ndarray] = {}
    rows = []
    for cmp_ in comparisons:
        n = len(cmp_.baseline) + len(cmp_.target)
        if n not in drawn:
            drawn[n] = resplits(n, n_permutations, seed)
        rows += permutation_rows(ds, cmp_, n_permutations, seed, drawn[n])
    return pd.DataFrame(rows)
