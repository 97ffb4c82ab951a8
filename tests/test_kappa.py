"""stats.cohen_kappa counts integer and boolean codes with numpy: the same value as scikit-learn's
cohen_kappa_score, bit for bit (tolerance 0), on random codings and on the degenerate ones."""

from __future__ import annotations

import warnings

import numpy as np

from icdd_analysis import stats


def _sklearn(a, b) -> float:
    """stats.cohen_kappa as it was: scikit-learn's value, NaN where both coders are constant."""
    from sklearn.metrics import cohen_kappa_score

    if a.size == 0 or (len(set(a.tolist())) == 1 and len(set(b.tolist())) == 1):
        return float("nan")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(a, b))


def _cases():
    rng = np.random.default_rng(20260101)
    for _ in range(400):
        n = int(rng.integers(1, 400))
        k = int(rng.choice([2, 2, 2, 3, 5]))
        p = rng.dirichlet(np.ones(k) * rng.choice([0.2, 1.0, 5.0]))
        a = rng.choice(k, size=n, p=p)
        b = np.where(rng.random(n) < rng.random(), a, rng.choice(k, size=n, p=p))  # agreeing in part
        yield a, b
        yield a.astype(bool) if k == 2 else a.astype(np.int32), b.astype(bool) if k == 2 else b.astype(np.int32)
    ones, zeros = np.ones(7, dtype=int), np.zeros(7, dtype=int)
    mixed = np.array([0, 1, 0, 0, 1, 1, 0])
    yield from [(zeros, zeros), (ones, ones), (zeros, ones), (ones, zeros), (zeros, mixed), (mixed, zeros),
                (ones, mixed), (mixed, ones), (mixed, mixed), (mixed, 1 - mixed), (np.array([1]), np.array([0])),
                (np.array([0]), np.array([0])), (np.array([], dtype=int), np.array([], dtype=int)),
                (np.array([3, 3, 7]), np.array([7, 3, 3])), (np.array([-1, 2, 2, 5]), np.array([2, 2, -1, 9]))]


def test_kappa_is_scikit_learns_to_the_last_bit():
    checked = 0
    for a, b in _cases():
        ours, theirs = stats.cohen_kappa(a, b), _sklearn(a, b)
        assert (np.isnan(ours) and np.isnan(theirs)) or ours == theirs, (a, b, ours, theirs)
        assert type(ours) is float
        checked += 1
    assert checked > 800


def test_kappa_of_other_labels_is_still_scikit_learns():
    a, b = np.array(["x", "y", "x", "x"]), np.array(["x", "y", "y", "x"])
    assert stats.cohen_kappa(a, b) == _sklearn(a, b) == 0.5
