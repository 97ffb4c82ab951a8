"""The codebook and the general coding rules as Markdown tables (the teaching notebooks, the instructor guides
and the data dictionary show them)."""

from __future__ import annotations

import pandas as pd

from ..data import Dataset
from ..i18n import check, t
from .display import cite, md_table
from .labels import is_missing


#: Headers of the codebook tables (English; md_table shows them in the report's language from the catalogue).
_CODEBOOK_HEADERS = ("frame", "code", "label", "definition", "counts", "does not count", "published wording",
                     "widened (project description)", "rule", "what it says", "example")



def codebook_table(ds: Dataset, lang: str, frames=None, used_only: bool = False) -> str:
    """The codebook as a Markdown table in ``lang``: definition, decision rules with example items,
    the published wording with its source, and how the project widened it.

    ``frames`` limits the rows to some frame ids; ``used_only`` to the codes the project coding uses.
    The Indonesian columns are the project's translation (codebook.id_basis).
    """
    lang = check(lang)
    book = ds.codebook
    if book is None:
        return t("no_codebook", lang)
    if frames is not None:
        book = book[book["frame_id"].isin([frames] if isinstance(frames, str) else list(frames))]
    if used_only:
        used = set(zip(ds.codings["frame_id"].astype(str), ds.codings["code"].astype(str)))
        book = book[[(f, c) in used for f, c in zip(book["frame_id"], book["code"])]]
    h = _CODEBOOK_HEADERS

    def with_example(rule, item) -> str:
        return str(rule) if is_missing(item) else f"{rule} ({t('example_prefix', lang)} {item})"

    def published(row) -> str:
        text = row[f"published_definition_{lang}"]
        return "" if is_missing(text) else f"{text} {cite(row['source_id'])}"

    rows = [{h[0]: r["frame_id"], h[1]: r["code"], h[2]: r[f"label_{lang}"], h[3]: r[f"definition_{lang}"],
             h[4]: with_example(r[f"includes_{lang}"], r["include_example_item_id"]),
             h[5]: with_example(r[f"excludes_{lang}"], r["exclude_example_item_id"]),
             h[6]: published(r), h[7]: "" if is_missing(r[f"widened_note_{lang}"]) else r[f"widened_note_{lang}"]}
            for _, r in book.iterrows()]
    frame = pd.DataFrame(rows, columns=list(h[:8]))
    return md_table(frame.loc[:, (frame != "").any(axis=0)], lang)



def coding_rules_table(ds: Dataset, lang: str) -> str:
    """The general coding rules (R1, R2, ...) as a Markdown table in ``lang``."""
    lang = check(lang)
    if ds.coding_rules is None:
        return t("no_coding_rules", lang)
    h = _CODEBOOK_HEADERS
    rules = ds.coding_rules
    frame = pd.DataFrame({h[8]: rules["rule"], h[9]: rules[f"text_{lang}"], h[10]: rules["example_item_id"]})
    return md_table(frame, lang)
