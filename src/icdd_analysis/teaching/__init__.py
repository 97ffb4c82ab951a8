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
from ..escaping import Verbatim
from ..i18n import check as check_lang, format_number, t, value
from ..present import cite, md_table
from .classroom import (ClassCodings, class_agreement, coding_matrix, example_folder, is_placeholder, pairwise_kappa,
                        read_class_codings, save_coding)
# The answer key is in .instructor, which is not imported here: a student's `tc.` + Tab does not offer it.
from .exercises import EXERCISES, Feedback, check, compared_items

#: Words that the general Indonesian stop-list of stopwords-iso contains (the project's methods notes):
#: removing them breaks "kerja sama", "luar negeri" and "Usaha Mikro, Kecil, dan Menengah".
GENERAL_STOPLIST_EXCERPT = ("sama", "luar", "kecil", "besar", "umum", "baru", "tengah")

__all__ = [
    "ClassCodings", "EXERCISES", "Feedback", "GENERAL_STOPLIST_EXCERPT", "alpha_sentence", "check", "class_agreement",
    "coding_matrix", "compared_items", "continuity_by_wording", "example_folder", "frame_table", "glossary_table",
    "is_placeholder", "naive_tokens", "pairwise_kappa", "read_class_codings", "save_coding", "saved_sentence",
    "tokens_table", "uncoded_items_table", "variants_of_focus_areas", "with_variant_wording",
]


def glossary() -> pd.DataFrame:
    path = resources.files("icdd_analysis.teaching") / "glossary.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return pd.DataFrame(list(csv.DictReader(fh)))


def glossary_table(lang: str = "en") -> str:
    """The glossary: each term in Indonesian and English (kept in their language), and its note in ``lang``
    from the catalogue (message ``glossary_<key>``; a term without a note has no message)."""
    from ..i18n import has

    g = glossary()
    lang = check_lang(lang)
    notes = [t(f"glossary_{key}", lang) if has(f"glossary_{key}", lang) else "" for key in g["key"]]
    table = pd.DataFrame({"indonesian": [Verbatim(v, "id") for v in g["indonesian"]],
                          "english": [Verbatim(v, "en") for v in g["english"]], "note": notes})
    return md_table(table, lang)


def frame_table(ds: Dataset, frame: str, lang: str = "en") -> str:
    """The codes students code with: label and what each covers, in ``lang`` (frame_codes.label_id and
    description_id in Indonesian; where a description is missing in ``lang``, the codebook's definition)."""
    f = get_frame(ds, frame)
    lang = check_lang(lang)
    own = f"description_{lang}"
    book = (ds.codebook[ds.codebook["frame_id"] == f.base_id].set_index("code") if ds.codebook is not None
            else pd.DataFrame())
    covers = []
    for row in f.codes.to_dict("records"):
        text = row.get(own)
        if (not isinstance(text, str) or not text.strip()) and f"definition_{lang}" in book.columns and row["code"] in book.index:
            text = book.at[row["code"], f"definition_{lang}"]
        covers.append(text if isinstance(text, str) else "")
    table = pd.DataFrame({"code": f.codes["code"], "label": [f.label(c, lang) for c in f.codes["code"]],
                          "what it covers": covers})
    return md_table(table, lang)


def variants_of_focus_areas(ds: Dataset, lang: str = "en") -> str:
    v = ds.variants[ds.variants["record_id"].str.startswith("icdd-2021-fa-")]
    rows = pd.DataFrame({
        "item": v["record_id"], "field": [value("field", f, lang) for f in v["field"]],  # "Indonesian text"
        "value": [Verbatim(x, "id" if f.endswith("_id") else "en") for x, f in zip(v["value"], v["field"])],
        "preferred": v["preferred"].map(lambda p: t("unresolved" if pd.isna(p) else ("yes" if p else "no"), lang)),
        "confidence": v["confidence"].map(lambda c: t(str(c), lang)),
        "sources": [cite(a, b) for a, b in zip(v["source_id"], v["more_source_ids"])],
    })
    return md_table(rows, lang)


def with_variant_wording(ds: Dataset, source_id: str) -> Dataset:
    """A copy of the dataset whose focus areas read as ``source_id`` reports them (where it differs)."""
    v = ds.variants[(ds.variants["source_id"] == source_id) & ds.variants["record_id"].str.startswith("icdd-2021-fa-")
                    & (ds.variants["field"] == "text_id")]
    items = ds.agenda_items.copy()
    for record, wording in zip(v["record_id"], v["value"]):
        items.loc[items["item_id"] == record, "text_id"] = wording
    return dataclasses.replace(ds, agenda_items=items, _events={})


def naive_tokens(text: str, stoplist=GENERAL_STOPLIST_EXCERPT) -> list[str]:
    """What a general stop-list does to Indonesian when multiword expressions are not protected first."""
    return [w for w in text.lower().replace(",", " ").split() if w not in stoplist]


# --- results as sentences and small tables (never a raw dict) -------------------------------------------


def continuity_by_wording(comparisons: dict, lang: str = "en") -> str:
    """A table of each code's continuity status (rows) under each wording (columns: label -> Comparison)."""
    columns = {label: dict(zip(c.continuity["code"], c.continuity["status"])) for label, c in comparisons.items()}
    codes = list(dict.fromkeys(code for statuses in columns.values() for code in statuses))
    table = pd.DataFrame({"code": codes, **{label: [t(statuses.get(code, "absent"), lang) for code in codes]
                                            for label, statuses in columns.items()}})
    return md_table(table, lang)


def uncoded_items_table(comparisons: dict, lang: str = "en") -> str:
    """For each text language (label -> Comparison), the items that got no code at all."""
    rows = []
    for label, cmp_ in comparisons.items():
        coded = {**cmp_.codes["baseline"].any(axis=1).to_dict(), **cmp_.codes["target"].any(axis=1).to_dict()}
        rows.append({"language": label, t("items_without_code", lang): ", ".join(i for i, has in coded.items() if not has)
                     or t("none", lang)})
    return md_table(pd.DataFrame(rows), lang)


def tokens_table(rows: dict, lang: str = "en") -> str:
    """Tokenisations side by side: {message key (e.g. 'general_stoplist'): list of tokens}."""
    return md_table(pd.DataFrame({"": [t(key, lang) for key in rows],
                                  "tokens": [" · ".join(tokens) for tokens in rows.values()]}), lang)


def alpha_sentence(result: dict, lang: str = "en") -> str:
    """'Krippendorff's alpha over 4 coders: 0.62.' in ``lang``."""
    return t("class_alpha", lang, n=len(result["coders"]), alpha=format_number(result["krippendorff_alpha"], lang, decimals=2))


def saved_sentence(path, lang: str = "en") -> str:
    return t("saved_to", lang, path=path)
