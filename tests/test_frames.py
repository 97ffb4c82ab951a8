"""Reference frames: codes, derived basket level, keywords and the project coding."""

from __future__ import annotations

import pandas as pd
import pytest

from icdd_analysis import IcddError
from icdd_analysis.frames import frame_ids, get_frame, keywords, project_coding


def test_frames_and_their_sizes(ds):
    assert frame_ids(ds) == ["dw", "wsis", "gdc", "function", "dw-basket"]
    sizes = {f: len(get_frame(ds, f).codes) for f in frame_ids(ds)}
    assert sizes == {"dw": 48, "wsis": 11, "gdc": 5, "function": 7, "dw-basket": 7}
    assert get_frame(ds, "function").is_project and not get_frame(ds, "wsis").is_project
    assert get_frame(ds, "wsis").label("C11") == "International and regional cooperation"


def test_roll_up_lifts_issues_to_baskets(ds):
    frame = get_frame(ds, "dw-basket")
    matrix = pd.DataFrame({"data-governance": [True, False], "taxation": [False, False]}, index=["a", "b"])
    rolled = frame.roll_up(matrix)
    assert list(rolled.columns) == ["infrastructure", "cybersecurity", "human-rights", "legal", "economic",
                                    "development", "sociocultural"]
    assert rolled.loc["a", "legal"] and not rolled.loc["a", "economic"] and not rolled.loc["b"].any()


def test_keywords_are_bilingual_and_keep_multiword_expressions(ds):
    frame = get_frame(ds, "wsis")
    assert "kerja sama" in keywords(ds, frame, "id")["C11"]
    assert "regional cooperation" in keywords(ds, frame, "en")["C11"]
    every = ds.frame_keywords.groupby(["frame_id", "code"]).lang.nunique()
    assert (every == 2).all()  # every code has keywords in both languages


def test_every_agenda_item_is_coded_by_the_project(ds):
    coded = set(ds.codings["item_id"])
    assert coded == set(ds.agenda_items["item_id"])
    assert set(ds.codings["coder"]) == {"project-2026"}
    assert ds.codings["rationale"].str.len().gt(5).all()
    m = project_coding(ds, get_frame(ds, "function"), ["icdd-2021-fa-2", "rcdd-2019-session-2"])
    assert m.loc["icdd-2021-fa-2", "F3"] and m.loc["rcdd-2019-session-2", "F3"]


def test_unknown_frame_and_coder_name_the_valid_ones(ds):
    with pytest.raises(IcddError, match="unknown frame 'sdgs'; valid: dw, wsis"):
        get_frame(ds, "sdgs")
    with pytest.raises(IcddError, match="unknown coder 'me' for frame 'function'; coders: project-2026"):
        project_coding(ds, get_frame(ds, "function"), [], coder="me")


def test_frame_labels_are_verbatim_from_their_sources(ds):
    codes = ds.frame_codes.set_index(["frame_id", "code"])
    assert codes.loc[("gdc", "GDC4"), "label"] == "advance responsible, equitable and interoperable data governance approaches"
    assert codes.loc[("dw", "data-governance"), "label"] == "Data governance"
    assert codes.loc[("dw", "data-governance"), "source_id"] == "G2"
    assert set(codes.loc["function", "source_id"]) == {"P1"}
