"""Consistent by construction: the answer at the top of a comparison report and the continuity table below it
come from one result, so under every reading of the bundled data they give each function the same status."""

from __future__ import annotations

import itertools

import pytest

from icdd_analysis.errors import IcddError
from icdd_analysis.items import scopes_for
from icdd_analysis.study import CompareRequest
from icdd_analysis.study.run import run

#: The statuses the answer states (a code absent from both agendas is not a claim).
CLAIMED = ("continued", "new", "dropped")


def _combinations(ds):
    base = CompareRequest()
    for frame, text_lang in itertools.product(base.choices(ds, "frame"), ("en", "id", "both")):
        # The scopes a reader picks: each event's presets (a single item kind is a finer cut of the same items).
        for baseline_scope in scopes_for(ds, base.baseline):
            for target_scope in scopes_for(ds, base.target):
                yield CompareRequest(method="coding", frame=frame, text_lang=text_lang, n_permutations=1,
                                     baseline_scope=baseline_scope, target_scope=target_scope)


@pytest.mark.slow
def test_the_answer_and_the_continuity_table_agree_under_every_reading(ds):
    checked, refused = 0, 0
    for request in _combinations(ds):
        try:
            results = run(ds, request)
        except IcddError:  # a combination the study refuses (the page would say why); nothing to compare
            refused += 1
            continue
        table = {(code, status) for code, status in zip(results.reference.continuity["code"],
                                                         results.reference.continuity["status"]) if status in CLAIMED}
        shown = {(code, status) for code, status in zip(results.comparisons[0].continuity["code"],
                                                         results.comparisons[0].continuity["status"])
                 if status in CLAIMED}
        answer = {(claim.code, claim.status) for claim in results.claims if claim.default}
        assert answer == table == shown, request
        checked += 1
    assert checked >= 50 and refused < checked, (checked, refused)
