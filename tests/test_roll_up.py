"""Frame.roll_up lifts a boolean items x base codes matrix with numpy: the same table, to its types and axis
names, as the grouping by parent code it replaces (which still serves the odd shapes)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from icdd_analysis.frames import frame_ids, get_frame


def _grouped(frame, matrix: pd.DataFrame) -> pd.DataFrame:
    """roll_up as it was: group the base codes by their parent code."""
    if frame.frame_id == frame.base_id:
        return matrix.reindex(columns=frame.code_ids, fill_value=False)
    parent = frame.base_codes.set_index("code")["parent_code"]
    rolled = matrix.T.groupby(parent.reindex(matrix.columns)).any().T
    return rolled.reindex(columns=frame.code_ids, fill_value=False)


def _matrices(frame, rng):
    codes = list(frame.base_codes["code"])
    for n in (1, 2, 8, 30):
        for share in (0.0, 0.1, 0.5, 1.0):
            index = pd.Index([f"item-{i}" for i in range(n)], name="item_id" if n % 2 else None)
            yield pd.DataFrame(rng.random((n, len(codes))) < share, index=index, columns=codes)
            some = list(rng.permutation(codes)[: max(1, len(codes) // 3)]) + ["not-a-code"]
            yield pd.DataFrame(rng.random((n, len(some))) < share, index=index, columns=some)
    yield pd.DataFrame(np.zeros((0, len(codes)), dtype=bool), columns=codes)  # no items
    yield pd.DataFrame([[True]], columns=["not-a-code"])  # no code of the frame
    yield pd.DataFrame(rng.integers(0, 2, (3, len(codes))), columns=codes)  # 0/1, not booleans


def test_roll_up_is_the_grouping_by_parent_code_for_every_frame(ds):
    rng = np.random.default_rng(7)
    checked = 0
    for frame_id in frame_ids(ds):
        frame = get_frame(ds, frame_id)
        for matrix in _matrices(frame, rng):
            pd.testing.assert_frame_equal(frame.roll_up(matrix), _grouped(frame, matrix), check_exact=True,
                                          check_names=True, check_column_type=True, check_index_type=True)
            checked += 1
    assert checked > 100

