"""The answer's readings (the project coding under every scope pair) are computed once per Dataset object:
the claims are those of the comparisons made afresh, a changed package gets its own, and the memo is bounded."""

from __future__ import annotations

import dataclasses

import icdd_analysis as icdd
from icdd_analysis.present import answer
from icdd_analysis.present.answer import answer_claims, reading_pairs, reading_statuses

from .conftest import GRID


def _claimed(claims) -> set:
    return {(c.code, c.status, c.pairs) for c in claims}


def _from_fresh_comparisons(ds, reference, rob) -> set:
    """The claims' codes, statuses and pairs from reading_statuses (every comparison made again)."""
    own = (reference.baseline.scope, reference.target.scope)
    pairs = reading_pairs(ds, "rcdd-2019", "icdd-2021", (own,) + tuple(rob.scopes))
    found: dict = {}
    for pair, statuses in reading_statuses(ds, reference, pairs).items():
        for code, status in statuses.items():
            if status in answer.STATUS_ORDER:
                found.setdefault((code, status), []).append(pair)
    return {(code, status, tuple(where)) for (code, status), where in found.items()}


def _study(ds):
    reference = icdd.compare(ds, "rcdd-2019", "icdd-2021", method="coding", frame="function",
                             baseline_scope="sessions", target_scope="focus_areas")
    rob = icdd.robustness(ds, "rcdd-2019", "icdd-2021", frame="function", baseline_scope="sessions",
                          target_scope="focus_areas", **GRID)
    return reference, rob


def test_a_changed_package_gets_its_own_readings(ds, reference, rob):
    before = answer_claims(ds, reference, rob)
    assert _claimed(answer_claims(ds, reference, rob)) == _claimed(before)
    assert _claimed(before) == _from_fresh_comparisons(ds, reference, rob)
    # Without the coding of the 2019 stated agenda beyond its sessions, the readings of the stated agenda change.
    items = ds.agenda_items.set_index("item_id")["kind"].astype(str)
    stated = {i for i, kind in items.items() if i.startswith("rcdd-2019") and kind != "session"}
    changed = dataclasses.replace(ds, codings=ds.codings[~(ds.codings["item_id"].isin(stated)
                                                            & (ds.codings["frame_id"] == "function"))])
    reference_, rob_ = _study(changed)
    after = answer_claims(changed, reference_, rob_)
    assert _claimed(after) == _from_fresh_comparisons(changed, reference_, rob_)
    assert _claimed(after) != _claimed(before)
    assert _claimed(answer_claims(ds, reference, rob)) == _claimed(before)


def test_the_readings_kept_are_bounded(ds, reference, rob, monkeypatch):
    monkeypatch.setattr(answer, "READINGS_KEPT", 2)
    fresh = dataclasses.replace(ds)  # another Dataset object: a memo of its own
    reference_, rob_ = _study(fresh)
    claims = answer_claims(fresh, reference_, rob_)
    assert _claimed(claims) == _from_fresh_comparisons(fresh, reference_, rob_)
    kept = answer.remembered(fresh, ("present.answer.readings",), dict)
    assert 0 < len(kept) <= 2
