"""A side's items are chosen once per Dataset, scope, languages and unit; the items left out for lack of text are
named on every call all the same (the warning, or the error with on_missing="error"), never only the first time."""

from __future__ import annotations

import warnings

import pytest

import icdd_analysis as icdd
from icdd_analysis.errors import MissingTextError
from icdd_analysis.items import MissingTextWarning

LEFT_OUT = "icdd-2021: no id text for icdd-2021-panel-1, icdd-2021-panel-2, icdd-2021-panel-3, icdd-2021-panel-4"


def _compare(ds, **kwargs):
    return icdd.compare(ds, method="tfidf", lang="id", target_scope="focus_areas+panels+review", **kwargs)


def test_items_left_out_are_named_on_every_call(ds):
    for _ in range(3):
        with pytest.warns(MissingTextWarning, match=LEFT_OUT) as caught:
            cmp_ = _compare(ds)
        assert len([w for w in caught if issubclass(w.category, MissingTextWarning)]) == 1
        assert cmp_.target.left_out == ("icdd-2021-panel-1", "icdd-2021-panel-2", "icdd-2021-panel-3",
                                        "icdd-2021-panel-4")
        with pytest.raises(MissingTextError, match="they cannot be compared"):
            _compare(ds, on_missing="error")


def test_a_scope_with_nothing_left_raises_every_time_and_a_full_one_never_warns(ds):
    for _ in range(2):
        with pytest.raises(MissingTextError, match="nothing is left to compare"):
            icdd.compare(ds, method="tfidf", lang="id", target_scope="panel")
        with warnings.catch_warnings():
            warnings.simplefilter("error", MissingTextWarning)
            assert len(icdd.compare(ds, method="tfidf", lang="id", target_scope="focus_areas").target) == 5
