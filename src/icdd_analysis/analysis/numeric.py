"""The arithmetic of one specification on plain arrays: settling, normalisation, code assignment, ranks.

No pandas here: a robustness grid calls these hundreds of times on matrices of a few items, where a
DataFrame's bookkeeping would cost far more than the sums.
"""

from __future__ import annotations

import numpy as np

#: Similarities and code scores are rounded to this many decimals before anything ranks, sorts or
#: compares them: float64 products differ in their last bits between CPUs and BLAS kernels (FMA or
#: not, thread count), and a tie must not be broken by those bits.
SIMILARITY_DECIMALS = 12


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
    n = s.shape[1]
    if n == 1 or s.shape[0] == 0:
        return np.ones_like(s)
    return settle((average_ranks(s) - 1) / (n - 1))


def jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rows of ``a`` x rows of ``b``: |intersection| / |union| of their code sets (0 where both are empty)."""
    x, y = np.asarray(a, dtype=bool).astype(np.int64), np.asarray(b, dtype=bool).astype(np.int64)
    inter = x @ y.T
    union = x.sum(1)[:, None] + y.sum(1)[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        return settle(np.where(union > 0, inter / np.maximum(union, 1), 0.0))


def assign(scores: np.ndarray, kind: str, top_k: int) -> np.ndarray:
    """Codes an item gets: every positive code for set methods, the top-k positive ones for vector methods.

    Equal scores keep the frame's code order (a stable sort of :func:`settle`-d scores), so a tie is
    broken by the code, never by a CPU's last bit.
    """
    if kind == "set":
        return np.asarray(scores) > 0
    values = settle(scores)
    out = np.zeros(values.shape, dtype=bool)
    if values.size:
        order = np.argsort(-values, axis=1, kind="stable")[:, :top_k]
        rows = np.arange(values.shape[0])[:, None]
        out[rows, order] = values[rows, order] > 0
    return out


def min_ranks(sim: np.ndarray) -> np.ndarray:
    """Each cell's rank within its row, best (highest) first; equal values share the lowest rank (1, 1, 3)."""
    return 1 + (sim[:, None, :] > sim[:, :, None]).sum(axis=2)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Each cell's rank within its row, lowest first; equal values share the mean of their ranks (1, 2.5, 2.5).

    Counted exactly: (values below) + (equal values + 1) / 2, the mean of the ranks the ties occupy.
    """
    below = (values[:, None, :] < values[:, :, None]).sum(axis=2)
    equal = (values[:, None, :] == values[:, :, None]).sum(axis=2)
    return below + (equal + 1) / 2
