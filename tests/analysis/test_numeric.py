"""The array arithmetic of one specification, against the pandas operations it replaced."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from icdd_analysis.analysis.numeric import assign, average_ranks, min_ranks, normalise


@pytest.fixture
def tied():
    rng = np.random.default_rng(1)
    return np.round(rng.random((6, 7)), 1)  # one decimal: many ties within a row


def test_ranks_equal_pandas_ranks_with_ties(tied):
    assert (average_ranks(tied) == pd.DataFrame(tied).rank(axis=1, method="average").to_numpy()).all()
    assert (min_ranks(tied) == pd.DataFrame(tied).rank(axis=1, method="min", ascending=False).to_numpy()).all()
    assert average_ranks(np.array([[0.2, 0.5, 0.5]])).tolist() == [[1.0, 2.5, 2.5]]
    assert min_ranks(np.array([[0.2, 0.5, 0.5]])).tolist() == [[3, 1, 1]]


def test_rank_normalisation_runs_from_worst_to_best(tied):
    ranked = normalise(tied, "rank")
    assert ranked.min() >= 0 and ranked.max() <= 1
    assert normalise(np.array([[0.1, 0.3, 0.2]]), "rank").tolist() == [[0.0, 1.0, 0.5]]
    assert normalise(np.array([[0.4], [0.1]]), "rank").tolist() == [[1.0], [1.0]]  # one baseline item


def test_top_k_assignment_keeps_positive_scores_only():
    scores = np.array([[0.5, 0.0, 0.2], [0.0, 0.0, 0.0]])
    assert assign(scores, "vector", 2).tolist() == [[True, False, True], [False, False, False]]
    assert assign(scores, "set", 1).tolist() == [[True, False, True], [False, False, False]]
