"""check_comparable remembers a check that passed, per Dataset object: a changed package is checked afresh,
and a check that fails raises every time."""

from __future__ import annotations

import dataclasses

import pytest

from icdd_analysis.analysis import NotComparableError, check_comparable


def test_a_passed_check_is_not_carried_over_to_a_changed_package(ds):
    check_comparable(ds, "rcdd-2019", "icdd-2021", "wsis", needs_coding=True)  # passes, and is remembered for ds
    without = dataclasses.replace(ds, codings=ds.codings[ds.codings["frame_id"] != "wsis"])
    for _ in range(2):
        with pytest.raises(NotComparableError, match="'wsis' has no codings"):
            check_comparable(without, "rcdd-2019", "icdd-2021", "wsis", needs_coding=True)
    check_comparable(without, "rcdd-2019", "icdd-2021", "wsis")  # without the coding it passes
    check_comparable(ds, "rcdd-2019", "icdd-2021", "wsis", needs_coding=True)


def test_a_failed_check_raises_every_time(ds):
    for _ in range(2):
        with pytest.raises(NotComparableError, match="same event"):
            check_comparable(ds, "rcdd-2019", "rcdd-2019")
