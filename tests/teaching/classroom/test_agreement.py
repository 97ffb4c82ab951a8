"""Agreement for a large class is vectorised: pairwise kappa equals scikit-learn's pair by pair."""

from __future__ import annotations

import numpy as np
import pytest

from icdd_analysis import stats, teaching as tc


def test_vectorised_kappa_equals_scikit_learn_pair_by_pair():
    rng = np.random.default_rng(8)
    cells = (rng.random((12, 56)) < 0.2).astype(float)
    cells[3] = 0.0  # a constant coder
    cells[4] = 0.0  # two constant coders: kappa undefined
    cells[5, :8] = np.nan  # a coder who skipped an item
    kappa = tc.pairwise_kappa(cells)
    for a in range(len(cells)):
        for b in range(len(cells)):
            both = ~np.isnan(cells[a]) & ~np.isnan(cells[b])
            expected = stats.cohen_kappa(cells[a][both].astype(int), cells[b][both].astype(int))
            assert (np.isnan(kappa[a, b]) and np.isnan(expected)) or kappa[a, b] == pytest.approx(expected, abs=1e-12)
    assert np.isnan(kappa[3, 4]) and kappa[0, 3] == pytest.approx(0.0)


def test_agreement_of_a_class_gives_a_full_kappa_table_or_skips_it(ds, tmp_path):
    rng = np.random.default_rng(0)
    items, codes = tc.compared_items(ds), [f"F{i}" for i in range(1, 8)]
    for s in range(60):
        rows = [f"{i},function,{c}" for i in items for c in rng.choice(codes, size=rng.integers(1, 3), replace=False)]
        (tmp_path / f"s{s:03d}.csv").write_text("item_id,frame_id,code\n" + "\n".join(rows) + "\n")
    codings = tc.read_class_codings(ds, tmp_path)
    result = tc.class_agreement(ds, codings)
    assert len(result["coders"]) == 61 and result["pairwise_kappa"].shape == (61, 61)
    flat = {n: codings[n].to_numpy(dtype=float).ravel().astype(int) for n in ("s000", "s001")}
    assert result["pairwise_kappa"].loc["s000", "s001"] == pytest.approx(stats.cohen_kappa(flat["s000"], flat["s001"]))
    skipped = tc.class_agreement(ds, codings, pairwise=False)
    assert skipped["pairwise_kappa"] is None and skipped["krippendorff_alpha"] == result["krippendorff_alpha"]
