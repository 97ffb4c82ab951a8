"""What the project coding of an item rests on: the text (field), its confidence level and its source.

Read by the answer's claims (:mod:`.answer`) and by the report's "In short" (:mod:`.robustness`). A study
asks for thousands of items' support: the items, codings and codebook are indexed once per Dataset
(:mod:`icdd_analysis.memo`; a Dataset is frozen, a changed package is another object with its own).
"""

from __future__ import annotations

import re

import pandas as pd

from ..data import Dataset
from ..memo import remembered


#: The data's confidence levels (its confidence columns), strongest first.
CONFIDENCE_LEVELS = ("high", "medium", "low")



#: The agenda_items column that holds the confidence of each text field an evidence can come from.
_FIELD_CONFIDENCE = {"text_en": "text_en_confidence", "text_id": "text_id_confidence",
                     "description_en": "description_confidence", "description_id": "description_confidence"}



_FIELD_SOURCE = {"text_en": "source_id", "text_id": "text_id_source_id", "description_en": "description_source_id",
                 "description_id": "description_source_id"}



def _items(ds: Dataset) -> pd.DataFrame:
    """agenda_items indexed by item id, once per Dataset (read only here)."""
    return remembered(ds, ("present.evidence.items",), lambda: ds.agenda_items.set_index("item_id"))


def _item(ds: Dataset, item_id: str) -> pd.Series:
    """``agenda_items.set_index("item_id").loc[item_id]``, each item's row looked up once per Dataset."""
    rows = remembered(ds, ("present.evidence.item_rows",), dict)  # at most one entry per item of the package
    try:
        return rows[item_id]
    except KeyError:
        row = rows[item_id] = _items(ds).loc[item_id]  # an unknown id raises KeyError, as it always did
        return row
    except TypeError:  # not hashable: as the table answers
        return _items(ds).loc[item_id]


def _codings(ds: Dataset) -> dict[tuple, list]:
    """The codings rows (as ``itertuples()`` gives them) of each (item_id, frame_id), once per Dataset."""
    def make() -> dict[tuple, list]:
        grouped: dict[tuple, list] = {}
        for row in ds.codings.itertuples():
            grouped.setdefault((row.item_id, row.frame_id), []).append(row)
        return grouped

    return remembered(ds, ("present.evidence.codings",), make)


def _widened_codes(ds: Dataset) -> frozenset | None:
    """(frame_id, code) of each codebook row marked widened, as strings, once per Dataset; None without a
    codebook or its ``widened`` column."""
    def make() -> frozenset | None:
        book = ds.codebook
        if book is None or "widened" not in book.columns:
            return None
        flagged = book[book["widened"].fillna(False).astype(bool)]
        return frozenset(zip(flagged["frame_id"].astype(str), flagged["code"].astype(str)))

    return remembered(ds, ("present.evidence.widened",), make)


def _equal(value, code) -> bool:
    """``value == code`` as a boolean mask reads it: a missing value (NA) is not equal."""
    same = value == code
    return same is not pd.NA and bool(same)


def _level(value) -> str | None:
    return str(value) if value is not None and not (not isinstance(value, str) and pd.isna(value)) and str(value) in CONFIDENCE_LEVELS else None



def _evidence(ds: Dataset, item_id: str, field_name: str, source_id=None) -> dict:
    """One text an item's code rests on: its field, confidence level and source.

    A text field has its own confidence and source columns (text_id: text_id_confidence and
    text_id_source_id); where they are empty, the row's. Evidence quoted from a cited source (the
    item's notes) takes the row's confidence and that source.
    """
    item = _item(ds, item_id)
    own_level = _level(item.get(_FIELD_CONFIDENCE[field_name])) if field_name in _FIELD_CONFIDENCE else None
    level = own_level or _level(item.get("confidence")) or "low"
    if own_level and pd.notna(item.get(_FIELD_SOURCE[field_name])):
        source = item.get(_FIELD_SOURCE[field_name])
    elif field_name not in _FIELD_CONFIDENCE and source_id is not None and pd.notna(source_id):
        source = source_id
    else:
        source = item.get("source_id")
    return {"item": item_id, "field": field_name, "level": level, "source": str(source) if pd.notna(source) else ""}



def code_support(ds: Dataset, frame, item_id: str, code: str, lang: str) -> dict:
    """The best-supported text by which ``item_id`` carries ``code`` in the project coding.

    Where codings.csv says which field its evidence comes from (``evidence_field``), that field's
    confidence counts; otherwise the item's text in ``lang``. An item coded by several rows (or
    several base codes of a derived frame) rests on the best of them: one good text is enough.
    """
    codings = _codings(ds).get((item_id, frame.base_id), ())
    if frame.frame_id != frame.base_id:
        parents = frame.parent_codes
        codings = [row for row in codings if _equal(parents.get(row.code), code)]
    else:
        codings = [row for row in codings if _equal(row.code, code)]
    found = []
    if "evidence_field" in ds.codings.columns:
        for row in codings:
            field_name = getattr(row, "evidence_field", None)
            if isinstance(field_name, str) and field_name:
                found.append({**_evidence(ds, item_id, field_name, getattr(row, "evidence_source_id", None)),
                              "basis": getattr(row, "basis", None)})
    if not found:
        found.append(text_support(ds, item_id, lang))
    best = min(found, key=lambda e: CONFIDENCE_LEVELS.index(e["level"]))
    return {**best, "widened": _widened(ds, frame.base_id, [row.code for row in codings])}



def _widened(ds: Dataset, frame_id: str, codes) -> bool:
    """Whether any of ``codes`` (of frame ``frame_id``) is applied by a project description wider than the
    frame's published wording (codebook.widened)."""
    flagged = _widened_codes(ds)
    return flagged is not None and any((str(frame_id), str(c)) in flagged for c in codes)



def text_support(ds: Dataset, item_id: str, lang: str) -> dict:
    """The item's text in ``lang`` (else English) as evidence: field, confidence level, source."""
    item = _item(ds, item_id)
    return _evidence(ds, item_id, f"text_{lang}" if pd.notna(item.get(f"text_{lang}")) else "text_en")



_COMPLETION = re.compile(r"\w\[[^\]]+\]")



def is_completed(text) -> bool:
    """Whether a text has the project's completion of a broken-off word in brackets (``SM[Es]``)."""
    return isinstance(text, str) and bool(_COMPLETION.search(text))



def text_basis(ds: Dataset, item_id: str, field_name: str) -> str | None:
    """``official``, ``press`` or ``our_translation`` for an English text field of an item (text_en_basis,
    description_en_basis); None for a field without a basis column (Indonesian texts are verbatim)."""
    column_name = f"{field_name}_basis"
    if column_name not in ds.agenda_items.columns:
        return None
    basis = _items(ds).at[item_id, column_name]
    return str(basis) if pd.notna(basis) else None
