"""A Frame's lookups (each code's row, its parent codes, its columns) are built once from its fields: labels are
what the codes table says, an unknown code still raises, and a pickled Frame carries its fields only."""

from __future__ import annotations

import pickle

import pytest

from icdd_analysis.frames import frame_ids, get_frame


def _label_from_the_table(frame, code, lang):
    row = frame.codes.set_index("code").loc[code]
    translated = row.get(f"label_{lang}") if lang != "en" else None
    return str(translated) if isinstance(translated, str) and translated.strip() else str(row["label"])


def test_labels_are_the_tables_in_every_frame_and_language(ds):
    for frame_id in frame_ids(ds):
        frame = get_frame(ds, frame_id)
        for code in frame.code_ids:
            for lang in ("en", "id", "fr"):
                assert frame.label(code, lang) == _label_from_the_table(frame, code, lang), (frame_id, code, lang)
        with pytest.raises(KeyError):
            frame.label("not-a-code")


def test_a_pickled_frame_carries_its_fields_not_its_lookups(ds):
    frame = get_frame(ds, "dw-basket")
    labels = [frame.label(c, "id") for c in frame.code_ids]
    assert frame.parent_codes is frame.parent_codes  # built once
    with pytest.raises(ValueError):  # and shared: read-only
        frame.parent_codes.iloc[0] = "changed"
    copy = pickle.loads(pickle.dumps(frame))
    assert set(copy.__dict__) == {"frame_id", "base_id", "name", "kind", "codes", "base_codes", "names"}
    assert [copy.label(c, "id") for c in copy.code_ids] == labels
