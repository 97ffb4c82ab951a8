"""For the instructor guide only: every exercise's right answer, computed from the data.

Not imported by :mod:`icdd_analysis.teaching`, so a student's ``tc.`` + Tab does not offer it.
"""

from __future__ import annotations

import pandas as pd

from ..data import Dataset
from . import exercises as _exercises


def answer_key(ds: Dataset, lang: str = "en") -> pd.DataFrame:
    """Every exercise's right answer, computed from the data (for the instructor guide): its key (what
    ``tc.check`` takes), its name in ``lang`` and the answer."""
    from ..i18n import format_number, t

    rows = [
        ("variant-source", ", ".join(sorted(_exercises._variant_source(ds)))),
        ("stemming", ", ".join(sorted(_exercises._stemmed_to_bijak(ds)))),
        ("tfidf-links", str(_exercises._tfidf_linked_count(ds))),
        ("language-flip", ", ".join(sorted(_exercises._flipped_codes(ds)))),
        ("robust-claim", ", ".join(sorted(_exercises._robust_codes(ds)))),
        ("squeezed-cosine", format_number(_exercises._smallest_raw_cosine(ds), lang, decimals=2)),  # 0,83 in Indonesian
        ("coding", t("answer_key_coding", lang)),
    ]
    return pd.DataFrame([(key, t(f"exercise_title_{key.replace('-', '_')}", lang), answer) for key, answer in rows],
                        columns=["key", "exercise", "answer"])
