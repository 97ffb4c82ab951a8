"""Teaching helpers for the case study "From Jakarta to Bali": exercises, class codings, glossary.

English texts in the glossary are the project's translations unless the note says a wording is official.
"""

from __future__ import annotations

import csv
import dataclasses
from importlib import resources

import pandas as pd

from ..data import Dataset
from ..frames import get_frame
from ..i18n import check as check_lang
from ..narrative import cite, md_table
from .classroom import (ClassCodings, class_agreement, coding_matrix, example_folder, is_placeholder, pairwise_kappa,
                        read_class_codings, save_coding)
from .exercises import EXERCISES, Feedback, answer_key, check, compared_items

#: Words that the general Indonesian stop-list of stopwords-iso contains (the project's methods notes):
#: removing them breaks "kerja sama", "luar negeri" and "Usaha Mikro, Kecil, dan Menengah".
GENERAL_STOPLIST_EXCERPT = ("sama", "luar", "kecil", "besar", "umum", "baru", "tengah")

__all__ = [
    "ClassCodings", "EXERCISES", "Feedback", "GENERAL_STOPLIST_EXCERPT", "answer_key", "check", "class_agreement",
    "coding_matrix", "compared_items", "example_folder", "frame_table", "glossary_table", "is_placeholder",
    "naive_tokens", "pairwise_kappa", "read_class_codings", "save_coding", "variants_of_focus_areas",
    "with_variant_wording",
]


def glossary() -> pd.DataFrame:
    path = resources.files("icdd_analysis.teaching") / "glossary.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return pd.DataFrame(list(csv.DictReader(fh)))


def glossary_table(lang: str = "en") -> str:
    g = glossary()
    if check_lang(lang) == "id":
        g = g.rename(columns={"indonesian": "bahasa Indonesia", "english": "bahasa Inggris", "note": "catatan"})
    return md_table(g, lang)


def frame_table(ds: Dataset, frame: str, lang: str = "en") -> str:
    f = get_frame(ds, frame)
    return md_table(f.codes[["code", "label", "description_en"]].rename(columns={"description_en": "what it covers"}), lang)


def variants_of_focus_areas(ds: Dataset, lang: str = "en") -> str:
    v = ds.variants[ds.variants["record_id"].str.startswith("icdd-2021-fa-")]
    rows = pd.DataFrame({
        "item": v["record_id"], "field": v["field"], "value": v["value"],
        "preferred": v["preferred"].map(lambda p: "?" if pd.isna(p) else ("yes" if p else "no")),
        "confidence": v["confidence"].astype(str),
        "sources": [cite(a, b) for a, b in zip(v["source_id"], v["more_source_ids"])],
    })
    return md_table(rows, lang)


def with_variant_wording(ds: Dataset, source_id: str) -> Dataset:
    """A copy of the dataset whose focus areas read as ``source_id`` reports them (where it differs)."""
    v = ds.variants[(ds.variants["source_id"] == source_id) & ds.variants["record_id"].str.startswith("icdd-2021-fa-")
                    & (ds.variants["field"] == "text_id")]
    items = ds.agenda_items.copy()
    for record, value in zip(v["record_id"], v["value"]):
        items.loc[items["item_id"] == record, "text_id"] = value
    return dataclasses.replace(ds, agenda_items=items, _events={})


def naive_tokens(text: str, stoplist=GENERAL_STOPLIST_EXCERPT) -> list[str]:
    """What a general stop-list does to Indonesian when multiword expressions are not protected first."""
    return [w for w in text.lower().replace(",", " ").split() if w not in stoplist]
