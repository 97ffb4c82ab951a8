"""code_support reads the items, codings and codebook indexed once per Dataset: it gives what the tables give,
and a changed package (another Dataset object) is read afresh."""

from __future__ import annotations

from icdd_analysis.present import evidence


def _support_from_the_tables(ds, frame, item_id, code, lang):
    """code_support as it read the tables on every call (before the items, codings and codebook were indexed)."""
    codings = ds.codings[(ds.codings["item_id"] == item_id) & (ds.codings["frame_id"] == frame.base_id)]
    if frame.frame_id != frame.base_id:
        codings = codings[codings["code"].map(frame.base_codes.set_index("code")["parent_code"]) == code]
    else:
        codings = codings[codings["code"] == code]
    found = [{**evidence._evidence(ds, item_id, row.evidence_field, row.evidence_source_id), "basis": row.basis}
             for row in codings.itertuples() if isinstance(row.evidence_field, str) and row.evidence_field]
    best = min(found or [evidence.text_support(ds, item_id, lang)],
               key=lambda e: evidence.CONFIDENCE_LEVELS.index(e["level"]))
    book = ds.codebook
    rows = book[(book["frame_id"].astype(str) == str(frame.base_id))
                & book["code"].astype(str).isin(list(codings["code"]))]
    return {**best, "widened": bool(rows["widened"].fillna(False).astype(bool).any())}


def test_code_support_is_what_the_tables_say_for_every_item_code_frame_and_language(ds):
    from icdd_analysis.frames import frame_ids, get_frame

    checked = 0
    for frame_id in frame_ids(ds):
        frame = get_frame(ds, frame_id)
        parents = dict(zip(frame.base_codes["code"], frame.base_codes["parent_code"]))
        for number, item_id in enumerate(ds.agenda_items["item_id"]):
            mine = (ds.codings["item_id"] == item_id) & (ds.codings["frame_id"] == frame.base_id)
            coded = ds.codings.loc[mine, "code"]
            carried = {parents.get(c) if frame_id != frame.base_id else c for c in coded}
            lang = ("en", "id")[number % 2]
            for code in sorted(carried - {None}) + frame.code_ids[:1]:  # the item's codes and one it may not carry
                assert evidence.code_support(ds, frame, item_id, code, lang) == \
                    _support_from_the_tables(ds, frame, item_id, code, lang), (frame_id, item_id, code, lang)
                checked += 1
    assert checked > 200


def test_a_changed_package_is_read_afresh_not_from_the_first_ones_index(ds):
    import dataclasses

    from icdd_analysis.frames import get_frame

    frame = get_frame(ds, "function")
    row = ds.codings[(ds.codings["frame_id"] == "function") & ds.codings["evidence_field"].notna()].iloc[0]
    before = evidence.code_support(ds, frame, row["item_id"], row["code"], "en")  # fills ds's index
    items = ds.agenda_items.copy()
    level_column = evidence._FIELD_CONFIDENCE.get(str(row["evidence_field"]), "confidence")
    items[level_column] = items[level_column].astype(object)
    items.loc[items["item_id"] == row["item_id"], [level_column, "confidence"]] = "low"
    changed = dataclasses.replace(ds, agenda_items=items, codings=ds.codings[ds.codings.index != row.name])
    after = evidence.code_support(changed, frame, row["item_id"], row["code"], "en")
    assert after == _support_from_the_tables(changed, frame, row["item_id"], row["code"], "en")
    assert after != before
    assert evidence.code_support(ds, frame, row["item_id"], row["code"], "en") == before
